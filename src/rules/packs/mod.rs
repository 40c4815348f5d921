//! Rule packs: rules written as data (TOML) by a drafting office, without Rust.
//!
//! # Brief overview
//! A pack is a TOML file with a `[pack]` header (name, code prefix,
//! includes, rules switched off) and `[[rule]]` tables of six types —
//! `substitution`, `existence`, `consistency`, `conditional`, `occurrence`
//! and `pattern` — modelled on Vale and textlint/prh, adapted to Chinese:
//! no word boundaries, literal matching longest-first with explicit
//! exceptions, and regular expressions over a scope of the document model
//! (task, clause, heading, paragraph, table cell, document).
//!
//! - [`load_file`] / [`load_dir`] read, validate and self-test packs into a
//!   [`Pack`]; a pack whose self-tests fail is rejected with a miette report
//!   pointing into the TOML ([`InvalidRulesFile`]).
//! - [`PackSet::compile`] combines packs for a run: one aho-corasick
//!   automaton (leftmost-longest) for every literal of every rule, and one
//!   `RegexSet` per scope; [`engine`] runs it and yields ordinary
//!   [`crate::diag::Diagnostic`]s.
//! - [`selftest`] runs the `[[rule.test]]` cases (also for `gwlint test-rules`).
//!
//! Built-in packs are embedded from `rules/packs/`. Codes live in a user
//! namespace that cannot collide with built-in codes: `U` or a prefix of two
//! to four capital letters whose first letter is not a built-in family
//! letter, followed by three digits (`U001`, `GF001`).

pub mod engine;
pub mod selftest;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use toml::Spanned;

use super::settings::Level;
use super::{Category, FixAvailability, RuleMeta};
use crate::diag::{Applicability, Severity};
use crate::error::InvalidRulesFile;
use crate::model::DocKind;

pub use engine::PackSet;

/// The built-in packs: `(name, text)`, embedded from `rules/packs/`.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "formulations",
        include_str!("../../../rules/packs/formulations.toml"),
    ),
    (
        "placeholders",
        include_str!("../../../rules/packs/placeholders.toml"),
    ),
];

/// Commented templates printed by `gwlint new-rule TYPE`: `(type, text)`.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "substitution",
        include_str!("../../../rules/templates/substitution.toml"),
    ),
    (
        "existence",
        include_str!("../../../rules/templates/existence.toml"),
    ),
    (
        "consistency",
        include_str!("../../../rules/templates/consistency.toml"),
    ),
    (
        "conditional",
        include_str!("../../../rules/templates/conditional.toml"),
    ),
    (
        "occurrence",
        include_str!("../../../rules/templates/occurrence.toml"),
    ),
    (
        "pattern",
        include_str!("../../../rules/templates/pattern.toml"),
    ),
];

/// A rule's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleType {
    /// Observed → preferred, with exceptions.
    Substitution,
    /// Expressions that must not appear.
    Existence,
    /// Spellings of which only one may be used across the checked files.
    Consistency,
    /// If A appears in a scope, B must appear in it too.
    Conditional,
    /// At most / at least N matches in a scope.
    Occurrence,
    /// A regular expression that must (or must not) match in a scope.
    Pattern,
}

impl RuleType {
    /// The name as written in TOML.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleType::Substitution => "substitution",
            RuleType::Existence => "existence",
            RuleType::Consistency => "consistency",
            RuleType::Conditional => "conditional",
            RuleType::Occurrence => "occurrence",
            RuleType::Pattern => "pattern",
        }
    }

    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            RuleType::Substitution => "替换（substitution）",
            RuleType::Existence => "禁用（existence）",
            RuleType::Consistency => "统一（consistency）",
            RuleType::Conditional => "条件（conditional）",
            RuleType::Occurrence => "次数（occurrence）",
            RuleType::Pattern => "模式（pattern）",
        }
    }

    /// The fields of a `[[rule]]` this type reads beyond the common ones.
    fn fields(self) -> &'static [&'static str] {
        match self {
            RuleType::Substitution => &["swap", "exceptions"],
            RuleType::Existence => &["tokens", "entries", "exceptions", "replacement"],
            RuleType::Consistency => &["sets"],
            RuleType::Conditional => &["if", "then"],
            RuleType::Occurrence => &["count", "max", "min"],
            RuleType::Pattern => &["regex", "must"],
        }
    }
}

/// The part of a document a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// The whole file.
    #[default]
    Document,
    /// Each running-text paragraph.
    Paragraph,
    /// Each heading line.
    Heading,
    /// Each numbered task (its whole body, clause included).
    Task,
    /// Each responsibility clause (`（牵头单位：…；责任单位：…）`).
    Clause,
    /// Each clause's list of lead units.
    Lead,
    /// Each cell of a Markdown or `|`-separated table row.
    Cell,
}

