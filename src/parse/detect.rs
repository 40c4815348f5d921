//! Detection from the document itself: which numbering level carries tasks,
//! whether the text is hard-wrapped, the title, the year, the task
//! numbering scheme, the lead-unit convention and the document kind.
//!
//! Each function reads lines or parsed items and decides one property;
//! [`super::parse`] calls them while assembling the [`Document`].

use std::collections::HashMap;

use crate::model::{
    ClauseForm, DocKind, Document, LeadConvention, Level, NumberingScheme, Task, Text,
};

use super::{ends_sentence, is_ws, last_char, Line};

/// Chooses the numbering level that carries tasks: among levels whose items
/// hold a responsibility keyword in their extent, the deepest one where at
/// least half the items do. `hit_line` says whether each line holds a
/// clause (`line_has_clause`, computed by the caller for all lines at once).
pub(super) fn detect_task_level(lines: &[Line], hit_line: &[bool]) -> Option<Level> {
    let heads: Vec<(usize, Level)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.head.as_ref().map(|h| (i, h.numbering.level)))
        .filter(|(_, l)| !matches!(l, Level::Annex | Level::Chapter | Level::Section))
        .collect();
    // Prefix sums so each item's extent is checked in O(1).
    let mut prefix = Vec::with_capacity(lines.len() + 1);
    prefix.push(0usize);
    for h in hit_line {
        prefix.push(prefix.last().unwrap() + usize::from(*h));
    }
    let mut stats: HashMap<Level, (usize, usize)> = HashMap::new();
    // Next head index with rank <= r, found with a stack scan from the end.
    let mut next_end = vec![lines.len(); heads.len()];
    let mut stack: Vec<usize> = Vec::new();
    for k in (0..heads.len()).rev() {
        let rank = heads[k].1.rank();
        while let Some(&top) = stack.last() {
            if heads[top].1.rank() > rank {
                stack.pop();
            } else {
                break;
            }
        }
        next_end[k] = stack.last().map(|&t| heads[t].0).unwrap_or(lines.len());
        stack.push(k);
    }
    // Clauses written on the item itself, before any deeper item.
    let mut direct: HashMap<Level, usize> = HashMap::new();
    for (k, &(i, level)) in heads.iter().enumerate() {
        let hit = prefix[next_end[k]] > prefix[i];
        let e = stats.entry(level).or_default();
        e.0 += 1;
        if hit {
            e.1 += 1;
        }
        let own_end = heads.get(k + 1).map(|h| h.0).unwrap_or(lines.len());
        if prefix[own_end] > prefix[i] {
            *direct.entry(level).or_default() += 1;
        }
    }
    // The deepest level whose items mostly carry clauses; but when the items
    // of a shallower level carry more clauses of their own, the deeper items
    // are sub-items of tasks (`1.…：` `（1）…；（牵头单位：…）` `2.…（牵头单位：…）`).
    let mut best: Option<Level> = None;
    let own = |l: &Level| direct.get(l).copied().unwrap_or(0);
    for (level, (n, hits)) in &stats {
        if *hits >= 1
            && hits * 2 >= *n
            && (*hits >= 2 || *n == 1)
            && best.is_none_or(|b| (own(level), level.rank()) > (own(&b), b.rank()))
        {
            best = Some(*level);
        }
    }
    best
}

/// A document is hard-wrapped when many of its lines end mid-sentence and
/// continue after a blank line (typical of PDF extraction).
pub(super) fn detect_hard_wrap(text: &str, lines: &[Line]) -> bool {
    let nonblank: Vec<&Line> = lines.iter().filter(|l| !l.blank()).collect();
    if nonblank.len() < 20 {
        return false;
    }
    // A wrapped line ends at the margin: a short line that merely stops
    // before it (a heading, a signature, a menu item) is no evidence.
    let margin = {
        let mut w: Vec<usize> = nonblank.iter().map(|l| l.facts.width).collect();
        let k = w.len() * 3 / 4;
        *w.select_nth_unstable(k).1
    };
    let open = nonblank
        .iter()
        .filter(|l| l.head.is_none() && !super::is_comment_line(&text[l.content.clone()]))
        .filter(|l| l.facts.width * 10 >= margin * WRAP_NEAR_MARGIN)
        .filter(|l| last_char(text, &l.content).is_some_and(|c| !ends_sentence(c)))
        .count();
    open * 10 >= nonblank.len() * 3
}

