//! Inline suppression: Markdown and plain-text markers, Word comments,
//! M001/M002, markers that are not document text, `--fix` and every output
//! format.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gwlint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("gwlint").expect("binary");
    c.current_dir(dir);
    c
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `(code, line)` of each finding of a `--output-format json` run.
fn json_findings(out: &std::process::Output) -> Vec<(String, u64)> {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            stdout(out),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn snapshots_m001_m002() {
    for (file, select) in [
        (
            "fixtures/suppress/M001_trigger.md",
            &["M", "P001", "D001"][..],
        ),
        ("fixtures/suppress/M002_trigger.txt", &["M", "P001"][..]),
    ] {
        let out = common::render(&[file], select);
        assert!(!out.is_empty(), "{file} triggers nothing");
        insta::assert_snapshot!(Path::new(file).file_name().unwrap().to_str(), out);
    }
}

#[test]
fn clean_suppressions_stay_quiet() {
    for file in [
        "fixtures/suppress/M001_clean.md",
        "fixtures/suppress/M002_clean.txt",
    ] {
        let run = common::run(&[file], &["ALL"]);
        assert_eq!(common::codes(&run), Vec::<&str>::new(), "{file}");
    }
}

/// Inserts `marker` before every third non-blank line of `text`.
fn with_markers(text: &str, marker: &str) -> String {
    let mut out = String::new();
    let mut n = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            n += 1;
            if n % 3 == 0 {
                out.push_str(marker);
                out.push('\n');
            }
        }
        out.push_str(line);
    }
    out
}

