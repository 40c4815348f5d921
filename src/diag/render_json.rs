//! JSON output, schema `gwlint-diagnostics` version 1 (documented in
//! `docs/json-schema.md`). Later formats (SARIF, GitHub, reviewdog) are built
//! from the same structures.

use std::io::{self, Write};

use serde::Serialize;

use super::Category;
use super::{Applicability, Diagnostic, Severity, Text};
use crate::load::SourceFile;

/// The schema version; bump on incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// A position range shown to people: 1-based lines, 1-based character columns.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Location<'a> {
    /// File path as shown.
    pub file: &'a str,
    /// Byte offset of the start in the decoded text.
    pub start: usize,
    /// Byte offset of the end (exclusive).
    pub end: usize,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based character column of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based character column of the end (exclusive).
    pub end_column: usize,
}

impl<'a> Location<'a> {
    /// Computes a location.
    pub fn new(sources: &'a [SourceFile], file: usize, span: &std::ops::Range<usize>) -> Self {
        let f = &sources[file];
        let (line, column) = f.line_col(span.start);
        let (end_line, end_column) = f.line_col(span.end);
        Location {
            file: &f.name,
            start: span.start,
            end: span.end,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// A label in JSON.
#[derive(Debug, Serialize)]
pub struct JsonLabel<'a> {
    /// Where.
    #[serde(flatten)]
    pub location: Location<'a>,
    /// Message.
    pub message: &'a str,
    /// Primary (the cause) or secondary (context).
    pub primary: bool,
}

/// An edit in JSON.
#[derive(Debug, Serialize)]
pub struct JsonEdit<'a> {
    /// Where.
    #[serde(flatten)]
    pub location: Location<'a>,
    /// Replacement text.
    pub replacement: &'a str,
}

/// A fix in JSON.
#[derive(Debug, Serialize)]
pub struct JsonFix<'a> {
    /// safe | unsafe | display-only
    pub applicability: Applicability,
    /// What it does.
    pub title: &'a str,
    /// Edits.
    pub edits: Vec<JsonEdit<'a>>,
}

/// A finding in JSON.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// Code.
    pub code: &'static str,
    /// Name.
    pub name: &'static str,
    /// Category.
    pub category: Category,
    /// Severity.
    pub severity: Severity,
    /// Message.
    pub message: &'a str,
    /// Primary location.
    #[serde(flatten)]
    pub location: Location<'a>,
    /// All labels, primary first.
    pub labels: Vec<JsonLabel<'a>>,
    /// Notes.
    pub notes: &'a [Text],
    /// Help.
    pub help: Option<&'a str>,
    /// Fix.
    pub fix: Option<JsonFix<'a>>,
}

/// A file that was checked.
#[derive(Debug, Serialize)]
pub struct JsonFile {
    /// Path.
    pub path: String,
    /// Detected kind.
    pub kind: crate::model::DocKind,
    /// Encoding.
    pub encoding: crate::load::Encoding,
}

/// A file that was skipped.
#[derive(Debug, Serialize)]
pub struct JsonSkipped {
    /// Path.
    pub path: String,
    /// Reason code.
    pub reason: crate::load::LoadError,
    /// Message (Chinese).
    pub message: String,
}

/// Counts.
#[derive(Debug, Default, Serialize)]
pub struct JsonSummary {
    /// Files checked.
    pub files_checked: usize,
    /// Files skipped.
    pub files_skipped: usize,
    /// Error-level findings.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Fixes applied (with --fix).
    pub fixed: usize,
    /// Findings hidden by `--baseline` (not listed in `diagnostics`).
    pub hidden_by_baseline: usize,
}

/// A run's findings as the JSON array of [`JsonDiagnostic`]s, each
/// converted only when it is serialized (the document is written without
/// holding every converted finding at once).
#[derive(Debug, Clone, Copy)]
pub struct Diagnostics<'a> {
    /// The sources the spans point into.
    pub sources: &'a [SourceFile],
    /// The findings, in output order.
    pub diagnostics: &'a [Diagnostic],
}

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.diagnostics.iter().map(|d| diagnostic(self.sources, d)))
    }
}

/// The whole JSON document.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// Always `gwlint-diagnostics`.
    pub schema: &'static str,
    /// [`SCHEMA_VERSION`].
    pub version: u32,
    /// gwlint's version.
    pub tool_version: &'static str,
    /// Files checked, in order.
    pub files: Vec<JsonFile>,
    /// Skipped files.
    pub skipped: Vec<JsonSkipped>,
    /// Findings, sorted by file, position and code.
    pub diagnostics: Diagnostics<'a>,
    /// Counts.
    pub summary: JsonSummary,
}

