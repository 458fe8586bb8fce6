//! `sayso export`: one layer of a project, written into a folder in one format, with a
//! `manifest.json` that says what was written.
//!
//! | format   | files                                                       |
//! |----------|-------------------------------------------------------------|
//! | `jsonl`  | `LAYER.jsonl`, one sayso JSONL record per document          |
//! | `brat`   | `DOC.txt` + `DOC.ann` per document, `annotation.conf`, `visual.conf` |
//! | `citron` | `DOC.json` per document                                     |
//! | `csv`    | `quotes.csv`, one row per quote (and stance)                |
//! | `text`   | `DOC.txt` (without noise lines) + `DOC.map.json` per document |
//! | `labelstudio` | `tasks.json` (a list of tasks) + `labeling-config.xml`  |
//! | `doccano` | `doccano.jsonl`, entities and relations per document       |
//! | `prodigy` | `prodigy.jsonl`, tokens, spans and relations per document  |
//! | `conll`  | `LAYER.conll`, IOB2 columns token, speaker, cue, quote       |
//! | `spacy`  | `LAYER.spacy`, a spaCy `DocBin` (entities and span groups)   |
//! | `webanno` | `DOC.tsv` per document, WebAnno TSV 3.3 for INCEpTION       |
//!
//! `DOC` and `LAYER` are made portable by [`crate::store::names::encode`]. Every file is
//! written atomically (a temporary file renamed into place), and `manifest.json` last: a
//! folder without a manifest is an export that did not finish. The per-format writers
//! live in their own modules; this one chooses documents, names files and counts.

use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{
    MANIFEST, brat, citron, clean, conll, csv, doccano, jsonl, labelstudio, prodigy, spacy, webanno,
};
use crate::model::{Document, Layer, Project, Schema, Status};
use crate::store::{names, write_atomic};

/// A format `sayso export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// sayso JSONL (see DESIGN.md): `LAYER.jsonl`, one document per line.
    Jsonl,
    /// brat standoff: `DOC.txt` and `DOC.ann` per document, with brat's configuration.
    Brat,
    /// citron JSON: `DOC.json` per document.
    Citron,
    /// `quotes.csv`: one row per quote, safe to open in a spreadsheet.
    Csv,
    /// Clean text: `DOC.txt` without the noise lines, `DOC.map.json` back to the original.
    Text,
    /// Label Studio: `tasks.json` and the project's `labeling-config.xml`.
    Labelstudio,
    /// doccano JSONL (relation form): `doccano.jsonl`.
    Doccano,
    /// Prodigy JSONL with tokens, spans and relations: `prodigy.jsonl`.
    Prodigy,
    /// CoNLL IOB2 columns (token, speaker, cue, quote): `LAYER.conll`.
    Conll,
    /// spaCy's `DocBin` for `spacy train`: `LAYER.spacy`.
    Spacy,
    /// WebAnno TSV 3.3 for INCEpTION: `DOC.tsv` per document, speakers as chains.
    #[value(alias = "inception")]
    Webanno,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 11] = [
        ExportFormat::Jsonl,
        ExportFormat::Brat,
        ExportFormat::Citron,
        ExportFormat::Csv,
        ExportFormat::Text,
        ExportFormat::Labelstudio,
        ExportFormat::Doccano,
        ExportFormat::Prodigy,
        ExportFormat::Conll,
        ExportFormat::Spacy,
        ExportFormat::Webanno,
    ];

    /// The name on the command line and in the manifest.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Brat => "brat",
            ExportFormat::Citron => "citron",
            ExportFormat::Csv => "csv",
            ExportFormat::Text => "text",
            ExportFormat::Labelstudio => "labelstudio",
            ExportFormat::Doccano => "doccano",
            ExportFormat::Prodigy => "prodigy",
            ExportFormat::Conll => "conll",
            ExportFormat::Spacy => "spacy",
            ExportFormat::Webanno => "webanno",
        }
    }
}

