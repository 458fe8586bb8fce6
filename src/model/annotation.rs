//! The four kinds of annotation a layer holds: speakers, quotes, stances and noise lines.

use serde::{Deserialize, Serialize};

use super::Span;

/// Someone who is quoted, with every mention of them in the document (a coreference group:
/// "Russian Foreign Minister Sergei Lavrov", "Lavrov" and "he" can all be one speaker).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    pub id: String,
    /// Canonical name, e.g. "Sergei Lavrov".
    pub name: String,
    /// A speaker kind from the schema, e.g. `person`.
    pub kind: String,
    /// Sorted by position.
    pub mentions: Vec<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// What somebody said: the content (several fragments when a cue splits it), the cue
/// ("said"), the source mention naming the speaker in this clause, and the speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub id: String,
    /// A quote kind from the schema: `direct`, `indirect`, `mixed` by default.
    pub kind: String,
    pub content: Vec<Span>,
    pub cue: Option<Span>,
    pub source: Option<Span>,
    /// The id of the speaker in the same layer.
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

impl Quote {
    /// Every span of the quote: content fragments, cue and source.
    pub fn spans(&self) -> impl Iterator<Item = &Span> {
        self.content.iter().chain(&self.cue).chain(&self.source)
    }

    /// Where the quote starts: its first content fragment.
    pub fn start(&self) -> usize {
        self.content.iter().map(|s| s.start).min().unwrap_or(0)
    }
}

/// A speaker's position toward a target, with the quotes that show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stance {
    pub id: String,
    /// The id of the speaker holding the stance.
    pub holder: String,
    /// A stance target from the schema, e.g. "Assad ceding power".
    pub target: String,
    /// A stance label from the schema: `favor`, `against`, `neutral` by default.
    pub label: String,
    /// Ids of quotes in the same layer.
    pub evidence: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// A line (0-based, of the normalized text) that is not article content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoiseLine {
    pub line: usize,
    /// A noise category from the schema, e.g. `dateline`.
    pub category: String,
    /// The line's text without its newline: readable files, and re-anchoring when the
    /// article changes.
    pub text: String,
    /// Set when the article changed and this line could not be found again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub orphaned: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}
