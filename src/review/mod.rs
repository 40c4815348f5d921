//! The reviewer's page: one self-contained HTML file (`--output-format html`).
//!
//! # Brief overview
//! [`render`] turns a finished check ([`Page`]: sources, parsed documents,
//! report ↔ annex links and diagnostics) into a single HTML document with
//! inline CSS, inline SVG charts and a small amount of plain JavaScript. It
//! needs no network and works from `file://`; a Content-Security-Policy in the
//! page forbids every external request.
//!
//! The page has a summary (counts by severity, rule and file, bar charts, the
//! reconciled pairs), a list of findings with filters, every document as
//! readable text with each finding highlighted on its exact characters, each
//! annex as a table of tasks (a task without a lead is marked), and the
//! cross-document findings side by side with the differing characters marked.
//!
//! This module is a renderer: it reads the model and the diagnostics and never
//! changes them. Document text only ever reaches the page through [`esc`]; no
//! document-derived string is written inside `<script>`.

mod assets;
mod text;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::diag::{Applicability, Diagnostic, Severity};
use crate::link::Link;
use crate::load::SourceFile;
use crate::model::Document;

pub use text::esc;

/// Everything the page shows.
pub struct Page<'a> {
    /// Decoded sources, indexed by file id.
    pub sources: &'a [SourceFile],
    /// Parsed documents, same order.
    pub docs: &'a [Document],
    /// Report ↔ annex links.
    pub links: &'a [Link],
    /// Findings (sorted).
    pub diagnostics: &'a [Diagnostic],
    /// Files that could not be checked: shown name and reason.
    pub skipped: &'a [(String, String)],
}

fn sev_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// "原文 → 建议" for a fix, one line per edit.
fn fix_text(sources: &[SourceFile], d: &Diagnostic) -> Option<String> {
    let fix = d.fix.as_ref()?;
    let mut out = String::new();
    for e in fix.edits.iter().take(3) {
        let Some(src) = sources.get(e.file) else {
            continue;
        };
        let from = text::slice(&src.text, e.span.clone());
        if !out.is_empty() {
            out.push_str(crate::i18n::pick("；", "; "));
        }
        let _ = match (from.is_empty(), e.replacement.is_empty()) {
            (true, _) => write!(
                out,
                "{}",
                crate::tr!("插入“{}”", "insert “{}”", text::visible(&e.replacement))
            ),
            (false, true) => write!(
                out,
                "{}",
                crate::tr!("删去“{}”", "delete “{}”", text::visible(from))
            ),
            (false, false) => write!(
                out,
                "“{}” → “{}”",
                text::visible(from),
                text::visible(&e.replacement)
            ),
        };
    }
    if fix.edits.len() > 3 {
        out.push_str(&crate::tr!(
            "；等 {} 处",
            "; {} edits in all",
            fix.edits.len()
        ));
    }
    let kind = match fix.applicability {
        Applicability::Safe => crate::i18n::pick("安全修复", "safe fix"),
        Applicability::Unsafe => crate::i18n::pick(
            "不安全修复，需人工确认",
            "unsafe fix, to be confirmed by a person",
        ),
        Applicability::DisplayOnly => crate::i18n::pick("仅供参考", "for reference only"),
    };
    Some(crate::tr!(
        "{}：{out}（{kind}）",
        "{}: {out} ({kind})",
        fix.title
    ))
}

fn pairing_label(link: &Link) -> String {
    let raw = serde_json::to_value(link.pairing)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    match raw.as_str() {
        "explicit" => crate::i18n::pick(
            "命令行或配置指定",
            "given on the command line or in the configuration",
        )
        .into(),
        "year" => crate::i18n::pick("同一年份、内容最接近", "same year, closest content").into(),
        "content" => crate::i18n::pick("内容最接近", "closest content").into(),
        "only" => crate::i18n::pick("唯一的工作报告", "the only work report").into(),
        "same-file" => crate::i18n::pick(
            "同一文件的正文与指标表",
            "body and indicator table of one file",
        )
        .into(),
        _ => raw,
    }
}

/// Where a finding's primary label starts, as `(line, column)`, 1-based.
fn place(sources: &[SourceFile], file: usize, byte: usize) -> (usize, usize) {
    sources
        .get(file)
        .map(|s| s.line_col(byte))
        .unwrap_or((1, 1))
}

