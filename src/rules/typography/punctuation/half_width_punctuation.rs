use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic, Edit, Text, Texts};
use crate::model::{Document, Span};
use crate::rules::typography::text::{clause_spans, in_spans, is_cjk, is_han, LatinPhrase, Scan};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 中文里用了半角标点 , : ; ( ) ? ! "（例如“成效,加快”“(一)”“\"最多跑一次\"”）。
    ///
    /// 夹在两个汉字中间、前面又不是问句的“?”（新建?河大桥、第?批）不是问号，而是
    /// 编码转换丢掉的字：报告为“文字丢失”错误，不提供修复（丢掉的字只能对照原稿补上）。
    /// ## 为什么
    /// GB/T 15834-2011 第 5.1 条规定，中文横排时句号、逗号、顿号、分号、冒号、问号、
    /// 叹号和括号等各占一个字的位置，即用全角形式。半角标点混在中文里，多是从网页、
    /// 表格或外文输入法粘贴带来的，排版后字距忽大忽小，一眼就能看出稿件没有校过。
    ///
    /// 数字内部（1,000、10:30）、网址、外文、标准编号（GB/T 9704—2012）和 Markdown
    /// 标记里的半角符号不检查；责任分工括注里的半角标点由 P008 每处括注报告一次。
    ///
    /// ## 示例
    /// ```text
    /// 巩固提升黑臭水体整治成效,加快推进河道综合治理(南大沙河、北大沙河)。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 巩固提升黑臭水体整治成效，加快推进河道综合治理（南大沙河、北大沙河）。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 安全：只把半角符号换成对应的全角符号（连同紧挨着的半角空格，从不动制表符），
    /// 不改动文字。半角双引号改为“”是不安全修复：哪个是前引号、哪个是后引号要人确认。
    /// 文字丢失没有修复。
    pub struct HalfWidthPunctuation {
        name: "half-width-punctuation",
        category: Style,
        fix: Always,
        message: ["中文里用了半角括号“()”", "文字丢失：“{…}”里的“?”是编码转换丢掉的字", "中文里用了半角引号：\"{…}\"", "中文里用了半角{…}“{…}”"],
        message_en: ["half-width brackets “()” in Chinese text", "lost text: the “?” in “{…}” is a character lost in encoding conversion", "half-width quotation marks around “{…}” in Chinese text", "half-width {…} “{…}” in Chinese text"],
        fix_title: ["改为全角括号“（）”", "改为“”", "改为“{…}”"],
        fix_title_en: ["change to full-width brackets “（）”", "change to “”", "change to “{…}”"],
        explain_en: "Half-width punctuation , : ; ( ) ? ! \" in Chinese text. GB/T 15834-2011 §5.1 sets Chinese punctuation full-width; half-width marks, mostly pasted from web pages or spreadsheets, make spacing uneven. A “?” between two Han characters is a character lost in an encoding conversion and is reported as lost text.",
    }
}

/// The full-width form and the Chinese name of a half-width mark.
fn full(c: u8) -> Option<(char, &'static str)> {
    Some(match c {
        b',' => ('，', crate::i18n::pick("逗号", "comma")),
        b':' => ('：', crate::i18n::pick("冒号", "colon")),
        b';' => ('；', crate::i18n::pick("分号", "semicolon")),
        b'?' => ('？', crate::i18n::pick("问号", "question mark")),
        b'!' => ('！', crate::i18n::pick("叹号", "exclamation mark")),
        b'(' => ('（', crate::i18n::pick("括号", "bracket")),
        b')' => ('）', crate::i18n::pick("括号", "bracket")),
        _ => return None,
    })
}

/// Where each half-width bracket of a text leads, found in one pass over
/// the text (a run of `((((` on a 50 MB line is not rescanned per bracket).
#[derive(Debug, Default, PartialEq)]
struct Brackets {
    /// For each `(`: its matching `)` on the same line (`Ok`), or `Err(true)`
    /// when a full-width `）` closes it first (P002's finding), `Err(false)`
    /// when nothing does. Sorted by position.
    opens: Vec<(usize, Result<usize, bool>)>,
    /// Positions of the `)` that close a full-width `（` (P002's finding),
    /// sorted.
    closes_full: Vec<usize>,
}

impl Brackets {
    fn of(scan: &Scan) -> Self {
        Self::of_chars(
            scan.marks()
                .offsets()
                .filter_map(|i| Some((i, scan.text[i..].chars().next()?))),
        )
    }

