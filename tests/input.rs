//! Files and input: standard input (`check -`), `--threads`, the progress
//! bar, directory walking (`.gitignore` outside git, skipped files, a run
//! that checked nothing), completions and the man page.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn gwlint() -> Command {
    let mut c = Command::cargo_bin("gwlint").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("COLUMNS");
    c
}

fn fixture(p: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(p)).unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn stdin_is_checked_under_its_stdin_filename() {
    let text = fixture("fixtures/tasks/T001_trigger.md");
    let file = gwlint()
        .args([
            "check",
            "--output-format",
            "concise",
            "fixtures/tasks/T001_trigger.md",
        ])
        .output()
        .unwrap();
    let piped = gwlint()
        .args([
            "check",
            "--output-format",
            "concise",
            "--stdin-filename",
            "fixtures/tasks/T001_trigger.md",
            "-",
        ])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert_eq!(piped.status.code(), Some(1), "{}", stderr(&piped));
    assert!(stdout(&piped).contains("fixtures/tasks/T001_trigger.md:7:1: 错误[T001]"));
    // The same findings as the file on disk: the name gives the format
    // (Markdown) and the kind is detected from the text.
    assert_eq!(stdout(&piped), stdout(&file));

    // Without a name: `-` in messages, read as plain text.
    gwlint()
        .args(["check", "--output-format", "concise", "-"])
        .write_stdin(text)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("-:7:1: 错误[T001]"));
}

#[test]
fn stdin_kind_follows_the_text_and_the_name() {
    // A Markdown heading mark is a heading in .md and a typo in .txt.
    let text = "## 一、总体要求\n\n正文。\n";
    let inspect = |name: &str| {
        let out = gwlint()
            .args(["check", "--output-format", "json", "--stdin-filename", name])
            .arg("-")
            .write_stdin(text)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_ne!(inspect("a.md"), inspect("a.txt"));
}

#[test]
fn stdin_fix_writes_the_fixed_text_to_stdout_and_findings_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let original = fixture("fixtures/typography/P001_trigger.txt");
    let on_disk = dir.path().join("draft.txt");
    fs::write(&on_disk, &original).unwrap();
    let piped = gwlint()
        .args(["check", "--fix", "--color", "never", "--stdin-filename"])
        .arg(&on_disk)
        .arg("-")
        .write_stdin(original.clone())
        .output()
        .unwrap();
    // The file named by --stdin-filename is never written.
    assert_eq!(fs::read_to_string(&on_disk).unwrap(), original);
    // The same fix as `--fix` on the file.
    gwlint()
        .args(["check", "--fix"])
        .arg(&on_disk)
        .assert()
        .code(0);
    let fixed = fs::read_to_string(&on_disk).unwrap();
    assert_ne!(fixed, original, "the fixture has safe fixes");
    assert_eq!(stdout(&piped), fixed);
    assert!(stderr(&piped).contains("已修复"), "{}", stderr(&piped));

    // Nothing to fix: the text comes back unchanged.
    let clean = fixture("fixtures/tasks/T001_clean.md");
    gwlint()
        .args(["check", "--fix", "--stdin-filename", "a.md", "-"])
        .write_stdin(clean.clone())
        .assert()
        .code(0)
        .stdout(clean);
}

#[test]
fn stdin_in_gb18030_is_fixed_in_gb18030() {
    let original = fixture("fixtures/typography/P001_trigger.txt");
    let gb = encoding_rs::GB18030.encode(&original).0.into_owned();
    let out = gwlint()
        .args(["check", "--fix", "-"])
        .write_stdin(gb)
        .output()
        .unwrap();
    let (text, _, bad) = encoding_rs::GB18030.decode(&out.stdout);
    assert!(!bad);
    assert!(std::str::from_utf8(&out.stdout).is_err(), "GB18030 out");
    assert_ne!(text, original);
}

