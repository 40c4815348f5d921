//! `gwlint inspect`: what the parser understood.

use serde::Serialize;

use super::{InspectArgs, EXIT_OK, EXIT_TOOL};
use crate::model::inspect::{pos, DocumentView, Pos};

/// A quantitative target as extracted (see `src/targets`).
#[derive(Debug, Serialize)]
struct TargetView {
    /// Indicator name (from rules/indicators.toml) or the subject as written.
    indicator: String,
    /// Whether the indicator is a known one.
    known: bool,
    /// `增长5.6%`.
    target: String,
    /// A stretch target (力争…).
    stretch: bool,
    /// A result of past work, not a target.
    achieved: bool,
    /// Year, when written.
    year: Option<u32>,
    /// Where the value is.
    at: Pos,
}

#[derive(Debug, Serialize)]
struct InspectView {
    #[serde(flatten)]
    doc: DocumentView,
    targets: Vec<TargetView>,
}

pub(super) fn run(a: InspectArgs) -> miette::Result<u8> {
    let settings = a.common.settings_for(
        &a.file,
        super::Selection {
            select: Vec::new(),
            ignore: Vec::new(),
            extend_select: Vec::new(),
        },
    )?;
    let (sources, skipped) = super::check::load_all(std::slice::from_ref(&a.file), &settings.load);
    if let Some(s) = skipped.first() {
        super::check::warn_skipped(s);
        return Ok(s.error.exit_code().max(EXIT_TOOL));
    }
    let Some(src) = sources.into_iter().next() else {
        eprintln!(
            "{}",
            crate::tr!(
                "gwlint: {} 中没有可读的文件",
                "gwlint: no readable file in {}",
                a.file.display()
            )
        );
        return Ok(EXIT_TOOL);
    };
    if a.format == super::InspectFormat::Text {
        for w in src.docx.iter().flat_map(|m| m.warnings.iter()) {
            eprintln!("gwlint: {}：{w}", src.name);
        }
        super::write_stdout(src.text.as_bytes())?;
        return Ok(EXIT_OK);
    }
    let doc = crate::parse::parse(0, &src, &settings.parse);
    let ind = &settings.data.targets.indicators;
    let units = crate::targets::units(&doc, &src, &[]);
    let year = doc.year.as_ref().and_then(|y| y.text.parse().ok());
    let targets = crate::targets::extract_all(&units, ind, year)
        .iter()
        .map(|t| TargetView {
            indicator: t.what(ind).to_string(),
            known: t.indicator.is_some(),
            target: t.describe(),
            stretch: t.stretch,
            achieved: t.achieved,
            year: t.year,
            at: pos(&src, &t.value_span),
        })
        .collect();
    let view = InspectView {
        doc: crate::model::inspect::view(&src, &doc),
        targets,
    };
    super::print_json(&view)?;
    Ok(EXIT_OK)
}
