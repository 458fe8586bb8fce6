//! Re-anchoring a layer after its article changed.
//!
//! Every span stores the text it covers and every noise line the text of its line, so a
//! layer made against an older version of an article can find its places again:
//! 1. a span whose text is still at its offsets stays;
//! 2. a span whose text occurs exactly once in the new article moves there;
//! 3. a span whose text occurs several times moves to the occurrence its neighbours'
//!    shift predicts (the nearest span before it that was placed), if the text is there;
//! 4. anything else is flagged `orphaned` and keeps its old offsets: it is reported, shown
//!    and saved, never dropped.

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
    let found = place_all(&places, |i| {
        let s = &spans[i];
        if text.slice_chars(s.start..s.end) == Some(s.text.as_str()) {
            return vec![s.start];
        }
        occurrences(text, &s.text)
    });
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

    let lines: Vec<Place> = layer
        .noise
        .iter()
        .map(|n| Place {
            old: n.line,
            len: 1,
        })
        .collect();
    let found = place_all(&lines, |i| {
        let n = &layer.noise[i];
        if text.line(n.line) == Some(n.text.as_str()) {
            return vec![n.line];
        }
        (0..text.line_count())
            .filter(|&l| text.line(l) == Some(n.text.as_str()))
            .collect()
    });
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
    // Moved lines may now be out of order, or two may claim the same line: keep order,
    // and let a duplicate stay orphaned rather than vanish.
    layer.noise.sort_by_key(|n| (n.orphaned, n.line));
    for i in 1..layer.noise.len() {
        let (a, b) = layer.noise.split_at_mut(i);
        let (prev, this) = (&a[i - 1], &mut b[0]);
        if !this.orphaned && !prev.orphaned && prev.line == this.line {
            this.orphaned = true;
            report.moved -= 1;
            report.orphaned += 1;
        }
    }
    layer.anchored_to = sha256.to_string();
    report
}

#[derive(Clone, Copy)]
struct Place {
    old: usize,
    len: usize,
}

/// For each place, the new position: where `candidates(i)` gives one, where the shift of
/// the nearest placed neighbour before it points among several, else `None`.
fn place_all(places: &[Place], candidates: impl Fn(usize) -> Vec<usize>) -> Vec<Option<usize>> {
    let all: Vec<Vec<usize>> = (0..places.len()).map(&candidates).collect();
    let mut found: Vec<Option<usize>> = all
        .iter()
        .map(|c| if c.len() == 1 { Some(c[0]) } else { None })
        .collect();
    let mut order: Vec<usize> = (0..places.len()).collect();
    order.sort_by_key(|&i| (places[i].old, places[i].len));
    let mut shift: Option<isize> = None;
    for &i in &order {
        match found[i] {
            Some(new) => shift = Some(new as isize - places[i].old as isize),
            None if all[i].len() > 1 => {
                let predicted = places[i].old as isize + shift.unwrap_or(0);
                if all[i].iter().any(|&c| c as isize == predicted) {
                    found[i] = Some(predicted as usize);
                }
            }
            None => {}
        }
    }
    found
}

/// Code-point offsets of every occurrence of `needle` (overlapping ones included).
fn occurrences(text: &Text, needle: &str) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    let hay = text.as_str();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let at = from + i;
        out.push(
            text.byte_to_char(at)
                .expect("match starts on a char boundary"),
        );
        from = at + hay[at..].chars().next().map_or(1, char::len_utf8);
    }
    out
}
