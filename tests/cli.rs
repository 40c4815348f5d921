//! The command line: exit codes, formats, inputs, fixes.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn gwlint() -> Command {
    let mut c = Command::cargo_bin("gwlint").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn fixture(p: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(p)).unwrap()
}

#[test]
fn exit_codes() {
    gwlint()
        .args(["check", "fixtures/tasks/T001_clean.md"])
        .assert()
        .code(0);
    gwlint()
        .args([
            "check",
            "--color",
            "never",
            "fixtures/tasks/T001_trigger.md",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("错误[T001 missing-lead-unit]"));
    // Warnings alone do not fail, unless asked.
    gwlint()
        .args(["check", "fixtures/tasks/T004_trigger.md"])
        .assert()
        .code(0);
    gwlint()
        .args([
            "check",
            "--fail-on",
            "warning",
            "fixtures/tasks/T004_trigger.md",
        ])
        .assert()
        .code(1);
    // Usage error.
    gwlint().args(["check"]).assert().code(2);
    gwlint()
        .args(["check", "--format", "yaml", "x.md"])
        .assert()
        .code(2);
}

#[test]
fn unreadable_inputs_are_skipped_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("scan.txt");
    fs::write(&bin, b"\x00\x01\x02PK\x03\x04binary").unwrap();
    let bad = dir.path().join("bad.txt");
    fs::write(&bad, [b'a', 0xFF, 0xFE, 0xFF, b'b']).unwrap();
    let docx = dir.path().join("draft.docx");
    fs::write(&docx, b"PK\x03\x04truncated").unwrap();
    let pdf = dir.path().join("draft.pdf");
    fs::write(&pdf, b"%PDF-1.4").unwrap();
    gwlint()
        .arg("check")
        .arg(&bin)
        .arg(&bad)
        .arg(&docx)
        .arg(&pdf)
        .arg("fixtures/tasks/T001_clean.md")
        .arg("does-not-exist.md")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("二进制"))
        .stderr(predicate::str::contains("无法识别文件编码"))
        .stderr(predicate::str::contains("不支持的文件类型"))
        .stderr(predicate::str::contains("文件可能被截断"))
        .stderr(predicate::str::contains("文件不存在"))
        .stdout(predicate::str::contains("跳过 5 个文件"));
}

#[test]
fn empty_file_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("empty.txt");
    fs::write(&f, b"").unwrap();
    gwlint().arg("check").arg(&f).assert().code(0);
}

#[test]
fn gb18030_and_utf16_are_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let text = fixture("fixtures/tasks/T001_trigger.md");
    let gb = dir.path().join("gb.md");
    fs::write(&gb, encoding_rs::GB18030.encode(&text).0).unwrap();
    let mut u16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        u16.extend_from_slice(&u.to_le_bytes());
    }
    let u16p = dir.path().join("u16.md");
    fs::write(&u16p, u16).unwrap();
    for p in [&gb, &u16p] {
        gwlint()
            .args(["check", "--color", "never"])
            .arg(p)
            .assert()
            .code(1)
            .stdout(predicate::str::contains(
                "第 2 项任务（2.）没有写明牵头单位",
            ));
    }
}

#[test]
fn json_output_follows_the_schema() {
    let out = gwlint()
        .args([
            "check",
            "--format",
            "json",
            "fixtures/tasks/T004_trigger.md",
            "nope.md",
        ])
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["schema"], "gwlint-diagnostics");
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["files_checked"], 1);
    assert_eq!(v["summary"]["files_skipped"], 1);
    assert_eq!(v["skipped"][0]["path"], "nope.md");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "T004");
    assert_eq!(d["name"], "lead-also-responsible");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["category"], "consistency");
    assert_eq!(d["file"], "fixtures/tasks/T004_trigger.md");
    assert_eq!(d["line"], 5);
    // Columns count characters: “1.推进老旧小区改造。（牵头单位：区住房城乡建设局；责任单位：” is 31 characters.
    assert_eq!(d["column"], 32);
    assert_eq!(d["end_column"], 40);
    let start = d["start"].as_u64().unwrap() as usize;
    let end = d["end"].as_u64().unwrap() as usize;
    assert_eq!(
        &fixture("fixtures/tasks/T004_trigger.md")[start..end],
        "区住房城乡建设局"
    );
    assert_eq!(d["labels"][0]["primary"], true);
    assert_eq!(d["labels"][1]["primary"], false);
    assert_eq!(d["labels"][1]["message"], "已是牵头单位");
}

