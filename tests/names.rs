//! Tests of the `names` family (N001–N007), its registries and its fixes.

mod common;

use std::collections::BTreeSet;

use gwlint::diag::{render_human, Applicability};
use gwlint::fix::{self, FixMode};
use gwlint::load::SourceFile;
use gwlint::names::registry::Registry;
use gwlint::names::Jurisdiction;
use gwlint::parse::ParseOptions;
use gwlint::rules::data::Data;

const CODES: &[&str] = &["N001", "N002", "N003", "N004", "N005", "N006", "N007"];
const SEED_001: &str = "fixtures/seeds/changqing-2025-annex.md";
const SEED_002: &str = "fixtures/seeds/changqing-2021-health-opinion-and-plan.txt";

/// Runs selected rules over sources with a given jurisdiction choice.
fn run_with(sources: Vec<SourceFile>, select: &[&str], j: Jurisdiction) -> gwlint::Run {
    let mut data = Data::builtin();
    data.settings.select = select.iter().map(|s| s.to_string()).collect();
    data.names.jurisdiction = j;
    gwlint::check_sources(sources, &data, &ParseOptions::default())
}

fn text_of(run: &gwlint::Run, d: &gwlint::diag::Diagnostic) -> String {
    run.sources[d.primary.file].text[d.primary.span.clone()]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn fix_title(d: &gwlint::diag::Diagnostic) -> Option<&str> {
    d.fix.as_ref().map(|f| f.title.as_str())
}

// ── Built-in data ─────────────────────────────────────────────────────

#[test]
fn builtin_registries_load_and_pass_their_self_tests() {
    let names = gwlint::rules::packs::builtin_names();
    let ids: Vec<&str> = names.registries().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["jinan-changqing", "jinan-tianqiao"]);
    for r in names.registries() {
        gwlint::rules::packs::selftest::check_registry(r, &names.confusables)
            .unwrap_or_else(|e| panic!("{:?}", miette::Report::new(*e)));
    }
    for r in names.registries() {
        assert!(!r.tests.is_empty(), "{} has no self-tests", r.id);
    }
}

#[test]
fn confusables_file_is_valid() {
    let c = gwlint::names::Confusables::builtin();
    assert!(c.confusable('茵', '崮') && c.confusable('城', '域'));
    assert!(c.is_distinctive('南') && c.is_connector('和'));
}

/// The `示例` of every N rule fires it and its `应改为` does not.
#[test]
fn rule_doc_examples() {
    for code in CODES {
        let (meta, _) = gwlint::rules::codes::find(code).expect("registered");
        let doc = gwlint::rules::doc_text(meta.doc);
        let block = |heading: &str| -> String {
            let at = doc
                .find(heading)
                .unwrap_or_else(|| panic!("{code}: no {heading}"));
            let rest = &doc[at..];
            let start = rest.find("```text\n").expect("text block") + "```text\n".len();
            let end = rest[start..].find("```").expect("closed block");
            rest[start..start + end].to_string()
        };
        for name in ["示例.txt", "示例.md"] {
            let bad = common::run_text(name, &block("## 示例"), &[code]);
            assert!(
                bad.diagnostics.iter().any(|d| d.code == *code),
                "{code}: 示例 does not trigger ({name})"
            );
            let good = common::run_text(name, &block("## 应改为"), &[code]);
            assert!(
                good.diagnostics.is_empty(),
                "{code}: 应改为 triggers ({name}): {:?}",
                good.diagnostics
                    .iter()
                    .map(|d| &d.message)
                    .collect::<Vec<_>>()
            );
        }
    }
}

// ── Per-rule fixtures ─────────────────────────────────────────────────

macro_rules! fixture_tests {
    ($($name:ident: $code:literal, $trigger:literal, $clean:literal;)*) => {$(
        #[test]
        fn $name() {
            let out = common::render(&[$trigger], &[$code]);
            assert!(out.contains(concat!("[", $code)), "{out}");
            insta::assert_snapshot!(out);
            let clean = common::run(&[$clean], &[$code]);
            assert!(
                clean.diagnostics.is_empty(),
                "{}",
                render_human::to_string(&clean.sources, &clean.diagnostics)
            );
        }
    )*};
}

