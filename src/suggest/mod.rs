//! The built-in rule-based suggester: `model:rules` predictions for a document.
//!
//! [`suggest`] reads an article once and returns a layer of scored predictions:
//! - **noise lines** (`noise.rs`): datelines, credits and captions, page and widget text,
//!   lone numbers, CSS-like tokens and bullet runs, from word lists and line features;
//! - **direct quotes** (`quotes/`): paired straight or curly quotation marks, also a
//!   quotation running over several paragraphs (one fragment per paragraph), and a quote
//!   split by its cue (`"A," he said, "B."`: two fragments);
//! - **cues**: reporting verbs in all their forms, and "according to", "made clear";
//! - **indirect and mixed quotes**: the clause a cue introduces ("X said (that) ...",
//!   "..., X said", "according to X"), without "that" and the final full stop, as the
//!   guidelines want; quoted words inside make it mixed;
//! - **speakers** (`speakers.rs`): the source phrase of each quote's clause, grouped by name,
//!   pronouns resolved to the nearest preceding person (or organisation for "it"), with
//!   every further occurrence of the name as a mention.
//!
//! The word lists are data files in `src/suggest/lists/`, compiled in and parsed once.
//! Everything works on byte offsets and converts to code points only for the spans it
//! returns; no regular expressions, one pass over the text for the noise patterns (one
//! Aho-Corasick automaton) and one for the words.

pub mod ask;
pub mod conventions;
mod line_rules;
pub mod lines;
mod lists;
pub mod logistic;
mod model;
mod noise;
mod phrases;
mod quotes;
mod speakers;
mod tokens;
pub mod train;

use std::ops::Range;

use crate::model::{Layer, NoiseLine, Quote, Schema, Span, Speaker};
use crate::text::Text;

pub use model::{FILE as MODEL_FILE, Model};
pub use quotes::QuoteKind;

/// The layer name the suggester's predictions go to by default.
pub const LAYER: &str = "model:rules";

/// The schema's label `name` in `list`, else `other`, else the first; `None` if empty.
fn label(list: &[crate::model::Label], name: &str) -> Option<String> {
    list.iter()
        .find(|l| l.name == name)
        .or_else(|| list.iter().find(|l| l.name == "other"))
        .or_else(|| list.first())
        .map(|l| l.name.clone())
}

/// [`suggest_with`] the shipped default model.
pub fn suggest(text: &Text, schema: &Schema) -> Layer {
    suggest_with(text, schema, &Model::default())
}

