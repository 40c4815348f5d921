use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::{Document, Span};
use crate::rules::typography::text::{blocks, excerpt};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 标题里的年份与文中目标、安排所属的年份不一致（标题 2025 年，小标题却是“实现2024年……预期目标”）。
    ///
    /// ## 为什么
    /// 年度文件多由上一年的文件改写而来，标题改了年份、正文漏改，是最常见也最难
    /// 自查的错误之一：目标、任务落到了错误的年度上。
    ///
    /// 年份取自标题，或标题下“——2024年1月17日在……”这样的署期行。只比较标题和
    /// 讲“目标”“重点工作”“工作安排”“总体要求”“工作要点”的小标题，以及写明“××年
    /// ……预期目标”的句子；“2023年工作回顾”之类回顾上一年的内容不受影响。
    ///
    /// ## 示例
    /// ```text
    /// 2025年《政府工作报告》重点工作责任分工
    ///
    /// 一、实现2024年全区经济社会发展主要预期目标
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 2025年《政府工作报告》重点工作责任分工
    ///
    /// 一、实现2025年全区经济社会发展主要预期目标
    /// ```
    ///
    /// ## 配置
    /// 无。
    pub struct TitleYearMismatch {
        name: "title-year-mismatch",
        category: Consistency,
        fix: None,
        message: ["文中写“{…}”，与文件年份 {…} 年不一致"],
        message_en: ["the text says “{…}”, which differs from the document year {…}"],
        explain_en: "The year in the title differs from the year of the targets and plans in the text. Annual documents are rewritten from last year's; a title updated but a body left unchanged puts targets on the wrong year.",
    }
}

/// What a year-plan phrase names (in the order they are tried).
const PLAN_WORDS: [&str; 7] = [
    "主要预期目标",
    "预期目标",
    "重点工作",
    "工作安排",
    "总体要求",
    "工作要点",
    "目标任务",
];

/// The longest run of characters between 年 and the plan word.
const PLAN_GAP: usize = 16;

/// A year written `19xx`/`20xx` and 年 (`((?:19|20)[0-9]{2})[ \t]*年`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct YearAt {
    /// The whole phrase.
    all: Span,
    /// The four digits.
    year: Span,
}

/// The year phrase starting at byte `p` of `s`, if any.
fn year_at(s: &str, p: usize) -> Option<YearAt> {
    let b = s.as_bytes();
    let digits = b.get(p..p + 4)?;
    if !(matches!(&digits[..2], b"19" | b"20") && digits[2..].iter().all(u8::is_ascii_digit)) {
        return None;
    }
    let mut q = p + 4;
    while matches!(b.get(q), Some(b' ' | b'\t')) {
        q += 1;
    }
    s[q..].starts_with('年').then(|| YearAt {
        all: p..q + '年'.len_utf8(),
        year: p..p + 4,
    })
}

/// The first year phrase of `s` at or after `from`.
fn find_year(s: &str, from: usize) -> Option<YearAt> {
    let b = s.as_bytes();
    memchr::memchr2_iter(b'1', b'2', &b[from.min(b.len())..]).find_map(|k| year_at(s, from + k))
}

/// A year-plan phrase: the year, up to [`PLAN_GAP`] characters other than
/// `。；，` and line feeds (as few as possible), and a plan word — the
/// leftmost-first matches of
/// `((?:19|20)[0-9]{2})[ \t]*年([^。；，\n]{0,16}?)(主要预期目标|…|目标任务)`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Plan {
    all: Span,
    year: Span,
    middle: Span,
    word: Span,
}

/// The year-plan phrase starting at byte `p` of `s`, if any.
fn plan_at(s: &str, p: usize) -> Option<Plan> {
    let y = year_at(s, p)?;
    let mut q = y.all.end;
    let mut gap = 0;
    loop {
        if let Some(w) = PLAN_WORDS.iter().find(|w| s[q..].starts_with(**w)) {
            return Some(Plan {
                all: p..q + w.len(),
                year: y.year,
                middle: y.all.end..q,
                word: q..q + w.len(),
            });
        }
        let c = s[q..].chars().next()?;
        if gap == PLAN_GAP || matches!(c, '。' | '；' | '，' | '\n') {
            return None;
        }
        gap += 1;
        q += c.len_utf8();
    }
}

/// Every successive non-overlapping year-plan phrase of `s`.
fn plans(s: &str) -> impl Iterator<Item = Plan> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let b = s.as_bytes();
        while from < b.len() {
            let k = memchr::memchr2(b'1', b'2', &b[from..])?;
            let p = from + k;
            if let Some(m) = plan_at(s, p) {
                from = m.all.end;
                return Some(m);
            }
            from = p + 1;
        }
        None
    })
}

