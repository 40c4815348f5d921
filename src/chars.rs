//! Character-level helpers every stage shares (a leaf): what a Chinese
//! (Han) character is, and the longest common subsequence of two character
//! sequences. One definition of each, so that stages agree. Also the size
//! of the run, by which string automata are built ([`automaton_kind`]).

use std::sync::atomic::{AtomicUsize, Ordering};

pub mod re;

/// Bytes of text the current run checks (`usize::MAX`: not known).
static RUN_BYTES: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Records how many bytes of text the run checks (the pipeline does, before
/// any matcher is built).
pub fn set_run_bytes(n: usize) {
    RUN_BYTES.store(n, Ordering::Relaxed);
}

/// Bytes of text the current run checks, as recorded by [`set_run_bytes`].
pub(crate) fn run_bytes() -> usize {
    RUN_BYTES.load(Ordering::Relaxed)
}

/// The kind of aho-corasick automaton for matchers built on first use
/// (registry names, pack literals, indicators): a DFA when the run checks
/// 1 MB or more (or its size is not known) — fast to search, slow to build
/// (about 5 M instructions for a registry's names) — otherwise a contiguous
/// NFA, a fraction of the build for a slower search that a small run does
/// not feel. Both find the same matches.
pub fn automaton_kind() -> aho_corasick::AhoCorasickKind {
    if RUN_BYTES.load(Ordering::Relaxed) >= 1 << 20 {
        aho_corasick::AhoCorasickKind::DFA
    } else {
        aho_corasick::AhoCorasickKind::ContiguousNFA
    }
}

/// A Han character: CJK unified ideographs and extension A, the
/// supplementary-plane extensions, compatibility ideographs, and 〇.
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '〇')
}

/// Length of the longest common subsequence of `a` and `b` (Myers' diff,
/// O((|a| + |b|)·D) for D differences).
pub fn lcs_len<T: Eq + std::hash::Hash + Ord>(a: &[T], b: &[T]) -> usize {
    similar::capture_diff_slices(similar::Algorithm::Myers, a, b)
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum()
}

/// The lines of `text`, each with its `\n` (the last without one when the
/// text does not end in one): `text.split_inclusive('\n')`, found with a
/// vectorised byte search instead of the standard library's word-at-a-time
/// one (rules and readers that walk every line of a text call it once per
/// text).
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let s = start;
        start = ends.next().map_or(text.len(), |i| i + 1);
        // `\n` is ASCII: every piece ends on a character boundary.
        Some(&text[s..start])
    })
}

/// The length of a longest common subsequence by the plain dynamic
/// programme: the reference the fast versions are tested against.
#[cfg(test)]
pub(crate) fn lcs_dp(a: &[char], b: &[char]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::Just;

    proptest::proptest! {
        #[test]
        fn split_lines_is_split_inclusive(v in proptest::collection::vec(
            proptest::prop_oneof![Just("\n"), Just("\r\n"), Just("甲"), Just("a"), Just(" ")], 0..40)) {
            let text: String = v.concat();
            let ours: Vec<&str> = split_lines(&text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            proptest::prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn han_ranges() {
        for c in ['中', '㐀', '〇', '𠀀', '豈'] {
            assert!(is_han(c), "{c}");
        }
        for c in ['，', 'a', '1', '　', 'ア'] {
            assert!(!is_han(c), "{c}");
        }
    }

    #[test]
    fn lcs_matches_the_dynamic_programme() {
        let words = [
            "孕产妇死亡率",
            "婴儿死亡率",
            "病死率",
            "死亡率控制",
            "",
            "率",
            "地区生产总值增长",
        ];
        for a in words {
            for b in words {
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                assert_eq!(lcs_len(&a, &b), lcs_dp(&a, &b), "{a:?} {b:?}");
            }
        }
    }
}
