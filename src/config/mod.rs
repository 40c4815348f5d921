//! Configuration: from the files and choices a user names to the validated
//! [`Settings`] the pipeline runs with.
//!
//! This is an orchestration layer above the check stage: it reads rule
//! settings files (`--rules`), rule packs and registries (`--packs`,
//! `--registry`: both through the pack loader, which runs their self-tests,
//! see [`crate::rules::packs`]), indicator files and explicit pairs, and
//! assembles [`Data`]. Front ends (the CLI, a
//! future language server) build [`Inputs`] and call [`load`]; they pass
//! only [`Settings`] inward.
//!
//! Soft problems (an obsolete rule code in a user's file) are returned as
//! [`Warning`]s; hard ones are miette reports pointing into the file.

pub mod file;
pub mod groups;
pub mod learn;
pub mod show;

use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::Severity;
use crate::error::Warning;
use crate::model::DocKind;
use crate::rules::data::Data;
use crate::rules::packs::{Pack, PackSet};
pub use file::{ConfigFile, InvalidConfigFile};
pub use groups::{Mode, PerFileIgnores, Plan, Resolver};

/// What the user named on the command line (or an editor's settings), and
/// the configuration file layered under it.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// `--rules`: rule settings (or `typography.toml`) files, in order.
    pub rules: Vec<PathBuf>,
    /// `--registry`: registry directories or files.
    pub registry: Vec<PathBuf>,
    /// `--jurisdiction`: `auto`, `none`, or a registry's id or name; empty:
    /// not given (the file's, else `auto`).
    pub jurisdiction: String,
    /// `--indicators`: indicator files.
    pub indicators: Vec<PathBuf>,
    /// `--pair REPORT=ANNEX`.
    pub pair: Vec<(PathBuf, PathBuf)>,
    /// `--select`.
    pub select: Vec<String>,
    /// `--ignore`.
    pub ignore: Vec<String>,
    /// `--extend-select`.
    pub extend_select: Vec<String>,
    /// `--kind`: forced document kind.
    pub kind: Option<DocKind>,
    /// `--packs`: rule-pack directories (or files), loaded over the
    /// built-in packs with [`crate::rules::packs::load_dir`].
    pub packs: Vec<PathBuf>,
    /// `--docx-max-inflated`.
    pub docx_max_inflated: Option<u64>,
    /// `--docx-max-ratio`.
    pub docx_max_ratio: Option<u64>,
    /// The `gwlint.toml` that applies, if any: the command line's values
    /// override it (lists such as `registry` extend it; `--select` replaces
    /// its `select`, `extend-select` and `ignore`).
    pub file: Option<Arc<ConfigFile>>,
}

/// Validated settings passed inward.
#[derive(Debug)]
pub struct Settings {
    /// Rule data (settings merged with the user's files).
    pub data: Data,
    /// Parse options.
    pub parse: crate::parse::ParseOptions,
    /// Reading options (`.docx` limits).
    pub load: crate::load::LoadOptions,
    /// `per-file-ignores` of the configuration file.
    pub per_file_ignores: PerFileIgnores,
    /// `fail-on` of the configuration file (the command line's wins).
    pub fail_on: Option<Severity>,
    /// The configuration file these settings were built from.
    pub file: Option<Arc<ConfigFile>>,
}

/// The built-in packs that run by default plus the packs in `dirs`
/// (each loaded and self-tested with [`crate::rules::packs::load_dir`]),
/// compiled into one set. With no directories, the cached built-in set.
pub fn load_packs(dirs: &[PathBuf]) -> miette::Result<Arc<PackSet>> {
    Ok(load_pack_dirs(dirs)?.0)
}

/// Like [`load_packs`], also returning each directory's pack (its
/// registries and character tables are added to the names data).
fn load_pack_dirs(dirs: &[PathBuf]) -> miette::Result<(Arc<PackSet>, Vec<Pack>)> {
    let loaded = dirs
        .iter()
        .map(|d| crate::rules::packs::load_dir(d))
        .collect::<miette::Result<Vec<Pack>>>()?;
    if loaded.iter().all(|p| p.rules.is_empty()) {
        return Ok((crate::rules::packs::builtin_set(), loaded));
    }
    let mut packs = crate::rules::packs::default_packs();
    packs.extend(loaded.iter().cloned());
    Ok((Arc::new(PackSet::compile(&packs)?), loaded))
}

