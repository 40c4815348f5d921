//! The pack engine: every loaded pack rule compiled into one matcher.
//!
//! All literal strings of all rules (observed forms, exceptions, tokens,
//! spellings, `if`/`then`/`count` literals) go into ONE aho-corasick
//! automaton with leftmost-longest semantics, run once over each file: the
//! longest literal at a position wins, which is how a substitution's
//! exceptions (longer correct strings) shadow the observed form inside
//! them — across packs too, so a longer literal of one rule hides a shorter
//! one of another at the same place. Regular expressions are compiled once
//! and combined in one `RegexSet` per scope: the set says which expressions
//! match a unit (a task, a paragraph…), and only those are run for positions.
//!
//! Matches that touch Markdown markup or code are ignored, as in the
//! built-in typography rules.

use std::collections::BTreeMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexSet};

use super::{Kind, Matcher, Must, Pack, PackRule, Scope};
use crate::diag::{Diagnostic, RuleRef, Severity};
use crate::model::{Document, Joined, Span};
use crate::rules::typography::text::Scan;
use crate::rules::{Context, RuleMeta, RuleSettings};

mod eval;
mod units;

use eval::Eval;
use units::{units, Unit};

/// What a matched string means for its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A substitution's observed form (index into `swaps`).
    Observed(usize),
    /// A longer correct string: consumes the match, reports nothing.
    Exception,
    /// An existence entry (index into `entries`).
    Entry(usize),
    /// A consistency spelling: `(set, member)`.
    Spelling(usize, usize),
    /// A conditional's condition.
    If,
    /// A conditional's consequence.
    Then,
    /// An occurrence rule's counted string.
    Count,
    /// A pattern rule's expression.
    Pattern,
}

#[derive(Debug, Clone, Copy)]
struct Use {
    rule: usize,
    role: Role,
}

struct ScopeRegexes {
    scope: Scope,
    set: RegexSet,
    regexes: Vec<Regex>,
    /// Whether the expression has a group named `m`: the finding is that group.
    has_m: Vec<bool>,
    users: Vec<Use>,
}

/// Every rule of the loaded packs, compiled for a run.
#[derive(Default)]
pub struct PackSet {
    /// The rules, in load order.
    pub rules: Vec<Arc<PackRule>>,
    /// The automaton and regexes, built when the set first runs with a
    /// rule enabled (`gwlint rules`, `--select` without pack rules and the
    /// language server's start do not pay for them).
    compiled: std::sync::OnceLock<Compiled>,
}

/// The matchers of a [`PackSet`].
struct Compiled {
    ac: Option<AhoCorasick>,
    lit_users: Vec<Vec<Use>>,
    scoped: Vec<ScopeRegexes>,
}

impl std::fmt::Debug for PackSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackSet")
            .field(
                "rules",
                &self.rules.iter().map(|r| r.meta.code).collect::<Vec<_>>(),
            )
            .field("compiled", &self.compiled.get().is_some())
            .finish()
    }
}

impl RuleRef for PackRule {
    fn code(&self) -> &'static str {
        self.meta.code
    }
    fn name(&self) -> &'static str {
        self.meta.name
    }
    fn category(&self) -> crate::diag::Category {
        self.meta.category
    }
    fn severity(&self) -> Severity {
        self.meta.severity
    }
}

/// A match of one rule's string.
#[derive(Debug, Clone)]
struct Hit {
    rule: usize,
    role: Role,
    span: Span,
    /// The unit of the rule's scope it lies in (regex hits know it).
    unit: Option<usize>,
}

