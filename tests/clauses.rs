//! Layouts of responsibility clauses found in real annexes, 考评办法 and task
//! lists (`fixtures/real/FINDINGS.md` names the classes). One made-up
//! fixture per class in `fixtures/clauses/`: `<class>_….txt` whose model and
//! T/S findings are snapshotted exactly, and a `…_clean.txt` counterpart
//! that must read every task with its lead and stay silent.

mod common;

use gwlint::model::{Document, LeadConvention};

/// The parts of the model the clauses work is about, one line per task.
fn model(doc: &Document) -> String {
    let mut out = format!(
        "kind={:?} tasks={} convention={:?}\n",
        doc.kind,
        doc.tasks.len(),
        doc.lead_convention
    );
    for h in &doc.headings {
        out.push_str(&format!("heading {} {}\n", h.numbering.raw, h.text));
    }
    for t in &doc.tasks {
        let names = |u: &mut dyn Iterator<Item = &gwlint::model::Unit>| {
            u.map(|u| {
                if u.collective {
                    format!("{}*", u.name)
                } else {
                    u.name.clone()
                }
            })
            .collect::<Vec<_>>()
            .join("、")
        };
        let forms: Vec<String> = t.clauses.iter().map(|c| format!("{:?}", c.form)).collect();
        let deadline = t
            .clauses
            .iter()
            .find_map(|c| c.deadline.as_ref())
            .map(|d| d.text.as_str())
            .unwrap_or("");
        out.push_str(&format!(
            "task {} [{}] {} | lead={} | resp={} | deadline={}\n",
            t.numbering.value,
            forms.join(","),
            t.body.text.chars().take(16).collect::<String>(),
            names(&mut t.lead()),
            names(&mut t.responsible()),
            deadline,
        ));
    }
    out
}

fn snapshot(file: &str) -> (String, usize) {
    let path = format!("fixtures/clauses/{file}");
    let run = common::run(&[path.as_str()], &["T", "S"]);
    let diags = common::render(&[path.as_str()], &["T", "S"]);
    (
        format!("{}\n{}", model(&run.docs[0]), diags),
        run.diagnostics.len(),
    )
}

/// Every task of a clean fixture has a lead (explicit, or by the
/// first-responsible convention) and no T/S finding is reported.
fn clean(file: &str) -> String {
    let path = format!("fixtures/clauses/{file}");
    let run = common::run(&[path.as_str()], &["T", "S"]);
    let doc = &run.docs[0];
    assert!(!doc.tasks.is_empty(), "{file}: no task read");
    for t in &doc.tasks {
        let led = t.lead().next().is_some()
            || (doc.lead_convention == LeadConvention::FirstResponsible
                && t.responsible().next().is_some());
        assert!(led, "{file}: task {} has no lead", t.numbering.raw);
    }
    let codes: Vec<_> = common::codes(&run)
        .into_iter()
        .filter(|c| *c != "T006")
        .collect();
    assert!(codes.is_empty(), "{file}: {codes:?}");
    model(doc)
}

macro_rules! class {
    ($name:ident, $trigger:literal, $clean:literal) => {
        #[test]
        fn $name() {
            let (snap, n) = snapshot($trigger);
            assert!(n > 0, "{}: the trigger reports nothing", $trigger);
            insta::assert_snapshot!(concat!(stringify!($name), "_trigger"), snap);
            insta::assert_snapshot!(concat!(stringify!($name), "_clean"), clean($clean));
        }
    };
}

class!(
    c1_cell_per_line_table,
    "c1_cell_table.txt",
    "c1_cell_table_clean.txt"
);
class!(
    c1_piped_cell_table,
    "c1_cell_table_piped.txt",
    "c1_cell_table_piped_clean.txt"
);
class!(
    c6_free_text_after_units,
    "c6_free_text.txt",
    "c6_free_text_clean.txt"
);
class!(
    c4_labels_on_one_line,
    "c4_flat_labels.txt",
    "c4_flat_labels_clean.txt"
);
class!(
    c9_unit_bracket_no_role_word,
    "c9_unit_bracket.txt",
    "c9_unit_bracket_clean.txt"
);
class!(
    numbering_variants,
    "numbering_variants.txt",
    "numbering_variants_clean.txt"
);

