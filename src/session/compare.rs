//! Compare mode: two or more annotators' layers side by side, their differences settled
//! one by one into `gold`, the edited layer while comparing (the annotators' layers are
//! only read). Decisions are edits of gold ([`crate::adjudicate`]): undoable and saved.

use super::{Mode, Selected, Session};
use crate::adjudicate::{self, GOLD, Held, Progress, Unit};
use crate::agreement::{Agreement, agree_project};
use crate::model::{Decision, Document, Layer, Status};

/// The layers compared and the units of the current document. The units are derived from
/// the document, the layers and the revision, and rebuilt whenever one changes.
#[derive(Debug, Clone)]
pub struct Compare {
    /// In the order chosen: side 1, side 2, …
    pub layers: Vec<String>,
    /// Where gold keeps the decisions: `compare:alice,bob`.
    pub name: String,
    /// The layer edited before comparing, edited again after.
    pub previous_layer: String,
    pub units: Vec<Unit>,
    /// Gold's decision on each unit, in the same order.
    pub decisions: Vec<Option<Decision>>,
    /// The unit the keys act on, an index into `units`.
    pub current: Option<usize>,
    /// Agreement between the layers per document, for the chart (computed on entering).
    pub agreement: Agreement,
    built: (usize, u64),
}

impl Compare {
    pub fn current_unit(&self) -> Option<&Unit> {
        self.units.get(self.current?)
    }

    pub fn progress(&self, gold: &Layer) -> Progress {
        adjudicate::progress(gold, &self.name, &self.units)
    }

    fn build(&mut self, session: &Session) {
        let doc = session.document();
        let empty = Layer::default();
        let named = layers_named(doc, &self.layers, &empty);
        let gold = doc.layers.get(GOLD).unwrap_or(&empty);
        let units = adjudicate::units(&doc.text, &named, gold);
        let same_doc = self.built.0 == session.doc;
        let key_of_current = self.current_unit().map(|u| u.key.clone());
        self.current = match key_of_current {
            Some(k) if same_doc => units
                .iter()
                .position(|u| u.key == k)
                .or(self.current.filter(|&i| i < units.len())),
            _ if same_doc => None,
            // Another document starts at its first unsettled item.
            _ => adjudicate::next_unsettled(gold, &self.name, &units, None, true),
        };
        self.decisions = units
            .iter()
            .map(|u| adjudicate::decision(gold, &self.name, u))
            .collect();
        self.units = units;
        self.built = (session.doc, session.revision);
    }
}

/// The document's layers named `names`, a missing one as `empty`.
fn layers_named<'a>(doc: &'a Document, names: &[String], empty: &'a Layer) -> Vec<&'a Layer> {
    names
        .iter()
        .map(|l| doc.layers.get(l).unwrap_or(empty))
        .collect()
}

impl Session {
    fn compare_mut(&mut self) -> Result<&mut Compare, String> {
        match &mut self.mode {
            Mode::Compare(c) => Ok(c),
            _ => Err("not comparing layers (Compare, top bar)".into()),
        }
    }

    pub(super) fn refresh_compare(&mut self) {
        let Mode::Compare(c) = &self.mode else {
            return;
        };
        if c.built == (self.doc, self.revision) {
            return;
        }
        let Mode::Compare(mut c) = std::mem::replace(&mut self.mode, Mode::Annotate) else {
            unreachable!("checked above");
        };
        c.build(self);
        self.mode = Mode::Compare(c);
    }

    /// Starts comparing `layers` (two or more) into gold, or with `None` goes back to the
    /// layer edited before. Returns where to scroll.
    pub(super) fn set_compare(&mut self, layers: Option<Vec<String>>) -> Option<usize> {
        let previous = match &self.mode {
            Mode::Compare(c) => c.previous_layer.clone(),
            _ => self.layer.clone(),
        };
        let Some(layers) = layers.filter(|l| l.len() >= 2) else {
            if self.compare().is_some() {
                self.mode = Mode::Annotate;
                self.switch_layer(&previous);
            }
            return None;
        };
        if let Err(e) = self.read_all() {
            self.error(format!("comparing needs every document: {e}"));
            return None;
        }
        self.mode = Mode::Annotate;
        self.switch_layer(GOLD);
        let names: Vec<&str> = layers.iter().map(String::as_str).collect();
        let mut compare = Compare {
            name: adjudicate::decisions_name(&names),
            agreement: agree_project(&self.project, &layers),
            layers,
            previous_layer: previous,
            units: Vec::new(),
            decisions: Vec::new(),
            current: None,
            built: (usize::MAX, 0),
        };
        compare.build(self);
        self.mode = Mode::Compare(Box::new(compare));
        self.compare_step(true).ok().flatten()
    }

