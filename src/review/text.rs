//! Document text with highlights: escaping, the per-line sweep that wraps
//! every finding's exact characters in `<mark>`, tables as tables.
//!
//! Each finding gets exactly one anchor element (`<mark class="hl" id="fN">`)
//! at its first character; where it continues past an overlapping finding's
//! boundary or onto further lines, the continuation is a `hl-cont` mark. A
//! finding whose span covers no visible character (an empty span, a line
//! break, a table's `|`) gets a point marker where it starts. One sweep per
//! file over sorted start and end positions: linear in text plus findings.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{fix_text, sev_class, Page};
use crate::diag::Diagnostic;
use crate::load::{floor_char_boundary, SourceFile};
use crate::model::Document;

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    esc_into(&mut out, s);
    out
}

fn esc_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// `text[span]`, clamped to char boundaries.
pub(super) fn slice(text: &str, span: std::ops::Range<usize>) -> &str {
    let s = floor_char_boundary(text, span.start);
    let e = floor_char_boundary(text, span.end.max(s));
    &text[s..e]
}

/// Tabs and line breaks made visible (for excerpts and fixes).
pub(super) fn visible(s: &str) -> String {
    if s.is_empty() {
        return crate::i18n::pick("（空）", "(empty)").into();
    }
    s.replace('\t', "⇥").replace("\r\n", "⏎").replace('\n', "⏎")
}

/// At most `n` characters, with “…” when cut.
pub(super) fn truncate(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The first `n` characters.
pub(super) fn head(s: &str, n: usize) -> &str {
    truncate(s, n)
}

/// The last `n` characters.
pub(super) fn tail(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    match s.char_indices().nth(count - n) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

/// Both texts as HTML with the characters that differ marked.
pub(super) fn char_diff(a: &str, b: &str) -> (String, String) {
    if a.chars().count() > 2000 || b.chars().count() > 2000 {
        return (esc(a), esc(b));
    }
    let diff = similar::TextDiff::from_chars(a, b);
    let (mut x, mut y) = (String::new(), String::new());
    for op in diff.iter_all_changes() {
        let v = op.value();
        match op.tag() {
            similar::ChangeTag::Equal => {
                esc_into(&mut x, v);
                esc_into(&mut y, v);
            }
            similar::ChangeTag::Delete => {
                x.push_str("<span class=\"diff\">");
                esc_into(&mut x, v);
                x.push_str("</span>");
            }
            similar::ChangeTag::Insert => {
                y.push_str("<span class=\"diff\">");
                esc_into(&mut y, v);
                y.push_str("</span>");
            }
        }
    }
    (x, y)
}

/// Indices of the diagnostics whose primary label is in each file.
pub(super) fn by_file(sources: &[SourceFile], diags: &[Diagnostic]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); sources.len()];
    for (i, d) in diags.iter().enumerate() {
        if let Some(v) = out.get_mut(d.primary.file) {
            v.push(i);
        }
    }
    out
}

/// The sweep state for one file.
struct Sweep<'a> {
    page: &'a Page<'a>,
    text: &'a str,
    /// (start, id) of range findings, sorted.
    starts: Vec<(usize, usize)>,
    /// (end, id) of range findings, sorted.
    ends: Vec<(usize, usize)>,
    /// (position, id) of point findings, sorted.
    points: Vec<(usize, usize)>,
    si: usize,
    ei: usize,
    pi: usize,
    active: BTreeSet<usize>,
    anchored: std::collections::HashSet<usize>,
    /// Range findings that ended without a visible character.
    orphans: Vec<usize>,
}

impl<'a> Sweep<'a> {
    fn new(page: &'a Page<'a>, src: &'a SourceFile, ids: &[usize]) -> Self {
        let text = src.text.as_str();
        let (mut starts, mut ends, mut points) = (Vec::new(), Vec::new(), Vec::new());
        for &i in ids {
            let span = &page.diagnostics[i].primary.span;
            let s = floor_char_boundary(text, span.start);
            let e = floor_char_boundary(text, span.end.max(s));
            if text[s..e].chars().any(|c| c != '\n' && c != '\r') {
                starts.push((s, i));
                ends.push((e, i));
            } else {
                points.push((s, i));
            }
        }
        starts.sort_unstable();
        ends.sort_unstable();
        points.sort_unstable();
        Sweep {
            page,
            text,
            starts,
            ends,
            points,
            si: 0,
            ei: 0,
            pi: 0,
            active: BTreeSet::new(),
            anchored: Default::default(),
            orphans: Vec::new(),
        }
    }

