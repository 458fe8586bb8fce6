//! [`SaysoApp`]: the `eframe::App`. It draws the session, turns keys and menu clicks into
//! [`Command`]s, and runs them after the frame in [`SaysoApp::run`].

use std::path::PathBuf;
use std::time::Instant;

use egui::{Key, Modifiers, RichText, Ui};

use super::command::Command;
use super::dialogs::{FileDialogs, Picked};
use super::panels;
use super::session::{SaveState, Selected, Session, SpeakerChoice};
use super::settings::{Settings, Theme};
use super::text_view::{TextView, ViewAction};
use crate::model::Status;

/// What the window opens with.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// A project folder, a `project.ron`, or article files. Empty: the last project, else
    /// the bundled demo.
    pub paths: Vec<PathBuf>,
    /// The annotator (the layer edited); asked for when not known.
    pub annotator: Option<String>,
}

/// A small window over the main one, waiting for the user.
#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    /// Pick a speaker for a new mention, or for the selected quote.
    Speaker {
        for_quote: bool,
        filter: String,
        highlighted: usize,
    },
    /// Pick or type a stance target.
    Target {
        filter: String,
    },
    /// A path typed by hand (file dialogs may be unavailable).
    Path {
        purpose: PathPurpose,
        path: String,
    },
    /// The annotator's name, asked once.
    Annotator {
        name: String,
    },
    /// Delete a speaker with its mentions, after confirmation.
    DeleteSpeaker(String),
    Help,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    OpenProject,
    NewProject,
    AddArticles,
    SaveAs,
    /// A predictions file (JSONL, brat, citron) to import as a layer and review.
    ImportPredictions,
}

/// The find bar.
#[derive(Debug, Default)]
pub struct Find {
    pub open: bool,
    pub query: String,
    pub focus: bool,
}

pub struct SaysoApp {
    pub session: Option<Session>,
    pub settings: Settings,
    pub view: TextView,
    pub popup: Option<Popup>,
    pub find: Find,
    pub doc_filter: String,
    pub status_filter: Option<Status>,
    dialogs: FileDialogs,
    queued: Vec<Command>,
    /// Why no project is open (e.g. a malformed project.ron), shown in the window.
    pub problem: Option<String>,
    pub scores: super::scores::ScoresWindow,
    pub export: super::export_window::ExportWindow,
}

impl SaysoApp {
    /// The app as eframe starts it, with settings from eframe's storage.
    pub fn new(cc: &eframe::CreationContext<'_>, start: StartOptions) -> Self {
        let settings = cc.storage.and_then(Settings::load).unwrap_or_default();
        Self::with_settings(&cc.egui_ctx, settings, start)
    }

    /// The app with given settings (tests build it this way).
    pub fn with_settings(ctx: &egui::Context, mut settings: Settings, start: StartOptions) -> Self {
        if let Some(name) = &start.annotator {
            settings.annotator = Some(name.clone());
        }
        settings.theme.apply(ctx);
        let mut app = SaysoApp {
            session: None,
            view: TextView::new(settings.text_size),
            settings,
            popup: None,
            find: Find::default(),
            doc_filter: String::new(),
            status_filter: None,
            dialogs: FileDialogs::default(),
            queued: Vec::new(),
            problem: None,
            scores: Default::default(),
            export: Default::default(),
        };
        let paths = if start.paths.is_empty() {
            app.settings
                .recent
                .first()
                .filter(|p| p.exists())
                .cloned()
                .or_else(demo_project)
                .into_iter()
                .collect()
        } else {
            start.paths
        };
        app.open_paths(&paths);
        if app.settings.annotator.is_none() {
            app.popup = Some(Popup::Annotator {
                name: std::env::var("USER")
                    .or_else(|_| std::env::var("USERNAME"))
                    .unwrap_or_default(),
            });
        }
        app
    }

    fn layer_name(&self) -> String {
        self.settings
            .annotator
            .clone()
            .unwrap_or_else(|| "annotator".to_string())
    }

