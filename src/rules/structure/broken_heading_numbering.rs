use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::rules::{Context, Rule, RuleMeta};

use super::{numbered, parents};

declare_rule! {
    /// ## 检查内容
    /// 同一层级的标题编号跳号或重号，例如“（二）”之后是“（四）”。
    ///
    /// ## 为什么
    /// GB/T 9704-2012 第 7.3.3 条规定结构层次序数依次用“一、”“（一）”“1.”
    /// “（1）”标注，同级序数应连续。跳号、重号通常是删改段落后没有重新编号。
    ///
    /// 每个标题下的下一级编号重新从“一”或“1”开始。没有编号的小标题、“第X条”、附件、
    /// 附表、名词解释、通知的落款之后，编号从“一”或“1”重新开始的，是另一组编号。
    /// 全文第一个标题不是“一”、其后又按顺序接续的（只转载了第六部分），是节选，不算跳号。
    ///
    /// ## 示例
    /// ```text
    /// （一）主导产业更聚焦
    /// （三）产业生态更完善
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// （一）主导产业更聚焦
    /// （二）产业生态更完善
    /// ```
    ///
    /// ## 配置
    /// 无。
    pub struct BrokenHeadingNumbering {
        name: "broken-heading-numbering",
        category: Structure,
        fix: None,
        message: ["标题编号“{…}”重复", "标题编号“{…}”顺序颠倒", "标题编号“{…}”跳号"],
        message_en: ["heading number “{…}” is repeated", "heading number “{…}” is out of order", "heading number “{…}” skips a number"],
        explain_en: "Headings of one level skip or repeat a number, e.g. “（四）” after “（二）”. GB/T 9704-2012 §7.3.3 numbers each level consecutively; gaps and repeats usually mean paragraphs were edited without renumbering.",
    }
}

impl Rule for BrokenHeadingNumbering {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let parents = parents(doc);
        let boundaries = super::boundaries_of(cx, doc);
        let before = super::boundary_before(doc, &boundaries.0);
        // Last heading seen for each (parent, level): the previous sibling.
        let mut last: std::collections::HashMap<(Option<usize>, crate::model::Level), usize> =
            std::collections::HashMap::new();
        for (i, h) in doc.headings.iter().enumerate() {
            let level = h.numbering.level;
            if !numbered(level) {
                continue;
            }
            // A list that starts afresh after an unnumbered heading, an
            // article or a signature is a new sequence.
            // Only its own level and deeper ones restart; the outline above
            // goes on (一、 … 专栏 1. 2. … 三、).
            if before[i] && h.numbering.value == 1 {
                last.retain(|(_, l), _| l.rank() < level.rank());
            }
            let prev = last.insert((parents[i], level), i);
            let expected = prev
                .map(|j| doc.headings[j].numbering.value + 1)
                .unwrap_or(1);
            let v = h.numbering.value;
            if v == expected {
                continue;
            }
            // An excerpt: the document's outline starts in the middle (a
            // repost quoting only section 六) and goes on in order.
            if prev.is_none() && parents[i].is_none() && v > 1 {
                let next = (i + 1..doc.headings.len())
                    .find(|&j| doc.headings[j].numbering.level == level && parents[j].is_none());
                if next.is_none_or(|j| doc.headings[j].numbering.value == v + 1) {
                    continue;
                }
            }
            let raw = h.numbering.raw.trim_start_matches(['#', ' ', '*']);
            let mut d = match prev {
                Some(j) if doc.headings[j].numbering.value == v => Diagnostic::new(
                    meta,
                    doc.file,
                    h.numbering.span.clone(),
                    crate::tr!("标题编号“{raw}”重复", "heading number “{raw}” is repeated"),
                ),
                Some(j) if doc.headings[j].numbering.value > v => Diagnostic::new(
                    meta,
                    doc.file,
                    h.numbering.span.clone(),
                    crate::tr!(
                        "标题编号“{raw}”顺序颠倒",
                        "heading number “{raw}” is out of order"
                    ),
                ),
                _ => Diagnostic::new(
                    meta,
                    doc.file,
                    h.numbering.span.clone(),
                    crate::tr!(
                        "标题编号“{raw}”跳号",
                        "heading number “{raw}” skips a number"
                    ),
                )
                .with_note(crate::tr!(
                    "同级上一个编号之后应是第 {expected} 个",
                    "after the previous heading at this level, number {expected} comes next"
                )),
            };
            d = d.with_label(crate::tr!(
                "同级应为第 {expected} 个",
                "expected number {expected} at this level"
            ));
            if let Some(j) = prev {
                d = d.with_secondary(
                    doc.file,
                    doc.headings[j].numbering.span.clone(),
                    crate::tr!("同级上一个标题", "previous heading at this level"),
                );
            }
            out.push(d.with_note(crate::tr!(
                "依据：GB/T 9704-2012 第 7.3.3 条",
                "basis: GB/T 9704-2012, clause 7.3.3"
            )));
        }
    }
}
