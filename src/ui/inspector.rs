//! The inspector (right): the text selection and what a key will make of it, the selected
//! annotation with its fields, the document's speakers and its stances.

use egui::{RichText, Ui};

use super::intent::{Popup, Queue, reveal};
use super::style;
use crate::session::{Action, Selected, Session, SpeakerChoice};

/// The width of the quote's speaker and source fields: long names are cut, not widened.
const SPEAKER_FIELD: f32 = 220.0;

pub fn inspector(ui: &mut Ui, session: &Session, queue: &mut Queue) {
    // Everything wraps: a long quote or target never widens the panel over the article.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    egui::ScrollArea::vertical()
        .id_salt("inspector")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui.set_max_width(ui.available_width());
            selection(ui, session);
            selected_annotation(ui, session, queue);
            ui.separator();
            speakers(ui, session, queue);
            ui.separator();
            stances(ui, session, queue);
        });
}

/// The text selection, when there is one: what a key will tag, exactly.
fn selection(ui: &mut Ui, session: &Session) {
    let Some(span) = session.selection_span() else {
        return;
    };
    ui.heading("Selection");
    ui.label(RichText::new(format!("\u{201c}{}\u{201d}", shorten(&span.text, 200))).italics());
    ui.label(
        RichText::new(format!("characters {}..{}", span.start, span.end))
            .small()
            .weak(),
    );
    let keys = match session.selected_quote() {
        Some(q) => format!(
            "S speaker · Q quote · C cue of {} · F part of {}",
            q.id, q.id
        ),
        None => "S speaker · Q quote · N noise".to_string(),
    };
    ui.label(RichText::new(keys).small());
    ui.separator();
}

fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn selected_annotation(ui: &mut Ui, session: &Session, queue: &mut Queue) {
    let selecting = session.selection_span().is_some();
    if selecting && session.selected().is_none() {
        return;
    }
    ui.heading(if selecting {
        "Selected annotation"
    } else {
        "Selected"
    });
    let layer = session.layer();
    match session.selected().cloned() {
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
            let Some(q) = layer.quote(&id) else {
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
                        for k in &session.project().schema.quote_kinds {
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
                    .width(SPEAKER_FIELD)
                    .truncate()
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
                    .map_or(&[][..], |s| s.mentions.as_slice());
                let shown = source
                    .as_ref()
                    .map_or("none".to_string(), |s| format!("{} ({})", s.text, s.start));
                egui::ComboBox::from_id_salt("quote source")
                    .selected_text(shown)
                    .width(SPEAKER_FIELD)
                    .truncate()
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut source, None, "none");
                        for m in mentions.iter().cloned() {
                            let text = format!("{} ({})", m.text, m.start);
                            ui.selectable_value(&mut source, Some(m), text);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
            });
            source_offer(ui, session, q, queue);
            if kind != q.kind {
                queue.act(Action::SetQuoteKind(kind));
            }
            if source != q.source && speaker == q.speaker {
                queue.act(Action::SetQuoteSource(source));
            }
            if speaker != q.speaker {
                queue.act(Action::SetQuoteSpeaker(
                    speaker.map(SpeakerChoice::Existing),
                ));
            }
            note_field(ui, session, &q.id, queue);
            let mut label = None;
            // The stance this quote shows: its speaker's toward the current target, if
            // this quote is its evidence.
            let current = layer
                .stances
                .iter()
                .find(|t| {
                    Some(&t.holder) == q.speaker.as_ref()
                        && Some(t.target.as_str()) == session.target()
                        && t.evidence.contains(&q.id)
                })
                .map(|t| t.label.clone());
            ui.horizontal_wrapped(|ui| {
                ui.label("Stance:");
                for l in &session.project().schema.stance_labels {
                    let key = l.key.map(|k| format!(" {k}")).unwrap_or_default();
                    let on = current.as_deref() == Some(l.name.as_str());
                    let button = ui.add(egui::Button::selectable(on, format!("{}{key}", l.name)));
                    let button = match &l.description {
                        Some(d) => button.on_hover_text(d),
                        None => button,
                    };
                    if button.clicked() {
                        label = Some(l.name.clone());
                    }
                }
            });
            if let Some(l) = label {
                queue.act(Action::SetStance(l));
            }
        }
    }
}

/// The subject of the quote's cue clause, offered as its source (and a mention of its
/// speaker) when it is not that yet; before a speaker is picked, a hint that `S` offers it.
fn source_offer(ui: &mut Ui, session: &Session, q: &crate::model::Quote, queue: &mut Queue) {
    let layer = session.layer();
    match q.speaker.as_deref() {
        Some(id) => {
            let Some(offer) = session.source_offer(Some(id)) else {
                return;
            };
            let name = layer.speaker(id).map_or("?", |s| s.name.as_str());
            let button = ui
                .add(
                    egui::Button::new(format!(
                        "Source from the cue: \u{201c}{}\u{201d}",
                        offer.span.text
                    ))
                    .wrap(),
                )
                .on_hover_text(format!(
                    "The subject of the cue\u{2019}s clause becomes this quote\u{2019}s source and a mention of {name} (one step; Ctrl+Z undoes it)"
                ));
            if button.clicked() {
                queue.act(Action::SourceFromClause(None));
            }
        }
        None => {
            if let Some(offer) = session.source_offer(None) {
                ui.label(
                    RichText::new(format!(
                        "The cue names \u{201c}{}\u{201d}: pick the speaker above, then take it as the source",
                        offer.span.text
                    ))
                    .small()
                    .weak(),
                );
            }
        }
    }
}

