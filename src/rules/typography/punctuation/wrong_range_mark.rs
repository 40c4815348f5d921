use crate::chars::re::Regex;

use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic, Edit};
use crate::model::Document;
use crate::rules::typography::text::{is_cjk, Scan};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 中文里的起止范围或递进关系用了短横线“-”或半角“~”，例如“2021-2025年”“1-11月”“4-5家”。
    ///
    /// ## 为什么
    /// GB/T 15834-2011 第 4.13.3 条：标示时间、地域等相关项目的起止用一字线“—”
    /// （2021—2025年、1—11月、第21—30条），标示数值范围用浪纹线“～”（4～5家、
    /// 0～6岁），标示走向和递进式发展也用一字线（科技型中小企业—高新技术企业—科技
    /// 领军企业）；短横线“-”只用于复合名词（吐鲁番-哈密盆地）、化合物名称、产品型号、
    /// 电话号码、用数字表示的年月日（2021-03-05）等。用短横线连接起止，读者可能看成
    /// 减号或编号。
    ///
    /// 汉字词语之间只在三项以上连成一串时才算递进关系报告；两项相连（“省会-胶东”科创
    /// 走廊）可能是复合名词，不报告。中间各项都很短（不超过三个字）的一串是地名或
    /// 简称连成的复合名称（黄冈-鄂州-黄石、京-津-冀），也不报告。
    ///
    /// 标准编号（GB/T 9704—2012）、电话号码、日期和型号（R1-2）不检查；数值范围
    /// 用一字线（100—150千克）是 GB/T 15835-2011 允许的写法，也不报告。
    ///
    /// ## 示例
    /// ```text
    /// 落实《山东国民营养计划（2018-2030）》，1-11月完成投资，培育特级企业4-5家。
    /// 推进“科技型中小企业-高新技术企业-科技领军企业”梯度培育。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 落实《山东国民营养计划（2018—2030）》，1—11月完成投资，培育特级企业4～5家。
    /// 推进“科技型中小企业—高新技术企业—科技领军企业”梯度培育。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 年份范围改用“—”、半角“~”改为全角“～”是安全修复，只换符号；其余范围是时间
    /// 还是数量要看语境（“3-5年”可以是三至五年），递进关系也可能是复合名词，修复标为
    /// 不安全。
    pub struct WrongRangeMark {
        name: "wrong-range-mark",
        category: Style,
        fix: Always,
        message: ["递进关系“{…}”用了短横线，应为“—”", "{…}“{…}”用了“{…}”，应为“{…}”"],
        message_en: ["progression “{…}” uses hyphens; it should use “—”", "{…} “{…}” uses “{…}”; it should be “{…}”"],
        fix_title: ["改为一字线“—”", "改为“{…}”"],
        fix_title_en: ["change to the dash “—”", "change to “{…}”"],
        explain_en: "A range or progression in Chinese text uses a hyphen “-” or a half-width “~”, e.g. “2021-2025年”, “4-5家”. GB/T 15834-2011 §4.13.3 uses the dash “—” for spans of time and place and the wave dash “～” for numeric ranges; a hyphen can be read as a minus sign.",
    }
}

fn re() -> &'static Regex {
    crate::static_regex!(r"([0-9]+(?:\.[0-9]+)?)([ \t]*[-－‐‑–~～][ \t]*)([0-9]+(?:\.[0-9]+)?)")
}

/// Three or more Chinese terms joined by hyphens: a progression.
fn chain_re() -> &'static Regex {
    crate::static_regex!(r"\p{Han}{2,}(?:[ \t]*[-－‐‑–][ \t]*\p{Han}{2,}){2,}")
}

/// The longest inner term (in characters) of a chain that is read as a
/// compound name rather than a progression.
const NAME_TERM_MAX: usize = 3;

