//! Line heads: `grammar/structure.pest` → [`LineHead`].

use pest::Parser;

use crate::model::{Level, Numbering};

mod grammar {
    #![allow(missing_docs)]
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/structure.pest"]
    pub struct StructureParser;
}
use grammar::{Rule, StructureParser};

/// What starts a line: Markdown decoration and a numbering mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineHead {
    /// Number of `#` marks.
    pub md_depth: Option<u8>,
    /// The `#` marks' absolute span.
    pub md_span: Option<std::ops::Range<usize>>,
    /// The numbering mark (absolute span).
    pub numbering: Numbering,
    /// Absolute offset where the text after the mark begins.
    pub text_start: usize,
    /// The text after a `1.`-level mark starts with a digit (`7.365项…`,
    /// `1.5亿元`): a task number only where it continues the sequence.
    pub numeric_body: bool,
}

/// Cheap test of the first non-blank character: only lines that pass are
/// given to pest.
fn may_start_head(line: &str) -> bool {
    let c = match line
        .trim_start_matches([' ', '\t', '\u{3000}'])
        .chars()
        .next()
    {
        Some(c) => c,
        None => return false,
    };
    matches!(c,
        '#' | '*' | '_' | '（' | '(' | '0'..='9' | '０'..='９' | '①'..='⑳' | '⑴'..='⒇' | '第' | '附'
        | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '〇' | '零' | '两')
}

/// Parses the head of one physical line. `base` is the line's absolute offset.
///
/// The common marks (`一、` `（一）` `1.` `（1）` `⑴` `①`, with Markdown
/// decoration) are read by hand ([`read_head`]), the same reading as the
/// grammar's; the rest (`附件…`, `第…章`, `第…节`) by pest.
pub fn parse_line_head(line: &str, base: usize) -> Option<LineHead> {
    if !may_start_head(line) {
        return None;
    }
    match read_head(line, base) {
        Some(head) => head,
        None => grammar_head(line, base),
    }
}

/// The words of `grammar/structure.pest` that [`read_head`] reads marks
/// with (each a literal of one character).
struct HeadWords {
    /// `cn_num`'s numerals.
    cn_digits: Vec<char>,
    /// `l1_sep`: what follows a Chinese numeral at level one.
    l1_seps: Vec<char>,
    /// `l3_sep`: what follows digits at level three.
    l3_seps: Vec<char>,
    /// `open` and `close`: the brackets of `（一）` and `（1）`.
    opens: Vec<char>,
    closes: Vec<char>,
}

/// The grammar's text, from which [`HeadWords`] are read.
const GRAMMAR: &str = include_str!("../../grammar/structure.pest");

/// The one-character string literals of a one-line rule of
/// `grammar/structure.pest` (`name = { "a" | "b" … }`).
fn rule_chars(rule: &str) -> Vec<char> {
    let line = GRAMMAR
        .lines()
        .map(|l| l.find("//").map_or(l, |k| &l[..k]))
        .find(|l| {
            l.strip_prefix(rule)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .unwrap_or_else(|| panic!("grammar/structure.pest has a rule {rule}"));
    line.split('"')
        .skip(1)
        .step_by(2)
        .filter_map(|w| {
            let mut cs = w.chars();
            let c = cs.next()?;
            cs.next().is_none().then_some(c)
        })
        .collect()
}

fn head_words() -> &'static HeadWords {
    static W: std::sync::OnceLock<HeadWords> = std::sync::OnceLock::new();
    W.get_or_init(|| HeadWords {
        cn_digits: rule_chars("cn_num"),
        l1_seps: rule_chars("l1_sep"),
        l3_seps: rule_chars("l3_sep"),
        opens: rule_chars("open"),
        closes: rule_chars("close"),
    })
}

/// The grammar's `WS`.
fn is_head_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}')
}

