//! Scores the built-in suggester on the public development sets (see
//! `../shared/dev-data/README.md` and [`sayso::metrics::devsets`]).
//!
//! ```text
//! cargo run --release --example devsets [-- DIR] [--model FILE | --rules-only] [--sets a,b] [--json]
//!     [--learn-quotes SET] [--misses KIND] [--dump PREFIX] [--explain FILE]
//! ```
//! DIR defaults to `../shared/dev-data`; `--model` scores a model saved by `sayso train`
//! (a project's `suggest.ron`) instead of the shipped one, `--rules-only` the word lists
//! and rules without the line model; `--sets` limits the sets (default: every set
//! but `quotes-polnear-train`, which is for training). `--learn-quotes SET` learns the
//! quote conventions from a set's gold quotes (what `sayso train` learns from a layer:
//! "that" in the content, verb-group cues, extra cue words) before scoring; `--misses`,
//! `--dump` and `--explain` are for error analysis.

use std::path::PathBuf;

use sayso::metrics::devsets::{read_set, score_set};
use sayso::model::Schema;

fn main() -> anyhow::Result<()> {
    let mut dir = PathBuf::from("../shared/dev-data");
    let mut model = None;
    let mut sets: Option<Vec<String>> = None;
    let mut json = false;
    // Print the gold quotes of this kind that no prediction covers (error analysis).
    let mut misses: Option<String> = None;
    // Write every prediction's quotes as JSON lines to this file (error analysis).
    let mut dump: Option<PathBuf> = None;
    // Learn the quote conventions from this set's gold, as `sayso train` does from a layer.
    let mut learn: Option<String> = None;
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
            "--misses" => misses = args.next(),
            "--dump" => dump = args.next().map(PathBuf::from),
            "--learn-quotes" => learn = args.next(),
            "--explain" => {
                let file = args.next().unwrap_or_default();
                return explain(&PathBuf::from(file));
            }
            _ => dir = PathBuf::from(a),
        }
    }
    let mut model = match model {
        Some(path) if path.as_os_str().is_empty() => sayso::suggest::Model::rules_only(),
        Some(path) => sayso::suggest::Model::load(&path)?,
        None => sayso::suggest::Model::default(),
    };
    if let Some(set) = &learn {
        let docs = read_set(&dir.join(set))?;
        model.quotes = sayso::suggest::conventions::learn_from_set(&docs, &model.quotes);
        eprintln!("quote conventions learnt from {set}: {:?}", model.quotes);
    }
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
        if let Some(path) = &dump {
            dump_quotes(
                &path.with_extension(format!("{name}.jsonl")),
                &docs,
                &schema,
                &model,
            )?;
        }
        if let Some(kind) = &misses {
            print_misses(&docs, kind, &schema, &model);
        }
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

/// The gold quotes of `kind` that no predicted quote covers half of, with their cue.
fn print_misses(
    docs: &[sayso::metrics::devsets::DevDoc],
    kind: &str,
    schema: &Schema,
    model: &sayso::suggest::Model,
) {
    for doc in docs {
        let text = sayso::text::Text::new(doc.text.clone());
        let layer = sayso::suggest::suggest_with(&text, schema, model);
        let chars: Vec<char> = doc.text.chars().collect();
        for q in doc.quotes.iter().filter(|q| q.kind == kind) {
            let gold: usize = q.content.iter().map(|s| s.end - s.start).sum();
            let covered = layer.quotes.iter().any(|p| {
                let shared: usize = q
                    .content
                    .iter()
                    .map(|g| {
                        p.content
                            .iter()
                            .map(|s| s.end.min(g.end).saturating_sub(s.start.max(g.start)))
                            .sum::<usize>()
                    })
                    .sum();
                2 * shared >= gold && shared > 0
            });
            if !covered {
                let c = &q.content[0];
                let lo = c.start.saturating_sub(60);
                let hi = (q.content.last().unwrap().end + 60).min(chars.len());
                let s: String = chars[lo..hi].iter().collect();
                let cue = q
                    .cue
                    .as_ref()
                    .map(|c| chars[c.start..c.end].iter().collect::<String>());
                println!("MISS {} cue={:?}: {}", doc.id, cue, s.replace('\n', " / "));
            }
        }
    }
}

/// Prints the quotes predicted for the text file `path` (content, cue, source, kind).
fn explain(path: &std::path::Path) -> anyhow::Result<()> {
    let raw = std::fs::read_to_string(path)?;
    let text = sayso::text::Text::new(raw.replace("\r\n", "\n").replace('\r', "\n"));
    let layer = sayso::suggest::suggest(&text, &Schema::default());
    for q in &layer.quotes {
        let content: Vec<&str> = q.content.iter().map(|s| s.text.as_str()).collect();
        println!(
            "{} cue={:?} source={:?} speaker={:?}\n    {}",
            q.kind,
            q.cue.as_ref().map(|s| &s.text),
            q.source.as_ref().map(|s| &s.text),
            q.speaker,
            content.join(" | ")
        );
    }
    Ok(())
}

/// One JSON line per document: its id and the predicted quotes' content, cue and source
/// spans (code points).
fn dump_quotes(
    path: &std::path::Path,
    docs: &[sayso::metrics::devsets::DevDoc],
    schema: &Schema,
    model: &sayso::suggest::Model,
) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let span = |s: &sayso::model::Span| [s.start, s.end];
    for doc in docs {
        let text = sayso::text::Text::new(doc.text.clone());
        let layer = sayso::suggest::suggest_with(&text, schema, model);
        let quotes: Vec<serde_json::Value> = layer
            .quotes
            .iter()
            .map(|q| {
                serde_json::json!({
                    "kind": q.kind,
                    "content": q.content.iter().map(span).collect::<Vec<_>>(),
                    "cue": q.cue.as_ref().map(span),
                    "source": q.source.as_ref().map(span),
                })
            })
            .collect();
        let noise: Vec<usize> = layer.noise.iter().map(|n| n.line).collect();
        writeln!(
            out,
            "{}",
            serde_json::json!({"id": doc.id, "quotes": quotes, "noise": noise})
        )?;
    }
    Ok(())
}
