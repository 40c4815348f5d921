//! Aligning annex tasks with the report passages they were written from.
//!
//! # How
//! 1. Both sides are normalised ([`Norm`]): white space dropped, full-width
//!    forms folded; for matching, punctuation is skipped and every run of
//!    digits becomes `#`, so `增长5.6%` and `增长7%` still share shingles.
//! 2. The report is cut into sentences (at `。；！？` and paragraph ends);
//!    each sentence's character trigrams (shingles) go into an inverted
//!    index, shingle → sentences.
//! 3. For a task, every shingle votes for the sentences that hold it
//!    (shingles found in more than [`MAX_POSTINGS`] sentences are too common
//!    to vote). The best-voted sentences are then taken greedily, each adding
//!    the task shingles not yet covered, while a sentence still adds enough.
//!    The result is a set of passages in report order, robust to reordering
//!    (a task drawn from three sentences in a different order) and rewording
//!    (coverage, not identity); its coverage is the share of the task's
//!    shingles found in them.
//! 4. Each clause of the task (split at `，。；：`) is paired with the most
//!    similar clause of its passages (character LCS ratio), for drift and
//!    number checks.
//!
//! Cost is linear in the text plus the postings visited, which are bounded
//! per shingle: a 1,000-task annex against a long report stays fast. A task
//! allocates only its result: what it works in is kept per thread
//! (`Scratch`) from one task to the next.

#[cfg(test)]
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::ops::Range;

use serde::Serialize;

use crate::targets::norm::{normalise_into, Norm};
use crate::targets::TextUnit;

/// Shingles held by more sentences than this do not vote.
pub const MAX_POSTINGS: usize = 48;
/// A task is plausibly drawn from its passages when at least this share of
/// its shingles is found there.
pub const MIN_COVERAGE: f32 = 0.3;
/// Clause pairs less similar than this are not kept.
pub const MIN_CLAUSE_SIMILARITY: f32 = 0.45;

/// A report sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    /// Index of the report text unit.
    pub unit: usize,
    /// Logical range in the unit's text.
    pub range: Range<usize>,
}

/// A task clause paired with a report clause.
#[derive(Debug, Clone, Serialize)]
pub struct ClausePair {
    /// Logical range in the annex unit's text.
    pub annex: Range<usize>,
    /// Index of the report unit.
    pub report_unit: usize,
    /// Logical range in the report unit's text.
    pub report: Range<usize>,
    /// 2·LCS / (|a| + |b|) over normalised characters.
    pub similarity: f32,
}

/// How one annex task aligns with the report.
#[derive(Debug, Clone, Serialize)]
pub struct TaskAlignment {
    /// Index of the annex unit (the task).
    pub unit: usize,
    /// Report sentences it was drawn from, in report order.
    pub passages: Vec<usize>,
    /// Share of the task's shingles found in them.
    pub coverage: f32,
    /// Whether the task has enough text to align at all.
    pub alignable: bool,
    /// Clause pairs.
    pub clauses: Vec<ClausePair>,
}

impl TaskAlignment {
    /// Whether the task plausibly comes from its passages.
    pub fn matched(&self) -> bool {
        self.alignable && self.coverage >= MIN_COVERAGE && !self.passages.is_empty()
    }
}

#[inline(always)]
fn is_word_char(c: char) -> bool {
    // Most of the text: the CJK Unified Ideographs block, all alphabetic
    // (the tests check every one), answered without the Unicode tables.
    if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        return true;
    }
    // ASCII, and the punctuation of Chinese text (general punctuation
    // `“”‘’…‰`, CJK marks `、。《》【】〔〕`), none alphanumeric: answered
    // without the tables too (the tests check every one).
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}' | '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}')
    {
        return false;
    }
    c.is_alphanumeric() && !c.is_ascii_punctuation()
}

/// Adds one normalised character to matching characters: punctuation
/// dropped, digit runs (with `.`) collapsed to `#`; `in_num` carries whether
/// the previous character was in a digit run.
#[inline(always)]
fn push_match(c: char, in_num: &mut bool, out: &mut Vec<char>) {
    if c.is_ascii_digit() || (*in_num && c == '.') {
        if !*in_num {
            out.push('#');
            *in_num = true;
        }
        return;
    }
    *in_num = false;
    if is_word_char(c) || c == '%' {
        out.push(c);
    }
}

/// The non-empty ranges of `chars[r]` between characters matching `end`
/// (as [`split`] and [`split_sub`] cut a [`Norm`]), into `out` (cleared
/// first).
fn cut(chars: &[char], r: Range<usize>, end: fn(char) -> bool, out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut s = r.start;
    for i in r.clone() {
        if end(chars[i]) {
            if i > s {
                out.push(s..i);
            }
            s = i + 1;
        }
    }
    if s < r.end {
        out.push(s..r.end);
    }
}

/// The logical range of a non-empty range of normalised characters.
fn logical(spans: &[(u32, u32)], r: Range<usize>) -> Range<usize> {
    spans[r.start].0 as usize..spans[r.end - 1].1 as usize
}

/// Matching characters of a normalised range (see [`push_match`]; the
/// reference in the tests).
#[cfg(test)]
fn match_chars(n: &Norm, r: Range<usize>) -> Vec<char> {
    let mut out = Vec::with_capacity(r.len());
    match_chars_into(n, r, &mut out);
    out
}

/// [`match_chars`] into a buffer (cleared first).
#[cfg(test)]
fn match_chars_into(n: &Norm, r: Range<usize>, out: &mut Vec<char>) {
    out.clear();
    let mut in_num = false;
    for i in r {
        push_match(n.at(i), &mut in_num, out);
    }
}

fn hash3(a: char, b: char, c: char) -> u64 {
    ((a as u64) << 42) ^ ((b as u64) << 21) ^ (c as u64)
}

/// Sorted, deduplicated trigram hashes (the reference in the tests).
#[cfg(test)]
fn shingles(chars: &[char]) -> Vec<u64> {
    let mut v: Vec<u64> = chars.windows(3).map(|w| hash3(w[0], w[1], w[2])).collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | ';' | '!' | '?')
}

fn is_clause_end(c: char) -> bool {
    matches!(c, '。' | ';' | '!' | '?' | ',' | ':')
}

/// Splits a normalised text into ranges ending at characters matching `end`
/// (the reference in the tests).
#[cfg(test)]
fn split(n: &Norm, end: fn(char) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut s = 0;
    for i in 0..n.len() {
        if end(n.at(i)) {
            if i > s {
                out.push(s..i);
            }
            s = i + 1;
        }
    }
    if s < n.len() {
        out.push(s..n.len());
    }
    out
}

/// An open-addressing table from `u64` keys (never [`NO_KEY`]) to `u32`
/// values, reused from one task to the next: [`SmallMap::reset`] sizes it
/// for the keys to come and empties it.
#[derive(Default)]
struct SmallMap {
    keys: Vec<u64>,
    vals: Vec<u32>,
    shift: u32,
}

/// The empty key of a [`SmallMap`]: shingle and bigram keys keep the top
/// bit clear (three 21-bit characters, or two 32-bit ones with a `char`
/// below 2²¹), so they never equal it.
const NO_KEY: u64 = u64::MAX;

impl SmallMap {
    /// Empties the table, with room for `n` keys at most half full.
    fn reset(&mut self, n: usize) {
        let size = (n * 2).next_power_of_two().max(16);
        self.shift = 64 - size.trailing_zeros();
        self.keys.clear();
        self.keys.resize(size, NO_KEY);
        self.vals.resize(size, 0);
    }

