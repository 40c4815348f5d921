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
