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
use super::{
    Opened, Parts, ProjectPaths, StoreError, WriteLock, files, load_document_with, recover,
    require_project, stamp_of,
};
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
    open_indexed_and_save(path, size_limit, true)
}

/// [`open_indexed`], writing the index back (`save`) or not.
fn open_indexed_and_save(
    path: &Path,
    size_limit: u64,
    save: bool,
) -> Result<IndexedParts, StoreError> {
    let indexed = super::index::index_and_save(path, size_limit, save)?;
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
        self.read(range, layers, text, false)
    }

    /// The documents `range` with their text and of their layers only `layers`, stamped
    /// for a save ([`super::PartSave`]).
    pub fn part_to_write(
        &self,
        range: Range<usize>,
        layers: &[String],
    ) -> Result<Opened, StoreError> {
        self.read(range, layers, true, true)
    }

    /// [`Self::part`], or for writing (`stamps`): the layers read are stamped, so a save
    /// overwrites them unless they changed on disk since; a document whose article changed
    /// keeps all its layers (re-anchored, to be saved) and marks the project changed.
    fn read(
        &self,
        range: Range<usize>,
        layers: &[String],
        text: bool,
        stamps: bool,
    ) -> Result<Opened, StoreError> {
        let p = &self.parts;
        let jobs: Vec<(&DocumentEntry, &IndexedDocument)> = p.entries[range.clone()]
            .iter()
            .zip(&self.documents[range])
            .collect();
        let loaded = crate::parallel::map(&jobs, |(entry, indexed)| {
            if !indexed.changed
                && let Some(doc) = self.as_indexed(entry, indexed, layers, text, stamps)?
            {
                return Ok((doc, false, Vec::new()));
            }
            let (mut doc, changed, warnings) =
                load_document_with(&p.paths, &p.root, &p.file, entry, p.size_limit, stamps)?;
            if !(stamps && changed) {
                doc.layers.retain(|name, _| layers.contains(name));
            }
            Ok::<_, StoreError>((doc, changed, warnings))
        });
        let mut project = p.project.clone();
        let mut warnings = Vec::new();
        for result in loaded {
            let (doc, changed, doc_warnings) = result?;
            if changed && stamps {
                project.mark_changed();
            }
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
        stamps: bool,
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
            if stamps {
                doc.set_stamp(&found, Some(stamp_of(&path, &bytes)));
            }
            doc.layers.insert(found, layer);
        }
        Ok(Some(doc))
    }
}

/// [`super::open_locked`] for a command that replaces layers `layers` of documents
/// (`import`, `suggest`): every document with its text, and of its layers only those,
/// stamped for the save. A document whose article changed since `project.ron` recorded it
/// is read in full, as opening reads it (its re-anchored layers are saved too). Without an
/// index to go by, the project is opened in full: building one reads every file anyway.
pub fn open_locked_with(
    lock: &WriteLock,
    size_limit: u64,
    layers: &[String],
) -> Result<Opened, StoreError> {
    // Without an index, making one would read every layer file as opening in full does.
    match open_locked_indexed(lock, size_limit, false)? {
        Some((indexed, warnings)) => whole(&indexed, warnings, layers),
        None => super::open_locked(lock, size_limit),
    }
}

/// Every document of `indexed` with its text and layers `layers`, stamped; `warnings`, what
/// recovering said, come first.
fn whole(
    indexed: &IndexedParts,
    mut warnings: Vec<String>,
    layers: &[String],
) -> Result<Opened, StoreError> {
    let mut opened = indexed.read(0..indexed.documents.len(), layers, true, true)?;
    // In the order opening gives them: the documents', then the project's.
    warnings.append(&mut opened.warnings);
    warnings.extend(indexed.parts.warnings.iter().cloned());
    opened.warnings = warnings;
    Ok(opened)
}

/// How a command that replaces layers of every document reads the project of `lock`.
pub enum ToWrite {
    /// Part by part ([`IndexedParts::part_to_write`]); its `warnings` say what opening
    /// found.
    Parts(IndexedParts),
    /// Whole, as [`open_locked_with`] reads it: an article changed since `project.ron`
    /// recorded it (its layers are re-anchored and `project.ron` written: a save of the
    /// whole project).
    Whole(Opened),
}

/// The project of `lock` for a command that replaces layers `layers` of every document
/// (`suggest`), part by part where it can be: see [`ToWrite`].
pub fn open_locked_to_write(
    lock: &WriteLock,
    size_limit: u64,
    layers: &[String],
) -> Result<ToWrite, StoreError> {
    // Without an index, one is made: it reads every layer file once, as opening in full
    // would, but keeps only their counts.
    let Some((mut indexed, mut warnings)) = open_locked_indexed(lock, size_limit, true)? else {
        unreachable!("an index is made when there is none");
    };
    if indexed.documents.iter().any(|d| d.changed) {
        return Ok(ToWrite::Whole(whole(&indexed, warnings, layers)?));
    }
    warnings.append(&mut indexed.parts.warnings);
    indexed.parts.warnings = warnings;
    Ok(ToWrite::Parts(indexed))
}

/// The indexed project of `lock` and what recovering an interrupted save said; `None`
/// when it has no index, unless `build` (made in memory, not saved).
fn open_locked_indexed(
    lock: &WriteLock,
    size_limit: u64,
    build: bool,
) -> Result<Option<(IndexedParts, Vec<String>)>, StoreError> {
    let paths = ProjectPaths::new(lock.root());
    require_project(&paths)?;
    let cache = paths
        .root
        .join(super::index::CACHE_DIR)
        .join(super::index::INDEX_FILE);
    if !cache.is_file() && !build {
        return Ok(None);
    }
    let mut warnings = Vec::new();
    recover(lock, &mut warnings)?;
    // The index is not written: a refused import leaves the folder as it was.
    let indexed = open_indexed_and_save(lock.root(), size_limit, false)?;
    Ok(Some((indexed, warnings)))
}