/// (code, message, flagged text) of every finding, positions left out.
fn shape(run: &gwlint::Run) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = run
        .diagnostics
        .iter()
        .map(|d| {
            let t = &run.sources[d.primary.file].text;
            (
                d.code.to_string(),
                d.message.to_string(),
                t[d.primary.span.clone()].to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Markers are not document text: sprinkled through the seed documents
/// (naming a rule that has nothing to report there), they change no task,
/// paragraph, heading or finding of any rule.
#[test]
fn markers_are_not_document_text() {
    for (file, marker) in [
        (
            "fixtures/seeds/changqing-2025-annex.md",
            "<!-- gwlint-disable-next-line X005 -->",
        ),
        (
            "fixtures/seeds/changqing-2024-report.txt",
            "gwlint-disable-next-line: X005",
        ),
        (
            "fixtures/seeds/changqing-2024-report.txt",
            "<!-- gwlint-disable X005 -->",
        ),
    ] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let marked = with_markers(&text, marker);
        let name = Path::new(file).file_name().unwrap().to_str().unwrap();
        let mut data = gwlint::rules::data::Data::builtin();
        data.settings.ignore = vec!["M".into()];
        let opts = gwlint::parse::ParseOptions::default();
        let plain = gwlint::check_sources(
            vec![gwlint::load::SourceFile::from_text(name, &text)],
            &data,
            &opts,
        );
        let run = gwlint::check_sources(
            vec![gwlint::load::SourceFile::from_text(name, &marked)],
            &data,
            &opts,
        );
        assert!(run.docs[0].suppressions.lines.len() > 10, "{file}");
        assert_eq!(shape(&run), shape(&plain), "{file} with {marker}");
        let (a, b) = (&run.docs[0], &plain.docs[0]);
        assert_eq!(a.tasks.len(), b.tasks.len(), "{file}");
        assert_eq!(a.paragraphs.len(), b.paragraphs.len(), "{file}");
        assert_eq!(a.headings.len(), b.headings.len(), "{file}");
        for (x, y) in a.tasks.iter().zip(&b.tasks) {
            assert_eq!(x.body.text, y.body.text);
        }
        for (x, y) in a.paragraphs.iter().zip(&b.paragraphs) {
            assert_eq!(x.text.text, y.text.text);
        }
        assert_eq!(
            a.title.as_ref().map(|t| &t.text),
            b.title.as_ref().map(|t| &t.text)
        );
    }
}

/// Marker lines never produce findings of their own (half-width colons and
/// digits, numbering-like text, a marker as the first line).
#[test]
fn marker_lines_are_never_flagged() {
    let text = "gwlint-disable-next-line: P001, D001\n关于做好工作的通知\n\n1.各单位要按时报送材料，并做好衔接。（牵头单位：区政府办公室）\ngwlint-disable: T001\n2.各单位要按时报送材料。（牵头单位：区财政局）\ngwlint-enable: T001\n";
    let run = common::run_text("a.txt", text, &["ALL"]);
    let src = &run.sources[0];
    for d in &run.diagnostics {
        let line = src.line_index(d.primary.span.start);
        assert!(
            !src.text[src.line_range(line)].contains("gwlint-") || d.code.starts_with('M'),
            "{} on a marker line: {}",
            d.code,
            d.message
        );
    }
    // The two numbered lines are tasks 1 and 2, with nothing between them.
    assert_eq!(run.docs[0].tasks.len(), 2);
    assert_eq!(
        run.docs[0].title.as_ref().map(|t| t.text.as_str()),
        Some("关于做好工作的通知")
    );
}

const MD: &str = "# 关于做好材料报送工作的通知\n\n一是报送材料,做好衔接。\n\n<!-- gwlint-disable-next-line P001 -->\n二是报送材料,做好衔接。\n\n<!-- gwlint-disable P001 -->\n三是报送材料,做好衔接。\n\n四是报送材料,做好衔接。\n<!-- gwlint-enable -->\n\n<!-- gwlint-disable-next-line half-width-punctuation -->\n五是报送材料,做好衔接。\n<!-- gwlint-disable-next-line P -->\n六是报送材料,做好衔接。\n<!-- gwlint-disable-next-line T001 -->\n七是报送材料,做好衔接。\n";

const TXT: &str = "关于做好材料报送工作的通知\n\n一是报送材料,做好衔接。\ngwlint-disable-next-line: P001\n二是报送材料,做好衔接。\ngwlint-disable: P001\n三是报送材料,做好衔接。\n四是报送材料,做好衔接。\ngwlint-enable\n五是报送材料,做好衔接。\n<!-- gwlint-disable-next-line P001 -->\n六是报送材料,做好衔接。\ngwlint-disable-next-line: P01\n七是报送材料,做好衔接。\n";

#[test]
fn markdown_forms_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("通知.md"), MD).unwrap();
    let out = gwlint(dir.path())
        .args(["check", "通知.md", "--output-format", "json"])
        .output()
        .unwrap();
    // Lines 3 (no marker) and 19 (T001 named, P001 not) keep their P001;
    // the T001 marker on line 18 suppressed nothing.
    assert_eq!(
        json_findings(&out),
        [
            ("P001".to_string(), 3),
            ("M001".to_string(), 18),
            ("P001".to_string(), 19)
        ],
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn plain_text_forms_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("通知.txt"), TXT).unwrap();
    let out = gwlint(dir.path())
        .args(["check", "通知.txt", "--output-format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        json_findings(&out),
        [
            ("P001".to_string(), 3),
            ("P001".to_string(), 10),
            ("M002".to_string(), 13),
            ("P001".to_string(), 14),
        ],
        "{}",
        stdout(&out)
    );
}

/// Every output format lists the same findings: suppressed ones in none.
#[test]
fn suppression_holds_in_every_output_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("通知.md"), MD).unwrap();
    let run = |fmt: &str| {
        let out = gwlint(dir.path())
            .args(["check", "通知.md", "--output-format", fmt])
            .output()
            .unwrap();
        stdout(&out)
    };
    let concise = run("concise");
    assert_eq!(concise.lines().filter(|l| l.contains("[P001]")).count(), 2);
    let lines = run("json-lines");
    assert_eq!(lines.lines().filter(|l| l.contains("\"P001\"")).count(), 2);
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 3);
    let github = run("github");
    assert_eq!(github.lines().filter(|l| l.starts_with("::")).count(), 3);
    let gitlab: serde_json::Value = serde_json::from_str(&run("gitlab")).unwrap();
    assert_eq!(gitlab.as_array().unwrap().len(), 3);
}

