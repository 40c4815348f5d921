//! The analysis behind [`super::TextDrift`]: a character diff of an annex
//! clause against its report sentence, read as named things swapped,
//! renamed, dropped or added.

use super::*;

/// What kind of difference a drift is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Name,
    Item,
    Quoted,
    Number,
    Dropped,
}

/// One difference inside a clause pair.
#[derive(Debug, Clone)]
pub(super) struct Drift {
    pub(super) kind: Kind,
    /// Annex unit index.
    pub(super) unit: usize,
    /// Changed text on each side (may be empty on one side).
    pub(super) a_text: String,
    pub(super) b_text: String,
    /// Labelled spans (source) and whether the side is missing text.
    pub(super) a_span: Span,
    pub(super) b_span: Span,
    /// Clause context shown in the message.
    pub(super) a_ctx: String,
    pub(super) b_ctx: String,
    /// For swaps: the whole item/name on each side.
    pub(super) a_name: (String, Span),
    pub(super) b_name: (String, Span),
    /// Report unit index.
    pub(super) b_unit: usize,
    /// The sides, to widen a name to its partner's length.
    pub(super) a_norm: Norm,
    pub(super) b_norm: Norm,
    pub(super) a_chars: Vec<char>,
    pub(super) b_chars: Vec<char>,
    pub(super) a_range: Range<usize>,
    pub(super) b_range: Range<usize>,
}

impl Drift {
    /// The annex name widened leftwards to `full` when the characters before
    /// it spell the missing head (`潮不夜城` → `国潮不夜城`).
    pub(super) fn widened(&self, link: &Link, annex: bool, full: &str) -> (String, Span) {
        let (norm, chars, r, unit) = if annex {
            (
                &self.a_norm,
                &self.a_chars,
                &self.a_range,
                &link.annex_units[self.unit],
            )
        } else {
            (
                &self.b_norm,
                &self.b_chars,
                &self.b_range,
                &link.report_units[self.b_unit],
            )
        };
        let want: Vec<char> = full.chars().collect();
        if want.len() > r.len() {
            let need = want.len() - r.len();
            if r.start >= need && chars[r.start - need..r.end] == want[..] {
                let nr = r.start - need..r.end;
                return (full.to_string(), unit.span(norm.logical(nr)));
            }
        }
        if annex {
            self.a_name.clone()
        } else {
            self.b_name.clone()
        }
    }
}

pub(super) struct Side<'a> {
    pub(super) norm: Norm,
    pub(super) chars: Vec<char>,
    pub(super) unit: &'a crate::targets::TextUnit,
}

impl<'a> Side<'a> {
    pub(super) fn new(unit: &'a crate::targets::TextUnit, r: Range<usize>) -> Self {
        let norm = Norm::new(&unit.text.text, r);
        let chars = norm.chars().collect();
        Side { norm, chars, unit }
    }

    pub(super) fn text(&self, r: Range<usize>) -> String {
        self.chars[r].iter().collect()
    }

    pub(super) fn span(&self, r: Range<usize>) -> Span {
        self.unit.span(self.norm.logical(r))
    }

    /// Original text of a char range, white space removed.
    pub(super) fn original(&self, r: Range<usize>) -> String {
        let l = self.norm.logical(r);
        self.unit.text.text[l]
            .chars()
            .filter(|c| !crate::targets::norm::is_space(*c))
            .collect()
    }

    /// Text quoted inside a message: inner double quotes become single
    /// (GB/T 15834: 双引号内再用单引号).
    pub(super) fn inner(s: String) -> String {
        s.replace('“', "‘").replace('”', "’")
    }

    pub(super) fn quoted(&self, at: usize) -> bool {
        let mut depth = 0i32;
        for &c in &self.chars[..at.min(self.chars.len())] {
            match c {
                '“' | '《' | '「' | '‘' => depth += 1,
                '”' | '》' | '」' | '’' => depth -= 1,
                _ => {}
            }
        }
        depth > 0
    }

    /// Context around a change: the whole clause when short, else a window.
    pub(super) fn context(&self, r: Range<usize>) -> String {
        let n = self.chars.len();
        if n <= 24 {
            return self.original(0..n);
        }
        let s = r.start.saturating_sub(8);
        let e = (r.end + 6).min(n);
        format!(
            "{}{}{}",
            if s > 0 { "…" } else { "" },
            self.original(s..e),
            if e < n { "…" } else { "" }
        )
    }
}

pub(super) fn is_punct(c: char) -> bool {
    !c.is_alphanumeric()
}