/// Whether a hyphen chain is a compound name: every term between two hyphens
/// is a short name (黄冈-鄂州-黄石, 京-津-冀), as place names and their
/// abbreviations are, while the stages of a progression are phrases
/// (科技型中小企业-高新技术企业-科技领军企业). Only inner terms are measured: where
/// the first term starts and the last ends in running text is a matter of
/// words (支持黄冈-…-黄石建设).
fn compound_name(chain: &str) -> bool {
    let terms: Vec<&str> = chain
        .split(['-', '－', '‐', '‑', '–'])
        .map(|t| t.trim_matches([' ', '\t']))
        .collect();
    terms.len() >= 3
        && terms[1..terms.len() - 1]
            .iter()
            .all(|t| t.chars().count() <= NAME_TERM_MAX)
}

fn is_year(s: &str) -> Option<u32> {
    if s.len() != 4 {
        return None;
    }
    let y: u32 = s.parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

/// Characters that continue a code, date or number: `0531-8888-1234`, `R1-2`.
fn joins_code(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '－' | '/' | '_' | ':' | '~' | '～')
}

/// Whether a line holds `-`, `－`, `–`, `‐` or `‑` (one `memchr3` pass over
/// the bytes: `-`, or the lead bytes `EF BC 8D`, `E2 80 93|90|91`).
/// Whether one of the hyphens `-`, `－`, `‐`, `‑`, `–` starts at `i`.
fn is_hyphen(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'-' => true,
        0xEF => b.get(i + 1) == Some(&0xBC) && b.get(i + 2) == Some(&0x8D),
        0xE2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x93 | 0x90 | 0x91)),
        _ => false,
    }
}

impl WrongRangeMark {
    /// `A-B-C` between Chinese terms: only lines holding a hyphen are searched.
    fn progressions(&self, meta: &RuleMeta, file: usize, scan: &Scan, out: &mut Vec<Diagnostic>) {
        let text = scan.text;
        // Every chain holds a hyphen and no line break: only the lines
        // holding one (read from the marks) are searched.
        let hyphens = scan
            .marks()
            .offsets()
            .filter(|&i| is_hyphen(text.as_bytes(), i));
        for line in crate::rules::typography::text::lines_at(text, hyphens) {
            for m in chain_re().find_iter_in(text, line) {
                let span = m.range();
                if scan.touches_skipped(&span) || compound_name(m.as_str()) {
                    continue;
                }
                let edits: Vec<Edit> = m
                    .as_str()
                    .char_indices()
                    .filter(|(_, c)| matches!(c, '-' | '－' | '‐' | '‑' | '–'))
                    .map(|(k, c)| Edit {
                        file,
                        span: span.start + k..span.start + k + c.len_utf8(),
                        replacement: "—".into(),
                    })
                    .collect();
                // Where the terms begin and end is a matter of words, not
                // characters: show four characters around the hyphens.
                let (Some(first), Some(last)) = (edits.first(), edits.last()) else {
                    continue;
                };
                let lo = text[span.start..first.span.start]
                    .char_indices()
                    .rev()
                    .nth(3)
                    .map_or(span.start, |(k, _)| span.start + k);
                let hi = text[last.span.end..span.end]
                    .char_indices()
                    .nth(4)
                    .map_or(span.end, |(k, _)| last.span.end + k);
                let shown = format!(
                    "{}{}{}",
                    if lo > span.start { "…" } else { "" },
                    &text[lo..hi],
                    if hi < span.end { "…" } else { "" }
                );
                let fixed: String = shown
                    .chars()
                    .map(|c| {
                        if matches!(c, '-' | '－' | '‐' | '‑' | '–') {
                            '—'
                        } else {
                            c
                        }
                    })
                    .collect();
                out.push(
                    Diagnostic::new(
                        meta,
                        file,
                        lo..hi,
                        crate::tr!(
                            "递进关系“{shown}”用了短横线，应为“—”",
                            "progression “{shown}” uses hyphens; it should use “—”"
                        ),
                    )
                    .with_label(crate::tr!("{} 处短横线", "{} hyphens", edits.len()))
                    .with_help(crate::tr!("改为“{fixed}”", "change to “{fixed}”"))
                    .with_note(crate::tr!(
                        "依据：GB/T 15834-2011 第 4.13.3 条",
                        "basis: GB/T 15834-2011, clause 4.13.3"
                    ))
                    .with_edits(
                        Applicability::Unsafe,
                        crate::tr!("改为一字线“—”", "change to the dash “—”"),
                        edits,
                    ),
                );
            }
        }
    }
}

