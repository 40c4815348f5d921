use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::model::Document;
use crate::rules::typography::text::Scan;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 虚词多打了一个字，例如“发展的的基础”“完成了了任务”。
    ///
    /// ## 为什么
    /// “的的”“了了”这样的重字是录入时的手误，拼写检查不报，通读时眼睛又会自动跳过，
    /// 往往印出来才被发现。
    ///
    /// 公文里大多数两个相同的字连在一起是两个词相接（长清区区长、产品品质、中医医院），
    /// 或者是正当的叠词（常常、人人、年年），无法凭一份词表区分，所以只检查“的”“了”
    /// “们”这类几乎不会正当重叠的虚词，并放过“的的确确”“为了了解”“不了了之”等说法。
    ///
    /// ## 示例
    /// ```text
    /// 这是推动高质量发展的的重要基础，全区上下完成了了各项任务。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 这是推动高质量发展的重要基础，全区上下完成了各项任务。
    /// ```
    ///
    /// ## 配置
    /// `rules/typography.toml` 的 `[doubled]`：`suspects`（检查的字）、`allow`（重叠正当的
    /// 说法）、`reduplications`（正当的叠词）。
    ///
    /// ## 修复安全性
    /// 不安全：修复删去一个字，应由人确认。
    pub struct DoubledCharacter {
        name: "doubled-character",
        category: Correctness,
        fix: Always,
        message: ["“{…}”多了一个“{…}”"],
        message_en: ["“{…}” has an extra “{…}”"],
        fix_title: ["删去一个“{…}”"],
        fix_title_en: ["remove one “{…}”"],
        explain_en: "A function word typed twice, e.g. “发展的的基础”, “完成了了任务”. Such doubled characters are typing slips that spell checkers miss and readers skip over.",
    }
}

impl Rule for DoubledCharacter {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let data = &cx.data.typography;
        if data.doubled_suspects.is_empty() {
            return;
        }
        let src = cx.source(doc);
        let scan = Scan::of(cx, src);
        let text = scan.text;
        let mut last_reported = None;
        // Only a suspect written twice can be reported: the places where a
        // suspect follows itself, found by a byte search for each suspect's
        // pair (a character's bytes match only where it starts), in order.
        // The same places, and the same decisions, as reading every
        // character ([`doubled_places`] in the tests).
        for (p, i, c) in doubled_suspect_places(text, &data.doubled_suspects) {
            if last_reported != Some(p)
                && !data.doubling_allowed(text, p, c)
                && !scan.touches_skipped(&(p..i + c.len_utf8()))
            {
                let pair: String = [c, c].iter().collect();
                out.push(
                    Diagnostic::new(
                        meta,
                        doc.file,
                        i..i + c.len_utf8(),
                        crate::tr!("“{pair}”多了一个“{c}”", "“{pair}” has an extra “{c}”"),
                    )
                    .with_label(crate::tr!("重复的字", "doubled character"))
                    .with_secondary(doc.file, p..i, crate::tr!("前一个", "the one before"))
                    .with_help(crate::tr!("删去一个“{c}”", "remove one “{c}”"))
                    .with_fix(
                        Applicability::Unsafe,
                        crate::tr!("删去一个“{c}”", "remove one “{c}”"),
                        "",
                    ),
                );
                last_reported = Some(i);
            }
        }
    }
}

/// Every place where a suspect follows itself: `(first, second, c)` with
/// the byte offsets of the two copies of `c`, by the second's offset.
/// Overlapping places (`的的的`: two) are all found.
fn doubled_suspect_places(text: &str, suspects: &[char]) -> Vec<(usize, usize, char)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for &c in suspects {
        let mut pair = [0u8; 8];
        let n = c.encode_utf8(&mut pair[..4]).len();
        pair.copy_within(0..n, n);
        let finder = memchr::memmem::Finder::new(&pair[..2 * n]);
        let mut at = 0;
        while let Some(k) = finder.find(&b[at..]) {
            let p = at + k;
            out.push((p, p + n, c));
            // The second copy may start the next pair.
            at = p + n;
        }
    }
    if suspects.len() > 1 {
        out.sort_unstable_by_key(|x| x.1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The places as the rule read them before: every character with the
    /// one before it, kept when they are the same suspect.
    fn doubled_places(text: &str, suspects: &[char]) -> Vec<(usize, usize, char)> {
        let mut out = Vec::new();
        let mut prev: Option<(usize, char)> = None;
        for (i, c) in text.char_indices() {
            if let Some((p, pc)) = prev {
                if pc == c && suspects.contains(&c) {
                    out.push((p, i, c));
                }
            }
            prev = Some((i, c));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn byte_search_finds_the_places_of_the_character_walk(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "的", "了", "们", "与", "被", "目", "，", "a", "\n", "的的", "𠀀", "é",
            ]), 0..24),
            k in 0usize..4,
        ) {
            let s: String = parts.concat();
            let all = ['的', '了', '𠀀', 'é', '与'];
            let suspects = &all[..=k.min(all.len() - 1)];
            proptest::prop_assert_eq!(
                doubled_suspect_places(&s, suspects),
                doubled_places(&s, suspects),
                "{:?}", s
            );
        }
    }
}
