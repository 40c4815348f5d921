//! The module graph follows the pipeline, one way only.
//!
//! Every `crate::<module>` path in `src/` (code, not comments) is an edge
//! from the top-level module of the file it is in to `<module>`. The test
//! fails on any edge not in [`ALLOWED`], and on a cycle among the allowed
//! edges themselves, so the graph stays a DAG. To add an edge, add it here
//! and to README's development section — and only downwards.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module and the modules it may use, lowest stages first.
const ALLOWED: &[(&str, &[&str])] = &[
    // Leaves. `i18n` (the language of messages) may be used by every stage.
    ("i18n", &[]),
    ("chars", &["i18n"]),
    ("error", &["i18n"]),
    ("load", &["i18n"]),
    // The document model and the parser that builds it.
    ("model", &["i18n", "chars", "load"]),
    ("parse", &["i18n", "chars", "load", "model"]),
    // Diagnostic vocabulary (below the rules) and its renderers.
    ("diag", &["i18n", "chars", "load", "model"]),
    // Data the rules and the link stage read.
    ("names", &["i18n", "chars", "error", "load", "model"]),
    (
        "targets",
        &["i18n", "chars", "error", "load", "model", "parse"],
    ),
    // Report ↔ annex linking.
    (
        "link",
        &["i18n", "chars", "load", "model", "parse", "targets"],
    ),
    // The check stage: rules, their settings and their input data.
    (
        "rules",
        &[
            "i18n", "chars", "diag", "error", "link", "load", "model", "names", "parse", "targets",
        ],
    ),
    // Applying fixes (re-checking goes through a caller's closure).
    ("fix", &["i18n", "diag", "load"]),
    // The stages wired together.
    (
        "pipeline",
        &[
            "i18n", "chars", "diag", "fix", "link", "load", "model", "parse", "rules",
        ],
    ),
    // The reviewer's HTML page: a renderer over the model, links and diagnostics.
    ("review", &["i18n", "diag", "link", "load", "model"]),
    // Loading configuration; each configuration group runs the pipeline.
    (
        "config",
        &[
            "i18n", "chars", "diag", "error", "fix", "load", "model", "names", "parse", "pipeline",
            "rules", "targets",
        ],
    ),
    // The language server: a front end like the CLI.
    (
        "server",
        &[
            "i18n", "config", "diag", "error", "fix", "link", "load", "model", "parse", "pipeline",
            "rules",
        ],
    ),
    // The command line may use everything.
    (
        "cli",
        &[
            "i18n", "chars", "config", "diag", "error", "fix", "link", "load", "model", "names",
            "parse", "pipeline", "review", "rules", "server", "targets",
        ],
    ),
];

/// Macros exported at the crate root (`crate::static_regex!`): not modules.
const ROOT_MACROS: &[&str] = &["static_regex", "declare_rule", "tr"];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The identifiers right after `crate::` (and inside `crate::{a, b::c}`).
fn targets_in(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        // `$crate::` inside macro_rules is the same crate.
        let after = &rest[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let mut depth = 0;
            let mut item_start = true;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        item_start = true;
                        continue;
                    }
                    _ => {}
                }
                if item_start && !c.is_whitespace() && depth == 0 {
                    out.push(ident(&group[k..]));
                    item_start = false;
                }
            }
        } else {
            out.push(ident(after));
        }
        rest = after;
    }
    out
}

/// Top-level module of a file under `src/` (`None` for the crate root).
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (!matches!(name.as_str(), "lib" | "main")).then_some(name)
}

fn actual_edges() -> BTreeMap<String, BTreeSet<(String, String)>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap().to_path_buf();
        let Some(from) = module_of(&rel) else {
            continue;
        };
        let text = std::fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for to in targets_in(code) {
                if to.is_empty() || to == from || ROOT_MACROS.contains(&to.as_str()) {
                    continue;
                }
                edges
                    .entry(from.clone())
                    .or_default()
                    .insert((to, format!("src/{}:{}", rel.display(), n + 1)));
            }
        }
    }
    edges
}

#[test]
fn every_import_points_down_the_pipeline() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut bad = Vec::new();
    for (from, tos) in actual_edges() {
        let ok = allowed
            .get(from.as_str())
            .unwrap_or_else(|| panic!("module `{from}` is not in ALLOWED: add it"));
        for (to, at) in tos {
            if !ok.contains(&to.as_str()) {
                bad.push(format!("{from} → {to} ({at})"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "imports against the pipeline's direction:\n{}",
        bad.join("\n")
    );
}

#[test]
fn allowed_edges_form_a_dag_and_name_real_modules() {
    let names: BTreeSet<&str> = ALLOWED.iter().map(|(m, _)| *m).collect();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for m in &names {
        assert!(
            src.join(format!("{m}.rs")).exists() || src.join(m).join("mod.rs").exists(),
            "ALLOWED names `{m}`, which is not a module"
        );
    }
    // Listed lowest first: every module may use only modules listed before it.
    let mut seen = BTreeSet::new();
    for (m, tos) in ALLOWED {
        for t in *tos {
            assert!(
                seen.contains(t),
                "`{m}` may use `{t}`, which is not listed before it (a cycle or a wrong order)"
            );
        }
        seen.insert(*m);
    }
}

#[test]
fn the_scanner_sees_grouped_and_plain_paths() {
    assert_eq!(
        targets_in("use crate::{link, parse::{a, b}, rules};"),
        ["link", "parse", "rules"]
    );
    assert_eq!(
        targets_in("let x = crate::diag::Severity::Error; crate::fix::apply()"),
        ["diag", "fix"]
    );
}
