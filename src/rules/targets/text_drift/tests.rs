use super::*;
use proptest::prelude::*;

fn well_formed(a: &[char], b: &[char], hs: &[(Range<usize>, Range<usize>)]) -> bool {
    hs.iter()
        .all(|(x, y)| x.start <= x.end && x.end <= a.len() && y.start <= y.end && y.end <= b.len())
        && hs
            .windows(2)
            .all(|w| w[0].0.end <= w[1].0.start && w[0].1.end <= w[1].1.start)
}

/// Regression: `similar` reports `Delete { new_index: 3 }` here; the old
/// code turned it into overlapping hunks (`attempt to subtract with
/// overflow` in `analyse`).
#[test]
fn hunks_do_not_overlap_when_the_diff_reports_odd_indexes() {
    let a: Vec<char> = "c，".chars().collect();
    let b: Vec<char> = "，a，，，bb".chars().collect();
    let hs = hunks(&a, &b);
    assert!(well_formed(&a, &b, &hs), "{hs:?}");
}

proptest! {
    #[test]
    fn hunks_are_sorted_disjoint_and_in_bounds(
        a in proptest::collection::vec(prop::sample::select(vec!['a', 'b', '，', 'c', '。', '5']), 0..12),
        b in proptest::collection::vec(prop::sample::select(vec!['a', 'b', '，', 'c', '。', '5']), 0..12),
    ) {
        let hs = hunks(&a, &b);
        prop_assert!(well_formed(&a, &b, &hs), "{:?}", hs);
        // Outside the hunks, both sides are equal, in order.
        let keep = |s: &[char], rs: Vec<Range<usize>>| {
            let mut out = Vec::new();
            let mut at = 0;
            for r in rs { out.extend_from_slice(&s[at..r.start]); at = r.end; }
            out.extend_from_slice(&s[at..]);
            out
        };
        let all = {
            // Without the punctuation filter: compare the raw merge.
            let hs = raw_hunks(&a, &b);
            (keep(&a, hs.iter().map(|h| h.0.clone()).collect()), keep(&b, hs.iter().map(|h| h.1.clone()).collect()))
        };
        prop_assert_eq!(all.0, all.1);
    }
}

proptest! {
    /// `analyse` returns at once when both clauses read the same (the same
    /// text, or the same normalised characters): the full analysis finds
    /// no change there either (no hunk, so no single change).
    #[test]
    fn identical_clauses_have_no_single_change(
        text in "[ 增长建设区园项目，。5%“”a]{0,16}",
        spaced in proptest::bool::ANY,
    ) {
        let unit = |s: &str| crate::targets::TextUnit {
            origin: crate::targets::Origin::Paragraph(0),
            text: crate::model::Joined::from_piece(s, 0..s.len()),
            range: 0..s.len(),
            section: None,
            review: false,
        };
        // The report side with white space between characters: the same
        // normalised characters from a different text.
        let other: String = if spaced {
            text.chars().flat_map(|c| [c, ' ']).collect()
        } else {
            text.clone()
        };
        let (ua, ub) = (unit(&text), unit(&other));
        let a = Side::new(&ua, 0..text.len());
        let b = Side::new(&ub, 0..other.len());
        prop_assert_eq!(&a.chars, &b.chars);
        let hs = hunks(&a.chars, &b.chars);
        prop_assert!(hs.is_empty());
        prop_assert!(single_change(&a, &b, &hs).is_none());
    }
}
