//! When two organisation names are the same unit spelled differently.
//!
//! Chinese unit names are short (4–10 characters) and differ from each other
//! in one or two characters (区民政局 / 区财政局), so plain edit distance is
//! useless: the comparison here weighs *how* two names differ. Connectors
//! (和、与) are nearly free, confusable pairs (茵/崮, 域/城) are cheap, other
//! edits cost one, and an edit touching a distinctive character (a numeral, a
//! direction, 区/市) rules the pair out. Names must also share their level
//! (区…/市…) and their suffix type (…局, …街道, …中心).
//!
//! The character data comes from `rules/confusables.toml`.

use std::collections::HashSet;

use serde::Deserialize;

/// The character tables (`rules/confusables.toml`).
#[derive(Debug, Clone, Default)]
pub struct Confusables {
    pairs: HashSet<(char, char)>,
    distinctive: HashSet<char>,
    connectors: HashSet<char>,
}

/// The TOML form of [`Confusables`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfusables {
    /// Two-character strings.
    #[serde(default)]
    pub pairs: Vec<toml::Spanned<String>>,
    /// Characters that tell units apart.
    #[serde(default)]
    pub distinctive: String,
    /// Connectors.
    #[serde(default)]
    pub connectors: String,
}

/// The embedded default table.
pub const DEFAULT_TOML: &str = include_str!("../../rules/confusables.toml");

impl Confusables {
    /// Adds a parsed table; returns the span of the first malformed pair.
    pub fn add(&mut self, raw: RawConfusables) -> Result<(), (std::ops::Range<usize>, String)> {
        for p in raw.pairs {
            let chars: Vec<char> = p.get_ref().chars().collect();
            if chars.len() != 2 || chars[0] == chars[1] {
                return Err((p.span(), format!("“{}”不是两个不同的字", p.get_ref())));
            }
            self.pairs.insert((chars[0], chars[1]));
            self.pairs.insert((chars[1], chars[0]));
        }
        self.distinctive.extend(raw.distinctive.chars());
        self.connectors.extend(raw.connectors.chars());
        Ok(())
    }

    /// The built-in table.
    pub fn builtin() -> Self {
        let raw: RawConfusables = toml::from_str(DEFAULT_TOML)
            .expect("rules/confusables.toml is valid (checked by tests)");
        let mut c = Confusables::default();
        c.add(raw)
            .expect("rules/confusables.toml is valid (checked by tests)");
        c
    }

    /// Whether `a` and `b` are a confusable pair.
    pub fn confusable(&self, a: char, b: char) -> bool {
        self.pairs.contains(&(a, b))
    }

    /// Whether `c` is a connector (和、与).
    pub fn is_connector(&self, c: char) -> bool {
        self.connectors.contains(&c)
    }

    /// Whether `c` tells units apart.
    pub fn is_distinctive(&self, c: char) -> bool {
        self.distinctive.contains(&c)
    }
}

/// Suffixes that give a unit its type, longest first where they overlap.
const SUFFIXES: &[&str] = &[
    "街道办事处",
    "办事处",
    "管委会",
    "委员会",
    "办公室",
    "工作部",
    "联合会",
    "合作社",
    "街道",
    "中心",
    "分局",
    "大队",
    "支队",
    "集团",
    "公司",
    "工委",
    "局",
    "委",
    "部",
    "办",
    "镇",
    "乡",
    "会",
    "社",
    "所",
    "院",
    "队",
    "站",
    "厅",
    "处",
    "室",
    "联",
];

/// The unit-type suffix of a name (`局`, `街道`…), or `""` when none is known.
pub fn suffix_type(name: &str) -> &'static str {
    SUFFIXES
        .iter()
        .find(|s| name.ends_with(**s) && name.len() > s.len())
        .copied()
        .unwrap_or("")
}

/// The level prefix (区, 市, 县, 省) a name starts with, if any.
pub fn level_prefix(name: &str) -> Option<char> {
    let c = name.chars().next()?;
    (matches!(c, '区' | '市' | '县' | '省') && name.chars().nth(2).is_some()).then_some(c)
}

