use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::model::{Document, Joined, Span};
use crate::rules::typography::text::{blocks, is_cjk, Scan};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 成对的标号不配对或交叉嵌套：“” ‘’ （） 《》 〈〉 【】，包括用全角“（”开头、半角“)”收尾的括号。
    ///
    /// ## 为什么
    /// GB/T 15834-2011 第 4.8、4.9、4.15 条规定引号、括号、书名号成对使用，里外层次
    /// 分明（引号里再用引号时外双内单，书名号同样外双内单）。
    /// 少了一半或前后交叉，读者分不清引文、注释或书名到哪里为止；一个全角一个半角的
    /// 括号，说明括注是从别处拼接过来的。
    ///
    /// 按段落检查（PDF 硬换行已接好）；多段引文每段开头用前引号、只在最后一段末尾用
    /// 后引号的写法不报。孤立的半角括号（如“1)”）不在此报告。
    ///
    /// ## 示例
    /// ```text
    /// 推动“放管服改革，提升服务效能（济长政发〔2021〕6号）。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 推动“放管服”改革，提升服务效能（济长政发〔2021〕6号）。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 全角、半角混用的一对括号提供安全修复（把半角的一半改为全角）；缺少的一半应补在
    /// 哪里只有起草人知道，不提供修复。
    pub struct UnbalancedPair {
        name: "unbalanced-pair",
        category: Style,
        fix: Sometimes,
        message: ["{…}与{…}交叉嵌套：“{…}”在“{…}”之后才收尾", "后{…}“{…}”前面没有对应的前{…}", "前{…}“{…}”没有对应的后{…}", "括号一半全角一半半角：“{…}”与“{…}”"],
        message_en: ["{…} and {…} cross: “{…}” closes only after “{…}”", "closing {…} “{…}” has no opening {…} before it", "opening {…} “{…}” has no closing {…}", "brackets half full-width, half half-width: “{…}” and “{…}”"],
        fix_title: ["改为“{…}”"],
        fix_title_en: ["change to “{…}”"],
        explain_en: "Paired marks (“” ‘’ （） 《》 〈〉 【】) that do not pair up or cross each other, including brackets opened full-width and closed half-width. GB/T 15834-2011 §4.8, 4.9 and 4.15 use them in pairs; a missing half leaves readers unsure where a quotation or note ends.",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
    Paren,
    Book,
    BookSingle,
    Square,
}

impl Family {
    fn name(self) -> &'static str {
        match self {
            Family::Double => crate::i18n::pick("双引号", "double quotation mark"),
            Family::Single => crate::i18n::pick("单引号", "single quotation mark"),
            Family::Paren => crate::i18n::pick("括号", "bracket"),
            Family::Book => crate::i18n::pick("书名号", "title mark"),
            Family::BookSingle => crate::i18n::pick("单书名号", "single title mark"),
            Family::Square => crate::i18n::pick("方头括号", "square bracket"),
        }
    }

    fn pair(self) -> &'static str {
        match self {
            Family::Double => "“”",
            Family::Single => "‘’",
            Family::Paren => "（）",
            Family::Book => "《》",
            Family::BookSingle => "〈〉",
            Family::Square => "【】",
        }
    }
}

/// `(family, is_opener, is_half_width)`.
fn classify(c: char) -> Option<(Family, bool, bool)> {
    Some(match c {
        '“' => (Family::Double, true, false),
        '”' => (Family::Double, false, false),
        '‘' => (Family::Single, true, false),
        '’' => (Family::Single, false, false),
        '（' => (Family::Paren, true, false),
        '）' => (Family::Paren, false, false),
        '(' => (Family::Paren, true, true),
        ')' => (Family::Paren, false, true),
        '《' => (Family::Book, true, false),
        '》' => (Family::Book, false, false),
        '〈' => (Family::BookSingle, true, false),
        '〉' => (Family::BookSingle, false, false),
        '【' => (Family::Square, true, false),
        '】' => (Family::Square, false, false),
        _ => return None,
    })
}

struct Open {
    family: Family,
    half: bool,
    c: char,
    span: Span,
}

impl Rule for UnbalancedPair {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let src = cx.source(doc);
        let scan = Scan::of(cx, src);
        let text = scan.text;
        // Unclosed clause brackets are already reported by the parser (S006).
        let known: Vec<Span> = doc.issues.iter().map(|i| i.span.clone()).collect();
        let blocks = blocks(doc, text);
        let split = split_pairs(&blocks);
        for (k, block) in blocks.iter().enumerate() {
            let next_starts_quote = blocks
                .get(k + 1)
                .and_then(|b| b.text.trim_start().chars().next())
                == Some('“');
            check_block(
                meta,
                doc.file,
                &scan,
                block,
                next_starts_quote,
                &Exempt {
                    known: &known,
                    split: &split,
                },
                out,
            );
        }
    }
}

