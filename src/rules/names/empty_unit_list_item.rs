use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic, Edit};
use crate::model::Document;
use crate::rules::tasks::task_label;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 责任分工的单位名单里有空项：两个顿号相连（、、），或顿号后面、前面没有单位。
    ///
    /// ## 为什么
    /// 空项多半是删改单位时留下的：要么多了一个顿号，要么有一个单位被误删了。
    /// 用逗号把几组用顿号隔开的单位分开（“大学城管委会，区工业信息化和科技局、
    /// 区住房城乡建设局，各街镇”）是常见写法，不报告。
    ///
    /// ## 示例
    /// ```text
    /// 1.做好困难群众救助。（牵头单位：区民政局；责任单位：区财政局、、区人力资源社会保障局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 1.做好困难群众救助。（牵头单位：区民政局；责任单位：区财政局、区人力资源社会保障局）
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 不安全：删去多余的顿号不改变名单，但空项可能是漏写的单位，需由人确认。
    pub struct EmptyUnitListItem {
        name: "empty-unit-list-item",
        category: Correctness,
        fix: Always,
        message: ["{…}的单位名单中有空项"],
        message_en: ["the unit list of {…} has an empty item"],
        fix_title: ["删去多余的“、”"],
        fix_title_en: ["remove the extra “、”"],
        explain_en: "A list of units has an empty item: two “、” in a row, or a “、” with no unit before or after it. Empty items are left when units are edited: either a “、” too many, or a unit deleted by mistake.",
    }
}

fn is_open(c: char) -> bool {
    matches!(c, '（' | '(' | '[' | '【' | '〔' | '［')
}

fn is_close(c: char) -> bool {
    matches!(c, '）' | ')' | ']' | '】' | '〕' | '］')
}

fn is_sep(c: char) -> bool {
    matches!(c, '、' | '，' | ',' | '；' | ';' | '。' | '：' | ':')
}

impl Rule for EmptyUnitListItem {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let text = cx.source(doc).text.as_str();
        for t in &doc.tasks {
            for (c, (span, ch)) in t
                .clauses
                .iter()
                .flat_map(|c| c.separators.iter().map(move |s| (c, s)))
            {
                if *ch != '、' {
                    continue;
                }
                // The next and previous visible characters inside the clause.
                let after = text
                    .get(span.end..c.span.end)
                    .unwrap_or("")
                    .char_indices()
                    .find(|(_, x)| !x.is_whitespace());
                let before = text
                    .get(c.span.start..span.start)
                    .unwrap_or("")
                    .chars()
                    .rev()
                    .find(|x| !x.is_whitespace());
                let (primary, label) = match after {
                    Some((k, x)) if is_sep(x) => {
                        let at = span.end + k;
                        (
                            span.start..at + x.len_utf8(),
                            crate::tr!("“、”与“{x}”之间没有单位", "no unit between “、” and “{x}”"),
                        )
                    }
                    Some((_, '等')) => (
                        span.clone(),
                        crate::tr!("顿号后没有单位", "no unit after “、”"),
                    ),
                    Some((_, x)) if is_close(x) => (
                        span.clone(),
                        crate::tr!("顿号后没有单位", "no unit after “、”"),
                    ),
                    None => (
                        span.clone(),
                        crate::tr!("顿号后没有单位", "no unit after “、”"),
                    ),
                    _ => match before {
                        Some(x) if x != '、' && (is_sep(x) || is_open(x)) => (
                            span.clone(),
                            crate::tr!("顿号前没有单位", "no unit before “、”"),
                        ),
                        _ => continue,
                    },
                };
                out.push(
                    Diagnostic::new(
                        meta,
                        doc.file,
                        primary,
                        crate::tr!(
                            "{}的单位名单中有空项",
                            "the unit list of {} has an empty item",
                            task_label(t)
                        ),
                    )
                    .with_label(label)
                    .with_help(crate::tr!(
                        "删去多余的“、”；如果漏写了单位，补上单位名称",
                        "remove the extra “、”, or fill in the missing unit"
                    ))
                    .with_edits(
                        Applicability::Unsafe,
                        crate::tr!("删去多余的“、”", "remove the extra “、”"),
                        vec![Edit {
                            file: doc.file,
                            span: span.clone(),
                            replacement: Default::default(),
                        }],
                    ),
                );
            }
        }
    }
}
