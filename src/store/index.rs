//! The project's index: per document and layer, what the document list, `sayso stats` and
//! the team's progress need (status and counts), with the size and modification time of
//! the file each came from, so a project is summed up without parsing every layer.
//!
//! It is a derived cache in `.sayso-cache/index.json` (a folder git ignores: the folder
//! holds its own `.gitignore`, and the project's `.gitignore` gets the line too). An entry
//! is used only while its file has the size and modification time it had when it was
//! read, and was not modified within [`RACY`] of being indexed (a file changed twice in
//! one tick of the clock would look the same); any other entry is rebuilt from its file,
//! and the index written again. A document folder whose modification time changed is
//! listed again (a layer file added, removed or renamed by a save). Deleting the cache
//! loses nothing: the next command rebuilds it. A project folder that cannot be written
//! is indexed in memory only.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::paths::{Root, canonical_root, inside, is_inside};
use super::{ProjectPaths, StoreError, atomic, files, journal, layer_files, load_document};
use crate::model::{DocumentEntry, DocumentSummary, LayerSummary, Schema};
use crate::text::{self, Text};

/// The cache folder inside a project folder.
pub const CACHE_DIR: &str = ".sayso-cache";
/// The index's file name in [`CACHE_DIR`].
pub const INDEX_FILE: &str = "index.json";
/// The line of `.gitignore` that keeps the cache out of git.
pub const GITIGNORE_LINE: &str = ".sayso-cache/";
/// Changes this close to indexing are not trusted to show in the modification time.
pub const RACY: Duration = Duration::from_secs(2);
/// The index file's own format; an index of another version is rebuilt.
const VERSION: u32 = 1;

/// A project summed up from its index.
#[derive(Debug)]
pub struct Indexed {
    pub name: String,
    pub schema: Schema,
    pub annotators: Vec<String>,
    /// In the order of `project.ron`.
    pub documents: Vec<IndexedDocument>,
    /// The project folder.
    pub root: PathBuf,
    /// What opening the project would say (interrupted saves, changed articles and the
    /// re-anchoring of their layers, unknown annotation folders).
    pub warnings: Vec<String>,
    /// How many documents had a file read (an article or a layer) instead of taken from
    /// the index.
    pub rebuilt: usize,
}

/// One document of an [`Indexed`] project.
#[derive(Debug, Clone)]
pub struct IndexedDocument {
    pub entry: DocumentEntry,
    pub summary: DocumentSummary,
    /// The article changed since `project.ron` recorded it, or a layer was saved against
    /// another version of it: opening the document re-anchors its layers.
    pub changed: bool,
}

/// A file's size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    len: u64,
    secs: u64,
    nanos: u32,
}

impl Key {
    fn of(meta: &std::fs::Metadata) -> Option<Key> {
        let since = meta
            .modified()
            .ok()?
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?;
        Some(Key {
            len: meta.len(),
            secs: since.as_secs(),
            nanos: since.subsec_nanos(),
        })
    }

    fn modified(&self) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::new(self.secs, self.nanos)
    }
}

/// The key of a file whose time could not be read: never trusted.
const UNKNOWN: Key = Key {
    len: u64::MAX,
    secs: u64::MAX / 2,
    nanos: 0,
};

