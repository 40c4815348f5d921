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

/// A normalised text: a sequence of characters with logical offsets,
/// kept as two parallel lists (the characters, and the logical byte range
/// each came from) so that the characters can be read as a slice.
#[derive(Debug, Clone, Default)]
pub struct Norm {
    chars: Vec<char>,
    spans: Vec<(u32, u32)>,
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

/// Normalises `text[range]` as [`Norm::new`] does into two lists (cleared
/// first): the characters, and the logical byte range each came from.
pub fn normalise_into(
    text: &str,
    range: Range<usize>,
    chars: &mut Vec<char>,
    spans: &mut Vec<(u32, u32)>,
) {
    chars.clear();
    spans.clear();
    let s = &text[range.clone()];
    let bytes = s.as_bytes();
    let base = range.start as u32;
    // Room for as many characters as bytes in a short text (no second
    // allocation whatever it holds); most characters of a long one are CJK
    // ideographs (three bytes each).
    let cap = if bytes.len() <= 4096 {
        bytes.len()
    } else {
        bytes.len() / 3 + 1
    };
    chars.reserve(cap);
    spans.reserve(cap);
    // CJK ideographs (three bytes, most of the text) and printable ASCII
    // are read from the bytes and kept as they are, without asking the
    // Unicode tables. Characters are gathered in blocks on the stack and
    // appended a block at a time (no capacity check per character).
    const BLOCK: usize = 64;
    let mut cb = ['\0'; BLOCK];
    let mut sb = [(0u32, 0u32); BLOCK];
    let mut k = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        if k == BLOCK {
            chars.extend_from_slice(&cb);
            spans.extend_from_slice(&sb);
            k = 0;
        }
        let b = bytes[i];
        let start = base + i as u32;
        if b.wrapping_sub(0x21) < 0x5e {
            cb[k] = b as char;
            sb[k] = (start, start + 1);
            k += 1;
            i += 1;
            continue;
        }
        if b.wrapping_sub(0xe4) < 6 {
            // A lead byte of U+4000–U+9FFF: two continuation bytes follow
            // in valid UTF-8.
            let c = (u32::from(b & 0x0f) << 12)
                | (u32::from(bytes[i + 1] & 0x3f) << 6)
                | u32::from(bytes[i + 2] & 0x3f);
            if c >= 0x4e00 {
                cb[k] = char::from_u32(c).unwrap_or('\u{fffd}');
                sb[k] = (start, start + 3);
                k += 1;
                i += 3;
                continue;
            }
        }
        let c = s[i..].chars().next().unwrap_or('\u{fffd}');
        let l = c.len_utf8();
        if let Some(n) = norm_char(c) {
            cb[k] = n;
            sb[k] = (start, start + l as u32);
            k += 1;
        }
        i += l;
    }
    chars.extend_from_slice(&cb[..k]);
    spans.extend_from_slice(&sb[..k]);
}

/// Calls `f` with each character of `text[range]` as [`Norm::new`] gives
/// them (the same characters, without their logical ranges): read from the
/// bytes the same way, CJK ideographs and printable ASCII without the
/// Unicode tables. For readers that need only the characters (pairing's
/// shingles) and would otherwise fill two lists to read them once.
#[inline(always)]
pub fn for_each_char(text: &str, range: Range<usize>, mut f: impl FnMut(char)) {
    let s = &text[range];
    let bytes = s.as_bytes();
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if b.wrapping_sub(0x21) < 0x5e {
            f(b as char);
            i += 1;
            continue;
        }
        if b.wrapping_sub(0xe4) < 6 {
            let c = (u32::from(b & 0x0f) << 12)
                | (u32::from(bytes[i + 1] & 0x3f) << 6)
                | u32::from(bytes[i + 2] & 0x3f);
            if c >= 0x4e00 {
                f(char::from_u32(c).unwrap_or('\u{fffd}'));
                i += 3;
                continue;
            }
        }
        let c = s[i..].chars().next().unwrap_or('\u{fffd}');
        if let Some(n) = norm_char(c) {
            f(n);
        }
        i += c.len_utf8();
    }
}

impl Norm {
    /// Normalises `text[range]`; offsets are logical offsets into `text`.
    pub fn new(text: &str, range: Range<usize>) -> Norm {
        let mut n = Norm::default();
        n.fill(text, range);
        n
    }

    /// [`Norm::new`] into this value's lists (cleared first), so a caller
    /// normalising many texts reuses one allocation.
    pub fn fill(&mut self, text: &str, range: Range<usize>) {
        normalise_into(text, range, &mut self.chars, &mut self.spans);
    }

