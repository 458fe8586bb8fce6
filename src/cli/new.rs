//! `sayso new`: create an empty project.

use std::path::Path;

use super::outln;
use crate::store;

pub(super) fn run(dir: &Path, name: Option<String>, json: bool) -> anyhow::Result<()> {
    let name = match name {
        Some(name) => name,
        None => {
            // The folder's real name, also for `.` or `sub/..`.
            std::fs::create_dir_all(dir)
                .map_err(|e| anyhow::anyhow!("{}: cannot create: {e}", dir.display()))?;
            let real = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
            real.file_name().map_or_else(
                || "project".to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        }
    };
    store::create(dir, &name)?;
    if json {
        let out = serde_json::json!({"name": name, "dir": dir});
        outln!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    outln!("created project {name:?} in {}", dir.display());
    outln!("next: sayso add {} ARTICLES...", dir.display());
    Ok(())
}
