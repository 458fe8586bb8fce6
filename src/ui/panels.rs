//! The panels around the article: documents (left), the inspector with speakers and
//! stances (right), the status bar, the find bar, the layer picker and the popups.

use egui::{Color32, Key, RichText, Ui};

use super::app::{PathPurpose, Popup, SaysoApp};
use super::command::Command;
use super::session::{SaveState, Selected, SpeakerChoice};
use super::style;
use crate::model::Status;

const STATUSES: [Status; 4] = [
    Status::Todo,
    Status::InProgress,
    Status::Done,
    Status::Reviewed,
];

/// Indices of the documents the list shows (name filter and status filter).
pub fn filtered_documents(app: &SaysoApp) -> Vec<usize> {
    let Some(session) = &app.session else {
        return Vec::new();
    };
    let filter = app.doc_filter.to_lowercase();
    session
        .project
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| filter.is_empty() || d.id.to_lowercase().contains(&filter))
        .filter(|(_, d)| {
            app.status_filter
                .is_none_or(|s| d.layer(&session.layer).map_or(Status::Todo, |l| l.status) == s)
        })
        .map(|(i, _)| i)
        .collect()
}

pub fn documents(ui: &mut Ui, app: &mut SaysoApp) {
    ui.heading("Documents");
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut app.doc_filter)
                .hint_text("filter by name")
                .desired_width(120.0),
        );
        egui::ComboBox::from_id_salt("status filter")
            .selected_text(app.status_filter.map_or("any status", Status::as_str))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut app.status_filter, None, "any status");
                for s in STATUSES {
                    ui.selectable_value(&mut app.status_filter, Some(s), s.as_str());
                }
            })
            .response
            .on_hover_text("Show documents with this status");
    });
    ui.separator();
    let shown = filtered_documents(app);
    let Some(session) = &mut app.session else {
        return;
    };
    let mut go = None;
    egui::ScrollArea::vertical()
        .id_salt("documents")
        .show(ui, |ui| {
            for i in shown {
                let doc = &session.project.documents[i];
                let layer = doc.layer(&session.layer);
                let status = layer.map_or(Status::Todo, |l| l.status);
                let counts = layer.map_or((0, 0, 0), |l| {
                    (l.speakers.len(), l.quotes.len(), l.noise.len())
                });
                let response = ui
                    .horizontal(|ui| {
                        status_dot(ui, status);
                        ui.selectable_label(i == session.doc, &doc.id)
                    })
                    .inner
                    .on_hover_text(format!(
                        "{}: {} speakers, {} quotes, {} noise lines",
                        status.as_str(),
                        counts.0,
                        counts.1,
                        counts.2
                    ));
                ui.label(
                    RichText::new(format!(
                        "    {} sp · {} q · {} noise",
                        counts.0, counts.1, counts.2
                    ))
                    .small()
                    .weak(),
                );
                if response.clicked() {
                    go = Some(i);
                }
            }
        });
    if let Some(i) = go {
        session.go_to(i);
    }
    ui.separator();
    let status = session.layer().status;
    ui.horizontal(|ui| {
        ui.label("Status:");
        for s in STATUSES {
            if ui.selectable_label(status == s, s.as_str()).clicked()
                && let Err(e) = session.set_status(s)
            {
                session.error(e);
            }
        }
    });
}

/// A dot for a document's status: hollow (todo), half (in progress), full (done), and
/// full with a ring (reviewed). Painted, so it needs no symbol font.
fn status_dot(ui: &mut Ui, status: Status) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    let c = rect.center();
    let colour = ui.visuals().strong_text_color();
    let painter = ui.painter();
    let ring = egui::Stroke::new(1.2, colour);
    match status {
        Status::Todo => {
            painter.circle_stroke(c, 4.5, ring);
        }
        Status::InProgress => {
            painter.circle_stroke(c, 4.5, ring);
            painter.rect_filled(
                egui::Rect::from_min_max(
                    egui::pos2(c.x - 4.5, c.y),
                    egui::pos2(c.x + 4.5, c.y + 4.5),
                ),
                2.0,
                colour,
            );
        }
        Status::Done => {
            painter.circle_filled(c, 4.5, Color32::from_rgb(0x3a, 0x9a, 0x4a));
        }
        Status::Reviewed => {
            painter.circle_filled(c, 3.5, Color32::from_rgb(0x3a, 0x9a, 0x4a));
            painter.circle_stroke(
                c,
                5.5,
                egui::Stroke::new(1.2, Color32::from_rgb(0x3a, 0x9a, 0x4a)),
            );
        }
    }
}

