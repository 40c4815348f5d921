//! Page furniture: text a web page or a newspaper layout wrapped around the
//! document, carried along when the text was copied.
//!
//! A published report copied from a government site starts with the page's
//! toolbar (`下载` `打印` `全屏` `收藏` `【字号：加大 还原 减小】`), a breadcrumb
//! (`首页 > 政府信息公开 > …`) and ends with `相关报道：`, `打印本页`,
//! `关闭窗口`, `【返回顶部】`; a newspaper scan keeps its continuation marks
//! (`（下转第四版）（紧接第一版）`). None of it is the document's text.
//!
//! [`find`] recognises furniture line by line, in one pass: a line is
//! furniture when every token on it is a page-control word. Words that only a
//! page would print on a line of their own (`打印本页`, `关闭窗口`, `返回顶部`,
//! `分享到`, the font-size control, a breadcrumb) are *strong*; short words
//! that a document could also use (`下载`, `打印`, `收藏`, `首页`, `加大`) are
//! *weak*. Adjacent furniture lines (blank lines between them allowed) form a
//! block, and a block counts only if it holds a strong line or at least
//! [`MIN_WEAK`] weak ones, so a document's own one-word line never does.
//! A list heading such as `相关报道：` counts only when nothing but furniture
//! follows it. Continuation marks count wherever they stand.
//!
//! Typography rules skip furniture (through [`super::text::Scan`]), and R003
//! reports it once per document with a safe fix that removes it.

use crate::model::Span;

/// Weak lines needed to make a block of weak lines furniture.
pub const MIN_WEAK: usize = 3;

/// One piece of furniture: what to show and what to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The furniture's characters (first to last non-blank character).
    pub shown: Span,
    /// The bytes a fix deletes: whole lines with their terminators, or an
    /// in-line mark with the blanks it leaves behind.
    pub delete: Span,
}

/// Words a page prints on a line of its own and a document never does.
const STRONG: &[&str] = &[
    "打印本页",
    "打印此页",
    "打印文章",
    "打印正文",
    "关闭窗口",
    "关闭本页",
    "关闭此页",
    "返回顶部",
    "回到顶部",
    "返回首页",
    "分享到",
    "加入收藏",
    "收藏本页",
    "扫一扫在手机打开当前页",
    "在手机上打开当前页",
    "手机扫一扫",
];

/// Page-control words a document could also use alone on a line.
const WEAK: &[&str] = &[
    "下载", "打印", "全屏", "收藏", "分享", "关闭", "首页", "返回", "纠错", "评论", "点赞", "加大",
    "还原", "减小", "放大", "缩小", "默认", "大", "中", "小",
];

/// Headings of a page's list of related links (furniture only at the end).
const TAIL: &[&str] = &[
    "相关报道",
    "相关链接",
    "相关新闻",
    "相关阅读",
    "相关文章",
    "延伸阅读",
    "相关稿件",
];

/// Font-size words inside `【字号：…】`.
const SIZES: &[&str] = &[
    "加大", "还原", "减小", "放大", "缩小", "默认", "大", "中", "小",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Not furniture.
    Text,
    /// Blank line (joins furniture lines into a block).
    Blank,
    /// A weak page-control line.
    Weak,
    /// A strong page-control line.
    Strong,
    /// A breadcrumb separator alone on a line (`>`).
    Crumb,
    /// A related-links heading: furniture when only furniture follows.
    Tail,
}

fn is_blank(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\u{200b}' | '\u{feff}'
    )
}

/// Lines longer than this (in bytes, trimmed) are never furniture.
const MAX_LINE: usize = 90;

/// Classifies one trimmed line.
fn classify(t: &str, after_crumb: bool) -> Kind {
    if t.is_empty() {
        return Kind::Blank;
    }
    if t.len() > MAX_LINE {
        return Kind::Text;
    }
    if matches!(t, ">" | ">>" | "»" | "›" | "＞" | "〉") {
        return Kind::Crumb;
    }
    if font_size_control(t) {
        return Kind::Strong;
    }
    // The closing bracket of a control split over lines (`【字号：` ⏎ … ⏎ `】`).
    if matches!(t, "】" | "]" | "］") {
        return Kind::Weak;
    }
    if breadcrumb(t) {
        return Kind::Strong;
    }
    if continuation_marks(t)
        .first()
        .is_some_and(|m| m.start == 0 && m.end == t.len())
    {
        return Kind::Strong;
    }
    let bare = t.trim_end_matches([':', '：']);
    if TAIL.contains(&bare) {
        return Kind::Tail;
    }
    if let Some(k) = toolbar(t) {
        return k;
    }
    // A breadcrumb's label: a short line right after a separator.
    if after_crumb && t.chars().count() <= 16 && !t.chars().any(|c| "，。；：、！？“”".contains(c))
    {
        return Kind::Weak;
    }
    Kind::Text
}

