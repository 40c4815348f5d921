//! The workspace as the server sees it: roots, paths ↔ URIs, configuration
//! files, and finding a document's report ↔ annex partner among the open
//! documents and the files beside it on disk.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types as lt;

use crate::config::{Inputs, Resolver, Settings};
use crate::error::Warning;
use crate::link::LinkKind;
use crate::load::{Encoding, Format, SourceFile};

/// At most this many files beside a document are considered as its pair.
const MAX_NEIGHBOURS: usize = 64;
/// Larger files beside a document are not read as pair candidates.
const MAX_NEIGHBOUR_BYTES: u64 = 8 * 1024 * 1024;

/// The workspace folders (or the root URI) as paths.
pub(super) fn roots(init: &lt::InitializeParams) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = init
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| uri_path(&f.uri))
        .collect();
    #[allow(deprecated)]
    if out.is_empty() {
        if let Some(p) = init.root_uri.as_ref().and_then(uri_path) {
            out.push(p);
        }
    }
    out
}

/// Configuration inputs for the workspace, under each document's
/// `gwlint.toml`: nothing from a command line (the file's jurisdiction, else
/// `auto`).
pub(super) fn inputs(_roots: &[PathBuf]) -> Inputs {
    Inputs::default()
}

/// Each document's settings: its nearest `gwlint.toml` (as `gwlint check`
/// finds it), loaded once per configuration file and dropped on
/// [`Configs::reload`]. An invalid file is reported once and the built-in
/// settings are used until it is fixed.
pub(super) struct Configs {
    roots: Vec<PathBuf>,
    resolver: Resolver,
    loaded: HashMap<Option<PathBuf>, Arc<Settings>>,
    builtin: Arc<Settings>,
    reported: HashSet<String>,
}

/// A document's settings, and whether the configuration excludes it.
pub(super) struct ForDoc {
    pub settings: Arc<Settings>,
    pub excluded: bool,
}

impl Configs {
    /// The built-in settings, and nothing loaded yet.
    pub fn new(roots: &[PathBuf], warnings: &mut Vec<Warning>) -> miette::Result<Self> {
        let builtin = crate::config::load(&inputs(roots), warnings)?;
        Ok(Configs {
            roots: roots.to_vec(),
            resolver: Resolver::default(),
            loaded: HashMap::new(),
            builtin: Arc::new(builtin),
            reported: HashSet::new(),
        })
    }

    /// Forgets every configuration file read (one changed on disk).
    pub fn reload(&mut self) {
        self.resolver = Resolver::default();
        self.loaded.clear();
        self.reported.clear();
    }

    /// The settings of the document at `path`. Problems not reported yet
    /// are pushed to `errors` / `warnings`.
    pub fn for_doc(
        &mut self,
        path: &Path,
        errors: &mut Vec<String>,
        warnings: &mut Vec<Warning>,
    ) -> ForDoc {
        let chain = match self.resolver.chain(path) {
            Ok(c) => c,
            Err(e) => {
                self.report(format!("{e:?}"), errors);
                return ForDoc {
                    settings: self.builtin.clone(),
                    excluded: false,
                };
            }
        };
        let excluded = crate::config::groups::excluded_by(&chain, path);
        let file = chain.first().cloned();
        let key = file.as_ref().map(|f| f.path.clone());
        if let Some(s) = self.loaded.get(&key) {
            return ForDoc {
                settings: s.clone(),
                excluded,
            };
        }
        let inputs = Inputs {
            file,
            ..inputs(&self.roots)
        };
        let mut w = Vec::new();
        let settings = match crate::config::load(&inputs, &mut w) {
            Ok(s) => Arc::new(s),
            Err(e) => {
                self.report(format!("{e:?}"), errors);
                self.builtin.clone()
            }
        };
        warnings.extend(w);
        self.loaded.insert(key, settings.clone());
        ForDoc { settings, excluded }
    }

    fn report(&mut self, message: String, errors: &mut Vec<String>) {
        if self.reported.insert(message.clone()) {
            errors.push(message);
        }
    }
}

/// A `file:` URI as a path.
pub(super) fn uri_path(uri: &lt::Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// A path as a `file:` URI.
pub(super) fn path_uri(path: &Path) -> Option<lt::Uri> {
    let abs = std::path::absolute(path).ok()?;
    url::Url::from_file_path(abs).ok()?.as_str().parse().ok()
}

/// Whether a changed file is configuration (reload) rather than a document.
pub(super) fn is_config(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name == "gwlint.toml"
        || (name.ends_with(".toml") && path.components().any(|c| c.as_os_str() == "rules"))
}

/// A document's text as a source (shown by its file name).
pub(super) fn source(path: &Path, text: &str) -> SourceFile {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let format = Format::from_path(path).unwrap_or(Format::Txt);
    SourceFile::new(
        path.to_path_buf(),
        name,
        text.to_string(),
        Encoding::Utf8,
        format,
    )
}

/// A document on disk (any encoding gwlint reads), or `None`.
pub(super) fn read(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_NEIGHBOUR_BYTES {
        return None;
    }
    SourceFile::load(path, String::new()).ok().map(|s| s.text)
}

/// The report ↔ annex partner of `me`: among the other open documents and
/// the documents in the same directory, the one the link stage pairs it with.
pub(super) fn find_pair(
    me: &SourceFile,
    open: &[(PathBuf, String)],
    settings: &Settings,
) -> Option<PathBuf> {
    let mut sources = vec![me.clone()];
    for (p, t) in open {
        sources.push(source(p, t));
    }
    if let Some(dir) = me.path.parent() {
        let mut beside: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| Format::from_path(p).is_some() && *p != me.path)
            .filter(|p| !open.iter().any(|(q, _)| q == p))
            .collect();
        beside.sort();
        for p in beside.into_iter().take(MAX_NEIGHBOURS) {
            if let Some(t) = read(&p) {
                sources.push(source(&p, &t));
            }
        }
    }
    if sources.len() < 2 {
        return None;
    }
    let docs: Vec<_> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| crate::parse::parse(i, s, &settings.parse))
        .collect();
    let links = crate::link::link(&sources, &docs, &settings.data.targets);
    links
        .iter()
        .filter(|l| l.kind == LinkKind::ReportAnnex)
        .find_map(|l| match (l.report, l.annex) {
            (0, a) if a != 0 => Some(a),
            (r, 0) if r != 0 => Some(r),
            _ => None,
        })
        .map(|i| sources[i].path.clone())
}
