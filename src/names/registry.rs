//! One jurisdiction's registry of unit names (`rules/registries/*.toml`).
//!
//! The file format is documented in the commented built-in registries and in
//! the README (`## 单位名称（N）`). Loading validates every entry and keeps
//! the byte span of every name, so a bad entry — or a failing self-test — is
//! reported with miette pointing at its line.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;
use toml::Spanned;

use super::similar::{same_unit_within, Confusables, Difference, Limits, NameIndex};
use crate::error::InvalidRulesFile;

/// What kind of unit an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum UnitType {
    /// A government or party department (区财政局, 区委组织部).
    #[serde(rename = "部门")]
    Department,
    /// A sub-district (街道).
    #[serde(rename = "街道")]
    Subdistrict,
    /// A town (镇).
    #[serde(rename = "镇")]
    Town,
    /// A state-owned platform company (区产发集团).
    #[serde(rename = "平台公司")]
    Platform,
    /// A city-level unit stationed in the district (市生态环境局长清分局).
    #[serde(rename = "市直派驻")]
    CityStationed,
    /// A mass organisation (区总工会, 团区委, 区红十字会).
    #[serde(rename = "群团组织")]
    MassOrganisation,
    /// A development zone's administration (大学城管委会).
    #[serde(rename = "功能区")]
    Zone,
    /// A collective entry naming a group of units (各街镇).
    #[serde(rename = "集合称谓")]
    Collective,
    /// Anything else.
    #[serde(rename = "其他")]
    Other,
}

impl UnitType {
    /// Label in the current language.
    pub fn label(self) -> &'static str {
        let pick = crate::i18n::pick;
        match self {
            UnitType::Department => pick("部门", "department"),
            UnitType::Subdistrict => pick("街道", "sub-district"),
            UnitType::Town => pick("镇", "town"),
            UnitType::Platform => pick("平台公司", "platform company"),
            UnitType::CityStationed => pick("市直派驻", "city-level unit stationed here"),
            UnitType::MassOrganisation => pick("群团组织", "mass organisation"),
            UnitType::Zone => pick("功能区", "development zone"),
            UnitType::Collective => pick("集合称谓", "collective name"),
            UnitType::Other => pick("其他", "other"),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegistry {
    jurisdiction: RawJurisdiction,
    #[serde(default, rename = "unit")]
    units: Vec<RawUnit>,
    #[serde(default, rename = "test")]
    tests: Vec<RawTest>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJurisdiction {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    detect: Vec<Spanned<String>>,
    #[serde(default)]
    prefixes: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    name: Spanned<String>,
    #[serde(default)]
    full: Option<Spanned<String>>,
    #[serde(rename = "type")]
    kind: UnitType,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    variants: Vec<Spanned<String>>,
    #[serde(default)]
    retired: Vec<RawRetired>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRetired {
    name: Spanned<String>,
    #[serde(default)]
    since: Option<Spanned<i64>>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTest {
    text: Spanned<String>,
    #[serde(default)]
    expect: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    fixed: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

/// How a name is written relative to its unit's entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The canonical name.
    Canonical,
    /// The official full name: accepted everywhere.
    Full,
    /// An accepted alias: fine in running text, not in a responsibility clause.
    Alias,
    /// A known wrong spelling.
    Variant,
    /// A former name; `since` is the first year of the current name, if known.
    Retired {
        /// Year the current name took effect.
        since: Option<i32>,
    },
}

impl Form {
    /// Whether the form is correct wherever it appears.
    pub fn accepted(self) -> bool {
        matches!(self, Form::Canonical | Form::Full)
    }

    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Form::Canonical => crate::i18n::pick("规范名称", "canonical name"),
            Form::Full => crate::i18n::pick("正式全称", "full name"),
            Form::Alias => crate::i18n::pick("别称", "alias"),
            Form::Variant => crate::i18n::pick("已知错误写法", "known misspelling"),
            Form::Retired { .. } => crate::i18n::pick("旧名称", "former name"),
        }
    }
}

/// A retired name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retired {
    /// The former name.
    pub name: String,
    /// First year of the current name, if known.
    pub since: Option<i32>,
}

/// One unit of a registry.
#[derive(Debug, Clone)]
pub struct UnitEntry {
    /// Canonical name (what responsibility clauses should say).
    pub name: String,
    /// Official full name, when the canonical one is the standard short form.
    pub full: Option<String>,
    /// Unit type.
    pub kind: UnitType,
    /// Accepted aliases.
    pub aliases: Vec<String>,
    /// Known wrong spellings.
    pub variants: Vec<String>,
    /// Former names.
    pub retired: Vec<Retired>,
}

/// A registry self-test: a text and the findings it must produce.
#[derive(Debug, Clone)]
pub struct SelfTest {
    /// The input text.
    pub text: String,
    /// Expected rule codes, in any order (empty: no finding).
    pub expect: Vec<String>,
    /// The text after applying every fix (safe and unsafe), if given.
    pub fixed: Option<String>,
    /// Span of `text` in the TOML file.
    pub span: Range<usize>,
    /// Span of `expect` in the TOML file (of `text` when absent).
    pub expect_span: Range<usize>,
}

/// A name resolved against a registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    /// Index into [`Registry::units`].
    pub unit: usize,
    /// How it is written.
    pub form: Form,
    /// Byte length of a place-name prefix before the name (长清区财政局 → 6).
    pub prefix_len: usize,
}

/// A registry unit an unknown name is close to.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index into [`Registry::units`].
    pub unit: usize,
    /// The registry string it is closest to.
    pub matched: String,
    /// The form of that string.
    pub form: Form,
    /// How the written name differs from it.
    pub diff: Difference,
}

