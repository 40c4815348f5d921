use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::rules::{Context, Rule, RuleMeta};

use super::task_label;

declare_rule! {
    /// ## 检查内容
    /// 写了“牵头单位：”，冒号后面却没有单位。
    ///
    /// ## 为什么
    /// 空的牵头单位通常是起草时留下的占位，定稿前忘了填写；印发后这项任务
    /// 没有牵头单位。
    ///
    /// ## 示例
    /// ```text
    /// 2.一般公共预算收入增长4%。（牵头单位：；责任单位：各街镇）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 2.一般公共预算收入增长4%。（牵头单位：区财政局；责任单位：各街镇）
    /// ```
    ///
    /// ## 配置
    /// 无。
    pub struct EmptyLeadLabel {
        name: "empty-lead-label",
        category: Correctness,
        fix: None,
        message: ["{…}的牵头单位是空的"],
        message_en: ["the lead unit of {…} is empty"],
        explain_en: "“牵头单位：” is written but no unit follows the colon. An empty lead label is usually a placeholder left from drafting; once issued, the task has no lead unit.",
    }
}

impl Rule for EmptyLeadLabel {
    fn check_document(
        &self,
        meta: &RuleMeta,
        _cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        for t in &doc.tasks {
            // A task whose other clause names its lead is not missing one.
            if t.lead().next().is_some() {
                continue;
            }
            let Some(c) = t.clauses.iter().find(|c| c.lead_label.is_some()) else {
                continue;
            };
            if let Some(label) = &c.lead_label {
                out.push(
                    Diagnostic::new(
                        meta,
                        doc.file,
                        label.clone(),
                        crate::tr!(
                            "{}的牵头单位是空的",
                            "the lead unit of {} is empty",
                            task_label(t)
                        ),
                    )
                    .with_label(if c.form == crate::model::ClauseForm::Table {
                        crate::tr!("牵头单位一栏是空的", "the lead unit field is empty")
                    } else {
                        crate::tr!("冒号后没有单位", "no unit after the colon")
                    })
                    .with_help(crate::tr!(
                        "填写牵头单位的名称",
                        "fill in the name of the lead unit"
                    )),
                );
            }
        }
    }
}
