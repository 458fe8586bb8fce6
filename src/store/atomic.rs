//! Atomic file writes: a crash or a failed write leaves the old file or the new one,
//! never a torn one.

use std::io::{self, Write};
use std::path::Path;

/// What [`write_atomic`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The file already held exactly these bytes; nothing was touched.
    Unchanged,
    Written,
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same folder, synced
/// to disk, then renamed over `path` (and the folder synced, so the rename survives a
/// power cut). A file that already holds `bytes` is left alone, so saving an unchanged
/// project rewrites nothing.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<Written> {
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() == bytes.len() as u64
        && std::fs::read(path).is_ok_and(|old| old == bytes)
    {
        return Ok(Written::Unchanged);
    }
    write_atomic_with(path, |out| out.write_all(bytes))?;
    Ok(Written::Written)
}

/// Like [`write_atomic`], with the content produced by `write`; if `write` fails, the
/// temporary file is removed and `path` is untouched.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".sayso-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut buffered = io::BufWriter::new(temp.as_file_mut());
        write(&mut buffered)?;
        buffered.flush()?;
    }
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    // Best effort: some file systems refuse to sync a directory.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) {}

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
}
