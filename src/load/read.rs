//! Reading a file's bytes safely: regular files only, never more than a limit.
//!
//! The size on `stat` is not trusted: a symlink to `/dev/zero` or a file that
//! grows while it is read would otherwise be read without end, and opening a
//! FIFO for reading blocks until a writer comes. So the path is checked to be
//! a regular file, opened non-blocking, checked again on the open handle
//! (the path may have been swapped in between), and read through a limit.

use std::io::Read;
use std::path::Path;

use super::LoadError;

/// Identity of the bytes a file held when it was read; `--fix` compares the
/// file against it right before replacing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Length in bytes.
    pub len: u64,
    /// A digest of the bytes ([`digest`]).
    pub digest: u64,
    /// Device and inode number (0 where the platform has none).
    pub dev_ino: (u64, u64),
    /// Modification time in nanoseconds since the epoch (0 if unknown).
    pub mtime_ns: i128,
}

impl Origin {
    /// The origin of `bytes` read from a file with metadata `meta`.
    pub fn new(bytes: &[u8], meta: &std::fs::Metadata) -> Origin {
        Origin {
            len: bytes.len() as u64,
            digest: digest(bytes),
            dev_ino: dev_ino(meta),
            mtime_ns: mtime_ns(meta),
        }
    }

    /// Whether `meta` (a fresh `stat`) still describes the same file with the
    /// same size and modification time.
    pub fn same_stat(&self, meta: &std::fs::Metadata) -> bool {
        meta.len() == self.len && dev_ino(meta) == self.dev_ino && mtime_ns(meta) == self.mtime_ns
    }
}

/// A 64-bit digest of bytes (std's SipHash with fixed keys, stable within
/// one build; it detects changes, it is not a defence against someone
/// forging a collision).
/// Bytes over [`DIGEST_PIECE`] are digested in pieces of that size on
/// every thread, then the pieces' digests in order.
pub fn digest(bytes: &[u8]) -> u64 {
    use rayon::prelude::*;
    use std::hash::Hasher;
    let sip = |b: &[u8]| {
        let mut h = std::hash::DefaultHasher::new();
        h.write(b);
        h.finish()
    };
    if bytes.len() <= DIGEST_PIECE {
        return sip(bytes);
    }
    let pieces: Vec<u64> = bytes.par_chunks(DIGEST_PIECE).map(sip).collect();
    let mut h = std::hash::DefaultHasher::new();
    h.write_usize(bytes.len());
    for p in pieces {
        h.write_u64(p);
    }
    h.finish()
}

/// Bytes a thread digests at a time (see [`digest`]).
const DIGEST_PIECE: usize = 1 << 20;

#[cfg(unix)]
fn dev_ino(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn dev_ino(_: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

fn mtime_ns(meta: &std::fs::Metadata) -> i128 {
    match meta.modified() {
        Ok(t) => match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        },
        Err(_) => 0,
    }
}

/// What kind of non-regular file `meta` describes, in Chinese; `None` for a
/// regular file.
pub fn non_regular_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some(crate::i18n::pick("目录", "directory"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some(crate::i18n::pick("命名管道（FIFO）", "named pipe (FIFO)"));
        }
        if t.is_char_device() {
            return Some(crate::i18n::pick("字符设备", "character device"));
        }
        if t.is_block_device() {
            return Some(crate::i18n::pick("块设备", "block device"));
        }
        if t.is_socket() {
            return Some(crate::i18n::pick("套接字", "socket"));
        }
    }
    Some(crate::i18n::pick("特殊文件", "special file"))
}

/// The operating system's reason for an I/O error, in Chinese.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return crate::i18n::pick(
            "符号链接循环（或链接层数过多）",
            "symbolic link loop (or too many levels of links)",
        )
        .to_string();
    }
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ENAMETOOLONG) {
        return crate::i18n::pick("路径过长", "path too long").to_string();
    }
    match e.kind() {
        ErrorKind::NotFound => crate::i18n::pick("文件不存在", "no such file").to_string(),
        ErrorKind::PermissionDenied => {
            crate::i18n::pick("没有读取权限", "permission denied").to_string()
        }
        ErrorKind::IsADirectory => {
            crate::i18n::pick("这是一个目录", "it is a directory").to_string()
        }
        ErrorKind::NotADirectory => crate::i18n::pick(
            "路径中有一段不是目录",
            "a part of the path is not a directory",
        )
        .to_string(),
        ErrorKind::InvalidData => crate::i18n::pick("数据无效", "invalid data").to_string(),
        _ => format!("{e}"),
    }
}

