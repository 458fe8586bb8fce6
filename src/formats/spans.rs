//! The shape the span-and-relation tools share (Label Studio, doccano, Prodigy, WebAnno
//! TSV): labelled spans over a document's text, and labelled relations between two spans.
//! Each of those formats only turns its file into a [`Flat`] document and back; this
//! module turns a [`Flat`] into a sayso [`Layer`] ([`to_layer`]) and a layer into a
//! [`Flat`] ([`from_layer`]), so the meaning of labels lives in one place.
//!
//! Written labels: `SPEAKER` (a speaker mention), `QUOTE` (a fragment of a quote's
//! content), `CUE`, `NOISE` (a noise line). Written relations: `coref` (a mention to the
//! next mention of its speaker), `continues` (a quote fragment to the next one), `cue`
//! and `source` (a quote's first fragment to its cue and its source), `speaker` (to the
//! speaker's first mention, for a quote with a speaker but no source). Each distinct span
//! is written once: a cue two quotes share is one span with two relations.
//!
//! Read labels are mapped by a [`Mapping`] (`--map FILE`) first, then by default names
//! (case, `-`, `_` and spaces ignored): `speaker`, `mention` and the schema's speaker
//! kinds (`person`…) are mentions; `source` a quote's source; `cue`; `quote`, `content`,
//! `quotation` and `<kind>_quote` (`direct_quote`) contents; `noise`. Anything else is
//! ignored and counted. Relations mean what their two ends are, whatever their label:
//! content–content joins fragments, content–cue and content–mention attach a cue and a
//! source (a relation labelled `speaker` names the speaker only), mention–mention is
//! coreference, cue–mention gives the source of the quotes of that cue (PARC style).
//!
//! What does not survive: stances, speaker names (the longest mention) and kinds (the
//! schema's first, unless the label is a kind), quote kinds (guessed from quotation
//! marks), noise categories (`other`), and scores except a quote's (its first fragment's).

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::{default_kind, from_token, guess_kind, jsonl, span};
use crate::model::{Layer, NoiseLine, Quote, Schema, Span, Speaker};
use crate::text::Text;

/// One document as a span-and-relation tool sees it. Offsets are code points of the
/// normalized text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flat {
    pub spans: Vec<FlatSpan>,
    pub relations: Vec<FlatRelation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FlatSpan {
    /// Unique in the document.
    pub id: String,
    pub label: String,
    pub start: usize,
    pub end: usize,
    /// The text the file says the span covers, checked when given.
    pub text: Option<String>,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FlatRelation {
    pub from: String,
    pub to: String,
    pub label: String,
}

/// What a label is to sayso.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Role {
    /// A speaker mention.
    Mention,
    /// A speaker mention that is the source of the quote it is linked to.
    Source,
    Cue,
    /// A fragment of a quote's content.
    Content,
    /// A noise line (the lines it touches).
    Noise,
    /// Not sayso's: left out, and counted.
    Ignore,
}

/// A type mapping (`--map FILE`, RON) for files whose labels are not sayso's:
///
/// ```ron
/// (
///     labels: {"PER": Mention, "SPEECH": Content, "VERB": Cue, "Discard": Ignore},
///     kinds: {"PER": "person", "SPEECH": "direct"},
/// )
/// ```
///
/// `labels` gives a label's role; `kinds` a speaker kind (for mentions) or a quote kind
/// (for contents). Labels are compared without case. A label the mapping does not name
/// falls back to the default names.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default)]
    pub labels: BTreeMap<String, Role>,
    #[serde(default)]
    pub kinds: BTreeMap<String, String>,
}

impl Mapping {
    /// Reads a RON mapping file.
    pub fn load(path: &std::path::Path) -> Result<Mapping, super::ImportError> {
        let text = super::read_utf8(path)?;
        ron::from_str(&text).map_err(|e| {
            let pos = e.span.start;
            super::ImportError {
                line: Some(pos.line),
                column: Some(pos.col),
                ..super::ImportError::file(path, format!("not a mapping: {}", e.code))
            }
        })
    }

    /// The role of `label`, with the speaker or quote kind it gives.
    pub fn role(&self, label: &str, schema: &Schema) -> (Role, Option<String>) {
        fn find<V: Clone>(map: &BTreeMap<String, V>, label: &str) -> Option<V> {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(label))
                .map(|(_, v)| v.clone())
        }
        let kind: Option<String> = find(&self.kinds, label);
        if let Some(role) = find(&self.labels, label) {
            return (role, kind);
        }
        let (role, default_kind) = default_role(label, schema);
        (role, kind.or(default_kind))
    }
}

