//! Rule settings: each rule's level and typed options, layered from
//! `rules/rules.toml` (embedded) and the user's files, plus the command
//! line's `--select`/`--ignore`.
//!
//! # Options are typed and strict
//! A rule that reads options declares an options struct next to the rule
//! (`options: MyOptions` in [`crate::declare_rule!`]):
//!
//! ```ignore
//! #[derive(Debug, Clone, Deserialize)]
//! #[serde(default, deny_unknown_fields)]
//! pub struct RepeatedPhraseOptions {
//!     /// Shortest phrase reported.
//!     pub min_chars: usize,
//! }
//! impl Default for RepeatedPhraseOptions { … }
//! ```
//!
//! Every layer is validated when it is loaded, key by key, so that an error
//! points at the place in the file: an unknown code (`[Q123]`), an unknown
//! key (`[R001] min_char = 5`), a level that is not `off`/`info`/`warn`/
//! `error`, or a value of the wrong type is an [`InvalidRulesFile`] (miette,
//! Chinese message, exit code 2). A section names only what it changes: a
//! section without `level` keeps the rule's level. After each layer the
//! merged options of every touched rule are deserialised once into the
//! rule's struct; rules read them with [`RuleSettings::options`], never
//! parsing TOML themselves.
//!
//! # Layering API (for configuration files)
//! A layer is `(path, text, sections)`, where `sections` is the per-rule part
//! of a TOML document deserialised as [`RawSections`] — codes to tables, with
//! spans into `text`. A configuration file that keeps rule sections under a
//! key of its own (a `gwlint.toml` with `[rules.R001]`, say) deserialises
//! that key as `RawSections` from the same text and calls
//! [`RuleSettings::merge_layer`]; `rules.toml`-shaped files use
//! [`RuleSettings::merge_text`]. Later layers win key by key;
//! [`RuleSettings::origin`] says which file (and where) set a value.
//!
//! ```
//! use gwlint::rules::settings::{RawSections, RuleSettings};
//! #[derive(serde::Deserialize)]
//! struct MyConfig {
//!     #[serde(default)]
//!     rules: RawSections,
//! }
//! let text = "[rules.R001]\nmin_chars = 4\n";
//! let cfg: MyConfig = toml::from_str(text).unwrap();
//! let mut settings = RuleSettings::builtin();
//! let warnings = settings.merge_layer("gwlint.toml", text, &cfg.rules).unwrap();
//! assert!(warnings.is_empty());
//! assert_eq!(settings.origin("R001", "min_chars").unwrap().path, "gwlint.toml");
//! ```

use std::any::Any;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::Severity;
use crate::error::{InvalidRulesFile, Warning};

use super::RuleMeta;

/// A severity or `off`, as written in `rules/rules.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Disabled.
    Off,
    /// Info.
    Info,
    /// Warning.
    Warn,
    /// Warning (alias).
    Warning,
    /// Error.
    Error,
}

impl Level {
    /// The severity, or `None` for off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warn | Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// One rule's section as written: keys and values with their spans.
pub type RawSection = BTreeMap<Spanned<String>, Spanned<toml::Value>>;

/// Per-rule sections keyed by code, as written, with spans into the text.
pub type RawSections = BTreeMap<Spanned<String>, Spanned<RawSection>>;

/// Where a configured value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file (as shown), or `rules/rules.toml` for the built-in layer.
    pub path: String,
    /// Byte range of the value in that file.
    pub span: Range<usize>,
}

/// A rule's options type, as declared with the rule. Built by
/// [`OptionsSpec::of`] in [`crate::declare_rule!`].
#[derive(Clone, Copy)]
pub struct OptionsSpec {
    /// The struct's field names (the keys a section may set).
    pub fields: fn() -> &'static [&'static str],
    /// Deserialises a table of options (missing keys take their defaults).
    pub parse: fn(toml::Value) -> Result<TypedOptions, toml::de::Error>,
}

impl std::fmt::Debug for OptionsSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OptionsSpec")
            .field("fields", &(self.fields)())
            .finish()
    }
}

impl OptionsSpec {
    /// The spec of options struct `T`.
    pub const fn of<T: DeserializeOwned + Default + Send + Sync + 'static>() -> Self {
        OptionsSpec {
            fields: fields_of::<T>,
            parse: parse_typed::<T>,
        }
    }
}

