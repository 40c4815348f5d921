//! Findings back into Word: a copy of a `.docx` in which every finding is a
//! comment (批注, author `gwlint`) anchored on exactly the flagged
//! characters, and each applied fix is a tracked change (修订: `w:del` +
//! `w:ins`) the drafter accepts or rejects in Word or WPS.
//!
//! The writer never parses the document again: the reader's map
//! ([`crate::load::docx::DocxMap`]) knows the bytes of every run and of every
//! text node. Runs that carry a comment boundary or a change are rewritten as
//! one run per piece, each with the run's own `w:rPr` (so the formatting is
//! kept); every other byte of the package is copied unchanged.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::ops::Range;
use std::path::Path;

use super::{Applicability, Diagnostic};
use crate::load::docx::{ChildKind, DocxMap};
use crate::load::SourceFile;

/// One comment to write, with the fix edits to write as tracked changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Flagged bytes of the text view.
    pub range: Range<usize>,
    /// The comment's paragraphs.
    pub text: Vec<String>,
    /// Edits (view range → replacement) to write as tracked changes.
    pub edits: Vec<(Range<usize>, String)>,
}

/// What was written.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    /// Comments written.
    pub comments: usize,
    /// Fixes written as tracked changes.
    pub changes: usize,
    /// Fixes that could not be written as tracked changes (they touch
    /// automatic numbering, table borders or several paragraphs); their
    /// comment still names them.
    pub fixes_not_tracked: usize,
}

fn place_of(src: &SourceFile, offset: usize) -> String {
    let (line, col) = src.line_col(offset);
    match src.docx.as_ref().and_then(|m| m.place(offset)) {
        Some(p) => crate::tr!(
            "{p}（视图第 {line} 行第 {col} 列）",
            "{p} (view line {line}, column {col})"
        ),
        None => crate::tr!("第 {line} 行第 {col} 列", "line {line}, column {col}"),
    }
}

