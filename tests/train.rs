//! `sayso train`: fits the suggester to a project's layer, saves `suggest.ron` beside
//! `project.ron`, and `sayso suggest` then uses it.

mod common;

use sayso::store;
use sayso::suggest::{MODEL_FILE, Model};
use sayso::text::DEFAULT_SIZE_LIMIT;

fn sayso(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sayso"))
        .args(args)
        .output()
        .expect("the sayso binary runs")
}

#[test]
fn train_saves_a_model_that_suggest_uses() {
    let dir = common::demo_copy();
    let root = dir.path().to_str().unwrap();
    let out = sayso(&["train", root, "--from", "gold"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("trained on layer \"gold\": 4 documents"),
        "{stdout}"
    );
    assert!(stdout.contains("4-fold cross-validated"), "{stdout}");
    let model = Model::load(&dir.path().join(MODEL_FILE)).unwrap();
    assert!(model.noise.is_some());
    assert!(
        !model.quotes.that_in_content,
        "the demo's guidelines leave \"that\" out"
    );
    assert!(
        !model.quotes.cue_groups,
        "the demo's guidelines: the reporting verb only"
    );

    let out = sayso(&["suggest", root]);
    assert_eq!(out.status.code(), Some(0));
    let opened = store::open(dir.path(), DEFAULT_SIZE_LIMIT).unwrap();
    assert!(sayso::model::validate(&opened.project).is_empty());
}

#[test]
fn train_needs_a_labelled_layer() {
    let dir = common::demo_copy();
    let root = dir.path().to_str().unwrap();
    let out = sayso(&["train", root, "--from", "nobody"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no document has labels"));
    assert!(!dir.path().join(MODEL_FILE).exists());
}
