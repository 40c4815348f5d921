//! Link stage: pairs documents that belong together (a work report and its
//! responsibility annex).

use serde::Serialize;

use crate::model::{DocKind, Document};

/// A report and the annex written from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// File index of the report.
    pub report: usize,
    /// File index of the annex.
    pub annex: usize,
}

/// Pairs every annex with a report of the run. With one report, every annex
/// pairs with it; with several, the report of the same year is preferred.
pub fn link(docs: &[Document]) -> Vec<Link> {
    let reports: Vec<&Document> = docs.iter().filter(|d| d.kind == DocKind::Report).collect();
    let mut out = Vec::new();
    for annex in docs.iter().filter(|d| d.kind == DocKind::Annex) {
        let year = annex.year.as_ref().map(|y| y.text.as_str());
        let best = reports
            .iter()
            .find(|r| r.year.as_ref().map(|y| y.text.as_str()) == year && year.is_some())
            .or_else(|| (reports.len() == 1).then(|| &reports[0]));
        if let Some(r) = best {
            out.push(Link {
                report: r.file,
                annex: annex.file,
            });
        }
    }
    out
}