#[derive(Debug, Serialize, Deserialize)]
struct IndexFile {
    version: u32,
    /// Entries with a file modified after this are not trusted.
    trusted_before_secs: u64,
    documents: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Entry {
    id: String,
    path: String,
    article: Key,
    /// SHA-256 of the normalized text.
    sha256: String,
    lines: usize,
    /// The annotations folder; none if it does not exist.
    dir: Option<Key>,
    layers: Vec<LayerEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct LayerEntry {
    /// The file name in the document's annotations folder.
    file: String,
    key: Key,
    name: String,
    anchored_to: String,
    summary: LayerSummary,
}

/// Sums up the project at `path` (a folder or its `project.ron`) from its index, reading
/// only the files that changed since they were indexed, and writes the index back if
/// anything was read. Errors are those of [`super::open`]: a file that does not parse is
/// named with the line and column.
pub fn index(path: &Path, size_limit: u64) -> Result<Indexed, StoreError> {
    index_and_save(path, size_limit, true)
}

/// [`index`], writing the index back (`save`) or not: a command that may refuse its work
/// (an import) leaves the project folder as it found it.
pub(super) fn index_and_save(
    path: &Path,
    size_limit: u64,
    save: bool,
) -> Result<Indexed, StoreError> {
    let paths = ProjectPaths::from_arg(path);
    super::require_project(&paths)?;
    let mut warnings = Vec::new();
    // An interrupted save is finished or rolled back first, as opening does. Document
    // folders are looked into only where they changed since indexed (a folder listed with
    // a temporary file in it is never trusted), so this costs no folder listing when
    // nothing changed.
    if journal::needs_recovery_outside_documents(&paths.root) {
        super::recover_if_needed(&paths, &mut warnings)?;
    }
    match index_recovered(&paths, size_limit, &mut warnings, false, save)? {
        Some(indexed) => Ok(indexed),
        None => {
            super::recover_if_needed(&paths, &mut warnings)?;
            let indexed = index_recovered(&paths, size_limit, &mut warnings, true, save)?;
            Ok(indexed.expect("indexed without stopping for temporary files"))
        }
    }
}

/// [`index`] once no save needs recovering outside the document folders; `None` if a
/// document folder holds a temporary file (unless `anyway`).
fn index_recovered(
    paths: &ProjectPaths,
    size_limit: u64,
    warnings: &mut Vec<String>,
    anyway: bool,
    save: bool,
) -> Result<Option<Indexed>, StoreError> {
    let paths = paths.clone();
    let mut warnings = std::mem::take(warnings);
    let file = paths.project_file();
    let root = canonical_root(&paths)?;
    inside(&root, &file)?;
    let pf = files::read_project(&file)?;
    let cached = read_cache(&paths.root);
    let trusted_before = cached
        .as_ref()
        .map_or(SystemTime::UNIX_EPOCH, |c| {
            SystemTime::UNIX_EPOCH + Duration::from_secs(c.trusted_before_secs)
        })
        .checked_sub(RACY)
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let now = SystemTime::now();
    let by_id: HashMap<&str, &Entry> = cached
        .iter()
        .flat_map(|c| &c.documents)
        .map(|e| (e.id.as_str(), e))
        .collect();
    let refreshed = crate::parallel::map(&pf.documents, |entry| {
        let old = by_id.get(entry.id.as_str()).copied();
        refresh(&paths, &root, &file, entry, old, trusted_before, size_limit)
    });
    let temporary = |r: &Result<Refreshed, StoreError>| r.as_ref().is_ok_and(|r| r.temporary);
    if !anyway && refreshed.iter().any(temporary) {
        return Ok(None);
    }
    let mut documents = Vec::with_capacity(pf.documents.len());
    let mut entries = Vec::with_capacity(pf.documents.len());
    let mut ids = std::collections::HashSet::new();
    let mut rebuilt = 0;
    let mut dirty = false;
    for (entry, result) in pf.documents.iter().zip(refreshed) {
        let refreshed = result?;
        if !ids.insert(entry.id.clone()) {
            return Err(StoreError::Invalid {
                path: file.clone(),
                message: format!("two documents have the id {:?}", entry.id),
            });
        }
        rebuilt += usize::from(refreshed.rebuilt);
        dirty |= by_id.get(entry.id.as_str()) != Some(&&refreshed.entry);
        warnings.extend(refreshed.warnings);
        documents.push(IndexedDocument {
            entry: entry.clone(),
            summary: refreshed.summary,
            changed: refreshed.changed,
        });
        entries.push(refreshed.entry);
    }
    let ids: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    super::warn_unknown_annotation_folders(&paths, &ids, &mut warnings);
    let same_documents = cached.as_ref().is_some_and(|c| {
        c.documents.len() == entries.len()
            && c.documents.iter().zip(&entries).all(|(a, b)| a.id == b.id)
    });
    if save && (dirty || !same_documents) {
        let out = IndexFile {
            version: VERSION,
            trusted_before_secs: now
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            documents: entries,
        };
        // A cache: a folder that cannot be written is indexed again next time.
        let _ = write_cache(&paths.root, &out);
    }
    Ok(Some(Indexed {
        name: pf.name,
        schema: pf.schema,
        annotators: pf.annotators,
        documents,
        root: paths.root.clone(),
        warnings,
        rebuilt,
    }))
}

/// The index file, if there is one this version reads.
fn read_cache(root: &Path) -> Option<IndexFile> {
    let bytes = std::fs::read(root.join(CACHE_DIR).join(INDEX_FILE)).ok()?;
    let index: IndexFile = serde_json::from_slice(&bytes).ok()?;
    (index.version == VERSION).then_some(index)
}

/// Writes the index, the cache folder's `.gitignore`, and the line of the project's
/// `.gitignore`.
fn write_cache(root: &Path, index: &IndexFile) -> std::io::Result<()> {
    let dir = root.join(CACHE_DIR);
    std::fs::create_dir_all(&dir)?;
    let own = dir.join(".gitignore");
    if !own.exists() {
        atomic::write_atomic(&own, b"# sayso's derived cache: never shared\n*\n")?;
    }
    ignore_cache(root)?;
    let bytes = serde_json::to_vec(index).map_err(std::io::Error::other)?;
    atomic::write_atomic(&dir.join(INDEX_FILE), &bytes)?;
    Ok(())
}

/// Adds [`GITIGNORE_LINE`] to the project's `.gitignore` if it has one without it.
fn ignore_cache(root: &Path) -> std::io::Result<()> {
    let path = root.join(".gitignore");
    let Ok(old) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    if old.lines().any(|l| l.trim() == GITIGNORE_LINE) {
        return Ok(());
    }
    let mut new = old;
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str("# sayso: its derived cache (the project's index)\n");
    new.push_str(GITIGNORE_LINE);
    new.push('\n');
    atomic::write_atomic(&path, new.as_bytes()).map(|_| ())
}

/// A document brought up to date.
struct Refreshed {
    entry: Entry,
    summary: DocumentSummary,
    changed: bool,
    rebuilt: bool,
    warnings: Vec<String>,
    /// The document's folder, listed, held a temporary file of an interrupted write.
    temporary: bool,
}

fn trusted(key: &Key, trusted_before: SystemTime) -> bool {
    key.modified() < trusted_before
}

/// Document `entry` from its index entry `old`, reading what changed since.
fn refresh(
    paths: &ProjectPaths,
    root: &Root,
    file: &Path,
    entry: &DocumentEntry,
    old: Option<&Entry>,
    trusted_before: SystemTime,
    size_limit: u64,
) -> Result<Refreshed, StoreError> {
    if !is_inside(&entry.path) {
        return Err(StoreError::Invalid {
            path: file.to_owned(),
            message: format!(
                "document {:?}: its article path {:?} must be relative and stay inside the project folder",
                entry.id, entry.path
            ),
        });
    }
    let old = old.filter(|o| o.path == entry.path);
    let article_path = paths.article(&entry.path);
    let article_key = std::fs::metadata(&article_path)
        .ok()
        .and_then(|m| Key::of(&m));
    let mut rebuilt = false;
    let (sha256, lines, article) = match (old, article_key) {
        (Some(o), Some(key))
            if o.article == key && trusted(&key, trusted_before) && key.len <= size_limit =>
        {
            (o.sha256.clone(), o.lines, key)
        }
        _ => {
            rebuilt = true;
            if article_path.exists() {
                inside(root, &article_path)?;
            }
            let read = text::read_article(&article_path, size_limit)?;
            let text = Text::new(read.text);
            // The time before reading: a change while reading shows next time.
            let key = article_key.unwrap_or(UNKNOWN);
            (text::sha256_hex(text.as_str()), text.line_count(), key)
        }
    };
    let dir_path = paths.annotations_of(&entry.id);
    let dir = std::fs::metadata(&dir_path).ok().and_then(|m| Key::of(&m));
    let mut temporary = false;
    let names: Vec<String> = match (old, dir) {
        (_, None) => Vec::new(),
        (Some(o), Some(key)) if o.dir == Some(key) && trusted(&key, trusted_before) => {
            o.layers.iter().map(|l| l.file.clone()).collect()
        }
        _ => {
            temporary = journal::has_temporary_files(&dir_path);
            (layer_files(paths, root, &entry.id)?.iter())
                .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
                .collect()
        }
    };
    let mut layers = Vec::with_capacity(names.len());
    for name in names {
        let path = dir_path.join(&name);
        let key = std::fs::metadata(&path).ok().and_then(|m| Key::of(&m));
        let cached = old.and_then(|o| o.layers.iter().find(|l| l.file == name));
        let layer = match (cached, key) {
            (Some(c), Some(key)) if c.key == key && trusted(&key, trusted_before) => c.clone(),
            _ => {
                rebuilt = true;
                inside(root, &path)?;
                let bytes = files::read_bytes(&path)?;
                let key = key.unwrap_or(UNKNOWN);
                let (layer_name, layer) = files::parse_layer(&path, &bytes, &entry.id)?;
                LayerEntry {
                    file: name,
                    key,
                    name: layer_name,
                    anchored_to: layer.anchored_to.clone(),
                    summary: LayerSummary::of(&layer),
                }
            }
        };
        if layers.iter().any(|l: &LayerEntry| l.name == layer.name) {
            return Err(StoreError::Invalid {
                path,
                message: format!("a second file for layer {:?} of this document", layer.name),
            });
        }
        layers.push(layer);
    }
    let changed = sha256 != entry.sha256 || layers.iter().any(|l| l.anchored_to != sha256);
    let mut summary = DocumentSummary {
        id: entry.id.clone(),
        lines,
        layers: (layers.iter())
            .map(|l| (l.name.clone(), l.summary.clone()))
            .collect(),
    };
    let mut warnings = Vec::new();
    if changed {
        // What opening says of a changed article, from the document as opening loads it.
        let (doc, _, said) = load_document(paths, root, file, entry, size_limit)?;
        summary = DocumentSummary::of(&doc);
        warnings = said;
    }
    Ok(Refreshed {
        entry: Entry {
            id: entry.id.clone(),
            path: entry.path.clone(),
            article,
            sha256,
            lines,
            // A folder with a temporary file is listed again next time.
            dir: if temporary { Some(UNKNOWN) } else { dir },
            layers,
        },
        temporary,
        summary,
        changed,
        rebuilt,
        warnings,
    })
}