/// Deserialised options of one rule (a `T` behind `Any`).
#[derive(Clone)]
pub struct TypedOptions(Arc<dyn Any + Send + Sync>);

impl std::fmt::Debug for TypedOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TypedOptions(…)")
    }
}

fn parse_typed<T: DeserializeOwned + Send + Sync + 'static>(
    v: toml::Value,
) -> Result<TypedOptions, toml::de::Error> {
    let t: T = T::deserialize(v)?;
    Ok(TypedOptions(Arc::new(t)))
}

/// The field names of a struct deriving `Deserialize`, read from what the
/// derive passes to `deserialize_struct`.
fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    use std::cell::Cell;
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl serde::de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    struct Probe<'a>(&'a Cell<&'static [&'static str]>);
    impl<'de> serde::Deserializer<'de> for Probe<'_> {
        type Error = Stop;
        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0.set(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    let cell = Cell::new(&[][..]);
    let _ = T::deserialize(Probe(&cell));
    cell.get()
}

/// One rule's settings after every layer.
#[derive(Debug, Clone, Default)]
pub struct RuleSetting {
    /// Level, if any layer set one (else the rule's default).
    pub level: Option<Level>,
    /// Option values as written, merged over the layers.
    pub table: toml::Table,
    /// Where the level and each option came from (`"level"` for the level).
    pub origins: BTreeMap<String, Origin>,
    typed: Option<TypedOptions>,
}

/// All rule settings plus command-line selection.
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    /// Entries by code.
    pub rules: BTreeMap<String, RuleSetting>,
    /// `--select`: if non-empty, only these codes (or code prefixes) run, even default-off ones.
    pub select: Vec<String>,
    /// `--ignore`: codes or prefixes that never run.
    pub ignore: Vec<String>,
    /// `extend-select`: codes or prefixes that run in addition to the
    /// selection (even default-off ones); `ignore` still wins.
    pub extend_select: Vec<String>,
    /// Rules of the packs this run loads, `(code, name)`: a layer may set
    /// their `level` like a built-in rule's (they have no options). The
    /// built-in packs that run by default are always known; configuration
    /// adds the packs it loads before merging the user's layers.
    pub pack_rules: Vec<(&'static str, &'static str)>,
}

/// Turns serde's English into Chinese for the few messages a settings value
/// can produce (unchanged under `--lang en`).
pub fn zh(msg: &str) -> String {
    let mut s = msg.to_string();
    if crate::i18n::is_en() {
        return s;
    }
    for (en, cn) in [
        ("invalid type: ", "类型不对："),
        ("invalid value: ", "值不对："),
        (", expected ", "，应为"),
        ("expected ", "应为"),
        ("a sequence", "数组"),
        ("sequence", "数组"),
        ("a string", "字符串"),
        ("string", "字符串"),
        ("a boolean", "布尔值（true 或 false）"),
        ("boolean", "布尔值"),
        ("integer", "整数"),
        ("usize", "非负整数"),
        ("u32", "非负整数"),
        ("u64", "非负整数"),
        ("i64", "整数"),
        ("floating point", "小数"),
        ("a map", "表"),
        ("map", "表"),
    ] {
        s = s.replace(en, cn);
    }
    s
}

impl RuleSettings {
    /// The embedded `rules/rules.toml`.
    pub const DEFAULT_TOML: &'static str = include_str!("../../rules/rules.toml");
    /// The path shown for the embedded layer.
    pub const DEFAULT_PATH: &'static str = "rules/rules.toml";

    /// Parses a `rules.toml`-shaped text on its own (no layer below).
    pub fn from_toml(path: &str, text: &str) -> Result<Self, Box<InvalidRulesFile>> {
        let mut s = RuleSettings::default();
        s.merge_text(path, text)?;
        Ok(s)
    }

    /// The built-in defaults (parsed once per process).
    pub fn builtin() -> Self {
        static S: std::sync::OnceLock<RuleSettings> = std::sync::OnceLock::new();
        S.get_or_init(|| {
            let mut s = RuleSettings::default();
            s.merge_text(Self::DEFAULT_PATH, Self::DEFAULT_TOML)
                .unwrap_or_else(|e| {
                    panic!(
                        "rules/rules.toml is valid (checked by tests): {:?}",
                        miette::Report::new(*e)
                    )
                });
            s
        })
        .clone()
    }

