//! Rules of the `names` family (N): organisation names.
//!
//! Every rule here reads the same analysis: which registry applies to each
//! document ([`jurisdictions`]), and every unit name found in it
//! ([`occurrences`]) — the units of responsibility clauses, plus registry
//! names met in running text (found with the registry's leftmost-longest
//! aho-corasick matcher, so a shorter name inside a longer one is never
//! reported on its own) and near misses of them there (windows ending in a
//! unit suffix, [`crate::names::scan`]) — each with its [`Class`]. The rules differ only in
//! which classes they report. The work is per check (`check_corpus`), with
//! documents in parallel, because jurisdiction detection may look at a
//! document's companions.

/// One rule; its explanation is the doc comment of the struct inside.
pub mod empty_unit_list_item;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod inconsistent_unit_name;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod misspelled_unit_name;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod mixed_unit_name_forms;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod retired_unit_name;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod unit_name_variant;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod unknown_unit_name;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::chars::is_han;
use crate::diag::{Diagnostic, Edit};
use crate::model::{Document, Joined, Span};
use crate::names::registry::{Candidate, Registry, Resolved};
use crate::names::similar::suffix_type;
use crate::names::{Confusables, Form, Jurisdiction, UnitType};
use crate::rules::Context;

/// Family name.
pub const FAMILY: &str = "names";

/// The registry each document is checked against, indexed by file id.
///
/// With `--jurisdiction auto`: the registry detected in the document's own
/// text, else the one detected in a linked companion (report ↔ annex).
/// Nothing else: a document from another place checked in the same run must
/// not borrow this place's registry. Reads links: call it from
/// `check_corpus` only (the document phase runs before links exist).
pub fn jurisdictions<'a>(cx: &Context<'a>) -> Vec<Option<&'a Registry>> {
    // Computed once per check; stored as registry ids.
    struct Ids(Vec<Option<String>>);
    let names = &cx.data.names;
    let ids = cx.memo.get_or_init(usize::MAX, || {
        Ids(detect_jurisdictions(cx)
            .into_iter()
            .map(|r| r.map(|r| r.id.clone()))
            .collect())
    });
    ids.0
        .iter()
        .map(|id| id.as_deref().and_then(|id| names.get(id)))
        .collect()
}

fn detect_jurisdictions<'a>(cx: &Context<'a>) -> Vec<Option<&'a Registry>> {
    let names = &cx.data.names;
    let n = cx.sources.len();
    match &names.jurisdiction {
        Jurisdiction::None => vec![None; n],
        Jurisdiction::Fixed(id) => vec![names.get(id); n],
        Jurisdiction::Auto => {
            let own: Vec<Option<&'a Registry>> = (0..n)
                .into_par_iter()
                .map(|i| own_registry(cx, i))
                .collect();
            (0..n)
                .map(|i| {
                    own[i].or_else(|| {
                        cx.links.iter().find_map(|l| {
                            if l.annex == i {
                                own.get(l.report).copied().flatten()
                            } else if l.report == i {
                                own.get(l.annex).copied().flatten()
                            } else {
                                None
                            }
                        })
                    })
                })
                .collect()
        }
    }
}

/// The registry detected in file `file`'s own text (`--jurisdiction
/// auto`), computed once per check.
fn own_registry<'a>(cx: &Context<'a>, file: usize) -> Option<&'a Registry> {
    struct Own(Option<String>);
    let names = &cx.data.names;
    let own = cx.memo.get_or_init(file, || {
        Own(names.detect(&cx.sources[file].text).map(|r| r.id.clone()))
    });
    own.0.as_deref().and_then(|id| names.get(id))
}

/// The rules that read the analysis of a document's running text
/// (`occurrences(…, true)`), by name.
const BODY_READERS: [&str; 3] = [
    "unit-name-variant",
    "misspelled-unit-name",
    "retired-unit-name",
];

/// Whether the rule named `name` reads the analysis [`prepare`] makes.
pub fn reads_body(name: &str) -> bool {
    BODY_READERS.contains(&name)
}

/// What the names rules can do on one document in the document phase,
/// before links are known: the analysis of its running text, when its
/// registry does not depend on a link (a fixed jurisdiction, or one
/// detected in its own text; see [`jurisdictions`]). The cross-document
/// phase then finds it in the memo.
pub fn prepare(cx: &Context, doc: &Document) {
    let names = &cx.data.names;
    let reg = match &names.jurisdiction {
        Jurisdiction::None => None,
        Jurisdiction::Fixed(id) => names.get(id),
        Jurisdiction::Auto => own_registry(cx, doc.file),
    };
    if reg.is_some() {
        occurrences(cx, doc, reg, true);
    }
}