/// What to export, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    pub layer: String,
    pub format: ExportFormat,
    /// The folder to write into: created if missing; refused if not empty, unless `force`.
    pub out: PathBuf,
    /// Only documents whose layer is [`Status::Reviewed`].
    pub only_reviewed: bool,
    /// Write into a non-empty folder: files of the same names are replaced, and files a
    /// previous export listed in its manifest and this one does not write are removed.
    pub force: bool,
}

/// What an export holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Documents exported.
    pub documents: usize,
    /// Documents without the layer.
    pub skipped_without_layer: usize,
    /// Documents whose layer is not reviewed (with `only_reviewed`).
    pub skipped_not_reviewed: usize,
    pub speakers: usize,
    pub mentions: usize,
    pub quotes: usize,
    pub stances: usize,
    pub noise_lines: usize,
    /// Spans (and noise lines) that lost their place when an article changed: written with
    /// their last offsets (JSONL, citron, CSV) or left out (noise lines, brat), worth fixing.
    pub orphaned: usize,
    /// Token formats (Prodigy, CoNLL): tokens cut in two where a span starts or ends
    /// inside one.
    #[serde(skip_serializing_if = "is_zero")]
    pub tokens_cut: usize,
    /// citron: quotes left out because they have no cue (citron's reader needs one).
    #[serde(skip_serializing_if = "is_zero")]
    pub quotes_without_cue_left_out: usize,
    /// CoNLL: spans left out because another of their kind overlaps them; spaCy: entities
    /// left out because another overlaps them (the span groups keep them).
    #[serde(skip_serializing_if = "is_zero")]
    pub overlapping_left_out: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Options of single formats, beside [`ExportOptions`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// brat: speakers' mentions chained by `Coref` relations instead of `Equiv` lines
    /// (INCEpTION cannot import `Equiv`).
    pub brat_relations: bool,
}

/// What [`export`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// Each file (its name in the folder) with its SHA-256, in the order written; the
    /// manifest, written last, is not among them.
    pub files: Vec<(String, String)>,
    pub counts: Counts,
}

impl fmt::Display for Exported {
    /// `4 documents: 27 speakers (61 mentions), 49 quotes, 20 stances, 38 noise lines; 2 files
    /// and manifest.json`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = |count: usize, noun: &str| match count {
            1 => format!("1 {noun}"),
            _ => format!("{count} {noun}s"),
        };
        let c = &self.counts;
        write!(
            f,
            "{}: {} ({}), {}, {}, {}; {} and {MANIFEST}",
            n(c.documents, "document"),
            n(c.speakers, "speaker"),
            n(c.mentions, "mention"),
            n(c.quotes, "quote"),
            n(c.stances, "stance"),
            n(c.noise_lines, "noise line"),
            n(self.files.len(), "file"),
        )
    }
}

/// Why an export did not happen (or did not finish).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The window asks for a confirmation and retries with `force`.
    #[error(
        "{}: the folder is not empty; export into an empty folder, or overwrite with --force",
        .0.display()
    )]
    NotEmpty(PathBuf),
    #[error("{}: is a file, not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("no document has a layer {0:?}")]
    NoLayer(String),
    #[error("the layer {layer:?} is reviewed in none of the {documents} documents that have it")]
    NoneReviewed { layer: String, documents: usize },
    #[error("{}: cannot write: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// Exports one layer of `project` as `options` say, calling `progress(done, total)` before