/// C8: the convention is decided per clause. `A、B…等按职责分工负责` with no
/// 牵头 makes its first unit the lead, in a file where other tasks say
/// `A牵头`; in a task that has a `C牵头` clause, a further `A、B按职责分工负责`
/// clause names responsible units. A task with only `责任单位：` in a file
/// that names leads still lacks its lead (the trigger's T001).
#[test]
fn c8_per_clause_convention() {
    let (snap, n) = snapshot("c8_mixed_styles.txt");
    assert_eq!(n, 1, "{snap}");
    insta::assert_snapshot!("c8_per_clause_convention_trigger", snap);
    let model = clean("c8_mixed_styles_clean.txt");
    insta::assert_snapshot!("c8_per_clause_convention_clean", model);
    let run = common::run(&["fixtures/clauses/c8_mixed_styles_clean.txt"], &["T"]);
    let t = &run.docs[0].tasks;
    let lead = |k: usize| t[k].lead().map(|u| u.name.as_str()).collect::<Vec<_>>();
    assert_eq!(lead(1), ["区商务局"]);
    assert_eq!(lead(3), ["区生态环境局"]);
    assert!(t[3].responsible().any(|u| u.name == "区林业局"));
    assert_eq!(lead(4), ["区政务服务中心"]);
}

/// C12: a list that starts in the middle (a repost of one section) is an
/// excerpt, not a skipped numbering; a gap after its start is still one.
#[test]
fn c12_excerpt_numbering() {
    let (snap, _) = snapshot("c12_excerpt.txt");
    let run = common::run(&["fixtures/clauses/c12_excerpt.txt"], &["T", "S"]);
    let msgs: Vec<&str> = run.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(msgs, ["任务编号跳号：缺少 26"], "{snap}");
    insta::assert_snapshot!("c12_excerpt_numbering_trigger", snap);
    insta::assert_snapshot!(
        "c12_excerpt_numbering_clean",
        clean("c12_excerpt_clean.txt")
    );
}

/// Every form of issue 9's list read end to end (made-up text): compound
/// labels, free text before labels, role verbs, role words as nouns,
/// several clauses per task (leads are the union), label lines,
/// traditional script, collectives with 、 or brackets, numbering forms.
#[test]
fn every_form_of_the_issue() {
    let file = "fixtures/clauses/issue_forms_clean.txt";
    let model = clean("issue_forms_clean.txt");
    insta::assert_snapshot!("every_form_of_the_issue", model);
    let run = common::run(&[file], &["T", "S"]);
    let doc = &run.docs[0];
    let want: &[(&[&str], &[&str])] = &[
        (&["市住建局"], &[]),
        (&["市发展改革委"], &["市财政局"]),
        (&["区财政局"], &["区民政局"]),
        (&["市教育局"], &["市人社局", "市财政局"]),
        (
            &["市人社局"],
            &[
                "市财政局",
                "市医保局",
                "各县、市、区",
                "市税务局",
                "各区县（市）",
            ],
        ),
        (&["市发展改革委"], &["各专项工作组牵头单位"]),
        (&["市政务服务中心"], &["市数据局"]),
        (
            &["市住建局城建处"],
            &["各县（市、区）人民政府", "市住建局财务科"],
        ),
        (&["市市场监管局"], &["市卫生健康局", "市农业农村局"]),
        (&["市政府辦公室"], &["市數據局", "市委宣傳部"]),
        (&["市安委办"], &["市消防救援支队", "市应急局"]),
        (&["市农业农村局", "市城管局"], &["市卫生健康局"]),
        (&["市人社局"], &["各试点牵头单位", "各县（市、区）人民政府"]),
    ];
    assert_eq!(doc.tasks.len(), want.len(), "{model}");
    for (k, (t, (lead, resp))) in doc.tasks.iter().zip(want).enumerate() {
        assert_eq!(t.numbering.value as usize, k + 1, "{model}");
        let l: Vec<&str> = t.lead().map(|u| u.name.as_str()).collect();
        let r: Vec<&str> = t.responsible().map(|u| u.name.as_str()).collect();
        assert_eq!((&l[..], &r[..]), (*lead, *resp), "task {}", k + 1);
    }
}

