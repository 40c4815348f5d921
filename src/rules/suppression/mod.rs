//! Suppression rules (M) and the pass that applies suppression markers.
//!
//! Markers are parsed with the document ([`crate::parse::suppress`]); this
//! pass runs after every rule: it drops findings on marker lines (a marker is
//! not document text), drops findings a marker or Word comment suppresses,
//! and reports what suppressed nothing (M001) or names no rule (M002). A
//! suppressed finding is gone for every output format, for `--fix` (its fix
//! is not applied) and for the language server.

/// One rule; its explanation is the doc comment of the struct inside.
pub mod unknown_suppression_code;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod unused_suppression;

use crate::diag::Diagnostic;
use crate::model::{Document, Span, Suppression, SuppressionKind};
use crate::rules::{codes, Context, RuleMeta, RuleSettings};

/// Codes of the rules of this family: their findings are never suppressed
/// nor dropped from marker lines (they are about the markers).
pub fn is_own(code: &str) -> bool {
    matches!(code, "M001" | "M002")
}

/// Whether `selector` names the rule `code`/`name`, as `--select` does:
/// `ALL`, a code prefix or a rule name.
pub fn names(selector: &str, code: &str, name: &str) -> bool {
    selector == "ALL" || code.starts_with(selector) || selector == name
}

/// Whether `selector` names any rule of the run (built-in or pack).
fn known(cx: &Context, selector: &str) -> bool {
    codes::registry()
        .iter()
        .map(|(m, _)| m)
        .chain(cx.data.packs.metas())
        .any(|m| names(selector, m.code, m.name))
}

/// Whether `selector` names a rule that runs with `settings`.
fn runs(cx: &Context, settings: &RuleSettings, selector: &str) -> bool {
    codes::registry()
        .iter()
        .map(|(m, _)| m)
        .chain(cx.data.packs.metas())
        .any(|m| names(selector, m.code, m.name) && settings.effective(m).is_some())
}

fn covers(s: &Suppression, d: &Diagnostic) -> bool {
    let p = &d.primary.span;
    match s.kind {
        // The end is inclusive: a finding may point just after a line's
        // last character (a missing full stop).
        SuppressionKind::NextLine | SuppressionKind::Block => {
            !s.scope.is_empty() && s.scope.start <= p.start && p.start <= s.scope.end
        }
        SuppressionKind::Comment => {
            if p.is_empty() || s.scope.is_empty() {
                s.scope.start <= p.end && p.start <= s.scope.end
            } else {
                s.scope.start < p.end && p.start < s.scope.end
            }
        }
    }
}

fn suppresses(s: &Suppression, d: &Diagnostic) -> bool {
    s.selector
        .as_deref()
        .is_none_or(|sel| names(sel, d.code, d.name))
        && covers(s, d)
}

/// The meta of a rule of this family when it runs with `settings`.
fn active(settings: &RuleSettings, code: &str) -> Option<RuleMeta> {
    let (m, _) = codes::find(code)?;
    let sev = settings.effective(m)?;
    let mut m = m.clone();
    m.severity = sev;
    Some(m)
}

/// Applies the documents' suppressions to `out`, the findings of every
/// rule, and adds M001/M002 findings for the markers.
pub fn apply(cx: &Context, settings: &RuleSettings, out: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let by_file: std::collections::HashMap<usize, &Document> = cx
        .docs
        .iter()
        .filter(|d| !d.suppressions.is_empty())
        .map(|d| (d.file, d))
        .collect();
    if by_file.is_empty() {
        return out;
    }
    let mut used: std::collections::HashMap<usize, Vec<bool>> = by_file
        .iter()
        .map(|(f, d)| (*f, vec![false; d.suppressions.entries.len()]))
        .collect();
    // In place: a file with millions of findings is not copied.
    let mut out = out;
    out.retain(|d| {
        let file = d.primary.file;
        let Some(doc) = by_file.get(&file) else {
            return true;
        };
        if is_own(d.code) {
            return true;
        }
        let s = &doc.suppressions;
        if s.on_marker_line(d.primary.span.start) {
            return false;
        }
        let mut hit = false;
        let flags = used.get_mut(&file).expect("one flag per entry");
        for (k, e) in s.entries.iter().enumerate() {
            if suppresses(e, d) {
                flags[k] = true;
                hit = true;
            }
        }
        !hit
    });
    let mut kept = out;
    let unused = active(settings, "M001");
    let unknown = active(settings, "M002");
    let mut files: Vec<_> = by_file.into_iter().collect();
    files.sort_by_key(|(f, _)| *f);
    for (file, doc) in files {
        let src = &cx.sources[file];
        let s = &doc.suppressions;
        let flags = &used[&file];
        // Marker lines all of whose selectors are unused (their fix deletes
        // the line).
        let all_unused = |line: &Span| {
            s.entries
                .iter()
                .zip(flags)
                .filter(|(e, _)| e.kind != SuppressionKind::Comment && line_has(line, &e.at))
                .all(|(e, &u)| !u && e.selector.as_deref().is_none_or(|sel| known(cx, sel)))
        };
        for (e, &was_used) in s.entries.iter().zip(flags) {
            let sel = e.selector.as_deref();
            if let Some(sel) = sel.filter(|sel| !known(cx, sel)) {
                if let Some(m) = &unknown {
                    kept.push(unknown_suppression_code::report(m, file, e, sel));
                }
                continue;
            }
            if was_used {
                continue;
            }
            let Some(m) = &unused else { continue };
            let ran = sel.is_none_or(|sel| runs(cx, settings, sel));
            let line = s.lines.iter().find(|l| line_has(l, &e.at));
            let delete = line
                .filter(|l| all_unused(l))
                .map(|l| whole_line(&src.text, l));
            kept.push(unused_suppression::report(m, file, e, ran, delete));
        }
        if let Some(m) = &unused {
            for at in &s.stray_enables {
                kept.push(unused_suppression::stray_enable(m, file, at.clone()));
            }
        }
    }
    kept
}

fn line_has(line: &Span, at: &Span) -> bool {
    line.start <= at.start && at.end <= line.end
}

/// A line with its line break (or the break before it, at the end).
fn whole_line(text: &str, line: &Span) -> Span {
    let rest = &text[line.end..];
    if rest.starts_with("\r\n") {
        line.start..line.end + 2
    } else if rest.starts_with('\n') || rest.starts_with('\r') {
        line.start..line.end + 1
    } else if line.start > 0 {
        let before = &text[..line.start];
        let k = if before.ends_with("\r\n") { 2 } else { 1 };
        line.start - k..line.end
    } else {
        line.clone()
    }
}
