//! Encoding detection and decoding.

use super::LoadError;

/// The encoding a file was decoded from; `--fix` writes back in the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with a BOM (kept on write).
    Utf8Bom,
    /// UTF-16 little endian with BOM.
    Utf16Le,
    /// UTF-16 big endian with BOM.
    Utf16Be,
    /// UTF-16 little endian without BOM (recognised by its NUL bytes).
    Utf16LeNoBom,
    /// UTF-16 big endian without BOM.
    Utf16BeNoBom,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
}

impl Encoding {
    /// Bytes of the byte-order mark this encoding writes first.
    pub fn bom_len(self) -> usize {
        match self {
            Encoding::Utf8Bom => 3,
            Encoding::Utf16Le | Encoding::Utf16Be => 2,
            _ => 0,
        }
    }

    /// Encodes a fragment of text (no byte-order mark).
    pub fn encode_fragment(self, text: &str) -> Vec<u8> {
        let mut v = self.encode(text);
        v.drain(..self.bom_len());
        v
    }

    /// Byte offsets in `bytes` (the file this encoding decoded into `text`)
    /// of the text offsets `at`, which must be sorted char boundaries. One
    /// pass: each decoded character is one GB18030 sequence (1, 2 or 4
    /// bytes), one or two UTF-16 units, or its UTF-8 bytes.
    pub fn byte_offsets(self, bytes: &[u8], text: &str, at: &[usize]) -> Vec<usize> {
        let base = self.bom_len();
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => return at.iter().map(|a| a + base).collect(),
            _ => {}
        }
        let mut out = Vec::with_capacity(at.len());
        let mut want = at.iter().peekable();
        let mut b = base;
        let mut chars = text.char_indices();
        loop {
            let next = chars.next();
            let t = next.map_or(text.len(), |(i, _)| i);
            while want.peek().is_some_and(|&&w| w <= t) {
                want.next();
                out.push(b);
            }
            let Some((_, c)) = next else { break };
            b += match self {
                Encoding::Gb18030 => match bytes.get(b) {
                    Some(&x) if x < 0x81 || x == 0xFF => 1,
                    Some(_) if bytes.get(b + 1).is_some_and(|y| (0x30..=0x39).contains(y)) => 4,
                    _ => 2,
                },
                _ => 2 * c.len_utf16(),
            };
        }
        out.extend(want.map(|_| b));
        out
    }

    /// Re-encodes text in this encoding (for `--fix`).
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf8Bom => {
                let mut v = vec![0xEF, 0xBB, 0xBF];
                v.extend_from_slice(text.as_bytes());
                v
            }
            Encoding::Utf16LeNoBom | Encoding::Utf16BeNoBom => {
                let mut v = Vec::with_capacity(text.len() * 2);
                let le = self == Encoding::Utf16LeNoBom;
                for u in text.encode_utf16() {
                    v.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
                }
                v
            }
            Encoding::Utf16Le => {
                let mut v = vec![0xFF, 0xFE];
                for u in text.encode_utf16() {
                    v.extend_from_slice(&u.to_le_bytes());
                }
                v
            }
            Encoding::Utf16Be => {
                let mut v = vec![0xFE, 0xFF];
                for u in text.encode_utf16() {
                    v.extend_from_slice(&u.to_be_bytes());
                }
                v
            }
            Encoding::Gb18030 => {
                let (bytes, _, _) = encoding_rs::GB18030.encode(text);
                bytes.into_owned()
            }
        }
    }
}

/// Decodes bytes: BOMs first, then strict UTF-8, then strict GB18030.
/// Text with NUL bytes or many control characters is rejected as binary.
/// UTF-8 is validated once, with SIMD where the processor has it
/// (`simdutf8`: the same answer as the standard library's).
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), LoadError> {
    decode_in_pieces(bytes, PIECE)
}

/// Bytes of the pieces a large text is validated or decoded in, on every
/// thread (texts of more than four pieces).
const PIECE: usize = 1 << 20;

