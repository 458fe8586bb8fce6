//! The popups: the speaker and target pickers (next to the selection), path, annotator,
//! rename and delete dialogs, and the keyboard help. Each draws from a `&Session` and
//! pushes what the user chose; a popup's text field takes the keyboard when it opens.

use egui::{Key, RichText, Ui};

use super::intent::{Intent, PathPurpose, Popup, Queue, speaker_picked};
use crate::session::{Action, Session, SpeakerChoice};
use crate::text::fold;

/// The contents of a popup, in whatever container it is shown.
fn popup_contents(ui: &mut Ui, session: Option<&Session>, popup: Popup, queue: &mut Queue) {
    ui.set_width(420.0);
    match popup {
        Popup::Speaker {
            for_quote,
            filter,
            highlighted,
            from_clause,
        } => speaker_popup(
            ui,
            session,
            for_quote,
            filter,
            highlighted,
            from_clause,
            queue,
        ),
        Popup::Target { filter, confirm } => target_popup(ui, session, filter, confirm, queue),
        Popup::Path { purpose, path } => path_popup(ui, purpose, path, queue),
        Popup::Annotator { name } => annotator_popup(ui, name, queue),
        Popup::RenameSpeaker { id, name } => rename_popup(ui, session, id, name, queue),
        Popup::DeleteSpeaker(id) => delete_popup(ui, session, id, queue),
        Popup::Help => help_popup(ui, session, queue),
    }
}

/// A popup's text field. It takes the keyboard in the popup's first frame, whatever had
/// it before (the find bar, a note, a menu button), so letters typed after the popup
/// opened reach it and never run as shortcuts (the window draws a popup in the frame
/// that opened it, see `SaysoApp::frame`).
/// With `select_all` its text starts selected, so typing replaces it. Later frames leave
/// focus alone (asking every frame fights egui's focus handling).
fn field(ui: &mut Ui, text: &mut String, hint: &str, select_all: bool) -> egui::Response {
    let response = ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    );
    let id = response.id;
    if ui.data(|d| d.get_temp::<FocusedOnce>(id)).is_none() {
        response.request_focus();
        ui.data_mut(|d| d.insert_temp(id, FocusedOnce));
        if select_all {
            let mut state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
            let all = egui::text_selection::CCursorRange::two(
                egui::text::CCursor::new(0),
                egui::text::CCursor::new(text.chars().count()),
            );
            state.cursor.set_char_range(Some(all));
            state.store(ui.ctx(), id);
        }
    }
    response
}

/// Marks a popup field that was given the keyboard (a type of its own, so forgetting these
/// marks touches nothing else in egui's memory).
#[derive(Debug, Clone, Copy)]
struct FocusedOnce;

/// Marks that a popup was drawn, so the frame after it closes forgets its focus marks.
const OPEN: &str = "sayso popup was open";

/// Forgets which popups' fields were focused, so the next popup focuses its field again;
/// once, in the first frame without a popup (not a sweep of egui's memory every frame).
fn forget_focus(ctx: &egui::Context) {
    let id = egui::Id::unique(OPEN);
    if ctx.data_mut(|d| d.remove_temp::<bool>(id)).is_some() {
        ctx.data_mut(|d| d.remove_by_type::<FocusedOnce>());
    }
}

