//! `sayso train`: fit the suggester to a project's labelled layer and save it as
//! `suggest.ron` next to `project.ron`, which `sayso suggest` (and the window) then use.

use std::path::Path;

use super::{outln, print_warnings};
use crate::metrics::eval::Prf;
use crate::store;
use crate::suggest::{MODEL_FILE, Model};

fn f1(p: &Prf) -> String {
    p.f1().map_or("-".to_string(), |x| format!("{x:.3}"))
}

/// Trains on layer `from`; starts from the shipped model unless `again` (then from the
/// project's current model).
pub(super) fn run(
    project: &Path,
    from: &str,
    again: bool,
    json: bool,
    limit: u64,
) -> anyhow::Result<()> {
    // `suggest.ron` is the project's file: written under its lock like any other.
    let lock = store::lock_project(project)?;
    let opened = store::open_locked(&lock, limit)?;
    print_warnings(&opened.warnings);
    let start = if again {
        Model::for_project(&opened.root)?
    } else {
        Model::default()
    };
    let trained = crate::suggest::train::train_project(&opened.project, from, &start)?;
    let path = opened.root.join(MODEL_FILE);
    // Saved before anything is printed: a closed stdout loses nothing.
    trained.model.save(&path)?;
    drop(lock);
    if json {
        let q = &trained.model.quotes;
        let (n, c) = &trained.cross_validated;
        let (bn, bc) = &trained.before;
        let out = serde_json::json!({
            "layer": from,
            "documents": trained.documents,
            "lines": trained.lines,
            "seconds": trained.seconds,
            "folds": trained.folds,
            "cross_validated": {"noise_f1": n.f1(), "clean_f1": c.f1()},
            "before": {"noise_f1": bn.f1(), "clean_f1": bc.f1()},
            "that_in_content": q.that_in_content,
            "extra_cues": q.extra_cues,
            "saved": path,
        });
        outln!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    outln!(
        "trained on layer {from:?}: {} documents, {} labelled lines, in {:.2} s",
        trained.documents,
        trained.lines,
        trained.seconds
    );
    if trained.folds > 0 {
        let (n, c) = &trained.cross_validated;
        let (bn, bc) = &trained.before;
        outln!(
            "noise lines, {}-fold cross-validated: noise F1 {} / clean F1 {} (the model it \
             started from: {} / {})",
            trained.folds,
            f1(n),
            f1(c),
            f1(bn),
            f1(bc)
        );
    } else {
        outln!("too few documents to cross-validate (2 or more are needed)");
    }
    let q = &trained.model.quotes;
    outln!(
        "quotes: \"that\" {} the content; extra cue words: {}",
        if q.that_in_content {
            "inside"
        } else {
            "outside"
        },
        if q.extra_cues.is_empty() {
            "none".to_string()
        } else {
            q.extra_cues.join(", ")
        }
    );
    outln!("saved {}", path.display());
    Ok(())
}