    /// The slot holding `k`, or the empty slot where it would go.
    fn slot(&self, k: u64) -> usize {
        let mask = self.keys.len() - 1;
        let mut h = (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize;
        loop {
            let x = self.keys[h];
            if x == k || x == NO_KEY {
                return h;
            }
            h = (h + 1) & mask;
        }
    }

    /// The value of `k`, `v` inserted first if `k` is absent; whether it was.
    fn get_or_insert(&mut self, k: u64, v: u32) -> (u32, bool) {
        let h = self.slot(k);
        if self.keys[h] == NO_KEY {
            self.keys[h] = k;
            self.vals[h] = v;
            (v, true)
        } else {
            (self.vals[h], false)
        }
    }

    fn get(&self, k: u64) -> Option<u32> {
        let h = self.slot(k);
        (self.keys[h] != NO_KEY).then(|| self.vals[h])
    }
}

/// What [`ReportIndex::align`] works in on one thread, kept from task to
/// task so that a task allocates only its result.
#[derive(Default)]
struct Scratch {
    /// Per sentence: 0, or 1 + its number among the sentences the task
    /// touched; all zero between calls (each call clears what it set), so
    /// a task costs what it touches, not the report's length.
    votes: Vec<u32>,
    /// Per long list (see [`Postings`]): 1 + the task shingle number while
    /// a task holds it, else 0.
    long_mark: Vec<u32>,
    /// Set while a call may have left counters or marks set (it unwound):
    /// the next call clears them all first.
    dirty: bool,
    /// The sentences that got a vote.
    touched: Vec<u32>,
    /// The task, normalised: characters and the logical range each came
    /// from.
    chars: Vec<char>,
    spans: Vec<(u32, u32)>,
    /// Its matching characters (see [`push_match`]).
    mc: Vec<char>,
    /// Its distinct shingles, in the order first seen, with their postings
    /// entries ([`Postings::list`]; `(0, 0)` when no sentence holds one).
    seen: SmallMap,
    lists: Vec<(u32, u32)>,
    /// The long lists of the task's shingles.
    long: Vec<u32>,
    /// Per sentence touched, its votes and the task shingles of short
    /// lists it holds (`words` words).
    counts: Vec<u32>,
    bits: Vec<u64>,
    cands: Vec<(u32, u32)>,
    /// Sentences touched per number of votes, and the sentences tied for
    /// the last places among the candidates.
    hist: Vec<u32>,
    ties: Vec<u32>,
    holds: Vec<u64>,
    covered: Vec<u64>,
    taken: Vec<bool>,
    // Clause pairing.
    near: Vec<usize>,
    cand: Vec<Candidate>,
    task: Vec<Range<usize>>,
    bigrams: SmallMap,
    /// Per task bigram, the task clauses holding it (a bit set).
    holders: Vec<u64>,
    scores: Vec<u32>,
    stamp: Vec<u32>,
    top: Vec<(u32, usize)>,
    pattern: LcsPattern,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The report side: sentences and their shingle index.
pub struct ReportIndex {
    /// Sentences in report order.
    pub sentences: Vec<Sentence>,
    postings: Postings,
    /// Per sentence: where its common shingles are in `common`, and its
    /// clauses in `clauses`.
    info: Vec<SentenceInfo>,
    /// Long-list numbers of the sentences' common shingles (held by more
    /// than [`MAX_POSTINGS`] sentences), sentence after sentence.
    common: Vec<u32>,
    /// The sentences' clauses, sentence after sentence.
    clauses: Vec<Clause>,
    /// The clauses' normalised characters, end to end.
    chars: Vec<char>,
}

struct SentenceInfo {
    common: Range<u32>,
    clauses: Range<u32>,
}

/// A clause of a report sentence: its logical range in the unit's text and
/// where its normalised characters are in [`ReportIndex::chars`].
struct Clause {
    logical: Range<usize>,
    chars: Range<u32>,
}

/// Marks a long list in a [`Postings::place`] entry (second field).
const LONG: u32 = u32::MAX;

/// Shingle → sentences holding it, in sentence order.
#[derive(Default)]
struct Postings {
    /// Shingle → its list number (an open-addressing table sized once for
    /// the report's shingles).
    index: SmallMap,
    /// List number → `(start, end)` of its sentences in `ids` when at most
    /// [`MAX_POSTINGS`] sentences hold it; `(long list number, LONG)` when
    /// more do (too common to vote: which sentences hold it is read from
    /// their `common` lists, and the list itself is not kept).
    place: Vec<(u32, u32)>,
    ids: Vec<u32>,
    /// Number of long lists.
    long: usize,
}

impl Postings {
    /// The `place` entry of a shingle's list, if a sentence holds it.
    fn entry(&self, h: u64) -> Option<(u32, u32)> {
        self.index.get(h).map(|l| self.place[l as usize])
    }
}

/// Calls `f` with every shingle of some units (duplicates included, in
/// text order), as pairing reads them: a unit's matching characters (see
/// [`push_match`]) read straight from its text, normalised as [`Norm`]
/// does, without filling a [`Norm`]. With `sentences`, runs are cut at
/// sentence ends (a report's shingles, as its [`ReportIndex`] holds them)
/// and units reviewing past work are skipped; else a unit is one run.
pub fn each_shingle(units: &[TextUnit], sentences: bool, mut f: impl FnMut(u64)) {
    for u in units {
        if sentences && u.review {
            continue;
        }
        let mut roll = Rolling::default();
        crate::targets::norm::for_each_char(&u.text.text, u.range.clone(), |c| {
            if sentences && is_sentence_end(c) {
                roll = Rolling::default();
            } else {
                roll.push(c, &mut f);
            }
        });
    }
}

/// The last two matching characters of a run (see [`push_match`]), so a
/// run's shingles are hashed as its characters are read, without a list.
#[derive(Default)]
struct Rolling {
    a: char,
    b: char,
    /// Matching characters so far, up to two.
    n: u8,
    in_num: bool,
}

impl Rolling {
    /// [`push_match`] of `c`, calling `f` with the shingle it completes.
    #[inline(always)]
    fn push(&mut self, c: char, f: &mut impl FnMut(u64)) {
        let m = if c.is_ascii_digit() || (self.in_num && c == '.') {
            if self.in_num {
                return;
            }
            self.in_num = true;
            '#'
        } else {
            self.in_num = false;
            if !(is_word_char(c) || c == '%') {
                return;
            }
            c
        };
        if self.n == 2 {
            f(hash3(self.a, self.b, m));
        } else {
            self.n += 1;
        }
        self.a = self.b;
        self.b = m;
    }
}

/// Sorts and deduplicates.
fn sorted_set(mut all: Vec<u64>) -> Vec<u64> {
    all.sort_unstable();
    all.dedup();
    all
}

/// The distinct shingles of some units, sorted: computed once per document
/// and compared against many reports.
pub fn shingle_set(units: &[TextUnit]) -> Vec<u64> {
    let mut all: Vec<u64> = Vec::new();
    each_shingle(units, false, |h| all.push(h));
    sorted_set(all)
}

/// The distinct shingles a [`ReportIndex`] of these units would hold
/// (sentences outside reviews of past work), sorted: what
/// [`ReportIndex::containment_of`] looks up, without building the index.
pub fn report_shingles(units: &[TextUnit]) -> Vec<u64> {
    let mut all: Vec<u64> = Vec::new();
    each_shingle(units, true, |h| all.push(h));
    sorted_set(all)
}

/// The shingles of [`report_shingles`] that `keep` accepts, sorted and
/// distinct: a sketch taken while the shingles are made, without sorting
/// the whole set first.
pub fn report_shingles_where(units: &[TextUnit], keep: impl Fn(u64) -> bool) -> Vec<u64> {
    kept_shingles(units, true, keep)
}

/// The distinct shingles of [`shingle_set`] (`sentences` false) or
/// [`report_shingles`] (true) that `keep` keeps, sorted: a sketch made
/// without sorting the whole set.
pub fn kept_shingles(units: &[TextUnit], sentences: bool, keep: impl Fn(u64) -> bool) -> Vec<u64> {
    let mut all: Vec<u64> = Vec::new();
    each_shingle(units, sentences, |h| {
        if keep(h) {
            all.push(h)
        }
    });
    sorted_set(all)
}

/// Share of the sorted set `part` found in the sorted set `whole`.
pub fn containment_in(part: &[u64], whole: &[u64]) -> f32 {
    if part.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut found) = (0, 0, 0usize);
    while i < part.len() && j < whole.len() {
        match part[i].cmp(&whole[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                found += 1;
                i += 1;
                j += 1;
            }
        }
    }
    found as f32 / part.len() as f32
}

/// A run of report units' sentences, indexed on their own (runs in
/// parallel) before they are numbered and their shingles interned.
#[derive(Default)]
struct UnitPart {
    sentences: Vec<PartSentence>,
    /// Each sentence's shingles, sorted and distinct.
    shingles: Vec<u64>,
    /// (logical range, its characters in `chars`)
    clauses: Vec<(Range<usize>, Range<usize>)>,
    chars: Vec<char>,
}

/// A sentence of a [`UnitPart`]: its unit, its logical range there, its
/// shingles in [`UnitPart::shingles`] and its clauses in
/// [`UnitPart::clauses`].
type PartSentence = (usize, Range<usize>, Range<usize>, Range<usize>);

/// Units per [`UnitPart`].
const UNITS_PER_PART: usize = 32;

impl UnitPart {
    /// The sentences of `units`, the first of which is unit `first`.
    /// `norms`, when given, are the units' normalised texts (one per unit).
    #[inline(never)]
    fn new(first: usize, units: &[TextUnit], norms: Option<&[Norm]>) -> UnitPart {
        let mut part = UnitPart::default();
        let (mut own_chars, mut own_spans, mut mc) = (Vec::new(), Vec::new(), Vec::new());
        let (mut sents, mut subs) = (Vec::new(), Vec::new());
        for (k, (ui, u)) in (first..).zip(units).enumerate() {
            // A review of past work is not where an annex's tasks come from.
            if u.review {
                continue;
            }
            let (nchars, spans): (&[char], &[(u32, u32)]) = match norms {
                Some(n) => (n[k].as_chars(), n[k].spans()),
                None => {
                    normalise_into(
                        &u.text.text,
                        u.range.clone(),
                        &mut own_chars,
                        &mut own_spans,
                    );
                    (&own_chars, &own_spans)
                }
            };
            cut(nchars, 0..nchars.len(), is_sentence_end, &mut sents);
            for r in &sents {
                mc.clear();
                let mut in_num = false;
                for &c in &nchars[r.clone()] {
                    push_match(c, &mut in_num, &mut mc);
                }
                if mc.len() < 3 {
                    continue;
                }
                let from = part.shingles.len();
                part.shingles
                    .extend(mc.windows(3).map(|w| hash3(w[0], w[1], w[2])));
                part.shingles[from..].sort_unstable();
                let mut kept = from;
                for i in from..part.shingles.len() {
                    if i == from || part.shingles[i] != part.shingles[kept - 1] {
                        part.shingles[kept] = part.shingles[i];
                        kept += 1;
                    }
                }
                part.shingles.truncate(kept);
                let cfrom = part.clauses.len();
                cut(nchars, r.clone(), is_clause_end, &mut subs);
                for c in &subs {
                    let at = part.chars.len();
                    part.chars.extend_from_slice(&nchars[c.clone()]);
                    part.clauses
                        .push((logical(spans, c.clone()), at..part.chars.len()));
                }
                part.sentences.push((
                    ui,
                    logical(spans, r.clone()),
                    from..kept,
                    cfrom..part.clauses.len(),
                ));
            }
        }
        part
    }
}

impl ReportIndex {
    /// Indexes report units.
    ///
    /// Units are cut into sentences, shingled and their clauses' characters
    /// taken in parallel; then, in report order, the sentences are numbered
    /// and their shingles interned (one table from shingle to list), and
    /// the lists laid end to end by a counting sort, each in sentence order.
    pub fn new(units: &[TextUnit]) -> Self {
        Self::build(units, None)
    }

