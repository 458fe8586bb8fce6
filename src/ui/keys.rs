//! The keyboard: shortcuts pressed this frame become queued commands, and the keys that
//! come from the schema or the mode (stance labels, noise categories, compare sides)
//! become actions. While a text field holds the keyboard, or a popup is open, no plain
//! key acts: what is typed stays text.

use egui::{Key, Modifiers};

use super::command::{Command, Mode};
use super::intent::{Popup, Queue};
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

/// Reads this frame's keys into `queue`.
pub fn read(ctx: &egui::Context, session: Option<&Session>, popup_open: bool, queue: &mut Queue) {
    if popup_open {
        return;
    }
    let typing = ctx.egui_wants_keyboard_input();
    let comparing = session.is_some_and(|s| s.compare().is_some());
    // The most specific shortcuts first: egui matches ignoring Shift, so Ctrl+Shift+Z must
    // be tried before Ctrl+Z, and Ctrl+S before plain S.
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
        if !active(command, comparing) {
            continue;
        }
        if typing && (command.is_plain_key() || matches!(command, Command::Undo | Command::Redo)) {
            continue;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
            queue.command(command);
        }
    }
    let Some(session) = session else { return };
    if typing {
        return;
    }
    if let Some(c) = session.compare() {
        // Number keys take a side (0: neither), Enter keeps gold's version to edit it.
        for (side, key) in SIDE_KEYS.iter().enumerate().take(c.layers.len()) {
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, *key)) {
                queue.act(Action::TakeSide(side));
            }
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Num0)) {
            queue.command(Command::Neither);
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter)) {
            queue.command(Command::EditDifference);
        }
        return;
    }
    let schema = &session.project().schema;
    // Number keys: noise categories right after marking noise lines, else stance labels
    // with a quote selected.
    if session.categorizing_noise() {
        for l in &schema.noise_categories {
            if pressed(ctx, l.key) {
                queue.act(Action::CategorizeNoise(l.name.clone()));
            }
        }
        return;
    }
    if session.selected_quote().is_none() {
        return;
    }
    for l in &schema.stance_labels {
        if pressed(ctx, l.key) {
            if session.target().is_none() {
                queue.popup(Popup::target());
            } else {
                queue.act(Action::SetStance(l.name.clone()));
            }
        }
    }
}

/// True if the schema key `key` was pressed (and consumes it).
fn pressed(ctx: &egui::Context, key: Option<char>) -> bool {
    key.and_then(key_of)
        .is_some_and(|k| ctx.input_mut(|i| i.consume_key(Modifiers::NONE, k)))
}

/// The key for a schema shortcut character.
pub(super) fn key_of(c: char) -> Option<Key> {
    Key::from_name(&c.to_ascii_uppercase().to_string())
}
