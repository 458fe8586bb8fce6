//! Committing several files as one: a save that writes many files (an import into 300
//! documents) leaves either all of them old or all of them new, also when it is killed.
//!
//! 1. Every file is staged: written under a temporary name beside its target and synced.
//! 2. The journal `.sayso-journal` is written (atomically) in the project folder: one line
//!    per file, `temporary<TAB>target`, relative to the folder. From here on the save has
//!    happened, whatever comes next.
//! 3. Each temporary file is renamed over its target; then the journal is removed.
//!
//! [`recover`], run when a project is opened by a writer, finishes an interrupted commit
//! (a journal is left: the renames it lists are done) and removes the temporary files of a
//! save that was interrupted before its journal existed (rolled back).

use std::io;
use std::path::{Component, Path, PathBuf};

use super::atomic::{self, Staged, TEMP_PREFIX, TEMP_SUFFIX};

/// The journal's file name in the project folder.
pub const JOURNAL: &str = ".sayso-journal";

/// Commits the staged files together (see the module comment). One file needs no journal.
pub fn commit(root: &Path, staged: Vec<Staged>) -> io::Result<()> {
    if staged.len() <= 1 {
        for s in staged {
            s.commit()?;
        }
        return Ok(());
    }
    let mut lines = String::new();
    for s in &staged {
        let (Some(temp), Some(target)) = (relative(root, s.temp()), relative(root, s.target()))
        else {
            return Err(io::Error::other(format!(
                "{}: outside the project folder {}",
                s.target().display(),
                root.display()
            )));
        };
        lines.push_str(&format!("{temp}\t{target}\n"));
    }
    let journal = root.join(JOURNAL);
    atomic::stage(&journal, lines.as_bytes())?.commit()?;
    let pairs: Vec<(PathBuf, PathBuf)> = staged.into_iter().map(Staged::into_paths).collect();
    finish(root, &pairs)
}

/// Renames every temporary file that is still there over its target, syncs the folders,
/// removes the journal.
fn finish(root: &Path, pairs: &[(PathBuf, PathBuf)]) -> io::Result<()> {
    let mut dirs = std::collections::BTreeSet::new();
    for (temp, target) in pairs {
        match std::fs::rename(temp, target) {
            Ok(()) => {}
            // Done before the interruption.
            Err(e) if e.kind() == io::ErrorKind::NotFound && !temp.exists() => {}
            Err(e) => return Err(e),
        }
        if let Some(dir) = target.parent() {
            dirs.insert(dir.to_path_buf());
        }
    }
    // On many threads: an import syncs a folder per document.
    let dirs: Vec<PathBuf> = dirs.into_iter().collect();
    crate::parallel::map_io(&dirs, |dir| atomic::sync_dir(dir));
    std::fs::remove_file(root.join(JOURNAL))?;
    atomic::sync_dir(root);
    Ok(())
}

/// What [`recover`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// An interrupted save that was finished: the number of files it held.
    pub finished: Option<usize>,
    /// Temporary files of interrupted writes, removed.
    pub removed: Vec<PathBuf>,
}

/// True if there is something for [`recover`] to do: a journal, or a temporary file.
pub fn needs_recovery(root: &Path) -> bool {
    root.join(JOURNAL).exists()
        || folders(root)
            .iter()
            .any(|dir| !temporary_files(dir).is_empty())
}

/// [`needs_recovery`] without looking into the documents' annotation folders: a journal,
/// or a temporary file in the project folder or `articles/`. For the project's index,
/// which looks into the folders that changed itself ([`has_temporary_files`]).
pub(super) fn needs_recovery_outside_documents(root: &Path) -> bool {
    root.join(JOURNAL).exists()
        || !temporary_files(root).is_empty()
        || !temporary_files(&root.join(super::ARTICLES_DIR)).is_empty()
}

/// True if `dir` holds a temporary file of an interrupted write.
pub(super) fn has_temporary_files(dir: &Path) -> bool {
    !temporary_files(dir).is_empty()
}

