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
        RulesFormat::Docs => {
            let _ = write!(out, "{}", rules_doc());
        }
        RulesFormat::Json => {
            let list: Vec<_> = codes::registry().iter().map(|(m, _)| m).collect();
            super::print_json(&list)?;
        }
        RulesFormat::Human => {
            // Columns are aligned by display width: a Chinese character
            // takes two terminal columns.
            use crate::diag::output::pad;
            use unicode_width::UnicodeWidthStr;
            let reg = codes::registry();
            let rows: Vec<[String; 4]> = reg
                .iter()
                .map(|(m, _)| {
                    let sev = if m.enabled {
                        m.severity.word()
                    } else {
                        crate::i18n::pick("默认关闭", "off")
                    };
                    [
                        m.code.to_string(),
                        m.name.to_string(),
                        m.category.label().to_string(),
                        sev.to_string(),
                    ]
                })
                .collect();
            let widths: Vec<usize> = (0..4)
                .map(|i| rows.iter().map(|r| r[i].width()).max().unwrap_or(0))
                .collect();
            for (row, (m, _)) in rows.iter().zip(reg) {
                let mut line = String::new();
                for (cell, w) in row.iter().zip(&widths) {
                    line.push_str(&pad(cell, *w));
                    line.push_str("  ");
                }
                line.push_str(&m.summary);
                let _ = writeln!(out, "{line}");
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

/// `docs/rules.md`: every rule's explanation under a heading
/// `## CODE name` (the anchor SARIF's `helpUri` points to).
pub fn rules_doc() -> String {
    let mut s =
        String::from("# gwlint 规则说明\n\n由 `gwlint rules --format docs` 生成，请勿手工修改。\n");
    for (m, _) in codes::registry() {
        let sev = if m.enabled {
            m.severity.label()
        } else {
            "默认关闭"
        };
        s.push_str(&format!(
            "\n## {} {}\n\n类别：{}　默认级别：{}\n\n",
            m.code,
            m.name,
            m.category.label(),
            sev
        ));
        for line in doc_text(m.doc).lines() {
            // The rule's own sections sit one level below its heading.
            if line.starts_with("## ") {
                s.push('#');
            }
            s.push_str(line);
            s.push('\n');
        }
    }
    s
}