/// Builds the annotations of file `file` from the findings of a run.
/// `unsafe_fixes`: also write fixes that need a person's judgement.
pub fn annotations(
    sources: &[SourceFile],
    file: usize,
    diags: &[Diagnostic],
    unsafe_fixes: bool,
) -> Vec<Annotation> {
    let mut out: Vec<Annotation> = Vec::new();
    for d in diags.iter().filter(|d| d.primary.file == file) {
        let mut text = vec![format!("[{}] {}", d.code, d.message)];
        if !d.primary.message.is_empty() {
            text.push(crate::tr!("说明：{}", "note: {}", d.primary.message));
        }
        if let Some(h) = &d.help {
            text.push(crate::tr!("建议：{h}", "suggestion: {h}"));
        }
        for l in &d.secondary {
            let src = &sources[l.file];
            let at = if l.file == file {
                place_of(src, l.span.start)
            } else {
                format!("{} {}", src.name, place_of(src, l.span.start))
            };
            let snippet: String = src
                .text
                .get(l.span.clone())
                .unwrap_or("")
                .chars()
                .take(40)
                .collect();
            let mut line = crate::tr!("另见：{at}", "see also: {at}");
            if !snippet.is_empty() {
                let _ = write!(line, "“{snippet}”");
            }
            if !l.message.is_empty() {
                let _ = write!(line, "{}{}", crate::i18n::pick("：", ": "), l.message);
            }
            text.push(line);
        }
        // The Word places the CLI adds as notes are already in the 另见 lines.
        for n in d.notes.iter().filter(|n| {
            !n.starts_with(crate::i18n::pick("Word 位置：", "Word location: "))
                && !n.starts_with(crate::i18n::pick("另见 ", "see also "))
        }) {
            text.push(n.to_string());
        }
        let mut edits = Vec::new();
        if let Some(f) = &d.fix {
            let apply = f.applicability == Applicability::Safe
                || (unsafe_fixes && f.applicability == Applicability::Unsafe);
            let kind = match f.applicability {
                Applicability::Safe => crate::i18n::pick("安全修复", "safe fix"),
                Applicability::Unsafe => crate::i18n::pick("需确认的修复", "fix to confirm"),
                Applicability::DisplayOnly => crate::i18n::pick("修改建议", "suggested change"),
            };
            if apply && f.edits.iter().all(|e| e.file == file) {
                edits = f
                    .edits
                    .iter()
                    .map(|e| (e.span.clone(), e.replacement.to_string()))
                    .collect();
                text.push(crate::tr!(
                    "修复（{kind}，已作为修订写入）：{}",
                    "fix ({kind}, written as a tracked change): {}",
                    f.title
                ));
            } else {
                text.push(crate::tr!(
                    "修复（{kind}）：{}",
                    "fix ({kind}): {}",
                    f.title
                ));
            }
        }
        let a = Annotation {
            range: d.primary.span.clone(),
            text,
            edits,
        };
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

/// A tracked change to write: deleted pieces, where the insertion goes
/// (segment, offset, after the piece ending there), the inserted text.
type PlannedEdit = (
    Vec<(usize, Range<usize>)>,
    Option<(usize, usize, bool)>,
    String,
);

/// A marker at a piece boundary of a run child.
#[derive(Debug, Clone)]
enum Mark {
    CommentStart(u64),
    CommentEnd(u64),
    Insert(String),
}

/// Where marks go: before the piece that starts at an offset, or after the
/// piece that ends there, of one segment.
#[derive(Default)]
struct Plan {
    /// Cut offsets per segment.
    cuts: HashMap<usize, Vec<usize>>,
    before: HashMap<(usize, usize), Vec<Mark>>,
    after: HashMap<(usize, usize), Vec<Mark>>,
    /// Deleted view ranges per segment.
    deleted: HashMap<usize, Vec<Range<usize>>>,
}

impl Plan {
    fn cut(&mut self, seg: usize, at: usize) {
        self.cuts.entry(seg).or_default().push(at);
    }
}

/// Pieces of the original (not repeated) text a view range covers:
/// (segment, view range within it). Repeated copies (merged cells) are
/// translated to their original.
fn pieces(
    map: &DocxMap,
    origin: &HashMap<(usize, usize), usize>,
    r: &Range<usize>,
) -> Vec<(usize, Range<usize>)> {
    let first = map.segs.partition_point(|s| s.view.end <= r.start);
    let mut out: Vec<(usize, Range<usize>)> = Vec::new();
    for i in first..map.segs.len() {
        let s = &map.segs[i];
        if s.view.start >= r.end {
            break;
        }
        let a = r.start.max(s.view.start);
        let b = r.end.min(s.view.end);
        if a >= b {
            continue;
        }
        let (j, a, b) = if s.copy {
            let Some(&j) = origin.get(&(s.run, s.child)) else {
                continue;
            };
            let o = map.segs[j].view.start;
            (j, o + a - s.view.start, o + b - s.view.start)
        } else {
            (i, a, b)
        };
        if !out.iter().any(|(k, rr)| *k == j && rr.start == a) {
            out.push((j, a..b));
        }
    }
    out
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
}

/// The line of the view containing `offset`.
fn line_of(text: &str, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    start..end
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => {}
            c => o.push(c),
        }
    }
    o
}

/// `2026-12-02T01:02:03Z`, from `SOURCE_DATE_EPOCH` when set (reproducible
/// output) or the clock.
fn now_iso() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Why an annotated copy could not be written.
#[derive(Debug, thiserror::Error)]
pub enum AnnotateError {
    /// Not a `.docx` source.
    #[error("{}", crate::tr!("{0} 不是 .docx 文件，--annotate 只能为 Word 文档生成批注副本", "{0} is not a .docx file; --annotate writes review copies of Word documents only", .0))]
    NotDocx(String),
    /// The output would overwrite the input.
    #[error("{}", crate::tr!("--annotate 的输出 {0} 与被检查的文件相同：原文件不会被修改，请另取文件名（例如 草稿.审阅.docx）", "the --annotate output {0} is the checked file itself: the original is never changed, choose another name (e.g. “draft.审阅.docx”)", .0))]
    SameFile(String),
    /// The package could not be rewritten.
    #[error("{}", crate::tr!("无法写出批注副本 {0}：{1}", "cannot write the review copy {0}: {1}", .path, .reason))]
    Write {
        /// Output path.
        path: String,
        /// Why.
        reason: String,
    },
}

