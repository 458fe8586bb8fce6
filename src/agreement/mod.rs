//! Inter-annotator agreement.
//!
//! - [`coefficients`]: Cohen's kappa, Fleiss' kappa and Krippendorff's alpha over nominal
//!   labels, matching scikit-learn, statsmodels and the `krippendorff` Python package.
//! - [`layers`]: agreement between annotators' layers of a document or a project: noise
//!   lines, spans, attribution and stance (`sayso agree`).

pub mod coefficients;
pub mod layers;
mod table;

pub use coefficients::{
    cohen_kappa, fleiss_kappa, fleiss_kappa_from_labels, fleiss_table, krippendorff_alpha,
};
pub use layers::{Agreeing, Agreement, DocumentAgreement, agree_document, agree_project};