#[test]
fn inspect_shows_the_model() {
    let out = gwlint()
        .args(["inspect", "fixtures/seeds/changqing-2025-annex.md"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["kind"], "annex");
    assert_eq!(v["tasks"].as_array().unwrap().len(), 89);
    assert_eq!(v["tasks"][7]["clause"]["lead"][1]["name"], "大学城管委会");
    // Targets: task 1 `增长 5.6%（力争超过 5.6%）` is a target and a stretch target.
    let targets = v["targets"].as_array().unwrap();
    let gdp: Vec<_> = targets
        .iter()
        .filter(|t| t["indicator"] == "地区生产总值")
        .collect();
    assert_eq!(gdp[0]["target"], "增长5.6%");
    assert_eq!(gdp[0]["stretch"], false);
    assert_eq!(gdp[1]["stretch"], true);
    assert_eq!(gdp[0]["at"]["line"], 9);
}

#[test]
fn rules_and_rule() {
    gwlint()
        .arg("rules")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("T001"))
        .stdout(predicate::str::contains("missing-lead-unit"));
    gwlint()
        .args(["rule", "T001"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("## 检查内容"))
        .stdout(predicate::str::contains("## 应改为"));
    gwlint()
        .args(["rule", "missing-lead-unit"])
        .assert()
        .code(0);
    gwlint().args(["rule", "Z999"]).assert().code(2);
    let out = gwlint()
        .args(["rules", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v.as_array().unwrap().iter().any(|r| r["code"] == "S004"));
}

#[test]
fn invalid_rules_file_is_exit_2_with_location() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("mine.toml");
    fs::write(&f, "[T001]\nlevel = \"loud\"\n").unwrap();
    gwlint()
        .args(["check", "fixtures/tasks/T001_clean.md", "--rules"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("规则文件无效"));
    fs::write(&f, "[Q123]\nlevel = \"warn\"\n").unwrap();
    gwlint()
        .args(["check", "fixtures/tasks/T001_clean.md", "--rules"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Q123"));
    // A misspelled option is an error at its place, in Chinese.
    fs::write(&f, "[R001]\nmin_char = 5\n").unwrap();
    gwlint()
        .args(["check", "fixtures/tasks/T001_clean.md", "--rules"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("规则 R001 没有选项“min_char”"))
        .stderr(predicate::str::contains("mine.toml:2:1"));
    // A wrong type too.
    fs::write(&f, "[X002]\nstretch = \"yes\"\n").unwrap();
    gwlint()
        .args(["check", "fixtures/tasks/T001_clean.md", "--rules"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("X002 的选项“stretch”类型不对"));
    // A section without `level` changes only what it names.
    fs::write(&f, "[R001]\nmin_chars = 4\n").unwrap();
    gwlint()
        .args(["check", "fixtures/tasks/T001_clean.md", "--rules"])
        .arg(&f)
        .assert()
        .code(0);
    // A valid one turns a rule off.
    fs::write(&f, "[T001]\nlevel = \"off\"\n").unwrap();
    gwlint()
        .args(["check", "fixtures/tasks/T001_trigger.md", "--rules"])
        .arg(&f)
        .assert()
        .code(0);
}

#[test]
fn unknown_select_or_ignore_is_an_error() {
    for (flag, value) in [
        ("--select", "ZZZ"),
        ("--ignore", "T0019"),
        ("--select", "T,no-such-rule"),
    ] {
        gwlint()
            .args(["check", flag, value, "fixtures/tasks/T001_trigger.md"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("不是规则代码、代码前缀或规则名称"));
    }
}

#[test]
fn select_and_ignore() {
    gwlint()
        .args([
            "check",
            "--ignore",
            "T001",
            "fixtures/tasks/T001_trigger.md",
        ])
        .assert()
        .code(0);
    gwlint()
        .args(["check", "--select", "S", "fixtures/tasks/T001_trigger.md"])
        .assert()
        .code(0);
}

#[test]
fn directories_are_walked_honouring_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("sub")).unwrap();
    fs::create_dir_all(dir.path().join(".git")).unwrap();
    fs::write(dir.path().join(".gitignore"), "ignored.md\n").unwrap();
    fs::write(
        dir.path().join("sub/a.md"),
        fixture("fixtures/tasks/T001_trigger.md"),
    )
    .unwrap();
    fs::write(
        dir.path().join("ignored.md"),
        fixture("fixtures/tasks/T002_trigger.md"),
    )
    .unwrap();
    fs::write(dir.path().join("notes.pdf"), b"%PDF").unwrap();
    gwlint()
        .args(["check", "--color", "never"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("T001"))
        .stdout(predicate::str::contains("T002").not())
        .stdout(predicate::str::contains("检查了 1 个文件"));
}

#[test]
fn fix_writes_atomically_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("annex.md");
    let original = fixture("fixtures/structure/S004_trigger.md");
    fs::write(&f, &original).unwrap();
    // --diff shows the change without writing.
    gwlint()
        .args(["check", "--diff"])
        .arg(&f)
        .assert()
        .stdout(predicate::str::contains("-## （二）优势产业更增效"))
        .stdout(predicate::str::contains("+### （二）优势产业更增效"));
    assert_eq!(fs::read_to_string(&f).unwrap(), original);
    gwlint()
        .args(["check", "--fix", "--color", "never"])
        .arg(&f)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("已修复 2 处"))
        .stdout(predicate::str::contains("S004").not());
    let fixed = fs::read_to_string(&f).unwrap();
    assert_eq!(
        fixed,
        original
            .replace("## （二）", "### （二）")
            .replace("### 二、", "## 二、")
    );
    // Second run changes nothing.
    gwlint().args(["check", "--fix"]).arg(&f).assert().code(0);
    assert_eq!(fs::read_to_string(&f).unwrap(), fixed);
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions_and_encoding() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("annex.md");
    let original = fixture("fixtures/structure/S005_trigger.md");
    fs::write(&f, encoding_rs::GB18030.encode(&original).0).unwrap();
    fs::set_permissions(&f, fs::Permissions::from_mode(0o640)).unwrap();
    gwlint().args(["check", "--fix"]).arg(&f).assert().code(0);
    let bytes = fs::read(&f).unwrap();
    let (text, _, bad) = encoding_rs::GB18030.decode(&bytes);
    assert!(!bad);
    assert!(text.contains("（牵头单位：区发展改革局"));
    assert_eq!(
        fs::metadata(&f).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn fix_on_all_seeds_converges_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    for e in fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds")).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    gwlint()
        .args(["check", "--fix", "--unsafe-fixes", "--color", "never"])
        .arg(dir.path())
        .assert()
        .stdout(predicate::str::contains("已修复"));
    let snapshot: Vec<(std::path::PathBuf, Vec<u8>)> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let b = fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    // Nothing left to fix: a second run writes nothing and --diff is empty.
    gwlint()
        .args(["check", "--diff", "--unsafe-fixes"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout("");
    for (p, b) in snapshot {
        assert_eq!(fs::read(&p).unwrap(), b, "{} changed", p.display());
    }
}

/// The link stage is skipped when no rule that reads links runs: the other
/// rules' findings are the same as in a full run.
#[test]
fn selecting_rules_without_links_changes_no_finding() {
    let files = [
        "fixtures/seeds/changqing-2025-report-news.txt",
        "fixtures/seeds/changqing-2025-annex.md",
    ];
    let run = |select: Option<&str>| -> Vec<serde_json::Value> {
        let mut cmd = assert_cmd::Command::cargo_bin("gwlint").unwrap();
        cmd.args(["check", "--format", "json"]).args(files);
        if let Some(s) = select {
            cmd.args(["--select", s]);
        }
        let out = cmd.output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["diagnostics"].as_array().unwrap().clone()
    };
    let full: Vec<serde_json::Value> = run(None)
        .into_iter()
        .filter(|d| {
            let c = d["code"].as_str().unwrap();
            c.starts_with('P') || c.starts_with('S') || c.starts_with('T')
        })
        .collect();
    let some = run(Some("P,S,T"));
    assert!(!some.is_empty());
    assert_eq!(some, full);
}