/// Characters between the level prefix and the suffix, connectors not counted.
pub fn core_len(name: &str, conf: &Confusables) -> usize {
    let total = name.chars().filter(|c| !conf.is_connector(*c)).count();
    let prefix = usize::from(level_prefix(name).is_some());
    total.saturating_sub(prefix + suffix_type(name).chars().count())
}

/// One step of an alignment between two names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// A character of the first name is missing from the second.
    Delete(char),
    /// The second name has an extra character.
    Insert(char),
    /// One character written for another.
    Substitute(char, char),
    /// Two neighbouring characters in the wrong order.
    Transpose(char, char),
}

/// How two names differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// Weighted cost (see the module doc).
    pub cost: f32,
    /// The edits, in reading order.
    pub ops: Vec<Op>,
}

impl Difference {
    /// Edits that are neither connectors nor confusable pairs nor transpositions.
    fn plain(&self, conf: &Confusables) -> (usize, usize) {
        let mut subs = 0;
        let mut indels = 0;
        for op in &self.ops {
            match *op {
                Op::Substitute(a, b) if !conf.confusable(a, b) => subs += 1,
                Op::Insert(c) | Op::Delete(c) if !conf.is_connector(c) => indels += 1,
                _ => {}
            }
        }
        (subs, indels)
    }

    /// A short Chinese description of the edits (`多了“和”`, `“茵”与“崮”形近`).
    pub fn describe(&self, conf: &Confusables) -> String {
        // A character both dropped and added elsewhere has moved.
        let moved: Vec<char> = self
            .ops
            .iter()
            .filter_map(|op| match *op {
                Op::Delete(c) if self.ops.contains(&Op::Insert(c)) => Some(c),
                _ => None,
            })
            .collect();
        let mut parts: Vec<String> = moved.iter().map(|c| format!("“{c}”的位置不同")).collect();
        parts.extend(
            self.ops
                .iter()
                .filter(|op| match op {
                    Op::Delete(c) | Op::Insert(c) => !moved.contains(c),
                    _ => true,
                })
                .map(|op| match *op {
                    // `written → known`: a Delete is a character the written name
                    // has in excess.
                    Op::Delete(c) => format!("多了“{c}”"),
                    Op::Insert(c) => format!("少了“{c}”"),
                    Op::Substitute(a, b) if conf.confusable(a, b) => {
                        format!("“{a}”与“{b}”形近")
                    }
                    Op::Substitute(a, b) => format!("“{a}”应为“{b}”"),
                    Op::Transpose(a, b) => format!("“{a}{b}”顺序颠倒"),
                }),
        );
        parts.join("，")
    }
}

const CONNECTOR: f32 = 0.1;
const CONFUSABLE: f32 = 0.3;
const TRANSPOSE: f32 = 0.5;
const PLAIN: f32 = 1.0;
const BLOCKED: f32 = 5.0;

/// The cheapest alignment turning `a` into `b` (optimal string alignment with
/// the weights of the module doc).
pub fn difference(a: &str, b: &str, conf: &Confusables) -> Difference {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    let indel = |c: char| {
        if conf.is_connector(c) {
            CONNECTOR
        } else if conf.is_distinctive(c) {
            BLOCKED
        } else {
            PLAIN
        }
    };
    let sub = |x: char, y: char| {
        if x == y {
            0.0
        } else if conf.is_distinctive(x) || conf.is_distinctive(y) {
            BLOCKED
        } else if conf.confusable(x, y) {
            CONFUSABLE
        } else {
            PLAIN
        }
    };
    let mut d = vec![0f32; (n + 1) * w];
    for i in 1..=n {
        d[i * w] = d[(i - 1) * w] + indel(a[i - 1]);
    }
    for j in 1..=m {
        d[j] = d[j - 1] + indel(b[j - 1]);
    }
    for i in 1..=n {
        for j in 1..=m {
            let mut v = (d[(i - 1) * w + j] + indel(a[i - 1]))
                .min(d[i * w + j - 1] + indel(b[j - 1]))
                .min(d[(i - 1) * w + j - 1] + sub(a[i - 1], b[j - 1]));
            if i > 1
                && j > 1
                && a[i - 1] == b[j - 2]
                && a[i - 2] == b[j - 1]
                && a[i - 1] != b[j - 1]
            {
                v = v.min(d[(i - 2) * w + j - 2] + TRANSPOSE);
            }
            d[i * w + j] = v;
        }
    }
    // Backtrace.
    let eq = |x: f32, y: f32| (x - y).abs() < 1e-4;
    let mut ops = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = d[i * w + j];
        if i > 0 && j > 0 && eq(here, d[(i - 1) * w + j - 1] + sub(a[i - 1], b[j - 1])) {
            if a[i - 1] != b[j - 1] {
                ops.push(Op::Substitute(a[i - 1], b[j - 1]));
            }
            i -= 1;
            j -= 1;
        } else if i > 1
            && j > 1
            && a[i - 1] == b[j - 2]
            && a[i - 2] == b[j - 1]
            && a[i - 1] != b[j - 1]
            && eq(here, d[(i - 2) * w + j - 2] + TRANSPOSE)
        {
            ops.push(Op::Transpose(a[i - 2], a[i - 1]));
            i -= 2;
            j -= 2;
        } else if i > 0 && eq(here, d[(i - 1) * w + j] + indel(a[i - 1])) {
            ops.push(Op::Delete(a[i - 1]));
            i -= 1;
        } else {
            ops.push(Op::Insert(b[j - 1]));
            j -= 1;
        }
    }
    ops.reverse();
    Difference {
        cost: d[n * w + m],
        ops,
    }
}

