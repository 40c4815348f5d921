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
//! per shingle: a 1,000-task annex against a long report stays fast.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::targets::norm::Norm;
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
    #[serde(skip)]
    shingles: Vec<u64>,
    #[serde(skip)]
    clauses: Vec<Range<usize>>,
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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !c.is_ascii_punctuation()
}

/// Matching characters of a normalised range: `(char, norm index)`, punctuation
/// dropped, digit runs (with `.`) collapsed to `#`.
fn match_chars(n: &Norm, r: Range<usize>) -> Vec<char> {
    let mut out = Vec::with_capacity(r.len());
    let mut in_num = false;
    for i in r {
        let c = n.at(i);
        if c.is_ascii_digit() || (in_num && c == '.') {
            if !in_num {
                out.push('#');
                in_num = true;
            }
            continue;
        }
        in_num = false;
        if is_word_char(c) || c == '%' {
            out.push(c);
        }
    }
    out
}

fn hash3(a: char, b: char, c: char) -> u64 {
    ((a as u64) << 42) ^ ((b as u64) << 21) ^ (c as u64)
}

/// Sorted, deduplicated trigram hashes.
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

/// Splits a normalised text into ranges ending at characters matching `end`.
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

/// The report side: sentences and their shingle index.
pub struct ReportIndex {
    /// Sentences in report order.
    pub sentences: Vec<Sentence>,
    postings: HashMap<u64, Vec<u32>>,
    norms: Vec<Norm>,
}

/// The distinct shingles of some units, sorted: computed once per document
/// and compared against many reports.
pub fn shingle_set(units: &[TextUnit]) -> Vec<u64> {
    let mut all: Vec<u64> = Vec::new();
    for u in units {
        let n = Norm::new(&u.text.text, u.range.clone());
        all.extend(shingles(&match_chars(&n, 0..n.len())));
    }
    all.sort_unstable();
    all.dedup();
    all
}

