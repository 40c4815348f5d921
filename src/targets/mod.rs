//! Quantitative targets (量化目标) extracted from any document.
//!
//! # Brief overview
//! - [`TextUnit`]: a piece of a document that can hold targets — an annex
//!   task's text before its responsibility clause, a report paragraph, a
//!   heading — as a [`Joined`] string, so every label maps back to the exact
//!   source characters even across hard-wrapped lines.
//! - [`Target`]: indicator, relation (增长, 达到, 控制在, 新增…), value or
//!   range, unit, bound (以上, 以下, 左右, ≥…), whether it is a stretch target
//!   (`（力争超过 5.6%）`), its year and where each part was written.
//! - [`extract`]: the extractor (see `extract.rs`): numbers in any width,
//!   Chinese numerals, spaces inside numbers, ranges, `分别…和…` lists
//!   distributed over their indicators.
//! - [`indicators`]: indicator names and synonyms from `rules/indicators.toml`.
//! - [`table`]: the indicator tables (主要指标, 专栏) of opinions and plans.
//!
//! Extraction runs on plain text with a hand-written scanner (no regex per
//! line, no pest): one pass over each unit.

mod extract;
pub mod indicator_table;
pub mod indicators;
pub mod norm;
pub mod numbers;

use std::ops::Range;

use serde::Serialize;

pub use extract::{extract, subject_key, subject_key_str};
pub use indicators::Indicators;
pub use numbers::{Bound, Unit, UnitKind};

use crate::load::SourceFile;
use crate::model::{Document, Joined, Span};

/// Data the target rules and the link stage read (one field of
/// [`crate::rules::data::Data`]).
#[derive(Debug, Clone, Default)]
pub struct TargetData {
    /// Indicator names and synonyms.
    pub indicators: Indicators,
    /// Explicit report ↔ annex pairs (`--pair REPORT=ANNEX`), as paths.
    pub pairs: Vec<(std::path::PathBuf, std::path::PathBuf)>,
}

/// Where a text unit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "index")]
pub enum Origin {
    /// A task (index into [`Document::tasks`]).
    Task(usize),
    /// A paragraph (index into [`Document::paragraphs`]).
    Paragraph(usize),
    /// A heading (index into [`Document::headings`]).
    Heading(usize),
    /// A cell of an indicator table (index into the document's tables).
    Table(usize),
}

/// A piece of a document that can hold targets.
#[derive(Debug, Clone)]
pub struct TextUnit {
    /// Where it comes from.
    pub origin: Origin,
    /// The text (a copy of the model's joined string).
    pub text: Joined,
    /// The logical range to read (a task's text before its clause).
    pub range: Range<usize>,
    /// Index of the level-1 heading (一、, 第X章) it sits under.
    pub section: Option<usize>,
    /// Whether it sits in a review of past work (…工作回顾, 过去一年), so
    /// its numbers are results, not targets.
    pub review: bool,
}

impl TextUnit {
    /// The text to read.
    pub fn as_str(&self) -> &str {
        &self.text.text[self.range.clone()]
    }

    /// Source span of a logical range.
    pub fn span(&self, r: Range<usize>) -> Span {
        self.text.span(r)
    }
}

/// What a target says about its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// 增长, 提高, 增加 (a change, usually a rate).
    Growth,
    /// 年均增长 (average yearly change over a period).
    AverageGrowth,
    /// 下降, 降低, 减少.
    Decline,
    /// 达到, 提高至, 下降至, 控制在, 稳定在 (a level to reach or hold).
    Level,
    /// 新增, 新建, 建成, 累计, or a count with no verb (项目300个以上).
    Count,
}

impl Relation {
    /// Targets with relations of different groups say different things
    /// (增长 6% is not 达到 6%).
    pub fn group(self) -> u8 {
        match self {
            Relation::Growth => 0,
            Relation::AverageGrowth => 1,
            Relation::Decline => 2,
            Relation::Level | Relation::Count => 3,
        }
    }
}

