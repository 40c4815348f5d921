//! Load stage: bytes on disk → decoded text with a source map.
//!
//! Owns file discovery (directories walked with the `ignore` crate, honouring
//! `.gitignore`), encoding detection (UTF-8 with or without BOM, UTF-16 with
//! BOM, GB18030/GBK as a fallback) and the [`SourceFile`] type every later
//! stage points into. Every span in gwlint is a byte range into
//! [`SourceFile::text`]; lines and character columns are computed from it only
//! when something is shown to a person.
//!
//! A new input format (for example `.docx`) is one more [`Format`] variant and
//! one more reader module that produces the same [`SourceFile`].

mod decode;
mod discover;
pub mod docx;
pub mod embedded;
mod read;

pub use decode::{decode, Encoding};
use discover::display_name;
pub use discover::{discover, display_name as discover_name, escape_name, Discovered, Discovery};
use read::read_file;
pub use read::{digest, io_reason, non_regular_kind, read_limited, Origin};

use std::path::{Path, PathBuf};

/// Largest file gwlint reads, in bytes. Larger files are skipped with a message
/// instead of being loaded whole into memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The container format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text.
    Txt,
    /// Markdown (headings may carry `#` marks).
    Md,
    /// Word `.docx`, read into a Markdown-like text view (see [`docx`]).
    Docx,
}

impl Format {
    /// The format for a path, from its extension; `None` for unsupported files.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Txt),
            "md" | "markdown" => Some(Format::Md),
            "docx" | "docm" => Some(Format::Docx),
            _ => None,
        }
    }

    /// Whether the text is Markdown or a Markdown-like view (`.docx`).
    pub fn markdown_like(self) -> bool {
        matches!(self, Format::Md | Format::Docx)
    }
}

/// Document formats gwlint cannot read but reports when it meets them in a
/// folder (instead of passing over them silently): `.doc`, `.wps`, `.wpt`,
/// `.dot`, `.rtf`… and Word's own lock files `~$name.docx`.
pub fn is_unreadable_document(path: &Path) -> bool {
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    matches!(
        ext.to_ascii_lowercase().as_str(),
        "doc" | "wps" | "wpt" | "dot" | "et" | "dps"
    )
}

/// Word's lock file for an open document (`~$草稿.docx`): never a document.
pub fn is_office_lock_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$"))
}

/// How files are loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Limits for `.docx` files.
    pub docx: docx::DocxLimits,
    /// Leave [`SourceFile::origin`] out (no digest of the bytes): for runs
    /// that never write a file back (everything but `--fix`).
    pub skip_origin: bool,
}

/// One decoded document.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given or discovered.
    pub path: PathBuf,
    /// How the path is shown to people (relative, `/` separators).
    pub name: String,
    /// The decoded text. Spans are byte ranges into it.
    pub text: String,
    /// The encoding the bytes were in.
    pub encoding: Encoding,
    /// The container format.
    pub format: Format,
    /// What was read from disk (`None` for text built in memory); `--fix`
    /// writes only files it read and that still hold these bytes.
    pub origin: Option<Origin>,
    /// Byte offset of the start of each line (after `\n`, `\r\n` or lone `\r`).
    line_starts: Vec<usize>,
    /// For a `.docx`: the map from the text view back to Word.
    pub docx: Option<std::sync::Arc<docx::DocxMap>>,
    /// Characters before each [`CHAR_BLOCK`]-byte block, built on the first
    /// column asked for on a long line: columns cost O(block) each, not
    /// O(line length), so output of a one-line 50 MB file stays linear.
    char_marks: std::sync::OnceLock<Vec<u32>>,
}

/// Block size of [`SourceFile::char_offset`]'s index.
const CHAR_BLOCK: usize = 64;

/// Lines up to this many bytes before a position are counted directly by
/// [`SourceFile::line_col`] (no index of the whole text is built for them).
const SHORT_LINE: usize = 512;