/// A line at least this many tenths of the margin (the width three lines in
/// four stay within) may end at the margin.
const WRAP_NEAR_MARGIN: usize = 8;

/// Median character count of non-blank lines.
pub(super) fn median_width(lines: &[Line]) -> usize {
    let mut w: Vec<usize> = lines
        .iter()
        .filter(|l| !l.blank())
        .map(|l| l.facts.width)
        .collect();
    if w.is_empty() {
        return 0;
    }
    let mid = w.len() / 2;
    *w.select_nth_unstable(mid).1
}

const TITLE_WORDS: &[&str] = &[
    "报告", "分工", "意见", "方案", "规划", "纲要", "通知", "决定", "办法", "计划", "要点", "清单",
];

pub(super) fn detect_title(text: &str, lines: &[Line]) -> Option<Text> {
    for l in lines.iter().filter(|l| !l.blank()).take(12) {
        if l.head
            .as_ref()
            .is_some_and(|h| h.numbering.level != Level::Annex)
        {
            break;
        }
        let s = text[l.content.clone()].trim_start_matches(['#', ' ']);
        let compact: String = s.chars().filter(|c| !is_ws(*c)).collect();
        let sentence = compact.ends_with('。') || compact.contains('，');
        if !sentence
            && compact.chars().count() <= 60
            && TITLE_WORDS.iter().any(|w| compact.contains(w))
        {
            let start = l.content.end - s.len();
            return Some(Text {
                text: compact,
                span: start..l.content.end,
            });
        }
    }
    None
}

/// Finds `20XX年` occurrences (spaces allowed before 年).
pub fn years(s: &str) -> impl Iterator<Item = (usize, u32)> + '_ {
    let b = s.as_bytes();
    memchr::memmem::find_iter(b, "年".as_bytes()).filter_map(move |pos| {
        let mut k = pos;
        while k > 0 && b[k - 1] == b' ' {
            k -= 1;
        }
        if k >= 4
            && b[k - 4..k].iter().all(u8::is_ascii_digit)
            && (k < 5 || !b[k - 5].is_ascii_digit())
        {
            let y: u32 = s[k - 4..k].parse().ok()?;
            if (1949..=2100).contains(&y) {
                return Some((k - 4, y));
            }
        }
        None
    })
}

pub(super) fn detect_year(text: &str, title: &Option<Text>, lines: &[Line]) -> Option<Text> {
    let mk = |start: usize| {
        Some(Text {
            text: text[start..start + 4].to_string(),
            span: start..start + 4,
        })
    };
    if let Some(t) = title {
        let s = &text[t.span.clone()];
        // `关于2025年工作总结和2026年工作安排的报告`: the year the document
        // plans for, else the first year of the title.
        const PLANNED: &[&str] = &[
            "工作安排",
            "工作计划",
            "工作要点",
            "工作打算",
            "工作思路",
            "重点工作",
        ];
        let planned = years(s).find(|(off, _)| {
            let rest = s[off + 4..].trim_start_matches(' ');
            let rest = rest.strip_prefix('年').unwrap_or(rest);
            PLANNED.iter().any(|w| rest.starts_with(w))
        });
        if let Some((off, _)) = planned.or_else(|| years(s).next()) {
            return mk(t.span.start + off);
        }
    }
    // A dated line under the title: ——2024年1月17日在…
    for l in lines.iter().filter(|l| !l.blank()).take(6) {
        let s = &text[l.content.clone()];
        if s.starts_with('—') || s.starts_with('－') || s.starts_with('-') {
            if let Some((off, _)) = years(s).next() {
                return mk(l.content.start + off);
            }
        }
    }
    // Otherwise the most frequent year, the latest on ties.
    let mut count: HashMap<u32, (usize, usize)> = HashMap::new();
    for (off, y) in years(text) {
        let e = count.entry(y).or_insert((0, off));
        e.0 += 1;
    }
    count
        .into_iter()
        .max_by_key(|(y, (n, _))| (*n, *y))
        .and_then(|(_, (_, off))| mk(off))
}