    /// Makes the rules of `metas` (a run's packs) configurable by the
    /// layers merged after this call.
    pub fn know_pack_rules<'a>(&mut self, metas: impl IntoIterator<Item = &'a RuleMeta>) {
        for m in metas {
            if !self.pack_rules.iter().any(|(c, _)| *c == m.code) {
                self.pack_rules.push((m.code, m.name));
            }
        }
    }

    /// Parses a `rules.toml`-shaped text (codes at the top level) and merges
    /// it over these settings.
    pub fn merge_text(
        &mut self,
        path: &str,
        text: &str,
    ) -> Result<Vec<Warning>, Box<InvalidRulesFile>> {
        let sections: RawSections = crate::load::embedded::from_toml(text).map_err(|e| {
            Box::new(InvalidRulesFile::from_toml(
                std::path::Path::new(path),
                text.to_string(),
                &e,
            ))
        })?;
        self.merge_layer(path, text, &sections)
    }

    /// Validates one layer's per-rule sections and merges them over these
    /// settings. `text` is the file the spans point into. Settings of
    /// removed rules are dropped with a warning.
    pub fn merge_layer(
        &mut self,
        path: &str,
        text: &str,
        sections: &RawSections,
    ) -> Result<Vec<Warning>, Box<InvalidRulesFile>> {
        let invalid = |at: Range<usize>, reason: String, help: Option<String>| {
            Box::new(InvalidRulesFile {
                path: path.to_string(),
                src: miette::NamedSource::new(path, text.to_string()),
                at: Some((at.start, at.end.saturating_sub(at.start).max(1)).into()),
                reason,
                help,
            })
        };
        // A `level` that is not one of the four words, for built-in and
        // pack rules alike.
        let bad_level = |name: &str, value: &toml::Spanned<toml::Value>| {
            invalid(
                value.span(),
                crate::tr!(
                    "{name} 的级别 {} 无效",
                    "invalid level {} for {name}",
                    value.get_ref()
                ),
                Some(
                    crate::i18n::pick(
                        "级别应为 \"off\"、\"info\"、\"warn\" 或 \"error\"",
                        "the level is \"off\", \"info\", \"warn\" or \"error\"",
                    )
                    .into(),
                ),
            )
        };
        let mut warnings = Vec::new();
        // Validate everything first: a bad layer changes nothing.
        let mut staged: Vec<(&'static str, Option<&'static OptionsSpec>, &RawSection)> = Vec::new();
        for (code, section) in sections {
            let name = code.get_ref().as_str();
            let builtin = super::codes::TABLE.iter().find(|(c, _)| *c == name);
            let pack = match self.pack_rules.iter().find(|(c, _)| *c == name) {
                Some(&(c, _)) => Some(c),
                // Only for a code that is not a built-in rule's: the default
                // packs are compiled after the built-in rules' table.
                None if builtin.is_none() => super::packs::builtin_set()
                    .metas()
                    .find(|m| m.code == name)
                    .map(|m| m.code),
                None => None,
            };
            if let (None, Some(code_static)) = (builtin, pack) {
                // A pack rule: only its level (its matching lives in the pack,
                // guarded by the pack's self-tests).
                for (key, value) in section.get_ref() {
                    let k = key.get_ref().as_str();
                    if k != "level" {
                        return Err(invalid(
                            key.span(),
                            crate::tr!("规则包的规则 {name} 没有选项“{k}”", "pack rule {name} has no option “{k}”"),
                            Some(crate::i18n::pick("规则包的规则只能设置 level；要改它查找的文字、范围或次数，请改规则包（它的自测随之检验）", "a pack rule can only set level; to change what it finds, its scope or counts, change the pack (its self-tests check the change)").into()),
                        ));
                    }
                    if Level::deserialize(value.get_ref().clone()).is_err() {
                        return Err(bad_level(name, value));
                    }
                }
                staged.push((code_static, None, section.get_ref()));
                continue;
            }
            let Some(&(code_static, rule)) = builtin else {
                if let Some((old, what)) = super::codes::REMOVED.iter().find(|(c, _)| *c == name) {
                    // Renamed or removed codes warn instead of failing, so
                    // an office's old settings keep working.
                    warnings.push(Warning {
                        path: Some(path.to_string()),
                        message: crate::tr!(
                            "规则 {old} 已不存在（{what}），该设置被忽略",
                            "rule {old} no longer exists ({what}); the setting is ignored"
                        ),
                    });
                    continue;
                }
                return Err(invalid(
                    code.span(),
                    crate::tr!(
                        "没有代码为 {name} 的规则",
                        "there is no rule with the code {name}"
                    ),
                    Some(unknown_code_help(name)),
                ));
            };
            let spec = rule.info().options;
            let fields: &[&str] = spec.map_or(&[], |s| (s.fields)());
            for (key, value) in section.get_ref() {
                let k = key.get_ref().as_str();
                if k == "level" {
                    if Level::deserialize(value.get_ref().clone()).is_err() {
                        return Err(bad_level(name, value));
                    }
                    continue;
                }
                let Some(spec) = spec.filter(|_| fields.contains(&k)) else {
                    let help = if fields.is_empty() {
                        crate::tr!(
                            "{name} 没有选项，只能设置 level",
                            "{name} has no options; only level can be set"
                        )
                    } else {
                        crate::tr!(
                            "{name} 的选项：level、{}",
                            "options of {name}: level, {}",
                            fields.join(crate::i18n::pick("、", ", "))
                        )
                    };
                    return Err(invalid(
                        key.span(),
                        crate::tr!(
                            "规则 {name} 没有选项“{k}”",
                            "rule {name} has no option “{k}”"
                        ),
                        Some(help),
                    ));
                };
                let mut one = toml::Table::new();
                one.insert(k.to_string(), value.get_ref().clone());
                if let Err(e) = (spec.parse)(toml::Value::Table(one)) {
                    return Err(invalid(
                        value.span(),
                        crate::tr!(
                            "{name} 的选项“{k}”{}",
                            "option “{k}” of {name}: {}",
                            zh(e.message())
                        ),
                        Some(crate::tr!(
                            "用 gwlint rule {name} 查看这个选项的说明",
                            "gwlint rule {name} explains this option"
                        )),
                    ));
                }
            }
            staged.push((code_static, spec, section.get_ref()));
        }
        for (code, spec, section) in staged {
            let entry = self.rules.entry(code.to_string()).or_default();
            for (key, value) in section {
                let origin = Origin {
                    path: path.to_string(),
                    span: value.span(),
                };
                if key.get_ref() == "level" {
                    entry.level = Level::deserialize(value.get_ref().clone()).ok();
                } else {
                    entry
                        .table
                        .insert(key.get_ref().clone(), value.get_ref().clone());
                }
                entry.origins.insert(key.get_ref().clone(), origin);
            }
            if let Some(spec) = spec {
                let typed = (spec.parse)(toml::Value::Table(entry.table.clone())).map_err(|e| {
                    invalid(
                        sections
                            .keys()
                            .find(|k| k.get_ref() == code)
                            .map_or(0..0, |k| k.span()),
                        crate::tr!(
                            "{code} 的选项无效：{}",
                            "invalid options for {code}: {}",
                            zh(e.message())
                        ),
                        None,
                    )
                })?;
                entry.typed = Some(typed);
            }
        }
        Ok(warnings)
    }

    /// The typed options of rule `code` (its struct's defaults when no layer
    /// set any).
    pub fn options<T: Default + Send + Sync + 'static>(&self, code: &str) -> Arc<T> {
        self.rules
            .get(code)
            .and_then(|s| s.typed.as_ref())
            .and_then(|t| t.0.clone().downcast::<T>().ok())
            .unwrap_or_else(|| Arc::new(T::default()))
    }

    /// Where the value of `key` (an option, or `"level"`) of rule `code`
    /// came from.
    pub fn origin(&self, code: &str, key: &str) -> Option<&Origin> {
        self.rules.get(code)?.origins.get(key)
    }

    fn matches(list: &[String], code: &str, name: &str) -> bool {
        list.iter()
            .any(|s| s == "ALL" || code.starts_with(s.as_str()) || s == name)
    }

    /// The severity a rule runs at, or `None` when it does not run.
    pub fn effective(&self, meta: &RuleMeta) -> Option<Severity> {
        if Self::matches(&self.ignore, meta.code, meta.name) {
            return None;
        }
        let configured = self
            .rules
            .get(meta.code)
            .and_then(|s| s.level)
            .map(Level::severity);
        if Self::matches(&self.extend_select, meta.code, meta.name) {
            return Some(configured.flatten().unwrap_or(meta.severity));
        }
        if !self.select.is_empty() {
            if !Self::matches(&self.select, meta.code, meta.name) {
                return None;
            }
            // Selected explicitly: run even when off by default.
            return Some(configured.flatten().unwrap_or(meta.severity));
        }
        match configured {
            Some(level) => level,
            None => meta.enabled.then_some(meta.severity),
        }
    }
}

