//! A finding's identity that survives edits elsewhere in the file.
//!
//! The fingerprint of a diagnostic hashes its rule code, its file's shown
//! path (with `/` separators on every platform), the flagged text and a
//! little context on each side of it on the same line — never line numbers,
//! so a finding keeps its fingerprint when text is added above it. The
//! baseline file, SARIF's `partialFingerprints` and GitLab's `fingerprint`
//! all use it.

use sha2::{Digest, Sha256};

use super::Diagnostic;
use crate::load::SourceFile;

/// Characters of context taken on each side of the flagged text.
pub const CONTEXT_CHARS: usize = 12;

/// The flagged text and its context on the same line: `(before, text, after)`.
pub fn context<'a>(
    src: &'a SourceFile,
    span: &std::ops::Range<usize>,
) -> (&'a str, &'a str, &'a str) {
    let text = &src.text;
    let start = crate::load::floor_char_boundary(text, span.start.min(text.len()));
    let end = crate::load::floor_char_boundary(text, span.end.min(text.len())).max(start);
    let line = src.line_index(start);
    let line_start = src.line_starts()[line];
    let line_end = src.line_range(src.line_index(end)).end.max(end);
    let before_all = &text[line_start..start];
    let before = match before_all.char_indices().rev().nth(CONTEXT_CHARS - 1) {
        Some((i, _)) => &before_all[i..],
        None => before_all,
    };
    let after_all = &text[end..line_end];
    let after = match after_all.char_indices().nth(CONTEXT_CHARS) {
        Some((i, _)) => &after_all[..i],
        None => after_all,
    };
    (before, &text[start..end], after)
}

/// The fingerprint of `d`: 16 hex digits of SHA-256 over code, path,
/// flagged text and context.
pub fn fingerprint(sources: &[SourceFile], d: &Diagnostic) -> String {
    let src = &sources[d.primary.file];
    let (before, flagged, after) = context(src, &d.primary.span);
    let mut h = Sha256::new();
    for part in [d.code, &src.name.replace('\\', "/"), before, flagged, after] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    let digest = h.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Fingerprints of all diagnostics, made unique: the n-th repeat of the same
/// fingerprint in a file gets `-n` appended (two identical findings on
/// identical text stay two entries).
pub fn fingerprints(sources: &[SourceFile], diags: &[Diagnostic]) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    diags
        .iter()
        .map(|d| {
            let f = fingerprint(sources, d);
            let n = seen.entry(f.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                f
            } else {
                format!("{f}-{}", *n - 1)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_bounded_and_on_one_line() {
        let src = SourceFile::from_text(
            "a.txt",
            "第一行\n前面的文字很长很长很长很长的一段，错字在这里，后面还有很长很长很长的文字\n",
        );
        let at = src.text.find("错字").unwrap();
        let (b, t, a) = context(&src, &(at..at + "错字".len()));
        assert_eq!(t, "错字");
        assert_eq!(b.chars().count(), CONTEXT_CHARS);
        assert_eq!(a.chars().count(), CONTEXT_CHARS);
        assert!(!b.contains('\n') && !a.contains('\n'));
    }
}
