//! `sayso suggest`: the built-in suggester's predictions into a layer, through the same
//! import path as any other predictions (one undoable edit per document, all documents
//! saved together).

use std::path::Path;

use super::{counted, outln, print_warnings};
use crate::formats::{self, Prediction};
use crate::model::Project;
use crate::store;

/// Predictions into layer `layer` of the documents `docs` (all if empty).
pub(super) fn run(
    project: &Path,
    docs: &[String],
    layer: &str,
    json: bool,
    limit: u64,
) -> anyhow::Result<()> {
    if layer.trim().is_empty() {
        anyhow::bail!("--layer: a layer needs a name");
    }
    if layer.chars().any(crate::text::is_control) {
        anyhow::bail!("--layer {layer:?}: a layer name cannot hold control characters");
    }
    let lock = store::lock_project(project)?;
    let layers = [layer.to_string()];
    // Part by part where the project's index allows: memory holds a part, not the project.
    let suggested = match store::open_locked_to_write(&lock, limit, &layers)? {
        store::ToWrite::Parts(parts) => by_parts(&lock, &parts, docs, layer)?,
        store::ToWrite::Whole(opened) => whole(&lock, opened, docs, layer)?,
    };
    drop(lock);
    if json {
        let per_document: Vec<serde_json::Value> = (suggested.iter())
            .map(|s| {
                serde_json::json!({
                    "id": s.id,
                    "quotes": s.quotes,
                    "speakers": s.speakers,
                    "noise_lines": s.noise,
                })
            })
            .collect();
        let out = serde_json::json!({"layer": layer, "documents": per_document});
        outln!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    for s in &suggested {
        outln!(
            "{}: {}, {}, {}",
            s.id,
            counted(s.quotes, "quote"),
            counted(s.speakers, "speaker"),
            counted(s.noise, "noise line")
        );
    }
    let sum = |f: fn(&Suggested) -> usize| suggested.iter().map(f).sum::<usize>();
    outln!(
        "layer {layer:?} of {}: {}, {}, {}",
        counted(suggested.len(), "document"),
        counted(sum(|s| s.quotes), "quote"),
        counted(sum(|s| s.speakers), "speaker"),
        counted(sum(|s| s.noise), "noise line")
    );
    Ok(())
}

/// What the suggester found in one document.
struct Suggested {
    id: String,
    quotes: usize,
    speakers: usize,
    noise: usize,
}

/// Suggests into `layer` of the documents of `project` that `docs` names (all if empty), on
/// every core.
fn suggest_into(
    project: &mut Project,
    docs: &[String],
    layer: &str,
    model: &crate::suggest::Model,
) -> Vec<Suggested> {
    let chosen: Vec<&crate::model::Document> = (project.documents.iter())
        .filter(|doc| docs.is_empty() || docs.contains(&doc.id))
        .collect();
    let predictions: Vec<Prediction> = crate::parallel::map(&chosen, |doc| Prediction {
        doc_id: doc.id.clone(),
        layer: crate::suggest::suggest_with(&doc.text, &project.schema, model),
    });
    let suggested = (predictions.iter())
        .map(|p| Suggested {
            id: p.doc_id.clone(),
            quotes: p.layer.quotes.len(),
            speakers: p.layer.speakers.len(),
            noise: p.layer.noise.len(),
        })
        .collect();
    formats::import(project, layer, predictions);
    suggested
}

/// A document of `docs` that `known` lacks, as an error naming the project file.
fn check_known<'a>(
    root: &Path,
    docs: &[String],
    known: impl Iterator<Item = &'a str> + Clone,
) -> anyhow::Result<()> {
    if let Some(unknown) = docs.iter().find(|id| !known.clone().any(|k| k == *id)) {
        let known: Vec<&str> = known.collect();
        anyhow::bail!(
            "{}: no document {unknown:?} (documents: {})",
            store::ProjectPaths::new(root).project_file().display(),
            known.join(", ")
        );
    }
    Ok(())
}

/// Suggests into the project read whole, and saves it (the project of `lock` had no index
/// or an article changed).
fn whole(
    lock: &store::WriteLock,
    opened: store::Opened,
    docs: &[String],
    layer: &str,
) -> anyhow::Result<Vec<Suggested>> {
    print_warnings(&opened.warnings);
    let mut project = opened.project;
    check_known(
        &opened.root,
        docs,
        project.documents.iter().map(|d| d.id.as_str()),
    )?;
    // The project's own model (`sayso train`) when it has one.
    let model = crate::suggest::Model::for_project(&opened.root)?;
    let suggested = suggest_into(&mut project, docs, layer, &model);
    // Saved before anything is printed: a closed stdout loses nothing.
    store::save_locked(lock, &mut project)?;
    Ok(suggested)
}

/// Suggests part by part, each part's layers staged as it is done and all committed
/// together at the end.
fn by_parts(
    lock: &store::WriteLock,
    parts: &store::IndexedParts,
    docs: &[String],
    layer: &str,
) -> anyhow::Result<Vec<Suggested>> {
    print_warnings(&parts.parts().warnings);
    let root = parts.parts().root();
    let ids = || parts.documents().iter().map(|d| d.entry.id.as_str());
    check_known(root, docs, ids())?;
    let model = crate::suggest::Model::for_project(root)?;
    let wanted: Vec<bool> = ids()
        .map(|id| docs.is_empty() || docs.iter().any(|d| d == id))
        .collect();
    let mut save = store::PartSave::new(lock)?;
    let mut suggested = Vec::new();
    for range in parts.parts().ranges(store::PART) {
        if !wanted[range.clone()].contains(&true) {
            continue;
        }
        let opened = parts.part_to_write(range, &[layer.to_string()])?;
        print_warnings(&opened.warnings);
        let mut part = opened.project;
        suggested.extend(suggest_into(&mut part, docs, layer, &model));
        save.stage(&part)?;
    }
    save.commit()?;
    Ok(suggested)
}
