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
    let builtin = packs::all_builtin_rules();
    let report = gwlint::cli::listing::test_report(&builtin);
    assert_eq!(report.failed, 0, "{}", report.text);
    assert!(builtin.iter().any(|r| r.meta.code == "GF001"));
    assert!(builtin.iter().any(|r| r.meta.code == "ZW001"));
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
