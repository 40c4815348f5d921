//! Responsibility clauses: `grammar/clause.pest` → [`Clause`].
//!
//! A clause is any bracketed region or line-level segment that holds a role
//! label (牵头单位：, 配合科室：, 牵头督办单位：…) or a role verb after unit
//! names (A牵头, B配合, C负责…), whatever else it holds. Each role word
//! governs the unit list next to it; everything else becomes a typed
//! [`Field`] of the clause (deadline, person, keyed value, free text).
//!
//! The vocabulary of role words has one home, the grammar: the prefilter
//! that decides which regions are worth parsing ([`keywords`]) is read from
//! the grammar's `lead_root`, `resp_root`, `lead_word`, `owner_word` and
//! `support_word` rules, so the two can never disagree.

use std::sync::OnceLock;

use pest::iterators::Pair;
use pest::Parser;

use crate::model::{Clause, ClauseForm, Field, FieldKind, Joined, Span, Text, Unit};

mod grammar {
    #![allow(missing_docs)]
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/clause.pest"]
    pub struct ClauseParser;
}
use grammar::{ClauseParser, Rule};

/// The grammar's text, from which `build.rs` reads the prefilter's words
/// (checked against it by a test).
#[cfg(test)]
const GRAMMAR: &str = include_str!("../../grammar/clause.pest");

/// The string literals of one rule of the grammar (`name = { … }`, possibly
/// over several lines), leaving out positive look-aheads `&…` (they
/// follow a word and never start one): read from `grammar/clause.pest` by
/// `build.rs` (`build/grammar_literals.rs`), not at every start.
pub fn grammar_literals(rule: &str) -> Vec<String> {
    mod table {
        include!(concat!(env!("OUT_DIR"), "/grammar_literals.rs"));
    }
    table::GRAMMAR_LITERALS
        .iter()
        .find(|(name, _)| *name == rule)
        .map(|(_, words)| words.iter().map(|w| w.to_string()).collect())
        .unwrap_or_default()
}

/// Words that make a region worth parsing as a clause: every role root and
/// role verb of the grammar.
pub fn keywords() -> &'static [String] {
    static K: OnceLock<Vec<String>> = OnceLock::new();
    K.get_or_init(|| {
        let mut k: Vec<String> = [
            "lead_root",
            "resp_root",
            "lead_word",
            "owner_word",
            "support_word",
        ]
        .iter()
        .flat_map(|r| grammar_literals(r))
        .collect();
        k.sort();
        k.dedup();
        k
    })
}

