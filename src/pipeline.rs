//! The pipeline wired end to end: parse every source, link reports with
//! annexes, run the rules. Above the stages, below configuration and the CLI.

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::load::SourceFile;
use crate::model::Document;
use crate::{link, parse, rules};

pub mod stream;

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

impl crate::fix::Checked for Run {
    fn sources(&self) -> &[SourceFile] {
        &self.sources
    }
    fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

/// Parses, links and checks already loaded sources.
pub fn check_sources(
    sources: Vec<SourceFile>,
    data: &rules::data::Data,
    opts: &parse::ParseOptions,
) -> Run {
    crate::chars::set_run_bytes(sources.iter().map(|s| s.text.len()).sum());
    check_group(sources, data, opts, None)
}

/// One group of a streaming run: its pairs, decided over the whole run
/// (file ids of `sources`), and what the cross-document rules read of the
/// whole run.
pub struct GroupFacts {
    /// Report ↔ annex pairs among the group's files.
    pub pairs: Vec<(usize, usize, link::Pairing)>,
    /// The whole run.
    pub whole: rules::WholeRun,
}

/// [`check_sources`] for a group of files when `group` is given (pairing
/// then reads the group's decided pairs), else for a whole run.
pub fn check_group(
    sources: Vec<SourceFile>,
    data: &rules::data::Data,
    opts: &parse::ParseOptions,
    group: Option<GroupFacts>,
) -> Run {
    // The matchers the rules build on first use are built beside parsing,
    // on a thread that would otherwise wait (a pair of files is two
    // documents of different sizes).
    let (docs, ()) = rayon::join(
        || -> Vec<Document> {
            sources
                .par_iter()
                .enumerate()
                .map(|(i, s)| parse::parse(i, s, opts))
                .collect()
        },
        || data.warm(sources.iter().map(|s| s.text.as_str())),
    );
    // Linking (pairing, alignment, targets) serves only the rules that read
    // links: skip it when none of them runs (`--select P,D`).
    let (pairs, whole) = match group {
        Some(g) => (Some(g.pairs), Some(g.whole)),
        None => (None, None),
    };
    // The document phase reads no links: it runs beside linking, and its
    // shared analyses (the memo) carry over to the cross-document phase.
    let mut doc_cx = rules::Context::new(&sources, &docs, &[], data);
    doc_cx.whole = whole;
    let (links, per_rule) = rayon::join(
        || {
            if rules::reads_links(&data.settings) {
                link::link_with(&sources, &docs, &data.targets, pairs)
            } else {
                Vec::new()
            }
        },
        || rules::check_documents(&doc_cx, &data.settings),
    );
    let mut cx = rules::Context::new(&sources, &docs, &links, data);
    cx.whole = whole;
    cx.memo = doc_cx.memo;
    let diagnostics = rules::finish(&cx, &data.settings, per_rule);
    // The shared analyses (on a large file, millions of small allocations)
    // are freed on the pool while the caller prints the findings.
    let memo = std::mem::take(&mut cx.memo);
    rayon::spawn(move || drop(memo));
    Run {
        sources,
        docs,
        links,
        diagnostics,
    }
}
