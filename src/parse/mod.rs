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

pub mod cell_table;
pub mod clause;
mod detect;
pub mod structure;
pub mod suppress;
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
    /// Facts the sequential passes ask of the line, found while lines are
    /// split in parallel.
    facts: LineFacts,
}

/// What the sequential passes over the lines ask of each line, found for
/// all lines in parallel while they are split.
#[derive(Debug, Clone, Copy, Default)]
struct LineFacts {
    /// Characters of the content (hard-wrap detection).
    width: usize,
    /// The line may start a table exported one cell per line
    /// ([`cell_table::may_start`]).
    cell_table: bool,
    /// The line is the header of a table of tasks
    /// ([`task_table::is_task_header`]).
    task_header: bool,
}

impl LineFacts {
    fn of(text: &str, content: &Span) -> Self {
        if content.is_empty() {
            return Self::default();
        }
        LineFacts {
            width: text[content.clone()].chars().count(),
            cell_table: cell_table::may_start(text, content),
            task_header: task_table::is_task_header(text, content),
        }
    }
}

impl Line {
    fn blank(&self) -> bool {
        self.content.is_empty()
    }
}

/// A line's content without leading and trailing white space.
fn trim_span(text: &str, r: Span) -> Span {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start_matches(is_ws).len();
    let trail = s.len() - s.trim_end_matches(is_ws).len();
    if lead + trail >= s.len() {
        r.start..r.start
    } else {
        r.start + lead..r.end - trail
    }
}

/// A line this long may hold a whole list that lost its line breaks.
const FLAT_LIST_MIN: usize = 300;