/// Fills `{matched}`, `{preferred}`… in a message.
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (k, v) in vars {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

fn quoted_list<S: AsRef<str>>(v: &[S], en: bool) -> String {
    v.iter()
        .map(|s| format!("“{}”", s.as_ref()))
        .collect::<Vec<_>>()
        .join(if en { " or " } else { "或" })
}

fn shown(m: &Matcher) -> &str {
    m.shown()
}

/// A consistency spelling found in a file.
struct Spelling {
    rule: usize,
    set: usize,
    member: usize,
    file: usize,
    span: Span,
}

impl PackSet {
    /// Compiles packs for a run. Codes and names must be unique across the
    /// packs (a rule included by two packs counts once).
    pub fn compile(packs: &[Pack]) -> Result<PackSet, miette::Report> {
        let mut rules: Vec<Arc<PackRule>> = Vec::new();
        for p in packs {
            for r in &p.rules {
                if let Some(prev) = rules.iter().find(|x| x.meta.code == r.meta.code) {
                    if Arc::ptr_eq(prev, r)
                        || (prev.source.path == r.source.path && prev.source.span == r.source.span)
                    {
                        continue;
                    }
                    return Err(miette::Report::new(
                        r.source.error(
                            r.source.span.clone(),
                            crate::tr!(
                                "规则代码 {} 已由 {} 定义",
                                "rule code {} is already defined by {}",
                                r.meta.code,
                                prev.source.path
                            ),
                            Some(
                                crate::i18n::pick(
                                    "两个规则包不能用同一个代码前缀下的同一个代码",
                                    "two rule packs cannot use the same code under one prefix",
                                )
                                .into(),
                            ),
                        ),
                    ));
                }
                if let Some(prev) = rules.iter().find(|x| x.meta.name == r.meta.name) {
                    return Err(miette::Report::new(r.source.error(
                        r.source.span.clone(),
                        crate::tr!(
                            "规则名称 {} 已由 {}（{}）使用",
                            "rule name {} is already used by {} ({})",
                            r.meta.name,
                            prev.meta.code,
                            prev.source.path
                        ),
                        None,
                    )));
                }
                rules.push(r.clone());
            }
        }
        Ok(Self::build(rules))
    }

    /// Compiles a list of rules (already checked for duplicates); the
    /// matchers are built on first use.
    pub fn build(rules: Vec<Arc<PackRule>>) -> PackSet {
        PackSet {
            rules,
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// Builds the automaton and regexes now (the pipeline does this beside
    /// parsing when a pack rule runs).
    pub fn warm(&self) {
        self.compiled();
    }

    /// The automaton and regexes, built once.
    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| Compiled::new(&self.rules))
    }
}

impl Compiled {
    fn new(rules: &[Arc<PackRule>]) -> Compiled {
        let mut lits: Vec<String> = Vec::new();
        let mut lit_index: BTreeMap<String, usize> = BTreeMap::new();
        let mut lit_users: Vec<Vec<Use>> = Vec::new();
        let mut by_scope: BTreeMap<Scope, (Vec<String>, Vec<Use>)> = BTreeMap::new();
        for (ri, r) in rules.iter().enumerate() {
            for (p, u) in patterns(ri, r) {
                match p {
                    Pat::Lit(s) => {
                        let i = *lit_index.entry(s.to_string()).or_insert_with(|| {
                            lits.push(s.to_string());
                            lit_users.push(Vec::new());
                            lits.len() - 1
                        });
                        lit_users[i].push(u);
                    }
                    Pat::Re(re) => {
                        let e = by_scope.entry(r.scope).or_default();
                        e.0.push(re.to_string());
                        e.1.push(u);
                    }
                }
            }
        }
        let ac = (!lits.is_empty()).then(|| {
            let mut b = AhoCorasick::builder();
            b.match_kind(MatchKind::LeftmostLongest);
            if lits.len() > 64 {
                // Beyond a few dozen patterns the default is an NFA (a third
                // of a DFA's speed here), and a prefilter does not help:
                // the patterns are Chinese, so their "rare" bytes are UTF-8
                // lead bytes found everywhere (benches/packs.rs measured
                // 70–80 MB/s with 1,000 substitutions before this). On a
                // small run the DFA's build costs more than it saves.
                b.kind(Some(crate::chars::automaton_kind()))
                    .prefilter(false);
            } else if crate::chars::automaton_kind() != AhoCorasickKind::DFA {
                b.kind(Some(AhoCorasickKind::ContiguousNFA));
            }
            b.build(&lits).expect("literal patterns build")
        });
        let scoped = by_scope
            .into_iter()
            .map(|(scope, (res, users))| ScopeRegexes {
                scope,
                set: RegexSet::new(&res).expect("validated when loaded"),
                has_m: res
                    .iter()
                    .map(|r| {
                        Regex::new(r)
                            .expect("validated when loaded")
                            .capture_names()
                            .any(|n| n == Some("m"))
                    })
                    .collect(),
                regexes: res
                    .iter()
                    .map(|r| Regex::new(r).expect("validated when loaded"))
                    .collect(),
                users,
            })
            .collect();
        Compiled {
            ac,
            lit_users,
            scoped,
        }
    }
}

impl PackSet {
    /// The rules' registry metadata.
    pub fn metas(&self) -> impl Iterator<Item = &RuleMeta> {
        self.rules.iter().map(|r| &r.meta)
    }

    /// Whether no rule is loaded.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Whether an enabled rule compares spellings across every file of the
    /// run (`consistency`): such a run is not checked one group of files at
    /// a time.
    pub fn spans_run(&self, settings: &RuleSettings) -> bool {
        self.rules.iter().any(|r| {
            matches!(r.kind, Kind::Consistency { .. }) && settings.effective(&r.meta).is_some()
        })
    }

    /// Runs every enabled pack rule over the checked documents.
    pub fn run(&self, cx: &Context, settings: &RuleSettings) -> Vec<Diagnostic> {
        use rayon::prelude::*;
        if self.rules.is_empty() {
            return Vec::new();
        }
        let active: Vec<Option<Severity>> = self
            .rules
            .iter()
            .map(|r| settings.effective(&r.meta))
            .collect();
        if active.iter().all(Option::is_none) {
            return Vec::new();
        }
        let per_doc: Vec<(Vec<Diagnostic>, Vec<Spelling>)> = cx
            .docs
            .par_iter()
            .map(|doc| self.check_document(cx, doc, &active))
            .collect();
        let mut out = Vec::new();
        let mut spellings = Vec::new();
        for (d, s) in per_doc {
            out.extend(d);
            spellings.extend(s);
        }
        self.consistency(cx, &active, spellings, &mut out);
        // Two entries of a rule may find the same text: report it once.
        out.sort_by(|a, b| {
            a.sort_key()
                .cmp(&b.sort_key())
                .then_with(|| a.message.cmp(&b.message))
        });
        out.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.message == b.message);
        out
    }

    fn check_document(
        &self,
        cx: &Context,
        doc: &Document,
        active: &[Option<Severity>],
    ) -> (Vec<Diagnostic>, Vec<Spelling>) {
        let src = cx.source(doc);
        let text = src.text.as_str();
        let scan = Scan::of(cx, src);
        let mut hits = self.literal_hits(text, &scan, active);
        // Units of each scope some active rule uses, computed once.
        let mut unit_cache: BTreeMap<Scope, Vec<Unit>> = BTreeMap::new();
        for (ri, r) in self.rules.iter().enumerate() {
            if active[ri].is_some() && !unit_cache.contains_key(&r.scope) {
                unit_cache.insert(r.scope, units(r.scope, doc, text));
            }
        }
        self.regex_hits(&unit_cache, text, &scan, active, &mut hits);
        hits.sort_by_key(|h| (h.rule, h.span.start, h.span.end));
        let mut out = Vec::new();
        let mut spellings = Vec::new();
        let mut has_hits = vec![false; self.rules.len()];
        let mut i = 0;
        while i < hits.len() {
            let ri = hits[i].rule;
            has_hits[ri] = true;
            let j = i + hits[i..].iter().take_while(|h| h.rule == ri).count();
            let r = &self.rules[ri];
            let us = &unit_cache[&r.scope];
            let mut rh: Vec<Hit> = hits[i..j].to_vec();
            // Literal hits: find their unit; outside every unit of the scope
            // they do not count.
            for h in &mut rh {
                if h.unit.is_none() {
                    let k = us.partition_point(|u| u.span.end <= h.span.start);
                    h.unit = us[k..]
                        .iter()
                        .position(|u| u.span.start <= h.span.start && h.span.end <= u.span.end)
                        .map(|p| k + p);
                }
            }
            rh.retain(|h| h.unit.is_some());
            Eval {
                r,
                sev: active[ri].expect("active"),
                doc,
                text,
                us,
                hits: &rh,
                scope: r.scope.label_in(r.message_is_en),
            }
            .run(ri, &mut out, &mut spellings);
            i = j;
        }
        // Rules with no hits at all still matter for "must" rules.
        for (ri, r) in self.rules.iter().enumerate() {
            if active[ri].is_none() || has_hits[ri] {
                continue;
            }
            let needs_units = matches!(
                r.kind,
                Kind::Pattern {
                    must: Must::Match,
                    ..
                } | Kind::Occurrence { min: Some(_), .. }
            );
            if needs_units {
                let us = &unit_cache[&r.scope];
                Eval {
                    r,
                    sev: active[ri].expect("active"),
                    doc,
                    text,
                    us,
                    hits: &[],
                    scope: r.scope.label_in(r.message_is_en),
                }
                .run(ri, &mut out, &mut spellings);
            }
        }
        (out, spellings)
    }

    /// Hits of every literal of every active rule: one pass of the
    /// automaton (exceptions only shadow).
    fn literal_hits(&self, text: &str, scan: &Scan, active: &[Option<Severity>]) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        let c = self.compiled();
        if let Some(ac) = &c.ac {
            for m in ac.find_iter(text) {
                let users = &c.lit_users[m.pattern().as_usize()];
                if !users.iter().any(|u| active[u.rule].is_some()) {
                    continue;
                }
                if scan.touches_skipped(&m.range()) {
                    continue;
                }
                for u in users {
                    if active[u.rule].is_some()
                        && u.role != Role::Exception
                        && guards_ok(&self.rules[u.rule], text, &m.range())
                    {
                        hits.push(Hit {
                            rule: u.rule,
                            role: u.role,
                            span: m.range(),
                            unit: None,
                        });
                    }
                }
            }
        }
        hits
    }

    /// Hits of the regexes: one `RegexSet` per scope over each unit;
    /// positions only for the expressions that matched.
    fn regex_hits(
        &self,
        unit_cache: &BTreeMap<Scope, Vec<Unit>>,
        text: &str,
        scan: &Scan,
        active: &[Option<Severity>],
        hits: &mut Vec<Hit>,
    ) {
        for sr in &self.compiled().scoped {
            if !sr.users.iter().any(|u| active[u.rule].is_some()) {
                continue;
            }
            let Some(us) = unit_cache.get(&sr.scope) else {
                continue;
            };
            for (ui, unit) in us.iter().enumerate() {
                let t = unit.text();
                for idx in sr.set.matches(t).iter() {
                    let u = sr.users[idx];
                    if active[u.rule].is_none() {
                        continue;
                    }
                    let re = &sr.regexes[idx];
                    let ranges: Vec<Span> = if sr.has_m[idx] {
                        re.captures_iter(t)
                            .filter_map(|c| c.name("m").map(|m| m.range()))
                            .collect()
                    } else {
                        re.find_iter(t).map(|m| m.range()).collect()
                    };
                    for r in ranges {
                        let span = unit.to_source(r);
                        if scan.touches_skipped(&span)
                            || !guards_ok(&self.rules[u.rule], text, &span)
                        {
                            continue;
                        }
                        hits.push(Hit {
                            rule: u.rule,
                            role: u.role,
                            span,
                            unit: Some(ui),
                        });
                    }
                }
            }
        }
    }

    /// Consistency across every checked file: in each set the spelling used
    /// most often wins (on a tie, the one met first); every other spelling
    /// is reported, pointing at the first use of the winner.
    fn consistency(
        &self,
        cx: &Context,
        active: &[Option<Severity>],
        mut spellings: Vec<Spelling>,
        out: &mut Vec<Diagnostic>,
    ) {
        spellings.sort_by_key(|s| (s.rule, s.set, s.file, s.span.start));
        let mut i = 0;
        while i < spellings.len() {
            let (ri, si) = (spellings[i].rule, spellings[i].set);
            let j = i + spellings[i..]
                .iter()
                .take_while(|s| s.rule == ri && s.set == si)
                .count();
            let group = &spellings[i..j];
            i = j;
            let Kind::Consistency { sets } = &self.rules[ri].kind else {
                continue;
            };
            let set = &sets[si];
            let mut counts = vec![0usize; set.len()];
            for s in group {
                counts[s.member] += 1;
            }
            if counts.iter().filter(|&&c| c > 0).count() < 2 {
                continue;
            }
            let best = counts.iter().copied().max().unwrap_or(0);
            let winner = group
                .iter()
                .find(|s| counts[s.member] == best)
                .expect("a member has the best count");
            let r = &self.rules[ri];
            let Some(sev) = active[ri] else { continue };
            let w = &set[winner.member];
            let wname = &cx.sources[winner.file].name;
            for s in group.iter().filter(|s| s.member != winner.member) {
                let matched = &set[s.member];
                let vars = [
                    ("matched", matched.as_str()),
                    ("preferred", w.as_str()),
                    ("scope", Scope::Document.label_in(r.message_is_en)),
                ];
                let mut d =
                    Diagnostic::new(r.as_ref(), s.file, s.span.clone(), fill(&r.message, &vars))
                        .with_label(crate::tr!(
                            "这里写作“{matched}”",
                            "written “{matched}” here"
                        ))
                        .with_secondary(
                            winner.file,
                            winner.span.clone(),
                            crate::tr!(
                                "更常用的写法“{w}”（共 {best} 处）",
                                "the more frequent spelling “{w}” ({best} times)"
                            ),
                        );
                d.severity = sev;
                if winner.file != s.file {
                    d = d.with_note(crate::tr!(
                        "“{w}”首次出现在 {wname}",
                        "“{w}” first appears in {wname}"
                    ));
                }
                if let Some(h) = &r.help {
                    d = d.with_help(fill(h, &vars));
                }
                if let Some(n) = &r.note {
                    d = d.with_note(n.clone());
                }
                if let Some(app) = r.fix {
                    d = d.with_fix(app, crate::tr!("改为“{w}”", "change to “{w}”"), w.clone());
                }
                out.push(d);
            }
        }
    }
}