/// [`decode`], large texts in pieces of about `piece` bytes.
fn decode_in_pieces(bytes: &[u8], piece: usize) -> Result<(String, Encoding), LoadError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return match utf8(rest, piece) {
            Some(s) => check_text(s, Encoding::Utf8Bom),
            None => Err(LoadError::Undecodable),
        };
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (enc, tag) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, Encoding::Utf16Le)
        } else {
            (encoding_rs::UTF_16BE, Encoding::Utf16Be)
        };
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[2..]);
        if had_errors {
            return Err(LoadError::Undecodable);
        }
        return check_text(text.into_owned(), tag);
    }
    if memchr::memchr(0, bytes).is_some() {
        return utf16_without_bom(bytes).ok_or(LoadError::Binary);
    }
    if let Some(s) = utf8(bytes, piece) {
        return check_text(s, Encoding::Utf8);
    }
    match gb18030(bytes, piece) {
        Some(text) => check_text(text, Encoding::Gb18030),
        None => Err(LoadError::Undecodable),
    }
}

/// Where `bytes` is cut into pieces of about `piece` bytes: each cut is
/// the first position at or after a multiple of `piece` that `cut_at`
/// accepts (a piece with none runs on into the next).
fn cuts(bytes: &[u8], piece: usize, cut_at: impl Fn(&[u8], usize) -> Option<usize>) -> Vec<usize> {
    let mut cuts = vec![0];
    let mut at = piece;
    while at < bytes.len() {
        match cut_at(bytes, at) {
            Some(c) if c < bytes.len() => {
                cuts.push(c);
                at = c + piece;
            }
            _ => break,
        }
    }
    cuts.push(bytes.len());
    cuts
}

/// The text of `bytes` if they are UTF-8, validated with SIMD, a large
/// text in pieces on every thread. A piece starts at a byte that does not
/// continue a character: in valid UTF-8 that starts a character, so the
/// whole is valid exactly when every piece is.
fn utf8(bytes: &[u8], piece: usize) -> Option<String> {
    use rayon::prelude::*;
    if bytes.len() <= 4 * piece {
        return simdutf8::basic::from_utf8(bytes).ok().map(str::to_string);
    }
    let cuts = cuts(bytes, piece, |b, at| {
        (at..b.len()).find(|&k| b[k] & 0xC0 != 0x80)
    });
    let parts: Vec<&str> = cuts
        .par_windows(2)
        .map(|w| simdutf8::basic::from_utf8(&bytes[w[0]..w[1]]).ok())
        .collect::<Option<_>>()?;
    let mut text = String::with_capacity(bytes.len());
    for p in parts {
        text.push_str(p);
    }
    Some(text)
}

/// The text of `bytes` strictly decoded as GB18030 (`None` on any
/// malformed sequence), a large text in pieces on every thread. A piece
/// starts after a line feed: 0x0A is never part of a longer sequence (the
/// bytes after a GB18030 lead are 0x30 or more), and after it the decoder
/// is where it starts, so the pieces decode to what the whole does.
fn gb18030(bytes: &[u8], piece: usize) -> Option<String> {
    use rayon::prelude::*;
    fn whole(b: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
        let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(b);
        (!had_errors).then_some(text)
    }
    if bytes.len() <= 4 * piece {
        return whole(bytes).map(std::borrow::Cow::into_owned);
    }
    let cuts = cuts(bytes, piece, |b, at| {
        memchr::memchr(b'\n', &b[at..]).map(|k| at + k + 1)
    });
    let parts: Vec<std::borrow::Cow<str>> = cuts
        .par_windows(2)
        .map(|w| whole(&bytes[w[0]..w[1]]))
        .collect::<Option<_>>()?;
    let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        text.push_str(&p);
    }
    Some(text)
}

