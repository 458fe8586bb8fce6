//! CoNLL-style IOB2 columns for token-level trainers: one token a line, tab-separated
//! columns `TOKEN SPEAKER CUE QUOTE` (tags `B-SPEAKER`, `I-SPEAKER`, `O`…), a blank line
//! after each paragraph, `-DOCSTART-` before each document (CoNLL-2003's convention).
//!
//! Tokens are spaCy's (see [`super::tokens`]), cut where a span starts or ends inside
//! one; whitespace tokens are left out. A column holds one span per token: where two
//! spans of one kind overlap (nested mentions), the later one is left out and counted.
//! A span crossing a paragraph break starts again with `B-` after it. Noise lines,
//! stances and the links between quotes, cues and speakers are not in this format.

use std::fmt::Write as _;

use super::spans::{self, FlatSpan};
use super::tokens;
use crate::model::Layer;
use crate::text::Text;

/// The column labels, in order after the token.
pub const COLUMNS: [&str; 3] = [spans::SPEAKER, spans::CUE, spans::QUOTE];

/// What writing one document lost or changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Tokens cut in two at a span boundary.
    pub cuts: usize,
    /// Spans left out because one of the same kind overlaps them.
    pub overlapping: usize,
}

/// A document's block (ending with a blank line).
pub fn write_document(text: &Text, layer: &Layer) -> (String, Written) {
    let flat = spans::from_layer(text, layer);
    let mut toks = tokens::tokenize(text.as_str());
    let mut written = Written {
        cuts: tokens::split_at(&mut toks, flat.spans.iter().flat_map(|s| [s.start, s.end])),
        ..Written::default()
    };
    let chars: Vec<char> = text.as_str().chars().collect();
    // Per column, the span each token is in (the first of overlapping ones).
    let mut columns: Vec<Vec<Option<&FlatSpan>>> = Vec::new();
    for label in COLUMNS {
        let mut col: Vec<Option<&FlatSpan>> = vec![None; toks.len()];
        let mut of_label: Vec<&FlatSpan> = flat.spans.iter().filter(|s| s.label == label).collect();
        of_label.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        for s in of_label {
            // Spans are whole tokens (cut above): a binary search finds them.
            let a = toks.partition_point(|t| t.end <= s.start);
            let b = toks.partition_point(|t| t.start < s.end);
            if col[a..b].iter().any(Option::is_some) {
                written.overlapping += 1;
                continue;
            }
            for c in &mut col[a..b] {
                *c = Some(s);
            }
        }
        columns.push(col);
    }
    let mut out = String::from("-DOCSTART-\tO\tO\tO\n\n");
    let mut open = false;
    let mut previous: Vec<Option<&FlatSpan>> = vec![None; COLUMNS.len()];
    for (i, t) in toks.iter().enumerate() {
        if tokens::is_space(&chars, t) {
            if chars[t.start..t.end].contains(&'\n') && open {
                out.push('\n');
                open = false;
                previous = vec![None; COLUMNS.len()];
            }
            continue;
        }
        let word: String = chars[t.start..t.end].iter().collect();
        out += &word;
        for (c, col) in columns.iter().enumerate() {
            let tag = match col[i] {
                None => "O".to_string(),
                Some(s) if previous[c].is_some_and(|p| std::ptr::eq(p, s)) => {
                    format!("I-{}", s.label)
                }
                Some(s) => format!("B-{}", s.label),
            };
            let _ = write!(out, "\t{tag}");
            previous[c] = col[i];
        }
        out.push('\n');
        open = true;
    }
    if open {
        out.push('\n');
    }
    (out, written)
}
