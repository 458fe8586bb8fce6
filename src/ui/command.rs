//! [`Command`]: every command a user can give, with its menu text and shortcut.
//!
//! Menus, keyboard shortcuts and the help table all come from this one enum, so they
//! cannot drift apart. Commands are queued while the frame is drawn and run in one place
//! after it ([`super::app`]). Label keys (number keys for stance labels, the schema's keys)
//! come from the project's schema and are not listed here.

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    NewProject,
    OpenProject,
    AddArticles,
    ImportPredictions,
    Export,
    Save,
    Quit,
    Undo,
    Redo,
    Find,
    FindNext,
    FindPrevious,
    MakeMention,
    MakeQuote,
    SetCue,
    AddFragment,
    ToggleNoise,
    PickTarget,
    Delete,
    Clear,
    SelectionEndWordRight,
    SelectionEndWordLeft,
    SelectionEndCharacterRight,
    SelectionEndCharacterLeft,
    PageDown,
    PageUp,
    GoToTop,
    GoToBottom,
    NextDocument,
    PreviousDocument,
    MarkDone,
    Team,
    Suggest,
    SuggestAll,
    TrainSuggester,
    NextSuggestion,
    PreviousSuggestion,
    Accept,
    Reject,
    AcceptAll,
    CompareNext,
    ComparePrevious,
    Neither,
    EditDifference,
    AcceptAgreed,
    MarkReviewed,
    Scores,
    TextBigger,
    TextSmaller,
    ToggleTheme,
    ToggleSmoothScrolling,
    Guidelines,
    Help,
}

impl Command {
    /// Every command, in the order menus and the help screen list them.
    pub const ALL: [Command; 53] = [
        Command::NewProject,
        Command::OpenProject,
        Command::AddArticles,
        Command::ImportPredictions,
        Command::Export,
        Command::Save,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::Find,
        Command::FindNext,
        Command::FindPrevious,
        Command::MakeMention,
        Command::MakeQuote,
        Command::SetCue,
        Command::AddFragment,
        Command::ToggleNoise,
        Command::PickTarget,
        Command::Delete,
        Command::Clear,
        Command::SelectionEndWordRight,
        Command::SelectionEndWordLeft,
        Command::SelectionEndCharacterRight,
        Command::SelectionEndCharacterLeft,
        Command::PageDown,
        Command::PageUp,
        Command::GoToTop,
        Command::GoToBottom,
        Command::NextDocument,
        Command::PreviousDocument,
        Command::MarkDone,
        Command::Team,
        Command::Suggest,
        Command::SuggestAll,
        Command::TrainSuggester,
        Command::NextSuggestion,
        Command::PreviousSuggestion,
        Command::Accept,
        Command::Reject,
        Command::AcceptAll,
        Command::CompareNext,
        Command::ComparePrevious,
        Command::Neither,
        Command::EditDifference,
        Command::AcceptAgreed,
        Command::MarkReviewed,
        Command::Scores,
        Command::TextBigger,
        Command::TextSmaller,
        Command::ToggleTheme,
        Command::ToggleSmoothScrolling,
        Command::Guidelines,
        Command::Help,
    ];

