//! Pairing documents: which report each annex was written from.
//!
//! In order:
//! 1. Explicit pairs (`--pair REPORT=ANNEX`) always win; a report named in
//!    one is not paired automatically.
//! 2. Otherwise an annex pairs only with a report of its own place
//!    ([`super::summary::Place`]): both name the same jurisdiction
//!    (`长清区人民政府`, `天桥区区长`, `2026年内蒙古自治区政府工作报告`), or
//!    one names it and the other mentions it (`长清` in an annex's text), or
//!    — weaker — the report names no place and their levels agree
//!    (`区发展改革局` under a report of `区人民政府`); or with a report that
//!    holds at least [`STRONG_CONTAINMENT`] of the annex's text. Documents
//!    naming different places, or of different levels (`市财政局` against
//!    a 区's report), never pair.
//! 3. Among those: a report of the annex's year (the annex title says
//!    `2025 年《政府工作报告》…`) with a strong tie first, then one of its
//!    year whose level only agrees; several of one kind are decided by
//!    shingle containment. Without one of its year, a strongly tied report
//!    of another year (X003 then reports the year), the best of several
//!    provided at least [`MIN_CONTAINMENT`] of the annex is drawn from it;
//!    or the only report of the run when nothing speaks against it (not
//!    when it names a place the annex never mentions).
//! 4. No report qualifies: the annex is not paired ([`unpaired_annexes`];
//!    rule X006 says so once per annex).
//!
//! Cost: each document is summarised once ([`Summary`]: year, place, a
//! sketch of its shingles). An annex's candidates come from indexes — the
//! reports of its place name, the reports whose name it mentions (one
//! Aho–Corasick pass over its text), the reports sharing most of its
//! sketch — not from all reports, and only candidates that must be compared
//! are scored exactly. Time per pair does not grow with the number of
//! reports.

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use serde::Serialize;

use super::align;
use super::summary::{self, Place, Summary};
use crate::load::SourceFile;
use crate::model::{DocKind, Document};
use crate::targets::TextUnit;

/// How a report ↔ annex pair was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pairing {
    /// Named with `--pair`.
    Explicit,
    /// Same year and the best text overlap.
    Year,
    /// Best text overlap (years differ or are unknown).
    Content,
    /// The only report of the run (or of the annex's place).
    Only,
    /// A document's prose and its own indicator table.
    SameFile,
}

/// Least share of an annex's shingles a report must hold to be paired by
/// content among several reports of its place and other years.
pub const MIN_CONTAINMENT: f32 = 0.25;

/// Share of an annex's shingles a report must hold to be paired without
/// any sign of the same place. Unrelated reports of the same kind share up
/// to about a third of an annex's trigrams (common phrasing); an annex
/// drawn from a report, even a news summary of it, shares well over half.
pub const STRONG_CONTAINMENT: f32 = 0.5;

/// Runs with at most this many reports consider every report for every
/// annex; larger runs look candidates up in the indexes.
const SMALL_RUN: usize = 16;
/// Reports taken from the sketch index per annex.
const SKETCH_CANDIDATES: usize = 16;
/// Reports whose shingles are compared exactly with an annex's, at most
/// (see `best` in [`pick`]).
const MAX_EXACT: usize = 16;
/// Sketch shingles held by more reports than this do not vote.
const MAX_SKETCH_POSTINGS: usize = 64;

pub(crate) fn year(d: &Document) -> Option<u32> {
    d.year.as_ref().and_then(|y| y.text.parse().ok())
}

/// The jurisdiction a document names in its opening: `长清区` from
/// `济南市长清区人民政府` or `长清区区长` (see [`summary::place_of`]).
pub fn jurisdiction(text: &str) -> Option<String> {
    summary::place_of(text).name
}

fn same_path(src: &SourceFile, p: &std::path::Path) -> bool {
    is_path(&src.path, &src.name, p)
}

/// Whether the file at `path`, shown as `name`, is the one `--pair` names
/// as `p`.
pub fn is_path(path: &std::path::Path, name: &str, p: &std::path::Path) -> bool {
    if path == p {
        return true;
    }
    match (std::fs::canonicalize(path), std::fs::canonicalize(p)) {
        (Ok(a), Ok(b)) => a == b,
        _ => name == p.to_string_lossy().replace('\\', "/"),
    }
}

