use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic, Edit};
use crate::model::Document;
use crate::rules::{Context, Rule, RuleMeta};

use super::attachment_lists;

declare_rule! {
    /// ## 检查内容
    /// 附件说明写法不规范：名称后加了标点，顺序号不是“1.”的形式，或第一个附件漏了顺序号。
    ///
    /// ## 为什么
    /// GB/T 9704-2012 第 7.3.4 条：附件说明在正文下空一行左空二字编排“附件”二字，后标
    /// 全角冒号和附件名称；如有多个附件，使用阿拉伯数字标注附件顺序号（如“附件：1.××××”）；
    /// 附件名称后不加标点符号。附件说明是核对附件是否齐全的清单，格式不一容易漏看。
    ///
    /// “附件”后的半角冒号由 P001 报告；附件说明与文内附件标题是否一致由 F004 检查。
    ///
    /// ## 示例
    /// ```text
    /// 附件：1、健康长清行动主要指标。
    ///       2、健康长清行动任务分工
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 附件：1.健康长清行动主要指标
    ///       2.健康长清行动任务分工
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 删去名称后的标点、把顺序号后的“、”“．”改为“.”是安全修复；补顺序号标为不安全。
    pub struct MalformedAttachmentList {
        name: "malformed-attachment-list",
        category: Style,
        fix: Always,
        message: ["附件名称“{…}”后面加了标点", "附件顺序号“{…}”应写作“{…}”", "第一个附件“{…}”漏了顺序号"],
        message_en: ["annex name “{…}” ends in punctuation", "annex number “{…}” should be written “{…}”", "the first annex “{…}” has no number"],
        fix_title: ["删去标点", "改为“{…}”", "加上“1.”"],
        fix_title_en: ["remove the punctuation", "change to “{…}”", "add “1.”"],
        explain_en: "The annex list is malformed: punctuation after an annex name, a number not in the form “1.”, or no number on the first annex. GB/T 9704-2012 §7.3.4 sets its form; the list is the checklist of annexes, so an irregular one is easily misread.",
    }
}

impl Rule for MalformedAttachmentList {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let text = cx.source(doc).text.as_str();
        let file = doc.file;
        let note = || {
            crate::i18n::pick(
                "依据：GB/T 9704-2012 第 7.3.4 条",
                "basis: GB/T 9704-2012, clause 7.3.4",
            )
        };
        for list in attachment_lists(text) {
            let numbered = list.items.iter().any(|i| i.number.is_some());
            for (k, item) in list.items.iter().enumerate() {
                let name = &text[item.name.clone()];
                // Final punctuation after the name.
                let trimmed =
                    name.trim_end_matches(['。', '；', ';', '，', ',', '、', '.', '：', ':']);
                if trimmed.len() < name.len() && !trimmed.is_empty() {
                    let span = item.name.start + trimmed.len()..item.name.end;
                    out.push(
                        Diagnostic::new(
                            meta,
                            file,
                            span,
                            crate::tr!(
                                "附件名称“{trimmed}”后面加了标点",
                                "annex name “{trimmed}” ends in punctuation"
                            ),
                        )
                        .with_label(crate::tr!(
                            "附件名称后不加标点",
                            "no punctuation after an annex name"
                        ))
                        .with_help(crate::tr!(
                            "删去名称后的标点",
                            "remove the punctuation after the name"
                        ))
                        .with_note(note())
                        .with_fix(
                            Applicability::Safe,
                            crate::tr!("删去标点", "remove the punctuation"),
                            "",
                        ),
                    );
                }
                match (item.number, &item.mark, item.sep) {
                    (Some(n), Some(mark), Some(sep)) if sep != '.' => {
                        let fixed = format!("{n}.");
                        let (span, replacement) = if sep == '）' || sep == ')' {
                            (mark.clone(), fixed.clone())
                        } else {
                            let end = mark.end;
                            (end - sep.len_utf8()..end, ".".to_string())
                        };
                        let shown = &text[mark.clone()];
                        out.push(
                            Diagnostic::new(
                                meta,
                                file,
                                span,
                                crate::tr!(
                                    "附件顺序号“{shown}”应写作“{fixed}”",
                                    "annex number “{shown}” should be written “{fixed}”"
                                ),
                            )
                            .with_label(crate::tr!("应为“{fixed}”", "expected “{fixed}”"))
                            .with_help(crate::tr!("改为“{fixed}”", "change to “{fixed}”"))
                            .with_note(note())
                            .with_fix(
                                Applicability::Safe,
                                crate::tr!("改为“{fixed}”", "change to “{fixed}”"),
                                replacement,
                            ),
                        );
                    }
                    (None, _, _) if numbered && k == 0 => {
                        out.push(
                            Diagnostic::new(
                                meta,
                                file,
                                item.name.clone(),
                                crate::tr!(
                                    "第一个附件“{}”漏了顺序号",
                                    "the first annex “{}” has no number",
                                    trimmed
                                ),
                            )
                            .with_label(crate::tr!(
                                "多个附件应逐个编号",
                                "number each annex when there are several"
                            ))
                            .with_help(crate::tr!("在名称前加“1.”", "add “1.” before the name"))
                            .with_note(note())
                            .with_edits(
                                Applicability::Unsafe,
                                crate::tr!("加上“1.”", "add “1.”"),
                                vec![Edit {
                                    file,
                                    span: item.name.start..item.name.start,
                                    replacement: "1.".into(),
                                }],
                            ),
                        );
                    }
                    _ => {}
                }
            }
        }
    }
}