#[test]
fn unreadable_stdin_is_skipped_with_a_reason() {
    gwlint()
        .args(["check", "--stdin-filename", "scan.txt", "-"])
        .write_stdin(b"\x00\x01\x02\x03binary\x00".to_vec())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("跳过 scan.txt"))
        .stderr(predicate::str::contains("二进制"));
    // With --fix nothing is written to standard output: an editor must not
    // replace its buffer.
    gwlint()
        .args(["check", "--fix", "-"])
        .write_stdin(b"\x00\x01\x02\x03binary\x00".to_vec())
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn stdin_and_files_together() {
    let text = fixture("fixtures/tasks/T002_trigger.md");
    gwlint()
        .args([
            "check",
            "--output-format",
            "concise",
            "--stdin-filename",
            "in.md",
            "fixtures/tasks/T001_trigger.md",
            "-",
        ])
        .write_stdin(text)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("T001_trigger.md:"))
        .stdout(predicate::str::contains("in.md:"));
}

/// Every format: byte-identical output whatever `--threads`, and so the same
/// findings in the same order (tests/formats.rs checks the formats agree
/// with each other).
#[test]
fn threads_change_no_output_in_any_format() {
    let inputs = ["fixtures/seeds", "fixtures/typography"];
    for format in [
        "full",
        "concise",
        "json",
        "json-lines",
        "sarif",
        "github",
        "rdjson",
        "junit",
        "gitlab",
        "html",
    ] {
        let run = |threads: &str| {
            gwlint()
                .args(["check", "--color", "never", "--output-format", format])
                .args(["--threads", threads])
                .args(inputs)
                .output()
                .unwrap()
        };
        let one = run("1");
        assert_eq!(one.status.code(), Some(1), "{format}: {}", stderr(&one));
        assert!(one.stdout.len() > 1000, "{format}");
        let three = run("3");
        assert_eq!(three.status, one.status);
        assert!(
            three.stdout == one.stdout,
            "{format}: --threads 3 differs from --threads 1"
        );
    }
    gwlint()
        .args(["check", "--threads", "0", "fixtures/tasks"])
        .assert()
        .code(2);
}

fn many_files(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        fs::write(dir.path().join(format!("{i:03}.txt")), "正文。\n").unwrap();
    }
    dir
}

