use crate::chars::re::Regex;

use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic, Edit};
use crate::model::Document;
use crate::rules::typography::text::Scan;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 发文字号写法不规范：年份没用六角括号“〔〕”、年份简写、顺序号加“第”或编虚位（济长政字[2021]第028号）。
    ///
    /// ## 为什么
    /// GB/T 9704-2012 第 7.2.5 条：发文字号由发文机关代字、年份、发文顺序号组成；年份应标
    /// 全称，用六角括号“〔〕”括入；发文顺序号不加“第”字，不编虚位（即 1 不编为 01），
    /// 在阿拉伯数字后加“号”字。方括号、圆括号、鱼尾号“【】”都不是六角括号。发文字号是
    /// 引用和检索公文的依据，写法不一，同一份文件在系统里就查不到。
    ///
    /// ## 示例
    /// ```text
    /// 根据《关于推进健康长清行动的实施意见》（济长政字[2021]第028号）要求。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 根据《关于推进健康长清行动的实施意见》（济长政字〔2021〕28号）要求。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 换成六角括号、删去“第”字是安全修复；补全年份、去掉虚位涉及数字，标为不安全。
    pub struct MalformedDocumentNumber {
        name: "malformed-document-number",
        category: Style,
        fix: Always,
        message: ["发文字号“{…}”的年份没有用六角括号“〔〕”括入", "发文字号“{…}”的年份简写成了两位", "发文字号“{…}”的顺序号前加了“第”", "发文字号“{…}”的顺序号编了虚位"],
        message_en: ["the year in document number “{…}” is not in tortoise-shell brackets “〔〕”", "the year in document number “{…}” is abbreviated to two digits", "document number “{…}” has “第” before the serial number", "document number “{…}” pads the serial number with zeros"],
        fix_title: ["改用六角括号“〔〕”", "改为“{…}”", "删去“第”", "删去前导的“0”"],
        fix_title_en: ["use tortoise-shell brackets “〔〕”", "change to “{…}”", "remove “第”", "remove the leading “0”"],
        explain_en: "A document number is malformed: the year not in tortoise-shell brackets “〔〕”, a two-digit year, “第” before the serial number or zero padding. GB/T 9704-2012 §7.2.5 sets the form; documents are cited and found by their numbers.",
    }
}

fn re() -> &'static Regex {
    crate::static_regex!(concat!(
        // The agency code ends with 发, 字, 函, 办…: 济长政字, 鲁政办发, 国函.
        r"([发字函办令复电批呈报])[ \t]*",
        r"([〔\[［【(（{｛〈<])[ \t]*([0-9]{2}|[0-9]{4})[ \t]*([〕\]］】)）}｝〉>])",
        r"[ \t]*(第)?[ \t]*([0-9]{1,5})[ \t]*号",
    ))
}

