//! Rule packs: a rule of each type firing (exact snapshot of the diagnostic
//! and of the fixed text), its clean counterpart, self-tests guarding packs,
//! the namespace, includes, the CLI, and the shipped packs staying silent on
//! published reports.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use assert_cmd::Command;
use gwlint::diag::render_human;
use gwlint::fix::{self, FixMode};
use gwlint::load::SourceFile;
use gwlint::parse::ParseOptions;
use gwlint::rules::data::Data;
use gwlint::rules::packs::{self, PackSet};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Data with the templates (`rules/templates/`, one rule of each type,
/// codes U001–U006) loaded as a pack directory.
fn template_data(select: &[&str]) -> Data {
    let mut data = Data::builtin();
    data.packs = gwlint::config::load_packs(&[root().join("rules/templates")]).unwrap();
    data.settings.select = select.iter().map(|s| s.to_string()).collect();
    data
}

/// Human output of `code` over fixtures, then each file as `--fix --unsafe-fixes` leaves it.
fn fire(code: &str, files: &[&str]) -> String {
    let data = template_data(&[code]);
    let sources = common::load(files);
    let run = gwlint::check_sources(sources, &data, &ParseOptions::default());
    let mut out = render_human::to_string(&run.sources, &run.diagnostics);
    assert!(
        run.diagnostics.iter().all(|d| d.code == code),
        "only {code} runs"
    );
    let fixed = fix::apply(&run.sources, &run.diagnostics, FixMode::Unsafe);
    for f in fixed {
        out.push_str(&format!(
            "\n── {} after --fix --unsafe-fixes ──\n{}",
            run.sources[f.file].name, f.text
        ));
    }
    out
}

fn count(code: &str, files: &[&str]) -> usize {
    let data = template_data(&[code]);
    let run = gwlint::check_sources(common::load(files), &data, &ParseOptions::default());
    run.diagnostics.len()
}

macro_rules! fires {
    ($name:ident, $code:literal, [$($f:literal),+], [$($c:literal),+]) => {
        #[test]
        fn $name() {
            let files = [$(concat!("fixtures/packs/", $f)),+];
            let clean = [$(concat!("fixtures/packs/", $c)),+];
            insta::assert_snapshot!(fire($code, &files));
            assert_eq!(count($code, &clean), 0, "{} is clean", clean.join(", "));
        }
    };
}

fires!(
    substitution_fires_with_fix,
    "U001",
    ["U001_trigger.txt"],
    ["U001_clean.txt"]
);
fires!(
    existence_fires_with_fix,
    "U002",
    ["U002_trigger.md"],
    ["U002_clean.md"]
);
fires!(
    consistency_across_files,
    "U003",
    ["U003_a.txt", "U003_b.txt"],
    ["U003_clean.txt"]
);
fires!(
    conditional_in_a_task,
    "U004",
    ["U004_trigger.md"],
    ["U004_clean.md"]
);
fires!(
    occurrence_of_lead_units,
    "U005",
    ["U005_trigger.md"],
    ["U005_clean.md"]
);
fires!(
    pattern_in_headings,
    "U006",
    ["U006_trigger.txt"],
    ["U006_clean.txt"]
);

#[test]
fn builtin_packs_and_templates_pass_their_self_tests() {
    let builtin = packs::all_builtin();
    let report = gwlint::cli::listing::test_report(&builtin);
    assert_eq!(report.failed, 0, "{}", report.text);
    assert!(builtin.rules.iter().any(|r| r.meta.code == "GF001"));
    assert!(builtin.rules.iter().any(|r| r.meta.code == "ZW001"));
    // The built-in registries are packs of unit names, tested the same way.
    assert!(
        report
            .text
            .contains("单位名录 jinan-changqing（rules/registries/jinan-changqing.toml）"),
        "{}",
        report.text
    );
    assert!(report.text.contains("、2 份单位名录、"), "{}", report.text);
    // Every template is a complete pack whose self-tests pass.
    for (name, text) in packs::TEMPLATES {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(format!("{name}.toml"));
        std::fs::write(&p, text).unwrap();
        let pack = packs::load_dir(dir.path()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(pack.rules.len(), 1, "{name}");
        assert_eq!(pack.rules[0].rule_type.as_str(), *name);
    }
}

fn miette_text(e: &miette::Report) -> String {
    let mut s = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .render_report(&mut s, e.as_ref())
        .unwrap();
    s
}

#[test]
fn a_pack_whose_self_tests_fail_is_rejected_pointing_into_the_toml() {
    let e = packs::load_dir(Path::new("fixtures/packs/bad")).unwrap_err();
    insta::assert_snapshot!(miette_text(&e));
    // The CLI: exit code 2, the same message.
    Command::cargo_bin("gwlint")
        .unwrap()
        .current_dir(root())
        .args([
            "check",
            "--packs",
            "fixtures/packs/bad",
            "fixtures/packs/U001_clean.txt",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "规则 U101 的自测失败：预期 0 处，实际 1 处",
        ))
        .stderr(predicates::str::contains("failing.toml:17"));
}

fn load_err(toml: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), toml).unwrap();
    let e = packs::load_dir(dir.path()).unwrap_err();
    let inner = e
        .downcast_ref::<gwlint::error::InvalidRulesFile>()
        .expect("an invalid rules file");
    let at = inner.at.expect("points into the file");
    format!(
        "{} @ {}",
        inner.reason,
        &toml[at.offset()..at.offset() + at.len()]
            .lines()
            .next()
            .unwrap_or("")
    )
}

