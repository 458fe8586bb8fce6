//! Label Studio's JSON export (<https://labelstud.io/guide/export#Label-Studio-JSON-format-of-annotated-tasks>):
//! a list of tasks, each with `data` (the text) and `annotations` (people's) or
//! `predictions` (a model's), whose `result` holds `labels` regions
//! (`value: {start, end, text, labels}`) and `relation` results (`from_id`, `to_id`,
//! `direction`, `labels`).
//!
//! Reading: a task is matched by `data.doc_id` (or `data.id`), else by its text; its first
//! annotation that is not cancelled is read, else its first prediction; other annotations
//! and result types (`choices`, `textarea`…) are counted as left out. Offsets are code
//! points; an export whose texts only agree in UTF-16 units (as the browser counts, the
//! source of Label Studio's emoji offset bugs) is read in those. Labels and relations mean
//! what [`super::spans`] says.
//!
//! Writing: one task per document with `data: {text, doc_id}`, the layer as `annotations`
//! (as `predictions` for a `model:` layer), and [`labeling_config`] for the project.

use std::path::Path;

use serde_json::{Value, json};

use super::spans::{self, Flat, FlatRelation, FlatSpan};
use super::{ImportError, Prediction, Read, ReadOptions, match_document, tidy};
use crate::model::{Layer, Project};
use crate::text::Text;

pub(crate) fn read(
    project: &Project,
    path: &Path,
    options: &ReadOptions,
) -> Result<Read, ImportError> {
    let content = super::read_utf8(path)?;
    let value: Value = serde_json::from_str(&content).map_err(|e| ImportError {
        line: Some(e.line()),
        column: Some(e.column()),
        ..ImportError::file(path, format!("malformed JSON: {e}"))
    })?;
    let tasks = match value {
        Value::Array(tasks) => tasks,
        task @ Value::Object(_) if task.get("data").is_some() => vec![task],
        _ => {
            return Err(ImportError::file(
                path,
                "not a Label Studio export: expected a list of tasks, each with \"data\"",
            ));
        }
    };
    let mut read = Read::default();
    for (n, task) in tasks.iter().enumerate() {
        let item = match task.get("id") {
            Some(id) => format!("task {} (id {id})", n + 1),
            None => format!("task {}", n + 1),
        };
        let outcome = read_task(project, task, options, &mut read.ignored)
            .map(|p| (None, p))
            .map_err(|m| ImportError {
                item: Some(item),
                ..ImportError::file(path, m)
            });
        read.push(options.skip_invalid, path, outcome)?;
    }
    Ok(read)
}

