//! Tables exported one cell per line: what a web page's HTML table becomes
//! when it is copied as text.
//!
//! ```text
//! 序号 ⏎ 民生实事 ⏎ 责任单位 ⏎ 完成时限 ⏎
//! 1 ⏎ 新建2座人行天桥。 ⏎ 县住建局 ⏎ 县代建中心 ⏎ 9月底前 ⏎
//! 2 ⏎ …
//! ```
//!
//! A header run of short cells (序号 / 任务 / 牵头单位|责任单位 / 完成时限;
//! blank lines between cells, a header split over two lines `牵头 ⏎ 市领导`
//! or spaced out `主 要 工 作 任 务`), then rows, each opened by a number
//! cell whose value continues the sequence (so `365项…` inside a cell never
//! opens a row). The same export with table pipes (`| ⏎ cell |`, `cell |`,
//! rows closed by `||`) is read the same way. Category cells (`（一）重点工作`)
//! that open a group of rows become headings.
//!
//! Cells of a row are told apart by what they hold, not by position alone,
//! because the export drops empty cells and stacks several units of one
//! cell on lines of their own: a unit list (every item shaped like a unit
//! name), a deadline (the clause grammar's `deadline` rule), an empty mark
//! (`——`), or text. The unit cells fill the table's 牵头 / 责任 columns in
//! order. Where a row of a piped export has fewer unit cells than the table
//! has unit columns, the missing (leading) columns are cells merged from the
//! row above (rowspan), and their units are the row above's.
//!
//! Each row becomes a [`Task`] with one [`ClauseForm::Table`] clause, the
//! same model as a Markdown task table ([`super::task_table`]).

use crate::model::{Clause, ClauseForm, Heading, Joined, Level, Numbering, Span, Task, Text, Unit};

use super::clause;
use super::structure;
use super::task_table::{column_role, ColumnRole};

/// What the reader produces, in text order.
#[derive(Debug)]
pub enum Item {
    /// A category cell opening a group of rows (`（一）重点工作（500分）`).
    Heading(Heading),
    /// A row.
    Task(Task),
}

/// Most cells a header may have.
const MAX_HEADER: usize = 16;
/// Most blank lines between two cells.
const MAX_GAP: usize = 4;