/// Writes the annotated copy of `src` to `out`.
pub fn write(src: &SourceFile, notes: &[Annotation], out: &Path) -> Result<Written, AnnotateError> {
    let map = src
        .docx
        .as_ref()
        .ok_or_else(|| AnnotateError::NotDocx(src.name.clone()))?;
    if let (Ok(a), Ok(b)) = (src.path.canonicalize(), out.canonicalize()) {
        if a == b {
            return Err(AnnotateError::SameFile(out.display().to_string()));
        }
    }
    let werr = |reason: String| AnnotateError::Write {
        path: out.display().to_string(),
        reason,
    };
    let date = now_iso();
    let origin: HashMap<(usize, usize), usize> = map
        .segs
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.copy)
        .map(|(i, s)| ((s.run, s.child), i))
        .collect();
    let mut planner = Planner {
        map,
        text: &src.text,
        origin: &origin,
        plan: Plan::default(),
        taken: Vec::new(),
        next_id: map.max_id + 1,
        written: Written::default(),
    };
    let mut comments: Vec<(u64, &Annotation)> = Vec::new();
    for a in notes {
        if let Some(id) = planner.annotate(a) {
            comments.push((id, a));
        }
    }
    let Planner {
        plan,
        next_id,
        mut written,
        ..
    } = planner;
    written.comments = comments.len();
    let doc = rewrite_runs(map, &plan, &origin, next_id, &date, notes.len());
    let parts = package_parts(map, &comments, &date).map_err(werr)?;
    write_package(src, map, out, &doc, &parts).map_err(werr)?;
    Ok(written)
}

/// Plans comments and tracked changes over the document part's runs.
struct Planner<'a> {
    map: &'a DocxMap,
    text: &'a str,
    origin: &'a HashMap<(usize, usize), usize>,
    plan: Plan,
    /// Text ranges already changed by an earlier fix.
    taken: Vec<Range<usize>>,
    next_id: u64,
    written: Written,
}

