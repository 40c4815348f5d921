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
//! - A unit-name registry (`[jurisdiction]`, [`crate::names::Registry`]) is a
//!   pack of unit names: the same loader reads it (built-in ones from
//!   `rules/registries/`, files in a pack or registry directory, `include`),
//!   and its `[[test]]` cases run through [`selftest`] too, with the names
//!   rules ([`Pack::registries`], [`builtin_names`]).
//!
//! Built-in packs are embedded from `rules/packs/`. Codes live in a user
//! namespace that cannot collide with built-in codes: `U` or a prefix of two
//! to four capital letters whose first letter is not a built-in family
//! letter, followed by three digits (`U001`, `GF001`).

mod compile;
pub mod engine;
mod loader;
pub mod selftest;

use loader::{invalid, Loader, Origin};
pub use loader::{load_dir, load_dir_with, load_file, load_registry, pack_files, valid_prefix};

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use toml::Spanned;

use super::settings::Level;
use super::{Category, FixAvailability, RuleMeta};
use crate::diag::{Applicability, Severity};
use crate::error::InvalidRulesFile;
use crate::model::DocKind;
use crate::names::{Confusables, NameData, Registry};

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

/// The built-in unit-name registries, embedded from `rules/registries/`:
/// `(id, text)`. A registry file is a pack of unit names: it loads through
/// the same loader as the rule packs (built-in, `include`, directories).
pub const BUILTIN_REGISTRIES: &[(&str, &str)] = &[
    (
        "jinan-changqing",
        include_str!("../../../rules/registries/jinan-changqing.toml"),
    ),
    (
        "jinan-tianqiao",
        include_str!("../../../rules/registries/jinan-tianqiao.toml"),
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
        if crate::i18n::is_en() {
            return self.as_str();
        }
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

    /// Label for messages (`{scope}`) in the current language.
    pub fn label(self) -> &'static str {
        self.label_in(crate::i18n::is_en())
    }

    /// Label for messages (`{scope}`): English or Chinese.
    pub fn label_in(self, en: bool) -> &'static str {
        if en {
            return match self {
                Scope::Document => "document",
                Scope::Paragraph => "paragraph",
                Scope::Heading => "heading",
                Scope::Task => "task",
                Scope::Clause => "assignment clause",
                Scope::Lead => "list of lead units",
                Scope::Cell => "table cell",
            };
        }
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
    message_en: Option<String>,
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
    /// The codes of the findings, in any order: a registry's `[[test]]`
    /// (not written in packs).
    #[serde(skip)]
    Codes(Vec<String>),
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
    message_en: Option<Spanned<String>>,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    help_en: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    note_en: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    description_en: Option<String>,
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
    description_en: Option<String>,
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
    /// Message template (`{matched}`, `{preferred}`…), in the language of
    /// the run: `message_en` under `--lang en` when the pack gives one,
    /// otherwise `message` (so are help and note).
    pub message: String,
    /// Whether [`PackRule::message`] is the English one (`{scope}` and
    /// `{preferred}` are then filled in English).
    pub message_is_en: bool,
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
    /// Unit-name registries: registry files (`[jurisdiction]`) in the
    /// directory, or included by a pack.
    pub registries: Vec<Arc<Registry>>,
    /// `confusables.toml` files of the directory, extending the character
    /// table the registries are checked with.
    pub confusables: Vec<ConfusablesFile>,
}

/// A `confusables.toml` found with registries (validated when loaded).
#[derive(Debug, Clone)]
pub struct ConfusablesFile {
    /// The file as shown.
    pub path: String,
    /// Its text.
    pub text: String,
}

impl Pack {
    /// Adds the pack's character tables and registries to `names` (a
    /// registry with the id of a loaded one replaces it).
    pub fn add_names(&self, names: &mut NameData) -> Result<(), Box<InvalidRulesFile>> {
        for c in &self.confusables {
            names.add_confusables(&c.path, &c.text)?;
        }
        for r in &self.registries {
            names.add((**r).clone());
        }
        Ok(())
    }

    /// The built-in character table extended with this pack's tables: what
    /// its registries' self-tests run with.
    pub fn confusables(&self) -> Result<Arc<Confusables>, Box<InvalidRulesFile>> {
        let mut names = NameData::new(Arc::new(Confusables::builtin()));
        for c in &self.confusables {
            names.add_confusables(&c.path, &c.text)?;
        }
        Ok(names.confusables)
    }

    fn extend(&mut self, other: Pack) {
        self.rules.extend(other.rules);
        for r in other.registries {
            match self.registries.iter_mut().find(|x| x.id == r.id) {
                Some(slot) => *slot = r,
                None => self.registries.push(r),
            }
        }
        self.confusables.extend(other.confusables);
    }
}

/// Loads one built-in pack by name, without running its self-tests (the
/// test suite runs them). Each built-in pack is read once per process and
/// language (its messages are in the language of the run).
pub fn builtin(name: &str) -> Option<Pack> {
    static LOADED: [OnceLock<Vec<Pack>>; 2] = [OnceLock::new(), OnceLock::new()];
    let i = BUILTIN.iter().position(|(n, _)| *n == name)?;
    let all = LOADED[usize::from(crate::i18n::is_en())].get_or_init(|| {
        BUILTIN
            .iter()
            .map(|&(name, _)| {
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
                })
            })
            .collect()
    });
    Some(all[i].clone())
}

/// Loads one built-in registry by id, through the pack loader, without
/// running its self-tests (`cargo test` runs them; `gwlint test-rules`
/// too).
pub fn builtin_registry(id: &str) -> Option<Arc<Registry>> {
    let &(id, _) = BUILTIN_REGISTRIES.iter().find(|(n, _)| *n == id)?;
    let pack = Loader {
        run_tests: false,
        stack: Vec::new(),
    }
    .load(Origin::BuiltinRegistry(id))
    .unwrap_or_else(|e| {
        panic!(
            "built-in registry {id} is valid: {:?}",
            miette::Report::new(*e)
        )
    });
    pack.registries.into_iter().next()
}

/// The built-in registries and character table, loaded once per process
/// (jurisdiction detected): what [`crate::rules::data::Data::builtin`]
/// starts from.
pub fn builtin_names() -> NameData {
    static S: OnceLock<NameData> = OnceLock::new();
    S.get_or_init(|| {
        let mut names = NameData::new(Arc::new(Confusables::builtin()));
        for (id, _) in BUILTIN_REGISTRIES {
            if let Some(r) = builtin_registry(id) {
                names.add((*r).clone());
            }
        }
        names
    })
    .clone()
}

/// Every rule of every built-in pack (also the ones off by default) and
/// every built-in registry: what `gwlint test-rules` tests with no
/// directory.
pub fn all_builtin() -> Pack {
    Pack {
        name: crate::i18n::pick("内置", "built-in").into(),
        rules: all_builtin_rules(),
        default: true,
        registries: builtin_names().registries().to_vec(),
        confusables: Vec::new(),
    }
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

#[cfg(test)]
mod embedded_tests {
    use super::*;

    /// The built-in packs read from their build-time form give what `toml`
    /// gives, spans included (the loader's probe too).
    #[test]
    fn builtin_packs_read_as_toml_reads_them() {
        for (name, text) in BUILTIN {
            let in_files = crate::load::embedded::builtin_files().any(|(_, t)| t == *text);
            assert!(in_files, "{name}");
            crate::load::embedded::assert_same::<PackFile>(text);
        }
    }
}
