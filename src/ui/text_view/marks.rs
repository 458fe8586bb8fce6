//! What the view shows of a layer's annotations: one [`Mark`] per span, in bytes, indexed
//! by line. Derived from the layer and rebuilt only when the session's revision changes.

use std::ops::Range;

use egui::Color32;

use super::super::style;
use crate::model::Layer;
use crate::session::{Selected, Session};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MarkKind {
    Quote,
    Mention,
    Cue,
}

/// One annotation span as the view draws it: bytes of the text, and what it is. It holds
/// positions in the layer, not copies: what a click selects and what hovering shows are
/// derived when needed, so rebuilding the marks after an edit stays cheap.
#[derive(Debug, Clone)]
pub(super) struct Mark {
    pub(super) bytes: Range<usize>,
    pub(super) kind: MarkKind,
    pub(super) colour: Color32,
    owner: Owner,
}

/// Where a mark's annotation is in the layer.
#[derive(Debug, Clone, Copy)]
enum Owner {
    Mention { speaker: u32, mention: u32 },
    Quote(u32),
}

impl Mark {
    /// What clicking it selects.
    pub(super) fn select(&self, layer: &Layer) -> Selected {
        match self.owner {
            Owner::Mention { speaker, mention } => {
                let s = &layer.speakers[speaker as usize];
                Selected::Mention {
                    speaker: s.id.clone(),
                    span: s.mentions[mention as usize].clone(),
                }
            }
            Owner::Quote(q) => Selected::Quote(layer.quotes[q as usize].id.clone()),
        }
    }

    /// True if `selected` is this mark's annotation (or, for a mention, its speaker).
    pub(super) fn is(&self, selected: Option<&Selected>, layer: &Layer) -> bool {
        match (self.owner, selected) {
            (Owner::Quote(q), Some(Selected::Quote(id))) => &layer.quotes[q as usize].id == id,
            (
                Owner::Mention { speaker, mention },
                Some(Selected::Mention { speaker: id, span }),
            ) => {
                let s = &layer.speakers[speaker as usize];
                &s.id == id && &s.mentions[mention as usize] == span
            }
            (Owner::Mention { speaker, .. }, Some(Selected::Speaker(id))) => {
                &layer.speakers[speaker as usize].id == id
            }
            _ => false,
        }
    }

    /// Shown when hovering.
    pub(super) fn tooltip(&self, layer: &Layer) -> String {
        match self.owner {
            Owner::Mention { speaker, .. } => {
                let s = &layer.speakers[speaker as usize];
                format!("Mention of {} ({}, {})", s.name, s.kind, s.id)
            }
            Owner::Quote(q) => {
                let q = &layer.quotes[q as usize];
                let who = q
                    .speaker
                    .as_deref()
                    .and_then(|id| layer.speaker(id))
                    .map_or("no speaker yet", |s| s.name.as_str());
                let cue = q.cue.as_ref().map_or("no cue".to_string(), |c| {
                    format!("cue \u{201c}{}\u{201d}", c.text)
                });
                match self.kind {
                    MarkKind::Cue => format!("Cue of quote {} ({who})", q.id),
                    _ => format!("Quote {} ({}): {who}, {cue}", q.id, q.kind),
                }
            }
        }
    }
}

/// The marks of one layer of one document, indexed by line.
pub(super) struct Marks {
    pub(super) key: (usize, u64, String),
    pub(super) marks: Vec<Mark>,
    /// Marks of line `l`: `by_line[line_start[l]..line_start[l + 1]]`.
    pub(super) line_start: Vec<u32>,
    pub(super) by_line: Vec<u32>,
}

impl Marks {
    pub(super) fn build(session: &Session) -> Marks {
        let doc = session.document();
        let text = &doc.text;
        let layer = session.layer();
        // First every span with what it will be, then all offsets converted in one
        // sorted sweep (a layer's spans are in scattered order).
        let mut wanted: Vec<(Range<usize>, MarkKind, Color32, Owner)> = Vec::new();
        for (i, speaker) in layer.speakers.iter().enumerate() {
            let colour = style::speaker_colour(i);
            for (j, m) in speaker
                .mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| !m.orphaned)
            {
                let owner = Owner::Mention {
                    speaker: i as u32,
                    mention: j as u32,
                };
                wanted.push((m.start..m.end, MarkKind::Mention, colour, owner));
            }
        }
        let speaker_index: std::collections::HashMap<&str, usize> = layer
            .speakers
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        for (i, q) in layer.quotes.iter().enumerate() {
            let speaker = q
                .speaker
                .as_deref()
                .and_then(|id| speaker_index.get(id).copied());
            let colour = speaker.map_or(style::NO_SPEAKER, style::speaker_colour);
            let owner = Owner::Quote(i as u32);
            for c in q.content.iter().filter(|c| !c.orphaned) {
                wanted.push((c.start..c.end, MarkKind::Quote, colour, owner));
            }
            if let Some(c) = q.cue.as_ref().filter(|c| !c.orphaned) {
                wanted.push((c.start..c.end, MarkKind::Cue, colour, owner));
            }
        }
        let chars: Vec<Range<usize>> = wanted.iter().map(|w| w.0.clone()).collect();
        let marks: Vec<Mark> = wanted
            .into_iter()
            .zip(text.char_ranges_to_bytes(&chars))
            .filter_map(|((_, kind, colour, owner), bytes)| {
                Some(Mark {
                    bytes: bytes?,
                    kind,
                    colour,
                    owner,
                })
            })
            .collect();
        // In text order, so the line lookups below walk forward through the line index.
        let mut marks = marks;
        marks.sort_unstable_by_key(|m| m.bytes.start);
        // Index by line: each mark under every line it touches.
        let lines = text.line_count();
        let mut counts = vec![0u32; lines + 1];
        let line_range = |m: &Mark| {
            let first = text.line_of_byte(m.bytes.start);
            let last = text.line_of_byte(m.bytes.end.saturating_sub(1).max(m.bytes.start));
            first..last + 1
        };
        for m in &marks {
            for l in line_range(m) {
                counts[l + 1] += 1;
            }
        }
        for l in 0..lines {
            counts[l + 1] += counts[l];
        }
        let mut fill = counts.clone();
        let mut by_line = vec![0u32; counts[lines] as usize];
        for (i, m) in marks.iter().enumerate() {
            for l in line_range(m) {
                by_line[fill[l] as usize] = i as u32;
                fill[l] += 1;
            }
        }
        Marks {
            key: (
                session.doc_index(),
                session.revision(),
                session.layer_name().to_string(),
            ),
            marks,
            line_start: counts,
            by_line,
        }
    }

    pub(super) fn on_line(&self, line: usize) -> impl Iterator<Item = &Mark> {
        let ids = &self.by_line[self.line_start[line] as usize..self.line_start[line + 1] as usize];
        ids.iter().map(|&i| &self.marks[i as usize])
    }
}
