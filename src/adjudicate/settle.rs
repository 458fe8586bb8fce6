//! Settling units: taking a side, neither, keeping an edit, accepting what all agree on.

use std::collections::BTreeMap;

use super::{AdjudicateError, Held, Progress, Unit};
use crate::metrics::matching::Extent;
use crate::model::review::{self, Steps};
use crate::model::{Decision, Edit, Layer, NoiseLine, Quote, Speaker, Stance};

/// Gold's decision on `unit` (under `name`, see [`super::decisions_name`]).
pub fn decision(gold: &Layer, name: &str, unit: &Unit) -> Option<Decision> {
    review::decision(gold, name, &unit.key)
}

pub fn progress(gold: &Layer, name: &str, units: &[Unit]) -> Progress {
    let mut p = Progress {
        units: units.len(),
        ..Progress::default()
    };
    for u in units {
        let settled = decision(gold, name, u).is_some();
        p.settled += usize::from(settled);
        if u.agreed {
            p.agreed += 1;
        } else {
            p.differences += 1;
            p.differences_settled += usize::from(settled);
        }
    }
    p
}

fn decide(name: &str, unit: &Unit, decision: Decision) -> Edit {
    Edit::SetDecision {
        prediction: name.to_string(),
        key: unit.key.clone(),
        decision: Some(decision),
    }
}

/// Removes gold's version of `unit`, if it has one.
fn remove_gold(steps: &mut Steps<'_>, unit: &Unit) {
    let Some(gold) = &unit.gold else { return };
    let layer = &*steps.layer;
    let edit = match &gold.held {
        Held::Noise(n) => Edit::set_noise(layer, n.line, None),
        Held::Mention { speaker, span } => Edit::remove_mention(layer, speaker, span),
        Held::Speaker(id) => Edit::remove_speaker(layer, id),
        Held::Quote(id) => Edit::remove_quote(layer, id),
        Held::Stance(id) => Edit::remove_stance(layer, id),
    };
    steps.push(edit);
}

/// The gold quote that covers most of `quote`'s content.
fn gold_quote(gold: &Layer, quote: &Quote) -> Option<String> {
    let theirs = Extent::of_spans(&quote.content);
    gold.quotes
        .iter()
        .map(|q| (Extent::of_spans(&q.content).shared(&theirs), q))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map(|(_, q)| q.id.clone())
}

/// Makes gold's version of `unit` side `side`'s (nothing, if that side has none); returns
/// the decision that stands for it. Every check comes before the first step, so an error
/// leaves `steps` as it was.
fn take_into(
    steps: &mut Steps<'_>,
    layers: &[&Layer],
    unit: &Unit,
    side: usize,
) -> Result<Decision, AdjudicateError> {
    let version = unit
        .versions
        .get(side)
        .ok_or(AdjudicateError::NoSide(side + 1))?;
    let Some(version) = version else {
        remove_gold(steps, unit);
        return Ok(Decision::Rejected);
    };
    let layer = layers[side];
    let gone = AdjudicateError::Gone;
    match &version.held {
        Held::Noise(n) => {
            let n = NoiseLine {
                score: None,
                ..n.clone()
            };
            let edit = Edit::set_noise(steps.layer, n.line, Some(n));
            steps.push(edit);
        }
        Held::Mention { speaker, span } => {
            let theirs = layer.speaker(speaker).ok_or(gone)?;
            remove_gold(steps, unit);
            steps.speaker_for(theirs, Some(span));
        }
        Held::Speaker(id) => {
            let theirs = layer.speaker(id).ok_or(gone)?;
            let in_gold = match unit.gold.as_ref().map(|g| &g.held) {
                Some(Held::Speaker(gid)) => steps.layer.speaker(gid),
                _ => None,
            };
            let ours = in_gold
                .or_else(|| {
                    review::same_speaker(steps.layer, theirs)
                        .and_then(|id| steps.layer.speaker(&id))
                })
                .ok_or(AdjudicateError::MentionFirst)?;
            let speaker = Speaker {
                name: theirs.name.clone(),
                kind: theirs.kind.clone(),
                ..ours.clone()
            };
            let edit = Edit::update_speaker(steps.layer, speaker);
            steps.push(edit);
        }
        Held::Quote(id) => {
            let q = layer.quote(id).ok_or(gone)?;
            let theirs = q.speaker.as_deref().and_then(|id| layer.speaker(id));
            let speaker = theirs.map(|s| steps.speaker_for(s, q.source.as_ref()));
            let in_gold = match unit.gold.as_ref().map(|g| &g.held) {
                Some(Held::Quote(gid)) if steps.layer.quote(gid).is_some() => Some(gid.clone()),
                _ => None,
            };
            let quote = Quote {
                id: in_gold.clone().unwrap_or_else(|| steps.layer.next_id("q")),
                speaker,
                score: None,
                ..q.clone()
            };
            let edit = match in_gold {
                // In place, keeping its id: gold's stances keep it as evidence.
                Some(_) => Edit::update_quote(steps.layer, quote),
                None => Some(Edit::add_quote(steps.layer, quote)),
            };
            steps.push(edit);
        }
        Held::Stance(id) => {
            let s = layer.stance(id).ok_or(gone.clone())?;
            let holder = layer.speaker(&s.holder).ok_or(gone)?;
            let mut evidence: Vec<String> = Vec::new();
            for q in s.evidence.iter().filter_map(|q| layer.quote(q)) {
                match gold_quote(steps.layer, q) {
                    Some(g) if !evidence.contains(&g) => evidence.push(g),
                    Some(_) => {}
                    None => return Err(AdjudicateError::QuoteFirst),
                }
            }
            let holder = steps.speaker_for(holder, None);
            let existing = match unit.gold.as_ref().map(|g| &g.held) {
                Some(Held::Stance(gid)) if steps.layer.stance(gid).is_some() => Some(gid.clone()),
                _ => steps
                    .layer
                    .stances
                    .iter()
                    .find(|g| g.holder == holder && g.target == s.target)
                    .map(|g| g.id.clone()),
            };
            let stance = Stance {
                id: existing.unwrap_or_else(|| steps.layer.next_id("t")),
                holder,
                evidence,
                score: None,
                ..s.clone()
            };
            let edit = Edit::put_stance(steps.layer, stance);
            steps.push(Some(edit));
        }
    }
    Ok(Decision::Accepted)
}

