use crate::chars::re::Regex;

use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic, Edit};
use crate::load::Format;
use crate::model::Document;
use crate::rules::typography::text::{excerpt, Scan};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 格式转换留下的残迹：Word 书签“[bookmark: _GoBack]”、域代码、网页工具栏和转版标记，.txt 里的 HTML 标签和 Markdown 标记。
    ///
    /// 具体包括：`[bookmark: …]`、`{ PAGE }` 一类域代码；从网页或报纸版面复制时带进来的
    /// 版面文字（“下载 打印 收藏 【字号：加大 还原 减小】”、“首页 > 政府信息公开 > …”、
    /// “打印本页”“关闭窗口”“【返回顶部】”、文末的“相关报道：”、报纸的“（下转第四版）
    /// （紧接第一版）”），整份文件只报告一次，标出每一处；.txt 文件里的 HTML 标签和字符实体
    /// （`<br>`、`&nbsp;`）、Markdown 加粗（`**加粗**`）、行首 `#` 标题标记和链接。
    ///
    /// 单独一行的“下载”“打印”“首页”这类词，只有和别的版面文字连在一起（至少三行，
    /// 或者有“打印本页”“【字号：…】”这样只在网页上出现的控件）才算版面残留。
    /// 版面残留不参与其他格式规范规则的检查（“【字号：”不会被当成不配对的括号）。
    ///
    /// ## 为什么
    /// 这些字符来自 Word、网页或排版工具的转换，不属于公文内容。印发或上网公开的
    /// 文本里出现“[bookmark: _GoBack]”，说明稿件没有经过最后的核对。
    ///
    /// .md 文件里的 Markdown 和 HTML 是正当的标记，不报告。
    ///
    /// ## 示例
    /// ```text
    /// [bookmark: _GoBack]——惟有勤政为民，才能汇聚力量。<br>**高质量的发展**是以人民为中心的发展。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// ——惟有勤政为民，才能汇聚力量。高质量的发展是以人民为中心的发展。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 删去书签、域代码、版面残留（整行删去；行内的转版标记连同它留下的空格）和
    /// Markdown 标记是安全修复（它们不是文字内容）；HTML 标签和
    /// 字符实体可能承载了换行、空格，删除标为不安全。
    pub struct ConversionLeftover {
        name: "conversion-leftover",
        category: Style,
        fix: Always,
        message: ["转换残留的 {…}“{…}”", "纯文本里有 {…}“{…}”", "纯文本里有 Markdown 加粗标记“{…}”", "纯文本里有 Markdown 标题标记“{…}”", "纯文本里有 Markdown 链接", "网页或报纸版面的残留文字“{…}”", "网页或报纸版面的残留文字“{…}”等 {…} 处"],
        message_en: ["conversion leftover {…} “{…}”", "plain text holds an {…} “{…}”", "plain text holds Markdown bold marks “{…}”", "plain text holds a Markdown heading mark “{…}”", "plain text holds a Markdown link", "web page or newspaper layout leftover “{…}”", "web page or newspaper layout leftover “{…}” and {…} more"],
        fix_title: ["删去 {…}", "删去版面残留文字", "删去 Markdown 标记", "删去标题标记", "改为“{…}”"],
        fix_title_en: ["remove the {…}", "remove the layout leftovers", "remove the Markdown marks", "remove the heading mark", "change to “{…}”"],
        explain_en: "Leftovers of a format conversion: Word bookmarks and field codes, web page toolbars and layout text, HTML tags and Markdown marks in a .txt file. They are not part of the document and disturb reading, search and comparison.",
    }
}

fn everywhere_re() -> &'static Regex {
    crate::static_regex!(concat!(
        r"\[bookmark:[^\]\n]*\]",
        r"|\{[ \t]*(?:PAGE|NUMPAGES|HYPERLINK|TOC|MERGEFIELD|REF|SEQ)(?-u:\b)[^}\n]*\}",
    ))
}

fn txt_re() -> &'static Regex {
    crate::static_regex!(concat!(
        // 1: HTML tags with known names; 2: character entities.
        r"(?i)(</?(?:br|p|div|span|font|b|i|u|strong|em|table|tr|td|th|tbody|thead|img|a|sup|sub|hr|li|ul|ol|h[1-6]|o:p|center|pre|code|blockquote)(?-u:\b)[^<>\n]*/?>)",
        r"|(&(?:nbsp|ensp|emsp|lt|gt|amp|quot|apos|ldquo|rdquo|mdash|hellip|#[0-9]{2,6}|#x[0-9a-f]{2,5});)",
        // 3: bold/italic markers around text; 4: a heading mark at the line start.
        r"|(?-i:(\*\*|__)[^*_\n]+?(?:\*\*|__))",
        r"|(?m:^([ \t]*#{1,6}[ \t]+))",
        // 5: Markdown links.
        r"|(\[[^\]\n]+\]\((?:https?://|www\.)[^)\s]*\))",
    ))
}