fixture_tests! {
    n001_unit_name_variant: "N001", "fixtures/names/N001_trigger.md", "fixtures/names/N001_clean.md";
    n002_retired_unit_name: "N002", "fixtures/names/N002_trigger.md", "fixtures/names/N002_clean.md";
    n003_misspelled_unit_name: "N003", "fixtures/names/N003_trigger.md", "fixtures/names/N003_clean.md";
    n004_inconsistent_unit_name: "N004", "fixtures/names/N004_trigger.md", "fixtures/names/N004_clean.md";
    n005_unknown_unit_name: "N005", "fixtures/names/N005_trigger.md", "fixtures/names/N005_clean.md";
    n006_empty_unit_list_item: "N006", "fixtures/names/N006_trigger.md", "fixtures/names/N006_clean.md";
    n007_mixed_unit_name_forms: "N007", "fixtures/names/N007_trigger.md", "fixtures/names/N007_clean.md";
    n004_typos_without_registry: "N004", "fixtures/names/N004_typos.md", "fixtures/names/N004_clean.md";
    n003_near_misses_in_body_text: "N003", "fixtures/names/N003_body_trigger.md", "fixtures/names/N003_body_clean.md";
}

#[test]
fn clean_fixtures_are_clean_for_the_whole_family() {
    for f in [
        "fixtures/names/N001_clean.md",
        "fixtures/names/N002_clean.md",
        "fixtures/names/N003_clean.md",
        "fixtures/names/N003_body_clean.md",
        "fixtures/names/N004_clean.md",
        "fixtures/names/N006_clean.md",
        "fixtures/names/N007_clean.md",
    ] {
        let run = common::run(&[f], &["N"]);
        let found: Vec<_> = run
            .diagnostics
            .iter()
            .filter(|d| d.code != "N005")
            .collect();
        assert!(
            found.is_empty(),
            "{f}: {:?}",
            found.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
    }
}

#[test]
fn exact_diagnostic_for_a_near_miss() {
    let run = common::run_text(
        "a.md",
        "长清区\n\n1.整治市容。（牵头单位：区域管局）\n",
        &["N003"],
    );
    assert_eq!(run.diagnostics.len(), 1);
    let d = &run.diagnostics[0];
    assert_eq!(d.code, "N003");
    assert_eq!(d.name, "misspelled-unit-name");
    assert_eq!(
        d.message,
        "单位名称“区域管局”不在济南市长清区单位名录中，疑为“区城管局”之误"
    );
    assert_eq!(text_of(&run, d), "区域管局");
    assert_eq!(d.primary.message, "疑似误写");
    assert_eq!(d.help.as_deref(), Some("是否应为“区城管局”？"));
    assert_eq!(d.notes[0], "与“区城管局”相比：“域”与“城”形近");
    let f = d.fix.as_ref().unwrap();
    assert_eq!(f.applicability, Applicability::Safe);
    assert_eq!(f.edits.len(), 1);
    assert_eq!(&run.sources[0].text[f.edits[0].span.clone()], "域");
    assert_eq!(f.edits[0].replacement, "城");
}

// ── Seeds ─────────────────────────────────────────────────────────────

/// Issue 3, "done when": every misspelled unit of seed 001 is reported with
/// the right canonical suggestion, and nothing correctly spelled is.
#[test]
fn seed_001_every_misspelling_with_its_canonical_name() {
    let run = common::run(&[SEED_001], CODES);
    let got: Vec<(&str, String, Option<&str>)> = run
        .diagnostics
        .iter()
        .map(|d| (d.code, text_of(&run, d), fix_title(d)))
        .collect();
    let industry = Some("改为“区工业信息化和科技局”");
    let education = Some("改为“区教育体育局”");
    let mut want: Vec<(&str, String, Option<&str>)> = Vec::new();
    let mut add = |code, name: &str, n: usize, fix| {
        for _ in 0..n {
            want.push((code, name.to_string(), fix));
        }
    };
    add("N001", "区工业和信息化和科技局", 4, industry);
    add("N003", "区工业和信息化科技局", 2, industry);
    add("N001", "区教育局", 3, education);
    add("N003", "区教育局体育局", 1, education);
    add("N003", "区域管局", 1, Some("改为“区城管局”"));
    add("N003", "茵云湖街道", 1, Some("改为“崮云湖街道”"));
    let (mut got, mut want) = (got, want);
    got.sort();
    want.sort();
    assert_eq!(got, want);
    // All safe: a drafting office can apply them with --fix.
    assert!(run
        .diagnostics
        .iter()
        .all(|d| d.fix.as_ref().unwrap().applicability == Applicability::Safe));
}

#[test]
fn seed_001_snapshot() {
    insta::assert_snapshot!(common::render(&[SEED_001], CODES));
}

#[test]
fn seed_002_snapshot() {
    // 2021: older names (retired), an informal name in clauses (alias).
    let run = common::run(&[SEED_002], CODES);
    let got: BTreeSet<(&str, String)> = run
        .diagnostics
        .iter()
        .map(|d| (d.code, text_of(&run, d)))
        .collect();
    let want: BTreeSet<(&str, String)> = [
        ("N001", "区公安分局"),
        ("N002", "区城乡水务局"),
        ("N002", "区工业和信息化局"),
    ]
    .into_iter()
    .map(|(c, n)| (c, n.to_string()))
    .collect();
    assert_eq!(got, want);
    insta::assert_snapshot!(render_human::to_string(&run.sources, &run.diagnostics));
}

#[test]
fn reports_and_the_tianqiao_seed_are_quiet() {
    for seed in [
        "fixtures/seeds/changqing-2025-report-news.txt",
        "fixtures/seeds/changqing-2024-report.txt",
        "fixtures/seeds/tianqiao-2025-report.txt",
    ] {
        let run = common::run(&[seed], CODES);
        assert!(run.diagnostics.is_empty(), "{seed}: {:?}", run.diagnostics);
    }
}

#[test]
fn all_seeds_together_default_levels() {
    // One check over all five seeds: the N findings are those of 001 and 002.
    let seeds = [
        SEED_001,
        "fixtures/seeds/changqing-2025-report-news.txt",
        SEED_002,
        "fixtures/seeds/changqing-2024-report.txt",
        "fixtures/seeds/tianqiao-2025-report.txt",
    ];
    let run = common::run(&seeds, &["N"]);
    let mut per_file = [0usize; 5];
    for d in &run.diagnostics {
        per_file[d.primary.file] += 1;
    }
    assert_eq!(per_file, [12, 0, 5, 0, 0]);
}

/// Without any registry the same misspellings surface as inconsistencies.
#[test]
fn seed_001_without_registry_groups_spellings() {
    let run = run_with(common::load(&[SEED_001]), CODES, Jurisdiction::None);
    let messages: Vec<&str> = run.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages.iter().copied().collect::<BTreeSet<_>>(),
        [
            "同一单位有 3 种写法：“区工业信息化和科技局”17 处、“区工业和信息化和科技局”4 处、“区工业和信息化科技局”2 处",
            "同一单位有 2 种写法：“崮云湖街道”2 处、“茵云湖街道”1 处",
            "同一单位有 2 种写法：“区教育体育局”4 处、“区教育局体育局”1 处",
            "同一单位有 2 种写法：“区城管局”5 处、“区域管局”1 处",
        ]
        .into_iter()
        .collect()
    );
    assert!(run.diagnostics.iter().all(|d| d.code == "N004"));
    // One finding per minority spelling (2 + 1 + 1 + 1); a label at each of
    // its places (4 + 2 + 1 + 1 + 1), plus the first place of the majority
    // spelling in each finding.
    assert_eq!(run.diagnostics.len(), 5);
    let labels: usize = run.diagnostics.iter().map(|d| 1 + d.secondary.len()).sum();
    assert_eq!(labels, 9 + 5);
    let industry = run
        .diagnostics
        .iter()
        .find(|d| d.message.contains("区工业"))
        .unwrap();
    assert_eq!(
        industry.help.as_deref(),
        Some("统一写作“区工业信息化和科技局”（出现最多的写法）")
    );
    insta::assert_snapshot!(render_human::to_string(&run.sources, &run.diagnostics));
}

