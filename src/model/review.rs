//! Reviewing a prediction layer (`model:rules`, an imported model): its suggestions one by
//! one, each accepted into the reviewer's layer or rejected.
//!
//! A suggestion is a noise line, a quote (with its cue, source and speaker), a speaker
//! mention that is no quote's source, or a stance. Its key is made of what it covers
//! (`quote 120-180`), not of the model's ids, so decisions survive the model being run
//! again. Decisions live in the reviewer's layer ([`Layer::reviews`]) and change only
//! through [`Edit::SetDecision`]: an accept is one batch (the copied items plus the
//! decision), so undo takes back both, and a half-reviewed document resumes where it
//! stopped.

use std::ops::Range;

use super::{Decision, Edit, Layer, NoiseLine, Quote, Span, Speaker, Stance};
use crate::text::Text;

/// What a suggestion proposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SuggestionKind {
    Noise,
    Mention,
    Quote,
    Stance,
}

impl SuggestionKind {
    pub const ALL: [SuggestionKind; 4] = [
        SuggestionKind::Noise,
        SuggestionKind::Mention,
        SuggestionKind::Quote,
        SuggestionKind::Stance,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SuggestionKind::Noise => "noise line",
            SuggestionKind::Mention => "mention",
            SuggestionKind::Quote => "quote",
            SuggestionKind::Stance => "stance",
        }
    }
}

/// One suggestion of a prediction layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Stable across runs of the model: what the suggestion covers.
    pub key: String,
    pub kind: SuggestionKind,
    /// Where it is, in code points (a stance: its first evidence quote).
    pub chars: Range<usize>,
    pub score: Option<f64>,
    /// A line for lists: "quote by Sergei Lavrov", "noise line: dateline".
    pub label: String,
    /// The item in the prediction layer: a noise line, a speaker id with the mention, a
    /// quote id or a stance id.
    pub item: Suggested,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Suggested {
    Noise(usize),
    Mention { speaker: String, span: Span },
    Quote(String),
    Stance(String),
}

/// Pending, accepted and rejected suggestions, and those the reviewer had annotated
/// already (nothing left to decide).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub pending: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub annotated: usize,
}

/// Where a suggestion stands for the reviewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    Pending,
    Accepted,
    Rejected,
    /// Not decided, but the reviewer's layer already has the same item: accepting it
    /// would add a copy.
    Annotated,
}

impl State {
    pub fn is_pending(self) -> bool {
        self == State::Pending
    }
}

