//! text → parse → full check → every renderer.
//!
//! The input is one or two documents (split at the first 0xFF byte, which
//! never occurs in UTF-8), so report ↔ annex linking runs too. Every span of
//! every finding (primary, secondary, fix edits) must lie within its file and
//! on character boundaries, and the human and JSON renderers must run.
#![no_main]

use std::sync::OnceLock;

use gwlint::load::SourceFile;
use gwlint::parse::ParseOptions;
use gwlint::rules::data::Data;
use libfuzzer_sys::fuzz_target;

fn data() -> &'static Data {
    static D: OnceLock<Data> = OnceLock::new();
    D.get_or_init(Data::builtin)
}

fn sources(bytes: &[u8]) -> Option<Vec<SourceFile>> {
    let (a, b) = match bytes.iter().position(|&b| b == 0xFF) {
        Some(i) => (&bytes[..i], Some(&bytes[i + 1..])),
        None => (bytes, None),
    };
    let mut out = vec![SourceFile::from_text("a.md", std::str::from_utf8(a).ok()?)];
    if let Some(b) = b {
        out.push(SourceFile::from_text("b.txt", std::str::from_utf8(b).ok()?));
    }
    Some(out)
}

fuzz_target!(|bytes: &[u8]| {
    let Some(srcs) = sources(bytes) else { return };
    let run = gwlint::check_sources(srcs, data(), &ParseOptions::default());
    let ok = |file: usize, span: &std::ops::Range<usize>| {
        let t = &run.sources[file].text;
        assert!(span.start <= span.end && span.end <= t.len(), "{span:?} in {}", t.len());
        assert!(t.is_char_boundary(span.start) && t.is_char_boundary(span.end), "{span:?}");
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
        let _ = gwlint::diag::render_json::diagnostic(&run.sources, d);
    }
    let _ = gwlint::diag::render_human::to_string(&run.sources, &run.diagnostics);
});