/// UTF-16 without a BOM: NUL bytes (the zero half of ASCII code units) in
/// an even number of bytes. Both byte orders are decoded strictly; the one
/// whose text is at least 90% plausible document characters (CJK ideographs
/// and punctuation, full-width forms, printable ASCII, white space) wins.
/// Binary data fails this (it decodes to scattered blocks or to errors).
fn utf16_without_bom(bytes: &[u8]) -> Option<(String, Encoding)> {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let plausible = |c: char| {
        matches!(c, '\n' | '\r' | '\t' | ' '..='~' | '\u{a0}'..='\u{ff}' | '\u{2000}'..='\u{206f}'
            | '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{fe30}'..='\u{fe4f}'
            | '\u{ff00}'..='\u{ffef}' | '\u{20000}'..='\u{3ffff}')
    };
    let mut best: Option<(usize, String, Encoding)> = None;
    for (enc, tag) in [
        (encoding_rs::UTF_16LE, Encoding::Utf16LeNoBom),
        (encoding_rs::UTF_16BE, Encoding::Utf16BeNoBom),
    ] {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if had_errors || text.contains('\0') {
            continue;
        }
        let (mut total, mut good) = (0usize, 0usize);
        for c in text.chars() {
            total += 1;
            good += usize::from(plausible(c));
        }
        if good * 10 >= total * 9 && best.as_ref().is_none_or(|b| good > b.0) {
            best = Some((good, text.into_owned(), tag));
        }
    }
    let (_, text, tag) = best?;
    check_text(text, tag).ok()
}

/// Rejects decoded text that is mostly control characters (binary that
/// happened to decode).
fn check_text(text: String, enc: Encoding) -> Result<(String, Encoding), LoadError> {
    if memchr::memchr(0, text.as_bytes()).is_some() {
        return Err(LoadError::Binary);
    }
    let (chars, controls) = sample_controls(&text);
    if chars > 0 && controls * 10 > chars {
        return Err(LoadError::Binary);
    }
    Ok((text, enc))
}

/// Characters read: at most this many from the start of a text.
const SAMPLE_CHARS: usize = 4096;

