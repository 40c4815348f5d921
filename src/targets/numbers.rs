//! Numbers and units in normalised text: Arabic numerals (full-width ones are
//! already ASCII after [`Norm`]), Chinese numerals (`三十处`), ranges
//! (`5%～6%`, `5～6%`), the quantity's unit (`%`, `‰`, `亿元`, `万人`, `/10万`…)
//! and the qualifiers written as symbols or right after the number
//! (`≥`, `>`, `以上`, `以下`, `左右`, `余`).

use std::ops::Range;

use super::norm::Norm;

/// How a value is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    /// No qualifier.
    Exact,
    /// 以上, 超过, 不低于, ≥, >, 余/多.
    AtLeast,
    /// 以下, 以内, 不超过, ≤, <.
    AtMost,
    /// 左右, 约.
    About,
}

impl Bound {
    /// Whether two bounds can describe the same target. An unqualified
    /// value is compatible with any bound (达到 6% and 6%以上 say the same
    /// thing in practice); explicit bounds must agree.
    pub fn compatible(self, other: Bound) -> bool {
        self == other || self == Bound::Exact || other == Bound::Exact
    }
}

/// What a unit measures; units of one kind can be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitKind {
    /// %, ‰, /10万: rates, mutually exclusive ways to state a proportion.
    Rate,
    /// 个百分点.
    Points,
    /// 元, 美元.
    Money,
    /// 人, 人次, 名.
    People,
    /// 个, 家, 处, 所, 条…
    Count,
    /// 公里, 米.
    Length,
    /// 亩, 平方米, 公顷.
    Area,
    /// 吨, 千克.
    Mass,
    /// 岁, 天, 小时.
    Time,
    /// Anything else (千瓦, 标箱…).
    Other,
}

/// A unit as written, with its base unit and multiplier.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Unit {
    /// The unit as written (normalised), e.g. `万亩`, `%`, `/10万`.
    pub text: String,
    /// The base unit, e.g. `亩`.
    pub base: String,
    /// The multiplier (`万` → 10 000).
    pub scale: f64,
    /// What it measures.
    pub kind: UnitKind,
}

impl Unit {
    /// Whether values in the two units can be compared.
    pub fn comparable(&self, other: &Unit) -> bool {
        self.kind == other.kind
            && (self.kind == UnitKind::Rate || same_base(&self.base, &other.base))
    }
}

fn same_base(a: &str, b: &str) -> bool {
    let canon = |s: &str| {
        match s {
            "时" => "小时",
            "名" | "位" => "人",
            "千米" => "公里",
            "公斤" => "千克",
            other => other,
        }
        .to_string()
    };
    canon(a) == canon(b)
}

/// Base units, longest first where one is a prefix of another.
const BASE_UNITS: &[(&str, UnitKind)] = &[
    ("个百分点", UnitKind::Points),
    ("百分点", UnitKind::Points),
    ("个工作日", UnitKind::Time),
    ("个月", UnitKind::Time),
    ("平方公里", UnitKind::Area),
    ("平方米", UnitKind::Area),
    ("立方米", UnitKind::Other),
    ("标准箱", UnitKind::Other),
    ("千伏安", UnitKind::Other),
    ("千瓦时", UnitKind::Other),
    ("公里", UnitKind::Length),
    ("千米", UnitKind::Length),
    ("公顷", UnitKind::Area),
    ("千克", UnitKind::Mass),
    ("公斤", UnitKind::Mass),
    ("千瓦", UnitKind::Other),
    ("兆瓦", UnitKind::Other),
    ("美元", UnitKind::Money),
    ("人次", UnitKind::People),
    ("小时", UnitKind::Time),
    ("分钟", UnitKind::Time),
    ("标箱", UnitKind::Other),
    ("%", UnitKind::Rate),
    ("‰", UnitKind::Rate),
    ("元", UnitKind::Money),
    ("人", UnitKind::People),
    ("名", UnitKind::People),
    ("位", UnitKind::People),
    ("户", UnitKind::Count),
    ("个", UnitKind::Count),
    ("家", UnitKind::Count),
    ("处", UnitKind::Count),
    ("所", UnitKind::Count),
    ("条", UnitKind::Count),
    ("项", UnitKind::Count),
    ("座", UnitKind::Count),
    ("件", UnitKind::Count),
    ("套", UnitKind::Count),
    ("间", UnitKind::Count),
    ("张", UnitKind::Count),
    ("台", UnitKind::Count),
    ("辆", UnitKind::Count),
    ("艘", UnitKind::Count),
    ("场", UnitKind::Count),
    ("次", UnitKind::Count),
    ("例", UnitKind::Count),
    ("栋", UnitKind::Count),
    ("幢", UnitKind::Count),
    ("支", UnitKind::Count),
    ("株", UnitKind::Count),
    ("棵", UnitKind::Count),
    ("头", UnitKind::Count),
    ("只", UnitKind::Count),
    ("亩", UnitKind::Area),
    ("吨", UnitKind::Mass),
    ("米", UnitKind::Length),
    ("岁", UnitKind::Time),
    ("天", UnitKind::Time),
    ("时", UnitKind::Time),
];

