//! `gwlint.toml`: a repository's configuration file, parsed strictly.
//!
//! Every key is validated when the file is read, so an error points at the
//! place in the file ([`InvalidConfigFile`], miette, Chinese, exit code 2):
//! an unknown key, a value of the wrong type, an unknown `output-format` or
//! `fail-on`. Rule sections (`[rules.R001]`) are the same tables as
//! `rules/rules.toml` and are validated by
//! [`crate::rules::settings::RuleSettings::merge_layer`] when the settings
//! are assembled ([`super::load`]), as are rule selectors, which may name
//! the rules of packs the file loads.
//!
//! Relative paths (`registry`, `indicators`, `packs`, `rule-files`, `pairs`)
//! resolve against the directory of the file; `exclude` and
//! `per-file-ignores` globs match paths relative to it.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diag::output::OutputFormat;
use crate::diag::Severity;
use crate::error::InvalidRulesFile;
use crate::rules::settings::RawSections;

/// The name of the configuration file looked up from each checked file's
/// directory upwards.
pub const FILE_NAME: &str = "gwlint.toml";

/// Every top-level key, in the order `gwlint config` prints them.
pub const KEYS: &[&str] = &[
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "exclude",
    "force-exclude",
    "fail-on",
    "output-format",
    "show-fixes",
    "unsafe-fixes",
    "jurisdiction",
    "registry",
    "indicators",
    "packs",
    "rule-files",
    "pairs",
    "docx-max-inflated",
    "docx-max-ratio",
    "rules",
];

/// A configuration file that cannot be used, pointing into it.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error(
    "{}{path}",
    crate::i18n::pick("配置文件无效：", "invalid configuration file: ")
)]
#[diagnostic(code(gwlint::invalid_config))]
pub struct InvalidConfigFile {
    /// The file as shown.
    pub path: String,
    /// The file's text.
    #[source_code]
    pub src: miette::NamedSource<String>,
    /// Where.
    #[label("{reason}")]
    pub at: Option<miette::SourceSpan>,
    /// Why.
    pub reason: String,
    /// Suggestion.
    #[help]
    pub help: Option<String>,
}

impl From<InvalidRulesFile> for InvalidConfigFile {
    fn from(e: InvalidRulesFile) -> Self {
        InvalidConfigFile {
            path: e.path,
            src: e.src,
            at: e.at,
            reason: e.reason,
            help: e.help,
        }
    }
}

/// A value and where it is written (byte range in the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Byte range in the file.
    pub span: Range<usize>,
}

impl<T> At<T> {
    fn from(s: Spanned<T>) -> Self {
        let span = s.span();
        At {
            value: s.into_inner(),
            span,
        }
    }
}

/// One explicit report ↔ annex pair.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPair {
    report: Spanned<String>,
    annex: Spanned<String>,
}

type SpannedList = Spanned<Vec<Spanned<String>>>;

/// A list written in the file, each item with its place.
pub type AtList<T> = At<Vec<At<T>>>;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Raw {
    select: Option<SpannedList>,
    extend_select: Option<SpannedList>,
    ignore: Option<SpannedList>,
    per_file_ignores: Option<Spanned<BTreeMap<Spanned<String>, SpannedList>>>,
    exclude: Option<SpannedList>,
    force_exclude: Option<Spanned<bool>>,
    fail_on: Option<Spanned<String>>,
    output_format: Option<Spanned<String>>,
    show_fixes: Option<Spanned<bool>>,
    unsafe_fixes: Option<Spanned<bool>>,
    jurisdiction: Option<Spanned<String>>,
    registry: Option<SpannedList>,
    indicators: Option<SpannedList>,
    packs: Option<SpannedList>,
    rule_files: Option<SpannedList>,
    pairs: Option<Spanned<Vec<Spanned<RawPair>>>>,
    docx_max_inflated: Option<Spanned<u64>>,
    docx_max_ratio: Option<Spanned<u64>>,
    rules: Option<RawSections>,
}

