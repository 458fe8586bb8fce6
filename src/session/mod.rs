//! [`Session`]: what the window is working on (a project, a document, a layer, a
//! selection, a mode) and the effect of every user action on it.
//!
//! No egui here: the window draws a `&Session` and sends [`Action`]s to
//! [`Session::apply`], the one place where state changes. The rules it keeps:
//! - every change to annotations is a model [`Edit`] applied to the current layer, so it
//!   can be undone and is autosaved;
//! - [`Session::revision`] is bumped here and nowhere else, whenever annotations, the
//!   document or the layer change; what views derive (marks, the review list, the
//!   comparison units, find results) is keyed on document, layer and revision and
//!   rebuilt after each action, so it is never stale;
//! - the mode is one value: annotating, reviewing a prediction layer, or comparing
//!   layers into gold.

mod action;
mod annotate;
mod compare;
mod disk;
mod files;
mod find;
mod review;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use action::{Action, Outcome};
pub use compare::Compare;
pub use find::Find;
pub use review::Review;

use crate::model::{Document, Edit, Layer, Project, Quote, Span, Speaker, Status};

/// How long after the last change the work is saved.
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(3);
/// How long to wait before trying again after a failed save.
pub const RETRY_AFTER: Duration = Duration::from_secs(5);

/// The annotation that is selected (clicked, or just made).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selected {
    Mention {
        speaker: String,
        span: Span,
    },
    Quote(String),
    Stance(String),
    Noise(usize),
    /// A speaker: all its mentions are highlighted.
    Speaker(String),
}

/// Whether the work on disk is current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    /// Changed at this time, not yet saved.
    Unsaved(Instant),
    /// The last save failed with this message; retried at `retry`.
    Failed {
        message: String,
        retry: Instant,
    },
    /// A project made from loose article files: it has no folder until the first save.
    NoFolder,
}

/// A message for the user: errors in red, the rest as information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
    /// When it was said: the status bar shows a message for a few seconds.
    pub at: Instant,
}

/// Who a new mention (or a quote) is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeakerChoice {
    Existing(String),
    /// A new speaker with this name and, if given, this kind (else the schema's first).
    New {
        name: String,
        kind: Option<String>,
    },
}

impl SpeakerChoice {
    /// A new speaker of the schema's default kind.
    pub fn new(name: impl Into<String>) -> Self {
        SpeakerChoice::New {
            name: name.into(),
            kind: None,
        }
    }
}

/// What the window does besides annotating.
#[derive(Debug, Clone)]
pub enum Mode {
    Annotate,
    /// A prediction layer's suggestions drawn over the edited layer.
    Review(Review),
    /// Annotators' layers compared and settled into gold (the edited layer).
    Compare(Box<Compare>),
}

/// An open project with the document, layer and selection being worked on.
#[derive(Debug)]
pub struct Session {
    project: Project,
    /// The project folder; `None` for articles opened without a project.
    root: Option<PathBuf>,
    doc: usize,
    /// The layer being edited (the annotator's name, or e.g. `gold`).
    layer: String,
    /// The text selection, in bytes of the current document's text (anchor, head).
    selection: Option<(usize, usize)>,
    selected: Option<Selected>,
    /// The stance target number keys apply to.
    target: Option<String>,
    /// Noise category for new noise lines: the last one used.
    noise_category: String,
    /// The lines last marked as noise: number keys set their category.
    noise_range: Option<Range<usize>>,
    save: SaveState,
    revision: u64,
    messages: Vec<Message>,
    mode: Mode,
    find: Find,
    watch: Option<disk::Watch>,
    /// Active time on the current document and layer (idle gaps over a minute left out).
    clock: crate::team::ActivityClock,
    /// Who annotates which document (`assignments.ron`), if the project has assignments.
    assignments: Option<crate::team::Assignments>,
}

impl Session {
    /// A session on an opened project, editing `layer`.
    pub fn new(project: Project, root: Option<PathBuf>, layer: &str) -> Self {
        let noise_category = project
            .schema
            .noise_categories
            .first()
            .map_or_else(|| "other".to_string(), |l| l.name.clone());
        let save = if root.is_some() {
            SaveState::Saved
        } else {
            SaveState::NoFolder
        };
        let target = project
            .schema
            .stance_targets
            .first()
            .map(|t| t.name.clone());
        let mut session = Session {
            project,
            root,
            doc: 0,
            layer: layer.to_string(),
            selection: None,
            selected: None,
            target,
            noise_category,
            noise_range: None,
            save,
            revision: 0,
            messages: Vec::new(),
            mode: Mode::Annotate,
            find: Find::default(),
            watch: None,
            clock: Default::default(),
            assignments: None,
        };
        session.recall_target();
        session
    }