/// The entries of [`BASE_UNITS`] starting with each character, in the
/// table's order (the first one matching is the longest).
fn base_units_by_first() -> &'static rustc_hash::FxHashMap<char, Vec<(&'static str, UnitKind)>> {
    static BY_FIRST: std::sync::OnceLock<rustc_hash::FxHashMap<char, Vec<(&str, UnitKind)>>> =
        std::sync::OnceLock::new();
    BY_FIRST.get_or_init(|| {
        let mut m: rustc_hash::FxHashMap<char, Vec<(&str, UnitKind)>> = Default::default();
        for &(u, kind) in BASE_UNITS {
            if let Some(c) = u.chars().next() {
                m.entry(c).or_default().push((u, kind));
            }
        }
        m
    })
}

/// The first base unit of [`BASE_UNITS`] the characters at `k` start with:
/// `(unit, kind, length in characters)`.
fn base_unit_at(n: &Norm, k: usize) -> Option<(&'static str, UnitKind, usize)> {
    let c = n.get(k)?;
    base_units_by_first()
        .get(&c)?
        .iter()
        .find_map(|&(u, kind)| Some((u, kind, n.starts_with_len(k, u)?)))
}

/// Chinese numeral characters (multipliers 万/亿 excluded: they start units).
fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
    )
}

/// The value of a Chinese numeral such as `三十`, `一百二十`, `两千五百`.
pub fn parse_cn_numeral(s: &str) -> Option<f64> {
    parse_cn_chars(s.chars())
}

/// [`parse_cn_numeral`] over characters.
fn parse_cn_chars(chars: impl IntoIterator<Item = char>) -> Option<f64> {
    let mut total = 0u64;
    let mut digit: Option<u64> = None;
    let mut any = false;
    for c in chars {
        let d = match c {
            '零' | '〇' => Some(0),
            '一' => Some(1),
            '二' | '两' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        };
        if let Some(d) = d {
            if digit.is_some() && d != 0 {
                // Two digits in a row (一二): a list, not a numeral.
                return None;
            }
            digit = Some(d);
            any = true;
            continue;
        }
        let mult = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total += digit.unwrap_or(1) * mult;
        digit = None;
        any = true;
    }
    any.then(|| (total + digit.unwrap_or(0)) as f64)
}

/// A number with its unit found in normalised text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Character range of the number(s), unit and post-qualifier.
    pub range: Range<usize>,
    /// Character range of the number(s) and unit only.
    pub value_range: Range<usize>,
    /// The value (the lower end of a range).
    pub lo: f64,
    /// The upper end of a range (5%～6%).
    pub hi: Option<f64>,
    /// The unit.
    pub unit: Unit,
    /// Qualifier written as a symbol before or a word after the number.
    pub bound: Bound,
    /// Written in Chinese numerals.
    pub chinese: bool,
}

/// The ASCII digits and point of a number, kept on the stack up to 40
/// bytes (longer numbers, which do not occur in drafts, go to the heap).
struct NumberText {
    buf: [u8; 40],
    len: usize,
    long: Vec<u8>,
}

