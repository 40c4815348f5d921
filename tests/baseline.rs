//! The baseline workflow on the command line: write, hide, survive edits
//! elsewhere, show new findings, prune stale entries, reject bad files.

use std::path::Path;
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;

fn gwlint(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("gwlint")
        .expect("binary")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// (code, line) of each finding.
fn findings(v: &serde_json::Value) -> Vec<(String, u64)> {
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

const NOTICE: &str = "# 关于做好材料报送工作的通知\n\n各单位要按时报送材料,并做好衔接。\n\n请于2025年03月05日前报送。\n\n各单位要按时报送材料,并做好衔接。\n";

const OTHER: &str = "# 关于开展安全检查的通知\n\n各单位要认真组织自查(附表见后)。\n";

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("稿件")).unwrap();
    std::fs::write(dir.path().join("稿件/通知.md"), NOTICE).unwrap();
    std::fs::write(dir.path().join("稿件/检查.md"), OTHER).unwrap();
    dir
}

#[test]
fn baseline_workflow() {
    let dir = repo();
    let d = dir.path();
    // Today's findings: two identical P001 lines, one D004, one P001 in the other file.
    let before = json(&gwlint(d, &["check", "稿件", "--output-format", "json"]));
    let n = findings(&before).len();
    assert!(n >= 4, "{before:#}");

    // Write the baseline: everything is hidden, exit 0.
    let out = gwlint(
        d,
        &[
            "check",
            "稿件",
            "--write-baseline",
            "gwlint-baseline.json",
            "--output-format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(findings(&v), []);
    assert_eq!(v["summary"]["hidden_by_baseline"], n);
    assert!(
        stderr(&out).contains("已写出基线 gwlint-baseline.json"),
        "{}",
        stderr(&out)
    );
    let written = std::fs::read_to_string(d.join("gwlint-baseline.json")).unwrap();
    let b: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(b["schema"], "gwlint-baseline");
    assert_eq!(b["version"], 1);
    let entries = b["findings"].as_array().unwrap();
    assert_eq!(entries.len(), n);
    // Sorted by file, code, fingerprint; `/` paths; no line numbers.
    let keys: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
                e["fingerprint"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(keys.iter().all(|k| k.0.starts_with("稿件/")));
    assert!(!written.contains("\"line\""));
    // Deterministic: written again, the same bytes.
    gwlint(d, &["check", "稿件", "--write-baseline", "again.json"]);
    assert_eq!(
        std::fs::read_to_string(d.join("again.json")).unwrap(),
        written
    );

    // Nothing new: nothing shown, the summary says how many were hidden.
    let out = gwlint(d, &["check", "稿件", "--baseline", "gwlint-baseline.json"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("基线隐藏了 {n} 个已知问题")),
        "{text}"
    );
    assert!(!text.contains("P001"), "{text}");

    // Edits elsewhere in the file (lines added above, a paragraph between):
    // still hidden.
    let edited =
        NOTICE.replacen("\n\n", "\n\n为做好有关工作，现通知如下。\n\n", 1) + "\n以上请遵照执行。\n";
    std::fs::write(d.join("稿件/通知.md"), &edited).unwrap();
    let v = json(&gwlint(
        d,
        &[
            "check",
            "稿件",
            "--baseline",
            "gwlint-baseline.json",
            "--output-format",
            "json",
        ],
    ));
    assert_eq!(findings(&v), [], "{v:#}");
    assert_eq!(v["summary"]["hidden_by_baseline"], n);

    // A new finding is shown, alone — also a third copy of a known one.
    let edited = edited + "\n各单位要按时报送材料,并做好衔接。\n\n安排如下:\n";
    std::fs::write(d.join("稿件/通知.md"), &edited).unwrap();
    let out = gwlint(
        d,
        &[
            "check",
            "稿件",
            "--baseline",
            "gwlint-baseline.json",
            "--output-format",
            "json",
        ],
    );
    let v = json(&out);
    let new = findings(&v);
    let lines = edited.lines().count() as u64;
    assert_eq!(
        new,
        [("P001".into(), lines - 2), ("P001".into(), lines)],
        "{v:#}"
    );
    assert_eq!(v["summary"]["hidden_by_baseline"], n);

    // Fixing a known finding leaves a stale entry: mentioned, kept...
    std::fs::write(
        d.join("稿件/检查.md"),
        OTHER.replace('(', "（").replace(')', "）"),
    )
    .unwrap();
    let out = gwlint(d, &["check", "稿件", "--baseline", "gwlint-baseline.json"]);
    assert!(
        stderr(&out).contains("已不再出现；加 --baseline-prune"),
        "{}",
        stderr(&out)
    );
    let unchanged = std::fs::read_to_string(d.join("gwlint-baseline.json")).unwrap();
    assert_eq!(unchanged, written);
    // ...and listed and removed with --baseline-prune.
    let out = gwlint(
        d,
        &[
            "check",
            "稿件",
            "--baseline",
            "gwlint-baseline.json",
            "--baseline-prune",
        ],
    );
    let err = stderr(&out);
    assert!(err.contains("已从基线中删去"), "{err}");
    assert!(err.contains("稿件/检查.md P001"), "{err}");
    let pruned: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("gwlint-baseline.json")).unwrap())
            .unwrap();
    let left = pruned["findings"].as_array().unwrap();
    assert!(
        left.iter().all(|e| e["file"] != "稿件/检查.md"),
        "{pruned:#}"
    );
    let in_other = keys.iter().filter(|k| k.0 == "稿件/检查.md").count();
    assert!(in_other > 0);
    assert_eq!(left.len(), n - in_other);
    // Pruning again finds nothing stale and changes nothing.
    let out = gwlint(
        d,
        &[
            "check",
            "稿件",
            "--baseline",
            "gwlint-baseline.json",
            "--baseline-prune",
        ],
    );
    assert!(!stderr(&out).contains("不再出现"), "{}", stderr(&out));
}

/// A run over part of the repository does not call the other files'
/// entries stale, and prune keeps them.
#[test]
fn entries_of_files_not_checked_are_kept() {
    let dir = repo();
    let d = dir.path();
    gwlint(d, &["check", "稿件", "--write-baseline", "b.json"]);
    let before = std::fs::read_to_string(d.join("b.json")).unwrap();
    let out = gwlint(
        d,
        &[
            "check",
            "稿件/通知.md",
            "--baseline",
            "b.json",
            "--baseline-prune",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(!stderr(&out).contains("不再出现"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(d.join("b.json")).unwrap(), before);
}

#[test]
fn bad_baseline_files_are_tool_errors() {
    let dir = repo();
    let d = dir.path();
    for (text, expect) in [
        ("{\"schema\": \"gwlint-baseline\",", "不是有效的 JSON"),
        (
            "{\"schema\": \"gwlint-baseline\", \"version\": 2, \"findings\": []}",
            "基线格式版本 2",
        ),
        ("[1, 2]", "不是 gwlint 基线格式"),
        (
            "{\"schema\": \"gwlint-baseline\", \"version\": 1, \"findings\": [{\"file\": \"a.md\"}]}",
            "不是 gwlint 基线格式",
        ),
    ] {
        std::fs::write(d.join("bad.json"), text).unwrap();
        let out = gwlint(d, &["check", "稿件", "--baseline", "bad.json"]);
        assert_eq!(out.status.code(), Some(2), "{text}");
        let err = stderr(&out);
        assert!(err.contains("基线文件无效：bad.json"), "{err}");
        assert!(err.contains(expect), "{text}: {err}");
        assert!(out.stdout.is_empty());
    }
    let out = gwlint(d, &["check", "稿件", "--baseline", "missing.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("无法读取基线文件 missing.json"),
        "{}",
        stderr(&out)
    );
    // --baseline-prune needs --baseline.
    let out = gwlint(d, &["check", "稿件", "--baseline-prune"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `--annotate` writes no comment for a finding the baseline hides.
#[test]
fn annotated_copies_leave_out_known_findings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/docx/annex.docx");
    std::fs::copy(fixture, d.join("分工.docx")).unwrap();
    let comments = |out: &Output| -> usize {
        let err = stderr(out);
        let at = err.find("条批注").unwrap_or_else(|| panic!("{err}"));
        let head = &err[..at];
        let n = head.rsplit('：').next().unwrap().trim();
        n.parse().unwrap_or_else(|_| panic!("{err}"))
    };
    let out = gwlint(d, &["check", "分工.docx", "--annotate", "a.docx"]);
    assert!(comments(&out) > 0, "{}", stderr(&out));
    gwlint(d, &["check", "分工.docx", "--write-baseline", "b.json"]);
    let out = gwlint(
        d,
        &[
            "check",
            "分工.docx",
            "--baseline",
            "b.json",
            "--annotate",
            "b.docx",
        ],
    );
    assert_eq!(comments(&out), 0, "{}", stderr(&out));
}
