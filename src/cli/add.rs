//! `sayso add`: copy article files into a project.

use std::path::{Path, PathBuf};

use super::{errln, outln, print_warnings};
use crate::store::{self, ProjectPaths};

pub(super) fn run(project: &Path, files: &[PathBuf], limit: u64) -> anyhow::Result<()> {
    let lock = store::lock_project(project)?;
    let opened = store::open_locked(&lock, limit)?;
    print_warnings(&opened.warnings);
    let paths = ProjectPaths::new(&opened.root);
    let mut project = opened.project;
    let mut failed = 0;
    let mut added_lines = Vec::new();
    for file in files {
        match store::add_article(&paths, &mut project, file, limit) {
            Ok(added) => {
                if let Some(w) = &added.warning {
                    errln!("warning: {}: {w}", file.display());
                }
                match &added.duplicate_of {
                    Some(id) => errln!(
                        "skipped {}: the same text is already document {id:?}",
                        file.display()
                    ),
                    None => added_lines.push(format!("added {} as {:?}", file.display(), added.id)),
                }
            }
            Err(err) => {
                errln!("error: {err}");
                failed += 1;
            }
        }
    }
    store::save_locked(&lock, &mut project)?;
    drop(lock);
    for line in added_lines {
        outln!("{line}");
    }
    if failed > 0 {
        anyhow::bail!("{failed} of {} files could not be added", files.len());
    }
    Ok(())
}
