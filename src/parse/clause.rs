//! Responsibility clauses: `grammar/clause.pest` → [`Clause`].

use std::sync::OnceLock;

use pest::iterators::Pair;
use pest::Parser;

use crate::model::{Clause, ClauseForm, Joined, Text, Unit};

mod grammar {
    #![allow(missing_docs)]
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/clause.pest"]
    pub struct ClauseParser;
}
use grammar::{ClauseParser, Rule};

/// Words that make a bracketed region a responsibility clause.
pub const CLAUSE_KEYWORDS: &[&str] = &[
    "牵头",
    "责任单位",
    "责任部门",
    "配合单位",
    "配合部门",
    "参与单位",
    "协办单位",
    "主责单位",
    "责任科室",
    "责任处室",
    "配合科室",
    "配合处室",
    "按职责分工",
    "按照职责分工",
];

/// Labels that open a bare clause line.
pub const BARE_LABELS: &[&str] = &[
    "牵头单位",
    "牵头部门",
    "牵头考核单位",
    "责任单位",
    "责任部门",
    "配合单位",
    "主责单位",
    "牵头科室",
    "牵头处室",
    "责任科室",
    "责任处室",
];

/// Whether a bracketed region is a responsibility clause: it mentions a
/// responsibility keyword, or it ends with 负责 (`（区财政局负责）`).
pub fn is_clause_region(s: &str) -> bool {
    has_keyword(s)
        || s.trim_end_matches(['）', ')', ']', '】', '］', '〕', ' ', '。'])
            .ends_with("负责")
}

/// Whether the text mentions a responsibility keyword.
pub fn has_keyword(s: &str) -> bool {
    static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| aho_corasick::AhoCorasick::new(CLAUSE_KEYWORDS).expect("static patterns"))
        .is_match(s)
}