impl Scope {
    /// Every scope, in order.
    pub const ALL: [Scope; 7] = [
        Scope::Document,
        Scope::Paragraph,
        Scope::Heading,
        Scope::Task,
        Scope::Clause,
        Scope::Lead,
        Scope::Cell,
    ];

    /// Chinese label, for messages (`{scope}`).
    pub fn label(self) -> &'static str {
        match self {
            Scope::Document => "文件",
            Scope::Paragraph => "段落",
            Scope::Heading => "标题",
            Scope::Task => "任务",
            Scope::Clause => "责任分工括注",
            Scope::Lead => "牵头单位名单",
            Scope::Cell => "表格单元格",
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Scope::Document => "document",
            Scope::Paragraph => "paragraph",
            Scope::Heading => "heading",
            Scope::Task => "task",
            Scope::Clause => "clause",
            Scope::Lead => "lead",
            Scope::Cell => "cell",
        }
    }
}

/// Whether a `pattern` rule's regex must or must not match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Must {
    /// Every unit of the scope must contain a match.
    Match,
    /// Every match is a finding.
    NotMatch,
}

/// The fix a rule offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FixKind {
    /// No fix.
    #[default]
    None,
    /// Applied by `--fix`: only for replacements that cannot change meaning.
    Safe,
    /// Applied with `--unsafe-fixes`.
    Unsafe,
}

/// A string to find: a literal (matched by the shared automaton) or a
/// regular expression (`{ regex = "…" }`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Matcher {
    /// Exact text.
    Literal(String),
    /// A regular expression (Rust `regex` syntax).
    Regex {
        /// The expression.
        regex: String,
    },
}

impl Matcher {
    fn shown(&self) -> &str {
        match self {
            Matcher::Literal(s) => s,
            Matcher::Regex { regex } => regex,
        }
    }
}

/// One or several strings (`"a"` or `["a", "b"]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// An `existence` entry with its own message.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryDef {
    text: Matcher,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    replacement: Option<String>,
}