impl Planner<'_> {
    /// The segments a comment on `range` is anchored to: the flagged
    /// characters, else (numbers Word generates, table borders) the whole
    /// line they are on, else the next text.
    fn anchor(&self, range: &Range<usize>) -> Vec<(usize, Range<usize>)> {
        let (map, origin) = (self.map, self.origin);
        let mut ps = pieces(map, origin, range);
        if ps.is_empty() && range.is_empty() {
            let at = range.start;
            let one = at..next_char(self.text, at);
            ps = pieces(map, origin, &one);
        }
        if ps.is_empty() {
            ps = pieces(map, origin, &line_of(self.text, range.start));
        }
        if ps.is_empty() {
            // A line without any character of the document: the next text.
            let i = map.segs.partition_point(|s| s.view.start < range.start);
            if let Some(j) = (i..map.segs.len())
                .chain((0..i).rev())
                .find(|&j| !map.segs[j].copy)
            {
                ps = vec![(j, map.segs[j].view.clone())];
            }
        }
        ps
    }

    /// Plans one annotation: its comment, and its fix as tracked changes
    /// when Word can show it so. Returns the comment id.
    fn annotate(&mut self, a: &Annotation) -> Option<u64> {
        let ps = self.anchor(&a.range);
        let (Some(first), Some(last)) = (ps.first().cloned(), ps.last().cloned()) else {
            return None;
        };
        let id = self.next_id;
        self.next_id += 1;
        let planned = self.plan_edits(a);
        let (plan, written) = (&mut self.plan, &mut self.written);
        let ok = planned.is_some();
        let planned = planned.unwrap_or_default();
        let taken = &mut self.taken;
        let mut ins_marks: Vec<((usize, usize), bool, String)> = Vec::new();
        if ok {
            for (dels, at, repl) in planned {
                for (i, rr) in &dels {
                    plan.cut(*i, rr.start);
                    plan.cut(*i, rr.end);
                    plan.deleted.entry(*i).or_default().push(rr.clone());
                }
                if let Some((i, off, after)) = at {
                    plan.cut(i, off);
                    if !repl.is_empty() {
                        ins_marks.push(((i, off), after, repl));
                    }
                }
            }
            for (r, _) in &a.edits {
                taken.push(r.clone());
            }
            written.changes += 1;
        } else if !a.edits.is_empty() {
            written.fixes_not_tracked += 1;
        }
        plan.cut(first.0, first.1.start);
        plan.cut(last.0, last.1.end);
        plan.before
            .entry((first.0, first.1.start))
            .or_default()
            .push(Mark::CommentStart(id));
        for (key, after, repl) in ins_marks {
            if after {
                plan.after.entry(key).or_default().push(Mark::Insert(repl));
            } else {
                plan.before.entry(key).or_default().push(Mark::Insert(repl));
            }
        }
        plan.after
            .entry((last.0, last.1.end))
            .or_default()
            .push(Mark::CommentEnd(id));
        Some(id)
    }

    /// The tracked changes of an annotation's fix, or `None` when they
    /// cannot be written as such (overlapping an earlier fix, across
    /// paragraphs, inside an insertion, a generated number).
    fn plan_edits(&self, a: &Annotation) -> Option<Vec<PlannedEdit>> {
        let (map, taken) = (self.map, &self.taken);
        if a.edits.is_empty() {
            return None;
        }
        let mut planned: Vec<PlannedEdit> = Vec::new();
        for (r, repl) in &a.edits {
            if taken
                .iter()
                .any(|t| t.start < r.end.max(r.start + 1) && r.start < t.end.max(t.start + 1))
            {
                return None;
            }
            let direct: Vec<(usize, Range<usize>)> = map
                .segs_in(r.clone())
                .filter(|&i| {
                    !r.is_empty()
                        || map.segs[i].view.start < r.start
                        || map.segs[i].view.start == r.start
                })
                .map(|i| {
                    let s = &map.segs[i];
                    (i, r.start.max(s.view.start)..r.end.min(s.view.end))
                })
                .filter(|(_, rr)| !rr.is_empty())
                .collect();
            let covered: usize = direct.iter().map(|(_, rr)| rr.len()).sum();
            let paras: std::collections::HashSet<usize> = direct
                .iter()
                .map(|(i, _)| map.runs[map.segs[*i].run].para)
                .collect();
            let in_ins = direct
                .iter()
                .any(|(i, _)| map.runs[map.segs[*i].run].in_ins);
            if r.is_empty() {
                // A pure insertion: after the character before it, else before
                // the character after it.
                let before = map
                    .segs
                    .iter()
                    .position(|s| !s.copy && s.view.start < r.start && r.start <= s.view.end);
                let after = map
                    .segs
                    .iter()
                    .position(|s| !s.copy && s.view.start == r.start);
                match (before, after) {
                    (Some(i), _) if !map.runs[map.segs[i].run].in_ins => {
                        planned.push((Vec::new(), Some((i, r.start, true)), repl.clone()))
                    }
                    (_, Some(i)) if !map.runs[map.segs[i].run].in_ins => {
                        planned.push((Vec::new(), Some((i, r.start, false)), repl.clone()))
                    }
                    _ => {
                        return None;
                    }
                }
                continue;
            }
            if covered != r.len() || paras.len() != 1 || in_ins || repl.contains('\n') {
                return None;
            }
            let (li, lr) = direct.last().cloned().expect("non-empty");
            planned.push((direct, Some((li, lr.end, true)), repl.clone()));
        }
        Some(planned)
    }
}

