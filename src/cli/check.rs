//! `gwlint check`.

use std::io::IsTerminal;

use codespan_reporting::term::termcolor;

use super::progress::Progress;
use super::{CheckArgs, ColorChoice, OutputFormat, EXIT_FINDINGS, EXIT_OK, EXIT_TOOL};
use crate::diag::output::{self, Output, RuleDoc, Skip as Skipped};
use crate::fix::{self, FixMode};
use crate::load::{self, LoadError, SourceFile};
use crate::tr;

/// Loads every path; unreadable files and walk errors become [`Skipped`].
pub fn load_all(
    paths: &[std::path::PathBuf],
    opts: &load::LoadOptions,
) -> (Vec<SourceFile>, Vec<Skipped>) {
    load_found(load::discover(paths), opts, &|| {})
}

/// Loads what [`load::discover`] found, calling `tick` after each file.
fn load_found(
    found: load::Discovery,
    opts: &load::LoadOptions,
    tick: &dyn Fn(),
) -> (Vec<SourceFile>, Vec<Skipped>) {
    let mut sources = Vec::new();
    let mut skipped = Vec::new();
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
        tick();
    }
    (sources, skipped)
}

/// Whether a path argument means standard input.
fn is_stdin(p: &std::path::Path) -> bool {
    p.as_os_str() == "-"
}

/// Loads the files of a plan (each with its group's reading options), and
/// standard input when one of the paths is `-` (appended last; its id is
/// returned). Returns the sources, the group of each, what was skipped,
/// standard input's id and the progress bar.
fn load_inputs(
    a: &CheckArgs,
    plan: &crate::config::Plan,
) -> (
    Vec<SourceFile>,
    Vec<usize>,
    Vec<Skipped>,
    Option<usize>,
    Progress,
) {
    if a.stdin_filename.is_some() && plan.stdin_group.is_none() {
        eprintln!(
            "{}",
            tr!(
                "gwlint: 警告：--stdin-filename 只在路径写成 - （从标准输入读取）时使用",
                "gwlint: warning: --stdin-filename is used only with the path - (standard input)"
            )
        );
    }
    let bar = Progress::new(plan.files.len() + usize::from(plan.stdin_group.is_some()));
    let mut sources = Vec::new();
    let mut group_of = Vec::new();
    let mut skipped = Vec::new();
    for (name, reason) in &plan.walk_errors {
        skipped.push(Skipped {
            name: name.clone(),
            error: LoadError::Walk {
                reason: reason.clone(),
            },
        });
    }
    // Files are read and decoded in parallel (decoding and the binary check
    // cost as much as a few rules), then kept in the plan's order.
    let loaded: Vec<_> = {
        use rayon::prelude::*;
        plan.files
            .par_iter()
            .map(|(d, g)| {
                let name = load::discover_name(&d.path);
                let r = SourceFile::load_with(&d.path, name.clone(), &plan.groups[*g].load);
                bar.inc();
                (name, *g, r)
            })
            .collect()
    };
    for (name, g, r) in loaded {
        match r {
            Ok(s) => {
                sources.push(s);
                group_of.push(g);
            }
            Err(error) => skipped.push(Skipped { name, error }),
        }
    }
    let mut stdin_id = None;
    if let Some(g) = plan.stdin_group {
        match SourceFile::from_stdin(a.stdin_filename.as_deref(), &plan.groups[g].load) {
            Ok(s) => {
                stdin_id = Some(sources.len());
                sources.push(s);
                group_of.push(g);
            }
            Err(error) => skipped.push(Skipped {
                name: a
                    .stdin_filename
                    .as_deref()
                    .map(load::discover_name)
                    .unwrap_or_else(|| "-".into()),
                error,
            }),
        }
        bar.inc();
    }
    (sources, group_of, skipped, stdin_id, bar)
}

/// Tells on standard error that a file was skipped and why (the name
/// escaped: control characters are not written raw to the terminal).
pub(super) fn warn_skipped(s: &Skipped) {
    eprintln!(
        "{}",
        tr!(
            "gwlint: 跳过 {}：{}",
            "gwlint: skipped {}: {}",
            load::escape_name(&s.name),
            s.error
        )
    );
}

