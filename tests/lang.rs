//! `--lang en`: every user-facing message in English, with the same codes,
//! spans and counts as the Chinese default.
//!
//! The completeness guard runs the command line in both languages over every
//! fixture folder and over every rule's own 示例 text, and checks that no
//! message, label, note, help or fix title of the English run still holds a
//! Han character once quoted document text (“…”, 「…」, 《…》) is taken out.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gwlint() -> Command {
    let mut c = Command::cargo_bin("gwlint").unwrap();
    c.current_dir(root());
    c.env_remove("COLUMNS");
    c
}

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3134f}')
}

/// `s` without its quoted segments: “…”, 「…」 and 《…》 hold the
/// document's own text (or a Chinese term the user types), which stays
/// as written in English messages.
fn unquoted(s: &str) -> String {
    let mut out = String::new();
    let mut close: Vec<char> = Vec::new();
    for c in s.chars() {
        match (c, close.last()) {
            (c, Some(&end)) if c == end => {
                close.pop();
            }
            ('“', _) => close.push('”'),
            ('「', _) => close.push('」'),
            ('《', _) => close.push('》'),
            (c, None) => out.push(c),
            _ => {}
        }
    }
    out
}

/// The Han characters left in `s` outside quotes, if any.
fn leftover_han(s: &str) -> Option<String> {
    let u = unquoted(s);
    u.chars().any(is_han).then_some(u)
}

/// One run of `gwlint check --output-format json` in `lang`: the report
/// and the warnings printed on stderr.
fn run_json(lang: &str, extra: &[&str], inputs: &[&Path]) -> (Value, String) {
    let out = gwlint()
        .args(["check", "--isolated", "--select", "ALL", "--lang", lang])
        .args(["--output-format", "json"])
        .args(extra)
        .args(inputs)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    // 2: every file of the folder was skipped (fixtures/docx/bad).
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "{inputs:?} ({lang}): {stderr}"
    );
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{inputs:?} ({lang}): {e}: {stderr}"));
    (v, stderr)
}

/// Paths of the files under `dir`, longest first.
fn paths_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p.clone());
            }
            out.push(p.display().to_string());
        }
    }
    out.sort_by_key(|p| std::cmp::Reverse(p.len()));
    out
}

/// Every folder under fixtures/ that holds documents, each checked as one
/// run (so report ↔ annex rules fire), with the packs its rules need.
fn fixture_runs() -> Vec<(PathBuf, Vec<String>)> {
    let mut runs = Vec::new();
    let mut dirs = vec![root().join("fixtures")];
    while let Some(dir) = dirs.pop() {
        let mut has_docs = false;
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                // A pack that fails its self-tests is tested below.
                if p.ends_with("packs/bad") {
                    continue;
                }
                dirs.push(p);
            } else if p
                .extension()
                .is_some_and(|x| x == "txt" || x == "md" || x == "docx")
            {
                has_docs = true;
            }
        }
        if has_docs {
            let extra = if dir.ends_with("fixtures/packs") {
                vec!["--packs".to_string(), "rules/templates".to_string()]
            } else {
                Vec::new()
            };
            runs.push((dir, extra));
        }
    }
    runs.sort();
    runs
}

/// Every rule's 示例, written out as files in a temporary folder.
fn example_runs() -> Vec<(String, tempfile::TempDir)> {
    gwlint::rules::codes::registry()
        .iter()
        .map(|(m, _)| {
            let doc = gwlint::rules::doc_text(m.doc);
            let dir = tempfile::tempdir().unwrap();
            for (name, text) in common::example_files(&doc, "## 示例") {
                std::fs::write(dir.path().join(name), text).unwrap();
            }
            (m.code.to_string(), dir)
        })
        .collect()
}

/// Every user-facing string of a JSON report, with where it came from.
fn texts(v: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |what: String, s: &Value| {
        if let Some(s) = s.as_str() {
            out.push((what, s.to_string()));
        }
    };
    for d in v["diagnostics"].as_array().unwrap() {
        let code = d["code"].as_str().unwrap();
        push(format!("{code} message"), &d["message"]);
        for l in d["labels"].as_array().unwrap() {
            push(format!("{code} label"), &l["message"]);
        }
        for n in d["notes"].as_array().unwrap() {
            push(format!("{code} note"), n);
        }
        push(format!("{code} help"), &d["help"]);
        push(format!("{code} fix title"), &d["fix"]["title"]);
    }
    for s in v["skipped"].as_array().unwrap() {
        push("skip reason".to_string(), &s["message"]);
    }
    out
}

/// What must not depend on the language: codes, spans, label spans, fix
/// edits, counts.
fn shape(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let labels: Vec<String> = d["labels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| format!("{}:{}-{}", l["file"], l["start"], l["end"]))
                .collect();
            format!(
                "{} {}:{}-{} [{}] fix {}",
                d["code"],
                d["file"],
                d["start"],
                d["end"],
                labels.join(" "),
                d["fix"]["edits"]
            )
        })
        .collect();
    out.push(format!("summary {}", v["summary"]));
    out.push(format!(
        "skipped {:?}",
        v["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["path"].to_string(), s["reason"].to_string()))
            .collect::<Vec<_>>()
    ));
    out
}

#[test]
#[ignore = "until every family is translated"]
fn english_messages_hold_no_untranslated_chinese_and_match_the_chinese_run() {
    let examples = example_runs();
    let mut runs: Vec<(String, Vec<String>, PathBuf)> = fixture_runs()
        .into_iter()
        .map(|(d, extra)| (d.display().to_string(), extra, d))
        .collect();
    for (code, dir) in &examples {
        runs.push((format!("{code} 示例"), Vec::new(), dir.path().to_path_buf()));
    }
    let mut bad = Vec::new();
    let mut fired = std::collections::BTreeSet::new();
    let mut strings = 0;
    for (what, extra, dir) in &runs {
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        let (zh, _) = run_json("zh", &extra, &[dir]);
        let (en, warnings) = run_json("en", &extra, &[dir]);
        let mut warnings = warnings;
        for p in paths_under(dir) {
            warnings = warnings.replace(&p, "");
        }
        for w in warnings.lines() {
            strings += 1;
            if let Some(left) = leftover_han(w) {
                bad.push(format!("stderr: {w}    [unquoted: {left}]"));
            }
        }
        assert_eq!(shape(&zh), shape(&en), "{what}: zh and en runs differ");
        for d in en["diagnostics"].as_array().unwrap() {
            fired.insert(d["code"].as_str().unwrap().to_string());
        }
        for (from, s) in texts(&en) {
            strings += 1;
            if let Some(left) = leftover_han(&s) {
                bad.push(format!("{from}: {s}    [unquoted: {left}]"));
            }
        }
    }
    bad.sort();
    bad.dedup();
    assert!(
        bad.is_empty(),
        "{} English strings still hold Chinese outside quotes:\n{}",
        bad.len(),
        bad.join("\n")
    );
    // Every built-in rule fired (its own example at least), so every rule's
    // messages were looked at.
    for (m, _) in gwlint::rules::codes::registry() {
        assert!(fired.contains(m.code), "{} never fired", m.code);
    }
    assert!(strings > 1000, "only {strings} strings checked");
}

#[test]
fn quoted_segments_are_taken_out() {
    assert_eq!(unquoted("unit “区财政局” is unknown"), "unit  is unknown");
    assert_eq!(unquoted("see 《国务院公文》 and 「附件」"), "see  and ");
    assert_eq!(leftover_han("task 3 (“三、”) names no lead unit"), None);
    assert!(leftover_han("任务3 names no lead unit").is_some());
}