    /// Consumes every event at or before `pos`.
    fn advance(&mut self, pos: usize) {
        while self.si < self.starts.len() && self.starts[self.si].0 <= pos {
            self.active.insert(self.starts[self.si].1);
            self.si += 1;
        }
        while self.ei < self.ends.len() && self.ends[self.ei].0 <= pos {
            let id = self.ends[self.ei].1;
            self.active.remove(&id);
            if !self.anchored.contains(&id) {
                self.orphans.push(id);
            }
            self.ei += 1;
        }
    }

    fn next_event(&self, limit: usize) -> usize {
        let mut n = limit;
        for v in [
            self.starts.get(self.si).map(|x| x.0),
            self.ends.get(self.ei).map(|x| x.0),
            self.points.get(self.pi).map(|x| x.0),
        ]
        .into_iter()
        .flatten()
        {
            n = n.min(v);
        }
        n
    }

    fn anchor_attrs(&self, out: &mut String, id: usize) {
        let d = &self.page.diagnostics[id];
        let mut msg = format!("{} [{}] {}", d.severity.label(), d.code, d.message);
        if let Some(f) = fix_text(self.page.sources, d) {
            msg.push_str(crate::i18n::pick("\n建议：", "\nsuggestion: "));
            msg.push_str(&f);
        }
        let _ = write!(
            out,
            " id=\"f{id}\" tabindex=\"0\" data-i=\"{id}\" data-n=\"{}\" data-sev=\"{}\" data-rule=\"{}\" title=\"{m}\" data-msg=\"{m}\"",
            id + 1,
            sev_class(d.severity),
            esc(d.code),
            m = esc(&msg),
        );
    }

    fn point(&mut self, out: &mut String, id: usize) {
        let sev = sev_class(self.page.diagnostics[id].severity);
        let _ = write!(out, "<mark class=\"hl point {sev}\"");
        self.anchor_attrs(out, id);
        out.push_str("></mark>");
        self.anchored.insert(id);
    }

    /// Emits point markers at or before `pos`, and orphans.
    fn flush_points(&mut self, out: &mut String, pos: usize) {
        while self.pi < self.points.len() && self.points[self.pi].0 <= pos {
            let id = self.points[self.pi].1;
            self.pi += 1;
            self.point(out, id);
        }
        for id in std::mem::take(&mut self.orphans) {
            if !self.anchored.contains(&id) {
                self.point(out, id);
            }
        }
    }

    /// Emits `text[range]` with highlights.
    fn range(&mut self, out: &mut String, range: std::ops::Range<usize>) {
        let mut pos = range.start;
        self.advance(pos);
        self.flush_points(out, pos);
        while pos < range.end {
            let next = floor_char_boundary(self.text, self.next_event(range.end).max(pos + 1));
            let next = if next <= pos { range.end } else { next };
            self.segment(out, pos..next);
            pos = next;
            self.advance(pos);
            self.flush_points(out, pos);
        }
    }

    fn segment(&mut self, out: &mut String, r: std::ops::Range<usize>) {
        let t = &self.text[r];
        if self.active.is_empty() {
            esc_into(out, t);
            return;
        }
        let ids: Vec<usize> = self.active.iter().copied().collect();
        for &id in &ids {
            let sev = sev_class(self.page.diagnostics[id].severity);
            if self.anchored.insert(id) {
                let _ = write!(out, "<mark class=\"hl {sev}\"");
                self.anchor_attrs(out, id);
                out.push('>');
            } else {
                let _ = write!(out, "<mark class=\"hl-cont {sev}\" data-i=\"{id}\">");
            }
        }
        esc_into(out, t);
        for _ in &ids {
            out.push_str("</mark>");
        }
    }
}

/// Cell ranges of a Markdown pipe-table row (`| a | b |`), trimmed.
fn cells(text: &str, line: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let s = &text[line.clone()];
    let mut out = Vec::new();
    let mut start = None;
    let mut prev_backslash = false;
    for (i, c) in s.char_indices() {
        if c == '|' && !prev_backslash {
            if let Some(st) = start {
                out.push(trim(text, line.start + st..line.start + i));
            }
            start = Some(i + 1);
        }
        prev_backslash = c == '\\';
    }
    if let Some(st) = start {
        if st < s.len() && !s[st..].trim().is_empty() {
            out.push(trim(text, line.start + st..line.end));
        }
    }
    out
}

fn trim(text: &str, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    r.start + lead..r.start + lead + t.len()
}

