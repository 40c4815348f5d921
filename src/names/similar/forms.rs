//! Two spellings of one organ that are not typos: a reformed suffix
//! (县发改委 / 县发改局) and an abbreviation (县应急局 / 县应急管理局).

use super::*;

/// The core of a name: without its level prefix (区/县/市/省), its suffix
/// type and connectors.
pub(super) fn core(name: &str, conf: &Confusables) -> Vec<char> {
    let suffix = suffix_type(name).chars().count();
    let skip = usize::from(level_prefix(name).is_some());
    let chars: Vec<char> = name.chars().collect();
    chars[skip..chars.len() - suffix]
        .iter()
        .copied()
        .filter(|c| !conf.is_connector(*c))
        .collect()
}

/// Whether two names are the same organ before and after the institutional
/// reform turned a 委 into a 局 (县发改委 / 县发改局): same level, same core,
/// the suffixes 委 and 局.
pub fn reformed_suffix(a: &str, b: &str, conf: &Confusables) -> bool {
    let (sa, sb) = (suffix_type(a), suffix_type(b));
    sa != sb
        && compatible_suffixes(sa, sb)
        && level_prefix(a) == level_prefix(b)
        && core(a, conf) == core(b, conf)
}

/// Suffix types that name the same kind of organ: a 委 became a 局 in the
/// institutional reform (县发改委 → 县发展改革局).
pub(super) fn compatible_suffixes(a: &str, b: &str) -> bool {
    a == b || matches!((a, b), ("局", "委") | ("委", "局"))
}

/// Whether one name is a customary abbreviation of the other, or both are
/// the same organ under a 委/局 suffix: 县发改局 / 县发展改革局 / 县发改委,
/// 区市场监管局 / 区市场监督管理局. The short core keeps the first character
/// of the long core and the rest of it in order, but is not a contiguous part
/// of it: 区教育局 is not 区教育体育局, 区水务局 is not 区城乡水务局.
pub fn abbreviates(a: &str, b: &str, conf: &Confusables) -> bool {
    if level_prefix(a) != level_prefix(b) || !compatible_suffixes(suffix_type(a), suffix_type(b)) {
        return false;
    }
    if suffix_type(a).is_empty() {
        return false;
    }
    let (ca, cb) = (core(a, conf), core(b, conf));
    let (short, long) = if ca.len() <= cb.len() {
        (ca, cb)
    } else {
        (cb, ca)
    };
    // Distinctive characters (numerals, directions) are never dropped; the
    // place words inside a common noun may be (住房城乡建设 → 住建).
    let distinctive = |v: &[char]| -> Vec<char> {
        v.iter()
            .copied()
            .filter(|c| conf.is_distinctive(*c) && !"区市县省镇乡村".contains(*c))
            .collect()
    };
    if short.len() < 2 || distinctive(&short) != distinctive(&long) {
        return false;
    }
    if short == long {
        return true;
    }
    if long.len() < short.len() + 2 || short[0] != long[0] {
        return false;
    }
    if long.windows(short.len()).any(|w| w == short.as_slice()) {
        return false;
    }
    let mut rest = long.iter();
    short.iter().all(|c| rest.any(|d| d == c))
}
