//! Rule data: settings and the user-extensible files under `rules/`.
//!
//! Built-in data is embedded from the repository's `rules/` directory; a user
//! can add files of their own (`--rules`), which are merged over it. Invalid
//! data is a tool error reported with miette, pointing into the file.

use crate::rules::RuleSettings;

/// All data the rules read.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// Rule levels and options.
    pub settings: RuleSettings,
    /// Unit-name registries and the jurisdiction choice (rules N).
    pub names: crate::names::NameData,
    /// Typography data (`rules/typography.toml`).
    pub typography: crate::rules::typography::data::TypographyData,
    /// Indicators (`rules/indicators.toml`) and explicit report ↔ annex pairs.
    pub targets: crate::targets::TargetData,
}

impl Data {
    /// The built-in data.
    pub fn builtin() -> Self {
        Data {
            settings: RuleSettings::builtin(),
            names: crate::names::NameData::builtin(),
            typography: crate::rules::typography::data::TypographyData::builtin(),
            targets: Default::default(),
        }
    }
}

/// A rule-data file that failed to load, pointing into the file.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("规则文件无效：{path}")]
#[diagnostic(code(gwlint::invalid_rules_file))]
pub struct InvalidRulesFile {
    /// The file's path.
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

impl InvalidRulesFile {
    /// Builds the error from a TOML parse error.
    pub fn from_toml(path: &std::path::Path, text: String, e: &toml::de::Error) -> Self {
        let name = path.display().to_string();
        InvalidRulesFile {
            at: e
                .span()
                .map(|s| (s.start, s.end.saturating_sub(s.start).max(1)).into()),
            reason: e.message().to_string(),
            src: miette::NamedSource::new(name.clone(), text),
            path: name,
            help: None,
        }
    }
}

/// Merges a user's rules.toml over the settings. Unknown rule codes and
/// unreadable or invalid files are errors (exit code 2).
pub fn merge_rules_file(data: &mut Data, path: &std::path::Path) -> miette::Result<()> {
    if crate::rules::typography::data::is_typography_file(path) {
        return crate::rules::typography::data::merge_file(data, path);
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        miette::miette!(
            code = "gwlint::unreadable_rules_file",
            "无法读取规则文件 {}：{e}",
            path.display()
        )
    })?;
    let mut parsed = RuleSettings::from_toml(&text)
        .map_err(|e| InvalidRulesFile::from_toml(path, text.clone(), &e))?;
    // Codes that were renamed or removed warn instead of failing, so an
    // office's old settings keep working.
    parsed.rules.retain(|code, _| {
        match crate::rules::codes::REMOVED
            .iter()
            .find(|(old, _)| old == code)
        {
            Some((old, what)) => {
                eprintln!(
                    "gwlint: 警告：{}：规则 {old} 已不存在（{what}），该设置被忽略",
                    path.display()
                );
                false
            }
            None => true,
        }
    });
    for code in parsed.rules.keys() {
        if crate::rules::codes::find(code).is_none() {
            let at = text
                .find(&format!("[{code}]"))
                .map(|s| (s + 1, code.len()).into());
            return Err(InvalidRulesFile {
                path: path.display().to_string(),
                src: miette::NamedSource::new(path.display().to_string(), text.clone()),
                at,
                reason: format!("没有代码为 {code} 的规则"),
                help: Some("用 gwlint rules 查看全部规则代码".into()),
            }
            .into());
        }
    }
    data.settings.merge(parsed);
    Ok(())
}