/// `【字号：加大 还原 减小】`, `字号：大 中 小`, or its pieces on their own lines
/// (`【字号：`, `】`).
fn font_size_control(t: &str) -> bool {
    let s = t.trim_start_matches(['【', '[', '［']);
    let Some(rest) = s.strip_prefix("字号") else {
        return false;
    };
    let rest = rest.trim_start_matches([':', '：']);
    let rest = rest.trim_end_matches(['】', ']', '］']);
    rest.split(|c: char| is_blank(c) || matches!(c, '|' | '｜' | '/' | '·'))
        .filter(|w| !w.is_empty())
        .all(|w| SIZES.contains(&w))
}

/// `首页 > 政府信息公开 > 政府工作报告`, `当前位置：首页 » 新闻`.
fn breadcrumb(t: &str) -> bool {
    let s = t
        .strip_prefix("当前位置")
        .map(|r| {
            r.trim_start_matches([':', '：'])
                .trim_start_matches(is_blank)
        })
        .unwrap_or(t);
    let Some(rest) = s.strip_prefix("首页") else {
        return false;
    };
    let parts: Vec<&str> = rest
        .split(['>', '»', '›', '＞'])
        .map(|p| p.trim_matches(is_blank))
        .collect();
    parts.len() >= 2
        && parts[0].is_empty()
        && parts[1..]
            .iter()
            .all(|p| !p.is_empty() && p.chars().count() <= 20)
}

/// A line of toolbar words (`打印本页 关闭窗口`, `【打印】【关闭】`, `分享:`).
fn toolbar(t: &str) -> Option<Kind> {
    let mut strong = false;
    let mut any = false;
    let mut rest = t;
    while !rest.is_empty() {
        rest = rest.trim_start_matches(|c: char| is_blank(c) || matches!(c, '|' | '｜' | '/'));
        if rest.is_empty() {
            break;
        }
        let (word, bracketed, after) = if let Some(r) = rest.strip_prefix(['【', '[', '［']) {
            let end = r.find(['】', ']', '］'])?;
            let close = r[end..].chars().next().map_or(1, char::len_utf8);
            (&r[..end], true, &r[end + close..])
        } else {
            let end = rest
                .find(|c: char| is_blank(c) || matches!(c, '|' | '｜' | '/' | '【' | '[' | '［'))
                .unwrap_or(rest.len());
            (&rest[..end], false, &rest[end..])
        };
        let colon = word.ends_with([':', '：']);
        let w = word.trim_end_matches([':', '：']).trim_matches(is_blank);
        if STRONG.contains(&w) {
            strong = true;
        } else if WEAK.contains(&w) {
            // `【打印】` or `分享:` is a control, not a word of the text.
            strong |= bracketed || colon;
        } else {
            return None;
        }
        any = true;
        rest = after;
    }
    any.then_some(if strong { Kind::Strong } else { Kind::Weak })
}

/// Newspaper continuation marks in a line: `（下转第四版）`, `（紧接第一版）`,
/// `（上接第2版）`, `（转第5页）`, as byte ranges of the line.
pub fn continuation_marks(line: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(k) = line[at..].find(['（', '(']) {
        let open = at + k;
        let inner_start = open + line[open..].chars().next().map_or(1, char::len_utf8);
        at = inner_start;
        let Some(close_k) = line[inner_start..].find(['）', ')']) else {
            break;
        };
        let inner = line[inner_start..inner_start + close_k].trim_matches(is_blank);
        let close_end = inner_start
            + close_k
            + line[inner_start + close_k..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        if is_continuation(inner) {
            out.push(open..close_end);
            at = close_end;
        }
    }
    out
}

/// `下转第四版`, `紧接第一版`, `上接2版`, `转第5页`, `接第A3版`.
fn is_continuation(s: &str) -> bool {
    let Some(rest) = ["下转", "上接", "紧接", "转", "接", "续"]
        .iter()
        .find_map(|p| s.strip_prefix(p))
    else {
        return false;
    };
    let rest = rest.strip_prefix('第').unwrap_or(rest);
    let Some(num) = rest
        .strip_suffix('版')
        .or_else(|| rest.strip_suffix('页'))
        .or_else(|| rest.strip_suffix("版面"))
    else {
        return false;
    };
    let n = num.trim_start_matches(['A', 'B', 'C', 'D']);
    !n.is_empty()
        && n.chars().count() <= 4
        && n.chars()
            .all(|c| c.is_ascii_digit() || "一二三四五六七八九十〇零".contains(c))
}

/// Furniture of a text, in source order.
pub fn find(text: &str) -> Vec<Piece> {
    struct Line {
        kind: Kind,
        /// Content without blanks at either end.
        shown: Span,
        /// The whole line with its terminator.
        full: Span,
    }
    let mut lines: Vec<Line> = Vec::new();
    let mut start = 0;
    let mut after_crumb = false;
    let mut inline: Vec<Piece> = Vec::new();
    for l in crate::chars::split_lines(text) {
        let full = start..start + l.len();
        let content = l.trim_end_matches(['\n', '\r']);
        let lead = content.len() - content.trim_start_matches(is_blank).len();
        let t = content.trim_matches(is_blank);
        let shown = start + lead..start + lead + t.len();
        let kind = classify(t, after_crumb);
        match kind {
            Kind::Crumb => after_crumb = true,
            Kind::Blank => {}
            _ => after_crumb = false,
        }
        if kind == Kind::Text && (t.contains('版') || t.contains('页')) {
            let mut covered = 0;
            for m in continuation_marks(content) {
                if m.start < covered {
                    continue;
                }
                let piece = inline_piece(content, start, m);
                covered = piece.shown.end - start;
                inline.push(piece);
            }
        }
        lines.push(Line { kind, shown, full });
        start += l.len();
    }
    // Group lines into blocks and keep the blocks that are furniture.
    let mut out: Vec<Piece> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if matches!(lines[i].kind, Kind::Text | Kind::Blank) {
            i += 1;
            continue;
        }
        let first = i;
        let mut last = i;
        let mut j = i;
        while j < lines.len() && lines[j].kind != Kind::Text {
            if lines[j].kind != Kind::Blank {
                last = j;
            }
            j += 1;
        }
        let block = &lines[first..=last];
        let at_end = lines[j.min(lines.len())..]
            .iter()
            .all(|l| l.kind == Kind::Blank);
        let strong = block
            .iter()
            .any(|l| l.kind == Kind::Strong || (l.kind == Kind::Tail && at_end));
        let weak = block
            .iter()
            .filter(|l| matches!(l.kind, Kind::Weak | Kind::Crumb))
            .count();
        if strong || weak >= MIN_WEAK {
            out.push(Piece {
                shown: block[0].shown.start..block[block.len() - 1].shown.end,
                delete: block[0].full.start..block[block.len() - 1].full.end,
            });
        }
        i = j;
    }
    out.extend(inline);
    out.sort_by_key(|p| p.delete.start);
    out
}

