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
//! | suppression | M | the suppression markers themselves (unused, unknown codes) |
//!
//! Rule packs (`rules/packs/`, `--packs DIR`) have codes in a user namespace
//! that never collides with these: `U` or a prefix of 2–4 capital letters
//! whose first letter is not in [`FAMILY_LETTERS`] (see
//! [`super::packs::valid_prefix`]). No built-in family may take the letter U.

use std::sync::OnceLock;

use super::{names, structure, suppression, targets, tasks, typography};
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
    ("N001", &names::unit_name_variant::UnitNameVariant),
    ("N002", &names::retired_unit_name::RetiredUnitName),
    ("N003", &names::misspelled_unit_name::MisspelledUnitName),
    ("N004", &names::inconsistent_unit_name::InconsistentUnitName),
    ("N005", &names::unknown_unit_name::UnknownUnitName),
    ("N006", &names::empty_unit_list_item::EmptyUnitListItem),
    ("N007", &names::mixed_unit_name_forms::MixedUnitNameForms),
    // ── X: report ↔ annex ─────────────────────────────────────
    ("X001", &targets::target_mismatch::TargetMismatch),
    ("X002", &targets::target_missing::TargetMissing),
    ("X003", &targets::period_mismatch::PeriodMismatch),
    ("X004", &targets::text_drift::TextDrift),
    ("X005", &targets::unmatched_task::UnmatchedTask),
    ("X006", &targets::unpaired_annex::UnpairedAnnex),
    // ── P/D/F/R: typography ───────────────────────────────────
    // Order matters only for listing; each rule is independent.
    (
        "P001",
        &typography::punctuation::half_width_punctuation::HalfWidthPunctuation,
    ),
    (
        "P002",
        &typography::punctuation::unbalanced_pair::UnbalancedPair,
    ),
    (
        "P003",
        &typography::punctuation::repeated_punctuation::RepeatedPunctuation,
    ),
    (
        "P004",
        &typography::punctuation::space_beside_punctuation::SpaceBesidePunctuation,
    ),
    (
        "P005",
        &typography::punctuation::comma_between_quoted_items::CommaBetweenQuotedItems,
    ),
    (
        "P006",
        &typography::punctuation::book_marks_on_non_title::BookMarksOnNonTitle,
    ),
    (
        "P007",
        &typography::punctuation::wrong_range_mark::WrongRangeMark,
    ),
    (
        "P008",
        &typography::punctuation::half_width_clause_punctuation::HalfWidthClausePunctuation,
    ),
    (
        "D001",
        &typography::numbers::full_width_digits::FullWidthDigits,
    ),
    (
        "D002",
        &typography::numbers::range_unit_dropped::RangeUnitDropped,
    ),
    (
        "D003",
        &typography::numbers::mixed_magnitude_units::MixedMagnitudeUnits,
    ),
    (
        "D004",
        &typography::numbers::nonstandard_date::NonstandardDate,
    ),
    (
        "D005",
        &typography::numbers::comma_in_approximate_number::CommaInApproximateNumber,
    ),
    (
        "F001",
        &typography::format::malformed_heading_mark::MalformedHeadingMark,
    ),
    (
        "F002",
        &typography::format::malformed_document_number::MalformedDocumentNumber,
    ),
    (
        "F003",
        &typography::format::malformed_attachment_list::MalformedAttachmentList,
    ),
    (
        "F004",
        &typography::format::attachment_heading_mismatch::AttachmentHeadingMismatch,
    ),
    (
        "F005",
        &typography::format::title_year_mismatch::TitleYearMismatch,
    ),
    (
        "R001",
        &typography::leftovers::repeated_phrase::RepeatedPhrase,
    ),
    (
        "R002",
        &typography::leftovers::doubled_character::DoubledCharacter,
    ),
    (
        "R003",
        &typography::leftovers::conversion_leftover::ConversionLeftover,
    ),
    (
        "R004",
        &typography::leftovers::page_number_in_body::PageNumberInBody,
    ),
    (
        "R005",
        &typography::leftovers::placeholder_text::PlaceholderText,
    ),
    // ── M: suppression markers ────────────────────────────────
    // Reported by the suppression pass after every other rule.
    ("M001", &suppression::unused_suppression::UnusedSuppression),
    (
        "M002",
        &suppression::unknown_suppression_code::UnknownSuppressionCode,
    ),
];

/// The letters of built-in families; a pack prefix may not start with one.
pub const FAMILY_LETTERS: &str = "TSNXPDFRM";

/// Codes that existed once: `(old code, what became of it)`.
pub static REMOVED: &[(&str, &str)] = &[];

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
        Some(b'M') => "suppression",
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
                let (severity, enabled) = match defaults.rules.get(*code).and_then(|s| s.level) {
                    Some(level) => match level.severity() {
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
                        messages: info.messages.iter().map(|m| m.to_string()).collect(),
                        fix_titles: info.fix_titles.iter().map(|m| m.to_string()).collect(),
                        messages_en: info.messages_en.iter().map(|m| m.to_string()).collect(),
                        fix_titles_en: info.fix_titles_en.iter().map(|m| m.to_string()).collect(),
                        explain_en: info.explain_en.to_string(),
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
