//! The real window, driven headless with egui_kittest: open the demo project, switch to
//! the article with CRLF line ends, emoji and Cyrillic names, select with the mouse, tag
//! from the keyboard, toggle noise from the gutter and with N, undo, redo, save, and check
//! that the saved RON holds exactly what was done, in code points.

mod common;
use common::demo_copy;

use std::path::{Path, PathBuf};

use egui::{Event, Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sayso::model::{Layer, Status};
use sayso::session::{Action, Selected};
use sayso::ui::SaysoApp;

const DOC: &str = "climate-summit-2023";

fn app(project: &Path) -> Harness<'static, SaysoApp> {
    common::window(project, 2600.0)
}

/// Code points of `needle` (its `nth` occurrence) in the article as a user's tool would
/// count them: the raw file with CRLF turned into LF.
fn code_points(article: &Path, needle: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(article)
        .unwrap()
        .replace("\r\n", "\n");
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the article"));
    let start = text[..at].chars().count();
    (start, start + needle.chars().count())
}

/// Byte offset of `needle` in the open document.
fn byte_of(h: &Harness<'_, SaysoApp>, needle: &str) -> usize {
    let session = session(h);
    session
        .document()
        .text
        .as_str()
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the document"))
}

fn screen(h: &Harness<'_, SaysoApp>, byte: usize) -> Pos2 {
    h.state()
        .view
        .screen_pos(byte)
        .unwrap_or_else(|| panic!("byte {byte} is not on screen"))
}

use common::settle;

/// Drags with the mouse across the first occurrence of `needle`, from inside its second
/// character to inside the last character of its prefix `until` (a word-snapping
/// selection starting and ending mid-word), as a user does.
fn drag(h: &mut Harness<'_, SaysoApp>, needle: &str, until: &str) {
    assert!(needle.starts_with(until));
    let base = byte_of(h, needle);
    let a = base + needle.chars().next().unwrap().len_utf8();
    let b = base + until.len() - until.chars().last().unwrap().len_utf8();
    let (pa, pb) = (screen(h, a), screen(h, b));
    h.drag_at(pa);
    h.step();
    h.hover_at(pa + (pb - pa) * 0.5);
    h.step();
    h.hover_at(pb);
    h.step();
    h.drop_at(pb);
    settle(h);
}

/// A mouse click at `at`: move there, press, release.
fn click(h: &mut Harness<'_, SaysoApp>, at: Pos2) {
    h.hover_at(at);
    h.step();
    h.drag_at(at);
    h.step();
    h.drop_at(at);
    settle(h);
}

fn press(h: &mut Harness<'_, SaysoApp>, key: Key) {
    h.key_press(key);
    settle(h);
}

fn type_text(h: &mut Harness<'_, SaysoApp>, text: &str) {
    h.event(Event::Text(text.into()));
    settle(h);
}

fn session<'a>(h: &'a Harness<'_, SaysoApp>) -> &'a sayso::session::Session {
    h.state().session.as_ref().expect("a project is open")
}

fn layer(h: &Harness<'_, SaysoApp>) -> Layer {
    session(h).layer().clone()
}

fn selection_text(h: &Harness<'_, SaysoApp>) -> String {
    session(h)
        .selection_span()
        .map(|s| s.text)
        .unwrap_or_default()
}

#[test]
fn annotate_an_article_with_crlf_emoji_and_cyrillic_from_the_keyboard() {
    let dir = demo_copy();
    let article: PathBuf = dir.path().join("articles").join(format!("{DOC}.txt"));
    let mut h = app(dir.path());
    settle(&mut h);
    assert_eq!(session(&h).document().id, "syria-talks-2012");

    // Alt+Down three times: the fourth document.
    for _ in 0..3 {
        h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
        settle(&mut h);
    }
    assert_eq!(session(&h).document().id, DOC);

    // A mention: drag over the Cyrillic name (from mid-word to mid-word), S, a name, Enter.
    drag(&mut h, "Колодуб told", "Колодуб");
    assert_eq!(
        selection_text(&h),
        "Колодуб",
        "the drag snapped to the whole word"
    );
    press(&mut h, Key::S);
    type_text(&mut h, "Yaryna Kolodub");
    press(&mut h, Key::Enter);
    let l = layer(&h);
    assert_eq!(l.speakers.len(), 1);
    assert_eq!(l.speakers[0].name, "Yaryna Kolodub");
    let mention = code_points(&article, "Колодуб told");
    let mention = (mention.0, mention.0 + "Колодуб".chars().count());
    assert_eq!(
        (
            l.speakers[0].mentions[0].start,
            l.speakers[0].mentions[0].end
        ),
        mention
    );

    // A direct quote with a flag and a skin-toned thumb, Q, Enter picks the nearest speaker.
    // From inside the opening quotation mark (the needle starts one space before it).
    drag(
        &mut h,
        " “Ukraine 🇺🇦 will not trade its future for cheap gas 👍🏽,”",
        " “Ukraine 🇺🇦 will not trade its future for cheap gas 👍🏽,”",
    );
    press(&mut h, Key::Q);
    press(&mut h, Key::Enter);
    let l = layer(&h);
    assert_eq!(l.quotes.len(), 1);
    let quote = l.quotes[0].clone();
    assert_eq!(
        quote.content[0].text,
        "“Ukraine 🇺🇦 will not trade its future for cheap gas 👍🏽,”"
    );
    assert_eq!(quote.kind, "direct");
    assert_eq!(
        quote.content[0].text,
        "“Ukraine 🇺🇦 will not trade its future for cheap gas 👍🏽,”"
    );
    assert_eq!(
        (quote.content[0].start, quote.content[0].end),
        code_points(
            &article,
            "“Ukraine 🇺🇦 will not trade its future for cheap gas 👍🏽,”"
        )
    );
    assert_eq!(quote.speaker.as_deref(), Some("s1"));
    // The source is the subject of the cue's clause, "she" (offered by the picker and
    // taken with the same Enter), now also a mention of Kolodub.
    assert_eq!(quote.source.as_ref().map(|s| s.text.as_str()), Some("she"));
    assert_eq!(l.speakers[0].mentions.len(), 2);

    // Its cue: the quote is still selected; drag over "wrote", C.
    drag(&mut h, "wrote on X", "wrote");
    press(&mut h, Key::C);
    let cue = layer(&h).quotes[0].cue.clone().expect("cue set");
    assert_eq!(cue.text, "wrote");
    assert_eq!((cue.start, cue.end), {
        let (s, _) = code_points(&article, "wrote on X");
        (s, s + 5)
    });

    // A stance with a number key: the quote is selected, the target is the first one.
    assert!(matches!(session(&h).selected(), Some(Selected::Quote(_))));
    press(&mut h, Key::Num1);
    let l = layer(&h);
    assert_eq!(l.stances.len(), 1);
    assert_eq!(
        (l.stances[0].holder.as_str(), l.stances[0].label.as_str()),
        ("s1", "favor")
    );
    assert_eq!(l.stances[0].target, "phasing out fossil fuels");
    assert_eq!(l.stances[0].evidence, vec![quote.id.clone()]);

    // Noise: a click in the gutter of line 39 ("Share  𝕏 …"), and N on line 40's caret.
    let gutter = h.state().view.gutter_pos(38).expect("line 39 on screen");
    click(&mut h, gutter);
    assert_eq!(
        layer(&h).noise.iter().map(|n| n.line).collect::<Vec<_>>(),
        vec![38],
        "the gutter click marked line 39"
    );
    let reactions = byte_of(&h, "👍 12");
    let p = screen(&h, reactions + "👍 1".len());
    click(&mut h, p);
    let caret = session(&h).selection();
    assert_eq!(
        caret.map(|(a, _)| session(&h).document().text.line_of_byte(a)),
        Some(39),
        "the click put the caret on line 40"
    );
    press(&mut h, Key::N);
    let noise: Vec<usize> = layer(&h).noise.iter().map(|n| n.line).collect();
    assert_eq!(noise, vec![38, 39]);

    // Number keys right after marking give those lines a category (3: navigation).
    press(&mut h, Key::Num3);
    let categories: Vec<String> = layer(&h).noise.iter().map(|n| n.category.clone()).collect();
    assert_eq!(categories, vec!["dateline", "navigation"]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);

    // Undo takes the N back, redo brings it again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(
        layer(&h).noise.iter().map(|n| n.line).collect::<Vec<_>>(),
        vec![38]
    );
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    settle(&mut h);
    assert_eq!(
        layer(&h).noise.iter().map(|n| n.line).collect::<Vec<_>>(),
        vec![38, 39]
    );

    // Ctrl+S writes the layer file; reading the project back gives exactly this.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut h);
    let file = dir.path().join("annotations").join(DOC).join("tester.ron");
    let saved = std::fs::read_to_string(&file).expect("the layer file was written");
    assert!(saved.contains("text: \"Колодуб\""), "{saved}");
    assert!(saved.contains("🇺🇦") && saved.contains("👍🏽"), "{saved}");
    let reopened = sayso::store::open(dir.path(), sayso::text::DEFAULT_SIZE_LIMIT)
        .unwrap()
        .project;
    let on_disk = reopened.document(DOC).unwrap().layer("tester").unwrap();
    assert_eq!(on_disk, &layer(&h));
    assert_eq!(
        on_disk.status,
        Status::InProgress,
        "the first edit started the work"
    );
    assert!(sayso::model::validate(&reopened).is_empty());
    // The article itself is untouched: still CRLF on disk.
    assert!(
        std::fs::read(&article)
            .unwrap()
            .windows(2)
            .any(|w| w == b"\r\n")
    );
}