/// The folders where sayso writes files (not through a symbolic link).
fn folders(root: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![root.to_path_buf()];
    let articles = root.join(super::ARTICLES_DIR);
    if std::fs::symlink_metadata(&articles).is_ok_and(|m| m.is_dir()) {
        dirs.push(articles);
    }
    let annotations = root.join(super::ANNOTATIONS_DIR);
    let real = std::fs::symlink_metadata(&annotations).is_ok_and(|m| m.is_dir());
    if let Ok(entries) = std::fs::read_dir(&annotations)
        && real
    {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                dirs.push(entry.path());
            }
        }
    }
    dirs
}

/// The temporary files directly in `dir` (not following symbolic links).
fn temporary_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with(TEMP_PREFIX)
                && name.ends_with(TEMP_SUFFIX)
                && entry.file_type().is_ok_and(|t| t.is_file())
        })
        .map(|entry| entry.path())
        .collect()
}

/// Finishes an interrupted commit and removes leftover temporary files in the project's
/// folders (`.`, `articles/`, `annotations/*/`; symbolic links are not followed). Run it
/// only while holding the project's write lock: the temporary files of a save in progress
/// look the same as leftovers.
pub fn recover(root: &Path) -> io::Result<Recovered> {
    let mut done = Recovered::default();
    let journal = root.join(JOURNAL);
    match std::fs::read_to_string(&journal) {
        Ok(text) => {
            let mut pairs = Vec::new();
            for line in text.lines().filter(|l| !l.is_empty()) {
                let parsed = line
                    .split_once('\t')
                    .and_then(|(t, g)| Some((inside(root, t)?, inside(root, g)?)));
                let Some(pair) = parsed else {
                    return Err(io::Error::other(format!(
                        "{}: a broken line {line:?}; remove the file to open the project (an interrupted save is then lost)",
                        journal.display()
                    )));
                };
                pairs.push(pair);
            }
            finish(root, &pairs)?;
            done.finished = Some(pairs.len());
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    for dir in folders(root) {
        for path in temporary_files(&dir) {
            std::fs::remove_file(&path)?;
            done.removed.push(path);
        }
    }
    Ok(done)
}

/// `path` relative to `root`, `/`-separated, if it is below it.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel
        .components()
        .map(|c| match c {
            Component::Normal(p) => p.to_str(),
            _ => None,
        })
        .collect();
    Some(parts?.join("/"))
}

/// A journal's relative path under `root`, refusing anything that would leave it.
fn inside(root: &Path, relative: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for part in relative.split('/') {
        if part.is_empty() || part == "." || part == ".." || part.contains(['\\', ':']) {
            return None;
        }
        path.push(part);
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interrupted_commit_is_finished_and_leftovers_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let a = root.join("annotations/d1/gold.ron");
        let b = root.join("annotations/d2/gold.ron");
        for p in [&a, &b] {
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "old").unwrap();
        }
        // Staged and journaled, then "killed" before any rename.
        let staged = vec![
            atomic::stage(&a, b"new").unwrap(),
            atomic::stage(&b, b"new").unwrap(),
        ];
        let mut lines = String::new();
        for s in &staged {
            lines += &format!(
                "{}\t{}\n",
                relative(root, s.temp()).unwrap(),
                relative(root, s.target()).unwrap()
            );
        }
        std::fs::write(root.join(JOURNAL), lines).unwrap();
        let pairs: Vec<_> = staged.into_iter().map(Staged::into_paths).collect();
        // The first rename happened.
        std::fs::rename(&pairs[0].0, &pairs[0].1).unwrap();
        // And a stray temporary file of a save that never reached its journal.
        let stray = root.join("annotations/d1/.sayso-1-2-3.tmp");
        std::fs::write(&stray, "half").unwrap();

        let done = recover(root).unwrap();
        assert_eq!(done.finished, Some(2));
        assert_eq!(done.removed, vec![stray]);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new");
        assert!(!root.join(JOURNAL).exists());
        assert_eq!(recover(root).unwrap(), Recovered::default());
    }

    #[test]
    fn a_journal_cannot_point_outside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(JOURNAL), "../x\t../y\n").unwrap();
        let err = recover(dir.path()).unwrap_err().to_string();
        assert!(err.contains("broken line"), "{err}");
    }
}
