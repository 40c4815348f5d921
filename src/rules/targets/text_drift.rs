use std::ops::Range;

use similar::{capture_diff_slices, Algorithm, DiffOp};

use crate::chars::is_han;
use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::link::{ClausePair, Link, LinkKind};
use crate::model::Span;
use crate::rules::{Context, Rule, RuleMeta};
use crate::targets::norm::Norm;

use super::task_label;

/// Options of [`TextDrift`] (`[X004]` in `rules.toml`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TextDriftOptions {
    /// Name endings: a changed word followed by, or ending in, one of these is a name.
    pub name_suffixes: Vec<String>,
    /// Function characters: dropping one of these is ordinary rewording.
    pub function_chars: String,
}

impl Default for TextDriftOptions {
    fn default() -> Self {
        TextDriftOptions {
            name_suffixes: DEFAULT_SUFFIXES.iter().map(|s| s.to_string()).collect(),
            function_chars: DEFAULT_FUNCTION.to_string(),
        }
    }
}

declare_rule! {
    /// ## 检查内容
    /// 分工任务与工作报告中对应的同一句话，名称、数字或个别字不同。
    ///
    /// ## 为什么
    /// 分工多是从报告逐句复制再删改的。复制时改错一个字（“济南经济开发区”
    /// 成了“济南经济开发带”）、漏掉一个字（“社区微就业”成了“社区微业”）、
    /// 把两个项目的位置写反（“加快…建设”与“谋划好…项目”互换），都不会被
    /// 拼写检查发现，却会让任务和报告说的不是一回事。
    ///
    /// 只比较两份文件中对应的分句，并且只报告“除此之外完全相同”的差异：
    /// 分句中只有一处改动；改动是名称（改动后紧跟“区、园、项目、工程”等
    /// 名称后缀，或两边都以这类字结尾）、列举中整项被替换、引号内的提法、
    /// 没有单位的数字，或在词语中间漏掉的一个字（不含“的、和、等”这类
    /// 虚字）。分工比报告简略、在句首句尾增删词语、整句改写，都不报告；
    /// 带单位的数字差异由 X001 报告。两个名称互换位置合并为一条。
    ///
    /// ## 示例
    /// ```text
    /// === 报告.txt ===
    /// 2025年政府工作报告
    /// 进一步做大做强济南经济开发带，对标高标准、高水平。深入开展“社区微就业”，推广“招聘夜市”。
    /// === 分工.md ===
    /// 2025年《政府工作报告》重点工作责任分工
    /// 1.进一步做大做强济南经济开发区，对标高标准、高水平。（牵头单位：大学城管委会）
    /// 2.深入开展“社区微业”，推广“招聘夜市”。（牵头单位：区人力资源社会保障局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// === 报告.txt ===
    /// 2025年政府工作报告
    /// 进一步做大做强济南经济开发区，对标高标准、高水平。深入开展“社区微就业”，推广“招聘夜市”。
    /// === 分工.md ===
    /// 2025年《政府工作报告》重点工作责任分工
    /// 1.进一步做大做强济南经济开发区，对标高标准、高水平。（牵头单位：大学城管委会）
    /// 2.深入开展“社区微就业”，推广“招聘夜市”。（牵头单位：区人力资源社会保障局）
    /// ```
    ///
    /// ## 配置
    /// `rules.toml` 中 `[X004]`：
    /// - `name_suffixes`（字符串列表）：名称后缀，改动的词以它们结尾或后接它们时是名称。
    /// - `function_chars`（字符串）：漏掉也不报告的虚字。
    pub struct TextDrift {
        name: "text-drift",
        category: Consistency,
        fix: None,
        message: ["{…}与工作报告中“{…}”和“{…}”的位置对调", "{…}与工作报告的对应语句{…}：分工“{…}”，报告“{…}”"],
        options: TextDriftOptions,
    }
}

const DEFAULT_SUFFIXES: &[&str] = &[
    "项目",
    "工程",
    "中心",
    "基地",
    "平台",
    "园区",
    "片区",
    "小区",
    "社区",
    "公司",
    "集团",
    "大道",
    "综合体",
    "广场",
    "大厦",
    "区",
    "带",
    "园",
    "城",
    "港",
    "谷",
    "湾",
    "街",
    "路",
    "桥",
    "镇",
    "村",
    "乡",
    "县",
    "局",
    "馆",
    "院",
    "站",
    "场",
    "厂",
    "校",
    "楼",
    "廊",
    "岛",
    "湖",
    "河",
    "山",
    "寺",
    "苑",
    "庄",
    "坊",
    "台",
];
const DEFAULT_FUNCTION: &str = "的地得了着过和与及或并等之其更再将要也都已在对为把被向从以于而又还很最较新全各每该本此好大多一些进均总所这那";

