//! `gwlint check` on a large run: checked and printed one group of files at
//! a time ([`crate::pipeline::stream`]), so memory follows the largest
//! group, not the run. Output is byte for byte what the run held in memory
//! prints.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use codespan_reporting::term::termcolor::NoColor;

use super::check::{warn_skipped, word_places, RunOpts};
use super::{CheckArgs, ColorChoice, OutputFormat, EXIT_FINDINGS, EXIT_OK, EXIT_TOOL};
use crate::diag::output::{self, Output, Skip as Skipped, Tally};
use crate::diag::{render_ci, render_human, render_json, Severity};
use crate::fix::FixMode;
use crate::load::{self, LoadError, SourceFile};
use crate::pipeline::stream;
use crate::tr;

/// Runs of at least this many bytes are streamed (`GWLINT_STREAM_MIN_BYTES`
/// changes it: 0 streams every run that can be).
const DEFAULT_MIN_BYTES: u64 = 64 << 20;

fn min_bytes() -> u64 {
    std::env::var("GWLINT_STREAM_MIN_BYTES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_MIN_BYTES)
}

/// Whether this check is streamed: a large run, printed in a format that
/// is written finding by finding, with nothing that needs the whole run at
/// once (`--fix`, `--diff`, `--annotate`, a baseline, `--statistics`,
/// standard input, several configurations, colour).
fn wanted(a: &CheckArgs, opts: &RunOpts, plan: &crate::config::Plan) -> Option<usize> {
    let whole_run = a.fix
        || a.diff
        || a.annotate.is_some()
        || a.baseline.is_some()
        || a.write_baseline.is_some()
        || a.statistics
        || opts.show_fixes
        || plan.stdin_group.is_some();
    let format_streams = matches!(
        opts.format,
        OutputFormat::Json | OutputFormat::JsonLines | OutputFormat::Concise | OutputFormat::Full
    );
    if whole_run || !format_streams {
        return None;
    }
    let g = plan.files.first()?.1;
    if plan.files.iter().any(|(_, h)| *h != g) {
        return None;
    }
    let coloured = a.output_file.is_none()
        && output::is_human(opts.format)
        && match a.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal(),
        };
    if coloured {
        return None;
    }
    let total: u64 = plan
        .files
        .iter()
        .map(|(d, _)| std::fs::metadata(&d.path).map(|m| m.len()).unwrap_or(0))
        .sum();
    (total >= min_bytes() && stream::can_stream(&plan.groups[g].data)).then_some(g)
}

/// The plan's files, read on demand.
struct PlanInputs<'a>(&'a crate::config::Plan);

impl stream::Inputs for PlanInputs<'_> {
    fn count(&self) -> usize {
        self.0.files.len()
    }
    fn load(&self, i: usize) -> Result<SourceFile, LoadError> {
        let (d, g) = &self.0.files[i];
        SourceFile::load_with(
            &d.path,
            load::discover_name(&d.path),
            &self.0.groups[*g].load,
        )
    }
    fn path(&self, i: usize) -> &std::path::Path {
        &self.0.files[i].0.path
    }
}

/// Output of files that must wait for earlier files (a report paired with
/// an annex far before it in the run is checked with it): kept in memory
/// up to [`PENDING_IN_MEMORY`] bytes, beyond that in an anonymous temporary
/// file, so waiting output never holds memory in proportion to the run.
struct Pending {
    /// Bytes held in memory at most.
    budget: usize,
    memory: BTreeMap<usize, Vec<Vec<u8>>>,
    in_memory: usize,
    /// Per file id: where its pieces are in `file`.
    spilled: BTreeMap<usize, Vec<(u64, usize)>>,
    file: Option<std::fs::File>,
    end: u64,
}

/// Bytes of waiting output held in memory at most. At 16 MB the waiting
/// output was the largest part of a 1 GB run's peak beyond the survey's
/// summaries (104 → 87 MB at 4 MB, two threads); what waits longer is read
/// back once from the temporary file.
const PENDING_IN_MEMORY: usize = 4 << 20;