/// A loaded, validated registry.
#[derive(Debug, Clone)]
pub struct Registry {
    /// Identifier used by `--jurisdiction` (e.g. `jinan-changqing`).
    pub id: String,
    /// Display name (济南市长清区).
    pub name: String,
    /// Other names accepted by `--jurisdiction`.
    pub aliases: Vec<String>,
    /// Words whose presence selects this registry.
    pub detect: Vec<String>,
    /// Place names a unit name may start with (长清区财政局 = 长清 + 区财政局).
    pub prefixes: Vec<String>,
    /// Units.
    pub units: Vec<UnitEntry>,
    /// Self-tests.
    pub tests: Vec<SelfTest>,
    /// Where it was loaded from (shown in notes and errors).
    pub path: String,
    /// The TOML text (for error reports).
    pub source: String,
    forms: HashMap<String, (usize, Form)>,
    patterns: Vec<(usize, Form)>,
    /// Every name the registry knows, in pattern order.
    names: Vec<String>,
    /// Near-miss candidates, built on first use (it needs the connectors).
    index: std::sync::OnceLock<NameIndex>,
    /// Where near misses may stand in running text.
    windows: super::scan::Windows,
    /// Every name, leftmost-longest: built on first use (a run uses the
    /// registries of its jurisdiction, not every loaded one).
    matcher: std::sync::OnceLock<AhoCorasick>,
}

/// A registry error, boxed (the report carries the file's text).
pub type RegistryError = Box<InvalidRulesFile>;

fn invalid(path: &str, text: &str, at: Range<usize>, reason: String) -> RegistryError {
    Box::new(InvalidRulesFile {
        path: path.to_string(),
        src: miette::NamedSource::new(path, text.to_string()),
        at: Some((at.start, at.end.saturating_sub(at.start).max(1)).into()),
        reason,
        help: None,
    })
}

fn check_name(path: &str, text: &str, s: &Spanned<String>) -> Result<(), RegistryError> {
    let n = s.get_ref();
    let bad = n.chars().find(|c| {
        c.is_whitespace() || matches!(c, '、' | '，' | ',' | '；' | ';' | '：' | ':' | '。')
    });
    if n.chars().count() < 2 {
        return Err(invalid(
            path,
            text,
            s.span(),
            crate::tr!(
                "单位名称“{n}”太短（至少两个字）",
                "unit name “{n}” is too short (at least two characters)"
            ),
        ));
    }
    if let Some(c) = bad {
        return Err(invalid(
            path,
            text,
            s.span(),
            crate::tr!(
                "单位名称“{n}”含有空白或标点“{c}”",
                "unit name “{n}” contains whitespace or punctuation “{c}”"
            ),
        ));
    }
    Ok(())
}

