use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::{Document, LeadConvention};
use crate::rules::{Context, Rule, RuleMeta};

use super::{expects_clause, task_label};

declare_rule! {
    /// ## 检查内容
    /// 编号任务没有写明牵头单位：既没有“牵头单位：…”，也没有“…牵头”。
    ///
    /// ## 为什么
    /// 责任分工的目的就是让每项任务有人牵头、有人负责。没有牵头单位的任务
    /// 在督查考核时找不到责任主体，常常无人落实。
    ///
    /// 只检查分配任务的文件（责任分工、实施意见、规划的任务清单）；工作报告
    /// 的编号段落不带责任分工，不检查。文件通篇只写“责任单位”、以第一个单位
    /// 为牵头单位时（见 T006），只检查完全没有责任分工的任务。
    ///
    /// ## 示例
    /// ```text
    /// 2.一般公共预算收入增长4%。（牵头单位：区财政局；责任单位：各街镇）
    /// 3.规模以上工业增加值增长8.5%。（责任单位：大学城管委会，各街镇）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 2.一般公共预算收入增长4%。（牵头单位：区财政局；责任单位：各街镇）
    /// 3.规模以上工业增加值增长8.5%。（牵头单位：区工业信息化和科技局；责任单位：大学城管委会，各街镇）
    /// ```
    ///
    /// ## 配置
    /// 无。集合称谓的名单在 `rules/collective.toml`。
    pub struct MissingLeadUnit {
        name: "missing-lead-unit",
        category: Correctness,
        fix: None,
        message: ["{…}没有写明牵头单位", "{…}只列了责任单位，没有牵头单位"],
    }
}

impl Rule for MissingLeadUnit {
    fn check_document(
        &self,
        meta: &RuleMeta,
        _cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let expects = expects_clause(doc);
        for (t, expect) in doc.tasks.iter().zip(expects) {
            if !expect {
                continue;
            }
            match t.main_clause() {
                None => out.push(
                    Diagnostic::new(
                        meta,
                        doc.file,
                        t.numbering.span.clone(),
                        format!("{}没有写明牵头单位", task_label(t)),
                    )
                    .with_label("这项任务没有责任分工")
                    .with_help("在任务末尾注明（牵头单位：…；责任单位：…）"),
                ),
                Some(c) if !t.has_lead_label() => {
                    if doc.lead_convention == LeadConvention::FirstResponsible
                        && t.responsible().next().is_some()
                    {
                        continue;
                    }
                    let span = c
                        .responsible_label
                        .clone()
                        .unwrap_or_else(|| c.span.clone());
                    out.push(
                        Diagnostic::new(
                            meta,
                            doc.file,
                            span,
                            format!("{}只列了责任单位，没有牵头单位", task_label(t)),
                        )
                        .with_label("这里没有“牵头单位”")
                        .with_secondary(doc.file, t.numbering.span.clone(), "任务在此")
                        .with_help("写明“牵头单位：…”，或在单位后注明“牵头”"),
                    );
                }
                Some(_) => {}
            }
        }
    }
}
