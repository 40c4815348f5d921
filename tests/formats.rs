//! `--output-format`: every format lists the same findings in the same
//! order; SARIF validates against the official 2.1.0 schema; human output
//! speaks one vocabulary and fits the terminal.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// Seeds (a report ↔ annex pair: cross-file labels) plus a file with fixes.
const INPUTS: &[&str] = &["fixtures/seeds", "fixtures/typography/P001_trigger.txt"];

fn gwlint() -> Command {
    let mut c = Command::cargo_bin("gwlint").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("COLUMNS");
    c
}

fn output(format: &str) -> String {
    let out = gwlint()
        .args(["check", "--output-format", format])
        .args(INPUTS)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// (code, path, line) of every finding, in output order, per format.
fn findings(format: &str) -> Vec<(String, String, u64)> {
    let text = output(format);
    match format {
        "json" => {
            let v: Value = serde_json::from_str(&text).unwrap();
            v["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    (
                        d["code"].as_str().unwrap().into(),
                        d["file"].as_str().unwrap().into(),
                        d["line"].as_u64().unwrap(),
                    )
                })
                .collect()
        }
        "json-lines" => text
            .lines()
            .map(|l| {
                let d: Value = serde_json::from_str(l).unwrap();
                (
                    d["code"].as_str().unwrap().into(),
                    d["file"].as_str().unwrap().into(),
                    d["line"].as_u64().unwrap(),
                )
            })
            .collect(),
        "sarif" => {
            let v: Value = serde_json::from_str(&text).unwrap();
            v["runs"][0]["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let p = &r["locations"][0]["physicalLocation"];
                    (
                        r["ruleId"].as_str().unwrap().into(),
                        p["artifactLocation"]["uri"].as_str().unwrap().into(),
                        p["region"]["startLine"].as_u64().unwrap(),
                    )
                })
                .collect()
        }
        "rdjson" => {
            let v: Value = serde_json::from_str(&text).unwrap();
            v["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    (
                        d["code"]["value"].as_str().unwrap().into(),
                        d["location"]["path"].as_str().unwrap().into(),
                        d["location"]["range"]["start"]["line"].as_u64().unwrap(),
                    )
                })
                .collect()
        }
        "gitlab" => {
            let v: Value = serde_json::from_str(&text).unwrap();
            v.as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    (
                        d["check_name"].as_str().unwrap().into(),
                        d["location"]["path"].as_str().unwrap().into(),
                        d["location"]["positions"]["begin"]["line"]
                            .as_u64()
                            .unwrap(),
                    )
                })
                .collect()
        }
        "github" => text
            .lines()
            .map(|l| {
                let props = l.split_once(' ').unwrap().1.split_once("::").unwrap().0;
                let get = |k: &str| {
                    props
                        .split(',')
                        .find_map(|p| p.strip_prefix(&format!("{k}=")))
                        .unwrap()
                        .to_string()
                };
                let title = get("title");
                (
                    title.split(' ').next().unwrap().into(),
                    get("file"),
                    get("line").parse().unwrap(),
                )
            })
            .collect(),
        "concise" => text
            .lines()
            .filter(|l| !l.starts_with("检查了"))
            .map(|l| {
                let mut parts = l.splitn(4, ':');
                let path = parts.next().unwrap().to_string();
                let line = parts.next().unwrap().parse().unwrap();
                let _col = parts.next();
                let rest = parts.next().unwrap();
                let code = rest.split('[').nth(1).unwrap().split(']').next().unwrap();
                (code.into(), path, line)
            })
            .collect(),
        "junit" => text
            .lines()
            .filter(|l| l.trim_start().starts_with("<testcase ") && !l.contains("name=\"gwlint\""))
            .map(|l| {
                let attr = |k: &str| {
                    l.split(&format!(" {k}=\""))
                        .nth(1)
                        .unwrap()
                        .split('"')
                        .next()
                        .unwrap()
                        .to_string()
                };
                let name = attr("name");
                (
                    name.split(' ').next().unwrap().into(),
                    attr("classname"),
                    attr("line").parse().unwrap(),
                )
            })
            .collect(),
        "full" => text
            .lines()
            .filter(|l| l.starts_with("错误[") || l.starts_with("警告[") || l.starts_with("提示["))
            .map(|l| {
                (
                    l[l.find('[').unwrap() + 1..l.find(' ').unwrap()].to_string(),
                    String::new(),
                    0,
                )
            })
            .collect(),
        _ => unreachable!(),
    }
}