/// Renders the page.
pub fn render(p: &Page) -> String {
    let mut out = String::with_capacity(
        p.sources.iter().map(|s| s.text.len() * 2).sum::<usize>() + 64 * 1024,
    );
    out.push_str(&assets::head());
    out.push_str(crate::i18n::pick(
        "<header><h1>gwlint 审阅报告</h1>",
        "<header><h1>gwlint review report</h1>",
    ));
    out.push_str(&crate::tr!(
        "<p class=\"sub\">gwlint {} · {} 个文件 · {} 条问题</p></header>",
        "<p class=\"sub\">gwlint {} · {} file(s) · {} finding(s)</p></header>",
        env!("CARGO_PKG_VERSION"),
        p.sources.len(),
        p.diagnostics.len()
    ));
    out.push_str("<div class=\"layout\">");
    panel(&mut out, p);
    out.push_str("<main id=\"main\">");
    summary(&mut out, p);
    cross(&mut out, p);
    let by_file = text::by_file(p.sources, p.diagnostics);
    for (i, src) in p.sources.iter().enumerate() {
        let doc = p.docs.get(i);
        let _ = write!(
            out,
            "<section class=\"doc\" id=\"doc-{i}\" data-file=\"{i}\"><h2>{}<span class=\"kind\">{}</span></h2>",
            esc(&src.name),
            doc.map(|d| d.kind.label()).unwrap_or("")
        );
        if let Some(d) = doc {
            task_table(&mut out, p, i, d);
        }
        text::document(&mut out, p, i, doc, &by_file[i]);
        out.push_str("</section>");
    }
    out.push_str("</main></div>");
    out.push_str(assets::SCRIPT);
    out.push_str("</body></html>\n");
    out
}

/// The side panel: filters and the list of findings.
fn panel(out: &mut String, p: &Page) {
    out.push_str(crate::i18n::pick(
        "<nav id=\"panel\" aria-label=\"问题列表\"><div class=\"filters\">",
        "<nav id=\"panel\" aria-label=\"findings\"><div class=\"filters\">",
    ));
    out.push_str(crate::i18n::pick(
        "<fieldset><legend>级别</legend>",
        "<fieldset><legend>Level</legend>",
    ));
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        let n = p.diagnostics.iter().filter(|d| d.severity == s).count();
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" class=\"f-sev\" value=\"{}\" checked> <span class=\"dot {}\"></span>{} ({n})</label>",
            sev_class(s),
            sev_class(s),
            s.label()
        );
    }
    out.push_str("</fieldset>");
    let mut rules: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for d in p.diagnostics {
        rules.entry(d.code).or_insert((d.name, 0)).1 += 1;
    }
    out.push_str(crate::i18n::pick(
        "<label class=\"sel\">规则 <select id=\"f-rule\"><option value=\"\">全部规则</option>",
        "<label class=\"sel\">Rule <select id=\"f-rule\"><option value=\"\">all rules</option>",
    ));
    for (code, (name, n)) in &rules {
        let _ = write!(
            out,
            "<option value=\"{}\">{} {} ({n})</option>",
            esc(code),
            esc(code),
            esc(name)
        );
    }
    out.push_str("</select></label>");
    out.push_str(crate::i18n::pick(
        "<label class=\"sel\">文件 <select id=\"f-file\"><option value=\"\">全部文件</option>",
        "<label class=\"sel\">File <select id=\"f-file\"><option value=\"\">all files</option>",
    ));
    for (i, s) in p.sources.iter().enumerate() {
        let n = p.diagnostics.iter().filter(|d| d.primary.file == i).count();
        let _ = write!(out, "<option value=\"{i}\">{} ({n})</option>", esc(&s.name));
    }
    out.push_str("</select></label>");
    out.push_str(crate::i18n::pick("<p class=\"keys\">键盘：<kbd>j</kbd>/<kbd>n</kbd> 下一条，<kbd>k</kbd>/<kbd>p</kbd> 上一条</p>", "<p class=\"keys\">Keys: <kbd>j</kbd>/<kbd>n</kbd> next, <kbd>k</kbd>/<kbd>p</kbd> previous</p>"));
    let _ =
        write!(
        out,
        "<p id=\"shown\" aria-live=\"polite\" data-fmt=\"{1}\">{0}</p></div><ol id=\"findings\">",
        crate::tr!("显示 {0} / {0} 条", "showing {0} of {0}", p.diagnostics.len()),
        crate::i18n::pick("显示 {n} / {total} 条", "showing {n} of {total}")
    );
    for (i, d) in p.diagnostics.iter().enumerate() {
        let (line, col) = place(p.sources, d.primary.file, d.primary.span.start);
        let name = p
            .sources
            .get(d.primary.file)
            .map(|s| s.name.as_str())
            .unwrap_or("");
        let _ = write!(
            out,
            "<li class=\"item {sev}\" data-i=\"{i}\" data-sev=\"{sev}\" data-rule=\"{code}\" data-file=\"{file}\"><a href=\"#f{i}\" data-target=\"f{i}\"><span class=\"n\">{n}</span> <span class=\"badge {sev}\">{label}</span> <code>{code}</code> {msg}<span class=\"where\">{name}:{line}:{col}</span></a>",
            sev = sev_class(d.severity),
            code = esc(d.code),
            file = d.primary.file,
            n = i + 1,
            label = d.severity.label(),
            msg = esc(&d.message),
            name = esc(name),
        );
        if let Some(f) = fix_text(p.sources, d) {
            let _ = write!(out, "<span class=\"fix\">{}</span>", esc(&f));
        }
        out.push_str("</li>");
    }
    out.push_str("</ol></nav>");
}