fn is_table_row(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.len() > 1
}

fn is_separator_row(line: &str) -> bool {
    let t = line.trim();
    is_table_row(t) && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The print-only margin notes of findings that start on a line.
fn notes(out: &mut String, page: &Page, ids: &[usize]) {
    if ids.is_empty() {
        return;
    }
    out.push_str("<ol class=\"notes\">");
    for &i in ids {
        let d = &page.diagnostics[i];
        let _ = write!(
            out,
            "<li data-i=\"{i}\" value=\"{}\"><b>{}</b> {}",
            i + 1,
            esc(d.code),
            esc(&d.message)
        );
        if let Some(f) = fix_text(page.sources, d) {
            let _ = write!(out, "<br><span class=\"fix\">{}</span>", esc(&f));
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
}

/// One document's text, line by line, with highlights; Markdown tables as tables.
pub(super) fn document(
    out: &mut String,
    page: &Page,
    file: usize,
    doc: Option<&Document>,
    ids: &[usize],
) {
    let src = &page.sources[file];
    let text = src.text.as_str();
    let nlines = src.line_starts().len();
    let mut class: Vec<String> = vec![String::new(); nlines];
    if let Some(d) = doc {
        for h in &d.headings {
            let l = src.line_index(h.span.start);
            class[l] = format!("h h{}", h.numbering.level.rank());
        }
        for t in &d.tasks {
            let l = src.line_index(t.numbering.span.start);
            class[l] = if t.lead().next().is_none() && d.kind.assigns_tasks() {
                "task nolead".into()
            } else {
                "task".into()
            };
        }
    }
    let mut line_notes: Vec<Vec<usize>> = vec![Vec::new(); nlines];
    for &i in ids {
        let l = src.line_index(page.diagnostics[i].primary.span.start.min(text.len()));
        line_notes[l].push(i);
    }
    let mut sweep = Sweep::new(page, src, ids);
    out.push_str("<div class=\"text\">");
    let mut l = 0;
    while l < nlines {
        let r = src.line_range(l);
        let line = &text[r.clone()];
        if is_table_row(line) {
            out.push_str("<div class=\"tbl\"><table>");
            let mut first = true;
            while l < nlines {
                let r = src.line_range(l);
                let line = &text[r.clone()];
                if !is_table_row(line) {
                    break;
                }
                if is_separator_row(line) {
                    sweep.range(out, r);
                    l += 1;
                    continue;
                }
                let tag = if first { "th" } else { "td" };
                let _ = write!(out, "<tr id=\"L{file}-{}\" class=\"{}\">", l + 1, class[l]);
                for c in cells(text, r.clone()) {
                    let _ = write!(out, "<{tag}>");
                    sweep.range(out, c);
                    let _ = write!(out, "</{tag}>");
                }
                // Whatever lies between cells (`|`, spaces) is not shown;
                // a finding there still gets its marker.
                out.push_str("<td class=\"rowend\">");
                sweep.range(out, r.end..r.end);
                notes(out, page, &line_notes[l]);
                out.push_str("</td></tr>");
                first = false;
                l += 1;
            }
            out.push_str("</table></div>");
            continue;
        }
        let blank = line.trim().is_empty();
        let _ = write!(
            out,
            "<div class=\"ln {}{}\" id=\"L{file}-{}\"><span class=\"no\">{}</span><span class=\"tx\">",
            class[l],
            if blank { " blank" } else { "" },
            l + 1,
            l + 1
        );
        sweep.range(out, r.clone());
        out.push_str("</span>");
        notes(out, page, &line_notes[l]);
        out.push_str("</div>");
        l += 1;
    }
    // Findings past the last line (an offset at the very end).
    sweep.advance(usize::MAX);
    sweep.flush_points(out, usize::MAX);
    out.push_str("</div>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_markup_could_use() {
        assert_eq!(
            esc("<script>a&b\"c'd</script>"),
            "&lt;script&gt;a&amp;b&quot;c&#39;d&lt;/script&gt;"
        );
    }

    #[test]
    fn cells_of_a_row() {
        let t = "| 1 | 任务 | 区财政局 |";
        let c: Vec<&str> = cells(t, 0..t.len()).into_iter().map(|r| &t[r]).collect();
        assert_eq!(c, ["1", "任务", "区财政局"]);
    }

    #[test]
    fn tail_and_truncate_count_characters() {
        assert_eq!(tail("一二三四", 2), "三四");
        assert_eq!(truncate("一二三四", 3), "一二三");
    }
}
