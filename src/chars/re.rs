//! Regular expressions whose construction fits the run
//! ([`crate::static_regex!`], the placeholder regex of R005).
//!
//! The `regex` crate builds every expression for searching large texts:
//! literal prefilters and a one-pass DFA besides the Thompson NFAs, about
//! 1–3 M instructions each — more than a small run spends searching with
//! it. [`Regex`] is the same engine (`regex_automata`'s meta regex with the
//! `regex` crate's settings: leftmost-first, UTF-8, the same size limits)
//! and finds the same matches; for a run under 1 MB of text
//! ([`super::set_run_bytes`]) it is built without the prefilter and the
//! one-pass DFA (the lazy DFA and the backtracker still search), which
//! roughly halves the build. The API is the subset of `regex::Regex` the
//! rules use.

use std::ops::Range;

use regex_automata::{meta, util::syntax, Input, MatchKind};

/// A compiled regular expression (see the module documentation).
#[derive(Debug, Clone)]
pub struct Regex {
    meta: meta::Regex,
}

/// Why a pattern does not compile.
pub type Error = Box<meta::BuildError>;

/// One match: where it is in its haystack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    /// Where the match starts (bytes).
    pub fn start(&self) -> usize {
        self.start
    }
    /// Where the match ends (bytes, exclusive).
    pub fn end(&self) -> usize {
        self.end
    }
    /// `start..end`.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    /// The matched text.
    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// Whether the match is empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// The groups of one match.
#[derive(Debug, Clone)]
pub struct Captures<'h> {
    haystack: &'h str,
    caps: regex_automata::util::captures::Captures,
}

impl<'h> Captures<'h> {
    /// Group `i` (0: the whole match), if it took part in the match.
    pub fn get(&self, i: usize) -> Option<Match<'h>> {
        self.caps.get_group(i).map(|sp| Match {
            haystack: self.haystack,
            start: sp.start,
            end: sp.end,
        })
    }
}

impl std::ops::Index<usize> for Captures<'_> {
    type Output = str;
    /// The text of group `i`; panics when the group did not take part, as
    /// `regex::Captures` does.
    fn index(&self, i: usize) -> &str {
        self.get(i)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("no group at index '{i}'"))
    }
}

/// Whether regexes built now are for a small run (see the module
/// documentation).
fn small_run() -> bool {
    super::run_bytes() < 1 << 20
}

impl Regex {
    /// Compiles `pattern` with the `regex` crate's syntax and semantics.
    pub fn new(pattern: &str) -> Result<Regex, Error> {
        // The `regex` crate's defaults (`regex::RegexBuilder`).
        let mut config = meta::Config::new()
            .match_kind(MatchKind::LeftmostFirst)
            .utf8_empty(true)
            .nfa_size_limit(Some(10 * (1 << 20)))
            .hybrid_cache_capacity(2 * (1 << 20));
        if small_run() {
            config = config.auto_prefilter(false).onepass(false);
        }
        meta::Builder::new()
            .configure(config)
            .syntax(syntax::Config::new().utf8(true))
            .build(pattern)
            .map(|meta| Regex { meta })
            .map_err(Box::new)
    }

    /// Whether the pattern matches anywhere in `haystack`.
    pub fn is_match(&self, haystack: &str) -> bool {
        let input = Input::new(haystack).earliest(true);
        self.meta.search_half(&input).is_some()
    }