/// What a unit name turned out to be.
#[derive(Debug, Clone)]
pub enum Class {
    /// A collective entry (各街镇, 相关部门): not one unit.
    Collective,
    /// Correct: the canonical or full name (possibly after a place-name
    /// prefix), an alias in running text, or a former name in a document
    /// older than the change.
    Accepted(usize),
    /// An alias in a responsibility clause.
    Alias(usize),
    /// A known wrong spelling.
    Variant(usize),
    /// A former name.
    Retired {
        /// The unit.
        unit: usize,
        /// When the current name took effect, if known.
        since: Option<i32>,
    },
    /// Not in the registry, but close to these units (closest first).
    NearMiss(Vec<Candidate>),
    /// Not in the registry and close to nothing (or no registry applies).
    Unknown,
}

/// One unit name in a document.
#[derive(Debug, Clone)]
pub struct Occurrence {
    /// File id.
    pub file: usize,
    /// Its bytes in the source (may cross a line break).
    pub span: Span,
    /// The name as written, line breaks removed.
    pub written: String,
    /// Whether it is a unit of a responsibility clause (else running text).
    pub in_clause: bool,
    /// Byte length of a place-name prefix (`长清`) kept by fixes.
    pub prefix_len: usize,
    /// What it is.
    pub class: Class,
}

impl Occurrence {
    /// The text a fix puts in place of the whole name: the prefix as
    /// written, then `name`.
    pub fn replacement(&self, name: &str) -> String {
        format!("{}{}", &self.written[..self.prefix_len], name)
    }
}

/// Near misses of names, memoised for the whole check: the scan of every
/// registry form is the costly part of classifying a name, and a corpus
/// names the same units again and again. Keyed by registry (address, stable
/// for the check) and name.
#[derive(Default)]
struct NearCache(std::sync::Mutex<rustc_hash::FxHashMap<(usize, String), Vec<Candidate>>>);

impl NearCache {
    fn near_misses(&self, reg: &Registry, conf: &Confusables, name: &str) -> Vec<Candidate> {
        let key = (reg as *const Registry as usize, name.to_string());
        let lock = || self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = lock().get(&key) {
            return v.clone();
        }
        let v = reg.near_misses(name, conf);
        lock().entry(key).or_insert_with(|| v.clone());
        v
    }
}

fn classify(
    reg: &Registry,
    conf: &Confusables,
    near: &NearCache,
    written: &str,
    in_clause: bool,
    year: Option<i32>,
) -> (Class, usize) {
    if let Some(Resolved {
        unit,
        form,
        prefix_len,
    }) = reg.resolve(written)
    {
        let class = match form {
            Form::Canonical | Form::Full => Class::Accepted(unit),
            Form::Alias if in_clause => Class::Alias(unit),
            Form::Alias => Class::Accepted(unit),
            Form::Variant => Class::Variant(unit),
            Form::Retired { since } => match (since, year) {
                (Some(s), Some(y)) if y < s => Class::Accepted(unit),
                _ => Class::Retired { unit, since },
            },
        };
        return (class, prefix_len);
    }
    let mut best: (Vec<Candidate>, usize) = (Vec::new(), 0);
    for p in std::iter::once("").chain(reg.prefixes.iter().map(String::as_str)) {
        if let Some(rest) = written.strip_prefix(p) {
            if rest.is_empty() {
                continue;
            }
            let c = near.near_misses(reg, conf, rest);
            let better = match (c.first(), best.0.first()) {
                (Some(a), Some(b)) => a.diff.cost < b.diff.cost,
                (Some(_), None) => true,
                _ => false,
            };
            if better {
                best = (c, p.len());
            }
        }
    }
    if best.0.is_empty() {
        (Class::Unknown, 0)
    } else {
        (Class::NearMiss(best.0), best.1)
    }
}

