use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::{Document, LeadConvention};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 整份文件只写“责任单位”、从不写“牵头单位”，按惯例以第一个责任单位为牵头单位。
    ///
    /// ## 为什么
    /// 这是一些地方的通行写法，不算错误，因此整份文件只提示一次，而不是每项
    /// 任务都报“缺少牵头单位”。但惯例是隐含的：如果排在第一位的单位并不牵头，
    /// 读者无从知道。需要明确时，请写出“牵头单位”。
    ///
    /// 在这样的文件里，完全没有责任分工的任务仍按 T001 报告。
    ///
    /// ## 示例
    /// ```text
    /// 1.地区生产总值增长6%。（责任单位：区发展改革局、区统计局）
    /// 2.一般公共预算收入增长5%。（责任单位：区财政局、区税务局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 1.地区生产总值增长6%。（牵头单位：区发展改革局；责任单位：区统计局）
    /// 2.一般公共预算收入增长5%。（牵头单位：区财政局；责任单位：区税务局）
    /// ```
    ///
    /// ## 配置
    /// 无。
    pub struct ImplicitLeadConvention {
        name: "implicit-lead-convention",
        category: Consistency,
        fix: None,
        message: ["全文 {…} 项任务只写责任单位，按惯例以第一个责任单位为牵头单位"],
        message_en: ["{…} tasks name only responsible units; by convention the first responsible unit is taken as the lead unit"],
        explain_en: "The whole document names only responsible units, never a lead unit, so by convention the first responsible unit leads. This is common practice and reported once per document, not per task; but the convention is implicit, and readers cannot tell when the first unit does not in fact lead.",
    }
}

impl Rule for ImplicitLeadConvention {
    fn check_document(
        &self,
        meta: &RuleMeta,
        _cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        if doc.lead_convention != LeadConvention::FirstResponsible {
            return;
        }
        // Tasks that name their lead (`A分别牵头`, or a note stating the
        // convention) do not follow it.
        let follows = |t: &&crate::model::Task| t.has_clause() && !t.has_lead_label();
        let Some(first) = doc
            .tasks
            .iter()
            .filter(follows)
            .flat_map(|t| t.clauses.iter())
            .find(|c| c.responsible_label.is_some())
        else {
            return;
        };
        let n = doc.tasks.iter().filter(follows).count();
        let label = first
            .responsible_label
            .clone()
            .unwrap_or_else(|| first.span.clone());
        let mut d = Diagnostic::new(
            meta,
            doc.file,
            label,
            crate::tr!("全文 {n} 项任务只写责任单位，按惯例以第一个责任单位为牵头单位", "{n} tasks name only responsible units; by convention the first responsible unit is taken as the lead unit"),
        )
        .with_label(crate::tr!("全文第一处只写责任单位的分工", "first task that names only responsible units"))
        .with_help(crate::tr!("如需明确，写出“牵头单位：…”", "to be explicit, write “牵头单位：…”"));
        if let Some(u) = first.responsible.first() {
            d = d.with_secondary(
                doc.file,
                u.span.clone(),
                crate::tr!("按惯例视为牵头单位", "taken as the lead unit by convention"),
            );
        }
        out.push(d);
    }
}
