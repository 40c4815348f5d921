//! What counts as a likely typo of a character: hand-listed confusable
//! pairs (`rules/confusables.toml`), look-alike shapes (`rules/shapes.toml`)
//! and same readings (the `pinyin` crate), with the costs of each edit.

use std::collections::HashMap;

use rustc_hash::FxHashSet;
use std::sync::OnceLock;

use pinyin::ToPinyinMulti;
use serde::Deserialize;

/// The costs of the weighted distance (see the module doc).
pub mod cost {
    /// A connector (和、与、及、、) inserted or dropped.
    pub const CONNECTOR: f32 = 0.1;
    /// A pair listed by hand in `rules/confusables.toml`.
    pub const CONFUSABLE: f32 = 0.3;
    /// A character with the same pinyin and tone.
    pub const SAME_SOUND: f32 = 0.3;
    /// A character with the same pinyin in another tone.
    pub const SIMILAR_SOUND: f32 = 0.4;
    /// A look-alike character (`rules/shapes.toml`).
    pub const SHAPE: f32 = 0.4;
    /// A character doubled, or one of a doubled pair dropped.
    pub const DOUBLE: f32 = 0.4;
    /// Two neighbouring characters swapped.
    pub const TRANSPOSE: f32 = 0.5;
    /// Any other character inserted or dropped.
    pub const INDEL: f32 = 0.8;
    /// Any other character changed.
    pub const PLAIN: f32 = 1.0;
    /// A distinctive character dropped or inserted (区住房城建设局 for
    /// 区住房城乡建设局): a typo only between spellings of a corpus, where a
    /// frequent spelling vouches for the other (`Limits`).
    pub const DISTINCTIVE_INDEL: f32 = 1.5;
    /// An edit touching a distinctive character: never a near miss.
    pub const BLOCKED: f32 = 5.0;
}

/// The character tables (`rules/confusables.toml`, `rules/shapes.toml`).
#[derive(Debug, Clone, Default)]
pub struct Confusables {
    pairs: FxHashSet<(char, char)>,
    /// Both orders of every look-alike pair, sorted.
    shapes: &'static [(char, char)],
    distinctive: FxHashSet<char>,
    connectors: FxHashSet<char>,
    /// The common characters (whitespace removed).
    common: &'static str,
    neighbours: OnceLock<HashMap<char, Vec<char>>>,
}

/// The built-in tables, compiled from `rules/shapes.toml` and
/// `rules/confusables.toml` by `build.rs` (parsing the TOML at every start
/// cost more than the rest of the start-up).
mod tables {
    include!(concat!(env!("OUT_DIR"), "/char_tables.rs"));
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

/// The default table (compiled into static tables by `build.rs`; kept
/// for the test that compares them).
#[cfg(test)]
pub const DEFAULT_TOML: &str = include_str!("../../../rules/confusables.toml");

/// The generated look-alike table (compiled into static tables by
/// `build.rs`; kept for the test that compares them).
#[cfg(test)]
pub const SHAPES_TOML: &str = include_str!("../../../rules/shapes.toml");

/// How one character written for another is priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubKind {
    /// Listed by hand in `rules/confusables.toml`.
    Confusable,
    /// Same pinyin and tone.
    SameSound,
    /// Same pinyin, another tone.
    SimilarSound,
    /// Look-alike shapes (`rules/shapes.toml`).
    Shape,
    /// Anything else.
    Plain,
    /// One of them is distinctive.
    Blocked,
}

impl SubKind {
    /// The cost of the substitution.
    pub fn cost(self) -> f32 {
        match self {
            SubKind::Confusable => cost::CONFUSABLE,
            SubKind::SameSound => cost::SAME_SOUND,
            SubKind::SimilarSound => cost::SIMILAR_SOUND,
            SubKind::Shape => cost::SHAPE,
            SubKind::Plain => cost::PLAIN,
            SubKind::Blocked => cost::BLOCKED,
        }
    }
}

/// The readings of a character without tone, and its main reading with
/// the tone number (`None` for a character without a reading).
pub(super) type Readings = Option<(Vec<&'static str>, &'static str)>;

/// The readings of a character without tone, and its main reading with
/// the tone number.
pub(super) fn readings(c: char) -> Readings {
    let multi = c.to_pinyin_multi()?;
    let main = multi.get_opt(0)?.with_tone_num_end();
    Some((multi.into_iter().map(|p| p.plain()).collect(), main))
}

/// Whether two characters sound alike: `Some(true)` for the same main
/// reading with the same tone, `Some(false)` for a shared reading in any
/// tone.
pub fn same_sound(a: char, b: char) -> Option<bool> {
    let ra = readings(a);
    ra.as_ref()?;
    same_reading(&ra, &readings(b))
}

/// [`same_sound`] of two characters whose readings are known.
pub(super) fn same_reading(a: &Readings, b: &Readings) -> Option<bool> {
    let (ra, ma) = a.as_ref()?;
    let (rb, mb) = b.as_ref()?;
    if ma == mb {
        return Some(true);
    }
    ra.iter().any(|x| rb.contains(x)).then_some(false)
}

