use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::link::{LinkKind, MatchHow};
use crate::rules::{Context, Rule, RuleMeta};
use crate::targets::{numbers, Target, UnitKind};

use super::task_label;

declare_rule! {
    /// ## 检查内容
    /// 同一指标的目标值在工作报告与责任分工中不一致，或在正文与本文件的指标表中不一致。
    ///
    /// ## 为什么
    /// 责任分工是把工作报告的目标分解到各单位的依据，年终考核按分工中的
    /// 数字打分。报告写“增长 6%”、分工写“增长 5.5%”，两份文件就给了同一
    /// 单位两个目标；实施意见、规划纲要的正文与所附主要指标表不一致，也会
    /// 让执行和评估无所适从。
    ///
    /// 比较的是同一指标、同一口径的目标：数值（范围两端）、单位（% 与
    /// ‰、/10万 等不能混用）和限定词（以上与以下、左右不能互换；只写数字
    /// 与“以上”视为一致）。分工另加的“力争”目标只与报告的“力争”目标比较。
    /// 分工中的目标先在与之对应的报告语句中找对应项，找不到再按
    /// `rules/indicators.toml` 中的指标名称及别名在报告的目标部分中找；
    /// 报告中回顾上年工作的数字不参与比较。正文与指标表按指标名称找行、
    /// 按目标年份找列。
    ///
    /// ## 示例
    /// ```text
    /// === 报告.txt ===
    /// 2025年政府工作报告
    /// 今年经济社会发展主要预期目标是：地区生产总值增长6%，一般公共预算收入增长5%。
    /// === 分工.md ===
    /// 2025年《政府工作报告》重点工作责任分工
    /// 1.地区生产总值增长5.5%。（牵头单位：区发展改革局）
    /// 2.一般公共预算收入增长5%。（牵头单位：区财政局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// === 报告.txt ===
    /// 2025年政府工作报告
    /// 今年经济社会发展主要预期目标是：地区生产总值增长6%，一般公共预算收入增长5%。
    /// === 分工.md ===
    /// 2025年《政府工作报告》重点工作责任分工
    /// 1.地区生产总值增长6%。（牵头单位：区发展改革局）
    /// 2.一般公共预算收入增长5%。（牵头单位：区财政局）
    /// ```
    ///
    /// ## 配置
    /// 指标名称及别名在 `rules/indicators.toml`（可用 `--indicators FILE` 追加）。
    /// 报告与分工的配对见 `--pair REPORT=ANNEX`。
    pub struct TargetMismatch {
        name: "target-mismatch",
        category: Correctness,
        fix: None,
        message: ["{…}中“{…}”的{…}与工作报告不一致：分工为{…}，报告为{…}", "正文中“{…}”的{…}与本文件指标表不一致：正文为{…}，指标表（{…}）为{…}"],
        message_en: ["the {…} of “{…}” in {…} differs from the work report: annex “{…}”, report “{…}”", "the {…} of “{…}” in the body differs from this document's indicator table: body “{…}”, table ({…}) “{…}”"],
        explain_en: "The target value of one indicator differs between the work report and the annex, or between the body and the document's own indicator table. The annex breaks the report's targets down to units and is used for year-end assessment, so two different figures give one unit two targets.",
    }
}

/// What differs between two targets, for the message.
fn difference(a: &Target, r: &Target) -> &'static str {
    let (x, xh) = a.scaled();
    let (y, yh) = r.scaled();
    let same_numbers = numbers::same_value(x, y)
        && match (xh, yh) {
            (None, None) => true,
            (Some(p), Some(q)) => numbers::same_value(p, q),
            _ => false,
        };
    if same_numbers && a.unit_of.kind == UnitKind::Rate && a.unit_of.base != r.unit_of.base {
        crate::i18n::pick("单位", "unit")
    } else if same_numbers && !a.bound.compatible(r.bound) {
        crate::i18n::pick("限定词", "qualifier")
    } else {
        crate::i18n::pick("目标值", "target value")
    }
}

fn shown(t: &Target) -> String {
    let mut s = t.describe();
    if t.stretch {
        s = format!("力争{s}");
    }
    s
}

impl Rule for TargetMismatch {
    fn check_corpus(&self, meta: &RuleMeta, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ind = &cx.data.targets.indicators;
        for link in cx.links {
            for m in &link.matches {
                let a = &link.annex_targets[m.annex];
                let r = &link.report_targets[m.report];
                if a.same_value(r) {
                    continue;
                }
                let what = a.what(ind);
                let diff = difference(a, r);
                let d = match link.kind {
                    LinkKind::ReportAnnex => {
                        let task = task_label(cx, link, a.unit);
                        Diagnostic::new(
                            meta,
                            link.annex,
                            a.value_span.clone(),
                            crate::tr!(
                                "{task}中“{what}”的{diff}与工作报告不一致：分工为{}，报告为{}", "the {diff} of “{what}” in {task} differs from the work report: annex “{}”, report “{}”",
                                shown(a),
                                shown(r)
                            ),
                        )
                        .with_label(crate::tr!("分工：{}", "annex: “{}”", shown(a)))
                        .with_secondary(link.report, r.value_span.clone(), crate::tr!("报告：{}", "report: “{}”", shown(r)))
                        .with_help(match m.how {
                            MatchHow::Indicator => crate::i18n::pick("报告与分工应使用同一目标值；分工依据报告分解，请以报告审定的数字为准", "the report and the annex should state the same target; the annex breaks the report down, so the figure approved in the report prevails"),
                            _ => crate::i18n::pick("分工依据报告分解，请以报告审定的数字为准改正其中一处", "the annex breaks the report down; correct one of the two to the figure approved in the report"),
                        })
                    }
                    LinkKind::BodyTable => {
                        let col = match r.year {
                            Some(y) if r.achieved => crate::tr!("{y} 年完成", "{y} actual"),
                            Some(y) => crate::tr!("{y} 年", "{y}"),
                            None => crate::tr!("年均增长", "annual average growth"),
                        };
                        Diagnostic::new(
                            meta,
                            link.annex,
                            a.value_span.clone(),
                            crate::tr!(
                                "正文中“{what}”的{diff}与本文件指标表不一致：正文为{}，指标表（{col}）为{}", "the {diff} of “{what}” in the body differs from this document's indicator table: body “{}”, table ({col}) “{}”",
                                shown(a),
                                r.value_text
                            ),
                        )
                        .with_label(crate::tr!("正文：{}", "body: “{}”", shown(a)))
                        .with_secondary(
                            link.report,
                            r.subject_span.clone(),
                            crate::tr!("指标表中的“{}”", "“{}” in the indicator table", r.subject),
                        )
                        .with_secondary(
                            link.report,
                            r.value_span.clone(),
                            crate::tr!("指标表（{col}）：{}", "indicator table ({col}): “{}”", r.value_text),
                        )
                        .with_help(crate::tr!("正文与指标表应一致，请核对后改正其中一处", "the body and the indicator table should agree; check and correct one of them"))
                    }
                };
                out.push(d);
            }
        }
    }
}
