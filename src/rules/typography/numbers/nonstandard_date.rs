use crate::chars::re::Regex;

use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic, Edit};
use crate::model::Document;
use crate::rules::typography::text::{is_cjk, Scan};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 日期写法不规范：月、日补零（2021年03月05日）、年份简写（21年3月）或用圆点分隔（2021.3.5）。
    ///
    /// ## 为什么
    /// GB/T 9704-2012 第 7.3.5 条要求成文日期用阿拉伯数字将年、月、日标全，年份标全称，
    /// 月、日不编虚位（1 不编为 01）；GB/T 15835-2011 第 5.1 条规定年份不简写、
    /// 年月日按“2021年3月5日”书写（用短横线的“2021-03-05”是另一种合规格式）。
    /// “2021.3.5”在正文里既不是规范的日期，也可能被读成数值。
    ///
    /// ## 示例
    /// ```text
    /// 会议于2021年03月05日召开，21年6月底前完成，2021.7.1起施行。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 会议于2021年3月5日召开，2021年6月底前完成，2021年7月1日起施行。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 不安全：修复改动日期的写法（补全年份的世纪要靠推断），应由人核对。
    pub struct NonstandardDate {
        name: "nonstandard-date",
        category: Style,
        fix: Always,
        message: ["年份“{…}年”简写成了两位", "日期“{…}”的月、日前面补了“0”", "正文里的日期“{…}”用“{…}”分隔"],
        message_en: ["year “{…}年” is abbreviated to two digits", "date “{…}” pads the month or day with “0”", "date “{…}” in the body text is separated with “{…}”"],
        fix_title: ["改为“{…}”"],
        fix_title_en: ["change to “{…}”"],
        explain_en: "A date written non-standardly: month and day padded with zeros (“2021年03月05日”), a two-digit year (“21年3月”) or dots as separators (2021.3.5). GB/T 9704-2012 §7.3.5 and GB/T 15835-2011 §5.1 write dates in full, without padding.",
    }
}

fn cn_date_re() -> &'static Regex {
    crate::static_regex!(
        r"(?:([0-9]+)[ \t]*年[ \t]*)?([0-9]{1,2})[ \t]*月(?:[ \t]*([0-9]{1,2})[ \t]*[日号])?",
    )
}

fn dot_date_re() -> &'static Regex {
    crate::static_regex!(r"((?:19|20)[0-9]{2})([./])([0-9]{1,2})[./]([0-9]{1,2})")
}

fn in_range(s: &str, max: u32) -> bool {
    s.parse::<u32>().is_ok_and(|v| (1..=max).contains(&v))
}

fn note() -> &'static str {
    crate::i18n::pick(
        "依据：GB/T 9704-2012 第 7.3.5 条；GB/T 15835-2011 第 5.1 条",
        "basis: GB/T 9704-2012, clause 7.3.5; GB/T 15835-2011, clause 5.1",
    )
}

impl Rule for NonstandardDate {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let src = cx.source(doc);
        let scan = Scan::of(cx, src).with_protected();
        chinese_dates(meta, doc.file, &scan, out);
        dot_dates(meta, doc.file, &scan, out);
    }
}

