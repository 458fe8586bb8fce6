//! Scores the built-in suggester on the public development sets (see
//! `../shared/dev-data/README.md` and [`sayso::metrics::devsets`]).
//!
//! ```text
//! cargo run --release --example devsets [-- DIR] [--model FILE | --rules-only] [--sets a,b] [--json]
//! ```
//! DIR defaults to `../shared/dev-data`; `--model` scores a model saved by `sayso train`
//! (a project's `suggest.ron`) instead of the shipped one, `--rules-only` the word lists
//! and rules without the line model; `--sets` limits the sets (default: every set
//! but `quotes-polnear-train`, which is for training).

use std::path::PathBuf;

use sayso::metrics::devsets::{read_set, score_set};
use sayso::model::Schema;

fn main() -> anyhow::Result<()> {
    let mut dir = PathBuf::from("../shared/dev-data");
    let mut model = None;
    let mut sets: Option<Vec<String>> = None;
    let mut json = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--model" => model = args.next().map(PathBuf::from),
            "--sets" => {
                sets = args
                    .next()
                    .map(|s| s.split(',').map(String::from).collect())
            }
            "--json" => json = true,
            "--rules-only" => model = Some(PathBuf::new()),
            _ => dir = PathBuf::from(a),
        }
    }
    let model = match model {
        Some(path) if path.as_os_str().is_empty() => sayso::suggest::Model::rules_only(),
        Some(path) => sayso::suggest::Model::load(&path)?,
        None => sayso::suggest::Model::default(),
    };
    let schema = Schema::default();
    let mut names: Vec<String> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("gold.jsonl").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut all = Vec::new();
    for name in names {
        let wanted = match &sets {
            Some(s) => s.contains(&name),
            None => name != "quotes-polnear-train",
        };
        if !wanted {
            continue;
        }
        let docs = read_set(&dir.join(&name))?;
        let scores = score_set(&name, &docs, |text| {
            sayso::suggest::suggest_with(text, &schema, &model)
        });
        if !json {
            print!("{scores}");
        }
        all.push(scores);
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&all)?);
    }
    Ok(())
}
