//! Word in, Word out: the .docx reader, bad .docx input, and `--annotate`.
//!
//! The fixtures are made by `fixtures/docx/make_fixtures.py` (hand-written
//! XML, committed together with the generated files and their Markdown
//! twins). The annotated copies are checked three ways: with gwlint's own
//! reader (re-reading gives the same findings minus the fixed ones), with an
//! independent reader (python-docx + lxml in a virtualenv the test creates,
//! `tests/docx_reader.py`), and rendered by LibreOffice to PDF and PNG
//! (`target/artifacts/`). The Python and LibreOffice tests skip with a message
//! where the tools are missing, and fail instead when `CI=true`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use gwlint::load::docx::{self, DocxLimits};
use gwlint::load::{LoadError, SourceFile};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("fixtures/docx").join(name)
}

fn gwlint() -> Command {
    let mut c = Command::cargo_bin("gwlint").expect("binary");
    c.current_dir(root());
    c.env("SOURCE_DATE_EPOCH", "1736150400");
    c
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Skips (returns false) with a message, or fails under CI.
fn require(ok: bool, what: &str) -> bool {
    if !ok {
        assert!(!in_ci(), "{what} is required when CI=true");
        eprintln!("skipped: {what} is not available");
    }
    ok
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// (code, line, message) of each finding, file names left out.
fn findings(v: &serde_json::Value) -> Vec<(String, u64, String, String)> {
    let mut out: Vec<_> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap_or("");
            let stem = Path::new(file)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .split('.')
                .next()
                .unwrap_or("")
                .to_string();
            (
                stem,
                d["line"].as_u64().unwrap_or(0),
                d["code"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn read(name: &str) -> SourceFile {
    let p = fixture(name);
    SourceFile::load(&p, name.to_string()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn text_view_is_the_markdown_twin() {
    for name in ["annex", "report", "lists", "missing_levels"] {
        let src = read(&format!("{name}.docx"));
        let md = std::fs::read_to_string(fixture(&format!("{name}.md"))).expect("twin");
        assert_eq!(src.text, md, "{name}.docx text view");
    }
}

#[test]
fn word_places_and_comments_in_the_map() {
    let src = read("annex.docx");
    let map = src.docx.as_ref().expect("docx map");
    let at = |needle: &str| src.text.find(needle).expect(needle);
    assert_eq!(
        map.place(at("新增城镇就业")).unwrap().to_string(),
        "第 6 段"
    );
    assert_eq!(
        map.place(at("区民政局")).unwrap().to_string(),
        "表格 1 第 5 行第 4 列"
    );
    // The colleague's comment, with its range in the view.
    let c = map
        .comments
        .iter()
        .find(|c| c.author == "张三")
        .expect("comment");
    assert_eq!(c.text, "请核实“放管服”的表述");
    assert_eq!(&src.text[c.range.clone().expect("range")], "“放管服”");
    // Tracked changes read as accepted; field codes never text.
    assert!(src.text.contains("建设智慧停车场5处"));
    assert!(!src.text.contains("项目") && !src.text.contains("DOCPROPERTY"));
    // Every mapped byte is the same character in the run it maps to.
    for s in &map.segs {
        let run = &map.runs[s.run];
        if let docx::ChildKind::Text(t) = &run.children[s.child].kind {
            assert_eq!(t.len(), s.view.len());
        }
    }
}

#[test]
fn task_table_with_merged_cells_becomes_tasks() {
    let src = read("annex.docx");
    let doc = gwlint::parse::parse(0, &src, &Default::default());
    let header = src.text.find("| 序号").expect("table header");
    let table_tasks: Vec<_> = doc.tasks.iter().filter(|t| t.span.start > header).collect();
    assert_eq!(table_tasks.len(), 3, "{:#?}", doc.tasks);
    let v = json(
        &gwlint()
            .args(["inspect", "fixtures/docx/annex.docx"])
            .output()
            .unwrap(),
    );
    // The merged 牵头单位 cell leads both of its rows.
    let led = v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| {
            t["lead"]
                .as_array()
                .is_some_and(|l| l.iter().any(|u| u == "区教育和体育局"))
        })
        .count();
    assert_eq!(led, 2, "{v}");
}

#[test]
fn folder_of_word_drafts_gives_the_markdown_findings() {
    let dir = tempfile::tempdir().unwrap();
    let (w, m) = (dir.path().join("word"), dir.path().join("md"));
    std::fs::create_dir_all(&w).unwrap();
    std::fs::create_dir_all(&m).unwrap();
    for n in ["annex", "report"] {
        std::fs::copy(fixture(&format!("{n}.docx")), w.join(format!("{n}.docx"))).unwrap();
        std::fs::copy(fixture(&format!("{n}.md")), m.join(format!("{n}.md"))).unwrap();
    }
    let run = |d: &Path| {
        json(
            &gwlint()
                .arg("check")
                .arg(d)
                .args(["--format", "json"])
                .output()
                .unwrap(),
        )
    };
    let (a, b) = (run(&w), run(&m));
    assert_eq!(a["summary"]["files_checked"], 2);
    let fa = findings(&a);
    assert!(fa.len() >= 8, "{fa:#?}");
    assert_eq!(fa, findings(&b));
    // The .docx findings name their Word place.
    let notes = a["diagnostics"].to_string();
    assert!(notes.contains("Word 位置：第 6 段"), "{notes}");
    assert!(
        notes.contains("Word 位置：表格 1 第 5 行第 3 列"),
        "{notes}"
    );
}

#[test]
fn numbering_formats_restarts_and_overrides() {
    let src = read("lists.docx");
    assert!(
        src.text.contains(
            "①带圈数字第一项\n\n甲.天干第一项\n\n乙.天干第二项\n\n②带圈数字第二项\n\n甲.天干重新开始"
        ),
        "{}",
        src.text
    );
    assert!(src.text.contains("5.从五开始的列表\n\n6.继续"));
}

#[test]
fn missing_numbering_levels_warn_and_read_the_rest() {
    let out = gwlint()
        .args(["check", "fixtures/docx/missing_levels.docx"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("没有第 5 级的定义"), "{err}");
    assert!(err.contains("numId=9 在 numbering.xml 中不存在"), "{err}");
    assert!(out.status.code().unwrap() <= 1, "{err}");
}

/// Each bad input: its message, its exit code, never a panic.
#[test]
fn bad_inputs_have_a_message_and_an_exit_code() {
    let cases = [
        ("empty.docx", 3, "文件为空"),
        ("not_zip.docx", 4, "不是 zip 压缩包"),
        ("truncated.docx", 5, "文件可能被截断"),
        ("no_document.docx", 6, "没有 word/document.xml"),
        (
            "malformed.docx",
            7,
            "word/document.xml 第 4 行 XML 格式错误",
        ),
        ("legacy.doc", 2, "另存为"),
        ("legacy.wps", 2, "另存为"),
        ("encrypted.docx", 2, "已加密"),
    ];
    for (name, code, msg) in cases {
        let out = gwlint()
            .arg("check")
            .arg(format!("fixtures/docx/bad/{name}"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{name}: {err}");
        assert!(err.contains(msg), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

#[test]
fn folder_lists_unreadable_word_files_as_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("annex.docx"), dir.path().join("annex.docx")).unwrap();
    std::fs::copy(fixture("bad/legacy.doc"), dir.path().join("旧稿.doc")).unwrap();
    std::fs::copy(fixture("bad/legacy.wps"), dir.path().join("旧稿.wps")).unwrap();
    // Word's lock file of an open document is not a document.
    std::fs::write(dir.path().join("~$annex.docx"), b"\x05owner").unwrap();
    let out = gwlint()
        .arg("check")
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["summary"]["files_checked"], 1);
    let skipped = v["skipped"].to_string();
    assert_eq!(v["summary"]["files_skipped"], 2, "{skipped}");
    assert!(skipped.contains("旧稿.doc") && skipped.contains("旧稿.wps"));
    assert!(skipped.contains("另存为"));
    assert_eq!(out.status.code(), Some(2));

    // A run that checked no file at all exits 2.
    let empty = tempfile::tempdir().unwrap();
    let out = gwlint().arg("check").arg(empty.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有检查任何文件"));
}

/// A zip written by hand, so that sizes can lie.
fn raw_zip(name: &str, method: u16, data: &[u8], declared: u32) -> Vec<u8> {
    let mut z = Vec::new();
    let n = name.as_bytes();
    let local = |z: &mut Vec<u8>, sig: &[u8]| {
        z.extend_from_slice(sig);
    };
    local(&mut z, b"PK\x03\x04");
    for v in [20u16, 0, method, 0, 0] {
        z.extend_from_slice(&v.to_le_bytes());
    }
    z.extend_from_slice(&0u32.to_le_bytes()); // crc: never reached
    z.extend_from_slice(&(data.len() as u32).to_le_bytes());
    z.extend_from_slice(&declared.to_le_bytes());
    z.extend_from_slice(&(n.len() as u16).to_le_bytes());
    z.extend_from_slice(&0u16.to_le_bytes());
    z.extend_from_slice(n);
    z.extend_from_slice(data);
    let cd = z.len();
    z.extend_from_slice(b"PK\x01\x02");
    for v in [20u16, 20, 0, method, 0, 0] {
        z.extend_from_slice(&v.to_le_bytes());
    }
    z.extend_from_slice(&0u32.to_le_bytes());
    z.extend_from_slice(&(data.len() as u32).to_le_bytes());
    z.extend_from_slice(&declared.to_le_bytes());
    z.extend_from_slice(&(n.len() as u16).to_le_bytes());
    for v in [0u16, 0, 0, 0] {
        z.extend_from_slice(&v.to_le_bytes());
    }
    z.extend_from_slice(&0u32.to_le_bytes());
    z.extend_from_slice(&0u32.to_le_bytes());
    z.extend_from_slice(n);
    let cd_len = z.len() - cd;
    z.extend_from_slice(b"PK\x05\x06");
    for v in [0u16, 0, 1, 1] {
        z.extend_from_slice(&v.to_le_bytes());
    }
    z.extend_from_slice(&(cd_len as u32).to_le_bytes());
    z.extend_from_slice(&(cd as u32).to_le_bytes());
    z.extend_from_slice(&0u16.to_le_bytes());
    z
}

/// Raw deflate of `n` zero bytes, not final (more blocks may follow).
fn deflate_zeros(n: usize) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(&vec![0u8; n]).unwrap();
    e.flush().unwrap();
    e.finish().unwrap()
}

#[test]
fn zip_bombs_are_refused_before_inflating() {
    let limits = DocxLimits::default();
    // 1 GiB declared: refused on the declared size. The data after the first
    // block is garbage, so any attempt to inflate would report damage instead.
    let mut data = deflate_zeros(1 << 16);
    data.extend_from_slice(&[0xFF; 4096]);
    let bomb = raw_zip("word/document.xml", 8, &data, 1 << 30);
    match docx::read(&bomb, &limits) {
        Err(LoadError::DocxTooLarge { size, .. }) => assert_eq!(size, 1 << 30),
        other => panic!("{other:?}"),
    }
    // A size that lies (declared 1,000 bytes, inflates to 64 KiB): at most
    // 1,001 bytes are inflated.
    let liar = raw_zip("word/document.xml", 8, &deflate_zeros(1 << 16), 1000);
    match docx::read(&liar, &limits) {
        Err(LoadError::DocxDamaged { reason }) => assert!(reason.contains("声明"), "{reason}"),
        other => panic!("{other:?}"),
    }
    // A ratio far beyond any real document (50 MiB of zeros).
    let zeros = deflate_zeros(50 << 20);
    let ratio = raw_zip("word/document.xml", 8, &zeros, 50 << 20);
    assert!(matches!(
        docx::read(&ratio, &limits),
        Err(LoadError::DocxRatio { .. })
    ));
    // Both limits are configurable, and the CLI answers with exit code 8.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bomb.docx");
    std::fs::write(&p, &bomb).unwrap();
    let out = gwlint().arg("check").arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(8));
    assert!(String::from_utf8_lossy(&out.stderr).contains("压缩炸弹"));
    let out = gwlint()
        .args([
            "check",
            "fixtures/docx/annex.docx",
            "--docx-max-inflated",
            "2000",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8));
    let out = gwlint()
        .args([
            "check",
            "fixtures/docx/annex.docx",
            "--docx-max-inflated",
            "100000000",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

/// A minimal package around a body.
fn docx_with_body(body: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    w.start_file("[Content_Types].xml", o).unwrap();
    w.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    w.start_file("_rels/.rels", o).unwrap();
    w.write_all(br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#).unwrap();
    w.start_file("word/document.xml", o).unwrap();
    write!(w, r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#).unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn ten_thousand_row_table() {
    let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
    let mut body = String::from("<w:tbl><w:tr>");
    for h in ["序号", "重点工作", "牵头单位", "责任单位", "完成时限"] {
        body.push_str(&cell(h));
    }
    body.push_str("</w:tr>");
    for i in 1..=10_000 {
        body.push_str("<w:tr>");
        body.push_str(&cell(&i.to_string()));
        body.push_str(&cell(&format!("完成第{i}项改造任务")));
        body.push_str(&cell("区住房城乡建设局"));
        body.push_str(&cell("各街镇"));
        body.push_str(&cell("12月底"));
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    let bytes = docx_with_body(&body);
    let src = SourceFile::from_docx(
        "big.docx".into(),
        "big.docx".into(),
        &bytes,
        &DocxLimits::default(),
    )
    .expect("reads");
    assert_eq!(src.text.lines().count(), 10_002);
    let doc = gwlint::parse::parse(0, &src, &Default::default());
    assert_eq!(doc.tasks.len(), 10_000);
    let map = src.docx.as_ref().unwrap();
    let last = src.text.rfind("区住房城乡建设局").unwrap();
    assert_eq!(
        map.place(last).unwrap().to_string(),
        "表格 1 第 10001 行第 3 列"
    );
}

#[test]
fn fix_on_word_is_refused_and_points_to_annotate() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("草稿.docx");
    std::fs::copy(fixture("annex.docx"), &p).unwrap();
    let before = std::fs::read(&p).unwrap();
    let out = gwlint().arg("check").arg(&p).arg("--fix").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--annotate"));
    assert_eq!(std::fs::read(&p).unwrap(), before);
    // --annotate onto the input itself is refused too.
    let out = gwlint()
        .arg("check")
        .arg(&p)
        .arg("--annotate")
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&p).unwrap(), before);
}

/// Annotates annex + report into `dir`; returns the original findings.
fn annotate(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    for n in ["annex", "report"] {
        std::fs::copy(fixture(&format!("{n}.docx")), src.join(format!("{n}.docx"))).unwrap();
    }
    let before: Vec<Vec<u8>> = ["annex", "report"]
        .iter()
        .map(|n| std::fs::read(src.join(format!("{n}.docx"))).unwrap())
        .collect();
    let out = gwlint()
        .arg("check")
        .arg(&src)
        .args(["--format", "json", "--annotate"])
        .arg(dir.join("out"))
        .args(extra)
        .output()
        .unwrap();
    let v = json(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("已写出"), "{err}");
    // The originals are never modified.
    for (n, b) in ["annex", "report"].iter().zip(before) {
        assert_eq!(std::fs::read(src.join(format!("{n}.docx"))).unwrap(), b);
    }
    v
}

#[test]
fn annotated_copy_reread_gives_the_findings_minus_the_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let original = annotate(dir.path(), &[]);
    let out_dir = dir.path().join("out");
    assert!(out_dir.join("annex.审阅.docx").exists());
    let again = json(
        &gwlint()
            .arg("check")
            .arg(&out_dir)
            .args(["--format", "json"])
            .output()
            .unwrap(),
    );
    let fixed: Vec<_> = findings(&original)
        .into_iter()
        .filter(|f| f.2 != "P001")
        .collect();
    assert_eq!(findings(&original).len(), fixed.len() + 2);
    assert_eq!(findings(&again), fixed);

    // gwlint's reader sees one gwlint comment per finding, on the flagged
    // characters.
    let src = SourceFile::load(&out_dir.join("annex.审阅.docx"), "a".into()).unwrap();
    let map = src.docx.as_ref().unwrap();
    let ours: Vec<_> = map
        .comments
        .iter()
        .filter(|c| c.author == "gwlint")
        .collect();
    let in_annex = original["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap().ends_with("annex.docx"))
        .count();
    assert_eq!(ours.len(), in_annex);
    let x001 = ours.iter().find(|c| c.text.starts_with("[X001]")).unwrap();
    assert_eq!(&src.text[x001.range.clone().unwrap()], "5.8%");
    // The cross-document finding names the report's place.
    assert!(x001.text.contains("report.docx 第 5 段"), "{}", x001.text);
}

/// python-docx in a virtualenv under target/, made once.
fn python_docx() -> Option<PathBuf> {
    let venv = root().join("target/docx-venv");
    let py = venv.join("bin/python");
    let ok = |py: &Path| {
        Command::new(py)
            .args(["-c", "import docx, lxml"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if ok(&py) {
        return Some(py);
    }
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .output()
        .is_ok_and(|o| o.status.success());
    if !made {
        return None;
    }
    let _ = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "python-docx"])
        .output();
    ok(&py).then_some(py)
}

fn independent_read(py: &Path, file: &Path) -> serde_json::Value {
    let out = Command::new(py)
        .arg(root().join("tests/docx_reader.py"))
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn independent_reader_sees_comments_and_tracked_changes() {
    let Some(py) = python_docx() else {
        require(false, "python3 -m venv with python-docx from PyPI");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let original = annotate(dir.path(), &[]);
    let v = independent_read(&py, &dir.path().join("out/annex.审阅.docx"));
    let comments = v["comments"].as_array().unwrap();
    let ours: Vec<_> = comments
        .iter()
        .filter(|c| c["author"] == "gwlint")
        .collect();
    // One comment per finding of the file, on exactly the flagged text.
    let expected = [
        ("[X001]", "5.8%"),
        ("[T001]", "新增城镇就业3400人。"),
        ("[P001]", "，"),
        ("[T002]", "3新增养老床位200张区民政局12月底"),
    ];
    let n_annex = findings(&original)
        .iter()
        .filter(|f| f.0 == "annex")
        .count();
    assert_eq!(ours.len(), n_annex, "{comments:#?}");
    for (code, text) in expected {
        let c = ours
            .iter()
            .find(|c| c["text"].as_str().unwrap().starts_with(code))
            .unwrap_or_else(|| panic!("{code}: {comments:#?}"));
        assert_eq!(c["anchored"], text, "{code}");
    }
    // Table findings sit in their cell.
    assert!(ours
        .iter()
        .any(|c| c["text"].as_str().unwrap().starts_with("[X005]") && c["anchored"] == "3"));
    // The colleague's comment is kept where it was.
    let theirs = comments.iter().find(|c| c["author"] == "张三").unwrap();
    assert_eq!(theirs["anchored"], "“放管服”");
    // The safe fix is a tracked change by gwlint inside its comment.
    let p001 = ours
        .iter()
        .find(|c| c["text"].as_str().unwrap().starts_with("[P001]"))
        .unwrap();
    assert_eq!(p001["deleted"], ",");
    assert_eq!(p001["inserted"], "，");
    let ins: Vec<_> = v["insertions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["author"] == "gwlint")
        .collect();
    assert_eq!(ins.len(), 1);
    // Accepting the changes gives the corrected text; formatting (the bold
    // run) is kept around the split.
    let accepted = v["accepted"].as_str().unwrap();
    assert!(
        accepted.contains("推进老旧小区改造，完成改造30个"),
        "{accepted}"
    );
    assert!(accepted.contains("建设智慧停车场5处"));
    assert_eq!(v["tables"], 1);
}

#[test]
fn unsafe_fixes_only_with_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("稿.docx");
    // 的的 is split across two runs, the second one bold.
    std::fs::write(
        &p,
        docx_with_body(
            "<w:p><w:r><w:t>夯实高质量发展的</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>的基础，推进改革。</w:t></w:r></w:p>",
        ),
    )
    .unwrap();
    for (flag, expect) in [
        (None, "发展的的基础"),
        (Some("--unsafe-fixes"), "发展的基础"),
    ] {
        let out = dir.path().join("审阅.docx");
        let mut c = gwlint();
        c.arg("check")
            .arg(&p)
            .args(["--select", "R002", "--annotate"])
            .arg(&out);
        if let Some(f) = flag {
            c.arg(f);
        }
        let o = c.output().unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let src = SourceFile::load(&out, "a".into()).unwrap();
        assert!(src.text.contains(expect), "{flag:?}: {}", src.text);
        let c = &src.docx.as_ref().unwrap().comments;
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(c[0].text.starts_with("[R002]"));
    }
}

fn which(cmd: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {cmd}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn libreoffice_renders_the_annotated_copy() {
    if !require(
        which("soffice") && which("pdftoppm") && which("pdftotext"),
        "LibreOffice (soffice) and poppler-utils (pdftoppm, pdftotext)",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let original = annotate(dir.path(), &[]);
    let art = root().join("target/artifacts");
    std::fs::create_dir_all(&art).unwrap();
    let docx = art.join("annex.审阅.docx");
    std::fs::copy(dir.path().join("out/annex.审阅.docx"), &docx).unwrap();
    let profile = dir.path().join("lo-profile");
    let soffice = |args: &[&str]| {
        let out = Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--norestore"])
            .args(args)
            .arg("--outdir")
            .arg(&art)
            .arg(&docx)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    soffice(&["--convert-to", "pdf"]);
    let pdf = art.join("annex.审阅.pdf");
    assert!(pdf.exists());
    let png = art.join("annex.审阅");
    let st = Command::new("pdftoppm")
        .args(["-png", "-r", "70", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(&png)
        .status()
        .unwrap();
    assert!(st.success());
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).replace(char::is_whitespace, "");
    assert!(text.contains("新增城镇就业3400人"), "{text}");
    // What LibreOffice understood: its own file format lists each comment
    // (office:annotation) with the text it is anchored on.
    soffice(&["--convert-to", "odt"]);
    let odt = std::fs::read(art.join("annex.审阅.odt")).unwrap();
    let notes = odt_annotations(&odt);
    let ours: Vec<_> = notes.iter().filter(|n| n.0 == "gwlint").collect();
    let n_annex = findings(&original)
        .iter()
        .filter(|f| f.0 == "annex")
        .count();
    assert_eq!(ours.len(), n_annex, "{notes:#?}");
    for (code, anchored) in [
        ("[X001]", "5.8%"),
        ("[T001]", "新增城镇就业3400人。"),
        ("[P001]", "，"),
    ] {
        let n = ours
            .iter()
            .find(|n| n.1.starts_with(code))
            .unwrap_or_else(|| panic!("{code}: {notes:#?}"));
        assert!(
            n.2.ends_with(anchored) && n.2.len() <= anchored.len() + 1,
            "{code}: {n:?}"
        );
    }
    let _ = original;
}

/// (author, text, anchored text) of each comment in an .odt's content.xml.
/// Deleted text of tracked changes (kept in text:tracked-changes) is left
/// out; inserted text counts.
fn odt_annotations(odt: &[u8]) -> Vec<(String, String, String)> {
    use quick_xml::events::Event;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(odt)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut z.by_name("content.xml").unwrap(), &mut xml).unwrap();
    let mut r = quick_xml::Reader::from_str(&xml);
    let mut out: Vec<(String, String, String)> = Vec::new();
    let mut by_name: std::collections::HashMap<String, usize> = Default::default();
    let mut active: Vec<usize> = Vec::new();
    let mut in_note: Option<usize> = None;
    let mut in_creator = false;
    let mut in_note_p = false;
    let mut skip = 0usize;
    let attr = |e: &quick_xml::events::BytesStart<'_>, k: &str| {
        e.try_get_attribute(k)
            .ok()
            .flatten()
            .map(|a| a.value.to_string())
    };
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => {
                let n = e.name().0.to_string();
                if skip > 0 || n == "text:tracked-changes" {
                    skip += 1;
                } else if n == "office:annotation" {
                    out.push(Default::default());
                    let i = out.len() - 1;
                    if let Some(name) = attr(&e, "office:name") {
                        by_name.insert(name, i);
                        active.push(i);
                    }
                    in_note = Some(i);
                } else if n == "dc:creator" {
                    in_creator = true;
                } else if n == "text:p" && in_note.is_some() {
                    in_note_p = true;
                }
            }
            Event::Empty(e) if skip == 0 && e.name().0 == "office:annotation-end" => {
                if let Some(i) = attr(&e, "office:name").and_then(|n| by_name.get(&n).copied()) {
                    active.retain(|&a| a != i);
                }
            }
            Event::End(e) => {
                let n = e.name().0;
                if skip > 0 {
                    skip -= 1;
                } else if n == "office:annotation" {
                    in_note = None;
                } else if n == "dc:creator" {
                    in_creator = false;
                } else if n == "text:p" {
                    if let Some(i) = in_note {
                        out[i].1.push('\n');
                        in_note_p = false;
                    }
                }
            }
            Event::Text(t) => {
                if skip > 0 {
                    continue;
                }
                let t = t.xml10_content();
                match in_note {
                    Some(i) if in_creator => out[i].0.push_str(&t),
                    Some(i) if in_note_p => out[i].1.push_str(&t),
                    Some(_) => {}
                    None => {
                        for &i in &active {
                            out[i].2.push_str(&t);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for n in &mut out {
        n.1 = n.1.trim().to_string();
    }
    out
}