/// Where a line that lost its line breaks (a web page stored as one line:
/// `…圆满完成。 1.轨道交通… 2.新增…`) holds numbered items: after white
/// space, a number and its mark (`1.` `2、`) before text, when the numbers
/// run 1, 2, 3… in order — so `2 5 1 2 10` in a flattened table or `1.24万`
/// never splits it. Returns the item starts (at least two) or nothing.
fn flat_items(s: &str) -> Vec<usize> {
    if s.len() < FLAT_LIST_MIN {
        return Vec::new();
    }
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut want = 1u32;
    for (i, c) in s.char_indices() {
        if !c.is_ascii_digit() || i == 0 {
            continue;
        }
        let before = s[..i].chars().next_back().unwrap_or(' ');
        if !is_ws(before) {
            continue;
        }
        let digits = b[i..].iter().take_while(|x| x.is_ascii_digit()).count();
        let rest = &s[i + digits..];
        let Some(mark) = rest.chars().next() else {
            continue;
        };
        let after = rest[mark.len_utf8()..].chars().next();
        if !matches!(mark, '.' | '．' | '、')
            || after.is_none_or(|a| a.is_ascii_digit() || is_ws(a))
        {
            continue;
        }
        if s[i..i + digits].parse::<u32>().ok() == Some(want) {
            out.push(i);
            want += 1;
        }
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

fn split_lines(src: &SourceFile) -> Vec<Line> {
    let text = &src.text;
    let head_of = |content: &Span| {
        if content.is_empty() {
            None
        } else {
            structure::parse_line_head(&text[content.clone()], content.start)
        }
    };
    // Physical lines in parallel (the line heads are read by pest: on one
    // large file this was the longest part no second thread could share),
    // kept in order.
    use rayon::prelude::*;
    let mut lines: Vec<Line> = (0..src.line_starts().len())
        .into_par_iter()
        .with_min_len(1024)
        .flat_map_iter(|i| {
            let content = trim_span(text, src.line_range(i));
            let starts = flat_items(&text[content.clone()]);
            if starts.is_empty() {
                let head = head_of(&content);
                let facts = LineFacts::of(text, &content);
                return vec![Line {
                    content,
                    head,
                    facts,
                }];
            }
            // One logical line per item, the text before the first one too.
            let mut cuts: Vec<usize> = vec![content.start];
            cuts.extend(starts.iter().map(|k| content.start + k));
            cuts.push(content.end);
            cuts.windows(2)
                .filter_map(|w| {
                    let piece = trim_span(text, w[0]..w[1]);
                    (!piece.is_empty()).then(|| {
                        let head = head_of(&piece);
                        let facts = LineFacts::of(text, &piece);
                        Line {
                            content: piece,
                            head,
                            facts,
                        }
                    })
                })
                .collect()
        })
        .collect();
    // `7.365项…` is item 7 when it follows item 6 (or opens a list after a
    // heading); `1.5亿元…` after item 3 is the text of a wrapped line.
    let (mut last, mut fresh) = (0u32, true);
    for l in &mut lines {
        let Some(h) = &l.head else { continue };
        match h.numbering.level {
            Level::L3 => {
                let v = h.numbering.value;
                if h.numeric_body && v != last + 1 && !(fresh && v == 1) {
                    l.head = None;
                    continue;
                }
                (last, fresh) = (v, false);
            }
            Level::L4 | Level::L5 => {}
            _ => fresh = true,
        }
    }
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
    let suppressions = suppress::scan(src);
    let mut lines = split_lines(src);
    // Suppression markers are not document text: leave them out entirely
    // (a marker between two lines of a paragraph or table rows joins nothing
    // and splits nothing).
    if !suppressions.lines.is_empty() {
        lines.retain(|l| l.blank() || !suppressions.on_marker_line(l.content.start));
    }

    // Per line, in parallel: whether it holds a clause (to choose the task
    // level) and whether it ends with a closed clause (for the line-by-line
    // pass below, which asks it of every line of every task). Both in one
    // pass: the second asks about the regions the first has just parsed,
    // while the clause memo still holds them (on one large annex, asked in
    // two passes, most clauses were parsed twice).
    let (hit_line, closes): (Vec<bool>, Vec<bool>) = {
        use rayon::prelude::*;
        let both: Vec<(bool, bool)> = lines
            .par_iter()
            .enumerate()
            .map(|(i, l)| {
                if l.blank() {
                    return (false, false);
                }
                let s = &text[l.content.clone()];
                let next = lines[i + 1..]
                    .iter()
                    .find(|n| !n.blank())
                    .map(|n| &text[n.content.clone()]);
                line_clause_facts(s, next)
            })
            .collect();
        both.into_iter().unzip()
    };
    let task_level = detect_task_level(&lines, &hit_line);
    let hard_wrapped = detect_hard_wrap(text, &lines);
    let wrap_width = if hard_wrapped {
        median_width(&lines)
    } else {
        0
    };

    let doc = Document {
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
        suppressions,
    };
    let mut b = Builder {
        text,
        closes,
        contents: lines.iter().map(|l| l.content.clone()).collect(),
        lines: &lines,
        task_rank: task_level.map(|l| l.rank()),
        wrap_width,
        doc,
        para: None,
        prev_line_end: None,
        pending: Vec::new(),
    };
    let mut i = 0;
    while i < lines.len() {
        i = b.line(i);
    }
    let Builder {
        mut doc,
        mut para,
        pending,
        ..
    } = b;
    flush(&mut para, &mut doc.paragraphs);
    settle_task_clauses(&mut doc, pending);

    {
        use rayon::prelude::*;
        doc.paragraphs
            .par_iter_mut()
            .for_each(|p| p.items = enumeration_items(&p.text));
    }

    doc.title = detect_title(text, &lines);
    doc.year = detect_year(text, &doc.title, &lines);
    doc.numbering = detect_numbering(&doc.tasks);
    doc.lead_convention = detect_lead_convention(&doc.tasks);
    // A document that states the convention (`列第一位者为牵头单位，下同`)
    // follows it, even where some task names its lead explicitly — unless
    // a task lists only co-operating units (`（配合单位：A）`), which no
    // convention makes leads.
    let states = doc.tasks.iter().any(|t| {
        t.clauses
            .iter()
            .any(|c| clause::states_first_leads(c, &t.body))
    });
    let support_only = doc.tasks.iter().any(|t| {
        !t.clauses.is_empty() && t.clauses.iter().all(|c| clause::support_only(c, &t.body))
    });
    if states && !support_only {
        doc.lead_convention = crate::model::LeadConvention::FirstResponsible;
    }
    doc.kind = opts.kind.unwrap_or_else(|| detect_kind(text, &doc));
    // Documents live for the whole run: no spare capacity from growing
    // (tasks and paragraphs in parallel).
    {
        use rayon::prelude::*;
        doc.tasks.par_iter_mut().for_each(|t| {
            t.body.shrink_to_fit();
            t.clauses.shrink_to_fit();
        });
        doc.paragraphs
            .par_iter_mut()
            .for_each(|p| p.text.shrink_to_fit());
    }
    doc.tasks.shrink_to_fit();
    doc.paragraphs.shrink_to_fit();
    doc.headings.shrink_to_fit();
    doc
}

/// The document being read line by line: headings, tasks, tables and
/// paragraphs in order.
struct Builder<'a> {
    text: &'a str,
    lines: &'a [Line],
    /// Whether each line ends with a closed clause (`clause_closes_line`).
    closes: Vec<bool>,
    contents: Vec<Span>,
    task_rank: Option<u8>,
    /// Line width of a hard-wrapped text, else 0.
    wrap_width: usize,
    doc: Document,
    /// The paragraph being read.
    para: Option<Paragraph>,
    /// End offset and last character of the previous paragraph line.
    prev_line_end: Option<(usize, char)>,
    /// Tasks whose clauses are still to be found: task index, the logical
    /// ranges of its physical lines, and where its parse issues go in
    /// `doc.issues`. Clauses are found after the line-by-line pass, tasks in
    /// parallel (a large annex is mostly clause parsing).
    pending: Vec<(usize, Vec<Span>, usize)>,
}

impl Builder<'_> {
    /// Reads what starts at line `i`; returns the next line to read.
    fn line(&mut self, i: usize) -> usize {
        let (text, line) = (self.text, &self.lines[i]);
        if line.blank() {
            return i + 1;
        }
        // An HTML comment is not text: it ends the paragraph before it.
        if is_comment_line(&text[line.content.clone()]) {
            self.end_paragraph();
            // A comment over several lines: up to the line that closes it.
            let mut j = i;
            while j < self.lines.len() && !text[self.lines[j].content.clone()].contains("-->") {
                j += 1;
            }
            return j.min(self.lines.len() - 1) + 1;
        }
        if let Some(used) = self.table(i) {
            return i + used;
        }
        if let Some(head) = &line.head {
            let rank = head.numbering.level.rank();
            if self.task_rank == Some(rank) {
                self.end_paragraph();
                let (mut task, next, line_ranges) = read_task(
                    text,
                    self.lines,
                    &self.closes,
                    i,
                    self.task_rank.unwrap_or(u8::MAX),
                );
                task.heading = self.doc.headings.len().checked_sub(1);
                self.pending
                    .push((self.doc.tasks.len(), line_ranges, self.doc.issues.len()));
                self.doc.tasks.push(task);
                return next;
            }
            if self.task_rank.is_none_or(|t| rank < t) {
                return self.heading(i, head);
            }
            // A deeper numbered line outside any task: running text.
        }
        self.running_text(line);
        i + 1
    }

    /// Ends the paragraph being read.
    fn end_paragraph(&mut self) {
        flush(&mut self.para, &mut self.doc.paragraphs);
        self.prev_line_end = None;
    }

    /// A table of tasks at line `i`: exported one cell per line (序号 ⏎ 任务
    /// ⏎ 责任单位 ⏎ 1 ⏎ …) or in rows (序号 | 重点工作 | 牵头单位 | 责任单位).
    /// Returns the lines it used.
    fn table(&mut self, i: usize) -> Option<usize> {
        let (text, line) = (self.text, &self.lines[i]);
        if line.facts.cell_table {
            if let Some((items, used)) = cell_table::read(text, &self.contents[i..]) {
                self.end_paragraph();
                for item in items {
                    match item {
                        cell_table::Item::Heading(h) => self.doc.headings.push(h),
                        cell_table::Item::Task(mut t) => {
                            t.heading = self.doc.headings.len().checked_sub(1);
                            self.doc.tasks.push(t);
                        }
                    }
                }
                self.doc.task_level.get_or_insert(Level::L3);
                return Some(used);
            }
        }
        if line.facts.task_header {
            let (tasks, used) = task_table::read(text, &self.contents[i..]);
            if !tasks.is_empty() {
                self.end_paragraph();
                for mut t in tasks {
                    t.heading = self.doc.headings.len().checked_sub(1);
                    self.doc.tasks.push(t);
                }
                self.doc.task_level.get_or_insert(Level::L3);
                return Some(used);
            }
        }
        None
    }

    /// A heading at line `i`, with text after its title starting a
    /// paragraph; returns the next line to read.
    fn heading(&mut self, i: usize, head: &LineHead) -> usize {
        let (text, line) = (self.text, &self.lines[i]);
        self.end_paragraph();
        let (mut heading, rest) = read_heading(text, line, head);
        if rest.is_none() {
            if let Some(j) = self.wrapped_heading_tail(i) {
                let tail = &text[self.lines[j].content.clone()];
                heading
                    .text
                    .push_str(tail.trim_matches(|c: char| c == '*' || c == '_'));
                heading.span.end = self.lines[j].content.end;
                self.doc.headings.push(heading);
                return j + 1;
            }
        }
        self.doc.headings.push(heading);
        if let Some(rest) = rest {
            let j = Joined::from_piece(text, rest.clone());
            self.para = Some(Paragraph {
                span: rest.clone(),
                text: j,
                items: Vec::new(),
                heading: self.doc.headings.len().checked_sub(1),
            });
            self.prev_line_end = last_char(text, &rest).map(|c| (rest.end, c));
        }
        i + 1
    }

    /// The line holding the last characters of a hard-wrapped heading at
    /// line `i` (`…实现新跃` ⏎⏎ `升`), if there is one.
    fn wrapped_heading_tail(&self, i: usize) -> Option<usize> {
        let (text, line) = (self.text, &self.lines[i]);
        if self.wrap_width == 0 {
            return None;
        }
        let n = text[line.content.clone()].chars().count();
        let open = last_char(text, &line.content).is_some_and(|c| !ends_sentence(c));
        if !open || n + 3 < self.wrap_width {
            return None;
        }
        let j = (i + 1..self.lines.len()).find(|&j| !self.lines[j].blank())?;
        let next = &self.lines[j];
        let tail = &text[next.content.clone()];
        (next.head.is_none() && tail.chars().count() * 2 < self.wrap_width && !tail.contains('。'))
            .then_some(j)
    }

    /// A line of running text: continues the paragraph or starts one.
    fn running_text(&mut self, line: &Line) {
        let text = self.text;
        let continues = match (&self.para, self.prev_line_end) {
            // A letter-spaced title (`政 府 工 作 报 告`) is a line of its own.
            (Some(p), Some((_, c))) => !ends_sentence(c) && !letter_spaced(&p.text.text),
            _ => false,
        };
        if !continues {
            flush(&mut self.para, &mut self.doc.paragraphs);
            self.para = Some(Paragraph {
                span: line.content.clone(),
                text: Joined::new(),
                items: Vec::new(),
                heading: self.doc.headings.len().checked_sub(1),
            });
        }
        let p = self.para.as_mut().expect("paragraph was just opened");
        p.text.push(text, line.content.clone());
        p.span.end = line.content.end;
        self.prev_line_end = last_char(text, &line.content).map(|c| (line.content.end, c));
    }
}

