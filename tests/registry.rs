//! The rule registry: codes, names, documentation, and that every rule's
//! own example fires it while its corrected text does not.

mod common;

use std::collections::HashSet;

use common::example_files;
use gwlint::rules::{codes, doc_text};

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut seen_codes = HashSet::new();
    let mut seen_names = HashSet::new();
    for (m, _) in codes::registry() {
        assert!(seen_codes.insert(m.code), "duplicate code {}", m.code);
        assert!(seen_names.insert(m.name), "duplicate name {}", m.name);
        assert!(
            m.code.len() == 4
                && m.code.as_bytes()[0].is_ascii_uppercase()
                && m.code[1..].bytes().all(|b| b.is_ascii_digit()),
            "bad code {}",
            m.code
        );
        assert!(
            m.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "name {} is not kebab-case",
            m.name
        );
        assert!(!m.summary.is_empty(), "{} has no summary", m.code);
    }
}

#[test]
fn every_rule_has_a_default_level() {
    let settings = gwlint::rules::RuleSettings::builtin();
    for (m, _) in codes::registry() {
        assert!(
            settings.rules.contains_key(m.code),
            "{} missing from rules/rules.toml",
            m.code
        );
    }
    for code in settings.rules.keys() {
        assert!(
            codes::find(code).is_some(),
            "rules/rules.toml names unknown code {code}"
        );
    }
}

#[test]
fn config_sections_document_exactly_the_options_struct() {
    // A rule's `## 配置` lists its `rules.toml` options as `- `key`…` items;
    // they must be exactly the fields of the options struct it declares.
    for (m, rule) in codes::registry() {
        let doc = doc_text(m.doc);
        let section: String = doc
            .split("## ")
            .find(|s| s.starts_with("配置"))
            .unwrap_or("")
            .to_string();
        let documented: std::collections::BTreeSet<&str> = section
            .lines()
            .filter_map(|l| l.trim().strip_prefix("- `"))
            .filter_map(|r| r.split('`').next())
            .filter(|k| {
                k.starts_with(|c: char| c.is_ascii_lowercase())
                    && k.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            })
            .collect();
        let fields: std::collections::BTreeSet<&str> = rule
            .info()
            .options
            .map(|o| (o.fields)().iter().copied().collect())
            .unwrap_or_default();
        assert_eq!(
            documented, fields,
            "{}: options documented under ## 配置 differ from its options struct",
            m.code
        );
        if !fields.is_empty() {
            assert!(
                section.contains(&format!("[{}]", m.code)),
                "{}: ## 配置 should name its section [{}]",
                m.code,
                m.code
            );
        }
    }
}

#[test]
fn docs_follow_the_template() {
    for (m, _) in codes::registry() {
        let doc = doc_text(m.doc);
        let mut last = 0;
        for section in [
            "## 检查内容",
            "## 为什么",
            "## 示例",
            "## 应改为",
            "## 配置",
        ] {
            let at = doc
                .find(section)
                .unwrap_or_else(|| panic!("{}: missing {section}", m.code));
            assert!(at >= last, "{}: {section} out of order", m.code);
            last = at;
        }
    }
}

fn run_files(files: &[(String, String)], code: &str) -> Vec<&'static str> {
    let mut data = gwlint::rules::data::Data::builtin();
    data.settings.select = vec![code.to_string()];
    let sources = files
        .iter()
        .map(|(n, t)| gwlint::load::SourceFile::from_text(n, t))
        .collect();
    let run = gwlint::check_sources(sources, &data, &gwlint::parse::ParseOptions::default());
    run.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn examples_fire_and_corrections_do_not() {
    for (m, _) in codes::registry() {
        let doc = doc_text(m.doc);
        let bad = example_files(&doc, "## 示例");
        let good = example_files(&doc, "## 应改为");
        let fired = run_files(&bad, m.code);
        assert!(
            fired.contains(&m.code),
            "{}: the 示例 text does not trigger the rule",
            m.code
        );
        let fired = run_files(&good, m.code);
        assert!(
            !fired.contains(&m.code),
            "{}: the 应改为 text still triggers the rule",
            m.code
        );
    }
}

