//! Saving a project: what changed, all files together, never over someone else's.

use std::path::{Path, PathBuf};

use super::paths::Root;
use super::{
    Conflict, ProjectPaths, StoreError, WriteLock, atomic, canonical_root, files, journal,
    stamp_of, writable_inside,
};
use crate::model::Project;

/// What a save wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Saved {
    pub written: Vec<PathBuf>,
}

/// Saves what changed, holding the project's write lock meanwhile (waiting for another
/// writer up to [`super::lock::wait`], then failing with [`StoreError::Locked`]). See
/// [`save_locked`].
pub fn save(paths: &ProjectPaths, project: &mut Project) -> Result<Saved, StoreError> {
    let nothing = !project.is_changed() && project.documents.iter().all(|d| !d.is_unsaved());
    if nothing && paths.project_file().exists() {
        return Ok(Saved::default());
    }
    std::fs::create_dir_all(&paths.root).map_err(|source| StoreError::Write {
        path: paths.root.clone(),
        source,
    })?;
    let lock = WriteLock::acquire(&paths.root)?;
    save_locked(&lock, project)
}

/// Saves what changed in the project of `lock`: `project.ron` if the project changed, and
/// each unsaved layer, all files committed together ([`journal`]): a save interrupted at
/// any point leaves every file old or every file new.
///
/// - `project.ron` is read, merged and written: stance targets, annotators and documents
///   that another writer added since are kept (and the targets and annotators added to
///   `project`).
/// - A layer whose file changed on disk since it was read or written (its [`Stamp`](crate::model::Stamp)) is
///   not overwritten: everything else is saved, that layer stays unsaved, and the result
///   is [`StoreError::Conflict`] naming each such layer (see [`super::keep_both`] and
///   [`super::reload_layer`]).
///
/// On an error, what was not written stays marked unsaved, so a later save retries it.
pub fn save_locked(lock: &WriteLock, project: &mut Project) -> Result<Saved, StoreError> {
    let paths = ProjectPaths::new(lock.root());
    let root = canonical_root(&paths)?;
    finish_interrupted(&paths)?;
    let write_err = |path: &Path| {
        let path = path.to_owned();
        move |source| StoreError::Write { path, source }
    };
    let mut staged = Vec::new();
    let mut project_bytes = None;
    let file = paths.project_file();
    if project.is_changed() || !file.exists() {
        writable_inside(&root, &file)?;
        let bytes = merged_project_file(&file, project)?;
        if !atomic::holds(&file, &bytes) {
            staged.push(atomic::stage(&file, &bytes).map_err(write_err(&file))?);
        }
        project_bytes = Some(bytes);
    }
    let StagedLayers {
        staged: layer_files,
        layers,
        conflicts,
    } = stage_layers(&paths, &root, project)?;
    staged.extend(layer_files);
    let written: Vec<PathBuf> = staged.iter().map(|s| s.target().to_owned()).collect();
    journal::commit(&paths.root, staged).map_err(write_err(&paths.root))?;
    if let Some(bytes) = project_bytes {
        project.stamp = Some(stamp_of(&file, &bytes));
        project.mark_saved();
    }
    for (d, name, path, len, sha256) in layers {
        let doc = &mut project.documents[d];
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        let stamp = crate::model::Stamp {
            len,
            modified,
            sha256,
        };
        doc.set_stamp(&name, Some(stamp));
        doc.set_unsaved(&name, false);
    }
    if conflicts.is_empty() {
        Ok(Saved { written })
    } else {
        Err(StoreError::Conflict { conflicts })
    }
}

/// The unsaved layers of `project`, staged.
struct StagedLayers {
    staged: Vec<atomic::Staged>,
    /// Each staged or unchanged layer: document, name, file, length, hash.
    layers: Vec<(usize, String, PathBuf, u64, [u8; 32])>,
    /// Layers changed on disk since read: not staged.
    conflicts: Vec<Conflict>,
}

/// Each unsaved layer serialized, compared with its file and staged (written and synced) on
/// its own: on many threads, as syncing waits on the disk.
fn stage_layers(
    paths: &ProjectPaths,
    root: &Root,
    project: &Project,
) -> Result<StagedLayers, StoreError> {
    let write_err = |path: &Path| {
        let path = path.to_owned();
        move |source| StoreError::Write { path, source }
    };
    let jobs: Vec<(usize, &str)> = (project.documents.iter().enumerate())
        .flat_map(|(d, doc)| doc.unsaved_layers().map(move |name| (d, name)))
        .collect();
    let prepared = crate::parallel::map_io(&jobs, |&(d, name)| -> Result<Layer, StoreError> {
        let doc = &project.documents[d];
        let path = paths.layer_file(&doc.id, name);
        writable_inside(root, &path)?;
        let bytes = files::layer_bytes(&path, &doc.id, name, &doc.layers[name])?;
        let sha256 = sha256_of(&bytes);
        let staged = match std::fs::read(&path) {
            Ok(disk) if disk == bytes => None,
            Ok(disk) if doc.stamp(name).is_none_or(|s| s.sha256 != sha256_of(&disk)) => {
                return Ok(Layer::Conflict(path));
            }
            _ => Some(atomic::stage(&path, &bytes).map_err(write_err(&path))?),
        };
        Ok(Layer::Written {
            staged,
            path,
            len: bytes.len() as u64,
            sha256,
        })
    });
    let mut out = StagedLayers {
        staged: Vec::new(),
        layers: Vec::new(),
        conflicts: Vec::new(),
    };
    for (&(d, name), result) in jobs.iter().zip(prepared) {
        match result? {
            Layer::Conflict(path) => out.conflicts.push(Conflict {
                document: project.documents[d].id.clone(),
                layer: name.to_string(),
                path,
            }),
            Layer::Written {
                staged: s,
                path,
                len,
                sha256,
            } => {
                out.staged.extend(s);
                out.layers.push((d, name.to_string(), path, len, sha256));
            }
        }
    }
    Ok(out)
}