/// The role of a label by its name alone.
pub fn default_role(label: &str, schema: &Schema) -> (Role, Option<String>) {
    let lower = label.to_lowercase().replace(['-', '_', ' '], "");
    match lower.as_str() {
        "speaker" | "mention" | "speakermention" => return (Role::Mention, None),
        "source" => return (Role::Source, None),
        "cue" => return (Role::Cue, None),
        "quote" | "content" | "quotation" | "quotecontent" => return (Role::Content, None),
        "noise" => return (Role::Noise, None),
        "organisation" | "org" => {
            let kind = from_token(&schema.speaker_kinds, "organization").map(str::to_string);
            return (Role::Mention, kind);
        }
        "per" => {
            let kind = from_token(&schema.speaker_kinds, "person").map(str::to_string);
            return (Role::Mention, kind);
        }
        _ => {}
    }
    if let Some(kind) = from_token(&schema.speaker_kinds, label) {
        return (Role::Mention, Some(kind.to_string()));
    }
    if lower.contains("quote") {
        let bare = lower.replace("quote", "");
        let kind = schema
            .quote_kinds
            .iter()
            .find(|k| k.name.to_lowercase().replace(['-', '_', ' '], "") == bare);
        if let Some(k) = kind {
            return (Role::Content, Some(k.name.clone()));
        }
    }
    (Role::Ignore, None)
}

/// What [`to_layer`] left out: `label "LOC"` → 3.
pub type Ignored = BTreeMap<String, usize>;

