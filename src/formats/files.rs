//! Finding and reading the input files of a format: UTF-8 text, folder walks that never
//! loop and never leave the folder given.

use std::path::{Path, PathBuf};

use super::{At, ImportError};

/// Reads a text file that must be UTF-8 (a BOM is dropped), refusing binary files.
pub(crate) fn read_utf8(path: &Path) -> Result<String, ImportError> {
    let bytes = std::fs::read(path)
        .map_err(|e| ImportError::file(path, format!("cannot read the file: {e}")))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(ImportError::file(
            path,
            format!("this is not a text file (NUL byte at byte offset {at})"),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(At::new(path, Some(line)).err(
                None,
                format!("the file is not UTF-8 (invalid byte at byte offset {at})"),
            ))
        }
    }
}

/// The files under `dir` (recursively) whose extension is `ext`, sorted. The walk stays in
/// `dir`: a folder reached twice (a symlink to itself or to a parent, `a -> .`) is walked
/// once, and a symlink that leads out of `dir` is refused with a message.
pub(crate) fn files_with(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, ImportError> {
    let root = dir
        .canonicalize()
        .map_err(|e| ImportError::file(dir, format!("cannot read the folder: {e}")))?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    walk(dir, &root, ext, &mut seen, &mut out)?;
    out.sort();
    Ok(out)
}

fn walk(
    dir: &Path,
    root: &Path,
    ext: &str,
    seen: &mut std::collections::HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> Result<(), ImportError> {
    let real = dir
        .canonicalize()
        .map_err(|e| ImportError::file(dir, format!("cannot read the folder: {e}")))?;
    if !seen.insert(real) {
        return Ok(()); // walked already: a symlink loop
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| ImportError::file(dir, format!("cannot read the folder: {e}")))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let wanted = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case(ext));
        if !(path.is_dir() || wanted) {
            continue;
        }
        inside(&path, root)?;
        if path.is_dir() {
            walk(&path, root, ext, seen, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Refuses `path` if it resolves (through symlinks) outside the folder `root`.
pub(crate) fn inside(path: &Path, root: &Path) -> Result<(), ImportError> {
    let (Ok(real), Ok(root)) = (path.canonicalize(), root.canonicalize()) else {
        return Ok(()); // missing: said by whoever reads it
    };
    if real.starts_with(&root) {
        Ok(())
    } else {
        Err(ImportError::file(
            path,
            format!(
                "a symbolic link out of the folder {} (to {}): not followed",
                root.display(),
                real.display()
            ),
        ))
    }
}
