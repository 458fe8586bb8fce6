//! Review mode in the real window (egui_kittest, headless): run the built-in suggester
//! from the menu, accept and reject suggestions with A and R, bulk-accept above a score,
//! undo and redo decisions, save, reopen, and resume where the review stopped.

mod common;
use common::demo_copy;

use std::path::Path;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sayso::model::review::{self, Counts, SuggestionKind};
use sayso::model::{Decision, Layer};
use sayso::session::Session;
use sayso::ui::SaysoApp;

const PREDICTION: &str = "model:rules";

fn app(project: &Path) -> Harness<'static, SaysoApp> {
    common::window(project, 1400.0)
}

use common::settle;

fn press(h: &mut Harness<'_, SaysoApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    settle(h);
}

fn session<'a>(h: &'a Harness<'_, SaysoApp>) -> &'a Session {
    h.state().session.as_ref().expect("a project is open")
}

fn counts(h: &Harness<'_, SaysoApp>) -> Counts {
    session(h).review().map(|r| r.counts()).unwrap_or_default()
}

fn mine(h: &Harness<'_, SaysoApp>) -> Layer {
    session(h).layer().clone()
}

/// The current suggestion's key and kind.
fn current(h: &Harness<'_, SaysoApp>) -> (String, SuggestionKind) {
    let review = session(h).review().expect("reviewing");
    let s = &review.suggestions[review.current.expect("a current suggestion")];
    (s.key.clone(), s.kind)
}

fn decision(h: &Harness<'_, SaysoApp>, key: &str) -> Option<Decision> {
    review::decision(session(h).layer(), PREDICTION, key)
}

fn choose_review_layer(h: &mut Harness<'_, SaysoApp>) {
    h.get_by_label("Review:").click();
    settle(h);
    h.get_by_label(PREDICTION).click();
    settle(h);
}

#[test]
fn review_suggestions_accept_reject_bulk_undo_and_resume_after_reopening() {
    let dir = demo_copy();
    let mut h = app(dir.path());
    settle(&mut h);

    // Suggest from the menu: the layer appears and is shown for review.
    h.get_by_label("Review").hover();
    settle(&mut h);
    h.get_by_label("Review").click();
    settle(&mut h);
    // (Menu items without a shortcut end their label with a space.)
    h.get_by_label_contains("Suggest with the built-in rules (this document)")
        .click();
    settle(&mut h);
    let review = session(&h).review().expect("reviewing the suggestions");
    assert_eq!(review.prediction, PREDICTION);
    let total = review.suggestions.len();
    assert!(total > 20, "{total} suggestions");
    assert_eq!(
        counts(&h),
        Counts {
            pending: total,
            accepted: 0,
            rejected: 0,
            annotated: 0,
        }
    );

    // The first suggestion is the dateline: A puts it in the annotator's layer.
    let (key, kind) = current(&h);
    assert_eq!((key.as_str(), kind), ("noise 0", SuggestionKind::Noise));
    press(&mut h, Modifiers::NONE, Key::A);
    assert_eq!(decision(&h, "noise 0"), Some(Decision::Accepted));
    let layer = mine(&h);
    assert_eq!(layer.noise.len(), 1);
    assert_eq!(layer.noise[0].line, 0);
    assert_eq!(
        layer.noise[0].score, None,
        "the annotator's copy carries no score"
    );
    assert_ne!(
        current(&h).0,
        "noise 0",
        "A moves on to the next pending suggestion"
    );

    // J until a quote with a cue and a source; A copies it with its cue, source and
    // speaker.
    let complete = |h: &Harness<'_, SaysoApp>| {
        let session = session(h);
        let review = session.review().unwrap();
        let s = &review.suggestions[review.current.unwrap()];
        let pred = &session.document().layers[PREDICTION];
        match &s.item {
            review::Suggested::Quote(id) => {
                let q = pred.quote(id).unwrap();
                q.cue.is_some() && q.source.is_some() && q.speaker.is_some()
            }
            _ => false,
        }
    };
    for _ in 0..total {
        if complete(&h) {
            break;
        }
        press(&mut h, Modifiers::NONE, Key::J);
    }
    let (quote_key, kind) = current(&h);
    assert_eq!(kind, SuggestionKind::Quote);
    press(&mut h, Modifiers::NONE, Key::A);
    let layer = mine(&h);
    assert_eq!(layer.quotes.len(), 1);
    let quote = &layer.quotes[0];
    let speaker = layer
        .speaker(quote.speaker.as_deref().expect("a speaker"))
        .expect("the speaker exists in the annotator's layer");
    let source = quote.source.as_ref().expect("a source");
    assert!(quote.cue.is_some(), "the cue came along");
    assert!(
        speaker.mentions.contains(source),
        "the source is the speaker's mention"
    );
    assert!(
        sayso::model::validate_document(session(&h).document(), &session(&h).project().schema)
            .iter()
            .all(|p| !p.to_string().contains("tester"))
    );
    assert_eq!(decision(&h, &quote_key), Some(Decision::Accepted));

    // R rejects the next one; undo takes the decision back, redo puts it again.
    let (rejected, _) = current(&h);
    press(&mut h, Modifiers::NONE, Key::R);
    assert_eq!(decision(&h, &rejected), Some(Decision::Rejected));
    assert_eq!(counts(&h).rejected, 1);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(decision(&h, &rejected), None);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(decision(&h, &rejected), Some(Decision::Rejected));

    // Shift+A accepts every pending suggestion scored 0.8 or more, as one undo step.
    let before = counts(&h);
    let review = session(&h).review().unwrap();
    let strong = review
        .suggestions
        .iter()
        .filter(|s| decision(&h, &s.key).is_none() && s.score.unwrap_or(1.0) >= 0.8)
        .count();
    assert!(strong > 0);
    press(&mut h, Modifiers::SHIFT, Key::A);
    let after = counts(&h);
    assert!(after.accepted > before.accepted, "{after:?}");
    assert!(after.accepted <= before.accepted + strong, "{after:?}");
    assert_eq!(after.pending + after.accepted + after.rejected, total);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        counts(&h),
        before,
        "one undo takes back the whole bulk accept"
    );
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(counts(&h), after);
    let accepted_layer = mine(&h);

    // Saved with the annotator's layer; reopening resumes the review where it stopped.
    press(&mut h, Modifiers::COMMAND, Key::S);
    let file = dir.path().join("annotations/syria-talks-2012/tester.ron");
    let saved = std::fs::read_to_string(&file).expect("the layer file is written");
    assert!(
        saved.contains("reviews:") && saved.contains("\"model:rules\""),
        "{saved}"
    );
    drop(h);

    let mut h = app(dir.path());
    settle(&mut h);
    choose_review_layer(&mut h);
    assert_eq!(counts(&h), after, "the review resumes where it stopped");
    assert_eq!(mine(&h), accepted_layer);
    let (key, _) = current(&h);
    assert_eq!(
        decision(&h, &key),
        None,
        "J/K/A/R start at a pending suggestion"
    );
}