/// What kind of difference a drift is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Name,
    Item,
    Quoted,
    Number,
    Dropped,
}

/// One difference inside a clause pair.
#[derive(Debug, Clone)]
struct Drift {
    kind: Kind,
    /// Annex unit index.
    unit: usize,
    /// Changed text on each side (may be empty on one side).
    a_text: String,
    b_text: String,
    /// Labelled spans (source) and whether the side is missing text.
    a_span: Span,
    b_span: Span,
    /// Clause context shown in the message.
    a_ctx: String,
    b_ctx: String,
    /// For swaps: the whole item/name on each side.
    a_name: (String, Span),
    b_name: (String, Span),
    /// Report unit index.
    b_unit: usize,
    /// The sides, to widen a name to its partner's length.
    a_norm: Norm,
    b_norm: Norm,
    a_chars: Vec<char>,
    b_chars: Vec<char>,
    a_range: Range<usize>,
    b_range: Range<usize>,
}

impl Drift {
    /// The annex name widened leftwards to `full` when the characters before
    /// it spell the missing head (`潮不夜城` → `国潮不夜城`).
    fn widened(&self, link: &Link, annex: bool, full: &str) -> (String, Span) {
        let (norm, chars, r, unit) = if annex {
            (
                &self.a_norm,
                &self.a_chars,
                &self.a_range,
                &link.annex_units[self.unit],
            )
        } else {
            (
                &self.b_norm,
                &self.b_chars,
                &self.b_range,
                &link.report_units[self.b_unit],
            )
        };
        let want: Vec<char> = full.chars().collect();
        if want.len() > r.len() {
            let need = want.len() - r.len();
            if r.start >= need && chars[r.start - need..r.end] == want[..] {
                let nr = r.start - need..r.end;
                return (full.to_string(), unit.span(norm.logical(nr)));
            }
        }
        if annex {
            self.a_name.clone()
        } else {
            self.b_name.clone()
        }
    }
}

struct Side<'a> {
    norm: Norm,
    chars: Vec<char>,
    unit: &'a crate::targets::TextUnit,
}

impl<'a> Side<'a> {
    fn new(unit: &'a crate::targets::TextUnit, r: Range<usize>) -> Self {
        let norm = Norm::new(&unit.text.text, r);
        let chars = norm.chars().collect();
        Side { norm, chars, unit }
    }

    fn text(&self, r: Range<usize>) -> String {
        self.chars[r].iter().collect()
    }

    fn span(&self, r: Range<usize>) -> Span {
        self.unit.span(self.norm.logical(r))
    }

    /// Original text of a char range, white space removed.
    fn original(&self, r: Range<usize>) -> String {
        let l = self.norm.logical(r);
        self.unit.text.text[l]
            .chars()
            .filter(|c| !crate::targets::norm::is_space(*c))
            .collect()
    }

    /// Text quoted inside a message: inner double quotes become single
    /// (GB/T 15834: 双引号内再用单引号).
    fn inner(s: String) -> String {
        s.replace('“', "‘").replace('”', "’")
    }

    fn quoted(&self, at: usize) -> bool {
        let mut depth = 0i32;
        for &c in &self.chars[..at.min(self.chars.len())] {
            match c {
                '“' | '《' | '「' | '‘' => depth += 1,
                '”' | '》' | '」' | '’' => depth -= 1,
                _ => {}
            }
        }
        depth > 0
    }

    /// Context around a change: the whole clause when short, else a window.
    fn context(&self, r: Range<usize>) -> String {
        let n = self.chars.len();
        if n <= 24 {
            return self.original(0..n);
        }
        let s = r.start.saturating_sub(8);
        let e = (r.end + 6).min(n);
        format!(
            "{}{}{}",
            if s > 0 { "…" } else { "" },
            self.original(s..e),
            if e < n { "…" } else { "" }
        )
    }
}

fn is_punct(c: char) -> bool {
    !c.is_alphanumeric()
}

