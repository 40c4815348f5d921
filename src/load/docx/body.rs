//! `word/document.xml` → the text view and its source map, read as a stream
//! of quick-xml events (never a whole tree: a 10,000-row table is one pass).
//!
//! The view has one line per paragraph (paragraphs separated by a blank line,
//! as in Markdown), the automatic number Word shows in front of a list
//! paragraph, `#` marks for paragraphs whose style is a heading, and each
//! table as a Markdown pipe table (a merged cell's text repeated in every row
//! it spans, so each task of a task table keeps its lead unit). Text that
//! Word does not hold as characters (numbers, `#`, `|`) has no segment in the
//! map; every other byte maps to one character of one `w:t` of one run.

use std::collections::HashMap;
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::numbering::{Numbering, Styles};
use super::tree::resolve_ref;
use super::{Child, ChildKind, Para, Place, Run, Seg, XmlError};

/// What the body reader produces.
#[derive(Debug, Default)]
pub struct Body {
    pub text: String,
    pub runs: Vec<Run>,
    pub segs: Vec<Seg>,
    pub paras: Vec<Para>,
    pub places: Vec<(usize, Place)>,
    /// Word comment id → (start, end) in the view.
    pub comment_ranges: HashMap<String, (Option<usize>, Option<usize>)>,
    /// Largest numeric `w:id` in the part (new ids start above it).
    pub max_id: u64,
}

/// Text being gathered for one paragraph or one table cell, with offsets
/// local to it.
#[derive(Debug, Default, Clone)]
struct Buf {
    text: String,
    segs: Vec<Seg>,
    marks: Vec<(String, bool, usize)>,
}

impl Buf {
    /// Appends `other` shifted by the current length.
    fn append(&mut self, other: &Buf, copy: bool) {
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.segs.extend(other.segs.iter().map(|s| Seg {
            view: s.view.start + base..s.view.end + base,
            copy: s.copy || copy,
            ..s.clone()
        }));
        if !copy {
            self.marks.extend(
                other
                    .marks
                    .iter()
                    .map(|(id, st, at)| (id.clone(), *st, at + base)),
            );
        }
    }
}

#[derive(Debug, Default)]
struct ParaState {
    depth: usize,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u32>,
    outline: Option<u32>,
    in_ppr: bool,
    content_start: usize,
    xml_start: usize,
    buf: Buf,
}

#[derive(Debug)]
struct RunState {
    depth: usize,
    start: usize,
    rpr: Option<Range<usize>>,
    rpr_start: Option<usize>,
    children: Vec<Child>,
    child_start: Option<(usize, String)>,
    text: Option<String>,
    in_ins: bool,
}

#[derive(Debug, Default, Clone)]
struct Cell {
    buf: Buf,
    span: u32,
    /// `Some(true)` restart, `Some(false)` continue.
    vmerge: Option<bool>,
    paras: Vec<usize>,
}

#[derive(Debug, Default)]
struct Table {
    index: usize,
    rows: Vec<Vec<Cell>>,
    row: Option<Vec<Cell>>,
    cell: Option<Cell>,
    /// Tables nested inside a cell of this one (their text joins the cell).
    nested: usize,
}

struct Reading<'a> {
    styles: &'a Styles,
    numbering: &'a mut Numbering,
    out: Body,
    depth: usize,
    skip_to: Option<usize>,
    ppr_skip_to: Option<usize>,
    ins_depth: Vec<usize>,
    para: Option<ParaState>,
    run: Option<RunState>,
    tables: Vec<Table>,
    tables_seen: usize,
    body_paras: usize,
    last_was_row: bool,
}

fn is_skipped_subtree(name: &str) -> bool {
    matches!(
        name,
        "w:del"
            | "w:moveFrom"
            | "w:sectPr"
            | "mc:Fallback"
            | "w:drawing"
            | "w:pict"
            | "w:object"
            | "w:customXmlDelRangeStart"
    )
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    Some(
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| a.value.to_string()),
    )
}

