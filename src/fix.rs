//! Applying fixes: edits → new text, the fix-until-stable loop, unified
//! diffs, atomic writes.
//!
//! [`apply`] applies one round of non-overlapping fixes; [`until_stable`]
//! repeats rounds, re-checking in between through a closure the caller
//! gives (this module sits below the pipeline and does not run it).
//!
//! A file is written only through [`write_atomic`]: a temporary file in the
//! same directory, permissions copied, then renamed over the original. A file
//! that changed on disk since it was read is refused, never overwritten.

use std::io::Write;
use std::path::Path;

use crate::diag::{Applicability, Diagnostic, Edit};
use crate::load::SourceFile;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Safe fixes only.
    Safe,
    /// Safe and unsafe fixes.
    Unsafe,
}

impl FixMode {
    /// Whether a fix of this applicability is applied.
    pub fn allows(self, a: Applicability) -> bool {
        match self {
            FixMode::Safe => a == Applicability::Safe,
            FixMode::Unsafe => a >= Applicability::Unsafe,
        }
    }
}

/// The outcome of applying fixes to one file.
#[derive(Debug)]
pub struct FileFix {
    /// File id.
    pub file: usize,
    /// The new text.
    pub text: String,
    /// Indexes (into the diagnostics slice) of the findings fixed.
    pub fixed: Vec<usize>,
}

/// Applies every allowed fix, file by file. Fixes whose edits overlap an
/// already accepted edit are skipped (they will show again on the next run).
pub fn apply(sources: &[SourceFile], diags: &[Diagnostic], mode: FixMode) -> Vec<FileFix> {
    let mut out = Vec::new();
    for (file, src) in sources.iter().enumerate() {
        let mut accepted: Vec<&Edit> = Vec::new();
        let mut fixed = Vec::new();
        for (i, d) in diags.iter().enumerate() {
            let Some(fix) = &d.fix else { continue };
            if !mode.allows(fix.applicability) || fix.edits.iter().any(|e| e.file != file) {
                continue;
            }
            let overlaps = fix.edits.iter().any(|e| {
                accepted.iter().any(|a| {
                    e.span.start < a.span.end.max(a.span.start + 1)
                        && a.span.start < e.span.end.max(e.span.start + 1)
                })
            });
            let valid = fix.edits.iter().all(|e| {
                e.span.end <= src.text.len()
                    && src.text.is_char_boundary(e.span.start)
                    && src.text.is_char_boundary(e.span.end)
            });
            if overlaps || !valid {
                continue;
            }
            accepted.extend(fix.edits.iter());
            fixed.push(i);
        }
        if accepted.is_empty() {
            continue;
        }
        accepted.sort_by_key(|e| (e.span.start, e.span.end));
        let mut text = String::with_capacity(src.text.len());
        let mut at = 0;
        for e in accepted {
            text.push_str(&src.text[at..e.span.start]);
            text.push_str(&e.replacement);
            at = e.span.end;
        }
        text.push_str(&src.text[at..]);
        if text != src.text {
            out.push(FileFix { file, text, fixed });
        }
    }
    out
}

/// What the fix loop needs from a checked run.
pub trait Checked {
    /// The sources, indexed by file id.
    fn sources(&self) -> &[SourceFile];
    /// The findings on them.
    fn diagnostics(&self) -> &[Diagnostic];
}

/// At most this many rounds of [`apply`] in [`until_stable`].
pub const MAX_ROUNDS: usize = 10;

/// The outcome of [`until_stable`].
#[derive(Debug)]
pub struct Fixed {
    /// The sources as they were before any fix.
    pub originals: Vec<SourceFile>,
    /// Findings fixed per file id, over all rounds.
    pub fixed_per_file: Vec<usize>,
    /// File ids whose text changed.
    pub changed: Vec<usize>,
    /// Rounds that applied at least one fix.
    pub rounds: usize,
    /// Whether the loop stopped because a round found nothing left to fix
    /// (`false`: it stopped at [`MAX_ROUNDS`]).
    pub converged: bool,
}

