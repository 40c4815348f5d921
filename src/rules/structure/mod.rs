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

/// The longest line (in characters) read as an unnumbered heading.
const UNNUMBERED_HEADING_MAX: usize = 30;

/// Start offsets of the lines after which a numbered list may start afresh,
/// outside the document's own outline: an unnumbered heading (a short line
/// that is not a sentence, such as `2026年重点工作`, `名词解释`, `附表`, a
/// notice's signature or date), a line opening `附件`/`附表`/`附：`, and an
/// article `第X条` (its items are the article's, not the outline's). The
/// document's first line (its title) and page furniture are not boundaries.
pub fn list_boundaries(
    text: &str,
    furniture: &[crate::rules::typography::furniture::Piece],
) -> Vec<usize> {
    // Lines are visited in order: a line starts inside furniture when the
    // furthest end among the pieces starting at or before it lies beyond it.
    let mut pieces: Vec<(usize, usize)> = furniture
        .iter()
        .map(|p| (p.delete.start, p.delete.end))
        .collect();
    pieces.sort_unstable();
    let (mut next, mut reach) = (0, 0);
    let mut in_furniture = |pos: usize| {
        while next < pieces.len() && pieces[next].0 <= pos {
            reach = reach.max(pieces[next].1);
            next += 1;
        }
        pos < reach
    };
    let mut out = Vec::new();
    let mut seen_title = false;
    let mut start = 0;
    for l in crate::chars::split_lines(text) {
        let at = start;
        start += l.len();
        let t = l
            .trim_end_matches(['\n', '\r'])
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '#' || c == '*');
        if t.is_empty() || in_furniture(at) {
            continue;
        }
        if !seen_title {
            seen_title = true;
            continue;
        }
        if is_boundary_line(t) {
            out.push(at);
        }
    }
    out
}

/// [`list_boundaries`] of a document, computed once per check (two rules
/// read it) from the page furniture the typography scan already found.
pub fn boundaries_of(
    cx: &crate::rules::Context,
    doc: &crate::model::Document,
) -> std::sync::Arc<ListBoundaries> {
    cx.memo.get_or_init(doc.file, || {
        let src = cx.source(doc);
        let scan = crate::rules::typography::text::Scan::of(cx, src);
        ListBoundaries(list_boundaries(&src.text, scan.furniture()))
    })
}

/// Byte offsets of the lines that end a list (see [`list_boundaries`]).
pub struct ListBoundaries(pub Vec<usize>);

/// What follows a run of `what` at the start of `s`, if the run is not
/// empty.
fn after_run(s: &str, what: impl Fn(char) -> bool) -> Option<&str> {
    let rest = s.trim_start_matches(what);
    (rest.len() < s.len()).then_some(rest)
}

fn is_cn_number(c: char) -> bool {
    "一二三四五六七八九十百".contains(c)
}

fn is_cn_or_digit(c: char) -> bool {
    is_cn_number(c) || c.is_ascii_digit()
}

/// A line starting with a list number: `^(?:[一…百]+[、.．，,]|[（(][一…百0-9]+[）)]
/// |[0-9]+[.．、]|[①-⑳]|第[一…百0-9]+[章节])` (each run ends at a character
/// it cannot hold, so reading it greedily is the regex).
fn is_numbered_line(t: &str) -> bool {
    after_run(t, is_cn_number).is_some_and(|r| r.starts_with(['、', '.', '．', '，', ',']))
        || t.strip_prefix(['（', '('])
            .and_then(|r| after_run(r, is_cn_or_digit))
            .is_some_and(|r| r.starts_with(['）', ')']))
        || after_run(t, |c| c.is_ascii_digit()).is_some_and(|r| r.starts_with(['.', '．', '、']))
        || t.starts_with(|c: char| ('①'..='⑳').contains(&c))
        || t.strip_prefix('第')
            .and_then(|r| after_run(r, is_cn_or_digit))
            .is_some_and(|r| r.starts_with(['章', '节']))
}

/// An article heading: `^第[一二三四五六七八九十百零〇0-9]+条`.
fn is_article(t: &str) -> bool {
    t.strip_prefix('第')
        .and_then(|r| after_run(r, |c| is_cn_or_digit(c) || matches!(c, '零' | '〇')))
        .is_some_and(|r| r.starts_with('条'))
}

fn is_boundary_line(t: &str) -> bool {
    if is_article(t) {
        return true;
    }
    if ["附件", "附表", "附：", "附:", "名词解释"]
        .iter()
        .any(|k| t.starts_with(k))
    {
        return true;
    }
    if is_numbered_line(t) {
        return false;
    }
    t.chars().count() <= UNNUMBERED_HEADING_MAX
        && t.chars().any(crate::rules::typography::text::is_han)
        && !t.chars().any(|c| "。，；！？、…|".contains(c))
        && !t.ends_with(['：', ':'])
        && !t.starts_with(['—', '（', '(', '“', '《'])
}

/// For each heading, whether a [`list_boundaries`] line stands between it and
/// the heading before it (or the document's start).
pub fn boundary_before(doc: &Document, boundaries: &[usize]) -> Vec<bool> {
    let mut prev_end = 0;
    doc.headings
        .iter()
        .map(|h| {
            let s = h.span.start;
            let i = boundaries.partition_point(|&b| b < prev_end);
            let found = boundaries.get(i).is_some_and(|&b| b < s);
            prev_end = h.span.end;
            found
        })
        .collect()
}

#[cfg(test)]
mod line_tests {
    use proptest::prelude::*;

    proptest! {
        /// The hand-written line tests are the regexes they replaced.
        #[test]
        fn line_heads_match_the_regexes(parts in proptest::collection::vec(prop_oneof![
            Just("一"), Just("十二"), Just("百"), Just("零"), Just("〇"), Just("3"), Just("0"),
            Just("、"), Just("."), Just("．"), Just("，"), Just(","), Just("（"), Just("("),
            Just("）"), Just(")"), Just("①"), Just("⑳"), Just("⑴"), Just("第"), Just("章"),
            Just("节"), Just("条"), Just("甲"), Just(" "),
        ], 0..7)) {
            let s: String = parts.concat();
            let numbered = regex::Regex::new(
                r"^(?:[一二三四五六七八九十百]+[、.．，,]|[（(][一二三四五六七八九十百0-9]+[）)]|[0-9]+[.．、]|[①-⑳]|第[一二三四五六七八九十百0-9]+[章节])",
            ).unwrap();
            let article = regex::Regex::new(r"^第[一二三四五六七八九十百零〇0-9]+条").unwrap();
            prop_assert_eq!(super::is_numbered_line(&s), numbered.is_match(&s), "{:?}", s);
            prop_assert_eq!(super::is_article(&s), article.is_match(&s), "{:?}", s);
        }
    }
}
