//! [`validate`]: every broken invariant of a project, each naming document, layer and item.

use std::collections::BTreeSet;
use std::fmt;

use super::{Document, Label, Layer, Project, Schema, Span};
use crate::text::words::is_character_boundary;

/// One broken invariant, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub document: Option<String>,
    pub layer: Option<String>,
    /// E.g. `quote q3`, `speaker s1 mention 2`, `noise line 12`.
    pub item: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place: Vec<&str> = [&self.document, &self.layer, &self.item]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if place.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", place.join(" / "), self.message)
        }
    }
}

/// Checks the schema and every document of the project.
pub fn validate(project: &Project) -> Vec<Problem> {
    let mut problems = validate_schema(&project.schema);
    let mut ids = BTreeSet::new();
    for doc in &project.documents {
        if !ids.insert(doc.id.as_str()) {
            problems.push(Problem {
                document: Some(doc.id.clone()),
                layer: None,
                item: None,
                message: "two documents have this id".into(),
            });
        }
        problems.extend(validate_document(doc, &project.schema));
    }
    problems
}

fn validate_schema(schema: &Schema) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (what, labels) in schema.lists() {
        let mut names = BTreeSet::new();
        let mut keys = BTreeSet::new();
        for Label { name, colour, key } in labels {
            let mut report = |message: String| {
                problems.push(Problem {
                    document: None,
                    layer: None,
                    item: Some(format!("schema {what} {name:?}")),
                    message,
                })
            };
            if !names.insert(name) {
                report("the name is used twice".into());
            }
            if let Some(k) = key
                && !keys.insert(k)
            {
                report(format!("the shortcut key {k:?} is used twice in this list"));
            }
            if Label::rgb(&Label::new(name, colour, None)).is_none() {
                report(format!("colour {colour:?} is not of the form #rrggbb"));
            }
        }
    }
    problems
}

/// Checks every layer of one document against its text and the schema.
pub fn validate_document(doc: &Document, schema: &Schema) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (name, layer) in &doc.layers {
        let mut check = Checker {
            doc,
            schema,
            layer: name,
            problems: &mut problems,
        };
        check.layer(layer);
    }
    problems
}

