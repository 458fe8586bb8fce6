//! `sayso suggest`: the built-in suggester's predictions into a layer, through the same
//! import path as any other predictions (one undoable edit per document, all documents
//! saved together).

use std::path::Path;

use super::{counted, outln, print_warnings};
use crate::formats::{self, Prediction};
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
    // Of the layers, only the one replaced is read.
    let opened = store::open_locked_with(&lock, limit, &[layer.to_string()])?;
    print_warnings(&opened.warnings);
    let paths = store::ProjectPaths::new(&opened.root);
    let mut project = opened.project;
    if let Some(unknown) = docs.iter().find(|id| project.document(id).is_none()) {
        let known: Vec<&str> = project.documents.iter().map(|d| d.id.as_str()).collect();
        anyhow::bail!(
            "{}: no document {unknown:?} (documents: {})",
            paths.project_file().display(),
            known.join(", ")
        );
    }
    let schema = project.schema.clone();
    // The project's own model (`sayso train`) when it has one.
    let model = crate::suggest::Model::for_project(&opened.root)?;
    let predictions: Vec<Prediction> = project
        .documents
        .iter()
        .filter(|doc| docs.is_empty() || docs.contains(&doc.id))
        .map(|doc| Prediction {
            doc_id: doc.id.clone(),
            layer: crate::suggest::suggest_with(&doc.text, &schema, &model),
        })
        .collect();
    let per_document: Vec<serde_json::Value> = predictions
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": p.doc_id,
                "quotes": p.layer.quotes.len(),
                "speakers": p.layer.speakers.len(),
                "noise_lines": p.layer.noise.len(),
            })
        })
        .collect();
    let lines: Vec<String> = predictions
        .iter()
        .map(|p| {
            format!(
                "{}: {}, {}, {}",
                p.doc_id,
                counted(p.layer.quotes.len(), "quote"),
                counted(p.layer.speakers.len(), "speaker"),
                counted(p.layer.noise.len(), "noise line")
            )
        })
        .collect();
    let imported = formats::import(&mut project, layer, predictions);
    // Saved before anything is printed: a closed stdout loses nothing.
    store::save_locked(&lock, &mut project)?;
    drop(lock);
    if json {
        let out = serde_json::json!({"layer": layer, "documents": per_document});
        outln!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    for line in lines {
        outln!("{line}");
    }
    outln!(
        "layer {layer:?} of {}: {}, {}, {}",
        counted(imported.documents, "document"),
        counted(imported.quotes, "quote"),
        counted(imported.speakers, "speaker"),
        counted(imported.noise, "noise line")
    );
    Ok(())
}
