//! `gwlint config`: the resolved configuration and where each value came
//! from — built in, a file (with line and column), or the command line.
//!
//! The output is itself valid TOML (origins are comments), so it can be
//! saved as a starting `gwlint.toml`.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::file::{At, ConfigFile};
use super::{Inputs, Settings};
use crate::rules::settings::{Origin, RuleSettings};

/// Run-level values (output format, fix display) as the run resolved them.
#[derive(Debug, Clone)]
pub struct RunValues {
    /// `output-format` and its origin.
    pub output_format: (String, String),
    /// `show-fixes` and its origin.
    pub show_fixes: (bool, String),
    /// `unsafe-fixes` and its origin.
    pub unsafe_fixes: (bool, String),
    /// `fail-on` and its origin.
    pub fail_on: (String, String),
}

/// Says where a value written in a file is: `gwlint.toml:3:10`.
pub fn place(f: &ConfigFile, span: &std::ops::Range<usize>) -> String {
    let (l, c) = f.line_col(span.start);
    format!("{}:{l}:{c}", f.shown)
}

/// “built-in default”, in the current language.
fn builtin_default() -> &'static str {
    crate::i18n::pick("内置默认", "built-in default")
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn toml_list<I: IntoIterator<Item = String>>(items: I) -> String {
    let v: Vec<String> = items.into_iter().map(|s| toml_str(&s)).collect();
    format!("[{}]", v.join(", "))
}

fn path_str(p: &std::path::Path) -> String {
    crate::load::discover_name(p)
}

struct Out {
    text: String,
}

impl Out {
    fn line(&mut self, key: &str, value: String, origin: String) {
        let entry = format!("{key} = {value}");
        let pad = 40usize.saturating_sub(unicode_width::UnicodeWidthStr::width(entry.as_str()));
        let _ = writeln!(self.text, "{entry}{}  # {origin}", " ".repeat(pad));
    }
}

/// One list key: the file's part (with its place) and the command line's.
fn list_origin(
    f: Option<&ConfigFile>,
    file_span: Option<&std::ops::Range<usize>>,
    cli: bool,
    flag: &str,
) -> String {
    let mut parts = Vec::new();
    if let (Some(f), Some(s)) = (f, file_span) {
        parts.push(place(f, s));
    }
    if cli {
        parts.push(crate::tr!("命令行 {flag}", "command line {flag}"));
    }
    if parts.is_empty() {
        builtin_default().to_string()
    } else {
        parts.join(" + ")
    }
}

fn file_paths(l: Option<&At<Vec<At<PathBuf>>>>) -> Vec<String> {
    l.map(|l| l.value.iter().map(|p| path_str(&p.value)).collect())
        .unwrap_or_default()
}

/// Renders the resolved configuration. `header` names what it is for;
/// `cli` is what the command line said; `settings` the result.
pub fn render(header: &str, cli: &Inputs, settings: &Settings, run: &RunValues) -> String {
    let f = settings.file.as_deref();
    let mut o = Out {
        text: String::new(),
    };
    let _ = writeln!(o.text, "# {header}");
    match f {
        Some(f) => {
            let _ = writeln!(
                o.text,
                "{}",
                crate::tr!("# 配置文件：{}", "# configuration file: {}", f.shown)
            );
        }
        None => {
            let _ = writeln!(
                o.text,
                "{}",
                crate::i18n::pick(
                    "# 配置文件：无（只用内置默认与命令行）",
                    "# configuration file: none (built-in defaults and the command line only)"
                )
            );
        }
    }
    let _ = writeln!(o.text);
    selection(&mut o, cli, settings, f);
    files(&mut o, f);
    outcome(&mut o, run);
    data(&mut o, cli, settings, f);
    rules(&mut o, settings, f);
    o.text
}

