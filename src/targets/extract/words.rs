//! Word lists and text helpers the extractor reads phrases with:
//! qualifiers, relations, fillers, clause boundaries, year mentions and
//! the splitting of coordinated subjects.

use std::ops::Range;

use super::super::norm::Norm;
use super::super::numbers::Bound;
use super::super::Relation;
use rustc_hash::FxHashMap;

/// Qualifier words written before a number.
pub(super) const PRE: &[(&str, Bound)] = &[
    ("不低于", Bound::AtLeast),
    ("不少于", Bound::AtLeast),
    ("不超过", Bound::AtMost),
    ("不高于", Bound::AtMost),
    ("不多于", Bound::AtMost),
    ("超过", Bound::AtLeast),
    ("高于", Bound::AtLeast),
    ("至少", Bound::AtLeast),
    ("低于", Bound::AtMost),
    ("不足", Bound::AtMost),
    ("逾", Bound::AtLeast),
    ("近", Bound::About),
    ("约", Bound::About),
];

/// Relation words written right before the value, longest first.
pub(super) const END_REL: &[(&str, Relation)] = &[
    ("年均增长", Relation::AverageGrowth),
    ("年均提高", Relation::AverageGrowth),
    ("年均递增", Relation::AverageGrowth),
    ("年均增速", Relation::AverageGrowth),
    ("年均下降", Relation::Decline),
    ("年均降低", Relation::Decline),
    ("提高到", Relation::Level),
    ("提高至", Relation::Level),
    ("提升到", Relation::Level),
    ("提升至", Relation::Level),
    ("增加到", Relation::Level),
    ("增加至", Relation::Level),
    ("增长到", Relation::Level),
    ("增长至", Relation::Level),
    ("上升到", Relation::Level),
    ("上升至", Relation::Level),
    ("下降到", Relation::Level),
    ("下降至", Relation::Level),
    ("降低到", Relation::Level),
    ("降低至", Relation::Level),
    ("减少到", Relation::Level),
    ("减少至", Relation::Level),
    ("压减到", Relation::Level),
    ("压减至", Relation::Level),
    ("缩短到", Relation::Level),
    ("缩短至", Relation::Level),
    ("控制在", Relation::Level),
    ("稳定在", Relation::Level),
    ("保持在", Relation::Level),
    ("维持在", Relation::Level),
    ("达到", Relation::Level),
    ("突破", Relation::Level),
    ("增长", Relation::Growth),
    ("增加", Relation::Growth),
    ("提高", Relation::Growth),
    ("提升", Relation::Growth),
    ("上升", Relation::Growth),
    ("增速", Relation::Growth),
    ("下降", Relation::Decline),
    ("降低", Relation::Decline),
    ("减少", Relation::Decline),
    ("降至", Relation::Level),
    ("增至", Relation::Level),
    ("升至", Relation::Level),
    ("实现", Relation::Level),
    ("完成", Relation::Level),
    ("新增", Relation::Count),
    ("新建", Relation::Count),
    ("建成", Relation::Count),
    ("累计", Relation::Count),
    ("达", Relation::Level),
    ("为", Relation::Level),
    ("到", Relation::Level),
    ("至", Relation::Level),
];

/// Relation words that take the relation of the target before them when
/// they have no subject (`增长4%（力争实现4.5%）`).
pub(super) const WEAK: &[&str] = &["实现", "完成", "达到", "达", "为", "到", "至"];

/// Words dropped from the start of a subject.
pub(super) const FILLERS: &[&str] = &[
    "确保",
    "力争",
    "争取",
    "努力",
    "全年",
    "年度",
    "今年",
    "明年",
    "年内",
    "全区",
    "全市",
    "全县",
    "全镇",
    "其中",
    "同时",
    "并且",
    "并",
    "要",
    "将",
    "预计",
    "计划",
    "使",
    "让",
    "推动",
    "实现",
    "持续",
    "进一步",
    "到",
    "至",
    "截至",
    "的",
];

/// Adverbs dropped from the end of a subject.
pub(super) const TRAILING: &[&str] = &[
    "确保", "力争", "争取", "努力", "力求", "已经", "基本", "稳步", "持续", "逐步", "全部", "要",
    "将", "均", "已", "都",
];

/// Verbs a subject may start with (新增城镇就业3400人, 建成充电桩560个).
/// They stay in the subject (an indicator may include them) but not in its key.
pub(super) const START_VERBS: &[&str] = &[
    "累计建设",
    "累计建成",
    "累计完成",
    "新改建",
    "新谋划",
    "新开工",
    "规范提升",
    "新增",
    "新建",
    "建成",
    "建设",
    "完成",
    "实施",
    "培育",
    "打造",
    "创建",
    "引进",
    "招引",
    "改造",
    "治理",
    "谋划",
    "签约",
    "开工",
    "举办",
    "开展",
    "备案",
    "认定",
    "新开通",
    "开通",
    "提供",
    "推进",
    "累计",
    "续建",
    "扩建",
    "修复",
];