impl Pending {
    fn new(budget: usize) -> Self {
        Pending {
            budget,
            memory: BTreeMap::new(),
            in_memory: 0,
            spilled: BTreeMap::new(),
            file: None,
            end: 0,
        }
    }

    fn put(&mut self, id: usize, pieces: Vec<Vec<u8>>) -> std::io::Result<()> {
        use std::io::{Seek, SeekFrom};
        let n: usize = pieces.iter().map(Vec::len).sum();
        if self.in_memory + n <= self.budget {
            self.in_memory += n;
            self.memory.insert(id, pieces);
            return Ok(());
        }
        let file = match &mut self.file {
            Some(f) => f,
            None => self.file.insert(tempfile::tempfile()?),
        };
        file.seek(SeekFrom::Start(self.end))?;
        let mut spans = Vec::with_capacity(pieces.len());
        for p in pieces {
            file.write_all(&p)?;
            spans.push((self.end, p.len()));
            self.end += p.len() as u64;
        }
        self.spilled.insert(id, spans);
        Ok(())
    }

    fn take(&mut self, id: usize) -> std::io::Result<Vec<Vec<u8>>> {
        use std::io::{Read, Seek, SeekFrom};
        if let Some(p) = self.memory.remove(&id) {
            self.in_memory -= p.iter().map(Vec::len).sum::<usize>();
            return Ok(p);
        }
        let (Some(spans), Some(file)) = (self.spilled.remove(&id), self.file.as_mut()) else {
            return Ok(Vec::new());
        };
        spans
            .into_iter()
            .map(|(at, len)| {
                let mut buf = vec![0; len];
                file.seek(SeekFrom::Start(at))?;
                file.read_exact(&mut buf)?;
                Ok(buf)
            })
            .collect()
    }
}

/// What one group printed and counted.
struct Chunk {
    /// Every file of the group (file ids), also those that could not be
    /// read again.
    ids: Vec<usize>,
    /// Rendered pieces per file id (JSON: one piece per finding).
    pieces: Vec<(usize, Vec<Vec<u8>>)>,
    counts: (usize, usize, usize),
    fixable: usize,
    fail: bool,
}

