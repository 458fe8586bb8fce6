//! `sayso stats`: counts per layer, and per annotator when the project has assignments.

use std::path::Path;

use super::{out, outln, print_warnings};
use crate::store;
use crate::team::Assignments;

pub(super) fn run(project: &Path, json: bool, limit: u64) -> anyhow::Result<()> {
    let opened = store::open(project, limit)?;
    // Warnings go to stderr, so they never spoil the JSON on stdout.
    print_warnings(&opened.warnings);
    let stats = match Assignments::load(&opened.root)? {
        Some(assignments) => crate::stats::with_team(&opened.project, &assignments),
        None => crate::stats::stats(&opened.project),
    };
    if json {
        outln!("{}", serde_json::to_string_pretty(&stats)?);
    } else {
        out!("{stats}");
    }
    Ok(())
}