/// Checks one layer, collecting problems.
struct Checker<'a> {
    doc: &'a Document,
    schema: &'a Schema,
    layer: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Checker<'_> {
    fn report(&mut self, item: &str, message: String) {
        self.problems.push(Problem {
            document: Some(self.doc.id.clone()),
            layer: Some(self.layer.to_string()),
            item: Some(item.to_string()),
            message,
        });
    }

    fn label(&mut self, item: &str, list: fn(&Schema) -> &[Label], what: &str, name: &str) {
        if !Schema::has(list(self.schema), name) {
            self.report(
                item,
                format!("{what} {name:?} is not in the project's schema"),
            );
        }
    }

    fn unique<'b>(&mut self, seen: &mut BTreeSet<&'b str>, id: &'b str, item: &str, what: &str) {
        if !seen.insert(id) {
            self.report(item, format!("another {what} has this id"));
        }
    }

    fn layer(&mut self, layer: &Layer) {
        let mut seen = BTreeSet::new();
        for s in &layer.speakers {
            let item = format!("speaker {}", s.id);
            self.label(&item, |s| &s.speaker_kinds, "speaker kind", &s.kind);
            self.unique(&mut seen, &s.id, &item, "speaker");
            for (i, m) in s.mentions.iter().enumerate() {
                self.span(&format!("{item} mention {}", i + 1), m);
            }
        }
        let mut seen = BTreeSet::new();
        for q in &layer.quotes {
            let item = format!("quote {}", q.id);
            self.label(&item, |s| &s.quote_kinds, "quote kind", &q.kind);
            self.unique(&mut seen, &q.id, &item, "quote");
            if q.content.is_empty() {
                self.report(&item, "the quote has no content".into());
            }
            for (i, c) in q.content.iter().enumerate() {
                self.span(&format!("{item} content {}", i + 1), c);
            }
            for (what, span) in [("cue", &q.cue), ("source", &q.source)] {
                if let Some(span) = span {
                    self.span(&format!("{item} {what}"), span);
                }
            }
            // Compared by place and text: a broken source is reported as a span already.
            let same = |a: &Span, b: &Span| (a.start, a.end, &a.text) == (b.start, b.end, &b.text);
            if let (Some(speaker), Some(source)) = (
                q.speaker.as_deref().and_then(|id| layer.speaker(id)),
                &q.source,
            ) && source.start < source.end
                && !speaker.mentions.iter().any(|m| same(m, source))
            {
                let msg = format!(
                    "source {source} is not a mention of its speaker {}",
                    speaker.id
                );
                self.report(&item, msg);
            }
            if let Some(speaker) = &q.speaker
                && layer.speaker(speaker).is_none()
            {
                self.report(
                    &item,
                    format!("speaker {speaker:?} does not exist in this layer"),
                );
            }
        }
        let mut seen = BTreeSet::new();
        for t in &layer.stances {
            let item = format!("stance {}", t.id);
            self.label(&item, |s| &s.stance_labels, "stance label", &t.label);
            self.label(&item, |s| &s.stance_targets, "stance target", &t.target);
            self.unique(&mut seen, &t.id, &item, "stance");
            if layer.speaker(&t.holder).is_none() {
                self.report(
                    &item,
                    format!("holder {:?} is not a speaker of this layer", t.holder),
                );
            }
            for e in &t.evidence {
                if layer.quote(e).is_none() {
                    self.report(
                        &item,
                        format!("evidence {e:?} is not a quote of this layer"),
                    );
                }
            }
        }
        for id in layer.notes.keys() {
            if layer.speaker(id).is_none()
                && layer.quote(id).is_none()
                && layer.stance(id).is_none()
            {
                self.report(
                    &format!("note {id}"),
                    "on nothing: no speaker, quote or stance of this layer has this id".into(),
                );
            }
        }
        let mut previous = None;
        for n in &layer.noise {
            let item = format!("noise line {}", n.line);
            self.label(
                &item,
                |s| &s.noise_categories,
                "noise category",
                &n.category,
            );
            if n.orphaned {
                let msg = format!(
                    "orphaned: the line {:?} was not found in the changed article",
                    n.text
                );
                self.report(&item, msg);
                previous = Some(usize::MAX);
                continue;
            }
            // Orphans come last; the others are sorted, one entry per line.
            if previous.is_some_and(|p| p >= n.line) {
                self.report(&item, "noise lines are out of order or listed twice".into());
            }
            previous = Some(n.line);
            match self.doc.text.line(n.line) {
                None => {
                    let lines = self.doc.line_count();
                    let msg = format!(
                        "past the end: the document has {lines} lines (0 to {})",
                        lines - 1
                    );
                    self.report(&item, msg);
                }
                Some(actual) if actual != n.text => {
                    let msg = format!(
                        "stored line text {:?} differs from the article's {actual:?}",
                        n.text
                    );
                    self.report(&item, msg);
                }
                Some(_) => {}
            }
        }
    }

    /// Reports what is wrong with one span, if anything.
    fn span(&mut self, item: &str, span: &Span) {
        let (a, b) = (span.start, span.end);
        if span.orphaned {
            let msg = format!(
                "orphaned: {:?} (was at {a}..{b}) was not found in the changed article",
                span.text
            );
            return self.report(item, msg);
        }
        if a >= b {
            return self.report(item, format!("empty span {a}..{b}"));
        }
        let text = &self.doc.text;
        let len = text.len_chars();
        if b > len {
            let msg = format!("span {a}..{b} is outside the text, which has {len} characters");
            return self.report(item, msg);
        }
        let bytes = text.char_range_to_bytes(a..b).expect("in range");
        for (end, at) in [("starts", bytes.start), ("ends", bytes.end)] {
            if !is_character_boundary(text, at) {
                let msg = format!(
                    "span {a}..{b} {end} inside a character (between a letter and its combining mark, or inside an emoji)"
                );
                self.report(item, msg);
            }
        }
        let actual = &text.as_str()[bytes];
        if actual != span.text {
            let msg = format!(
                "stored text {:?} differs from the article's {actual:?} at {a}..{b}",
                span.text
            );
            self.report(item, msg);
        }
    }
}