// ── Other jurisdictions, detection ───────────────────────────────────

#[test]
fn other_jurisdictions_produce_no_unit_findings() {
    let run = common::run(&["fixtures/names/other_jurisdiction.md"], &[]);
    let n: Vec<_> = run
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with('N'))
        .collect();
    assert!(
        n.is_empty(),
        "{:?}",
        n.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    // Even forced onto the 长清区 registry, foreign units are unknown (N005,
    // off by default), never near misses.
    let forced = run_with(
        common::load(&["fixtures/names/other_jurisdiction.md"]),
        &["N001", "N002", "N003", "N004", "N006"],
        Jurisdiction::Fixed("jinan-changqing".into()),
    );
    assert!(forced.diagnostics.is_empty(), "{:?}", forced.diagnostics);
    let unknown = run_with(
        common::load(&["fixtures/names/other_jurisdiction.md"]),
        &["N005"],
        Jurisdiction::Fixed("jinan-changqing".into()),
    );
    let names: BTreeSet<String> = unknown
        .diagnostics
        .iter()
        .map(|d| text_of(&unknown, d))
        .collect();
    assert!(
        names.contains("省商务厅") && names.contains("合肥海关") && names.contains("市审批服务局")
    );
}

#[test]
fn a_tianqiao_document_is_not_checked_against_changqing() {
    let text = "天桥区2025年重点工作责任分工\n\n1.建设学校。（牵头单位：区教育局；责任单位：区域管局、官扎菅街道）\n";
    let run = common::run_text("a.md", text, &["N001", "N002", "N003"]);
    let got: Vec<(&str, String)> = run
        .diagnostics
        .iter()
        .map(|d| (d.code, text_of(&run, d)))
        .collect();
    assert_eq!(got, [("N003", "官扎菅街道".to_string())]);
}

