//! The typography rules' data: `rules/typography.toml`.
//!
//! Lists a drafting office may want to change — the doubled characters that
//! are suspect and the phrases where doubling is correct, placeholder
//! patterns, the cues that a name in 《》 is not a title — live in a commented
//! TOML file, embedded as the default. A user's `typography.toml` (given with
//! `--rules`) is appended to it. Invalid data is an [`InvalidRulesFile`]
//! pointing at the offending value.

use std::ops::Range;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::error::InvalidRulesFile;

/// The embedded defaults.
pub const DEFAULT_TOML: &str = include_str!("../../../rules/typography.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    doubled: RawDoubled,
    #[serde(default)]
    placeholders: RawPlaceholders,
    #[serde(default)]
    book_marks: RawBookMarks,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDoubled {
    #[serde(default)]
    suspects: Vec<Spanned<String>>,
    #[serde(default)]
    allow: Vec<Spanned<String>>,
    #[serde(default)]
    reduplications: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlaceholders {
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    literals: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBookMarks {
    #[serde(default)]
    non_title_suffixes: Vec<Spanned<String>>,
    #[serde(default)]
    non_title_followers: Vec<Spanned<String>>,
}

/// The typography rules' data, validated and compiled.
#[derive(Debug, Clone, Default)]
pub struct TypographyData {
    /// R002: characters checked for doubling.
    pub doubled_suspects: Vec<char>,
    /// R002: phrases in which a doubled suspect is correct.
    pub doubled_allow: Vec<String>,
    /// R002: legitimate AA reduplications.
    pub reduplications: Vec<String>,
    /// R005: placeholder patterns as written.
    pub placeholder_patterns: Vec<String>,
    /// R005: exact placeholder strings.
    pub placeholder_literals: Vec<String>,
    /// R005: every pattern and literal compiled into one regex, on first
    /// use ([`TypographyData::placeholder_regex`]).
    placeholder_regex: std::sync::OnceLock<Option<crate::chars::re::Regex>>,
    /// P006: endings of names that are not titles.
    pub non_title_suffixes: Vec<String>,
    /// P006: words after 》 that show the name is an honour.
    pub non_title_followers: Vec<String>,
}

fn invalid(
    path: &str,
    text: &str,
    span: Range<usize>,
    reason: String,
    help: impl Into<String>,
) -> Box<InvalidRulesFile> {
    Box::new(InvalidRulesFile {
        path: path.to_string(),
        src: miette::NamedSource::new(path, text.to_string()),
        at: Some((span.start, span.len().max(1)).into()),
        reason,
        help: Some(help.into()),
    })
}

/// Why a (valid) pattern would match everywhere: it matches the empty string
/// (`""`, `x*`, `^`, `\b`), or every single character (`.`, `[\s\S]`).
fn degenerate_pattern(p: &str) -> Option<&'static str> {
    let hir = regex_syntax::Parser::new().parse(p).ok()?;
    if hir.properties().minimum_len() == Some(0) {
        return Some(crate::i18n::pick(
            "能匹配空字符串",
            "matches the empty string",
        ));
    }
    let whole = Regex::new(&format!("^(?:{p})$")).ok()?;
    let samples = ["甲", "a", "1", "，", "。", " ", "X", "〇"];
    samples
        .iter()
        .all(|c| whole.is_match(c))
        .then_some(crate::i18n::pick(
            "匹配任意单个字符",
            "matches any single character",
        ))
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

impl TypographyData {
    /// The built-in data (embedded `rules/typography.toml`).
    ///
    /// Its patterns are not compiled one by one to check them (the test
    /// `builtin_is_valid` reads it through [`TypographyData::merge_toml`]).
    pub fn builtin() -> Self {
        let mut d = TypographyData::default();
        d.merge("rules/typography.toml", DEFAULT_TOML, false)
            .expect("rules/typography.toml is valid (checked by tests)");
        d
    }

    /// Appends the lists of a typography TOML text; `path` names it in errors.
    pub fn merge_toml(&mut self, path: &str, text: &str) -> Result<(), Box<InvalidRulesFile>> {
        self.merge(path, text, true)
    }

    /// Like [`TypographyData::merge_toml`]; `check_patterns`: compile each
    /// placeholder pattern alone to report the invalid or degenerate one.
    fn merge(
        &mut self,
        path: &str,
        text: &str,
        check_patterns: bool,
    ) -> Result<(), Box<InvalidRulesFile>> {
        let raw: RawFile = crate::load::embedded::from_toml(text).map_err(|e| {
            Box::new(InvalidRulesFile::from_toml(
                std::path::Path::new(path),
                text.to_string(),
                &e,
            ))
        })?;
        // An empty string is contained in every text: reject it in every list.
        let lists = [
            ("doubled.allow", &raw.doubled.allow),
            ("placeholders.literals", &raw.placeholders.literals),
            (
                "book_marks.non_title_suffixes",
                &raw.book_marks.non_title_suffixes,
            ),
            (
                "book_marks.non_title_followers",
                &raw.book_marks.non_title_followers,
            ),
            ("doubled.suspects", &raw.doubled.suspects),
            ("doubled.reduplications", &raw.doubled.reduplications),
        ];
        for (key, list) in lists {
            if let Some(s) = list.iter().find(|s| s.get_ref().trim().is_empty()) {
                return Err(invalid(
                    path,
                    text,
                    s.span(),
                    crate::tr!(
                        "{key} 里有空字符串，它会在每个位置命中",
                        "{key} holds an empty string, which would match at every position"
                    ),
                    crate::tr!(
                        "删去这一项，或写出要匹配的文字",
                        "remove this entry, or write the text to match"
                    ),
                ));
            }
        }
        for s in &raw.doubled.suspects {
            let mut chars = s.get_ref().chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => push_unique(&mut self.doubled_suspects, c),
                _ => {
                    return Err(invalid(
                        path,
                        text,
                        s.span(),
                        crate::tr!("“{}”不是一个字", "“{}” is not one character", s.get_ref()),
                        crate::tr!(
                            "suspects 里每一项写一个汉字，例如 \"的\"",
                            "write one Chinese character per entry of suspects, e.g. \"的\""
                        ),
                    ))
                }
            }
        }
        for s in raw.doubled.allow {
            push_unique(&mut self.doubled_allow, s.into_inner());
        }
        for s in &raw.doubled.reduplications {
            let chars: Vec<char> = s.get_ref().chars().collect();
            if chars.len() != 2 || chars[0] != chars[1] {
                return Err(invalid(
                    path,
                    text,
                    s.span(),
                    crate::tr!(
                        "“{}”不是叠字（AA）",
                        "“{}” is not a reduplication (AA)",
                        s.get_ref()
                    ),
                    crate::tr!(
                        "reduplications 里每一项写两个相同的字，例如 \"常常\"",
                        "write two identical characters per entry of reduplications, e.g. \"常常\""
                    ),
                ));
            }
            push_unique(&mut self.reduplications, s.get_ref().clone());
        }
        for p in &raw.placeholders.patterns {
            if !check_patterns {
                push_unique(&mut self.placeholder_patterns, p.get_ref().clone());
                continue;
            }
            if let Err(e) = Regex::new(p.get_ref()) {
                let first = e.to_string();
                let first = first
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
                    .trim_start_matches("error: ")
                    .to_string();
                return Err(invalid(
                    path,
                    text,
                    p.span(),
                    crate::tr!("不是有效的正则表达式：{first}", "not a valid regular expression: {first}"),
                    crate::tr!("用 Rust regex 语法（不支持后顾、前瞻）；字面的括号要写成 \\( 或 [(]", "use Rust regex syntax (no look-behind or look-ahead); write a literal bracket as \\\\( or [(]"),
                ));
            }
            if let Some(why) = degenerate_pattern(p.get_ref()) {
                return Err(invalid(
                    path,
                    text,
                    p.span(),
                    crate::tr!(
                        "正则表达式{why}，会在每个位置命中",
                        "the regular expression {why}, so it would match at every position"
                    ),
                    crate::i18n::pick(
                        "写出占位符本身，例如 \"X+号\" 或 \"[×Ｘ]{2,}\"",
                        "write the placeholder itself, e.g. \"X+号\" or \"[×Ｘ]{2,}\"",
                    ),
                ));
            }
            push_unique(&mut self.placeholder_patterns, p.get_ref().clone());
        }
        for s in raw.placeholders.literals {
            push_unique(&mut self.placeholder_literals, s.into_inner());
        }
        for s in raw.book_marks.non_title_suffixes {
            push_unique(&mut self.non_title_suffixes, s.into_inner());
        }
        for s in raw.book_marks.non_title_followers {
            push_unique(&mut self.non_title_followers, s.into_inner());
        }
        self.placeholder_regex = std::sync::OnceLock::new();
        Ok(())
    }

    /// R005: every placeholder pattern and literal as one regex, compiled on
    /// first use; `None` when there are none.
    pub fn placeholder_regex(&self) -> Option<&crate::chars::re::Regex> {
        self.placeholder_regex
            .get_or_init(|| {
                let parts: Vec<String> = self
                    .placeholder_patterns
                    .iter()
                    .map(|p| format!("(?:{p})"))
                    .chain(self.placeholder_literals.iter().map(|l| regex::escape(l)))
                    .collect();
                if parts.is_empty() {
                    None
                } else {
                    // Each part was compiled alone when its file was read
                    // (the built-in file by its test); the alternation is
                    // valid too.
                    crate::chars::re::Regex::new(&parts.join("|")).ok()
                }
            })
            .as_ref()
    }

    /// Whether a doubled pair of `c` at `pos` in `text` is legitimate.
    pub fn doubling_allowed(&self, text: &str, pos: usize, c: char) -> bool {
        let pair: String = [c, c].iter().collect();
        if self.reduplications.contains(&pair) {
            return true;
        }
        let end = pos + 2 * c.len_utf8();
        self.doubled_allow.iter().any(|phrase| {
            // Any occurrence of the pair inside the phrase, aligned on the text.
            let mut from = 0;
            while let Some(off) = phrase[from..].find(&pair) {
                let at = from + off;
                if let Some(start) = pos.checked_sub(at) {
                    if text.get(start..start + phrase.len()) == Some(phrase.as_str())
                        && start + phrase.len() >= end
                    {
                        return true;
                    }
                }
                from = at + c.len_utf8();
            }
            false
        })
    }
}

/// Reads a user's typography.toml and appends it to `data`.
pub fn merge_file(
    data: &mut crate::rules::data::Data,
    path: &std::path::Path,
) -> miette::Result<()> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        miette::miette!(
            code = "gwlint::unreadable_rules_file",
            "{}",
            crate::tr!(
                "无法读取规则文件 {}：{e}",
                "cannot read rules file {}: {e}",
                path.display()
            )
        )
    })?;
    data.typography
        .merge_toml(&path.display().to_string(), &text)
        .map_err(|e| miette::Report::new(*e))
}

