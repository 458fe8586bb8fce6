//! Reading and writing annotations in the formats the NLP world exchanges: sayso JSONL
//! (DESIGN.md's normative format), brat standoff, citron JSON, and the formats of the tools
//! annotation teams use: Label Studio, doccano, Prodigy and WebAnno TSV (INCEpTION), which
//! share one model of labelled spans and relations ([`spans`]); exporting a layer in those
//! and as spaCy `DocBin`, CoNLL, CSV or clean text ([`export()`]). [`detect`] tells formats
//! apart by content; [`tokens`] reproduces spaCy's English tokenizer for the token formats.
//!
//! Reading is all or nothing: [`read`] checks every span of a file against the project's
//! article (in range, on character boundaries, covering the text the file says) and every
//! reference, and returns either every document's [`Prediction`] or the first
//! [`ImportError`], which names the file, the line and the item. [`read_with`] takes the
//! options of `sayso import` (a type mapping, a text folder, skipping invalid documents, …)
//! and counts what it leaves out. [`import`] then puts the predictions into a layer, as one
//! undoable edit per document.

pub mod brat;
pub mod citron;
pub mod clean;
pub mod conll;
pub mod csv;
pub mod detect;
pub mod doccano;
pub mod export;
pub mod jsonl;
pub mod labelstudio;
pub mod prodigy;
pub mod spacy;
pub mod spans;
pub mod tokens;
pub mod webanno;

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::model::{Document, Edit, Layer, Project, Schema, Span};
use crate::text::{Text, normalize_newlines, words::is_character_boundary};

pub use export::{
    ExportError, ExportFormat, ExportOptions, Exported, WriteOptions, export, export_with,
};

/// A file format sayso reads predictions from and writes layers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// sayso JSONL: one document per line (see DESIGN.md).
    Jsonl,
    /// brat standoff: a `.ann` file with its `.txt` beside it, or a folder of them.
    Brat,
    /// citron JSON (BBC's quote extractor): one document per `.json` file, or a folder.
    Citron,
    /// Label Studio JSON export: a list of tasks with `annotations` or `predictions`.
    Labelstudio,
    /// doccano JSONL: `label: [[start, end, "TYPE"]]`, or `entities` and `relations`.
    Doccano,
    /// Prodigy JSONL: `spans` and `relations`.
    Prodigy,
    /// WebAnno TSV 3 (INCEpTION): a `.tsv` file per document, or a folder of them.
    #[value(alias = "inception")]
    Webanno,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Jsonl,
        Format::Brat,
        Format::Citron,
        Format::Labelstudio,
        Format::Doccano,
        Format::Prodigy,
        Format::Webanno,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Brat => "brat",
            Format::Citron => "citron",
            Format::Labelstudio => "labelstudio",
            Format::Doccano => "doccano",
            Format::Prodigy => "prodigy",
            Format::Webanno => "webanno",
        }
    }

    /// What a user calls it, for messages.
    pub fn title(self) -> &'static str {
        match self {
            Format::Jsonl => "sayso JSONL",
            Format::Brat => "brat standoff",
            Format::Citron => "citron",
            Format::Labelstudio => "Label Studio",
            Format::Doccano => "doccano",
            Format::Prodigy => "Prodigy",
            Format::Webanno => "WebAnno TSV (INCEpTION)",
        }
    }

    /// The format a path holds: from its content where it tells (see [`detect::sniff`]),
    /// else from its extension: `.jsonl`, `.ann` or a folder with `.ann` files, `.json`
    /// or a folder with `.json` files.
    pub fn guess(path: &Path) -> Option<Format> {
        detect::sniff(path).or_else(|| Format::by_name(path))
    }

    /// The format a path's name suggests.
    pub fn by_name(path: &Path) -> Option<Format> {
        let ext = |p: &Path, e: &str| p.extension().is_some_and(|x| x.eq_ignore_ascii_case(e));
        if path.is_dir() {
            let files = files_with(path, "ann").ok()?;
            if !files.is_empty() {
                return Some(Format::Brat);
            }
            let mut files = files_with(path, "json").ok()?;
            files.retain(|f| f.file_name().is_none_or(|n| n != export::MANIFEST));
            return (!files.is_empty()).then_some(Format::Citron);
        }
        if ext(path, "jsonl") || ext(path, "ndjson") {
            Some(Format::Jsonl)
        } else if ext(path, "tsv") {
            Some(Format::Webanno)
        } else if ext(path, "ann") {
            Some(Format::Brat)
        } else if ext(path, "json") {
            Some(Format::Citron)
        } else {
            None
        }
    }
}

