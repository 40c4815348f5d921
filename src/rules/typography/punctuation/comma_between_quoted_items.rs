use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic, Edit};
use crate::model::Document;
use crate::rules::typography::text::Scan;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 并列的引号或书名号之间用了顿号，例如““云勘验”、“审批服务直播+””“《纲要》、《方案》”。
    ///
    /// 只报告整组并列项都带引号（书名号）、彼此紧挨着的情形，每组报告一次。并列项里
    /// 混有不带引号的项（“高效办成一件事”、“一业一证”、告知承诺制），或最后一个引号
    /// 后面还接着别的词（“上海之夏”、“五五购物节”国际消费季，引号只修饰后面的词），
    /// 标准说宜用顿号，不报告。默认级别为“提示”：公开发布的公文普遍在这里用顿号，
    /// 严格执行标准的单位可以在 `rules.toml` 里调高。
    ///
    /// ## 为什么
    /// GB/T 15834-2011 第 4.5.3.5 条：标有引号的并列成分之间、标有书名号的并列成分之间
    /// 通常不用顿号；若有其他成分插在并列的引号或书名号之间（如书名号之后还有括注），
    /// 才宜用顿号。标准用的是“通常”，所以这条规则默认只是提示，修复也标为不安全。
    ///
    /// ## 示例
    /// ```text
    /// 在全市首推“云勘验”、“审批服务直播+”等新模式，落实《实施意见》、《行动方案》。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 在全市首推“云勘验”“审批服务直播+”等新模式，落实《实施意见》《行动方案》。
    /// ```
    ///
    /// ## 配置
    /// `rules.toml` 的 `[P005] level`（默认 `info`）。
    ///
    /// ## 修复安全性
    /// 不安全：删去顿号不改变文意，但标准允许例外，应由人确认。
    pub struct CommaBetweenQuotedItems {
        name: "comma-between-quoted-items",
        category: Style,
        fix: Always,
        message: ["并列的{…}之间用了顿号", "并列的{…}之间用了 {…} 个顿号"],
        message_en: ["“、” between coordinated items in {…}", "{…} “、” between coordinated items in {…}"],
        fix_title: ["删去顿号"],
        fix_title_en: ["remove “、”"],
        explain_en: "“、” between coordinated items that are all in quotation marks or title marks, e.g. ““云勘验”、“审批服务直播+””. GB/T 15834-2011 §4.5.3.5 prefers no “、” there; reported as a hint by default, since published documents commonly use it.",
    }
}

/// Where `[”》][ \t]*、[ \t]*[“《]` matches, in order, read by hand: a
/// closer, blanks, 顿号, blanks, an opener (the blanks stop at a character
/// that is none, so reading them greedily is the regex); after a match the
/// search goes on at its end, after a failed closer at the next character.
/// The regex cost about 0.3 M instructions to build.
#[cfg(test)]
fn candidates(text: &str) -> Vec<std::ops::Range<usize>> {
    candidates_from(text, text.match_indices(['”', '》']).map(|(i, _)| i))
}

/// [`candidates`] given the offsets of the `”` and `》` of the text, in
/// order (the rule reads them from the text's marks).
fn candidates_from(
    text: &str,
    closers: impl Iterator<Item = usize>,
) -> Vec<std::ops::Range<usize>> {
    let blanks = |s: &str| s.trim_start_matches([' ', '\t']).len();
    let mut out = Vec::new();
    let mut from = 0;
    for start in closers {
        if start < from {
            continue;
        }
        let after = start + text[start..].chars().next().map_or(1, char::len_utf8);
        let rest = &text[after..];
        let rest = &rest[rest.len() - blanks(rest)..];
        if let Some(r) = rest.strip_prefix('、') {
            let r = &r[r.len() - blanks(r)..];
            if let Some(c) = r.chars().next().filter(|c| matches!(c, '“' | '《')) {
                let end = text.len() - r.len() + c.len_utf8();
                out.push(start..end);
                from = end;
                continue;
            }
        }
        from = after;
    }
    out
}

