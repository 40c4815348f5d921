//! The `targets` family (X): report ↔ annex reconciliation and prose ↔
//! indicator table, on the seeds and on hand-made fixtures.

mod common;

use gwlint::link::{LinkKind, Pairing};
use gwlint::load::SourceFile;
use gwlint::parse::ParseOptions;
use gwlint::rules::data::Data;

const S000: &str = "fixtures/seeds/changqing-2025-report-news.txt";
const S001: &str = "fixtures/seeds/changqing-2025-annex.md";
const S002: &str = "fixtures/seeds/changqing-2021-health-opinion-and-plan.txt";
const S003: &str = "fixtures/seeds/changqing-2024-report.txt";
const S004: &str = "fixtures/seeds/tianqiao-2025-report.txt";

const FINDINGS: &[&str] = &["X001", "X002", "X003", "X004"];

fn fx(name: &str) -> String {
    format!("fixtures/targets/{name}")
}

/// Messages of one code.
fn messages(run: &gwlint::Run, code: &str) -> Vec<String> {
    run.diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| d.message.to_string())
        .collect()
}

/// The task number in `第 N 项任务…`.
fn task_number(msg: &str) -> u32 {
    let rest = msg.strip_prefix("第 ").expect("message names a task");
    rest[..rest.find(' ').unwrap()].parse().unwrap()
}

fn text<'a>(run: &'a gwlint::Run, l: &gwlint::diag::Label) -> &'a str {
    &run.sources[l.file].text[l.span.clone()]
}

// ── Seeds ───────────────────────────────────────────────────────

#[test]
fn seed_000_001_targets_agree_and_drift_is_found() {
    let run = common::run(&[S000, S001], FINDINGS);
    assert!(
        messages(&run, "X001").is_empty(),
        "{:?}",
        messages(&run, "X001")
    );
    assert!(messages(&run, "X003").is_empty());
    let drift: Vec<u32> = messages(&run, "X004")
        .iter()
        .map(|m| task_number(m))
        .collect();
    assert_eq!(drift, [18, 19, 68, 75]);

    // The headline targets the news report states are all matched and agree.
    let link = run
        .links
        .iter()
        .find(|l| l.kind == LinkKind::ReportAnnex)
        .expect("the report and the annex are paired");
    assert_eq!(
        (link.report, link.annex, link.pairing),
        (0, 1, Pairing::Year)
    );
    let ind = &Data::builtin().targets.indicators;
    for name in [
        "地区生产总值",
        "一般公共预算收入",
        "规模以上工业增加值",
        "城镇居民人均可支配收入",
        "农村居民人均可支配收入",
    ] {
        let m = link
            .matches
            .iter()
            .find(|m| {
                link.annex_targets[m.annex].what(ind) == name
                    && !link.annex_targets[m.annex].stretch
            })
            .unwrap_or_else(|| panic!("{name} is matched"));
        assert!(
            link.annex_targets[m.annex].same_value(&link.report_targets[m.report]),
            "{name} agrees"
        );
    }

    // Labels sit on the differing characters, in both files.
    let x4: Vec<_> = run
        .diagnostics
        .iter()
        .filter(|d| d.code == "X004")
        .collect();
    assert_eq!(
        (text(&run, &x4[0].primary), text(&run, &x4[0].secondary[0])),
        ("区", "带")
    );
    let swap: Vec<&str> = std::iter::once(&x4[1].primary)
        .chain(&x4[1].secondary)
        .map(|l| text(&run, l))
        .collect();
    assert_eq!(
        swap,
        [
            "国安地块商业综合体",
            "国潮不夜城",
            "国潮不夜城",
            "国安地块商业综合体"
        ]
    );
    assert_eq!(x4[1].secondary[1].file, 0);
    assert_eq!(text(&run, &x4[2].secondary[0]), "就");
    assert_eq!(text(&run, &x4[3].primary), "学");

    insta::assert_snapshot!("seed_000_001", common::render(&[S000, S001], FINDINGS));
}

