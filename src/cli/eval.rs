//! `sayso eval`: score a prediction layer against a gold layer.

use std::path::Path;

use super::{out, outln, print_warnings};
use crate::store;

pub(super) fn run(
    project: &Path,
    gold: &str,
    pred: &str,
    json: bool,
    limit: u64,
) -> anyhow::Result<()> {
    let opened = store::open(project, limit)?;
    print_warnings(&opened.warnings);
    let has = |name: &str| {
        opened
            .project
            .documents
            .iter()
            .any(|d| d.layers.contains_key(name))
    };
    for name in [gold, pred] {
        if !has(name) {
            anyhow::bail!("{}: no document has a layer {name:?}", project.display());
        }
    }
    let evaluation = crate::metrics::evaluate_project(&opened.project, gold, pred);
    if json {
        outln!("{}", serde_json::to_string_pretty(&evaluation)?);
    } else {
        out!("{evaluation}");
    }
    // Exiting frees the project faster than its destructors would.
    std::mem::forget(opened);
    Ok(())
}
