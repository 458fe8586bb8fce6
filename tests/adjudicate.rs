//! Compare and adjudicate in the real window, driven headless with egui_kittest: two
//! annotators' layers with known differences, the agreed items accepted in one step, each
//! difference settled from the keyboard, undo and redo, marked reviewed, saved, and the
//! gold layer file checked; reopening resumes with everything settled.

mod common;
use common::demo_copy;

use std::path::Path;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sayso::adjudicate::UnitKind;
use sayso::model::{Decision, Layer, Span, Speaker, Status};
use sayso::store::ProjectPaths;
use sayso::ui::SaysoApp;

const DOC: &str = "syria-talks-2012";

fn app(project: &Path) -> Harness<'static, SaysoApp> {
    common::window(project, 1400.0)
}

use common::settle;

fn press(h: &mut Harness<'_, SaysoApp>, key: Key) {
    h.key_press(key);
    settle(h);
}

fn session<'a>(h: &'a Harness<'_, SaysoApp>) -> &'a sayso::session::Session {
    h.state().session.as_ref().expect("a project is open")
}

fn gold(h: &Harness<'_, SaysoApp>) -> Layer {
    session(h)
        .document()
        .layer("gold")
        .cloned()
        .unwrap_or_default()
}

fn progress(h: &mut Harness<'_, SaysoApp>) -> sayso::adjudicate::Progress {
    let s = session(h);
    s.compare().expect("comparing").progress(s.layer())
}

fn current_kind(h: &Harness<'_, SaysoApp>) -> UnitKind {
    let c = session(h).compare().expect("comparing");
    c.current_unit().expect("a current difference").kind
}

/// The demo's gold layer of DOC as Alice's, and Bob's: Alice's with one quote ending a
/// word early, the first noise line left out, the first stance's label flipped, the first
/// speaker of another kind, and a mention Alice does not have. The document's gold layer is removed: adjudication
/// starts from nothing.
fn two_annotators(dir: &Path) -> (Layer, Layer) {
    let paths = ProjectPaths::new(dir);
    let mut project = sayso::store::open(dir, sayso::text::DEFAULT_SIZE_LIMIT)
        .unwrap()
        .project;
    let doc = project.documents.iter_mut().find(|d| d.id == DOC).unwrap();
    let alice = doc.layers.remove("gold").unwrap();
    let mut bob = alice.clone();

    // A quote no stance cites, one word shorter.
    let cited = |id: &str| {
        alice
            .stances
            .iter()
            .any(|s| s.evidence.iter().any(|e| e == id))
    };
    let q = bob
        .quotes
        .iter_mut()
        .find(|q| q.content.len() == 1 && !cited(&q.id) && q.content[0].text.contains(' '))
        .expect("a quote to change");
    let content = &q.content[0];
    let last_space = content.text.trim_end().rfind(' ').unwrap();
    let end = content.start + content.text[..last_space].chars().count();
    q.content[0] = Span::new(&doc.text, content.start, end).unwrap();
    let shortened = q.content[0].clone();

    bob.noise.remove(0);
    let flipped = &mut bob.stances[0];
    flipped.label = if flipped.label == "favor" {
        "against"
    } else {
        "favor"
    }
    .into();

    let kind = &mut bob.speakers[0].kind;
    *kind = if kind == "person" {
        "organization"
    } else {
        "person"
    }
    .into();

    // "Damascus" where nobody marked a mention.
    let text = doc.text.as_str();
    let taken = |s: &Span| alice.spans().any(|m| m.overlaps(s));
    let extra = text
        .match_indices("Damascus")
        .map(|(at, w)| {
            let start = text[..at].chars().count();
            Span::new(&doc.text, start, start + w.chars().count()).unwrap()
        })
        .find(|s| !taken(s))
        .expect("an unmarked word");
    bob.speakers.push(Speaker {
        id: bob.next_id("s"),
        name: "Damascus".into(),
        kind: "government".into(),
        mentions: vec![extra],
        score: None,
    });

    doc.layers.insert("alice".into(), alice.clone());
    doc.layers.insert("bob".into(), bob.clone());
    doc.set_unsaved("alice", true);
    doc.set_unsaved("bob", true);
    sayso::store::save(&paths, &mut project).unwrap();
    std::fs::remove_file(paths.layer_file(DOC, "gold")).unwrap();
    assert!(shortened.text.len() < 200);
    (alice, bob)
}

