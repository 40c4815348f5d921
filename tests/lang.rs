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
use gwlint::rules::{matches_template, RuleMeta};
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
                [
                    "--packs",
                    "rules/templates",
                    "--packs",
                    "fixtures/packs/extend",
                ]
                .map(String::from)
                .to_vec()
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

/// Every firing self-test of the packs the fixtures load, written out as
/// files: `(what, --packs arguments, folder)`; the built-in packs that run
/// by default need no argument.
fn pack_test_runs() -> Vec<(String, Vec<String>, tempfile::TempDir)> {
    let sources: [(&str, Vec<std::sync::Arc<gwlint::rules::packs::PackRule>>); 3] = [
        (
            "",
            gwlint::rules::packs::default_packs()
                .into_iter()
                .flat_map(|p| p.rules)
                .collect(),
        ),
        (
            "rules/templates",
            gwlint::rules::packs::load_dir(&root().join("rules/templates"))
                .unwrap()
                .rules,
        ),
        (
            "fixtures/packs/extend",
            gwlint::rules::packs::load_dir(&root().join("fixtures/packs/extend"))
                .unwrap()
                .rules,
        ),
    ];
    let mut out = Vec::new();
    for (dir, rules) in sources {
        let extra: Vec<String> = if dir.is_empty() {
            Vec::new()
        } else {
            vec!["--packs".into(), dir.into()]
        };
        for r in rules {
            let tmp = tempfile::tempdir().unwrap();
            for (i, t) in r.tests.iter().enumerate() {
                let name = format!("{i}-{}", t.file);
                std::fs::write(tmp.path().join(name), &t.text).unwrap();
            }
            out.push((format!("{} self-tests", r.meta.code), extra.clone(), tmp));
        }
    }
    out
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
            // The kind, not the reason's words (an OS or zip message in
            // the run's language).
            .map(|s| (s["path"].to_string(), s["reason"]["kind"].to_string()))
            .collect::<Vec<_>>()
    ));
    out
}

#[test]
fn english_messages_hold_no_untranslated_chinese_and_match_the_chinese_run() {
    let examples = example_runs();
    let mut runs: Vec<(String, Vec<String>, PathBuf)> = fixture_runs()
        .into_iter()
        .map(|(d, extra)| (d.display().to_string(), extra, d))
        .collect();
    for (code, dir) in &examples {
        runs.push((format!("{code} 示例"), Vec::new(), dir.path().to_path_buf()));
    }
    let pack_tests = pack_test_runs();
    for (what, extra, dir) in &pack_tests {
        runs.push((what.clone(), extra.clone(), dir.path().to_path_buf()));
    }
    let mut bad = Vec::new();
    let mut fired = std::collections::BTreeSet::new();
    let pack_metas = pack_metas();
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
        if shape(&zh) != shape(&en) {
            bad.push(format!("{what}: zh and en runs differ"));
        }
        for d in en["diagnostics"].as_array().unwrap() {
            let code = d["code"].as_str().unwrap();
            fired.insert(code.to_string());
            // Every English message and fix title is an instance of one of
            // its rule's English templates.
            let (messages, fix_titles) = english_templates(code, &pack_metas);
            let message = d["message"].as_str().unwrap();
            if !messages.iter().any(|t| matches_template(t, message)) {
                bad.push(format!(
                    "{code}: message “{message}” matches no message_en template"
                ));
            }
            if let (Some(title), Some(titles)) = (d["fix"]["title"].as_str(), fix_titles) {
                if !titles.iter().any(|t| matches_template(t, title)) {
                    bad.push(format!(
                        "{code}: fix title “{title}” matches no fix_title_en template"
                    ));
                }
            }
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
    // messages were looked at; so did the rules of the packs the fixtures
    // load (the default built-in pack, the templates, an including pack).
    for (m, _) in gwlint::rules::codes::registry() {
        assert!(fired.contains(m.code), "{} never fired", m.code);
    }
    for code in [
        "GF001", "GF002", "U001", "U002", "U003", "U004", "U005", "U006", "BG001",
    ] {
        assert!(fired.contains(code), "{code} never fired");
    }
    assert!(strings > 1000, "only {strings} strings checked");
}

/// The rules of every pack the fixture runs load: the built-in packs (also
/// those off by default), the templates and fixtures/packs/extend.
fn pack_metas() -> Vec<RuleMeta> {
    let mut v: Vec<RuleMeta> = gwlint::rules::packs::all_builtin_rules()
        .iter()
        .map(|r| r.meta.clone())
        .collect();
    for dir in ["rules/templates", "fixtures/packs/extend"] {
        let p = gwlint::rules::packs::load_dir(&root().join(dir)).unwrap();
        v.extend(p.rules.iter().map(|r| r.meta.clone()));
    }
    v
}

/// A rule's English message templates and (for built-in rules, whose fix
/// titles are declared) its English fix title templates.
fn english_templates(code: &str, packs: &[RuleMeta]) -> (Vec<String>, Option<Vec<String>>) {
    if let Some((m, _)) = gwlint::rules::codes::find(code) {
        return (m.messages_en.clone(), Some(m.fix_titles_en.clone()));
    }
    let m = packs
        .iter()
        .find(|m| m.code == code)
        .unwrap_or_else(|| panic!("{code}: no such rule"));
    // Pack rules' fix titles are the engine's (“change to …”).
    (m.messages_en.clone(), None)
}

#[test]
fn quoted_segments_are_taken_out() {
    assert_eq!(unquoted("unit “区财政局” is unknown"), "unit  is unknown");
    assert_eq!(unquoted("see 《国务院公文》 and 「附件」"), "see  and ");
    assert_eq!(leftover_han("task 3 (“三、”) names no lead unit"), None);
    assert!(leftover_han("任务3 names no lead unit").is_some());
}

/// `s` without its ASCII-quoted segments ("…").
fn ascii_unquoted(s: &str) -> String {
    s.split('"').step_by(2).collect::<Vec<_>>().join("")
}

/// The lines of a miette report that are ours: the source excerpt (`12 │ …`)
/// is the user's file and stays as written.
fn report_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            !(digits > 0 && t[digits..].trim_start().starts_with('│'))
        })
        .collect()
}