/// `--fix` applies no fix of a suppressed finding; an unused marker line is
/// deleted by M001's fix.
#[test]
fn fix_skips_suppressed_findings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("通知.md");
    std::fs::write(&path, MD).unwrap();
    let out = gwlint(dir.path())
        .args(["check", "通知.md", "--fix"])
        .output()
        .unwrap();
    let fixed = std::fs::read_to_string(&path).unwrap();
    for (n, line) in fixed.lines().enumerate() {
        if let Some(rest) = line
            .strip_prefix("一是")
            .or_else(|| line.strip_prefix("七是"))
        {
            assert_eq!(rest, "报送材料，做好衔接。", "line {}", n + 1);
        } else if line.ends_with("做好衔接。") {
            assert!(line.contains(','), "suppressed finding fixed: {line}");
        }
    }
    assert!(!fixed.contains("gwlint-disable-next-line T001"), "{fixed}");
    assert!(fixed.contains("gwlint-disable-next-line P001"), "{fixed}");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// A minimal .docx whose paragraphs are `paras`; `(paragraph, text)` pairs
/// in `comments` anchor a comment on that whole paragraph.
fn docx(paras: &[&str], comments: &[(usize, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    w.start_file("[Content_Types].xml", o).unwrap();
    w.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#).unwrap();
    w.start_file("_rels/.rels", o).unwrap();
    w.write_all(br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#).unwrap();
    w.start_file("word/_rels/document.xml.rels", o).unwrap();
    w.write_all(br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#).unwrap();
    let mut body = String::new();
    for (i, p) in paras.iter().enumerate() {
        body.push_str("<w:p>");
        let ids: Vec<usize> = (0..comments.len())
            .filter(|&k| comments[k].0 == i)
            .collect();
        for k in &ids {
            body.push_str(&format!("<w:commentRangeStart w:id=\"{k}\"/>"));
        }
        body.push_str(&format!("<w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r>"));
        for k in &ids {
            body.push_str(&format!(
                "<w:commentRangeEnd w:id=\"{k}\"/><w:r><w:commentReference w:id=\"{k}\"/></w:r>"
            ));
        }
        body.push_str("</w:p>");
    }
    w.start_file("word/document.xml", o).unwrap();
    write!(w, r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#).unwrap();
    w.start_file("word/comments.xml", o).unwrap();
    let mut xml = String::from(
        r#"<?xml version="1.0"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    for (k, (_, text)) in comments.iter().enumerate() {
        xml.push_str(&format!(
            "<w:comment w:id=\"{k}\" w:author=\"张三\"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"
        ));
    }
    xml.push_str("</w:comments>");
    w.write_all(xml.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn word_comments_suppress_the_commented_range() {
    let dir = tempfile::tempdir().unwrap();
    let paras = [
        "关于做好材料报送工作的通知",
        "一是报送材料,做好衔接。",
        "二是报送材料,做好衔接。",
        "三是报送材料,做好衔接。",
        "四是报送材料,做好衔接。",
        "五是报送材料,做好衔接。",
    ];
    let comments = [
        (2, "gwlint-disable P001 引用原文，不改"),
        (3, "gwlint-disable"),
        (4, "请核实这一句"),
        (5, "gwlint-disable T001"),
        (0, "gwlint-disable P01"),
    ];
    std::fs::write(dir.path().join("通知.docx"), docx(&paras, &comments)).unwrap();
    let out = gwlint(dir.path())
        .args(["check", "通知.docx", "--output-format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        json_findings(&out),
        [
            ("M002".to_string(), 1),
            ("P001".to_string(), 3),
            ("P001".to_string(), 9),
            ("M001".to_string(), 11),
            ("P001".to_string(), 11),
        ],
        "{}\n{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
}
