//! `gwlint.toml`: every key from the command line, discovery (nearest
//! wins), `--config`, `--isolated`, flags overriding the file, errors
//! pointing into the file, and `gwlint config`.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A draft with one finding each of P001 (warning), T004 (warning) and
/// T001 (error).
const ANNEX: &str = "# 2025年重点工作责任分工\n\n一、城乡建设\n\n\
1.推进老旧小区改造,加快建设。（牵头单位：区住房城乡建设局；责任单位：区住房城乡建设局、各街镇）\n\n\
2.有序推进城市更新。（责任单位：各街镇）\n";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary repository with `files` (path → text).
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, text) in files {
        let path = dir.path().join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn gwlint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("gwlint").unwrap();
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("CLICOLOR_FORCE");
    c
}

/// Runs `gwlint check --output-format concise ARGS` in `dir`: exit code and
/// the finding lines (`path:line:col: 级别[CODE]`), without messages.
fn check(dir: &Path, args: &[&str]) -> (i32, Vec<String>) {
    let out = gwlint(dir)
        .args(["check", "--output-format", "concise"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let findings = stdout
        .lines()
        .filter(|l| l.contains('['))
        .map(|l| l.split(']').next().unwrap().to_string() + "]")
        .collect();
    let code = out.status.code().unwrap();
    assert!(
        code != 2,
        "tool error: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (code, findings)
}

/// The codes of the findings.
fn codes(findings: &[String]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            f.rsplit('[')
                .next()
                .unwrap()
                .trim_end_matches(']')
                .to_string()
        })
        .collect()
}

/// Runs `gwlint ARGS` in `dir` expecting a tool error; returns stderr.
fn tool_error(dir: &Path, args: &[&str]) -> String {
    let out = gwlint(dir).args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn without_configuration_all_three_findings() {
    let d = repo(&[("a.md", ANNEX)]);
    let (code, f) = check(d.path(), &["a.md"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&f), ["P001", "T004", "T001"]);
}

#[test]
fn select() {
    let d = repo(&[
        ("a.md", ANNEX),
        ("gwlint.toml", "select = [\"P\", \"T004\"]\n"),
    ]);
    let (code, f) = check(d.path(), &["a.md"]);
    assert_eq!(codes(&f), ["P001", "T004"]);
    assert_eq!(code, 0);
}

#[test]
fn ignore_by_code_prefix_and_name() {
    let d = repo(&[
        ("a.md", ANNEX),
        (
            "gwlint.toml",
            "ignore = [\"P\", \"lead-also-responsible\"]\n",
        ),
    ]);
    assert_eq!(codes(&check(d.path(), &["a.md"]).1), ["T001"]);
}

#[test]
fn extend_select_turns_on_a_default_off_rule() {
    let n005 = fs::read_to_string(root().join("fixtures/names/N005_trigger.md")).unwrap();
    let d = repo(&[("n.md", &n005)]);
    assert!(!codes(&check(d.path(), &["n.md"]).1).contains(&"N005".to_string()));
    fs::write(d.path().join("gwlint.toml"), "extend-select = [\"N005\"]\n").unwrap();
    assert!(codes(&check(d.path(), &["n.md"]).1).contains(&"N005".to_string()));
    // From the command line, too.
    fs::remove_file(d.path().join("gwlint.toml")).unwrap();
    assert!(
        codes(&check(d.path(), &["--extend-select", "N005", "n.md"]).1)
            .contains(&"N005".to_string())
    );
}

#[test]
fn rule_level_and_options() {
    let d = repo(&[
        ("a.md", ANNEX),
        (
            "gwlint.toml",
            "[rules.T001]\nlevel = \"warn\"\n\n[rules.P001]\nlevel = \"off\"\n",
        ),
    ]);
    let (code, f) = check(d.path(), &["a.md"]);
    assert_eq!(f, ["a.md:5:37: 警告[T004]", "a.md:7:13: 警告[T001]"]);
    assert_eq!(code, 0, "T001 lowered to a warning does not fail");
    // An option: R001 reports phrases of at least min_chars characters.
    let text = "加强基础设施建设加强基础设施建设。\n";
    let d = repo(&[("r.txt", text)]);
    let before = codes(&check(d.path(), &["--select", "R001", "r.txt"]).1);
    assert_eq!(before, ["R001"]);
    fs::write(
        d.path().join("gwlint.toml"),
        "[rules.R001]\nmin_chars = 20\n",
    )
    .unwrap();
    assert!(check(d.path(), &["--select", "R001", "r.txt"]).1.is_empty());
}

#[test]
fn per_file_ignores_by_glob() {
    let d = repo(&[
        ("草稿/a.md", ANNEX),
        ("定稿/a.md", ANNEX),
        (
            "gwlint.toml",
            "[per-file-ignores]\n\"草稿/*.md\" = [\"T\"]\n\"*.md\" = [\"P001\"]\n",
        ),
    ]);
    let (_, f) = check(d.path(), &["."]);
    assert_eq!(
        f,
        ["定稿/a.md:5:37: 警告[T004]", "定稿/a.md:7:13: 错误[T001]"]
    );
}

#[test]
fn exclude_applies_while_walking_and_force_exclude_to_named_files() {
    let d = repo(&[
        ("a.md", ANNEX),
        ("归档/old.md", ANNEX),
        ("sub/归档/older.md", ANNEX),
        ("drafts/x.md", ANNEX),
        ("gwlint.toml", "exclude = [\"归档\", \"drafts/*.md\"]\n"),
    ]);
    let (_, f) = check(d.path(), &["--select", "T001", "."]);
    assert_eq!(f, ["a.md:7:13: 错误[T001]"]);
    // A file named explicitly is checked anyway…
    let (_, f) = check(d.path(), &["--select", "T001", "归档/old.md"]);
    assert_eq!(f, ["归档/old.md:7:13: 错误[T001]"]);
    // …unless force-exclude says otherwise (pre-commit passes file names).
    let out = gwlint(d.path())
        .args(["check", "--force-exclude", "归档/old.md", "a.md"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("检查了 1 个文件"), "{stdout}");
    fs::write(
        d.path().join("gwlint.toml"),
        "exclude = [\"归档\"]\nforce-exclude = true\n",
    )
    .unwrap();
    let out = gwlint(d.path())
        .args(["check", "归档/old.md", "a.md"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("检查了 1 个文件"));
}

#[test]
fn fail_on() {
    let d = repo(&[
        ("a.md", ANNEX),
        ("gwlint.toml", "select = [\"P\"]\nfail-on = \"warning\"\n"),
    ]);
    assert_eq!(check(d.path(), &["a.md"]).0, 1);
    // The command line wins.
    assert_eq!(check(d.path(), &["--fail-on", "error", "a.md"]).0, 0);
}

#[test]
fn output_format_and_show_fixes() {
    let d = repo(&[
        ("a.md", ANNEX),
        (
            "gwlint.toml",
            "output-format = \"json-lines\"\nselect = [\"P001\"]\n",
        ),
    ]);
    let out = gwlint(d.path()).args(["check", "a.md"]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["code"], "P001");
    // --output-format overrides the file.
    let out = gwlint(d.path())
        .args(["check", "--output-format", "concise", "a.md"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("a.md:5:11: 警告[P001]"));
    fs::write(
        d.path().join("gwlint.toml"),
        "output-format = \"concise\"\nshow-fixes = true\nselect = [\"P001\"]\n",
    )
    .unwrap();
    let out = gwlint(d.path()).args(["check", "a.md"]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("「,」 → 「，」"), "{stdout}");
}

#[test]
fn unsafe_fixes_from_the_file() {
    // N001: an outdated unit name; its fix is unsafe.
    let text = fs::read_to_string(root().join("fixtures/names/N002_trigger.md")).unwrap();
    let d = repo(&[("n.md", &text)]);
    let diff = |d: &Path| {
        let out = gwlint(d)
            .args(["check", "--diff", "--select", "N", "n.md"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let safe = diff(d.path());
    fs::write(d.path().join("gwlint.toml"), "unsafe-fixes = true\n").unwrap();
    let all = diff(d.path());
    assert_ne!(safe, all, "unsafe fixes add changes");
}

const MINI: &str = "[jurisdiction]\nid = \"mini\"\nname = \"某县\"\ndetect = [\"某县\"]\n\n[[unit]]\nname = \"县住房城乡建设局\"\ntype = \"部门\"\n";
const MINI_DOC: &str = "某县2025年重点工作\n\n1.做好预算。（牵头单位：县住房和城乡建设局）\n";

#[test]
fn registry_relative_to_the_file_and_jurisdiction() {
    let d = repo(&[
        ("名录/mini.toml", MINI),
        ("文稿/doc.md", MINI_DOC),
        ("gwlint.toml", "registry = [\"名录\"]\n"),
    ]);
    // Run from a subdirectory: the path resolves against gwlint.toml's
    // directory, not the current one.
    let out = gwlint(&d.path().join("文稿"))
        .args(["check", "--select", "N", "doc.md"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("疑为“县住房城乡建设局”之误"), "{stdout}");
    fs::write(
        d.path().join("gwlint.toml"),
        "registry = [\"名录\"]\njurisdiction = \"none\"\n",
    )
    .unwrap();
    let (_, f) = check(d.path(), &["--select", "N", "文稿/doc.md"]);
    assert!(f.is_empty(), "{f:?}");
    // --jurisdiction overrides the file.
    let out = gwlint(d.path())
        .args([
            "check",
            "--select",
            "N",
            "--jurisdiction",
            "mini",
            "文稿/doc.md",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("疑为“县住房城乡建设局”之误"));
}

#[test]
fn indicators_and_rule_files_relative_to_the_file() {
    let d = repo(&[
        ("a.md", ANNEX),
        (
            "conf/bad-indicators.toml",
            "[[indicator]]\nname = \"甲\"\nsynonyms = [\"GDP\"]\n",
        ),
        (
            "gwlint.toml",
            "indicators = [\"conf/bad-indicators.toml\"]\n",
        ),
    ]);
    let err = tool_error(d.path(), &["check", "a.md"]);
    assert!(
        err.contains("“GDP”已是指标“地区生产总值”的名称或别名"),
        "{err}"
    );
    fs::write(
        d.path().join("gwlint.toml"),
        "rule-files = [\"conf/mine.toml\"]\n",
    )
    .unwrap();
    fs::write(d.path().join("conf/mine.toml"), "[T001]\nlevel = \"off\"\n").unwrap();
    assert_eq!(codes(&check(d.path(), &["a.md"]).1), ["P001", "T004"]);
}

const PACK: &str = r#"[pack]
name = "office"
prefix = "U"

[[rule]]
code = "U901"
name = "old-city-update"
type = "existence"
severity = "warn"
scope = "document"
message = "不用“{matched}”"
tokens = ["有序推进"]

[[rule.test]]
text = "有序推进城市更新。"
expect = ["有序推进"]
"#;

#[test]
fn packs_relative_to_the_file_and_selectable() {
    let d = repo(&[
        ("a.md", ANNEX),
        ("packs/office.toml", PACK),
        ("gwlint.toml", "packs = [\"packs\"]\nselect = [\"U901\"]\n"),
    ]);
    assert_eq!(codes(&check(d.path(), &["a.md"]).1), ["U901"]);
}

#[test]
fn pairs_relative_to_the_file() {
    let report =
        fs::read_to_string(root().join("fixtures/seeds/tianqiao-2025-report.txt")).unwrap();
    let annex = fs::read_to_string(root().join("fixtures/seeds/changqing-2025-annex.md")).unwrap();
    let d = repo(&[
        ("r/report.txt", &report),
        ("a/annex.md", &annex),
        (
            "gwlint.toml",
            "pairs = [{ report = \"r/report.txt\", annex = \"a/annex.md\" }]\n",
        ),
    ]);
    let (_, f) = check(
        d.path(),
        &["--select", "X001", "r/report.txt", "a/annex.md"],
    );
    assert!(codes(&f).contains(&"X001".to_string()), "{f:?}");
    fs::write(
        d.path().join("gwlint.toml"),
        "pairs = [{ report = \"r/report.txt\", annex = \"a/missing.md\" }]\n",
    )
    .unwrap();
    let err = tool_error(d.path(), &["check", "a/annex.md"]);
    assert!(
        err.contains("文件不存在：") && err.contains("gwlint.toml:1:"),
        "{err}"
    );
}

#[test]
fn docx_limits() {
    let d = repo(&[("gwlint.toml", "docx-max-inflated = 10\n")]);
    fs::copy(
        root().join("fixtures/docx/annex.docx"),
        d.path().join("d.docx"),
    )
    .unwrap();
    let out = gwlint(d.path()).args(["check", "d.docx"]).output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("跳过 d.docx"), "{err}");
    let out = gwlint(d.path())
        .args(["check", "--docx-max-inflated", "100000000", "d.docx"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stderr).unwrap().contains("跳过"));
}

#[test]
fn nearest_configuration_wins_and_files_are_not_merged() {
    let d = repo(&[
        ("a.md", ANNEX),
        ("sub/b.md", ANNEX),
        ("sub/deeper/c.md", ANNEX),
        ("gwlint.toml", "select = [\"T001\"]\n"),
        ("sub/gwlint.toml", "select = [\"P001\"]\n"),
    ]);
    let (_, f) = check(d.path(), &["."]);
    assert_eq!(
        f,
        [
            "a.md:7:13: 错误[T001]",
            "sub/b.md:5:11: 警告[P001]",
            "sub/deeper/c.md:5:11: 警告[P001]"
        ]
    );
    // --config: one file for every input.
    fs::write(d.path().join("only-t004.toml"), "select = [\"T004\"]\n").unwrap();
    let (_, f) = check(d.path(), &["--config", "only-t004.toml", "."]);
    assert_eq!(codes(&f), ["T004", "T004", "T004"]);
    // --isolated: no configuration at all.
    let (_, f) = check(d.path(), &["--isolated", "sub/b.md"]);
    assert_eq!(codes(&f), ["P001", "T004", "T001"]);
}

#[test]
fn command_line_selection_overrides_the_file() {
    let d = repo(&[
        ("a.md", ANNEX),
        ("gwlint.toml", "select = [\"T\"]\nignore = [\"T004\"]\n"),
    ]);
    assert_eq!(codes(&check(d.path(), &["a.md"]).1), ["T001"]);
    // --select replaces the file's selection (and its ignore).
    assert_eq!(
        codes(&check(d.path(), &["--select", "P001,T004", "a.md"]).1),
        ["P001", "T004"]
    );
    // --ignore adds to the file's.
    assert!(check(d.path(), &["--ignore", "T001", "a.md"]).1.is_empty());
}

#[test]
fn files_under_different_configurations_pair_only_within_their_group() {
    let report =
        fs::read_to_string(root().join("fixtures/seeds/changqing-2025-report-news.txt")).unwrap();
    let annex = fs::read_to_string(root().join("fixtures/seeds/changqing-2025-annex.md")).unwrap();
    let d = repo(&[("x/report.txt", &report), ("x/annex.md", &annex)]);
    let together = check(d.path(), &["--select", "X", "x"]).1;
    assert!(!together.is_empty(), "the pair is reconciled");
    fs::write(d.path().join("x/gwlint.toml"), "").unwrap();
    assert_eq!(check(d.path(), &["--select", "X", "x"]).1, together);
    // The annex under a configuration of its own: no pair, no X finding.
    fs::remove_file(d.path().join("x/gwlint.toml")).unwrap();
    fs::create_dir(d.path().join("y")).unwrap();
    fs::rename(d.path().join("x/annex.md"), d.path().join("y/annex.md")).unwrap();
    fs::write(d.path().join("y/gwlint.toml"), "").unwrap();
    assert!(check(d.path(), &["--select", "X", "x", "y"]).1.is_empty());
}

// ── Errors, exactly as shown ────────────────────────────────────────

fn error_for(config: &str) -> String {
    let d = repo(&[("a.md", ANNEX), ("gwlint.toml", config)]);
    tool_error(d.path(), &["check", "a.md"])
}

#[test]
fn unknown_key() {
    insta::assert_snapshot!(error_for("select = [\"T\"]\nextend_select = [\"N005\"]\n"));
}

#[test]
fn wrong_type() {
    insta::assert_snapshot!(error_for("select = \"T001\"\n"));
}

#[test]
fn unknown_rule_selector() {
    insta::assert_snapshot!(error_for("ignore = [\"T001\", \"t004\"]\n"));
}

#[test]
fn unknown_rule_section_and_option() {
    insta::assert_snapshot!(error_for(
        "[rules.T001]\nlevel = \"warn\"\n\n[rules.Q123]\nlevel = \"off\"\n"
    ));
    insta::assert_snapshot!(error_for("[rules.R001]\nmin_char = 4\n"));
}

#[test]
fn bad_values() {
    insta::assert_snapshot!(error_for("fail-on = \"warn\"\n"));
    insta::assert_snapshot!(error_for("jurisdiction = \"火星\"\n"));
    insta::assert_snapshot!(error_for("[per-file-ignores]\n\"草稿/*.md\" = [\"ZZZ\"]\n"));
}

#[test]
fn a_syntax_error() {
    insta::assert_snapshot!(error_for("select = [\"T\"\n"));
}

#[test]
fn command_line_selectors_are_checked_too() {
    let d = repo(&[("a.md", ANNEX)]);
    let err = tool_error(d.path(), &["check", "--extend-select", "ZZZ", "a.md"]);
    assert!(
        err.contains("--extend-select 中的“ZZZ”不是规则代码、代码前缀或规则名称"),
        "{err}"
    );
}

// ── gwlint config ──────────────────────────────────────────────────

#[test]
fn config_prints_values_and_where_they_came_from() {
    let d = repo(&[
        ("文稿/a.md", ANNEX),
        (
            "gwlint.toml",
            "# 本仓库的配置\nselect = [\"T\", \"P\"]\nexclude = [\"归档\"]\nfail-on = \"warning\"\n\n\
             [per-file-ignores]\n\"草稿/*.md\" = [\"T001\"]\n\n[rules.T004]\nlevel = \"info\"\n\n\
             [rules.R001]\nmin_chars = 5\n",
        ),
    ]);
    let out = gwlint(d.path())
        .args([
            "config",
            "--ignore",
            "P005",
            "--output-format",
            "github",
            "文稿/a.md",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // The output is TOML itself.
    let parsed: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(parsed["fail-on"].as_str(), Some("warning"));
    insta::assert_snapshot!(text);
    // With no file.
    let out = gwlint(d.path())
        .args(["config", "--isolated"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("# 配置文件：无"), "{text}");
    assert!(text.contains("select = []"), "{text}");
}

#[test]
fn the_readme_example_uses_only_real_keys_and_rules() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme.find("## 配置文件 gwlint.toml").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let text = &section[start..start + section[start..].find("```").unwrap()];
    let table: toml::Table = toml::from_str(text).unwrap();
    for key in table.keys() {
        assert!(gwlint::config::file::KEYS.contains(&key.as_str()), "{key}");
    }
    // Every value but the paths (which need the files) is valid.
    let mut t = table.clone();
    for k in ["registry", "indicators", "packs", "pairs", "jurisdiction"] {
        t.remove(k);
    }
    let d = repo(&[
        ("a.md", ANNEX),
        ("gwlint.toml", &toml::to_string(&t).unwrap()),
    ]);
    let out = gwlint(d.path()).args(["check", "a.md"]).output().unwrap();
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn standard_input_is_configured_as_the_file_it_names() {
    let d = repo(&[("sub/gwlint.toml", "select = [\"P001\"]\n")]);
    let run = |args: &[&str]| {
        let out = gwlint(d.path())
            .args(["check", "--output-format", "concise"])
            .args(args)
            .write_stdin(ANNEX)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let out = run(&["--stdin-filename", "sub/a.md", "-"]);
    assert!(out.starts_with("sub/a.md:5:11: 警告[P001]"), "{out}");
    assert!(!out.contains("T001"), "{out}");
    // Outside sub/: no configuration.
    assert!(run(&["--stdin-filename", "a.md", "-"]).contains("T001"));
}
