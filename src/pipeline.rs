//! The pipeline wired end to end: parse every source, link reports with
//! annexes, run the rules. Above the stages, below configuration and the CLI.

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::load::SourceFile;
use crate::model::Document;
use crate::{link, parse, rules};

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
    let links = if rules::reads_links(&data.settings) {
        link::link(&sources, &docs, &data.targets)
    } else {
        Vec::new()
    };
    let cx = rules::Context::new(&sources, &docs, &links, data);
    let diagnostics = rules::run(&cx, &data.settings);
    Run {
        sources,
        docs,
        links,
        diagnostics,
    }
}