/// The document part with the touched runs rewritten: cut at the planned
/// offsets, deleted pieces in `w:del`, inserted text and comment ranges
/// placed.
fn rewrite_runs(
    map: &DocxMap,
    plan: &Plan,
    origin: &HashMap<(usize, usize), usize>,
    next_id: u64,
    date: &str,
    notes: usize,
) -> String {
    let mut touched: Vec<usize> = plan.cuts.keys().map(|&s| map.segs[s].run).collect();
    touched.sort_unstable();
    touched.dedup();
    let seg_of = origin;
    let xml = &map.xml;
    let mut doc = String::with_capacity(xml.len() + notes * 400);
    let mut at = 0;
    let mut change_id = next_id;
    for &ri in &touched {
        let run = &map.runs[ri];
        doc.push_str(&xml[at..run.xml.start]);
        at = run.xml.end;
        let rpr = run.rpr.clone().map_or("", |r| &xml[r]);
        let piece_run = |inner: &str| format!("<w:r>{rpr}{inner}</w:r>");
        for (ci, child) in run.children.iter().enumerate() {
            let Some(&si) = seg_of.get(&(ri, ci)) else {
                doc.push_str(&piece_run(&xml[child.xml.clone()]));
                continue;
            };
            let s = &map.segs[si];
            let mut bounds = vec![s.view.start, s.view.end];
            if let Some(c) = plan.cuts.get(&si) {
                bounds.extend(
                    c.iter()
                        .copied()
                        .filter(|&c| c > s.view.start && c < s.view.end),
                );
            }
            bounds.sort_unstable();
            bounds.dedup();
            for w in bounds.windows(2) {
                let (a, b) = (w[0], w[1]);
                for m in plan.before.get(&(si, a)).into_iter().flatten() {
                    emit_mark(&mut doc, m, rpr, date, &mut change_id);
                }
                let deleted = plan
                    .deleted
                    .get(&si)
                    .is_some_and(|d| d.iter().any(|r| r.start <= a && b <= r.end));
                let inner = match &child.kind {
                    ChildKind::Text(t) => {
                        let piece = t.get(a - s.view.start..b - s.view.start).unwrap_or("");
                        let tag = if deleted { "w:delText" } else { "w:t" };
                        format!("<{tag} xml:space=\"preserve\">{}</{tag}>", esc(piece))
                    }
                    _ => xml[child.xml.clone()].to_string(),
                };
                if deleted {
                    let _ = write!(
                        doc,
                        "<w:del w:id=\"{change_id}\" w:author=\"gwlint\" w:date=\"{date}\">{}</w:del>",
                        piece_run(&inner)
                    );
                    change_id += 1;
                } else {
                    doc.push_str(&piece_run(&inner));
                }
                for m in plan.after.get(&(si, b)).into_iter().flatten() {
                    emit_mark(&mut doc, m, rpr, date, &mut change_id);
                }
            }
        }
    }
    doc.push_str(&xml[at..]);

    doc
}

/// The package parts gwlint changes besides the document part.
struct Parts {
    comments_part: String,
    comments_xml: String,
    rels_part: String,
    rels: String,
    types: String,
}

/// The comments part (the document's own comments kept), its relationship
/// and its content type.
fn package_parts(
    map: &DocxMap,
    comments: &[(u64, &Annotation)],
    date: &str,
) -> Result<Parts, String> {
    let werr = |e: String| e;
    // The comments part.
    let mut body = String::new();
    for (id, a) in comments {
        let _ = write!(
            body,
            "<w:comment w:id=\"{id}\" w:author=\"gwlint\" w:date=\"{date}\" w:initials=\"GW\">"
        );
        for p in &a.text {
            let _ = write!(
                body,
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                esc(p)
            );
        }
        body.push_str("</w:comment>");
    }
    let part = &map.document_part;
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part.as_str()));
    let join = |n: &str| {
        if dir.is_empty() {
            n.to_string()
        } else {
            format!("{dir}/{n}")
        }
    };
    let comments_part = join("comments.xml");
    let rels_part = join(&format!("_rels/{file}.rels"));
    let read = |name: &str| {
        crate::load::docx::part_text(&map.bytes, name).map_err(|e| werr(e.to_string()))
    };
    let comments_xml = match read(&comments_part)? {
        Some(x) => match x.rfind("</w:comments>") {
            Some(i) => format!("{}{body}{}", &x[..i], &x[i..]),
            None => x.replace("<w:comments/>", &format!("<w:comments>{body}</w:comments>")),
        },
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{body}</w:comments>"
        ),
    };
    let mut types = read("[Content_Types].xml")?.unwrap_or_default();
    let override_name = format!("/{comments_part}");
    if !types.contains(&format!("PartName=\"{override_name}\"")) {
        let ins = format!("<Override PartName=\"{override_name}\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/>");
        match types.rfind("</Types>") {
            Some(i) => types.insert_str(i, &ins),
            None => {
                return Err(werr(
                    crate::i18n::pick(
                        "[Content_Types].xml 不完整",
                        "incomplete [Content_Types].xml",
                    )
                    .into(),
                ))
            }
        }
    }
    let mut rels = read(&rels_part)?.unwrap_or_else(|| {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>".to_string()
    });
    if !rels.contains("relationships/comments\"") {
        let ins = "<Relationship Id=\"rIdGwlintComments\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/>";
        match rels.rfind("</Relationships>") {
            Some(i) => rels.insert_str(i, ins),
            None => rels = rels.replace("/>", &format!(">{ins}</Relationships>")),
        }
    }

    Ok(Parts {
        comments_part,
        comments_xml,
        rels_part,
        rels,
        types,
    })
}