/// What a self-test expects.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Expect {
    /// The number of findings.
    Count(usize),
    /// The matched text of each finding, in order.
    Texts(Vec<String>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestDef {
    text: Spanned<String>,
    expect: Expect,
    #[serde(default)]
    fixed: Option<String>,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    kind: Option<DocKind>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    code: Spanned<String>,
    name: Spanned<String>,
    #[serde(rename = "type")]
    kind: RuleType,
    #[serde(default)]
    severity: Option<Level>,
    #[serde(default)]
    category: Option<Category>,
    message: Spanned<String>,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    scope: Option<Scope>,
    #[serde(default)]
    fix: Option<FixKind>,
    #[serde(default)]
    not_after: Option<String>,
    #[serde(default)]
    not_before: Option<String>,
    #[serde(default)]
    swap: Option<BTreeMap<String, OneOrMany>>,
    #[serde(default)]
    exceptions: Option<Vec<String>>,
    #[serde(default)]
    tokens: Option<Vec<Matcher>>,
    #[serde(default)]
    entries: Option<Vec<EntryDef>>,
    #[serde(default)]
    replacement: Option<String>,
    #[serde(default)]
    sets: Option<Vec<Vec<String>>>,
    #[serde(default, rename = "if")]
    first: Option<Vec<Matcher>>,
    #[serde(default)]
    then: Option<Vec<Matcher>>,
    #[serde(default)]
    count: Option<Vec<Matcher>>,
    #[serde(default)]
    max: Option<usize>,
    #[serde(default)]
    min: Option<usize>,
    #[serde(default)]
    regex: Option<Spanned<String>>,
    #[serde(default)]
    must: Option<Must>,
    #[serde(default)]
    test: Vec<Spanned<TestDef>>,
}

impl RuleDef {
    /// The type-specific fields this rule sets.
    fn present(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        let mut add = |set: bool, name: &'static str| {
            if set {
                v.push(name)
            }
        };
        add(self.swap.is_some(), "swap");
        add(self.exceptions.is_some(), "exceptions");
        add(self.tokens.is_some(), "tokens");
        add(self.entries.is_some(), "entries");
        add(self.replacement.is_some(), "replacement");
        add(self.sets.is_some(), "sets");
        add(self.first.is_some(), "if");
        add(self.then.is_some(), "then");
        add(self.count.is_some(), "count");
        add(self.max.is_some(), "max");
        add(self.min.is_some(), "min");
        add(self.regex.is_some(), "regex");
        add(self.must.is_some(), "must");
        v
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackHeader {
    name: Spanned<String>,
    prefix: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    /// Built-in packs only: whether the pack runs without being named.
    #[serde(default = "yes")]
    default: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    pack: PackHeader,
    #[serde(default)]
    rule: Vec<Spanned<RuleDef>>,
}

/// What a compiled rule checks.
#[derive(Debug, Clone)]
pub enum Kind {
    /// `observed → preferred` pairs and exceptions (longer correct strings).
    Substitution {
        /// Observed text and the preferred forms.
        swaps: Vec<(String, Vec<String>)>,
        /// Longer strings containing an observed one that are correct.
        exceptions: Vec<String>,
    },
    /// Expressions that must not appear.
    Existence {
        /// Each expression, its own message and replacement (if any).
        entries: Vec<(Matcher, Option<String>, Option<String>)>,
        /// Longer strings that are correct.
        exceptions: Vec<String>,
    },
    /// Sets of spellings of which only one may be used.
    Consistency {
        /// The sets.
        sets: Vec<Vec<String>>,
    },
    /// If one of `first` matches in a scope, one of `then` must too.
    Conditional {
        /// The condition.
        first: Vec<Matcher>,
        /// What must then appear.
        then: Vec<Matcher>,
    },
    /// Bounds on the number of matches in a scope.
    Occurrence {
        /// What is counted.
        count: Vec<Matcher>,
        /// At least.
        min: Option<usize>,
        /// At most.
        max: Option<usize>,
    },
    /// A regex that must or must not match.
    Pattern {
        /// The expression.
        regex: String,
        /// Must or must not.
        must: Must,
    },
}

/// A self-test case of a rule.
#[derive(Debug, Clone)]
pub struct TestCase {
    /// The text checked (as a file named [`TestCase::file`]).
    pub text: String,
    /// The file name the text is checked as (`自测.txt` by default; `.md` for Markdown).
    pub file: String,
    /// Forced document kind.
    pub kind: Option<DocKind>,
    /// What is expected.
    pub expect: Expect,
    /// The text after applying every fix, if given.
    pub fixed: Option<String>,
    /// The case's span in the pack file.
    pub span: Range<usize>,
}

/// Where a rule was written.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// The pack file as shown (`rules/packs/formulations.toml`).
    pub path: String,
    /// The file's text.
    pub text: Arc<String>,
    /// The `[[rule]]` table's span.
    pub span: Range<usize>,
}

impl RuleSource {
    /// 1-based line of a byte offset.
    pub fn line_of(&self, at: usize) -> usize {
        self.text[..at.min(self.text.len())].matches('\n').count() + 1
    }

    /// An error pointing at `at` in this file.
    pub fn error(
        &self,
        at: Range<usize>,
        reason: String,
        help: Option<String>,
    ) -> InvalidRulesFile {
        invalid(&self.path, &self.text, at, reason, help)
    }
}

/// A rule of a pack, validated and ready to compile.
#[derive(Debug, Clone)]
pub struct PackRule {
    /// Registry metadata (code and name in the user namespace).
    pub meta: RuleMeta,
    /// The pack's name.
    pub pack: String,
    /// Type.
    pub rule_type: RuleType,
    /// What it checks.
    pub kind: Kind,
    /// Scope.
    pub scope: Scope,
    /// Message template (`{matched}`, `{preferred}`…).
    pub message: String,
    /// Help line.
    pub help: Option<String>,
    /// Note (`依据：…`).
    pub note: Option<String>,
    /// Fix offered.
    pub fix: Option<Applicability>,
    /// Context guard: a match right after a character matching this is ignored.
    pub not_after: Option<regex::Regex>,
    /// Context guard: a match right before a character matching this is ignored.
    pub not_before: Option<regex::Regex>,
    /// Self-tests.
    pub tests: Vec<TestCase>,
    /// Where it was written.
    pub source: RuleSource,
}

/// Rules loaded from one pack file or directory, includes resolved.
#[derive(Debug, Clone, Default)]
pub struct Pack {
    /// Name (the `[pack] name` of the first file).
    pub name: String,
    /// Rules, in file order.
    pub rules: Vec<Arc<PackRule>>,
    /// Whether a built-in pack runs by default.
    pub default: bool,
}

/// The placeholders a message may use.
const PLACEHOLDERS: &[&str] = &[
    "matched",
    "preferred",
    "count",
    "min",
    "max",
    "then",
    "scope",
];

fn invalid(
    path: &str,
    text: &str,
    at: Range<usize>,
    reason: String,
    help: Option<String>,
) -> InvalidRulesFile {
    InvalidRulesFile {
        path: path.to_string(),
        src: miette::NamedSource::new(path, text.to_string()),
        at: Some((at.start, at.end.saturating_sub(at.start).max(1)).into()),
        reason,
        help,
    }
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// Whether `prefix` is a valid pack prefix: `U`, or 2–4 capital letters not
/// starting with a built-in family letter.
pub fn valid_prefix(prefix: &str) -> bool {
    let caps = prefix.chars().all(|c| c.is_ascii_uppercase());
    if prefix == "U" {
        return true;
    }
    caps && (2..=4).contains(&prefix.len()) && !super::codes::FAMILY_LETTERS.contains(&prefix[..1])
}

/// Where the loader is reading from: a built-in pack or a file on disk.
#[derive(Debug, Clone)]
enum Origin {
    Builtin(&'static str),
    File(PathBuf),
}

struct Loader {
    run_tests: bool,
    stack: Vec<String>,
}

impl Loader {
    fn load(&mut self, origin: Origin) -> Result<Pack, Box<InvalidRulesFile>> {
        let (shown, text) = match &origin {
            Origin::Builtin(name) => {
                let text = BUILTIN
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, t)| t.to_string())
                    .unwrap_or_default();
                (format!("rules/packs/{name}.toml"), text)
            }
            Origin::File(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| {
                    Box::new(InvalidRulesFile {
                        path: p.display().to_string(),
                        src: miette::NamedSource::new(p.display().to_string(), String::new()),
                        at: None,
                        reason: format!("无法读取规则包：{e}"),
                        help: None,
                    })
                })?;
                (p.display().to_string(), text)
            }
        };
        if self.stack.contains(&shown) {
            return Err(Box::new(invalid(
                &shown,
                &text,
                0..0,
                format!("规则包循环包含：{} → {shown}", self.stack.join(" → ")),
                None,
            )));
        }
        self.stack.push(shown.clone());
        let r = self.load_text(&origin, &shown, text);
        self.stack.pop();
        r
    }

    fn load_text(
        &mut self,
        origin: &Origin,
        shown: &str,
        text: String,
    ) -> Result<Pack, Box<InvalidRulesFile>> {
        let text = Arc::new(text);
        let file: PackFile = toml::from_str(&text).map_err(|e| {
            Box::new(InvalidRulesFile::from_toml(
                Path::new(shown),
                text.to_string(),
                &e,
            ))
        })?;
        let err = |at: Range<usize>, reason: String, help: Option<String>| {
            Box::new(invalid(shown, &text, at, reason, help))
        };
        let header = &file.pack;
        let prefix = header.prefix.get_ref().as_str();
        if !valid_prefix(prefix) {
            return Err(err(
                header.prefix.span(),
                format!("规则包的代码前缀“{prefix}”无效"),
                Some(format!(
                    "前缀应为 U，或 2 到 4 个大写字母且首字母不是内置规则的族字母（{}），例如 GF、ZW",
                    super::codes::FAMILY_LETTERS
                )),
            ));
        }
        let mut rules: Vec<Arc<PackRule>> = Vec::new();
        // Includes first: a pack extends what it includes.
        for inc in &header.include {
            let name = inc.get_ref().as_str();
            let target = if let Some(b) = BUILTIN.iter().find(|(n, _)| *n == name) {
                Origin::Builtin(b.0)
            } else {
                let base = match origin {
                    Origin::File(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
                    Origin::Builtin(_) => PathBuf::from("rules/packs"),
                };
                let p = base.join(name);
                if !p.is_file() {
                    return Err(err(
                        inc.span(),
                        format!("找不到要包含的规则包“{name}”"),
                        Some(format!(
                            "写内置规则包的名称（{}），或相对于本文件的路径",
                            BUILTIN
                                .iter()
                                .map(|(n, _)| *n)
                                .collect::<Vec<_>>()
                                .join("、")
                        )),
                    ));
                }
                Origin::File(p)
            };
            rules.extend(self.load(target)?.rules);
        }
        let source_of = |span: Range<usize>| RuleSource {
            path: shown.to_string(),
            text: text.clone(),
            span,
        };
        let mut own: Vec<Arc<PackRule>> = Vec::new();
        for def in &file.rule {
            let span = def.span();
            let rule = compile_rule(def.get_ref(), header, source_of(span))?;
            if rules
                .iter()
                .chain(&own)
                .any(|r| r.meta.code == rule.meta.code)
            {
                return Err(err(
                    def.get_ref().code.span(),
                    format!("规则代码 {} 重复", rule.meta.code),
                    None,
                ));
            }
            if rules
                .iter()
                .chain(&own)
                .any(|r| r.meta.name == rule.meta.name)
            {
                return Err(err(
                    def.get_ref().name.span(),
                    format!("规则名称 {} 重复", rule.meta.name),
                    None,
                ));
            }
            own.push(Arc::new(rule));
        }
        if self.run_tests {
            for r in &own {
                selftest::check_rule(r)?;
            }
        }
        rules.extend(own);
        for off in &header.disable {
            let code = off.get_ref().as_str();
            let before = rules.len();
            rules.retain(|r| r.meta.code != code && r.meta.name != code);
            if rules.len() == before {
                return Err(err(
                    off.span(),
                    format!("disable 中的“{code}”不是本包或所含规则包的规则"),
                    None,
                ));
            }
        }
        Ok(Pack {
            name: header.name.get_ref().clone(),
            rules,
            default: header.default,
        })
    }
}

fn compile_rule(
    def: &RuleDef,
    header: &PackHeader,
    source: RuleSource,
) -> Result<PackRule, Box<InvalidRulesFile>> {
    let err = |at: Range<usize>, reason: String, help: Option<String>| {
        Box::new(source.error(at, reason, help))
    };
    let whole = source.span.clone();
    let prefix = header.prefix.get_ref().as_str();
    let code = def.code.get_ref().as_str();
    let digits = code.strip_prefix(prefix).unwrap_or("");
    if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err(
            def.code.span(),
            format!("规则代码“{code}”应为本包前缀 {prefix} 加三位数字"),
            Some(format!("例如 {prefix}001；前缀在 [pack] 的 prefix 中设定")),
        ));
    }
    let name = def.name.get_ref().as_str();
    let kebab = !name.is_empty()
        && name.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !kebab {
        return Err(err(
            def.name.span(),
            format!("规则名称“{name}”应为小写英文单词加连字符（kebab-case）"),
            Some("名称说明问题本身，例如 wrong-formulation".into()),
        ));
    }
    if super::codes::find(name).is_some() {
        return Err(err(
            def.name.span(),
            format!("规则名称“{name}”与内置规则重名"),
            None,
        ));
    }
    // Only the fields of this type.
    let allowed = def.kind.fields();
    if let Some(extra) = def.present().into_iter().find(|f| !allowed.contains(f)) {
        return Err(err(
            whole.clone(),
            format!("{} 类型的规则 {code} 不能有“{extra}”", def.kind.as_str()),
            Some(format!("这一类型可用：{}", allowed.join("、"))),
        ));
    }
    let message = def.message.get_ref();
    let mut rest = message.as_str();
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let Some(j) = after.find('}') else { break };
        let ph = &after[..j];
        if !PLACEHOLDERS.contains(&ph) {
            return Err(err(
                def.message.span(),
                format!("消息里的占位符“{{{ph}}}”无效"),
                Some(format!("可用：{}", PLACEHOLDERS.join("、"))),
            ));
        }
        rest = &after[j + 1..];
    }
    let check_regex = |m: &Matcher| -> Result<(), Box<InvalidRulesFile>> {
        if let Matcher::Regex { regex } = m {
            if let Err(e) = regex::Regex::new(regex) {
                return Err(err(
                    whole.clone(),
                    format!("规则 {code} 的正则表达式“{regex}”无效：{e}"),
                    None,
                ));
            }
        }
        if let Matcher::Literal(s) = m {
            if s.is_empty() {
                return Err(err(whole.clone(), format!("规则 {code} 有空字符串"), None));
            }
        }
        Ok(())
    };
    let need = |v: bool, field: &str| -> Result<(), Box<InvalidRulesFile>> {
        if v {
            Ok(())
        } else {
            Err(err(
                whole.clone(),
                format!("{} 类型的规则 {code} 需要“{field}”", def.kind.as_str()),
                None,
            ))
        }
    };
    let scope = def.scope.unwrap_or_default();
    let kind = match def.kind {
        RuleType::Substitution => {
            let swaps: Vec<(String, Vec<String>)> = def
                .swap
                .iter()
                .flatten()
                .map(|(k, v)| {
                    let v = match v {
                        OneOrMany::One(s) => vec![s.clone()],
                        OneOrMany::Many(v) => v.clone(),
                    };
                    (k.clone(), v)
                })
                .collect();
            need(!swaps.is_empty(), "swap")?;
            for (k, v) in &swaps {
                check_regex(&Matcher::Literal(k.clone()))?;
                if v.is_empty() || v.iter().any(|p| p == k) {
                    return Err(err(
                        whole.clone(),
                        format!("规则 {code} 的“{k}”没有不同于它的应改写法"),
                        None,
                    ));
                }
            }
            let exceptions = def.exceptions.clone().unwrap_or_default();
            for e in &exceptions {
                if !swaps.iter().any(|(k, _)| e.contains(k.as_str()) && e != k) {
                    return Err(err(
                        whole.clone(),
                        format!("规则 {code} 的例外“{e}”不包含任何要替换的写法"),
                        Some("例外是包含被替换写法、本身正确的更长字符串".into()),
                    ));
                }
            }
            Kind::Substitution { swaps, exceptions }
        }
        RuleType::Existence => {
            let mut entries: Vec<(Matcher, Option<String>, Option<String>)> = def
                .tokens
                .iter()
                .flatten()
                .map(|m| (m.clone(), None, def.replacement.clone()))
                .collect();
            for e in def.entries.iter().flatten() {
                entries.push((e.text.clone(), e.message.clone(), e.replacement.clone()));
            }
            need(!entries.is_empty(), "tokens 或 entries")?;
            for (m, _, _) in &entries {
                check_regex(m)?;
            }
            Kind::Existence {
                entries,
                exceptions: def.exceptions.clone().unwrap_or_default(),
            }
        }
        RuleType::Consistency => {
            let sets = def.sets.clone().unwrap_or_default();
            need(!sets.is_empty(), "sets")?;
            for s in &sets {
                if s.len() < 2 || s.iter().any(String::is_empty) {
                    return Err(err(
                        whole.clone(),
                        format!("规则 {code} 的每组写法至少要有两个非空的写法"),
                        None,
                    ));
                }
            }
            if scope != Scope::Document {
                return Err(err(
                    whole.clone(),
                    format!("consistency 类型的规则 {code} 总是在全部被检查的文件中统一，不能设置 scope"),
                    None,
                ));
            }
            Kind::Consistency { sets }
        }
        RuleType::Conditional => {
            let first = def.first.clone().unwrap_or_default();
            let then = def.then.clone().unwrap_or_default();
            need(!first.is_empty(), "if")?;
            need(!then.is_empty(), "then")?;
            for m in first.iter().chain(&then) {
                check_regex(m)?;
            }
            Kind::Conditional { first, then }
        }
        RuleType::Occurrence => {
            let count = def.count.clone().unwrap_or_default();
            need(!count.is_empty(), "count")?;
            need(def.min.is_some() || def.max.is_some(), "max 或 min")?;
            for m in &count {
                check_regex(m)?;
            }
            Kind::Occurrence {
                count,
                min: def.min,
                max: def.max,
            }
        }
        RuleType::Pattern => {
            need(def.regex.is_some(), "regex")?;
            let re = def.regex.as_ref().expect("checked");
            if let Err(e) = regex::Regex::new(re.get_ref()) {
                return Err(err(re.span(), format!("正则表达式无效：{e}"), None));
            }
            Kind::Pattern {
                regex: re.get_ref().clone(),
                must: def.must.unwrap_or(Must::NotMatch),
            }
        }
    };
    let fix = match def.fix.unwrap_or_default() {
        FixKind::None => None,
        FixKind::Safe => Some(Applicability::Safe),
        FixKind::Unsafe => Some(Applicability::Unsafe),
    };
    let fixable = match &kind {
        Kind::Substitution { .. } | Kind::Consistency { .. } => true,
        Kind::Existence { entries, .. } => entries.iter().any(|(_, _, r)| r.is_some()),
        _ => false,
    };
    if fix.is_some() && !fixable {
        return Err(err(
            whole.clone(),
            format!("规则 {code} 没有可用的替换文字，不能设置 fix"),
            Some(
                "只有 substitution、consistency 和写了 replacement 的 existence 规则能修复".into(),
            ),
        ));
    }
    let guard =
        |g: &Option<String>, field: &str| -> Result<Option<regex::Regex>, Box<InvalidRulesFile>> {
            g.as_ref()
                .map(|g| {
                    regex::Regex::new(&format!("^(?:{g})$")).map_err(|e| {
                        err(
                            whole.clone(),
                            format!("规则 {code} 的 {field}“{g}”不是有效的正则表达式：{e}"),
                            None,
                        )
                    })
                })
                .transpose()
        };
    let not_after = guard(&def.not_after, "not_after")?;
    let not_before = guard(&def.not_before, "not_before")?;
    let level = def.severity.unwrap_or(Level::Warn);
    let severity = level.severity();
    let tests = def
        .test
        .iter()
        .map(|t| {
            let t_ref = t.get_ref();
            TestCase {
                text: t_ref.text.get_ref().clone(),
                file: t_ref.file.clone().unwrap_or_else(|| "自测.txt".into()),
                kind: t_ref.kind,
                expect: t_ref.expect.clone(),
                fixed: t_ref.fixed.clone(),
                span: t.span(),
            }
        })
        .collect::<Vec<_>>();
    if tests.is_empty() {
        return Err(err(
            def.code.span(),
            format!("规则 {code} 没有自测"),
            Some(
                "至少写一个会触发的 [[rule.test]]（expect = 1）和一个不触发的（expect = 0）".into(),
            ),
        ));
    }
    if !tests
        .iter()
        .any(|t| t.expect != Expect::Count(0) && t.expect != Expect::Texts(vec![]))
    {
        return Err(err(
            def.code.span(),
            format!("规则 {code} 的自测里没有会触发的例子"),
            Some("加一个 expect 不为 0 的 [[rule.test]]".into()),
        ));
    }
    let description = def
        .description
        .clone()
        .unwrap_or_else(|| default_description(&kind, scope));
    let doc = rule_doc(def, header, &description, &source, &tests);
    let meta = RuleMeta {
        code: leak(code),
        name: leak(name),
        family: "pack",
        category: def.category.unwrap_or(Category::Style),
        severity: severity.unwrap_or(Severity::Warning),
        enabled: severity.is_some(),
        fix: if fix.is_some() {
            FixAvailability::Sometimes
        } else {
            FixAvailability::None
        },
        summary: description,
        doc: leak(&doc),
        messages: vec![message.clone()],
        fix_titles: Vec::new(),
    };
    Ok(PackRule {
        meta,
        pack: header.name.get_ref().clone(),
        rule_type: def.kind,
        kind,
        scope,
        message: message.clone(),
        help: def.help.clone(),
        note: def.note.clone(),
        fix,
        not_after,
        not_before,
        tests,
        source,
    })
}

