//! Reading and writing project folders.
//!
//! A project is a folder:
//!
//! ```text
//! project.ron                      name, format version, schema, annotators, documents
//! articles/<file>.txt              the articles, as they were given (any encoding)
//! annotations/<doc-id>/<layer>.ron one file per document and layer
//! ```
//!
//! Everything one annotator changes lives in that annotator's own layer files, so a team
//! can share a project through git without merge conflicts; `project.ron` changes only when
//! the project does. Files are pretty, deterministic and written atomically; saving writes
//! only what changed. Folder and file names are made portable by [`names`].
//!
//! # Several writers
//!
//! - **Lock** ([`lock`](mod@lock)): every write holds `.sayso.lock` ([`WriteLock`]). [`save`] takes
//!   it itself for the time of the save, waiting up to [`lock::wait`] (2 s unless
//!   [`lock::set_wait`] says otherwise), then fails with [`StoreError::Locked`] naming the
//!   holder. A command that reads, changes and saves holds it throughout: [`lock_project`] →
//!   [`open_locked`] → … → [`save_locked`]. [`lock::set_writer_name`] names the process in
//!   others' messages ("the window", "`sayso import`").
//! - **All or nothing** ([`journal`]): a save of several files stages them all, writes a
//!   journal, then renames; [`open`] finishes an interrupted save or removes what a save
//!   left before its journal existed.
//! - **Stamps and conflicts** ([`disk`]): each layer read or saved is stamped (size, time,
//!   SHA-256 of the file, kept in the [`Document`]). [`save`] never overwrites a layer
//!   file changed on disk since: it saves the rest and returns [`StoreError::Conflict`].
//!   `project.ron` is merged instead (targets, annotators and documents of others kept).
//!
//! # For the window
//!
//! ```text
//! at start:       store::lock::set_writer_name("the window");
//!                 store::lock::set_wait(Duration::from_millis(500));   // optional: the default is 2 s
//! autosave:       store::save(&paths, &mut project)
//!                   Ok(_)                                  saved
//!                   Err(StoreError::Locked { holder, .. }) someone else writes: retry later, show holder
//!                   Err(StoreError::Conflict { conflicts }) each Conflict { document, layer, path } changed
//!                                                          on disk; everything else was saved; offer:
//!                     store::keep_both(&paths, &mut project, doc, layer) -> Result<String>
//!                         (the file's version becomes layer "alice (on disk)", ours is saved as alice)
//!                     store::save_as_layer(&paths, &mut project, doc, layer, "alice (mine)")
//!                         -> Result<Reloaded>   (ours saved as a new layer, the file's version
//!                         becomes `alice` again, as one undoable edit)
//!                     store::reload_layer(&paths, &mut project, doc, layer) -> Result<Reloaded>
//!                         (drop ours: the file's version, as one undoable edit)
//! every second, or on a `notify` event under the project folder:
//!                 let changed = store::changed_on_disk(&paths, &project);   // -> OnDisk
//!                 for c in changed.layers (Changed { document, layer, change, unsaved, path }):
//!                   !c.unsaved && c.change != Change::Deleted  => store::reload_layer(...) (history has it)
//!                   c.unsaved                                  => a conflict to show (keep_both / reload_layer)
//!                   Change::Deleted                            => keep ours; the next save writes it again
//!                 if changed.project_file => store::reload_project(&paths, &mut project, size_limit)
//!                   (new targets, annotators, documents; returns the ids of documents added)
//! ```

mod atomic;
pub mod disk;
mod fast_ron;
mod files;
pub mod index;
pub mod journal;
mod lazy;
pub mod lock;
pub mod names;
mod paths;
mod reader;
mod save;

use std::path::{Path, PathBuf};