/// Counts, charts and pairs.
fn summary(out: &mut String, p: &Page) {
    out.push_str(crate::i18n::pick(
        "<section id=\"summary\"><h2>概况</h2><div class=\"counts\">",
        "<section id=\"summary\"><h2>Overview</h2><div class=\"counts\">",
    ));
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        let n = p.diagnostics.iter().filter(|d| d.severity == s).count();
        let _ = write!(
            out,
            "<div class=\"count {}\"><b>{n}</b> {}</div>",
            sev_class(s),
            s.label()
        );
    }
    out.push_str("</div>");

    out.push_str(crate::i18n::pick("<h3>文件</h3><table class=\"files\"><thead><tr><th>文件</th><th>类型</th><th>错误</th><th>警告</th><th>提示</th></tr></thead><tbody>", "<h3>Files</h3><table class=\"files\"><thead><tr><th>File</th><th>Kind</th><th>Errors</th><th>Warnings</th><th>Info</th></tr></thead><tbody>"));
    let mut per_file: Vec<(String, usize)> = Vec::new();
    for (i, s) in p.sources.iter().enumerate() {
        let c = |sev| {
            p.diagnostics
                .iter()
                .filter(|d| d.primary.file == i && d.severity == sev)
                .count()
        };
        let (e, w, n) = (c(Severity::Error), c(Severity::Warning), c(Severity::Info));
        per_file.push((s.name.clone(), e + w + n));
        let _ = write!(
            out,
            "<tr><td><a href=\"#doc-{i}\">{}</a></td><td>{}</td><td>{e}</td><td>{w}</td><td>{n}</td></tr>",
            esc(&s.name),
            p.docs.get(i).map(|d| d.kind.label()).unwrap_or("")
        );
    }
    out.push_str("</tbody></table>");
    if !p.skipped.is_empty() {
        out.push_str(crate::i18n::pick(
            "<h3>未能检查的文件</h3><ul class=\"skipped\">",
            "<h3>Files not checked</h3><ul class=\"skipped\">",
        ));
        for (name, why) in p.skipped {
            let _ = write!(
                out,
                "<li>{}{}{}</li>",
                esc(name),
                crate::i18n::pick("：", ": "),
                esc(why)
            );
        }
        out.push_str("</ul>");
    }

    out.push_str(crate::i18n::pick(
        "<h3>对照的报告与分工</h3>",
        "<h3>Reports and annexes reconciled</h3>",
    ));
    let pairs: Vec<&Link> = p.links.iter().filter(|l| l.report != l.annex).collect();
    if pairs.is_empty() {
        out.push_str(crate::i18n::pick(
            "<p class=\"muted\">本次没有配对的工作报告与责任分工。</p>",
            "<p class=\"muted\">No work report was paired with an annex in this run.</p>",
        ));
    } else {
        out.push_str("<ul class=\"pairs\">");
        for l in pairs {
            let name = |i: usize| p.sources.get(i).map(|s| s.name.as_str()).unwrap_or("");
            let _ = write!(
                out,
                "<li><a href=\"#doc-{}\">{}</a> ↔ <a href=\"#doc-{}\">{}</a> <span class=\"muted\">({})</span></li>",
                l.report,
                esc(name(l.report)),
                l.annex,
                esc(name(l.annex)),
                esc(&pairing_label(l))
            );
        }
        out.push_str("</ul>");
    }

    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for d in p.diagnostics {
        *by_rule.entry(d.code).or_default() += 1;
    }
    let rules: Vec<(String, usize)> = by_rule.into_iter().map(|(k, v)| (k.into(), v)).collect();
    out.push_str(crate::i18n::pick(
        "<div class=\"charts\"><figure><figcaption>按规则</figcaption>",
        "<div class=\"charts\"><figure><figcaption>By rule</figcaption>",
    ));
    assets::bar_chart(
        out,
        &rules,
        crate::i18n::pick("按规则统计的问题数", "findings by rule"),
    );
    out.push_str(crate::i18n::pick(
        "</figure><figure><figcaption>按文件</figcaption>",
        "</figure><figure><figcaption>By file</figcaption>",
    ));
    assets::bar_chart(
        out,
        &per_file,
        crate::i18n::pick("按文件统计的问题数", "findings by file"),
    );
    out.push_str("</figure></div></section>");
}