/// The note on annotation `id`, saved as an edit when the field loses focus.
fn note_field(ui: &mut Ui, session: &Session, id: &str, queue: &mut Queue) {
    let key = egui::Id::unique(("note", session.doc_index(), id.to_string()));
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
        if text != stored {
            queue.act(Action::SetNote {
                id: id.to_string(),
                text,
            });
        }
    }
}

fn speakers(ui: &mut Ui, session: &Session, queue: &mut Queue) {
    ui.heading("Speakers");
    let layer = session.layer();
    if layer.speakers.is_empty() {
        ui.label(RichText::new("None yet: select a name and press S.").weak());
    }
    let kinds: Vec<String> = session
        .project()
        .schema
        .speaker_kinds
        .iter()
        .map(|k| k.name.clone())
        .collect();
    for (i, s) in layer.speakers.iter().enumerate() {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, style::speaker_colour(i));
            let selected = session.selected() == Some(&Selected::Speaker(s.id.clone()));
            // The name takes what the menu button and the kind leave, cut with "…" if it
            // is longer (the whole name in its tooltip).
            let kind = RichText::new(&s.kind).small().weak();
            let kind_width = ui
                .painter()
                .layout_no_wrap(
                    s.kind.clone(),
                    egui::TextStyle::Small.resolve(ui.style()),
                    egui::Color32::WHITE,
                )
                .size()
                .x;
            let room = (ui.available_width() - kind_width - 48.0).max(60.0);
            let name = format!("{} ({})", s.name, s.mentions.len());
            let row = ui
                .scope(|ui| {
                    ui.set_max_width(room);
                    ui.add(egui::Button::selectable(selected, name.as_str()).truncate())
                })
                .inner
                .on_hover_text(&name);
            if row.clicked() {
                queue.push(reveal(Selected::Speaker(s.id.clone())));
            }
            ui.menu_button("…", |ui| {
                // Renaming in a popup of its own: a text field inside a menu loses the
                // keyboard and the menu with one click.
                if ui.button("Rename…").clicked() {
                    queue.popup(Popup::RenameSpeaker {
                        id: s.id.clone(),
                        name: s.name.clone(),
                    });
                    ui.close();
                }
                ui.menu_button("Kind", |ui| {
                    for k in &kinds {
                        if ui.selectable_label(&s.kind == k, k).clicked() {
                            queue.act(Action::SetSpeakerKind {
                                id: s.id.clone(),
                                kind: k.clone(),
                            });
                            ui.close();
                        }
                    }
                });
                ui.menu_button("Merge into", |ui| {
                    for other in layer.speakers.iter().filter(|o| o.id != s.id) {
                        if ui.button(&other.name).clicked() {
                            queue.act(Action::MergeSpeakers {
                                keep: other.id.clone(),
                                gone: s.id.clone(),
                            });
                            ui.close();
                        }
                    }
                });
                if ui.button("Delete…").clicked() {
                    queue.popup(Popup::DeleteSpeaker(s.id.clone()));
                    ui.close();
                }
            });
            ui.label(kind);
        });
    }
}

fn stances(ui: &mut Ui, session: &Session, queue: &mut Queue) {
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
    let current = session.target().unwrap_or("none").to_string();
    let mut chosen = None;
    egui::ComboBox::from_id_salt("target")
        .selected_text(current)
        .width(ui.available_width() - 8.0)
        .truncate()
        .show_ui(ui, |ui| {
            for t in &session.project().schema.stance_targets {
                if ui
                    .selectable_label(session.target() == Some(t.name.as_str()), &t.name)
                    .clicked()
                {
                    chosen = Some(t.name.clone());
                }
            }
        })
        .response
        .labelled_by(label.id);
    if let Some(t) = chosen {
        queue.act(Action::ChooseTarget(t));
    }
    if new_target {
        queue.popup(Popup::target());
    }
    let layer = session.layer();
    for t in &layer.stances {
        let holder = layer
            .speaker(&t.holder)
            .map_or(t.holder.as_str(), |s| s.name.as_str());
        // At most three quotes named; all of them, with their words, in the tooltip.
        let evidence = match t.evidence.len() {
            0..=3 => t.evidence.join(", "),
            n => format!("{} +{}", t.evidence[..3].join(", "), n - 3),
        };
        let text = format!("{holder}: {} toward {} ({evidence})", t.label, t.target);
        let selected = session.selected() == Some(&Selected::Stance(t.id.clone()));
        let mut tip = format!("{holder}: {} toward {}", t.label, t.target);
        for q in &t.evidence {
            let words = layer
                .quote(q)
                .and_then(|q| q.content.first())
                .map_or(String::new(), |c| shorten(&c.text, 90));
            tip.push_str(&format!("\n{q}: {words}"));
        }
        // Wrapped at spaces, and inside a word too long for the panel.
        let row = ui.scope(|ui| {
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
            let job = egui::text::LayoutJob {
                wrap: egui::text::TextWrapping {
                    max_width: ui.available_width() - 2.0 * ui.spacing().button_padding.x,
                    break_anywhere: true,
                    ..Default::default()
                },
                ..egui::text::LayoutJob::simple(
                    text.clone(),
                    egui::TextStyle::Button.resolve(ui.style()),
                    ui.visuals().text_color(),
                    ui.available_width() - 2.0 * ui.spacing().button_padding.x,
                )
            };
            ui.add(egui::Button::selectable(selected, job).wrap())
        });
        if row.inner.on_hover_text(tip).clicked() {
            queue.push(reveal(Selected::Stance(t.id.clone())));
        }
    }
}
