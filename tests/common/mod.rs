//! Helpers the integration tests share (each test uses some of them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The bundled demo project.
pub fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo")
}

/// A copy of the demo project in a temporary folder, to change freely.
pub fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&demo(), dir.path());
    dir
}

/// Copies the folder `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The real window on `project`, headless, annotating as `tester`; `height` in points (a
/// tall window keeps a whole article in view). No system fonts here: non-Latin glyphs are
/// drawn as boxes, laid out all the same.
pub fn window(project: &Path, height: f32) -> egui_kittest::Harness<'static, sayso::ui::SaysoApp> {
    let project = project.to_path_buf();
    egui_kittest::Harness::builder()
        .with_size(egui::Vec2::new(1500.0, height))
        .allow_missing_glyphs()
        .build_eframe(move |cc| {
            let settings = sayso::ui::settings::Settings {
                annotator: Some("tester".into()),
                ..Default::default()
            };
            let start = sayso::ui::StartOptions {
                paths: vec![project],
                annotator: Some("tester".into()),
            };
            sayso::ui::SaysoApp::with_settings(&cc.egui_ctx, settings, start)
        })
}

/// A few frames, so that commands queued by input run and the view settles.
pub fn settle(h: &mut egui_kittest::Harness<'_, sayso::ui::SaysoApp>) {
    for _ in 0..4 {
        h.step();
    }
}
