//! Diagnostics: the data rules produce and printers render.
//!
//! Rules never print. They return [`Diagnostic`]s whose spans are byte ranges
//! into decoded sources; only the renderers ([`render_human`],
//! [`render_json`]) compute lines and character columns.

pub mod baseline;
pub mod excerpt;
pub mod fingerprint;
pub mod output;
pub mod render_ci;
pub mod render_docx;
pub mod render_human;
pub mod render_json;
pub mod render_sarif;
pub mod term;

use serde::Serialize;

use crate::model::Span;

/// What a rule is about; shown in listings and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The document is wrong: a task nobody leads, a number that disagrees.
    Correctness,
    /// The document disagrees with itself or its companion.
    Consistency,
    /// Structure and numbering.
    Structure,
    /// Typography and format under the national standards.
    Style,
    /// The suppression markers themselves.
    Suppression,
}

impl Category {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Category::Correctness => "正确性",
            Category::Consistency => "一致性",
            Category::Structure => "结构",
            Category::Style => "格式规范",
            Category::Suppression => "抑制注释",
        }
    }
}

/// What a diagnostic needs to know about the rule that emits it. The rule
/// registry's `RuleMeta` implements it; the diagnostic vocabulary stays
/// below the rules (as a searcher owns the sink trait its printers implement).
pub trait RuleRef {
    /// Stable code, e.g. `T001`.
    fn code(&self) -> &'static str;
    /// Kebab-case name, e.g. `missing-lead-unit`.
    fn name(&self) -> &'static str;
    /// Category.
    fn category(&self) -> Category;
    /// Default severity.
    fn severity(&self) -> Severity;
}

/// How serious a finding is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run unless `--fail-on info`.
    Info,
    /// Probably a defect.
    Warning,
    /// A defect.
    Error,
}

impl Severity {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }

    /// The word shown to people in the current language (错误/警告/提示,
    /// or error/warning/info): one vocabulary for headlines, summaries and
    /// statistics.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => crate::i18n::pick("错误", "error"),
            Severity::Warning => crate::i18n::pick("警告", "warning"),
            Severity::Info => crate::i18n::pick("提示", "info"),
        }
    }
}

/// Whether applying a fix is safe without a person reading it
/// (ruff's `Applicability`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown only; never applied.
    DisplayOnly,
    /// Applied with `--unsafe-fixes`: may change meaning (numbers, dates,
    /// retired names in historical documents).
    Unsafe,
    /// Applied with `--fix`: cannot change meaning (punctuation width,
    /// bracket shape, a known misspelling with one candidate).
    Safe,
}

/// One text replacement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// File index.
    pub file: usize,
    /// Bytes to replace.
    pub span: Span,
    /// Replacement text.
    pub replacement: String,
}

/// A fix: a set of edits applied together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Safety.
    pub applicability: Applicability,
    /// What it does (Chinese), e.g. `改为“区城管局”`.
    pub title: String,
    /// Edits, non-overlapping.
    pub edits: Vec<Edit>,
}

/// A labelled span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// File index.
    pub file: usize,
    /// Bytes.
    pub span: Span,
    /// One-line message (may be empty).
    pub message: String,
}

impl Label {
    /// A label.
    pub fn new(file: usize, span: Span, message: impl Into<String>) -> Self {
        Label {
            file,
            span,
            message: message.into(),
        }
    }
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// Rule code, e.g. `T001`.
    pub code: &'static str,
    /// Rule name, e.g. `missing-lead-unit`.
    pub name: &'static str,
    /// Rule category.
    pub category: Category,
    /// Severity after configuration.
    pub severity: Severity,
    /// One self-contained line, no final 句号.
    pub message: String,
    /// The cause.
    pub primary: Label,
    /// Context.
    pub secondary: Vec<Label>,
    /// Notes (`依据：…`).
    pub notes: Vec<String>,
    /// A suggestion (`help:`).
    pub help: Option<String>,
    /// An automatic fix.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic for `rule` at `span`, with the rule's default severity.
    pub fn new(
        rule: &(impl RuleRef + ?Sized),
        file: usize,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code: rule.code(),
            name: rule.name(),
            category: rule.category(),
            severity: rule.severity(),
            message: message.into(),
            primary: Label::new(file, span, ""),
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// Sets the primary label's message.
    pub fn with_label(mut self, message: impl Into<String>) -> Self {
        self.primary.message = message.into();
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, file: usize, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label::new(file, span, message));
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches a fix that replaces the primary span.
    pub fn with_fix(
        mut self,
        applicability: Applicability,
        title: impl Into<String>,
        replacement: impl Into<String>,
    ) -> Self {
        self.fix = Some(Fix {
            applicability,
            title: title.into(),
            edits: vec![Edit {
                file: self.primary.file,
                span: self.primary.span.clone(),
                replacement: replacement.into(),
            }],
        });
        self
    }

    /// Attaches a fix with explicit edits.
    pub fn with_edits(
        mut self,
        applicability: Applicability,
        title: impl Into<String>,
        edits: Vec<Edit>,
    ) -> Self {
        self.fix = Some(Fix {
            applicability,
            title: title.into(),
            edits,
        });
        self
    }

    /// Sort key: file, position, code.
    pub fn sort_key(&self) -> (usize, usize, usize, &'static str) {
        (
            self.primary.file,
            self.primary.span.start,
            self.primary.span.end,
            self.code,
        )
    }
}
