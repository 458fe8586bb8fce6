//! Team projects: who annotates what, how far everyone is, how long it took, and sharing
//! the project through git.
//!
//! - [`assign`]: documents handed out to annotators (`sayso assign`), kept in
//!   `assignments.ron` next to `project.ron`, so assigning never touches a file an
//!   annotator writes.
//! - [`progress`]: per annotator, assigned / todo / in progress / done, and the overlap
//!   documents ready for adjudication (`sayso stats`).
//! - [`time`]: active annotating time from activity timestamps (idle gaps over a minute
//!   not counted), kept per document and layer in the layer file.
//! - [`sync`]: commit the annotator's own files, pull with rebase, push, with the system
//!   `git` (`sayso sync`).
//!
//! Annotator `alice` annotates into the layer named `alice`: her layer files
//! (`annotations/<doc>/alice.ron`) are the only files she writes, which is what makes git
//! merges conflict-free. No GUI here: the window calls these functions.

pub mod assign;
pub mod progress;
pub mod sync;
pub mod time;

pub use assign::{AssignError, Assigned, Assignments, Plan, assign};
pub use progress::{AnnotatorProgress, TeamProgress, progress, progress_of};
pub use sync::{LayerChange, RepoStatus, SyncError, SyncOptions, SyncReport, status, sync};
pub use time::{ActivityClock, IDLE, active_time, add_active_seconds};
