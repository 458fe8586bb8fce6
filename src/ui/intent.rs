//! [`Intent`]: what a part of the window asks for while it is drawn. Panels read a
//! `&Session` and push intents into a [`Queue`]; the app runs them in one place after the
//! frame ([`super::app`]), so no panel changes state on its own.

use std::path::PathBuf;

use super::command::Command;
use crate::session::{Action, Selected, SpeakerChoice};

/// One thing the window was asked to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    /// A menu or keyboard command.
    Command(Command),
    /// A change to the session.
    Act(Action),
    /// Open a popup, or with `None` close it.
    Popup(Option<Popup>),
    /// A path chosen in a dialog or typed by hand.
    Path(PathPurpose, Vec<PathBuf>),
    /// The annotator's name, given once: remembered, and the layer edited.
    Annotator(String),
    /// Scroll the article (keys that have no command of their own: the arrows).
    Scroll(super::text_view::Scroll),
}

/// The intents of one frame, in the order they were given.
#[derive(Debug, Default)]
pub struct Queue(Vec<Intent>);

impl Queue {
    pub fn command(&mut self, command: Command) {
        self.0.push(Intent::Command(command));
    }

    pub fn act(&mut self, action: Action) {
        self.0.push(Intent::Act(action));
    }

    pub fn popup(&mut self, popup: Popup) {
        self.0.push(Intent::Popup(Some(popup)));
    }

    pub fn close_popup(&mut self) {
        self.0.push(Intent::Popup(None));
    }

    pub fn push(&mut self, intent: Intent) {
        self.0.push(intent);
    }

    pub fn extend(&mut self, intents: impl IntoIterator<Item = Intent>) {
        self.0.extend(intents);
    }

    pub fn take(&mut self) -> Vec<Intent> {
        std::mem::take(&mut self.0)
    }
}

/// A small window over the main one, waiting for the user. Text fields in popups hold the
/// keyboard: while one is open no shortcut acts.
#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    /// Pick a speaker for a new mention, or for the selected quote.
    Speaker {
        for_quote: bool,
        filter: String,
        highlighted: usize,
        /// The cue clause's subject becomes the source: ticked when the picker opens.
        from_clause: bool,
    },
    /// Pick or type a stance target; `confirm` once a new target close to an existing one
    /// was asked about.
    Target {
        filter: String,
        confirm: bool,
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
    /// Rename a speaker.
    RenameSpeaker {
        id: String,
        name: String,
    },
    /// Delete a speaker with its mentions, after confirmation.
    DeleteSpeaker(String),
    Help,
}

impl Popup {
    /// The speaker picker for a new mention or the selected quote.
    pub fn speaker(for_quote: bool) -> Popup {
        Popup::Speaker {
            for_quote,
            filter: String::new(),
            highlighted: 0,
            from_clause: true,
        }
    }

    pub fn target() -> Popup {
        Popup::Target {
            filter: String::new(),
            confirm: false,
        }
    }
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

/// The action a speaker picked in the picker makes.
pub fn speaker_picked(for_quote: bool, choice: SpeakerChoice) -> Action {
    if for_quote {
        Action::SetQuoteSpeaker(Some(choice))
    } else {
        Action::MakeMention(choice)
    }
}

/// Selects an annotation and scrolls to it (a click in a list).
pub fn reveal(selected: Selected) -> Intent {
    Intent::Act(Action::Inspect(selected))
}