fn quoted(list: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    list.into_iter()
        .map(|s| format!("“{}”", s.as_ref()))
        .collect::<Vec<_>>()
        .join("、")
}

fn default_description(kind: &Kind, scope: Scope) -> String {
    let few = |v: Vec<String>| {
        let n = v.len();
        let mut s = quoted(v.iter().take(3));
        if n > 3 {
            s.push_str(&format!("等 {n} 个"));
        }
        s
    };
    match kind {
        Kind::Substitution { swaps, .. } => {
            format!(
                "应改写的写法：{}",
                few(swaps.iter().map(|(k, _)| k.clone()).collect())
            )
        }
        Kind::Existence { entries, .. } => format!(
            "不应出现的文字：{}",
            few(entries
                .iter()
                .map(|(m, _, _)| m.shown().to_string())
                .collect())
        ),
        Kind::Consistency { sets } => format!(
            "同一组写法只能用一种：{}",
            sets.iter()
                .map(|s| s.join("/"))
                .collect::<Vec<_>>()
                .join("；")
        ),
        Kind::Conditional { first, then } => format!(
            "{}中出现{}时，必须也有{}",
            scope.label(),
            quoted(first.iter().map(Matcher::shown)),
            quoted(then.iter().map(Matcher::shown))
        ),
        Kind::Occurrence { count, min, max } => {
            let mut s = format!(
                "每个{}中{}出现的次数",
                scope.label(),
                quoted(count.iter().map(Matcher::shown))
            );
            if let Some(m) = min {
                s.push_str(&format!("不少于 {m} 次"));
            }
            if let Some(m) = max {
                if min.is_some() {
                    s.push('、');
                }
                s.push_str(&format!("不多于 {m} 次"));
            }
            s
        }
        Kind::Pattern { regex, must } => match must {
            Must::Match => format!("每个{}都必须匹配 {regex}", scope.label()),
            Must::NotMatch => format!("{}中不得出现匹配 {regex} 的文字", scope.label()),
        },
    }
}

