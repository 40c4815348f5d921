use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::names::similar::same_unit;
use crate::names::Form;
use crate::rules::{Context, Rule, RuleMeta};

use super::{name_edits, occurrences, per_document, registry_note, Class};

/// How much closer the best candidate must be than the next one for the
/// suggestion to be offered as a safe fix.
const CLEAR_MARGIN: f32 = 0.5;

declare_rule! {
    /// ## 检查内容
    /// 单位名称不在单位名录中，但与名录中的某个单位只差一处错字（同音、形近、漏字、重字、多字、颠倒）或连接字。
    /// 责任分工中的单位都检查；正文中检查以名录名称末字（局、道、心……）结尾的一段文字
    /// （“由区审记局会同……”）。
    ///
    /// ## 为什么
    /// 这类错误拼写检查发现不了（“区域”“茵”都是正常的字），读者却会以为是
    /// 另一个单位，检索和汇总也会漏掉它。比较时区分单位的字（数字、东西南北、
    /// 区/市）不同就不算误写，所以“区民政局”和“区财政局”、“工人新村南村街道”和
    /// “工人新村北村街道”不会被当成彼此的误写。
    ///
    /// ## 示例
    /// ```text
    /// 长清区2025年重点工作责任分工
    /// 1.整治市容环境。（牵头单位：区域管局；责任单位：茵云湖街道）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 长清区2025年重点工作责任分工
    /// 1.整治市容环境。（牵头单位：区城管局；责任单位：崮云湖街道）
    /// ```
    ///
    /// ## 配置
    /// 单位名录（同 N001）；形近字表 `rules/shapes.toml`（由 Unihan 生成）和
    /// `rules/confusables.toml`（手工补充，`--registry` 目录中的 `confusables.toml`
    /// 可以追加）；读音来自 `pinyin` 库。各类差别的代价见 README“单位名称”。
    ///
    /// ## 修复安全性
    /// 只有一个候选、或最接近的候选明显比其他候选更近时，提供安全修复；
    /// 候选是旧名称时修复为不安全。有几个差不多近的候选时只列出候选，不修复。
    pub struct MisspelledUnitName {
        name: "misspelled-unit-name",
        category: Correctness,
        fix: Sometimes,
        message: ["单位名称“{…}”不在{…}单位名录中，疑为{…}之误"],
        message_en: ["unit name “{…}” is not in the “{…}” unit registry; probably a typo for {…}"],
        fix_title: ["改为“{…}”"],
        fix_title_en: ["change to “{…}”"],
        explain_en: "A unit name is not in the unit registry but differs from a registered unit by one wrong character (homophone, similar shape, missing, doubled, extra or swapped character) or a connector. Spell checkers miss these, yet readers take them for another unit and searches miss them.",
    }
}

impl Rule for MisspelledUnitName {
    fn check_corpus(&self, meta: &RuleMeta, cx: &Context, out: &mut Vec<Diagnostic>) {
        let conf = &cx.data.names.confusables;
        out.extend(per_document(cx, |doc, reg| {
            let Some(reg) = reg else { return Vec::new() };
            let src = &cx.source(doc).text;
            let mut v = Vec::new();
            for o in occurrences(cx, doc, Some(reg), true).iter().cloned() {
                let Class::NearMiss(cands) = &o.class else {
                    continue;
                };
                let Some(best) = cands.first() else { continue };
                let clear = match cands.get(1) {
                    Some(next) => next.diff.cost - best.diff.cost >= CLEAR_MARGIN,
                    None => true,
                };
                let target = o.replacement(reg.canonical(best.unit));
                let names: Vec<String> = cands
                    .iter()
                    .take(3)
                    .map(|c| format!("“{}”", o.replacement(reg.canonical(c.unit))))
                    .collect();
                let guess = if clear {
                    names[0].clone()
                } else {
                    names.join(crate::i18n::pick("或", " or "))
                };
                let mut d = Diagnostic::new(
                    meta,
                    o.file,
                    o.span.clone(),
                    crate::tr!(
                        "单位名称“{}”不在{}单位名录中，疑为{guess}之误", "unit name “{}” is not in the “{}” unit registry; probably a typo for {guess}",
                        o.written, reg.name
                    ),
                )
                .with_label(crate::tr!("疑似误写", "probable typo"))
                .with_help(crate::tr!("是否应为{guess}？", "did you mean {guess}?"));
                // Describe the difference from the suggested canonical name
                // when it is itself close, else from the string matched.
                let canonical = reg.canonical(best.unit);
                let written = &o.written[o.prefix_len..];
                let (shown, diff) = match same_unit(written, canonical, conf) {
                    Some(diff) => (canonical, diff),
                    None => (best.matched.as_str(), best.diff.clone()),
                };
                let what = if shown == canonical {
                    String::new()
                } else {
                    crate::tr!("（{}）", " ({})", best.form.label())
                };
                d = d
                    .with_note(crate::tr!("与“{shown}”{what}相比：{}", "compared with “{shown}”{what}: {}", diff.describe(conf)))
                    .with_note(registry_note(reg));
                if clear {
                    let applicability = match best.form {
                        Form::Retired { .. } => Applicability::Unsafe,
                        _ => Applicability::Safe,
                    };
                    if let Some(edits) = name_edits(src, o.file, &o.span, &o.written, &target) {
                        d = d.with_edits(applicability, crate::tr!("改为“{target}”", "change to “{target}”"), edits);
                    }
                }
                v.push(d);
            }
            v
        }));
    }
}