#[test]
fn seed_003_001_year_and_changed_headline_targets() {
    let run = common::run(&[S003, S001], &["X001", "X003"]);
    let years = messages(&run, "X003");
    assert_eq!(
        years,
        ["责任分工是 2025 年的，与之配对的工作报告是 2024 年的"]
    );
    let x1 = messages(&run, "X001");
    for (n, name) in [
        (1, "地区生产总值"),
        (2, "一般公共预算收入"),
        (3, "规模以上工业增加值"),
        (4, "固定资产投资"),
        (5, "社会消费品零售总额"),
        (6, "农村居民人均可支配收入"),
    ] {
        let want = format!("第 {n} 项任务中“{name}”的目标值与工作报告不一致");
        assert!(
            x1.iter().any(|m| m.starts_with(&want)),
            "missing: {want}\n{x1:#?}"
        );
    }
    // Urban income grows 5.5% in both years.
    assert!(
        !x1.iter().any(|m| m.contains("城镇居民人均可支配收入")),
        "{x1:#?}"
    );
    insta::assert_snapshot!(
        "seed_003_001",
        common::render(&[S003, S001], &["X001", "X003"])
    );
}

#[test]
fn seed_002_body_targets_against_indicator_tables() {
    let run = common::run(&[S002], &["X001"]);
    let x1 = messages(&run, "X001");
    assert_eq!(x1.len(), 3, "{x1:#?}");
    assert!(x1[0].contains("经常参加体育锻炼人数比例") && x1[0].contains("≥39"));
    assert!(x1[1].contains("重大慢性病过早死亡率") && x1[1].contains("单位"));
    assert!(x1[2].contains("粮食综合生产能力") && x1[2].contains("26.89"));

    let link = run
        .links
        .iter()
        .find(|l| l.kind == LinkKind::BodyTable)
        .expect("the prose is linked to its tables");
    let agree: Vec<String> = link
        .matches
        .iter()
        .filter(|m| link.annex_targets[m.annex].same_value(&link.report_targets[m.report]))
        .map(|m| {
            let (a, r) = (&link.annex_targets[m.annex], &link.report_targets[m.report]);
            format!("{}={}@{:?}", a.subject, r.value_text, r.year)
        })
        .collect();
    for want in [
        "居民健康素养水平=24%@Some(2022)",
        "居民健康素养水平=32%@Some(2030)",
        "人均预期寿命=80岁@Some(2022)",
        "孕产妇死亡率=9.3/10万@Some(2022)",
        "地区生产总值=9%@Some(2025)",
        "一般公共预算收入=40.9亿元@Some(2025)",
        "常住人口=67万人@Some(2025)",
    ] {
        assert!(
            agree.contains(&want.to_string()),
            "{want} not in {agree:#?}"
        );
    }
    assert!(agree.len() >= 40, "{}", agree.len());
    insta::assert_snapshot!("seed_002", common::render(&[S002], &["X001"]));
}

#[test]
fn seeds_directory_pairs_by_year_and_text() {
    let run = common::run(&[S000, S001, S002, S003, S004], FINDINGS);
    let pairs: Vec<(usize, usize, Pairing)> = run
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::ReportAnnex)
        .map(|l| (l.report, l.annex, l.pairing))
        .collect();
    assert_eq!(pairs, [(0, 1, Pairing::Year)]);
    // The same findings as the pair alone.
    let drift: Vec<u32> = messages(&run, "X004")
        .iter()
        .map(|m| task_number(m))
        .collect();
    assert_eq!(drift, [18, 19, 68, 75]);
}

#[test]
fn another_jurisdiction_is_paired_only_when_asked() {
    let run = common::run(&[S004, S001], FINDINGS);
    assert!(run.links.iter().all(|l| l.kind != LinkKind::ReportAnnex));
    assert!(run.diagnostics.is_empty());

    let mut data = Data::builtin();
    data.settings.select = vec!["X003".into()];
    data.targets.pairs = vec![(S004.into(), S001.into())];
    let run = gwlint::check_sources(common::load(&[S004, S001]), &data, &ParseOptions::default());
    let link = run
        .links
        .iter()
        .find(|l| l.kind == LinkKind::ReportAnnex)
        .unwrap();
    assert_eq!(link.pairing, Pairing::Explicit);
}

// ── Hand-made fixtures ───────────────────────────────────────────

