//! Labels between formats and the schema: checks, defaults, tokens for label names, and
//! a layer put in the model's order.

use crate::model::{Layer, Schema, Span};

/// Checks that `name` is in a schema list; the message lists the names that are.
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
