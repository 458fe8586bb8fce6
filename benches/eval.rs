//! Benchmark of `sayso eval` on 10,000 documents (the target: under 2 s).
//!
//! Before anything is timed, a project is generated in a temporary folder: the demo
//! project's four articles, each copied 2,500 times (with a line that makes every copy a
//! different text), with the demo's `gold` layer and a `pred` layer derived from it with
//! deterministic mistakes (dropped and shifted quotes and mentions, missed and extra noise
//! lines, flipped stance labels), so matching has real work to do. About 174,000 gold
//! quotes, 320,000 mentions and 125,000 noise lines.
//!
//! - `evaluate`: [`metrics::evaluate_project`] on the project in memory;
//! - `open_and_evaluate`: what `sayso eval` does: [`store::open`], then evaluate.
//!
//! Run with `cargo bench --bench eval` (generating and saving the project takes about
//! half a minute first).

mod common;
use common::Lcg;

use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use sayso::metrics;
use sayso::model::{Layer, NoiseLine, Span};
use sayso::store::{self, ProjectPaths};
use sayso::text::DEFAULT_SIZE_LIMIT;

// The allocator of the `sayso` binary, so the numbers are the command's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DOCS: usize = 10_000;

/// `gold` with a model's kind of mistakes.
fn predicted(gold: &Layer, rng: &mut Lcg) -> Layer {
    let mut pred = gold.clone();
    let shift = |span: &mut Span, rng: &mut Lcg| {
        if rng.chance(30) && span.len() > 6 {
            span.end -= 3;
        }
    };
    pred.quotes.retain(|_| !rng.chance(15));
    for quote in &mut pred.quotes {
        quote.content.iter_mut().for_each(|s| shift(s, rng));
        if rng.chance(10) {
            quote.cue = None;
        }
        quote.score = Some(0.5);
    }
    for speaker in &mut pred.speakers {
        speaker.mentions.retain(|_| !rng.chance(10));
        speaker.mentions.iter_mut().for_each(|s| shift(s, rng));
    }
    pred.noise.retain(|_| !rng.chance(5));
    let extra = NoiseLine {
        line: 1,
        category: "other".into(),
        text: String::new(),
        orphaned: false,
        score: Some(0.3),
    };
    if pred.noise_position(1).is_err() {
        let at = pred.noise_position(1).unwrap_err();
        pred.noise.insert(at, extra);
    }
    for stance in &mut pred.stances {
        if rng.chance(20) {
            stance.label = "neutral".into();
        }
    }
    pred
}

fn eval_benches(c: &mut Criterion) {
    let demo = store::open(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("projects/demo")
            .as_path(),
        DEFAULT_SIZE_LIMIT,
    )
    .expect("the demo opens")
    .project;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let paths = ProjectPaths::new(dir.path());
    let mut project = store::create(dir.path(), "eval-benchmark").expect("a project");
    project.schema = demo.schema.clone();
    let sources = dir.path().join("sources");
    std::fs::create_dir_all(&sources).expect("a folder");
    let mut rng = Lcg::new(7);
    for i in 0..DOCS {
        let base = &demo.documents[i % demo.documents.len()];
        let file = sources.join(format!("{}-{i:05}.txt", base.id));
        let text = format!("{}\nCopy {i}\n", base.text.as_str());
        std::fs::write(&file, text).expect("the article is written");
        store::add_article(&paths, &mut project, &file, DEFAULT_SIZE_LIMIT).expect("added");
        let doc = project.documents.last_mut().expect("the new document");
        let mut gold = base.layers["gold"].clone();
        // Anchored to this copy's text, so opening does not re-anchor.
        gold.anchored_to = doc.sha256.clone();
        let pred = predicted(&gold, &mut rng);
        for (name, layer) in [("gold", gold), ("pred", pred)] {
            doc.layers.insert(name.into(), layer);
            doc.set_unsaved(name, true);
        }
    }
    store::save(&paths, &mut project).expect("the project is saved");

    let mut group = c.benchmark_group("eval_10000_docs");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("evaluate", |b| {
        b.iter(|| metrics::evaluate_project(&project, "gold", "pred"))
    });
    // The command exits without freeing the project, so neither is its drop timed here.
    group.bench_function("open_and_evaluate", |b| {
        b.iter_with_large_drop(|| {
            let opened = store::open(dir.path(), DEFAULT_SIZE_LIMIT).expect("it opens");
            let evaluation = metrics::evaluate_project(&opened.project, "gold", "pred");
            (opened, evaluation)
        })
    });
    group.finish();
}

criterion_group!(benches, eval_benches);
criterion_main!(benches);