/// Characters in `bytes` (valid UTF-8): bytes that do not continue a
/// character. Whole 64-byte blocks are summed in byte lanes (vector
/// instructions), the rest eight bytes at a time in a word.
fn count_chars(bytes: &[u8]) -> usize {
    let mut blocks = bytes.chunks_exact(64);
    let mut n = 0;
    for b in &mut blocks {
        n += usize::from(b.iter().fold(0u8, |a, &x| a + u8::from((x as i8) >= -0x40)));
    }
    let rest = blocks.remainder();
    let mut words = rest.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        // A continuation byte is 10xxxxxx: its high bit set, the next one clear.
        let cont = (x & !(x << 1) & 0x8080_8080_8080_8080) >> 7;
        n += 8 - (cont.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
    }
    n + words
        .remainder()
        .iter()
        .filter(|&&x| (x as i8) >= -0x40)
        .count()
}

/// Why a file could not be loaded. Messages are shown to users in the language of the run.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum LoadError {
    /// The file could not be read from disk.
    Io {
        /// The operating system's reason.
        reason: String,
    },
    /// The file looks like binary data.
    Binary,
    /// The bytes are neither UTF-8, UTF-16 with BOM nor GB18030.
    Undecodable,
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge {
        /// The file's size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The path names a FIFO, device, socket or directory.
    NotRegular {
        /// What it is instead.
        file_type: String,
    },
    /// A directory could not be walked completely.
    Walk {
        /// Why.
        reason: String,
    },
    /// The extension is not one gwlint reads.
    Unsupported,
    /// An old binary Word/WPS document (OLE compound file).
    LegacyOffice,
    /// A password-protected `.docx`.
    DocxEncrypted,
    /// A 0-byte `.docx`.
    DocxEmpty,
    /// Not a zip archive.
    DocxNotZip,
    /// A damaged or truncated zip.
    DocxDamaged {
        /// What is wrong.
        reason: String,
    },
    /// A zip without a main document part.
    DocxNoDocument,
    /// Malformed XML in a part.
    DocxXml {
        /// Part name.
        part: String,
        /// Line in the part.
        line: usize,
        /// Parser's reason.
        reason: String,
    },
    /// A part inflates beyond the total limit.
    DocxTooLarge {
        /// Part name.
        part: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A part's compression ratio is beyond the limit.
    DocxRatio {
        /// Part name.
        part: String,
        /// Its ratio.
        ratio: u64,
        /// The limit.
        limit: u64,
    },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            LoadError::Io { reason } => crate::tr!("无法读取文件：{reason}", "cannot read the file: {reason}"),
            LoadError::Binary => crate::tr!("文件不是文本（含有二进制数据），已跳过", "the file is not text (it holds binary data); skipped"),
            LoadError::Undecodable => crate::tr!("无法识别文件编码（不是 UTF-8、带 BOM 的 UTF-16 或 GB18030），已跳过", "unknown text encoding (not UTF-8, UTF-16 with BOM or GB18030); skipped"),
            LoadError::TooLarge { size, limit } => crate::tr!("文件过大（{size} 字节，上限 {limit} 字节），已跳过", "the file is too large ({size} bytes, limit {limit} bytes); skipped"),
            LoadError::NotRegular { file_type } => crate::tr!("不是普通文件（{file_type}），已跳过", "not a regular file ({file_type}); skipped"),
            LoadError::Walk { reason } => crate::tr!("无法遍历目录：{reason}", "cannot walk the folder: {reason}"),
            LoadError::Unsupported => crate::tr!("不支持的文件类型（目前支持 .txt、.md、.docx），已跳过", "unsupported file type (gwlint reads .txt, .md and .docx); skipped"),
            LoadError::LegacyOffice => crate::tr!("这是旧版 Word/WPS 二进制文档（.doc/.wps），gwlint 无法读取：请在 Word 或 WPS 中打开，“文件 → 另存为”选择 Word 文档（*.docx）后再检查", "this is an old binary Word/WPS document (.doc/.wps) gwlint cannot read: open it in Word or WPS and “File → Save As” a Word document (*.docx), then check that"),
            LoadError::DocxEncrypted => crate::tr!("文档已加密（设置了打开密码），gwlint 无法读取：请在 Word 或 WPS 中取消密码（“文件 → 信息 → 保护文档”），另存为 .docx 后再检查", "the document is encrypted (it has an open password) and gwlint cannot read it: remove the password in Word or WPS (“File → Info → Protect Document”) and save it as .docx again"),
            LoadError::DocxEmpty => crate::tr!("文件为空（0 字节），不是有效的 .docx：请重新保存或从原处再复制一份", "the file is empty (0 bytes) and not a valid .docx: save it again or copy it again from where it came"),
            LoadError::DocxNotZip => crate::tr!("不是有效的 .docx（文件不是 zip 压缩包）：可能是改了扩展名的其他文件，请在 Word 或 WPS 中打开后另存为 .docx", "not a valid .docx (the file is not a zip archive): probably another file with a changed extension; open it in Word or WPS and save it as .docx"),
            LoadError::DocxDamaged { reason } => crate::tr!("文件已损坏，无法作为 .docx 读取：{reason}", "the file is damaged and cannot be read as .docx: {reason}"),
            LoadError::DocxNoDocument => crate::tr!("压缩包中没有 word/document.xml，不是 Word 文档", "the archive has no word/document.xml; it is not a Word document"),
            LoadError::DocxXml { part, line, reason } => crate::tr!("Word 文档内容已损坏：{part} 第 {line} 行 XML 格式错误（{reason}）", "the Word document's content is damaged: malformed XML in {part}, line {line} ({reason})"),
            LoadError::DocxTooLarge { part, size, limit } => crate::tr!("{part} 解压后达 {size} 字节，超过上限 {limit} 字节（疑似压缩炸弹），已拒绝读取；确需检查可用 --docx-max-inflated 调高上限", "{part} inflates to {size} bytes, over the limit of {limit} bytes (a suspected zip bomb); not read. Raise the limit with --docx-max-inflated if you must check it"),
            LoadError::DocxRatio { part, ratio, limit } => crate::tr!("{part} 的压缩比为 {ratio}:1，超过上限 {limit}:1（疑似压缩炸弹），已拒绝读取；确需检查可用 --docx-max-ratio 调高上限", "{part} has a compression ratio of {ratio}:1, over the limit of {limit}:1 (a suspected zip bomb); not read. Raise the limit with --docx-max-ratio if you must check it"),
        };
        f.write_str(&s)
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// The process exit code for a run in which this was the reason a file
    /// was not checked (see README, “退出码”).
    pub fn exit_code(&self) -> u8 {
        match self {
            LoadError::DocxEmpty => 3,
            LoadError::DocxNotZip => 4,
            LoadError::DocxDamaged { .. } => 5,
            LoadError::DocxNoDocument => 6,
            LoadError::DocxXml { .. } => 7,
            LoadError::DocxTooLarge { .. } | LoadError::DocxRatio { .. } => 8,
            _ => 2,
        }
    }
}