/// Draws the open popup, if any; a picker leaves `keep_clear` in view (the selection and
/// the rows after it, see `TextView::keep_clear`).
pub fn popup(
    ctx: &egui::Context,
    popup: Option<&Popup>,
    session: Option<&Session>,
    keep_clear: Option<egui::Rect>,
    queue: &mut Queue,
) {
    let Some(popup) = popup.cloned() else {
        forget_focus(ctx);
        return;
    };
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique(OPEN), true));
    // Escape closes any popup but the first-start one, read before a text field takes
    // the key for itself.
    if !matches!(popup, Popup::Annotator { .. }) && ctx.input(|i| i.key_pressed(Key::Escape)) {
        queue.close_popup();
        return;
    }
    // Pickers open next to the selection, never over it or the words after it.
    if let Popup::Speaker { .. } | Popup::Target { .. } = popup {
        let id = egui::Id::unique("sayso picker");
        // Its size in the last frame (a picker grows and shrinks little as one types).
        let size = ctx
            .memory(|m| m.area_rect(id))
            .map_or(egui::vec2(440.0, 280.0), |r| r.size());
        let at = picker_pos(ctx.content_rect(), keep_clear, size);
        egui::Area::new(id)
            .order(egui::Order::Foreground)
            .fixed_pos(at)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style())
                    .show(ui, |ui| popup_contents(ui, session, popup, queue));
            });
        return;
    }
    let annotator = matches!(popup, Popup::Annotator { .. });
    let modal = egui::Modal::new(egui::Id::unique("sayso popup"))
        .show(ctx, |ui| popup_contents(ui, session, popup, queue));
    if modal.should_close() && !annotator {
        queue.close_popup();
    }
}

/// Where a picker of `size` goes on `screen`: under `keep_clear` (the selection and the
/// rows after it) if it fits there, else above it, else beside the text at the screen's
/// edge; aligned with the text column's left edge. Centred when nothing is selected.
fn picker_pos(screen: egui::Rect, keep_clear: Option<egui::Rect>, size: egui::Vec2) -> egui::Pos2 {
    const GAP: f32 = 6.0;
    let Some(keep) = keep_clear else {
        return screen.center() - size / 2.0;
    };
    let x = keep
        .left()
        .min(screen.right() - size.x - GAP)
        .max(screen.left());
    if keep.bottom() + GAP + size.y <= screen.bottom() {
        egui::pos2(x, keep.bottom() + GAP)
    } else if keep.top() - GAP - size.y >= screen.top() {
        egui::pos2(x, keep.top() - GAP - size.y)
    } else {
        // A selection as tall as the screen: at the right edge, over the inspector.
        egui::pos2(screen.right() - size.x - GAP, screen.top() + GAP)
    }
}

