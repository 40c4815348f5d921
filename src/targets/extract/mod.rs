//! The target extractor.
//!
//! One pass over a unit's normalised text:
//! 1. [`numbers::scan`] finds every number with a unit.
//! 2. Numbers joined only by `、`, `和`, `及`, `与` form one list
//!    (`分别增长5.5%和6%以上`, `分别控制在3.3‰、4.0‰、9.3/10万以下`).
//! 3. The phrase before a list, back to the previous clause boundary, is read
//!    from its end: qualifier words (`超过`, `不低于`), the relation (`增长`,
//!    `提高至`, `控制在`…), `分别`, then the subject. Fillers (`确保`,
//!    `全年`, `到2022年`) are dropped from the subject's start; `力争`/`争取`
//!    mark a possible stretch target.
//! 4. A list of N values over `A、B、C分别…` or `城镇和农村…` is distributed
//!    over its parts, completing elided ones (`城镇` → `城镇居民人均可支配收入`);
//!    over an indicator with a `split` in `rules/indicators.toml`
//!    (城乡居民人均可支配收入 → 城镇…, 农村…) otherwise.
//! 5. A list with no subject of its own (`（力争超过 5.6%）`, `，达到40.9亿元`,
//!    `，分别增长5.5%和5.6%`) takes the subject of the list before it in the
//!    same sentence.
//!
//! Numbers inside another target's subject (`5岁以下儿童死亡率`) are not
//! targets.

use std::ops::Range;

use super::norm::Norm;
use super::numbers::{self, Bound, Quantity};
use super::{Indicators, Relation, Target, TextUnit};

#[cfg(test)]
mod tests;
mod words;

use words::*;
pub use words::{subject_key, subject_key_str};

struct List {
    /// Indices into the quantities.
    qs: Vec<usize>,
    /// Subject phrase range (chars) and its parts' texts.
    subject: Range<usize>,
    verb: String,
    relation: Option<Relation>,
    pre_bound: Option<(Bound, String)>,
    pre_start: usize,
    distributed: bool,
    stretch_marker: bool,
    /// Range of the whole phrase before the values (for consumption).
    local: Range<usize>,
}

/// Extracts the targets of one text unit. `index` is stored in each target.
pub fn extract(unit: &TextUnit, index: usize, ind: &Indicators) -> Vec<Target> {
    thread_local! {
        /// The normalised text, kept from one unit to the next so that a
        /// unit allocates no new lists for it.
        static NORM: std::cell::RefCell<Norm> = std::cell::RefCell::default();
    }
    NORM.with(|cell| match cell.try_borrow_mut() {
        Ok(mut n) => {
            n.fill(&unit.text.text, unit.range.clone());
            let out = extract_in(unit, index, ind, &n);
            n.release_if_over(SCRATCH_KEEP);
            out
        }
        // Not reached (extraction does not call itself); a fresh text then.
        Err(_) => extract_in(
            unit,
            index,
            ind,
            &Norm::new(&unit.text.text, unit.range.clone()),
        ),
    })
}

/// [`extract`] with the unit's normalised text already made
/// ([`Norm::new`] of the unit's range).
pub(crate) fn extract_normalised(
    unit: &TextUnit,
    index: usize,
    ind: &Indicators,
    n: &Norm,
) -> Vec<Target> {
    extract_in(unit, index, ind, n)
}

/// Characters of scratch kept between units (a larger unit's lists are
/// freed after it).
const SCRATCH_KEEP: usize = 1 << 16;

/// [`extract`] over the unit's normalised text.
fn extract_in(unit: &TextUnit, index: usize, ind: &Indicators, n: &Norm) -> Vec<Target> {
    let qs = numbers::scan(n);
    if qs.is_empty() {
        return Vec::new();
    }
    let bnd = boundaries(n);
    let years = year_mentions(n);
    let groups = value_lists(n, &qs, &quoted_mask(n));
    let lists = read_phrases(n, &qs, &bnd, groups);
    let consumed = consumed_lists(&qs, &lists);
    let cx = Extraction {
        unit,
        index,
        ind,
        n,
        qs: &qs,
        bnd: &bnd,
        years: &years,
    };
    cx.targets(&lists, &consumed)
}

