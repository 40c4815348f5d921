//! A readable view of a [`Document`] for `gwlint inspect`: spans become
//! line/column positions so people can see what the parser understood.

use serde::Serialize;

use super::{
    Clause, ClauseForm, DocKind, Document, FieldKind, LeadConvention, Level, NumberingScheme, Span,
    Unit,
};
use crate::load::SourceFile;

/// A span as people read it.
#[derive(Debug, Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based character column.
    pub column: usize,
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
}

/// A span as line, column and bytes.
pub fn pos(src: &SourceFile, s: &Span) -> Pos {
    let (line, column) = src.line_col(s.start);
    Pos {
        line,
        column,
        start: s.start,
        end: s.end,
    }
}

/// A unit.
#[derive(Debug, Serialize)]
pub struct UnitView {
    /// Name.
    pub name: String,
    /// Collective entry.
    pub collective: bool,
    /// Where.
    pub at: Pos,
}

/// A clause.
#[derive(Debug, Serialize)]
pub struct ClauseView {
    /// Form.
    pub form: ClauseForm,
    /// Where.
    pub at: Pos,
    /// Lead units.
    pub lead: Vec<UnitView>,
    /// Responsible units.
    pub responsible: Vec<UnitView>,
    /// Deadline.
    pub deadline: Option<String>,
    /// Everything else the clause says (deadlines, persons, keyed values,
    /// free text).
    pub fields: Vec<FieldView>,
}

/// A typed field of a clause.
#[derive(Debug, Serialize)]
pub struct FieldView {
    /// What it holds.
    pub kind: FieldKind,
    /// Its key, for keyed parts.
    pub key: Option<String>,
    /// Its value.
    pub value: String,
}

/// A heading.
#[derive(Debug, Serialize)]
pub struct HeadingView {
    /// Level.
    pub level: Level,
    /// Number value.
    pub number: u32,
    /// Mark as written.
    pub mark: String,
    /// Text.
    pub text: String,
    /// Markdown depth.
    pub md_depth: Option<u8>,
    /// Where.
    pub at: Pos,
}

/// A task.
#[derive(Debug, Serialize)]
pub struct TaskView {
    /// Number.
    pub number: u32,
    /// Mark.
    pub mark: String,
    /// Where the task starts.
    pub at: Pos,
    /// Text before the clause (lines joined).
    pub text: String,
    /// The clause that names the lead (see [`super::Task::main_clause`]).
    pub clause: Option<ClauseView>,
    /// All clauses, in text order.
    pub clauses: Vec<ClauseView>,
    /// Lead units of all clauses (what T001 reads).
    pub lead: Vec<String>,
    /// Heading text above.
    pub heading: Option<String>,
    /// Blank-line splits inside the task.
    pub breaks: Vec<Pos>,
}

/// A paragraph.
#[derive(Debug, Serialize)]
pub struct ParagraphView {
    /// Where it starts.
    pub at: Pos,
    /// Text (hard wraps joined).
    pub text: String,
    /// 一是/二是 markers.
    pub items: Vec<u32>,
}

/// The whole view.
#[derive(Debug, Serialize)]
pub struct DocumentView {
    /// Path.
    pub path: String,
    /// Kind.
    pub kind: DocKind,
    /// Title.
    pub title: Option<String>,
    /// Year.
    pub year: Option<String>,
    /// Level that carries tasks.
    pub task_level: Option<Level>,
    /// Numbering scheme.
    pub numbering: NumberingScheme,
    /// Lead convention.
    pub lead_convention: LeadConvention,
    /// Hard-wrapped text.
    pub hard_wrapped: bool,
    /// Counts.
    pub counts: Counts,
    /// Headings.
    pub headings: Vec<HeadingView>,
    /// Tasks.
    pub tasks: Vec<TaskView>,
    /// Paragraphs.
    pub paragraphs: Vec<ParagraphView>,
    /// Parse issues.
    pub issues: Vec<(Pos, String)>,
}

/// Counts.
#[derive(Debug, Serialize)]
pub struct Counts {
    /// Headings.
    pub headings: usize,
    /// Tasks.
    pub tasks: usize,
    /// Tasks with a clause.
    pub tasks_with_clause: usize,
    /// Paragraphs.
    pub paragraphs: usize,
}

fn units(src: &SourceFile, u: &[Unit]) -> Vec<UnitView> {
    u.iter()
        .map(|u| UnitView {
            name: u.name.clone(),
            collective: u.collective,
            at: pos(src, &u.span),
        })
        .collect()
}

fn clause(src: &SourceFile, c: &Clause) -> ClauseView {
    ClauseView {
        form: c.form,
        at: pos(src, &c.span),
        lead: units(src, &c.lead),
        responsible: units(src, &c.responsible),
        deadline: c.deadline.as_ref().map(|d| d.text.clone()),
        fields: c
            .fields
            .iter()
            .map(|f| FieldView {
                kind: f.kind,
                key: f.key.as_ref().map(|k| k.text.clone()),
                value: f.value.text.clone(),
            })
            .collect(),
    }
}

/// Builds the view.
pub fn view(src: &SourceFile, doc: &Document) -> DocumentView {
    DocumentView {
        path: src.name.clone(),
        kind: doc.kind,
        title: doc.title.as_ref().map(|t| t.text.clone()),
        year: doc.year.as_ref().map(|t| t.text.clone()),
        task_level: doc.task_level,
        numbering: doc.numbering,
        lead_convention: doc.lead_convention,
        hard_wrapped: doc.hard_wrapped,
        counts: Counts {
            headings: doc.headings.len(),
            tasks: doc.tasks.len(),
            tasks_with_clause: doc.tasks.iter().filter(|t| t.has_clause()).count(),
            paragraphs: doc.paragraphs.len(),
        },
        headings: doc
            .headings
            .iter()
            .map(|h| HeadingView {
                level: h.numbering.level,
                number: h.numbering.value,
                mark: h.numbering.raw.clone(),
                text: h.text.clone(),
                md_depth: h.md_depth,
                at: pos(src, &h.span),
            })
            .collect(),
        tasks: doc
            .tasks
            .iter()
            .map(|t| TaskView {
                number: t.numbering.value,
                mark: t.numbering.raw.clone(),
                at: pos(src, &t.numbering.span),
                text: t.text_before_clause().to_string(),
                clause: t.main_clause().map(|c| clause(src, c)),
                clauses: t.clauses.iter().map(|c| clause(src, c)).collect(),
                lead: t.lead().map(|u| u.name.clone()).collect(),
                heading: t.heading.map(|h| doc.headings[h].text.clone()),
                breaks: t.breaks.iter().map(|b| pos(src, b)).collect(),
            })
            .collect(),
        paragraphs: doc
            .paragraphs
            .iter()
            .map(|p| ParagraphView {
                at: pos(src, &p.span),
                text: p.text.text.clone(),
                items: p.items.iter().map(|(_, n)| *n).collect(),
            })
            .collect(),
        issues: doc
            .issues
            .iter()
            .map(|i| (pos(src, &i.span), i.message.clone()))
            .collect(),
    }
}
