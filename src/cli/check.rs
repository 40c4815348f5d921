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
pub fn load_all(
    paths: &[std::path::PathBuf],
    opts: &load::LoadOptions,
) -> (Vec<SourceFile>, Vec<Skipped>) {
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
        match SourceFile::load_with(&d.path, name.clone(), opts) {
            Ok(s) => sources.push(s),
            Err(error) => skipped.push(Skipped { name, error }),
        }
    }
    (sources, skipped)
}

pub(super) fn run(a: CheckArgs) -> miette::Result<u8> {
    let settings = a.common.settings(a.select.clone(), a.ignore.clone())?;
    let (sources, skipped) = load_all(&a.paths, &a.common.load_options());
    if a.fix {
        if let Some(s) = sources.iter().find(|s| s.docx.is_some()) {
            eprintln!(
                "gwlint: 不能用 --fix 原地修改 Word 文档 {}：请改用 --annotate 审阅副本.docx，\
                 把问题写成批注、把修复写成修订，在 Word/WPS 中逐条接受或拒绝（原文件不会被修改）",
                s.name
            );
            return Ok(EXIT_TOOL);
        }
    }
    if a.annotate.is_some() && !sources.iter().any(|s| s.docx.is_some()) {
        eprintln!("gwlint: --annotate 需要至少一个 .docx 输入");
        return Ok(EXIT_TOOL);
    }
    for s in &sources {
        for w in s.docx.iter().flat_map(|m| m.warnings.iter()) {
            eprintln!("gwlint: {}：{w}", s.name);
        }
    }
    let mut run = crate::pipeline::check_sources(sources, &settings.data, &settings.parse);
    word_places(&mut run);
    let mut annotate_errors = Vec::new();
    if let Some(out) = &a.annotate {
        annotate_errors = annotate(&run, out, a.unsafe_fixes);
    }

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
            converged,
            pieces,
            ..
        } = fixed;
        if !converged {
            eprintln!(
                "gwlint: 警告：修复进行了 {} 轮仍未收敛，可能还有可自动修复的问题；请检查结果后再运行一次",
                fix::MAX_ROUNDS
            );
        }
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
                if let Err(e) = fix::write_atomic(src, &pieces[i], &run.sources[i].text) {
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
    for e in &annotate_errors {
        eprintln!("gwlint: {e}");
    }
    if run.sources.is_empty() {
        eprintln!("gwlint: 没有检查任何文件（支持 .txt、.md、.docx）");
    }
    if !skipped.is_empty() {
        // One class of unreadable input has its own code (README, “退出码”).
        let first = skipped[0].error.exit_code();
        let code = if skipped.iter().all(|s| s.error.exit_code() == first) {
            first
        } else {
            EXIT_TOOL
        };
        return Ok(code);
    }
    if run.sources.is_empty() || !write_errors.is_empty() || !annotate_errors.is_empty() {
        return Ok(EXIT_TOOL);
    }
    let fail = run.diagnostics.iter().any(|d| d.severity >= a.fail_on);
    Ok(if fail { EXIT_FINDINGS } else { EXIT_OK })
}

/// Names the Word place (paragraph, table cell) of findings in `.docx`
/// sources, as a note every output format shows.
fn word_places(run: &mut crate::pipeline::Run) {
    let sources = &run.sources;
    for d in &mut run.diagnostics {
        if let Some(p) = sources[d.primary.file]
            .docx
            .as_ref()
            .and_then(|m| m.place(d.primary.span.start))
        {
            d.notes.insert(0, format!("Word 位置：{p}"));
        }
        for l in &d.secondary {
            if l.file == d.primary.file {
                continue;
            }
            if let Some(p) = sources[l.file]
                .docx
                .as_ref()
                .and_then(|m| m.place(l.span.start))
            {
                d.notes
                    .push(format!("另见 {} 的 Word 位置：{p}", sources[l.file].name));
            }
        }
    }
}

/// Writes the annotated copies; returns the errors.
fn annotate(run: &crate::pipeline::Run, out: &std::path::Path, unsafe_fixes: bool) -> Vec<String> {
    use crate::diag::render_docx;
    let docx: Vec<usize> = (0..run.sources.len())
        .filter(|&i| run.sources[i].docx.is_some())
        .collect();
    let to_file = docx.len() == 1
        && out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if !to_file {
        if let Err(e) = std::fs::create_dir_all(out) {
            return vec![format!("无法创建 --annotate 目录 {}：{e}", out.display())];
        }
    }
    let mut errors = Vec::new();
    for i in docx {
        let src = &run.sources[i];
        let target = if to_file {
            out.to_path_buf()
        } else {
            let stem = src
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "document".into());
            out.join(format!("{stem}.审阅.docx"))
        };
        let notes = render_docx::annotations(&run.sources, i, &run.diagnostics, unsafe_fixes);
        match render_docx::write(src, &notes, &target) {
            Ok(w) => {
                let mut msg = format!(
                    "gwlint: 已写出 {}：{} 条批注，{} 处修订",
                    target.display(),
                    w.comments,
                    w.changes
                );
                if w.fixes_not_tracked > 0 {
                    msg.push_str(&format!(
                        "（{} 处修复涉及自动编号或跨段，未写成修订，见批注）",
                        w.fixes_not_tracked
                    ));
                }
                eprintln!("{msg}");
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    errors
}