    /// [`ReportIndex::new`] with the units' normalised texts already made
    /// (`norms`, one per unit: what target extraction reads too).
    pub fn with_norms(units: &[TextUnit], norms: &[Norm]) -> Self {
        assert_eq!(units.len(), norms.len(), "one normalised text per unit");
        Self::build(units, Some(norms))
    }

    fn build(units: &[TextUnit], norms: Option<&[Norm]>) -> Self {
        use rayon::prelude::*;
        let parts: Vec<UnitPart> = units
            .par_chunks(UNITS_PER_PART)
            .enumerate()
            .map(|(i, c)| {
                let at = i * UNITS_PER_PART;
                UnitPart::new(at, c, norms.map(|n| &n[at..at + c.len()]))
            })
            .collect();
        let occurrences: usize = parts.iter().map(|p| p.shingles.len()).sum();
        // Room for every occurrence at two thirds full at most (most
        // shingles of a report occur once).
        let mut index = SmallMap::default();
        index.reset(occurrences - occurrences / 4);
        // Each sentence's shingles' list numbers, sentence after sentence,
        // and the number of sentences holding each.
        let mut entries: Vec<u32> = Vec::with_capacity(occurrences);
        let mut counts: Vec<u32> = Vec::new();
        for p in &parts {
            for &h in &p.shingles {
                let next = counts.len() as u32;
                let (l, new) = index.get_or_insert(h, next);
                if new {
                    counts.push(0);
                }
                counts[l as usize] += 1;
                entries.push(l);
            }
        }
        // Where each list goes: short lists end to end, long ones numbered.
        let mut place: Vec<(u32, u32)> = Vec::with_capacity(counts.len());
        let (mut at, mut long) = (0u32, 0u32);
        for &c in &counts {
            if c as usize > MAX_POSTINGS {
                place.push((long, LONG));
                long += 1;
            } else {
                place.push((at, at + c));
                at += c;
            }
        }
        drop(counts);
        let mut fill: Vec<u32> = place.iter().map(|&(a, _)| a).collect();
        let mut ids = vec![0u32; at as usize];
        let sentence_count: usize = parts.iter().map(|p| p.sentences.len()).sum();
        let mut sentences = Vec::with_capacity(sentence_count);
        let mut info = Vec::with_capacity(sentence_count);
        let mut common: Vec<u32> = Vec::new();
        let clause_count: usize = parts.iter().map(|p| p.clauses.len()).sum();
        let mut clauses = Vec::with_capacity(clause_count);
        let mut chars: Vec<char> = Vec::with_capacity(parts.iter().map(|p| p.chars.len()).sum());
        let mut e = 0;
        for p in &parts {
            let base = chars.len() as u32;
            chars.extend_from_slice(&p.chars);
            for (ui, range, sh, cl) in &p.sentences {
                let id = sentences.len() as u32;
                let cfrom = common.len() as u32;
                for &l in &entries[e..e + sh.len()] {
                    let (a, b) = place[l as usize];
                    if b == LONG {
                        common.push(a);
                    } else {
                        ids[fill[l as usize] as usize] = id;
                        fill[l as usize] += 1;
                    }
                }
                e += sh.len();
                let kfrom = clauses.len() as u32;
                clauses.extend(p.clauses[cl.clone()].iter().map(|(lr, cr)| Clause {
                    logical: lr.clone(),
                    chars: base + cr.start as u32..base + cr.end as u32,
                }));
                info.push(SentenceInfo {
                    common: cfrom..common.len() as u32,
                    clauses: kfrom..clauses.len() as u32,
                });
                sentences.push(Sentence {
                    unit: *ui,
                    range: range.clone(),
                });
            }
        }
        drop(entries);
        drop(fill);
        ReportIndex {
            sentences,
            postings: Postings {
                index,
                place,
                ids,
                long: long as usize,
            },
            info,
            common,
            clauses,
            chars,
        }
    }

    /// The sentences: what a [`super::Link`] keeps after aligning.
    pub fn bare_sentences(&self) -> Vec<Sentence> {
        self.sentences.clone()
    }

    /// Share of `chars`' shingles found anywhere in the report.
    pub fn containment(&self, units: &[TextUnit]) -> f32 {
        self.containment_of(&shingle_set(units))
    }

