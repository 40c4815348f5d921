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
    /// The id of the unit registry a text belongs to, as the N rules
    /// choose it (`--jurisdiction`: detected from the text, fixed, or none).
    pub fn registry_id(&self, text: &str) -> Option<String> {
        match &self.names.jurisdiction {
            crate::names::Jurisdiction::None => None,
            crate::names::Jurisdiction::Fixed(id) => Some(id.clone()),
            crate::names::Jurisdiction::Auto => self.names.detect(text).map(|r| r.id.clone()),
        }
    }

    /// The built-in data.
    ///
    /// Its independent parts are read in parallel (they are most of the
    /// fixed cost of a check before any file is parsed).
    pub fn builtin() -> Self {
        // The pack set, the largest part, starts first; the other thread
        // reads the settings and the typography data, then the names.
        let ((packs, names), (settings, typography)) = rayon::join(
            || rayon::join(super::packs::builtin_set, super::packs::builtin_names),
            || {
                (
                    RuleSettings::builtin(),
                    super::typography::data::TypographyData::builtin(),
                )
            },
        );
        Data {
            settings,
            names,
            typography,
            targets: Default::default(),
            packs,
        }
    }
}

impl Data {
    /// Builds the matchers this run's rules will need and that are
    /// otherwise built on first use — the pack automaton and regexes, the
    /// placeholder regex, the registries of the texts' jurisdictions, the
    /// indicators — so that the pipeline can build them on another thread
    /// while the documents are parsed. The findings do not depend on it.
    pub fn warm<'a>(&self, texts: impl IntoIterator<Item = &'a str>) {
        let on = |pick: &dyn Fn(&super::RuleMeta) -> bool| {
            super::codes::registry()
                .iter()
                .any(|(m, _)| pick(m) && self.settings.effective(m).is_some())
        };
        if self
            .packs
            .metas()
            .any(|m| self.settings.effective(m).is_some())
        {
            self.packs.warm();
        }
        if on(&|m| m.code == "R005") {
            self.typography.placeholder_regex();
        }
        if on(&|m| m.family == "names") {
            use crate::names::Jurisdiction;
            let names = &self.names;
            let mut used: Vec<&crate::names::Registry> = Vec::new();
            match &names.jurisdiction {
                Jurisdiction::None => {}
                Jurisdiction::Fixed(id) => used.extend(names.get(id)),
                Jurisdiction::Auto => {
                    for t in texts {
                        if let Some(r) = names.detect(t) {
                            if !used.iter().any(|u| std::ptr::eq(*u, r)) {
                                used.push(r);
                            }
                        }
                    }
                }
            }
            for r in used {
                r.warm(&names.confusables);
            }
        }
        if super::reads_links(&self.settings) {
            self.targets.indicators.list();
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
