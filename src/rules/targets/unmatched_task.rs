use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::link::LinkKind;
use crate::rules::{Context, Rule, RuleMeta};

use super::{task_label, task_mark, task_number};

/// Options of [`UnmatchedTask`] (`[X005]` in `rules.toml`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UnmatchedTaskOptions {
    /// More unmatched tasks than this, and more than half of them: one summary.
    pub max_each: usize,
}

impl Default for UnmatchedTaskOptions {
    fn default() -> Self {
        UnmatchedTaskOptions { max_each: 10 }
    }
}

declare_rule! {
    /// ## 检查内容
    /// 责任分工中的任务在配对的工作报告里找不到出处。
    ///
    /// ## 为什么
    /// 重点工作责任分工是对政府工作报告的分解，每项任务都应能在报告中找到
    /// 依据。找不到出处的任务，可能是报告删改后分工没有跟着改，可能是照搬
    /// 了上一年的分工，也可能是配错了报告。报告只是新闻稿或摘要时，这类
    /// 提示会较多，可以忽略。
    ///
    /// 任务与报告按文字相似度对应（字符三元组，不受语序和改写影响）：任务
    /// 中的三元组在报告某几句中出现的比例低于 30% 时视为找不到出处。
    ///
    /// ## 示例
    /// ```text
    /// === 报告.txt ===
    /// 2025年政府工作报告
    /// 加快推进农批市场二期项目建设，尽快形成区域性农产品物流中心。
    /// === 分工.md ===
    /// 2025年《政府工作报告》重点工作责任分工
    /// 1.加快推进农批市场二期项目建设，尽快形成区域性农产品物流中心。（牵头单位：大学城管委会）
    /// 2.深化殡葬领域改革，推进丧俗改革试点。（牵头单位：区民政局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// === 报告.txt ===
    /// 2025年政府工作报告
    /// 加快推进农批市场二期项目建设，尽快形成区域性农产品物流中心。深化殡葬领域改革，推进丧俗改革试点。
    /// === 分工.md ===
    /// 2025年《政府工作报告》重点工作责任分工
    /// 1.加快推进农批市场二期项目建设，尽快形成区域性农产品物流中心。（牵头单位：大学城管委会）
    /// 2.深化殡葬领域改革，推进丧俗改革试点。（牵头单位：区民政局）
    /// ```
    ///
    /// 找不到出处的任务超过 `max_each` 项、又占可比对任务的一半以上时（报告
    /// 多半只是摘要或新闻稿），只汇总报告一次，列出全部任务编号。
    ///
    /// ## 配置
    /// `rules/rules.toml` 的 `[X005]`：
    /// - `max_each`（默认 10）：找不到出处的任务超过这个数、且占一半以上时改为汇总报告。
    pub struct UnmatchedTask {
        name: "unmatched-task",
        category: Consistency,
        fix: None,
        message: ["{…} 项任务中有 {…} 项在工作报告中找不到出处", "{…}在工作报告中找不到出处"],
        message_en: ["{…} of {…} tasks have no source in the work report", "{…} has no source in the work report"],
        explain_en: "An annex task has no source in the paired work report. Every task of an annex should go back to the report; a task without a source may be left from last year's annex, or the annex was paired with the wrong report.",
        options: UnmatchedTaskOptions,
    }
}

impl Rule for UnmatchedTask {
    fn check_corpus(&self, meta: &RuleMeta, cx: &Context, out: &mut Vec<Diagnostic>) {
        let max_each = cx
            .data
            .settings
            .options::<UnmatchedTaskOptions>(meta.code)
            .max_each;
        for link in cx.links.iter().filter(|l| l.kind == LinkKind::ReportAnnex) {
            let alignable = link.tasks.iter().filter(|t| t.alignable).count();
            let unmatched: Vec<_> = link
                .tasks
                .iter()
                .filter(|t| t.alignable && !t.matched())
                .collect();
            if unmatched.len() > max_each && unmatched.len() * 2 > alignable {
                // The report covers only part of the annex (an excerpt, a
                // news story): one summary instead of a note per task.
                let numbers: Vec<String> = unmatched
                    .iter()
                    .map(|t| task_number(cx, link, t.unit))
                    .collect();
                let mut d = Diagnostic::new(
                    meta,
                    link.annex,
                    task_mark(cx, link, unmatched[0].unit),
                    crate::tr!(
                        "{} 项任务中有 {} 项在工作报告中找不到出处", "{1} of {0} tasks have no source in the work report",
                        alignable,
                        unmatched.len()
                    ),
                )
                .with_label(crate::tr!("第一项找不到出处的任务", "first task without a source"))
                .with_note(crate::tr!("找不到出处的任务：第 {} 项", "tasks without a source: {}", numbers.join(crate::i18n::pick("、", ", "))))
                .with_help(crate::tr!(
                    "报告“{}”可能只是摘要或新闻稿；如果它是完整的工作报告，请逐项核对", "the report “{}” may be a summary or press release; if it is the full work report, check the tasks one by one",
                    cx.sources[link.report].name
                ));
                for t in unmatched.iter().skip(1).take(4) {
                    d = d.with_secondary(
                        link.annex,
                        task_mark(cx, link, t.unit),
                        crate::tr!("找不到出处", "no source"),
                    );
                }
                out.push(d);
                continue;
            }
            for t in unmatched {
                out.push(
                    Diagnostic::new(
                        meta,
                        link.annex,
                        task_mark(cx, link, t.unit),
                        crate::tr!("{}在工作报告中找不到出处", "{} has no source in the work report", task_label(cx, link, t.unit)),
                    )
                    .with_label(if t.coverage < 0.05 {
                        crate::tr!("报告中没有与之相近的语句", "no similar sentence in the report")
                    } else {
                        crate::tr!(
                            "与报告最相近的语句只有 {:.0}% 的文字相同", "the closest report sentence shares only {:.0}% of the text",
                            t.coverage * 100.0
                        )
                    })
                    .with_help(crate::tr!(
                        "核对这项任务是否来自报告“{}”，或报告是否漏写、改写了这项工作", "check whether this task comes from the report “{}”, or whether the report omits or rewords this work",
                        cx.sources[link.report].name
                    )),
                );
            }
        }
    }
}
