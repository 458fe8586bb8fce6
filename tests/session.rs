//! The window's session without a window: autosave timing, failed saves that keep the
//! work and retry, switching documents, and the stance target a document resumes with.

mod common;
use common::demo_copy;

use std::time::{Duration, Instant};

use sayso::session::{AUTOSAVE_AFTER, Action, SaveState, Selected, Session, SpeakerChoice};

/// Selects the first occurrence of `needle` in the current document.
fn select(session: &mut Session, needle: &str) {
    let at = session.document().text.as_str().find(needle).unwrap();
    act(
        session,
        Action::Select {
            anchor: at,
            head: at + needle.len(),
            precise: false,
        },
    );
}

fn act(session: &mut Session, action: Action) {
    session
        .apply(action.clone())
        .unwrap_or_else(|e| panic!("{action:?}: {e}"));
}

/// The id of the selected quote.
fn quote_id(session: &Session) -> String {
    session
        .selected_quote()
        .expect("a quote is selected")
        .id
        .clone()
}

#[test]
fn work_is_saved_a_few_seconds_after_a_change() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "alice").unwrap();
    select(&mut session, "Lavrov told");
    act(
        &mut session,
        Action::MakeMention(SpeakerChoice::new("Sergei Lavrov")),
    );
    let SaveState::Unsaved(at) = *session.save_state() else {
        panic!("{:?}", session.save_state())
    };
    assert!(!session.autosave(at + AUTOSAVE_AFTER / 2), "not yet");
    assert!(
        !dir.path()
            .join("annotations/syria-talks-2012/alice.ron")
            .exists()
    );
    assert!(session.autosave(at + AUTOSAVE_AFTER));
    assert_eq!(*session.save_state(), SaveState::Saved);
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
    act(
        &mut session,
        Action::MakeMention(SpeakerChoice::new("Sergei Lavrov")),
    );
    session.save_now();
    let SaveState::Failed { message, retry } = session.save_state().clone() else {
        panic!("{:?}", session.save_state())
    };
    assert!(
        message.contains("syria-talks-2012") && message.contains("kept"),
        "{message}"
    );
    assert!(session.messages().last().unwrap().error);
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
    assert_eq!(*session.save_state(), SaveState::Saved);
    assert!(folder.join("alice.ron").exists());
}

#[test]
fn switching_documents_saves_and_resumes_the_stance_target() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "gold").unwrap();
    // The gold layer of the first document last used this target.
    let last = session.layer().stances.last().unwrap().target.clone();
    assert_eq!(session.target(), Some(last.as_str()));
    act(
        &mut session,
        Action::SetStatus(sayso::model::Status::Reviewed),
    );
    act(&mut session, Action::GoTo(1));
    assert_eq!(
        *session.save_state(),
        SaveState::Saved,
        "switching saved the change"
    );
    assert_eq!(session.document().id, "harbour-strike-2019");
    let last = session.layer().stances.last().unwrap().target.clone();
    assert_eq!(session.target(), Some(last.as_str()));
}

#[test]
fn a_quote_in_quotation_marks_is_direct_and_reported_speech_indirect() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "alice").unwrap();
    select(
        &mut session,
        "\"We need to get the government and all opposition groups to sit down at the negotiating table,\"",
    );
    act(&mut session, Action::MakeQuote);
    let id = quote_id(&session);
    assert_eq!(session.layer().quote(&id).unwrap().kind, "direct");
    select(
        &mut session,
        "the search for a solution to Syria's crisis should continue",
    );
    act(&mut session, Action::MakeQuote);
    let id = quote_id(&session);
    assert_eq!(session.layer().quote(&id).unwrap().kind, "indirect");
    // Undo removes the last quote; the first stays.
    act(&mut session, Action::Undo);
    assert_eq!(session.layer().quotes.len(), 1);
}

#[test]
fn quotes_take_in_their_marks_and_reported_speech_drops_its_full_stop() {
    use sayso::model::guidelines::{quote_bounds, quote_kind};
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
    assert_eq!(quote_kind(["\u{201c}We need talks\u{201d}"]), "direct");
    assert_eq!(
        quote_kind(["to avoid \"hasty unilateral moves\" towards Syria"]),
        "mixed"
    );
    assert_eq!(quote_kind(["the talks failed"]), "indirect");
}

