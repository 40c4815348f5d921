//! Organisation-name data: jurisdiction registries, the confusable-character
//! table and jurisdiction detection, read by the `names` rules (N).
//!
//! # Brief overview
//! - [`registry::Registry`]: one jurisdiction's units (canonical name, full
//!   name, aliases, known variants, retired names, type) loaded from
//!   `rules/registries/*.toml`, validated, with an aho-corasick matcher
//!   (leftmost-longest) over every name it knows.
//! - [`similar`]: when two spellings are the same unit (connectors,
//!   confusable characters, one edit relative to the name's length).
//! - [`scan`]: where near misses of registry names may stand in running
//!   text (windows ending in a unit suffix), so they are found in one pass.
//! - [`NameData`]: every loaded registry plus the jurisdiction choice
//!   (`--jurisdiction`), stored in [`crate::rules::data::Data::names`].
//! - each registry's `[[test]]` cases are parsed here and run by
//!   [`crate::config::selftest`] (they need the whole pipeline) when
//!   registries are loaded from the command line.
//!
//! Built-in registries are embedded; `--registry DIR` adds a directory of
//! `*.toml` registries (a registry with the id of a built-in one replaces it;
//! a `confusables.toml` there extends the character table).

pub mod registry;
pub mod scan;
pub mod similar;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::InvalidRulesFile;
pub use registry::{Form, Registry, UnitType};
pub use similar::Confusables;

/// The registries shipped with gwlint: `(path, text)`.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "rules/registries/jinan-changqing.toml",
        include_str!("../../rules/registries/jinan-changqing.toml"),
    ),
    (
        "rules/registries/jinan-tianqiao.toml",
        include_str!("../../rules/registries/jinan-tianqiao.toml"),
    ),
];

/// Which registry applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Jurisdiction {
    /// Detected per document from its text (`长清区`…), falling back on a
    /// linked companion, then on the one registry the other documents agree on.
    #[default]
    Auto,
    /// No registry: only the registry-free rules (N004, N006) report.
    None,
    /// One registry, by id.
    Fixed(String),
}

/// Loaded registries and the jurisdiction choice.
#[derive(Debug, Clone, Default)]
pub struct NameData {
    registries: Vec<Arc<Registry>>,
    /// Which registry applies.
    pub jurisdiction: Jurisdiction,
    /// The character table used for near misses.
    pub confusables: Arc<Confusables>,
    detector: Arc<Vec<(memchr::memmem::Finder<'static>, usize)>>,
}

impl NameData {
    /// The built-in registries and character table, jurisdiction detected.
    pub fn builtin() -> Self {
        let mut d = NameData {
            confusables: Arc::new(Confusables::builtin()),
            ..Default::default()
        };
        for (path, text) in BUILTIN {
            let r = Registry::parse(path, text)
                .unwrap_or_else(|e| panic!("built-in registry {path} is invalid: {e:?}"));
            d.add(r);
        }
        d
    }

    /// Every loaded registry.
    pub fn registries(&self) -> &[Arc<Registry>] {
        &self.registries
    }

    /// Adds a registry; one with the same id is replaced.
    pub fn add(&mut self, r: Registry) {
        match self.registries.iter_mut().find(|x| x.id == r.id) {
            Some(slot) => *slot = Arc::new(r),
            None => self.registries.push(Arc::new(r)),
        }
        self.rebuild_detector();
    }

    /// Removes every registry (tests, `--jurisdiction none` is preferred).
    pub fn clear(&mut self) {
        self.registries.clear();
        self.rebuild_detector();
    }

    /// The registry answering to `key` (id, name or alias).
    pub fn get(&self, key: &str) -> Option<&Registry> {
        self.registries
            .iter()
            .find(|r| r.answers_to(key))
            .map(|r| r.as_ref())
    }