/// The number of characters in the first [`SAMPLE_CHARS`] of `text`, and
/// how many of them are control characters other than `\n`, `\r`, `\t`
/// and form feed, read from the bytes: a control character is a byte
/// below 0x20 or 0x7F, or C2 80–C2 9F (U+0080–U+009F), and a character
/// starts at every byte that is not a continuation byte.
fn sample_controls(text: &str) -> (usize, usize) {
    let b = text.as_bytes();
    let starts = |x: u8| x & 0xC0 != 0x80;
    // C0 controls other than tab, line feed, form feed and carriage return.
    let c0 = |x: u8| matches!(x, 0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F);
    let (mut chars, mut controls, mut at) = (0, 0, 0);
    // Whole blocks while the sample cannot end inside one (counted in loops
    // the compiler turns into vector instructions).
    for block in b.chunks_exact(64) {
        if chars + 64 > SAMPLE_CHARS {
            break;
        }
        // Sums of at most 64 in bytes: below 0x20 or 0x7F, less the four
        // allowed ones.
        let (n, low, allowed) = block.iter().fold((0u8, 0u8, 0u8), |(n, low, ok), &x| {
            (
                n + u8::from((x as i8) >= -64),
                low + u8::from(x < 0x20) + u8::from(x == 0x7F),
                ok + u8::from(x == b'\t')
                    + u8::from(x == b'\n')
                    + u8::from(x == 0x0C)
                    + u8::from(x == b'\r'),
            )
        });
        chars += usize::from(n);
        controls += usize::from(low - allowed);
        at += 64;
    }
    let mut end = b.len();
    for (k, &x) in b[at..].iter().enumerate() {
        if !starts(x) {
            continue;
        }
        if chars == SAMPLE_CHARS {
            end = at + k;
            break;
        }
        chars += 1;
        controls += usize::from(c0(x));
    }
    // C1 controls, U+0080–U+009F: C2 80–C2 9F.
    controls += memchr::memchr_iter(0xC2, &b[..end])
        .filter(|&i| matches!(b.get(i + 1), Some(0x80..=0x9F)))
        .count();
    (chars, controls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_all_supported_encodings() {
        let s = "1.牵头单位：区财政局\n2.完成时限：2025年\n";
        for enc in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
            Encoding::Utf16LeNoBom,
            Encoding::Utf16BeNoBom,
            Encoding::Gb18030,
        ] {
            let bytes = enc.encode(s);
            let (text, got) = decode(&bytes).unwrap();
            assert_eq!(text, s, "{enc:?}");
            assert_eq!(got, enc);
        }
    }

    #[test]
    fn byte_offsets_map_text_to_the_bytes_read() {
        // 0x80 decodes to € (which encodes as A2 E3): offsets must follow
        // the bytes that were read, not a re-encoding.
        let bytes = [b'a', 0x80, 0xA3, 0xA0, 0x95, 0x32, 0x82, 0x36, b'b'];
        let (text, enc) = decode(&bytes).unwrap();
        assert_eq!(enc, Encoding::Gb18030);
        let at: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        assert_eq!(enc.byte_offsets(&bytes, &text, &at), [0, 1, 2, 4, 8, 9]);
        let s = "甲😀b";
        let le = Encoding::Utf16Le.encode(s);
        assert_eq!(
            Encoding::Utf16Le.byte_offsets(&le, s, &[0, 3, 7, 8]),
            [2, 4, 8, 10]
        );
    }

    /// Regression: UTF-16 without BOM was called binary.
    #[test]
    fn utf16_without_bom_is_recognised() {
        let s = "一、总体要求\n（一）牵头单位：区财政局。\n";
        let le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(
            decode(&le).unwrap(),
            (s.to_string(), Encoding::Utf16LeNoBom)
        );
        let be: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(
            decode(&be).unwrap(),
            (s.to_string(), Encoding::Utf16BeNoBom)
        );
    }

    proptest::proptest! {
        /// The byte count of the sample is the character count it was.
        #[test]
        fn sample_controls_counts_the_characters(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "甲", "\n", "\r", "\t", "\u{c}", "\u{1}", "\u{1f}", "\u{7f}", "\u{80}",
                "\u{9f}", "\u{a0}", "é", "𠀀", "\u{85}",
            ]), 0..64),
            repeat in 1usize..160,
        ) {
            let s: String = parts.concat().repeat(repeat);
            let sample: Vec<char> = s.chars().take(SAMPLE_CHARS).collect();
            let controls = sample
                .iter()
                .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
                .count();
            proptest::prop_assert_eq!(sample_controls(&s), (sample.len(), controls));
        }
    }

    proptest::proptest! {
        /// Large texts decoded in pieces (UTF-8 with and without BOM,
        /// GB18030, malformed bytes anywhere) give what decoding them whole
        /// gives, whatever the piece size.
        #[test]
        fn pieces_decode_as_the_whole(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                &b"a"[..], "\n".as_bytes(), "\r\n".as_bytes(), "甲".as_bytes(),
                "𠀀".as_bytes(), "，".as_bytes(),
                // GB18030: 甲 (two bytes), a four-byte sequence, a lone
                // lead, a lead before a line feed, a stray continuation.
                &[0xBC, 0xD7][..], &[0x81, 0x30, 0x81, 0x30][..], &[0x81][..],
                &[0x81, b'\n'][..], &[0x80][..], &[0xE7, 0x94][..],
            ]), 0..120),
            bom in proptest::bool::ANY,
            utf8_only in proptest::bool::ANY,
            piece in 1usize..12,
        ) {
            let mut bytes: Vec<u8> = if bom { vec![0xEF, 0xBB, 0xBF] } else { Vec::new() };
            // Half of the texts valid UTF-8: the first six kinds of part.
            let parts = parts.iter().filter(|p| !utf8_only || std::str::from_utf8(p).is_ok());
            bytes.extend(parts.copied().flatten());
            let whole = decode_in_pieces(&bytes, usize::MAX / 8);
            let pieces = decode_in_pieces(&bytes, piece);
            proptest::prop_assert_eq!(format!("{whole:?}"), format!("{pieces:?}"));
        }
    }

    #[test]
    fn rejects_binary() {
        assert!(matches!(
            decode(b"PK\x03\x04\x00\x00"),
            Err(LoadError::Binary)
        ));
        assert!(matches!(
            decode(&[0x01, 0x02, 0x03, 0x04, 0x05, 0x06, b'a']),
            Err(LoadError::Binary)
        ));
    }

    #[test]
    fn rejects_undecodable() {
        // 0xFF is invalid in both UTF-8 and GB18030 as a lead byte.
        assert!(matches!(
            decode(&[b'a', 0xFF, 0xFF, b'b']),
            Err(LoadError::Undecodable)
        ));
    }
}