/// the first document and after each one. Files already written stay if a later one fails
/// (each whole), but the manifest is then missing.
pub fn export(
    project: &Project,
    options: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Exported, ExportError> {
    export_with(project, options, &WriteOptions::default(), progress)
}

/// [`export`] with the options of single formats.
pub fn export_with(
    project: &Project,
    options: &ExportOptions,
    write: &WriteOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Exported, ExportError> {
    let (docs, mut counts) = select(project, options)?;
    if by_parts(options.format) {
        // The whole project as one part: one way of writing these formats.
        let selected = docs.len();
        let whole = |each: &mut dyn FnMut(&Project) -> Result<(), ExportError>| each(project);
        return export_parts(project, options, write, selected, counts, whole, progress);
    }
    let out = &options.out;
    let stale = prepare_folder(out, options.force)?;
    let mut folder = Folder {
        dir: out,
        files: Vec::new(),
    };
    let total = docs.len();
    progress(0, total);
    let layer_name = &options.layer;
    match options.format {
        ExportFormat::Csv => {
            let rows: Vec<(&str, &Layer)> = docs.iter().map(|(d, l)| (d.id.as_str(), *l)).collect();
            folder.write("quotes.csv", |out| {
                csv::write(out, &rows).map_err(io::Error::other)
            })?;
            progress(total, total);
        }
        ExportFormat::Text => {
            for (i, (doc, layer)) in docs.iter().enumerate() {
                let stem = file_stem(&doc.id);
                let clean = clean::clean_text(&doc.text, layer);
                folder.bytes(&format!("{stem}.txt"), clean.text.as_bytes())?;
                let mut map = clean.map_json(&doc.text);
                map["document"] = doc.id.clone().into();
                let json = serde_json::to_string_pretty(&map).expect("plain data") + "\n";
                folder.bytes(&format!("{stem}.map.json"), json.as_bytes())?;
                progress(i + 1, total);
            }
        }
        ExportFormat::Labelstudio => {
            let all: Vec<(&str, &crate::text::Text, &Layer)> = docs
                .iter()
                .map(|(d, l)| (d.id.as_str(), &d.text, *l))
                .collect();
            let json = labelstudio::write(&all, layer_name);
            folder.bytes("tasks.json", json.as_bytes())?;
            progress(total, total);
            let config = labelstudio::labeling_config();
            folder.bytes("labeling-config.xml", config.as_bytes())?;
        }
        ExportFormat::Spacy => {
            let mut bin = spacy::DocBin::new();
            for (i, (doc, layer)) in docs.iter().enumerate() {
                bin.add(&doc.text, layer);
                progress(i + 1, total);
            }
            let name = format!("{}.spacy", names::encode(layer_name));
            folder.bytes(&name, &bin.to_bytes())?;
            counts.tokens_cut = bin.cuts;
            counts.overlapping_left_out = bin.overlapping;
        }
        _ => unreachable!("written by parts"),
    }
    for (_, layer) in &docs {
        count(&mut counts, layer);
    }
    finish(project, options, folder, counts, &stale)
}

/// Writes the manifest and removes what the previous export wrote that this one did not.
fn finish(
    project: &Project,
    options: &ExportOptions,
    folder: Folder,
    counts: Counts,
    stale: &[String],
) -> Result<Exported, ExportError> {
    let (out, layer_name) = (&options.out, &options.layer);
    let manifest = Manifest {
        tool: "sayso",
        version: env!("CARGO_PKG_VERSION"),
        project: &project.name,
        layer: layer_name,
        format: options.format.name(),
        only_reviewed: options.only_reviewed,
        units: "code points of the normalized text (LF line ends)",
        counts: &counts,
        files: (folder.files.iter())
            .map(|(path, sha256)| ManifestFile { path, sha256 })
            .collect(),
        schema: &project.schema,
    };
    let json = serde_json::to_string_pretty(&manifest).expect("plain data") + "\n";
    let path = out.join(MANIFEST);
    write_atomic(&path, json.as_bytes()).map_err(|source| ExportError::Io { path, source })?;
    let written: BTreeSet<&str> = folder.files.iter().map(|(f, _)| f.as_str()).collect();
    for name in stale.iter().filter(|n| !written.contains(n.as_str())) {
        // Best effort: a file the user already removed is no reason to fail.
        let _ = std::fs::remove_file(out.join(name));
    }
    Ok(Exported {
        files: folder.files,
        counts,
    })
}

/// Whether [`export_parts`] writes `format`: all but those made of every document at once
/// (one CSV table, one Label Studio JSON array, one spaCy DocBin).
pub fn by_parts(format: ExportFormat) -> bool {
    !matches!(
        format,
        ExportFormat::Csv | ExportFormat::Labelstudio | ExportFormat::Spacy
    )
}

/// [`export_with`] for a project read part by part (`crate::store::Parts`), in a format
/// [`by_parts`] takes: memory holds one part, not the project. `project` gives the name and
/// schema; `selected` the documents to export, counted beforehand (from the project's
/// index), with the skipped ones in `counts`; `parts` calls its argument with each part of
/// the project, in order (a project of some of its documents). What a part's documents
/// become is made on every core, then written in order. An error of `parts` stops the
/// export and is returned.
pub fn export_parts<E: From<ExportError>>(
    project: &Project,
    options: &ExportOptions,
    write: &WriteOptions,
    selected: usize,
    mut counts: Counts,
    parts: impl FnOnce(&mut dyn FnMut(&Project) -> Result<(), E>) -> Result<(), E>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Exported, E> {
    assert!(
        by_parts(options.format),
        "{:?} is not written by parts",
        options.format
    );
    if selected == 0 {
        return Err(E::from(match counts.skipped_not_reviewed {
            0 => ExportError::NoLayer(options.layer.clone()),
            n => ExportError::NoneReviewed {
                layer: options.layer.clone(),
                documents: n,
            },
        }));
    }
    counts.documents = selected;
    let stale = prepare_folder(&options.out, options.force)?;
    let mut folder = Folder {
        dir: &options.out,
        files: Vec::new(),
    };
    progress(0, selected);
    let format = options.format;
    let layer_name = options.layer.as_str();
    let mut done = 0;
    if let Some(name) = one_file(format, layer_name) {
        let mut failed: Option<E> = None;
        let (mut cuts, mut overlapping) = (0, 0);
        let written = folder.write(&name, |out| {
            let result = parts(&mut |part: &Project| {
                let docs: Vec<(usize, &Document, &Layer)> = (chosen(part, options).into_iter())
                    .enumerate()
                    .map(|(i, (doc, layer))| (done + i + 1, doc, layer))
                    .collect();
                let records = crate::parallel::map(&docs, |&(n, doc, layer)| {
                    record(format, n, layer_name, doc, layer)
                });
                for ((_, _, layer), record) in docs.iter().zip(records) {
                    count(&mut counts, layer);
                    cuts += record.cuts;
                    overlapping += record.overlapping;
                    out.write_all(record.text.as_bytes()).map_err(|source| {
                        E::from(ExportError::Io {
                            path: options.out.join(&name),
                            source,
                        })
                    })?;
                    done += 1;
                    progress(done, selected);
                }
                Ok(())
            });
            result.map_err(|e| {
                failed = Some(e);
                io::Error::other("stopped")
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        written?;
        if matches!(format, ExportFormat::Prodigy | ExportFormat::Conll) {
            counts.tokens_cut = cuts;
        }
        if format == ExportFormat::Conll {
            counts.overlapping_left_out = overlapping;
        }
    } else {
        parts(&mut |part: &Project| {
            let docs = chosen(part, options);
            let files =
                crate::parallel::map(&docs, |(doc, layer)| files_of(format, write, doc, layer));
            for ((_, layer), files) in docs.iter().zip(files) {
                if format == ExportFormat::Citron {
                    counts.quotes_without_cue_left_out +=
                        layer.quotes.iter().filter(|q| q.cue.is_none()).count();
                }
                for (name, bytes) in files {
                    folder.bytes(&name, bytes.as_bytes())?;
                }
                count(&mut counts, layer);
                done += 1;
                progress(done, selected);
            }
            Ok(())
        })?;
        if format == ExportFormat::Brat {
            let schema = &project.schema;
            let conf = brat::annotation_conf_with(schema, write.brat_relations);
            folder.bytes("annotation.conf", conf.as_bytes())?;
            folder.bytes("visual.conf", brat::visual_conf(schema).as_bytes())?;
        }
    }
    Ok(finish(project, options, folder, counts, &stale)?)
}

/// The one file of a format that writes one, named for layer `layer`.
fn one_file(format: ExportFormat, layer: &str) -> Option<String> {
    match format {
        ExportFormat::Jsonl => Some(format!("{}.jsonl", names::encode(layer))),
        ExportFormat::Doccano => Some("doccano.jsonl".into()),
        ExportFormat::Prodigy => Some("prodigy.jsonl".into()),
        ExportFormat::Conll => Some(format!("{}.conll", names::encode(layer))),
        _ => None,
    }
}

/// A document's part of a one-file format, with the tokens cut and the spans left out.
struct Record {
    text: String,
    cuts: usize,
    overlapping: usize,
}

/// Document number `n` (from 1) as a one-file format writes it.
fn record(
    format: ExportFormat,
    n: usize,
    layer_name: &str,
    doc: &Document,
    layer: &Layer,
) -> Record {
    let line = |text: String| Record {
        text: text + "\n",
        cuts: 0,
        overlapping: 0,
    };
    match format {
        ExportFormat::Jsonl => line(jsonl::write_record(
            &doc.id,
            &doc.text,
            &doc.sha256,
            layer_name,
            layer,
        )),
        ExportFormat::Doccano => line(doccano::write_record(n, &doc.id, &doc.text, layer)),
        ExportFormat::Prodigy => {
            let (text, cuts) = prodigy::write_record(&doc.id, &doc.text, layer);
            Record { cuts, ..line(text) }
        }
        ExportFormat::Conll => {
            let (text, w) = conll::write_document(&doc.text, layer);
            Record {
                text,
                cuts: w.cuts,
                overlapping: w.overlapping,
            }
        }
        _ => unreachable!("not a one-file format"),
    }
}

/// The files (name and content) of a document, in a format of a file or two per document.
fn files_of(
    format: ExportFormat,
    write: &WriteOptions,
    doc: &Document,
    layer: &Layer,
) -> Vec<(String, String)> {
    let stem = file_stem(&doc.id);
    match format {
        ExportFormat::Brat => vec![
            (format!("{stem}.txt"), doc.text.as_str().to_string()),
            (
                format!("{stem}.ann"),
                brat::write_ann_with(&doc.text, layer, write.brat_relations),
            ),
        ],
        ExportFormat::Citron => vec![(
            format!("{stem}.json"),
            citron::write(&doc.id, &doc.text, layer) + "\n",
        )],
        ExportFormat::Text => {
            let clean = clean::clean_text(&doc.text, layer);
            let mut map = clean.map_json(&doc.text);
            map["document"] = doc.id.clone().into();
            let json = serde_json::to_string_pretty(&map).expect("plain data") + "\n";
            vec![
                (format!("{stem}.txt"), clean.text),
                (format!("{stem}.map.json"), json),
            ]
        }
        ExportFormat::Webanno => vec![(
            format!("{stem}.tsv"),
            webanno::write_document(&doc.text, layer),
        )],
        _ => unreachable!("not a format of a file per document"),
    }
}

/// The documents of `part` to export, with their layer.
fn chosen<'p>(part: &'p Project, options: &ExportOptions) -> Selected<'p> {
    (part.documents.iter())
        .filter_map(|d| Some((d, d.layer(&options.layer)?)))
        .filter(|(_, l)| !options.only_reviewed || l.status == Status::Reviewed)
        .collect()
}

/// Documents to export, each with the layer.
type Selected<'p> = Vec<(&'p Document, &'p Layer)>;

/// The documents to export with their layer, and the skipped ones counted.
fn select<'p>(
    project: &'p Project,
    options: &ExportOptions,
) -> Result<(Selected<'p>, Counts), ExportError> {
    let mut counts = Counts::default();
    let mut docs = Vec::new();
    for doc in &project.documents {
        match doc.layer(&options.layer) {
            None => counts.skipped_without_layer += 1,
            Some(l) if options.only_reviewed && l.status != Status::Reviewed => {
                counts.skipped_not_reviewed += 1;
            }
            Some(layer) => docs.push((doc, layer)),
        }
    }
    if docs.is_empty() {
        return Err(match counts.skipped_not_reviewed {
            0 => ExportError::NoLayer(options.layer.clone()),
            n => ExportError::NoneReviewed {
                layer: options.layer.clone(),
                documents: n,
            },
        });
    }
    counts.documents = docs.len();
    Ok((docs, counts))
}

fn count(counts: &mut Counts, layer: &Layer) {
    counts.speakers += layer.speakers.len();
    counts.mentions += layer.mention_count();
    counts.quotes += layer.quotes.len();
    counts.stances += layer.stances.len();
    counts.noise_lines += layer.noise.iter().filter(|n| !n.orphaned).count();
    counts.orphaned += layer.spans().filter(|s| s.orphaned).count();
    counts.orphaned += layer.noise.iter().filter(|n| n.orphaned).count();
}

/// Checks that `out` may be written into, creating it if missing. Returns the files the
/// previous export's manifest listed (to remove those this one does not rewrite).
fn prepare_folder(out: &Path, force: bool) -> Result<Vec<String>, ExportError> {
    let io_err = |source| ExportError::Io {
        path: out.to_owned(),
        source,
    };
    if out.exists() && !out.is_dir() {
        return Err(ExportError::NotAFolder(out.to_owned()));
    }
    if !out.exists() {
        std::fs::create_dir_all(out).map_err(io_err)?;
        return Ok(Vec::new());
    }
    let mut entries = std::fs::read_dir(out).map_err(io_err)?;
    if entries.next().is_none() {
        return Ok(Vec::new());
    }
    if !force {
        return Err(ExportError::NotEmpty(out.to_owned()));
    }
    let manifest = out.join(MANIFEST);
    let previous = previous_files(&manifest);
    // Gone until this export finishes: an old manifest would vouch for new files.
    match std::fs::remove_file(&manifest) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            return Err(ExportError::Io {
                path: manifest,
                source: e,
            });
        }
        _ => {}
    }
    Ok(previous)
}

/// The plain file names a sayso manifest lists (nothing if it is not one).
fn previous_files(manifest: &Path) -> Vec<String> {
    let Ok(bytes) = std::fs::read(manifest) else {
        return Vec::new();
    };
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Vec::new();
    };
    if value["tool"] != "sayso" {
        return Vec::new();
    }
    let files = value["files"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    files
        .iter()
        .filter_map(|f| f["path"].as_str())
        // Only names in the folder itself: a doctored manifest cannot reach elsewhere.
        .filter(|p| !p.contains(['/', '\\', ':']) && !p.starts_with('.') && *p != MANIFEST)
        .map(str::to_string)
        .collect()
}

/// The file name (without extension) for a document: portable, and never `manifest`,
/// whose `.json` would be the manifest.
fn file_stem(doc_id: &str) -> String {
    let stem = names::encode(doc_id);
    if stem == "manifest" {
        // What `encode` does to a reserved name: still decodes to the id.
        return "%6Danifest".to_string();
    }
    stem
}

/// The export folder, recording each file's SHA-256 as it is written.
struct Folder<'a> {
    dir: &'a Path,
    files: Vec<(String, String)>,
}

impl Folder<'_> {
    fn bytes(&mut self, name: &str, bytes: &[u8]) -> Result<(), ExportError> {
        self.write(name, |out| out.write_all(bytes))
    }

    /// Writes `name` atomically (a temporary file renamed into place, removed if `body`
    /// fails), hashing what `body` writes on the way. Unlike the project's own files these
    /// are not synced one by one: that costs milliseconds a file (75 s for a 10,000-document
    /// brat export), and an export can be made again. The manifest, synced, comes last.
    fn write(
        &mut self,
        name: &str,
        body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), ExportError> {
        debug_assert!(self.files.iter().all(|(f, _)| f != name), "{name} twice");
        let path = self.dir.join(name);
        let written = (|| {
            let mut temp = tempfile::Builder::new()
                .prefix(".sayso-")
                .suffix(".tmp")
                .tempfile_in(self.dir)?;
            // Hashed and written on a thread of its own, a chunk at a time, so that the
            // next part is read while this one goes to disk.
            let file = temp.as_file_mut();
            let digest = std::thread::scope(|scope| {
                let (send, receive) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
                let writer = scope.spawn(move || -> io::Result<_> {
                    let mut hashing = Hashing {
                        inner: io::BufWriter::with_capacity(1 << 16, file),
                        hasher: Sha256::new(),
                    };
                    for chunk in receive {
                        hashing.write_all(&chunk)?;
                    }
                    hashing.inner.flush()?;
                    Ok(hashing.hasher.finalize())
                });
                let mut out = Chunks {
                    chunk: Vec::with_capacity(CHUNK),
                    send,
                };
                let body = body(&mut out).and_then(|()| out.flush());
                // The writer thread ends when the sender goes.
                drop(out);
                let digest = writer.join().expect("the export writer does not panic");
                // The writer's own error first: the body's is then only that it stopped.
                digest.and_then(|d| body.map(|()| d))
            })?;
            temp.persist(&path).map_err(|e| e.error)?;
            Ok(digest)
        })();
        let digest = written.map_err(|source| ExportError::Io { path, source })?;
        let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
        self.files.push((name.to_string(), hex));
        Ok(())
    }
}

