//! [`LinkKind::BodyTable`]: an opinion's or plan's prose linked with its own
//! indicator table.

use super::*;

/// Links a document's prose with its own indicator table, when it has one.
pub(super) fn body_table(
    src: &SourceFile,
    doc: &Document,
    ind: &targets::Indicators,
) -> Option<Link> {
    let tables = table::find_tables(src);
    if tables.is_empty() {
        return None;
    }
    let skip: Vec<_> = tables.iter().map(|t| t.span.clone()).collect();
    let units = targets::units(doc, src, &skip);
    let year = doc_year(doc);
    let body = targets::extract_all(&units, ind, year);
    let keys: Vec<Vec<RowKey>> = tables.iter().map(|t| row_keys(t, ind)).collect();
    let mut cell_units: Vec<TextUnit> = Vec::new();
    let mut cell_targets: Vec<Target> = Vec::new();
    let mut matches = Vec::new();
    for (bi, t) in body.iter().enumerate() {
        if t.subject.is_empty() || t.shared || t.stretch {
            continue;
        }
        let subject = table::name_key(&t.subject);
        let Some((ti, row)) = nearest_best_row(t, &subject, &tables, &keys) else {
            continue;
        };
        let tab = &tables[ti];
        let Some((col, cell)) = pick_cell(t, tab, row) else {
            continue;
        };
        let unit = match (&row.unit, &cell.unit) {
            (_, Some(u)) => u.clone(),
            _ if tab.columns[col].kind == ColumnKind::Growth => Unit {
                text: "%".into(),
                base: "%".into(),
                scale: 1.0,
                kind: UnitKind::Rate,
            },
            (Some(u), None) => u.clone(),
            (None, None) => continue,
        };
        // Comparable units, or two ways of stating a rate (% vs /10万).
        let rate_pair = unit.kind == UnitKind::Rate && t.unit_of.kind == UnitKind::Rate;
        if !(unit.comparable(&t.unit_of) || rate_pair) {
            continue;
        }
        let Some(v) = cell.value else {
            continue;
        };
        // Scale the cell value into the body's unit when both carry
        // multipliers of one base (67 万人 vs 常住人口（万人）67).
        let cu = cell_units.len();
        cell_units.push(TextUnit {
            origin: Origin::Table(ti),
            text: Joined::from_piece(&src.text, cell.span.clone()),
            range: 0..cell.span.len(),
            section: None,
            review: false,
        });
        cell_targets.push(cell_target(t, cu, tab, col, row, cell, unit, v));
        matches.push(TargetMatch {
            annex: bi,
            report: cell_targets.len() - 1,
            how: MatchHow::Table,
        });
    }
    Some(Link {
        report: doc.file,
        annex: doc.file,
        kind: LinkKind::BodyTable,
        pairing: Pairing::SameFile,
        report_units: cell_units,
        annex_units: units,
        report_targets: cell_targets,
        annex_targets: body,
        sentences: Vec::new(),
        tasks: Vec::new(),
        matches,
    })
}

/// The best-named row of the nearest table before and the nearest after
/// the target (a file may hold several documents, each with its table); the
/// nearer one on a tie.
fn nearest_best_row<'t>(
    t: &Target,
    subject: &[char],
    tables: &'t [Table],
    keys: &[Vec<RowKey>],
) -> Option<(usize, &'t table::Row)> {
    let at = t.value_span.start;
    let after = tables.partition_point(|tab| tab.span.start < at);
    let near = after.saturating_sub(1)..(after + 1).min(tables.len());
    let mut best: Option<(f32, usize, usize, &table::Row)> = None;
    for (ti, tab) in tables.iter().enumerate().take(near.end).skip(near.start) {
        if let Some((score, row)) = best_row(t, subject, tab, &keys[ti]) {
            let dist = tab.distance(at);
            let better = match &best {
                None => true,
                Some((s, d, _, _)) => {
                    score > *s + 0.02 || ((score - *s).abs() <= 0.02 && dist < *d)
                }
            };
            if better {
                best = Some((score, dist, ti, row));
            }
        }
    }
    best.map(|(_, _, ti, row)| (ti, row))
}

