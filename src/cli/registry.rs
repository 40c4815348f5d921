//! `gwlint registry learn` and `gwlint registry check`.

use std::sync::Arc;

use super::{write_stdout, RegistryArgs, RegistryCommand, EXIT_OK, EXIT_TOOL};
use crate::config::learn::{self, LearnOptions};
use crate::names::{Confusables, Registry};
use crate::rules::packs::{self, selftest};

pub(super) fn run(a: RegistryArgs) -> miette::Result<u8> {
    match a.command {
        RegistryCommand::Learn {
            paths,
            name,
            id,
            output,
            max_tests,
        } => {
            let (sources, skipped) = super::check::load_all(&paths, &Default::default());
            for s in &skipped {
                super::check::warn_skipped(s);
            }
            if sources.is_empty() {
                eprintln!(
                    "{}",
                    crate::tr!("gwlint: 没有可读的文件", "gwlint: no readable file")
                );
                return Ok(EXIT_TOOL);
            }
            let conf = Arc::new(Confusables::builtin());
            let opts = LearnOptions { name, id };
            let mut text = learn::learn(&sources, &opts, &conf);
            let reg = Registry::parse(
                crate::i18n::pick("（生成的名录）", "(generated registry)"),
                &text,
            )
            .map_err(|e| miette::Report::new(*e))?;
            // Self-tests from real lines, each kept only if the new registry
            // passes it.
            let mut kept = Vec::new();
            for t in learn::candidate_tests(&reg, &sources) {
                if kept.len() >= max_tests {
                    break;
                }
                let mut trial = text.clone();
                learn::append_tests(&mut trial, std::slice::from_ref(&t));
                let ok = Registry::parse(
                    crate::i18n::pick("（生成的名录）", "(generated registry)"),
                    &trial,
                )
                .ok()
                .is_some_and(|r| selftest::check_registry(&Arc::new(r), &conf).is_ok());
                if ok {
                    kept.push(t);
                }
            }
            learn::append_tests(&mut text, &kept);
            let units = reg.units.len();
            match output {
                Some(path) => {
                    std::fs::write(&path, &text).map_err(|e| {
                        miette::miette!(
                            "{}",
                            crate::tr!("无法写入 {}：{e}", "cannot write {}: {e}", path.display())
                        )
                    })?;
                    eprintln!(
                        "{}",
                        crate::tr!(
                            "gwlint: 已写出 {}：{units} 个单位，{} 条自检",
                            "gwlint: wrote {}: {units} units, {} self-checks",
                            path.display(),
                            kept.len()
                        )
                    );
                }
                None => write_stdout(text.as_bytes())?,
            }
            Ok(EXIT_OK)
        }
        RegistryCommand::Check { file } => {
            std::fs::read(&file).map_err(|e| {
                miette::miette!(
                    code = "gwlint::unreadable_registry",
                    "{}",
                    crate::tr!(
                        "无法读取单位名录 {}：{e}",
                        "cannot read the unit registry {}: {e}",
                        file.display()
                    )
                )
            })?;
            let name = file.display().to_string();
            // Through the pack loader: parsed, validated, self-tested.
            let reg = packs::load_registry(&file)?;
            let names: usize = reg
                .units
                .iter()
                .map(|u| {
                    1 + usize::from(u.full.is_some())
                        + u.aliases.len()
                        + u.variants.len()
                        + u.retired.len()
                })
                .sum();
            write_stdout(
                crate::tr!(
                    "{name}：有效。{}（{}），{} 个单位、{names} 个名称，{} 条自检全部通过\n",
                    "{name}: valid. “{}” ({}), {} units, {names} names, all {} self-checks pass\n",
                    reg.name,
                    reg.id,
                    reg.units.len(),
                    reg.tests.len()
                )
                .as_bytes(),
            )?;
            Ok(EXIT_OK)
        }
    }
}