/// Applies fixes until none is left (an edit skipped because it overlapped
/// another is applied in the next round), at most [`MAX_ROUNDS`] rounds.
/// `recheck` runs the pipeline again on the fixed sources. Returns the last
/// run (on the fixed text) and what changed; nothing is written.
pub fn until_stable<R: Checked>(
    mut run: R,
    mode: FixMode,
    mut recheck: impl FnMut(Vec<SourceFile>) -> R,
) -> (R, Fixed) {
    let originals = run.sources().to_vec();
    let mut fixed_per_file = vec![0usize; originals.len()];
    let mut rounds = 0;
    let mut converged = false;
    for _ in 0..MAX_ROUNDS {
        let fixes = apply(run.sources(), run.diagnostics(), mode);
        if fixes.is_empty() {
            converged = true;
            break;
        }
        rounds += 1;
        let mut next = run.sources().to_vec();
        for f in &fixes {
            fixed_per_file[f.file] += f.fixed.len();
            let src = &run.sources()[f.file];
            next[f.file] = SourceFile::new(
                src.path.clone(),
                src.name.clone(),
                f.text.clone(),
                src.encoding,
                src.format,
            );
        }
        run = recheck(next);
    }
    let changed: Vec<usize> = (0..originals.len())
        .filter(|&i| originals[i].text != run.sources()[i].text)
        .collect();
    (
        run,
        Fixed {
            originals,
            fixed_per_file,
            changed,
            rounds,
            converged,
        },
    )
}

/// A unified diff between the old and new text.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// Why a fixed file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file changed on disk after it was read.
    #[error("文件在读取后被修改，已拒绝写入：{0}")]
    Changed(String),
    /// An I/O error.
    #[error("写入失败：{path}：{source}")]
    Io {
        /// Path.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
}

/// Writes `src` re-encoded with `new_text`, atomically. `original` is the
/// bytes that were read; if the file no longer holds them, nothing is written.
pub fn write_atomic(src: &SourceFile, original: &[u8], new_text: &str) -> Result<(), WriteError> {
    let path = &src.path;
    let io = |e: std::io::Error| WriteError::Io {
        path: src.name.clone(),
        source: e,
    };
    let now = std::fs::read(path).map_err(io)?;
    if now != original {
        return Err(WriteError::Changed(src.name.clone()));
    }
    let bytes = src.encoding.encode(new_text);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    tmp.write_all(&bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    let perms = std::fs::metadata(path).map_err(io)?.permissions();
    std::fs::set_permissions(tmp.path(), perms).map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Category, Diagnostic, Fix, RuleRef, Severity};

    struct TestRule;
    impl RuleRef for TestRule {
        fn code(&self) -> &'static str {
            "T001"
        }
        fn name(&self) -> &'static str {
            "test"
        }
        fn category(&self) -> Category {
            Category::Correctness
        }
        fn severity(&self) -> Severity {
            Severity::Error
        }
    }

    fn diag_with_edit(
        span: std::ops::Range<usize>,
        replacement: &str,
        applicability: Applicability,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(&TestRule, 0, span.clone(), "x");
        d.fix = Some(Fix {
            applicability,
            title: "t".into(),
            edits: vec![Edit {
                file: 0,
                span,
                replacement: replacement.into(),
            }],
        });
        d
    }

    #[test]
    fn applies_only_allowed_non_overlapping_edits() {
        let src = SourceFile::from_text("a.txt", "甲,乙;丙");
        let comma = src.text.find(',').unwrap();
        let semi = src.text.find(';').unwrap();
        let diags = vec![
            diag_with_edit(comma..comma + 1, "，", Applicability::Safe),
            diag_with_edit(comma..comma + 1, "、", Applicability::Safe), // overlaps: skipped
            diag_with_edit(semi..semi + 1, "；", Applicability::Unsafe),
        ];
        let safe = apply(std::slice::from_ref(&src), &diags, FixMode::Safe);
        assert_eq!(safe[0].text, "甲，乙;丙");
        assert_eq!(safe[0].fixed, [0]);
        let all = apply(std::slice::from_ref(&src), &diags, FixMode::Unsafe);
        assert_eq!(all[0].text, "甲，乙；丙");
    }

    #[test]
    fn refuses_a_file_changed_since_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "甲,乙").unwrap();
        let src = SourceFile::load(&path, "a.txt".into()).unwrap();
        let original = src.encoding.encode(&src.text);
        std::fs::write(&path, "甲,乙,丙").unwrap(); // someone else edits it
        let err = write_atomic(&src, &original, "甲，乙").unwrap_err();
        assert!(matches!(err, WriteError::Changed(_)));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "甲,乙,丙");
        // Unchanged file: written, nothing else left in the directory.
        std::fs::write(&path, "甲,乙").unwrap();
        write_atomic(&src, &original, "甲，乙").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "甲，乙");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