/// Whether a `--rules` file is typography data rather than rule settings.
pub fn is_typography_file(path: &std::path::Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        n.eq_ignore_ascii_case("typography.toml") || n.ends_with(".typography.toml")
    })
}

#[cfg(test)]
mod tests {
    /// `rules/typography.toml` read from its build-time form gives what
    /// `toml` gives.
    #[test]
    fn builtin_file_reads_as_toml_reads_it() {
        crate::load::embedded::assert_same::<super::RawFile>(super::DEFAULT_TOML);
    }

    use super::*;

    #[test]
    fn builtin_is_valid() {
        // Read as a user's file is: every pattern compiled and checked.
        let mut checked = TypographyData::default();
        checked
            .merge_toml("rules/typography.toml", DEFAULT_TOML)
            .expect("rules/typography.toml is valid");
        let d = TypographyData::builtin();
        assert_eq!(d.placeholder_patterns, checked.placeholder_patterns);
        assert!(d.doubled_suspects.contains(&'的'));
        assert!(d.placeholder_regex().is_some());
        assert!(d.non_title_suffixes.iter().any(|s| s == "活动"));
    }

    #[test]
    fn bad_pattern_points_at_it() {
        let text = "[placeholders]\npatterns = ['(?<=x)y']\n";
        let e = TypographyData::default()
            .merge_toml("t.toml", text)
            .unwrap_err();
        let at = e.at.unwrap();
        assert_eq!(&text[at.offset()..at.offset() + at.len()], "'(?<=x)y'");
    }

