//! Checking a large run one group of files at a time.
//!
//! A run held in memory keeps every source, document and link until its
//! findings are printed: about 11 bytes for each byte read. A streaming run
//! holds only small facts of every file and a few groups at a time:
//! 1. **Survey.** Every file is loaded, parsed and summarised, then dropped;
//!    what is kept is what pairing and grouping read (kind, year, place,
//!    shingle sketch, text hash, unit registry).
//! 2. **Pairing** ([`link::pair::pairs_in`]) decides over those summaries, and
//!    loads a file again only when a decision needs its text (an annex when
//!    its report is picked, a report's shingles when texts must be
//!    compared).
//! 3. **Groups.** Files that the cross-document rules read together — a
//!    report with its annexes, the files of one registered jurisdiction
//!    (N004 compares spellings across them) — form a group; each group is
//!    loaded again and checked as a small run, a few groups at once, in the
//!    order of their first file, and handed to the caller, who prints and
//!    drops it.
//!
//! The findings are those of the same run held in memory: tests compare the
//! output of both on every fixture folder. Runs that a group cannot hold —
//! a rule pack's `consistency` rule compares spellings across every file —
//! are not streamed (see [`can_stream`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::{check_group, GroupFacts, Run};
use crate::link::pair::{self, Files, Pairing};
use crate::link::summary::{self, Place, Summary};
use crate::link::TextUnit;
use crate::load::{Encoding, Format, LoadError, SourceFile};
use crate::model::{DocKind, Document};
use crate::{link, parse, rules};

/// The caller's inputs, by index: a streaming run reads each more than
/// once and keeps neither its text nor its path.
pub trait Inputs: Sync {
    /// How many there are.
    fn count(&self) -> usize;
    /// Loads input `i`.
    fn load(&self, i: usize) -> Result<SourceFile, LoadError>;
    /// Input `i`'s path.
    fn path(&self, i: usize) -> &std::path::Path;
}

/// What a streaming run keeps of a checked file.
#[derive(Debug)]
pub struct Facts {
    /// Its index among the caller's inputs.
    pub input: usize,
    /// Detected kind.
    pub kind: DocKind,
    /// Encoding of its bytes.
    pub encoding: Encoding,
    /// What reading a `.docx` noted (numbering it could not restore…).
    pub warnings: Vec<String>,
    /// Container format.
    format: Format,
    /// Hash and length of its text (identical copies pair alike).
    hash: u64,
    len: usize,
    /// A report's summary for pairing, with its sketch; made while the file
    /// was surveyed once the run has shown an annex, else when pairing
    /// first asks.
    summary: Mutex<Option<Box<Summary>>>,
    /// An annex's place and year (pairing takes annexes of one place and
    /// year together).
    place: Option<Box<str>>,
    year: Option<u32>,
    /// The unit registry it belongs to (files of one registry are checked
    /// together).
    registry: Option<String>,
}

/// Whether a run with these settings can be checked group by group with
/// the same findings: not when an enabled rule-pack `consistency` rule
/// counts spellings across every file of the run.
pub fn can_stream(data: &rules::data::Data) -> bool {
    !data.packs.spans_run(&data.settings)
}

/// A surveyed run, ready to be checked group by group.
pub struct Survey<'a> {
    /// The files that were read, by file id.
    pub files: Vec<Facts>,
    /// Inputs that could not be read (input index, why), in input order.
    pub skipped: Vec<(usize, LoadError)>,
    /// Groups of file ids, each ascending, ordered by their first file.
    groups: Vec<Vec<usize>>,
    /// Report ↔ annex pairs of the whole run (file ids).
    pairs: Vec<(usize, usize, Pairing)>,
    whole: rules::WholeRun,
    inputs: &'a dyn Inputs,
    data: &'a rules::data::Data,
    opts: &'a parse::ParseOptions,
    /// Files that could not be read again (input index, why).
    failed: Mutex<Vec<(usize, LoadError)>>,
}