pub fn inspector(ui: &mut Ui, app: &mut SaysoApp) {
    // Everything wraps: a long quote or target never widens the panel over the article.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    egui::ScrollArea::vertical()
        .id_salt("inspector")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui.set_max_width(ui.available_width());
            selected_annotation(ui, app);
            ui.separator();
            speakers(ui, app);
            ui.separator();
            stances(ui, app);
        });
}

fn selected_annotation(ui: &mut Ui, app: &mut SaysoApp) {
    let Some(session) = &mut app.session else {
        return;
    };
    ui.heading("Selected");
    let layer = session.layer().clone();
    match session.selected.clone() {
        None => {
            ui.label(RichText::new("Drag over words, then S (speaker), Q (quote), C (cue), N (noise). Click an annotation to inspect it.").weak());
        }
        Some(Selected::Mention { speaker, span }) => {
            let name = layer
                .speaker(&speaker)
                .map_or("?".into(), |s| s.name.clone());
            ui.label(format!("Mention \u{201c}{}\u{201d} of {name}", span.text));
            ui.label(
                RichText::new(format!("characters {}..{}", span.start, span.end))
                    .small()
                    .weak(),
            );
        }
        Some(Selected::Speaker(id)) => {
            if let Some(s) = layer.speaker(&id) {
                ui.label(format!(
                    "{} ({}): {} mentions",
                    s.name,
                    s.kind,
                    s.mentions.len()
                ));
            }
        }
        Some(Selected::Noise(line)) => {
            if let Some(n) = layer.noise_line(line) {
                ui.label(format!("Noise line {} ({})", line + 1, n.category));
            }
        }
        Some(Selected::Stance(id)) => {
            if let Some(t) = layer.stance(&id) {
                ui.label(format!("Stance {}: {} toward {}", t.id, t.label, t.target));
            }
        }
        Some(Selected::Quote(id)) => {
            let Some(q) = layer.quote(&id).cloned() else {
                return;
            };
            ui.label(RichText::new(format!("Quote {}", q.id)).strong());
            for c in &q.content {
                ui.label(RichText::new(&c.text).italics());
            }
            let mut kind = q.kind.clone();
            let mut speaker = q.speaker.clone();
            let mut source = q.source.clone();
            egui::Grid::new("quote").num_columns(2).show(ui, |ui| {
                // Field names stay on one line (the combo boxes truncate their values).
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                let label = ui.label("Kind");
                egui::ComboBox::from_id_salt("quote kind")
                    .selected_text(&kind)
                    .show_ui(ui, |ui| {
                        for k in &session.project.schema.quote_kinds {
                            ui.selectable_value(&mut kind, k.name.clone(), &k.name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label("Speaker");
                let shown = speaker
                    .as_deref()
                    .and_then(|id| layer.speaker(id))
                    .map_or("none", |s| s.name.as_str());
                egui::ComboBox::from_id_salt("quote speaker")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut speaker, None, "none");
                        for s in &layer.speakers {
                            ui.selectable_value(&mut speaker, Some(s.id.clone()), &s.name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                ui.label("Cue");
                ui.horizontal(|ui| {
                    ui.label(
                        q.cue
                            .as_ref()
                            .map_or("none (select it, press C)".into(), |c| c.text.clone()),
                    );
                });
                ui.end_row();
                let label = ui.label("Source");
                let mentions = speaker
                    .as_deref()
                    .and_then(|id| layer.speaker(id))
                    .map(|s| s.mentions.clone())
                    .unwrap_or_default();
                let shown = source
                    .as_ref()
                    .map_or("none".to_string(), |s| format!("{} ({})", s.text, s.start));
                egui::ComboBox::from_id_salt("quote source")
                    .selected_text(shown)
                    .truncate()
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut source, None, "none");
                        for m in mentions {
                            let text = format!("{} ({})", m.text, m.start);
                            ui.selectable_value(&mut source, Some(m), text);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
            });
            if kind != q.kind
                && let Err(e) = session.update_quote(|q| q.kind = kind)
            {
                session.error(e);
            }
            if source != q.source
                && speaker == q.speaker
                && let Err(e) = session.update_quote(|q| q.source = source)
            {
                session.error(e);
            }
            if speaker != q.speaker {
                let result = match &speaker {
                    Some(id) => session.set_quote_speaker(id),
                    None => session.update_quote(|q| {
                        q.speaker = None;
                        q.source = None;
                    }),
                };
                if let Err(e) = result {
                    session.error(e);
                }
            }
            note_field(ui, session, &q.id);
            let mut label = None;
            // The stance this quote's speaker already takes toward the current target.
            let current = layer
                .stances
                .iter()
                .find(|t| {
                    Some(&t.holder) == q.speaker.as_ref()
                        && Some(&t.target) == session.target.as_ref()
                })
                .map(|t| t.label.clone());
            ui.horizontal_wrapped(|ui| {
                ui.label("Stance:");
                for l in &session.project.schema.stance_labels {
                    let key = l.key.map(|k| format!(" {k}")).unwrap_or_default();
                    let on = current.as_deref() == Some(l.name.as_str());
                    if ui
                        .add(egui::Button::selectable(on, format!("{}{key}", l.name)))
                        .clicked()
                    {
                        label = Some(l.name.clone());
                    }
                }
            });
            if let Some(l) = label
                && let Err(e) = session.set_stance(&l)
            {
                session.error(e);
            }
        }
    }
}

/// The note on annotation `id`, saved as an edit when the field loses focus.
fn note_field(ui: &mut Ui, session: &mut super::session::Session, id: &str) {
    let key = egui::Id::unique(("note", session.doc, id.to_string()));
    let stored = session.layer().notes.get(id).cloned().unwrap_or_default();
    let mut text = ui
        .data(|d| d.get_temp::<String>(key))
        .unwrap_or_else(|| stored.clone());
    let label = ui.label("Note");
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut text)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text("a note for the reviewer"),
        )
        .labelled_by(label.id);
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(key, text.clone()));
    }
    if response.lost_focus() {
        ui.data_mut(|d| d.remove::<String>(key));
        if let Some(edit) = crate::model::Edit::set_note(session.layer(), id, &text)
            && let Err(e) = session.apply(edit)
        {
            session.error(e);
        }
    }
}

fn speakers(ui: &mut Ui, app: &mut SaysoApp) {
    let Some(session) = &mut app.session else {
        return;
    };
    ui.heading("Speakers");
    let layer = session.layer().clone();
    if layer.speakers.is_empty() {
        ui.label(RichText::new("None yet: select a name and press S.").weak());
    }
    let kinds: Vec<String> = session
        .project
        .schema
        .speaker_kinds
        .iter()
        .map(|k| k.name.clone())
        .collect();
    let mut update = None;
    let mut merge = None;
    let mut reveal = None;
    let mut delete = None;
    for (i, s) in layer.speakers.iter().enumerate() {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, style::speaker_colour(i));
            let selected = session.selected == Some(Selected::Speaker(s.id.clone()));
            if ui
                .selectable_label(selected, format!("{} ({})", s.name, s.mentions.len()))
                .clicked()
            {
                reveal = Some(Selected::Speaker(s.id.clone()));
            }
            ui.menu_button("…", |ui| {
                let mut name = s.name.clone();
                ui.horizontal(|ui| {
                    ui.label("Name");
                    if ui.text_edit_singleline(&mut name).lost_focus()
                        && name != s.name
                        && !name.trim().is_empty()
                    {
                        let mut changed = s.clone();
                        changed.name = name.trim().to_string();
                        update = Some(changed);
                    }
                });
                ui.menu_button("Kind", |ui| {
                    for k in &kinds {
                        if ui.selectable_label(&s.kind == k, k).clicked() {
                            let mut changed = s.clone();
                            changed.kind = k.clone();
                            update = Some(changed);
                            ui.close();
                        }
                    }
                });
                ui.menu_button("Merge into", |ui| {
                    for other in layer.speakers.iter().filter(|o| o.id != s.id) {
                        if ui.button(&other.name).clicked() {
                            merge = Some((other.id.clone(), s.id.clone()));
                            ui.close();
                        }
                    }
                });
                if ui.button("Delete…").clicked() {
                    delete = Some(s.id.clone());
                    ui.close();
                }
            });
            ui.label(RichText::new(&s.kind).small().weak());
        });
    }
    if let Some(changed) = update
        && let Some(edit) = crate::model::Edit::update_speaker(session.layer(), changed)
        && let Err(e) = session.apply(edit)
    {
        session.error(e);
    }
    if let Some((keep, gone)) = merge
        && let Some(edit) = crate::model::Edit::merge_speakers(session.layer(), &keep, &gone)
        && let Err(e) = session.apply(edit)
    {
        session.error(e);
    }
    if let Some(id) = delete {
        app.popup = Some(Popup::DeleteSpeaker(id));
    }
    if let Some(r) = reveal {
        app.reveal(r);
    }
}