pub(crate) fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// A document's summary. `set` is its full shingle set, from which only
/// the sketch is kept; without it the sketch is left empty (small runs make
/// it when first asked, see [`Reports::sketch`]).
pub fn summarise(doc: &Document, src: &SourceFile, set: Option<&[u64]>) -> Summary {
    summarise_hashed(doc, src, set, text_hash(&src.text))
}

/// [`summarise`] with the text's hash ([`text_hash`]) already known.
fn summarise_hashed(doc: &Document, src: &SourceFile, set: Option<&[u64]>, hash: u64) -> Summary {
    Summary {
        file: doc.file,
        kind: doc.kind,
        year: year(doc),
        place: summary::place_of(&src.text),
        unit_level: summary::unit_level(doc),
        sketch: set.map(summary::sketch).unwrap_or_default(),
        hash,
    }
}

/// How well a report fits an annex's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tie {
    /// Named different places, or are of different levels.
    None,
    /// The report names its place and the annex never mentions it: only
    /// the text can tie them.
    Unmentioned,
    /// Nothing known either way.
    Text,
    /// Their levels agree, nothing more.
    Level,
    /// The same place named, or one's place mentioned in the other, or
    /// most of the annex's text found in the report.
    Strong,
}

/// A file's text units, computed once and shared (by the summarising
/// threads too).
pub(crate) type UnitsOf<'a> = dyn Fn(usize) -> Arc<Vec<TextUnit>> + Sync + 'a;

/// What pairing reads of each file. A run held in memory answers from its
/// documents ([`InMemory`]); a streaming run keeps only small per-file
/// facts and loads a file again when a decision needs its text.
pub trait Files: Sync {
    /// How many files the run has.
    fn count(&self) -> usize;
    /// A file's detected kind.
    fn kind(&self, f: usize) -> DocKind;
    /// Whether a file is the one at `p` (`--pair`).
    fn is_path(&self, f: usize, p: &std::path::Path) -> bool;
    /// Hash of a file's text ([`text_hash`]).
    fn hash(&self, f: usize) -> u64;
    /// Whether two files have the same text and container format.
    fn same_text(&self, a: usize, b: usize) -> bool;
    /// A report's summary; its sketch is filled when `large` (a small run
    /// makes sketches when first asked).
    fn summary(&self, f: usize, large: bool) -> Summary;
    /// A file's text units ([`crate::targets::units`]; an annex's tasks).
    fn units(&self, f: usize) -> Arc<Vec<TextUnit>>;
    /// Whether a file's text mentions one of `place`'s stems.
    fn mentions(&self, f: usize, place: &Place) -> bool;
    /// Runs `g` on a file's document and source.
    fn with_doc(&self, f: usize, g: &mut dyn FnMut(&Document, &SourceFile));
    /// The units of a document `with_doc` gave.
    fn doc_units(&self, doc: &Document, src: &SourceFile) -> Arc<Vec<TextUnit>>;
    /// The place and year an annex names, when known before it is read
    /// again: annexes of one place and year are then paired one after
    /// another, so the reports they compare (those of that place and year)
    /// are still in the cache of shingle sets.
    fn place_hint(&self, _f: usize) -> (Option<&str>, Option<u32>) {
        (None, None)
    }
}

/// The files of a run held in memory.
pub struct InMemory<'a> {
    /// The sources, by file id.
    pub sources: &'a [SourceFile],
    /// Their documents.
    pub docs: &'a [Document],
    /// Units of a file (cached by the caller).
    pub units: &'a UnitsOf<'a>,
    /// Each file's [`text_hash`], computed when first asked.
    pub hashes: &'a [std::sync::OnceLock<u64>],
}

