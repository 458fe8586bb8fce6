//! The annotation window (eframe/egui): drawing and input only. The state and the effect
//! of every action live in [`crate::session`]; panels draw a `&Session` and push
//! [`intent::Intent`]s, which [`app::SaysoApp`] runs after each frame; the article is drawn
//! by [`text_view::TextView`], which lays out only the lines in view.

pub mod app;
mod bars;
pub mod command;
mod compare_panel;
mod dialogs;
mod documents;
mod export_window;
mod guidelines;
mod input;
mod inspector;
pub mod intent;
mod keys;
mod menus;
mod popups;
mod review_panel;
mod scores;
pub mod settings;
mod style;
mod team_window;
pub mod text_view;

use std::path::PathBuf;

pub use app::{SaysoApp, StartOptions};

/// The window's icon (`assets/icon.png`, also the desktop entry's).
fn icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")).unwrap_or_default()
}

/// The renderer: OpenGL (glow) unless `SAYSO_RENDERER=wgpu`. Without a GPU (virtual
/// machines, remote desktops) Mesa's software OpenGL draws a frame of this window four to
/// five times cheaper than wgpu on its software Vulkan (`benches/window.sh`: 60 against
/// 271 ms of CPU for a key press); with a GPU both are instant.
fn renderer() -> eframe::Renderer {
    match std::env::var("SAYSO_RENDERER").as_deref() {
        Ok("wgpu") => eframe::Renderer::Wgpu,
        _ => eframe::Renderer::Glow,
    }
}

/// Opens the window on `paths` (a project, or article files; empty: the last project or
/// the bundled demo), annotating as `annotator` (else the remembered name, else asked).
pub fn run(paths: Vec<PathBuf>, annotator: Option<String>) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("sayso")
            .with_icon(icon())
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        renderer: renderer(),
        ..Default::default()
    };
    let start = StartOptions { paths, annotator };
    eframe::run_native(
        "sayso",
        options,
        Box::new(|cc| Ok(Box::new(SaysoApp::new(cc, start)))),
    )
}
