//! Atomic file writes: a crash or a failed write leaves the old file or the new one,
//! never a torn one.
//!
//! A file is first *staged*: written under a temporary name `.sayso-*.tmp` in its target's
//! folder and synced ([`stage`]); then *committed*: renamed over its target ([`Staged::commit`]).
//! Several staged files are committed together through the journal ([`super::journal`]).
//!
//! File modes: a file that is rewritten keeps the permissions it had; a new file gets the
//! usual `0666` minus the process's umask, like any program's (the temporary file is
//! created with that mode, so the umask applies).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The prefix and suffix of temporary files; leftovers are removed when a project opens.
pub const TEMP_PREFIX: &str = ".sayso-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// What [`write_atomic`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The file already held exactly these bytes; nothing was touched.
    Unchanged,
    Written,
}

/// A file written under a temporary name beside its target and synced, not yet in place.
/// Dropping it without [`Staged::commit`] removes the temporary file.
#[derive(Debug)]
pub struct Staged {
    temp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staged {
    pub fn temp(&self) -> &Path {
        &self.temp
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Renames the temporary file over the target (and syncs the folder, so the rename
    /// survives a power cut).
    pub fn commit(mut self) -> io::Result<()> {
        std::fs::rename(&self.temp, &self.target)?;
        self.committed = true;
        sync_dir(parent(&self.target));
        Ok(())
    }

    /// Forgets the temporary file without removing it: the journal now owns it.
    pub(super) fn into_paths(mut self) -> (PathBuf, PathBuf) {
        self.committed = true;
        (
            std::mem::take(&mut self.temp),
            std::mem::take(&mut self.target),
        )
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Creates a new, empty temporary file in `dir`: `.sayso-<pid>-<n>.tmp`, mode 0666 minus
/// the umask.
fn create_temp(dir: &Path) -> io::Result<(std::fs::File, PathBuf)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!(
            "{TEMP_PREFIX}{}-{n}-{nanos:x}{TEMP_SUFFIX}",
            std::process::id()
        );
        let path = dir.join(name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o666);
        match options.open(&path) {
            Ok(file) => return Ok((file, path)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Writes the content `write` produces to a temporary file beside `path`, synced, with
/// `path`'s permissions if it exists. If `write` fails, the temporary file is removed.
pub fn stage_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<Staged> {
    let dir = parent(path);
    std::fs::create_dir_all(dir)?;
    let (file, temp) = create_temp(dir)?;
    let staged = Staged {
        temp,
        target: path.to_owned(),
        committed: false,
    };
    {
        let mut buffered = io::BufWriter::new(&file);
        write(&mut buffered)?;
        buffered.flush()?;
    }
    if let Ok(meta) = std::fs::metadata(path) {
        file.set_permissions(meta.permissions())?;
    }
    file.sync_all()?;
    Ok(staged)
}

/// [`stage_with`] for bytes.
pub fn stage(path: &Path, bytes: &[u8]) -> io::Result<Staged> {
    stage_with(path, |out| out.write_all(bytes))
}

/// True if the file at `path` holds exactly `bytes`.
pub fn holds(path: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| meta.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same folder, synced
/// to disk, then renamed over `path`. A file that already holds `bytes` is left alone, so
/// saving an unchanged project rewrites nothing.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<Written> {
    if holds(path, bytes) {
        return Ok(Written::Unchanged);
    }
    stage(path, bytes)?.commit()?;
    Ok(Written::Written)
}

/// Like [`write_atomic`], with the content produced by `write`; if `write` fails, the
/// temporary file is removed and `path` is untouched.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    stage_with(path, write)?.commit()
}

#[cfg(unix)]
pub(super) fn sync_dir(dir: &Path) {
    // Best effort: some file systems refuse to sync a directory.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
pub(super) fn sync_dir(_: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that fails after `budget` bytes, like a full disk.
    fn failing_after(budget: usize) -> impl FnOnce(&mut dyn Write) -> io::Result<()> {
        move |out| {
            out.write_all(&vec![b'x'; budget])?;
            out.flush()?;
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device",
            ))
        }
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.ron");
        std::fs::write(&path, "old content").unwrap();
        let err = write_atomic_with(&path, failing_after(100_000)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old content");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("gold.ron")]);
    }

    #[test]
    fn an_identical_file_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        assert_eq!(write_atomic(&path, b"one").unwrap(), Written::Written);
        assert_eq!(write_atomic(&path, b"one").unwrap(), Written::Unchanged);
        assert_eq!(write_atomic(&path, b"two").unwrap(), Written::Written);
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
    }

    #[cfg(unix)]
    #[test]
    fn rewritten_files_keep_their_mode_and_new_ones_follow_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared.ron");
        std::fs::write(&shared, "old").unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o664)).unwrap();
        write_atomic(&shared, b"new").unwrap();
        let mode = std::fs::metadata(&shared).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o664);

        // A new file: what the umask lets through of 0666, as `File::create` gives.
        let reference = dir.path().join("reference");
        std::fs::File::create(&reference).unwrap();
        let expected = std::fs::metadata(&reference).unwrap().permissions().mode() & 0o777;
        let new = dir.path().join("new.ron");
        write_atomic(&new, b"x").unwrap();
        let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, expected);
    }
}