impl NumberText {
    fn push(&mut self, c: char) {
        // Only ASCII digits and '.' are pushed.
        let b = c as u8;
        if self.len < self.buf.len() {
            self.buf[self.len] = b;
        } else {
            if self.long.is_empty() {
                self.long.extend_from_slice(&self.buf);
            }
            self.long.push(b);
        }
        self.len += 1;
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn as_str(&self) -> &str {
        let bytes = if self.len <= self.buf.len() {
            &self.buf[..self.len]
        } else {
            &self.long[..]
        };
        std::str::from_utf8(bytes).unwrap_or("")
    }
}

fn parse_arabic(n: &Norm, i: usize) -> Option<(f64, usize)> {
    let mut k = i;
    let mut s = NumberText {
        buf: [0; 40],
        len: 0,
        long: Vec::new(),
    };
    let mut point = false;
    while let Some(c) = n.get(k) {
        if c.is_ascii_digit() {
            s.push(c);
            k += 1;
        } else if c == ',' && !s.is_empty() && !point {
            // Thousands separator: exactly three digits follow, then a non-digit.
            let three = (1..=3).all(|d| n.get(k + d).is_some_and(|c| c.is_ascii_digit()));
            let after = n.get(k + 4).is_some_and(|c| c.is_ascii_digit());
            if three && !after {
                k += 1;
            } else {
                break;
            }
        } else if c == '.'
            && !s.is_empty()
            && !point
            && n.get(k + 1).is_some_and(|c| c.is_ascii_digit())
        {
            point = true;
            s.push('.');
            k += 1;
        } else {
            break;
        }
    }
    if s.is_empty() {
        return None;
    }
    Some((s.as_str().parse().ok()?, k))
}

fn parse_number(n: &Norm, i: usize) -> Option<(f64, usize, bool)> {
    let c = n.get(i)?;
    if c.is_ascii_digit() {
        let (v, k) = parse_arabic(n, i)?;
        return Some((v, k, false));
    }
    if is_cn_digit(c) {
        let mut k = i;
        while n.get(k).is_some_and(is_cn_digit) {
            k += 1;
        }
        let v = parse_cn_chars(n.as_chars()[i..k].iter().copied())?;
        return Some((v, k, true));
    }
    None
}

/// Longest unit at `i`: `(unit, end)`.
fn parse_unit(n: &Norm, i: usize) -> Option<(Unit, usize)> {
    // Rates per population: /10万, /十万, /万, /千, /100万.
    if n.get(i) == Some('/') {
        let mut k = i + 1;
        let mut mult = String::new();
        while let Some(c) = n.get(k) {
            if c.is_ascii_digit() || matches!(c, '十' | '百' | '千' | '万' | '亿') {
                mult.push(c);
                k += 1;
            } else {
                break;
            }
        }
        if mult.ends_with(['万', '千', '亿']) || mult == "十万" {
            let text = format!("/{mult}");
            return Some((
                Unit {
                    base: text.clone(),
                    text,
                    scale: 1.0,
                    kind: UnitKind::Rate,
                },
                k,
            ));
        }
        return None;
    }
    let base_at = |k: usize| base_unit_at(n, k);
    if let Some((u, kind, l)) = base_at(i) {
        let end = i + l;
        return Some((
            Unit {
                text: u.to_string(),
                base: u.to_string(),
                scale: 1.0,
                kind,
            },
            end,
        ));
    }
    let (scale, prefix_len) = match n.get(i) {
        Some('万') if n.get(i + 1) == Some('亿') => (1e12, 2),
        Some('亿') => (1e8, 1),
        Some('万') => (1e4, 1),
        Some('千') => (1e3, 1),
        Some('百') => (1e2, 1),
        _ => return None,
    };
    let k = i + prefix_len;
    match base_at(k) {
        Some((u, kind, l)) if kind != UnitKind::Rate && kind != UnitKind::Points => {
            let end = k + l;
            Some((
                Unit {
                    text: n.slice(i..end),
                    base: u.to_string(),
                    scale,
                    kind,
                },
                end,
            ))
        }
        _ if scale >= 1e4 => Some((
            Unit {
                text: n.slice(i..k),
                base: String::new(),
                scale,
                kind: UnitKind::Other,
            },
            k,
        )),
        _ => None,
    }
}

/// Whether the character before a number rules it out as a quantity
/// (`5G`, `PM2.5`, `第3`, a digit of a longer token).
fn bad_before(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '第' | '/' | '_' | '-'))
}

/// Post-qualifiers written after the unit.
const POST: &[(&str, Bound)] = &[
    ("以上", Bound::AtLeast),
    ("以下", Bound::AtMost),
    ("以内", Bound::AtMost),
    ("之内", Bound::AtMost),
    ("左右", Bound::About),
];

