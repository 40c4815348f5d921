//! `gwlint check`.

use std::io::{IsTerminal, Write};

use codespan_reporting::term::termcolor;

use super::{CheckArgs, ColorChoice, OutputFormat, EXIT_FINDINGS, EXIT_OK, EXIT_TOOL};
use crate::diag::render_human;
use crate::diag::render_json::{self, JsonFile, JsonReport, JsonSkipped, JsonSummary};
use crate::fix::{self, FixMode};
use crate::load::{self, LoadError, SourceFile};

/// A file that could not be checked.
pub struct Skipped {
    /// Shown path.
    pub name: String,
    /// Why.
    pub error: LoadError,
}

/// Loads every path; unreadable files and walk errors become [`Skipped`].
pub fn load_all(paths: &[std::path::PathBuf]) -> (Vec<SourceFile>, Vec<Skipped>) {
    let mut sources = Vec::new();
    let mut skipped = Vec::new();
    let found = load::discover(paths);
    for (name, reason) in found.errors {
        skipped.push(Skipped {
            name,
            error: LoadError::Walk { reason },
        });
    }
    for d in found.files {
        let name = load::discover_name(&d.path);
        match SourceFile::load(&d.path, name.clone()) {
            Ok(s) => sources.push(s),
            Err(error) => skipped.push(Skipped { name, error }),
        }
    }
    (sources, skipped)
}

pub(super) fn run(a: CheckArgs) -> miette::Result<u8> {
    let settings = a.common.settings(a.select.clone(), a.ignore.clone())?;
    let (sources, skipped) = load_all(&a.paths);
    let mut run = crate::pipeline::check_sources(sources, &settings.data, &settings.parse);

    let mode = if a.unsafe_fixes {
        FixMode::Unsafe
    } else {
        FixMode::Safe
    };
    let mut fixed_count = 0;
    let mut write_errors = Vec::new();
    if a.fix || a.diff {
        let (fixed_run, fixed) = fix::until_stable(run, mode, |next| {
            crate::pipeline::check_sources(next, &settings.data, &settings.parse)
        });
        run = fixed_run;
        let fix::Fixed {
            originals,
            fixed_per_file,
            changed,
            ..
        } = fixed;
        if a.diff {
            let mut diff = String::new();
            for &i in &changed {
                diff.push_str(&fix::unified_diff(
                    &originals[i].name,
                    &originals[i].text,
                    &run.sources[i].text,
                ));
            }
            super::write_stdout(diff.as_bytes())?;
        }
        if a.fix {
            let mut failed = Vec::new();
            for &i in &changed {
                let src = &originals[i];
                let original = src.encoding.encode(&src.text);
                if let Err(e) = fix::write_atomic(src, &original, &run.sources[i].text) {
                    write_errors.push(e.to_string());
                    failed.push(i);
                }
            }
            fixed_count = changed
                .iter()
                .filter(|i| !failed.contains(i))
                .map(|&i| fixed_per_file[i])
                .sum();
            if !failed.is_empty() {
                // Report what is really on disk for files that were not written.
                let mut sources = run.sources.clone();
                for &i in &failed {
                    sources[i] = originals[i].clone();
                }
                run = crate::pipeline::check_sources(sources, &settings.data, &settings.parse);
            }
        } else {
            // --diff alone prints only the diff.
            return Ok(if changed.is_empty() {
                EXIT_OK
            } else {
                EXIT_FINDINGS
            });
        }
    }

    let (errors, warnings, infos) = render_json::summarize(&run.diagnostics);
    match a.format {
        OutputFormat::Json => {
            let report = JsonReport {
                schema: "gwlint-diagnostics",
                version: render_json::SCHEMA_VERSION,
                tool_version: env!("CARGO_PKG_VERSION"),
                files: run
                    .sources
                    .iter()
                    .zip(&run.docs)
                    .map(|(s, d)| JsonFile {
                        path: s.name.clone(),
                        kind: d.kind,
                        encoding: s.encoding,
                    })
                    .collect(),
                skipped: skipped
                    .iter()
                    .map(|s| JsonSkipped {
                        path: s.name.clone(),
                        reason: s.error.clone(),
                        message: s.error.to_string(),
                    })
                    .collect(),
                diagnostics: run
                    .diagnostics
                    .iter()
                    .map(|d| render_json::diagnostic(&run.sources, d))
                    .collect(),
                summary: JsonSummary {
                    files_checked: run.sources.len(),
                    files_skipped: skipped.len(),
                    errors,
                    warnings,
                    infos,
                    fixed: fixed_count,
                },
            };
            super::print_json(&report)?;
        }
        OutputFormat::Html => {
            let skipped: Vec<(String, String)> = skipped
                .iter()
                .map(|s| (s.name.clone(), s.error.to_string()))
                .collect();
            let page = crate::review::render(&crate::review::Page {
                sources: &run.sources,
                docs: &run.docs,
                links: &run.links,
                diagnostics: &run.diagnostics,
                skipped: &skipped,
            });
            super::write_stdout(page.as_bytes())?;
        }
        OutputFormat::Human => {
            let choice = match a.color {
                ColorChoice::Always => termcolor::ColorChoice::Always,
                ColorChoice::Never => termcolor::ColorChoice::Never,
                ColorChoice::Auto => {
                    if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
                        termcolor::ColorChoice::Auto
                    } else {
                        termcolor::ColorChoice::Never
                    }
                }
            };
            let writer = termcolor::BufferWriter::stdout(choice);
            let mut out = writer.buffer();
            render_human::emit(&mut out, &run.sources, &run.diagnostics)
                .map_err(|e| miette::miette!("{e}"))?;
            for s in &skipped {
                eprintln!("gwlint: 跳过 {}：{}", load::escape_name(&s.name), s.error);
            }
            let mut summary = format!(
                "检查了 {} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 个提示",
                run.sources.len()
            );
            if !skipped.is_empty() {
                summary.push_str(&format!("；跳过 {} 个文件", skipped.len()));
            }
            if fixed_count > 0 {
                summary.push_str(&format!("；已修复 {fixed_count} 处"));
            }
            let fixable = run
                .diagnostics
                .iter()
                .filter(|d| d.fix.as_ref().is_some_and(|f| mode.allows(f.applicability)))
                .count();
            if fixable > 0 && !a.fix {
                summary.push_str(&format!("；{fixable} 处可用 --fix 自动修复"));
            }
            let _ = writeln!(out, "{summary}");
            if let Err(e) = writer.print(&out) {
                // A closed pipe (`gwlint check … | head`) is not an error.
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(miette::miette!("{e}"));
                }
            }
        }
    }
    for e in &write_errors {
        eprintln!("gwlint: {}", load::escape_name(e));
    }
    if !skipped.is_empty() || !write_errors.is_empty() {
        return Ok(EXIT_TOOL);
    }
    let fail = run.diagnostics.iter().any(|d| d.severity >= a.fail_on);
    Ok(if fail { EXIT_FINDINGS } else { EXIT_OK })
}