#[test]
fn a_possessive_mention_names_the_speaker_and_s_moves_a_mention() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "alice").unwrap();
    select(&mut session, "Lavrov's");
    act(
        &mut session,
        Action::MakeMention(SpeakerChoice::new("Sergei Lavrov")),
    );
    assert_eq!(session.layer().speakers[0].mentions[0].text, "Lavrov");
    select(&mut session, "Russia, which vetoed");
    let at = session
        .document()
        .text
        .as_str()
        .find("Russia, which")
        .unwrap();
    act(
        &mut session,
        Action::Select {
            anchor: at,
            head: at + 6,
            precise: false,
        },
    );
    act(
        &mut session,
        Action::MakeMention(SpeakerChoice::Existing("s1".into())),
    );
    // Wrong speaker: S again on the selected mention moves it to a new one.
    act(
        &mut session,
        Action::Select {
            anchor: at,
            head: at + 6,
            precise: true,
        },
    );
    act(
        &mut session,
        Action::MakeMention(SpeakerChoice::new("Russia")),
    );
    let said = &session.messages().last().unwrap().text;
    assert!(
        said.starts_with("Moved \u{201c}Russia\u{201d} from Sergei Lavrov to Russia"),
        "{said}"
    );
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
    act(
        &mut session,
        Action::Select {
            anchor: at,
            head: at + 6,
            precise: false,
        },
    );
    act(
        &mut session,
        Action::MakeMention(SpeakerChoice::new("Russia")),
    );
    act(
        &mut session,
        Action::Select {
            anchor: at + 12,
            head: at + 14,
            precise: false,
        },
    );
    act(
        &mut session,
        Action::MakeMention(SpeakerChoice::Existing("s1".into())),
    );
    select(&mut session, "it blocked the resolution on Saturday");
    act(&mut session, Action::MakeQuote);
    act(
        &mut session,
        Action::SetQuoteSpeaker(Some(SpeakerChoice::Existing("s1".into()))),
    );
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
    let quote = session.selected().cloned();
    act(
        &mut session,
        Action::Inspect(Selected::Mention {
            speaker: "s1".into(),
            span: source,
        }),
    );
    act(&mut session, Action::Delete);
    act(&mut session, Action::Inspect(quote.unwrap()));
    assert_eq!(session.selected_quote().unwrap().source, None);
    assert!(sayso::model::validate(session.project()).is_empty());
}

/// The first suggestion of `kind` in the review, by index.
fn first_of(session: &Session, kind: sayso::model::review::SuggestionKind) -> usize {
    let review = session.review().expect("reviewing");
    review
        .suggestions
        .iter()
        .position(|s| s.kind == kind)
        .expect("a suggestion of that kind")
}

#[test]
fn undoing_a_suggest_empties_the_review_instead_of_leaving_stale_suggestions() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "alice").unwrap();
    act(&mut session, Action::Suggest { all: false });
    let review = session.review().expect("Suggest starts a review");
    assert!(
        review.suggestions.len() > 20,
        "{}",
        review.suggestions.len()
    );
    // Ctrl+Z takes the suggestions back: the review follows, and Accept says why it cannot.
    act(&mut session, Action::Undo);
    let review = session.review().expect("still reviewing model:rules");
    assert!(
        review.suggestions.is_empty(),
        "{:?}",
        review.suggestions.len()
    );
    assert!(review.current.is_none());
    assert!(session.apply(Action::Accept).is_err());
    assert!(session.layer().is_empty(), "nothing was accepted");
    // Redo brings them back.
    act(&mut session, Action::Redo);
    assert!(session.review().unwrap().suggestions.len() > 20);
}

