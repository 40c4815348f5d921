//! Word `.docx` → the same decoded text every other stage reads, plus a map
//! from that text back to Word's paragraphs, runs and table cells.
//!
//! A `.docx` is a zip of XML parts. gwlint reads `word/document.xml` (as a
//! stream), `word/numbering.xml` and `word/styles.xml` (to rebuild the
//! automatic numbers and heading levels) and `word/comments.xml` (so that a
//! comment's range can be used by suppression); it ignores footnotes,
//! headers and footers. Tracked changes are read as if accepted: `w:ins` kept,
//! `w:del` dropped. Fields show their result text.
//!
//! Every part is inflated under limits ([`DocxLimits`]): a total size and a
//! compression ratio, checked on the sizes the archive declares before any
//! byte is inflated and again on the bytes really produced, so a zip bomb is
//! refused at once.
//!
//! The map ([`DocxMap`]) is what the `--annotate` writer
//! (`diag::render_docx`) uses to anchor comments on exactly the flagged
//! characters and to write fixes as tracked changes.

mod body;
pub mod numbering;
mod tree;

use std::io::Read;
use std::ops::Range;
use std::sync::Arc;

use super::LoadError;

/// Limits on what reading one `.docx` may inflate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocxLimits {
    /// Total bytes all parts read may inflate to.
    pub max_inflated: u64,
    /// Largest inflated/compressed ratio of a part larger than 1 MiB.
    pub max_ratio: u64,
}

impl Default for DocxLimits {
    fn default() -> Self {
        DocxLimits {
            max_inflated: 256 * 1024 * 1024,
            max_ratio: 200,
        }
    }
}

/// Where a character of the text view is in Word.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Place {
    /// The n-th non-empty paragraph of the body (1-based).
    Paragraph(usize),
    /// A table cell (1-based table, row and column of the grid).
    Cell {
        /// Table number in the document.
        table: usize,
        /// Row.
        row: usize,
        /// Grid column (0 while a cell is being read).
        col: usize,
    },
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Paragraph(n) => f.write_str(&crate::tr!("第 {n} 段", "paragraph {n}")),
            Place::Cell { table, row, col } => f.write_str(&crate::tr!(
                "表格 {table} 第 {row} 行第 {col} 列",
                "table {table}, row {row}, column {col}"
            )),
        }
    }
}

/// What one direct child of a run is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChildKind {
    /// `w:t` with its decoded text.
    Text(String),
    /// `w:tab`.
    Tab,
    /// `w:br` / `w:cr`.
    Break,
    /// Anything else (`w:fldChar`, `w:instrText`, a drawing…), kept as is.
    Other,
}

/// One direct child of a run.
#[derive(Debug, Clone)]
pub struct Child {
    /// Its bytes in the document part.
    pub xml: Range<usize>,
    /// What it is.
    pub kind: ChildKind,
}

/// One run (`w:r`) of the document part.
#[derive(Debug, Clone)]
pub struct Run {
    /// Its bytes in the document part.
    pub xml: Range<usize>,
    /// Its `w:rPr` bytes, copied onto every piece the run is split into.
    pub rpr: Option<Range<usize>>,
    /// Its children in order.
    pub children: Vec<Child>,
    /// Index into [`DocxMap::paras`] of its paragraph.
    pub para: usize,
    /// Inside someone's tracked insertion (`w:ins`).
    pub in_ins: bool,
}

/// A piece of the text view that is characters of one run child.
#[derive(Debug, Clone)]
pub struct Seg {
    /// Bytes of the view.
    pub view: Range<usize>,
    /// Run index.
    pub run: usize,
    /// Child index within the run.
    pub child: usize,
    /// A repeated copy (the text of a vertically merged cell shown again).
    pub copy: bool,
}

/// One paragraph (`w:p`) of the document part.
#[derive(Debug, Clone)]
pub struct Para {
    /// From `<w:p` to just before `</w:p>`.
    pub xml: Range<usize>,
    /// Where content starts (after `w:pPr`).
    pub content_start: usize,
    /// Where it is in Word terms.
    pub place: Place,
}

