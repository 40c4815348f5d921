//! Validating one `[[rule]]` table into a [`PackRule`]: its code and name,
//! the fields of its type, its matchers, fix and self-tests, and the
//! explanation `gwlint rule CODE` prints.

use std::ops::Range;

use super::loader::{leak, PLACEHOLDERS};
use super::*;
use crate::rules::settings::Level;

/// What every check of one rule definition needs: the definition, where it
/// was written, and its code.
struct Check<'a> {
    def: &'a RuleDef,
    source: &'a RuleSource,
    code: &'a str,
    /// Whether regexes are also built, to find the ones past the size
    /// limit: for files on disk. The built-in packs' regexes are built by
    /// their tests.
    build_regexes: bool,
}

type Invalid = Box<InvalidRulesFile>;

impl Check<'_> {
    fn err(&self, at: Range<usize>, reason: String, help: Option<String>) -> Invalid {
        Box::new(self.source.error(at, reason, help))
    }

    /// An error on the whole `[[rule]]` table.
    fn whole(&self, reason: String, help: Option<String>) -> Invalid {
        self.err(self.source.span.clone(), reason, help)
    }

    /// A field the rule's type requires.
    fn need(&self, v: bool, field: &str) -> Result<(), Invalid> {
        if v {
            Ok(())
        } else {
            Err(self.whole(
                crate::tr!(
                    "{} 类型的规则 {} 需要“{field}”",
                    "{} rule {} needs “{field}”",
                    self.def.kind.as_str(),
                    self.code
                ),
                None,
            ))
        }
    }

    /// A matcher that compiles and is not empty.
    fn matcher(&self, m: &Matcher) -> Result<(), Invalid> {
        let code = self.code;
        if let Matcher::Regex { regex } = m {
            // Parsing is the check `regex::Regex::new` makes first, with the
            // same error text. A built-in pack's automaton is built only by
            // the engine, when the rule runs (building it here too was most
            // of the cost of loading the built-in packs at every start).
            let checked = match regex_syntax::Parser::new().parse(regex) {
                Ok(_) if self.build_regexes => regex::Regex::new(regex)
                    .map(drop)
                    .map_err(|e| e.to_string()),
                Ok(_) => Ok(()),
                Err(e) => Err(e.to_string()),
            };
            if let Err(e) = checked {
                return Err(self.whole(
                    crate::tr!(
                        "规则 {code} 的正则表达式“{regex}”无效：{e}",
                        "rule {code}: invalid regular expression “{regex}”: {e}"
                    ),
                    None,
                ));
            }
        }
        if let Matcher::Literal(s) = m {
            if s.is_empty() {
                return Err(self.whole(
                    crate::tr!("规则 {code} 有空字符串", "rule {code} has an empty string"),
                    None,
                ));
            }
        }
        Ok(())
    }

    /// A context guard (`not_after`, `not_before`), anchored.
    fn guard(&self, g: &Option<String>, field: &str) -> Result<Option<regex::Regex>, Invalid> {
        let code = self.code;
        g.as_ref()
            .map(|g| {
                regex::Regex::new(&format!("^(?:{g})$")).map_err(|e| {
                    self.whole(
                        crate::tr!(
                            "规则 {code} 的 {field}“{g}”不是有效的正则表达式：{e}",
                            "rule {code}: {field} “{g}” is not a valid regular expression: {e}"
                        ),
                        None,
                    )
                })
            })
            .transpose()
    }
}