/// Dates written with 年月日: a two-digit year, a month or day padded
/// with 0.
fn chinese_dates(meta: &RuleMeta, file: usize, scan: &Scan, out: &mut Vec<Diagnostic>) {
    let text = scan.text;
    // Every match has a 月 with a digit before it and no line break: only
    // the lines holding one are searched.
    let b = text.as_bytes();
    let months = memchr::memmem::find_iter(b, "月".as_bytes())
        .filter(|&i| crate::rules::typography::text::digit_around(b, i, 3, true, false));
    for c in crate::rules::typography::text::lines_at(text, months)
        .flat_map(|line| cn_date_re().captures_iter_in(text, line))
    {
        let Some(all) = c.get(0) else { continue };
        let (year, month, day) = (c.get(1), c.get(2), c.get(3));
        let Some(month) = month else { continue };
        if year.is_none() && day.is_none() {
            continue;
        }
        if scan.touches_skipped(&all.range()) {
            continue;
        }
        let before = text[..all.start()].chars().next_back();
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, '.' | '’' | '\'')) {
            continue;
        }
        if !in_range(month.as_str(), 12) || day.is_some_and(|d| !in_range(d.as_str(), 31)) {
            continue;
        }
        if let Some(y) = year {
            match y.as_str().len() {
                4 => {}
                2 => {
                    let yy: u32 = y.as_str().parse().unwrap_or(0);
                    let full = format!("{}{}", if yy < 50 { "20" } else { "19" }, y.as_str());
                    out.push(
                        Diagnostic::new(
                            meta,
                            file,
                            y.range(),
                            crate::tr!(
                                "年份“{}年”简写成了两位",
                                "year “{}年” is abbreviated to two digits",
                                y.as_str()
                            ),
                        )
                        .with_label(crate::tr!("年份应写全", "write the full year"))
                        .with_help(crate::tr!(
                            "写全称，如“{full}年”",
                            "write it in full, e.g. “{full}年”"
                        ))
                        .with_note(note())
                        .with_fix(
                            Applicability::Unsafe,
                            crate::tr!("改为“{full}”", "change to “{full}”"),
                            full,
                        ),
                    );
                    continue;
                }
                _ => continue,
            }
        }
        let padded: Vec<_> = [Some(month), day]
            .into_iter()
            .flatten()
            .filter(|m| m.as_str().len() == 2 && m.as_str().starts_with('0'))
            .collect();
        if padded.is_empty() {
            continue;
        }
        let mut fixed = all.as_str().to_string();
        for m in padded.iter().rev() {
            let k = m.start() - all.start();
            fixed.replace_range(k..k + 1, "");
        }
        out.push(
            Diagnostic::new(
                meta,
                file,
                all.range(),
                crate::tr!(
                    "日期“{}”的月、日前面补了“0”",
                    "date “{}” pads the month or day with “0”",
                    all.as_str()
                ),
            )
            .with_label(crate::tr!(
                "月、日不编虚位",
                "no leading zeros in month and day"
            ))
            .with_help(crate::tr!("改为“{fixed}”", "change to “{fixed}”"))
            .with_note(note())
            .with_edits(
                Applicability::Unsafe,
                crate::tr!("改为“{fixed}”", "change to “{fixed}”"),
                padded
                    .iter()
                    .map(|m| Edit {
                        file,
                        span: m.start()..m.start() + 1,
                        replacement: Default::default(),
                    })
                    .collect(),
            ),
        );
    }
}

/// Dates written with dots, slashes or hyphens in prose (2024.3.5).
fn dot_dates(meta: &RuleMeta, file: usize, scan: &Scan, out: &mut Vec<Diagnostic>) {
    let text = scan.text;
    // Every match has a year (19xx, 20xx) right before a `.` or `/` and a
    // digit after it.
    let b = text.as_bytes();
    let candidate = |i: usize| {
        i >= 4
            && matches!(&b[i - 4..i - 2], b"19" | b"20")
            && b[i - 2].is_ascii_digit()
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
    };
    // Only the lines holding such a place are searched (no match holds a
    // line break).
    let places = memchr::memchr2_iter(b'.', b'/', b).filter(|&i| candidate(i));
    for c in crate::rules::typography::text::lines_at(text, places)
        .flat_map(|line| dot_date_re().captures_iter_in(text, line))
    {
        let (Some(all), Some(y), Some(sep), Some(m), Some(d)) =
            (c.get(0), c.get(1), c.get(2), c.get(3), c.get(4))
        else {
            continue;
        };
        if !in_range(m.as_str(), 12) || !in_range(d.as_str(), 31) {
            continue;
        }
        let before = text[..all.start()].chars().next_back();
        let after = text[all.end()..].chars().next();
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, '.' | '/' | '-'))
            || after.is_some_and(|a| {
                a.is_ascii_alphanumeric() || matches!(a, '.' | '/' | '-' | '%' | '％')
            })
        {
            continue;
        }
        if scan.touches_skipped(&all.range()) {
            continue;
        }
        let prose = scan
            .prev_char(all.start(), true)
            .is_some_and(|x| is_cjk(x.1))
            || scan.next_char(all.end(), true).is_some_and(|x| is_cjk(x.1));
        if !prose {
            continue;
        }
        let strip = |s: &str| s.trim_start_matches('0').to_string();
        let fixed = format!(
            "{}年{}月{}日",
            y.as_str(),
            strip(m.as_str()),
            strip(d.as_str())
        );
        out.push(
            Diagnostic::new(
                meta,
                file,
                all.range(),
                crate::tr!(
                    "正文里的日期“{}”用“{}”分隔",
                    "date “{}” in the body text is separated with “{}”",
                    all.as_str(),
                    sep.as_str()
                ),
            )
            .with_label(crate::tr!("不规范的日期写法", "non-standard date"))
            .with_help(crate::tr!("改为“{fixed}”", "change to “{fixed}”"))
            .with_note(note())
            .with_fix(
                Applicability::Unsafe,
                crate::tr!("改为“{fixed}”", "change to “{fixed}”"),
                fixed,
            ),
        );
    }
}