    /// The text in menus and the help screen.
    pub fn label(self) -> &'static str {
        match self {
            Command::NewProject => "New project…",
            Command::OpenProject => "Open project…",
            Command::AddArticles => "Add articles…",
            Command::ImportPredictions => "Import predictions…",
            Command::Export => "Export a layer…",
            Command::Save => "Save",
            Command::Quit => "Quit",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::Find => "Find…",
            Command::FindNext => "Find next",
            Command::FindPrevious => "Find previous",
            Command::MakeMention => "Speaker mention from selection…",
            Command::MakeQuote => "Quote from selection",
            Command::SetCue => "Selection is the quote's cue",
            Command::AddFragment => "Selection is another part of the quote",
            Command::ToggleNoise => "Toggle noise on selected lines",
            Command::PickTarget => "Pick stance target…",
            Command::Delete => "Delete selected annotation",
            Command::Clear => "Clear selection",
            Command::SelectionEndWordRight => "Selection end: a word right",
            Command::SelectionEndWordLeft => "Selection end: a word left",
            Command::SelectionEndCharacterRight => "Selection end: a character right",
            Command::SelectionEndCharacterLeft => "Selection end: a character left",
            Command::NextDocument => "Next document",
            Command::PreviousDocument => "Previous document",
            Command::MarkDone => "Mark document done",
            Command::Team => "Team: progress, time, sync…",
            Command::Suggest => "Suggest with the built-in rules (this document)",
            Command::SuggestAll => "Suggest with the built-in rules (all documents)",
            Command::TrainSuggester => "Train the suggester on this layer",
            Command::NextSuggestion => "Review: next pending suggestion",
            Command::PreviousSuggestion => "Review: previous pending suggestion",
            Command::Accept => "Review: accept suggestion",
            Command::Reject => "Review: reject suggestion",
            Command::AcceptAll => "Review: accept all pending above the score",
            Command::CompareNext => "Compare: next unsettled difference",
            Command::ComparePrevious => "Compare: previous unsettled difference",
            Command::Neither => "Compare: neither side (also 0)",
            Command::EditDifference => "Compare: keep gold's version and edit it (also Enter)",
            Command::AcceptAgreed => "Compare: accept everything the layers agree on",
            Command::MarkReviewed => "Compare: mark document reviewed",
            Command::Scores => "Score a layer against another…",
            Command::TextBigger => "Bigger text",
            Command::TextSmaller => "Smaller text",
            Command::ToggleTheme => "Switch light/dark theme",
            Command::ToggleSmoothScrolling => "Smooth scrolling on/off",
            Command::PageDown => "Scroll a page down",
            Command::PageUp => "Scroll a page up",
            Command::GoToTop => "Go to the top of the article",
            Command::GoToBottom => "Go to the end of the article",
            Command::Guidelines => "Annotation guidelines (the project's GUIDELINES.md)",
            Command::Help => "Keyboard shortcuts",
        }
    }

    /// The default shortcut. Plain letters only act when no text field has focus.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let (modifiers, key) = match self {
            Command::NewProject => (Modifiers::COMMAND, Key::N),
            Command::OpenProject => (Modifiers::COMMAND, Key::O),
            Command::AddArticles => (Modifiers::COMMAND | Modifiers::SHIFT, Key::O),
            Command::Save => (Modifiers::COMMAND, Key::S),
            Command::Quit => (Modifiers::COMMAND, Key::Q),
            Command::Undo => (Modifiers::COMMAND, Key::Z),
            Command::Redo => (Modifiers::COMMAND | Modifiers::SHIFT, Key::Z),
            Command::Find => (Modifiers::COMMAND, Key::F),
            Command::FindNext => (Modifiers::NONE, Key::F3),
            Command::FindPrevious => (Modifiers::SHIFT, Key::F3),
            Command::MakeMention => (Modifiers::NONE, Key::S),
            Command::MakeQuote => (Modifiers::NONE, Key::Q),
            Command::SetCue => (Modifiers::NONE, Key::C),
            Command::AddFragment => (Modifiers::NONE, Key::F),
            Command::ToggleNoise => (Modifiers::NONE, Key::N),
            Command::PickTarget => (Modifiers::NONE, Key::T),
            Command::Delete => (Modifiers::NONE, Key::Delete),
            Command::Clear => (Modifiers::NONE, Key::Escape),
            Command::SelectionEndWordRight => (Modifiers::SHIFT, Key::ArrowRight),
            Command::SelectionEndWordLeft => (Modifiers::SHIFT, Key::ArrowLeft),
            Command::SelectionEndCharacterRight => {
                (Modifiers::ALT | Modifiers::SHIFT, Key::ArrowRight)
            }
            Command::SelectionEndCharacterLeft => {
                (Modifiers::ALT | Modifiers::SHIFT, Key::ArrowLeft)
            }
            Command::PageDown => (Modifiers::NONE, Key::PageDown),
            Command::PageUp => (Modifiers::NONE, Key::PageUp),
            Command::GoToTop => (Modifiers::COMMAND, Key::Home),
            Command::GoToBottom => (Modifiers::COMMAND, Key::End),
            Command::NextDocument => (Modifiers::ALT, Key::ArrowDown),
            Command::PreviousDocument => (Modifiers::ALT, Key::ArrowUp),
            Command::MarkDone => (Modifiers::COMMAND, Key::D),
            Command::NextSuggestion => (Modifiers::NONE, Key::J),
            Command::PreviousSuggestion => (Modifiers::NONE, Key::K),
            Command::Accept => (Modifiers::NONE, Key::A),
            Command::Reject => (Modifiers::NONE, Key::R),
            Command::AcceptAll => (Modifiers::SHIFT, Key::A),
            Command::CompareNext => (Modifiers::NONE, Key::J),
            Command::ComparePrevious => (Modifiers::NONE, Key::K),
            Command::Neither => (Modifiers::NONE, Key::X),
            Command::EditDifference => (Modifiers::NONE, Key::E),
            Command::AcceptAgreed => (Modifiers::SHIFT, Key::A),
            Command::MarkReviewed => (Modifiers::COMMAND | Modifiers::SHIFT, Key::D),
            Command::Scores
            | Command::Team
            | Command::ImportPredictions
            | Command::Export
            | Command::Suggest
            | Command::SuggestAll
            | Command::TrainSuggester => return None,
            Command::TextBigger => (Modifiers::COMMAND, Key::Plus),
            Command::TextSmaller => (Modifiers::COMMAND, Key::Minus),
            Command::ToggleTheme | Command::ToggleSmoothScrolling => return None,
            Command::Guidelines => (Modifiers::COMMAND, Key::G),
            Command::Help => (Modifiers::NONE, Key::F1),
        };
        Some(KeyboardShortcut::new(modifiers, key))
    }

    /// The scroll of the article this command is, for the commands that are one.
    pub fn scroll(self) -> Option<super::text_view::Scroll> {
        use super::text_view::Scroll;
        Some(match self {
            Command::PageDown => Scroll::Pages(1.0),
            Command::PageUp => Scroll::Pages(-1.0),
            Command::GoToTop => Scroll::Top,
            Command::GoToBottom => Scroll::Bottom,
            _ => return None,
        })
    }

    /// The mode whose shortcuts this command's is: review and compare mode are never on
    /// at once, so their commands may share keys (J, K, Shift+A).
    pub fn mode(self) -> Mode {
        match self {
            Command::NextSuggestion
            | Command::PreviousSuggestion
            | Command::Accept
            | Command::Reject
            | Command::AcceptAll => Mode::Review,
            Command::CompareNext
            | Command::ComparePrevious
            | Command::Neither
            | Command::EditDifference
            | Command::AcceptAgreed
            | Command::MarkReviewed => Mode::Compare,
            _ => Mode::Any,
        }
    }

    /// True for shortcuts that must not fire while typing in a text field: single keys,
    /// and Shift+Arrow keys (a text field's own selection).
    pub fn is_plain_key(self) -> bool {
        self.shortcut().is_some_and(|s| {
            let arrow = matches!(s.logical_key, Key::ArrowLeft | Key::ArrowRight);
            (s.modifiers.is_none() || arrow)
                && !matches!(s.logical_key, Key::Escape | Key::F1 | Key::F3 | Key::Delete)
        })
    }

    /// The shortcut as shown in menus, e.g. `Ctrl+Shift+Z`.
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcut()
            .map(|s| ctx.format_shortcut(&s))
            .unwrap_or_default()
    }
}