/// Change hunks `(a range, b range)` of a char diff, consecutive changes merged.
///
/// The ranges are sorted, do not overlap and lie within `a` and `b`. Positions
/// are counted from the operations' lengths rather than taken from their
/// indexes: `similar`'s Myers diff can report a `Delete` with a `new_index`
/// past the following equal run (seen: `c，` → `，a，，，bb` gives
/// `Delete { new_index: 3 }` before `Equal { new_index: 0 }`), which used to
/// produce overlapping hunks and an arithmetic overflow in [`analyse`].
pub(super) fn hunks(a: &[char], b: &[char]) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = raw_hunks(a, b);
    // Differences of punctuation alone are typography, not drift.
    out.retain(|(ar, br)| {
        !(a[ar.clone()].iter().all(|c| is_punct(*c)) && b[br.clone()].iter().all(|c| is_punct(*c)))
    });
    out
}

/// [`hunks`] before punctuation-only changes are dropped.
pub(super) fn raw_hunks(a: &[char], b: &[char]) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut merge = false;
    let (mut ai, mut bi) = (0usize, 0usize);
    for op in capture_diff_slices(Algorithm::Myers, a, b) {
        let (la, lb) = match op {
            DiffOp::Equal { len, .. } => {
                ai += len;
                bi += len;
                merge = false;
                continue;
            }
            DiffOp::Delete { old_len, .. } => (old_len, 0),
            DiffOp::Insert { new_len, .. } => (0, new_len),
            DiffOp::Replace {
                old_len, new_len, ..
            } => (old_len, new_len),
        };
        let ar = ai.min(a.len())..(ai + la).min(a.len());
        let br = bi.min(b.len())..(bi + lb).min(b.len());
        ai += la;
        bi += lb;
        match (merge, out.last_mut()) {
            (true, Some(h)) => {
                h.0.end = ar.end;
                h.1.end = br.end;
            }
            _ => out.push((ar, br)),
        }
        merge = true;
    }
    out
}

pub(super) const ITEM_SEP: &[char] = &['、', '和', '及', '与'];

/// Expands a change to the list item holding it, if the change covers the
/// item but for at most two characters on each side and the item is bounded
/// by a list separator on at least one side.
pub(super) fn list_item(chars: &[char], r: &Range<usize>) -> Option<Range<usize>> {
    let mut s = r.start;
    while s > 0 && !ITEM_SEP.contains(&chars[s - 1]) && r.start - s <= 2 {
        s -= 1;
    }
    let left_sep = s > 0 && ITEM_SEP.contains(&chars[s - 1]);
    if !(left_sep || s == 0) || r.start - s > 2 {
        return None;
    }
    let mut e = r.end;
    while e < chars.len() && !ITEM_SEP.contains(&chars[e]) && chars[e] != '等' && e - r.end <= 2 {
        e += 1;
    }
    let right_sep = e < chars.len() && (ITEM_SEP.contains(&chars[e]) || chars[e] == '等');
    if !(right_sep || e == chars.len()) || e - r.end > 2 {
        return None;
    }
    (left_sep || right_sep).then_some(s..e)
}

pub(super) struct Params {
    pub(super) suffixes: Vec<String>,
    pub(super) function: Vec<char>,
}

impl Params {
    pub(super) fn ends_with_suffix(&self, s: &str) -> bool {
        self.suffixes.iter().any(|x| s.ends_with(x.as_str()))
    }

    pub(super) fn starts_with_suffix(&self, chars: &[char]) -> bool {
        self.suffixes.iter().any(|s| {
            let sc: Vec<char> = s.chars().collect();
            chars.len() >= sc.len() && chars[..sc.len()] == sc[..]
        })
    }
}

/// The drift of one clause pair, if there is exactly one qualifying change.
pub(super) fn analyse(link: &Link, pair: &ClausePair, unit: usize, p: &Params) -> Option<Drift> {
    let (au, ru) = (
        &link.annex_units[unit],
        &link.report_units[pair.report_unit],
    );
    // Most clause pairs are copies: the same text has the same normalised
    // characters, no hunk and so no drift (see `single_change`), without
    // normalising or diffing.
    if au.text.text[pair.annex.clone()] == ru.text.text[pair.report.clone()] {
        return None;
    }
    let a = Side::new(au, pair.annex.clone());
    let b = Side::new(ru, pair.report.clone());
    if a.chars == b.chars {
        return None;
    }
    let hs = hunks(&a.chars, &b.chars);
    let (idx, at_edge) = single_change(&a, &b, &hs)?;
    let (ar, br) = hs[idx].clone();
    let left = ar.start - if idx > 0 { hs[idx - 1].0.end } else { 0 };
    let right = if idx + 1 < hs.len() {
        hs[idx + 1].0.start
    } else {
        a.chars.len()
    } - ar.end;
    let ch = Change {
        a: &a,
        b: &b,
        at: a.text(ar.clone()),
        bt: b.text(br.clone()),
        ar,
        br,
        at_edge,
        left,
        right,
    };
    let kind = if ch.numeric() {
        number_kind(link, &ch)?
    } else if !ch.at.is_empty() && !ch.bt.is_empty() {
        match replaced_kind(&ch, p)? {
            Ok(kind) => kind,
            Err((ia, ib)) => return Some(make(pair, unit, &a, &b, Kind::Item, ia, ib)),
        }
    } else {
        dropped_kind(&ch, p)?
    };
    let Change { ar, br, .. } = ch;
    let (ar, br) = if kind == Kind::Number {
        (whole_number(&a.chars, ar), whole_number(&b.chars, br))
    } else {
        (ar, br)
    };
    Some(make(pair, unit, &a, &b, kind, ar, br))
}