/// A line's cell: its content without white space and table pipes; `None`
/// for a line holding nothing else.
fn cell(text: &str, line: &Span) -> Option<Span> {
    let s = &text[line.clone()];
    let strip = |c: char| c.is_whitespace() || c == '|' || c == '\u{3000}';
    let t = s.trim_start_matches(strip);
    let start = line.start + (s.len() - t.len());
    let t = t.trim_end_matches(strip);
    (!t.is_empty()).then(|| start..start + t.len())
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a cell can be a header cell: short, no sentence punctuation, not
/// a number and not a numbered heading.
fn header_like(s: &str) -> bool {
    let c = compact(s);
    let n = c.chars().count();
    (1..=MAX_HEADER).contains(&n)
        && !c.contains(['。', '，', '；', '：', ':', ';', ',', '？', '、'])
        && !c.chars().all(|ch| ch.is_ascii_digit())
        && structure::parse_line_head(s, 0).is_none()
}

/// Cheap test for the main loop: whether a line may start a header run.
pub fn may_start(text: &str, line: &Span) -> bool {
    line.len() <= 3 * MAX_HEADER + 8 && cell(text, line).is_some_and(|c| header_like(&text[c]))
}

/// The next non-empty cell at or after line `k`: (line index, cell).
fn next_cell(text: &str, rows: &[Span], k: usize) -> Option<(usize, Span)> {
    let mut gap = 0;
    for (i, r) in rows.iter().enumerate().skip(k) {
        if let Some(c) = cell(text, r) {
            return Some((i, c));
        }
        gap += 1;
        if gap > MAX_GAP {
            return None;
        }
    }
    None
}

/// A column of the table, from its header cell.
#[derive(Debug, Clone)]
struct Column {
    role: ColumnRole,
}

/// Reads the header run at `rows[0]`: its columns, the line after it, and
/// whether it is a piped export.
fn header(text: &str, rows: &[Span]) -> Option<(Vec<Column>, usize, bool)> {
    let mut cells: Vec<(usize, Span)> = Vec::new();
    let mut k = 0;
    while let Some((i, c)) = next_cell(text, rows, k) {
        if !header_like(&text[c.clone()]) || cells.len() == MAX_HEADER {
            break;
        }
        cells.push((i, c));
        k = i + 1;
    }
    let (&(first, _), &(last, _)) = (cells.first()?, cells.last()?);
    let piped = rows[first..=last]
        .iter()
        .any(|r| text[r.clone()].contains('|'));
    // A header split over two lines: a bare role root and its noun
    // (`牵头 ⏎ 市领导`, `牵头 ⏎ 单位`).
    let mut cols = Vec::new();
    let mut j = 0;
    while j < cells.len() {
        let c = &cells[j].1;
        let h = compact(&text[c.clone()]);
        let root = clause::lead_roots()
            .iter()
            .chain(clause::resp_roots())
            .any(|r| *r == h);
        if let (true, Some((_, next))) = (root, cells.get(j + 1)) {
            let n = compact(&text[next.clone()]);
            if column_role(&n) == ColumnRole::Person || clause::label_nouns().contains(&n) {
                cols.push(Column {
                    role: column_role(&format!("{h}{n}")),
                });
                j += 2;
                continue;
            }
        }
        cols.push(Column {
            role: column_role(&h),
        });
        j += 1;
    }
    let units = cols
        .iter()
        .any(|c| matches!(c.role, ColumnRole::Lead | ColumnRole::Responsible));
    let keyed = cols
        .iter()
        .any(|c| matches!(c.role, ColumnRole::Number | ColumnRole::Work));
    (units && keyed && cols.len() >= 3).then_some((cols, last + 1, piped))
}

/// A row's number cell: the value, the mark's span, and text after the
/// mark in the same cell (`1.学习型机关创建（20分）`).
struct NumberCell {
    value: u32,
    mark: Span,
    text: Option<Span>,
}

fn number_cell(text: &str, c: &Span) -> Option<NumberCell> {
    let s = &text[c.clone()];
    let digits = s.trim_end_matches(['.', '．', '、', '﹒']);
    if !digits.is_empty() && digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(NumberCell {
            value: digits.parse().ok()?,
            mark: c.clone(),
            text: None,
        });
    }
    let head = structure::parse_line_head(s, c.start)?;
    if head.numbering.level != Level::L3 || head.md_depth.is_some() {
        return None;
    }
    let rest = head.text_start..c.end;
    Some(NumberCell {
        value: head.numbering.value,
        mark: head.numbering.span,
        text: (!text[rest.clone()].trim().is_empty()).then_some(rest),
    })
}

/// A category cell (`（一）重点工作（500分）`, `一、…`).
fn category_cell(text: &str, c: &Span) -> Option<Heading> {
    let s = &text[c.clone()];
    let head = structure::parse_line_head(s, c.start)?;
    if !matches!(head.numbering.level, Level::L1 | Level::L2) || head.md_depth.is_some() {
        return None;
    }
    Some(Heading {
        text: text[head.text_start..c.end].trim().to_string(),
        numbering: head.numbering,
        span: c.clone(),
        md_depth: None,
        md_span: None,
    })
}

/// A cell holding only units.
fn unit_cell(text: &str, c: &Span) -> Option<Vec<Unit>> {
    let s = &text[c.clone()];
    if s.chars().count() > 80 || s.contains(['。', '；', ';', '：', ':']) {
        return None;
    }
    let j = Joined::from_piece(text, c.clone());
    let (units, _) = clause::parse_cell(&j, 0..j.text.len())?;
    (!units.is_empty() && units.iter().all(|u| clause::unit_shaped(&u.name))).then_some(units)
}

/// An empty mark standing for an empty cell.
fn dash_cell(s: &str) -> bool {
    ["—", "——", "-", "--", "－", "/", "／", "无", "無", "…", "……"].contains(&compact(s).as_str())
}