impl SourceFile {
    /// Builds a source file from already decoded text.
    pub fn new(
        path: PathBuf,
        name: String,
        text: String,
        encoding: Encoding,
        format: Format,
    ) -> Self {
        let line_starts = line_starts(&text);
        SourceFile {
            path,
            name,
            text,
            encoding,
            format,
            origin: None,
            line_starts,
            docx: None,
            char_marks: std::sync::OnceLock::new(),
        }
    }

    /// Convenience constructor for tests and in-memory checks.
    pub fn from_text(name: &str, text: &str) -> Self {
        let format = Format::from_path(Path::new(name)).unwrap_or(Format::Txt);
        Self::new(
            PathBuf::from(name),
            name.to_string(),
            text.to_string(),
            Encoding::Utf8,
            format,
        )
    }

    /// Reads and decodes a file from disk with the default options.
    pub fn load(path: &Path, name: String) -> Result<SourceFile, LoadError> {
        Self::load_with(path, name, &LoadOptions::default())
    }

    /// Reads a `.docx` from bytes into its text view.
    pub fn from_docx(
        path: PathBuf,
        name: String,
        bytes: &[u8],
        limits: &docx::DocxLimits,
    ) -> Result<SourceFile, LoadError> {
        let view = docx::read(bytes, limits)?;
        let mut s = SourceFile::new(path, name, view.text, Encoding::Utf8, Format::Docx);
        s.docx = Some(std::sync::Arc::new(view.map));
        Ok(s)
    }

