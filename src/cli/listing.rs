//! `gwlint rules` and `gwlint rule CODE`.

use std::io::Write;

use super::{RuleArgs, RulesArgs, RulesFormat, EXIT_OK, EXIT_TOOL};
use crate::rules::{codes, doc_text};

pub(super) fn rules(a: RulesArgs) -> miette::Result<u8> {
    let mut out = std::io::stdout().lock();
    match a.format {
        RulesFormat::Markdown => {
            let _ = write!(out, "{}", markdown_table());
        }
        RulesFormat::Json => {
            let list: Vec<_> = codes::registry().iter().map(|(m, _)| m).collect();
            super::print_json(&list)?;
        }
        RulesFormat::Human => {
            for (m, _) in codes::registry() {
                let sev = if m.enabled {
                    m.severity.label()
                } else {
                    "默认关闭"
                };
                let _ = writeln!(
                    out,
                    "{:<5} {:<32} {:<8} {:<6} {}",
                    m.code,
                    m.name,
                    m.category.label(),
                    sev,
                    m.summary
                );
            }
        }
    }
    Ok(EXIT_OK)
}

pub(super) fn rule(a: RuleArgs) -> miette::Result<u8> {
    let Some((m, _)) = codes::find(&a.code) else {
        eprintln!("gwlint: 没有规则“{}”；用 gwlint rules 查看全部规则", a.code);
        return Ok(EXIT_TOOL);
    };
    let mut out = std::io::stdout().lock();
    let sev = if m.enabled {
        m.severity.label()
    } else {
        "默认关闭"
    };
    let _ = writeln!(out, "# {} {}\n", m.code, m.name);
    let _ = writeln!(out, "类别：{}　默认级别：{}\n", m.category.label(), sev);
    let _ = writeln!(out, "{}", doc_text(m.doc));
    Ok(EXIT_OK)
}

/// The rule table in README (between `<!-- BEGIN RULES -->` and `<!-- END RULES -->`).
pub fn markdown_table() -> String {
    let mut s = String::from(
        "| 代码 | 名称 | 类别 | 默认级别 | 修复 | 检查内容 |\n|---|---|---|---|---|---|\n",
    );
    for (m, _) in codes::registry() {
        let sev = if m.enabled {
            m.severity.label()
        } else {
            "默认关闭"
        };
        let fix = match m.fix {
            crate::rules::FixAvailability::None => "",
            crate::rules::FixAvailability::Sometimes => "部分",
            crate::rules::FixAvailability::Always => "是",
        };
        s.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} |\n",
            m.code,
            m.name,
            m.category.label(),
            sev,
            fix,
            m.summary.replace('|', "\\|")
        ));
    }
    s
}
