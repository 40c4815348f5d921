//! Excerpts of long lines for human output.
//!
//! Chinese official documents often put a whole paragraph (hundreds of
//! characters, each two columns wide) on one line. Printed whole, such a line
//! wraps in the terminal and the underline no longer sits under the
//! characters it marks. For each diagnostic, this module builds a small
//! stand-in source holding only the labelled lines, each cut to a window
//! around its labels (marked with `…`), and hands codespan that instead.
//! Line numbers and character columns shown are still those of the real
//! file: [`Excerpts`] reports them through codespan's `Files` trait.

use std::ops::Range;

use codespan_reporting::files::{Error as FilesError, Files};
use unicode_width::UnicodeWidthChar;

use crate::load::SourceFile;

/// Lines wider than this (in terminal columns) are cut to a window: the
/// terminal's width less the gutter ([`super::term::text_width`]).
fn max_width() -> usize {
    super::term::text_width()
}
/// Columns kept on each side of the labelled characters at least.
const MIN_CONTEXT: usize = 12;

/// One stand-in file.
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: String,
    line_starts: Vec<usize>,
    /// Real 0-based line index of each excerpt line.
    real_line: Vec<usize>,
    /// Real character column (0-based) of the first character after the `…`
    /// prefix of each excerpt line, and the prefix length in bytes.
    real_col: Vec<(usize, usize)>,
}

/// A label's place: file id and byte range.
pub type Place = (usize, Range<usize>);

/// Stand-in files for one diagnostic.
#[derive(Debug, Default)]
pub struct Excerpts {
    files: Vec<Excerpt>,
}

/// Display width of `s`, counted only up to `limit` (the result is then
/// `limit + 1`): deciding whether a 1 MB line fits costs O(limit), not
/// O(line), per diagnostic.
fn width_upto(s: &str, limit: usize) -> usize {
    let mut w = 0;
    for c in s.chars() {
        w += c.width().unwrap_or(0);
        if w > limit {
            return limit + 1;
        }
    }
    w
}

/// A window `[start, end)` of `line` (byte offsets into it) containing
/// `region`, about [`max_width`] columns wide. A region wider than that is
/// cut to fit (its label is clipped to the window).
fn window(line: &str, region: Range<usize>) -> Range<usize> {
    let max = max_width();
    if width_upto(line, max) <= max {
        return 0..line.len();
    }
    let inner = width_upto(&line[region.clone()], max);
    let region = if inner > max {
        // Bound the excerpt of a huge label: keep its first columns, leaving
        // room for the context on both sides.
        let keep = max.saturating_sub(2 * MIN_CONTEXT).max(1);
        let mut end = region.start;
        let mut used = 0;
        for (i, c) in line[region.clone()].char_indices() {
            used += c.width().unwrap_or(0);
            if used > keep {
                break;
            }
            end = region.start + i + c.len_utf8();
        }
        region.start..end
    } else {
        region
    };
    let budget = max_width().saturating_sub(inner) / 2;
    let ctx = budget.max(MIN_CONTEXT);
    let mut start = region.start;
    let mut used = 0;
    for (i, c) in line[..region.start].char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > ctx {
            break;
        }
        start = i;
    }
    let mut end = region.end;
    let mut used = 0;
    for (i, c) in line[region.end..].char_indices() {
        used += c.width().unwrap_or(0);
        if used > ctx {
            break;
        }
        end = region.end + i + c.len_utf8();
    }
    start..end
}

