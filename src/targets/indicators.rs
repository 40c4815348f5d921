//! Indicator names and synonyms from `rules/indicators.toml`.
//!
//! The built-in file is embedded; a user's file (`--indicators FILE`) is
//! merged over it. An invalid file is a tool error (exit code 2) reported
//! with a span into the file.

use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::Deserialize;
use toml::Spanned;

use super::norm::norm_char;
use crate::error::InvalidRulesFile;

/// One indicator.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// Canonical name.
    pub name: String,
    /// Other names.
    pub synonyms: Vec<String>,
    /// The indicators a `分别` list of values goes to (indices into the set).
    pub split: Vec<usize>,
}

/// The indicator set with a matcher over all names.
///
/// The built-in set is read and its matcher built on first use (runs that
/// extract no targets do not pay for it); a set with user files is built
/// when the files are read, so that their errors are reported then.
#[derive(Debug, Clone, Default)]
pub struct Indicators {
    /// `None`: the built-in set.
    own: Option<std::sync::Arc<Built>>,
}

/// A built indicator set.
#[derive(Debug)]
struct Built {
    list: Vec<Indicator>,
    matcher: Names,
    /// Pattern index → indicator index.
    owner: Vec<usize>,
}

/// The indicator names (normalised keys), matched leftmost-longest as
/// `aho_corasick`'s `MatchKind::LeftmostLongest` does: the match starting
/// first, the longest of those starting there, the next search at its end.
/// Only a phrase's key is ever searched (a few characters), so the patterns
/// starting with each character are simply tried longest first: building
/// an automaton over the hundred names cost 1.8 M instructions, more than a
/// run's searches. A test compares it with the automaton.
#[derive(Debug, Default)]
struct Names {
    patterns: Vec<String>,
    /// First character → the patterns starting with it, longest first.
    by_first: FxHashMap<char, Vec<usize>>,
    /// The last characters of the patterns: a key ending in none of them
    /// cannot end with a match.
    last: rustc_hash::FxHashSet<char>,
    /// A bit per code point modulo 4,096 set for the patterns' first
    /// characters: most characters of a key start no pattern, and this
    /// answers so without hashing.
    first_bits: Vec<u64>,
}

/// The bit of `c` in [`Names::first_bits`].
fn first_bit(c: char) -> (usize, u64) {
    let x = c as usize & 4095;
    (x >> 6, 1 << (x & 63))
}

impl Names {
    fn new(patterns: Vec<String>) -> Names {
        let mut by_first: FxHashMap<char, Vec<usize>> = FxHashMap::default();
        for (i, p) in patterns.iter().enumerate() {
            if let Some(c) = p.chars().next() {
                by_first.entry(c).or_default().push(i);
            }
        }
        for v in by_first.values_mut() {
            v.sort_by_key(|&i| std::cmp::Reverse(patterns[i].len()));
        }
        let last = patterns
            .iter()
            .filter_map(|p| p.chars().next_back())
            .collect();
        let mut first_bits = vec![0u64; 64];
        for &c in by_first.keys() {
            let (w, b) = first_bit(c);
            first_bits[w] |= b;
        }
        Names {
            patterns,
            by_first,
            last,
            first_bits,
        }
    }

    /// The longest pattern starting at byte `at` of `k`.
    fn longest_at(&self, k: &str, at: usize) -> Option<usize> {
        let rest = &k[at..];
        let c = rest.chars().next()?;
        let (w, b) = first_bit(c);
        if self.first_bits.get(w).is_none_or(|&x| x & b == 0) {
            return None;
        }
        self.by_first
            .get(&c)?
            .iter()
            .copied()
            .find(|&i| rest.starts_with(self.patterns[i].as_str()))
    }

