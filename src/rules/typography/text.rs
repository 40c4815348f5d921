//! Scanning helpers shared by the typography rules.
//!
//! Typography rules read the decoded source directly (spans are byte ranges
//! into it), each with one pass of a regex, `memchr` or aho-corasick automaton
//! compiled once. [`Scan`] knows which bytes are not prose — Markdown markup
//! and code in `.md` files, URLs, e-mail addresses and standard numbers
//! (`GB/T 9704-2012`) — so rules skip them, and it finds a character's
//! neighbours looking through Markdown emphasis (`**（一）**`).

use std::borrow::Cow;

use crate::chars::re::Regex;

use crate::load::SourceFile;
use crate::model::{Document, Joined, Span};

pub use crate::chars::is_han;

/// Full-width Chinese punctuation.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '（'
            | '）'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '【'
            | '】'
            | '〔'
            | '〕'
            | '［'
            | '］'
            | '「'
            | '」'
            | '『'
            | '』'
            | '…'
            | '—'
            | '～'
            | '·'
    )
}

/// Chinese text: a Han character or full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// White space inside a line (ASCII space, tab, ideographic space, NBSP).
pub fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}')
}

/// Whether a byte is an ASCII line terminator.
/// Whether `text` holds `lit` with an ASCII digit before it (`before`)
/// and/or after it (`after`), across spaces and tabs. Every match of a
/// number pattern written around `lit` (`[0-9]+[ \t]*亿[ \t]*[0-9]`) meets
/// this, so a rule asks it before building and running the pattern's
/// regex: most documents have no candidate at all.
pub fn digit_beside(text: &str, lit: &str, before: bool, after: bool) -> bool {
    let b = text.as_bytes();
    let not_blank = |c: &&u8| !matches!(**c, b' ' | b'\t');
    memchr::memmem::find_iter(b, lit.as_bytes()).any(|i| {
        let pre = b[..i].iter().rev().find(not_blank);
        let post = b[i + lit.len()..].iter().find(not_blank);
        (!before || pre.is_some_and(u8::is_ascii_digit))
            && (!after || post.is_some_and(u8::is_ascii_digit))
    })
}

/// The lines (from the byte after a `\n` to the next `\n`, a `\r` before
/// it included) that hold at least one of `positions` (byte offsets, in
/// order), each once, in order. A rule whose every match holds such a
/// position and never holds a line break runs its regex on these lines
/// only ([`Regex::find_iter_in`]): the matches are those of the whole text.
pub fn lines_at<'t>(
    text: &'t str,
    mut positions: impl Iterator<Item = usize> + 't,
) -> impl Iterator<Item = Span> + 't {
    let b = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let c = positions.find(|&c| c >= at)?;
        let start = memchr::memrchr(b'\n', &b[..c]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &b[c..]).map_or(b.len(), |i| c + i);
        at = end + 1;
        Some(start..end)
    })
}

/// Whether the byte at `i` has an ASCII digit before it (`before`) and/or
/// after it (`after`, past a character of `len` bytes at `i`), across spaces
/// and tabs: [`digit_beside`] at one place.
pub fn digit_around(b: &[u8], i: usize, len: usize, before: bool, after: bool) -> bool {
    let not_blank = |c: &&u8| !matches!(**c, b' ' | b'\t');
    (!before
        || b[..i]
            .iter()
            .rev()
            .find(not_blank)
            .is_some_and(u8::is_ascii_digit))
        && (!after
            || b[i + len..]
                .iter()
                .find(not_blank)
                .is_some_and(u8::is_ascii_digit))
}

/// Whether any of `lits` sits between ASCII digits ([`digit_beside`]).
pub fn any_between_digits(text: &str, lits: &[&str]) -> bool {
    lits.iter().any(|l| digit_beside(text, l, true, true))
}

