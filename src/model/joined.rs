//! Logical text assembled from pieces of the source.

use serde::Serialize;

use super::Span;

/// A logical string made of one or more contiguous pieces of the source text.
///
/// Offsets into [`Joined::text`] map back to source bytes with
/// [`Joined::to_source`]; each piece is copied verbatim, so the mapping inside a
/// piece is an offset shift.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Joined {
    /// The joined text.
    pub text: String,
    /// `(logical start, source start, len)` for each piece, in order.
    #[serde(skip)]
    pieces: Vec<(usize, usize, usize)>,
}

impl Joined {
    /// An empty string.
    pub fn new() -> Self {
        Self::default()
    }

    /// A single piece of the source.
    pub fn from_piece(src: &str, range: Span) -> Self {
        let mut j = Joined::new();
        j.push(src, range);
        j
    }

    /// Gives back the spare capacity left by building it piece by piece
    /// (documents are held for the whole run).
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.pieces.shrink_to_fit();
    }

    /// Appends `src[range]` as a new piece.
    pub fn push(&mut self, src: &str, range: Span) {
        if range.is_empty() {
            return;
        }
        let logical = self.text.len();
        // Merge with the previous piece when contiguous.
        if let Some(last) = self.pieces.last_mut() {
            if last.1 + last.2 == range.start && last.0 + last.2 == logical {
                last.2 += range.len();
                self.text.push_str(&src[range]);
                return;
            }
        }
        self.pieces.push((logical, range.start, range.len()));
        self.text.push_str(&src[range]);
    }

    /// Source offset of a logical offset. An offset at a piece boundary maps
    /// to the start of the following piece; the end of the text maps to the
    /// end of the last piece.
    pub fn to_source(&self, logical: usize) -> usize {
        if self.pieces.is_empty() {
            return 0;
        }
        let idx = match self.pieces.binary_search_by(|p| p.0.cmp(&logical)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let (l, s, len) = self.pieces[idx];
        s + (logical - l).min(len)
    }

    /// Source span of a logical range. The end maps to the end of the piece
    /// that holds the last byte, so a range never swallows the gap after it.
    pub fn span(&self, range: Span) -> Span {
        if range.is_empty() || self.pieces.is_empty() {
            let s = self.to_source(range.start);
            return s..s;
        }
        let start = self.to_source(range.start);
        // The piece holding the last byte of the range.
        let last = range.end - 1;
        let idx = match self.pieces.binary_search_by(|p| p.0.cmp(&last)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let (l, s, len) = self.pieces[idx];
        start..s + (range.end - l).min(len)
    }

    /// Logical offset of a source offset, if it falls inside a piece.
    pub fn from_source(&self, source: usize) -> Option<usize> {
        self.pieces
            .iter()
            .find(|(_, s, len)| source >= *s && source <= s + len)
            .map(|(l, s, _)| l + (source - s))
    }

    /// The pieces: `(logical start, source start, len)` for each, in order.
    pub fn pieces(&self) -> &[(usize, usize, usize)] {
        &self.pieces
    }

    /// Source boundaries where two pieces meet: `(end of one, start of next)`.
    pub fn gaps(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.pieces.windows(2).map(|w| (w[0].1 + w[0].2, w[1].1))
    }

    /// The whole source extent covered.
    pub fn source_extent(&self) -> Span {
        match (self.pieces.first(), self.pieces.last()) {
            (Some(f), Some(l)) => f.1..l.1 + l.2,
            _ => 0..0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_across_pieces() {
        let src = "（牵头\n\n单位：区财政局）";
        let a = 0..src.find('\n').unwrap();
        let b_start = src.find('单').unwrap();
        let j = {
            let mut j = Joined::new();
            j.push(src, a);
            j.push(src, b_start..src.len());
            j
        };
        assert_eq!(j.text, "（牵头单位：区财政局）");
        let l = j.text.find("单位").unwrap();
        assert_eq!(j.to_source(l), b_start);
        let r = j.text.find("区财政局").unwrap();
        let sp = j.span(r..r + "区财政局".len());
        assert_eq!(&src[sp], "区财政局");
        let whole = j.span(0..j.text.len());
        assert_eq!(&src[whole], src);
        assert_eq!(j.gaps().count(), 1);
    }
}