/// The one change between two otherwise identical clauses: its hunk and
/// whether it sits at the clause's end. Changes at the ends may only add
/// words (力争…, …建设), and most of the shorter clause must be shared.
pub(super) fn single_change(
    a: &Side,
    b: &Side,
    hs: &[(Range<usize>, Range<usize>)],
) -> Option<(usize, bool)> {
    let edge = |h: &(Range<usize>, Range<usize>)| {
        (h.0.start == 0 && h.1.start == 0) || (h.0.end == a.chars.len() && h.1.end == b.chars.len())
    };
    let pure = |h: &(Range<usize>, Range<usize>)| h.0.is_empty() || h.1.is_empty();
    let (ca, cb): (usize, usize) = hs
        .iter()
        .fold((0, 0), |(x, y), h| (x + h.0.len(), y + h.1.len()));
    let equal = a
        .chars
        .len()
        .saturating_sub(ca)
        .min(b.chars.len().saturating_sub(cb));
    let shorter = a.chars.len().min(b.chars.len());
    if shorter == 0 || equal * 2 < shorter {
        return None;
    }
    let interior: Vec<usize> = (0..hs.len()).filter(|&i| !edge(&hs[i])).collect();
    let (idx, at_edge) = match interior.as_slice() {
        [i] => (*i, false),
        [] => {
            // Only a short substitution at the clause's end can be a name.
            let i = hs.iter().position(|h| {
                h.0.end == a.chars.len()
                    && h.1.end == b.chars.len()
                    && h.0.start > 0
                    && h.1.start > 0
            })?;
            (i, true)
        }
        _ => return None,
    };
    if hs
        .iter()
        .enumerate()
        .any(|(i, h)| i != idx && edge(h) && !pure(h))
    {
        return None;
    }
    Some((idx, at_edge))
}

/// The changed text of both sides and where it sits.
struct Change<'s, 'a> {
    a: &'s Side<'a>,
    b: &'s Side<'a>,
    ar: Range<usize>,
    br: Range<usize>,
    at: String,
    bt: String,
    at_edge: bool,
    /// Unchanged characters before the change (since the previous hunk).
    left: usize,
    /// Unchanged characters after it.
    right: usize,
}

impl Change<'_, '_> {
    /// A change of numbers. Chinese numerals count as numbers only when a
    /// whole side is one (二期/三期).
    fn numeric(&self) -> bool {
        let cn_numeral = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| "零〇一二两三四五六七八九十百千".contains(c))
        };
        let has_digit = |s: &str| s.chars().any(|c| c.is_ascii_digit());
        has_digit(&self.at) || has_digit(&self.bt) || (cn_numeral(&self.at) && cn_numeral(&self.bt))
    }

    fn quoted(&self) -> bool {
        self.a.quoted(self.ar.start) && self.b.quoted(self.br.start)
    }
}

/// A changed number that is not a target or its year (X001, X002, X003
/// report those).
fn number_kind(link: &Link, ch: &Change) -> Option<Kind> {
    let overlaps = |ts: &[crate::targets::Target], sp: Span| {
        let hit = |o: &Span| o.start < sp.end && sp.start < o.end;
        ts.iter()
            .any(|t| hit(&t.value_span) || t.year_span.as_ref().is_some_and(hit))
    };
    if ch.at_edge
        || ch.at.is_empty()
        || ch.bt.is_empty()
        || ch.left < 2
        || overlaps(&link.annex_targets, ch.a.span(ch.ar.clone()))
        || overlaps(&link.report_targets, ch.b.span(ch.br.clone()))
    {
        return None;
    }
    Some(Kind::Number)
}