impl Confusables {
    /// Adds a parsed table; returns the span of the first malformed pair.
    pub fn add(&mut self, raw: RawConfusables) -> Result<(), (std::ops::Range<usize>, String)> {
        for p in raw.pairs {
            let chars: Vec<char> = p.get_ref().chars().collect();
            if chars.len() != 2 || chars[0] == chars[1] {
                return Err((
                    p.span(),
                    crate::tr!(
                        "“{}”不是两个不同的字",
                        "“{}” is not two different characters",
                        p.get_ref()
                    ),
                ));
            }
            self.pairs.insert((chars[0], chars[1]));
            self.pairs.insert((chars[1], chars[0]));
        }
        self.distinctive.extend(raw.distinctive.chars());
        self.connectors.extend(raw.connectors.chars());
        self.neighbours = OnceLock::new();
        Ok(())
    }

    /// The built-in tables (static, compiled by `build.rs`).
    pub fn builtin() -> Self {
        Confusables {
            pairs: tables::CONFUSABLE_PAIRS.iter().copied().collect(),
            shapes: tables::SHAPE_PAIRS,
            distinctive: tables::DISTINCTIVE.chars().collect(),
            connectors: tables::CONNECTORS.chars().collect(),
            common: tables::COMMON,
            neighbours: OnceLock::new(),
        }
    }

    /// The built-in tables read from the TOML files at run time, as a user's
    /// table is read: what [`Confusables::builtin`] must equal (tested).
    #[cfg(test)]
    pub(crate) fn builtin_from_toml() -> Self {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct RawShapes {
            common: String,
            pairs: Vec<String>,
        }
        let raw: RawConfusables = toml::from_str(DEFAULT_TOML).expect("rules/confusables.toml");
        let shapes: RawShapes = toml::from_str(SHAPES_TOML).expect("rules/shapes.toml");
        let mut c = Confusables::default();
        c.add(raw).expect("rules/confusables.toml is valid");
        let mut set = std::collections::BTreeSet::new();
        for p in &shapes.pairs {
            let v: Vec<char> = p.chars().collect();
            if let [a, b] = v[..] {
                set.insert((a, b));
                set.insert((b, a));
            }
        }
        c.shapes = Vec::leak(set.into_iter().collect());
        let common: String = shapes
            .common
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        c.common = String::leak(common);
        c
    }

    /// Whether the two tables hold the same data.
    #[cfg(test)]
    pub(crate) fn same_tables(&self, other: &Confusables) -> bool {
        self.pairs == other.pairs
            && self.shapes == other.shapes
            && self.distinctive == other.distinctive
            && self.connectors == other.connectors
            && self.common == other.common
    }

    /// Whether `a` and `b` are a hand-listed confusable pair.
    pub fn confusable(&self, a: char, b: char) -> bool {
        self.pairs.contains(&(a, b))
    }

    /// How writing `a` for `b` is priced.
    ///
    /// Two distinctive characters (南/北, 一/二, 区/市) are never a typo of
    /// each other; a distinctive character and an ordinary one only when
    /// they sound or look alike (区大数据局 → 区太数据局 is a typo, 区大数据局
    /// → 区新数据局 is not).
    pub fn sub_kind(&self, a: char, b: char) -> SubKind {
        self.sub_kind_sounding(a, b, || same_sound(a, b))
    }

    /// [`Confusables::sub_kind`], with `sound` answering [`same_sound`] of
    /// the two characters (when it is asked).
    pub(super) fn sub_kind_sounding(
        &self,
        a: char,
        b: char,
        sound: impl FnOnce() -> Option<bool>,
    ) -> SubKind {
        let distinctive = usize::from(self.is_distinctive(a)) + usize::from(self.is_distinctive(b));
        let kind = if distinctive == 2 {
            SubKind::Blocked
        } else if self.pairs.contains(&(a, b)) {
            SubKind::Confusable
        } else {
            match sound() {
                Some(true) => SubKind::SameSound,
                _ if self.shapes.binary_search(&(a, b)).is_ok() => SubKind::Shape,
                Some(false) => SubKind::SimilarSound,
                None => SubKind::Plain,
            }
        };
        if distinctive == 1 && kind == SubKind::Plain {
            SubKind::Blocked
        } else {
            kind
        }
    }

    /// Whether `c` is a connector (和、与).
    pub fn is_connector(&self, c: char) -> bool {
        self.connectors.contains(&c)
    }

    /// Whether `c` tells units apart.
    pub fn is_distinctive(&self, c: char) -> bool {
        self.distinctive.contains(&c)
    }

    /// The common characters (GB 2312) that could be typed or read for `c`:
    /// homophones and look-alikes, plus the hand-listed pairs.
    pub fn neighbours(&self, c: char) -> &[char] {
        let map = self.neighbours.get_or_init(|| {
            let mut by_sound: HashMap<&'static str, Vec<char>> = HashMap::new();
            for x in self.common.chars() {
                if let Some((plain, _)) = readings(x) {
                    for p in plain {
                        by_sound.entry(p).or_default().push(x);
                    }
                }
            }
            let mut map: HashMap<char, Vec<char>> = HashMap::new();
            for x in self.common.chars() {
                let mut v: Vec<char> = Vec::new();
                if let Some((plain, _)) = readings(x) {
                    for p in plain {
                        v.extend(by_sound.get(p).into_iter().flatten().copied());
                    }
                }
                v.retain(|y| *y != x);
                map.insert(x, v);
            }
            for &(a, b) in self.shapes.iter().chain(&self.pairs) {
                map.entry(a).or_default().push(b);
            }
            for v in map.values_mut() {
                v.sort_unstable();
                v.dedup();
                v.retain(|y| !self.is_distinctive(*y));
            }
            map
        });
        map.get(&c).map(Vec::as_slice).unwrap_or(&[])
    }
}