const RULE: &str = r#"
[[rule]]
code = "U001"
name = "banned-phrase"
type = "existence"
message = "不用“{matched}”"
tokens = ["原则上"]
[[rule.test]]
text = "原则上同意。"
expect = 1
"#;

#[test]
fn codes_live_in_a_user_namespace() {
    // A prefix starting with a built-in family letter could be taken for
    // that family by --select P: refused.
    let e = load_err(&format!(
        "[pack]\nname = \"x\"\nprefix = \"PX\"\n{}",
        RULE.replace("U001", "PX001")
    ));
    assert_eq!(e, "规则包的代码前缀“PX”无效 @ \"PX\"");
    let e = load_err(&format!(
        "[pack]\nname = \"x\"\nprefix = \"U\"\n{}",
        RULE.replace("U001", "T001")
    ));
    assert_eq!(e, "规则代码“T001”应为本包前缀 U 加三位数字 @ \"T001\"");
    let e = load_err(&format!("[pack]\nname = \"x\"\nprefix = \"GW\"\n{}", RULE));
    assert_eq!(e, "规则代码“U001”应为本包前缀 GW 加三位数字 @ \"U001\"");
    // A built-in rule's name.
    let e = load_err(&format!(
        "[pack]\nname = \"x\"\nprefix = \"U\"\n{}",
        RULE.replace("banned-phrase", "placeholder-text")
    ));
    assert_eq!(
        e,
        "规则名称“placeholder-text”与内置规则重名 @ \"placeholder-text\""
    );
    // A field of another type, an unknown placeholder, a missing self-test.
    let e = load_err(&format!(
        "[pack]\nname = \"x\"\nprefix = \"U\"\n{}",
        RULE.replace("tokens =", "max = 3\ntokens =")
    ));
    assert!(
        e.starts_with("existence 类型的规则 U001 不能有“max”"),
        "{e}"
    );
    let e = load_err(&format!(
        "[pack]\nname = \"x\"\nprefix = \"U\"\n{}",
        RULE.replace("{matched}", "{found}")
    ));
    assert!(e.starts_with("消息里的占位符“{found}”无效"), "{e}");
    let no_tests = RULE.split("[[rule.test]]").next().unwrap();
    let e = load_err(&format!("[pack]\nname = \"x\"\nprefix = \"U\"\n{no_tests}"));
    assert_eq!(e, "规则 U001 没有自测 @ \"U001\"");
    // Valid: U and a two-letter prefix.
    for prefix in ["U", "GW", "ABCD"] {
        assert!(packs::valid_prefix(prefix), "{prefix}");
    }
    for prefix in ["T", "PA", "ABCDE", "gw", "G1"] {
        assert!(!packs::valid_prefix(prefix), "{prefix}");
    }
}

