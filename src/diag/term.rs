//! Terminal facts the human renderers need: the width to fit excerpts to,
//! and codespan's severity words replaced by gwlint's vocabulary.
//!
//! codespan-reporting writes `error`, `warning` and `note` in English as the
//! first thing of every diagnostic. [`Localized`] wraps the output and
//! replaces that first word with the one of [`Severity::word`], so the
//! headline, the summary and `--statistics` use one vocabulary
//! (错误/警告/提示, or error/warning/info with `--lang en`).

use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use codespan_reporting::term::termcolor::{ColorSpec, WriteColor};

use super::Severity;

/// Width used when the output is not a terminal and `COLUMNS` is not set.
pub const DEFAULT_WIDTH: usize = 100;
/// Narrowest width excerpts are fitted to.
pub const MIN_WIDTH: usize = 40;

static WIDTH: AtomicUsize = AtomicUsize::new(DEFAULT_WIDTH);

/// The width (in terminal columns) human output is fitted to.
pub fn width() -> usize {
    WIDTH.load(Ordering::Relaxed)
}

/// Sets the width human output is fitted to (at least [`MIN_WIDTH`]).
pub fn set_width(columns: usize) {
    WIDTH.store(columns.max(MIN_WIDTH), Ordering::Relaxed);
}

/// The width of the terminal: `COLUMNS` if set to a number, else the size of
/// the terminal on standard output, else [`DEFAULT_WIDTH`].
pub fn detect_width() -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
    {
        return n;
    }
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
            return usize::from(w);
        }
    }
    DEFAULT_WIDTH
}

/// Columns of the excerpt text itself: the width less codespan's gutter
/// (`123 │ ` and a margin).
pub fn text_width() -> usize {
    width().saturating_sub(10).max(MIN_WIDTH - 10)
}

/// Wraps codespan's writer for one diagnostic: the first write, codespan's
/// severity word, becomes gwlint's.
pub struct Localized<'w> {
    inner: &'w mut dyn WriteColor,
    severity: Severity,
    pending: bool,
}

impl<'w> Localized<'w> {
    /// A wrapper for one diagnostic of `severity`.
    pub fn new(inner: &'w mut dyn WriteColor, severity: Severity) -> Self {
        Localized {
            inner,
            severity,
            pending: true,
        }
    }
}

impl Write for Localized<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.pending {
            self.pending = false;
            if matches!(buf, b"error" | b"warning" | b"note" | b"help" | b"bug") {
                self.inner.write_all(self.severity.word().as_bytes())?;
                return Ok(buf.len());
            }
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl WriteColor for Localized<'_> {
    fn supports_color(&self) -> bool {
        self.inner.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        self.inner.set_color(spec)
    }

    fn reset(&mut self) -> io::Result<()> {
        self.inner.reset()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_severity_word_is_replaced_once() {
        let mut buf = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        {
            let mut w = Localized::new(&mut buf, Severity::Error);
            w.write_all(b"error").unwrap();
            w.write_all(b"[T001]: error").unwrap();
        }
        let s = String::from_utf8(buf.into_inner()).unwrap();
        assert!(s.starts_with(Severity::Error.word()));
        assert!(s.ends_with("[T001]: error"));
    }
}