/// The menus of the menu bar, in order.
pub const MENUS: [&str; 8] = [
    "File",
    "Edit",
    "Annotate",
    "Documents",
    "Review",
    "Compare",
    "View",
    "Help",
];

impl Command {
    /// The menu that lists this command. Every command is in one (the match has no
    /// catch-all, so a new command must choose).
    pub fn menu(self) -> &'static str {
        match self {
            Command::NewProject
            | Command::OpenProject
            | Command::AddArticles
            | Command::ImportPredictions
            | Command::Export
            | Command::Save
            | Command::Quit => "File",
            Command::Undo
            | Command::Redo
            | Command::Delete
            | Command::Clear
            | Command::SelectionEndWordRight
            | Command::SelectionEndWordLeft
            | Command::SelectionEndCharacterRight
            | Command::SelectionEndCharacterLeft
            | Command::Find
            | Command::FindNext
            | Command::FindPrevious => "Edit",
            Command::MakeMention
            | Command::MakeQuote
            | Command::SetCue
            | Command::AddFragment
            | Command::PickTarget
            | Command::ToggleNoise => "Annotate",
            Command::NextDocument
            | Command::PreviousDocument
            | Command::MarkDone
            | Command::Team => "Documents",
            Command::Suggest
            | Command::SuggestAll
            | Command::TrainSuggester
            | Command::NextSuggestion
            | Command::PreviousSuggestion
            | Command::Accept
            | Command::Reject
            | Command::AcceptAll
            | Command::Scores => "Review",
            Command::CompareNext
            | Command::ComparePrevious
            | Command::Neither
            | Command::EditDifference
            | Command::AcceptAgreed
            | Command::MarkReviewed => "Compare",
            Command::TextBigger
            | Command::TextSmaller
            | Command::ToggleTheme
            | Command::PageDown
            | Command::PageUp
            | Command::GoToTop
            | Command::GoToBottom
            | Command::ToggleSmoothScrolling => "View",
            Command::Guidelines | Command::Help => "Help",
        }
    }

    /// The commands of `menu`, in [`Command::ALL`]'s order.
    pub fn in_menu(menu: &str) -> impl Iterator<Item = Command> + '_ {
        Command::ALL.into_iter().filter(move |c| c.menu() == menu)
    }
}