/// Change hunks `(a range, b range)` of a char diff, consecutive changes merged.
///
/// The ranges are sorted, do not overlap and lie within `a` and `b`. Positions
/// are counted from the operations' lengths rather than taken from their
/// indexes: `similar`'s Myers diff can report a `Delete` with a `new_index`
/// past the following equal run (seen: `c，` → `，a，，，bb` gives
/// `Delete { new_index: 3 }` before `Equal { new_index: 0 }`), which used to
/// produce overlapping hunks and an arithmetic overflow in [`analyse`].
fn hunks(a: &[char], b: &[char]) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = raw_hunks(a, b);
    // Differences of punctuation alone are typography, not drift.
    out.retain(|(ar, br)| {
        !(a[ar.clone()].iter().all(|c| is_punct(*c)) && b[br.clone()].iter().all(|c| is_punct(*c)))
    });
    out
}

/// [`hunks`] before punctuation-only changes are dropped.
fn raw_hunks(a: &[char], b: &[char]) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut merge = false;
    let (mut ai, mut bi) = (0usize, 0usize);
    for op in capture_diff_slices(Algorithm::Myers, a, b) {
        let (la, lb) = match op {
            DiffOp::Equal { len, .. } => {
                ai += len;
                bi += len;
                merge = false;
                continue;
            }
            DiffOp::Delete { old_len, .. } => (old_len, 0),
            DiffOp::Insert { new_len, .. } => (0, new_len),
            DiffOp::Replace {
                old_len, new_len, ..
            } => (old_len, new_len),
        };
        let ar = ai.min(a.len())..(ai + la).min(a.len());
        let br = bi.min(b.len())..(bi + lb).min(b.len());
        ai += la;
        bi += lb;
        match (merge, out.last_mut()) {
            (true, Some(h)) => {
                h.0.end = ar.end;
                h.1.end = br.end;
            }
            _ => out.push((ar, br)),
        }
        merge = true;
    }
    out
}

const ITEM_SEP: &[char] = &['、', '和', '及', '与'];

/// Expands a change to the list item holding it, if the change covers the
/// item but for at most two characters on each side and the item is bounded
/// by a list separator on at least one side.
fn list_item(chars: &[char], r: &Range<usize>) -> Option<Range<usize>> {
    let mut s = r.start;
    while s > 0 && !ITEM_SEP.contains(&chars[s - 1]) && r.start - s <= 2 {
        s -= 1;
    }
    let left_sep = s > 0 && ITEM_SEP.contains(&chars[s - 1]);
    if !(left_sep || s == 0) || r.start - s > 2 {
        return None;
    }
    let mut e = r.end;
    while e < chars.len() && !ITEM_SEP.contains(&chars[e]) && chars[e] != '等' && e - r.end <= 2 {
        e += 1;
    }
    let right_sep = e < chars.len() && (ITEM_SEP.contains(&chars[e]) || chars[e] == '等');
    if !(right_sep || e == chars.len()) || e - r.end > 2 {
        return None;
    }
    (left_sep || right_sep).then_some(s..e)
}

struct Params {
    suffixes: Vec<String>,
    function: Vec<char>,
}

impl Params {
    fn ends_with_suffix(&self, s: &str) -> bool {
        self.suffixes.iter().any(|x| s.ends_with(x.as_str()))
    }

    fn starts_with_suffix(&self, chars: &[char]) -> bool {
        self.suffixes.iter().any(|s| {
            let sc: Vec<char> = s.chars().collect();
            chars.len() >= sc.len() && chars[..sc.len()] == sc[..]
        })
    }
}

