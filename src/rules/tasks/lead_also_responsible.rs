use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::rules::{Context, Rule, RuleMeta};

use super::task_label;

declare_rule! {
    /// ## 检查内容
    /// 同一个单位在一项任务里既是牵头单位又是责任单位。
    ///
    /// ## 为什么
    /// 牵头单位本身就负有责任，再列为责任单位是重复，通常是复制上一项任务的
    /// 分工后没有改净，也可能本该写另一个单位。
    ///
    /// ## 示例
    /// ```text
    /// 5.推进老旧小区改造。（牵头单位：区住房城乡建设局；责任单位：区住房城乡建设局、各街镇）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 5.推进老旧小区改造。（牵头单位：区住房城乡建设局；责任单位：各街镇）
    /// ```
    ///
    /// ## 配置
    /// 无。
    pub struct LeadAlsoResponsible {
        name: "lead-also-responsible",
        category: Consistency,
        fix: None,
        message: ["{…}中“{…}”既是牵头单位又是责任单位"],
        message_en: ["“{…}” is both the lead unit and a responsible unit of {…}"],
        explain_en: "The same unit is both the lead unit and a responsible unit of one task. The lead unit is responsible anyway, so listing it again is redundant — usually an assignment copied from the previous task and not fully edited, or another unit was meant.",
    }
}

impl Rule for LeadAlsoResponsible {
    fn check_document(
        &self,
        meta: &RuleMeta,
        _cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        for t in &doc.tasks {
            for (r, c) in t
                .clauses
                .iter()
                .flat_map(|c| c.responsible.iter().map(move |r| (r, c)))
            {
                if let Some(l) = c.lead.iter().find(|l| l.name == r.name) {
                    out.push(
                        Diagnostic::new(
                            meta,
                            doc.file,
                            r.span.clone(),
                            crate::tr!("{}中“{}”既是牵头单位又是责任单位", "“{1}” is both the lead unit and a responsible unit of {0}", task_label(t), r.name),
                        )
                        .with_label(crate::tr!("又列为责任单位", "also listed as a responsible unit"))
                        .with_secondary(doc.file, l.span.clone(), crate::tr!("已是牵头单位", "already the lead unit"))
                        .with_help(crate::tr!("从责任单位中删去，或改为本该写的单位", "remove it from the responsible units, or write the unit that was meant")),
                    );
                }
            }
        }
    }
}
