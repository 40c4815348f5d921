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
pub mod text;

use serde::Serialize;

use crate::model::Span;

pub use text::{Text, Texts};

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
    /// Label in the current language.
    pub fn label(self) -> &'static str {
        let pick = crate::i18n::pick;
        match self {
            Category::Correctness => pick("正确性", "correctness"),
            Category::Consistency => pick("一致性", "consistency"),
            Category::Structure => pick("结构", "structure"),
            Category::Style => pick("格式规范", "style"),
            Category::Suppression => pick("抑制注释", "suppression"),
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
    /// Label in the current language (the same as [`Severity::word`]).
    pub fn label(self) -> &'static str {
        self.word()
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
    pub replacement: Text,
}

/// A fix's edits: a single edit (most fixes) is held inline, several in a
/// vector.
#[derive(Clone, PartialEq, Eq)]
pub struct Edits(EditsRepr);

#[derive(Clone, PartialEq, Eq)]
enum EditsRepr {
    One(Edit),
    Many(Vec<Edit>),
}

impl Edits {
    /// Keeps the edits `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&Edit) -> bool) {
        let mut v = std::mem::take(self).into_vec();
        v.retain(keep);
        *self = Edits::from(v);
    }

    /// The edits as a vector.
    pub fn into_vec(self) -> Vec<Edit> {
        match self.0 {
            EditsRepr::One(e) => vec![e],
            EditsRepr::Many(v) => v,
        }
    }
}

impl Default for Edits {
    fn default() -> Self {
        Edits(EditsRepr::Many(Vec::new()))
    }
}

impl From<Vec<Edit>> for Edits {
    fn from(mut v: Vec<Edit>) -> Self {
        if v.len() == 1 {
            Edits(EditsRepr::One(v.pop().expect("one edit")))
        } else {
            Edits(EditsRepr::Many(v))
        }
    }
}

impl From<Edit> for Edits {
    fn from(e: Edit) -> Self {
        Edits(EditsRepr::One(e))
    }
}

impl std::ops::Deref for Edits {
    type Target = [Edit];
    fn deref(&self) -> &[Edit] {
        match &self.0 {
            EditsRepr::One(e) => std::slice::from_ref(e),
            EditsRepr::Many(v) => v,
        }
    }
}

impl std::ops::DerefMut for Edits {
    fn deref_mut(&mut self) -> &mut [Edit] {
        match &mut self.0 {
            EditsRepr::One(e) => std::slice::from_mut(e),
            EditsRepr::Many(v) => v,
        }
    }
}

impl<'a> IntoIterator for &'a Edits {
    type Item = &'a Edit;
    type IntoIter = std::slice::Iter<'a, Edit>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Edits {
    type Item = &'a mut Edit;
    type IntoIter = std::slice::IterMut<'a, Edit>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl std::fmt::Debug for Edits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Edits {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// A fix: a set of edits applied together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Safety.
    pub applicability: Applicability,
    /// What it does (Chinese), e.g. `改为“区城管局”`.
    pub title: Text,
    /// Edits, non-overlapping.
    pub edits: Edits,
}

/// A labelled span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// File index.
    pub file: usize,
    /// Bytes.
    pub span: Span,
    /// One-line message (may be empty).
    pub message: Text,
}

impl Label {
    /// A label.
    pub fn new(file: usize, span: Span, message: impl Into<Text>) -> Self {
        Label {
            file,
            span,
            message: message.into(),
        }
    }
}

/// One finding.
///
/// Compact: its texts are shared [`Text`]s, its notes a shared [`Texts`],
/// a one-edit fix is held inline. A rule that reports many findings of one
/// kind builds one finding as a template and places copies of it
/// ([`Diagnostic::at`]), so each finding costs its spans and a few counter
/// increments, not copies of its strings.
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
    pub message: Text,
    /// The cause.
    pub primary: Label,
    /// Context.
    pub secondary: Vec<Label>,
    /// Notes (`依据：…`).
    pub notes: Texts,
    /// A suggestion (`help:`).
    pub help: Option<Text>,
    /// An automatic fix.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic for `rule` at `span`, with the rule's default severity.
    pub fn new(
        rule: &(impl RuleRef + ?Sized),
        file: usize,
        span: Span,
        message: impl Into<Text>,
    ) -> Self {
        Diagnostic {
            code: rule.code(),
            name: rule.name(),
            category: rule.category(),
            severity: rule.severity(),
            message: message.into(),
            primary: Label::new(file, span, Text::empty()),
            secondary: Vec::new(),
            notes: Texts::default(),
            help: None,
            fix: None,
        }
    }

    /// Sets the primary label's message.
    pub fn with_label(mut self, message: impl Into<Text>) -> Self {
        self.primary.message = message.into();
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, file: usize, span: Span, message: impl Into<Text>) -> Self {
        self.secondary.push(Label::new(file, span, message));
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<Text>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches a fix that replaces the primary span.
    pub fn with_fix(
        mut self,
        applicability: Applicability,
        title: impl Into<Text>,
        replacement: impl Into<Text>,
    ) -> Self {
        self.fix = Some(Fix {
            applicability,
            title: title.into(),
            edits: Edits::from(Edit {
                file: self.primary.file,
                span: self.primary.span.clone(),
                replacement: replacement.into(),
            }),
        });
        self
    }

    /// Attaches a fix with explicit edits.
    pub fn with_edits(
        mut self,
        applicability: Applicability,
        title: impl Into<Text>,
        edits: Vec<Edit>,
    ) -> Self {
        self.fix = Some(Fix {
            applicability,
            title: title.into(),
            edits: Edits::from(edits),
        });
        self
    }

    /// Sets the notes to a list shared with other findings.
    pub fn with_notes(mut self, notes: Texts) -> Self {
        self.notes = notes;
        self
    }

    /// This finding (a template) placed at `span` of `file`: the primary
    /// label moves there; a fix edit that replaced the template's primary
    /// span replaces the new one, other edits keep their offset from it.
    /// Texts are shared with the template, not copied.
    pub fn at(&self, file: usize, span: Span) -> Self {
        let mut d = self.clone();
        let old = &self.primary.span;
        let shift = |b: usize| (b + span.start).saturating_sub(old.start);
        if let Some(f) = &mut d.fix {
            for e in f.edits.iter_mut() {
                e.file = file;
                e.span = if e.span == *old {
                    span.clone()
                } else {
                    shift(e.span.start)..shift(e.span.end)
                };
            }
        }
        d.primary.file = file;
        d.primary.span = span;
        d
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
