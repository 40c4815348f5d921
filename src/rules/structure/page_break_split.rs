use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::model::Document;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 任务或责任分工在句子中间被空行断开，通常是分页或转换留下的痕迹。
    ///
    /// ## 为什么
    /// 从 PDF 或排版稿提取的文字会在分页处断开，甚至把一个词拆成两半
    /// （“（牵头” ⏎⏎ “单位：…”）。gwlint 会把断开的部分接起来继续检查，但
    /// 发布前应删去多余的空行，否则检索、比对和再排版都会出错。
    ///
    /// 如果整份文件都按固定宽度折行（PDF 提取的常见情况），只在文件开头提示一次。
    ///
    /// ## 示例
    /// ```text
    /// 6.城乡居民人均可支配收入分别增长5.5%和6%以上。（牵头
    ///
    /// 单位：区发展改革局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 6.城乡居民人均可支配收入分别增长5.5%和6%以上。（牵头单位：区发展改革局）
    /// ```
    ///
    /// ## 修复安全性
    /// 只删去断开处的换行和空行，属于安全修复。
    ///
    /// ## 配置
    /// 无。
    pub struct PageBreakSplit {
        name: "page-break-split",
        category: Structure,
        fix: Sometimes,
        message: ["全文按固定宽度折行，句子在行中断开", "第 {…} 项任务在“{…}”与“{…}”之间被空行断开"],
        message_en: ["the text is wrapped at a fixed width, breaking sentences across lines", "task {…} is split by a blank line between “{…}” and “{…}”"],
        fix_title: ["删去断开处的空行"],
        fix_title_en: ["remove the blank line in the break"],
        explain_en: "A task or an assignment is broken by blank lines in mid-sentence, usually left by a page break or a conversion. gwlint joins the parts and checks on, but the blank lines should be removed before publication, since they break search, comparison and re-layout.",
    }
}

impl Rule for PageBreakSplit {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let text = &cx.source(doc).text;
        if doc.hard_wrapped {
            let first = doc
                .tasks
                .iter()
                .flat_map(|t| t.breaks.first())
                .next()
                .cloned()
                .or_else(|| {
                    doc.paragraphs
                        .iter()
                        .find_map(|p| p.text.gaps().next().map(|(a, b)| a..b))
                });
            if let Some(gap) = first {
                let before = prev_char(text, gap.start);
                out.push(
                    Diagnostic::new(meta, doc.file, before, crate::tr!("全文按固定宽度折行，句子在行中断开", "the text is wrapped at a fixed width, breaking sentences across lines"))
                        .with_label(crate::tr!("例如这里", "for example here"))
                        .with_help(crate::tr!("gwlint 已把断开的行接起来检查；发布前请恢复为完整段落", "gwlint joined the broken lines for checking; restore whole paragraphs before publishing")),
                );
            }
            return;
        }
        for t in &doc.tasks {
            for gap in &t.breaks {
                let before = prev_char(text, gap.start);
                let after_end = text[gap.end..]
                    .chars()
                    .next()
                    .map(|c| gap.end + c.len_utf8())
                    .unwrap_or(gap.end);
                let snippet_before: String = text[..gap.start]
                    .chars()
                    .rev()
                    .take(4)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let snippet_after: String = text[gap.end..].chars().take(4).collect();
                out.push(
                    Diagnostic::new(
                        meta,
                        doc.file,
                        before,
                        crate::tr!(
                            "第 {} 项任务在“{snippet_before}”与“{snippet_after}”之间被空行断开", "task {} is split by a blank line between “{snippet_before}” and “{snippet_after}”",
                            t.numbering.value
                        ),
                    )
                    .with_label(crate::tr!("句子在这里断开", "the sentence breaks here"))
                    .with_secondary(doc.file, gap.end..after_end, crate::tr!("在这里继续", "and continues here"))
                    .with_edits(
                        Applicability::Safe,
                        crate::tr!("删去断开处的空行", "remove the blank line in the break"),
                        vec![crate::diag::Edit {
                            file: doc.file,
                            span: gap.clone(),
                            replacement: Default::default(),
                        }],
                    ),
                );
            }
        }
    }
}

fn prev_char(text: &str, end: usize) -> std::ops::Range<usize> {
    let start = text[..end]
        .chars()
        .next_back()
        .map(|c| end - c.len_utf8())
        .unwrap_or(end);
    start..end
}
