//! Turning command-line paths into the list of files to check.
//!
//! The result depends only on the set of files named, not on the order or
//! spelling of the arguments: every file is identified by its canonical path
//! (symlinks and `..` resolved), duplicates are dropped (`d d/a.txt` checks
//! `d/a.txt` once), and the list is sorted by canonical path. Everything
//! after this stage (pairing reports with annexes, grouping names) sees the
//! files in that order.

use std::path::{Path, PathBuf};

use super::Format;

/// One path found by [`discover`].
#[derive(Debug, Clone)]
pub struct Discovered {
    /// The file's path (as given or as found while walking).
    pub path: PathBuf,
    /// Whether it was named explicitly (explicit unsupported files are reported,
    /// unsupported files met while walking a directory are passed over silently).
    pub explicit: bool,
}

/// What [`discover`] found: the files, and the errors met while walking
/// directories (an unreadable subdirectory, a vanished entry). A walk error
/// makes the run incomplete.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Files to load, deduplicated and sorted by canonical path.
    pub files: Vec<Discovered>,
    /// `(shown path, reason)` of every walk error.
    pub errors: Vec<(String, String)>,
}

/// Expands files and directories. Directories are walked recursively with
/// `.gitignore` (inside a git repository or not), `.ignore` and hidden-file
/// rules; only supported formats are
/// kept from them. See the module documentation for order and duplicates.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut found: Vec<(PathBuf, Discovered)> = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_dir() {
            // `.gitignore` applies also outside a git repository (a folder
            // of drafts copied from somewhere, a release tarball).
            for entry in ignore::WalkBuilder::new(p).require_git(false).build() {
                match entry {
                    Ok(e) => {
                        if e.file_type().is_some_and(|t| t.is_file())
                            && !super::is_office_lock_file(e.path())
                            && (Format::from_path(e.path()).is_some()
                                || super::is_unreadable_document(e.path()))
                        {
                            let path = e.into_path();
                            found.push((
                                canonical(&path),
                                Discovered {
                                    path,
                                    explicit: false,
                                },
                            ));
                        }
                    }
                    Err(err) => errors.push(walk_error(p, &err)),
                }
            }
        } else {
            found.push((
                canonical(p),
                Discovered {
                    path: p.clone(),
                    explicit: true,
                },
            ));
        }
    }
    // Sort by canonical path; of duplicates keep one, preferring an explicit
    // mention and then the shortest spelling.
    found.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.1.explicit.cmp(&a.1.explicit))
            .then(a.1.path.as_os_str().len().cmp(&b.1.path.as_os_str().len()))
            .then(a.1.path.cmp(&b.1.path))
    });
    found.dedup_by(|later, first| later.0 == first.0);
    errors.sort();
    errors.dedup();
    Discovery {
        files: found.into_iter().map(|(_, d)| d).collect(),
        errors,
    }
}

/// The canonical path, or the path made absolute when it cannot be
/// canonicalised (it will fail to load and be reported under its own name).
fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| std::path::absolute(p).unwrap_or(p.to_path_buf()))
}

fn walk_error(root: &Path, err: &ignore::Error) -> (String, String) {
    // Find the innermost path and I/O error the walker reports.
    let mut path: Option<&Path> = None;
    let mut e = err;
    loop {
        match e {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p);
                e = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                e = err
            }
            _ => break,
        }
    }
    let reason = match e {
        ignore::Error::Io(io) => super::io_reason(io),
        ignore::Error::Loop { child, .. } => {
            crate::tr!(
                "符号链接循环：{}",
                "symbolic link loop: {}",
                display_name(child)
            )
        }
        other => other.to_string(),
    };
    (display_name(path.unwrap_or(root)), reason)
}

/// How a path is shown: as given, with `/` separators.
pub fn display_name(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// A file name made safe to print to a terminal: control characters
/// (including ESC, which starts terminal escape sequences, and line breaks)
/// are written as `\n`, `\t`, `\r` or `\u{…}`; a backslash is doubled only
/// when the name needed escaping, so ordinary names print unchanged.
pub fn escape_name(name: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !name.chars().any(bad) {
        return std::borrow::Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c if bad(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: `d d/a.txt` checked the same file twice.
    #[test]
    fn the_same_file_twice_is_checked_once() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("d");
        std::fs::create_dir(&d).unwrap();
        std::fs::write(d.join("a.txt"), "甲").unwrap();
        std::fs::write(d.join("b.md"), "乙").unwrap();
        let found = discover(&[d.clone(), d.join("a.txt"), d.join(".").join("a.txt")]);
        let names: Vec<_> = found.files.iter().map(|f| f.path.clone()).collect();
        assert_eq!(names, [d.join("a.txt"), d.join("b.md")]);
        assert!(found.files[0].explicit);
    }

    #[test]
    fn order_does_not_depend_on_the_arguments() {
        let dir = tempfile::tempdir().unwrap();
        for n in ["b.txt", "a.txt", "c.md"] {
            std::fs::write(dir.path().join(n), "甲").unwrap();
        }
        let p = |n: &str| dir.path().join(n);
        let one = discover(&[p("c.md"), p("a.txt"), p("b.txt")]);
        let two = discover(&[p("b.txt"), p("c.md"), p("a.txt")]);
        let names = |d: &Discovery| d.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(names(&one), names(&two));
        assert_eq!(names(&one), [p("a.txt"), p("b.txt"), p("c.md")]);
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_name("报告.txt"), "报告.txt");
        assert_eq!(escape_name("a\x1b[31mb\n.txt"), "a\\u{1b}[31mb\\n.txt");
        assert_eq!(escape_name("a\\b\x07"), "a\\\\b\\u{7}");
    }
}