/// Why a suggestion cannot be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("this {0} was accepted already")]
    AlreadyAccepted(&'static str),
    #[error("the suggestion is no longer in the prediction layer")]
    Gone,
    #[error("accept the stance's quote first")]
    QuoteFirst,
    #[error("this {0} is annotated already")]
    AlreadyAnnotated(&'static str),
}

fn quote_chars(quote: &Quote) -> Range<usize> {
    let start = quote.content.iter().map(|s| s.start).min().unwrap_or(0);
    let end = quote.content.iter().map(|s| s.end).max().unwrap_or(start);
    start..end
}

pub(crate) fn speaker_name(layer: &Layer, id: Option<&str>) -> String {
    id.and_then(|id| layer.speaker(id))
        .map_or_else(|| "nobody".to_string(), |s| s.name.clone())
}

/// Every suggestion of `pred`, in reading order.
pub fn suggestions(pred: &Layer, text: &Text) -> Vec<Suggestion> {
    let mut out = Vec::new();
    for n in pred.noise.iter().filter(|n| !n.orphaned) {
        let Some(bytes) = text.line_range(n.line) else {
            continue;
        };
        let chars = text.byte_range_to_chars(bytes).unwrap_or(0..0);
        out.push(Suggestion {
            key: format!("noise {}", n.line),
            kind: SuggestionKind::Noise,
            chars,
            score: n.score,
            label: format!("noise line: {}", n.category),
            item: Suggested::Noise(n.line),
        });
    }
    let is_source = |span: &Span| pred.quotes.iter().any(|q| q.source.as_ref() == Some(span));
    for speaker in &pred.speakers {
        for m in speaker
            .mentions
            .iter()
            .filter(|m| !m.orphaned && !is_source(m))
        {
            out.push(Suggestion {
                key: format!("mention {}-{}", m.start, m.end),
                kind: SuggestionKind::Mention,
                chars: m.start..m.end,
                score: speaker.score,
                label: format!("mention of {}", speaker.name),
                item: Suggested::Mention {
                    speaker: speaker.id.clone(),
                    span: m.clone(),
                },
            });
        }
    }
    for q in pred.quotes.iter().filter(|q| !q.content.is_empty()) {
        let chars = quote_chars(q);
        out.push(Suggestion {
            key: format!("quote {}-{}", chars.start, chars.end),
            kind: SuggestionKind::Quote,
            chars,
            score: q.score,
            label: format!(
                "{} quote by {}",
                q.kind,
                speaker_name(pred, q.speaker.as_deref())
            ),
            item: Suggested::Quote(q.id.clone()),
        });
    }
    for s in &pred.stances {
        let first = s.evidence.iter().filter_map(|id| pred.quote(id)).next();
        let chars = first.map_or(0..0, quote_chars);
        let holder = speaker_name(pred, Some(&s.holder));
        out.push(Suggestion {
            key: match first {
                Some(_) => format!("stance {}-{} {}", chars.start, chars.end, s.target),
                None => format!("stance {holder} {}", s.target),
            },
            kind: SuggestionKind::Stance,
            chars,
            score: s.score,
            label: format!("{holder}: {} {}", s.label, s.target),
            item: Suggested::Stance(s.id.clone()),
        });
    }
    out.sort_by(|a, b| (a.chars.start, a.kind, &a.key).cmp(&(b.chars.start, b.kind, &b.key)));
    out
}

/// The reviewer's decision on `key` of the prediction layer `prediction`.
pub fn decision(reviewer: &Layer, prediction: &str, key: &str) -> Option<Decision> {
    reviewer.reviews.get(prediction)?.get(key).copied()
}

/// Where `suggestion` of the prediction layer `pred` (named `prediction`) stands for the
/// reviewer.
pub fn state(reviewer: &Layer, prediction: &str, pred: &Layer, suggestion: &Suggestion) -> State {
    match decision(reviewer, prediction, &suggestion.key) {
        Some(Decision::Accepted) => State::Accepted,
        Some(Decision::Rejected) => State::Rejected,
        None if annotated(reviewer, pred, suggestion) => State::Annotated,
        None => State::Pending,
    }
}

/// True if the reviewer's layer already holds what `suggestion` proposes: the same noise
/// line, mention, quote content, or stance (holder, target and label).
pub fn annotated(reviewer: &Layer, pred: &Layer, suggestion: &Suggestion) -> bool {
    match &suggestion.item {
        Suggested::Noise(line) => reviewer.noise_line(*line).is_some(),
        Suggested::Mention { span, .. } => owner_of(reviewer, span).is_some(),
        Suggested::Quote(id) => pred.quote(id).is_some_and(|q| {
            let place = |q: &Quote| {
                q.content
                    .iter()
                    .map(|c| (c.start, c.end))
                    .collect::<Vec<_>>()
            };
            reviewer.quotes.iter().any(|mine| place(mine) == place(q))
        }),
        Suggested::Stance(id) => pred.stance(id).is_some_and(|s| {
            let holder = pred
                .speaker(&s.holder)
                .and_then(|h| same_speaker(reviewer, h));
            reviewer.stances.iter().any(|mine| {
                Some(&mine.holder) == holder.as_ref()
                    && mine.target == s.target
                    && mine.label == s.label
            })
        }),
    }
}

/// The states of `suggestions`, counted.
pub fn counts(states: &[State]) -> Counts {
    let mut counts = Counts::default();
    for s in states {
        match s {
            State::Pending => counts.pending += 1,
            State::Accepted => counts.accepted += 1,
            State::Rejected => counts.rejected += 1,
            State::Annotated => counts.annotated += 1,
        }
    }
    counts
}

pub fn reject(prediction: &str, suggestion: &Suggestion) -> Edit {
    Edit::SetDecision {
        prediction: prediction.to_string(),
        key: suggestion.key.clone(),
        decision: Some(Decision::Rejected),
    }
}

/// The edit that accepts `suggestion`: its items copied into the reviewer's layer (a
/// quote with its cue, source and speaker, reusing the reviewer's matching speaker) and
/// the decision, as one batch.
pub fn accept(
    reviewer: &Layer,
    prediction: &str,
    pred: &Layer,
    suggestion: &Suggestion,
) -> Result<Edit, ReviewError> {
    let mut scratch = reviewer.clone();
    let edits = accept_into(&mut scratch, prediction, pred, suggestion)?;
    Ok(Edit::Batch(edits))
}

/// Accepts every suggestion of `chosen` that can be, as one batch; the others are skipped
/// (already accepted, or a stance whose quote is not accepted). `None` if none could be.
pub fn accept_all<'a>(
    reviewer: &Layer,
    prediction: &str,
    pred: &Layer,
    chosen: impl IntoIterator<Item = &'a Suggestion>,
) -> Option<(Edit, usize)> {
    let mut scratch = reviewer.clone();
    let mut edits = Vec::new();
    let mut accepted = 0;
    // Quotes before stances, so a stance finds its accepted quote.
    let mut chosen: Vec<_> = chosen.into_iter().collect();
    chosen.sort_by_key(|s| s.kind == SuggestionKind::Stance);
    for s in chosen {
        if let Ok(more) = accept_into(&mut scratch, prediction, pred, s) {
            edits.extend(more);
            accepted += 1;
        }
    }
    (accepted > 0).then_some((Edit::Batch(edits), accepted))
}