/// Sets the size of rayon's global pool (`--threads`).
fn set_threads(n: Option<u16>) {
    if let Some(n) = n {
        // Fails only if the pool already exists (a second run in-process).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global();
    }
}

/// Run-level choices after the configuration of the run and the command
/// line (which wins).
pub(super) struct RunOpts {
    pub format: OutputFormat,
    pub show_fixes: bool,
    pub unsafe_fixes: bool,
    /// The same, with where each came from (for `gwlint config`).
    pub values: crate::config::show::RunValues,
}

/// Resolves the run-level keys of `file` under the command line's.
pub(super) fn run_values(
    file: Option<&crate::config::ConfigFile>,
    format: Option<OutputFormat>,
    show_fixes: bool,
    unsafe_fixes: bool,
) -> RunOpts {
    use crate::config::show::place;
    let builtin = || crate::i18n::pick("内置默认", "built-in default").to_string();
    let (format, f_origin) = match (
        format,
        file.and_then(|f| f.output_format.as_ref().map(|v| (f, v))),
    ) {
        (Some(x), _) => (
            x,
            crate::i18n::pick("命令行 --output-format", "command line --output-format").to_string(),
        ),
        (None, Some((f, v))) => (v.value, place(f, &v.span)),
        (None, None) => (OutputFormat::Full, builtin()),
    };
    let flag =
        |cli: bool,
         name: &str,
         v: Option<(&crate::config::ConfigFile, &crate::config::file::At<bool>)>| match (
            cli, v,
        ) {
            (true, _) => (true, crate::tr!("命令行 --{name}", "command line --{name}")),
            (false, Some((f, v))) => (v.value, place(f, &v.span)),
            (false, None) => (false, builtin()),
        };
    let show = flag(
        show_fixes,
        "show-fixes",
        file.and_then(|f| f.show_fixes.as_ref().map(|v| (f, v))),
    );
    let unsafe_ = flag(
        unsafe_fixes,
        "unsafe-fixes",
        file.and_then(|f| f.unsafe_fixes.as_ref().map(|v| (f, v))),
    );
    let name = clap::ValueEnum::to_possible_value(&format)
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    RunOpts {
        format,
        show_fixes: show.0,
        unsafe_fixes: unsafe_.0,
        values: crate::config::show::RunValues {
            output_format: (name, f_origin),
            show_fixes: show,
            unsafe_fixes: unsafe_,
            fail_on: ("error".into(), builtin()),
        },
    }
}

