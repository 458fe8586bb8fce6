//! The lines of a `.ann` file: T, E, R, A, `*` and `#`, checked against the article.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::formats::spans::{Ignored, Role};
use crate::formats::{
    At, Discontinuous, ImportError, RawText, ReadOptions, from_token, same_text, span, token,
};
use crate::model::{Project, Schema, Span};
use crate::text::Text;

/// What a T annotation's type makes it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Class {
    /// A speaker mention, with its speaker kind if the type is one.
    Mention(Option<String>),
    Cue,
    /// A quote content, with its quote kind if the type says it.
    Content(Option<String>),
    Noise,
    /// A type sayso does not use (e.g. `Location`): ignored.
    Other,
}

/// The class of a type: by the mapping (`--map`) first, then by name.
fn classify_mapped(ty: &str, project: &Project, options: &ReadOptions) -> Class {
    let class = classify(ty, &project.schema);
    let mapped = options
        .mapping
        .labels
        .keys()
        .any(|k| k.eq_ignore_ascii_case(ty));
    if mapped || class == Class::Other {
        // The mapping, else the names the span formats know (`PER`, `ORG`…).
        let (role, kind) = options.mapping.role(ty, &project.schema);
        return match role {
            Role::Mention | Role::Source => Class::Mention(kind),
            Role::Cue => Class::Cue,
            Role::Content => Class::Content(kind),
            Role::Noise => Class::Noise,
            Role::Ignore => Class::Other,
        };
    }
    class
}

pub(super) fn classify(ty: &str, schema: &Schema) -> Class {
    let lower = ty.to_lowercase().replace(['-', '_', ' '], "");
    match lower.as_str() {
        "cue" => return Class::Cue,
        "noise" => return Class::Noise,
        "quote" | "content" | "quotation" => return Class::Content(None),
        "speaker" | "source" | "mention" => return Class::Mention(None),
        "organisation" => {
            return Class::Mention(
                from_token(&schema.speaker_kinds, "organization").map(str::to_string),
            );
        }
        _ => {}
    }
    if let Some(kind) = from_token(&schema.speaker_kinds, ty) {
        return Class::Mention(Some(kind.to_string()));
    }
    let bare = ["quote", "content"]
        .iter()
        .fold(lower.clone(), |l, w| l.replace(w, ""));
    match schema
        .quote_kinds
        .iter()
        .find(|k| token(&k.name).to_lowercase().replace(['-', '_'], "") == bare)
    {
        Some(k) => Class::Content(Some(k.name.clone())),
        None => Class::Other,
    }
}

pub(super) struct T {
    pub(super) id: String,
    pub(super) class: Class,
    pub(super) spans: Vec<Span>,
    pub(super) line: usize,
}

/// An E or R line: its id, roles and the ids they name.
pub(super) struct Link {
    pub(super) id: String,
    pub(super) args: Vec<(String, String)>,
    pub(super) line: usize,
    pub(super) event: bool,
}

pub(super) struct Attr {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) target: String,
    pub(super) value: Option<String>,
    pub(super) line: usize,
}

#[derive(Default)]
pub(super) struct Parsed {
    pub(super) ts: Vec<T>,
    pub(super) links: Vec<Link>,
    pub(super) attrs: Vec<Attr>,
    pub(super) equivs: Vec<(Vec<String>, usize)>,
    /// AnnotatorNotes: target id, note, line.
    pub(super) notes: Vec<(String, String, usize)>,
}

/// The lines of a `.ann` file with their (1-based) numbers, a line broken by a raw
/// newline inside a text field joined back (with the newline): a line that does not start
/// with an annotation id and a tab continues the one before.
fn logical_lines(content: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, line) in content.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        // An annotation line starts with an id (`T12`, `#3`, `*`) and a tab; a line whose
        // first word looks like one (even with spaces) is not taken for a continuation.
        let first = line.split(['\t', ' ']).next().unwrap_or_default();
        let digits = first.get(1..).unwrap_or_default();
        let numbered = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
        let starts =
            first == "*" || (numbered && first.starts_with(['T', 'E', 'R', 'A', 'M', 'N', '#']));
        match out.last_mut() {
            Some((_, previous))
                if !starts && !line.trim().is_empty() && previous.matches('\t').count() >= 2 =>
            {
                previous.push('\n');
                previous.push_str(line);
            }
            _ => out.push((i + 1, line.to_string())),
        }
    }
    out
}

/// Types that only trigger an event (PolNeAR's `Attribution`): not annotations left out.
fn is_trigger(ty: &str, triggers: &HashSet<String>) -> bool {
    triggers.contains(ty) || ty.to_lowercase().starts_with("attribution")
}