/// Checks the run group by group when [`wanted`]; `None` when the run is
/// checked whole.
pub(super) fn try_run(
    a: &CheckArgs,
    opts: &RunOpts,
    plan: &crate::config::Plan,
) -> miette::Result<Option<u8>> {
    let Some(g) = wanted(a, opts, plan) else {
        return Ok(None);
    };
    let settings = &plan.groups[g];
    let inputs = PlanInputs(plan);
    let survey = stream::survey(&inputs, &settings.data, &settings.parse);
    let mut skipped: Vec<Skipped> = plan
        .walk_errors
        .iter()
        .map(|(name, reason)| Skipped {
            name: name.clone(),
            error: LoadError::Walk {
                reason: reason.clone(),
            },
        })
        .collect();
    let name_of = |i: usize| load::discover_name(&plan.files[i].0.path);
    skipped.extend(survey.skipped.iter().map(|(i, e)| Skipped {
        name: name_of(*i),
        error: e.clone(),
    }));
    for f in &survey.files {
        for w in &f.warnings {
            eprintln!("gwlint: {}：{w}", name_of(f.input));
        }
    }
    if opts.format != OutputFormat::Json {
        for s in &skipped {
            warn_skipped(s);
        }
    }
    let mode = if opts.unsafe_fixes {
        FixMode::Unsafe
    } else {
        FixMode::Safe
    };
    let fail_on = a.fail_on.or(settings.fail_on).unwrap_or(Severity::Error);
    let format = opts.format;
    let n = survey.files.len();

    let failed = |e: std::io::Error| -> miette::Report {
        match &a.output_file {
            Some(path) => miette::miette!(
                code = "gwlint::output_file",
                "{}",
                tr!("无法写入 {}：{e}", "cannot write {}: {e}", path.display())
            ),
            None => miette::miette!(
                "{}",
                tr!("无法写出结果：{e}", "cannot write the results: {e}")
            ),
        }
    };
    let sink: Box<dyn Write> = match &a.output_file {
        Some(path) => Box::new(std::fs::File::create(path).map_err(failed)?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, sink);

    // The JSON document around its findings: everything before the array
    // now, the summary after it at the end.
    // `listed`: with the files and skipped inputs (the head), or without
    // them (the tail needs only the summary after the findings).
    let json_report = |counts: (usize, usize, usize), listed: bool| -> String {
        let report = render_json::JsonReport {
            schema: "gwlint-diagnostics",
            version: render_json::SCHEMA_VERSION,
            tool_version: env!("CARGO_PKG_VERSION"),
            files: survey
                .files
                .iter()
                .filter(|_| listed)
                .map(|f| render_json::JsonFile {
                    path: name_of(f.input),
                    kind: f.kind,
                    encoding: f.encoding,
                })
                .collect(),
            skipped: skipped
                .iter()
                .filter(|_| listed)
                .map(|s| render_json::JsonSkipped {
                    path: s.name.clone(),
                    reason: s.error.clone(),
                    message: s.error.to_string(),
                })
                .collect(),
            diagnostics: render_json::Diagnostics {
                sources: &[],
                diagnostics: &[],
            },
            summary: render_json::JsonSummary {
                files_checked: n,
                files_skipped: skipped.len(),
                errors: counts.0,
                warnings: counts.1,
                infos: counts.2,
                fixed: 0,
                hidden_by_baseline: 0,
            },
        };
        serde_json::to_string_pretty(&report).unwrap_or_default()
    };
    const ARRAY: &str = "\"diagnostics\": [";
    let mut io_result: std::io::Result<()> = Ok(());
    if format == OutputFormat::Json {
        let head = json_report((0, 0, 0), true);
        let at = head.find(ARRAY).map_or(head.len(), |k| k + ARRAY.len());
        io_result = out.write_all(&head.as_bytes()[..at]);
    }

    let rules: Vec<output::RuleDoc> = Vec::new();
    let render = |all: &[usize], kept: &[usize], mut run: crate::pipeline::Run| -> Chunk {
        word_places(&mut run);
        let ignores = &settings.per_file_ignores;
        run.diagnostics
            .retain(|d| !ignores.ignores(&run.sources[d.primary.file].path, d.code, d.name));
        let diags = &run.diagnostics;
        let counts = render_json::summarize(diags);
        let fixable = diags
            .iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| mode.allows(f.applicability)))
            .count();
        let fail = diags.iter().any(|d| d.severity >= fail_on);
        let mut pieces = Vec::with_capacity(kept.len());
        let mut rest = &diags[..];
        for (k, &id) in kept.iter().enumerate() {
            let end = rest
                .iter()
                .position(|d| d.primary.file != k)
                .unwrap_or(rest.len());
            let (mine, after) = rest.split_at(end);
            rest = after;
            pieces.push((id, render_file(format, &run.sources, mine, &rules)));
        }
        Chunk {
            ids: all.to_vec(),
            pieces,
            counts,
            fixable,
            fail,
        }
    };

    let mut pending = Pending::new(PENDING_IN_MEMORY);
    let mut done = vec![false; n];
    let mut next = 0usize;
    let mut items = 0usize;
    let mut counts = (0, 0, 0);
    let mut fixable = 0;
    let mut fail = false;
    survey.check_groups(render, |c: Chunk| {
        counts.0 += c.counts.0;
        counts.1 += c.counts.1;
        counts.2 += c.counts.2;
        fixable += c.fixable;
        fail |= c.fail;
        for &id in &c.ids {
            done[id] = true;
        }
        for (id, pieces) in c.pieces {
            if io_result.is_ok() {
                io_result = pending.put(id, pieces);
            }
        }
        // Files are printed in order: a group's later files wait for the
        // groups of the files before them.
        while next < n && done[next] {
            let pieces = match pending.take(next) {
                Ok(p) => p,
                Err(e) => {
                    io_result = Err(e);
                    Vec::new()
                }
            };
            for p in pieces {
                if io_result.is_err() {
                    break;
                }
                io_result = if format == OutputFormat::Json {
                    let sep: &[u8] = if items == 0 { b"\n    " } else { b",\n    " };
                    items += 1;
                    out.write_all(sep).and_then(|()| out.write_all(&p))
                } else {
                    out.write_all(&p)
                };
            }
            next += 1;
        }
    });
    for (i, e) in survey.failed() {
        warn_skipped(&Skipped {
            name: name_of(i),
            error: e,
        });
    }
    if io_result.is_ok() {
        io_result = match format {
            OutputFormat::Json => {
                let tail = json_report(counts, false);
                let at = tail.find(ARRAY).map_or(tail.len(), |k| k + ARRAY.len());
                // The empty array's `]` closes the one written here.
                let close: &[u8] = if items == 0 { b"" } else { b"\n  " };
                out.write_all(close)
                    .and_then(|()| out.write_all(&tail.as_bytes()[at..]))
                    .and_then(|()| out.write_all(b"\n"))
            }
            OutputFormat::JsonLines => Ok(()),
            _ => writeln!(
                out,
                "{}",
                output::summary_line(&Tally {
                    files: n,
                    counts,
                    skipped: skipped.len(),
                    hidden: 0,
                    fixed: 0,
                    fixable,
                    fix_ran: false,
                })
            ),
        };
    }
    if io_result.is_ok() {
        io_result = out.flush();
    }
    match io_result {
        Err(e) if a.output_file.is_some() || e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(failed(e));
        }
        _ => {}
    }
    if n == 0 {
        eprintln!(
            "{}",
            tr!(
                "gwlint: 没有检查任何文件（支持 .txt、.md、.docx）",
                "gwlint: no file was checked (gwlint reads .txt, .md and .docx)"
            )
        );
    }
    let code = if !skipped.is_empty() {
        let first = skipped[0].error.exit_code();
        if skipped.iter().all(|s| s.error.exit_code() == first) {
            first
        } else {
            EXIT_TOOL
        }
    } else if n == 0 {
        EXIT_TOOL
    } else if fail && !a.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    Ok(Some(code))
}

