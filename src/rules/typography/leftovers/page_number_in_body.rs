use crate::chars::re::Regex;

use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::model::{Document, Span};
use crate::parse::ends_sentence;
use crate::rules::typography::text::{is_cjk, is_cjk_punct, lines, Scan};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 页码混进了正文：“— 12 —”“第12页”，或把一句话从中间隔开的单独一个数字。
    ///
    /// ## 为什么
    /// 页码是版面要素（GB/T 9704-2012 第 7.5 条：页码用“— 1 —”的形式置于版心下边缘
    /// 之下），不是正文。从 PDF 或 Word 导出的文本常把页码夹在句子中间，后续的编辑、
    /// 检索和比对都会被它干扰。
    ///
    /// 单独成行的数字只有在前一段话没说完（不以句末标点结尾）、后一行接着往下说，
    /// 并且前面或后面空了不止一行时才算页码；表格里单独成行的序号、数值不受影响。
    ///
    /// ## 示例
    /// ```text
    /// 基础设施不断完善，长清黄河大桥、
    ///
    /// — 17 —
    ///
    /// 轨道交通R1线建成通车。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 基础设施不断完善，长清黄河大桥、轨道交通R1线建成通车。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 不安全：修复删去页码，断开的句子仍需接好（见 S005）。
    pub struct PageNumberInBody {
        name: "page-number-in-body",
        category: Style,
        fix: Always,
        message: ["正文里夹着页码“{…}”"],
        message_en: ["page number “{…}” in the body text"],
        fix_title: ["删去页码"],
        fix_title_en: ["remove the page number"],
        explain_en: "A page number inside the body text: “— 12 —”, “第12页”, or a lone number that splits a sentence. Page numbers belong to the layout (GB/T 9704-2012 §7.5), not the text; exported text often puts them mid-sentence.",
    }
}

fn line_re() -> &'static Regex {
    crate::static_regex!(concat!(
        r"^[ \t\u{3000}]*(?:",
        r"[—－\-–]{1,2}[ \t\u{3000}]*[0-9]{1,4}[ \t\u{3000}]*[—－\-–]{1,2}",
        r"|第[ \t]*[0-9]{1,4}[ \t]*页(?:[ \t，,/]*共[ \t]*[0-9]{1,4}[ \t]*页)?",
        r"|[0-9]{1,4}[ \t]*/[ \t]*[0-9]{1,4}[ \t]*页",
        r")[ \t\u{3000}]*$",
    ))
}

fn inline_re() -> &'static Regex {
    crate::static_regex!(r"[—－][ \t\u{3000}]+[0-9]{1,4}[ \t\u{3000}]+[—－]")
}

/// A line of one to four digits between spaces, tabs and ideographic
/// spaces (`^[ \t\u{3000}]*[0-9]{1,4}[ \t\u{3000}]*$`).
fn bare_number(s: &str) -> bool {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\u{3000}');
    let t = s.trim_start_matches(is_space);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=4).contains(&digits) && t[digits..].chars().all(is_space)
}

