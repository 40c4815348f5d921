//! `gwlint inspect`: what the parser understood.

use super::{InspectArgs, EXIT_OK, EXIT_TOOL};

pub(super) fn run(a: InspectArgs) -> miette::Result<u8> {
    let settings = a.common.settings(Vec::new(), Vec::new())?;
    let (sources, skipped) = super::check::load_all(std::slice::from_ref(&a.file));
    if let Some(s) = skipped.first() {
        eprintln!("gwlint: 跳过 {}：{}", s.name, s.error);
        return Ok(EXIT_TOOL);
    }
    let Some(src) = sources.into_iter().next() else {
        eprintln!("gwlint: {} 中没有可读的文件", a.file.display());
        return Ok(EXIT_TOOL);
    };
    let doc = crate::parse::parse(0, &src, &settings.parse);
    let view = crate::model::inspect::view(&src, &doc);
    super::print_json(&view)?;
    Ok(EXIT_OK)
}