#[test]
fn jurisdiction_of_an_annex_comes_from_its_report() {
    let report = SourceFile::from_text(
        "report.txt",
        "政府工作报告\n\n各位代表：长清区经济运行稳中向好。\n",
    );
    let annex = SourceFile::from_text(
        "annex.md",
        "# 重点工作责任分工\n\n1.整治市容环境。（牵头单位：区域管局）\n",
    );
    let alone = run_with(vec![annex.clone()], &["N003"], Jurisdiction::Auto);
    assert!(alone.diagnostics.is_empty());
    let both = run_with(vec![report, annex], &["N003"], Jurisdiction::Auto);
    assert_eq!(both.diagnostics.len(), 1);
    assert_eq!(both.diagnostics[0].primary.file, 1);
}

#[test]
fn ambiguous_detection_uses_no_registry() {
    let text = "长清区、天桥区联合开展活动。\n\n1.整治市容环境。（牵头单位：区域管局）\n";
    let run = common::run_text("a.md", text, &["N003"]);
    assert!(run.diagnostics.is_empty());
}

// ── Matching in running text ──────────────────────────────────────────

#[test]
fn a_shorter_name_inside_a_longer_one_is_one_finding() {
    let text = "长清区\n\n区教育局体育局负责项目前期工作。\n";
    let run = common::run_text("a.md", text, CODES);
    assert_eq!(common::codes(&run), ["N003"]);
    assert_eq!(text_of(&run, &run.diagnostics[0]), "区教育局体育局");
    assert_eq!(fix_title(&run.diagnostics[0]), Some("改为“区教育体育局”"));
}

#[test]
fn running_text_context() {
    // 原 + retired name, 各区 + variant, alias and full name: all fine.
    let text = "长清区\n\n原区城乡水务局承担的职责已划入区水务局。各区教育局要加强管理。区公安分局、区发展和改革局配合。\n";
    let run = common::run_text("a.md", text, CODES);
    assert!(run.diagnostics.is_empty(), "{:?}", run.diagnostics);
    // A retired name in plain text is reported.
    let run = common::run_text("a.md", "长清区\n\n区城乡水务局负责河道治理。\n", CODES);
    assert_eq!(common::codes(&run), ["N002"]);
}

#[test]
fn names_broken_across_lines_are_found_and_fixed_in_place() {
    let text =
        "长清区\n\n1.推进教育改革，建设学校。（区教育\n局牵头，区财政局等部门按职责分工配合）\n";
    let run = common::run_text("a.txt", text, &["N001"]);
    assert_eq!(run.diagnostics.len(), 1);
    let fixes = fix::apply(&run.sources, &run.diagnostics, FixMode::Safe);
    assert_eq!(
        fixes[0].text,
        "长清区\n\n1.推进教育改革，建设学校。（区教育体育\n局牵头，区财政局等部门按职责分工配合）\n"
    );
}

