//! [`SaysoApp`]: the `eframe::App` and its frame loop. Each frame it reads the keys, draws
//! the panels from the session (they push [`Intent`]s), draws the article (whose pointer
//! input becomes actions at once), and then runs the queued intents in one place.

use std::path::PathBuf;
use std::time::Instant;

use egui::{RichText, Ui};

use super::bars::FindBar;
use super::command::Command;
use super::dialogs::{FileDialogs, Picked};
use super::documents::DocList;
use super::intent::{Intent, PathPurpose, Popup, Queue};
use super::settings::{Settings, Theme};
use super::text_view::TextView;
use crate::model::Status;
use crate::session::{Action, SaveState, Selected, Session};

/// What the window opens with.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// A project folder, a `project.ron`, or article files. Empty: the last project, else
    /// the bundled demo.
    pub paths: Vec<PathBuf>,
    /// The annotator (the layer edited); asked for when not known.
    pub annotator: Option<String>,
}

pub struct SaysoApp {
    pub session: Option<Session>,
    pub settings: Settings,
    pub view: TextView,
    pub popup: Option<Popup>,
    pub find: FindBar,
    pub docs: DocList,
    dialogs: FileDialogs,
    queue: Queue,
    /// Why no project is open (e.g. a malformed project.ron), shown in the window.
    pub problem: Option<String>,
    pub scores: super::scores::ScoresWindow,
    pub export: super::export_window::ExportWindow,
    pub guidelines: super::guidelines::GuidelinesPanel,
    pub team: super::team_window::TeamWindow,
    input: super::input::InputFilter,
    ctx: egui::Context,
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
        // Other writers' messages name the window; a save never freezes it for long.
        crate::store::lock::set_writer_name("the window");
        crate::store::lock::set_wait(std::time::Duration::from_millis(500));
        super::style::install_fonts(ctx);
        super::style::apply_reading(ctx);
        settings.theme.apply(ctx);
        let mut app = SaysoApp {
            session: None,
            view: TextView::new(settings.text_size),
            settings,
            popup: None,
            find: FindBar::default(),
            docs: DocList::default(),
            dialogs: FileDialogs::default(),
            queue: Queue::default(),
            problem: None,
            scores: Default::default(),
            export: Default::default(),
            guidelines: Default::default(),
            team: Default::default(),
            input: Default::default(),
            ctx: ctx.clone(),
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
            Ok(mut session) => {
                if let Some(old) = &mut self.session {
                    old.save_now();
                }
                // Others' changes to the project (an import, a git pull) wake the window.
                let ctx = self.ctx.clone();
                session.watch(move || ctx.request_repaint());
                if let Some(root) = session.root() {
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

    /// Filters a frame's input before egui sees it (see [`super::input`]); eframe calls it
    /// through `raw_input_hook`, tests call it themselves (kittest does not).
    pub fn filter_input(&mut self, ctx: &egui::Context, raw: &mut egui::RawInput) {
        let window = super::input::Window {
            session: self.session.as_ref(),
            popup_open: self.popup.is_some(),
            view: &mut self.view,
            queue: &mut self.queue,
        };
        self.input.filter(ctx, raw, window);
    }

    /// Queues a command to run after this frame.
    pub fn queue(&mut self, command: Command) {
        self.queue.command(command);
    }

    /// Applies a session action now; returns false (and the session says why) if it failed.
    pub fn act(&mut self, action: Action) -> bool {
        let Some(session) = &mut self.session else {
            self.problem = Some("open a project first".into());
            return false;
        };
        match session.apply(action) {
            Ok(outcome) => {
                if outcome.scroll_to.is_some() {
                    self.view.scroll_to = outcome.scroll_to;
                }
                true
            }
            Err(_) => false,
        }
    }

    /// Runs a command now.
    pub fn run(&mut self, command: Command, ctx: &egui::Context) {
        if let Some(action) = command_action(command) {
            self.act(action);
            return;
        }
        if let Some(scroll) = command.scroll() {
            self.view.scroll(scroll);
            return;
        }
        match command {
            Command::NewProject => self.ask_path(PathPurpose::NewProject),
            Command::OpenProject => self.ask_path(PathPurpose::OpenProject),
            Command::AddArticles => self.ask_path(PathPurpose::AddArticles),
            Command::ImportPredictions => self.ask_path(PathPurpose::ImportPredictions),
            // Closing saves (see `frame` and `on_exit`).
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Help => self.popup = Some(Popup::Help),
            Command::Guidelines => self.guidelines.toggle(self.session.as_ref()),
            Command::ToggleSmoothScrolling => {
                self.settings.smooth_scrolling = !self.settings.smooth_scrolling;
                let state = if self.settings.smooth_scrolling {
                    "on"
                } else {
                    "off"
                };
                if let Some(s) = &mut self.session {
                    s.info(format!("Smooth scrolling {state}"));
                }
            }
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
            // Escape closes the find bar first, then clears the selection.
            Command::Clear if self.find.open => {
                self.find.open = false;
                self.act(Action::CloseFind);
            }
            Command::Clear => {
                self.act(Action::Clear);
            }
            Command::FindNext | Command::FindPrevious => {
                let empty = self
                    .session
                    .as_ref()
                    .is_none_or(|s| s.find().query.is_empty());
                if empty {
                    self.find.open = true;
                    self.find.focus = true;
                } else {
                    let forward = command == Command::FindNext;
                    self.act(Action::FindStep { forward });
                }
            }
            Command::Save => match self.session.as_ref().map(|s| s.root().is_some()) {
                Some(true) => {
                    self.act(Action::Save);
                }
                Some(false) => self.ask_path(PathPurpose::SaveAs),
                None => {}
            },
            Command::MakeMention => {
                let Some(session) = &self.session else { return };
                // On a selected mention: choose another speaker for it.
                if session.selection_range().is_none()
                    && let Some(Selected::Mention { span, .. }) = session.selected()
                    && let Some(r) = session
                        .document()
                        .text
                        .char_range_to_bytes(span.start..span.end)
                {
                    self.act(Action::Select {
                        anchor: r.start,
                        head: r.end,
                        precise: true,
                    });
                }
                match self.session.as_ref().and_then(Session::selection_span) {
                    Some(_) => self.popup = Some(Popup::speaker(false)),
                    None => self.report("select the words that name the speaker first".into()),
                }
            }
            Command::MakeQuote => {
                if self.act(Action::MakeQuote) {
                    self.popup = Some(Popup::speaker(true));
                }
            }
            Command::PickTarget => self.popup = Some(Popup::target()),
            Command::NextDocument | Command::PreviousDocument => {
                let Some(session) = &self.session else { return };
                let visible = super::documents::filtered_documents(session, &self.docs);
                let at = visible.iter().position(|&i| i == session.doc_index());
                let next = match (command, at) {
                    (Command::NextDocument, Some(p)) => visible.get(p + 1),
                    (Command::PreviousDocument, Some(p)) => {
                        p.checked_sub(1).and_then(|p| visible.get(p))
                    }
                    _ => visible.first(),
                };
                if let Some(&i) = next {
                    self.act(Action::GoTo(i));
                }
            }
            Command::Team => {
                // These views take in the whole project: every document is read first.
                self.act(Action::ReadAll);
                if let Some(s) = &mut self.session {
                    // Sync commits what is on disk: the work is saved first.
                    s.save_now();
                    self.team.open(s);
                }
            }
            Command::Scores => {
                self.act(Action::ReadAll);
                if let Some(s) = &self.session {
                    self.scores.open(s);
                }
            }
            Command::Export => {
                self.act(Action::ReadAll);
                if let Some(s) = &self.session {
                    self.export.open(s);
                }
            }
            _ => unreachable!("{command:?} maps to an action"),
        }
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
        match purpose {
            PathPurpose::OpenProject => self.open_paths(&[first]),
            PathPurpose::NewProject => match crate::store::create(&first, &folder_name(&first)) {
                Ok(_) => self.open_paths(&[first]),
                Err(e) => self.report(e.to_string()),
            },
            PathPurpose::AddArticles => self.add_articles(paths),
            PathPurpose::ImportPredictions => {
                self.act(Action::ImportPredictions(first));
            }
            PathPurpose::SaveAs => {
                if self.act(Action::SaveAs(first.clone())) {
                    self.settings.remember(&first);
                }
            }
        }
    }

    /// Adds article files to the open project, or opens them as a new one.
    pub fn add_articles(&mut self, files: Vec<PathBuf>) {
        if self.session.is_none() {
            self.open_paths(&files);
        } else {
            self.act(Action::AddArticles(files));
        }
    }

    fn run_queued(&mut self, ctx: &egui::Context) {
        for intent in self.queue.take() {
            match intent {
                Intent::Command(c) => self.run(c, ctx),
                Intent::Act(a) => {
                    self.act(a);
                }
                Intent::Popup(p) => self.popup = p,
                Intent::Path(purpose, paths) => self.path_chosen(purpose, paths),
                Intent::Scroll(scroll) => self.view.scroll(scroll),
                Intent::Annotator(name) => {
                    self.settings.annotator = Some(name.clone());
                    if self.session.is_some() {
                        self.act(Action::SetLayer(name));
                    }
                }
            }
        }
    }

    /// Draws everything; used by `eframe::App::ui` and by tests.
    pub fn frame(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        for picked in self.dialogs.poll() {
            if let Picked::Paths(purpose, paths) = picked {
                self.queue.push(Intent::Path(purpose, paths));
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
        if !dropped.is_empty() {
            self.add_articles(dropped);
        }
        // What others wrote (an import, a git pull) is taken in before anything is drawn.
        if let Some(session) = &mut self.session
            && session.disk_changed()
        {
            session.check_disk();
        }
        self.view.smooth = self.settings.smooth_scrolling;
        // What the input filter took (only while nothing had the keyboard) acts before
        // anything is drawn: this frame, often the only one the input gets, shows it.
        self.run_queued(&ctx);
        super::keys::read(
            &ctx,
            self.session.as_ref(),
            self.popup.is_some(),
            &mut self.queue,
        );

        let session = self.session.as_ref();
        let queue = &mut self.queue;
        egui::Panel::top("menu").show(ui, |ui| {
            let annotator = self.settings.annotator.as_deref();
            if let Some(path) =
                super::menus::menu_bar(ui, session, annotator, &self.settings.recent, queue)
            {
                queue.push(Intent::Path(PathPurpose::OpenProject, vec![path]));
            }
        });
        egui::Panel::bottom("status").show(ui, |ui| super::bars::status_bar(ui, session, queue));
        if self.guidelines.open {
            egui::Panel::right("guidelines")
                .default_size(420.0)
                .show(ui, |ui| self.guidelines.show(ui));
        }
        if let Some(session) = session {
            // Capped, so a wide table never squeezes the article.
            egui::Panel::left("documents")
                .default_size(230.0)
                .max_size(360.0)
                .show(ui, |ui| {
                    super::documents::documents(ui, session, &mut self.docs, queue)
                });
            // A fixed width: a panel that grew with its content would reflow the article.
            egui::Panel::right("inspector")
                .resizable(false)
                .exact_size(360.0)
                .show(ui, |ui| {
                    if session.review().is_some() {
                        super::review_panel::review_panel(ui, session, queue);
                        ui.separator();
                    }
                    if session.compare().is_some() {
                        super::compare_panel::compare_panel(ui, session, queue);
                        ui.separator();
                    }
                    super::inspector::inspector(ui, session, queue)
                });
            // Under the article, so opening it never moves the text.
            if self.find.open {
                egui::Panel::bottom("find").show(ui, |ui| {
                    super::bars::find_bar(ui, session, &mut self.find, queue)
                });
            }
        }
        egui::CentralPanel::default().show(ui, |ui| match &mut self.session {
            Some(session) => {
                // Pointer input acts at once, so the next key acts on what was just selected.
                for action in self.view.show(ui, session) {
                    let _ = session.apply(action);
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
        // What the frame asked for runs now, so a popup it opened is drawn (and takes the
        // keyboard) in this same frame: the next key typed reaches it.
        self.run_queued(&ctx);
        let keep_clear = self.session.as_ref().and_then(|s| self.view.keep_clear(s));
        super::popups::popup(
            &ctx,
            self.popup.as_ref(),
            self.session.as_ref(),
            keep_clear,
            &mut self.queue,
        );
        if let Some(session) = &mut self.session {
            self.scores.show(&ctx, session);
            self.export.show(&ctx, session);
            if self.team.show(&ctx, session) {
                // Sync commits what is on disk: the work is saved first.
                session.save_now();
                self.team.start_sync(session);
            }
        }
        self.run_queued(&ctx);

        if let Some(session) = &mut self.session {
            // A save changes the status bar: draw it now, not at the next input.
            if session.autosave(Instant::now()) {
                ctx.request_repaint();
            }
            // Wake when the autosave (or the retry of a failed save) is due, not before:
            // every frame is a full repaint.
            let due = match session.save_state() {
                SaveState::Unsaved(at) => Some(*at + crate::session::AUTOSAVE_AFTER),
                SaveState::Failed { retry, .. } => Some(*retry),
                SaveState::Saved | SaveState::NoFolder => None,
            };
            if let Some(due) = due {
                ctx.request_repaint_after(due.saturating_duration_since(Instant::now()));
            }
        }
        if ctx.input(|i| i.viewport().close_requested())
            && let Some(s) = &mut self.session
        {
            s.save_now();
        }
    }
}

/// The session action a command is, for the commands that are one.
fn command_action(command: Command) -> Option<Action> {
    Some(match command {
        Command::Undo => Action::Undo,
        Command::Redo => Action::Redo,
        Command::SetCue => Action::SetCue,
        Command::AddFragment => Action::AddFragment,
        Command::ToggleNoise => Action::ToggleNoise,
        Command::Delete => Action::Delete,
        Command::SelectionEndWordRight | Command::SelectionEndWordLeft => {
            Action::MoveSelectionEnd {
                forward: command == Command::SelectionEndWordRight,
                precise: false,
            }
        }
        Command::SelectionEndCharacterRight | Command::SelectionEndCharacterLeft => {
            Action::MoveSelectionEnd {
                forward: command == Command::SelectionEndCharacterRight,
                precise: true,
            }
        }
        Command::MarkDone => Action::SetStatus(Status::Done),
        Command::NextSuggestion | Command::PreviousSuggestion => Action::ReviewStep {
            forward: command == Command::NextSuggestion,
        },
        Command::Accept => Action::Accept,
        Command::Reject => Action::Reject,
        Command::AcceptAll => Action::AcceptAll,
        Command::Suggest => Action::Suggest { all: false },
        Command::SuggestAll => Action::Suggest { all: true },
        Command::TrainSuggester => Action::TrainSuggester,
        Command::CompareNext | Command::ComparePrevious => Action::CompareStep {
            forward: command == Command::CompareNext,
        },
        Command::Neither => Action::Neither,
        Command::EditDifference => Action::EditDifference,
        Command::AcceptAgreed => Action::AcceptAgreed,
        Command::MarkReviewed => Action::MarkReviewed,
        Command::NewProject
        | Command::OpenProject
        | Command::AddArticles
        | Command::ImportPredictions
        | Command::Export
        | Command::Save
        | Command::Quit
        | Command::Clear
        | Command::Find
        | Command::FindNext
        | Command::FindPrevious
        | Command::MakeMention
        | Command::MakeQuote
        | Command::PickTarget
        | Command::NextDocument
        | Command::PreviousDocument
        | Command::Scores
        | Command::Team
        | Command::TextBigger
        | Command::TextSmaller
        | Command::ToggleTheme
        | Command::ToggleSmoothScrolling
        | Command::PageDown
        | Command::PageUp
        | Command::GoToTop
        | Command::GoToBottom
        | Command::Guidelines
        | Command::Help => return None,
    })
}

impl eframe::App for SaysoApp {
    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        self.filter_input(ctx, raw_input);
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.store(storage);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
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

impl Theme {
    pub fn apply(self, ctx: &egui::Context) {
        ctx.set_theme(match self {
            Theme::System => egui::ThemePreference::System,
            Theme::Light => egui::ThemePreference::Light,
            Theme::Dark => egui::ThemePreference::Dark,
        });
    }
}