fn stances(ui: &mut Ui, app: &mut SaysoApp) {
    let Some(session) = &mut app.session else {
        return;
    };
    ui.heading("Stances");
    let mut new_target = false;
    let label = ui
        .horizontal(|ui| {
            let label = ui.label("Target (T)");
            new_target = ui
                .add(egui::Button::new("New…").wrap_mode(egui::TextWrapMode::Extend))
                .clicked();
            label
        })
        .inner;
    // On a line of its own, as wide as the panel: a long target never widens it.
    let current = session.target.clone().unwrap_or_else(|| "none".into());
    let mut chosen = None;
    egui::ComboBox::from_id_salt("target")
        .selected_text(current)
        .width(ui.available_width() - 8.0)
        .truncate()
        .show_ui(ui, |ui| {
            for t in &session.project.schema.stance_targets {
                if ui
                    .selectable_label(session.target.as_deref() == Some(t.name.as_str()), &t.name)
                    .clicked()
                {
                    chosen = Some(t.name.clone());
                }
            }
        })
        .response
        .labelled_by(label.id);
    if let Some(t) = chosen {
        session.choose_target(&t);
    }
    if new_target {
        app.popup = Some(Popup::Target {
            filter: String::new(),
        });
    }
    let Some(session) = &mut app.session else {
        return;
    };
    let layer = session.layer().clone();
    let mut reveal = None;
    for t in &layer.stances {
        let holder = layer
            .speaker(&t.holder)
            .map_or(t.holder.as_str(), |s| s.name.as_str());
        let text = format!(
            "{holder}: {} toward {} ({})",
            t.label,
            t.target,
            t.evidence.join(", ")
        );
        let selected = session.selected == Some(Selected::Stance(t.id.clone()));
        if ui
            .add(egui::Button::selectable(selected, text).wrap())
            .clicked()
        {
            reveal = Some(Selected::Stance(t.id.clone()));
        }
    }
    if let Some(r) = reveal {
        app.reveal(r);
    }
}

