//! [`NameIndex`]: a name's candidates without comparing it with every
//! other name.

use rustc_hash::FxHashMap;

use super::*;

/// Candidates for "one typo apart" without comparing every pair: each name
/// is indexed under its connector-free form and every form of it with one
/// character deleted. Two names within one insertion, deletion,
/// substitution or swap (connectors ignored) share a key, so a query's
/// candidates are the names under any of its keys; [`same_unit_within`]
/// then decides.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    keys: FxHashMap<Box<[char]>, Vec<u32>>,
    len: u32,
}

/// Calls `f` with each deletion key of `name`: its connector-free form,
/// then that form without each character in turn (once for a run of equal
/// characters, whose deletions are the same key). Keys are built in one
/// buffer, not allocated one by one.
fn for_each_key(name: &str, conf: &Confusables, mut f: impl FnMut(&[char])) {
    let chars: Vec<char> = name.chars().filter(|c| !conf.is_connector(*c)).collect();
    f(&chars);
    let mut key: Vec<char> = Vec::with_capacity(chars.len());
    for k in 0..chars.len() {
        if k > 0 && chars[k] == chars[k - 1] {
            continue;
        }
        key.clear();
        key.extend_from_slice(&chars[..k]);
        key.extend_from_slice(&chars[k + 1..]);
        f(&key);
    }
}

impl NameIndex {
    /// Indexes `names`; candidates are reported by their position.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>, conf: &Confusables) -> Self {
        let mut ix = NameIndex::default();
        for n in names {
            ix.push(n, conf);
        }
        ix
    }

    /// Adds one name (its position is the number of names added before).
    pub fn push(&mut self, name: &str, conf: &Confusables) {
        let id = self.len;
        self.len += 1;
        for_each_key(name, conf, |k| {
            if !self.keys.contains_key(k) {
                self.keys.insert(k.into(), Vec::new());
            }
            let v = self.keys.get_mut(k).expect("inserted above");
            if v.last() != Some(&id) {
                v.push(id);
            }
        });
    }

    /// Positions of the indexed names that may be one typo from `name`,
    /// sorted, without duplicates (the name itself included when indexed).
    pub fn candidates(&self, name: &str, conf: &Confusables) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for_each_key(name, conf, |k| {
            if let Some(v) = self.keys.get(k) {
                out.extend(v.iter().map(|&i| i as usize));
            }
        });
        out.sort_unstable();
        out.dedup();
        out
    }
}
