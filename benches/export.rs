//! Benchmark of `sayso export` (the targets: the whole demo project in every format
//! under a second; a number for 10,000 documents to JSONL).
//!
//! - `export_demo/FORMAT`: the demo project's `gold` layer (4 documents) in each format;
//! - `export_10000_docs/jsonl`: 10,000 documents, generated in memory as `benches/eval.rs`
//!   does (the demo's four articles, each copied 2,500 times with a line that makes every
//!   copy a different text, with the demo's `gold` layer): about 70 MB of JSONL.
//!
//! Every run writes into the same temporary folder with `force`, each file atomically and
//! synced, as `sayso export --force` does. Run with `cargo bench --bench export`.

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use sayso::formats::{self, ExportFormat, ExportOptions};
use sayso::model::{Document, Project};
use sayso::store;
use sayso::text::{DEFAULT_SIZE_LIMIT, Text};

const DOCS: usize = 10_000;

fn demo() -> Project {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo");
    store::open(&root, DEFAULT_SIZE_LIMIT)
        .expect("the demo opens")
        .project
}

/// `DOCS` copies of the demo's documents with their `gold` layer, in memory.
fn generated(demo: &Project) -> Project {
    let mut project = Project::new("export-benchmark");
    project.schema = demo.schema.clone();
    for i in 0..DOCS {
        let base = &demo.documents[i % demo.documents.len()];
        let text = Text::new(format!("{}\nCopy {i}\n", base.text.as_str()));
        let id = format!("{}-{i:05}", base.id);
        let mut doc = Document::new(&id, &format!("articles/{id}.txt"), text);
        let mut gold = base.layers["gold"].clone();
        // Appending a line moves no offset.
        gold.anchored_to = doc.sha256.clone();
        doc.layers.insert("gold".into(), gold);
        project.documents.push(doc);
    }
    project
}

fn export(project: &Project, format: ExportFormat, out: &Path) -> usize {
    let options = ExportOptions {
        layer: "gold".into(),
        format,
        out: out.to_owned(),
        only_reviewed: false,
        force: true,
    };
    let exported = formats::export(project, &options, &mut |_, _| {}).expect("exported");
    exported.counts.documents
}

fn export_benches(c: &mut Criterion) {
    let demo = demo();
    let dir = tempfile::tempdir().expect("a temporary folder");

    let mut group = c.benchmark_group("export_demo");
    group.sample_size(20);
    for format in ExportFormat::ALL {
        let out = dir.path().join(format.name());
        group.bench_function(format.name(), |b| b.iter(|| export(&demo, format, &out)));
    }
    group.finish();

    let project = generated(&demo);
    let out = dir.path().join("big");
    let mut group = c.benchmark_group("export_10000_docs");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("jsonl", |b| {
        b.iter(|| assert_eq!(export(&project, ExportFormat::Jsonl, &out), DOCS))
    });
    group.finish();
    let size = std::fs::metadata(out.join("gold.jsonl")).map_or(0, |m| m.len());
    eprintln!(
        "gold.jsonl of {DOCS} documents: {:.1} MB",
        size as f64 / 1e6
    );
}

criterion_group!(benches, export_benches);
criterion_main!(benches);
