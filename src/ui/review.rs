//! Review mode's state and commands: a prediction layer's suggestions drawn over the
//! annotator's layer, stepped through with J/K, accepted with A, rejected with R.
//!
//! egui-free like [`Session`]; every decision goes through [`Session::apply`], so it is
//! undoable and saved with the annotator's layer.

use std::ops::Range;

use super::session::Session;
use crate::formats::{self, Format, Prediction};
use crate::model::review::{self, Counts, Suggestion, SuggestionKind};
use crate::model::{Decision, Layer};

/// The prediction layer under review and its suggestions in the current document.
#[derive(Debug, Clone)]
pub struct Review {
    pub prediction: String,
    /// Accept-all takes pending suggestions scored at least this (unscored ones count as 1).
    pub min_score: f64,
    /// Accept-all takes only this kind, or every kind.
    pub only: Option<SuggestionKind>,
    /// The suggestion J/K/A/R act on, an index into `suggestions`.
    pub current: Option<usize>,
    pub suggestions: Vec<Suggestion>,
    /// Each suggestion's bytes in the text, for drawing.
    pub bytes: Vec<Range<usize>>,
    /// The longest suggestion in bytes: bounds the search for those on a line.
    pub longest: usize,
    doc: usize,
}

impl Review {
    fn build(session: &Session, prediction: &str) -> Review {
        let doc = session.document();
        let empty = Layer::default();
        let pred = doc.layers.get(prediction).unwrap_or(&empty);
        let suggestions = review::suggestions(pred, &doc.text);
        let chars: Vec<Range<usize>> = suggestions.iter().map(|s| s.chars.clone()).collect();
        let bytes: Vec<Range<usize>> = doc
            .text
            .char_ranges_to_bytes(&chars)
            .into_iter()
            .map(|b| b.unwrap_or(0..0))
            .collect();
        Review {
            prediction: prediction.to_string(),
            min_score: 0.8,
            only: None,
            current: None,
            longest: bytes.iter().map(|b| b.len()).max().unwrap_or(0),
            suggestions,
            bytes,
            doc: session.doc,
        }
    }

