//! The annotation window (eframe/egui). A thin layer: [`session::Session`] holds what is
//! being worked on and the effect of every command (no egui there); [`app::SaysoApp`]
//! draws it and turns keys and clicks into [`command::Command`]s; the article itself is
//! drawn by [`text_view::TextView`], which lays out only the lines in view.

pub mod app;
pub mod command;
pub mod compare;
mod compare_panel;
mod compare_view;
mod dialogs;
mod export_window;
mod panels;
pub mod review;
mod review_panel;
mod scores;
pub mod session;
pub mod settings;
mod style;
pub mod text_view;

use std::path::PathBuf;

pub use app::{SaysoApp, StartOptions};

/// Opens the window on `paths` (a project, or article files; empty: the last project or
/// the bundled demo), annotating as `annotator` (else the remembered name, else asked).
pub fn run(paths: Vec<PathBuf>, annotator: Option<String>) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("sayso")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let start = StartOptions { paths, annotator };
    eframe::run_native(
        "sayso",
        options,
        Box::new(|cc| Ok(Box::new(SaysoApp::new(cc, start)))),
    )
}