    /// The matches in `k`, in order: (byte range, pattern index).
    fn find_iter<'a>(&'a self, k: &'a str) -> impl Iterator<Item = (Range<usize>, usize)> + 'a {
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < k.len() {
                if let Some(i) = self.longest_at(k, at) {
                    let r = at..at + self.patterns[i].len();
                    at = r.end;
                    return Some((r, i));
                }
                at += k[at..].chars().next().map_or(1, char::len_utf8);
            }
            None
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    indicator: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: Spanned<String>,
    #[serde(default)]
    synonyms: Vec<Spanned<String>>,
    #[serde(default)]
    split: Vec<Spanned<String>>,
}

/// An entry as parsed, with spans (`file` says which file it came from).
#[derive(Debug, Clone)]
struct Raw {
    file: usize,
    name: (String, std::ops::Range<usize>),
    synonyms: Vec<(String, std::ops::Range<usize>)>,
    split: Vec<(String, std::ops::Range<usize>)>,
}

/// A problem found in an indicator file: a reason and where.
#[derive(Debug, Clone)]
pub struct IndicatorError {
    /// Which file (0: built-in, 1…: user files in order).
    pub file: usize,
    /// Why (Chinese).
    pub reason: String,
    /// Where in the file.
    pub span: Option<std::ops::Range<usize>>,
}

/// The embedded `rules/indicators.toml`.
pub const DEFAULT_TOML: &str = include_str!("../../rules/indicators.toml");

/// Normalised key of a name: what [`super::norm::Norm`] makes of it, Latin
/// letters upper-cased.
pub fn key(s: &str) -> String {
    s.chars()
        .filter_map(norm_char)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn parse(text: &str, file: usize) -> Result<Vec<Raw>, IndicatorError> {
    let f: File = crate::load::embedded::from_toml(text).map_err(|e| IndicatorError {
        file,
        reason: e.message().to_string(),
        span: e.span(),
    })?;
    let conv = |s: &Spanned<String>| (s.get_ref().clone(), s.span());
    Ok(f.indicator
        .iter()
        .map(|e| Raw {
            file,
            name: conv(&e.name),
            synonyms: e.synonyms.iter().map(conv).collect(),
            split: e.split.iter().map(conv).collect(),
        })
        .collect())
}

fn build(raws: &[Raw]) -> Result<Built, IndicatorError> {
    // Later entries with the same name replace earlier ones.
    let mut entries: Vec<&Raw> = Vec::new();
    // Entry index by the key of its name (keys used to be recomputed for
    // every earlier entry: quadratic in the file).
    let mut by_key: std::collections::HashMap<String, usize> = Default::default();
    for r in raws {
        let k = key(&r.name.0);
        if k.is_empty() {
            return Err(IndicatorError {
                file: r.file,
                reason: crate::i18n::pick("指标名称为空", "empty indicator name").into(),
                span: Some(r.name.1.clone()),
            });
        }
        match by_key.get(&k).copied() {
            Some(i) if entries[i].file != r.file => entries[i] = r,
            Some(_) => {
                return Err(IndicatorError {
                    file: r.file,
                    reason: crate::tr!(
                        "指标“{}”重复定义",
                        "indicator “{}” is defined twice",
                        r.name.0
                    ),
                    span: Some(r.name.1.clone()),
                })
            }
            None => {
                by_key.insert(k, entries.len());
                entries.push(r);
            }
        }
    }
    let mut owner_of: std::collections::HashMap<String, usize> = Default::default();
    let mut patterns = Vec::new();
    let mut owner = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        for (name, span) in std::iter::once(&e.name).chain(e.synonyms.iter()) {
            let k = key(name);
            if k.is_empty() {
                return Err(IndicatorError {
                    file: e.file,
                    reason: crate::i18n::pick("指标别名为空", "empty indicator alias").into(),
                    span: Some(span.clone()),
                });
            }
            match owner_of.get(&k) {
                Some(&j) if j == i => continue,
                Some(&j) => {
                    return Err(IndicatorError {
                        file: e.file,
                        reason: crate::tr!(
                            "“{name}”已是指标“{}”的名称或别名",
                            "“{name}” is already a name or alias of indicator “{}”",
                            entries[j].name.0
                        ),
                        span: Some(span.clone()),
                    })
                }
                None => {
                    owner_of.insert(k.clone(), i);
                    patterns.push(k);
                    owner.push(i);
                }
            }
        }
    }
    let mut list = Vec::with_capacity(entries.len());
    for e in &entries {
        let mut split = Vec::new();
        for (name, span) in &e.split {
            let Some(&j) = owner_of.get(&key(name)) else {
                return Err(IndicatorError {
                    file: e.file,
                    reason: crate::tr!(
                        "split 中的“{name}”不是已定义的指标",
                        "“{name}” in split is not a defined indicator"
                    ),
                    span: Some(span.clone()),
                });
            };
            split.push(j);
        }
        list.push(Indicator {
            name: e.name.0.clone(),
            synonyms: e.synonyms.iter().map(|s| s.0.clone()).collect(),
            split,
        });
    }
    let matcher = Names::new(patterns);
    Ok(Built {
        list,
        matcher,
        owner,
    })
}

impl Indicators {
    /// The built-in set (read on first use).
    pub fn builtin() -> Self {
        Indicators { own: None }
    }

