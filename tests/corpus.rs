//! Published work reports (`fixtures/corpus/`, see its SOURCES.md): edited
//! texts that a checker should say almost nothing about. Every finding of the
//! default rule set on every report is snapshotted, one snapshot per report,
//! so that any change in noise shows up in review.
//!
//! Each report is checked on its own, as a user checking one published file
//! would. Safe fixes are part of the listing (`[safe]` plus the replacement),
//! so a fix that would touch anything but the defect shows up too.

mod common;

use std::path::Path;

/// One line per finding: `line:col severity CODE message ⟦excerpt⟧ [fix]`.
fn listing(path: &str) -> String {
    let run = common::run(&[path], &[]);
    let src = &run.sources[0];
    run.diagnostics
        .iter()
        .map(|d| {
            let (l, c) = src.line_col(d.primary.span.start);
            let excerpt: String = src.text[d.primary.span.clone()].chars().take(20).collect();
            let fix = match &d.fix {
                None => String::new(),
                Some(f) => {
                    let edits: Vec<String> = f
                        .edits
                        .iter()
                        .take(3)
                        .map(|e| {
                            format!(
                                "⟦{}⟧→⟦{}⟧",
                                src.text[e.span.clone()].replace('\n', "⏎"),
                                e.replacement.replace('\n', "⏎")
                            )
                        })
                        .collect();
                    let more = if f.edits.len() > 3 {
                        format!(" …共 {} 处", f.edits.len())
                    } else {
                        String::new()
                    };
                    format!(" [{:?}] {}{more}", f.applicability, edits.join(" "))
                }
            };
            format!(
                "{l}:{c} {} {} {} ⟦{}⟧{fix}",
                d.severity.label(),
                d.code,
                d.message,
                excerpt.replace('\n', "⏎")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn reports() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus");
    let mut v: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures/corpus")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.ends_with(".txt")
                .then(|| format!("fixtures/corpus/{name}"))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn corpus_has_every_report() {
    assert_eq!(reports().len(), 18, "{:?}", reports());
}

#[test]
fn every_finding_on_every_report() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for path in reports() {
            let stem = Path::new(&path)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            insta::assert_snapshot!(format!("corpus__{stem}"), listing(&path));
        }
    });
}
