//! The document list (left): filter by name and status, counts per document, the
//! current document's status.

use egui::{Color32, RichText, Ui};

use super::intent::Queue;
use crate::model::Status;
use crate::session::{Action, Session};

const STATUSES: [Status; 4] = [
    Status::Todo,
    Status::InProgress,
    Status::Done,
    Status::Reviewed,
];

/// The document list's filters.
#[derive(Debug, Default)]
pub struct DocList {
    pub filter: String,
    pub status: Option<Status>,
    /// All documents, not only those assigned to the annotator (when there are
    /// assignments).
    pub all: bool,
}

/// Indices of the documents the list shows (name filter and status filter).
pub fn filtered_documents(session: &Session, list: &DocList) -> Vec<usize> {
    let filter = list.filter.to_lowercase();
    let mine = (!list.all && session.has_assignments())
        .then(|| session.assignments())
        .flatten();
    session
        .project()
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| mine.is_none_or(|a| a.is_assigned(&d.id, session.layer_name())))
        .filter(|(_, d)| filter.is_empty() || d.id.to_lowercase().contains(&filter))
        .filter(|(_, d)| {
            list.status
                .is_none_or(|s| d.layer_status(session.layer_name()) == s)
        })
        .map(|(i, _)| i)
        .collect()
}

pub fn documents(ui: &mut Ui, session: &Session, list: &mut DocList, queue: &mut Queue) {
    ui.heading("Documents");
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut list.filter)
                .hint_text("filter by name")
                .desired_width(120.0),
        );
        egui::ComboBox::from_id_salt("status filter")
            .selected_text(list.status.map_or("any status", Status::as_str))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut list.status, None, "any status");
                for s in STATUSES {
                    ui.selectable_value(&mut list.status, Some(s), s.as_str());
                }
            })
            .response
            .on_hover_text("Show documents with this status");
    });
    if session.has_assignments() {
        ui.horizontal(|ui| {
            ui.selectable_value(&mut list.all, false, "mine")
                .on_hover_text("The documents assigned to you");
            ui.selectable_value(&mut list.all, true, "all");
        });
    }
    ui.separator();
    let shown = filtered_documents(session, list);
    let mut go = None;
    // Two rows a document (its name, its counts); only those in view are laid out, so a
    // list of 10,000 documents costs what one of 20 does.
    let small = ui.text_style_height(&egui::TextStyle::Small);
    let row = ui.spacing().interact_size.y + small + 2.0 * ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("documents")
        .auto_shrink([false, true])
        .show_rows(ui, row, shown.len(), |ui, rows| {
            for &i in &shown[rows] {
                let doc = &session.project().documents[i];
                let layer = doc.layer_summary(session.layer_name());
                let status = layer.as_ref().map_or(Status::Todo, |l| l.status);
                let counts = layer.map_or((0, 0, 0), |l| (l.speakers, l.quotes, l.noise_lines));
                let response = ui
                    .horizontal(|ui| {
                        ui.set_min_height(ui.spacing().interact_size.y);
                        status_dot(ui, status);
                        ui.selectable_label(i == session.doc_index(), &doc.id)
                    })
                    .inner
                    .on_hover_text(format!(
                        "{}: {} speakers, {} quotes, {} noise lines",
                        status.as_str(),
                        counts.0,
                        counts.1,
                        counts.2
                    ));
                ui.label(
                    RichText::new(format!(
                        "    {} sp · {} q · {} noise",
                        counts.0, counts.1, counts.2
                    ))
                    .small()
                    .weak(),
                );
                if response.clicked() {
                    go = Some(i);
                }
            }
        });
    if let Some(i) = go {
        queue.act(Action::GoTo(i));
    }
    ui.separator();
    let status = session.layer().status;
    ui.horizontal(|ui| {
        ui.label("Status:");
        for s in STATUSES {
            if ui.selectable_label(status == s, s.as_str()).clicked() {
                queue.act(Action::SetStatus(s));
            }
        }
    });
}

/// A dot for a document's status: hollow (todo), half (in progress), full (done), and
/// full with a ring (reviewed). Painted, so it needs no symbol font.
fn status_dot(ui: &mut Ui, status: Status) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    let c = rect.center();
    let colour = ui.visuals().strong_text_color();
    let painter = ui.painter();
    let ring = egui::Stroke::new(1.2, colour);
    match status {
        Status::Todo => {
            painter.circle_stroke(c, 4.5, ring);
        }
        Status::InProgress => {
            painter.circle_stroke(c, 4.5, ring);
            painter.rect_filled(
                egui::Rect::from_min_max(
                    egui::pos2(c.x - 4.5, c.y),
                    egui::pos2(c.x + 4.5, c.y + 4.5),
                ),
                2.0,
                colour,
            );
        }
        Status::Done => {
            painter.circle_filled(c, 4.5, Color32::from_rgb(0x3a, 0x9a, 0x4a));
        }
        Status::Reviewed => {
            painter.circle_filled(c, 3.5, Color32::from_rgb(0x3a, 0x9a, 0x4a));
            painter.circle_stroke(
                c,
                5.5,
                egui::Stroke::new(1.2, Color32::from_rgb(0x3a, 0x9a, 0x4a)),
            );
        }
    }
}
