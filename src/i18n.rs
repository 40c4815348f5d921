//! The language of user-facing messages: Simplified Chinese by default,
//! English with `--lang en`.
//!
//! A leaf module every stage may use. The language is chosen once per
//! process (the command line sets it before any work starts), so messages
//! are built in the chosen language where they are made: a rule writes both
//! strings side by side with [`tr!`](crate::tr), and the code, the spans and
//! everything machine-readable stay the same in both languages.
//!
//! ```
//! use gwlint::{i18n, tr};
//! let n = 3;
//! assert_eq!(tr!("任务{n}没有牵头单位", "task {n} has no lead unit"), "任务3没有牵头单位");
//! ```

use std::sync::atomic::{AtomicU8, Ordering};

/// A language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 简体中文
    #[default]
    Zh,
    /// 英文
    En,
}

static LANG: AtomicU8 = AtomicU8::new(0);

/// Sets the language for the rest of the process.
pub fn set_lang(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

/// The current language.
pub fn lang() -> Lang {
    match LANG.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Zh,
    }
}

/// Whether messages are in English.
pub fn is_en() -> bool {
    lang() == Lang::En
}

/// Picks one of two literal strings by the current language.
pub fn pick(zh: &'static str, en: &'static str) -> &'static str {
    if is_en() {
        en
    } else {
        zh
    }
}

/// `n` and an English noun, singular for one: `count(1, "file", "files")`
/// is `1 file`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Formats a message in the current language: `tr!("中文{x}", "English {x}", args…)`.
/// Both strings take the same arguments (named captures work in both).
#[macro_export]
macro_rules! tr {
    ($zh:tt, $en:tt $(, $arg:expr)* $(,)?) => {
        if $crate::i18n::is_en() {
            format!($en $(, $arg)*)
        } else {
            format!($zh $(, $arg)*)
        }
    };
}