#[test]
fn shift_arrows_move_the_end_of_a_selection_by_words_and_alt_by_characters() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    for _ in 0..3 {
        h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
        settle(&mut h);
    }
    let before = layer(&h);
    drag(&mut h, "Minister Ярина", "Minister");
    assert_eq!(selection_text(&h), "Minister");
    let shift = |h: &mut Harness<'_, SaysoApp>, m: Modifiers, key: Key| {
        h.key_press_modifiers(m, key);
        settle(h);
    };
    // Two words on, over the Cyrillic name; one back.
    shift(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    shift(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    assert_eq!(selection_text(&h), "Minister Ярина Колодуб");
    shift(&mut h, Modifiers::SHIFT, Key::ArrowLeft);
    assert_eq!(selection_text(&h), "Minister Ярина");
    // Alt: one character at a time, a whole Cyrillic letter each.
    shift(&mut h, Modifiers::SHIFT | Modifiers::ALT, Key::ArrowLeft);
    assert_eq!(selection_text(&h), "Minister Ярин");
    shift(&mut h, Modifiers::SHIFT | Modifiers::ALT, Key::ArrowRight);
    shift(&mut h, Modifiers::SHIFT | Modifiers::ALT, Key::ArrowRight);
    shift(&mut h, Modifiers::SHIFT | Modifiers::ALT, Key::ArrowRight);
    assert_eq!(selection_text(&h), "Minister Ярина К");
    // Moving a selection is no edit.
    assert_eq!(layer(&h), before);
}

#[test]
fn a_click_selects_an_annotation_and_delete_removes_it_with_undo() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    // Edit the gold layer, which has annotations.
    h.state_mut().act(Action::SetLayer("gold".into()));
    settle(&mut h);
    let before = layer(&h);
    let at = byte_of(&h, "Lavrov told");
    let p = screen(&h, at + 2);
    click(&mut h, p);
    let selected = session(&h).selected().cloned();
    assert!(
        matches!(&selected, Some(Selected::Mention { speaker, .. }) if speaker == "s2"),
        "{selected:?}"
    );
    press(&mut h, Key::Delete);
    assert_eq!(layer(&h).mention_count(), before.mention_count() - 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(layer(&h), before);
}

#[test]
fn clicking_a_speaker_in_the_list_selects_it_and_scrolls_to_its_mentions() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    h.state_mut().act(Action::SetLayer("gold".into()));
    settle(&mut h);
    h.get_by_label("Nicolas Sarkozy (6)").click();
    settle(&mut h);
    let selected = session(&h).selected().cloned();
    assert_eq!(selected, Some(Selected::Speaker("s7".into())));
}

#[test]
fn a_malformed_project_is_explained_in_the_window_with_line_and_column() {
    let dir = demo_copy();
    let file = dir.path().join("project.ron");
    let text = std::fs::read_to_string(&file).unwrap().replacen(
        "name: \"sayso demo\",",
        "name: \"sayso demo\"",
        1,
    );
    std::fs::write(&file, &text).unwrap();
    let mut h = app(dir.path());
    settle(&mut h);
    assert!(h.state().session.is_none());
    let problem = h
        .state()
        .problem
        .clone()
        .expect("the problem is kept for the window");
    assert!(problem.contains("project.ron:4:5:"), "{problem}");
    h.get_by_label_contains("project.ron:4:5:");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        text,
        "nothing was written"
    );
}

