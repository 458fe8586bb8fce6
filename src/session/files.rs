//! The session and the disk: opening, autosaving, saving in a new folder, adding
//! articles, importing predictions and running the suggester into a layer.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{Mode, RETRY_AFTER, SaveState, Session};
use crate::formats::{self, Format, Prediction};
use crate::model::{Document, Project};
use crate::store::{self, ProjectPaths};
use crate::text::{DEFAULT_SIZE_LIMIT, Text};

impl Session {
    /// Opens the project at `path` (a folder or its `project.ron`), editing `layer`.
    /// Documents are read by need ([`store::open_by_need`]): only the first one shown is
    /// read now, so a project of any size opens at once.
    pub fn open(path: &Path, layer: &str) -> Result<Self, String> {
        let opened = store::open_by_need(path, DEFAULT_SIZE_LIMIT).map_err(|e| e.to_string())?;
        let mut session = Session::new(opened.project, Some(opened.root), layer);
        for w in opened.warnings {
            session.info(w);
        }
        session.load_assignments();
        // An annotator with assignments starts at the first of their documents.
        let first = session.assignments().and_then(|a| {
            let mine: Vec<&str> = a.documents_of(layer).collect();
            let docs = &session.project().documents;
            docs.iter().position(|d| mine.contains(&d.id.as_str()))
        });
        // The first document that can be read is shown; the others say why they cannot.
        let count = session.project.documents.len();
        let order = first
            .into_iter()
            .chain((0..count).filter(|&i| Some(i) != first));
        let mut failures = Vec::new();
        for i in order {
            match session.read(i) {
                Ok(()) => {
                    session.doc = i;
                    break;
                }
                Err(e) => failures.push(e),
            }
        }
        if count > 0 && failures.len() == count {
            return Err(failures.join("\n"));
        }
        for f in failures {
            session.error(f);
        }
        session.recall_target();
        if session.project.is_changed() {
            session.changed();
        }
        Ok(session)
    }

    /// Reads document `index` if it is not read yet (see [`Session::open`]). A document
    /// whose article changed is re-anchored, and its layers are then due to be saved.
    pub(super) fn read(&mut self, index: usize) -> Result<(), String> {
        let Some(root) = self.root.clone() else {
            return Ok(());
        };
        if self.project.documents[index].is_read() {
            return Ok(());
        }
        let warnings = store::read_document(&root, &mut self.project, index, DEFAULT_SIZE_LIMIT)
            .map_err(|e| e.to_string())?;
        for w in warnings {
            self.info(w);
        }
        if self.project.documents[index].is_unsaved() {
            self.changed();
        }
        Ok(())
    }

    /// True when every document is read (always, for a project made of loose articles).
    pub fn all_read(&self) -> bool {
        self.project.documents.iter().all(Document::is_read)
    }

    /// Reads every document not read yet: what needs the whole project (scores, the team's
    /// agreement, export, compare, save in a new folder, import, suggest or train on all)
    /// calls it first. Fails, naming them, if some cannot be read.
    pub(super) fn read_all(&mut self) -> Result<(), String> {
        let Some(root) = self.root.clone() else {
            return Ok(());
        };
        if self.all_read() {
            return Ok(());
        }
        let (warnings, errors) = store::read_all(&root, &mut self.project, DEFAULT_SIZE_LIMIT);
        for w in warnings {
            self.info(w);
        }
        if self.project.is_changed() || self.project.documents.iter().any(Document::is_unsaved) {
            self.changed();
        }
        self.revision += 1;
        match errors.as_slice() {
            [] => Ok(()),
            [e] => Err(format!("a document cannot be read: {e}")),
            [e, ..] => Err(format!(
                "{} documents cannot be read; the first: {e}",
                errors.len()
            )),
        }
    }

    /// A new project, not yet on disk, made of article files. Files that cannot be read
    /// are said in the messages; it fails only when none can.
    pub fn from_articles(files: &[PathBuf], layer: &str) -> Result<Self, String> {
        let mut project = Project::new("untitled");
        let mut failures = Vec::new();
        for file in files {
            match crate::text::read_article(file, DEFAULT_SIZE_LIMIT) {
                Ok(article) => {
                    let stem = file
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let id = project.new_document_id(&stem);
                    let path = file.to_string_lossy().replace('\\', "/");
                    let text = Text::new(article.text);
                    project.documents.push(Document::new(&id, &path, text));
                }
                Err(e) => failures.push(e.to_string()),
            }
        }
        if project.documents.is_empty() {
            return Err(failures.join("\n"));
        }
        let mut session = Session::new(project, None, layer);
        for f in failures {
            session.error(f);
        }
        Ok(session)
    }