/// Numbers inside quotes or titles are names (“15分钟医保服务圈”): which
/// characters are inside one.
fn quoted_mask(n: &Norm) -> Vec<bool> {
    let mut quoted = vec![false; n.len()];
    let mut depth = 0i32;
    for (i, c) in n.chars().enumerate() {
        match c {
            '“' | '《' | '「' => depth += 1,
            '”' | '》' | '」' => depth = (depth - 1).max(0),
            _ => {}
        }
        quoted[i] = depth > 0;
    }
    quoted
}

/// Step 2: numbers joined only by `、`, `和`, `及`… form one list.
fn value_lists(n: &Norm, qs: &[Quantity], quoted: &[bool]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (j, q) in qs.iter().enumerate() {
        if quoted[q.range.start] {
            continue;
        }
        if let Some(g) = groups.last_mut() {
            let prev = &qs[*g.last().expect("non-empty")];
            let between = prev.range.end..q.range.start;
            if between.len() <= 2
                && ["、", "和", "及", "与", "以及", "或"]
                    .iter()
                    .any(|w| n.eq_at(between.clone(), w))
            {
                g.push(j);
                continue;
            }
        }
        groups.push(vec![j]);
    }
    groups
}

/// Step 3 for every list: the phrase before it.
fn read_phrases(n: &Norm, qs: &[Quantity], bnd: &[bool], groups: Vec<Vec<usize>>) -> Vec<List> {
    let mut lists: Vec<List> = Vec::new();
    let mut prev_end = 0usize;
    for g in groups {
        let owned_before = lists.last().is_some_and(|l: &List| l.relation.is_some());
        let next_end = qs[*g.last().expect("non-empty")].range.end;
        lists.push(read_phrase(n, qs, bnd, g, prev_end, owned_before));
        prev_end = next_end;
    }
    lists
}

/// Step 3: the phrase before one list, back to the previous clause boundary,
/// read from its end: qualifier, relation, `分别`, fillers, the subject.
/// `prev_end` is where the previous list's values end; `owned_before` says
/// whether that list has a relation of its own.
fn read_phrase(
    n: &Norm,
    qs: &[Quantity],
    bnd: &[bool],
    g: Vec<usize>,
    prev_end: usize,
    owned_before: bool,
) -> List {
    let first: &Quantity = &qs[g[0]];
    let local_end = first.range.start;
    let mut s = local_end;
    while s > 0 && !bnd[s - 1] {
        s -= 1;
    }
    // A number between the boundary and this list starts the phrase only
    // when it is a target itself (a relation before it); otherwise it is
    // part of the subject (到2022年70岁以下人群…死亡率控制在…).
    if prev_end > s && owned_before {
        s = prev_end;
    }
    let mut e = local_end;
    let mut pre_bound = None;
    for (i, l) in pre_words().ending_at(n, e) {
        if e >= s + l {
            e -= l;
            let (w, b) = PRE[i];
            pre_bound = Some((b, w.to_string()));
            break;
        }
    }
    let pre_start = e;
    let mut relation = None;
    let mut verb = String::new();
    for (i, l) in relation_words().ending_at(n, e) {
        if e >= s + l {
            e -= l;
            let (w, r) = END_REL[i];
            relation = Some(r);
            verb = w.to_string();
            break;
        }
    }
    // 增长不低于6%: qualifier after the relation was handled; 超过 before it too.
    let mut distributed = false;
    for w in ["分别", "均"] {
        let Some(l) = n.ends_with_len(e, w) else {
            continue;
        };
        if e >= s + l {
            e -= l;
            distributed = w == "分别";
            break;
        }
    }
    let mut ss = s;
    let mut stretch_marker = false;
    loop {
        let before = ss;
        if strip_year(n, &mut ss, e) {
            continue;
        }
        if let Some(w) = strip_filler(n, &mut ss, e) {
            if STRETCH.contains(&w) {
                stretch_marker = true;
            }
        }
        if ss == before {
            break;
        }
    }
    e = strip_trailing(n, ss, e);
    extend_coordinated_subject(n, qs, bnd, &g, distributed, &mut s, &mut ss, e);
    List {
        qs: g,
        subject: ss..e,
        verb,
        relation,
        pre_bound,
        pre_start,
        distributed,
        stretch_marker,
        local: s..local_end,
    }
}