pub(super) fn detect_numbering(tasks: &[Task]) -> NumberingScheme {
    let (mut restarts, mut continues) = (0, 0);
    for w in tasks.windows(2) {
        if w[0].heading != w[1].heading {
            if w[1].numbering.value == 1 {
                restarts += 1;
            } else if w[1].numbering.value == w[0].numbering.value + 1 {
                continues += 1;
            }
        }
    }
    if restarts > continues {
        NumberingScheme::PerHeading
    } else {
        NumberingScheme::Continuous
    }
}

pub(super) fn detect_lead_convention(tasks: &[Task]) -> LeadConvention {
    let any_lead = tasks.iter().any(Task::has_lead_label);
    let resp_only = tasks
        .iter()
        .filter(|t| {
            t.clauses
                .iter()
                .any(|c| c.responsible_label.is_some() && !c.responsible.is_empty())
        })
        .count();
    // One task is enough: a one-task excerpt is a real input.
    if !any_lead && resp_only >= 1 && resp_only * 2 >= tasks.len() {
        LeadConvention::FirstResponsible
    } else {
        LeadConvention::Explicit
    }
}

/// Where the appendix of a work report starts: a `附件` heading in the
/// second half of a document that speaks to the congress (`各位代表`) or is
/// titled a work report, with every task that carries a responsibility
/// clause after it (`附件 2026年民生实事 1.…（牵头单位：…）`).
pub fn report_appendix(text: &str, doc: &Document) -> Option<usize> {
    let title = doc.title.as_ref().map(|t| t.text.as_str()).unwrap_or("");
    let start = doc
        .headings
        .iter()
        .find(|h| h.numbering.level == Level::Annex && h.span.start * 2 >= text.len())?
        .span
        .start;
    let before = &text[..start];
    let speech = before.contains("各位代表") || title.contains("工作报告");
    let tasks_after = doc
        .tasks
        .iter()
        .filter(|t| t.has_clause())
        .all(|t| t.span.start >= start);
    (speech && tasks_after && doc.tasks.iter().any(Task::has_clause)).then_some(start)
}

pub(super) fn detect_kind(text: &str, doc: &Document) -> DocKind {
    let title = doc.title.as_ref().map(|t| t.text.as_str()).unwrap_or("");
    let clauses = doc.tasks.iter().filter(|t| t.has_clause()).count();
    if [
        "责任分工",
        "分工方案",
        "任务分解",
        "分解表",
        "任务清单",
        "责任分解",
        "考评办法",
        "考核办法",
        "考核细则",
    ]
    .iter()
    .any(|w| title.contains(w))
    {
        return DocKind::Annex;
    }
    // A report whose appendix lists 民生实事 with their leads stays a
    // report; the appendix is checked as tasks (rules::tasks).
    if report_appendix(text, doc).is_some() {
        return DocKind::Report;
    }
    // A task table (a 通知 whose attachment is a 任务分解表) assigns work.
    let tabled = doc
        .tasks
        .iter()
        .filter(|t| t.clauses.iter().any(|c| c.form == ClauseForm::Table))
        .count();
    if tabled > 0 && tabled * 2 >= doc.tasks.len() {
        return DocKind::Annex;
    }
    if title.contains("规划")
        && (title.contains("纲要")
            || doc
                .headings
                .iter()
                .any(|h| h.numbering.level == Level::Chapter))
    {
        return DocKind::Plan;
    }
    if ["意见", "方案", "计划", "通知"]
        .iter()
        .any(|w| title.contains(w))
        && clauses > 0
    {
        return DocKind::Opinion;
    }
    if title.contains("政府工作报告") && clauses >= 3 {
        return DocKind::Annex;
    }
    // `关于2025年工作总结和2026年工作安排的报告` is a report too.
    if title.contains("工作报告")
        || title.replace(' ', "").contains("政府工作报告")
        || (title.ends_with("报告") && title.contains("工作"))
    {
        return DocKind::Report;
    }
    if clauses >= 1 {
        // Only documents that assign work carry responsibility clauses.
        return DocKind::Annex;
    }
    if ["意见", "方案"].iter().any(|w| title.contains(w)) {
        return DocKind::Opinion;
    }
    if text.contains("政府工作报告") || text.contains("各位代表") {
        return DocKind::Report;
    }
    if doc
        .headings
        .iter()
        .any(|h| h.numbering.level == Level::Chapter)
    {
        return DocKind::Plan;
    }
    DocKind::Unknown
}
