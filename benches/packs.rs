//! Cost of rule packs (`cargo bench --bench packs`, release build, one
//! thread): the check of a varied corpus — `benches/gen_corpus.py`, shapes
//! `pairs` (reports, annexes, implementation opinions, unrelated reports of
//! many made-up districts) and `reports` (work reports only, the fastest
//! shape, where a pack weighs most), `GWLINT_BENCH_PACK_SIZE` bytes each
//! (default `4M`) — with the built-in rules and packs, then with a
//! generated pack of 1,000 substitutions added, then with 60 regex rules
//! over every scope on top; then the pack stage alone over the same parsed
//! files.
//!
//! The pack is made from the corpus itself, as an office's dictionary
//! would look: 900 misspellings that do not occur (a real four-character
//! word with one character changed), 100 three-character words that do
//! occur (each a finding with a fix) and 50 exceptions (longer correct
//! strings around some of them). All literals of all packs share one
//! aho-corasick automaton (leftmost-longest), so the whole pack costs one
//! pass over each file.
//!
//! Each configuration runs `GWLINT_BENCH_REPEAT` times (default 5), in
//! turn; the best process CPU time counts (the machine is shared, CPU time
//! is steadier than wall time). The target: 1,000 substitutions
//! slow a check by at most 20%. Numbers are printed; nothing is asserted.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use gwlint::load::SourceFile;
use gwlint::parse::ParseOptions;
use gwlint::rules::data::Data;

/// Process CPU time (user + system).
fn cpu() -> Duration {
    #[cfg(unix)]
    {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid, writable timespec.
        unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
        Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    }
    #[cfg(not(unix))]
    {
        static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        START.get_or_init(Instant::now).elapsed()
    }
}