    /// The brackets of a text given as its characters (the marks are
    /// enough: every character looked at is one).
    fn of_chars(chars: impl Iterator<Item = (usize, char)>) -> Self {
        let mut b = Brackets::default();
        // `(` still open on this line; a `(` already settled by a `）` stays
        // until a `)` takes it away (it still counts for the depth of the
        // brackets around it).
        let mut open: Vec<usize> = Vec::new();
        // Openers of either width on this line, for the `)` side: (position, full width).
        let mut either: Vec<bool> = Vec::new();
        for (i, c) in chars {
            match c {
                '\n' | '\r' => {
                    open.clear();
                    either.clear();
                }
                '(' => {
                    open.push(b.opens.len());
                    b.opens.push((i, Err(false)));
                    either.push(false);
                }
                ')' => {
                    if let Some(k) = open.pop() {
                        if b.opens[k].1 == Err(false) {
                            b.opens[k].1 = Ok(i);
                        }
                    }
                    if either.pop() == Some(true) {
                        b.closes_full.push(i);
                    }
                }
                '（' => either.push(true),
                '）' => {
                    if let Some(&k) = open.last() {
                        if b.opens[k].1 == Err(false) {
                            b.opens[k].1 = Err(true);
                        }
                    }
                    either.pop();
                }
                _ => {}
            }
        }
        b
    }

    /// The matching `)` of the `(` at `open`, on the same line. `Err(true)`
    /// when the bracket is closed by a full-width `）` instead (P002's
    /// finding).
    fn matching(&self, open: usize) -> Result<usize, bool> {
        match self.opens.binary_search_by_key(&open, |&(p, _)| p) {
            Ok(k) => self.opens[k].1,
            Err(_) => Err(false),
        }
    }

    /// Whether the `)` at `close` closes a full-width `（` (P002's finding).
    fn opened_full_width(&self, close: usize) -> bool {
        self.closes_full.binary_search(&close).is_ok()
    }
}

impl Rule for HalfWidthPunctuation {
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
        let bytes = text.as_bytes();
        let clauses = clause_spans(doc);
        let marks = numbering_marks(doc);
        let chinese = |p: Option<(usize, char)>| p.is_some_and(|(_, c)| is_cjk(c));
        // `)` already reported with their `(`.
        let mut closed: std::collections::HashSet<usize> = Default::default();
        let mut runs = RunCache::default();
        let mut around_run = |pos: usize| runs.chinese_around(&scan, bytes, pos);
        let mut brackets: Option<Brackets> = None;
        let mut next_han = NextHan::default();
        let mut latin = LatinPhrase::default();
        let mut made = Made::new(meta, doc.file);
        let mut skip_to = 0; // the rest of a run of lost characters
                             // Every half-width mark is one of the text's marks: only those
                             // offsets are read.
        for pos in scan.marks().offsets() {
            let b = bytes[pos];
            let Some((fw, name)) = full(b) else { continue };
            if pos < skip_to {
                continue;
            }
            // Cheap tests first; URLs and standard numbers are looked for
            // only around a real candidate (`scan.touches_skipped` below).
            if scan.in_markdown(pos) || in_spans(&clauses, pos) || closed.contains(&pos) {
                continue;
            }
            if b == b',' && in_spans(&marks, pos) {
                continue;
            }
            match b {
                b'(' => match brackets
                    .get_or_insert_with(|| Brackets::of(&scan))
                    .matching(pos)
                {
                    Ok(close) => {
                        let has_han = next_han.at_or_after(text, pos + 1) < close;
                        if !(has_han
                            || chinese(scan.prev_char(pos, true))
                            || chinese(scan.next_char(close + 1, true)))
                        {
                            continue;
                        }
                        if scan.touches_skipped(&(pos..close + 1)) {
                            continue;
                        }
                        closed.insert(close);
                        out.push(made.pair(pos, close));
                    }
                    Err(true) => {}
                    Err(false) => {
                        if (chinese(scan.next_char(pos + 1, true))
                            || chinese(scan.prev_char(pos, true))
                            || around_run(pos))
                            && !scan.skipped(pos)
                        {
                            out.push(made.single(b, pos..pos + 1, fw, name));
                        }
                    }
                },
                b')' => {
                    if brackets
                        .get_or_insert_with(|| Brackets::of(&scan))
                        .opened_full_width(pos)
                    {
                        continue;
                    }
                    // A lone `)` after Chinese text: `1)` list marks, stray brackets.
                    let left = scan.prev_char(pos, true);
                    if !chinese(left) && latin.before(text, pos) {
                        continue;
                    }
                    if (chinese(left) || chinese(scan.next_char(pos + 1, true)) || around_run(pos))
                        && !scan.skipped(pos)
                    {
                        out.push(made.single(b, pos..pos + 1, fw, name));
                    }
                }
                _ => {
                    let left = scan.prev_char(pos, true);
                    let right = scan.next_char(pos + 1, true);
                    if !(chinese(left) || chinese(right) || around_run(pos)) {
                        continue;
                    }
                    // The end of an English phrase quoted in Chinese text.
                    if !chinese(left) && latin.before(text, pos) {
                        continue;
                    }
                    if scan.skipped(pos) {
                        continue;
                    }
                    // `GB/T 1:2000`, `http:` and the like are protected; a
                    // colon or comma between two ASCII digits is a number.
                    // Take adjacent ASCII spaces into the span.
                    // A lost character: `?` inside a word (新建?河大桥).
                    if b == b'?' && lost_character(text, pos) {
                        out.push(lost(meta, doc.file, text, pos));
                        skip_to = pos + bytes[pos..].iter().take_while(|&&x| x == b'?').count();
                        continue;
                    }
                    let (start, end) = with_spaces(bytes, pos);
                    out.push(made.single(b, start..end, fw, name));
                }
            }
        }
        ascii_quotes(meta, doc.file, &scan, &clauses, out);
    }
}