/// Whether a line opens an HTML comment (`<!-- … -->`): markup, not text.
fn is_comment_line(line: &str) -> bool {
    line.trim_start_matches(is_ws).starts_with("<!--")
}

/// Whether a line is a letter-spaced title: at least three characters, each
/// followed by a space (`政 府 工 作 报 告`). Stops at the first character
/// out of step: asked of a growing paragraph at every line, it must not
/// read the whole paragraph each time.
fn letter_spaced(line: &str) -> bool {
    let t = line.trim_matches(is_ws);
    let mut n = 0;
    for (k, c) in t.chars().enumerate() {
        if (k % 2 == 1) != is_ws(c) {
            return false;
        }
        n = k + 1;
    }
    n >= 5
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

/// Finds the clauses of the tasks read line by line, tasks in parallel, and
/// puts their parse issues where reading in order would have put them.
fn settle_task_clauses(doc: &mut Document, pending: Vec<(usize, Vec<Span>, usize)>) {
    use rayon::prelude::*;
    let found: Vec<(Vec<crate::model::Clause>, Vec<ParseIssue>)> = pending
        .par_iter()
        .map(|(t, line_ranges, _)| {
            let mut issues = Vec::new();
            let clauses = find_clauses(&doc.tasks[*t].body, line_ranges, &mut issues);
            (clauses, issues)
        })
        .collect();
    // From the last task back, so earlier insertion points stay valid.
    for ((t, _, at), (clauses, issues)) in pending.into_iter().zip(found).rev() {
        doc.tasks[t].clauses = clauses;
        if !issues.is_empty() {
            doc.issues.splice(at..at, issues);
        }
    }
}

/// Reads a task starting at line `start`; returns it, the next line index
/// and the logical ranges of its physical lines. Its clauses are found
/// later ([`settle_task_clauses`]).
fn read_task(
    text: &str,
    lines: &[Line],
    closes: &[bool],
    start: usize,
    task_rank: u8,
) -> (Task, usize, Vec<Span>) {
    let head = lines[start].head.as_ref().expect("task line has a head");
    let mut body = Joined::new();
    let first = head.text_start..lines[start].content.end;
    body.push(text, first);
    let mut end = lines[start].content.end;
    let mut breaks = Vec::new();
    // Logical ranges of the physical lines.
    let mut line_ranges: Vec<Span> = Vec::new();
    line_ranges.push(0..body.text.len());
    let mut i = start + 1;
    let mut blank_run = false;
    let mut clause_closed = closes[start];
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
        // An HTML comment is not part of the task (never joined to it).
        if is_comment_line(line_text) {
            break;
        }
        let is_label_line = clause::starts_label_line(line_text);
        if clause_closed && !is_label_line {
            // The task ended with its clause; what follows is running text.
            break;
        }
        let prev_last = text[..end].chars().next_back().unwrap_or('。');
        // Label lines stand apart by design (`牵头领导：…` ⏎⏎ `主要责任单位：…`).
        if blank_run && !ends_sentence(prev_last) && !is_label_line {
            breaks.push(end..line.content.start);
        }
        let logical_start = body.text.len();
        body.push(text, line.content.clone());
        line_ranges.push(logical_start..body.text.len());
        end = line.content.end;
        clause_closed = is_label_line || closes[i];
        blank_run = false;
        i += 1;
    }
    let span = head.numbering.span.start..end;
    (
        Task {
            numbering: head.numbering.clone(),
            span,
            body,
            clauses: Vec::new(),
            heading: None,
            breaks,
        },
        i,
        line_ranges,
    )
}

