//! The window's session without a window: autosave timing, failed saves that keep the
//! work and retry, switching documents, and the stance target a document resumes with.

mod common;
use common::demo_copy;

use std::time::{Duration, Instant};

use sayso::ui::session::{AUTOSAVE_AFTER, SaveState, Session, SpeakerChoice};

/// Selects the first occurrence of `needle` in the current document.
fn select(session: &mut Session, needle: &str) {
    let at = session.document().text.as_str().find(needle).unwrap();
    session.select(at, at + needle.len(), false);
}

#[test]
fn work_is_saved_a_few_seconds_after_a_change() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "alice").unwrap();
    select(&mut session, "Lavrov told");
    session
        .make_mention(SpeakerChoice::New("Sergei Lavrov".into()))
        .unwrap();
    let SaveState::Unsaved(at) = session.save else {
        panic!("{:?}", session.save)
    };
    assert!(!session.autosave(at + AUTOSAVE_AFTER / 2), "not yet");
    assert!(
        !dir.path()
            .join("annotations/syria-talks-2012/alice.ron")
            .exists()
    );
    assert!(session.autosave(at + AUTOSAVE_AFTER));
    assert_eq!(session.save, SaveState::Saved);
    let saved =
        std::fs::read_to_string(dir.path().join("annotations/syria-talks-2012/alice.ron")).unwrap();
    assert!(saved.contains("name: \"Sergei Lavrov\""), "{saved}");
}

#[test]
fn a_failed_save_keeps_the_work_says_why_and_retries() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "alice").unwrap();
    // The annotations folder of the document cannot be created: a file is in the way.
    let folder = dir.path().join("annotations/syria-talks-2012");
    std::fs::rename(&folder, dir.path().join("moved")).unwrap();
    std::fs::write(&folder, "in the way").unwrap();
    select(&mut session, "Lavrov told");
    session
        .make_mention(SpeakerChoice::New("Sergei Lavrov".into()))
        .unwrap();
    session.save_now();
    let SaveState::Failed { message, retry } = session.save.clone() else {
        panic!("{:?}", session.save)
    };
    assert!(
        message.contains("syria-talks-2012") && message.contains("kept"),
        "{message}"
    );
    assert!(session.messages.last().unwrap().error);
    assert_eq!(
        session.layer().speakers.len(),
        1,
        "the edit is still in memory"
    );
    // Not retried before its time; retried after, and succeeds once the way is clear.
    assert!(!session.autosave(retry - Duration::from_millis(10)));
    std::fs::remove_file(&folder).unwrap();
    std::fs::rename(dir.path().join("moved"), &folder).unwrap();
    assert!(session.autosave(retry.max(Instant::now())));
    assert_eq!(session.save, SaveState::Saved);
    assert!(folder.join("alice.ron").exists());
}

#[test]
fn switching_documents_saves_and_resumes_the_stance_target() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "gold").unwrap();
    // The gold layer of the first document last used this target.
    let last = session.layer().stances.last().unwrap().target.clone();
    assert_eq!(session.target.as_deref(), Some(last.as_str()));
    session.set_status(sayso::model::Status::Reviewed).unwrap();
    session.go_to(1);
    assert_eq!(session.save, SaveState::Saved, "switching saved the change");
    assert_eq!(session.document().id, "harbour-strike-2019");
    let last = session.layer().stances.last().unwrap().target.clone();
    assert_eq!(session.target.as_deref(), Some(last.as_str()));
}

#[test]
fn a_quote_in_quotation_marks_is_direct_and_reported_speech_indirect() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "alice").unwrap();
    select(
        &mut session,
        "\"We need to get the government and all opposition groups to sit down at the negotiating table,\"",
    );
    let id = session.make_quote().unwrap();
    assert_eq!(session.layer().quote(&id).unwrap().kind, "direct");
    select(
        &mut session,
        "the search for a solution to Syria's crisis should continue",
    );
    let id = session.make_quote().unwrap();
    assert_eq!(session.layer().quote(&id).unwrap().kind, "indirect");
    // Undo removes the last quote; the first stays.
    session.undo().unwrap();
    assert_eq!(session.layer().quotes.len(), 1);
}