/// The document's own year: from its title, else from a dated line under it.
fn doc_year(doc: &Document, text: &str) -> Option<(u32, Span)> {
    if let Some(t) = &doc.title {
        // The parser's year when it comes from the title: a title with two
        // years (关于2025年工作总结和2026年工作安排的报告) is about the planned one.
        if let Some(y) = &doc.year {
            if t.span.start <= y.span.start && y.span.end <= t.span.end {
                return Some((y.text.parse().ok()?, y.span.clone()));
            }
        }
        let s = &text[t.span.clone()];
        if let Some(y) = find_year(s, 0) {
            return Some((
                s[y.year.clone()].parse().ok()?,
                t.span.start + y.year.start..t.span.start + y.year.end,
            ));
        }
        // ——2024年1月17日在…: the first lines after the title.
        let after = &text[t.span.end..];
        for line in after.lines().take(4) {
            let l = line.trim_start();
            if l.starts_with('—') || l.starts_with('－') {
                if let Some(y) = find_year(l, 0) {
                    let m = y.year;
                    let base = t.span.end
                        + (line.as_ptr() as usize - after.as_ptr() as usize)
                        + (line.len() - l.len());
                    return Some((l[m.clone()].parse().ok()?, base + m.start..base + m.end));
                }
            }
        }
    }
    None
}

impl Rule for TitleYearMismatch {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let text = cx.source(doc).text.as_str();
        let Some((year, year_span)) = doc_year(doc, text) else {
            return;
        };
        let title_span = doc.title.as_ref().map(|t| t.span.clone()).unwrap_or(0..0);
        let mut check = |span: Span| {
            let s = &text[span.clone()];
            for c in plans(s) {
                if s[c.middle.clone()].contains(['回', '完', '上']) {
                    continue; // 回顾, 完成情况, 上年
                }
                let Ok(v) = s[c.year.clone()].parse::<u32>() else {
                    continue;
                };
                if v == year {
                    continue;
                }
                let at = span.start + c.year.start..span.start + c.year.end;
                if title_span.start <= at.start && at.end <= title_span.end {
                    continue;
                }
                let what = &s[c.all.clone()];
                out.push(
                    Diagnostic::new(
                        meta,
                        doc.file,
                        at,
                        crate::tr!(
                            "文中写“{}”，与文件年份 {year} 年不一致",
                            "the text says “{}”, which differs from the document year {year}",
                            excerpt(what, 24)
                        ),
                    )
                    .with_label(crate::tr!("这里是 {v} 年", "this says {v}"))
                    .with_secondary(
                        doc.file,
                        year_span.clone(),
                        crate::tr!("文件年份 {year} 年", "document year {year}"),
                    )
                    .with_help(crate::tr!(
                        "核对年份：应为“{year}年”还是标题有误",
                        "check the year: should it be “{year}年”, or is the title wrong?"
                    )),
                );
            }
        };
        for h in &doc.headings {
            check(h.span.clone());
        }
        // Sentences that state a year's targets outright (…年…预期目标).
        let heading_starts: std::collections::HashSet<usize> =
            doc.headings.iter().map(|h| h.span.start).collect();
        for b in blocks(doc, text) {
            let ext = b.source_extent();
            if heading_starts.contains(&ext.start) {
                continue;
            }
            let s = &b.text;
            for c in plans(s) {
                if s[c.word.clone()].contains("预期目标") {
                    check(b.span(c.all));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PLAN_RE: &str = r"((?:19|20)[0-9]{2})[ \t]*年([^。；，\n]{0,16}?)(主要预期目标|预期目标|重点工作|工作安排|总体要求|工作要点|目标任务)";
    const YEAR_RE: &str = r"((?:19|20)[0-9]{2})[ \t]*年";

    fn by_regex(s: &str) -> Vec<Plan> {
        let re = regex::Regex::new(PLAN_RE).unwrap();
        re.captures_iter(s)
            .map(|c| Plan {
                all: c.get(0).unwrap().range(),
                year: c.get(1).unwrap().range(),
                middle: c.get(2).unwrap().range(),
                word: c.get(3).unwrap().range(),
            })
            .collect()
    }

    fn year_by_regex(s: &str) -> Option<YearAt> {
        let re = regex::Regex::new(YEAR_RE).unwrap();
        re.captures(s).map(|c| YearAt {
            all: c.get(0).unwrap().range(),
            year: c.get(1).unwrap().range(),
        })
    }

    #[test]
    fn plans_as_the_regex_finds_them() {
        for s in [
            "一、实现2024年全区经济社会发展主要预期目标",
            "2025年 预期目标和2026\t年工作安排",
            "20245年重点工作；2025年，总体要求",
            "2025年一二三四五六七八九十一二三四五六目标任务 2025年一二三四五六七八九十一二三四五六七目标任务",
            "12019年工作要点2019年回顾2020年主要预期目标目标任务",
            "2025年\n工作要点 2025年工作",
        ] {
            assert_eq!(plans(s).collect::<Vec<_>>(), by_regex(s), "{s}");
            assert_eq!(find_year(s, 0), year_by_regex(s), "{s}");
        }
    }

    proptest! {
        #[test]
        fn plans_match_the_regex(parts in proptest::collection::vec(prop_oneof![
            Just("2025"), Just("1999"), Just("20"), Just("19"), Just("2"), Just("0"), Just("7"),
            Just("年"), Just(" "), Just("\t"), Just("。"), Just("，"), Just("；"), Just("\n"),
            Just("主要"), Just("预期"), Just("目标"), Just("重点工作"), Just("工作"), Just("安排"),
            Just("总体要求"), Just("要点"), Just("任务"), Just("回顾"), Just("全区经济"), Just("a"),
        ], 0..40)) {
            let s: String = parts.concat();
            prop_assert_eq!(plans(&s).collect::<Vec<_>>(), by_regex(&s));
            prop_assert_eq!(find_year(&s, 0), year_by_regex(&s));
        }
    }
}