/// Every finding's message is an instance of one of its rule's declared
/// message templates (`declare_rule! { message: [...] }`, shown by
/// `gwlint rule CODE`), and every fix title of one of its fix templates —
/// over the rules' own examples and every fixture document, each folder
/// checked as one run so that report ↔ annex rules fire too.
#[test]
fn messages_and_fix_titles_match_the_declared_templates() {
    use gwlint::rules::matches_template;
    let mut runs: Vec<Vec<(String, String)>> = Vec::new();
    for (m, _) in codes::registry() {
        let doc = doc_text(m.doc);
        runs.push(example_files(&doc, "## 示例"));
        assert_eq!(
            m.fix_titles.is_empty(),
            m.fix == gwlint::rules::FixAvailability::None,
            "{}: fix templates and fix availability disagree",
            m.code
        );
        assert!(!m.messages.is_empty(), "{}: no message template", m.code);
    }
    let mut dirs = vec![std::path::PathBuf::from("fixtures")];
    while let Some(dir) = dirs.pop() {
        let mut files = Vec::new();
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "txt" || x == "md") {
                files.push((
                    p.display().to_string(),
                    String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned(),
                ));
            }
        }
        if !files.is_empty() {
            runs.push(files);
        }
    }
    let mut seen = HashSet::new();
    let mut bad = Vec::new();
    for files in &runs {
        let mut data = gwlint::rules::data::Data::builtin();
        // Every built-in rule, also those off by default.
        data.settings.select = codes::registry()
            .iter()
            .map(|(m, _)| m.code.to_string())
            .collect();
        let sources = files
            .iter()
            .map(|(n, t)| gwlint::load::SourceFile::from_text(n, t))
            .collect();
        let run = gwlint::check_sources(sources, &data, &gwlint::parse::ParseOptions::default());
        for d in &run.diagnostics {
            let Some((m, _)) = codes::find(d.code) else {
                continue;
            };
            seen.insert(d.code);
            if !m.messages.iter().any(|t| matches_template(t, &d.message)) {
                bad.push(format!("{}: message “{}”", d.code, d.message));
            }
            if let Some(f) = &d.fix {
                if !m.fix_titles.iter().any(|t| matches_template(t, &f.title)) {
                    bad.push(format!("{}: fix title “{}”", d.code, f.title));
                }
            }
        }
    }
    bad.sort();
    bad.dedup();
    assert!(bad.is_empty(), "undeclared messages:\n{}", bad.join("\n"));
    // The examples alone make every rule fire (tested above), so every
    // rule's messages were checked.
    assert_eq!(seen.len(), codes::registry().len());
}

#[test]
fn templates_match_as_wildcards() {
    use gwlint::rules::matches_template as m;
    assert!(m("{…}没有写明牵头单位", "第 3 项任务没有写明牵头单位"));
    assert!(!m("{…}没有写明牵头单位", "第 3 项任务没有写明责任单位"));
    assert!(m("任务编号 {…} 重复", "任务编号 4 重复"));
    assert!(!m("任务编号 {…} 重复", "任务编号 4 重复了"));
    assert!(m("改为“{…}”", "改为“”"));
    assert!(m("a{…}b{…}b", "axbyb"));
    assert!(m("a{…}b{…}b", "abb"));
    assert!(!m("a{…}b{…}c", "abc-"));
    assert!(m("全文", "全文"));
    assert!(!m("全文", "全文x"));
}

/// `--lang en`: every rule declares one English message template per
/// Chinese one and one English fix title per Chinese one (tests/lang.rs
/// checks every English finding against them), and an English paragraph
/// saying what it finds and why.
#[test]
fn english_declarations_are_complete() {
    let han = |s: &str| {
        // Quoted document text (“…”, 《…》) may stay Chinese.
        let mut depth = 0i32;
        s.chars().any(|c| {
            match c {
                '“' | '《' => depth += 1,
                '”' | '》' => depth -= 1,
                _ => {}
            }
            depth == 0 && ('\u{4e00}'..='\u{9fff}').contains(&c)
        })
    };
    for (m, _) in codes::registry() {
        assert_eq!(
            m.messages.len(),
            m.messages_en.len(),
            "{}: message and message_en differ in length",
            m.code
        );
        assert_eq!(
            m.fix_titles.len(),
            m.fix_titles_en.len(),
            "{}: fix_title and fix_title_en differ in length",
            m.code
        );
        for t in m.messages_en.iter().chain(&m.fix_titles_en) {
            assert!(!han(t), "{}: English template “{t}” holds Chinese", m.code);
            // at least an English template is not a copy of the Chinese one.
        }
        let e = m.explain_en.trim();
        assert!(
            e.len() > 80 && e.contains(". "),
            "{}: explain_en should say what the rule finds and why: “{e}”",
            m.code
        );
        assert!(!han(e), "{}: explain_en holds Chinese: “{e}”", m.code);
    }
}