#[test]
fn every_format_lists_the_same_findings_in_the_same_order() {
    let reference = findings("json");
    assert!(reference.len() > 50, "the inputs should give many findings");
    for f in [
        "json-lines",
        "sarif",
        "rdjson",
        "gitlab",
        "github",
        "concise",
        "junit",
    ] {
        let got = findings(f);
        // SARIF URIs are percent-encoded; these fixture paths are ASCII.
        assert_eq!(got, reference, "{f} differs from json");
    }
    let full = findings("full");
    let codes: Vec<_> = reference.iter().map(|r| r.0.clone()).collect();
    let full_codes: Vec<_> = full.iter().map(|r| r.0.clone()).collect();
    assert_eq!(full_codes, codes, "full differs from json");
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    for f in ["json", "sarif", "concise"] {
        let one = gwlint()
            .env("RAYON_NUM_THREADS", "1")
            .args(["check", "--output-format", f])
            .args(INPUTS)
            .output()
            .unwrap();
        let two = gwlint()
            .env("RAYON_NUM_THREADS", "2")
            .args(["check", "--output-format", f])
            .args(INPUTS)
            .output()
            .unwrap();
        assert_eq!(one.stdout, two.stdout, "{f}");
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let log: Value = serde_json::from_str(&output("sarif")).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // A document the schema must reject, so the test can fail.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().all(|r| r["help"]["text"]
        .as_str()
        .is_some_and(|t| t.contains("## 检查内容"))));
    assert!(rules.iter().all(|r| r["helpUri"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://"))));
    let results = run["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["relatedLocations"].is_array()),
        "secondary labels"
    );
    assert!(results.iter().any(|r| r["fixes"].is_array()), "fixes");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
}

#[test]
fn sarif_regions_count_characters() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("半角.txt");
    fs::write(&f, "一、总体要求\n全面推进改革,扩大开放。\n").unwrap();
    let out = gwlint()
        .args(["check", "--output-format", "sarif", "--select", "P001"])
        .arg(&f)
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &log["runs"][0]["results"][0];
    let region = &r["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 2);
    assert_eq!(region["startColumn"], 7, "the comma is the 7th character");
    assert_eq!(region["endColumn"], 8);
    let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.ends_with("%E5%8D%8A%E8%A7%92.txt"), "{uri}");
}

#[test]
fn github_workflow_commands() {
    gwlint()
        .args(["check", "--output-format", "github", "fixtures/tasks/T001_trigger.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "::error file=fixtures/tasks/T001_trigger.md,line=7,col=1,endLine=7,endColumn=3,title=T001 missing-lead-unit::",
        ));
}

#[test]
fn rdjson_has_suggestions_from_fixes() {
    let out = gwlint()
        .args([
            "check",
            "--output-format",
            "rdjson",
            "--select",
            "P001",
            "fixtures/typography/P001_trigger.txt",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["source"]["name"], "gwlint");
    let d = &v["diagnostics"][0];
    assert!(d["suggestions"][0]["text"].is_string());
    assert!(d["location"]["range"]["start"]["column"].as_u64().unwrap() >= 1);
}

#[test]
fn junit_and_gitlab_are_well_formed() {
    let junit = output("junit");
    assert!(junit.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert_eq!(junit.matches("<failure ").count(), findings("json").len());
    assert!(junit.trim_end().ends_with("</testsuites>"));
    let gitlab: Value = serde_json::from_str(&output("gitlab")).unwrap();
    let items = gitlab.as_array().unwrap();
    let mut prints: Vec<&str> = items
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), items.len(), "fingerprints are unique");
    assert!(items
        .iter()
        .all(|i| ["info", "minor", "major", "critical", "blocker"]
            .contains(&i["severity"].as_str().unwrap())));
}

#[test]
fn concise_and_full_use_chinese_severity_words() {
    gwlint()
        .args([
            "check",
            "--output-format",
            "concise",
            "fixtures/tasks/T001_trigger.md",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "fixtures/tasks/T001_trigger.md:7:1: 错误[T001] ",
        ));
    gwlint()
        .args(["check", "fixtures/tasks/T001_trigger.md"])
        .assert()
        .stdout(predicate::str::contains("错误[T001 missing-lead-unit]"))
        .stdout(predicate::str::contains("帮助："))
        .stdout(predicate::str::contains("error").not());
}

#[test]
fn lang_en_switches_messages_but_not_codes() {
    gwlint()
        .args([
            "check",
            "--lang",
            "en",
            "--output-format",
            "concise",
            "fixtures/tasks/T001_trigger.md",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(": error[T001] "))
        .stdout(predicate::str::contains("checked 1 file: 2 errors"));
    gwlint()
        .args(["check", "--lang", "en", "fixtures/tasks/T001_trigger.md"])
        .assert()
        .stdout(predicate::str::contains("error[T001 missing-lead-unit]"));
}

#[test]
fn output_file_and_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("out.sarif");
    gwlint()
        .args(["check", "--format", "sarif", "--exit-zero", "-o"])
        .arg(&f)
        .arg("fixtures/tasks/T001_trigger.md")
        .assert()
        .code(0)
        .stdout("");
    let v: Value = serde_json::from_str(&fs::read_to_string(&f).unwrap()).unwrap();
    assert_eq!(v["version"], "2.1.0");
    // Tool errors still exit 2.
    gwlint()
        .args(["check", "--exit-zero", "missing.md"])
        .assert()
        .code(2);
}

#[test]
fn statistics_count_by_rule() {
    let out = gwlint()
        .args(["check", "--statistics"])
        .args(INPUTS)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let json = findings("json");
    let mut total = 0;
    for l in text.lines().filter(|l| !l.starts_with("检查了")) {
        let mut it = l.split_whitespace();
        let n: usize = it.next().unwrap().parse().unwrap();
        let code = it.next().unwrap();
        assert_eq!(n, json.iter().filter(|r| r.0 == code).count(), "{code}");
        total += n;
    }
    assert_eq!(total, json.len());
    let out = gwlint()
        .args(["check", "--statistics", "--format", "json"])
        .args(INPUTS)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["count"].as_u64().unwrap() as usize)
            .sum::<usize>(),
        json.len()
    );
}