impl Files for InMemory<'_> {
    fn count(&self) -> usize {
        self.docs.len()
    }
    fn kind(&self, f: usize) -> DocKind {
        self.docs[f].kind
    }
    fn is_path(&self, f: usize, p: &std::path::Path) -> bool {
        same_path(&self.sources[f], p)
    }
    fn hash(&self, f: usize) -> u64 {
        *self.hashes[f].get_or_init(|| text_hash(&self.sources[f].text))
    }
    fn same_text(&self, a: usize, b: usize) -> bool {
        let (a, b) = (&self.sources[a], &self.sources[b]);
        a.text == b.text && a.format == b.format
    }
    fn summary(&self, f: usize, large: bool) -> Summary {
        // A large run keeps only the sketch: it is taken while the
        // shingles are made (the whole set is made again if ever compared).
        let mut s = summarise_hashed(&self.docs[f], &self.sources[f], None, self.hash(f));
        if large {
            s.sketch = summary::report_sketch_at(&(self.units)(f), summary::run_rate());
        }
        s
    }
    fn units(&self, f: usize) -> Arc<Vec<TextUnit>> {
        (self.units)(f)
    }
    fn mentions(&self, f: usize, place: &Place) -> bool {
        mentions(&self.sources[f].text, place)
    }
    fn with_doc(&self, f: usize, g: &mut dyn FnMut(&Document, &SourceFile)) {
        g(&self.docs[f], &self.sources[f])
    }
    fn doc_units(&self, doc: &Document, _src: &SourceFile) -> Arc<Vec<TextUnit>> {
        (self.units)(doc.file)
    }
}

/// Sketch shingle → the reports whose sketch holds it: every (shingle,
/// report) pair of the reports' sketches in one sorted array. A large run
/// holds it while its annexes are paired, and it answers for the reports'
/// sketches too, which are moved into it (no second copy is held).
#[derive(Default)]
struct Postings {
    pairs: Vec<(u64, u32)>,
}

impl Postings {
    /// Takes the sketches out of `list`.
    fn new(list: &mut [Summary]) -> Self {
        let mut pairs = Vec::with_capacity(list.iter().map(|s| s.sketch.len()).sum());
        for (i, s) in list.iter_mut().enumerate() {
            pairs.extend(
                std::mem::take(&mut s.sketch)
                    .into_iter()
                    .map(|h| (h, i as u32)),
            );
        }
        pairs.sort_unstable();
        Postings { pairs }
    }

    /// The reports holding `h` (ascending), as (h, report).
    fn get(&self, h: u64) -> &[(u64, u32)] {
        let start = self.pairs.partition_point(|p| p.0 < h);
        let len = self.pairs[start..].partition_point(|p| p.0 == h);
        &self.pairs[start..start + len]
    }
}

/// The reports of a run, indexed for candidate look-up.
struct Reports<'a> {
    files: &'a dyn Files,
    list: Vec<Summary>,
    by_name: HashMap<String, Vec<usize>>,
    stems: Option<(AhoCorasick, Vec<Vec<usize>>)>,
    postings: Postings,
    /// Exact shingle sets of reports compared lately (bounded).
    sets: std::sync::Mutex<SetCache>,
    /// A small run's report sketches, made when first asked: a report
    /// whose place ties it to the annex is never compared by text, and its
    /// shingles are not computed at all.
    sketches: Vec<std::sync::OnceLock<Vec<u64>>>,
}

/// At most this many exact report shingle sets are kept at once.
const MAX_CACHED_SETS: usize = 16;

/// Exact report shingle sets compared lately: at most [`MAX_CACHED_SETS`],
/// the one asked for longest ago dropped first, so the reports of the place
/// and year being paired stay while the cache turns over.
#[derive(Default)]
struct SetCache {
    sets: HashMap<usize, (Arc<Vec<u64>>, u64)>,
    clock: u64,
}

impl SetCache {
    fn get(&mut self, i: usize) -> Option<Arc<Vec<u64>>> {
        self.clock += 1;
        let now = self.clock;
        self.sets.get_mut(&i).map(|(s, used)| {
            *used = now;
            s.clone()
        })
    }

    fn insert(&mut self, i: usize, s: Arc<Vec<u64>>) {
        if self.sets.len() >= MAX_CACHED_SETS && !self.sets.contains_key(&i) {
            let oldest = self
                .sets
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(&k, _)| k);
            if let Some(k) = oldest {
                self.sets.remove(&k);
            }
        }
        self.clock += 1;
        self.sets.insert(i, (s, self.clock));
    }
}

