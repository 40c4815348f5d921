//! gwlint: a linter for Chinese official documents (公文).
//!
//! # Brief overview
//! The crate is a pipeline; each stage owns one module and hands plain data
//! to the next, dependencies running one way only:
//!
//! 1. [`load`]: bytes → decoded [`load::SourceFile`] with a line map.
//! 2. [`parse`]: text → typed [`model::Document`] (pest on line heads and
//!    responsibility clauses only).
//! 3. [`link`]: pair a work report with its responsibility annex.
//! 4. [`rules`]: rules over the model → [`diag::Diagnostic`]s.
//! 5. [`diag`]: render diagnostics (codespan for people, JSON for machines).
//!
//! ```
//! use gwlint::{check_sources, data::Data, load::SourceFile, parse::ParseOptions};
//! let src = SourceFile::from_text("a.txt", "一、目标\n1.地区生产总值增长6%。\n");
//! let run = check_sources(vec![src], &Data::builtin(), &ParseOptions::default());
//! assert_eq!(run.docs[0].tasks.len(), 0); // no clause anywhere: numbered lines are headings
//! ```
#![deny(missing_docs)]

/// A regular expression compiled once, on first use:
/// `fn re() -> &'static Regex { static_regex!(r"…") }`.
#[macro_export]
#[doc(hidden)]
macro_rules! static_regex {
    ($re:expr $(,)?) => {{
        static R: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        R.get_or_init(|| regex::Regex::new($re).expect("valid regex"))
    }};
}

pub mod cli;
pub mod data;
pub mod diag;
pub mod fix;
mod fxhash;
pub mod link;
pub mod load;
pub mod model;
pub mod names;
pub mod parse;
pub mod rules;
pub mod targets;

use rayon::prelude::*;

use diag::Diagnostic;
use load::SourceFile;
use model::Document;

/// The result of checking a set of sources.
pub struct Run {
    /// The sources, indexed by file id.
    pub sources: Vec<SourceFile>,
    /// Parsed documents, same order.
    pub docs: Vec<Document>,
    /// Report ↔ annex links.
    pub links: Vec<link::Link>,
    /// Findings, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses, links and checks already loaded sources.
pub fn check_sources(
    sources: Vec<SourceFile>,
    data: &data::Data,
    opts: &parse::ParseOptions,
) -> Run {
    let docs: Vec<Document> = sources
        .par_iter()
        .enumerate()
        .map(|(i, s)| parse::parse(i, s, opts))
        .collect();
    let links = link::link(&sources, &docs, data);
    let cx = rules::Context::new(&sources, &docs, &links, data);
    let diagnostics = rules::run(&cx, &data.settings);
    Run {
        sources,
        docs,
        links,
        diagnostics,
    }
}
