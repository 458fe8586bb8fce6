//! [`Session`]: what the window is working on, and the effect of every command on it.
//!
//! This module holds no egui: the window draws a `Session` and calls its methods, so the
//! behaviour behind every key (make a mention, a quote, a cue, a stance, a noise line,
//! undo, save) is plain Rust, and every change to annotations goes through a model
//! [`Edit`], so it can be undone and is autosaved.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::model::{
    Document, Edit, Layer, NoiseLine, Project, Quote, Span, Speaker, Stance, Status,
};
use crate::store::{self, ProjectPaths};
use crate::text::words;

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

/// An open project with the document, layer and selection being worked on.
#[derive(Debug)]
pub struct Session {
    pub project: Project,
    /// The project folder; `None` for articles opened without a project.
    pub root: Option<PathBuf>,
    /// Index of the current document.
    pub doc: usize,
    /// The layer being edited (the annotator's name, or e.g. `gold`).
    pub layer: String,
    /// The text selection, in bytes of the current document's text (anchor, head).
    pub selection: Option<(usize, usize)>,
    pub selected: Option<Selected>,
    /// The stance target number keys apply to.
    pub target: Option<String>,
    /// Noise category for new noise lines: the last one used.
    pub noise_category: String,
    /// The lines last marked as noise: number keys set their category.
    pub noise_range: Option<Range<usize>>,
    pub save: SaveState,
    /// Bumped on every change to annotations, so views can rebuild what they derive.
    pub revision: u64,
    pub messages: Vec<Message>,
    /// The article files of a project that has no folder yet, one per document.
    pub sources: Vec<PathBuf>,
    /// Review mode: the prediction layer shown over this one.
    pub review: Option<super::review::Review>,
    /// Compare mode: annotators' layers being adjudicated into gold.
    pub compare: Option<super::compare::Compare>,
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
        Session {
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
            sources: Vec::new(),
            review: None,
            compare: None,
        }
    }

    /// Opens the project at `path` (a folder or its `project.ron`).
    pub fn open(path: &Path, layer: &str) -> Result<Self, String> {
        let opened =
            store::open(path, crate::text::DEFAULT_SIZE_LIMIT).map_err(|e| e.to_string())?;
        let mut session = Session::new(opened.project, Some(opened.root), layer);
        session.recall_target();
        for w in opened.warnings {
            session.info(w);
        }
        if session.project.documents.iter().any(Document::is_unsaved)
            || session.project.is_changed()
        {
            session.changed();
        }
        Ok(session)
    }

    /// A new project, not yet on disk, made of article files.
    pub fn from_articles(files: &[PathBuf], layer: &str) -> Result<Self, String> {
        let mut project = Project::new("untitled");
        let mut failures = Vec::new();
        for file in files {
            match crate::text::read_article(file, crate::text::DEFAULT_SIZE_LIMIT) {
                Ok(article) => {
                    let stem = file
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let id = project.new_document_id(&stem);
                    let path = file.to_string_lossy().replace('\\', "/");
                    project.documents.push(Document::new(
                        &id,
                        &path,
                        crate::text::Text::new(article.text),
                    ));
                }
                Err(e) => failures.push(e.to_string()),
            }
        }
        if project.documents.is_empty() {
            return Err(failures.join("\n"));
        }
        let mut session = Session::new(project, None, layer);
        session.sources = files.to_vec();
        for f in failures {
            session.error(f);
        }
        Ok(session)
    }

    pub fn document(&self) -> &Document {
        &self.project.documents[self.doc]
    }

    /// The layer being edited in the current document (empty if it has none yet).
    pub fn layer(&self) -> &Layer {
        static EMPTY: std::sync::OnceLock<Layer> = std::sync::OnceLock::new();
        self.document()
            .layer(&self.layer)
            .unwrap_or_else(|| EMPTY.get_or_init(Layer::default))
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.messages.push(Message {
            text: text.into(),
            error: false,
            at: Instant::now(),
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.messages.push(Message {
            text: text.into(),
            error: true,
            at: Instant::now(),
        });
    }

    fn changed(&mut self) {
        self.revision += 1;
        if self.root.is_some() {
            self.save = SaveState::Unsaved(Instant::now());
        }
    }

    /// Every layer name in the project, sorted.
    pub fn layer_names(&self) -> Vec<String> {
        let names: std::collections::BTreeSet<&String> = self
            .project
            .documents
            .iter()
            .flat_map(|d| d.layers.keys())
            .collect();
        names.into_iter().cloned().collect()
    }

    /// Applies an edit to the current layer, records it for undo and marks the work unsaved.
    pub fn apply(&mut self, edit: Edit) -> Result<(), String> {
        let layer = self.layer.clone();
        let doc = &mut self.project.documents[self.doc];
        doc.apply(&layer, edit).map_err(|e| e.to_string())?;
        self.changed();
        Ok(())
    }

    // --- Selection ----------------------------------------------------------------------

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

    /// Selects the bytes `range`, snapped to whole words (or to whole characters with
    /// `precise`).
    pub fn select(&mut self, anchor: usize, head: usize, precise: bool) {
        let text = &self.document().text;
        let r = if precise {
            words::snap_to_characters(text, anchor.min(head)..anchor.max(head))
        } else {
            words::snap_to_words(text, anchor.min(head)..anchor.max(head))
        };
        self.selection = Some(if head >= anchor {
            (r.start, r.end)
        } else {
            (r.end, r.start)
        });
    }

    /// Moves the selection's moving end (where the drag stopped) one word forward or back,
    /// or with `precise` one character; the other end stays. Fixes a selection's ends
    /// from the keyboard.
    pub fn move_selection_end(&mut self, forward: bool, precise: bool) -> Result<(), String> {
        let (anchor, head) = self.selection.ok_or("select some words first")?;
        let text = &self.document().text;
        let head = match (forward, precise) {
            (true, false) => words::next_word_end(text, head),
            (false, false) => words::previous_word_start(text, head),
            (true, true) => words::next_character(text, head),
            (false, true) => words::previous_character(text, head),
        };
        self.select(anchor, head, precise);
        Ok(())
    }

    /// Selects the word at byte `at` (double-click).
    pub fn select_word(&mut self, at: usize) {
        let r = words::word_at(&self.document().text, at);
        self.selection = Some((r.start, r.end));
    }

    pub fn clear(&mut self) {
        self.selection = None;
        self.selected = None;
        self.noise_range = None;
    }

    /// Makes the stance target the one this document's layer used last, if any: a new
    /// session or document starts where the work on it stopped.
    pub fn recall_target(&mut self) {
        if let Some(t) = self.layer().stances.last() {
            self.target = Some(t.target.clone());
        }
    }

    /// Lines the selection touches, or the line of the caret.
    pub fn selected_lines(&self) -> Option<Range<usize>> {
        let text = &self.document().text;
        let (a, b) = self.selection?;
        let (lo, hi) = (a.min(b), a.max(b));
        let last = if hi > lo && text.as_str()[..hi].ends_with('\n') {
            hi - 1
        } else {
            hi
        };
        Some(text.line_of_byte(lo)..text.line_of_byte(last.max(lo)) + 1)
    }

    // --- Speakers and mentions ------------------------------------------------------------

    /// Speakers of the current layer for the picker, best first: those whose name (then
    /// one of whose mentions) matches `filter`, or with an empty filter the selected text;
    /// then those with a mention nearest the selection; then the newest. With a filter,
    /// speakers that do not match are left out.
    pub fn speakers_for_picker(&self, filter: &str) -> Vec<&Speaker> {
        let layer = self.layer();
        let at = self
            .selection_span()
            .map(|s| s.start)
            .or_else(|| self.selected_quote().map(Quote::start))
            .unwrap_or(0);
        let filter = filter.trim().to_lowercase();
        let selected = self
            .selection_span()
            .map(|s| s.text.to_lowercase())
            .unwrap_or_default();
        let mut speakers: Vec<(u8, usize, usize, &Speaker)> = layer
            .speakers
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let name = s.name.to_lowercase();
                let in_mentions =
                    |t: &str| s.mentions.iter().any(|m| m.text.to_lowercase().contains(t));
                let rank = if filter.is_empty() {
                    let named = !selected.is_empty()
                        && (name.contains(&selected)
                            || s.mentions.iter().any(|m| m.text.to_lowercase() == selected));
                    if named { 0 } else { 1 }
                } else if name.contains(&filter) {
                    0
                } else if in_mentions(&filter) {
                    1
                } else {
                    return None;
                };
                let distance = s
                    .mentions
                    .iter()
                    .map(|m| m.start.abs_diff(at))
                    .min()
                    .unwrap_or(usize::MAX);
                Some((rank, distance, usize::MAX - i, s))
            })
            .collect();
        speakers.sort_by_key(|&(rank, d, newest, _)| (rank, d, newest));
        speakers.into_iter().map(|(_, _, _, s)| s).collect()
    }

    /// Makes the selection a mention of speaker `id` (an existing one), or of a new
    /// speaker named `new_name` (kind: the schema's first speaker kind).
    pub fn make_mention(&mut self, speaker: SpeakerChoice) -> Result<(), String> {
        let span = self
            .selection_span()
            .ok_or("select the words that name the speaker first")?;
        // "Lavrov's": the mention is the name (the guidelines' rule).
        let span = without_possessive(&self.document().text, span);
        let layer = self.layer().clone();
        // S on a selected mention moves it to the speaker chosen now.
        let moving = match &self.selected {
            Some(Selected::Mention { speaker, span: m }) if *m == span => Some(speaker.clone()),
            _ => None,
        };
        let (id, edit) = match speaker {
            SpeakerChoice::Existing(id) => {
                let edit = Edit::add_mention(&layer, &id, span.clone())
                    .ok_or("that speaker already has this mention")?;
                (id, edit)
            }
            SpeakerChoice::New(name) => {
                let id = layer.next_id("s");
                let kind = self.default_speaker_kind();
                let speaker = Speaker {
                    id: id.clone(),
                    name,
                    kind,
                    mentions: vec![span.clone()],
                    score: None,
                };
                (id, Edit::add_speaker(&layer, speaker))
            }
        };
        let edit = match moving.and_then(|old| Edit::remove_mention(&layer, &old, &span)) {
            Some(remove) => Edit::Batch(vec![remove, edit]),
            None => edit,
        };
        self.apply(edit)?;
        self.selected = Some(Selected::Mention { speaker: id, span });
        self.selection = None;
        Ok(())
    }

    fn default_speaker_kind(&self) -> String {
        self.project
            .schema
            .speaker_kinds
            .first()
            .map_or_else(|| "person".to_string(), |l| l.name.clone())
    }

    // --- Quotes ---------------------------------------------------------------------------

    pub fn selected_quote(&self) -> Option<&Quote> {
        match &self.selected {
            Some(Selected::Quote(id)) => self.layer().quote(id),
            _ => None,
        }
    }

    /// Makes the selection a quote: direct if it is in quotation marks, else indirect.
    /// Returns the new quote's id; it becomes the selected annotation.
    pub fn make_quote(&mut self) -> Result<String, String> {
        let range = self
            .selection_range()
            .ok_or("select the words of the quote first")?;
        let text = &self.document().text;
        let span = Span::from_bytes(text, quote_bounds(text.as_str(), range))
            .ok_or("select the words of the quote first")?;
        let layer = self.layer().clone();
        let id = layer.next_id("q");
        let kind = quote_kind(&span.text);
        let kind = if self
            .project
            .schema
            .quote_kinds
            .iter()
            .any(|k| k.name == kind)
        {
            kind.to_string()
        } else {
            self.project
                .schema
                .quote_kinds
                .first()
                .map_or_else(|| kind.to_string(), |k| k.name.clone())
        };
        let quote = Quote {
            id: id.clone(),
            kind,
            content: vec![span],
            cue: None,
            source: None,
            speaker: None,
            score: None,
        };
        self.apply(Edit::add_quote(&layer, quote))?;
        self.selected = Some(Selected::Quote(id.clone()));
        self.selection = None;
        Ok(id)
    }

    /// Changes the selected quote with `change`.
    pub fn update_quote(&mut self, change: impl FnOnce(&mut Quote)) -> Result<(), String> {
        let mut quote = self.selected_quote().ok_or("select a quote first")?.clone();
        change(&mut quote);
        let edit = Edit::update_quote(self.layer(), quote).ok_or("the quote is gone")?;
        self.apply(edit)
    }

    /// Makes the selection the cue of the selected quote.
    pub fn set_cue(&mut self) -> Result<(), String> {
        let span = self
            .selection_span()
            .ok_or("select the cue (e.g. \"said\") first")?;
        self.update_quote(|q| q.cue = Some(span))?;
        self.selection = None;
        Ok(())
    }

    /// Sets the speaker of the selected quote; the source becomes the speaker's mention
    /// nearest the quote.
    pub fn set_quote_speaker(&mut self, speaker: &str) -> Result<(), String> {
        let s = self
            .layer()
            .speaker(speaker)
            .ok_or("no such speaker")?
            .clone();
        self.update_quote(|q| {
            // The mention naming the speaker in the quote's clause: the nearest one that is
            // not inside what is quoted.
            let at = q.start();
            q.source = s
                .mentions
                .iter()
                .filter(|m| !q.content.iter().any(|c| c.overlaps(m)))
                .min_by_key(|m| m.start.abs_diff(at))
                .cloned();
            q.speaker = Some(s.id.clone());
        })
    }

    /// Adds the selection as another content fragment of the selected quote (a quote
    /// split by its cue).
    pub fn add_fragment(&mut self) -> Result<(), String> {
        let span = self
            .selection_span()
            .ok_or("select the other part of the quote first")?;
        self.update_quote(|q| {
            q.content.push(span);
            q.content.sort();
            if q.kind == "indirect" {
                q.kind = "mixed".into();
            }
        })?;
        self.selection = None;
        Ok(())
    }

    // --- Stances --------------------------------------------------------------------------

    /// Sets the stance of the selected quote's speaker toward the current target to
    /// `label`, with the quote as evidence.
    pub fn set_stance(&mut self, label: &str) -> Result<(), String> {
        let quote = self.selected_quote().ok_or("select a quote first")?.clone();
        let holder = quote
            .speaker
            .clone()
            .ok_or("the quote has no speaker yet: press S")?;
        let target = self.target.clone().ok_or("pick a stance target first")?;
        let layer = self.layer();
        let stance = match layer
            .stances
            .iter()
            .find(|s| s.holder == holder && s.target == target)
        {
            Some(existing) => {
                let mut s = existing.clone();
                s.label = label.to_string();
                if !s.evidence.contains(&quote.id) {
                    s.evidence.push(quote.id.clone());
                }
                s
            }
            None => Stance {
                id: layer.next_id("t"),
                holder,
                target,
                label: label.to_string(),
                evidence: vec![quote.id.clone()],
                score: None,
            },
        };
        let edit = Edit::put_stance(layer, stance);
        self.apply(edit)
    }

    /// Picks the stance target; a new one is added to the project's schema.
    pub fn choose_target(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        if self.project.schema.add_target(name) {
            self.project.mark_changed();
            self.changed();
        }
        self.target = Some(name.to_string());
    }

    // --- Noise ----------------------------------------------------------------------------

    /// Toggles noise on the selected lines (or the caret's line): if all are noise, they
    /// are cleared; else all become noise of the current category.
    pub fn toggle_noise(&mut self) -> Result<(), String> {
        let lines = self
            .selected_lines()
            .ok_or("click in a line, or select lines, first")?;
        self.toggle_noise_lines(lines)
    }

    /// Toggles noise on `lines` (a gutter click, or a shift-click range).
    pub fn toggle_noise_lines(&mut self, lines: Range<usize>) -> Result<(), String> {
        let doc = self.document();
        let layer = self.layer().clone();
        let all_noise = lines.clone().all(|l| layer.noise_line(l).is_some());
        let mut working = layer.clone();
        let mut edits = Vec::new();
        for line in lines {
            let text = doc.text.line(line).ok_or("no such line")?.to_string();
            let noise = (!all_noise).then(|| NoiseLine {
                line,
                category: self.noise_category.clone(),
                text,
                orphaned: false,
                score: None,
            });
            if let Some(edit) = Edit::set_noise(&working, line, noise) {
                edit.clone()
                    .apply(&mut working)
                    .map_err(|e| e.to_string())?;
                edits.push(edit);
            }
        }
        if edits.is_empty() {
            return Ok(());
        }
        let range = lines_range(&edits);
        self.apply(Edit::Batch(edits))?;
        // The new noise lines become the selection, so number keys set their category.
        self.noise_range = (!all_noise).then_some(range.clone());
        self.selected = (!all_noise).then_some(Selected::Noise(range.start));
        Ok(())
    }

    /// Sets the category of the lines last marked as noise (number keys after N or a
    /// gutter click).
    pub fn categorize_noise(&mut self, category: &str) -> Result<(), String> {
        let lines = self.noise_range.clone().ok_or("mark noise lines first")?;
        self.noise_category = category.to_string();
        let mut working = self.layer().clone();
        let mut edits = Vec::new();
        for line in lines {
            let Some(mut noise) = working.noise_line(line).cloned() else {
                continue;
            };
            noise.category = category.to_string();
            if let Some(edit) = Edit::set_noise(&working, line, Some(noise)) {
                edit.clone()
                    .apply(&mut working)
                    .map_err(|e| e.to_string())?;
                edits.push(edit);
            }
        }
        self.apply(Edit::Batch(edits))
    }

    /// Sets the category of noise line `line`, and makes it the category for new ones.
    pub fn set_noise_category(&mut self, line: usize, category: &str) -> Result<(), String> {
        self.noise_category = category.to_string();
        let mut noise = self
            .layer()
            .noise_line(line)
            .ok_or("that line is not noise")?
            .clone();
        noise.category = category.to_string();
        let edit =
            Edit::set_noise(self.layer(), line, Some(noise)).ok_or("that line is not noise")?;
        self.apply(edit)
    }

    // --- Removing, undo, status ------------------------------------------------------------

    /// Removes the selected annotation.
    pub fn delete_selected(&mut self) -> Result<(), String> {
        let layer = self.layer();
        let edit = match self.selected.clone().ok_or("select an annotation first")? {
            Selected::Mention { speaker, span } => Edit::remove_mention(layer, &speaker, &span),
            Selected::Quote(id) => Edit::remove_quote(layer, &id),
            Selected::Stance(id) => Edit::remove_stance(layer, &id),
            Selected::Noise(line) => Edit::set_noise(layer, line, None),
            Selected::Speaker(id) => Edit::remove_speaker(layer, &id),
        }
        .ok_or("it is already gone")?;
        self.apply(edit)?;
        self.selected = None;
        Ok(())
    }

    pub fn undo(&mut self) -> Result<bool, String> {
        let done = self.project.documents[self.doc]
            .undo()
            .map_err(|e| e.to_string())?;
        if done {
            self.selected = None;
            self.changed();
        }
        Ok(done)
    }

    pub fn redo(&mut self) -> Result<bool, String> {
        let done = self.project.documents[self.doc]
            .redo()
            .map_err(|e| e.to_string())?;
        if done {
            self.selected = None;
            self.changed();
        }
        Ok(done)
    }

    pub fn set_status(&mut self, status: Status) -> Result<(), String> {
        if self.layer().status == status {
            return Ok(());
        }
        self.apply(Edit::set_status(status))
    }

    /// Switches to document `index` (saving first, as switching is a natural pause).
    pub fn go_to(&mut self, index: usize) {
        if index >= self.project.documents.len() || index == self.doc {
            return;
        }
        self.save_now();
        self.doc = index;
        self.clear();
        self.recall_target();
        self.revision += 1;
    }

    // --- Saving ---------------------------------------------------------------------------

    /// Saves if a change is older than [`AUTOSAVE_AFTER`], or a failed save is due for a
    /// retry. Returns true if it tried.
    pub fn autosave(&mut self, now: Instant) -> bool {
        let due = match &self.save {
            SaveState::Unsaved(at) => now.duration_since(*at) >= AUTOSAVE_AFTER,
            SaveState::Failed { retry, .. } => now >= *retry,
            SaveState::Saved | SaveState::NoFolder => false,
        };
        if due {
            self.save_now();
        }
        due
    }

    /// Saves what changed now. A failure keeps the edits in memory, says why, and is
    /// retried later.
    pub fn save_now(&mut self) {
        let Some(root) = self.root.clone() else {
            return;
        };
        if self.save == SaveState::Saved {
            return;
        }
        match store::save(&ProjectPaths::new(&root), &mut self.project) {
            Ok(_) => self.save = SaveState::Saved,
            Err(e) => {
                let message = format!("not saved: {e} (your work is kept and saving is retried)");
                self.error(message.clone());
                self.save = SaveState::Failed {
                    message,
                    retry: Instant::now() + RETRY_AFTER,
                };
            }
        }
    }

    /// Gives a project made from loose articles its folder: creates the project there,
    /// copies the articles in and saves.
    pub fn save_as(&mut self, dir: &Path) -> Result<(), String> {
        let name = dir
            .file_name()
            .map_or_else(|| "project".into(), |n| n.to_string_lossy().into_owned());
        let mut project = store::create(dir, &name).map_err(|e| e.to_string())?;
        let paths = ProjectPaths::new(dir);
        for (doc, source) in self.project.documents.iter().zip(&self.sources) {
            store::add_article(
                &paths,
                &mut project,
                source,
                crate::text::DEFAULT_SIZE_LIMIT,
            )
            .map_err(|e| e.to_string())?;
            let added = project.documents.last_mut().expect("just added");
            added.layers = doc.layers.clone();
            for name in doc.layers.keys() {
                added.set_unsaved(name, true);
            }
        }
        project.schema = self.project.schema.clone();
        project.mark_changed();
        store::save(&paths, &mut project).map_err(|e| e.to_string())?;
        self.project = project;
        self.root = Some(dir.to_path_buf());
        self.save = SaveState::Saved;
        Ok(())
    }
}