/// Converts one diagnostic.
pub fn diagnostic<'a>(sources: &'a [SourceFile], d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    // The primary place is shown twice (the finding's and its label's):
    // its lines and columns are computed once.
    let primary = Location::new(sources, d.primary.file, &d.primary.span);
    let mut labels = Vec::with_capacity(1 + d.secondary.len());
    labels.push(JsonLabel {
        location: primary,
        message: &d.primary.message,
        primary: true,
    });
    labels.extend(d.secondary.iter().map(|l| JsonLabel {
        location: Location::new(sources, l.file, &l.span),
        message: &l.message,
        primary: false,
    }));
    JsonDiagnostic {
        code: d.code,
        name: d.name,
        category: d.category,
        severity: d.severity,
        message: &d.message,
        location: primary,
        labels,
        notes: &d.notes,
        help: d.help.as_deref(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            applicability: f.applicability,
            title: &f.title,
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    location: Location::new(sources, e.file, &e.span),
                    replacement: &e.replacement,
                })
                .collect(),
        }),
    }
}

/// serde_json's pretty printer (two spaces an indentation level) starting
/// `depth` levels in: a value written with it is byte for byte what
/// `serde_json::to_writer_pretty` writes for the same value at that depth
/// of a larger document, so parts of one document can be rendered apart
/// (on several threads) and joined.
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    fn at(depth: usize) -> Self {
        Pretty {
            depth,
            has_value: false,
        }
    }

    fn newline<W: ?Sized + Write>(&self, w: &mut W, comma: bool) -> io::Result<()> {
        w.write_all(if comma { b",\n" } else { b"\n" })?;
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w, false)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.newline(w, !first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w, false)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.newline(w, !first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Appends one finding to `buf` as it stands in the `diagnostics` array of
/// the pretty-printed document (two levels in), without the separator
/// before it.
pub fn write_item(sources: &[SourceFile], d: &Diagnostic, buf: &mut Vec<u8>) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(buf, Pretty::at(2));
    diagnostic(sources, d)
        .serialize(&mut ser)
        .map_err(io::Error::other)
}

/// Findings rendered by one task of [`JsonReport::write_pretty`].
const PIECE: usize = 128;

/// Pieces rendered before they are written: what waits in memory is a
/// window of findings, not the run's.
const WINDOW: usize = 64;

impl JsonReport<'_> {
    /// Writes the document exactly as `serde_json::to_writer_pretty` does
    /// (without a final newline), the findings rendered in ordered pieces
    /// on every thread of the pool and written in order, each window of
    /// pieces written while the next is rendered.
    pub fn write_pretty(mut self, out: &mut dyn Write) -> io::Result<()> {
        let Diagnostics {
            sources,
            diagnostics,
        } = self.diagnostics;
        // The document around an empty array, split where the findings go.
        self.diagnostics.diagnostics = &[];
        let frame = serde_json::to_vec_pretty(&self).map_err(io::Error::other)?;
        const ARRAY: &[u8] = b"\"diagnostics\": [";
        // File names and messages are escaped strings: the first match is
        // the key of the document.
        let at = memchr::memmem::find(&frame, ARRAY)
            .ok_or_else(|| io::Error::other("no diagnostics array"))?
            + ARRAY.len();
        out.write_all(&frame[..at])?;
        write_items(sources, diagnostics, out)?;
        if !diagnostics.is_empty() {
            out.write_all(b"\n  ")?;
        }
        out.write_all(&frame[at..])
    }
}

/// The findings of the `diagnostics` array, each after its separator.
fn write_items(
    sources: &[SourceFile],
    diags: &[Diagnostic],
    out: &mut dyn Write,
) -> io::Result<()> {
    use rayon::prelude::*;
    // Findings `start..` of the run, in one buffer.
    let piece = |start: usize, chunk: &[Diagnostic]| -> io::Result<Vec<u8>> {
        let mut buf = Vec::with_capacity(chunk.len() * 1024);
        for (k, d) in chunk.iter().enumerate() {
            buf.extend_from_slice(if start + k == 0 {
                b"\n    "
            } else {
                b",\n    "
            });
            write_item(sources, d, &mut buf)?;
        }
        Ok(buf)
    };
    let window = |w: usize| -> io::Result<Vec<Vec<u8>>> {
        let lo = w * PIECE * WINDOW;
        let hi = diags.len().min(lo + PIECE * WINDOW);
        diags[lo..hi]
            .par_chunks(PIECE)
            .enumerate()
            .map(|(k, c)| piece(lo + k * PIECE, c))
            .collect()
    };
    let windows = diags.len().div_ceil(PIECE * WINDOW);
    let write = |out: &mut dyn Write, pieces: &[Vec<u8>]| -> io::Result<()> {
        pieces.iter().try_for_each(|p| out.write_all(p))
    };
    if rayon::current_num_threads() < 2 || windows < 2 {
        for w in 0..windows {
            write(out, &window(w)?)?;
        }
        return Ok(());
    }
    // Writing (to a file or a pipe) overlaps rendering the next window.
    let mut ready = window(0)?;
    for w in 1..=windows {
        let mut next = None;
        let written = rayon::in_place_scope(|s| {
            if w < windows {
                s.spawn(|_| next = Some(window(w)));
            }
            write(out, &ready)
        });
        written?;
        match next {
            Some(n) => ready = n?,
            None => break,
        }
    }
    Ok(())
}

