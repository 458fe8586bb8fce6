//! The RON forms of `project.ron` and of layer files, and the errors reading them.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{
    Decision, DocumentEntry, Layer, NoiseLine, Project, Quote, Schema, Speaker, Stance, Status,
};
use crate::text::ReadError;

/// The file format version this build writes, and the newest it reads. A file with a
/// higher version is refused (and so never overwritten by an older sayso).
pub const FORMAT_VERSION: u32 = 1;

/// Why a project could not be read or written. Every variant names the file; parse errors
/// carry the line and column.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{}: written by a newer sayso (file format {found}; this one reads up to {FORMAT_VERSION}); it was left untouched",
        path.display()
    )]
    Newer { path: PathBuf, found: u32 },
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("{}: there is no project here (no project.ron); create one with `sayso new`", path.display())]
    NotAProject { path: PathBuf },
    #[error("{}: already exists; not overwritten", path.display())]
    Exists { path: PathBuf },
    #[error(transparent)]
    Article(#[from] ReadError),
    #[error(
        "{}: {holder} is writing this project; waited {} s for it. Try again when it is done (or wait longer with --wait SECONDS)",
        path.display(), waited.as_secs_f32()
    )]
    Locked {
        path: PathBuf,
        /// Who holds the lock, e.g. "`sayso import` (pid 4242) since 09:01:02 UTC".
        holder: String,
        waited: std::time::Duration,
    },
    #[error("{}", conflicts_message(conflicts))]
    Conflict { conflicts: Vec<Conflict> },
    #[error(
        "{}: leads outside the project folder (to {}); refused",
        path.display(), resolved.display()
    )]
    Outside { path: PathBuf, resolved: PathBuf },
}

/// A layer whose file changed on disk since this process read or wrote it: not
/// overwritten by a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub document: String,
    pub layer: String,
    pub path: PathBuf,
}

fn conflicts_message(conflicts: &[Conflict]) -> String {
    let files: Vec<String> = conflicts
        .iter()
        .map(|c| c.path.display().to_string())
        .collect();
    format!(
        "{}: changed on disk since it was read (another program or person wrote it); not overwritten. \
         This version is kept in memory: reload the file, or keep both",
        files.join(", ")
    )
}

// The serde names appear in ron's error messages ("for struct `project`"), so they are
// the users' words, not our type names.
#[derive(Serialize, Deserialize)]
#[serde(rename = "project")]
pub(super) struct ProjectFile {
    pub format: u32,
    pub name: String,
    pub schema: Schema,
    #[serde(default)]
    pub annotators: Vec<String>,
    #[serde(default)]
    pub documents: Vec<DocumentEntry>,
}

/// A layer file as written: borrowed, so saving copies nothing.
#[derive(Serialize)]
#[serde(rename = "layer")]
struct LayerFileOut<'a> {
    format: u32,
    document: &'a str,
    layer: &'a str,
    sha256: &'a str,
    status: Status,
    speakers: &'a [Speaker],
    quotes: &'a [Quote],
    stances: &'a [Stance],
    noise: &'a [NoiseLine],
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    notes: &'a std::collections::BTreeMap<String, String>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    reviews: &'a Reviews,
    #[serde(skip_serializing_if = "is_zero")]
    active_seconds: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

type Reviews = std::collections::BTreeMap<String, std::collections::BTreeMap<String, Decision>>;

/// A layer file as read.
#[derive(Deserialize)]
#[serde(rename = "layer")]
struct LayerFileIn {
    format: u32,
    document: String,
    layer: String,
    sha256: String,
    #[serde(default)]
    status: Status,
    #[serde(default)]
    speakers: Vec<Speaker>,
    #[serde(default)]
    quotes: Vec<Quote>,
    #[serde(default)]
    stances: Vec<Stance>,
    #[serde(default)]
    noise: Vec<NoiseLine>,
    #[serde(default)]
    notes: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    reviews: Reviews,
    #[serde(default)]
    active_seconds: u64,
}

/// Only the version: read when a file does not parse, to tell a newer file from a broken one.
#[derive(Deserialize)]
#[serde(rename = "file")]
struct Version {
    format: u32,
}

fn pretty(depth: usize) -> ron::ser::PrettyConfig {
    // Fixed settings (LF on every system, 4 spaces, spans on one line) make files
    // byte-identical across saves and machines, and small diffs in git.
    ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .depth_limit(depth)
        .struct_names(false)
}

fn read_text(path: &Path) -> Result<String, StoreError> {
    let bytes = read_bytes(path)?;
    Ok(utf8(path, &bytes)?.to_string())
}

fn utf8<'b>(path: &Path, bytes: &'b [u8]) -> Result<&'b str, StoreError> {
    std::str::from_utf8(bytes).map_err(|e| StoreError::Invalid {
        path: path.to_owned(),
        message: format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ),
    })
}