/// Everything wrong with a file, naming the file, the line (1-based) where there is one,
/// the item (e.g. `quote "q3"`, `T4`) and why.
#[derive(Debug, thiserror::Error)]
pub struct ImportError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub item: Option<String>,
    pub message: String,
}

impl fmt::Display for ImportError {
    /// `preds.jsonl:12: quote "q3" cue: span 40..52 is "Lavrov sa" in the article, the file
    /// says "Lavrov"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(item) = &self.item {
            write!(f, ": {item}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl ImportError {
    /// An error about the whole file.
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        ImportError {
            path: path.to_owned(),
            line: None,
            column: None,
            item: None,
            message: message.into(),
        }
    }
}

/// Where in a file something is: builds the errors about it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'a> {
    pub path: &'a Path,
    pub line: Option<usize>,
}

impl<'a> At<'a> {
    pub fn new(path: &'a Path, line: Option<usize>) -> Self {
        At { path, line }
    }

    pub fn err(&self, item: impl Into<Option<String>>, message: impl Into<String>) -> ImportError {
        ImportError {
            path: self.path.to_owned(),
            line: self.line,
            column: None,
            item: item.into(),
            message: message.into(),
        }
    }
}

/// One document's predictions, matched to a project document.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub doc_id: String,
    pub layer: Layer,
}

/// What [`import`] did, for a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    pub documents: usize,
    pub speakers: usize,
    pub quotes: usize,
    pub stances: usize,
    pub noise: usize,
    /// Documents that already had this layer (now replaced).
    pub replaced: usize,
    /// Stance targets the predictions used that the schema did not have; now added.
    pub targets_added: Vec<String>,
}

impl fmt::Display for Imported {
    /// `2 documents: 2 speakers, 3 quotes, 1 stance, 1 noise line`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = |count: usize, noun: &str| match count {
            1 => format!("1 {noun}"),
            _ => format!("{count} {noun}s"),
        };
        write!(
            f,
            "{}: {}, {}, {}, {}",
            n(self.documents, "document"),
            n(self.speakers, "speaker"),
            n(self.quotes, "quote"),
            n(self.stances, "stance"),
            n(self.noise, "noise line")
        )?;
        if self.replaced > 0 {
            write!(f, " ({} replaced)", n(self.replaced, "layer"))?;
        }
        if !self.targets_added.is_empty() {
            write!(f, "; new stance targets: {}", self.targets_added.join(", "))?;
        }
        Ok(())
    }
}

/// How to read a file: the options of `sayso import`.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Labels to roles for the span-and-relation formats and brat (`--map`).
    pub mapping: spans::Mapping,
    /// brat: the folder of the `.txt` articles, when not beside the `.ann` files.
    pub texts: Option<PathBuf>,
    /// Documents with an error are refused one by one (listed in [`Read::refused`])
    /// instead of failing the whole file.
    pub skip_invalid: bool,
    /// brat: what to do with a source or cue in several fragments.
    pub discontinuous: Discontinuous,
    /// brat: file names end with a separator and the annotator's name
    /// (`article_4b22.ann` with `_`): one layer per annotator, the article `article.txt`.
    pub annotator_separator: Option<String>,
}

/// What to do with a discontinuous source or cue (brat allows them, sayso's are one span).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Discontinuous {
    /// Refuse the document, naming the annotation.
    #[default]
    Refuse,
    /// Take the span from the first fragment's start to the last one's end.
    Cover,
    /// Take the first fragment.
    First,
}