/// Registry names and near misses of them in one piece of running text.
#[allow(clippy::too_many_arguments)]
fn scan_text(
    reg: &Registry,
    conf: &Confusables,
    cache: &NearCache,
    file: usize,
    text: &Joined,
    skip: &[Span],
    year: Option<i32>,
    out: &mut Vec<Occurrence>,
) {
    let t = text.text.as_str();
    let skipped = |span: &Span| {
        skip.iter()
            .any(|c| span.start < c.end && c.start < span.end)
    };
    let exact: Vec<(std::ops::Range<usize>, Resolved)> = reg.find_iter(t).collect();
    let ranges: Vec<std::ops::Range<usize>> = exact.iter().map(|(r, _)| r.clone()).collect();
    for (range, near) in reg.near_misses_in_text(t, &ranges, conf) {
        let span = text.span(range.clone());
        if skipped(&span) {
            continue;
        }
        out.push(Occurrence {
            file,
            span,
            written: t[range].to_string(),
            in_clause: false,
            prefix_len: 0,
            class: Class::NearMiss(near),
        });
    }
    for (range, res) in exact {
        if !matches!(res.form, Form::Variant | Form::Retired { .. }) {
            // Canonical and full names are correct; aliases are fine in
            // running text. They are still matched so that a shorter
            // variant inside them is never reported.
            continue;
        }
        let span = text.span(range.clone());
        if skipped(&span) {
            continue;
        }
        // A longer unit name that merely starts with this one
        // (区教育局体育局): one finding about the longer string.
        let mut ext_end = range.end;
        let mut longer = None;
        for c in t[range.end..].chars().take(4) {
            if !is_han(c) {
                break;
            }
            ext_end += c.len_utf8();
            let cand = &t[range.start..ext_end];
            if suffix_type(cand).is_empty() || reg.resolve(cand).is_some() {
                continue;
            }
            let near = cache.near_misses(reg, conf, cand);
            if !near.is_empty() {
                longer = Some((ext_end, near));
                break;
            }
        }
        if let Some((end, near)) = longer {
            out.push(Occurrence {
                file,
                span: text.span(range.start..end),
                written: t[range.start..end].to_string(),
                in_clause: false,
                prefix_len: 0,
                class: Class::NearMiss(near),
            });
            continue;
        }
        // 原区城乡水务局: a former name introduced as such; 各区教育局: the
        // bureaus of every district (a city document), not this unit.
        if t[..range.start].ends_with(['原', '各']) {
            continue;
        }
        let (class, _) = classify(reg, conf, cache, &t[range.clone()], false, year);
        out.push(Occurrence {
            file,
            span,
            written: t[range].to_string(),
            in_clause: false,
            prefix_len: 0,
            class,
        });
    }
}

/// Every unit name of a document: clause units always, registry names in
/// running text when a registry applies and `body` is set. Sorted by position.
pub fn occurrences(
    cx: &Context,
    doc: &Document,
    reg: Option<&Registry>,
    body: bool,
) -> std::sync::Arc<Vec<Occurrence>> {
    // Every N rule reads the same analysis; the registry is the document's
    // (see [`jurisdictions`]), so the file and `body` identify it.
    struct Occ(std::sync::Arc<Vec<Occurrence>>);
    let key = doc.file * 2 + usize::from(body);
    cx.memo
        .get_or_init(key, || {
            Occ(std::sync::Arc::new(compute_occurrences(cx, doc, reg, body)))
        })
        .0
        .clone()
}

fn compute_occurrences(
    cx: &Context,
    doc: &Document,
    reg: Option<&Registry>,
    body: bool,
) -> Vec<Occurrence> {
    let conf = &cx.data.names.confusables;
    let near = cx.memo.get_or_init(usize::MAX, NearCache::default);
    let src = &cx.source(doc).text;
    let year = doc.year.as_ref().and_then(|y| y.text.parse::<i32>().ok());
    let mut out = Vec::new();
    // A document names the same units again and again: classify each
    // spelling once.
    let mut seen: HashMap<&str, (Class, usize)> = HashMap::new();
    for t in &doc.tasks {
        for u in t
            .clauses
            .iter()
            .flat_map(|c| c.lead.iter().chain(&c.responsible))
        {
            let (class, prefix_len) = seen
                .entry(u.name.as_str())
                .or_insert_with(|| {
                    let collective = u.collective
                        || reg.is_some_and(|r| {
                            r.resolve(&u.name)
                                .is_some_and(|x| r.units[x.unit].kind == UnitType::Collective)
                        });
                    match reg {
                        _ if collective => (Class::Collective, 0),
                        Some(r) => classify(r, conf, &near, &u.name, true, year),
                        None => (Class::Unknown, 0),
                    }
                })
                .clone();
            out.push(Occurrence {
                file: doc.file,
                span: u.span.clone(),
                written: u.name.clone(),
                in_clause: true,
                prefix_len,
                class,
            });
        }
    }
    if let Some(r) = reg.filter(|_| body) {
        let mut body = Vec::new();
        for p in &doc.paragraphs {
            scan_text(r, conf, &near, doc.file, &p.text, &[], year, &mut body);
        }
        for t in &doc.tasks {
            let skip: Vec<Span> = t.clauses.iter().map(|c| c.span.clone()).collect();
            scan_text(r, conf, &near, doc.file, &t.body, &skip, year, &mut body);
        }
        for h in &doc.headings {
            let j = Joined::from_piece(src, h.span.clone());
            scan_text(r, conf, &near, doc.file, &j, &[], year, &mut body);
        }
        out.extend(body);
    }
    out.sort_by_key(|o| (o.span.start, o.span.end));
    out.dedup_by(|a, b| a.span == b.span);
    out
}

