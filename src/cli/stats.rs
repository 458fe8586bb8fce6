//! `sayso stats`: counts per layer, and per annotator when the project has assignments.

use std::path::Path;

use super::{out, outln, print_warnings};
use crate::model::DocumentSummary;
use crate::store;
use crate::team::Assignments;

pub(super) fn run(project: &Path, json: bool, limit: u64) -> anyhow::Result<()> {
    // From the project's index: only files changed since they were indexed are read.
    let indexed = store::index(project, limit)?;
    // Warnings go to stderr, so they never spoil the JSON on stdout.
    print_warnings(&indexed.warnings);
    let docs: Vec<DocumentSummary> = indexed.documents.into_iter().map(|d| d.summary).collect();
    let stats = match Assignments::load(&indexed.root)? {
        Some(assignments) => crate::stats::with_team_of(&indexed.name, &docs, &assignments),
        None => crate::stats::stats_of(&indexed.name, &docs),
    };
    if json {
        outln!("{}", serde_json::to_string_pretty(&stats)?);
    } else {
        out!("{stats}");
    }
    Ok(())
}