/// Stretch markers.
pub(super) const STRETCH: &[&str] = &["力争", "争取"];

/// A word list read from a normalised text: the words as characters,
/// and which of them end (start) with each character, in the list's
/// order. A word that cannot match costs nothing (the list is not walked,
/// no word is decoded).
pub(super) struct Lexicon {
    words: Vec<Vec<char>>,
    by_last: FxHashMap<char, Vec<usize>>,
    by_first: FxHashMap<char, Vec<usize>>,
}

impl Lexicon {
    fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Lexicon {
        let words: Vec<Vec<char>> = words.into_iter().map(|w| w.chars().collect()).collect();
        let (mut by_last, mut by_first): (
            FxHashMap<char, Vec<usize>>,
            FxHashMap<char, Vec<usize>>,
        ) = Default::default();
        for (i, w) in words.iter().enumerate() {
            if let (Some(&f), Some(&l)) = (w.first(), w.last()) {
                by_first.entry(f).or_default().push(i);
                by_last.entry(l).or_default().push(i);
            }
        }
        Lexicon {
            words,
            by_last,
            by_first,
        }
    }

    /// The words the characters before `end` end with, in the list's
    /// order: (index in the list, length in characters).
    pub(super) fn ending_at<'a>(
        &'a self,
        n: &'a Norm,
        end: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let chars = n.as_chars();
        let cands: &[usize] = match end.checked_sub(1).and_then(|p| chars.get(p)) {
            Some(c) if end <= chars.len() => self.by_last.get(c).map_or(&[], Vec::as_slice),
            _ => &[],
        };
        cands.iter().filter_map(move |&i| {
            let w = &self.words[i];
            (w.len() <= end && chars[end - w.len()..end] == w[..]).then_some((i, w.len()))
        })
    }

    /// The words the characters at `start` start with, in the list's
    /// order: (index in the list, length in characters).
    pub(super) fn starting_at<'a>(
        &'a self,
        n: &'a Norm,
        start: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let chars = n.as_chars();
        let cands: &[usize] = match chars.get(start) {
            Some(c) => self.by_first.get(c).map_or(&[], Vec::as_slice),
            None => &[],
        };
        cands.iter().filter_map(move |&i| {
            let w = &self.words[i];
            chars[start..].starts_with(w).then_some((i, w.len()))
        })
    }
}

/// A [`Lexicon`] of a word list, built on first use.
macro_rules! lexicon {
    ($name:ident, $words:expr) => {
        pub(super) fn $name() -> &'static Lexicon {
            static L: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
            L.get_or_init(|| Lexicon::new($words))
        }
    };
}

lexicon!(pre_words, PRE.iter().map(|(w, _)| *w));
lexicon!(relation_words, END_REL.iter().map(|(w, _)| *w));
lexicon!(filler_words, FILLERS.iter().copied());
lexicon!(trailing_words, TRAILING.iter().copied());

pub(super) fn is_boundary_char(c: char) -> bool {
    matches!(
        c,
        ',' | '。' | ';' | ':' | '!' | '?' | '、' | '—' | '…' | '\n' | '·'
    )
}

/// Per-character flags: clause boundary. Brackets are boundaries unless they
/// hold a short name part (`执业（助理）医师数`, `（西校区）`).
pub(super) fn boundaries(n: &Norm) -> Vec<bool> {
    let mut b: Vec<bool> = n.chars().map(is_boundary_char).collect();
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..n.len() {
        match n.at(i) {
            '(' | '[' | '【' | '〔' => stack.push(i),
            ')' | ']' | '】' | '〕' => {
                let open = stack.pop();
                let inner = open.is_some_and(|o| {
                    i - o - 1 <= 8 && (o + 1..i).all(|k| !n.at(k).is_ascii_digit())
                });
                if !inner {
                    if let Some(o) = open {
                        b[o] = true;
                    }
                    b[i] = true;
                }
            }
            _ => {}
        }
    }
    for o in stack {
        b[o] = true;
    }
    b
}

/// `(char index, year, char range)` of year mentions (`2022年`, `到 2022 年`),
/// excluding dates (`2024年1月`) and annotations in brackets (`（2017年）`).
pub(super) fn year_mentions(n: &Norm) -> Vec<(usize, u32, Range<usize>)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut i = 0;
    while i < n.len() {
        let c = n.at(i);
        match c {
            '(' | '[' | '【' => depth += 1,
            ')' | ']' | '】' => depth = (depth - 1).max(0),
            _ => {}
        }
        if c.is_ascii_digit()
            && (i == 0 || !n.at(i - 1).is_ascii_digit())
            && (1..4).all(|k| n.get(i + k).is_some_and(|c| c.is_ascii_digit()))
            && n.get(i + 4) == Some('年')
        {
            let y: u32 = n.slice(i..i + 4).parse().unwrap_or(0);
            // 2024年1月17日 is a date; 2022年70岁 is not.
            let date = {
                let mut k = i + 5;
                while n.get(k).is_some_and(|c| c.is_ascii_digit()) && k < i + 7 {
                    k += 1;
                }
                k > i + 5 && n.get(k) == Some('月')
            };
            if depth == 0 && !date && (1949..=2100).contains(&y) {
                out.push((i, y, i..i + 5));
            }
            i += 5;
            continue;
        }
        i += 1;
    }
    out
}