/// A validated `gwlint.toml`.
#[derive(Debug, Clone, Default)]
pub struct ConfigFile {
    /// The file (absolute).
    pub path: PathBuf,
    /// How the file is shown in messages.
    pub shown: String,
    /// The directory relative paths resolve against.
    pub dir: PathBuf,
    /// The file's text (spans point into it).
    pub text: String,
    /// `select`.
    pub select: Option<At<Vec<At<String>>>>,
    /// `extend-select`.
    pub extend_select: Option<At<Vec<At<String>>>>,
    /// `ignore`.
    pub ignore: Option<At<Vec<At<String>>>>,
    /// `per-file-ignores`: glob → selectors.
    pub per_file_ignores: Vec<(At<String>, Vec<At<String>>)>,
    /// Span of the `per-file-ignores` table.
    pub per_file_ignores_span: Option<Range<usize>>,
    /// `exclude` globs.
    pub exclude: Option<At<Vec<At<String>>>>,
    /// `exclude`, compiled.
    pub exclude_globs: Option<super::groups::Globs>,
    /// `force-exclude`: also exclude files named on the command line.
    pub force_exclude: Option<At<bool>>,
    /// `fail-on`.
    pub fail_on: Option<At<Severity>>,
    /// `output-format`.
    pub output_format: Option<At<OutputFormat>>,
    /// `show-fixes`.
    pub show_fixes: Option<At<bool>>,
    /// `unsafe-fixes`.
    pub unsafe_fixes: Option<At<bool>>,
    /// `jurisdiction`.
    pub jurisdiction: Option<At<String>>,
    /// `registry` directories or files, resolved.
    pub registry: Option<At<Vec<At<PathBuf>>>>,
    /// `indicators` files, resolved.
    pub indicators: Option<At<Vec<At<PathBuf>>>>,
    /// `packs` directories, resolved.
    pub packs: Option<At<Vec<At<PathBuf>>>>,
    /// `rule-files`: `rules.toml`-shaped (or `typography.toml`) files, resolved.
    pub rule_files: Option<At<Vec<At<PathBuf>>>>,
    /// `pairs`, resolved.
    pub pairs: Option<AtList<(PathBuf, PathBuf)>>,
    /// `docx-max-inflated`.
    pub docx_max_inflated: Option<At<u64>>,
    /// `docx-max-ratio`.
    pub docx_max_ratio: Option<At<u64>>,
    /// `[rules.CODE]` sections, as written.
    pub rules: RawSections,
}

impl ConfigFile {
    /// An error at `span` of this file.
    pub fn error(
        &self,
        span: Range<usize>,
        reason: String,
        help: Option<String>,
    ) -> Box<InvalidConfigFile> {
        error_at(&self.shown, &self.text, span, reason, help)
    }

    /// `line:column` (1-based, columns in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    /// Reads and validates the file at `path`.
    pub fn read(path: &Path) -> Result<Self, Box<InvalidConfigFile>> {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        // Shown relative to the current directory when it is below it.
        let shown = std::env::current_dir()
            .ok()
            .and_then(|cwd| abs.strip_prefix(cwd).ok().map(Path::to_path_buf))
            .map_or_else(
                || crate::load::discover_name(path),
                |rel| crate::load::discover_name(&rel),
            );
        let text = std::fs::read_to_string(path).map_err(|e| {
            Box::new(InvalidConfigFile {
                path: shown.clone(),
                src: miette::NamedSource::new(shown.clone(), String::new()),
                at: None,
                reason: crate::tr!("无法读取：{e}", "cannot read: {e}"),
                help: None,
            })
        })?;
        let dir = abs
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Self::parse(&shown, &text, abs, dir)
    }

