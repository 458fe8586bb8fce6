//! `sayso agree`: agreement between annotators' layers.

use std::path::Path;

use super::{out, outln, print_warnings};
use crate::store;

pub(super) fn run(project: &Path, layers: &[String], json: bool, limit: u64) -> anyhow::Result<()> {
    let layers: Vec<String> = layers.iter().map(|l| l.trim().to_string()).collect();
    if layers.len() < 2 || layers.iter().any(String::is_empty) {
        anyhow::bail!("--layers needs two layer names or more, e.g. --layers alice,bob");
    }
    // Part by part through the index: only these layers are read.
    let indexed = store::open_indexed(project, limit)?;
    let parts = indexed.parts();
    print_warnings(&parts.warnings);
    let mut agreeing = crate::agreement::Agreeing::new(&layers);
    let mut found = vec![false; layers.len()];
    for range in parts.ranges(store::PART) {
        let part = indexed.part(range, &layers, true)?;
        print_warnings(&part.warnings);
        for (name, found) in layers.iter().zip(&mut found) {
            *found |= part
                .project
                .documents
                .iter()
                .any(|d| d.layers.contains_key(name));
        }
        agreeing.add(&part.project);
    }
    for (name, found) in layers.iter().zip(found) {
        if !found {
            anyhow::bail!("{}: no document has a layer {name:?}", project.display());
        }
    }
    let agreement = agreeing.finish();
    if json {
        outln!("{}", serde_json::to_string_pretty(&agreement)?);
    } else {
        out!("{agreement}");
    }
    Ok(())
}