/// Every numbering form of issue 9, each as its own list: 1． 1﹒ １. 1、
/// (1) （1） ⑴ ① and number + tab. Each list of three tasks is read whole,
/// every task with its lead, and with no S finding.
#[test]
fn every_numbering_form() {
    let forms: &[&dyn Fn(u32) -> String] = &[
        &|n| format!("{n}．"),
        &|n| format!("{n}﹒"),
        &|n| format!("{}.", char::from_u32(0xFF10 + n).unwrap()),
        &|n| format!("{n}、"),
        &|n| format!("({n})"),
        &|n| format!("（{n}）"),
        &|n| char::from_u32(0x2473 + n).unwrap().to_string(),
        &|n| char::from_u32(0x245F + n).unwrap().to_string(),
        &|n| format!("{n}\t"),
    ];
    for f in forms {
        let mut text = String::from("2026年重点工作责任分工\n\n一、重点任务\n\n");
        for n in 1..=3 {
            text.push_str(&format!(
                "{}推进第{n}项工作。（牵头单位：甲{n}局；责任单位：乙局）\n\n",
                f(n)
            ));
        }
        let run = common::run_text("forms.txt", &text, &["T", "S"]);
        let doc = &run.docs[0];
        assert_eq!(doc.tasks.len(), 3, "{text}");
        for (k, t) in doc.tasks.iter().enumerate() {
            let want = format!("甲{}局", k + 1);
            assert_eq!(
                t.lead().map(|u| u.name.clone()).collect::<Vec<_>>(),
                [want],
                "{text}"
            );
        }
        assert!(
            common::codes(&run).is_empty(),
            "{text}: {:?}",
            common::codes(&run)
        );
    }
}

/// The leads of every task of a fixture, in order (`[]` when none is named).
fn leads_of(file: &str) -> Vec<Vec<String>> {
    let path = format!("fixtures/clauses/{file}");
    let run = common::run(&[path.as_str()], &["T", "S"]);
    run.docs[0]
        .tasks
        .iter()
        .map(|t| t.lead().map(|u| u.name.clone()).collect())
        .collect()
}

/// C13: a lead verb inside a labelled list (`责任单位：A和B分别牵头、C`):
/// A and B lead, C is responsible; `A局和B局` is two units. C14: a note in
/// brackets after the last unit stating the convention (`（列第一位者为牵头或
/// 汇总单位，下同）`) is not part of the unit's name, makes the first unit
/// lead, and the document follows the convention even where a task names
/// its lead explicitly — wherever the note stands.
#[test]
fn c13_c14_verb_in_label_list_and_stated_convention() {
    for file in [
        "c13_verb_in_label_list.txt",
        "c13_verb_in_label_list_clean.txt",
    ] {
        let model = clean(file);
        insta::assert_snapshot!(format!("c13_{}", file.trim_end_matches(".txt")), model);
        let leads = leads_of(file);
        assert_eq!(leads[1], ["区商务局", "区交通局"], "{file}");
        let run = common::run(&[format!("fixtures/clauses/{file}").as_str()], &["T"]);
        let doc = &run.docs[0];
        assert_eq!(
            doc.lead_convention,
            LeadConvention::FirstResponsible,
            "{file}"
        );
        assert!(doc.tasks[1].responsible().any(|u| u.name == "区发改局"));
        assert!(doc
            .tasks
            .iter()
            .flat_map(|t| t.lead().chain(t.responsible()))
            .all(|u| !u.name.contains('（') && !u.name.contains("分别")));
    }
    assert_eq!(leads_of("c13_verb_in_label_list.txt")[2], ["区民政局"]);
    // T006 counts only the tasks that follow the convention.
    let run = common::run(&["fixtures/clauses/c13_verb_in_label_list.txt"], &["T006"]);
    let msgs: Vec<&str> = run.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        msgs,
        ["全文 2 项任务只写责任单位，按惯例以第一个责任单位为牵头单位"]
    );
}

/// C15: a sentence about the tasks after the units (`以下任务均需各区政府、
/// 开发区管委落实，不再一一列出`) is a note, not units with a role verb; a
/// bare 单位 after a collective (`市直有关部门、单位`) shares it.
#[test]
fn c15_sentence_after_units() {
    let model = clean("c15_sentence_after_units.txt");
    insta::assert_snapshot!("c15_sentence_after_units", model);
    let run = common::run(&["fixtures/clauses/c15_sentence_after_units.txt"], &["T"]);
    let t = &run.docs[0].tasks[0];
    let resp: Vec<&str> = t.responsible().map(|u| u.name.as_str()).collect();
    assert_eq!(resp, ["市直有关部门、单位", "各区政府", "开发区管委"]);
    assert!(t.clauses[0]
        .fields
        .iter()
        .any(|f| f.value.text.starts_with("以下任务")));
}

