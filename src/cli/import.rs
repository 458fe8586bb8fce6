//! `sayso import`: predictions or another tool's annotations into a layer, all or nothing.

use std::path::Path;

use super::{outln, print_warnings};
use crate::formats::{self, Format};
use crate::store;

pub(super) fn run(
    project: &Path,
    file: &Path,
    format: Option<Format>,
    layer: &str,
    limit: u64,
) -> anyhow::Result<()> {
    if layer.trim().is_empty() {
        anyhow::bail!("--layer needs a name, e.g. model:crf");
    }
    if layer.chars().any(crate::text::is_control) {
        anyhow::bail!("--layer {layer:?}: a layer name cannot hold control characters");
    }
    let format = match format.or_else(|| Format::guess(file)) {
        Some(format) => format,
        None if !file.exists() => {
            anyhow::bail!("{}: no such file or folder", file.display())
        }
        None => anyhow::bail!(
            "{}: cannot tell the format from the name; give --format jsonl, brat or citron",
            file.display()
        ),
    };
    check_sizes(file, limit)?;
    // Held from reading the project to saving it: no other writer in between.
    let lock = store::lock_project(project)?;
    let opened = store::open_locked(&lock, limit)?;
    print_warnings(&opened.warnings);
    let mut project = opened.project;
    let predictions = formats::read(&project, file, format)?;
    let imported = formats::import(&mut project, layer, predictions);
    store::save_locked(&lock, &mut project)?;
    drop(lock);
    outln!("imported into layer {layer:?}: {imported}");
    Ok(())
}

/// Refuses a file to import (or a file in a folder to import) above `limit` bytes, like
/// articles: a 200 MB speaker name would become a 200 MB layer file.
fn check_sizes(path: &Path, limit: u64) -> anyhow::Result<()> {
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(p) = stack.pop() {
        let Ok(meta) = std::fs::metadata(&p) else {
            continue; // the reader names what is missing
        };
        if meta.is_dir() {
            // A folder reached twice (a link to itself or a parent) is walked once.
            let Ok(real) = p.canonicalize() else { continue };
            if !seen.insert(real) {
                continue;
            }
            if let Ok(entries) = std::fs::read_dir(&p) {
                stack.extend(entries.flatten().map(|e| e.path()));
            }
        } else if meta.len() > limit {
            anyhow::bail!(
                "{}: the file is {} bytes, above the limit of {limit} bytes (raise it with --max-size)",
                p.display(),
                meta.len()
            );
        }
    }
    Ok(())
}