#[test]
fn a_note_typed_in_the_inspector_is_an_undoable_edit() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    h.state_mut().act(Action::SetLayer("gold".into()));
    h.state_mut()
        .act(Action::Inspect(Selected::Quote("q3".into())));
    settle(&mut h);
    h.get_by_label("Note").click();
    settle(&mut h);
    type_text(&mut h, "cue could be \"told\" or \"said\"");
    press(&mut h, Key::Escape);
    h.get_by_label("Speakers").click();
    settle(&mut h);
    let notes = layer(&h).notes;
    assert_eq!(
        notes.get("q3").map(String::as_str),
        Some("cue could be \"told\" or \"said\"")
    );
}

#[test]
fn find_goes_from_match_to_match_and_selects_it() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    settle(&mut h);
    type_text(&mut h, "kremlin");
    press(&mut h, Key::Enter);
    let text = session(&h).document().text.as_str().to_string();
    let first = text.find("Kremlin").unwrap();
    assert_eq!(session(&h).find().current, Some(0));
    assert_eq!(
        session(&h).selection(),
        Some((first, first + 7)),
        "case-insensitive"
    );
    press(&mut h, Key::F3);
    let second = first + 7 + text[first + 7..].find("Kremlin").unwrap();
    assert_eq!(session(&h).selection(), Some((second, second + 7)));
    h.key_press_modifiers(Modifiers::SHIFT, Key::F3);
    settle(&mut h);
    assert_eq!(session(&h).selection(), Some((first, first + 7)));
    // Escape in the find field closes the bar and its highlights.
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    settle(&mut h);
    assert!(h.state().find.open);
    press(&mut h, Key::Escape);
    assert!(!h.state().find.open);
    assert!(session(&h).find().matches.is_empty());
}

#[test]
fn find_starts_from_the_caret_not_from_the_top() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    let text = session(&h).document().text.as_str().to_string();
    // The caret after the second "Lavrov": Enter goes to the third.
    let second = text.match_indices("Lavrov").nth(1).unwrap().0;
    h.state_mut().act(Action::PlaceCaret(second + 6));
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    settle(&mut h);
    type_text(&mut h, "Lavrov");
    press(&mut h, Key::Enter);
    let third = text.match_indices("Lavrov").nth(2).unwrap().0;
    assert_eq!(session(&h).selection(), Some((third, third + 6)));
}

/// A file dropped on the window, as the windowing system hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn articles_dropped_on_the_window_join_the_project() {
    let dir = demo_copy();
    let outside = tempfile::tempdir().unwrap();
    let article = outside.path().join("Port Talks.txt");
    std::fs::write(&article, "Dateline\r\n\r\n\"We will talk,\" she said.\r\n").unwrap();
    let mut h = app(dir.path());
    settle(&mut h);
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(article)));
    settle(&mut h);
    let ids: Vec<String> = session(&h)
        .project()
        .documents
        .iter()
        .map(|d| d.id.clone())
        .collect();
    assert_eq!(ids.last().map(String::as_str), Some("port-talks"));
    assert!(
        dir.path().join("articles/port-talks.txt").exists(),
        "copied into the project"
    );
    let project = std::fs::read_to_string(dir.path().join("project.ron")).unwrap();
    assert!(project.contains("articles/port-talks.txt"), "and saved");
}

#[test]
fn a_new_text_selection_is_shown_over_the_selected_annotation() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    h.state_mut().act(Action::SetLayer("gold".into()));
    settle(&mut h);
    let at = byte_of(&h, "Lavrov told");
    let p = screen(&h, at + 2);
    click(&mut h, p);
    assert!(matches!(
        session(&h).selected(),
        Some(Selected::Mention { .. })
    ));
    // A new selection: the inspector shows it, and what a key would make of it.
    drag(&mut h, "negotiating table", "negotiating");
    assert_eq!(selection_text(&h), "negotiating");
    h.get_by_label("Selection");
    h.get_by_label("\u{201c}negotiating\u{201d}");
    h.get_by_label("Selected annotation");
}

#[test]
fn a_speaker_is_renamed_from_its_menu_and_the_letters_typed_stay_text() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    h.state_mut().act(Action::SetLayer("gold".into()));
    settle(&mut h);
    let before = layer(&h);
    let index = before
        .speakers
        .iter()
        .position(|s| s.name == "Nicolas Sarkozy")
        .unwrap();
    let menus = h.get_all_by_label("…").collect::<Vec<_>>();
    menus[index].click();
    settle(&mut h);
    h.get_by_label("Rename…").click();
    settle(&mut h);
    // K, R, N and S are shortcuts elsewhere: here they are letters of the name.
    type_text(&mut h, "Sarkozy's office KRNS");
    press(&mut h, Key::Enter);
    let after = layer(&h);
    let renamed = &after.speakers[index];
    assert_eq!(renamed.name, "Sarkozy's office KRNS");
    assert_eq!(after.noise, before.noise, "N toggled no noise");
    assert_eq!(after.quotes, before.quotes);
    assert!(h.state().popup.is_none(), "the rename popup closed");
    // One undo takes the rename back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(layer(&h), before);
}

#[test]
fn a_picker_opened_from_the_menu_takes_the_keyboard_at_once() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    drag(&mut h, "Lavrov told", "Lavrov");
    // The find bar's field had the keyboard before.
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    settle(&mut h);
    h.get_by_label("Annotate").click();
    settle(&mut h);
    h.get_by_label_contains("Speaker mention from selection")
        .click();
    h.step();
    // Typed at once: every letter reaches the picker's filter, none runs as a shortcut.
    h.event(Event::Text("Kre".into()));
    settle(&mut h);
    match &h.state().popup {
        Some(sayso::ui::intent::Popup::Speaker { filter, .. }) => assert_eq!(filter, "Kre"),
        other => panic!("{other:?}"),
    }
    assert_eq!(session(&h).find().query, "", "nothing went to the find bar");
    press(&mut h, Key::Enter);
    let l = layer(&h);
    assert_eq!(l.speakers.len(), 1);
    assert_eq!(l.speakers[0].name, "Kre");
    assert_eq!(l.speakers[0].mentions[0].text, "Lavrov");
}

#[test]
fn the_picker_makes_a_new_speaker_of_the_kind_asked_for() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    drag(&mut h, "Kremlin said", "Kremlin");
    press(&mut h, Key::S);
    // Alt+3: the schema's third speaker kind, government.
    h.key_press_modifiers(Modifiers::ALT, Key::Num3);
    settle(&mut h);
    let l = layer(&h);
    assert_eq!(l.speakers.len(), 1);
    assert_eq!(
        (l.speakers[0].name.as_str(), l.speakers[0].kind.as_str()),
        ("Kremlin", "government")
    );
    assert!(h.state().popup.is_none());
}