#[allow(clippy::too_many_arguments)]
pub(super) fn parse(
    content: &str,
    path: &Path,
    raw: &RawText,
    text: &Text,
    project: &Project,
    options: &ReadOptions,
    triggers: &HashSet<String>,
    ignored: &mut Ignored,
) -> Result<Parsed, ImportError> {
    let mut p = Parsed::default();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (number, line) in logical_lines(content) {
        let i = number - 1;
        let at = At::new(path, Some(number));
        let line = line.as_str();
        if line.trim().is_empty() {
            continue;
        }
        if !line.contains('\t') {
            let id = line.split_whitespace().next().map(str::to_string);
            return Err(at.err(
                id,
                format!("cannot read this line (its fields must be separated by tabs): {line:?}"),
            ));
        }
        let mut fields = line.splitn(3, '\t');
        let id = fields.next().unwrap_or_default().to_string();
        let body = fields.next().unwrap_or_default();
        let rest = fields.next();
        let words: Vec<&str> = body.split_whitespace().collect();
        let bad = |what: &str| {
            at.err(
                id.clone(),
                format!("cannot read this {what} line: {line:?}"),
            )
        };
        if id != "*" && ids.insert(id.clone(), i + 1).is_some() {
            return Err(at.err(id.clone(), "the id is used twice"));
        }
        match id.chars().next() {
            Some('T') => {
                let (ty, offsets) = body.split_once(' ').ok_or_else(|| bad("text-bound"))?;
                let claimed = rest.ok_or_else(|| bad("text-bound"))?;
                let class = classify_mapped(ty, project, options);
                if class == Class::Other && !is_trigger(ty, triggers) {
                    *ignored.entry(format!("brat type {ty:?}")).or_default() += 1;
                }
                let mut spans = fragments(offsets, claimed, raw, text, &class)
                    .map_err(|m| at.err(id.clone(), m))?;
                if spans.len() > 1 && matches!(class, Class::Mention(_) | Class::Cue) {
                    let what = if class == Class::Cue { "cue" } else { "source" };
                    let (first, last) = (spans[0].clone(), spans[spans.len() - 1].clone());
                    spans = match options.discontinuous {
                        Discontinuous::Refuse => {
                            return Err(at.err(
                                id.clone(),
                                format!(
                                    "a {what} in {} fragments ({offsets}); sayso's are one span: \
                                     --discontinuous cover or first takes one",
                                    spans.len()
                                ),
                            ));
                        }
                        Discontinuous::First => vec![first],
                        Discontinuous::Cover => vec![
                            span(text, first.start..last.end, first.start..last.end, None)
                                .map_err(|m| at.err(id.clone(), m))?,
                        ],
                    };
                    *ignored
                        .entry(format!("discontinuous {what} made one span"))
                        .or_default() += 1;
                }
                p.ts.push(T {
                    id,
                    class,
                    spans,
                    line: i + 1,
                });
            }
            Some('E') | Some('R') => {
                let event = id.starts_with('E');
                let start = usize::from(!event); // R lines start with their type
                let mut args = Vec::new();
                for w in words.iter().skip(start) {
                    let (role, target) = w
                        .split_once(':')
                        .ok_or_else(|| bad(if event { "event" } else { "relation" }))?;
                    args.push((role.to_string(), target.to_string()));
                }
                p.links.push(Link {
                    id,
                    args,
                    line: i + 1,
                    event,
                });
            }
            Some('A') | Some('M') => match words.as_slice() {
                [name, target, value @ ..] if value.len() <= 1 => p.attrs.push(Attr {
                    id,
                    name: name.to_string(),
                    target: target.to_string(),
                    value: value.first().map(|v| v.to_string()),
                    line: i + 1,
                }),
                _ => return Err(bad("attribute")),
            },
            Some('*') => {
                if words.first() == Some(&"Equiv") {
                    p.equivs
                        .push((words[1..].iter().map(|w| w.to_string()).collect(), i + 1));
                }
            }
            Some('#') => {
                if let [kind, target] = words.as_slice()
                    && *kind == "AnnotatorNotes"
                {
                    let note = rest.unwrap_or_default().trim().to_string();
                    p.notes.push((target.to_string(), note, i + 1));
                }
            }
            Some('N') => {
                *ignored
                    .entry("brat normalization (N line)".into())
                    .or_default() += 1;
            } // normalizations (links to knowledge bases): not sayso's business
            _ => return Err(at.err(None, format!("cannot read this line: {line:?}"))),
        }
    }
    // Every reference must name an annotation of this file.
    let known = |target: &str| ids.contains_key(target);
    let dangling = |line: usize, item: &str, target: &str| {
        At::new(path, Some(line)).err(
            item.to_string(),
            format!("{target} does not exist in this file"),
        )
    };
    for l in &p.links {
        if let Some((_, t)) = l.args.iter().find(|(_, t)| !known(t)) {
            return Err(dangling(l.line, &l.id, t));
        }
    }
    for a in &p.attrs {
        if !known(&a.target) {
            return Err(dangling(a.line, &a.id, &a.target));
        }
    }
    for (group, line) in &p.equivs {
        if let Some(t) = group.iter().find(|t| !known(t)) {
            return Err(dangling(*line, "Equiv", t));
        }
    }
    for (target, _, line) in &p.notes {
        if !known(target) {
            return Err(dangling(*line, "AnnotatorNotes", target));
        }
    }
    Ok(p)
}

/// The spans of a T line's offsets (`0 5;10 20`), checked against the text it gives.
pub(super) fn fragments(
    offsets: &str,
    claimed: &str,
    raw: &RawText,
    text: &Text,
    class: &Class,
) -> Result<Vec<Span>, String> {
    let mut spans = Vec::new();
    for part in offsets.split(';') {
        let numbers: Vec<usize> = part
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        let [start, end] = numbers[..] else {
            return Err(format!("cannot read the offsets {offsets:?}"));
        };
        if start == end && *class == Class::Noise {
            // An empty noise line (sayso writes them so): no text to cover.
            let at = raw
                .to_normalized(start)
                .ok_or("the offset is outside the text")?;
            spans.push(Span {
                start: at,
                end: at,
                text: String::new(),
                orphaned: false,
            });
            continue;
        }
        let at = raw.range(start, end)?;
        spans.push(span(text, at, start..end, None)?);
    }
    let actual: Vec<&str> = spans.iter().map(|s| s.text.as_str()).collect();
    let actual = actual.join(" ");
    if !same_text(claimed, &actual) {
        return Err(format!(
            "the article has {actual:?} at {offsets}, the file says {claimed:?}"
        ));
    }
    Ok(spans)
}