impl Rule for ConversionLeftover {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let src = cx.source(doc);
        let text = src.text.as_str();
        let file = doc.file;
        let scan = Scan::of(cx, src);
        furniture(meta, &scan, file, out);
        // Every match starts with `[` or `{`.
        let candidate = memchr::memchr2(b'[', b'{', text.as_bytes()).is_some();
        for m in candidate
            .then(|| everywhere_re().find_iter(text))
            .into_iter()
            .flatten()
        {
            let what = if m.as_str().starts_with('[') {
                crate::i18n::pick("Word 书签", "Word bookmark")
            } else {
                crate::i18n::pick("Word 域代码", "Word field code")
            };
            out.push(
                Diagnostic::new(
                    meta,
                    file,
                    m.range(),
                    crate::tr!(
                        "转换残留的 {what}“{}”",
                        "conversion leftover {what} “{}”",
                        m.as_str()
                    ),
                )
                .with_label(crate::tr!("{what}，不是正文", "{what}, not body text"))
                .with_help(crate::tr!("删去", "remove it"))
                .with_fix(
                    Applicability::Safe,
                    crate::tr!("删去 {what}", "remove the {what}"),
                    "",
                ),
            );
        }
        if src.format != Format::Txt {
            return;
        }
        let b = text.as_bytes();
        let starts = scan.marks().offsets().filter(|&i| is_candidate_byte(b[i]));
        for (base, line) in candidate_lines_from(text, starts) {
            for c in txt_re().captures_iter(line) {
                check_txt(meta, file, base, &c, out);
            }
        }
    }
}

/// Page furniture (web-page toolbars and breadcrumbs, newspaper
/// continuation marks): one finding per document, every piece labelled, one
/// safe fix that removes them all.
fn furniture(meta: &RuleMeta, scan: &Scan, file: usize, out: &mut Vec<Diagnostic>) {
    let pieces = scan.furniture();
    let Some(first) = pieces.first() else { return };
    let text = scan.text;
    let what = |s: &str| excerpt(&s.split_whitespace().collect::<Vec<_>>().join(" "), 16);
    let message = if pieces.len() == 1 {
        crate::tr!(
            "网页或报纸版面的残留文字“{}”",
            "web page or newspaper layout leftover “{}”",
            what(&text[first.shown.clone()])
        )
    } else {
        crate::tr!(
            "网页或报纸版面的残留文字“{}”等 {} 处",
            "web page or newspaper layout leftover “{}” and {} more",
            what(&text[first.shown.clone()]),
            pieces.len()
        )
    };
    let mut d = Diagnostic::new(meta, file, first.shown.clone(), message)
        .with_label(crate::tr!("网页或版面上的文字，不是公文内容", "text of a web page or newspaper layout, not of the document"))
        .with_note(crate::tr!("复制网页或报纸版面时带进来的工具栏、导航、转版标记；全文其余部分照常检查", "toolbars, navigation and page-jump marks copied along from a web page or newspaper layout; the rest of the text is checked as usual"))
        .with_help(crate::tr!("删去", "remove it"));
    for p in &pieces[1..] {
        d = d.with_secondary(
            file,
            p.shown.clone(),
            crate::tr!("同样是版面残留", "also layout leftover"),
        );
    }
    let edits = pieces
        .iter()
        .map(|p| Edit {
            file,
            span: p.delete.clone(),
            replacement: Default::default(),
        })
        .collect();
    out.push(d.with_edits(
        Applicability::Safe,
        crate::tr!("删去版面残留文字", "remove the layout leftovers"),
        edits,
    ));
}

/// The lines (with their start offsets) that can hold a `txt_re` match:
/// every match lies within one line and holds `<`, `&`, `*`, `_`, `[` or
/// `#`, so the regex only runs on lines holding one of these bytes.
#[cfg(test)]
fn candidate_lines(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let b = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= b.len() {
            return None;
        }
        let k = b[at..].iter().position(|&x| is_candidate_byte(x))?;
        let c = at + k;
        let start = memchr::memrchr(b'\n', &b[..c]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &b[c..]).map_or(b.len(), |i| c + i);
        at = end + 1;
        Some((start, &text[start..end]))
    })
}

/// A byte every match of the plain-text leftovers starts with.
fn is_candidate_byte(x: u8) -> bool {
    matches!(x, b'<' | b'&' | b'*' | b'_' | b'[' | b'#')
}