/// One file's findings in `format` (JSON: each finding as its own piece,
/// indented for its place in the `diagnostics` array).
fn render_file(
    format: OutputFormat,
    sources: &[SourceFile],
    diags: &[crate::diag::Diagnostic],
    rules: &[output::RuleDoc],
) -> Vec<Vec<u8>> {
    if diags.is_empty() {
        return Vec::new();
    }
    let o = Output {
        sources,
        kinds: &[],
        diagnostics: diags,
        skipped: &[],
        rules,
        fixed: 0,
        fixable: 0,
        fix_ran: false,
        show_fixes: false,
        statistics: false,
        hidden: 0,
    };
    let mut buf = Vec::new();
    // Writing to memory cannot fail.
    let _ = match format {
        OutputFormat::Json => {
            return diags
                .iter()
                .map(|d| {
                    let mut piece = Vec::new();
                    let _ = render_json::write_item(sources, d, &mut piece);
                    piece
                })
                .collect();
        }
        OutputFormat::JsonLines => render_ci::json_lines(&o, &mut buf),
        OutputFormat::Concise => render_ci::concise(&o, &mut buf),
        _ => render_human::emit(&mut NoColor::new(&mut buf), sources, diags),
    };
    vec![buf]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_output_beyond_the_budget_goes_to_a_file_and_comes_back() {
        let mut p = Pending::new(10);
        let piece = |id: usize, n: usize| -> Vec<Vec<u8>> {
            (0..n).map(|k| format!("{id}:{k};").into_bytes()).collect()
        };
        for id in [5, 3, 9, 1, 7] {
            p.put(id, piece(id, 3)).unwrap();
        }
        assert!(p.file.is_some(), "over the budget: spilled");
        assert!(p.in_memory <= 10);
        for id in [1, 3, 5, 7, 9] {
            assert_eq!(p.take(id).unwrap(), piece(id, 3), "{id}");
        }
        assert_eq!(p.take(2).unwrap(), Vec::<Vec<u8>>::new());
        assert_eq!(p.in_memory, 0);
    }
}