/// Runs every rule and `model` on `text` and returns the predictions as a layer anchored
/// to the text's hash. Every speaker, quote and noise line carries a score in `0..=1`;
/// labels are names from `schema`. Use [`Model::for_project`] for a project's own model.
pub fn suggest_with(text: &Text, schema: &Schema, model: &Model) -> Layer {
    let mut layer = Layer::new(&crate::text::sha256_hex(text.as_str()));
    let noise = noise::detect(text, schema, model.noise.as_ref());
    let s = text.as_str();

    // The body: lines that are neither empty nor noise, one paragraph each.
    let mut finder = quotes::Finder::default();
    finder.conventions = model.quotes.clone();
    let mut body: Vec<Range<usize>> = Vec::new();
    let mut next_noise = noise.iter().peekable();
    for line in 0..text.line_count() {
        while next_noise.next_if(|n| n.line < line).is_some() {}
        if next_noise.peek().is_some_and(|n| n.line == line) {
            continue;
        }
        let Some(range) = text.line_range(line) else {
            continue;
        };
        if s[range.clone()].trim().is_empty() {
            continue;
        }
        finder.paragraph(s, range.clone());
        body.push(range);
    }

    let mut found = finder.quotes;
    // Spans end on grapheme-cluster boundaries, as `validate` wants ("”" + U+200D is
    // one character): each is widened to whole characters.
    for f in &mut found {
        for r in f.content.iter_mut().chain(&mut f.cue) {
            *r = whole_characters(text, r.clone());
        }
        if let Some(src) = &mut f.source {
            src.span = whole_characters(text, src.span.clone());
        }
    }
    let (mut groups, speaker_of) = speakers::group(s, &found, &finder.candidates, &body);
    for g in &mut groups {
        for m in &mut g.mentions {
            *m = whole_characters(text, m.clone());
        }
    }

    // Every byte offset of the layer, converted to code points in one walk.
    let mut offsets: Vec<usize> = Vec::new();
    for g in groups.iter().filter(|g| g.quotes > 0) {
        offsets.extend(g.mentions.iter().flat_map(|m| [m.start, m.end]));
    }
    for f in &found {
        let spans = f
            .content
            .iter()
            .chain(&f.cue)
            .chain(f.source.iter().map(|s| &s.span));
        offsets.extend(spans.flat_map(|r| [r.start, r.end]));
    }
    let spans = Spans::new(s, offsets);

    // Speakers with at least one quote, numbered in order of first mention.
    let mut order: Vec<usize> = (0..groups.len())
        .filter(|&g| groups[g].quotes > 0)
        .collect();
    order.sort_by_key(|&g| groups[g].mentions.iter().map(|m| m.start).min());
    let mut ids = vec![None; groups.len()];
    let mut scores = vec![(0.0, 0usize); groups.len()];
    for (q, g) in speaker_of.iter().enumerate() {
        if let Some(g) = g {
            scores[*g].0 += found[q].score;
            scores[*g].1 += 1;
        }
    }
    for (n, &g) in order.iter().enumerate() {
        let group = &groups[g];
        let id = format!("s{}", n + 1);
        ids[g] = Some(id.clone());
        let mut mentions: Vec<Span> = group
            .mentions
            .iter()
            .map(|m| spans.span(m.clone()))
            .collect();
        mentions.sort();
        mentions.dedup_by(|a, b| a.start == b.start && a.end == b.end);
        let (sum, count) = scores[g];
        layer.speakers.push(Speaker {
            id,
            name: group.name.clone(),
            kind: label(&schema.speaker_kinds, group.kind).unwrap_or_default(),
            mentions,
            score: Some(round(0.9 * sum / count.max(1) as f64)),
        });
    }

    let mut quotes: Vec<(usize, Quote)> = Vec::new();
    for (q, f) in found.iter().enumerate() {
        let kind = match f.kind {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        };
        let content: Vec<Span> = f.content.iter().map(|r| spans.span(r.clone())).collect();
        if content.is_empty() {
            continue;
        }
        let speaker = speaker_of[q].and_then(|g| ids[g].clone());
        quotes.push((
            content[0].start,
            Quote {
                id: String::new(),
                kind: label(&schema.quote_kinds, kind).unwrap_or_default(),
                content,
                cue: f.cue.clone().map(|r| spans.span(r)),
                source: f
                    .source
                    .as_ref()
                    .filter(|_| speaker.is_some())
                    .map(|s| spans.span(s.span.clone())),
                speaker,
                score: Some(round(f.score)),
            },
        ));
    }
    quotes.sort_by_key(|(start, _)| *start);
    for (n, (_, mut q)) in quotes.into_iter().enumerate() {
        q.id = format!("q{}", n + 1);
        layer.quotes.push(q);
    }

    for n in noise {
        layer.noise.push(NoiseLine {
            line: n.line,
            category: n.category,
            text: text.line(n.line).unwrap_or_default().to_string(),
            orphaned: false,
            score: Some(n.score),
        });
    }
    layer
}

/// `r` widened to grapheme-cluster boundaries.
fn whole_characters(text: &Text, r: Range<usize>) -> Range<usize> {
    use crate::text::words::{next_character, previous_character};
    let bytes = text.as_str().as_bytes();
    // Between two ASCII characters (the text has no CR) is always a boundary: only
    // offsets next to other characters need the grapheme rules.
    let is_character_boundary = |text: &Text, at: usize| {
        let ascii = |i: Option<&u8>| i.is_none_or(|b| *b < 0x80);
        (ascii(bytes.get(at)) && ascii(at.checked_sub(1).and_then(|i| bytes.get(i))))
            || crate::text::words::is_character_boundary(text, at)
    };
    let start = if is_character_boundary(text, r.start) {
        r.start
    } else {
        previous_character(text, r.start)
    };
    let end = if is_character_boundary(text, r.end) {
        r.end
    } else {
        next_character(text, r.end)
    };
    start..end.max(start)
}

/// Byte offsets and their code-point offsets, to make spans from byte ranges.
struct Spans<'a> {
    text: &'a str,
    bytes: Vec<usize>,
    chars: Vec<usize>,
}

impl<'a> Spans<'a> {
    /// Converts `offsets` (character boundaries of `text`) by walking forward once.
    fn new(text: &'a str, mut offsets: Vec<usize>) -> Self {
        offsets.sort_unstable();
        offsets.dedup();
        let mut chars = Vec::with_capacity(offsets.len());
        let (mut at_byte, mut at_char) = (0, 0);
        for &b in &offsets {
            // Code points are the bytes that do not continue a UTF-8 sequence.
            at_char += text.as_bytes()[at_byte..b]
                .iter()
                .filter(|&&x| (x as i8) >= -0x40)
                .count();
            at_byte = b;
            chars.push(at_char);
        }
        Spans {
            text,
            bytes: offsets,
            chars,
        }
    }

    fn char(&self, byte: usize) -> usize {
        self.chars[self.bytes.partition_point(|&b| b < byte)]
    }

    /// The span over bytes `r`, which were among the offsets converted.
    fn span(&self, r: Range<usize>) -> Span {
        Span {
            start: self.char(r.start),
            end: self.char(r.end),
            text: self.text[r].to_string(),
            orphaned: false,
        }
    }
}

fn round(x: f64) -> f64 {
    (x.clamp(0.0, 1.0) * 100.0).round() / 100.0
}
