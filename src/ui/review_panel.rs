//! Review mode's controls: the layer picker in the top bar, and the panel with counters,
//! the current suggestion, bulk accept and the list of suggestions.

use egui::{Color32, RichText, Ui};

use super::command::Command;
use super::intent::Queue;
use super::style;
use crate::model::review::{State, SuggestionKind};
use crate::session::{Action, Session};

const ACCEPTED: Color32 = Color32::from_rgb(0x3a, 0x9a, 0x5b);
const REJECTED: Color32 = Color32::from_rgb(0xc8, 0x4b, 0x3c);

/// The top bar's "Review:" picker: none (annotate), or a layer to review.
pub fn review_picker(ui: &mut Ui, session: &Session, queue: &mut Queue) {
    let layers = session.prediction_layers();
    let current = session.review().map(|r| r.prediction.clone());
    let mut chosen = current.clone();
    let label = ui.label("Review:");
    let shown = chosen.clone().unwrap_or_else(|| "off (annotate)".into());
    egui::ComboBox::from_id_salt("review-layer")
        .selected_text(match &chosen {
            Some(_) => RichText::new(shown).strong().color(style::SUGGESTION),
            None => RichText::new(shown),
        })
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut chosen, None, "off (annotate)");
            for l in &layers {
                ui.selectable_value(&mut chosen, Some(l.clone()), l);
            }
        })
        .response
        .labelled_by(label.id);
    if ui
        .button("Suggest")
        .on_hover_text("Run the built-in rules on this document into model:rules and review them")
        .clicked()
    {
        queue.command(Command::Suggest);
        return;
    }
    if chosen != current {
        queue.act(Action::Review(chosen));
    }
}

/// The review panel, above the inspector while a layer is under review.
pub fn review_panel(ui: &mut Ui, session: &Session, queue: &mut Queue) {
    let Some(review) = session.review() else {
        return;
    };
    let counts = review.counts();
    ui.heading(RichText::new(format!("Reviewing {}", review.prediction)).color(style::SUGGESTION));
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{} pending", counts.pending)).strong());
        ui.label(RichText::new(format!("{} accepted", counts.accepted)).color(ACCEPTED));
        ui.label(RichText::new(format!("{} rejected", counts.rejected)).color(REJECTED));
        if counts.annotated > 0 {
            ui.label(RichText::new(format!("{} annotated already", counts.annotated)).weak())
                .on_hover_text("Your layer has these already: nothing to decide");
        }
    });
    if review.suggestions.is_empty() {
        ui.label(format!(
            "{} has nothing for this document.",
            review.prediction
        ));
    }
    if let Some(i) = review.current
        && let Some(s) = review.suggestions.get(i)
    {
        let text = &session.document().text;
        let excerpt = text
            .char_range_to_bytes(s.chars.clone())
            .map(|b| text.as_str()[b].to_string())
            .unwrap_or_default();
        let excerpt = shorten(&excerpt, 160);
        let state = review.states[i];
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.5, style::SUGGESTION))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(&s.label).strong());
                let score = s
                    .score
                    .map_or("no score".into(), |v| format!("score {v:.2}"));
                let state = match state {
                    State::Pending => RichText::new("pending"),
                    State::Accepted => RichText::new("accepted").color(ACCEPTED),
                    State::Rejected => RichText::new("rejected").color(REJECTED),
                    State::Annotated => RichText::new("annotated already").weak(),
                };
                ui.horizontal(|ui| {
                    ui.label(score);
                    ui.label(state);
                });
                ui.label(RichText::new(excerpt).italics());
            });
    }
    ui.horizontal(|ui| {
        for (c, text) in [
            (Command::PreviousSuggestion, "◀ K"),
            (Command::Accept, "Accept (A)"),
            (Command::Reject, "Reject (R)"),
            (Command::NextSuggestion, "J ▶"),
        ] {
            if ui.button(text).on_hover_text(c.label()).clicked() {
                queue.command(c);
            }
        }
    });
    bulk(ui, session, queue);
    ui.separator();
    list(ui, session, queue);
}

fn shorten(s: &str, max: usize) -> String {
    let s = s.replace('\n', " ⏎ ");
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

fn bulk(ui: &mut Ui, session: &Session, queue: &mut Queue) {
    let Some(review) = session.review() else {
        return;
    };
    let would = review.bulk_choice().count();
    let (mut only, mut min_score) = (review.only, review.min_score);
    ui.horizontal(|ui| {
        let label = ui.label("Accept all pending");
        egui::ComboBox::from_id_salt("review-kind")
            .selected_text(only.map_or("of any kind", |k| k.as_str()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut only, None, "of any kind");
                for k in SuggestionKind::ALL {
                    ui.selectable_value(&mut only, Some(k), k.as_str());
                }
            })
            .response
            .labelled_by(label.id);
    });
    let mut clicked = false;
    ui.horizontal(|ui| {
        ui.add(
            egui::Slider::new(&mut min_score, 0.0..=1.0)
                .text("min score")
                .fixed_decimals(2),
        );
        let button = egui::Button::new(format!("Accept {would}"))
            .shortcut_text(Command::AcceptAll.shortcut_text(ui.ctx()));
        clicked = ui.add_enabled(would > 0, button).clicked();
    });
    if only != review.only || min_score != review.min_score {
        queue.act(Action::SetBulkChoice { min_score, only });
    }
    if clicked {
        queue.command(Command::AcceptAll);
    }
}

fn list(ui: &mut Ui, session: &Session, queue: &mut Queue) {
    let Some(review) = session.review() else {
        return;
    };
    let current = review.current;
    let mut chosen = None;
    // Only the rows in view are made: a long article can have thousands of suggestions.
    egui::ScrollArea::vertical()
        .id_salt("suggestions")
        .max_height(220.0)
        .auto_shrink([false, true])
        .show_rows(ui, 18.0, review.suggestions.len(), |ui, range| {
            for i in range {
                let s = &review.suggestions[i];
                let (mark, colour) = match review.states[i] {
                    State::Pending => ("•", style::SUGGESTION),
                    State::Accepted => ("✔", ACCEPTED),
                    State::Rejected => ("✖", REJECTED),
                    State::Annotated => ("=", Color32::GRAY),
                };
                let score = s.score.map_or("    ".into(), |v| format!("{v:.2}"));
                let text = RichText::new(format!("{mark} {score}  {}", s.label)).color(colour);
                if ui.selectable_label(current == Some(i), text).clicked() {
                    chosen = Some(i);
                }
            }
        });
    if let Some(i) = chosen {
        queue.act(Action::ReviewGo(i));
    }
}
