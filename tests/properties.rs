//! Property tests for the invariants the fuzz targets check (issue 12), in
//! `cargo test` on stable: spans of every finding lie within their file and
//! on character boundaries; decoding round-trips byte-exactly for UTF-8 and
//! UTF-16; one round of `--fix` keeps every byte outside its edits and a
//! second `--fix` changes nothing.
//!
//! Texts are built from a Chinese official document's alphabet: numbering,
//! brackets of both widths, the lead-unit labels, units, quantities, runs of
//! half-width marks and line breaks. Case counts are kept small (the whole
//! file runs in a few seconds in a debug build); the fuzz targets in `fuzz/`
//! run the same checks millions of times.

use std::sync::OnceLock;

use gwlint::fix::{self, FixMode};
use gwlint::load::{decode, Encoding, SourceFile};
use gwlint::parse::ParseOptions;
use gwlint::rules::data::Data;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "一、",
    "（二）",
    "(三)",
    "（4）",
    "1.",
    "12．",
    "3、",
    "①",
    "第一章",
    "附件1",
    "## ",
    "**",
    "（",
    "）",
    "(",
    ")",
    "【",
    "】",
    "〔",
    "〕",
    "“",
    "”",
    "\"",
    "《",
    "》",
    "：",
    ":",
    "；",
    ";",
    "、",
    "，",
    ",",
    "。",
    ".",
    "？",
    "?",
    "！",
    "!",
    "～",
    "—",
    "-",
    " ",
    "\u{3000}",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "牵头单位：",
    "责任单位：",
    "牵头单位",
    "区财政局",
    "市发展改革委",
    "各街镇",
    "按职责分工负责",
    "等部门",
    "推进",
    "加强管理",
    "完成",
    "增长",
    "5.6%",
    "５．６％",
    "力争",
    "以上",
    "亿元",
    "万元",
    "2025年",
    "2021-2025年",
    "3月底前",
    "地区生产总值",
    "和",
    "的的",
    "XX",
    "济长政字[2021]28号",
    "一是",
    "二是",
    "0",
    "7",
    "12",
    "2024",
    "甲",
    "乙",
    "𠀀",
    "é",
    ",,,,,,,,,,,,",
    "((((((((((((",
    ";;;;;;;;;;;;",
    "::::::::::::",
    "))))))))))))",
];

fn data() -> &'static Data {
    static D: OnceLock<Data> = OnceLock::new();
    D.get_or_init(Data::builtin)
}

/// Every rule, the default-off ones too.
fn all_rules() -> &'static Data {
    static D: OnceLock<Data> = OnceLock::new();
    D.get_or_init(|| {
        let mut d = Data::builtin();
        d.settings.select = vec!["ALL".into()];
        d
    })
}

fn document(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..max).prop_map(|v| v.concat())
}

