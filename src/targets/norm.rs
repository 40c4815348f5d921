//! Text normalised for matching, with a map back to the logical offsets of
//! the [`Joined`](crate::model::Joined) string it came from.
//!
//! Normalisation makes the forms drafts mix interchangeable: white space is
//! dropped (PDF extraction puts spaces inside numbers: `增长 5.6 %`), the
//! full-width forms U+FF01–U+FF5E become ASCII (`５．５％` → `5.5%`, `，` → `,`,
//! `（` → `(`), `〜` becomes `~`. Every normalised character remembers the
//! logical byte range it came from, so a match in the normalised text maps
//! back to the exact source characters.

use std::ops::Range;

/// One normalised character and where it came from.
#[derive(Debug, Clone, Copy)]
struct NChar {
    /// The character after normalisation.
    c: char,
    /// Logical byte range of the original character.
    start: u32,
    end: u32,
}

/// A normalised text: a sequence of characters with logical offsets.
#[derive(Debug, Clone, Default)]
pub struct Norm {
    chars: Vec<NChar>,
}

/// Whether a character is dropped by normalisation.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}')
}

/// The normalised form of one character (`None`: dropped).
pub fn norm_char(c: char) -> Option<char> {
    if is_space(c) {
        return None;
    }
    Some(match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '〜' => '~',
        '﹪' => '%',
        _ => c,
    })
}

impl Norm {
    /// Normalises `text[range]`; offsets are logical offsets into `text`.
    pub fn new(text: &str, range: Range<usize>) -> Norm {
        let mut chars = Vec::with_capacity(range.len() / 3 + 1);
        for (i, c) in text[range.clone()].char_indices() {
            if let Some(n) = norm_char(c) {
                let start = (range.start + i) as u32;
                chars.push(NChar {
                    c: n,
                    start,
                    end: start + c.len_utf8() as u32,
                });
            }
        }
        Norm { chars }
    }

    /// Number of characters.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether there are no characters.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The character at index `i`.
    pub fn at(&self, i: usize) -> char {
        self.chars[i].c
    }

    /// The character at `i`, if in range.
    pub fn get(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|n| n.c)
    }

    /// All characters.
    pub fn chars(&self) -> impl DoubleEndedIterator<Item = char> + ExactSizeIterator + '_ {
        self.chars.iter().map(|n| n.c)
    }

    /// The characters of an index range.
    pub fn chars_in(&self, r: Range<usize>) -> Vec<char> {
        self.chars[r].iter().map(|n| n.c).collect()
    }

    /// The characters of an index range as a string.
    pub fn slice(&self, r: Range<usize>) -> String {
        self.chars[r].iter().map(|n| n.c).collect()
    }

    /// Whether the characters at `i..` start with `s`.
    pub fn starts_with_at(&self, i: usize, s: &str) -> bool {
        self.starts_with_len(i, s).is_some()
    }

    /// The length of `s` in characters if the characters at `i..` start
    /// with it: one walk over `s`, stopping at the first difference.
    pub fn starts_with_len(&self, i: usize, s: &str) -> Option<usize> {
        let mut k = i;
        for c in s.chars() {
            if self.get(k) != Some(c) {
                return None;
            }
            k += 1;
        }
        Some(k - i)
    }

    /// Whether the characters ending at `end` (exclusive) end with `s`.
    pub fn ends_with_at(&self, end: usize, s: &str) -> bool {
        self.ends_with_len(end, s).is_some()
    }

    /// The length of `s` in characters if the characters ending at `end`
    /// (exclusive) end with it. Reads `s` from its last character, so a
    /// word list is tried at a few instructions per word.
    pub fn ends_with_len(&self, end: usize, s: &str) -> Option<usize> {
        let mut k = end.min(self.chars.len());
        if k != end {
            return None;
        }
        for c in s.chars().rev() {
            if k == 0 || self.chars[k - 1].c != c {
                return None;
            }
            k -= 1;
        }
        Some(end - k)
    }

    /// Logical byte range of an index range (empty ranges map to the
    /// position before character `r.start`).
    pub fn logical(&self, r: Range<usize>) -> Range<usize> {
        if r.start >= r.end {
            let at = match self.chars.get(r.start) {
                Some(n) => n.start,
                None => self.chars.last().map(|n| n.end).unwrap_or(0),
            };
            return at as usize..at as usize;
        }
        self.chars[r.start].start as usize..self.chars[r.end - 1].end as usize
    }

    /// Index of the first character whose logical start is at or after `logical`.
    pub fn index_of(&self, logical: usize) -> usize {
        self.chars.partition_point(|n| (n.start as usize) < logical)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_back_through_spaces_and_full_width() {
        let s = "增长 ５．６ ％和";
        let n = Norm::new(s, 0..s.len());
        assert_eq!(n.slice(0..n.len()), "增长5.6%和");
        let r = n.logical(2..6);
        assert_eq!(&s[r], "５．６ ％");
        assert_eq!(n.index_of(s.find('和').unwrap()), 6);
    }

    /// The length-returning look-ups agree with comparing the slice.
    #[test]
    fn word_lengths_agree_with_slices() {
        let s = "年均增长5%，提高至6%以上";
        let n = Norm::new(s, 0..s.len());
        let words = [
            "增长",
            "年均增长",
            "提高至",
            "以上",
            "%以上",
            "长5",
            "上",
            "x",
        ];
        for w in words {
            let l = w.chars().count();
            for i in 0..=n.len() + 1 {
                let starts = i + l <= n.len() && n.slice(i..i + l) == w;
                assert_eq!(n.starts_with_len(i, w), starts.then_some(l), "{w} at {i}");
                let ends = i <= n.len() && i >= l && n.slice(i - l..i) == w;
                assert_eq!(n.ends_with_len(i, w), ends.then_some(l), "{w} ending {i}");
            }
        }
    }
}