fn io(e: std::io::Error) -> LoadError {
    LoadError::Io {
        reason: io_reason(&e),
    }
}

/// Reads a regular file, at most `limit` bytes. Returns the bytes and their
/// [`Origin`].
pub fn read_limited(path: &Path, limit: u64) -> Result<(Vec<u8>, Origin), LoadError> {
    let (bytes, meta) = read_file(path, limit)?;
    let origin = Origin::new(&bytes, &meta);
    Ok((bytes, origin))
}

/// Reads a regular file, at most `limit` bytes. Returns the bytes and the
/// metadata of the handle they were read from ([`Origin::new`] makes their
/// origin).
pub fn read_file(path: &Path, limit: u64) -> Result<(Vec<u8>, std::fs::Metadata), LoadError> {
    // `metadata` follows symlinks: a link to a FIFO or device is refused too.
    let meta = std::fs::metadata(path).map_err(io)?;
    if let Some(kind) = non_regular_kind(&meta) {
        return Err(LoadError::NotRegular {
            file_type: kind.into(),
        });
    }
    if meta.len() > limit {
        return Err(LoadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        // Never block in open(2) if the path became a FIFO after the check.
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if let Some(kind) = non_regular_kind(&meta) {
        return Err(LoadError::NotRegular {
            file_type: kind.into(),
        });
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    (&file)
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(LoadError::TooLarge {
            size: meta.len().max(bytes.len() as u64),
            limit,
        });
    }
    Ok((bytes, meta))
}

/// Reads a stream (standard input) to its end, at most `limit` bytes.
pub fn read_reader_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, LoadError> {
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(LoadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Large inputs are digested in pieces: every byte still counts,
    /// wherever it is, and so does the length.
    #[test]
    fn digests_of_large_inputs_see_every_byte() {
        let mut b: Vec<u8> = (0..3 * DIGEST_PIECE + 17)
            .map(|i| (i * 31 % 251) as u8)
            .collect();
        let d = digest(&b);
        assert_eq!(digest(&b), d);
        for at in [
            0,
            DIGEST_PIECE - 1,
            DIGEST_PIECE,
            2 * DIGEST_PIECE + 5,
            b.len() - 1,
        ] {
            b[at] ^= 1;
            assert_ne!(digest(&b), d, "{at}");
            b[at] ^= 1;
        }
        b.push(0);
        assert_ne!(digest(&b), d);
        assert_ne!(digest(&b[..DIGEST_PIECE + 1]), digest(&b[..DIGEST_PIECE]));
    }

    #[test]
    fn reads_a_regular_file_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "甲乙").unwrap();
        let (b, o) = read_limited(&p, 100).unwrap();
        assert_eq!(b, "甲乙".as_bytes());
        assert_eq!(o.len, 6);
        assert!(matches!(
            read_limited(&p, 5),
            Err(LoadError::TooLarge { size: 6, limit: 5 })
        ));
    }

    /// Regression: a symlink to /dev/zero was read without end (its size
    /// on `stat` is 0).
    #[cfg(unix)]
    #[test]
    fn a_link_to_a_device_is_refused_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("zero.txt");
        std::os::unix::fs::symlink("/dev/zero", &p).unwrap();
        match read_limited(&p, 1 << 20) {
            Err(LoadError::NotRegular { file_type }) => {
                assert_eq!(file_type, crate::i18n::pick("字符设备", "character device"))
            }
            other => panic!("{other:?}"),
        }
    }

    /// Regression: a FIFO named on the command line blocked forever.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pipe.txt");
        let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        match read_limited(&p, 1 << 20) {
            Err(LoadError::NotRegular { file_type }) => assert_eq!(
                file_type,
                crate::i18n::pick("命名管道（FIFO）", "named pipe (FIFO)")
            ),
            other => panic!("{other:?}"),
        }
    }

    /// Regression: a symlink loop was reported as “文件不存在”.
    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        let b = dir.path().join("b.txt");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        match read_limited(&a, 100) {
            Err(LoadError::Io { reason }) => assert!(reason.contains("符号链接循环"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }
}