    /// Reads and decodes a file from disk.
    pub fn load_with(
        path: &Path,
        name: String,
        opts: &LoadOptions,
    ) -> Result<SourceFile, LoadError> {
        if is_unreadable_document(path) {
            return Err(LoadError::LegacyOffice);
        }
        let format = Format::from_path(path).ok_or(LoadError::Unsupported)?;
        let (bytes, meta) = read_file(path, MAX_FILE_BYTES)?;
        if opts.skip_origin {
            return Self::from_slice(path.to_path_buf(), name, &bytes, format, opts);
        }
        // The digest `--fix` checks the file against is computed beside
        // decoding.
        let (origin, src) = rayon::join(
            || Origin::new(&bytes, &meta),
            || Self::from_slice(path.to_path_buf(), name, &bytes, format, opts),
        );
        drop(bytes);
        let mut src = src?;
        src.origin = Some(origin);
        Ok(src)
    }

    /// Decodes bytes already read (a file, or standard input) in `format`.
    /// The result has no [`Origin`]: `--fix` never writes it back.
    pub fn from_bytes(
        path: PathBuf,
        name: String,
        bytes: Vec<u8>,
        format: Format,
        opts: &LoadOptions,
    ) -> Result<SourceFile, LoadError> {
        Self::from_slice(path, name, &bytes, format, opts)
    }

    /// [`SourceFile::from_bytes`] of borrowed bytes.
    fn from_slice(
        path: PathBuf,
        name: String,
        bytes: &[u8],
        format: Format,
        opts: &LoadOptions,
    ) -> Result<SourceFile, LoadError> {
        if format == Format::Docx {
            return Self::from_docx(path, name, bytes, &opts.docx);
        }
        if let Some(e) = docx::sniff_ole(bytes) {
            return Err(e);
        }
        let (text, encoding) = decode(bytes)?;
        Ok(SourceFile::new(path, name, text, encoding, format))
    }

    /// Reads a document from standard input (`gwlint check -`), at most
    /// [`MAX_FILE_BYTES`]. `filename` (`--stdin-filename`) names it in
    /// messages and gives its format (`.md`, `.docx`…; plain text when absent
    /// or unknown) and, as its path, the directory configuration is looked up
    /// from.
    pub fn from_stdin(
        filename: Option<&Path>,
        opts: &LoadOptions,
    ) -> Result<SourceFile, LoadError> {
        let bytes = read::read_reader_limited(std::io::stdin().lock(), MAX_FILE_BYTES)?;
        let (path, name) = match filename {
            Some(p) => (p.to_path_buf(), display_name(p)),
            None => (PathBuf::from("-"), "-".to_string()),
        };
        let format = filename.and_then(Format::from_path).unwrap_or(Format::Txt);
        Self::from_bytes(path, name, bytes, format, opts)
    }

    /// Byte offsets where lines start.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Zero-based line index of a byte offset.
    pub fn line_index(&self, byte: usize) -> usize {
        match self.line_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// One-based line and one-based character column of a byte offset.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let byte = floor_char_boundary(&self.text, byte.min(self.text.len()));
        let line = self.line_index(byte);
        let start = self.line_starts[line];
        let col = if byte - start <= SHORT_LINE {
            count_chars(&self.text.as_bytes()[start..byte])
        } else {
            self.char_offset(byte) - self.char_offset(start)
        };
        (line + 1, col + 1)
    }