pub use atomic::{Staged, Written, stage, stage_with, write_atomic, write_atomic_with};
pub use disk::{
    Change, Changed, OnDisk, Reloaded, changed_on_disk, keep_both, reload_layer, reload_project,
    save_as_layer,
};
pub use files::{Conflict, FORMAT_VERSION, StoreError};
pub use index::{Indexed, IndexedDocument, index};
pub use lazy::{open_by_need, read_all, read_document};

/// How many documents a command that reads a project part by part holds at once
/// ([`Parts`]): enough to keep every core busy, few enough that memory stays small.
pub const PART: usize = 256;
pub use lock::WriteLock;
pub use paths::ProjectPaths;
pub use reader::{IndexedParts, ToWrite, open_indexed, open_locked_to_write, open_locked_with};
pub use save::{PartSave, Saved, mark_all_unsaved, save, save_locked};

use paths::{Root, canonical_root, inside, is_inside, relative_inside, writable_inside};

use crate::model::{Document, DocumentEntry, Project, Stamp, reanchor};
use crate::text::{self, Text};

/// The project file's name inside a project folder.
pub const PROJECT_FILE: &str = "project.ron";
/// Folder of the articles inside a project folder.
pub const ARTICLES_DIR: &str = "articles";
/// Folder of the annotation files inside a project folder.
pub const ANNOTATIONS_DIR: &str = "annotations";

/// A project read from disk, with what the user should know about it.
#[derive(Debug)]
pub struct Opened {
    pub project: Project,
    /// The project folder.
    pub root: PathBuf,
    /// Things that did not stop the project from opening (a changed article, re-anchored
    /// spans, annotation folders of unknown documents).
    pub warnings: Vec<String>,
}

/// What `sayso new` writes into `.gitignore`: the files of writes in progress and the
/// cache ([`index`]), never to be shared.
pub const GITIGNORE: &str = "# sayso: files of writes in progress, the write lock and the derived cache\n.sayso-*.tmp\n.sayso-journal\n.sayso.lock\n.sayso-cache/\n";

/// Creates a new project in `dir` (created if needed) and writes its `project.ron` and a
/// `.gitignore` for sayso's temporary files. Refuses a folder that already holds a project.
pub fn create(dir: &Path, name: &str) -> Result<Project, StoreError> {
    let paths = ProjectPaths::new(dir);
    let file = paths.project_file();
    if file.exists() {
        return Err(StoreError::Exists { path: file });
    }
    std::fs::create_dir_all(dir).map_err(|source| StoreError::Write {
        path: dir.to_owned(),
        source,
    })?;
    let lock = WriteLock::acquire(dir)?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        write_atomic(&ignore, GITIGNORE.as_bytes()).map_err(|source| StoreError::Write {
            path: ignore,
            source,
        })?;
    }
    let mut project = Project::new(name);
    save_locked(&lock, &mut project)?;
    Ok(project)
}

/// Opens the project in folder `path` (or whose `project.ron` is `path`), reading
/// articles up to `size_limit` bytes each. Layers made against an older version of their
/// article are re-anchored (see [`reanchor`]) and marked unsaved.
///
/// When no one is writing the project, an interrupted save is first finished or rolled
/// back and leftover temporary files are removed ([`journal::recover`]); while someone
/// is, this waits for them if their save is being committed.
pub fn open(path: &Path, size_limit: u64) -> Result<Opened, StoreError> {
    let paths = ProjectPaths::from_arg(path);
    require_project(&paths)?;
    let mut warnings = Vec::new();
    recover_if_needed(&paths, &mut warnings)?;
    let mut opened = open_unlocked(&paths, size_limit)?;
    warnings.append(&mut opened.warnings);
    opened.warnings = warnings;
    Ok(opened)
}

