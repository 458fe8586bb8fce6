//! Helpers the integration tests share (each test uses some of them).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use sayso::model::{Layer, Project, Span, Speaker};
use sayso::store;
use sayso::text::DEFAULT_SIZE_LIMIT;

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
#[cfg(feature = "gui")]
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
#[cfg(feature = "gui")]
pub fn settle(h: &mut egui_kittest::Harness<'_, sayso::ui::SaysoApp>) {
    for _ in 0..4 {
        h.step();
    }
}

/// The project in folder `root`.
pub fn open(root: &Path) -> Project {
    store::open(root, DEFAULT_SIZE_LIMIT).unwrap().project
}

/// Every file under `root` with its bytes.
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(snapshot(&path));
        } else {
            out.insert(path.clone(), fs::read(&path).unwrap());
        }
    }
    out
}

/// The layer with ids given in order (speakers by first mention, quotes by position,
/// stances by holder, target, label), references renamed to match: for formats that do
/// not keep ids.
pub fn canonical(layer: &Layer) -> Layer {
    let mut speakers = layer.speakers.clone();
    speakers.sort_by_key(|s| s.mentions.first().map(|m| (m.start, m.end)));
    let s_ids: BTreeMap<String, String> = speakers
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), format!("s{}", i + 1)))
        .collect();
    for s in &mut speakers {
        s.id = s_ids[&s.id].clone();
    }
    let mut quotes = layer.quotes.clone();
    quotes.sort_by(|a, b| a.content.cmp(&b.content));
    let q_ids: BTreeMap<String, String> = quotes
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.clone(), format!("q{}", i + 1)))
        .collect();
    for q in &mut quotes {
        q.id = q_ids[&q.id].clone();
        q.speaker = q.speaker.as_ref().map(|s| s_ids[s].clone());
    }
    let mut stances = layer.stances.clone();
    for t in &mut stances {
        t.holder = s_ids[&t.holder].clone();
        t.evidence = t.evidence.iter().map(|e| q_ids[e].clone()).collect();
        t.evidence.sort();
        t.id = String::new();
    }
    stances.sort_by(|a, b| (&a.holder, &a.target, &a.label).cmp(&(&b.holder, &b.target, &b.label)));
    Layer {
        speakers,
        quotes,
        stances,
        noise: layer.noise.clone(),
        ..Layer::default()
    }
}

/// A span of `x`s at code points `start..end`, for tests that need no article.
pub fn span(start: usize, end: usize) -> Span {
    Span {
        start,
        end,
        text: "x".repeat(end - start),
        orphaned: false,
    }
}

/// A person with mentions at code points `mentions`.
pub fn speaker(id: &str, name: &str, mentions: &[(usize, usize)]) -> Speaker {
    Speaker {
        id: id.into(),
        name: name.into(),
        kind: "person".into(),
        mentions: mentions.iter().map(|&(s, e)| span(s, e)).collect(),
        score: None,
    }
}