    /// Reads `assignments.ron` again (on open, and when the disk changed).
    pub(super) fn load_assignments(&mut self) {
        let Some(root) = &self.root else { return };
        match crate::team::Assignments::load(root) {
            Ok(a) => self.assignments = a,
            Err(e) => self.error(e.to_string()),
        }
    }

    /// The project's annotation guidelines (`GUIDELINES.md` beside `project.ron`), or why
    /// there are none to show.
    pub fn guidelines(&self) -> Result<String, String> {
        let root = self
            .root
            .as_ref()
            .ok_or("this project has no folder yet, so no GUIDELINES.md")?;
        let path = root.join("GUIDELINES.md");
        match std::fs::read(&path) {
            Ok(bytes) => {
                String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!(
                "This project has no guidelines yet: write them in {} (Markdown) and the \
                 whole team sees them here.",
                path.display()
            )),
            Err(e) => Err(format!("{}: cannot read: {e}", path.display())),
        }
    }

    /// Saves if a change is older than [`super::AUTOSAVE_AFTER`], or a failed save is due
    /// for a retry. Returns true if it tried.
    pub fn autosave(&mut self, now: Instant) -> bool {
        let due = match &self.save {
            SaveState::Unsaved(at) => now.duration_since(*at) >= super::AUTOSAVE_AFTER,
            SaveState::Failed { retry, .. } => now >= *retry,
            SaveState::Saved | SaveState::NoFolder => false,
        };
        if due {
            self.save_now();
        }
        due
    }

    /// Saves what changed now (switching documents or layers, closing). A failure keeps
    /// the edits in memory, says why, and is retried later.
    pub fn save_now(&mut self) {
        let Some(root) = self.root.clone() else {
            return;
        };
        if self.save == SaveState::Saved {
            return;
        }
        match store::save(&ProjectPaths::new(&root), &mut self.project) {
            Ok(_) => self.save = SaveState::Saved,
            // Layer files another program changed since we read them: both kept.
            Err(e) if self.resolve_conflicts(&e) => {
                self.save = SaveState::Unsaved(Instant::now());
                match store::save(&ProjectPaths::new(&root), &mut self.project) {
                    Ok(_) => self.save = SaveState::Saved,
                    Err(e) => self.save_failed(e.to_string()),
                }
            }
            Err(e) => self.save_failed(e.to_string()),
        }
    }

    /// A save failed: the work stays in memory, the user is told why, and it is retried.
    fn save_failed(&mut self, e: String) {
        let message = format!("not saved: {e} (your work is kept and saving is retried)");
        self.error(message.clone());
        self.save = SaveState::Failed {
            message,
            retry: Instant::now() + RETRY_AFTER,
        };
    }

    /// Ctrl+S: saves now, retrying at once after a failure.
    pub(super) fn save(&mut self) -> Result<(), String> {
        if self.root.is_none() {
            return Err("this project has no folder yet: save it in one first".into());
        }
        if let SaveState::Failed { .. } = self.save {
            self.save = SaveState::Unsaved(Instant::now());
        }
        self.save_now();
        match &self.save {
            SaveState::Failed { message, .. } => Err(message.clone()),
            _ => Ok(()),
        }
    }

    /// Gives a project made from loose articles its folder: creates the project there,
    /// writes each document's text as its article and saves every layer. Each document
    /// keeps its own text and layers, whatever the files on disk are now.
    pub(super) fn save_as(&mut self, dir: &Path) -> Result<(), String> {
        let name = dir
            .file_name()
            .map_or_else(|| "project".into(), |n| n.to_string_lossy().into_owned());
        self.read_all()?;
        let mut project = store::create(dir, &name).map_err(|e| e.to_string())?;
        let paths = ProjectPaths::new(dir);
        for doc in &self.project.documents {
            let file = format!("{}.txt", store::names::encode(&doc.id));
            let relative = format!("{}/{file}", store::ARTICLES_DIR);
            let dest = paths.root.join(store::ARTICLES_DIR).join(&file);
            store::write_atomic(&dest, doc.text.as_str().as_bytes())
                .map_err(|e| format!("{}: cannot write: {e}", dest.display()))?;
            let mut copy = Document::new(&doc.id, &relative, doc.text.clone());
            copy.layers = doc.layers.clone();
            for layer in doc.layers.keys() {
                copy.set_unsaved(layer, true);
            }
            project.documents.push(copy);
        }
        project.schema = self.project.schema.clone();
        project.mark_changed();
        store::save(&paths, &mut project).map_err(|e| e.to_string())?;
        self.project = project;
        self.root = Some(dir.to_path_buf());
        self.save = SaveState::Saved;
        self.revision += 1;
        self.info(format!("Saved in {}", dir.display()));
        Ok(())
    }