/// The code, the name, the fields of the rule's type and the message's
/// placeholders.
fn check_identity(c: &Check, header: &PackHeader) -> Result<(), Invalid> {
    let def = c.def;
    let prefix = header.prefix.get_ref().as_str();
    let code = def.code.get_ref().as_str();
    let digits = code.strip_prefix(prefix).unwrap_or("");
    if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(c.err(
            def.code.span(),
            crate::tr!(
                "规则代码“{code}”应为本包前缀 {prefix} 加三位数字",
                "rule code “{code}” should be the pack prefix {prefix} and three digits"
            ),
            Some(crate::tr!(
                "例如 {prefix}001；前缀在 [pack] 的 prefix 中设定",
                "for example {prefix}001; the prefix is set by prefix in [pack]"
            )),
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
        return Err(c.err(
            def.name.span(),
            crate::tr!("规则名称“{name}”应为小写英文单词加连字符（kebab-case）", "rule name “{name}” should be lower-case English words joined by hyphens (kebab-case)"),
            Some(crate::i18n::pick("名称说明问题本身，例如 wrong-formulation", "the name says what is wrong, e.g. wrong-formulation").into()),
        ));
    }
    if crate::rules::codes::find(name).is_some() {
        return Err(c.err(
            def.name.span(),
            crate::tr!(
                "规则名称“{name}”与内置规则重名",
                "rule name “{name}” is the name of a built-in rule"
            ),
            None,
        ));
    }
    // Only the fields of this type.
    let allowed = def.kind.fields();
    if let Some(extra) = def.present().into_iter().find(|f| !allowed.contains(f)) {
        return Err(c.whole(
            crate::tr!(
                "{} 类型的规则 {code} 不能有“{extra}”",
                "{} rule {code} cannot have “{extra}”",
                def.kind.as_str()
            ),
            Some(crate::tr!(
                "这一类型可用：{}",
                "fields of this type: {}",
                allowed.join(crate::i18n::pick("、", ", "))
            )),
        ));
    }
    for message in std::iter::once(&def.message).chain(&def.message_en) {
        let mut rest = message.get_ref().as_str();
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else { break };
            let ph = &after[..j];
            if !PLACEHOLDERS.contains(&ph) {
                return Err(c.err(
                    message.span(),
                    crate::tr!(
                        "消息里的占位符“{{{ph}}}”无效",
                        "invalid placeholder “{{{ph}}}” in the message"
                    ),
                    Some(crate::tr!(
                        "可用：{}",
                        "available: {}",
                        PLACEHOLDERS.join(crate::i18n::pick("、", ", "))
                    )),
                ));
            }
            rest = &after[j + 1..];
        }
    }
    Ok(())
}

