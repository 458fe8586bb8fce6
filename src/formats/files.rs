//! Finding and reading the input files of a format: UTF-8 text, folder walks that never
//! loop and never leave the folder given.

use std::path::{Path, PathBuf};

use super::{At, ImportError};

/// Reads a text file that must be UTF-8 (a BOM is dropped), refusing binary files. The
/// bytes read become the text, not a copy: an import's file can be hundreds of megabytes.
pub(crate) fn read_utf8(path: &Path) -> Result<String, ImportError> {
    let mut bytes = std::fs::read(path).map_err(|e| cannot_read(path, e))?;
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    // `contains` finds a byte with memchr, far faster than a loop.
    if bytes.contains(&0) {
        let at = bytes.iter().position(|&b| b == 0).unwrap_or_default();
        return Err(nul_at(path, at));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        not_utf8_at(path, line, at)
    })
}

pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) fn cannot_read(path: &Path, e: std::io::Error) -> ImportError {
    ImportError::file(path, format!("cannot read the file: {e}"))
}

fn nul_at(path: &Path, at: usize) -> ImportError {
    ImportError::file(
        path,
        format!("this is not a text file (NUL byte at byte offset {at})"),
    )
}

fn not_utf8_at(path: &Path, line: usize, at: usize) -> ImportError {
    At::new(path, Some(line)).err(
        None,
        format!("the file is not UTF-8 (invalid byte at byte offset {at})"),
    )
}

/// A text file read as [`read_utf8`] reads it (the same errors), a few megabytes of lines
/// at a time: `each` gets each chunk's lines, numbered from 1, those of `str::lines`.
/// Memory holds a chunk, not the file.
pub(crate) fn for_line_chunks(
    path: &Path,
    mut each: impl FnMut(Vec<(usize, String)>) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    use std::io::{BufRead, Read};
    // A first pass, as `read_utf8` refuses a file with a NUL byte anywhere before it looks
    // at its UTF-8.
    check_utf8(path)?;
    let file = std::fs::File::open(path).map_err(|e| cannot_read(path, e))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut start = [0; 3];
    let bom = reader
        .fill_buf()
        .map_err(|e| cannot_read(path, e))?
        .starts_with(BOM);
    if bom {
        reader
            .read_exact(&mut start)
            .map_err(|e| cannot_read(path, e))?;
    }
    const CHUNK: usize = 8 << 20;
    let mut n = 0;
    loop {
        let (mut chunk, mut size) = (Vec::new(), 0);
        while size < CHUNK {
            let mut line = String::new();
            if reader
                .read_line(&mut line)
                .map_err(|e| cannot_read(path, e))?
                == 0
            {
                break;
            }
            n += 1;
            if line.ends_with('\n') {
                line.pop();
                if line.ends_with('\r') {
                    line.pop();
                }
            }
            size += line.len();
            chunk.push((n, line));
        }
        if chunk.is_empty() {
            return Ok(());
        }
        each(chunk)?;
    }
}

/// Refuses what [`read_utf8`] refuses, reading the file in blocks.
fn check_utf8(path: &Path) -> Result<(), ImportError> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| cannot_read(path, e))?;
    let mut block = vec![0; 1 << 20];
    // Bytes of a character cut by the end of the previous block.
    let mut carry: Vec<u8> = Vec::new();
    // Offsets count from after the BOM, as `read_utf8`'s do.
    let (mut base, mut lines, mut first) = (0, 1, true);
    let mut invalid: Option<(usize, usize)> = None;
    loop {
        let got = file.read(&mut block).map_err(|e| cannot_read(path, e))?;
        if got == 0 {
            break;
        }
        let mut bytes = std::mem::take(&mut carry);
        bytes.extend_from_slice(&block[..got]);
        if first && bytes.len() < BOM.len() && BOM.starts_with(&bytes) {
            carry = bytes;
            continue;
        }
        let mut bytes = &bytes[..];
        if std::mem::take(&mut first) && bytes.starts_with(BOM) {
            bytes = &bytes[BOM.len()..];
        }
        if bytes.contains(&0) {
            let at = bytes.iter().position(|&b| b == 0).unwrap_or_default();
            return Err(nul_at(path, base + at));
        }
        if invalid.is_none() {
            match std::str::from_utf8(bytes) {
                Ok(_) => {}
                Err(e) if e.error_len().is_none() => {
                    carry = bytes[e.valid_up_to()..].to_vec();
                    bytes = &bytes[..e.valid_up_to()];
                }
                Err(e) => {
                    let at = e.valid_up_to();
                    let before = bytes[..at].iter().filter(|&&b| b == b'\n').count();
                    invalid = Some((lines + before, base + at));
                }
            }
            lines += bytes.iter().filter(|&&b| b == b'\n').count();
        }
        base += bytes.len();
    }
    if !carry.is_empty() {
        // The file ends inside a character (or is the start of a BOM only).
        invalid = invalid.or(Some((lines, base)));
    }
    match invalid {
        Some((line, at)) => Err(not_utf8_at(path, line, at)),
        None => Ok(()),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading in blocks refuses what reading the whole file refuses, with the same
    /// message, also where a character or a BOM is cut by a block's end; and the lines of
    /// the chunks are those of `str::lines`.
    #[test]
    fn reading_in_blocks_and_chunks_is_reading_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let block = 1 << 20;
        let mut straddle = b"\xEF\xBB\xBF".to_vec();
        straddle.extend(std::iter::repeat_n(b'a', block - 1));
        straddle.extend("é€\r\nlast\n\n{x}\r".as_bytes());
        let mut invalid_late = straddle.clone();
        invalid_late.extend(b"\n\xFFok\n");
        let mut nul_after_invalid = invalid_late.clone();
        nul_after_invalid.extend(b"\0");
        let mut cut = b"line\n".repeat(block / 5 + 1);
        cut.extend(&"€".as_bytes()[..2]);
        let cases: Vec<Vec<u8>> = vec![
            straddle,
            invalid_late,
            nul_after_invalid,
            cut,
            b"\xEF\xBB".to_vec(),
            b"\xEF\xBB\xBF".to_vec(),
            b"one\ntwo\r\n\nthree".to_vec(),
            Vec::new(),
        ];
        for (i, bytes) in cases.iter().enumerate() {
            let path = dir.path().join(format!("{i}.jsonl"));
            std::fs::write(&path, bytes).unwrap();
            let whole = read_utf8(&path);
            let mut lines = Vec::new();
            let chunked = for_line_chunks(&path, |chunk| {
                lines.extend(chunk);
                Ok(())
            });
            match (whole, chunked) {
                (Ok(text), Ok(())) => {
                    let expected: Vec<(usize, String)> = (text.lines().enumerate())
                        .map(|(i, l)| (i + 1, l.to_string()))
                        .collect();
                    assert_eq!(lines, expected, "case {i}");
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "case {i}"),
                (a, b) => panic!("case {i}: {a:?} against {b:?}"),
            }
        }
    }
}