    // --- What the window reads ------------------------------------------------------------

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The project folder; `None` for articles opened without a project.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// Index of the current document.
    pub fn doc_index(&self) -> usize {
        self.doc
    }

    pub fn document(&self) -> &Document {
        &self.project.documents[self.doc]
    }

    /// The name of the layer being edited.
    pub fn layer_name(&self) -> &str {
        &self.layer
    }

    /// The layer being edited in the current document (empty if it has none yet).
    pub fn layer(&self) -> &Layer {
        static EMPTY: std::sync::OnceLock<Layer> = std::sync::OnceLock::new();
        self.document()
            .layer(&self.layer)
            .unwrap_or_else(|| EMPTY.get_or_init(Layer::default))
    }

    /// The text selection as (anchor, head) bytes.
    pub fn selection(&self) -> Option<(usize, usize)> {
        self.selection
    }

    pub fn selected(&self) -> Option<&Selected> {
        self.selected.as_ref()
    }

    pub fn target(&self) -> Option<&str> {
        self.target.as_deref()
    }

    pub fn noise_range(&self) -> Option<Range<usize>> {
        self.noise_range.clone()
    }

    /// True when number keys set the category of the lines just marked as noise.
    pub fn categorizing_noise(&self) -> bool {
        self.noise_range.is_some() && matches!(self.selected, Some(Selected::Noise(_)))
    }

    pub fn save_state(&self) -> &SaveState {
        &self.save
    }