/// How much a one-file export hands its writer thread at a time.
const CHUNK: usize = 1 << 20;

/// A writer that hands what it is given to another thread in chunks of [`CHUNK`] bytes.
struct Chunks {
    chunk: Vec<u8>,
    send: std::sync::mpsc::SyncSender<Vec<u8>>,
}

impl Write for Chunks {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.chunk.extend_from_slice(buf);
        if self.chunk.len() >= CHUNK {
            self.flush()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK));
        (self.send.send(chunk)).map_err(|_| io::Error::other("the export writer stopped"))
    }
}

/// A writer that hashes what passes through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[derive(Serialize)]
struct Manifest<'a> {
    tool: &'static str,
    version: &'static str,
    project: &'a str,
    layer: &'a str,
    format: &'static str,
    only_reviewed: bool,
    /// What offsets in the exported files count.
    units: &'static str,
    counts: &'a Counts,
    files: Vec<ManifestFile<'a>>,
    schema: &'a Schema,
}

#[derive(Serialize)]
struct ManifestFile<'a> {
    path: &'a str,
    sha256: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_called_manifest_does_not_replace_the_manifest() {
        assert_eq!(file_stem("manifest"), "%6Danifest");
        assert_eq!(names::decode("%6Danifest").as_deref(), Some("manifest"));
        assert_eq!(file_stem("model:x"), "model%3Ax");
    }

    #[test]
    fn only_plain_names_of_a_sayso_manifest_are_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST);
        let files =
            r#"[{"path": "a.txt"}, {"path": "../b"}, {"path": "c\\d"}, {"path": "manifest.json"}]"#;
        std::fs::write(&path, format!(r#"{{"tool": "sayso", "files": {files}}}"#)).unwrap();
        assert_eq!(previous_files(&path), ["a.txt"]);
        std::fs::write(&path, format!(r#"{{"tool": "other", "files": {files}}}"#)).unwrap();
        assert!(previous_files(&path).is_empty());
    }
}
