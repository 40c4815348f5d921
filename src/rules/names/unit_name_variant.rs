use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::rules::{Context, Rule, RuleMeta};

use super::{name_edits, occurrences, per_document, registry_note, Class};

declare_rule! {
    /// ## 检查内容
    /// 单位名称用了单位名录中登记的错误写法，或在责任分工中用了别称而不是规范名称。
    ///
    /// ## 为什么
    /// 责任分工是考核依据，单位名称必须与机构设置一致；同一单位写法不一，
    /// 检索、汇总和督办时会被当成不同单位，错误写法还可能指向并不存在的机构。
    /// 单位名录（`rules/registries/*.toml`）记录每个单位的规范名称、正式全称、
    /// 认可的别称和已知的错误写法。正式全称在任何位置都接受；别称在正文中接受，
    /// 在责任分工中应写规范名称；已知错误写法在任何位置都报告。
    ///
    /// ## 示例
    /// ```text
    /// 长清区2025年重点工作责任分工
    /// 1.推进中小学校建设。（牵头单位：区教育局；责任单位：区财政局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 长清区2025年重点工作责任分工
    /// 1.推进中小学校建设。（牵头单位：区教育体育局；责任单位：区财政局）
    /// ```
    ///
    /// ## 配置
    /// 单位名录：内置 `rules/registries/*.toml`，`--registry DIR` 追加或替换；
    /// `--jurisdiction` 选择名录（默认 auto：按文中“长清区”等词检测；none：不用名录）。
    ///
    /// ## 修复安全性
    /// 安全：改为同一单位的规范名称，不改变所指的单位；只替换不同的字，
    /// 名称中的换行保持不变。
    pub struct UnitNameVariant {
        name: "unit-name-variant",
        category: Consistency,
        fix: Always,
        message: ["单位名称“{…}”写错了，应为“{…}”", "责任分工中应写规范名称“{…}”，不用别称“{…}”"],
        message_en: ["unit name “{…}” is misspelled; it should be “{…}”", "use the canonical name “{…}” in an assignment, not the alias “{…}”"],
        fix_title: ["改为“{…}”"],
        fix_title_en: ["change to “{…}”"],
        explain_en: "A unit name is a misspelling recorded in the unit registry, or an alias used in an assignment instead of the canonical name. Assignments are the basis of assessment, so unit names must match the official establishment; variant spellings make one unit look like several.",
    }
}

impl Rule for UnitNameVariant {
    fn check_corpus(&self, meta: &RuleMeta, cx: &Context, out: &mut Vec<Diagnostic>) {
        out.extend(per_document(cx, |doc, reg| {
            let Some(reg) = reg else { return Vec::new() };
            let src = &cx.source(doc).text;
            let mut v = Vec::new();
            for o in occurrences(cx, doc, Some(reg), true).iter().cloned() {
                let (unit, variant) = match o.class {
                    Class::Variant(u) => (u, true),
                    Class::Alias(u) => (u, false),
                    _ => continue,
                };
                let canonical = reg.canonical(unit);
                let target = o.replacement(canonical);
                let (message, label) = if variant {
                    (
                        crate::tr!("单位名称“{}”写错了，应为“{target}”", "unit name “{}” is misspelled; it should be “{target}”", o.written),
                        crate::tr!("已知的错误写法", "known misspelling"),
                    )
                } else {
                    (
                        crate::tr!("责任分工中应写规范名称“{target}”，不用别称“{}”", "use the canonical name “{target}” in an assignment, not the alias “{}”", o.written),
                        crate::tr!("别称", "alias"),
                    )
                };
                let mut d = Diagnostic::new(meta, o.file, o.span.clone(), message)
                    .with_label(label)
                    .with_help(crate::tr!("改为“{target}”", "change to “{target}”"))
                    .with_note(registry_note(reg));
                if let Some(edits) = name_edits(src, o.file, &o.span, &o.written, &target) {
                    d = d.with_edits(Applicability::Safe, crate::tr!("改为“{target}”", "change to “{target}”"), edits);
                }
                v.push(d);
            }
            v
        }));
    }
}
