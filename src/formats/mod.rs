pub mod clean;
pub mod csv;
