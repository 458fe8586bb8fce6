//! Review mode: a prediction layer's suggestions drawn over the edited layer, stepped
//! through, accepted or rejected. Every decision is an edit of the edited layer, so it is
//! undoable and saved with it.

use std::ops::Range;

use super::{Mode, Session};
use crate::model::review::{self, Counts, State, Suggestion, SuggestionKind};
use crate::model::{Decision, Layer};

/// The prediction layer under review and its suggestions in the current document, with
/// where each stands. Derived from the document, the layers and the revision: rebuilt
/// whenever one of them changes.
#[derive(Debug, Clone)]
pub struct Review {
    pub prediction: String,
    /// Accept-all takes pending suggestions scored at least this (unscored ones count as 1).
    pub min_score: f64,
    /// Accept-all takes only this kind, or every kind.
    pub only: Option<SuggestionKind>,
    /// The suggestion the keys act on, an index into `suggestions`.
    pub current: Option<usize>,
    pub suggestions: Vec<Suggestion>,
    /// Each suggestion's state, in the same order.
    pub states: Vec<State>,
    /// Each suggestion's bytes in the text, for drawing.
    pub bytes: Vec<Range<usize>>,
    /// The longest suggestion in bytes: bounds the search for those on a line.
    pub longest: usize,
    built: (usize, u64, String),
}

impl Review {
    fn new(prediction: &str) -> Review {
        Review {
            prediction: prediction.to_string(),
            min_score: 0.8,
            only: None,
            current: None,
            suggestions: Vec::new(),
            states: Vec::new(),
            bytes: Vec::new(),
            longest: 0,
            built: (usize::MAX, 0, String::new()),
        }
    }

    /// Rebuilds the suggestions from `session`'s document, keeping the current one by its
    /// key.
    fn build(&mut self, session: &Session) {
        let doc = session.document();
        let empty = Layer::default();
        let pred = doc.layers.get(&self.prediction).unwrap_or(&empty);
        let suggestions = review::suggestions(pred, &doc.text);
        let mine = session.layer();
        let states = suggestions
            .iter()
            .map(|s| review::state(mine, &self.prediction, pred, s))
            .collect();
        let chars: Vec<Range<usize>> = suggestions.iter().map(|s| s.chars.clone()).collect();
        let bytes: Vec<Range<usize>> = doc
            .text
            .char_ranges_to_bytes(&chars)
            .into_iter()
            .map(|b| b.unwrap_or(0..0))
            .collect();
        let same_doc = self.built.0 == session.doc;
        let key = self.current_suggestion().map(|s| s.key.clone());
        self.current = key
            .filter(|_| same_doc)
            .and_then(|k| suggestions.iter().position(|s| s.key == k));
        self.longest = bytes.iter().map(|b| b.len()).max().unwrap_or(0);
        self.suggestions = suggestions;
        self.states = states;
        self.bytes = bytes;
        self.built = (session.doc, session.revision, session.layer.clone());
    }

    pub fn current_suggestion(&self) -> Option<&Suggestion> {
        self.suggestions.get(self.current?)
    }

    pub fn counts(&self) -> Counts {
        review::counts(&self.states)
    }

    /// What accept-all takes: pending suggestions of the chosen kind scored at least the
    /// minimum.
    pub fn bulk_choice(&self) -> impl Iterator<Item = &Suggestion> {
        self.suggestions
            .iter()
            .zip(&self.states)
            .filter(|(_, state)| state.is_pending())
            .map(|(s, _)| s)
            .filter(|s| s.score.unwrap_or(1.0) >= self.min_score)
            .filter(|s| self.only.is_none_or(|k| k == s.kind))
    }

    /// Suggestions touching `bytes` (a line), by index.
    pub fn touching(&self, bytes: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let first = self
            .bytes
            .partition_point(|b| b.start + self.longest < bytes.start);
        (first..self.bytes.len())
            .take_while(move |&i| self.bytes[i].start <= bytes.end)
            .filter(move |&i| {
                let b = &self.bytes[i];
                b.start < bytes.end && bytes.start < b.end.max(b.start + 1)
            })
    }
}