    /// Validates `text` as the file `path` whose relative paths resolve
    /// against `dir`.
    pub fn parse(
        shown: &str,
        text: &str,
        path: PathBuf,
        dir: PathBuf,
    ) -> Result<Self, Box<InvalidConfigFile>> {
        let err = |span: Range<usize>, reason: String, help: Option<String>| {
            error_at(shown, text, span, reason, help)
        };
        // Pass 1: the syntax and the top-level keys.
        let top: BTreeMap<Spanned<String>, serde::de::IgnoredAny> =
            toml::from_str(text).map_err(|e| {
                err(
                    e.span().unwrap_or(0..0),
                    crate::tr!(
                        "不是有效的 TOML：{}",
                        "not valid TOML: {}",
                        crate::rules::settings::zh(e.message().trim()).replace('\n', "；")
                    ),
                    None,
                )
            })?;
        for key in top.keys() {
            let k = key.get_ref().as_str();
            if !KEYS.contains(&k) {
                return Err(err(
                    key.span(),
                    crate::tr!("未知的配置项“{k}”", "unknown key “{k}”"),
                    Some(key_help(k)),
                ));
            }
        }
        // Pass 2: types, with the key the error is in.
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            // The key written last before the error is the one it is in.
            let key = top
                .keys()
                .filter(|k| k.span().start <= span.start)
                .max_by_key(|k| k.span().start)
                .map(|k| k.get_ref().clone());
            let (reason, help) = type_message(key.as_deref(), e.message());
            err(span, reason, help)
        })?;
        let mut cfg = ConfigFile {
            shown: shown.to_string(),
            text: text.to_string(),
            path,
            dir,
            ..Default::default()
        };
        fn list(l: Option<SpannedList>) -> Option<At<Vec<At<String>>>> {
            l.map(|l| {
                let span = l.span();
                At {
                    value: l.into_inner().into_iter().map(At::from).collect(),
                    span,
                }
            })
        }
        let resolve = |l: Option<SpannedList>, dir: &Path| {
            list(l).map(|l| At {
                span: l.span,
                value: l
                    .value
                    .into_iter()
                    .map(|p| At {
                        value: dir.join(&p.value),
                        span: p.span,
                    })
                    .collect(),
            })
        };
        cfg.select = list(raw.select);
        cfg.extend_select = list(raw.extend_select);
        cfg.ignore = list(raw.ignore);
        cfg.exclude = list(raw.exclude);
        if let Some(p) = raw.per_file_ignores {
            cfg.per_file_ignores_span = Some(p.span());
            for (glob, codes) in p.into_inner() {
                let codes = list(Some(codes)).map(|l| l.value).unwrap_or_default();
                cfg.per_file_ignores.push((At::from(glob), codes));
            }
        }
        for g in cfg
            .exclude
            .iter()
            .flat_map(|l| l.value.iter())
            .chain(cfg.per_file_ignores.iter().map(|(g, _)| g))
        {
            if let Err(e) = globset::Glob::new(&g.value) {
                return Err(err(
                    g.span.clone(),
                    crate::tr!(
                        "“{}”不是有效的通配符：{}",
                        "“{}” is not a valid glob: {}",
                        g.value,
                        e.kind()
                    ),
                    Some(
                        crate::i18n::pick(
                            "例如 \"归档/**\"、\"*.docx\"、\"**/附件*.md\"",
                            "e.g. \"archive/**\", \"*.docx\", \"**/annex*.md\"",
                        )
                        .into(),
                    ),
                ));
            }
        }
        cfg.exclude_globs = cfg
            .exclude
            .as_ref()
            .map(|e| super::groups::Globs::new(&e.value));
        cfg.force_exclude = raw.force_exclude.map(At::from);
        cfg.show_fixes = raw.show_fixes.map(At::from);
        cfg.unsafe_fixes = raw.unsafe_fixes.map(At::from);
        cfg.docx_max_inflated = raw.docx_max_inflated.map(At::from);
        cfg.docx_max_ratio = raw.docx_max_ratio.map(At::from);
        if let Some(f) = raw.fail_on {
            let v = At::from(f);
            let Some(sev) = parse_enum::<Severity>(&v.value) else {
                return Err(err(
                    v.span,
                    crate::tr!(
                        "fail-on 的值“{}”无效",
                        "invalid value “{}” for fail-on",
                        v.value
                    ),
                    Some(crate::tr!(
                        "可选：{}",
                        "one of: {}",
                        names::<Severity>().join(crate::i18n::pick("、", ", "))
                    )),
                ));
            };
            cfg.fail_on = Some(At {
                value: sev,
                span: v.span,
            });
        }
        if let Some(f) = raw.output_format {
            let v = At::from(f);
            let Some(fmt) = parse_enum::<OutputFormat>(&v.value) else {
                return Err(err(
                    v.span,
                    crate::tr!(
                        "output-format 的值“{}”无效",
                        "invalid value “{}” for output-format",
                        v.value
                    ),
                    Some(crate::tr!(
                        "可选：{}",
                        "one of: {}",
                        names::<OutputFormat>().join(crate::i18n::pick("、", ", "))
                    )),
                ));
            };
            cfg.output_format = Some(At {
                value: fmt,
                span: v.span,
            });
        }
        cfg.jurisdiction = raw.jurisdiction.map(At::from);
        let dir = cfg.dir.clone();
        cfg.registry = resolve(raw.registry, &dir);
        cfg.indicators = resolve(raw.indicators, &dir);
        cfg.packs = resolve(raw.packs, &dir);
        cfg.rule_files = resolve(raw.rule_files, &dir);
        if let Some(p) = raw.pairs {
            let span = p.span();
            let mut value = Vec::new();
            for pair in p.into_inner() {
                let span = pair.span();
                let pair = pair.into_inner();
                let (r, a) = (
                    dir.join(pair.report.get_ref()),
                    dir.join(pair.annex.get_ref()),
                );
                for (p, s) in [(&r, pair.report.span()), (&a, pair.annex.span())] {
                    if !p.exists() {
                        return Err(err(
                            s,
                            crate::tr!(
                                "文件不存在：{}",
                                "no such file: {}",
                                crate::load::discover_name(p)
                            ),
                            Some(
                                crate::i18n::pick(
                                    crate::i18n::pick(
                                        "相对路径以 gwlint.toml 所在目录为准",
                                        "relative paths start from the folder of gwlint.toml",
                                    ),
                                    "relative paths start from the folder of gwlint.toml",
                                )
                                .into(),
                            ),
                        ));
                    }
                }
                value.push(At {
                    value: (r, a),
                    span,
                });
            }
            cfg.pairs = Some(At { value, span });
        }
        cfg.rules = raw.rules.unwrap_or_default();
        Ok(cfg)
    }
}

