//! Pins on the public development sets (`../shared/dev-data`, see its README), run only
//! when the folder is there: the suggester's quality on data it was not written against.
//! The sets are never copied into the repository.
//!
//! A debug build scores every third document (the suggester is much slower unoptimized),
//! with pins a little lower; `cargo test --release --test devsets` scores every document.
//! Note: the shipped line model was trained on the noise sets (the cross-validated
//! figures are in the README, from `cargo run --release --example train_default`); these
//! pins guard against regressions, they do not measure generalization.

use std::path::PathBuf;

use sayso::metrics::devsets::{DevDoc, SetScores, read_set, score_set};
use sayso::model::Schema;
use sayso::suggest::{Model, suggest_with};

fn dev_data() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/dev-data");
    dir.is_dir().then_some(dir)
}

fn score(name: &str) -> Option<SetScores> {
    let Some(dir) = dev_data() else {
        eprintln!("../shared/dev-data is absent: skipped");
        return None;
    };
    let docs = read_set(&dir.join(name)).expect("the set reads");
    let docs: Vec<DevDoc> = if cfg!(debug_assertions) {
        docs.into_iter().step_by(3).collect()
    } else {
        docs
    };
    let (schema, model) = (Schema::default(), Model::default());
    let scores = score_set(name, &docs, |t| suggest_with(t, &schema, &model));
    println!("{scores}");
    Some(scores)
}

/// The pin, a little lower on the debug subset.
fn pin(release: f64) -> f64 {
    if cfg!(debug_assertions) {
        release - 0.03
    } else {
        release
    }
}

fn at_least(name: &str, got: Option<f64>, release: f64) {
    let got = got.unwrap_or(0.0);
    assert!(
        got >= pin(release),
        "{name}: {got:.3} fell below {:.3}",
        pin(release)
    );
}

#[test]
fn noise_on_whole_news_pages() {
    let Some(s) = score("noise-pages-dev") else {
        return;
    };
    let n = s.noise.unwrap();
    at_least("pages noise F1", n.noise.f1(), 0.95);
    at_least("pages body F1", n.clean.f1(), 0.75);
}

#[test]
fn noise_on_cleaned_web_text() {
    let Some(s) = score("noise-turku-en-train") else {
        return;
    };
    let n = s.noise.unwrap();
    at_least("turku noise F1", n.noise.f1(), 0.78);
}

#[test]
fn quotes_on_political_news() {
    let Some(s) = score("quotes-polnear-dev") else {
        return;
    };
    let q = s.quotes.unwrap();
    at_least("polnear quote F1", q.quotes.f1(), 0.62);
    at_least("polnear cue F1", q.cues.f1(), 0.50);
    at_least("polnear direct recall", q.recall_of("direct"), 0.84);
    at_least("polnear speaker accuracy", q.speaker_accuracy(), 0.80);
}

/// What `sayso train` learns from a layer, learnt from the training set's gold: "that" in
/// the content, verb-group cues and PolNeAR's further cue words, scored on the dev set.
#[test]
fn quotes_with_the_conventions_learnt_from_the_training_set() {
    let Some(dir) = dev_data() else {
        eprintln!("../shared/dev-data is absent: skipped");
        return;
    };
    let train = read_set(&dir.join("quotes-polnear-train")).expect("the set reads");
    let mut model = Model::default();
    model.quotes = sayso::suggest::conventions::learn_from_set(&train, &model.quotes);
    assert!(model.quotes.that_in_content && model.quotes.cue_groups);
    let docs = read_set(&dir.join("quotes-polnear-dev")).expect("the set reads");
    let docs: Vec<DevDoc> = if cfg!(debug_assertions) {
        docs.into_iter().step_by(3).collect()
    } else {
        docs
    };
    let schema = Schema::default();
    let s = score_set("quotes-polnear-dev", &docs, |t| {
        suggest_with(t, &schema, &model)
    });
    println!("{s}");
    let q = s.quotes.unwrap();
    at_least("learnt: polnear quote F1", q.quotes.f1(), 0.63);
    at_least("learnt: polnear cue F1", q.cues.f1(), 0.55);
}
