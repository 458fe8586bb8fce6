//! The menu bar: one menu per [`MENUS`] entry, its items generated from the command table
//! (so menus, shortcuts and the help cannot drift apart), with the few items that come
//! from elsewhere (recent projects, the schema's stance labels), then the top bar's
//! pickers: the layer edited, the layer reviewed, the layers compared.

use std::path::PathBuf;

use egui::Ui;

use super::command::{Command, MENUS};
use super::intent::Queue;
use crate::session::{Action, Session};

/// Draws the menu bar. `recent` are the recent projects; a chosen one is returned.
pub fn menu_bar(
    ui: &mut Ui,
    session: Option<&Session>,
    annotator: Option<&str>,
    recent: &[PathBuf],
    queue: &mut Queue,
) -> Option<PathBuf> {
    let mut open = None;
    egui::MenuBar::new().ui(ui, |ui| {
        for menu in MENUS {
            ui.menu_button(menu, |ui| {
                let comparing = session.is_some_and(|s| s.compare().is_some());
                for c in Command::in_menu(menu) {
                    if c == Command::Save {
                        ui.menu_button("Open recent", |ui| open = recent_menu(ui, recent));
                        ui.separator();
                    }
                    let enabled = menu != "Compare" || comparing;
                    let button =
                        egui::Button::new(c.label()).shortcut_text(c.shortcut_text(ui.ctx()));
                    if ui.add_enabled(enabled, button).clicked() {
                        queue.command(c);
                        ui.close();
                    }
                }
                match (menu, session) {
                    ("Annotate", Some(s)) => stance_items(ui, s, queue),
                    ("Compare", _) => {
                        ui.separator();
                        ui.label(
                            egui::RichText::new("1, 2, 3…: take that layer's version into gold")
                                .weak(),
                        );
                        if ui
                            .add_enabled(comparing, egui::Button::new("Stop comparing"))
                            .clicked()
                        {
                            queue.act(Action::Compare(None));
                            ui.close();
                        }
                    }
                    _ => {}
                }
            });
        }
        let Some(session) = session else { return };
        ui.separator();
        super::bars::layer_picker(ui, session, annotator, queue);
        ui.separator();
        super::review_panel::review_picker(ui, session, queue);
        ui.separator();
        super::compare_panel::compare_picker(ui, session, queue);
    });
    open
}

fn recent_menu(ui: &mut Ui, recent: &[PathBuf]) -> Option<PathBuf> {
    if recent.is_empty() {
        ui.label("No recent projects");
    }
    for path in recent {
        if ui.button(path.display().to_string()).clicked() {
            ui.close();
            return Some(path.clone());
        }
    }
    None
}

/// The schema's stance labels, with their keys.
fn stance_items(ui: &mut Ui, session: &Session, queue: &mut Queue) {
    ui.separator();
    ui.label("Stance of the selected quote's speaker:");
    for l in &session.project().schema.stance_labels {
        let key = l.key.map(|k| k.to_string()).unwrap_or_default();
        if ui
            .add(egui::Button::new(&l.name).shortcut_text(key))
            .clicked()
        {
            queue.act(Action::SetStance(l.name.clone()));
            ui.close();
        }
    }
}
