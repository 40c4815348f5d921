use std::ops::Range;

use similar::{capture_diff_slices, Algorithm, DiffOp};

use crate::chars::is_han;
use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::link::{ClausePair, Link, LinkKind};
use crate::model::Span;
use crate::rules::{Context, Rule, RuleMeta};
use crate::targets::norm::Norm;

use super::task_label;

mod analysis;
#[cfg(test)]
mod tests;

use analysis::*;

/// Options of [`TextDrift`] (`[X004]` in `rules.toml`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TextDriftOptions {
    /// Name endings: a changed word followed by, or ending in, one of these is a name.
    pub name_suffixes: Vec<String>,
    /// Function characters: dropping one of these is ordinary rewording.
    pub function_chars: String,
}

impl Default for TextDriftOptions {
    fn default() -> Self {
        TextDriftOptions {
            name_suffixes: DEFAULT_SUFFIXES.iter().map(|s| s.to_string()).collect(),
            function_chars: DEFAULT_FUNCTION.to_string(),
        }
    }
}

declare_rule! {
    /// ## 检查内容
    /// 分工任务与工作报告中对应的同一句话，名称、数字或个别字不同。
    ///
    /// ## 为什么
    /// 分工多是从报告逐句复制再删改的。复制时改错一个字（“济南经济开发区”
    /// 成了“济南经济开发带”）、漏掉一个字（“社区微就业”成了“社区微业”）、
    /// 把两个项目的位置写反（“加快…建设”与“谋划好…项目”互换），都不会被
    /// 拼写检查发现，却会让任务和报告说的不是一回事。
    ///
    /// 只比较两份文件中对应的分句，并且只报告“除此之外完全相同”的差异：
    /// 分句中只有一处改动；改动是名称（改动后紧跟“区、园、项目、工程”等
    /// 名称后缀，或两边都以这类字结尾）、列举中整项被替换、引号内的提法、
    /// 没有单位的数字，或在词语中间漏掉的一个字（不含“的、和、等”这类
    /// 虚字）。分工比报告简略、在句首句尾增删词语、整句改写，都不报告；
    /// 带单位的数字差异由 X001 报告。两个名称互换位置合并为一条。
    ///
    /// ## 示例
    /// ```text
    /// === 报告.txt ===
    /// 2025年政府工作报告
    /// 进一步做大做强济南经济开发带，对标高标准、高水平。深入开展“社区微就业”，推广“招聘夜市”。
    /// === 分工.md ===
    /// 2025年《政府工作报告》重点工作责任分工
    /// 1.进一步做大做强济南经济开发区，对标高标准、高水平。（牵头单位：大学城管委会）
    /// 2.深入开展“社区微业”，推广“招聘夜市”。（牵头单位：区人力资源社会保障局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// === 报告.txt ===
    /// 2025年政府工作报告
    /// 进一步做大做强济南经济开发区，对标高标准、高水平。深入开展“社区微就业”，推广“招聘夜市”。
    /// === 分工.md ===
    /// 2025年《政府工作报告》重点工作责任分工
    /// 1.进一步做大做强济南经济开发区，对标高标准、高水平。（牵头单位：大学城管委会）
    /// 2.深入开展“社区微就业”，推广“招聘夜市”。（牵头单位：区人力资源社会保障局）
    /// ```
    ///
    /// ## 配置
    /// `rules.toml` 中 `[X004]`：
    /// - `name_suffixes`（字符串列表）：名称后缀，改动的词以它们结尾或后接它们时是名称。
    /// - `function_chars`（字符串）：漏掉也不报告的虚字。
    pub struct TextDrift {
        name: "text-drift",
        category: Consistency,
        fix: None,
        message: ["{…}与工作报告中“{…}”和“{…}”的位置对调", "{…}与工作报告的对应语句{…}：分工“{…}”，报告“{…}”"],
        message_en: ["{…} swaps “{…}” and “{…}” relative to the work report", "{…} differs from the matching work report sentence by {…}: annex “{…}”, report “{…}”"],
        explain_en: "An annex task and the matching work report sentence differ in a name, a number or a single character. Annexes are copied from the report sentence by sentence; a changed or dropped character or two swapped items are missed by spell checkers but make the task and the report say different things.",
        options: TextDriftOptions,
    }
}

const DEFAULT_SUFFIXES: &[&str] = &[
    "项目",
    "工程",
    "中心",
    "基地",
    "平台",
    "园区",
    "片区",
    "小区",
    "社区",
    "公司",
    "集团",
    "大道",
    "综合体",
    "广场",
    "大厦",
    "区",
    "带",
    "园",
    "城",
    "港",
    "谷",
    "湾",
    "街",
    "路",
    "桥",
    "镇",
    "村",
    "乡",
    "县",
    "局",
    "馆",
    "院",
    "站",
    "场",
    "厂",
    "校",
    "楼",
    "廊",
    "岛",
    "湖",
    "河",
    "山",
    "寺",
    "苑",
    "庄",
    "坊",
    "台",
];
const DEFAULT_FUNCTION: &str = "的地得了着过和与及或并等之其更再将要也都已在对为把被向从以于而又还很最较新全各每该本此好大多一些进均总所这那";