/// [`line_has_clause`] and [`clause_closes_line`] of a line, with one
/// role-word scan and one bracket scan, and the last region asked about
/// once (a test compares this with the two functions on the fixtures).
///
/// The bracket scan of the line and of the line without its trailing
/// spaces, `。` and `*` (what [`clause_closes_line`] scans) give the same
/// closed regions, in the same order: the cut text holds no bracket. A
/// line without a role word has no region holding one.
fn line_clause_facts(s: &str, next: Option<&str>) -> (bool, bool) {
    let (keyword, root) = clause::keyword_and_root(s);
    if !keyword {
        return (
            s.ends_with([')', '）', '。']) && end_unit_bracket(s).is_some(),
            false,
        );
    }
    let t = s.trim_end_matches(|c: char| is_ws(c) || c == '。' || c == '*');
    let closer = t
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '）' | ')' | ']' | '】' | '］' | '〕'));
    let (regions, unmatched) = bracket_scan(s);
    // The last region when it closes the line, and whether it is a clause.
    let last = match regions.last() {
        Some((r, true)) if closer && r.end == t.len() => {
            let inner = &s[r.clone()];
            Some((
                r.clone(),
                clause::has_keyword(inner) && clause::is_clause(inner, true),
            ))
        }
        _ => None,
    };
    let closes = last.as_ref().is_some_and(|(_, c)| *c);
    if clause::starts_label_line(s) {
        return (true, closes);
    }
    let parses = |piece: &str, bracketed: bool| {
        let piece = piece.trim_matches(|c: char| is_ws(c) || matches!(c, '。' | '；' | '，'));
        !piece.is_empty() && clause::has_keyword(piece) && clause::is_clause(piece, bracketed)
    };
    if unmatched.is_some_and(|i| parses(&s[..i], false)) {
        return (true, closes);
    }
    let has = regions.into_iter().any(|(r, closed)| {
        let inner = &s[r.clone()];
        if closed {
            // (A bracketed region starts and ends with a bracket: `parses`
            // trims nothing from it.)
            match &last {
                Some((l, c)) if *l == r => *c,
                _ => parses(inner, true),
            }
        } else {
            let open = inner.chars().next().map(char::len_utf8).unwrap_or(0);
            let head = next.map(unmatched_head).unwrap_or("");
            parses(&inner[open..], false) || parses(&format!("{inner}{head}）"), true)
        }
    }) || (root && mid_line_label(s));
    (has, closes)
}

