//! Which `gwlint.toml` applies to which file, and checking files under
//! different configurations in one run.
//!
//! # Discovery (nearest wins)
//! For each checked file, gwlint looks for `gwlint.toml` in the file's
//! directory, then its parent, and so on up to the root of the file system;
//! the first found applies, alone (files are not merged, as in ruff).
//! `--config FILE` applies one file to every input; `--isolated` reads no
//! configuration file.
//!
//! # Exclusion
//! `exclude` globs match the path relative to the configuration file's
//! directory, and every leading part of it: `归档` and `归档/**` both keep
//! out every file under a directory `归档`; a glob without `/` also matches
//! any single file or directory name at any depth. A file is excluded when
//! any `gwlint.toml` above it excludes it (a parent's exclude also holds
//! under a subdirectory that has its own configuration). Files named
//! explicitly on the command line are checked anyway unless
//! `force-exclude` (or `--force-exclude`) is set, as pre-commit needs.
//!
//! # Groups
//! The files under one configuration form a group; each group is checked
//! by its own pipeline run with its own settings, so report ↔ annex
//! pairing (and cross-file rules such as consistency checks) happen only
//! within a group. The findings of all groups are merged into one result
//! in the usual order (by file path, then position) ([`check`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::file::{At, ConfigFile, FILE_NAME};
use super::{Inputs, Settings};
use crate::error::Warning;
use crate::load::{Discovered, SourceFile};
use crate::pipeline::Run;

/// Where configuration comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The nearest `gwlint.toml` above each file.
    Discover,
    /// `--config FILE`: one file for every input.
    File(PathBuf),
    /// `--isolated`: no configuration file.
    Isolated,
}

/// Globs (from `exclude` or one `per-file-ignores` entry) matched against
/// paths relative to a configuration file's directory.
#[derive(Debug, Clone)]
pub struct Globs {
    full: globset::GlobSet,
    names: globset::GlobSet,
}

impl Globs {
    /// Compiles the globs (already validated by [`ConfigFile::parse`]).
    pub fn new(globs: &[At<String>]) -> Self {
        let mut full = globset::GlobSetBuilder::new();
        let mut names = globset::GlobSetBuilder::new();
        for g in globs {
            let pat = g.value.trim_start_matches("./").trim_end_matches('/');
            let Ok(glob) = globset::GlobBuilder::new(pat)
                .literal_separator(true)
                .build()
            else {
                continue;
            };
            if pat.contains('/') {
                full.add(glob);
            } else {
                names.add(glob);
            }
        }
        Globs {
            full: full.build().unwrap_or_else(|_| globset::GlobSet::empty()),
            names: names.build().unwrap_or_else(|_| globset::GlobSet::empty()),
        }
    }

    /// Whether `rel` (relative to the configuration's directory) or a
    /// directory leading to it matches.
    pub fn matches(&self, rel: &Path) -> bool {
        let mut prefix = PathBuf::new();
        for c in rel.components() {
            prefix.push(c);
            if self.names.is_match(Path::new(c.as_os_str())) || self.full.is_match(&prefix) {
                return true;
            }
        }
        false
    }
}

/// `per-file-ignores` of one configuration file.
#[derive(Debug, Clone, Default)]
pub struct PerFileIgnores {
    dir: PathBuf,
    entries: Vec<(Globs, Vec<String>)>,
}

impl PerFileIgnores {
    /// The entries of `file`.
    pub fn new(file: &ConfigFile) -> Self {
        PerFileIgnores {
            dir: file.dir.clone(),
            entries: file
                .per_file_ignores
                .iter()
                .map(|(g, codes)| {
                    (
                        Globs::new(std::slice::from_ref(g)),
                        codes.iter().map(|c| c.value.trim().to_string()).collect(),
                    )
                })
                .collect(),
        }
    }

    /// Whether findings of rule `code`/`name` in `path` are ignored.
    pub fn ignores(&self, path: &Path, code: &str, name: &str) -> bool {
        if self.entries.is_empty() {
            return false;
        }
        let Some(rel) = relative(path, &self.dir) else {
            return false;
        };
        self.entries.iter().any(|(g, codes)| {
            codes
                .iter()
                .any(|c| c == "ALL" || code.starts_with(c.as_str()) || c == name)
                && g.matches(&rel)
        })
    }
}

/// `path` relative to `dir`, both made absolute.
fn relative(path: &Path, dir: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    abs.strip_prefix(dir).ok().map(Path::to_path_buf)
}

/// Finds and caches configuration files.
#[derive(Debug, Default)]
pub struct Resolver {
    /// Directory → the nearest configuration at or above it.
    nearest: HashMap<PathBuf, Option<Arc<ConfigFile>>>,
}