/// Every row of the keyboard help: each command with its shortcut ("menu" when it has
/// none), then the keys that come from the schema (stance labels, noise categories), the
/// compare side keys, and the mouse gestures.
pub fn help_rows(
    ctx: &egui::Context,
    schema: Option<&crate::model::Schema>,
) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Command::ALL
        .iter()
        .map(|c| {
            let keys = c.shortcut_text(ctx);
            let keys = if keys.is_empty() {
                "menu".to_string()
            } else {
                keys
            };
            (c.label().to_string(), keys)
        })
        .collect();
    if let Some(schema) = schema {
        for l in &schema.stance_labels {
            let key = l.key.map(String::from).unwrap_or_default();
            rows.push((
                format!("Stance \u{201c}{}\u{201d} (quote selected)", l.name),
                key,
            ));
        }
        for l in &schema.noise_categories {
            let key = l.key.map(String::from).unwrap_or_default();
            rows.push((
                format!("Noise category \u{201c}{}\u{201d} (right after N)", l.name),
                key,
            ));
        }
    }
    rows.push((
        "Compare: take side 1, 2, 3… into gold".into(),
        "1 … 9".into(),
    ));
    rows.push(("Compare: neither side".into(), "0".into()));
    rows.push((
        "Compare: keep gold's version and edit it".into(),
        "Enter".into(),
    ));
    rows.push((
        "Scroll a line, nothing selected (Home, End: top, bottom)".into(),
        "Up / Down".into(),
    ));
    rows.push(("Select with character precision".into(), "Alt+drag".into()));
    rows.push((
        "Mark a range of noise lines".into(),
        "Shift+click in the gutter".into(),
    ));
    rows
}

/// When a command's shortcut acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Always.
    Any,
    /// Unless comparing layers (J/K/A/R say what is wrong when nothing is reviewed).
    Review,
    /// Only while comparing layers.
    Compare,
}