/// Whether two different spellings plausibly name the same unit; returns how
/// they differ when they do.
///
/// Both must have the same level prefix and suffix type. Then the difference
/// must be small relative to the name: connectors, confusable pairs and
/// transpositions only (any name with at least two core characters), or one
/// plain insertion or deletion (at least four core characters), or one plain
/// substitution (at least five).
pub fn same_unit(a: &str, b: &str, conf: &Confusables) -> Option<Difference> {
    if a == b {
        return Some(Difference {
            cost: 0.0,
            ops: Vec::new(),
        });
    }
    if level_prefix(a) != level_prefix(b) || suffix_type(a) != suffix_type(b) {
        return None;
    }
    // Cheap length filter before the quadratic alignment.
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > 3 {
        return None;
    }
    let diff = difference(a, b, conf);
    if diff.cost >= BLOCKED {
        return None;
    }
    let core = core_len(a, conf).min(core_len(b, conf));
    let (subs, indels) = diff.plain(conf);
    let ok = match (subs, indels) {
        (0, 0) => core >= 2,
        (0, 1) => core >= 4,
        (1, 0) => core >= 5,
        _ => false,
    };
    (ok && diff.cost <= 1.3).then_some(diff)
}

/// The core of a name: without its level prefix (区/县/市/省), its suffix
/// type and connectors.
fn core(name: &str, conf: &Confusables) -> Vec<char> {
    let suffix = suffix_type(name).chars().count();
    let skip = usize::from(level_prefix(name).is_some());
    let chars: Vec<char> = name.chars().collect();
    chars[skip..chars.len() - suffix]
        .iter()
        .copied()
        .filter(|c| !conf.is_connector(*c))
        .collect()
}

/// Suffix types that name the same kind of organ: a 委 became a 局 in the
/// institutional reform (县发改委 → 县发展改革局).
fn compatible_suffixes(a: &str, b: &str) -> bool {
    a == b || matches!((a, b), ("局", "委") | ("委", "局"))
}