fn error_at(
    shown: &str,
    text: &str,
    span: Range<usize>,
    reason: String,
    help: Option<String>,
) -> Box<InvalidConfigFile> {
    // An error at the very end (a missing `]`) points at the last character.
    let start = span.start.min(text.len().saturating_sub(1));
    let start = (0..=start)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let len = span.end.min(text.len()).saturating_sub(start).max(1);
    Box::new(InvalidConfigFile {
        path: shown.to_string(),
        src: miette::NamedSource::new(shown, text.to_string()),
        at: Some((start, len).into()),
        reason,
        help,
    })
}

fn parse_enum<T: clap::ValueEnum>(s: &str) -> Option<T> {
    T::from_str(s, false).ok()
}

fn names<T: clap::ValueEnum>() -> Vec<String> {
    T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect()
}

/// Help for an unknown key: the key it probably means, and the list.
fn key_help(k: &str) -> String {
    let norm = k.replace('_', "-").to_ascii_lowercase();
    let close = KEYS
        .iter()
        .map(|c| (edit_distance(c, &norm), c))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c);
    let hint = match close {
        Some(c) => crate::tr!("是不是 {c}？", "did you mean {c}? "),
        None if crate::rules::codes::TABLE.iter().any(|(c, _)| *c == k) || pack_code(k) => {
            crate::tr!(
                "规则设置写在 [rules.{k}] 之下；",
                "rule settings go under [rules.{k}]; "
            )
        }
        None => String::new(),
    };
    crate::tr!(
        "{hint}可用的配置项：{}",
        "{hint}known keys: {}",
        KEYS.join(crate::i18n::pick("、", ", "))
    )
}

