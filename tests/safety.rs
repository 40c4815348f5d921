//! Hostile inputs and `--fix` safety, through the command line (issue 12).
//!
//! Tests about permissions cannot be observed as root (root reads and writes
//! any file). Where a test needs an unprivileged user, it runs gwlint as
//! `nobody` through `setpriv` when the test itself runs as root; it is
//! skipped with a message only when neither is possible locally, and fails
//! under `CI=true`.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn gwlint() -> Command {
    let mut c = Command::cargo_bin("gwlint").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn is_root() -> bool {
    unsafe { libc::geteuid() == 0 }
}

/// A command that runs gwlint as an unprivileged user: directly when the
/// test is not root, else as `nobody` through `setpriv`. `None` (skip) only
/// outside CI.
fn unprivileged(dir: &Path) -> Option<std::process::Command> {
    let bin = assert_cmd::cargo::cargo_bin("gwlint");
    if !is_root() {
        let mut c = std::process::Command::new(bin);
        c.current_dir(dir);
        return Some(c);
    }
    let ok = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI: setpriv is needed to test permissions as root"
        );
        eprintln!("跳过：以 root 运行且没有 setpriv，无法以普通用户测试权限");
        return None;
    }
    let mut c = std::process::Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(bin)
        .current_dir(dir);
    Some(c)
}

/// A temporary directory that an unprivileged user may enter and use.
fn shared_tempdir() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    fs::set_permissions(d.path(), fs::Permissions::from_mode(0o777)).unwrap();
    d
}

/// Regression: an unreadable directory was skipped silently ("检查了 0 个文件",
/// exit 0). Asserts, as an unprivileged user, that the walk error is reported
/// and the run exits 2.
#[test]
fn an_unreadable_directory_makes_the_run_incomplete() {
    use std::os::unix::fs::PermissionsExt;
    let dir = shared_tempdir();
    let d = dir.path().join("d");
    fs::create_dir(&d).unwrap();
    fs::write(d.join("ok.txt"), "一、总体要求\n").unwrap();
    let locked = d.join("locked");
    fs::create_dir(&locked).unwrap();
    fs::write(locked.join("a.txt"), "甲\n").unwrap();
    fs::set_permissions(&d, fs::Permissions::from_mode(0o777)).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let Some(mut cmd) = unprivileged(dir.path()) else {
        return;
    };
    let out = cmd
        .args(["check", "--color", "never", "d"])
        .output()
        .unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(stderr.contains("无法遍历目录"), "{stderr}");
    assert!(stderr.contains("没有读取权限"), "{stderr}");
    assert!(stdout.contains("检查了 1 个文件"), "{stdout}");
}

/// Regression: permission denied was reported as “文件不存在”. Asserts as an
/// unprivileged user.
#[test]
fn permission_denied_is_not_called_missing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = shared_tempdir();
    let f = dir.path().join("secret.txt");
    fs::write(&f, "甲\n").unwrap();
    fs::set_permissions(&f, fs::Permissions::from_mode(0o000)).unwrap();
    let Some(mut cmd) = unprivileged(dir.path()) else {
        return;
    };
    let out = cmd.args(["check", "secret.txt"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("没有读取权限"), "{stderr}");
    assert!(!stderr.contains("文件不存在"), "{stderr}");
}

/// Regression: a FIFO on the command line blocked forever; a link to
/// /dev/zero was read without end.
#[test]
fn special_files_are_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let zero = dir.path().join("zero.md");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let out = gwlint()
        .args(["check", "--color", "never"])
        .arg(&fifo)
        .arg(&zero)
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("不是普通文件（命名管道（FIFO））"),
        "{stderr}"
    );
    assert!(stderr.contains("不是普通文件（字符设备）"), "{stderr}");
}