/// Adverbs between the subject and its relation: 粮食综合生产能力确保稳定在…
/// Returns the subject's new end.
fn strip_trailing(n: &Norm, ss: usize, mut e: usize) -> usize {
    loop {
        let before = e;
        while e > ss && n.at(e - 1) == '的' {
            e -= 1;
        }
        for (_, l) in trailing_words().ending_at(n, e) {
            if e >= ss + l + 2 {
                e -= l;
                break;
            }
        }
        if e == before {
            break;
        }
    }
    e
}

/// A subject coordinated with 、 reaches back across it
/// (续建扩建中小学、幼儿园5所); a distributed list also across numbers
/// inside its subjects (婴儿死亡率、5岁以下儿童死亡率、孕产妇死亡率分别控制在…).
#[allow(clippy::too_many_arguments)]
fn extend_coordinated_subject(
    n: &Norm,
    qs: &[Quantity],
    bnd: &[bool],
    g: &[usize],
    distributed: bool,
    s: &mut usize,
    ss: &mut usize,
    e: usize,
) {
    let mut k = *ss;
    if !(k > 1 && n.at(k - 1) == '、') {
        return;
    }
    let mut parts = count_parts(&n.as_chars()[*ss..e]);
    while k > 1 && n.at(k - 1) == '、' {
        let mut k2 = k - 1;
        while k2 > 0 && !bnd[k2 - 1] {
            k2 -= 1;
        }
        let has_number = qs
            .iter()
            .any(|q| q.range.start >= k2 && q.range.start < k - 1);
        let wanted = distributed && g.len() > 1 && parts < g.len();
        if has_number && !wanted {
            break;
        }
        if !has_number && !wanted && distributed {
            break;
        }
        k = k2;
        parts += 1;
    }
    if k < *ss && (!distributed || g.len() == 1 || parts == g.len()) {
        *ss = k;
        *s = (*s).min(k);
        // Fillers at the new start.
        loop {
            let before = *ss;
            strip_year(n, ss, e);
            strip_filler(n, ss, e);
            if *ss == before {
                break;
            }
        }
    }
}

/// Numbers inside another list's phrase are part of its subject.
fn consumed_lists(qs: &[Quantity], lists: &[List]) -> Vec<bool> {
    lists
        .iter()
        .map(|l| {
            lists.iter().any(|o| {
                !std::ptr::eq(o, l)
                    && l.qs.iter().all(|&q| {
                        qs[q].range.start >= o.local.start && qs[q].range.end <= o.local.end
                    })
            })
        })
        .collect()
}

/// What the target-building steps read.
struct Extraction<'a> {
    unit: &'a TextUnit,
    index: usize,
    ind: &'a Indicators,
    n: &'a Norm,
    qs: &'a [Quantity],
    bnd: &'a [bool],
    years: &'a [(usize, u32, Range<usize>)],
}

/// Per-value subjects of a list, and the relation, verb and stretch flag
/// they carry.
struct Subjects {
    subjects: Vec<(String, Option<usize>)>,
    verb: String,
    relation: Relation,
    stretch: bool,
}

