//! Re-anchoring a layer after its article changed.
//!
//! Every span stores the text it covers and every noise line the text of its line, so a
//! layer made against an older version of an article can find its places again:
//! 1. a span whose text is still at its offsets, or occurs exactly once in the new
//!    article, is an anchor, as long as the anchors keep the order they had (a word that
//!    was deleted but happens to occur once elsewhere is not taken for a move);
//! 2. a span inside a placed span (a mention inside a quote) moves exactly as that span
//!    did, whose text is unchanged;
//! 3. any other span may only land between the spans placed around it: on the only
//!    occurrence of its text that a shift between its neighbours' shifts reaches (of
//!    several, the only one exactly at one neighbour's shift: an edit lies on one side of
//!    a span), or else on the only occurrence in that window (repeated, as each placement
//!    narrows the windows); two spans never land on one place, the better-founded one
//!    wins;
//! 4. anything else is flagged `orphaned` and keeps its old offsets: it is reported, shown
//!    and saved, never dropped.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use aho_corasick::AhoCorasick;

use super::{Layer, Span};
use crate::text::Text;

/// What re-anchoring did to a layer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reanchored {
    /// Spans and noise lines found at the same place.
    pub kept: usize,
    /// Spans and noise lines moved to where their text is now.
    pub moved: usize,
    /// Spans and noise lines whose text could not be found unambiguously.
    pub orphaned: usize,
}

/// Re-anchors every span and noise line of `layer` to `text` and records `text`'s hash
/// (`sha256`) as the layer's anchor.
pub fn reanchor(layer: &mut Layer, text: &Text, sha256: &str) -> Reanchored {
    let mut report = Reanchored::default();
    let mut spans: Vec<&mut Span> = layer.spans_mut().collect();
    let places: Vec<Place> = spans
        .iter()
        .map(|s| Place {
            old: s.start,
            len: s.end.saturating_sub(s.start),
        })
        .collect();
    let needles: Vec<&str> = spans.iter().map(|s| s.text.as_str()).collect();
    let occurrences = occurrences(text, &needles);
    let found = place_all(&places, |i| &occurrences[i]);
    for (span, new) in spans.iter_mut().zip(found) {
        match new {
            Some(start) if start == span.start && !span.orphaned => report.kept += 1,
            Some(start) => {
                span.end = start + (span.end - span.start);
                span.start = start;
                span.orphaned = false;
                report.moved += 1;
            }
            None => {
                span.orphaned = true;
                report.orphaned += 1;
            }
        }
    }

    let mut lines_by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for l in 0..text.line_count() {
        lines_by_text
            .entry(text.line(l).expect("line exists"))
            .or_default()
            .push(l);
    }
    let places: Vec<Place> = layer
        .noise
        .iter()
        .map(|n| Place {
            old: n.line,
            len: 1,
        })
        .collect();
    let candidates: Vec<&[usize]> = layer
        .noise
        .iter()
        .map(|n| {
            lines_by_text
                .get(n.text.as_str())
                .map_or(&[][..], Vec::as_slice)
        })
        .collect();
    let found = place_all(&places, |i| candidates[i]);
    for (noise, new) in layer.noise.iter_mut().zip(found) {
        match new {
            Some(line) if line == noise.line && !noise.orphaned => report.kept += 1,
            Some(line) => {
                noise.line = line;
                noise.orphaned = false;
                report.moved += 1;
            }
            None => {
                noise.orphaned = true;
                report.orphaned += 1;
            }
        }
    }
    // Keep noise lines sorted; orphans go last, in their old order.
    layer.noise.sort_by_key(|n| (n.orphaned, n.line));
    layer.anchored_to = sha256.to_string();
    report
}

#[derive(Clone, Copy)]
struct Place {
    old: usize,
    len: usize,
}

/// How sure a placement is; when two places land on one spot, the surer one keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    /// The only occurrence between the anchors around it.
    Window,
    /// The only occurrence within the shifts of the placed spans before and after it.
    Predicted,
    /// Inside a placed span whose text is unchanged, so it moved exactly as that span did.
    Contained,
    /// A single occurrence that keeps the document's order.
    Anchor,
}

