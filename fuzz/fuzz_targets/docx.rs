//! arbitrary bytes as a `.docx` → the reader → full check → every renderer.
//!
//! The reader must answer every input with a text view or a `LoadError`
//! (never a panic, never unbounded memory: the limits are the defaults); a
//! text view's Word places must resolve for every offset findings use.
#![no_main]

#[path = "common.rs"]
mod common;

use gwlint::load::{docx::DocxLimits, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(src) = SourceFile::from_docx(
        "a.docx".into(),
        "a.docx".into(),
        bytes,
        &DocxLimits::default(),
    ) else {
        return;
    };
    let run = common::check(vec![src]);
    common::assert_spans(&run);
    let map = run.sources[0].docx.as_ref().expect("docx map");
    for d in &run.diagnostics {
        let _ = map.place(d.primary.span.start);
    }
    common::render(&run, common::share(bytes));
});
