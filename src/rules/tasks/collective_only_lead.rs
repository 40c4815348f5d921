use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::rules::{Context, Rule, RuleMeta};

use super::task_label;

declare_rule! {
    /// ## 检查内容
    /// 牵头单位只有集合称谓（各街镇、相关部门、各部门），没有一个具体单位。
    ///
    /// ## 为什么
    /// “各街镇牵头”等于没有牵头：集合称谓无法被督查、无法对口考核。牵头单位
    /// 应是一个（或几个）具体单位，集合称谓放在责任单位里。
    ///
    /// ## 示例
    /// ```text
    /// 12.推进城乡环境整治。（牵头单位：各街镇）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 12.推进城乡环境整治。（牵头单位：区城管局；责任单位：各街镇）
    /// ```
    ///
    /// ## 配置
    /// 集合称谓的名单在 `rules/collective.toml`（前缀“各”、固定名称、后缀）。
    pub struct CollectiveOnlyLead {
        name: "collective-only-lead",
        category: Correctness,
        fix: None,
        message: ["{…}的牵头单位只有集合称谓“{…}”"],
        message_en: ["{…} has only the collective name “{…}” as lead unit"],
        explain_en: "The only lead unit is a collective name (“各街镇”, “相关部门”, “各部门”) rather than a specific unit. A collective cannot be supervised or assessed; name one or a few specific units as lead and put the collective among the responsible units.",
    }
}

impl Rule for CollectiveOnlyLead {
    fn check_document(
        &self,
        meta: &RuleMeta,
        _cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        for t in &doc.tasks {
            let lead: Vec<&crate::model::Unit> = t.lead().collect();
            if lead.is_empty() || !lead.iter().all(|u| u.collective) {
                continue;
            }
            let span = lead[0].span.start..lead[lead.len() - 1].span.end;
            let names: Vec<&str> = lead.iter().map(|u| u.name.as_str()).collect();
            out.push(
                Diagnostic::new(
                    meta,
                    doc.file,
                    span,
                    crate::tr!(
                        "{}的牵头单位只有集合称谓“{}”", "{} has only the collective name “{}” as lead unit",
                        task_label(t),
                        names.join("、")
                    ),
                )
                .with_label(crate::tr!("集合称谓不能作为牵头单位", "a collective name cannot be the lead unit"))
                .with_help(crate::tr!("写明一个具体的牵头单位，把集合称谓移到责任单位", "name one specific lead unit and move the collective name to the responsible units")),
            );
        }
    }
}