/// Steps 1 and 2: surveys the inputs and pairs them.
pub fn survey<'a>(
    inputs: &'a dyn Inputs,
    data: &'a rules::data::Data,
    opts: &'a parse::ParseOptions,
) -> Survey<'a> {
    let annex_seen = AtomicBool::new(false);
    // The run's size sets the sketches' sampling rate (`summary::rate_for`)
    // and the matchers' build: read first (decoding is a small part of a
    // check), so every sketch is made at the run's rate and no larger.
    let total: usize = (0..inputs.count())
        .into_par_iter()
        .map(|i| inputs.load(i).map_or(0, |s| s.text.len()))
        .sum();
    crate::chars::set_run_bytes(total);
    let rate = summary::run_rate();
    let surveyed: Vec<Result<Facts, LoadError>> = (0..inputs.count())
        .into_par_iter()
        .map(|i| {
            let src = inputs.load(i)?;
            Ok(facts(i, &src, data, opts, &annex_seen, rate))
        })
        .collect();
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for (i, r) in surveyed.into_iter().enumerate() {
        match r {
            Ok(f) => files.push(f),
            Err(e) => skipped.push((i, e)),
        }
    }
    // What was read (a file may have changed since the first reading).
    crate::chars::set_run_bytes(files.iter().map(|f| f.len).sum());
    if summary::run_rate() > rate {
        let rate = summary::run_rate();
        for f in &files {
            if let Some(s) = f.summary.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
                summary::thin(&mut s.sketch, rate);
            }
        }
    }
    // Parsing every file left the allocator's free lists fragmented: what
    // they hold goes back to the system before pairing allocates its index.
    give_back_memory();
    let mut s = Survey {
        files,
        skipped,
        groups: Vec::new(),
        pairs: Vec::new(),
        whole: rules::WholeRun::default(),
        inputs,
        data,
        opts,
        failed: Mutex::default(),
    };
    // Pairing serves only the rules that read links, as in a run held in
    // memory.
    if rules::reads_links(&data.settings) {
        s.pairs = pair::pairs_in(&s, &data.targets.pairs);
    }
    let explicit: Vec<usize> = s
        .pairs
        .iter()
        .filter(|p| p.2 == Pairing::Explicit)
        .map(|p| p.0)
        .collect();
    s.whole = rules::WholeRun {
        reports: s.files.iter().filter(|f| f.kind == DocKind::Report).count(),
        free_report: s
            .files
            .iter()
            .enumerate()
            .any(|(k, f)| f.kind == DocKind::Report && !explicit.contains(&k)),
    };
    s.groups = groups(&s.files, &s.pairs);
    give_back_memory();
    s
}

/// Returns the allocator's free memory to the system (glibc keeps freed
/// pages of every thread's arena otherwise; a streaming run's peak is then
/// set by what earlier stages freed, not by what is live).
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases free memory of the allocator
    // that every allocation of this process goes through.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// What the survey keeps of one file.
fn facts(
    input: usize,
    src: &SourceFile,
    data: &rules::data::Data,
    opts: &parse::ParseOptions,
    annex_seen: &AtomicBool,
    rate: u64,
) -> Facts {
    let doc = parse::parse(0, src, opts);
    if doc.kind == DocKind::Annex {
        annex_seen.store(true, Ordering::Relaxed);
    }
    // A report's shingles are most of pairing: made now, while the file is
    // here, once the run has shown it has annexes to pair (a folder of
    // reports alone never needs them).
    let summary = (doc.kind == DocKind::Report && annex_seen.load(Ordering::Relaxed))
        .then(|| Box::new(report_summary(&doc, src, rate)));
    let registry = data.registry_id(&src.text);
    let place = (doc.kind == DocKind::Annex)
        .then(|| {
            summary::place_of(&src.text)
                .name
                .map(String::into_boxed_str)
        })
        .flatten();
    let year = (doc.kind == DocKind::Annex)
        .then(|| pair::year(&doc))
        .flatten();
    Facts {
        input,
        place,
        year,
        kind: doc.kind,
        encoding: src.encoding,
        warnings: src
            .docx
            .iter()
            .flat_map(|m| m.warnings.iter().map(ToString::to_string))
            .collect(),
        format: src.format,
        hash: pair::text_hash(&src.text),
        len: src.text.len(),
        summary: Mutex::new(summary),
        registry,
    }
}

/// A report's summary with its sketch at `rate` (the file id is set by
/// the caller).
fn report_summary(doc: &Document, src: &SourceFile, rate: u64) -> Summary {
    let mut s = pair::summarise(doc, src, None);
    s.sketch = summary::report_sketch_at(&link::units_of(doc, src), rate);
    s
}

/// Files joined by a pair or by one registry, as groups of ascending ids
/// ordered by their first file.
fn groups(files: &[Facts], pairs: &[(usize, usize, Pairing)]) -> Vec<Vec<usize>> {
    let n = files.len();
    let roots = link::document_groups(
        n,
        pairs.iter().map(|&(r, a, _)| (r, a)),
        files.iter().map(|f| f.registry.as_deref()),
    );
    // Roots are each group's smallest id: groups come out in order.
    let mut slot: Vec<Option<usize>> = vec![None; n];
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (k, &r) in roots.iter().enumerate() {
        let g = *slot[r].get_or_insert_with(|| {
            out.push(Vec::new());
            out.len() - 1
        });
        out[g].push(k);
    }
    out
}

