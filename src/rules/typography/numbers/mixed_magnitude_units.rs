use crate::chars::re::Regex;

use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::model::Document;
use crate::rules::typography::text::Scan;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 一个约数同时用了“亿”和“万”两级单位，例如“3亿4500万元”。
    ///
    /// ## 为什么
    /// 尾数零多的大数以“万”“亿”为单位改写时，应写成“3.45亿元”或“34500万元”，
    /// 不写作“3亿4500万元”（GB/T 15835《出版物上数字用法》关于多位数的规定，
    /// 1995 年版即以此为例）。两级单位混写，读者要心算才能比较大小，同一份材料里
    /// 前后也容易写得不一致。
    ///
    /// 精确到个位的统计数（“10亿零817万5288人”）标准允许这样写，不报告。
    ///
    /// ## 示例
    /// ```text
    /// 全年完成固定资产投资3亿4500万元。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 全年完成固定资产投资3.45亿元。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 不安全：修复换算数值（3亿4500万 → 3.45亿），应由人核对。
    pub struct MixedMagnitudeUnits {
        name: "mixed-magnitude-units",
        category: Style,
        fix: Always,
        message: ["“{…}”混用了“亿”和“万”两级单位"],
        message_en: ["“{…}” mixes the magnitudes “亿” and “万”"],
        fix_title: ["改为“{…}亿”"],
        fix_title_en: ["change to “{…}亿”"],
        explain_en: "An approximate number uses both magnitudes “亿” and “万”, e.g. “3亿4500万元”. It should be written “3.45亿元” or “34500万元” (GB/T 15835); mixed magnitudes make readers compute before they can compare.",
    }
}

fn re() -> &'static Regex {
    crate::static_regex!(r"([0-9]+)[ \t]*亿[ \t]*([0-9]{1,4})[ \t]*万")
}

/// `a` 亿 `b` 万 as a decimal number of 亿: 3, 4500 → "3.45".
fn as_yi(a: &str, b: &str) -> Option<String> {
    let a: u64 = a.parse().ok()?;
    let b: u64 = b.parse().ok()?;
    if b == 0 || b >= 10_000 {
        return None;
    }
    let frac = format!("{b:04}");
    Some(format!("{a}.{}", frac.trim_end_matches('0')))
}

impl Rule for MixedMagnitudeUnits {
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
        // Every match has a 亿 between digits and no line break: only the
        // lines holding one are searched.
        let b = text.as_bytes();
        let yi = memchr::memmem::find_iter(b, "亿".as_bytes())
            .filter(|&i| crate::rules::typography::text::digit_around(b, i, 3, true, true));
        for c in crate::rules::typography::text::lines_at(text, yi)
            .flat_map(|line| re().captures_iter_in(text, line))
        {
            let (Some(all), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            if scan.touches_skipped(&all.range()) {
                continue;
            }
            let before = text[..all.start()].chars().next_back();
            let after = text[all.end()..].chars().next();
            // 3.5亿…, or an exact count running on to the units: 817万5288.
            if before.is_some_and(|x| x.is_ascii_digit() || x == '.')
                || after.is_some_and(|x| x.is_ascii_digit() || x == '零')
            {
                continue;
            }
            let Some(yi) = as_yi(a.as_str(), b.as_str()) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    meta,
                    doc.file,
                    all.range(),
                    crate::tr!(
                        "“{}”混用了“亿”和“万”两级单位",
                        "“{}” mixes the magnitudes “亿” and “万”",
                        all.as_str()
                    ),
                )
                .with_label(crate::tr!("即 {yi}亿", "that is “{yi}亿”"))
                .with_help(crate::tr!("改为“{yi}亿”", "change to “{yi}亿”"))
                .with_note(crate::tr!(
                    "依据：GB/T 15835-2011 第 5.1 条",
                    "basis: GB/T 15835-2011, clause 5.1"
                ))
                .with_fix(
                    Applicability::Unsafe,
                    crate::tr!("改为“{yi}亿”", "change to “{yi}亿”"),
                    format!("{yi}亿"),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn converts() {
        assert_eq!(super::as_yi("3", "4500").as_deref(), Some("3.45"));
        assert_eq!(super::as_yi("12", "50").as_deref(), Some("12.005"));
        assert_eq!(super::as_yi("1", "0"), None);
    }
}