/// Whether a line ends with a closed responsibility clause.
#[cfg(test)]
fn clause_closes_line(line: &str) -> bool {
    let t = line.trim_end_matches(|c: char| is_ws(c) || c == '。' || c == '*');
    let Some(close) = t.chars().next_back() else {
        return false;
    };
    if !matches!(close, '）' | ')' | ']' | '】' | '］' | '〕') {
        return false;
    }
    // The last bracket region of the line must be a clause.
    match bracket_regions(t).last() {
        Some((r, true)) if r.end == t.len() => {
            let inner = &t[r.clone()];
            clause::has_keyword(inner) && clause::is_clause(inner, true)
        }
        _ => false,
    }
}

/// Whether a line holds a responsibility clause, or the part of one that
/// falls on it when the clause runs over several lines: it starts with a
/// role label, or one of its bracketed regions (closed, or cut by the line's
/// start or end) parses as a clause.
#[cfg(test)]
fn line_has_clause(s: &str, next: Option<&str>) -> bool {
    // One pass for the role words: a line without any holds no clause but
    // an end bracket of units; a label (also one after a sentence's end)
    // starts with a role root.
    let (keyword, root) = clause::keyword_and_root(s);
    if !keyword {
        return s.ends_with([')', '）', '。']) && end_unit_bracket(s).is_some();
    }
    if clause::starts_label_line(s) {
        return true;
    }
    let parses = |piece: &str, bracketed: bool| {
        let piece = piece.trim_matches(|c: char| is_ws(c) || matches!(c, '。' | '；' | '，'));
        !piece.is_empty() && clause::has_keyword(piece) && clause::is_clause(piece, bracketed)
    };
    let (regions, unmatched) = bracket_scan(s);
    // A close with no open before it on this line: the end of a clause.
    if unmatched.is_some_and(|i| parses(&s[..i], false)) {
        return true;
    }
    regions.into_iter().any(|(r, closed)| {
        let inner = &s[r.clone()];
        if closed {
            parses(inner, true)
        } else {
            // Cut by the end of the line: joined with the next line up to
            // its first unmatched close (`（牵头` ⏎ `单位：A）`).
            let open = inner.chars().next().map(char::len_utf8).unwrap_or(0);
            let head = next.map(unmatched_head).unwrap_or("");
            parses(&inner[open..], false) || parses(&format!("{inner}{head}）"), true)
        }
    }) || (root && mid_line_label(s))
}

/// Whether a role label starts after a sentence's end or a space inside
/// the line (`1.新增设备。 牵头领导:张三 责任单位:市公安局 …`).
fn mid_line_label(s: &str) -> bool {
    s.char_indices().any(|(i, c)| {
        matches!(c, '。' | '；' | ';' | ' ' | '\u{3000}')
            && clause::starts_label_line(s[i + c.len_utf8()..].trim_start_matches(is_ws))
    })
}