/// [`candidate_lines`] given the offsets of the candidate bytes, in order
/// (the rule reads them from the text's marks: all are ASCII marks).
fn candidate_lines_from<'t>(
    text: &'t str,
    starts: impl Iterator<Item = usize> + 't,
) -> impl Iterator<Item = (usize, &'t str)> + 't {
    crate::rules::typography::text::lines_at(text, starts).map(|l| (l.start, &text[l]))
}

/// One `txt_re` match in a line starting at byte `base`.
fn check_txt(
    meta: &RuleMeta,
    file: usize,
    base: usize,
    c: &crate::chars::re::Captures,
    out: &mut Vec<Diagnostic>,
) {
    let shift = |r: std::ops::Range<usize>| base + r.start..base + r.end;
    let Some(all) = c.get(0) else { return };
    let s = all.as_str();
    let d = if c.get(1).is_some() || c.get(2).is_some() {
        let what = if c.get(1).is_some() {
            crate::i18n::pick("HTML 标签", "HTML tag")
        } else {
            crate::i18n::pick("HTML 字符实体", "HTML character entity")
        };
        Diagnostic::new(
            meta,
            file,
            shift(all.range()),
            crate::tr!("纯文本里有 {what}“{s}”", "plain text holds an {what} “{s}”"),
        )
        .with_label(crate::tr!("{what}，不是正文", "{what}, not body text"))
        .with_help(crate::tr!(
            "删去，或换成它表示的字符",
            "remove it, or replace it with the character it stands for"
        ))
        .with_fix(
            Applicability::Unsafe,
            crate::tr!("删去 {what}", "remove the {what}"),
            "",
        )
    } else if let Some(marker) = c.get(3) {
        let close = base + all.end() - marker.len()..base + all.end();
        Diagnostic::new(
            meta,
            file,
            shift(all.range()),
            crate::tr!(
                "纯文本里有 Markdown 加粗标记“{}”",
                "plain text holds Markdown bold marks “{}”",
                marker.as_str()
            ),
        )
        .with_label(crate::tr!(
            "Markdown 标记，印出来是星号",
            "Markdown mark, printed as asterisks"
        ))
        .with_help(crate::tr!(
            "删去标记，保留文字",
            "remove the marks and keep the text"
        ))
        .with_edits(
            Applicability::Safe,
            crate::tr!("删去 Markdown 标记", "remove the Markdown marks"),
            vec![
                Edit {
                    file,
                    span: shift(marker.range()),
                    replacement: Default::default(),
                },
                Edit {
                    file,
                    span: close,
                    replacement: Default::default(),
                },
            ],
        )
    } else if let Some(h) = c.get(4) {
        let hashes = h.as_str().trim();
        let start = base + h.start() + h.as_str().find('#').unwrap_or(0);
        Diagnostic::new(
            meta,
            file,
            start..base + h.end(),
            crate::tr!(
                "纯文本里有 Markdown 标题标记“{hashes}”",
                "plain text holds a Markdown heading mark “{hashes}”"
            ),
        )
        .with_label(crate::tr!(
            "Markdown 标记，不是正文",
            "Markdown mark, not body text"
        ))
        .with_help(crate::tr!(
            "删去行首的“#”",
            "remove the “#” at the start of the line"
        ))
        .with_fix(
            Applicability::Safe,
            crate::tr!("删去标题标记", "remove the heading mark"),
            "",
        )
    } else if let Some(link) = c.get(5) {
        let label_end = link.as_str().find("](").unwrap_or(1);
        let label = link.as_str()[1..label_end].to_string();
        Diagnostic::new(
            meta,
            file,
            shift(link.range()),
            crate::tr!(
                "纯文本里有 Markdown 链接",
                "plain text holds a Markdown link"
            ),
        )
        .with_label(crate::tr!("Markdown 链接语法", "Markdown link syntax"))
        .with_help(crate::tr!(
            "只保留文字“{label}”，网址另行注明",
            "keep only the text “{label}” and give the address separately"
        ))
        .with_fix(
            Applicability::Unsafe,
            crate::tr!("改为“{label}”", "change to “{label}”"),
            label,
        )
    } else {
        return;
    };
    out.push(d);
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The lines found from the marks are those the byte search finds.
        #[test]
        fn candidate_lines_from_marks_are_the_searched_ones(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "<", "&", "*", "_", "[", "#", "\n", "甲", "a", " ", "，",
            ]), 0..30)
        ) {
            let s: String = parts.concat();
            let marks = crate::rules::typography::text::Marks::of(&s);
            let b = s.as_bytes();
            let from: Vec<_> = candidate_lines_from(
                &s,
                marks.offsets().filter(|&i| is_candidate_byte(b[i])),
            )
            .collect();
            proptest::prop_assert_eq!(from, candidate_lines(&s).collect::<Vec<_>>());
        }
    }
}