/// Applies each step to `layer` as it goes, since later steps build on earlier ones (a new
/// speaker, then the quote that names it); returns the steps.
fn accept_into(
    layer: &mut Layer,
    prediction: &str,
    pred: &Layer,
    suggestion: &Suggestion,
) -> Result<Vec<Edit>, ReviewError> {
    match state(layer, prediction, pred, suggestion) {
        State::Accepted => return Err(ReviewError::AlreadyAccepted(suggestion.kind.as_str())),
        State::Annotated => return Err(ReviewError::AlreadyAnnotated(suggestion.kind.as_str())),
        State::Pending | State::Rejected => {}
    }
    let mut steps = Steps {
        layer,
        edits: Vec::new(),
    };
    match &suggestion.item {
        Suggested::Noise(line) => {
            let n = pred.noise_line(*line).ok_or(ReviewError::Gone)?;
            let noise = NoiseLine {
                score: None,
                ..n.clone()
            };
            let edit = Edit::set_noise(steps.layer, *line, Some(noise));
            steps.push(edit);
        }
        Suggested::Mention { speaker, span } => {
            let theirs = pred.speaker(speaker).ok_or(ReviewError::Gone)?;
            steps.speaker_for(theirs, Some(span));
        }
        Suggested::Quote(id) => {
            let q = pred.quote(id).ok_or(ReviewError::Gone)?;
            let theirs = q.speaker.as_deref().and_then(|id| pred.speaker(id));
            let speaker = theirs.map(|s| steps.speaker_for(s, q.source.as_ref()));
            let quote = Quote {
                id: steps.layer.next_id("q"),
                speaker,
                score: None,
                ..q.clone()
            };
            let edit = Edit::add_quote(steps.layer, quote);
            steps.push(Some(edit));
        }
        Suggested::Stance(id) => {
            let s = pred.stance(id).ok_or(ReviewError::Gone)?;
            let holder = pred.speaker(&s.holder).ok_or(ReviewError::Gone)?;
            let evidence: Vec<String> = s
                .evidence
                .iter()
                .filter_map(|id| pred.quote(id))
                .filter_map(|q| {
                    let chars = quote_chars(q);
                    let same = |mine: &&Quote| quote_chars(mine) == chars;
                    steps.layer.quotes.iter().find(same).map(|m| m.id.clone())
                })
                .collect();
            if evidence.is_empty() {
                return Err(ReviewError::QuoteFirst);
            }
            let holder = steps.speaker_for(holder, None);
            let stance = Stance {
                id: steps.layer.next_id("t"),
                holder,
                evidence,
                score: None,
                ..s.clone()
            };
            let edit = Edit::put_stance(steps.layer, stance);
            steps.push(Some(edit));
        }
    }
    steps.push(Some(Edit::SetDecision {
        prediction: prediction.to_string(),
        key: suggestion.key.clone(),
        decision: Some(Decision::Accepted),
    }));
    Ok(steps.edits)
}