/// The text of a line before its first close that has no open before it.
fn unmatched_head(s: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '（' | '(' | '[' | '【' | '［' | '〔' => depth += 1,
            '）' | ')' | ']' | '】' | '］' | '〕' => {
                if depth == 0 {
                    return &s[..i];
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    s
}

/// Where a line-level clause starts in a line (logical range `line` of
/// `t`): at the start of the line or after a sentence's punctuation, outside
/// every bracketed region of the body, a role label (`…完成。牵头单位：A；
/// 责任单位：B`), or a label in brackets of its own (`【牵头单位】A`).
fn label_segment_start(t: &str, line: &Span, regions: &[(Span, bool)]) -> Option<usize> {
    let inside = |p: usize| regions.iter().any(|(r, _)| r.start < p && p < r.end);
    let s = &t[line.clone()];
    let mut candidates = vec![line.start];
    for (i, c) in s.char_indices() {
        if matches!(c, '。' | '；' | ';' | '，' | ',' | ' ' | '\u{3000}') {
            candidates.push(line.start + i + c.len_utf8());
        }
    }
    candidates.into_iter().find_map(|k| {
        let rest = &t[k..line.end];
        let skip = rest.len() - rest.trim_start_matches(is_ws).len();
        let at = k + skip;
        let rest = &rest[skip..];
        if inside(at) || rest.is_empty() {
            return None;
        }
        let ok = if rest.starts_with(['（', '(', '[', '【', '〔', '［', '〖']) {
            clause::starts_closed_label(rest)
        } else {
            clause::starts_label_line(rest)
        };
        ok.then_some(at)
    })
}

/// Finds the responsibility clauses of a task body, in text order: label
/// lines and label segments of lines, bracketed regions that parse as
/// clauses, and, when there is none of those, a last sentence made of units
/// and role verbs (`区发改局牵头，区财政局配合。`).
fn find_clauses(
    body: &Joined,
    line_ranges: &[Span],
    issues: &mut Vec<ParseIssue>,
) -> Vec<crate::model::Clause> {
    let t = body.text.as_str();
    let mut out = Vec::new();
    let mut covered: Vec<Span> = Vec::new();
    let regions = bracket_regions(t);
    let trim_end = |r: Span| -> Span {
        let s = &t[r.clone()];
        r.start
            ..r.start
                + s.trim_end_matches(|c: char| {
                    matches!(c, '。' | '.' | '；' | ';' | '，' | ',' | '*') || is_ws(c)
                })
                .len()
    };
    for r in line_ranges {
        let line = &t[r.clone()];
        if !clause::has_keyword(line) {
            continue;
        }
        let Some(k) = label_segment_start(t, r, &regions) else {
            continue;
        };
        let seg = trim_end(k..r.end);
        if seg.is_empty() {
            continue;
        }
        match clause::parse_clause(body, seg.clone(), false) {
            clause::Parsed::Clause(c) => {
                out.push(*c);
                covered.push(seg);
            }
            clause::Parsed::NotClause => {}
            clause::Parsed::Failed => {
                issues.push(ParseIssue {
                    span: body.span(seg.clone()),
                    message: crate::tr!("无法解析的责任分工", "unparsable assignment of units"),
                });
                covered.push(seg);
            }
        }
    }
    for (range, closed) in regions {
        if covered
            .iter()
            .any(|c| c.start < range.end && range.start < c.end)
        {
            continue;
        }
        let inner = &t[range.clone()];
        if !clause::has_keyword(inner) {
            continue;
        }
        if closed {
            match clause::parse_clause(body, range.clone(), true) {
                clause::Parsed::Clause(c) => out.push(*c),
                clause::Parsed::NotClause => {}
                clause::Parsed::Failed => {
                    if clause::looks_like_clause(inner) {
                        issues.push(ParseIssue {
                            span: body.span(range),
                            message: crate::tr!(
                                "无法解析的责任分工",
                                "unparsable assignment of units"
                            ),
                        });
                    }
                }
            }
            continue;
        }
        // Unclosed: parse what follows the bracket as a bare clause.
        let open_len = inner.chars().next().map(char::len_utf8).unwrap_or(0);
        let inner_range = trim_end(range.start + open_len..range.end);
        if let clause::Parsed::Clause(mut c) = clause::parse_clause(body, inner_range, false) {
            c.span = body.span(range.clone());
            c.brackets.0 = t[range.start..range.start + open_len].to_string();
            issues.push(ParseIssue {
                span: body.span(range.start..range.start + open_len),
                message: crate::tr!(
                    "责任分工括号没有闭合",
                    "unclosed bracket in an assignment of units"
                ),
            });
            out.push(*c);
        } else if clause::looks_like_clause(inner) {
            issues.push(ParseIssue {
                span: body.span(range),
                message: crate::tr!("无法解析的责任分工", "unparsable assignment of units"),
            });
        }
    }
    if out.is_empty() {
        if let Some(c) = verb_sentence(body).or_else(|| unit_bracket(body)) {
            out.push(c);
        }
    }
    out.sort_by_key(|c| c.span.start);
    clause::settle_leads(&mut out, body);
    out
}

/// The last sentence of a task body when it is made only of units with role
/// verbs and deadlines, and names a lead (`区发改局牵头，区财政局配合。`).
fn verb_sentence(body: &Joined) -> Option<crate::model::Clause> {
    let t = body.text.as_str();
    let end = t.len()
        - (t.len()
            - t.trim_end_matches(|c: char| matches!(c, '。' | '；' | '*') || is_ws(c))
                .len());
    let start = t[..end]
        .rfind(['。', '；', '\n'])
        .map(|k| k + t[k..].chars().next().map(char::len_utf8).unwrap_or(1))
        .unwrap_or(0);
    if start >= end || start == 0 || !clause::has_keyword(&t[start..end]) {
        return None;
    }
    let clause::Parsed::Clause(c) = clause::parse_clause(body, start..end, false) else {
        return None;
    };
    let only_roles = c
        .fields
        .iter()
        .all(|f| f.kind == crate::model::FieldKind::Deadline);
    (only_roles
        && c.lead_label.is_some()
        && !c.lead.is_empty()
        && c.form != crate::model::ClauseForm::Table)
        .then_some(*c)
}

/// What a bracket at the end of a task may hold without naming units:
/// `（含高新区）`, `（不含开发区）`, `（包括各街道）`.
const NOT_UNITS: &[&str] = &["含", "不含", "包括", "包含", "如", "即", "其中", "除"];

/// The inner range of a closed bracket that ends `t` (after trailing
/// `。；` and space) and holds only unit names, with its bracket lengths.
fn end_unit_bracket(t: &str) -> Option<(Span, usize, usize)> {
    let end = t
        .trim_end_matches(|c: char| matches!(c, '。' | '；' | ';' | '*') || is_ws(c))
        .len();
    // Only a close can end a closed region (no scan of the text otherwise).
    if !t[..end].ends_with([')', '）', ']', '】', '］', '〕']) {
        return None;
    }
    let (r, closed) = bracket_regions(&t[..end]).pop()?;
    if !closed || r.end != end {
        return None;
    }
    let open = t[r.clone()].chars().next()?.len_utf8();
    let close = t[r.clone()].chars().next_back()?.len_utf8();
    let inner = r.start + open..r.end - close;
    let s = t[inner.clone()].trim();
    if s.is_empty() || NOT_UNITS.iter().any(|w| s.starts_with(w)) || clause::has_keyword(s) {
        return None;
    }
    let j = Joined::from_piece(t, inner.clone());
    let (units, _) = clause::parse_cell(&j, 0..j.text.len())?;
    (!units.is_empty() && units.iter().all(|u| clause::unit_shaped(&u.name)))
        .then_some((inner, open, close))
}

/// A task that ends with units in brackets and no role word
/// (`1.石油化工。……（潜江高新区）`): the first listed leads.
fn unit_bracket(body: &Joined) -> Option<crate::model::Clause> {
    let t = body.text.as_str();
    let (inner, open, close) = end_unit_bracket(t)?;
    let (mut units, separators) = clause::parse_cell(body, inner.clone())?;
    let rest = units.split_off(1);
    let first = units.first()?.span.clone();
    Some(crate::model::Clause {
        span: body.span(inner.start - open..inner.end + close),
        form: crate::model::ClauseForm::Unlabelled,
        brackets: (
            t[inner.start - open..inner.start].to_string(),
            t[inner.end..inner.end + close].to_string(),
        ),
        lead_label: Some(first),
        lead: units,
        responsible_label: None,
        responsible: rest,
        deadline: None,
        fields: Vec::new(),
        separators,
    })
}

/// Top-level bracket regions `(range, closed)`, nesting-aware. An unclosed
/// region runs to the end of the text.
fn bracket_regions(t: &str) -> Vec<(Span, bool)> {
    bracket_scan(t).0
}

/// [`bracket_regions`], and where the first close with no open before it
/// is (a clause cut by the start of a line ends there).
fn bracket_scan(t: &str) -> (Vec<(Span, bool)>, Option<usize>) {
    // Scanned a character at a time by its first byte: the brackets are
    // ASCII or three-byte characters led by 0xE3 (【】〔〕) or 0xEF (（）［］);
    // any other character is skipped by its length, read from a table.
    /// The length of a character by its first byte, 0 for a byte that may
    /// start a bracket.
    const STEP: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            t[b] = match b as u8 {
                b'(' | b')' | b'[' | b']' | 0xE3 | 0xEF => 0,
                0..0x80 => 1,
                0x80..0xE0 => 2,
                0xE0..0xF0 => 3,
                _ => 4,
            };
            b += 1;
        }
        t
    };
    let mut out = Vec::new();
    let mut unmatched = None;
    let mut depth = 0usize;
    let mut start = 0usize;
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let lead = b[i];
        let step = STEP[usize::from(lead)];
        if step != 0 {
            i += usize::from(step);
            continue;
        }
        let (open, len) = match lead {
            b'(' | b'[' => (true, 1),
            b')' | b']' => (false, 1),
            _ => match (lead, b[i + 1], b[i + 2]) {
                (0xEF, 0xBC, 0x88 | 0xBB) | (0xE3, 0x80, 0x90 | 0x94) => (true, 3),
                (0xEF, 0xBC, 0x89 | 0xBD) | (0xE3, 0x80, 0x91 | 0x95) => (false, 3),
                _ => {
                    i += 3;
                    continue;
                }
            },
        };
        if open {
            if depth == 0 {
                start = i;
            }
            depth += 1;
        } else if depth > 0 {
            depth -= 1;
            if depth == 0 {
                out.push((start..i + len, true));
            }
        } else {
            unmatched.get_or_insert(i);
        }
        i += len;
    }
    if depth > 0 {
        out.push((start..t.len(), false));
    }
    (out, unmatched)
}