    /// The leftmost-first match.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.find_at(haystack, 0)
    }

    /// The leftmost-first match starting at or after `start` (the text
    /// before it still counts for `^` and word boundaries).
    pub fn find_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Match<'h>> {
        let input = Input::new(haystack).span(start..haystack.len());
        self.meta.search(&input).map(|m| Match {
            haystack,
            start: m.start(),
            end: m.end(),
        })
    }

    /// Every successive non-overlapping match.
    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = Match<'h>> + 'r
    where
        'h: 'r,
    {
        self.meta.find_iter(haystack).map(move |m| Match {
            haystack,
            start: m.start(),
            end: m.end(),
        })
    }

    /// The groups of the leftmost-first match.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        let mut caps = self.meta.create_captures();
        self.meta.search_captures(&Input::new(haystack), &mut caps);
        caps.is_match().then_some(Captures { haystack, caps })
    }

    /// Every successive non-overlapping match inside `span` of `haystack`
    /// (offsets in the whole haystack; the text around the span still
    /// counts for `^` and word boundaries, as in [`Regex::find_at`]).
    pub fn find_iter_in<'r, 'h>(
        &'r self,
        haystack: &'h str,
        span: Range<usize>,
    ) -> impl Iterator<Item = Match<'h>> + 'r
    where
        'h: 'r,
    {
        self.meta
            .find_iter(Input::new(haystack).span(span))
            .map(move |m| Match {
                haystack,
                start: m.start(),
                end: m.end(),
            })
    }

    /// The groups of every successive non-overlapping match inside `span`
    /// of `haystack` (see [`Regex::find_iter_in`]).
    pub fn captures_iter_in<'r, 'h>(
        &'r self,
        haystack: &'h str,
        span: Range<usize>,
    ) -> impl Iterator<Item = Captures<'h>> + 'r
    where
        'h: 'r,
    {
        self.meta
            .captures_iter(Input::new(haystack).span(span))
            .map(move |caps| Captures { haystack, caps })
    }

    /// The groups of every successive non-overlapping match.
    pub fn captures_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Captures<'h>> + 'r
    where
        'h: 'r,
    {
        self.meta
            .captures_iter(haystack)
            .map(move |caps| Captures { haystack, caps })
    }
}

#[cfg(test)]
mod tests {
    use super::Regex;

    /// The same matches and groups as the `regex` crate, in both builds.
    #[test]
    fn matches_like_the_regex_crate() {
        let patterns = [
            r"((?:19|20)[0-9]{2})[ \t]*年([^。；，\n]{0,16}?)(主要预期目标|预期目标|重点工作)",
            r"(?m)^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?)|\*+|__|</?[A-Za-z][^<>\n]*>",
            r"(?i)(?:https?|ftp)://[^\s<>“”]+|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+",
            r"\p{Han}{2,}(?:[ \t]*[-－][ \t]*\p{Han}{2,}){2,}",
            r"x*",
            r"(?-u:\b)[A-Z]+(?-u:\b)|《([^《》\n\r]+)》",
        ];
        let hay = "2024年 主要预期目标，2025 年的重点工作。# 标题\n> 引用 **粗** __x__ <b>粗</b>\
                   见 HTTP://EXAMPLE.COM/a 或 a.b@c-d.cn；京-津-冀 科技型企业-高新企业-领军企业 \
                   《规划》《》 ABC xyz 《a\n》";
        for small in [true, false] {
            super::super::set_run_bytes(if small { 10 } else { 1 << 30 });
            for p in patterns {
                let ours = Regex::new(p).unwrap();
                let theirs = regex::Regex::new(p).unwrap();
                let a: Vec<_> = ours.find_iter(hay).map(|m| m.range()).collect();
                let b: Vec<_> = theirs.find_iter(hay).map(|m| m.range()).collect();
                assert_eq!(a, b, "{p}");
                for start in (0..hay.len()).filter(|&i| hay.is_char_boundary(i)) {
                    assert_eq!(
                        ours.find_at(hay, start).map(|m| m.range()),
                        theirs.find_at(hay, start).map(|m| m.range()),
                        "{p} at {start}"
                    );
                }
                assert_eq!(ours.is_match(hay), theirs.is_match(hay));
                let groups = |c: &super::Captures| {
                    (0..4)
                        .map(|i| c.get(i).map(|m| m.range()))
                        .collect::<Vec<_>>()
                };
                let a: Vec<_> = ours.captures_iter(hay).map(|c| groups(&c)).collect();
                let b: Vec<_> = theirs
                    .captures_iter(hay)
                    .map(|c| {
                        (0..4)
                            .map(|i| c.get(i).map(|m| m.range()))
                            .collect::<Vec<_>>()
                    })
                    .collect();
                assert_eq!(a, b, "{p}");
                assert_eq!(
                    ours.captures(hay).map(|c| groups(&c)),
                    theirs.captures(hay).map(|c| {
                        (0..4)
                            .map(|i| c.get(i).map(|m| m.range()))
                            .collect::<Vec<_>>()
                    })
                );
            }
        }
        super::super::set_run_bytes(usize::MAX);
        assert!(Regex::new("(").is_err());
    }
}