#[test]
fn quotes_take_in_their_marks_and_reported_speech_drops_its_full_stop() {
    use sayso::ui::session::{quote_bounds, quote_kind};
    let cases = [
        // (text, selection, expected)
        (
            "he said \u{201c}we will go,\u{201d} today",
            "we will go",
            "\u{201c}we will go,\u{201d}",
        ),
        (
            "\"It is over,\" Lavrov said.",
            "It is over",
            "\"It is over,\"",
        ),
        (
            "Lavrov said the talks failed.",
            "the talks failed.",
            "the talks failed",
        ),
        (
            "\u{201c}Yes\u{201d}",
            "\u{201c}Yes\u{201d}",
            "\u{201c}Yes\u{201d}",
        ),
    ];
    for (text, selected, expected) in cases {
        let a = text.find(selected).unwrap();
        let r = quote_bounds(text, a..a + selected.len());
        assert_eq!(&text[r], expected);
    }
    assert_eq!(quote_kind("\u{201c}We need talks\u{201d}"), "direct");
    assert_eq!(
        quote_kind("to avoid \"hasty unilateral moves\" towards Syria"),
        "mixed"
    );
    assert_eq!(quote_kind("the talks failed"), "indirect");
}

#[test]
fn a_possessive_mention_names_the_speaker_and_s_moves_a_mention() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "alice").unwrap();
    select(&mut session, "Lavrov's");
    session
        .make_mention(SpeakerChoice::New("Sergei Lavrov".into()))
        .unwrap();
    assert_eq!(session.layer().speakers[0].mentions[0].text, "Lavrov");
    select(&mut session, "Russia, which vetoed");
    let at = session
        .document()
        .text
        .as_str()
        .find("Russia, which")
        .unwrap();
    session.select(at, at + 6, false);
    session
        .make_mention(SpeakerChoice::Existing("s1".into()))
        .unwrap();
    // Wrong speaker: S again on the selected mention moves it to a new one.
    session.selection = Some((at, at + 6));
    session
        .make_mention(SpeakerChoice::New("Russia".into()))
        .unwrap();
    let layer = session.layer();
    assert_eq!(
        layer.speakers[0].mentions.len(),
        1,
        "moved away from Lavrov"
    );
    assert_eq!(layer.speakers[1].mentions[0].text, "Russia");
}

#[test]
fn the_source_of_a_quote_is_a_mention_outside_it_and_goes_with_it() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "alice").unwrap();
    select(&mut session, "Russia said it blocked");
    let at = session
        .document()
        .text
        .as_str()
        .find("Russia said it blocked")
        .unwrap();
    session.select(at, at + 6, false);
    session
        .make_mention(SpeakerChoice::New("Russia".into()))
        .unwrap();
    session.select(at + 12, at + 14, false);
    session
        .make_mention(SpeakerChoice::Existing("s1".into()))
        .unwrap();
    select(&mut session, "it blocked the resolution on Saturday");
    session.make_quote().unwrap();
    session.set_quote_speaker("s1").unwrap();
    assert_eq!(
        session
            .selected_quote()
            .unwrap()
            .source
            .as_ref()
            .unwrap()
            .text,
        "Russia",
        "not the \"it\" inside"
    );
    // Deleting the mention that is the source leaves the quote without one.
    let source = session.selected_quote().unwrap().source.clone().unwrap();
    let quote = session.selected.clone();
    session.selected = Some(sayso::ui::session::Selected::Mention {
        speaker: "s1".into(),
        span: source,
    });
    session.delete_selected().unwrap();
    session.selected = quote;
    assert_eq!(session.selected_quote().unwrap().source, None);
    assert!(sayso::model::validate(&session.project).is_empty());
}