    /// Share of a precomputed shingle set (see [`shingle_set`]) found
    /// anywhere in the report.
    pub fn containment_of(&self, set: &[u64]) -> f32 {
        if set.is_empty() {
            return 0.0;
        }
        let found = set
            .iter()
            .filter(|&&h| self.postings.index.get(h).is_some())
            .count();
        found as f32 / set.len() as f32
    }

    /// Aligns one annex unit.
    pub fn align(&self, unit_index: usize, unit: &TextUnit) -> TaskAlignment {
        SCRATCH.with_borrow_mut(|s| self.align_in(s, unit_index, unit, None))
    }

    /// [`ReportIndex::align`] with the unit's normalised text already made
    /// (what target extraction reads too).
    pub fn align_normalised(&self, unit_index: usize, unit: &TextUnit, n: &Norm) -> TaskAlignment {
        SCRATCH.with_borrow_mut(|s| self.align_in(s, unit_index, unit, Some(n)))
    }

    fn align_in(
        &self,
        s: &mut Scratch,
        unit_index: usize,
        unit: &TextUnit,
        n: Option<&Norm>,
    ) -> TaskAlignment {
        self.read_task(s, unit, n);
        let shingle_count = s.lists.len();
        let mut out = TaskAlignment {
            unit: unit_index,
            passages: Vec::new(),
            coverage: 0.0,
            alignable: shingle_count >= 4,
            clauses: Vec::new(),
        };
        if shingle_count == 0 {
            return out;
        }
        let words = shingle_count.div_ceil(64);
        self.vote(s, words);
        let min_gain = 2.max(shingle_count / 12);
        let mut chosen = cover(s, words, min_gain);
        chosen.sort_unstable();
        let covered_count: u32 = s.covered.iter().map(|w| w.count_ones()).sum();
        out.coverage = covered_count as f32 / shingle_count as f32;
        out.passages = chosen;
        out.clauses = self.pair_clauses(s, &out.passages);
        out
    }

    /// Normalises the task (as [`Norm`] does) into `s.chars` and `s.spans`
    /// (copies `n` there when given), takes its matching characters, and
    /// its distinct shingles' postings entries into `s.lists`, in the order
    /// first seen.
    #[inline(never)]
    fn read_task(&self, s: &mut Scratch, unit: &TextUnit, n: Option<&Norm>) {
        match n {
            Some(n) => {
                s.chars.clear();
                s.chars.extend_from_slice(n.as_chars());
                s.spans.clear();
                s.spans.extend_from_slice(n.spans());
            }
            None => normalise_into(
                &unit.text.text,
                unit.range.clone(),
                &mut s.chars,
                &mut s.spans,
            ),
        }
        s.mc.clear();
        let mut in_num = false;
        for &c in &s.chars {
            push_match(c, &mut in_num, &mut s.mc);
        }
        s.seen.reset(s.mc.len());
        s.lists.clear();
        for w in s.mc.windows(3) {
            let h = hash3(w[0], w[1], w[2]);
            if s.seen.get_or_insert(h, 0).1 {
                s.lists.push(self.postings.entry(h).unwrap_or((0, 0)));
            }
        }
    }

