//! Parse stage: decoded text → [`Document`].
//!
//! The text is split into physical lines with `memchr` (see
//! [`crate::load::SourceFile::line_starts`]); pest runs only on the structured
//! parts: line heads (`grammar/structure.pest`) and responsibility clauses
//! (`grammar/clause.pest`). Running text is never driven through pest, which
//! keeps parsing fast on long documents.
//!
//! Assembly decides, from the document itself:
//! - which numbering level carries tasks (the deepest level whose items mostly
//!   hold a responsibility clause), so headings and tasks are told apart;
//! - whether task numbers run through the document or restart per heading;
//! - whether the text is hard-wrapped (PDF extraction), so single splits are
//!   not reported one by one;
//! - the document kind and year.
//!
//! Nothing here fails: regions that cannot be parsed become [`ParseIssue`]s.

pub mod clause;
mod detect;
pub mod structure;
pub mod task_table;

use crate::load::SourceFile;
use crate::model::{
    DocKind, Document, Heading, Joined, LeadConvention, Level, NumberingScheme, Paragraph,
    ParseIssue, Span, Task,
};
pub use detect::years;
use detect::{
    detect_hard_wrap, detect_kind, detect_lead_convention, detect_numbering, detect_task_level,
    detect_title, detect_year, median_width,
};
use structure::LineHead;

/// Options that override detection.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Force the document kind.
    pub kind: Option<DocKind>,
}

/// Characters that end a sentence or a clause: a line ending with one of
/// them is complete; a line ending otherwise continues on the next line.
pub fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '。' | '！'
            | '？'
            | '；'
            | '：'
            | '”'
            | '’'
            | '）'
            | ')'
            | ']'
            | '】'
            | '!'
            | '?'
            | ';'
            | ':'
            | '》'
            | '」'
            | '』'
            | '…'
            | '*'
            | '|'
    )
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\u{feff}')
}

/// One physical line.
#[derive(Debug, Clone)]
struct Line {
    /// Content without leading/trailing white space.
    content: Span,
    head: Option<LineHead>,
}

impl Line {
    fn blank(&self) -> bool {
        self.content.is_empty()
    }
}

fn split_lines(src: &SourceFile) -> Vec<Line> {
    let text = &src.text;
    let mut lines: Vec<Line> = (0..src.line_starts().len())
        .map(|i| {
            let r = src.line_range(i);
            let s = &text[r.clone()];
            let lead = s.len() - s.trim_start_matches(is_ws).len();
            let trail = s.len() - s.trim_end_matches(is_ws).len();
            let content = if lead + trail >= s.len() {
                r.start..r.start
            } else {
                r.start + lead..r.end - trail
            };
            let head = if content.is_empty() {
                None
            } else {
                structure::parse_line_head(&text[content.clone()], content.start)
            };
            Line { content, head }
        })
        .collect();
    // The attachment list (附件：1.… ⏎ 2.…) is not a run of headings.
    let mut in_list = false;
    for l in &mut lines {
        let s = &text[l.content.clone()];
        if l.blank() {
            in_list = false;
        } else if s.starts_with("附件：") || s.starts_with("附件:") {
            in_list = true;
        } else if in_list
            && l.head
                .as_ref()
                .is_some_and(|h| h.numbering.level == Level::L3)
        {
            l.head = None;
        } else {
            in_list = false;
        }
    }
    lines
}

fn last_char(text: &str, span: &Span) -> Option<char> {
    let s = text[span.clone()].trim_end_matches(['*', '_']);
    if s.is_empty() {
        return text[span.clone()].chars().next_back();
    }
    s.chars().next_back()
}

