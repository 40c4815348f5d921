//! Documents unlike the seeds (other counties, cities, years and layouts):
//! planted defects must be found, clean documents must stay silent.

mod common;

const PINGYI_REPORT: &str = "fixtures/unseen/pingyi-2026-report.txt";
const PINGYI_ANNEX: &str = "fixtures/unseen/pingyi-2026-annex.md";
const PINGYI_ANNEX_CLEAN: &str = "fixtures/unseen/pingyi-2026-annex-clean.md";
const JIANGBEI_PLAN: &str = "fixtures/unseen/jiangbei-2026-plan.txt";
const JIANGBEI_PLAN_CLEAN: &str = "fixtures/unseen/jiangbei-2026-plan-clean.txt";
const ZIBO_SCHEME_CLEAN: &str = "fixtures/unseen/zibo-2026-scheme-clean.txt";
const LINQU_WRAPPED: &str = "fixtures/unseen/linqu-2026-report-wrapped.txt";

/// A county report and its task breakdown with planted defects: a target
/// changed in the annex (X001), tasks without a lead (T001), one unit written
/// three ways (县发改委/县发改局 as N004, with the full name 县发展改革局 as N007), half-width punctuation in a clause (P008), a skipped
/// task number (S001).
#[test]
fn county_report_and_annex() {
    let run = common::run(&[PINGYI_REPORT, PINGYI_ANNEX], &[]);
    let mut codes = common::codes(&run);
    codes.sort_unstable();
    assert_eq!(
        codes,
        ["N004", "N007", "P008", "S001", "T001", "T001", "X001"],
        "{:#?}",
        run.diagnostics
    );
    insta::assert_snapshot!(common::render(&[PINGYI_REPORT, PINGYI_ANNEX], &[]));
}

/// A bureau's work plan: clauses after sub-items, clauses labelled with the
/// bureau's own divisions (牵头科室/配合科室).
#[test]
fn bureau_work_plan() {
    insta::assert_snapshot!(common::render(&[JIANGBEI_PLAN], &[]));
}

/// A hard-wrapped, PDF-extracted report: one note for the wrapping, pointing
/// at a sentence broken mid-line (not at the letter-spaced title).
#[test]
fn hard_wrapped_report() {
    insta::assert_snapshot!(common::render(&[LINQU_WRAPPED], &[]));
}

/// Well-formed documents: no finding at all, with every rule enabled.
#[test]
fn clean_documents_are_silent() {
    for paths in [
        &[PINGYI_REPORT, PINGYI_ANNEX_CLEAN][..],
        &[JIANGBEI_PLAN_CLEAN][..],
        &[ZIBO_SCHEME_CLEAN][..],
        &["fixtures/unseen/shunde-2026-opinion-clean.txt"][..],
    ] {
        let run = common::run(paths, &["ALL"]);
        assert!(
            run.diagnostics.is_empty(),
            "{paths:?}: {}",
            gwlint::diag::render_human::to_string(&run.sources, &run.diagnostics)
        );
    }
}

/// A task table whose units mix a full name and its abbreviation
/// (区住房和城乡建设局 / 区住建局): one N004, nothing else.
#[test]
fn task_table_with_abbreviation() {
    insta::assert_snapshot!(common::render(
        &["fixtures/unseen/xiangcheng-2026-annex-table.md"],
        &["ALL"]
    ));
}

const HUAIAN_REPORT: &str = "fixtures/unseen/huaian-2027-report.txt";

/// A city annex numbered （一）（二）… with a bare 责任单位 line under each task:
/// only the convention note when it agrees with the report.
#[test]
fn city_annex_with_bare_clause_lines() {
    let run = common::run(
        &[HUAIAN_REPORT, "fixtures/unseen/huaian-2027-annex.md"],
        &[],
    );
    assert_eq!(common::codes(&run), ["T006"]);
}

/// The same annex with planted defects: two targets changed (X001), one
/// target in a non-indicator task changed (X001), a mistyped number (one
/// S001, not a skip plus a duplicate).
#[test]
fn city_annex_with_defects() {
    insta::assert_snapshot!(common::render(
        &[
            HUAIAN_REPORT,
            "fixtures/unseen/huaian-2027-annex-defects.md"
        ],
        &[]
    ));
}

/// A bureau's `关于2025年工作总结和2026年工作安排的报告` is a report for 2026
/// (the year it plans for) and pairs with the bureau's 2026 task breakdown,
/// whose clauses name the bureau's divisions (牵头科室/配合科室).
#[test]
fn bureau_report_pairs_with_its_breakdown() {
    let paths = [
        "fixtures/unseen/shanghe-2026-bureau-report.txt",
        "fixtures/unseen/shanghe-2026-bureau-annex.md",
    ];
    let run = common::run(&paths, &["ALL"]);
    // Everything is silent, F005 included: the title's planned year (2026)
    // is the document's year.
    let codes = common::codes(&run);
    assert!(codes.is_empty(), "{codes:?}");
    let parsed = gwlint::parse::parse(0, &run.sources[0], &gwlint::parse::ParseOptions::default());
    assert_eq!(parsed.year.as_ref().map(|y| y.text.as_str()), Some("2026"));
    assert_eq!(parsed.kind, gwlint::model::DocKind::Report);
}

/// A hard-wrapped report against its breakdown: targets broken across lines
/// still pair; three planted target changes, nothing else but the wrap note.
#[test]
fn wrapped_report_against_breakdown() {
    let report = "fixtures/unseen/linqu-2026-report-wrapped.txt";
    let clean = common::run(&[report, "fixtures/unseen/linqu-2026-annex.md"], &[]);
    assert_eq!(common::codes(&clean), ["S005"]);
    insta::assert_snapshot!(common::render(
        &[report, "fixtures/unseen/linqu-2026-annex-defects.md"],
        &["X"]
    ));
}

/// Clauses both on tasks (`2.…（牵头单位：…）`) and on the sub-items of one
/// task (`（1）…；（牵头单位：…）`): the tasks are the `1.` items, so the only
/// finding is the planted heading skip （一）→（三）, not `3.` and `4.` taken
/// for headings numbered out of order.
#[test]
fn clauses_on_tasks_and_sub_items() {
    insta::assert_snapshot!(common::render(
        &["fixtures/unseen/eco-2026-work-points.txt"],
        &[]
    ));
}

/// Documents of different places checked together: unit spellings are
/// compared within a document and its paired report only.
#[test]
fn unrelated_documents_do_not_share_unit_spellings() {
    let run = common::run(
        &[
            PINGYI_REPORT,
            PINGYI_ANNEX,
            "fixtures/unseen/xiangcheng-2026-annex-table.md",
            "fixtures/unseen/shunde-2026-opinion-clean.txt",
            "fixtures/unseen/linqu-2026-report-wrapped.txt",
            "fixtures/unseen/linqu-2026-annex.md",
        ],
        &["N004", "N007"],
    );
    let mut messages: Vec<&str> = run.diagnostics.iter().map(|d| d.message.as_str()).collect();
    messages.sort_unstable();
    let mut want = [
        "同一单位有 2 种写法：“县发改局”1 处、“县发改委”1 处",
        "同一单位全称、简称混用：“区住房和城乡建设局”1 处、“区住建局”1 处",
        "同一单位全称、简称混用：“县发改局”1 处、“县发展改革局”1 处、“县发改委”1 处",
    ];
    want.sort_unstable();
    assert_eq!(messages, want);
}