/// Configuration, rule-data and pack errors: each input below is refused
/// (exit 2) in both languages; the Chinese report says it in Chinese and the
/// English one holds no Chinese outside quotes and the source excerpt.
#[test]
fn configuration_and_data_errors_are_english() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("a.txt"),
        "一、总体要求\n1.推进项目建设。（牵头单位：区财政局）\n",
    )
    .unwrap();
    let bad_pack = d.join("pack");
    std::fs::create_dir(&bad_pack).unwrap();
    std::fs::write(
        bad_pack.join("p.toml"),
        "[pack]\nname = \"p\"\nprefix = \"U\"\n\n[[rule]]\ncode = \"U01\"\nname = \"x\"\ntype = \"existence\"\nmessage = \"不用“{matched}”\"\ntokens = [\"原则上\"]\n",
    )
    .unwrap();
    std::fs::write(d.join("rules.toml"), "[R001]\nmin_char = 3\n").unwrap();
    std::fs::write(d.join("levels.toml"), "[T001]\nlevel = \"loud\"\n").unwrap();
    let registry = d.join("reg");
    std::fs::create_dir(&registry).unwrap();
    std::fs::write(registry.join("r.toml"), "name = 3\n").unwrap();
    std::fs::write(d.join("ind.toml"), "[[x]]\n").unwrap();
    let configs = [
        "selct = [\"T\"]\n",
        "select = \"T\"\n",
        "select = [\"ZZZ\"]\n",
        "fail-on = \"loud\"\n",
        "output-format = \"pdf\"\n",
        "exclude = [\"[\"]\n",
        "[rules.R001]\nmin_char = 3\n",
        "[rules.R001]\nmin_chars = \"五\"\n",
        "[[pairs]]\nreport = \"r.txt\"\nanex = \"a.txt\"\n",
        "registry = [\"nowhere\"]\n",
        "per-file-ignores = [\"R005\"]\n",
        "[rules.Q123]\nlevel = \"off\"\n",
        "not toml at all [\n",
    ];
    let a = d.join("a.txt");
    let mut runs: Vec<(String, Vec<std::ffi::OsString>)> = Vec::new();
    for (i, c) in configs.iter().enumerate() {
        let f = d.join(format!("c{i}.toml"));
        std::fs::write(&f, c).unwrap();
        runs.push((
            format!("gwlint.toml {c:?}"),
            vec!["--config".into(), f.into(), a.clone().into()],
        ));
    }
    let path = |p: PathBuf| p.into_os_string();
    let failing = root().join("fixtures/packs/bad");
    for (what, flag, value) in [
        ("--packs with a bad code", "--packs", path(bad_pack.clone())),
        ("--packs failing self-test", "--packs", path(failing)),
        (
            "--rules unknown option",
            "--rules",
            path(d.join("rules.toml")),
        ),
        ("--rules bad level", "--rules", path(d.join("levels.toml"))),
        ("--registry invalid", "--registry", path(registry.clone())),
        (
            "--indicators invalid",
            "--indicators",
            path(d.join("ind.toml")),
        ),
        ("--select typo", "--select", "ZZZ".into()),
        ("--pair missing file", "--pair", "nowhere.txt=a.txt".into()),
        (
            "--baseline missing",
            "--baseline",
            path(d.join("none.json")),
        ),
    ] {
        runs.push((
            what.to_string(),
            vec!["--isolated".into(), flag.into(), value, a.clone().into()],
        ));
    }
    let mut bad = Vec::new();
    for (what, args) in &runs {
        let mut out = Vec::new();
        for lang in ["zh", "en"] {
            let o = gwlint()
                .args(["check", "--lang", lang])
                .args(args)
                .output()
                .unwrap();
            assert_eq!(o.status.code(), Some(2), "{what} ({lang}) is refused");
            out.push(String::from_utf8_lossy(&o.stderr).into_owned());
        }
        let (zh, en) = (&out[0], &out[1]);
        assert!(
            report_lines(zh).iter().any(|l| leftover_han(l).is_some()),
            "{what}: the Chinese report says nothing in Chinese:\n{zh}"
        );
        for l in report_lines(en) {
            let l = l.replace(&d.display().to_string(), "");
            // serde quotes the user's value in ASCII quotes ("五").
            let l = ascii_unquoted(&l);
            if let Some(left) = leftover_han(&l) {
                bad.push(format!("{what}: {l}    [unquoted: {left}]"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "English errors hold Chinese:\n{}",
        bad.join("\n")
    );
}

/// Built-in packs and the templates give every text in English too
/// (`message_en`, `help_en`, `note_en`, `description_en`), so `--lang en`
/// never falls back to Chinese on them.
#[test]
fn built_in_packs_and_templates_have_english_texts() {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["rules/packs", "rules/templates", "fixtures/packs/extend"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            files.push(e.unwrap().path());
        }
    }
    let mut checked = 0;
    for f in &files {
        let v: toml::Value = toml::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let pack = v.get("pack").unwrap();
        if pack.get("description").is_some() {
            assert!(
                pack.get("description_en").is_some(),
                "{f:?}: [pack] description_en"
            );
        }
        for r in v.get("rule").and_then(|r| r.as_array()).unwrap() {
            for key in ["message", "help", "note", "description"] {
                if r.get(key).is_some() {
                    checked += 1;
                    let en = r.get(format!("{key}_en")).and_then(|x| x.as_str());
                    let en = en.unwrap_or_else(|| panic!("{f:?} {}: no {key}_en", r["code"]));
                    assert!(leftover_han(en).is_none(), "{f:?}: {key}_en “{en}”");
                }
            }
            for e in r
                .get("entries")
                .and_then(|e| e.as_array())
                .into_iter()
                .flatten()
            {
                if e.get("message").is_some() {
                    checked += 1;
                    assert!(
                        e.get("message_en").is_some(),
                        "{f:?}: entry without message_en"
                    );
                }
            }
        }
    }
    assert!(checked >= 15, "only {checked} texts");
}

/// A user's pack without `message_en`: `--lang en` shows its Chinese
/// message (the pack author's words), and the rest of the finding in English.
#[test]
fn a_pack_without_english_falls_back_to_its_chinese_message() {
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    std::fs::create_dir(&packs).unwrap();
    std::fs::write(
        packs.join("mine.toml"),
        "[pack]\nname = \"mine\"\nprefix = \"U\"\n\n[[rule]]\ncode = \"U901\"\nname = \"no-in-principle\"\ntype = \"existence\"\nmessage = \"不用“{matched}”这个说法\"\nhelp = \"写明条件\"\ntokens = [\"原则上\"]\n\n[[rule.test]]\ntext = \"原则上同意。\"\nexpect = 1\n\n[[rule.test]]\ntext = \"同意。\"\nexpect = 0\n",
    )
    .unwrap();
    let doc = dir.path().join("a.txt");
    std::fs::write(&doc, "原则上同意。\n").unwrap();
    let (en, _) = run_json("en", &["--packs", packs.to_str().unwrap()], &[&doc]);
    let d = &en["diagnostics"].as_array().unwrap()[0];
    assert_eq!(d["code"], "U901");
    assert_eq!(d["message"], "不用“原则上”这个说法");
    assert_eq!(d["help"], "写明条件");
    assert_eq!(d["labels"][0]["message"], "should not appear");
}

/// The seed pair in English, as a new user reads it.
#[test]
fn seed_pair_in_english() {
    let out = gwlint()
        .args(["check", "--isolated", "--lang", "en", "--color", "never"])
        .args([
            "fixtures/seeds/changqing-2025-report-news.txt",
            "fixtures/seeds/changqing-2025-annex.md",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("seed_pair_en", text);
}

/// `--lang en` (or GWLINT_LANG=en) before parsing: help in English,
/// including clap's own words; Chinese by default.
#[test]
fn help_follows_the_language() {
    for args in [
        &["--lang", "en", "--help"][..],
        &["check", "--lang=en", "--help"],
    ] {
        let out = gwlint().args(args).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Usage: gwlint"), "{text}");
        assert!(text.contains("Options"), "{text}");
        assert!(!text.contains("用法"), "{text}");
        for l in text.lines() {
            assert!(leftover_han(l).is_none(), "{args:?}: {l}");
        }
    }
    let out = gwlint()
        .env("GWLINT_LANG", "en")
        .args(["check", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("Files or folders to check"));
    // clap's errors: Chinese by default, English with --lang en.
    let out = gwlint()
        .args(["check", "--bogus", "a.txt"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("不认识的参数“--bogus”") && err.contains("用法："),
        "{err}"
    );
    assert!(!err.contains("error:") && !err.contains("Usage"), "{err}");
    let out = gwlint()
        .args(["check", "--lang", "en", "--bogus", "a.txt"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("unexpected argument"));
}

/// The review page's own words follow the language; the document text on it
/// stays as written.
#[test]
fn review_page_ui_is_english() {
    let page = |lang: &str| {
        let out = gwlint()
            .args([
                "check",
                "--isolated",
                "--output-format",
                "html",
                "--lang",
                lang,
            ])
            .args([
                "fixtures/seeds/changqing-2025-report-news.txt",
                "fixtures/seeds/changqing-2025-annex.md",
            ])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let (zh, en) = (page("zh"), page("en"));
    let ui = [
        ("gwlint 审阅报告", "gwlint review report"),
        ("<h2>概况</h2>", "<h2>Overview</h2>"),
        ("<legend>级别</legend>", "<legend>Level</legend>"),
        ("全部规则", "all rules"),
        ("全部文件", "all files"),
        (
            "<figcaption>按规则</figcaption>",
            "<figcaption>By rule</figcaption>",
        ),
        ("项没有牵头单位", "without a lead unit"),
        ("跨文件问题", "Findings across files"),
        (
            "data-fmt=\"显示 {n} / {total} 条\"",
            "data-fmt=\"showing {n} of {total}\"",
        ),
        ("<html lang=\"zh-CN\">", "<html lang=\"en\">"),
    ];
    for (z, e) in ui {
        assert!(zh.contains(z) && !zh.contains(e), "zh page: {z}");
        assert!(en.contains(e) && !en.contains(z), "en page: {e}");
    }
    // The same findings either way.
    assert_eq!(
        zh.matches("<li class=\"item ").count(),
        en.matches("<li class=\"item ").count()
    );
}
