use crate::chars::re::Regex;

use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic, Edit};
use crate::model::Document;
use crate::rules::typography::text::Scan;
use crate::rules::{Context, Rule, RuleMeta};

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
    /// 整份文件都这样写（全角“％”或全角数字至少 5 处，半角写法不到它的十分之一），
    /// 是文件自己的统一写法：只报告一次，写明处数，修复一并改正全部。
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
        message: ["数字“{…}”用了全角字符", "全文 {…} 处{…}都用了{…}"],
        message_en: ["number “{…}” uses full-width characters", "all {…} {…} in the text use {…}"],
        fix_title: ["改为“{…}”", "全部 {…} 处改为半角"],
        fix_title_en: ["change to “{…}”", "change all {…} to half-width"],
        explain_en: "Full-width characters in numbers: full-width digits, decimal point or percent sign (“５.６％”). GB/T 15835-2011 §5.1 sets Arabic numerals half-width; full-width numbers also defeat search and checking tools.",
    }
}

fn re() -> &'static Regex {
    crate::static_regex!(r"[0-9０-９]+(?:[.．][0-9０-９]+)*[%％]?")
}

/// Where the next full-width digit, point or percent sign (`[０-９．％]`,
/// UTF-8 `EF BC 90..=99 | 8E | 85`) occurs at or after `from`: a `memchr`
/// for the lead byte, cheaper than a regex over Chinese text.
#[cfg(test)]
fn hint(text: &str, from: usize) -> Option<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut at = from;
    while let Some(k) = memchr::memchr(0xEF, &b[at..]) {
        let i = at + k;
        if is_hint(b, i) {
            return Some(i..i + 3);
        }
        at = i + 1;
    }
    None
}

/// Whether a full-width digit, `．` or `％` starts at `i`.
fn is_hint(b: &[u8], i: usize) -> bool {
    b[i] == 0xEF
        && b.get(i + 1) == Some(&0xBC)
        && matches!(b.get(i + 2), Some(0x90..=0x99 | 0x8E | 0x85))
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
        let mut found: Vec<(std::ops::Range<usize>, Kind)> = Vec::new();
        // The full-width digits, points and percent signs are marks: the
        // hints are read from the shared list (in order, as `hint` finds
        // them one after another).
        let b = text.as_bytes();
        let mut hints = scan
            .marks()
            .offsets()
            .filter(|&i| is_hint(b, i))
            .map(|i| i..i + 3);
        let mut from = 0;
        while let Some(h) = hints.find(|h| h.start >= from) {
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
            let kind = if s.chars().any(|c| matches!(c, '０'..='９' | '．')) {
                Kind::Digits
            } else {
                Kind::Percent
            };
            found.push((m.range(), kind));
        }
        let counts = |k: Kind| found.iter().filter(|(_, x)| *x == k).count();
        // The half-width count only when the full-width one can make a
        // convention: counting reads the whole text.
        let convention = |k: Kind| {
            let full = counts(k);
            full >= CONVENTION_MIN && {
                let half = match k {
                    Kind::Percent => memchr::memchr_iter(b'%', text.as_bytes()).count(),
                    Kind::Digits => ascii_numbers(text),
                };
                half * CONVENTION_RATIO <= full
            }
        };
        let mut summarised = Vec::new();
        for k in [Kind::Digits, Kind::Percent] {
            if convention(k) {
                summarised.push(k);
                out.push(summary(meta, doc.file, text, &found, k));
            }
        }
        for (r, k) in found {
            if summarised.contains(&k) {
                continue;
            }
            let s = &text[r.clone()];
            let fixed: String = s.chars().map(half).collect();
            out.push(
                Diagnostic::new(
                    meta,
                    doc.file,
                    r,
                    crate::tr!(
                        "数字“{s}”用了全角字符",
                        "number “{s}” uses full-width characters"
                    ),
                )
                .with_label(crate::tr!("全角字符", "full-width characters"))
                .with_help(crate::tr!(
                    "改为半角“{fixed}”",
                    "change to half-width “{fixed}”"
                ))
                .with_note(crate::tr!(
                    "依据：GB/T 15835-2011 第 5.1 条",
                    "basis: GB/T 15835-2011, clause 5.1"
                ))
                .with_fix(
                    Applicability::Safe,
                    crate::tr!("改为“{fixed}”", "change to “{fixed}”"),
                    fixed,
                ),
            );
        }
    }
}

