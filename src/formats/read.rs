//! Reading a file of another tool into [`Prediction`]s, all or nothing (or skipping the
//! invalid documents), every layer checked by `model::validate`, and [`import`]ing them
//! into a layer of the project.

use std::fmt;
use std::path::{Path, PathBuf};

use super::{Format, brat, citron, detect, doccano, jsonl, labelstudio, prodigy, spans, webanno};
use crate::model::{Document, Edit, Layer, Project, Schema};

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

impl Imported {
    /// Adds what another import into the same layer did (one of a project's parts).
    pub fn add(&mut self, other: &Imported) {
        self.documents += other.documents;
        self.speakers += other.speakers;
        self.quotes += other.quotes;
        self.stances += other.stances;
        self.noise += other.noise;
        self.replaced += other.replaced;
        for t in &other.targets_added {
            if !self.targets_added.contains(t) {
                self.targets_added.push(t.clone());
            }
        }
    }
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
    // By id through a map: a file for every document of a big project is not quadratic.
    let by_id: std::collections::HashMap<&str, &crate::model::Document> = project
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d))
        .collect();
    let doc_of = |p: &Prediction| {
        by_id
            .get(p.doc_id.as_str())
            .copied()
            .expect("readers match project documents")
    };
    // On every core; JSONL's were checked as they were read.
    let problems = match format {
        Format::Jsonl => (read.documents.iter()).map(|_| None).collect(),
        _ => crate::parallel::map(&read.documents, |(_, p)| {
            first_problem(&project.schema, doc_of(p), &p.layer)
        }),
    };
    for ((annotator, p), problem) in std::mem::take(&mut read.documents)
        .into_iter()
        .zip(problems)
    {
        let doc = doc_of(&p);
        match problem {
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
    let by_id: std::collections::HashMap<String, usize> = (project.documents.iter().enumerate())
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    for p in predictions {
        for t in &p.layer.stances {
            if project.schema.add_target(&t.target) {
                done.targets_added.push(t.target.clone());
            }
        }
        let Some(&i) = by_id.get(&p.doc_id) else {
            continue; // read() only returns documents of the project
        };
        let doc = &mut project.documents[i];
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