/// For each place, its new position among `candidates(i)` (sorted), or `None`.
///
/// Places with a single candidate of their own that keep the document's order (the
/// longest run of them whose new positions never go backwards, as in a patience diff)
/// become anchors. Every other place may only land between the places found around it: on
/// the only candidate its neighbours' shifts bracket, or else on the only candidate in that
/// window. Two places never land on the same spot.
fn place_all<'a>(
    places: &[Place],
    candidates: impl Fn(usize) -> &'a [usize],
) -> Vec<Option<usize>> {
    // Identical spans (a quote's source repeating a mention) are one place: placed once,
    // so one can never vouch for the other.
    let mut distinct: HashMap<(usize, usize), usize> = HashMap::new();
    let mut first = Vec::new();
    let group: Vec<usize> = places
        .iter()
        .enumerate()
        .map(|(i, p)| {
            *distinct.entry((p.old, p.len)).or_insert_with(|| {
                first.push(i);
                first.len() - 1
            })
        })
        .collect();
    let unique: Vec<Place> = first.iter().map(|&i| places[i]).collect();
    let found = place_distinct(&unique, |g| candidates(first[g]));
    group.iter().map(|&g| found[g]).collect()
}

/// [`place_all`] for places that all differ in old position or length.
fn place_distinct<'a>(
    places: &[Place],
    candidates: impl Fn(usize) -> &'a [usize],
) -> Vec<Option<usize>> {
    let all: Vec<&[usize]> = (0..places.len()).map(&candidates).collect();
    let mut order: Vec<usize> = (0..places.len()).collect();
    order.sort_by_key(|&i| (places[i].old, places[i].len));

    // Two places claiming the same single candidate cannot both be right.
    let mut claims: HashMap<(usize, usize), usize> = HashMap::new();
    for (i, c) in all.iter().enumerate() {
        if let [only] = c {
            *claims.entry((*only, places[i].len)).or_default() += 1;
        }
    }
    let unique: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| all[i].len() == 1 && claims[&(all[i][0], places[i].len)] == 1)
        .collect();
    let positions: Vec<usize> = unique.iter().map(|&i| all[i][0]).collect();
    let mut found: Vec<Option<(usize, Evidence)>> = vec![None; places.len()];
    for k in longest_non_decreasing(&positions) {
        found[unique[k]] = Some((positions[k], Evidence::Anchor));
    }

    // Then the others, between the places found so far; each round's well-founded
    // placements narrow the next round's windows (a few rounds settle real edits).
    for _ in 0..MAX_ROUNDS {
        if !place_between_anchors(places, &all, &order, &mut found) {
            break;
        }
    }

    // Where places collide, only a single surest one stays.
    let mut spots: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (i, f) in found.iter().enumerate() {
        if let Some((new, _)) = f {
            spots.entry((*new, places[i].len)).or_default().push(i);
        }
    }
    for ids in spots.values().filter(|ids| ids.len() > 1) {
        let best = ids.iter().filter_map(|&i| found[i].map(|(_, e)| e)).max();
        let winners = ids
            .iter()
            .filter(|&&i| found[i].map(|(_, e)| e) == best)
            .count();
        for &i in ids {
            if winners > 1 || found[i].map(|(_, e)| e) != best {
                found[i] = None;
            }
        }
    }
    found.into_iter().map(|f| f.map(|(new, _)| new)).collect()
}

/// Rounds of placing between anchors; each needs a new well-founded placement in the
/// round before.
const MAX_ROUNDS: usize = 8;

