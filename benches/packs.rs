//! Cost of rule packs (run with `cargo bench --bench packs`): the full rule
//! set over ~20 MB of seed documents, without and with a generated pack of
//! 1,000 substitutions plus 50 regex rules (all literals share one
//! aho-corasick automaton; regexes one `RegexSet` per scope). The issue's
//! target: at most 20% slower. Numbers are printed; nothing is asserted.

use std::fmt::Write as _;
use std::time::Instant;

use gwlint::load::SourceFile;
use gwlint::parse::ParseOptions;
use gwlint::rules::data::Data;

fn main() {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .ok();
    let names = [
        "changqing-2025-annex.md",
        "changqing-2025-report-news.txt",
        "changqing-2021-health-opinion-and-plan.txt",
        "changqing-2024-report.txt",
        "tianqiao-2025-report.txt",
    ];
    let texts: Vec<(String, String)> = names
        .iter()
        .map(|n| {
            let p = format!("{}/fixtures/seeds/{n}", env!("CARGO_MANIFEST_DIR"));
            (n.to_string(), std::fs::read_to_string(p).unwrap())
        })
        .collect();
    let per_round: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let rounds = (20 * 1024 * 1024) / per_round + 1;
    let sources = || {
        let mut v = Vec::new();
        for r in 0..rounds {
            for (n, t) in &texts {
                v.push(SourceFile::from_text(&format!("{r}/{n}"), t));
            }
        }
        v
    };
    let bytes: usize = sources().iter().map(|s| s.text.len()).sum();

    // A pack of 1,000 substitutions built from real two-character words of
    // the seeds (so the automaton really matches), plus 50 pattern rules.
    let chars: Vec<char> = texts[0]
        .1
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .collect();
    let mut words: Vec<String> = chars
        .windows(3)
        .map(|w| w.iter().collect::<String>())
        .collect();
    words.sort();
    words.dedup();
    let mut pack = String::from("[pack]\nname = \"bench\"\nprefix = \"BN\"\n");
    pack.push_str("[[rule]]\ncode = \"BN001\"\nname = \"bench-swaps\"\ntype = \"substitution\"\nmessage = \"{matched} → {preferred}\"\n[rule.swap]\n");
    for w in words.iter().take(1000) {
        writeln!(pack, "\"{w}\" = \"{w}甲\"").unwrap();
    }
    writeln!(pack, "[[rule.test]]\ntext = \"{}\"\nexpect = 1", words[0]).unwrap();
    for i in 0..50 {
        writeln!(
            pack,
            "[[rule]]\ncode = \"BN{:03}\"\nname = \"bench-pattern-{i}\"\ntype = \"pattern\"\nmessage = \"x\"\nregex = '{}[0-9]{{{}}}号'\n[[rule.test]]\ntext = \"第{}号\"\nexpect = 1",
            i + 2,
            words[i + 1],
            i % 3 + 1,
            format_args!("{}{}", words[i + 1], "1".repeat(i % 3 + 1)),
        )
        .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bench.toml"), &pack).unwrap();

    let opts = ParseOptions::default();
    let mut without = Data::builtin();
    without.packs = Default::default();
    let mut with = Data::builtin();
    let t = Instant::now();
    with.packs = gwlint::config::load_packs(&[dir.path().to_path_buf()]).unwrap();
    println!(
        "load + self-test + compile the 1,050-rule pack: {:.2?}",
        t.elapsed()
    );

    let measure = |data: &Data, label: &str| {
        let s = sources();
        let t = Instant::now();
        let run = gwlint::check_sources(s, data, &opts);
        let e = t.elapsed();
        println!(
            "{label}: {:.1} MB in {e:.2?} = {:.1} MB/s ({} findings)",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / e.as_secs_f64(),
            run.diagnostics.len()
        );
        e.as_secs_f64()
    };
    let a = measure(&without, "built-in rules, no packs");
    let b = measure(&with, "built-in rules + 1,050 pack rules");
    println!("slowdown: {:+.1}%", (b / a - 1.0) * 100.0);
}
