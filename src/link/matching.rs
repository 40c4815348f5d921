//! Matching an annex's targets with the report's (or the table's): which
//! report target each annex target restates.

use super::*;

/// A count of new things (新增…, 新建…) rather than a total (达到…).
pub(super) fn increment(t: &Target) -> bool {
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
    let k = targets::subject_key_str(&t.subject);
    // 新建、续建、改扩建… lists verbs; it is not a count of new things.
    NEW.iter()
        .any(|w| k.starts_with(w) && !k[w.len()..].starts_with('、'))
        || matches!(t.verb.as_str(), "新增" | "新建")
}

/// Whether two targets can be counterparts at all.
pub(super) fn compatible(a: &Target, r: &Target) -> bool {
    a.stretch == r.stretch
        && a.relation.group() == r.relation.group()
        && (increment(a) == increment(r)
            || (a.indicator.is_some() && a.indicator == r.indicator && a.verb == r.verb))
        && (a.unit_of.comparable(&r.unit_of)
            || (a.unit_of.kind == UnitKind::Rate && r.unit_of.kind == UnitKind::Rate))
}

pub(super) fn in_range(r: &std::ops::Range<usize>, inner: &std::ops::Range<usize>) -> bool {
    inner.start >= r.start && inner.end <= r.end
}

/// Finds each annex target's counterpart in the report: in the paired
/// clause, else the same indicator, else the same subject in the task's
/// passages.
pub(super) fn match_targets(link: &Link, ind: &targets::Indicators) -> Vec<TargetMatch> {
    let mut out = Vec::new();
    let mut used = vec![false; link.report_targets.len()];
    for (ai, a) in link.annex_targets.iter().enumerate() {
        let Some(task) = link.task(a.unit) else {
            continue;
        };
        let found = in_clause(link, task, a)
            .map(|i| (i, MatchHow::Clause))
            .or_else(|| by_indicator(link, ind, task, a).map(|i| (i, MatchHow::Indicator)))
            .or_else(|| by_subject(link, task, a, &used).map(|i| (i, MatchHow::Subject)));
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

/// Whether a report target lies in one of the task's passages.
fn in_passage(link: &Link, task: &TaskAlignment, r: &Target) -> bool {
    task.passages.iter().any(|&s| {
        let sent = &link.sentences[s];
        sent.unit == r.unit && in_range(&sent.range, &r.value_logical)
    })
}

/// Step 1: the counterpart in the report clause paired with the target's clause.
fn in_clause(link: &Link, task: &TaskAlignment, a: &Target) -> Option<usize> {
    let rt = &link.report_targets;
    let clause = task
        .clauses
        .iter()
        .filter(|c| in_range(&c.annex, &a.value_logical))
        .max_by(|x, y| x.similarity.total_cmp(&y.similarity));
    let c = clause?;
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
                    targets::subject_key_str(&a.subject),
                    targets::subject_key_str(&rt[i].subject),
                    false,
                ) > 0.0
            })
    });
    pick
}

/// Step 2: the same indicator, in the task's passages, else as a plain
/// statement of the indicator on both sides.
fn by_indicator(
    link: &Link,
    ind: &targets::Indicators,
    task: &TaskAlignment,
    a: &Target,
) -> Option<usize> {
    let rt = &link.report_targets;
    a.indicator.as_ref()?;
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
        ind.find_exact(targets::subject_key_str(&t.subject))
            .is_some()
            || ind.find_exact(&t.subject).is_some()
    };
    let pick = cands
        .iter()
        .copied()
        .filter(|&i| in_passage(link, task, &rt[i]))
        .min_by_key(|&i| !a.same_value(&rt[i]))
        .or_else(|| {
            cands
                .iter()
                .copied()
                .filter(|&i| plain(a) && plain(&rt[i]))
                .min_by_key(|&i| !a.same_value(&rt[i]))
        });
    pick
}

/// Step 3: the same subject in the task's passages, not matched yet.
fn by_subject(link: &Link, task: &TaskAlignment, a: &Target, used: &[bool]) -> Option<usize> {
    let rt = &link.report_targets;
    if a.subject.is_empty() {
        return None;
    }
    rt.iter()
        .enumerate()
        .filter(|(i, r)| {
            !used[*i] && in_passage(link, task, r) && compatible(a, r) && same_subject(a, r)
        })
        .map(|(i, _)| i)
        .next()
}

/// Whether two targets name the same thing (indicator, or subject key).
pub fn same_subject(a: &Target, b: &Target) -> bool {
    if a.indicator.is_some() || b.indicator.is_some() {
        return a.indicator == b.indicator;
    }
    let ka = targets::subject_key_str(&a.subject);
    let kb = targets::subject_key_str(&b.subject);
    !ka.is_empty() && ka == kb
}
