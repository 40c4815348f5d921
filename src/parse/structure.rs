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
pub fn parse_line_head(line: &str, base: usize) -> Option<LineHead> {
    if !may_start_head(line) {
        return None;
    }
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
