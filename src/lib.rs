//! gwlint: a linter for Chinese official documents (公文).
//!
//! # Brief overview
//! The crate is a pipeline; each stage owns one module and hands plain data
//! to the next, dependencies running one way only (`tests/module_graph.rs`
//! holds the list of allowed imports):
//!
//! 1. [`load`]: bytes → decoded [`load::SourceFile`] with a line map.
//! 2. [`parse`]: text → typed [`model::Document`] (pest on line heads and
//!    responsibility clauses only).
//! 3. [`names`], [`targets`]: the data the rules read (registries,
//!    indicators) and target extraction.
//! 4. [`link`]: pair a work report with its responsibility annex.
//! 5. [`rules`]: rules over the model → [`diag::Diagnostic`]s; its input is
//!    [`rules::data::Data`].
//! 6. [`diag`]: the diagnostic vocabulary (below the rules) and its
//!    renderers (codespan for people, JSON for machines); [`fix`] applies
//!    the fixes diagnostics carry.
//! 7. [`pipeline`] wires 2–5; [`config`] loads what the user names into
//!    validated settings; [`cli`] is the command line. [`error`] is a leaf
//!    every stage may use.
//!
//! ```
//! use gwlint::{check_sources, load::SourceFile, parse::ParseOptions, rules::data::Data};
//! let src = SourceFile::from_text("a.txt", "一、目标\n1.地区生产总值增长6%。\n");
//! let run = check_sources(vec![src], &Data::builtin(), &ParseOptions::default());
//! assert_eq!(run.docs[0].tasks.len(), 0); // no clause anywhere: numbered lines are headings
//! ```
#![deny(missing_docs)]

/// A regular expression compiled once, on first use, with a build that fits
/// the run ([`chars::re::Regex`]):
/// `fn re() -> &'static Regex { static_regex!(r"…") }`.
#[macro_export]
#[doc(hidden)]
macro_rules! static_regex {
    ($re:expr $(,)?) => {{
        static R: std::sync::OnceLock<$crate::chars::re::Regex> = std::sync::OnceLock::new();
        R.get_or_init(|| $crate::chars::re::Regex::new($re).expect("valid regex"))
    }};
}

pub mod chars;
pub mod cli;
pub mod config;
pub mod diag;
pub mod error;
pub mod fix;
pub mod i18n;
pub mod link;
pub mod load;
pub mod model;
pub mod names;
pub mod parse;
pub mod pipeline;
pub mod review;
pub mod rules;
pub mod server;
pub mod targets;

pub use pipeline::{check_sources, Run};
