//! Reading pack files: includes, built-in packs, directories.

use std::path::{Path, PathBuf};

use super::compile::compile_rule;
use super::*;

/// The placeholders a message may use.
pub(super) const PLACEHOLDERS: &[&str] = &[
    "matched",
    "preferred",
    "count",
    "min",
    "max",
    "then",
    "scope",
];

pub(super) fn invalid(
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

pub(super) fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// Whether `prefix` is a valid pack prefix: `U`, or 2–4 capital letters not
/// starting with a built-in family letter.
pub fn valid_prefix(prefix: &str) -> bool {
    let caps = prefix.chars().all(|c| c.is_ascii_uppercase());
    if prefix == "U" {
        return true;
    }
    caps && (2..=4).contains(&prefix.len())
        && !crate::rules::codes::FAMILY_LETTERS.contains(&prefix[..1])
}

/// Where the loader is reading from: a built-in pack or a file on disk.
#[derive(Debug, Clone)]
pub(super) enum Origin {
    Builtin(&'static str),
    BuiltinRegistry(&'static str),
    File(PathBuf),
}

/// What a file is, by its first table: a rule pack (`[pack]`) or a
/// unit-name registry (`[jurisdiction]`).
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    pack: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    jurisdiction: Option<serde::de::IgnoredAny>,
}

pub(super) struct Loader {
    pub(super) run_tests: bool,
    pub(super) stack: Vec<String>,
}

impl Loader {
    pub(super) fn load(&mut self, origin: Origin) -> Result<Pack, Box<InvalidRulesFile>> {
        let (shown, text) = match &origin {
            Origin::Builtin(name) => {
                let text = BUILTIN
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, t)| t.to_string())
                    .unwrap_or_default();
                (format!("rules/packs/{name}.toml"), text)
            }
            Origin::BuiltinRegistry(id) => {
                let text = BUILTIN_REGISTRIES
                    .iter()
                    .find(|(n, _)| n == id)
                    .map(|(_, t)| t.to_string())
                    .unwrap_or_default();
                (format!("rules/registries/{id}.toml"), text)
            }
            Origin::File(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| {
                    Box::new(InvalidRulesFile {
                        path: p.display().to_string(),
                        src: miette::NamedSource::new(p.display().to_string(), String::new()),
                        at: None,
                        reason: crate::tr!("无法读取规则包：{e}", "cannot read the rule pack: {e}"),
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
                crate::tr!(
                    "规则包循环包含：{} → {shown}",
                    "rule packs include each other: {} → {shown}",
                    self.stack.join(" → ")
                ),
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
        if let Ok(Probe {
            pack: None,
            jurisdiction,
        }) = crate::load::embedded::from_toml::<Probe>(&text)
        {
            if jurisdiction.is_none() {
                return Err(Box::new(invalid(
                    shown,
                    &text,
                    0..0,
                    crate::i18n::pick("文件里既没有 [pack]（规则包）也没有 [jurisdiction]（单位名录）", "the file has neither [pack] (a rule pack) nor [jurisdiction] (a unit registry)").into(),
                    Some(crate::i18n::pick("规则包以 [pack] 开头（gwlint new-rule 类型 打印模板）；单位名录以 [jurisdiction] 开头（gwlint registry learn 生成草稿）", "a rule pack starts with [pack] (gwlint new-rule TYPE prints a template); a unit registry starts with [jurisdiction] (gwlint registry learn drafts one)").into()),
                )));
            }
            // A registry: a pack of unit names, with self-tests of its own
            // (run with the directory's character table, see `load_dir_with`).
            let reg = Registry::parse(shown, &text)?;
            return Ok(Pack {
                name: reg.id.clone(),
                default: true,
                registries: vec![Arc::new(reg)],
                ..Pack::default()
            });
        }
        let text = Arc::new(text);
        let file: PackFile = crate::load::embedded::from_toml(&text).map_err(|e| {
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
                crate::tr!("规则包的代码前缀“{prefix}”无效", "invalid code prefix “{prefix}” for a rule pack"),
                Some(crate::tr!("前缀应为 U，或 2 到 4 个大写字母且首字母不是内置规则的族字母（{}），例如 GF、ZW", "the prefix is U, or 2 to 4 capital letters not starting with a built-in family letter ({}), e.g. GF, ZW",
                    crate::rules::codes::FAMILY_LETTERS
                )),
            ));
        }
        let mut included = Pack::default();
        // Includes first: a pack extends what it includes.
        for inc in &header.include {
            let name = inc.get_ref().as_str();
            let target = if let Some(b) = BUILTIN.iter().find(|(n, _)| *n == name) {
                Origin::Builtin(b.0)
            } else if let Some(b) = BUILTIN_REGISTRIES.iter().find(|(n, _)| *n == name) {
                Origin::BuiltinRegistry(b.0)
            } else {
                let base = match origin {
                    Origin::File(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
                    Origin::Builtin(_) | Origin::BuiltinRegistry(_) => PathBuf::from("rules/packs"),
                };
                let p = base.join(name);
                if !p.is_file() {
                    return Err(err(
                        inc.span(),
                        crate::tr!("找不到要包含的规则包“{name}”", "no rule pack “{name}” to include"),
                        Some(crate::tr!(
                            "写内置规则包或单位名录的名称（{}），或相对于本文件的路径", "write the name of a built-in pack or registry ({}) or a path relative to this file",
                            BUILTIN
                                .iter()
                                .chain(BUILTIN_REGISTRIES)
                                .map(|(n, _)| *n)
                                .collect::<Vec<_>>()
                                .join(crate::i18n::pick("、", ", "))
                        )),
                    ));
                }
                Origin::File(p)
            };
            included.extend(self.load(target)?);
        }
        let mut rules = std::mem::take(&mut included.rules);
        let source_of = |span: Range<usize>| RuleSource {
            path: shown.to_string(),
            text: text.clone(),
            span,
        };
        let mut own: Vec<Arc<PackRule>> = Vec::new();
        for def in &file.rule {
            let span = def.span();
            let on_disk = matches!(origin, Origin::File(_));
            let rule = compile_rule(def.get_ref(), header, source_of(span), on_disk)?;
            if rules
                .iter()
                .chain(&own)
                .any(|r| r.meta.code == rule.meta.code)
            {
                return Err(err(
                    def.get_ref().code.span(),
                    crate::tr!(
                        "规则代码 {} 重复",
                        "rule code {} appears twice",
                        rule.meta.code
                    ),
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
                    crate::tr!(
                        "规则名称 {} 重复",
                        "rule name {} appears twice",
                        rule.meta.name
                    ),
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
                    crate::tr!(
                        "disable 中的“{code}”不是本包或所含规则包的规则",
                        "“{code}” in disable is no rule of this pack or the packs it includes"
                    ),
                    None,
                ));
            }
        }
        Ok(Pack {
            name: header.name.get_ref().clone(),
            rules,
            default: header.default,
            ..included
        })
    }
}

/// Runs the self-tests of a loaded pack's registries, with the built-in
/// character table extended by the pack's own tables (rules are tested as
/// they load).
fn test_registries(pack: &Pack) -> Result<(), Box<InvalidRulesFile>> {
    if pack.registries.is_empty() {
        return Ok(());
    }
    let conf = pack.confusables()?;
    for r in &pack.registries {
        selftest::check_registry(r, &conf)?;
    }
    Ok(())
}

/// Loads one pack file (its includes resolved) and runs its self-tests.
pub fn load_file(path: &Path) -> Result<Pack, miette::Report> {
    let pack = Loader {
        run_tests: true,
        stack: Vec::new(),
    }
    .load(Origin::File(path.to_path_buf()))
    .map_err(|e| miette::Report::new(*e))?;
    test_registries(&pack).map_err(|e| miette::Report::new(*e))?;
    Ok(pack)
}

/// Loads one registry file through the pack loader and runs its
/// self-tests (`gwlint registry check`).
pub fn load_registry(path: &Path) -> Result<Arc<Registry>, miette::Report> {
    let pack = load_file(path)?;
    match (pack.rules.is_empty(), pack.registries.as_slice()) {
        (true, [one]) => Ok(one.clone()),
        _ => Err(miette::miette!(
            code = "gwlint::not_a_registry",
            help = crate::i18n::pick("单位名录以 [jurisdiction] 开头；规则包用 gwlint test-rules 检验", "a unit registry starts with [jurisdiction]; rule packs are checked with gwlint test-rules"),
            "{}",
            crate::tr!(
                "{} 不是单位名录",
                "{} is not a unit registry",
                path.display()
            )
        )),
    }
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
            "{}",
            crate::tr!(
                "无法读取规则包目录 {}：{e}",
                "cannot read the rule pack folder {}: {e}",
                path.display()
            )
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
        default: true,
        ..Pack::default()
    };
    for f in files {
        if f.file_name().is_some_and(|n| n == "confusables.toml") {
            // Extends the character table of the registries loaded with it.
            let shown = f.display().to_string();
            let text = std::fs::read_to_string(&f).map_err(|e| {
                Box::new(InvalidRulesFile {
                    path: shown.clone(),
                    src: miette::NamedSource::new(shown.clone(), String::new()),
                    at: None,
                    reason: crate::tr!(
                        "无法读取形近字表：{e}",
                        "cannot read the confusable characters table: {e}"
                    ),
                    help: None,
                })
            })?;
            NameData::new(Arc::new(Confusables::builtin())).add_confusables(&shown, &text)?;
            pack.confusables.push(ConfusablesFile { path: shown, text });
            continue;
        }
        let mut p = Loader {
            run_tests,
            stack: Vec::new(),
        }
        .load(Origin::File(f))?;
        let rules = std::mem::take(&mut p.rules);
        pack.extend(p);
        for r in rules {
            match pack.rules.iter().find(|x| x.meta.code == r.meta.code) {
                // A rule included by two files of the directory counts once.
                Some(x) if x.source.path == r.source.path && x.source.span == r.source.span => {}
                Some(x) => {
                    return Err(Box::new(
                        r.source.error(
                            r.source.span.clone(),
                            crate::tr!(
                                "规则代码 {} 已由 {} 定义",
                                "rule code {} is already defined by {}",
                                r.meta.code,
                                x.source.path
                            ),
                            Some(
                                crate::i18n::pick(
                                    crate::i18n::pick(
                                        "同一目录里的规则包不能用同一个代码",
                                        "packs in one folder cannot use the same code",
                                    ),
                                    "packs in one folder cannot use the same code",
                                )
                                .into(),
                            ),
                        ),
                    ))
                }
                None => pack.rules.push(r),
            }
        }
    }
    if run_tests {
        test_registries(&pack)?;
    }
    Ok(pack)
}
