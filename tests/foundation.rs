//! Foundation: tasks (T) and structure (S) rules, the parser on seed 001.

mod common;

use gwlint::model::DocKind;

#[test]
fn snapshots_tasks() {
    for (file, code) in [
        ("fixtures/tasks/T001_trigger.md", "T001"),
        ("fixtures/tasks/T002_trigger.md", "T002"),
        ("fixtures/tasks/T003_trigger.md", "T003"),
        ("fixtures/tasks/T004_trigger.md", "T004"),
        ("fixtures/tasks/T005_trigger.md", "T005"),
        ("fixtures/tasks/T006_trigger.txt", "T00"),
    ] {
        insta::assert_snapshot!(
            format!("{code}_{}", file.rsplit('/').next().unwrap()),
            common::render(&[file], &[code])
        );
    }
}

#[test]
fn snapshots_structure() {
    for (file, code) in [
        ("fixtures/structure/S001_trigger.md", "S001"),
        ("fixtures/structure/S001_per_heading.md", "S001"),
        ("fixtures/structure/S002_trigger.md", "S002"),
        ("fixtures/structure/S003_trigger.txt", "S003"),
        ("fixtures/structure/S004_trigger.md", "S004"),
        ("fixtures/structure/S005_trigger.md", "S005"),
        ("fixtures/structure/S006_trigger.md", "S006"),
    ] {
        insta::assert_snapshot!(
            format!("{code}_{}", file.rsplit('/').next().unwrap()),
            common::render(&[file], &[code])
        );
    }
}

#[test]
fn clean_fixtures_stay_quiet() {
    for file in [
        "fixtures/tasks/T001_clean.md",
        "fixtures/tasks/T006_clean.txt",
        "fixtures/structure/clean.md",
    ] {
        let run = common::run(&[file], &["T", "S"]);
        assert!(
            run.diagnostics.is_empty(),
            "{file}: {:?}",
            common::codes(&run)
        );
    }
}

#[test]
fn each_rule_fires_only_on_its_trigger() {
    // A trigger fixture for one rule does not set off the others of the family
    // except where noted.
    let run = common::run(&["fixtures/tasks/T004_trigger.md"], &["T", "S"]);
    assert_eq!(common::codes(&run), ["T004"]);
    let run = common::run(&["fixtures/structure/S002_trigger.md"], &["T", "S"]);
    assert_eq!(common::codes(&run), ["S002", "S002"]);
}

const SEED_ANNEX: &str = "fixtures/seeds/changqing-2025-annex.md";

#[test]
fn seed_001_model() {
    let run = common::run(&[SEED_ANNEX], &["T", "S"]);
    let doc = &run.docs[0];
    assert_eq!(doc.kind, DocKind::Annex);
    assert_eq!(doc.year.as_ref().unwrap().text, "2025");
    assert_eq!(doc.tasks.len(), 89);
    for (i, t) in doc.tasks.iter().enumerate() {
        assert_eq!(t.numbering.value as usize, i + 1);
        assert!(t.lead().next().is_some(), "task {} has no lead", i + 1);
    }
    let leads =
        |n: usize| -> Vec<&str> { doc.tasks[n - 1].lead().map(|u| u.name.as_str()).collect() };
    assert_eq!(leads(8), ["区投资促进局", "大学城管委会"]);
    assert_eq!(leads(9), ["区工业信息化和科技局", "大学城管委会"]);
    assert_eq!(
        leads(26),
        ["区发展改革局", "区投资促进局", "区文化和旅游局"]
    );
    assert_eq!(leads(55).len(), 6);
    assert_eq!(
        leads(56),
        ["区行政审批服务局", "区大数据发展中心", "大学城管委会"]
    );
    // Item 6 is split by a page break inside the clause: `（牵头` ⏎⏎ `单位：…`.
    assert_eq!(leads(6), ["区发展改革局", "区农业农村局"]);
    // Item 34's clause stands on a line of its own.
    assert_eq!(leads(34), ["区投资促进局"]);
    // Half-width clause (item 53).
    assert_eq!(leads(53), ["区水务局", "市生态环境局长清分局"]);
    let src = &run.sources[0].text;
    for t in &doc.tasks {
        for u in t.lead().chain(t.responsible()) {
            let at: String = src[u.span.clone()]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            assert_eq!(
                at, u.name,
                "span of {} in task {}",
                u.name, t.numbering.value
            );
        }
    }
}

