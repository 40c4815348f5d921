use regex::Regex;

use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::model::Document;
use crate::rules::typography::text::Scan;
use crate::rules::{Context, Rule, RuleInfo, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 数字里用了全角字符：全角数字、全角小数点或全角百分号（“５.６％”“85％”）。
    ///
    /// ## 为什么
    /// GB/T 15835-2011 第 5.1 条规定阿拉伯数字用半角（占半个汉字位置）。全角数字在
    /// 排版上字距松散，也让检索、统计、核对数字的工具认不出这个数，“５.６％”和
    /// “5.6%”在系统里是两个不同的数。
    ///
    /// 表头里单独的“（％）”不是数字，不报告。
    ///
    /// ## 示例
    /// ```text
    /// 地区生产总值增长５.６％，居民健康素养水平达到24％。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 地区生产总值增长5.6%，居民健康素养水平达到24%。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 安全：全角和半角数字的数值相同，只改字符宽度。
    pub struct FullWidthDigits {
        name: "full-width-digits",
        category: Style,
        fix: Always,
    }
}

fn re() -> &'static Regex {
    crate::static_regex!(r"[0-9０-９]+(?:[.．][0-9０-９]+)*[%％]?")
}

/// Where the next full-width digit, point or percent sign (`[０-９．％]`,
/// UTF-8 `EF BC 90..=99 | 8E | 85`) occurs at or after `from`: a `memchr`
/// for the lead byte, cheaper than a regex over Chinese text.
fn hint(text: &str, from: usize) -> Option<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut at = from;
    while let Some(k) = memchr::memchr(0xEF, &b[at..]) {
        let i = at + k;
        if b.get(i + 1) == Some(&0xBC) && matches!(b.get(i + 2), Some(0x90..=0x99 | 0x8E | 0x85)) {
            return Some(i..i + 3);
        }
        at = i + 1;
    }
    None
}

fn half(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '％' => '%',
        _ => c,
    }
}

impl Rule for FullWidthDigits {
    fn info(&self) -> RuleInfo {
        Self::INFO
    }

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
        let mut from = 0;
        while let Some(h) = hint(text, from) {
            // Back up to the start of the number the hint belongs to.
            let mut start = h.start;
            while let Some(c) = text[..start].chars().next_back() {
                if matches!(c, '0'..='9' | '０'..='９' | '.' | '．') {
                    start -= c.len_utf8();
                } else {
                    break;
                }
            }
            let Some(m) = re().find_at(text, start) else {
                break;
            };
            if m.start() > h.start {
                from = h.end; // a lone ％ or ．, not in a number
                continue;
            }
            from = m.end().max(h.end);
            let s = m.as_str();
            if !s.chars().any(|c| matches!(c, '０'..='９' | '．' | '％')) {
                continue;
            }
            if scan.touches_skipped(&m.range()) {
                continue;
            }
            let fixed: String = s.chars().map(half).collect();
            out.push(
                Diagnostic::new(meta, doc.file, m.range(), format!("数字“{s}”用了全角字符"))
                    .with_label("全角字符")
                    .with_help(format!("改为半角“{fixed}”"))
                    .with_note("依据：GB/T 15835-2011 第 5.1 条")
                    .with_fix(Applicability::Safe, format!("改为“{fixed}”"), fixed),
            );
        }
    }
}
