//! Inter-annotator agreement.
//!
//! - [`coefficients`]: Cohen's kappa, Fleiss' kappa and Krippendorff's alpha over nominal
//!   labels, matching scikit-learn, statsmodels and the `krippendorff` Python package.

pub mod coefficients;

pub use coefficients::{
    cohen_kappa, fleiss_kappa, fleiss_kappa_from_labels, fleiss_table, krippendorff_alpha,
};
