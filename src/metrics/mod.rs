//! Matching and metrics: how two layers of the same document line up, and how well a
//! prediction layer does against a gold layer.
//! - [`matching`]: one-to-one exact and overlap matching of spans.
//! - [`pairs`]: which speakers and quotes of two layers correspond.
//! - [`eval`]: precision, recall and F1 per category, attribution, stance (`sayso eval`).

pub mod devsets;
pub mod eval;
pub mod matching;
pub mod pairs;

pub use eval::{Evaluation, Prf, Scores, evaluate, evaluate_project};
pub use matching::{Extent, Matching};
