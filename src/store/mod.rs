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

mod atomic;
mod files;
pub mod names;

use std::path::{Path, PathBuf};

pub use atomic::{Written, write_atomic, write_atomic_with};
pub use files::{FORMAT_VERSION, StoreError};

use crate::model::{Document, DocumentEntry, Project, reanchor};
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

/// Where a project's files go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectPaths {
    pub root: PathBuf,
}

impl ProjectPaths {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ProjectPaths { root: root.into() }
    }

    /// The folder of a project given a folder or its `project.ron`.
    pub fn from_arg(path: &Path) -> Self {
        if path.file_name().is_some_and(|n| n == PROJECT_FILE) && !path.is_dir() {
            let parent = path.parent().unwrap_or(Path::new("."));
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            return ProjectPaths::new(parent);
        }
        ProjectPaths::new(path)
    }

    pub fn project_file(&self) -> PathBuf {
        self.root.join(PROJECT_FILE)
    }

    /// An article path from `project.ron` (always `/`-separated) on this system.
    pub fn article(&self, relative: &str) -> PathBuf {
        relative
            .split('/')
            .fold(self.root.clone(), |p, part| p.join(part))
    }

    pub fn annotations_of(&self, doc_id: &str) -> PathBuf {
        self.root.join(ANNOTATIONS_DIR).join(names::encode(doc_id))
    }

    pub fn layer_file(&self, doc_id: &str, layer: &str) -> PathBuf {
        self.annotations_of(doc_id)
            .join(format!("{}.ron", names::encode(layer)))
    }
}

/// Creates a new project in `dir` (created if needed) and writes its `project.ron`.
/// Refuses a folder that already holds a project.
pub fn create(dir: &Path, name: &str) -> Result<Project, StoreError> {
    let paths = ProjectPaths::new(dir);
    let file = paths.project_file();
    if file.exists() {
        return Err(StoreError::Exists { path: file });
    }
    let mut project = Project::new(name);
    save(&paths, &mut project)?;
    Ok(project)
}

/// Opens the project in folder `path` (or whose `project.ron` is `path`), reading
/// articles up to `size_limit` bytes each. Layers made against an older version of their
/// article are re-anchored (see [`reanchor`]) and marked unsaved.
pub fn open(path: &Path, size_limit: u64) -> Result<Opened, StoreError> {
    let paths = ProjectPaths::from_arg(path);
    let file = paths.project_file();
    if !file.is_file() {
        return Err(StoreError::NotAProject {
            path: paths.root.clone(),
        });
    }
    let pf = files::read_project(&file)?;
    let mut project = Project::new(&pf.name);
    project.mark_saved();
    project.schema = pf.schema;
    project.annotators = pf.annotators;
    let mut warnings = Vec::new();
    let mut ids = std::collections::HashSet::new();
    // Documents load independently (article, index, hash, layers): in parallel, then
    // checked in order, so errors and warnings come as a sequential load gives them.
    let loaded = crate::parallel::map(&pf.documents, |entry| {
        load_document(&paths, &file, entry, size_limit)
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
    warn_unknown_annotation_folders(&paths, &project, &mut warnings);
    Ok(Opened {
        project,
        root: paths.root,
        warnings,
    })
}

/// One document of `project.ron`: its article and layers, whether the article changed, and
/// the warnings.
fn load_document(
    paths: &ProjectPaths,
    file: &Path,
    entry: &DocumentEntry,
    size_limit: u64,
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
    load_layers(paths, &mut doc, &mut warnings)?;
    Ok((doc, changed, warnings))
}

fn load_layers(
    paths: &ProjectPaths,
    doc: &mut Document,
    warnings: &mut Vec<String>,
) -> Result<(), StoreError> {
    let dir = paths.annotations_of(&doc.id);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(StoreError::Read { path: dir, source }),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
        .collect();
    files.sort();
    for path in files {
        let (name, layer) = files::read_layer(&path, &doc.id)?;
        if doc.layers.contains_key(&name) {
            return Err(StoreError::Invalid {
                path,
                message: format!("a second file for layer {name:?} of this document"),
            });
        }
        let mut layer = layer;
        let mut unsaved = false;
        if layer.anchored_to != doc.sha256 {
            let r = reanchor::reanchor(&mut layer, &doc.text, &doc.sha256);
            warnings.push(format!(
                "{}: the article changed since this layer was saved: {} kept, {} moved, {} orphaned{}",
                path.display(),
                r.kept,
                r.moved,
                r.orphaned,
                if r.orphaned > 0 { " (kept in the file; `sayso validate` lists them)" } else { "" }
            ));
            unsaved = true;
        }
        doc.layers.insert(name.clone(), layer);
        doc.set_unsaved(&name, unsaved);
    }
    Ok(())
}

fn warn_unknown_annotation_folders(
    paths: &ProjectPaths,
    project: &Project,
    warnings: &mut Vec<String>,
) {
    let Ok(entries) = std::fs::read_dir(paths.root.join(ANNOTATIONS_DIR)) else {
        return;
    };
    let ids: std::collections::HashSet<&str> =
        project.documents.iter().map(|d| d.id.as_str()).collect();
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

/// What a save wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Saved {
    pub written: Vec<PathBuf>,
}

/// Saves what changed: `project.ron` if the project changed, and each unsaved layer.
/// On an error, what was not written stays marked unsaved, so a later save retries it.
pub fn save(paths: &ProjectPaths, project: &mut Project) -> Result<Saved, StoreError> {
    let mut saved = Saved::default();
    if project.is_changed() || !paths.project_file().exists() {
        let file = paths.project_file();
        if files::write_project(&file, project)? == Written::Written {
            saved.written.push(file);
        }
        project.mark_saved();
    }
    for doc in &mut project.documents {
        let unsaved: Vec<String> = doc.unsaved_layers().map(str::to_string).collect();
        for name in unsaved {
            let file = paths.layer_file(&doc.id, &name);
            let layer = &doc.layers[&name];
            if files::write_layer(&file, &doc.id, &name, layer)? == Written::Written {
                saved.written.push(file);
            }
            doc.set_unsaved(&name, false);
        }
    }
    Ok(saved)
}

/// Marks every layer and the project unsaved, so the next [`save`] serializes everything
/// (unchanged files are still not rewritten).
pub fn mark_all_unsaved(project: &mut Project) {
    project.mark_changed();
    for doc in &mut project.documents {
        let names: Vec<String> = doc.layers.keys().cloned().collect();
        for name in names {
            doc.set_unsaved(&name, true);
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
            let ext = file.extension().map(|e| e.to_string_lossy().to_lowercase());
            let name = format!("{}.{}", names::encode(&id), ext.as_deref().unwrap_or("txt"));
            let dest = paths.root.join(ARTICLES_DIR).join(&name);
            let bytes = std::fs::read(file).map_err(|source| StoreError::Read {
                path: file.to_owned(),
                source,
            })?;
            if dest.exists() {
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

/// True if a `/`-separated article path from `project.ron` stays inside the project: not
/// absolute, no `..`, no drive or backslash tricks from other systems.
fn is_inside(relative: &str) -> bool {
    !relative.is_empty()
        && !relative.starts_with('/')
        && !relative.contains(['\\', ':'])
        && relative
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// `file`'s path relative to `root` with `/` separators, if it is inside `root`.
fn relative_inside(root: &Path, file: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let file = file.canonicalize().ok()?;
    let rel = file.strip_prefix(&root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}