pub fn status_bar(ui: &mut Ui, app: &mut SaysoApp) {
    ui.horizontal(|ui| {
        let Some(session) = &app.session else {
            ui.label("No project");
            return;
        };
        let doc = session.document();
        ui.label(format!("{} · {} lines", doc.id, doc.line_count()));
        ui.separator();
        match session.selection_span() {
            Some(span) => ui.label(format!(
                "selection {}..{} ({} characters)",
                span.start,
                span.end,
                span.len()
            )),
            None => ui.label("no selection"),
        };
        ui.separator();
        let (text, colour) = match &session.save {
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
        let shown_for = |m: &super::session::Message| {
            std::time::Duration::from_secs(if m.error { 12 } else { 6 })
        };
        if let Some(m) = session
            .messages
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
            if ui.small_button("dismiss").clicked()
                && let Some(s) = &mut app.session
            {
                s.messages.clear();
            }
        }
    });
}

pub fn layer_picker(ui: &mut Ui, app: &mut SaysoApp) {
    let Some(session) = &mut app.session else {
        return;
    };
    let label = ui.label("Layer:");
    let mut layers = session.layer_names();
    layers.extend(app.settings.annotator.clone());
    layers.sort();
    layers.dedup();
    let mut chosen = session.layer.clone();
    egui::ComboBox::from_id_salt("layer")
        .selected_text(RichText::new(&chosen).strong())
        .show_ui(ui, |ui| {
            for l in &layers {
                ui.selectable_value(&mut chosen, l.clone(), l);
            }
        })
        .response
        .labelled_by(label.id);
    if chosen != session.layer {
        session.save_now();
        session.layer = chosen;
        session.review = None;
        session.clear();
        session.revision += 1;
    }
}

