use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::rules::{Context, Rule, RuleMeta};

use super::{name_edits, occurrences, per_document, registry_note, Class};

declare_rule! {
    /// ## 检查内容
    /// 单位名称是单位名录中登记的旧名称，该单位已经更名。
    ///
    /// ## 为什么
    /// 机构改革后沿用旧名称，任务会落到名义上已不存在的单位，督办和考核找不到
    /// 责任主体。旧文件照抄到新文件时最容易出现这种情况。
    /// 单位名录为旧名称记录现名称，知道更名年份时还记录年份（`since`）：
    /// 早于该年份的文件不报告。
    ///
    /// ## 示例
    /// ```text
    /// 长清区2025年重点工作责任分工
    /// 1.推进河道综合治理。（牵头单位：区城乡水务局；责任单位：各街镇）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 长清区2025年重点工作责任分工
    /// 1.推进河道综合治理。（牵头单位：区水务局；责任单位：各街镇）
    /// ```
    ///
    /// ## 配置
    /// 单位名录中单位的 `retired = [{ name = "…", since = 年份 }]`；
    /// `--registry`、`--jurisdiction` 同 N001。
    ///
    /// ## 修复安全性
    /// 不安全：文件可能是在回顾历史（“原区城乡水务局”），那时的名称本来就是对的；
    /// 需用 `--unsafe-fixes` 并由人确认。紧跟在“原”字后的旧名称不报告。
    pub struct RetiredUnitName {
        name: "retired-unit-name",
        category: Correctness,
        fix: Always,
        message: ["“{…}”是旧名称，该单位{…}已更名为“{…}”"],
        message_en: ["“{…}” is a former name; the unit was renamed “{…}”{…}"],
        fix_title: ["改为“{…}”"],
        fix_title_en: ["change to “{…}”"],
        explain_en: "A unit name is a former name recorded in the unit registry; the unit has been renamed. Keeping an old name after an institutional reform assigns tasks to a unit that no longer exists in name.",
    }
}

impl Rule for RetiredUnitName {
    fn check_corpus(&self, meta: &RuleMeta, cx: &Context, out: &mut Vec<Diagnostic>) {
        out.extend(per_document(cx, |doc, reg| {
            let Some(reg) = reg else { return Vec::new() };
            let src = &cx.source(doc).text;
            let mut v = Vec::new();
            for o in occurrences(cx, doc, Some(reg), true).iter().cloned() {
                let Class::Retired { unit, since } = o.class else {
                    continue;
                };
                let target = o.replacement(reg.canonical(unit));
                let when = since.map(|y| crate::tr!("{y} 年起", " since {y}")).unwrap_or_default();
                let mut d = Diagnostic::new(
                    meta,
                    o.file,
                    o.span.clone(),
                    crate::tr!("“{}”是旧名称，该单位{when}已更名为“{target}”", "“{}” is a former name; the unit was renamed “{target}”{when}", o.written),
                )
                .with_label(crate::tr!("旧名称", "former name"))
                .with_help(crate::tr!(
                    "如果写的是现在的工作，改为“{target}”；回顾历史时可写“原{}”", "for current work, change to “{target}”; in a historical account “原{}” may be written",
                    o.written
                ))
                .with_note(registry_note(reg));
                if let Some(edits) = name_edits(src, o.file, &o.span, &o.written, &target) {
                    d = d.with_edits(Applicability::Unsafe, crate::tr!("改为“{target}”", "change to “{target}”"), edits);
                }
                v.push(d);
            }
            v
        }));
    }
}
