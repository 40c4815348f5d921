//! Self-tests of pack rules: each `[[rule.test]]` text is parsed as a file
//! of its own and checked with only that rule; the findings must be what
//! `expect` says (a count, or the matched texts in order) and, when `fixed`
//! is given, applying every fix must give exactly that text.
//!
//! A pack whose self-tests fail is rejected when it loads ([`check_rule`]);
//! `gwlint test-rules` runs them one by one and reports ([`run_rule`]).

use std::sync::Arc;

use super::{Expect, PackRule, PackSet, TestCase};
use crate::diag::Diagnostic;
use crate::error::InvalidRulesFile;
use crate::load::SourceFile;
use crate::parse::ParseOptions;
use crate::rules::data::Data;
use crate::rules::Context;

/// The outcome of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// The case.
    pub case: TestCase,
    /// `None` when it passed; else why not (Chinese, one line).
    pub failure: Option<String>,
    /// What was found (matched texts).
    pub found: Vec<String>,
}

/// Runs one rule over one case's text.
fn run_case(set: &PackSet, code: &str, case: &TestCase) -> (Vec<Diagnostic>, SourceFile) {
    let src = SourceFile::from_text(&case.file, &case.text);
    let doc = crate::parse::parse(0, &src, &ParseOptions { kind: case.kind });
    let mut data = Data::default();
    data.settings.select = vec![code.to_string()];
    let sources = [src];
    let docs = [doc];
    let cx = Context::new(&sources, &docs, &[], &data);
    let mut diags = set.run(&cx, &data.settings);
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let [src] = sources;
    (diags, src)
}

/// Applies every fix (safe or not) whose edits do not overlap an earlier one.
fn apply(text: &str, diags: &[Diagnostic]) -> String {
    let mut edits: Vec<&crate::diag::Edit> = Vec::new();
    for d in diags {
        let Some(f) = &d.fix else { continue };
        if f.edits.iter().any(|e| {
            edits
                .iter()
                .any(|x| e.span.start < x.span.end && x.span.start < e.span.end)
        }) {
            continue;
        }
        edits.extend(&f.edits);
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut s = text.to_string();
    for e in edits {
        s.replace_range(e.span.clone(), &e.replacement);
    }
    s
}

/// Runs every case of a rule.
pub fn run_rule(rule: &Arc<PackRule>) -> Vec<CaseResult> {
    let set = PackSet::build(vec![rule.clone()]);
    rule.tests
        .iter()
        .map(|case| {
            let (diags, src) = run_case(&set, rule.meta.code, case);
            let found: Vec<String> = diags
                .iter()
                .map(|d| src.text[d.primary.span.clone()].to_string())
                .collect();
            let mut failure = match &case.expect {
                Expect::Count(n) if *n != diags.len() => {
                    Some(format!("预期 {n} 处，实际 {} 处", diags.len()))
                }
                Expect::Texts(v) if *v != found => {
                    Some(format!("预期找到 {}，实际找到 {}", list(v), list(&found)))
                }
                _ => None,
            };
            if failure.is_none() {
                if let Some(want) = &case.fixed {
                    let got = apply(&case.text, &diags);
                    if &got != want {
                        failure = Some(format!("修复后是“{got}”，预期“{want}”"));
                    }
                }
            }
            CaseResult {
                case: case.clone(),
                failure,
                found,
            }
        })
        .collect()
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        return "（无）".into();
    }
    v.iter()
        .map(|s| format!("“{s}”"))
        .collect::<Vec<_>>()
        .join("、")
}

/// The first failing case of a rule as an error pointing at the case in the
/// pack file.
pub fn check_rule(rule: &Arc<PackRule>) -> Result<(), Box<InvalidRulesFile>> {
    for r in run_rule(rule) {
        if let Some(why) = r.failure {
            return Err(Box::new(failure_error(rule, &r.case, &why, &r.found)));
        }
    }
    Ok(())
}

/// The error for a failed case.
pub fn failure_error(
    rule: &PackRule,
    case: &TestCase,
    why: &str,
    found: &[String],
) -> InvalidRulesFile {
    rule.source.error(
        case.span.clone(),
        format!("规则 {} 的自测失败：{why}", rule.meta.code),
        Some(format!(
            "实际找到：{}。改正规则或自测后再加载这个规则包（gwlint test-rules 列出全部自测）",
            list(found)
        )),
    )
}