/// Writes the package: the changed parts, every other entry copied as it
/// is, atomically, with the original's permissions.
fn write_package(
    src: &SourceFile,
    map: &DocxMap,
    out: &Path,
    doc: &str,
    parts: &Parts,
) -> Result<(), String> {
    let werr = |e: String| e;
    let part = &map.document_part;
    let Parts {
        comments_part,
        comments_xml,
        rels_part,
        rels,
        types,
    } = parts;
    // The package: every other entry copied as it is.
    let replaced: [(&str, &str); 4] = [
        (part.as_str(), doc),
        (comments_part.as_str(), comments_xml.as_str()),
        ("[Content_Types].xml", types.as_str()),
        (rels_part.as_str(), rels.as_str()),
    ];
    let dir_out = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir_out).map_err(|e| werr(e.to_string()))?;
    {
        let mut zin = zip::ZipArchive::new(std::io::Cursor::new(&map.bytes[..]))
            .map_err(|e| werr(e.to_string()))?;
        let mut zout = zip::ZipWriter::new(std::io::BufWriter::new(tmp.as_file()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        // [Content_Types].xml first, as Office writes it.
        zout.start_file("[Content_Types].xml", opts)
            .and_then(|()| zout.write_all(types.as_bytes()).map_err(Into::into))
            .map_err(|e| werr(e.to_string()))?;
        for i in 0..zin.len() {
            let f = zin.by_index_raw(i).map_err(|e| werr(e.to_string()))?;
            let name = f.name().map_err(|e| werr(e.to_string()))?.to_string();
            if replaced.iter().any(|(n, _)| *n == name) {
                continue;
            }
            zout.raw_copy_file(f).map_err(|e| werr(e.to_string()))?;
        }
        for (name, content) in &replaced[..] {
            if *name == "[Content_Types].xml" {
                continue;
            }
            zout.start_file(*name, opts)
                .and_then(|()| zout.write_all(content.as_bytes()).map_err(Into::into))
                .map_err(|e| werr(e.to_string()))?;
        }
        let w = zout.finish().map_err(|e| werr(e.to_string()))?;
        w.into_inner()
            .map_err(|e| werr(e.to_string()))?
            .sync_all()
            .map_err(|e| werr(e.to_string()))?;
    }
    // The copy gets the original's permissions (a temporary file is 0600).
    if let Ok(meta) = std::fs::metadata(&src.path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(out).map_err(|e| werr(e.error.to_string()))?;
    Ok(())
}

fn emit_mark(doc: &mut String, m: &Mark, rpr: &str, date: &str, change_id: &mut u64) {
    match m {
        Mark::CommentStart(id) => {
            let _ = write!(doc, "<w:commentRangeStart w:id=\"{id}\"/>");
        }
        Mark::CommentEnd(id) => {
            let _ = write!(
                doc,
                "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:commentReference w:id=\"{id}\"/></w:r>"
            );
        }
        Mark::Insert(text) => {
            let _ = write!(
                doc,
                "<w:ins w:id=\"{change_id}\" w:author=\"gwlint\" w:date=\"{date}\"><w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r></w:ins>",
                esc(text)
            );
            *change_id += 1;
        }
    }
}