    /// Moves to the next (or previous) unsettled unit; returns its first byte.
    pub(super) fn compare_step(&mut self, forward: bool) -> Result<Option<usize>, String> {
        let gold = self.layer().clone();
        let c = self.compare_mut()?;
        let next = adjudicate::next_unsettled(&gold, &c.name, &c.units, c.current, forward);
        c.current = next.or(c.current);
        let at = next.map(|i| c.units[i].chars.start);
        if next.is_none() {
            self.info("Every difference in this document is settled");
        }
        Ok(at.and_then(|c| self.document().text.char_to_byte(c)))
    }

    pub(super) fn compare_go(&mut self, index: usize) -> Option<usize> {
        let c = self.compare_mut().ok()?;
        let at = c.units.get(index)?.chars.start;
        c.current = Some(index);
        self.document().text.char_to_byte(at)
    }

    fn current_unit(&self) -> Result<(&Compare, Unit), String> {
        let c = self.compare().ok_or("not comparing layers")?;
        let unit = c
            .current_unit()
            .cloned()
            .ok_or("no difference chosen: J goes to the next one")?;
        Ok((c, unit))
    }

    /// Takes side `side` (0-based) of the current unit into gold and moves on.
    pub(super) fn compare_take(&mut self, side: usize) -> Result<Option<usize>, String> {
        let (c, unit) = self.current_unit()?;
        if side >= c.layers.len() {
            return Err(format!("there are {} sides", c.layers.len()));
        }
        let empty = Layer::default();
        let layers = layers_named(self.document(), &c.layers, &empty);
        let edit = adjudicate::take(self.layer(), &c.name, &layers, &unit, side)
            .map_err(|e| e.to_string())?;
        self.edit(edit)?;
        self.refresh_compare();
        self.compare_step(true)
    }

    /// Neither side: gold keeps nothing of the current unit; moves on.
    pub(super) fn compare_neither(&mut self) -> Result<Option<usize>, String> {
        let (c, unit) = self.current_unit()?;
        let edit = adjudicate::neither(self.layer(), &c.name, &unit);
        self.edit(edit)?;
        self.refresh_compare();
        self.compare_step(true)
    }

    /// Settles the current unit with gold's version as it is, and selects that version so
    /// the inspector and the annotation keys edit it by hand.
    pub(super) fn compare_edit(&mut self) -> Result<(), String> {
        let (c, unit) = self.current_unit()?;
        if adjudicate::decision(self.layer(), &c.name, &unit) != Some(Decision::Accepted) {
            let edit = adjudicate::keep(&c.name, &unit).map_err(|e| e.to_string())?;
            self.edit(edit)?;
        }
        let gold = unit.gold.as_ref().ok_or("gold has no version of this")?;
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

    /// Copies everything the layers agree on into gold, as one undoable step.
    pub(super) fn compare_accept_agreed(&mut self) -> Result<(), String> {
        let c = self.compare().ok_or("not comparing layers")?;
        let empty = Layer::default();
        let layers = layers_named(self.document(), &c.layers, &empty);
        let (edit, n) = adjudicate::accept_agreed(self.layer(), &c.name, &layers, &c.units)
            .ok_or("nothing agreed is left to accept")?;
        self.edit(edit)?;
        self.info(format!("Accepted {n} agreed items into gold"));
        self.refresh_compare();
        self.compare_step(true)?;
        Ok(())
    }

    /// Marks gold's document reviewed, once every unit is settled.
    pub(super) fn compare_mark_reviewed(&mut self) -> Result<(), String> {
        let c = self.compare().ok_or("not comparing layers")?;
        let p = c.progress(self.layer());
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