/// The drift of one clause pair, if there is exactly one qualifying change.
fn analyse(link: &Link, pair: &ClausePair, unit: usize, p: &Params) -> Option<Drift> {
    let a = Side::new(&link.annex_units[unit], pair.annex.clone());
    let b = Side::new(&link.report_units[pair.report_unit], pair.report.clone());
    let hs = hunks(&a.chars, &b.chars);
    let edge = |h: &(Range<usize>, Range<usize>)| {
        (h.0.start == 0 && h.1.start == 0) || (h.0.end == a.chars.len() && h.1.end == b.chars.len())
    };
    // Otherwise identical: changes at the ends may only add words (力争…,
    // …建设), and most of the shorter clause is shared.
    let pure = |h: &(Range<usize>, Range<usize>)| h.0.is_empty() || h.1.is_empty();
    let (ca, cb): (usize, usize) = hs
        .iter()
        .fold((0, 0), |(x, y), h| (x + h.0.len(), y + h.1.len()));
    let equal = a
        .chars
        .len()
        .saturating_sub(ca)
        .min(b.chars.len().saturating_sub(cb));
    let shorter = a.chars.len().min(b.chars.len());
    if shorter == 0 || equal * 2 < shorter {
        return None;
    }
    let interior: Vec<usize> = (0..hs.len()).filter(|&i| !edge(&hs[i])).collect();
    let (idx, at_edge) = match interior.as_slice() {
        [i] => (*i, false),
        [] => {
            // Only a short substitution at the clause's end can be a name.
            let i = hs.iter().position(|h| {
                h.0.end == a.chars.len()
                    && h.1.end == b.chars.len()
                    && h.0.start > 0
                    && h.1.start > 0
            })?;
            (i, true)
        }
        _ => return None,
    };
    if hs
        .iter()
        .enumerate()
        .any(|(i, h)| i != idx && edge(h) && !pure(h))
    {
        return None;
    }
    let (ar, br) = hs[idx].clone();
    let left = ar.start - if idx > 0 { hs[idx - 1].0.end } else { 0 };
    let right = if idx + 1 < hs.len() {
        hs[idx + 1].0.start
    } else {
        a.chars.len()
    } - ar.end;
    let at = a.text(ar.clone());
    let bt = b.text(br.clone());
    // Chinese numerals count as numbers only when a whole side is one (二期/三期).
    let cn_numeral = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| "零〇一二两三四五六七八九十百千".contains(c))
    };
    let has_digit = |s: &str| s.chars().any(|c| c.is_ascii_digit());
    let numeric = has_digit(&at) || has_digit(&bt) || (cn_numeral(&at) && cn_numeral(&bt));
    let quoted = a.quoted(ar.start) && b.quoted(br.start);

    let kind = if numeric {
        // Numbers with units are targets and their years (X001, X002, X003).
        let overlaps = |ts: &[crate::targets::Target], sp: Span| {
            let hit = |o: &Span| o.start < sp.end && sp.start < o.end;
            ts.iter()
                .any(|t| hit(&t.value_span) || t.year_span.as_ref().is_some_and(hit))
        };
        if at_edge
            || at.is_empty()
            || bt.is_empty()
            || left < 2
            || overlaps(&link.annex_targets, a.span(ar.clone()))
            || overlaps(&link.report_targets, b.span(br.clone()))
        {
            return None;
        }
        Kind::Number
    } else if !at.is_empty() && !bt.is_empty() {
        if quoted && !at_edge && at.chars().count() <= 6 && bt.chars().count() <= 6 {
            Kind::Quoted
        } else if let (Some(ia), Some(ib)) = (list_item(&a.chars, &ar), list_item(&b.chars, &br)) {
            let (la, lb) = (ia.len(), ib.len());
            if at_edge || la < 2 || lb < 2 {
                return None;
            }
            return Some(make(pair, unit, &a, &b, Kind::Item, ia, ib));
        } else {
            let (na, nb) = (at.chars().count(), bt.chars().count());
            let suffix_pair =
                na <= 4 && nb <= 4 && p.ends_with_suffix(&at) && p.ends_with_suffix(&bt);
            let before_suffix = (2..=12).contains(&na)
                && (2..=12).contains(&nb)
                && p.starts_with_suffix(&a.chars[ar.end..]);
            let by_suffix = suffix_pair && left >= if at_edge { 4 } else { 2 };
            let by_following = before_suffix && !at_edge && left >= 2;
            if by_suffix || by_following {
                Kind::Name
            } else {
                return None;
            }
        }
    } else {
        // One side lost characters.
        if at_edge {
            return None;
        }
        let (d, short, gap) = if at.is_empty() {
            (&bt, &a, ar.start)
        } else {
            (&at, &b, br.start)
        };
        let n = d.chars().count();
        if quoted && n <= 4 {
            Kind::Quoted
        } else {
            let c = d.chars().next().unwrap_or(' ');
            let neighbours_han = gap > 0
                && gap < short.chars.len()
                && is_han(short.chars[gap - 1])
                && is_han(short.chars[gap]);
            if n == 1
                && is_han(c)
                && !p.function.contains(&c)
                && neighbours_han
                && left >= 2
                && right >= 1
            {
                Kind::Dropped
            } else {
                return None;
            }
        }
    };
    let (ar, br) = if kind == Kind::Number {
        (whole_number(&a.chars, ar), whole_number(&b.chars, br))
    } else {
        (ar, br)
    };
    Some(make(pair, unit, &a, &b, kind, ar, br))
}