impl Resolver {
    /// The nearest `gwlint.toml` at or above directory `dir`.
    pub fn nearest(&mut self, dir: &Path) -> miette::Result<Option<Arc<ConfigFile>>> {
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut walked = Vec::new();
        let mut cur = Some(dir.as_path());
        let mut found = None;
        while let Some(d) = cur {
            if let Some(hit) = self.nearest.get(d) {
                found = hit.clone();
                break;
            }
            walked.push(d.to_path_buf());
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                let cfg = ConfigFile::read(&candidate).map_err(|e| miette::Report::new(*e))?;
                found = Some(Arc::new(cfg));
                break;
            }
            cur = d.parent();
        }
        for d in walked {
            self.nearest.insert(d, found.clone());
        }
        Ok(found)
    }

    /// The configuration that applies to the file `path`.
    pub fn for_file(&mut self, path: &Path) -> miette::Result<Option<Arc<ConfigFile>>> {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let dir = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
        self.nearest(&dir)
    }

    /// Every configuration at or above the file `path`, nearest first.
    pub fn chain(&mut self, path: &Path) -> miette::Result<Vec<Arc<ConfigFile>>> {
        let mut out = Vec::new();
        let mut next = self.for_file(path)?;
        while let Some(c) = next {
            next = match c.dir.parent() {
                Some(up) => self.nearest(up)?,
                None => None,
            };
            out.push(c);
        }
        Ok(out)
    }
}

/// Whether any configuration of `chain` excludes `path`.
pub fn excluded_by(chain: &[Arc<ConfigFile>], path: &Path) -> bool {
    chain.iter().any(|c| {
        c.exclude_globs
            .as_ref()
            .is_some_and(|g| relative(path, &c.dir).is_some_and(|rel| g.matches(&rel)))
    })
}

/// The configuration of the run itself (output format, `show-fixes`,
/// `unsafe-fixes`): `--config FILE`, none with `--isolated`, else the
/// nearest `gwlint.toml` at or above the current directory.
pub fn run_config(mode: &Mode, r: &mut Resolver) -> miette::Result<Option<Arc<ConfigFile>>> {
    match mode {
        Mode::Isolated => Ok(None),
        Mode::File(p) => Ok(Some(Arc::new(
            ConfigFile::read(p).map_err(|e| miette::Report::new(*e))?,
        ))),
        Mode::Discover => r.nearest(Path::new(".")),
    }
}

/// The files to check, each with the index of its group, and the groups'
/// settings.
#[derive(Debug)]
pub struct Plan {
    /// Files in discovery order, with their group.
    pub files: Vec<(Discovered, usize)>,
    /// Settings of each group.
    pub groups: Vec<Settings>,
    /// Walk errors from discovery.
    pub walk_errors: Vec<(String, String)>,
    /// Files left out by `exclude`.
    pub excluded: usize,
    /// The group of standard input, when it is checked.
    pub stdin_group: Option<usize>,
}

/// Discovers the files under `paths`, leaves out the excluded ones and
/// groups the rest by the configuration that applies to them; `base` is the
/// command line, layered over each group's configuration file. `stdin`:
/// standard input is checked too, configured as the file it names
/// (`--stdin-filename`, or `-` in the current directory).
pub fn plan(
    paths: &[PathBuf],
    stdin: Option<&Path>,
    mode: &Mode,
    base: &Inputs,
    force_exclude: bool,
    warnings: &mut Vec<Warning>,
) -> miette::Result<Plan> {
    let found = if paths.is_empty() {
        crate::load::Discovery::default()
    } else {
        crate::load::discover(paths)
    };
    let mut r = Resolver::default();
    let single = match mode {
        Mode::File(_) => run_config(mode, &mut r)?,
        _ => None,
    };
    let mut keys: Vec<Option<PathBuf>> = Vec::new();
    let mut configs: Vec<Option<Arc<ConfigFile>>> = Vec::new();
    let mut files = Vec::new();
    let mut excluded = 0;
    for d in found.files {
        let chain = match mode {
            Mode::Isolated => Vec::new(),
            Mode::File(_) => single.iter().cloned().collect(),
            Mode::Discover => r.chain(&d.path)?,
        };
        let nearest = chain.first().cloned();
        let force = force_exclude
            || nearest
                .as_ref()
                .and_then(|c| c.force_exclude.as_ref())
                .is_some_and(|f| f.value);
        if (!d.explicit || force) && excluded_by(&chain, &d.path) {
            excluded += 1;
            continue;
        }
        let key = nearest.as_ref().map(|c| c.path.clone());
        let g = match keys.iter().position(|k| *k == key) {
            Some(g) => g,
            None => {
                keys.push(key);
                configs.push(nearest);
                keys.len() - 1
            }
        };
        files.push((d, g));
    }
    let stdin_group = match stdin {
        None => None,
        Some(p) => {
            let c = match mode {
                Mode::Isolated => None,
                Mode::File(_) => single.clone(),
                Mode::Discover => r.for_file(p)?,
            };
            let key = c.as_ref().map(|c| c.path.clone());
            Some(match keys.iter().position(|k| *k == key) {
                Some(g) => g,
                None => {
                    keys.push(key);
                    configs.push(c);
                    keys.len() - 1
                }
            })
        }
    };
    if configs.is_empty() {
        // No file: still validate the configuration the run would use.
        configs.push(match mode {
            Mode::Discover => r.nearest(Path::new("."))?,
            _ => single,
        });
    }
    let mut groups = Vec::new();
    for c in configs {
        let inputs = Inputs {
            file: c,
            ..base.clone()
        };
        groups.push(super::load(&inputs, warnings)?);
    }
    Ok(Plan {
        files,
        groups,
        walk_errors: found.errors,
        excluded,
        stdin_group,
    })
}