#[test]
fn retired_names_respect_since() {
    let toml = r#"
[jurisdiction]
id = "t"
name = "测试区"
detect = ["测试区"]

[[unit]]
name = "区水务局"
type = "部门"
retired = [{ name = "区城乡水务局", since = 2020 }]
"#;
    let mut data = Data::builtin();
    data.names.clear();
    data.names.add(Registry::parse("t.toml", toml).unwrap());
    data.settings.select = vec!["N002".into()];
    for (year, n) in [("2019", 0), ("2020", 1), ("2025", 1)] {
        let text = format!("测试区{year}年重点工作\n\n1.治理河道。（牵头单位：区城乡水务局）\n");
        let run = gwlint::check_sources(
            vec![SourceFile::from_text("a.md", &text)],
            &data,
            &ParseOptions::default(),
        );
        assert_eq!(run.diagnostics.len(), n, "{year}");
        if n == 1 {
            assert!(run.diagnostics[0].message.contains("2020 年起"));
        }
    }
}

// ── Lists ─────────────────────────────────────────────────────────────

#[test]
fn empty_list_items() {
    let run = common::run(&["fixtures/names/N006_trigger.md"], &["N006"]);
    let labels: Vec<&str> = run
        .diagnostics
        .iter()
        .map(|d| d.primary.message.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "“、”与“、”之间没有单位",
            "“、”与“；”之间没有单位",
            "顿号后没有单位",
            "“、”与“，”之间没有单位",
        ]
    );
    // Units on both sides of the empty item are still parsed.
    let doc = &run.docs[0];
    let names: Vec<&str> = doc.tasks[0]
        .responsible()
        .map(|u| u.name.as_str())
        .collect();
    assert_eq!(names, ["区财政局", "区人力资源社会保障局"]);
    let fixes = fix::apply(&run.sources, &run.diagnostics, FixMode::Unsafe);
    assert!(fixes[0].text.contains("区财政局、区人力资源社会保障局"));
    assert!(fixes[0].text.contains("区发展改革局；"));
    assert!(fixes[0].text.contains("区财政局等部门"));
    assert!(fixes[0].text.contains("区财政局，各街镇"));
    // Safe mode leaves them.
    assert!(fix::apply(&run.sources, &run.diagnostics, FixMode::Safe).is_empty());
}

#[test]
fn commas_between_groups_stay_quiet_in_seed_001() {
    let run = common::run(&[SEED_001], &["N006"]);
    assert!(run.diagnostics.is_empty());
}

// ── Fixes ─────────────────────────────────────────────────────────────

/// Applies fixes; returns the new sources and whether anything changed.
fn fix_once(sources: Vec<SourceFile>, mode: FixMode) -> (Vec<SourceFile>, usize) {
    let run = run_with(sources, CODES, Jurisdiction::Auto);
    let fixes = fix::apply(&run.sources, &run.diagnostics, mode);
    let n = fixes.iter().map(|f| f.fixed.len()).sum();
    let mut out = run.sources.clone();
    for f in fixes {
        let s = &run.sources[f.file];
        out[f.file] = SourceFile::new(s.path.clone(), s.name.clone(), f.text, s.encoding, s.format);
    }
    (out, n)
}

#[test]
fn fixing_twice_changes_nothing_the_second_time() {
    for mode in [FixMode::Safe, FixMode::Unsafe] {
        let (once, n1) = fix_once(common::load(&[SEED_001, SEED_002]), mode);
        assert!(n1 > 0);
        let (twice, n2) = fix_once(once.clone(), mode);
        assert_eq!(n2, 0, "{mode:?}");
        for (a, b) in once.iter().zip(&twice) {
            assert_eq!(a.text, b.text);
        }
        // Nothing fixable remains reported.
        let run = run_with(twice, CODES, Jurisdiction::Auto);
        assert!(run
            .diagnostics
            .iter()
            .all(|d| d.fix.as_ref().is_none_or(|f| !mode.allows(f.applicability))));
    }
}

