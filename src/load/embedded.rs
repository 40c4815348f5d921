//! The built-in data files (`rules/*.toml`, the built-in packs and
//! registries) as `toml` reads them, without parsing TOML at run time.
//!
//! `build.rs` parses each built-in file with `toml` and writes what the
//! deserialiser gives — every value, key and byte span, tables in document
//! order — in the compact form of `build/toml_blob.rs`. [`from_toml`] reads
//! a text that is one of those files from that form (about a tenth of the
//! instructions of `toml_edit`'s parser), any other text with `toml`; a
//! type the compact form cannot give (it reports an error) is read with
//! `toml` too, so results and error messages are always `toml`'s. Tests
//! compare both readings of every built-in file.

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};

#[allow(missing_docs)]
#[path = "../../build/toml_blob.rs"]
mod blob;

use blob::{
    NO_SPAN, SPANNED_END, SPANNED_FIELDS, SPANNED_NAME, SPANNED_START, SPANNED_VALUE, TAG_ARRAY,
    TAG_BOOL, TAG_FLOAT, TAG_INT, TAG_STR, TAG_TABLE,
};

include!(concat!(env!("OUT_DIR"), "/embedded_toml.rs"));

/// Deserialises a TOML text: a built-in data file from its build-time
/// form, anything else (and anything that form cannot give) with `toml`.
pub fn from_toml<T: DeserializeOwned>(text: &str) -> Result<T, toml::de::Error> {
    if let Some(doc) = encoded(text) {
        if let Ok(v) = T::deserialize(NodeDe(Node::split(doc).0)) {
            return Ok(v);
        }
    }
    toml::from_str(text)
}

/// The build-time form of `text`, if it is a built-in file's text.
fn encoded(text: &str) -> Option<&'static [u8]> {
    FILES
        .iter()
        .find(|(_, t, _)| t.len() == text.len() && (t.as_ptr() == text.as_ptr() || *t == text))
        .map(|(_, _, b)| *b)
}

/// Why the compact form cannot give a type (the caller then asks `toml`).
#[derive(Debug)]
struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn span_at(b: &[u8], at: usize) -> Option<(usize, usize)> {
    let start = u32_at(b, at);
    (start != NO_SPAN).then(|| (start as usize, u32_at(b, at + 4) as usize))
}

/// One encoded value.
#[derive(Clone, Copy)]
struct Node {
    tag: u8,
    span: Option<(usize, usize)>,
    payload: &'static [u8],
}

impl Node {
    /// The node at the start of `b`, and what follows it.
    fn split(b: &'static [u8]) -> (Node, &'static [u8]) {
        let len = u32_at(b, 9) as usize;
        let node = Node {
            tag: b[0],
            span: span_at(b, 1),
            payload: &b[13..13 + len],
        };
        (node, &b[13 + len..])
    }

    fn str(&self) -> Result<&'static str, Error> {
        std::str::from_utf8(self.payload).map_err(|e| Error(e.to_string()))
    }

    fn eight(&self) -> [u8; 8] {
        let mut a = [0; 8];
        a.copy_from_slice(&self.payload[..8]);
        a
    }
}

/// A value's deserialiser: what `toml_edit`'s value deserialiser does, for
/// the values the compact form holds.
struct NodeDe(Node);

impl<'de> de::Deserializer<'de> for NodeDe {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let n = self.0;
        match n.tag {
            TAG_STR => visitor.visit_borrowed_str(n.str()?),
            TAG_INT => visitor.visit_i64(i64::from_le_bytes(n.eight())),
            TAG_FLOAT => visitor.visit_f64(f64::from_bits(u64::from_le_bytes(n.eight()))),
            TAG_BOOL => visitor.visit_bool(n.payload[0] != 0),
            TAG_ARRAY => visitor.visit_seq(Seq(n.payload)),
            TAG_TABLE => visitor.visit_map(Table {
                rest: n.payload,
                value: None,
            }),
            t => Err(Error(format!("unknown tag {t}"))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == SPANNED_NAME && fields == SPANNED_FIELDS {
            if let Some((start, end)) = self.0.span {
                return visitor.visit_map(Spanned {
                    start: Some(start),
                    end: Some(end),
                    value: Some(self),
                });
            }
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // A unit variant written as a string; other forms are left to `toml`.
        if self.0.tag != TAG_STR {
            return Err(Error("an enum that is not a string".into()));
        }
        visitor.visit_enum(self.0.str()?.into_deserializer())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool u8 u16 u32 u64 i8 i16 i32 i64 f32 f64 char str string seq
        bytes byte_buf map unit unit_struct tuple_struct tuple identifier
    }
}

/// An array's elements.
struct Seq(&'static [u8]);

impl<'de> de::SeqAccess<'de> for Seq {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.0.is_empty() {
            return Ok(None);
        }
        let (node, rest) = Node::split(self.0);
        self.0 = rest;
        seed.deserialize(NodeDe(node)).map(Some)
    }
}

/// A table's entries.
struct Table {
    rest: &'static [u8],
    value: Option<Node>,
}

impl<'de> MapAccess<'de> for Table {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let b = self.rest;
        if b.is_empty() {
            return Ok(None);
        }
        let span = span_at(b, 0);
        let len = u32_at(b, 8) as usize;
        let key = std::str::from_utf8(&b[12..12 + len]).map_err(|e| Error(e.to_string()))?;
        let (value, rest) = Node::split(&b[12 + len..]);
        self.rest = rest;
        self.value = Some(value);
        seed.deserialize(KeyDe { key, span }).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let node = self
            .value
            .take()
            .ok_or_else(|| Error("a value asked for before its key".into()))?;
        seed.deserialize(NodeDe(node))
    }
}

/// A table key: what `toml_edit`'s key deserialiser does.
struct KeyDe {
    key: &'static str,
    span: Option<(usize, usize)>,
}

impl<'de> de::Deserializer<'de> for KeyDe {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.key)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(self.key.into_deserializer())
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == SPANNED_NAME && fields == SPANNED_FIELDS {
            if let Some((start, end)) = self.span {
                return visitor.visit_map(Spanned {
                    start: Some(start),
                    end: Some(end),
                    value: Some(self.key.into_deserializer()),
                });
            }
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool u8 u16 u32 u64 i8 i16 i32 i64 f32 f64 char str string seq
        bytes byte_buf map option unit
        ignored_any unit_struct tuple_struct tuple identifier
    }
}