impl Rule for PageNumberInBody {
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
        let all: Vec<Span> = lines(text).collect();
        let blank = |k: usize| text[all[k].clone()].trim().is_empty();
        let mut report = |span: Span, shown: &str, why: &str| {
            let content = {
                let s = &text[span.clone()];
                let lead = s.len() - s.trim_start().len();
                span.start + lead..span.start + s.trim_end().len()
            };
            out.push(
                Diagnostic::new(
                    meta,
                    doc.file,
                    content,
                    crate::tr!(
                        "正文里夹着页码“{}”",
                        "page number “{}” in the body text",
                        shown.trim()
                    ),
                )
                .with_label(why.to_string())
                .with_help(crate::tr!(
                    "删去页码，把断开的句子接上",
                    "remove the page number and join the broken sentence"
                ))
                .with_note(crate::tr!(
                    "依据：GB/T 9704-2012 第 7.5 条（页码是版面要素）",
                    "basis: GB/T 9704-2012, clause 7.5 (page numbers belong to the page layout)"
                ))
                .with_fix(
                    Applicability::Unsafe,
                    crate::tr!("删去页码", "remove the page number"),
                    "",
                ),
            );
        };
        for (k, line) in all.iter().enumerate() {
            let s = &text[line.clone()];
            // Page numbers are short; inline ones sit between dashes.
            let has_dash = || {
                // `—` is `E2 80 94`, `－` is `EF BC 8D`.
                let b = s.as_bytes();
                let mut at = 0;
                while let Some(k) = memchr::memchr2(0xE2, 0xEF, &b[at..]) {
                    let i = at + k;
                    let tail = if b[i] == 0xE2 {
                        [0x80, 0x94]
                    } else {
                        [0xBC, 0x8D]
                    };
                    if b.get(i + 1..i + 3) == Some(&tail[..]) {
                        return true;
                    }
                    at = i + 1;
                }
                false
            };
            if s.is_empty() || (s.len() > 48 && !has_dash()) {
                continue;
            }
            if scan.touches_skipped(line) {
                continue;
            }
            // A page-number line: — 12 —, 第12页.
            // Every page-number line holds a dash or 页.
            let dash_or_page = || has_dash() || s.contains(['页', '-', '–']);
            if dash_or_page() && line_re().is_match(s) {
                // A Markdown rule (---) or table row is not a page number.
                if s.trim().chars().all(|c| matches!(c, '-' | '—' | '－')) {
                    continue;
                }
                report(line.clone(), s, crate::i18n::pick("页码", "page number"));
                continue;
            }
            if bare_number(s) {
                // The previous and next non-blank lines, and the blank run sizes.
                let mut p = k;
                let mut gap_before = 0;
                while p > 0 && blank(p - 1) {
                    p -= 1;
                    gap_before += 1;
                }
                let mut n = k + 1;
                let mut gap_after = 0;
                while n < all.len() && blank(n) {
                    n += 1;
                    gap_after += 1;
                }
                if p == 0 || n >= all.len() || (gap_before < 2 && gap_after < 2) {
                    continue;
                }
                let prev = text[all[p - 1].clone()].trim_end();
                let next = text[all[n].clone()].trim_start();
                let Some(last) = prev.chars().next_back() else {
                    continue;
                };
                let Some(first) = next.chars().next() else {
                    continue;
                };
                // The sentence runs on across the number.
                let continues = (is_cjk(first) && !is_cjk_punct(first))
                    || first.is_ascii_alphanumeric()
                    || matches!(first, '，' | '、' | '。' | '；' | '”' | '）');
                if is_cjk(last) && !ends_sentence(last) && continues {
                    report(
                        line.clone(),
                        s,
                        crate::i18n::pick(
                            "页码：前后是同一句话",
                            "page number: the sentence continues across it",
                        ),
                    );
                }
                continue;
            }
            // An inline page number sits between `—` or `－`.
            if !has_dash() {
                continue;
            }
            for m in inline_re().find_iter(s) {
                let span = line.start + m.start()..line.start + m.end();
                report(span, m.as_str(), crate::i18n::pick("页码", "page number"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// `bare_number` is the regex it replaced.
        #[test]
        fn bare_number_is_the_regex(parts in proptest::collection::vec(prop_oneof![
            Just("1"), Just("23"), Just("0"), Just(" "), Just("\t"), Just("\u{3000}"),
            Just("页"), Just("a"), Just("\n"), Just("\r"), Just("１"),
        ], 0..8)) {
            let s: String = parts.concat();
            let re = regex::Regex::new(r"^[ \t\u{3000}]*[0-9]{1,4}[ \t\u{3000}]*$").unwrap();
            prop_assert_eq!(super::bare_number(&s), re.is_match(&s), "{:?}", s);
        }
    }
}
