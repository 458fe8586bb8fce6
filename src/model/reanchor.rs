//! Re-anchoring a layer after its article changed.
//!
//! Every span stores the text it covers and every noise line the text of its line, so a
//! layer made against an older version of an article can find its places again:
//! 1. a span whose text is still at its offsets, or occurs exactly once in the new
//!    article, is an anchor, as long as the anchors keep the order they had (a word that
//!    was deleted but happens to occur once elsewhere is not taken for a move);
//! 2. any other span may only land between the spans placed around it: where the shift
//!    of either neighbour predicts, or on the only occurrence of its text in that window
//!    (repeated, as each placement narrows the windows); two spans never land on one
//!    place, the better-founded one wins;
//! 3. anything else is flagged `orphaned` and keeps its old offsets: it is reported, shown
//!    and saved, never dropped.

use std::collections::HashMap;

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
    /// Where the shift of the anchor before or after it predicts.
    Predicted,
    /// A single occurrence that keeps the document's order.
    Anchor,
}

/// For each place, its new position among `candidates(i)` (sorted), or `None`.
///
/// Places with a single candidate of their own that keep the document's order (the
/// longest run of them whose new positions never go backwards, as in a patience diff)
/// become anchors. Every other place may only land between the places found around it:
/// on the position the shift of either of them predicts, or on the only candidate in that
/// window. Two places from different old positions never land on the same spot.
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

    // Then the others, between the places found so far; each round's placements narrow
    // the next round's windows (a few rounds settle real edits).
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

/// Rounds of placing between anchors; each needs a placement in the round before.
const MAX_ROUNDS: usize = 6;

/// One round: places what the anchors around it determine. Returns whether anything was
/// placed.
fn place_between_anchors(
    places: &[Place],
    all: &[&[usize]],
    order: &[usize],
    found: &mut [Option<(usize, Evidence)>],
) -> bool {
    // The placed neighbours (old, new) after each place, in document order; the one before
    // is tracked while sweeping forward, so this round's placements count at once.
    let mut after: Vec<Option<(usize, usize)>> = vec![None; order.len()];
    let mut next = None;
    for (k, &i) in order.iter().enumerate().rev() {
        after[k] = next;
        if let Some((new, _)) = found[i] {
            next = Some((places[i].old, new));
        }
    }
    let mut placed = false;
    let mut before: Option<(usize, usize)> = None;
    for (k, &i) in order.iter().enumerate() {
        if let Some((new, _)) = found[i] {
            before = Some((places[i].old, new));
            continue;
        }
        let low = before.map_or(0, |(_, new)| new);
        let high = after[k].map_or(usize::MAX, |(_, new)| new);
        let c = all[i];
        let inside = &c[c.partition_point(|&x| x < low)..c.partition_point(|&x| x <= high)];
        // The text moved as its neighbours did: by the shift of the one before it, or of
        // the one after it (when an edit happened between the two).
        let shifted = |anchor: Option<(usize, usize)>| {
            let (old, new) = anchor.unwrap_or((0, 0));
            (places[i].old + new).checked_sub(old)
        };
        let mut hits: Vec<usize> = [shifted(before), shifted(after[k])]
            .into_iter()
            .flatten()
            .filter(|p| inside.binary_search(p).is_ok())
            .collect();
        hits.dedup();
        // Two neighbours predicting two different occurrences: ambiguous, place nothing.
        found[i] = match (hits.as_slice(), inside) {
            ([p], _) => Some((*p, Evidence::Predicted)),
            ([], [only]) => Some((*only, Evidence::Window)),
            _ => None,
        };
        if let Some((new, _)) = found[i] {
            before = Some((places[i].old, new));
            placed = true;
        }
    }
    placed
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