#[test]
fn a_suggestion_the_annotator_already_has_is_never_copied_twice() {
    use sayso::model::review::{State, SuggestionKind};
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "alice").unwrap();
    act(&mut session, Action::Suggest { all: false });
    let i = first_of(&session, SuggestionKind::Quote);
    let bytes = session.review().unwrap().bytes[i].clone();
    // The annotator makes the same quote by hand.
    act(
        &mut session,
        Action::Select {
            anchor: bytes.start,
            head: bytes.end,
            precise: true,
        },
    );
    act(&mut session, Action::MakeQuote);
    assert_eq!(session.layer().quotes.len(), 1);
    let review = session.review().unwrap();
    assert_eq!(review.states[i], State::Annotated);
    assert_eq!(review.counts().annotated, 1);
    // A says so and adds nothing; accept-all skips it.
    act(&mut session, Action::ReviewGo(i));
    let err = session.apply(Action::Accept).unwrap_err();
    assert!(err.contains("annotated already"), "{err}");
    assert_eq!(session.layer().quotes.len(), 1);
    act(
        &mut session,
        Action::SetBulkChoice {
            min_score: 0.0,
            only: Some(SuggestionKind::Quote),
        },
    );
    act(&mut session, Action::AcceptAll);
    let quotes = &session.layer().quotes;
    let mut places: Vec<Vec<(usize, usize)>> = quotes
        .iter()
        .map(|q| q.content.iter().map(|c| (c.start, c.end)).collect())
        .collect();
    let n = places.len();
    places.sort();
    places.dedup();
    assert_eq!(places.len(), n, "no quote twice");
    assert!(n > 1, "the other quotes were accepted");
    assert!(sayso::model::validate(session.project()).is_empty());
}

#[test]
fn find_results_belong_to_the_document_shown() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "alice").unwrap();
    act(&mut session, Action::Find("the".into()));
    let first = session.find().matches.len();
    assert!(first > 10);
    act(&mut session, Action::FindStep { forward: true });
    act(&mut session, Action::GoTo(1));
    let find = session.find();
    let text = session.document().text.as_str();
    assert!(find.current.is_none(), "no current match in a new document");
    assert!(!find.matches.is_empty());
    for m in &find.matches {
        assert_eq!(text[m.clone()].to_lowercase(), "the", "{m:?}");
    }
    assert_ne!(find.matches.len(), first);
}

#[test]
fn save_as_keeps_every_documents_own_text_and_layers() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a.txt");
    let b = tmp.path().join("b.txt");
    let bad = tmp.path().join("bad.txt");
    std::fs::write(&a, "Lavrov said the talks failed.\n").unwrap();
    std::fs::write(&b, "Lavrov said the talks failed.\n").unwrap();
    std::fs::write(&bad, [0u8, 159, 146, 150, 0, 0]).unwrap();
    let mut session = Session::from_articles(&[bad, a, b], "alice").unwrap();
    assert!(
        session.messages().last().unwrap().error,
        "the unreadable file is said"
    );
    assert_eq!(
        session.project().documents.len(),
        2,
        "same text, two documents"
    );
    // A mention in the first, a quote in the second.
    select(&mut session, "Lavrov");
    act(
        &mut session,
        Action::MakeMention(SpeakerChoice::new("Sergei Lavrov")),
    );
    act(&mut session, Action::GoTo(1));
    select(&mut session, "the talks failed");
    act(&mut session, Action::MakeQuote);
    let out = tmp.path().join("project");
    act(&mut session, Action::SaveAs(out.clone()));
    let mut reopened = Session::open(&out, "alice").unwrap();
    act(&mut reopened, Action::ReadAll);
    let docs = &reopened.project().documents;
    assert_eq!(docs.len(), 2);
    let first = docs[0].layer("alice").unwrap();
    let second = docs[1].layer("alice").unwrap();
    assert_eq!((first.speakers.len(), first.quotes.len()), (1, 0));
    assert_eq!((second.speakers.len(), second.quotes.len()), (0, 1));
    assert!(sayso::model::validate(reopened.project()).is_empty());
}

/// Another program (`sayso import`, a git pull) writes layer `layer` of the first document:
/// one noise line on line `line`.
fn written_by_another_program(root: &std::path::Path, layer: &str, line: usize) {
    let opened = sayso::store::open(root, sayso::text::DEFAULT_SIZE_LIMIT).unwrap();
    let mut project = opened.project;
    let doc = &mut project.documents[0];
    let text = doc.text.line(line).unwrap().to_string();
    let mut new = doc.layer(layer).cloned().unwrap_or_default();
    new.noise = vec![sayso::model::NoiseLine {
        line,
        category: "other".into(),
        text,
        orphaned: false,
        score: None,
    }];
    doc.layers.insert(layer.to_string(), new);
    doc.set_unsaved(layer, true);
    sayso::store::save(&sayso::store::ProjectPaths::new(root), &mut project).unwrap();
}

