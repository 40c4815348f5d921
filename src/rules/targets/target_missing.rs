use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::link::{same_subject, Link, LinkKind};
use crate::rules::{Context, Rule, RuleMeta};
use crate::targets::Target;

use super::{task_label, task_mark};

/// Options of [`TargetMissing`] (`[X002]` in `rules.toml`).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TargetMissingOptions {
    /// Also report stretch targets (力争…) the annex adds.
    pub stretch: bool,
}

declare_rule! {
    /// ## 检查内容
    /// 工作报告语句中的量化目标在分工对应任务中被删掉，或分工任务写了报告对应段落中没有的量化目标。
    ///
    /// ## 为什么
    /// 分工照报告逐句分解，报告里“完成农村公路养护工程 107 公里”到了分工里
    /// 只剩“完成农村公路养护工程”，目标就没人负责、无从考核；反过来，分工
    /// 自行加上报告没有的数字，等于替报告定了目标，需要经过审定。
    ///
    /// 只在分工任务与报告语句确实对应时检查：报告中被删的目标，须在分工
    /// 照抄的分句中（数字被删），或在分工照写了大半的句子中（整个分句被删），
    /// 且分工全文没有同一指标或同一数值；分工新增的目标，须报告全文没有
    /// 同一指标、也没有同一数值。分工在括号里另加的“力争”目标默认不算新增
    /// （见配置）。
    ///
    /// ## 示例
    /// ```text
    /// === 报告.txt ===
    /// 2025年政府工作报告
    /// 深化农村人居环境整治提升，新改建农村公路12公里，完成农村公路养护工程107公里。
    /// === 分工.md ===
    /// 2025年《政府工作报告》重点工作责任分工
    /// 1.深化农村人居环境整治提升，新改建农村公路12公里，完成农村公路养护工程。（牵头单位：区交通运输局）
    /// 2.加强农村公路管理养护。（牵头单位：区交通运输局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// === 报告.txt ===
    /// 2025年政府工作报告
    /// 深化农村人居环境整治提升，新改建农村公路12公里，完成农村公路养护工程107公里。
    /// === 分工.md ===
    /// 2025年《政府工作报告》重点工作责任分工
    /// 1.深化农村人居环境整治提升，新改建农村公路12公里，完成农村公路养护工程107公里。（牵头单位：区交通运输局）
    /// 2.加强农村公路管理养护。（牵头单位：区交通运输局）
    /// ```
    ///
    /// ## 配置
    /// `rules.toml` 中 `[X002]`：
    /// - `stretch`（默认 `false`）：为 `true` 时，分工另加的“力争”目标在报告中没有也报告。
    pub struct TargetMissing {
        name: "target-missing",
        category: Consistency,
        fix: None,
        message: ["{…}的目标“{…}”在工作报告对应段落中没有", "{…}删去了工作报告中的目标“{…}”"],
        message_en: ["the target “{…}” of {…} is not in the matching passage of the work report", "{…} drops the target “{…}” of the work report"],
        explain_en: "A quantified target in a work report sentence is dropped from the matching annex task, or an annex task adds a target the report does not have. A dropped figure leaves the target without an owner; an added one sets a target the report never approved.",
        options: TargetMissingOptions,
    }
}

fn anywhere(list: &[Target], t: &Target) -> bool {
    list.iter().any(|o| {
        !o.achieved && (same_subject(o, t) || (o.same_value(t) && o.unit_of.text == t.unit_of.text))
    })
}

impl Rule for TargetMissing {
    fn check_corpus(&self, meta: &RuleMeta, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ind = &cx.data.targets.indicators;
        let stretch = cx
            .data
            .settings
            .options::<TargetMissingOptions>(meta.code)
            .stretch;
        for link in cx.links.iter().filter(|l| l.kind == LinkKind::ReportAnnex) {
            annex_adds(meta, cx, link, stretch, out);
            report_drops(meta, cx, link, ind, out);
        }
    }
}