    /// Bumped on every change to annotations, the document or the layer.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    pub fn review(&self) -> Option<&Review> {
        match &self.mode {
            Mode::Review(r) => Some(r),
            _ => None,
        }
    }

    pub fn compare(&self) -> Option<&Compare> {
        match &self.mode {
            Mode::Compare(c) => Some(c),
            _ => None,
        }
    }

    pub fn find(&self) -> &Find {
        &self.find
    }

    /// Who annotates which document, if the project has assignments (`sayso assign`).
    pub fn assignments(&self) -> Option<&crate::team::Assignments> {
        self.assignments.as_ref()
    }

    /// True if the edited layer's annotator has documents assigned.
    pub fn has_assignments(&self) -> bool {
        self.assignments
            .as_ref()
            .is_some_and(|a| a.documents_of(&self.layer).next().is_some())
    }

    /// Every layer name in the project, sorted.
    pub fn layer_names(&self) -> Vec<String> {
        let names: std::collections::BTreeSet<&String> = self
            .project
            .documents
            .iter()
            .flat_map(Document::layer_names)
            .collect();
        names.into_iter().cloned().collect()
    }

    /// The selection as an ordered byte range, if it is not empty.
    pub fn selection_range(&self) -> Option<Range<usize>> {
        let (a, b) = self.selection?;
        (a != b).then(|| a.min(b)..a.max(b))
    }

    /// The selection as a span (code points, with its text).
    pub fn selection_span(&self) -> Option<Span> {
        let range = self.selection_range()?;
        Span::from_bytes(&self.document().text, range)
    }

    pub fn selected_quote(&self) -> Option<&Quote> {
        match &self.selected {
            Some(Selected::Quote(id)) => self.layer().quote(id),
            _ => None,
        }
    }

    /// Speakers of the current layer for the picker, best first: see
    /// [`guidelines::rank_speakers`](crate::model::guidelines::rank_speakers). Nearness is
    /// measured from the selection, else from the selected quote's cue (the clause that
    /// names its speaker), else from the quote.
    pub fn speakers_for_picker(&self, filter: &str) -> Vec<&Speaker> {
        let quote = self.selected_quote();
        let selection = self.selection_span();
        let near = selection
            .as_ref()
            .map(|s| s.start..s.end)
            .or_else(|| quote.and_then(|q| q.cue.as_ref()).map(|c| c.start..c.end))
            .or_else(|| {
                let q = quote?;
                let end = q.content.iter().map(|c| c.end).max()?;
                Some(q.start()..end)
            })
            .unwrap_or(0..0);
        let selected = selection.map(|s| s.text).unwrap_or_default();
        crate::model::guidelines::rank_speakers(self.layer(), filter, &selected, near)
    }

    /// Layers that can be reviewed: every other layer in the project, models first.
    pub fn prediction_layers(&self) -> Vec<String> {
        let mut names = self.layer_names();
        names.retain(|name| *name != self.layer);
        // Stable: names stay sorted within models and within the others.
        names.sort_by_key(|n| !n.starts_with("model:"));
        names
    }

    /// Layers that can be compared: every annotator's (not gold, not models').
    pub fn comparable_layers(&self) -> Vec<String> {
        let mut names = self.layer_names();
        names.retain(|n| n != crate::adjudicate::GOLD && !n.starts_with("model:"));
        names
    }

    // --- Inside the session ---------------------------------------------------------------

    /// Says something to the user (the status bar shows the last message).
    pub fn info(&mut self, text: impl Into<String>) {
        self.messages.push(Message {
            text: text.into(),
            error: false,
            at: Instant::now(),
        });
    }

    /// Says what went wrong.
    pub fn error(&mut self, text: impl Into<String>) {
        self.messages.push(Message {
            text: text.into(),
            error: true,
            at: Instant::now(),
        });
    }

    /// Annotations changed: views rebuild, and the work is due to be saved.
    fn changed(&mut self) {
        self.revision += 1;
        if self.root.is_some() {
            self.save = SaveState::Unsaved(Instant::now());
        }
    }

    /// Applies an edit to the current layer and records it for undo.
    /// The first edit of a document still to do marks it in progress, in the same undoable
    /// step (the document list then shows the work started).
    fn edit(&mut self, edit: Edit) -> Result<(), String> {
        let starts = self.layer().status == Status::Todo && !matches!(edit, Edit::SetStatus(_));
        let edit = if starts {
            Edit::Batch(vec![edit, Edit::set_status(Status::InProgress)])
        } else {
            edit
        };
        let layer = self.layer.clone();
        let doc = &mut self.project.documents[self.doc];
        doc.apply(&layer, edit).map_err(|e| e.to_string())?;
        self.changed();
        Ok(())
    }

    /// Makes the stance target the one this document's layer used last, if any: a new
    /// session or document starts where the work on it stopped.
    fn recall_target(&mut self) {
        if let Some(t) = self.layer().stances.last() {
            self.target = Some(t.target.clone());
        }
    }

    fn clear(&mut self) {
        self.selection = None;
        self.selected = None;
        self.noise_range = None;
    }

    /// Counts the time since the last action at `now` as time on task of the current
    /// document and layer (kept in the layer file; an idle gap over a minute counts
    /// nothing). Every action the window applies calls it.
    pub fn record_activity(&mut self, now: Instant) {
        let seconds = self.clock.activity(now);
        let layer = self.layer.clone();
        let doc = &mut self.project.documents[self.doc];
        if crate::team::add_active_seconds(doc, &layer, seconds) && self.save == SaveState::Saved {
            self.save = SaveState::Unsaved(now);
        }
    }

    /// Switches the edited layer: the one way to do it (saving first, leaving a mode that
    /// belonged to the old layer).
    fn switch_layer(&mut self, name: &str) {
        if name == self.layer {
            return;
        }
        self.save_now();
        self.clock.pause();
        self.layer = name.to_string();
        self.clear();
        self.revision += 1;
        if let Mode::Review(r) = &self.mode
            && r.prediction == self.layer
        {
            self.mode = Mode::Annotate;
        }
    }

    /// Where the current suggestion or difference starts (bytes), in review or compare.
    fn current_place(&self) -> Option<usize> {
        match &self.mode {
            Mode::Annotate => None,
            Mode::Review(r) => r.current.map(|i| r.bytes[i].start),
            Mode::Compare(c) => {
                let unit = c.current_unit()?;
                self.document().text.char_to_byte(unit.chars.start)
            }
        }
    }

    /// Rebuilds what is derived from the document, the layer and the revision.
    fn refresh(&mut self) {
        self.refresh_review();
        self.refresh_compare();
        self.refresh_find();
    }
}