/// Loads and validates everything `inputs` names over the built-in data:
/// built-in → configuration file → command line. Warnings are pushed to
/// `warnings` as they arise (also when a later step fails).
pub fn load(inputs: &Inputs, warnings: &mut Vec<Warning>) -> miette::Result<Settings> {
    let file = inputs.file.as_deref();
    let paths = |f: Option<&file::At<Vec<file::At<PathBuf>>>>| -> Vec<PathBuf> {
        f.map(|l| l.value.iter().map(|p| p.value.clone()).collect())
            .unwrap_or_default()
    };
    let mut data = Data::builtin();
    // Packs first: a layer may set the level of a pack rule, and selectors
    // may name pack rules. Registry directories go through the same loader
    // (a registry file is a pack of unit names; its self-tests run as it
    // loads). The built-in registries' self-tests run in `cargo test` and
    // `gwlint test-rules`, not at every start.
    let dirs: Vec<PathBuf> = paths(file.and_then(|f| f.registry.as_ref()))
        .into_iter()
        .chain(inputs.registry.iter().cloned())
        .chain(paths(file.and_then(|f| f.packs.as_ref())))
        .chain(inputs.packs.iter().cloned())
        .collect();
    let (set, loaded) = load_pack_dirs(&dirs)?;
    data.packs = set;
    for p in &loaded {
        p.add_names(&mut data.names).map_err(|e| *e)?;
    }
    data.settings.know_pack_rules(data.packs.metas());
    if let Some(f) = file {
        for path in paths(f.rule_files.as_ref()) {
            warnings.extend(crate::rules::data::merge_rules_file(&mut data, &path)?);
        }
        let w = data
            .settings
            .merge_layer(&f.shown, &f.text, &f.rules)
            .map_err(|e| miette::Report::new(InvalidConfigFile::from(*e)))?;
        warnings.extend(w);
    }
    for path in &inputs.rules {
        warnings.extend(crate::rules::data::merge_rules_file(&mut data, path)?);
    }
    let jurisdiction = jurisdiction(inputs, file);
    if let Err(e) = crate::names::configure(&mut data.names, &jurisdiction.0) {
        return Err(match (file, jurisdiction.1) {
            (Some(f), Some(span)) => {
                miette::Report::new(*f.error(span, e.to_string(), e.help().map(|h| h.to_string())))
            }
            _ => e,
        });
    }
    let pack_rules: Vec<(&str, &str)> = data.packs.metas().map(|m| (m.code, m.name)).collect();
    select(inputs, file, &mut data.settings, &pack_rules)?;
    let indicators: Vec<PathBuf> = paths(file.and_then(|f| f.indicators.as_ref()))
        .into_iter()
        .chain(inputs.indicators.iter().cloned())
        .collect();
    data.targets.indicators = crate::targets::Indicators::with_files(&indicators)?;
    for (r, a) in &inputs.pair {
        for p in [r, a] {
            if !p.exists() {
                return Err(miette::miette!(
                    code = "gwlint::pair_not_found",
                    "{}",
                    crate::tr!(
                        "--pair 指定的文件不存在：{}",
                        "the file given to --pair does not exist: {}",
                        p.display()
                    )
                ));
            }
        }
    }
    data.targets.pairs = file
        .and_then(|f| f.pairs.as_ref())
        .map(|l| l.value.iter().map(|p| p.value.clone()).collect())
        .unwrap_or_default();
    data.targets.pairs.extend(inputs.pair.iter().cloned());
    let per_file_ignores = match file {
        Some(f) => PerFileIgnores::new(f),
        None => PerFileIgnores::default(),
    };
    let defaults = crate::load::docx::DocxLimits::default();
    let limits = crate::load::docx::DocxLimits {
        max_inflated: inputs
            .docx_max_inflated
            .or(file
                .and_then(|f| f.docx_max_inflated.as_ref())
                .map(|v| v.value))
            .unwrap_or(defaults.max_inflated),
        max_ratio: inputs
            .docx_max_ratio
            .or(file
                .and_then(|f| f.docx_max_ratio.as_ref())
                .map(|v| v.value))
            .unwrap_or(defaults.max_ratio)
            .max(1),
    };
    Ok(Settings {
        data,
        parse: crate::parse::ParseOptions { kind: inputs.kind },
        load: crate::load::LoadOptions {
            docx: limits,
            skip_origin: false,
        },
        per_file_ignores,
        fail_on: file.and_then(|f| f.fail_on.as_ref()).map(|v| v.value),
        file: inputs.file.clone(),
    })
}

