//! sayso: annotate who is quoted in news articles: speakers, quotes, stances and noise
//! lines.
//!
//! The library holds everything; the `sayso` binary only parses the command line.
//! - [`text`]: reading articles, normalized text, offsets, word snapping.
//! - [`model`]: the pure annotation model, edits and undo history.
//! - [`adjudicate`]: settling several annotators' layers into gold (above [`metrics`]).
//! - [`store`]: project folders in RON, written atomically.
//! - [`metrics`]: matching layers and scoring predictions against gold.
//! - [`stats`]: counts per layer.
//! - [`parallel`]: per-document work on every core.
//! - [`formats`]: reading and writing sayso JSONL, brat standoff, citron JSON; CSV and
//!   clean-text exports.
//! - [`agreement`]: agreement between annotators.
//! - [`table`]: plain-text tables for the command line.
//! - [`suggest`]: the built-in rule-based suggester (`model:rules`).
//! - [`team`]: assignments, the team's progress, time on task, sync through git.
//! - [`cli`]: the headless subcommands.
//! - [`session`]: what the window works on and the effect of every user action (no egui).
//! - [`ui`]: the annotation window (the only module that uses egui; cargo feature `gui`).

pub mod adjudicate;
pub mod agreement;
pub mod cli;
pub mod formats;
pub mod metrics;
pub mod model;
pub mod parallel;
pub mod session;
pub mod stats;
pub mod store;
pub mod suggest;
pub mod table;
pub mod team;
pub mod text;
#[cfg(feature = "gui")]
pub mod ui;