/// Widens a change inside a number to the whole number (`1234[6]` → `12346`).
fn whole_number(chars: &[char], mut r: Range<usize>) -> Range<usize> {
    let num = |c: char| c.is_ascii_digit() || c == '.';
    while r.start > 0 && num(chars[r.start - 1]) {
        r.start -= 1;
    }
    while r.end < chars.len() && num(chars[r.end]) {
        r.end += 1;
    }
    r
}

fn make(
    pair: &ClausePair,
    unit: usize,
    a: &Side,
    b: &Side,
    kind: Kind,
    ar: Range<usize>,
    br: Range<usize>,
) -> Drift {
    let names = (ar.clone(), br.clone());
    // A side that lost text is labelled on the characters around the gap.
    let label = |s: &Side, r: &Range<usize>| -> Span {
        if r.is_empty() {
            let st = r.start.saturating_sub(1);
            let en = (r.start + 1).min(s.chars.len());
            s.span(st..en)
        } else {
            s.span(r.clone())
        }
    };
    Drift {
        kind,
        unit,
        a_text: a.original(ar.clone()),
        b_text: b.original(br.clone()),
        a_span: label(a, &ar),
        b_span: label(b, &br),
        a_ctx: Side::inner(a.context(ar.clone())),
        b_ctx: Side::inner(b.context(br.clone())),
        a_name: (a.text(names.0.clone()), a.span(names.0.clone())),
        b_name: (b.text(names.1.clone()), b.span(names.1.clone())),
        b_unit: pair.report_unit,
        a_norm: a.norm.clone(),
        b_norm: b.norm.clone(),
        a_chars: a.chars.clone(),
        b_chars: b.chars.clone(),
        a_range: names.0,
        b_range: names.1,
    }
}

/// Whether `x` and `y` name the same thing, one possibly a tail of the other
/// (`国潮不夜城` and `潮不夜城` when the diff kept the shared `国`).
fn same_name(x: &str, y: &str) -> bool {
    x.chars().count() >= 2 && y.chars().count() >= 2 && (x.ends_with(y) || y.ends_with(x) || x == y)
}

impl Rule for TextDrift {
    fn check_corpus(&self, meta: &RuleMeta, cx: &Context, out: &mut Vec<Diagnostic>) {
        let opts = cx.data.settings.options::<TextDriftOptions>(meta.code);
        let p = Params {
            suffixes: opts.name_suffixes.clone(),
            function: opts.function_chars.chars().collect(),
        };
        for link in cx.links.iter().filter(|l| l.kind == LinkKind::ReportAnnex) {
            for task in link.tasks.iter().filter(|t| t.matched()) {
                let drifts: Vec<Drift> = task
                    .clauses
                    .iter()
                    .filter_map(|c| analyse(link, c, task.unit, &p))
                    .collect();
                report(meta, cx, link, drifts, out);
            }
        }
    }
}