/// The position of the next Han character, asked for at positions that
/// never decrease (each `(`): the cursor only moves forward, so the
/// questions of a whole text cost one pass over it, however deeply its
/// brackets nest (asking each pair's inside was quadratic on `((((…))))`).
#[derive(Default)]
struct NextHan {
    /// The last question's position.
    from: usize,
    /// The first Han character at or after `from` (the text's length if
    /// none); `None` before the first question.
    at: Option<usize>,
}

impl NextHan {
    /// The first Han character at or after `pos` (a character boundary),
    /// or the text's length. `pos` must not be less than the last one asked.
    fn at_or_after(&mut self, text: &str, pos: usize) -> usize {
        debug_assert!(pos >= self.from);
        self.from = pos;
        match self.at {
            Some(at) if at >= pos => at,
            _ => {
                let at = text[pos..]
                    .char_indices()
                    .find(|&(_, c)| is_han(c))
                    .map_or(text.len(), |(k, _)| pos + k);
                self.at = Some(at);
                at
            }
        }
    }
}

/// Separators of heading and task marks (一, 一.) are F001's: their spans.
fn numbering_marks(doc: &Document) -> Vec<Span> {
    let mut marks: Vec<Span> = doc
        .headings
        .iter()
        .map(|h| h.numbering.span.clone())
        .chain(doc.tasks.iter().map(|t| t.numbering.span.clone()))
        .collect();
    marks.sort_by_key(|s| s.start);
    marks
}

/// A run of half-width marks (`(((((元`, `,,,`) is judged by the text
/// around the whole run, so that all of it is fixed in one round (judged
/// mark by mark, only the one next to 元 qualified, and each `--fix` round
/// converted one more). Cached per run: linear time.
#[derive(Default)]
struct RunCache {
    /// End of the current run.
    end: usize,
    /// Whether Chinese text is next to it.
    chinese: bool,
}

impl RunCache {
    fn chinese_around(&mut self, scan: &Scan, bytes: &[u8], pos: usize) -> bool {
        if pos >= self.end {
            let mut s = pos;
            while s > 0 && full(bytes[s - 1]).is_some() {
                s -= 1;
            }
            let mut e = pos + 1;
            while e < bytes.len() && full(bytes[e]).is_some() {
                e += 1;
            }
            let cjk = |p: Option<(usize, char)>| p.is_some_and(|(_, c)| is_cjk(c));
            self.chinese = cjk(scan.prev_char(s, true)) || cjk(scan.next_char(e, true));
            self.end = e;
        }
        self.chinese
    }
}

/// The findings of one document, each kind built once as a template and
/// placed at every occurrence: the findings share their texts (message,
/// label, note, help, fix title, replacement) instead of each holding
/// copies.
struct Made<'m> {
    meta: &'m RuleMeta,
    file: usize,
    /// `依据：GB/T 15834-2011 第 5.1 条`, shared by every finding.
    basis: Texts,
    /// One template per half-width mark (`,` `:` `;` `?` `!` `(` `)`).
    single: [Option<Diagnostic>; 7],
    /// The template of a `(…)` pair.
    pair: Option<Diagnostic>,
}

impl<'m> Made<'m> {
    fn new(meta: &'m RuleMeta, file: usize) -> Self {
        Made {
            meta,
            file,
            basis: Texts::new([Text::from(crate::tr!(
                "依据：GB/T 15834-2011 第 5.1 条",
                "basis: GB/T 15834-2011, clause 5.1"
            ))]),
            single: Default::default(),
            pair: None,
        }
    }

