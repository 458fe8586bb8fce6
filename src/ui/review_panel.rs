//! Review mode's controls: the layer picker in the top bar, and the panel with counters,
//! the current suggestion, bulk accept and the list of suggestions.

use egui::{Color32, RichText, Ui};

use super::app::SaysoApp;
use super::command::Command;
use super::style;
use crate::model::Decision;
use crate::model::review::SuggestionKind;

const ACCEPTED: Color32 = Color32::from_rgb(0x3a, 0x9a, 0x5b);
const REJECTED: Color32 = Color32::from_rgb(0xc8, 0x4b, 0x3c);

/// The top bar's "Review:" picker: none (annotate), or a layer to review.
pub fn review_picker(ui: &mut Ui, app: &mut SaysoApp) {
    let Some(session) = &mut app.session else {
        return;
    };
    let layers = session.prediction_layers();
    let current = session.review.as_ref().map(|r| r.prediction.clone());
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
        app.queue(Command::Suggest);
        return;
    }
    if chosen != current {
        session.set_review(chosen.as_deref());
        if let Some(at) = session
            .review
            .as_ref()
            .and_then(|r| Some(r.bytes[r.current?].start))
        {
            app.view.scroll_to = Some(at);
        }
    }
}

/// The review panel, above the inspector while a layer is under review.
pub fn review_panel(ui: &mut Ui, app: &mut SaysoApp) {
    let Some(session) = &mut app.session else {
        return;
    };
    let counts = session.review_counts();
    let Some(review) = session.review.as_ref() else {
        return;
    };
    ui.heading(RichText::new(format!("Reviewing {}", review.prediction)).color(style::SUGGESTION));
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{} pending", counts.pending)).strong());
        ui.label(RichText::new(format!("{} accepted", counts.accepted)).color(ACCEPTED));
        ui.label(RichText::new(format!("{} rejected", counts.rejected)).color(REJECTED));
    });
    if review.suggestions.is_empty() {
        ui.label(format!(
            "{} has nothing for this document.",
            review.prediction
        ));
    }
    let current = review.current.map(|i| review.suggestions[i].clone());
    if let Some(s) = &current {
        let text = &session.document().text;
        let excerpt = text
            .char_range_to_bytes(s.chars.clone())
            .map(|b| text.as_str()[b].to_string())
            .unwrap_or_default();
        let excerpt = shorten(&excerpt, 160);
        let decision = session.decision(s);
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.5, style::SUGGESTION))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(&s.label).strong());
                let score = s
                    .score
                    .map_or("no score".into(), |v| format!("score {v:.2}"));
                let state = match decision {
                    None => RichText::new("pending"),
                    Some(Decision::Accepted) => RichText::new("accepted").color(ACCEPTED),
                    Some(Decision::Rejected) => RichText::new("rejected").color(REJECTED),
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
                app.queue(c);
            }
        }
    });
    bulk(ui, app);
    ui.separator();
    list(ui, app);
}

fn shorten(s: &str, max: usize) -> String {
    let s = s.replace('\n', " ⏎ ");
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

fn bulk(ui: &mut Ui, app: &mut SaysoApp) {
    let Some(session) = &mut app.session else {
        return;
    };
    let Some(review) = session.review.as_ref() else {
        return;
    };
    let would = review.bulk_choice(session.layer()).count();
    let review = session.review.as_mut().expect("checked");
    ui.horizontal(|ui| {
        let label = ui.label("Accept all pending");
        egui::ComboBox::from_id_salt("review-kind")
            .selected_text(review.only.map_or("of any kind", |k| k.as_str()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut review.only, None, "of any kind");
                for k in SuggestionKind::ALL {
                    ui.selectable_value(&mut review.only, Some(k), k.as_str());
                }
            })
            .response
            .labelled_by(label.id);
    });
    let mut clicked = false;
    ui.horizontal(|ui| {
        ui.add(
            egui::Slider::new(&mut review.min_score, 0.0..=1.0)
                .text("min score")
                .fixed_decimals(2),
        );
        let button = egui::Button::new(format!("Accept {would}"))
            .shortcut_text(Command::AcceptAll.shortcut_text(ui.ctx()));
        clicked = ui.add_enabled(would > 0, button).clicked();
    });
    if clicked {
        app.queue(Command::AcceptAll);
    }
}

fn list(ui: &mut Ui, app: &mut SaysoApp) {
    let Some(session) = &mut app.session else {
        return;
    };
    let Some(review) = session.review.as_ref() else {
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
                let (mark, colour) = match session.decision(s) {
                    None => ("•", style::SUGGESTION),
                    Some(Decision::Accepted) => ("✔", ACCEPTED),
                    Some(Decision::Rejected) => ("✖", REJECTED),
                };
                let score = s.score.map_or("    ".into(), |v| format!("{v:.2}"));
                let text = RichText::new(format!("{mark} {score}  {}", s.label)).color(colour);
                if ui.selectable_label(current == Some(i), text).clicked() {
                    chosen = Some(i);
                }
            }
        });
    if let Some(i) = chosen {
        let review = session.review.as_mut().expect("checked");
        review.current = Some(i);
        app.view.scroll_to = Some(review.bytes[i].start);
    }
}