/// Finishes or rolls back an interrupted save, when no one is writing the project (see
/// [`open`]).
fn recover_if_needed(paths: &ProjectPaths, warnings: &mut Vec<String>) -> Result<(), StoreError> {
    if journal::needs_recovery(&paths.root) {
        // A journal means a save is being committed (or was interrupted): wait for it.
        let journal = paths.root.join(journal::JOURNAL);
        let mut result = WriteLock::acquire_within(&paths.root, std::time::Duration::ZERO);
        if matches!(result, Err(StoreError::Locked { .. })) && journal.exists() {
            result = WriteLock::acquire(&paths.root);
        }
        match result {
            Ok(lock) => recover(&lock, warnings)?,
            // Someone is writing, not committing; or the folder is read-only: read as is.
            Err(StoreError::Locked { .. }) if !journal.exists() => {}
            Err(StoreError::Write { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Opens the project of `lock` for writing: like [`open`], while holding the write lock
/// (a command that changes a project holds it from opening to saving).
pub fn open_locked(lock: &WriteLock, size_limit: u64) -> Result<Opened, StoreError> {
    let paths = ProjectPaths::new(lock.root());
    require_project(&paths)?;
    let mut warnings = Vec::new();
    recover(lock, &mut warnings)?;
    let mut opened = open_unlocked(&paths, size_limit)?;
    warnings.append(&mut opened.warnings);
    opened.warnings = warnings;
    Ok(opened)
}

/// Takes the write lock of the project `path` names (a folder or its `project.ron`),
/// waiting up to [`lock::wait`].
pub fn lock_project(path: &Path) -> Result<WriteLock, StoreError> {
    let paths = ProjectPaths::from_arg(path);
    require_project(&paths)?;
    WriteLock::acquire(&paths.root)
}

fn require_project(paths: &ProjectPaths) -> Result<(), StoreError> {
    if paths.project_file().is_file() {
        Ok(())
    } else {
        Err(StoreError::NotAProject {
            path: paths.root.clone(),
        })
    }
}

fn recover(lock: &WriteLock, warnings: &mut Vec<String>) -> Result<(), StoreError> {
    let root = lock.root();
    let done = journal::recover(root).map_err(|source| StoreError::Write {
        path: root.join(journal::JOURNAL),
        source,
    })?;
    if let Some(n) = done.finished {
        warnings.push(format!(
            "{}: a save of {n} files was interrupted; it is now finished",
            root.display()
        ));
    }
    if !done.removed.is_empty() {
        warnings.push(format!(
            "{}: removed {} temporary files left by an interrupted save (nothing of the saved project was lost)",
            root.display(),
            done.removed.len()
        ));
    }
    Ok(())
}

fn open_unlocked(paths: &ProjectPaths, size_limit: u64) -> Result<Opened, StoreError> {
    let file = paths.project_file();
    let root = canonical_root(paths)?;
    inside(&root, &file)?;
    let (pf, bytes) = files::read_project_bytes(&file)?;
    let mut project = project_of(&file, &pf, &bytes);
    let mut warnings = Vec::new();
    let mut ids = std::collections::HashSet::new();
    // Documents load independently (article, index, hash, layers): in parallel, then
    // checked in order, so errors and warnings come as a sequential load gives them.
    let loaded = crate::parallel::map(&pf.documents, |entry| {
        load_document(paths, &root, &file, entry, size_limit)
    });
    for result in loaded {
        let (doc, changed, doc_warnings) = result?;
        if changed {
            project.mark_changed();
        }
        if !ids.insert(doc.id.clone()) {
            return Err(StoreError::Invalid {
                path: file.clone(),
                message: format!("two documents have the id {:?}", doc.id),
            });
        }
        warnings.extend(doc_warnings);
        project.documents.push(doc);
    }
    let ids: std::collections::HashSet<&str> =
        project.documents.iter().map(|d| d.id.as_str()).collect();
    warn_unknown_annotation_folders(paths, &ids, &mut warnings);
    Ok(Opened {
        project,
        root: paths.root.clone(),
        warnings,
    })
}

/// A project to read part by part: `project.ron` read and checked, the documents not yet.
/// For commands that go through every document once (`validate`, `eval`): memory holds
/// the part in flight, not the project.
#[derive(Debug)]
pub struct Parts {
    paths: ProjectPaths,
    root: Root,
    file: PathBuf,
    /// The project without its documents.
    project: Project,
    entries: Vec<DocumentEntry>,
    size_limit: u64,
    /// What opening says before reading documents (an interrupted save, annotation folders
    /// of unknown documents); each part has its own.
    pub warnings: Vec<String>,
}

/// Opens the project at `path` like [`open`], reading only `project.ron`: the documents
/// are read by [`Parts::part`].
pub fn open_parts(path: &Path, size_limit: u64) -> Result<Parts, StoreError> {
    let paths = ProjectPaths::from_arg(path);
    require_project(&paths)?;
    let mut warnings = Vec::new();
    recover_if_needed(&paths, &mut warnings)?;
    let file = paths.project_file();
    let root = canonical_root(&paths)?;
    inside(&root, &file)?;
    let (pf, bytes) = files::read_project_bytes(&file)?;
    let project = project_of(&file, &pf, &bytes);
    let mut ids = std::collections::HashSet::new();
    for entry in &pf.documents {
        if !ids.insert(entry.id.as_str()) {
            return Err(StoreError::Invalid {
                path: file.clone(),
                message: format!("two documents have the id {:?}", entry.id),
            });
        }
    }
    warn_unknown_annotation_folders(&paths, &ids, &mut warnings);
    Ok(Parts {
        paths,
        root,
        file,
        project,
        entries: pf.documents,
        size_limit,
        warnings,
    })
}

impl Parts {
    /// The number of documents.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The project folder.
    pub fn root(&self) -> &Path {
        &self.paths.root
    }

    /// The project without its documents (name, schema, annotators).
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The documents `range` (in the order of `project.ron`) read as [`open`] reads them
    /// (in parallel, re-anchored where their article changed), as a project of those
    /// documents only, with the warnings about them. For reading: the layers carry no
    /// stamps (no file hashes), so a save would overwrite no existing layer file (each
    /// would be a conflict).
    pub fn part(&self, range: std::ops::Range<usize>) -> Result<Opened, StoreError> {
        let entries = &self.entries[range];
        let loaded = crate::parallel::map(entries, |entry| {
            // Not stamped: a part is read, never saved.
            load_document_with(
                &self.paths,
                &self.root,
                &self.file,
                entry,
                self.size_limit,
                false,
            )
        });
        let mut project = self.project.clone();
        let mut warnings = Vec::new();
        for result in loaded {
            let (doc, _, doc_warnings) = result?;
            warnings.extend(doc_warnings);
            project.documents.push(doc);
        }
        Ok(Opened {
            project,
            root: self.paths.root.clone(),
            warnings,
        })
    }

    /// The parts of at most `size` documents, in order.
    pub fn ranges(&self, size: usize) -> impl Iterator<Item = std::ops::Range<usize>> + use<> {
        let (n, size) = (self.entries.len(), size.max(1));
        (0..n.div_ceil(size)).map(move |i| i * size..((i + 1) * size).min(n))
    }
}

/// The project `project.ron` (`file`, read as `bytes`) describes, without its documents.
fn project_of(file: &Path, pf: &files::ProjectFile, bytes: &[u8]) -> Project {
    let mut project = Project::new(&pf.name);
    project.mark_saved();
    project.stamp = Some(stamp_of(file, bytes));
    project.schema = pf.schema.clone();
    project.annotators = pf.annotators.clone();
    project
}

/// The stamp of a file that holds `bytes`.
pub(crate) fn stamp_of(path: &Path, bytes: &[u8]) -> Stamp {
    use sha2::{Digest, Sha256};
    Stamp {
        len: bytes.len() as u64,
        modified: std::fs::metadata(path).and_then(|m| m.modified()).ok(),
        sha256: Sha256::digest(bytes).into(),
    }
}

/// One document of `project.ron`: its article and layers, whether the article changed, and
/// the warnings.
fn load_document(
    paths: &ProjectPaths,
    root: &Root,
    file: &Path,
    entry: &DocumentEntry,
    size_limit: u64,
) -> Result<(Document, bool, Vec<String>), StoreError> {
    load_document_with(paths, root, file, entry, size_limit, true)
}

/// [`load_document`], with the layers stamped (hashed, for saving later) or not (for
/// commands that only read).
fn load_document_with(
    paths: &ProjectPaths,
    root: &Root,
    file: &Path,
    entry: &DocumentEntry,
    size_limit: u64,
    stamps: bool,
) -> Result<(Document, bool, Vec<String>), StoreError> {
    if !is_inside(&entry.path) {
        return Err(StoreError::Invalid {
            path: file.to_owned(),
            message: format!(
                "document {:?}: its article path {:?} must be relative and stay inside the project folder",
                entry.id, entry.path
            ),
        });
    }
    let mut warnings = Vec::new();
    let article_path = paths.article(&entry.path);
    if article_path.exists() {
        inside(root, &article_path)?;
    }
    // The encoding warning was given when the article was added; not on every open.
    let article = text::read_article(&article_path, size_limit)?;
    let mut doc = Document::new(&entry.id, &entry.path, Text::new(article.text));
    let changed = doc.sha256 != entry.sha256;
    if changed {
        warnings.push(format!(
            "{}: the article changed since the project recorded it; its annotations are re-anchored",
            article_path.display()
        ));
    }
    load_layers(paths, root, &mut doc, &mut warnings, stamps)?;
    Ok((doc, changed, warnings))
}

/// The layer files of a document's folder (`*.ron`, sorted); none if it has no folder.
fn layer_files(
    paths: &ProjectPaths,
    root: &Root,
    doc_id: &str,
) -> Result<Vec<PathBuf>, StoreError> {
    let dir = paths.annotations_of(doc_id);
    if !dir.exists() {
        return Ok(Vec::new());
    }
    inside(root, &dir)?;
    let entries = std::fs::read_dir(&dir).map_err(|source| StoreError::Read {
        path: dir.clone(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// Reads one layer file: its name, the layer (re-anchored if its article changed, with a
/// warning), whether it needs saving, and its stamp.
fn read_layer_file(
    root: &Root,
    path: &Path,
    doc: &Document,
    warnings: &mut Vec<String>,
) -> Result<(String, crate::model::Layer, bool, Stamp), StoreError> {
    let (name, layer, unsaved, stamp) = read_layer(root, path, doc, warnings, true)?;
    Ok((name, layer, unsaved, stamp.expect("stamped")))
}

/// [`read_layer_file`], with a stamp or not.
fn read_layer(
    root: &Root,
    path: &Path,
    doc: &Document,
    warnings: &mut Vec<String>,
    stamp: bool,
) -> Result<(String, crate::model::Layer, bool, Option<Stamp>), StoreError> {
    inside(root, path)?;
    let bytes = files::read_bytes(path)?;
    let stamp = stamp.then(|| stamp_of(path, &bytes));
    let (name, mut layer) = files::parse_layer(path, &bytes, &doc.id)?;
    let mut unsaved = false;
    if layer.anchored_to != doc.sha256 {
        let r = reanchor::reanchor(&mut layer, &doc.text, &doc.sha256);
        warnings.push(format!(
            "{}: the article changed since this layer was saved: {} kept, {} moved, {} orphaned{}",
            path.display(),
            r.kept,
            r.moved,
            r.orphaned,
            if r.orphaned > 0 {
                " (kept in the file; `sayso validate` lists them)"
            } else {
                ""
            }
        ));
        unsaved = true;
    }
    Ok((name, layer, unsaved, stamp))
}

fn load_layers(
    paths: &ProjectPaths,
    root: &Root,
    doc: &mut Document,
    warnings: &mut Vec<String>,
    stamps: bool,
) -> Result<(), StoreError> {
    for path in layer_files(paths, root, &doc.id)? {
        let (name, layer, unsaved, stamp) = read_layer(root, &path, doc, warnings, stamps)?;
        if doc.layers.contains_key(&name) {
            return Err(StoreError::Invalid {
                path,
                message: format!("a second file for layer {name:?} of this document"),
            });
        }
        doc.layers.insert(name.clone(), layer);
        doc.set_unsaved(&name, unsaved);
        doc.set_stamp(&name, stamp);
    }
    Ok(())
}

fn warn_unknown_annotation_folders(
    paths: &ProjectPaths,
    ids: &std::collections::HashSet<&str>,
    warnings: &mut Vec<String>,
) {
    let Ok(entries) = std::fs::read_dir(paths.root.join(ANNOTATIONS_DIR)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let known = names::decode(&name).is_some_and(|id| ids.contains(id.as_str()));
        if !known && entry.path().is_dir() {
            warnings.push(format!(
                "{}: annotations of a document that is not in the project; left as they are",
                entry.path().display()
            ));
        }
    }
}

/// An article added to a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub id: String,
    pub path: PathBuf,
    /// The encoding warning, if the file was not UTF-8 or UTF-16.
    pub warning: Option<String>,
    /// Set when the same text is already in the project under this id: nothing was added.
    pub duplicate_of: Option<String>,
}

/// Adds article files to the project, as [`add_article`] would one after the other, in
/// one go: the files are read on every core, the copies into `articles/` written and
/// synced together and committed through one journal, duplicates and ids found through
/// maps. One result per file, in order; a file that fails is not added and the others
/// are. The project is marked changed; save it once with [`save_locked`].
pub fn add_articles(
    paths: &ProjectPaths,
    project: &mut Project,
    files: &[PathBuf],
    size_limit: u64,
) -> Result<Vec<Result<Added, StoreError>>, StoreError> {
    let read = crate::parallel::map_io(files, |file| {
        let article = text::read_article(file, size_limit)?;
        if article.text.is_empty() {
            return Err(empty_article(file));
        }
        let doc = Document::new("", "", Text::new(article.text));
        Ok((doc, article.warning))
    });
    let root = canonical_root(paths)?;
    let mut by_sha: std::collections::HashMap<String, String> = (project.documents.iter())
        .map(|d| (d.sha256.clone(), d.id.clone()))
        .collect();
    let mut ids: std::collections::HashSet<String> =
        project.documents.iter().map(|d| d.id.clone()).collect();
    let mut results = Vec::with_capacity(files.len());
    // The documents to add, by index into `files`, and the copies to write.
    let mut new_docs: Vec<(usize, Document)> = Vec::new();
    let mut copies: Vec<(usize, PathBuf)> = Vec::new();
    for (index, (file, read)) in files.iter().zip(read).enumerate() {
        let (mut doc, warning) = match read {
            Ok(read) => read,
            Err(e) => {
                results.push(Err(e));
                continue;
            }
        };
        if let Some(id) = by_sha.get(&doc.sha256) {
            results.push(Ok(Added {
                id: id.clone(),
                path: file.clone(),
                warning,
                duplicate_of: Some(id.clone()),
            }));
            continue;
        }
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = crate::model::unique_document_id(&stem, |id| ids.contains(id));
        doc.id = id.clone();
        doc.path = match relative_to(&root, file) {
            Some(rel) => rel,
            None => {
                let name = copy_name(&id, file);
                copies.push((index, paths.root.join(ARTICLES_DIR).join(&name)));
                format!("{ARTICLES_DIR}/{name}")
            }
        };
        ids.insert(id.clone());
        by_sha.insert(doc.sha256.clone(), id.clone());
        results.push(Ok(Added {
            id,
            path: file.clone(),
            warning,
            duplicate_of: None,
        }));
        new_docs.push((index, doc));
    }
    // The copies: staged on many threads (syncing waits on the disk), committed together.
    let staged = crate::parallel::map_io(&copies, |(index, dest)| {
        writable_inside(&root, dest)?;
        let file = &files[*index];
        let bytes = std::fs::read(file).map_err(|source| StoreError::Read {
            path: file.clone(),
            source,
        })?;
        // An identical copy is one an interrupted `add` left: taken as it is.
        if dest.exists() {
            return if atomic::holds(dest, &bytes) {
                Ok(None)
            } else {
                Err(StoreError::Exists { path: dest.clone() })
            };
        }
        let staged = atomic::stage(dest, &bytes).map_err(|source| StoreError::Write {
            path: dest.clone(),
            source,
        })?;
        Ok(Some(staged))
    });
    let mut to_commit = Vec::new();
    for ((index, _), result) in copies.iter().zip(staged) {
        match result {
            Ok(staged) => to_commit.extend(staged),
            Err(e) => results[*index] = Err(e),
        }
    }
    journal::commit(&paths.root, to_commit).map_err(|source| StoreError::Write {
        path: paths.root.join(ARTICLES_DIR),
        source,
    })?;
    for (index, doc) in new_docs {
        if results[index].is_ok() {
            project.documents.push(doc);
        }
    }
    project.mark_changed();
    Ok(results)
}

fn empty_article(file: &Path) -> StoreError {
    StoreError::Invalid {
        path: file.to_owned(),
        message:
            "the file is empty (or holds only a byte-order mark): nothing to annotate; not added"
                .into(),
    }
}

/// The name of the copy of `file` in `articles/` for document `id`.
fn copy_name(id: &str, file: &Path) -> String {
    let ext = file.extension().map(|e| e.to_string_lossy().to_lowercase());
    format!("{}.{}", names::encode(id), ext.as_deref().unwrap_or("txt"))
}

/// [`relative_inside`] with the project folder already resolved.
fn relative_to(root: &Root, file: &Path) -> Option<String> {
    let file = file.canonicalize().ok()?;
    let rel = file.strip_prefix(root.real()).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Adds an article file to the project: reads it (refusing binary and oversized files),
/// copies it into `articles/` unless it is already inside the project folder, and lists
/// it. The project is marked changed; call [`save`] to write `project.ron`.
pub fn add_article(
    paths: &ProjectPaths,
    project: &mut Project,
    file: &Path,
    size_limit: u64,
) -> Result<Added, StoreError> {
    let article = text::read_article(file, size_limit)?;
    if article.text.is_empty() {
        return Err(empty_article(file));
    }
    let sha = text::sha256_hex(&article.text);
    if let Some(doc) = project.documents.iter().find(|d| d.sha256 == sha) {
        return Ok(Added {
            id: doc.id.clone(),
            path: file.to_owned(),
            warning: article.warning,
            duplicate_of: Some(doc.id.clone()),
        });
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = project.new_document_id(&stem);
    let relative = match relative_inside(&paths.root, file) {
        Some(rel) => rel,
        None => {
            let name = copy_name(&id, file);
            let dest = paths.root.join(ARTICLES_DIR).join(&name);
            writable_inside(&canonical_root(paths)?, &dest)?;
            let bytes = std::fs::read(file).map_err(|source| StoreError::Read {
                path: file.to_owned(),
                source,
            })?;
            // An identical copy is one an interrupted `add` left: taken as it is.
            if dest.exists() && !atomic::holds(&dest, &bytes) {
                return Err(StoreError::Exists { path: dest });
            }
            write_atomic(&dest, &bytes)
                .map_err(|source| StoreError::Write { path: dest, source })?;
            format!("{ARTICLES_DIR}/{name}")
        }
    };
    project
        .documents
        .push(Document::new(&id, &relative, Text::new(article.text)));
    project.mark_changed();
    Ok(Added {
        id,
        path: file.to_owned(),
        warning: article.warning,
        duplicate_of: None,
    })
}