/// The explanation `gwlint rule CODE` prints for a pack rule, in the
/// built-in rules' template.
fn rule_doc(
    def: &RuleDef,
    header: &PackHeader,
    description: &str,
    source: &RuleSource,
    tests: &[TestCase],
) -> String {
    let mut s = format!("## 检查内容\n{description}\n\n## 为什么\n");
    match &def.note {
        Some(n) => s.push_str(&format!("{n}\n")),
        None => s.push_str("由规则包定义。\n"),
    }
    if !header.description.is_empty() {
        s.push_str(&format!(
            "\n规则包“{}”：{}\n",
            header.name.get_ref(),
            header.description
        ));
    }
    let firing = tests
        .iter()
        .find(|t| t.expect != Expect::Count(0) && t.expect != Expect::Texts(vec![]));
    let clean = tests
        .iter()
        .find(|t| t.expect == Expect::Count(0) || t.expect == Expect::Texts(vec![]));
    if let Some(t) = firing {
        s.push_str(&format!("\n## 示例\n```text\n{}\n```\n", t.text.trim_end()));
        if let Some(f) = &t.fixed {
            s.push_str(&format!("\n## 应改为\n```text\n{}\n```\n", f.trim_end()));
        } else if let Some(c) = clean {
            s.push_str(&format!(
                "\n## 应改为\n```text\n{}\n```\n",
                c.text.trim_end()
            ));
        }
    }
    s.push_str(&format!(
        "\n## 配置\n类型：{}；范围：{}（{}）；定义在 {}:{}：\n```toml\n{}\n```\n",
        def.kind.label(),
        def.scope.unwrap_or_default().as_str(),
        def.scope.unwrap_or_default().label(),
        source.path,
        source.line_of(source.span.start),
        source.text[source.span.clone()].trim_end()
    ));
    s
}