/// Whether `s` is written like a pack rule's code or code prefix (`U001`,
/// `U`, `ZW00`): a pack prefix and one to three digits, or `U`.
fn pack_like(s: &str) -> bool {
    let digits = s.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let prefix = &s[..s.len() - digits.len()];
    ((1..=3).contains(&digits.len()) || s == "U")
        && digits.bytes().all(|b| b.is_ascii_digit())
        && super::packs::valid_prefix(prefix)
}

/// The help for a rule code no loaded rule has: for a code in a pack's
/// namespace, where pack rules come from.
fn unknown_code_help(code: &str) -> String {
    if !pack_like(code) {
        return crate::i18n::pick(
            "用 gwlint rules 查看全部规则代码",
            "gwlint rules lists every rule code",
        )
        .into();
    }
    if let Some(r) = super::packs::all_builtin_rules()
        .iter()
        .find(|r| r.meta.code.starts_with(code))
    {
        return crate::tr!(
            "{code} 属于默认不运行的内置规则包 {}：在自己的规则包里写 include = [\"{}\"] 并加载它后才能使用", "{code} belongs to the built-in pack {}, which is off by default: write include = [\"{}\"] in a pack of your own and load it",
            r.pack, r.pack
        );
    }
    crate::tr!(
        "{code} 是规则包的代码，但本次检查没有加载定义它的规则包：用 packs = [\"目录\"]（gwlint.toml）或 --packs 目录 加载；gwlint rules --packs 目录 列出规则包的规则", "{code} is a pack code, but no pack defining it is loaded: load it with packs = [\"DIR\"] (gwlint.toml) or --packs DIR; gwlint rules --packs DIR lists a pack's rules"
    )
}