#[test]
fn show_fixes_lists_edits() {
    gwlint()
        .args([
            "check",
            "--show-fixes",
            "--output-format",
            "concise",
            "--select",
            "P001",
            "fixtures/typography/P001_trigger.txt",
        ])
        .assert()
        .stdout(predicate::str::contains("修复（安全）："))
        .stdout(predicate::str::contains("」 → 「"));
}

#[test]
fn excerpts_fit_the_terminal_width() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("long.txt");
    let long = "推进高质量发展".repeat(40);
    fs::write(&f, format!("一、总体要求\n{long},{long}。\n")).unwrap();
    for cols in [60usize, 80, 120] {
        let out = gwlint()
            .env("COLUMNS", cols.to_string())
            .args(["check", "--select", "P001"])
            .arg(&f)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let widest = text
            .lines()
            .filter(|l| l.contains('│'))
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap();
        assert!(widest <= cols, "{cols}: {widest}\n{text}");
        assert!(widest >= cols * 2 / 3, "{cols}: uses the width ({widest})");
    }
}

#[test]
fn rules_listing_is_aligned_by_display_width() {
    let out = gwlint().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // The summary column starts at the same display column on every line.
    let starts: Vec<usize> = text
        .lines()
        .map(|l| {
            let parts: Vec<&str> = l.splitn(2, "  ").collect();
            let _ = parts;
            let idx = l
                .char_indices()
                .filter(|(i, _)| l[..*i].ends_with("  ") && !l[*i..].starts_with(' '))
                .map(|(i, _)| i)
                .nth(3)
                .unwrap();
            unicode_width::UnicodeWidthStr::width(&l[..idx])
        })
        .collect();
    assert!(starts.windows(2).all(|w| w[0] == w[1]), "{starts:?}");
}

#[test]
fn help_is_in_chinese() {
    for args in [&["--help"][..], &["check", "--help"]] {
        gwlint()
            .args(args)
            .assert()
            .code(0)
            .stdout(predicate::str::contains("用法："))
            .stdout(predicate::str::contains("选项"))
            .stdout(predicate::str::contains("Usage:").not())
            .stdout(predicate::str::contains("Print help").not())
            .stdout(predicate::str::contains("Possible values").not());
    }
}
