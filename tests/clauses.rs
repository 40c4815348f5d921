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