pub(super) fn run(a: CheckArgs) -> miette::Result<u8> {
    crate::diag::term::set_width(crate::diag::term::detect_width());
    set_threads(a.threads);
    let mode = a.common.mode();
    let run_file = crate::config::groups::run_config(&mode, &mut Default::default())?;
    let opts = run_values(run_file.as_deref(), a.format, a.show_fixes, a.unsafe_fixes);
    let inputs = a.common.inputs(super::Selection {
        select: a.select.clone(),
        ignore: a.ignore.clone(),
        extend_select: a.extend_select.clone(),
    });
    let paths: Vec<_> = a.paths.iter().filter(|p| !is_stdin(p)).cloned().collect();
    // Standard input finds its configuration as the file it stands for.
    let stdin = (paths.len() < a.paths.len())
        .then(|| a.stdin_filename.clone().unwrap_or_else(|| "-".into()));
    let mut warnings = Vec::new();
    let plan = crate::config::groups::plan(
        &paths,
        stdin.as_deref(),
        &mode,
        &inputs,
        a.force_exclude,
        &mut warnings,
    );
    super::print_warnings(&warnings);
    let mut plan = plan?;
    // Only `--fix` writes files back: other runs need no digest of what
    // was read.
    for g in &mut plan.groups {
        g.load.skip_origin = !a.fix;
    }
    // A large run is checked and printed one group of files at a time.
    if let Some(code) = super::stream::try_run(&a, &opts, &plan)? {
        return Ok(code);
    }
    let groups = &plan.groups;
    // A bad baseline file stops the run before anything is checked.
    let baseline = super::baseline::load(a.baseline.as_deref())?;
    let (sources, group_of, skipped, stdin_id, progress) = load_inputs(&a, &plan);
    // With `--fix`, standard input's fixed text is the result on standard
    // output (as ruff does); the findings go to standard error.
    let sink = if a.fix && a.paths.iter().any(|p| is_stdin(p)) {
        Sink::Stderr
    } else {
        Sink::Stdout
    };
    if let Some(code) = refused(&a, &sources, &progress) {
        return Ok(code);
    }
    progress.suspend(|| {
        for s in &sources {
            for w in s.docx.iter().flat_map(|m| m.warnings.iter()) {
                eprintln!("gwlint: {}：{w}", s.name);
            }
        }
    });
    progress.stage(crate::i18n::pick("检查", "checking"));
    let mut run = crate::config::groups::check(sources, &group_of, groups);
    word_places(&mut run);
    let mut annotate_errors = Vec::new();
    if let Some(out) = &a.annotate {
        // The baseline's known findings are not written as comments either.
        let shown = super::baseline::unknown(baseline.as_ref(), &run);
        annotate_errors = annotate(&run, &shown, out, opts.unsafe_fixes);
    }

    let mode = if opts.unsafe_fixes {
        FixMode::Unsafe
    } else {
        FixMode::Safe
    };
    let mut fixed_count = 0;
    let mut write_errors = Vec::new();
    if a.fix || a.diff {
        progress.stage(crate::i18n::pick("修复", "fixing"));
        match apply_fixes(&a, run, mode, &group_of, groups, &progress, sink, stdin_id)? {
            Fixes::DiffOnly(code) => return Ok(code),
            Fixes::Done {
                run: fixed_run,
                fixed,
                write_errors: errors,
            } => {
                run = fixed_run;
                fixed_count = fixed;
                write_errors = errors;
            }
        }
    }

    progress.finish();
    let hidden = super::baseline::apply(
        &super::baseline::Options {
            loaded: baseline.as_ref(),
            write: a.write_baseline.as_deref(),
            prune: a.baseline_prune,
        },
        &mut run,
    )?;
    render(&a, &opts, sink, &run, &skipped, fixed_count, hidden, mode)?;
    report_problems(&run, &write_errors, &annotate_errors);
    let code = exit_code(
        &a,
        &run,
        &skipped,
        &write_errors,
        &annotate_errors,
        &group_of,
        groups,
    );
    // The process ends next (`gwlint check` is one run per process): the
    // documents, links and findings are left to the exit rather than freed
    // one allocation at a time.
    std::mem::forget(run);
    Ok(code)
}

/// Inputs `--fix` and `--annotate` cannot work on: the exit code, after
/// saying why.
fn refused(a: &CheckArgs, sources: &[SourceFile], progress: &Progress) -> Option<u8> {
    if a.fix {
        if let Some(s) = sources.iter().find(|s| s.docx.is_some()) {
            progress.finish();
            eprintln!(
                "{}",
                crate::tr!(
                    "gwlint: 不能用 --fix 原地修改 Word 文档 {}：请改用 --annotate 审阅副本.docx，\
                     把问题写成批注、把修复写成修订，在 Word/WPS 中逐条接受或拒绝（原文件不会被修改）",
                    "gwlint: --fix cannot change the Word document {} in place: use --annotate review-copy.docx, \
                     which writes findings as comments and fixes as tracked changes to accept or reject \
                     in Word/WPS (the original file is not changed)",
                    s.name
                )
            );
            return Some(EXIT_TOOL);
        }
    }
    if a.annotate.is_some() && !sources.iter().any(|s| s.docx.is_some()) {
        progress.finish();
        eprintln!(
            "{}",
            crate::tr!(
                "gwlint: --annotate 需要至少一个 .docx 输入",
                "gwlint: --annotate needs at least one .docx input"
            )
        );
        return Some(EXIT_TOOL);
    }
    None
}