#[test]
fn seed_001_findings() {
    let run = common::run(&[SEED_ANNEX], &["T", "S"]);
    let count = |c: &str| run.diagnostics.iter().filter(|d| d.code == c).count();
    assert_eq!(count("T001"), 0);
    assert_eq!(count("T002"), 0);
    assert_eq!(count("S001"), 0);
    assert_eq!(count("S004"), 13);
    assert_eq!(count("S005"), 13);
    insta::assert_snapshot!("seed_001", common::render(&[SEED_ANNEX], &["T", "S"]));
}

/// Removing the lead part of any one task yields exactly one missing-lead
/// finding, on that task.
#[test]
fn removing_any_lead_is_found() {
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_ANNEX))
            .unwrap();
    let base = common::run_text("annex.md", &text, &["T001"]);
    let doc = &base.docs[0];
    for t in &doc.tasks {
        let c = t.main_clause().unwrap();
        let label = c.lead_label.clone().unwrap();
        // Cut from the 牵头 label to the end of the lead list and its separator.
        let mut end = c.lead.last().unwrap().span.end;
        let rest = &text[end..];
        if rest.starts_with('；') || rest.starts_with(';') {
            end += rest.chars().next().unwrap().len_utf8();
        }
        let mut mutated = text.clone();
        mutated.replace_range(label.start..end, "");
        let run = common::run_text("annex.md", &mutated, &["T001"]);
        let found: Vec<u32> = run
            .diagnostics
            .iter()
            .map(|d| {
                let at = d.primary.span.start;
                run.docs[0]
                    .tasks
                    .iter()
                    .rfind(|t| t.span.start <= at)
                    .unwrap()
                    .numbering
                    .value
            })
            .collect();
        assert_eq!(
            found,
            [t.numbering.value],
            "removing the lead of task {}",
            t.numbering.value
        );
    }
}

#[test]
fn clause_forms_in_documents() {
    let text = "\
2025年重点工作任务分解

一、主要目标

（一）地区生产总值增长7%以上
责任单位:区发展和改革局

（二）推进项目建设。（6月底完成，牵头考核单位：区发展改革局、区住房城乡建设局）

（三）深化改革。[牵头单位:区委改革办;责任单位:区司法局、各街办(新区)]

（四）优化服务。【牵头单位：区行政审批服务局】

（五）完善机制。(区财政局、区税务局牵头)
";
    let run = common::run_text("a.txt", text, &[]);
    let doc = &run.docs[0];
    assert_eq!(doc.tasks.len(), 5);
    let names = |i: usize, lead: bool| -> Vec<String> {
        let t = &doc.tasks[i];
        let l: Vec<&gwlint::model::Unit> = if lead {
            t.lead().collect()
        } else {
            t.responsible().collect()
        };
        l.iter().map(|u| u.name.clone()).collect()
    };
    assert_eq!(names(0, false), ["区发展和改革局"]);
    assert!(names(0, true).is_empty());
    assert_eq!(names(1, true), ["区发展改革局", "区住房城乡建设局"]);
    assert_eq!(
        doc.tasks[1]
            .main_clause()
            .unwrap()
            .deadline
            .as_ref()
            .unwrap()
            .text,
        "6月底完成"
    );
    assert_eq!(names(2, false), ["区司法局", "各街办(新区)"]);
    assert_eq!(names(3, true), ["区行政审批服务局"]);
    assert_eq!(names(4, true), ["区财政局", "区税务局"]);
}

#[test]
fn report_paragraphs_are_not_tasks() {
    let run = common::run(&["fixtures/seeds/changqing-2024-report.txt"], &["T"]);
    let doc = &run.docs[0];
    assert_eq!(doc.kind, DocKind::Report);
    assert_eq!(doc.year.as_ref().unwrap().text, "2024");
    assert!(doc.tasks.is_empty());
    assert!(run.diagnostics.is_empty());
    assert!(doc.paragraphs.len() > 50);
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "",
        "\n\n\n",
        "（",
        "（牵头单位：",
        "1.",
        "一、",
        "##",
        "（牵头\n\n单位",
        "\r\r\r1.a（牵头单位：A）\r",
        "1.a（牵头单位：A局）（",
        "]]]）））",
    ] {
        let _ = common::run_text("x.md", text, &[]);
    }
}

#[test]
fn table_layout_annex() {
    let file = "fixtures/tasks/table_annex.md";
    let run = common::run(&[file], &["T", "S"]);
    let doc = &run.docs[0];
    assert_eq!(doc.kind, DocKind::Annex);
    assert_eq!(doc.tasks.len(), 4);
    assert_eq!(doc.tasks[0].lead().next().unwrap().name, "区发展改革局");
    assert_eq!(common::codes(&run), ["T002", "T003", "S001", "T004"]);
    insta::assert_snapshot!("table_annex", common::render(&[file], &["T", "S"]));
}
