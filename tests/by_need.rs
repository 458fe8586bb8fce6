//! The window opens a project by need (issue 15): only the document shown is read; the
//! others are read when shown or when a view needs the whole project, and a document not
//! read is never saved, reloaded or counted as changed.

mod common;
use common::{demo_copy, snapshot};

use std::path::Path;

use sayso::model::Status;
use sayso::session::{Action, SaveState, Session, SpeakerChoice};

const HARBOUR: usize = 1;

fn layer_file(root: &Path, doc: &str, layer: &str) -> std::path::PathBuf {
    root.join("annotations")
        .join(doc)
        .join(format!("{layer}.ron"))
}

/// Makes an annotation in the current document of `session`, editing its layer.
fn annotate(session: &mut Session, needle: &str) {
    let at = session.document().text.as_str().find(needle).unwrap();
    let select = Action::Select {
        anchor: at,
        head: at + needle.len(),
        precise: false,
    };
    session.apply(select).unwrap();
    session
        .apply(Action::MakeMention(SpeakerChoice::new(needle)))
        .unwrap();
}

#[test]
fn opening_reads_the_first_document_only_and_the_list_counts_the_others_from_the_index() {
    let dir = demo_copy();
    let session = Session::open(dir.path(), "gold").unwrap();
    let docs = &session.project().documents;
    assert!(docs[0].is_read());
    assert!(
        docs[1..].iter().all(|d| !d.is_read()),
        "only the first is read"
    );
    // The harbour strike's gold layer, as its file says, without reading it.
    let summary = docs[HARBOUR].layer_summary("gold").unwrap();
    assert_eq!(summary.status, Status::Done);
    let file = std::fs::read_to_string(layer_file(dir.path(), "harbour-strike-2019", "gold"));
    assert_eq!(
        summary.quotes,
        file.unwrap().matches("content:").count(),
        "the index counts the quotes of the file"
    );
    assert!(session.layer_names().contains(&"gold".to_string()));
    assert_eq!(*session.save_state(), SaveState::Saved, "nothing to save");
}

#[test]
fn going_to_a_document_reads_it_with_its_annotations() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "gold").unwrap();
    session.apply(Action::GoTo(HARBOUR)).unwrap();
    assert_eq!(session.doc_index(), HARBOUR);
    assert!(session.document().is_read());
    assert!(session.document().text.as_str().contains("Åberg"));
    let gold = session.layer();
    assert!(gold.speakers.iter().any(|s| s.name == "Erik Åberg"));
    assert_eq!(session.layer().status, Status::Done);
}

#[test]
fn saving_writes_nothing_of_documents_not_read() {
    let dir = demo_copy();
    let root = dir.path();
    let mut session = Session::open(root, "alice").unwrap();
    let before = snapshot(root);
    annotate(&mut session, "Lavrov");
    session.apply(Action::Save).unwrap();
    let after = snapshot(root);
    let written: Vec<_> = (after.iter())
        .filter(|(p, bytes)| before.get(*p) != Some(bytes))
        .map(|(p, _)| p.strip_prefix(root).unwrap().to_path_buf())
        .filter(|p| !p.starts_with(".sayso-cache") && !p.starts_with(".sayso.lock"))
        .collect();
    assert_eq!(
        written,
        vec![Path::new("annotations/syria-talks-2012/alice.ron").to_path_buf()],
        "only the edited layer is written"
    );
    // The project as a whole reads back with all four documents and their gold layers.
    let project = common::open(root);
    assert_eq!(project.documents.len(), 4);
    assert!(project.documents.iter().all(|d| d.layer("gold").is_some()));
}

#[test]
fn a_layer_changed_on_disk_before_its_document_is_read_is_read_as_the_disk_has_it() {
    let dir = demo_copy();
    let root = dir.path();
    let mut session = Session::open(root, "gold").unwrap();
    // A teammate's pull changes the harbour strike's gold layer: done → in progress.
    let path = layer_file(root, "harbour-strike-2019", "gold");
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("status: Done", "status: InProgress");
    std::fs::write(&path, &theirs).unwrap();
    assert!(
        !session.check_disk(),
        "a document not read has nothing to reload"
    );
    session.apply(Action::GoTo(HARBOUR)).unwrap();
    assert_eq!(session.layer().status, Status::InProgress, "their version");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs, "kept");
}

#[test]
fn a_document_that_cannot_be_read_is_named_and_the_window_stays_where_it_was() {
    let dir = demo_copy();
    let root = dir.path();
    let path = layer_file(root, "harbour-strike-2019", "gold");
    let broken =
        std::fs::read_to_string(&path)
            .unwrap()
            .replacen("status: Done", "status: Done,,", 1);
    std::fs::write(&path, &broken).unwrap();
    // The window opens all the same, on the first document, and says what is wrong.
    let mut session = Session::open(root, "gold").unwrap();
    assert_eq!(session.doc_index(), 0);
    let said = session
        .messages()
        .iter()
        .map(|m| m.text.clone())
        .collect::<Vec<_>>();
    assert!(said.iter().any(|m| m.contains("gold.ron")), "{said:?}");
    let error = session.apply(Action::GoTo(HARBOUR)).unwrap_err();
    assert!(error.contains("harbour-strike-2019"), "{error}");
    assert!(
        error.contains("gold.ron:6:"),
        "the line of the bad file: {error}"
    );
    assert_eq!(session.doc_index(), 0, "still on the first document");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken, "untouched");
}