/// A quantitative target.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// Index of the text unit (in the list the extractor was given).
    pub unit: usize,
    /// The indicator from `rules/indicators.toml`, if recognised.
    pub indicator: Option<usize>,
    /// The phrase naming what is measured, as normalised text (fillers such
    /// as 确保, 全年 removed; an elided 分别 part completed: 城镇 →
    /// 城镇居民人均可支配收入).
    pub subject: String,
    /// Source span of the subject phrase as written (empty when inherited).
    pub subject_span: Span,
    /// The relation.
    pub relation: Relation,
    /// The relation word as written (`增长`), empty if none.
    pub verb: String,
    /// The value, or the lower end of a range.
    pub lo: f64,
    /// The upper end of a range.
    pub hi: Option<f64>,
    /// The unit.
    pub unit_of: Unit,
    /// The bound (以上, 以下, 左右, ≥…).
    pub bound: Bound,
    /// A stretch target (力争, 争取) accompanying a base target.
    pub stretch: bool,
    /// The value as written, compacted (`6%以上`, `超过5.6%`).
    pub value_text: String,
    /// Source span of the number(s) and unit.
    pub value_span: Span,
    /// Logical range of the number(s) and unit in the unit's text.
    pub value_logical: Range<usize>,
    /// The year the target is for, when written (`到 2022 年`).
    pub year: Option<u32>,
    /// Source span of that year.
    pub year_span: Option<Span>,
    /// A result of past work rather than a target.
    pub achieved: bool,
    /// One of several values written for one undivided subject
    /// (`A，B分别达到100%和85%` where the parts could not be told apart).
    pub shared: bool,
}

impl Target {
    /// `增长 5.6%` for messages.
    pub fn describe(&self) -> String {
        if self.verb.is_empty() {
            self.value_text.clone()
        } else {
            format!("{}{}", self.verb, self.value_text)
        }
    }

    /// What the target measures, for messages.
    pub fn what<'a>(&'a self, ind: &'a Indicators) -> &'a str {
        match self.indicator {
            Some(i) => ind.name(i),
            None => &self.subject,
        }
    }

    /// Value scaled to the base unit.
    pub fn scaled(&self) -> (f64, Option<f64>) {
        let s = self.unit_of.scale;
        (self.lo * s, self.hi.map(|h| h * s))
    }

    /// Whether two targets state the same value (units comparable, values
    /// equal after scaling, bounds compatible).
    pub fn same_value(&self, other: &Target) -> bool {
        let (a, ah) = self.scaled();
        let (b, bh) = other.scaled();
        self.unit_of.comparable(&other.unit_of)
            && (self.unit_of.kind != UnitKind::Rate || self.unit_of.base == other.unit_of.base)
            && numbers::same_value(a, b)
            && match (ah, bh) {
                (None, None) => true,
                (Some(x), Some(y)) => numbers::same_value(x, y),
                _ => false,
            }
            && self.bound.compatible(other.bound)
    }
}

/// Level-1 sections that review past work.
fn is_review_heading(text: &str, doc_year: Option<u32>) -> bool {
    if ["回顾", "过去", "成绩", "总结"]
        .iter()
        .any(|w| text.contains(w))
    {
        return true;
    }
    match doc_year {
        Some(y) => crate::parse::years(text).any(|(_, h)| h < y),
        None => false,
    }
}

