//! check → fix → re-check: no panic; after the fix loop converges, one more
//! check offers no applicable safe fix (a second `--fix` changes nothing);
//! one round of edits leaves every byte outside the edits unchanged.
#![no_main]

use std::sync::OnceLock;

use gwlint::fix::{self, FixMode};
use gwlint::load::SourceFile;
use gwlint::parse::ParseOptions;
use gwlint::rules::data::Data;
use libfuzzer_sys::fuzz_target;

fn data() -> &'static Data {
    static D: OnceLock<Data> = OnceLock::new();
    D.get_or_init(Data::builtin)
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let check = |s: Vec<SourceFile>| gwlint::check_sources(s, data(), &ParseOptions::default());
    let run = check(vec![SourceFile::from_text("a.md", text)]);
    // One round: outside the accepted edits, the text is unchanged.
    for f in fix::apply(&run.sources, &run.diagnostics, FixMode::Safe) {
        let mut spans: Vec<_> = f
            .fixed
            .iter()
            .flat_map(|&i| run.diagnostics[i].fix.as_ref().unwrap().edits.iter())
            .map(|e| (e.span.clone(), e.replacement.as_str()))
            .collect();
        spans.sort_by_key(|(s, _)| (s.start, s.end));
        let mut rebuilt = String::new();
        let mut at = 0;
        for (s, r) in &spans {
            assert!(s.start >= at, "overlapping accepted edits");
            rebuilt.push_str(&text[at..s.start]);
            rebuilt.push_str(r);
            at = s.end;
        }
        rebuilt.push_str(&text[at..]);
        assert_eq!(rebuilt, f.text);
    }
    let (after, fixed) = fix::until_stable(run, FixMode::Safe, check);
    if fixed.converged {
        let again = fix::apply(&after.sources, &after.diagnostics, FixMode::Safe);
        assert!(again.is_empty(), "a second --fix would change {again:?}");
    }
});
