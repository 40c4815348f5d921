//! Link stage: pairs documents that belong together and computes, once, what
//! the reconciliation rules (X) compare.
//!
//! Two kinds of link:
//! - [`LinkKind::ReportAnnex`]: a work report and the responsibility annex
//!   written from it (see [`pair`] for how pairs are found). Each annex task
//!   is aligned with the report passages it was drawn from ([`align`]), its
//!   clauses with the most similar report clauses, and each annex target
//!   with its counterpart in the report.
//! - [`LinkKind::BodyTable`]: an opinion's or plan's prose and its own
//!   indicator table (主要指标, 专栏…主要目标). `report` and `annex` are then
//!   the same file: the "annex" side is the prose, the "report" side the
//!   table's cells.
//!
//! Rules read [`Link`]s and never recompute alignments.

pub mod align;
pub mod pair;

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

pub use align::{ClausePair, Sentence, TaskAlignment};
pub use pair::Pairing;

use crate::load::SourceFile;
use crate::model::{DocKind, Document, Joined};
use crate::targets::indicator_table::{self as table, ColumnKind, Table};
use crate::targets::{self, Origin, Relation, Target, TargetData, TextUnit, Unit, UnitKind};

/// What a link connects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// A work report and its responsibility annex.
    ReportAnnex,
    /// A document's prose (the `annex` side) and its own indicator table
    /// (the `report` side); both sides are the same file.
    BodyTable,
}

/// How an annex target found its counterpart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchHow {
    /// In the report clause paired with the target's clause.
    Clause,
    /// The same indicator (`rules/indicators.toml`) among the report's targets.
    Indicator,
    /// The same subject phrase in the aligned passages.
    Subject,
    /// The same row of the indicator table, in the column for the target's
    /// year.
    Table,
}

/// An annex (or prose) target and its counterpart.
#[derive(Debug, Clone, Serialize)]
pub struct TargetMatch {
    /// Index into [`Link::annex_targets`].
    pub annex: usize,
    /// Index into [`Link::report_targets`].
    pub report: usize,
    /// How they were matched.
    pub how: MatchHow,
}

/// A report and the annex written from it, or a document and its table.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// File index of the report (the table's document for a body ↔ table link).
    pub report: usize,
    /// File index of the annex (the prose's document for a body ↔ table link).
    pub annex: usize,
    /// What the link connects.
    pub kind: LinkKind,
    /// How the pair was found.
    pub pairing: Pairing,
    /// The report's text units (a table's cells for a body ↔ table link).
    #[serde(skip)]
    pub report_units: Vec<TextUnit>,
    /// The annex's text units: its tasks (the prose for a body ↔ table link).
    #[serde(skip)]
    pub annex_units: Vec<TextUnit>,
    /// Targets in the report.
    pub report_targets: Vec<Target>,
    /// Targets in the annex.
    pub annex_targets: Vec<Target>,
    /// Report sentences (alignment units).
    pub sentences: Vec<Sentence>,
    /// One alignment per annex task (unit), in order.
    pub tasks: Vec<TaskAlignment>,
    /// Annex targets with their report counterparts.
    pub matches: Vec<TargetMatch>,
}

impl Link {
    /// The alignment of an annex unit.
    pub fn task(&self, unit: usize) -> Option<&TaskAlignment> {
        // Alignments are built in unit order, so the index usually is the unit.
        match self.tasks.get(unit) {
            Some(t) if t.unit == unit => Some(t),
            _ => self.tasks.iter().find(|t| t.unit == unit),
        }
    }

    /// The match of an annex target.
    pub fn match_of(&self, annex_target: usize) -> Option<&TargetMatch> {
        self.matches.iter().find(|m| m.annex == annex_target)
    }

    /// Whether a report target has an annex counterpart.
    pub fn report_matched(&self, report_target: usize) -> bool {
        self.matches.iter().any(|m| m.report == report_target)
    }

    /// Source span of a report sentence.
    pub fn sentence_span(&self, s: usize) -> crate::model::Span {
        let sent = &self.sentences[s];
        self.report_units[sent.unit].span(sent.range.clone())
    }
}

fn doc_year(d: &Document) -> Option<u32> {
    d.year.as_ref().and_then(|y| y.text.parse().ok())
}

