use crate::chars::re::Regex;

use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic, Edit};
use crate::model::Document;
use crate::rules::typography::text::Scan;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 数值范围省略了前一个数的“%”“万”“亿”，例如“5—6%”“5～10万人”。
    ///
    /// ## 为什么
    /// GB/T 15835-2011 第 5.1 条（数值范围）：前后两个数值的附加符号或计量单位相同时，
    /// 不造成歧义才可省略前一个；百分号和“万”“亿”省略后会造成歧义，不能省略——
    /// 应写“15%～30%”“9亿～16亿”“13万元～17万元”。“5—6%”字面上是从 5 到 6%，
    /// “5～10万人”可以读成从 5 人到 10 万人。
    ///
    /// 千克、元这类计量单位相同时可以省略前一个（100～150千克），不报告。
    ///
    /// ## 示例
    /// ```text
    /// 城镇登记失业率控制在3—4%，每年新增就业5～10万人。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 城镇登记失业率控制在3%—4%，每年新增就业5万～10万人。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 不安全：修复在前一个数后补上单位，涉及数值，应由人核对原意。
    pub struct RangeUnitDropped {
        name: "range-unit-dropped",
        category: Correctness,
        fix: Always,
        message: ["数值范围“{…}”省略了前一个数的“{…}”"],
        message_en: ["range “{…}” drops the “{…}” of the first number"],
        fix_title: ["在“{…}”后补上“{…}”"],
        fix_title_en: ["add “{…}” after “{…}”"],
        explain_en: "A numeric range drops the “%”, “万” or “亿” of its first number, e.g. “5—6%”. GB/T 15835-2011 §5.1 allows dropping the first unit only where that is unambiguous; with percent signs and magnitudes it is not.",
    }
}

fn re() -> &'static Regex {
    crate::static_regex!(
        r"([0-9]+(?:\.[0-9]+)?)[ \t]*[-－‐–~～—][ \t]*([0-9]+(?:\.[0-9]+)?)[ \t]*(%|％|万亿|亿|万)"
    )
}

impl Rule for RangeUnitDropped {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let src = cx.source(doc);
        let scan = Scan::of(cx, src).with_protected();
        let text = scan.text;
        // Every match has one of the marks between digits, and no line
        // break: only the lines holding such a mark are searched.
        const MARKS: [char; 7] = ['-', '－', '‐', '–', '~', '～', '—'];
        let candidates = scan.marks().between_digits(text, &MARKS);
        for c in crate::rules::typography::text::lines_at(text, candidates)
            .flat_map(|line| re().captures_iter_in(text, line))
        {
            let (Some(all), Some(a), Some(unit)) = (c.get(0), c.get(1), c.get(3)) else {
                continue;
            };
            if scan.touches_skipped(&all.range()) {
                continue;
            }
            // Part of a longer code or date: 2021-03-05万…, 0531-8888.
            let before = text[..all.start()].chars().next_back();
            if before.is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, '.' | '-' | '/')) {
                continue;
            }
            let u = unit.as_str();
            let shown = all.as_str();
            // Shown with the range mark GB/T 15834 wants (P007 fixes the mark).
            let rest = &text[a.end()..all.end()];
            let rest = rest.replacen(['-', '－', '‐', '–', '~'], "～", 1);
            let fixed = format!("{}{}{}", a.as_str(), u, rest);
            out.push(
                Diagnostic::new(
                    meta,
                    doc.file,
                    all.range(),
                    crate::tr!(
                        "数值范围“{shown}”省略了前一个数的“{u}”",
                        "range “{shown}” drops the “{u}” of the first number"
                    ),
                )
                .with_label(crate::tr!(
                    "“{}”后缺“{u}”",
                    "“{u}” missing after “{}”",
                    a.as_str()
                ))
                .with_help(crate::tr!("改为“{fixed}”", "change to “{fixed}”"))
                .with_note(crate::tr!(
                    "依据：GB/T 15835-2011 第 5.1 条（数值范围）",
                    "basis: GB/T 15835-2011, clause 5.1 (numeric ranges)"
                ))
                .with_edits(
                    Applicability::Unsafe,
                    crate::tr!("在“{}”后补上“{u}”", "add “{u}” after “{}”", a.as_str()),
                    vec![Edit {
                        file: doc.file,
                        span: a.end()..a.end(),
                        replacement: u.to_string().into(),
                    }],
                ),
            );
        }
    }
}
