//! Property test: any sequence of edits, undone completely, restores the original layers
//! exactly; redone, gives the final ones; and undo/redo in between walks the same states.
//! Edits are drawn from the operations annotators use (see `src/model/ops.rs`) and start
//! from the demo project's hand-made gold layer.

use std::sync::OnceLock;

use proptest::prelude::*;
use sayso::model::{Document, Edit, Layer, NoiseLine, Quote, Span, Speaker, Stance, Status};
use sayso::store;
use unicode_segmentation::UnicodeSegmentation;

fn demo_document() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| {
        let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo");
        let opened = store::open(&demo, store_limit()).expect("demo project opens");
        opened
            .project
            .document("climate-summit-2023")
            .expect("demo document")
            .clone()
    })
}

fn store_limit() -> u64 {
    sayso::text::DEFAULT_SIZE_LIMIT
}

/// An operation, with numbers that pick what it applies to in the current state.
#[derive(Debug, Clone)]
enum Op {
    AddSpeaker(usize),
    AddMention(usize, usize),
    RemoveMention(usize, usize),
    RenameSpeaker(usize),
    RemoveSpeaker(usize),
    MergeSpeakers(usize, usize),
    AddQuote(usize, usize, usize),
    SetCue(usize, usize),
    RemoveQuote(usize),
    PutStance(usize, usize, usize),
    RemoveStance(usize),
    SetNoise(usize, Option<usize>),
    SetStatus(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let n = || 0..1000usize;
    prop_oneof![
        n().prop_map(Op::AddSpeaker),
        (n(), n()).prop_map(|(a, b)| Op::AddMention(a, b)),
        (n(), n()).prop_map(|(a, b)| Op::RemoveMention(a, b)),
        n().prop_map(Op::RenameSpeaker),
        n().prop_map(Op::RemoveSpeaker),
        (n(), n()).prop_map(|(a, b)| Op::MergeSpeakers(a, b)),
        (n(), n(), n()).prop_map(|(a, b, c)| Op::AddQuote(a, b, c)),
        (n(), n()).prop_map(|(a, b)| Op::SetCue(a, b)),
        n().prop_map(Op::RemoveQuote),
        (n(), n(), n()).prop_map(|(a, b, c)| Op::PutStance(a, b, c)),
        n().prop_map(Op::RemoveStance),
        (n(), prop::option::of(0..6usize)).prop_map(|(a, b)| Op::SetNoise(a, b)),
        (0..4usize).prop_map(Op::SetStatus),
    ]
}

/// Code-point ranges of the words of the text.
fn words(doc: &Document) -> Vec<(usize, usize)> {
    let t = &doc.text;
    t.as_str()
        .unicode_word_indices()
        .map(|(i, w)| {
            let r = t.byte_range_to_chars(i..i + w.len()).unwrap();
            (r.start, r.end)
        })
        .collect()
}

/// The edit `op` stands for in `layer`, if it applies.
fn edit_for(op: &Op, doc: &Document, layer: &Layer, words: &[(usize, usize)]) -> Option<Edit> {
    let span = |i: usize| {
        let (s, e) = words[i % words.len()];
        Span::new(&doc.text, s, e).unwrap()
    };
    let pick = |n: usize, len: usize| (len > 0).then(|| n % len);
    let speaker = |n: usize| pick(n, layer.speakers.len()).map(|i| &layer.speakers[i]);
    let quote = |n: usize| pick(n, layer.quotes.len()).map(|i| &layer.quotes[i]);
    Some(match *op {
        Op::AddSpeaker(w) => Edit::add_speaker(
            layer,
            Speaker {
                id: layer.next_id("s"),
                name: span(w).text,
                kind: "person".into(),
                mentions: vec![span(w)],
                score: None,
            },
        ),
        Op::AddMention(s, w) => Edit::add_mention(layer, &speaker(s)?.id, span(w))?,
        Op::RemoveMention(s, m) => {
            let s = speaker(s)?;
            let m = &s.mentions[pick(m, s.mentions.len())?];
            Edit::remove_mention(layer, &s.id, m)?
        }
        Op::RenameSpeaker(s) => {
            let mut s = speaker(s)?.clone();
            s.name.push('!');
            s.kind = "group".into();
            Edit::update_speaker(layer, s)?
        }
        Op::RemoveSpeaker(s) => Edit::remove_speaker(layer, &speaker(s)?.id)?,
        Op::MergeSpeakers(a, b) => Edit::merge_speakers(layer, &speaker(a)?.id, &speaker(b)?.id)?,
        Op::AddQuote(w, s, c) => Edit::add_quote(
            layer,
            Quote {
                id: layer.next_id("q"),
                kind: "indirect".into(),
                content: vec![span(w), span(w + 3)],
                cue: Some(span(c)),
                source: speaker(s).and_then(|s| s.mentions.first().cloned()),
                speaker: speaker(s).map(|s| s.id.clone()),
                score: Some(0.5),
            },
        ),
        Op::SetCue(q, w) => {
            let mut q = quote(q)?.clone();
            q.cue = Some(span(w));
            q.content[0] = span(w + 1);
            Edit::update_quote(layer, q)?
        }
        Op::RemoveQuote(q) => Edit::remove_quote(layer, &quote(q)?.id)?,
        Op::PutStance(s, q, l) => {
            let existing = pick(l, layer.stances.len()).filter(|_| l % 2 == 0);
            Edit::put_stance(
                layer,
                Stance {
                    id: existing
                        .map_or_else(|| layer.next_id("t"), |i| layer.stances[i].id.clone()),
                    holder: speaker(s)?.id.clone(),
                    target: "the loss and damage fund".into(),
                    label: ["favor", "against", "neutral"][l % 3].into(),
                    evidence: vec![quote(q)?.id.clone()],
                    score: None,
                },
            )
        }
        Op::RemoveStance(t) => {
            Edit::remove_stance(layer, &layer.stances[pick(t, layer.stances.len())?].id)?
        }
        Op::SetNoise(line, category) => {
            let line = line % doc.line_count();
            let noise = category.map(|c| NoiseLine {
                line,
                category: [
                    "dateline",
                    "byline",
                    "navigation",
                    "advertisement",
                    "caption",
                    "other",
                ][c]
                    .into(),
                text: doc.text.line(line).unwrap().to_string(),
                orphaned: false,
                score: None,
            });
            Edit::set_noise(layer, line, noise)?
        }
        Op::SetStatus(s) => Edit::set_status(
            [
                Status::Todo,
                Status::InProgress,
                Status::Done,
                Status::Reviewed,
            ][s],
        ),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn undo_restores_every_state_and_redo_replays_them(ops in prop::collection::vec((op(), any::<bool>()), 1..60)) {
        let mut doc = demo_document().clone();
        let words = words(&doc);
        let mut states = vec![doc.layers.clone()];
        for (op, on_gold) in &ops {
            let name = if *on_gold { "gold" } else { "alice" };
            let layer = doc.layers.get(name).cloned().unwrap_or_else(|| Layer::new(&doc.sha256));
            if let Some(edit) = edit_for(op, &doc, &layer, &words) {
                doc.apply(name, edit).expect("an edit built from the current layer applies");
                states.push(doc.layers.clone());
            }
        }
        let drop_empty = |mut layers: std::collections::BTreeMap<String, Layer>| {
            // A layer created by the first edit stays, empty, after undo: that is fine.
            layers.retain(|_, l| !l.is_empty() || l.status != Status::Todo);
            layers
        };
        for expected in states.iter().rev().skip(1) {
            prop_assert!(doc.undo().unwrap());
            prop_assert_eq!(drop_empty(doc.layers.clone()), drop_empty(expected.clone()));
        }
        prop_assert!(!doc.undo().unwrap(), "nothing left to undo");
        for expected in states.iter().skip(1) {
            prop_assert!(doc.redo().unwrap());
            prop_assert_eq!(&drop_empty(doc.layers.clone()), &drop_empty(expected.clone()));
        }
        prop_assert!(!doc.redo().unwrap(), "nothing left to redo");
        prop_assert_eq!(drop_empty(doc.layers.clone()), drop_empty(states.last().unwrap().clone()));
    }

    #[test]
    fn a_new_edit_after_undo_drops_the_redo_branch(n in 1..10usize) {
        let mut doc = demo_document().clone();
        for i in 0..n {
            doc.apply("gold", Edit::set_status([Status::Todo, Status::Done][i % 2])).unwrap();
        }
        doc.undo().unwrap();
        prop_assert!(doc.history.can_redo());
        doc.apply("gold", Edit::set_status(Status::Reviewed)).unwrap();
        prop_assert!(!doc.history.can_redo());
        prop_assert!(!doc.redo().unwrap());
        prop_assert_eq!(doc.layer("gold").unwrap().status, Status::Reviewed);
    }
}

#[test]
fn edits_mark_only_their_layer_unsaved() {
    let mut doc = demo_document().clone();
    assert!(!doc.is_unsaved());
    doc.apply("alice", Edit::set_status(Status::InProgress))
        .unwrap();
    assert_eq!(doc.unsaved_layers().collect::<Vec<_>>(), ["alice"]);
    doc.set_unsaved("alice", false);
    doc.undo().unwrap();
    assert_eq!(
        doc.unsaved_layers().collect::<Vec<_>>(),
        ["alice"],
        "undo is a change to save too"
    );
}