    /// Counts the task's votes (each shingle of a short list, for each
    /// sentence holding it), keeps the 24 best-voted sentences with at
    /// least two in `s.cands`, and which task shingles each holds in
    /// `s.holds`; leaves the counters and marks cleared.
    ///
    /// One walk over the short lists: each sentence touched gets a number
    /// (`s.votes` holds it plus one), a vote count (`s.counts`) and a bit
    /// set of the task shingles it holds (`words` words in `s.bits`), so a
    /// candidate's shingles of short lists are its bits; the shingles of
    /// long lists (too common to vote) are marked with their number and
    /// each candidate's common shingles read.
    #[inline(never)]
    fn vote(&self, s: &mut Scratch, words: usize) {
        // The scratch's parts as locals: the compiler then knows that
        // writing one does not change another.
        let Scratch {
            votes,
            long_mark,
            dirty,
            touched,
            counts,
            bits,
            lists,
            long,
            cands,
            holds,
            hist,
            ties,
            ..
        } = s;
        if votes.len() < self.sentences.len() {
            votes.resize(self.sentences.len(), 0);
        }
        if long_mark.len() < self.postings.long {
            long_mark.resize(self.postings.long, 0);
        }
        if *dirty {
            votes.fill(0);
            long_mark.fill(0);
        }
        *dirty = true;
        // At most one sentence touched per entry of the short lists: room
        // for that many, each sentence's words zeroed when it is touched.
        let bound: usize = lists
            .iter()
            .filter(|(_, b)| *b != LONG)
            .map(|&(a, b)| (b - a) as usize)
            .sum();
        if bits.len() < bound * words {
            bits.resize(bound * words, 0);
        }
        if counts.len() < bound {
            counts.resize(bound, 0);
        }
        touched.clear();
        touched.resize(bound, 0);
        long.clear();
        // Slices, not vectors, in the walk: their starts and lengths stay
        // in registers.
        let (votes, bits, counts) = (&mut votes[..], &mut bits[..], &mut counts[..]);
        let long_mark = &mut long_mark[..];
        let mut n = 0;
        let ids = &self.postings.ids;
        for (i, &(a, b)) in lists.iter().enumerate() {
            if b == LONG {
                long_mark[a as usize] = i as u32 + 1;
                long.push(a);
                continue;
            }
            let (w, bit) = (i / 64, 1u64 << (i % 64));
            for &x in &ids[a as usize..b as usize] {
                let v = &mut votes[x as usize];
                let t = if *v == 0 {
                    let t = n;
                    n += 1;
                    *v = t as u32 + 1;
                    touched[t] = x;
                    counts[t] = 0;
                    if words == 1 {
                        bits[t] = 0;
                    } else {
                        bits[t * words..(t + 1) * words].fill(0);
                    }
                    t
                } else {
                    *v as usize - 1
                };
                bits[t * words + w] |= bit;
                counts[t] += 1;
            }
        }
        touched.truncate(n);
        // The 24 best with at least two votes: most votes, then report
        // order. Votes are small numbers (at most the task's shingles): a
        // histogram gives the fewest votes among the 24 best (`least`);
        // sentences with more are all taken, those with exactly `least`
        // in report order as long as there is room.
        hist.clear();
        hist.resize(lists.len() + 1, 0);
        for &v in &counts[..n] {
            hist[v as usize] += 1;
        }
        let mut least = 2;
        let mut at_least = 0;
        for v in (2..hist.len()).rev() {
            at_least += hist[v];
            if at_least >= 24 {
                least = v as u32;
                break;
            }
        }
        cands.clear();
        ties.clear();
        for (&x, &v) in touched.iter().zip(counts.iter()) {
            if v > least {
                cands.push((x, v));
            } else if v == least {
                ties.push(x);
            }
        }
        // Fewer than 24 have more than `least` (else `least` would be
        // higher), so there is room for at least one tie.
        let room = 24 - cands.len();
        if ties.len() > room {
            ties.select_nth_unstable(room - 1);
            ties.truncate(room);
        }
        cands.extend(ties.iter().map(|&x| (x, least)));
        let order = |a: &(u32, u32), b: &(u32, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        cands.sort_unstable_by(order);
        holds.clear();
        for &(x, _) in cands.iter() {
            let t = votes[x as usize] as usize - 1;
            holds.extend_from_slice(&bits[t * words..(t + 1) * words]);
        }
        if !long.is_empty() {
            for (&(x, _), held) in cands.iter().zip(holds.chunks_mut(words)) {
                let c = &self.info[x as usize].common;
                for &l in &self.common[c.start as usize..c.end as usize] {
                    let m = long_mark[l as usize];
                    if m != 0 {
                        let i = (m - 1) as usize;
                        held[i / 64] |= 1 << (i % 64);
                    }
                }
            }
            for &l in long.iter() {
                long_mark[l as usize] = 0;
            }
        }
        for &x in touched.iter() {
            votes[x as usize] = 0;
        }
        *dirty = false;
    }

    /// Pairs each clause of a task (normalised in `s.chars`, `s.spans`)
    /// with the most similar clause of its passages.
    ///
    /// The report clauses of the passages (and their neighbours) are the
    /// candidates. Each task clause scores every candidate by the distinct
    /// character bigrams they share, keeps the four best (score ≥ 2; ties
    /// to the earlier candidate) and pairs with the most similar of them
    /// (LCS ratio; ties to the better-scored). Bigrams are interned per
    /// task: each candidate's bigrams are looked up once in a table of the
    /// task's bigrams, which lists the task clauses holding each, so scoring
    /// is one pass over the candidates' characters (read from the index).
    /// LCS is bit-parallel ([`LcsPattern`]), the task clause's masks built
    /// once for its candidates, and a candidate whose best possible ratio
    /// (the shorter length as LCS) cannot beat the best so far is not
    /// compared.
    #[inline(never)]
    fn pair_clauses(&self, s: &mut Scratch, passages: &[usize]) -> Vec<ClausePair> {
        // The passages and the sentences next to them in the same paragraph.
        s.near.clear();
        for &p in passages {
            for k in p.saturating_sub(1)..=(p + 1).min(self.sentences.len().saturating_sub(1)) {
                if self.sentences[k].unit == self.sentences[p].unit && !s.near.contains(&k) {
                    s.near.push(k);
                }
            }
        }
        s.near.sort_unstable();
        s.cand.clear();
        for &k in &s.near {
            let c = &self.info[k].clauses;
            for cl in &self.clauses[c.start as usize..c.end as usize] {
                s.cand
                    .push((self.sentences[k].unit, cl.logical.clone(), cl.chars.clone()));
            }
        }
        // Task clauses with enough text to pair (ranges of `s.chars`).
        s.task.clear();
        let mut from = 0;
        let n = s.chars.len();
        for i in 0..=n {
            if i < n && !is_clause_end(s.chars[i]) {
                continue;
            }
            if i > from {
                let a = &s.chars[from..i];
                if a.iter().filter(|c| is_word_char(**c)).count() >= 4 {
                    s.task.push(from..i);
                }
            }
            from = i + 1;
        }
        if s.task.is_empty() || s.cand.is_empty() {
            return Vec::new();
        }
        // The task's distinct bigrams, and which task clauses hold each: a
        // bit set of `cw` words per bigram.
        let cw = s.task.len().div_ceil(64);
        let pairs: usize = s.task.iter().map(|r| r.len()).sum();
        s.bigrams.reset(pairs);
        s.holders.clear();
        for (j, r) in s.task.iter().enumerate() {
            let (w, bit) = (j / 64, 1u64 << (j % 64));
            for x in s.chars[r.clone()].windows(2) {
                let next = (s.holders.len() / cw) as u32;
                let (id, new) = s.bigrams.get_or_insert(bigram_key(x[0], x[1]), next);
                if new {
                    s.holders.resize(s.holders.len() + cw, 0);
                }
                s.holders[id as usize * cw + w] |= bit;
            }
        }
        let distinct = s.holders.len() / cw;
        // scores[j · candidates + k]: distinct bigrams task clause j shares
        // with candidate k.
        let nc = s.cand.len();
        s.scores.clear();
        s.scores.resize(s.task.len() * nc, 0);
        s.stamp.clear();
        s.stamp.resize(distinct, u32::MAX);
        for (k, (_, _, r)) in s.cand.iter().enumerate() {
            for x in self.chars[r.start as usize..r.end as usize].windows(2) {
                if let Some(id) = s.bigrams.get(bigram_key(x[0], x[1])) {
                    if s.stamp[id as usize] != k as u32 {
                        s.stamp[id as usize] = k as u32;
                        let held = &s.holders[id as usize * cw..(id as usize + 1) * cw];
                        for (w, &bits) in held.iter().enumerate() {
                            let mut bits = bits;
                            while bits != 0 {
                                let j = w * 64 + bits.trailing_zeros() as usize;
                                s.scores[j * nc + k] += 1;
                                bits &= bits - 1;
                            }
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (j, r) in s.task.iter().enumerate() {
            // The four best-scored candidates, best first, ties to the
            // earlier one.
            s.top.clear();
            for (k, &score) in s.scores[j * nc..(j + 1) * nc].iter().enumerate() {
                if score < 2 {
                    continue;
                }
                let at = s
                    .top
                    .partition_point(|&(ts, tk)| ts > score || (ts == score && tk < k));
                if at < 4 {
                    s.top.insert(at, (score, k));
                    s.top.truncate(4);
                }
            }
            if s.top.is_empty() {
                continue;
            }
            let a = &s.chars[r.clone()];
            s.pattern.set(a);
            let mut best: Option<(usize, f32)> = None;
            for &(_, k) in &s.top {
                let cr = &s.cand[k].2;
                let b = &self.chars[cr.start as usize..cr.end as usize];
                if let Some((_, sim)) = best {
                    // The ratio cannot exceed the one with LCS = the shorter
                    // length; f32 division is monotone, so this skips only
                    // candidates that could not replace the best.
                    if ratio(a.len().min(b.len()), a.len(), b.len()) <= sim {
                        continue;
                    }
                }
                let sim = ratio(s.pattern.lcs(b), a.len(), b.len());
                if best.is_none_or(|(_, x)| sim > x) {
                    best = Some((k, sim));
                }
            }
            if let Some((k, sim)) = best {
                if sim >= MIN_CLAUSE_SIMILARITY {
                    out.push(ClausePair {
                        annex: logical(&s.spans, r.clone()),
                        report_unit: s.cand[k].0,
                        report: s.cand[k].1.clone(),
                        similarity: sim,
                    });
                }
            }
        }
        out
    }
}

/// The passages, greedily: while a candidate adds at least `min_gain`
/// task shingles not yet covered, the one adding most (ties to the
/// better-voted) is taken, ten at most. `s.covered` ends as what they
/// cover.
#[inline(never)]
fn cover(s: &mut Scratch, words: usize, min_gain: usize) -> Vec<usize> {
    s.covered.clear();
    s.covered.resize(words, 0);
    s.taken.clear();
    s.taken.resize(s.cands.len(), false);
    let mut chosen: Vec<usize> = Vec::new();
    for _ in 0..10 {
        let mut best: Option<(usize, usize)> = None;
        for (k, bits) in s.holds.chunks(words).enumerate() {
            if s.taken[k] {
                continue;
            }
            let gain: usize = bits
                .iter()
                .zip(&s.covered)
                .map(|(b, c)| (b & !c).count_ones() as usize)
                .sum();
            if best.is_none_or(|(_, g)| gain > g) {
                best = Some((k, gain));
            }
        }
        match best {
            Some((k, g)) if g >= min_gain => {
                for (c, b) in s
                    .covered
                    .iter_mut()
                    .zip(&s.holds[k * words..(k + 1) * words])
                {
                    *c |= b;
                }
                s.taken[k] = true;
                chosen.push(s.cands[k].0 as usize);
            }
            _ => break,
        }
    }
    chosen
}

/// A report clause a task clause may pair with: its report unit, its
/// logical range and where its characters are in [`ReportIndex::chars`].
type Candidate = (usize, Range<usize>, Range<u32>);

fn bigram_key(a: char, b: char) -> u64 {
    ((a as u64) << 32) | b as u64
}

/// 2·LCS / (|a| + |b|), as [`similarity`] computes it.
fn ratio(lcs: usize, a: usize, b: usize) -> f32 {
    if a == 0 && b == 0 {
        return 1.0;
    }
    2.0 * lcs as f32 / (a + b) as f32
}

/// Bit-parallel length of the longest common subsequence (Allison–Dix,
/// in Hyyrö's form): a pattern's characters become one bit mask per
/// distinct character; each character of the other string then updates a
/// bit vector over the pattern with an add and a few logical operations,
/// `⌈m/64⌉` words at a time. The result is exact, as the dynamic
/// programme's.
#[derive(Default)]
pub struct LcsPattern {
    len: usize,
    words: usize,
    /// Open-addressing table, character → mask slot (0: not in the pattern).
    keys: Vec<u32>,
    slots: Vec<u32>,
    shift: u32,
    /// Masks, `words` per slot; slot 0 is all zero.
    masks: Vec<u64>,
    v: Vec<u64>,
}

impl LcsPattern {
    /// A pattern for `a`.
    pub fn new(a: &[char]) -> LcsPattern {
        let mut p = LcsPattern::default();
        p.set(a);
        p
    }

    /// Makes `a` the pattern, reusing the buffers.
    pub fn set(&mut self, a: &[char]) {
        self.len = a.len();
        self.words = a.len().div_ceil(64).max(1);
        let size = (a.len() * 2).next_power_of_two().max(16);
        self.shift = 32 - size.trailing_zeros();
        self.keys.clear();
        self.keys.resize(size, u32::MAX);
        self.slots.clear();
        self.slots.resize(size, 0);
        // At most one slot per character, after the zero slot.
        self.masks.clear();
        self.masks.resize(self.words * (a.len() + 1), 0);
        let mut next = 1;
        for (i, &c) in a.iter().enumerate() {
            let mut h = self.hash(c);
            let slot = loop {
                if self.keys[h] == c as u32 {
                    break self.slots[h] as usize;
                }
                if self.keys[h] == u32::MAX {
                    self.keys[h] = c as u32;
                    self.slots[h] = next as u32;
                    next += 1;
                    break next - 1;
                }
                h = (h + 1) & (size - 1);
            };
            self.masks[slot * self.words + i / 64] |= 1 << (i % 64);
        }
    }

    fn hash(&self, c: char) -> usize {
        ((c as u32).wrapping_mul(0x9E37_79B1) >> self.shift) as usize
    }

    fn slot(&self, c: char) -> usize {
        let mut h = self.hash(c);
        loop {
            let k = self.keys[h];
            if k == c as u32 {
                return self.slots[h] as usize;
            }
            if k == u32::MAX {
                return 0;
            }
            h = (h + 1) & (self.keys.len() - 1);
        }
    }

    /// LCS length of the pattern and `b`.
    pub fn lcs(&mut self, b: &[char]) -> usize {
        if self.len == 0 || b.is_empty() {
            return 0;
        }
        if self.words == 1 {
            let mut v = !0u64;
            for &c in b {
                let m = self.masks[self.slot(c)];
                v = v.wrapping_add(v & m) | (v & !m);
            }
            let low = if self.len == 64 {
                !0
            } else {
                (1u64 << self.len) - 1
            };
            return (!v & low).count_ones() as usize;
        }
        let words = self.words;
        self.v.clear();
        self.v.resize(words, !0);
        for &c in b {
            let slot = self.slot(c);
            if slot == 0 {
                // No match: the vector stays as it is.
                continue;
            }
            let m = &self.masks[slot * words..(slot + 1) * words];
            let mut carry = false;
            for (x, &mw) in self.v.iter_mut().zip(m) {
                let old = *x;
                let (s1, c1) = old.overflowing_add(old & mw);
                let (s2, c2) = s1.overflowing_add(carry as u64);
                carry = c1 | c2;
                *x = s2 | (old & !mw);
            }
        }
        let mut zeros = 0;
        for (w, &x) in self.v.iter().enumerate() {
            let bits = (self.len - w * 64).min(64);
            let low = if bits == 64 { !0 } else { (1u64 << bits) - 1 };
            zeros += (!x & low).count_ones() as usize;
        }
        zeros
    }
}

/// Clause ranges of a normalised range (the reference in the tests; the
/// index cuts with [`cut`]).
#[cfg(test)]
fn split_sub(n: &Norm, r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut s = r.start;
    for i in r.clone() {
        if is_clause_end(n.at(i)) {
            if i > s {
                out.push(s..i);
            }
            s = i + 1;
        }
    }
    if s < r.end {
        out.push(s..r.end);
    }
    out
}

/// 2·LCS / (|a| + |b|).
pub fn similarity(a: &[char], b: &[char]) -> f32 {
    ratio(LcsPattern::new(a).lcs(b), a.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Joined;
    use crate::targets::Origin;

    fn unit(s: &str) -> TextUnit {
        TextUnit {
            origin: Origin::Paragraph(0),
            text: Joined::from_piece(s, 0..s.len()),
            range: 0..s.len(),
            section: None,
            review: false,
        }
    }

    proptest::proptest! {
        /// Pairing's shingles read straight from the text (a rolling pair
        /// of matching characters, no `Norm`) are those of the first
        /// definition: the normalised text's matching characters, per unit
        /// or per report sentence, their trigrams; and a sketch sampled
        /// while reading is the sorted set's sample.
        #[test]
        fn shingles_read_from_the_text_match_the_normalised_definition(
            texts in proptest::collection::vec(
                "[ 增长建设五6789.．５％%。；;!？,，a-cA　\u{3001}\u{feff}\u{1f600}]{0,30}",
                1..4,
            ),
            review in proptest::collection::vec(proptest::bool::ANY, 4),
        ) {
            let units: Vec<TextUnit> = texts
                .iter()
                .zip(&review)
                .map(|(t, &r)| TextUnit { review: r, ..unit(t) })
                .collect();
            let mut slow_set = Vec::new();
            let mut slow_report = Vec::new();
            for u in &units {
                let n = Norm::new(&u.text.text, u.range.clone());
                slow_set.extend(shingles(&match_chars(&n, 0..n.len())));
                if !u.review {
                    for r in split(&n, is_sentence_end) {
                        slow_report.extend(shingles(&match_chars(&n, r)));
                    }
                }
            }
            let (slow_set, slow_report) = (sorted_set(slow_set), sorted_set(slow_report));
            proptest::prop_assert_eq!(&shingle_set(&units), &slow_set);
            proptest::prop_assert_eq!(&report_shingles(&units), &slow_report);
            let keep = |h: u64| h.is_multiple_of(3);
            let sample = |v: &[u64]| v.iter().copied().filter(|&h| keep(h)).collect::<Vec<u64>>();
            proptest::prop_assert_eq!(kept_shingles(&units, false, keep), sample(&slow_set));
            proptest::prop_assert_eq!(kept_shingles(&units, true, keep), sample(&slow_report));
        }
    }

    #[test]
    fn bit_parallel_lcs_matches_the_dynamic_programme() {
        // xorshift: deterministic strings over small alphabets (so that
        // there are many matches), CJK, ASCII, astral characters; lengths
        // 0 to 200, across one, two and four words of 64 bits; the second
        // string often an edit of the first.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet: Vec<char> = "就业优先导向新增城镇加强医疗机构专科建设，。#%ab𠀀"
            .chars()
            .collect();
        let mut pattern = LcsPattern::default();
        let mut lengths = [false; 4];
        for round in 0..3000 {
            let k = 1 + (next() % alphabet.len() as u64) as usize;
            let la = [0, 1, 5, 40, 63, 64, 65, 100, 127, 128, 129, 200][round % 12];
            let a: Vec<char> = (0..la)
                .map(|_| alphabet[(next() % k as u64) as usize])
                .collect();
            let b: Vec<char> = if round % 3 == 0 {
                let mut b: Vec<char> = a.iter().copied().filter(|_| next() % 4 != 0).collect();
                for _ in 0..next() % 8 {
                    let at = (next() as usize) % (b.len() + 1);
                    b.insert(at, alphabet[(next() % alphabet.len() as u64) as usize]);
                }
                b
            } else {
                let lb = (next() % 180) as usize;
                (0..lb)
                    .map(|_| alphabet[(next() % k as u64) as usize])
                    .collect()
            };
            let want = crate::chars::lcs_dp(&a, &b);
            pattern.set(&a);
            assert_eq!(pattern.lcs(&b), want, "{a:?} {b:?}");
            // Either way round, and with a fresh pattern.
            assert_eq!(LcsPattern::new(&b).lcs(&a), want, "{b:?} {a:?}");
            assert_eq!(similarity(&a, &b), {
                if a.is_empty() && b.is_empty() {
                    1.0
                } else {
                    2.0 * want as f32 / (a.len() + b.len()) as f32
                }
            });
            lengths[a.len().div_ceil(64).min(3)] = true;
        }
        assert_eq!(lengths, [true; 4]);
        // The crate's Myers-based LCS agrees as well (what pairing used).
        let a: Vec<char> = "深入实施全民参保行动，巩固“15分钟医保服务圈”"
            .chars()
            .collect();
        let b: Vec<char> = "深入实施全民参保行动，做到“应保尽保”".chars().collect();
        assert_eq!(LcsPattern::new(&a).lcs(&b), crate::chars::lcs_len(&a, &b));
    }

    #[test]
    fn the_fast_path_for_ideographs_agrees_with_the_unicode_tables() {
        for c in '\u{4e00}'..='\u{9fff}' {
            assert!(c.is_alphanumeric() && !c.is_ascii_punctuation(), "{c:?}");
            assert!(is_word_char(c));
        }
        let ranges = [
            '\0'..='\u{7f}',
            '\u{2000}'..='\u{2070}',
            '\u{3000}'..='\u{3040}',
        ];
        for c in ranges.into_iter().flatten() {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() && !c.is_ascii_punctuation(),
                "{c:?}"
            );
        }
        for c in ['，', '。', '%', ' ', '“', '〇', 'a', '5', '𠀀', '\u{3400}'] {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() && !c.is_ascii_punctuation(),
                "{c:?}"
            );
        }
    }

    /// Alignment as it was first written — a hash map of votes, a binary
    /// search per task shingle and candidate, sorted bigram vectors per
    /// clause, a Myers diff per clause pair: the reference the indexed,
    /// bit-parallel [`ReportIndex::align`] must agree with exactly.
    /// The report side as it was first indexed: sentences (unit, logical
    /// range, sorted shingles, clause ranges), a vector of sentences per
    /// shingle, the units' normalised texts.
    type RefSentence = (usize, Range<usize>, Vec<u64>, Vec<Range<usize>>);

    struct RefIndex {
        sentences: Vec<RefSentence>,
        postings: HashMap<u64, Vec<u32>>,
        norms: Vec<Norm>,
    }

    fn reference_index(units: &[TextUnit]) -> RefIndex {
        let mut sentences = Vec::new();
        let mut postings: HashMap<u64, Vec<u32>> = HashMap::default();
        let mut norms = Vec::new();
        for (ui, u) in units.iter().enumerate() {
            let n = Norm::new(&u.text.text, u.range.clone());
            let sents = if u.review {
                Vec::new()
            } else {
                split(&n, is_sentence_end)
            };
            for r in sents {
                let mc = match_chars(&n, r.clone());
                if mc.len() < 3 {
                    continue;
                }
                let sh = shingles(&mc);
                let id = sentences.len() as u32;
                for &h in &sh {
                    postings.entry(h).or_default().push(id);
                }
                let clauses = split_sub(&n, r.clone())
                    .into_iter()
                    .map(|c| n.logical(c))
                    .collect();
                sentences.push((ui, n.logical(r), sh, clauses));
            }
            norms.push(n);
        }
        RefIndex {
            sentences,
            postings,
            norms,
        }
    }

    fn reference_align(idx: &RefIndex, unit_index: usize, unit: &TextUnit) -> TaskAlignment {
        fn bigrams(a: &[char]) -> Vec<(char, char)> {
            let mut v: Vec<(char, char)> = a.windows(2).map(|w| (w[0], w[1])).collect();
            v.sort_unstable();
            v.dedup();
            v
        }
        fn slow_word_char(c: char) -> bool {
            c.is_alphanumeric() && !c.is_ascii_punctuation()
        }
        let n = Norm::new(&unit.text.text, unit.range.clone());
        let task_sh = shingles(&match_chars(&n, 0..n.len()));
        let mut out = TaskAlignment {
            unit: unit_index,
            passages: Vec::new(),
            coverage: 0.0,
            alignable: task_sh.len() >= 4,
            clauses: Vec::new(),
        };
        if task_sh.is_empty() {
            return out;
        }
        let mut votes: HashMap<u32, u32> = HashMap::default();
        for h in &task_sh {
            if let Some(p) = idx.postings.get(h) {
                if p.len() > MAX_POSTINGS {
                    continue;
                }
                for &s in p {
                    *votes.entry(s).or_default() += 1;
                }
            }
        }
        let mut cands: Vec<(u32, u32)> = votes.into_iter().filter(|(_, v)| *v >= 2).collect();
        cands.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        cands.truncate(24);
        let min_gain = 2.max(task_sh.len() / 12);
        let mut covered: Vec<u64> = Vec::new();
        let mut chosen: Vec<usize> = Vec::new();
        let mut taken = vec![false; cands.len()];
        for _ in 0..10 {
            let mut best: Option<(usize, usize)> = None;
            for (k, &(s, _)) in cands.iter().enumerate() {
                if taken[k] {
                    continue;
                }
                let sent = &idx.sentences[s as usize].2;
                let gain = task_sh
                    .iter()
                    .filter(|h| sent.binary_search(h).is_ok() && !covered.contains(h))
                    .count();
                if best.is_none_or(|(_, g)| gain > g) {
                    best = Some((k, gain));
                }
            }
            match best {
                Some((k, g)) if g >= min_gain => {
                    let sent = &idx.sentences[cands[k].0 as usize].2;
                    for h in &task_sh {
                        if sent.binary_search(h).is_ok() && !covered.contains(h) {
                            covered.push(*h);
                        }
                    }
                    taken[k] = true;
                    chosen.push(cands[k].0 as usize);
                }
                _ => break,
            }
        }
        chosen.sort_unstable();
        out.coverage = covered.len() as f32 / task_sh.len() as f32;
        out.passages = chosen;
        // Clause pairs.
        let mut near: Vec<usize> = Vec::new();
        for &s in &out.passages {
            for k in s.saturating_sub(1)..=(s + 1).min(idx.sentences.len() - 1) {
                if idx.sentences[k].0 == idx.sentences[s].0 && !near.contains(&k) {
                    near.push(k);
                }
            }
        }
        near.sort_unstable();
        let mut cand = Vec::new();
        for &s in &near {
            let sent = &idx.sentences[s];
            let rn = &idx.norms[sent.0];
            for c in &sent.3 {
                let chars = rn.chars_in(rn.index_of(c.start)..rn.index_of(c.end));
                let bg = bigrams(&chars);
                cand.push((sent.0, c.clone(), chars, bg));
            }
        }
        for c in split_sub(&n, 0..n.len()) {
            let a: Vec<char> = n.slice(c.clone()).chars().collect();
            if a.iter().filter(|c| slow_word_char(**c)).count() < 4 {
                continue;
            }
            let bigrams_a = bigrams(&a);
            let mut scored: Vec<(usize, usize)> = cand
                .iter()
                .enumerate()
                .map(|(k, (_, _, _, bb))| {
                    let shared = bigrams_a.iter().filter(|x| bb.binary_search(x).is_ok());
                    (k, shared.count())
                })
                .filter(|(_, s)| *s >= 2)
                .collect();
            scored.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            let mut best: Option<(usize, f32)> = None;
            for &(k, _) in scored.iter().take(4) {
                let b = &cand[k].2;
                let m = crate::chars::lcs_len(&a, b);
                let sim = 2.0 * m as f32 / (a.len() + b.len()) as f32;
                if best.is_none_or(|(_, s)| sim > s) {
                    best = Some((k, sim));
                }
            }
            if let Some((k, sim)) = best {
                if sim >= MIN_CLAUSE_SIMILARITY {
                    out.clauses.push(ClausePair {
                        annex: n.logical(c),
                        report_unit: cand[k].0,
                        report: cand[k].1.clone(),
                        similarity: sim,
                    });
                }
            }
        }
        out
    }

    #[test]
    fn alignment_agrees_with_the_reference_on_real_and_generated_pairs() {
        use crate::load::SourceFile;
        use crate::parse::{parse, ParseOptions};
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
        let read = |p: &str| std::fs::read_to_string(format!("{dir}/{p}")).unwrap();
        let units_of = |name: &str, text: &str| {
            let src = SourceFile::from_text(name, text);
            let doc = parse(0, &src, &ParseOptions::default());
            crate::targets::units(&doc, &src, &[])
        };
        // Generated: report sentences from the corpus (some repeated, as
        // in the throughput bench), tasks built from one to three of them
        // with clauses reordered or dropped, numbers changed, characters
        // deleted.
        let mut pool: Vec<String> = Vec::new();
        let mut names: Vec<_> = std::fs::read_dir(format!("{dir}/corpus"))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        names.sort();
        for p in names {
            for s in std::fs::read_to_string(p).unwrap().split('。') {
                let s = s.trim();
                if (8..=300).contains(&s.chars().count()) && !s.contains('\n') {
                    pool.push(s.to_string());
                }
            }
        }
        assert!(pool.len() > 100);
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let sentences: Vec<String> = (0..600)
            .map(|i| {
                let s = &pool[(next() as usize) % pool.len().min(300 + i)];
                format!("{s}，完成{}项。", next() % 90)
            })
            .collect();
        let report: String = sentences
            .chunks(3)
            .map(|c| c.concat())
            .collect::<Vec<_>>()
            .join("\n");
        let mut annex = String::new();
        for k in 0..400 {
            let mut parts: Vec<String> = Vec::new();
            for _ in 0..1 + next() % 3 {
                let s = &sentences[(next() as usize) % sentences.len()];
                parts.extend(s.trim_end_matches('。').split('，').map(String::from));
            }
            if next() % 2 == 0 {
                let at = (next() as usize) % parts.len();
                parts.swap(0, at);
            }
            if parts.len() > 2 && next() % 3 == 0 {
                parts.remove((next() as usize) % parts.len());
            }
            let mut task: String = parts.join("，");
            if next() % 3 == 0 {
                let chars: Vec<char> = task.chars().collect();
                let cut = (next() as usize) % chars.len();
                task = chars[..cut].iter().chain(&chars[cut + 1..]).collect();
            }
            let task = task.replace('1', &(next() % 10).to_string());
            annex.push_str(&format!("{}.{task}。（牵头单位：区发展改革局）\n", k + 1));
        }
        let pairs = [
            (
                format!("某区2026年政府工作报告\n{report}\n"),
                format!("某区2026年重点工作责任分工\n{annex}"),
            ),
            (
                read("seeds/changqing-2024-report.txt"),
                read("seeds/changqing-2025-annex.md"),
            ),
            (
                read("seeds/changqing-2025-report-news.txt"),
                read("seeds/changqing-2025-annex.md"),
            ),
        ];
        let mut clauses = 0;
        let mut several = 0;
        for (report, annex) in &pairs {
            let runits = units_of("report.txt", report);
            let aunits = units_of("annex.md", annex);
            // The shingle sets pairing reads, as first written: a shingle
            // set per unit (per sentence of the report), merged.
            let merged = |sets: Vec<Vec<u64>>| {
                let mut all: Vec<u64> = sets.concat();
                all.sort_unstable();
                all.dedup();
                all
            };
            let norm = |u: &TextUnit| Norm::new(&u.text.text, u.range.clone());
            let slow_set = merged(
                aunits
                    .iter()
                    .map(|u| {
                        let n = norm(u);
                        shingles(&match_chars(&n, 0..n.len()))
                    })
                    .collect(),
            );
            assert_eq!(shingle_set(&aunits), slow_set);
            let slow_report = merged(
                runits
                    .iter()
                    .filter(|u| !u.review)
                    .flat_map(|u| {
                        let n = norm(u);
                        split(&n, is_sentence_end)
                            .into_iter()
                            .map(|r| shingles(&match_chars(&n, r)))
                            .collect::<Vec<_>>()
                    })
                    .collect(),
            );
            assert!(!slow_report.is_empty());
            assert_eq!(report_shingles(&runits), slow_report);
            // A sketch taken while the shingles are made is the sampled
            // part of the whole set.
            let sampled: Vec<u64> = slow_report.iter().copied().filter(|h| h % 3 == 1).collect();
            assert_eq!(report_shingles_where(&runits, |h| h % 3 == 1), sampled);
            for rate in [1, 2, 8, 128] {
                assert_eq!(
                    crate::link::summary::report_sketch_at(&runits, rate),
                    crate::link::summary::sketch_at(&slow_report, rate)
                );
            }
            let idx = ReportIndex::new(&runits);
            let slow_idx = reference_index(&runits);
            assert!(!aunits.is_empty() && !idx.sentences.is_empty());
            let sentences: Vec<(usize, Range<usize>)> = slow_idx
                .sentences
                .iter()
                .map(|s| (s.0, s.1.clone()))
                .collect();
            let fast_sentences: Vec<(usize, Range<usize>)> = idx
                .sentences
                .iter()
                .map(|s| (s.unit, s.range.clone()))
                .collect();
            assert_eq!(fast_sentences, sentences);
            // The link stage's path: each unit normalised once, for the
            // index (or the task) and for target extraction.
            let shared =
                ReportIndex::with_norms(&runits, &crate::targets::normalise_units(&runits));
            let anorms = crate::targets::normalise_units(&aunits);
            let ind = crate::targets::Indicators::builtin();
            for (units, norms) in [
                (&aunits, &anorms),
                (&runits, &crate::targets::normalise_units(&runits)),
            ] {
                let each = crate::targets::extract_all(units, &ind, Some(2025));
                let shared = crate::targets::extract_all_normalised(units, norms, &ind, Some(2025));
                assert_eq!(format!("{shared:?}"), format!("{each:?}"));
            }
            for (i, u) in aunits.iter().enumerate() {
                let (fast, slow) = (idx.align(i, u), reference_align(&slow_idx, i, u));
                assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "task {i}");
                let normalised = shared.align_normalised(i, u, &anorms[i]);
                assert_eq!(format!("{normalised:?}"), format!("{fast:?}"), "task {i}");
                clauses += fast.clauses.len();
                several += usize::from(fast.passages.len() > 1);
            }
        }
        // The comparison covered what matters: clause pairs and tasks drawn
        // from several passages.
        assert!(clauses > 500 && several > 50, "{clauses} {several}");
    }

    #[test]
    fn a_task_drawn_from_two_sentences_in_another_order() {
        let report = [unit(
            "坚持就业优先导向，新增城镇就业3400人。加强医疗机构专科建设，拓宽医疗业务服务范围。深入实施全民参保行动，巩固“15分钟医保服务圈”，做到“应保尽保”。",
        )];
        let idx = ReportIndex::new(&report);
        assert_eq!(idx.sentences.len(), 3);
        let task =
            unit("深入实施全民参保行动，做到“应保尽保”，坚持就业优先导向，新增城镇就业3500人。");
        let a = idx.align(0, &task);
        assert_eq!(a.passages, [0, 2]);
        assert!(a.matched() && a.coverage > 0.8, "{}", a.coverage);
        // Each clause finds its own; the changed number does not stop it.
        let pairs: Vec<&str> = a
            .clauses
            .iter()
            .map(|c| &report[c.report_unit].text.text[c.report.clone()])
            .collect();
        assert_eq!(
            pairs,
            [
                "深入实施全民参保行动",
                "做到“应保尽保”",
                "坚持就业优先导向",
                "新增城镇就业3400人"
            ]
        );
        let unrelated = unit("引导、支持社会组织、个人参与公益慈善事业发展。");
        assert!(!idx.align(0, &unrelated).matched());
    }
}
