//! [`Layer`]: one source's annotations of one document.

use serde::{Deserialize, Serialize};

use super::{NoiseLine, Quote, Speaker, Stance};

/// How far a layer's work on a document has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    #[default]
    Todo,
    InProgress,
    Done,
    /// Gold layers: an adjudicator checked every difference.
    Reviewed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in progress",
            Status::Done => "done",
            Status::Reviewed => "reviewed",
        }
    }
}

/// One source's annotations of one document: an annotator (`alice`), a model
/// (`model:rules`) or `gold`. The layer's name is the key it is stored under in its
/// [`super::Document`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layer {
    pub status: Status,
    /// SHA-256 of the normalized text this layer's offsets refer to.
    pub anchored_to: String,
    pub speakers: Vec<Speaker>,
    /// In order of position (first content fragment).
    pub quotes: Vec<Quote>,
    pub stances: Vec<Stance>,
    /// Sorted by line, one entry per line; orphaned entries (see
    /// [`super::reanchor`]) come last.
    pub noise: Vec<NoiseLine>,
    /// Annotators' notes on speakers, quotes and stances, by their id.
    pub notes: std::collections::BTreeMap<String, String>,
    /// Review decisions on other layers' suggestions: prediction layer name → suggestion
    /// key (see [`super::review`]) → decision. Kept in the reviewer's own layer, so two
    /// reviewers never write the same file.
    pub reviews: std::collections::BTreeMap<String, std::collections::BTreeMap<String, Decision>>,
    /// Active annotating time in this layer of this document, in seconds: idle gaps over
    /// a minute are not counted (see `crate::team::time`). Not an edit: undo leaves it.
    pub active_seconds: u64,
}

/// What a reviewer decided about one suggestion of a prediction layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Decision {
    /// Copied into the reviewer's layer.
    Accepted,
    Rejected,
}

impl Layer {
    /// An empty layer over the text with hash `sha256`.
    pub fn new(sha256: &str) -> Self {
        Layer {
            anchored_to: sha256.to_string(),
            ..Layer::default()
        }
    }

    pub fn speaker(&self, id: &str) -> Option<&Speaker> {
        self.speakers.iter().find(|s| s.id == id)
    }

    pub fn quote(&self, id: &str) -> Option<&Quote> {
        self.quotes.iter().find(|q| q.id == id)
    }

    pub fn stance(&self, id: &str) -> Option<&Stance> {
        self.stances.iter().find(|s| s.id == id)
    }

    /// The noise entry of `line`, if the line is noise.
    pub fn noise_line(&self, line: usize) -> Option<&NoiseLine> {
        self.noise_position(line).ok().map(|i| &self.noise[i])
    }

    /// Where `line` is, or would go, among the noise lines that are not orphaned (those
    /// come first, sorted by line; orphans follow).
    pub fn noise_position(&self, line: usize) -> Result<usize, usize> {
        let live = self.noise.partition_point(|n| !n.orphaned);
        self.noise[..live].binary_search_by_key(&line, |n| n.line)
    }

    /// Number of mentions over all speakers.
    pub fn mention_count(&self) -> usize {
        self.speakers.iter().map(|s| s.mentions.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.speakers.is_empty()
            && self.quotes.is_empty()
            && self.stances.is_empty()
            && self.noise.is_empty()
            && self.notes.is_empty()
            && self.reviews.is_empty()
    }

    /// A fresh id with `prefix` (`s`, `q`, `t`): one more than the highest in use.
    pub fn next_id(&self, prefix: &str) -> String {
        let ids: Box<dyn Iterator<Item = &String>> = match prefix {
            "s" => Box::new(self.speakers.iter().map(|s| &s.id)),
            "q" => Box::new(self.quotes.iter().map(|q| &q.id)),
            _ => Box::new(self.stances.iter().map(|s| &s.id)),
        };
        let max = ids
            .filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        format!("{prefix}{}", max + 1)
    }
}

impl Layer {
    /// Every span in the layer: mentions, then quote contents, cues and sources.
    pub fn spans(&self) -> impl Iterator<Item = &super::Span> {
        let mentions = self.speakers.iter().flat_map(|s| &s.mentions);
        mentions.chain(self.quotes.iter().flat_map(|q| q.spans()))
    }

    /// Every span in the layer, mutably (for re-anchoring).
    pub fn spans_mut(&mut self) -> impl Iterator<Item = &mut super::Span> {
        let mentions = self.speakers.iter_mut().flat_map(|s| &mut s.mentions);
        let quotes = self.quotes.iter_mut().flat_map(|q| {
            q.content
                .iter_mut()
                .chain(q.cue.iter_mut())
                .chain(q.source.iter_mut())
        });
        mentions.chain(quotes)
    }
}