/// Marks a block check leaves alone.
struct Exempt<'a> {
    /// Unclosed clause brackets the parser already reported (S006).
    known: &'a [Span],
    /// Marks of pairs split by line breaks ([`split_pairs`]), sorted.
    split: &'a [usize],
}

/// How many paragraphs a pair split by line breaks may span.
const SPLIT_REACH: usize = 2;

/// Source positions of the marks of pairs that line breaks split: a
/// paragraph that starts with a closer whose opener is left open in one of the
/// [`SPLIT_REACH`] paragraphs before it, with no mark of its kind in between
/// (a linked title copied from a web page onto lines of its own: `编制了《` ⏎
/// `纲要（草案）` ⏎ `》。`). The pair is balanced; the lines are one sentence.
fn split_pairs(blocks: &[std::borrow::Cow<'_, Joined>]) -> Vec<usize> {
    let mut out = Vec::new();
    for (j, later) in blocks.iter().enumerate() {
        let lt = later.text.trim_start();
        let lead = later.text.len() - lt.len();
        let Some((family, false, false)) = lt.chars().next().and_then(classify) else {
            continue;
        };
        for b in blocks[j.saturating_sub(SPLIT_REACH)..j].iter().rev() {
            let mut balance = 0i32;
            let mut last_open = None;
            for (i, c) in b.text.char_indices() {
                match classify(c) {
                    Some((f, true, false)) if f == family => {
                        balance += 1;
                        last_open = Some(i);
                    }
                    Some((f, false, false)) if f == family => balance -= 1,
                    _ => {}
                }
            }
            if let (true, Some(i)) = (balance > 0, last_open) {
                out.push(b.span(i..i + 1).start);
                out.push(later.span(lead..lead + 1).start);
            }
            if last_open.is_some() || balance != 0 {
                break;
            }
        }
    }
    out.sort_unstable();
    out
}

fn check_block(
    meta: &RuleMeta,
    file: usize,
    scan: &Scan,
    block: &Joined,
    next_starts_quote: bool,
    exempt: &Exempt,
    out: &mut Vec<Diagnostic>,
) {
    let Exempt { known, split } = *exempt;
    let t = block.text.as_str();
    let mut stack: Vec<Open> = Vec::new();
    // Families popped by a crossing: their late closer is not reported again.
    let mut crossed: Vec<Family> = Vec::new();
    // Every bracket and quotation mark is a mark: only the block's marks
    // are read (from the source's list), or, for a block that is not a
    // copy of the source, every character.
    let marks = scan.marks().in_joined(scan.text, block);
    let chars: Box<dyn Iterator<Item = (usize, char)>> = match &marks {
        Some(m) => Box::new(m.iter().filter_map(|&i| Some((i, t[i..].chars().next()?)))),
        None => Box::new(t.char_indices()),
    };
    for (i, c) in chars {
        let Some((family, opener, half)) = classify(c) else {
            continue;
        };
        let span = block.span(i..i + c.len_utf8());
        if scan.skipped(span.start) || split.binary_search(&span.start).is_ok() {
            continue;
        }
        // An apostrophe inside Latin text (don’t) is not a quote.
        if family == Family::Single {
            let before = t[..i].chars().next_back();
            let after = t[i + c.len_utf8()..].chars().next();
            if before.is_some_and(|b| b.is_ascii_alphanumeric())
                && after.is_none_or(|a| a.is_ascii_alphanumeric() || !is_cjk(a))
            {
                continue;
            }
        }
        if opener {
            stack.push(Open {
                family,
                half,
                c,
                span,
            });
            continue;
        }
        match stack.iter().rposition(|o| o.family == family) {
            Some(pos) if pos + 1 == stack.len() => {
                let o = stack.pop().expect("non-empty");
                if o.half != half {
                    out.push(mixed(meta, file, &o, c, &span));
                }
            }
            Some(pos) => {
                // Crossing: the openers above `pos` close after this closer.
                let inner = stack.remove(pos + 1);
                if !inner.half {
                    out.push(crossing(meta, file, &inner, family, c, &span));
                    crossed.push(inner.family);
                }
                stack.truncate(pos + 1);
                let o = stack.pop().expect("non-empty");
                if o.half != half {
                    out.push(mixed(meta, file, &o, c, &span));
                }
            }
            None => {
                if half {
                    continue;
                }
                if let Some(k) = crossed.iter().position(|f| *f == family) {
                    crossed.remove(k);
                    continue;
                }
                out.push(unopened(meta, file, family, c, span));
            }
        }
    }
    for (k, o) in stack.iter().enumerate() {
        if o.half {
            continue;
        }
        // A quotation running over several paragraphs opens each one.
        if o.family == Family::Double && next_starts_quote && k == 0 {
            continue;
        }
        if known
            .iter()
            .any(|s| s.start <= o.span.start && o.span.start < s.end.max(s.start + 1))
        {
            continue;
        }
        out.push(unclosed(meta, file, o));
    }
}

/// An inner pair still open when the outer one closes.
fn crossing(
    meta: &RuleMeta,
    file: usize,
    inner: &Open,
    family: Family,
    c: char,
    span: &Span,
) -> Diagnostic {
    Diagnostic::new(
        meta,
        file,
        inner.span.clone(),
        crate::tr!(
            "{}与{}交叉嵌套：“{}”在“{}”之后才收尾",
            "{} and {} cross: “{}” closes only after “{}”",
            inner.family.name(),
            family.name(),
            inner.c,
            c
        ),
    )
    .with_label(crate::tr!(
        "这个{}没有在里面收尾",
        "this {} does not close inside",
        inner.family.name()
    ))
    .with_secondary(
        file,
        span.clone(),
        crate::tr!(
            "外层{}在这里先收尾",
            "the outer {} closes here first",
            family.name()
        ),
    )
    .with_help(crate::tr!(
        "调整收尾位置，使里层标号先于外层收尾",
        "move the closing marks so the inner pair closes before the outer one"
    ))
    .with_note(crate::tr!(
        "依据：GB/T 15834-2011 第 4.8、4.9 条",
        "basis: GB/T 15834-2011, clauses 4.8 and 4.9"
    ))
}

/// A closer with no opener before it.
fn unopened(meta: &RuleMeta, file: usize, family: Family, c: char, span: Span) -> Diagnostic {
    Diagnostic::new(
        meta,
        file,
        span,
        crate::tr!(
            "后{}“{}”前面没有对应的前{}",
            "closing {} “{}” has no opening {} before it",
            family.name(),
            c,
            family.name()
        ),
    )
    .with_label(crate::tr!("多出的后{}", "extra closing {}", family.name()))
    .with_help(crate::tr!(
        "补上前{0}，或删去多出的后{0}（{1}成对使用）",
        "add the opening {0}, or remove the extra closing {0} ({1} come in pairs)",
        family.name(),
        family.pair()
    ))
    .with_note(crate::tr!(
        "依据：GB/T 15834-2011 第 4.8、4.9、4.15 条",
        "basis: GB/T 15834-2011, clauses 4.8, 4.9 and 4.15"
    ))
}

/// An opener still open at the end of the paragraph.
fn unclosed(meta: &RuleMeta, file: usize, o: &Open) -> Diagnostic {
    Diagnostic::new(
        meta,
        file,
        o.span.clone(),
        crate::tr!(
            "前{}“{}”没有对应的后{}",
            "opening {} “{}” has no closing {}",
            o.family.name(),
            o.c,
            o.family.name()
        ),
    )
    .with_label(crate::tr!(
        "{}从这里开始，到段末没有收尾",
        "{} opens here and does not close before the end of the paragraph",
        o.family.name()
    ))
    .with_help(crate::tr!(
        "在引用、注释或书名结束处补上后{}",
        "add the closing {} where the quotation, note or title ends",
        o.family.name()
    ))
    .with_note(crate::tr!(
        "依据：GB/T 15834-2011 第 4.8、4.9、4.15 条",
        "basis: GB/T 15834-2011, clauses 4.8, 4.9 and 4.15"
    ))
}

fn mixed(meta: &RuleMeta, file: usize, open: &Open, close: char, close_span: &Span) -> Diagnostic {
    let (span, bad, good) = if open.half {
        (open.span.clone(), '(', '（')
    } else {
        (close_span.clone(), close, '）')
    };
    let other = if open.half {
        close_span.clone()
    } else {
        open.span.clone()
    };
    Diagnostic::new(
        meta,
        file,
        span,
        crate::tr!(
            "括号一半全角一半半角：“{}”与“{}”",
            "brackets half full-width, half half-width: “{}” and “{}”",
            open.c,
            close
        ),
    )
    .with_label(crate::tr!("半角“{bad}”", "half-width “{bad}”"))
    .with_secondary(
        file,
        other,
        crate::tr!("与它配对的全角括号", "its full-width partner"),
    )
    .with_help(crate::tr!(
        "改为全角“{good}”",
        "change to full-width “{good}”"
    ))
    .with_note(crate::tr!(
        "依据：GB/T 15834-2011 第 4.9 条、第 5.1 条",
        "basis: GB/T 15834-2011, clauses 4.9 and 5.1"
    ))
    .with_fix(
        Applicability::Safe,
        crate::tr!("改为“{good}”", "change to “{good}”"),
        good.to_string(),
    )
}