/// The table cell's value as a target of the "report" side, in unit `cu`.
#[allow(clippy::too_many_arguments)]
fn cell_target(
    t: &Target,
    cu: usize,
    tab: &Table,
    col: usize,
    row: &table::Row,
    cell: &table::Cell,
    unit: Unit,
    v: f64,
) -> Target {
    let kind = tab.columns[col].kind;
    Target {
        unit: cu,
        indicator: t.indicator,
        subject: row.name.clone(),
        subject_span: row.name_span.clone(),
        relation: if kind == ColumnKind::Growth {
            Relation::AverageGrowth
        } else {
            t.relation
        },
        verb: String::new(),
        lo: v,
        hi: None,
        value_text: format!(
            "{}{}",
            cell.text,
            if cell.unit.is_none() {
                unit.text.as_str()
            } else {
                ""
            }
        ),
        unit_of: unit,
        bound: cell.bound,
        stretch: false,
        value_span: cell.span.clone(),
        value_logical: 0..cell.span.len(),
        year: tab.columns[col].year,
        year_span: None,
        achieved: kind == ColumnKind::Base,
        shared: false,
    }
}

/// A table row's name prepared for matching: its key and its indicator.
pub(super) struct RowKey {
    pub(super) key: Vec<char>,
    pub(super) indicator: Option<usize>,
}

pub(super) fn row_keys(tab: &Table, ind: &targets::Indicators) -> Vec<RowKey> {
    tab.rows
        .iter()
        .map(|r| RowKey {
            key: table::name_key(&r.name),
            indicator: ind.find_at_end(strip_rate(&r.name).0),
        })
        .collect()
}

/// The row a prose target names, if one row clearly does, with its score.
pub(super) fn best_row<'t>(
    t: &Target,
    subject: &[char],
    tab: &'t Table,
    keys: &[RowKey],
) -> Option<(f32, &'t table::Row)> {
    let mut scored: Vec<(f32, &table::Row)> = tab
        .rows
        .iter()
        .zip(keys)
        .map(|(r, k)| {
            let same_ind = t.indicator.is_some() && k.indicator == t.indicator;
            (table::key_score(subject, &k.key, same_ind), r)
        })
        .filter(|(s, _)| *s > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    match scored.as_slice() {
        [] => None,
        [(a, r)] => Some((*a, r)),
        [(a, r), (b, _), ..] => (a - b > 0.02).then_some((*a, *r)),
    }
}

pub(super) fn strip_rate(s: &str) -> (&str, bool) {
    for suf in ["增长率", "增速", "增幅"] {
        if let Some(r) = s.strip_suffix(suf) {
            return (r, true);
        }
    }
    (s, false)
}

/// The cell a prose target corresponds to: the column of its year; the
/// growth column for 年均增长; the only target column when no year is
/// written (the only base column for results of past work).
pub(super) fn pick_cell<'t>(
    t: &Target,
    tab: &'t Table,
    row: &'t table::Row,
) -> Option<(usize, &'t table::Cell)> {
    let cell = |i: usize| row.cells.get(i).and_then(|c| c.as_ref()).map(|c| (i, c));
    let target_cols: Vec<usize> = (0..tab.columns.len())
        .filter(|&i| tab.columns[i].kind == ColumnKind::Target)
        .collect();
    let rate_row = strip_rate(&row.name).1;
    if t.relation == Relation::AverageGrowth {
        if let Some(g) = (0..tab.columns.len()).find(|&i| tab.columns[i].kind == ColumnKind::Growth)
        {
            if let Some(c) = cell(g).filter(|(_, c)| c.value.is_some()) {
                return Some(c);
            }
        }
        if !rate_row {
            return None;
        }
    } else if rate_row && t.relation != Relation::Growth {
        // 地区生产总值增速 holds rates; a level target does not compare.
        return None;
    }
    if let Some(y) = t.year {
        let i = (0..tab.columns.len()).find(|&i| tab.columns[i].year == Some(y))?;
        return cell(i);
    }
    if t.achieved {
        let base: Vec<usize> = (0..tab.columns.len())
            .filter(|&i| tab.columns[i].kind == ColumnKind::Base && tab.columns[i].year.is_some())
            .collect();
        return match base.as_slice() {
            [i] => cell(*i),
            _ => None,
        };
    }
    match target_cols.as_slice() {
        [i] => cell(*i),
        _ => None,
    }
}