/// Counts findings by severity.
pub fn summarize(diags: &[Diagnostic]) -> (usize, usize, usize) {
    let c = |s| diags.iter().filter(|d| d.severity == s).count();
    (c(Severity::Error), c(Severity::Warning), c(Severity::Info))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Edit, RuleRef};

    struct Rule;
    impl RuleRef for Rule {
        fn code(&self) -> &'static str {
            "P001"
        }
        fn name(&self) -> &'static str {
            "half-width-punctuation"
        }
        fn category(&self) -> Category {
            Category::Style
        }
        fn severity(&self) -> Severity {
            Severity::Warning
        }
    }

    fn report<'a>(sources: &'a [SourceFile], diagnostics: &'a [Diagnostic]) -> JsonReport<'a> {
        JsonReport {
            schema: "gwlint-diagnostics",
            version: SCHEMA_VERSION,
            tool_version: "0",
            files: sources
                .iter()
                .map(|s| JsonFile {
                    path: s.name.clone(),
                    kind: crate::model::DocKind::Report,
                    encoding: s.encoding,
                })
                .collect(),
            skipped: vec![JsonSkipped {
                path: "坏\"diagnostics\": [.txt".into(),
                reason: crate::load::LoadError::Binary,
                message: "二进制".into(),
            }],
            diagnostics: Diagnostics {
                sources,
                diagnostics,
            },
            summary: JsonSummary::default(),
        }
    }

    /// Findings with every part a finding may have: labels in both files,
    /// notes, help, fixes, quotes and line breaks in messages.
    fn findings(sources: &[SourceFile], n: usize) -> Vec<Diagnostic> {
        (0..n)
            .map(|k| {
                let file = k % sources.len();
                let len = sources[file].text.len();
                let at = (k * 7919) % len.max(1);
                let span = at..(at + 5).min(len);
                let mut d =
                    Diagnostic::new(&Rule, file, span.clone(), format!("第{k}条 \"引号\"\n换行"));
                if k % 2 == 0 {
                    d = d.with_label("这里").with_note("注").with_help("帮助");
                }
                if k % 3 == 0 {
                    d = d.with_secondary(1 - file, 0..1, "另见");
                }
                if k % 5 == 0 {
                    d = d.with_fix(Applicability::Safe, "改为全角", "，");
                }
                if k % 11 == 0 {
                    d = d.with_edits(
                        Applicability::Unsafe,
                        "两处",
                        vec![
                            Edit {
                                file,
                                span: span.clone(),
                                replacement: "甲".into(),
                            },
                            Edit {
                                file,
                                span: len..len,
                                replacement: "\t".into(),
                            },
                        ],
                    );
                }
                d
            })
            .collect()
    }

    /// The document written in pieces on several threads is byte for byte
    /// serde_json's pretty document: no findings, one, a piece, and more
    /// than two windows (writing overlapped with rendering), on one
    /// thread and on three.
    #[test]
    fn pieces_make_the_serde_document() {
        let sources = [
            SourceFile::from_text(
                "a.txt",
                &"一、总体要求，\r\n牵头单位：区财政局,\r".repeat(400),
            ),
            SourceFile::from_text("附件.md", &"长".repeat(3000)),
        ];
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            for n in [0, 1, PIECE, 2 * PIECE * WINDOW + 5] {
                let diags = findings(&sources, n);
                let want = serde_json::to_vec_pretty(&report(&sources, &diags)).unwrap();
                let mut got = Vec::new();
                pool.install(|| report(&sources, &diags).write_pretty(&mut got))
                    .unwrap();
                assert!(got == want, "{threads} threads, {n} findings");
            }
        }
    }
}
