//! Shared helpers for rule tests.
#![allow(dead_code)]

use gwlint::diag::render_human;
use gwlint::load::SourceFile;
use gwlint::parse::ParseOptions;
use gwlint::rules::data::Data;

/// Loads fixture files (paths relative to the crate root).
pub fn load(paths: &[&str]) -> Vec<SourceFile> {
    paths
        .iter()
        .map(|p| {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(p);
            SourceFile::load(&path, p.to_string()).unwrap_or_else(|e| panic!("{p}: {e}"))
        })
        .collect()
}

/// Runs only the selected rules (codes or prefixes) over fixture files.
pub fn run(paths: &[&str], select: &[&str]) -> gwlint::Run {
    let mut data = Data::builtin();
    data.settings.select = select.iter().map(|s| s.to_string()).collect();
    gwlint::check_sources(load(paths), &data, &ParseOptions::default())
}

/// Runs selected rules over in-memory text.
pub fn run_text(name: &str, text: &str, select: &[&str]) -> gwlint::Run {
    let mut data = Data::builtin();
    data.settings.select = select.iter().map(|s| s.to_string()).collect();
    gwlint::check_sources(
        vec![SourceFile::from_text(name, text)],
        &data,
        &ParseOptions::default(),
    )
}

/// Human output (no colour) of selected rules over fixture files.
pub fn render(paths: &[&str], select: &[&str]) -> String {
    let run = run(paths, select);
    render_human::to_string(&run.sources, &run.diagnostics)
}

/// Human output of selected rules over in-memory text.
pub fn render_text(name: &str, text: &str, select: &[&str]) -> String {
    let run = run_text(name, text, select);
    render_human::to_string(&run.sources, &run.diagnostics)
}

/// Codes of the findings, in order.
pub fn codes(run: &gwlint::Run) -> Vec<&'static str> {
    run.diagnostics.iter().map(|d| d.code).collect()
}

/// The ```text block of a section. Lines `=== NAME ===` split it into files.
pub fn example_files(doc: &str, section: &str) -> Vec<(String, String)> {
    let start = doc.find(section).unwrap();
    let rest = &doc[start..];
    let block_start = rest.find("```text\n").expect("text block") + "```text\n".len();
    let block = &rest[block_start..];
    let block = &block[..block.find("```").expect("closed block")];
    let mut files: Vec<(String, String)> = Vec::new();
    for line in block.lines() {
        if let Some(name) = line
            .strip_prefix("=== ")
            .and_then(|l| l.strip_suffix(" ==="))
        {
            files.push((name.to_string(), String::new()));
            continue;
        }
        if files.is_empty() {
            files.push(("example.txt".to_string(), String::new()));
        }
        let f = files.last_mut().unwrap();
        f.1.push_str(line);
        f.1.push('\n');
    }
    files
}