/// Loads one pack file (its includes resolved) and runs its self-tests.
pub fn load_file(path: &Path) -> Result<Pack, miette::Report> {
    Loader {
        run_tests: true,
        stack: Vec::new(),
    }
    .load(Origin::File(path.to_path_buf()))
    .map_err(|e| miette::Report::new(*e))
}

/// The `*.toml` files directly in a directory, sorted (or the path itself
/// when it is a file).
pub fn pack_files(path: &Path) -> Result<Vec<PathBuf>, miette::Report> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let rd = std::fs::read_dir(path).map_err(|e| {
        miette::miette!(
            code = "gwlint::unreadable_packs",
            "无法读取规则包目录 {}：{e}",
            path.display()
        )
    })?;
    let mut files: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Loads every pack file in a directory (or one file) into one [`Pack`],
/// running self-tests: what configuration (`--packs DIR`, a `gwlint.toml`
/// key) calls. A pack whose self-tests fail is an error pointing into its
/// TOML.
pub fn load_dir(path: &Path) -> Result<Pack, miette::Report> {
    load_dir_with(path, true).map_err(|e| miette::Report::new(*e))
}

/// Like [`load_dir`]; with `run_tests = false` the self-tests are left to
/// the caller (`gwlint test-rules` reports them one by one).
pub fn load_dir_with(path: &Path, run_tests: bool) -> Result<Pack, Box<InvalidRulesFile>> {
    let files = pack_files(path).map_err(|e| {
        Box::new(InvalidRulesFile {
            path: path.display().to_string(),
            src: miette::NamedSource::new(path.display().to_string(), String::new()),
            at: None,
            reason: e.to_string(),
            help: None,
        })
    })?;
    let mut pack = Pack {
        name: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        rules: Vec::new(),
        default: true,
    };
    for f in files {
        let p = Loader {
            run_tests,
            stack: Vec::new(),
        }
        .load(Origin::File(f))?;
        for r in p.rules {
            match pack.rules.iter().find(|x| x.meta.code == r.meta.code) {
                // A rule included by two files of the directory counts once.
                Some(x) if x.source.path == r.source.path && x.source.span == r.source.span => {}
                Some(x) => {
                    return Err(Box::new(r.source.error(
                        r.source.span.clone(),
                        format!("规则代码 {} 已由 {} 定义", r.meta.code, x.source.path),
                        Some("同一目录里的规则包不能用同一个代码".into()),
                    )))
                }
                None => pack.rules.push(r),
            }
        }
    }
    Ok(pack)
}

