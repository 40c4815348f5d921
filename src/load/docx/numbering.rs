//! Word automatic numbering (`word/numbering.xml`) and paragraph styles
//! (`word/styles.xml`).
//!
//! The visible numbers of a Word list (1. 2. 3., 一、, （一）, ①) are not in
//! the document text: Word computes them from the paragraph's `w:numPr`
//! (or its style's), the `w:num` instance it names, that instance's
//! `w:abstractNum` levels (`w:start`, `w:numFmt`, `w:lvlText`,
//! `w:lvlRestart`, `w:isLgl`) and the instance's `w:lvlOverride`s. This module
//! rebuilds them so that numbering rules see what the reader of the printed
//! document sees.

use std::collections::{HashMap, HashSet};

use super::tree::Node;

/// One list level.
#[derive(Debug, Clone)]
pub struct LevelDef {
    /// First number (`w:start`), 1 if absent.
    pub start: u32,
    /// `w:numFmt` value.
    pub fmt: String,
    /// `w:lvlText` value, e.g. `%1.` or `（%2）`.
    pub text: String,
    /// `w:lvlRestart`: `Some(0)` never restarts; `Some(n)` restarts when a
    /// level with index below `n` is used; `None` after any shallower level.
    pub restart: Option<u32>,
    /// `w:isLgl`: every number shown as decimal.
    pub legal: bool,
}

impl LevelDef {
    fn from_node(n: &Node) -> LevelDef {
        let val = |name: &str| n.child(name).and_then(|c| c.attr("w:val"));
        LevelDef {
            start: val("w:start")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(1),
            fmt: val("w:numFmt").unwrap_or("decimal").to_string(),
            text: val("w:lvlText").unwrap_or("").to_string(),
            restart: val("w:lvlRestart").and_then(|v| v.trim().parse().ok()),
            legal: n
                .child("w:isLgl")
                .is_some_and(|c| c.attr("w:val").is_none_or(|v| v != "0" && v != "false")),
        }
    }
}

/// A list instance (`w:num`).
#[derive(Debug, Clone, Default)]
struct NumInstance {
    abstract_id: String,
    start_overrides: HashMap<u32, u32>,
    level_overrides: HashMap<u32, LevelDef>,
}

/// A paragraph style.
#[derive(Debug, Clone, Default)]
pub struct Style {
    /// `w:name`.
    pub name: String,
    /// `w:basedOn`.
    pub based_on: Option<String>,
    /// `w:pPr/w:numPr/w:numId`.
    pub num_id: Option<String>,
    /// `w:pPr/w:numPr/w:ilvl`.
    pub ilvl: Option<u32>,
    /// `w:pPr/w:outlineLvl`.
    pub outline: Option<u32>,
}

/// Paragraph styles by id.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    by_id: HashMap<String, Style>,
    default: Option<String>,
}

impl Styles {
    /// Reads `word/styles.xml`.
    pub fn from_tree(root: &Node) -> Styles {
        let mut s = Styles::default();
        for st in root.children_named("w:style") {
            if st.attr("w:type").is_some_and(|t| t != "paragraph") {
                continue;
            }
            let Some(id) = st.attr("w:styleId") else {
                continue;
            };
            let ppr = st.child("w:pPr");
            let numpr = ppr.and_then(|p| p.child("w:numPr"));
            let style = Style {
                name: st
                    .child("w:name")
                    .and_then(|n| n.attr("w:val"))
                    .unwrap_or("")
                    .to_string(),
                based_on: st
                    .child("w:basedOn")
                    .and_then(|n| n.attr("w:val"))
                    .map(str::to_string),
                num_id: numpr
                    .and_then(|n| n.child("w:numId"))
                    .and_then(|n| n.attr("w:val"))
                    .map(str::to_string),
                ilvl: numpr
                    .and_then(|n| n.child("w:ilvl"))
                    .and_then(|n| n.attr("w:val"))
                    .and_then(|v| v.trim().parse().ok()),
                outline: ppr
                    .and_then(|p| p.child("w:outlineLvl"))
                    .and_then(|n| n.attr("w:val"))
                    .and_then(|v| v.trim().parse().ok()),
            };
            if st
                .attr("w:default")
                .is_some_and(|v| v == "1" || v == "true")
            {
                s.default = Some(id.to_string());
            }
            s.by_id.insert(id.to_string(), style);
        }
        s
    }

    /// The style chain of `id` (the style, then what it is based on), at most
    /// 16 deep (a cycle stops there).
    fn chain<'a>(&'a self, id: Option<&'a str>) -> Vec<&'a Style> {
        let mut out = Vec::new();
        let mut cur = id.or(self.default.as_deref());
        while let Some(c) = cur {
            let Some(st) = self.by_id.get(c) else { break };
            out.push(st);
            if out.len() >= 16 {
                break;
            }
            cur = st.based_on.as_deref();
        }
        out
    }