fn is_eol(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// Markdown markup: the matches of
///
/// ```text
/// (?m)^[ \t]{0,3}(?:#{1,6}[ \t]+|#{1,6}$|>[ \t]?|[-*+][ \t]+)   line-leading decoration:
///                                                               headings, quotes, bullets
/// |\*+|__|\\[\\`*_{}\[\]()#+\-.!|]|<!--[\s\S]*?-->|</?[A-Za-z][^<>\n]*>
///                                       emphasis runs, escapes, HTML comments and tags
/// |\|                                   table pipes
/// ```
///
/// read by hand, leftmost-first and in order (a test compares them with the
/// regex on random text): building the regex cost about 1 M instructions
/// and a hundred page faults, more than a Markdown file of a pair spends
/// searching. Every alternative starts at an ASCII byte (`*`, `_`, `\`,
/// `<`, `|`) or, for the line-leading one (tried first), where a line starts.
fn md_markup_spans(text: &str) -> Vec<Span> {
    const SPECIAL: [bool; 256] = {
        let mut t = [false; 256];
        t[b'\n' as usize] = true;
        t[b'*' as usize] = true;
        t[b'_' as usize] = true;
        t[b'\\' as usize] = true;
        t[b'<' as usize] = true;
        t[b'|' as usize] = true;
        t
    };
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut p = 0;
    let mut special = Triggers::new(b, [[b'\n', b'*', b'_'], [b'\\', b'<', b'|']]);
    while p <= b.len() {
        if p == 0 || b[p - 1] == b'\n' {
            if let Some(end) = md_line_lead(b, p) {
                out.push(p..end);
                p = end;
                continue;
            }
        }
        let Some(q) = special.first_from(p) else {
            break;
        };
        debug_assert!(SPECIAL[b[q] as usize]);
        if b[q] == b'\n' {
            p = q + 1;
            continue;
        }
        match md_inline_at(b, q) {
            Some(end) => {
                out.push(q..end);
                p = end;
            }
            None => p = q + 1,
        }
    }
    out
}

fn is_tab_or_space(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

/// The end of the run of spaces and tabs from `i`.
fn blanks_from(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_tab_or_space(b[i]) {
        i += 1;
    }
    i
}

/// `[ \t]{0,3}(?:#{1,6}[ \t]+|#{1,6}$|>[ \t]?|[-*+][ \t]+)` at a line start
/// `p`. Every branch starts with a mark, so the blanks before it are all of
/// the line's leading blanks (at most three); the greedy repeats take the
/// whole runs.
fn md_line_lead(b: &[u8], p: usize) -> Option<usize> {
    let i = blanks_from(b, p);
    if i - p > 3 {
        return None;
    }
    match *b.get(i)? {
        b'#' => {
            let mut j = i;
            while j < b.len() && b[j] == b'#' {
                j += 1;
            }
            if j - i > 6 {
                return None;
            }
            let k = blanks_from(b, j);
            if k > j {
                Some(k)
            } else if j == b.len() || b[j] == b'\n' {
                Some(j)
            } else {
                None
            }
        }
        b'>' => Some(if b.get(i + 1).is_some_and(|&c| is_tab_or_space(c)) {
            i + 2
        } else {
            i + 1
        }),
        b'-' | b'*' | b'+' => {
            let k = blanks_from(b, i + 1);
            (k > i + 1).then_some(k)
        }
        _ => None,
    }
}

/// The other alternatives at `q` (a `*`, `_`, `\`, `<` or `|`), in order.
fn md_inline_at(b: &[u8], q: usize) -> Option<usize> {
    match b[q] {
        b'*' => {
            let mut j = q;
            while j < b.len() && b[j] == b'*' {
                j += 1;
            }
            Some(j)
        }
        b'_' => (b.get(q + 1) == Some(&b'_')).then_some(q + 2),
        b'\\' => b
            .get(q + 1)
            .is_some_and(|c| b"\\`*_{}[]()#+-.!|".contains(c))
            .then_some(q + 2),
        b'<' => {
            if b[q..].starts_with(b"<!--") {
                if let Some(k) = memchr::memmem::find(&b[q + 4..], b"-->") {
                    return Some(q + 4 + k + 3);
                }
                // No close: the tag branch needs a letter or `/` after `<`.
                return None;
            }
            let mut i = q + 1;
            if b.get(i) == Some(&b'/') {
                i += 1;
            }
            if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
                return None;
            }
            let j = i
                + 1
                + b[i + 1..]
                    .iter()
                    .position(|&c| matches!(c, b'<' | b'>' | b'\n'))?;
            (b[j] == b'>').then_some(j + 1)
        }
        b'|' => Some(q + 1),
        _ => None,
    }
}

fn md_opaque_re() -> &'static Regex {
    crate::static_regex!(concat!(
        // Inline code and link targets.
        r"`[^`\n]*`|\]\([^)\s]*\)|!?\[",
        // Table alignment rows.
        r"|(?m)^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$",
    ))
}

/// URLs (with a scheme, or starting `www.`).
macro_rules! url_re {
    () => {
        concat!(
            r"(?:https?|ftp)://[^\s<>\x22“”'，。；、（）【】《》]+",
            r"|www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>\x22“”'，。；、（）【】《》]*",
        )
    };
}
/// E-mail addresses.
macro_rules! email_re {
    () => {
        r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+"
    };
}
/// Standard numbers: GB/T 9704-2012, DB37/T 1234—2020, ISO 9001:2015.
macro_rules! standard_re {
    () => {
        r"(?-i:(?:GB|GBZ|JGJ|CJJ|DB[0-9]{2}|[A-Z]{2,4})(?:/[TZ])?|ISO|IEC)[ \t]*[0-9]+(?:\.[0-9]+)*(?:[ \t]*[-—–－:：][ \t]*(?:19|20)[0-9]{2})?"
    };
}

fn protected_re() -> &'static Regex {
    crate::static_regex!(concat!(
        "(?i)",
        url_re!(),
        "|",
        email_re!(),
        "|",
        standard_re!()
    ))
}

/// Every URL, e-mail address and standard number of `text`, merged and
/// sorted. Each kind is searched on its own: in one alternation an e-mail
/// address, which comes first, keeps the search running to the end of a
/// run of letters and digits while a standard number has already matched
/// at its start (`AB1AB1AB1…`), and every match restarts that scan —
/// quadratic on a long line. Alone, each regex scans a run once.
fn protected_spans(text: &str) -> Vec<Span> {
    let kinds = [
        crate::static_regex!(concat!("(?i)", url_re!())),
        crate::static_regex!(concat!("(?i)", email_re!())),
        crate::static_regex!(concat!("(?i)", standard_re!())),
    ];
    merge(
        kinds
            .iter()
            .flat_map(|re| re.find_iter(text).map(|m| m.range()))
            .collect(),
    )
}

/// Whether `b` holds something every match of [`protected_re`] holds:
/// `://`, `www.` in any case, `@`, or two ASCII capitals in a row.
fn may_hold_protected(b: &[u8]) -> bool {
    b.windows(2)
        .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase())
        || memchr::memchr(b'@', b).is_some()
        || memchr::memmem::find(b, b"://").is_some()
        || b.windows(4).any(|w| w.eq_ignore_ascii_case(b"www."))
}

impl Marks {
    /// The offsets of the marks that are one of `chars` (all marks) with
    /// an ASCII digit before and after them across spaces and tabs, in
    /// order: where [`any_between_digits`] finds them.
    pub fn between_digits<'m>(
        &'m self,
        text: &'m str,
        chars: &'m [char],
    ) -> impl Iterator<Item = usize> + 'm {
        let b = text.as_bytes();
        // The characters' first bytes: most marks are settled by one look.
        let mut first = [false; 256];
        for &c in chars {
            let mut buf = [0u8; 4];
            first[usize::from(c.encode_utf8(&mut buf).as_bytes()[0])] = true;
        }
        self.offsets().filter_map(move |p| {
            if !first[usize::from(b[p])] {
                return None;
            }
            let c = text[p..].chars().next()?;
            (chars.contains(&c) && digit_around(b, p, c.len_utf8(), true, true)).then_some(p)
        })
    }
}