    /// Frees the lists when they hold room for more than `max` characters
    /// (a scratch value kept between texts does not keep a large one's).
    pub fn release_if_over(&mut self, max: usize) {
        if self.chars.capacity() > max {
            *self = Norm::default();
        }
    }

    /// The characters, as a slice.
    pub fn as_chars(&self) -> &[char] {
        &self.chars
    }

    /// The logical byte range each character came from.
    pub fn spans(&self) -> &[(u32, u32)] {
        &self.spans
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
        self.chars[i]
    }

    /// The character at `i`, if in range.
    pub fn get(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// All characters.
    pub fn chars(&self) -> impl DoubleEndedIterator<Item = char> + ExactSizeIterator + '_ {
        self.chars.iter().copied()
    }

    /// The characters of an index range.
    pub fn chars_in(&self, r: Range<usize>) -> Vec<char> {
        self.chars[r].to_vec()
    }

    /// The characters of an index range as a string.
    pub fn slice(&self, r: Range<usize>) -> String {
        self.chars[r].iter().collect()
    }

    /// Whether the characters of an index range are exactly `s`, without
    /// building a string.
    pub fn eq_at(&self, r: Range<usize>, s: &str) -> bool {
        r.end <= self.chars.len() && self.starts_with_len(r.start, s) == Some(r.len())
    }

    /// Whether the characters at `i..` start with `s`.
    pub fn starts_with_at(&self, i: usize, s: &str) -> bool {
        self.starts_with_len(i, s).is_some()
    }

    /// The length of `s` in characters if the characters at `i..` start
    /// with it: one walk over `s`, stopping at the first difference.
    pub fn starts_with_len(&self, i: usize, s: &str) -> Option<usize> {
        let rest = self.chars.get(i..)?;
        let mut k = 0;
        for c in s.chars() {
            if rest.get(k) != Some(&c) {
                return None;
            }
            k += 1;
        }
        Some(k)
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
            if k == 0 || self.chars[k - 1] != c {
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
            let at = match self.spans.get(r.start) {
                Some(n) => n.0,
                None => self.spans.last().map(|n| n.1).unwrap_or(0),
            };
            return at as usize..at as usize;
        }
        self.spans[r.start].0 as usize..self.spans[r.end - 1].1 as usize
    }

    /// Index of the first character whose logical start is at or after `logical`.
    pub fn index_of(&self, logical: usize) -> usize {
        self.spans.partition_point(|n| (n.0 as usize) < logical)
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

    /// Reading characters from the bytes (CJK and ASCII without the
    /// Unicode tables) gives what [`norm_char`] gives character by
    /// character, with the same logical ranges.
    fn reference(text: &str, range: Range<usize>) -> (Vec<char>, Vec<(u32, u32)>) {
        let mut out = (Vec::new(), Vec::new());
        for (i, c) in text[range.clone()].char_indices() {
            if let Some(n) = norm_char(c) {
                let start = (range.start + i) as u32;
                out.0.push(n);
                out.1.push((start, start + c.len_utf8() as u32));
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn fill_matches_norm_char_by_character(
            text in "[ -~\u{a0}\u{3000}\u{3001}-\u{303f}\u{4000}-\u{4e10}\u{9ff0}-\u{a010}\u{ff01}-\u{ff5e}\u{feff}\u{200b}\u{1f600}\t\n〜﹪增长５％]{0,60}",
            from in 0usize..8,
        ) {
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let start = starts[from.min(starts.len() - 1)];
            let n = Norm::new(&text, start..text.len());
            let (chars, spans) = reference(&text, start..text.len());
            proptest::prop_assert_eq!(n.as_chars(), &chars[..]);
            proptest::prop_assert_eq!(n.spans(), &spans[..]);
            let mut read = Vec::new();
            for_each_char(&text, start..text.len(), |c| read.push(c));
            proptest::prop_assert_eq!(&read, &chars);
            // A value filled again holds only the new text.
            let mut again = Norm::new("长长的旧文本 old", 0..19);
            again.fill(&text, start..text.len());
            proptest::prop_assert_eq!(again.as_chars(), &chars[..]);
        }
    }

    #[test]
    fn long_texts_normalise_as_short_ones() {
        let unit = "增长 ５．６ ％，ABC\u{3000}〜x\u{1f600}";
        let text = unit.repeat(1000);
        let n = Norm::new(&text, 0..text.len());
        let (chars, spans) = reference(&text, 0..text.len());
        assert_eq!(n.as_chars(), &chars[..]);
        assert_eq!(n.spans(), &spans[..]);
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