/// Strips the first of [`FILLERS`] the text at `*s` starts with (and that
/// ends by `e`); returns it.
pub(super) fn strip_filler(n: &Norm, s: &mut usize, e: usize) -> Option<&'static str> {
    for (i, l) in filler_words().starting_at(n, *s) {
        if *s + l <= e {
            *s += l;
            return Some(FILLERS[i]);
        }
    }
    None
}

/// Strips a leading year (`到2022年`, `2025年底`).
pub(super) fn strip_year(n: &Norm, s: &mut usize, e: usize) -> bool {
    let mut k = *s;
    for w in ["截至", "到", "至"] {
        if let Some(l) = n.starts_with_len(k, w) {
            k += l;
            break;
        }
    }
    if k + 5 <= e && (0..4).all(|d| n.at(k + d).is_ascii_digit()) && n.at(k + 4) == '年' {
        k += 5;
        for w in ["底", "末", "前", "内", "时"] {
            if k < e && n.starts_with_at(k, w) {
                k += 1;
                break;
            }
        }
        *s = k;
        return true;
    }
    false
}

/// Whether `c` opens (1) or closes (-1) a nesting that hides separators
/// from [`split_parts`].
fn depth_step(c: char) -> i32 {
    match c {
        '《' | '“' | '(' | '‘' => 1,
        '》' | '”' | ')' | '’' => -1,
        _ => 0,
    }
}

/// Whether `c` separates the parts of a coordinated subject.
fn is_part_separator(c: char) -> bool {
    matches!(c, '、' | '和' | '及' | '与')
}

/// Splits a subject at top-level `、`, `和`, `及`, `与` into parts.
pub(super) fn split_parts(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0i32;
    for c in text.chars() {
        depth += depth_step(c);
        if depth == 0 && is_part_separator(c) {
            parts.push(String::new());
        } else {
            parts.last_mut().expect("non-empty").push(c);
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// The number of parts [`split_parts`] makes of `chars`, without building
/// them.
pub(super) fn count_parts(chars: &[char]) -> usize {
    let (mut parts, mut depth, mut open) = (0usize, 0i32, false);
    for &c in chars {
        depth += depth_step(c);
        if depth == 0 && is_part_separator(c) {
            open = false;
        } else if !open {
            open = true;
            parts += 1;
        }
    }
    parts
}

/// Completes elided parts of a coordination: `城镇` + `农村居民人均可支配收入`
/// → `城镇居民人均可支配收入`; `…系统接入使用率` + `标准使用率` →
/// `…系统标准使用率`.
pub(super) fn complete_parts(parts: &[String]) -> Vec<String> {
    let chars: Vec<Vec<char>> = parts.iter().map(|p| p.chars().collect()).collect();
    let longest = chars.iter().map(Vec::len).max().unwrap_or(0);
    let last = chars.last().cloned().unwrap_or_default();
    let first = chars.first().cloned().unwrap_or_default();
    chars
        .iter()
        .map(|p| {
            if p.len() >= longest.min(4) && p.len() * 2 > longest {
                return p.iter().collect();
            }
            let common_suffix = p
                .iter()
                .rev()
                .zip(first.iter().rev())
                .take_while(|(a, b)| a == b)
                .count();
            if common_suffix > 0 && first.len() > p.len() {
                // Right-aligned: replace the end of the first part.
                let mut s: String = first[..first.len() - p.len()].iter().collect();
                s.extend(p.iter());
                s
            } else if last.len() > p.len() {
                // Left-aligned: borrow the tail of the last part.
                let mut s: String = p.iter().collect();
                s.extend(last[p.len()..].iter());
                s
            } else {
                p.iter().collect()
            }
        })
        .collect()
}

/// The key of a subject used to compare phrases: leading fillers and a
/// trailing 的 removed (`全年新开工项目` → `新开工项目`).
pub fn subject_key(subject: &str) -> String {
    subject_key_str(subject).to_string()
}

/// [`subject_key`] as a slice of `subject` (no copy).
pub fn subject_key_str(subject: &str) -> &str {
    let mut s = subject;
    loop {
        let before = s.len();
        for v in FILLERS {
            if let Some(r) = s.strip_prefix(v) {
                s = r;
                break;
            }
        }
        if s.len() == before {
            break;
        }
    }
    s.trim_end_matches('的')
}

/// Whether a subject is only a verb (`推进`, `完成`): the noun follows the
/// number (推进45个重点在谈项目).
pub(super) fn verb_only(subject: &str) -> bool {
    let mut s = subject_key_str(subject);
    loop {
        let before = s.len();
        for v in START_VERBS {
            if let Some(r) = s.strip_prefix(v) {
                s = r;
                break;
            }
        }
        if s.len() == before {
            break;
        }
    }
    s.is_empty()
}