/// Who a new mention is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeakerChoice {
    Existing(String),
    New(String),
}

/// True if `text` starts and ends with quotation marks (straight, curly, guillemets).
pub fn is_quoted(text: &str) -> bool {
    const OPEN: &[char] = &['"', '\u{201c}', '\u{201e}', '\u{ab}', '\u{2018}', '\''];
    const CLOSE: &[char] = &['"', '\u{201d}', '\u{201c}', '\u{bb}', '\u{2019}', '\''];
    let t = text.trim();
    t.chars().count() >= 2 && t.starts_with(OPEN) && t.trim_end_matches([',', '.']).ends_with(CLOSE)
}

/// The lines a batch of noise edits touches.
fn lines_range(edits: &[Edit]) -> Range<usize> {
    let lines: Vec<usize> = edits
        .iter()
        .filter_map(|e| match e {
            Edit::Insert {
                item: crate::model::Item::Noise(n),
                ..
            }
            | Edit::Replace {
                item: crate::model::Item::Noise(n),
                ..
            } => Some(n.line),
            _ => None,
        })
        .collect();
    let (lo, hi) = (
        lines.iter().min().copied().unwrap_or(0),
        lines.iter().max().copied().unwrap_or(0),
    );
    lo..hi + 1
}

const OPEN_QUOTE: &[char] = &['"', '\u{201c}', '\u{201e}', '\u{ab}', '\u{2018}'];
const CLOSE_QUOTE: &[char] = &['"', '\u{201d}', '\u{bb}', '\u{2019}'];