pub fn find_bar(ui: &mut Ui, app: &mut SaysoApp) {
    ui.horizontal(|ui| {
        ui.label("Find:");
        let response = ui.add(egui::TextEdit::singleline(&mut app.find.query).desired_width(240.0));
        if app.find.focus {
            response.request_focus();
            app.find.focus = false;
        }
        if response.changed() {
            app.view.current_find = None;
        }
        // Enter finds and hands the keyboard back, so S or Q can tag the match at once;
        // F3 goes on to the next one.
        if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            app.queue(Command::FindNext);
        }
        if ui.button("Next").clicked() {
            app.queue(Command::FindNext);
        }
        if ui.button("Previous").clicked() {
            app.queue(Command::FindPrevious);
        }
        let n = app.view.found.len();
        if n > 0 {
            ui.label(format!(
                "{} of {n}",
                app.view.current_find.map_or(0, |i| i + 1)
            ));
        }
        if ui.button("Close").clicked() {
            app.find.open = false;
            app.view.found.clear();
        }
    });
}

/// The contents of a popup, in whatever container it is shown.
fn popup_contents(ui: &mut Ui, app: &mut SaysoApp, popup: Popup) {
    ui.set_width(420.0);
    match popup {
        Popup::Speaker {
            for_quote,
            filter,
            highlighted,
        } => speaker_popup(ui, app, for_quote, filter, highlighted),
        Popup::Target { filter } => target_popup(ui, app, filter),
        Popup::Path { purpose, path } => path_popup(ui, app, purpose, path),
        Popup::Annotator { name } => annotator_popup(ui, app, name),
        Popup::DeleteSpeaker(id) => delete_popup(ui, app, id),
        Popup::Help => help_popup(ui, app),
    }
}

/// Gives a popup's text field the keyboard when nothing else has it. (Asking every frame
/// fights egui's focus handling: repaints without end, and typing lost.)
fn focus_once(ui: &Ui, response: &egui::Response) {
    if ui.memory(|m| m.focused().is_none()) {
        response.request_focus();
    }
}

/// Draws the open popup, if any.
pub fn popup(ctx: &egui::Context, app: &mut SaysoApp) {
    let Some(popup) = app.popup.clone() else {
        return;
    };
    // Pickers open next to the selection, so the sentence stays in view.
    if let Popup::Speaker { .. } | Popup::Target { .. } = popup {
        let screen = ctx.content_rect();
        let at = app
            .session
            .as_ref()
            .and_then(|s| app.view.below_selection(s))
            .unwrap_or_else(|| screen.center() - egui::vec2(210.0, 80.0));
        let at = egui::pos2(
            at.x.min(screen.right() - 440.0).max(0.0),
            at.y.min(screen.bottom() - 260.0),
        );
        egui::Area::new(egui::Id::unique("sayso picker"))
            .order(egui::Order::Foreground)
            .fixed_pos(at)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| popup_contents(ui, app, popup));
            });
        return;
    }
    let modal = egui::Modal::new(egui::Id::unique("sayso popup"))
        .show(ctx, |ui| popup_contents(ui, app, popup));
    if modal.should_close()
        && app.popup.is_some()
        && !matches!(app.popup, Some(Popup::Annotator { .. }))
    {
        app.popup = None;
    }
}

