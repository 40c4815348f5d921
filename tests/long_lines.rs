//! Output stays linear on long lines (issue 12): a 1 MB single line with
//! tens of thousands of findings, and a 128 KB run of `（`.
//!
//! Not timing assertions: the sizes are chosen so that the quadratic code
//! this replaces (the excerpt's width and every label's column counted from
//! the line start, per diagnostic) would need about 10^10 character steps —
//! hours in a debug build — while the linear code needs seconds. A
//! regression shows as a test that does not finish. Columns are checked
//! exactly, since the index that makes them cheap must not make them wrong.

use assert_cmd::Command;
use serde_json::Value;

fn gwlint() -> Command {
    let mut c = Command::cargo_bin("gwlint").unwrap();
    c.env_remove("COLUMNS");
    c
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_one_megabyte_line_renders_in_linear_time_with_exact_columns() {
    const UNIT: &str = "我们要推进工作,加强管理。"; // 13 characters, one half-width comma
    let n = 1_048_576 / UNIT.len() + 1;
    let text = UNIT.repeat(n);
    assert!(text.len() > 1_000_000 && !text.contains('\n'));
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, "long.txt", &text);

    let out = gwlint()
        .args(["check", "--output-format", "json", "--select", "P001"])
        .arg(&f)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), n);
    // The k-th comma is character 7 (0-based) of unit k: column 13k + 8.
    for k in [0, 1, n / 2, n - 1] {
        let d = &diags[k];
        assert_eq!(d["line"], 1);
        assert_eq!(d["column"].as_u64().unwrap() as usize, 13 * k + 8, "{k}");
    }

    let out = gwlint()
        .args(["check", "--color", "never", "--select", "P001"])
        .arg(&f)
        .output()
        .unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    // Excerpts are windows, not the megabyte line once per finding.
    assert!(human.len() < n * 800, "{} bytes", human.len());
    let last_col = 13 * (n - 1) + 8;
    assert!(
        human.contains(&format!("long.txt:1:{last_col}")),
        "the last finding's place"
    );
}

#[test]
fn a_128_kb_run_of_open_brackets() {
    let text = format!("1.做好工作{}\n", "（".repeat(128 * 1024 / 3));
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, "run.txt", &text);
    for format in ["json", "full", "sarif"] {
        let out = gwlint()
            .args(["check", "--color", "never", "--output-format", format])
            .arg(&f)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        // Each finding's output is bounded (no excerpt of the whole run).
        assert!(
            out.stdout.len() < 128 * 1024 / 3 * 2000,
            "{format}: {} bytes",
            out.stdout.len()
        );
    }
}

#[test]
fn a_huge_label_is_cut_to_the_terminal_width() {
    // One label over a whole 100 000-character line (the unbalanced
    // bracket's clause): the excerpt is cut, not printed whole.
    let text = format!("（{}\n", "甲".repeat(100_000));
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, "clause.txt", &text);
    let out = gwlint()
        .env("COLUMNS", "80")
        .args(["check", "--color", "never"])
        .arg(&f)
        .output()
        .unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    for line in human.lines() {
        let w = unicode_width::UnicodeWidthStr::width(line);
        assert!(w <= 80 + 8, "{w} columns: {line}");
    }
}

/// The number of findings of `code` in `--statistics` output.
fn count(stats: &str, code: &str) -> usize {
    stats
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some(code))
        .map_or(0, |l| l.split_whitespace().next().unwrap().parse().unwrap())
}

/// 200,000 half-width `(` and then 200,000 `)` on one line, with nothing,
/// Han text, digits, a URL and a standard number, or a Latin phrase inside
/// or around them (issue 12). Each pair's inside was searched for Han
/// characters and for protected text (a window holding the whole pair), and
/// each `)` read the ASCII text before it back to the line start: about
/// 2 × 10^10 steps for one file, well over five minutes in a debug build
/// (and in CI's time limit), where the linear code takes about a second. A
/// regression shows as a test that does not finish.
#[test]
fn deeply_nested_half_width_brackets_on_one_line() {
    const N: usize = 200_000;
    let open = "(".repeat(N);
    let close = ")".repeat(N);
    let cases = [
        ("empty", format!("{open}{close}\n"), 0),
        // Every pair holds Han text: every pair is a finding.
        ("han", format!("{open}甲{close}\n"), N),
        ("han-each", format!("{}{close}\n", "(甲".repeat(N)), N),
        ("digits", format!("{}{close}\n", "(1甲".repeat(N)), N),
        // A URL inside every pair: all of them are protected.
        (
            "url",
            format!("{open}甲 http://www.a.cn/x 2024 GB/T 9704-2012{close}\n"),
            0,
        ),
        // The `)` close an English phrase: not Chinese punctuation.
        ("latin", format!("a b c {close}甲\n"), 0),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, text, p001) in cases {
        let f = write(&dir, &format!("{name}.txt"), &text);
        let out = gwlint()
            .args(["check", "--color", "never", "--statistics"])
            .arg(&f)
            .output()
            .unwrap();
        let stats = String::from_utf8(out.stdout).unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{name}: {stats}");
        assert_eq!(count(&stats, "P001"), p001, "{name}: {stats}");
    }
}

/// Regression: a finding that ends at the end of a file of whole index
/// blocks (a line of 256 or 512 bytes, the last byte a half-width comma)
/// made the column index read past its end, and `gwlint check` panicked
/// while printing.
#[test]
fn a_finding_at_the_end_of_a_file_of_whole_blocks() {
    let dir = tempfile::tempdir().unwrap();
    for len in [64usize, 256, 320, 512, 4096] {
        let tail = "推进工作,";
        let body = "我们要推进工作，".repeat((len - tail.len()) / 24);
        let text = format!("{}{body}{tail}", "x".repeat(len - body.len() - tail.len()));
        assert_eq!(text.len(), len);
        let f = write(&dir, &format!("end{len}.txt"), &text);
        let out = gwlint()
            .args(["check", "--output-format", "json", "--select", "P001"])
            .arg(&f)
            .output()
            .unwrap();
        // A warning: the run succeeds (it panicked with 101).
        assert_eq!(
            out.status.code(),
            Some(0),
            "{len}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let d = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["end"] == len)
            .expect("the comma at the end is a finding");
        assert_eq!(d["end_line"], 1);
        let chars = text.chars().count() as u64;
        assert_eq!(d["end_column"].as_u64().unwrap(), chars + 1, "{len}");
        assert_eq!(d["column"].as_u64().unwrap(), chars, "{len}");
    }
}