/// The span protocol of `toml::Spanned`: start, end, then the value.
struct Spanned<D> {
    start: Option<usize>,
    end: Option<usize>,
    value: Option<D>,
}

impl<'de, D: de::Deserializer<'de, Error = Error>> MapAccess<'de> for Spanned<D> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let field = if self.start.is_some() {
            SPANNED_START
        } else if self.end.is_some() {
            SPANNED_END
        } else if self.value.is_some() {
            SPANNED_VALUE
        } else {
            return Ok(None);
        };
        seed.deserialize(de::value::BorrowedStrDeserializer::new(field))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        if let Some(start) = self.start.take() {
            seed.deserialize(start.into_deserializer())
        } else if let Some(end) = self.end.take() {
            seed.deserialize(end.into_deserializer())
        } else if let Some(value) = self.value.take() {
            seed.deserialize(value)
        } else {
            Err(Error("a value asked for before its key".into()))
        }
    }
}

/// The built-in files (repository path and text), for tests elsewhere.
#[cfg(test)]
pub(crate) fn builtin_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.iter().map(|(p, t, _)| (*p, *t))
}

/// Asserts that reading `text` from its build-time form gives what `toml`
/// gives (compared by `Debug`, spans included), and that it was read from
/// that form rather than by the fallback.
#[cfg(test)]
pub(crate) fn assert_same<T: DeserializeOwned + fmt::Debug>(text: &str) {
    let doc = encoded(text).expect("a built-in file's text");
    let fast: T = T::deserialize(NodeDe(Node::split(doc).0))
        .unwrap_or_else(|e| panic!("the build-time form cannot give the type: {e}"));
    let slow: T = toml::from_str(text).expect("valid TOML");
    assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_file_reads_as_toml_reads_it() {
        let mut paths = Vec::new();
        for (path, text, _) in FILES {
            // Every value, key, span and the order of every table.
            let doc = encoded(text).unwrap();
            let fast: blob::Kind =
                serde::Deserialize::deserialize(NodeDe(Node::split(doc).0)).unwrap();
            let slow: blob::Kind = toml::from_str(text).unwrap();
            assert_eq!(fast, slow, "{path}");
            // And generic values, as the settings read them.
            assert_same::<toml::Value>(text);
            paths.push(*path);
        }
        for p in [
            "rules/rules.toml",
            "rules/typography.toml",
            "rules/indicators.toml",
            "rules/collective.toml",
            "rules/packs/formulations.toml",
            "rules/packs/placeholders.toml",
            "rules/registries/jinan-changqing.toml",
            "rules/registries/jinan-tianqiao.toml",
        ] {
            assert!(paths.contains(&p), "{p} is built in");
        }
    }

    #[test]
    fn spans_point_at_the_values() {
        #[derive(Debug, serde::Deserialize)]
        struct Jur {
            id: toml::Spanned<String>,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Reg {
            jurisdiction: Jur,
        }
        let (_, text, _) = FILES
            .iter()
            .find(|(p, _, _)| *p == "rules/registries/jinan-changqing.toml")
            .unwrap();
        let r: Reg = from_toml(text).unwrap();
        assert_eq!(&text[r.jurisdiction.id.span()], "\"jinan-changqing\"");
        assert_same::<Reg>(text);
    }

    #[test]
    fn other_texts_and_errors_are_toml_s() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct A {
            a: i64,
        }
        let e = from_toml::<A>("a = \"x\"").unwrap_err();
        let t = toml::from_str::<A>("a = \"x\"").unwrap_err();
        assert_eq!(e.to_string(), t.to_string());
        // A built-in text read as a type it does not fit: toml's error.
        let (_, text, _) = FILES[0];
        let e = from_toml::<A>(text).unwrap_err();
        assert_eq!(
            e.to_string(),
            toml::from_str::<A>(text).unwrap_err().to_string()
        );
    }
}
