//! Reading a project part by part for a command that needs a few layers of every document
//! (`eval`, `export`, `agree`): [`open_indexed`] brings the project's [`index`](super::index)
//! up to date, which says which documents are as `project.ron` recorded them (the article
//! unchanged, every layer anchored to it). Of those, [`IndexedParts::part`] reads only the
//! layers asked for, and the article only when asked for. Every other document is read as
//! [`super::open`] reads it (re-anchored, with its warnings), then cut to those layers.
//!
//! The index is trusted as `stats` trusts it (a file's size and modification time). Where
//! the article is read, its hash is checked too: a document whose article differs from
//! what was indexed is read the slow way.

use std::ops::Range;
use std::path::Path;

use super::index::IndexedDocument;
use super::paths::inside;
use super::{Opened, Parts, StoreError, files, load_document_with};
use crate::model::{Document, DocumentEntry};
use crate::text::{self, Text};

/// A project to read part by part through its index: see the module documentation.
#[derive(Debug)]
pub struct IndexedParts {
    parts: Parts,
    /// In the order of the parts' entries.
    documents: Vec<IndexedDocument>,
}

/// Opens the project at `path` like [`super::open_parts`], with its index brought up to
/// date (files changed since indexed are read; errors as opening gives them).
pub fn open_indexed(path: &Path, size_limit: u64) -> Result<IndexedParts, StoreError> {
    let indexed = super::index(path, size_limit)?;
    let parts = super::open_parts(path, size_limit)?;
    let same = indexed.documents.len() == parts.entries.len()
        && (indexed.documents.iter())
            .zip(&parts.entries)
            .all(|(d, e)| d.entry == *e);
    if !same {
        return Err(StoreError::Invalid {
            path: parts.file.clone(),
            message: "the project changed while it was being read; try again".into(),
        });
    }
    Ok(IndexedParts {
        parts,
        documents: indexed.documents,
    })
}

impl IndexedParts {
    /// The project's parts, as [`super::open_parts`] gives them.
    pub fn parts(&self) -> &Parts {
        &self.parts
    }

    /// Each document as indexed (status and counts per layer), in order.
    pub fn documents(&self) -> &[IndexedDocument] {
        &self.documents
    }

    /// The documents `range` with only the layers `layers` (those they have), read on every
    /// core. With `text`, as [`Parts::part`] reads them otherwise. Without, a document that
    /// is as indexed has an empty text (its `sha256` is still the article's): for commands
    /// that compare layers and never look at the text.
    pub fn part(
        &self,
        range: Range<usize>,
        layers: &[String],
        text: bool,
    ) -> Result<Opened, StoreError> {
        let p = &self.parts;
        let jobs: Vec<(&DocumentEntry, &IndexedDocument)> = p.entries[range.clone()]
            .iter()
            .zip(&self.documents[range])
            .collect();
        let loaded = crate::parallel::map(&jobs, |(entry, indexed)| {
            if !indexed.changed
                && let Some(doc) = self.as_indexed(entry, indexed, layers, text)?
            {
                return Ok((doc, Vec::new()));
            }
            let (mut doc, _, warnings) =
                load_document_with(&p.paths, &p.root, &p.file, entry, p.size_limit, false)?;
            doc.layers.retain(|name, _| layers.contains(name));
            Ok::<_, StoreError>((doc, warnings))
        });
        let mut project = p.project.clone();
        let mut warnings = Vec::new();
        for result in loaded {
            let (doc, doc_warnings) = result?;
            warnings.extend(doc_warnings);
            project.documents.push(doc);
        }
        Ok(Opened {
            project,
            root: p.paths.root.clone(),
            warnings,
        })
    }

    /// A document the index says is unchanged, read in part; `None` if the files say
    /// otherwise (changed since indexed): then it is read in full.
    fn as_indexed(
        &self,
        entry: &DocumentEntry,
        indexed: &IndexedDocument,
        layers: &[String],
        with_text: bool,
    ) -> Result<Option<Document>, StoreError> {
        let p = &self.parts;
        let mut doc = if with_text {
            let path = p.paths.article(&entry.path);
            if path.exists() {
                inside(&p.root, &path)?;
            }
            let article = text::read_article(&path, p.size_limit)?;
            Document::new(&entry.id, &entry.path, Text::new(article.text))
        } else {
            let mut doc = Document::new(&entry.id, &entry.path, Text::new(String::new()));
            doc.sha256 = entry.sha256.clone();
            doc
        };
        if doc.sha256 != entry.sha256 {
            return Ok(None);
        }
        for name in layers {
            if !indexed.summary.layers.contains_key(name) {
                continue;
            }
            let path = p.paths.layer_file(&entry.id, name);
            if !path.is_file() {
                return Ok(None);
            }
            inside(&p.root, &path)?;
            let bytes = files::read_bytes(&path)?;
            let (found, layer) = files::parse_layer(&path, &bytes, &entry.id)?;
            if found != *name || layer.anchored_to != doc.sha256 {
                return Ok(None);
            }
            doc.layers.insert(found, layer);
        }
        Ok(Some(doc))
    }
}
