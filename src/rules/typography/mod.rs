//! Rules of the `typography` family: official-document typography under the
//! national standards.
//!
//! | letter | module | standard |
//! |---|---|---|
//! | P | [`punctuation`] | GB/T 15834-2011 《标点符号用法》 |
//! | D | [`numbers`] | GB/T 15835-2011 《出版物上数字用法》 |
//! | F | [`format`] | GB/T 9704-2012 《党政机关公文格式》 |
//! | R | [`leftovers`] | repetition, conversion debris, placeholders |
//!
//! Every rule scans the decoded source once (regex, `memchr`, a byte loop),
//! skipping what is not prose ([`text::Scan`]); data a drafting office may
//! change lives in `rules/typography.toml` ([`data`]). Precision comes first:
//! clean official prose must stay quiet.

pub mod data;
pub mod format;
pub mod furniture;
pub mod leftovers;
pub mod numbers;
pub mod punctuation;
pub mod text;

/// Family name.
pub const FAMILY: &str = "typography";
