//! The team window: each annotator's progress (from the assignments and the layers'
//! statuses), their time on task and label distribution, the documents ready for
//! adjudication, and the project's git state with a Sync button (`sayso sync` in the
//! window: commit your layer files, pull, push; what comes in is reloaded by the file
//! watcher).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Legend, Plot};

use crate::session::Session;
use crate::team::{self, RepoStatus, SyncOptions, SyncReport};

#[derive(Default)]
pub struct TeamWindow {
    pub open: bool,
    /// The git state, read when the window opens and after a sync.
    git: Option<Result<RepoStatus, String>>,
    /// A sync running on its own thread (it waits on the network).
    running: Option<Receiver<Result<SyncReport, String>>>,
    outcome: Option<Result<String, String>>,
    /// Agreement so far on each overlap group's documents (annotators, documents with
    /// every layer, the mean headline figure), computed when the window opens.
    agreement: Vec<(Vec<String>, usize, Option<f64>)>,
}

impl TeamWindow {
    pub fn open(&mut self, session: &Session) {
        self.open = true;
        self.outcome = None;
        self.read_git(session);
        self.agreement = overlap_agreement(session);
    }

    fn read_git(&mut self, session: &Session) {
        self.git = session
            .root()
            .filter(|r| team::sync::is_repository(r))
            .map(|root| {
                team::status(root, &[session.layer_name().to_string()]).map_err(|e| e.to_string())
            });
    }

    /// Draws the window; true when Sync was asked for (the caller saves, then calls
    /// [`TeamWindow::start_sync`]).
    pub fn show(&mut self, ctx: &egui::Context, session: &Session) -> bool {
        if !self.open {
            return false;
        }
        if let Some(answer) = self.running.as_ref().and_then(|r| r.try_recv().ok()) {
            self.running = None;
            self.outcome = Some(answer.map(|r| said(&r)));
            self.read_git(session);
        }
        if self.running.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(200));
        }
        let mut open = true;
        let mut sync = false;
        egui::Window::new("Team")
            .open(&mut open)
            .default_size([620.0, 560.0])
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    progress(ui, session);
                    self.agreement_section(ui);
                    ui.separator();
                    sync = self.git_section(ui);
                })
            });
        self.open = open;
        sync
    }

    fn agreement_section(&self, ui: &mut Ui) {
        if self.agreement.is_empty() {
            return;
        }
        ui.label(RichText::new("Agreement so far on the overlap").strong());
        for (who, documents, headline) in &self.agreement {
            let value = headline.map_or("–".to_string(), |v| format!("{v:.2}"));
            ui.label(format!(
                "{}: {value} over {documents} document{} they all have (mean of noise alpha \
                 and quote F1; sayso agree gives the details)",
                who.join(" + "),
                if *documents == 1 { "" } else { "s" }
            ));
        }
    }

    /// The git state; true when Sync was clicked.
    fn git_section(&mut self, ui: &mut Ui) -> bool {
        ui.heading("Sharing through git");
        let Some(git) = &self.git else {
            ui.label(
                "This project is not in a git repository: `git init` it (and add a remote) to \
                 share it with the team.",
            );
            return false;
        };
        let st = match git {
            Ok(st) => st,
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
                return false;
            }
        };
        ui.label(format!(
            "branch {} · shared with {} · {} of your files changed · {} to push, {} to pull (as of the last fetch)",
            st.branch.as_deref().unwrap_or("?"),
            st.upstream.as_deref().unwrap_or("nothing (no upstream)"),
            st.own_changes.len(),
            st.ahead,
            st.behind
        ));
        for f in st.own_changes.iter().take(8) {
            ui.label(RichText::new(format!("  {f}")).small().monospace());
        }
        let busy = self.running.is_some();
        let button = egui::Button::new(if busy { "Syncing…" } else { "Sync now" });
        let sync = ui
            .add_enabled(!busy, button)
            .on_hover_text("Commit your layer files, pull (rebase), push")
            .clicked();
        match &self.outcome {
            Some(Ok(text)) => {
                ui.label(RichText::new(text).color(ui.visuals().hyperlink_color));
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            None => {}
        }
        sync
    }

    /// Runs the sync on a thread (it waits on the network); the window saved its work
    /// first.
    pub fn start_sync(&mut self, session: &Session) {
        if let Some(root) = session.root() {
            self.start(root.to_path_buf(), session.layer_name().to_string());
        }
    }

    fn start(&mut self, root: PathBuf, layer: String) {
        let (send, receive) = channel();
        std::thread::spawn(move || {
            let options = SyncOptions {
                layers: vec![layer],
                ..Default::default()
            };
            let _ = send.send(team::sync(&root, &options).map_err(|e| e.to_string()));
        });
        self.running = Some(receive);
        self.outcome = None;
    }
}