impl Registry {
    /// Parses and validates a registry file.
    pub fn parse(path: &str, text: &str) -> Result<Registry, RegistryError> {
        let raw: RawRegistry = crate::load::embedded::from_toml(text).map_err(|e| {
            Box::new(InvalidRulesFile::from_toml(
                std::path::Path::new(path),
                text.to_string(),
                &e,
            ))
        })?;
        let j = raw.jurisdiction;
        if j.id.get_ref().trim().is_empty() {
            return Err(invalid(
                path,
                text,
                j.id.span(),
                crate::tr!("id 不能为空", "id must not be empty"),
            ));
        }
        for d in j.detect.iter().chain(&j.prefixes) {
            if d.get_ref().trim().is_empty() {
                return Err(invalid(
                    path,
                    text,
                    d.span(),
                    crate::tr!("不能是空字符串", "must not be an empty string"),
                ));
            }
        }
        let mut forms: HashMap<String, (usize, Form)> = HashMap::new();
        let mut spans: HashMap<String, Range<usize>> = HashMap::new();
        let mut units = Vec::new();
        let line_of = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
        for (k, u) in raw.units.iter().enumerate() {
            let mut add = |s: &Spanned<String>, form: Form| -> Result<(), RegistryError> {
                check_name(path, text, s)?;
                let n = s.get_ref().clone();
                if let Some(prev) = spans.get(&n) {
                    return Err(invalid(
                        path,
                        text,
                        s.span(),
                        crate::tr!(
                            "“{n}”在第 {} 行已经出现过",
                            "“{n}” already appears on line {}",
                            line_of(prev.start)
                        ),
                    ));
                }
                spans.insert(n.clone(), s.span());
                forms.insert(n, (k, form));
                Ok(())
            };
            add(&u.name, Form::Canonical)?;
            if let Some(f) = &u.full {
                add(f, Form::Full)?;
            }
            for a in &u.aliases {
                add(a, Form::Alias)?;
            }
            for v in &u.variants {
                add(v, Form::Variant)?;
            }
            let mut retired = Vec::new();
            for r in &u.retired {
                let since = match &r.since {
                    Some(y) if !(1949..=2100).contains(y.get_ref()) => {
                        return Err(invalid(
                            path,
                            text,
                            y.span(),
                            crate::tr!("年份 {} 不合理", "year {} is not plausible", y.get_ref()),
                        ))
                    }
                    Some(y) => Some(*y.get_ref() as i32),
                    None => None,
                };
                add(&r.name, Form::Retired { since })?;
                retired.push(Retired {
                    name: r.name.get_ref().clone(),
                    since,
                });
            }
            let n = u.name.get_ref();
            let suffix_ok = match u.kind {
                UnitType::Subdistrict => n.ends_with("街道"),
                UnitType::Town => n.ends_with('镇'),
                _ => true,
            };
            if !suffix_ok {
                return Err(invalid(
                    path,
                    text,
                    u.name.span(),
                    crate::tr!(
                        "类型为“{}”的单位名称应以“{}”结尾",
                        "a unit name of type “{}” must end in “{}”",
                        u.kind.label(),
                        u.kind.label()
                    ),
                ));
            }
            units.push(UnitEntry {
                name: n.clone(),
                full: u.full.as_ref().map(|f| f.get_ref().clone()),
                kind: u.kind,
                aliases: u.aliases.iter().map(|a| a.get_ref().clone()).collect(),
                variants: u.variants.iter().map(|a| a.get_ref().clone()).collect(),
                retired,
            });
        }
        let mut tests = Vec::new();
        for t in raw.tests {
            let (expect, expect_span) = match t.expect {
                Some(e) => (e.get_ref().clone(), e.span()),
                None => (Vec::new(), t.text.span()),
            };
            if t.text.get_ref().trim().is_empty() {
                return Err(invalid(
                    path,
                    text,
                    t.text.span(),
                    crate::tr!("自检文本是空的", "the self-test text is empty"),
                ));
            }
            tests.push(SelfTest {
                text: t.text.get_ref().clone(),
                expect,
                fixed: t.fixed,
                span: t.text.span(),
                expect_span,
            });
        }
        // Leftmost-longest: a name found inside a longer registry name is
        // never reported on its own.
        let mut names: Vec<(&String, &(usize, Form))> = forms.iter().collect();
        names.sort_by(|a, b| a.0.cmp(b.0));
        let patterns: Vec<(usize, Form)> = names.iter().map(|(_, v)| **v).collect();
        let all_names: Vec<String> = names.iter().map(|(n, _)| (*n).clone()).collect();
        let windows = super::scan::Windows::new(all_names.iter().map(String::as_str));
        Ok(Registry {
            id: j.id.get_ref().clone(),
            name: j.name,
            aliases: j.aliases,
            detect: j.detect.into_iter().map(Spanned::into_inner).collect(),
            prefixes: j.prefixes.into_iter().map(Spanned::into_inner).collect(),
            units,
            tests,
            path: path.to_string(),
            source: text.to_string(),
            forms,
            patterns,
            names: all_names,
            index: std::sync::OnceLock::new(),
            windows,
            matcher: std::sync::OnceLock::new(),
        })
    }

    /// Builds now what is otherwise built on first use: the automaton over
    /// every name and the near-miss index (the pipeline does this beside
    /// parsing, on another thread).
    pub fn warm(&self, conf: &Confusables) {
        self.matcher();
        self.index
            .get_or_init(|| NameIndex::new(self.names.iter().map(String::as_str), conf));
    }

