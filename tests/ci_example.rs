//! The CI recipes users paste stay true: the commands of README's GitHub
//! workflow example, of the composite action (`action.yml`), of the GitLab
//! snippet and of the pre-commit hook are read out of those files and run
//! on a small repository of drafts. Changing a command in README or
//! action.yml changes what this test runs; a command that stops working (a
//! renamed option, a format that no longer writes its file) fails it.

use std::fs;
use std::path::Path;
use std::process::Output;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(name: &str) -> String {
    fs::read_to_string(Path::new(ROOT).join(name)).unwrap()
}

/// The text between `<!-- BEGIN {name} -->` and `<!-- END {name} -->`.
fn marked<'a>(text: &'a str, name: &str) -> &'a str {
    let begin = format!("<!-- BEGIN {name} -->");
    let start = text.find(&begin).unwrap_or_else(|| panic!("{begin}")) + begin.len();
    let end = text
        .find(&format!("<!-- END {name} -->"))
        .expect("end marker");
    &text[start..end]
}

/// The value of the first `key: value` line (YAML, unquoted or quoted).
fn yaml_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|l| {
        let l = l.trim().trim_start_matches("- ");
        let v = l.strip_prefix(key)?.strip_prefix(':')?.trim();
        Some(v.trim_matches(|c| c == '\'' || c == '"'))
    })
}

/// A repository of drafts: one with an error, one clean.
fn drafts() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("文稿");
    fs::create_dir(&docs).unwrap();
    for (from, to) in [
        ("fixtures/tasks/T001_trigger.md", "分工.md"),
        ("fixtures/typography/P001_trigger.txt", "通知.txt"),
        ("fixtures/tasks/T001_clean.md", "方案.md"),
    ] {
        fs::copy(Path::new(ROOT).join(from), docs.join(to)).unwrap();
    }
    dir
}

/// Runs a `gwlint …` command line (words separated by spaces, as in the
/// recipes) in `dir` with the built binary.
fn run(line: &str, dir: &Path) -> Output {
    let mut words = line.split_whitespace();
    assert_eq!(words.next(), Some("gwlint"), "{line}");
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("gwlint"))
        .args(words)
        .current_dir(dir)
        .env_remove("CI")
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "`{line}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The file named by `-o` in a command line.
fn output_file(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace();
    words.find(|&w| w == "-o" || w == "--output-file")?;
    words.next()
}

fn assert_sarif(path: &Path) {
    let v: serde_json::Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["ruleId"] == "T001"),
        "{}",
        path.display()
    );
}

fn assert_github(out: &Output) {
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("::error file=文稿/分工.md,line="), "{text}");
    assert_eq!(out.status.code(), Some(1), "an error fails the job");
}

#[test]
fn readme_workflow_example_runs() {
    let readme = read("README.md");
    let example = marked(&readme, "CI EXAMPLE");
    let commands: Vec<&str> = example
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- run: "))
        .filter(|c| c.starts_with("gwlint "))
        .collect();
    assert!(commands.len() >= 2, "{example}");
    let sarif_file = yaml_value(example, "sarif_file").expect("upload-sarif step");
    let dir = drafts();
    let mut wrote_sarif = false;
    let mut annotated = false;
    for c in &commands {
        let out = run(c, dir.path());
        if let Some(f) = output_file(c) {
            if f == sarif_file {
                assert_sarif(&dir.path().join(f));
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "`{c}`: SARIF step must not fail"
                );
                wrote_sarif = true;
            }
        }
        if c.contains("--output-format github") {
            assert_github(&out);
            annotated = true;
        }
    }
    assert!(wrote_sarif, "no command writes {sarif_file}");
    assert!(annotated, "no command annotates the pull request");
    // The install step builds this repository.
    assert!(example.contains("cargo install --locked"));
}

#[test]
fn composite_action_commands_run() {
    let action = read("action.yml");
    let readme = read("README.md");
    // The inputs README's action example passes.
    let usage = marked(&readme, "ACTION EXAMPLE");
    let paths = yaml_value(usage, "paths").expect("paths input");
    let args = yaml_value(usage, "args").unwrap_or("");
    let sarif_file = yaml_value(&action, "sarif_file").expect("upload step");
    let commands: Vec<String> = action
        .lines()
        .filter_map(|l| l.trim().strip_prefix("run: "))
        .map(|c| c.trim_matches('\''))
        .filter_map(|c| c.strip_prefix("\"$RUNNER_TEMP/gwlint/bin/gwlint\" "))
        .map(|c| {
            format!(
                "gwlint {}",
                c.replace("${{ inputs.args }}", args)
                    .replace("${{ inputs.paths }}", paths)
            )
        })
        .collect();
    assert_eq!(commands.len(), 2, "{action}");
    assert!(!commands.iter().any(|c| c.contains("${{")), "{commands:?}");
    let dir = drafts();
    let sarif = run(&commands[0], dir.path());
    assert_eq!(output_file(&commands[0]), Some(sarif_file));
    assert_eq!(sarif.status.code(), Some(0));
    assert_sarif(&dir.path().join(sarif_file));
    assert_github(&run(&commands[1], dir.path()));
}

#[test]
fn gitlab_snippet_writes_its_report() {
    let readme = read("README.md");
    let snippet = marked(&readme, "GITLAB EXAMPLE");
    let command = snippet
        .lines()
        .find_map(|l| l.trim().strip_prefix("- gwlint "))
        .map(|c| format!("gwlint {c}"))
        .expect("script line");
    let report = yaml_value(snippet, "codequality").expect("artifact");
    let dir = drafts();
    let out = run(&command, dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(output_file(&command), Some(report));
    let v: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join(report)).unwrap()).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["check_name"].as_str().is_some_and(|c| c.contains("T001"))));
}

#[test]
fn pre_commit_hook_runs_on_the_files_it_selects() {
    let hooks = read(".pre-commit-hooks.yaml");
    let entry = yaml_value(&hooks, "entry").expect("entry");
    let files = regex::Regex::new(yaml_value(&hooks, "files").expect("files")).unwrap();
    let dir = drafts();
    // pre-commit appends the staged files its pattern selects.
    let mut staged: Vec<String> = fs::read_dir(dir.path().join("文稿"))
        .unwrap()
        .map(|e| format!("文稿/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|n| files.is_match(n))
        .collect();
    staged.sort();
    assert_eq!(staged.len(), 3);
    let out = run(&format!("{entry} {}", staged.join(" ")), dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("文稿/分工.md:"));
}
