//! The check stage's input: rule settings plus the data the rules read
//! (registries, typography lists, indicators), assembled from the
//! user-extensible files under `rules/`.
//!
//! Built-in data is embedded from the repository's `rules/` directory; a user
//! can add files of their own (`--rules`), which are merged over it. Invalid
//! data is a tool error reported with miette, pointing into the file.

use super::RuleSettings;
use crate::error::Warning;

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
    /// Rule packs, compiled (`rules/packs/` built-ins plus `--packs DIR`).
    pub packs: std::sync::Arc<super::packs::PackSet>,
}

impl Data {
    /// The built-in data.
    pub fn builtin() -> Self {
        Data {
            settings: RuleSettings::builtin(),
            names: super::packs::builtin_names(),
            typography: super::typography::data::TypographyData::builtin(),
            targets: Default::default(),
            packs: super::packs::builtin_set(),
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
            "{}",
            crate::tr!(
                "无法读取规则文件 {}：{e}",
                "cannot read the rules file {}: {e}",
                path.display()
            )
        )
    })?;
    data.settings
        .merge_text(&path.display().to_string(), &text)
        .map_err(|e| miette::Report::new(*e))
}