fn report(
    meta: &RuleMeta,
    cx: &Context,
    link: &Link,
    drifts: Vec<Drift>,
    out: &mut Vec<Diagnostic>,
) {
    let mut used = vec![false; drifts.len()];
    // Two names swapped between two places.
    for i in 0..drifts.len() {
        for j in i + 1..drifts.len() {
            let (x, y) = (&drifts[i], &drifts[j]);
            let named = |d: &Drift| matches!(d.kind, Kind::Name | Kind::Item);
            if used[i] || used[j] || !named(x) || !named(y) {
                continue;
            }
            if same_name(&x.a_name.0, &y.b_name.0) && same_name(&x.b_name.0, &y.a_name.0) {
                used[i] = true;
                used[j] = true;
                let (n1, n2) = (
                    longer(&x.a_name.0, &y.b_name.0),
                    longer(&x.b_name.0, &y.a_name.0),
                );
                let xa = x.widened(link, true, n1);
                let ya = y.widened(link, true, n2);
                let xb = x.widened(link, false, n2);
                let yb = y.widened(link, false, n1);
                out.push(
                    Diagnostic::new(
                        meta,
                        link.annex,
                        xa.1,
                        format!(
                            "{}与工作报告中“{n1}”和“{n2}”的位置对调",
                            task_label(cx, link, x.unit)
                        ),
                    )
                    .with_label(format!("分工：{}", xa.0))
                    .with_secondary(link.annex, ya.1, format!("分工：{}", ya.0))
                    .with_secondary(link.report, xb.1, format!("报告：{}", xb.0))
                    .with_secondary(link.report, yb.1, format!("报告：{}", yb.0))
                    .with_help("核对两个名称各自对应的工作，按报告改正"),
                );
            }
        }
    }
    for (d, u) in drifts.iter().zip(&used) {
        if *u {
            continue;
        }
        let task = task_label(cx, link, d.unit);
        let what = match d.kind {
            Kind::Name => "名称不同",
            Kind::Item => "列举的事项不同",
            Kind::Quoted => "引号内的提法不同",
            Kind::Number => "数字不同",
            Kind::Dropped => "相差一个字",
        };
        let (la, lb) = match (d.a_text.is_empty(), d.b_text.is_empty()) {
            (true, _) => (
                format!("分工此处少了“{}”", d.b_text),
                format!("报告：{}", d.b_text),
            ),
            (_, true) => (
                format!("分工：{}", d.a_text),
                format!("报告此处少了“{}”", d.a_text),
            ),
            _ => (format!("分工：{}", d.a_text), format!("报告：{}", d.b_text)),
        };
        out.push(
            Diagnostic::new(
                meta,
                link.annex,
                d.a_span.clone(),
                format!(
                    "{task}与工作报告的对应语句{what}：分工“{}”，报告“{}”",
                    d.a_ctx, d.b_ctx
                ),
            )
            .with_label(la)
            .with_secondary(link.report, d.b_span.clone(), lb)
            .with_help("核对两处文字，改正写错或漏掉的字"),
        );
    }
}

fn longer<'a>(x: &'a str, y: &'a str) -> &'a str {
    if x.chars().count() >= y.chars().count() {
        x
    } else {
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn well_formed(a: &[char], b: &[char], hs: &[(Range<usize>, Range<usize>)]) -> bool {
        hs.iter().all(|(x, y)| {
            x.start <= x.end && x.end <= a.len() && y.start <= y.end && y.end <= b.len()
        }) && hs
            .windows(2)
            .all(|w| w[0].0.end <= w[1].0.start && w[0].1.end <= w[1].1.start)
    }

    /// Regression: `similar` reports `Delete { new_index: 3 }` here; the old
    /// code turned it into overlapping hunks (`attempt to subtract with
    /// overflow` in `analyse`).
    #[test]
    fn hunks_do_not_overlap_when_the_diff_reports_odd_indexes() {
        let a: Vec<char> = "c，".chars().collect();
        let b: Vec<char> = "，a，，，bb".chars().collect();
        let hs = hunks(&a, &b);
        assert!(well_formed(&a, &b, &hs), "{hs:?}");
    }

    proptest! {
        #[test]
        fn hunks_are_sorted_disjoint_and_in_bounds(
            a in proptest::collection::vec(prop::sample::select(vec!['a', 'b', '，', 'c', '。', '5']), 0..12),
            b in proptest::collection::vec(prop::sample::select(vec!['a', 'b', '，', 'c', '。', '5']), 0..12),
        ) {
            let hs = hunks(&a, &b);
            prop_assert!(well_formed(&a, &b, &hs), "{:?}", hs);
            // Outside the hunks, both sides are equal, in order.
            let keep = |s: &[char], rs: Vec<Range<usize>>| {
                let mut out = Vec::new();
                let mut at = 0;
                for r in rs { out.extend_from_slice(&s[at..r.start]); at = r.end; }
                out.extend_from_slice(&s[at..]);
                out
            };
            let all = {
                // Without the punctuation filter: compare the raw merge.
                let hs = raw_hunks(&a, &b);
                (keep(&a, hs.iter().map(|h| h.0.clone()).collect()), keep(&b, hs.iter().map(|h| h.1.clone()).collect()))
            };
            prop_assert_eq!(all.0, all.1);
        }
    }
}
