//! File > Export: a layer in one of the export formats, written on a thread with a progress
//! bar (a large project takes a while), asking before it writes into a non-empty folder.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};

use egui::{RichText, Ui};

use crate::formats::export::{self, ExportError, ExportFormat, ExportOptions};
use crate::session::Session;

/// A running export: progress, and the answer when it ends.
struct Running {
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    answer: Receiver<Result<String, ExportError>>,
}

pub struct ExportWindow {
    pub open: bool,
    pub layer: String,
    pub format: ExportFormat,
    pub out: String,
    pub only_reviewed: bool,
    /// The folder was not empty: the next export overwrites, once the user said so.
    confirm: bool,
    running: Option<Running>,
    /// The last outcome, shown under the button.
    pub outcome: Option<Result<String, String>>,
}

impl Default for ExportWindow {
    fn default() -> Self {
        ExportWindow {
            open: false,
            layer: "gold".into(),
            format: ExportFormat::Jsonl,
            out: String::new(),
            only_reviewed: false,
            confirm: false,
            running: None,
            outcome: None,
        }
    }
}

impl ExportWindow {
    pub fn open(&mut self, session: &Session) {
        self.open = true;
        self.outcome = None;
        if !session.layer_names().contains(&self.layer) {
            self.layer = session.layer_name().to_string();
        }
        if self.out.is_empty()
            && let Some(root) = session.root()
        {
            self.out = root.join("export").display().to_string();
        }
    }

    pub fn show(&mut self, ctx: &egui::Context, session: &Session) {
        if !self.open {
            return;
        }
        self.poll();
        let mut open = self.open;
        egui::Window::new("Export")
            .open(&mut open)
            .default_width(460.0)
            .show(ctx, |ui| self.contents(ui, session));
        self.open = open || self.running.is_some();
        if self.running.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }

    fn poll(&mut self) {
        let Some(running) = &self.running else { return };
        let Ok(answer) = running.answer.try_recv() else {
            return;
        };
        self.running = None;
        self.outcome = Some(match answer {
            Ok(summary) => Ok(summary),
            Err(ExportError::NotEmpty(dir)) => {
                self.confirm = true;
                Err(format!(
                    "{} is not empty. Export again to overwrite the files of an earlier export there.",
                    dir.display()
                ))
            }
            Err(e) => Err(e.to_string()),
        });
    }

    fn contents(&mut self, ui: &mut Ui, session: &Session) {
        let busy = self.running.is_some();
        ui.add_enabled_ui(!busy, |ui| {
            egui::Grid::new("export-form")
                .num_columns(2)
                .show(ui, |ui| {
                    let label = ui.label("Export layer:");
                    egui::ComboBox::from_id_salt("export-layer")
                        .selected_text(&self.layer)
                        .show_ui(ui, |ui| {
                            for l in session.layer_names() {
                                ui.selectable_value(&mut self.layer, l.clone(), l);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Export format:");
                    egui::ComboBox::from_id_salt("export-format")
                        .selected_text(self.format.name())
                        .show_ui(ui, |ui| {
                            for f in ExportFormat::ALL {
                                ui.selectable_value(&mut self.format, f, f.name());
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Export folder:");
                    ui.add(egui::TextEdit::singleline(&mut self.out).desired_width(320.0))
                        .labelled_by(label.id);
                    ui.end_row();
                    ui.label("");
                    ui.checkbox(&mut self.only_reviewed, "only documents marked reviewed");
                    ui.end_row();
                });
        });
        let text = if self.confirm {
            "Overwrite and export"
        } else {
            "Start export"
        };
        if ui
            .add_enabled(
                !busy && !self.out.trim().is_empty(),
                egui::Button::new(text),
            )
            .clicked()
        {
            self.start(session);
        }
        if let Some(running) = &self.running {
            let total = running.total.load(Ordering::Relaxed).max(1);
            let done = running.done.load(Ordering::Relaxed);
            ui.add(
                egui::ProgressBar::new(done as f32 / total as f32)
                    .text(format!("{done} of {total} documents")),
            );
        }
        match &self.outcome {
            Some(Ok(summary)) => {
                ui.label(RichText::new(summary).color(ui.visuals().hyperlink_color));
            }
            Some(Err(e)) => {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
            None => {}
        }
    }

    fn start(&mut self, session: &Session) {
        // A document that could not be read would be left out without a word.
        if !session.all_read() {
            self.outcome = Some(Err(
                "Not every document could be read (the status bar says why): fix that, then export again."
                    .into(),
            ));
            return;
        }
        let options = ExportOptions {
            layer: self.layer.clone(),
            format: self.format,
            out: PathBuf::from(self.out.trim()),
            only_reviewed: self.only_reviewed,
            force: std::mem::take(&mut self.confirm),
        };
        // The export reads a copy, so annotating can go on while it runs.
        let project = session.project().clone();
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let (send, answer) = channel();
        let (d, t) = (done.clone(), total.clone());
        std::thread::spawn(move || {
            let mut progress = |n: usize, of: usize| {
                d.store(n, Ordering::Relaxed);
                t.store(of, Ordering::Relaxed);
            };
            let result = export::export(&project, &options, &mut progress)
                .map(|e| format!("Exported to {}: {e}", options.out.display()));
            let _ = send.send(result);
        });
        self.outcome = None;
        self.running = Some(Running {
            done,
            total,
            answer,
        });
    }

    /// Waits for a running export to end (tests).
    pub fn wait(&mut self) {
        if let Some(running) = &self.running
            && let Ok(answer) = running.answer.recv()
        {
            let (send, receive) = channel();
            let _ = send.send(answer);
            self.running.as_mut().expect("running").answer = receive;
        }
        self.poll();
    }
}
