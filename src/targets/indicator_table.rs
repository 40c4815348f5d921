//! Indicator tables (主要指标, 专栏…主要目标) of opinions and plans.
//!
//! Tables reach gwlint as plain text extracted from PDF or Word: cells are
//! separated by spaces or line breaks, long names wrap, base values carry
//! annotations (`（2017年）`), a category column is spelt one character per
//! line. The reader is deliberately conservative; it works on the source
//! lines directly:
//!
//! 1. A short line naming 主要指标 or 主要目标 starts a table; the header
//!    that follows names the value columns: `基期水平`, `2022 年`,
//!    `2020 年完成`, `2025 年目标`, `年均增长（%）`, plus `单位` and `属性`.
//! 2. Rows start with their number (1, 2, 3… in sequence) at the head of a
//!    line followed by the indicator's name; a row runs to the next number.
//! 3. The row's name is everything before its first numeric cell; its unit
//!    is the `单位` cell or the name's bracket (`人均预期寿命（岁）`). Cells
//!    are the numeric tokens after it (`≥39`, `>99`, `[28]`, `---`); trailing
//!    words (`预期性`, the category column) are dropped.
//! 4. Cells map onto value columns when the counts agree, left-aligned when a
//!    trailing column is empty, right-aligned when base columns hold
//!    sub-values. A row that fits none of these is skipped: no finding is
//!    better than a wrong one.

use std::ops::Range;

use super::norm::Norm;
use super::numbers::{self, Bound, Unit, UnitKind};
use crate::load::SourceFile;
use crate::model::Span;

/// What a value column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnKind {
    /// A base or completed value (基期水平, 2020 年完成).
    Base,
    /// A target for a year (2022 年, 2025 年目标).
    Target,
    /// Average yearly growth (年均增长（%）).
    Growth,
}

/// A value column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Column {
    /// What it holds.
    pub kind: ColumnKind,
    /// Its year, if the header names one.
    pub year: Option<u32>,
}

/// A cell.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Cell {
    /// Text as written.
    pub text: String,
    /// Where.
    pub span: Span,
    /// The value, if numeric.
    pub value: Option<f64>,
    /// Its bound (≥, >, <).
    pub bound: Bound,
    /// A unit written in the cell (`80%`).
    pub unit: Option<Unit>,
}

/// A table row.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    /// Row number.
    pub number: u32,
    /// The indicator's name, compacted (unit bracket removed).
    pub name: String,
    /// Where the name is written (first to last piece).
    pub name_span: Span,
    /// The unit of the row's values.
    pub unit: Option<Unit>,
    /// One entry per value column.
    pub cells: Vec<Option<Cell>>,
}

/// An indicator table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Table {
    /// The title line.
    pub title: Span,
    /// From the title to the end of the last row.
    pub span: Span,
    /// Value columns in order.
    pub columns: Vec<Column>,
    /// Rows.
    pub rows: Vec<Row>,
}

fn compact(s: &str) -> String {
    s.chars().filter_map(super::norm::norm_char).collect()
}

fn is_title(line: &str) -> bool {
    let c = compact(line);
    let n = c.chars().count();
    (2..=40).contains(&n)
        && (c.contains("主要指标") || c.contains("主要目标"))
        && !c.contains('。')
        && !c.contains(',')
}

/// Parses header text into value columns; `(columns, has_unit_column)`.
fn header_columns(h: &str) -> (Vec<Column>, bool) {
    let chars: Vec<char> = h.chars().collect();
    let mut cols = Vec::new();
    let mut has_unit = false;
    let mut i = 0;
    let at = |i: usize, w: &str| (i..).zip(w.chars()).all(|(k, c)| chars.get(k) == Some(&c));
    while i < chars.len() {
        if at(i, "单位") {
            has_unit = true;
            i += 2;
        } else if at(i, "基期") || at(i, "现状") {
            cols.push(Column {
                kind: ColumnKind::Base,
                year: None,
            });
            i += 2;
        } else if at(i, "年均增") {
            cols.push(Column {
                kind: ColumnKind::Growth,
                year: None,
            });
            i += 3;
        } else if chars[i].is_ascii_digit()
            && (0..4).all(|k| chars.get(i + k).is_some_and(|c| c.is_ascii_digit()))
            && chars.get(i + 4) == Some(&'年')
            && (i == 0 || !chars[i - 1].is_ascii_digit())
        {
            let year: u32 = chars[i..i + 4]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(0);
            let kind = if ["完成", "实际", "基数", "基期", "现状"]
                .iter()
                .any(|w| at(i + 5, w))
            {
                ColumnKind::Base
            } else {
                ColumnKind::Target
            };
            cols.push(Column {
                kind,
                year: Some(year),
            });
            i += 5;
        } else {
            i += 1;
        }
    }
    (cols, has_unit)
}