impl Extraction<'_> {
    /// Steps 4–5 over every list not consumed by another: targets.
    fn targets(&self, lists: &[List], consumed: &[bool]) -> Vec<Target> {
        let (n, qs) = (self.n, self.qs);
        let mut out: Vec<Target> = Vec::new();
        // Targets of the previous list in the same sentence.
        let mut prev_list: Vec<usize> = Vec::new();
        let mut last_sentence_end = 0usize;
        for (li, l) in lists.iter().enumerate() {
            if consumed[li] {
                continue;
            }
            let first = &qs[l.qs[0]];
            // A sentence end between the previous list and this one.
            if (last_sentence_end..first.range.start)
                .any(|k| matches!(n.at(k), '。' | ';' | '!' | '?'))
            {
                prev_list.clear();
            }
            last_sentence_end = qs[*l.qs.last().expect("non-empty")].range.end;
            if let Some(this_list) = self.list_targets(l, &prev_list, &mut out) {
                prev_list = this_list;
            }
        }
        out
    }

    /// The targets of one list, appended to `out`; their indexes, or `None`
    /// when the list gives no target (and the previous list stays current).
    fn list_targets(
        &self,
        l: &List,
        prev_list: &[usize],
        out: &mut Vec<Target>,
    ) -> Option<Vec<usize>> {
        let (n, qs, bnd, unit) = (self.n, self.qs, self.bnd, self.unit);
        let first = &qs[l.qs[0]];
        let subject_text = n.slice(l.subject.clone());
        let mut key = if verb_only(&subject_text) {
            String::new()
        } else {
            subject_key(&subject_text)
        };
        let mut subject_range = l.subject.clone();
        // The text of `subject_range` when it is not `l.subject`.
        let mut after_text = None;
        // Number before its noun (推进45个重点在谈项目, 完成50所学校): the
        // noun after the value, up to a boundary or the next number.
        let last = &qs[*l.qs.last().expect("non-empty")];
        let next_q = qs
            .iter()
            .map(|q| q.range.start)
            .find(|&s| s >= last.range.end)
            .unwrap_or(n.len());
        let mut k = last.range.end;
        while k < next_q && !bnd[k] && k - last.range.end < 10 {
            k += 1;
        }
        let after = last.range.end..k;
        if key.is_empty() && !l.stretch_marker && after.len() >= 2 {
            subject_range = after;
            let t = n.slice(subject_range.clone());
            key = subject_key(&t);
            after_text = Some(t);
        }
        // Chinese numerals under ten need a verb: 一个、两个 are words.
        if l.qs.iter().any(|&q| qs[q].chinese && qs[q].lo < 10.0)
            && l.relation.is_none()
            && !START_VERBS.iter().any(|v| subject_text.starts_with(v))
        {
            return None;
        }
        let year = self
            .years
            .iter()
            .rev()
            .find(|(i, _, _)| *i < first.range.start)
            .map(|(_, y, r)| (*y, r.clone()));
        let inherit = key.is_empty();
        if inherit && prev_list.is_empty() {
            return None;
        }
        let m = l.qs.len();
        let Subjects {
            subjects,
            verb,
            relation,
            stretch,
        } = if inherit {
            inherited_subjects(l, first, prev_list, out)
        } else {
            let text = after_text.as_deref().unwrap_or(&subject_text);
            self.own_subjects(l, text, &key, prev_list, out)
        };
        let subject_span = if inherit {
            let at = unit.span(n.logical(l.subject.start..l.subject.start));
            at.start..at.start
        } else {
            unit.span(n.logical(subject_range.clone()))
        };
        let mut this_list = Vec::with_capacity(m);
        let shared = m > 1 && subjects.windows(2).any(|w| w[0].0 == w[1].0);
        for (k, (subject, indicator)) in subjects.into_iter().enumerate() {
            let qi = l.qs[k.min(m - 1)];
            let q = &qs[qi];
            let mut bound = q.bound;
            let mut start = q.range.start;
            if k == 0 || m == 1 {
                if let Some((b, _)) = &l.pre_bound {
                    if bound == Bound::Exact {
                        bound = *b;
                    }
                    start = l.pre_start;
                }
            }
            let logical = n.logical(start..q.range.end);
            // As written (full-width forms kept), white space dropped.
            let value_text: String = unit.text.text[logical.clone()]
                .chars()
                .filter(|c| !super::norm::is_space(*c))
                .collect();
            this_list.push(out.len());
            out.push(Target {
                unit: self.index,
                indicator,
                subject,
                subject_span: subject_span.clone(),
                relation,
                verb: verb.clone(),
                lo: q.lo,
                hi: q.hi,
                unit_of: q.unit.clone(),
                bound,
                stretch,
                value_text,
                value_span: unit.span(logical.clone()),
                value_logical: logical,
                year: year.as_ref().map(|y| y.0),
                year_span: year.as_ref().map(|y| unit.span(n.logical(y.1.clone()))),
                achieved: false,
                shared,
            });
        }
        Some(this_list)
    }

    /// Step 4: a list with a subject of its own; N values are distributed
    /// over `A、B、C` parts or over an indicator's `split`.
    fn own_subjects(
        &self,
        l: &List,
        subject_text: &str,
        key: &str,
        prev_list: &[usize],
        out: &[Target],
    ) -> Subjects {
        let ind = self.ind;
        let m = l.qs.len();
        let mut subjects: Vec<(String, Option<usize>)> = Vec::with_capacity(m);
        let mut relation = l.relation.unwrap_or(Relation::Count);
        let mut stretch = false;
        let (stripped, growth) = strip_rate_suffix(subject_text);
        if growth && l.relation.is_none_or(|r| r == Relation::Level) {
            relation = Relation::Growth;
        }
        // Without a rate suffix `stripped` is the whole text: not looked
        // up twice.
        let whole = ind
            .find_at_end(stripped)
            .or_else(|| growth.then(|| ind.find_at_end(subject_text)).flatten());
        // The parts are read only where a list may be distributed over them.
        let parts = if m > 1 || l.distributed {
            split_parts(subject_text)
        } else {
            Vec::new()
        };
        if m == 1 && l.distributed && parts.len() > 1 {
            // 高血压…和糖尿病…分别达到65%: one value for each part.
            for p in complete_parts(&parts) {
                let (s2, _) = strip_rate_suffix(&p);
                let id = ind.find_at_end(s2);
                subjects.push((p, id));
            }
        } else if m > 1 && parts.len() == m {
            for p in complete_parts(&parts) {
                let (s2, _) = strip_rate_suffix(&p);
                let id = ind.find_at_end(s2);
                subjects.push((p, id));
            }
        } else if let Some(id) = whole.filter(|&id| ind.list()[id].split.len() == m && m > 1) {
            for &part in &ind.list()[id].split {
                subjects.push((ind.name(part).to_string(), Some(part)));
            }
        } else {
            for _ in 0..m {
                subjects.push((subject_text.to_string(), whole));
            }
        }
        if l.stretch_marker {
            stretch = prev_list.iter().any(|&p| {
                subject_key_str(&out[p].subject) == key
                    || (whole.is_some() && out[p].indicator == whole)
            });
        }
        Subjects {
            subjects,
            verb: l.verb.clone(),
            relation,
            stretch,
        }
    }
}

