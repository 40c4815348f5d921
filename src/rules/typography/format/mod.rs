//! Document format rules (F): GB/T 9704-2012 《党政机关公文格式》.

/// One rule; its explanation is the doc comment of the struct inside.
pub mod attachment_heading_mismatch;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod malformed_attachment_list;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod malformed_document_number;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod malformed_heading_mark;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod title_year_mismatch;

use crate::chars::re::Regex;

use crate::model::Span;
use crate::parse::structure::ar_value;
use crate::rules::typography::text::lines;

/// One attachment named in an 附件说明 (`附件：1.××××`).
#[derive(Debug, Clone)]
pub struct AttachmentItem {
    /// Its number, when numbered.
    pub number: Option<u32>,
    /// The numbering mark (`1.`, `1、`, `（1）`), when numbered.
    pub mark: Option<Span>,
    /// The separator after the number (`.`, `、`, `．`), or `）` for `（1）`.
    pub sep: Option<char>,
    /// The attachment's name, trimmed of white space.
    pub name: Span,
}

/// An 附件说明 block: the `附件：` line and the numbered lines under it.
#[derive(Debug, Clone)]
pub struct AttachmentList {
    /// The `附件：` label.
    pub label: Span,
    /// The items in order.
    pub items: Vec<AttachmentItem>,
}

/// Where the `附件：` label at the start of `s` ends:
/// `^[ \t\u{3000}#>*]*附[ \t\u{3000}]*件[ \t\u{3000}*]*[：:][ \t\u{3000}*]*` (each run
/// stops at a character it cannot hold, so reading greedily is the regex).
fn label_end(s: &str) -> Option<usize> {
    let space = |c: char| matches!(c, ' ' | '\t' | '\u{3000}');
    let r = s.trim_start_matches(|c| space(c) || matches!(c, '#' | '>' | '*'));
    let r = r.strip_prefix('附')?.trim_start_matches(space);
    let r = r
        .strip_prefix('件')?
        .trim_start_matches(|c| space(c) || c == '*');
    let r = r
        .strip_prefix(['：', ':'])?
        .trim_start_matches(|c| space(c) || c == '*');
    Some(s.len() - r.len())
}

fn item_re() -> &'static Regex {
    crate::static_regex!(
        r"^[ \t\u{3000}]*(?:([0-9０-９]{1,2})[ \t]*([.．、])|[（(][ \t]*([0-9０-９]{1,2})[ \t]*([）)]))[ \t\u{3000}]*"
    )
}

fn parse_item(text: &str, line: Span) -> Option<AttachmentItem> {
    let s = &text[line.clone()];
    let c = item_re().captures(s)?;
    let (num, sep) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
        (Some(n), Some(sep), _, _) => (n, sep),
        (_, _, Some(n), Some(sep)) => (n, sep),
        _ => return None,
    };
    let all = c.get(0)?;
    let name = trim_span(text, line.start + all.end()..line.end);
    if name.is_empty() {
        return None;
    }
    let mark_start = line.start + s[..all.end()].len()
        - s[..all.end()]
            .trim_start_matches([' ', '\t', '\u{3000}'])
            .len();
    Some(AttachmentItem {
        number: ar_value(num.as_str()),
        mark: Some(mark_start..line.start + sep.end()),
        sep: sep.as_str().chars().next(),
        name,
    })
}

/// A span without surrounding blanks and Markdown emphasis.
pub fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span.clone()];
    let pat = [' ', '\t', '\u{3000}', '*', '_'];
    let lead = s.len() - s.trim_start_matches(pat).len();
    let trail = s.len() - s.trim_end_matches(pat).len();
    if lead + trail >= s.len() {
        return span.start..span.start;
    }
    span.start + lead..span.end - trail
}

/// Every 附件说明 block of a text, in order.
pub fn attachment_lists(text: &str) -> Vec<AttachmentList> {
    // Most documents have no 附件说明: look for the character first.
    if memchr::memmem::find(text.as_bytes(), "附".as_bytes()).is_none() {
        return Vec::new();
    }
    let all: Vec<Span> = lines(text).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let line = all[i].clone();
        let s = &text[line.clone()];
        let head = &s[..crate::load::floor_char_boundary(s, 24)];
        let Some(end) = head.contains('附').then(|| label_end(s)).flatten() else {
            i += 1;
            continue;
        };
        let label = trim_span(text, line.start..line.start + end);
        let rest = line.start + end..line.end;
        let mut items = Vec::new();
        if !text[rest.clone()].trim().is_empty() {
            let first = parse_item(text, rest.clone()).unwrap_or_else(|| AttachmentItem {
                number: None,
                mark: None,
                sep: None,
                name: trim_span(text, rest.clone()),
            });
            items.push(first);
        }
        // Numbered lines below it (blank lines allowed between them).
        let mut j = i + 1;
        while j < all.len() {
            let l = all[j].clone();
            if text[l.clone()].trim().is_empty() {
                j += 1;
                continue;
            }
            match parse_item(text, l) {
                Some(it) if it.number == Some(items.len() as u32 + 1) => {
                    items.push(it);
                    j += 1;
                }
                _ => break,
            }
        }
        if !items.is_empty() {
            out.push(AttachmentList { label, items });
        }
        i = j.max(i + 1);
    }
    out
}

/// Text for comparing names: no blanks, Markdown emphasis or final punctuation;
/// brackets of either width alike.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\u{3000}' | '*' | '_' | '#'))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            _ => c,
        })
        .collect::<String>()
        .trim_end_matches(['。', '；', ';', '，', ',', '、', '.', '：', ':'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lists() {
        let t = "正文。\n\n附件：1.甲方案\n      2.乙清单。\n\n济南市人民政府\n";
        let l = attachment_lists(t);
        assert_eq!(l.len(), 1);
        let names: Vec<&str> = l[0].items.iter().map(|i| &t[i.name.clone()]).collect();
        assert_eq!(names, ["甲方案", "乙清单。"]);
        assert_eq!(l[0].items[1].number, Some(2));
        let t = "附件：健康长清行动主要指标\n\n济南市长清区人民政府\n";
        let l = attachment_lists(t);
        assert_eq!(l[0].items.len(), 1);
        assert_eq!(l[0].items[0].number, None);
    }
}

#[cfg(test)]
mod label_tests {
    use proptest::prelude::*;

    proptest! {
        /// `label_end` is the regex it replaced.
        #[test]
        fn label_end_is_the_regex(parts in proptest::collection::vec(prop_oneof![
            Just("附"), Just("件"), Just("："), Just(":"), Just(" "), Just("\t"), Just("\u{3000}"),
            Just("#"), Just(">"), Just("*"), Just("表"), Just("1"),
        ], 0..9)) {
            let s: String = parts.concat();
            let re = regex::Regex::new(
                r"^[ \t\u{3000}#>*]*附[ \t\u{3000}]*件[ \t\u{3000}*]*[：:][ \t\u{3000}*]*",
            ).unwrap();
            prop_assert_eq!(super::label_end(&s), re.find(&s).map(|m| m.end()), "{:?}", s);
        }
    }
}