/// A Word comment (批注) already in the document.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WordComment {
    /// `w:id`.
    pub id: String,
    /// `w:author`.
    pub author: String,
    /// Its text, paragraphs joined by `\n`.
    pub text: String,
    /// The commented characters in the text view, where the document marks
    /// them.
    pub range: Option<Range<usize>>,
}

/// The source map of a `.docx`.
#[derive(Debug)]
pub struct DocxMap {
    /// The file as read (the writer copies every other part from it).
    pub bytes: Arc<[u8]>,
    /// Name of the main document part.
    pub document_part: String,
    /// The main document part's XML.
    pub xml: String,
    /// Runs in document order.
    pub runs: Vec<Run>,
    /// Segments sorted by view offset.
    pub segs: Vec<Seg>,
    /// Paragraphs in document order.
    pub paras: Vec<Para>,
    /// Start offset of each line or cell in the view and its place.
    pub places: Vec<(usize, Place)>,
    /// Comments of the document with their ranges.
    pub comments: Vec<WordComment>,
    /// Things the reader could not rebuild (missing numbering levels…).
    pub warnings: Vec<String>,
    /// Largest numeric `w:id` in the document part and comments.
    pub max_id: u64,
}

impl DocxMap {
    /// The Word place of a view offset.
    pub fn place(&self, offset: usize) -> Option<&Place> {
        let i = self.places.partition_point(|(s, _)| *s <= offset);
        i.checked_sub(1).map(|i| &self.places[i].1)
    }

    /// Indices of the original (not repeated) segments overlapping a range.
    pub fn segs_in(&self, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let first = self.segs.partition_point(|s| s.view.end <= range.start);
        (first..self.segs.len())
            .take_while(move |&i| self.segs[i].view.start < range.end.max(range.start + 1))
            .filter(move |&i| {
                let s = &self.segs[i];
                !s.copy && s.view.end > range.start && s.view.start < range.end.max(range.start)
            })
    }
}

/// A `.docx` read into its text view.
#[derive(Debug)]
pub struct DocxView {
    /// The text view.
    pub text: String,
    /// Its map back to Word.
    pub map: DocxMap,
}

/// A malformed XML part.
#[derive(Debug, Clone)]
pub struct XmlError {
    /// Part name.
    pub part: String,
    /// 1-based line in the part.
    pub line: usize,
    /// What is wrong (Chinese where gwlint found it, the parser's words
    /// otherwise).
    pub reason: String,
}

impl XmlError {
    fn at(part: &str, r: &quick_xml::Reader<&[u8]>, reason: String) -> XmlError {
        XmlError {
            part: part.to_string(),
            // A byte offset until `locate` turns it into a line.
            line: r.error_position().max(r.buffer_position()) as usize,
            reason,
        }
    }

    pub(crate) fn new(part: &str, r: &quick_xml::Reader<&[u8]>, e: quick_xml::Error) -> XmlError {
        XmlError::at(part, r, e.to_string())
    }

    pub(crate) fn msg(part: &str, r: &quick_xml::Reader<&[u8]>, m: &str) -> XmlError {
        XmlError::at(part, r, m.to_string())
    }

    fn locate(mut self, xml: &str) -> XmlError {
        let pos = self.line.min(xml.len());
        self.line = memchr::memchr_iter(b'\n', &xml.as_bytes()[..pos]).count() + 1;
        self
    }
}

