//! The baseline file: findings a repository already has, to hide so that a
//! CI job fails only on new ones.
//!
//! An entry is keyed by its [`fingerprint`](super::fingerprint) — rule code,
//! file path (`/` separators), the flagged text and a little context on its
//! line — never by line numbers, so editing elsewhere in a file keeps every
//! entry valid. Identical findings on identical text are counted (`-1`,
//! `-2` suffixes), so a third copy of a known defect is new.
//!
//! The file is JSON, versioned (`schema`, `version`), with entries sorted by
//! file, code and fingerprint and no time stamps: writing the same findings
//! twice gives the same bytes, and a diff of the file shows exactly which
//! findings came and went.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::fingerprint::{context, fingerprints};
use super::Diagnostic;
use crate::load::SourceFile;

/// `schema` of a baseline file.
pub const SCHEMA: &str = "gwlint-baseline";
/// The format version this build reads and writes.
pub const VERSION: u32 = 1;

/// One known finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file as shown (`/` separators).
    pub file: String,
    /// Rule code.
    pub code: String,
    /// The fingerprint (the key).
    pub fingerprint: String,
    /// The flagged text, for people reading the file.
    #[serde(default)]
    pub text: String,
    /// The message when it was recorded, for people reading the file.
    #[serde(default)]
    pub message: String,
}

/// A baseline file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Format version ([`VERSION`]).
    pub version: u32,
    /// The gwlint version that wrote it (informative).
    #[serde(default)]
    pub tool_version: String,
    /// Known findings, sorted.
    pub findings: Vec<Entry>,
}

/// A baseline file that cannot be used, pointing into it.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{}", crate::tr!("基线文件无效：{}", "invalid baseline file: {}", .path))]
#[diagnostic(
    code(gwlint::invalid_baseline),
    help(
        "{}",
        crate::tr!(
            "用 gwlint check … --write-baseline {} 重新生成",
            "write it again with gwlint check … --write-baseline {}",
            .path
        )
    )
)]
pub struct InvalidBaseline {
    /// The file's path.
    pub path: String,
    /// The file's text.
    #[source_code]
    pub src: miette::NamedSource<String>,
    /// Where.
    #[label("{reason}")]
    pub at: Option<miette::SourceSpan>,
    /// Why.
    pub reason: String,
}

/// What applying a baseline did.
#[derive(Debug, Default)]
pub struct Applied {
    /// Findings kept (not in the baseline), in their order.
    pub kept: Vec<Diagnostic>,
    /// How many were hidden.
    pub hidden: usize,
    /// Entries for files of this run that no longer match any finding.
    pub stale: Vec<Entry>,
}

fn flagged(src: &SourceFile, d: &Diagnostic) -> String {
    context(src, &d.primary.span).1.to_string()
}

impl Baseline {
    /// The baseline of a run's findings.
    pub fn of(sources: &[SourceFile], diags: &[Diagnostic]) -> Baseline {
        let fps = fingerprints(sources, diags);
        let mut findings: Vec<Entry> = diags
            .iter()
            .zip(fps)
            .map(|(d, fingerprint)| {
                let src = &sources[d.primary.file];
                Entry {
                    file: src.name.replace('\\', "/"),
                    code: d.code.to_string(),
                    fingerprint,
                    text: flagged(src, d),
                    message: d.message.to_string(),
                }
            })
            .collect();
        findings.sort();
        Baseline {
            schema: SCHEMA.to_string(),
            version: VERSION,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            findings,
        }
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a baseline serialises");
        s.push('\n');
        s
    }