/// Whether a key is written like a pack rule's code (`U001`, `GF002`).
fn pack_code(k: &str) -> bool {
    let digits = k.trim_start_matches(|c: char| c.is_ascii_uppercase());
    digits.len() == 3
        && digits.bytes().all(|b| b.is_ascii_digit())
        && crate::rules::packs::valid_prefix(&k[..k.len() - 3])
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let cur = row[j + 1];
            row[j + 1] = if ca == b[j] {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// A type error from serde, in Chinese, naming the key.
fn type_message(key: Option<&str>, msg: &str) -> (String, Option<String>) {
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        let within = key.unwrap_or("");
        let help = if within == "pairs" {
            Some(
                crate::i18n::pick(
                    "每一对写成 { report = \"报告.txt\", annex = \"分工.md\" }",
                    "write each pair as { report = \"report.txt\", annex = \"annex.md\" }",
                )
                .to_string(),
            )
        } else {
            None
        };
        return (
            crate::tr!(
                "{within} 中未知的键“{field}”",
                "unknown key “{field}” in {within}"
            ),
            help,
        );
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return (
            crate::tr!(
                "{} 缺少“{field}”",
                "{} lacks “{field}”",
                key.unwrap_or(crate::i18n::pick("配置", "the configuration"))
            ),
            Some(
                crate::i18n::pick(
                    "每一对写成 { report = \"报告.txt\", annex = \"分工.md\" }",
                    "write each pair as { report = \"report.txt\", annex = \"annex.md\" }",
                )
                .to_string(),
            ),
        );
    }
    let zh = crate::rules::settings::zh(msg);
    let help = match key {
        Some(
            "select" | "extend-select" | "ignore" | "exclude" | "registry" | "indicators" | "packs"
            | "rule-files",
        ) => Some(
            crate::i18n::pick(
                "写成字符串数组，例如 [\"T\", \"S001\"]",
                "write an array of strings, e.g. [\"T\", \"S001\"]",
            )
            .to_string(),
        ),
        Some("per-file-ignores") => Some(
            crate::i18n::pick(
                "写成 通配符 = [规则…]，例如 \"草稿/*.md\" = [\"R005\"]",
                "write glob = [rules…], e.g. \"drafts/*.md\" = [\"R005\"]",
            )
            .to_string(),
        ),
        _ => None,
    };
    match key {
        Some(k) => (crate::tr!("配置项“{k}”{zh}", "key “{k}”: {zh}"), help),
        None => (zh, help),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, Box<InvalidConfigFile>> {
        ConfigFile::parse("gwlint.toml", text, "gwlint.toml".into(), ".".into())
    }

    fn err(text: &str) -> (String, String) {
        let e = parse(text).expect_err("invalid");
        let at = e.at.expect("points into the file");
        (
            e.reason.clone(),
            text[at.offset()..at.offset() + at.len()].to_string(),
        )
    }

    #[test]
    fn keys_are_read_with_their_places() {
        let text =
            "select = [\"T\", \"S001\"]\nfail-on = \"warning\"\n[rules.R001]\nmin_chars = 4\n";
        let c = parse(text).unwrap();
        let sel = c.select.as_ref().unwrap();
        assert_eq!(&text[sel.value[1].span.clone()], "\"S001\"");
        assert_eq!(c.fail_on.as_ref().unwrap().value, Severity::Warning);
        assert_eq!(c.rules.len(), 1);
        assert_eq!(c.line_col(text.find("min_chars").unwrap()), (4, 1));
    }

    #[test]
    fn unknown_keys_and_wrong_types_point_at_the_place() {
        let (r, at) = err("selct = [\"T\"]\n");
        assert_eq!(r, "未知的配置项“selct”");
        assert_eq!(at, "selct");
        let (r, at) = err("select = \"T\"\n");
        assert!(r.starts_with("配置项“select”类型不对"), "{r}");
        assert_eq!(at, "\"T\"");
        let (r, at) = err("fail-on = \"loud\"\n");
        assert_eq!(r, "fail-on 的值“loud”无效");
        assert_eq!(at, "\"loud\"");
        let (r, _) = err("exclude = [\"a/[\"]\n");
        assert!(r.contains("不是有效的通配符"), "{r}");
        let (r, at) = err("pairs = [{ report = \"a\", anex = \"b\" }]\n");
        assert_eq!(r, "pairs 中未知的键“anex”");
        assert_eq!(at, "anex");
    }

    #[test]
    fn a_misspelt_key_gets_a_suggestion() {
        assert!(key_help("extend_select").starts_with("是不是 extend-select？"));
        assert!(key_help("selct").starts_with("是不是 select？"));
        assert!(key_help("T001").starts_with("规则设置写在 [rules.T001] 之下"));
    }
}