impl Reading<'_> {
    fn note_id(&mut self, e: &BytesStart<'_>) {
        if let Some(v) = attr(e, "w:id").and_then(|v| v.trim().parse::<u64>().ok()) {
            self.out.max_id = self.out.max_id.max(v);
        }
    }

    fn in_cell(&self) -> bool {
        self.tables.last().is_some_and(|t| t.cell.is_some())
    }

    fn mark(&mut self, id: String, start: bool) {
        if let Some(p) = &mut self.para {
            let at = p.buf.text.len();
            p.buf.marks.push((id, start, at));
        } else if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            let at = c.buf.text.len();
            c.buf.marks.push((id, start, at));
        } else {
            let at = self.out.text.len();
            let e = self.out.comment_ranges.entry(id).or_default();
            if start {
                e.0 = Some(at);
            } else {
                e.1 = Some(at);
            }
        }
    }

    fn push_text_child(&mut self, kind: ChildKind, xml: Range<usize>) {
        let in_cell = self.in_cell();
        let Some(run) = &mut self.run else { return };
        let child = run.children.len();
        let shown: String = match &kind {
            ChildKind::Text(t) if in_cell => t
                .chars()
                .map(|c| match c {
                    '|' => '/',
                    '\n' | '\r' | '\t' => ' ',
                    c => c,
                })
                .collect(),
            ChildKind::Text(t) => t.replace(['\r', '\n'], " "),
            ChildKind::Tab if in_cell => " ".into(),
            ChildKind::Tab => "\t".into(),
            ChildKind::Break if in_cell => " ".into(),
            ChildKind::Break => "\n".into(),
            ChildKind::Other => String::new(),
        };
        run.children.push(Child { xml, kind });
        if shown.is_empty() {
            return;
        }
        let run_index = self.out.runs.len();
        let Some(p) = &mut self.para else { return };
        let start = p.buf.text.len();
        p.buf.text.push_str(&shown);
        p.buf.segs.push(Seg {
            view: start..start + shown.len(),
            run: run_index,
            child,
            copy: false,
        });
    }

    fn start(&mut self, e: &BytesStart<'_>, pos: usize, end_pos: usize, empty: bool) {
        let name = e.name().0;
        self.note_id(e);
        if !empty {
            self.depth += 1;
        }
        if self.run.is_some() {
            self.run_child_start(name, pos, end_pos, empty);
            return;
        }
        if is_skipped_subtree(name) {
            if !empty {
                self.skip_to = Some(self.depth - 1);
            }
            return;
        }
        if self.paragraph_property(e, name, empty) {
            return;
        }
        match name {
            "w:p" => {
                if empty {
                    return;
                }
                self.para = Some(ParaState {
                    depth: self.depth,
                    content_start: end_pos,
                    xml_start: pos,
                    ..Default::default()
                });
            }
            "w:r" if !empty => {
                let in_ins = !self.ins_depth.is_empty();
                self.run = Some(RunState {
                    depth: self.depth,
                    start: pos,
                    rpr: None,
                    rpr_start: None,
                    children: Vec::new(),
                    child_start: None,
                    text: None,
                    in_ins,
                });
            }
            "w:ins" | "w:moveTo" if !empty => self.ins_depth.push(self.depth),
            "w:commentRangeStart" => {
                if let Some(id) = attr(e, "w:id") {
                    self.mark(id, true);
                }
            }
            "w:commentRangeEnd" => {
                if let Some(id) = attr(e, "w:id") {
                    self.mark(id, false);
                }
            }
            "w:tbl" | "w:tr" | "w:tc" | "w:gridSpan" | "w:vMerge" => {
                self.table_start(e, name, empty)
            }
            _ => {}
        }
    }

    /// Inside a run: its direct children.
    fn run_child_start(&mut self, name: &str, pos: usize, end_pos: usize, empty: bool) {
        let Some(run) = &mut self.run else { return };
        if run.child_start.is_none() && run.rpr_start.is_none() {
            let direct = if empty {
                self.depth == run.depth
            } else {
                self.depth == run.depth + 1
            };
            if direct {
                match name {
                    "w:rPr" if !empty => {
                        run.rpr_start = Some(pos);
                    }
                    "w:rPr" => run.rpr = Some(pos..end_pos),
                    "w:t" if !empty => {
                        run.child_start = Some((pos, name.to_string()));
                        run.text = Some(String::new());
                    }
                    _ if !empty => {
                        run.child_start = Some((pos, name.to_string()));
                    }
                    "w:t" => self.push_text_child(ChildKind::Text(String::new()), pos..end_pos),
                    "w:tab" | "w:ptab" => self.push_text_child(ChildKind::Tab, pos..end_pos),
                    "w:br" | "w:cr" => self.push_text_child(ChildKind::Break, pos..end_pos),
                    _ => self.push_text_child(ChildKind::Other, pos..end_pos),
                }
            }
        }
    }

    /// A paragraph's properties (style, numbering, outline level); whether
    /// the element was one of them.
    fn paragraph_property(&mut self, e: &BytesStart<'_>, name: &str, empty: bool) -> bool {
        let Some(p) = &mut self.para else {
            return false;
        };
        if p.in_ppr {
            if name == "w:pPrChange" || name == "w:rPr" {
                if !empty {
                    self.ppr_skip_to = Some(self.depth - 1);
                }
                return true;
            }
            match name {
                "w:pStyle" => p.style = attr(e, "w:val"),
                "w:ilvl" => p.ilvl = attr(e, "w:val").and_then(|v| v.trim().parse().ok()),
                "w:numId" => p.num_id = attr(e, "w:val"),
                "w:outlineLvl" => p.outline = attr(e, "w:val").and_then(|v| v.trim().parse().ok()),
                _ => {}
            }
            return true;
        }
        if name == "w:pPr" && !empty && self.depth == p.depth + 1 {
            p.in_ppr = true;
            return true;
        }
        false
    }

    /// Tables, rows, cells and merged cells.
    fn table_start(&mut self, e: &BytesStart<'_>, name: &str, empty: bool) {
        match name {
            "w:tbl" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    if t.cell.is_some() || t.nested > 0 {
                        t.nested += 1;
                        return;
                    }
                }
                self.tables_seen += 1;
                let index = self.tables_seen;
                self.tables.push(Table {
                    index,
                    ..Default::default()
                });
            }
            "w:tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    if t.nested == 0 {
                        t.row = Some(Vec::new());
                    }
                }
            }
            "w:tc" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    if t.nested == 0 {
                        t.cell = Some(Cell {
                            span: 1,
                            ..Default::default()
                        });
                    }
                }
            }
            "w:gridSpan" | "w:vMerge" => {
                if let Some(c) = self
                    .tables
                    .last_mut()
                    .filter(|t| t.nested == 0)
                    .and_then(|t| t.cell.as_mut())
                {
                    if name == "w:gridSpan" {
                        c.span = attr(e, "w:val")
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(1)
                            .clamp(1, 64);
                    } else {
                        c.vmerge = Some(attr(e, "w:val").is_some_and(|v| v == "restart"));
                    }
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str, pos: usize, end_pos: usize) {
        let depth = self.depth;
        self.depth = self.depth.saturating_sub(1);
        if let Some(run) = &mut self.run {
            if let Some(rs) = run.rpr_start {
                if name == "w:rPr" && depth == run.depth + 1 {
                    run.rpr = Some(rs..end_pos);
                    run.rpr_start = None;
                }
                return;
            }
            if let Some((cs, cname)) = &run.child_start {
                if depth == run.depth + 1 && name == cname {
                    let cs = *cs;
                    let kind = match name {
                        "w:t" => ChildKind::Text(run.text.take().unwrap_or_default()),
                        "w:tab" | "w:ptab" => ChildKind::Tab,
                        "w:br" | "w:cr" => ChildKind::Break,
                        _ => ChildKind::Other,
                    };
                    run.child_start = None;
                    self.push_text_child(kind, cs..end_pos);
                }
                return;
            }
            if depth == run.depth && name == "w:r" {
                let run = self.run.take().expect("run");
                let para = self.out.paras.len();
                self.out.runs.push(Run {
                    xml: run.start..end_pos,
                    rpr: run.rpr,
                    children: run.children,
                    para,
                    in_ins: run.in_ins,
                });
            }
            return;
        }
        if let Some(p) = &mut self.para {
            if p.in_ppr && name == "w:pPr" && depth == p.depth + 1 {
                p.in_ppr = false;
                p.content_start = end_pos;
                return;
            }
        }
        if self.ins_depth.last() == Some(&depth) && (name == "w:ins" || name == "w:moveTo") {
            self.ins_depth.pop();
            return;
        }
        match name {
            "w:p" if self.para.as_ref().is_some_and(|p| p.depth == depth) => {
                let p = self.para.take().expect("para");
                self.end_paragraph(p, pos);
            }
            "w:tc" => {
                if let Some(t) = self.tables.last_mut() {
                    if t.nested == 0 {
                        if let (Some(c), Some(r)) = (t.cell.take(), t.row.as_mut()) {
                            r.push(c);
                        }
                    }
                }
            }
            "w:tr" => {
                if let Some(t) = self.tables.last_mut() {
                    if t.nested == 0 {
                        if let Some(r) = t.row.take() {
                            t.rows.push(r);
                        }
                    }
                }
            }
            "w:tbl" => {
                if let Some(t) = self.tables.last_mut() {
                    if t.nested > 0 {
                        t.nested -= 1;
                        return;
                    }
                }
                if let Some(t) = self.tables.pop() {
                    self.end_table(t);
                }
            }
            _ => {}
        }
    }

    fn end_paragraph(&mut self, p: ParaState, pos: usize) {
        let in_cell = self.in_cell();
        // The visible number.
        let numpr = match (&p.num_id, p.ilvl) {
            (Some(n), l) => Some((n.clone(), l.unwrap_or(0))),
            (None, Some(l)) => self
                .styles
                .numbering(p.style.as_deref())
                .map(|(n, _)| (n, l)),
            (None, None) => self.styles.numbering(p.style.as_deref()),
        };
        let label = numpr.and_then(|(n, l)| self.numbering.next_label(&n, l));
        let heading = if in_cell {
            None
        } else {
            p.outline
                .and_then(|o| (o < 9).then_some(o as u8 + 1))
                .or_else(|| self.styles.heading_level(p.style.as_deref()))
        };
        let mut prefix = String::new();
        if let Some(h) = heading {
            if !p.buf.text.trim().is_empty() || label.is_some() {
                prefix.push_str(&"#".repeat(h.min(6) as usize));
                prefix.push(' ');
            }
        }
        if let Some(l) = &label {
            prefix.push_str(l);
        }
        let mut line = Buf {
            text: prefix,
            ..Default::default()
        };
        line.append(&p.buf, false);
        let para_index = self.out.paras.len();
        if in_cell {
            let t = self.tables.last_mut().expect("table");
            let place = Place::Cell {
                table: t.index,
                row: t.rows.len() + 1,
                col: 0,
            };
            if let Some(c) = t.cell.as_mut() {
                if !c.buf.text.is_empty() && !line.text.is_empty() {
                    c.buf.text.push(' ');
                }
                c.buf.append(&line, false);
                c.paras.push(para_index);
            }
            self.out.paras.push(Para {
                xml: p.xml_start..pos,
                content_start: p.content_start,
                place,
            });
            return;
        }
        if line.text.trim().is_empty() && line.marks.is_empty() {
            self.out.paras.push(Para {
                xml: p.xml_start..pos,
                content_start: p.content_start,
                place: Place::Paragraph(self.body_paras.max(1)),
            });
            return;
        }
        self.body_paras += 1;
        let place = Place::Paragraph(self.body_paras);
        self.out.paras.push(Para {
            xml: p.xml_start..pos,
            content_start: p.content_start,
            place: place.clone(),
        });
        self.push_line(&line, place, false);
    }

    /// Adds a line to the view: a blank line before it unless `row` (a table
    /// row following another row).
    fn push_line(&mut self, line: &Buf, place: Place, row: bool) {
        if !self.out.text.is_empty() {
            self.out.text.push_str(if row && self.last_was_row {
                "\n"
            } else {
                "\n\n"
            });
        }
        self.last_was_row = row;
        let base = self.out.text.len();
        self.out.places.push((base, place));
        self.out.text.push_str(&line.text);
        self.out.segs.extend(line.segs.iter().map(|s| Seg {
            view: s.view.start + base..s.view.end + base,
            ..s.clone()
        }));
        for (id, start, at) in &line.marks {
            let e = self.out.comment_ranges.entry(id.clone()).or_default();
            if *start {
                e.0 = Some(at + base);
            } else {
                e.1 = Some(at + base);
            }
        }
    }

    fn end_table(&mut self, t: Table) {
        // Lay the rows on the grid: a cell spanning columns occupies them all
        // (text in the first); a vertically merged cell repeats the text of
        // the cell it continues.
        let cols = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.span as usize).sum::<usize>())
            .max()
            .unwrap_or(0);
        let mut grid: Vec<Vec<(Buf, usize, bool)>> = Vec::with_capacity(t.rows.len());
        for (ri, row) in t.rows.iter().enumerate() {
            let mut g: Vec<(Buf, usize, bool)> = Vec::with_capacity(cols);
            for c in row {
                let col = g.len();
                if c.vmerge == Some(false) {
                    let above = grid
                        .last()
                        .and_then(|r: &Vec<(Buf, usize, bool)>| r.get(col))
                        .cloned();
                    match above {
                        Some((b, origin_row, _)) => {
                            let mut copy = Buf::default();
                            copy.append(&b, true);
                            g.push((copy, origin_row, true));
                        }
                        None => g.push((c.buf.clone(), ri, false)),
                    }
                } else {
                    g.push((c.buf.clone(), ri, false));
                }
                for _ in 1..c.span {
                    g.push((Buf::default(), ri, false));
                }
            }
            while g.len() < cols {
                g.push((Buf::default(), ri, false));
            }
            grid.push(g);
        }
        let single = |r: &Vec<(Buf, usize, bool)>| {
            r.iter()
                .filter(|(b, _, _)| !b.text.trim().is_empty())
                .count()
                <= 1
        };
        let mut first = 0;
        if cols < 2 {
            // A one-column table is a box of paragraphs.
            for (ri, r) in grid.iter().enumerate() {
                for (ci, (b, _, copy)) in r.iter().enumerate() {
                    if !b.text.trim().is_empty() && !copy {
                        self.push_line(b, cell_place(t.index, ri, ci), false);
                    }
                }
            }
            return;
        }
        // Title rows (one cell across the table) become paragraphs.
        while first + 1 < grid.len() && single(&grid[first]) {
            if let Some((ci, (b, _, _))) = grid[first]
                .iter()
                .enumerate()
                .find(|(_, (b, _, _))| !b.text.trim().is_empty())
            {
                self.push_line(b, cell_place(t.index, first, ci), false);
            }
            first += 1;
        }
        self.last_was_row = false;
        for (ri, r) in grid.iter().enumerate().skip(first) {
            let mut line = Buf {
                text: "|".into(),
                ..Default::default()
            };
            let mut cell_starts = Vec::new();
            for (b, _, _) in r {
                line.text.push(' ');
                cell_starts.push(line.text.len());
                line.append(b, false);
                line.text.push_str(" |");
            }
            self.push_line(&line, cell_place(t.index, ri, 0), true);
            // Each cell's own place.
            let base = self.out.text.len() - line.text.len();
            self.out.places.pop();
            for (ci, s) in cell_starts.iter().enumerate() {
                let at = if ci == 0 { base } else { base + s - 1 };
                self.out.places.push((at, cell_place(t.index, ri, ci)));
            }
            if ri == first {
                let mut sep = String::from("|");
                for _ in 0..cols {
                    sep.push_str(" --- |");
                }
                let sep = Buf {
                    text: sep,
                    ..Default::default()
                };
                self.push_line(&sep, cell_place(t.index, ri, 0), true);
            }
        }
        self.last_was_row = false;
    }
}