    /// Opens a project folder or `project.ron`, or makes a new project of article files.
    pub fn open_paths(&mut self, paths: &[PathBuf]) {
        let Some(first) = paths.first() else { return };
        let layer = self.layer_name();
        let is_project = first.is_dir() || first.file_name().is_some_and(|n| n == "project.ron");
        let opened = if is_project {
            Session::open(first, &layer)
        } else {
            Session::from_articles(paths, &layer)
        };
        match opened {
            Ok(session) => {
                if let Some(old) = &mut self.session {
                    old.save_now();
                }
                if let Some(root) = &session.root {
                    self.settings.remember(root);
                }
                self.problem = None;
                self.session = Some(session);
                self.view = TextView::new(self.settings.text_size);
            }
            Err(e) => self.report(e),
        }
    }

    fn report(&mut self, text: String) {
        match &mut self.session {
            Some(s) => s.error(text),
            None => self.problem = Some(text),
        }
    }

    /// Queues a command to run after this frame.
    pub fn queue(&mut self, command: Command) {
        self.queued.push(command);
    }

    /// Runs a command now.
    pub fn run(&mut self, command: Command, ctx: &egui::Context) {
        let result = self.run_inner(command, ctx);
        if let Err(e) = result {
            self.report(e);
        }
    }

    fn run_inner(&mut self, command: Command, ctx: &egui::Context) -> Result<(), String> {
        if let Some(result) = self.run_compare(command) {
            return result;
        }
        match command {
            Command::NewProject => self.ask_path(PathPurpose::NewProject),
            Command::OpenProject => self.ask_path(PathPurpose::OpenProject),
            Command::AddArticles => self.ask_path(PathPurpose::AddArticles),
            Command::ImportPredictions => self.ask_path(PathPurpose::ImportPredictions),
            // Closing saves (see `frame` and `on_exit`).
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Help => self.popup = Some(Popup::Help),
            Command::ToggleTheme => {
                self.settings.theme = self.settings.theme.next();
                self.settings.theme.apply(ctx);
            }
            Command::TextBigger | Command::TextSmaller => {
                let step = if command == Command::TextBigger {
                    1.0
                } else {
                    -1.0
                };
                self.settings.text_size = (self.settings.text_size + step).clamp(9.0, 32.0);
                self.view.text_size = self.settings.text_size;
            }
            Command::Find => {
                self.find.open = true;
                self.find.focus = true;
            }
            Command::FindNext | Command::FindPrevious => {
                self.find_step(command == Command::FindNext)
            }
            _ => {
                let session = self.session.as_mut().ok_or("open a project first")?;
                match command {
                    Command::Save => match session.root {
                        Some(_) => {
                            if let SaveState::Failed { .. } = session.save {
                                session.save = SaveState::Unsaved(Instant::now());
                            }
                            session.save_now();
                        }
                        None => self.ask_path(PathPurpose::SaveAs),
                    },
                    Command::Undo => {
                        session.undo()?;
                    }
                    Command::Redo => {
                        session.redo()?;
                    }
                    Command::MakeMention => {
                        // On a selected mention: choose another speaker for it.
                        if session.selection_range().is_none()
                            && let Some(Selected::Mention { span, .. }) = &session.selected
                            && let Some(r) = session
                                .document()
                                .text
                                .char_range_to_bytes(span.start..span.end)
                        {
                            session.selection = Some((r.start, r.end));
                        }
                        session
                            .selection_span()
                            .ok_or("select the words that name the speaker first")?;
                        self.popup = Some(Popup::Speaker {
                            for_quote: false,
                            filter: String::new(),
                            highlighted: 0,
                        });
                    }
                    Command::MakeQuote => {
                        session.make_quote()?;
                        self.popup = Some(Popup::Speaker {
                            for_quote: true,
                            filter: String::new(),
                            highlighted: 0,
                        });
                    }
                    Command::SetCue => session.set_cue()?,
                    Command::AddFragment => session.add_fragment()?,
                    Command::ToggleNoise => session.toggle_noise()?,
                    Command::PickTarget => {
                        self.popup = Some(Popup::Target {
                            filter: String::new(),
                        })
                    }
                    Command::Delete => session.delete_selected()?,
                    Command::Clear => session.clear(),
                    Command::SelectionEndWordRight | Command::SelectionEndWordLeft => session
                        .move_selection_end(command == Command::SelectionEndWordRight, false)?,
                    Command::SelectionEndCharacterRight | Command::SelectionEndCharacterLeft => {
                        let forward = command == Command::SelectionEndCharacterRight;
                        session.move_selection_end(forward, true)?
                    }
                    Command::NextDocument | Command::PreviousDocument => {
                        let visible = panels::filtered_documents(self);
                        let session = self.session.as_mut().expect("checked");
                        let at = visible.iter().position(|&i| i == session.doc);
                        let next = match (command, at) {
                            (Command::NextDocument, Some(p)) => visible.get(p + 1),
                            (Command::PreviousDocument, Some(p)) => {
                                p.checked_sub(1).and_then(|p| visible.get(p))
                            }
                            _ => visible.first(),
                        };
                        if let Some(&i) = next {
                            session.go_to(i);
                        }
                    }
                    Command::MarkDone => session.set_status(Status::Done)?,
                    Command::NextSuggestion | Command::PreviousSuggestion => {
                        if session.review.is_none() {
                            return Err("choose a layer to review first (Review, top bar)".into());
                        }
                        let forward = command == Command::NextSuggestion;
                        if let Some(at) = session.review_step(forward) {
                            self.view.scroll_to = Some(at);
                        }
                    }
                    Command::Accept | Command::Reject => {
                        let at = if command == Command::Accept {
                            session.review_accept()?
                        } else {
                            session.review_reject()?
                        };
                        if let Some(at) = at {
                            self.view.scroll_to = Some(at);
                        }
                    }
                    Command::AcceptAll => {
                        session.review_accept_all()?;
                    }
                    Command::Scores => self.scores.open(session),
                    Command::Export => self.export.open(session),
                    Command::Suggest => session.run_suggester(false)?,
                    Command::SuggestAll => session.run_suggester(true)?,
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn ask_path(&mut self, purpose: PathPurpose) {
        self.dialogs.open(purpose);
        self.popup = Some(Popup::Path {
            purpose,
            path: String::new(),
        });
    }

    /// Acts on a path chosen in a dialog or typed by hand.
    pub fn path_chosen(&mut self, purpose: PathPurpose, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        self.popup = None;
        let result: Result<(), String> = match purpose {
            PathPurpose::OpenProject => {
                self.open_paths(&[first]);
                Ok(())
            }
            PathPurpose::NewProject => crate::store::create(&first, &folder_name(&first))
                .map_err(|e| e.to_string())
                .map(|_| self.open_paths(&[first])),
            PathPurpose::AddArticles => self.add_articles(&paths),
            PathPurpose::ImportPredictions => match &mut self.session {
                Some(s) => s.import_predictions(&first).map(|_| {
                    if let Some(at) = s
                        .review
                        .as_ref()
                        .and_then(|r| Some(r.bytes[r.current?].start))
                    {
                        self.view.scroll_to = Some(at);
                    }
                }),
                None => Err("open a project first".into()),
            },
            PathPurpose::SaveAs => match &mut self.session {
                Some(s) => s.save_as(&first).map(|_| self.settings.remember(&first)),
                None => Ok(()),
            },
        };
        if let Err(e) = result {
            self.report(e);
        }
    }

    /// Adds article files to the open project (or opens them as a new one).
    pub fn add_articles(&mut self, files: &[PathBuf]) -> Result<(), String> {
        let Some(session) = &mut self.session else {
            self.open_paths(files);
            return Ok(());
        };
        let Some(root) = session.root.clone() else {
            return Err("save this project in a folder first (Ctrl+S), then add articles".into());
        };
        let paths = crate::store::ProjectPaths::new(&root);
        for file in files {
            match crate::store::add_article(
                &paths,
                &mut session.project,
                file,
                crate::text::DEFAULT_SIZE_LIMIT,
            ) {
                Ok(added) => {
                    if let Some(w) = added.warning {
                        session.info(format!("{}: {w}", file.display()));
                    }
                    if let Some(id) = added.duplicate_of {
                        session.info(format!(
                            "{}: already in the project as {id}",
                            file.display()
                        ));
                    }
                }
                Err(e) => session.error(e.to_string()),
            }
        }
        session.save = SaveState::Unsaved(Instant::now());
        session.save_now();
        session.revision += 1;
        Ok(())
    }

    fn find_step(&mut self, forward: bool) {
        let Some(session) = &self.session else { return };
        if self.find.query.is_empty() {
            self.find.open = true;
            self.find.focus = true;
            return;
        }
        let text = session.document().text.as_str();
        let lower = text.to_lowercase();
        // Case-insensitive where lowercasing keeps byte offsets; exact otherwise.
        let (hay, needle) = if lower.len() == text.len() {
            (lower.as_str(), self.find.query.to_lowercase())
        } else {
            (text, self.find.query.clone())
        };
        self.view.found = hay
            .match_indices(needle.as_str())
            .map(|(i, m)| i..i + m.len())
            .collect();
        if self.view.found.is_empty() {
            self.view.current_find = None;
            return;
        }
        let n = self.view.found.len();
        let next = match self.view.current_find {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None => 0,
        };
        self.view.current_find = Some(next);
        self.view.scroll_to = Some(self.view.found[next].start);
        let r = self.view.found[next].clone();
        if let Some(s) = &mut self.session {
            s.selection = Some((r.start, r.end));
        }
    }

    /// Turns shortcuts pressed this frame into queued commands.
    fn read_shortcuts(&mut self, ctx: &egui::Context) {
        if self.popup.is_some() {
            return;
        }
        let typing = ctx.egui_wants_keyboard_input();
        // The most specific shortcuts first: egui matches ignoring Shift, so Ctrl+Shift+Z
        // must be tried before Ctrl+Z, and Ctrl+S before plain S.
        let mut commands: Vec<Command> = Command::ALL.to_vec();
        commands.sort_by_key(|c| {
            std::cmp::Reverse(c.shortcut().map_or(0, |s| {
                let m = s.modifiers;
                usize::from(m.command || m.ctrl) + usize::from(m.shift) + usize::from(m.alt)
            }))
        });
        for command in commands {
            let Some(shortcut) = command.shortcut() else {
                continue;
            };
            if !self.shortcut_active(command) {
                continue;
            }
            if typing
                && (command.is_plain_key() || matches!(command, Command::Undo | Command::Redo))
            {
                continue;
            }
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.queue(command);
            }
        }
        if typing || self.compare_keys(ctx) {
            return;
        }
        // Number keys: noise categories right after marking noise lines.
        let Some(session) = &self.session else { return };
        if session.noise_range.is_some() && matches!(session.selected, Some(Selected::Noise(_))) {
            let categories: Vec<(char, String)> = session
                .project
                .schema
                .noise_categories
                .iter()
                .filter_map(|l| Some((l.key?, l.name.clone())))
                .collect();
            for (key, name) in categories {
                if let Some(k) = key_of(key)
                    && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, k))
                {
                    let session = self.session.as_mut().expect("checked");
                    if let Err(e) = session.categorize_noise(&name) {
                        session.error(e);
                    }
                }
            }
            return;
        }
        // Stance labels: their schema keys, with a quote selected.
        if session.selected_quote().is_none() {
            return;
        }
        let labels: Vec<(char, String)> = session
            .project
            .schema
            .stance_labels
            .iter()
            .filter_map(|l| Some((l.key?, l.name.clone())))
            .collect();
        for (key, name) in labels {
            if let Some(k) = key_of(key)
                && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, k))
            {
                let session = self.session.as_mut().expect("checked");
                if session.target.is_none() {
                    self.popup = Some(Popup::Target {
                        filter: String::new(),
                    });
                } else if let Err(e) = session.set_stance(&name) {
                    session.error(e);
                }
            }
        }
    }

    fn run_queued(&mut self, ctx: &egui::Context) {
        for command in std::mem::take(&mut self.queued) {
            self.run(command, ctx);
        }
    }

    fn menu_bar(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            let item = |ui: &mut Ui, app: &mut SaysoApp, c: Command| {
                let button = egui::Button::new(c.label()).shortcut_text(c.shortcut_text(ui.ctx()));
                if ui.add(button).clicked() {
                    app.queue(c);
                    ui.close();
                }
            };
            ui.menu_button("File", |ui| {
                for c in [
                    Command::NewProject,
                    Command::OpenProject,
                    Command::AddArticles,
                    Command::ImportPredictions,
                    Command::Export,
                ] {
                    item(ui, self, c);
                }
                ui.menu_button("Open recent", |ui| {
                    let recent = self.settings.recent.clone();
                    if recent.is_empty() {
                        ui.label("No recent projects");
                    }
                    for path in recent {
                        if ui.button(path.display().to_string()).clicked() {
                            self.open_paths(&[path]);
                            ui.close();
                        }
                    }
                });
                ui.separator();
                item(ui, self, Command::Save);
                item(ui, self, Command::Quit);
            });
            ui.menu_button("Edit", |ui| {
                for c in [
                    Command::Undo,
                    Command::Redo,
                    Command::Delete,
                    Command::Clear,
                    Command::SelectionEndWordRight,
                    Command::SelectionEndWordLeft,
                    Command::SelectionEndCharacterRight,
                    Command::SelectionEndCharacterLeft,
                    Command::Find,
                    Command::FindNext,
                    Command::FindPrevious,
                ] {
                    item(ui, self, c);
                }
            });
            ui.menu_button("Annotate", |ui| {
                for c in [
                    Command::MakeMention,
                    Command::MakeQuote,
                    Command::SetCue,
                    Command::AddFragment,
                    Command::PickTarget,
                    Command::ToggleNoise,
                ] {
                    item(ui, self, c);
                }
                ui.separator();
                if let Some(s) = &self.session {
                    ui.label("Stance of the selected quote's speaker:");
                    let labels = s.project.schema.stance_labels.clone();
                    for l in labels {
                        let key = l.key.map(|k| k.to_string()).unwrap_or_default();
                        if ui
                            .add(egui::Button::new(&l.name).shortcut_text(key))
                            .clicked()
                        {
                            if let Some(s) = &mut self.session
                                && let Err(e) = s.set_stance(&l.name)
                            {
                                s.error(e);
                            }
                            ui.close();
                        }
                    }
                }
            });
            ui.menu_button("Documents", |ui| {
                for c in [
                    Command::NextDocument,
                    Command::PreviousDocument,
                    Command::MarkDone,
                ] {
                    item(ui, self, c);
                }
            });
            ui.menu_button("Review", |ui| {
                for c in [
                    Command::Suggest,
                    Command::SuggestAll,
                    Command::NextSuggestion,
                    Command::PreviousSuggestion,
                    Command::Accept,
                    Command::Reject,
                    Command::AcceptAll,
                    Command::Scores,
                ] {
                    item(ui, self, c);
                }
            });
            ui.menu_button("Compare", |ui| super::compare_panel::compare_menu(ui, self));
            ui.menu_button("View", |ui| {
                for c in [
                    Command::TextBigger,
                    Command::TextSmaller,
                    Command::ToggleTheme,
                ] {
                    item(ui, self, c);
                }
            });
            ui.menu_button("Help", |ui| item(ui, self, Command::Help));
            ui.separator();
            panels::layer_picker(ui, self);
            ui.separator();
            super::review_panel::review_picker(ui, self);
            ui.separator();
            super::compare_panel::compare_picker(ui, self);
        });
    }

    /// Draws everything; used by `eframe::App::ui` and by tests.
    pub fn frame(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        for picked in self.dialogs.poll() {
            match picked {
                Picked::Paths(purpose, paths) => self.path_chosen(purpose, paths),
                Picked::Cancelled => {}
            }
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty()
            && let Err(e) = self.add_articles(&dropped)
        {
            self.report(e);
        }
        self.read_shortcuts(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| panels::status_bar(ui, self));
        if self.session.is_some() {
            // Capped, so a wide table never squeezes the article.
            egui::Panel::left("documents")
                .default_size(230.0)
                .max_size(360.0)
                .show(ui, |ui| panels::documents(ui, self));
            // A fixed width: a panel that grew with its content would reflow the article.
            egui::Panel::right("inspector")
                .resizable(false)
                .exact_size(360.0)
                .show(ui, |ui| {
                    if self.session.as_ref().is_some_and(|s| s.review.is_some()) {
                        super::review_panel::review_panel(ui, self);
                        ui.separator();
                    }
                    if self.session.as_ref().is_some_and(|s| s.compare.is_some()) {
                        super::compare_panel::compare_panel(ui, self);
                        ui.separator();
                    }
                    panels::inspector(ui, self)
                });
        }
        if self.find.open {
            egui::Panel::top("find").show(ui, |ui| panels::find_bar(ui, self));
        }
        egui::CentralPanel::default().show(ui, |ui| match &mut self.session {
            Some(session) => {
                let actions = self.view.show(ui, session);
                for action in actions {
                    let result = match action {
                        ViewAction::ToggleNoise(lines) => session.toggle_noise_lines(lines),
                        ViewAction::NoiseCategory(line, c) => session.set_noise_category(line, &c),
                    };
                    if let Err(e) = result {
                        session.error(e);
                    }
                }
            }
            None => {
                ui.vertical_centered(|ui| {
                    ui.add_space(ui.available_height() / 3.0);
                    if let Some(problem) = &self.problem {
                        ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
                        ui.add_space(12.0);
                    }
                    ui.label("Open a project (Ctrl+O) or add articles (Ctrl+Shift+O), or drop article files here.");
                });
            }
        });
        panels::popup(&ctx, self);
        if let Some(session) = &self.session {
            self.scores.show(&ctx, session);
            self.export.show(&ctx, session);
        }
        self.run_queued(&ctx);

        if let Some(session) = &mut self.session {
            session.autosave(Instant::now());
            if matches!(
                session.save,
                SaveState::Unsaved(_) | SaveState::Failed { .. }
            ) {
                ctx.request_repaint_after(std::time::Duration::from_millis(500));
            }
        }
        if ctx.input(|i| i.viewport().close_requested())
            && let Some(s) = &mut self.session
        {
            s.save_now();
        }
    }

    /// The speaker popup's choice: an existing speaker id, or a new speaker's name.
    pub fn speaker_chosen(&mut self, for_quote: bool, choice: SpeakerChoice) {
        self.popup = None;
        let Some(session) = &mut self.session else {
            return;
        };
        let result = match (for_quote, choice) {
            (false, choice) => session.make_mention(choice),
            (true, SpeakerChoice::Existing(id)) => session.set_quote_speaker(&id),
            (true, SpeakerChoice::New(name)) => {
                // A quote's new speaker: made from the name, mentions added later with S.
                let layer = session.layer().clone();
                let id = layer.next_id("s");
                let speaker = crate::model::Speaker {
                    id: id.clone(),
                    name,
                    kind: session
                        .project
                        .schema
                        .speaker_kinds
                        .first()
                        .map_or("person".into(), |k| k.name.clone()),
                    mentions: Vec::new(),
                    score: None,
                };
                let quote = session.selected.clone();
                session
                    .apply(crate::model::Edit::add_speaker(&layer, speaker))
                    .and_then(|_| {
                        session.selected = quote;
                        session.set_quote_speaker(&id)
                    })
            }
        };
        if let Err(e) = result {
            session.error(e);
        }
    }

    /// Selects annotation `selected` and scrolls to it.
    pub fn reveal(&mut self, selected: Selected) {
        let Some(session) = &mut self.session else {
            return;
        };
        let layer = session.layer();
        let start = match &selected {
            Selected::Mention { span, .. } => Some(span.start),
            Selected::Quote(id) => layer.quote(id).map(|q| q.start()),
            Selected::Stance(id) => layer
                .stance(id)
                .and_then(|s| s.evidence.first())
                .and_then(|q| layer.quote(q))
                .map(|q| q.start()),
            Selected::Noise(line) => session
                .document()
                .text
                .line_char_range(*line)
                .map(|r| r.start),
            Selected::Speaker(id) => layer
                .speaker(id)
                .and_then(|s| s.mentions.first())
                .map(|m| m.start),
        };
        if let Some(byte) = start.and_then(|c| session.document().text.char_to_byte(c)) {
            self.view.scroll_to = Some(byte);
        }
        session.selected = Some(selected);
        session.selection = None;
    }
}

impl eframe::App for SaysoApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.store(storage);
    }

    fn on_exit(&mut self) {
        if let Some(s) = &mut self.session {
            s.save_now();
        }
    }
}

/// The demo project bundled with the source tree, when sayso runs from it.
fn demo_project() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("projects")
        .join("demo");
    dir.join("project.ron").exists().then_some(dir)
}

fn folder_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || "project".to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The key for a schema shortcut character.
pub fn key_of(c: char) -> Option<Key> {
    Key::from_name(&c.to_ascii_uppercase().to_string())
}

impl Theme {
    pub fn apply(self, ctx: &egui::Context) {
        ctx.set_theme(match self {
            Theme::System => egui::ThemePreference::System,
            Theme::Light => egui::ThemePreference::Light,
            Theme::Dark => egui::ThemePreference::Dark,
        });
    }
}