#[test]
fn a_target_close_to_one_the_project_has_is_asked_about_before_it_is_added() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    let targets = |h: &Harness<'_, SaysoApp>| session(h).project().schema.stance_targets.len();
    let before = targets(&h);
    press(&mut h, Key::T);
    type_text(&mut h, "the draft UN Security Council resolution");
    h.get_by_label("the draft UN resolution");
    press(&mut h, Key::Enter);
    assert_eq!(targets(&h), before, "not added at the first Enter");
    assert!(h.state().popup.is_some(), "the picker asks");
    h.get_by_label_contains("is close to a target the project has");
    // The existing one is a click away; Enter again adds the new one as asked.
    press(&mut h, Key::Enter);
    assert_eq!(targets(&h), before + 1);
    assert_eq!(
        session(&h).target(),
        Some("the draft UN Security Council resolution")
    );
}

#[test]
fn the_speaker_picker_finds_names_whatever_their_accents() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    h.state_mut().act(Action::SetLayer("gold".into()));
    h.state_mut().act(Action::GoTo(1));
    settle(&mut h);
    drag(&mut h, "dockworkers", "dockworkers");
    press(&mut h, Key::S);
    type_text(&mut h, "aberg");
    // In the picker, by name and kind: accents aside, "aberg" is Åberg.
    h.get_by_label("Erik Åberg (person)");
}

#[test]
fn an_import_while_the_window_is_open_shows_up_and_is_never_overwritten() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    // The command line imports into the layer the window edits (it has no unsaved edits).
    let jsonl = dir.path().join("preds.jsonl");
    let doc = session(&h).document();
    let line = doc.text.line(0).unwrap().to_string();
    let record = serde_json::json!({
        "id": doc.id, "text": doc.text.as_str(), "layer": "tester",
        "noise": [{"line": 0, "start": 0, "end": line.chars().count(), "category": "dateline"}],
        "speakers": [], "quotes": [], "stances": []
    });
    std::fs::write(&jsonl, format!("{record}\n")).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_sayso"))
        .args(["import"])
        .arg(dir.path())
        .arg(&jsonl)
        .args(["--layer", "tester"])
        .status()
        .unwrap();
    assert!(status.success());
    // The file watcher wakes the window; it shows the import.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while layer(&h).noise.is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.step();
    }
    assert_eq!(
        layer(&h).noise.len(),
        1,
        "the window shows what was imported"
    );
    // An edit in the window and a save keep the import.
    let gutter = h.state().view.gutter_pos(2).expect("line 3 on screen");
    click(&mut h, gutter);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut h);
    let file = dir.path().join("annotations/syria-talks-2012/tester.ron");
    let saved = std::fs::read_to_string(file).unwrap();
    assert!(
        saved.contains("line: 0") && saved.contains("line: 2"),
        "{saved}"
    );
}

#[test]
fn escape_closes_a_picker_even_while_its_field_has_the_keyboard() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    press(&mut h, Key::T);
    type_text(&mut h, "sy");
    assert!(h.state().popup.is_some());
    press(&mut h, Key::Escape);
    assert!(h.state().popup.is_none());
    drag(&mut h, "Lavrov told", "Lavrov");
    press(&mut h, Key::S);
    type_text(&mut h, "Ser");
    press(&mut h, Key::Escape);
    assert!(h.state().popup.is_none());
    assert!(layer(&h).speakers.is_empty(), "nothing was made");
}

/// Tags "Lavrov" of "Lavrov told" as a new speaker, Sergei Lavrov.
fn tag_sergei_lavrov(h: &mut Harness<'_, SaysoApp>) {
    drag(h, "Lavrov told", "Lavrov");
    press(h, Key::S);
    type_text(h, "Sergei Lavrov");
    press(h, Key::Enter);
}

#[test]
fn enter_on_a_name_no_speaker_has_makes_a_new_speaker_not_a_mention_of_the_nearest() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    tag_sergei_lavrov(&mut h);
    // Another name, then S and Enter at once: a new speaker, not Lavrov.
    drag(&mut h, "Pakistani Foreign", "Pakistani");
    press(&mut h, Key::S);
    press(&mut h, Key::Enter);
    let l = layer(&h);
    assert_eq!(l.speakers.len(), 2, "{:?}", l.speakers);
    assert_eq!(l.speakers[1].name, "Pakistani");
    assert_eq!(
        l.speakers[0].mentions.len(),
        1,
        "Lavrov kept only his mention"
    );
}

#[test]
fn the_projects_guidelines_open_beside_the_article() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    settle(&mut h);
    assert!(h.state().guidelines.open);
    // GUIDELINES.md rendered as Markdown: its title and a rule of a section.
    h.get_by_label_contains("Annotation guidelines for the demo project");
    h.get_by_label_contains("the fullest canonical name");
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    settle(&mut h);
    assert!(!h.state().guidelines.open);
}

#[test]
fn the_document_list_shows_the_annotators_own_documents_first() {
    let dir = demo_copy();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_sayso"))
        .arg("assign")
        .arg(dir.path())
        .args([
            "--annotators",
            "tester,bob",
            "--overlap",
            "0.5",
            "--seed",
            "1",
        ])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mut h = app(dir.path());
    settle(&mut h);
    let session = session(&h);
    let assignments = session.assignments().expect("assignments.ron was read");
    let mine: Vec<String> = assignments
        .documents_of("tester")
        .map(str::to_string)
        .collect();
    assert_eq!(mine.len(), 3, "one of their own and the two they share");
    assert!(
        mine.contains(&session.document().id),
        "the window opens at one of the annotator's own documents"
    );
    let ids: Vec<String> = session
        .project()
        .documents
        .iter()
        .map(|d| d.id.clone())
        .collect();
    let shown = |h: &Harness<'_, SaysoApp>, id: &str| h.query_by_label(id).is_some();
    for id in &ids {
        assert_eq!(shown(&h, id), mine.contains(id), "{id}");
    }
    h.get_by_label("all").click();
    settle(&mut h);
    for id in &ids {
        assert!(shown(&h, id), "{id} with all");
    }
    // The team window: each annotator's progress, and the git state.
    h.state_mut().queue(sayso::ui::command::Command::Team);
    settle(&mut h);
    assert!(h.state().team.open);
    assert_eq!(
        h.get_all_by_label("0 of 3 done").count(),
        2,
        "tester and bob"
    );
    h.get_by_label("Agreement so far on the overlap");
    h.get_by_label_contains("not in a git repository");
}

