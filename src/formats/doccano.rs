//! doccano's JSONL (<https://doccano.github.io/doccano/tutorial/#import-dataset>): one
//! document a line, `text` with either `label: [[start, end, "TYPE"], …]` (sequence
//! labeling) or, from a relation project, `entities: [{id, label, start_offset,
//! end_offset}]` and `relations: [{id, from_id, to_id, type}]`.
//!
//! Reading: a line is matched by `doc_id` (sayso writes it; doccano keeps unknown fields
//! as metadata), else by its text. Offsets are code points. A `label` list of plain
//! strings (text classification) is counted as left out. Labels and relations mean what
//! [`super::spans`] says. Writing: the relation form, with `doc_id`.

use std::path::Path;

use serde_json::{Value, json};

use super::spans::{self, Flat, FlatRelation, FlatSpan};
use super::{At, ImportError, Prediction, Read, ReadOptions, match_document, tidy};
use crate::model::{Layer, Project};
use crate::text::Text;

pub(crate) fn read(
    project: &Project,
    path: &Path,
    options: &ReadOptions,
) -> Result<Read, ImportError> {
    let content = super::read_utf8(path)?;
    let mut read = Read::default();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = At::new(path, Some(i + 1));
        let outcome = serde_json::from_str::<Value>(line)
            .map_err(|e| format!("malformed JSON: {e}"))
            .and_then(|record| read_record(project, &record, options, &mut read.ignored))
            .map(|p| (None, p))
            .map_err(|m| at.err(None, m));
        read.push(options.skip_invalid, path, outcome)?;
    }
    Ok(read)
}

fn read_record(
    project: &Project,
    record: &Value,
    options: &ReadOptions,
    ignored: &mut spans::Ignored,
) -> Result<Prediction, String> {
    let text = record
        .get("text")
        .and_then(Value::as_str)
        .ok_or("the record has no \"text\"")?;
    let id = ["doc_id", "id"]
        .iter()
        .find_map(|k| record.get(*k).and_then(Value::as_str))
        .filter(|id| project.document(id).is_some());
    let doc = match_document(project, id, None, Some(text))?;
    let mut flat = Flat::default();
    let number = |v: Option<&Value>, what: &str| {
        v.and_then(Value::as_u64)
            .map(|n| n as usize)
            .ok_or_else(|| format!("{what} is not a number"))
    };
    let key = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
    };
    if let Some(entities) = record.get("entities").and_then(Value::as_array) {
        for (n, e) in entities.iter().enumerate() {
            let what = format!("entity {}", n + 1);
            flat.spans.push(FlatSpan {
                id: key(e.get("id")),
                label: key(e.get("label")),
                start: number(e.get("start_offset"), &format!("{what} start_offset"))?,
                end: number(e.get("end_offset"), &format!("{what} end_offset"))?,
                text: None,
                score: None,
            });
        }
        for r in record
            .get("relations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            flat.relations.push(FlatRelation {
                from: key(r.get("from_id")),
                to: key(r.get("to_id")),
                label: key(r.get("type")),
            });
        }
    }
    for (n, l) in record
        .get("label")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        match l.as_array().map(Vec::as_slice) {
            Some([s, e, label]) => flat.spans.push(FlatSpan {
                id: format!("label{}", n + 1),
                label: key(Some(label)),
                start: number(Some(s), &format!("label {} start", n + 1))?,
                end: number(Some(e), &format!("label {} end", n + 1))?,
                text: None,
                score: None,
            }),
            _ if l.is_string() => {
                *ignored
                    .entry("document label (classification)".into())
                    .or_default() += 1;
            }
            _ => {
                return Err(format!(
                    "label {} is not [start, end, \"TYPE\"]: {l}",
                    n + 1
                ));
            }
        }
    }
    let mut layer = spans::to_layer(&flat, &doc.text, &project.schema, &options.mapping, ignored)?;
    layer.anchored_to = doc.sha256.clone();
    tidy(&mut layer);
    Ok(Prediction {
        doc_id: doc.id.clone(),
        layer,
    })
}

/// One JSONL line (without its newline) for a document.
pub fn write_record(n: usize, doc_id: &str, text: &Text, layer: &Layer) -> String {
    let flat = spans::from_layer(text, layer);
    let number = |id: &str| id.trim_start_matches('T').parse::<u64>().unwrap_or(0);
    let entities: Vec<Value> = flat
        .spans
        .iter()
        .map(|s| {
            json!({"id": number(&s.id), "label": s.label,
                   "start_offset": s.start, "end_offset": s.end})
        })
        .collect();
    let relations: Vec<Value> = flat
        .relations
        .iter()
        .enumerate()
        .map(|(k, r)| {
            json!({"id": k + 1, "from_id": number(&r.from), "to_id": number(&r.to),
                   "type": r.label})
        })
        .collect();
    let record = json!({
        "id": n,
        "doc_id": doc_id,
        "text": text.as_str(),
        "entities": entities,
        "relations": relations,
    });
    record.to_string()
}
