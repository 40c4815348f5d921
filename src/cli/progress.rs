//! The progress bar of `gwlint check` (indicatif, on standard error).
//!
//! Shown only where a person watches a long run: standard error is a
//! terminal, the environment is not CI (`CI` unset), `TERM` is not `dumb`,
//! and the run is long — more than [`MANY_FILES`] files, or still going
//! after [`DELAY`]. Pipes, files and CI logs never see it. The bar is
//! cleared before any result is printed.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A run with more files than this shows the bar at once.
pub const MANY_FILES: usize = 200;
/// A shorter run shows the bar once it has lasted this long.
pub const DELAY: Duration = Duration::from_secs(1);

/// Whether a bar may be drawn at all: `stderr_tty` and the environment.
pub fn allowed(stderr_tty: bool, ci: bool, dumb_terminal: bool) -> bool {
    stderr_tty && !ci && !dumb_terminal
}

/// Whether to draw it from the start (a long run by its size).
pub fn at_once(files: usize) -> bool {
    files > MANY_FILES
}

/// The bar; hidden until it should be drawn.
pub struct Progress {
    bar: ProgressBar,
    /// Set when the run is over: a late timer must not draw the bar again.
    done: Arc<Mutex<bool>>,
}

impl Progress {
    /// A bar over `files` files, drawn now, later or never (module docs).
    pub fn new(files: usize) -> Progress {
        let env = |k: &str| std::env::var_os(k);
        let allowed = allowed(
            std::io::stderr().is_terminal(),
            env("CI").is_some_and(|v| !v.is_empty()),
            env("TERM").is_some_and(|t| t == "dumb"),
        );
        let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(crate::i18n::pick(
            "{spinner} {msg} [{bar:30}] {pos}/{len} 个文件（已用 {elapsed}）",
            "{spinner} {msg} [{bar:30}] {pos}/{len} files ({elapsed})",
        )) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(crate::i18n::pick("读取", "reading"));
        let done = Arc::new(Mutex::new(false));
        if allowed {
            if at_once(files) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            } else {
                let (bar, done) = (bar.clone(), done.clone());
                std::thread::spawn(move || {
                    std::thread::sleep(DELAY);
                    let done = done.lock().unwrap_or_else(|e| e.into_inner());
                    if !*done {
                        bar.set_draw_target(ProgressDrawTarget::stderr());
                    }
                });
            }
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Progress { bar, done }
    }

    /// One more file read.
    pub fn inc(&self) {
        self.bar.inc(1);
    }

    /// The stage now running (`检查`, `修复`).
    pub fn stage(&self, name: &'static str) {
        self.bar.set_message(name);
    }

    /// Runs `f` (which prints to standard error) with the bar out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// Removes the bar for good.
    pub fn finish(&self) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *done = true;
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_on_a_terminal_outside_ci() {
        assert!(allowed(true, false, false));
        assert!(!allowed(false, false, false), "a pipe or file");
        assert!(!allowed(true, true, false), "CI");
        assert!(!allowed(true, false, true), "TERM=dumb");
        assert!(!at_once(MANY_FILES));
        assert!(at_once(MANY_FILES + 1));
    }
}