/// The distinct shingles a [`ReportIndex`] of these units would hold
/// (sentences outside reviews of past work), sorted: what
/// [`ReportIndex::containment_of`] looks up, without building the index.
pub fn report_shingles(units: &[TextUnit]) -> Vec<u64> {
    let mut all: Vec<u64> = Vec::new();
    for u in units.iter().filter(|u| !u.review) {
        let n = Norm::new(&u.text.text, u.range.clone());
        for r in split(&n, is_sentence_end) {
            let mc = match_chars(&n, r);
            if mc.len() >= 3 {
                all.extend(shingles(&mc));
            }
        }
    }
    all.sort_unstable();
    all.dedup();
    all
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

impl ReportIndex {
    /// Indexes report units.
    pub fn new(units: &[TextUnit]) -> Self {
        let mut sentences = Vec::new();
        let mut postings: HashMap<u64, Vec<u32>> = HashMap::default();
        let mut norms = Vec::with_capacity(units.len());
        for (ui, u) in units.iter().enumerate() {
            let n = Norm::new(&u.text.text, u.range.clone());
            // A review of past work is not where an annex's tasks come from.
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
                let clauses = split_sub(&n, r.clone());
                sentences.push(Sentence {
                    unit: ui,
                    range: n.logical(r),
                    shingles: sh,
                    clauses: clauses.into_iter().map(|c| n.logical(c)).collect(),
                });
            }
            norms.push(n);
        }
        ReportIndex {
            sentences,
            postings,
            norms,
        }
    }

    /// The sentences without what only alignment reads (their shingles and
    /// clause ranges): what a [`super::Link`] keeps after aligning.
    pub fn bare_sentences(&self) -> Vec<Sentence> {
        self.sentences
            .iter()
            .map(|s| Sentence {
                unit: s.unit,
                range: s.range.clone(),
                shingles: Vec::new(),
                clauses: Vec::new(),
            })
            .collect()
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
        let found = set.iter().filter(|h| self.postings.contains_key(h)).count();
        found as f32 / set.len() as f32
    }

    /// Aligns one annex unit.
    pub fn align(&self, unit_index: usize, unit: &TextUnit) -> TaskAlignment {
        let n = Norm::new(&unit.text.text, unit.range.clone());
        let mc = match_chars(&n, 0..n.len());
        let task_sh = shingles(&mc);
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
            if let Some(p) = self.postings.get(h) {
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
        // Which task shingles each candidate holds, as a bit set, computed
        // once: the greedy rounds below are then word operations.
        let words = task_sh.len().div_ceil(64);
        let holds: Vec<Vec<u64>> = cands
            .iter()
            .map(|&(s, _)| {
                let sent = &self.sentences[s as usize].shingles;
                let mut bits = vec![0u64; words];
                for (i, h) in task_sh.iter().enumerate() {
                    if sent.binary_search(h).is_ok() {
                        bits[i / 64] |= 1 << (i % 64);
                    }
                }
                bits
            })
            .collect();
        let mut covered = vec![0u64; words];
        let mut taken = vec![false; cands.len()];
        let mut chosen: Vec<usize> = Vec::new();
        for _ in 0..10 {
            let mut best: Option<(usize, usize)> = None;
            for (k, bits) in holds.iter().enumerate() {
                if taken[k] {
                    continue;
                }
                let gain: usize = bits
                    .iter()
                    .zip(&covered)
                    .map(|(b, c)| (b & !c).count_ones() as usize)
                    .sum();
                if best.is_none_or(|(_, g)| gain > g) {
                    best = Some((k, gain));
                }
            }
            match best {
                Some((k, g)) if g >= min_gain => {
                    for (c, b) in covered.iter_mut().zip(&holds[k]) {
                        *c |= b;
                    }
                    taken[k] = true;
                    chosen.push(cands[k].0 as usize);
                }
                _ => break,
            }
        }
        chosen.sort_unstable();
        let covered_count: u32 = covered.iter().map(|w| w.count_ones()).sum();
        out.coverage = covered_count as f32 / task_sh.len() as f32;
        out.passages = chosen;
        out.clauses = self.pair_clauses(&n, &out.passages);
        out
    }

    /// Pairs each clause of a task with the most similar clause of its
    /// passages.
    fn pair_clauses(&self, n: &Norm, passages: &[usize]) -> Vec<ClausePair> {
        let mut cand: Vec<Candidate> = Vec::new();
        // The passages and the sentences next to them in the same paragraph.
        let mut near: Vec<usize> = Vec::new();
        for &s in passages {
            for k in s.saturating_sub(1)..=(s + 1).min(self.sentences.len().saturating_sub(1)) {
                if self.sentences[k].unit == self.sentences[s].unit && !near.contains(&k) {
                    near.push(k);
                }
            }
        }
        near.sort_unstable();
        for &s in &near {
            let sent = &self.sentences[s];
            let rn = &self.norms[sent.unit];
            for c in &sent.clauses {
                let a = rn.index_of(c.start);
                let b = rn.index_of(c.end);
                let chars = rn.chars_in(a..b);
                let bg = bigrams(&chars);
                cand.push((sent.unit, c.clone(), chars, bg));
            }
        }
        let mut out = Vec::new();
        for c in split_sub(n, 0..n.len()) {
            let a: Vec<char> = n.slice(c.clone()).chars().collect();
            if a.iter().filter(|c| is_word_char(**c)).count() < 4 {
                continue;
            }
            let bigrams_a = bigrams(&a);
            let mut scored: Vec<(usize, usize)> = cand
                .iter()
                .enumerate()
                .map(|(k, (_, _, _, bb))| {
                    (
                        k,
                        bigrams_a
                            .iter()
                            .filter(|x| bb.binary_search(x).is_ok())
                            .count(),
                    )
                })
                .filter(|(_, s)| *s >= 2)
                .collect();
            scored.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            let mut best: Option<(usize, f32)> = None;
            for &(k, _) in scored.iter().take(4) {
                let sim = similarity(&a, &cand[k].2);
                if best.is_none_or(|(_, s)| sim > s) {
                    best = Some((k, sim));
                }
            }
            if let Some((k, sim)) = best {
                if sim >= MIN_CLAUSE_SIMILARITY {
                    out.push(ClausePair {
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
}

/// A report clause a task clause may pair with: its report unit, its
/// range, its characters and their bigrams.
type Candidate = (usize, Range<usize>, Vec<char>, Vec<(char, char)>);

/// Clause ranges of a normalised range.
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

fn bigrams(a: &[char]) -> Vec<(char, char)> {
    let mut v: Vec<(char, char)> = a.windows(2).map(|w| (w[0], w[1])).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// 2·LCS / (|a| + |b|).
pub fn similarity(a: &[char], b: &[char]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let m = crate::chars::lcs_len(a, b);
    2.0 * m as f32 / (a.len() + b.len()) as f32
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