// --- The model behind it: accepting keeps the structure, reuses speakers, undoes whole ---

mod model {
    use sayso::model::review::{self, ReviewError, SuggestionKind};
    use sayso::model::{Decision, Layer, Quote, Span, Speaker, Stance};
    use sayso::text::Text;

    const TEXT: &str = "Ann Lee said prices would fall. Lee added that \"wages rise\".\n";

    fn span(text: &Text, needle: &str) -> Span {
        let at = text.as_str().find(needle).unwrap();
        Span::from_bytes(text, at..at + needle.len()).unwrap()
    }

    /// A model's layer: speaker Ann Lee (two mentions), two quotes, a stance on the second.
    fn predicted(text: &Text) -> Layer {
        let mut pred = Layer::new("x");
        pred.speakers.push(Speaker {
            id: "m1".into(),
            name: "Ann Lee".into(),
            kind: "person".into(),
            mentions: vec![span(text, "Ann Lee"), span(text, "Lee added").tap(3)],
            score: Some(0.9),
        });
        pred.quotes.push(Quote {
            id: "mq1".into(),
            kind: "indirect".into(),
            content: vec![span(text, "prices would fall")],
            cue: Some(span(text, "said")),
            source: Some(span(text, "Ann Lee")),
            speaker: Some("m1".into()),
            score: Some(0.7),
        });
        pred.quotes.push(Quote {
            id: "mq2".into(),
            kind: "direct".into(),
            content: vec![span(text, "\"wages rise\"")],
            cue: Some(span(text, "added")),
            source: Some(span(text, "Lee added").tap(3)),
            speaker: Some("m1".into()),
            score: Some(0.95),
        });
        pred.stances.push(Stance {
            id: "mt1".into(),
            holder: "m1".into(),
            target: "wages".into(),
            label: "favor".into(),
            evidence: vec!["mq2".into()],
            score: Some(0.6),
        });
        pred
    }

    trait Tap {
        fn tap(self, len: usize) -> Span;
    }
    impl Tap for Span {
        /// The first `len` characters of the span.
        fn tap(mut self, len: usize) -> Span {
            self.end = self.start + len;
            self.text = self.text.chars().take(len).collect();
            self
        }
    }

    #[test]
    fn a_quote_brings_its_speaker_reusing_the_annotators_one_by_name() {
        let text = Text::new(TEXT.into());
        let pred = predicted(&text);
        let list = review::suggestions(&pred, &text);
        let mut mine = Layer::new("x");
        // The annotator already has Ann Lee, under another id, without that mention.
        mine.speakers.push(Speaker {
            id: "s7".into(),
            name: "ann lee".into(),
            kind: "person".into(),
            mentions: Vec::new(),
            score: None,
        });
        let quote = list
            .iter()
            .find(|s| s.key.starts_with("quote 13-"))
            .unwrap();
        let edit = review::accept(&mine, "model:x", &pred, quote).unwrap();
        let before = mine.clone();
        let inverse = edit.apply(&mut mine).unwrap();
        assert_eq!(mine.speakers.len(), 1, "no second Ann Lee");
        assert_eq!(mine.speakers[0].mentions, vec![span(&text, "Ann Lee")]);
        let q = &mine.quotes[0];
        assert_eq!(q.speaker.as_deref(), Some("s7"));
        assert_eq!(q.cue.as_ref().map(|c| c.text.as_str()), Some("said"));
        assert_eq!(q.score, None);
        assert_eq!(
            review::decision(&mine, "model:x", &quote.key),
            Some(Decision::Accepted)
        );
        assert!(matches!(
            review::accept(&mine, "model:x", &pred, quote),
            Err(ReviewError::AlreadyAccepted(_))
        ));
        inverse.apply(&mut mine).unwrap();
        assert_eq!(
            mine, before,
            "one undo takes back the quote, mention and decision"
        );
    }

