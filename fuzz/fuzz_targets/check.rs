//! text → parse → full check → every renderer.
//!
//! The input is one or two documents (split at the first 0xFF byte, which
//! never occurs in UTF-8), so report ↔ annex linking runs too. Every span of
//! every finding (primary, secondary, fix edits) must lie within its file and
//! on character boundaries, and every output format must render.
#![no_main]

#[path = "common.rs"]
mod common;

use gwlint::load::SourceFile;
use libfuzzer_sys::fuzz_target;

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
    let run = common::check(srcs);
    common::assert_spans(&run);
    common::render(&run, common::share(bytes));
});