impl Rule for WrongRangeMark {
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
        self.progressions(meta, doc.file, &scan, out);
        // Every match has one of the marks between digits.
        // Every match has one of the marks between digits, and no line
        // break: only the lines holding such a mark are searched.
        const MARKS: [char; 7] = ['-', '－', '‐', '‑', '–', '~', '～'];
        let candidates = scan.marks().between_digits(text, &MARKS);
        for c in crate::rules::typography::text::lines_at(text, candidates)
            .flat_map(|line| re().captures_iter_in(text, line))
        {
            let (Some(all), Some(a), Some(mark), Some(b)) =
                (c.get(0), c.get(1), c.get(2), c.get(3))
            else {
                continue;
            };
            if scan.touches_skipped(&all.range()) {
                continue;
            }
            let before = text[..all.start()].chars().next_back();
            let after = text[all.end()..].chars().next();
            if before.is_some_and(joins_code) || after.is_some_and(joins_code) {
                continue;
            }
            // Telephone numbers and codes: 0531-86912345.
            let (sa, sb) = (a.as_str(), b.as_str());
            if (sa.len() >= 2 && sa.starts_with('0')) || sa.len() >= 6 || sb.len() >= 6 {
                continue;
            }
            let prev = scan.prev_char(all.start(), true);
            let next = scan.next_char(all.end(), true);
            if !(prev.is_some_and(|x| is_cjk(x.1)) || next.is_some_and(|x| is_cjk(x.1))) {
                continue;
            }
            let m = mark.as_str().trim_matches([' ', '\t']);
            let tilde = m == "~" || m == "～";
            let unit = next.map(|x| x.1);
            let (ya, yb) = (is_year(a.as_str()), is_year(b.as_str()));
            let small = |s: &str, max: u32| s.parse::<u32>().is_ok_and(|v| (1..=max).contains(&v));
            let (good, what, safe) = match (ya, yb) {
                (Some(x), Some(y)) if x < y => {
                    ("—", crate::i18n::pick("年份范围", "year range"), true)
                }
                _ if tilde && m == "～" => continue, // a numeric range, correct
                _ if tilde => ("～", crate::i18n::pick("数值范围", "numeric range"), true),
                _ if unit == Some('月') && small(a.as_str(), 12) && small(b.as_str(), 12) => {
                    ("—", crate::i18n::pick("月份范围", "month range"), false)
                }
                _ if matches!(unit, Some('日' | '号'))
                    && small(a.as_str(), 31)
                    && small(b.as_str(), 31) =>
                {
                    ("—", crate::i18n::pick("日期范围", "date range"), false)
                }
                _ if prev.is_some_and(|x| x.1 == '第') => {
                    ("—", crate::i18n::pick("序号范围", "ordinal range"), false)
                }
                _ => ("～", crate::i18n::pick("数值范围", "numeric range"), false),
            };
            if m == good {
                continue;
            }
            let shown = format!("{}{}{}", a.as_str(), m, b.as_str());
            let fixed = format!("{}{}{}", a.as_str(), good, b.as_str());
            out.push(
                Diagnostic::new(
                    meta,
                    doc.file,
                    mark.range(),
                    crate::tr!(
                        "{what}“{shown}”用了“{m}”，应为“{good}”",
                        "{what} “{shown}” uses “{m}”; it should be “{good}”"
                    ),
                )
                .with_label(crate::tr!("应为“{good}”", "expected “{good}”"))
                .with_help(crate::tr!("改为“{fixed}”", "change to “{fixed}”"))
                .with_note(crate::tr!(
                    "依据：GB/T 15834-2011 第 4.13.3 条",
                    "basis: GB/T 15834-2011, clause 4.13.3"
                ))
                .with_fix(
                    if safe {
                        Applicability::Safe
                    } else {
                        Applicability::Unsafe
                    },
                    crate::tr!("改为“{good}”", "change to “{good}”"),
                    good,
                ),
            );
        }
    }
}