/// What `--fix`/`--diff` left.
enum Fixes {
    /// The run after fixing, the fixes written and the files that could
    /// not be written.
    Done {
        run: crate::pipeline::Run,
        fixed: usize,
        write_errors: Vec<String>,
    },
    /// `--diff` alone printed the diff: the exit code.
    DiffOnly(u8),
}

/// Applies fixes until stable; prints the diff (`--diff`), writes the files
/// or standard input's fixed text (`--fix`).
#[allow(clippy::too_many_arguments)]
fn apply_fixes(
    a: &CheckArgs,
    run: crate::pipeline::Run,
    mode: FixMode,
    group_of: &[usize],
    groups: &[crate::config::Settings],
    progress: &Progress,
    sink: Sink,
    stdin_id: Option<usize>,
) -> miette::Result<Fixes> {
    progress.stage(crate::i18n::pick("修复", "fixing"));
    let (mut run, fixed) = fix::until_stable(run, mode, |next| {
        crate::config::groups::check(next, group_of, groups)
    });
    let fix::Fixed {
        originals,
        fixed_per_file,
        changed,
        converged,
        pieces,
        ..
    } = fixed;
    progress.finish();
    if !converged {
        eprintln!(
            "{}", crate::tr!("gwlint: 警告：修复进行了 {} 轮仍未收敛，可能还有可自动修复的问题；请检查结果后再运行一次", "gwlint: warning: fixing did not settle after {} rounds; fixable findings may remain. Check the result and run again",
            fix::MAX_ROUNDS
        ));
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
        sink.write(diff.as_bytes())?;
    }
    if a.fix {
        let mut failed = Vec::new();
        let mut write_errors = Vec::new();
        if let Some(i) = stdin_id {
            let src = &run.sources[i];
            super::write_stdout(&src.encoding.encode(&src.text))?;
        }
        for &i in changed.iter().filter(|&&i| Some(i) != stdin_id) {
            let src = &originals[i];
            if let Err(e) = fix::write_atomic(src, &pieces[i], &run.sources[i].text) {
                write_errors.push(e.to_string());
                failed.push(i);
            }
        }
        let fixed_count = changed
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
            run = crate::config::groups::check(sources, group_of, groups);
        }
        Ok(Fixes::Done {
            run,
            fixed: fixed_count,
            write_errors,
        })
    } else {
        // --diff alone prints only the diff.
        Ok(Fixes::DiffOnly(if changed.is_empty() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        }))
    }
}

/// Prints the findings (and the skipped files) in the chosen format.
#[allow(clippy::too_many_arguments)]
fn render(
    a: &CheckArgs,
    opts: &RunOpts,
    sink: Sink,
    run: &crate::pipeline::Run,
    skipped: &[Skipped],
    fixed_count: usize,
    hidden: usize,
    mode: FixMode,
) -> miette::Result<()> {
    let fixable = run
        .diagnostics
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| mode.allows(f.applicability)))
        .count();
    let kinds: Vec<_> = run.docs.iter().map(|d| d.kind).collect();
    // Only SARIF prints a rule's whole explanation.
    let rules = rule_docs(opts.format == OutputFormat::Sarif);
    let output = Output {
        sources: &run.sources,
        kinds: &kinds,
        diagnostics: &run.diagnostics,
        skipped,
        rules: &rules,
        fixed: fixed_count,
        fixable,
        fix_ran: a.fix,
        show_fixes: opts.show_fixes,
        statistics: a.statistics,
        hidden,
    };
    if opts.format != OutputFormat::Json || a.statistics {
        for s in skipped {
            warn_skipped(s);
        }
    }
    if opts.format == OutputFormat::Html && !a.statistics {
        // The reviewer's page needs the parsed documents and links, which
        // live above `diag`: it is rendered here.
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
        write_output(a, sink, page.as_bytes())?;
    } else {
        emit(a, opts.format, sink, &output)?;
    }
    Ok(())
}