/// Finds every number-with-unit in `n`. Numbers without a unit (years,
/// dates, codes) are skipped.
pub fn scan(n: &Norm) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < n.len() {
        if !starts_quantity(n, i) {
            i += 1;
            continue;
        }
        let Some((lo, mut k, chinese)) = parse_number(n, i) else {
            i += 1;
            continue;
        };
        if k == i {
            i += 1;
            continue;
        }
        let mut bound = Bound::Exact;
        // 2300余个, 30多家.
        if matches!(n.get(k), Some('余' | '多')) && !chinese {
            bound = Bound::AtLeast;
            k += 1;
        }
        let first = unit_after(n, k, &mut bound);
        let (hi, unit) = range_tail(n, lo, chinese, first, k);
        let Some((unit, end)) = unit else {
            i = k.max(i + 1);
            continue;
        };
        // A Chinese numeral needs a count-like unit; 一体化, 三年 are words.
        if chinese
            && !matches!(
                unit.kind,
                UnitKind::Count
                    | UnitKind::People
                    | UnitKind::Length
                    | UnitKind::Area
                    | UnitKind::Mass
            )
        {
            i = k;
            continue;
        }
        let start = symbol_bound(n, i, &mut bound);
        let full_end = post_bound(n, end, &mut bound);
        // A number followed by a digit or letter is part of a code (5G).
        if n.get(end).is_some_and(|c| c.is_ascii_alphanumeric()) && unit.text.is_empty() {
            i = end;
            continue;
        }
        out.push(Quantity {
            range: start..full_end,
            value_range: i..end,
            lo,
            hi,
            unit,
            bound,
            chinese,
        });
        i = full_end.max(i + 1);
    }
    out
}

/// Whether a quantity may start at `i`: an ASCII digit not inside a code,
/// or a Chinese numeral that is not part of a word (每千人口, 第十, 千亩).
fn starts_quantity(n: &Norm, i: usize) -> bool {
    let c = n.at(i);
    if c.is_ascii_digit() {
        !bad_before(i.checked_sub(1).map(|p| n.at(p)))
    } else if is_cn_digit(c) {
        let after_word = i
            .checked_sub(1)
            .is_some_and(|p| is_cn_digit(n.at(p)) || matches!(n.at(p), '第' | '每'));
        let bare_multiplier =
            matches!(c, '十' | '百' | '千') && !n.get(i + 1).is_some_and(is_cn_digit);
        !after_word && !bare_multiplier
    } else {
        false
    }
}

/// The unit after a number ending at `k`, with a qualifier between the
/// multiplier and the base unit (1.2万余人次) read into `bound`.
fn unit_after(n: &Norm, k: usize, bound: &mut Bound) -> Option<(Unit, usize)> {
    let first = parse_unit(n, k);
    if let Some((u, e)) = &first {
        if u.base.is_empty() && matches!(n.get(*e), Some('余' | '多')) {
            if let Some((b, e2)) = parse_unit(n, e + 1) {
                if b.scale == 1.0 && b.kind != UnitKind::Rate {
                    *bound = Bound::AtLeast;
                    return Some((
                        Unit {
                            text: format!("{}{}", u.text, b.text),
                            base: b.base,
                            scale: u.scale,
                            kind: b.kind,
                        },
                        e2,
                    ));
                }
            }
        }
    }
    first
}

/// A range's upper value and the unit of the whole: 5%～6%, 5～6%, 5%-6%,
/// 5%至6%. Without a range, no upper value and the first unit.
fn range_tail(
    n: &Norm,
    lo: f64,
    chinese: bool,
    first: Option<(Unit, usize)>,
    k: usize,
) -> (Option<f64>, Option<(Unit, usize)>) {
    let after_first = first.as_ref().map(|(_, e)| *e).unwrap_or(k);
    let Some(sep) = n.get(after_first) else {
        return (None, first);
    };
    if !matches!(sep, '~' | '-' | '—' | '至' | '–') {
        return (None, first);
    }
    let mut j = after_first + 1;
    if sep == '—' && n.get(j) == Some('—') {
        j += 1;
    }
    let Some((v2, k2, ch2)) = parse_number(n, j) else {
        return (None, first);
    };
    let second = parse_unit(n, k2);
    let same = match (&first, &second) {
        (Some((a, _)), Some((b, _))) => a.text == b.text,
        _ => true,
    };
    if ch2 != chinese || v2 < lo || !same {
        return (None, first);
    }
    match (&first, second) {
        (Some((u, _)), Some((_, e2))) => (Some(v2), Some((u.clone(), e2))),
        (Some((u, _)), None) => (Some(v2), Some((u.clone(), k2))),
        (None, Some(u2)) => (Some(v2), Some(u2)),
        (None, None) => (None, first),
    }
}