#[test]
fn bytes_outside_fixed_spans_are_unchanged() {
    let run = common::run(&[SEED_001, SEED_002], CODES);
    let fixes = fix::apply(&run.sources, &run.diagnostics, FixMode::Unsafe);
    assert_eq!(fixes.len(), 2);
    for f in &fixes {
        let old = &run.sources[f.file].text;
        let mut edits: Vec<_> = f
            .fixed
            .iter()
            .flat_map(|&i| run.diagnostics[i].fix.as_ref().unwrap().edits.iter())
            .collect();
        edits.sort_by_key(|e| e.span.start);
        // Rebuild the new text from the old one piece by piece: every byte
        // between edits must be copied verbatim.
        let mut at_old = 0;
        let mut at_new = 0;
        for e in &edits {
            let keep = &old[at_old..e.span.start];
            assert_eq!(&f.text[at_new..at_new + keep.len()], keep);
            at_new += keep.len() + e.replacement.len();
            at_old = e.span.end;
            // Edits are small: only the differing characters of a name.
            assert!(
                e.span.len() <= 3 * 4,
                "edit too large: {:?}",
                &old[e.span.clone()]
            );
        }
        assert_eq!(&f.text[at_new..], &old[at_old..]);
        // Line structure is untouched.
        assert_eq!(old.lines().count(), f.text.lines().count());
    }
}

#[test]
fn a_file_changed_between_read_and_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annex.md");
    std::fs::copy(SEED_001, &path).unwrap();
    let src = SourceFile::load(&path, "annex.md".into()).unwrap();
    let run = run_with(vec![src], CODES, Jurisdiction::Auto);
    let fixes = fix::apply(&run.sources, &run.diagnostics, FixMode::Safe);
    assert_eq!(fixes.len(), 1);
    // Someone saves the file after gwlint read it.
    let edited = format!("{}\n补充一句。\n", run.sources[0].text);
    std::fs::write(&path, &edited).unwrap();
    let src = &run.sources[0];
    let pieces = fix::Pieces::whole(src.text.len()).edit(&fixes[0].edits);
    let err = fix::write_atomic(src, &pieces, &fixes[0].text).unwrap_err();
    assert!(matches!(err, fix::WriteError::Changed(_)), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
}