#[test]
fn views_of_the_whole_project_read_every_document_first() {
    let dir = demo_copy();
    let mut session = Session::open(dir.path(), "alice").unwrap();
    assert!(!session.all_read());
    session.apply(Action::ReadAll).unwrap();
    assert!(session.all_read());
    assert_eq!(
        *session.save_state(),
        SaveState::Saved,
        "reading changes nothing"
    );
    let eval = sayso::metrics::evaluate_project(session.project(), "gold", "gold");
    assert_eq!(eval.documents.len(), 4, "every document is scored");
}

#[test]
fn a_document_whose_article_changed_is_re_anchored_when_read_and_saved() {
    let dir = demo_copy();
    let root = dir.path();
    let article = root.join("articles/harbour-strike-2019.txt");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, format!("UPDATED 12:00\n{text}")).unwrap();
    let mut session = Session::open(root, "gold").unwrap();
    session.apply(Action::GoTo(HARBOUR)).unwrap();
    let mention = &session.layer().speakers[0].mentions[0];
    let shown = &session.document().text.as_str()[session
        .document()
        .text
        .char_to_byte(mention.start)
        .unwrap()
        ..session.document().text.char_to_byte(mention.end).unwrap()];
    assert_eq!(shown, mention.text, "the mention moved with its words");
    // Switching documents saves: the re-anchored layer is on disk already.
    let saved = std::fs::read_to_string(layer_file(root, "harbour-strike-2019", "gold")).unwrap();
    let sha = sayso::text::sha256_hex(session.document().text.as_str());
    assert!(saved.contains(&sha), "re-anchored to the new article");
}

/// A project of `n` short articles, `doc-000` … in `root`.
#[cfg(feature = "gui")]
fn many_documents(root: &Path, n: usize) {
    let project = sayso::store::create(root, "many").unwrap();
    let articles = tempfile::tempdir().unwrap();
    let files: Vec<_> = (0..n)
        .map(|i| {
            let file = articles.path().join(format!("doc-{i:03}.txt"));
            std::fs::write(&file, format!("Story {i}.\n\"We agree,\" she said.\n")).unwrap();
            file
        })
        .collect();
    let paths = sayso::store::ProjectPaths::new(root);
    let mut project = project;
    let added = sayso::store::add_articles(&paths, &mut project, &files, 1 << 20).unwrap();
    assert!(added.iter().all(Result::is_ok));
    sayso::store::save(&paths, &mut project).unwrap();
}

/// The document list lays out only the rows in view, and the wheel over it (through the
/// window's input filter, as eframe sends it) scrolls it to the last document.
#[cfg(feature = "gui")]
#[test]
fn the_wheel_scrolls_a_long_document_list_to_its_end() {
    use egui_kittest::kittest::Queryable as _;
    let dir = tempfile::tempdir().unwrap();
    many_documents(dir.path(), 300);
    let mut h = common::window(dir.path(), 700.0);
    h.run();
    assert!(h.query_by_label("doc-000").is_some());
    assert!(
        h.query_by_label("doc-299").is_none(),
        "not laid out out of view"
    );
    let over_list = h.get_by_label("doc-003").rect().center();
    for _ in 0..150 {
        let ctx = h.ctx.clone();
        let mut raw = egui::RawInput {
            events: vec![
                egui::Event::PointerMoved(over_list),
                egui::Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Line,
                    delta: egui::vec2(0.0, -3.0),
                    modifiers: egui::Modifiers::NONE,
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Wheel,
                },
            ],
            ..Default::default()
        };
        h.state_mut().filter_input(&ctx, &mut raw);
        h.input_mut().events.extend(raw.events);
        h.run_steps(8);
    }
    assert!(h.query_by_label("doc-299").is_some(), "scrolled to the end");
    assert!(h.query_by_label("doc-000").is_none());
    let session = h.state().session.as_ref().unwrap();
    assert_eq!(
        session
            .project()
            .documents
            .iter()
            .filter(|d| d.is_read())
            .count(),
        1,
        "scrolling the list reads no document"
    );
}

/// A teammate's pull changes a document the window has not read: the document list shows
/// its new counts once the watcher has seen it.
#[test]
fn the_list_counts_what_a_teammate_wrote_to_a_document_not_read() {
    let dir = demo_copy();
    let root = dir.path();
    let mut session = Session::open(root, "gold").unwrap();
    session.watch(|| {});
    std::thread::sleep(std::time::Duration::from_millis(100));
    let path = layer_file(root, "harbour-strike-2019", "gold");
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("status: Done", "status: InProgress");
    std::fs::write(&path, &theirs).unwrap();
    let started = std::time::Instant::now();
    while !session.disk_changed() {
        assert!(started.elapsed().as_secs() < 5, "the watcher saw no change");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(session.check_disk());
    let doc = &session.project().documents[HARBOUR];
    assert_eq!(doc.layer_status("gold"), Status::InProgress);
    assert_eq!(
        *session.save_state(),
        SaveState::Saved,
        "nothing of ours to save"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
}

/// Scores, the team window and export take in the whole project: opening one reads every
/// document first, so none is left out.
#[cfg(feature = "gui")]
#[test]
fn the_scores_window_scores_every_document_not_only_those_read() {
    use egui_kittest::kittest::Queryable as _;
    let dir = demo_copy();
    let mut h = common::window(dir.path(), 900.0);
    common::settle(&mut h);
    h.state_mut().act(Action::SetLayer("gold".into()));
    assert!(!h.state().session.as_ref().unwrap().all_read());
    h.state_mut().queue(sayso::ui::command::Command::Scores);
    common::settle(&mut h);
    assert!(h.state().session.as_ref().unwrap().all_read());
    assert!(
        h.query_by_label_contains("4 documents, micro-averaged")
            .is_some()
    );
}
