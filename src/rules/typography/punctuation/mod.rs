//! Punctuation rules (P): GB/T 15834-2011 《标点符号用法》.

/// One rule; its explanation is the doc comment of the struct inside.
pub mod book_marks_on_non_title;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod comma_between_quoted_items;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod half_width_clause_punctuation;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod half_width_punctuation;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod repeated_punctuation;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod space_beside_punctuation;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod unbalanced_pair;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod wrong_range_mark;
