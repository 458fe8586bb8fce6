//! [`Project`]: the name, schema, annotators and documents of an annotation project.

use serde::{Deserialize, Serialize};

use super::{Document, Schema};

/// A document as listed in `project.ron`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentEntry {
    pub id: String,
    /// Relative to the project folder, with `/` separators on every system.
    pub path: String,
    /// SHA-256 of the normalized text when it was added or last saved.
    pub sha256: String,
}

/// An annotation project in memory. Reading and writing it is [`crate::store`]'s job.
#[derive(Debug, Clone)]
pub struct Project {
    pub name: String,
    pub schema: Schema,
    pub annotators: Vec<String>,
    pub documents: Vec<Document>,
    /// Whether `project.ron` (name, schema, annotators, document list) needs saving.
    changed: bool,
    /// What `project.ron` held when it was last read or written.
    pub stamp: Option<super::Stamp>,
}

impl Project {
    pub fn new(name: &str) -> Self {
        Project {
            name: name.to_string(),
            schema: Schema::default(),
            annotators: Vec::new(),
            documents: Vec::new(),
            changed: true,
            stamp: None,
        }
    }

    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    pub fn document_mut(&mut self, id: &str) -> Option<&mut Document> {
        self.documents.iter_mut().find(|d| d.id == id)
    }

    /// The entries `project.ron` lists.
    pub fn entries(&self) -> Vec<DocumentEntry> {
        self.documents
            .iter()
            .map(|d| DocumentEntry {
                id: d.id.clone(),
                path: d.path.clone(),
                sha256: d.sha256.clone(),
            })
            .collect()
    }

    /// Call after changing the name, schema, annotators or document list, so the next
    /// save writes `project.ron`.
    pub fn mark_changed(&mut self) {
        self.changed = true;
    }

    pub fn is_changed(&self) -> bool {
        self.changed
    }

    pub fn mark_saved(&mut self) {
        self.changed = false;
    }

    /// An id for a new document from a file name: lowercase letters, digits and `-`,
    /// made unique with a number.
    pub fn new_document_id(&self, file_stem: &str) -> String {
        unique_document_id(file_stem, |id| self.document(id).is_some())
    }
}

/// An id for a new document from a file name, as [`Project::new_document_id`] makes it,
/// with `taken` telling which ids are in use.
pub fn unique_document_id(file_stem: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut base = String::new();
    for c in file_stem.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            base.push(c);
        } else if !base.ends_with('-') && !base.is_empty() {
            base.push('-');
        }
    }
    let base = base.trim_end_matches('-');
    let base = if base.is_empty() { "document" } else { base };
    let mut id = base.to_string();
    let mut n = 2;
    while taken(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}