/// Parses a decoded source file.
pub fn parse(file: usize, src: &SourceFile, opts: &ParseOptions) -> Document {
    let text = src.text.as_str();
    let lines = split_lines(src);

    let task_level = detect_task_level(text, &lines);
    let hard_wrapped = detect_hard_wrap(text, &lines);
    let wrap_width = if hard_wrapped {
        median_width(text, &lines)
    } else {
        0
    };

    let mut doc = Document {
        file,
        kind: DocKind::Unknown,
        title: None,
        year: None,
        headings: Vec::new(),
        tasks: Vec::new(),
        paragraphs: Vec::new(),
        task_level,
        numbering: NumberingScheme::Continuous,
        lead_convention: LeadConvention::Explicit,
        hard_wrapped,
        issues: Vec::new(),
    };

    let task_rank = task_level.map(|l| l.rank());
    let mut para: Option<Paragraph> = None;
    let mut prev_line_end: Option<(usize, char)> = None; // (end offset, last char) of the previous paragraph line
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.blank() {
            i += 1;
            continue;
        }
        // A table of tasks (序号 | 重点工作 | 牵头单位 | 责任单位).
        if task_table::is_task_header(text, &line.content) {
            let rows: Vec<Span> = lines[i..].iter().map(|l| l.content.clone()).collect();
            let (tasks, used) = task_table::read(text, &rows);
            if !tasks.is_empty() {
                flush(&mut para, &mut doc.paragraphs);
                for mut t in tasks {
                    t.heading = doc.headings.len().checked_sub(1);
                    doc.tasks.push(t);
                }
                if doc.task_level.is_none() {
                    doc.task_level = Some(Level::L3);
                }
                prev_line_end = None;
                i += used;
                continue;
            }
        }
        if let Some(head) = &line.head {
            let rank = head.numbering.level.rank();
            let is_task = task_rank == Some(rank);
            let is_heading = match task_rank {
                Some(t) => rank < t,
                None => true,
            };
            if is_task {
                flush(&mut para, &mut doc.paragraphs);
                let (task, next) = read_task(
                    text,
                    &lines,
                    i,
                    task_rank.unwrap_or(u8::MAX),
                    &mut doc.issues,
                );
                let mut task = task;
                task.heading = doc.headings.len().checked_sub(1);
                doc.tasks.push(task);
                prev_line_end = None;
                i = next;
                continue;
            }
            if is_heading {
                flush(&mut para, &mut doc.paragraphs);
                let (mut heading, rest) = read_heading(text, line, head);
                // A hard-wrapped heading whose last characters fell onto the
                // next line (`…实现新跃` ⏎⏎ `升`).
                if rest.is_none() && wrap_width > 0 {
                    let n = text[line.content.clone()].chars().count();
                    let open = last_char(text, &line.content).is_some_and(|c| !ends_sentence(c));
                    if open && n + 3 >= wrap_width {
                        if let Some(j) = (i + 1..lines.len()).find(|&j| !lines[j].blank()) {
                            let next = &lines[j];
                            let tail = &text[next.content.clone()];
                            if next.head.is_none()
                                && tail.chars().count() * 2 < wrap_width
                                && !tail.contains('。')
                            {
                                heading
                                    .text
                                    .push_str(tail.trim_matches(|c: char| c == '*' || c == '_'));
                                heading.span.end = next.content.end;
                                doc.headings.push(heading);
                                prev_line_end = None;
                                i = j + 1;
                                continue;
                            }
                        }
                    }
                }
                doc.headings.push(heading);
                prev_line_end = None;
                if let Some(rest) = rest {
                    let j = Joined::from_piece(text, rest.clone());
                    para = Some(Paragraph {
                        span: rest.clone(),
                        text: j,
                        items: Vec::new(),
                        heading: doc.headings.len().checked_sub(1),
                    });
                    prev_line_end = last_char(text, &rest).map(|c| (rest.end, c));
                }
                i += 1;
                continue;
            }
            // A deeper numbered line outside any task: running text.
        }
        // Running text.
        let continues = match (&para, prev_line_end) {
            // A letter-spaced title (`政 府 工 作 报 告`) is a line of its own.
            (Some(p), Some((_, c))) => !ends_sentence(c) && !letter_spaced(&p.text.text),
            _ => false,
        };
        if !continues {
            flush(&mut para, &mut doc.paragraphs);
            para = Some(Paragraph {
                span: line.content.clone(),
                text: Joined::new(),
                items: Vec::new(),
                heading: doc.headings.len().checked_sub(1),
            });
        }
        let p = para.as_mut().expect("paragraph was just opened");
        p.text.push(text, line.content.clone());
        p.span.end = line.content.end;
        prev_line_end = last_char(text, &line.content).map(|c| (line.content.end, c));
        i += 1;
    }
    flush(&mut para, &mut doc.paragraphs);

    for p in &mut doc.paragraphs {
        p.items = enumeration_items(&p.text);
    }

    doc.title = detect_title(text, &lines);
    doc.year = detect_year(text, &doc.title, &lines);
    doc.numbering = detect_numbering(&doc.tasks);
    doc.lead_convention = detect_lead_convention(&doc.tasks);
    doc.kind = opts.kind.unwrap_or_else(|| detect_kind(text, &doc));
    doc
}

