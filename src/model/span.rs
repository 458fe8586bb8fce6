//! [`Span`]: a stretch of an article, in code points, with the text it covers.

use serde::{Deserialize, Serialize};

use crate::text::Text;

/// `[start, end)` in code points of the normalized text, with the text it covers.
///
/// The stored text makes files readable and lets a span find its place again when the
/// article changes (see [`crate::model::reanchor`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Set when the article changed and this span's text could not be found again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub orphaned: bool,
}

impl Span {
    /// The span over code points `start..end` of `text`, or `None` if that is out of range.
    pub fn new(text: &Text, start: usize, end: usize) -> Option<Span> {
        Some(Span {
            start,
            end,
            text: text.slice_chars(start..end)?.to_string(),
            orphaned: false,
        })
    }

    /// The span over a byte range of `text` (what the GUI selects).
    pub fn from_bytes(text: &Text, bytes: std::ops::Range<usize>) -> Option<Span> {
        let chars = text.byte_range_to_chars(bytes)?;
        Span::new(text, chars.start, chars.end)
    }

    /// Number of code points covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True if the two spans share at least one code point.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} at {}..{}", self.text, self.start, self.end)
    }
}