#[test]
fn extraction_forms_agree() {
    let run = common::run(
        &[&fx("forms_report.txt"), &fx("forms_annex_agree.md")],
        FINDINGS,
    );
    assert!(
        run.diagnostics.is_empty(),
        "{}",
        common::render(
            &[&fx("forms_report.txt"), &fx("forms_annex_agree.md")],
            FINDINGS
        )
    );
    // Every annex target found its counterpart.
    let link = &run.links[0];
    let stretch = link.annex_targets.iter().filter(|t| t.stretch).count();
    assert_eq!(link.matches.len(), link.annex_targets.len() - stretch);
}

#[test]
fn extraction_forms_differ() {
    let paths = [
        &fx("forms_report.txt")[..],
        &fx("forms_annex_differ.md")[..],
    ];
    let run = common::run(&paths, FINDINGS);
    let tasks: Vec<u32> = messages(&run, "X001")
        .iter()
        .map(|m| task_number(m))
        .collect();
    assert_eq!(tasks, [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(common::codes(&run), ["X001"; 7]);
    insta::assert_snapshot!("forms_differ", common::render(&paths, FINDINGS));
}

#[test]
fn x001_table_trigger_and_clean() {
    insta::assert_snapshot!(
        "X001_table",
        common::render(&[&fx("table_opinion.txt")], &["X001"])
    );
    let run = common::run(&[&fx("table_opinion_clean.txt")], FINDINGS);
    assert!(run.diagnostics.is_empty());
    let link = &run.links[0];
    assert_eq!(link.matches.len(), 3);
}

#[test]
fn x002_trigger_and_clean() {
    let paths = [&fx("X002_report.txt")[..], &fx("X002_annex.md")[..]];
    assert_eq!(
        common::codes(&common::run(&paths, FINDINGS)),
        ["X002", "X002"]
    );
    insta::assert_snapshot!("X002", common::render(&paths, &["X002"]));
    let clean = common::run(
        &[&fx("X002_report.txt"), &fx("X002_annex_clean.md")],
        FINDINGS,
    );
    assert!(clean.diagnostics.is_empty());
}

#[test]
fn x003_trigger_and_clean() {
    let paths = [&fx("X003_report.txt")[..], &fx("X003_annex.md")[..]];
    assert_eq!(
        common::codes(&common::run(&paths, FINDINGS)),
        ["X003", "X003"]
    );
    insta::assert_snapshot!("X003", common::render(&paths, &["X003"]));
    let clean = common::run(
        &[&fx("X003_report_clean.txt"), &fx("X003_annex.md")],
        FINDINGS,
    );
    assert!(clean.diagnostics.is_empty());
}

#[test]
fn x004_trigger_and_clean() {
    let paths = [&fx("drift_report.txt")[..], &fx("drift_annex.md")[..]];
    let run = common::run(&paths, FINDINGS);
    assert_eq!(common::codes(&run), ["X004"; 6]);
    insta::assert_snapshot!("X004", common::render(&paths, &["X004"]));
    // Shortened, reordered, prefixed and reworded sentences stay quiet.
    let clean = common::run(
        &[&fx("drift_clean_report.txt"), &fx("drift_clean_annex.md")],
        &["X"],
    );
    assert!(
        clean.diagnostics.is_empty(),
        "{}",
        common::render(
            &[&fx("drift_clean_report.txt"), &fx("drift_clean_annex.md")],
            &["X"]
        )
    );
}

#[test]
fn x005_trigger_and_clean() {
    let paths = [&fx("X005_report.txt")[..], &fx("X005_annex.md")[..]];
    assert_eq!(common::codes(&common::run(&paths, &["X"])), ["X005"]);
    insta::assert_snapshot!("X005", common::render(&paths, &["X005"]));
    let clean = common::run(
        &[&fx("X005_report.txt"), &fx("X005_annex_clean.md")],
        &["X"],
    );
    assert!(clean.diagnostics.is_empty());
}

#[test]
fn a_single_document_without_tables_has_no_link() {
    let run = common::run(&[S001], &["X"]);
    assert!(run.links.is_empty());
    assert!(run.diagnostics.is_empty());
}

#[test]
fn hard_wrapped_labels_point_across_lines() {
    // A value broken by a PDF hard wrap is labelled from its first to its
    // last character.
    let report = "2025年政府工作报告\n\n各位代表：\n\n今年主要预期目标是：地区生产总值增长 5.\n6%，一般公共预算收入增长4%。\n";
    let annex = "# 2025 年《政府工作报告》重点工作责任分工\n\n1.地区生产总值增长6%。（牵头单位：区发展改革局）\n\n2.一般公共预算收入增长4%。（牵头单位：区财政局）\n";
    let mut data = Data::builtin();
    data.settings.select = vec!["X001".into()];
    let run = gwlint::check_sources(
        vec![
            SourceFile::from_text("r.txt", report),
            SourceFile::from_text("a.md", annex),
        ],
        &data,
        &ParseOptions::default(),
    );
    assert_eq!(common::codes(&run), ["X001"]);
    let d = &run.diagnostics[0];
    assert_eq!(text(&run, &d.primary), "6%");
    assert_eq!(text(&run, &d.secondary[0]), "5.\n6%");
}

// Rule documentation examples (示例 fires, 应改为 does not) are checked for
// every rule, X included, by tests/registry.rs.

// ── Command line ─────────────────────────────────────────────────

#[test]
fn cli_invalid_indicator_file_is_a_tool_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("indicators.toml");
    std::fs::write(&bad, "[[indicator]]\nname = \"甲\"\nsynonyms = [\"GDP\"]\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("gwlint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--indicators"])
        .arg(&bad)
        .arg(S001)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("“GDP”已是指标“地区生产总值”的名称或别名"),
        "{err}"
    );
}

#[test]
fn cli_pair_and_user_indicators() {
    let dir = tempfile::tempdir().unwrap();
    let extra = dir.path().join("indicators.toml");
    std::fs::write(
        &extra,
        "[[indicator]]\nname = \"新改建农村公路\"\nsynonyms = [\"新建改建农村公路\"]\n",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("gwlint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--select", "X", "--color", "never", "--indicators"])
        .arg(&extra)
        .arg("--pair")
        .arg(format!("{}={}", S004, S001))
        .args([S004, S001])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("X001 target-mismatch"), "{stdout}");
    let bad = assert_cmd::Command::cargo_bin("gwlint")
        .unwrap()
        .args(["check", "--pair", "nothing-here.txt=missing.md", "x.txt"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

// ── Robustness ───────────────────────────────────────────────────

#[test]
fn odd_inputs_never_panic() {
    const FRAGS: &[&str] = &[
        "增长",
        "5.6%",
        "（力争超过",
        "）",
        "分别",
        "和",
        "、",
        "以上",
        "以下",
        "～",
        "-",
        "三十处",
        "１２",
        "公里",
        "/10",
        "万",
        "到2022年",
        "2025 年",
        "。",
        "，",
        "“",
        "”",
        "《",
        "》",
        "（",
        "地区生产总值",
        "城乡居民人均可支配收入",
        "牵头单位：区财政局",
        "\n",
        "\n\n",
        "1.",
        "2.",
        "一、",
        "主要指标",
        "序号 指标 2022 年 2030 年",
        "1 居民健康素养水平（％） 19 24 32",
        "2 人均预期寿命（岁） 78 80 82",
        "≥",
        ">",
        "余",
        "个",
        "亿元",
        "0",
        ".",
        "十",
        "千",
        "每",
        "济南经济开发区",
        "项目",
        "加快",
        "建设",
        "政府工作报告",
        "责任分工",
        "　",
        " ",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut data = Data::builtin();
    data.settings.select = vec!["X".into()];
    let (mut linked, mut found) = (0, 0);
    for round in 0..400 {
        let mut docs = Vec::new();
        for k in 0..2 {
            let mut s = String::from(if k == 0 {
                "2025年政府工作报告\n"
            } else {
                "2025年《政府工作报告》重点工作责任分工\n"
            });
            let tasks = if k == 0 { 1 } else { 1 + next(8) };
            for t in 0..tasks {
                if k == 1 {
                    s.push_str(&format!("\n{}.", t + 1));
                }
                for _ in 0..next(60) {
                    s.push_str(FRAGS[next(FRAGS.len())]);
                }
                if k == 1 {
                    s.push_str("。（牵头单位：区财政局）\n");
                }
            }
            docs.push(SourceFile::from_text(&format!("r{round}_{k}.txt"), &s));
        }
        let run = gwlint::check_sources(docs, &data, &ParseOptions::default());
        let _ = gwlint::diag::render_human::to_string(&run.sources, &run.diagnostics);
        linked += run.links.len();
        found += run.diagnostics.len();
    }
    // The generator does reach the link stage and the rules.
    assert!(
        linked > 100 && found > 100,
        "{linked} links, {found} findings"
    );
}

#[test]
fn a_thousand_task_annex_against_a_long_report() {
    // Seed 001's tasks twelve times over (1,068 tasks) against seed 000 and
    // seed 003 three times over (~175 KB): alignment is linear, so this runs
    // in well under a second in release builds.
    let seed = &common::load(&[S001])[0];
    let doc = gwlint::parse::parse(0, seed, &ParseOptions::default());
    let tasks: Vec<&str> = doc.tasks.iter().map(|t| t.body.text.as_str()).collect();
    let mut annex = String::from("# 2025 年《政府工作报告》重点工作责任分工\n\n");
    let mut n = 0;
    for _ in 0..12 {
        for t in &tasks {
            n += 1;
            annex.push_str(&format!("{n}.{t}\n\n"));
        }
    }
    let report = format!(
        "2025年政府工作报告\n{}",
        (std::fs::read_to_string(S000).unwrap() + &std::fs::read_to_string(S003).unwrap())
            .repeat(3)
    );
    let mut data = Data::builtin();
    data.settings.select = vec!["X004".into()];
    let t0 = std::time::Instant::now();
    let run = gwlint::check_sources(
        vec![
            SourceFile::from_text("big.txt", &report),
            SourceFile::from_text("big.md", &annex),
        ],
        &data,
        &ParseOptions::default(),
    );
    let elapsed = t0.elapsed();
    assert!(n > 1000);
    assert_eq!(run.links[0].tasks.len(), n);
    // Every copy of items 18, 19, 68 and 75 is found again.
    assert_eq!(run.diagnostics.len(), 4 * 12);
    assert!(elapsed.as_secs() < 30, "{elapsed:?}");
}

#[test]
fn qualifier_and_stretch_differences() {
    let report = "2025年政府工作报告\n\n各位代表：\n\n城镇调查失业率控制在5.5%以内，居民消费价格涨幅3%左右，研发经费投入增长12%，力争增长15%。\n";
    let annex = "# 2025 年《政府工作报告》重点工作责任分工\n\n1.城镇调查失业率控制在5.5%以上。（牵头单位：区人力资源社会保障局）\n\n2.居民消费价格涨幅3%。（牵头单位：区发展改革局）\n\n3.研发经费投入增长12%，力争增长16%。（牵头单位：区工业信息化和科技局）\n";
    let mut data = Data::builtin();
    data.settings.select = vec!["X001".into()];
    let run = gwlint::check_sources(
        vec![
            SourceFile::from_text("r.txt", report),
            SourceFile::from_text("a.md", annex),
        ],
        &data,
        &ParseOptions::default(),
    );
    let m = messages(&run, "X001");
    assert_eq!(m.len(), 2, "{m:#?}");
    // 以内 vs 以上 conflict; 3%左右 vs 3% agree.
    assert!(
        m[0].starts_with("第 1 项任务中“城镇调查失业率”的限定词"),
        "{}",
        m[0]
    );
    // The stretch target is compared with the stretch target only.
    assert!(
        m[1].contains("分工为力争增长16%，报告为力争增长15%"),
        "{}",
        m[1]
    );
}

/// A report that covers only part of the annex (here a news story) gets one
/// X005 summary, not a note per task.
#[test]
fn partial_report_gives_one_unmatched_summary() {
    let run = common::run(&[S000, S001], &["X005"]);
    let notes = messages(&run, "X005");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].starts_with("89 项任务中有 "), "{}", notes[0]);
    let d = &run.diagnostics[0];
    assert!(
        d.notes[0].starts_with("找不到出处的任务：第 4、5、7、"),
        "{}",
        d.notes[0]
    );
    assert_eq!(d.secondary.len(), 4);
}