/// Builds a layer from a flat document over `text`, checking every span (in range, on
/// character boundaries, covering its text) and every relation. The message of an error
/// names the span or relation.
pub fn to_layer(
    flat: &Flat,
    text: &Text,
    schema: &Schema,
    mapping: &Mapping,
    ignored: &mut Ignored,
) -> Result<Layer, String> {
    // Spans, checked, with their roles.
    let mut spans: Vec<(Span, Role, Option<String>, &FlatSpan)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for f in &flat.spans {
        let (role, kind) = mapping.role(&f.label, schema);
        if role == Role::Ignore {
            *ignored.entry(format!("label {:?}", f.label)).or_default() += 1;
            continue;
        }
        let item = format!("span {:?} ({})", f.id, f.label);
        let s = span(text, f.start..f.end, f.start..f.end, f.text.as_deref())
            .map_err(|m| format!("{item}: {m}"))?;
        if index.insert(&f.id, spans.len()).is_some() {
            return Err(format!("{item}: another span has the id {:?}", f.id));
        }
        spans.push((s, role, kind, f));
    }
    let n = spans.len();
    let is_mention = |i: usize| matches!(spans[i].1, Role::Mention | Role::Source);
    let mut same_quote = UnionFind::new(n);
    let mut same_speaker = UnionFind::new(n);
    // Mentions at one place are one.
    let mut at_place: HashMap<(usize, usize), usize> = HashMap::new();
    for i in (0..n).filter(|&i| is_mention(i)) {
        let first = *at_place
            .entry((spans[i].0.start, spans[i].0.end))
            .or_insert(i);
        same_speaker.union(first, i);
    }
    // content → cue, content → (mention, names-as-source), cue → mention.
    let mut cue_of: Vec<(usize, usize)> = Vec::new();
    let mut source_of: Vec<(usize, usize, bool)> = Vec::new();
    let mut cue_source: Vec<(usize, usize)> = Vec::new();
    for r in &flat.relations {
        let (Some(&a), Some(&b)) = (index.get(r.from.as_str()), index.get(r.to.as_str())) else {
            let known = |id: &str| flat.spans.iter().any(|s| s.id == id);
            if known(&r.from) && known(&r.to) {
                // Between ignored spans.
                *ignored
                    .entry(format!("relation {:?}", r.label))
                    .or_default() += 1;
                continue;
            }
            let missing = if known(&r.from) { &r.to } else { &r.from };
            return Err(format!(
                "relation {:?} {}→{}: the span {missing:?} does not exist",
                r.label, r.from, r.to
            ));
        };
        let speaker_only = r.label.eq_ignore_ascii_case("speaker");
        match (spans[a].1, spans[b].1) {
            (Role::Content, Role::Content) => same_quote.union(a, b),
            (Role::Content, Role::Cue) => cue_of.push((a, b)),
            (Role::Cue, Role::Content) => cue_of.push((b, a)),
            (Role::Content, Role::Mention | Role::Source) => source_of.push((a, b, !speaker_only)),
            (Role::Mention | Role::Source, Role::Content) => source_of.push((b, a, !speaker_only)),
            (Role::Mention | Role::Source, Role::Mention | Role::Source) => {
                same_speaker.union(a, b)
            }
            (Role::Cue, Role::Mention | Role::Source) => cue_source.push((a, b)),
            (Role::Mention | Role::Source, Role::Cue) => cue_source.push((b, a)),
            (x, y) => {
                *ignored
                    .entry(format!("relation {:?} between {x:?} and {y:?}", r.label))
                    .or_default() += 1;
            }
        }
    }

    // Speakers: groups of mentions, in order of first mention.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in (0..n).filter(|&i| is_mention(i)) {
        groups.entry(same_speaker.find(i)).or_default().push(i);
    }
    let mut speakers: Vec<(usize, Speaker)> = groups
        .into_iter()
        .map(|(root, members)| {
            let mut mentions: Vec<Span> = members.iter().map(|&i| spans[i].0.clone()).collect();
            mentions.sort();
            mentions.dedup_by(|a, b| (a.start, a.end) == (b.start, b.end));
            let kind = members.iter().find_map(|&i| spans[i].2.clone());
            let kind = kind
                .filter(|k| schema.speaker_kinds.iter().any(|l| &l.name == k))
                .unwrap_or_else(|| default_kind(schema));
            let name = jsonl::longest(&mentions).unwrap_or_default();
            let speaker = Speaker {
                id: String::new(),
                name,
                kind,
                mentions,
                score: None,
            };
            (root, speaker)
        })
        .collect();
    speakers.sort_by_key(|(_, s)| s.mentions.first().map(|m| (m.start, m.end)));
    let mut speaker_id: HashMap<usize, String> = HashMap::new();
    for (k, (root, s)) in speakers.iter_mut().enumerate() {
        s.id = format!("s{}", k + 1);
        speaker_id.insert(*root, s.id.clone());
    }

    // Quotes: groups of contents.
    let mut quote_groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in (0..n).filter(|&i| spans[i].1 == Role::Content) {
        quote_groups.entry(same_quote.find(i)).or_default().push(i);
    }
    let mut quotes = Vec::new();
    for (root, members) in quote_groups {
        let in_quote = |i: usize| same_quote.find_const(i) == root;
        let item = |i: usize| format!("span {:?} ({})", spans[i].3.id, spans[i].3.label);
        let mut cue: Option<usize> = None;
        for &(c, k) in cue_of.iter().filter(|(c, _)| in_quote(*c)) {
            if let Some(other) = cue.filter(|&o| spans[o].0 != spans[k].0) {
                return Err(format!(
                    "{}: the quote has two cues, {:?} and {:?}",
                    item(c),
                    spans[other].3.id,
                    spans[k].3.id
                ));
            }
            cue = Some(k);
        }
        let mut source: Option<usize> = None;
        let mut speaker: Option<usize> = None;
        for &(_, m, as_source) in source_of.iter().filter(|(c, _, _)| in_quote(*c)) {
            if as_source {
                source = source.or(Some(m));
            }
            speaker = speaker.or(Some(m));
        }
        if let Some(k) = cue
            && source.is_none()
            && let Some(&(_, m)) = cue_source.iter().find(|(c, _)| spans[*c].0 == spans[k].0)
        {
            source = Some(m);
            speaker = speaker.or(Some(m));
        }
        let speaker = source.or(speaker);
        let mut content: Vec<Span> = members.iter().map(|&i| spans[i].0.clone()).collect();
        content.sort();
        content.dedup();
        let kind = members
            .iter()
            .find_map(|&i| spans[i].2.clone())
            .filter(|k| schema.quote_kinds.iter().any(|l| &l.name == k))
            .unwrap_or_else(|| guess_kind(schema, &content));
        let score = members.iter().find_map(|&i| spans[i].3.score);
        quotes.push(Quote {
            id: String::new(),
            kind,
            content,
            cue: cue.map(|k| spans[k].0.clone()),
            source: source.map(|m| spans[m].0.clone()),
            speaker: speaker.map(|m| speaker_id[&same_speaker.find(m)].clone()),
            score,
        });
    }
    quotes.sort_by_key(|q| q.start());
    for (k, q) in quotes.iter_mut().enumerate() {
        q.id = format!("q{}", k + 1);
    }
    let unlinked = (0..n)
        .filter(|&i| spans[i].1 == Role::Cue)
        .filter(|&i| !quotes.iter().any(|q| q.cue.as_ref() == Some(&spans[i].0)))
        .count();
    if unlinked > 0 {
        *ignored.entry("cue linked to no quote".into()).or_default() += unlinked;
    }

    // Noise: the lines each noise span touches.
    let other = schema.noise_categories.iter().find(|c| c.name == "other");
    let other = other
        .or(schema.noise_categories.first())
        .map_or("other", |c| c.name.as_str());
    let mut noise: Vec<NoiseLine> = Vec::new();
    for (s, _, _, _) in spans.iter().filter(|(_, r, _, _)| *r == Role::Noise) {
        let first = text.line_of_char(s.start).unwrap_or(0);
        let last = text.line_of_char(s.end.saturating_sub(1)).unwrap_or(first);
        for line in first..=last {
            if noise.iter().all(|l| l.line != line) {
                noise.push(NoiseLine {
                    line,
                    category: other.to_string(),
                    text: text.line(line).unwrap_or_default().to_string(),
                    orphaned: false,
                    score: None,
                });
            }
        }
    }
    noise.sort_by_key(|l| l.line);
    Ok(Layer {
        speakers: speakers.into_iter().map(|(_, s)| s).collect(),
        quotes,
        noise,
        ..Layer::default()
    })
}