impl<'a> Reports<'a> {
    fn new(all: &'a dyn Files, files: &[usize]) -> Self {
        // Summaries (each report's shingles: most of pairing) in parallel.
        // A large run looks candidates up by sketch: every report's is made
        // now. A small run compares every report and makes a sketch only
        // when the text must decide.
        let large = files.len() > SMALL_RUN;
        let mut list: Vec<Summary> = files.par_iter().map(|&f| all.summary(f, large)).collect();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut stem_ids: HashMap<String, usize> = HashMap::new();
        let mut stem_reports: Vec<Vec<usize>> = Vec::new();
        for (i, s) in list.iter().enumerate() {
            if let Some(n) = &s.place.name {
                by_name.entry(n.clone()).or_default().push(i);
            }
            for stem in s.place.stems() {
                let next = stem_ids.len();
                let id = *stem_ids.entry(stem).or_insert(next);
                if id == stem_reports.len() {
                    stem_reports.push(Vec::new());
                }
                stem_reports[id].push(i);
            }
        }
        // Only a large run looks candidates up by sketch. Its postings then
        // answer for the sketches too (see `containment_of`): the reports'
        // own copies are dropped.
        let postings = if large {
            Postings::new(&mut list)
        } else {
            Postings::default()
        };
        let mut patterns: Vec<(String, usize)> = stem_ids.into_iter().collect();
        patterns.sort_by_key(|(_, id)| *id);
        let stems = (!patterns.is_empty())
            .then(|| AhoCorasick::new(patterns.iter().map(|(p, _)| p.as_str())).ok())
            .flatten()
            .map(|ac| (ac, stem_reports));
        let sketches = if large {
            Vec::new()
        } else {
            (0..list.len()).map(|_| Default::default()).collect()
        };
        Reports {
            files: all,
            list,
            by_name,
            stems,
            postings,
            sets: Default::default(),
            sketches,
        }
    }

    /// Whether candidates are looked up in the indexes (more than
    /// [`SMALL_RUN`] reports) rather than all compared.
    fn large(&self) -> bool {
        self.list.len() > SMALL_RUN
    }

    /// The share of `mine` (a sorted sketch) that report `i`'s sketch
    /// holds: [`align::containment_in`] of the two, read from the postings
    /// in a large run (which keep no sketch of their own).
    fn containment_of(&self, mine: &[u64], i: usize) -> f32 {
        if !self.large() {
            return align::containment_in(mine, self.sketch(i));
        }
        if mine.is_empty() {
            return 0.0;
        }
        let found = mine
            .iter()
            .filter(|&&h| {
                self.postings
                    .get(h)
                    .binary_search_by_key(&(i as u32), |p| p.1)
                    .is_ok()
            })
            .count();
        found as f32 / mine.len() as f32
    }

    /// The sketch of report `i`.
    fn sketch(&self, i: usize) -> &[u64] {
        // A summary may come with its sketch already (a streaming run
        // makes it while the file is loaded): the same values.
        match self.sketches.get(i) {
            Some(cell) if self.list[i].sketch.is_empty() => cell.get_or_init(|| {
                summary::sketch_of(
                    &self.files.units(self.list[i].file),
                    true,
                    summary::run_rate(),
                )
            }),
            _ => &self.list[i].sketch,
        }
    }