#[test]
fn no_progress_bar_in_a_pipe() {
    let dir = many_files(260);
    let out = gwlint()
        .env_remove("CI")
        .args(["check"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "nothing but messages on a piped stderr");
}

/// With a terminal (a pseudo-terminal from `script`), a run of many files
/// shows the bar on standard error; with `CI` set it does not.
#[test]
fn progress_bar_on_a_terminal_only_outside_ci() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let dir = many_files(260);
    let bin = assert_cmd::cargo::cargo_bin("gwlint");
    let run = |ci: bool| {
        let cmd = format!(
            "{} check --color never {} > /dev/null",
            bin.display(),
            dir.path().display()
        );
        let mut c = std::process::Command::new("script");
        c.args(["-qec", &cmd, "/dev/null"]);
        c.env_remove("CI");
        c.env("TERM", "xterm");
        if ci {
            c.env("CI", "true");
        }
        let out = c.output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let tty = run(false);
    assert!(tty.contains("个文件"), "no bar on a terminal: {tty:?}");
    let ci = run(true);
    assert!(!ci.contains("个文件（已用"), "a bar under CI: {ci:?}");
}

#[test]
fn gitignore_is_honoured_outside_a_git_repository() {
    let dir = tempfile::tempdir().unwrap();
    assert!(!dir.path().join(".git").exists());
    fs::create_dir_all(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join(".gitignore"), "ignored.md\n").unwrap();
    fs::write(dir.path().join("sub/.ignore"), "also-ignored.md\n").unwrap();
    fs::write(
        dir.path().join("sub/a.md"),
        fixture("fixtures/tasks/T001_trigger.md"),
    )
    .unwrap();
    for n in ["ignored.md", "sub/also-ignored.md"] {
        fs::write(
            dir.path().join(n),
            fixture("fixtures/tasks/T002_trigger.md"),
        )
        .unwrap();
    }
    gwlint()
        .args(["check", "--color", "never"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("T001"))
        .stdout(predicate::str::contains("T002").not())
        .stdout(predicate::str::contains("检查了 1 个文件"));
}

#[test]
fn non_documents_in_a_folder_are_passed_over_silently() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.md"),
        fixture("fixtures/tasks/T001_clean.md"),
    )
    .unwrap();
    fs::write(dir.path().join("scan.pdf"), b"%PDF-1.4\x00\x01").unwrap();
    fs::write(dir.path().join("photo.png"), b"\x89PNG\r\n\x1a\n\x00").unwrap();
    fs::write(dir.path().join("Makefile"), "all:\n").unwrap();
    fs::write(dir.path().join("~$a.docx"), b"lock").unwrap();
    gwlint()
        .args(["check", "--color", "never"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stderr("")
        .stdout(predicate::str::contains("检查了 1 个文件"));
}

#[test]
fn unreadable_documents_in_a_folder_are_listed_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.md"),
        fixture("fixtures/tasks/T001_clean.md"),
    )
    .unwrap();
    fs::write(dir.path().join("scan.txt"), b"\x00\x01\x02binary\x00").unwrap();
    fs::write(dir.path().join("bad.md"), [b'a', 0xFF, 0xFE, 0xFF, b'b']).unwrap();
    fs::write(dir.path().join("old.doc"), b"\xD0\xCF\x11\xE0").unwrap();
    let out = gwlint()
        .args(["check", "--color", "never"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for (name, reason) in [
        ("scan.txt", "二进制"),
        ("bad.md", "无法识别文件编码"),
        ("old.doc", "另存为"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(name) && l.contains(reason)),
            "{name}: {err}"
        );
    }
    assert!(stdout(&out).contains("检查了 1 个文件"));
}

#[test]
fn a_run_that_checked_no_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    gwlint()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("没有检查任何文件"));
    fs::write(dir.path().join("scan.pdf"), b"%PDF").unwrap();
    fs::write(dir.path().join(".gitignore"), "*.md\n").unwrap();
    fs::write(dir.path().join("ignored.md"), "正文。").unwrap();
    gwlint()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("没有检查任何文件"));
    gwlint()
        .args(["check", "--output-format", "json"])
        .arg(dir.path())
        .assert()
        .code(2);
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = gwlint().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        for word in [
            "gwlint",
            "check",
            "output-format",
            "stdin-filename",
            "threads",
        ] {
            assert!(script.contains(word), "{shell}: {word}");
        }
        if shell != "bash" {
            // Descriptions come from the Chinese help.
            assert!(script.contains("检查文件或目录"), "{shell}");
        }
    }
    gwlint().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_in_chinese() {
    let out = gwlint().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    assert!(
        page.starts_with(".ie") || page.contains(".TH gwlint"),
        "{page}"
    );
    assert!(page.contains("检查文件或目录"));
    assert!(page.contains("completions"));
    // clap_mangen's own section titles too.
    for t in [".SH 名称", ".SH 用法", ".SH 选项", ".SH 命令"] {
        assert!(page.contains(t), "{t}");
    }
    assert!(!page.contains(".SH NAME") && !page.contains(".SH SYNOPSIS"));
    let en = stdout(&gwlint().args(["man", "--lang", "en"]).output().unwrap());
    assert!(en.contains(".SH NAME") && en.contains("Check files or folders"));

    let dir = tempfile::tempdir().unwrap();
    gwlint()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .code(0);
    let check = fs::read_to_string(dir.path().join("gwlint-check.1")).unwrap();
    assert!(check.contains("stdin\\-filename") || check.contains("stdin-filename"));
    assert!(check.contains("并行线程数"));
    assert!(check.contains(".SH 名称") && !check.contains(".SH NAME"));
}