    /// Reads a baseline file's text; `path` is shown in errors.
    pub fn from_json(path: &str, text: &str) -> Result<Baseline, Box<InvalidBaseline>> {
        let err = |at: Option<miette::SourceSpan>, reason: String| {
            Box::new(InvalidBaseline {
                path: path.to_string(),
                src: miette::NamedSource::new(path, text.to_string()),
                at,
                reason,
            })
        };
        let b: Baseline = serde_json::from_str(text).map_err(|e| {
            let at = offset_of(text, e.line(), e.column());
            err(Some((at, 1).into()), json_reason(&e))
        })?;
        let find = |needle: &str| text.find(needle).map(|i| (i, needle.len()).into());
        if b.schema != SCHEMA {
            return Err(err(
                find(&format!("\"{}\"", b.schema)),
                crate::tr!("schema 应为 “{SCHEMA}”", "schema should be “{SCHEMA}”"),
            ));
        }
        if b.version != VERSION {
            return Err(err(
                find("\"version\""),
                crate::tr!(
                    "基线格式版本 {}，本版 gwlint 只读版本 {VERSION}",
                    "baseline format version {}; this gwlint reads only version {VERSION}",
                    b.version
                ),
            ));
        }
        Ok(b)
    }

    /// Splits `diags` into findings not in the baseline and hidden ones;
    /// lists the entries for files of `sources` that matched nothing.
    pub fn apply(&self, sources: &[SourceFile], diags: Vec<Diagnostic>) -> Applied {
        let mut known: HashMap<&str, usize> = HashMap::new();
        for e in &self.findings {
            *known.entry(e.fingerprint.as_str()).or_default() += 1;
        }
        let fps = fingerprints(sources, &diags);
        let mut out = Applied::default();
        for (d, fp) in diags.into_iter().zip(fps) {
            match known.get_mut(fp.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    out.hidden += 1;
                }
                _ => out.kept.push(d),
            }
        }
        // What is left of an entry's count matched nothing: stale, when its
        // file was checked in this run (a run over part of a repository
        // says nothing about the other files).
        let checked: BTreeSet<String> = sources.iter().map(|s| s.name.replace('\\', "/")).collect();
        for e in &self.findings {
            if !checked.contains(&e.file) {
                continue;
            }
            if let Some(n) = known.get_mut(e.fingerprint.as_str()).filter(|n| **n > 0) {
                *n -= 1;
                out.stale.push(e.clone());
            }
        }
        out
    }

    /// The baseline without `stale` entries.
    pub fn without(&self, stale: &[Entry]) -> Baseline {
        let mut drop: Vec<&Entry> = stale.iter().collect();
        let findings = self
            .findings
            .iter()
            .filter(|e| match drop.iter().position(|s| *s == *e) {
                Some(i) => {
                    drop.swap_remove(i);
                    false
                }
                None => true,
            })
            .cloned()
            .collect();
        Baseline {
            findings,
            ..self.clone()
        }
    }
}

/// Byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let at = (start + column.saturating_sub(1)).min(text.len().saturating_sub(1));
    crate::load::floor_char_boundary(text, at)
}

fn json_reason(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    // serde_json appends " at line L column C": the label shows the place.
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            crate::tr!("不是有效的 JSON（{msg}）", "not valid JSON ({msg})")
        }
        _ => crate::tr!(
            "不是 gwlint 基线格式（{msg}）",
            "not in gwlint's baseline format ({msg})"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_files_point_into_the_text() {
        let e = Baseline::from_json(
            "b.json",
            "{\"schema\": \"gwlint-baseline\", \"version\": 1,",
        )
        .unwrap_err();
        assert!(e.reason.contains("JSON"), "{}", e.reason);
        let e = Baseline::from_json(
            "b.json",
            "{\"schema\": \"gwlint-baseline\", \"version\": 9, \"findings\": []}",
        )
        .unwrap_err();
        assert!(e.reason.contains('9'), "{}", e.reason);
        let e = Baseline::from_json(
            "b.json",
            "{\"schema\": \"other\", \"version\": 1, \"findings\": []}",
        )
        .unwrap_err();
        let at = e.at.unwrap();
        assert_eq!(
            &"{\"schema\": \"other\""[at.offset()..at.offset() + at.len()],
            "\"other\""
        );
        let e = Baseline::from_json(
            "b.json",
            "{\"schema\": \"gwlint-baseline\", \"version\": 1, \"findings\": [{\"file\": 3}]}",
        )
        .unwrap_err();
        assert!(e.reason.contains("基线格式"), "{}", e.reason);
    }
}