    /// Regression: an empty pattern was accepted and then matched at every
    /// character.
    #[test]
    fn empty_and_always_matching_patterns_are_rejected() {
        for pat in [
            "''",
            "'x*'",
            "'^'",
            "'\\b'",
            "'(?:)'",
            "'.'",
            "'[\\s\\S]'",
            "'a|'",
        ] {
            let text = format!("[placeholders]\npatterns = [{pat}]\n");
            let e = TypographyData::default()
                .merge_toml("t.toml", &text)
                .expect_err(pat);
            assert!(e.reason.contains("每个位置"), "{pat}: {}", e.reason);
            let at = e.at.unwrap();
            assert_eq!(&text[at.offset()..at.offset() + at.len()], pat);
        }
        for list in [
            "[placeholders]\nliterals",
            "[book_marks]\nnon_title_suffixes",
            "[doubled]\nallow",
        ] {
            let text = format!("{list} = ['']\n");
            let e = TypographyData::default()
                .merge_toml("t.toml", &text)
                .expect_err(list);
            assert!(e.reason.contains("空字符串"), "{list}: {}", e.reason);
        }
        // Ordinary patterns still load.
        TypographyData::default()
            .merge_toml(
                "t.toml",
                "[placeholders]\npatterns = ['X+号', '[×Ｘ]{2,}']\n",
            )
            .unwrap();
    }

    #[test]
    fn suspect_must_be_one_char() {
        let text = "[doubled]\nsuspects = [\"的的\"]\n";
        let e = TypographyData::default()
            .merge_toml("t.toml", text)
            .unwrap_err();
        assert!(e.reason.contains("不是一个字"));
    }

    #[test]
    fn unknown_key_is_an_error() {
        let e = TypographyData::default()
            .merge_toml("t.toml", "[doubled]\nsuspect = []\n")
            .unwrap_err();
        assert!(e.at.is_some());
    }

    #[test]
    fn allow_phrase_covers_pair() {
        let d = TypographyData::builtin();
        let t = "为了了解情况";
        let pos = t.find("了了").unwrap();
        assert!(d.doubling_allowed(t, pos, '了'));
        let t = "完成了了任务";
        let pos = t.find("了了").unwrap();
        assert!(!d.doubling_allowed(t, pos, '了'));
    }
}
