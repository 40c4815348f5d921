use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta};

use super::{occurrences, per_document, registry_note, Class};

declare_rule! {
    /// ## 检查内容
    /// 责任分工中的单位不在适用的单位名录中，也不像名录中任何单位的误写。
    ///
    /// ## 为什么
    /// 名录之外的单位可能是新设机构、上级或外地单位（省商务厅、合肥海关），
    /// 也可能是名录还没有收录的本地单位。这条规则帮助维护名录：默认关闭，
    /// 用 `--select N005` 列出全部未登记的单位，再决定把哪些加入名录。
    ///
    /// ## 示例
    /// ```text
    /// 长清区2025年重点工作责任分工
    /// 1.推进数字政府建设。（牵头单位：区数字经济发展局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 长清区2025年重点工作责任分工
    /// 1.推进数字政府建设。（牵头单位：区大数据发展中心）
    /// ```
    ///
    /// ## 配置
    /// 单位名录（同 N001）。默认级别 off；只在有适用名录的文件上报告。
    pub struct UnknownUnitName {
        name: "unknown-unit-name",
        category: Consistency,
        fix: None,
        message: ["单位“{…}”不在{…}单位名录中"],
        message_en: ["unit “{…}” is not in the “{…}” unit registry"],
        explain_en: "A unit in an assignment is not in the applicable unit registry and does not look like a misspelling of a registered unit. Off by default: it helps maintain the registry by listing every unregistered unit.",
    }
}

impl Rule for UnknownUnitName {
    fn check_corpus(&self, meta: &RuleMeta, cx: &Context, out: &mut Vec<Diagnostic>) {
        out.extend(per_document(cx, |doc, reg| {
            let Some(reg) = reg else { return Vec::new() };
            occurrences(cx, doc, Some(reg), false)
                .iter()
                .filter(|o| o.in_clause && matches!(o.class, Class::Unknown))
                .map(|o| {
                    Diagnostic::new(
                        meta,
                        o.file,
                        o.span.clone(),
                        crate::tr!("单位“{}”不在{}单位名录中", "unit “{}” is not in the “{}” unit registry", o.written, reg.name),
                    )
                    .with_label(crate::tr!("未登记的单位", "unregistered unit"))
                    .with_help(crate::tr!("名称无误且属于本地的单位，可以加入单位名录（--registry）", "if the name is right and the unit is local, add it to the unit registry (--registry)"))
                    .with_note(registry_note(reg))
                })
                .collect()
        }));
    }
}