/// A run of adjacent continuation marks in a line starting at `base`, with
/// the blanks that joined it to the text.
fn inline_piece(line: &str, base: usize, m: Span) -> Piece {
    // Extend over following marks separated by blanks only.
    let mut end = m.end;
    loop {
        let rest = &line[end..];
        let skip = rest.len() - rest.trim_start_matches(is_blank).len();
        match continuation_marks(&line[end + skip..]).first() {
            Some(n) if n.start == 0 => end = end + skip + n.end,
            _ => break,
        }
    }
    let shown = base + m.start..base + end;
    let after = &line[end..];
    let trail = after.len() - after.trim_start_matches(is_blank).len();
    let delete = if end + trail < line.len() {
        // Text follows: take the blanks after the marks.
        base + m.start..base + end + trail
    } else {
        // The marks end the line: take the blanks before them.
        let before = &line[..m.start];
        let lead = before.len() - before.trim_end_matches(is_blank).len();
        base + m.start - lead..base + end + trail
    };
    Piece { shown, delete }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<&str> {
        find(text).iter().map(|p| &text[p.shown.clone()]).collect()
    }

    #[test]
    fn toolbar_and_font_size_control_are_one_block() {
        let t = "下载\n打印\n收藏\n【字号：\n加大\n还原\n减小\n】\n标题\n正文。\n";
        assert_eq!(
            shown(t),
            ["下载\n打印\n收藏\n【字号：\n加大\n还原\n减小\n】"]
        );
        let p = &find(t)[0];
        assert_eq!(
            &t[p.delete.clone()],
            "下载\n打印\n收藏\n【字号：\n加大\n还原\n减小\n】\n"
        );
    }

    #[test]
    fn weak_words_alone_are_text() {
        assert!(find("正文。\n下载\n正文。\n大\n中\n").is_empty());
        assert!(find("首页\n").is_empty());
    }

    #[test]
    fn tail_heading_only_at_the_end() {
        assert_eq!(shown("正文。\n相关报道：\n"), ["相关报道："]);
        assert!(find("相关报道：\n正文。\n").is_empty());
    }

    #[test]
    fn breadcrumbs() {
        assert_eq!(
            shown("首页 > 信息公开 > 报告\n正文。"),
            ["首页 > 信息公开 > 报告"]
        );
        let t = "首页\n>\n政府信息公开\n>\n报告\n正文，正文。\n";
        assert_eq!(shown(t), ["首页\n>\n政府信息公开\n>\n报告"]);
    }

    #[test]
    fn continuation_marks_in_a_line() {
        let t = "指南。（下转第四版）（紧接第一版） 我们坚持。\n";
        let p = find(t);
        assert_eq!(&t[p[0].shown.clone()], "（下转第四版）（紧接第一版）");
        assert_eq!(&t[p[0].delete.clone()], "（下转第四版）（紧接第一版） ");
        assert!(find("（转发第四批名单）（第一版）\n").is_empty());
    }
}