#[test]
fn two_packs_may_not_share_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let pack = format!("[pack]\nname = \"x\"\nprefix = \"U\"\n{RULE}");
    std::fs::write(dir.path().join("a.toml"), &pack).unwrap();
    std::fs::write(
        dir.path().join("b.toml"),
        pack.replace("banned-phrase", "other-phrase"),
    )
    .unwrap();
    let e = packs::load_dir(dir.path()).unwrap_err();
    assert!(e.to_string().contains("规则文件无效"), "{e}");
    assert!(format!("{e:?}").contains("规则代码 U001 已由"), "{e:?}");
}

#[test]
fn includes_and_switching_single_rules_off() {
    let pack = packs::load_dir(Path::new("fixtures/packs/extend")).unwrap();
    let codes: Vec<&str> = pack.rules.iter().map(|r| r.meta.code).collect();
    assert_eq!(codes, ["GF001", "BG001"]);
    // Loaded over the built-in packs: formulations counts once.
    let set = gwlint::config::load_packs(&[root().join("fixtures/packs/extend")]).unwrap();
    let codes: Vec<&str> = set.metas().map(|m| m.code).collect();
    assert_eq!(codes, ["GF001", "GF002", "BG001"]);
    let mut data = Data::builtin();
    data.packs = set;
    data.settings.select = vec!["BG".into(), "GF".into()];
    let run = gwlint::check_sources(
        vec![SourceFile::from_text(
            "a.txt",
            "学习习总书记重要讲话，推动共建“一路一带”。\n",
        )],
        &data,
        &ParseOptions::default(),
    );
    assert_eq!(common::codes(&run), ["BG001", "GF002"]);
}

/// Every text file under a directory.
fn text_files(dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            text_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt" || x == "md") {
            out.push(p.strip_prefix(root()).unwrap().display().to_string());
        }
    }
}

#[test]
fn formulations_stay_silent_on_published_reports_and_real_documents() {
    let mut files = Vec::new();
    for d in ["fixtures/corpus", "fixtures/seeds", "fixtures/real"] {
        text_files(&root().join(d), &mut files);
    }
    assert!(files.len() >= 18, "the corpus is there: {}", files.len());
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let run = common::run(&files, &["GF"]);
    assert!(
        run.diagnostics.is_empty(),
        "{}",
        render_human::to_string(&run.sources, &run.diagnostics)
    );
    // …and they do run by default.
    let data = Data::builtin();
    assert!(data.packs.metas().any(|m| m.code == "GF001" && m.enabled));
}

#[test]
fn the_placeholders_pack_finds_what_r005_finds() {
    let mut data = Data::builtin();
    data.packs = Arc::new(PackSet::compile(&[packs::builtin("placeholders").unwrap()]).unwrap());
    for f in [
        "fixtures/typography/R005_trigger.txt",
        "fixtures/typography/R005_clean.txt",
    ] {
        let mut spans = |code: &str| {
            data.settings.select = vec![code.into()];
            let run = gwlint::check_sources(common::load(&[f]), &data, &ParseOptions::default());
            run.diagnostics
                .iter()
                .map(|d| (d.primary.span.clone(), d.message.clone()))
                .collect::<Vec<_>>()
        };
        let (pack, builtin) = (spans("ZW001"), spans("R005"));
        assert!(!pack.is_empty() || f.ends_with("clean.txt"), "{f}");
        assert_eq!(pack, builtin, "{f}");
    }
}

