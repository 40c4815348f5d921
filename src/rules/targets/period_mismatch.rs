use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::link::LinkKind;
use crate::rules::{Context, Rule, RuleMeta};

use super::task_label;

declare_rule! {
    /// ## 检查内容
    /// 责任分工与配对的工作报告不是同一年度，或同一目标在两份文件中写的年份不同。
    ///
    /// ## 为什么
    /// 分工标题写“2025 年《政府工作报告》重点工作责任分工”，却照着 2024 年
    /// 的报告分解，所有目标都会错一年；把去年的分工改成今年的，最容易留下
    /// 这种错误。同一目标一处写“到 2025 年”、一处写“到 2026 年”，也是
    /// 口径不一。
    ///
    /// 文件年度取自标题（`2025 年《政府工作报告》…`）、报告题注中的会议日期
    /// （`——2024年1月17日在…`），或正文中最常出现的年份。目标年份只在两处
    /// 都写明时比较。
    ///
    /// ## 示例
    /// ```text
    /// === 报告.txt ===
    /// 2024年政府工作报告
    /// 今年经济社会发展主要预期目标是：地区生产总值增长7%。
    /// === 分工.md ===
    /// 2025年《政府工作报告》重点工作责任分工
    /// 1.地区生产总值增长7%。（牵头单位：区发展改革局）
    /// 2.一般公共预算收入增长5%。（牵头单位：区财政局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// === 报告.txt ===
    /// 2025年政府工作报告
    /// 今年经济社会发展主要预期目标是：地区生产总值增长7%。
    /// === 分工.md ===
    /// 2025年《政府工作报告》重点工作责任分工
    /// 1.地区生产总值增长7%。（牵头单位：区发展改革局）
    /// 2.一般公共预算收入增长5%。（牵头单位：区财政局）
    /// ```
    ///
    /// ## 配置
    /// 无。报告与分工的配对可用 `--pair REPORT=ANNEX` 指定。
    pub struct PeriodMismatch {
        name: "period-mismatch",
        category: Correctness,
        fix: None,
        message: ["责任分工是 {…} 年的，与之配对的工作报告是 {…} 年的", "{…}中“{…}”的目标年份与工作报告不一致：分工为 {…} 年，报告为 {…} 年"],
        message_en: ["the annex is for {…}, the work report it is paired with is for {…}", "the target year of “{…}” in {…} differs from the work report: annex {…}, report {…}"],
        explain_en: "The annex and its paired work report are for different years, or one target is given different target years in the two documents. Reusing last year's annex is the usual cause: every target is then a year off.",
    }
}

impl Rule for PeriodMismatch {
    fn check_corpus(&self, meta: &RuleMeta, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ind = &cx.data.targets.indicators;
        for link in cx.links.iter().filter(|l| l.kind == LinkKind::ReportAnnex) {
            let (ad, rd) = (&cx.docs[link.annex], &cx.docs[link.report]);
            if let (Some(ay), Some(ry)) = (&ad.year, &rd.year) {
                if ay.text != ry.text {
                    out.push(
                        Diagnostic::new(
                            meta,
                            link.annex,
                            ay.span.clone(),
                            crate::tr!(
                                "责任分工是 {} 年的，与之配对的工作报告是 {} 年的", "the annex is for {}, the work report it is paired with is for {}",
                                ay.text, ry.text
                            ),
                        )
                        .with_label(crate::tr!("分工：{} 年", "annex: {}", ay.text))
                        .with_secondary(
                            link.report,
                            ry.span.clone(),
                            crate::tr!("报告：{} 年", "report: {}", ry.text),
                        )
                        .with_help(crate::tr!("换用同一年度的工作报告，或用 --pair REPORT=ANNEX 指定配对", "use the work report of the same year, or name the pair with --pair REPORT=ANNEX")),
                    );
                }
            }
            for m in &link.matches {
                let a = &link.annex_targets[m.annex];
                let r = &link.report_targets[m.report];
                let (Some(x), Some(y)) = (a.year, r.year) else {
                    continue;
                };
                if x == y {
                    continue;
                }
                let (Some(xs), Some(ys)) = (&a.year_span, &r.year_span) else {
                    continue;
                };
                out.push(
                    Diagnostic::new(
                        meta,
                        link.annex,
                        xs.clone(),
                        crate::tr!(
                            "{}中“{}”的目标年份与工作报告不一致：分工为 {x} 年，报告为 {y} 年", "the target year of “{1}” in {0} differs from the work report: annex {x}, report {y}",
                            task_label(cx, link, a.unit),
                            a.what(ind)
                        ),
                    )
                    .with_label(crate::tr!("分工：{x} 年", "annex: {x}"))
                    .with_secondary(link.report, ys.clone(), crate::tr!("报告：{y} 年", "report: {y}"))
                    .with_help(crate::tr!("核对目标年份，两处应一致", "check the target year; both should agree")),
                );
            }
        }
    }
}