/// The generated corpus: `(file name, text)`, sorted by name.
fn corpus(dir: &Path, shape: &str, size: &str) -> Vec<(String, String)> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/gen_corpus.py");
    let ok = std::process::Command::new("python3")
        .args([script, &dir.display().to_string(), shape, size])
        .status()
        .expect("python3 runs benches/gen_corpus.py");
    assert!(ok.success(), "gen_corpus.py failed");
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Runs of Chinese characters in the corpus.
fn runs(texts: &[(String, String)]) -> Vec<Vec<char>> {
    let mut out = Vec::new();
    for (_, t) in texts {
        let mut cur = Vec::new();
        for c in t.chars() {
            if ('\u{4e00}'..='\u{9fff}').contains(&c) {
                cur.push(c);
            } else if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// A deterministic generator (splitmix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Windows of `n` characters with their counts.
fn windows(runs: &[Vec<char>], n: usize) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for r in runs {
        for w in r.windows(n) {
            *m.entry(w.iter().collect::<String>()).or_insert(0) += 1;
        }
    }
    m
}

/// The 1,000-substitution pack (ten rules of 100 swaps) and, with
/// `regexes`, 60 regex rules over every scope.
fn pack(texts: &[(String, String)], regexes: bool) -> String {
    let runs = runs(texts);
    let w3 = windows(&runs, 3);
    let w4 = windows(&runs, 4);
    let w5 = windows(&runs, 5);
    let chars: Vec<char> = {
        let mut v: Vec<char> = w3.keys().flat_map(|k| k.chars()).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut rng = Rng(20261205);
    // 100 words that occur 2–30 times: findings.
    let frequent: Vec<&String> = w3
        .iter()
        .filter(|(_, &c)| (2..=30).contains(&c))
        .map(|(k, _)| k)
        .collect();
    let mut present: Vec<String> = Vec::new();
    let mut used = HashSet::new();
    while present.len() < 100 {
        let w = frequent[rng.below(frequent.len())];
        if used.insert(w.clone()) {
            present.push(w.clone());
        }
    }
    // 900 misspellings of real four-character words that do not occur.
    let four: Vec<&String> = w4.keys().collect();
    let mut absent: Vec<String> = Vec::new();
    while absent.len() < 900 {
        let mut w: Vec<char> = four[rng.below(four.len())].chars().collect();
        w[1 + rng.below(2)] = chars[rng.below(chars.len())];
        let s: String = w.iter().collect();
        if !w4.contains_key(&s) && used.insert(s.clone()) {
            absent.push(s);
        }
    }
    // 50 exceptions: a five-character string around a present word.
    let mut exceptions: Vec<Vec<String>> = vec![Vec::new(); 10];
    for k in w5.keys() {
        let Some(i) = present.iter().position(|p| k.contains(p.as_str())) else {
            continue;
        };
        let rule = i / 10;
        if exceptions.iter().map(Vec::len).sum::<usize>() < 50
            && exceptions[rule].len() < 5
            && !exceptions[rule].contains(k)
            && k.matches(present[i].as_str()).count() == 1
        {
            exceptions[rule].push(k.clone());
        }
    }
    let mut p = String::from("[pack]\nname = \"bench\"\nprefix = \"BN\"\n");
    for r in 0..10 {
        let mut swaps: Vec<(String, String)> = Vec::new();
        for w in &present[r * 10..r * 10 + 10] {
            let mut c: Vec<char> = w.chars().collect();
            c[2] = if c[2] == '甲' { '乙' } else { '甲' };
            swaps.push((w.clone(), c.iter().collect()));
        }
        for w in &absent[r * 90..r * 90 + 90] {
            let mut c: Vec<char> = w.chars().collect();
            c[0] = if c[0] == '甲' { '乙' } else { '甲' };
            swaps.push((w.clone(), c.iter().collect()));
        }
        writeln!(
            p,
            "\n[[rule]]\ncode = \"BN{:03}\"\nname = \"bench-swaps-{r}\"\ntype = \"substitution\"\nmessage = \"“{{matched}}”应为{{preferred}}\"\nfix = \"safe\"",
            r + 1
        )
        .unwrap();
        if !exceptions[r].is_empty() {
            let list: Vec<String> = exceptions[r].iter().map(|e| format!("\"{e}\"")).collect();
            writeln!(p, "exceptions = [{}]", list.join(", ")).unwrap();
        }
        writeln!(p, "[rule.swap]").unwrap();
        for (k, v) in &swaps {
            writeln!(p, "\"{k}\" = \"{v}\"").unwrap();
        }
        writeln!(
            p,
            "[[rule.test]]\ntext = \"{}\"\nexpect = 1\nfixed = \"{}\"",
            swaps[0].0, swaps[0].1
        )
        .unwrap();
    }
    if regexes {
        // (scope, self-test text around the matched word `{}`).
        let scopes = [
            ("document", "{}"),
            ("paragraph", "{}。\\n"),
            ("heading", "一、{}\\n"),
            ("task", "1.推进{}。（牵头单位：区财政局）\\n"),
            ("clause", "1.推进工作。（牵头单位：{}局）\\n"),
            (
                "lead",
                "1.推进工作。（牵头单位：{}局；责任单位：区财政局）\\n",
            ),
        ];
        for i in 0..60 {
            let (scope, test) = scopes[i % scopes.len()];
            let first: String = present[i].chars().take(2).collect();
            let digits = i % 3 + 1;
            let word = format!("{first}{}", "7".repeat(digits));
            writeln!(
                p,
                "\n[[rule]]\ncode = \"BN{:03}\"\nname = \"bench-pattern-{i}\"\ntype = \"pattern\"\nscope = \"{scope}\"\nmessage = \"x\"\nregex = '{first}[0-9]{{{digits}}}[万亿]?'\n[[rule.test]]\ntext = \"{}\"\nexpect = [\"{word}\"]",
                100 + i,
                test.replace("{}", &word),
            )
            .unwrap();
        }
    }
    p
}

/// The best of `repeat` runs of `f` (CPU time, wall time, its count).
fn best_of(repeat: usize, mut f: impl FnMut() -> usize) -> (Duration, Duration, usize) {
    let mut best = (Duration::MAX, Duration::MAX, 0);
    for _ in 0..repeat {
        let (c0, w0) = (cpu(), Instant::now());
        let n = f();
        let (c, w) = (cpu() - c0, w0.elapsed());
        best = (best.0.min(c), best.1.min(w), n);
    }
    best
}

fn main() {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .ok();
    let size = std::env::var("GWLINT_BENCH_PACK_SIZE").unwrap_or_else(|_| "4M".into());
    let repeat: usize = std::env::var("GWLINT_BENCH_REPEAT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let dir = tempfile::tempdir().unwrap();
    for shape in ["pairs", "reports"] {
        shape_run(dir.path(), shape, &size, repeat);
    }
}

/// One corpus shape: the whole check with each configuration, then the
/// pack stage alone over the parsed documents.
fn shape_run(dir: &Path, shape: &str, size: &str, repeat: usize) {
    let texts = corpus(&dir.join(shape), shape, size);
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "\n## benches/gen_corpus.py {shape} {size}: {} files, {mb:.1} MB",
        texts.len(),
    );
    let load = |regexes: bool| {
        let d = dir.join(format!("{shape}-pack-{regexes}"));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("bench.toml"), pack(&texts, regexes)).unwrap();
        let t = Instant::now();
        let mut data = Data::builtin();
        data.packs = gwlint::config::load_packs(&[d]).unwrap();
        println!(
            "load + self-test + compile {} pack rules: {:.2?}",
            data.packs
                .metas()
                .filter(|m| m.code.starts_with("BN"))
                .count(),
            t.elapsed()
        );
        data
    };
    let configs = [
        ("built-in rules and packs", Data::builtin()),
        ("+ 1,000 substitutions", load(false)),
        ("+ 1,000 substitutions + 60 regex rules", load(true)),
    ];
    let opts = ParseOptions::default();
    let sources = || -> Vec<SourceFile> {
        texts
            .iter()
            .map(|(n, t)| SourceFile::from_text(n, t))
            .collect()
    };
    // The whole check, configurations in turn.
    let mut best: Vec<(Duration, Duration, usize)> =
        vec![(Duration::MAX, Duration::MAX, 0); configs.len()];
    for _ in 0..repeat {
        for (i, (_, data)) in configs.iter().enumerate() {
            let s = sources();
            let (c0, w0) = (cpu(), Instant::now());
            let run = gwlint::check_sources(s, data, &opts);
            let (c, w) = (cpu() - c0, w0.elapsed());
            let b = &mut best[i];
            *b = (b.0.min(c), b.1.min(w), run.diagnostics.len());
        }
    }
    let base = best[0].0.as_secs_f64();
    println!("whole check (parse, link, every rule), best CPU of {repeat}:");
    for ((label, _), (c, w, n)) in configs.iter().zip(&best) {
        println!(
            "  {label}: CPU {:.3} s ({:.1} MB/s), wall {:.3} s, {n} findings, {:+.1}% CPU",
            c.as_secs_f64(),
            mb / c.as_secs_f64(),
            w.as_secs_f64(),
            (c.as_secs_f64() / base - 1.0) * 100.0
        );
    }
    // The pack stage alone over the same parsed documents.
    let srcs = sources();
    let docs: Vec<_> = srcs
        .iter()
        .enumerate()
        .map(|(i, s)| gwlint::parse::parse(i, s, &opts))
        .collect();
    println!("pack stage alone (every loaded pack rule over the parsed files):");
    for (label, data) in &configs {
        let cx = gwlint::rules::Context::new(&srcs, &docs, &[], data);
        let (c, _, n) = best_of(repeat, || data.packs.run(&cx, &data.settings).len());
        println!(
            "  {label}: CPU {:.1} ms ({:.0} MB/s), {n} findings = {:.1}% of the whole check without packs",
            c.as_secs_f64() * 1e3,
            mb / c.as_secs_f64(),
            c.as_secs_f64() / base * 100.0
        );
    }
}
