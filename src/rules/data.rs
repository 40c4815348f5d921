//! The check stage's input: rule settings plus the data the rules read
//! (registries, typography lists, indicators), assembled from the
//! user-extensible files under `rules/`.
//!
//! Built-in data is embedded from the repository's `rules/` directory; a user
//! can add files of their own (`--rules`), which are merged over it. Invalid
//! data is a tool error reported with miette, pointing into the file.

use super::RuleSettings;
use crate::error::{InvalidRulesFile, Warning};

/// All data the rules read.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// Rule levels and options.
    pub settings: RuleSettings,
    /// Unit-name registries and the jurisdiction choice (rules N).
    pub names: crate::names::NameData,
    /// Typography data (`rules/typography.toml`).
    pub typography: super::typography::data::TypographyData,
    /// Indicators (`rules/indicators.toml`) and explicit report ↔ annex pairs.
    pub targets: crate::targets::TargetData,
}

impl Data {
    /// The built-in data.
    pub fn builtin() -> Self {
        Data {
            settings: RuleSettings::builtin(),
            names: crate::names::NameData::builtin(),
            typography: super::typography::data::TypographyData::builtin(),
            targets: Default::default(),
        }
    }
}

/// Merges a user's rules.toml over the settings. Unknown rule codes and
/// unreadable or invalid files are errors (exit code 2); settings of removed
/// rules are dropped and returned as warnings for the caller to show.
pub fn merge_rules_file(data: &mut Data, path: &std::path::Path) -> miette::Result<Vec<Warning>> {
    if super::typography::data::is_typography_file(path) {
        super::typography::data::merge_file(data, path)?;
        return Ok(Vec::new());
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
    let mut warnings = Vec::new();
    parsed.rules.retain(|code, _| {
        match super::codes::REMOVED.iter().find(|(old, _)| old == code) {
            Some((old, what)) => {
                warnings.push(Warning {
                    path: Some(path.display().to_string()),
                    message: format!("规则 {old} 已不存在（{what}），该设置被忽略"),
                });
                false
            }
            None => true,
        }
    });
    for code in parsed.rules.keys() {
        if super::codes::find(code).is_none() {
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
    Ok(warnings)
}
