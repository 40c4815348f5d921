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

use rayon::prelude::*;
use serde::Serialize;

/// The text units the link stage reads ([`units_of`]).
pub use crate::targets::TextUnit;
pub use align::{ClausePair, Sentence, TaskAlignment};
pub use pair::Pairing;

use body_table::body_table;
pub use matching::same_subject;
use matching::*;

use crate::load::SourceFile;
use crate::model::{DocKind, Document, Joined};
use crate::targets::indicator_table::{self as table, ColumnKind, Table};
use crate::targets::{self, Origin, Relation, Target, TargetData, Unit, UnitKind};

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

/// The text units the link stage reads of a document: an annex's tasks,
/// any other document's paragraphs and cells.
pub fn units_of(doc: &Document, src: &SourceFile) -> Vec<TextUnit> {
    match doc.kind {
        DocKind::Annex => annex_units(doc, src),
        _ => targets::units(doc, src, &[]),
    }
}

/// The document groups of a run of `n` files: files joined by a report ↔
/// annex pair or sharing a unit registry (`registries`, one per file) are
/// in one group, named by its smallest file id. N004 compares unknown unit
/// names within a group; a streaming run checks one group at a time.
pub fn document_groups<'a>(
    n: usize,
    pairs: impl IntoIterator<Item = (usize, usize)>,
    registries: impl IntoIterator<Item = Option<&'a str>>,
) -> Vec<usize> {
    fn root(parent: &mut [usize], mut k: usize) -> usize {
        while parent[k] != k {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        k
    }
    fn join(parent: &mut [usize], a: usize, b: usize) {
        let (ra, rb) = (root(parent, a), root(parent, b));
        parent[ra.max(rb)] = ra.min(rb);
    }
    let mut parent: Vec<usize> = (0..n).collect();
    for (a, b) in pairs {
        if a < n && b < n {
            join(&mut parent, a, b);
        }
    }
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    for (k, id) in registries.into_iter().enumerate().take(n) {
        if let Some(id) = id {
            let f = *first_of.entry(id).or_insert(k);
            join(&mut parent, f, k);
        }
    }
    (0..n).map(|k| root(&mut parent, k)).collect()
}

/// Links the documents of a run. Reads only the target data (indicators
/// and explicit pairs).
pub fn link(sources: &[SourceFile], docs: &[Document], data: &TargetData) -> Vec<Link> {
    link_with(sources, docs, data, None)
}

/// [`link`], with the report ↔ annex pairs already decided (`pairs`, file
/// ids of `sources`) when given: a streaming run pairs on summaries of
/// every file first, then links one group of files at a time.
pub fn link_with(
    sources: &[SourceFile],
    docs: &[Document],
    data: &TargetData,
    pairs: Option<Vec<(usize, usize, Pairing)>>,
) -> Vec<Link> {
    let ind = &data.indicators;
    // Units, a report's shingle index and a report's targets depend on the
    // file alone: computed once per file however many annexes it pairs with.
    let units_for = |f: usize| -> Vec<TextUnit> { units_of(&docs[f], &sources[f]) };
    // Shared by the threads that summarise reports while pairing; a file's
    // units are computed outside the lock (two threads may race to compute
    // the same file's: both results are equal, the first stored is kept).
    let units_cache: std::sync::Mutex<HashMap<usize, Arc<Vec<TextUnit>>>> = Default::default();
    let cache = || {
        units_cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    let units_of_cached = |f: usize| -> Arc<Vec<TextUnit>> {
        if let Some(u) = cache().get(&f) {
            return u.clone();
        }
        let u = Arc::new(units_for(f));
        cache().entry(f).or_insert(u).clone()
    };
    // Each file's text hash, computed once (pairing and the copies below
    // ask for it).
    let hashes: Vec<std::sync::OnceLock<u64>> =
        (0..sources.len()).map(|_| Default::default()).collect();
    let hash_of = |f: usize| *hashes[f].get_or_init(|| pair::text_hash(&sources[f].text));
    let pairs =
        pairs.unwrap_or_else(|| pair::pairs(sources, docs, &data.pairs, &units_of_cached, &hashes));
    // An annex whose text (and container format) equals one already linked
    // with the same report (copies in a repository) gets the same link:
    // `plan` holds, per pair, the earlier pair it copies, if any.
    let mut first_of: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    let mut plan: Vec<Option<usize>> = Vec::with_capacity(pairs.len());
    for (k, &(r, a, how)) in pairs.iter().enumerate() {
        let key = (r, hash_of(a));
        let same = first_of.get(&key).and_then(|prev| {
            prev.iter().copied().find(|&i| {
                let (_, p, phow) = pairs[i];
                sources[p].text == sources[a].text
                    && sources[p].format == sources[a].format
                    && phow == how
            })
        });
        if same.is_none() {
            first_of.entry(key).or_default().push(k);
        }
        plan.push(same);
    }
    // What a report contributes (units, alignment index, targets) depends on
    // the file alone: computed once per report, and every distinct pair of
    // that report is linked with it. Reports are handled in parallel, and a
    // report's alignment index (its sentences' shingles, postings and
    // normalised text: several times the report's size) is dropped as soon
    // as its pairs are linked, so only a few are held at once. Units
    // computed while pairing are moved into the links, not copied. Results
    // keep the pairs' order.
    let mut cached = units_cache
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut by_report: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for k in (0..pairs.len()).filter(|&k| plan[k].is_none()) {
        by_report.entry(pairs[k].0).or_default().push(k);
    }
    type Units = Option<Arc<Vec<TextUnit>>>;
    // (report, its units, [(pair, the annex's units)])
    type Work = (usize, Units, Vec<(usize, Units)>);
    let work: Vec<Work> = by_report
        .into_iter()
        .map(|(r, ks)| {
            let annexes: Vec<(usize, Units)> = ks
                .into_iter()
                .map(|k| (k, cached.get(&pairs[k].1).cloned()))
                .collect();
            (r, cached.get(&r).cloned(), annexes)
        })
        .collect();
    // Units no pair uses (annexes left unpaired) go now.
    cached.clear();
    let mut linked: HashMap<usize, Link> = work
        .into_par_iter()
        .flat_map_iter(|(r, units, annexes)| {
            let units = units.unwrap_or_else(|| Arc::new(units_for(r)));
            // Each unit normalised once, for its alignment index and its
            // targets; dropped once both are made.
            let norms = targets::normalise_units(&units);
            let (index, rt) = rayon::join(
                || align::ReportIndex::with_norms(&units, &norms),
                || targets::extract_all_normalised(&units, &norms, ind, doc_year(&docs[r])),
            );
            drop(norms);
            let link_one = |k: usize, au: Units, ru: Vec<TextUnit>, rt: Vec<Target>| {
                let (_, a, how) = pairs[k];
                let au = match au {
                    Some(u) => Arc::unwrap_or_clone(u),
                    None => annex_units(&docs[a], &sources[a]),
                };
                (k, report_annex(r, a, how, ru, rt, au, &index, ind))
            };
            // Every pair but the last gets copies; the last takes them.
            let mut annexes = annexes;
            let Some((k_last, au_last)) = annexes.pop() else {
                return Vec::new();
            };
            let mut out: Vec<(usize, Link)> = annexes
                .into_iter()
                .map(|(k, au)| link_one(k, au, units.as_ref().clone(), rt.clone()))
                .collect();
            out.push(link_one(k_last, au_last, Arc::unwrap_or_clone(units), rt));
            out
        })
        .collect();
    // The last pair that copies each distinct pair's link.
    let mut last_copy: HashMap<usize, usize> = HashMap::new();
    for (k, p) in plan.iter().enumerate() {
        if let Some(i) = p {
            last_copy.insert(*i, k);
        }
    }
    let mut out: Vec<Link> = Vec::with_capacity(pairs.len());
    for (k, &(_, a, _)) in pairs.iter().enumerate() {
        let l = match plan[k] {
            Some(i) => {
                let mut l = if last_copy.get(&i) == Some(&k) {
                    linked.remove(&i).expect("every distinct pair is linked")
                } else {
                    linked[&i].clone()
                };
                l.annex = a;
                l
            }
            // Moved out unless a later copy still needs it.
            None if last_copy.contains_key(&k) => linked[&k].clone(),
            None => linked.remove(&k).expect("every distinct pair is linked"),
        };
        out.push(l);
    }
    // Identical documents (same text and format) have the same table link:
    // each distinct document is linked once, in parallel, in document order.
    let mut seen: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut copies: Vec<(usize, Option<usize>)> = Vec::new();
    for d in docs.iter().filter(|d| d.kind != DocKind::Annex) {
        let src = &sources[d.file];
        let h = hash_of(d.file);
        let same = seen.get(&h).and_then(|v| {
            v.iter()
                .copied()
                .find(|&f| sources[f].text == src.text && sources[f].format == src.format)
        });
        if same.is_none() {
            seen.entry(h).or_default().push(d.file);
        }
        copies.push((d.file, same));
    }
    let tables: HashMap<usize, Link> = copies
        .par_iter()
        .filter(|(_, same)| same.is_none())
        .filter_map(|&(f, _)| body_table(&sources[f], &docs[f], ind).map(|l| (f, l)))
        .collect();
    for (f, same) in copies {
        let l = match same {
            Some(g) => tables.get(&g).map(|l| {
                let mut l = l.clone();
                l.report = f;
                l.annex = f;
                l
            }),
            None => tables.get(&f).cloned(),
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
    // Tasks are aligned in parallel (one pair alone is most of a small
    // run), beside the annex's targets.
    // Each task normalised once, for its alignment and its targets.
    let norms = targets::normalise_units(&annex_units);
    let (annex_targets, tasks) = rayon::join(
        || targets::extract_all_normalised(&annex_units, &norms, ind, None),
        || -> Vec<TaskAlignment> {
            annex_units
                .par_iter()
                .zip(&norms)
                .enumerate()
                .map(|(i, (u, n))| index.align_normalised(i, u, n))
                .collect()
        },
    );
    drop(norms);
    let mut link = Link {
        report,
        annex,
        kind: LinkKind::ReportAnnex,
        pairing,
        report_units,
        annex_units,
        report_targets,
        annex_targets,
        sentences: index.bare_sentences(),
        tasks,
        matches: Vec::new(),
    };
    link.matches = match_targets(&link, ind);
    link
}
