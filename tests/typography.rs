//! Typography rules (P, D, F, R): one fixture that triggers each rule and one
//! that must stay quiet, exact expected output, the rule docs' own examples,
//! and what the whole family reports on the five seed documents.

mod common;

use gwlint::rules::codes;

const FAMILY_LETTERS: [char; 4] = ['P', 'D', 'F', 'R'];

fn typography_codes() -> Vec<&'static str> {
    codes::registry()
        .iter()
        .map(|(m, _)| m.code)
        .filter(|c| c.starts_with(FAMILY_LETTERS))
        .collect()
}

/// The ```text block under a `## heading` of a rule's doc.
fn block(doc: &str, heading: &str) -> String {
    let text = gwlint::rules::doc_text(doc);
    let after = text
        .split_once(heading)
        .unwrap_or_else(|| panic!("no {heading}"))
        .1;
    let start = after.find("```text").expect("a ```text block") + "```text".len();
    let rest = &after[start..];
    let end = rest.find("```").expect("closed block");
    rest[..end].trim_matches('\n').to_string() + "\n"
}

/// Codes of `code`'s findings on a fixture.
fn fired(path: &str, code: &str) -> usize {
    let run = common::run(&[path], &[code]);
    run.diagnostics.iter().filter(|d| d.code == code).count()
}

/// Human output of one rule over a trigger fixture; fails if it is empty.
fn trigger(code: &str, ext: &str) -> String {
    let path = format!("fixtures/typography/{code}_trigger.{ext}");
    let out = common::render(&[&path], &[code]);
    assert!(!out.trim().is_empty(), "{path} does not trigger {code}");
    out
}

/// Asserts that a clean fixture yields nothing for the rule.
fn clean(code: &str, ext: &str) {
    let path = format!("fixtures/typography/{code}_clean.{ext}");
    let out = common::render(&[&path], &[code]);
    assert!(out.trim().is_empty(), "{path} triggers {code}:\n{out}");
}

#[test]
fn every_typography_rule_is_registered() {
    let codes = typography_codes();
    assert_eq!(codes.len(), 23, "{codes:?}");
    for c in &codes {
        assert!(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("fixtures/typography/{c}_trigger.txt"))
                .exists()
                || std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(format!("fixtures/typography/{c}_trigger.md"))
                    .exists(),
            "{c} has no trigger fixture"
        );
    }
}

#[test]
fn doc_examples_fire_and_fixes_are_quiet() {
    for (meta, _) in codes::registry()
        .iter()
        .filter(|(m, _)| m.code.starts_with(FAMILY_LETTERS))
    {
        for section in [
            "## 检查内容",
            "## 为什么",
            "## 示例",
            "## 应改为",
            "## 配置",
        ] {
            assert!(meta.doc.contains(section), "{} lacks {section}", meta.code);
        }
        if meta.fix != gwlint::rules::FixAvailability::None {
            assert!(
                meta.doc.contains("## 修复安全性"),
                "{} lacks ## 修复安全性",
                meta.code
            );
        }
        let bad = block(meta.doc, "## 示例");
        let good = block(meta.doc, "## 应改为");
        let run = common::run_text("example.txt", &bad, &[meta.code]);
        assert!(
            run.diagnostics.iter().any(|d| d.code == meta.code),
            "{}: the 示例 does not fire:\n{bad}",
            meta.code
        );
        let run = common::run_text("example.txt", &good, &[meta.code]);
        let left: Vec<_> = run
            .diagnostics
            .iter()
            .filter(|d| d.code == meta.code)
            .collect();
        assert!(
            left.is_empty(),
            "{}: the 应改为 fires: {:?}",
            meta.code,
            left.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
    }
}

macro_rules! rule_tests {
    ($($name:ident: $code:literal, $ext:literal;)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(trigger($code, $ext));
                clean($code, $ext);
            }
        )*
    };
}

