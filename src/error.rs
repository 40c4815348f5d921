//! Tool errors and warnings every stage may use (a leaf: imports nothing
//! from the crate).
//!
//! Findings about documents are [`crate::diag::Diagnostic`]s; what is here
//! is about the tool's own inputs: a rule-data file that cannot be used
//! ([`InvalidRulesFile`], rendered by miette with a span into the file) and
//! soft problems the caller should show but that do not stop a run
//! ([`Warning`]). Library code never prints: it returns these.

/// A rule-data file that failed to load, pointing into the file.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error(
    "{}{path}",
    crate::i18n::pick("规则文件无效：", "invalid rules file: ")
)]
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

/// A problem with the tool's input that does not stop the run (an obsolete
/// setting, say). The caller decides how to show it; the CLI prints
/// `gwlint: 警告：{path}：{message}` on standard error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file it is about, if any.
    pub path: Option<String>,
    /// One line in Chinese.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{p}：{}", self.message),
            None => f.write_str(&self.message),
        }
    }
}