/// Parses a file whose `format` field `format_of` reads; refuses a newer format, also when
/// its content does not parse as this version's (read in one pass when it does).
fn parse<T: for<'de> Deserialize<'de>>(
    path: &Path,
    text: &str,
    format_of: fn(&T) -> u32,
) -> Result<T, StoreError> {
    let newer = |found| StoreError::Newer {
        path: path.to_owned(),
        found,
    };
    // The plain RON sayso writes, fast; anything else (and every error) through `ron`.
    let read = match super::fast_ron::from_str::<T>(text) {
        Some(value) => Ok(value),
        None => ron::from_str::<T>(text),
    };
    match read {
        Ok(value) if format_of(&value) > FORMAT_VERSION => Err(newer(format_of(&value))),
        Ok(value) => Ok(value),
        Err(e) => match ron::from_str::<Version>(text) {
            Ok(v) if v.format > FORMAT_VERSION => Err(newer(v.format)),
            _ => Err(StoreError::Parse {
                path: path.to_owned(),
                line: e.span.start.line,
                column: e.span.start.col,
                message: e.code.to_string(),
            }),
        },
    }
}

pub(super) fn read_project(path: &Path) -> Result<ProjectFile, StoreError> {
    parse(path, &read_text(path)?, |p: &ProjectFile| p.format)
}

/// The project file's bytes, as read (for a stamp).
pub(super) fn read_project_bytes(path: &Path) -> Result<(ProjectFile, Vec<u8>), StoreError> {
    let bytes = read_bytes(path)?;
    let text = utf8(path, &bytes)?;
    Ok((parse(path, text, |p: &ProjectFile| p.format)?, bytes))
}

/// What `project.ron` holds for `project`.
pub(super) fn project_file(project: &Project) -> ProjectFile {
    ProjectFile {
        format: FORMAT_VERSION,
        name: project.name.clone(),
        schema: project.schema.clone(),
        annotators: project.annotators.clone(),
        documents: project.entries(),
    }
}

pub(super) fn project_bytes(path: &Path, file: &ProjectFile) -> Result<Vec<u8>, StoreError> {
    to_bytes(path, file, 3)
}

impl LayerFileIn {
    /// The document's id, the layer's name and the layer.
    fn into_layer(self) -> (String, String, Layer) {
        let layer = Layer {
            status: self.status,
            anchored_to: self.sha256,
            speakers: self.speakers,
            quotes: self.quotes,
            stances: self.stances,
            noise: self.noise,
            notes: self.notes,
            reviews: self.reviews,
            active_seconds: self.active_seconds,
        };
        (self.document, self.layer, layer)
    }
}

/// Reads a layer file of document `doc_id` from its bytes; returns the layer's name and
/// the layer.
pub(super) fn parse_layer(
    path: &Path,
    bytes: &[u8],
    doc_id: &str,
) -> Result<(String, Layer), StoreError> {
    let text = utf8(path, bytes)?;
    let file: LayerFileIn = parse(path, text, |l: &LayerFileIn| l.format)?;
    if file.document != doc_id {
        return Err(StoreError::Invalid {
            path: path.to_owned(),
            message: format!(
                "this file belongs to document {:?}, but it is in the folder of {doc_id:?}",
                file.document
            ),
        });
    }
    let (_, name, layer) = file.into_layer();
    Ok((name, layer))
}

/// A layer file's bytes.
pub(super) fn layer_bytes(
    path: &Path,
    doc_id: &str,
    name: &str,
    layer: &Layer,
) -> Result<Vec<u8>, StoreError> {
    let file = LayerFileOut {
        format: FORMAT_VERSION,
        document: doc_id,
        layer: name,
        sha256: &layer.anchored_to,
        status: layer.status,
        speakers: &layer.speakers,
        quotes: &layer.quotes,
        stances: &layer.stances,
        noise: &layer.noise,
        notes: &layer.notes,
        reviews: &layer.reviews,
        active_seconds: layer.active_seconds,
    };
    to_bytes(path, &file, 4)
}

/// `value` as pretty RON; structures nested deeper than `depth` go on one line.
fn to_bytes<T: Serialize>(path: &Path, value: &T, depth: usize) -> Result<Vec<u8>, StoreError> {
    let mut text =
        ron::ser::to_string_pretty(value, pretty(depth)).map_err(|e| StoreError::Invalid {
            path: path.to_owned(),
            message: format!("cannot serialize: {e}"),
        })?;
    text.push('\n');
    Ok(text.into_bytes())
}

pub(super) fn read_bytes(path: &Path) -> Result<Vec<u8>, StoreError> {
    std::fs::read(path).map_err(|source| StoreError::Read {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(file: LayerFileIn) -> (String, String, Layer) {
        file.into_layer()
    }

    /// The fast reader reads every layer file of the demo, and reads it as `ron` does.
    #[test]
    fn the_fast_reader_reads_the_demo_layers_as_ron_does() {
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo/annotations");
        let mut files = 0;
        for doc in std::fs::read_dir(demo).unwrap() {
            for file in std::fs::read_dir(doc.unwrap().path()).unwrap() {
                let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
                let fast = super::super::fast_ron::from_str::<LayerFileIn>(&text)
                    .expect("the fast reader reads what sayso writes");
                let slow: LayerFileIn = ron::from_str(&text).unwrap();
                assert_eq!(layer(fast), layer(slow));
                files += 1;
            }
        }
        assert!(files >= 4);
        // A project file too.
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo/project.ron"),
        )
        .unwrap();
        let fast = super::super::fast_ron::from_str::<ProjectFile>(&text);
        let slow: ProjectFile = ron::from_str(&text).unwrap();
        if let Some(fast) = fast {
            assert_eq!(fast.documents, slow.documents);
            assert_eq!(fast.schema, slow.schema);
        }
    }
}