impl Rule for MalformedDocumentNumber {
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
        let file = doc.file;
        // Every match ends with a 号 with a digit before it and holds no
        // line break: only the lines holding one are searched.
        let b = text.as_bytes();
        let hao = memchr::memmem::find_iter(b, "号".as_bytes())
            .filter(|&i| crate::rules::typography::text::digit_around(b, i, 3, true, false));
        for c in crate::rules::typography::text::lines_at(text, hao)
            .flat_map(|line| re().captures_iter_in(text, line))
        {
            let (Some(all), Some(open), Some(year), Some(close), Some(seq)) =
                (c.get(0), c.get(2), c.get(3), c.get(4), c.get(6))
            else {
                continue;
            };
            let di = c.get(5);
            let after = &text[all.end()..];
            // 5号楼, 3号线: an address, not a document number.
            if after.starts_with([
                '楼', '院', '线', '室', '门', '馆', '地', '房', '位', '井', '桥',
            ]) {
                continue;
            }
            let y = year.as_str();
            if y.len() == 4 && !(y.starts_with("19") || y.starts_with("20")) {
                continue;
            }
            let whole = open.start()..all.end();
            if scan.touches_skipped(&whole) {
                continue;
            }
            // The year and number as written, from the bracket on: [2021]第028号.
            let shown = &text[whole.clone()];
            if open.as_str() != "〔" || close.as_str() != "〕" {
                out.push(
                    Diagnostic::new(
                        meta,
                        file,
                        open.start()..close.end(),
                        crate::tr!("发文字号“{shown}”的年份没有用六角括号“〔〕”括入", "the year in document number “{shown}” is not in tortoise-shell brackets “〔〕”"),
                    )
                    .with_label(crate::tr!("“{}{}”应为“〔〕”", "“{}{}” should be “〔〕”", open.as_str(), close.as_str()))
                    .with_help(if y.len() == 2 {
                        crate::tr!("改为“〔20{y}〕”", "change to “〔20{y}〕”")
                    } else {
                        crate::tr!("改为“〔{y}〕”", "change to “〔{y}〕”")
                    })
                    .with_note(crate::tr!("依据：GB/T 9704-2012 第 7.2.5 条", "basis: GB/T 9704-2012, clause 7.2.5"))
                    .with_edits(
                        Applicability::Safe,
                        crate::tr!("改用六角括号“〔〕”", "use tortoise-shell brackets “〔〕”"),
                        vec![
                            Edit {
                                file,
                                span: open.range(),
                                replacement: "〔".into(),
                            },
                            Edit {
                                file,
                                span: close.range(),
                                replacement: "〕".into(),
                            },
                        ],
                    ),
                );
            }
            if y.len() == 2 {
                let full = format!("20{y}");
                out.push(
                    Diagnostic::new(
                        meta,
                        file,
                        year.range(),
                        crate::tr!(
                            "发文字号“{shown}”的年份简写成了两位",
                            "the year in document number “{shown}” is abbreviated to two digits"
                        ),
                    )
                    .with_label(crate::tr!("年份应标全称", "write the full year"))
                    .with_help(crate::tr!(
                        "写全称，如“{full}”",
                        "write it in full, e.g. “{full}”"
                    ))
                    .with_note(crate::tr!(
                        "依据：GB/T 9704-2012 第 7.2.5 条",
                        "basis: GB/T 9704-2012, clause 7.2.5"
                    ))
                    .with_fix(
                        Applicability::Unsafe,
                        crate::tr!("改为“{full}”", "change to “{full}”"),
                        full,
                    ),
                );
            }
            if let Some(di) = di {
                out.push(
                    Diagnostic::new(
                        meta,
                        file,
                        di.range(),
                        crate::tr!(
                            "发文字号“{shown}”的顺序号前加了“第”",
                            "document number “{shown}” has “第” before the serial number"
                        ),
                    )
                    .with_label(crate::tr!(
                        "顺序号不加“第”",
                        "no “第” before the serial number"
                    ))
                    .with_help(crate::tr!("删去“第”", "remove “第”"))
                    .with_note(crate::tr!(
                        "依据：GB/T 9704-2012 第 7.2.5 条",
                        "basis: GB/T 9704-2012, clause 7.2.5"
                    ))
                    .with_fix(
                        Applicability::Safe,
                        crate::tr!("删去“第”", "remove “第”"),
                        "",
                    ),
                );
            }
            let s = seq.as_str();
            let zeros = s.len() - s.trim_start_matches('0').len();
            if zeros > 0 && zeros < s.len() {
                let trimmed = &s[zeros..];
                out.push(
                    Diagnostic::new(
                        meta,
                        file,
                        seq.start()..seq.start() + zeros,
                        crate::tr!(
                            "发文字号“{shown}”的顺序号编了虚位",
                            "document number “{shown}” pads the serial number with zeros"
                        ),
                    )
                    .with_label(crate::tr!(
                        "顺序号不编虚位",
                        "no leading zeros in the serial number"
                    ))
                    .with_help(crate::tr!("写作“{trimmed}号”", "write “{trimmed}号”"))
                    .with_note(crate::tr!(
                        "依据：GB/T 9704-2012 第 7.2.5 条",
                        "basis: GB/T 9704-2012, clause 7.2.5"
                    ))
                    .with_fix(
                        Applicability::Unsafe,
                        crate::tr!("删去前导的“0”", "remove the leading “0”"),
                        "",
                    ),
                );
            }
        }
    }
}
