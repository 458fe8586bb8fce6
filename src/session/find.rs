//! Finding text in the current document. The matches are derived from the query and the
//! document: switching documents finds again, so no match of another document is shown.

use std::ops::Range;

use super::Session;

/// The query and its matches in the current document (bytes).
#[derive(Debug, Clone, Default)]
pub struct Find {
    pub query: String,
    pub matches: Vec<Range<usize>>,
    /// The match last gone to, an index into `matches`.
    pub current: Option<usize>,
    doc: usize,
}

impl Session {
    pub(super) fn set_find(&mut self, query: String) {
        if query != self.find.query {
            self.find.query = query;
            self.find.doc = usize::MAX;
            self.refresh_find();
        }
    }

    pub(super) fn refresh_find(&mut self) {
        if self.find.doc == self.doc {
            return;
        }
        self.find.doc = self.doc;
        self.find.current = None;
        self.find.matches.clear();
        if self.find.query.is_empty() {
            return;
        }
        let text = self.document().text.as_str();
        let lower = text.to_lowercase();
        // Case-insensitive where lowercasing keeps byte offsets; exact otherwise.
        let (hay, needle) = if lower.len() == text.len() {
            (lower.as_str(), self.find.query.to_lowercase())
        } else {
            (text, self.find.query.clone())
        };
        self.find.matches = hay
            .match_indices(needle.as_str())
            .map(|(i, m)| i..i + m.len())
            .collect();
    }

    /// Goes to the next (or previous) match, from the caret when no match was gone to
    /// yet, and selects it; returns where to scroll.
    pub(super) fn find_step(&mut self, forward: bool) -> Option<usize> {
        let n = self.find.matches.len();
        if n == 0 {
            if !self.find.query.is_empty() {
                self.info(format!("{:?} is not in this document", self.find.query));
            }
            return None;
        }
        let caret = self
            .selection
            .map(|(a, b)| if forward { a.max(b) } else { a.min(b) });
        let next = match (self.find.current, caret) {
            (Some(i), _) if forward => (i + 1) % n,
            (Some(i), _) => (i + n - 1) % n,
            (None, Some(at)) if forward => {
                let after = self.find.matches.partition_point(|m| m.start < at);
                after % n
            }
            (None, Some(at)) => {
                let before = self.find.matches.partition_point(|m| m.end <= at);
                (before + n - 1) % n
            }
            (None, None) if forward => 0,
            (None, None) => n - 1,
        };
        self.find.current = Some(next);
        let r = self.find.matches[next].clone();
        self.selection = Some((r.start, r.end));
        Some(r.start)
    }
}