fn read_task(
    project: &Project,
    task: &Value,
    options: &ReadOptions,
    ignored: &mut spans::Ignored,
) -> Result<Prediction, String> {
    let data = task
        .get("data")
        .and_then(Value::as_object)
        .ok_or("the task has no \"data\"")?;
    let text = data
        .get("text")
        .and_then(Value::as_str)
        .or_else(|| data.values().find_map(Value::as_str))
        .ok_or("the task's data has no text")?;
    let id = ["doc_id", "id", "document"]
        .iter()
        .find_map(|k| data.get(*k).and_then(Value::as_str));
    let id = id.filter(|id| project.document(id).is_some());
    let doc = match_document(project, id, None, Some(text))?;
    let completions = |key: &str| -> Vec<&Value> {
        task.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter(|c| c.get("was_cancelled") != Some(&Value::Bool(true)))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (annotations, predictions) = (completions("annotations"), completions("predictions"));
    let (chosen, others) = match (annotations.split_first(), predictions.split_first()) {
        (Some((first, rest)), _) => {
            if !predictions.is_empty() {
                *ignored
                    .entry("prediction of an annotated task".into())
                    .or_default() += predictions.len();
            }
            (Some(*first), rest.len())
        }
        (None, Some((first, rest))) => (Some(*first), rest.len()),
        (None, None) => (None, 0),
    };
    if others > 0 {
        *ignored
            .entry("annotation beyond a task's first".into())
            .or_default() += others;
    }
    let mut flat = Flat::default();
    let results = chosen
        .and_then(|c| c.get("result"))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let score = chosen.and_then(|c| c.get("score")).and_then(Value::as_f64);
    for (i, r) in results.iter().enumerate() {
        let ty = r.get("type").and_then(Value::as_str).unwrap_or_default();
        let value = r.get("value");
        let labels = |v: Option<&Value>| -> Vec<String> {
            v.and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|l| l.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        if ty == "relation" {
            let end = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_string);
            let (Some(mut from), Some(mut to)) = (end("from_id"), end("to_id")) else {
                return Err(format!(
                    "result {}: a relation without from_id and to_id",
                    i + 1
                ));
            };
            if r.get("direction").and_then(Value::as_str) == Some("left") {
                std::mem::swap(&mut from, &mut to);
            }
            let label = labels(r.get("labels"))
                .into_iter()
                .next()
                .unwrap_or_default();
            flat.relations.push(FlatRelation { from, to, label });
        } else if let Some(v) =
            value.filter(|v| v.get("start").is_some() && v.get("labels").is_some())
        {
            let offset = |k: &str| {
                v.get(k)
                    .and_then(Value::as_u64)
                    .map(|n| n as usize)
                    .ok_or_else(|| format!("result {}: {k} is not a number", i + 1))
            };
            let labels = labels(v.get("labels"));
            let Some(label) = labels.first() else {
                *ignored.entry("region without a label".into()).or_default() += 1;
                continue;
            };
            if labels.len() > 1 {
                *ignored
                    .entry("second label of a region".into())
                    .or_default() += labels.len() - 1;
            }
            let id = r
                .get("id")
                .and_then(Value::as_str)
                .map_or_else(|| format!("result{}", i + 1), str::to_string);
            flat.spans.push(FlatSpan {
                id,
                label: label.clone(),
                start: offset("start")?,
                end: offset("end")?,
                text: v.get("text").and_then(Value::as_str).map(str::to_string),
                score: r.get("score").and_then(Value::as_f64).or(score),
            });
        } else {
            *ignored.entry(format!("result type {ty:?}")).or_default() += 1;
        }
    }
    utf16_to_chars(&mut flat, &doc.text);
    let mut layer = spans::to_layer(&flat, &doc.text, &project.schema, &options.mapping, ignored)?;
    layer.anchored_to = doc.sha256.clone();
    tidy(&mut layer);
    Ok(Prediction {
        doc_id: doc.id.clone(),
        layer,
    })
}

/// If the spans' texts only agree when offsets count UTF-16 units, converts them.
pub(crate) fn utf16_to_chars(flat: &mut Flat, text: &Text) {
    let agrees = |s: &FlatSpan, r: Option<std::ops::Range<usize>>| {
        let Some(claimed) = &s.text else { return true };
        r.and_then(|r| text.slice_chars(r))
            .is_some_and(|t| t == claimed)
    };
    let as_chars = |s: &FlatSpan| Some(s.start..s.end);
    let as_units = |s: &FlatSpan| Some(text.utf16_to_char(s.start)?..text.utf16_to_char(s.end)?);
    if text.len_utf16() == text.len_chars()
        || flat.spans.iter().all(|s| agrees(s, as_chars(s)))
        || !flat.spans.iter().all(|s| agrees(s, as_units(s)))
    {
        return;
    }
    for s in &mut flat.spans {
        if let Some(r) = as_units(s) {
            (s.start, s.end) = (r.start, r.end);
        }
    }
}

/// One task per document, as a JSON list (pretty).
pub fn write(docs: &[(&str, &Text, &Layer)], layer_name: &str) -> String {
    let key = if layer_name.starts_with("model:") {
        "predictions"
    } else {
        "annotations"
    };
    let tasks: Vec<Value> = docs
        .iter()
        .enumerate()
        .map(|(n, (id, text, layer))| {
            let flat = spans::from_layer(text, layer);
            let mut result: Vec<Value> = flat
                .spans
                .iter()
                .map(|s| {
                    let mut r = json!({
                        "id": s.id,
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": s.start, "end": s.end, "text": s.text, "labels": [s.label]},
                    });
                    if let Some(score) = s.score {
                        r["score"] = score.into();
                    }
                    r
                })
                .collect();
            result.extend(flat.relations.iter().map(|r| {
                json!({"from_id": r.from, "to_id": r.to, "type": "relation",
                       "direction": "right", "labels": [r.label]})
            }));
            let mut completion = json!({"result": result});
            if key == "predictions" {
                completion["model_version"] = layer_name.into();
            }
            json!({
                "id": n + 1,
                "data": {"text": text.as_str(), "doc_id": id},
                key: [completion],
            })
        })
        .collect();
    serde_json::to_string_pretty(&tasks).expect("plain data") + "\n"
}

/// The labeling configuration (`<View>` XML) of a Label Studio project for these tasks.
pub fn labeling_config() -> String {
    let labels: String = [
        (spans::SPEAKER, "#1f77b4"),
        (spans::QUOTE, "#d62728"),
        (spans::CUE, "#ffd700"),
        (spans::NOISE, "#cccccc"),
    ]
    .iter()
    .map(|(l, c)| format!("    <Label value=\"{l}\" background=\"{c}\"/>\n"))
    .collect();
    let relations: String = spans::RELATIONS
        .iter()
        .map(|r| format!("    <Relation value=\"{r}\"/>\n"))
        .collect();
    format!(
        "<View>\n  <Relations>\n{relations}  </Relations>\n  <Labels name=\"label\" toName=\"text\">\n{labels}  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n</View>\n"
    )
}
