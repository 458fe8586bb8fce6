//! `sayso sync`: commit your own layer files, pull (rebase) and push, with git.

use std::path::Path;

use super::counted;
use crate::store::ProjectPaths;
use crate::team::sync::{SyncOptions, sync};

pub(super) fn run(project: &Path, options: SyncOptions) -> anyhow::Result<()> {
    let root = ProjectPaths::from_arg(project).root;
    let report = sync(&root, &options)?;
    match &report.commit {
        Some(hash) => println!(
            "committed {} ({hash}): {}",
            counted(report.committed.len(), "file"),
            report.committed.join(", ")
        ),
        None => println!("nothing of yours to commit"),
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
        println!("nothing new from {}", report.upstream);
    } else {
        println!("pulled from {}: {}", report.upstream, incoming.join("; "));
    }
    if report.pushed == 0 {
        println!("{} has all your commits", report.upstream);
    } else {
        println!(
            "pushed {} to {}",
            counted(report.pushed, "commit"),
            report.upstream
        );
    }
    Ok(())
}
