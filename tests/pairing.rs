//! Pairing in folders of mixed documents (issue 9): an annex is reconciled
//! only with a report of its own place; a report's appendix of 民生实事 is
//! checked as tasks without making the report an annex.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use gwlint::link::LinkKind;
use gwlint::model::DocKind;

/// A document's place from its file name alone (never from gwlint):
/// `2026-内蒙古自治区.txt` → `内蒙古自治区`, `changqing-2025-annex.md` →
/// `changqing`. The State Council's reports and its 2018 division of work
/// are one place.
fn place_of_file(path: &str) -> String {
    let name = Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    let stem = name.split('.').next().unwrap();
    let first = stem.split('-').next().unwrap();
    let place = if first.chars().all(|c| c.is_ascii_digit()) {
        stem.split('-').nth(1).unwrap_or(stem)
    } else {
        first
    };
    match place {
        "guowuyuan" => "国务院".into(),
        p => p.to_string(),
    }
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_gwlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.code().unwrap() <= 1, "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_mixed_folder_pairs_only_documents_of_one_place() {
    let v = json(&["fixtures/corpus/", "fixtures/real/", "fixtures/seeds/"]);
    let diags = v["diagnostics"].as_array().unwrap();
    let mut x = 0;
    for d in diags
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with('X'))
    {
        x += 1;
        let mut files: BTreeSet<&str> = BTreeSet::new();
        files.insert(d["file"].as_str().unwrap());
        for l in d["labels"].as_array().unwrap() {
            files.insert(l["file"].as_str().unwrap());
        }
        let places: BTreeSet<String> = files.iter().map(|f| place_of_file(f)).collect();
        assert_eq!(places.len(), 1, "{} links {files:?}", d["code"]);
    }
    assert!(x > 0);
    // The seed pair is still reconciled, with the findings it has alone.
    let seed = |v: &serde_json::Value| -> Vec<(String, String)> {
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["file"] == "fixtures/seeds/changqing-2025-annex.md")
            .filter(|d| d["code"].as_str().unwrap().starts_with('X'))
            .map(|d| (d["code"].to_string(), d["message"].to_string()))
            .collect()
    };
    let alone = json(&[
        "fixtures/seeds/changqing-2025-report-news.txt",
        "fixtures/seeds/changqing-2025-annex.md",
    ]);
    assert!(seed(&alone).len() >= 5, "{:?}", seed(&alone));
    assert_eq!(seed(&v), seed(&alone));
    // Annexes of places without a report are said to be unpaired, once each.
    let unpaired: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "X006")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(unpaired.contains(&"fixtures/real/xianan-2023-leader-then-lead.txt"));
    assert!(unpaired.contains(&"fixtures/real/ningbo-2025-label-lines.txt"));
    assert!(!unpaired.contains(&"fixtures/seeds/changqing-2025-annex.md"));
    let distinct: BTreeSet<&&str> = unpaired.iter().collect();
    assert_eq!(distinct.len(), unpaired.len());
    // Inner Mongolia's report, whose appendix lists 民生实事 with leads, is a
    // report, not another province's annex.
    let kind = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "fixtures/corpus/2026-内蒙古自治区.txt")
        .unwrap()["kind"]
        .clone();
    assert_eq!(kind, "report");
}

#[test]
fn an_annex_of_another_place_is_not_reconciled_and_said_so() {
    // The Changqing annex against Tianqiao's report of the same year.
    let paths = [
        "fixtures/seeds/tianqiao-2025-report.txt",
        "fixtures/seeds/changqing-2025-annex.md",
    ];
    let run = common::run(&paths, &["X"]);
    assert!(run.links.iter().all(|l| l.kind != LinkKind::ReportAnnex));
    assert_eq!(common::codes(&run), ["X006"]);
    insta::assert_snapshot!("X006", common::render(&paths, &["X"]));
    // With the annex alone there is nothing to pair with: no note.
    let run = common::run(&[paths[1]], &["X"]);
    assert!(run.diagnostics.is_empty());
}

#[test]
fn a_report_with_an_appendix_of_tasks_stays_a_report() {
    let path = "fixtures/pairing/report-with-appendix.txt";
    let run = common::run(&[path], &["T"]);
    assert_eq!(run.docs[0].kind, DocKind::Report);
    // The appendix is checked as tasks: its item without a lead only.
    assert_eq!(common::codes(&run), ["T001"]);
    insta::assert_snapshot!("report_with_appendix", common::render(&[path], &["T"]));
    // The real one: Inner Mongolia's 2026 report and its 10 民生实事.
    let real = common::run(&["fixtures/corpus/2026-内蒙古自治区.txt"], &["T"]);
    assert_eq!(real.docs[0].kind, DocKind::Report);
    assert_eq!(real.docs[0].tasks.len(), 10);
    assert!(real.docs[0].tasks.iter().all(|t| t.lead().next().is_some()));
    assert!(real.diagnostics.is_empty(), "{:?}", common::codes(&real));
}

#[test]
fn among_many_reports_of_one_place_and_year_the_annex_finds_its_own() {
    // Nineteen reports all titled as 长清区's 2025 report: one is the
    // report the annex was written from, the others carry the text of
    // other reports. Only a bounded number are compared exactly (the
    // sketch decides which); the annex still pairs with its own report,
    // whatever the order of the files.
    let seed =
        |p: &str| std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(p)).unwrap();
    let own = seed("fixtures/seeds/changqing-2025-report-news.txt");
    let annex = seed("fixtures/seeds/changqing-2025-annex.md");
    let mut decoys: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
    decoys.sort();
    assert!(decoys.len() >= 17, "more reports than are compared exactly");
    let mut files: Vec<(String, String)> = decoys
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (
                format!("r{i:02}.txt"),
                format!("济南市长清区2025年政府工作报告\n\n{t}"),
            )
        })
        .collect();
    files.push((
        "own.txt".into(),
        format!("济南市长清区2025年政府工作报告\n\n{own}"),
    ));
    files.push(("annex.md".into(), annex));
    for reversed in [false, true] {
        let mut order = files.clone();
        if reversed {
            order.reverse();
        }
        let sources: Vec<gwlint::load::SourceFile> = order
            .iter()
            .map(|(n, t)| gwlint::load::SourceFile::from_text(n, t))
            .collect();
        let mut data = gwlint::rules::data::Data::builtin();
        data.settings.select = vec!["X".into()];
        let run = gwlint::check_sources(sources, &data, &gwlint::parse::ParseOptions::default());
        let pairs: Vec<(&str, &str)> = run
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::ReportAnnex)
            .map(|l| {
                (
                    run.sources[l.report].name.as_str(),
                    run.sources[l.annex].name.as_str(),
                )
            })
            .collect();
        assert_eq!(pairs, [("own.txt", "annex.md")], "reversed: {reversed}");
    }
}