/// Every `.txt` and `.md` file under `fixtures/`, with its text: the lines
/// the hand readers are compared with the grammar on.
#[cfg(test)]
pub(crate) fn fixture_texts() -> Vec<(std::path::PathBuf, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut stack = vec![root];
    let mut out = Vec::new();
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")) {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                out.push((p, text));
            }
        }
    }
    out
}

#[cfg(test)]
mod line_clause_tests {
    /// The combined pass gives what the two questions give alone, on every
    /// line of the fixtures (with the next line) and on made-up lines.
    #[test]
    fn line_clause_facts_are_the_two_questions() {
        let mut lines: Vec<String> = super::fixture_texts()
            .into_iter()
            .flat_map(|(_, t)| t.lines().map(str::to_string).collect::<Vec<_>>())
            .collect();
        for tail in ["", "。", " ", "*", "。 *", "）", "（附件）"] {
            for body in [
                "完成改造（牵头单位：区财政局；责任单位：区商务局）",
                "完成改造（牵头单位：区财政局）（区商务局负责）",
                "完成改造（牵头单位：区财政局）（含区属企业）",
                "（牵头单位：区财政局",
                "单位：区财政局）继续",
                "完成改造（区商务局、区交通局）",
                "牵头单位：区财政局；责任单位：区商务局",
                "完成改造。 牵头领导:张三 责任单位:市公安局",
            ] {
                lines.push(format!("{body}{tail}"));
            }
        }
        let mut n = 0;
        for (i, s) in lines.iter().enumerate() {
            let s = s.trim();
            if s.is_empty() {
                continue;
            }
            let next = lines[i + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.is_empty());
            let want = (
                super::line_has_clause(s, next),
                super::clause_closes_line(s),
            );
            assert_eq!(super::line_clause_facts(s, next), want, "{s}");
            n += usize::from(want.0) + usize::from(want.1);
        }
        assert!(n > 500, "{n}");
    }
}