    fn rebuild_detector(&mut self) {
        // A few words per registry: one SIMD substring search each is faster
        // than a multi-pattern automaton over Chinese text.
        let finders = self
            .registries
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                r.detect
                    .iter()
                    .map(move |w| (memchr::memmem::Finder::new(w.as_bytes()).into_owned(), i))
            })
            .collect();
        self.detector = Arc::new(finders);
    }

    /// The registry a text belongs to: the one whose `detect` words occur
    /// most often (长清 inside 长清区 counts once); `None` when none occurs
    /// or two tie.
    pub fn detect(&self, text: &str) -> Option<&Registry> {
        let mut counts = vec![0usize; self.registries.len()];
        let found: Vec<usize> = self
            .detector
            .iter()
            .map(|(f, _)| f.find_iter(text.as_bytes()).count())
            .collect();
        for (k, (f, i)) in self.detector.iter().enumerate() {
            let word = f.needle();
            // Occurrences inside a longer word of the same registry.
            let inside: usize = self
                .detector
                .iter()
                .enumerate()
                .filter(|(j, (g, r))| *j != k && r == i && g.needle().len() > word.len())
                .map(|(j, (g, _))| found[j] * memchr::memmem::find_iter(g.needle(), word).count())
                .sum();
            counts[*i] += found[k].saturating_sub(inside);
        }
        let max = *counts.iter().max()?;
        if max == 0 || counts.iter().filter(|c| **c == max).count() > 1 {
            return None;
        }
        let i = counts.iter().position(|c| *c == max)?;
        Some(self.registries[i].as_ref())
    }

    /// Loads a registry file, or every `*.toml` in a directory (sorted by
    /// name; `confusables.toml` extends the character table).
    pub fn load_path(&mut self, path: &Path) -> miette::Result<()> {
        let unreadable = |e: std::io::Error| {
            miette::miette!(
                code = "gwlint::unreadable_registry",
                "{}",
                crate::tr!(
                    "无法读取单位名录 {}：{e}",
                    "cannot read unit registry {}: {e}",
                    path.display()
                )
            )
        };
        let files: Vec<PathBuf> = if path.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(unreadable)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            v.sort();
            v
        } else {
            vec![path.to_path_buf()]
        };
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(unreadable)?;
            let name = f.display().to_string();
            if f.file_name().is_some_and(|n| n == "confusables.toml") {
                let raw: similar::RawConfusables = toml::from_str(&text)
                    .map_err(|e| InvalidRulesFile::from_toml(&f, text.clone(), &e))?;
                let mut c = (*self.confusables).clone();
                c.add(raw).map_err(|(at, reason)| InvalidRulesFile {
                    path: name.clone(),
                    src: miette::NamedSource::new(name.clone(), text.clone()),
                    at: Some((at.start, at.len().max(1)).into()),
                    reason,
                    help: None,
                })?;
                self.confusables = Arc::new(c);
            } else {
                self.add(Registry::parse(&name, &text).map_err(|e| *e)?);
            }
        }
        Ok(())
    }
}

/// Applies the command-line choices: extra registry paths, the jurisdiction
/// (`auto`, `none`, or a registry's id or name). The registries'
/// self-tests are run by the caller ([`crate::config::selftest`]).
pub fn configure(data: &mut NameData, paths: &[PathBuf], jurisdiction: &str) -> miette::Result<()> {
    for p in paths {
        data.load_path(p)?;
    }
    data.jurisdiction = match jurisdiction.trim() {
        "" | "auto" => Jurisdiction::Auto,
        "none" => Jurisdiction::None,
        key => match data.get(key) {
            Some(r) => Jurisdiction::Fixed(r.id.clone()),
            None => {
                let known: Vec<String> = data
                    .registries()
                    .iter()
                    .map(|r| crate::tr!("{}（{}）", "{} (“{}”)", r.id, r.name))
                    .collect();
                return Err(miette::miette!(
                    code = "gwlint::unknown_jurisdiction",
                    help = crate::tr!(
                        "可用的单位名录：{}；或用 auto（自动检测）、none（不用名录）",
                        "available unit registries: {}; or auto (detect), none (no registry)",
                        known.join(crate::i18n::pick("、", ", "))
                    ),
                    "{}",
                    crate::tr!(
                        "没有名为“{key}”的单位名录",
                        "no unit registry named “{key}”"
                    )
                ));
            }
        },
    };
    Ok(())
}
