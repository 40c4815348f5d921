use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::{Document, Level, Span};
use crate::rules::typography::text::{excerpt, lines};
use crate::rules::{Context, Rule, RuleMeta};

use super::{attachment_lists, normalize, trim_span, AttachmentList};

declare_rule! {
    /// ## 检查内容
    /// 文内的附件（“附件2”及其标题）与附件说明列的顺序号或名称不一致。
    ///
    /// ## 为什么
    /// GB/T 9704-2012 第 7.3.7 条：附件顺序号和附件标题应当与附件说明的表述一致。
    /// 附件改了名、增删了附件而附件说明没跟着改，收文单位就对不上号。
    ///
    /// 只比较同一文件里出现的附件；附件另成文件、不在本文件里的，不报告缺少。
    /// 附件标题取“附件N”下一行（或同一行“附件N”后面的文字），比较时忽略空格和全角、
    /// 半角括号的差别。
    ///
    /// ## 示例
    /// ```text
    /// 附件：1.健康长清行动主要指标
    ///       2.健康长清行动任务分工
    ///
    /// 附件2
    ///
    /// 健康长清行动重点任务分工
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 附件：1.健康长清行动主要指标
    ///       2.健康长清行动任务分工
    ///
    /// 附件2
    ///
    /// 健康长清行动任务分工
    /// ```
    ///
    /// ## 配置
    /// 无。
    pub struct AttachmentHeadingMismatch {
        name: "attachment-heading-mismatch",
        category: Consistency,
        fix: None,
        message: ["“{…}”不在附件说明的清单里", "“{…}”的标题与附件说明不一致：“{…}”"],
        message_en: ["“{…}” is not in the annex list", "the title of “{…}” differs from the annex list: “{…}”"],
        explain_en: "An annex in the text (“附件2” and its title) differs in number or name from the annex list. GB/T 9704-2012 §7.3.7 requires annex numbers and titles to match the list.",
    }
}

/// The title of an annex: text after `附件N` on its line, else the next
/// non-blank line (and the one after, for a title wrapped in two).
fn titles(text: &str, heading_line: &Span, mark_end: usize) -> Vec<(Span, String)> {
    let rest = trim_span(text, mark_end..heading_line.end);
    if !rest.is_empty() {
        return vec![(rest.clone(), normalize(&text[rest]))];
    }
    let mut out = Vec::new();
    let mut acc = String::new();
    let mut first: Option<Span> = None;
    for l in lines(&text[heading_line.end..])
        .map(|r| r.start + heading_line.end..r.end + heading_line.end)
    {
        let t = trim_span(text, l);
        if t.is_empty() {
            continue;
        }
        let s = &text[t.clone()];
        if s.starts_with("附件") {
            break;
        }
        acc.push_str(&normalize(s));
        let span = match &first {
            Some(f) => f.start..t.end,
            None => t.clone(),
        };
        first.get_or_insert(t);
        out.push((span, acc.clone()));
        if out.len() == 2 {
            break;
        }
    }
    out
}

impl Rule for AttachmentHeadingMismatch {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let text = cx.source(doc).text.as_str();
        let lists = attachment_lists(text);
        if lists.is_empty() {
            return;
        }
        let file = doc.file;
        for h in doc
            .headings
            .iter()
            .filter(|h| h.numbering.level == Level::Annex)
        {
            // The nearest 附件说明 above the annex.
            let Some(list): Option<&AttachmentList> =
                lists.iter().rev().find(|l| l.label.start < h.span.start)
            else {
                continue;
            };
            let numbered = h.numbering.raw.chars().any(|c| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || "一二三四五六七八九十".contains(c)
            });
            let n = h.numbering.value;
            let item = if list.items.len() == 1 && (!numbered || n == 1) {
                list.items.first()
            } else {
                list.items.iter().find(|i| i.number == Some(n))
            };
            let mark = h.numbering.raw.trim();
            let Some(item) = item else {
                out.push(
                    Diagnostic::new(
                        meta,
                        file,
                        h.numbering.span.clone(),
                        crate::tr!(
                            "“{mark}”不在附件说明的清单里",
                            "“{mark}” is not in the annex list"
                        ),
                    )
                    .with_label(crate::tr!(
                        "附件说明没有列这个附件",
                        "the annex list does not include this annex"
                    ))
                    .with_secondary(
                        file,
                        list.label.clone(),
                        crate::tr!(
                            "附件说明列了 {} 个附件",
                            "the annex list has {} annexes",
                            list.items.len()
                        ),
                    )
                    .with_help(crate::tr!(
                        "在附件说明里补上这个附件，或改正附件顺序号",
                        "add this annex to the annex list, or correct its number"
                    ))
                    .with_note(crate::tr!(
                        "依据：GB/T 9704-2012 第 7.3.7 条",
                        "basis: GB/T 9704-2012, clause 7.3.7"
                    )),
                );
                continue;
            };
            let listed = normalize(&text[item.name.clone()]);
            let cands = titles(text, &h.span, h.numbering.span.end);
            let Some((title_span, _)) = cands.first().cloned() else {
                continue;
            };
            if cands.iter().any(|(_, t)| *t == listed) {
                continue;
            }
            let title = &text[title_span.clone()];
            out.push(
                Diagnostic::new(
                    meta,
                    file,
                    title_span,
                    crate::tr!(
                        "“{mark}”的标题与附件说明不一致：“{}”",
                        "the title of “{mark}” differs from the annex list: “{}”",
                        excerpt(title.trim(), 30)
                    ),
                )
                .with_label(crate::tr!("附件标题", "annex title"))
                .with_secondary(
                    file,
                    item.name.clone(),
                    crate::tr!("附件说明里的名称", "name in the annex list"),
                )
                .with_help(crate::tr!(
                    "统一为同一个名称，如“{}”",
                    "use one name for both, e.g. “{}”",
                    excerpt(&text[item.name.clone()], 40)
                ))
                .with_note(crate::tr!(
                    "依据：GB/T 9704-2012 第 7.3.7 条",
                    "basis: GB/T 9704-2012, clause 7.3.7"
                )),
            );
        }
    }
}
