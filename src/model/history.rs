//! [`History`]: undo and redo for one document, as a stack of inverse edits.
//!
//! Applying an edit returns its inverse; the undo stack keeps inverses. Undoing applies
//! one, which returns the forward edit again, kept on the redo stack. A new edit clears
//! the redo stack.

use std::collections::BTreeMap;

use super::{Edit, EditError, Layer};

#[derive(Debug, Clone, PartialEq)]
struct Step {
    layer: String,
    edit: Edit,
}

/// Undo and redo stacks over the layers of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Records that `inverse` undoes what was just done to `layer`.
    pub fn record(&mut self, layer: &str, inverse: Edit) {
        self.undo.push(Step {
            layer: layer.to_string(),
            edit: inverse,
        });
        self.redo.clear();
    }

    /// Undoes the last edit; returns the name of the layer it changed.
    pub fn undo(
        &mut self,
        layers: &mut BTreeMap<String, Layer>,
    ) -> Result<Option<String>, EditError> {
        Self::step(&mut self.undo, &mut self.redo, layers)
    }

    /// Redoes the last undone edit; returns the name of the layer it changed.
    pub fn redo(
        &mut self,
        layers: &mut BTreeMap<String, Layer>,
    ) -> Result<Option<String>, EditError> {
        Self::step(&mut self.redo, &mut self.undo, layers)
    }

    fn step(
        from: &mut Vec<Step>,
        to: &mut Vec<Step>,
        layers: &mut BTreeMap<String, Layer>,
    ) -> Result<Option<String>, EditError> {
        let Some(step) = from.pop() else {
            return Ok(None);
        };
        let layer = layers.entry(step.layer.clone()).or_default();
        match step.edit.clone().apply(layer) {
            Ok(opposite) => {
                to.push(Step {
                    layer: step.layer.clone(),
                    edit: opposite,
                });
                Ok(Some(step.layer))
            }
            Err(err) => {
                from.push(step);
                Err(err)
            }
        }
    }
}