/// The edit that makes gold's version of `unit` the one of side `side` (0-based, in the
/// order of `layers`), replacing gold's own, and records the decision, as one batch.
/// Taking a side that has nothing removes gold's version.
pub fn take(
    gold: &Layer,
    name: &str,
    layers: &[&Layer],
    unit: &Unit,
    side: usize,
) -> Result<Edit, AdjudicateError> {
    let mut scratch = gold.clone();
    let mut steps = Steps {
        layer: &mut scratch,
        edits: Vec::new(),
    };
    let decision = take_into(&mut steps, layers, unit, side)?;
    steps.push(Some(decide(name, unit, decision)));
    Ok(Edit::Batch(steps.edits))
}

/// Neither side: gold's version of `unit` is removed, and the decision recorded.
pub fn neither(gold: &Layer, name: &str, unit: &Unit) -> Edit {
    let mut scratch = gold.clone();
    let mut steps = Steps {
        layer: &mut scratch,
        edits: Vec::new(),
    };
    remove_gold(&mut steps, unit);
    steps.push(Some(decide(name, unit, Decision::Rejected)));
    Edit::Batch(steps.edits)
}

/// Settles `unit` with the version gold has now (edited by hand).
pub fn keep(name: &str, unit: &Unit) -> Result<Edit, AdjudicateError> {
    unit.gold
        .as_ref()
        .map(|_| decide(name, unit, Decision::Accepted))
        .ok_or(AdjudicateError::NothingInGold)
}

/// Copies every agreed unit that is not settled into gold and settles it, as one batch:
/// noise lines, then mentions, speakers (which need a mention), quotes and stances (which
/// need their quotes). An agreed
/// unit gold already has is only settled; one gold has a different version of is left
/// for the reviewer. Returns the edit and how many units it settles; `None` if none.
pub fn accept_agreed(
    gold: &Layer,
    name: &str,
    layers: &[&Layer],
    units: &[Unit],
) -> Option<(Edit, usize)> {
    let mut scratch = gold.clone();
    let mut steps = Steps {
        layer: &mut scratch,
        edits: Vec::new(),
    };
    let mut chosen: Vec<&Unit> = units
        .iter()
        .filter(|u| u.agreed && decision(gold, name, u).is_none())
        .collect();
    chosen.sort_by_key(|u| u.kind);
    let mut settled = 0;
    for u in chosen {
        if u.gold_has_agreed() {
            steps.push(Some(decide(name, u, Decision::Accepted)));
        } else if u.gold.is_some() {
            continue;
        } else if let Ok(d) = take_into(&mut steps, layers, u, 0) {
            steps.push(Some(decide(name, u, d)));
        } else {
            continue;
        }
        settled += 1;
    }
    (settled > 0).then_some((Edit::Batch(steps.edits), settled))
}

/// The unsettled unit after (or, backwards, before) position `from`, wrapping around;
/// `None` when all are settled.
pub fn next_unsettled(
    gold: &Layer,
    name: &str,
    units: &[Unit],
    from: Option<usize>,
    forward: bool,
) -> Option<usize> {
    let n = units.len();
    if n == 0 {
        return None;
    }
    let start = from.unwrap_or(if forward { n - 1 } else { 0 });
    (1..=n)
        .map(|k| {
            if forward {
                (start + k) % n
            } else {
                (start + n - k % n) % n
            }
        })
        .find(|&i| decision(gold, name, &units[i]).is_none())
}

/// Decisions per name in a gold layer, for listing: `compare:alice,bob` → key → decision.
pub fn decisions<'a>(gold: &'a Layer, name: &str) -> Option<&'a BTreeMap<String, Decision>> {
    gold.reviews.get(name)
}
