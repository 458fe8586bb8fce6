//! `sayso agree`: agreement between annotators' layers.

use std::path::Path;

use super::{out, outln, print_warnings};
use crate::store;

pub(super) fn run(project: &Path, layers: &[String], json: bool, limit: u64) -> anyhow::Result<()> {
    let layers: Vec<String> = layers.iter().map(|l| l.trim().to_string()).collect();
    if layers.len() < 2 || layers.iter().any(String::is_empty) {
        anyhow::bail!("--layers needs two layer names or more, e.g. --layers alice,bob");
    }
    let opened = store::open(project, limit)?;
    print_warnings(&opened.warnings);
    let documents = &opened.project.documents;
    for name in &layers {
        if !documents.iter().any(|d| d.layers.contains_key(name)) {
            anyhow::bail!("{}: no document has a layer {name:?}", project.display());
        }
    }
    let agreement = crate::agreement::agree_project(&opened.project, &layers);
    if json {
        outln!("{}", serde_json::to_string_pretty(&agreement)?);
    } else {
        out!("{agreement}");
    }
    Ok(())
}
