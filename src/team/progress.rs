//! The team's progress: per annotator, how many assigned documents are todo, in progress
//! and done (from the status in each annotator's layer), their active time, and the
//! overlap documents ready for adjudication.
//!
//! An annotator's state on a document is their layer's status: no layer yet is todo,
//! `Done` and `Reviewed` are done, and a layer still marked `Todo` that has annotations
//! or active time counts as in progress (the window does not set `InProgress` by itself). A document is ready for adjudication when it has two
//! annotators or more and all of them are done, and its `gold` layer is not reviewed yet;
//! once gold is reviewed it counts as adjudicated.

use serde::Serialize;

use super::Assignments;
use crate::model::{DocumentSummary, Layer, LayerSummary, Project, Status};

/// The layer adjudication writes.
pub const GOLD: &str = "gold";

/// One annotator's progress over their assigned documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AnnotatorProgress {
    pub annotator: String,
    /// Documents assigned (those the project still has).
    pub assigned: usize,
    pub todo: usize,
    pub in_progress: usize,
    /// Done or reviewed.
    pub done: usize,
    /// Of the assigned documents, those shared with other annotators (the overlap).
    pub overlap: usize,
    /// Active annotating time in their layers (all documents, assigned or not), seconds.
    pub active_seconds: u64,
}

/// The whole team's progress.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TeamProgress {
    /// In the order of [`Assignments::team`].
    pub annotators: Vec<AnnotatorProgress>,
    /// Overlap documents whose annotators are all done and whose gold is not reviewed, in
    /// project order.
    pub ready_for_adjudication: Vec<String>,
    /// Overlap documents whose gold layer is reviewed.
    pub adjudicated: Vec<String>,
    /// Documents of the project nobody is assigned (added since the last `sayso assign`).
    pub unassigned: Vec<String>,
}

/// Progress of the team `assignments` names over `project`.
pub fn progress(project: &Project, assignments: &Assignments) -> TeamProgress {
    let docs: Vec<DocumentSummary> = project.documents.iter().map(DocumentSummary::of).collect();
    progress_of(&docs, assignments)
}

/// [`progress`] from the documents' summaries (the project's index).
pub fn progress_of(docs: &[DocumentSummary], assignments: &Assignments) -> TeamProgress {
    let mut out = TeamProgress {
        annotators: assignments
            .team()
            .into_iter()
            .map(|a| AnnotatorProgress {
                annotator: a.to_string(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    for doc in docs {
        let who = assignments.annotators_of(&doc.id);
        if who.is_empty() {
            out.unassigned.push(doc.id.clone());
        }
        let mut all_done = true;
        for a in &mut out.annotators {
            let layer = doc.layers.get(&a.annotator);
            a.active_seconds += layer.map_or(0, |l| l.active_seconds);
            if !who.contains(&a.annotator) {
                continue;
            }
            a.assigned += 1;
            a.overlap += usize::from(who.len() > 1);
            match layer.map_or(Status::Todo, summary_state) {
                Status::Todo => a.todo += 1,
                Status::InProgress => a.in_progress += 1,
                Status::Done | Status::Reviewed => a.done += 1,
            }
        }
        for a in who {
            let status = doc.layers.get(a).map_or(Status::Todo, |l| l.status);
            all_done &= matches!(status, Status::Done | Status::Reviewed);
        }
        if who.len() > 1 {
            let reviewed = doc
                .layers
                .get(GOLD)
                .is_some_and(|g| g.status == Status::Reviewed);
            if reviewed {
                out.adjudicated.push(doc.id.clone());
            } else if all_done {
                out.ready_for_adjudication.push(doc.id.clone());
            }
        }
    }
    out
}

/// A layer's state for progress: its status, except that a `Todo` layer with work in it
/// is in progress.
pub fn state(layer: &Layer) -> Status {
    summary_state(&LayerSummary::of(layer))
}

/// [`state`] from a layer's summary.
pub fn summary_state(layer: &LayerSummary) -> Status {
    match layer.status {
        Status::Todo if !layer.empty || layer.active_seconds > 0 => Status::InProgress,
        status => status,
    }
}

/// `seconds` as `h:mm:ss`, for tables.
pub fn clock(seconds: u64) -> String {
    format!(
        "{}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

impl std::fmt::Display for TeamProgress {
    /// A table, one row per annotator, then the documents ready for adjudication.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let header = [
            "annotator",
            "assigned",
            "todo",
            "in progress",
            "done",
            "overlap",
            "time",
        ];
        let mut rows: Vec<[String; 7]> = vec![header.map(String::from)];
        for a in &self.annotators {
            rows.push([
                a.annotator.clone(),
                a.assigned.to_string(),
                a.todo.to_string(),
                a.in_progress.to_string(),
                a.done.to_string(),
                a.overlap.to_string(),
                clock(a.active_seconds),
            ]);
        }
        crate::table::write_columns(f, &rows)?;
        let list = |docs: &[String]| {
            if docs.is_empty() {
                "none".to_string()
            } else {
                docs.join(", ")
            }
        };
        writeln!(
            f,
            "ready for adjudication: {}",
            list(&self.ready_for_adjudication)
        )?;
        writeln!(f, "adjudicated: {}", list(&self.adjudicated))?;
        if !self.unassigned.is_empty() {
            writeln!(
                f,
                "not assigned yet: {} (run `sayso assign` again)",
                self.unassigned.join(", ")
            )?;
        }
        Ok(())
    }
}