/// Checks a `--select`/`--ignore` list: every entry must be `ALL`, a rule
/// code or code prefix (`T`, `S00`, `T001`) or a rule name. `flag` is the
/// option as typed, for the message.
pub fn check_selectors(flag: &str, list: &[String]) -> miette::Result<()> {
    check_selectors_with(flag, list, &[])
}

/// Like [`check_selectors`], also accepting the rules of loaded packs
/// (`(code, name)` pairs).
pub fn check_selectors_with(
    flag: &str,
    list: &[String],
    extra: &[(&str, &str)],
) -> miette::Result<()> {
    for s in list {
        if let Err(hint) = selector_known(s, extra) {
            return Err(miette::miette!(
                code = "gwlint::unknown_rule_selector",
                help = hint,
                "{}",
                crate::tr!(
                    "{flag} 中的“{s}”不是规则代码、代码前缀或规则名称",
                    "“{s}” in {flag} is not a rule code, code prefix or rule name"
                )
            ));
        }
    }
    Ok(())
}

/// Whether `s` is `ALL`, a rule code or code prefix or a rule name (of the
/// built-in rules or `extra`); otherwise the help to show.
pub fn selector_known(s: &str, extra: &[(&str, &str)]) -> Result<(), String> {
    let known = s == "ALL"
        || super::codes::TABLE
            .iter()
            .any(|(code, rule)| code.starts_with(s) || rule.info().name == s)
        || extra
            .iter()
            .any(|(code, name)| code.starts_with(s) || *name == s);
    if known {
        return Ok(());
    }
    let hint = super::codes::TABLE
        .iter()
        .find(|(code, rule)| {
            code.eq_ignore_ascii_case(s) || rule.info().name.eq_ignore_ascii_case(s)
        })
        .map(|(code, _)| crate::tr!("是不是 {code}？", "did you mean {code}? "))
        .unwrap_or_default();
    if hint.is_empty() && pack_like(s) {
        return Err(unknown_code_help(s));
    }
    Err(crate::tr!(
        "{hint}用 gwlint rules 查看全部规则代码和名称；ALL 表示全部规则",
        "{hint}gwlint rules lists every rule code and name; ALL means every rule"
    ))
}

