//! Rule settings: default severities and options from `rules/rules.toml`,
//! overridden by the command line.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diag::Severity;

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

/// One rule's entry in `rules/rules.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct RuleSetting {
    /// Default level.
    pub level: Level,
    /// Rule-specific options (read by the rule).
    #[serde(flatten)]
    pub options: toml::Table,
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
}

impl RuleSettings {
    /// The embedded `rules/rules.toml`.
    pub const DEFAULT_TOML: &'static str = include_str!("../../rules/rules.toml");

    /// Parses a rules.toml text.
    pub fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        let rules: BTreeMap<String, RuleSetting> = toml::from_str(text)?;
        Ok(RuleSettings {
            rules,
            ..Default::default()
        })
    }

    /// The built-in defaults.
    pub fn builtin() -> Self {
        Self::from_toml(Self::DEFAULT_TOML).expect("rules/rules.toml is valid (checked by tests)")
    }

    /// Overlays another settings file (a user's) on this one.
    pub fn merge(&mut self, other: RuleSettings) {
        for (k, v) in other.rules {
            match self.rules.get_mut(&k) {
                Some(cur) => {
                    cur.level = v.level;
                    for (ok, ov) in v.options {
                        cur.options.insert(ok, ov);
                    }
                }
                None => {
                    self.rules.insert(k, v);
                }
            }
        }
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
        let configured = self.rules.get(meta.code).map(|s| s.level.severity());
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

    /// A rule option.
    pub fn option(&self, code: &str, key: &str) -> Option<&toml::Value> {
        self.rules.get(code)?.options.get(key)
    }
}