fn check(data: &Data, sources: Vec<SourceFile>) -> gwlint::Run {
    gwlint::check_sources(sources, data, &ParseOptions::default())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Every label and fix edit of every finding lies within its file and
    /// on character boundaries (a report and an annex, so pairing runs too).
    #[test]
    fn spans_are_in_the_file_and_on_char_boundaries(
        report in document(80),
        annex in document(60),
    ) {
        let run = check(all_rules(), vec![
            SourceFile::from_text("报告.md", &report),
            SourceFile::from_text("附件.txt", &annex),
        ]);
        let ok = |file: usize, span: &std::ops::Range<usize>| {
            let t = &run.sources[file].text;
            span.start <= span.end
                && span.end <= t.len()
                && t.is_char_boundary(span.start)
                && t.is_char_boundary(span.end)
        };
        for d in &run.diagnostics {
            prop_assert!(ok(d.primary.file, &d.primary.span), "{} {:?}", d.code, d.primary.span);
            for l in &d.secondary {
                prop_assert!(ok(l.file, &l.span), "{} secondary {:?}", d.code, l.span);
            }
            for e in d.fix.iter().flat_map(|f| &f.edits) {
                prop_assert!(ok(e.file, &e.span), "{} edit {:?}", d.code, e.span);
            }
        }
    }

    /// One round of fixes changes only the bytes of its accepted edits
    /// (which do not overlap); after `--fix` (rounds until stable) it has
    /// converged and a second `--fix` would change nothing.
    #[test]
    fn fix_keeps_bytes_outside_edits_and_a_second_fix_changes_nothing(text in document(80)) {
        let recheck = |s: Vec<SourceFile>| check(data(), s);
        let run = recheck(vec![SourceFile::from_text("a.md", &text)]);
        for f in fix::apply(&run.sources, &run.diagnostics, FixMode::Safe) {
            let mut at = 0;
            let mut rebuilt = String::new();
            for (span, rep) in &f.edits {
                prop_assert!(span.start >= at, "overlapping accepted edits");
                rebuilt.push_str(&text[at..span.start]);
                rebuilt.push_str(rep);
                at = span.end;
            }
            rebuilt.push_str(&text[at..]);
            prop_assert_eq!(&rebuilt, &f.text);
        }
        let (after, fixed) = fix::until_stable(run, FixMode::Safe, recheck);
        prop_assert!(fixed.converged, "--fix did not converge in {} rounds", fix::MAX_ROUNDS);
        let again = fix::apply(&after.sources, &after.diagnostics, FixMode::Safe);
        prop_assert!(again.is_empty(), "a second --fix would change {:?}", again);
        // The pieces `--fix` writes from describe the same fixed text.
        prop_assert_eq!(fixed.pieces[0].text(&text), after.sources[0].text.clone());
    }

    /// Long runs of half-width marks in Chinese text are fixed whole in
    /// the first round, without reaching the round cap.
    #[test]
    fn long_half_width_runs_are_fixed_in_one_round(
        runs in proptest::collection::vec((proptest::sample::select(&[",", ";", ":", "(", ")", "?", "!"][..]), 1usize..60), 1..4),
    ) {
        let mut text = String::from("一、总体要求\n");
        for (mark, n) in &runs {
            text.push_str("推进工作");
            text.push_str(&mark.repeat(*n));
            text.push_str("加快建设\n");
        }
        let recheck = |s: Vec<SourceFile>| check(data(), s);
        let run = recheck(vec![SourceFile::from_text("a.txt", &text)]);
        let (after, fixed) = fix::until_stable(run, FixMode::Safe, recheck);
        prop_assert!(fixed.converged);
        prop_assert!(fixed.rounds <= 2, "{} rounds", fixed.rounds);
        prop_assert!(fix::apply(&after.sources, &after.diagnostics, FixMode::Safe).is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// UTF-8 (with and without BOM) and UTF-16 with a BOM decode to the
    /// text and encoding they were written in and re-encode to the same
    /// bytes.
    #[test]
    fn utf8_and_utf16_round_trip(
        text in "[^\u{0}-\u{8}\u{b}-\u{1f}\u{7f}-\u{9f}\u{feff}]{0,40}".prop_filter("a BOM-like start", |t| !t.starts_with('\u{feff}')),
        which in 0usize..4,
    ) {
        let enc = [Encoding::Utf8, Encoding::Utf8Bom, Encoding::Utf16Le, Encoding::Utf16Be][which];
        let bytes = enc.encode(&text);
        let (back, got) = decode(&bytes).expect("decodes");
        prop_assert_eq!(&back, &text);
        prop_assert_eq!(got, enc);
        prop_assert_eq!(got.encode(&back), bytes);
    }

    /// Any bytes that decode as UTF-8 or UTF-16 (BOM or not) re-encode to
    /// exactly those bytes; GB18030 text decodes back to the same text.
    #[test]
    fn decoded_bytes_re_encode_exactly(
        text in document(30),
        which in 0usize..7,
        noise in proptest::collection::vec(any::<u8>(), 0..6),
    ) {
        let enc = [
            Encoding::Utf8, Encoding::Utf8Bom, Encoding::Utf16Le, Encoding::Utf16Be,
            Encoding::Utf16LeNoBom, Encoding::Utf16BeNoBom, Encoding::Gb18030,
        ][which];
        let mut bytes = enc.encode(&text);
        bytes.extend(&noise);
        if let Ok((t, got)) = decode(&bytes) {
            let again = got.encode(&t);
            if got == Encoding::Gb18030 {
                let (back, _, bad) = encoding_rs::GB18030.decode(&again);
                prop_assert!(!bad && back == t);
            } else {
                prop_assert_eq!(again, bytes, "{:?}", got);
            }
        }
    }
}
