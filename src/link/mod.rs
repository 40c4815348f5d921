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
mod body_table;
mod matching;
pub mod pair;
pub mod summary;

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

pub use align::{ClausePair, Sentence, TaskAlignment};
pub use pair::Pairing;

use body_table::body_table;
pub use matching::same_subject;
use matching::*;

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
    for (r, a, how) in pair::pairs(sources, docs, &data.pairs, &units_of) {
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
