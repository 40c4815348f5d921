//! JSON output, schema `gwlint-diagnostics` version 1 (documented in
//! `docs/json-schema.md`). Later formats (SARIF, GitHub, reviewdog) are built
//! from the same structures.

use serde::Serialize;

use super::Category;
use super::{Applicability, Diagnostic, Severity, Text};
use crate::load::SourceFile;

/// The schema version; bump on incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// A position range shown to people: 1-based lines, 1-based character columns.
#[derive(Debug, Serialize)]
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
    let mut labels = Vec::with_capacity(1 + d.secondary.len());
    labels.push(JsonLabel {
        location: Location::new(sources, d.primary.file, &d.primary.span),
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
        location: Location::new(sources, d.primary.file, &d.primary.span),
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

/// Counts findings by severity.
pub fn summarize(diags: &[Diagnostic]) -> (usize, usize, usize) {
    let c = |s| diags.iter().filter(|d| d.severity == s).count();
    (c(Severity::Error), c(Severity::Warning), c(Severity::Info))
}
