//! Rules of the `tasks` family (T): responsibility clauses.

/// One rule; its explanation is the doc comment of the struct inside.
pub mod collective_only_lead;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod duplicate_unit;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod empty_lead_label;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod implicit_lead_convention;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod lead_also_responsible;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod missing_lead_unit;

use crate::model::{DocKind, Document, Level, Task};

/// Which tasks are expected to carry a clause: tasks of a document that
/// assigns work, in a part of it (under one 一、 or 第X章) where at least one
/// task has a clause. A plan's outline chapters, which list measures without
/// clauses, are thereby left alone. In a work report only its appendix
/// (under a `附件` heading: `2026年民生实事` with their leads) assigns work;
/// the report's own text is not expected to carry leads.
pub fn expects_clause(doc: &Document) -> Vec<bool> {
    let appendix_only = match doc.kind {
        k if k.assigns_tasks() => false,
        DocKind::Report => true,
        _ => return vec![false; doc.tasks.len()],
    };
    let region = |t: &Task| -> Option<usize> {
        let mut h = t.heading?;
        loop {
            let lv = doc.headings[h].numbering.level;
            if lv.rank() <= Level::L1.rank() {
                return Some(h);
            }
            if h == 0 {
                return None;
            }
            h -= 1;
        }
    };
    let regions: Vec<Option<usize>> = doc
        .tasks
        .iter()
        .map(region)
        .map(|r| r.filter(|&h| !appendix_only || doc.headings[h].numbering.level == Level::Annex))
        .collect();
    let mut active = std::collections::HashSet::new();
    for (t, r) in doc.tasks.iter().zip(&regions) {
        if t.has_clause() {
            active.insert(*r);
        }
    }
    regions
        .iter()
        .map(|r| (!appendix_only || r.is_some()) && active.contains(r))
        .collect()
}

/// `第N项任务` for messages.
pub fn task_label(t: &Task) -> String {
    crate::tr!(
        "第 {} 项任务（{}）",
        "task {} (“{}”)",
        t.numbering.value,
        t.numbering.raw.trim()
    )
}