/// C16: label lines separated by blank lines (`牵头领导：…` ⏎⏎ `主要责任单位：…`
/// ⏎⏎ `完成时限：…`) are one task, not a page-break split (S005); a 牵头领导
/// is a person, 主要责任单位 names the lead.
#[test]
fn c16_label_lines_apart() {
    let model = clean("c16_label_lines_blank.txt");
    insta::assert_snapshot!("c16_label_lines_apart", model);
    assert_eq!(
        leads_of("c16_label_lines_blank.txt"),
        [
            vec!["区发展改革委".to_string()],
            vec!["区财政局".to_string()]
        ]
    );
}

/// Task tables whose lead column is named with any lead label of the
/// grammar (牵头部门, 主责单位, 牵头领导及单位…) and whose other unit column
/// is 责任主体 / 配合单位…: every row is read with its lead, in a Markdown
/// table and in a table exported one cell per line.
#[test]
fn task_table_headers() {
    for (lead, resp) in [
        ("牵头部门", "责任主体"),
        ("主责单位", "配合单位"),
        ("牵头领导及单位", "协同单位"),
        ("主办单位", "参与部门"),
        ("牽頭單位", "責任單位"),
    ] {
        let md = format!(
            "# 2026年重点任务清单\n\n| 序号 | 重点任务 | {lead} | {resp} | 完成时限 |\n|---|---|---|---|---|\n| 1 | 新建公园3个 | 区住建局 | 区城管局、各街道 | 12月底前 |\n| 2 | 改造老旧小区 | 区房管局 | 区财政局 | 10月底前 |\n"
        );
        let cells = format!(
            "2026年重点任务清单\n\n序号\n\n重点任务\n\n{lead}\n\n{resp}\n\n完成时限\n\n1\n\n新建公园3个。\n\n区住建局\n\n区城管局\n\n12月底前\n\n2\n\n改造老旧小区。\n\n区房管局\n\n区财政局\n\n10月底前\n"
        );
        for (name, text) in [("t.md", md), ("t.txt", cells)] {
            let run = common::run_text(name, &text, &["T", "S"]);
            let doc = &run.docs[0];
            let leads: Vec<Vec<&str>> = doc
                .tasks
                .iter()
                .map(|t| t.lead().map(|u| u.name.as_str()).collect())
                .collect();
            assert_eq!(
                leads,
                [vec!["区住建局"], vec!["区房管局"]],
                "{lead}/{resp}\n{text}"
            );
            assert!(
                doc.tasks[1].responsible().any(|u| u.name == "区财政局"),
                "{text}"
            );
            assert!(
                common::codes(&run).is_empty(),
                "{text}: {:?}",
                common::codes(&run)
            );
        }
    }
}

/// C17: a table whose 责任单位 column lists every unit involved, the lead
/// too, on (nearly) every row: that is the layout, not T004 on each row.
/// Where only one row repeats the lead, T004 still reports it.
#[test]
fn c17_lead_listed_among_responsible() {
    let model = clean("c17_lead_within_responsible.txt");
    insta::assert_snapshot!("c17_lead_listed_among_responsible", model);
    let (snap, _) = snapshot("c17_lead_within_responsible_once.txt");
    insta::assert_snapshot!("c17_lead_listed_among_responsible_once", snap);
    let run = common::run(
        &["fixtures/clauses/c17_lead_within_responsible_once.txt"],
        &["T", "S"],
    );
    assert_eq!(common::codes(&run), ["T004"]);
}

/// C18: several comma-separated lists closed by 等部门 share the role verb
/// at the end (`A牵头，B、C等部门，D、E配合`).
#[test]
fn c18_lists_share_a_verb() {
    let model = clean("c18_lists_share_a_verb.txt");
    insta::assert_snapshot!("c18_lists_share_a_verb", model);
    let run = common::run(&["fixtures/clauses/c18_lists_share_a_verb.txt"], &["T"]);
    let resp: Vec<Vec<&str>> = run.docs[0]
        .tasks
        .iter()
        .map(|t| t.responsible().map(|u| u.name.as_str()).collect())
        .collect();
    assert_eq!(
        resp,
        [
            vec!["区财政局", "区住建局", "区国投公司", "各街道办事处"],
            vec!["区林草局", "各街道办事处"]
        ]
    );
}
