use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::model::{Document, Level, Numbering};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 结构层次序数的标点写错：“一.”“一，”应为“一、”，“（一）、”多了顿号，“1、”应为“1.”。
    ///
    /// ## 为什么
    /// GB/T 9704-2012 第 7.3.3 条规定文中结构层次序数依次用“一、”“（一）”“1.”
    /// “（1）”标注：汉字数字后用顿号，括号本身已把序号隔开、后面不再加标点，阿拉伯
    /// 数字后用下脚点。序数标点不统一，是公文格式审核最先看到的问题之一。
    ///
    /// 层级是否跳级、编号是否连续由 S001—S004 检查；半角括号“(一)”由 P001 报告。
    ///
    /// ## 示例
    /// ```text
    /// 一.总体要求
    /// （一）、指导思想
    /// 1、坚持党的领导。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 一、总体要求
    /// （一）指导思想
    /// 1.坚持党的领导。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 安全：只改序数后的标点，不动序号和文字。
    pub struct MalformedHeadingMark {
        name: "malformed-heading-mark",
        category: Style,
        fix: Always,
        message: ["序数“{…}”后面多了顿号", "序数“{…}”用了“{…}”，应为“{…}”"],
        message_en: ["ordinal “{…}” is followed by an extra “、”", "ordinal “{…}” uses “{…}”; it should be “{…}”"],
        fix_title: ["删去顿号", "改为“{…}”"],
        fix_title_en: ["remove “、”", "change to “{…}”"],
        explain_en: "The punctuation of a heading ordinal is wrong: “一.” or “一，” for “一、”, “（一）、” with an extra “、”, “1、” for “1.”. GB/T 9704-2012 §7.3.3 fixes the marks of each level.",
    }
}

/// `(wrong separator, correct separator, replacement)` for a numbering mark.
fn check(n: &Numbering) -> Option<(char, &'static str)> {
    let last = n.raw.chars().next_back()?;
    match n.level {
        Level::L1 if last != '、' => Some((last, "、")),
        Level::L2 if last == '、' => Some((last, "")),
        Level::L3 if last == '、' => Some((last, ".")),
        _ => None,
    }
}

fn layer(level: Level) -> &'static str {
    match level {
        Level::L1 => crate::i18n::pick("第一层", "first-level"),
        Level::L2 => crate::i18n::pick("第二层", "second-level"),
        Level::L3 => crate::i18n::pick("第三层", "third-level"),
        _ => crate::i18n::pick("这一层", "this level's"),
    }
}

impl Rule for MalformedHeadingMark {
    fn check_document(
        &self,
        meta: &RuleMeta,
        _cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let marks = doc
            .headings
            .iter()
            .map(|h| &h.numbering)
            .chain(doc.tasks.iter().map(|t| &t.numbering));
        for n in marks {
            let Some((bad, good)) = check(n) else {
                continue;
            };
            let end = n.span.end;
            let span = end - bad.len_utf8()..end;
            let base: String = {
                let mut s = n.raw.clone();
                s.pop();
                s
            };
            let fixed = format!("{base}{good}");
            let msg = match n.level {
                Level::L2 => crate::tr!(
                    "序数“{}”后面多了顿号",
                    "ordinal “{}” is followed by an extra “、”",
                    base
                ),
                _ => crate::tr!(
                    "序数“{}”用了“{bad}”，应为“{fixed}”",
                    "ordinal “{}” uses “{bad}”; it should be “{fixed}”",
                    n.raw
                ),
            };
            let (label, title) = if good.is_empty() {
                (
                    crate::tr!(
                        "括号序数后不加标点",
                        "no punctuation after a bracketed ordinal"
                    ),
                    crate::tr!("删去顿号", "remove “、”"),
                )
            } else {
                (
                    crate::tr!("应为“{good}”", "expected “{good}”"),
                    crate::tr!("改为“{fixed}”", "change to “{fixed}”"),
                )
            };
            out.push(
                Diagnostic::new(meta, doc.file, span, msg)
                    .with_label(label)
                    .with_help(crate::tr!(
                        "{}序数写作“{}”",
                        "{} ordinals are written “{}”",
                        layer(n.level),
                        n.level.example()
                    ))
                    .with_note(crate::tr!(
                        "依据：GB/T 9704-2012 第 7.3.3 条",
                        "basis: GB/T 9704-2012, clause 7.3.3"
                    ))
                    .with_fix(Applicability::Safe, title, good),
            );
        }
    }
}