/// Checks `sources` (file `i` in group `group_of[i]`) with each group's
/// settings and merges the results: one pipeline run per group, findings
/// in the usual order, `per-file-ignores` applied.
pub fn check(sources: Vec<SourceFile>, group_of: &[usize], groups: &[Settings]) -> Run {
    let used: Vec<usize> = {
        let mut u: Vec<usize> = group_of.to_vec();
        u.sort_unstable();
        u.dedup();
        u
    };
    let mut run = if used.len() <= 1 {
        let g = &groups[used.first().copied().unwrap_or(0)];
        crate::pipeline::check_sources(sources, &g.data, &g.parse)
    } else {
        merged(sources, group_of, groups, &used)
    };
    let ignored = |d: &crate::diag::Diagnostic| {
        let g = group_of.get(d.primary.file).copied().unwrap_or(0);
        groups[g]
            .per_file_ignores
            .ignores(&run.sources[d.primary.file].path, d.code, d.name)
    };
    let keep: Vec<bool> = run.diagnostics.iter().map(|d| !ignored(d)).collect();
    let mut k = keep.into_iter();
    run.diagnostics.retain(|_| k.next().unwrap_or(true));
    run
}

/// One run per group, merged with file indices mapped back.
fn merged(
    sources: Vec<SourceFile>,
    group_of: &[usize],
    groups: &[Settings],
    used: &[usize],
) -> Run {
    let n = sources.len();
    let mut slots: Vec<Option<SourceFile>> = sources.into_iter().map(Some).collect();
    let mut out_sources: Vec<Option<SourceFile>> = (0..n).map(|_| None).collect();
    let mut out_docs: Vec<Option<crate::model::Document>> = (0..n).map(|_| None).collect();
    let mut links = Vec::new();
    let mut diagnostics = Vec::new();
    for &g in used {
        let members: Vec<usize> = (0..n).filter(|&i| group_of[i] == g).collect();
        let part: Vec<SourceFile> = members
            .iter()
            .map(|&i| slots[i].take().expect("each file in one group"))
            .collect();
        let sub = crate::pipeline::check_sources(part, &groups[g].data, &groups[g].parse);
        let map = |local: usize| members[local];
        for (local, (s, mut d)) in sub.sources.into_iter().zip(sub.docs).enumerate() {
            d.file = map(local);
            out_sources[map(local)] = Some(s);
            out_docs[map(local)] = Some(d);
        }
        for mut l in sub.links {
            l.report = map(l.report);
            l.annex = map(l.annex);
            links.push(l);
        }
        for mut d in sub.diagnostics {
            d.primary.file = map(d.primary.file);
            for l in &mut d.secondary {
                l.file = map(l.file);
            }
            if let Some(f) = &mut d.fix {
                for e in &mut f.edits {
                    e.file = map(e.file);
                }
            }
            diagnostics.push(d);
        }
    }
    diagnostics.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    });
    Run {
        sources: out_sources
            .into_iter()
            .map(|s| s.expect("checked"))
            .collect(),
        docs: out_docs.into_iter().map(|d| d.expect("parsed")).collect(),
        links,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(list: &[&str]) -> Globs {
        let v: Vec<At<String>> = list
            .iter()
            .map(|s| At {
                value: s.to_string(),
                span: 0..0,
            })
            .collect();
        Globs::new(&v)
    }

    #[test]
    fn globs_match_directories_and_names() {
        let g = globs(&["归档"]);
        assert!(g.matches(Path::new("归档/a.txt")));
        assert!(g.matches(Path::new("x/归档/b/a.txt")));
        assert!(!g.matches(Path::new("归档库/a.txt")));
        let g = globs(&["草稿/*.md"]);
        assert!(g.matches(Path::new("草稿/a.md")));
        assert!(!g.matches(Path::new("草稿/sub/a.md")));
        assert!(!g.matches(Path::new("a/草稿/a.md")));
        let g = globs(&["*.docx"]);
        assert!(g.matches(Path::new("a/b/c.docx")));
        let g = globs(&["old/**"]);
        assert!(g.matches(Path::new("old/x/y.txt")));
    }
}
