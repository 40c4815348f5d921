//! README stays true: the rule table is current and the first-screen commands exist.

#[test]
fn rule_table_is_current() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("<!-- BEGIN RULES -->\n").expect("begin marker")
        + "<!-- BEGIN RULES -->\n".len();
    let end = readme.find("<!-- END RULES -->").expect("end marker");
    assert_eq!(
        &readme[start..end],
        gwlint::cli::listing::markdown_table(),
        "README rule table is stale: run `cargo run -- rules --format markdown` and paste it between the markers"
    );
}

#[test]
fn first_screen_commands_name_real_files() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let first: String = readme.lines().take(15).collect::<Vec<_>>().join("\n");
    assert!(first.contains("cargo test"));
    let line = first
        .lines()
        .find(|l| l.contains("cargo run --release -- check"))
        .expect("check command");
    for word in line
        .split_whitespace()
        .filter(|w| w.starts_with("fixtures/"))
    {
        assert!(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(word)
                .exists(),
            "{word} does not exist"
        );
    }
}

#[test]
fn rules_doc_is_current() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
        .unwrap_or_default();
    assert!(
        doc == gwlint::cli::listing::rules_doc(),
        "docs/rules.md is stale: run `cargo run -- rules --format docs > docs/rules.md`"
    );
}