fn xml_error(e: XmlError, xml: &str) -> LoadError {
    let e = e.locate(xml);
    LoadError::DocxXml {
        part: e.part,
        line: e.line,
        reason: e.reason,
    }
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether bytes are an OLE compound file (`.doc`, `.wps`, or an encrypted
/// `.docx`), and which.
pub fn sniff_ole(bytes: &[u8]) -> Option<LoadError> {
    if !bytes.starts_with(&OLE_MAGIC) {
        return None;
    }
    // An encrypted OOXML package keeps its parts in an `EncryptedPackage`
    // stream; directory entry names are UTF-16LE.
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    if memchr::memmem::find(bytes, &needle).is_some() {
        return Some(LoadError::DocxEncrypted);
    }
    Some(LoadError::LegacyOffice)
}

struct Archive<'a> {
    zip: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    budget: u64,
    limits: DocxLimits,
}

fn damaged(reason: impl Into<String>) -> LoadError {
    LoadError::DocxDamaged {
        reason: reason.into(),
    }
}

impl Archive<'_> {
    /// Inflates a part, `None` if absent.
    fn part(&mut self, name: &str) -> Result<Option<String>, LoadError> {
        let limits = self.limits;
        let mut f = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(damaged(format!("{name}：{e}"))),
        };
        if f.encrypted() {
            return Err(LoadError::DocxEncrypted);
        }
        let declared = f.size();
        let compressed = f.compressed_size().max(1);
        let check = |size: u64, budget: u64| -> Result<(), LoadError> {
            if size > budget {
                return Err(LoadError::DocxTooLarge {
                    part: name.to_string(),
                    size,
                    limit: limits.max_inflated,
                });
            }
            if size > 1024 * 1024 && size / compressed > limits.max_ratio {
                return Err(LoadError::DocxRatio {
                    part: name.to_string(),
                    ratio: size / compressed,
                    limit: limits.max_ratio,
                });
            }
            Ok(())
        };
        check(declared, self.budget)?;
        // Never trust the declared size: read at most one byte more.
        let mut buf = Vec::with_capacity(declared.min(16 * 1024 * 1024) as usize);
        let read = (&mut f).take(declared + 1).read_to_end(&mut buf);
        if buf.len() as u64 > declared || (read.is_err() && buf.len() as u64 >= declared) {
            return Err(damaged(crate::tr!(
                "{name} 解压后的大小超过压缩包声明的 {declared} 字节",
                "{name} inflates to more than the {declared} bytes the archive declares"
            )));
        }
        read.map_err(|e| {
            damaged(crate::tr!(
                "{name} 无法解压：{e}",
                "cannot inflate {name}: {e}"
            ))
        })?;
        check(buf.len() as u64, self.budget)?;
        self.budget -= buf.len() as u64;
        let text = decode_xml(buf).map_err(|_| LoadError::DocxXml {
            part: name.to_string(),
            line: 1,
            reason: crate::i18n::pick(
                "不是 UTF-8 或 UTF-16 编码的 XML",
                "XML not encoded in UTF-8 or UTF-16",
            )
            .into(),
        })?;
        Ok(Some(text))
    }
}

fn decode_xml(buf: Vec<u8>) -> Result<String, ()> {
    if let Some(rest) = buf.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec()).map_err(|_| ());
    }
    if buf.starts_with(&[0xFF, 0xFE]) || buf.starts_with(&[0xFE, 0xFF]) {
        let (t, _, bad) = if buf[0] == 0xFF {
            encoding_rs::UTF_16LE.decode(&buf)
        } else {
            encoding_rs::UTF_16BE.decode(&buf)
        };
        return if bad { Err(()) } else { Ok(t.into_owned()) };
    }
    String::from_utf8(buf).map_err(|_| ())
}

/// The main document part named by `_rels/.rels` (normally
/// `word/document.xml`).
fn main_part(a: &mut Archive<'_>) -> Result<String, LoadError> {
    if let Some(rels) = a.part("_rels/.rels")? {
        if let Ok(root) = tree::parse(&rels, "_rels/.rels") {
            for r in root.children_named("Relationship") {
                let ty = r.attr("Type").unwrap_or("");
                if ty.ends_with("/officeDocument") {
                    if let Some(t) = r.attr("Target") {
                        let t = t.trim_start_matches('/').to_string();
                        if a.zip.index_for_name(&t).is_some() {
                            return Ok(t);
                        }
                    }
                }
            }
        }
    }
    Ok("word/document.xml".to_string())
}