/// The closer of an opener (“ → ”, 《 → 》).
fn closer_of(open: char) -> Option<char> {
    match open {
        '“' => Some('”'),
        '《' => Some('》'),
        _ => None,
    }
}

/// The opener of a closer.
fn opener_of(close: char) -> Option<char> {
    match close {
        '”' => Some('“'),
        '》' => Some('《'),
        _ => None,
    }
}

/// How far before the line a quote's opener is looked for (bytes).
const OPENER_REACH: usize = 240;

/// Words that join the last item of a list to the one before it.
const JOINERS: &[&str] = &["以及", "和", "与", "及", "或"];

/// A run of adjacent quoted or titled items joined by 顿号.
struct Run {
    /// The 顿号 (with blanks beside them) between items.
    commas: Vec<std::ops::Range<usize>>,
    /// Whether every item of the list is quoted and nothing but punctuation
    /// (or 等) follows the last one.
    pure: bool,
    /// Where the run ends (after the last item).
    end: usize,
    /// What the items are marked with.
    books: bool,
    quotes: bool,
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t')
}

/// The run through the candidate 顿号 at `at` (the closer before it).
fn run_at(text: &str, at: usize) -> Option<Run> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let close = text[at..].chars().next()?;
    let open = opener_of(close)?;
    // The first item's opener: on this line, or a line or two before when a
    // hard wrap split the quote (“云勘 ⏎⏎ 验”).
    let lo = crate::load::floor_char_boundary(text, line_start.saturating_sub(OPENER_REACH));
    let first = text[lo..at].rfind(open)? + lo;
    let before = text[..first].trim_end_matches(is_blank).chars().next_back();
    let mut pure = before != Some('、');
    let mut run = Run {
        commas: Vec::new(),
        pure: true,
        end: at,
        books: open == '《',
        quotes: open == '“',
    };
    // `pos` is at an item's closer.
    let mut pos = at;
    loop {
        let after_close = pos + text[pos..].chars().next()?.len_utf8();
        run.end = after_close;
        let rest = &text[after_close..line_end];
        let trimmed = rest.trim_start_matches(is_blank);
        let (next_open_at, comma) = if let Some(r) = trimmed.strip_prefix('、') {
            let r2 = r.trim_start_matches(is_blank);
            let comma_start = after_close;
            let open_at = line_end - r2.len();
            match r2.chars().next() {
                Some(c) if closer_of(c).is_some() => (open_at, Some(comma_start..open_at)),
                // 、 then an unquoted item: a mixed list.
                _ => {
                    pure = false;
                    break;
                }
            }
        } else if let Some(j) = JOINERS.iter().find(|j| trimmed.starts_with(**j)) {
            let r2 = &trimmed[j.len()..];
            match r2.chars().next() {
                Some(c) if closer_of(c).is_some() => (line_end - r2.len(), None),
                _ => {
                    // 和 + an unquoted item.
                    pure = false;
                    break;
                }
            }
        } else {
            // After the last item: punctuation, the end of the line or 等
            // close a list; more words make the last quote a modifier
            // (“上海之夏”国际消费季).
            match trimmed.chars().next() {
                None => {}
                Some(c)
                    if crate::rules::typography::text::is_cjk_punct(c)
                        && !matches!(c, '“' | '《' | '（' | '‘' | '〈' | '【') => {}
                Some(c) if c.is_ascii_punctuation() && !matches!(c, '(' | '[') => {}
                Some('等') => {}
                _ => pure = false,
            }
            break;
        };
        let oc = text[next_open_at..].chars().next()?;
        let cc = closer_of(oc)?;
        run.books |= oc == '《';
        run.quotes |= oc == '“';
        let inner = next_open_at + oc.len_utf8();
        let k = text[inner..line_end].find(cc)?;
        if let Some(c) = comma {
            run.commas.push(c);
        }
        pos = inner + k;
    }
    run.pure = pure;
    Some(run)
}

