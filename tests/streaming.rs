//! A large run is checked one group of files at a time (issue 15: memory on
//! 1 GB). Its findings and output must be those of the same run held in
//! memory.

use std::path::{Path, PathBuf};
use std::process::Command;

use gwlint::load::{LoadOptions, SourceFile};
use gwlint::pipeline::stream;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The checkable files under `dir`, in the order `gwlint check DIR` reads
/// them.
fn files(dir: &str) -> Vec<PathBuf> {
    gwlint::load::discover(&[root().join(dir)])
        .files
        .into_iter()
        .map(|d| d.path)
        .collect()
}

fn load(p: &Path) -> SourceFile {
    SourceFile::load_with(p, gwlint::load::discover_name(p), &LoadOptions::default()).unwrap()
}

struct Paths<'a>(&'a [PathBuf]);

impl stream::Inputs for Paths<'_> {
    fn count(&self) -> usize {
        self.0.len()
    }
    fn load(&self, i: usize) -> Result<SourceFile, gwlint::load::LoadError> {
        Ok(load(&self.0[i]))
    }
    fn path(&self, i: usize) -> &Path {
        &self.0[i]
    }
}

/// The findings of a streamed run, each rendered (file name first) in the
/// order the groups give them.
fn streamed(paths: &[PathBuf]) -> (Vec<String>, usize) {
    let data = gwlint::rules::data::Data::builtin();
    let opts = gwlint::parse::ParseOptions::default();
    let inputs = Paths(paths);
    let survey = stream::survey(&inputs, &data, &opts);
    let groups = survey.group_count();
    let mut out = Vec::new();
    survey.check_groups(
        |_all, kept, run| {
            assert_eq!(kept.len(), run.sources.len());
            run.diagnostics
                .iter()
                .map(|d| {
                    (
                        kept[d.primary.file],
                        gwlint::diag::render_human::to_string(
                            &run.sources,
                            std::slice::from_ref(d),
                        ),
                    )
                })
                .collect::<Vec<_>>()
        },
        |v| out.extend(v),
    );
    // Files in order, each file's findings in the group's order.
    out.sort_by_key(|(f, _)| *f);
    (out.into_iter().map(|(_, s)| s).collect(), groups)
}

/// The same run held in memory.
fn whole(paths: &[PathBuf]) -> Vec<String> {
    let data = gwlint::rules::data::Data::builtin();
    let sources: Vec<SourceFile> = paths.iter().map(|p| load(p)).collect();
    let run = gwlint::check_sources(sources, &data, &gwlint::parse::ParseOptions::default());
    run.diagnostics
        .iter()
        .map(|d| gwlint::diag::render_human::to_string(&run.sources, std::slice::from_ref(d)))
        .collect()
}

#[test]
fn groups_find_what_the_whole_run_finds() {
    // Folders of pairs (several places and years), unpaired annexes,
    // body ↔ table links, registered jurisdictions and names.
    // (folders, whether some files share a group)
    for (dirs, joined) in [
        (&["fixtures/seeds", "fixtures/corpus"][..], true),
        (&["fixtures/names"], true),
        (&["fixtures/targets"], true),
        // Annexes of many places, none paired: each alone.
        (&["fixtures/real"], false),
    ] {
        let paths: Vec<PathBuf> = dirs.iter().flat_map(|d| files(d)).collect();
        assert!(paths.len() > 1, "{dirs:?}");
        let (s, groups) = streamed(&paths);
        assert_eq!(s, whole(&paths), "{dirs:?}");
        assert!(!s.is_empty(), "{dirs:?}");
        assert!(groups > 1, "{dirs:?}: one group");
        // Reports with their annexes (and files of one registered
        // jurisdiction) share a group.
        assert_eq!(groups < paths.len(), joined, "{dirs:?}: {groups} groups");
    }
}

#[test]
fn a_report_and_its_annex_are_one_group_and_others_alone() {
    // Two places' pairs and a lone report: three groups, the pairs each
    // checked with their X findings.
    let seeds = files("fixtures/seeds");
    let pick = |name: &str| seeds.iter().find(|p| p.ends_with(name)).unwrap().clone();
    let paths = vec![
        pick("changqing-2025-annex.md"),
        pick("tianqiao-2025-report.txt"),
        pick("changqing-2025-report-news.txt"),
    ];
    let (s, groups) = streamed(&paths);
    assert_eq!(groups, 2);
    assert_eq!(s, whole(&paths));
    assert!(s.iter().any(|d| d.contains("[X")), "the pair is reconciled");
}

fn gwlint(args: &[&str], stream_from: &str) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_gwlint"))
        .current_dir(root())
        .env("GWLINT_STREAM_MIN_BYTES", stream_from)
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    (out.stdout, out.stderr, out.status.code())
}

#[test]
fn streamed_output_is_byte_identical_in_every_format() {
    let mut dirs: Vec<String> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| format!("fixtures/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    dirs.sort();
    assert!(dirs.len() > 10);
    let check = |args: &[&str]| {
        // 0: every run that can be is streamed; u64::MAX: none is.
        let streamed = gwlint(args, "0");
        let held = gwlint(args, &u64::MAX.to_string());
        assert_eq!(
            String::from_utf8_lossy(&streamed.0),
            String::from_utf8_lossy(&held.0),
            "stdout of {args:?}"
        );
        assert_eq!(
            String::from_utf8_lossy(&streamed.1),
            String::from_utf8_lossy(&held.1),
            "stderr of {args:?}"
        );
        assert_eq!(streamed.2, held.2, "exit code of {args:?}");
    };
    for d in &dirs {
        check(&["check", "--output-format", "json", d]);
    }
    for f in ["json-lines", "concise", "full"] {
        check(&["check", "--output-format", f, "fixtures"]);
        check(&[
            "check",
            "--lang",
            "en",
            "--output-format",
            f,
            "fixtures/docx",
            "fixtures/seeds",
        ]);
    }
    // Skipped inputs, an empty run, a selection without the link stage.
    check(&[
        "check",
        "--output-format",
        "json",
        "fixtures/docx",
        "tests/data",
    ]);
    check(&[
        "check",
        "--select",
        "P,D",
        "--output-format",
        "concise",
        "fixtures/seeds",
    ]);
    check(&[
        "check",
        "--output-format",
        "full",
        "fixtures/seeds/changqing-2025-annex.md",
    ]);
}

#[test]
fn a_streamed_json_document_parses() {
    let (out, _, code) = gwlint(&["check", "--output-format", "json", "fixtures/seeds"], "0");
    assert_eq!(code, Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let n = v["diagnostics"].as_array().unwrap().len();
    let s = &v["summary"];
    assert_eq!(
        n as u64,
        s["errors"].as_u64().unwrap()
            + s["warnings"].as_u64().unwrap()
            + s["infos"].as_u64().unwrap()
    );
}
