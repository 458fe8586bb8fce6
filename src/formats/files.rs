//! Finding and reading the input files of a format: UTF-8 text, folder walks that never
//! loop and never leave the folder given.

use std::path::{Path, PathBuf};

use super::{At, ImportError};

/// Reads a text file that must be UTF-8 (a BOM is dropped), refusing binary files. The
/// bytes read become the text, not a copy: an import's file can be hundreds of megabytes.
pub(crate) fn read_utf8(path: &Path) -> Result<String, ImportError> {
    let mut bytes = std::fs::read(path)
        .map_err(|e| ImportError::file(path, format!("cannot read the file: {e}")))?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // `contains` finds a byte with memchr, far faster than a loop.
    if bytes.contains(&0) {
        let at = bytes.iter().position(|&b| b == 0).unwrap_or_default();
        return Err(ImportError::file(
            path,
            format!("this is not a text file (NUL byte at byte offset {at})"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        At::new(path, Some(line)).err(
            None,
            format!("the file is not UTF-8 (invalid byte at byte offset {at})"),
        )
    })
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
