//! Noticing what others wrote: which layer files changed on disk since this process read
//! or wrote them, reloading them, and keeping both versions of a conflict.
//!
//! Each loaded or saved layer keeps a [`Stamp`] of its file (size, modification time,
//! SHA-256). [`changed_on_disk`] compares the files with their stamps (a cheap `stat`
//! unless size or time differ, then the hash decides); [`reload_layer`] replaces a layer
//! by its file as one undoable edit; [`keep_both`] resolves a conflict by loading the
//! file's version beside ours as a layer `alice (on disk)`; [`save_as_layer`] the other
//! way round. [`super::save`] never overwrites a changed file: it returns
//! [`StoreError::Conflict`].
//!
//! Limits: [`changed_on_disk`] trusts an unchanged size and modification time, so a
//! rewrite of the same size within the file system's time resolution goes unnoticed until
//! the next save, which always compares contents. It does not watch: call it on a timer or
//! on a file watcher's (`notify`) events.

use std::path::PathBuf;

use super::{
    ProjectPaths, StoreError, WriteLock, canonical_root, files, layer_files, read_layer_file,
    save_locked, stamp_of,
};
use crate::model::{Document, Edit, Project, Stamp};

/// How a layer file differs from what this process last read or wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Its content changed.
    Modified,
    /// A file appeared for a layer this process never read or wrote.
    Created,
    /// The file is gone.
    Deleted,
}

/// A layer file changed on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub document: String,
    /// The layer's name (for a created file: decoded from its file name).
    pub layer: String,
    pub change: Change,
    /// The layer has edits in memory that are not saved: reloading would lose them; a
    /// conflict to show (see [`keep_both`]).
    pub unsaved: bool,
    pub path: PathBuf,
}

/// What changed on disk since the project was read or last saved.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OnDisk {
    /// `project.ron` changed (new stance targets, documents): see [`reload_project`].
    pub project_file: bool,
    pub layers: Vec<Changed>,
}

impl OnDisk {
    pub fn is_empty(&self) -> bool {
        !self.project_file && self.layers.is_empty()
    }
}

/// True if the file at `path` still holds what `stamp` says (a missing file does not).
fn unchanged(path: &std::path::Path, stamp: &Stamp) -> Option<bool> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok();
    if meta.len() == stamp.len && modified.is_some() && modified == stamp.modified {
        return Some(true);
    }
    let bytes = std::fs::read(path).ok()?;
    Some(stamp_of(path, &bytes).sha256 == stamp.sha256)
}

/// The layer files of `project` that changed on disk since they were read or saved, and
/// whether `project.ron` did. Cheap enough to call every second or on a file watcher's
/// event; reads only files whose size or time changed.
pub fn changed_on_disk(paths: &ProjectPaths, project: &Project) -> OnDisk {
    let mut out = OnDisk {
        project_file: project
            .stamp
            .as_ref()
            .is_some_and(|s| unchanged(&paths.project_file(), s) != Some(true)),
        layers: Vec::new(),
    };
    let root = canonical_root(paths).ok();
    // A document not read yet is read as the disk has it when it is needed.
    for doc in project.documents.iter().filter(|d| d.is_read()) {
        let unsaved = |name: &str| doc.unsaved_layers().any(|n| n == name);
        for name in doc.stamped_layers() {
            let path = paths.layer_file(&doc.id, name);
            let stamp = doc.stamp(name).expect("stamped");
            let change = match unchanged(&path, stamp) {
                Some(true) => continue,
                Some(false) => Change::Modified,
                None if path.exists() => Change::Modified,
                None => Change::Deleted,
            };
            out.layers.push(Changed {
                document: doc.id.clone(),
                layer: name.to_string(),
                change,
                unsaved: unsaved(name),
                path,
            });
        }
        let Some(root) = &root else { continue };
        for path in layer_files(paths, root, &doc.id).unwrap_or_default() {
            let Some(name) = path
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(super::names::decode)
            else {
                continue;
            };
            if doc.stamp(&name).is_none() {
                out.layers.push(Changed {
                    document: doc.id.clone(),
                    unsaved: unsaved(&name),
                    layer: name,
                    change: Change::Created,
                    path,
                });
            }
        }
    }
    out
}

/// What [`reload_layer`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reloaded {
    /// The layer's name as its file gives it.
    pub layer: String,
    /// The file was made against an older article: re-anchored (and unsaved).
    pub warnings: Vec<String>,
}

fn document<'p>(
    paths: &ProjectPaths,
    project: &'p mut Project,
    doc_id: &str,
) -> Result<&'p mut Document, StoreError> {
    project
        .document_mut(doc_id)
        .ok_or_else(|| StoreError::Invalid {
            path: paths.project_file(),
            message: format!("no document {doc_id:?}"),
        })
}