/// The literals of one grammar rule, read once.
macro_rules! grammar_words {
    ($(#[$doc:meta])* $name:ident, $rule:literal) => {
        $(#[$doc])*
        pub fn $name() -> &'static [String] {
            static K: OnceLock<Vec<String>> = OnceLock::new();
            K.get_or_init(|| grammar_literals($rule))
        }
    };
}

grammar_words!(
    /// The lead roots of the grammar (牵头, 主责…): a `（牵头）` after a unit
    /// name marks it as the lead; a table column named with one leads.
    lead_roots,
    "lead_root"
);
grammar_words!(
    /// The responsible roots of the grammar (责任, 配合, 协同…).
    resp_roots,
    "resp_root"
);
grammar_words!(
    /// The unit nouns that end a role label (单位, 部门, 主体, 处室…).
    label_nouns,
    "label_noun"
);
grammar_words!(
    /// The nouns that make a label name a person (领导, 责任人…).
    person_nouns,
    "person_noun"
);
grammar_words!(
    /// The words of co-operation (配合, 参与, 协同…).
    support_words,
    "support_word"
);
grammar_words!(
    /// The words that make units the owners of a task (负责, 落实…).
    owner_words,
    "owner_word"
);
grammar_words!(
    /// The words that start a phrase of duties (按, 按照, 根据…).
    duty_words,
    "duty"
);
grammar_words!(
    /// The lead verb (牵头 not followed by a noun).
    lead_words,
    "lead_word"
);

/// Whether the text mentions a role word of the grammar.
pub fn has_keyword(s: &str) -> bool {
    scan_keywords(s, false).0
}

/// Whether the text mentions a role word of the grammar ([`has_keyword`]),
/// and whether it holds a role root (`lead_root`, `resp_root`: what every
/// role label starts with), in one pass.
pub fn keyword_and_root(s: &str) -> (bool, bool) {
    scan_keywords(s, true)
}

/// Words by their first character: `(first character, the words starting
/// with it, each with whether it is a keyword and whether it is a root)`,
/// sorted by character.
type WordsByFirst = Vec<(char, Vec<(&'static str, bool, bool)>)>;

/// The role words ([`keywords`]) and roots by their first character.
struct KeywordIndex {
    /// First characters of three bytes in UTF-8 (every ideograph), as a
    /// bit set of code points: word `cp >> 6`, bit `cp & 63`.
    three: Box<[u64; 1024]>,
    /// Other first characters.
    other: Vec<char>,
    /// The words by their first character.
    by_first: WordsByFirst,
}

fn keyword_index() -> &'static KeywordIndex {
    static K: OnceLock<KeywordIndex> = OnceLock::new();
    K.get_or_init(|| {
        let roots = || lead_roots().iter().chain(resp_roots());
        let mut words: Vec<&'static str> = keywords()
            .iter()
            .chain(roots())
            .map(String::as_str)
            .collect();
        words.sort_unstable();
        words.dedup();
        let mut by_first: WordsByFirst = Vec::new();
        for w in words {
            let Some(c) = w.chars().next() else { continue };
            let entry = (
                w,
                keywords().iter().any(|k| k == w),
                roots().any(|r| r == w),
            );
            match by_first.iter_mut().find(|(f, _)| *f == c) {
                Some((_, v)) => v.push(entry),
                None => by_first.push((c, vec![entry])),
            }
        }
        by_first.sort_unstable_by_key(|(c, _)| *c);
        let mut three = Box::new([0u64; 1024]);
        let mut other = Vec::new();
        for &(c, _) in &by_first {
            if c.len_utf8() == 3 {
                three[c as usize >> 6] |= 1 << (c as usize & 63);
            } else {
                other.push(c);
            }
        }
        KeywordIndex {
            three,
            other,
            by_first,
        }
    })
}

/// One pass over `s` for the grammar's role words: (a keyword occurs, a
/// root occurs). With `want_root` false it stops at the first keyword.
///
/// Every position whose character starts a word (for ideographs a bit set
/// indexed by the code point read from the UTF-8 bytes) is compared with
/// the words starting with that character: the same answer as a search for
/// each word (a test compares them with Aho-Corasick automata), without
/// an automaton's steps for every byte.
fn scan_keywords(s: &str, want_root: bool) -> (bool, bool) {
    let k = keyword_index();
    let b = s.as_bytes();
    let (mut any, mut root) = (false, false);
    let mut i = 0;
    while i < b.len() {
        let (starts, len) = match &b[i..] {
            &[lead @ 0xE0..=0xEF, b1, b2, ..] => {
                let cp = (usize::from(lead & 0x0F) << 12)
                    | (usize::from(b1 & 0x3F) << 6)
                    | usize::from(b2 & 0x3F);
                (k.three[cp >> 6] >> (cp & 63) & 1 == 1, 3)
            }
            &[lead, ..] => {
                let len = match lead {
                    0..0x80 => 1,
                    0x80..0xE0 => 2,
                    _ => 4,
                };
                let starts = !k.other.is_empty()
                    && s[i..].chars().next().is_some_and(|c| k.other.contains(&c));
                (starts, len)
            }
            [] => break,
        };
        if starts {
            let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
            if let Ok(at) = k.by_first.binary_search_by_key(&c, |(f, _)| *f) {
                let rest = &s[i..];
                for &(w, is_kw, is_root) in &k.by_first[at].1 {
                    if rest.starts_with(w) {
                        any |= is_kw;
                        root |= is_root;
                    }
                }
                if any && (root || !want_root) {
                    break;
                }
            }
        }
        i += len;
    }
    (any, root)
}

/// Whether a region that mentions a role word looks meant as a clause, so
/// that failing to parse it is worth a finding: it holds a colon or 牵头.
pub fn looks_like_clause(s: &str) -> bool {
    has_keyword(s)
        && (s.contains(['：', ':']) || lead_words().iter().any(|w| s.contains(w.as_str())))
}

/// Whether a line starts with a role label (`牵头单位：`, `【责任单位】`,
/// `（配合科室：`): a line-level clause.
pub fn starts_label_line(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t', '\u{3000}', '*']);
    let Some(first) = t.chars().next() else {
        return false;
    };
    let open = matches!(first, '（' | '(' | '[' | '【' | '〔' | '［' | '〖');
    if !open && !root_firsts().contains(&first) {
        return false;
    }
    ClauseParser::parse(Rule::label_line, t).is_ok()
}

/// Whether text starts with a role label in brackets of its own
/// (`【牵头单位】A`, `[责任单位]B`).
pub fn starts_closed_label(s: &str) -> bool {
    // `closed_label` starts with spaces and a `label_open`: anything else
    // fails at once (and a failed parse costs pest an error message).
    s.trim_start_matches([' ', '\t', '\u{3000}', '\u{a0}'])
        .starts_with(['【', '[', '［', '〖', '〔'])
        && ClauseParser::parse(Rule::closed_label, s).is_ok()
}

/// First characters of the grammar's role roots.
fn root_firsts() -> &'static [char] {
    static K: OnceLock<Vec<char>> = OnceLock::new();
    K.get_or_init(|| {
        let mut v: Vec<char> = ["lead_root", "resp_root"]
            .iter()
            .flat_map(|r| grammar_literals(r))
            .filter_map(|s| s.chars().next())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// What parsing a region gave.
#[derive(Debug, Clone)]
pub enum Parsed {
    /// A clause: it holds at least one role part.
    Clause(Box<Clause>),
    /// It parsed, but names no role: not a clause (`（含区属企业）`).
    NotClause,
    /// The grammar could not read it.
    Failed,
}

/// Whether `piece` parses as a clause (`Parsed::Clause`); see
/// [`parse_piece`] for the memo.
///
/// A region [`plain_clause`] reads is a clause (it has at least one role
/// part): that is answered without the memo, and without building the
/// clause.
pub fn is_clause(piece: &str, bracketed: bool) -> bool {
    plain_clause(piece, bracketed).is_some()
        || with_piece(piece, bracketed, |p| matches!(p, Parsed::Clause(_)))
}

/// Parses a clause occupying `range` of `body` (logical offsets).
/// `bracketed` selects between the bracketed and the bare entry rule.
///
/// The grammar runs on the region's text alone ([`parse_piece`], memoised):
/// the result's spans are offsets into that text, mapped here through the
/// body's source map, as a parse inside the body would map them.
///
/// A region [`plain_clause`] reads is built in place, with spans mapped as
/// it goes: the same clause (a test compares the two on bodies cut into
/// pieces), without the memo's copy.
pub fn parse_clause(body: &Joined, range: std::ops::Range<usize>, bracketed: bool) -> Parsed {
    if let Some(p) = plain_clause(&body.text[range.clone()], bracketed) {
        return read_plain(body, range, bracketed, p);
    }
    parse_clause_by_piece(body, range, bracketed)
}

/// [`parse_clause`] through the memo: the region's text parsed alone, its
/// spans mapped through the body's source map.
fn parse_clause_by_piece(body: &Joined, range: std::ops::Range<usize>, bracketed: bool) -> Parsed {
    let base = range.start;
    match parse_piece(&body.text[range], bracketed) {
        Parsed::Clause(mut c) => {
            let map = |s: &mut Span| *s = body.span(base + s.start..base + s.end);
            map(&mut c.span);
            c.lead_label.iter_mut().for_each(map);
            c.responsible_label.iter_mut().for_each(map);
            c.lead.iter_mut().for_each(|u| map(&mut u.span));
            c.responsible.iter_mut().for_each(|u| map(&mut u.span));
            c.deadline.iter_mut().for_each(|t| map(&mut t.span));
            for f in &mut c.fields {
                f.key.iter_mut().for_each(|t| map(&mut t.span));
                map(&mut f.value.span);
            }
            c.separators.iter_mut().for_each(|(s, _)| map(s));
            Parsed::Clause(c)
        }
        other => other,
    }
}

/// Parses `piece` as a clause, spans relative to `piece`; remembered for the
/// process. Deciding the task level (in parallel over lines), whether a line
/// closes its task and which regions hold clauses ask about the same
/// bracketed regions, and real annexes repeat the same clause
/// (`（牵头单位：区发改局）`) many times. The memo is sharded by hash so that
/// threads rarely wait on each other; it is a pure function of its key, and
/// a shard is emptied when it grows past a bound, so results do not depend
/// on the order or number of documents and memory stays bounded.
fn parse_piece(piece: &str, bracketed: bool) -> Parsed {
    with_piece(piece, bracketed, Parsed::clone)
}

/// Runs `f` on what [`parse_piece`] gives, without copying a remembered
/// result (looked up by the text itself: no key is built for a look-up).
fn with_piece<R>(piece: &str, bracketed: bool, f: impl FnOnce(&Parsed) -> R) -> R {
    use std::hash::BuildHasher;
    use std::sync::Mutex;
    /// One map per entry rule (bare, bracketed).
    type Shard = Mutex<[rustc_hash::FxHashMap<Box<str>, Parsed>; 2]>;
    const SHARDS: usize = 16;
    const MAX_PER_SHARD: usize = 512;
    const MAX_KEY: usize = 1024;
    static MEMO: OnceLock<Vec<Shard>> = OnceLock::new();
    let compute = || {
        let j = Joined::from_piece(piece, 0..piece.len());
        parse_in(&j, 0..piece.len(), bracketed)
    };
    if piece.is_empty() || piece.len() > MAX_KEY {
        return f(&compute());
    }
    let memo = MEMO.get_or_init(|| (0..SHARDS).map(|_| Mutex::default()).collect());
    let shard = &memo[(rustc_hash::FxBuildHasher.hash_one(piece) as usize) % SHARDS];
    let rule = usize::from(bracketed);
    if let Ok(m) = shard.lock() {
        if let Some(v) = m[rule].get(piece) {
            return f(v);
        }
    }
    let v = compute();
    let r = f(&v);
    if let Ok(mut m) = shard.lock() {
        if m[0].len() + m[1].len() >= MAX_PER_SHARD {
            m[0].clear();
            m[1].clear();
        }
        m[rule].insert(Box::from(piece), v);
    }
    r
}

/// Parses the region `range` of `body` with the grammar.
fn parse_in(body: &Joined, range: std::ops::Range<usize>, bracketed: bool) -> Parsed {
    parse_with(body, range, bracketed, true)
}

/// Parses the region `range` of `body`: a clause of labels and plain unit
/// lists is read by [`plain_clause`] when `plain` allows it, every other
/// clause by the grammar (both give the same clause; tests compare them).
fn parse_with(
    body: &Joined,
    range: std::ops::Range<usize>,
    bracketed: bool,
    plain: bool,
) -> Parsed {
    let src = &body.text[range.clone()];
    if let Some(p) = plain.then(|| plain_clause(src, bracketed)).flatten() {
        return read_plain(body, range, bracketed, p);
    }
    let base = range.start;
    let cx = Cx { body, base };
    let mut clause = empty_clause(body, range, bracketed);
    let mut st = State::default();
    let rule = if bracketed {
        Rule::bracketed
    } else {
        Rule::bare
    };
    let Some(top) = ClauseParser::parse(rule, src)
        .ok()
        .and_then(|mut p| p.next())
    else {
        return Parsed::Failed;
    };
    for p in top.into_inner() {
        match p.as_rule() {
            Rule::open => clause.brackets.0 = p.as_str().to_string(),
            Rule::close => clause.brackets.1 = p.as_str().to_string(),
            Rule::body => {
                for part in p.into_inner() {
                    match part.as_rule() {
                        Rule::part_sep => {
                            let c = part.as_str().chars().next().unwrap_or('；');
                            clause.separators.push((cx.map(&part), c));
                        }
                        Rule::part => {
                            let Some(inner) = part.into_inner().next() else {
                                continue;
                            };
                            read_part(inner, &cx, &mut clause, &mut st);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    finish(clause, st, bracketed)
}

/// A clause of `range` with nothing read yet.
fn empty_clause(body: &Joined, range: std::ops::Range<usize>, bracketed: bool) -> Clause {
    let form = if bracketed {
        ClauseForm::Labelled
    } else {
        ClauseForm::Bare
    };
    Clause::blank(body.span(range), form)
}

/// Builds the clause [`plain_clause`] read from the region `range` of
/// `body`: the same steps as the grammar's pairs in [`parse_with`] (open,
/// each labelled part and the separator after it, close).
fn read_plain(body: &Joined, range: std::ops::Range<usize>, bracketed: bool, p: Plain) -> Parsed {
    let cx = Cx {
        body,
        base: range.start,
    };
    let mut clause = empty_clause(body, range, bracketed);
    let mut st = State::default();
    if let Some((open, close)) = &p.brackets {
        clause.brackets = (cx.str_at(open).to_string(), cx.str_at(close).to_string());
    }
    for part in &p.parts {
        st.role = true;
        let label = cx.map_range(&part.label);
        if part.lead {
            clause.lead_label.get_or_insert(label);
        } else {
            clause.responsible_label.get_or_insert(label);
        }
        let units = read_units(&part.items, &cx, &mut clause.separators);
        let list = if part.lead {
            &mut clause.lead
        } else {
            &mut clause.responsible
        };
        if list.is_empty() {
            *list = units;
        } else {
            list.extend(units);
        }
        if let Some(sep) = &part.sep {
            let c = cx.str_at(sep).chars().next().unwrap_or('；');
            clause.separators.push((cx.map_range(sep), c));
        }
    }
    finish(clause, st, bracketed)
}

/// A clause read without the grammar by [`plain_clause`]: ranges in the
/// parsed text.
struct Plain {
    /// The open and close brackets of a bracketed clause.
    brackets: Option<(std::ops::Range<usize>, std::ops::Range<usize>)>,
    parts: Vec<PlainPart>,
}

/// One `label：A、B` part of a [`Plain`] clause.
struct PlainPart {
    /// The role label (`牵头单位`), without the colon.
    label: std::ops::Range<usize>,
    /// Whether the label is a lead label (`lead_label` of the grammar).
    lead: bool,
    /// Its units and their separators, as the grammar's `label_list`.
    items: Vec<(Item, std::ops::Range<usize>)>,
    /// The part separator after it (`；`), when another part follows.
    sep: Option<std::ops::Range<usize>>,
}

/// A set of characters, the CJK ideographs as a bit set.
struct Firsts {
    cjk: Vec<u64>,
    other: Vec<char>,
}

impl Firsts {
    /// The first characters of `words`.
    fn of(words: &[String]) -> Self {
        let mut set = Firsts {
            cjk: vec![0; (0x9FFF - 0x4E00) / 64 + 1],
            other: Vec::new(),
        };
        for c in words.iter().filter_map(|w| w.chars().next()) {
            match Self::cjk_index(c) {
                Some(k) => set.cjk[k / 64] |= 1 << (k % 64),
                None => set.other.push(c),
            }
        }
        set.other.sort_unstable();
        set.other.dedup();
        set
    }

    fn cjk_index(c: char) -> Option<usize> {
        ('\u{4E00}'..='\u{9FFF}')
            .contains(&c)
            .then(|| c as usize - 0x4E00)
    }

    #[inline]
    fn contains(&self, c: char) -> bool {
        match Self::cjk_index(c) {
            Some(k) => self.cjk[k / 64] >> (k % 64) & 1 == 1,
            None => self.other.binary_search(&c).is_ok(),
        }
    }
}

/// Words looked up at a position by their first character: a bit set of
/// first characters ([`Firsts`]) settles most positions, and only the words
/// with the character found there are compared.
struct Words {
    firsts: Firsts,
    /// The words by their first character, sorted by it.
    by_first: Vec<(char, Vec<String>)>,
}

impl Words {
    fn of(words: &[String]) -> Self {
        let mut by_first: Vec<(char, Vec<String>)> = Vec::new();
        for w in words {
            let Some(c) = w.chars().next() else { continue };
            match by_first.iter_mut().find(|(f, _)| *f == c) {
                Some((_, v)) => v.push(w.clone()),
                None => by_first.push((c, vec![w.clone()])),
            }
        }
        by_first.sort_by_key(|(c, _)| *c);
        Words {
            firsts: Firsts::of(words),
            by_first,
        }
    }

    /// Whether one of the words starts `t`, whose first character is `c`.
    #[inline]
    fn start(&self, c: char, t: &str) -> bool {
        self.firsts.contains(c) && self.first_of(c, t).is_some()
    }

    /// Whether one of the words starts `t`.
    fn starts(&self, t: &str) -> bool {
        t.chars().next().is_some_and(|c| self.start(c, t))
    }

    /// The first word, in the order given to [`Words::of`], that starts
    /// `t` (all such words start with its first character, and each
    /// character's words keep that order).
    fn first(&self, t: &str) -> Option<&str> {
        self.first_of(t.chars().next()?, t)
    }

    fn first_of(&self, c: char, t: &str) -> Option<&str> {
        let k = self.by_first.binary_search_by_key(&c, |(f, _)| *f).ok()?;
        self.by_first[k]
            .1
            .iter()
            .map(String::as_str)
            .find(|w| t.starts_with(w))
    }
}

/// Word lists of the grammar that [`plain_clause`] checks against.
struct PlainWords {
    /// Words that may start a `unit_stop` made of ideographs: the literals
    /// of `unit_stop` (等, 配合, 为…) and of `lead_word`, `duty`, `adverb`,
    /// `owner_word` and `support_word` that it refers to.
    stops: Words,
    /// Words a unit must not start with: the literals of `time_start`,
    /// `date`, `day`, `cn_month`, `time_word` and `sentence_start` (what a
    /// unit's own look-aheads reject), of `first_note`, and the role roots
    /// (what a list's `!label_start` and `!first_note` reject).
    bad_starts: Words,
    /// First characters of the role roots.
    root_firsts: Firsts,
    /// The lead roots, the responsible roots and the unit nouns, each in
    /// the grammar's order.
    lead_roots: Words,
    resp_roots: Words,
    label_nouns: Words,
}

fn plain_words() -> &'static PlainWords {
    static W: OnceLock<PlainWords> = OnceLock::new();
    W.get_or_init(|| {
        let lits = |rules: &[&str]| -> Vec<String> {
            let mut v: Vec<String> = rules.iter().flat_map(|r| grammar_literals(r)).collect();
            v.sort();
            v.dedup();
            v
        };
        let stops = lits(&[
            "unit_stop",
            "lead_word",
            "duty",
            "adverb",
            "owner_word",
            "support_word",
        ]);
        let bad_starts = lits(&[
            "time_start",
            "date",
            "day",
            "cn_month",
            "time_word",
            "sentence_start",
            "first_note",
            "lead_root",
            "resp_root",
        ]);
        let root_firsts = Firsts::of(&lits(&["lead_root", "resp_root"]));
        PlainWords {
            stops: Words::of(&stops),
            bad_starts: Words::of(&bad_starts),
            root_firsts,
            lead_roots: Words::of(lead_roots()),
            resp_roots: Words::of(resp_roots()),
            label_nouns: Words::of(label_nouns()),
        }
    })
}

/// Reads the most common clause shape without the grammar:
/// `（牵头单位：A；责任单位：B、C，D）` — parts of a role label (a role root
/// directly followed by a unit noun) and a colon, separated by `；`, each
/// listing units made only of CJK ideographs separated by `、` or `，`.
/// `None` for anything else, which the grammar reads.
///
/// On such text the grammar's parse is fixed, and this gives the same
/// pairs (a test compares the two on real annexes and on every label):
/// - `part` tries `first_note` (needs 排, 列, 居, 首 or 第 first, never a
///   role root), then `labelled`. Its `role_label` is the first lead root
///   that starts the text, else the first responsible root, then the first
///   unit noun, ending at the colon (`label_rest`'s first alternative).
/// - The `listed_lead` alternative needs `lead_ahead`: a 牵头 before `；`,
///   a close or the end. A 牵头 inside the units is a stop word below, so
///   the text is left to the grammar; the next alternative reads
///   `label_list`.
/// - A `unit` takes ideographs up to a `unit_stop`. Every stop that is not
///   punctuation or space starts with a literal of `unit_stop`, `lead_word`,
///   `duty`, `adverb`, `owner_word` or `support_word`: where none starts,
///   the unit goes on (by `safe_char` or by `!unit_stop ~ ANY`); where one
///   starts, the text is left to the grammar. So each unit ends exactly at
///   the next separator, `；`, the close or the end.
/// - A unit's `!time_start ~ !sentence_start`, and after a separator the
///   list's `!label_start ~ !first_note`, can only match at a unit that
///   starts with one of `bad_starts` (left to the grammar). `!person_start`
///   needs a colon or space after a run of ideographs, and a unit run ends
///   at a separator, `；`, the close or the end. `!verb_ahead` needs a role
///   word after the list's units, where the part ends instead.
/// - After the last unit, `list_tail` needs a role word, `etc_tail` a 等:
///   the part ends, and `body` goes on over `；` to the next part.
fn plain_clause(src: &str, bracketed: bool) -> Option<Plain> {
    let w = plain_words();
    let (mut i, end, brackets) = if bracketed {
        let first = src.chars().next()?;
        let last = src.chars().next_back()?;
        if !matches!(first, '（' | '(') || !matches!(last, '）' | ')') {
            return None;
        }
        let (o, c) = (first.len_utf8(), src.len() - last.len_utf8());
        if c <= o {
            return None;
        }
        (o, c, Some((0..o, c..src.len())))
    } else {
        (0, src.len(), None)
    };
    let b = src.as_bytes();
    let bad_start = |at: usize| w.bad_starts.starts(&src[at..]);
    let mut parts = Vec::with_capacity(2);
    loop {
        let rest = &src[i..end];
        if !rest
            .chars()
            .next()
            .is_some_and(|c| w.root_firsts.contains(c))
        {
            return None;
        }
        let (root, lead) = match w.lead_roots.first(rest) {
            Some(r) => (r, true),
            None => (w.resp_roots.first(rest)?, false),
        };
        let noun = w.label_nouns.first(&rest[root.len()..])?;
        let label = i..i + root.len() + noun.len();
        let colon = src[label.end..end].chars().next()?;
        if !matches!(colon, '：' | ':') {
            return None;
        }
        let from = label.end + colon.len_utf8();
        // The units: ideographs between separators, none empty, up to the
        // first `；`/`;` or the end (`to`). Read by bytes: every position is
        // a character's start, and a character's bytes all lie before `to`.
        let mut items = Vec::with_capacity(8);
        let mut unit_start = from;
        if from == end || bad_start(from) {
            return None;
        }
        let mut at = from;
        let to = loop {
            if at == end {
                break end;
            }
            let x = b[at];
            let sep = match x {
                b',' => 1,
                b';' => break at,
                0xE3 if b[at + 1] == 0x80 && b[at + 2] == 0x81 => 3, // 、
                0xEF if b[at + 1] == 0xBC && b[at + 2] == 0x8C => 3, // ，
                0xEF if b[at + 1] == 0xBC && b[at + 2] == 0x9B => break at, // ；
                0xE4..=0xE9 => {
                    // A three-byte character from U+4000 to U+9FFF: an
                    // ideograph from U+4E00 on, not starting a stop word.
                    let cp = (u32::from(x & 0x0F) << 12)
                        | (u32::from(b[at + 1] & 0x3F) << 6)
                        | u32::from(b[at + 2] & 0x3F);
                    let c = char::from_u32(cp)?;
                    if cp < 0x4E00 || w.stops.start(c, &src[at..]) {
                        return None;
                    }
                    at += 3;
                    continue;
                }
                _ => return None,
            };
            let next = at + sep;
            if at == unit_start || next == end || bad_start(next) {
                return None;
            }
            items.push((Item::Unit, unit_start..at));
            items.push((Item::Sep, at..next));
            unit_start = next;
            at = next;
        };
        if unit_start == to {
            return None;
        }
        items.push((Item::Unit, unit_start..to));
        let sep = (to < end).then(|| {
            let c = src[to..].chars().next().map_or(1, char::len_utf8);
            to..to + c
        });
        let next = sep.as_ref().map(|r| r.end);
        parts.push(PlainPart {
            label,
            lead,
            items,
            sep,
        });
        match next {
            Some(n) if n < end => i = n,
            Some(_) => return None,
            None => break,
        }
    }
    Some(Plain { brackets, parts })
}

/// What a clause's parts give, settled: the role conventions, leads marked
/// in names, the deadline.
fn finish(mut clause: Clause, mut st: State, bracketed: bool) -> Parsed {
    if !st.role {
        return Parsed::NotClause;
    }
    // A clause whose lead is given as "A牵头" is the suffix form, even when
    // a labelled 责任单位 part follows.
    if st.suffix && bracketed {
        clause.form = ClauseForm::Suffix;
    }
    // A unit marked `（牵头）` in any list leads.
    mark_leads(&mut clause);
    // `A、B（列第一位者为牵头单位，下同）`: the note is not part of B's name.
    if let Some(note) = strip_first_note(&mut clause) {
        st.first_note.get_or_insert(note);
    }
    // `责任单位：A、B，排在首位的为牵头单位`: the clause states that its first
    // unit leads.
    if let Some(note) = st.first_note.take() {
        if clause.lead.is_empty() && clause.lead_label.is_none() && !clause.responsible.is_empty() {
            clause.lead.push(clause.responsible.remove(0));
            clause.lead_label = Some(note);
        }
    }
    // `（A负责）` / `（各区县政府落实）`: units that own the task, with no
    // 牵头 anywhere in the clause, lead it — the first of them when several
    // are listed (`A、B等按职责分工负责`), as under the first-responsible
    // convention; otherwise they are responsible.
    if clause.lead_label.is_none() && clause.lead.is_empty() {
        if let Some((label, mut units)) = st.owners.take() {
            clause.lead_label = Some(label.clone());
            let rest = if units.len() > 1 {
                units.split_off(1)
            } else {
                Vec::new()
            };
            clause.lead = units;
            clause.form = ClauseForm::Suffix;
            if !rest.is_empty() {
                st.owners = Some((label, rest));
            }
        }
    }
    if let Some((label, units)) = st.owners.take() {
        clause.responsible_label.get_or_insert(label);
        clause.responsible.extend(units);
        clause.responsible.sort_by_key(|u| u.span.start);
    }
    clause.deadline = clause
        .fields
        .iter()
        .find(|f| f.kind == FieldKind::Deadline)
        .map(|f| f.value.clone());
    Parsed::Clause(Box::new(clause))
}

/// Leads of a task's clauses decided together: units that share a task out
/// by their duties (`（A、B按职责分工负责）`, the first listed leads) lead it
/// only when no other clause of the task names its lead (`（C牵头）……（A、B
/// 按职责分工负责）`: C leads, A and B are responsible). A unit that owns a
/// part on its own (`（D负责）`) keeps leading it: the task's leads are the
/// union of the clauses' leads.
pub fn settle_leads(clauses: &mut [Clause], body: &Joined) {
    let by_owner = |c: &Clause| {
        c.lead_label.as_ref().is_some_and(|l| {
            let (Some(a), Some(b)) = (body.from_source(l.start), body.from_source(l.end)) else {
                return false;
            };
            body.text.get(a..b).is_some_and(|w| {
                duty_words().iter().any(|d| w.starts_with(d.as_str()))
                    && owner_words().iter().any(|o| w.contains(o.as_str()))
            })
        })
    };
    let explicit = clauses.iter().any(|c| !c.lead.is_empty() && !by_owner(c));
    if !explicit {
        return;
    }
    for c in clauses.iter_mut().filter(|c| by_owner(c)) {
        if let Some(label) = c.lead_label.take() {
            c.responsible_label.get_or_insert(label);
        }
        let mut lead = std::mem::take(&mut c.lead);
        lead.append(&mut c.responsible);
        lead.sort_by_key(|u| u.span.start);
        c.responsible = lead;
    }
}

/// A table whose responsible column lists every unit involved, the lead
/// too (`责任单位：A、B、C` | `牵头单位：A` on most rows): the lead is not also
/// responsible there, it is the table's layout. When the lead units of at
/// least two thirds of the rows that fill both columns (and at least two)
/// are in the row's responsible list, they are taken out of it on every row.
pub fn lead_listed_among_responsible<'a>(
    tasks: impl IntoIterator<Item = &'a mut crate::model::Task>,
) {
    let mut rows: Vec<&mut Clause> = tasks
        .into_iter()
        .flat_map(|t| t.clauses.iter_mut())
        .filter(|c| c.form == crate::model::ClauseForm::Table)
        .collect();
    let both = rows
        .iter()
        .filter(|c| !c.lead.is_empty() && !c.responsible.is_empty())
        .count();
    let within = rows
        .iter()
        .filter(|c| {
            !c.lead.is_empty()
                && c.lead
                    .iter()
                    .all(|l| c.responsible.iter().any(|r| r.name == l.name))
        })
        .count();
    if within < 2 || within * 3 < both * 2 {
        return;
    }
    for c in rows.iter_mut() {
        let lead: Vec<String> = c.lead.iter().map(|u| u.name.clone()).collect();
        c.responsible.retain(|r| !lead.contains(&r.name));
    }
}

/// Offsets of a parse inside the task body.
struct Cx<'a> {
    body: &'a Joined,
    base: usize,
}

impl Cx<'_> {
    fn map(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        self.body.span(self.base + s.start()..self.base + s.end())
    }

    fn map_range(&self, r: &std::ops::Range<usize>) -> Span {
        self.body.span(self.base + r.start..self.base + r.end)
    }

    /// The text of a range of the parsed text.
    fn str_at(&self, r: &std::ops::Range<usize>) -> &str {
        &self.body.text[self.base + r.start..self.base + r.end]
    }

    fn text(&self, p: &Pair<Rule>) -> Text {
        Text {
            text: p.as_str().trim().to_string(),
            span: self.map(p),
        }
    }
}

#[derive(Default)]
struct State {
    /// A role part was seen (the region is a clause).
    role: bool,
    /// A lead was given as `A牵头`.
    suffix: bool,
    /// Units that own the task (`A负责`, `A落实`), with the verb's span.
    owners: Option<(Span, Vec<Unit>)>,
    /// The clause states that its first unit leads (`排在首位的为牵头单位`).
    first_note: Option<Span>,
}

fn read_part(inner: Pair<Rule>, cx: &Cx, clause: &mut Clause, st: &mut State) {
    match inner.as_rule() {
        Rule::first_note => {
            st.first_note.get_or_insert(cx.map(&inner));
        }
        Rule::labelled => {
            st.role = true;
            let pairs: Vec<Pair<Rule>> = inner.into_inner().collect();
            let is_lead = pairs.iter().any(|q| q.as_rule() == Rule::lead_label);
            for q in &pairs {
                match q.as_rule() {
                    Rule::lead_label if clause.lead_label.is_none() => {
                        clause.lead_label = Some(cx.map(q));
                    }
                    Rule::resp_label if clause.responsible_label.is_none() => {
                        clause.responsible_label = Some(cx.map(q));
                    }
                    _ => {}
                }
            }
            for q in pairs {
                // `责任单位：A和B分别牵头、C`: A and B lead.
                if q.as_rule() == Rule::listed_lead {
                    for r in q.into_inner() {
                        match r.as_rule() {
                            Rule::unit_list => clause.lead.extend(read_units(
                                &list_items(r),
                                cx,
                                &mut clause.separators,
                            )),
                            Rule::lead_word if clause.lead_label.is_none() => {
                                clause.lead_label = Some(cx.map(&r));
                            }
                            _ => {}
                        }
                    }
                    continue;
                }
                if matches!(q.as_rule(), Rule::unit_list | Rule::label_list) {
                    let units = read_units(&list_items(q), cx, &mut clause.separators);
                    if is_lead {
                        clause.lead.extend(units);
                    } else {
                        clause.responsible.extend(units);
                    }
                }
            }
        }
        Rule::verb_part => {
            st.role = true;
            let mut units = Vec::new();
            for q in inner.into_inner() {
                match q.as_rule() {
                    Rule::unit_list => {
                        units.extend(read_units(&list_items(q), cx, &mut clause.separators))
                    }
                    Rule::lead_verb => {
                        st.suffix = true;
                        let word = q
                            .clone()
                            .into_inner()
                            .find(|w| w.as_rule() == Rule::lead_word);
                        if clause.lead_label.is_none() {
                            clause.lead_label = Some(cx.map(word.as_ref().unwrap_or(&q)));
                        }
                        clause.lead.append(&mut units);
                    }
                    Rule::owner_verb => {
                        // `按职责分工负责`: the whole phrase is the label (it
                        // shares the task out, see `settle_leads`); else the
                        // owner word.
                        let inner: Vec<Pair<Rule>> = q.clone().into_inner().collect();
                        let word = inner.iter().find(|w| w.as_rule() == Rule::owner_word);
                        let duty = inner.iter().any(|w| w.as_rule() == Rule::duty);
                        let label = if duty {
                            cx.map(&q)
                        } else {
                            cx.map(word.unwrap_or(&q))
                        };
                        match &mut st.owners {
                            Some((_, v)) => v.append(&mut units),
                            None => st.owners = Some((label, std::mem::take(&mut units))),
                        }
                    }
                    Rule::support_verb => {
                        let word = q
                            .clone()
                            .into_inner()
                            .find(|w| w.as_rule() == Rule::support_word);
                        if clause.responsible_label.is_none() {
                            clause.responsible_label = Some(cx.map(word.as_ref().unwrap_or(&q)));
                        }
                        clause.responsible.append(&mut units);
                    }
                    _ => {}
                }
            }
        }
        Rule::timed => {
            if let Some(t) = inner
                .into_inner()
                .find(|q| q.as_rule() == Rule::deadline_text)
            {
                clause.fields.push(Field {
                    kind: FieldKind::Deadline,
                    key: None,
                    value: cx.text(&t),
                });
            }
        }
        Rule::deadline => clause.fields.push(Field {
            kind: FieldKind::Deadline,
            key: None,
            value: cx.text(&inner),
        }),
        Rule::person => {
            let mut key = None;
            let mut value = None;
            for q in inner.into_inner() {
                match q.as_rule() {
                    Rule::person_label => key = Some(cx.text(&q)),
                    Rule::person_text => value = Some(cx.text(&q)),
                    _ => {}
                }
            }
            if let Some(value) = value {
                clause.fields.push(Field {
                    kind: FieldKind::Leader,
                    key,
                    value,
                });
            }
        }
        Rule::field => {
            let mut key = None;
            let mut value = None;
            for q in inner.into_inner() {
                match q.as_rule() {
                    Rule::field_key => key = Some(cx.text(&q)),
                    Rule::field_text => value = Some(cx.text(&q)),
                    _ => {}
                }
            }
            let value = value.unwrap_or_else(|| Text {
                text: String::new(),
                span: key.as_ref().map(|k| k.span.end..k.span.end).unwrap_or(0..0),
            });
            clause.fields.push(Field {
                kind: FieldKind::Keyed,
                key,
                value,
            });
        }
        Rule::other => clause.fields.push(Field {
            kind: FieldKind::Note,
            key: None,
            value: cx.text(&inner),
        }),
        _ => {}
    }
}

/// An item of a unit list: a unit or a separator, with its range in the
/// parsed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Unit,
    Sep,
}

/// The units and separators of a `unit_list` / `label_list` pair.
fn list_items(list: Pair<Rule>) -> Vec<(Item, std::ops::Range<usize>)> {
    list.into_inner()
        .filter_map(|p| {
            let item = match p.as_rule() {
                Rule::unit => Item::Unit,
                Rule::unit_sep => Item::Sep,
                _ => return None,
            };
            let s = p.as_span();
            Some((item, s.start()..s.end()))
        })
        .collect()
}

fn read_units(
    items: &[(Item, std::ops::Range<usize>)],
    cx: &Cx,
    seps: &mut Vec<(Span, char)>,
) -> Vec<Unit> {
    // The units, and beside each the separator before it and how many
    // separators there were before that separator. Whether a unit is
    // collective is settled at the end.
    let mut out: Vec<Unit> = Vec::with_capacity(items.len() / 2 + 1);
    let mut before: Vec<(Option<char>, usize)> = Vec::with_capacity(items.len() / 2 + 1);
    let mut last_sep: Option<char> = None;
    let mut mark = seps.len();
    for (item, r) in items {
        match item {
            Item::Unit => {
                let name = cx.str_at(r);
                let logical = cx.base + r.start..cx.base + r.end;
                // 各县、市、区 / 各乡、镇、街道: one collective entry.
                if let (Some('、'), Some(prev)) = (last_sep, out.last_mut()) {
                    // `市直有关部门、单位`: the bare noun shares the collective.
                    let shared = is_collective(&prev.name)
                        && label_nouns().iter().any(|n| n.as_str() == name);
                    if (prev.name.starts_with('各') && is_level_word(name)) || shared {
                        prev.name.push('、');
                        prev.name.push_str(name);
                        let end = cx.body.span(logical).end;
                        prev.span.end = end;
                        last_sep = None;
                        continue;
                    }
                }
                // `A等市级有关部门` / `A及州直相关单位`: unit A and a collective.
                if let Some(k) = collective_tail(name) {
                    let joint = name[k..].chars().next().map_or(0, char::len_utf8);
                    let (head, tail) = (&name[..k], &name[k + joint..]);
                    let at = logical.start + k;
                    out.push(Unit {
                        collective: false,
                        name: head.to_string(),
                        span: cx.body.span(logical.start..at),
                    });
                    before.push((last_sep, mark));
                    out.push(Unit {
                        collective: false,
                        name: tail.to_string(),
                        span: cx.body.span(at + joint..logical.end),
                    });
                    before.push((None, seps.len()));
                    last_sep = None;
                    continue;
                }
                // `A局和B局`: two units joined by 和/与/及.
                let mut start = 0;
                for k in conjunctions(name) {
                    out.push(Unit {
                        collective: false,
                        name: name[start..k].to_string(),
                        span: cx.body.span(logical.start + start..logical.start + k),
                    });
                    before.push((last_sep, mark));
                    last_sep = None;
                    start = k + name[k..].chars().next().map_or(0, char::len_utf8);
                }
                out.push(Unit {
                    collective: false,
                    name: name[start..].to_string(),
                    span: cx.body.span(logical.start + start..logical.end),
                });
                before.push((last_sep, mark));
                last_sep = None;
            }
            Item::Sep => {
                let c = cx.str_at(r).chars().next().unwrap_or('、');
                if last_sep.is_none() {
                    mark = seps.len();
                }
                seps.push((cx.map_range(r), c));
                last_sep = Some(c);
            }
        }
    }
    // A list goes on over commas only while the items look like units:
    // `责任单位：A、B，下同` ends at B.
    if let Some(cut) = (1..out.len())
        .find(|&k| matches!(before[k].0, Some('，' | ',')) && !unit_shaped(&out[k].name))
    {
        seps.truncate(before[cut].1);
        out.truncate(cut);
    }
    for u in &mut out {
        // (`市直有关部门、单位` is collective by its first part.)
        u.collective = is_collective(&u.name)
            || (u.name.contains('、') && u.name.split('、').next().is_some_and(is_collective));
    }
    out
}

/// Where a unit name joins a unit to a collective with 等 or 及
/// (`市住建局等市级有关部门`, `州委编办及州直相关单位`): the byte offset of
/// the joining character, when the part before it is shaped like a unit and
/// the part after it is a collective.
fn collective_tail(name: &str) -> Option<usize> {
    let k = name.rfind(['等', '及'])?;
    let joint = name[k..].chars().next()?.len_utf8();
    let (head, tail) = (&name[..k], &name[k + joint..]);
    let group = ["有关", "相关", "有關", "相關", "各", "级", "級", "直"]
        .iter()
        .any(|w| tail.contains(w))
        && ["部门", "单位", "部門", "單位", "机构", "機構"]
            .iter()
            .any(|w| tail.ends_with(w));
    (unit_shaped(head) && (is_collective(tail) || group)).then_some(k)
}

/// Byte offsets of the conjunctions (和, 与, 及) that join two whole unit
/// names in `name` (`区商务局和区交通局`): the part before ends like an
/// office (局, 委, 办, 中心…), the part after is shaped like a unit. Names
/// with 和 inside (`区住房和城乡建设局`, `区市场和质量监管局`) stay whole.
fn conjunctions(name: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut start = 0;
    for (k, c) in name.char_indices() {
        if !matches!(c, '和' | '与' | '與' | '及') || k == start {
            continue;
        }
        let (head, tail) = (&name[start..k], &name[k + c.len_utf8()..]);
        if head.chars().count() >= 3
            && ends_with_any(head, OFFICE_ENDS, {
                static L: OnceLock<Vec<char>> = OnceLock::new();
                &L
            })
            && unit_shaped(tail)
            && !is_collective(tail)
        {
            out.push(k);
            start = k + c.len_utf8();
        }
    }
    out
}

/// Whether `s` ends with one of `ends` (none empty), looking at the words
/// only when its last character ends one of them (`lasts`, filled on first
/// use with the sorted last characters of `ends`).
fn ends_with_any(s: &str, ends: &[&str], lasts: &OnceLock<Vec<char>>) -> bool {
    let lasts = lasts.get_or_init(|| {
        let mut v: Vec<char> = ends.iter().filter_map(|e| e.chars().next_back()).collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    s.chars()
        .next_back()
        .is_some_and(|k| lasts.binary_search(&k).is_ok())
        && ends.iter().any(|e| s.ends_with(e))
}

/// Endings of an office's name, strong enough to end a unit before 和.
const OFFICE_ENDS: &[&str] = &[
    "局", "委", "办", "辦", "部", "厅", "廳", "院", "会", "會", "署", "处", "處", "室", "中心",
    "政府", "街道", "所", "队", "隊", "站", "镇", "鎮", "乡", "鄉", "联", "聯", "司", "馆", "館",
];

/// Last characters of unit names (局, 委, 中心, 政府, 街道…).
const UNIT_ENDS: &[&str] = &[
    "局", "委", "办", "辦", "部", "厅", "廳", "院", "会", "會", "署", "处", "處", "室", "中心",
    "政府", "街道", "镇", "鎮", "乡", "鄉", "社", "所", "队", "隊", "站", "联", "聯", "组", "組",
    "司", "行", "馆", "館", "台", "校", "区", "區", "县", "縣", "团", "團", "厂", "场", "班", "科",
    "股", "协", "協", "庭", "盟", "旗", "园", "園", "市", "州", "省",
];

/// Whether a name is shaped like a unit: a known ending (after any
/// bracketed note: `县发改局（统计局）`) or a collective entry.
pub fn unit_shaped(name: &str) -> bool {
    let mut core = name.trim();
    while let Some(open) = core
        .ends_with([')', '）'])
        .then(|| core.rfind(['(', '（']))
        .flatten()
    {
        core = core[..open].trim_end();
    }
    let n = core.chars().count();
    (2..=30).contains(&n)
        && (ends_with_any(core, UNIT_ENDS, {
            static L: OnceLock<Vec<char>> = OnceLock::new();
            &L
        }) || is_collective(core)
            || ["相关", "有关", "相關", "有關"]
                .iter()
                .any(|p| core.starts_with(p)))
}

/// An administrative level written alone after a collective (`各县、市、区`,
/// `各乡、镇、街道`, `…、区人民政府`): one character or 街道/社区/园区, with an
/// optional 人民政府/政府 after it.
fn is_level_word(name: &str) -> bool {
    let core = name
        .strip_suffix("人民政府")
        .or_else(|| name.strip_suffix("政府"))
        .unwrap_or(name);
    let n = core.chars().count();
    (n == 1 && core.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)))
        || matches!(core, "街道" | "社区" | "园区" | "街办" | "苏木" | "嘎查")
}

/// A unit written `A（牵头）` / `A(牵头单位)` in any list leads the clause;
/// the marker is dropped from its name.
fn mark_leads(clause: &mut Clause) {
    let mut moved = Vec::new();
    let mut marker_span = None;
    for list in [&mut clause.lead, &mut clause.responsible] {
        for u in list.iter_mut() {
            if let Some(k) = lead_marker(&u.name) {
                let marker_len = u.name.len() - k;
                u.name.truncate(k);
                let end = u.span.end.saturating_sub(marker_len);
                marker_span.get_or_insert(end..u.span.end);
                u.span.end = end;
                u.collective = is_collective(&u.name);
                u.name = u.name.trim_end().to_string();
                moved.push(u.span.start);
            }
        }
    }
    if moved.is_empty() {
        return;
    }
    let (marked, rest): (Vec<Unit>, Vec<Unit>) = std::mem::take(&mut clause.responsible)
        .into_iter()
        .partition(|u| moved.contains(&u.span.start));
    clause.responsible = rest;
    clause.lead.extend(marked);
    clause.lead.sort_by_key(|u| u.span.start);
    if clause.lead_label.is_none() {
        clause.lead_label = marker_span;
    }
}

/// Removes a note stating the first-responsible convention from the end of
/// the last unit's name (`B（列第一位者为牵头或汇总单位，下同）`); returns
/// the note's span.
fn strip_first_note(clause: &mut Clause) -> Option<Span> {
    for list in [&mut clause.responsible, &mut clause.lead] {
        let Some(u) = list.last_mut() else {
            continue;
        };
        let Some(k) = trailing_note(&u.name) else {
            continue;
        };
        let note_len = u.name.len() - k;
        u.name.truncate(k);
        u.name = u.name.trim_end().to_string();
        let end = u.span.end.saturating_sub(note_len);
        let note = end..u.span.end;
        u.span.end = end;
        u.collective = is_collective(&u.name);
        return Some(note);
    }
    None
}

/// Byte offset of a trailing bracket whose text states that the first unit
/// listed leads (read with the grammar's `first_note` rule).
fn trailing_note(name: &str) -> Option<usize> {
    if !name.ends_with([')', '）']) {
        return None;
    }
    let open = name.rfind(['(', '（'])?;
    if open == 0 {
        return None;
    }
    let inner = &name[open + name[open..].chars().next()?.len_utf8()..];
    is_first_note(inner).then_some(open)
}

/// The characters a `first_note` can start with: the first characters of
/// its optional first words (排在, 列…) and of the words after them (首位,
/// 第一…); a test keeps them in step with the grammar.
const FIRST_NOTE_STARTS: [char; 5] = ['排', '列', '居', '首', '第'];

/// Whether `s` starts with a note stating the first-responsible convention
/// (the grammar's `first_note`). Most texts asked about (a lead label,
/// `牵头单位`) cannot start one, and a failed pest parse costs an error
/// message, so the first character is looked at first.
fn is_first_note(s: &str) -> bool {
    s.starts_with(FIRST_NOTE_STARTS) && ClauseParser::parse(Rule::first_note, s).is_ok()
}

/// Whether a clause states the first-responsible convention itself
/// (`排在首位的为牵头单位`, `（列第一位者为牵头单位，下同）`): its lead label
/// is such a note.
pub fn states_first_leads(c: &Clause, body: &Joined) -> bool {
    c.lead_label.as_ref().is_some_and(|l| {
        let (Some(a), Some(b)) = (body.from_source(l.start), body.from_source(l.end)) else {
            return false;
        };
        body.text.get(a..b).is_some_and(|w| {
            let w = w.trim_start_matches(['(', '（']);
            is_first_note(w)
        })
    })
}

/// Whether a clause names only co-operating units (`（配合单位：A）`,
/// `（B配合）`): no lead, and its responsible label is a word of
/// co-operation. The first of such units does not lead by any convention.
pub fn support_only(c: &Clause, body: &Joined) -> bool {
    c.lead.is_empty()
        && c.lead_label.is_none()
        && c.responsible_label.as_ref().is_some_and(|l| {
            let (Some(a), Some(b)) = (body.from_source(l.start), body.from_source(l.end)) else {
                return false;
            };
            body.text
                .get(a..b)
                .is_some_and(|w| support_words().iter().any(|s| w.starts_with(s.as_str())))
        })
}

/// Byte offset of a trailing `（牵头）`-like marker in a unit name.
fn lead_marker(name: &str) -> Option<usize> {
    let close = name.chars().next_back()?;
    if !matches!(close, '）' | ')') {
        return None;
    }
    let open = name.rfind(['（', '('])?;
    if open == 0 {
        return None;
    }
    let inner =
        &name[open + name[open..].chars().next()?.len_utf8()..name.len() - close.len_utf8()];
    let inner = inner.trim();
    (inner.chars().count() <= 6 && lead_roots().iter().any(|r| inner.starts_with(r.as_str())))
        .then_some(open)
}

/// Whether `s` as a whole is a deadline or time phrase (`12月底前`,
/// `2025年底前完成`, `长期坚持`), read with the grammar's `deadline` rule.
pub fn is_deadline(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && ClauseParser::parse(Rule::deadline, s)
            .ok()
            .and_then(|mut p| p.next())
            .is_some_and(|p| p.as_str().len() == s.len())
}

/// Separators between units: `(span, char)`.
pub type Separators = Vec<(std::ops::Range<usize>, char)>;

/// Parses a table cell holding a unit list; `None` when it is not one.
/// Units marked `（牵头）` are returned in the second list.
pub fn parse_cell(body: &Joined, range: std::ops::Range<usize>) -> Option<(Vec<Unit>, Separators)> {
    let src = &body.text[range.clone()];
    let top = ClauseParser::parse(Rule::cell, src).ok()?.next()?;
    let cx = Cx {
        body,
        base: range.start,
    };
    let mut seps = Vec::new();
    let mut units = Vec::new();
    for p in top.into_inner() {
        if p.as_rule() == Rule::unit_list {
            units = read_units(&list_items(p), &cx, &mut seps);
        }
    }
    Some((units, seps))
}

/// The collective-entry lists from `rules/collective.toml`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Collective {
    /// Prefixes (各).
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// Exact names.
    #[serde(default)]
    pub names: Vec<String>,
    /// Suffixes.
    #[serde(default)]
    pub suffixes: Vec<String>,
}

/// The built-in collective list (embedded `rules/collective.toml`).
pub fn collective() -> &'static Collective {
    static C: OnceLock<Collective> = OnceLock::new();
    C.get_or_init(|| {
        crate::load::embedded::from_toml(include_str!("../../rules/collective.toml"))
            .expect("rules/collective.toml is valid (checked by tests)")
    })
}

/// Whether a unit name is a collective entry.
pub fn is_collective(name: &str) -> bool {
    /// The last characters of the built-in exact names and suffixes: a
    /// name ending otherwise can only be collective by its prefix (`None`
    /// when an empty suffix makes every name collective).
    static LAST: OnceLock<Option<Vec<char>>> = OnceLock::new();
    let c = collective();
    let last = LAST.get_or_init(|| {
        let mut v = Vec::new();
        for w in c.names.iter().chain(&c.suffixes) {
            match w.chars().next_back() {
                Some(k) => v.push(k),
                None if c.suffixes.contains(w) => return None,
                None => {}
            }
        }
        v.sort_unstable();
        v.dedup();
        Some(v)
    });
    let may_end = || match (last, name.chars().next_back()) {
        (None, _) => true,
        (Some(v), Some(k)) => v.binary_search(&k).is_ok(),
        (Some(_), None) => true,
    };
    c.prefixes.iter().any(|p| name.starts_with(p.as_str()))
        || (may_end()
            && (c.names.iter().any(|n| n == name)
                || c.suffixes.iter().any(|s| name.ends_with(s.as_str()))))
}

#[cfg(test)]
mod tests;
