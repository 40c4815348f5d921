//! Configuration: from the files and choices a user names to the validated
//! [`Settings`] the pipeline runs with.
//!
//! This is an orchestration layer above the check stage: it reads rule
//! settings files (`--rules`), registries (`--registry`, then their
//! self-tests, which run the whole pipeline — see [`selftest`]), indicator
//! files and explicit pairs, and assembles [`Data`]. Front ends (the CLI, a
//! future language server) build [`Inputs`] and call [`load`]; they pass
//! only [`Settings`] inward.
//!
//! Soft problems (an obsolete rule code in a user's file) are returned as
//! [`Warning`]s; hard ones are miette reports pointing into the file.

pub mod learn;
pub mod selftest;

use std::path::PathBuf;
use std::sync::Arc;

use crate::error::Warning;
use crate::model::DocKind;
use crate::rules::data::Data;
use crate::rules::packs::PackSet;

/// What the user named: files to layer over the built-in data, and choices.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// `--rules`: rule settings (or `typography.toml`) files, in order.
    pub rules: Vec<PathBuf>,
    /// `--registry`: registry directories or files.
    pub registry: Vec<PathBuf>,
    /// `--jurisdiction`: `auto`, `none`, or a registry's id or name.
    pub jurisdiction: String,
    /// `--indicators`: indicator files.
    pub indicators: Vec<PathBuf>,
    /// `--pair REPORT=ANNEX`.
    pub pair: Vec<(PathBuf, PathBuf)>,
    /// `--select`.
    pub select: Vec<String>,
    /// `--ignore`.
    pub ignore: Vec<String>,
    /// `--kind`: forced document kind.
    pub kind: Option<DocKind>,
    /// `--packs`: rule-pack directories (or files), loaded over the
    /// built-in packs with [`crate::rules::packs::load_dir`].
    pub packs: Vec<PathBuf>,
}

/// Validated settings passed inward.
#[derive(Debug)]
pub struct Settings {
    /// Rule data (settings merged with the user's files).
    pub data: Data,
    /// Parse options.
    pub parse: crate::parse::ParseOptions,
}

/// The built-in packs that run by default plus the packs in `dirs`
/// (each loaded and self-tested with [`crate::rules::packs::load_dir`]),
/// compiled into one set. With no directories, the cached built-in set.
pub fn load_packs(dirs: &[PathBuf]) -> miette::Result<Arc<PackSet>> {
    if dirs.is_empty() {
        return Ok(crate::rules::packs::builtin_set());
    }
    let mut packs = crate::rules::packs::default_packs();
    for d in dirs {
        packs.push(crate::rules::packs::load_dir(d)?);
    }
    Ok(Arc::new(PackSet::compile(&packs)?))
}

/// Loads and validates everything `inputs` names over the built-in data.
/// Warnings are pushed to `warnings` as they arise (also when a later step
/// fails).
pub fn load(inputs: &Inputs, warnings: &mut Vec<Warning>) -> miette::Result<Settings> {
    let mut data = Data::builtin();
    for path in &inputs.rules {
        warnings.extend(crate::rules::data::merge_rules_file(&mut data, path)?);
    }
    crate::names::configure(&mut data.names, &inputs.registry, &inputs.jurisdiction)?;
    // The built-in registries' self-tests run in `cargo test`
    // (tests/names.rs), not at every start; a user's registries are tested
    // when they are loaded.
    if !inputs.registry.is_empty() {
        selftest::run_all(&data.names).map_err(|e| *e)?;
    }
    // `--select T001,` has an empty item: not a selector (it would match
    // every code).
    let clean = |l: &[String]| -> Vec<String> {
        l.iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let (select, ignore) = (clean(&inputs.select), clean(&inputs.ignore));
    data.packs = load_packs(&inputs.packs)?;
    let pack_rules: Vec<(&str, &str)> = data.packs.metas().map(|m| (m.code, m.name)).collect();
    crate::rules::settings::check_selectors_with("--select", &select, &pack_rules)?;
    crate::rules::settings::check_selectors_with("--ignore", &ignore, &pack_rules)?;
    data.settings.select = select;
    data.settings.ignore = ignore;
    data.targets.indicators = crate::targets::Indicators::with_files(&inputs.indicators)?;
    for (r, a) in &inputs.pair {
        for p in [r, a] {
            if !p.exists() {
                return Err(miette::miette!(
                    code = "gwlint::pair_not_found",
                    "--pair 指定的文件不存在：{}",
                    p.display()
                ));
            }
        }
    }
    data.targets.pairs = inputs.pair.clone();
    Ok(Settings {
        data,
        parse: crate::parse::ParseOptions { kind: inputs.kind },
    })
}
