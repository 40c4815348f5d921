//! Rules of the `names` family.

/// Family name.
pub const FAMILY: &str = "names";