impl Rule for TextDrift {
    fn check_corpus(&self, meta: &RuleMeta, cx: &Context, out: &mut Vec<Diagnostic>) {
        let opts = cx.data.settings.options::<TextDriftOptions>(meta.code);
        let p = Params {
            suffixes: opts.name_suffixes.clone(),
            function: opts.function_chars.chars().collect(),
        };
        for link in cx.links.iter().filter(|l| l.kind == LinkKind::ReportAnnex) {
            for task in link.tasks.iter().filter(|t| t.matched()) {
                let drifts: Vec<Drift> = task
                    .clauses
                    .iter()
                    .filter_map(|c| analyse(link, c, task.unit, &p))
                    .collect();
                report(meta, cx, link, drifts, out);
            }
        }
    }
}

fn report(
    meta: &RuleMeta,
    cx: &Context,
    link: &Link,
    drifts: Vec<Drift>,
    out: &mut Vec<Diagnostic>,
) {
    let mut used = vec![false; drifts.len()];
    // Two names swapped between two places.
    for i in 0..drifts.len() {
        for j in i + 1..drifts.len() {
            let (x, y) = (&drifts[i], &drifts[j]);
            let named = |d: &Drift| matches!(d.kind, Kind::Name | Kind::Item);
            if used[i] || used[j] || !named(x) || !named(y) {
                continue;
            }
            if same_name(&x.a_name.0, &y.b_name.0) && same_name(&x.b_name.0, &y.a_name.0) {
                used[i] = true;
                used[j] = true;
                let (n1, n2) = (
                    longer(&x.a_name.0, &y.b_name.0),
                    longer(&x.b_name.0, &y.a_name.0),
                );
                let xa = x.widened(link, true, n1);
                let ya = y.widened(link, true, n2);
                let xb = x.widened(link, false, n2);
                let yb = y.widened(link, false, n1);
                out.push(
                    Diagnostic::new(
                        meta,
                        link.annex,
                        xa.1,
                        crate::tr!(
                            "{}与工作报告中“{n1}”和“{n2}”的位置对调",
                            "{} swaps “{n1}” and “{n2}” relative to the work report",
                            task_label(cx, link, x.unit)
                        ),
                    )
                    .with_label(crate::tr!("分工：{}", "annex: “{}”", xa.0))
                    .with_secondary(
                        link.annex,
                        ya.1,
                        crate::tr!("分工：{}", "annex: “{}”", ya.0),
                    )
                    .with_secondary(
                        link.report,
                        xb.1,
                        crate::tr!("报告：{}", "report: “{}”", xb.0),
                    )
                    .with_secondary(
                        link.report,
                        yb.1,
                        crate::tr!("报告：{}", "report: “{}”", yb.0),
                    )
                    .with_help(crate::tr!(
                        "核对两个名称各自对应的工作，按报告改正",
                        "check which work each name belongs to and correct it after the report"
                    )),
                );
            }
        }
    }
    for (d, u) in drifts.iter().zip(&used) {
        if *u {
            continue;
        }
        let task = task_label(cx, link, d.unit);
        let what = match d.kind {
            Kind::Name => crate::i18n::pick("名称不同", "a different name"),
            Kind::Item => crate::i18n::pick("列举的事项不同", "a different list of items"),
            Kind::Quoted => crate::i18n::pick("引号内的提法不同", "a different quoted formulation"),
            Kind::Number => crate::i18n::pick("数字不同", "a different number"),
            Kind::Dropped => crate::i18n::pick("相差一个字", "one character different"),
        };
        let (la, lb) = match (d.a_text.is_empty(), d.b_text.is_empty()) {
            (true, _) => (
                crate::tr!("分工此处少了“{}”", "the annex lacks “{}” here", d.b_text),
                crate::tr!("报告：{}", "report: “{}”", d.b_text),
            ),
            (_, true) => (
                crate::tr!("分工：{}", "annex: “{}”", d.a_text),
                crate::tr!("报告此处少了“{}”", "the report lacks “{}” here", d.a_text),
            ),
            _ => (
                crate::tr!("分工：{}", "annex: “{}”", d.a_text),
                crate::tr!("报告：{}", "report: “{}”", d.b_text),
            ),
        };
        out.push(
            Diagnostic::new(
                meta,
                link.annex,
                d.a_span.clone(),
                crate::tr!(
                    "{task}与工作报告的对应语句{what}：分工“{}”，报告“{}”", "{task} differs from the matching work report sentence by {what}: annex “{}”, report “{}”",
                    d.a_ctx, d.b_ctx
                ),
            )
            .with_label(la)
            .with_secondary(link.report, d.b_span.clone(), lb)
            .with_help(crate::tr!("核对两处文字，改正写错或漏掉的字", "check both texts and correct the miswritten or missing characters")),
        );
    }
}

fn longer<'a>(x: &'a str, y: &'a str) -> &'a str {
    if x.chars().count() >= y.chars().count() {
        x
    } else {
        y
    }
}
