//! LSP positions: UTF-16 code units by default, UTF-8 bytes when the client
//! offers them. Lines come from the source's line table; a column is counted
//! from the start of its line only.

use lsp_types as lt;

use crate::load::{floor_char_boundary, SourceFile};
use crate::model::Span;

/// The position encoding agreed with the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Enc {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units (the protocol's default).
    Utf16,
}

impl Enc {
    /// UTF-8 when the client lists it, else UTF-16.
    pub(super) fn negotiate(init: &lt::InitializeParams) -> Enc {
        let offered = init
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        match offered {
            Some(list) if list.iter().any(|e| e.as_str() == "utf-8") => Enc::Utf8,
            _ => Enc::Utf16,
        }
    }

    /// The protocol's name for it.
    pub(super) fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16 => "utf-16",
        }
    }

    /// The position of a byte offset.
    pub(super) fn position(self, src: &SourceFile, byte: usize) -> lt::Position {
        let byte = floor_char_boundary(&src.text, byte.min(src.text.len()));
        let line = src.line_index(byte);
        let start = src.line_starts()[line];
        let piece = &src.text[start..byte];
        let character = match self {
            Enc::Utf8 => piece.len(),
            Enc::Utf16 => piece.encode_utf16().count(),
        };
        lt::Position {
            line: line as u32,
            character: character as u32,
        }
    }

    /// The range of a byte span.
    pub(super) fn range(self, src: &SourceFile, span: Span) -> lt::Range {
        lt::Range {
            start: self.position(src, span.start),
            end: self.position(src, span.end.max(span.start)),
        }
    }

    /// The byte offset of a position (clamped to the line's end; a position
    /// inside a surrogate pair or a UTF-8 sequence goes to the character's start).
    pub(super) fn offset(self, src: &SourceFile, pos: lt::Position) -> usize {
        let starts = src.line_starts();
        let Some(&start) = starts.get(pos.line as usize) else {
            return src.text.len();
        };
        let end = starts
            .get(pos.line as usize + 1)
            .copied()
            .unwrap_or(src.text.len());
        let line = &src.text[start..end];
        let want = pos.character as usize;
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= want || c == '\n' || c == '\r' {
                return start + i;
            }
            units += match self {
                Enc::Utf8 => c.len_utf8(),
                Enc::Utf16 => c.len_utf16(),
            };
            if units > want {
                return start + i;
            }
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_astral_characters_twice() {
        let src = SourceFile::from_text("a.txt", "一\n𠀀区财政局\n");
        let byte = src.text.find("区").unwrap();
        let p = Enc::Utf16.position(&src, byte);
        assert_eq!((p.line, p.character), (1, 2));
        assert_eq!(Enc::Utf16.offset(&src, p), byte);
        let p8 = Enc::Utf8.position(&src, byte);
        assert_eq!((p8.line, p8.character), (1, 4));
        assert_eq!(Enc::Utf8.offset(&src, p8), byte);
    }

    #[test]
    fn positions_past_the_line_end_clamp() {
        let src = SourceFile::from_text("a.txt", "一二\n三\n");
        let off = Enc::Utf16.offset(
            &src,
            lt::Position {
                line: 0,
                character: 99,
            },
        );
        assert_eq!(off, "一二".len());
        let off = Enc::Utf16.offset(
            &src,
            lt::Position {
                line: 9,
                character: 0,
            },
        );
        assert_eq!(off, src.text.len());
    }
}
