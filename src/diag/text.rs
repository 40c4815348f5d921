//! The text a finding carries: shared, cheap to clone.
//!
//! A file can hold millions of findings of one kind (a 50 MB line with a
//! half-width comma every 37 bytes), and each carries a message, a label, a
//! note, a help line and a fix title that are the same for every finding of
//! that kind. [`Text`] is a reference-counted string, so a rule builds those
//! texts once and every finding shares them (cloning is a counter increment,
//! not a copy); [`Texts`] is a shared list of them (the notes). A finding
//! then holds its spans and a few pointers, not a few hundred bytes of
//! copies.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// An immutable, shared string (an `Arc<str>`): the text of a message,
/// label, note, help line, fix title or replacement.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Arc<str>);

impl Text {
    /// The empty text (one shared allocation for the whole process).
    pub fn empty() -> Self {
        static EMPTY: OnceLock<Arc<str>> = OnceLock::new();
        Text(EMPTY.get_or_init(|| Arc::from("")).clone())
    }

    /// The text as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::empty()
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        if s.is_empty() {
            return Text::empty();
        }
        Text(Arc::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        if s.is_empty() {
            return Text::empty();
        }
        Text(Arc::from(s))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text::from(s.as_str())
    }
}

impl From<std::borrow::Cow<'_, str>> for Text {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Text::from(&*s)
    }
}

impl From<Arc<str>> for Text {
    fn from(s: Arc<str>) -> Self {
        Text(s)
    }
}

impl From<&Text> for Text {
    fn from(s: &Text) -> Self {
        s.clone()
    }
}

impl From<char> for Text {
    fn from(c: char) -> Self {
        Text::from(c.encode_utf8(&mut [0; 4]) as &str)
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        t.0.to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == &*other.0
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A shared list of [`Text`]s (a finding's notes): empty costs nothing, a
/// list shared by many findings is one allocation, and changing one
/// finding's list copies it first.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Texts(Option<Arc<[Text]>>);

impl Texts {
    /// A list of these texts (shared by every clone).
    pub fn new(items: impl IntoIterator<Item = Text>) -> Self {
        let v: Vec<Text> = items.into_iter().collect();
        if v.is_empty() {
            Texts(None)
        } else {
            Texts(Some(Arc::from(v)))
        }
    }

    /// Inserts `t` at `index` (this finding's list only).
    pub fn insert(&mut self, index: usize, t: impl Into<Text>) {
        let mut v = self.to_vec();
        v.insert(index, t.into());
        *self = Texts::new(v);
    }

    /// Appends `t` (this finding's list only).
    pub fn push(&mut self, t: impl Into<Text>) {
        let mut v = self.to_vec();
        v.push(t.into());
        *self = Texts::new(v);
    }
}

impl Deref for Texts {
    type Target = [Text];
    fn deref(&self) -> &[Text] {
        self.0.as_deref().unwrap_or(&[])
    }
}

impl<'a> IntoIterator for &'a Texts {
    type Item = &'a Text;
    type IntoIter = std::slice::Iter<'a, Text>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl From<Vec<Text>> for Texts {
    fn from(v: Vec<Text>) -> Self {
        Texts::new(v)
    }
}

impl fmt::Debug for Texts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl serde::Serialize for Texts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_allocation() {
        let a = Text::from("中文里用了半角逗号“,”".to_string());
        let b = a.clone();
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(b, "中文里用了半角逗号“,”");
        assert_eq!(Text::from(""), Text::empty());
    }

    #[test]
    fn changing_a_shared_list_copies_it() {
        let shared = Texts::new([Text::from("依据")]);
        let mut mine = shared.clone();
        mine.insert(0, "Word 位置：第 1 段");
        mine.push("另见");
        assert_eq!(&*shared, &[Text::from("依据")]);
        assert_eq!(mine.len(), 3);
        assert_eq!(mine[0], "Word 位置：第 1 段");
        assert_eq!(mine[2], "另见");
        assert!(Texts::default().is_empty());
    }
}