#[test]
fn pack_rules_in_every_output_format_and_the_cli() {
    let bin = || {
        let mut c = Command::cargo_bin("gwlint").unwrap();
        c.current_dir(root());
        c
    };
    // JSON output carries pack diagnostics like any other.
    let out = bin()
        .args([
            "check",
            "--packs",
            "rules/templates",
            "--select",
            "U001",
            "--format",
            "json",
            "fixtures/packs/U001_trigger.txt",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 2);
    assert_eq!(diags[0]["code"], "U001");
    // --select of an unknown pack code is an error; a loaded one is fine.
    bin()
        .args([
            "check",
            "--select",
            "U001",
            "fixtures/packs/U001_trigger.txt",
        ])
        .assert()
        .code(2);
    // `rules` lists pack rules with the built-ins; `rule` explains them.
    bin()
        .args(["rules", "--packs", "rules/templates"])
        .assert()
        .success()
        .stdout(predicates::str::contains("T001"))
        .stdout(predicates::str::contains("GF001"))
        .stdout(predicates::str::contains("wrong-fixed-formulation"))
        .stdout(predicates::str::contains("ZW001"))
        .stdout(predicates::str::contains("U006"));
    let out = bin()
        .args(["rule", "GF002"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
    // test-rules: a report, exit 1 when a case fails.
    bin()
        .args(["test-rules"])
        .assert()
        .success()
        .stdout(predicates::str::contains("0 项失败"));
    let out = bin()
        .args(["test-rules", "fixtures/packs/bad"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
    // new-rule prints the template.
    bin()
        .args(["new-rule", "conditional"])
        .assert()
        .success()
        .stdout(predicates::str::contains("type = \"conditional\""));
}

// ── Pack codes wherever a built-in code goes ─────────────────────────

/// An office pack: U901 (warning, safe fix) and U902 (off by default).
const OFFICE: &str = r#"[pack]
name = "office"
prefix = "U"

[[rule]]
code = "U901"
name = "vague-phrase"
type = "existence"
severity = "warn"
message = "不用“{matched}”"
tokens = ["有序推进"]
replacement = "推进"
fix = "safe"

[[rule.test]]
text = "有序推进城市更新。"
expect = ["有序推进"]
fixed = "推进城市更新。"

[[rule]]
code = "U902"
name = "old-term"
type = "existence"
severity = "off"
message = "不用“{matched}”"
tokens = ["城市更新"]

[[rule.test]]
text = "有序推进城市更新。"
expect = 1
"#;

/// A draft with one U901 finding, one (off) U902 match and one P001.
const DRAFT: &str = "一、城市建设\n\n有序推进城市更新,加快建设。\n";

/// A temporary repository with `files` (path → text).
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, text) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn gwlint_in(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("gwlint").unwrap();
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("CLICOLOR_FORCE");
    c
}

/// `gwlint check --output-format concise ARGS` in `dir`: the exit code and
/// each finding as `CODE 级别`.
fn concise(dir: &Path, args: &[&str]) -> (i32, Vec<String>) {
    let out = gwlint_in(dir)
        .args(["check", "--output-format", "concise"])
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    assert_ne!(code, 2, "{}", String::from_utf8_lossy(&out.stderr));
    let found = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| {
            let (head, _) = l.split_once(']')?;
            let (level, code) = head.rsplit_once('[')?;
            Some(format!("{code} {}", level.rsplit(' ').next()?))
        })
        .collect();
    (code, found)
}

/// `gwlint ARGS` in `dir`, expecting exit code 2: standard error.
fn tool_error(dir: &Path, args: &[&str]) -> String {
    let out = gwlint_in(dir).args(args).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    err
}

#[test]
fn pack_rule_levels_in_gwlint_toml_and_rules_files() {
    let d = repo(&[("a.txt", DRAFT), ("packs/office.toml", OFFICE)]);
    let p = d.path();
    let (code, found) = concise(p, &["--packs", "packs", "a.txt"]);
    assert_eq!(found, ["U901 警告", "P001 警告"]);
    assert_eq!(code, 0);
    // [rules.U901] level in gwlint.toml; a default-off pack rule switched on.
    std::fs::write(
        p.join("gwlint.toml"),
        "packs = [\"packs\"]\n[rules.U901]\nlevel = \"error\"\n[rules.U902]\nlevel = \"info\"\n",
    )
    .unwrap();
    let (code, found) = concise(p, &["a.txt"]);
    assert_eq!(found, ["U901 错误", "U902 提示", "P001 警告"]);
    assert_eq!(code, 1, "an error fails the run");
    // The same in a rules.toml-shaped file (--rules, rule-files).
    std::fs::write(p.join("gwlint.toml"), "packs = [\"packs\"]\n").unwrap();
    std::fs::write(p.join("mine.toml"), "[U901]\nlevel = \"off\"\n").unwrap();
    let (_, found) = concise(p, &["--rules", "mine.toml", "a.txt"]);
    assert_eq!(found, ["P001 警告"]);
    std::fs::write(
        p.join("gwlint.toml"),
        "packs = [\"packs\"]\nrule-files = [\"mine.toml\"]\n",
    )
    .unwrap();
    let (_, found) = concise(p, &["a.txt"]);
    assert_eq!(found, ["P001 警告"]);
    // The built-in packs' rules too, with no pack loaded.
    std::fs::write(p.join("gwlint.toml"), "[rules.GF001]\nlevel = \"error\"\n").unwrap();
    let out = gwlint_in(p).args(["config", "a.txt"]).output().unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.contains("[rules.GF001]  # wrong-fixed-formulation：运行，级别：错误"),
        "{shown}"
    );
    assert!(shown.contains("level = \"error\""), "{shown}");
}

#[test]
fn unknown_pack_codes_and_pack_rule_options_are_errors_at_their_place() {
    let d = repo(&[("a.txt", DRAFT), ("packs/office.toml", OFFICE)]);
    let p = d.path();
    // A pack code no loaded pack defines.
    std::fs::write(p.join("gwlint.toml"), "[rules.U999]\nlevel = \"off\"\n").unwrap();
    let err = tool_error(p, &["check", "a.txt"]);
    assert!(err.contains("没有代码为 U999 的规则"), "{err}");
    assert!(err.contains("gwlint.toml:1:8"), "{err}");
    assert!(err.contains("没有加载定义它的规则包"), "{err}");
    // U901 is defined, but only when its pack is loaded.
    std::fs::write(p.join("gwlint.toml"), "[rules.U901]\nlevel = \"off\"\n").unwrap();
    let err = tool_error(p, &["check", "a.txt"]);
    assert!(err.contains("没有代码为 U901 的规则"), "{err}");
    std::fs::remove_file(p.join("gwlint.toml")).unwrap();
    std::fs::write(p.join("mine.toml"), "[U999]\nlevel = \"off\"\n").unwrap();
    let err = tool_error(
        p,
        &["check", "--packs", "packs", "--rules", "mine.toml", "a.txt"],
    );
    assert!(err.contains("没有代码为 U999 的规则"), "{err}");
    assert!(err.contains("mine.toml:1:2"), "{err}");
    // A rule of a built-in pack that does not run by default.
    std::fs::write(p.join("gwlint.toml"), "[rules.ZW001]\nlevel = \"warn\"\n").unwrap();
    let err = tool_error(p, &["check", "a.txt"]);
    assert!(err.contains("默认不运行的内置规则包 placeholders"), "{err}");
    // Options: a pack rule has only its level.
    std::fs::write(
        p.join("gwlint.toml"),
        "packs = [\"packs\"]\n[rules.U901]\nmax = 3\n",
    )
    .unwrap();
    let err = tool_error(p, &["check", "a.txt"]);
    assert!(err.contains("规则包的规则 U901 没有选项“max”"), "{err}");
    assert!(err.contains("gwlint.toml:3:1"), "{err}");
    std::fs::write(
        p.join("gwlint.toml"),
        "packs = [\"packs\"]\n[rules.U901]\nlevel = \"loud\"\n",
    )
    .unwrap();
    let err = tool_error(p, &["check", "a.txt"]);
    assert!(err.contains("U901 的级别 \"loud\" 无效"), "{err}");
    // Selectors: in the file and on the command line.
    for key in ["select", "extend-select", "ignore"] {
        std::fs::write(
            p.join("gwlint.toml"),
            format!("packs = [\"packs\"]\n{key} = [\"U9\", \"U999\"]\n"),
        )
        .unwrap();
        let err = tool_error(p, &["check", "a.txt"]);
        assert!(err.contains("“U999”不是规则代码"), "{key}: {err}");
        assert!(err.contains("没有加载定义它的规则包"), "{key}: {err}");
    }
    std::fs::write(
        p.join("gwlint.toml"),
        "packs = [\"packs\"]\n[per-file-ignores]\n\"*.txt\" = [\"U998\"]\n",
    )
    .unwrap();
    let err = tool_error(p, &["check", "a.txt"]);
    assert!(err.contains("“U998”不是规则代码"), "{err}");
    assert!(err.contains("gwlint.toml:3:"), "{err}");
    std::fs::remove_file(p.join("gwlint.toml")).unwrap();
    for flag in ["--select", "--ignore", "--extend-select"] {
        let err = tool_error(p, &["check", "--packs", "packs", flag, "U999", "a.txt"]);
        assert!(err.contains("“U999”不是规则代码"), "{flag}: {err}");
    }
}

#[test]
fn pack_codes_select_ignore_per_file_ignores_and_fail_on() {
    let d = repo(&[
        ("a.txt", DRAFT),
        ("草稿/b.txt", DRAFT),
        ("packs/office.toml", OFFICE),
    ]);
    let p = d.path();
    let run = |args: &[&str]| {
        let mut v = vec!["--packs", "packs"];
        v.extend(args);
        concise(p, &v)
    };
    // Codes, prefixes and names.
    assert_eq!(
        run(&["--select", "U", "a.txt"]).1,
        ["U901 警告", "U902 警告"]
    );
    assert_eq!(
        run(&["--select", "U90", "a.txt"]).1,
        ["U901 警告", "U902 警告"]
    );
    assert_eq!(run(&["--select", "vague-phrase", "a.txt"]).1, ["U901 警告"]);
    assert_eq!(run(&["--ignore", "U901", "a.txt"]).1, ["P001 警告"]);
    assert_eq!(
        run(&["--extend-select", "old-term", "a.txt"]).1,
        ["U901 警告", "U902 警告", "P001 警告"]
    );
    assert_eq!(
        run(&["--select", "P", "a.txt"]).1,
        ["P001 警告"],
        "P never selects a pack"
    );
    // per-file-ignores and fail-on in gwlint.toml.
    std::fs::write(
        p.join("gwlint.toml"),
        "packs = [\"packs\"]\nselect = [\"U\"]\nfail-on = \"warning\"\n[per-file-ignores]\n\"草稿/**\" = [\"U901\"]\n",
    )
    .unwrap();
    let (code, found) = concise(p, &["a.txt"]);
    assert_eq!(
        (code, found),
        (1, vec!["U901 警告".to_string(), "U902 警告".into()])
    );
    let (code, found) = concise(p, &["草稿/b.txt"]);
    assert_eq!((code, found), (1, vec!["U902 警告".to_string()]));
    std::fs::write(
        p.join("gwlint.toml"),
        "packs = [\"packs\"]\nselect = [\"U901\"]\nfail-on = \"error\"\n",
    )
    .unwrap();
    assert_eq!(concise(p, &["a.txt"]).0, 0);
    assert_eq!(concise(p, &["--fail-on", "warning", "a.txt"]).0, 1);
}

#[test]
fn pack_codes_in_suppression_markers_and_the_baseline() {
    let draft = "一、城市建设\n\n<!-- gwlint-disable-next-line U901 -->\n有序推进城市更新。\n\n有序推进旧区改造。\n\n<!-- gwlint-disable-next-line U9 -->\n有序推进老旧小区改造。\n\n<!-- gwlint-disable-next-line U999 -->\n加快建设。\n\n<!-- gwlint-disable-next-line U902 -->\n加快建设。\n";
    let d = repo(&[("a.md", draft), ("packs/office.toml", OFFICE)]);
    let p = d.path();
    let (_, found) = concise(p, &["--packs", "packs", "a.md"]);
    // The first and third are suppressed; U999 is an unknown code (M002);
    // U902 is off, so its marker suppresses nothing (M001).
    assert_eq!(found, ["U901 警告", "M002 警告", "M001 警告"]);
    let out = gwlint_in(p)
        .args([
            "check",
            "--packs",
            "packs",
            "--output-format",
            "concise",
            "a.md",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("a.md:6:1"), "{text}");
    // Baseline: written with the pack finding, which it then hides.
    std::fs::write(p.join("a.md"), DRAFT).unwrap();
    gwlint_in(p)
        .args([
            "check",
            "--packs",
            "packs",
            "--write-baseline",
            "base.json",
            "a.md",
        ])
        .assert()
        .code(0);
    let base = std::fs::read_to_string(p.join("base.json")).unwrap();
    assert!(base.contains("\"code\": \"U901\""), "{base}");
    let (code, found) = concise(
        p,
        &[
            "--packs",
            "packs",
            "--baseline",
            "base.json",
            "--fail-on",
            "info",
            "a.md",
        ],
    );
    assert_eq!((code, found), (0, Vec::<String>::new()));
    // A new finding of the pack rule is not in the baseline.
    std::fs::write(p.join("a.md"), format!("{DRAFT}\n有序推进旧区改造。\n")).unwrap();
    let (_, found) = concise(p, &["--packs", "packs", "--baseline", "base.json", "a.md"]);
    assert_eq!(found, ["U901 警告"]);
}

// ── Registries load as packs ─────────────────────────────────────────

const MINI_REGISTRY: &str = r#"[jurisdiction]
id = "mini"
name = "某县"
detect = ["某县"]

[[unit]]
name = "县住房城乡建设局"
type = "部门"

[[test]]
text = "1.做好预算。（牵头单位：县住房和城乡建设局）"
expect = ["N003"]
fixed = "1.做好预算。（牵头单位：县住房城乡建设局）"
"#;

const MINI_DOC: &str = "某县2025年重点工作\n\n1.做好预算。（牵头单位：县住房和城乡建设局）\n\n2.有序推进城市更新。（牵头单位：县住房城乡建设局）\n";

#[test]
fn a_pack_directory_holds_rule_packs_and_registries() {
    let d = repo(&[
        ("doc.md", MINI_DOC),
        ("office/rules.toml", OFFICE),
        ("office/mini.toml", MINI_REGISTRY),
    ]);
    let p = d.path();
    // Loaded together: the pack's rule and the registry's N003.
    let (_, found) = concise(p, &["--packs", "office", "--select", "N,U901", "doc.md"]);
    assert_eq!(found, ["N003 警告", "U901 警告"]);
    // The same directory as a registry directory (the key's historical name).
    let (_, found) = concise(p, &["--registry", "office", "--select", "N003", "doc.md"]);
    assert_eq!(found, ["N003 警告"]);
    // The loader knows both kinds.
    let pack = packs::load_dir(&p.join("office")).unwrap();
    assert_eq!(pack.rules.len(), 2);
    assert_eq!(pack.registries.len(), 1);
    assert_eq!(pack.registries[0].id, "mini");
    // test-rules runs the registry's self-tests with the rules'.
    let out = gwlint_in(p)
        .args(["test-rules", "office"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report = String::from_utf8(out).unwrap();
    assert!(
        report.contains("规则包 office（office/rules.toml）"),
        "{report}"
    );
    assert!(
        report.contains("单位名录 mini（office/mini.toml）\n  通过 某县：1 项自测"),
        "{report}"
    );
    assert!(
        report.contains("共 2 条规则、1 份单位名录、3 项自测：3 项通过，0 项失败"),
        "{report}"
    );
}

#[test]
fn a_failing_registry_self_test_rejects_the_directory_and_fails_test_rules() {
    let failing = MINI_REGISTRY.replace("expect = [\"N003\"]", "expect = []");
    let d = repo(&[("doc.md", MINI_DOC), ("office/mini.toml", &failing)]);
    let p = d.path();
    for flag in ["--packs", "--registry"] {
        let err = tool_error(p, &["check", flag, "office", "doc.md"]);
        assert!(
            err.contains("单位名录自检失败：期望 []，实际 [N003]"),
            "{err}"
        );
        assert!(err.contains("office/mini.toml:11:"), "{err}");
        assert!(err.contains("实际发现：N003"), "{err}");
    }
    let out = gwlint_in(p)
        .args(["test-rules", "office"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("  失败 某县：1 项自测中 1 项失败\n    office/mini.toml:11：单位名录自检失败：期望 []，实际 [N003]"),
        "{report}"
    );
    // An expected code that is not a names rule's: at its `expect`.
    let wrong = MINI_REGISTRY.replace("expect = [\"N003\"]", "expect = [\"T001\"]");
    std::fs::write(p.join("office/mini.toml"), wrong).unwrap();
    let err = tool_error(p, &["check", "--packs", "office", "doc.md"]);
    assert!(err.contains("“T001”不是单位名称规则的代码"), "{err}");
    assert!(err.contains("office/mini.toml:12:"), "{err}");
}

#[test]
fn registries_are_included_and_extended_by_confusables_in_the_directory() {
    // A registry whose self-test needs a confusable pair the built-in table
    // lacks (a short name: an ordinary one-character difference is another
    // unit): it passes only with the directory's confusables.toml.
    let reg = "[jurisdiction]\nid = \"mini\"\nname = \"某县\"\n\n[[unit]]\nname = \"县甲丙局\"\ntype = \"部门\"\n\n[[test]]\ntext = \"1.做好预算。（牵头单位：县乙丙局）\"\nexpect = [\"N003\"]\nfixed = \"1.做好预算。（牵头单位：县甲丙局）\"\n";
    let base = |conf: Option<&str>| {
        let mut files = vec![("names/mini.toml", reg)];
        if let Some(c) = conf {
            files.push(("names/confusables.toml", c));
        }
        repo(&files)
    };
    let d = base(None);
    let e = packs::load_dir(&d.path().join("names")).unwrap_err();
    assert!(
        format!("{e:?}").contains("单位名录自检失败：期望 [N003]，实际 []"),
        "{e:?}"
    );
    let d = base(Some("pairs = [\"甲乙\"]\n"));
    let pack = packs::load_dir(&d.path().join("names")).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(pack.confusables.len(), 1);
    // A pack file may include a registry (relative path or built-in id).
    std::fs::write(
        d.path().join("names/office.toml"),
        OFFICE.replace(
            "prefix = \"U\"\n",
            "prefix = \"U\"\ninclude = [\"mini.toml\", \"jinan-tianqiao\"]\n",
        ),
    )
    .unwrap();
    let pack = packs::load_file(&d.path().join("names/office.toml"));
    // Loaded alone, the registry misses the directory's table.
    assert!(format!("{:?}", pack.unwrap_err()).contains("单位名录自检失败"));
    std::fs::write(d.path().join("names/mini.toml"), MINI_REGISTRY).unwrap();
    let pack = packs::load_file(&d.path().join("names/office.toml")).unwrap();
    let ids: Vec<&str> = pack.registries.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["mini", "jinan-tianqiao"]);
    // A file that is neither a pack nor a registry.
    std::fs::write(d.path().join("names/z.toml"), "[foo]\nbar = 1\n").unwrap();
    let e = packs::load_dir(&d.path().join("names")).unwrap_err();
    assert!(
        format!("{e:?}").contains("既没有 [pack]（规则包）也没有 [jurisdiction]（单位名录）"),
        "{e:?}"
    );
}

#[test]
fn builtin_registries_load_through_the_pack_loader() {
    let names = Data::builtin().names;
    let ids: Vec<&str> = names.registries().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["jinan-changqing", "jinan-tianqiao"]);
    for (id, _) in packs::BUILTIN_REGISTRIES {
        let r = packs::builtin_registry(id).unwrap();
        assert_eq!(r.path, format!("rules/registries/{id}.toml"));
        let results = packs::selftest::run_registry(&r, &names.confusables);
        assert!(!results.is_empty(), "{id} has self-tests");
        assert!(results.iter().all(|c| c.failure.is_none()), "{id}");
    }
}

/// README's guide (“六种规则，各一例”): one example of each type. Each,
/// given the self-tests of the template with its code (`rules/templates/`),
/// loads as a pack and passes them — the README examples work as written,
/// fire with the templates' findings and give their fixed texts.
#[test]
fn the_readme_guide_has_a_working_example_of_each_type() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let guide = &readme[readme.find("六种规则，各一例").expect("the guide")..];
    let block = &guide[guide.find("```toml\n").unwrap() + 8..];
    let block = &block[..block.find("```").unwrap()];
    let mut pack = String::from("[pack]\nname = \"guide\"\nprefix = \"U\"\n");
    let mut types = Vec::new();
    for chunk in block.split("[[rule]]").skip(1) {
        let code = &chunk[chunk.find("code = \"").unwrap() + 8..][..4];
        let (ty, template) = packs::TEMPLATES
            .iter()
            .find(|(_, t)| t.contains(&format!("code = \"{code}\"")))
            .unwrap_or_else(|| panic!("a template with code {code}"));
        assert!(chunk.contains(&format!("type = \"{ty}\"")), "{code}");
        types.push(*ty);
        let tests = &template[template.find("[[rule.test]]").unwrap()..];
        pack.push_str(&format!("[[rule]]{chunk}\n{tests}\n"));
    }
    assert_eq!(
        types,
        [
            "substitution",
            "existence",
            "consistency",
            "conditional",
            "occurrence",
            "pattern"
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("guide.toml"), &pack).unwrap();
    let loaded = packs::load_dir(dir.path()).unwrap_or_else(|e| panic!("{e:?}\n{pack}"));
    assert_eq!(loaded.rules.len(), 6);
}