/// The rule's matching data, by type.
fn compile_kind(c: &Check, scope: Scope) -> Result<Kind, Invalid> {
    let (def, code) = (c.def, c.code);
    Ok(match def.kind {
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
            c.need(!swaps.is_empty(), "swap")?;
            for (k, v) in &swaps {
                c.matcher(&Matcher::Literal(k.clone()))?;
                if v.is_empty() || v.iter().any(|p| p == k) {
                    return Err(c.whole(
                        crate::tr!(
                            "规则 {code} 的“{k}”没有不同于它的应改写法",
                            "rule {code}: “{k}” has no preferred form different from itself"
                        ),
                        None,
                    ));
                }
            }
            let exceptions = def.exceptions.clone().unwrap_or_default();
            for e in &exceptions {
                if !swaps.iter().any(|(k, _)| e.contains(k.as_str()) && e != k) {
                    return Err(c.whole(
                        crate::tr!("规则 {code} 的例外“{e}”不包含任何要替换的写法", "rule {code}: exception “{e}” contains none of the forms it replaces"),
                        Some(crate::i18n::pick("例外是包含被替换写法、本身正确的更长字符串", "an exception is a longer, correct string containing a replaced form").into()),
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
                let message = match (crate::i18n::is_en(), &e.message_en) {
                    (true, Some(m)) => Some(m.clone()),
                    _ => e.message.clone(),
                };
                entries.push((e.text.clone(), message, e.replacement.clone()));
            }
            c.need(
                !entries.is_empty(),
                crate::i18n::pick("tokens 或 entries", "tokens or entries"),
            )?;
            for (m, _, _) in &entries {
                c.matcher(m)?;
            }
            Kind::Existence {
                entries,
                exceptions: def.exceptions.clone().unwrap_or_default(),
            }
        }
        RuleType::Consistency => {
            let sets = def.sets.clone().unwrap_or_default();
            c.need(!sets.is_empty(), "sets")?;
            for s in &sets {
                if s.len() < 2 || s.iter().any(String::is_empty) {
                    return Err(c.whole(
                        crate::tr!(
                            "规则 {code} 的每组写法至少要有两个非空的写法",
                            "rule {code}: every set needs at least two non-empty spellings"
                        ),
                        None,
                    ));
                }
            }
            if scope != Scope::Document {
                return Err(c.whole(
                    crate::tr!("consistency 类型的规则 {code} 总是在全部被检查的文件中统一，不能设置 scope", "consistency rule {code} always spans every checked file and cannot set scope"),
                    None,
                ));
            }
            Kind::Consistency { sets }
        }
        RuleType::Conditional => {
            let first = def.first.clone().unwrap_or_default();
            let then = def.then.clone().unwrap_or_default();
            c.need(!first.is_empty(), "if")?;
            c.need(!then.is_empty(), "then")?;
            for m in first.iter().chain(&then) {
                c.matcher(m)?;
            }
            Kind::Conditional { first, then }
        }
        RuleType::Occurrence => {
            let count = def.count.clone().unwrap_or_default();
            c.need(!count.is_empty(), "count")?;
            c.need(
                def.min.is_some() || def.max.is_some(),
                crate::i18n::pick("max 或 min", "max or min"),
            )?;
            for m in &count {
                c.matcher(m)?;
            }
            Kind::Occurrence {
                count,
                min: def.min,
                max: def.max,
            }
        }
        RuleType::Pattern => {
            c.need(def.regex.is_some(), "regex")?;
            let re = def.regex.as_ref().expect("checked");
            if let Err(e) = regex::Regex::new(re.get_ref()) {
                return Err(c.err(
                    re.span(),
                    crate::tr!("正则表达式无效：{e}", "invalid regular expression: {e}"),
                    None,
                ));
            }
            Kind::Pattern {
                regex: re.get_ref().clone(),
                must: def.must.unwrap_or(Must::NotMatch),
            }
        }
    })
}

/// The fix the rule offers, if its type can offer one.
fn compile_fix(c: &Check, kind: &Kind) -> Result<Option<Applicability>, Invalid> {
    let (def, code) = (c.def, c.code);
    let fix = match def.fix.unwrap_or_default() {
        FixKind::None => None,
        FixKind::Safe => Some(Applicability::Safe),
        FixKind::Unsafe => Some(Applicability::Unsafe),
    };
    let fixable = match kind {
        Kind::Substitution { .. } | Kind::Consistency { .. } => true,
        Kind::Existence { entries, .. } => entries.iter().any(|(_, _, r)| r.is_some()),
        _ => false,
    };
    if fix.is_some() && !fixable {
        return Err(c.whole(
            crate::tr!(
                "规则 {code} 没有可用的替换文字，不能设置 fix",
                "rule {code} has no replacement text and cannot set fix"
            ),
            Some(
                crate::i18n::pick(
                    "只有 substitution、consistency 和写了 replacement 的 existence 规则能修复",
                    "only substitution, consistency and existence rules with a replacement can fix",
                )
                .into(),
            ),
        ));
    }
    Ok(fix)
}

/// The rule's `[[rule.test]]` cases: at least one, and one that fires.
fn test_cases(c: &Check) -> Result<Vec<TestCase>, Invalid> {
    let (def, code) = (c.def, c.code);
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
        return Err(c.err(
            def.code.span(),
            crate::tr!("规则 {code} 没有自测", "rule {code} has no self-test"),
            Some(
                crate::i18n::pick("至少写一个会触发的 [[rule.test]]（expect = 1）和一个不触发的（expect = 0）", "write at least one [[rule.test]] that fires (expect = 1) and one that does not (expect = 0)").into(),
            ),
        ));
    }
    if !tests
        .iter()
        .any(|t| t.expect != Expect::Count(0) && t.expect != Expect::Texts(vec![]))
    {
        return Err(c.err(
            def.code.span(),
            crate::tr!(
                "规则 {code} 的自测里没有会触发的例子",
                "rule {code}: no self-test fires"
            ),
            Some(
                crate::i18n::pick(
                    "加一个 expect 不为 0 的 [[rule.test]]",
                    "add a [[rule.test]] whose expect is not 0",
                )
                .into(),
            ),
        ));
    }
    Ok(tests)
}

pub(super) fn compile_rule(
    def: &RuleDef,
    header: &PackHeader,
    source: RuleSource,
    build_regexes: bool,
) -> Result<PackRule, Invalid> {
    let code = def.code.get_ref().as_str();
    let name = def.name.get_ref().as_str();
    // The run's language: the `_en` texts under `--lang en` where the pack
    // gives them, the Chinese ones otherwise.
    let en = crate::i18n::is_en();
    let message_is_en = en && def.message_en.is_some();
    let message = match (&def.message_en, message_is_en) {
        (Some(m), true) => m.get_ref(),
        _ => def.message.get_ref(),
    };
    let local = |zh: &Option<String>, en_text: &Option<String>| match (en, en_text) {
        (true, Some(t)) => Some(t.clone()),
        _ => zh.clone(),
    };
    let c = Check {
        def,
        source: &source,
        code,
        build_regexes,
    };
    check_identity(&c, header)?;
    let scope = def.scope.unwrap_or_default();
    let kind = compile_kind(&c, scope)?;
    let fix = compile_fix(&c, &kind)?;
    let not_after = c.guard(&def.not_after, "not_after")?;
    let not_before = c.guard(&def.not_before, "not_before")?;
    let level = def.severity.unwrap_or(Level::Warn);
    let severity = level.severity();
    let tests = test_cases(&c)?;
    let description = local(&def.description, &def.description_en)
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
        explain_en: def
            .description_en
            .clone()
            .unwrap_or_else(|| description.clone()),
        summary: description,
        doc: leak(&doc),
        // The rule's message, then each existence entry's own.
        messages: std::iter::once(def.message.get_ref().clone())
            .chain(
                def.entries
                    .iter()
                    .flatten()
                    .filter_map(|e| e.message.clone()),
            )
            .collect(),
        messages_en: std::iter::once(
            def.message_en
                .as_ref()
                .unwrap_or(&def.message)
                .get_ref()
                .clone(),
        )
        .chain(
            def.entries
                .iter()
                .flatten()
                .filter_map(|e| e.message_en.clone().or_else(|| e.message.clone())),
        )
        .collect(),
        fix_titles: Vec::new(),
        fix_titles_en: Vec::new(),
    };
    Ok(PackRule {
        meta,
        pack: header.name.get_ref().clone(),
        rule_type: def.kind,
        kind,
        scope,
        message: message.clone(),
        message_is_en,
        help: local(&def.help, &def.help_en),
        note: local(&def.note, &def.note_en),
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
        .join(crate::i18n::pick("、", ", "))
}

fn default_description(kind: &Kind, scope: Scope) -> String {
    let few = |v: Vec<String>| {
        let n = v.len();
        let mut s = quoted(v.iter().take(3));
        if n > 3 {
            s.push_str(&crate::tr!("等 {n} 个", " and {n} more"));
        }
        s
    };
    match kind {
        Kind::Substitution { swaps, .. } => {
            crate::tr!(
                "应改写的写法：{}",
                "forms to rewrite: {}",
                few(swaps.iter().map(|(k, _)| k.clone()).collect())
            )
        }
        Kind::Existence { entries, .. } => crate::tr!(
            "不应出现的文字：{}",
            "text that must not appear: {}",
            few(entries
                .iter()
                .map(|(m, _, _)| m.shown().to_string())
                .collect())
        ),
        Kind::Consistency { sets } => crate::tr!(
            "同一组写法只能用一种：{}",
            "one spelling of each set only: {}",
            sets.iter()
                .map(|s| s.join("/"))
                .collect::<Vec<_>>()
                .join("；")
        ),
        Kind::Conditional { first, then } => crate::tr!(
            "{}中出现{}时，必须也有{}",
            "a {} with {} must also have {}",
            scope.label(),
            quoted(first.iter().map(Matcher::shown)),
            quoted(then.iter().map(Matcher::shown))
        ),
        Kind::Occurrence { count, min, max } => {
            let mut s = crate::tr!(
                "每个{}中{}出现的次数",
                "occurrences of {1} in each {0}:",
                scope.label(),
                quoted(count.iter().map(Matcher::shown))
            );
            if let Some(m) = min {
                s.push_str(&crate::tr!("不少于 {m} 次", " at least {m}"));
            }
            if let Some(m) = max {
                if min.is_some() {
                    s.push_str(crate::i18n::pick("、", ","));
                }
                s.push_str(&crate::tr!("不多于 {m} 次", " at most {m}"));
            }
            s
        }
        Kind::Pattern { regex, must } => match must {
            Must::Match => crate::tr!(
                "每个{}都必须匹配 {regex}",
                "every {} must match {regex}",
                scope.label()
            ),
            Must::NotMatch => crate::tr!(
                "{}中不得出现匹配 {regex} 的文字",
                "no text matching {regex} in any {}",
                scope.label()
            ),
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
    let note = match (crate::i18n::is_en(), &def.note_en) {
        (true, Some(n)) => Some(n),
        _ => def.note.as_ref(),
    };
    match note {
        Some(n) => s.push_str(&format!("{n}\n")),
        None => s.push_str(crate::i18n::pick(
            "由规则包定义。\n",
            "Defined by a rule pack.\n",
        )),
    }
    let pack_description = match (crate::i18n::is_en(), &header.description_en) {
        (true, Some(d)) => d,
        _ => &header.description,
    };
    if !pack_description.is_empty() {
        s.push_str(&crate::tr!(
            "\n规则包“{}”：{}\n",
            "\nRule pack “{}”: {}\n",
            header.name.get_ref(),
            pack_description
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
    s.push_str(&crate::tr!(
        "\n## 配置\n类型：{}；范围：{}（{}）；定义在 {}:{}：\n```toml\n{}\n```\n",
        "\n## 配置\nType: {}; scope: {} ({}); defined at {}:{}:\n```toml\n{}\n```\n",
        def.kind.label(),
        def.scope.unwrap_or_default().as_str(),
        def.scope.unwrap_or_default().label(),
        source.path,
        source.line_of(source.span.start),
        source.text[source.span.clone()].trim_end()
    ));
    s
}