/// Fits a selection to the guidelines' quote content: a quotation whose marks were left
/// just outside the selection takes them in (with a comma or full stop before the closing
/// mark); reported speech leaves out its final full stop.
pub fn quote_bounds(text: &str, r: Range<usize>) -> Range<usize> {
    let (mut a, mut b) = (r.start, r.end);
    if let Some(c) = text[..a].chars().next_back()
        && OPEN_QUOTE.contains(&c)
        && !text[a..b].starts_with(OPEN_QUOTE)
    {
        a -= c.len_utf8();
    }
    let first = text[a..b].chars().next().map_or(0, char::len_utf8);
    if text[a..b].starts_with(OPEN_QUOTE) && !text[a + first..b].ends_with(CLOSE_QUOTE) {
        let mut rest = text[b..].chars();
        match (rest.next(), rest.next()) {
            (Some(p @ (',' | '.' | '?' | '!')), Some(q)) if CLOSE_QUOTE.contains(&q) => {
                b += p.len_utf8() + q.len_utf8()
            }
            (Some(q), _) if CLOSE_QUOTE.contains(&q) => b += q.len_utf8(),
            _ => {}
        }
    }
    if !text[a..b].starts_with(OPEN_QUOTE) && text[a..b].ends_with('.') && b - a > 1 {
        b -= 1;
    }
    a..b
}

/// Direct in quotation marks, mixed when a quotation is inside reported speech, else
/// indirect.
pub fn quote_kind(text: &str) -> &'static str {
    if is_quoted(text) {
        "direct"
    } else if text.contains(['"', '\u{201c}', '\u{201d}', '\u{201e}', '\u{ab}', '\u{bb}']) {
        "mixed"
    } else {
        "indirect"
    }
}

/// The span without a trailing possessive `'s` ("Lavrov's" names Lavrov).
fn without_possessive(text: &crate::text::Text, span: Span) -> Span {
    let t = &span.text;
    if span.len() > 2 && (t.ends_with("'s") || t.ends_with("\u{2019}s")) {
        Span::new(text, span.start, span.end - 2).unwrap_or(span)
    } else {
        span
    }
}