    /// The automaton over every name, built once.
    fn matcher(&self) -> &AhoCorasick {
        self.matcher.get_or_init(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                // No prefilter: the patterns are Chinese, so their "rare"
                // bytes are UTF-8 lead bytes found everywhere and the
                // prefilter would only slow the search down. A DFA on large
                // runs, a contiguous NFA (cheaper to build) on small ones.
                .kind(Some(crate::chars::automaton_kind()))
                .prefilter(false)
                .build(&self.names)
                .or_else(|_| {
                    // Past the DFA's size limit: the default (an NFA).
                    AhoCorasickBuilder::new()
                        .match_kind(MatchKind::LeftmostLongest)
                        .build(&self.names)
                })
                .expect("validated unit names build an automaton")
        })
    }

    /// Whether `key` names this registry (`--jurisdiction`).
    pub fn answers_to(&self, key: &str) -> bool {
        self.id == key || self.name == key || self.aliases.iter().any(|a| a == key)
    }

    /// Resolves a whole unit name: exactly, or after a place-name prefix.
    pub fn resolve(&self, name: &str) -> Option<Resolved> {
        if let Some(&(unit, form)) = self.forms.get(name) {
            return Some(Resolved {
                unit,
                form,
                prefix_len: 0,
            });
        }
        self.prefixes
            .iter()
            .filter(|p| name.starts_with(p.as_str()))
            .filter_map(|p| {
                let &(unit, form) = self.forms.get(&name[p.len()..])?;
                Some(Resolved {
                    unit,
                    form,
                    prefix_len: p.len(),
                })
            })
            .max_by_key(|r| r.prefix_len)
    }

    /// Registry names in `text`, leftmost-longest: `(byte range, resolution)`.
    pub fn find_iter<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (Range<usize>, Resolved)> + 'a {
        self.matcher().find_iter(text).map(|m| {
            let (unit, form) = self.patterns[m.pattern().as_usize()];
            (
                m.range(),
                Resolved {
                    unit,
                    form,
                    prefix_len: 0,
                },
            )
        })
    }

    /// Registry units an unknown name is a near miss of, closest first, one
    /// candidate per unit. Only the names sharing a key of the deletion
    /// index with it are compared.
    pub fn near_misses(&self, name: &str, conf: &Confusables) -> Vec<Candidate> {
        let index = self
            .index
            .get_or_init(|| NameIndex::new(self.names.iter().map(String::as_str), conf));
        let mut best: HashMap<usize, Candidate> = HashMap::new();
        for k in index.candidates(name, conf) {
            let known = &self.names[k];
            let (unit, form) = self.patterns[k];
            let Some(diff) = same_unit_within(name, known, conf, Limits::REGISTRY) else {
                continue;
            };
            // Ties go to the smaller spelling, so the result does not depend
            // on the order of candidates.
            let worse = matches!(best.get(&unit), Some(c)
                if c.diff.cost < diff.cost || (c.diff.cost == diff.cost && c.matched.as_str() <= known.as_str()));
            if !worse {
                best.insert(
                    unit,
                    Candidate {
                        unit,
                        matched: known.clone(),
                        form,
                        diff,
                    },
                );
            }
        }
        let mut out: Vec<Candidate> = best.into_values().collect();
        out.sort_by(|a, b| {
            a.diff
                .cost
                .total_cmp(&b.diff.cost)
                .then_with(|| self.units[a.unit].name.cmp(&self.units[b.unit].name))
        });
        out
    }

    /// Near misses of registry names in running text (see
    /// [`super::scan`]): `(byte range, candidates)`, in order. `exact` are
    /// the sorted ranges of the exact names in it ([`Registry::find_iter`]).
    pub fn near_misses_in_text(
        &self,
        text: &str,
        exact: &[Range<usize>],
        conf: &Confusables,
    ) -> Vec<(Range<usize>, Vec<Candidate>)> {
        self.windows.find(
            text,
            exact,
            |c| !conf.is_distinctive(c),
            |w, after_han| {
                // No name starts with a connector: 和区委 is a word of the
                // sentence before 区委.
                let first = w.chars().next()?;
                if conf.is_connector(first) {
                    return None;
                }
                let mut c = self.near_misses(w, conf);
                c.retain(|c| {
                    // A collective entry (各街镇) is no unit: 5个街镇 counts.
                    self.units[c.unit].kind != UnitType::Collective
                        // Inside a run of Chinese text, a name without its
                        // first character (城投集团 for 旧投集团) is the
                        // longer window with that character changed, which
                        // was no near miss.
                        && !(after_han && c.matched.chars().skip(1).eq(w.chars()))
                });
                Some((c.first()?.diff.cost, c))
            },
        )
    }

    /// The canonical name of a unit.
    pub fn canonical(&self, unit: usize) -> &str {
        &self.units[unit].name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in registries read from their build-time form give what
    /// `toml` gives, spans included.
    #[test]
    fn builtin_registries_read_as_toml_reads_them() {
        let mut n = 0;
        for (path, text) in crate::load::embedded::builtin_files() {
            if path.starts_with("rules/registries/") {
                crate::load::embedded::assert_same::<RawRegistry>(text);
                n += 1;
            }
        }
        assert!(n >= 2);
    }
}
