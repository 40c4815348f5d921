//! The units of a rule's scope in a document (tasks, clauses, headings,
//! paragraphs, table cells, the whole text) that regexes and counts run over.

use super::*;

/// One unit of a scope: its source span and the text regexes run over.
pub(super) struct Unit<'a> {
    pub(super) span: Span,
    pub(super) text: UnitText<'a>,
}

pub(super) enum UnitText<'a> {
    /// A slice of the source starting at this byte.
    Slice(usize, &'a str),
    /// Joined physical lines.
    Joined(&'a Joined),
}

impl Unit<'_> {
    pub(super) fn text(&self) -> &str {
        match &self.text {
            UnitText::Slice(_, s) => s,
            UnitText::Joined(j) => &j.text,
        }
    }
    pub(super) fn to_source(&self, r: Span) -> Span {
        match &self.text {
            UnitText::Slice(off, _) => off + r.start..off + r.end,
            UnitText::Joined(j) => j.span(r),
        }
    }
    /// Where a finding about the whole unit points: its first line.
    pub(super) fn head(&self, src: &str) -> Span {
        let s = &src[self.span.clone()];
        let end = s.find('\n').unwrap_or(s.len());
        let s2 = s[..end].trim_end();
        self.span.start..self.span.start + s2.len().max(1).min(s.len())
    }
}

pub(super) fn slice(src: &str, span: Span) -> Unit<'_> {
    Unit {
        span: span.clone(),
        text: UnitText::Slice(span.start, &src[span]),
    }
}

/// The units of a scope in a document, in source order.
pub(super) fn units<'a>(scope: Scope, doc: &'a Document, src: &'a str) -> Vec<Unit<'a>> {
    let mut v: Vec<Unit<'a>> = match scope {
        Scope::Document => vec![slice(src, 0..src.len())],
        Scope::Paragraph => doc
            .paragraphs
            .iter()
            .map(|p| Unit {
                span: p.span.clone(),
                text: UnitText::Joined(&p.text),
            })
            .collect(),
        Scope::Heading => doc
            .headings
            .iter()
            .map(|h| slice(src, h.span.clone()))
            .collect(),
        Scope::Task => doc
            .tasks
            .iter()
            .map(|t| Unit {
                span: t.span.clone(),
                text: UnitText::Joined(&t.body),
            })
            .collect(),
        Scope::Clause => doc
            .tasks
            .iter()
            .flat_map(|t| &t.clauses)
            .map(|c| slice(src, c.span.clone()))
            .collect(),
        Scope::Lead => doc
            .tasks
            .iter()
            .flat_map(|t| &t.clauses)
            .filter_map(|c| {
                let (a, b) = (c.lead.first()?, c.lead.last()?);
                (a.span.start < b.span.end).then(|| slice(src, a.span.start..b.span.end))
            })
            .collect(),
        Scope::Cell => table_cells(src)
            .into_iter()
            .map(|s| slice(src, s))
            .collect(),
    };
    v.sort_by_key(|u| (u.span.start, u.span.end));
    v
}

/// Cells of table rows: lines that start with `|` (Markdown tables and
/// `|`-separated text tables), split on `|`, separator rows skipped,
/// blanks trimmed.
pub(super) fn table_cells(src: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in crate::chars::split_lines(src) {
        let start = at;
        at += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        if !body.trim_start().starts_with('|') {
            continue;
        }
        if body
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
        {
            continue;
        }
        let mut cell_start = start + lead + 1;
        for piece in body[lead + 1..].split('|') {
            let t = piece.trim_matches([' ', '\t', '\u{3000}']);
            if !t.is_empty() {
                let off = piece.len() - piece.trim_start_matches([' ', '\t', '\u{3000}']).len();
                out.push(cell_start + off..cell_start + off + t.len());
            }
            cell_start += piece.len() + 1;
        }
    }
    out
}
