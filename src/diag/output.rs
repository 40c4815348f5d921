//! One run's findings, rendered in any of the output formats.
//!
//! [`Output`] is everything a printer needs: the sources, the sorted
//! diagnostics, the skipped files, and the rule descriptions (passed in, so
//! that `diag` stays below the rules). [`render`] dispatches on
//! [`OutputFormat`]. Every format lists the same findings in the same order
//! — the order of [`Output::diagnostics`], sorted by the check stage —
//! whatever the thread count.

use std::io::{self, Write};

use codespan_reporting::term::termcolor::WriteColor;
use serde::Serialize;

use super::render_json::{self, JsonFile, JsonReport, JsonSkipped, JsonSummary};
use super::{Applicability, Diagnostic, Severity};
use crate::load::{LoadError, SourceFile};
use crate::model::DocKind;
use crate::tr;

/// `--output-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutputFormat {
    /// 带原文摘录的完整诊断（默认）
    #[value(alias = "human")]
    Full,
    /// 每条一行：路径:行:列: 级别[代码] 消息
    Concise,
    /// 带版本的 JSON（docs/json-schema.md）
    Json,
    /// 每行一条 JSON 诊断
    JsonLines,
    /// SARIF 2.1.0（GitHub 代码扫描）
    Sarif,
    /// GitHub Actions 工作流命令（::error file=…）
    Github,
    /// reviewdog 诊断格式 rdjson
    Rdjson,
    /// JUnit XML
    Junit,
    /// GitLab 代码质量报告 JSON
    Gitlab,
    /// 供审阅的单个 HTML 页面（由命令行渲染，见 src/review）
    Html,
}

/// What a printer may say about a rule (SARIF's rule table, help text).
#[derive(Debug, Clone)]
pub struct RuleDoc {
    /// Code.
    pub code: &'static str,
    /// Name.
    pub name: &'static str,
    /// One-line summary.
    pub summary: String,
    /// Full explanation (Markdown); empty unless the format prints it
    /// (SARIF).
    pub doc: String,
    /// Default severity.
    pub severity: Severity,
    /// Runs by default.
    pub enabled: bool,
}

/// A file that could not be checked.
#[derive(Debug, Clone)]
pub struct Skip {
    /// Shown path.
    pub name: String,
    /// Why.
    pub error: LoadError,
}

/// One run, ready to print.
pub struct Output<'a> {
    /// Checked sources, by file id.
    pub sources: &'a [SourceFile],
    /// Detected kind of each source.
    pub kinds: &'a [DocKind],
    /// Findings, sorted.
    pub diagnostics: &'a [Diagnostic],
    /// Files that could not be checked.
    pub skipped: &'a [Skip],
    /// Descriptions of every rule.
    pub rules: &'a [RuleDoc],
    /// Fixes applied (with `--fix`).
    pub fixed: usize,
    /// Findings a `--fix` of the chosen mode would fix.
    pub fixable: usize,
    /// Whether `--fix` ran (the summary then does not advertise it).
    pub fix_ran: bool,
    /// `--show-fixes`: print each available fix's edits.
    pub show_fixes: bool,
    /// `--statistics`: counts by rule instead of the findings.
    pub statistics: bool,
    /// Findings hidden by `--baseline`.
    pub hidden: usize,
}