fn speaker_popup(
    ui: &mut Ui,
    session: Option<&Session>,
    for_quote: bool,
    mut filter: String,
    mut highlighted: usize,
    mut from_clause: bool,
    queue: &mut Queue,
) {
    let Some(session) = session else { return };
    ui.heading(if for_quote {
        "Who said it?"
    } else {
        "Mention of which speaker?"
    });
    // Alt and a kind's key (or S) are the picker's own keys: the text X11 sends with them
    // is not typed into the filter.
    ui.input_mut(|i| {
        let keys: Vec<String> = i
            .events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } if modifiers.alt => Some(key.symbol_or_name().to_lowercase()),
                _ => None,
            })
            .collect();
        i.events
            .retain(|e| !matches!(e, egui::Event::Text(t) if keys.contains(&t.to_lowercase())));
    });
    field(ui, &mut filter, "type to filter, or a new name", false);
    // For a quote: the subject of its cue's clause, untagged, can become its source and a
    // mention of the speaker picked (on by default; Alt+S or a click turns it off).
    // Read once a frame: the suggester's rules on the quote's paragraph.
    let subject = for_quote.then(|| session.clause_subject()).flatten();
    let offer = (subject.clone()).and_then(|s| session.offers_source(None, s));
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
    // The selection's words, a possessive left out as the mention leaves it out
    // ("Lavrov's" names Lavrov), and the article and titles before a name as the
    // guidelines name speakers ("President Bashar al-Assad": Bashar al-Assad).
    let new_name = if filter.trim().is_empty() {
        session
            .selection_span()
            .map(|s| {
                let name = crate::model::guidelines::strip_possessive(&s.text);
                if for_quote {
                    name.to_string()
                } else {
                    crate::suggest::ask::speaker_name(name).to_string()
                }
            })
            .or_else(|| offer.as_ref().map(|o| o.name.clone()))
            .unwrap_or_default()
    } else {
        filter.trim().to_string()
    };
    // A pronoun ("its", "he") names nobody: no speaker is made after it, nor found in it.
    let pronoun = filter.trim().is_empty() && crate::suggest::ask::is_pronoun(&new_name);
    // The kind a new speaker gets unless another is asked for: the one its name suggests
    // (or the clause's whole phrase: "the United Nations" is a body).
    // A name that says nothing of its kind takes the kind of the words it was taken from:
    // the clause's phrase, or the selection the name was typed for ("United Nations"
    // typed for "the United Nations").
    let mut guessed = session.guessed_kind(&new_name);
    let name = fold::fold(&new_name);
    let phrases = [
        offer.as_ref().map(|o| o.span.text.clone()),
        session.selection_span().map(|s| s.text),
    ];
    for phrase in phrases.into_iter().flatten() {
        if guessed == session.guessed_kind("") && fold::fold(&phrase).contains(&name) {
            guessed = session.guessed_kind(&phrase);
        }
    }
    if !new_name.is_empty() && !pronoun {
        let new = (
            SpeakerChoice::New {
                name: new_name.clone(),
                kind: Some(guessed.clone()),
            },
            format!("New speaker \u{201c}{new_name}\u{201d} ({guessed})"),
        );
        // A mention whose words name no speaker yet is most likely a new one: Enter makes
        // it, rather than tagging it as whoever is nearest.
        let named = |s: &crate::model::Speaker| {
            fold::fold(&s.name).contains(&fold::fold(&new_name))
                || s.mentions
                    .iter()
                    .any(|m| fold::fold(&m.text) == fold::fold(&new_name))
        };
        // So is the name a quote's cue clause gives when no speaker has it; when one has
        // it, that speaker comes first ("Lavrov" said it: Sergei Lavrov, not whoever was
        // named nearer).
        let fresh =
            filter.trim().is_empty() && !pronoun && !session.layer().speakers.iter().any(named);
        // A mention's words that name a speaker already (its name, or one of its
        // mentions: "Moscow" of Russia) bring that speaker first.
        let names_it = !for_quote && !pronoun;
        if filter.trim().is_empty()
            && (names_it || offer.as_ref().is_some_and(|o| o.name == new_name))
            && let Some(at) = choices.iter().position(|(c, _)| {
                matches!(c, SpeakerChoice::Existing(id)
                    if session.layer().speaker(id).is_some_and(named))
            })
        {
            let first = choices.remove(at);
            choices.insert(0, first);
        }
        let clause_names_it = offer.as_ref().is_some_and(|o| o.name == new_name);
        if fresh && (!for_quote || clause_names_it) {
            choices.insert(0, new);
        } else {
            choices.push(new);
        }
    }
    // For a quote, the speaker its cue's clause names comes first ("He made clear…", "He"
    // a mention of Lavrov: Lavrov, not Russia named in between).
    if filter.trim().is_empty()
        && let Some(subject) = &subject
        && let Some(id) = crate::model::guidelines::clause_speaker(session.layer(), subject)
            .map(|s| s.id.as_str())
        && let Some(at) =
            (choices.iter()).position(|(c, _)| matches!(c, SpeakerChoice::Existing(s) if *s == id))
    {
        let first = choices.remove(at);
        choices.insert(0, first);
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
    if let Some(o) = &offer {
        let toggled = ui.input_mut(|i| i.consume_key(egui::Modifiers::ALT, Key::S));
        let text = format!(
            "Source \u{201c}{}\u{201d} (the cue\u{2019}s subject), a mention of the speaker picked",
            o.span.text
        );
        let shortcut = RichText::new("Alt+S").small().weak();
        ui.horizontal(|ui| {
            let changed = ui.checkbox(&mut from_clause, text).changed();
            ui.label(shortcut);
            if toggled && !changed {
                from_clause = !from_clause;
            }
        });
    }
    let mut picked = None;
    for (i, (choice, text)) in choices.iter().enumerate() {
        if ui.selectable_label(i == highlighted, text).clicked() {
            picked = Some(choice.clone());
        }
    }
    // A new speaker of another kind at once: a button per kind, or Alt and its key.
    if !new_name.is_empty() && !pronoun {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("New, as:").small());
            for kind in &session.project().schema.speaker_kinds {
                let key = kind.key.map(|k| format!("Alt+{k}")).unwrap_or_default();
                let pressed = kind
                    .key
                    .and_then(super::keys::key_of)
                    .is_some_and(|k| ui.input_mut(|i| i.consume_key(egui::Modifiers::ALT, k)));
                // The guessed kind is shown chosen: Enter on the new speaker makes it one.
                let button = egui::Button::selectable(
                    kind.name == guessed,
                    RichText::new(&kind.name).small(),
                )
                .shortcut_text(RichText::new(key).small());
                let button = ui.add(button);
                let button = match &kind.description {
                    Some(d) => button.on_hover_text(d),
                    None => button,
                };
                if button.clicked() || pressed {
                    picked = Some(SpeakerChoice::New {
                        name: new_name.clone(),
                        kind: Some(kind.name.clone()),
                    });
                }
            }
        });
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
        queue.close_popup();
        if offer.is_some() && from_clause {
            queue.act(Action::SourceFromClause(Some(choice)));
        } else {
            queue.act(speaker_picked(for_quote, choice));
        }
    } else if escape {
        queue.close_popup();
    } else {
        queue.popup(Popup::Speaker {
            for_quote,
            filter,
            highlighted,
            from_clause,
        });
    }
}

