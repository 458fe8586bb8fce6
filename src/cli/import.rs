//! `sayso import`: predictions or another tool's annotations into a layer, all or nothing
//! (or, with `--skip-invalid`, the good documents and a report of the others).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::{counted, errln, outln, print_warnings};
use crate::formats::{self, Discontinuous, Format, ImportError, ReadOptions};
use crate::store;

/// The options of `sayso import` beyond the project, the file and the layer.
#[derive(Debug, Clone, Default)]
pub struct ImportArgs {
    pub format: Option<Format>,
    pub map: Option<PathBuf>,
    pub texts: Option<PathBuf>,
    pub skip_invalid: bool,
    pub report: Option<PathBuf>,
    pub discontinuous: Discontinuous,
    pub annotator_separator: Option<String>,
    pub dry_run: bool,
    /// Print one JSON object (layers imported, refused documents, left-out counts).
    pub json: bool,
}

/// How many refused documents are listed on the terminal before a count.
const SHOWN: usize = 20;

pub(super) fn run(
    project: &Path,
    file: &Path,
    layer: &str,
    args: ImportArgs,
    limit: u64,
) -> anyhow::Result<()> {
    if layer.trim().is_empty() {
        anyhow::bail!("--layer needs a name, e.g. model:crf");
    }
    if layer.chars().any(crate::text::is_control) {
        anyhow::bail!("--layer {layer:?}: a layer name cannot hold control characters");
    }
    if !file.exists() {
        anyhow::bail!("{}: no such file or folder", file.display());
    }
    let format = match args.format.or_else(|| Format::guess(file)) {
        Some(format) => format,
        None => {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            anyhow::bail!(
                "{}: cannot tell the format from the name or the content; give --format ({})",
                file.display(),
                names.join(", ")
            )
        }
    };
    let mapping = match &args.map {
        Some(path) => formats::spans::Mapping::load(path)?,
        None => Default::default(),
    };
    let options = ReadOptions {
        mapping,
        texts: args.texts.clone(),
        skip_invalid: args.skip_invalid,
        discontinuous: args.discontinuous,
        annotator_separator: args.annotator_separator.clone(),
    };
    check_sizes(file, limit)?;
    // Held from reading the project to saving it: no other writer in between.
    let lock = store::lock_project(project)?;
    // Of the layers, only the one replaced is read; with annotators in the file names the
    // layers are named by the file: all are read.
    let opened = match &args.annotator_separator {
        None => store::open_locked_with(&lock, limit, &[layer.to_string()])?,
        Some(_) => store::open_locked(&lock, limit)?,
    };
    print_warnings(&opened.warnings);
    let mut project = opened.project;
    let spinner = spinner(&format!("reading {}", file.display()));
    let read = formats::read_with(&project, file, format, &options);
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let read = read?;
    if let Some(path) = &args.report {
        write_report(path, &read.refused)?;
    }
    if !args.json {
        report_refused(&read.refused, args.report.as_deref());
        if let Some(summary) = read.ignored_summary() {
            errln!("note: {summary}");
        }
    }
    let refused = read.refused.len();
    let refused_json: Vec<serde_json::Value> = read
        .refused
        .iter()
        .map(|e| {
            serde_json::json!({"file": e.path, "line": e.line, "item": e.item, "reason": e.message})
        })
        .collect();
    let ignored_json = serde_json::to_value(&read.ignored).expect("plain data");
    let by_annotator = read.by_annotator();
    if by_annotator.is_empty() {
        anyhow::bail!(
            "{}: no document could be imported ({} refused)",
            file.display(),
            refused
        );
    }
    let verb = if args.dry_run {
        "would import"
    } else {
        "imported"
    };
    let mut layers = Vec::new();
    let mut said = Vec::new();
    for (annotator, predictions) in by_annotator {
        let name = match &annotator {
            Some(a) => format!("{layer}-{a}"),
            None => layer.to_string(),
        };
        let imported = formats::import(&mut project, &name, predictions);
        said.push(format!("{verb} into layer {name:?}: {imported}"));
        layers.push(serde_json::json!({
            "layer": name,
            "documents": imported.documents,
            "speakers": imported.speakers,
            "quotes": imported.quotes,
            "stances": imported.stances,
            "noise_lines": imported.noise,
            "replaced": imported.replaced,
            "targets_added": imported.targets_added,
        }));
    }
    // Saved before anything is printed: a closed stdout never loses the import.
    if !args.dry_run {
        store::save_locked(&lock, &mut project)?;
    }
    drop(lock);
    if !args.json {
        for line in said {
            outln!("{line}");
        }
    }
    if args.json {
        let out = serde_json::json!({
            "format": format.name(),
            "dry_run": args.dry_run,
            "layers": layers,
            "refused": refused_json,
            "left_out": ignored_json,
        });
        outln!(
            "{}",
            serde_json::to_string_pretty(&out).expect("plain data")
        );
        return Ok(());
    }
    if args.dry_run {
        outln!("dry run: nothing was saved");
    }
    if refused > 0 {
        outln!("refused {}", counted(refused, "document"));
    }
    Ok(())
}

/// A spinner on stderr while `what` runs, when stderr is a terminal.
pub(super) fn spinner(what: &str) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let s = indicatif::ProgressBar::new_spinner().with_message(what.to_string());
    s.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(s)
}

/// The refused documents on stderr: the first ones, then a count.
fn report_refused(refused: &[ImportError], report: Option<&Path>) {
    for e in refused.iter().take(SHOWN) {
        errln!("refused: {e}");
    }
    if refused.len() > SHOWN {
        let rest = refused.len() - SHOWN;
        match report {
            Some(path) => errln!("… and {rest} more, all in {}", path.display()),
            None => errln!("… and {rest} more (--report FILE lists them all)"),
        }
    }
}

/// The report of refused documents: a TSV with file, line, item and reason.
fn write_report(path: &Path, refused: &[ImportError]) -> anyhow::Result<()> {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut out = String::from("file\tline\titem\treason\n");
    for e in refused {
        out += &format!(
            "{}\t{}\t{}\t{}\n",
            clean(&e.path.display().to_string()),
            e.line.map(|l| l.to_string()).unwrap_or_default(),
            clean(e.item.as_deref().unwrap_or_default()),
            clean(&e.message)
        );
    }
    std::fs::write(path, out)
        .map_err(|e| anyhow::anyhow!("{}: cannot write the report: {e}", path.display()))
}

/// Refuses a file to import (or a file in a folder to import) above `limit` bytes, like
/// articles: a 200 MB speaker name would become a 200 MB layer file.
fn check_sizes(path: &Path, limit: u64) -> anyhow::Result<()> {
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(p) = stack.pop() {
        let Ok(meta) = std::fs::metadata(&p) else {
            continue; // the reader names what is missing
        };
        if meta.is_dir() {
            // A folder reached twice (a link to itself or a parent) is walked once.
            let Ok(real) = p.canonicalize() else { continue };
            if !seen.insert(real) {
                continue;
            }
            if let Ok(entries) = std::fs::read_dir(&p) {
                stack.extend(entries.flatten().map(|e| e.path()));
            }
        } else if meta.len() > limit {
            anyhow::bail!(
                "{}: the file is {} bytes, above the limit of {limit} bytes (raise it with --max-size)",
                p.display(),
                meta.len()
            );
        }
    }
    Ok(())
}