/// Regression: `d d/a.txt` doubled the findings of `d/a.txt`.
#[test]
fn a_file_named_twice_is_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    fs::create_dir(&d).unwrap();
    fs::write(d.join("a.txt"), "一、总体要求\n推进工作,加快建设.\n").unwrap();
    let json = |args: &[&str]| -> serde_json::Value {
        let out = gwlint()
            .current_dir(dir.path())
            .args(["check", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let once = json(&["d/a.txt"]);
    let twice = json(&["d", "d/a.txt", "./d/a.txt"]);
    assert_eq!(twice["summary"]["files_checked"], 1);
    assert_eq!(
        once["diagnostics"].as_array().unwrap().len(),
        twice["diagnostics"].as_array().unwrap().len()
    );
    assert!(!once["diagnostics"].as_array().unwrap().is_empty());
}

/// Regression: the order of files on the command line changed the findings
/// (annexes paired with other reports, names grouped differently). The JSON
/// must be byte-identical for every order and for 1 and 2 threads.
#[test]
fn same_files_same_answer_in_any_order_and_thread_count() {
    let mut files: Vec<String> = ["fixtures/seeds", "fixtures/unseen"]
        .iter()
        .flat_map(|d| fs::read_dir(root().join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .map(|p| p.strip_prefix(root()).unwrap().display().to_string())
        .collect();
    files.sort();
    let run = |files: &[String], threads: &str| -> Vec<u8> {
        let out = gwlint()
            .env("RAYON_NUM_THREADS", threads)
            .args(["check", "--format", "json"])
            .args(files)
            .output()
            .unwrap();
        assert!(out.status.code().unwrap() <= 1);
        out.stdout
    };
    let base = run(&files, "1");
    let mut seed: u64 = 12;
    for round in 0..3 {
        let mut shuffled = files.clone();
        // Fisher–Yates with a fixed LCG: reproducible orders.
        for i in (1..shuffled.len()).rev() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            shuffled.swap(i, (seed >> 33) as usize % (i + 1));
        }
        if round == 0 {
            shuffled.reverse();
        }
        let threads = if round % 2 == 0 { "2" } else { "1" };
        assert!(
            run(&shuffled, threads) == base,
            "order {shuffled:?} with {threads} threads changed the JSON"
        );
    }
}

/// Regression: control characters in file names were printed raw to the
/// terminal (an ESC in a name can recolour or rewrite the screen).
#[test]
fn control_characters_in_names_are_escaped_in_human_output() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a\x1b[2Jb\n.txt";
    fs::write(dir.path().join(name), "一、总体要求\n推进工作,加快建设.\n").unwrap();
    fs::write(dir.path().join("c\x07.docx.txt"), [0u8, 1, 2, 3, 0xff]).unwrap();
    let out = gwlint()
        .current_dir(dir.path())
        .args(["check", "--color", "never", "."])
        .output()
        .unwrap();
    let all = [out.stdout, out.stderr].concat();
    let text = String::from_utf8_lossy(&all);
    assert!(!all.contains(&0x1b) && !all.contains(&0x07), "{text:?}");
    assert!(text.contains("a\\u{1b}[2Jb\\n.txt"), "{text}");
    assert!(text.contains("c\\u{7}.docx.txt"), "{text}");
    // JSON keeps the real name (JSON escapes it itself).
    let out = gwlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .arg(name)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["path"], name);
}

fn fix_in(dir: &Path, file: &str) -> std::process::Output {
    gwlint()
        .current_dir(dir)
        .args(["check", "--fix", "--color", "never", "--select", "P001"])
        .arg(file)
        .output()
        .unwrap()
}

/// Regression: runs of more than ten half-width marks were fixed a few per
/// round and the 10-round cap stopped silently; a second --fix changed more.
#[test]
fn long_runs_are_fixed_in_one_go() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "一、总体要求\n投入{}元用于建设\n推进{}工作{}完成\n",
        "(".repeat(30),
        ";".repeat(25),
        ",".repeat(40)
    );
    fs::write(dir.path().join("a.txt"), &text).unwrap();
    let out = fix_in(dir.path(), "a.txt");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("未收敛"), "{stderr}");
    let once = fs::read_to_string(dir.path().join("a.txt")).unwrap();
    assert!(
        !once.contains('(') && !once.contains(';') && !once.contains(','),
        "{once}"
    );
    fix_in(dir.path(), "a.txt");
    assert_eq!(fs::read_to_string(dir.path().join("a.txt")).unwrap(), once);
}

