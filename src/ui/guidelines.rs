//! The project's annotation guidelines (`GUIDELINES.md` beside `project.ron`) in a side
//! panel, rendered as Markdown, so the rules are one shortcut away while annotating.

use egui::Ui;
use egui_commonmark::{CommonMarkCache, CommonMarkViewer};

use crate::session::Session;

/// The panel's state: open or not, and the guidelines read when it opened.
#[derive(Default)]
pub struct GuidelinesPanel {
    pub open: bool,
    text: Option<Result<String, String>>,
    cache: CommonMarkCache,
}

impl GuidelinesPanel {
    /// Opens (reading the file again) or closes the panel.
    pub fn toggle(&mut self, session: Option<&Session>) {
        self.open = !self.open;
        if self.open {
            self.text = Some(match session {
                Some(s) => s.guidelines(),
                None => Err("open a project first".into()),
            });
        }
    }

    pub fn show(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.heading("Guidelines");
            if ui.small_button("Close").clicked() {
                self.open = false;
            }
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("guidelines")
            .show(ui, |ui| match &self.text {
                Some(Ok(text)) => {
                    CommonMarkViewer::new().show(ui, &mut self.cache, text);
                }
                Some(Err(why)) => {
                    ui.label(why);
                }
                None => {}
            });
    }
}