    /// Heading level (1-based) a paragraph of this style has: from the style
    /// name (`heading 2`, `标题 2`) or the outline level of the style chain.
    pub fn heading_level(&self, id: Option<&str>) -> Option<u8> {
        for st in self.chain(id) {
            if let Some(n) = heading_name_level(&st.name) {
                return Some(n);
            }
            if let Some(o) = st.outline {
                return (o < 9).then_some(o as u8 + 1);
            }
        }
        None
    }

    /// The numbering a style chain gives (`numId`, `ilvl`).
    pub fn numbering(&self, id: Option<&str>) -> Option<(String, u32)> {
        let chain = self.chain(id);
        let num = chain.iter().find_map(|s| s.num_id.clone())?;
        let ilvl = chain.iter().find_map(|s| s.ilvl).unwrap_or(0);
        Some((num, ilvl))
    }
}

/// `heading 3`, `Heading3`, `标题 3`, `标题3` → 3.
fn heading_name_level(name: &str) -> Option<u8> {
    let lower = name.trim().to_lowercase();
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?;
    let n: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

/// Numbering definitions plus the running counters of one document.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, HashMap<u32, LevelDef>>,
    nums: HashMap<String, NumInstance>,
    counters: HashMap<String, [Option<u32>; 9]>,
    started: HashSet<String>,
    /// Warnings about definitions that could not be used (each once).
    pub warnings: Vec<String>,
    warned: HashSet<String>,
}

impl Numbering {
    /// Reads `word/numbering.xml`.
    pub fn from_tree(root: &Node) -> Numbering {
        let mut n = Numbering::default();
        for a in root.children_named("w:abstractNum") {
            let Some(id) = a.attr("w:abstractNumId") else {
                continue;
            };
            let mut levels = HashMap::new();
            for l in a.children_named("w:lvl") {
                if let Some(i) = l.attr("w:ilvl").and_then(|v| v.trim().parse::<u32>().ok()) {
                    levels.insert(i, LevelDef::from_node(l));
                }
            }
            n.abstracts.insert(id.to_string(), levels);
        }
        for num in root.children_named("w:num") {
            let Some(id) = num.attr("w:numId") else {
                continue;
            };
            let mut inst = NumInstance {
                abstract_id: num
                    .child("w:abstractNumId")
                    .and_then(|c| c.attr("w:val"))
                    .unwrap_or("")
                    .to_string(),
                ..Default::default()
            };
            for o in num.children_named("w:lvlOverride") {
                let Some(i) = o.attr("w:ilvl").and_then(|v| v.trim().parse::<u32>().ok()) else {
                    continue;
                };
                if let Some(s) = o
                    .child("w:startOverride")
                    .and_then(|c| c.attr("w:val"))
                    .and_then(|v| v.trim().parse().ok())
                {
                    inst.start_overrides.insert(i, s);
                }
                if let Some(l) = o.child("w:lvl") {
                    inst.level_overrides.insert(i, LevelDef::from_node(l));
                }
            }
            n.nums.insert(id.to_string(), inst);
        }
        n
    }

    fn warn(&mut self, key: String, msg: String) {
        if self.warned.insert(key) {
            self.warnings.push(msg);
        }
    }

    fn level(&self, num_id: &str, ilvl: u32) -> Option<LevelDef> {
        let inst = self.nums.get(num_id)?;
        if let Some(l) = inst.level_overrides.get(&ilvl) {
            return Some(l.clone());
        }
        let mut l = self.abstracts.get(&inst.abstract_id)?.get(&ilvl)?.clone();
        if let Some(&s) = inst.start_overrides.get(&ilvl) {
            l.start = s;
        }
        Some(l)
    }

