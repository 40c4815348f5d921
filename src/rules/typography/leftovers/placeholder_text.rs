use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::rules::typography::text::Scan;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 稿件里留着待填的占位符：“XX局”“××同志”“2025年X月X日”“【待定】”“＿＿＿”“○○街道”。
    ///
    /// ## 为什么
    /// 起草时先用占位符把结构搭起来是常事，但占位符一旦随稿件印发，就是明显的差错。
    /// 这类文字混在正文里，通读时很容易被当成内容跳过去。
    ///
    /// 紧挨着拉丁字母的匹配（XXL、Xbox）不报告；Markdown 的加粗、分隔线等标记不报告。
    ///
    /// ## 示例
    /// ```text
    /// 请XX局于2025年X月X日前报送【待定】材料，联系人：＿＿＿。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 请区财政局于2025年6月30日前报送预算调整材料，联系人：王明。
    /// ```
    ///
    /// ## 配置
    /// `rules/typography.toml` 的 `[placeholders]`：`patterns`（正则表达式）、`literals`（固定字符串）。
    pub struct PlaceholderText {
        name: "placeholder-text",
        category: Correctness,
        fix: None,
        message: ["稿件里留着占位符“{…}”"],
        message_en: ["placeholder “{…}” left in the draft"],
        explain_en: "Placeholders left to be filled in a draft: “XX局”, “××同志”, “2025年X月X日”, “【待定】”, “＿＿＿”, “○○街道”. Placeholders are normal while drafting but an obvious error once a document is issued.",
    }
}

impl Rule for PlaceholderText {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(re) = cx.data.typography.placeholder_regex() else {
            return;
        };
        let src = cx.source(doc);
        let scan = Scan::of(cx, src);
        let text = scan.text;
        for m in re.find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let first = m.as_str().chars().next();
            let last = m.as_str().chars().next_back();
            // Part of a Latin word: XXL, Xbox, TODOs.
            if (before.is_some_and(|c| c.is_ascii_alphabetic())
                && first.is_some_and(|c| c.is_ascii_alphanumeric()))
                || (after.is_some_and(|c| c.is_ascii_alphabetic())
                    && last.is_some_and(|c| c.is_ascii_alphanumeric()))
            {
                continue;
            }
            if scan.touches_skipped(&m.range()) {
                continue;
            }
            // A line of underscores alone is a rule, not a blank to fill.
            let line_start = text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[m.end()..]
                .find('\n')
                .map_or(text.len(), |i| m.end() + i);
            if m.as_str().chars().all(|c| matches!(c, '_' | '＿'))
                && text[line_start..line_end].trim() == m.as_str()
            {
                continue;
            }
            out.push(
                Diagnostic::new(
                    meta,
                    doc.file,
                    m.range(),
                    crate::tr!(
                        "稿件里留着占位符“{}”",
                        "placeholder “{}” left in the draft",
                        m.as_str()
                    ),
                )
                .with_label(crate::tr!("待填写的内容", "text still to be filled in"))
                .with_help(crate::tr!(
                    "填入实际内容，或删去",
                    "fill in the actual content, or remove it"
                )),
            );
        }
    }
}