/// The candidate positions the punctuation, number and leftover rules
/// share: the byte offset of every character of a text that is neither a
/// Han character ([`is_han`]) nor an ASCII letter or digit — punctuation of
/// either width, blanks, line breaks, symbols, full-width digits and
/// letters — in order. Found in one pass over the bytes (a Han character is
/// told by its first one or two bytes, never decoded), once per source
/// ([`Scan::marks`]); a rule that looks for marks walks this list, reading
/// the byte at each offset, instead of decoding every character of the
/// text. In Chinese prose about one character in seven is a mark.
#[derive(Debug, Default)]
pub struct Marks {
    at: Vec<u32>,
}

/// The length of the UTF-8 sequence a first byte starts (1 for a byte
/// that cannot start one, which valid text never has at a boundary).
#[inline]
pub fn utf8_len(b: u8) -> usize {
    match b {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// Whether the three-byte UTF-8 sequence `b0 b1 b2` is a Han character
/// ([`is_han`]): first bytes E5–E9 always are (U+5000–U+9FFF), the rest is
/// decided on the code point.
#[inline]
pub fn han3(b0: u8, b1: u8, b2: u8) -> bool {
    if (0xE5..=0xE9).contains(&b0) {
        return true;
    }
    let cp = (u32::from(b0 & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
    char::from_u32(cp).is_some_and(is_han)
}

/// Bit `k` set when byte `k` of `b[at..]` (64 bytes, fewer at the end)
/// may start a mark: it is not a UTF-8 continuation byte, not an ASCII
/// letter or digit, not a first byte E5–E9 (U+5000–U+9FFF, all Han), and
/// not E4 followed by anything but B7 (U+4000–U+4DBF and U+4E00–U+4FFF,
/// Han; E4 B7 is U+4DC0–U+4DFF, hexagram symbols).
#[inline]
fn candidates64(b: &[u8], at: usize) -> u64 {
    let block = &b[at..(at + 64).min(b.len())];
    // The byte after each one (0 past the end, where no E4 can stand).
    let mut next = [0u8; 64];
    let after = &b[(at + 1).min(b.len())..(at + 65).min(b.len())];
    next[..after.len()].copy_from_slice(after);
    let mut flags = [0u8; 64];
    for ((f, &x), &y) in flags.iter_mut().zip(block).zip(&next) {
        let continuation = (x as i8) < -64;
        let han = x.wrapping_sub(0xE5) < 5 || (x == 0xE4) & (y != 0xB7);
        let alnum = x.wrapping_sub(b'0') < 10 || (x | 0x20).wrapping_sub(b'a') < 26;
        *f = u8::from(!(continuation | han | alnum));
    }
    // Eight flags (0 or 1) to eight bits: the multiplication moves the
    // flag of byte k to bit 56 + k, with no carries between them.
    let mut mask = 0u64;
    for (k, w) in flags.chunks_exact(8).enumerate() {
        let w = u64::from_le_bytes(w.try_into().unwrap_or_default());
        mask |= (w.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    mask
}

/// Whether a mark starts at `i`, a byte [`candidates64`] flagged (so the
/// start of a character).
#[inline]
fn is_mark_at(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    match b[i] {
        x @ 0..=0x7F => !x.is_ascii_alphanumeric(),
        0xC0..=0xDF => true,
        x @ 0xE0..=0xEF => !han3(x, b[i + 1], b[i + 2]),
        _ => !text[i..].chars().next().is_some_and(is_han),
    }
}

impl Marks {
    /// The marks of `text` (at most 4 GiB: sources are limited far below).
    ///
    /// The bytes are read 64 at a time: a loop the compiler turns into
    /// vector instructions flags every byte that may start a mark (not a
    /// continuation byte, not the first byte E5–E9 of a character of
    /// U+5000–U+9FFF, all Han), the flags are packed into a bit set, and
    /// only the flagged bytes are looked at one by one.
    pub fn of(text: &str) -> Self {
        let b = text.as_bytes();
        let mut at = Vec::with_capacity(b.len() / 16);
        for base in (0..b.len()).step_by(64) {
            let mut mask = candidates64(b, base);
            while mask != 0 {
                let i = base + mask.trailing_zeros() as usize;
                mask &= mask - 1;
                if is_mark_at(text, i) {
                    at.push(i as u32);
                }
            }
        }
        Marks { at }
    }

    /// The byte offsets of the marks, in order.
    pub fn offsets(&self) -> impl DoubleEndedIterator<Item = usize> + ExactSizeIterator + '_ {
        self.at.iter().map(|&p| p as usize)
    }

    /// The byte offsets of the marks in `range`, in order.
    pub fn within(&self, range: Span) -> impl DoubleEndedIterator<Item = usize> + '_ {
        let lo = self.at.partition_point(|&p| (p as usize) < range.start);
        let hi = self.at.partition_point(|&p| (p as usize) < range.end);
        self.at[lo..hi.max(lo)].iter().map(|&p| p as usize)
    }

    /// The byte offsets of the marks whose first byte is `first` (an
    /// ASCII mark, or the first byte of a multi-byte one), in order.
    pub fn starting_with<'m>(
        &'m self,
        text: &'m str,
        first: u8,
    ) -> impl Iterator<Item = usize> + 'm {
        let b = text.as_bytes();
        self.offsets().filter(move |&p| b[p] == first)
    }

    /// The byte offsets of the occurrences of the character `c`, which must
    /// be a mark (not Han, not an ASCII letter or digit), in order.
    pub fn of_char<'m>(&'m self, text: &'m str, c: char) -> impl Iterator<Item = usize> + 'm {
        debug_assert!(!is_han(c) && !c.is_ascii_alphanumeric());
        let mut buf = [0u8; 4];
        let n = c.encode_utf8(&mut buf).len();
        let b = text.as_bytes();
        self.offsets()
            .filter(move |&p| b[p] == buf[0] && b[p..p + n] == buf[..n])
    }
}

impl Marks {
    /// The offsets in `j.text` of the marks of the source `text` that `j`
    /// copies, in order: the marks of the joined text, read from the
    /// source's (every piece is copied verbatim). `None` when a piece is
    /// not the source's text at its place (`j` made from another text).
    pub fn in_joined(&self, text: &str, j: &Joined) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        for &(l, s, len) in j.pieces() {
            if j.text.get(l..l + len)? != text.get(s..s + len)? {
                return None;
            }
            out.extend(self.within(s..s + len).map(|p| l + p - s));
        }
        Some(out)
    }

    /// The runs of in-line blanks of `text` (whose marks these are): the
    /// spans [`blank_runs`] gives, read from the marks (every blank is one).
    pub fn blank_runs<'m>(&'m self, text: &'m str) -> impl Iterator<Item = Span> + 'm {
        let b = text.as_bytes();
        let blank_len = move |i: usize| -> usize {
            match b[i] {
                b' ' | b'\t' => 1,
                0xE3 if b[i + 1] == 0x80 && b[i + 2] == 0x80 => 3,
                0xC2 if b[i + 1] == 0xA0 => 2,
                _ => 0,
            }
        };
        let mut it = self.offsets().peekable();
        std::iter::from_fn(move || loop {
            let p = it.next()?;
            let n = blank_len(p);
            if n == 0 {
                continue;
            }
            let start = p;
            let mut end = p + n;
            while let Some(&q) = it.peek() {
                let m = if q == end { blank_len(q) } else { 0 };
                if m == 0 {
                    break;
                }
                it.next();
                end += m;
            }
            return Some(start..end);
        })
    }
}

/// What a rule needs to know about one source to skip non-prose bytes.
pub struct Scan<'a> {
    /// The decoded source.
    pub text: &'a str,
    /// Whether the source is Markdown.
    pub markdown: bool,
    /// Markdown markup (skipped, and transparent when looking for
    /// neighbours) and Markdown code (skipped), computed once per check.
    regions: std::sync::Arc<MdRegions>,
    /// Whether URLs, e-mail addresses and standard numbers are skipped too.
    /// They are looked for lazily, around a candidate only: most rules have
    /// few candidates, and a pass over the whole text would cost more.
    protected: bool,
}