impl Output<'_> {
    /// Counts by severity: (errors, warnings, infos).
    pub fn counts(&self) -> (usize, usize, usize) {
        render_json::summarize(self.diagnostics)
    }

    /// The one-line summary of human formats.
    pub fn summary(&self) -> String {
        summary_line(&Tally {
            files: self.sources.len(),
            counts: self.counts(),
            skipped: self.skipped.len(),
            hidden: self.hidden,
            fixed: self.fixed,
            fixable: self.fixable,
            fix_ran: self.fix_ran,
        })
    }

    /// The path of a file id as shown.
    pub fn path(&self, file: usize) -> &str {
        &self.sources[file].name
    }

    /// The rule description of a code.
    pub fn rule(&self, code: &str) -> Option<&RuleDoc> {
        self.rules.iter().find(|r| r.code == code)
    }

    /// The whole versioned JSON document (its findings are converted as
    /// they are serialized).
    pub fn json_report(&self) -> JsonReport<'_> {
        let (errors, warnings, infos) = self.counts();
        JsonReport {
            schema: "gwlint-diagnostics",
            version: render_json::SCHEMA_VERSION,
            tool_version: env!("CARGO_PKG_VERSION"),
            files: self
                .sources
                .iter()
                .zip(self.kinds)
                .map(|(s, k)| JsonFile {
                    path: s.name.clone(),
                    kind: *k,
                    encoding: s.encoding,
                })
                .collect(),
            skipped: self
                .skipped
                .iter()
                .map(|s| JsonSkipped {
                    path: s.name.clone(),
                    reason: s.error.clone(),
                    message: s.error.to_string(),
                })
                .collect(),
            diagnostics: render_json::Diagnostics {
                sources: self.sources,
                diagnostics: self.diagnostics,
            },
            summary: JsonSummary {
                files_checked: self.sources.len(),
                files_skipped: self.skipped.len(),
                errors,
                warnings,
                infos,
                fixed: self.fixed,
                hidden_by_baseline: self.hidden,
            },
        }
    }
}

/// What the summary line counts.
pub struct Tally {
    /// Files checked.
    pub files: usize,
    /// Findings by severity: (errors, warnings, infos).
    pub counts: (usize, usize, usize),
    /// Files skipped.
    pub skipped: usize,
    /// Findings hidden by the baseline.
    pub hidden: usize,
    /// Fixes applied.
    pub fixed: usize,
    /// Findings a `--fix` would fix.
    pub fixable: usize,
    /// Whether `--fix` ran.
    pub fix_ran: bool,
}

/// The one-line summary of human formats.
pub fn summary_line(t: &Tally) -> String {
    let (errors, warnings, infos) = t.counts;
    let files = t.files;
    use crate::i18n::{count, is_en};
    let mut s = if is_en() {
        format!(
            "checked {}: {}, {}, {infos} info",
            count(files, "file", "files"),
            count(errors, "error", "errors"),
            count(warnings, "warning", "warnings")
        )
    } else {
        format!("检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 个提示")
    };
    if t.skipped > 0 {
        let n = t.skipped;
        s.push_str(&if is_en() {
            format!("; {} skipped", count(n, "file", "files"))
        } else {
            format!("；跳过 {n} 个文件")
        });
    }
    if t.hidden > 0 {
        let n = t.hidden;
        s.push_str(&if is_en() {
            format!(
                "; {} hidden by the baseline",
                count(n, "known finding", "known findings")
            )
        } else {
            format!("；基线隐藏了 {n} 个已知问题")
        });
    }
    if t.fixed > 0 {
        let n = t.fixed;
        s.push_str(&tr!("；已修复 {n} 处", "; {n} fixed"));
    }
    if t.fixable > 0 && !t.fix_ran {
        let n = t.fixable;
        s.push_str(&tr!(
            "；{n} 处可用 --fix 自动修复",
            "; {n} fixable with --fix"
        ));
    }
    s
}

/// One row of `--statistics`.
#[derive(Debug, Serialize)]
pub struct Statistic {
    /// Code.
    pub code: &'static str,
    /// Name.
    pub name: &'static str,
    /// Number of findings.
    pub count: usize,
    /// How many of them have a fix.
    pub fixable: usize,
}

/// Counts by rule, most frequent first, then by code.
pub fn statistics(diags: &[Diagnostic]) -> Vec<Statistic> {
    let mut rows: Vec<Statistic> = Vec::new();
    for d in diags {
        match rows.iter_mut().find(|r| r.code == d.code) {
            Some(r) => {
                r.count += 1;
                r.fixable += usize::from(d.fix.is_some());
            }
            None => rows.push(Statistic {
                code: d.code,
                name: d.name,
                count: 1,
                fixable: usize::from(d.fix.is_some()),
            }),
        }
    }
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    rows
}

/// Pads `s` with spaces to `cols` terminal columns (CJK characters are two).
pub fn pad(s: &str, cols: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(cols.saturating_sub(w)))
}

