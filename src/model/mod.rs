//! The annotation model: pure data, no GUI and no file system.
//!
//! Invariants the rest of sayso relies on (checked by [`validate`]):
//! - A [`Span`] is `[start, end)` in **code points** of the document's normalized text
//!   (LF line ends, no BOM), `start < end`, both on grapheme-cluster boundaries, and its
//!   stored `text` equals what the article holds there. A span flagged `orphaned` lost its
//!   place when the article changed; it keeps its old offsets and text until someone fixes it.
//! - Within a [`Layer`], speaker, quote and stance ids are unique; a quote's `speaker` and a
//!   stance's `holder` name speakers of the same layer; stance evidence names quotes of the
//!   same layer; noise lines are unique, sorted, and inside the document.
//! - Labels (speaker kinds, quote kinds, stance labels and targets, noise categories) are
//!   names from the project's [`Schema`].
//! - A layer changes only through an [`Edit`], which returns its inverse, so every change
//!   can be undone ([`History`]).

mod annotation;
mod document;
mod edit;
pub mod guidelines;
mod history;
mod layer;
mod ops;
mod project;
pub mod reanchor;
pub mod review;
mod schema;
mod span;
mod summary;
mod validate;

pub use annotation::{NoiseLine, Quote, Speaker, Stance};
pub use document::{Document, Stamp};
pub use edit::{Edit, EditError, Item, ItemKind};
pub use history::History;
pub use layer::{Decision, Layer, Status};
pub use project::{DocumentEntry, Project, unique_document_id};
pub use schema::{Label, Schema};
pub use span::Span;
pub use summary::{DocumentSummary, LayerSummary};
pub use validate::{Problem, validate, validate_document, validate_layer};