fn merge(mut v: Vec<Span>) -> Vec<Span> {
    v.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Span> = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

fn contains(list: &[Span], pos: usize) -> bool {
    let i = list.partition_point(|r| r.end <= pos);
    list.get(i).is_some_and(|r| r.start <= pos && pos < r.end)
}

fn overlaps(list: &[Span], span: &Span) -> bool {
    let i = list.partition_point(|r| r.end <= span.start);
    list.get(i)
        .is_some_and(|r| r.start < span.end.max(span.start + 1))
}

/// How far around a candidate a URL or standard number is looked for.
const PROTECT_WINDOW: usize = 120;

/// A window longer than this (in bytes; a span of more than about 800
/// bytes) is answered from the matches of the whole text.
const LONG_SPAN: usize = 1024;

/// The Markdown regions of one source.
#[derive(Debug, Default)]
pub struct MdRegions {
    markup: Vec<Span>,
    opaque: Vec<Span>,
    /// Page furniture (any format): skipped like markup, reported by R003.
    furniture: Vec<super::furniture::Piece>,
    /// The furniture's deletable bytes, sorted.
    furniture_spans: Vec<Span>,
    /// URLs, e-mail addresses and standard numbers of the whole text,
    /// merged: found when a long span first asks ([`Scan::in_protected`]).
    protected: std::sync::OnceLock<Vec<Span>>,
    /// Where the text's marks are ([`Scan::marks`]): found once per source,
    /// when a rule first asks.
    marks: std::sync::OnceLock<Marks>,
}

/// Finds, for a rising `at`, the first byte at or after it that is one of
/// two sets of three (a byte may be repeated), with memchr (a byte loop
/// here cost more than the work it guards). The next position of each set
/// is kept while it is still ahead, so the text is searched once in all.
struct Triggers<'a> {
    b: &'a [u8],
    sets: [[u8; 3]; 2],
    /// The next byte of each set (the text's length: none) from where the
    /// set was last searched.
    next: [usize; 2],
}

impl<'a> Triggers<'a> {
    fn new(b: &'a [u8], sets: [[u8; 3]; 2]) -> Self {
        let find = |[x, y, z]: [u8; 3]| memchr::memchr3(x, y, z, b).unwrap_or(b.len());
        Triggers {
            b,
            sets,
            next: [find(sets[0]), find(sets[1])],
        }
    }

    /// Markdown's opaque runs hold `` ` ``, `[`, `]` or `-`.
    fn opaque(b: &'a [u8]) -> Self {
        Self::new(b, [[b'`', b'[', b']'], [b'-'; 3]])
    }

    fn first_from(&mut self, at: usize) -> Option<usize> {
        let b = self.b;
        let rest = b.get(at..)?;
        for (next, [x, y, z]) in self.next.iter_mut().zip(self.sets) {
            if *next < at {
                *next = memchr::memchr3(x, y, z, rest).map_or(b.len(), |k| at + k);
            }
        }
        let first = self.next[0].min(self.next[1]);
        (first < b.len()).then_some(first)
    }
}