/// One round: places what the anchors around it determine. Guesses from the window alone
/// are provisional: made again each round, against the neighbours known by then. Returns
/// whether a well-founded placement was added.
fn place_between_anchors(
    places: &[Place],
    all: &[&[usize]],
    order: &[usize],
    found: &mut [Option<(usize, Evidence)>],
) -> bool {
    // The well-placed neighbour (old, new) after each place, in document order; the one
    // before is tracked while sweeping forward, so this round's placements count at once.
    let mut after: Vec<Option<(usize, usize)>> = vec![None; order.len()];
    let mut next = None;
    for (k, &i) in order.iter().enumerate().rev() {
        after[k] = next;
        if let Some((new, evidence)) = found[i]
            && evidence != Evidence::Window
        {
            next = Some((places[i].old, new));
        }
    }
    for f in found.iter_mut() {
        if matches!(f, Some((_, Evidence::Window))) {
            *f = None;
        }
    }
    let mut placed = false;
    // The last well-placed span before the current one, and (by old end) the well-placed
    // spans the sweep has passed: nothing after a span can start before its new end.
    let mut before: Option<(usize, usize)> = None;
    // Entries: (old end, new end, old start, new start).
    let mut open: BinaryHeap<Reverse<(usize, usize, usize, usize)>> = BinaryHeap::new();
    let mut closed_end = 0;
    for (k, &i) in order.iter().enumerate() {
        let (start, end) = (places[i].old, places[i].old + places[i].len);
        while let Some(&Reverse((old_end, new_end, ..))) = open.peek() {
            if old_end > start {
                break;
            }
            closed_end = closed_end.max(new_end);
            open.pop();
        }
        if found[i].is_none() {
            // Inside a placed span: its text is unchanged, so this moved just as it did.
            let container = open
                .iter()
                .find(|Reverse((old_end, _, old_start, _))| *old_start <= start && end <= *old_end)
                .map(|Reverse((_, _, old_start, new_start))| start + new_start - old_start);
            found[i] = match container {
                Some(new) if all[i].binary_search(&new).is_ok() => Some((new, Evidence::Contained)),
                _ => place_one(places[i], all[i], before, after[k], closed_end),
            };
            placed |= matches!(
                found[i],
                Some((_, Evidence::Predicted | Evidence::Contained))
            );
        }
        // A guess from the window alone is too weak to bound the others.
        if let Some((new, evidence)) = found[i]
            && evidence != Evidence::Window
        {
            before = Some((start, new));
            open.push(Reverse((end, new + places[i].len, start, new)));
        }
    }
    placed
}

/// Where `place` goes, given the well-placed neighbours `before` and `after` (old, new)
/// and the new end of the spans that ended before it.
fn place_one(
    place: Place,
    candidates: &[usize],
    before: Option<(usize, usize)>,
    after: Option<(usize, usize)>,
    closed_end: usize,
) -> Option<(usize, Evidence)> {
    let within = |c: &[usize], low: usize, high: usize| -> std::ops::Range<usize> {
        c.partition_point(|&x| x < low)..c.partition_point(|&x| x <= high)
    };
    let low = before.map_or(0, |(_, new)| new).max(closed_end);
    let high = after.map_or(usize::MAX, |(_, new)| new);
    let inside = &candidates[within(candidates, low, high)];
    // The text moved as its neighbours did: by a shift between theirs (an insertion or
    // deletion between them moved it by part of the difference). The start of the text
    // counts as a neighbour that did not move.
    let shift = |(old, new): (usize, usize)| new as isize - old as isize;
    let from_before = shift(before.unwrap_or((0, 0)));
    let from_after = after.map_or(from_before, shift);
    let old = place.old as isize;
    let lowest = (old + from_before.min(from_after)).max(0) as usize;
    let highest = (old + from_before.max(from_after)).max(0) as usize;
    let bracket = &inside[within(inside, lowest, highest)];
    // Text moves with one of its neighbours (an edit lies on one side of it, not inside
    // it): among several candidates in the bracket, a single one exactly where either
    // neighbour's shift puts it is the place. None there and several in the window, or no
    // such single one: ambiguous.
    let exact = |shift: isize| (old + shift).max(0) as usize;
    let at_shift: Vec<usize> = [exact(from_before), exact(from_after)]
        .into_iter()
        .filter(|p| bracket.binary_search(p).is_ok())
        .collect();
    match (bracket, inside, at_shift.as_slice()) {
        ([p], _, _) => Some((*p, Evidence::Predicted)),
        ([], [only], _) => Some((*only, Evidence::Window)),
        ([_, _, ..], _, [p]) => Some((*p, Evidence::Predicted)),
        ([_, _, ..], _, [p, q]) if p == q => Some((*p, Evidence::Predicted)),
        _ => None,
    }
}

