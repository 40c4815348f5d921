//! Number rules (D): GB/T 15835-2011 《出版物上数字用法》.

/// One rule; its explanation is the doc comment of the struct inside.
pub mod comma_in_approximate_number;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod full_width_digits;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod mixed_magnitude_units;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod nonstandard_date;
/// One rule; its explanation is the doc comment of the struct inside.
pub mod range_unit_dropped;
