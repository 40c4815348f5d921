//! Throughput and latency benchmarks (run with `cargo bench`).
//!
//! - parse + full rule set over a corpus built by repeating the seed documents
//!   to about 50 MB (MB/s per core: the check runs on one thread);
//! - one report + annex pair end to end (load excluded), median of many runs;
//! - alignment of 10,000 annex tasks against 10,000 report sentences
//!   (`GWLINT_BENCH_ALIGN_ONLY=1 cargo bench --bench throughput` runs only it).
//!
//! Numbers are printed; nothing is asserted (timings never gate tests).

use std::time::{Duration, Instant};

use gwlint::load::SourceFile;
use gwlint::parse::ParseOptions;
use gwlint::rules::data::Data;

fn seed(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/fixtures/seeds/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn main() {
    // One thread: the target is per core.
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .ok();
    let data = Data::builtin();
    let opts = ParseOptions::default();
    let names = [
        "changqing-2025-annex.md",
        "changqing-2025-report-news.txt",
        "changqing-2021-health-opinion-and-plan.txt",
        "changqing-2024-report.txt",
        "tianqiao-2025-report.txt",
    ];
    let texts: Vec<(String, String)> = names.iter().map(|n| (n.to_string(), seed(n))).collect();

    if std::env::var_os("GWLINT_BENCH_ALIGN_ONLY").is_some() {
        alignment_10k();
        return;
    }
    if std::env::var_os("GWLINT_BENCH_PAIR_ONLY").is_some() {
        for _ in 0..300 {
            let s = vec![
                SourceFile::from_text("report.txt", &texts[1].1),
                SourceFile::from_text("annex.md", &texts[0].1),
            ];
            std::hint::black_box(gwlint::check_sources(s, &data, &opts));
        }
        return;
    }

    // Corpus: ~50 MB of documents, each its own file (as in a repository).
    let per_round: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let rounds = (50 * 1024 * 1024) / per_round + 1;
    let mut sources = Vec::new();
    for r in 0..rounds {
        for (n, t) in &texts {
            sources.push(SourceFile::from_text(&format!("{r}/{n}"), t));
        }
    }
    let bytes: usize = sources.iter().map(|s| s.text.len()).sum();
    let start = Instant::now();
    let run = gwlint::check_sources(sources, &data, &opts);
    let elapsed = start.elapsed();
    println!(
        "full rule set, 1 thread: {:.1} MB in {:.2?} = {:.1} MB/s ({} findings)",
        bytes as f64 / 1e6,
        elapsed,
        bytes as f64 / 1e6 / elapsed.as_secs_f64(),
        run.diagnostics.len()
    );

    // Parse only.
    let start = Instant::now();
    for (i, s) in run.sources.iter().enumerate() {
        std::hint::black_box(gwlint::parse::parse(i, s, &opts));
    }
    let elapsed = start.elapsed();
    println!(
        "parse only, 1 thread: {:.1} MB/s",
        bytes as f64 / 1e6 / elapsed.as_secs_f64()
    );

    // The link stage alone (pairing and alignment).
    let start = Instant::now();
    let links = gwlint::link::link(&run.sources, &run.docs, &data.targets);
    println!(
        "link stage: {:.2?} ({} links)",
        start.elapsed(),
        links.len()
    );

    // Per rule, over the parsed corpus: where the time goes.
    if std::env::var_os("GWLINT_BENCH_RULES").is_some() {
        let docs = &run.docs;
        let cx = gwlint::rules::Context::new(&run.sources, docs, &run.links, &data);
        let mut rows = Vec::new();
        for (meta, rule) in gwlint::rules::codes::registry() {
            let t = Instant::now();
            let mut out = Vec::new();
            for d in docs {
                rule.check_document(meta, &cx, d, &mut out);
            }
            rule.check_corpus(meta, &cx, &mut out);
            rows.push((t.elapsed(), meta.code, out.len()));
        }
        rows.sort_by_key(|r| std::cmp::Reverse(r.0));
        for (t, code, n) in rows.iter().take(15) {
            println!(
                "  {code}: {:.1} MB/s ({t:.2?}, {n} findings)",
                bytes as f64 / 1e6 / t.as_secs_f64()
            );
        }
    }

    // One large document (catches work that grows faster than the text).
    let big = SourceFile::from_text("big.md", &texts[0].1.repeat(400));
    let big_bytes = big.text.len();
    let start = Instant::now();
    let run_big = gwlint::check_sources(vec![big], &data, &opts);
    let elapsed = start.elapsed();
    println!(
        "one {:.1} MB annex: {:.2?} = {:.1} MB/s ({} findings)",
        big_bytes as f64 / 1e6,
        elapsed,
        big_bytes as f64 / 1e6 / elapsed.as_secs_f64(),
        run_big.diagnostics.len()
    );

    alignment_10k();

    // Report + annex pair latency.
    let pair = || {
        vec![
            SourceFile::from_text("report.txt", &texts[1].1),
            SourceFile::from_text("annex.md", &texts[0].1),
        ]
    };
    let mut times: Vec<Duration> = (0..50)
        .map(|_| {
            let s = pair();
            let t = Instant::now();
            std::hint::black_box(gwlint::check_sources(s, &data, &opts));
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "report + annex pair: median {:.2?}, max {:.2?}",
        times[times.len() / 2],
        times[times.len() - 1]
    );
}

/// Alignment of 10,000 annex tasks against a report of 10,000 sentences
/// (issue 15: ≤ 200 ms): sentences of the published reports in
/// `fixtures/corpus/`, each made distinct by its own numbers; the tasks are
/// the same sentences reworded at the end, in another order.
fn alignment_10k() {
    use gwlint::link::align::ReportIndex;
    let mut pool: Vec<String> = Vec::new();
    let dir = format!("{}/fixtures/corpus", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    for p in names {
        let t = std::fs::read_to_string(p).unwrap();
        for s in t.split('。') {
            let s = s.trim();
            if (20..=150).contains(&s.chars().count()) && !s.contains('\n') {
                pool.push(s.to_string());
            }
        }
    }
    const N: usize = 10_000;
    let sentence = |i: usize| format!("{}，完成{}项{}万元。", pool[i % pool.len()], i % 97 + 3, i);
    let report: String = (0..N).map(sentence).collect::<Vec<_>>().join("\n");
    let annex: String = (0..N)
        .map(|k| {
            let i = (k * 7919) % N;
            let s = sentence(i);
            format!(
                "{}.{}（牵头单位：区发展改革局）\n",
                k + 1,
                s.trim_end_matches('。')
            )
        })
        .collect();
    let opts = ParseOptions::default();
    let rs = SourceFile::from_text("report.txt", &format!("某区2026年政府工作报告\n{report}\n"));
    let asrc = SourceFile::from_text("annex.txt", &format!("某区2026年重点工作责任分工\n{annex}"));
    let rdoc = gwlint::parse::parse(0, &rs, &opts);
    let adoc = gwlint::parse::parse(1, &asrc, &opts);
    let runits = gwlint::targets::units(&rdoc, &rs, &[]);
    let aunits = gwlint::targets::units(&adoc, &asrc, &[]);
    let t = Instant::now();
    let index = ReportIndex::new(&runits);
    let built = t.elapsed();
    let aligned: Vec<_> = aunits
        .iter()
        .enumerate()
        .map(|(i, u)| index.align(i, u))
        .collect();
    let total = t.elapsed();
    let with_passage = aligned.iter().filter(|a| !a.passages.is_empty()).count();
    println!(
        "alignment: {} annex units × {} report sentences: index {:.2?}, total {:.2?} ({} aligned to a passage)",
        aunits.len(),
        index.sentences.len(),
        built,
        total,
        with_passage
    );
    // The same on two threads (tasks in parallel, as the link stage runs
    // them; the index is built on one).
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let t = Instant::now();
    let (built, aligned2) = pool.install(|| {
        use rayon::prelude::*;
        let index = ReportIndex::new(&runits);
        let built = t.elapsed();
        let aligned: Vec<_> = aunits
            .par_iter()
            .enumerate()
            .map(|(i, u)| index.align(i, u))
            .collect();
        (built, aligned)
    });
    let total = t.elapsed();
    assert_eq!(
        format!("{aligned:?}"),
        format!("{aligned2:?}"),
        "two threads align as one"
    );
    println!("alignment, 2 threads: index {built:.2?}, total {total:.2?}");
}