    /// The finding for a half-width `(…)` pair in Chinese text, fixed as one.
    fn pair(&mut self, pos: usize, close: usize) -> Diagnostic {
        let (meta, file, basis) = (self.meta, self.file, &self.basis);
        let tpl = self.pair.get_or_insert_with(|| {
            Diagnostic::new(
                meta,
                file,
                0..1,
                crate::tr!(
                    "中文里用了半角括号“()”",
                    "half-width brackets “()” in Chinese text"
                ),
            )
            .with_label(crate::tr!("半角括号", "half-width brackets"))
            .with_help(crate::tr!(
                "改为全角括号“（）”",
                "change to full-width brackets “（）”"
            ))
            .with_notes(basis.clone())
            .with_edits(
                Applicability::Safe,
                crate::tr!("改为全角括号“（）”", "change to full-width brackets “（）”"),
                vec![
                    Edit {
                        file,
                        span: 0..1,
                        replacement: "（".into(),
                    },
                    Edit {
                        file,
                        span: 0..1,
                        replacement: "）".into(),
                    },
                ],
            )
        });
        let mut d = tpl.at(file, pos..close + 1);
        if let Some(f) = &mut d.fix {
            f.edits[0].span = pos..pos + 1;
            f.edits[1].span = close..close + 1;
        }
        d
    }

    /// The finding for the single half-width mark `b` at `span` (with the
    /// spaces beside it).
    fn single(&mut self, b: u8, span: Span, fw: char, name: &str) -> Diagnostic {
        let k = b",:;?!()".iter().position(|&x| x == b).unwrap_or(6);
        let (meta, file, basis) = (self.meta, self.file, &self.basis);
        self.single[k]
            .get_or_insert_with(|| single(meta, file, 0..1, fw, name).with_notes(basis.clone()))
            .at(file, span)
    }
}

/// The span of the mark at `pos` with the ASCII spaces beside it (spaces,
/// never tabs: a tab separates table columns), but not at a line's edge.
fn with_spaces(bytes: &[u8], pos: usize) -> (usize, usize) {
    let mut start = pos;
    while start > 0 && bytes[start - 1] == b' ' {
        start -= 1;
    }
    if start == 0 || matches!(bytes[start - 1], b'\n' | b'\r') {
        start = pos;
    }
    let mut end = pos + 1;
    while end < bytes.len() && bytes[end] == b' ' {
        end += 1;
    }
    if end == bytes.len() || matches!(bytes[end], b'\n' | b'\r') {
        end = pos + 1;
    }
    (start, end)
}

/// Characters that end a question right before its `?`.
const QUESTION_ENDS: &str = "吗呢么吧啊呀哪谁几何";

/// Words that make a clause a question.
const QUESTION_WORDS: &[&str] = &[
    "什么",
    "怎么",
    "怎样",
    "如何",
    "为何",
    "是否",
    "是不是",
    "能否",
    "多少",
    "哪里",
    "哪些",
    "为什么",
];

/// Whether the `?` at `pos` (with any `?` right after it) stands for a
/// character an encoding conversion could not map: it comes right before a
/// Han character, and either opens a word (at a line start or after a mark
/// other than 。？！), or is one of several, or follows a Han character that
/// does not end a question in a clause without question words.
fn lost_character(text: &str, pos: usize) -> bool {
    let before = text[..pos].chars().next_back();
    let run = text[pos..].bytes().take_while(|&b| b == b'?').count();
    let after = text[pos + run..].chars().next();
    if !after.is_some_and(is_han) {
        return false;
    }
    // Before a word, where no question ends (line start, after a mark), or
    // several in a row (??村): characters, not question marks.
    let opens_word = before.is_none_or(|c| matches!(c, '\n' | '\r') || (is_cjk(c) && !is_han(c)));
    if opens_word && !before.is_some_and(|c| matches!(c, '？' | '！' | '。')) || run >= 2 {
        return before.is_none_or(|c| !c.is_ascii_alphanumeric());
    }
    if !before.is_some_and(is_han) {
        return false;
    }
    if before.is_some_and(|c| QUESTION_ENDS.contains(c)) {
        return false;
    }
    let clause_start = text[..pos]
        .rfind(['。', '，', '；', '！', '？', '：', '\n'])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let clause = &text[clause_start..pos];
    !QUESTION_WORDS.iter().any(|w| clause.contains(w))
}