/// Reads a `.docx` from its bytes.
pub fn read(bytes: &[u8], limits: &DocxLimits) -> Result<DocxView, LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::DocxEmpty);
    }
    if let Some(e) = sniff_ole(bytes) {
        return Err(e);
    }
    let zip = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => {
            return Err(if bytes.starts_with(b"PK") {
                damaged(crate::tr!(
                    "压缩包不完整或已损坏（文件可能被截断）：{e}",
                    "incomplete or damaged archive (the file may be truncated): {e}"
                ))
            } else {
                LoadError::DocxNotZip
            })
        }
    };
    let mut a = Archive {
        zip,
        budget: limits.max_inflated,
        limits: *limits,
    };
    let part = main_part(&mut a)?;
    let Some(xml) = a.part(&part)? else {
        return Err(LoadError::DocxNoDocument);
    };
    let dir = part.rsplit_once('/').map_or("", |(d, _)| d);
    let sibling = |n: &str| {
        if dir.is_empty() {
            n.to_string()
        } else {
            format!("{dir}/{n}")
        }
    };
    let styles = match a.part(&sibling("styles.xml"))? {
        Some(x) => numbering::Styles::from_tree(
            &tree::parse(&x, &sibling("styles.xml")).map_err(|e| xml_error(e, &x))?,
        ),
        None => numbering::Styles::default(),
    };
    let mut num = match a.part(&sibling("numbering.xml"))? {
        Some(x) => numbering::Numbering::from_tree(
            &tree::parse(&x, &sibling("numbering.xml")).map_err(|e| xml_error(e, &x))?,
        ),
        None => numbering::Numbering::default(),
    };
    let body = body::read(&xml, &part, &styles, &mut num).map_err(|e| xml_error(e, &xml))?;
    let mut max_id = body.max_id;
    let mut comments = Vec::new();
    if let Some(x) = a.part(&sibling("comments.xml"))? {
        // Comments are never checked; a damaged comments part loses only the
        // comments.
        if let Ok(root) = tree::parse(&x, &sibling("comments.xml")) {
            for c in root.children_named("w:comment") {
                let id = c.attr("w:id").unwrap_or("").to_string();
                if let Ok(n) = id.trim().parse::<u64>() {
                    max_id = max_id.max(n);
                }
                let mut paras = Vec::new();
                for p in c.children_named("w:p") {
                    let mut all = Vec::new();
                    p.walk(&mut all);
                    paras.push(
                        all.iter()
                            .filter(|n| n.name == "w:t")
                            .map(|n| n.text.as_str())
                            .collect::<String>(),
                    );
                }
                let range = body
                    .comment_ranges
                    .get(&id)
                    .and_then(|(s, e)| match (s, e) {
                        (Some(s), Some(e)) if s <= e => Some(*s..*e),
                        _ => None,
                    });
                comments.push(WordComment {
                    author: c.attr("w:author").unwrap_or("").to_string(),
                    id,
                    text: paras.join("\n"),
                    range,
                });
            }
        }
    }
    let map = DocxMap {
        bytes: Arc::from(bytes),
        document_part: part,
        xml,
        runs: body.runs,
        segs: body.segs,
        paras: body.paras,
        places: body.places,
        comments,
        warnings: num.warnings.clone(),
        max_id,
    };
    Ok(DocxView {
        text: body.text,
        map,
    })
}

/// The text of one part of a `.docx` (under the default limits), `None` if
/// the package has no such part. Used by the writer for the small parts it
/// extends (comments, relationships, content types).
pub fn part_text(bytes: &[u8], name: &str) -> Result<Option<String>, LoadError> {
    let zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let mut a = Archive {
        zip,
        budget: DocxLimits::default().max_inflated,
        limits: DocxLimits::default(),
    };
    a.part(name)
}