/// The shortcut table of the README: one row per command, as the help screen shows it.
pub fn markdown_table(ctx: &egui::Context) -> String {
    let mut out = String::from("| command | shortcut |\n| --- | --- |\n");
    for c in Command::ALL {
        let keys = c.shortcut_text(ctx);
        let keys = if keys.is_empty() {
            "menu".to_string()
        } else {
            format!("`{keys}`")
        };
        out.push_str(&format!("| {} | {keys} |\n", c.label()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_listed_once_and_shortcuts_do_not_clash() {
        let mut seen = std::collections::HashSet::new();
        for c in Command::ALL {
            assert!(seen.insert(c), "{c:?} twice");
        }
        // Review and compare commands may share keys: the two modes are never on at once.
        let apart = |a: Mode, b: Mode| {
            matches!(
                (a, b),
                (Mode::Review, Mode::Compare) | (Mode::Compare, Mode::Review)
            )
        };
        let keys = |c: Command| {
            c.shortcut().map(|s| {
                let m = s.modifiers;
                (m.command, m.shift, m.alt, s.logical_key)
            })
        };
        for (i, c) in Command::ALL.iter().enumerate() {
            for d in &Command::ALL[..i] {
                if keys(*c).is_some() && keys(*c) == keys(*d) {
                    assert!(apart(c.mode(), d.mode()), "{c:?}'s shortcut is {d:?}'s");
                }
            }
        }
    }

    #[test]
    fn every_command_is_in_all_and_in_a_menu() {
        // An exhaustive match: a new command fails to compile here until it is counted.
        let index = |c: Command| -> usize {
            match c {
                Command::NewProject => 0,
                Command::OpenProject => 1,
                Command::AddArticles => 2,
                Command::ImportPredictions => 3,
                Command::Export => 4,
                Command::Save => 5,
                Command::Quit => 6,
                Command::Undo => 7,
                Command::Redo => 8,
                Command::Find => 9,
                Command::FindNext => 10,
                Command::FindPrevious => 11,
                Command::MakeMention => 12,
                Command::MakeQuote => 13,
                Command::SetCue => 14,
                Command::AddFragment => 15,
                Command::ToggleNoise => 16,
                Command::PickTarget => 17,
                Command::Delete => 18,
                Command::Clear => 19,
                Command::SelectionEndWordRight => 20,
                Command::SelectionEndWordLeft => 21,
                Command::SelectionEndCharacterRight => 22,
                Command::SelectionEndCharacterLeft => 23,
                Command::NextDocument => 24,
                Command::PreviousDocument => 25,
                Command::MarkDone => 26,
                Command::Team => 27,
                Command::Suggest => 28,
                Command::SuggestAll => 29,
                Command::TrainSuggester => 30,
                Command::NextSuggestion => 31,
                Command::PreviousSuggestion => 32,
                Command::Accept => 33,
                Command::Reject => 34,
                Command::AcceptAll => 35,
                Command::CompareNext => 36,
                Command::ComparePrevious => 37,
                Command::Neither => 38,
                Command::EditDifference => 39,
                Command::AcceptAgreed => 40,
                Command::MarkReviewed => 41,
                Command::Scores => 42,
                Command::TextBigger => 43,
                Command::TextSmaller => 44,
                Command::ToggleTheme => 45,
                Command::Guidelines => 46,
                Command::Help => 47,
                Command::PageDown => 48,
                Command::PageUp => 49,
                Command::GoToTop => 50,
                Command::GoToBottom => 51,
                Command::ToggleSmoothScrolling => 52,
            }
        };
        let mut seen: Vec<usize> = Command::ALL.iter().map(|&c| index(c)).collect();
        seen.sort();
        assert_eq!(seen, (0..Command::ALL.len()).collect::<Vec<_>>());
        for c in Command::ALL {
            assert!(MENUS.contains(&c.menu()), "{c:?}");
        }
        let ctx = egui::Context::default();
        let rows = help_rows(&ctx, Some(&crate::model::Schema::default()));
        for c in Command::ALL {
            assert!(
                rows.iter().any(|(what, _)| what == c.label()),
                "{c:?} not in help"
            );
        }
        assert!(rows.iter().any(|(what, _)| what.contains("take side")));
        assert!(rows.iter().any(|(what, _)| what.contains("Noise category")));
    }

    #[test]
    fn keys_a_text_field_needs_stay_with_it() {
        for c in [Command::MakeQuote, Command::SelectionEndWordRight] {
            assert!(c.is_plain_key(), "{c:?}");
        }
        for c in [Command::Undo, Command::Clear, Command::NextDocument] {
            assert!(!c.is_plain_key(), "{c:?}");
        }
    }
}