    /// Adds article files to the project (which must have a folder) and saves.
    pub(super) fn add_articles(&mut self, files: &[PathBuf]) -> Result<(), String> {
        let root = self
            .root
            .clone()
            .ok_or("save this project in a folder first (Ctrl+S), then add articles")?;
        let paths = ProjectPaths::new(&root);
        let mut failed = Vec::new();
        for file in files {
            match store::add_article(&paths, &mut self.project, file, DEFAULT_SIZE_LIMIT) {
                Ok(added) => {
                    if let Some(w) = added.warning {
                        self.info(format!("{}: {w}", file.display()));
                    }
                    if let Some(id) = added.duplicate_of {
                        self.info(format!(
                            "{}: already in the project as {id}",
                            file.display()
                        ));
                    }
                }
                Err(e) => failed.push(e.to_string()),
            }
        }
        self.changed();
        self.save_now();
        if failed.is_empty() {
            Ok(())
        } else {
            Err(failed.join("; "))
        }
    }

    /// Imports a predictions file as the layer `model:<file name>` and reviews it; returns
    /// where to scroll.
    pub(super) fn import_predictions(&mut self, path: &Path) -> Result<Option<usize>, String> {
        let format = Format::guess(path).ok_or_else(|| {
            format!(
                "{}: not a .jsonl, .ann or .json file, nor a folder of them",
                path.display()
            )
        })?;
        self.read_all()?;
        let predictions = formats::read(&self.project, path, format).map_err(|e| e.to_string())?;
        let stem = path
            .file_stem()
            .map_or("import".into(), |s| s.to_string_lossy().into_owned());
        let layer = format!("model:{stem}");
        if layer == self.layer {
            return Err(format!("{layer} is the layer being edited"));
        }
        let imported = formats::import(&mut self.project, &layer, predictions);
        self.changed();
        self.info(format!("Imported into {layer}: {imported}"));
        Ok(self.set_review(Some(&layer)))
    }

    /// Runs the built-in suggester on this document (or all) into `model:rules`, then
    /// reviews it; returns where to scroll.
    pub(super) fn run_suggester(&mut self, all: bool) -> Result<Option<usize>, String> {
        const LAYER: &str = crate::suggest::LAYER;
        if self.layer == LAYER {
            return Err(format!("{LAYER} is the layer being edited"));
        }
        let docs: Vec<usize> = if all {
            self.read_all()?;
            (0..self.project.documents.len()).collect()
        } else {
            vec![self.doc]
        };
        // The project's own model (`sayso train`, or Train below) when it has one.
        let model = match &self.root {
            Some(root) => crate::suggest::Model::for_project(root).map_err(|e| e.to_string())?,
            None => crate::suggest::Model::default(),
        };
        let predictions: Vec<Prediction> = docs
            .into_iter()
            .map(|i| {
                let doc = &self.project.documents[i];
                Prediction {
                    doc_id: doc.id.clone(),
                    layer: crate::suggest::suggest_with(&doc.text, &self.project.schema, &model),
                }
            })
            .collect();
        let imported = formats::import(&mut self.project, LAYER, predictions);
        self.changed();
        self.info(format!("Suggested into {LAYER}: {imported}"));
        if let Mode::Compare(_) = self.mode {
            return Ok(None);
        }
        Ok(self.set_review(Some(LAYER)))
    }

    /// Fits the suggester to the edited layer's documents (its noise lines and quotes) and
    /// saves it as the project's `suggest.ron`, which Suggest then uses. Starts from the
    /// project's model when it has one. Says the cross-validated scores.
    pub(super) fn train_suggester(&mut self) -> Result<(), String> {
        let root = self
            .root
            .clone()
            .ok_or("save this project in a folder first: the model is kept beside project.ron")?;
        self.save_now();
        self.read_all()?;
        let start = crate::suggest::Model::for_project(&root).map_err(|e| e.to_string())?;
        let trained = crate::suggest::train::train_project(&self.project, &self.layer, &start)
            .map_err(|e| e.to_string())?;
        let path = root.join(crate::suggest::MODEL_FILE);
        let _lock = store::WriteLock::acquire(&root).map_err(|e| e.to_string())?;
        trained.model.save(&path).map_err(|e| e.to_string())?;
        let f1 = |p: &crate::metrics::Prf| p.f1().map_or("-".to_string(), |x| format!("{x:.2}"));
        let scores = if trained.folds > 0 {
            format!(
                "; noise lines, {}-fold cross-validated: body F1 {} (before: {})",
                trained.folds,
                f1(&trained.cross_validated.1),
                f1(&trained.before.1)
            )
        } else {
            String::new()
        };
        self.info(format!(
            "Trained the suggester on {} of {} ({} documents, {} lines){scores}; Suggest now uses it",
            self.layer, root.display(), trained.documents, trained.lines
        ));
        Ok(())
    }
}