/// Parses a clause occupying `range` of `body` (logical offsets).
/// `bracketed` selects between the bracketed and the bare entry rule.
pub fn parse_clause(
    body: &Joined,
    range: std::ops::Range<usize>,
    bracketed: bool,
) -> Option<Clause> {
    let src = &body.text[range.clone()];
    let rule = if bracketed {
        Rule::bracketed
    } else {
        Rule::bare
    };
    let top = ClauseParser::parse(rule, src).ok()?.next()?;
    let base = range.start;
    let map = |p: &Pair<Rule>| {
        let s = p.as_span();
        body.span(base + s.start()..base + s.end())
    };
    let mut clause = Clause {
        span: body.span(range.clone()),
        form: if bracketed {
            ClauseForm::Labelled
        } else {
            ClauseForm::Bare
        },
        brackets: (String::new(), String::new()),
        lead_label: None,
        lead: Vec::new(),
        responsible_label: None,
        responsible: Vec::new(),
        deadline: None,
        separators: Vec::new(),
    };
    let mut suffix = false;
    for p in top.into_inner() {
        match p.as_rule() {
            Rule::open => clause.brackets.0 = p.as_str().to_string(),
            Rule::close => clause.brackets.1 = p.as_str().to_string(),
            Rule::body => {
                for part in p.into_inner() {
                    match part.as_rule() {
                        Rule::part_sep => {
                            let c = part.as_str().chars().next().unwrap_or('；');
                            clause.separators.push((map(&part), c));
                        }
                        Rule::part => {
                            let Some(inner) = part.into_inner().next() else {
                                continue;
                            };
                            read_part(inner, &map, &mut clause, &mut suffix);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    // A clause whose lead is given as "A牵头" is the suffix form, even when
    // a labelled 责任单位 part follows.
    if suffix && bracketed {
        clause.form = ClauseForm::Suffix;
    }
    // `（A负责）`: a unit that is simply responsible, with no 牵头 anywhere,
    // leads the task.
    if clause.lead_label.is_none() && clause.lead.is_empty() {
        if let Some(l) = &clause.responsible_label {
            if src_at(body, l) == "负责" {
                clause.lead_label = clause.responsible_label.take();
                clause.lead = std::mem::take(&mut clause.responsible);
                clause.form = ClauseForm::Suffix;
            }
        }
    }
    Some(clause)
}

/// The logical text of a source span inside `body`.
fn src_at<'a>(body: &'a Joined, span: &std::ops::Range<usize>) -> &'a str {
    match (body.from_source(span.start), body.from_source(span.end)) {
        (Some(a), Some(b)) if a <= b => &body.text[a..b],
        _ => "",
    }
}

/// Separators between units: `(span, char)`.
pub type Separators = Vec<(std::ops::Range<usize>, char)>;

/// Parses a table cell holding a unit list; `None` when it is not one.
pub fn parse_cell(body: &Joined, range: std::ops::Range<usize>) -> Option<(Vec<Unit>, Separators)> {
    let src = &body.text[range.clone()];
    let top = ClauseParser::parse(Rule::cell, src).ok()?.next()?;
    let base = range.start;
    let map = |p: &Pair<Rule>| {
        let s = p.as_span();
        body.span(base + s.start()..base + s.end())
    };
    let mut seps = Vec::new();
    let mut units = Vec::new();
    for p in top.into_inner() {
        if p.as_rule() == Rule::unit_list {
            units = read_units(p, &map, &mut seps);
        }
    }
    Some((units, seps))
}

fn read_part(
    inner: Pair<Rule>,
    map: &dyn Fn(&Pair<Rule>) -> std::ops::Range<usize>,
    clause: &mut Clause,
    suffix: &mut bool,
) {
    match inner.as_rule() {
        Rule::labelled => {
            let mut is_lead = false;
            for q in inner.into_inner() {
                match q.as_rule() {
                    Rule::lead_label => {
                        is_lead = true;
                        if clause.lead_label.is_none() {
                            clause.lead_label = Some(map(&q));
                        }
                    }
                    Rule::resp_label if clause.responsible_label.is_none() => {
                        clause.responsible_label = Some(map(&q));
                    }
                    Rule::unit_list => {
                        let units = read_units(q, map, &mut clause.separators);
                        if is_lead {
                            clause.lead.extend(units);
                        } else {
                            clause.responsible.extend(units);
                        }
                    }
                    _ => {}
                }
            }
        }
        Rule::suffix_lead => {
            *suffix = true;
            for q in inner.into_inner() {
                match q.as_rule() {
                    Rule::unit_list => {
                        let units = read_units(q, map, &mut clause.separators);
                        clause.lead.extend(units);
                    }
                    Rule::lead_word if clause.lead_label.is_none() => {
                        clause.lead_label = Some(map(&q));
                    }
                    _ => {}
                }
            }
        }
        Rule::suffix_resp => {
            for q in inner.into_inner() {
                match q.as_rule() {
                    Rule::unit_list => {
                        let units = read_units(q, map, &mut clause.separators);
                        clause.responsible.extend(units);
                    }
                    Rule::coop_word if clause.responsible_label.is_none() => {
                        clause.responsible_label = Some(map(&q));
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
                clause.deadline = Some(Text {
                    text: t.as_str().trim().to_string(),
                    span: map(&t),
                });
            }
        }
        Rule::deadline => {
            clause.deadline = Some(Text {
                text: inner.as_str().to_string(),
                span: map(&inner),
            });
        }
        _ => {}
    }
}

fn read_units(
    list: Pair<Rule>,
    map: &dyn Fn(&Pair<Rule>) -> std::ops::Range<usize>,
    seps: &mut Vec<(std::ops::Range<usize>, char)>,
) -> Vec<Unit> {
    let mut out = Vec::new();
    for u in list.into_inner() {
        match u.as_rule() {
            Rule::unit => {
                let name = u.as_str().to_string();
                out.push(Unit {
                    collective: is_collective(&name),
                    name,
                    span: map(&u),
                });
            }
            Rule::unit_sep => {
                let c = u.as_str().chars().next().unwrap_or('、');
                seps.push((map(&u), c));
            }
            _ => {}
        }
    }
    out
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
        toml::from_str(include_str!("../../rules/collective.toml"))
            .expect("rules/collective.toml is valid (checked by tests)")
    })
}

/// Whether a unit name is a collective entry.
pub fn is_collective(name: &str) -> bool {
    let c = collective();
    c.prefixes.iter().any(|p| name.starts_with(p.as_str()))
        || c.names.iter().any(|n| n == name)
        || c.suffixes.iter().any(|s| name.ends_with(s.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Clause {
        let j = Joined::from_piece(s, 0..s.len());
        let bracketed = !BARE_LABELS.iter().any(|l| s.starts_with(l));
        parse_clause(&j, 0..s.len(), bracketed).unwrap_or_else(|| panic!("no parse: {s}"))
    }

    fn names(u: &[Unit]) -> Vec<&str> {
        u.iter().map(|u| u.name.as_str()).collect()
    }

    #[test]
    fn labelled_full_width() {
        let c = parse("（牵头单位：A局；责任单位：B局，C局、D局）");
        assert_eq!(names(&c.lead), ["A局"]);
        assert_eq!(names(&c.responsible), ["B局", "C局", "D局"]);
        assert_eq!(c.form, ClauseForm::Labelled);
        assert_eq!(c.brackets, ("（".to_string(), "）".to_string()));
    }

    #[test]
    fn labelled_several_leads() {
        assert_eq!(names(&parse("（牵头单位：A局、B局）").lead), ["A局", "B局"]);
        assert_eq!(
            names(&parse("（牵头单位：A局，B管委会）").lead),
            ["A局", "B管委会"]
        );
    }

    #[test]
    fn suffix_forms() {
        let c = parse("（区卫生健康局牵头，区委宣传部、区教育体育局等部门按职责分工配合）");
        assert_eq!(names(&c.lead), ["区卫生健康局"]);
        assert_eq!(names(&c.responsible), ["区委宣传部", "区教育体育局"]);
        assert_eq!(c.form, ClauseForm::Suffix);
        let c = parse("（A局牵头，B局按职责分工负责）");
        assert_eq!(names(&c.lead), ["A局"]);
        assert_eq!(names(&c.responsible), ["B局"]);
        let c = parse("（A局、B局牵头）");
        assert_eq!(names(&c.lead), ["A局", "B局"]);
        let c = parse("（教育体育局牵头，团区委、区红十字会按职责分工配合）");
        assert_eq!(names(&c.responsible), ["团区委", "区红十字会"]);
    }

    #[test]
    fn deadline_then_label() {
        let c = parse("（6月底完成，牵头考核单位：A局、B局）");
        assert_eq!(names(&c.lead), ["A局", "B局"]);
        assert_eq!(c.deadline.as_ref().unwrap().text, "6月底完成");
    }

    #[test]
    fn half_width_and_square() {
        let c = parse("(牵头单位:A局;责任单位:B局、C街道)");
        assert_eq!(names(&c.lead), ["A局"]);
        assert_eq!(names(&c.responsible), ["B局", "C街道"]);
        let c = parse("[牵头单位:A局;责任单位:B局、各街办(新区)]");
        assert_eq!(names(&c.responsible), ["B局", "各街办(新区)"]);
        assert!(c.responsible[1].collective);
        let c = parse("【牵头单位：A局】");
        assert_eq!(names(&c.lead), ["A局"]);
    }

    #[test]
    fn bare_and_responsible_only() {
        let c = parse("责任单位:区发展和改革局");
        assert_eq!(c.form, ClauseForm::Bare);
        assert!(c.lead.is_empty());
        assert_eq!(names(&c.responsible), ["区发展和改革局"]);
        let c = parse("（责任单位：A局、B局）");
        assert!(c.lead_label.is_none());
        assert_eq!(names(&c.responsible), ["A局", "B局"]);
    }

    #[test]
    fn empty_lead_label() {
        let c = parse("（牵头单位：；责任单位：B局）");
        assert!(c.lead_label.is_some());
        assert!(c.lead.is_empty());
        let c = parse("（牵头单位：）");
        assert!(c.lead_label.is_some());
        assert!(c.lead.is_empty());
    }

    #[test]
    fn spans_point_at_units() {
        let s = "（牵头单位：区财政局；责任单位：各街镇）";
        let c = parse(s);
        assert_eq!(&s[c.lead[0].span.clone()], "区财政局");
        assert_eq!(&s[c.responsible[0].span.clone()], "各街镇");
        assert!(c.responsible[0].collective);
    }

    #[test]
    fn collective_names() {
        assert!(is_collective("各街镇"));
        assert!(is_collective("相关部门"));
        assert!(is_collective("各平台公司"));
        assert!(!is_collective("区财政局"));
    }

    #[test]
    fn more_real_world_forms() {
        // Labels separated by spaces only.
        let c = parse("（牵头单位：A局 责任单位：各街镇）");
        assert_eq!(names(&c.lead), ["A局"]);
        assert_eq!(names(&c.responsible), ["各街镇"]);
        let c = parse("(牵头部门:A局 配合部门:B局)");
        assert_eq!(names(&c.lead), ["A局"]);
        assert_eq!(names(&c.responsible), ["B局"]);
        // A leader (a person) and a deadline label.
        let c = parse("（市民政局牵头，市财政局按职责分工负责；各区县（市）人民政府落实）");
        assert_eq!(names(&c.lead), ["市民政局"]);
        assert_eq!(names(&c.responsible), ["市财政局", "各区县（市）人民政府"]);
        let c = parse("（牵头科室：德育科；配合科室：体卫艺科）");
        assert_eq!(names(&c.lead), ["德育科"]);
        assert_eq!(names(&c.responsible), ["体卫艺科"]);
        let c = parse("（责任领导：张三；牵头单位：A局；配合单位：B局；完成时限：2025年12月底）");
        assert_eq!(names(&c.lead), ["A局"]);
        assert_eq!(names(&c.responsible), ["B局"]);
        assert_eq!(c.deadline.as_ref().unwrap().text, "2025年12月底");
        // A trailing 等.
        assert_eq!(
            names(&parse("（牵头单位：A局、B局等）").lead),
            ["A局", "B局"]
        );
        // `（A负责）`: the only unit leads.
        let c = parse("（A局负责）");
        assert_eq!(names(&c.lead), ["A局"]);
        assert!(c.responsible.is_empty());
        // But `A牵头，B负责` keeps B responsible.
        let c = parse("（A局牵头，B局负责）");
        assert_eq!(names(&c.lead), ["A局"]);
        assert_eq!(names(&c.responsible), ["B局"]);
        assert!(is_clause_region("（A局负责）"));
        assert!(!is_clause_region("（西校区）"));
    }

    /// `safe_char` must exclude the first character of every stop that
    /// starts with an ideograph, or units would run into 牵头, 配合…
    #[test]
    fn safe_char_is_in_step_with_unit_stop() {
        let g = include_str!("../../grammar/clause.pest");
        let line = |name: &str| -> &str {
            g.lines()
                .find(|l| l.starts_with(name) && l[name.len()..].trim_start().starts_with('='))
                .unwrap_or_else(|| panic!("rule {name}"))
        };
        // Literals of a rule line, leaving out look-aheads `&( … )` (they
        // follow a stop's first literal and never start one).
        let literals = |l: &str| -> Vec<String> {
            let mut text = String::new();
            let mut rest = l;
            while let Some(k) = rest.find("&(") {
                text.push_str(&rest[..k]);
                let mut depth = 1;
                let mut end = rest.len();
                for (i, c) in rest[k + 2..].char_indices() {
                    match c {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                end = k + 2 + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                rest = &rest[end..];
            }
            text.push_str(rest);
            text.split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect()
        };
        let excluded: Vec<char> = literals(line("safe_char"))
            .iter()
            .filter_map(|s| s.chars().next())
            .collect();
        let mut stops = literals(line("unit_stop"));
        stops.extend(literals(line("lead_word")));
        stops.extend(literals(line("coop_final")));
        for stop in stops {
            let c = stop.chars().next().unwrap();
            if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                assert!(
                    excluded.contains(&c),
                    "safe_char must exclude {c} (stop {stop})"
                );
            }
        }
    }
}