#[cfg(test)]
mod tests {
    /// `rules/rules.toml` read from its build-time form gives what `toml`
    /// gives, spans included.
    #[test]
    fn builtin_file_reads_as_toml_reads_it() {
        crate::load::embedded::assert_same::<super::RawSections>(super::RuleSettings::DEFAULT_TOML);
    }

    use super::*;

    fn err(text: &str) -> (String, String) {
        let mut s = RuleSettings::builtin();
        let e = s.merge_text("mine.toml", text).expect_err("invalid");
        let at = e.at.expect("points into the file");
        let shown = text[at.offset()..at.offset() + at.len()].to_string();
        (e.reason.clone(), shown)
    }

    #[test]
    fn unknown_keys_codes_levels_and_types_point_into_the_file() {
        let (reason, at) = err("[R001]\nmin_char = 5\n");
        assert_eq!(reason, "规则 R001 没有选项“min_char”");
        assert_eq!(at, "min_char");
        let (reason, at) = err("[T001]\nlevel = \"warn\"\nthreshold = 1\n");
        assert_eq!(reason, "规则 T001 没有选项“threshold”");
        assert_eq!(at, "threshold");
        let (reason, at) = err("[R001]\nmin_chars = \"五\"\n");
        assert!(
            reason.starts_with("R001 的选项“min_chars”类型不对"),
            "{reason}"
        );
        assert!(!reason.contains("expected"), "{reason}");
        assert_eq!(at, "\"五\"");
        let (reason, at) = err("[X004]\nname_suffixes = \"区县\"\n");
        assert!(reason.contains("数组"), "{reason}");
        assert_eq!(at, "\"区县\"");
        let (reason, at) = err("[Q123]\nlevel = \"warn\"\n");
        assert_eq!(reason, "没有代码为 Q123 的规则");
        assert_eq!(at, "Q123");
        let (reason, at) = err("[T001]\nlevel = \"loud\"\n");
        assert!(reason.contains("级别"), "{reason}");
        assert_eq!(at, "\"loud\"");
    }

    #[test]
    fn a_bad_layer_changes_nothing() {
        let mut s = RuleSettings::builtin();
        assert!(s
            .merge_text("mine.toml", "[R001]\nmin_chars = 5\n[T001]\nbad = 1\n")
            .is_err());
        assert_eq!(s.options::<crate::rules::typography::leftovers::repeated_phrase::RepeatedPhraseOptions>("R001").min_chars, 3);
    }

    #[test]
    fn sections_name_only_what_they_change_and_remember_where() {
        use crate::rules::targets::text_drift::TextDriftOptions;
        let mut s = RuleSettings::builtin();
        let before = s.options::<TextDriftOptions>("X004");
        assert!(before.name_suffixes.iter().any(|x| x == "园区"));
        // No `level`: the level stays; only function_chars changes.
        let w = s
            .merge_text("mine.toml", "[X004]\nfunction_chars = \"的\"\n")
            .unwrap();
        assert!(w.is_empty());
        let after = s.options::<TextDriftOptions>("X004");
        assert_eq!(after.function_chars, "的");
        assert_eq!(after.name_suffixes, before.name_suffixes);
        assert_eq!(s.rules["X004"].level, Some(Level::Warn));
        let o = s.origin("X004", "function_chars").unwrap();
        assert_eq!(o.path, "mine.toml");
        assert_eq!(
            &"[X004]\nfunction_chars = \"的\"\n"[o.span.clone()],
            "\"的\""
        );
        assert_eq!(
            s.origin("X004", "level").unwrap().path,
            RuleSettings::DEFAULT_PATH
        );
    }

    #[test]
    fn selectors_must_name_rules() {
        assert!(check_selectors("--select", &["T".into(), "S00".into(), "ALL".into()]).is_ok());
        assert!(check_selectors("--select", &["missing-lead-unit".into()]).is_ok());
        let e = check_selectors("--select", &["ZZZ".into()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--select 中的“ZZZ”不是规则代码、代码前缀或规则名称"
        );
        let e = check_selectors("--ignore", &["t001".into()]).unwrap_err();
        assert!(format!("{e:?}").contains("是不是 T001"), "{e:?}");
    }

    #[test]
    fn field_names_come_from_the_struct() {
        use crate::rules::targets::text_drift::TextDriftOptions;
        let spec = OptionsSpec::of::<TextDriftOptions>();
        assert_eq!((spec.fields)(), ["name_suffixes", "function_chars"]);
    }
}
