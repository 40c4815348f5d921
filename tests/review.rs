//! The reviewer's page (`--output-format html`): structure without a browser,
//! then behaviour in headless Chromium through WebDriver.
//!
//! The browser test needs Debian's `chromium` and `chromium-driver` and a
//! Python virtualenv with selenium (made under `target/`). Where they are
//! missing it is skipped with a message; under `CI=true` (set by `.ci/run`,
//! which installs them) a missing browser is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

const SEED_PAIR: [&str; 2] = [
    "fixtures/seeds/changqing-2025-report-news.txt",
    "fixtures/seeds/changqing-2025-annex.md",
];
const INJECTION: &str = "fixtures/review/injection.md";

fn gwlint(format: &str, files: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("gwlint")
        .unwrap()
        .args(["check", "--format", format])
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "gwlint failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn findings(files: &[&str]) -> serde_json::Value {
    serde_json::from_slice(&gwlint("json", files)).unwrap()
}

fn page(files: &[&str]) -> String {
    String::from_utf8(gwlint("html", files)).unwrap()
}

#[test]
fn one_highlight_and_one_entry_per_finding() {
    let html = page(&SEED_PAIR);
    let n = findings(&SEED_PAIR)["diagnostics"]
        .as_array()
        .unwrap()
        .len();
    assert!(n > 10, "the seed pair has findings");
    assert_eq!(html.matches("<mark class=\"hl ").count(), n);
    assert_eq!(html.matches("<li class=\"item ").count(), n);
    for i in 0..n {
        assert_eq!(html.matches(&format!(" id=\"f{i}\"")).count(), 1, "f{i}");
    }
    // Cross-document findings are shown side by side.
    assert!(html.contains("<section id=\"cross\">"));
    // The annex's tasks as a table.
    assert!(html.contains("<details class=\"tasks\" open>"));
}

#[test]
fn document_text_is_never_markup() {
    let html = page(&[INJECTION]);
    let body = &html[html.find("<body>").unwrap()..html.rfind("<script>").unwrap()];
    for raw in [
        "<script>window",
        "onmouseover=\"window",
        "<img src=x",
        "</textarea>",
        "<b>政策",
    ] {
        assert!(!body.contains(raw), "raw document text {raw:?} in the page");
    }
    assert!(body.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
    assert!(body.contains("&quot; onmouseover=&quot;window.__pwned=2&quot;"));
    // Only the page's own script.
    assert_eq!(html.matches("<script").count(), 1);
}

#[test]
fn the_page_requests_nothing() {
    let html = page(&SEED_PAIR);
    assert!(html.contains("default-src 'none'"));
    for attr in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(attr), "{attr}");
    }
}

fn tool(env: &str, default: &str) -> Option<PathBuf> {
    let p = PathBuf::from(std::env::var(env).unwrap_or_else(|_| default.into()));
    p.exists().then_some(p)
}

/// Skips (or, under CI, fails) with a message.
fn unavailable(what: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("{what} (CI installs it in .ci/run)");
    }
    eprintln!("skipped: {what}");
}

fn venv_python(root: &Path) -> Option<PathBuf> {
    let venv = root.join("target").join("test-venv");
    let python = venv.join("bin").join("python");
    let ok = |p: &Path| {
        Command::new(p)
            .args(["-c", "import selenium"])
            .status()
            .is_ok_and(|s| s.success())
    };
    if python.exists() && ok(&python) {
        return Some(python);
    }
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        return None;
    }
    let installed = Command::new(&python)
        .args(["-m", "pip", "install", "-q", "selenium>=4.20,<5"])
        .status()
        .is_ok_and(|s| s.success());
    (installed && ok(&python)).then_some(python)
}

#[test]
fn the_page_works_in_a_real_browser() {
    let (Some(chromium), Some(driver)) = (
        tool("CHROMIUM", "/usr/bin/chromium"),
        tool("CHROMEDRIVER", "/usr/bin/chromedriver"),
    ) else {
        return unavailable(
            "Chromium 或 ChromeDriver 不存在（apt-get install chromium chromium-driver）",
        );
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Some(python) = venv_python(&root) else {
        return unavailable("无法建立带 selenium 的 Python 虚拟环境");
    };
    let artifacts = root.join("target").join("artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    for (name, files, extra) in [
        ("seed", &SEED_PAIR[..], None),
        ("injection", &[INJECTION][..], Some("--injection")),
    ] {
        let html = artifacts.join(format!("review-{name}.html"));
        let json = artifacts.join(format!("review-{name}.json"));
        std::fs::write(&html, page(files)).unwrap();
        std::fs::write(&json, gwlint("json", files)).unwrap();
        let mut cmd = Command::new(&python);
        cmd.arg(root.join("tests/browser/check_review_page.py"))
            .arg(&html)
            .arg(&json)
            .arg(&artifacts)
            .arg(name)
            .env("CHROMIUM", &chromium)
            .env("CHROMEDRIVER", &driver);
        if let Some(e) = extra {
            cmd.arg(e);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "browser check {name} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(artifacts.join(format!("review-{name}.png")).exists());
    }
    // The print preview as PDF, as a reviewer would print it.
    let pdf = artifacts.join("review-seed-print.pdf");
    let _ = std::fs::remove_file(&pdf);
    let status = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            artifacts.join("chrome-profile-print").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!(
            "file://{}",
            artifacts.join("review-seed.html").display()
        ))
        .output()
        .unwrap();
    assert!(status.status.success(), "print-to-pdf failed");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
}