#[test]
fn cli_fix_on_a_temp_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annex.md");
    std::fs::copy(SEED_001, &path).unwrap();
    let before = std::fs::read_to_string(&path).unwrap();

    let out = assert_cmd::Command::cargo_bin("gwlint")
        .unwrap()
        .args(["check", "--fix", "--select", "N", "--color", "never"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("已修复 12 处"), "{stdout}");
    // Findings that were fixed are not reported as remaining.
    assert!(stdout.contains("0 个警告"), "{stdout}");
    let after = std::fs::read_to_string(&path).unwrap();
    for wrong in [
        "区工业和信息化和科技局",
        "区工业和信息化科技局",
        "区域管局",
        "茵云湖街道",
        "区教育局体育局",
        "区教育局、",
    ] {
        assert!(before.contains(wrong) && !after.contains(wrong), "{wrong}");
    }
    assert_eq!(
        after.matches("区工业信息化和科技局").count(),
        before.matches("区工业信息化和科技局").count() + 6
    );
    // −和 ×4, 区教育局 → 区教育体育局 ×3, −局 ×1; the others swap characters.
    assert_eq!(after.len() as i64 - before.len() as i64, -4 * 3 + 3 * 6 - 3);

    // Second run: nothing to fix, file untouched.
    let out = assert_cmd::Command::cargo_bin("gwlint")
        .unwrap()
        .args(["check", "--fix", "--select", "N", "--color", "never"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("已修复"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
}

#[test]
fn cli_diff_does_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annex.md");
    std::fs::copy(SEED_001, &path).unwrap();
    let out = assert_cmd::Command::cargo_bin("gwlint")
        .unwrap()
        .args(["check", "--diff", "--select", "N"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("-39.打造") && stdout.contains("（牵头单位：区城管局；"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        std::fs::read_to_string(SEED_001).unwrap()
    );
}

// ── Registry files: loading, validation, self-tests ──────────────────

const MINI: &str = r#"[jurisdiction]
id = "mini"
name = "某县"
detect = ["某县"]

[[unit]]
name = "县住房城乡建设局"
type = "部门"
"#;

fn registry_error(text: &str) -> (String, String) {
    let e = Registry::parse("x.toml", text)
        .and_then(|r| {
            let conf = gwlint::rules::packs::builtin_names().confusables;
            gwlint::rules::packs::selftest::check_registry(&std::sync::Arc::new(r), &conf)
        })
        .expect_err("invalid registry");
    let at = e.at.expect("points into the file");
    let line = text[..at.offset()].matches('\n').count() + 1;
    (e.reason.clone(), format!("{line}"))
}

#[test]
fn bad_registry_entries_point_at_their_line() {
    let dup = format!("{MINI}\n[[unit]]\nname = \"县民政局\"\ntype = \"部门\"\nvariants = [\"县住房城乡建设局\"]\n");
    let (reason, line) = registry_error(&dup);
    assert!(reason.contains("已经出现过"), "{reason}");
    assert_eq!(line, "13");

    let bad_type = MINI.replace("type = \"部门\"", "type = \"局\"");
    let (reason, line) = registry_error(&bad_type);
    assert!(reason.contains("unknown variant"), "{reason}");
    assert_eq!(line, "8");

    let street = MINI.replace("type = \"部门\"", "type = \"街道\"");
    let (reason, _) = registry_error(&street);
    assert!(reason.contains("应以“街道”结尾"), "{reason}");

    let punct = MINI.replace("县住房城乡建设局", "县住房城乡建设局、县民政局");
    let (reason, _) = registry_error(&punct);
    assert!(reason.contains("标点"), "{reason}");

    let code = format!("{MINI}\n[[test]]\ntext = \"1.做好预算。（牵头单位：县住房城乡建设局）\"\nexpect = [\"T001\"]\n");
    let (reason, line) = registry_error(&code);
    assert!(reason.contains("T001"), "{reason}");
    assert_eq!(line, "12");
}

#[test]
fn a_failing_self_test_is_an_error_at_the_test() {
    let text = format!(
        "{MINI}\n[[test]]\ntext = \"1.做好预算。（牵头单位：县住房城乡建设局）\"\nexpect = [\"N001\"]\n\n[[test]]\ntext = \"1.做好预算。（牵头单位：县住房和城乡建设局）\"\nexpect = [\"N003\"]\nfixed = \"1.做好预算。（牵头单位：县住房和城乡建设局）\"\n"
    );
    let (reason, line) = registry_error(&text);
    assert_eq!(reason, "单位名录自检失败：期望 [N001]，实际 []");
    assert_eq!(line, "11");
    // The first test fixed; the second expects the wrong fixed text.
    let text = text.replacen("expect = [\"N001\"]", "expect = []", 1);
    let (reason, line) = registry_error(&text);
    assert!(reason.contains("修复后应为"), "{reason}");
    assert_eq!(line, "15");
}

#[test]
fn cli_registry_dir_and_jurisdiction() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mini.toml"),
        format!("{MINI}\n[[test]]\ntext = \"1.做好预算。（牵头单位：县住房和城乡建设局）\"\nexpect = [\"N003\"]\nfixed = \"1.做好预算。（牵头单位：县住房城乡建设局）\"\n"),
    )
    .unwrap();
    let doc = dir.path().join("doc.md");
    std::fs::write(
        &doc,
        "某县2025年重点工作\n\n1.做好预算。（牵头单位：县住房和城乡建设局）\n",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("gwlint")
        .unwrap()
        .args(["check", "--select", "N", "--color", "never", "--registry"])
        .arg(dir.path())
        .arg(&doc)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("疑为“县住房城乡建设局”之误"), "{stdout}");
    assert_eq!(out.status.code(), Some(0));
    // --jurisdiction none: no registry, no finding.
    let out = assert_cmd::Command::cargo_bin("gwlint")
        .unwrap()
        .args([
            "check",
            "--select",
            "N",
            "--jurisdiction",
            "none",
            "--registry",
        ])
        .arg(dir.path())
        .arg(&doc)
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("0 个警告"));
    // Unknown jurisdiction: exit 2.
    let out = assert_cmd::Command::cargo_bin("gwlint")
        .unwrap()
        .args(["check", "--jurisdiction", "火星"])
        .arg(&doc)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("jinan-changqing"));
}

#[test]
fn cli_failing_self_test_exits_2_pointing_at_the_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mini.toml"),
        format!("{MINI}\n[[test]]\ntext = \"1.做好预算。（牵头单位：县住房城乡建设局）\"\nexpect = [\"N001\"]\n"),
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("gwlint")
        .unwrap()
        .args(["check", "--registry"])
        .arg(dir.path())
        .arg(SEED_001)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("单位名录自检失败"), "{stderr}");
    assert!(stderr.contains("mini.toml:11"), "{stderr}");
}