rule_tests! {
    p001_half_width_punctuation: "P001", "txt";
    p002_unbalanced_pair: "P002", "txt";
    p003_repeated_punctuation: "P003", "txt";
    p004_space_beside_punctuation: "P004", "txt";
    p005_comma_between_quoted_items: "P005", "txt";
    p006_book_marks_on_non_title: "P006", "txt";
    p007_wrong_range_mark: "P007", "txt";
    p008_half_width_clause_punctuation: "P008", "txt";
    d001_full_width_digits: "D001", "txt";
    d002_range_unit_dropped: "D002", "txt";
    d003_mixed_magnitude_units: "D003", "txt";
    d004_nonstandard_date: "D004", "txt";
    d005_comma_in_approximate_number: "D005", "txt";
    f001_malformed_heading_mark: "F001", "txt";
    f002_malformed_document_number: "F002", "txt";
    f003_malformed_attachment_list: "F003", "txt";
    f004_attachment_heading_mismatch: "F004", "txt";
    f005_title_year_mismatch: "F005", "txt";
    r001_repeated_phrase: "R001", "txt";
    r002_doubled_character: "R002", "txt";
    r003_conversion_leftover: "R003", "txt";
    r004_page_number_in_body: "R004", "txt";
    r005_placeholder_text: "R005", "txt";
}

#[test]
fn markdown_markup_is_not_prose() {
    // Emphasis, headings, tables, links and code in a .md file.
    for code in ["P001", "P004", "R003", "R005", "P007"] {
        assert_eq!(
            fired("fixtures/typography/markdown_clean.md", code),
            0,
            "{code}"
        );
    }
    // …but half-width punctuation inside Markdown headings is still found.
    assert_eq!(fired("fixtures/typography/P001_trigger.md", "P001"), 2);
}

#[test]
fn clause_yields_one_finding_not_one_per_character() {
    let run = common::run(&["fixtures/typography/P008_trigger.txt"], &["P001", "P008"]);
    let codes = common::codes(&run);
    // Task 1: all half-width; task 2: one colon plus a mixed bracket (P002's).
    assert_eq!(codes, ["P008", "P008"], "{codes:?}");
    assert!(
        run.diagnostics[0].message.contains("6 处"),
        "{}",
        run.diagnostics[0].message
    );
    let run = common::run(&["fixtures/typography/P008_trigger.txt"], &["P002"]);
    assert_eq!(common::codes(&run), ["P002"]);
}

#[test]
fn safe_fixes_produce_clean_text() {
    let run = common::run(&["fixtures/typography/P001_trigger.txt"], &["P001"]);
    let fixed = gwlint::fix::apply(&run.sources, &run.diagnostics, gwlint::fix::FixMode::Safe);
    assert_eq!(fixed.len(), 1);
    let again = common::run_text("fixed.txt", &fixed[0].text, &["P001"]);
    assert!(again.diagnostics.is_empty(), "{}", fixed[0].text);
    assert!(fixed[0].text.contains("整治成效，加快推进"));
    assert!(fixed[0].text.contains("“三微一端”（微信"));
}

#[test]
fn user_typography_data_extends_the_builtin_lists() {
    let mut data = gwlint::rules::data::Data::builtin();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/typography/extra/typography.toml");
    gwlint::rules::data::merge_rules_file(&mut data, &path).expect("valid data file");
    data.settings.select = vec!["R002".into(), "R005".into()];
    let src =
        gwlint::load::SourceFile::from_text("a.txt", "推动经经济发展，联系人：（暂定人选）。\n");
    let run = gwlint::check_sources(vec![src], &data, &gwlint::parse::ParseOptions::default());
    assert_eq!(common::codes(&run), ["R002", "R005"]);
}

#[test]
fn invalid_typography_data_is_a_tool_error_with_a_span() {
    let mut data = gwlint::rules::data::Data::builtin();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/typography/bad/typography.toml");
    let err =
        gwlint::rules::data::merge_rules_file(&mut data, &path).expect_err("invalid data file");
    let shown = format!("{err:?}");
    assert!(shown.contains("不是有效的正则表达式"), "{shown}");
    let out = assert_cmd::Command::cargo_bin("gwlint")
        .unwrap()
        .args(["check", "--color", "never", "--rules"])
        .arg(&path)
        .arg(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/typography/P001_clean.txt"),
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("typography.toml") && stderr.contains("(?<="),
        "{stderr}"
    );
}

// ── Seeds ─────────────────────────────────────────────────────────────

