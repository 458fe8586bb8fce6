//! `sayso sync`: commit your own layer files, pull (rebase) and push, with git.

use std::path::Path;

use super::{counted, outln};
use crate::store::ProjectPaths;
use crate::team::sync::{SyncOptions, sync};

pub(super) fn run(project: &Path, options: SyncOptions, json: bool) -> anyhow::Result<()> {
    let root = ProjectPaths::from_arg(project).root;
    let report = sync(&root, &options)?;
    if json {
        let layers: Vec<serde_json::Value> = report
            .incoming_layers
            .iter()
            .map(|l| serde_json::json!({"document": l.document, "layer": l.layer, "removed": l.removed}))
            .collect();
        let out = serde_json::json!({
            "committed": report.committed,
            "commit": report.commit,
            "incoming_layers": layers,
            "project_changed": report.project_changed,
            "assignments_changed": report.assignments_changed,
            "other_incoming": report.other_incoming,
            "upstream": report.upstream,
            "pushed": report.pushed,
        });
        outln!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    match &report.commit {
        Some(hash) => outln!(
            "committed {} ({hash}): {}",
            counted(report.committed.len(), "file"),
            report.committed.join(", ")
        ),
        None => outln!("nothing of yours to commit"),
    }
    let mut incoming = Vec::new();
    if report.project_changed {
        incoming.push("project.ron".to_string());
    }
    if report.assignments_changed {
        incoming.push("assignments.ron".to_string());
    }
    if !report.incoming_layers.is_empty() {
        let layers: Vec<String> = report
            .incoming_layers
            .iter()
            .map(|l| {
                let removed = if l.removed { ", removed" } else { "" };
                format!("{} ({}{removed})", l.layer, l.document)
            })
            .collect();
        incoming.push(format!(
            "{}: {}",
            counted(report.incoming_layers.len(), "layer file"),
            layers.join(", ")
        ));
    }
    if !report.other_incoming.is_empty() {
        incoming.push(counted(report.other_incoming.len(), "other file"));
    }
    if incoming.is_empty() {
        outln!("nothing new from {}", report.upstream);
    } else {
        outln!("pulled from {}: {}", report.upstream, incoming.join("; "));
    }
    if report.pushed == 0 {
        outln!("{} has all your commits", report.upstream);
    } else {
        outln!(
            "pushed {} to {}",
            counted(report.pushed, "commit"),
            report.upstream
        );
    }
    Ok(())
}
