//! Registry self-tests: every `[[test]]` of a registry is checked through the
//! real pipeline, with that registry forced and the `names` rules at their
//! default levels. A failure points at the test's `text` in the TOML file.
//!
//! This is an orchestration step (it runs the pipeline and applies fixes), so
//! it lives here, above the rules, rather than in the `names` data module.

use std::sync::Arc;

use crate::error::InvalidRulesFile;
use crate::fix::{self, FixMode};
use crate::load::SourceFile;
use crate::names::registry::RegistryError;
use crate::names::{Confusables, Jurisdiction, NameData, Registry};
use crate::rules::data::Data;
use crate::rules::{codes, RuleSettings};

/// Runs every registry's self-tests; the first failure is the error.
pub fn run_all(names: &NameData) -> Result<(), RegistryError> {
    for r in names.registries() {
        run(r, &names.confusables)?;
    }
    Ok(())
}

/// Runs a registry's self-tests.
pub fn run(reg: &Registry, conf: &Arc<Confusables>) -> Result<(), RegistryError> {
    if reg.tests.is_empty() {
        return Ok(());
    }
    // Every expected code is a names rule's (checked before any test runs).
    for t in &reg.tests {
        for code in &t.expect {
            let known =
                codes::find(code).is_some_and(|(m, _)| m.family == "names" && m.code == code);
            if !known {
                return Err(Box::new(InvalidRulesFile {
                    path: reg.path.clone(),
                    src: miette::NamedSource::new(reg.path.clone(), reg.source.clone()),
                    at: Some((t.expect_span.start, t.expect_span.len().max(1)).into()),
                    reason: format!("“{code}”不是单位名称规则的代码（N001…）"),
                    help: None,
                }));
            }
        }
    }
    let mut names = NameData::default();
    names.confusables = conf.clone();
    names.add(reg.clone());
    names.jurisdiction = Jurisdiction::Fixed(reg.id.clone());
    let mut settings = RuleSettings::builtin();
    // The names rules that run by default, and nothing else.
    settings.select = codes::registry()
        .iter()
        .filter(|(m, _)| m.family == "names" && m.enabled)
        .map(|(m, _)| m.code.to_string())
        .collect();
    let mut data = Data {
        settings,
        ..Data::default()
    };
    data.names = names;
    for t in &reg.tests {
        let src = SourceFile::from_text("自检.txt", &t.text);
        let run = crate::pipeline::check_sources(vec![src], &data, &Default::default());
        let mut got: Vec<&str> = run.diagnostics.iter().map(|d| d.code).collect();
        let mut want: Vec<&str> = t.expect.iter().map(String::as_str).collect();
        got.sort_unstable();
        want.sort_unstable();
        let fail = |reason: String| {
            Box::new(InvalidRulesFile {
                path: reg.path.clone(),
                src: miette::NamedSource::new(reg.path.clone(), reg.source.clone()),
                at: Some((t.span.start, t.span.len().max(1)).into()),
                reason,
                help: Some(if run.diagnostics.is_empty() {
                    "实际没有任何发现".to_string()
                } else {
                    format!(
                        "实际发现：{}",
                        run.diagnostics
                            .iter()
                            .map(|d| format!("{} {}", d.code, d.message))
                            .collect::<Vec<_>>()
                            .join("；")
                    )
                }),
            })
        };
        if got != want {
            return Err(fail(format!(
                "单位名录自检失败：期望 [{}]，实际 [{}]",
                want.join(", "),
                got.join(", ")
            )));
        }
        if let Some(expected) = &t.fixed {
            let fixes = fix::apply(&run.sources, &run.diagnostics, FixMode::Unsafe);
            let after = fixes
                .first()
                .map(|f| f.text.as_str())
                .unwrap_or(&run.sources[0].text);
            if after != expected {
                return Err(fail(format!(
                    "单位名录自检失败：修复后应为“{expected}”，实际为“{after}”"
                )));
            }
        }
    }
    Ok(())
}
