//! A TOML document as `toml` deserialises it — every value and key with
//! the byte span `toml::Spanned` would get, tables in document order — and
//! its encoding into the compact form `build.rs` writes for the built-in
//! data files (read back by `src/load/embedded.rs`).
//!
//! Shared by `build.rs` (which encodes) and the library's tests (which
//! compare what the runtime reader makes of the encoding with what `toml`
//! makes of the file), through `#[path]`.
//!
//! Encoding, little-endian: a node is `tag: u8, start: u32, end: u32,
//! len: u32` (`start == u32::MAX`: no span) then `len` bytes of payload —
//! the UTF-8 text of a string, an `i64` or the bits of an `f64`, one byte
//! for a boolean, the nodes of an array one after the other, or the entries
//! of a table, each `start: u32, end: u32, len: u32` and the key's bytes,
//! then the value's node.

#![allow(dead_code)]

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// The struct name and fields through which `toml::Spanned` asks for a span.
pub const SPANNED_NAME: &str = "$__serde_spanned_private_Spanned";
/// Field names of the span protocol.
pub const SPANNED_START: &str = "$__serde_spanned_private_start";
/// Field names of the span protocol.
pub const SPANNED_END: &str = "$__serde_spanned_private_end";
/// Field names of the span protocol.
pub const SPANNED_VALUE: &str = "$__serde_spanned_private_value";
/// The three fields, as `Spanned` passes them.
pub const SPANNED_FIELDS: &[&str] = &[SPANNED_START, SPANNED_END, SPANNED_VALUE];

/// Node tags.
pub const TAG_STR: u8 = 0;
/// Node tags.
pub const TAG_INT: u8 = 1;
/// Node tags.
pub const TAG_FLOAT: u8 = 2;
/// Node tags.
pub const TAG_BOOL: u8 = 3;
/// Node tags.
pub const TAG_ARRAY: u8 = 4;
/// Node tags.
pub const TAG_TABLE: u8 = 5;
/// `start` of a node without a span.
pub const NO_SPAN: u32 = u32::MAX;

/// A value and its span, if the deserialiser gave one.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Byte range in the TOML text.
    pub span: Option<(usize, usize)>,
    /// The value.
    pub kind: Kind,
}

/// A table key and its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// Byte range in the TOML text.
    pub span: Option<(usize, usize)>,
    /// The key.
    pub name: String,
}

/// A value.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// An array (arrays of tables included).
    Array(Vec<Node>),
    /// A table, entries in the order the deserialiser gives them.
    Table(Vec<(Key, Node)>),
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a TOML value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
        Ok(Kind::Str(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Kind, E> {
        Ok(Kind::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Kind, E> {
        i64::try_from(v)
            .map(Kind::Int)
            .map_err(|_| E::custom("integer out of range"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Kind, E> {
        Ok(Kind::Float(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Kind, E> {
        Ok(Kind::Bool(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        let mut v = Vec::new();
        while let Some(n) = seq.next_element::<Node>()? {
            v.push(n);
        }
        Ok(Kind::Array(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let mut v = Vec::new();
        while let Some(k) = map.next_key::<Key>()? {
            if k.name.starts_with("$__toml_private") {
                return Err(de::Error::custom(
                    "dates and times are not supported in built-in data",
                ));
            }
            let n = map.next_value::<Node>()?;
            v.push((k, n));
        }
        Ok(Kind::Table(v))
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
        d.deserialize_any(KindVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a TOML value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        KindVisitor.visit_str(v).map(unspanned)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        KindVisitor.visit_i64(v).map(unspanned)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        KindVisitor.visit_u64(v).map(unspanned)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        KindVisitor.visit_f64(v).map(unspanned)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        KindVisitor.visit_bool(v).map(unspanned)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Node, A::Error> {
        KindVisitor.visit_seq(seq).map(unspanned)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        // The span protocol gives start, end and value; any other map is a
        // table the deserialiser has no span for.
        let Some(first) = map.next_key::<Key>()? else {
            return Ok(unspanned(Kind::Table(Vec::new())));
        };
        if first.name == SPANNED_START {
            let start: usize = map.next_value()?;
            let _: Option<Key> = map.next_key()?;
            let end: usize = map.next_value()?;
            let _: Option<Key> = map.next_key()?;
            let kind: Kind = map.next_value()?;
            return Ok(Node {
                span: Some((start, end)),
                kind,
            });
        }
        let mut v = vec![(first, map.next_value::<Node>()?)];
        while let Some(k) = map.next_key::<Key>()? {
            let n = map.next_value::<Node>()?;
            v.push((k, n));
        }
        Ok(unspanned(Kind::Table(v)))
    }
}

fn unspanned(kind: Kind) -> Node {
    Node { span: None, kind }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_struct(SPANNED_NAME, SPANNED_FIELDS, NodeVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a TOML key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(Key {
            span: None,
            name: v.to_string(),
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
        let _: Option<String> = map.next_key()?;
        let start: usize = map.next_value()?;
        let _: Option<String> = map.next_key()?;
        let end: usize = map.next_value()?;
        let _: Option<String> = map.next_key()?;
        let name: String = map.next_value()?;
        Ok(Key {
            span: Some((start, end)),
            name,
        })
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        d.deserialize_struct(SPANNED_NAME, SPANNED_FIELDS, KeyVisitor)
    }
}

fn put_u32(out: &mut Vec<u8>, v: usize) {
    let v = u32::try_from(v).expect("built-in data smaller than 4 GB");
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_span(out: &mut Vec<u8>, span: Option<(usize, usize)>) {
    match span {
        Some((s, e)) => {
            assert!(s < NO_SPAN as usize);
            put_u32(out, s);
            put_u32(out, e);
        }
        None => {
            put_u32(out, NO_SPAN as usize);
            put_u32(out, 0);
        }
    }
}

/// Appends the encoding of a node.
pub fn encode(node: &Node, out: &mut Vec<u8>) {
    let tag = match &node.kind {
        Kind::Str(_) => TAG_STR,
        Kind::Int(_) => TAG_INT,
        Kind::Float(_) => TAG_FLOAT,
        Kind::Bool(_) => TAG_BOOL,
        Kind::Array(_) => TAG_ARRAY,
        Kind::Table(_) => TAG_TABLE,
    };
    out.push(tag);
    put_span(out, node.span);
    let len_at = out.len();
    put_u32(out, 0);
    let start = out.len();
    match &node.kind {
        Kind::Str(s) => out.extend_from_slice(s.as_bytes()),
        Kind::Int(i) => out.extend_from_slice(&i.to_le_bytes()),
        Kind::Float(f) => out.extend_from_slice(&f.to_bits().to_le_bytes()),
        Kind::Bool(b) => out.push(u8::from(*b)),
        Kind::Array(v) => {
            for n in v {
                encode(n, out);
            }
        }
        Kind::Table(v) => {
            for (k, n) in v {
                put_span(out, k.span);
                put_u32(out, k.name.len());
                out.extend_from_slice(k.name.as_bytes());
                encode(n, out);
            }
        }
    }
    let len = u32::try_from(out.len() - start).expect("node smaller than 4 GB");
    out[len_at..len_at + 4].copy_from_slice(&len.to_le_bytes());
}

/// The encoding of a whole document (its root table, without a span).
pub fn encode_document(root: Kind) -> Vec<u8> {
    let mut out = Vec::new();
    encode(&unspanned(root), &mut out);
    out
}
