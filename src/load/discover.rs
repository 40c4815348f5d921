//! Turning command-line paths into the list of files to check.

use std::path::{Path, PathBuf};

use super::Format;

/// One path found by [`discover`].
#[derive(Debug, Clone)]
pub struct Discovered {
    /// The file's path.
    pub path: PathBuf,
    /// Whether it was named explicitly (explicit unsupported files are reported,
    /// unsupported files met while walking a directory are passed over silently).
    pub explicit: bool,
}

/// Expands files and directories. Directories are walked recursively with
/// `.gitignore`, `.ignore` and hidden-file rules; only supported formats are
/// kept from them. Output order is sorted and deterministic.
pub fn discover(paths: &[PathBuf]) -> Vec<Discovered> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(p)
                .sort_by_file_path(|a, b| a.cmp(b))
                .build()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
                .map(|e| e.into_path())
                .filter(|p| Format::from_path(p).is_some())
                .collect();
            found.sort();
            out.extend(found.into_iter().map(|path| Discovered {
                path,
                explicit: false,
            }));
        } else {
            out.push(Discovered {
                path: p.clone(),
                explicit: true,
            });
        }
    }
    out
}

/// How a path is shown: as given, with `/` separators.
pub fn display_name(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}
