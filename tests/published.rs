//! False-alarm classes seen on published documents, and fixes that must never
//! damage text: for each class a made-up fixture that must trigger (exact
//! output and the text after fixing, snapshotted) and one that must stay
//! quiet (`fixtures/published/<CODE>_<class>_{trigger,clean}.*`).

mod common;

use gwlint::fix::{self, FixMode};

/// Human output of the selected rules plus the text after safe fixes and
/// after all fixes.
fn trigger(path: &str, select: &[&str]) -> String {
    let run = common::run(&[path], select);
    assert!(
        !run.diagnostics.is_empty(),
        "{path} does not trigger {select:?}"
    );
    let human = gwlint::diag::render_human::to_string(&run.sources, &run.diagnostics);
    let fixed = |mode| {
        fix::apply(&run.sources, &run.diagnostics, mode)
            .into_iter()
            .next()
            .map_or_else(|| run.sources[0].text.clone(), |f| f.text)
    };
    format!(
        "{human}\n── 安全修复后 ──\n{}\n── 全部修复后 ──\n{}",
        fixed(FixMode::Safe),
        fixed(FixMode::Unsafe)
    )
}

/// Asserts the selected rules say nothing about a fixture.
fn clean(path: &str, select: &[&str]) {
    let run = common::run(&[path], select);
    assert!(
        run.diagnostics.is_empty(),
        "{path}:\n{}",
        gwlint::diag::render_human::to_string(&run.sources, &run.diagnostics)
    );
}

macro_rules! classes {
    ($($name:ident: $path:literal, [$($code:literal),*], $kind:ident;)*) => {
        $(
            #[test]
            fn $name() {
                classes!(@ $kind, $path, &[$($code),*]);
            }
        )*
    };
    (@ trigger, $path:literal, $sel:expr) => {
        insta::assert_snapshot!(trigger($path, $sel));
    };
    (@ clean, $path:literal, $sel:expr) => {
        clean($path, $sel);
    };
}

const P: &str = "fixtures/published/";

classes! {
    // Web-page and newspaper furniture: one R003, no punctuation findings.
    r003_furniture_trigger: "fixtures/published/R003_furniture_trigger.txt", ["R003"], trigger;
    r003_furniture_clean: "fixtures/published/R003_furniture_clean.txt", ["R003"], clean;
    furniture_is_not_punctuation: "fixtures/published/R003_furniture_trigger.txt", ["P", "D"], clean;
    // 顿号 between quoted items: only pure runs.
    p005_pure_run_trigger: "fixtures/published/P005_pure_run_trigger.txt", ["P005"], trigger;
    p005_mixed_list_clean: "fixtures/published/P005_mixed_list_clean.txt", ["P005"], clean;
    // Repeated phrases: whole items only.
    r001_whole_items_trigger: "fixtures/published/R001_whole_items_trigger.txt", ["R001"], trigger;
    r001_chained_clean: "fixtures/published/R001_chained_clean.txt", ["R001"], clean;
    // A document-wide convention is one finding; stray ones each.
    d001_convention_trigger: "fixtures/published/D001_convention_trigger.txt", ["D001"], trigger;
    d001_stray_trigger: "fixtures/published/D001_stray_trigger.txt", ["D001"], trigger;
    // Lists outside the outline.
    s003_unnumbered_heading_clean: "fixtures/published/S003_unnumbered_heading_clean.txt", ["S"], clean;
    s002_signature_annex_clean: "fixtures/published/S002_signature_annex_clean.txt", ["S"], clean;
    s003_articles_clean: "fixtures/published/S003_articles_clean.txt", ["S"], clean;
    s003_list_skip_trigger: "fixtures/published/S003_list_skip_trigger.txt", ["S002", "S003"], trigger;
    // Short lines are not hard wrapping; comments are not text.
    s005_short_lines_clean: "fixtures/published/S005_short_lines_clean.txt", ["S005"], clean;
    s005_html_comment_clean: "fixtures/published/S005_html_comment_clean.md", ["S005"], clean;
    s005_html_comment_trigger: "fixtures/published/S005_html_comment_trigger.md", ["S005"], trigger;
    // Hyphen-joined place names are compound names.
    p007_place_names_clean: "fixtures/published/P007_place_names_clean.txt", ["P007"], clean;
    p007_progression_trigger: "fixtures/published/P007_progression_trigger.txt", ["P007"], trigger;
    // Tabs and table cells are structure.
    p004_tab_table_clean: "fixtures/published/P004_table_clean.txt", ["P004", "P001"], clean;
    p004_md_table_clean: "fixtures/published/P004_table_clean.md", ["P004", "P001"], clean;
    p004_tab_trigger: "fixtures/published/P004_tab_trigger.txt", ["P004"], trigger;
    // A `?` between Chinese characters is a lost character, never fixed.
    p001_lost_character_trigger: "fixtures/published/P001_lost_character_trigger.txt", ["P001"], trigger;
    p001_lost_character_clean: "fixtures/published/P001_lost_character_clean.txt", ["P001"], clean;
    // Half-width " as quotation marks.
    p001_ascii_quotes_trigger: "fixtures/published/P001_ascii_quotes_trigger.txt", ["P001"], trigger;
    p001_ascii_quotes_clean: "fixtures/published/P001_ascii_quotes_clean.txt", ["P001"], clean;
    // P008 in a task table: only unit cells are clauses.
    p008_table_cell_trigger: "fixtures/published/P008_table_cell_trigger.md", ["P008", "P001"], trigger;
    p008_table_cell_clean: "fixtures/published/P008_table_cell_clean.md", ["P008"], clean;
}