/// Regression: a GB18030 file holding a byte sequence that decodes and
/// re-encodes differently (0x80 → € → A2E3) could never be fixed (“文件在读取
/// 后被修改”). Now it is fixed and every byte outside the edits is kept.
#[test]
fn gb18030_keeps_every_byte_outside_the_edits() {
    let dir = tempfile::tempdir().unwrap();
    let (head, _, _) = encoding_rs::GB18030.encode("一、总体要求\n价格");
    let (tail, _, _) = encoding_rs::GB18030.encode("元,全年完成\n");
    let mut bytes = head.into_owned();
    bytes.push(0x80); // €, one byte; re-encoded it would be A2 E3
    bytes.extend_from_slice(&[0xA3, 0xA0]); // U+3000 in a form that re-encodes as A1A1
    bytes.extend_from_slice(&tail);
    let p = dir.path().join("g.txt");
    fs::write(&p, &bytes).unwrap();
    let out = fix_in(dir.path(), "g.txt");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = fs::read(&p).unwrap();
    let comma = bytes.iter().position(|&b| b == b',').unwrap();
    assert_eq!(after[..comma], bytes[..comma]);
    assert_eq!(&after[comma..comma + 2], &[0xA3, 0xAC]); // ，
    assert_eq!(after[comma + 2..], bytes[comma + 1..]);
}

/// Every GB18030 byte sequence that decodes and re-encodes to other bytes:
/// the single byte 0x80, two-byte sequences, and four-byte sequences of the
/// BMP range (0x81–0x84 lead bytes), found by trying them all, not listed.
fn gb18030_odd_sequences() -> Vec<Vec<u8>> {
    let odd = |seq: &[u8]| {
        let (t, _, bad) = encoding_rs::GB18030.decode(seq);
        let (back, _, _) = encoding_rs::GB18030.encode(&t);
        !bad && t.chars().count() == 1 && back.as_ref() != seq
    };
    let mut out = Vec::new();
    if odd(&[0x80]) {
        out.push(vec![0x80]);
    }
    for a in 0x81..=0xFEu8 {
        for b in (0x40..=0xFEu8).filter(|&b| b != 0x7F) {
            if odd(&[a, b]) {
                out.push(vec![a, b]);
            }
        }
    }
    for a in 0x81..=0x84u8 {
        for b in 0x30..=0x39u8 {
            for c in 0x81..=0xFEu8 {
                for d in 0x30..=0x39u8 {
                    if odd(&[a, b, c, d]) {
                        out.push(vec![a, b, c, d]);
                    }
                }
            }
        }
    }
    out
}