fn speaker_popup(
    ui: &mut Ui,
    app: &mut SaysoApp,
    for_quote: bool,
    mut filter: String,
    mut highlighted: usize,
) {
    let Some(session) = &app.session else { return };
    ui.heading(if for_quote {
        "Who said it?"
    } else {
        "Mention of which speaker?"
    });
    let response = ui.add(
        egui::TextEdit::singleline(&mut filter)
            .hint_text("type to filter, or a new name")
            .desired_width(f32::INFINITY),
    );
    focus_once(ui, &response);
    let mut choices: Vec<(SpeakerChoice, String)> = session
        .speakers_for_picker(&filter)
        .into_iter()
        .map(|s| {
            (
                SpeakerChoice::Existing(s.id.clone()),
                format!("{} ({})", s.name, s.kind),
            )
        })
        .collect();
    let new_name = if filter.trim().is_empty() {
        session.selection_span().map(|s| s.text).unwrap_or_default()
    } else {
        filter.trim().to_string()
    };
    if !new_name.is_empty() {
        choices.push((
            SpeakerChoice::New(new_name.clone()),
            format!("New speaker \u{201c}{new_name}\u{201d}"),
        ));
    }
    let (down, up, enter, escape) = ui.input(|i| {
        (
            i.key_pressed(Key::ArrowDown),
            i.key_pressed(Key::ArrowUp),
            i.key_pressed(Key::Enter),
            i.key_pressed(Key::Escape),
        )
    });
    if down {
        highlighted = (highlighted + 1).min(choices.len().saturating_sub(1));
    }
    if up {
        highlighted = highlighted.saturating_sub(1);
    }
    highlighted = highlighted.min(choices.len().saturating_sub(1));
    let mut picked = None;
    for (i, (choice, text)) in choices.iter().enumerate() {
        if ui.selectable_label(i == highlighted, text).clicked() {
            picked = Some(choice.clone());
        }
    }
    ui.label(
        RichText::new("Up/Down choose, Enter picks, Esc cancels")
            .small()
            .weak(),
    );
    if enter {
        picked = choices.get(highlighted).map(|(c, _)| c.clone());
    }
    if let Some(choice) = picked {
        app.speaker_chosen(for_quote, choice);
    } else if escape {
        app.popup = None;
    } else {
        app.popup = Some(Popup::Speaker {
            for_quote,
            filter,
            highlighted,
        });
    }
}

fn target_popup(ui: &mut Ui, app: &mut SaysoApp, mut filter: String) {
    let Some(session) = &mut app.session else {
        return;
    };
    ui.heading("Stance target");
    let response = ui.add(
        egui::TextEdit::singleline(&mut filter)
            .hint_text("type to filter, or a new target")
            .desired_width(f32::INFINITY),
    );
    focus_once(ui, &response);
    let needle = filter.to_lowercase();
    let targets: Vec<String> = session
        .project
        .schema
        .stance_targets
        .iter()
        .map(|t| t.name.clone())
        .filter(|t| t.to_lowercase().contains(&needle))
        .collect();
    let mut picked = None;
    for t in &targets {
        if ui
            .selectable_label(session.target.as_deref() == Some(t.as_str()), t)
            .clicked()
        {
            picked = Some(t.clone());
        }
    }
    let enter = ui.input(|i| i.key_pressed(Key::Enter));
    if enter {
        picked = targets
            .first()
            .cloned()
            .filter(|_| !filter.is_empty() && targets.len() == 1)
            .or_else(|| (!filter.trim().is_empty()).then(|| filter.trim().to_string()));
    }
    ui.label(
        RichText::new("Enter picks the only match, or adds what you typed as a new target")
            .small()
            .weak(),
    );
    match picked {
        Some(t) => {
            session.choose_target(&t);
            app.popup = None;
        }
        None if ui.input(|i| i.key_pressed(Key::Escape)) => app.popup = None,
        None => app.popup = Some(Popup::Target { filter }),
    }
}

