//! The model is pure: no module outside `src/ui/` and `src/main.rs` may use egui or
//! eframe, so everything that reads, writes, scores or exports runs headless and is
//! tested without a window.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// True if a line of code (not a comment) names a GUI crate.
fn uses_gui(line: &str) -> bool {
    let code = line.split("//").next().unwrap_or("");
    ["egui", "eframe", "rfd::"].iter().any(|name| {
        code.match_indices(name).any(|(at, _)| {
            let before = code[..at].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
    })
}

#[test]
fn only_the_ui_and_main_use_gui_crates() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 10, "found the sources");
    let mut offenders = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        if relative.starts_with("ui") || relative == Path::new("main.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if uses_gui(line) {
                offenders.push(format!(
                    "src/{}:{}: {}",
                    relative.display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "GUI crates used outside src/ui:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_check_sees_real_uses_and_ignores_comments() {
    assert!(uses_gui("use egui::Ui;"));
    assert!(uses_gui("    let ctx: &eframe::Frame = f;"));
    assert!(!uses_gui("// drawn by egui elsewhere"));
    assert!(!uses_gui("let my_egui_like = 1;"));
}
