//! sayso JSONL, the exchange format of DESIGN.md: one document per line, offsets in code
//! points of the normalized text, `score` optional everywhere.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{At, Documents, ImportError, Prediction, span, tidy};
use crate::model::{Layer, NoiseLine, Project, Quote, Speaker, Stance};
use crate::text::Text;

/// One line of the file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    sha256: Option<String>,
    #[serde(default)]
    layer: Option<String>,
    #[serde(default)]
    noise: Vec<NoiseRecord>,
    #[serde(default)]
    speakers: Vec<SpeakerRecord>,
    #[serde(default)]
    quotes: Vec<QuoteRecord>,
    #[serde(default)]
    stances: Vec<StanceRecord>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpanRecord {
    start: usize,
    end: usize,
    /// Optional on input (a model may leave it out); always written.
    #[serde(default)]
    text: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoiseRecord {
    line: usize,
    start: usize,
    end: usize,
    category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpeakerRecord {
    id: String,
    /// Default: the longest mention.
    #[serde(default)]
    name: Option<String>,
    /// Default: the schema's first speaker kind.
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    mentions: Vec<SpanRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuoteRecord {
    id: String,
    /// Default: guessed from the quotation marks.
    #[serde(default)]
    kind: Option<String>,
    content: Vec<SpanRecord>,
    #[serde(default)]
    cue: Option<SpanRecord>,
    #[serde(default)]
    source: Option<SpanRecord>,
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StanceRecord {
    id: String,
    holder: String,
    target: String,
    label: String,
    #[serde(default)]
    evidence: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
}

/// One document's layer as one JSON line (no newline). Orphaned noise lines, which have
/// no place in the text, are left out.
pub fn write_record(
    doc_id: &str,
    text: &Text,
    sha256: &str,
    layer_name: &str,
    layer: &Layer,
) -> String {
    let span = |s: &crate::model::Span| SpanRecord {
        start: s.start,
        end: s.end,
        text: Some(s.text.clone()),
    };
    let record = Record {
        id: Some(doc_id.to_string()),
        text: Some(text.as_str().to_string()),
        sha256: Some(sha256.to_string()),
        layer: Some(layer_name.to_string()),
        noise: layer
            .noise
            .iter()
            .filter(|n| !n.orphaned)
            .filter_map(|n| {
                let range = text.line_char_range(n.line)?;
                Some(NoiseRecord {
                    line: n.line,
                    start: range.start,
                    end: range.end,
                    category: n.category.clone(),
                    score: n.score,
                })
            })
            .collect(),
        speakers: layer
            .speakers
            .iter()
            .map(|s| SpeakerRecord {
                id: s.id.clone(),
                name: Some(s.name.clone()),
                kind: Some(s.kind.clone()),
                mentions: s.mentions.iter().map(span).collect(),
                score: s.score,
            })
            .collect(),
        quotes: layer
            .quotes
            .iter()
            .map(|q| QuoteRecord {
                id: q.id.clone(),
                kind: Some(q.kind.clone()),
                content: q.content.iter().map(span).collect(),
                cue: q.cue.as_ref().map(span),
                source: q.source.as_ref().map(span),
                speaker: q.speaker.clone(),
                score: q.score,
            })
            .collect(),
        stances: layer
            .stances
            .iter()
            .map(|t| StanceRecord {
                id: t.id.clone(),
                holder: t.holder.clone(),
                target: t.target.clone(),
                label: t.label.clone(),
                evidence: t.evidence.clone(),
                score: t.score,
            })
            .collect(),
    };
    serde_json::to_string(&record).expect("plain data serializes")
}

/// Reads a JSONL file against the project (see [`super::read`]), a chunk of lines at a
/// time: memory holds the predictions and one chunk, not the file. The lines of a chunk
/// are parsed and checked on every core, then taken in order: the error reported is the
/// file's first.
pub(crate) fn read(project: &Project, path: &Path) -> Result<Vec<Prediction>, ImportError> {
    let docs = Documents::new(project);
    let mut out = Vec::new();
    let mut lines_of: HashMap<String, usize> = HashMap::new();
    super::files::for_line_chunks(path, |mut chunk| {
        chunk.retain(|(_, line)| !line.trim().is_empty());
        let read = crate::parallel::map(&chunk, |(n, line)| {
            read_line(project, &docs, path, *n, line)
        });
        for ((n, _), prediction) in chunk.iter().zip(read) {
            let prediction = prediction?;
            if let Some(first) = lines_of.insert(prediction.doc_id.clone(), *n) {
                return Err(At::new(path, Some(*n)).err(
                    format!("document {:?}", prediction.doc_id),
                    format!("the document is given twice, first on line {first}"),
                ));
            }
            out.push(prediction);
        }
        Ok(())
    })?;
    if out.is_empty() {
        return Err(ImportError::file(path, "the file holds no document"));
    }
    Ok(out)
}

/// A record's place in a JSONL file: its line, its bytes (without a byte-order mark) and
/// the id of the document it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub line: usize,
    pub bytes: std::ops::Range<u64>,
    pub id: String,
}

/// The document id of a record, read cheaply: the `"id"` sayso writes first, else the
/// record's `id` field. `None` for a record without one or that does not parse.
fn record_id(line: &str) -> Option<String> {
    if let Some(rest) = line.strip_prefix("{\"id\":\"")
        && let Some(end) = rest.find('"')
        && !rest[..end].contains('\\')
    {
        return Some(rest[..end].to_string());
    }
    #[derive(Deserialize)]
    struct Id {
        id: Option<String>,
    }
    serde_json::from_str::<Id>(line).ok()?.id
}

/// Where each record of `path` is and which document it names by id, in one pass that
/// parses no annotation: for reading the file part by part ([`read_placed`]). `None` when a
/// record names no document by id, when a line is not UTF-8 or holds a NUL byte, or when
/// the file holds no record: such a file is read whole by [`read`], whose errors say
/// what is wrong where.
pub fn place_records(path: &Path) -> Result<Option<Vec<Placed>>, ImportError> {
    use std::io::BufRead;
    let file = std::fs::File::open(path).map_err(|e| super::files::cannot_read(path, e))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let (mut out, mut buf, mut offset) = (Vec::new(), Vec::new(), 0u64);
    for line in 1.. {
        buf.clear();
        let read = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| super::files::cannot_read(path, e))?;
        if read == 0 {
            break;
        }
        let mut start = offset;
        offset += read as u64;
        let mut bytes = &buf[..];
        if line == 1 && bytes.starts_with(super::files::BOM) {
            bytes = &bytes[3..];
            start += 3;
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Ok(None);
        };
        if text.contains('\0') {
            return Ok(None);
        }
        if text.trim().is_empty() {
            continue;
        }
        let Some(id) = record_id(text.trim()) else {
            return Ok(None);
        };
        out.push(Placed {
            line,
            bytes: start..offset,
            id,
        });
    }
    Ok((!out.is_empty()).then_some(out))
}

/// The records `placed` of the JSONL file `path` (in the order given), matched and checked
/// against `project` as [`read`] does, on every core; the error is the first in the file
/// of those records.
pub fn read_placed(
    project: &Project,
    path: &Path,
    placed: &[&Placed],
) -> Result<Vec<Prediction>, ImportError> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path).map_err(|e| super::files::cannot_read(path, e))?;
    let mut lines = Vec::with_capacity(placed.len());
    for p in placed {
        let mut bytes = vec![0; (p.bytes.end - p.bytes.start) as usize];
        file.seek(SeekFrom::Start(p.bytes.start))
            .and_then(|_| file.read_exact(&mut bytes))
            .map_err(|e| super::files::cannot_read(path, e))?;
        let mut line = String::from_utf8(bytes)
            .map_err(|_| ImportError::file(path, "the file changed while it was read"))?;
        if line.ends_with('\n') {
            line.pop();
            if line.ends_with('\r') {
                line.pop();
            }
        }
        lines.push((p.line, line));
    }
    let docs = Documents::new(project);
    let read = crate::parallel::map(&lines, |(n, line)| {
        read_line(project, &docs, path, *n, line)
    });
    let mut out = Vec::with_capacity(read.len());
    let mut first_error: Option<ImportError> = None;
    for r in read {
        match r {
            Ok(p) => out.push(p),
            Err(e) if first_error.as_ref().is_none_or(|f| e.line < f.line) => first_error = Some(e),
            Err(_) => {}
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// Line `n` of the file: its record, matched and checked.
fn read_line(
    project: &Project,
    docs: &Documents,
    path: &Path,
    n: usize,
    line: &str,
) -> Result<Prediction, ImportError> {
    let record: Record = serde_json::from_str(line).map_err(|e| ImportError {
        path: path.to_owned(),
        line: Some(n),
        column: Some(e.column()),
        item: None,
        message: format!("malformed JSON: {e}")
            .replace(&format!(" at line 1 column {}", e.column()), ""),
    })?;
    read_record(project, docs, &record, At::new(path, Some(n)))
}

fn read_record(
    project: &Project,
    docs: &Documents,
    r: &Record,
    at: At,
) -> Result<Prediction, ImportError> {
    let doc = docs
        .find(r.id.as_deref(), r.sha256.as_deref(), r.text.as_deref())
        .map_err(|m| at.err(r.id.as_ref().map(|id| format!("document {id:?}")), m))?;
    let text = &doc.text;
    let schema = &project.schema;
    // Items are named only for an error: formatting a name per span cost a tenth of an
    // import.
    let span_of = |s: &SpanRecord, item: &dyn Fn() -> String| {
        span(text, s.start..s.end, s.start..s.end, s.text.as_deref()).map_err(|m| at.err(item(), m))
    };
    let mut layer = Layer::new(&doc.sha256);

    // Built as the file gives it; then checked by `model::validate` (ids, labels,
    // references, scores, names), like any layer: one set of rules.
    for s in &r.speakers {
        let item = || format!("speaker {:?}", s.id);
        let kind = s
            .kind
            .clone()
            .unwrap_or_else(|| super::default_kind(schema));
        let mut mentions = Vec::with_capacity(s.mentions.len());
        for (i, m) in s.mentions.iter().enumerate() {
            mentions.push(span_of(m, &|| format!("{} mention {}", item(), i + 1))?);
        }
        let name = match &s.name {
            Some(name) => name.clone(),
            None => longest(&mentions).ok_or_else(|| at.err(item(), "no name and no mentions"))?,
        };
        layer.speakers.push(Speaker {
            id: s.id.clone(),
            name,
            kind,
            mentions,
            score: s.score,
        });
    }

    for q in &r.quotes {
        let item = || format!("quote {:?}", q.id);
        let mut content = Vec::with_capacity(q.content.len());
        for (i, c) in q.content.iter().enumerate() {
            content.push(span_of(c, &|| format!("{} content {}", item(), i + 1))?);
        }
        let cue = q
            .cue
            .as_ref()
            .map(|c| span_of(c, &|| format!("{} cue", item())))
            .transpose()?;
        let source = q
            .source
            .as_ref()
            .map(|c| span_of(c, &|| format!("{} source", item())))
            .transpose()?;
        let kind = match &q.kind {
            Some(kind) => kind.clone(),
            None => super::guess_kind(schema, &content),
        };
        layer.quotes.push(Quote {
            id: q.id.clone(),
            kind,
            content,
            cue,
            source,
            speaker: q.speaker.clone(),
            score: q.score,
        });
    }

    for t in &r.stances {
        layer.stances.push(Stance {
            id: t.id.clone(),
            holder: t.holder.clone(),
            target: t.target.clone(),
            label: t.label.clone(),
            evidence: t.evidence.clone(),
            score: t.score,
        });
    }

    let mut lines = BTreeSet::new();
    for n in &r.noise {
        let fail = |m: String| at.err(format!("noise line {}", n.line), m);
        let Some(range) = text.line_char_range(n.line) else {
            let count = text.line_count();
            return Err(fail(format!(
                "the document has {count} lines (0 to {})",
                count - 1
            )));
        };
        if (n.start, n.end) != (range.start, range.end) {
            return Err(fail(format!(
                "start..end {}..{} is not the line, which is {}..{}",
                n.start, n.end, range.start, range.end
            )));
        }
        if !lines.insert(n.line) {
            return Err(fail("the line is given twice".to_string()));
        }
        layer.noise.push(NoiseLine {
            line: n.line,
            category: n.category.clone(),
            text: text.line(n.line).unwrap_or_default().to_string(),
            orphaned: false,
            score: n.score,
        });
    }
    tidy(&mut layer);
    if let Some(problem) = super::first_problem(schema, doc, &layer) {
        return Err(at.err(problem.item, problem.message));
    }
    Ok(Prediction {
        doc_id: doc.id.clone(),
        layer,
    })
}

/// The longest mention's text: the name of a speaker a file does not name.
pub(crate) fn longest(mentions: &[crate::model::Span]) -> Option<String> {
    let mut best: Option<&crate::model::Span> = None;
    for m in mentions {
        if best.is_none_or(|b| m.text.chars().count() > b.text.chars().count()) {
            best = Some(m);
        }
    }
    best.map(|m| m.text.clone())
}
