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

/// What a table column holds, read from its header cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ColumnRole {
    /// 序号 / 编号.
    Number,
    /// The task text (重点工作, 主要任务, 民生实事, 项目名称…).
    Work,
    /// Lead units (牵头单位, 主责单位, 牵头部门, 牵头领导及单位…).
    Lead,
    /// Responsible or co-operating units (责任单位, 责任主体, 配合单位…).
    Responsible,
    /// Persons (分管领导, 牵头市领导, 责任人).
    Person,
    /// 完成时限 / 进展情况.
    Deadline,
    /// Anything else (赋分办法, 说明).
    Other,
}

/// The role of a column from its header text (spaces ignored: `牵 头 单 位`).
pub(super) fn column_role(header: &str) -> ColumnRole {
    let h: String = header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect();
    let has = |w: &[&str]| w.iter().any(|x| h.contains(x));
    let has_any = |w: &[String]| w.iter().any(|x| h.contains(x.as_str()));
    // The role vocabulary is the clause grammar's (grammar/clause.pest).
    let unit_noun = has_any(clause::label_nouns());
    // A responsible root names a unit column with a unit noun after it
    // (责任单位, 参与部门), or alone when it is a word of co-operation (配合).
    let responsible = clause::resp_roots().iter().any(|r| {
        h.contains(r.as_str())
            && (unit_noun || h == *r || clause::support_words().iter().any(|w| w == r))
    });
    if has_any(clause::person_nouns()) && !unit_noun {
        ColumnRole::Person
    } else if has_any(clause::lead_roots()) {
        ColumnRole::Lead
    } else if responsible {
        ColumnRole::Responsible
    } else if has(&[
        "时限", "時限", "时间", "時間", "进度", "進度", "进展", "進展",
    ]) {
        ColumnRole::Deadline
    } else if h == "序号" || h == "编号" || h == "序" || h == "序號" || h == "編號" {
        ColumnRole::Number
    } else if has(&[
        "工作", "任务", "任務", "内容", "目标", "目標", "事项", "事項", "措施", "实事", "實事",
        "项目", "項目",
    ]) {
        ColumnRole::Work
    } else {
        ColumnRole::Other
    }
}

fn role(cols: &mut Columns, k: usize, header: &str) {
    let slot = match column_role(header) {
        ColumnRole::Lead => &mut cols.lead,
        ColumnRole::Responsible => &mut cols.responsible,
        ColumnRole::Deadline => &mut cols.deadline,
        ColumnRole::Number => &mut cols.number,
        ColumnRole::Work => &mut cols.work,
        ColumnRole::Person | ColumnRole::Other => return,
    };
    slot.get_or_insert(k);
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
    // Header cells are short names, not sentences (`1<TAB>推进…。（牵头单位：…）`
    // is a numbered task, not a header).
    let names = || {
        cells(text, line).is_some_and(|cs| {
            cs.iter().all(|c| {
                let h = &text[c.clone()];
                h.chars().count() <= 16 && !h.contains(['。', '：', ':', '；'])
            })
        })
    };
    (s.starts_with('|') || s.contains('\t'))
        && names()
        && cells(text, line).is_some_and(|cs| {
            cs.iter().any(|c| {
                matches!(
                    column_role(&text[c.clone()]),
                    ColumnRole::Lead | ColumnRole::Responsible
                )
            })
        })
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
    clause::lead_listed_among_responsible(tasks.iter_mut());
    (tasks, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Column headers are read with the grammar's vocabulary: every lead
    /// root and responsible root with every unit noun names its column,
    /// and the header names of real task tables are read.
    #[test]
    fn column_roles_follow_the_grammar() {
        for noun in clause::label_nouns() {
            for r in clause::lead_roots() {
                let h = format!("{r}{noun}");
                assert_eq!(column_role(&h), ColumnRole::Lead, "{h}");
            }
            for r in clause::resp_roots() {
                let h = format!("{r}{noun}");
                assert_eq!(column_role(&h), ColumnRole::Responsible, "{h}");
            }
        }
        for w in clause::support_words() {
            assert_eq!(column_role(w), ColumnRole::Responsible, "{w}");
        }
        for (h, role) in [
            ("牵头部门", ColumnRole::Lead),
            ("主责单位", ColumnRole::Lead),
            ("牵头领导及单位", ColumnRole::Lead),
            ("牵 头 单 位", ColumnRole::Lead),
            ("总牵头单位", ColumnRole::Lead),
            ("责任主体", ColumnRole::Responsible),
            ("考核责任单位", ColumnRole::Responsible),
            ("牵头市领导", ColumnRole::Person),
            ("责任人", ColumnRole::Person),
            ("责任目标", ColumnRole::Work),
            ("完成时限", ColumnRole::Deadline),
        ] {
            assert_eq!(column_role(h), role, "{h}");
        }
    }

    #[test]
    fn reads_a_markdown_task_table() {
        let t = "| 序号 | 重点工作 | 牵头单位 | 责任单位 | 完成时限 |\n|---|---|---|---|---|\n| 1 | 地区生产总值增长6% | 区发展改革局 | 区统计局、各街镇 | 12月底 |\n| 2 | 推进项目建设 |  | 各街镇 | |\n";
        let rows: Vec<Span> = {
            let mut v = Vec::new();
            let mut at = 0;
            for l in crate::chars::split_lines(t) {
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
