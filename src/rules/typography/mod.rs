//! Rules of the `typography` family.

/// Family name.
pub const FAMILY: &str = "typography";