/// Loads one built-in pack by name, without running its self-tests (the
/// test suite runs them).
pub fn builtin(name: &str) -> Option<Pack> {
    let &(name, _) = BUILTIN.iter().find(|(n, _)| *n == name)?;
    Some(
        Loader {
            run_tests: false,
            stack: Vec::new(),
        }
        .load(Origin::Builtin(name))
        .unwrap_or_else(|e| {
            panic!(
                "built-in pack {name} is valid: {:?}",
                miette::Report::new(*e)
            )
        }),
    )
}

/// The built-in packs that run by default.
pub fn default_packs() -> Vec<Pack> {
    BUILTIN
        .iter()
        .filter_map(|(n, _)| builtin(n))
        .filter(|p| p.default)
        .collect()
}

/// The built-in packs that run by default, compiled once per process.
pub fn builtin_set() -> Arc<PackSet> {
    static S: OnceLock<Arc<PackSet>> = OnceLock::new();
    S.get_or_init(|| {
        Arc::new(PackSet::compile(&default_packs()).unwrap_or_else(|e| panic!("{e:?}")))
    })
    .clone()
}

/// Every rule of every built-in pack (also the ones off by default), for
/// listings.
pub fn all_builtin_rules() -> Vec<Arc<PackRule>> {
    let mut seen = BTreeSet::new();
    BUILTIN
        .iter()
        .filter_map(|(n, _)| builtin(n))
        .flat_map(|p| p.rules)
        .filter(|r| seen.insert(r.meta.code))
        .collect()
}