/// Files that could not be written or annotated; a run that checked
/// nothing.
fn report_problems(
    run: &crate::pipeline::Run,
    write_errors: &[String],
    annotate_errors: &[String],
) {
    for e in write_errors {
        eprintln!("gwlint: {}", load::escape_name(e));
    }
    for e in annotate_errors {
        eprintln!("gwlint: {e}");
    }
    if run.sources.is_empty() {
        eprintln!(
            "{}",
            crate::tr!(
                "gwlint: 没有检查任何文件（支持 .txt、.md、.docx）",
                "gwlint: no file was checked (gwlint reads .txt, .md and .docx)"
            )
        );
    }
}

/// The exit code: an input class's own code when inputs were skipped (see
/// README, “退出码”), 2 for tool errors, 1 for findings at or above
/// `fail-on` unless `--exit-zero`.
fn exit_code(
    a: &CheckArgs,
    run: &crate::pipeline::Run,
    skipped: &[Skipped],
    write_errors: &[String],
    annotate_errors: &[String],
    group_of: &[usize],
    groups: &[crate::config::Settings],
) -> u8 {
    if !skipped.is_empty() {
        // One class of unreadable input has its own code (README, “退出码”).
        let first = skipped[0].error.exit_code();
        let code = if skipped.iter().all(|s| s.error.exit_code() == first) {
            first
        } else {
            EXIT_TOOL
        };
        return code;
    }
    if run.sources.is_empty() || !write_errors.is_empty() || !annotate_errors.is_empty() {
        return EXIT_TOOL;
    }
    // `fail-on` is per configuration; the command line's wins.
    let fail = run.diagnostics.iter().any(|d| {
        let g = group_of.get(d.primary.file).copied().unwrap_or(0);
        let fail_on = a
            .fail_on
            .or(groups[g].fail_on)
            .unwrap_or(crate::diag::Severity::Error);
        d.severity >= fail_on
    });
    if fail && !a.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Where results go when there is no `-o FILE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sink {
    Stdout,
    /// `--fix` of standard input: standard output carries the fixed text.
    Stderr,
}

impl Sink {
    fn write(self, bytes: &[u8]) -> miette::Result<()> {
        match self {
            Sink::Stdout => super::write_stdout(bytes),
            Sink::Stderr => {
                use std::io::Write;
                let _ = std::io::stderr().lock().write_all(bytes);
                Ok(())
            }
        }
    }

    fn is_terminal(self) -> bool {
        match self {
            Sink::Stdout => std::io::stdout().is_terminal(),
            Sink::Stderr => std::io::stderr().is_terminal(),
        }
    }
}

/// Writes rendered bytes to `-o FILE` or the sink.
fn write_output(a: &CheckArgs, sink: Sink, bytes: &[u8]) -> miette::Result<()> {
    match &a.output_file {
        Some(path) => std::fs::write(path, bytes).map_err(|e| {
            miette::miette!(
                code = "gwlint::output_file",
                "{}",
                tr!("无法写入 {}：{e}", "cannot write {}: {e}", path.display())
            )
        }),
        None => sink.write(bytes),
    }
}

/// Descriptions of every registered rule, for printers; each rule's whole
/// explanation only `with_docs` (building them all costs more than a small
/// check's rendering).
pub fn rule_docs(with_docs: bool) -> Vec<RuleDoc> {
    crate::rules::codes::registry()
        .iter()
        .map(|(m, _)| RuleDoc {
            code: m.code,
            name: m.name,
            summary: m.summary_local(),
            // Under `--lang en` the rule's English paragraph (SARIF help).
            doc: if !with_docs {
                String::new()
            } else if crate::i18n::is_en() {
                m.explain_en.trim().to_string()
            } else {
                crate::rules::doc_text(m.doc)
            },
            severity: m.severity,
            enabled: m.enabled,
        })
        .collect()
}

/// Renders `output` to `-o FILE` or standard output (colour only on a
/// terminal, for the full format), streaming: the findings are written
/// through a buffered writer as they are rendered, never collected into one
/// buffer first.
fn emit(a: &CheckArgs, format: OutputFormat, sink: Sink, output: &Output) -> miette::Result<()> {
    use std::io::Write;
    const BUF: usize = 1 << 16;
    let failed = |e: std::io::Error| {
        miette::miette!(
            "{}",
            tr!("无法写出结果：{e}", "cannot write the results: {e}")
        )
    };
    if let Some(path) = &a.output_file {
        let cannot = |e: std::io::Error| {
            miette::miette!(
                code = "gwlint::output_file",
                "{}",
                tr!("无法写入 {}：{e}", "cannot write {}: {e}", path.display())
            )
        };
        let file = std::fs::File::create(path).map_err(cannot)?;
        let mut out = termcolor::NoColor::new(std::io::BufWriter::with_capacity(BUF, file));
        output::render(format, output, &mut out).map_err(cannot)?;
        return out.get_mut().flush().map_err(cannot);
    }
    let choice = match a.color {
        ColorChoice::Always => termcolor::ColorChoice::Always,
        ColorChoice::Never => termcolor::ColorChoice::Never,
        ColorChoice::Auto => {
            if output::is_human(format)
                && sink.is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
            {
                termcolor::ColorChoice::Auto
            } else {
                termcolor::ColorChoice::Never
            }
        }
    };
    let choice = if output::is_human(format) {
        choice
    } else {
        termcolor::ColorChoice::Never
    };
    // termcolor decides whether this choice means colour here (TERM, …).
    let colour = match sink {
        Sink::Stdout => termcolor::BufferWriter::stdout(choice),
        Sink::Stderr => termcolor::BufferWriter::stderr(choice),
    }
    .buffer();
    let colour = termcolor::WriteColor::supports_color(&colour);
    let stream: Box<dyn Write> = match sink {
        Sink::Stdout => Box::new(std::io::stdout().lock()),
        Sink::Stderr => Box::new(std::io::stderr().lock()),
    };
    let buffered = std::io::BufWriter::with_capacity(BUF, stream);
    let result = if colour {
        let mut out = termcolor::Ansi::new(buffered);
        output::render(format, output, &mut out).and_then(|()| out.get_mut().flush())
    } else {
        let mut out = termcolor::NoColor::new(buffered);
        output::render(format, output, &mut out).and_then(|()| out.get_mut().flush())
    };
    match result {
        // A closed pipe (`gwlint check … | head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(failed(e)),
        _ => Ok(()),
    }
}

