//! `sayso add`: copy article files into a project.

use std::path::{Path, PathBuf};

use super::{errln, outln, print_warnings};
use crate::store::{self, ProjectPaths};

pub(super) fn run(project: &Path, files: &[PathBuf], json: bool, limit: u64) -> anyhow::Result<()> {
    let lock = store::lock_project(project)?;
    let opened = store::open_locked(&lock, limit)?;
    print_warnings(&opened.warnings);
    let paths = ProjectPaths::new(&opened.root);
    let mut project = opened.project;
    let mut failed = Vec::new();
    let mut added_lines = Vec::new();
    let (mut added_json, mut skipped_json) = (Vec::new(), Vec::new());
    let results = store::add_articles(&paths, &mut project, files, limit)?;
    for (file, result) in files.iter().zip(results) {
        match result {
            Ok(added) => {
                if let Some(w) = &added.warning {
                    errln!("warning: {}: {w}", file.display());
                }
                match &added.duplicate_of {
                    Some(id) => {
                        errln!(
                            "skipped {}: the same text is already document {id:?}",
                            file.display()
                        );
                        skipped_json.push(serde_json::json!({"file": file, "duplicate_of": id}));
                    }
                    None => {
                        added_lines.push(format!("added {} as {:?}", file.display(), added.id));
                        added_json.push(serde_json::json!({"file": file, "id": added.id}));
                    }
                }
            }
            Err(err) => {
                errln!("error: {err}");
                failed.push(serde_json::json!({"file": file, "error": err.to_string()}));
            }
        }
    }
    store::save_locked(&lock, &mut project)?;
    drop(lock);
    if json {
        let out = serde_json::json!({
            "added": added_json,
            "skipped": skipped_json,
            "failed": failed,
        });
        outln!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        for line in added_lines {
            outln!("{line}");
        }
    }
    if !failed.is_empty() {
        anyhow::bail!(
            "{} of {} files could not be added",
            failed.len(),
            files.len()
        );
    }
    Ok(())
}
