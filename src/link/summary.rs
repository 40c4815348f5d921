//! Small per-document summaries for pairing: year, place, kind and a
//! shingle sketch. Pairing reads only these (and, for the few reports it
//! must compare exactly, their shingle sets), never the documents' sentences.
//!
//! # Place
//! A document's place is read from its opening (title, 题注, signature, the
//! issuing office): the jurisdiction named right before `人民政府`,
//! `人民代表大会`, `第…届`, `政府`, `区长`/`市长`/`省长`…, a year
//! (`长山区2026年政府工作报告`), or at the very start of the title
//! (`济南市长清区在…`). A chain (`济南市长清区`) names the last, most
//! specific place. Without a name, the level alone (`区人民政府`,
//! `我代表省人民政府`) is kept. Units' place prefixes give a second level
//! signal: `区发展改革局` → 区, `市财政局` → 市, `农牧厅` → 省 level,
//! `国家发展改革委` → 国.

use crate::chars::is_han;
use crate::model::{DocKind, Document};

/// A document's place, as far as its text tells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// The jurisdiction named in the opening: `长清区`, `内蒙古自治区`.
    pub name: Option<String>,
    /// Its administrative level: `省` (provinces and autonomous regions),
    /// `市`, `州`, `盟`, `区`, `县`, `旗` or `国`.
    pub level: Option<&'static str>,
}

impl Place {
    /// Strings whose presence in another document points to this place:
    /// the name without its suffix (`长清`), and for long names their
    /// first two characters (`广西` of `广西壮族自治区`).
    pub fn stems(&self) -> Vec<String> {
        // `全国` is written in every document.
        let Some(name) = self.name.as_ref().filter(|_| self.level != Some("国")) else {
            return Vec::new();
        };
        let body = strip_suffix(name);
        let chars: Vec<char> = body.chars().collect();
        let mut out = Vec::new();
        if chars.len() >= 2 {
            out.push(body.to_string());
        }
        if chars.len() >= 4 {
            out.push(chars[..2].iter().collect());
        }
        out
    }
}

/// Place suffixes, longest first, with their level.
const SUFFIXES: &[(&str, &str)] = &[
    ("自治区", "省"),
    ("自治州", "州"),
    ("自治县", "县"),
    ("自治旗", "旗"),
    ("省", "省"),
    ("市", "市"),
    ("州", "州"),
    ("盟", "盟"),
    ("区", "区"),
    ("區", "区"),
    ("县", "县"),
    ("縣", "县"),
    ("旗", "旗"),
];

fn strip_suffix(name: &str) -> &str {
    for (s, _) in SUFFIXES {
        if let Some(b) = name.strip_suffix(s) {
            return b;
        }
    }
    name
}

/// Characters that cannot be part of a place name before its suffix: they
/// end the name (`在济南市`, `我代表区人民政府`, `各县人民政府`).
fn is_boundary(c: char) -> bool {
    !is_han(c)
        || matches!(
            c,
            '在' | '年'
                | '日'
                | '月'
                | '于'
                | '的'
                | '和'
                | '及'
                | '与'
                | '为'
                | '是'
                | '向'
                | '对'
                | '了'
                | '表'
                | '由'
                | '经'
                | '經'
                | '各'
                | '全'
                | '本'
                | '我'
                | '该'
                | '将'
                | '把'
                | '从'
                | '至'
                | '到'
                | '等'
                | '发'
                | '發'
                | '告'
                | '届'
                | '屆'
        )
}

/// The suffix ending at `chars[..end]`: `(length in chars, level)`.
fn suffix_before(chars: &[char], end: usize) -> Option<(usize, &'static str)> {
    // Compared from the end, without collecting the suffix (this runs at
    // every character of a document's opening); every suffix ends in one
    // of these.
    if end == 0
        || !matches!(
            chars[end - 1],
            '区' | '區' | '州' | '县' | '縣' | '旗' | '省' | '市' | '盟'
        )
    {
        return None;
    }
    SUFFIXES.iter().find_map(|&(s, level)| {
        let mut k = end;
        for c in s.chars().rev() {
            if k == 0 || chars[k - 1] != c {
                return None;
            }
            k -= 1;
        }
        Some((end - k, level))
    })
}