fn write_statistics(o: &Output, out: &mut dyn WriteColor, json: bool) -> io::Result<()> {
    let rows = statistics(o.diagnostics);
    if json {
        let mut v = serde_json::to_vec_pretty(&rows).map_err(io::Error::other)?;
        v.push(b'\n');
        return out.write_all(&v);
    }
    let count_w = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let name_w = rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
    for r in &rows {
        let fix = if r.fixable > 0 {
            tr!("（{} 处可修复）", " ({} fixable)", r.fixable)
        } else {
            String::new()
        };
        let name = if fix.is_empty() {
            r.name.to_string()
        } else {
            pad(r.name, name_w)
        };
        writeln!(out, "{:>count_w$}  {:<5} {name}{fix}", r.count, r.code)?;
    }
    writeln!(out, "{}", o.summary())
}

/// Lines describing a fix's edits for `--show-fixes`: `原文 → 建议`.
pub fn fix_lines(o: &Output, d: &Diagnostic) -> Vec<String> {
    let Some(f) = &d.fix else {
        return Vec::new();
    };
    let how = match f.applicability {
        Applicability::Safe => crate::i18n::pick("安全", "safe"),
        Applicability::Unsafe => crate::i18n::pick("不安全", "unsafe"),
        Applicability::DisplayOnly => crate::i18n::pick("仅供参考", "display only"),
    };
    let mut lines = vec![tr!("修复（{how}）：{}", "fix ({how}): {}", f.title)];
    for e in &f.edits {
        let src = &o.sources[e.file];
        let (line, col) = src.line_col(e.span.start);
        let old = src.text.get(e.span.clone()).unwrap_or("");
        lines.push(format!(
            "  {}:{line}:{col}: 「{}」 → 「{}」",
            src.name,
            old.escape_debug(),
            e.replacement.escape_debug()
        ));
    }
    lines
}

/// Renders `o` in `format`.
pub fn render(format: OutputFormat, o: &Output, out: &mut dyn WriteColor) -> io::Result<()> {
    if o.statistics {
        return write_statistics(
            o,
            out,
            matches!(format, OutputFormat::Json | OutputFormat::JsonLines),
        );
    }
    match format {
        OutputFormat::Full if !o.show_fixes => {
            super::render_human::emit(out, o.sources, o.diagnostics)?;
            writeln!(out, "{}", o.summary())
        }
        OutputFormat::Full => {
            for d in o.diagnostics {
                super::render_human::emit(out, o.sources, std::slice::from_ref(d))?;
                if o.show_fixes {
                    for l in fix_lines(o, d) {
                        writeln!(out, "{l}")?;
                    }
                    if d.fix.is_some() {
                        writeln!(out)?;
                    }
                }
            }
            writeln!(out, "{}", o.summary())
        }
        OutputFormat::Concise => {
            super::render_ci::concise(o, out)?;
            writeln!(out, "{}", o.summary())
        }
        OutputFormat::Json => {
            // Straight to the writer: the findings are rendered a window
            // at a time on every thread and written in order, never the
            // whole document as one string. serde_json writes the frame in
            // small pieces: buffered here, they do not each go through the
            // dynamic writer.
            let mut w = io::BufWriter::with_capacity(1 << 16, &mut *out);
            o.json_report().write_pretty(&mut w)?;
            w.write_all(b"\n")?;
            w.flush()
        }
        OutputFormat::JsonLines => super::render_ci::json_lines(o, out),
        OutputFormat::Sarif => super::render_sarif::sarif(o, out),
        OutputFormat::Github => super::render_ci::github(o, out),
        OutputFormat::Rdjson => super::render_ci::rdjson(o, out),
        OutputFormat::Junit => super::render_ci::junit(o, out),
        OutputFormat::Gitlab => super::render_ci::gitlab(o, out),
        // Rendered by the command line (it needs the parsed documents).
        OutputFormat::Html => Err(io::Error::other("html is rendered by the command line")),
    }
}

/// Whether a format is for people (skipped files are then listed on stderr).
pub fn is_human(format: OutputFormat) -> bool {
    matches!(format, OutputFormat::Full | OutputFormat::Concise)
}