/// Whether a line is a letter-spaced title: at least three characters, each
/// followed by a space (`政 府 工 作 报 告`).
fn letter_spaced(line: &str) -> bool {
    let t = line.trim_matches(is_ws);
    let chars: Vec<char> = t.chars().collect();
    chars.len() >= 5
        && chars
            .iter()
            .enumerate()
            .all(|(k, c)| (k % 2 == 1) == is_ws(*c))
}

fn flush(para: &mut Option<Paragraph>, out: &mut Vec<Paragraph>) {
    if let Some(p) = para.take() {
        if !p.text.text.is_empty() {
            out.push(p);
        }
    }
}

/// Heading text stops at the first 。 when a paragraph follows on the same
/// line (work reports: `（一）聚力突破重点项目，积蓄发展后劲。全面…`).
fn read_heading(text: &str, line: &Line, head: &LineHead) -> (Heading, Option<Span>) {
    let after = head.text_start..line.content.end;
    let s = &text[after.clone()];
    let (title_end, rest) = match s.find('。') {
        Some(k) if k + '。'.len_utf8() < s.len() => {
            let end = after.start + k + '。'.len_utf8();
            let rest_start = end
                + (text[end..after.end].len()
                    - text[end..after.end].trim_start_matches(is_ws).len());
            (end, Some(rest_start..after.end))
        }
        _ => (after.end, None),
    };
    let title = text[after.start..title_end]
        .trim_matches(|c: char| is_ws(c) || c == '*' || c == '_')
        .to_string();
    (
        Heading {
            numbering: head.numbering.clone(),
            text: title,
            span: line.content.clone(),
            md_depth: head.md_depth,
            md_span: head.md_span.clone(),
        },
        rest.filter(|r| !r.is_empty()),
    )
}

/// Reads a task starting at line `start`; returns it and the next line index.
fn read_task(
    text: &str,
    lines: &[Line],
    start: usize,
    task_rank: u8,
    issues: &mut Vec<ParseIssue>,
) -> (Task, usize) {
    let head = lines[start].head.as_ref().expect("task line has a head");
    let mut body = Joined::new();
    let first = head.text_start..lines[start].content.end;
    body.push(text, first);
    let mut end = lines[start].content.end;
    let mut breaks = Vec::new();
    let mut bare_lines: Vec<Span> = Vec::new(); // logical ranges of bare clause lines
    let mut i = start + 1;
    let mut blank_run = false;
    let mut clause_closed = clause_closes_line(&text[lines[start].content.clone()]);
    while i < lines.len() {
        let line = &lines[i];
        if line.blank() {
            blank_run = true;
            i += 1;
            continue;
        }
        if let Some(h) = &line.head {
            if h.numbering.level.rank() <= task_rank {
                break;
            }
        }
        let line_text = &text[line.content.clone()];
        let is_bare = clause::BARE_LABELS.iter().any(|l| line_text.starts_with(l));
        if clause_closed && !is_bare {
            // The task ended with its clause; what follows is running text.
            break;
        }
        let prev_last = text[..end].chars().next_back().unwrap_or('。');
        if blank_run && !ends_sentence(prev_last) {
            breaks.push(end..line.content.start);
        }
        let logical_start = body.text.len();
        body.push(text, line.content.clone());
        if is_bare {
            bare_lines.push(logical_start..body.text.len());
        }
        end = line.content.end;
        clause_closed = is_bare || clause_closes_line(line_text);
        blank_run = false;
        i += 1;
    }
    let clause = find_clause(&body, &bare_lines, issues);
    let span = head.numbering.span.start..end;
    (
        Task {
            numbering: head.numbering.clone(),
            span,
            body,
            clause,
            heading: None,
            breaks,
        },
        i,
    )
}