/// The quote on the seed's line 7, without its marks: a drag over it takes them in.
const LAVROV_QUOTE: &str = "It is not really the international community's business to try to determine the outcome of national dialogue in advance";

#[test]
fn a_quote_gets_its_source_and_a_new_speaker_from_the_cue_clause_in_one_undoable_step() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    // Nothing tagged yet: Q on the quote, and the picker offers "Lavrov", the subject of
    // "told", as a new speaker (first) and as the quote's source.
    drag(&mut h, LAVROV_QUOTE, LAVROV_QUOTE);
    press(&mut h, Key::Q);
    h.get_by_label("New speaker \u{201c}Lavrov\u{201d} (person)");
    h.get_by_label_contains("Source \u{201c}Lavrov\u{201d} (the cue\u{2019}s subject)");
    press(&mut h, Key::Enter);
    let l = layer(&h);
    assert_eq!(l.speakers.len(), 1, "{:?}", l.speakers);
    let lavrov = &l.speakers[0];
    assert_eq!(lavrov.name, "Lavrov");
    let at = byte_of(&h, "Lavrov told");
    let text = &session(&h).document().text;
    let mention = sayso::model::Span::from_bytes(text, at..at + "Lavrov".len()).unwrap();
    assert_eq!(lavrov.mentions, vec![mention.clone()]);
    assert_eq!(l.quotes[0].speaker.as_deref(), Some(lavrov.id.as_str()));
    assert_eq!(l.quotes[0].source, Some(mention));
    // One step: Ctrl+Z takes back speaker, mention and source together.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    let l = layer(&h);
    assert!(l.speakers.is_empty());
    assert_eq!(l.quotes.len(), 1);
    assert_eq!(l.quotes[0].speaker, None);
    assert_eq!(l.quotes[0].source, None);
}

#[test]
fn a_pronoun_subject_becomes_the_source_and_a_mention_of_the_speaker_picked() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    drag(&mut h, "Lavrov told", "Lavrov");
    press(&mut h, Key::S);
    press(&mut h, Key::Enter);
    // "He made clear …, saying that "we do not understand the logic of this"": the source
    // is "He", untagged; the speaker is picked by typing.
    let quote = "we do not understand the logic of this";
    drag(&mut h, quote, quote);
    let selection = session(&h).selection();
    press(&mut h, Key::Q);
    h.get_by_label_contains("Source \u{201c}He\u{201d}");
    type_text(&mut h, "Lav");
    press(&mut h, Key::Enter);
    let l = layer(&h);
    let he = byte_of(&h, "He made clear");
    let text = &session(&h).document().text;
    let he = sayso::model::Span::from_bytes(text, he..he + 2).unwrap();
    assert_eq!(l.speakers.len(), 1);
    assert!(l.speakers[0].mentions.contains(&he), "{:?}", l.speakers[0]);
    assert_eq!(l.quotes[0].source, Some(he.clone()));
    // Turned off (Alt+S), the picker leaves the source to the speaker's tagged mentions:
    // the inspector then offers it with a button.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert!(layer(&h).quotes.is_empty());
    let (anchor, head) = selection.unwrap();
    h.state_mut().act(Action::Select {
        anchor,
        head,
        precise: false,
    });
    press(&mut h, Key::Q);
    h.key_press_modifiers(Modifiers::ALT, Key::S);
    settle(&mut h);
    type_text(&mut h, "Lav");
    press(&mut h, Key::Enter);
    let l = layer(&h);
    assert_ne!(l.quotes[0].source, Some(he.clone()));
    assert!(!l.speakers[0].mentions.contains(&he));
    h.get_by_label("Source from the cue: \u{201c}He\u{201d}")
        .click();
    settle(&mut h);
    let l = layer(&h);
    assert_eq!(l.quotes[0].source, Some(he.clone()));
    assert!(l.speakers[0].mentions.contains(&he));
}

#[test]
fn a_new_speaker_gets_the_kind_its_name_suggests_and_alt_a_digit_still_changes_it() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    drag(&mut h, "Russia\n", "Russia");
    press(&mut h, Key::S);
    // Shown before Enter: the row says the kind, its kind button is the chosen one.
    h.get_by_label("New speaker \u{201c}Russia\u{201d} (government)");
    press(&mut h, Key::Enter);
    drag(&mut h, "Arab League call", "Arab League");
    press(&mut h, Key::S);
    press(&mut h, Key::Enter);
    drag(&mut h, "Hina Rabbani Khar", "Hina Rabbani Khar");
    press(&mut h, Key::S);
    press(&mut h, Key::Enter);
    // A guess the annotator overrides: Alt+4, group.
    drag(&mut h, "Moscow has", "Moscow");
    press(&mut h, Key::S);
    h.get_by_label("New speaker \u{201c}Moscow\u{201d} (government)");
    h.key_press_modifiers(Modifiers::ALT, Key::Num4);
    settle(&mut h);
    let kinds: Vec<(String, String)> = layer(&h)
        .speakers
        .iter()
        .map(|s| (s.name.clone(), s.kind.clone()))
        .collect();
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        kinds,
        pairs(&[
            ("Russia", "government"),
            ("Arab League", "organization"),
            ("Hina Rabbani Khar", "person"),
            ("Moscow", "group"),
        ])
    );
}

#[test]
fn a_speakers_last_mention_removed_takes_the_unused_speaker_with_it_and_undo_brings_both() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    drag(&mut h, "Hina Rabbani Khar", "Hina Rabbani Khar");
    press(&mut h, Key::S);
    press(&mut h, Key::Enter);
    assert_eq!(layer(&h).speakers.len(), 1);
    h.get_by_label("Hina Rabbani Khar (1)");
    // The mention is selected (just made): Delete.
    press(&mut h, Key::Delete);
    assert!(
        layer(&h).speakers.is_empty(),
        "no speaker left with nothing"
    );
    assert!(h.query_by_label("Hina Rabbani Khar (0)").is_none());
    h.get_by_label_contains("is gone too");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    let l = layer(&h);
    assert_eq!(
        l.speakers.len(),
        1,
        "one undo brings speaker and mention back"
    );
    assert_eq!(l.speakers[0].mentions.len(), 1);
    // A speaker a quote names stays, though its last mention goes.
    let quote = "We need to get the government and all opposition groups to sit down at the negotiating table";
    drag(&mut h, quote, quote);
    press(&mut h, Key::Q);
    h.key_press_modifiers(Modifiers::ALT, Key::S);
    settle(&mut h);
    type_text(&mut h, "Khar");
    press(&mut h, Key::Enter);
    let mention = layer(&h).speakers[0].mentions[0].clone();
    h.state_mut().act(Action::Inspect(Selected::Mention {
        speaker: "s1".into(),
        span: mention,
    }));
    press(&mut h, Key::Delete);
    let l = layer(&h);
    assert_eq!(l.speakers.len(), 1, "the quote's speaker stays");
    assert!(l.speakers[0].mentions.is_empty());
}