impl Excerpts {
    /// Builds excerpts for labels `(file, span)`; returns the labels' spans
    /// in the excerpts, in the same order, with excerpt file ids. `None`
    /// when a label spans several lines (the caller then shows the real
    /// source).
    pub fn build(sources: &[SourceFile], labels: &[Place]) -> Option<(Self, Vec<Place>)> {
        let mut files: Vec<usize> = Vec::new();
        for (f, _) in labels {
            if !files.contains(f) {
                files.push(*f);
            }
        }
        let mut out = Excerpts::default();
        let mut mapped = vec![(0usize, 0..0); labels.len()];
        for (id, &file) in files.iter().enumerate() {
            let src = sources.get(file)?;
            let text = src.text.as_str();
            // Real lines touched, with the byte region labelled on each.
            let mut lines: Vec<(usize, Range<usize>)> = Vec::new();
            for (f, span) in labels.iter().filter(|(f, _)| *f == file) {
                let _ = f;
                let start = span.start.min(text.len());
                let end = span.end.min(text.len()).max(start);
                let li = src.line_index(start);
                let lr = src.line_range(li);
                if end > lr.end && src.line_index(end.saturating_sub(1).max(start)) != li {
                    return None; // a multi-line label
                }
                let region = start - lr.start..(end.min(lr.end)) - lr.start;
                match lines.iter_mut().find(|(l, _)| *l == li) {
                    Some((_, r)) => *r = r.start.min(region.start)..r.end.max(region.end),
                    None => lines.push((li, region)),
                }
            }
            lines.sort_by_key(|(l, _)| *l);
            let mut ex = Excerpt {
                name: crate::load::escape_name(&src.name).into_owned(),
                text: String::new(),
                line_starts: Vec::new(),
                real_line: Vec::new(),
                real_col: Vec::new(),
            };
            let mut windows: Vec<(usize, Range<usize>, usize)> = Vec::new(); // (real line, window, excerpt line start)
            let mut prev: Option<usize> = None;
            let push = |ex: &mut Excerpt, li: usize, win: Range<usize>| -> usize {
                let lr = src.line_range(li);
                let line = &text[lr.clone()];
                let start = ex.text.len();
                ex.line_starts.push(start);
                ex.real_line.push(li);
                let mut prefix = 0;
                if win.start > 0 {
                    ex.text.push('…');
                    prefix = '…'.len_utf8();
                }
                ex.text.push_str(&line[win.clone()]);
                if win.end < line.len() {
                    ex.text.push('…');
                }
                ex.text.push('\n');
                ex.real_col.push((
                    src.char_offset(lr.start + win.start) - src.char_offset(lr.start),
                    prefix,
                ));
                start + prefix
            };
            for (li, region) in &lines {
                match prev {
                    Some(p) if li - p == 2 => {
                        // codespan shows a single line between two labelled lines.
                        let mid = &text[src.line_range(p + 1)];
                        let end = window(mid, 0..0);
                        push(&mut ex, p + 1, 0..end.end);
                    }
                    Some(p) if li - p > 2 => {
                        // Two unlabelled filler lines make codespan print a break (·).
                        for _ in 0..2 {
                            ex.line_starts.push(ex.text.len());
                            ex.real_line.push(p + 1);
                            ex.real_col.push((0, 0));
                            ex.text.push('\n');
                        }
                    }
                    _ => {}
                }
                let line = &text[src.line_range(*li)];
                let win = window(line, region.clone());
                let at = push(&mut ex, *li, win.clone());
                windows.push((*li, win, at));
                prev = Some(*li);
            }
            ex.line_starts.push(ex.text.len());
            for (k, (f, span)) in labels.iter().enumerate() {
                if *f != file {
                    continue;
                }
                let li = src.line_index(span.start.min(text.len()));
                let lr = src.line_range(li);
                let (_, win, at) = windows.iter().find(|(l, _, _)| *l == li)?;
                // Labels are clipped to the window (a huge label is cut).
                let clip = |b: usize| b.clamp(lr.start + win.start, lr.start + win.end);
                let start = clip(span.start.min(text.len()));
                let s = start - lr.start - win.start;
                let e = clip(span.end.min(lr.end)).max(start) - lr.start - win.start;
                mapped[k] = (id, at + s..at + e);
            }
            out.files.push(ex);
        }
        Some((out, mapped))
    }
}

impl<'a> Files<'a> for Excerpts {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.files
            .get(id)
            .map(|f| f.name.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.files
            .get(id)
            .map(|f| f.text.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let f = self.files.get(id).ok_or(FilesError::FileMissing)?;
        let starts = &f.line_starts[..f.line_starts.len() - 1];
        Ok(match starts.binary_search(&byte_index) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        })
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, FilesError> {
        let f = self.files.get(id).ok_or(FilesError::FileMissing)?;
        f.real_line
            .get(line_index)
            .map(|l| l + 1)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: f.real_line.len(),
            })
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let f = self.files.get(id).ok_or(FilesError::FileMissing)?;
        let start = *f
            .line_starts
            .get(line_index)
            .ok_or(FilesError::FileMissing)?;
        let (col, prefix) = f.real_col[line_index];
        let from = (start + prefix).min(byte_index);
        Ok(col + f.text[from..byte_index.max(from)].chars().count() + 1)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let f = self.files.get(id).ok_or(FilesError::FileMissing)?;
        let start = *f
            .line_starts
            .get(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: f.line_starts.len().saturating_sub(2),
            })?;
        let end = *f
            .line_starts
            .get(line_index + 1)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: f.line_starts.len().saturating_sub(2),
            })?;
        Ok(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_around_labels() {
        let line = "甲".repeat(200) + "区域管局" + &"乙".repeat(200);
        let src = SourceFile::from_text("a.md", &format!("标题\n{line}\n"));
        let at = src.text.find("区域管局").unwrap();
        let (ex, mapped) = Excerpts::build(
            std::slice::from_ref(&src),
            &[(0, at..at + "区域管局".len())],
        )
        .unwrap();
        let (id, span) = &mapped[0];
        let t = ex.source(*id).unwrap();
        assert_eq!(&t[span.clone()], "区域管局");
        assert!(t.starts_with('…') && t.trim_end().ends_with('…'));
        assert!(width_upto(t.lines().next().unwrap(), usize::MAX) <= max_width() + 4);
        // Real position: line 2, column 201.
        let li = ex.line_index(*id, span.start).unwrap();
        assert_eq!(ex.line_number(*id, li).unwrap(), 2);
        assert_eq!(ex.column_number(*id, li, span.start).unwrap(), 201);
    }

    #[test]
    fn short_lines_are_kept_whole() {
        let src = SourceFile::from_text("a.md", "1.推进。（牵头单位：区域管局）\n");
        let at = src.text.find("区域管局").unwrap();
        let (ex, mapped) =
            Excerpts::build(std::slice::from_ref(&src), &[(0, at..at + 12)]).unwrap();
        assert_eq!(ex.source(0).unwrap(), "1.推进。（牵头单位：区域管局）\n");
        assert_eq!(mapped[0].1, at..at + 12);
    }

    #[test]
    fn multi_line_labels_fall_back_to_the_source() {
        let src = SourceFile::from_text("a.md", "（牵头\n\n单位：区财政局）\n");
        assert!(
            Excerpts::build(std::slice::from_ref(&src), &[(0, 0..src.text.len() - 1)]).is_none()
        );
    }
}