/// Replaces layer `layer` of document `doc_id` by what its file holds now, as one edit
/// in the document's history (so Undo brings the previous version back), and marks it
/// saved. Any unsaved edits of that layer are replaced: call it for a [`Changed`] that is
/// not `unsaved`, or when the user chose the file's version. A deleted file is an error
/// (the layer stays as it is; the next save writes it again).
pub fn reload_layer(
    paths: &ProjectPaths,
    project: &mut Project,
    doc_id: &str,
    layer: &str,
) -> Result<Reloaded, StoreError> {
    let root = canonical_root(paths)?;
    let path = paths.layer_file(doc_id, layer);
    let doc = document(paths, project, doc_id)?;
    let mut warnings = Vec::new();
    let (name, new, unsaved, stamp) = read_layer_file(&root, &path, doc, &mut warnings)?;
    if name != layer {
        return Err(StoreError::Invalid {
            path,
            message: format!("this file holds layer {name:?}, not {layer:?}"),
        });
    }
    let edit = Edit::replace_layer(doc.layer(layer), new);
    doc.apply(layer, edit)
        .expect("removals from the end and pushes always apply");
    doc.set_unsaved(layer, unsaved);
    doc.set_stamp(layer, Some(stamp));
    Ok(Reloaded {
        layer: name,
        warnings,
    })
}

/// Resolves a conflict by keeping both versions: the file's version of `layer` is loaded
/// as a new layer `"{layer} (on disk)"` (or `(on disk 2)`…, a free name), and both are
/// saved: ours in `layer`'s file, theirs in its own. Holds the write lock meanwhile.
/// Returns the new layer's name.
pub fn keep_both(
    paths: &ProjectPaths,
    project: &mut Project,
    doc_id: &str,
    layer: &str,
) -> Result<String, StoreError> {
    let lock = WriteLock::acquire(&paths.root)?;
    let root = canonical_root(paths)?;
    let path = paths.layer_file(doc_id, layer);
    let doc = document(paths, project, doc_id)?;
    let mut warnings = Vec::new();
    let (_, theirs, _, stamp) = read_layer_file(&root, &path, doc, &mut warnings)?;
    let mut n = 1;
    let new_name = loop {
        let name = match n {
            1 => format!("{layer} (on disk)"),
            n => format!("{layer} (on disk {n})"),
        };
        if !doc.layers.contains_key(&name) && !paths.layer_file(doc_id, &name).exists() {
            break name;
        }
        n += 1;
    };
    doc.apply(&new_name, Edit::replace_layer(None, theirs))
        .expect("pushes always apply");
    // Their version is now kept under its own name: ours may replace the file.
    doc.set_stamp(layer, Some(stamp));
    doc.set_unsaved(layer, true);
    save_locked(&lock, project)?;
    Ok(new_name)
}

/// Resolves a conflict the other way: our version of `layer` is saved as a new layer
/// `new_name` (refused if that layer exists, in memory or on disk), and `layer` is
/// reloaded from its file (one undoable edit, as [`reload_layer`]). Holds the write lock
/// meanwhile.
pub fn save_as_layer(
    paths: &ProjectPaths,
    project: &mut Project,
    doc_id: &str,
    layer: &str,
    new_name: &str,
) -> Result<Reloaded, StoreError> {
    let lock = WriteLock::acquire(&paths.root)?;
    let target = paths.layer_file(doc_id, new_name);
    let doc = document(paths, project, doc_id)?;
    if doc.layers.contains_key(new_name) || target.exists() {
        return Err(StoreError::Exists { path: target });
    }
    let ours = doc
        .layer(layer)
        .cloned()
        .ok_or_else(|| StoreError::Invalid {
            path: paths.layer_file(doc_id, layer),
            message: format!("document {doc_id:?} has no layer {layer:?}"),
        })?;
    doc.apply(new_name, Edit::replace_layer(None, ours))
        .expect("pushes always apply");
    let reloaded = reload_layer(paths, project, doc_id, layer)?;
    save_locked(&lock, project)?;
    Ok(reloaded)
}

/// Takes in what another writer added to `project.ron` since it was read: stance
/// targets and annotators, and documents (loaded with their layers, articles up to
/// `size_limit` bytes). Returns the ids of the documents added.
pub fn reload_project(
    paths: &ProjectPaths,
    project: &mut Project,
    size_limit: u64,
) -> Result<Vec<String>, StoreError> {
    let root = canonical_root(paths)?;
    let file = paths.project_file();
    let (theirs, bytes) = files::read_project_bytes(&file)?;
    for target in theirs.schema.stance_targets {
        if !crate::model::Schema::has(&project.schema.stance_targets, &target.name) {
            project.schema.stance_targets.push(target);
        }
    }
    for a in theirs.annotators {
        if !project.annotators.contains(&a) {
            project.annotators.push(a);
        }
    }
    let mut added = Vec::new();
    let ours: std::collections::HashSet<String> =
        project.documents.iter().map(|d| d.id.clone()).collect();
    for entry in theirs.documents {
        if !ours.contains(&entry.id) {
            let (doc, _, _) = super::load_document(paths, &root, &file, &entry, size_limit)?;
            added.push(doc.id.clone());
            project.documents.push(doc);
        }
    }
    if !project.is_changed() {
        project.stamp = Some(stamp_of(&file, &bytes));
    }
    Ok(added)
}