#[test]
fn a_layer_written_by_another_program_is_reloaded_and_undo_brings_ours_back() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "gold").unwrap();
    let ours = session.layer().clone();
    assert!(!session.check_disk(), "nothing changed yet");
    written_by_another_program(dir.path(), "gold", 2);
    assert!(session.check_disk());
    let lines: Vec<usize> = session.layer().noise.iter().map(|n| n.line).collect();
    assert_eq!(
        lines,
        vec![2],
        "the window shows what the other program wrote"
    );
    assert!(session.messages().last().unwrap().text.contains("reloaded"));
    // Saving writes nothing back over it; undo brings the window's version back.
    session.save_now();
    act(&mut session, Action::Undo);
    assert_eq!(session.layer(), &ours);
}

#[test]
fn a_layer_changed_here_and_on_disk_keeps_both_versions() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "alice").unwrap();
    select(&mut session, "Lavrov told");
    act(
        &mut session,
        Action::MakeMention(SpeakerChoice::new("Sergei Lavrov")),
    );
    written_by_another_program(dir.path(), "alice", 2);
    assert!(session.check_disk());
    let doc = session.document();
    let ours = doc.layer("alice").unwrap();
    let theirs = doc
        .layer("alice (on disk)")
        .expect("theirs kept beside ours");
    assert_eq!(ours.speakers.len(), 1, "ours kept");
    assert_eq!(theirs.noise.len(), 1, "theirs kept");
    assert!(
        session
            .messages()
            .last()
            .unwrap()
            .text
            .contains("both are kept")
    );
    // Both are on disk, and the next save overwrites neither.
    session.save_now();
    let reopened = sayso::store::open(dir.path(), sayso::text::DEFAULT_SIZE_LIMIT).unwrap();
    let doc = &reopened.project.documents[0];
    assert_eq!(doc.layer("alice").unwrap().speakers.len(), 1);
    assert_eq!(doc.layer("alice (on disk)").unwrap().noise.len(), 1);
}

#[test]
fn a_save_never_overwrites_a_layer_another_program_wrote_meanwhile() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "alice").unwrap();
    select(&mut session, "Lavrov told");
    act(
        &mut session,
        Action::MakeMention(SpeakerChoice::new("Sergei Lavrov")),
    );
    written_by_another_program(dir.path(), "alice", 3);
    // The autosave comes before the window looked at the disk.
    session.save_now();
    assert_eq!(*session.save_state(), SaveState::Saved);
    let reopened = sayso::store::open(dir.path(), sayso::text::DEFAULT_SIZE_LIMIT).unwrap();
    let doc = &reopened.project.documents[0];
    assert_eq!(doc.layer("alice").unwrap().speakers.len(), 1, "ours");
    assert_eq!(
        doc.layer("alice (on disk)").unwrap().noise[0].line,
        3,
        "theirs"
    );
}

#[test]
fn time_on_task_counts_active_time_and_leaves_out_idle_gaps() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "gold").unwrap();
    let t0 = Instant::now();
    session.record_activity(t0);
    session.record_activity(t0 + Duration::from_secs(20));
    session.record_activity(t0 + Duration::from_secs(50));
    // A coffee break: twenty minutes count nothing.
    session.record_activity(t0 + Duration::from_secs(50 + 1200));
    session.record_activity(t0 + Duration::from_secs(50 + 1200 + 10));
    assert_eq!(session.layer().active_seconds, 50 + 10);
    // Kept in the layer file.
    session.save_now();
    let reopened = sayso::store::open(dir.path(), sayso::text::DEFAULT_SIZE_LIMIT).unwrap();
    let layer = reopened.project.documents[0].layer("gold").unwrap();
    assert_eq!(layer.active_seconds, 60);
}

#[test]
fn train_in_the_window_keeps_the_model_in_the_project_and_suggest_uses_it() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "gold").unwrap();
    act(&mut session, Action::TrainSuggester);
    let model = dir.path().join(sayso::suggest::MODEL_FILE);
    assert!(model.exists(), "the model is saved beside project.ron");
    let said = &session.messages().last().unwrap().text;
    assert!(said.contains("Trained the suggester on gold"), "{said}");
    act(&mut session, Action::SetLayer("alice".into()));
    act(&mut session, Action::Suggest { all: false });
    assert!(session.review().unwrap().suggestions.len() > 10);
}