/// A string one rule asks the matchers to find.
enum Pat<'a> {
    /// For the automaton.
    Lit(&'a str),
    /// For the rule scope's `RegexSet`.
    Re(&'a str),
}

/// Everything one rule asks the matchers to find, with its role.
fn patterns(ri: usize, r: &PackRule) -> Vec<(Pat<'_>, Use)> {
    let use_as = |role: Role| Use { rule: ri, role };
    fn of(m: &Matcher) -> Pat<'_> {
        match m {
            Matcher::Literal(s) => Pat::Lit(s.as_str()),
            Matcher::Regex { regex } => Pat::Re(regex.as_str()),
        }
    }
    let mut v: Vec<(Pat<'_>, Use)> = Vec::new();
    match &r.kind {
        Kind::Substitution { swaps, exceptions } => {
            for (i, (k, _)) in swaps.iter().enumerate() {
                v.push((Pat::Lit(k), use_as(Role::Observed(i))));
            }
            for e in exceptions {
                v.push((Pat::Lit(e), use_as(Role::Exception)));
            }
        }
        Kind::Existence {
            entries,
            exceptions,
        } => {
            for (i, (m, _, _)) in entries.iter().enumerate() {
                v.push((of(m), use_as(Role::Entry(i))));
            }
            for e in exceptions {
                v.push((Pat::Lit(e), use_as(Role::Exception)));
            }
        }
        Kind::Consistency { sets } => {
            for (si, set) in sets.iter().enumerate() {
                for (mi, s) in set.iter().enumerate() {
                    v.push((Pat::Lit(s), use_as(Role::Spelling(si, mi))));
                }
            }
        }
        Kind::Conditional { first, then } => {
            v.extend(first.iter().map(|m| (of(m), use_as(Role::If))));
            v.extend(then.iter().map(|m| (of(m), use_as(Role::Then))));
        }
        Kind::Occurrence { count, .. } => {
            v.extend(count.iter().map(|m| (of(m), use_as(Role::Count))));
        }
        Kind::Pattern { regex, .. } => v.push((Pat::Re(regex), use_as(Role::Pattern))),
    }
    v
}

/// Whether a match passes its rule's context guards: `not_after` is tested
/// on the character before the match followed by the match's first
/// character, `not_before` on the match's last character followed by the
/// character after it (so `'[A-Za-z][A-Za-z0-9]'` means "continues a Latin
/// word").
fn guards_ok(r: &PackRule, text: &str, span: &Span) -> bool {
    let m = &text[span.clone()];
    let pair =
        |a: Option<char>, b: Option<char>| -> Option<String> { Some([a?, b?].iter().collect()) };
    let hit = |g: &Option<Regex>, p: Option<String>| match (g, p) {
        (Some(g), Some(p)) => g.is_match(&p),
        _ => false,
    };
    !hit(
        &r.not_after,
        pair(text[..span.start].chars().next_back(), m.chars().next()),
    ) && !hit(
        &r.not_before,
        pair(m.chars().next_back(), text[span.end..].chars().next()),
    )
}

/// Whether an occurrence of `exception` in `text` covers `span`.
fn covered(text: &str, span: &Span, exception: &str) -> bool {
    let lo = crate::load::floor_char_boundary(text, span.end.saturating_sub(exception.len()));
    let mut hi = (span.start + exception.len()).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    text[lo..hi].match_indices(exception).any(|(k, _)| {
        let s = lo + k;
        s <= span.start && span.end <= s + exception.len()
    })
}

#[cfg(test)]
mod tests;
