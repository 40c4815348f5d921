//! Rules of the `targets` family.

/// Family name.
pub const FAMILY: &str = "targets";
