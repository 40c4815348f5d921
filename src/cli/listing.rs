//! `gwlint rules` and `gwlint rule CODE`.

use std::io::Write;

use std::path::PathBuf;

use super::{
    NewRuleArgs, NewRuleType, RuleArgs, RulesArgs, RulesFormat, TestRulesArgs, EXIT_FINDINGS,
    EXIT_OK, EXIT_TOOL,
};
use crate::rules::packs::{self, Pack};
use crate::rules::{codes, doc_text, RuleMeta};

/// Pack rules to list: every built-in pack's rules (a pack that does not
/// run by default shows its rules as off) and the rules of `dirs`.
fn pack_rules(dirs: &[PathBuf]) -> miette::Result<Vec<RuleMeta>> {
    let running = crate::config::load_packs(dirs)?;
    let mut list: Vec<RuleMeta> = running.metas().cloned().collect();
    for r in packs::all_builtin_rules() {
        if !list.iter().any(|m| m.code == r.meta.code) {
            let mut m = r.meta.clone();
            m.enabled = false;
            list.push(m);
        }
    }
    Ok(list)
}

pub(super) fn rules(a: RulesArgs) -> miette::Result<u8> {
    let mut out = std::io::stdout().lock();
    let extra = pack_rules(&a.packs)?;
    match a.format {
        RulesFormat::Markdown => {
            let _ = write!(out, "{}", markdown_table());
        }
        RulesFormat::Docs => {
            let _ = write!(out, "{}", rules_doc());
        }
        RulesFormat::Json => {
            let list: Vec<_> = codes::registry()
                .iter()
                .map(|(m, _)| m)
                .chain(&extra)
                .collect();
            super::print_json(&list)?;
        }
        RulesFormat::Human => {
            // Columns are aligned by display width: a Chinese character
            // takes two terminal columns.
            use crate::diag::output::pad;
            use unicode_width::UnicodeWidthStr;
            let metas: Vec<&crate::rules::RuleMeta> = codes::registry()
                .iter()
                .map(|(m, _)| m)
                .chain(&extra)
                .collect();
            let rows: Vec<[String; 4]> = metas
                .iter()
                .map(|m| {
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
            for (row, m) in rows.iter().zip(&metas) {
                let mut line = String::new();
                for (cell, w) in row.iter().zip(&widths) {
                    line.push_str(&pad(cell, *w));
                    line.push_str("  ");
                }
                line.push_str(&m.summary_local());
                let _ = writeln!(out, "{line}");
            }
        }
    }
    Ok(EXIT_OK)
}

pub(super) fn rule(a: RuleArgs) -> miette::Result<u8> {
    let extra = pack_rules(&a.packs)?;
    let found = codes::find(&a.code).map(|(m, _)| m).or_else(|| {
        extra
            .iter()
            .find(|m| m.code.eq_ignore_ascii_case(&a.code) || m.name == a.code)
    });
    let Some(m) = found else {
        eprintln!(
            "{}",
            crate::tr!(
                "gwlint: 没有规则“{}”；用 gwlint rules 查看全部规则",
                "gwlint: no rule “{}”; gwlint rules lists every rule",
                a.code
            )
        );
        return Ok(EXIT_TOOL);
    };
    let mut out = std::io::stdout().lock();
    let sev = if m.enabled {
        m.severity.label()
    } else {
        crate::i18n::pick("默认关闭", "off by default")
    };
    let _ = writeln!(out, "# {} {}\n", m.code, m.name);
    if crate::i18n::is_en() {
        let _ = write!(out, "{}", english_explanation(m, sev));
        return Ok(EXIT_OK);
    }
    let _ = writeln!(out, "类别：{}　默认级别：{}\n", m.category.label(), sev);
    let _ = writeln!(out, "{}", doc_text(m.doc));
    let _ = write!(out, "{}", templates(m, "##"));
    Ok(EXIT_OK)
}

/// `gwlint rule CODE --lang en`: the rule's English paragraph, its English
/// message and fix templates, and its examples (document text, which stays
/// Chinese); the full explanation is `gwlint rule CODE` in Chinese.
fn english_explanation(m: &RuleMeta, sev: &str) -> String {
    let mut s = format!(
        "Category: {}  Default level: {}\n\n## What it finds and why\n{}\n",
        m.category.label(),
        sev,
        m.explain_en.trim()
    );
    let doc = doc_text(m.doc);
    for (zh, en) in [("## 示例", "## Example"), ("## 应改为", "## Use instead")] {
        if let Some(block) = section_block(&doc, zh) {
            s.push_str(&format!("\n{en}\n{block}"));
        }
    }
    for (title, list) in [("Messages", &m.messages_en), ("Fixes", &m.fix_titles_en)] {
        if list.is_empty() {
            continue;
        }
        s.push_str(&format!("\n## {title}\n\n"));
        for t in list.iter() {
            s.push_str(&format!("- {t}\n"));
        }
    }
    s.push_str(&format!(
        "\nThe full explanation (sources, exceptions, options) is in Chinese: gwlint rule {}\n",
        m.code
    ));
    s
}

/// The first fenced block of a `## ` section of a rule's explanation.
fn section_block(doc: &str, heading: &str) -> Option<String> {
    let start = doc.find(heading)?;
    let rest = &doc[start..];
    let open = rest.find("```")?;
    let body = &rest[open..];
    let close = body[3..].find("```")? + 6;
    Some(format!("{}\n", &body[..close]))
}

pub(super) fn new_rule(a: NewRuleArgs) -> miette::Result<u8> {
    let name = match a.rule_type {
        NewRuleType::Substitution => "substitution",
        NewRuleType::Existence => "existence",
        NewRuleType::Consistency => "consistency",
        NewRuleType::Conditional => "conditional",
        NewRuleType::Occurrence => "occurrence",
        NewRuleType::Pattern => "pattern",
    };
    let (_, text) = packs::TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a template per type");
    super::write_stdout(text.as_bytes())?;
    Ok(EXIT_OK)
}

pub(super) fn test_rules(a: TestRulesArgs) -> miette::Result<u8> {
    let pack = match &a.dir {
        Some(d) => packs::load_dir_with(d, false).map_err(|e| miette::Report::new(*e))?,
        None => packs::all_builtin(),
    };
    let report = test_report(&pack);
    super::write_stdout(report.text.as_bytes())?;
    for e in report.errors {
        eprintln!("{:?}", miette::Report::new(e));
    }
    Ok(if report.failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// The outcome of `gwlint test-rules`.
pub struct TestReport {
    /// The report printed on standard output.
    pub text: String,
    /// Failed cases.
    pub failed: usize,
    /// Each failure as an error pointing into its pack file.
    pub errors: Vec<crate::error::InvalidRulesFile>,
}

/// Runs the self-tests of a pack's rules and registries and writes the
/// report.
pub fn test_report(pack: &Pack) -> TestReport {
    let mut text = String::new();
    let (mut cases, mut failed) = (0, 0);
    let mut errors = Vec::new();
    let mut last_pack = String::new();
    for r in &pack.rules {
        if r.source.path != last_pack {
            last_pack = r.source.path.clone();
            text.push_str(&crate::tr!(
                "规则包 {}（{}）\n",
                "rule pack {} ({})\n",
                r.pack,
                r.source.path
            ));
        }
        let results = packs::selftest::run_rule(r);
        let bad: Vec<_> = results.iter().filter(|c| c.failure.is_some()).collect();
        cases += results.len();
        failed += bad.len();
        let what = format!("{} {}", r.meta.code, r.meta.name);
        outcome(
            &mut text,
            &what,
            results.len(),
            &bad,
            |c| r.source.line_of(c.case.span.start),
            &r.source.path,
        );
        for c in bad {
            let why = c.failure.as_deref().unwrap_or_default();
            errors.push(packs::selftest::failure_error(r, &c.case, why, &c.found));
        }
    }
    // Registries: packs of unit names, tested with the pack's character table.
    let (conf, registries) = match pack.confusables() {
        Ok(c) => (c, pack.registries.as_slice()),
        Err(e) => {
            errors.push(*e);
            failed += 1;
            (Default::default(), &[][..])
        }
    };
    for reg in registries {
        text.push_str(&crate::tr!(
            "单位名录 {}（{}）\n",
            "unit registry {} ({})\n",
            reg.id,
            reg.path
        ));
        let results = packs::selftest::run_registry(reg, &conf);
        let bad: Vec<_> = results.iter().filter(|c| c.failure.is_some()).collect();
        cases += results.len();
        failed += bad.len();
        let line = |c: &packs::selftest::CaseResult| {
            reg.source[..c.case.span.start.min(reg.source.len())]
                .matches('\n')
                .count()
                + 1
        };
        outcome(&mut text, &reg.name, results.len(), &bad, line, &reg.path);
        for c in bad {
            let why = c.failure.as_deref().unwrap_or_default();
            errors.push(packs::selftest::registry_failure_error(
                reg, &c.case, why, &c.found,
            ));
        }
    }
    let registries = if pack.registries.is_empty() {
        String::new()
    } else {
        crate::tr!(
            "、{} 份单位名录",
            ", {} unit registries",
            pack.registries.len()
        )
    };
    text.push_str(&crate::tr!(
        "共 {} 条规则{registries}、{cases} 项自测：{} 项通过，{failed} 项失败\n",
        "{} rules{registries}, {cases} self-tests: {} passed, {failed} failed\n",
        pack.rules.len(),
        cases - failed
    ));
    TestReport {
        text,
        failed,
        errors,
    }
}

/// One rule's or registry's line of the report, and a line per failed case.
fn outcome(
    text: &mut String,
    what: &str,
    total: usize,
    bad: &[&packs::selftest::CaseResult],
    line: impl Fn(&packs::selftest::CaseResult) -> usize,
    path: &str,
) {
    if bad.is_empty() {
        text.push_str(&crate::tr!(
            "  通过 {what}：{total} 项自测\n",
            "  pass {what}: {total} self-tests\n"
        ));
        return;
    }
    text.push_str(&crate::tr!(
        "  失败 {what}：{total} 项自测中 {} 项失败\n",
        "  FAIL {what}: {} of {total} self-tests failed\n",
        bad.len()
    ));
    for c in bad {
        let why = c.failure.as_deref().unwrap_or_default();
        text.push_str(&format!(
            "    {path}:{}{}{why}\n",
            line(c),
            crate::i18n::pick("：", ": ")
        ));
    }
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
            crate::i18n::pick("默认关闭", "off by default")
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
            crate::i18n::pick("默认关闭", "off by default")
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
        s.push_str(&templates(m, "###"));
    }
    s
}

/// ruff's `message()`/`fix_title()`: what a rule's findings and fixes say,
/// each `{…}` standing for text from the document, under `heading`-level
/// titles.
fn templates(m: &crate::rules::RuleMeta, heading: &str) -> String {
    let mut s = String::new();
    for (title, list) in [
        ("提示信息", &m.messages),
        (crate::i18n::pick("修复", "fixing"), &m.fix_titles),
    ] {
        if list.is_empty() {
            continue;
        }
        s.push_str(&format!("\n{heading} {title}\n\n"));
        for t in list.iter() {
            s.push_str(&format!("- {t}\n"));
        }
    }
    s
}