/// The place whose suffix ends right before `end`: a name (body of two to
/// five characters) or a bare level (`区人民政府`).
fn place_before(chars: &[char], end: usize) -> Option<Place> {
    let (slen, level) = suffix_before(chars, end)?;
    let sstart = end - slen;
    let mut k = sstart;
    while k > 0 && sstart - k < 5 && !is_boundary(chars[k - 1]) {
        // A parent's suffix ends the body (`济南市` | `长清区`).
        if suffix_before(chars, k).is_some() && sstart - k >= 2 {
            break;
        }
        k -= 1;
    }
    // The body reached its limit without a boundary: not a name.
    if sstart - k == 5 && k > 0 && !is_boundary(chars[k - 1]) && suffix_before(chars, k).is_none() {
        return None;
    }
    let body = sstart - k;
    if body >= 2 {
        Some(Place {
            name: Some(chars[k..end].iter().collect()),
            level: Some(level),
        })
    } else if body == 0 && !(k > 0 && matches!(chars[k - 1], '各' | '全' | '本' | '该')) {
        // `区人民政府` or `代表省人民政府`: the level only. `各县人民政府`
        // addresses lower governments; `城区` is no place.
        Some(Place {
            name: None,
            level: Some(level),
        })
    } else {
        None
    }
}

/// What may follow a place named in an opening.
fn anchored(rest: &[char]) -> bool {
    const AFTER: &[&str] = &[
        "人民政府",
        "人民代表大会",
        "人大",
        "政府",
        "区长",
        "县长",
        "市长",
        "省长",
        "州长",
        "旗长",
        "盟长",
        "主席",
    ];
    let s: String = rest.iter().take(6).collect();
    if AFTER.iter().any(|a| s.starts_with(a)) {
        return true;
    }
    // `第十八届`, `十四届`, `2026年`.
    if rest.first() == Some(&'第')
        || rest
            .first()
            .is_some_and(|c| "一二三四五六七八九十".contains(*c))
    {
        return rest.iter().take(6).any(|c| matches!(c, '届' | '屆'));
    }
    rest.len() >= 5 && rest[..4].iter().all(char::is_ascii_digit) && rest[4] == '年'
}

/// The place named by a chain at the very start of a line
/// (`济南市长清区在…`): its last link.
fn place_at_start(chars: &[char]) -> Option<Place> {
    let mut i = 0;
    let mut last = None;
    'chain: loop {
        // `天桥区人民政府区长`: the chain ends where its anchor starts.
        if i > 0 && anchored(&chars[i..]) {
            break;
        }
        for end in i + 3..=(i + 8).min(chars.len()) {
            if chars[i..end - 1].iter().any(|c| is_boundary(*c)) {
                break;
            }
            if let Some((slen, _)) = suffix_before(chars, end) {
                if end - slen - i >= 2 {
                    if let Some(p) = place_before(chars, end) {
                        last = Some(p);
                        i = end;
                        continue 'chain;
                    }
                }
            }
        }
        break;
    }
    last
}

/// The byte length of the first `n` characters of `text` (all of it when
/// shorter): characters counted by their first bytes.
fn char_boundary_after(text: &str, n: usize) -> usize {
    let mut seen = 0usize;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        // Not a continuation byte: a character starts here.
        if (b as i8) >= -0x40 {
            if seen == n {
                return i;
            }
            seen += 1;
        }
    }
    text.len()
}

/// The place a document names in its opening (first 3,000 characters): a
/// headline's leading place, else the first anchored one, named or not.
pub fn place_of(text: &str) -> Place {
    let head = &text[..char_boundary_after(text, 3000)];
    if head.contains("全国人民代表大会") || head.contains("国务院总理") {
        return Place {
            name: Some("全国".into()),
            level: Some("国"),
        };
    }
    // The first few non-blank lines may start with a place (a headline).
    for line in head.lines().filter(|l| !l.trim().is_empty()).take(3) {
        let chars: Vec<char> = line
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '#' | '*'))
            .collect();
        if let Some(p) = place_at_start(&chars) {
            if p.name.is_some() {
                return p;
            }
        }
    }
    let chars: Vec<char> = head.chars().filter(|c| !c.is_whitespace()).collect();
    for end in 1..chars.len() {
        if suffix_before(&chars, end).is_none() || !anchored(&chars[end..]) {
            continue;
        }
        if let Some(p) = place_before(&chars, end) {
            return p;
        }
    }
    Place::default()
}

