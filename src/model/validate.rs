//! [`validate`]: every broken invariant of a project, each naming document, layer and item.

use std::collections::BTreeSet;
use std::fmt;

use super::{Document, Label, Layer, Project, Schema, Span};
use crate::text::{escape_controls, is_control, words::is_character_boundary};

/// One broken invariant, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub document: Option<String>,
    pub layer: Option<String>,
    /// E.g. `quote q3`, `speaker s1 mention 2`, `noise line 12`.
    pub item: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    /// `doc / gold / quote q3: …`; control characters of names and ids are escaped
    /// (`\u{1b}`), never printed raw.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place: Vec<&str> = [&self.document, &self.layer, &self.item]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        let text = if place.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", place.join(" / "), self.message)
        };
        f.write_str(&escape_controls(&text))
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
        for Label {
            name, colour, key, ..
        } in labels
        {
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
            if name.trim().is_empty() {
                report("the name is empty".into());
            } else if name.chars().any(is_control) {
                report("the name holds control characters".into());
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
            quoted: false,
        };
        check.layer(layer);
    }
    problems
}

/// Checks a layer that is not (yet) in `doc`, e.g. one read from a file to import.
/// Items name ids quoted (`quote "q3"`), as import errors do.
pub fn validate_layer(doc: &Document, schema: &Schema, name: &str, layer: &Layer) -> Vec<Problem> {
    let mut problems = Vec::new();
    Checker {
        doc,
        schema,
        layer: name,
        problems: &mut problems,
        quoted: true,
    }
    .layer(layer);
    problems
}

/// Checks one layer, collecting problems.
struct Checker<'a> {
    doc: &'a Document,
    schema: &'a Schema,
    layer: &'a str,
    problems: &'a mut Vec<Problem>,
    /// Name ids quoted in items: `quote "q3"`; else `quote q3` (quoted anyway when the
    /// id is empty or holds spaces or control characters).
    quoted: bool,
}

impl Checker<'_> {
    /// `quote q3` or `quote "q3"`.
    fn item(&self, what: &str, id: &str) -> String {
        let plain = !id.is_empty() && !id.chars().any(|c| c.is_whitespace() || is_control(c));
        if self.quoted || !plain {
            format!("{what} {id:?}")
        } else {
            format!("{what} {id}")
        }
    }

    /// An id must be non-empty and free of control characters.
    fn id(&mut self, item: &str, id: &str) {
        if id.trim().is_empty() {
            self.report(item, "the id is empty".into());
        } else if id.chars().any(is_control) {
            self.report(item, "the id holds control characters".into());
        }
    }

    /// A name (speaker name, stance target) must be non-empty and free of control
    /// characters.
    fn name(&mut self, item: &str, what: &str, name: &str) {
        if name.trim().is_empty() {
            self.report(item, format!("the {what} is empty"));
        } else if name.chars().any(is_control) {
            self.report(
                item,
                format!("the {what} {name:?} holds control characters"),
            );
        }
    }

    /// A score is a probability: 0 to 1.
    fn score(&mut self, item: &str, score: Option<f64>) {
        if let Some(x) = score
            && !(0.0..=1.0).contains(&x)
        {
            self.report(item, format!("score {x} is outside 0..1"));
        }
    }

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
            self.report(item, format!("another {what} has the id {id:?}"));
        }
    }

    fn layer(&mut self, layer: &Layer) {
        let mut seen = BTreeSet::new();
        for s in &layer.speakers {
            let item = self.item("speaker", &s.id);
            self.id(&item, &s.id);
            self.name(&item, "name", &s.name);
            self.score(&item, s.score);
            self.label(&item, |s| &s.speaker_kinds, "speaker kind", &s.kind);
            self.unique(&mut seen, &s.id, &item, "speaker");
            for (i, m) in s.mentions.iter().enumerate() {
                self.span(&format!("{item} mention {}", i + 1), m);
            }
        }
        let mut seen = BTreeSet::new();
        for q in &layer.quotes {
            let item = self.item("quote", &q.id);
            self.id(&item, &q.id);
            self.score(&item, q.score);
            self.label(&item, |s| &s.quote_kinds, "quote kind", &q.kind);
            self.unique(&mut seen, &q.id, &item, "quote");
            if q.content.is_empty() {
                self.report(&item, "the quote has no content".into());
            }
            for (i, c) in q.content.iter().enumerate() {
                self.span(&format!("{item} content {}", i + 1), c);
            }
            // Fragments of one quote are distinct text: none twice, none overlapping.
            let mut fragments: Vec<(usize, &Span)> = q.content.iter().enumerate().collect();
            fragments.sort_by_key(|(_, s)| (s.start, s.end));
            for pair in fragments.windows(2) {
                let ((i, a), (j, b)) = (pair[0], pair[1]);
                if !a.orphaned && !b.orphaned && b.start < a.end {
                    let first = i.min(j) + 1;
                    let second = i.max(j) + 1;
                    let msg = if (a.start, a.end) == (b.start, b.end) {
                        format!("{b} is the same span as content {first}")
                    } else {
                        format!("{b} overlaps content {first} ({a})")
                    };
                    self.report(&format!("{item} content {second}"), msg);
                }
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
                    format!("speaker {speaker:?} is not a speaker of this layer"),
                );
            }
        }
        let mut seen = BTreeSet::new();
        let mut held: std::collections::BTreeMap<(&str, &str), (&str, &str)> =
            std::collections::BTreeMap::new();
        for t in &layer.stances {
            let item = self.item("stance", &t.id);
            self.id(&item, &t.id);
            self.score(&item, t.score);
            self.name(&item, "stance target", &t.target);
            self.label(&item, |s| &s.stance_labels, "stance label", &t.label);
            if !t.target.trim().is_empty() {
                self.label(&item, |s| &s.stance_targets, "stance target", &t.target);
            }
            self.unique(&mut seen, &t.id, &item, "stance");
            if layer.speaker(&t.holder).is_none() {
                self.report(
                    &item,
                    format!("holder {:?} is not a speaker of this layer", t.holder),
                );
            }
            if t.evidence.is_empty() {
                self.report(
                    &item,
                    "the stance has no evidence: no quote of this layer shows it".into(),
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
            match held.get(&(t.holder.as_str(), t.target.as_str())) {
                Some((other, label)) if *label != t.label => {
                    let msg = format!(
                        "contradicts stance {other:?}: holder {:?} is {:?} toward {:?} there, {:?} here",
                        t.holder, label, t.target, t.label
                    );
                    self.report(&item, msg);
                }
                Some(_) => {}
                None => {
                    held.insert((&t.holder, &t.target), (&t.id, &t.label));
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
            self.score(&item, n.score);
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
