//! The bars: the status bar (bottom), the find bar, and the top bar's layer picker.

use egui::{Color32, Key, RichText, Ui};

use super::command::Command;
use super::intent::Queue;
use crate::session::{Action, Message, SaveState, Session};

pub fn status_bar(ui: &mut Ui, session: Option<&Session>, queue: &mut Queue) {
    ui.horizontal(|ui| {
        let Some(session) = session else {
            ui.label("No project");
            return;
        };
        let doc = session.document();
        ui.label(format!("{} · {} lines", doc.id, doc.line_count()));
        ui.separator();
        // Exactly what a key will tag: the words, quoted, and where they are.
        match session.selection_span() {
            Some(span) => ui.label(format!(
                "selected \u{201c}{}\u{201d} · {}..{} ({} characters)",
                // One line, whatever the selection spans.
                ends_of(
                    &span.text.split_whitespace().collect::<Vec<_>>().join(" "),
                    40
                ),
                span.start,
                span.end,
                span.len()
            )),
            None => ui.label("no selection"),
        };
        ui.separator();
        let (text, colour) = match session.save_state() {
            SaveState::Saved => ("saved".to_string(), Color32::from_rgb(0x3a, 0x9a, 0x4a)),
            SaveState::Unsaved(_) => ("unsaved".to_string(), Color32::from_rgb(0xd0, 0x90, 0x20)),
            SaveState::Failed { .. } => (
                "NOT SAVED: retrying".to_string(),
                Color32::from_rgb(0xd0, 0x30, 0x30),
            ),
            SaveState::NoFolder => (
                "not saved yet: Ctrl+S picks a folder".to_string(),
                Color32::from_rgb(0xd0, 0x90, 0x20),
            ),
        };
        let (dot, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        ui.painter().circle_filled(dot.center(), 4.0, colour);
        ui.label(RichText::new(text).color(colour));
        // A message shows for a few seconds (errors longer), then the bar is quiet again.
        let shown_for = |m: &Message| std::time::Duration::from_secs(if m.error { 12 } else { 6 });
        if let Some(m) = session
            .messages()
            .last()
            .filter(|m| m.at.elapsed() < shown_for(m))
        {
            ui.ctx()
                .request_repaint_after(shown_for(m).saturating_sub(m.at.elapsed()));
            ui.separator();
            let colour = if m.error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().weak_text_color()
            };
            ui.label(RichText::new(&m.text).color(colour));
            if ui.small_button("dismiss").clicked() {
                queue.act(Action::DismissMessages);
            }
        }
    });
}

/// `text` if at most `max` characters, else its start and end around an ellipsis.
fn ends_of(text: &str, max: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        return text.to_string();
    }
    let head: String = chars[..max * 2 / 3].iter().collect();
    let tail: String = chars[chars.len() - max / 3..].iter().collect();
    format!("{}\u{2026}{}", head.trim_end(), tail.trim_start())
}

/// The top bar's "Layer:" picker: the layer edited. `annotator` is always offered.
pub fn layer_picker(ui: &mut Ui, session: &Session, annotator: Option<&str>, queue: &mut Queue) {
    let label = ui.label("Layer:");
    let mut layers = session.layer_names();
    layers.extend(annotator.map(str::to_string));
    layers.sort();
    layers.dedup();
    let mut chosen = session.layer_name().to_string();
    egui::ComboBox::from_id_salt("layer")
        .selected_text(RichText::new(&chosen).strong())
        .show_ui(ui, |ui| {
            for l in &layers {
                ui.selectable_value(&mut chosen, l.clone(), l);
            }
        })
        .response
        .labelled_by(label.id);
    if chosen != session.layer_name() {
        queue.act(Action::SetLayer(chosen));
    }
}

/// The find bar's own state: open, and whether its field should take the keyboard.
#[derive(Debug, Default)]
pub struct FindBar {
    pub open: bool,
    pub focus: bool,
}

pub fn find_bar(ui: &mut Ui, session: &Session, bar: &mut FindBar, queue: &mut Queue) {
    ui.horizontal(|ui| {
        ui.label("Find:");
        let mut query = session.find().query.clone();
        let response = ui.add(egui::TextEdit::singleline(&mut query).desired_width(240.0));
        if bar.focus {
            response.request_focus();
            bar.focus = false;
        }
        if response.changed() {
            queue.act(Action::Find(query));
        }
        // Enter finds and hands the keyboard back, so S or Q can tag the match at once;
        // F3 goes on to the next one.
        if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            queue.command(Command::FindNext);
        }
        if ui.button("Next").clicked() {
            queue.command(Command::FindNext);
        }
        if ui.button("Previous").clicked() {
            queue.command(Command::FindPrevious);
        }
        let find = session.find();
        let n = find.matches.len();
        if n > 0 {
            ui.label(format!("{} of {n}", find.current.map_or(0, |i| i + 1)));
        } else if !find.query.is_empty() {
            ui.label(RichText::new("not found").weak());
        }
        let escape = response.has_focus() && ui.input(|i| i.key_pressed(Key::Escape));
        if ui.button("Close").clicked() || escape {
            bar.open = false;
            queue.act(Action::CloseFind);
        }
    });
}
