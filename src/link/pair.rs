//! Pairing documents: which report each annex was written from.
//!
//! In order:
//! 1. Explicit pairs (`--pair REPORT=ANNEX`) always win; a report named in
//!    one is not paired automatically.
//! 2. Otherwise, among the reports of the run, an annex pairs with the report
//!    of its own year (the annex title says `2025 年《政府工作报告》…`) whose
//!    text its tasks are most drawn from (shingle containment). A report and
//!    an annex that both name their jurisdiction (`长清区人民政府`,
//!    `天桥区区长`) and name different ones are never paired; nor are a
//!    report naming its jurisdiction and an annex that never mentions it
//!    and shares little of its text.
//! 3. When no report has the annex's year, the annex pairs with the report
//!    whose text it is most drawn from, provided that share is plausible;
//!    with a single report, with that report. The year mismatch is then a
//!    finding (X003), not a reason to stay silent.

use std::collections::HashMap;

use serde::Serialize;

use super::align::ReportIndex;
use crate::chars::is_han;
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
    /// The only report of the run.
    Only,
    /// A document's prose and its own indicator table.
    SameFile,
}

/// Least share of an annex's shingles a report must hold to be paired by
/// content alone.
pub const MIN_CONTAINMENT: f32 = 0.25;

fn year(d: &Document) -> Option<u32> {
    d.year.as_ref().and_then(|y| y.text.parse().ok())
}

/// The jurisdiction a document names in its opening: `长清区` from
/// `济南市长清区人民政府` or `长清区区长`.
pub fn jurisdiction(text: &str) -> Option<String> {
    let head: String = text.chars().take(3000).collect();
    let chars: Vec<char> = head.chars().filter(|c| !c.is_whitespace()).collect();
    const AFTER: &[&str] = &["人民政府", "区长", "县长", "市长", "人民代表大会", "人大"];
    for i in 0..chars.len() {
        if !matches!(chars[i], '区' | '县' | '旗') {
            continue;
        }
        let rest: String = chars[i + 1..chars.len().min(i + 7)].iter().collect();
        if !AFTER.iter().any(|a| rest.starts_with(a)) {
            continue;
        }
        // Two or three Han characters before, not after 市/省 boundaries.
        let mut k = i;
        while k > 0
            && i - k < 3
            && is_han(chars[k - 1])
            && !matches!(chars[k - 1], '市' | '省' | '州')
        {
            k -= 1;
        }
        if i - k >= 2 {
            return Some(chars[k..=i].iter().collect());
        }
    }
    None
}

fn same_path(src: &SourceFile, p: &std::path::Path) -> bool {
    if src.path == p {
        return true;
    }
    match (std::fs::canonicalize(&src.path), std::fs::canonicalize(p)) {
        (Ok(a), Ok(b)) => a == b,
        _ => src.name == p.to_string_lossy().replace('\\', "/"),
    }
}

/// A shingle set shared by identical annexes.
type SharedSet = std::rc::Rc<Vec<u64>>;

pub(crate) fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Report ↔ annex pairs: `(report file, annex file, how)`. `units` holds
/// each document's text units; `index` builds a report's shingle index.
pub fn pairs(
    sources: &[SourceFile],
    docs: &[Document],
    explicit: &[(std::path::PathBuf, std::path::PathBuf)],
    units: &dyn Fn(usize) -> Vec<TextUnit>,
    index: &dyn Fn(usize) -> std::sync::Arc<ReportIndex>,
) -> Vec<(usize, usize, Pairing)> {
    let mut out = Vec::new();
    let mut taken_reports = Vec::new();
    let mut taken_annexes = Vec::new();
    for (rp, ap) in explicit {
        let r = sources.iter().position(|s| same_path(s, rp));
        let a = sources.iter().position(|s| same_path(s, ap));
        if let (Some(r), Some(a)) = (r, a) {
            if r != a {
                out.push((r, a, Pairing::Explicit));
                taken_reports.push(r);
                taken_annexes.push(a);
            }
        }
    }
    let reports: Vec<usize> = docs
        .iter()
        .filter(|d| d.kind == DocKind::Report && !taken_reports.contains(&d.file))
        .map(|d| d.file)
        .collect();
    if reports.is_empty() {
        return out;
    }
    let juris: Vec<Option<String>> = sources.iter().map(|s| jurisdiction(&s.text)).collect();
    let mut hashes = vec![0u64; sources.len()];
    for &r in &reports {
        hashes[r] = text_hash(&sources[r].text);
    }
    let mut sets: HashMap<u64, Vec<(usize, SharedSet)>> = HashMap::new();
    for annex in docs
        .iter()
        .filter(|d| d.kind == DocKind::Annex && !taken_annexes.contains(&d.file))
    {
        // Identical annex texts (copies) share their shingle set.
        let text = &sources[annex.file].text;
        let h = text_hash(text);
        let cached = sets.get(&h).and_then(|v| {
            v.iter()
                .find(|(f, _)| {
                    sources[*f].text == *text && sources[*f].format == sources[annex.file].format
                })
                .map(|(_, s)| s.clone())
        });
        let annex_set = match cached {
            Some(s) => s,
            None => {
                let s = std::rc::Rc::new(super::align::shingle_set(&units(annex.file)));
                sets.entry(h).or_default().push((annex.file, s.clone()));
                s
            }
        };
        // Identical report texts (copies in a repository) score once.
        let memo: std::cell::RefCell<HashMap<u64, f32>> = Default::default();
        let score = |r: usize| -> f32 {
            let key = hashes[r];
            if let Some(v) = memo.borrow().get(&key) {
                return *v;
            }
            let v = index(r).containment_of(&annex_set);
            memo.borrow_mut().insert(key, v);
            v
        };
        let annex_text = &sources[annex.file].text;
        // Whether the annex names a jurisdiction, once per jurisdiction.
        let mut names: HashMap<&str, bool> = HashMap::new();
        let cands: Vec<usize> = reports
            .iter()
            .copied()
            .filter(|&r| match (&juris[r], &juris[annex.file]) {
                (Some(a), Some(b)) => a == b,
                // An annex that never names the report's jurisdiction and
                // shares little of its text belongs to another place.
                (Some(j), None) => {
                    let named = *names.entry(j.as_str()).or_insert_with(|| {
                        let stem: String = j.chars().take(j.chars().count() - 1).collect();
                        annex_text.contains(&stem)
                    });
                    named || score(r) >= MIN_CONTAINMENT
                }
                _ => true,
            })
            .collect();
        if cands.is_empty() {
            continue;
        }
        let ay = year(annex);
        let same_year: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&r| ay.is_some() && year(&docs[r]) == ay)
            .collect();
        let best = |list: &[usize]| -> Option<(usize, f32)> {
            list.iter()
                .map(|&r| (r, score(r)))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        };
        let pick = if same_year.len() == 1 {
            Some((same_year[0], Pairing::Year))
        } else if let Some((r, _)) = best(&same_year) {
            Some((r, Pairing::Year))
        } else if cands.len() == 1 {
            Some((cands[0], Pairing::Only))
        } else {
            best(&cands)
                .filter(|(_, s)| *s >= MIN_CONTAINMENT)
                .map(|(r, _)| (r, Pairing::Content))
        };
        if let Some((r, how)) = pick {
            out.push((r, annex.file, how));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