/// The labels [`from_layer`] writes.
pub const SPEAKER: &str = "SPEAKER";
pub const QUOTE: &str = "QUOTE";
pub const CUE: &str = "CUE";
pub const NOISE: &str = "NOISE";
/// The relation labels [`from_layer`] writes.
pub const RELATIONS: [&str; 5] = ["coref", "continues", "cue", "source", "speaker"];

/// A layer as labelled spans and relations (see the module's documentation). Span ids are
/// `T1`, `T2`… in the order written; empty noise lines are left out (a span must cover
/// something).
pub fn from_layer(text: &Text, layer: &Layer) -> Flat {
    let mut flat = Flat::default();
    let mut ids: HashMap<(&str, usize, usize), String> = HashMap::new();
    let mut add = |flat: &mut Flat, label: &'static str, s: &Span, score: Option<f64>| {
        ids.entry((label, s.start, s.end))
            .or_insert_with(|| {
                let id = format!("T{}", flat.spans.len() + 1);
                flat.spans.push(FlatSpan {
                    id: id.clone(),
                    label: label.to_string(),
                    start: s.start,
                    end: s.end,
                    text: Some(s.text.clone()),
                    score,
                });
                id
            })
            .clone()
    };
    let relate = |flat: &mut Flat, from: &str, to: &str, label: &str| {
        flat.relations.push(FlatRelation {
            from: from.to_string(),
            to: to.to_string(),
            label: label.to_string(),
        });
    };
    let mut first_mention: HashMap<&str, String> = HashMap::new();
    for s in &layer.speakers {
        let ids: Vec<String> = s
            .mentions
            .iter()
            .map(|m| add(&mut flat, SPEAKER, m, None))
            .collect();
        for w in ids.windows(2) {
            relate(&mut flat, &w[0], &w[1], "coref");
        }
        if let Some(first) = ids.first() {
            first_mention.insert(&s.id, first.clone());
        }
    }
    for q in &layer.quotes {
        let ids: Vec<String> = q
            .content
            .iter()
            .map(|c| add(&mut flat, QUOTE, c, q.score))
            .collect();
        for w in ids.windows(2) {
            relate(&mut flat, &w[0], &w[1], "continues");
        }
        let Some(head) = ids.first() else { continue };
        if let Some(cue) = &q.cue {
            let cue = add(&mut flat, CUE, cue, None);
            relate(&mut flat, head, &cue, "cue");
        }
        if let Some(source) = &q.source {
            let source = add(&mut flat, SPEAKER, source, None);
            relate(&mut flat, head, &source, "source");
        } else if let Some(m) = q.speaker.as_deref().and_then(|s| first_mention.get(s)) {
            relate(&mut flat, head, m, "speaker");
        }
    }
    for n in layer.noise.iter().filter(|n| !n.orphaned) {
        if let Some(range) = text.line_char_range(n.line).filter(|r| !r.is_empty())
            && let Some(s) = Span::new(text, range.start, range.end)
        {
            add(&mut flat, NOISE, &s, n.score);
        }
    }
    flat
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }

    fn find(&mut self, i: usize) -> usize {
        let root = self.find_const(i);
        self.0[i] = root;
        root
    }

    fn find_const(&self, mut i: usize) -> usize {
        while self.0[i] != i {
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        self.0[ra.max(rb)] = ra.min(rb);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_roles_follow_the_names_and_the_schema() {
        let schema = Schema::default();
        assert_eq!(default_role("SPEAKER", &schema).0, Role::Mention);
        assert_eq!(default_role("Source", &schema).0, Role::Source);
        assert_eq!(
            default_role("DIRECT_QUOTE", &schema),
            (Role::Content, Some("direct".into()))
        );
        assert_eq!(
            default_role("ORG", &schema),
            (Role::Mention, Some("organization".into()))
        );
        assert_eq!(default_role("LOC", &schema).0, Role::Ignore);
    }

    #[test]
    fn a_mapping_overrides_the_defaults() {
        let map: Mapping = ron::from_str(
            r#"(labels: {"speech": Content, "cue": Ignore}, kinds: {"speech": "direct"})"#,
        )
        .unwrap();
        let schema = Schema::default();
        assert_eq!(
            map.role("SPEECH", &schema),
            (Role::Content, Some("direct".into()))
        );
        assert_eq!(map.role("CUE", &schema).0, Role::Ignore);
        assert_eq!(map.role("SPEAKER", &schema).0, Role::Mention);
    }
}