    /// The number of characters before byte offset `byte` (floored to a
    /// character boundary), in O([`CHAR_BLOCK`]) after a one-time O(n) index.
    pub fn char_offset(&self, byte: usize) -> usize {
        let bytes = self.text.as_bytes();
        let byte = floor_char_boundary(&self.text, byte.min(bytes.len()));
        if byte < CHAR_BLOCK {
            return count_chars(&bytes[..byte]);
        }
        if bytes.len() > u32::MAX as usize {
            // Beyond what 32-bit marks count (never a file read from disk,
            // see MAX_FILE_BYTES): counted from the start.
            return count_chars(&bytes[..byte]);
        }
        let marks = self.char_marks.get_or_init(|| char_marks(bytes));
        let k = byte / CHAR_BLOCK;
        marks[k] as usize + count_chars(&bytes[k * CHAR_BLOCK..byte])
    }

    /// The byte range of a zero-based line, without its terminator.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let s = &self.text[start..end];
        let trimmed = s.trim_end_matches(['\n', '\r']);
        start..start + trimmed.len()
    }
}

/// Characters before each [`CHAR_BLOCK`]-byte block of `bytes` and in all
/// of it (at most
/// `u32::MAX` bytes, so every count fits in 32 bits).
/// Large texts are counted in parallel pieces, then summed in order.
fn char_marks(bytes: &[u8]) -> Vec<u32> {
    use rayon::prelude::*;
    /// Blocks counted by one task.
    const PIECE: usize = 4096;
    let counts = |piece: &[u8]| -> Vec<u32> {
        piece
            .chunks(CHAR_BLOCK)
            .map(|b| count_chars(b) as u32)
            .collect()
    };
    let per_block: Vec<u32> = if bytes.len() > PIECE * CHAR_BLOCK {
        bytes
            .par_chunks(PIECE * CHAR_BLOCK)
            .flat_map_iter(counts)
            .collect()
    } else {
        counts(bytes)
    };
    // One mark more than blocks: the count at the end of the text (a
    // position at the end of a text of whole blocks reads it).
    let mut marks = Vec::with_capacity(per_block.len() + 1);
    let mut total = 0u32;
    for n in per_block {
        marks.push(total);
        total += n;
    }
    marks.push(total);
    marks
}

/// Largest char boundary `<= i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Line start offsets; `\r\n`, `\n` and a lone `\r` each end a line.
fn line_starts(text: &str) -> Vec<usize> {
    line_starts_in_pieces(text.as_bytes(), 1 << 18)
}