#[test]
fn a_picker_opens_beside_the_quote_leaving_it_and_the_cue_after_it_in_view() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    drag(&mut h, LAVROV_QUOTE, LAVROV_QUOTE);
    let points: Vec<Pos2> = ["It is not", "in advance", "Lavrov told", "Rabbani Khar."]
        .iter()
        .map(|n| screen(&h, byte_of(&h, n)))
        .collect();
    press(&mut h, Key::Q);
    let top = h.get_by_label("Who said it?").rect();
    let bottom = h
        .get_by_label("Up/Down choose, Enter picks, Esc cancels")
        .rect();
    let picker = egui::Rect::from_min_max(top.min, egui::pos2(top.left() + 420.0, bottom.bottom()));
    for p in &points {
        assert!(!picker.contains(*p), "{picker:?} covers {p:?}");
    }
    // Still next to it: the picker starts within three rows of the quote's last row.
    let last = points[1].y;
    assert!(
        picker.top() > last && picker.top() < last + 100.0,
        "{picker:?}"
    );
}

#[test]
fn a_click_a_few_points_off_a_short_word_takes_that_word_and_the_status_bar_says_so() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    // "Russia said it blocked": a click in the space before "it", nearer "it" than "said".
    let it = screen(&h, byte_of(&h, "it blocked"));
    click(&mut h, it - egui::vec2(4.0, 0.0));
    assert_eq!(selection_text(&h), "it");
    h.get_by_label_contains("selected \u{201c}it\u{201d}");
    // A little under the row (in the line spacing), a single click too.
    let he = screen(&h, byte_of(&h, "He made clear"));
    click(&mut h, he + egui::vec2(1.0, 7.0));
    assert_eq!(selection_text(&h), "He");
    // Right on a word: the whole word, long or short.
    let russia = screen(&h, byte_of(&h, "ssia said it"));
    click(&mut h, russia);
    assert_eq!(selection_text(&h), "Russia");
    // Blank space far from any word only places the caret.
    let end = screen(&h, byte_of(&h, "Rabbani Khar.") + "Rabbani Khar".len());
    click(&mut h, end + egui::vec2(60.0, 0.0));
    assert_eq!(selection_text(&h), "");
    h.get_by_label("no selection");
    // On an annotation, a click still selects the annotation.
    drag(&mut h, "Hina Rabbani Khar", "Hina Rabbani Khar");
    press(&mut h, Key::S);
    press(&mut h, Key::Enter);
    press(&mut h, Key::Escape);
    let khar = screen(&h, byte_of(&h, "Rabbani Khar."));
    click(&mut h, khar);
    assert!(
        matches!(session(&h).selected(), Some(Selected::Mention { .. })),
        "{:?}",
        session(&h).selected()
    );
}

#[test]
fn the_scores_chart_names_each_bar_and_gives_its_value() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    h.state_mut().act(Action::SetLayer("gold".into()));
    h.state_mut().act(Action::Suggest { all: true });
    h.state_mut().queue(sayso::ui::command::Command::Scores);
    settle(&mut h);
    let heading = h.get_by_label("F1 per category").rect();
    for name in [
        "noise lines",
        "mentions (exact)",
        "quotes (exact)",
        "quotes (overlap)",
        "cues (overlap)",
        "attribution",
    ] {
        // Once in the table, once beside its bar, under the chart's heading.
        let labels: Vec<egui::Rect> = h.get_all_by_label(name).map(|n| n.rect()).collect();
        assert_eq!(labels.len(), 2, "{name}");
        let beside = labels[1];
        assert!(beside.top() > heading.bottom(), "{name} under the heading");
        // Its value, in the same row.
        let value = h
            .get_all_by_label_contains("0.")
            .chain(h.get_all_by_label("1.000"))
            .map(|n| n.rect())
            .find(|r| (r.center().y - beside.center().y).abs() < 4.0 && r.left() > beside.right());
        assert!(value.is_some(), "{name} has its value beside its bar");
    }
}

#[test]
fn long_names_and_targets_stay_inside_the_right_panel() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    h.state_mut().act(Action::SetLayer("gold".into()));
    settle(&mut h);
    let long_name = "Russian Foreign Minister and long-serving chief diplomat of the Russian Federation Sergei Viktorovich Lavrov";
    let long_target =
        "the-draft-United-Nations-Security-Council-resolution-backed-by-Western-and-Arab-nations";
    let id = layer(&h)
        .speakers
        .iter()
        .find(|s| s.name == "Sergei Lavrov")
        .unwrap()
        .id
        .clone();
    h.state_mut().act(Action::RenameSpeaker {
        id,
        name: long_name.into(),
    });
    let quote = layer(&h).quotes[1].id.clone();
    h.state_mut().act(Action::Inspect(Selected::Quote(quote)));
    h.state_mut().act(Action::ChooseTarget(long_target.into()));
    h.state_mut().act(Action::SetStance("against".into()));
    settle(&mut h);
    let right = 1500.0;
    let panel_left = right - 360.0;
    let mut seen = 0;
    for text in [long_name, long_target] {
        for node in h.get_all_by_label_contains(text) {
            let r = node.rect();
            if r.left() < panel_left {
                continue; // the article
            }
            seen += 1;
            assert!(r.right() <= right, "{text:?} overflows: {r:?}");
        }
    }
    assert!(seen >= 2, "the speaker row and the stance row are shown");
    // Selected, the stance is shown at the top too; the whole of it is in the row's tooltip.
    let stance = layer(&h)
        .stances
        .iter()
        .find(|t| t.target == long_target)
        .unwrap()
        .id
        .clone();
    h.state_mut().act(Action::Inspect(Selected::Stance(stance)));
    settle(&mut h);
    for node in h.get_all_by_label_contains(long_target) {
        let r = node.rect();
        assert!(
            r.left() < panel_left || r.right() <= right,
            "{long_target:?} overflows: {r:?}"
        );
    }
}