/// What a cell of a row holds.
enum Kind {
    Units(Vec<Unit>),
    Dash,
    Deadline,
    Text,
}

fn kind(text: &str, c: &Span) -> Kind {
    let s = &text[c.clone()];
    if let Some(u) = unit_cell(text, c) {
        Kind::Units(u)
    } else if dash_cell(s) {
        Kind::Dash
    } else if clause::is_deadline(s) {
        Kind::Deadline
    } else {
        Kind::Text
    }
}

/// Whether the table stops at this cell: a new header (`序号`) or a
/// heading of its own.
fn ends_table(text: &str, c: &Span) -> bool {
    let s = &text[c.clone()];
    let h = compact(s);
    if ["序号", "编号", "序號", "編號"].contains(&h.as_str()) {
        return true;
    }
    structure::parse_line_head(s, c.start).is_some_and(|hd| {
        matches!(
            hd.numbering.level,
            Level::L1 | Level::L2 | Level::Annex | Level::Chapter | Level::Section
        )
    })
}

/// Reads a cell-per-line table whose header starts at `rows[0]` (content
/// spans of the following lines); `None` when there is none. Returns the
/// items and how many lines were used.
pub fn read(text: &str, rows: &[Span]) -> Option<(Vec<Item>, usize)> {
    let (cols, body_start, piped) = header(text, rows)?;
    let reader = Reader {
        text,
        rows,
        cols: &cols,
        piped,
    };
    let (mut items, used) = reader.rows(body_start);
    clause::lead_listed_among_responsible(items.iter_mut().filter_map(|i| match i {
        Item::Task(t) => Some(t),
        Item::Heading(_) => None,
    }));
    (items.iter().any(|i| matches!(i, Item::Task(_)))).then_some((items, used))
}

struct Reader<'a> {
    text: &'a str,
    rows: &'a [Span],
    cols: &'a [Column],
    piped: bool,
}