impl MdRegions {
    fn of(src: &SourceFile) -> Self {
        let text = src.text.as_str();
        let mut markup = Vec::new();
        let mut opaque = Vec::new();
        if src.format.markdown_like() {
            markup.extend(md_markup_spans(text));
            // Every opaque match lies within one line and holds `` ` ``, `[`,
            // `]` or `-`: the regex only runs on lines holding one of them.
            let b = text.as_bytes();
            let mut at = 0;
            let mut triggers = Triggers::opaque(b);
            while let Some(c) = triggers.first_from(at) {
                let start = memchr::memrchr(b'\n', &b[..c]).map_or(0, |i| i + 1);
                let end = memchr::memchr(b'\n', &b[c..]).map_or(b.len(), |i| c + i);
                opaque.extend(
                    md_opaque_re()
                        .find_iter(&text[start..end])
                        .map(|m| start + m.start()..start + m.end()),
                );
                at = end + 1;
            }
            opaque.extend(fenced_code(text));
        }
        // Suppression markers (any format) are not prose either.
        markup.extend(crate::parse::suppress::marker_lines(src));
        let furniture = super::furniture::find(text);
        let furniture_spans = merge(
            furniture
                .iter()
                .map(|p| p.shown.start.min(p.delete.start)..p.shown.end.max(p.delete.end))
                .collect(),
        );
        MdRegions {
            markup: merge(markup),
            opaque: merge(opaque),
            furniture,
            furniture_spans,
            protected: Default::default(),
            marks: Default::default(),
        }
    }
}

impl<'a> Scan<'a> {
    /// Markdown markup and code of a source (nothing for plain text).
    pub fn new(src: &'a SourceFile) -> Self {
        Scan {
            text: src.text.as_str(),
            markdown: src.format.markdown_like(),
            regions: std::sync::Arc::new(MdRegions::of(src)),
            protected: false,
        }
    }

    /// Like [`Scan::new`], with the regions computed once per check.
    pub fn of(cx: &crate::rules::Context, src: &'a SourceFile) -> Self {
        let file = cx
            .sources
            .iter()
            .position(|s| std::ptr::eq(s, src))
            .unwrap_or(usize::MAX);
        let regions = if file == usize::MAX {
            std::sync::Arc::new(MdRegions::of(src))
        } else {
            cx.memo.get_or_init(file, || MdRegions::of(src))
        };
        Scan {
            text: src.text.as_str(),
            markdown: src.format.markdown_like(),
            regions,
            protected: false,
        }
    }

    /// Also skips URLs, e-mail addresses and standard numbers.
    pub fn with_protected(mut self) -> Self {
        self.protected = true;
        self
    }

    /// Whether `span` overlaps a URL, e-mail address or standard number.
    fn in_protected(&self, span: &Span) -> bool {
        if !self.protected {
            return false;
        }
        let t = self.text;
        let mut end = span.end.max(span.start + 1).min(t.len());
        while !t.is_char_boundary(end) {
            end += 1;
        }
        let span = &(span.start..end);
        // The window: the line around the span, at most PROTECT_WINDOW bytes each side.
        let lo = crate::load::floor_char_boundary(t, span.start.saturating_sub(PROTECT_WINDOW));
        let lo = t[lo..span.start]
            .rfind(['\n', '\r'])
            .map_or(lo, |k| lo + k + 1);
        let mut hi = (span.end + PROTECT_WINDOW).min(t.len());
        while !t.is_char_boundary(hi) {
            hi += 1;
        }
        let hi = t[span.end..hi]
            .find(['\n', '\r'])
            .map_or(hi, |k| span.end + k);
        // A long span (a bracket pair around a long line) is answered from
        // the matches of the whole text, found once per source: searching a
        // window around every such span is quadratic when spans nest
        // (`((((…))))`). Short spans, by far the most, are looked up in
        // their window, and no pass over the whole text is made for them.
        if hi - lo > LONG_SPAN {
            let all = self.regions.protected.get_or_init(|| protected_spans(t));
            return overlaps(all, span);
        }
        // Every match lies in the window and holds `://` (a URL's scheme),
        // `www.` in any case, `@` (an e-mail address) or two capital ASCII
        // letters in a row (a standard number's code, matched case-
        // sensitively): a window without any (Chinese prose, numbers
        // included) is not searched, and the regex is not even built.
        if !may_hold_protected(&t.as_bytes()[lo..hi]) {
            return false;
        }
        protected_re()
            .find_iter(&t[lo..hi])
            .any(|m| lo + m.start() < span.end && span.start < lo + m.end())
    }

    /// The byte offsets of the text's marks ([`Marks`]), found in one pass
    /// over its bytes the first time any rule asks, then shared by all.
    pub fn marks(&self) -> &Marks {
        self.regions.marks.get_or_init(|| Marks::of(self.text))
    }

    /// Whether the byte at `pos` is not prose.
    pub fn skipped(&self, pos: usize) -> bool {
        contains(&self.regions.markup, pos)
            || contains(&self.regions.opaque, pos)
            || contains(&self.regions.furniture_spans, pos)
            || self.in_protected(&(pos..pos + 1))
    }

    /// Whether any byte of `span` is not prose.
    pub fn touches_skipped(&self, span: &Span) -> bool {
        overlaps(&self.regions.markup, span)
            || overlaps(&self.regions.opaque, span)
            || overlaps(&self.regions.furniture_spans, span)
            || self.in_protected(span)
    }

    /// Whether the byte at `pos` is Markdown markup or code, or page
    /// furniture (cheap: no look-up of URLs and standard numbers).
    pub fn in_markdown(&self, pos: usize) -> bool {
        contains(&self.regions.markup, pos)
            || contains(&self.regions.opaque, pos)
            || contains(&self.regions.furniture_spans, pos)
    }

    /// Page furniture (web-page toolbars, breadcrumbs, newspaper
    /// continuation marks) of the source, in order.
    pub fn furniture(&self) -> &[super::furniture::Piece] {
        &self.regions.furniture
    }

    /// Whether the byte at `pos` is Markdown markup.
    pub fn is_markup(&self, pos: usize) -> bool {
        contains(&self.regions.markup, pos)
    }

    /// The nearest character before `pos` on the same line (and table cell),
    /// looking through Markdown markup; with `skip_blank`, also through spaces.
    pub fn prev_char(&self, pos: usize, skip_blank: bool) -> Option<(usize, char)> {
        let mut it = self.text[..pos].char_indices().rev();
        loop {
            let (i, c) = it.next()?;
            if is_eol(c) || (self.markdown && c == '|') {
                return None;
            }
            if self.is_markup(i) || (skip_blank && is_blank(c)) {
                continue;
            }
            return Some((i, c));
        }
    }

