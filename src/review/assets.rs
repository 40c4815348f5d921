//! The page's fixed parts: head with inline CSS, the script, SVG bar charts.
//!
//! Nothing here contains document text; the script reads only `data-*`
//! attributes the renderer wrote (already escaped).

use std::fmt::Write as _;

use super::esc;

/// Doctype, head, styles. The Content-Security-Policy forbids every
/// external request (`default-src 'none'`): the page is self-contained.
pub(super) const HEAD: &str = concat!(
    r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gwlint">
<title>gwlint 审阅报告</title>
<style>
"#,
    include_str!("page.css"),
    r#"</style></head><body>
"#
);

/// [`HEAD`] in the current language (the page's `lang` and title).
pub(super) fn head() -> String {
    if crate::i18n::is_en() {
        HEAD.replace("lang=\"zh-CN\"", "lang=\"en\"").replace(
            "<title>gwlint 审阅报告</title>",
            "<title>gwlint review report</title>",
        )
    } else {
        HEAD.to_string()
    }
}

/// Filters, list ↔ highlight navigation, keyboard (j/k, n/p).
pub(super) const SCRIPT: &str = concat!("<script>\n", include_str!("page.js"), "</script>\n");

/// A horizontal bar chart as inline SVG.
pub(super) fn bar_chart(out: &mut String, rows: &[(String, usize)], title: &str) {
    let rows: Vec<&(String, usize)> = rows.iter().filter(|r| r.1 > 0).collect();
    if rows.is_empty() {
        out.push_str(crate::i18n::pick(
            "<p class=\"muted\">没有问题</p>",
            "<p class=\"muted\">no findings</p>",
        ));
        return;
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let (bar_h, gap, label_w, bar_w) = (18usize, 5usize, 170usize, 230usize);
    let h = rows.len() * (bar_h + gap) + gap;
    let _ = write!(
        out,
        "<svg class=\"chart\" role=\"img\" aria-label=\"{}\" width=\"{}\" height=\"{h}\" viewBox=\"0 0 {} {h}\">",
        esc(title),
        label_w + bar_w + 50,
        label_w + bar_w + 50
    );
    for (k, (label, n)) in rows.iter().enumerate() {
        let y = gap + k * (bar_h + gap);
        let w = (n * bar_w).div_ceil(max).max(2);
        let short: String = if label.chars().count() > 14 {
            let tail: String = label
                .chars()
                .rev()
                .take(13)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("…{tail}")
        } else {
            label.clone()
        };
        let _ = write!(
            out,
            "<g><title>{t}：{n}</title><text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" font-size=\"12\">{s}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{bar_h}\" rx=\"2\" fill=\"#546e7a\"></rect><text x=\"{nx}\" y=\"{ty}\" font-size=\"12\">{n}</text></g>",
            t = esc(label),
            lx = label_w - 6,
            ty = y + 13,
            s = esc(&short),
            nx = label_w + w + 4,
        );
    }
    out.push_str("</svg>");
}