impl Reader<'_> {
    /// Whether the cell at line `i` opens the row numbered `want` (or,
    /// after a category cell, row 1).
    fn row_start(&self, i: usize, c: &Span, want: u32) -> bool {
        if number_cell(self.text, c).is_some_and(|n| n.value == want) {
            return true;
        }
        category_cell(self.text, c).is_some()
            && next_cell(self.text, self.rows, i + 1).is_some_and(|(_, n)| {
                number_cell(self.text, &n).is_some_and(|n| n.value == 1 || n.value == want)
            })
    }

    fn rows(&self, start: usize) -> (Vec<Item>, usize) {
        let text = self.text;
        let mut items = Vec::new();
        let mut used = start;
        let mut at = start;
        let mut want: Option<u32> = None;
        let unit_cols = self
            .cols
            .iter()
            .filter(|c| matches!(c.role, ColumnRole::Lead | ColumnRole::Responsible))
            .count();
        let mut above: Vec<Vec<Unit>> = vec![Vec::new(); unit_cols];
        while let Some((i, c)) = next_cell(text, self.rows, at) {
            let (mut i, mut c) = (i, c);
            if let Some(h) = category_cell(text, &c) {
                let Some((j, n)) = next_cell(text, self.rows, i + 1) else {
                    break;
                };
                match number_cell(text, &n) {
                    Some(num) if num.value == 1 || Some(num.value) == want => {
                        items.push(Item::Heading(h));
                        (i, c) = (j, n);
                    }
                    _ => break,
                }
            } else if want.is_some_and(|w| number_cell(text, &c).is_none_or(|n| n.value != w)) {
                break;
            }
            let Some(num) = number_cell(text, &c) else {
                break;
            };
            // The row's cells, up to the next row or the end of the table.
            let mut cells = Vec::new();
            let mut last = i;
            let mut k = i + 1;
            let mut non_unit = 0;
            let mut ended = true;
            while let Some((j, d)) = next_cell(text, self.rows, k) {
                if self.row_start(j, &d, num.value + 1) {
                    ended = false;
                    break;
                }
                if ends_table(text, &d) {
                    break;
                }
                let kd = kind(text, &d);
                if !matches!(kd, Kind::Units(_)) {
                    non_unit += 1;
                    if non_unit > self.cols.len() + 1 {
                        break;
                    }
                }
                cells.push((d, kd));
                last = j;
                k = j + 1;
            }
            let task = self.task(&num, c.start..self.rows[last].end, cells, &mut above);
            items.push(Item::Task(task));
            used = last + 1;
            at = last + 1;
            want = Some(num.value + 1);
            if ended {
                break;
            }
        }
        (items, used)
    }

    /// Builds the task of one row.
    fn task(
        &self,
        num: &NumberCell,
        row: Span,
        mut cells: Vec<(Span, Kind)>,
        above: &mut [Vec<Unit>],
    ) -> Task {
        let text = self.text;
        let unit_cols: Vec<&Column> = self
            .cols
            .iter()
            .filter(|c| matches!(c.role, ColumnRole::Lead | ColumnRole::Responsible))
            .collect();
        // The task text: text after the number in its cell, else the first
        // cell when the work column comes before the unit columns, else the
        // first text cell.
        let work_first = {
            let pos = |r: &[ColumnRole]| self.cols.iter().position(|c| r.contains(&c.role));
            pos(&[ColumnRole::Work]) < pos(&[ColumnRole::Lead, ColumnRole::Responsible])
        };
        let body_span = match &num.text {
            Some(t) => Some(t.clone()),
            None if work_first && !cells.is_empty() => Some(cells.remove(0).0),
            None => cells
                .iter()
                .position(|(_, k)| matches!(k, Kind::Text))
                .map(|p| cells.remove(p).0),
        };
        let body = body_span
            .map(|b| Joined::from_piece(text, b))
            .unwrap_or_default();
        // Unit slots: with one unit column every unit cell is its; with
        // several, the first run of unit (or empty-mark) cells, in order.
        let mut slots: Vec<(Option<Span>, Vec<Unit>)> = Vec::new();
        if unit_cols.len() == 1 {
            let mut all = Vec::new();
            let mut span: Option<Span> = None;
            for (c, k) in &cells {
                if let Kind::Units(u) = k {
                    all.extend(u.iter().cloned());
                    span = Some(span.map_or(c.clone(), |s| s.start..c.end));
                }
            }
            if span.is_some() {
                slots.push((span, all));
            }
        } else if let Some(first) = cells.iter().position(|(_, k)| matches!(k, Kind::Units(_))) {
            let mut from = first;
            while from > 0 && matches!(cells[from - 1].1, Kind::Dash) {
                from -= 1;
            }
            for (c, k) in &cells[from..] {
                match k {
                    Kind::Units(u) => slots.push((Some(c.clone()), u.clone())),
                    Kind::Dash => slots.push((Some(c.clone()), Vec::new())),
                    _ => break,
                }
            }
        }
        // Slots to columns: extra slots go to the last column; missing ones
        // are the leading columns, merged from the row above in a piped
        // export, empty otherwise.
        let m = unit_cols.len();
        let mut filled: Vec<(Option<Span>, Vec<Unit>)> = vec![(None, Vec::new()); m];
        if slots.len() >= m {
            for (j, (s, u)) in slots.into_iter().enumerate() {
                let col = j.min(m - 1);
                let f = &mut filled[col];
                f.0 = f.0.take().map_or(s.clone(), |a| s.map(|b| a.start..b.end));
                f.1.extend(u);
            }
        } else {
            let k = slots.len();
            let offset = if self.piped { m - k } else { 0 };
            for (j, f) in filled.iter_mut().enumerate() {
                if self.piped && j < offset {
                    f.1 = above[j].clone();
                }
            }
            for (j, s) in slots.into_iter().enumerate() {
                filled[offset + j] = s;
            }
        }
        for (j, f) in filled.iter().enumerate() {
            above[j] = f.1.clone();
        }
        let mut clause = Clause::blank(row.clone(), ClauseForm::Table);
        for (col, (span, units)) in unit_cols.iter().zip(filled) {
            let label = Some(span.unwrap_or_else(|| num.mark.clone()));
            if col.role == ColumnRole::Lead {
                clause.lead_label = clause.lead_label.or(label);
                clause.lead.extend(units);
            } else {
                clause.responsible_label = clause.responsible_label.or(label);
                clause.responsible.extend(units);
            }
        }
        clause.deadline = cells
            .iter()
            .find(|(_, k)| matches!(k, Kind::Deadline))
            .map(|(c, _)| Text {
                text: text[c.clone()].to_string(),
                span: c.clone(),
            });
        Task {
            numbering: Numbering {
                level: Level::L3,
                value: num.value,
                raw: text[num.mark.clone()].to_string(),
                span: num.mark.clone(),
            },
            span: row,
            body,
            clauses: vec![clause],
            heading: None,
            breaks: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(t: &str) -> Vec<Span> {
        let mut v = Vec::new();
        let mut at = 0;
        for l in crate::chars::split_lines(t) {
            let c = l.trim_end_matches('\n');
            v.push(at..at + c.len());
            at += l.len();
        }
        v
    }

    fn tasks(t: &str) -> Vec<Task> {
        let (items, _) = read(t, &spans(t)).expect("a table");
        items
            .into_iter()
            .filter_map(|i| match i {
                Item::Task(t) => Some(t),
                Item::Heading(_) => None,
            })
            .collect()
    }

    fn names(u: &[Unit]) -> Vec<&str> {
        u.iter().map(|u| u.name.as_str()).collect()
    }

    #[test]
    fn stacked_units_in_one_cell() {
        let t = "序号\n\n重点任务\n\n责任单位\n\n完成时限\n\n1\n\n修建河道。\n\n县水务局\n\n县住建局\n\n12月底前\n\n2\n\n365项事项网上办。\n\n县政务服务中心\n\n6月底前\n";
        let ts = tasks(t);
        assert_eq!(ts.len(), 2);
        let c = &ts[0].clauses[0];
        assert_eq!(names(&c.responsible), ["县水务局", "县住建局"]);
        assert!(c.lead_label.is_none());
        assert_eq!(c.deadline.as_ref().unwrap().text, "12月底前");
        assert_eq!(&t[c.responsible[1].span.clone()], "县住建局");
        assert_eq!(ts[1].body.text, "365项事项网上办。");
        assert_eq!(ts[1].numbering.value, 2);
    }

    #[test]
    fn split_header_and_person_column() {
        let t = "序号\n目标任务\n牵头\n\n市领导\n责任单位\n进展情况\n1\n新建充电桩350个\n吕  乐\n市发改局\n已建成99个。\n";
        let ts = tasks(t);
        let c = &ts[0].clauses[0];
        assert!(c.lead_label.is_none());
        assert_eq!(names(&c.responsible), ["市发改局"]);
    }

    #[test]
    fn piped_rows_inherit_merged_leading_cells() {
        let t = "| \n 项目名称 | \n 总牵头单位 | \n 考核责任单位 | \n||\n| \n (一)重点工作 | \n 1.项目甲 | \n 县委办、县府办 | \n 县考核办 | \n|\n| \n 2.项目乙 | \n 县委宣传部 | \n|||\n| \n 3.项目丙 | \n 县考核办 | \n —— | \n";
        let ts = tasks(t);
        assert_eq!(ts.len(), 3);
        assert_eq!(names(&ts[1].clauses[0].lead), ["县委办", "县府办"]);
        assert_eq!(names(&ts[1].clauses[0].responsible), ["县委宣传部"]);
        assert_eq!(names(&ts[2].clauses[0].lead), ["县考核办"]);
        assert!(ts[2].clauses[0].responsible.is_empty());
    }

    #[test]
    fn not_a_table_without_rows_or_role_column() {
        let t = "序号\n任务\n完成时限\n1\n修路。\n12月底前\n";
        assert!(read(t, &spans(t)).is_none());
        let t = "序号\n任务\n责任单位\n修路要快。\n";
        assert!(read(t, &spans(t)).is_none());
    }
}