/// A whitespace-separated token of a line.
#[derive(Debug, Clone)]
struct Tok {
    text: String,
    span: Span,
}

fn tokens(src: &SourceFile, line: usize) -> Vec<Tok> {
    let r = src.line_range(line);
    let s = &src.text[r.clone()];
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if super::norm::is_space(c) {
            if let Some(st) = start.take() {
                out.push(Tok {
                    text: s[st..i].to_string(),
                    span: r.start + st..r.start + i,
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push(Tok {
            text: s[st..].to_string(),
            span: r.start + st..r.end,
        });
    }
    out
}

/// Numeric-like cell text: `80`, `≥39`, `>99`, `[28]`, `80%`, `---`.
fn numeric_like(t: &str) -> bool {
    let c = compact(t);
    if c.chars().all(|c| c == '-' || c == '—') && !c.is_empty() {
        return true;
    }
    let c = c.trim_start_matches(['≥', '≤', '>', '<', '[']);
    let c = c.trim_end_matches([']', '%', '‰']);
    !c.is_empty()
        && c.chars().next().is_some_and(|c| c.is_ascii_digit())
        && c.chars().all(|c| c.is_ascii_digit() || c == '.')
}

fn han_only(t: &str) -> bool {
    !t.is_empty()
        && t.chars()
            .all(|c| !c.is_ascii_digit() && !matches!(c, '-' | '—' | '%'))
        && !t.chars().any(|c| c.is_ascii_digit())
}

fn parse_cell(t: &Tok) -> Cell {
    let c = compact(&t.text);
    let mut bound = Bound::Exact;
    let mut body = c.as_str();
    if let Some(r) = body.strip_prefix(['≥', '>']) {
        bound = Bound::AtLeast;
        body = r;
    } else if let Some(r) = body.strip_prefix(['≤', '<']) {
        bound = Bound::AtMost;
        body = r;
    }
    let body = body.trim_start_matches('[').trim_end_matches(']');
    let mut unit = None;
    let num = if let Some(r) = body.strip_suffix('%') {
        unit = Some(rate("%"));
        r
    } else if let Some(r) = body.strip_suffix('‰') {
        unit = Some(rate("‰"));
        r
    } else {
        body
    };
    Cell {
        text: c.clone(),
        span: t.span.clone(),
        value: num.parse().ok(),
        bound,
        unit,
    }
}

fn rate(u: &str) -> Unit {
    Unit {
        text: u.to_string(),
        base: u.to_string(),
        scale: 1.0,
        kind: UnitKind::Rate,
    }
}

/// Parses a unit written alone (`万人`, `亿美元`, `%`, `/10万`).
pub fn parse_unit_text(s: &str) -> Option<Unit> {
    let c = compact(s);
    if c.is_empty() {
        return None;
    }
    let probe = format!("1{c}");
    let n = Norm::new(&probe, 0..probe.len());
    let qs = numbers::scan(&n);
    let q = qs.first()?;
    (q.value_range == (0..n.len())).then(|| {
        let mut u = q.unit.clone();
        if u.base == "时" {
            u.base = "小时".into();
        }
        u
    })
}

/// The longest known unit at the end of `name`: `(name without it, unit)`.
fn split_unit_suffix(name: &str) -> Option<(String, Unit)> {
    let chars: Vec<char> = name.chars().collect();
    for k in (1..=chars.len().min(4)).rev() {
        let suffix: String = chars[chars.len() - k..].iter().collect();
        if let Some(u) = parse_unit_text(&suffix) {
            if k < chars.len() {
                return Some((chars[..chars.len() - k].iter().collect(), u));
            }
        }
    }
    None
}

/// A unit in the name's last bracket: `人均预期寿命（岁）`.
fn split_unit_bracket(name: &str) -> (String, Option<Unit>) {
    let n = compact(name);
    if let Some(open) = n.rfind('(') {
        if n.ends_with(')') {
            let inner = &n[open + 1..n.len() - 1];
            if let Some(u) = parse_unit_text(inner) {
                return (n[..open].to_string(), Some(u));
            }
        }
    }
    (n, None)
}

/// Whether a token can start a row's name (a Han character, a quote, or a
/// number followed by one: 5岁以下…, 0-6岁…).
fn starts_name(t: &str) -> bool {
    let mut chars = t
        .chars()
        .skip_while(|c| c.is_ascii_digit() || *c == '-' || *c == '.');
    chars
        .next()
        .is_some_and(|c| !c.is_ascii() && !matches!(c, '≥' | '≤' | '—' | '％'))
}

/// Lines that end a table: prose, a document's signature, a note.
fn ends_table(line: &str) -> bool {
    let c = compact(line);
    c.starts_with("注")
        || c.contains("人民政府")
        || (c.chars().count() > 30 && (c.contains('。') || c.contains(',')))
        || c.starts_with("第") && (c.contains('章') || c.contains('节'))
}

/// Finds the indicator tables of a source.
pub fn find_tables(src: &SourceFile) -> Vec<Table> {
    // Only lines naming 主要指标 or 主要目标 can start a table: find them with
    // a substring search instead of looking at every line.
    let bytes = src.text.as_bytes();
    let mut title_lines: Vec<usize> = ["主要指标", "主要目标"]
        .iter()
        .flat_map(|w| memchr::memmem::find_iter(bytes, w.as_bytes()))
        .map(|at| src.line_index(at))
        .collect();
    title_lines.sort_unstable();
    title_lines.dedup();
    let mut out = Vec::new();
    let mut next_free = 0;
    for i in title_lines {
        if i < next_free || !is_title(&src.text[src.line_range(i)]) {
            continue;
        }
        if let Some((t, next)) = read_table(src, i) {
            out.push(t);
            next_free = next;
        }
    }
    out
}

fn read_table(src: &SourceFile, title_line: usize) -> Option<(Table, usize)> {
    let lines = src.line_starts().len();
    let title = src.line_range(title_line);
    // Header: lines until the first row start.
    let mut header = String::new();
    let mut k = title_line + 1;
    let mut first_row = None;
    while k < lines && k < title_line + 60 {
        let toks = tokens(src, k);
        if let Some(t) = toks.first() {
            if compact(&t.text) == "1" {
                let next_name = toks.get(1).map(|t| t.text.clone()).or_else(|| {
                    (k + 1..lines.min(k + 4))
                        .find_map(|j| tokens(src, j).first().map(|t| t.text.clone()))
                });
                if next_name.is_some_and(|t| starts_name(&t)) {
                    first_row = Some(k);
                    break;
                }
            }
            if ends_table(&src.text[src.line_range(k)]) {
                return None;
            }
        }
        for t in &toks {
            header.push_str(&compact(&t.text));
        }
        k += 1;
    }
    let first_row = first_row?;
    let (columns, has_unit) = header_columns(&header);
    if columns.len() < 2 {
        return None;
    }
    // Rows.
    let mut rows_raw: Vec<(u32, Vec<Tok>)> = Vec::new();
    let mut expected = 1u32;
    let mut k = first_row;
    let mut end = title.end;
    let mut since_row = 0;
    while k < lines {
        let line_text = &src.text[src.line_range(k)];
        let toks = tokens(src, k);
        if toks.is_empty() {
            k += 1;
            continue;
        }
        if ends_table(line_text) {
            break;
        }
        let is_row = compact(&toks[0].text) == expected.to_string() && {
            let next_name = toks.get(1).map(|t| t.text.clone()).or_else(|| {
                (k + 1..lines.min(k + 4))
                    .find_map(|j| tokens(src, j).first().map(|t| t.text.clone()))
            });
            next_name.is_some_and(|t| starts_name(&t))
        };
        if is_row {
            rows_raw.push((expected, toks[1..].to_vec()));
            expected += 1;
            since_row = 0;
        } else if let Some((_, r)) = rows_raw.last_mut() {
            r.extend(toks.iter().cloned());
            since_row += 1;
            if since_row > 40 {
                break;
            }
        }
        end = src.line_range(k).end;
        k += 1;
    }
    if rows_raw.len() < 2 {
        return None;
    }
    let rows = rows_raw
        .into_iter()
        .filter_map(|(number, toks)| read_row(number, toks, &columns, has_unit))
        .collect();
    Some((
        Table {
            title: title.clone(),
            span: title.start..end,
            columns,
            rows,
        },
        k,
    ))
}

fn read_row(number: u32, toks: Vec<Tok>, columns: &[Column], has_unit: bool) -> Option<Row> {
    // Merge a lone closing bracket into the token before it: `[19118` `]`.
    let mut merged: Vec<Tok> = Vec::new();
    for t in toks {
        let c = compact(&t.text);
        if matches!(c.as_str(), "]" | ")" | "%") {
            if let Some(last) = merged.last_mut() {
                last.text.push_str(&t.text);
                last.span.end = t.span.end;
                continue;
            }
        }
        merged.push(t);
    }
    // Annotations: (2017年), （2017）.
    merged.retain(|t| {
        let c = compact(&t.text);
        !(c.starts_with('(') && c.ends_with(')') && c.chars().any(|c| c.is_ascii_digit()))
    });
    let first_num = merged.iter().position(|t| numeric_like(&t.text))?;
    let name_toks = &merged[..first_num];
    if name_toks.is_empty() {
        return None;
    }
    let raw_name: String = name_toks.iter().map(|t| compact(&t.text)).collect();
    let name_span = name_toks[0].span.start..name_toks[name_toks.len() - 1].span.end;
    let (name, unit) = if has_unit {
        match split_unit_suffix(&raw_name) {
            Some((n, u)) => (n, Some(u)),
            None => (raw_name.clone(), None),
        }
    } else {
        split_unit_bracket(&raw_name)
    };
    let (name, unit) = match unit {
        Some(u) => (name, Some(u)),
        None => {
            let (n2, u2) = split_unit_bracket(&name);
            (n2, u2)
        }
    };
    let mut cells: Vec<Tok> = merged[first_num..].to_vec();
    while cells.last().is_some_and(|t| han_only(&compact(&t.text))) {
        cells.pop();
    }
    let all_numeric = cells.iter().all(|t| numeric_like(&t.text));
    let n = columns.len();
    let mapped: Vec<Option<Cell>> = if cells.len() == n {
        cells.iter().map(|t| Some(parse_cell(t))).collect()
    } else if cells.len() < n && all_numeric {
        let mut v: Vec<Option<Cell>> = cells.iter().map(|t| Some(parse_cell(t))).collect();
        v.resize(n, None);
        v
    } else if cells.len() > n && all_numeric && !name.contains([':', ';', ',', '：', '；', '，'])
    {
        cells[cells.len() - n..]
            .iter()
            .map(|t| Some(parse_cell(t)))
            .collect()
    } else {
        return None;
    };
    if !mapped.iter().flatten().any(|c| c.value.is_some()) {
        return None;
    }
    Some(Row {
        number,
        name,
        name_span,
        unit,
        cells: mapped,
    })
}

/// Longest common substring length of two char slices (small inputs).
pub fn longest_common(a: &[char], b: &[char]) -> usize {
    let mut best = 0;
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            if x == y {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}

/// The characters of a name that matter for matching: letters, digits and
/// Han characters, without 的.
pub fn name_key(s: &str) -> Vec<char> {
    s.chars()
        .filter_map(super::norm::norm_char)
        .filter(|c| c.is_alphanumeric() && *c != '的')
        .collect()
}

/// How well a subject names a row: 0 (not at all) to 1 (the same words).
pub fn name_score(subject: &str, row: &str, same_indicator: bool) -> f32 {
    key_score(&name_key(subject), &name_key(row), same_indicator)
}

/// [`name_score`] over [`name_key`]s.
pub fn key_score(a: &[char], b: &[char], same_indicator: bool) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    if same_indicator {
        return 0.95;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // One name abbreviates the other: its characters appear in order
    // (“四新”经济增加值占比 ⊂ “四新”经济增加值占地区生产总值比重).
    if short.len() >= 4 && short.len() * 10 >= long.len() * 3 && is_subsequence(short, long) {
        return 0.6 + 0.3 * short.len() as f32 / long.len() as f32;
    }
    // Nearly the same name, one character changed (病死率/死亡率), same start.
    if short.len() * 10 >= long.len() * 9 && a[..2.min(a.len())] == b[..2.min(b.len())] {
        let l = crate::chars::lcs_len(a, b);
        if l * 10 >= long.len() * 9 {
            return 0.55;
        }
    }
    0.0
}

fn is_subsequence(short: &[char], long: &[char]) -> bool {
    let mut it = long.iter();
    short.iter().all(|c| it.any(|d| d == c))
}

impl Table {
    /// Lines spanned, for proximity.
    pub fn distance(&self, at: usize) -> usize {
        if at < self.span.start {
            self.span.start - at
        } else {
            at.saturating_sub(self.span.end)
        }
    }
}

/// A range helper used by the link stage.
pub fn contains(outer: &Range<usize>, at: usize) -> bool {
    at >= outer.start && at < outer.end
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEALTH: &str = "附件\n\n健康长清行动主要指标\n\n序号 指 标\n全省\n\n基期水平\n\n全市\n\n基期水平\n2022 年 2030 年\n\n1 人均预期寿命（岁）\n78.66\n\n(2017年)\n79.52 80 82.5\n\n2 婴儿死亡率（‰） 4.01 2.3 3.3 2.5\n\n3\n城乡居民达到《国民体质测定标\n\n准》合格以上的人数比例（％）\n91.8 92.1 92.6 95\n\n4\n\n建立完善健康科普专家库\n\n--- 已建立 实现 持续完善\n\n5 经常参加体育锻炼人数比例（％） 36.5 38 ≥39 ≥45\n\n济南市长清区人民政府\n";

    #[test]
    fn reads_a_messy_health_table() {
        // Row 4 has no numeric cells and is skipped.
        let src = SourceFile::from_text("t.txt", HEALTH);
        let t = find_tables(&src);
        assert_eq!(t.len(), 1);
        let t = &t[0];
        assert_eq!(t.columns.len(), 4);
        assert_eq!(t.columns[2].year, Some(2022));
        assert_eq!(
            t.rows.iter().map(|r| r.number).collect::<Vec<_>>(),
            [1, 2, 3, 5]
        );
        assert_eq!(
            t.rows[2].name,
            "城乡居民达到《国民体质测定标准》合格以上的人数比例"
        );
        let c = t.rows[3].cells[2].as_ref().unwrap();
        assert_eq!((c.value, c.bound), (Some(39.0), Bound::AtLeast));
        assert_eq!(t.rows[0].name, "人均预期寿命");
        assert_eq!(t.rows[0].unit.as_ref().unwrap().base, "岁");
        let c = t.rows[0].cells[2].as_ref().unwrap();
        assert_eq!(c.value, Some(80.0));
        assert_eq!(&src.text[c.span.clone()], "80");
        assert_eq!(t.rows[1].unit.as_ref().unwrap().text, "‰");
    }

    #[test]
    fn reads_a_plan_table_with_unit_and_growth_columns() {
        let text = "专栏 1 “十四五”时期经济社会发展主要目标\n\n类\n\n别\n\n序\n\n号\n主要指标\n\n单\n\n位\n\n2020 年\n\n完成\n\n2025 年\n\n目标\n\n年均增\n\n长（%)\n属 性\n\n综\n\n合\n\n1 常住人口 万人 59.55 67 2\n预期\n\n性\n\n2 常住人口城镇化率 % 57.3 60\n预期\n\n性\n\n3 实际使用外资\n亿美\n元\n1.1 1.8 10\n\n4 新增城镇就业 人\n[19118\n\n]\n\n[16000\n\n]\n--\n\n预期\n\n性\n\n注：加“[]”指标为五年累计数。\n";
        let src = SourceFile::from_text("p.txt", text);
        let t = &find_tables(&src)[0];
        assert_eq!(
            t.columns.iter().map(|c| c.kind).collect::<Vec<_>>(),
            vec![ColumnKind::Base, ColumnKind::Target, ColumnKind::Growth]
        );
        let names: Vec<_> = t.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "常住人口",
                "常住人口城镇化率",
                "实际使用外资",
                "新增城镇就业"
            ]
        );
        assert_eq!(t.rows[2].unit.as_ref().unwrap().text, "亿美元");
        assert_eq!(t.rows[1].cells[1].as_ref().unwrap().value, Some(60.0));
        assert!(t.rows[1].cells[2].is_none());
        assert_eq!(t.rows[3].cells[1].as_ref().unwrap().value, Some(16000.0));
    }

    #[test]
    fn scores_names() {
        assert_eq!(
            name_score("居民健康素养水平", "居民健康素养水平", false),
            1.0
        );
        assert!(name_score("标准使用率", "全区妇幼健康信息系统标准使用率", false) > 0.6);
        assert!(
            name_score(
                "配备专兼职心理健康工作人员的中小学例",
                "配备专兼职心理健康工作人员的中小学校比例",
                false
            ) > 0.5
        );
        assert_eq!(
            name_score("设置比例", "二级及以上综合性医院设置老年医学科比例", false),
            0.0
        );
        assert!(
            name_score(
                "“四新”经济增加值占地区生产总值比重",
                "“四新”经济增加值占比",
                false
            ) > name_score(
                "“四新”经济增加值占地区生产总值比重",
                "数字经济增加值占地区生产总值比重",
                false
            )
        );
        assert!(
            name_score(
                "70岁以下人群慢性呼吸系统疾病病死率",
                "70岁以下人群慢性呼吸系统疾病死亡率",
                false
            ) > 0.5
        );
    }
}
