use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::{Document, Level};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 标题跳过了一个层级，例如标题下直接出现“（一）”而前面没有“一、”。
    ///
    /// ## 为什么
    /// GB/T 9704-2012 第 7.3.3 条规定层次序数依次为“一、”“（一）”“1.”“（1）”，
    /// 不应越级使用。越级通常说明上一级标题被删掉了，或层级用错了。
    ///
    /// 只检查标题；任务可以直接列在“一、”下面。
    ///
    /// 不属于正文层次的编号列表不检查越级：附件、附表、名词解释里的列表，“第X条”
    /// 下面的各项，没有编号的小标题（“2026年重点工作”）下面的列表，通知落款之后另起的
    /// 编号。这些列表从哪一级开始都可以，只检查列表内部是否越级。
    ///
    /// ## 示例
    /// ```text
    /// 关于推进健康长清行动的实施意见
    /// （一）总体要求
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 关于推进健康长清行动的实施意见
    /// 一、总体要求
    /// ```
    ///
    /// ## 配置
    /// 无。
    pub struct SkippedHeadingLevel {
        name: "skipped-heading-level",
        category: Structure,
        fix: None,
        message: ["标题“{…}”越级：上面没有“{…}”一级的标题"],
        message_en: ["heading “{…}” skips a level: no “{…}” level heading above it"],
        explain_en: "A heading skips a level, e.g. “（一）” directly under the title with no “一、” above it. GB/T 9704-2012 §7.3.3 orders the levels “一、”, “（一）”, “1.”, “（1）”; a skipped level usually means a heading was deleted or a level was misused.",
    }
}

impl Rule for SkippedHeadingLevel {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let boundaries = super::boundaries_of(cx, doc);
        let before = super::boundary_before(doc, &boundaries.0);
        // Levels seen since the last 附件/章/节 boundary.
        let mut seen: Vec<Level> = Vec::new();
        let mut reported: Vec<Level> = Vec::new();
        // In a list outside the outline (after an unnumbered heading, in an
        // annex, under an article), the first level is the list's top.
        let mut lenient = false;
        let mut top: Option<Level> = None;
        for (i, h) in doc.headings.iter().enumerate() {
            let level = h.numbering.level;
            if level.rank() < Level::L1.rank() {
                seen.clear();
                reported.clear();
                lenient = level == Level::Annex;
                top = None;
                continue;
            }
            if before[i] {
                seen.clear();
                reported.clear();
                lenient = true;
                top = None;
            }
            if lenient {
                let t = *top.get_or_insert(level);
                if level.rank() <= t.rank() {
                    top = Some(level);
                    seen.retain(|l| l.rank() <= level.rank());
                    if !seen.contains(&level) {
                        seen.push(level);
                    }
                    continue;
                }
            }
            // Leaving a level resets what is reported below it.
            seen.retain(|l| l.rank() <= level.rank());
            reported.retain(|l| l.rank() <= level.rank());
            if let Some(parent) = level.parent() {
                if !seen.contains(&parent) && !reported.contains(&level) {
                    out.push(
                        Diagnostic::new(
                            meta,
                            doc.file,
                            h.numbering.span.clone(),
                            crate::tr!(
                                "标题“{}”越级：上面没有“{}”一级的标题",
                                "heading “{}” skips a level: no “{}” level heading above it",
                                h.numbering.raw.trim_start_matches(['#', ' ', '*']),
                                parent.example()
                            ),
                        )
                        .with_label(crate::tr!(
                            "“{}”应在“{}”之下",
                            "“{}” should come under a “{}” heading",
                            level.example(),
                            parent.example()
                        ))
                        .with_note(crate::tr!(
                            "依据：GB/T 9704-2012 第 7.3.3 条",
                            "basis: GB/T 9704-2012, clause 7.3.3"
                        )),
                    );
                    reported.push(level);
                }
            }
            if !seen.contains(&level) {
                seen.push(level);
            }
        }
    }
}