#[test]
fn detection_on_the_seeds() {
    let names = gwlint::rules::packs::builtin_names();
    for (seed, id) in [
        (SEED_001, Some("jinan-changqing")),
        (
            "fixtures/seeds/changqing-2025-report-news.txt",
            Some("jinan-changqing"),
        ),
        (SEED_002, Some("jinan-changqing")),
        (
            "fixtures/seeds/changqing-2024-report.txt",
            Some("jinan-changqing"),
        ),
        (
            "fixtures/seeds/tianqiao-2025-report.txt",
            Some("jinan-tianqiao"),
        ),
        ("fixtures/names/other_jurisdiction.md", None),
    ] {
        let text = std::fs::read_to_string(seed).unwrap();
        assert_eq!(names.detect(&text).map(|r| r.id.as_str()), id, "{seed}");
    }
    // 天桥 alone is an ordinary word (人行天桥).
    assert!(names.detect("新建人行天桥两座。").is_none());
}

#[test]
fn a_foreign_document_does_not_borrow_the_registry_of_its_neighbours() {
    let run = common::run(
        &[SEED_001, "fixtures/names/other_jurisdiction.md"],
        &["N005"],
    );
    assert!(run.diagnostics.iter().all(|d| d.primary.file == 0));
}

#[test]
fn a_registry_without_units_is_valid() {
    let r = Registry::parse("e.toml", "[jurisdiction]\nid = \"e\"\nname = \"空\"\n").unwrap();
    assert!(r.units.is_empty());
    assert!(r.find_iter("区财政局").next().is_none());
    assert!(r.resolve("区财政局").is_none());
}

#[test]
fn no_fix_when_two_candidates_are_equally_close() {
    let toml = r#"
[jurisdiction]
id = "t"
name = "某县"
detect = ["某县"]

[[unit]]
name = "县住房保障服务中心"
type = "部门"

[[unit]]
name = "县住房保险服务中心"
type = "部门"
"#;
    let mut data = Data::builtin();
    data.names.clear();
    data.names.add(Registry::parse("t.toml", toml).unwrap());
    data.settings.select = vec!["N003".into()];
    let text = "某县\n\n1.做好住房保障。（牵头单位：县住房保服务中心）\n";
    let run = gwlint::check_sources(
        vec![SourceFile::from_text("a.md", text)],
        &data,
        &ParseOptions::default(),
    );
    assert_eq!(run.diagnostics.len(), 1);
    let d = &run.diagnostics[0];
    assert!(
        d.message
            .ends_with("疑为“县住房保险服务中心”或“县住房保障服务中心”之误"),
        "{}",
        d.message
    );
    assert!(d.fix.is_none());
}

/// The names rules analyse a document's running text beside the other
/// rules, before links exist, only when its registry is its own; an annex
/// naming no place still borrows its paired report's registry.
#[test]
fn an_annex_naming_no_place_borrows_its_paired_reports_registry() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    let annex = dir.path().join("annex.md");
    std::fs::write(
        &report,
        "长清区2025年政府工作报告\n\n一、2025年重点工作\n\n推进中小学校建设，区教育体育局负责。\n",
    )
    .unwrap();
    std::fs::write(
        &annex,
        "2025年重点工作责任分工\n\n1.推进中小学校建设，请区教育局抓好落实。（牵头单位：区教育局）\n",
    )
    .unwrap();
    let check = |args: &[&std::path::Path], pair: bool| {
        let mut cmd = assert_cmd::Command::cargo_bin("gwlint").unwrap();
        cmd.args(["check", "--select", "N001", "--output-format", "json"]);
        if pair {
            cmd.arg("--pair")
                .arg(format!("{}={}", report.display(), annex.display()));
        }
        let out = cmd.args(args).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["file"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let annex_name = annex.display().to_string();
    // Alone, the annex has no registry: nothing to check against.
    assert!(check(&[&annex], false).is_empty());
    // Paired, the clause and the running text are both checked.
    let found = check(&[&report, &annex], true);
    assert_eq!(
        found.iter().filter(|(p, _)| *p == annex_name).count(),
        2,
        "{found:?}"
    );
}