/// An annex's tasks as a table: number, text, leads, responsible units.
fn task_table(out: &mut String, p: &Page, file: usize, doc: &Document) {
    if doc.tasks.is_empty() {
        return;
    }
    let src = &p.sources[file];
    let missing = doc
        .tasks
        .iter()
        .filter(|t| t.lead().next().is_none())
        .count();
    let _ = write!(
        out,
        "{}",
        crate::tr!(
            "<details class=\"tasks\" open><summary>任务表：{} 项任务，{} 项没有牵头单位</summary><table><thead><tr><th>序号</th><th>任务</th><th>牵头单位</th><th>责任单位</th></tr></thead><tbody>",
            "<details class=\"tasks\" open><summary>Tasks: {} tasks, {} without a lead unit</summary><table><thead><tr><th>No.</th><th>Task</th><th>Lead units</th><th>Responsible units</th></tr></thead><tbody>",
            doc.tasks.len(),
            missing
        )
    );
    for t in &doc.tasks {
        let line = src.line_index(t.numbering.span.start) + 1;
        let names = |units: &mut dyn Iterator<Item = &crate::model::Unit>| {
            units
                .map(|u| esc(&u.name))
                .collect::<Vec<_>>()
                .join(crate::i18n::pick("、", ", "))
        };
        let lead = names(&mut t.lead());
        let body = text::visible(text::truncate(t.text_before_clause(), 120));
        let _ = write!(
            out,
            "<tr class=\"{}\"><td><a href=\"#L{file}-{line}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if lead.is_empty() { "nolead" } else { "" },
            esc(&t.numbering.raw),
            esc(&body),
            if lead.is_empty() {
                crate::i18n::pick("<span class=\"badge error\">无牵头单位</span>", "<span class=\"badge error\">no lead unit</span>").to_string()
            } else {
                lead
            },
            names(&mut t.responsible())
        );
    }
    out.push_str("</tbody></table></details>");
}

/// Cross-document findings: both places side by side.
fn cross(out: &mut String, p: &Page) {
    let items: Vec<(usize, &Diagnostic)> = p
        .diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| d.secondary.iter().any(|l| l.file != d.primary.file))
        .collect();
    if items.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "{}",
        crate::tr!(
            "<section id=\"cross\"><h2>跨文件问题（{} 条）</h2>",
            "<section id=\"cross\"><h2>Findings across files ({})</h2>",
            items.len()
        )
    );
    for (i, d) in items {
        let Some(other) = d.secondary.iter().find(|l| l.file != d.primary.file) else {
            continue;
        };
        let (Some(a), Some(b)) = (p.sources.get(d.primary.file), p.sources.get(other.file)) else {
            continue;
        };
        let (la, _) = a.line_col(d.primary.span.start);
        let (lb, _) = b.line_col(other.span.start);
        let _ = write!(
            out,
            "<div class=\"pair item-x\" data-i=\"{i}\" data-sev=\"{sev}\" data-rule=\"{code}\" data-file=\"{file}\"><p class=\"pair-msg\"><span class=\"badge {sev}\">{label}</span> <code>{code}</code> {msg}</p><div class=\"sides\">",
            sev = sev_class(d.severity),
            code = esc(d.code),
            file = d.primary.file,
            label = d.severity.label(),
            msg = esc(&d.message),
        );
        let ta = text::slice(&a.text, d.primary.span.clone());
        let tb = text::slice(&b.text, other.span.clone());
        let (da, db) = text::char_diff(ta, tb);
        for (src, line, span, marked, label, href) in [
            (
                a,
                la,
                d.primary.span.clone(),
                da,
                d.primary.message.as_str(),
                format!("#f{i}"),
            ),
            (
                b,
                lb,
                other.span.clone(),
                db,
                other.message.as_str(),
                format!("#L{}-{lb}", other.file),
            ),
        ] {
            let lr = src.line_range(line - 1);
            let before = text::tail(
                text::slice(&src.text, lr.start..span.start.max(lr.start)),
                60,
            );
            let after = text::head(text::slice(&src.text, span.end.min(lr.end)..lr.end), 60);
            let _ = write!(
                out,
                "<div class=\"side\"><div class=\"side-h\"><a href=\"{href}\">{}:{line}</a> <span class=\"muted\">{}</span></div><p>{}<mark class=\"span\">{}</mark>{}</p></div>",
                esc(&src.name),
                esc(label),
                esc(&text::visible(before)),
                marked,
                esc(&text::visible(after)),
            );
        }
        out.push_str("</div></div>");
    }
    out.push_str("</section>");
}