/// `select`, `extend-select`, `ignore`.
fn selection(o: &mut Out, cli: &Inputs, settings: &Settings, f: Option<&ConfigFile>) {
    let rs = &settings.data.settings;
    let cli_select = !cli.select.iter().all(|s| s.trim().is_empty());
    let sel_origin =
        |key: &str, span: Option<&std::ops::Range<usize>>, flag: &str, cli_has: bool| {
            if cli_select && key != "select" && !cli_has {
                // --select replaces the file's selection.
                return crate::tr!(
                    "{}（命令行 --select 取代了配置文件的选择）",
                    "{} (--select on the command line replaces the file's selection)",
                    builtin_default()
                );
            }
            if key == "select" && cli_select {
                return crate::i18n::pick("命令行 --select", "command line --select").to_string();
            }
            list_origin(f, span, cli_has, flag)
        };
    let span_of = |l: Option<&At<Vec<At<String>>>>| l.map(|l| l.span.clone());
    o.line(
        "select",
        toml_list(rs.select.iter().cloned()),
        sel_origin(
            "select",
            span_of(f.and_then(|f| f.select.as_ref())).as_ref(),
            "--select",
            cli_select,
        ),
    );
    o.line(
        "extend-select",
        toml_list(rs.extend_select.iter().cloned()),
        sel_origin(
            "extend-select",
            span_of(f.and_then(|f| f.extend_select.as_ref())).as_ref(),
            "--extend-select",
            !cli.extend_select.is_empty(),
        ),
    );
    o.line(
        "ignore",
        toml_list(rs.ignore.iter().cloned()),
        sel_origin(
            "ignore",
            span_of(f.and_then(|f| f.ignore.as_ref())).as_ref(),
            "--ignore",
            !cli.ignore.is_empty(),
        ),
    );
}

/// `per-file-ignores`, `exclude`, `force-exclude`.
fn files(o: &mut Out, f: Option<&ConfigFile>) {
    let pfi = f.map(|f| &f.per_file_ignores[..]).unwrap_or_default();
    if pfi.is_empty() {
        o.line("per-file-ignores", "{}".into(), builtin_default().into());
    } else {
        let f = f.expect("entries come from a file");
        let entries: Vec<String> = pfi
            .iter()
            .map(|(g, codes)| {
                format!(
                    "{} = {}",
                    toml_str(&g.value),
                    toml_list(codes.iter().map(|c| c.value.clone()))
                )
            })
            .collect();
        o.line(
            "per-file-ignores",
            format!("{{ {} }}", entries.join(", ")),
            place(f, f.per_file_ignores_span.as_ref().unwrap_or(&(0..0))),
        );
    }
    let exclude = f.and_then(|f| f.exclude.as_ref());
    o.line(
        "exclude",
        toml_list(
            exclude
                .map(|l| l.value.iter().map(|g| g.value.clone()).collect::<Vec<_>>())
                .unwrap_or_default(),
        ),
        list_origin(f, exclude.map(|l| &l.span), false, ""),
    );
    let scalar_bool = |v: Option<&At<bool>>| -> (bool, String) {
        match (f, v) {
            (Some(f), Some(v)) => (v.value, place(f, &v.span)),
            _ => (false, builtin_default().into()),
        }
    };
    let (fe, fe_origin) = scalar_bool(f.and_then(|f| f.force_exclude.as_ref()));
    o.line("force-exclude", fe.to_string(), fe_origin);
}

/// `fail-on`, `output-format`, `show-fixes`, `unsafe-fixes`.
fn outcome(o: &mut Out, run: &RunValues) {
    o.line("fail-on", toml_str(&run.fail_on.0), run.fail_on.1.clone());
    o.line(
        "output-format",
        toml_str(&run.output_format.0),
        run.output_format.1.clone(),
    );
    o.line(
        "show-fixes",
        run.show_fixes.0.to_string(),
        run.show_fixes.1.clone(),
    );
    o.line(
        "unsafe-fixes",
        run.unsafe_fixes.0.to_string(),
        run.unsafe_fixes.1.clone(),
    );
}