fn target_popup(
    ui: &mut Ui,
    session: Option<&Session>,
    mut filter: String,
    confirm: bool,
    queue: &mut Queue,
) {
    let Some(session) = session else {
        return;
    };
    ui.heading("Stance target");
    let before = filter.clone();
    field(ui, &mut filter, "type to filter, or a new target", false);
    let typed = filter.trim().to_string();
    let all = &session.project().schema.stance_targets;
    // Matches: every word typed, accents and case aside; then near duplicates of what was
    // typed, so "the draft UN Security Council resolution" finds "the draft UN resolution".
    let targets: Vec<String> = all
        .iter()
        .map(|t| t.name.clone())
        .filter(|t| fold::matches(&typed, t))
        .collect();
    let near: Vec<String> = all
        .iter()
        .map(|t| t.name.clone())
        .filter(|t| !targets.contains(t) && fold::similar(&typed, t))
        .collect();
    let mut picked = None;
    for t in targets.iter().chain(&near) {
        let row = ui.selectable_label(session.target() == Some(t.as_str()), t);
        let description = all
            .iter()
            .find(|l| l.name == *t)
            .and_then(|l| l.description.as_ref());
        let row = match description {
            Some(d) => row.on_hover_text(d),
            None => row,
        };
        if row.clicked() {
            picked = Some(t.clone());
        }
    }
    let exact = all.iter().any(|t| t.name == typed);
    let mut confirm = confirm && filter == before;
    if ui.input(|i| i.key_pressed(Key::Enter)) && !typed.is_empty() {
        if targets.len() == 1 && near.is_empty() {
            picked = targets.first().cloned();
        } else if exact || near.is_empty() && targets.is_empty() || confirm {
            picked = Some(typed.clone());
        } else {
            // A new target close to one the project has: ask first.
            confirm = true;
        }
    }
    let hint = if confirm {
        format!(
            "\u{201c}{typed}\u{201d} is close to a target the project has: pick that one, or press Enter again to add it as new"
        )
    } else {
        "Enter picks the only match, or adds what you typed as a new target".to_string()
    };
    let hint = RichText::new(hint).small();
    ui.label(if confirm {
        hint.color(ui.visuals().warn_fg_color)
    } else {
        hint.weak()
    });
    match picked {
        Some(t) => {
            queue.close_popup();
            queue.act(Action::ChooseTarget(t));
        }
        None if ui.input(|i| i.key_pressed(Key::Escape)) => queue.close_popup(),
        None => queue.popup(Popup::Target { filter, confirm }),
    }
}