/// The text units of a document, in source order: task texts (before their
/// clauses), paragraphs and headings. Spans inside `skip` (indicator tables)
/// are left out.
pub fn units(doc: &Document, src: &SourceFile, skip: &[Span]) -> Vec<TextUnit> {
    let doc_year = doc.year.as_ref().and_then(|y| y.text.parse::<u32>().ok());
    // The outermost enclosing heading of each heading, and whether any
    // enclosing heading reviews past work.
    let mut section_of = Vec::with_capacity(doc.headings.len());
    let mut review_section = Vec::with_capacity(doc.headings.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, h) in doc.headings.iter().enumerate() {
        let rank = h.numbering.level.rank();
        while stack
            .last()
            .is_some_and(|&j| doc.headings[j].numbering.level.rank() >= rank)
        {
            stack.pop();
        }
        stack.push(i);
        section_of.push(stack.first().copied());
        review_section.push(
            stack
                .iter()
                .any(|&j| is_review_heading(&doc.headings[j].text, doc_year)),
        );
    }
    let section = |h: Option<usize>| h.and_then(|h| section_of[h]);
    let review = |h: Option<usize>| h.is_some_and(|h| review_section[h]);
    let skipped = |sp: &Span| skip.iter().any(|k| sp.start >= k.start && sp.start < k.end);

    let mut out: Vec<(usize, TextUnit)> = Vec::new();
    for (i, t) in doc.tasks.iter().enumerate() {
        if skipped(&t.span) {
            continue;
        }
        let end = t.text_before_clause().len();
        let s = section(t.heading);
        out.push((
            t.span.start,
            TextUnit {
                origin: Origin::Task(i),
                text: t.body.clone(),
                range: 0..end,
                section: s,
                review: review(t.heading),
            },
        ));
    }
    for (i, p) in doc.paragraphs.iter().enumerate() {
        if skipped(&p.span) {
            continue;
        }
        let s = section(p.heading);
        out.push((
            p.span.start,
            TextUnit {
                origin: Origin::Paragraph(i),
                text: p.text.clone(),
                range: 0..p.text.text.len(),
                section: s,
                review: review(p.heading),
            },
        ));
    }
    for (i, h) in doc.headings.iter().enumerate() {
        if skipped(&h.span) || h.text.is_empty() {
            continue;
        }
        let line = &src.text[h.span.clone()];
        let Some(off) = line.find(h.text.as_str()) else {
            continue;
        };
        let start = h.span.start + off;
        let j = Joined::from_piece(&src.text, start..start + h.text.len());
        let s = section(Some(i));
        out.push((
            start,
            TextUnit {
                origin: Origin::Heading(i),
                range: 0..j.text.len(),
                text: j,
                section: s,
                review: review(Some(i)),
            },
        ));
    }
    out.sort_by_key(|(s, _)| *s);
    out.into_iter().map(|(_, u)| u).collect()
}

/// Extracts the targets of every unit; `doc_year` marks earlier years as
/// results of past work.
pub fn extract_all(units: &[TextUnit], ind: &Indicators, doc_year: Option<u32>) -> Vec<Target> {
    extract_all_by(units, doc_year, |u, i| extract(u, i, ind))
}

/// [`extract_all`] with the units' normalised texts already made (`norms`,
/// one per unit, see [`normalise_units`]): a caller that reads them for
/// something else too (the link stage's alignment) normalises once.
pub fn extract_all_normalised(
    units: &[TextUnit],
    norms: &[norm::Norm],
    ind: &Indicators,
    doc_year: Option<u32>,
) -> Vec<Target> {
    assert_eq!(units.len(), norms.len(), "one normalised text per unit");
    extract_all_by(units, doc_year, |u, i| {
        extract::extract_normalised(u, i, ind, &norms[i])
    })
}

/// The normalised text of each unit ([`norm::Norm::new`] of its range), in
/// parallel.
pub fn normalise_units(units: &[TextUnit]) -> Vec<norm::Norm> {
    use rayon::prelude::*;
    units
        .par_iter()
        .map(|u| norm::Norm::new(&u.text.text, u.range.clone()))
        .collect()
}

fn extract_all_by(
    units: &[TextUnit],
    doc_year: Option<u32>,
    extract: impl Fn(&TextUnit, usize) -> Vec<Target>,
) -> Vec<Target> {
    let mut out = Vec::new();
    for (i, u) in units.iter().enumerate() {
        let mut ts = extract(u, i);
        for t in &mut ts {
            t.achieved = u.review || matches!((t.year, doc_year), (Some(y), Some(d)) if y < d);
        }
        out.extend(ts);
    }
    // Held in links until the end of the run.
    out.shrink_to_fit();
    out
}
