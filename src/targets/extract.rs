//! The target extractor.
//!
//! One pass over a unit's normalised text:
//! 1. [`numbers::scan`] finds every number with a unit.
//! 2. Numbers joined only by `、`, `和`, `及`, `与` form one list
//!    (`分别增长5.5%和6%以上`, `分别控制在3.3‰、4.0‰、9.3/10万以下`).
//! 3. The phrase before a list, back to the previous clause boundary, is read
//!    from its end: qualifier words (`超过`, `不低于`), the relation (`增长`,
//!    `提高至`, `控制在`…), `分别`, then the subject. Fillers (`确保`,
//!    `全年`, `到2022年`) are dropped from the subject's start; `力争`/`争取`
//!    mark a possible stretch target.
//! 4. A list of N values over `A、B、C分别…` or `城镇和农村…` is distributed
//!    over its parts, completing elided ones (`城镇` → `城镇居民人均可支配收入`);
//!    over an indicator with a `split` in `rules/indicators.toml`
//!    (城乡居民人均可支配收入 → 城镇…, 农村…) otherwise.
//! 5. A list with no subject of its own (`（力争超过 5.6%）`, `，达到40.9亿元`,
//!    `，分别增长5.5%和5.6%`) takes the subject of the list before it in the
//!    same sentence.
//!
//! Numbers inside another target's subject (`5岁以下儿童死亡率`) are not
//! targets.

use std::ops::Range;

use super::norm::Norm;
use super::numbers::{self, Bound, Quantity};
use super::{Indicators, Relation, Target, TextUnit};

