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
        fix_title: ["删去重复的部分"],
        options: RepeatedPhraseOptions,
    }
}

const MAX_CHARS: usize = 12;

fn is_sep(c: char) -> bool {
    matches!(c, '、' | '，' | ',' | '；' | ';')
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
        let mut chars: Vec<(usize, char)> = Vec::new();
        let mut han_run: Vec<usize> = Vec::new();
        for line in lines(text) {
            let s = &text[line.clone()];
            // A repeat needs at least 2 × min Han characters.
            if s.len() < 6 * min || !s.chars().any(is_han) {
                continue;
            }
            chars.clear();
            chars.extend(s.char_indices().map(|(k, c)| (line.start + k, c)));
            let end_of = |k: usize| chars.get(k).map_or(line.end, |x| x.0);
            // Length of the run of Han characters starting at each position.
            han_run.clear();
            han_run.resize(chars.len() + 1, 0);
            for k in (0..chars.len()).rev() {
                han_run[k] = if is_han(chars[k].1) {
                    han_run[k + 1] + 1
                } else {
                    0
                };
            }
            let mut i = 0;
            while i < chars.len() {
                let mut found = None;
                let n = chars.len();
                if han_run[i] >= min {
                    let c0 = chars[i].1;
                    // The copy starts `d` characters later, right after the
                    // phrase (len = d) or after a separator (len = d - 1);
                    // the longest phrase first: 谋而有方 before 而有.
                    'd: for d in (min..=(MAX_CHARS + 1).min(han_run[i] + 1)).rev() {
                        if i + d >= n || chars[i + d].1 != c0 {
                            continue;
                        }
                        for (len, sep) in [(d, false), (d - 1, true)] {
                            if len < min
                                || len > MAX_CHARS
                                || han_run[i] < len
                                || i + d + len > n
                                || (sep && !is_sep(chars[i + len].1))
                                || !(1..len).all(|k| chars[i + k].1 == chars[i + d + k].1)
                            {
                                continue;
                            }
                            let step = d;
                            let mut copies = 2;
                            let mut at = i + step;
                            while at + step + len <= n
                                && (!sep || is_sep(chars[at + len].1))
                                && (0..len).all(|k| chars[i + k].1 == chars[at + step + k].1)
                            {
                                copies += 1;
                                at += step;
                            }
                            // Copies joined by a separator are a slip only
                            // when each is a whole item: a copy that ends one
                            // clause and opens the next (引领新供给、新供给创造,
                            // 建成示范区，示范区内) is chained phrasing, and a
                            // last copy that goes on is a longer name
                            // (区住建局、区住建局机关党委).
                            let last_end = i + step * (copies - 1) + len;
                            if sep
                                && ((i > 0 && is_han(chars[i - 1].1))
                                    || chars.get(last_end).is_some_and(|x| is_han(x.1)))
                            {
                                continue;
                            }
                            found = Some((len, step, copies));
                            break 'd;
                        }
                    }
                }
                let Some((len, step, copies)) = found else {
                    i += 1;
                    continue;
                };
                let first = end_of(i)..end_of(i + len);
                let dup = end_of(i + len)..end_of(i + step * (copies - 1) + len);
                if scan.touches_skipped(&(first.start..dup.end)) {
                    i += 1;
                    continue;
                }
                let phrase: String = chars[i..i + len].iter().map(|x| x.1).collect();
                let times = copies - 1;
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
                i += step * (copies - 1) + len;
            }
        }
    }
}
