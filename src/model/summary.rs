//! [`DocumentSummary`] and [`LayerSummary`]: what the document list, `stats` and the team's
//! progress need of a document without its text and annotations (kept in the project's
//! index, see `crate::store::index`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Document, Layer, Status};

/// The counts and status of one layer of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerSummary {
    pub status: Status,
    /// True when the layer holds no annotation, note or review ([`Layer::is_empty`]).
    pub empty: bool,
    pub noise_lines: usize,
    pub speakers: usize,
    pub mentions: usize,
    pub quotes: usize,
    pub stances: usize,
    pub active_seconds: u64,
}

impl LayerSummary {
    pub fn of(layer: &Layer) -> Self {
        LayerSummary {
            status: layer.status,
            empty: layer.is_empty(),
            noise_lines: layer.noise.len(),
            speakers: layer.speakers.len(),
            mentions: layer.mention_count(),
            quotes: layer.quotes.len(),
            stances: layer.stances.len(),
            active_seconds: layer.active_seconds,
        }
    }
}

/// A document's id, number of lines and layers' summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: String,
    /// [`Document::line_count`].
    pub lines: usize,
    pub layers: BTreeMap<String, LayerSummary>,
}

impl DocumentSummary {
    /// The document's summary; for one not read yet, what the index said.
    pub fn of(doc: &Document) -> Self {
        if let Some(summary) = doc.unread_summary() {
            return summary.clone();
        }
        DocumentSummary {
            id: doc.id.clone(),
            lines: doc.line_count(),
            layers: (doc.layers.iter())
                .map(|(name, layer)| (name.clone(), LayerSummary::of(layer)))
                .collect(),
        }
    }
}