/// `jurisdiction`, data directories, `pairs`, the .docx limits.
fn data(o: &mut Out, cli: &Inputs, settings: &Settings, f: Option<&ConfigFile>) {
    let (j, j_origin) = if !cli.jurisdiction.trim().is_empty() {
        (
            cli.jurisdiction.clone(),
            crate::i18n::pick("命令行 --jurisdiction", "command line --jurisdiction").to_string(),
        )
    } else {
        match (f, f.and_then(|f| f.jurisdiction.as_ref())) {
            (Some(f), Some(j)) => (j.value.clone(), place(f, &j.span)),
            _ => ("auto".to_string(), builtin_default().to_string()),
        }
    };
    o.line("jurisdiction", toml_str(&j), j_origin);
    for (key, flag, file_list, cli_list) in [
        (
            "registry",
            "--registry",
            f.and_then(|f| f.registry.as_ref()),
            &cli.registry,
        ),
        (
            "indicators",
            "--indicators",
            f.and_then(|f| f.indicators.as_ref()),
            &cli.indicators,
        ),
        (
            "packs",
            "--packs",
            f.and_then(|f| f.packs.as_ref()),
            &cli.packs,
        ),
        (
            "rule-files",
            "--rules",
            f.and_then(|f| f.rule_files.as_ref()),
            &cli.rules,
        ),
    ] {
        let values = file_paths(file_list)
            .into_iter()
            .chain(cli_list.iter().map(|p| path_str(p)));
        o.line(
            key,
            toml_list(values),
            list_origin(f, file_list.map(|l| &l.span), !cli_list.is_empty(), flag),
        );
    }
    let pairs: Vec<String> = settings
        .data
        .targets
        .pairs
        .iter()
        .map(|(r, a)| {
            format!(
                "{{ report = {}, annex = {} }}",
                toml_str(&path_str(r)),
                toml_str(&path_str(a))
            )
        })
        .collect();
    let file_pairs = f.and_then(|f| f.pairs.as_ref());
    o.line(
        "pairs",
        format!("[{}]", pairs.join(", ")),
        list_origin(
            f,
            file_pairs.map(|l| &l.span),
            !cli.pair.is_empty(),
            "--pair",
        ),
    );
    let limits = &settings.load.docx;
    for (key, flag, value, file_v, cli_v) in [
        (
            "docx-max-inflated",
            "--docx-max-inflated",
            limits.max_inflated,
            f.and_then(|f| f.docx_max_inflated.as_ref()),
            cli.docx_max_inflated,
        ),
        (
            "docx-max-ratio",
            "--docx-max-ratio",
            limits.max_ratio,
            f.and_then(|f| f.docx_max_ratio.as_ref()),
            cli.docx_max_ratio,
        ),
    ] {
        let origin = match (cli_v, file_v, f) {
            (Some(_), _, _) => crate::tr!("命令行 {flag}", "command line {flag}"),
            (None, Some(v), Some(f)) => place(f, &v.span),
            _ => builtin_default().to_string(),
        };
        o.line(key, value.to_string(), origin);
    }
}

/// Says where a rule setting came from.
fn origin_text(o: &Origin, f: Option<&ConfigFile>) -> String {
    if o.path == RuleSettings::DEFAULT_PATH {
        let (l, c) = line_col(RuleSettings::DEFAULT_TOML, o.span.start);
        return crate::tr!(
            "内置 {}:{l}:{c}",
            "built-in {}:{l}:{c}",
            RuleSettings::DEFAULT_PATH
        );
    }
    if let Some(f) = f.filter(|f| f.shown == o.path) {
        return place(f, &o.span);
    }
    match std::fs::read_to_string(&o.path) {
        Ok(text) => {
            let (l, c) = line_col(&text, o.span.start);
            format!("{}:{l}:{c}", o.path)
        }
        Err(_) => o.path.clone(),
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let f = ConfigFile {
        text: text.to_string(),
        ..Default::default()
    };
    f.line_col(offset)
}

/// Every rule: whether it runs and at what level, and its options.
fn rules(o: &mut Out, settings: &Settings, f: Option<&ConfigFile>) {
    let rs = &settings.data.settings;
    let builtin = crate::rules::codes::registry().iter().map(|(m, _)| m);
    for meta in builtin.chain(settings.data.packs.metas()) {
        let runs = match rs.effective(meta) {
            Some(sev) => crate::tr!("运行，级别：{}", "runs, level: {}", sev.label()),
            None => crate::i18n::pick("不运行", "does not run").to_string(),
        };
        let _ = writeln!(
            o.text,
            "\n[rules.{}]  # {}{}{runs}",
            meta.code,
            meta.name,
            crate::i18n::pick("：", ": ")
        );
        let entry = rs.rules.get(meta.code);
        let level = entry
            .and_then(|e| e.level)
            .map(level_name)
            .unwrap_or(if meta.enabled {
                severity_level(meta.severity)
            } else {
                "off"
            });
        let level_origin = rs
            .origin(meta.code, "level")
            .map(|o| origin_text(o, f))
            .unwrap_or_else(|| builtin_default().to_string());
        o.line("level", toml_str(level), level_origin);
        if let Some(e) = entry {
            for (k, v) in &e.table {
                let origin = rs
                    .origin(meta.code, k)
                    .map(|o| origin_text(o, f))
                    .unwrap_or_else(|| builtin_default().to_string());
                o.line(k, v.to_string(), origin);
            }
        }
    }
}

fn level_name(l: crate::rules::settings::Level) -> &'static str {
    use crate::rules::settings::Level;
    match l {
        Level::Off => "off",
        Level::Info => "info",
        Level::Warn | Level::Warning => "warn",
        Level::Error => "error",
    }
}

fn severity_level(s: crate::diag::Severity) -> &'static str {
    match s {
        crate::diag::Severity::Error => "error",
        crate::diag::Severity::Warning => "warn",
        crate::diag::Severity::Info => "info",
    }
}