/// Reads a line head without pest: `Some(head)` (a head, or none) where
/// the mark starts otherwise than `附` or `第`; `None` leaves the line to
/// the grammar. Step by step what `line_head` does, none of whose choices
/// is taken back (PEG):
/// - `WS*`, then `#` marks (`"#"{1,6}` takes up to six) and `WS*`, then
///   `**` or `__`, then `WS*`;
/// - `mark` by its first character: the alternatives start with different
///   characters (`附` annex, `第` chapter and section, a bracket `l2` then
///   `l4`, `⑴`–`⒇` `l4`, a Chinese numeral `l1`, digits `l3` then `l3d`,
///   `①`–`⑳` `l5`), so only one family can match;
/// - `cn_num` and `ar_num` are greedy and never give back a digit: `ar_num`
///   is one to four ASCII digits, or else one to four full-width ones.
///
/// Tests compare this with the grammar on every line of `fixtures/` and on
/// generated lines made of the marks' pieces.
fn read_head(line: &str, base: usize) -> Option<Option<LineHead>> {
    let w = head_words();
    let at = |i: usize| line[i..].chars().next();
    let skip_ws = |mut i: usize| {
        while let Some(c) = at(i).filter(|c| is_head_ws(*c)) {
            i += c.len_utf8();
        }
        i
    };
    let mut i = skip_ws(0);
    let mut md = None;
    if line[i..].starts_with('#') {
        let n = line[i..].bytes().take(6).take_while(|b| *b == b'#').count();
        md = Some((n as u8, i..i + n));
        i = skip_ws(i + n);
    }
    if line[i..].starts_with("**") || line[i..].starts_with("__") {
        i += 2;
    }
    let start = skip_ws(i);
    let Some(first) = at(start) else {
        return Some(None);
    };
    // A run of Chinese numerals, or of ASCII or full-width digits (at most
    // four), from `i`: its end.
    let cn_run = |mut i: usize| {
        while let Some(c) = at(i).filter(|c| w.cn_digits.contains(c)) {
            i += c.len_utf8();
        }
        i
    };
    let ar_run = |i: usize| {
        let ascii = at(i).is_some_and(|c| c.is_ascii_digit());
        let mut j = i;
        for _ in 0..4 {
            match at(j) {
                Some(c) if ascii && c.is_ascii_digit() => j += 1,
                Some(c @ '０'..='９') if !ascii => j += c.len_utf8(),
                _ => break,
            }
        }
        j
    };
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    // (level, value, end of the mark, numeric body)
    let mark: Option<(Level, u32, usize, bool)> = match first {
        '附' | '第' => return None,
        c if w.opens.contains(&c) => {
            let j = skip_ws(start + c.len_utf8());
            let cn_end = cn_run(j);
            let ar_end = ar_run(j);
            let closed = |k: usize| {
                let k = skip_ws(k);
                at(k)
                    .filter(|c| w.closes.contains(c))
                    .map(|c| k + c.len_utf8())
            };
            if let Some(end) = (cn_end > j).then(|| closed(cn_end)).flatten() {
                // `l2`, with an optional `、`.
                let end = end
                    + if line[end..].starts_with('、') {
                        '、'.len_utf8()
                    } else {
                        0
                    };
                Some((Level::L2, cn_value(&line[j..cn_end])?, end, false))
            } else if let Some(end) = (ar_end > j).then(|| closed(ar_end)).flatten() {
                Some((Level::L4, ar_value(&line[j..ar_end])?, end, false))
            } else {
                None
            }
        }
        c @ '⑴'..='⒇' => Some((
            Level::L4,
            c as u32 - '⑴' as u32 + 1,
            start + c.len_utf8(),
            false,
        )),
        c @ '①'..='⑳' => Some((
            Level::L5,
            c as u32 - '①' as u32 + 1,
            start + c.len_utf8(),
            false,
        )),
        c if w.cn_digits.contains(&c) => {
            let end = cn_run(start);
            at(end).filter(|s| w.l1_seps.contains(s)).and_then(|s| {
                Some((
                    Level::L1,
                    cn_value(&line[start..end])?,
                    end + s.len_utf8(),
                    false,
                ))
            })
        }
        c if is_digit(c) => {
            let end = ar_run(start);
            let value = ar_value(&line[start..end])?;
            match at(end) {
                Some(s) if w.l3_seps.contains(&s) => {
                    let numeric = at(end + s.len_utf8()).is_some_and(is_digit);
                    Some((Level::L3, value, end + s.len_utf8(), numeric))
                }
                Some('\t') => Some((Level::L3, value, end + 1, false)),
                _ => None,
            }
        }
        _ => None,
    };
    let Some((level, value, end, numeric_body)) = mark else {
        return Some(None);
    };
    Some(Some(LineHead {
        md_depth: md.as_ref().map(|(n, _)| *n),
        md_span: md.map(|(_, r)| base + r.start..base + r.end),
        numbering: Numbering {
            level,
            value,
            raw: line[start..end].to_string(),
            span: base + start..base + end,
        },
        text_start: base + end,
        numeric_body,
    }))
}

