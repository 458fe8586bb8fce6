//! The keyboard: shortcuts pressed this frame become queued commands, and the keys that
//! come from the schema or the mode (stance labels, noise categories, compare sides)
//! become actions. While a text field holds the keyboard, or a popup is open, no plain
//! key acts: what is typed stays text.

use egui::{Event, Key, Modifiers};

use super::command::{Command, Mode};
use super::intent::{Intent, Popup, Queue};
use super::text_view::Scroll;
use crate::session::{Action, Session};

const SIDE_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// Whether `command`'s shortcut acts now: compare commands only while comparing, review
/// commands (which share their keys) only while not.
fn active(command: Command, comparing: bool) -> bool {
    match command.mode() {
        Mode::Any => true,
        Mode::Review => !comparing,
        Mode::Compare => comparing,
    }
}

/// Reads this frame's keys into `queue` (those the input filter did not take already).
pub fn read(ctx: &egui::Context, session: Option<&Session>, popup_open: bool, queue: &mut Queue) {
    if popup_open {
        return;
    }
    let typing = ctx.egui_wants_keyboard_input();
    ctx.input_mut(|i| {
        let modifiers = i.modifiers;
        i.events.retain(|event| {
            let Event::Key {
                key, pressed: true, ..
            } = event
            else {
                return true;
            };
            match intent_for(*key, modifiers, session, typing) {
                Some(intent) => {
                    queue.push(intent);
                    false
                }
                None => true,
            }
        });
    });
}

/// What pressing `key` with `modifiers` does, if anything; `typing` while a text field
/// holds the keyboard (then no plain key acts: what is typed stays text).
pub fn intent_for(
    key: Key,
    modifiers: Modifiers,
    session: Option<&Session>,
    typing: bool,
) -> Option<Intent> {
    let comparing = session.is_some_and(|s| s.compare().is_some());
    // The most specific shortcuts first: egui matches ignoring Shift and Alt when they are
    // not asked for, so Ctrl+Shift+Z must be tried before Ctrl+Z, and Ctrl+S before S.
    let mut commands: Vec<Command> = Command::ALL
        .into_iter()
        .filter(|c| active(*c, comparing))
        .filter(|c| !typing || !(c.is_plain_key() || matches!(c, Command::Undo | Command::Redo)))
        .collect();
    commands.sort_by_key(|c| {
        std::cmp::Reverse(c.shortcut().map_or(0, |s| {
            let m = s.modifiers;
            usize::from(m.command || m.ctrl) + usize::from(m.shift) + usize::from(m.alt)
        }))
    });
    let found = commands.into_iter().find(|c| {
        c.shortcut()
            .is_some_and(|s| s.logical_key == key && modifiers.matches_logically(s.modifiers))
    });
    if let Some(command) = found {
        return Some(Intent::Command(command));
    }
    let session = session?;
    if typing || !modifiers.is_none() {
        return None;
    }
    if let Some(c) = session.compare() {
        // Number keys take a side (0: neither), Enter keeps gold's version to edit it.
        if let Some(side) = SIDE_KEYS.iter().position(|k| *k == key)
            && side < c.layers.len()
        {
            return Some(Intent::Act(Action::TakeSide(side)));
        }
        return match key {
            Key::Num0 => Some(Intent::Command(Command::Neither)),
            Key::Enter => Some(Intent::Command(Command::EditDifference)),
            _ => None,
        };
    }
    // Home and End as well as Ctrl+Home and Ctrl+End; the arrows scroll while nothing is
    // selected (with a selection they are the selection's).
    let nothing_selected = session.selection_range().is_none() && session.selected().is_none();
    match key {
        Key::Home => return Some(Intent::Command(Command::GoToTop)),
        Key::End => return Some(Intent::Command(Command::GoToBottom)),
        Key::ArrowDown if nothing_selected => return Some(Intent::Scroll(Scroll::Rows(2.0))),
        Key::ArrowUp if nothing_selected => return Some(Intent::Scroll(Scroll::Rows(-2.0))),
        _ => {}
    }
    let schema = &session.project().schema;
    let is = |k: Option<char>| k.and_then(key_of) == Some(key);
    // Number keys: noise categories right after marking noise lines, else stance labels
    // with a quote selected.
    if session.categorizing_noise() {
        let l = schema.noise_categories.iter().find(|l| is(l.key))?;
        return Some(Intent::Act(Action::CategorizeNoise(l.name.clone())));
    }
    session.selected_quote()?;
    let l = schema.stance_labels.iter().find(|l| is(l.key))?;
    Some(if session.target().is_none() {
        Intent::Popup(Some(Popup::target()))
    } else {
        Intent::Act(Action::SetStance(l.name.clone()))
    })
}

/// The key for a schema shortcut character.
pub(super) fn key_of(c: char) -> Option<Key> {
    Key::from_name(&c.to_ascii_uppercase().to_string())
}
