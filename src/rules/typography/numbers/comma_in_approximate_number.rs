use crate::chars::re::Regex;

use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::model::Document;
use crate::parse::structure::cn_value;
use crate::rules::typography::text::Scan;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 两个相邻的汉字数字连用表示概数，中间却加了顿号，例如“三、四个月”“七、八家”。
    ///
    /// ## 为什么
    /// GB/T 15834-2011 第 4.5.3.4 条：相邻或相近两数字连用表示概数通常不用顿号
    /// （三四个月、一二十个）；GB/T 15835-2011 第 4.2 条规定这种概数用汉字数字连写。
    /// 加了顿号就成了“三个月和四个月”两项并列。
    ///
    /// 两数连用是缩略形式时宜用顿号（“一、二年级”即一年级和二年级，“第三、四季度”，
    /// “三、四月份”即三月和四月），所以只在后面紧跟“个”“天”“年”“家”“人”等表示
    /// 数量的量词时报告；前面有“第”或后面是“年级”的都不报告。
    ///
    /// ## 示例
    /// ```text
    /// 项目建设周期约三、四个月，可带动七、八家配套企业。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 项目建设周期约三四个月，可带动七八家配套企业。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 不安全：删去顿号不改变数值，但标准说的是“通常”，应由人确认不是两项并列。
    pub struct CommaInApproximateNumber {
        name: "comma-in-approximate-number",
        category: Style,
        fix: Always,
        message: ["概数“{…}”中间用了顿号"],
        message_en: ["approximate number “{…}” has “、” in it"],
        fix_title: ["删去顿号"],
        fix_title_en: ["remove “、”"],
        explain_en: "Two adjacent Chinese numerals forming an approximate number are separated by “、”, e.g. “三、四个月”. GB/T 15834-2011 §4.5.3.4 writes such numbers without “、” (“三四个月”); with it, they read as two separate items.",
    }
}

fn re() -> &'static Regex {
    // Anchored: run only where a 、 follows a Chinese digit.
    crate::static_regex!(concat!(
        r"^([一二三四五六七八九])、([二三四五六七八九十])",
        r"(十|百|千|万)?",
        r"(个|天|年|周|次|人|名|位|家|条|种|项|倍|岁|小时|分钟|公里|千米|米|亩|户|所|台|辆|张|场)"
    ))
}

impl Rule for CommaInApproximateNumber {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let src = cx.source(doc);
        let scan = Scan::of(cx, src);
        let text = scan.text;
        const DIGIT_LEN: usize = '一'.len_utf8();
        // `、` (E3 80 81) is a mark: its places are read from the marks.
        let b = text.as_bytes();
        let commas = scan
            .marks()
            .offsets()
            .filter(|&i| b[i..].starts_with("、".as_bytes()));
        for p in commas {
            let Some(base) = p.checked_sub(DIGIT_LEN) else {
                continue;
            };
            if !text.is_char_boundary(base) {
                continue;
            }
            // The regex's first three characters, asked before it is built
            // or run: most 、 are not between two Chinese digits.
            let digit_before = text[base..p].starts_with(|c| {
                matches!(
                    c,
                    '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
                )
            });
            let digit_after = text[p + '、'.len_utf8()..].starts_with(|c| {
                matches!(
                    c,
                    '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
                )
            });
            if !(digit_before && digit_after) {
                continue;
            }
            let end = crate::load::floor_char_boundary(text, p + 32);
            let Some(c) = re().captures(&text[base..end]) else {
                continue;
            };
            let (Some(all), Some(a), Some(b), Some(unit)) =
                (c.get(0), c.get(1), c.get(2), c.get(4))
            else {
                continue;
            };
            let shift = |m: crate::chars::re::Match| base + m.start()..base + m.end();
            let (all_r, a_r, b_r) = (shift(all), shift(a), shift(b));
            let (Some(x), Some(y)) = (cn_value(a.as_str()), cn_value(b.as_str())) else {
                continue;
            };
            if y != x + 1 {
                continue;
            }
            // 第三、四季度; 一、二、三个: an ordinal or a longer list.
            let before = text[..all_r.start].chars().next_back();
            if before.is_some_and(|p| {
                matches!(p, '第' | '、' | '零' | '〇' | '十' | '百' | '千')
                    || cn_value(&p.to_string()).is_some()
            }) {
                continue;
            }
            let after = &text[all_r.end..];
            let u = unit.as_str();
            // 一、二年级: the grades one and two.
            if u == "年" && after.starts_with('级') {
                continue;
            }
            let comma = a_r.end..b_r.start;
            if scan.touches_skipped(&comma) {
                continue;
            }
            let fixed = format!("{}{}", a.as_str(), &text[b_r.start..all_r.end]);
            out.push(
                Diagnostic::new(
                    meta,
                    doc.file,
                    comma,
                    crate::tr!(
                        "概数“{}”中间用了顿号",
                        "approximate number “{}” has “、” in it",
                        all.as_str()
                    ),
                )
                .with_label(crate::tr!(
                    "概数连写，不用顿号",
                    "adjacent numbers in an approximation take no “、”"
                ))
                .with_help(crate::tr!("改为“{fixed}”", "change to “{fixed}”"))
                .with_note(crate::tr!(
                    "依据：GB/T 15834-2011 第 4.5.3.4 条；GB/T 15835-2011 第 4.2 条",
                    "basis: GB/T 15834-2011, clause 4.5.3.4; GB/T 15835-2011, clause 4.2"
                ))
                .with_fix(
                    Applicability::Unsafe,
                    crate::tr!("删去顿号", "remove “、”"),
                    "",
                ),
            );
        }
    }
}