#[cfg(test)]
mod bracket_tests {
    /// The byte scan finds what a scan of the characters finds: the
    /// regions, and the first close with no open before it.
    #[test]
    fn bracket_regions_by_bytes_match_by_chars() {
        type Scan = (Vec<(super::Span, bool)>, Option<usize>);
        fn by_chars(t: &str) -> Scan {
            let mut out = Vec::new();
            let mut unmatched = None;
            let (mut depth, mut start) = (0usize, 0usize);
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
                    '）' | ')' | ']' | '】' | '］' | '〕' => {
                        unmatched.get_or_insert(i);
                    }
                    _ => {}
                }
            }
            if depth > 0 {
                out.push((start..t.len(), false));
            }
            (out, unmatched)
        }
        const PIECES: &[&str] = &[
            "（",
            "）",
            "(",
            ")",
            "[",
            "]",
            "【",
            "】",
            "［",
            "］",
            "〔",
            "〕",
            "〖",
            "〗",
            "、",
            "。",
            "，",
            "：",
            "；",
            "ａ",
            "〇",
            "区",
            "a",
            "é",
            "𠀀",
            "牵头单位",
            " ",
            "\u{3000}",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..seed % 12 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let want = by_chars(&s);
            assert_eq!(super::bracket_scan(&s), want, "{s}");
            assert_eq!(super::bracket_regions(&s), want.0, "{s}");
            // Only a close can end the last closed region (the shortcut of
            // `end_unit_bracket`).
            if want
                .0
                .last()
                .is_some_and(|(r, closed)| *closed && r.end == s.len())
            {
                assert!(s.ends_with([')', '）', ']', '】', '］', '〕']), "{s}");
            }
        }
    }
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

#[cfg(test)]
mod flat_tests {
    use super::flat_items;

    #[test]
    fn a_list_that_lost_its_line_breaks_splits_by_the_sequence() {
        let pre = "现将实事项目进展情况予以公示。".repeat(8);
        let s = format!("{pre} 1.新建公园。 责任单位:甲局 表 2 5 1 2 10 合计 1.24万 2.新增设备。 责任单位:乙局 24 3.改造小区。");
        let starts = flat_items(&s);
        let items: Vec<&str> = starts.iter().map(|&k| &s[k..k + 2]).collect();
        assert_eq!(items, ["1.", "2.", "3."]);
        // Short lines and lines with one number are left alone.
        assert!(flat_items("前言。 1.新建公园。 2.新增设备。").is_empty());
        assert!(flat_items(&format!("{pre} 1.新建公园。")).is_empty());
    }
}

#[cfg(test)]
mod long_paragraph_tests {
    use super::{parse, ParseOptions};
    use crate::load::SourceFile;

    /// 200,000 short lines that join into one paragraph (none ends a
    /// sentence). Whether the paragraph so far is a letter-spaced title
    /// was decided by collecting all its characters at every line: 2 × 10^10
    /// character steps, far over five minutes in a debug build, where the
    /// linear code takes seconds. A regression shows as a test that does
    /// not finish (issue 12).
    #[test]
    fn a_paragraph_of_many_short_lines_is_read_in_linear_time() {
        const N: usize = 200_000;
        let src = SourceFile::from_text("a.txt", &"甲\n".repeat(N));
        let doc = parse(0, &src, &ParseOptions::default());
        assert_eq!(doc.paragraphs.len(), 1);
        assert_eq!(doc.paragraphs[0].text.text.chars().count(), N);
    }
}