    /// The visible label of the next paragraph of list `num_id` at level
    /// `ilvl` (advancing the counters), e.g. `（二）`; `None` when the
    /// paragraph has no number (numId 0, a bullet, `none`) or the definition is
    /// missing (a warning is recorded).
    pub fn next_label(&mut self, num_id: &str, ilvl: u32) -> Option<String> {
        if num_id.trim() == "0" {
            return None;
        }
        let ilvl = ilvl.min(8);
        let Some(inst) = self.nums.get(num_id).cloned() else {
            self.warn(
                format!("num:{num_id}"),
                crate::tr!("编号定义缺失：段落引用的编号 numId={num_id} 在 numbering.xml 中不存在，该段的自动编号未能还原", "missing numbering definition: numbering numId={num_id} referred to by a paragraph is not in numbering.xml; the paragraph's automatic number was not restored"),
            );
            return None;
        };
        let Some(this) = self.level(num_id, ilvl) else {
            self.warn(
                format!("lvl:{num_id}:{ilvl}"),
                crate::tr!("编号定义缺失：编号 numId={num_id}（abstractNumId={}）没有第 {} 级的定义，该级段落的自动编号未能还原", "missing numbering definition: numbering numId={num_id} (abstractNumId={}) has no level {}; automatic numbers of that level were not restored",
                    inst.abstract_id,
                    ilvl + 1
                ),
            );
            return None;
        };
        // A list instance with overrides counts on its own; otherwise
        // instances of one abstract list continue each other, as in Word.
        let key = if inst.start_overrides.is_empty() && inst.level_overrides.is_empty() {
            format!("a:{}", inst.abstract_id)
        } else {
            format!("n:{num_id}")
        };
        let first_use = self.started.insert(key.clone());
        let starts: Vec<u32> = (0..9)
            .map(|i| self.level(num_id, i).map_or(1, |l| l.start))
            .collect();
        let restarts: Vec<Option<u32>> = (0..9)
            .map(|i| self.level(num_id, i).and_then(|l| l.restart))
            .collect();
        let counters = self.counters.entry(key).or_insert([None; 9]);
        let _ = first_use;
        let i = ilvl as usize;
        counters[i] = Some(match counters[i] {
            Some(v) => v.saturating_add(1),
            None => starts[i],
        });
        for (l, c) in counters.iter_mut().enumerate().skip(i + 1) {
            let restart = match restarts[l] {
                Some(0) => false,
                Some(n) => (i as u32) < n,
                None => true,
            };
            if restart {
                *c = None;
            }
        }
        let counters = *counters;
        if this.fmt == "bullet" || this.fmt == "none" {
            return None;
        }
        let mut out = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    if (1..=9).contains(&d) {
                        let l = (d - 1) as usize;
                        let v = counters[l].unwrap_or(starts[l]);
                        let fmt = if this.legal && l != i {
                            "decimal".to_string()
                        } else {
                            self.level(num_id, l as u32)
                                .map_or_else(|| "decimal".to_string(), |d| d.fmt)
                        };
                        out.push_str(&format_number(v, &fmt));
                    }
                    continue;
                }
            }
            out.push(c);
        }
        Some(out)
    }
}

const CN_DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五.
pub fn chinese_counting(n: u32) -> String {
    if n == 0 {
        return "零".into();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let units = ["千", "百", "十", ""];
    let mut out = String::new();
    let mut zero = false;
    for (k, &d) in digits.iter().enumerate() {
        if d == 0 {
            if !out.is_empty() {
                zero = true;
            }
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        // 十一 rather than 一十一 when the number starts with the tens.
        if !(k == 2 && d == 1 && out.is_empty()) {
            out.push(CN_DIGITS[d as usize]);
        }
        out.push_str(units[k]);
    }
    out
}

fn letters(mut n: u32, base: u8) -> String {
    // A, B, … Z, AA, BB, … as Word counts.
    if n == 0 {
        return String::new();
    }
    n -= 1;
    let c = (base + (n % 26) as u8) as char;
    std::iter::repeat_n(c, (n / 26 + 1) as usize).collect()
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

fn offset_char(base: char, n: u32, max: u32) -> Option<String> {
    (1..=max)
        .contains(&n)
        .then(|| char::from_u32(base as u32 + n - 1).map(String::from))
        .flatten()
}

/// A number in a `w:numFmt`.
pub fn format_number(n: u32, fmt: &str) -> String {
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => chinese_counting(n),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| {
                if d == '0' {
                    '〇'
                } else {
                    CN_DIGITS[d.to_digit(10).unwrap_or(0) as usize]
                }
            })
            .collect(),
        "chineseLegalSimplified" | "japaneseLegal" => {
            const BIG: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
            chinese_counting(n)
                .chars()
                .map(|c| match c {
                    '十' => '拾',
                    '百' => '佰',
                    '千' => '仟',
                    _ => CN_DIGITS.iter().position(|&d| d == c).map_or(c, |i| BIG[i]),
                })
                .collect()
        }
        "ideographTraditional" => {
            const GAN: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
            GAN[((n.max(1) - 1) % 10) as usize].to_string()
        }
        "ideographZodiac" => {
            const ZHI: [char; 12] = [
                '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
            ];
            ZHI[((n.max(1) - 1) % 12) as usize].to_string()
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            offset_char('①', n, 20).unwrap_or_else(|| n.to_string())
        }
        "decimalEnclosedParen" => offset_char('⑴', n, 20).unwrap_or_else(|| n.to_string()),
        "decimalEnclosedFullstop" => offset_char('⒈', n, 20).unwrap_or_else(|| n.to_string()),
        "ideographEnclosedCircle" => offset_char('㈠', n, 10).unwrap_or_else(|| n.to_string()),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap_or(d))
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 21, 99, 100, 101, 110, 1005]
            .iter()
            .map(|&n| chinese_counting(n))
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "九",
                "十",
                "十一",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零一",
                "一百一十",
                "一千零五"
            ]
        );
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(21, "decimalEnclosedCircle"), "21");
        assert_eq!(format_number(12, "chineseLegalSimplified"), "拾贰");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
    }

    #[test]
    fn heading_names() {
        assert_eq!(heading_name_level("heading 2"), Some(2));
        assert_eq!(heading_name_level("标题 3"), Some(3));
        assert_eq!(heading_name_level("标题"), None);
        assert_eq!(heading_name_level("Normal"), None);
    }
}