/// [`line_starts`], pieces of `piece` bytes searched on every thread when
/// the text has more than four. Whether a byte ends a line is read from it
/// and the byte after it (a `\r` before `\n` does not: the `\n` ends the
/// line), so a piece boundary, even inside `\r\n`, changes nothing.
fn line_starts_in_pieces(bytes: &[u8], piece: usize) -> Vec<usize> {
    use rayon::prelude::*;
    let starts_in = |lo: usize, out: &mut Vec<usize>| {
        let hi = bytes.len().min(lo + piece);
        for off in memchr::memchr2_iter(b'\n', b'\r', &bytes[lo..hi]) {
            let at = lo + off;
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                continue;
            }
            out.push(at + 1);
        }
    };
    let mut starts = vec![0];
    if bytes.len() <= 4 * piece {
        let mut lo = 0;
        while lo < bytes.len() {
            starts_in(lo, &mut starts);
            lo += piece;
        }
        return starts;
    }
    let parts: Vec<Vec<usize>> = (0..bytes.len().div_ceil(piece))
        .into_par_iter()
        .map(|k| {
            let mut v = Vec::new();
            starts_in(k * piece, &mut v);
            v
        })
        .collect();
    starts.reserve(parts.iter().map(Vec::len).sum());
    for p in parts {
        starts.extend_from_slice(&p);
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::from_text("a.txt", "第一行\r\n牵头单位：区财政局\r第三行");
        assert_eq!(f.line_starts(), &[0, 11, 39]);
        let off = f.text.find("区财政局").unwrap();
        assert_eq!(f.line_col(off), (2, 6));
        assert_eq!(f.line_col(f.text.find("第三").unwrap()), (3, 1));
        assert_eq!(&f.text[f.line_range(1)], "牵头单位：区财政局");
    }

    #[test]
    fn char_offsets_across_blocks() {
        let text: String = "甲a乙\n".repeat(3000);
        let f = SourceFile::from_text("a.txt", &text);
        for byte in (0..text.len()).step_by(7).chain([text.len()]) {
            let want = text[..floor_char_boundary(&text, byte)].chars().count();
            assert_eq!(f.char_offset(byte), want, "{byte}");
        }
        let (line, col) = f.line_col(text.len() - 1);
        assert_eq!((line, col), (3000, 4));
    }

    /// Columns on a line far longer than [`SHORT_LINE`] and over more
    /// blocks than one parallel piece of the index.
    #[test]
    fn columns_on_one_long_line() {
        let text: String = "甲a𠀀b".repeat(100_000) + "\r\n末";
        let f = SourceFile::from_text("a.txt", &text);
        for byte in (0..text.len())
            .step_by(997)
            .chain([text.len() - 1, text.len()])
        {
            let b = floor_char_boundary(&text, byte);
            let start = text[..b].rfind(['\n', '\r']).map_or(0, |k| k + 1);
            let line = text[..b].matches('\n').count() + 1;
            let want = (line, text[start..b].chars().count() + 1);
            assert_eq!(f.line_col(byte), want, "{byte}");
            assert_eq!(f.char_offset(byte), text[..b].chars().count(), "{byte}");
        }
    }

    /// What `line_starts` was: one search from each line's start.
    fn line_starts_one_pass(text: &str) -> Vec<usize> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(off) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + off;
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                i = at + 2;
            } else {
                i = at + 1;
            }
            starts.push(i);
        }
        starts
    }

    proptest::proptest! {
        /// Line starts found in pieces, on several threads, are those of
        /// one pass, whatever the piece size (`\r\n` split by a piece
        /// boundary included).
        #[test]
        fn line_starts_in_pieces_are_one_pass(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "甲", "\n", "\r", "\r\n", "\n\r", "\r\r", " ",
            ]), 0..200),
            piece in 1usize..9,
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(
                line_starts_in_pieces(text.as_bytes(), piece),
                line_starts_one_pass(&text)
            );
        }

        /// `count_chars` is the number of characters; `line_col` and
        /// `char_offset` are their definitions (characters from the line's
        /// start, lines ended by `\n`, `\r\n` or a lone `\r`), on short and
        /// long lines alike.
        #[test]
        fn columns_are_character_counts(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "甲", "\n", "\r", "\r\n", "é", "𠀀", "，", " ",
            ]), 0..80),
            repeat in 1usize..40,
            long in 0usize..3,
        ) {
            let filler = "长".repeat(long * 300);
            let text: String = (parts.concat() + &filler).repeat(repeat);
            proptest::prop_assert_eq!(count_chars(text.as_bytes()), text.chars().count());
            let f = SourceFile::from_text("a.txt", &text);
            let mut line = 1;
            let mut col = 1;
            let ends = text.char_indices().chain([(text.len(), '\0')]);
            for (chars, (i, c)) in ends.enumerate() {
                for b in i..(i + c.len_utf8()).min(text.len()).max(i + 1) {
                    proptest::prop_assert_eq!(f.line_col(b), (line, col), "byte {}", b);
                    proptest::prop_assert_eq!(f.char_offset(b), chars, "byte {}", b);
                }
                // `\r\n` ends one line; a lone `\r` or `\n` ends one too.
                if c == '\n' || (c == '\r' && !text[i + 1..].starts_with('\n')) {
                    line += 1;
                    col = 1;
                } else {
                    col += 1;
                }
            }
        }
    }
}
