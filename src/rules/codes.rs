//! The only table that maps rule codes to rules.
//!
//! Codes are stable: a letter for the family and three digits. Never reuse a
//! code; record renamed or removed codes in [`REMOVED`].
//!
//! | family | letter | what |
//! |---|---|---|
//! | tasks | T | responsibility clauses (牵头单位/责任单位) |
//! | structure | S | numbering, heading levels, page-break splits |
//! | names | N | organisation names |
//! | targets | X | report ↔ annex reconciliation |
//! | typography | P, D, F, R | punctuation, numbers, document format, repetition and leftovers |

use std::sync::OnceLock;

use super::{names, structure, targets, tasks, typography};
use super::{summary_of, Rule, RuleMeta, RuleSettings};
use crate::diag::Severity;

/// `(code, rule)` in the order rules run and are listed.
pub static TABLE: &[(&str, &dyn Rule)] = &[
    // ── T: responsibility clauses ──────────────────────────────
    ("T001", &tasks::missing_lead_unit::MissingLeadUnit),
    ("T002", &tasks::empty_lead_label::EmptyLeadLabel),
    ("T003", &tasks::collective_only_lead::CollectiveOnlyLead),
    ("T004", &tasks::lead_also_responsible::LeadAlsoResponsible),
    ("T005", &tasks::duplicate_unit::DuplicateUnit),
    (
        "T006",
        &tasks::implicit_lead_convention::ImplicitLeadConvention,
    ),
    // ── S: structure ──────────────────────────────────────────
    (
        "S001",
        &structure::broken_task_numbering::BrokenTaskNumbering,
    ),
    (
        "S002",
        &structure::broken_heading_numbering::BrokenHeadingNumbering,
    ),
    (
        "S003",
        &structure::skipped_heading_level::SkippedHeadingLevel,
    ),
    (
        "S004",
        &structure::heading_depth_mismatch::HeadingDepthMismatch,
    ),
    ("S005", &structure::page_break_split::PageBreakSplit),
    ("S006", &structure::unparsable_region::UnparsableRegion),
    // ── N: organisation names ─────────────────────────────────
    // ── X: report ↔ annex ─────────────────────────────────────
    ("X001", &targets::target_mismatch::TargetMismatch),
    ("X002", &targets::target_missing::TargetMissing),
    ("X003", &targets::period_mismatch::PeriodMismatch),
    ("X004", &targets::text_drift::TextDrift),
    ("X005", &targets::unmatched_task::UnmatchedTask),
    // ── P/D/F/R: typography ───────────────────────────────────
];

/// Codes that existed once: `(old code, what became of it)`.
pub static REMOVED: &[(&str, &str)] = &[];

/// Keeps the family modules referenced even while a family has no rules yet.
#[allow(dead_code)]
fn _families() {
    let _ = (names::FAMILY, targets::FAMILY, typography::FAMILY);
}

/// The family name of a code's letter.
pub fn family_of(code: &str) -> &'static str {
    match code.as_bytes().first() {
        Some(b'T') => "tasks",
        Some(b'S') => "structure",
        Some(b'N') => "names",
        Some(b'X') => "targets",
        Some(b'P') => "punctuation",
        Some(b'D') => "numbers",
        Some(b'F') => "format",
        Some(b'R') => "repetition",
        _ => "other",
    }
}

/// Every registered rule with its metadata, in table order.
pub fn registry() -> &'static [(RuleMeta, &'static dyn Rule)] {
    static R: OnceLock<Vec<(RuleMeta, &'static dyn Rule)>> = OnceLock::new();
    R.get_or_init(|| {
        let defaults = RuleSettings::builtin();
        TABLE
            .iter()
            .map(|(code, rule)| {
                let info = rule.info();
                let (severity, enabled) = match defaults.rules.get(*code) {
                    Some(s) => match s.level.severity() {
                        Some(sev) => (sev, true),
                        None => (Severity::Info, false),
                    },
                    None => (Severity::Warning, true),
                };
                (
                    RuleMeta {
                        code,
                        name: info.name,
                        family: family_of(code),
                        category: info.category,
                        severity,
                        enabled,
                        fix: info.fix,
                        summary: summary_of(info.doc),
                        doc: info.doc,
                    },
                    *rule,
                )
            })
            .collect()
    })
}

/// Looks a rule up by code (case-insensitive) or name.
pub fn find(key: &str) -> Option<&'static (RuleMeta, &'static dyn Rule)> {
    registry()
        .iter()
        .find(|(m, _)| m.code.eq_ignore_ascii_case(key) || m.name == key)
}