/// The jurisdiction to use, and its place in the file when it came from there.
fn jurisdiction(
    inputs: &Inputs,
    file: Option<&ConfigFile>,
) -> (String, Option<std::ops::Range<usize>>) {
    if !inputs.jurisdiction.trim().is_empty() {
        return (inputs.jurisdiction.clone(), None);
    }
    match file.and_then(|f| f.jurisdiction.as_ref()) {
        Some(j) => (j.value.clone(), Some(j.span.clone())),
        None => ("auto".into(), None),
    }
}

/// Rule selection: the file's `select`/`extend-select`/`ignore` (each entry
/// checked, pointing into the file), then the command line's. `--select`
/// replaces the file's selection; `--ignore` and `--extend-select` add to it.
fn select(
    inputs: &Inputs,
    file: Option<&ConfigFile>,
    settings: &mut crate::rules::RuleSettings,
    pack_rules: &[(&str, &str)],
) -> miette::Result<()> {
    // `--select T001,` has an empty item: not a selector (it would match
    // every code).
    let clean = |l: &[String]| -> Vec<String> {
        l.iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let cli_select = clean(&inputs.select);
    let cli_ignore = clean(&inputs.ignore);
    let cli_extend = clean(&inputs.extend_select);
    use crate::rules::settings::check_selectors_with as check;
    check("--select", &cli_select, pack_rules)?;
    check("--ignore", &cli_ignore, pack_rules)?;
    check("--extend-select", &cli_extend, pack_rules)?;
    let from_file = |l: Option<&file::At<Vec<file::At<String>>>>| -> miette::Result<Vec<String>> {
        let (Some(f), Some(l)) = (file, l) else {
            return Ok(Vec::new());
        };
        check_file_selectors(f, &l.value, pack_rules)?;
        Ok(l.value.iter().map(|s| s.value.trim().to_string()).collect())
    };
    let file_select = from_file(file.and_then(|f| f.select.as_ref()))?;
    let file_extend = from_file(file.and_then(|f| f.extend_select.as_ref()))?;
    let file_ignore = from_file(file.and_then(|f| f.ignore.as_ref()))?;
    if let Some(f) = file {
        for (_, codes) in &f.per_file_ignores {
            check_file_selectors(f, codes, pack_rules)?;
        }
    }
    if cli_select.is_empty() {
        settings.select = file_select;
        settings.extend_select = file_extend.into_iter().chain(cli_extend).collect();
        settings.ignore = file_ignore.into_iter().chain(cli_ignore).collect();
    } else {
        settings.select = cli_select;
        settings.extend_select = cli_extend;
        settings.ignore = cli_ignore;
    }
    Ok(())
}

/// Every selector written in the file names rules; the first that does not
/// is an error at its place.
pub(crate) fn check_file_selectors(
    f: &ConfigFile,
    list: &[file::At<String>],
    pack_rules: &[(&str, &str)],
) -> miette::Result<()> {
    for s in list {
        let v = s.value.trim();
        let res = if v.is_empty() {
            Err(crate::i18n::pick(
                "写规则代码（T001）、代码前缀（T）、规则名称或 ALL",
                "write a rule code (T001), a code prefix (T), a rule name or ALL",
            )
            .to_string())
        } else {
            crate::rules::settings::selector_known(v, pack_rules)
        };
        if let Err(help) = res {
            return Err(miette::Report::new(*f.error(
                s.span.clone(),
                crate::tr!(
                    "“{v}”不是规则代码、代码前缀或规则名称",
                    "“{v}” is not a rule code, code prefix or rule name"
                ),
                Some(help),
            )));
        }
    }
    Ok(())
}
