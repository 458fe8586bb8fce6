//! How the items of two layers of one document correspond: the extents that are matched,
//! which speaker stands for which, which quotes are the same quote. Shared by scoring
//! against gold ([`super::eval`]) and agreement between annotators
//! ([`crate::agreement::layers`]).

use std::collections::{BTreeMap, HashMap};

use super::matching::{Extent, Matching, match_items};
use crate::model::{Layer, Quote, Speaker};

/// A layer's mentions that are not orphaned, with the index of the speaker each belongs to.
pub fn mentions(layer: &Layer) -> (Vec<Extent>, Vec<usize>) {
    let mut extents = Vec::new();
    let mut owners = Vec::new();
    for (i, speaker) in layer.speakers.iter().enumerate() {
        for m in speaker.mentions.iter().filter(|m| !m.orphaned) {
            extents.push(Extent::of_span(m));
            owners.push(i);
        }
    }
    (extents, owners)
}

/// The content extents of quotes with at least one fragment that is not orphaned.
pub fn quote_contents(layer: &Layer) -> Vec<Extent> {
    let live = |q: &&Quote| q.content.iter().any(|s| !s.orphaned);
    let quotes = layer.quotes.iter().filter(live);
    quotes.map(|q| Extent::of_spans(&q.content)).collect()
}

/// The cues that are not orphaned.
pub fn cues(layer: &Layer) -> Vec<Extent> {
    let cues = layer.quotes.iter().filter_map(|q| q.cue.as_ref());
    cues.filter(|c| !c.orphaned).map(Extent::of_span).collect()
}

/// For each speaker of `other`, the speaker of `reference` it stands for: the one most of
/// its mentions match (by overlap; ties to the first), else the one with the same name
/// (trimmed, case ignored). Speaker ids differ between layers, so they cannot be compared.
pub fn speaker_correspondence(reference: &Layer, other: &Layer) -> Vec<Option<usize>> {
    let (ref_mentions, ref_owner) = mentions(reference);
    let (other_mentions, other_owner) = mentions(other);
    let mut votes: HashMap<(usize, usize), usize> = HashMap::new();
    for (r, o) in match_items(&ref_mentions, &other_mentions, Matching::Overlap) {
        *votes.entry((other_owner[o], ref_owner[r])).or_default() += 1;
    }
    let stands_for = |o: usize| -> Option<usize> {
        let best = (0..reference.speakers.len())
            .map(|r| (votes.get(&(o, r)).copied().unwrap_or(0), r))
            .filter(|&(n, _)| n > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        best.map(|(_, r)| r).or_else(|| {
            let name = other.speakers[o].name.trim().to_lowercase();
            let same = |s: &Speaker| s.name.trim().to_lowercase() == name;
            reference.speakers.iter().position(same)
        })
    };
    (0..other.speakers.len()).map(stands_for).collect()
}

/// Two quotes matched by overlap, one from each layer.
#[derive(Debug, Clone, Copy)]
pub struct QuotePair<'a> {
    pub reference: &'a Quote,
    pub other: &'a Quote,
    /// The reference quote's speaker (an index into the reference layer's speakers).
    pub reference_speaker: Option<usize>,
    /// The reference speaker the other quote's speaker stands for.
    pub other_speaker: Option<usize>,
}

impl QuotePair<'_> {
    /// Both quotes go to the same person (a quote without a speaker agrees with nobody).
    pub fn same_speaker(&self) -> bool {
        self.reference_speaker.is_some() && self.reference_speaker == self.other_speaker
    }

    /// At least one of the quotes has a speaker: attribution can be judged.
    pub fn attributed(&self) -> bool {
        self.reference.speaker.is_some() || self.other.speaker.is_some()
    }
}

/// Every quote of `reference` matched one-to-one by overlap to a quote of `other` (all
/// quotes, orphaned fragments included), in the reference layer's order.
pub fn matched_quotes<'a>(reference: &'a Layer, other: &'a Layer) -> Vec<QuotePair<'a>> {
    let stands_for = speaker_correspondence(reference, other);
    let index = |layer: &Layer, id: &Option<String>| {
        let id = id.as_deref()?;
        layer.speakers.iter().position(|s| s.id == id)
    };
    let extents = |layer: &Layer| -> Vec<Extent> {
        let quotes = layer.quotes.iter();
        quotes.map(|q| Extent::of_spans(&q.content)).collect()
    };
    let pairs = match_items(&extents(reference), &extents(other), Matching::Overlap);
    pairs
        .into_iter()
        .map(|(r, o)| {
            let (rq, oq) = (&reference.quotes[r], &other.quotes[o]);
            QuotePair {
                reference: rq,
                other: oq,
                reference_speaker: index(reference, &rq.speaker),
                other_speaker: index(other, &oq.speaker).and_then(|s| stands_for[s]),
            }
        })
        .collect()
}

/// The stances quote `quote` of `layer` is evidence for: target → label.
pub fn stance_labels<'a>(layer: &'a Layer, quote: &str) -> BTreeMap<&'a str, &'a str> {
    let shown = layer
        .stances
        .iter()
        .filter(|s| s.evidence.iter().any(|e| e == quote));
    shown
        .map(|s| (s.target.as_str(), s.label.as_str()))
        .collect()
}
