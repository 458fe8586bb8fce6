//! Compare mode's state and commands: two or more annotators' layers side by side, their
//! differences settled one by one into `gold` (J/K to move, number keys to take a side,
//! 0 or X for neither, E or Enter to keep gold's version and edit it by hand).
//!
//! egui-free like [`Session`]. While comparing, the edited layer is `gold` (the
//! annotators' layers are only read), so every decision goes through [`Session::apply`]:
//! undoable, and saved with the gold layer, which holds the decisions
//! ([`crate::adjudicate`]).

use super::session::{Selected, Session};
use crate::adjudicate::{self, GOLD, Held, Progress, Unit};
use crate::agreement::{Agreement, agree_project};
use crate::model::{Decision, Document, Layer, Status};

/// The layers compared and the units of the current document.
#[derive(Debug, Clone)]
pub struct Compare {
    /// In the order chosen: side 1, side 2, …
    pub layers: Vec<String>,
    /// Where gold keeps the decisions: `compare:alice,bob`.
    pub name: String,
    /// The layer edited before comparing, edited again after.
    pub previous_layer: String,
    pub units: Vec<Unit>,
    /// The unit the keys act on, an index into `units`.
    pub current: Option<usize>,
    /// Agreement between the layers per document, for the chart (computed on entering).
    pub agreement: Agreement,
    /// The document and revision the units were built from.
    built: (usize, u64),
}

impl Compare {
    pub fn current_unit(&self) -> Option<&Unit> {
        self.units.get(self.current?)
    }
}

/// The document's layers named `names`, a missing one as `empty`.
fn layers_named<'a>(doc: &'a Document, names: &[String], empty: &'a Layer) -> Vec<&'a Layer> {
    names
        .iter()
        .map(|l| doc.layers.get(l).unwrap_or(empty))
        .collect()
}

fn build_units(session: &Session, layers: &[String]) -> Vec<Unit> {
    let doc = session.document();
    let empty = Layer::default();
    let named = layers_named(doc, layers, &empty);
    let gold = doc.layers.get(GOLD).unwrap_or(&empty);
    adjudicate::units(&doc.text, &named, gold)
}

impl Session {
    /// Layers that can be compared: every annotator's (not gold, not models').
    pub fn comparable_layers(&self) -> Vec<String> {
        let mut names = self.layer_names();
        names.retain(|n| n != GOLD && !n.starts_with("model:"));
        names
    }

    /// Starts comparing `layers` (two or more) into gold, or with `None` goes back to the
    /// layer edited before. Returns where to scroll.
    pub fn set_compare(&mut self, layers: Option<Vec<String>>) -> Option<usize> {
        let previous = match &self.compare {
            Some(c) => c.previous_layer.clone(),
            None => self.layer.clone(),
        };
        self.save_now();
        self.clear();
        self.revision += 1;
        let Some(layers) = layers.filter(|l| l.len() >= 2) else {
            if self.compare.take().is_some() {
                self.layer = previous;
            }
            return None;
        };
        self.review = None;
        self.layer = GOLD.to_string();
        let names: Vec<&str> = layers.iter().map(String::as_str).collect();
        let name = adjudicate::decisions_name(&names);
        let agreement = agree_project(&self.project, &layers);
        self.compare = Some(Compare {
            units: build_units(self, &layers),
            layers,
            name,
            previous_layer: previous,
            current: None,
            agreement,
            built: (self.doc, self.revision),
        });
        self.compare_step(true)
    }

    /// The comparison, with its units rebuilt if the document or gold changed since. Leaves
    /// compare mode if another layer is being edited or reviewed now.
    pub fn compare(&mut self) -> Option<&mut Compare> {
        if self.compare.is_some() && (self.layer != GOLD || self.review.is_some()) {
            self.compare = None;
        }
        let key = (self.doc, self.revision);
        let stale = self.compare.as_ref().is_some_and(|c| c.built != key);
        if stale {
            let c = self.compare.as_ref().expect("checked");
            let units = build_units(self, &c.layers);
            // Another document starts at its first unsettled item.
            let first = adjudicate::next_unsettled(self.layer(), &c.name, &units, None, true);
            let c = self.compare.as_mut().expect("checked");
            let same_doc = c.built.0 == key.0;
            let key_of_current = c.current_unit().map(|u| u.key.clone());
            c.current = match key_of_current {
                Some(k) if same_doc => units
                    .iter()
                    .position(|u| u.key == k)
                    .or(c.current.filter(|&i| i < units.len())),
                _ if same_doc => None,
                _ => first,
            };
            c.units = units;
            c.built = key;
        }
        self.compare.as_mut()
    }

    pub fn compare_progress(&mut self) -> Progress {
        self.compare();
        let Some(c) = &self.compare else {
            return Progress::default();
        };
        adjudicate::progress(self.layer(), &c.name, &c.units)
    }