/// Runs `f` on every document with its registry, in parallel.
pub fn per_document<F>(cx: &Context, f: F) -> Vec<Diagnostic>
where
    F: Fn(&Document, Option<&Registry>) -> Vec<Diagnostic> + Sync,
{
    let regs = jurisdictions(cx);
    cx.docs
        .par_iter()
        .flat_map_iter(|d| f(d, regs.get(d.file).copied().flatten()))
        .collect()
}

/// `依据：济南市长清区单位名录（path）`.
pub fn registry_note(reg: &Registry) -> String {
    crate::tr!(
        "依据：{}单位名录（{}）",
        "basis: the “{}” unit registry ({})",
        reg.name,
        reg.path
    )
}

fn skipped(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// The smallest edits turning the name `written` at `span` into `target`:
/// only the differing middle is replaced, and line breaks inside the name
/// (hard-wrapped text) are kept. `None` when the source does not hold
/// `written` (then no fix is offered) or nothing changes.
pub fn name_edits(
    text: &str,
    file: usize,
    span: &Span,
    written: &str,
    target: &str,
) -> Option<Vec<Edit>> {
    if written == target {
        return None;
    }
    let map: Vec<(usize, char)> = text
        .get(span.clone())?
        .char_indices()
        .filter(|(_, c)| !skipped(*c))
        .map(|(i, c)| (span.start + i, c))
        .collect();
    if !map.iter().map(|x| x.1).eq(written.chars()) || map.is_empty() {
        return None;
    }
    let w: Vec<char> = written.chars().collect();
    let t: Vec<char> = target.chars().collect();
    let p = w.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let max_s = w.len().min(t.len()) - p;
    let s = w
        .iter()
        .rev()
        .zip(t.iter().rev())
        .take(max_s)
        .take_while(|(a, b)| a == b)
        .count();
    let new_mid: String = t[p..t.len() - s].iter().collect();
    if p == w.len() - s {
        let at = if p == 0 {
            map[0].0
        } else {
            map[p - 1].0 + map[p - 1].1.len_utf8()
        };
        return Some(vec![Edit {
            file,
            span: at..at,
            replacement: new_mid.into(),
        }]);
    }
    let mut runs: Vec<Span> = Vec::new();
    for &(o, c) in &map[p..w.len() - s] {
        let e = o + c.len_utf8();
        match runs.last_mut() {
            Some(r) if r.end == o => r.end = e,
            _ => runs.push(o..e),
        }
    }
    Some(
        runs.into_iter()
            .enumerate()
            .map(|(k, r)| Edit {
                file,
                span: r,
                replacement: if k == 0 {
                    new_mid.as_str().into()
                } else {
                    Default::default()
                },
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edits: &[Edit]) -> String {
        let mut out = text.to_string();
        for e in edits.iter().rev() {
            out.replace_range(e.span.clone(), &e.replacement);
        }
        out
    }

    #[test]
    fn edits_touch_only_the_difference() {
        let t = "（牵头单位：区工业和信息化和科技局）";
        let n = "区工业和信息化和科技局";
        let s = t.find(n).unwrap();
        let span = s..s + n.len();
        let e = name_edits(t, 0, &span, n, "区工业信息化和科技局").unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(&t[e[0].span.clone()], "和");
        assert_eq!(apply(t, &e), "（牵头单位：区工业信息化和科技局）");
    }

    #[test]
    fn edits_keep_line_breaks() {
        let t = "区工业和\n 信息化局";
        let e = name_edits(
            t,
            0,
            &(0..t.len()),
            "区工业和信息化局",
            "区工业和信息化和科技局",
        )
        .unwrap();
        assert_eq!(apply(t, &e), "区工业和\n 信息化和科技局");
        let t = "区域\n管局";
        let e = name_edits(t, 0, &(0..t.len()), "区域管局", "区城管局").unwrap();
        assert_eq!(apply(t, &e), "区城\n管局");
        // A deletion that crosses the break keeps it.
        let t = "区教育局\n体育局";
        let e = name_edits(t, 0, &(0..t.len()), "区教育局体育局", "区教育体育局").unwrap();
        assert_eq!(apply(t, &e), "区教育\n体育局");
    }

    #[test]
    fn no_edit_when_source_differs() {
        assert!(name_edits("区财政局", 0, &(0..12), "区民政局", "区财政局").is_none());
        assert!(name_edits("区财政局", 0, &(0..12), "区财政局", "区财政局").is_none());
    }
}
