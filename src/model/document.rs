//! [`Document`]: an article's normalized text with its layers and history.

use std::collections::{BTreeMap, BTreeSet};

use super::{DocumentEntry, DocumentSummary, Edit, EditError, History, Layer};
use crate::text::Text;

/// One article of a project.
#[derive(Debug, Clone)]
pub struct Document {
    /// Unique within the project; also the name of its annotations folder.
    pub id: String,
    /// The article file, relative to the project folder, with `/` separators.
    pub path: String,
    pub text: Text,
    /// SHA-256 of `text`.
    pub sha256: String,
    /// Layers by name (`gold`, `alice`, `model:rules`).
    pub layers: BTreeMap<String, Layer>,
    pub history: History,
    /// Layers changed since they were last saved.
    unsaved: BTreeSet<String>,
    /// What each layer's file held when it was last read or written.
    stamps: BTreeMap<String, Stamp>,
    /// Set while the article and layers are not read yet (a big project opens without
    /// them): what the project's index says of the document. Such a document has no text
    /// and no layers, and nothing of it is ever saved.
    unread: Option<DocumentSummary>,
}

/// What a file held when this process last read or wrote it: its size, modification time
/// and the SHA-256 of its bytes. Kept and compared by `store`, so a save notices that
/// someone else changed the file since; plain data here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
    pub sha256: [u8; 32],
}

impl Document {
    pub fn new(id: &str, path: &str, text: Text) -> Self {
        let sha256 = crate::text::sha256_hex(text.as_str());
        Document {
            id: id.to_string(),
            path: path.to_string(),
            text,
            sha256,
            layers: BTreeMap::new(),
            history: History::default(),
            unsaved: BTreeSet::new(),
            stamps: BTreeMap::new(),
            unread: None,
        }
    }

    /// A document of `project.ron` not read yet, known by its index `summary`: the
    /// window reads it when it is shown or needed.
    pub fn unread(entry: &DocumentEntry, summary: DocumentSummary) -> Self {
        Document {
            id: entry.id.clone(),
            path: entry.path.clone(),
            text: Text::new(String::new()),
            sha256: entry.sha256.clone(),
            layers: BTreeMap::new(),
            history: History::default(),
            unsaved: BTreeSet::new(),
            stamps: BTreeMap::new(),
            unread: Some(summary),
        }
    }

    /// False while the article and layers are not read ([`Document::unread`]).
    pub fn is_read(&self) -> bool {
        self.unread.is_none()
    }

    /// What the index said of a document not read yet.
    pub fn unread_summary(&self) -> Option<&DocumentSummary> {
        self.unread.as_ref()
    }

    /// The summary of layer `name` (counts and status), read or not; `None` if the document
    /// has no such layer.
    pub fn layer_summary(&self, name: &str) -> Option<super::LayerSummary> {
        match &self.unread {
            Some(summary) => summary.layers.get(name).cloned(),
            None => self.layers.get(name).map(super::LayerSummary::of),
        }
    }

    /// The status of layer `name`, read or not: to do if the document has no such layer.
    pub fn layer_status(&self, name: &str) -> super::Status {
        match &self.unread {
            Some(summary) => summary.layers.get(name).map(|l| l.status),
            None => self.layers.get(name).map(|l| l.status),
        }
        .unwrap_or_default()
    }

    /// The names of the document's layers, read or not.
    pub fn layer_names(&self) -> Box<dyn Iterator<Item = &String> + '_> {
        match &self.unread {
            Some(summary) => Box::new(summary.layers.keys()),
            None => Box::new(self.layers.keys()),
        }
    }

    pub fn layer(&self, name: &str) -> Option<&Layer> {
        self.layers.get(name)
    }

    /// Applies `edit` to layer `name` (created empty if it does not exist) and records it
    /// for undo.
    pub fn apply(&mut self, name: &str, edit: Edit) -> Result<(), EditError> {
        let layer = self
            .layers
            .entry(name.to_string())
            .or_insert_with(|| Layer::new(&self.sha256));
        let inverse = edit.apply(layer)?;
        self.history.record(name, inverse);
        self.unsaved.insert(name.to_string());
        Ok(())
    }

    /// Undoes the last edit. Returns false when there was nothing to undo.
    pub fn undo(&mut self) -> Result<bool, EditError> {
        let changed = self.history.undo(&mut self.layers)?;
        Ok(self.note_change(changed))
    }

    /// Redoes the last undone edit. Returns false when there was nothing to redo.
    pub fn redo(&mut self) -> Result<bool, EditError> {
        let changed = self.history.redo(&mut self.layers)?;
        Ok(self.note_change(changed))
    }

    fn note_change(&mut self, layer: Option<String>) -> bool {
        match layer {
            Some(name) => {
                self.unsaved.insert(name);
                true
            }
            None => false,
        }
    }

    /// Layers with changes not yet saved.
    pub fn unsaved_layers(&self) -> impl Iterator<Item = &str> {
        self.unsaved.iter().map(String::as_str)
    }

    pub fn is_unsaved(&self) -> bool {
        !self.unsaved.is_empty()
    }

    /// Marks a layer as needing a save (e.g. after re-anchoring), or as saved.
    pub fn set_unsaved(&mut self, layer: &str, unsaved: bool) {
        if unsaved {
            self.unsaved.insert(layer.to_string());
        } else {
            self.unsaved.remove(layer);
        }
    }

    /// What the layer's file held when it was last read or written, if it was.
    pub fn stamp(&self, layer: &str) -> Option<&Stamp> {
        self.stamps.get(layer)
    }

    /// Records (or forgets) what the layer's file holds.
    pub fn set_stamp(&mut self, layer: &str, stamp: Option<Stamp>) {
        match stamp {
            Some(s) => self.stamps.insert(layer.to_string(), s),
            None => self.stamps.remove(layer),
        };
    }

    /// The layers with a stamp.
    pub fn stamped_layers(&self) -> impl Iterator<Item = &str> {
        self.stamps.keys().map(String::as_str)
    }

    /// The 0-based number of lines of the text.
    pub fn line_count(&self) -> usize {
        self.text.line_count()
    }
}