/// What [`read_with`] found.
#[derive(Debug, Default)]
pub struct Read {
    /// The documents read, each with the annotator its file name gives (see
    /// [`ReadOptions::annotator_separator`]), if any.
    pub documents: Vec<(Option<String>, Prediction)>,
    /// With [`ReadOptions::skip_invalid`]: why each refused document was refused.
    pub refused: Vec<ImportError>,
    /// Types, attributes and relations left out, with how often: `label "LOC"` → 3.
    pub ignored: spans::Ignored,
}

impl Read {
    /// Adds one document's outcome: kept, or refused (an error without `skip_invalid`).
    pub(crate) fn push(
        &mut self,
        skip_invalid: bool,
        path: &Path,
        outcome: Result<(Option<String>, Prediction), ImportError>,
    ) -> Result<(), ImportError> {
        match outcome {
            Ok(p) => {
                let key = (&p.0, &p.1.doc_id);
                if self.documents.iter().any(|(a, d)| (a, &d.doc_id) == key) {
                    let e = ImportError {
                        item: Some(format!("document {:?}", p.1.doc_id)),
                        ..ImportError::file(path, "the document is given twice")
                    };
                    return self.push(skip_invalid, path, Err(e));
                }
                self.documents.push(p);
                Ok(())
            }
            Err(e) if skip_invalid => {
                self.refused.push(e);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// The predictions by annotator (`None`: the file names none).
    pub fn by_annotator(self) -> std::collections::BTreeMap<Option<String>, Vec<Prediction>> {
        let mut out: std::collections::BTreeMap<Option<String>, Vec<Prediction>> =
            Default::default();
        for (a, p) in self.documents {
            out.entry(a).or_default().push(p);
        }
        out
    }

    /// `3 × label "LOC", 1 × relation "x"`: what was left out, most frequent first.
    pub fn ignored_summary(&self) -> Option<String> {
        if self.ignored.is_empty() {
            return None;
        }
        let mut items: Vec<(&String, &usize)> = self.ignored.iter().collect();
        items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let total: usize = self.ignored.values().sum();
        let shown: Vec<String> = items
            .iter()
            .take(12)
            .map(|(what, n)| format!("{n} × {what}"))
            .collect();
        let more = match items.len() {
            n if n > 12 => format!(" and {} more kinds", n - 12),
            _ => String::new(),
        };
        Some(format!(
            "{total} annotations sayso does not use were left out: {}{more}",
            shown.join(", ")
        ))
    }
}

/// Reads a whole file (or a brat or citron folder, or a single `.ann`) against the
/// project. All or nothing: the first error, and no predictions.
pub fn read(
    project: &Project,
    path: &Path,
    format: Format,
) -> Result<Vec<Prediction>, ImportError> {
    let read = read_with(project, path, format, &ReadOptions::default())?;
    Ok(read.documents.into_iter().map(|(_, p)| p).collect())
}

/// Reads a file with options: all or nothing unless `skip_invalid`, the left-out
/// annotations counted. An error on a file in another format than `format` says which
/// format it looks like.
pub fn read_with(
    project: &Project,
    path: &Path,
    format: Format,
    options: &ReadOptions,
) -> Result<Read, ImportError> {
    let read = match format {
        Format::Jsonl => jsonl::read(project, path).map(|ps| Read {
            documents: ps.into_iter().map(|p| (None, p)).collect(),
            ..Read::default()
        }),
        Format::Brat => brat::read(project, path, options),
        Format::Citron => citron::read_with(project, path, options),
        Format::Labelstudio => labelstudio::read(project, path, options),
        Format::Doccano => doccano::read(project, path, options),
        Format::Prodigy => prodigy::read(project, path, options),
        Format::Webanno => webanno::read(project, path, options),
    };
    let mut read = read.map_err(|mut e| {
        if let Some(found) = detect::sniff(path).filter(|&f| f != format) {
            e.message += &format!(
                " (this looks like a {} file: use --format {})",
                found.title(),
                found.name()
            );
        }
        e
    })?;
    // Every format's layers obey the rules of `model::validate` (scores, ids, names,
    // references…); JSONL has checked its own, naming the line. A document that does not
    // is refused: the whole file, or with `skip_invalid` that document.
    let mut kept = Vec::new();
    for (annotator, p) in std::mem::take(&mut read.documents) {
        let doc = project
            .document(&p.doc_id)
            .expect("readers match project documents");
        match first_problem(&project.schema, doc, &p.layer) {
            None => kept.push((annotator, p)),
            Some(problem) => {
                let error = ImportError {
                    path: path.to_owned(),
                    line: None,
                    column: None,
                    item: Some(format!(
                        "document {:?} {}",
                        doc.id,
                        problem.item.unwrap_or_default()
                    )),
                    message: problem.message,
                };
                if !options.skip_invalid {
                    return Err(error);
                }
                read.refused.push(error);
            }
        }
    }
    read.documents = kept;
    Ok(read)
}

/// The first problem `model::validate` finds in a layer read from a file; stance targets
/// the schema lacks count as known (importing adds them).
pub(crate) fn first_problem(
    schema: &Schema,
    doc: &Document,
    layer: &Layer,
) -> Option<crate::model::Problem> {
    let missing = |t: &&crate::model::Stance| {
        !t.target.trim().is_empty() && !Schema::has(&schema.stance_targets, &t.target)
    };
    let extended;
    let schema = if layer.stances.iter().any(|t| missing(&t)) {
        let mut with = schema.clone();
        for t in layer.stances.iter().filter(missing) {
            with.add_target(&t.target);
        }
        extended = with;
        &extended
    } else {
        schema
    };
    crate::model::validate_layer(doc, schema, "import", layer)
        .into_iter()
        .next()
}

/// Puts the predictions into the project under `layer_name`, replacing that layer of
/// those documents, as one undoable edit per document (marked unsaved). Stance targets
/// the schema lacks are added to it.
pub fn import(project: &mut Project, layer_name: &str, predictions: Vec<Prediction>) -> Imported {
    let mut done = Imported::default();
    for p in predictions {
        for t in &p.layer.stances {
            if project.schema.add_target(&t.target) {
                done.targets_added.push(t.target.clone());
            }
        }
        let Some(doc) = project.document_mut(&p.doc_id) else {
            continue; // read() only returns documents of the project
        };
        done.documents += 1;
        done.speakers += p.layer.speakers.len();
        done.quotes += p.layer.quotes.len();
        done.stances += p.layer.stances.len();
        done.noise += p.layer.noise.len();
        if doc.layers.contains_key(layer_name) {
            done.replaced += 1;
        }
        let edit = Edit::replace_layer(doc.layer(layer_name), p.layer);
        doc.apply(layer_name, edit)
            .expect("removals from the end and pushes always apply");
    }
    if !done.targets_added.is_empty() {
        project.mark_changed();
    }
    done
}

// --- Shared by the readers ----------------------------------------------------------------

/// Reads a text file that must be UTF-8 (a BOM is dropped), refusing binary files.
pub(crate) fn read_utf8(path: &Path) -> Result<String, ImportError> {
    let bytes = std::fs::read(path)
        .map_err(|e| ImportError::file(path, format!("cannot read the file: {e}")))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(ImportError::file(
            path,
            format!("this is not a text file (NUL byte at byte offset {at})"),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(At::new(path, Some(line)).err(
                None,
                format!("the file is not UTF-8 (invalid byte at byte offset {at})"),
            ))
        }
    }
}

/// The files under `dir` (recursively) whose extension is `ext`, sorted. The walk stays in
/// `dir`: a folder reached twice (a symlink to itself or to a parent, `a -> .`) is walked
/// once, and a symlink that leads out of `dir` is refused with a message.
pub(crate) fn files_with(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, ImportError> {
    let root = dir
        .canonicalize()
        .map_err(|e| ImportError::file(dir, format!("cannot read the folder: {e}")))?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    walk(dir, &root, ext, &mut seen, &mut out)?;
    out.sort();
    Ok(out)
}

fn walk(
    dir: &Path,
    root: &Path,
    ext: &str,
    seen: &mut std::collections::HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> Result<(), ImportError> {
    let real = dir
        .canonicalize()
        .map_err(|e| ImportError::file(dir, format!("cannot read the folder: {e}")))?;
    if !seen.insert(real) {
        return Ok(()); // walked already: a symlink loop
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| ImportError::file(dir, format!("cannot read the folder: {e}")))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let wanted = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case(ext));
        if !(path.is_dir() || wanted) {
            continue;
        }
        inside(&path, root)?;
        if path.is_dir() {
            walk(&path, root, ext, seen, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Refuses `path` if it resolves (through symlinks) outside the folder `root`.
pub(crate) fn inside(path: &Path, root: &Path) -> Result<(), ImportError> {
    let (Ok(real), Ok(root)) = (path.canonicalize(), root.canonicalize()) else {
        return Ok(()); // missing: said by whoever reads it
    };
    if real.starts_with(&root) {
        Ok(())
    } else {
        Err(ImportError::file(
            path,
            format!(
                "a symbolic link out of the folder {} (to {}): not followed",
                root.display(),
                real.display()
            ),
        ))
    }
}

/// Text as another tool saw it (CRLF line ends, a BOM), with a map from its code-point
/// offsets to those of the normalized text: brat and citron count characters of the raw
/// file, as Python does.
pub(crate) struct RawText {
    /// Code-point offsets of the characters normalization drops (a BOM, the CR of CRLF).
    dropped: Vec<usize>,
    len_chars: usize,
    pub normalized: String,
}

impl RawText {
    pub fn new(raw: &str) -> Self {
        let mut dropped = Vec::new();
        let mut chars = raw.chars().enumerate().peekable();
        let mut len_chars = 0;
        while let Some((i, c)) = chars.next() {
            len_chars = i + 1;
            let crlf = c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n');
            if crlf || (i == 0 && c == '\u{feff}') {
                dropped.push(i);
            }
        }
        let without_bom = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        RawText {
            dropped,
            len_chars,
            normalized: normalize_newlines(without_bom).into_owned(),
        }
    }

    /// The normalized offset of raw offset `at`, or `None` past the end.
    pub fn to_normalized(&self, at: usize) -> Option<usize> {
        (at <= self.len_chars).then(|| at - self.dropped.partition_point(|&d| d < at))
    }

    /// A raw range in normalized offsets; a message naming the raw range if it is outside.
    pub fn range(&self, start: usize, end: usize) -> Result<Range<usize>, String> {
        match (self.to_normalized(start), self.to_normalized(end)) {
            (Some(s), Some(e)) if start < end => Ok(s..e),
            _ if start >= end => Err(format!("empty span {start}..{end}")),
            _ => Err(format!(
                "span {start}..{end} is outside the text, which has {} characters",
                self.len_chars
            )),
        }
    }
}

/// True if the text a file gives for a span is the article's: a newline or a tab in the
/// article may be a space in the file (brat's .ann has one line per annotation, its fields
/// separated by tabs), and CRLF is LF.
pub(crate) fn same_text(claimed: &str, actual: &str) -> bool {
    let claimed = normalize_newlines(claimed);
    claimed == actual
        || (!claimed.contains('\n') && actual.replace(['\n', '\t'], " ") == claimed)
        || actual.replace('\t', " ") == claimed
}

/// The span over `at` (normalized code points), checked: in range, on character
/// boundaries, and covering `claimed` if the file gives a text. `shown` is the range as
/// the file gives it, for the message.
pub(crate) fn span(
    text: &Text,
    at: Range<usize>,
    shown: Range<usize>,
    claimed: Option<&str>,
) -> Result<Span, String> {
    let (a, b) = (shown.start, shown.end);
    if at.start >= at.end {
        return Err(format!("empty span {a}..{b}"));
    }
    let len = text.len_chars();
    if at.end > len {
        return Err(format!(
            "span {a}..{b} is outside the text, which has {len} characters"
        ));
    }
    let bytes = text.char_range_to_bytes(at.clone()).expect("in range");
    let actual = &text.as_str()[bytes.clone()];
    if let Some(claimed) = claimed
        && !same_text(claimed, actual)
    {
        return Err(format!(
            "span {a}..{b} is {actual:?} in the article, the file says {claimed:?}"
        ));
    }
    for (which, byte) in [("starts", bytes.start), ("ends", bytes.end)] {
        if !is_character_boundary(text, byte) {
            return Err(format!(
                "span {a}..{b} {which} inside a character (between a letter and its combining mark, or inside an emoji)"
            ));
        }
    }
    Ok(Span {
        start: at.start,
        end: at.end,
        text: actual.to_string(),
        orphaned: false,
    })
}

/// The project document a file's record is about: by `id`, else by `sha256`, else by
/// identical text (CRLF normalized). A record that names a document but whose text or
/// hash differs from it is refused: its offsets would point elsewhere.
pub(crate) fn match_document<'p>(
    project: &'p Project,
    id: Option<&str>,
    sha256: Option<&str>,
    text: Option<&str>,
) -> Result<&'p Document, String> {
    let text = text.map(|t| normalize_newlines(t.strip_prefix('\u{feff}').unwrap_or(t)));
    let doc = id
        .and_then(|id| project.document(id))
        .or_else(|| sha256.and_then(|h| project.documents.iter().find(|d| d.sha256 == h)))
        .or_else(|| {
            let text = text.as_deref()?;
            project.documents.iter().find(|d| d.text.as_str() == text)
        });
    let Some(doc) = doc else {
        let mut tried = Vec::new();
        if let Some(id) = id {
            tried.push(format!("no document has the id {id:?}"));
        }
        if let Some(h) = sha256 {
            tried.push(format!("none has the sha256 {h}"));
        }
        if text.is_some() {
            tried.push("none has the same text".to_string());
        }
        if tried.is_empty() {
            tried.push("the record has no id, sha256 or text to match".to_string());
        }
        let ids: Vec<&str> = project.documents.iter().map(|d| d.id.as_str()).collect();
        return Err(format!(
            "unknown document: {} (the project has {})",
            tried.join(", "),
            ids.join(", ")
        ));
    };
    if let Some(h) = sha256
        && h != doc.sha256
    {
        return Err(format!(
            "the sha256 {h} is not that of document {:?} ({}): the article differs",
            doc.id, doc.sha256
        ));
    }
    if let Some(t) = text.as_deref()
        && t != doc.text.as_str()
    {
        return Err(format!(
            "the text differs from document {:?}'s article (first at character {})",
            doc.id,
            first_difference(t, doc.text.as_str())
        ));
    }
    Ok(doc)
}

fn first_difference(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Checks that `name` is in a schema list; the message lists the names that are.
// JSONL checks its layers with `model::validate_layer`; kept for format readers.
#[allow(dead_code)]
pub(crate) fn label(list: &[crate::model::Label], what: &str, name: &str) -> Result<(), String> {
    if Schema::has(list, name) {
        return Ok(());
    }
    let names: Vec<&str> = list.iter().map(|l| l.name.as_str()).collect();
    Err(format!(
        "{what} {name:?} is not in the project's schema ({})",
        names.join(", ")
    ))
}

/// The speaker kind of a speaker a format does not type: the schema's first (`person` by
/// default, as most quoted sources are people).
pub(crate) fn default_kind(schema: &Schema) -> String {
    schema
        .speaker_kinds
        .first()
        .map_or_else(|| "person".to_string(), |l| l.name.clone())
}

/// The kind of a quote a format does not type, from its quotation marks (see
/// [`guidelines::quote_kind`](crate::model::guidelines::quote_kind)).
pub(crate) fn guess_kind(schema: &Schema, content: &[Span]) -> String {
    crate::model::guidelines::schema_quote_kind(schema, content.iter().map(|s| s.text.as_str()))
}

/// Puts a layer read from a file in the model's order: mentions sorted and unique, each
/// quote's source among its speaker's mentions, quotes by position, noise by line.
pub(crate) fn tidy(layer: &mut Layer) {
    for q in &layer.quotes {
        if let (Some(id), Some(source)) = (&q.speaker, &q.source)
            && let Some(s) = layer.speakers.iter_mut().find(|s| &s.id == id)
            && !s
                .mentions
                .iter()
                .any(|m| (m.start, m.end) == (source.start, source.end))
        {
            s.mentions.push(source.clone());
        }
    }
    for s in &mut layer.speakers {
        s.mentions.sort();
        s.mentions
            .dedup_by(|a, b| (a.start, a.end) == (b.start, b.end));
    }
    for q in &mut layer.quotes {
        q.content.sort();
    }
    layer.quotes.sort_by_key(|q| q.start());
    layer.noise.sort_by_key(|n| n.line);
}

/// Ids must be unique within their list: the message names the other one.
#[allow(dead_code)]
pub(crate) fn unique<'a>(
    seen: &mut BTreeSet<&'a str>,
    id: &'a str,
    what: &str,
) -> Result<(), String> {
    if seen.insert(id) {
        Ok(())
    } else {
        Err(format!("another {what} has the id {id:?}"))
    }
}

/// A name usable as a brat type or attribute value: no spaces or separators.
pub(crate) fn token(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_whitespace() || "|,:;=".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// The schema name a brat token stands for (compared without case), if any.
pub(crate) fn from_token<'s>(list: &'s [crate::model::Label], token_: &str) -> Option<&'s str> {
    list.iter()
        .find(|l| {
            token(&l.name).eq_ignore_ascii_case(token_) || l.name.eq_ignore_ascii_case(token_)
        })
        .map(|l| l.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_offsets_skip_the_cr_of_crlf_and_a_bom() {
        let raw = RawText::new("\u{feff}ab\r\ncd\re");
        assert_eq!(raw.normalized, "ab\ncd\ne");
        assert_eq!(raw.to_normalized(1), Some(0), "after the BOM");
        assert_eq!(raw.to_normalized(5), Some(3), "c, after CRLF");
        assert_eq!(raw.to_normalized(8), Some(6), "a lone CR is kept as LF");
        assert_eq!(raw.to_normalized(10), None);
        assert_eq!(raw.range(5, 7), Ok(3..5));
        assert!(raw.range(5, 12).unwrap_err().contains("outside"));
    }

    #[test]
    fn spans_are_checked_against_the_article() {
        let text = Text::new("a👍🏽 Jose\u{301} said".to_string());
        let ok = span(&text, 4..9, 4..9, Some("Jose\u{301}")).unwrap();
        assert_eq!(ok.text, "Jose\u{301}");
        let err = span(&text, 4..8, 4..8, None).unwrap_err();
        assert!(err.contains("ends inside a character"), "{err}");
        let err = span(&text, 4..9, 4..9, Some("Jose")).unwrap_err();
        assert!(err.contains("the file says \"Jose\""), "{err}");
        assert!(
            span(&text, 9..30, 9..30, None)
                .unwrap_err()
                .contains("outside")
        );
    }

    #[test]
    fn quote_kinds_are_guessed_from_quotation_marks() {
        let schema = Schema::default();
        let s = |t: &str| Span {
            start: 0,
            end: 1,
            text: t.into(),
            orphaned: false,
        };
        assert_eq!(guess_kind(&schema, &[s("“We will,”")]), "direct");
        assert_eq!(
            guess_kind(&schema, &[s("they had “broken every promise”")]),
            "mixed"
        );
        assert_eq!(guess_kind(&schema, &[s("Russia's war")]), "indirect");
    }
}