fn path_popup(ui: &mut Ui, purpose: PathPurpose, mut path: String, queue: &mut Queue) {
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
    field(ui, &mut path, "", false);
    let enter = ui.input(|i| i.key_pressed(Key::Enter));
    let mut go = false;
    let mut cancel = false;
    ui.horizontal(|ui| {
        go = ui.button("OK").clicked();
        cancel = ui.button("Cancel").clicked();
    });
    if (go || enter) && !path.trim().is_empty() {
        let paths = path
            .split(';')
            .map(|p| std::path::PathBuf::from(p.trim()))
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        queue.close_popup();
        queue.push(Intent::Path(purpose, paths));
    } else if cancel {
        queue.close_popup();
    } else {
        queue.popup(Popup::Path { purpose, path });
    }
}

fn annotator_popup(ui: &mut Ui, mut name: String, queue: &mut Queue) {
    ui.heading("Welcome to sayso");
    ui.label("Your name, as the layer your annotations are saved in (asked once):");
    field(ui, &mut name, "your name", true);
    let ok = ui.button("Start").clicked() || ui.input(|i| i.key_pressed(Key::Enter));
    if ok && !name.trim().is_empty() {
        queue.close_popup();
        queue.push(Intent::Annotator(name.trim().to_string()));
    } else {
        queue.popup(Popup::Annotator { name });
    }
}

fn rename_popup(
    ui: &mut Ui,
    session: Option<&Session>,
    id: String,
    mut name: String,
    queue: &mut Queue,
) {
    let Some(s) = session.and_then(|s| s.layer().speaker(&id)) else {
        queue.close_popup();
        return;
    };
    ui.heading(format!("Rename {}", s.name));
    field(ui, &mut name, "the speaker's name", true);
    let enter = ui.input(|i| i.key_pressed(Key::Enter));
    let (mut ok, mut cancel) = (false, false);
    ui.horizontal(|ui| {
        ok = ui.button("Rename").clicked();
        cancel = ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape));
    });
    if (ok || enter) && !name.trim().is_empty() {
        queue.close_popup();
        queue.act(Action::RenameSpeaker { id, name });
    } else if cancel {
        queue.close_popup();
    } else {
        queue.popup(Popup::RenameSpeaker { id, name });
    }
}

fn delete_popup(ui: &mut Ui, session: Option<&Session>, id: String, queue: &mut Queue) {
    let Some(s) = session.and_then(|s| s.layer().speaker(&id)) else {
        queue.close_popup();
        return;
    };
    ui.heading(format!("Delete {}?", s.name));
    ui.label(format!(
        "This removes the speaker and its {} mentions; its quotes lose their speaker and its stances go. Undo (Ctrl+Z) brings it back.",
        s.mentions.len()
    ));
    ui.horizontal(|ui| {
        if ui.button("Delete").clicked() {
            queue.close_popup();
            queue.act(Action::DeleteSpeaker(id.clone()));
        }
        if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            queue.close_popup();
        }
    });
}

fn help_popup(ui: &mut Ui, session: Option<&Session>, queue: &mut Queue) {
    ui.heading("Keyboard shortcuts");
    let schema = session.map(|s| &s.project().schema);
    egui::ScrollArea::vertical()
        .max_height(520.0)
        .show(ui, |ui| {
            egui::Grid::new("help").striped(true).show(ui, |ui| {
                for (what, keys) in super::command::help_rows(ui.ctx(), schema) {
                    ui.label(what);
                    ui.label(RichText::new(keys).monospace());
                    ui.end_row();
                }
            });
        });
    if ui.button("Close").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
        queue.close_popup();
    }
}