/// Text replaced by other text: a quoted name, a list item (`Err` with the
/// items' ranges), or a name before a suffix.
#[allow(clippy::type_complexity)]
fn replaced_kind(ch: &Change, p: &Params) -> Option<Result<Kind, (Range<usize>, Range<usize>)>> {
    let (at, bt, ar, br) = (&ch.at, &ch.bt, &ch.ar, &ch.br);
    let at_edge = ch.at_edge;
    if ch.quoted() && !at_edge && at.chars().count() <= 6 && bt.chars().count() <= 6 {
        return Some(Ok(Kind::Quoted));
    }
    if let (Some(ia), Some(ib)) = (list_item(&ch.a.chars, ar), list_item(&ch.b.chars, br)) {
        let (la, lb) = (ia.len(), ib.len());
        if at_edge || la < 2 || lb < 2 {
            return None;
        }
        return Some(Err((ia, ib)));
    }
    let (na, nb) = (at.chars().count(), bt.chars().count());
    let suffix_pair = na <= 4 && nb <= 4 && p.ends_with_suffix(at) && p.ends_with_suffix(bt);
    let before_suffix = (2..=12).contains(&na)
        && (2..=12).contains(&nb)
        && p.starts_with_suffix(&ch.a.chars[ar.end..]);
    let by_suffix = suffix_pair && ch.left >= if at_edge { 4 } else { 2 };
    let by_following = before_suffix && !at_edge && ch.left >= 2;
    (by_suffix || by_following).then_some(Ok(Kind::Name))
}

/// One side lost characters: a quoted word, or one Chinese character
/// dropped between two others.
fn dropped_kind(ch: &Change, p: &Params) -> Option<Kind> {
    if ch.at_edge {
        return None;
    }
    let (d, short, gap) = if ch.at.is_empty() {
        (&ch.bt, ch.a, ch.ar.start)
    } else {
        (&ch.at, ch.b, ch.br.start)
    };
    let n = d.chars().count();
    if ch.quoted() && n <= 4 {
        return Some(Kind::Quoted);
    }
    let c = d.chars().next().unwrap_or(' ');
    let neighbours_han = gap > 0
        && gap < short.chars.len()
        && is_han(short.chars[gap - 1])
        && is_han(short.chars[gap]);
    (n == 1
        && is_han(c)
        && !p.function.contains(&c)
        && neighbours_han
        && ch.left >= 2
        && ch.right >= 1)
        .then_some(Kind::Dropped)
}

/// Widens a change inside a number to the whole number (`1234[6]` → `12346`).
pub(super) fn whole_number(chars: &[char], mut r: Range<usize>) -> Range<usize> {
    let num = |c: char| c.is_ascii_digit() || c == '.';
    while r.start > 0 && num(chars[r.start - 1]) {
        r.start -= 1;
    }
    while r.end < chars.len() && num(chars[r.end]) {
        r.end += 1;
    }
    r
}

pub(super) fn make(
    pair: &ClausePair,
    unit: usize,
    a: &Side,
    b: &Side,
    kind: Kind,
    ar: Range<usize>,
    br: Range<usize>,
) -> Drift {
    let names = (ar.clone(), br.clone());
    // A side that lost text is labelled on the characters around the gap.
    let label = |s: &Side, r: &Range<usize>| -> Span {
        if r.is_empty() {
            let st = r.start.saturating_sub(1);
            let en = (r.start + 1).min(s.chars.len());
            s.span(st..en)
        } else {
            s.span(r.clone())
        }
    };
    Drift {
        kind,
        unit,
        a_text: a.original(ar.clone()),
        b_text: b.original(br.clone()),
        a_span: label(a, &ar),
        b_span: label(b, &br),
        a_ctx: Side::inner(a.context(ar.clone())),
        b_ctx: Side::inner(b.context(br.clone())),
        a_name: (a.text(names.0.clone()), a.span(names.0.clone())),
        b_name: (b.text(names.1.clone()), b.span(names.1.clone())),
        b_unit: pair.report_unit,
        a_norm: a.norm.clone(),
        b_norm: b.norm.clone(),
        a_chars: a.chars.clone(),
        b_chars: b.chars.clone(),
        a_range: names.0,
        b_range: names.1,
    }
}

/// Whether `x` and `y` name the same thing, one possibly a tail of the other
/// (`国潮不夜城` and `潮不夜城` when the diff kept the shared `国`).
pub(super) fn same_name(x: &str, y: &str) -> bool {
    x.chars().count() >= 2 && y.chars().count() >= 2 && (x.ends_with(y) || y.ends_with(x) || x == y)
}
