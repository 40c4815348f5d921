//! [`NameIndex`]: a name's candidates without comparing it with every
//! other name.

use std::collections::HashMap;

use super::*;

/// Candidates for "one typo apart" without comparing every pair: each name
/// is indexed under its connector-free form and every form of it with one
/// character deleted. Two names within one insertion, deletion,
/// substitution or swap (connectors ignored) share a key, so a query's
/// candidates are the names under any of its keys; [`same_unit_within`]
/// then decides.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    keys: HashMap<String, Vec<u32>>,
    len: u32,
}

pub(super) fn deletion_keys(name: &str, conf: &Confusables) -> Vec<String> {
    let chars: Vec<char> = name.chars().filter(|c| !conf.is_connector(*c)).collect();
    let mut keys = Vec::with_capacity(chars.len() + 1);
    keys.push(chars.iter().collect::<String>());
    for k in 0..chars.len() {
        if k > 0 && chars[k] == chars[k - 1] {
            continue;
        }
        keys.push(chars[..k].iter().chain(&chars[k + 1..]).collect::<String>());
    }
    keys
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
        for k in deletion_keys(name, conf) {
            let v = self.keys.entry(k).or_default();
            if v.last() != Some(&id) {
                v.push(id);
            }
        }
    }

    /// Positions of the indexed names that may be one typo from `name`,
    /// sorted, without duplicates (the name itself included when indexed).
    pub fn candidates(&self, name: &str, conf: &Confusables) -> Vec<usize> {
        let mut out: Vec<usize> = deletion_keys(name, conf)
            .iter()
            .filter_map(|k| self.keys.get(k))
            .flatten()
            .map(|&i| i as usize)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}