fn path_popup(ui: &mut Ui, app: &mut SaysoApp, purpose: PathPurpose, mut path: String) {
    ui.heading(match purpose {
        PathPurpose::OpenProject => "Open a project",
        PathPurpose::NewProject => "New project",
        PathPurpose::AddArticles => "Add articles",
        PathPurpose::SaveAs => "Save the project in a folder",
        PathPurpose::ImportPredictions => "Import predictions",
    });
    ui.label(match purpose {
        PathPurpose::AddArticles => {
            "Article files (separate several with ;) — or pick them in the file dialog"
        }
        PathPurpose::ImportPredictions => {
            "A sayso .jsonl file, a brat .ann file or folder, or citron .json: it becomes the layer model:<file name>, shown for review"
        }
        _ => "Folder path — or pick it in the file dialog",
    });
    let response = ui.add(egui::TextEdit::singleline(&mut path).desired_width(f32::INFINITY));
    focus_once(ui, &response);
    let enter = ui.input(|i| i.key_pressed(Key::Enter));
    let mut go = false;
    ui.horizontal(|ui| {
        go = ui.button("OK").clicked();
        if ui.button("Cancel").clicked() {
            app.popup = None;
        }
    });
    if (go || enter) && !path.trim().is_empty() {
        let paths = path
            .split(';')
            .map(|p| std::path::PathBuf::from(p.trim()))
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        app.path_chosen(purpose, paths);
    } else if app.popup.is_some() {
        app.popup = Some(Popup::Path { purpose, path });
    }
}

fn annotator_popup(ui: &mut Ui, app: &mut SaysoApp, mut name: String) {
    ui.heading("Welcome to sayso");
    ui.label("Your name, as the layer your annotations are saved in (asked once):");
    let response = ui.add(egui::TextEdit::singleline(&mut name).desired_width(f32::INFINITY));
    focus_once(ui, &response);
    let ok = ui.button("Start").clicked() || ui.input(|i| i.key_pressed(Key::Enter));
    if ok && !name.trim().is_empty() {
        let name = name.trim().to_string();
        app.settings.annotator = Some(name.clone());
        if let Some(s) = &mut app.session {
            s.layer = name;
            s.revision += 1;
        }
        app.popup = None;
    } else {
        app.popup = Some(Popup::Annotator { name });
    }
}

fn delete_popup(ui: &mut Ui, app: &mut SaysoApp, id: String) {
    let Some(session) = &mut app.session else {
        return;
    };
    let Some(s) = session.layer().speaker(&id).cloned() else {
        app.popup = None;
        return;
    };
    ui.heading(format!("Delete {}?", s.name));
    ui.label(format!(
        "This removes the speaker and its {} mentions; its quotes lose their speaker and its stances go. Undo (Ctrl+Z) brings it back.",
        s.mentions.len()
    ));
    ui.horizontal(|ui| {
        if ui.button("Delete").clicked() {
            if let Some(edit) = crate::model::Edit::remove_speaker(session.layer(), &id)
                && let Err(e) = session.apply(edit)
            {
                session.error(e);
            }
            app.popup = None;
        }
        if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            app.popup = None;
        }
    });
}

fn help_popup(ui: &mut Ui, app: &mut SaysoApp) {
    ui.heading("Keyboard shortcuts");
    egui::Grid::new("help").striped(true).show(ui, |ui| {
        for c in Command::ALL {
            ui.label(c.label());
            ui.label(RichText::new(c.shortcut_text(ui.ctx())).monospace());
            ui.end_row();
        }
        if let Some(s) = &app.session {
            for l in &s.project.schema.stance_labels {
                ui.label(format!(
                    "Stance \u{201c}{}\u{201d} (quote selected)",
                    l.name
                ));
                ui.label(RichText::new(l.key.map(String::from).unwrap_or_default()).monospace());
                ui.end_row();
            }
        }
        ui.label("Select with character precision");
        ui.label(RichText::new("Alt+drag").monospace());
        ui.end_row();
        ui.label("Mark a range of noise lines");
        ui.label(RichText::new("Shift+click in the gutter").monospace());
        ui.end_row();
    });
    if ui.button("Close").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
        app.popup = None;
    }
}
