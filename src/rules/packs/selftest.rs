//! Self-tests of packs: each `[[rule.test]]` text is parsed as a file of
//! its own and checked with only that rule; the findings must be what
//! `expect` says (a count, or the matched texts in order) and, when `fixed`
//! is given, applying every fix must give exactly that text.
//!
//! A registry is a pack of unit names: each of its `[[test]]` texts is
//! checked through the whole check stage (parse, link, rules) with that
//! registry forced and the names rules that run by default; the codes
//! found must be `expect` (in any order), and `fixed` the text after every
//! fix.
//!
//! A pack whose self-tests fail is rejected when it loads ([`check_rule`],
//! [`check_registry`]); `gwlint test-rules` runs them one by one and
//! reports ([`run_rule`], [`run_registry`]).

use std::sync::Arc;

use super::{Expect, PackRule, PackSet, TestCase};
use crate::diag::Diagnostic;
use crate::error::InvalidRulesFile;
use crate::load::SourceFile;
use crate::names::{Confusables, Jurisdiction, NameData, Registry};
use crate::parse::ParseOptions;
use crate::rules::data::Data;
use crate::rules::{codes, Context, RuleSettings};

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

/// Applies every fix (safe or not) whose edits do not overlap an earlier
/// one, as `--fix --unsafe-fixes` does (an insertion takes one byte).
fn apply(text: &str, diags: &[Diagnostic]) -> String {
    let wide = |e: &crate::diag::Edit| (e.span.start, e.span.end.max(e.span.start + 1));
    let mut edits: Vec<&crate::diag::Edit> = Vec::new();
    for d in diags {
        let Some(f) = &d.fix else { continue };
        let own: Vec<&crate::diag::Edit> = f.edits.iter().collect();
        let clash = own.iter().enumerate().any(|(i, e)| {
            let (s, w) = wide(e);
            edits.iter().chain(&own[..i]).any(|x| {
                let (xs, xw) = wide(x);
                s < xw && xs < w
            })
        });
        if clash {
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
                Expect::Count(n) if *n != diags.len() => Some(crate::tr!(
                    "预期 {n} 处，实际 {} 处",
                    "expected {n}, found {}",
                    diags.len()
                )),
                Expect::Texts(v) if *v != found => Some(crate::tr!(
                    "预期找到 {}，实际找到 {}",
                    "expected {}, found {}",
                    list(v),
                    list(&found)
                )),
                _ => None,
            };
            if failure.is_none() {
                if let Some(want) = &case.fixed {
                    let got = apply(&case.text, &diags);
                    if &got != want {
                        failure = Some(crate::tr!(
                            "修复后是“{got}”，预期“{want}”",
                            "after fixing: “{got}”, expected “{want}”"
                        ));
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
        return crate::i18n::pick("（无）", "(none)").into();
    }
    v.iter()
        .map(|s| format!("“{s}”"))
        .collect::<Vec<_>>()
        .join(crate::i18n::pick("、", ", "))
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
        crate::tr!("规则 {} 的自测失败：{why}", "self-test of rule {} failed: {why}", rule.meta.code),
        Some(crate::tr!("实际找到：{}。改正规则或自测后再加载这个规则包（gwlint test-rules 列出全部自测）", "found: {}. Correct the rule or the test before loading this pack (gwlint test-rules lists every self-test)",
            list(found)
        )),
    )
}

/// Runs one registry case through the check stage: parse, link (the names
/// rules read links), every selected rule.
fn run_registry_case(data: &Data, case: &TestCase) -> (Vec<Diagnostic>, SourceFile) {
    let src = SourceFile::from_text(&case.file, &case.text);
    let doc = crate::parse::parse(0, &src, &ParseOptions { kind: case.kind });
    let sources = [src];
    let docs = [doc];
    let links = if crate::rules::reads_links(&data.settings) {
        crate::link::link(&sources, &docs, &data.targets)
    } else {
        Vec::new()
    };
    let cx = Context::new(&sources, &docs, &links, data);
    let diags = crate::rules::run(&cx, &data.settings);
    let [src] = sources;
    (diags, src)
}

/// A registry's `[[test]]` cases as self-test cases.
pub fn registry_cases(reg: &Registry) -> Vec<TestCase> {
    reg.tests
        .iter()
        .map(|t| TestCase {
            text: t.text.clone(),
            file: "自检.txt".into(),
            kind: None,
            expect: Expect::Codes(t.expect.clone()),
            fixed: t.fixed.clone(),
            span: t.span.clone(),
        })
        .collect()
}

/// The first expected code that is not a names rule's, with the place of
/// its `expect` in the file.
fn bad_expected_code(reg: &Registry) -> Option<(String, std::ops::Range<usize>)> {
    reg.tests.iter().find_map(|t| {
        t.expect
            .iter()
            .find(|code| {
                !codes::find(code).is_some_and(|(m, _)| m.family == "names" && m.code == *code)
            })
            .map(|c| (c.clone(), t.expect_span.clone()))
    })
}

fn not_a_names_code(code: &str) -> String {
    crate::tr!(
        "“{code}”不是单位名称规则的代码（N001…）",
        "“{code}” is not the code of a unit name rule (N001…)"
    )
}

/// Runs every case of a registry, with that registry forced, the character
/// table `conf` and the names rules that run by default (nothing else).
pub fn run_registry(reg: &Arc<Registry>, conf: &Arc<Confusables>) -> Vec<CaseResult> {
    let mut names = NameData::new(conf.clone());
    names.add((**reg).clone());
    names.jurisdiction = Jurisdiction::Fixed(reg.id.clone());
    let mut settings = RuleSettings::builtin();
    settings.select = codes::registry()
        .iter()
        .filter(|(m, _)| m.family == "names" && m.enabled)
        .map(|(m, _)| m.code.to_string())
        .collect();
    let data = Data {
        settings,
        names,
        ..Data::default()
    };
    registry_cases(reg)
        .into_iter()
        .map(|case| {
            let Expect::Codes(want) = &case.expect else {
                unreachable!("registry cases expect codes")
            };
            if let Some(code) = want.iter().find(|c| {
                !codes::find(c).is_some_and(|(m, _)| m.family == "names" && m.code == c.as_str())
            }) {
                return CaseResult {
                    failure: Some(not_a_names_code(code)),
                    found: Vec::new(),
                    case,
                };
            }
            let (diags, src) = run_registry_case(&data, &case);
            let mut got: Vec<&str> = diags.iter().map(|d| d.code).collect();
            let mut want: Vec<&str> = want.iter().map(String::as_str).collect();
            got.sort_unstable();
            want.sort_unstable();
            let mut failure = (got != want).then(|| {
                crate::tr!(
                    "单位名录自检失败：期望 [{}]，实际 [{}]", "unit registry self-test failed: expected [{}], found [{}]",
                    want.join(", "),
                    got.join(", ")
                )
            });
            if failure.is_none() {
                if let Some(expected) = &case.fixed {
                    let after = apply(&src.text, &diags);
                    if &after != expected {
                        failure = Some(crate::tr!(
                            "单位名录自检失败：修复后应为“{expected}”，实际为“{after}”", "unit registry self-test failed: after fixing, expected “{expected}”, got “{after}”"
                        ));
                    }
                }
            }
            CaseResult {
                failure,
                found: diags
                    .iter()
                    .map(|d| format!("{} {}", d.code, d.message))
                    .collect(),
                case,
            }
        })
        .collect()
}

/// A registry's self-tests: the first failure is an error pointing at the
/// case's text in the registry file (an expected code that is not a names
/// rule's, at its `expect`, before any case runs).
pub fn check_registry(
    reg: &Arc<Registry>,
    conf: &Arc<Confusables>,
) -> Result<(), Box<InvalidRulesFile>> {
    if let Some((code, at)) = bad_expected_code(reg) {
        return Err(Box::new(registry_error(
            reg,
            at,
            not_a_names_code(&code),
            None,
        )));
    }
    for r in run_registry(reg, conf) {
        if let Some(why) = r.failure {
            return Err(Box::new(registry_failure_error(
                reg, &r.case, &why, &r.found,
            )));
        }
    }
    Ok(())
}

fn registry_error(
    reg: &Registry,
    at: std::ops::Range<usize>,
    reason: String,
    help: Option<String>,
) -> InvalidRulesFile {
    InvalidRulesFile {
        path: reg.path.clone(),
        src: miette::NamedSource::new(reg.path.clone(), reg.source.clone()),
        at: Some((at.start, at.len().max(1)).into()),
        reason,
        help,
    }
}

/// The error for a failed registry case: `found` lists `CODE message`.
pub fn registry_failure_error(
    reg: &Registry,
    case: &TestCase,
    why: &str,
    found: &[String],
) -> InvalidRulesFile {
    let help = if found.is_empty() {
        crate::i18n::pick("实际没有任何发现", "but nothing was found").to_string()
    } else {
        crate::tr!("实际发现：{}", "found: {}", found.join("；"))
    };
    registry_error(reg, case.span.clone(), why.to_string(), Some(help))
}
