//! `gwlint registry learn` and `gwlint registry check`.

use std::collections::BTreeSet;

use assert_cmd::Command;
use gwlint::load::SourceFile;
use gwlint::names::registry::Registry;
use gwlint::names::Jurisdiction;
use gwlint::parse::ParseOptions;
use gwlint::rules::data::Data;

const ANNEX: &str = "fixtures/seeds/changqing-2025-annex.md";
const TIANQIAO: &str = "fixtures/seeds/tianqiao-2025-report.txt";

fn learn(paths: &[&str], name: &str, id: &str) -> String {
    let out = Command::cargo_bin("gwlint")
        .unwrap()
        .args(["registry", "learn"])
        .args(paths)
        .args(["--name", name, "--id", id])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn units(reg: &Registry) -> BTreeSet<String> {
    reg.units.iter().map(|u| u.name.clone()).collect()
}

/// Places (file, byte start) of N findings on the annex with one registry.
fn flagged(reg: Registry) -> BTreeSet<(usize, usize)> {
    let mut data = Data::builtin();
    // The learned registry replaces the built-in one of the same id.
    data.names.add(reg);
    data.names.jurisdiction = Jurisdiction::Fixed("jinan-changqing".into());
    data.settings.select = ["N001", "N003"].iter().map(|s| s.to_string()).collect();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(ANNEX);
    let src = SourceFile::load(&path, ANNEX.into()).unwrap();
    let run = gwlint::check_sources(vec![src], &data, &ParseOptions::default());
    run.diagnostics
        .iter()
        .map(|d| (d.primary.file, d.primary.span.start))
        .collect()
}

/// The 天桥区 registry is the learned one, reviewed: the same units.
#[test]
fn tianqiao_registry_is_what_learn_finds_in_the_report() {
    let text = learn(&[TIANQIAO], "济南市天桥区", "jinan-tianqiao");
    let learned = Registry::parse("learned", &text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    let names = gwlint::rules::packs::builtin_names();
    let hand = names.get("jinan-tianqiao").unwrap();
    assert_eq!(units(&learned), units(hand), "{text}");
    assert!(text.contains("tianqiao-2025-report.txt:325"), "{text}");
    assert!(text.contains("detect = [\"天桥区\"]"), "{text}");
}

/// Learned from the 2025 annex, the registry groups the misspellings under
/// the frequent spelling, and loaded back it flags every place the
/// hand-made registry flags as a misspelling (N003) or known variant.
#[test]
fn learned_changqing_registry_flags_the_same_misspellings() {
    let text = learn(&[ANNEX], "济南市长清区", "jinan-changqing");
    let learned = Registry::parse("learned", &text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    let by_name = |n: &str| learned.units.iter().find(|u| u.name == n).cloned();
    let industry = by_name("区工业信息化和科技局").expect("canonical is the frequent spelling");
    assert_eq!(
        industry.variants,
        ["区工业和信息化和科技局", "区工业和信息化科技局"]
    );
    assert_eq!(by_name("崮云湖街道").unwrap().variants, ["茵云湖街道"]);
    assert_eq!(by_name("区城管局").unwrap().variants, ["区域管局"]);
    assert!(!learned.tests.is_empty(), "self-tests from real lines");
    // Same places as the hand-made registry's typo findings.
    let hand = gwlint::rules::packs::builtin_names()
        .get("jinan-changqing")
        .unwrap()
        .clone();
    let hand_places = flagged(hand.clone());
    let learned_places = flagged(learned);
    // The hand-made registry also knows two things no document says: the
    // former 区教育局 is now 区教育体育局, and 区公安分局 is an alias.
    let knowledge: BTreeSet<(usize, usize)> = {
        let src =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(ANNEX))
                .unwrap();
        hand_places
            .iter()
            .copied()
            .filter(|(_, at)| {
                let rest = &src[*at..];
                rest.starts_with("区教育局") && !rest.starts_with("区教育局体育局")
                    || rest.starts_with("区公安分局")
            })
            .collect()
    };
    let typo_places: BTreeSet<_> = hand_places.difference(&knowledge).copied().collect();
    assert!(
        typo_places.is_subset(&learned_places),
        "missed: {:?}",
        typo_places.difference(&learned_places).collect::<Vec<_>>()
    );
    assert_eq!(learned_places, typo_places);
}

#[test]
fn registry_check_accepts_good_files_and_points_at_errors() {
    let ok = Command::cargo_bin("gwlint")
        .unwrap()
        .args(["registry", "check", "rules/registries/jinan-changqing.toml"])
        .output()
        .unwrap();
    assert!(ok.status.success());
    let s = String::from_utf8(ok.stdout).unwrap();
    assert!(s.contains("有效") && s.contains("自检全部通过"), "{s}");

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[jurisdiction]\nid = \"x\"\nname = \"某县\"\n\n[[unit]]\nname = \"县财政局\"\ntype = \"部门\"\n\n[[unit]]\nname = \"县财政局\"\ntype = \"部门\"\n",
    )
    .unwrap();
    let out = Command::cargo_bin("gwlint")
        .unwrap()
        .args(["registry", "check"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("已经出现过"), "{err}");

    let failing = dir.path().join("failing.toml");
    std::fs::write(
        &failing,
        "[jurisdiction]\nid = \"x\"\nname = \"某县\"\n\n[[unit]]\nname = \"县司法局\"\ntype = \"部门\"\n\n[[test]]\ntext = \"1.推进普法。（牵头单位：县司发局）\"\nexpect = []\n",
    )
    .unwrap();
    let out = Command::cargo_bin("gwlint")
        .unwrap()
        .args(["registry", "check"])
        .arg(&failing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("自检失败") && err.contains("N003"), "{err}");
}