/// Whether one name is a customary abbreviation of the other, or both are
/// the same organ under a 委/局 suffix: 县发改局 / 县发展改革局 / 县发改委,
/// 区市场监管局 / 区市场监督管理局. The short core keeps the first character
/// of the long core and the rest of it in order, but is not a contiguous part
/// of it: 区教育局 is not 区教育体育局, 区水务局 is not 区城乡水务局.
pub fn abbreviates(a: &str, b: &str, conf: &Confusables) -> bool {
    if level_prefix(a) != level_prefix(b) || !compatible_suffixes(suffix_type(a), suffix_type(b)) {
        return false;
    }
    if suffix_type(a).is_empty() {
        return false;
    }
    let (ca, cb) = (core(a, conf), core(b, conf));
    let (short, long) = if ca.len() <= cb.len() {
        (ca, cb)
    } else {
        (cb, ca)
    };
    // Distinctive characters (numerals, directions) are never dropped; the
    // place words inside a common noun may be (住房城乡建设 → 住建).
    let distinctive = |v: &[char]| -> Vec<char> {
        v.iter()
            .copied()
            .filter(|c| conf.is_distinctive(*c) && !"区市县省镇乡村".contains(*c))
            .collect()
    };
    if short.len() < 2 || distinctive(&short) != distinctive(&long) {
        return false;
    }
    if short == long {
        return true;
    }
    if long.len() < short.len() + 2 || short[0] != long[0] {
        return false;
    }
    if long.windows(short.len()).any(|w| w == short.as_slice()) {
        return false;
    }
    let mut rest = long.iter();
    short.iter().all(|c| rest.any(|d| d == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        same_unit(a, b, &Confusables::builtin()).is_some()
    }

    #[test]
    fn typos_are_the_same_unit() {
        assert!(same("区工业和信息化和科技局", "区工业信息化和科技局"));
        assert!(same("区工业和信息化科技局", "区工业信息化和科技局"));
        assert!(same("区域管局", "区城管局"));
        assert!(same("茵云湖街道", "崮云湖街道"));
        assert!(same("区教育局体育局", "区教育体育局"));
        assert!(same("区住房和城乡建设局", "区住房城乡建设局"));
    }

    #[test]
    fn different_units_stay_apart() {
        assert!(!same("区民政局", "区财政局"));
        assert!(!same("区教育局", "区教育体育局"));
        assert!(!same("区水务局", "区城乡水务局"));
        assert!(!same("区财政局", "市财政局"));
        assert!(!same("工人新村南村街道", "工人新村北村街道"));
        assert!(!same("区委组织部", "区委宣传部"));
        assert!(!same("区应急局", "区医保局"));
        assert!(!same("平安街道", "文昌街道"));
        assert!(!same("区农发公司", "区产发集团"));
        assert!(!same("市生态环境局长清分局", "市公安局长清区分局"));
        assert!(!same("区第一中学", "区第二中学"));
    }

    #[test]
    fn abbreviations_are_the_same_unit() {
        let c = Confusables::builtin();
        assert!(abbreviates("县发改局", "县发展改革局", &c));
        assert!(abbreviates("县发改委", "县发改局", &c));
        assert!(abbreviates("县发改委", "县发展和改革局", &c));
        assert!(abbreviates("区市场监管局", "区市场监督管理局", &c));
        assert!(abbreviates("市工信局", "市工业和信息化局", &c));
        assert!(abbreviates("区住建局", "区住房和城乡建设局", &c));
        assert!(!abbreviates("区一中", "区第一中学", &c));
        assert!(!abbreviates("区南湖管委会", "区北湖生态管委会", &c));
        assert!(!abbreviates("区教育局", "区教育体育局", &c));
        assert!(!abbreviates("区水务局", "区城乡水务局", &c));
        assert!(!abbreviates("区农业局", "区农业农村局", &c));
        assert!(!abbreviates("县发改局", "市发展改革局", &c));
        assert!(!abbreviates("区民政局", "区民族宗教事务局", &c));
        assert!(!abbreviates("县财政局", "县发改委", &c));
        assert!(!abbreviates("县科技局", "县科学技术协会", &c));
    }

    #[test]
    fn describes_the_difference() {
        let c = Confusables::builtin();
        let d = difference("区域管局", "区城管局", &c);
        assert_eq!(d.describe(&c), "“域”与“城”形近");
        let d = difference("区工业和信息化和科技局", "区工业信息化和科技局", &c);
        assert_eq!(d.describe(&c), "多了“和”");
        let d = difference("区教育局体育局", "区教育体育局", &c);
        assert_eq!(d.describe(&c), "多了“局”");
        let d = difference("区工业和信息化科技局", "区工业信息化和科技局", &c);
        assert_eq!(d.describe(&c), "“和”的位置不同");
    }

    #[test]
    fn suffixes_and_prefixes() {
        assert_eq!(suffix_type("崮云湖街道"), "街道");
        assert_eq!(suffix_type("市公安局长清区分局"), "分局");
        assert_eq!(suffix_type("大学城管委会"), "管委会");
        assert_eq!(level_prefix("区财政局"), Some('区'));
        assert_eq!(level_prefix("团区委"), None);
    }
}
