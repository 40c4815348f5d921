//! Rules of the `structure` family (S): numbering, heading levels, splits.

/// One rule; its explanation is the doc comment of the struct inside.
pub mod broken_heading_numbering;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod broken_task_numbering;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod heading_depth_mismatch;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod page_break_split;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod skipped_heading_level;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod unparsable_region;

use crate::model::{Document, Level};

/// For each heading, the index of its parent heading (the nearest earlier
/// heading of a higher level), in the 附件 › 章 › 节 › 一、 › （一） › 1. order.
pub fn parents(doc: &Document) -> Vec<Option<usize>> {
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(doc.headings.len());
    for (i, h) in doc.headings.iter().enumerate() {
        let rank = h.numbering.level.rank();
        while let Some(&top) = stack.last() {
            if doc.headings[top].numbering.level.rank() >= rank {
                stack.pop();
            } else {
                break;
            }
        }
        out.push(stack.last().copied());
        stack.push(i);
    }
    out
}

/// Whether a level takes part in sibling numbering checks.
pub fn numbered(level: Level) -> bool {
    level != Level::Annex
}
