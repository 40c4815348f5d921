//! Tables of tasks: Markdown pipe tables and tab-separated rows with a
//! header such as `序号 | 重点工作 | 牵头单位 | 责任单位 | 完成时限`.
//!
//! Each data row becomes a [`Task`] whose clause has the form
//! [`ClauseForm::Table`]: the lead and responsible cells are split into units
//! with the clause grammar's `cell` rule, so every unit keeps its own span.
//! A table without a 牵头/责任 column is left to the paragraph reader.

use crate::model::{Clause, ClauseForm, Joined, Level, Numbering, Span, Task, Text};

use super::clause;

/// Column roles recognised from header cells.
#[derive(Debug, Default)]
struct Columns {
    number: Option<usize>,
    work: Option<usize>,
    lead: Option<usize>,
    responsible: Option<usize>,
    deadline: Option<usize>,
}

fn role(cols: &mut Columns, k: usize, header: &str) {
    let h: String = header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect();
    if h.contains("牵头") || h.contains("主责") {
        cols.lead.get_or_insert(k);
    } else if h.contains("责任单位")
        || h.contains("责任部门")
        || h.contains("配合")
        || h.contains("参与单位")
        || h.contains("协办")
    {
        cols.responsible.get_or_insert(k);
    } else if h.contains("时限") || h.contains("时间") || h.contains("进度") {
        cols.deadline.get_or_insert(k);
    } else if h == "序号" || h == "编号" || h == "序" {
        cols.number.get_or_insert(k);
    } else if h.contains("工作")
        || h.contains("任务")
        || h.contains("内容")
        || h.contains("目标")
        || h.contains("事项")
        || h.contains("措施")
    {
        cols.work.get_or_insert(k);
    }
}

/// Splits a row into trimmed cell spans (absolute offsets).
pub fn cells(text: &str, line: &Span) -> Option<Vec<Span>> {
    let s = &text[line.clone()];
    let (inner, base, sep) = if let Some(rest) = s.strip_prefix('|') {
        let rest = rest.strip_suffix('|').unwrap_or(rest);
        (rest, line.start + 1, '|')
    } else if s.contains('\t') {
        (s, line.start, '\t')
    } else {
        return None;
    };
    let mut out = Vec::new();
    let mut at = 0;
    for part in inner.split(sep) {
        let lead = part.len() - part.trim_start().len();
        let trimmed = part.trim();
        let start = base + at + lead;
        out.push(start..start + trimmed.len());
        at += part.len() + sep.len_utf8();
    }
    (out.len() >= 2).then_some(out)
}

fn is_separator_row(text: &str, line: &Span) -> bool {
    let s = &text[line.clone()];
    s.starts_with('|') && s.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Whether a header row names a 牵头 or 责任 column.
pub fn is_task_header(text: &str, line: &Span) -> bool {
    let s = &text[line.clone()];
    (s.starts_with('|') || s.contains('\t'))
        && (s.contains("牵头") || s.contains("责任单位") || s.contains("责任部门"))
}

/// Reads a table whose header is `lines[0]`; returns its tasks and how many
/// lines it used. `rows` are the content spans of the following lines.
pub fn read(text: &str, rows: &[Span]) -> (Vec<Task>, usize) {
    let Some(header) = rows.first().and_then(|r| cells(text, r)) else {
        return (Vec::new(), 0);
    };
    let mut cols = Columns::default();
    for (k, c) in header.iter().enumerate() {
        role(&mut cols, k, &text[c.clone()]);
    }
    if cols.lead.is_none() && cols.responsible.is_none() {
        return (Vec::new(), 0);
    }
    let markdown = text[rows[0].clone()].starts_with('|');
    let mut tasks = Vec::new();
    let mut used = 1;
    let mut seq = 0u32;
    for row in &rows[1..] {
        if row.is_empty() {
            break;
        }
        if markdown && is_separator_row(text, row) {
            used += 1;
            continue;
        }
        let Some(cs) = cells(text, row) else { break };
        if markdown != text[row.clone()].starts_with('|') {
            break;
        }
        used += 1;
        seq += 1;
        let cell = |k: Option<usize>| k.and_then(|k| cs.get(k)).cloned();
        // Numbering: the 序号 cell, else the row's position.
        let numbering = match cell(cols.number) {
            Some(c) if !c.is_empty() => {
                let raw = &text[c.clone()];
                let value = raw
                    .trim_end_matches(['.', '．', '、'])
                    .parse::<u32>()
                    .ok()
                    .or_else(|| super::structure::cn_value(raw))
                    .unwrap_or(seq);
                Numbering {
                    level: Level::L3,
                    value,
                    raw: raw.to_string(),
                    span: c,
                }
            }
            _ => {
                let at = row.start;
                Numbering {
                    level: Level::L3,
                    value: seq,
                    raw: String::new(),
                    span: at..at,
                }
            }
        };
        let body_span = cell(cols.work).unwrap_or_else(|| row.clone());
        let body = Joined::from_piece(text, body_span);
        let units_of =
            |k: Option<usize>| -> (Option<Span>, Vec<crate::model::Unit>, Vec<(Span, char)>) {
                match cell(k) {
                    Some(c) => {
                        let j = Joined::from_piece(text, c.clone());
                        let (units, seps) =
                            clause::parse_cell(&j, 0..j.text.len()).unwrap_or_default();
                        (Some(c), units, seps)
                    }
                    None => (None, Vec::new(), Vec::new()),
                }
            };
        let (lead_label, lead, mut seps) = units_of(cols.lead);
        let (responsible_label, responsible, seps2) = units_of(cols.responsible);
        seps.extend(seps2);
        let deadline = cell(cols.deadline).filter(|c| !c.is_empty()).map(|c| Text {
            text: text[c.clone()].to_string(),
            span: c,
        });
        tasks.push(Task {
            numbering,
            span: row.clone(),
            body,
            clauses: vec![Clause {
                span: row.clone(),
                form: ClauseForm::Table,
                brackets: (String::new(), String::new()),
                lead_label,
                lead,
                responsible_label,
                responsible,
                deadline,
                fields: Vec::new(),
                separators: seps,
            }],
            heading: None,
            breaks: Vec::new(),
        });
    }
    (tasks, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_markdown_task_table() {
        let t = "| 序号 | 重点工作 | 牵头单位 | 责任单位 | 完成时限 |\n|---|---|---|---|---|\n| 1 | 地区生产总值增长6% | 区发展改革局 | 区统计局、各街镇 | 12月底 |\n| 2 | 推进项目建设 |  | 各街镇 | |\n";
        let rows: Vec<Span> = {
            let mut v = Vec::new();
            let mut at = 0;
            for l in t.split_inclusive('\n') {
                let c = l.trim_end_matches('\n');
                v.push(at..at + c.len());
                at += l.len();
            }
            v
        };
        let (tasks, used) = read(t, &rows);
        assert_eq!(used, 4);
        assert_eq!(tasks.len(), 2);
        let c = &tasks[0].clauses[0];
        assert_eq!(c.lead[0].name, "区发展改革局");
        assert_eq!(&t[c.lead[0].span.clone()], "区发展改革局");
        assert_eq!(c.responsible.len(), 2);
        assert_eq!(c.deadline.as_ref().unwrap().text, "12月底");
        assert_eq!(tasks[0].body.text, "地区生产总值增长6%");
        let c = &tasks[1].clauses[0];
        assert!(c.lead_label.is_some() && c.lead.is_empty());
        assert_eq!(tasks[1].numbering.value, 2);
    }
}