/// Parses the head of one line with the grammar alone.
fn grammar_head(line: &str, base: usize) -> Option<LineHead> {
    let pairs = StructureParser::parse(Rule::line_head, line).ok()?;
    let head = pairs.into_iter().next()?;
    let mut md_depth = None;
    let mut md_span = None;
    let mut numbering = None;
    let mut numeric_body = false;
    for p in head.into_inner() {
        match p.as_rule() {
            Rule::md_hashes => {
                md_depth = Some(p.as_str().len() as u8);
                md_span = Some(base + p.as_span().start()..base + p.as_span().end());
            }
            Rule::mark => {
                let inner = p.clone().into_inner().next()?;
                let level = match inner.as_rule() {
                    Rule::annex => Level::Annex,
                    Rule::chapter => Level::Chapter,
                    Rule::section => Level::Section,
                    Rule::l1 => Level::L1,
                    Rule::l2 => Level::L2,
                    Rule::l3 | Rule::l3d => Level::L3,
                    Rule::l4 => Level::L4,
                    Rule::l5 => Level::L5,
                    _ => return None,
                };
                numeric_body = inner.as_rule() == Rule::l3d;
                let paren_digit = inner
                    .as_str()
                    .chars()
                    .next()
                    .filter(|c| ('⑴'..='⒇').contains(c));
                let value = if let Some(c) = paren_digit {
                    c as u32 - '⑴' as u32 + 1
                } else if level == Level::L5 {
                    inner
                        .as_str()
                        .chars()
                        .next()
                        .map(|c| c as u32 - '①' as u32 + 1)?
                } else {
                    match inner
                        .clone()
                        .into_inner()
                        .find(|q| matches!(q.as_rule(), Rule::cn_num | Rule::ar_num))
                    {
                        Some(q) if q.as_rule() == Rule::cn_num => cn_value(q.as_str())?,
                        Some(q) => ar_value(q.as_str())?,
                        None => 1,
                    }
                };
                let sp = p.as_span();
                numbering = Some(Numbering {
                    level,
                    value,
                    raw: p.as_str().to_string(),
                    span: base + sp.start()..base + sp.end(),
                });
            }
            _ => {}
        }
    }
    let numbering = numbering?;
    let text_start = numbering.span.end;
    Some(LineHead {
        md_depth,
        md_span,
        numbering,
        text_start,
        numeric_body,
    })
}

/// Value of a Chinese numeral up to the hundreds (一 … 九十九, 一百…).
pub fn cn_value(s: &str) -> Option<u32> {
    fn digit(c: char) -> Option<u32> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    }
    let mut total = 0u32;
    let mut cur = 0u32;
    let mut any = false;
    for c in s.chars() {
        match c {
            '十' => {
                total += if cur == 0 && !any {
                    10
                } else {
                    cur.max(1) * 10
                };
                cur = 0;
            }
            '百' => {
                total += cur.max(1) * 100;
                cur = 0;
            }
            _ => cur = digit(c)?,
        }
        any = true;
    }
    Some(total + cur)
}

/// Value of ASCII or full-width digits.
pub fn ar_value(s: &str) -> Option<u32> {
    let mut v = 0u32;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => return None,
        };
        v = v.checked_mul(10)?.checked_add(d)?;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(s: &str) -> Option<(Level, u32, String, Option<u8>)> {
        parse_line_head(s, 0).map(|h| {
            (
                h.numbering.level,
                h.numbering.value,
                h.numbering.raw,
                h.md_depth,
            )
        })
    }

    #[test]
    fn recognises_every_level() {
        assert_eq!(
            head("一、实现目标"),
            Some((Level::L1, 1, "一、".into(), None))
        );
        assert_eq!(
            head("### 十二、主要任务").map(|h| (h.0, h.1, h.3)),
            Some((Level::L1, 12, Some(3)))
        );
        assert_eq!(
            head("## **六、聚焦改革**").map(|h| (h.0, h.1)),
            Some((Level::L1, 6))
        );
        assert_eq!(
            head("（二）优势产业").map(|h| (h.0, h.1)),
            Some((Level::L2, 2))
        );
        assert_eq!(
            head("(三)产业生态").map(|h| (h.0, h.1)),
            Some((Level::L2, 3))
        );
        assert_eq!(
            head("12.支持企业").map(|h| (h.0, h.1)),
            Some((Level::L3, 12))
        );
        assert_eq!(
            head("12．支持企业").map(|h| (h.0, h.1)),
            Some((Level::L3, 12))
        );
        assert_eq!(
            head("3、支持企业").map(|h| (h.0, h.1)),
            Some((Level::L3, 3))
        );
        assert_eq!(head("（4）细化").map(|h| (h.0, h.1)), Some((Level::L4, 4)));
        assert_eq!(head("③细化").map(|h| (h.0, h.1)), Some((Level::L5, 3)));
        assert_eq!(
            head("第十一章 发展").map(|h| (h.0, h.1)),
            Some((Level::Chapter, 11))
        );
        assert_eq!(
            head("第三节 远景目标").map(|h| (h.0, h.1)),
            Some((Level::Section, 3))
        );
        assert_eq!(
            head("## 附件 1").map(|h| (h.0, h.1)),
            Some((Level::Annex, 1))
        );
    }

    #[test]
    fn rejects_non_heads() {
        // A mark before digits is kept for the parser to decide by the
        // sequence (`7.365项…` is item 7 after item 6; `2.89 4.3` is not).
        assert!(parse_line_head("2.89 4.3 4.5", 0).is_some_and(|h| h.numeric_body));
        assert!(parse_line_head("7.推进", 0).is_some_and(|h| !h.numeric_body));
        assert_eq!(head("2021年工作"), None);
        assert_eq!(head("一是加强"), None);
        assert_eq!(head("附件：健康长清行动主要指标"), None);
        assert_eq!(head("12345市民服务热线"), None);
        assert_eq!(head("地区生产总值"), None);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_value("十"), Some(10));
        assert_eq!(cn_value("十三"), Some(13));
        assert_eq!(cn_value("二十"), Some(20));
        assert_eq!(cn_value("二十七"), Some(27));
        assert_eq!(cn_value("一百零五"), Some(105));
    }
}