impl Survey<'_> {
    /// Loads file `f` again; a file that cannot be read any more is noted
    /// and left out.
    fn reload(&self, f: usize) -> Option<SourceFile> {
        let input = self.files[f].input;
        match self.inputs.load(input) {
            Ok(s) => Some(s),
            Err(e) => {
                let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
                if !failed.iter().any(|(i, _)| *i == input) {
                    failed.push((input, e));
                }
                None
            }
        }
    }

    /// The number of groups.
    pub fn group_count(&self) -> usize {
        self.groups.len()
    }

    /// Step 3: checks each group as a small run, a few groups at a time in
    /// parallel. `each` gets a group's file ids (ascending), those of them
    /// that could be read again (`run`'s file `k` is file `kept[k]`) and
    /// its run, on any thread; `emit` gets what `each` made, in group
    /// order, on this thread.
    pub fn check_groups<T: Send>(
        &self,
        each: impl Fn(&[usize], &[usize], Run) -> T + Sync,
        mut emit: impl FnMut(T),
    ) {
        let window = 4 * rayon::current_num_threads().max(1);
        for chunk in self.groups.chunks(window) {
            let done: Vec<T> = chunk
                .par_iter()
                .map(|ids| {
                    let (kept, run) = self.check_one(ids);
                    each(ids, &kept, run)
                })
                .collect();
            for t in done {
                emit(t);
            }
        }
    }

    /// One group: its files loaded again and checked with its pairs.
    fn check_one(&self, ids: &[usize]) -> (Vec<usize>, Run) {
        let mut sources = Vec::with_capacity(ids.len());
        let mut kept = Vec::with_capacity(ids.len());
        for &f in ids {
            if let Some(s) = self.reload(f) {
                sources.push(s);
                kept.push(f);
            }
        }
        let local = |f: usize| kept.binary_search(&f).ok();
        let pairs = self
            .pairs
            .iter()
            .filter_map(|&(r, a, how)| Some((local(r)?, local(a)?, how)))
            .collect();
        let run = check_group(
            sources,
            self.data,
            self.opts,
            Some(GroupFacts {
                pairs,
                whole: self.whole,
            }),
        );
        (kept, run)
    }

    /// Inputs that could be read during the survey but not afterwards
    /// (input index, why).
    pub fn failed(&self) -> Vec<(usize, LoadError)> {
        std::mem::take(&mut *self.failed.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Loads and parses file `f` again for pairing.
    fn with_loaded(&self, f: usize, g: &mut dyn FnMut(&Document, &SourceFile)) {
        if let Some(src) = self.reload(f) {
            let doc = parse::parse(f, &src, self.opts);
            g(&doc, &src);
        }
    }
}

impl Files for Survey<'_> {
    fn count(&self) -> usize {
        self.files.len()
    }
    fn kind(&self, f: usize) -> DocKind {
        self.files[f].kind
    }
    fn is_path(&self, f: usize, p: &std::path::Path) -> bool {
        let path = self.inputs.path(self.files[f].input);
        pair::is_path(path, &crate::load::discover_name(path), p)
    }
    fn hash(&self, f: usize) -> u64 {
        self.files[f].hash
    }
    fn same_text(&self, a: usize, b: usize) -> bool {
        let (fa, fb) = (&self.files[a], &self.files[b]);
        if fa.hash != fb.hash || fa.len != fb.len || fa.format != fb.format {
            return false;
        }
        // Equal hashes: compare the texts themselves.
        match (self.reload(a), self.reload(b)) {
            (Some(x), Some(y)) => x.text == y.text,
            _ => false,
        }
    }
    fn summary(&self, f: usize, _large: bool) -> Summary {
        let cell = || {
            self.files[f]
                .summary
                .lock()
                .unwrap_or_else(|e| e.into_inner())
        };
        // Asked once per report: moved out, not copied.
        if let Some(s) = cell().take() {
            return Summary { file: f, ..*s };
        }
        let mut made = None;
        let rate = summary::run_rate();
        self.with_loaded(f, &mut |doc, src| {
            made = Some(report_summary(doc, src, rate))
        });
        let s = made.unwrap_or_else(|| Summary {
            file: f,
            kind: self.files[f].kind,
            year: None,
            place: Place::default(),
            unit_level: None,
            sketch: Vec::new(),
            hash: self.files[f].hash,
        });
        Summary { file: f, ..s }
    }
    fn units(&self, f: usize) -> Arc<Vec<TextUnit>> {
        let mut units = Vec::new();
        self.with_loaded(f, &mut |doc, src| units = link::units_of(doc, src));
        Arc::new(units)
    }
    fn mentions(&self, f: usize, place: &Place) -> bool {
        self.reload(f)
            .is_some_and(|s| pair::mentions(&s.text, place))
    }
    fn with_doc(&self, f: usize, g: &mut dyn FnMut(&Document, &SourceFile)) {
        self.with_loaded(f, g)
    }
    fn doc_units(&self, doc: &Document, src: &SourceFile) -> Arc<Vec<TextUnit>> {
        Arc::new(link::units_of(doc, src))
    }
    fn place_hint(&self, f: usize) -> (Option<&str>, Option<u32>) {
        (self.files[f].place.as_deref(), self.files[f].year)
    }
}