/// Targets the annex adds.
fn annex_adds(
    meta: &RuleMeta,
    cx: &Context,
    link: &Link,
    stretch: bool,
    out: &mut Vec<Diagnostic>,
) {
    let ind = &cx.data.targets.indicators;
    for (ai, a) in link.annex_targets.iter().enumerate() {
        if link.match_of(ai).is_some() || a.shared || (a.stretch && !stretch) {
            continue;
        }
        let Some(task) = link.task(a.unit) else {
            continue;
        };
        if !task.matched() {
            continue;
        }
        let in_pair = task
            .clauses
            .iter()
            .any(|c| c.annex.start <= a.value_logical.start && a.value_logical.end <= c.annex.end);
        if !in_pair && task.coverage < 0.6 {
            continue;
        }
        if anywhere(&link.report_targets, a) {
            continue;
        }
        let mut d = Diagnostic::new(
            meta,
            link.annex,
            a.value_span.clone(),
            crate::tr!(
                "{}的目标“{}{}”在工作报告对应段落中没有", "the target “{1}{2}” of {0} is not in the matching passage of the work report",
                task_label(cx, link, a.unit),
                a.what(ind),
                a.describe()
            ),
        )
        .with_label(crate::tr!("报告中没有这个目标", "this target is not in the report"))
        .with_help(crate::tr!("分工中的量化目标应来自报告；确需新增的，请报经审定后在报告或说明中一并明确", "quantified targets in the annex should come from the report; a new one needs approval and should also be stated in the report or an explanatory note"));
        if let Some(&s) = task.passages.first() {
            d = d.with_secondary(
                link.report,
                link.sentence_span(s),
                crate::tr!("对应的报告语句", "matching report sentence"),
            );
        }
        out.push(d);
    }
}

/// Targets of the report's paired clauses that the annex dropped.
fn report_drops(
    meta: &RuleMeta,
    cx: &Context,
    link: &Link,
    ind: &crate::targets::Indicators,
    out: &mut Vec<Diagnostic>,
) {
    for (ri, r) in link.report_targets.iter().enumerate() {
        if r.achieved || r.stretch || r.shared || link.report_matched(ri) {
            continue;
        }
        // A task that restates the clause holding the target.
        let holder = link.tasks.iter().filter(|t| t.matched()).find_map(|t| {
            t.clauses
                .iter()
                .find(|c| {
                    c.report_unit == r.unit
                        && c.report.start <= r.value_logical.start
                        && r.value_logical.end <= c.report.end
                })
                .map(|c| (t, c))
        });
        if let Some((task, clause)) = holder {
            // The annex clause holds no comparable value of its own.
            let annex_has_value = link.annex_targets.iter().any(|a| {
                a.unit == task.unit
                    && clause.annex.start <= a.value_logical.start
                    && a.value_logical.end <= clause.annex.end
                    && a.unit_of.kind == r.unit_of.kind
            });
            if annex_has_value || anywhere(&link.annex_targets, r) {
                continue;
            }
            let unit = &link.annex_units[task.unit];
            out.push(
                Diagnostic::new(
                    meta,
                    link.annex,
                    unit.span(clause.annex.clone()),
                    crate::tr!(
                        "{}删去了工作报告中的目标“{}{}”", "{0} drops the target “{1}{2}” of the work report",
                        task_label(cx, link, task.unit),
                        r.what(ind),
                        r.describe()
                    ),
                )
                .with_label(crate::tr!("分工此句没有报告中的数字", "this sentence of the annex lacks the report's figure"))
                .with_secondary(
                    link.report,
                    r.value_span.clone(),
                    crate::tr!("报告：{}", "report: “{}”", r.describe()),
                )
                .with_secondary(link.annex, task_mark(cx, link, task.unit), crate::tr!("任务在此", "the task"))
                .with_help(crate::tr!("把报告中的量化目标写入分工，落实到牵头单位", "write the report's quantified target into the annex and assign it to the lead unit")),
            );
            continue;
        }
        // A task that restates most of the sentence but left out the clause
        // holding the target.
        let Some(s) = link.sentences.iter().position(|s| {
            s.unit == r.unit
                && s.range.start <= r.value_logical.start
                && r.value_logical.end <= s.range.end
        }) else {
            continue;
        };
        let sent = &link.sentences[s];
        let restating = link.tasks.iter().filter(|t| t.matched()).find(|t| {
            t.passages.contains(&s) && {
                let covered: usize = t
                    .clauses
                    .iter()
                    .filter(|c| {
                        c.report_unit == sent.unit
                            && c.report.start >= sent.range.start
                            && c.report.end <= sent.range.end
                    })
                    .map(|c| c.report.len())
                    .sum();
                covered * 2 >= sent.range.len()
            }
        });
        let Some(task) = restating else {
            continue;
        };
        if anywhere(&link.annex_targets, r) {
            continue;
        }
        out.push(
            Diagnostic::new(
                meta,
                link.annex,
                task_mark(cx, link, task.unit),
                crate::tr!(
                    "{}删去了工作报告中的目标“{}{}”", "{0} drops the target “{1}{2}” of the work report",
                    task_label(cx, link, task.unit),
                    r.what(ind),
                    r.describe()
                ),
            )
            .with_label(crate::tr!("这项任务照报告这句话写成，但没有这个目标", "this task follows the report's sentence but without the target"))
            .with_secondary(
                link.report,
                r.value_span.clone(),
                crate::tr!("报告：{}", "report: “{}”", r.describe()),
            )
            .with_help(crate::tr!("把报告中的量化目标写入分工，落实到牵头单位", "write the report's quantified target into the annex and assign it to the lead unit")),
        );
    }
}
