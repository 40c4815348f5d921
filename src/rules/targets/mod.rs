//! Rules of the `targets` family (X): a work report against its
//! responsibility annex, and a document's prose against its own indicator
//! table. They read what the link stage computed ([`crate::link::Link`]):
//! target pairs, task ↔ passage alignments, clause pairs.

/// One rule; its explanation is the doc comment of the struct inside.
pub mod period_mismatch;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod target_mismatch;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod target_missing;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod text_drift;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod unmatched_task;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod unpaired_annex;

use crate::link::Link;
use crate::model::Span;
use crate::rules::Context;
use crate::targets::Origin;

/// Family name.
pub const FAMILY: &str = "targets";

/// `第 N 项任务` for an annex unit, when it is a task.
pub fn task_label(cx: &Context, link: &Link, unit: usize) -> String {
    match link.annex_units[unit].origin {
        Origin::Task(i) => crate::tr!(
            "第 {} 项任务",
            "task {}",
            cx.docs[link.annex].tasks[i].numbering.value
        ),
        _ => crate::tr!("这段文字", "this text"),
    }
}

/// The task number of an annex unit, or `?` for text outside tasks.
pub fn task_number(cx: &Context, link: &Link, unit: usize) -> String {
    match link.annex_units[unit].origin {
        Origin::Task(i) => cx.docs[link.annex].tasks[i].numbering.value.to_string(),
        _ => "?".to_string(),
    }
}

/// The numbering mark of an annex unit's task (where task-level labels go).
pub fn task_mark(cx: &Context, link: &Link, unit: usize) -> Span {
    match link.annex_units[unit].origin {
        Origin::Task(i) => cx.docs[link.annex].tasks[i].numbering.span.clone(),
        _ => {
            let u = &link.annex_units[unit];
            u.span(u.range.start..u.range.start.min(u.range.end))
        }
    }
}
