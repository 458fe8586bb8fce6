//! Prodigy's JSONL (<https://prodi.gy/docs/api-interfaces#spans_manual> and
//! `#relations`): one example a line with `text`, `tokens`, `spans: [{start, end, label,
//! token_start, token_end}]` and `relations: [{head, child, head_span, child_span,
//! label}]`, `answer` and `meta`.
//!
//! Reading: an example is matched by `meta.doc_id` (sayso writes it), else by its text;
//! rejected and ignored examples (`answer`) are left out and counted. A relation's ends
//! are the spans at its `head_span` and `child_span`. Offsets are code points. Labels and
//! relations mean what [`super::spans`] says. Writing: tokens as spaCy makes them (see
//! [`super::tokens`]), cut where a span starts or ends inside one; `token_end` inclusive,
//! a relation's `head` and `child` the last token of each span.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Value, json};

use super::spans::{self, Flat, FlatRelation, FlatSpan};
use super::tokens::{self, Token};
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
        let record = match serde_json::from_str::<Value>(line) {
            Ok(r) => r,
            Err(e) => {
                read.push(
                    options.skip_invalid,
                    path,
                    Err(at.err(None, format!("malformed JSON: {e}"))),
                )?;
                continue;
            }
        };
        let answer = record.get("answer").and_then(Value::as_str);
        if matches!(answer, Some("reject" | "ignore")) {
            *read
                .ignored
                .entry(format!("{} example", answer.unwrap_or_default()))
                .or_default() += 1;
            continue;
        }
        let outcome = read_record(project, &record, options, &mut read.ignored)
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
        .ok_or("the example has no \"text\"")?;
    let id = record
        .pointer("/meta/doc_id")
        .and_then(Value::as_str)
        .filter(|id| project.document(id).is_some());
    let doc = match_document(project, id, None, Some(text))?;
    let mut flat = Flat::default();
    let mut known: HashMap<(usize, usize, String), String> = HashMap::new();
    let mut add = |flat: &mut Flat, s: &Value, what: &str| -> Result<String, String> {
        let number = |k: &str| {
            s.get(k)
                .and_then(Value::as_u64)
                .map(|n| n as usize)
                .ok_or_else(|| format!("{what}: {k} is not a number"))
        };
        let (start, end) = (number("start")?, number("end")?);
        let label = s.get("label").and_then(Value::as_str).unwrap_or_default();
        let key = (start, end, label.to_string());
        if let Some(id) = known.get(&key) {
            return Ok(id.clone());
        }
        let id = format!("span{}", flat.spans.len() + 1);
        known.insert(key, id.clone());
        flat.spans.push(FlatSpan {
            id: id.clone(),
            label: label.to_string(),
            start,
            end,
            text: s.get("text").and_then(Value::as_str).map(str::to_string),
            score: s.get("score").and_then(Value::as_f64),
        });
        Ok(id)
    };
    for (n, s) in record
        .get("spans")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        add(&mut flat, s, &format!("span {}", n + 1))?;
    }
    for (n, r) in record
        .get("relations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let what = format!("relation {}", n + 1);
        let (Some(head), Some(child)) = (r.get("head_span"), r.get("child_span")) else {
            return Err(format!(
                "{what}: a relation without head_span and child_span"
            ));
        };
        let from = add(&mut flat, head, &format!("{what} head_span"))?;
        let to = add(&mut flat, child, &format!("{what} child_span"))?;
        let label = r
            .get("label")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        flat.relations.push(FlatRelation { from, to, label });
    }
    let mut layer = spans::to_layer(&flat, &doc.text, &project.schema, &options.mapping, ignored)?;
    layer.anchored_to = doc.sha256.clone();
    tidy(&mut layer);
    Ok(Prediction {
        doc_id: doc.id.clone(),
        layer,
    })
}

/// The tokens of `text` cut at every span boundary of `flat`, and the number of cuts.
pub(crate) fn tokens_for(text: &Text, flat: &Flat) -> (Vec<Token>, usize) {
    let mut toks = tokens::tokenize(text.as_str());
    let cuts = tokens::split_at(&mut toks, flat.spans.iter().flat_map(|s| [s.start, s.end]));
    (toks, cuts)
}

/// The index of the token holding code point `at`.
pub(crate) fn token_at(toks: &[Token], at: usize) -> usize {
    toks.partition_point(|t| t.end <= at)
        .min(toks.len().saturating_sub(1))
}

/// One JSONL line (without its newline) for a document, and the tokens cut to fit spans.
pub fn write_record(doc_id: &str, text: &Text, layer: &Layer) -> (String, usize) {
    let flat = spans::from_layer(text, layer);
    let (toks, cuts) = tokens_for(text, &flat);
    let chars: Vec<char> = text.as_str().chars().collect();
    let tokens: Vec<Value> = toks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let word: String = chars[t.start..t.end].iter().collect();
            json!({"text": word, "start": t.start, "end": t.end, "id": i, "ws": t.space})
        })
        .collect();
    let span = |s: &FlatSpan| {
        json!({"start": s.start, "end": s.end, "text": s.text, "label": s.label,
               "token_start": token_at(&toks, s.start),
               "token_end": token_at(&toks, s.end.saturating_sub(1))})
    };
    let index: HashMap<&str, &FlatSpan> = flat.spans.iter().map(|s| (s.id.as_str(), s)).collect();
    let by_id = |id: &str| index[id];
    let relations: Vec<Value> = flat
        .relations
        .iter()
        .map(|r| {
            let (h, c) = (by_id(&r.from), by_id(&r.to));
            json!({"head": token_at(&toks, h.end - 1), "child": token_at(&toks, c.end - 1),
                   "head_span": span(h), "child_span": span(c), "label": r.label})
        })
        .collect();
    let record = json!({
        "text": text.as_str(),
        "tokens": tokens,
        "spans": flat.spans.iter().map(span).collect::<Vec<_>>(),
        "relations": relations,
        "meta": {"doc_id": doc_id},
        "answer": "accept",
    });
    (record.to_string(), cuts)
}