/// Which full-width characters a number uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Full-width digits or decimal point (`５.６`, `５．６％`).
    Digits,
    /// Only the percent sign (`85％`).
    Percent,
}

/// A document writing a character full-width at least this often…
const CONVENTION_MIN: usize = 5;
/// …and half-width at most once per this many full-width uses follows a
/// convention of its own: one summary finding, not one per number.
const CONVENTION_RATIO: usize = 10;

/// Numbers written with ASCII digits (runs of `0-9`).
fn ascii_numbers(text: &str) -> usize {
    let b = text.as_bytes();
    let mut n = 0;
    let mut prev = false;
    for &x in b {
        let d = x.is_ascii_digit();
        if d && !prev {
            n += 1;
        }
        prev = d;
    }
    n
}

/// One finding for a document-wide convention, with a fix for every number.
fn summary(
    meta: &RuleMeta,
    file: usize,
    text: &str,
    found: &[(std::ops::Range<usize>, Kind)],
    kind: Kind,
) -> Diagnostic {
    let mine: Vec<&std::ops::Range<usize>> = found
        .iter()
        .filter(|(_, k)| *k == kind)
        .map(|(r, _)| r)
        .collect();
    let n = mine.len();
    let first = mine[0].clone();
    let (what, how) = match kind {
        Kind::Digits => (
            crate::i18n::pick("数字", "numbers"),
            crate::i18n::pick("全角数字", "full-width digits"),
        ),
        Kind::Percent => (
            crate::i18n::pick("百分号", "percent signs"),
            crate::i18n::pick("全角“％”", "full-width “％”"),
        ),
    };
    let edits = mine
        .iter()
        .map(|r| Edit {
            file,
            span: (*r).clone(),
            replacement: text[(*r).clone()]
                .chars()
                .map(half)
                .collect::<String>()
                .into(),
        })
        .collect();
    Diagnostic::new(
        meta,
        file,
        first,
        crate::tr!(
            "全文 {n} 处{what}都用了{how}",
            "all {n} {what} in the text use {how}"
        ),
    )
    .with_label(crate::tr!("第一处", "first one"))
    .with_note(crate::tr!(
        "整份文件统一这样写，只报告一次；修复一并改正全部 {n} 处",
        "the whole document writes them this way, so it is reported once; the fix corrects all {n}"
    ))
    .with_note(crate::tr!(
        "依据：GB/T 15835-2011 第 5.1 条",
        "basis: GB/T 15835-2011, clause 5.1"
    ))
    .with_help(crate::tr!(
        "全部改为半角{}",
        "change all to half-width {}",
        if kind == Kind::Percent {
            "“%”"
        } else {
            crate::i18n::pick("数字", "digits")
        }
    ))
    .with_edits(
        Applicability::Safe,
        crate::tr!("全部 {n} 处改为半角", "change all {n} to half-width"),
        edits,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The hints read from the marks are those the byte search finds
        /// one after another.
        #[test]
        fn hints_from_the_marks_are_the_searched_hints(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "０", "９", "．", "％", "，", "（", "1", ".", "%", "甲", "\u{ff5e}", "\u{ff10}",
            ]), 0..24)
        ) {
            let s: String = parts.concat();
            let marks = crate::rules::typography::text::Marks::of(&s);
            let b = s.as_bytes();
            let got: Vec<usize> = marks.offsets().filter(|&i| is_hint(b, i)).collect();
            let mut want = Vec::new();
            let mut from = 0;
            while let Some(h) = hint(&s, from) {
                want.push(h.start);
                from = h.end;
            }
            proptest::prop_assert_eq!(got, want, "{:?}", s);
        }
    }
}
