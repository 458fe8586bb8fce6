//! `sayso suggest`: the built-in suggester's predictions into a layer.

use std::path::Path;

use super::{counted, print_warnings};
use crate::store::{self, ProjectPaths};

/// Predictions into layer `layer` of the documents `docs` (all if empty).
pub(super) fn run(project: &Path, docs: &[String], layer: &str, limit: u64) -> anyhow::Result<()> {
    if layer.trim().is_empty() {
        anyhow::bail!("--layer: a layer needs a name");
    }
    let opened = store::open(project, limit)?;
    print_warnings(&opened.warnings);
    let paths = ProjectPaths::new(&opened.root);
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
    let (mut quotes, mut speakers, mut noise) = (0, 0, 0);
    let mut done = 0;
    for doc in &mut project.documents {
        if !docs.is_empty() && !docs.contains(&doc.id) {
            continue;
        }
        let predicted = crate::suggest::suggest_with(&doc.text, &schema, &model);
        println!(
            "{}: {}, {}, {}",
            doc.id,
            counted(predicted.quotes.len(), "quote"),
            counted(predicted.speakers.len(), "speaker"),
            counted(predicted.noise.len(), "noise line")
        );
        quotes += predicted.quotes.len();
        speakers += predicted.speakers.len();
        noise += predicted.noise.len();
        doc.layers.insert(layer.to_string(), predicted);
        doc.set_unsaved(layer, true);
        done += 1;
    }
    store::save(&paths, &mut project)?;
    println!(
        "layer {layer:?} of {}: {}, {}, {}",
        counted(done, "document"),
        counted(quotes, "quote"),
        counted(speakers, "speaker"),
        counted(noise, "noise line")
    );
    Ok(())
}
