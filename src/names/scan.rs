//! Near misses of registry names in running text.
//!
//! Exact registry names are found by the registry's aho-corasick matcher; a
//! misspelt one (区审记局 in a sentence) is not a pattern of it. A typo keeps
//! a name's unit suffix (…局, …街道, …中心: the distance requires the same
//! suffix type), so the candidates are the windows of Chinese characters
//! that end in a character some registry name ends with, no shorter or
//! longer than one edit from the names ending so, and that start with a
//! character one of them starts with (first or second: the first may be the
//! changed or dropped one). Only those windows are looked up in the
//! registry's deletion index ([`super::similar::NameIndex`]); text outside
//! any window costs one hash lookup per character. Windows overlapping an
//! exact registry name are skipped: 全区民政局 is 区民政局 after a word of
//! the sentence, not a typo of it.

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::chars::is_han;

/// Where registry names may end and start.
#[derive(Debug, Clone, Default)]
pub struct Windows {
    /// Last character → (shortest, longest) name ending in it, in characters.
    ends: FxHashMap<char, (usize, usize)>,
    /// First and second characters of the names.
    starts: FxHashSet<char>,
}

/// Windows shorter than this are never looked up (区局 is no unit name).
const MIN_WINDOW: usize = 3;

impl Windows {
    /// The anchors of `names`.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut w = Windows::default();
        for n in names {
            let v: Vec<char> = n.chars().collect();
            let Some(&last) = v.last() else { continue };
            let e = w.ends.entry(last).or_insert((v.len(), v.len()));
            e.0 = e.0.min(v.len());
            e.1 = e.1.max(v.len());
            w.starts.extend(v.iter().take(2));
        }
        w
    }

    /// The best window ending at each unit-suffix character of `text`, as
    /// judged by `near` (a cost and a value, `None` when the window is no
    /// near miss): the cheapest, the longer one on a tie. `exact` holds the
    /// byte ranges of exact registry names, sorted; a window overlapping one
    /// is skipped unless it is that name with its first character doubled
    /// (文文昌街道) and `doubles` allows that character (长清区区教育局 is
    /// a place name before a name). `near` is also told whether the window
    /// follows another Chinese character. Found windows do not overlap each
    /// other: of two that do, the cheaper (on a tie the longer) is kept.
    pub fn find<T>(
        &self,
        text: &str,
        exact: &[Range<usize>],
        doubles: impl Fn(char) -> bool,
        mut near: impl FnMut(&str, bool) -> Option<(f32, T)>,
    ) -> Vec<(Range<usize>, T)> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out: Vec<(Range<usize>, f32, T)> = Vec::new();
        let mut run_start = 0;
        for (i, &(at, c)) in chars.iter().enumerate() {
            if !is_han(c) {
                run_start = i + 1;
                continue;
            }
            let Some(&(min, max)) = self.ends.get(&c) else {
                continue;
            };
            let end = at + c.len_utf8();
            let run = i + 1 - run_start;
            let mut best: Option<(Range<usize>, f32, T)> = None;
            for len in (min.saturating_sub(1)).max(MIN_WINDOW)..=(max + 1).min(run) {
                let k = i + 1 - len;
                let start = chars[k].0;
                if !(self.starts.contains(&chars[k].1) || self.starts.contains(&chars[k + 1].1)) {
                    continue;
                }
                if overlaps(exact, start..end)
                    && !(doubles(chars[k].1) && doubled_first(text, exact, start..end))
                {
                    continue;
                }
                if let Some((cost, v)) = near(&text[start..end], k > run_start) {
                    if best.as_ref().is_none_or(|b| cost <= b.1) {
                        best = Some((start..end, cost, v));
                    }
                }
            }
            let Some(b) = best else { continue };
            // Of overlapping windows keep the better.
            let mut keep = true;
            while let Some(last) = out.last() {
                if last.0.end <= b.0.start {
                    break;
                }
                if b.1 < last.1 || (b.1 == last.1 && b.0.len() > last.0.len()) {
                    out.pop();
                } else {
                    keep = false;
                    break;
                }
            }
            if keep {
                out.push(b);
            }
        }
        out.into_iter().map(|(r, _, v)| (r, v)).collect()
    }
}

/// Whether `r` is an exact name of `exact` with its first character
/// written twice.
fn doubled_first(text: &str, exact: &[Range<usize>], r: Range<usize>) -> bool {
    let Some(c) = text[r.clone()].chars().next() else {
        return false;
    };
    let inner = r.start + c.len_utf8()..r.end;
    exact
        .binary_search_by(|x| x.start.cmp(&inner.start))
        .is_ok_and(|k| exact[k] == inner)
        && text[inner].starts_with(c)
}

/// Whether `r` overlaps any of the sorted, non-overlapping `ranges`.
fn overlaps(ranges: &[Range<usize>], r: Range<usize>) -> bool {
    let k = ranges.partition_point(|x| x.end <= r.start);
    ranges.get(k).is_some_and(|x| x.start < r.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The windows found when `typos` are the near misses of `names`.
    fn found(names: &[&str], typos: &[&str], text: &str, exact: &[&str]) -> Vec<String> {
        let w = Windows::new(names.iter().copied());
        let mut ranges: Vec<Range<usize>> = exact
            .iter()
            .map(|e| {
                let s = text.find(e).unwrap();
                s..s + e.len()
            })
            .collect();
        ranges.sort_by_key(|r| r.start);
        let hits = w.find(
            text,
            &ranges,
            |c| c != '区',
            |s, _| typos.contains(&s).then_some((1.0, ())),
        );
        hits.into_iter().map(|(r, _)| text[r].to_string()).collect()
    }

    #[test]
    fn windows_end_in_a_suffix_and_skip_exact_names() {
        let names = ["区审计局", "区民政局"];
        let typos = ["区审记局", "由区审记局", "全区民政局"];
        // The cheapest window wins; on a tie the longer one.
        assert_eq!(found(&names, &typos, "由区审记局负责", &[]), ["由区审记局"]);
        // The exact name claims its characters.
        assert!(found(&names, &typos, "由全区民政局负责", &["区民政局"]).is_empty());
        // Not across punctuation, not shorter than three characters.
        assert!(found(&names, &["审记局", "记局"], "区，审记局", &[]) == ["审记局"]);
        assert!(found(&names, &["记局"], "记局", &[]).is_empty());
        // A doubled first character is a typo even of an exact name.
        let names = ["文昌街道"];
        assert_eq!(
            found(&names, &["文文昌街道"], "由文文昌街道负责", &["文昌街道"]),
            ["文文昌街道"]
        );
        let names = ["区教育局"];
        assert!(found(&names, &["区区教育局"], "长清区区教育局", &["区教育局"]).is_empty());
    }

    #[test]
    fn overlapping_windows_keep_the_cheaper() {
        let w = Windows::new(["团区委", "区委宣传部"]);
        let text = "和区委委宣传部";
        let hits = w.find(
            text,
            &[],
            |_| true,
            |s, _| match s {
                "和区委" => Some((0.9, 1)),
                "区委委宣传部" => Some((0.4, 2)),
                _ => None,
            },
        );
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].0.clone()], "区委委宣传部");
    }
}