#[test]
fn the_speaker_the_cue_clause_names_comes_first_though_another_was_named_nearer() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    // Lavrov tagged on line 5, Russia ("Moscow") on line 11: nearer the quote of line 13.
    drag(&mut h, "Sergei Lavrov said on", "Sergei Lavrov");
    press(&mut h, Key::S);
    press(&mut h, Key::Enter);
    drag(&mut h, "Moscow has accused", "Moscow");
    press(&mut h, Key::S);
    type_text(&mut h, "Russia");
    press(&mut h, Key::Enter);
    let quote = "We need to get the government and all opposition groups to sit down at the negotiating table";
    drag(&mut h, quote, quote);
    press(&mut h, Key::Q);
    // "…," Lavrov said: the clause names Lavrov, so one Enter makes him the speaker.
    press(&mut h, Key::Enter);
    let l = layer(&h);
    let lavrov = l
        .speakers
        .iter()
        .find(|s| s.name == "Sergei Lavrov")
        .unwrap();
    assert_eq!(l.quotes[0].speaker.as_deref(), Some(lavrov.id.as_str()));
    assert_eq!(
        l.quotes[0].source.as_ref().map(|s| s.text.as_str()),
        Some("Lavrov")
    );
}

#[test]
fn alt_and_a_kinds_key_in_the_picker_types_nothing_into_the_name() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    drag(&mut h, "Arab League call", "Arab League");
    press(&mut h, Key::S);
    // X11 sends the digit as text too, in the same frame as the key.
    let alt = Modifiers::ALT;
    h.event(Event::Key {
        key: Key::Num2,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: alt,
    });
    h.event(Event::Text("2".into()));
    settle(&mut h);
    let l = layer(&h);
    assert_eq!(l.speakers.len(), 1);
    assert_eq!(
        (l.speakers[0].name.as_str(), l.speakers[0].kind.as_str()),
        ("Arab League", "organization")
    );
}

#[test]
fn a_drag_starts_where_the_button_went_down_even_when_a_slow_frame_saw_the_first_move() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    // Press on "them" and move left toward "press" within one frame, then on to the next
    // line: the selection starts at "them", not at the word the first move reached.
    let them = screen(&h, byte_of(&h, "them to enter") + 1);
    let press_word = screen(&h, byte_of(&h, "press them") + 1);
    let end = screen(&h, byte_of(&h, "Moscow has accused") + 2);
    h.hover_at(them);
    h.step();
    h.event(Event::PointerButton {
        pos: them,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.event(Event::PointerMoved(press_word));
    h.step();
    h.hover_at(end);
    h.step();
    h.drop_at(end);
    settle(&mut h);
    assert!(
        selection_text(&h).starts_with("them to enter"),
        "{:?}",
        selection_text(&h)
    );
}

#[test]
fn inside_the_selected_quote_a_click_takes_the_word_and_elsewhere_the_quote() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    h.state_mut().act(Action::SetLayer("gold".into()));
    settle(&mut h);
    // A click on a word of a quote not selected selects the quote.
    let business = screen(&h, byte_of(&h, "business to try"));
    click(&mut h, business);
    assert_eq!(session(&h).selected(), Some(&Selected::Quote("q3".into())));
    // Now selected, a click inside it takes the word, and the quote stays selected (C
    // would make the word its cue).
    click(&mut h, business);
    assert_eq!(selection_text(&h), "business");
    assert_eq!(session(&h).selected(), Some(&Selected::Quote("q3".into())));
}

/// A frame's `events` as eframe delivers them: through the app's input filter (kittest
/// does not call eframe's `raw_input_hook`), which takes plain clicks on the article.
fn filtered(h: &mut Harness<'_, SaysoApp>, events: Vec<Event>) {
    let ctx = h.ctx.clone();
    let mut raw = egui::RawInput {
        events,
        ..Default::default()
    };
    h.state_mut().filter_input(&ctx, &mut raw);
    h.input_mut().events.extend(raw.events);
    h.step();
}

fn left_button(pos: Pos2, pressed: bool) -> Event {
    Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    }
}

/// A double-click at `at` as the real window gets it (through the input filter).
fn double_click(h: &mut Harness<'_, SaysoApp>, at: Pos2) {
    filtered(h, vec![Event::PointerMoved(at)]);
    for _ in 0..2 {
        filtered(h, vec![left_button(at, true)]);
        filtered(h, vec![left_button(at, false)]);
    }
    settle(h);
}

/// The app in a window 900 points high (the article scrolls), on the demo's gold layer.
fn gold_in_a_short_window(project: &Path) -> Harness<'static, SaysoApp> {
    let mut h = common::window(project, 900.0);
    h.state_mut().act(Action::SetLayer("gold".into()));
    settle(&mut h);
    h
}

#[test]
fn a_click_on_an_annotation_in_view_leaves_the_article_where_it_is() {
    // A window shorter than the article, scrolled to its top: the seed's quote
    // "foreign interference was not an option" (q10) is in view, far below the top.
    let dir = demo_copy();
    let mut h = gold_in_a_short_window(dir.path());
    let before = h.state().view.offset();
    let at = screen(&h, byte_of(&h, "interference was not"));
    filtered(&mut h, vec![Event::PointerMoved(at)]);
    filtered(&mut h, vec![left_button(at, true)]);
    filtered(&mut h, vec![left_button(at, false)]);
    settle(&mut h);
    assert_eq!(session(&h).selected(), Some(&Selected::Quote("q10".into())));
    assert_eq!(
        h.state().view.offset(),
        before,
        "the article scrolled under the pointer"
    );
    // It jumped before: a double-click's second click then landed on another line.
    assert_eq!(screen(&h, byte_of(&h, "interference was not")), at);
}

#[test]
fn a_double_click_on_another_quotes_cue_takes_the_word_for_the_selected_quote() {
    // "Medvedev told Erdogan that A, but that B": "told" is the cue of both quotes. With
    // B selected, a double-click on "told" (already A's cue) takes the word, and B stays
    // selected, so C makes it B's cue too.
    let dir = demo_copy();
    let mut h = gold_in_a_short_window(dir.path());
    h.state_mut()
        .act(Action::Inspect(Selected::Quote("q10".into())));
    settle(&mut h);
    let told = screen(&h, byte_of(&h, "told Turkish") + 1);
    double_click(&mut h, told);
    assert_eq!(selection_text(&h), "told");
    assert_eq!(session(&h).selected(), Some(&Selected::Quote("q10".into())));
    // Still a single click on a cue selects its quote.
    filtered(&mut h, vec![left_button(told, true)]);
    filtered(&mut h, vec![left_button(told, false)]);
    settle(&mut h);
    assert!(
        matches!(session(&h).selected(), Some(Selected::Quote(q)) if q == "q9" || q == "q10"),
        "{:?}",
        session(&h).selected()
    );
}

