use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::model::Document;
use crate::rules::typography::text::{is_han, lines, Scan};
use crate::rules::{Context, Rule, RuleMeta};

/// Options of [`RepeatedPhrase`] (`[R001]` in `rules.toml`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RepeatedPhraseOptions {
    /// Shortest phrase (in characters) reported when repeated back to back.
    pub min_chars: usize,
}

impl Default for RepeatedPhraseOptions {
    fn default() -> Self {
        RepeatedPhraseOptions { min_chars: 3 }
    }
}

declare_rule! {
    /// ## 检查内容
    /// 同一个短语紧挨着重复出现，例如“谋而有方、谋而有方、谋而有方”“加快推进加快推进”。
    ///
    /// ## 为什么
    /// 连续重复多半是复制粘贴时多按了一次，或排比句改写了一半（原稿可能是“谋而有方、
    /// 谋而有序、谋而有力”）。这种错误拼写检查发现不了，读起来却非常刺眼。
    ///
    /// 只报告三个字以上的短语（隔着顿号、逗号、分号或紧挨着），所以“一个一个攻难题、
    /// 一步一步干到底”这样的叠用，“搭建平台、平台聚集资源”这样的顶真都不受影响；
    /// 单字重叠（的的、了了）由 R002 检查。
    ///
    /// 隔着顿号、逗号、分号的重复，只有每一份都是完整的一项时才报告：顶真和回环
    /// （以新需求引领新供给、新供给创造新需求），逗号、分号后用上文的词另起一句
    /// （建成示范区，示范区内……），单位名称后面跟着以它开头的更长名称（区住房城乡
    /// 建设局、区住房城乡建设局机关党委），都是正当的写法。
    ///
    /// ## 示例
    /// ```text
    /// 谋而有方、谋而有方、谋而有方，谋而有效，长清将把各项重点工作落实到具体项目上。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 谋而有方、谋而有序、谋而有力，谋而有效，长清将把各项重点工作落实到具体项目上。
    /// ```
    ///
    /// ## 配置
    /// `rules/rules.toml` 的 `[R001]`：
    /// - `min_chars`：报告的最短短语字数（默认 3，至少 2）。
    ///
    /// ## 修复安全性
    /// 不安全：修复删去重复的部分，但原意可能是几个不同的短语，应由人决定。
    pub struct RepeatedPhrase {
        name: "repeated-phrase",
        category: Correctness,
        fix: Always,
        message: ["“{…}”紧接着重复了 {…} 次"],
        message_en: ["“{…}” is repeated {…} times in a row"],
        fix_title: ["删去重复的部分"],
        fix_title_en: ["remove the repetition"],
        explain_en: "The same phrase repeated right after itself, e.g. “加快推进加快推进”. Usually one paste too many, or a parallel phrase rewritten only in part; spell checkers miss it but it is glaring to readers.",
        options: RepeatedPhraseOptions,
    }
}

const MAX_CHARS: usize = 12;

fn is_sep(c: char) -> bool {
    matches!(c, '、' | '，' | ',' | '；' | ';')
}

/// The characters of one line, read on demand through a window of a few
/// dozen characters (the rule looks at most 2 × 13 characters ahead and one
/// back): a 50 MB line is not copied into a vector of characters.
struct Window<'t> {
    text: &'t str,
    line_end: usize,
    /// Character index of `buf[0]`.
    base: usize,
    /// `(byte offset, character)` from `base` on.
    buf: Vec<(usize, char)>,
    /// Byte offset of the first character not yet read.
    next: usize,
}

impl<'t> Window<'t> {
    fn new(text: &'t str, line: &crate::model::Span) -> Self {
        Window {
            text,
            line_end: line.end,
            base: 0,
            buf: Default::default(),
            next: line.start,
        }
    }

    /// The character at index `k` (at or after the window's start), or
    /// `None` past the line's end.
    #[inline]
    fn get(&mut self, k: usize) -> Option<(usize, char)> {
        if let Some(x) = self.buf.get(k.wrapping_sub(self.base)) {
            return Some(*x);
        }
        self.fill(k)
    }

    #[cold]
    fn fill(&mut self, k: usize) -> Option<(usize, char)> {
        // Decode in batches: a call per character costs more than the
        // decoding.
        let want = (k + 1).saturating_sub(self.base + self.buf.len()).max(64);
        let rest = &self.text[self.next..self.line_end];
        let mut read = rest.len();
        for (n, (j, c)) in rest.char_indices().enumerate() {
            if n == want {
                read = j;
                break;
            }
            self.buf.push((self.next + j, c));
        }
        self.next += read;
        self.buf.get(k.checked_sub(self.base)?).copied()
    }

    /// Whether the pair of characters `c0 c1` starts at one of the indices
    /// `lo..=hi`: one slice scan instead of a look-up per distance. A
    /// repeat of a phrase of two or more characters needs its first two
    /// characters again `d` characters later, and most positions of a line
    /// have no such pair close ahead, so this settles them.
    fn pair_at(&mut self, lo: usize, hi: usize, c0: char, c1: char) -> bool {
        // Fill the window up to `hi + 1` (or the end of the line).
        let _ = self.get(hi + 1);
        let from = lo.saturating_sub(self.base).min(self.buf.len());
        let to = (hi + 2).saturating_sub(self.base).min(self.buf.len());
        self.buf[from..to]
            .windows(2)
            .any(|w| w[0].1 == c0 && w[1].1 == c1)
    }

    /// Whether the line has at least `k` characters.
    fn has(&mut self, k: usize) -> bool {
        k == 0 || self.get(k - 1).is_some()
    }

    /// Byte offset of character `k` (the line's end for `k` = its length).
    fn end_of(&mut self, k: usize) -> usize {
        self.get(k).map_or(self.line_end, |x| x.0)
    }