impl Session {
    fn review_mut(&mut self) -> Result<&mut Review, String> {
        match &mut self.mode {
            Mode::Review(r) => Ok(r),
            _ => Err("choose a layer to review first (Review, top bar)".into()),
        }
    }

    pub(super) fn refresh_review(&mut self) {
        let Mode::Review(review) = &self.mode else {
            return;
        };
        if review.built == (self.doc, self.revision, self.layer.clone()) {
            return;
        }
        let Mode::Review(mut review) = std::mem::replace(&mut self.mode, Mode::Annotate) else {
            unreachable!("checked above");
        };
        review.build(self);
        self.mode = Mode::Review(review);
    }

    /// Starts reviewing `prediction` (or, with `None`, goes back to annotating); returns
    /// where to scroll.
    pub(super) fn set_review(&mut self, prediction: Option<&str>) -> Option<usize> {
        if self.compare().is_some() {
            self.set_compare(None);
        }
        let Some(prediction) = prediction else {
            self.mode = Mode::Annotate;
            return None;
        };
        let mut review = Review::new(prediction);
        review.build(self);
        self.mode = Mode::Review(review);
        self.review_step(true).ok().flatten()
    }

    /// Moves to the next (or previous) pending suggestion; returns its first byte.
    pub(super) fn review_step(&mut self, forward: bool) -> Result<Option<usize>, String> {
        let review = self.review_mut()?;
        let next = review::next_pending(&review.states, review.current, forward);
        review.current = next.or(review.current);
        let at = next.map(|i| review.bytes[i].start);
        if next.is_none() {
            self.info("No pending suggestions in this document");
        }
        Ok(at)
    }

    pub(super) fn review_go(&mut self, index: usize) -> Option<usize> {
        let review = self.review_mut().ok()?;
        let at = review.bytes.get(index)?.start;
        review.current = Some(index);
        Some(at)
    }

    fn current_suggestion(&self) -> Result<(String, Suggestion), String> {
        let review = self.review().ok_or("not reviewing a layer")?;
        let s = review
            .current_suggestion()
            .ok_or("no suggestion chosen: J goes to the next one")?;
        Ok((review.prediction.clone(), s.clone()))
    }

    /// Accepts the current suggestion and moves on; returns where to scroll.
    pub(super) fn review_accept(&mut self) -> Result<Option<usize>, String> {
        let (prediction, s) = self.current_suggestion()?;
        let pred = self
            .document()
            .layers
            .get(&prediction)
            .ok_or("the prediction layer is gone")?;
        let edit =
            review::accept(self.layer(), &prediction, pred, &s).map_err(|e| e.to_string())?;
        self.edit(edit)?;
        self.refresh_review();
        self.review_step(true)
    }

    /// Rejects the current suggestion and moves on; returns where to scroll.
    pub(super) fn review_reject(&mut self) -> Result<Option<usize>, String> {
        let (prediction, s) = self.current_suggestion()?;
        if review::decision(self.layer(), &prediction, &s.key) == Some(Decision::Rejected) {
            return Err("this suggestion was rejected already".into());
        }
        self.edit(review::reject(&prediction, &s))?;
        self.refresh_review();
        self.review_step(true)
    }

    /// Accepts every pending suggestion of the bulk choice as one undoable step.
    pub(super) fn review_accept_all(&mut self) -> Result<(), String> {
        let review = self.review().ok_or("not reviewing a layer")?;
        let pred = self
            .document()
            .layers
            .get(&review.prediction)
            .ok_or("the prediction layer is gone")?;
        let (edit, n) =
            review::accept_all(self.layer(), &review.prediction, pred, review.bulk_choice())
                .ok_or("no pending suggestion matches")?;
        self.edit(edit)?;
        self.info(format!("Accepted {n} suggestions"));
        Ok(())
    }

    pub(super) fn set_bulk_choice(&mut self, min_score: f64, only: Option<SuggestionKind>) {
        if let Ok(review) = self.review_mut() {
            review.min_score = min_score.clamp(0.0, 1.0);
            review.only = only;
        }
    }
}
