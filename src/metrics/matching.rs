//! Matching two layers' spans one-to-one: the ground of every score (`sayso eval`) and of
//! agreement between annotators.
//!
//! An item is a set of code point ranges (a quote's content can be several fragments).
//! - **Exact**: the same ranges.
//! - **Overlap**: the predicted item covers at least half of the gold item's characters.
//!
//! Each gold item matches at most one predicted item and the other way round. Candidate
//! pairs are taken greedily, the pair covering most characters first, then by position:
//! deterministic, and optimal whenever items do not compete (the usual case).

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::model::Span;

/// How two items must agree to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Matching {
    Exact,
    Overlap,
}

impl Matching {
    pub const BOTH: [Matching; 2] = [Matching::Exact, Matching::Overlap];

    pub fn as_str(self) -> &'static str {
        match self {
            Matching::Exact => "exact",
            Matching::Overlap => "overlap",
        }
    }
}

/// An item's stretches of text: sorted, not overlapping, not empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Extent(Vec<Range<usize>>);

impl Extent {
    /// The extent of `ranges` in any order; overlapping or touching ranges are merged.
    pub fn new(ranges: impl IntoIterator<Item = Range<usize>>) -> Extent {
        let mut ranges: Vec<_> = ranges.into_iter().filter(|r| r.start < r.end).collect();
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        Extent(merged)
    }

    pub fn of_span(span: &Span) -> Extent {
        Extent::new([span.start..span.end])
    }

    pub fn of_spans<'a>(spans: impl IntoIterator<Item = &'a Span>) -> Extent {
        Extent::new(spans.into_iter().map(|s| s.start..s.end))
    }

    pub fn ranges(&self) -> &[Range<usize>] {
        &self.0
    }

    /// Characters covered.
    pub fn len(&self) -> usize {
        self.0.iter().map(|r| r.end - r.start).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn start(&self) -> usize {
        self.0.first().map_or(0, |r| r.start)
    }

    fn end(&self) -> usize {
        self.0.last().map_or(0, |r| r.end)
    }

    /// Characters of `self` that `other` covers too.
    pub fn shared(&self, other: &Extent) -> usize {
        let (mut i, mut j, mut shared) = (0, 0, 0);
        while i < self.0.len() && j < other.0.len() {
            let (a, b) = (&self.0[i], &other.0[j]);
            let lo = a.start.max(b.start);
            let hi = a.end.min(b.end);
            shared += hi.saturating_sub(lo);
            if a.end <= b.end {
                i += 1;
            } else {
                j += 1;
            }
        }
        shared
    }
}

/// Whether `pred` matches `gold` under `how` (ignoring the one-to-one rule).
pub fn matches(gold: &Extent, pred: &Extent, how: Matching) -> bool {
    match how {
        Matching::Exact => gold == pred,
        Matching::Overlap => {
            let shared = gold.shared(pred);
            shared > 0 && 2 * shared >= gold.len()
        }
    }
}

/// One-to-one matching of `gold` to `pred` items: pairs of indices, sorted by gold index.
pub fn match_items(gold: &[Extent], pred: &[Extent], how: Matching) -> Vec<(usize, usize)> {
    match how {
        Matching::Exact => match_exact(gold, pred),
        Matching::Overlap => match_overlap(gold, pred),
    }
}

fn match_exact(gold: &[Extent], pred: &[Extent]) -> Vec<(usize, usize)> {
    // Equal items pair up in order, so duplicates match once each.
    let mut free: HashMap<&Extent, Vec<usize>> = HashMap::with_capacity(pred.len());
    for (j, p) in pred.iter().enumerate().rev() {
        free.entry(p).or_default().push(j);
    }
    let mut pairs = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        if let Some(j) = free.get_mut(g).and_then(Vec::pop) {
            pairs.push((i, j));
        }
    }
    pairs
}

fn match_overlap(gold: &[Extent], pred: &[Extent]) -> Vec<(usize, usize)> {
    // Candidates by a sweep over both lists sorted by start: only items whose outer bounds
    // overlap are compared, so long documents stay linear in practice.
    let mut by_start: Vec<usize> = (0..pred.len()).collect();
    by_start.sort_by_key(|&j| pred[j].start());
    let mut candidates = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        if g.is_empty() {
            continue;
        }
        let first = by_start.partition_point(|&j| pred[j].start() < g.end());
        for &j in &by_start[..first] {
            if pred[j].end() > g.start() && matches(g, &pred[j], Matching::Overlap) {
                candidates.push((g.shared(&pred[j]), i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gold_taken = vec![false; gold.len()];
    let mut pred_taken = vec![false; pred.len()];
    let mut pairs = Vec::new();
    for (_, i, j) in candidates {
        if !gold_taken[i] && !pred_taken[j] {
            gold_taken[i] = true;
            pred_taken[j] = true;
            pairs.push((i, j));
        }
    }
    pairs.sort_unstable();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ext(ranges: &[(usize, usize)]) -> Extent {
        Extent::new(ranges.iter().map(|&(s, e)| s..e))
    }

    #[test]
    fn extents_merge_and_share() {
        let a = ext(&[(10, 20), (0, 5), (4, 6)]);
        assert_eq!(a.ranges(), &[0..6, 10..20]);
        assert_eq!(a.len(), 16);
        assert_eq!(a.shared(&ext(&[(5, 12)])), 3);
        assert_eq!(a.shared(&ext(&[(30, 40)])), 0);
    }

    #[test]
    fn overlap_needs_half_of_the_gold_characters() {
        let gold = ext(&[(0, 10)]);
        assert!(matches(&gold, &ext(&[(5, 30)]), Matching::Overlap));
        assert!(!matches(&gold, &ext(&[(6, 30)]), Matching::Overlap));
        // A fragment split by a cue counts by characters, not by fragments.
        let split = ext(&[(0, 10), (20, 30)]);
        assert!(matches(&split, &ext(&[(0, 10)]), Matching::Overlap));
        assert!(!matches(&split, &ext(&[(0, 9)]), Matching::Overlap));
        assert!(!matches(&gold, &ext(&[(0, 9)]), Matching::Exact));
    }

    #[test]
    fn each_item_matches_once() {
        // One long prediction over two gold quotes matches only the one it covers most.
        let gold = [ext(&[(0, 10)]), ext(&[(10, 14)])];
        let pred = [ext(&[(0, 14)])];
        assert_eq!(match_items(&gold, &pred, Matching::Overlap), vec![(0, 0)]);
        // Two identical predictions of one gold item: one match, one false positive.
        let gold = [ext(&[(3, 8)])];
        let pred = [ext(&[(3, 8)]), ext(&[(3, 8)])];
        assert_eq!(match_items(&gold, &pred, Matching::Exact), vec![(0, 0)]);
        assert_eq!(match_items(&gold, &pred, Matching::Overlap).len(), 1);
    }

    #[test]
    fn the_best_covering_prediction_wins() {
        let gold = [ext(&[(0, 10)])];
        let pred = [ext(&[(4, 12)]), ext(&[(0, 9)])];
        assert_eq!(match_items(&gold, &pred, Matching::Overlap), vec![(0, 1)]);
    }
}
