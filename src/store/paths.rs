//! Where a project's files are, and keeping every path read or written inside the
//! project folder: a symbolic link that leads out is refused ([`StoreError::Outside`]).

use std::path::{Path, PathBuf};

use super::{ANNOTATIONS_DIR, PROJECT_FILE, StoreError, names};

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

/// The project folder as given and resolved: what paths read and written must stay in.
#[derive(Debug)]
pub(crate) struct Root {
    given: PathBuf,
    real: PathBuf,
}

impl Root {
    /// The project folder, resolved.
    pub(crate) fn real(&self) -> &Path {
        &self.real
    }
}

/// The project folder, resolved (symbolic links followed).
pub(super) fn canonical_root(paths: &ProjectPaths) -> Result<Root, StoreError> {
    let real = paths
        .root
        .canonicalize()
        .map_err(|source| StoreError::Read {
            path: paths.root.clone(),
            source,
        })?;
    Ok(Root {
        given: paths.root.clone(),
        real,
    })
}

/// True if some part of `path` below the project folder is a symbolic link (cheap: one
/// `lstat` per part, instead of resolving every file).
fn has_link(root: &Root, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(&root.given) else {
        return true;
    };
    let mut at = root.given.clone();
    rel.components().any(|c| {
        at.push(c);
        std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink())
    })
}

/// Refuses `path` (which exists) if, resolved, it is outside the project folder: a
/// symbolic link that leaves the project.
pub(super) fn inside(root: &Root, path: &Path) -> Result<(), StoreError> {
    if !has_link(root, path) {
        return Ok(());
    }
    let resolved = path.canonicalize().map_err(|source| StoreError::Read {
        path: path.to_owned(),
        source,
    })?;
    if resolved.starts_with(&root.real) {
        Ok(())
    } else {
        Err(StoreError::Outside {
            path: path.to_owned(),
            resolved,
        })
    }
}

/// Refuses to write `path` if the folder it would go into (its nearest existing
/// ancestor), resolved, is outside the project folder; or if `path` is itself a symbolic
/// link leading out.
pub(super) fn writable_inside(root: &Root, path: &Path) -> Result<(), StoreError> {
    if !has_link(root, path) {
        return Ok(());
    }
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        let resolved = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        if !resolved.starts_with(&root.real) {
            return Err(StoreError::Outside {
                path: path.to_owned(),
                resolved,
            });
        }
    }
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d.exists() {
            return inside(root, d);
        }
        dir = d.parent();
    }
    Ok(())
}

/// True if a `/`-separated article path from `project.ron` stays inside the project: not
/// absolute, no `..`, no drive or backslash tricks from other systems.
pub(super) fn is_inside(relative: &str) -> bool {
    !relative.is_empty()
        && !relative.starts_with('/')
        && !relative.contains(['\\', ':'])
        && relative
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// `file`'s path relative to `root` with `/` separators, if it is inside `root`.
pub(super) fn relative_inside(root: &Path, file: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let file = file.canonicalize().ok()?;
    let rel = file.strip_prefix(&root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}
