use std::ops::Range;

use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic, Edit};
use crate::model::Document;
use crate::rules::typography::text::{excerpt, Scan};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 书名号用在了不是作品的名称上：活动、比赛、会议、项目、荣誉称号（《文明单位》称号）。
    ///
    /// ## 为什么
    /// 书名号标示书名、篇名、报刊名、文件名和文艺作品名（GB/T 15834-2011 第 4.15 条）；
    /// 不能视为作品的课程、课题、奖状、会议、活动等名称不应用书名号（同标准附录 A
    /// 的书名号用法补充规则）。公文里把活动、项目名称放进书名号，是常见的审校扣分项。
    ///
    /// 只报告明确的情形：书名号里的名称以“活动”“大赛”“项目”“称号”等结尾，或书名号
    /// 后面紧跟“称号”“奖”。以“方案”“通知”“规划”等结尾的文件名不受影响。
    ///
    /// ## 示例
    /// ```text
    /// 开展《小手拉大手控烟伴我行活动》，获评《全国文明单位》称号。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 开展“小手拉大手控烟伴我行”活动，获评“全国文明单位”称号。
    /// ```
    ///
    /// ## 配置
    /// `rules/typography.toml` 的 `[book_marks]`：`non_title_suffixes`（名称的结尾）、
    /// `non_title_followers`（书名号后紧跟的词）。
    ///
    /// ## 修复安全性
    /// 不安全：改用引号是常见做法，但也可以干脆去掉标号，应由人决定。
    pub struct BookMarksOnNonTitle {
        name: "book-marks-on-non-title",
        category: Style,
        fix: Always,
        message: ["“{…}”不是作品名称，不应加书名号"],
        message_en: ["“{…}” is not the title of a work and takes no title marks “《》”"],
        fix_title: ["改用引号{…}"],
        fix_title_en: ["change to quotation marks {…}"],
        explain_en: "Title marks 《》 around a name that is not a work: an activity, contest, meeting, project or honorary title. Title marks are for books, articles, periodicals, documents and works of art (GB/T 15834-2011 §4.15 and annex A).",
    }
}

/// Every name in title marks, `《([^《》\n\r]+)》` read by hand (the whole
/// match and the name, in order): a match starts at a 《, and its name runs
/// to the first 《, 》 or line end, which must be a 》 after at least one
/// character; a 《 there may start the next match. The regex cost about
/// 0.3 M instructions to build, more than a small run spends searching. At
/// most 60 characters of a name count (checked by the caller; a bounded
/// repeat of the class cost 3 M to build).
fn titles(text: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    let mut from = 0;
    // Every 《, found by a byte search for its three bytes (`str::find`
    // looks for its last byte, which most Chinese characters share).
    for start in memchr::memmem::find_iter(text.as_bytes(), "《".as_bytes()) {
        if start < from {
            continue;
        }
        let inner = start + '《'.len_utf8();
        let Some(stop) = text[inner..]
            .find(['《', '》', '\n', '\r'])
            .map(|k| inner + k)
        else {
            break;
        };
        if stop > inner && text[stop..].starts_with('》') {
            let end = stop + '》'.len_utf8();
            out.push((start..end, inner..stop));
            from = end;
        } else {
            from = stop;
        }
    }
    out
}

/// The longest name in title marks that is looked at, in characters.
const MAX_NAME: usize = 60;

impl Rule for BookMarksOnNonTitle {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let data = &cx.data.typography;
        let src = cx.source(doc);
        let scan = Scan::of(cx, src);
        let text = scan.text;
        for (all, name) in titles(text) {
            if text[name.clone()].chars().count() > MAX_NAME || scan.touches_skipped(&all) {
                continue;
            }
            let inner = text[name].trim();
            let after = &text[all.end..];
            let suffix = data
                .non_title_suffixes
                .iter()
                .find(|s| inner.ends_with(s.as_str()));
            let cue = if let Some(s) = suffix {
                crate::tr!("名称以“{s}”结尾", "the name ends in “{s}”")
            } else if let Some(f) = data
                .non_title_followers
                .iter()
                .find(|f| after.starts_with(f.as_str()))
            {
                crate::tr!("后面是“{f}”", "followed by “{f}”")
            } else {
                continue;
            };
            // Inside double quotes already: use single quotes.
            let line_start = text[..all.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            let before = &text[line_start..all.start];
            let nested = before.matches('“').count() > before.matches('”').count();
            let (o, cl) = if nested {
                ("‘", "’")
            } else {
                ("“", "”")
            };
            out.push(
                Diagnostic::new(
                    meta,
                    doc.file,
                    all.clone(),
                    crate::tr!("“{}”不是作品名称，不应加书名号", "“{}” is not the title of a work and takes no title marks “《》”", excerpt(inner, 20)),
                )
                .with_label(crate::tr!("{cue}：这是活动、项目或称号", "{cue}: an event, project or honour"))
                .with_help(match suffix {
                    // The class word may stay outside: “小手拉大手”活动.
                    Some(s) if inner.len() > s.len() => crate::tr!(
                        "改用引号：{o}{inner}{cl}，或把类别词放在引号外：{o}{}{cl}{s}", "use quotation marks: “{o}{inner}{cl}”, or put the category word outside them: “{o}{}{cl}{s}”",
                        &inner[..inner.len() - s.len()]
                    ),
                    _ => crate::tr!("改用引号：{o}{inner}{cl}", "use quotation marks: “{o}{inner}{cl}”"),
                })
                .with_note(crate::tr!("依据：GB/T 15834-2011 第 4.15 条及附录 A（书名号用法补充规则）", "basis: GB/T 15834-2011, clause 4.15 and annex A (supplementary rules for title marks)"))
                .with_edits(
                    Applicability::Unsafe,
                    crate::tr!("改用引号{o}{cl}", "change to quotation marks {o}{cl}"),
                    vec![
                        Edit {
                            file: doc.file,
                            span: all.start..all.start + '《'.len_utf8(),
                            replacement: o.into(),
                        },
                        Edit {
                            file: doc.file,
                            span: all.end - '》'.len_utf8()..all.end,
                            replacement: cl.into(),
                        },
                    ],
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The hand-written search finds what the regex finds, with the
        /// same name group.
        #[test]
        fn titles_are_the_regex_matches(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "《", "》", "\n", "\r", "甲", "活动", " ", "“", "a",
            ]), 0..16)
        ) {
            let s: String = parts.concat();
            let re = regex::Regex::new(r"《([^《》\n\r]+)》").unwrap();
            let want: Vec<_> = re
                .captures_iter(&s)
                .map(|c| (c.get(0).unwrap().range(), c.get(1).unwrap().range()))
                .collect();
            proptest::prop_assert_eq!(titles(&s), want, "{:?}", s);
        }
    }

    #[test]
    fn title_examples() {
        let s = "《》《《甲》\n《乙\n》《丙 活动》";
        let got: Vec<&str> = titles(s).into_iter().map(|(_, n)| &s[n]).collect();
        assert_eq!(got, ["甲", "丙 活动"]);
    }
}