/// Agreement of each overlap group (`sayso agree` over the documents they share and have
/// all annotated).
fn overlap_agreement(session: &Session) -> Vec<(Vec<String>, usize, Option<f64>)> {
    let Some(assignments) = session.assignments() else {
        return Vec::new();
    };
    assignments
        .overlap_groups()
        .into_keys()
        .map(|who| {
            let a = crate::agreement::agree_project(session.project(), &who);
            let values: Vec<f64> = a.documents.iter().filter_map(|d| d.headline).collect();
            let mean =
                (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
            (who, a.documents.len(), mean)
        })
        .collect()
}

/// A sync's outcome in a sentence.
fn said(r: &SyncReport) -> String {
    let incoming = r.incoming_layers.len();
    format!(
        "Synced with {}: {} of your files committed, {} pushed, {} layer file{} came in",
        r.upstream,
        r.committed.len(),
        if r.pushed == 1 {
            "1 commit".to_string()
        } else {
            format!("{} commits", r.pushed)
        },
        incoming,
        if incoming == 1 { "" } else { "s" }
    )
}

/// Each annotator's progress, time and labels; the documents ready for adjudication.
fn progress(ui: &mut Ui, session: &Session) {
    ui.heading("Progress");
    let Some(assignments) = session.assignments() else {
        ui.label(
            "Nobody is assigned documents yet: `sayso assign PROJECT --annotators a,b,c \
             --overlap 0.2` hands them out (see the README, Working as a team).",
        );
        return;
    };
    let p = team::progress(session.project(), assignments);
    egui::Grid::new("team-progress")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for a in &p.annotators {
                ui.label(RichText::new(&a.annotator).strong());
                let done = if a.assigned == 0 {
                    0.0
                } else {
                    a.done as f32 / a.assigned as f32
                };
                ui.add(
                    egui::ProgressBar::new(done)
                        .desired_width(220.0)
                        .text(format!("{} of {} done", a.done, a.assigned)),
                );
                ui.label(format!(
                    "{} in progress · {} to do · {} overlap · {}",
                    a.in_progress,
                    a.todo,
                    a.overlap,
                    duration(a.active_seconds)
                ));
                ui.end_row();
            }
        });
    if !p.ready_for_adjudication.is_empty() {
        ui.label(format!(
            "Ready for adjudication (all their annotators done): {}",
            p.ready_for_adjudication.join(", ")
        ));
    }
    if !p.unassigned.is_empty() {
        ui.label(
            RichText::new(format!(
                "Not assigned yet (run sayso assign again): {}",
                p.unassigned.join(", ")
            ))
            .weak(),
        );
    }
    labels_chart(
        ui,
        session,
        &p.annotators
            .iter()
            .map(|a| a.annotator.clone())
            .collect::<Vec<_>>(),
    );
}

/// Quotes per kind and noise lines per annotator, side by side.
fn labels_chart(ui: &mut Ui, session: &Session, annotators: &[String]) {
    let kinds: Vec<String> = session
        .project()
        .schema
        .quote_kinds
        .iter()
        .map(|k| k.name.clone())
        .chain(["noise lines".to_string()])
        .collect();
    let width = 0.8 / annotators.len().max(1) as f64;
    let charts: Vec<BarChart> = annotators
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let labels = crate::stats::labels(session.project(), a);
            let bars = kinds
                .iter()
                .enumerate()
                .map(|(k, kind)| {
                    let n = if kind == "noise lines" {
                        labels.noise_categories.values().sum::<usize>()
                    } else {
                        labels.quote_kinds.get(kind).copied().unwrap_or(0)
                    };
                    Bar::new(k as f64 + (i as f64 - 0.5) * width, n as f64)
                        .width(width)
                        .name(kind)
                })
                .collect();
            BarChart::new(a.clone(), bars)
        })
        .collect();
    ui.label(format!("Labels per annotator: {}", kinds.join(", ")));
    Plot::new("team-labels")
        .height(160.0)
        .include_y(0.0)
        .default_y_bounds(0.0, 5.0)
        .legend(Legend::default())
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| {
            let k = mark.value.round();
            if (mark.value - k).abs() < 1e-6 && k >= 0.0 {
                kinds.get(k as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });
}

fn duration(seconds: u64) -> String {
    let (h, m) = (seconds / 3600, (seconds % 3600) / 60);
    if h > 0 {
        format!("{h} h {m:02} min")
    } else {
        format!("{m} min")
    }
}