    /// What accept-all takes: pending suggestions of the chosen kind scored at least the
    /// minimum, given the reviewer's `layer`.
    pub fn bulk_choice<'a>(&'a self, layer: &'a Layer) -> impl Iterator<Item = &'a Suggestion> {
        self.suggestions
            .iter()
            .filter(move |s| review::decision(layer, &self.prediction, &s.key).is_none())
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
    /// Layers that can be reviewed: every other layer in the project, models first.
    pub fn prediction_layers(&self) -> Vec<String> {
        let mut names = self.layer_names();
        names.retain(|name| *name != self.layer);
        // Stable: names stay sorted within models and within the others.
        names.sort_by_key(|n| !n.starts_with("model:"));
        names
    }

    /// Starts reviewing `prediction` (or, with `None`, goes back to annotating).
    pub fn set_review(&mut self, prediction: Option<&str>) {
        self.review = prediction.map(|p| Review::build(self, p));
        if self.review.is_some() {
            self.review_step(true);
        }
    }

    /// The review, rebuilt if the document changed since.
    pub fn review(&mut self) -> Option<&mut Review> {
        let stale = self.review.as_ref().is_some_and(|r| r.doc != self.doc);
        if stale {
            let prediction = self.review.as_ref().expect("checked").prediction.clone();
            self.review = Some(Review::build(self, &prediction));
        }
        self.review.as_mut()
    }

    pub fn decision(&self, suggestion: &Suggestion) -> Option<Decision> {
        let review = self.review.as_ref()?;
        review::decision(self.layer(), &review.prediction, &suggestion.key)
    }

    pub fn review_counts(&mut self) -> Counts {
        self.review();
        let Some(review) = &self.review else {
            return Counts::default();
        };
        review::counts(self.layer(), &review.prediction, &review.suggestions)
    }

    /// Moves to the next (or previous) pending suggestion; returns its first byte, to
    /// scroll to.
    pub fn review_step(&mut self, forward: bool) -> Option<usize> {
        self.review();
        let review = self.review.as_ref()?;
        let next = review::next_pending(
            self.layer(),
            &review.prediction,
            &review.suggestions,
            review.current,
            forward,
        );
        let review = self.review.as_mut()?;
        review.current = next.or(review.current);
        let at = next.map(|i| review.bytes[i].start);
        if next.is_none() {
            self.info("No pending suggestions in this document");
        }
        at
    }

    fn current_suggestion(&mut self) -> Result<Suggestion, String> {
        let review = self.review().ok_or("not reviewing a layer")?;
        let i = review
            .current
            .ok_or("no suggestion chosen: J goes to the next one")?;
        Ok(review.suggestions[i].clone())
    }

    /// Accepts the current suggestion and moves on; returns where to scroll.
    pub fn review_accept(&mut self) -> Result<Option<usize>, String> {
        let s = self.current_suggestion()?;
        let prediction = self.review.as_ref().expect("reviewing").prediction.clone();
        let doc = self.document();
        let pred = doc
            .layers
            .get(&prediction)
            .ok_or("the prediction layer is gone")?;
        let edit =
            review::accept(self.layer(), &prediction, pred, &s).map_err(|e| e.to_string())?;
        self.apply(edit)?;
        Ok(self.review_step(true))
    }

    /// Rejects the current suggestion and moves on; returns where to scroll.
    pub fn review_reject(&mut self) -> Result<Option<usize>, String> {
        let s = self.current_suggestion()?;
        let prediction = self.review.as_ref().expect("reviewing").prediction.clone();
        if review::decision(self.layer(), &prediction, &s.key) == Some(Decision::Rejected) {
            return Err("this suggestion was rejected already".into());
        }
        let edit = review::reject(&prediction, &s);
        self.apply(edit)?;
        Ok(self.review_step(true))
    }

    /// Accepts every pending suggestion scored at least the review's minimum (of its
    /// chosen kind), as one undoable step; returns how many.
    pub fn review_accept_all(&mut self) -> Result<usize, String> {
        self.review().ok_or("not reviewing a layer")?;
        let review = self.review.as_ref().expect("reviewing");
        let layer = self.layer();
        let chosen: Vec<&Suggestion> = review.bulk_choice(layer).collect();
        let pred = self
            .document()
            .layers
            .get(&review.prediction)
            .ok_or("the prediction layer is gone")?;
        let (edit, n) = review::accept_all(layer, &review.prediction, pred, chosen)
            .ok_or("no pending suggestion matches")?;
        self.apply(edit)?;
        self.info(format!("Accepted {n} suggestions"));
        Ok(n)
    }

    /// Imports a predictions file as the layer `model:<file name>` and starts reviewing it.
    pub fn import_predictions(&mut self, path: &std::path::Path) -> Result<(), String> {
        let format = Format::guess(path).ok_or_else(|| {
            format!(
                "{}: not a .jsonl, .ann or .json file, nor a folder of them",
                path.display()
            )
        })?;
        let predictions = formats::read(&self.project, path, format).map_err(|e| e.to_string())?;
        let stem = path
            .file_stem()
            .map_or("import".into(), |s| s.to_string_lossy().into_owned());
        let layer = format!("model:{stem}");
        if layer == self.layer {
            return Err(format!("{layer} is the layer being edited"));
        }
        let imported = formats::import(&mut self.project, &layer, predictions);
        self.after_bulk_change();
        self.info(format!("Imported into {layer}: {imported}"));
        self.set_review(Some(&layer));
        Ok(())
    }

    /// Runs the built-in suggester on this document (or all) into `model:rules`, then
    /// reviews it.
    pub fn run_suggester(&mut self, all: bool) -> Result<(), String> {
        const LAYER: &str = "model:rules";
        if self.layer == LAYER {
            return Err(format!("{LAYER} is the layer being edited"));
        }
        let docs: Vec<usize> = if all {
            (0..self.project.documents.len()).collect()
        } else {
            vec![self.doc]
        };
        let predictions: Vec<Prediction> = docs
            .into_iter()
            .map(|i| {
                let doc = &self.project.documents[i];
                Prediction {
                    doc_id: doc.id.clone(),
                    layer: crate::suggest::suggest(&doc.text, &self.project.schema),
                }
            })
            .collect();
        let imported = formats::import(&mut self.project, LAYER, predictions);
        self.after_bulk_change();
        self.info(format!("Suggested into {LAYER}: {imported}"));
        self.set_review(Some(LAYER));
        Ok(())
    }

    /// After a change to other layers or documents than the one being edited.
    fn after_bulk_change(&mut self) {
        self.review = None;
        self.revision += 1;
        if self.root.is_some() {
            self.save = super::session::SaveState::Unsaved(std::time::Instant::now());
        }
    }
}