/// The level most of a document's units are named at, from their place
/// prefixes (`区发展改革局`, `市财政局`, `自治区…`) or suffixes (`…厅`:
/// provincial; `…部`, `国家…`: national). At least three units must say,
/// and at least half of those that say must agree.
pub fn unit_level(doc: &Document) -> Option<&'static str> {
    let mut votes: Vec<(&'static str, usize)> = Vec::new();
    let mut said = 0usize;
    for t in &doc.tasks {
        for u in t.lead().chain(t.responsible()) {
            if u.collective {
                continue;
            }
            let n = u.name.as_str();
            let level = if n.starts_with("自治区") || n.starts_with('省') {
                Some("省")
            } else if n.starts_with("国家") || n.starts_with("国务院") {
                Some("国")
            } else if let Some(c) = n.chars().next().filter(|_| n.chars().count() >= 3) {
                match c {
                    '市' => Some("市"),
                    '区' | '區' => Some("区"),
                    '县' | '縣' => Some("县"),
                    '州' => Some("州"),
                    '旗' => Some("旗"),
                    '盟' => Some("盟"),
                    _ if n.ends_with('厅') || n.ends_with('廳') => Some("省"),
                    _ if n.ends_with('部') && n.chars().count() >= 3 => Some("国"),
                    _ => None,
                }
            } else {
                None
            };
            if let Some(l) = level {
                said += 1;
                match votes.iter_mut().find(|(v, _)| *v == l) {
                    Some(e) => e.1 += 1,
                    None => votes.push((l, 1)),
                }
            }
        }
    }
    let (l, n) = votes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))?;
    (said >= 3 && n * 2 >= said).then_some(l)
}

/// Shingles kept in a sketch: about one in [`SKETCH_RATE`], chosen by
/// hash so that the same shingle is kept in every document.
pub const SKETCH_RATE: u64 = 8;

/// Runs up to this many bytes of text sample at [`SKETCH_RATE`].
const SKETCH_RATE_UP_TO: usize = 64 << 20;

/// The sampling rate of a run of `bytes` of text: [`SKETCH_RATE`] up to
/// 64 MiB, doubled for every doubling beyond, so that the sketches of a
/// whole run (every report's is held while annexes are paired) stay about
/// the same size however large the run: a 1 GB run keeps one shingle in
/// 128. Rates are powers of two, and a shingle kept at a rate is kept at
/// every smaller one: a sketch can be thinned to a larger rate exactly
/// ([`thin`]).
pub fn rate_for(bytes: usize) -> u64 {
    let mut rate = SKETCH_RATE;
    let mut cap = SKETCH_RATE_UP_TO;
    while bytes > cap {
        rate *= 2;
        cap = cap.saturating_mul(2);
    }
    rate
}

/// The current run's sampling rate ([`rate_for`] its size).
pub fn run_rate() -> u64 {
    rate_for(crate::chars::run_bytes())
}

fn kept(h: u64, rate: u64) -> bool {
    // A fixed mix (splitmix64's finaliser) so that sampling does not
    // follow the trigram hash's structure.
    let mut z = h.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    z.is_multiple_of(rate)
}

/// The sampled part of a sorted shingle set (sorted too), at the run's
/// rate.
pub fn sketch(set: &[u64]) -> Vec<u64> {
    sketch_at(set, run_rate())
}

/// The sampled part of a sorted shingle set at `rate`.
pub fn sketch_at(set: &[u64], rate: u64) -> Vec<u64> {
    set.iter().copied().filter(|h| kept(*h, rate)).collect()
}

/// A report's sketch at `rate` straight from its units: the same as
/// [`sketch_at`] of [`super::align::report_shingles`], without the whole set.
pub fn report_sketch_at(units: &[crate::targets::TextUnit], rate: u64) -> Vec<u64> {
    sketch_of(units, true, rate)
}

/// [`sketch_at`] of [`super::align::report_shingles`] (`report`) or of
/// [`super::align::shingle_set`] (not `report`) of `units`, made without
/// the whole set: only the sampled shingles are sorted.
pub fn sketch_of(units: &[crate::targets::TextUnit], report: bool, rate: u64) -> Vec<u64> {
    super::align::kept_shingles(units, report, |h| kept(h, rate))
}

/// Thins a sketch made at a smaller rate to `rate`: the same as
/// [`sketch_at`] of the set at `rate`.
pub fn thin(sketch: &mut Vec<u64>, rate: u64) {
    sketch.retain(|h| kept(*h, rate));
    sketch.shrink_to_fit();
}

/// What pairing keeps of a document.
#[derive(Debug, Clone)]
pub struct Summary {
    /// File index.
    pub file: usize,
    /// Detected kind.
    pub kind: DocKind,
    /// The year it is about.
    pub year: Option<u32>,
    /// Its place.
    pub place: Place,
    /// Its units' level ([`unit_level`]).
    pub unit_level: Option<&'static str>,
    /// A sample of its shingles ([`sketch`]).
    pub sketch: Vec<u64>,
    /// Hash of its text (identical copies score once).
    pub hash: u64,
}

