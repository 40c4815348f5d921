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
        message_en: ["{…} names no lead unit", "{…} lists responsible units but no lead unit"],
        explain_en: "A numbered task names no lead unit: neither “牵头单位：…” nor “…牵头”. The point of an assignment annex is that every task has a unit that leads it; a task without one has nobody to hold to account when it is supervised.",
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
                        crate::tr!("{}没有写明牵头单位", "{} names no lead unit", task_label(t)),
                    )
                    .with_label(crate::tr!(
                        "这项任务没有责任分工",
                        "this task assigns no units"
                    ))
                    .with_help(crate::tr!(
                        "在任务末尾注明（牵头单位：…；责任单位：…）",
                        "add “（牵头单位：…；责任单位：…）” at the end of the task"
                    )),
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
                            crate::tr!(
                                "{}只列了责任单位，没有牵头单位",
                                "{} lists responsible units but no lead unit",
                                task_label(t)
                            ),
                        )
                        .with_label(crate::tr!("这里没有“牵头单位”", "no “牵头单位” here"))
                        .with_secondary(
                            doc.file,
                            t.numbering.span.clone(),
                            crate::tr!("任务在此", "the task"),
                        )
                        .with_help(crate::tr!(
                            "写明“牵头单位：…”，或在单位后注明“牵头”",
                            "write “牵头单位：…”, or mark a unit with “牵头”"
                        )),
                    );
                }
                Some(_) => {}
            }
        }
    }
}
