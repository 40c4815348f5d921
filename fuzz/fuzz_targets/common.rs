//! Shared by the fuzz targets: the built-in data loaded once, the span
//! invariants every finding must keep, and every renderer.
#![allow(dead_code)]

use std::sync::OnceLock;

use gwlint::diag::output::{self, Output, OutputFormat, RuleDoc};
use gwlint::parse::ParseOptions;
use gwlint::rules::data::Data;
use gwlint::Run;

/// The built-in rules and data, loaded once per process.
pub fn data() -> &'static Data {
    static D: OnceLock<Data> = OnceLock::new();
    D.get_or_init(Data::builtin)
}

/// Parses, links and checks.
pub fn check(sources: Vec<gwlint::load::SourceFile>) -> Run {
    gwlint::check_sources(sources, data(), &ParseOptions::default())
}

/// Every span (primary, secondary, fix edits) lies within its file and on
/// character boundaries.
pub fn assert_spans(run: &Run) {
    let ok = |file: usize, span: &std::ops::Range<usize>| {
        let t = &run.sources[file].text;
        assert!(
            span.start <= span.end && span.end <= t.len(),
            "{span:?} in {}",
            t.len()
        );
        assert!(
            t.is_char_boundary(span.start) && t.is_char_boundary(span.end),
            "{span:?}"
        );
    };
    for d in &run.diagnostics {
        ok(d.primary.file, &d.primary.span);
        for l in &d.secondary {
            ok(l.file, &l.span);
        }
        if let Some(f) = &d.fix {
            for e in &f.edits {
                ok(e.file, &e.span);
            }
        }
    }
}

fn rule_docs() -> &'static [RuleDoc] {
    static R: OnceLock<Vec<RuleDoc>> = OnceLock::new();
    R.get_or_init(|| {
        gwlint::rules::codes::registry()
            .iter()
            .map(|(m, _)| RuleDoc {
                code: m.code,
                name: m.name,
                summary: m.summary.clone(),
                doc: gwlint::rules::doc_text(m.doc),
                severity: m.severity,
                enabled: m.enabled,
            })
            .collect()
    })
}

/// How much of the (expensive) rendering one execution does. Rendering is
/// most of an execution's time on small inputs, so most executions render
/// one format, chosen by a hash of the input (a crash reproduces from the
/// input alone); one input in 16, and every input of at most 64 bytes,
/// renders all nine formats; one in 32 also renders the HTML review page.
/// Every renderer still runs on a fixed share of all inputs.
#[derive(Debug, Clone, Copy)]
pub struct Share {
    /// Which formats: all of them, or the one at this index.
    pub formats: Option<usize>,
    /// Whether the review page is rendered.
    pub review: bool,
}

/// The share of rendering for `bytes` (FNV-1a hash).
pub fn share(bytes: &[u8]) -> Share {
    let h = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let all = bytes.len() <= 64 || h % 16 == 0;
    Share {
        formats: (!all).then_some((h >> 8) as usize % FORMATS.len()),
        review: h % 32 == 0,
    }
}

const FORMATS: [OutputFormat; 9] = [
    OutputFormat::Full,
    OutputFormat::Concise,
    OutputFormat::Json,
    OutputFormat::JsonLines,
    OutputFormat::Sarif,
    OutputFormat::Github,
    OutputFormat::Rdjson,
    OutputFormat::Junit,
    OutputFormat::Gitlab,
];

/// Runs every output format and the review page over the run.
pub fn render_all(run: &Run) {
    render(
        run,
        Share {
            formats: None,
            review: true,
        },
    )
}

/// Runs the output formats (and the review page) `share` picks.
pub fn render(run: &Run, share: Share) {
    let kinds: Vec<_> = run.docs.iter().map(|d| d.kind).collect();
    let o = Output {
        sources: &run.sources,
        kinds: &kinds,
        diagnostics: &run.diagnostics,
        skipped: &[],
        rules: rule_docs(),
        fixed: 0,
        fixable: 0,
        fix_ran: false,
        show_fixes: true,
        statistics: false,
        hidden: 0,
    };
    let formats = match share.formats {
        Some(i) => &FORMATS[i..=i],
        None => &FORMATS[..],
    };
    for &f in formats {
        let mut buf = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        output::render(f, &o, &mut buf).expect("renders");
    }
    if !share.review {
        return;
    }
    let _ = gwlint::review::render(&gwlint::review::Page {
        sources: &run.sources,
        docs: &run.docs,
        links: &run.links,
        diagnostics: &run.diagnostics,
        skipped: &[],
    });
}