/// Qualifier words written before a number.
const PRE: &[(&str, Bound)] = &[
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
const END_REL: &[(&str, Relation)] = &[
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
const WEAK: &[&str] = &["实现", "完成", "达到", "达", "为", "到", "至"];

/// Words dropped from the start of a subject.
const FILLERS: &[&str] = &[
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
const TRAILING: &[&str] = &[
    "确保", "力争", "争取", "努力", "力求", "已经", "基本", "稳步", "持续", "逐步", "全部", "要",
    "将", "均", "已", "都",
];

/// Verbs a subject may start with (新增城镇就业3400人, 建成充电桩560个).
/// They stay in the subject (an indicator may include them) but not in its key.
const START_VERBS: &[&str] = &[
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
const STRETCH: &[&str] = &["力争", "争取"];

fn is_boundary_char(c: char) -> bool {
    matches!(
        c,
        ',' | '。' | ';' | ':' | '!' | '?' | '、' | '—' | '…' | '\n' | '·'
    )
}

/// Per-character flags: clause boundary. Brackets are boundaries unless they
/// hold a short name part (`执业（助理）医师数`, `（西校区）`).
fn boundaries(n: &Norm) -> Vec<bool> {
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
fn year_mentions(n: &Norm) -> Vec<(usize, u32, Range<usize>)> {
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

fn strip_prefix_any<'a>(n: &Norm, s: &mut usize, e: usize, words: &[&'a str]) -> Option<&'a str> {
    for w in words {
        let l = w.chars().count();
        if *s + l <= e && n.starts_with_at(*s, w) {
            *s += l;
            return Some(w);
        }
    }
    None
}

/// Strips a leading year (`到2022年`, `2025年底`).
fn strip_year(n: &Norm, s: &mut usize, e: usize) -> bool {
    let mut k = *s;
    for w in ["截至", "到", "至"] {
        if n.starts_with_at(k, w) {
            k += w.chars().count();
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

/// Splits a subject at top-level `、`, `和`, `及`, `与` into parts.
fn split_parts(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '《' | '“' | '(' | '‘' => depth += 1,
            '》' | '”' | ')' | '’' => depth -= 1,
            _ => {}
        }
        if depth == 0 && matches!(c, '、' | '和' | '及' | '与') {
            parts.push(String::new());
        } else {
            parts.last_mut().expect("non-empty").push(c);
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// Completes elided parts of a coordination: `城镇` + `农村居民人均可支配收入`
/// → `城镇居民人均可支配收入`; `…系统接入使用率` + `标准使用率` →
/// `…系统标准使用率`.
fn complete_parts(parts: &[String]) -> Vec<String> {
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
    s.trim_end_matches('的').to_string()
}

/// Whether a subject is only a verb (`推进`, `完成`): the noun follows the
/// number (推进45个重点在谈项目).
fn verb_only(subject: &str) -> bool {
    let mut s = subject_key(subject);
    loop {
        let before = s.len();
        for v in START_VERBS {
            if let Some(r) = s.strip_prefix(v) {
                s = r.to_string();
                break;
            }
        }
        if s.len() == before {
            break;
        }
    }
    s.is_empty()
}

struct List {
    /// Indices into the quantities.
    qs: Vec<usize>,
    /// Subject phrase range (chars) and its parts' texts.
    subject: Range<usize>,
    verb: String,
    relation: Option<Relation>,
    pre_bound: Option<(Bound, String)>,
    pre_start: usize,
    distributed: bool,
    stretch_marker: bool,
    /// Range of the whole phrase before the values (for consumption).
    local: Range<usize>,
}

/// Extracts the targets of one text unit. `index` is stored in each target.
pub fn extract(unit: &TextUnit, index: usize, ind: &Indicators) -> Vec<Target> {
    let n = Norm::new(&unit.text.text, unit.range.clone());
    let qs = numbers::scan(&n);
    if qs.is_empty() {
        return Vec::new();
    }
    let bnd = boundaries(&n);
    let years = year_mentions(&n);
    let groups = value_lists(&n, &qs, &quoted_mask(&n));
    let lists = read_phrases(&n, &qs, &bnd, groups);
    let consumed = consumed_lists(&qs, &lists);
    let cx = Extraction {
        unit,
        index,
        ind,
        n: &n,
        qs: &qs,
        bnd: &bnd,
        years: &years,
    };
    cx.targets(&lists, &consumed)
}

/// Numbers inside quotes or titles are names (“15分钟医保服务圈”): which
/// characters are inside one.
fn quoted_mask(n: &Norm) -> Vec<bool> {
    let mut quoted = vec![false; n.len()];
    let mut depth = 0i32;
    for (i, c) in n.chars().enumerate() {
        match c {
            '“' | '《' | '「' => depth += 1,
            '”' | '》' | '」' => depth = (depth - 1).max(0),
            _ => {}
        }
        quoted[i] = depth > 0;
    }
    quoted
}

/// Step 2: numbers joined only by `、`, `和`, `及`… form one list.
fn value_lists(n: &Norm, qs: &[Quantity], quoted: &[bool]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (j, q) in qs.iter().enumerate() {
        if quoted[q.range.start] {
            continue;
        }
        if let Some(g) = groups.last_mut() {
            let prev = &qs[*g.last().expect("non-empty")];
            let between = n.slice(prev.range.end..q.range.start);
            if matches!(between.as_str(), "、" | "和" | "及" | "与" | "以及" | "或") {
                g.push(j);
                continue;
            }
        }
        groups.push(vec![j]);
    }
    groups
}

/// Step 3 for every list: the phrase before it.
fn read_phrases(n: &Norm, qs: &[Quantity], bnd: &[bool], groups: Vec<Vec<usize>>) -> Vec<List> {
    let mut lists: Vec<List> = Vec::new();
    let mut prev_end = 0usize;
    for g in groups {
        let owned_before = lists.last().is_some_and(|l: &List| l.relation.is_some());
        let next_end = qs[*g.last().expect("non-empty")].range.end;
        lists.push(read_phrase(n, qs, bnd, g, prev_end, owned_before));
        prev_end = next_end;
    }
    lists
}

/// Step 3: the phrase before one list, back to the previous clause boundary,
/// read from its end: qualifier, relation, `分别`, fillers, the subject.
/// `prev_end` is where the previous list's values end; `owned_before` says
/// whether that list has a relation of its own.
fn read_phrase(
    n: &Norm,
    qs: &[Quantity],
    bnd: &[bool],
    g: Vec<usize>,
    prev_end: usize,
    owned_before: bool,
) -> List {
    let first: &Quantity = &qs[g[0]];
    let local_end = first.range.start;
    let mut s = local_end;
    while s > 0 && !bnd[s - 1] {
        s -= 1;
    }
    // A number between the boundary and this list starts the phrase only
    // when it is a target itself (a relation before it); otherwise it is
    // part of the subject (到2022年70岁以下人群…死亡率控制在…).
    if prev_end > s && owned_before {
        s = prev_end;
    }
    let mut e = local_end;
    let mut pre_bound = None;
    for (w, b) in PRE {
        let l = w.chars().count();
        if e >= s + l && n.ends_with_at(e, w) {
            e -= l;
            pre_bound = Some((*b, w.to_string()));
            break;
        }
    }
    let pre_start = e;
    let mut relation = None;
    let mut verb = String::new();
    for (w, r) in END_REL {
        let l = w.chars().count();
        if e >= s + l && n.ends_with_at(e, w) {
            e -= l;
            relation = Some(*r);
            verb = w.to_string();
            break;
        }
    }
    // 增长不低于6%: qualifier after the relation was handled; 超过 before it too.
    let mut distributed = false;
    for w in ["分别", "均"] {
        let l = w.chars().count();
        if e >= s + l && n.ends_with_at(e, w) {
            e -= l;
            distributed = w == "分别";
            break;
        }
    }
    let mut ss = s;
    let mut stretch_marker = false;
    loop {
        let before = ss;
        if strip_year(n, &mut ss, e) {
            continue;
        }
        if let Some(w) = strip_prefix_any(n, &mut ss, e, FILLERS) {
            if STRETCH.contains(&w) {
                stretch_marker = true;
            }
        }
        if ss == before {
            break;
        }
    }
    e = strip_trailing(n, ss, e);
    extend_coordinated_subject(n, qs, bnd, &g, distributed, &mut s, &mut ss, e);
    List {
        qs: g,
        subject: ss..e,
        verb,
        relation,
        pre_bound,
        pre_start,
        distributed,
        stretch_marker,
        local: s..local_end,
    }
}

/// Adverbs between the subject and its relation: 粮食综合生产能力确保稳定在…
/// Returns the subject's new end.
fn strip_trailing(n: &Norm, ss: usize, mut e: usize) -> usize {
    loop {
        let before = e;
        while e > ss && n.at(e - 1) == '的' {
            e -= 1;
        }
        for w in TRAILING {
            let l = w.chars().count();
            if e >= ss + l + 2 && n.ends_with_at(e, w) {
                e -= l;
                break;
            }
        }
        if e == before {
            break;
        }
    }
    e
}

/// A subject coordinated with 、 reaches back across it
/// (续建扩建中小学、幼儿园5所); a distributed list also across numbers
/// inside its subjects (婴儿死亡率、5岁以下儿童死亡率、孕产妇死亡率分别控制在…).
#[allow(clippy::too_many_arguments)]
fn extend_coordinated_subject(
    n: &Norm,
    qs: &[Quantity],
    bnd: &[bool],
    g: &[usize],
    distributed: bool,
    s: &mut usize,
    ss: &mut usize,
    e: usize,
) {
    let mut parts = split_parts(&n.slice(*ss..e)).len();
    let mut k = *ss;
    while k > 1 && n.at(k - 1) == '、' {
        let mut k2 = k - 1;
        while k2 > 0 && !bnd[k2 - 1] {
            k2 -= 1;
        }
        let has_number = qs
            .iter()
            .any(|q| q.range.start >= k2 && q.range.start < k - 1);
        let wanted = distributed && g.len() > 1 && parts < g.len();
        if has_number && !wanted {
            break;
        }
        if !has_number && !wanted && distributed {
            break;
        }
        k = k2;
        parts += 1;
    }
    if k < *ss && (!distributed || g.len() == 1 || parts == g.len()) {
        *ss = k;
        *s = (*s).min(k);
        // Fillers at the new start.
        loop {
            let before = *ss;
            strip_year(n, ss, e);
            strip_prefix_any(n, ss, e, FILLERS);
            if *ss == before {
                break;
            }
        }
    }
}

/// Numbers inside another list's phrase are part of its subject.
fn consumed_lists(qs: &[Quantity], lists: &[List]) -> Vec<bool> {
    lists
        .iter()
        .map(|l| {
            lists.iter().any(|o| {
                !std::ptr::eq(o, l)
                    && l.qs.iter().all(|&q| {
                        qs[q].range.start >= o.local.start && qs[q].range.end <= o.local.end
                    })
            })
        })
        .collect()
}

/// What the target-building steps read.
struct Extraction<'a> {
    unit: &'a TextUnit,
    index: usize,
    ind: &'a Indicators,
    n: &'a Norm,
    qs: &'a [Quantity],
    bnd: &'a [bool],
    years: &'a [(usize, u32, Range<usize>)],
}

/// Per-value subjects of a list, and the relation, verb and stretch flag
/// they carry.
struct Subjects {
    subjects: Vec<(String, Option<usize>)>,
    verb: String,
    relation: Relation,
    stretch: bool,
}

impl Extraction<'_> {
    /// Steps 4–5 over every list not consumed by another: targets.
    fn targets(&self, lists: &[List], consumed: &[bool]) -> Vec<Target> {
        let (n, qs) = (self.n, self.qs);
        let mut out: Vec<Target> = Vec::new();
        // Targets of the previous list in the same sentence.
        let mut prev_list: Vec<usize> = Vec::new();
        let mut last_sentence_end = 0usize;
        for (li, l) in lists.iter().enumerate() {
            if consumed[li] {
                continue;
            }
            let first = &qs[l.qs[0]];
            // A sentence end between the previous list and this one.
            if (last_sentence_end..first.range.start)
                .any(|k| matches!(n.at(k), '。' | ';' | '!' | '?'))
            {
                prev_list.clear();
            }
            last_sentence_end = qs[*l.qs.last().expect("non-empty")].range.end;
            if let Some(this_list) = self.list_targets(l, &prev_list, &mut out) {
                prev_list = this_list;
            }
        }
        out
    }

    /// The targets of one list, appended to `out`; their indexes, or `None`
    /// when the list gives no target (and the previous list stays current).
    fn list_targets(
        &self,
        l: &List,
        prev_list: &[usize],
        out: &mut Vec<Target>,
    ) -> Option<Vec<usize>> {
        let (n, qs, bnd, unit) = (self.n, self.qs, self.bnd, self.unit);
        let first = &qs[l.qs[0]];
        let subject_text = n.slice(l.subject.clone());
        let mut key = if verb_only(&subject_text) {
            String::new()
        } else {
            subject_key(&subject_text)
        };
        let mut subject_range = l.subject.clone();
        // Number before its noun (推进45个重点在谈项目, 完成50所学校): the
        // noun after the value, up to a boundary or the next number.
        let last = &qs[*l.qs.last().expect("non-empty")];
        let next_q = qs
            .iter()
            .map(|q| q.range.start)
            .find(|&s| s >= last.range.end)
            .unwrap_or(n.len());
        let mut k = last.range.end;
        while k < next_q && !bnd[k] && k - last.range.end < 10 {
            k += 1;
        }
        let after = last.range.end..k;
        if key.is_empty() && !l.stretch_marker && after.len() >= 2 {
            subject_range = after;
            key = subject_key(&n.slice(subject_range.clone()));
        }
        // Chinese numerals under ten need a verb: 一个、两个 are words.
        if l.qs.iter().any(|&q| qs[q].chinese && qs[q].lo < 10.0)
            && l.relation.is_none()
            && !START_VERBS.iter().any(|v| subject_text.starts_with(v))
        {
            return None;
        }
        let year = self
            .years
            .iter()
            .rev()
            .find(|(i, _, _)| *i < first.range.start)
            .map(|(_, y, r)| (*y, r.clone()));
        let inherit = key.is_empty();
        if inherit && prev_list.is_empty() {
            return None;
        }
        let m = l.qs.len();
        let Subjects {
            subjects,
            verb,
            relation,
            stretch,
        } = if inherit {
            inherited_subjects(l, first, prev_list, out)
        } else {
            self.own_subjects(l, &subject_range, &key, prev_list, out)
        };
        let subject_span = if inherit {
            let at = unit.span(n.logical(l.subject.start..l.subject.start));
            at.start..at.start
        } else {
            unit.span(n.logical(subject_range.clone()))
        };
        let mut this_list = Vec::with_capacity(m);
        let shared = m > 1 && subjects.windows(2).any(|w| w[0].0 == w[1].0);
        for (k, (subject, indicator)) in subjects.into_iter().enumerate() {
            let qi = l.qs[k.min(m - 1)];
            let q = &qs[qi];
            let mut bound = q.bound;
            let mut start = q.range.start;
            if k == 0 || m == 1 {
                if let Some((b, _)) = &l.pre_bound {
                    if bound == Bound::Exact {
                        bound = *b;
                    }
                    start = l.pre_start;
                }
            }
            let logical = n.logical(start..q.range.end);
            // As written (full-width forms kept), white space dropped.
            let value_text: String = unit.text.text[logical.clone()]
                .chars()
                .filter(|c| !super::norm::is_space(*c))
                .collect();
            this_list.push(out.len());
            out.push(Target {
                unit: self.index,
                indicator,
                subject,
                subject_span: subject_span.clone(),
                relation,
                verb: verb.clone(),
                lo: q.lo,
                hi: q.hi,
                unit_of: q.unit.clone(),
                bound,
                stretch,
                value_text,
                value_span: unit.span(logical.clone()),
                value_logical: logical,
                year: year.as_ref().map(|y| y.0),
                year_span: year.as_ref().map(|y| unit.span(n.logical(y.1.clone()))),
                achieved: false,
                shared,
            });
        }
        Some(this_list)
    }

    /// Step 4: a list with a subject of its own; N values are distributed
    /// over `A、B、C` parts or over an indicator's `split`.
    fn own_subjects(
        &self,
        l: &List,
        subject_range: &Range<usize>,
        key: &str,
        prev_list: &[usize],
        out: &[Target],
    ) -> Subjects {
        let ind = self.ind;
        let m = l.qs.len();
        let mut subjects: Vec<(String, Option<usize>)> = Vec::with_capacity(m);
        let mut relation = l.relation.unwrap_or(Relation::Count);
        let mut stretch = false;
        let subject_text = self.n.slice(subject_range.clone());
        let (stripped, growth) = strip_rate_suffix(&subject_text);
        if growth && l.relation.is_none_or(|r| r == Relation::Level) {
            relation = Relation::Growth;
        }
        let whole = ind
            .find_at_end(stripped)
            .or_else(|| ind.find_at_end(&subject_text));
        let parts = split_parts(&subject_text);
        if m == 1 && l.distributed && parts.len() > 1 {
            // 高血压…和糖尿病…分别达到65%: one value for each part.
            for p in complete_parts(&parts) {
                let (s2, _) = strip_rate_suffix(&p);
                let id = ind.find_at_end(s2);
                subjects.push((p, id));
            }
        } else if m > 1 && parts.len() == m {
            for p in complete_parts(&parts) {
                let (s2, _) = strip_rate_suffix(&p);
                let id = ind.find_at_end(s2);
                subjects.push((p, id));
            }
        } else if let Some(id) = whole.filter(|&id| ind.list()[id].split.len() == m && m > 1) {
            for &part in &ind.list()[id].split {
                subjects.push((ind.name(part).to_string(), Some(part)));
            }
        } else {
            for _ in 0..m {
                subjects.push((subject_text.clone(), whole));
            }
        }
        if l.stretch_marker {
            stretch = prev_list.iter().any(|&p| {
                subject_key(&out[p].subject) == key
                    || (whole.is_some() && out[p].indicator == whole)
            });
        }
        Subjects {
            subjects,
            verb: l.verb.clone(),
            relation,
            stretch,
        }
    }
}

/// Step 5: a list with no subject of its own takes the subjects of the list
/// before it in the same sentence.
fn inherited_subjects(l: &List, first: &Quantity, prev_list: &[usize], out: &[Target]) -> Subjects {
    let m = l.qs.len();
    let mut subjects: Vec<(String, Option<usize>)> = Vec::with_capacity(m);
    let mut verb = l.verb.clone();
    let mut relation = l.relation.unwrap_or(Relation::Count);
    for k in 0..m {
        let src = if prev_list.len() == m {
            prev_list[k]
        } else {
            *prev_list.last().expect("non-empty")
        };
        let p = &out[src];
        subjects.push((p.subject.clone(), p.indicator));
        // 增长4%（力争实现4.5%）: the relation carries over to a value
        // of the same kind; 年均增长9%，达到40.9亿元 keeps its own.
        let weak = l.relation.is_none()
            || (WEAK.contains(&l.verb.as_str()) && p.unit_of.kind == first.unit.kind);
        if weak && k == 0 {
            relation = p.relation;
            verb = p.verb.clone();
        }
    }
    Subjects {
        subjects,
        verb,
        relation,
        stretch: l.stretch_marker,
    }
}

/// Strips 增速/增幅/增长率 from a subject's end (`地区生产总值增速`).
fn strip_rate_suffix(s: &str) -> (&str, bool) {
    for suf in ["增长率", "增速", "增幅"] {
        if let Some(r) = s.strip_suffix(suf) {
            if !r.is_empty() {
                return (r, true);
            }
        }
    }
    (s, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Joined;
    use crate::targets::{Origin, TextUnit};

    fn unit(s: &str) -> TextUnit {
        let j = Joined::from_piece(s, 0..s.len());
        TextUnit {
            origin: Origin::Paragraph(0),
            range: 0..s.len(),
            text: j,
            section: None,
            review: false,
        }
    }

    /// `subject verb value [stretch] @year` for each target.
    fn ex(s: &str) -> Vec<String> {
        let ind = Indicators::builtin();
        let u = unit(s);
        extract(&u, 0, &ind)
            .into_iter()
            .map(|t| {
                let mut out = format!("{} {} {}", t.what(&ind), t.verb, t.value_text);
                if t.stretch {
                    out.push_str(" [力争]");
                }
                if let Some(y) = t.year {
                    out.push_str(&format!(" @{y}"));
                }
                let written: String = s[t.value_span.clone()]
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                assert_eq!(written, t.value_text, "span of {}", t.value_text);
                out
            })
            .collect()
    }

    #[test]
    fn headline_targets_and_stretch() {
        assert_eq!(
            ex("地区生产总值增长 5.6%（力争超过 5.6%）。"),
            vec![
                "地区生产总值 增长 5.6%",
                "地区生产总值 增长 超过5.6% [力争]"
            ]
        );
        assert_eq!(
            ex("一般公共预算收入增长 4%（力争实现 4.5%）。"),
            vec![
                "一般公共预算收入 增长 4%",
                "一般公共预算收入 增长 4.5% [力争]"
            ]
        );
        assert_eq!(
            ex("规上工业增加值增长8.5%"),
            vec!["规模以上工业增加值 增长 8.5%"]
        );
    }

    #[test]
    fn distributed_over_urban_and_rural() {
        assert_eq!(
            ex("城乡居民人均可支配收入分别增长 5.5%和 6%以上。"),
            vec![
                "城镇居民人均可支配收入 增长 5.5%",
                "农村居民人均可支配收入 增长 6%以上"
            ]
        );
        assert_eq!(
            ex("城镇和农村居民人均可支配收入达到51484元和25194元，分别增长5.5%和5.6%。"),
            vec![
                "城镇居民人均可支配收入 达到 51484元",
                "农村居民人均可支配收入 达到 25194元",
                "城镇居民人均可支配收入 增长 5.5%",
                "农村居民人均可支配收入 增长 5.6%"
            ]
        );
    }

    #[test]
    fn distributed_over_listed_subjects() {
        assert_eq!(
            ex("到 2022 年，婴儿死亡率、5岁以下儿童死亡率、孕产妇死亡率分别控制在 3.3‰、4.0‰、9.3/10万以下。"),
            vec![
                "婴儿死亡率 控制在 3.3‰ @2022",
                "5岁以下儿童死亡率 控制在 4.0‰ @2022",
                "孕产妇死亡率 控制在 9.3/10万以下 @2022"
            ]
        );
        assert_eq!(
            ex("全区妇幼健康信息系统接入使用率和标准使用率分别达到 100%和 80%。"),
            vec![
                "妇幼健康信息系统接入使用率 达到 100%",
                "妇幼健康信息系统标准使用率 达到 80%"
            ]
        );
    }

    #[test]
    fn ranges_numerals_widths_and_spaces() {
        assert_eq!(
            ex("固定资产投资增长5%～6%"),
            vec!["固定资产投资 增长 5%～6%"]
        );
        assert_eq!(
            ex("系统推进历史遗留矿山生态治理修复三十处"),
            vec!["系统推进历史遗留矿山生态治理修复  三十处"]
        );
        assert_eq!(
            ex("地区生产总值增长５．６％"),
            vec!["地区生产总值 增长 ５．６％"]
        );
        assert_eq!(ex("新增城镇就业 3 400 人"), vec!["新增城镇就业  3400人"]);
        assert_eq!(
            ex("建成新能源充电桩560个，累计建设5G基站3000个以上"),
            vec!["充电桩  560个", "5G基站  3000个以上"]
        );
        assert_eq!(
            ex("确保全年新开工项目80个以上、续建项目107个以上，年度完成投资150亿元以上。"),
            vec![
                "新开工项目  80个以上",
                "续建项目  107个以上",
                "完成投资  150亿元以上"
            ]
        );
    }

    #[test]
    fn years_and_inherited_subjects() {
        assert_eq!(
            ex("到 2022 年居民健康素养水平达到 24%。"),
            vec!["居民健康素养水平 达到 24% @2022"]
        );
        assert_eq!(
            ex("一般公共预算收入年均增长 9%，达到 40.9 亿元。"),
            vec![
                "一般公共预算收入 年均增长 9%",
                "一般公共预算收入 达到 40.9亿元"
            ]
        );
        assert!(ex("长清大学城聚集了13所高校。一个一个攻难题").len() <= 1);
        assert!(ex("2024年1月17日，推动两个优势产业").is_empty());
    }
}