    fn built(&self) -> &Built {
        static B: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
        match &self.own {
            Some(b) => b,
            None => B.get_or_init(|| {
                let raws = parse(DEFAULT_TOML, 0).expect("rules/indicators.toml is valid (tested)");
                build(&raws).expect("rules/indicators.toml is valid (tested)")
            }),
        }
    }

    /// Builds the set from the built-in file plus user files' texts, in
    /// order. Errors name the file by index (0: built-in, 1…: `users`).
    pub fn from_texts(users: &[&str]) -> Result<Self, IndicatorError> {
        let mut raws = parse(DEFAULT_TOML, 0)?;
        for (i, t) in users.iter().enumerate() {
            raws.extend(parse(t, i + 1)?);
        }
        Ok(Indicators {
            own: Some(std::sync::Arc::new(build(&raws)?)),
        })
    }

    /// Merges user files over the built-in set; an invalid file is a miette
    /// error pointing into it.
    pub fn with_files(paths: &[std::path::PathBuf]) -> miette::Result<Self> {
        if paths.is_empty() {
            return Ok(Self::builtin());
        }
        let mut texts = Vec::new();
        for p in paths {
            let t = std::fs::read_to_string(p).map_err(|e| {
                miette::miette!(
                    code = "gwlint::unreadable_rules_file",
                    "{}",
                    crate::tr!(
                        "无法读取指标文件 {}：{e}",
                        "cannot read the indicator file {}: {e}",
                        p.display()
                    )
                )
            })?;
            texts.push(t);
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        Self::from_texts(&refs).map_err(|e| {
            let (path, text) = match e.file {
                0 => (
                    "rules/indicators.toml".to_string(),
                    DEFAULT_TOML.to_string(),
                ),
                k => (paths[k - 1].display().to_string(), texts[k - 1].clone()),
            };
            InvalidRulesFile {
                src: miette::NamedSource::new(path.clone(), text),
                path,
                at: e
                    .span
                    .map(|s| (s.start, s.end.saturating_sub(s.start).max(1)).into()),
                reason: e.reason,
                help: Some(
                    crate::i18n::pick(
                        "格式见内置的 rules/indicators.toml",
                        "see the built-in rules/indicators.toml for the format",
                    )
                    .into(),
                ),
            }
            .into()
        })
    }

    /// All indicators.
    pub fn list(&self) -> &[Indicator] {
        &self.built().list
    }

    /// The canonical name of an indicator.
    pub fn name(&self, id: usize) -> &str {
        &self.built().list[id].name
    }

    /// The indicator a phrase ends with (its head noun), if any.
    pub fn find_at_end(&self, phrase: &str) -> Option<usize> {
        let b = self.built();
        // The key's last character, read before the key is built.
        let last = phrase
            .chars()
            .rev()
            .find_map(norm_char)
            .map(|c| c.to_ascii_uppercase());
        if !last.is_some_and(|c| b.matcher.last.contains(&c)) {
            return None;
        }
        let k = key(phrase);
        let (last, pattern) = b.matcher.find_iter(&k).last()?;
        (last.end == k.len()).then(|| b.owner[pattern])
    }

    /// The indicator a phrase names exactly.
    pub fn find_exact(&self, phrase: &str) -> Option<usize> {
        let k = key(phrase);
        let b = self.built();
        let (m, pattern) = b.matcher.find_iter(&k).next()?;
        (m.start == 0 && m.end == k.len()).then(|| b.owner[pattern])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The automaton [`Names`] stands for.
    fn automaton(patterns: &[String]) -> aho_corasick::AhoCorasick {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(patterns)
            .unwrap()
    }

    fn builtin_patterns() -> Vec<String> {
        let raws = parse(DEFAULT_TOML, 0).unwrap();
        build(&raws).unwrap().matcher.patterns
    }

    fn same_matches(names: &Names, ac: &aho_corasick::AhoCorasick, k: &str) -> bool {
        let want: Vec<(Range<usize>, usize)> = ac
            .find_iter(k)
            .map(|m| (m.range(), m.pattern().as_usize()))
            .collect();
        names.find_iter(k).collect::<Vec<_>>() == want
    }

    proptest::proptest! {
        /// The built-in names are found as the automaton finds them, in
        /// text made of pieces of them.
        #[test]
        fn builtin_names_match_as_the_automaton_matches(
            picks in proptest::collection::vec((0usize..1000, 0usize..8, 0usize..8), 0..6)
        ) {
            let patterns = builtin_patterns();
            let names = Names::new(patterns.clone());
            let ac = automaton(&patterns);
            let mut k = String::new();
            for (p, a, b) in picks {
                let chars: Vec<char> = patterns[p % patterns.len()].chars().collect();
                let lo = a.min(b).min(chars.len());
                let hi = (a.max(b) + 1).min(chars.len()).max(lo);
                k.extend(&chars[lo..hi]);
            }
            proptest::prop_assert!(same_matches(&names, &ac, &k), "{:?}", k);
            // The last-character gate of `find_at_end` never hides a match
            // ending the key.
            let ends = names.find_iter(&k).last().is_some_and(|(r, _)| r.end == k.len());
            let gate = k.chars().next_back().is_some_and(|c| names.last.contains(&c));
            proptest::prop_assert!(gate || !ends, "{:?}", k);
        }

        /// Overlapping short names of a few letters, found as the automaton
        /// finds them.
        #[test]
        fn overlapping_names_match_as_the_automaton_matches(
            patterns in proptest::collection::btree_set("[ab中]{1,4}", 1..8),
            k in "[ab中c]{0,16}",
        ) {
            let patterns: Vec<String> = patterns.into_iter().collect();
            let names = Names::new(patterns.clone());
            proptest::prop_assert!(same_matches(&names, &automaton(&patterns), &k), "{:?} {:?}", patterns, k);
        }
    }

    /// `rules/indicators.toml` read from its build-time form gives what
    /// `toml` gives, spans included.
    #[test]
    fn builtin_file_reads_as_toml_reads_it() {
        crate::load::embedded::assert_same::<File>(DEFAULT_TOML);
    }

    #[test]
    fn builtin_loads_and_matches_synonyms() {
        let ind = Indicators::builtin();
        let gdp = ind.find_at_end("地区生产总值").unwrap();
        assert_eq!(ind.find_at_end("全区 GDP"), Some(gdp));
        assert_eq!(ind.find_at_end("全区地区生产总值"), Some(gdp));
        assert_eq!(ind.find_at_end("数字经济增加值占地区生产总值比重"), None);
        let a = ind.find_at_end("规上工业增加值").unwrap();
        assert_eq!(ind.name(a), "规模以上工业增加值");
        let inc = ind.find_at_end("城乡居民人均可支配收入").unwrap();
        assert_eq!(ind.list()[inc].split.len(), 2);
    }

    #[test]
    fn invalid_files_point_at_the_problem() {
        let e = Indicators::from_texts(&["[[indicator]]\nname = \"甲\"\nsynonyms = [\"GDP\"]\n"])
            .unwrap_err();
        assert_eq!(e.file, 1);
        assert!(e.reason.contains("地区生产总值"), "{}", e.reason);
        let e = Indicators::from_texts(&["[[indicator]]\nnam = \"甲\"\n"]).unwrap_err();
        assert!(e.span.is_some());
        let e = Indicators::from_texts(&["[[indicator]]\nname = \"甲\"\nsplit = [\"乙\"]\n"])
            .unwrap_err();
        assert!(e.reason.contains("乙"));
        // Replacing a built-in entry is allowed.
        let ind = Indicators::from_texts(&[
            "[[indicator]]\nname = \"地区生产总值\"\nsynonyms = [\"经济总量\"]\n",
        ])
        .unwrap();
        assert!(ind.find_at_end("经济总量").is_some());
        assert!(ind.find_at_end("GDP").is_none());
    }
}