/// Regression: a GB18030 file with any of the sequences that decode and
/// re-encode differently could never be fixed (the writer compared
/// re-encoded text). A file holding every one of them, between fixable
/// commas, is fixed; each sequence's bytes are kept, and only the commas'
/// bytes change.
#[test]
fn gb18030_every_odd_sequence_survives_a_fix() {
    let odd = gb18030_odd_sequences();
    assert!(odd.len() >= 20, "{} sequences", odd.len());
    let enc = |s: &str| encoding_rs::GB18030.encode(s).0.into_owned();
    let mut bytes = enc("一、总体要求\n");
    let mut expected = bytes.clone();
    for seq in &odd {
        bytes.extend(enc("价格"));
        expected.extend(enc("价格"));
        bytes.extend(seq);
        expected.extend(seq);
        bytes.extend(enc("元,全年完成\n"));
        expected.extend(enc("元，全年完成\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.txt");
    fs::write(&p, &bytes).unwrap();
    let out = fix_in(dir.path(), "g.txt");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = fs::read(&p).unwrap();
    assert!(after == expected, "bytes outside the commas changed");
}

/// Regression: the same file named twice was checked twice, and `--fix`
/// then refused to write it (the second copy's edits looked like a change
/// on disk). Named as a directory, a path, `./path` and a symlink to it, it
/// is fixed once and exits 0.
#[test]
fn a_file_named_twice_is_fixed_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    fs::create_dir(&d).unwrap();
    fs::write(d.join("a.txt"), "一、总体要求\n推进工作,加快建设.\n").unwrap();
    std::os::unix::fs::symlink("d/a.txt", dir.path().join("link.txt")).unwrap();
    let out = gwlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--color", "never", "--select", "P001"])
        .args(["d", "d/a.txt", "./d/a.txt", "link.txt"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("检查了 1 个文件"), "{stdout}");
    let fixed = fs::read_to_string(d.join("a.txt")).unwrap();
    assert!(fixed.contains("推进工作，加快建设"), "{fixed}");
    assert!(fs::symlink_metadata(dir.path().join("link.txt"))
        .unwrap()
        .file_type()
        .is_symlink());
}

/// Regression: a read-only file (0444, owned by the user running gwlint)
/// was replaced by the rename with exit 0. Asserts as an unprivileged
/// owner, and also as root (a file with no write bit is refused for
/// everyone).
#[test]
fn read_only_files_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = shared_tempdir();
    let p = dir.path().join("r.txt");
    let text = "一、总体要求\n推进工作,加快建设\n";
    fs::write(&p, text).unwrap();
    if is_root() {
        std::os::unix::fs::chown(&p, Some(65534), Some(65534)).unwrap();
    }
    fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
    // As root.
    let out = fix_in(dir.path(), "r.txt");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("只读"));
    assert_eq!(fs::read_to_string(&p).unwrap(), text);
    // As the file's unprivileged owner.
    if let Some(mut cmd) = unprivileged(dir.path()) {
        let out = cmd
            .args(["check", "--fix", "--select", "P001", "r.txt"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("只读"));
        assert_eq!(fs::read_to_string(&p).unwrap(), text);
    }
}

/// Regression: a symlink was replaced by a regular file. Chosen behaviour:
/// write through to the target; the link stays a link.
#[test]
fn symlinks_are_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.txt");
    fs::write(&real, "一、总体要求\n推进工作,加快建设\n").unwrap();
    std::os::unix::fs::symlink("real.txt", dir.path().join("link.txt")).unwrap();
    let out = fix_in(dir.path(), "link.txt");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta = fs::symlink_metadata(dir.path().join("link.txt")).unwrap();
    assert!(meta.file_type().is_symlink());
    assert!(fs::read_to_string(&real)
        .unwrap()
        .contains("推进工作，加快建设"));
}

/// Regression: a file with several hard links was split from them. Chosen
/// behaviour: refuse, exit 2.
#[test]
fn hard_linked_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let text = "一、总体要求\n推进工作,加快建设\n";
    fs::write(&a, text).unwrap();
    fs::hard_link(&a, dir.path().join("b.txt")).unwrap();
    let out = fix_in(dir.path(), "a.txt");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("硬链接"));
    assert_eq!(fs::read_to_string(&a).unwrap(), text);
}

/// Regression: a file owned by another user became root's after --fix.
/// Asserts only as root (only root can give a file to another user).
#[test]
fn owner_and_group_are_kept() {
    use std::os::unix::fs::MetadataExt;
    if !is_root() {
        eprintln!("跳过：只有 root 能验证保持其他用户的属主");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("o.txt");
    fs::write(&p, "一、总体要求\n推进工作,加快建设\n").unwrap();
    std::os::unix::fs::chown(&p, Some(65534), Some(65534)).unwrap();
    let out = fix_in(dir.path(), "o.txt");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = fs::metadata(&p).unwrap();
    assert_eq!((m.uid(), m.gid()), (65534, 65534));
    assert!(fs::read_to_string(&p).unwrap().contains("，"));
}