/// Step 5: a list with no subject of its own takes the subjects of the list
/// before it in the same sentence.
fn inherited_subjects(l: &List, first: &Quantity, prev_list: &[usize], out: &[Target]) -> Subjects {
    let m = l.qs.len();
    let mut subjects: Vec<(String, Option<usize>)> = Vec::with_capacity(m);
    let mut verb = l.verb.clone();
    let mut relation = l.relation.unwrap_or(Relation::Count);
    for k in 0..m {
        let src = if prev_list.len() == m {
            prev_list[k]
        } else {
            *prev_list.last().expect("non-empty")
        };
        let p = &out[src];
        subjects.push((p.subject.clone(), p.indicator));
        // 增长4%（力争实现4.5%）: the relation carries over to a value
        // of the same kind; 年均增长9%，达到40.9亿元 keeps its own.
        let weak = l.relation.is_none()
            || (WEAK.contains(&l.verb.as_str()) && p.unit_of.kind == first.unit.kind);
        if weak && k == 0 {
            relation = p.relation;
            verb = p.verb.clone();
        }
    }
    Subjects {
        subjects,
        verb,
        relation,
        stretch: l.stretch_marker,
    }
}

/// Strips 增速/增幅/增长率 from a subject's end (`地区生产总值增速`).
fn strip_rate_suffix(s: &str) -> (&str, bool) {
    for suf in ["增长率", "增速", "增幅"] {
        if let Some(r) = s.strip_suffix(suf) {
            if !r.is_empty() {
                return (r, true);
            }
        }
    }
    (s, false)
}
