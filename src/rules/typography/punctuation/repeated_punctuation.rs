use crate::chars::re::Regex;

use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::model::Document;
use crate::rules::typography::text::Scan;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 点号重复或叠用，例如“。。”“，，”“、，”“，。”。
    ///
    /// ## 为什么
    /// GB/T 15834-2011 第 4.1—4.7 条规定句号、逗号、顿号、分号、冒号各标一处停顿，
    /// 两个点号连在一起没有意义，通常是删改句子时留下的残迹。问号、叹号连用
    /// （“？！”“！！”）可以表示强烈语气，不在此报告；省略号“……”和破折号“——”
    /// 本来就是两个字符，也不报告。
    ///
    /// ## 示例
    /// ```text
    /// 确保项目早落地、早投产。。推动农批市场二期开工，，提升片区功能、，加快集聚。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 确保项目早落地、早投产。推动农批市场二期开工，提升片区功能，加快集聚。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 同一点号重复时安全修复（只保留一个）；两个不同点号叠用时，该留哪一个要看句意，不提供修复。
    pub struct RepeatedPunctuation {
        name: "repeated-punctuation",
        category: Style,
        fix: Sometimes,
        message: ["点号“{…}”重复叠用"],
        message_en: ["punctuation “{…}” is doubled"],
        fix_title: ["改为“{…}”"],
        fix_title_en: ["change to “{…}”"],
        explain_en: "Punctuation marks doubled or stacked, e.g. “。。”, “，，”, “、，”. Each of these marks one pause (GB/T 15834-2011 §4.1–4.7); two together mean nothing and are usually left from editing a sentence.",
    }
}

/// The width of the mark `[，。、；：？！]` at byte `i`, if one is there.
fn mark_at(b: &[u8], i: usize) -> Option<usize> {
    match (b.get(i), b.get(i + 1), b.get(i + 2)) {
        (Some(0xEF), Some(0xBC), Some(0x8C | 0x9B | 0x9A | 0x9F | 0x81)) => Some(3),
        (Some(0xE3), Some(0x80), Some(0x82 | 0x81)) => Some(3),
        _ => None,
    }
}

/// The first mark at or after `from` that is followed, past blanks
/// (`[ \t\u{3000}]`), by another mark.
#[cfg(test)]
fn next_pair(text: &str, from: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut at = from;
    while let Some(k) = memchr::memchr2(0xEF, 0xE3, &b[at..]) {
        let i = at + k;
        at = i + 1;
        if pair_at(b, i) {
            return Some(i);
        }
    }
    None
}

/// Whether a mark at `i` is followed, across blanks, by another.
fn pair_at(b: &[u8], i: usize) -> bool {
    let Some(w) = mark_at(b, i) else {
        return false;
    };
    let mut j = i + w;
    loop {
        match b.get(j) {
            Some(b' ' | b'\t') => j += 1,
            Some(0xE3) if b.get(j + 1) == Some(&0x80) && b.get(j + 2) == Some(&0x80) => j += 3,
            _ => break,
        }
    }
    mark_at(b, j).is_some()
}

fn re() -> &'static Regex {
    crate::static_regex!(
        r"[，。、；：？！][ \t\u{3000}]*(?:[，。、；：？！][ \t\u{3000}]*)*[，。、；：？！]",
    )
}

impl Rule for RepeatedPunctuation {
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
        // The points are marks: where a pair starts is read from the marks
        // (in order, as `next_pair` finds them one after another).
        let b = text.as_bytes();
        let mut pairs = scan.marks().offsets().filter(|&i| pair_at(b, i));
        while let Some(p) = pairs.find(|&p| p >= from) {
            // A match starts at the first mark followed by another: the regex
            // only runs where one starts.
            let Some(m) = re().find_at(text, p) else {
                break;
            };
            from = m.end();
            if scan.touches_skipped(&m.range()) {
                continue;
            }
            let marks: Vec<char> = m
                .as_str()
                .chars()
                .filter(|c| !matches!(c, ' ' | '\t' | '\u{3000}'))
                .collect();
            // Question and exclamation marks may be combined for emphasis.
            if marks.iter().any(|c| matches!(c, '？' | '！')) {
                continue;
            }
            let first = marks[0];
            let seq: String = marks.iter().collect();
            let d = Diagnostic::new(
                meta,
                doc.file,
                m.range(),
                crate::tr!("点号“{seq}”重复叠用", "punctuation “{seq}” is doubled"),
            )
            .with_note(crate::tr!(
                "依据：GB/T 15834-2011 第 4.1—4.7 条",
                "basis: GB/T 15834-2011, clauses 4.1–4.7"
            ));
            if marks.iter().all(|c| *c == first) {
                out.push(
                    d.with_label(crate::tr!("“{first}”重复", "“{first}” repeated"))
                        .with_help(crate::tr!("只保留一个“{first}”", "keep one “{first}”"))
                        .with_fix(
                            Applicability::Safe,
                            crate::tr!("改为“{first}”", "change to “{first}”"),
                            first.to_string(),
                        ),
                );
            } else {
                out.push(
                    d.with_label(crate::tr!(
                        "两个点号叠在一起",
                        "two punctuation marks together"
                    ))
                    .with_help(crate::tr!(
                        "按句意只保留一个点号",
                        "keep the one mark the sentence needs"
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The pairs read from the marks are those the byte search finds
        /// one after another.
        #[test]
        fn pairs_from_the_marks_are_the_searched_pairs(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "，", "。", "、", "；", "：", "？", "！", " ", "\t", "　", "甲", "\n", "a", "（",
            ]), 0..24)
        ) {
            let s: String = parts.concat();
            let marks = crate::rules::typography::text::Marks::of(&s);
            let b = s.as_bytes();
            let got: Vec<usize> = marks.offsets().filter(|&i| pair_at(b, i)).collect();
            let mut want = Vec::new();
            let mut from = 0;
            while let Some(p) = next_pair(&s, from) {
                want.push(p);
                from = p + 1;
            }
            proptest::prop_assert_eq!(got, want, "{:?}", s);
        }
    }
}
