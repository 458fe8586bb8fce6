//! The project on disk while the window has it open. Others write it too: `sayso import`,
//! a teammate's `git pull`. The session notices (a file watcher wakes the window, which
//! then calls [`Session::check_disk`]) and takes their work in; nothing is overwritten:
//! - a layer file changed on disk whose layer has no unsaved edits here is reloaded, as
//!   one undoable step;
//! - one whose layer has unsaved edits here is a conflict: both are kept, the file's
//!   version as the layer `alice (on disk)` to compare, ours as `alice`;
//! - `project.ron` changed: new targets, annotators and documents are taken in;
//! - a save that finds a layer file changed since it was read keeps both the same way.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::Session;
use crate::store::{self, Change, ProjectPaths, StoreError};
use crate::text::DEFAULT_SIZE_LIMIT;

/// Watches the project folder; `dirty` is set on any change under it, and `paths` holds
/// the files changed.
pub(super) struct Watch {
    _watcher: notify::RecommendedWatcher,
    dirty: Arc<AtomicBool>,
    paths: Arc<Mutex<HashSet<PathBuf>>>,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch").field("dirty", &self.dirty).finish()
    }
}

impl Session {
    /// Watches the project folder for changes by others; `wake` is called (on another
    /// thread) when something changed, so the window draws a frame and calls
    /// [`Session::disk_changed`]. Without a watcher (none can be made), changes are still
    /// found when the window checks.
    pub fn watch(&mut self, wake: impl Fn() + Send + 'static) {
        use notify::Watcher as _;
        let Some(root) = self.root.clone() else {
            return;
        };
        let dirty = Arc::new(AtomicBool::new(false));
        let flag = dirty.clone();
        let paths = Arc::new(Mutex::new(HashSet::new()));
        let changed = paths.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            // Reading a file is an event too (inotify's open and close): the window's own
            // check reads the project, and waking on that would redraw forever.
            let read_only = event.as_ref().is_ok_and(|e| {
                use notify::event::{AccessKind, AccessMode, EventKind};
                matches!(e.kind, EventKind::Access(k) if k != AccessKind::Close(AccessMode::Write))
            });
            let ours = event.as_ref().is_ok_and(|e| {
                e.paths.iter().all(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(".sayso"))
                })
            });
            if !ours && !read_only {
                if let (Ok(e), Ok(mut changed)) = (&event, changed.lock()) {
                    changed.extend(e.paths.iter().cloned());
                }
                flag.store(true, Ordering::Relaxed);
                wake();
            }
        });
        let Ok(mut watcher) = watcher else { return };
        if watcher
            .watch(&root, notify::RecursiveMode::Recursive)
            .is_ok()
        {
            self.watch = Some(Watch {
                _watcher: watcher,
                dirty,
                paths,
            });
        }
    }

    /// True (once) if the watcher saw a change since the last call.
    pub fn disk_changed(&self) -> bool {
        self.watch
            .as_ref()
            .is_some_and(|w| w.dirty.swap(false, Ordering::Relaxed))
    }

    /// Takes in what others changed on disk (see the module comment). Returns true if
    /// anything changed here.
    pub fn check_disk(&mut self) -> bool {
        let Some(root) = self.root.clone() else {
            return false;
        };
        let paths = ProjectPaths::new(&root);
        self.load_assignments();
        let counted = self.read_changed_documents();
        let on_disk = store::changed_on_disk(&paths, &self.project);
        if on_disk.is_empty() {
            if counted {
                self.revision += 1;
            }
            return counted;
        }
        if on_disk.project_file {
            match store::reload_project(&paths, &mut self.project, DEFAULT_SIZE_LIMIT) {
                Ok(added) if !added.is_empty() => self.info(format!(
                    "Documents added by another program: {}",
                    added.join(", ")
                )),
                Ok(_) => {}
                Err(e) => self.error(format!("project.ron changed on disk: {e}")),
            }
        }
        for c in on_disk.layers {
            match (c.change, c.unsaved) {
                // Ours is the only copy now: the next save writes it again.
                (Change::Deleted, _) => self.info(format!(
                    "{}: deleted on disk; your version is kept and will be saved again",
                    c.path.display()
                )),
                (_, false) => match store::reload_layer(&paths, &mut self.project, &c.document, &c.layer) {
                    Ok(_) => self.info(format!(
                        "{} of {} changed on disk: reloaded (Ctrl+Z brings back the version before)",
                        c.layer, c.document
                    )),
                    Err(e) => self.error(format!("{}: cannot reload: {e}", c.path.display())),
                },
                (_, true) => self.keep_both(&paths, &c.document, &c.layer),
            }
        }
        self.revision += 1;
        true
    }

    /// Reads the documents not read yet whose annotation folder the watcher saw change (a
    /// teammate's pull, `sayso import`), so the document list counts what is on disk.
    /// Returns true if it read any.
    fn read_changed_documents(&mut self) -> bool {
        let changed: Vec<PathBuf> = match self.watch.as_ref().map(|w| w.paths.lock()) {
            Some(Ok(mut p)) => p.drain().collect(),
            _ => return false,
        };
        // `annotations/<folder>/<file>`: the watcher's paths may be spelled otherwise than
        // the root (absolute, through a link), so the folder is found by its parent's name.
        let folders: HashSet<&std::ffi::OsStr> = (changed.iter())
            .filter_map(|p| {
                let parts: Vec<&std::ffi::OsStr> = p.iter().collect();
                let at = parts.iter().rposition(|c| *c == store::ANNOTATIONS_DIR)?;
                parts.get(at + 1).copied()
            })
            .collect();
        if folders.is_empty() {
            return false;
        }
        let Some(root) = self.root.clone() else {
            return false;
        };
        let paths = ProjectPaths::new(&root);
        let unread: Vec<usize> = (self.project.documents.iter().enumerate())
            .filter(|(_, d)| !d.is_read())
            .filter(|(_, d)| {
                let folder = paths.annotations_of(&d.id);
                folder.file_name().is_some_and(|f| folders.contains(f))
            })
            .map(|(i, _)| i)
            .collect();
        for &i in &unread {
            if let Err(e) = self.read(i) {
                self.error(e);
            }
        }
        !unread.is_empty()
    }

    /// Keeps both versions of a layer changed here and on disk: theirs as
    /// `layer (on disk)`, ours saved as `layer`.
    fn keep_both(&mut self, paths: &ProjectPaths, doc: &str, layer: &str) {
        match store::keep_both(paths, &mut self.project, doc, layer) {
            Ok(theirs) => self.info(format!(
                "{layer} of {doc} was changed on disk by another program while you edited it: \
                 both are kept, theirs as the layer \u{201c}{theirs}\u{201d} (Compare shows the \
                 differences), yours as {layer}"
            )),
            Err(e) => self.error(format!("{layer} of {doc}: changed here and on disk: {e}")),
        }
    }

    /// After a save refused to overwrite layer files changed on disk: keeps both of each.
    pub(super) fn resolve_conflicts(&mut self, error: &StoreError) -> bool {
        let StoreError::Conflict { conflicts } = error else {
            return false;
        };
        let Some(root) = self.root.clone() else {
            return false;
        };
        let paths = ProjectPaths::new(&root);
        for c in conflicts.clone() {
            self.keep_both(&paths, &c.document, &c.layer);
        }
        self.revision += 1;
        true
    }
}
