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
    // Part by part: memory holds the documents in flight, not the project. Through the
    // index: only the two layers are read, and no article that is as indexed.
    let indexed = store::open_indexed(project, limit)?;
    let parts = indexed.parts();
    print_warnings(&parts.warnings);
    let layers = [gold.to_string(), pred.to_string()];
    let (mut has_gold, mut has_pred) = (false, false);
    let mut evaluation: Option<crate::metrics::Evaluation> = None;
    for range in parts.ranges(store::PART) {
        let part = indexed.part(range, &layers, false)?;
        print_warnings(&part.warnings);
        let docs = &part.project.documents;
        has_gold |= docs.iter().any(|d| d.layers.contains_key(gold));
        has_pred |= docs.iter().any(|d| d.layers.contains_key(pred));
        let more = crate::metrics::evaluate_project(&part.project, gold, pred);
        match &mut evaluation {
            Some(e) => e.merge(more),
            None => evaluation = Some(more),
        }
    }
    for (name, has) in [(gold, has_gold), (pred, has_pred)] {
        if !has {
            anyhow::bail!("{}: no document has a layer {name:?}", project.display());
        }
    }
    let evaluation = evaluation.expect("a project with a layer has a document");
    if json {
        outln!("{}", serde_json::to_string_pretty(&evaluation)?);
    } else {
        out!("{evaluation}");
    }
    Ok(())
}