/// `line:col CODE message` for every typography finding on a seed.
fn seed_listing(path: &str) -> String {
    let run = common::run(&[path], &["P", "D", "F", "R"]);
    run.diagnostics
        .iter()
        .map(|d| {
            let (l, c) = run.sources[d.primary.file].line_col(d.primary.span.start);
            let excerpt: String = run.sources[d.primary.file].text[d.primary.span.clone()]
                .chars()
                .take(16)
                .collect();
            format!(
                "{l}:{c} {} {} ⟦{}⟧",
                d.code,
                d.message,
                excerpt.replace('\n', "⏎")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn seed_000_report_news() {
    let out = seed_listing("fixtures/seeds/changqing-2025-report-news.txt");
    assert!(out.contains("R001 “谋而有方”紧接着重复了 2 次"));
    insta::assert_snapshot!(out);
}

#[test]
fn seed_001_annex() {
    let out = seed_listing("fixtures/seeds/changqing-2025-annex.md");
    // Items 53–57 and the headings of section 六 use half-width punctuation.
    for line in ["169:", "171:", "173:", "175:", "177:", "179:", "181:"] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(line) && l.contains("P001")),
            "{line}\n{out}"
        );
    }
    assert_eq!(out.matches("P008").count(), 4, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn seed_002_opinion_and_plan() {
    let out = seed_listing("fixtures/seeds/changqing-2021-health-opinion-and-plan.txt");
    assert!(out.contains("P002 括号一半全角一半半角：“(”与“）”"));
    assert!(out.contains("R004 正文里夹着页码“17”"));
    assert!(out.contains("R004 正文里夹着页码“39”"));
    insta::assert_snapshot!(out);
}

#[test]
fn seed_003_report_2024() {
    let out = seed_listing("fixtures/seeds/changqing-2024-report.txt");
    assert!(out.contains("R003 转换残留的 Word 书签“[bookmark: _GoBack]”"));
    assert!(out.contains("P001 中文里用了半角叹号“!”"));
    insta::assert_snapshot!(out);
}

#[test]
fn seed_004_tianqiao_report() {
    let out = seed_listing("fixtures/seeds/tianqiao-2025-report.txt");
    assert!(out.contains("P007 年份范围“2024-2026”"));
    assert!(out.contains("P005"));
    insta::assert_snapshot!(out);
}

/// Any input, however odd, yields findings or nothing, never a panic: random
/// mixtures of Chinese, full- and half-width marks, digits, Markdown and line
/// breaks of every kind.
#[test]
fn odd_input_never_panics() {
    const ALPHABET: &[&str] = &[
        "一",
        "二",
        "、",
        "，",
        "。",
        "：",
        ":",
        ";",
        ",",
        "(",
        ")",
        "（",
        "）",
        "“",
        "”",
        "‘",
        "’",
        "《",
        "》",
        "【",
        "】",
        "〔",
        "〕",
        "[",
        "]",
        "-",
        "—",
        "～",
        "~",
        "0",
        "1",
        "2",
        "0",
        "2",
        "5",
        "年",
        "月",
        "日",
        "号",
        "亿",
        "万",
        "%",
        "％",
        "５",
        "．",
        ".",
        " ",
        "　",
        "\n",
        "\r\n",
        "\r",
        "\n\n\n",
        "#",
        "**",
        "|",
        "`",
        "X",
        "×",
        "＿",
        "附件",
        "附件：",
        "1.",
        "1、",
        "的",
        "了",
        "谋而有方",
        "字[2021]",
        "第",
        "http://a.b/",
        "GB/T 9704-2012",
        "<br>",
        "&nbsp;",
        "[bookmark: x]",
        "— 3 —",
        "牵头单位",
        "责任单位",
        "a",
        "Z",
        "@",
        "é",
        "😀",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..300 {
        let len = (next() % 120) as usize;
        let text: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        let name = if round % 2 == 0 { "odd.txt" } else { "odd.md" };
        let run = common::run_text(name, &text, &["P", "D", "F", "R"]);
        for d in &run.diagnostics {
            assert!(d.primary.span.end <= text.len(), "{text:?}");
            assert!(
                text.is_char_boundary(d.primary.span.start),
                "{text:?} {:?}",
                d.code
            );
            assert!(
                text.is_char_boundary(d.primary.span.end),
                "{text:?} {:?}",
                d.code
            );
        }
        // Applying every fix must not panic either.
        let _ = gwlint::fix::apply(&run.sources, &run.diagnostics, gwlint::fix::FixMode::Unsafe);
    }
}
