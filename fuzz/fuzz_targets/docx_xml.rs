//! Structure-aware `.docx`: a valid package (fixtures/docx/lists.docx) with
//! one XML part replaced by the fuzzer's bytes, so mutations reach the XML,
//! numbering, style and comment readers instead of dying in the zip layer.
//!
//! The first byte chooses the part (document, numbering, styles, comments);
//! the rest is its content. Then as `docx`: no panic, spans valid, every
//! renderer runs. Use with `-dict=fuzz/docx.dict` (WordprocessingML names).
#![no_main]

#[path = "common.rs"]
mod common;

use std::io::{Read, Write};
use std::sync::OnceLock;

use gwlint::load::{docx::DocxLimits, SourceFile};
use libfuzzer_sys::fuzz_target;

const PARTS: [&str; 4] = [
    "word/document.xml",
    "word/numbering.xml",
    "word/styles.xml",
    "word/comments.xml",
];

/// The template's parts, read once.
fn template() -> &'static [(String, Vec<u8>)] {
    static T: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    T.get_or_init(|| {
        let bytes = include_bytes!("../../fixtures/docx/lists.docx");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().map(|n| n.to_string()).unwrap_or_default(), data)
            })
            .collect()
    })
}

/// The package with `part` replaced (or added) as `content`, stored.
fn package(part: &str, content: &[u8]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    let mut written = false;
    for (name, data) in template() {
        out.start_file(name.as_str(), opts).unwrap();
        if name == part {
            out.write_all(content).unwrap();
            written = true;
        } else {
            out.write_all(data).unwrap();
        }
    }
    if !written {
        out.start_file(part, opts).unwrap();
        out.write_all(content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fuzz_target!(|bytes: &[u8]| {
    let Some((&which, content)) = bytes.split_first() else { return };
    let part = PARTS[usize::from(which) % PARTS.len()];
    let docx = package(part, content);
    let Ok(src) = SourceFile::from_docx(
        "a.docx".into(),
        "a.docx".into(),
        &docx,
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