/// Names the Word place (paragraph, table cell) of findings in `.docx`
/// sources, as a note every output format shows.
pub(super) fn word_places(run: &mut crate::pipeline::Run) {
    let sources = &run.sources;
    for d in &mut run.diagnostics {
        if let Some(p) = sources[d.primary.file]
            .docx
            .as_ref()
            .and_then(|m| m.place(d.primary.span.start))
        {
            d.notes
                .insert(0, crate::tr!("Word 位置：{p}", "Word location: {p}"));
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
                d.notes.push(crate::tr!(
                    "另见 {} 的 Word 位置：{p}",
                    "see also {} at Word location: {p}",
                    sources[l.file].name
                ));
            }
        }
    }
}

/// Writes the annotated copies; returns the errors.
fn annotate(
    run: &crate::pipeline::Run,
    diagnostics: &[crate::diag::Diagnostic],
    out: &std::path::Path,
    unsafe_fixes: bool,
) -> Vec<String> {
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
            return vec![crate::tr!(
                "无法创建 --annotate 目录 {}：{e}",
                "cannot create the --annotate folder {}: {e}",
                out.display()
            )];
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
        let notes = render_docx::annotations(&run.sources, i, diagnostics, unsafe_fixes);
        match render_docx::write(src, &notes, &target) {
            Ok(w) => {
                let mut msg = crate::tr!(
                    "gwlint: 已写出 {}：{} 条批注，{} 处修订",
                    "gwlint: wrote {}: {} comments, {} tracked changes",
                    target.display(),
                    w.comments,
                    w.changes
                );
                if w.fixes_not_tracked > 0 {
                    msg.push_str(&crate::tr!(
                        "（{} 处修复涉及自动编号或跨段，未写成修订，见批注）", " ({} fixes touch automatic numbers or span paragraphs and were not written as tracked changes; see the comments)",
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