    #[test]
    fn a_stance_waits_for_its_quote_and_bulk_accept_orders_them() {
        let text = Text::new(TEXT.into());
        let pred = predicted(&text);
        let list = review::suggestions(&pred, &text);
        let stance = list
            .iter()
            .find(|s| s.kind == SuggestionKind::Stance)
            .unwrap();
        let mine = Layer::new("x");
        assert_eq!(
            review::accept(&mine, "model:x", &pred, stance),
            Err(ReviewError::QuoteFirst)
        );
        // Stance listed first on purpose: accept_all still takes quotes before stances.
        let mut chosen: Vec<_> = list
            .iter()
            .filter(|s| s.score.unwrap_or(1.0) >= 0.6)
            .collect();
        chosen.sort_by_key(|s| s.kind != SuggestionKind::Stance);
        let (edit, n) = review::accept_all(&mine, "model:x", &pred, chosen).unwrap();
        let mut mine = mine;
        edit.apply(&mut mine).unwrap();
        // Both mentions are quote sources, so they come with the quotes, not on their own.
        assert_eq!(n, 3, "two quotes and the stance");
        assert_eq!(mine.quotes.len(), 2);
        assert_eq!(mine.speakers.len(), 1, "both quotes name the same speaker");
        let t = &mine.stances[0];
        let evidence = mine.quote(&t.evidence[0]).unwrap();
        assert_eq!(evidence.content[0].text, "\"wages rise\"");
        assert_eq!(t.holder, mine.speakers[0].id);
        assert!(
            sayso::model::validate_document(
                &{
                    let mut d = sayso::model::Document::new("d", "d.txt", text.clone());
                    d.layers.insert("tester".into(), mine.clone());
                    d
                },
                &{
                    let mut schema = sayso::model::Schema::default();
                    schema.add_target("wages");
                    schema
                }
            )
            .is_empty()
        );
    }

    #[test]
    fn decisions_follow_what_a_suggestion_covers_not_the_models_ids() {
        let text = Text::new(TEXT.into());
        let pred = predicted(&text);
        let mut again = pred.clone();
        again.quotes[0].id = "other".into();
        let keys = |l: &Layer| -> Vec<String> {
            review::suggestions(l, &text)
                .into_iter()
                .map(|s| s.key)
                .collect()
        };
        assert_eq!(keys(&pred), keys(&again));
    }
}

#[test]
fn file_export_writes_a_layer_with_a_manifest_and_asks_before_overwriting() {
    let dir = demo_copy();
    let out = dir.path().join("out");
    let mut h = app(dir.path());
    settle(&mut h);
    h.get_by_label("File").click();
    settle(&mut h);
    h.get_by_label_contains("Export a layer").click();
    settle(&mut h);
    // Export gold as brat into a fresh folder.
    h.get_by_label("Export layer:").click();
    settle(&mut h);
    let gold = h.get_all_by_label("gold").last().expect("gold in the list");
    gold.click();
    settle(&mut h);
    let field = h.get_by_label("Export folder:");
    field.click();
    settle(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text(out.display().to_string()));
    settle(&mut h);
    h.get_by_label("Export format:").click();
    settle(&mut h);
    h.get_by_label("brat").click();
    settle(&mut h);
    h.get_by_label("Start export").click();
    settle(&mut h);
    h.state_mut().export.wait();
    settle(&mut h);
    let outcome = h.state().export.outcome.clone().expect("an outcome");
    assert!(
        outcome.as_ref().is_ok_and(|s| s.contains("4 documents")),
        "{outcome:?}"
    );
    assert!(out.join("manifest.json").is_file());
    assert!(out.join("annotation.conf").is_file());
    let ann = std::fs::read_to_string(out.join("climate-summit-2023.ann")).unwrap();
    assert!(ann.lines().any(|l| l.starts_with('T')), "{ann}");

    // Again into the same folder: refused until the user confirms.
    h.get_by_label("Start export").click();
    settle(&mut h);
    h.state_mut().export.wait();
    settle(&mut h);
    let outcome = h.state().export.outcome.clone().unwrap();
    assert!(
        outcome.as_ref().is_err_and(|e| e.contains("is not empty")),
        "{outcome:?}"
    );
    h.get_by_label("Overwrite and export").click();
    settle(&mut h);
    h.state_mut().export.wait();
    settle(&mut h);
    assert!(h.state().export.outcome.clone().unwrap().is_ok());
}