/// A lost-character finding: an error, never fixed (the character is gone).
fn lost(meta: &RuleMeta, file: usize, text: &str, pos: usize) -> Diagnostic {
    let n = text[pos..].bytes().take_while(|&b| b == b'?').count();
    let before: String = {
        let v: Vec<char> = text[..pos].chars().rev().take(4).collect();
        v.into_iter().rev().collect()
    };
    let after: String = text[pos + n..].chars().take(4).collect();
    let mut d = Diagnostic::new(
        meta,
        file,
        pos..pos + n,
        crate::tr!(
            "文字丢失：“{before}{}{after}”里的“?”是编码转换丢掉的字", "lost text: the “?” in “{before}{}{after}” is a character lost in encoding conversion",
            "?".repeat(n)
        ),
    )
    .with_label(if n == 1 {
        crate::tr!("这里原来是一个字", "one character was here")
    } else {
        crate::tr!("这里原来是 {n} 个字", "{n} characters were here")
    })
    .with_help(crate::tr!("对照原稿补上丢失的字（常见于生僻字、地名用字）", "restore the lost characters from the original (often rare characters or place names)"))
    .with_note(crate::tr!("编码转换遇到无法表示的字时写成“?”；它夹在词语中间，不是问号", "encoding conversion writes “?” for a character it cannot represent; inside a word it is not a question mark"));
    d.severity = crate::diag::Severity::Error;
    d
}

/// Half-width `"` used as quotation marks in Chinese text: pairs on one line
/// whose content holds Chinese, reported with an unsafe fix to “”.
fn ascii_quotes(
    meta: &RuleMeta,
    file: usize,
    scan: &Scan,
    clauses: &[Span],
    out: &mut Vec<Diagnostic>,
) {
    let text = scan.text;
    for line in crate::rules::typography::text::lines(text) {
        let s = &text[line.clone()];
        if !s.contains('"') {
            continue;
        }
        let quotes: Vec<usize> = s
            .match_indices('"')
            .map(|(k, _)| line.start + k)
            .filter(|&p| !scan.in_markdown(p) && !in_spans(clauses, p))
            .collect();
        for pair in quotes.chunks_exact(2) {
            let (open, close) = (pair[0], pair[1]);
            let inner = &text[open + 1..close];
            if !inner.chars().any(is_han) || scan.touches_skipped(&(open..close + 1)) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    meta,
                    file,
                    open..close + 1,
                    crate::tr!(
                        "中文里用了半角引号：\"{}\"",
                        "half-width quotation marks around “{}” in Chinese text",
                        crate::rules::typography::text::excerpt(inner, 12)
                    ),
                )
                .with_label(crate::tr!("半角引号", "half-width quotation marks"))
                .with_help(crate::tr!(
                    "改为全角引号“”",
                    "change to full-width quotation marks “”"
                ))
                .with_note(crate::tr!(
                    "依据：GB/T 15834-2011 第 5.1 条",
                    "basis: GB/T 15834-2011, clause 5.1"
                ))
                .with_edits(
                    Applicability::Unsafe,
                    crate::tr!("改为“”", "change to “”"),
                    vec![
                        Edit {
                            file,
                            span: open..open + 1,
                            replacement: "“".into(),
                        },
                        Edit {
                            file,
                            span: close..close + 1,
                            replacement: "”".into(),
                        },
                    ],
                ),
            );
        }
    }
}

/// The finding for a single half-width mark (its note is added by [`Made`]).
fn single(
    meta: &RuleMeta,
    file: usize,
    span: std::ops::Range<usize>,
    fw: char,
    name: &str,
) -> Diagnostic {
    let half = match fw {
        '，' => ',',
        '：' => ':',
        '；' => ';',
        '？' => '?',
        '！' => '!',
        '（' => '(',
        _ => ')',
    };
    Diagnostic::new(
        meta,
        file,
        span,
        crate::tr!(
            "中文里用了半角{name}“{half}”",
            "half-width {name} “{half}” in Chinese text"
        ),
    )
    .with_label(crate::tr!("半角{name}", "half-width {name}"))
    .with_help(crate::tr!(
        "改为全角{name}“{fw}”",
        "change to the full-width {name} “{fw}”"
    ))
    .with_fix(
        Applicability::Safe,
        crate::tr!("改为“{fw}”", "change to “{fw}”"),
        fw,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The brackets read from the marks are those of every character.
        #[test]
        fn brackets_from_the_marks_are_those_of_the_text(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "(", ")", "（", "）", "甲", "a", "\n", "\r", " ", "，",
            ]), 0..32)
        ) {
            let s: String = parts.concat();
            let src = crate::load::SourceFile::from_text("a.txt", &s);
            let scan = Scan::new(&src);
            proptest::prop_assert_eq!(
                Brackets::of(&scan),
                Brackets::of_chars(s.char_indices()),
                "{:?}", s
            );
        }
    }
}