    /// The nearest character at or after `pos` on the same line (and table
    /// cell), looking through Markdown markup; with `skip_blank`, also through
    /// spaces.
    pub fn next_char(&self, pos: usize, skip_blank: bool) -> Option<(usize, char)> {
        for (k, c) in self.text[pos..].char_indices() {
            let i = pos + k;
            if is_eol(c) || (self.markdown && c == '|') {
                return None;
            }
            if self.is_markup(i) || (skip_blank && is_blank(c)) {
                continue;
            }
            return Some((i, c));
        }
        None
    }
}

/// Whether the ASCII text ending at a position is a phrase of several Latin
/// words (`a test (draft)`), as opposed to a single token such as `CBD` or
/// `PM2.5`: the ASCII run before the position (back to a non-ASCII
/// character or a line break) holds at least two words with a Latin letter.
///
/// Asked at positions that never decrease, it reads the text once: the
/// count of such words only grows along a run, so it is kept as the cursor
/// moves (reading the run back from every position was quadratic on a line
/// of a few hundred thousand `)` after ASCII text).
#[derive(Debug, Default)]
pub struct LatinPhrase {
    /// How far the text has been read.
    at: usize,
    /// Whole words with a Latin letter in the current run.
    words: usize,
    /// Whether the run ends inside a word, and whether that word holds a
    /// Latin letter.
    in_word: bool,
    alpha: bool,
}

impl LatinPhrase {
    /// Whether the ASCII run ending at `pos` is a phrase of several Latin
    /// words. `pos` must not be less than the last one asked.
    pub fn before(&mut self, text: &str, pos: usize) -> bool {
        debug_assert!(pos >= self.at);
        for &b in &text.as_bytes()[self.at.min(pos)..pos] {
            if !b.is_ascii() || b == b'\n' || b == b'\r' {
                *self = LatinPhrase::default();
            } else if char::from(b).is_whitespace() {
                self.words += usize::from(self.in_word && self.alpha);
                self.in_word = false;
                self.alpha = false;
            } else {
                self.in_word = true;
                self.alpha |= b.is_ascii_alphabetic();
            }
        }
        self.at = pos;
        self.words + usize::from(self.in_word && self.alpha) >= 2
    }
}

/// Fenced code blocks (``` or ~~~), fences included.
fn fenced_code(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut start = 0;
    for line in crate::chars::split_lines(text) {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            match open.take() {
                Some(s) => out.push(s..start + line.len()),
                None => open = Some(start),
            }
        }
        start += line.len();
    }
    if let Some(s) = open {
        out.push(s..text.len());
    }
    out
}

/// The logical blocks of running text of a document, in source order:
/// headings (up to the paragraph that may follow on the same line), task
/// bodies and paragraphs. Hard-wrapped lines are joined; spans map back to
/// the source.
pub fn blocks<'d>(doc: &'d Document, text: &str) -> Vec<Cow<'d, Joined>> {
    let mut out: Vec<Cow<'d, Joined>> = Vec::new();
    let mut para_starts: Vec<usize> = doc.paragraphs.iter().map(|p| p.span.start).collect();
    para_starts.sort_unstable();
    for h in &doc.headings {
        let mut end = h.span.end;
        let i = para_starts.partition_point(|&s| s <= h.span.start);
        if let Some(&s) = para_starts.get(i) {
            if s < end {
                end = s;
            }
        }
        out.push(Cow::Owned(Joined::from_piece(text, h.span.start..end)));
    }
    for t in &doc.tasks {
        out.push(Cow::Owned(Joined::from_piece(
            text,
            t.numbering.span.clone(),
        )));
        out.push(Cow::Borrowed(&t.body));
    }
    for p in &doc.paragraphs {
        out.push(Cow::Borrowed(&p.text));
    }
    out.sort_by_key(|j| j.source_extent().start);
    out
}

/// The bytes of a responsibility clause that are the clause: the whole
/// clause, or in a task table only its unit cells (牵头单位, 责任单位), not
/// the row: the 重点工作 cell is running text.
pub fn clause_pieces(c: &crate::model::Clause) -> Vec<Span> {
    if c.form == crate::model::ClauseForm::Table {
        [&c.lead_label, &c.responsible_label]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect()
    } else {
        vec![c.span.clone()]
    }
}

/// Byte spans of the responsibility clauses of a document (see
/// [`clause_pieces`]).
pub fn clause_spans(doc: &Document) -> Vec<Span> {
    let mut v: Vec<Span> = doc
        .tasks
        .iter()
        .flat_map(|t| t.clauses.iter().flat_map(clause_pieces))
        .collect();
    v.sort_by_key(|s| s.start);
    v
}

/// Whether `pos` falls inside one of the sorted `spans`.
pub fn in_spans(spans: &[Span], pos: usize) -> bool {
    contains(spans, pos)
}

/// The text of a span, for messages: at most `max` characters.
pub fn excerpt(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

/// Runs of in-line blanks (ASCII space, tab, ideographic space, NBSP), found
/// with one pass over the bytes.
pub fn blank_runs(text: &str) -> impl Iterator<Item = Span> + '_ {
    let b = text.as_bytes();
    let blank_at = move |i: usize| -> usize {
        match b[i] {
            b' ' | b'\t' => 1,
            0xE3 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80) => 3,
            0xC2 if b.get(i + 1) == Some(&0xA0) => 2,
            _ => 0,
        }
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let n = blank_at(i);
            if n == 0 {
                i += 1;
                continue;
            }
            let start = i;
            i += n;
            while i < b.len() {
                let n = blank_at(i);
                if n == 0 {
                    break;
                }
                i += n;
            }
            return Some(start..i);
        }
        None
    })
}