/// Indices of a longest subsequence of `values` that never decreases.
fn longest_non_decreasing(values: &[usize]) -> Vec<usize> {
    // tails[l] is the index of the smallest last value of a run of length l + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; values.len()];
    for (i, &v) in values.iter().enumerate() {
        let l = tails.partition_point(|&t| values[t] <= v);
        previous[i] = l.checked_sub(1).map(|p| tails[p]);
        if l == tails.len() {
            tails.push(i);
        } else {
            tails[l] = i;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(i) = at {
        run.push(i);
        at = previous[i];
    }
    run.reverse();
    run
}

/// True if the match `hay[start..end]` begins or ends inside a word ("he" in "the"):
/// annotations cover whole words, so such a match is not a place the span can have gone.
fn cuts_a_word(hay: &str, start: usize, end: usize) -> bool {
    let word =
        |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !written_without_spaces(c));
    let mark = |c: Option<char>| {
        c.is_some_and(|c| matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}' | '\u{fe0f}' | '\u{200d}' | '\u{1f3fb}'..='\u{1f3ff}'))
    };
    let (first, last) = (
        hay[start..end].chars().next(),
        hay[start..end].chars().next_back(),
    );
    let (before, after) = (hay[..start].chars().next_back(), hay[end..].chars().next());
    (word(first) && word(before)) || (word(last) && word(after)) || mark(first) || mark(after)
}

/// Letters of scripts written without spaces between words (Han, kana, Thai, Lao, Khmer,
/// Myanmar): a name there sits inside a run of letters.
fn written_without_spaces(c: char) -> bool {
    matches!(c,
        '\u{0e00}'..='\u{0eff}' | '\u{1000}'..='\u{109f}' | '\u{1780}'..='\u{17ff}'
        | '\u{3040}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' | '\u{3400}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{ff66}'..='\u{ff9f}' | '\u{20000}'..='\u{3ffff}')
}

/// For each needle, the sorted code-point offsets of its occurrences in `text` as whole
/// words (overlapping ones included), found in one pass over the text.
fn occurrences(text: &Text, needles: &[&str]) -> Vec<Vec<usize>> {
    let mut distinct: Vec<&str> = needles.iter().copied().filter(|n| !n.is_empty()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut found: Vec<Vec<usize>> = vec![Vec::new(); distinct.len()];
    if !distinct.is_empty() {
        let automaton = AhoCorasick::new(&distinct).expect("patterns of text build an automaton");
        let hay = text.as_str();
        for m in automaton.find_overlapping_iter(hay) {
            if cuts_a_word(hay, m.start(), m.end()) {
                continue;
            }
            let at = text
                .byte_to_char(m.start())
                .expect("a match starts on a char boundary");
            found[m.pattern().as_usize()].push(at);
        }
    }
    needles
        .iter()
        .map(|n| match distinct.binary_search(n) {
            Ok(k) => found[k].clone(),
            Err(_) => Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_run_that_never_goes_backwards() {
        assert_eq!(longest_non_decreasing(&[]), Vec::<usize>::new());
        assert_eq!(
            longest_non_decreasing(&[5, 1, 2, 2, 9, 3]),
            vec![1, 2, 3, 5]
        );
        assert_eq!(longest_non_decreasing(&[3, 2, 1]).len(), 1);
    }

    #[test]
    fn a_deleted_word_found_once_elsewhere_is_orphaned_not_moved() {
        // Old: "A said X. B reiterated Y. C said Z." with spans on every word; the middle
        // sentence is deleted, and "reiterated" still occurs once, earlier.
        let places = [
            (0, "reiterated"),
            (20, "A"),
            (40, "B"),
            (41, "reiterated"),
            (60, "C"),
        ];
        let new_text = "reiterated ... A ... C";
        let candidates: Vec<Vec<usize>> = places
            .iter()
            .map(|(_, t)| new_text.match_indices(t).map(|(at, _)| at).collect())
            .collect();
        let found = place_all(&places.map(|(old, t)| Place { old, len: t.len() }), |i| {
            &candidates[i]
        });
        assert_eq!(found, vec![Some(0), Some(15), None, None, Some(21)]);
    }
}
