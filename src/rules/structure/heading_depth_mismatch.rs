use std::collections::BTreeMap;

use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::model::{Document, Level};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// Markdown 标题的 `#` 个数与同一编号层级的其他标题不一致。
    ///
    /// ## 为什么
    /// 从 Word 或 PDF 转成 Markdown 时，同级标题常被转成不同的 `#` 深度，例如
    /// “（一）”是 `###` 而“（二）”是 `##`。目录、导航和排版都按 `#` 深度生成，
    /// 深度不一致会把同级标题排成上下级。
    ///
    /// 每个层级的标准深度取该层级标题中最常见的深度。
    ///
    /// ## 示例
    /// ```text
    /// ### （一）主导产业更聚焦
    /// ## （二）优势产业更增效
    /// ### （三）产业生态更完善
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// ### （一）主导产业更聚焦
    /// ### （二）优势产业更增效
    /// ### （三）产业生态更完善
    /// ```
    ///
    /// ## 修复安全性
    /// 只改 `#` 的个数，不改文字，属于安全修复。
    ///
    /// ## 配置
    /// 无。
    pub struct HeadingDepthMismatch {
        name: "heading-depth-mismatch",
        category: Structure,
        fix: Always,
        message: ["标题“{…}”的 Markdown 深度是 {…}，同级标题是 {…}"],
        message_en: ["heading “{…}” has Markdown depth {…}, its siblings have {…}"],
        fix_title: ["改为 {…}"],
        fix_title_en: ["change to {…}"],
        explain_en: "A Markdown heading's number of “#” differs from other headings of the same numbering level. Conversions from Word or PDF often give sibling headings different depths, and tables of contents and layout then nest them wrongly.",
    }
}

impl Rule for HeadingDepthMismatch {
    fn check_document(
        &self,
        meta: &RuleMeta,
        _cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        // depth counts per level
        let mut counts: BTreeMap<Level, BTreeMap<u8, usize>> = BTreeMap::new();
        for h in &doc.headings {
            if let Some(d) = h.md_depth {
                *counts
                    .entry(h.numbering.level)
                    .or_default()
                    .entry(d)
                    .or_default() += 1;
            }
        }
        let majority: BTreeMap<Level, u8> = counts
            .iter()
            .filter(|(_, c)| c.values().sum::<usize>() >= 2)
            .filter_map(|(l, c)| {
                let best = c
                    .iter()
                    .max_by_key(|(d, n)| (**n, std::cmp::Reverse(**d)))?;
                // Only a clear majority defines the standard depth.
                (best.1 * 2 > c.values().sum::<usize>() || c.len() == 2 && best.1 > &1)
                    .then_some((*l, *best.0))
            })
            .collect();
        // The first heading of each (level, depth), shown as the example.
        let mut examples: BTreeMap<(Level, u8), usize> = BTreeMap::new();
        for (k, o) in doc.headings.iter().enumerate() {
            if let Some(d) = o.md_depth {
                examples.entry((o.numbering.level, d)).or_insert(k);
            }
        }
        for h in &doc.headings {
            let (Some(d), Some(md)) = (h.md_depth, &h.md_span) else {
                continue;
            };
            let Some(&want) = majority.get(&h.numbering.level) else {
                continue;
            };
            if d == want {
                continue;
            }
            let example = examples
                .get(&(h.numbering.level, want))
                .map(|&k| &doc.headings[k]);
            let hashes = "#".repeat(want as usize);
            let mut diag = Diagnostic::new(
                meta,
                doc.file,
                md.clone(),
                crate::tr!(
                    "标题“{}”的 Markdown 深度是 {}，同级标题是 {}",
                    "heading “{}” has Markdown depth {}, its siblings have {}",
                    h.numbering.raw.trim_start_matches(['#', ' ', '*']),
                    "#".repeat(d as usize),
                    hashes
                ),
            )
            .with_label(crate::tr!("应为 {hashes}", "expected {hashes}"))
            .with_fix(
                Applicability::Safe,
                crate::tr!("改为 {hashes}", "change to {hashes}"),
                hashes.clone(),
            );
            if let Some(e) = example {
                diag = diag.with_secondary(
                    doc.file,
                    e.md_span.clone().unwrap_or(e.span.clone()),
                    crate::tr!("同级标题用 {hashes}", "sibling headings use {hashes}"),
                );
            }
            out.push(diag);
        }
    }
}