#[test]
fn revealing_an_annotation_scrolls_only_when_it_is_out_of_view() {
    let dir = demo_copy();
    let mut h = gold_in_a_short_window(dir.path());
    // In view (as from a click in a list): the article stays.
    h.state_mut()
        .act(Action::Inspect(Selected::Quote("q10".into())));
    settle(&mut h);
    assert_eq!(h.state().view.offset(), 0.0);
    // Out of view: the article goes there.
    h.state_mut()
        .act(Action::Inspect(Selected::Quote("q23".into())));
    settle(&mut h);
    assert!(h.state().view.offset() > 0.0);
    screen(&h, byte_of(&h, "he was referring only"));
}

#[test]
fn s_and_enter_on_a_possessive_or_a_pronoun_tags_a_speaker_the_document_has() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    tag_sergei_lavrov(&mut h);
    // "Lavrov's": a mention of Lavrov, not a new speaker named "Lavrov's".
    drag(&mut h, "Lavrov's remarks", "Lavrov's");
    press(&mut h, Key::S);
    press(&mut h, Key::Enter);
    let l = layer(&h);
    assert_eq!(l.speakers.len(), 1, "{:?}", l.speakers);
    assert_eq!(l.speakers[0].mentions[1].text, "Lavrov");
    // "its": never a new speaker named "its".
    drag(&mut h, "its stance", "its");
    press(&mut h, Key::S);
    // Not even offered.
    assert!(
        h.query_by_label_contains("New speaker \u{201c}its")
            .is_none()
    );
    press(&mut h, Key::Enter);
    let l = layer(&h);
    assert_eq!(l.speakers.len(), 1, "{:?}", l.speakers);
    assert_eq!(l.speakers[0].mentions.len(), 3);
    // A name no speaker has is still a new speaker.
    drag(&mut h, "Pakistani Foreign", "Pakistani");
    press(&mut h, Key::S);
    press(&mut h, Key::Enter);
    assert_eq!(layer(&h).speakers.len(), 2);
}

#[test]
fn the_speaker_tagged_at_the_cue_clauses_subject_comes_first() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    tag_sergei_lavrov(&mut h);
    // "He" of "He made clear" a mention of Lavrov; Russia named between it and the quote.
    drag(&mut h, "He made clear", "He");
    press(&mut h, Key::S);
    type_text(&mut h, "Lav");
    press(&mut h, Key::Enter);
    drag(&mut h, "Russia did not approve", "Russia");
    press(&mut h, Key::S);
    press(&mut h, Key::Enter);
    assert_eq!(layer(&h).speakers.len(), 2);
    let quote = "we do not understand the logic of this";
    drag(&mut h, quote, quote);
    press(&mut h, Key::Q);
    // One Enter: the clause's subject is Lavrov's mention, so Lavrov, not Russia.
    press(&mut h, Key::Enter);
    let l = layer(&h);
    let lavrov = l
        .speakers
        .iter()
        .find(|s| s.name == "Sergei Lavrov")
        .unwrap();
    assert_eq!(l.quotes[0].speaker.as_deref(), Some(lavrov.id.as_str()));
}

#[test]
fn a_name_typed_for_a_selection_keeps_the_kind_the_selection_suggests() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    drag(&mut h, "the United Nations says", "the United Nations");
    press(&mut h, Key::S);
    type_text(&mut h, "United Nations");
    h.get_by_label_contains("New speaker \u{201c}United Nations\u{201d} (organization)");
    press(&mut h, Key::Enter);
    let l = layer(&h);
    assert_eq!(l.speakers[0].name, "United Nations");
    assert_eq!(l.speakers[0].kind, "organization");
}

#[test]
fn q_on_a_mixed_quote_takes_in_the_closing_mark_left_outside() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    // Reported speech with a quotation in it, the drag ending on the last quoted word.
    let words = "the position of the international community should be \"balanced and objective";
    drag(&mut h, words, words);
    press(&mut h, Key::Q);
    let l = layer(&h);
    assert_eq!(l.quotes[0].content[0].text, format!("{words},\""));
}

#[test]
fn each_quote_picker_starts_with_the_source_from_the_clause_ticked() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    tag_sergei_lavrov(&mut h);
    // First quote: the clause's "He" unticked (Alt+S), Lavrov picked by typing.
    let quote = "we do not understand the logic of this";
    drag(&mut h, quote, quote);
    press(&mut h, Key::Q);
    h.key_press_modifiers(Modifiers::ALT, Key::S);
    settle(&mut h);
    type_text(&mut h, "Lav");
    press(&mut h, Key::Enter);
    let mentions = |h: &Harness<'_, SaysoApp>| layer(h).speakers[0].mentions.len();
    assert_eq!(mentions(&h), 1, "unticked: no mention made of \"He\"");
    // The next quote's picker is ticked again: Enter makes its clause's "Lavrov" the source.
    let quote = "We need to get the government and all opposition groups to sit down at the negotiating table";
    drag(&mut h, quote, quote);
    press(&mut h, Key::Q);
    press(&mut h, Key::Enter);
    assert_eq!(mentions(&h), 2);
    let l = layer(&h);
    assert_eq!(
        l.quotes[1].source.as_ref().map(|s| s.text.as_str()),
        Some("Lavrov")
    );
    assert!(
        l.speakers[0]
            .mentions
            .contains(l.quotes[1].source.as_ref().unwrap())
    );
}

#[test]
fn a_new_speaker_is_named_without_the_titles_the_mention_has() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);
    drag(
        &mut h,
        "President Bashar al-Assad",
        "President Bashar al-Assad",
    );
    press(&mut h, Key::S);
    press(&mut h, Key::Enter);
    drag(&mut h, "the United Nations says", "the United Nations");
    press(&mut h, Key::S);
    press(&mut h, Key::Enter);
    let l = layer(&h);
    let named: Vec<(&str, &str)> = (l.speakers.iter())
        .map(|s| (s.name.as_str(), s.kind.as_str()))
        .collect();
    assert_eq!(
        named,
        [
            ("Bashar al-Assad", "person"),
            ("United Nations", "organization")
        ]
    );
    // The mentions keep every word selected.
    assert_eq!(l.speakers[0].mentions[0].text, "President Bashar al-Assad");
    assert_eq!(l.speakers[1].mentions[0].text, "the United Nations");
}