    /// Forgets the characters before index `k` (in batches: the window
    /// is shifted once it holds a few hundred characters it no longer needs).
    fn forget_before(&mut self, k: usize) {
        let n = k.saturating_sub(self.base).min(self.buf.len());
        if n >= 256 {
            self.buf.drain(..n);
            self.base += n;
        }
    }

    /// Moves on to character index `k`, at byte offset `at`, keeping the
    /// character before it.
    fn jump(&mut self, k: usize, at: usize, line_start: usize) {
        self.buf.clear();
        self.base = k;
        self.next = at;
        if let Some(c) = self.text[line_start..at].chars().next_back() {
            self.base = k - 1;
            self.buf.push((at - c.len_utf8(), c));
        }
    }

    /// The length of the run of Han characters starting at `k`, counted up
    /// to [`MAX_CHARS`] (all the rule compares it with), given the run `prev`
    /// at `k - 1` when known: one new character looked at per step.
    fn han_run(&mut self, k: usize, prev: Option<usize>) -> usize {
        let mut n = match prev {
            Some(r) if r > 0 => r - 1,
            _ => 0,
        };
        while n < MAX_CHARS && self.get(k + n).is_some_and(|x| is_han(x.1)) {
            n += 1;
        }
        n
    }
}

impl Rule for RepeatedPhrase {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let min = cx
            .data
            .settings
            .options::<RepeatedPhraseOptions>(meta.code)
            .min_chars
            .clamp(2, MAX_CHARS);
        let src = cx.source(doc);
        let scan = Scan::of(cx, src);
        let text = scan.text;
        for line in lines(text) {
            let s = &text[line.clone()];
            // A repeat needs at least 2 × min Han characters.
            if s.len() < 6 * min || !s.chars().any(is_han) {
                continue;
            }
            let mut w = Window::new(text, &line);
            let mut i = 0;
            // The Han run at `i - 1`, when `i` was reached by one step.
            let mut prev_run = None;
            while w.get(i).is_some() {
                w.forget_before(i.saturating_sub(1));
                let mut found = None;
                let run = w.han_run(i, prev_run);
                prev_run = Some(run);
                let dmax = (MAX_CHARS + 1).min(run + 1);
                let c0 = w.get(i).map(|x| x.1);
                let c1 = w.get(i + 1).map(|x| x.1);
                if run >= min
                    && c0
                        .zip(c1)
                        .is_some_and(|(a, b)| w.pair_at(i + min, i + dmax, a, b))
                {
                    // The copy starts `d` characters later, right after the
                    // phrase (len = d) or after a separator (len = d - 1);
                    // the longest phrase first: 谋而有方 before 而有.
                    'd: for d in (min..=dmax).rev() {
                        if w.get(i + d).map(|x| x.1) != c0 {
                            continue;
                        }
                        for (len, sep) in [(d, false), (d - 1, true)] {
                            if len < min
                                || len > MAX_CHARS
                                || run < len
                                || !w.has(i + d + len)
                                || (sep && !w.get(i + len).is_some_and(|x| is_sep(x.1)))
                                || !(1..len).all(|k| {
                                    w.get(i + k).map(|x| x.1) == w.get(i + d + k).map(|x| x.1)
                                })
                            {
                                continue;
                            }
                            // Further copies, each right after the previous
                            // one (and its separator), compared as bytes.
                            let first = w.end_of(i)..w.end_of(i + len);
                            let phrase = &text[first.clone()];
                            let mut copies = 2;
                            let mut end = w.end_of(i + d + len);
                            loop {
                                let mut p = end;
                                if sep {
                                    match text[p..line.end].chars().next() {
                                        Some(c) if is_sep(c) => p += c.len_utf8(),
                                        _ => break,
                                    }
                                }
                                if !text[p..line.end].starts_with(phrase) {
                                    break;
                                }
                                copies += 1;
                                end = p + phrase.len();
                            }
                            // Copies joined by a separator are a slip only
                            // when each is a whole item: a copy that ends one
                            // clause and opens the next (引领新供给、新供给创造,
                            // 建成示范区，示范区内) is chained phrasing, and a
                            // last copy that goes on is a longer name
                            // (区住建局、区住建局机关党委).
                            if sep
                                && ((i > 0 && w.get(i - 1).is_some_and(|x| is_han(x.1)))
                                    || text[end..line.end].chars().next().is_some_and(is_han))
                            {
                                continue;
                            }
                            found = Some((first, end, d * (copies - 1) + len, copies - 1));
                            break 'd;
                        }
                    }
                }
                let Some((first, end, skip, times)) = found else {
                    i += 1;
                    continue;
                };
                prev_run = None;
                let dup = first.end..end;
                if scan.touches_skipped(&(first.start..dup.end)) {
                    i += 1;
                    continue;
                }
                let phrase = &text[first.clone()];
                out.push(
                    Diagnostic::new(
                        meta,
                        doc.file,
                        dup.clone(),
                        crate::tr!(
                            "“{phrase}”紧接着重复了 {times} 次",
                            "“{phrase}” is repeated {times} times in a row"
                        ),
                    )
                    .with_label(crate::tr!("重复", "repeated"))
                    .with_secondary(
                        doc.file,
                        first,
                        crate::tr!("第一次出现", "first occurrence"),
                    )
                    .with_help(crate::tr!(
                        "删去重复的部分，或改成原本要写的不同短语",
                        "remove the repetition, or write the different phrase that was meant"
                    ))
                    .with_fix(
                        Applicability::Unsafe,
                        crate::tr!("删去重复的部分", "remove the repetition"),
                        "",
                    ),
                );
                i += skip;
                w.jump(i, end, line.start);
                prev_run = None;
            }
        }
    }
}
