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
    /// to [`MAX_CHARS`] (all the rule compares it with).
    fn han_run(&mut self, k: usize) -> usize {
        let mut n = 0;
        while n < MAX_CHARS && self.get(k + n).is_some_and(|x| is_han(x.1)) {
            n += 1;
        }
        n
    }
}

/// Where a repeat can start in one line, found in one forward pass: the
/// character indices `i` whose run of `k` Han characters `c_i … c_{i+k-1}`
/// occurs again 2..=13 characters later, `k` being the shortest phrase
/// reported or 3 if that is longer (a copy of a phrase of `min_chars` or
/// more characters repeats its first `k`). Every other position of the line
/// is settled without a look at it; the rule checks only these, exactly as
/// before. The pass keeps a few dozen positions, whatever the line's length,
/// and reads the line's bytes (a character of U+5000–U+9FFF, most of
/// Chinese prose, is known Han by its first byte).
struct Starts<'t, 's> {
    /// The text's bytes, and the byte offsets of the next character to read
    /// and of the line's end.
    b: &'t [u8],
    p: usize,
    end: usize,
    /// Shortest distance a copy can start at (the rule's shortest phrase).
    min: usize,
    /// Characters per key (`min`, at most 3: three code points fill a key).
    k: usize,
    /// Characters read, Han characters in a row at the end of them, and the
    /// code points of the last `k` of those (21 bits each).
    t: usize,
    run: usize,
    roll: u64,
    /// Keys decided: those starting at indices below `j`.
    j: usize,
    /// Keys (`KEY_NONE` when not `k` Han characters) of the runs starting
    /// at the last 16 indices: `keys[i % 16]`.
    keys: [u64; 16],
    /// Byte offset + 1 in the text at which a key of each hash bucket last
    /// started: if that is more than `FAR` characters back, no key of this
    /// bucket started within `FAR`. Shared by the lines of a document
    /// (offsets only grow, so it never needs clearing).
    seen: &'s mut Seen,
    /// Byte offsets of the last 64 indices: `offs[i % 64]`.
    offs: [usize; 64],
    /// Candidate starts as bits: bit `b` is index `base + b`.
    mask: u64,
    base: usize,
    done: bool,
}

const KEY_NONE: u64 = u64::MAX;
/// The farthest a copy starts from its phrase: `MAX_CHARS + 1`.
const FAR: usize = MAX_CHARS + 1;

/// The hash table of [`Starts::seen`].
type Seen = [usize; 1024];

impl<'t, 's> Starts<'t, 's> {
    fn new(text: &'t str, line: &crate::model::Span, min: usize, seen: &'s mut Seen) -> Self {
        Starts {
            b: text.as_bytes(),
            p: line.start,
            end: line.end,
            min,
            k: min.min(3),
            t: 0,
            run: 0,
            roll: 0,
            j: 0,
            keys: [KEY_NONE; 16],
            seen,
            offs: [0; 64],
            mask: 0,
            base: 0,
            done: line.is_empty(),
        }
    }

    /// Reads characters, deciding the key that ends with each, until the
    /// keys below `stop_j` are decided, or (with `stop_on_mark`) a start is
    /// marked, or the line ends. The state is kept in locals in the loop
    /// (one call reads many characters).
    fn advance(&mut self, stop_j: usize, stop_on_mark: bool) {
        let (b, end, k, min) = (self.b, self.end, self.k, self.min);
        let key_mask = (1u64 << (21 * k)) - 1;
        let (mut p, mut t, mut run, mut roll, mut j) =
            (self.p, self.t, self.run, self.roll, self.j);
        let (mut mask, mut base) = (self.mask, self.base);
        let seen = &mut *self.seen;
        let keys = &mut self.keys;
        let offs = &mut self.offs;
        loop {
            if j >= stop_j || (stop_on_mark && mask != 0) {
                break;
            }
            if p >= end {
                self.done = true;
                break;
            }
            let at = p;
            let cp3 = |x: u8, y: u8, z: u8| {
                (u32::from(x & 0x0F) << 12) | (u32::from(y & 0x3F) << 6) | u32::from(z & 0x3F)
            };
            let (cp, han, len) = match b[at..end] {
                // U+5000–U+9FFF: Han, most of the text.
                [x @ 0xE5..=0xE9, y, z, ..] => (cp3(x, y, z), true, 3),
                [x @ 0..=0x7F, ..] => (u32::from(x), false, 1),
                [x @ 0xE0..=0xEF, y, z, ..] => {
                    let cp = cp3(x, y, z);
                    (cp, char::from_u32(cp).is_some_and(is_han), 3)
                }
                _ => {
                    let len = crate::rules::typography::text::utf8_len(b[at]);
                    let c = std::str::from_utf8(&b[at..(at + len).min(end)])
                        .ok()
                        .and_then(|s| s.chars().next());
                    (c.map_or(0, u32::from), c.is_some_and(is_han), len)
                }
            };
            offs[t % 64] = at;
            p = at + len;
            t += 1;
            if han {
                run += 1;
                roll = ((roll << 21) | u64::from(cp)) & key_mask;
            } else {
                run = 0;
            }
            if t < k {
                continue;
            }
            // The key starting at `s` (its last character just read).
            let s = t - k;
            let key = if run >= k { roll } else { KEY_NONE };
            if key != KEY_NONE {
                let h = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize;
                let prev = seen[h];
                let here = offs[s % 64] + 1;
                seen[h] = here;
                // The bucket's last start within reach (`FAR` characters
                // are at most 4 × `FAR` bytes): look at each distance.
                if prev > 0 && here.saturating_sub(prev) <= 4 * FAR {
                    // Nothing pending: positions more than FAR back are
                    // settled, and the bits start no lower (moved only
                    // here, when a start may be marked).
                    if mask == 0 && s > base + FAR {
                        base = s - FAR;
                    }
                    for d in min..=FAR.min(s) {
                        if keys[(s - d) % 16] == key {
                            let i = s - d;
                            if i >= base && i - base < 64 {
                                mask |= 1 << (i - base);
                            }
                        }
                    }
                }
            }
            keys[s % 16] = key;
            j = s + 1;
        }
        (self.p, self.t, self.run, self.roll, self.j) = (p, t, run, roll, j);
        (self.mask, self.base) = (mask, base);
    }