impl Summary {
    /// The document's level: its place's, else its units'.
    pub fn level(&self) -> Option<&'static str> {
        self.place.level.or(self.unit_level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opening_is_cut_after_as_many_characters_as_taken() {
        for text in [
            "",
            "a",
            "区",
            "青塘区2024年政府工作报告\n𝄞é x",
            &"某区".repeat(2000),
        ] {
            for n in [0, 1, 2, 5, 3000, 5000] {
                let taken: String = text.chars().take(n).collect();
                assert_eq!(&text[..char_boundary_after(text, n)], taken);
            }
        }
    }

    #[test]
    fn sketch_rate_grows_with_the_run_and_thinning_is_exact() {
        assert_eq!(rate_for(0), SKETCH_RATE);
        assert_eq!(rate_for(64 << 20), SKETCH_RATE);
        assert_eq!(rate_for((64 << 20) + 1), 2 * SKETCH_RATE);
        assert_eq!(rate_for(1 << 30), 16 * SKETCH_RATE);
        let set: Vec<u64> = (0..20_000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9))
            .collect();
        for (from, to) in [(8, 16), (8, 128), (32, 64)] {
            let mut s = sketch_at(&set, from);
            thin(&mut s, to);
            assert_eq!(s, sketch_at(&set, to));
            assert!(!s.is_empty() && s.len() < set.len() / (to as usize / 2));
        }
    }

    /// The quick test of `suffix_before` lets every suffix through.
    #[test]
    fn every_suffix_is_found() {
        for (suffix, level) in SUFFIXES {
            let chars: Vec<char> = format!("长清{suffix}").chars().collect();
            let found = suffix_before(&chars, chars.len());
            assert_eq!(found, Some((suffix.chars().count(), *level)), "{suffix}");
        }
    }

    fn name(s: &str) -> Option<String> {
        place_of(s).name
    }

    #[test]
    fn reads_places_from_openings() {
        assert_eq!(
            name("政 府 工 作 报 告\n——2024年1月17日在济南市长清区第十八届\n人民代表大会第三次会议上\n济南市长清区区长  王士强"),
            Some("长清区".into())
        );
        assert_eq!(
            name("济南市长清区人民政府\n关于推进健康长清行动的实施意见"),
            Some("长清区".into())
        );
        assert_eq!(
            name("下载\n打印\n2026年内蒙古自治区政府工作报告\n——2026年2月4日在内蒙古自治区第十四届人民代表大会"),
            Some("内蒙古自治区".into())
        );
        assert_eq!(name("陕西省2026年政府工作报告"), Some("陕西省".into()));
        assert_eq!(name("上海市市长 龚 正"), Some("上海市".into()));
        assert_eq!(
            name("济南市长清区在聚力推动高质量发展中展现更强担当"),
            Some("长清区".into())
        );
        assert_eq!(
            name("长兴县人民政府办公室关于印发2023年政府工作报告重点工作责任分解的通知"),
            Some("长兴县".into())
        );
        assert_eq!(name("韶關市人民政府關于印發"), Some("韶關市".into()));
        assert_eq!(
            name("——2021年3月5日在第十三届全国人民代表大会第四次会议上"),
            Some("全国".into())
        );
    }

    #[test]
    fn keeps_a_bare_level_and_ignores_addressees() {
        let p = place_of(
            "2023年区《政府工作报告》确定的重点工作\n现在，我代表区人民政府向大会报告工作",
        );
        assert_eq!(
            p,
            Place {
                name: None,
                level: Some("区")
            }
        );
        assert_eq!(place_of("各县人民政府，各部门："), Place::default());
        assert_eq!(
            place_of("2025 年《政府工作报告》重点工作 责任分工"),
            Place::default()
        );
        assert_eq!(place_of("城市更新行动方案").name, None);
    }

    #[test]
    fn stems_point_to_the_place() {
        let p = place_of("2026年广西壮族自治区政府工作报告");
        assert_eq!(p.stems(), vec!["广西壮族".to_string(), "广西".to_string()]);
        assert_eq!(
            place_of("天桥区人民政府区长").stems(),
            vec!["天桥".to_string()]
        );
    }

    #[test]
    fn sketches_sample_the_same_shingles_everywhere() {
        let a: Vec<u64> = (0..4000).collect();
        let b: Vec<u64> = (2000..6000).collect();
        let (sa, sb) = (sketch_at(&a, SKETCH_RATE), sketch_at(&b, SKETCH_RATE));
        assert!(sa.len() > 300 && sa.len() < 700, "{}", sa.len());
        let shared = sa.iter().filter(|h| sb.binary_search(h).is_ok()).count();
        let est = shared as f32 / sa.len() as f32;
        assert!((est - 0.5).abs() < 0.1, "{est}");
    }
}