    /// The exact shingle set of report `i` (what its alignment index holds).
    fn set(&self, i: usize) -> Arc<Vec<u64>> {
        let sets = || {
            self.sets
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(s) = sets().get(i) {
            return s;
        }
        let s = Arc::new(align::report_shingles(&self.files.units(self.list[i].file)));
        sets().insert(i, s.clone());
        s
    }

    /// Reports whose place an annex's text mentions.
    fn mentioned(&self, text: &str) -> Vec<usize> {
        let Some((ac, reports)) = &self.stems else {
            return Vec::new();
        };
        let mut out: Vec<usize> = ac
            .find_overlapping_iter(text)
            .flat_map(|m| reports[m.pattern().as_usize()].iter().copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The reports worth looking at for an annex, in report order.
    fn candidates(&self, annex: &Summary, mentioned: &[usize]) -> Vec<usize> {
        if !self.large() {
            return (0..self.list.len()).collect();
        }
        let mut out: Vec<usize> = mentioned.to_vec();
        if let Some(n) = &annex.place.name {
            out.extend(self.by_name.get(n).into_iter().flatten().copied());
        }
        let mut votes: HashMap<u32, u32> = HashMap::new();
        for h in &annex.sketch {
            let p = self.postings.get(*h);
            if p.len() <= MAX_SKETCH_POSTINGS {
                for &(_, r) in p {
                    *votes.entry(r).or_default() += 1;
                }
            }
        }
        let mut voted: Vec<(u32, u32)> = votes.into_iter().collect();
        voted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.extend(
            voted
                .into_iter()
                .take(SKETCH_CANDIDATES)
                .map(|(r, _)| r as usize),
        );
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Whether `text` mentions one of `place`'s stems.
pub fn mentions(text: &str, place: &Place) -> bool {
    place.stems().iter().any(|s| text.contains(s.as_str()))
}

/// The place tie between an annex and a report, before text is compared.
/// `mentioned`: whether the annex's text mentions the report's place.
fn place_tie(
    annex: &Summary,
    report: &Summary,
    report_mentions: &dyn Fn() -> bool,
    mentioned: bool,
) -> Tie {
    let levels = (annex.level(), report.level());
    match (&annex.place.name, &report.place.name) {
        (Some(a), Some(r)) => return if a == r { Tie::Strong } else { Tie::None },
        _ if matches!(levels, (Some(a), Some(r)) if a != r) => return Tie::None,
        (None, Some(_)) if mentioned => return Tie::Strong,
        // A report naming its place that the annex never mentions: only
        // the text can tie them (`区发展改革局` alone is no tie to 天桥区).
        (None, Some(_)) => return Tie::Unmentioned,
        (Some(_), None) if report_mentions() => return Tie::Strong,
        _ => {}
    }
    match levels {
        (Some(a), Some(r)) if a == r => Tie::Level,
        _ => Tie::Text,
    }
}

/// Report ↔ annex pairs: `(report file, annex file, how)`. `units` gives
/// each document's text units (an annex's tasks).
pub fn pairs(
    sources: &[SourceFile],
    docs: &[Document],
    explicit: &[(std::path::PathBuf, std::path::PathBuf)],
    units: &UnitsOf<'_>,
    hashes: &[std::sync::OnceLock<u64>],
) -> Vec<(usize, usize, Pairing)> {
    pairs_in(
        &InMemory {
            sources,
            docs,
            units,
            hashes,
        },
        explicit,
    )
}

/// [`pairs`] over any [`Files`]: the pairs (report, annex, how), explicit
/// ones first, then by annex.
pub fn pairs_in(
    all: &dyn Files,
    explicit: &[(std::path::PathBuf, std::path::PathBuf)],
) -> Vec<(usize, usize, Pairing)> {
    let n = all.count();
    let mut out = Vec::new();
    let mut taken_reports = Vec::new();
    let mut taken_annexes = Vec::new();
    for (rp, ap) in explicit {
        let r = (0..n).find(|&f| all.is_path(f, rp));
        let a = (0..n).find(|&f| all.is_path(f, ap));
        if let (Some(r), Some(a)) = (r, a) {
            if r != a {
                out.push((r, a, Pairing::Explicit));
                taken_reports.push(r);
                taken_annexes.push(a);
            }
        }
    }
    let files: Vec<usize> = (0..n)
        .filter(|&f| all.kind(f) == DocKind::Report && !taken_reports.contains(&f))
        .collect();
    let annexes: Vec<usize> = (0..n)
        .filter(|&f| all.kind(f) == DocKind::Annex && !taken_annexes.contains(&f))
        .collect();
    if files.is_empty() || annexes.is_empty() {
        // Nothing to pair: summarising the reports (their shingles) is
        // skipped, which is most of the link stage on a folder of reports.
        return out;
    }
    let reports = Reports::new(all, &files);
    // Identical annexes (same text and format) pair alike: each is picked
    // for once, by its first copy. Distinct annexes are picked in parallel.
    let mut firsts: HashMap<u64, Vec<usize>> = HashMap::new();
    let copy_of: Vec<Option<usize>> = annexes
        .iter()
        .enumerate()
        .map(|(k, &annex)| {
            let list = firsts.entry(all.hash(annex)).or_default();
            let same = list
                .iter()
                .copied()
                .find(|&j| all.same_text(annexes[j], annex));
            if same.is_none() {
                list.push(k);
            }
            same
        })
        .collect();
    // Picked in the order of the annexes' places and years when known (the
    // same picks in any order: only the caches see it).
    let mut order: Vec<usize> = (0..annexes.len()).collect();
    order.sort_by_key(|&k| (all.place_hint(annexes[k]), k));
    let picked_in_order: Vec<Option<Picked>> = order
        .par_iter()
        .map(|&k| {
            copy_of[k].is_none().then(|| {
                let mut p = None;
                all.with_doc(annexes[k], &mut |doc, src| {
                    p = pick(&reports, doc, src, &|| all.doc_units(doc, src));
                });
                p
            })
        })
        .collect();
    let mut picked: Vec<Option<Picked>> = vec![None; annexes.len()];
    for (&k, p) in order.iter().zip(picked_in_order) {
        picked[k] = p;
    }
    for (k, &annex) in annexes.iter().enumerate() {
        let p = match copy_of[k] {
            Some(j) => picked[j].flatten(),
            None => picked[k].flatten(),
        };
        if let Some((i, how)) = p {
            out.push((reports.list[i].file, annex, how));
        }
    }
    out
}

/// A pick: the report's index into `Reports::list` and how, or none.
type Picked = Option<(usize, Pairing)>;

/// The report (index into `reports.list`) an annex pairs with, and how.
fn pick(
    reports: &Reports,
    annex: &Document,
    src: &SourceFile,
    units: &dyn Fn() -> Arc<Vec<TextUnit>>,
) -> Picked {
    let text = &src.text;
    // The annex's shingles and sketch, made when first needed (a small run
    // whose reports all tie by place needs neither).
    let set_cell = std::cell::OnceCell::new();
    let set = || -> &[u64] { set_cell.get_or_init(|| align::shingle_set(&units())) };
    // The sketch is sampled from the shingles as they are read (the same
    // as sampling the sorted set): the whole set is sorted only when an
    // exact score is asked for.
    let sketch_now = || summary::sketch_of(&units(), false, summary::run_rate());
    let mut me = summarise_hashed(annex, src, None, reports.files.hash(annex.file));
    if reports.large() {
        me.sketch = sketch_now();
    }
    let sketch_cell = std::cell::OnceCell::new();
    let my_sketch = || -> &[u64] {
        if reports.large() {
            &me.sketch
        } else {
            sketch_cell.get_or_init(sketch_now)
        }
    };
    let mentioned = reports.mentioned(text);
    let cands = reports.candidates(&me, &mentioned);
    // Exact containment, once per distinct report text.
    let memo: std::cell::RefCell<HashMap<u64, f32>> = Default::default();
    let score = |i: usize| -> f32 {
        let key = reports.list[i].hash;
        if let Some(v) = memo.borrow().get(&key) {
            return *v;
        }
        let v = align::containment_in(set(), &reports.set(i));
        memo.borrow_mut().insert(key, v);
        v
    };
    // A sketch estimate decides whether an exact score can matter.
    let estimate = |i: usize| -> f32 {
        let mine = my_sketch();
        if mine.len() < 16 {
            return 1.0;
        }
        reports.containment_of(mine, i)
    };
    let mut strong: Vec<usize> = Vec::new();
    // Reports with no contrary sign: their level agrees, or nothing is known.
    let mut weak: Vec<(usize, Tie)> = Vec::new();
    for &i in &cands {
        let r = &reports.list[i];
        let report_mentions = || reports.files.mentions(r.file, &me.place);
        let tie = place_tie(
            &me,
            r,
            &report_mentions,
            mentioned.binary_search(&i).is_ok(),
        );
        match tie {
            Tie::None => {}
            Tie::Strong => strong.push(i),
            Tie::Level | Tie::Text | Tie::Unmentioned => {
                if estimate(i) >= STRONG_CONTAINMENT * 0.6 && score(i) >= STRONG_CONTAINMENT {
                    strong.push(i);
                } else if tie != Tie::Unmentioned {
                    weak.push((i, tie));
                }
            }
        }
    }
    let ay = me.year;
    let of_year = |list: &[usize]| -> Vec<usize> {
        list.iter()
            .copied()
            .filter(|&i| ay.is_some() && reports.list[i].year == ay)
            .collect()
    };
    // Exact scores for at most MAX_EXACT reports: with more (a folder where
    // many reports share the annex's place and year), those whose sketch
    // holds most of the annex's come first, ties by text hash then report
    // order, so the cost per annex does not grow with the folder.
    let best = |list: &[usize]| -> Option<(usize, f32)> {
        let mut shortlist: Vec<usize> = list.to_vec();
        if shortlist.len() > MAX_EXACT {
            let mut ranked: Vec<(f32, u64, usize)> = shortlist
                .iter()
                .map(|&i| (estimate(i), reports.list[i].hash, i))
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            shortlist = ranked
                .into_iter()
                .take(MAX_EXACT)
                .map(|(_, _, i)| i)
                .collect();
            shortlist.sort_unstable();
        }
        shortlist
            .iter()
            .map(|&i| (i, score(i)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
    };
    let one_or_best = |list: &[usize]| -> Option<usize> {
        match list {
            [] => None,
            [i] => Some(*i),
            _ => best(list).map(|(i, _)| i),
        }
    };
    let level: Vec<usize> = weak
        .iter()
        .filter(|(_, t)| *t == Tie::Level)
        .map(|(i, _)| *i)
        .collect();
    if let Some(i) = one_or_best(&of_year(&strong)).or_else(|| one_or_best(&of_year(&level))) {
        return Some((i, Pairing::Year));
    }
    if let [i] = strong[..] {
        return Some((i, Pairing::Only));
    }
    if let Some((i, _)) = best(&strong).filter(|(_, s)| *s >= MIN_CONTAINMENT) {
        return Some((i, Pairing::Content));
    }
    // The only report of the run, with nothing against it.
    if let ([(i, _)], 1) = (&weak[..], reports.list.len()) {
        return Some((*i, Pairing::Only));
    }
    None
}

/// Annexes of a run that no report was found for although the run has
/// reports to pair with: those `pairs` left alone. `links` are the run's
/// links; `free_report`, when given, says whether the whole run has a
/// report `--pair` did not take (a streaming run's group does not hold
/// every report).
pub fn unpaired_annexes(
    docs: &[Document],
    links: &[super::Link],
    free_report: Option<bool>,
) -> Vec<usize> {
    use super::LinkKind;
    let pair_links = || links.iter().filter(|l| l.kind == LinkKind::ReportAnnex);
    let free_report = free_report.unwrap_or_else(|| {
        let explicit_reports: Vec<usize> = pair_links()
            .filter(|l| l.pairing == Pairing::Explicit)
            .map(|l| l.report)
            .collect();
        docs.iter()
            .any(|d| d.kind == DocKind::Report && !explicit_reports.contains(&d.file))
    });
    if !free_report {
        return Vec::new();
    }
    docs.iter()
        .filter(|d| d.kind == DocKind::Annex)
        .filter(|d| !pair_links().any(|l| l.annex == d.file))
        .map(|d| d.file)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cache of report shingle sets drops the set asked for longest
    /// ago, not everything, when full.
    #[test]
    fn set_cache_drops_the_least_recently_used() {
        let mut c = SetCache::default();
        for i in 0..MAX_CACHED_SETS {
            c.insert(i, Arc::new(vec![i as u64]));
        }
        // 0 asked again: 1 is now the oldest.
        assert_eq!(c.get(0).as_deref(), Some(&vec![0]));
        c.insert(MAX_CACHED_SETS, Arc::new(vec![99]));
        assert_eq!(c.sets.len(), MAX_CACHED_SETS);
        assert!(c.get(1).is_none());
        assert!(c.get(0).is_some());
        assert!(c.get(2).is_some());
        assert_eq!(c.get(MAX_CACHED_SETS).as_deref(), Some(&vec![99]));
        // Inserting a key already held replaces it without dropping another.
        c.insert(2, Arc::new(vec![7]));
        assert_eq!(c.sets.len(), MAX_CACHED_SETS);
        assert_eq!(c.get(2).as_deref(), Some(&vec![7]));
    }

    #[test]
    fn finds_the_jurisdiction_in_the_opening() {
        assert_eq!(
            jurisdiction("——2024年1月17日在济南市长清区第十八届\n人民代表大会第三次会议上\n济南市长清区区长  王士强"),
            Some("长清区".into())
        );
        assert_eq!(
            jurisdiction("济南市长清区人民政府\n关于推进健康长清行动的实施意见"),
            Some("长清区".into())
        );
        assert_eq!(
            jurisdiction("2025 年《政府工作报告》重点工作 责任分工"),
            None
        );
    }
}