/// A save of a layer of every document, part by part (`suggest`, `import`): each part's
/// unsaved layers are staged as the part is done, so memory holds one part, and
/// [`PartSave::commit`] puts every staged file in place together, as [`save_locked`]
/// does; dropped before, it removes them. Of `project.ron`, only stance targets are added
/// ([`PartSave::add_targets`]): a part whose project changed otherwise (a re-anchored
/// article) is saved whole instead.
pub struct PartSave<'a> {
    lock: &'a WriteLock,
    paths: ProjectPaths,
    root: Root,
    staged: Vec<atomic::Staged>,
    conflicts: Vec<Conflict>,
    targets: Vec<String>,
}

impl<'a> PartSave<'a> {
    /// A save into the project of `lock`, after finishing an interrupted one.
    pub fn new(lock: &'a WriteLock) -> Result<Self, StoreError> {
        let paths = ProjectPaths::new(lock.root());
        let root = canonical_root(&paths)?;
        finish_interrupted(&paths)?;
        Ok(PartSave {
            lock,
            paths,
            root,
            staged: Vec::new(),
            conflicts: Vec::new(),
            targets: Vec::new(),
        })
    }

    /// Stance targets to add to `project.ron` with the commit, in this order (those it
    /// has already are left).
    pub fn add_targets(&mut self, targets: impl IntoIterator<Item = String>) {
        for t in targets {
            if !self.targets.contains(&t) {
                self.targets.push(t);
            }
        }
    }

    /// Stages the unsaved layers of `part` (a project of some documents). A part whose
    /// `project.ron` changed is refused: that file is not saved from a part (mark it saved
    /// once its stance targets are given to [`Self::add_targets`]).
    pub fn stage(&mut self, part: &Project) -> Result<(), StoreError> {
        if part.is_changed() {
            return Err(StoreError::Invalid {
                path: self.paths.project_file(),
                message: "a save by parts cannot change project.ron".into(),
            });
        }
        let staged = stage_layers(&self.paths, &self.root, part)?;
        self.staged.extend(staged.staged);
        self.conflicts.extend(staged.conflicts);
        Ok(())
    }

    /// Puts every staged file in place. Errors as [`save_locked`]'s: a layer changed on
    /// disk since read was not overwritten ([`StoreError::Conflict`]).
    pub fn commit(mut self) -> Result<Saved, StoreError> {
        let root = self.lock.root();
        if !self.targets.is_empty() {
            // Read again under the lock: what another writer saved before it is kept.
            let file = self.paths.project_file();
            writable_inside(&self.root, &file)?;
            let mut pf = files::read_project(&file)?;
            let added = (self.targets.iter()).fold(false, |a, t| pf.schema.add_target(t) | a);
            if added {
                let bytes = files::project_bytes(&file, &pf)?;
                let staged = atomic::stage(&file, &bytes).map_err(|source| StoreError::Write {
                    path: file.clone(),
                    source,
                })?;
                self.staged.insert(0, staged);
            }
        }
        let written: Vec<PathBuf> = self.staged.iter().map(|s| s.target().to_owned()).collect();
        journal::commit(root, self.staged).map_err(|source| StoreError::Write {
            path: root.to_owned(),
            source,
        })?;
        if self.conflicts.is_empty() {
            Ok(Saved { written })
        } else {
            Err(StoreError::Conflict {
                conflicts: self.conflicts,
            })
        }
    }
}

/// What saving one layer came to.
enum Layer {
    /// Staged, or left alone as the file holds these bytes already.
    Written {
        staged: Option<atomic::Staged>,
        path: PathBuf,
        len: u64,
        sha256: [u8; 32],
    },
    /// The file changed on disk since it was read: not overwritten.
    Conflict(PathBuf),
}

/// A save of this process that failed half-way through its renames is finished first: a
/// new journal must never replace an unfinished one.
fn finish_interrupted(paths: &ProjectPaths) -> Result<(), StoreError> {
    if paths.root.join(journal::JOURNAL).exists() {
        journal::recover(&paths.root).map_err(|source| StoreError::Write {
            path: paths.root.join(journal::JOURNAL),
            source,
        })?;
    }
    Ok(())
}

fn sha256_of(bytes: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).into()
}

/// The bytes of `project.ron` for `project`, merged with what the file holds now: stance
/// targets, annotators and documents someone else added are kept (sayso never removes
/// them), and the targets and annotators are added to `project` too.
fn merged_project_file(file: &Path, project: &mut Project) -> Result<Vec<u8>, StoreError> {
    let mut ours = files::project_file(project);
    if file.exists() {
        let theirs = files::read_project(file)?;
        for target in &theirs.schema.stance_targets {
            if !crate::model::Schema::has(&project.schema.stance_targets, &target.name) {
                project.schema.stance_targets.push(target.clone());
                ours.schema.stance_targets.push(target.clone());
            }
        }
        for a in theirs.annotators {
            if !project.annotators.contains(&a) {
                project.annotators.push(a.clone());
                ours.annotators.push(a);
            }
        }
        let known: std::collections::HashSet<String> =
            ours.documents.iter().map(|e| e.id.clone()).collect();
        for entry in theirs.documents {
            if !known.contains(&entry.id) {
                ours.documents.push(entry);
            }
        }
    }
    files::project_bytes(file, &ours)
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