#[cfg(test)]
mod variant_tests {
    use super::*;

    #[test]
    fn numbering_variants() {
        let h = |s: &str| parse_line_head(s, 0).map(|h| (h.numbering.level, h.numbering.value));
        assert_eq!(h("1\t推进项目建设"), Some((Level::L3, 1)));
        assert_eq!(h("4﹒加强生态保护"), Some((Level::L3, 4)));
        assert_eq!(h("⑶完善设施"), Some((Level::L4, 3)));
        assert_eq!(h("⒇完善设施"), Some((Level::L4, 20)));
        assert_eq!(h("1 推进"), None);
    }
}

#[cfg(test)]
mod hand_reader_tests {
    use super::*;
    use proptest::prelude::*;

    /// What the hand reader gives (the grammar where it defers).
    fn hand(line: &str) -> Option<LineHead> {
        read_head(line, 5).unwrap_or_else(|| grammar_head(line, 5))
    }

    /// The common marks are read by hand, the rest by the grammar.
    #[test]
    fn common_marks_are_read_by_hand() {
        for s in [
            "一、实现目标",
            "（一）优势产业",
            "(三)产业生态",
            "12.支持企业",
            "3、支持企业",
            "1\t推进",
            "（4）细化",
            "⑶完善设施",
            "③细化",
            "## **六、聚焦改革**",
            "2.89 4.3 4.5",
            "一是加强",
            "2021年工作",
        ] {
            assert!(read_head(s, 0).is_some(), "{s}");
            assert_eq!(hand(s), grammar_head(s, 5), "{s}");
        }
        for s in ["附件1", "第三节 远景目标", "## 附件 1", "第十一章 发展"] {
            assert!(read_head(s, 0).is_none(), "{s}");
        }
    }

    /// The hand reader and the grammar agree on every line of the
    /// fixtures' documents (as written and without leading space), and the
    /// hand reader decides most of the lines that may start a head.
    #[test]
    fn hand_reader_matches_grammar_on_fixtures() {
        let (mut heads, mut by_hand, mut candidates) = (0, 0, 0);
        for (p, text) in crate::parse::fixture_texts() {
            for line in text.lines() {
                for l in [line, line.trim_start()] {
                    let want = grammar_head(l, 5);
                    assert_eq!(hand(l), want, "{}: {l}", p.display());
                    heads += usize::from(want.is_some());
                    if may_start_head(l) {
                        candidates += 1;
                        by_hand += usize::from(read_head(l, 5).is_some());
                    }
                }
            }
        }
        assert!(heads > 1000, "{heads}");
        assert!(by_hand * 10 >= candidates * 9, "{by_hand} of {candidates}");
    }

    /// Pieces of marks and what may stand around them.
    const PIECES: &[&str] = &[
        " ", "\t", "\u{3000}", "\u{a0}", "#", "##", "###", "**", "__", "*", "_", "一", "二", "十",
        "百", "零", "〇", "两", "1", "2", "0", "12", "12345", "１", "２", "、", "．", ".", "，",
        ",", "﹒", "（", "(", "）", ")", "⑴", "⒇", "⑶", "①", "⑳", "③", "附件", "附", "第", "章",
        "节", "：", ":", "说明", "推进", "年", "a", "é", "𠀀",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        /// Lines made of the pieces of marks read the same by hand and by
        /// the grammar.
        #[test]
        fn hand_reader_matches_grammar_near_the_shape(
            picks in proptest::collection::vec(0usize..PIECES.len(), 0..9)
        ) {
            let s: String = picks.iter().map(|&k| PIECES[k]).collect();
            prop_assert_eq!(hand(&s), grammar_head(&s, 5), "{:?}", s);
        }
    }
}
