use regex::Regex;

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

fn plan_re() -> &'static Regex {
    crate::static_regex!(
        r"((?:19|20)[0-9]{2})[ \t]*年([^。；，\n]{0,16}?)(主要预期目标|预期目标|重点工作|工作安排|总体要求|工作要点|目标任务)"
    )
}

fn year_re() -> &'static Regex {
    crate::static_regex!(r"((?:19|20)[0-9]{2})[ \t]*年")
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
        if let Some(c) = year_re().captures(s) {
            let m = c.get(1)?;
            return Some((
                m.as_str().parse().ok()?,
                t.span.start + m.start()..t.span.start + m.end(),
            ));
        }
        // ——2024年1月17日在…: the first lines after the title.
        let after = &text[t.span.end..];
        for line in after.lines().take(4) {
            let l = line.trim_start();
            if l.starts_with('—') || l.starts_with('－') {
                if let Some(c) = year_re().captures(l) {
                    let m = c.get(1)?;
                    let base = t.span.end
                        + (line.as_ptr() as usize - after.as_ptr() as usize)
                        + (line.len() - l.len());
                    return Some((m.as_str().parse().ok()?, base + m.start()..base + m.end()));
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
            for c in plan_re().captures_iter(s) {
                let (Some(y), Some(middle)) = (c.get(1), c.get(2)) else {
                    continue;
                };
                if middle.as_str().contains(['回', '完', '上']) {
                    continue; // 回顾, 完成情况, 上年
                }
                let Ok(v) = y.as_str().parse::<u32>() else {
                    continue;
                };
                if v == year {
                    continue;
                }
                let at = span.start + y.start()..span.start + y.end();
                if title_span.start <= at.start && at.end <= title_span.end {
                    continue;
                }
                let what = c.get(0).map(|m| m.as_str()).unwrap_or("");
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
            for c in plan_re().captures_iter(s) {
                if c.get(3).is_some_and(|m| m.as_str().contains("预期目标")) {
                    let m = c.get(0).expect("group 0");
                    check(b.span(m.range()));
                }
            }
        }
    }
}