/// Ticks Alice's and Bob's layers in the top bar's Compare picker.
fn compare_alice_and_bob(h: &mut Harness<'_, SaysoApp>) {
    h.get_by_label("choose layers…").click();
    settle(h);
    h.get_by_label("alice").click();
    settle(h);
    h.get_by_label("bob").click();
    settle(h);
    press(h, Key::Escape);
}

#[test]
fn adjudicate_two_layers_into_gold_from_the_keyboard_and_resume_after_reopening() {
    let dir = demo_copy();
    let (alice, bob) = two_annotators(dir.path());
    let mut h = app(dir.path());
    settle(&mut h);
    assert_eq!(session(&h).document().id, DOC);

    compare_alice_and_bob(&mut h);
    {
        let s = session(&h);
        let c = s.compare().expect("comparing");
        assert_eq!(c.layers, vec!["alice".to_string(), "bob".to_string()]);
        assert_eq!(s.layer_name(), "gold", "compare mode edits gold");
    }
    let p = progress(&mut h);
    assert_eq!(p.differences, 5, "{p:?}");
    assert_eq!(p.settled, 0);
    // Whose version is which: each side by number and name in the panel.
    h.get_by_label_contains("1 alice:");
    h.get_by_label_contains("2 bob:");

    // Everything they agree on, in one step (and one undo).
    h.key_press_modifiers(Modifiers::SHIFT, Key::A);
    settle(&mut h);
    let p = progress(&mut h);
    assert_eq!(p.settled, p.agreed, "{p:?}");
    let g = gold(&h);
    assert_eq!(
        g.noise.len(),
        alice.noise.len() - 1,
        "all but the disputed line"
    );
    assert_eq!(g.quotes.len(), alice.quotes.len() - 1);
    assert_eq!(g.stances.len(), alice.stances.len() - 1);

    // Not reviewed while differences are open.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    settle(&mut h);
    assert_ne!(gold(&h).status, Status::Reviewed);
    assert!(session(&h).messages().last().unwrap().error);

    // Each difference by its key: Bob's quote (2), Alice's noise line (1), Bob's stance
    // label (2), Bob's speaker kind (2), neither for Bob's extra mention (0). The current
    // one moves on by itself.
    for _ in 0..5 {
        let key = match current_kind(&h) {
            UnitKind::Quote => Key::Num2,
            UnitKind::Noise => Key::Num1,
            UnitKind::Stance => Key::Num2,
            UnitKind::Speaker => Key::Num2,
            UnitKind::Mention => Key::Num0,
        };
        let before = progress(&mut h).settled;
        press(&mut h, key);
        assert_eq!(progress(&mut h).settled, before + 1);
    }
    assert!(progress(&mut h).done());

    // Undo takes the last decision back with its edit; redo settles it again.
    let settled = gold(&h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert!(!progress(&mut h).done());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    settle(&mut h);
    assert!(progress(&mut h).done());
    assert_eq!(gold(&h), settled);

    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    settle(&mut h);
    assert_eq!(gold(&h).status, Status::Reviewed);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut h);

    // The gold file: Alice's noise lines, Bob's quote and stance label, no extra mention,
    // and every decision.
    let file = ProjectPaths::new(dir.path()).layer_file(DOC, "gold");
    let saved = std::fs::read_to_string(&file).expect("gold was written");
    assert!(saved.contains("status: Reviewed"), "{saved}");
    assert!(saved.contains("\"compare:alice,bob\""), "{saved}");
    assert!(
        !saved.contains("Damascus"),
        "neither: the extra mention stayed out"
    );
    let project = sayso::store::open(dir.path(), sayso::text::DEFAULT_SIZE_LIMIT)
        .unwrap()
        .project;
    let on_disk = project
        .document(DOC)
        .unwrap()
        .layer("gold")
        .unwrap()
        .clone();
    let lines = |l: &Layer| -> Vec<(usize, String)> {
        l.noise
            .iter()
            .map(|n| (n.line, n.category.clone()))
            .collect()
    };
    assert_eq!(lines(&on_disk), lines(&alice));
    let contents = |l: &Layer| -> Vec<(usize, usize, String)> {
        let mut c: Vec<_> = l
            .quotes
            .iter()
            .map(|q| (q.content[0].start, q.content[0].end, q.kind.clone()))
            .collect();
        c.sort();
        c
    };
    assert_eq!(contents(&on_disk), contents(&bob));
    let mentions = |l: &Layer| -> Vec<(usize, usize)> {
        let mut m: Vec<_> = l.spans().map(|s| (s.start, s.end)).collect();
        m.sort();
        m.dedup();
        m
    };
    assert_eq!(mentions(&on_disk).len(), mentions(&bob).len() - 1);
    let names = |l: &Layer| -> Vec<(String, usize)> {
        let mut v: Vec<_> = l
            .speakers
            .iter()
            .map(|s| (s.name.clone(), s.mentions.len()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names(&on_disk),
        names(&alice),
        "the same speakers, none merged"
    );
    let kind_of = |l: &Layer| -> String {
        let name = &bob.speakers[0].name;
        let s = l.speakers.iter().find(|s| &s.name == name).unwrap();
        s.kind.clone()
    };
    assert_eq!(
        kind_of(&on_disk),
        bob.speakers[0].kind,
        "Bob's kind was taken"
    );
    let labels = |l: &Layer| -> Vec<(String, String)> {
        let mut v: Vec<_> = l
            .stances
            .iter()
            .map(|s| (s.target.clone(), s.label.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(labels(&on_disk), labels(&bob));
    let decisions = &on_disk.reviews["compare:alice,bob"];
    assert_eq!(decisions.len(), progress(&mut h).units);
    assert_eq!(
        decisions
            .values()
            .filter(|d| **d == Decision::Rejected)
            .count(),
        1,
        "only the extra mention went"
    );
    assert!(sayso::model::validate(&project).is_empty());

    // Exported as sayso JSONL, reviewed documents only: this one, as settled.
    let out = tempfile::tempdir().unwrap();
    let options = sayso::formats::ExportOptions {
        layer: "gold".into(),
        format: sayso::formats::ExportFormat::Jsonl,
        out: out.path().join("gold-export"),
        only_reviewed: true,
        force: false,
    };
    let exported = sayso::formats::export(&project, &options, &mut |_, _| {}).unwrap();
    assert_eq!(exported.counts.documents, 1);
    let jsonl = std::fs::read_to_string(options.out.join("gold.jsonl")).unwrap();
    let records: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record["id"], DOC);
    assert_eq!(record["layer"], "gold");
    assert_eq!(record["quotes"].as_array().unwrap().len(), bob.quotes.len());
    assert_eq!(record["noise"].as_array().unwrap().len(), alice.noise.len());
    assert_eq!(
        record["stances"].as_array().unwrap().len(),
        bob.stances.len()
    );
    let speakers = record["speakers"].as_array().unwrap();
    assert_eq!(speakers.len(), alice.speakers.len());
    assert!(speakers.iter().all(|s| s["name"] != "Damascus"));

    // Reopened: the same comparison resumes with everything settled and reviewed.
    drop(h);
    let mut h = app(dir.path());
    settle(&mut h);
    compare_alice_and_bob(&mut h);
    let p = progress(&mut h);
    assert!(p.done() && p.differences == 5, "{p:?}");
    assert_eq!(gold(&h).status, Status::Reviewed);
    h.get_by_label_contains("5 differences, 5 settled");
}