    /// The first possible start at or after index `i`, with its byte offset.
    fn next_from(&mut self, i: usize) -> Option<(usize, usize)> {
        if i > self.base {
            let s = i - self.base;
            self.mask = if s >= 64 { 0 } else { self.mask >> s };
            self.base = i;
        }
        loop {
            if self.mask != 0 {
                let c = self.base + self.mask.trailing_zeros() as usize;
                // Final once no later key can reach back to it.
                if self.done || self.j > c + FAR {
                    return Some((c, self.offs[c % 64]));
                }
                // Read until `c` is final (a lower start may be marked
                // meanwhile: the loop looks again).
                self.advance(c + FAR + 1, false);
            } else if self.done {
                return None;
            } else {
                // Nothing pending: read on to the next start or the end.
                self.advance(usize::MAX, true);
            }
        }
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
        let mut seen: Seen = [0; 1024];
        for line in lines(text) {
            let s = &text[line.clone()];
            // A repeat needs at least 2 × min Han characters.
            if s.len() < 6 * min || !s.chars().any(is_han) {
                continue;
            }
            let mut w = Window::new(text, &line);
            let mut starts = Starts::new(text, &line, min, &mut seen);
            let mut i = 0;
            // Only where a copy can start (most lines have no such place).
            while let Some((at, at_byte)) = starts.next_from(i) {
                if at > w.base + w.buf.len() + 64 {
                    // Far ahead: move the window there instead of reading
                    // everything in between into it.
                    w.jump(at, at_byte, line.start);
                }
                i = at;
                w.forget_before(i.saturating_sub(1));
                let mut found = None;
                let run = w.han_run(i);
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
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every index whose run of `min(min, 3)` Han characters occurs again
    /// `min..=FAR` characters later, found the slow way.
    fn brute(s: &str, min: usize) -> Vec<usize> {
        let c: Vec<char> = s.chars().collect();
        let k = min.min(3);
        let gram = |i: usize| {
            (i + k <= c.len() && c[i..i + k].iter().all(|&x| is_han(x))).then(|| &c[i..i + k])
        };
        (0..c.len())
            .filter(|&i| {
                gram(i).is_some() && (min..=FAR).any(|d| i + d < c.len() && gram(i + d) == gram(i))
            })
            .collect()
    }

    /// The starts of each line of `lines`, scanned in order in one text
    /// with one shared table, as the rule does.
    fn scanned_lines(lines: &[&str], min: usize) -> Vec<Vec<(usize, usize)>> {
        let text = format!("前缀\n{}", lines.join("\n"));
        let mut seen: Seen = [0; 1024];
        let mut start = "前缀\n".len();
        lines
            .iter()
            .map(|l| {
                let line = start..start + l.len();
                start = line.end + 1;
                let mut st = Starts::new(&text, &line, min, &mut seen);
                let mut out = Vec::new();
                let mut i = 0;
                while let Some((k, at)) = st.next_from(i) {
                    out.push((k, at - line.start));
                    i = k + 1;
                }
                out
            })
            .collect()
    }

    fn scanned(s: &str, min: usize) -> Vec<(usize, usize)> {
        scanned_lines(&[s], min).remove(0)
    }

    #[test]
    fn starts_are_exactly_the_places_a_run_of_k_recurs() {
        // A small alphabet, so pairs recur at every distance; separators
        // and Latin letters break Han pairs.
        let alphabet: Vec<char> = "推进加快建设发展、，A1𠀀é〇".chars().collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for n in 0..3000 {
            let len = n % 200;
            let s: String = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            // The line before shares the table: 30 characters of the
            // same alphabet.
            let before: String = s.chars().rev().take(30).collect();
            for min in 2..=MAX_CHARS {
                let got = scanned_lines(&[&before, &s], min).remove(1);
                let want = brute(&s, min);
                assert_eq!(
                    got.iter().map(|x| x.0).collect::<Vec<_>>(),
                    want,
                    "{s:?} min {min}"
                );
                let offsets: Vec<usize> = s.char_indices().map(|(b, _)| b).collect();
                for (k, at) in got {
                    assert_eq!(at, offsets[k], "{s:?}");
                }
            }
        }
    }

    #[test]
    fn a_repeat_far_into_a_long_line_is_found_where_it_is() {
        // 6,000 characters with no pair recurring within 13, then a repeat:
        // the scan jumps the window there.
        let filler: String = (0..6000u32)
            .map(|k| char::from_u32(0x4E00 + k).expect("a Han character"))
            .collect();
        let s = format!("{filler}加快推进加快推进");
        let at = filler.len();
        // 加快推 and 快推进 recur four characters on (推进加 does not).
        assert_eq!(scanned(&s, 3), vec![(6000, at), (6001, at + 3)]);
        assert_eq!(
            scanned(&s, 2),
            vec![(6000, at), (6001, at + 3), (6002, at + 6)]
        );
        assert!(scanned(&filler, 2).is_empty());
    }
}
