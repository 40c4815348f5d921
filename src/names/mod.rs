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
//! - each registry's `[[test]]` cases are parsed here; loading (files,
//!   directories, built-ins) and running them is the pack loader's job
//!   ([`crate::rules::packs`]): a registry file is a pack of unit names, and
//!   its self-tests run through the packs' self-test machinery.
//!
//! The built-in registries are embedded (`rules/registries/`); a
//! `--registry` or `--packs` directory adds `*.toml` registries (a registry
//! with the id of a built-in one replaces it; a `confusables.toml` there
//! extends the character table).

pub mod registry;
pub mod scan;
pub mod similar;

use std::path::Path;
use std::sync::Arc;

use crate::error::InvalidRulesFile;
pub use registry::{Form, Registry, UnitType};
pub use similar::Confusables;

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
    /// No registry yet, the given character table, jurisdiction detected.
    /// Registries are added by the pack loader
    /// ([`crate::rules::packs`]: built-in ones from `rules/registries/`,
    /// a user's from `--registry`/`--packs` directories).
    pub fn new(confusables: Arc<Confusables>) -> Self {
        NameData {
            confusables,
            ..Default::default()
        }
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

    /// Extends the character table with a `confusables.toml` (format of
    /// `rules/confusables.toml`); an invalid entry is an error pointing
    /// into the file.
    pub fn add_confusables(&mut self, path: &str, text: &str) -> Result<(), Box<InvalidRulesFile>> {
        let raw: similar::RawConfusables = toml::from_str(text).map_err(|e| {
            Box::new(InvalidRulesFile::from_toml(
                Path::new(path),
                text.to_string(),
                &e,
            ))
        })?;
        let mut c = (*self.confusables).clone();
        c.add(raw).map_err(|(at, reason)| {
            Box::new(InvalidRulesFile {
                path: path.to_string(),
                src: miette::NamedSource::new(path, text.to_string()),
                at: Some((at.start, at.len().max(1)).into()),
                reason,
                help: None,
            })
        })?;
        self.confusables = Arc::new(c);
        Ok(())
    }
}

/// Applies the jurisdiction choice (`auto`, `none`, or a registry's id or
/// name) once every registry is loaded.
pub fn configure(data: &mut NameData, jurisdiction: &str) -> miette::Result<()> {
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