impl Rule for CommaBetweenQuotedItems {
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
        let mut done = 0;
        let b = text.as_bytes();
        // `”` is E2 80 9D, `》` E3 80 8B: both marks.
        let closers = scan.marks().offsets().filter(|&i| {
            matches!(b[i], 0xE2 | 0xE3)
                && b[i + 1] == 0x80
                && matches!((b[i], b[i + 2]), (0xE2, 0x9D) | (0xE3, 0x8B))
        });
        for m in candidates_from(text, closers) {
            if m.start < done {
                continue;
            }
            let Some(run) = run_at(text, m.start) else {
                continue;
            };
            done = run.end;
            if !run.pure
                || run.commas.is_empty()
                || run.commas.iter().any(|c| scan.touches_skipped(c))
            {
                continue;
            }
            let what = match (run.quotes, run.books) {
                (false, true) => crate::i18n::pick("书名号", "title marks"),
                (true, false) => crate::i18n::pick("引号", "quotation marks"),
                _ => crate::i18n::pick("引号和书名号", "quotation marks and title marks"),
            };
            let n = run.commas.len();
            let message = if n == 1 {
                crate::tr!(
                    "并列的{what}之间用了顿号",
                    "“、” between coordinated items in {what}"
                )
            } else {
                crate::tr!(
                    "并列的{what}之间用了 {n} 个顿号",
                    "{n} “、” between coordinated items in {what}"
                )
            };
            let mut d = Diagnostic::new(meta, doc.file, run.commas[0].clone(), message)
                .with_label(crate::tr!(
                    "这个顿号通常不用",
                    "this “、” is usually left out"
                ))
                .with_help(crate::tr!(
                    "删去顿号：并列的{what}本身已把各项隔开",
                    "remove the “、”: the {what} already separate the items"
                ))
                .with_note(crate::tr!(
                    "依据：GB/T 15834-2011 第 4.5.3.5 条",
                    "basis: GB/T 15834-2011, clause 4.5.3.5"
                ));
            for c in &run.commas[1..] {
                d = d.with_secondary(
                    doc.file,
                    c.clone(),
                    crate::tr!("同一组并列项", "same group of coordinated items"),
                );
            }
            let edits = run
                .commas
                .iter()
                .map(|c| Edit {
                    file: doc.file,
                    span: c.clone(),
                    replacement: Default::default(),
                })
                .collect();
            out.push(d.with_edits(
                Applicability::Unsafe,
                crate::tr!("删去顿号", "remove “、”"),
                edits,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The hand-written search finds what the regex finds.
        #[test]
        fn candidates_are_the_regex_matches(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "”", "》", "“", "《", "、", " ", "\t", "　", "甲", "，", "\n", "a",
            ]), 0..16)
        ) {
            let s: String = parts.concat();
            let re = regex::Regex::new(r"[”》][ \t]*、[ \t]*[“《]").unwrap();
            let want: Vec<_> = re.find_iter(&s).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(candidates(&s), want, "{:?}", s);
        }
    }

    proptest::proptest! {
        /// The closers read from the marks are the ones a search finds.
        #[test]
        fn candidates_from_marks_are_the_candidates(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "”", "》", "“", "《", "、", " ", "\t", "　", "甲", "，", "\n", "a", "〉", "’",
            ]), 0..16)
        ) {
            let s: String = parts.concat();
            let marks = crate::rules::typography::text::Marks::of(&s);
            let b = s.as_bytes();
            let closers = marks.offsets().filter(|&i| {
                matches!(b[i], 0xE2 | 0xE3)
                    && b[i + 1] == 0x80
                    && matches!((b[i], b[i + 2]), (0xE2, 0x9D) | (0xE3, 0x8B))
            });
            proptest::prop_assert_eq!(candidates_from(&s, closers), candidates(&s), "{:?}", s);
        }
    }

    #[test]
    fn candidate_examples() {
        let s = "“甲”、“乙” 》 \t、《丙》、丁";
        let got: Vec<&str> = candidates(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(got, ["”、“", "》 \t、《"]);
    }
}