    /// Gold's decision on `unit`.
    pub fn compare_decision(&self, unit: &Unit) -> Option<Decision> {
        let c = self.compare.as_ref()?;
        adjudicate::decision(self.layer(), &c.name, unit)
    }

    /// Moves to the next (or previous) unsettled unit; returns its first byte, to scroll
    /// to.
    pub fn compare_step(&mut self, forward: bool) -> Option<usize> {
        self.compare()?;
        let gold = self.layer().clone();
        let c = self.compare.as_mut().expect("comparing");
        let next = adjudicate::next_unsettled(&gold, &c.name, &c.units, c.current, forward);
        c.current = next.or(c.current);
        let at = next.map(|i| c.units[i].chars.start);
        if next.is_none() {
            self.info("Every difference in this document is settled");
        }
        at.and_then(|c| self.document().text.char_to_byte(c))
    }

    /// Goes to unit `index`; returns where to scroll.
    pub fn compare_go(&mut self, index: usize) -> Option<usize> {
        let c = self.compare()?;
        let unit = c.units.get(index)?;
        let at = unit.chars.start;
        c.current = Some(index);
        self.document().text.char_to_byte(at)
    }

    fn current_compare_unit(&mut self) -> Result<Unit, String> {
        let c = self.compare().ok_or("not comparing layers")?;
        c.current_unit()
            .cloned()
            .ok_or_else(|| "no difference chosen: J goes to the next one".to_string())
    }

    /// Takes side `side` (0-based) of the current unit into gold and moves on; returns
    /// where to scroll.
    pub fn compare_take(&mut self, side: usize) -> Result<Option<usize>, String> {
        let unit = self.current_compare_unit()?;
        let c = self.compare.as_ref().expect("comparing");
        let empty = Layer::default();
        let layers = layers_named(self.document(), &c.layers, &empty);
        let edit = adjudicate::take(self.layer(), &c.name, &layers, &unit, side)
            .map_err(|e| e.to_string())?;
        self.apply(edit)?;
        Ok(self.compare_step(true))
    }

    /// Neither side: gold keeps nothing of the current unit; moves on.
    pub fn compare_neither(&mut self) -> Result<Option<usize>, String> {
        let unit = self.current_compare_unit()?;
        let c = self.compare.as_ref().expect("comparing");
        let edit = adjudicate::neither(self.layer(), &c.name, &unit);
        self.apply(edit)?;
        Ok(self.compare_step(true))
    }

    /// Settles the current unit with gold's version as it is, and selects that version so
    /// the inspector and the annotation keys edit it by hand.
    pub fn compare_edit(&mut self) -> Result<(), String> {
        let unit = self.current_compare_unit()?;
        let c = self.compare.as_ref().expect("comparing");
        if adjudicate::decision(self.layer(), &c.name, &unit) != Some(Decision::Accepted) {
            let edit = adjudicate::keep(&c.name, &unit).map_err(|e| e.to_string())?;
            self.apply(edit)?;
        }
        let gold = unit.gold.as_ref().expect("kept");
        self.selection = None;
        self.selected = Some(match &gold.held {
            Held::Noise(n) => Selected::Noise(n.line),
            Held::Mention { speaker, span } => Selected::Mention {
                speaker: speaker.clone(),
                span: span.clone(),
            },
            Held::Speaker(id) => Selected::Speaker(id.clone()),
            Held::Quote(id) => Selected::Quote(id.clone()),
            Held::Stance(id) => Selected::Stance(id.clone()),
        });
        if let Held::Noise(n) = &gold.held {
            self.noise_range = Some(n.line..n.line + 1);
        }
        Ok(())
    }

    /// Copies everything the layers agree on into gold, as one undoable step; returns
    /// how many units that settled.
    pub fn compare_accept_agreed(&mut self) -> Result<usize, String> {
        self.compare().ok_or("not comparing layers")?;
        let c = self.compare.as_ref().expect("comparing");
        let empty = Layer::default();
        let layers = layers_named(self.document(), &c.layers, &empty);
        let (edit, n) = adjudicate::accept_agreed(self.layer(), &c.name, &layers, &c.units)
            .ok_or("nothing agreed is left to accept")?;
        self.apply(edit)?;
        self.info(format!("Accepted {n} agreed items into gold"));
        self.compare_step(true);
        Ok(n)
    }

    /// Marks gold's document reviewed, once every unit is settled.
    pub fn compare_mark_reviewed(&mut self) -> Result<(), String> {
        self.compare().ok_or("not comparing layers")?;
        let p = self.compare_progress();
        if !p.done() {
            return Err(format!(
                "{} of {} items are not settled yet (J goes to the next one)",
                p.units - p.settled,
                p.units
            ));
        }
        self.set_status(Status::Reviewed)?;
        self.info("Marked reviewed");
        Ok(())
    }
}
