//! `sayso assign`: hand out the documents to annotators, into `assignments.ron`.

use std::path::Path;

use super::{counted, errln, outln, print_warnings};
use crate::store::{self, Written};
use crate::team::{Assignments, Plan, assign};

/// The options given on the command line; missing ones come from the project's
/// assignment file, else from [`Plan::default`].
#[derive(Debug, Default)]
pub(super) struct Options {
    pub annotators: Vec<String>,
    pub per_document: Option<usize>,
    pub overlap: Option<f64>,
    pub seed: Option<u64>,
}

pub(super) fn run(project: &Path, options: Options, json: bool, limit: u64) -> anyhow::Result<()> {
    // assignments.ron is the project's file: written under its lock like any other.
    let lock = store::lock_project(project)?;
    let opened = store::open_locked(&lock, limit)?;
    print_warnings(&opened.warnings);
    let previous = Assignments::load(&opened.root)?;
    let stored = previous.as_ref().map(|a| a.plan).unwrap_or_default();
    let plan = Plan {
        per_document: options.per_document.unwrap_or(stored.per_document),
        overlap: options.overlap.unwrap_or(stored.overlap),
        seed: options.seed.unwrap_or(stored.seed),
    };
    // The annotators given, else those of the last run, else `project.ron`'s list.
    let annotators = if !options.annotators.is_empty() {
        options.annotators
    } else if let Some(previous) = &previous {
        previous.annotators.clone()
    } else {
        opened.project.annotators.clone()
    };
    let ids: Vec<&str> = opened
        .project
        .documents
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    let assigned = assign(previous.as_ref(), &ids, &annotators, plan)?;
    let path = Assignments::path(&opened.root);
    let written = assigned.assignments.save(&opened.root)?;
    drop(lock);
    for doc in &assigned.dropped {
        errln!("warning: {doc:?} is no longer in the project; its assignment was dropped");
    }
    let a = &assigned.assignments;
    if json {
        let team: Vec<serde_json::Value> = a
            .team()
            .iter()
            .map(|name| {
                let docs: Vec<&str> = a.documents_of(name).collect();
                serde_json::json!({"annotator": name, "documents": docs})
            })
            .collect();
        let out = serde_json::json!({
            "new": assigned.new,
            "dropped": assigned.dropped,
            "team": team,
            "file": path,
        });
        outln!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    if assigned.new.is_empty() {
        outln!("every document was already assigned; no new assignments");
    } else {
        outln!(
            "assigned {} ({} to {} annotators each) to {}",
            counted(assigned.new.len(), "new document"),
            assigned.new_overlap.len(),
            plan.per_document,
            annotators.join(", ")
        );
    }
    let width = a
        .team()
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0);
    for name in a.team() {
        let docs: Vec<&str> = a.documents_of(name).collect();
        let overlap = docs.iter().filter(|d| a.annotators_of(d).len() > 1).count();
        outln!(
            "  {name:<width$}  {}, {overlap} shared",
            counted(docs.len(), "document")
        );
    }
    match written {
        Written::Written => outln!("written: {}", path.display()),
        Written::Unchanged => outln!("{} unchanged", path.display()),
    }
    Ok(())
}