/// Every fixture of this directory is used by a test above.
#[test]
fn every_fixture_is_tested() {
    let me = include_str!("published.rs");
    for e in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/published")).unwrap()
    {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(me.contains(&format!("{P}{name}")), "{name} is not tested");
    }
}

/// A lost character is an error and has no fix.
#[test]
fn lost_character_is_an_error_without_fix() {
    let run = common::run(&[&format!("{P}P001_lost_character_trigger.txt")], &["P001"]);
    assert_eq!(run.diagnostics.len(), 3);
    for d in &run.diagnostics {
        assert_eq!(d.severity, gwlint::diag::Severity::Error);
        assert!(d.fix.is_none());
        assert!(d.message.starts_with("文字丢失"));
    }
}

/// P005 is a note by default.
#[test]
fn p005_defaults_to_info() {
    let run = common::run(&[&format!("{P}P005_pure_run_trigger.txt")], &[]);
    assert!(!run.diagnostics.is_empty());
    assert!(run
        .diagnostics
        .iter()
        .all(|d| d.code == "P005" && d.severity == gwlint::diag::Severity::Info));
}

/// On every published report, safe fixes change no word of the text: the Han
/// characters after fixing are those before, less the page furniture R003
/// removes.
#[test]
fn safe_fixes_on_the_corpus_keep_every_word() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let han = |s: &str| -> String {
        s.chars()
            .filter(|&c| gwlint::rules::typography::text::is_han(c))
            .collect()
    };
    for name in names {
        let path = format!("fixtures/corpus/{name}");
        let run = common::run(&[&path], &[]);
        let src = &run.sources[0].text;
        let mut furniture: Vec<std::ops::Range<usize>> = run
            .diagnostics
            .iter()
            .filter(|d| d.code == "R003")
            .filter_map(|d| d.fix.as_ref())
            .flat_map(|f| f.edits.iter().map(|e| e.span.clone()))
            .collect();
        furniture.sort_by_key(|r| r.start);
        let mut expected = String::new();
        let mut at = 0;
        for r in &furniture {
            expected.push_str(&han(&src[at..r.start]));
            at = r.end;
        }
        expected.push_str(&han(&src[at..]));
        let fixed = fix::apply(&run.sources, &run.diagnostics, FixMode::Safe)
            .into_iter()
            .next()
            .map_or_else(|| src.clone(), |f| f.text);
        assert_eq!(han(&fixed), expected, "{path}: a safe fix changed words");
        assert_eq!(
            fixed.matches('\t').count(),
            src.matches('\t').count(),
            "{path}: a safe fix removed a tab"
        );
    }
}