/// Whether a line ends with a closed responsibility clause.
fn clause_closes_line(line: &str) -> bool {
    let t = line.trim_end_matches(|c: char| is_ws(c) || c == '。' || c == '*');
    let Some(close) = t.chars().next_back() else {
        return false;
    };
    if !matches!(close, '）' | ')' | ']' | '】' | '］' | '〕') {
        return false;
    }
    // The keyword must be inside the last bracket region of the line.
    let open = t.rfind(['（', '(', '[', '【', '［', '〔']);
    match open {
        Some(k) => clause::has_keyword(&t[k..]),
        None => clause::has_keyword(t),
    }
}

/// Finds the responsibility clause in a task body: the last bracketed region
/// holding a keyword, else a bare label line.
fn find_clause(
    body: &Joined,
    bare_lines: &[Span],
    issues: &mut Vec<ParseIssue>,
) -> Option<crate::model::Clause> {
    let t = body.text.as_str();
    let regions = bracket_regions(t);
    for (range, closed) in regions.into_iter().rev() {
        let inner = &t[range.clone()];
        if !clause::is_clause_region(inner) {
            continue;
        }
        if closed {
            if let Some(c) = clause::parse_clause(body, range.clone(), true) {
                return Some(c);
            }
        } else {
            // Unclosed: parse what follows the bracket as a bare clause.
            let open_len = t[range.clone()]
                .chars()
                .next()
                .map(char::len_utf8)
                .unwrap_or(0);
            let inner_range = range.start + open_len..range.end;
            let trimmed_end = inner_range.start
                + t[inner_range.clone()]
                    .trim_end_matches(|c: char| c == '。' || is_ws(c))
                    .len();
            if let Some(mut c) = clause::parse_clause(body, inner_range.start..trimmed_end, false) {
                c.span = body.span(range.clone());
                c.brackets.0 = t[range.start..range.start + open_len].to_string();
                issues.push(ParseIssue {
                    span: body.span(range.start..range.start + open_len),
                    message: "责任分工括号没有闭合".to_string(),
                });
                return Some(c);
            }
        }
        issues.push(ParseIssue {
            span: body.span(range),
            message: "无法解析的责任分工".to_string(),
        });
        return None;
    }
    for r in bare_lines.iter().rev() {
        let s = &t[r.clone()];
        let end = r.start
            + s.trim_end_matches(|c: char| c == '。' || c == '.' || is_ws(c))
                .len();
        if let Some(c) = clause::parse_clause(body, r.start..end, false) {
            return Some(c);
        }
    }
    None
}

/// Top-level bracket regions `(range, closed)`, nesting-aware. An unclosed
/// region runs to the end of the text.
fn bracket_regions(t: &str) -> Vec<(Span, bool)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    for (i, c) in t.char_indices() {
        match c {
            '（' | '(' | '[' | '【' | '［' | '〔' => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            '）' | ')' | ']' | '】' | '］' | '〕' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((start..i + c.len_utf8(), true));
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        out.push((start..t.len(), false));
    }
    out
}

/// `一是…二是…` markers in a paragraph (the first of each number, at the
/// start or after punctuation).
fn enumeration_items(text: &Joined) -> Vec<(Span, u32)> {
    const NUMS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    let t = &text.text;
    let mut out: Vec<(Span, u32)> = Vec::new();
    for pos in memchr::memmem::find_iter(t.as_bytes(), "是".as_bytes()) {
        let Some(n) = t[..pos].chars().next_back() else {
            continue;
        };
        let Some(k) = NUMS.iter().position(|c| *c == n) else {
            continue;
        };
        let start = pos - n.len_utf8();
        let before = t[..start].chars().next_back();
        if before.is_none_or(|c| matches!(c, '，' | '。' | '；' | '：' | '、'))
            && !out.iter().any(|(_, v)| *v == k as u32 + 1)
        {
            out.push((text.span(start..pos + "是".len()), k as u32 + 1));
        }
    }
    out
}