fn cell_place(table: usize, row: usize, col: usize) -> Place {
    Place::Cell {
        table,
        row: row + 1,
        col: col + 1,
    }
}

/// Reads the main document part.
pub fn read(
    xml: &str,
    part: &str,
    styles: &Styles,
    numbering: &mut Numbering,
) -> Result<Body, XmlError> {
    let mut r = Reader::from_str(xml);
    let mut st = Reading {
        styles,
        numbering,
        out: Body::default(),
        depth: 0,
        skip_to: None,
        ppr_skip_to: None,
        ins_depth: Vec::new(),
        para: None,
        run: None,
        tables: Vec::new(),
        tables_seen: 0,
        body_paras: 0,
        last_was_row: false,
    };
    let mut root_seen = false;
    loop {
        let pos = r.buffer_position() as usize;
        let ev = r.read_event().map_err(|e| XmlError::new(part, &r, e))?;
        let end_pos = r.buffer_position() as usize;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) if !root_seen => {
                if e.name().local_name().as_ref() != "document" {
                    return Err(XmlError::msg(
                        part,
                        &r,
                        crate::i18n::pick(
                            "根元素不是 w:document，不是 Word 文档正文",
                            "the root element is not w:document; this is not a Word document body",
                        ),
                    ));
                }
                root_seen = true;
                if matches!(ev, Event::Start(_)) {
                    st.depth += 1;
                }
            }
            Event::Start(e) => {
                if st.skip_to.is_some() || st.ppr_skip_to.is_some() {
                    st.depth += 1;
                    st.note_id(&e);
                    continue;
                }
                st.start(&e, pos, end_pos, false);
            }
            Event::Empty(e) => {
                if st.skip_to.is_some() || st.ppr_skip_to.is_some() {
                    st.note_id(&e);
                    continue;
                }
                st.start(&e, pos, end_pos, true);
            }
            Event::End(e) => {
                if let Some(d) = st.skip_to {
                    st.depth -= 1;
                    if st.depth == d {
                        st.skip_to = None;
                    }
                    continue;
                }
                if let Some(d) = st.ppr_skip_to {
                    st.depth -= 1;
                    if st.depth == d {
                        st.ppr_skip_to = None;
                    }
                    continue;
                }
                st.end(e.name().0, pos, end_pos);
            }
            Event::Text(t) if st.skip_to.is_none() => {
                if let Some(s) = st.run.as_mut().and_then(|r| r.text.as_mut()) {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if st.skip_to.is_none() => {
                if let Some(s) = st.run.as_mut().and_then(|r| r.text.as_mut()) {
                    s.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(g) => {
                let c = resolve_ref(&g).ok_or_else(|| {
                    XmlError::msg(
                        part,
                        &r,
                        crate::i18n::pick("无法识别的实体引用", "unknown entity reference"),
                    )
                })?;
                if st.skip_to.is_none() {
                    if let Some(s) = st.run.as_mut().and_then(|r| r.text.as_mut()) {
                        s.push(c);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Err(XmlError::msg(
            part,
            &r,
            crate::i18n::pick(
                "文档为空，没有 w:document 根元素",
                "the document is empty, with no w:document root element",
            ),
        ));
    }
    if st.depth != 0 {
        return Err(XmlError::msg(
            part,
            &r,
            crate::i18n::pick(
                "文档在元素闭合之前结束（文件被截断？）",
                "the document ends before its elements close (truncated file?)",
            ),
        ));
    }
    if !st.out.text.is_empty() {
        st.out.text.push('\n');
    }
    Ok(st.out)
}