/// Lines of a text as `(content span without terminator)`.
pub fn lines(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut start = 0;
    crate::chars::split_lines(text).map(move |l| {
        let s = start;
        start += l.len();
        let t = l.trim_end_matches(['\n', '\r']);
        s..s + t.len()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regex [`md_markup_spans`] reads by hand.
    fn md_markup_re() -> regex::Regex {
        regex::Regex::new(concat!(
            r"(?m)^[ \t]{0,3}(?:#{1,6}[ \t]+|#{1,6}$|>[ \t]?|[-*+][ \t]+)",
            r"|\*+|__|\\[\\`*_{}\[\]()#+\-.!|]|<!--[\s\S]*?-->|</?[A-Za-z][^<>\n]*>",
            r"|\|",
        ))
        .unwrap()
    }

    proptest::proptest! {
        /// The triggers found for rising starts (each next start past the
        /// last one found, or further) are the first trigger byte at or
        /// after each start, for the opaque runs' bytes and Markdown's
        /// special bytes.
        #[test]
        fn triggers_are_the_first_trigger_bytes(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "`", "[", "]", "-", "a", "中", "\n", "--", "[x](y)", "*", "_", "\\", "<", "|",
            ]), 0..40),
            steps in proptest::collection::vec(0usize..6, 0..40),
        ) {
            let s: String = parts.concat();
            let b = s.as_bytes();
            for (sets, mut t) in [
                (b"`[]-".to_vec(), Triggers::opaque(b)),
                (
                    b"\n*_\\<|".to_vec(),
                    Triggers::new(b, [[b'\n', b'*', b'_'], [b'\\', b'<', b'|']]),
                ),
            ] {
                let want = |at: usize| {
                    b.get(at..)?
                        .iter()
                        .position(|x| sets.contains(x))
                        .map(|k| at + k)
                };
                let mut at = 0;
                for &step in &steps {
                    let got = t.first_from(at);
                    proptest::prop_assert_eq!(got, want(at), "{:?} at {}", s, at);
                    at = got.map_or(at, |g| g + 1) + step;
                }
            }
        }
    }

    proptest::proptest! {
        /// The hand-written reading finds what the regex finds.
        #[test]
        fn md_markup_spans_are_the_regex_matches(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "#", "##", "#######", " ", "  ", "\t", "\n", "\r", ">", "-", "*", "**", "+",
                "_", "__", "\\", "`", "{", ".", "!", "<", "<!--", "-->", "/", "a", "Z", "1",
                "|", "中", "。", "\u{3000}",
            ]), 0..24)
        ) {
            let s: String = parts.concat();
            let want: Vec<Span> = md_markup_re().find_iter(&s).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(md_markup_spans(&s), want, "{:?}", s);
        }
    }

    /// The marks by their definition: every character that is neither Han
    /// nor an ASCII letter or digit.
    fn marks_by_chars(s: &str) -> Vec<usize> {
        s.char_indices()
            .filter(|&(_, c)| !is_han(c) && !c.is_ascii_alphanumeric())
            .map(|(i, _)| i)
            .collect()
    }

    proptest::proptest! {
        /// The byte pass finds the marks of the definition, and the blank
        /// runs read from them are [`blank_runs`].
        #[test]
        fn marks_are_the_characters_that_are_not_han_letters_or_digits(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "甲", "一", "龥", "\u{4dbf}", "\u{4dc0}", "\u{3400}", "\u{33ff}", "〇", "\u{3006}",
                "\u{f900}", "\u{faff}", "\u{fb00}", "\u{9fff}", "\u{a000}", "𠀀", "\u{2fa1f}",
                "\u{2fa20}", "😀", "a", "Z", "0", "9", " ", "\t", "\u{3000}", "\u{a0}", "\n",
                "\r", "，", "。", "“", "”", "（", "(", "%", "０", "％", "é", "—", "…",
            ]), 0..40)
        ) {
            let s: String = parts.concat();
            let m = Marks::of(&s);
            proptest::prop_assert_eq!(m.offsets().collect::<Vec<_>>(), marks_by_chars(&s));
            proptest::prop_assert_eq!(
                m.blank_runs(&s).collect::<Vec<_>>(),
                blank_runs(&s).collect::<Vec<_>>()
            );
            let mid = s.len() / 2;
            proptest::prop_assert_eq!(
                m.within(1..mid).collect::<Vec<_>>(),
                marks_by_chars(&s).into_iter().filter(|&p| (1..mid).contains(&p)).collect::<Vec<_>>()
            );
            for c in ['，', '(', '\u{3000}', '😀'] {
                proptest::prop_assert_eq!(
                    m.of_char(&s, c).collect::<Vec<_>>(),
                    s.match_indices(c).map(|(i, _)| i).collect::<Vec<_>>()
                );
            }
        }
    }

    proptest::proptest! {
        /// The marks of a joined text read from its source's are those of
        /// its own characters.
        #[test]
        fn marks_of_a_joined_text_are_its_own(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "甲", "“", "”", "（", ")", "\n", " ", "a", "，", "〇", "𠀀",
            ]), 0..30),
            cuts in proptest::collection::vec(0usize..30, 0..8),
        ) {
            let src: String = parts.concat();
            let bounds: Vec<usize> = src.char_indices().map(|(i, _)| i).chain([src.len()]).collect();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|k| bounds[k % bounds.len()]).collect();
            cuts.sort_unstable();
            let mut j = Joined::new();
            for w in cuts.chunks_exact(2) {
                j.push(&src, w[0]..w[1]);
            }
            let m = Marks::of(&src);
            proptest::prop_assert_eq!(m.in_joined(&src, &j), Some(marks_by_chars(&j.text)));
            if !j.text.is_empty() {
                proptest::prop_assert_eq!(m.in_joined("x", &j), None);
            }
        }
    }

    proptest::proptest! {
        /// A pattern that never matches a line break, run only on the lines
        /// holding a candidate every match holds, finds the matches of the
        /// whole text: the date and range patterns with their candidates.
        #[test]
        fn patterns_on_candidate_lines_find_the_matches_of_the_text(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "1", "12", "2024", " ", "\t", "年", "月", "日", "-", "－", "～", "~", "—", "\n",
                "\r", "甲", "亿", "万", "%", ".",
            ]), 0..30)
        ) {
            let s: String = parts.concat();
            let b = s.as_bytes();
            let date = Regex::new(
                r"(?:([0-9]+)[ \t]*年[ \t]*)?([0-9]{1,2})[ \t]*月(?:[ \t]*([0-9]{1,2})[ \t]*[日号])?",
            ).unwrap();
            let months = memchr::memmem::find_iter(b, "月".as_bytes())
                .filter(|&i| digit_around(b, i, 3, true, false));
            let got: Vec<Span> = lines_at(&s, months)
                .flat_map(|l| date.find_iter_in(&s, l).map(|m| m.range()).collect::<Vec<_>>())
                .collect();
            let want: Vec<Span> = date.find_iter(&s).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(got, want, "{:?}", s);
            let range = Regex::new(
                r"([0-9]+(?:\.[0-9]+)?)[ \t]*[-－‐–~～—][ \t]*([0-9]+(?:\.[0-9]+)?)[ \t]*(%|％|万亿|亿|万)",
            ).unwrap();
            let marks = Marks::of(&s);
            let chars = ['-', '－', '‐', '–', '~', '～', '—'];
            let between: Vec<usize> = marks.between_digits(&s, &chars).collect();
            let lits: Vec<String> = chars.iter().map(|c| c.to_string()).collect();
            let lits: Vec<&str> = lits.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(!between.is_empty(), any_between_digits(&s, &lits));
            let got: Vec<Span> = lines_at(&s, between.into_iter())
                .flat_map(|l| {
                    range.captures_iter_in(&s, l).filter_map(|c| c.get(0)).map(|m| m.range()).collect::<Vec<_>>()
                })
                .collect();
            let want: Vec<Span> = range.find_iter(&s).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(got, want, "{:?}", s);
        }
    }

    #[test]
    fn every_three_byte_character_is_classed_as_is_han_says() {
        for cp in 0x800u32..=0xFFFF {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mut b = [0u8; 4];
            c.encode_utf8(&mut b);
            assert_eq!(han3(b[0], b[1], b[2]), is_han(c), "{cp:X}");
        }
    }

    #[test]
    fn md_markup_examples() {
        let s =
            "# 标题\n   > 引用\n    # 不是\n- 项目\n**粗**体 a\\*b <!-- x\n-->\n</p>|\n#######\n##";
        let want: Vec<Span> = md_markup_re().find_iter(s).map(|m| m.range()).collect();
        assert_eq!(md_markup_spans(s), want);
        assert!(want.len() >= 8);
    }

    proptest::proptest! {
        /// Wherever the protected regex matches, the gate lets it search.
        #[test]
        fn protected_gate_holds_wherever_the_regex_matches(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "http", "HTTPS", "ftp", "ſ", "://", ":", "/", "www", "WWW", "wWw", ".", "@",
                "a", "z", "K", "G", "B", "Z", "T", "D", "I", "S", "O", "E", "C", "J", "A",
                "gb", "iso", "0", "7", "19", "20", " ", "\t", "-", "—", "：", "长清", "，",
                "\n", "%", "_",
            ]), 0..14)
        ) {
            let s: String = parts.concat();
            if protected_re().is_match(&s) {
                proptest::prop_assert!(may_hold_protected(s.as_bytes()), "{s:?}");
            }
        }
    }

    #[test]
    fn protected_gate_examples() {
        for s in [
            "见 https://a.cn",
            "WWW.A.CN",
            "a@b.cn",
            "GB/T 9704—2012",
            "ISO 9001",
        ] {
            assert!(protected_re().is_match(s), "{s}");
            assert!(may_hold_protected(s.as_bytes()), "{s}");
        }
        for s in ["增长6.5%，达到2025年", "Gb 12", "w w w.", "a:/b"] {
            assert!(!may_hold_protected(s.as_bytes()), "{s}");
        }
    }

    /// The gate holds wherever the number patterns it guards match.
    #[test]
    fn digit_beside_finds_every_candidate() {
        assert!(digit_beside("共3 亿\t5万", "亿", true, true));
        assert!(!digit_beside("共3亿元", "亿", true, true));
        assert!(!digit_beside("亿5", "亿", true, true));
        assert!(digit_beside("亿5", "亿", false, true));
        assert!(digit_beside("12 号", "号", true, false));
        assert!(!digit_beside("号12", "号", true, false));
        assert!(any_between_digits("3 ～ 5", &["-", "～"]));
        assert!(!any_between_digits("甲-乙 3～", &["-", "～"]));
        let re = regex::Regex::new(r"([0-9]+)[ \t]*亿[ \t]*([0-9]{1,4})[ \t]*万").unwrap();
        for s in ["1亿2万", "亿 亿3 亿 4万", "3亿亿4万", "9 亿 9999 万", "亿"] {
            if re.is_match(s) {
                assert!(digit_beside(s, "亿", true, true), "{s}");
            }
        }
    }

    #[test]
    fn markdown_markup_is_transparent() {
        let src = SourceFile::from_text("a.md", "### **(一)以优质**\n");
        let s = Scan::new(&src);
        let open = src.text.find('(').unwrap();
        assert!(s.prev_char(open, false).is_none());
        assert_eq!(s.next_char(open + 1, false).map(|x| x.1), Some('一'));
        assert!(s.skipped(src.text.find('*').unwrap()));
    }

    #[test]
    fn protects_urls_and_standard_numbers() {
        let src = SourceFile::from_text("a.txt", "见GB/T 9704-2012和https://a.cn/x?y=1，完");
        let s = Scan::new(&src).with_protected();
        assert!(s.skipped(src.text.find('-').unwrap()));
        assert!(s.skipped(src.text.find('?').unwrap()));
        assert!(!s.skipped(src.text.find('完').unwrap()));
    }
}
