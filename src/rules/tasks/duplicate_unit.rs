use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::{Document, Unit};
use crate::rules::{Context, Rule, RuleMeta};

use super::task_label;

declare_rule! {
    /// ## 检查内容
    /// 同一个单位在同一份单位名单（牵头单位或责任单位）里出现两次。
    ///
    /// ## 为什么
    /// 重复列出同一单位是拼接名单时的疏漏，也可能是把另一个单位错写成了它。
    ///
    /// ## 示例
    /// ```text
    /// 8.加强食品安全监管。（牵头单位：区市场监管局；责任单位：区卫生健康局、区农业农村局、区卫生健康局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 8.加强食品安全监管。（牵头单位：区市场监管局；责任单位：区卫生健康局、区农业农村局）
    /// ```
    ///
    /// ## 配置
    /// 无。
    pub struct DuplicateUnit {
        name: "duplicate-unit",
        category: Consistency,
        fix: None,
        message: ["{…}的{…}中“{…}”重复出现"],
        message_en: ["“{…}” appears more than once among the {…} of {…}"],
        explain_en: "The same unit appears twice in one list of units (lead or responsible). A repeated unit is a slip when lists are pasted together, or another unit was written as this one by mistake.",
    }
}

impl Rule for DuplicateUnit {
    fn check_document(
        &self,
        meta: &RuleMeta,
        _cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        for t in &doc.tasks {
            let lists = t.clauses.iter().flat_map(|c| {
                [
                    (&c.lead, crate::i18n::pick("牵头单位", "lead units")),
                    (
                        &c.responsible,
                        crate::i18n::pick("责任单位", "responsible units"),
                    ),
                ]
            });
            for (list, what) in lists {
                for (k, u) in list.iter().enumerate() {
                    if let Some(first) = list[..k].iter().find(|p: &&Unit| p.name == u.name) {
                        out.push(
                            Diagnostic::new(
                                meta,
                                doc.file,
                                u.span.clone(),
                                crate::tr!(
                                    "{}的{}中“{}”重复出现",
                                    "“{2}” appears more than once among the {1} of {0}",
                                    task_label(t),
                                    what,
                                    u.name
                                ),
                            )
                            .with_label(crate::tr!("重复", "duplicate"))
                            .with_secondary(
                                doc.file,
                                first.span.clone(),
                                crate::tr!("第一次出现", "first listed here"),
                            )
                            .with_help(crate::tr!("删去重复的单位", "remove the duplicate unit")),
                        );
                    }
                }
            }
        }
    }
}
