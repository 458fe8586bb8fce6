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
    let layers = [layer.to_string()];
    // A JSONL file into one layer goes part by part where the project's index allows
    // (memory holds a part); anything else, and a file that part cannot take, whole.
    let mut early = Vec::new();
    if format == Format::Jsonl
        && args.annotator_separator.is_none()
        && let store::ToWrite::Parts(parts) = store::open_locked_to_write(&lock, limit, &layers)?
    {
        match by_parts(&lock, &parts, file, layer, args.dry_run)? {
            Ok(done) => {
                drop(lock);
                let said = formats::Read::default();
                tell_refused(&args, &said)?;
                return report(&args, format, vec![(layer.to_string(), done)], &said);
            }
            Err(warnings) => early = warnings,
        }
    }
    // Of the layers, only the one replaced is read; with annotators in the file names the
    // layers are named by the file: all are read.
    let opened = match &args.annotator_separator {
        None => store::open_locked_with(&lock, limit, &layers)?,
        Some(_) => store::open_locked(&lock, limit)?,
    };
    // What a try by parts said that opening again does not (an interrupted save it
    // finished), then what opening says.
    early.retain(|w| !opened.warnings.contains(w));
    print_warnings(&early);
    print_warnings(&opened.warnings);
    let mut project = opened.project;
    let spinner = spinner(&format!("reading {}", file.display()));
    let read = formats::read_with(&project, file, format, &options);
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let mut read = read?;
    // What was refused and left out, said before anything else.
    let said = formats::Read {
        refused: std::mem::take(&mut read.refused),
        ignored: std::mem::take(&mut read.ignored),
        ..Default::default()
    };
    tell_refused(&args, &said)?;
    let by_annotator = read.by_annotator();
    if by_annotator.is_empty() {
        anyhow::bail!(
            "{}: no document could be imported ({} refused)",
            file.display(),
            said.refused.len()
        );
    }
    let mut done = Vec::new();
    for (annotator, predictions) in by_annotator {
        let name = match &annotator {
            Some(a) => format!("{layer}-{a}"),
            None => layer.to_string(),
        };
        let imported = formats::import(&mut project, &name, predictions);
        done.push((name, imported));
    }
    // Saved before anything is printed: a closed stdout never loses the import.
    if !args.dry_run {
        store::save_locked(&lock, &mut project)?;
    }
    drop(lock);
    report(&args, format, done, &said)
}

/// Imports the JSONL file `file` into layer `layer` of `parts`, part by part: each part's
/// documents read with that layer, their records read from the file (placed first by
/// [`formats::jsonl::place_records`]), imported and staged, all committed together (not
/// with `dry_run`). `Err` with what opening said when the file or the project needs the
/// whole import: a record naming no document by id or one the project lacks, a document
/// given twice, an error in a record (the whole import reports the file's first); nothing
/// is written then. New stance targets go to `project.ron` with the commit.
fn by_parts(
    lock: &store::WriteLock,
    parts: &store::IndexedParts,
    file: &Path,
    layer: &str,
    dry_run: bool,
) -> anyhow::Result<Result<formats::Imported, Vec<String>>> {
    let mut warnings = parts.parts().warnings.clone();
    let Some(placed) = formats::jsonl::place_records(file)? else {
        return Ok(Err(warnings));
    };
    let index: std::collections::HashMap<&str, usize> = (parts.documents().iter())
        .enumerate()
        .map(|(i, d)| (d.entry.id.as_str(), i))
        .collect();
    // Each document's record, by the document's place in the project.
    let mut of_document: Vec<Option<&formats::jsonl::Placed>> = vec![None; index.len()];
    for p in &placed {
        match index.get(p.id.as_str()) {
            Some(&i) if of_document[i].is_none() => of_document[i] = Some(p),
            _ => return Ok(Err(warnings)),
        }
    }
    let mut save = store::PartSave::new(lock)?;
    let mut done = formats::Imported::default();
    let layers = [layer.to_string()];
    // Stance targets named, with their record's line: added in the file's order, as a
    // whole import adds them.
    let mut targets: Vec<(usize, String)> = Vec::new();
    for range in parts.parts().ranges(store::PART) {
        let records: Vec<&formats::jsonl::Placed> = of_document[range.clone()]
            .iter()
            .flatten()
            .copied()
            .collect();
        if records.is_empty() {
            continue;
        }
        let opened = parts.part_to_write(range, &layers)?;
        warnings.extend(opened.warnings);
        let mut part = opened.project;
        let Ok(predictions) = formats::jsonl::read_placed(&part, file, &records) else {
            return Ok(Err(warnings));
        };
        for (record, p) in records.iter().zip(&predictions) {
            targets.extend(
                p.layer
                    .stances
                    .iter()
                    .map(|t| (record.line, t.target.clone())),
            );
        }
        let imported = formats::import(&mut part, layer, predictions);
        // Its new targets go to `project.ron` with the commit.
        part.mark_saved();
        done.add(&imported);
        if !dry_run {
            save.stage(&part)?;
        }
    }
    targets.sort_by_key(|(line, _)| *line);
    let mut schema = parts.parts().project().schema.clone();
    done.targets_added = (targets.into_iter())
        .filter_map(|(_, t)| schema.add_target(&t).then_some(t))
        .collect();
    save.add_targets(done.targets_added.clone());
    print_warnings(&warnings);
    if !dry_run {
        save.commit()?;
    }
    Ok(Ok(done))
}

/// The refused documents on stderr (the first ones) and in `--report`, and what reading
/// left out.
fn tell_refused(args: &ImportArgs, read: &formats::Read) -> anyhow::Result<()> {
    if let Some(path) = &args.report {
        write_report(path, &read.refused)?;
    }
    if !args.json {
        report_refused(&read.refused, args.report.as_deref());
        if let Some(summary) = read.ignored_summary() {
            errln!("note: {summary}");
        }
    }
    Ok(())
}

/// What an import did, on stdout: `done`, each layer imported into, and what reading
/// refused and left out (`said`: nothing for an import by parts, which any error stops).
fn report(
    args: &ImportArgs,
    format: Format,
    done: Vec<(String, formats::Imported)>,
    said: &formats::Read,
) -> anyhow::Result<()> {
    let refused = &said.refused;
    let verb = if args.dry_run {
        "would import"
    } else {
        "imported"
    };
    if args.json {
        let layers: Vec<serde_json::Value> = (done.iter())
            .map(|(name, imported)| {
                serde_json::json!({
                    "layer": name,
                    "documents": imported.documents,
                    "speakers": imported.speakers,
                    "quotes": imported.quotes,
                    "stances": imported.stances,
                    "noise_lines": imported.noise,
                    "replaced": imported.replaced,
                    "targets_added": imported.targets_added,
                })
            })
            .collect();
        let refused: Vec<serde_json::Value> = (refused.iter())
            .map(|e| {
                serde_json::json!({"file": e.path, "line": e.line, "item": e.item, "reason": e.message})
            })
            .collect();
        let out = serde_json::json!({
            "format": format.name(),
            "dry_run": args.dry_run,
            "layers": layers,
            "refused": refused,
            "left_out": serde_json::to_value(&said.ignored).expect("plain data"),
        });
        outln!(
            "{}",
            serde_json::to_string_pretty(&out).expect("plain data")
        );
        return Ok(());
    }
    for (name, imported) in &done {
        outln!("{verb} into layer {name:?}: {imported}");
    }
    if args.dry_run {
        outln!("dry run: nothing was saved");
    }
    if !refused.is_empty() {
        outln!("refused {}", counted(refused.len(), "document"));
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
