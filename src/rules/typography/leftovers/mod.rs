//! Repetition and leftover rules (R): repeated phrases and characters,
//! conversion debris, page numbers and placeholders left in the text.

/// One rule; its explanation is the doc comment of the struct inside.
pub mod conversion_leftover;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod doubled_character;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod page_number_in_body;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod placeholder_text;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod repeated_phrase;