pub(crate) struct Steps<'a> {
    pub(crate) layer: &'a mut Layer,
    pub(crate) edits: Vec<Edit>,
}

impl Steps<'_> {
    pub(crate) fn push(&mut self, edit: Option<Edit>) {
        if let Some(edit) = edit {
            edit.clone()
                .apply(self.layer)
                .expect("an edit made for this layer applies");
            self.edits.push(edit);
        }
    }

    /// The layer's speaker standing for another layer's speaker `theirs`, with `mention`
    /// among its mentions: the one that has the mention already, else [`same_speaker`];
    /// created when there is none. Review and adjudication copy speakers this way.
    pub(crate) fn speaker_for(&mut self, theirs: &Speaker, mention: Option<&Span>) -> String {
        let id = match mention.and_then(|m| owner_of(self.layer, m)) {
            Some(owner) => return owner,
            None => same_speaker(self.layer, theirs),
        };
        match id {
            Some(id) => {
                if let Some(m) = mention {
                    let edit = Edit::add_mention(self.layer, &id, m.clone());
                    self.push(edit);
                }
                id
            }
            None => {
                let id = self.layer.next_id("s");
                let speaker = Speaker {
                    id: id.clone(),
                    mentions: mention.into_iter().cloned().collect(),
                    score: None,
                    ..theirs.clone()
                };
                let edit = Edit::add_speaker(self.layer, speaker);
                self.push(Some(edit));
                id
            }
        }
    }
}

/// The speaker that already has exactly this mention.
fn owner_of(layer: &Layer, mention: &Span) -> Option<String> {
    let has = |s: &&Speaker| {
        s.mentions
            .iter()
            .any(|m| m.start == mention.start && m.end == mention.end)
    };
    layer.speakers.iter().find(has).map(|s| s.id.clone())
}

/// The layer's speaker that is `theirs`: the one sharing most of its mentions exactly, or
/// else the one with the same name. Not by overlap: "Sarkozy's office" and "Sarkozy" are
/// two speakers to annotators.
pub(crate) fn same_speaker(layer: &Layer, theirs: &Speaker) -> Option<String> {
    let same_place = |a: &Span, b: &Span| a.start == b.start && a.end == b.end;
    let shared = |s: &Speaker| {
        let known = |m: &&Span| theirs.mentions.iter().any(|t| same_place(t, m));
        s.mentions.iter().filter(known).count()
    };
    // The first of equals wins, so the choice does not depend on list order quirks.
    let mut best: Option<(usize, &Speaker)> = None;
    for s in &layer.speakers {
        let n = shared(s);
        if n > 0 && best.is_none_or(|(b, _)| n > b) {
            best = Some((n, s));
        }
    }
    if let Some((_, s)) = best {
        return Some(s.id.clone());
    }
    let name = theirs.name.trim().to_lowercase();
    let same = |s: &&Speaker| s.name.trim().to_lowercase() == name;
    layer.speakers.iter().find(same).map(|s| s.id.clone())
}

/// The pending suggestion after (or, backwards, before) position `from`, given each
/// suggestion's state, wrapping around; `None` when nothing is pending.
pub fn next_pending(states: &[State], from: Option<usize>, forward: bool) -> Option<usize> {
    let n = states.len();
    let pending = |i: &usize| states[*i].is_pending();
    let start = from.unwrap_or(if forward { n.wrapping_sub(1) } else { 0 });
    let order: Box<dyn Iterator<Item = usize>> = if forward {
        Box::new((1..=n).map(move |k| (start.wrapping_add(k)) % n.max(1)))
    } else {
        Box::new((1..=n).map(move |k| (start + n - k % n) % n.max(1)))
    };
    order.take(n).find(pending)
}