/// Units of an annex: its tasks only.
fn annex_units(doc: &Document, src: &SourceFile) -> Vec<TextUnit> {
    targets::units(doc, src, &[])
        .into_iter()
        .filter(|u| matches!(u.origin, Origin::Task(_)))
        .collect()
}

/// Links the documents of a run. Reads only the target data (indicators
/// and explicit pairs).
pub fn link(sources: &[SourceFile], docs: &[Document], data: &TargetData) -> Vec<Link> {
    let ind = &data.indicators;
    // Units, a report's shingle index and a report's targets depend on the
    // file alone: computed once per file however many annexes it pairs with.
    let units_cache: std::cell::RefCell<HashMap<usize, Arc<Vec<TextUnit>>>> = Default::default();
    let units_of = |f: usize| -> Arc<Vec<TextUnit>> {
        if let Some(u) = units_cache.borrow().get(&f) {
            return u.clone();
        }
        let u = Arc::new(match docs[f].kind {
            DocKind::Annex => annex_units(&docs[f], &sources[f]),
            _ => targets::units(&docs[f], &sources[f], &[]),
        });
        units_cache.borrow_mut().insert(f, u.clone());
        u
    };
    let units = |f: usize| -> Vec<TextUnit> { units_of(f).as_ref().clone() };
    let index_cache: std::cell::RefCell<HashMap<usize, Arc<align::ReportIndex>>> =
        Default::default();
    let index = |f: usize| -> Arc<align::ReportIndex> {
        if let Some(i) = index_cache.borrow().get(&f) {
            return i.clone();
        }
        let i = Arc::new(align::ReportIndex::new(&units_of(f)));
        index_cache.borrow_mut().insert(f, i.clone());
        i
    };
    let mut report_targets: HashMap<usize, Vec<Target>> = HashMap::new();
    // An annex whose text (and container format) equals one already linked
    // with the same report (copies in a repository) gets the same link.
    let mut done: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    let mut out: Vec<Link> = Vec::new();
    for (r, a, how) in pair::pairs(sources, docs, &data.pairs, &units, &index) {
        let key = (r, pair::text_hash(&sources[a].text));
        let same = done.get(&key).and_then(|prev| {
            prev.iter().copied().find(|&i| {
                let p = out[i].annex;
                sources[p].text == sources[a].text
                    && sources[p].format == sources[a].format
                    && out[i].pairing == how
            })
        });
        if let Some(i) = same {
            let mut l = out[i].clone();
            l.annex = a;
            out.push(l);
            continue;
        }
        let rt = report_targets
            .entry(r)
            .or_insert_with(|| targets::extract_all(&units_of(r), ind, doc_year(&docs[r])))
            .clone();
        out.push(report_annex(
            r,
            a,
            how,
            units(r),
            rt,
            annex_units(&docs[a], &sources[a]),
            &index(r),
            ind,
        ));
        done.entry(key).or_default().push(out.len() - 1);
    }
    // Identical documents (same text and format) have the same table link.
    let mut seen: HashMap<u64, Vec<(usize, Option<Link>)>> = HashMap::new();
    for d in docs {
        if d.kind == DocKind::Annex {
            continue;
        }
        let src = &sources[d.file];
        let h = pair::text_hash(&src.text);
        let same = seen.get(&h).and_then(|v| {
            v.iter()
                .find(|(f, _)| sources[*f].text == src.text && sources[*f].format == src.format)
                .map(|(_, l)| l.clone())
        });
        let l = match same {
            Some(l) => l.map(|mut l| {
                l.report = d.file;
                l.annex = d.file;
                l
            }),
            None => {
                let l = body_table(src, d, ind);
                seen.entry(h).or_default().push((d.file, l.clone()));
                l
            }
        };
        if let Some(l) = l {
            out.push(l);
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn report_annex(
    report: usize,
    annex: usize,
    pairing: Pairing,
    report_units: Vec<TextUnit>,
    report_targets: Vec<Target>,
    annex_units: Vec<TextUnit>,
    index: &align::ReportIndex,
    ind: &targets::Indicators,
) -> Link {
    // Annex targets are never results of past work.
    let annex_targets = targets::extract_all(&annex_units, ind, None);
    let tasks: Vec<TaskAlignment> = annex_units
        .iter()
        .enumerate()
        .map(|(i, u)| index.align(i, u))
        .collect();
    let mut link = Link {
        report,
        annex,
        kind: LinkKind::ReportAnnex,
        pairing,
        report_units,
        annex_units,
        report_targets,
        annex_targets,
        sentences: index.sentences.clone(),
        tasks,
        matches: Vec::new(),
    };
    link.matches = match_targets(&link, ind);
    link
}

/// A count of new things (新增…, 新建…) rather than a total (达到…).
fn increment(t: &Target) -> bool {
    const NEW: &[&str] = &[
        "新增",
        "新建",
        "新开工",
        "新培育",
        "新引进",
        "新认定",
        "新谋划",
        "新签约",
        "新入选",
        "新改建",
        "新开通",
        "新招引",
        "净增",
    ];
    let k = targets::subject_key(&t.subject);
    // 新建、续建、改扩建… lists verbs; it is not a count of new things.
    NEW.iter()
        .any(|w| k.starts_with(w) && !k[w.len()..].starts_with('、'))
        || matches!(t.verb.as_str(), "新增" | "新建")
}

/// Whether two targets can be counterparts at all.
fn compatible(a: &Target, r: &Target) -> bool {
    a.stretch == r.stretch
        && a.relation.group() == r.relation.group()
        && (increment(a) == increment(r)
            || (a.indicator.is_some() && a.indicator == r.indicator && a.verb == r.verb))
        && (a.unit_of.comparable(&r.unit_of)
            || (a.unit_of.kind == UnitKind::Rate && r.unit_of.kind == UnitKind::Rate))
}

fn in_range(r: &std::ops::Range<usize>, inner: &std::ops::Range<usize>) -> bool {
    inner.start >= r.start && inner.end <= r.end
}

/// Finds each annex target's counterpart in the report.
fn match_targets(link: &Link, ind: &targets::Indicators) -> Vec<TargetMatch> {
    let mut out = Vec::new();
    let mut used = vec![false; link.report_targets.len()];
    let rt = &link.report_targets;
    for (ai, a) in link.annex_targets.iter().enumerate() {
        let Some(task) = link.task(a.unit) else {
            continue;
        };
        // Report targets in this task's passages.
        let in_passage = |r: &Target| {
            task.passages.iter().any(|&s| {
                let sent = &link.sentences[s];
                sent.unit == r.unit && in_range(&sent.range, &r.value_logical)
            })
        };
        // 1. In the paired clause.
        let clause = task
            .clauses
            .iter()
            .filter(|c| in_range(&c.annex, &a.value_logical))
            .max_by(|x, y| x.similarity.total_cmp(&y.similarity));
        let mut found: Option<(usize, MatchHow)> = None;
        if let Some(c) = clause {
            let in_clause: Vec<usize> = rt
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    r.unit == c.report_unit
                        && in_range(&c.report, &r.value_logical)
                        && !r.achieved
                        && compatible(a, r)
                })
                .map(|(i, _)| i)
                .collect();
            let same_key = in_clause.iter().copied().find(|&i| same_subject(a, &rt[i]));
            let pick = same_key.or_else(|| {
                // Position only counts in near-identical clauses.
                let same_unit = in_clause
                    .iter()
                    .all(|&i| rt[i].unit_of.text == a.unit_of.text);
                if c.similarity < 0.75 && !(same_unit && c.similarity >= 0.65) {
                    return None;
                }
                // The k-th comparable value of the annex clause ↔ the k-th of
                // the report clause.
                let k = link
                    .annex_targets
                    .iter()
                    .filter(|o| {
                        o.unit == a.unit
                            && in_range(&c.annex, &o.value_logical)
                            && o.value_logical.start < a.value_logical.start
                            && o.unit_of.kind == a.unit_of.kind
                            && o.stretch == a.stretch
                    })
                    .count();
                in_clause
                    .iter()
                    .copied()
                    .filter(|&i| rt[i].unit_of.kind == a.unit_of.kind)
                    .nth(k)
                    // The subjects must still name the same thing, one
                    // perhaps abbreviating the other.
                    .filter(|&i| {
                        table::name_score(
                            &targets::subject_key(&a.subject),
                            &targets::subject_key(&rt[i].subject),
                            false,
                        ) > 0.0
                    })
            });
            if let Some(i) = pick {
                found = Some((i, MatchHow::Clause));
            }
        }
        // 2. The same indicator.
        if found.is_none() && a.indicator.is_some() {
            let cands: Vec<usize> = rt
                .iter()
                .enumerate()
                .filter(|(_, r)| r.indicator == a.indicator && !r.achieved && compatible(a, r))
                .map(|(i, _)| i)
                .collect();
            // Outside the task's passages only plain statements count: the
            // phrase is the indicator's name itself on both sides (全区地区生产总值,
            // not 工业园区规模以上工业增加值).
            let plain = |t: &Target| {
                ind.find_exact(&targets::subject_key(&t.subject)).is_some()
                    || ind.find_exact(&t.subject).is_some()
            };
            let pick = cands
                .iter()
                .copied()
                .filter(|&i| in_passage(&rt[i]))
                .min_by_key(|&i| !a.same_value(&rt[i]))
                .or_else(|| {
                    cands
                        .iter()
                        .copied()
                        .filter(|&i| plain(a) && plain(&rt[i]))
                        .min_by_key(|&i| !a.same_value(&rt[i]))
                });
            if let Some(i) = pick {
                found = Some((i, MatchHow::Indicator));
            }
        }
        // 3. The same subject in the passages.
        if found.is_none() && !a.subject.is_empty() {
            if let Some(i) = rt
                .iter()
                .enumerate()
                .filter(|(i, r)| {
                    !used[*i] && in_passage(r) && compatible(a, r) && same_subject(a, r)
                })
                .map(|(i, _)| i)
                .next()
            {
                found = Some((i, MatchHow::Subject));
            }
        }
        if let Some((i, how)) = found {
            used[i] = true;
            out.push(TargetMatch {
                annex: ai,
                report: i,
                how,
            });
        }
    }
    out
}

/// Whether two targets name the same thing (indicator, or subject key).
pub fn same_subject(a: &Target, b: &Target) -> bool {
    if a.indicator.is_some() || b.indicator.is_some() {
        return a.indicator == b.indicator;
    }
    let ka = targets::subject_key(&a.subject);
    let kb = targets::subject_key(&b.subject);
    !ka.is_empty() && ka == kb
}

/// Links a document's prose with its own indicator table, when it has one.
fn body_table(src: &SourceFile, doc: &Document, ind: &targets::Indicators) -> Option<Link> {
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
        let at = t.value_span.start;
        let subject = table::name_key(&t.subject);
        // The best-named row of the nearest table before and the nearest
        // after the target (a file may hold several documents, each with
        // its table); the nearer one on a tie.
        let after = tables.partition_point(|tab| tab.span.start < at);
        let near = after.saturating_sub(1)..(after + 1).min(tables.len());
        let mut best: Option<(f32, usize, usize, &table::Row)> = None;
        for (ti, tab) in tables.iter().enumerate().take(near.end).skip(near.start) {
            if let Some((score, row)) = best_row(t, &subject, tab, &keys[ti]) {
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
        let Some((_, _, ti, row)) = best else {
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
        let year_col = tab.columns[col].year;
        cell_targets.push(Target {
            unit: cu,
            indicator: t.indicator,
            subject: row.name.clone(),
            subject_span: row.name_span.clone(),
            relation: if tab.columns[col].kind == ColumnKind::Growth {
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
            year: year_col,
            year_span: None,
            achieved: tab.columns[col].kind == ColumnKind::Base,
            shared: false,
        });
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

/// A table row's name prepared for matching: its key and its indicator.
struct RowKey {
    key: Vec<char>,
    indicator: Option<usize>,
}

fn row_keys(tab: &Table, ind: &targets::Indicators) -> Vec<RowKey> {
    tab.rows
        .iter()
        .map(|r| RowKey {
            key: table::name_key(&r.name),
            indicator: ind.find_at_end(strip_rate(&r.name).0),
        })
        .collect()
}

/// The row a prose target names, if one row clearly does, with its score.
fn best_row<'t>(
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

fn strip_rate(s: &str) -> (&str, bool) {
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
fn pick_cell<'t>(
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