/// A symbol qualifier before the number at `i` (≥, >, ≤, <): read into
/// `bound`; returns where the quantity starts.
fn symbol_bound(n: &Norm, i: usize, bound: &mut Bound) -> usize {
    if let Some(p) = i.checked_sub(1) {
        match n.at(p) {
            '≥' | '>' => {
                *bound = Bound::AtLeast;
                return p;
            }
            '≤' | '<' => {
                *bound = Bound::AtMost;
                return p;
            }
            _ => {}
        }
    }
    i
}

/// A post-qualifier after the unit ending at `end` (以上, 左右…): read into
/// `bound`; returns where the quantity ends.
fn post_bound(n: &Norm, end: usize, bound: &mut Bound) -> usize {
    for (w, b) in POST {
        if let Some(l) = n.starts_with_len(end, w) {
            *bound = *b;
            return end + l;
        }
    }
    end
}

/// Whether two values are equal (relative tolerance for decimals).
pub fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Formats a value without trailing zeros (`25.00` → `25`).
pub fn fmt_value(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Vec<(f64, Option<f64>, String, Bound)> {
        let n = Norm::new(s, 0..s.len());
        scan(&n)
            .into_iter()
            .map(|q| (q.lo, q.hi, q.unit.text, q.bound))
            .collect()
    }

    /// Base units found through their first character are the first
    /// entries of the table that match, as a walk over the table finds.
    #[test]
    fn base_units_by_first_character_match_the_table_walk() {
        let mut texts: Vec<String> = BASE_UNITS.iter().map(|(u, _)| u.to_string()).collect();
        for (u, _) in BASE_UNITS {
            for (v, _) in BASE_UNITS {
                texts.push(format!("{u}{v}"));
            }
            let mut cs = u.chars();
            cs.next_back();
            texts.push(cs.as_str().to_string());
        }
        texts.extend(["", "x", "万", "平方", "个百", "标准"].map(String::from));
        for t in texts {
            let n = Norm::new(&t, 0..t.len());
            for k in 0..=n.len() {
                let walk = BASE_UNITS
                    .iter()
                    .find_map(|(u, kind)| Some((*u, *kind, n.starts_with_len(k, u)?)));
                assert_eq!(base_unit_at(&n, k), walk, "{t} at {k}");
            }
        }
    }

    #[test]
    fn long_numbers_parse_as_written() {
        let digits = "1234567890".repeat(6);
        let text = format!("{digits}.5亿元");
        let qs = q(&text);
        assert_eq!(qs.len(), 1);
        assert_eq!(qs[0].0, format!("{digits}.5").parse::<f64>().unwrap());
        assert_eq!(q("1,234.5万元")[0].0, 1234.5);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(parse_cn_numeral("三十"), Some(30.0));
        assert_eq!(parse_cn_numeral("十五"), Some(15.0));
        assert_eq!(parse_cn_numeral("一百二十"), Some(120.0));
        assert_eq!(parse_cn_numeral("两千五百"), Some(2500.0));
        assert_eq!(parse_cn_numeral("一二"), None);
        assert_eq!(
            q("修复三十处"),
            vec![(30.0, None, "处".into(), Bound::Exact)]
        );
        assert!(q("一体化发展，再延长三十年").is_empty());
    }

    #[test]
    fn forms() {
        assert_eq!(
            q("增长 ５．６ ％"),
            vec![(5.6, None, "%".into(), Bound::Exact)]
        );
        assert_eq!(
            q("增长5%～6%"),
            vec![(5.0, Some(6.0), "%".into(), Bound::Exact)]
        );
        assert_eq!(
            q("增长5～6%"),
            vec![(5.0, Some(6.0), "%".into(), Bound::Exact)]
        );
        assert_eq!(
            q("9.3/10万以下"),
            vec![(9.3, None, "/10万".into(), Bound::AtMost)]
        );
        assert_eq!(q("≥39"), vec![]);
        assert_eq!(q("≥39%"), vec![(39.0, None, "%".into(), Bound::AtLeast)]);
        assert_eq!(q("1.2万个"), vec![(1.2, None, "万个".into(), Bound::Exact)]);
        assert_eq!(
            q("2300余个"),
            vec![(2300.0, None, "个".into(), Bound::AtLeast)]
        );
        assert_eq!(q("5G基站，PM2.5，2025年，第3个"), vec![]);
        assert_eq!(
            q("下降1个百分点"),
            vec![(1.0, None, "个百分点".into(), Bound::Exact)]
        );
    }
}
