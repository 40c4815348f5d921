//! `--baseline`, `--write-baseline`, `--baseline-prune` for `gwlint check`.

use std::path::{Path, PathBuf};

use crate::diag::baseline::{Baseline, Entry};
use crate::diag::Diagnostic;
use crate::load;
use crate::tr;

/// The baseline named by `--baseline`, read before anything is checked (a
/// bad file stops the run with exit code 2).
pub struct Loaded {
    path: PathBuf,
    baseline: Baseline,
}

/// Reads `--baseline FILE`, if given.
pub fn load(path: Option<&Path>) -> miette::Result<Option<Loaded>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let shown = load::discover_name(path);
    let text = std::fs::read_to_string(path).map_err(|e| {
        miette::miette!(
            code = "gwlint::baseline_unreadable",
            help = tr!(
                "先用 gwlint check … --write-baseline {shown} 生成基线",
                "write one first with gwlint check … --write-baseline {shown}"
            ),
            "{}",
            tr!(
                "无法读取基线文件 {shown}：{}",
                "cannot read the baseline file {shown}: {}",
                load::io_reason(&e)
            )
        )
    })?;
    let baseline = Baseline::from_json(&shown, &text).map_err(|e| miette::Report::new(*e))?;
    Ok(Some(Loaded {
        path: path.to_path_buf(),
        baseline,
    }))
}

/// The findings of `run` that `--baseline` does not hide (all of them
/// without one).
pub fn unknown(loaded: Option<&Loaded>, run: &crate::pipeline::Run) -> Vec<Diagnostic> {
    match loaded {
        Some(l) => l.baseline.apply(&run.sources, run.diagnostics.clone()).kept,
        None => run.diagnostics.clone(),
    }
}

/// What the baseline options want done after the check.
pub struct Options<'a> {
    /// `--baseline`.
    pub loaded: Option<&'a Loaded>,
    /// `--write-baseline`.
    pub write: Option<&'a Path>,
    /// `--baseline-prune`.
    pub prune: bool,
}

/// Hides the findings of the baseline from `run` (writing it first with
/// `--write-baseline`, pruning it with `--baseline-prune`); returns how
/// many were hidden.
pub fn apply(o: &Options, run: &mut crate::pipeline::Run) -> miette::Result<usize> {
    let written;
    let (baseline, path) = if let Some(path) = o.write {
        written = Baseline::of(&run.sources, &run.diagnostics);
        write_atomic(path, &written.to_json())?;
        eprintln!(
            "{}",
            tr!(
                "gwlint: 已写出基线 {}：{} 个已知问题",
                "gwlint: wrote the baseline {}: {} known findings",
                load::discover_name(path),
                written.findings.len()
            )
        );
        (&written, path)
    } else if let Some(l) = o.loaded {
        (&l.baseline, l.path.as_path())
    } else {
        return Ok(0);
    };
    let applied = baseline.apply(&run.sources, std::mem::take(&mut run.diagnostics));
    run.diagnostics = applied.kept;
    let shown = load::discover_name(path);
    if !applied.stale.is_empty() {
        report_stale(&shown, &applied.stale, o.prune);
        if o.prune && o.write.is_none() {
            write_atomic(path, &baseline.without(&applied.stale).to_json())?;
        }
    }
    Ok(applied.hidden)
}

fn report_stale(shown: &str, stale: &[Entry], prune: bool) {
    let n = stale.len();
    if !prune {
        eprintln!(
            "{}",
            tr!(
                "gwlint: 基线 {shown} 中有 {n} 条已不再出现；加 --baseline-prune 列出并从基线中删去",
                "gwlint: {n} entries of the baseline {shown} are no longer found; --baseline-prune lists and removes them"
            )
        );
        return;
    }
    eprintln!(
        "{}",
        tr!(
            "gwlint: 基线 {shown} 中有 {n} 条已不再出现，已从基线中删去：",
            "gwlint: {n} entries of the baseline {shown} are no longer found and were removed:"
        )
    );
    for e in stale {
        eprintln!(
            "  {} {} 「{}」 {}",
            load::escape_name(&e.file),
            e.code,
            e.text.escape_debug(),
            e.message
        );
    }
}

/// Writes `text` to `path` through a temporary file in the same directory.
fn write_atomic(path: &Path, text: &str) -> miette::Result<()> {
    use std::io::Write;
    let err = |e: std::io::Error| {
        miette::miette!(
            code = "gwlint::baseline_write",
            "{}",
            tr!(
                "无法写入基线文件 {}：{}",
                "cannot write the baseline file {}: {}",
                path.display(),
                load::io_reason(&e)
            )
        )
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    tmp.write_all(text.as_bytes()).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}
