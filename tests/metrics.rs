//! Scores on hand-computed cases: exact and overlap matching, one-to-one matching, empty
//! layers, perfect and zero scores, attribution, stance, and micro-averaging.

mod common;
use common::{span, speaker};

use sayso::metrics::{Matching, Prf, evaluate, evaluate_project};
use sayso::model::{Document, Layer, NoiseLine, Project, Quote, Stance};
use sayso::text::Text;

fn quote(id: &str, content: &[(usize, usize)], cue: Option<(usize, usize)>, who: &str) -> Quote {
    Quote {
        id: id.into(),
        kind: "direct".into(),
        content: content.iter().map(|&(s, e)| span(s, e)).collect(),
        cue: cue.map(|(s, e)| span(s, e)),
        source: None,
        speaker: Some(who.into()),
        score: None,
    }
}

fn noise(line: usize, category: &str) -> NoiseLine {
    NoiseLine {
        line,
        category: category.into(),
        text: String::new(),
        orphaned: false,
        score: None,
    }
}

fn stance(id: &str, holder: &str, target: &str, label: &str, evidence: &str) -> Stance {
    Stance {
        id: id.into(),
        holder: holder.into(),
        target: target.into(),
        label: label.into(),
        evidence: vec![evidence.into()],
        score: None,
    }
}

fn prf(matched: usize, gold: usize, predicted: usize) -> Prf {
    Prf {
        matched,
        gold,
        predicted,
    }
}

#[test]
fn exact_and_overlap_quotes_count_differently() {
    let mut gold = Layer::default();
    gold.speakers.push(speaker("s1", "Ann Lee", &[(0, 7)]));
    gold.quotes
        .push(quote("q1", &[(10, 30)], Some((31, 35)), "s1"));
    gold.quotes
        .push(quote("q2", &[(40, 60)], Some((61, 65)), "s1"));
    let mut pred = Layer::default();
    pred.speakers.push(speaker("p1", "Lee", &[(4, 7)]));
    // q1 exactly; q2 with 10 of its 20 characters (just half: an overlap match); a false
    // positive elsewhere.
    pred.quotes
        .push(quote("a", &[(10, 30)], Some((31, 35)), "p1"));
    pred.quotes
        .push(quote("b", &[(50, 70)], Some((61, 64)), "p1"));
    pred.quotes.push(quote("c", &[(80, 90)], None, "p1"));
    let s = evaluate(&gold, &pred);
    assert_eq!(s.quotes.exact, prf(1, 2, 3));
    assert_eq!(s.quotes.overlap, prf(2, 2, 3));
    assert_eq!(s.quotes.overlap.precision(), Some(2.0 / 3.0));
    assert_eq!(s.quotes.overlap.recall(), Some(1.0));
    assert_eq!(s.quotes.overlap.f1(), Some(0.8));
    // Cue 61..64 covers 3 of the 4 characters of 61..65.
    assert_eq!(s.cues.exact, prf(1, 2, 2));
    assert_eq!(s.cues.overlap, prf(2, 2, 2));
    // "Lee" covers 3 of "Ann Lee"'s 7 characters: not half, so no mention match; and the
    // names differ, so the predicted speaker is not the gold one: no attribution.
    assert_eq!(s.mentions.overlap, prf(0, 1, 1));
    assert_eq!(s.attribution, prf(0, 2, 3));
}

#[test]
fn attribution_follows_the_speaker_the_mentions_point_to() {
    let mut gold = Layer::default();
    gold.speakers
        .push(speaker("s1", "Ann Lee", &[(0, 7), (100, 103)]));
    gold.speakers.push(speaker("s2", "Bo Chan", &[(200, 207)]));
    gold.quotes.push(quote("q1", &[(10, 30)], None, "s1"));
    gold.quotes.push(quote("q2", &[(40, 60)], None, "s2"));
    let mut pred = Layer::default();
    // Predicted speaker ids and names differ; their mentions say who they are.
    pred.speakers
        .push(speaker("x", "Lee", &[(0, 7), (100, 103)]));
    pred.speakers.push(speaker("y", "someone", &[(300, 305)]));
    pred.quotes.push(quote("a", &[(10, 30)], None, "x"));
    pred.quotes.push(quote("b", &[(40, 60)], None, "y"));
    let s = evaluate(&gold, &pred);
    assert_eq!(s.attribution, prf(1, 2, 2));
    assert_eq!(s.mentions.exact, prf(2, 3, 3));

    // A speaker without matching mentions is recognised by the same name.
    pred.speakers[1].name = "bo chan".into();
    assert_eq!(evaluate(&gold, &pred).attribution, prf(2, 2, 2));
}

#[test]
fn matching_is_one_to_one() {
    let mut gold = Layer::default();
    gold.speakers.push(speaker("s1", "A", &[(0, 4), (10, 14)]));
    let mut pred = Layer::default();
    // One long prediction spans both gold mentions: it can match only one of them.
    pred.speakers.push(speaker("p", "A", &[(0, 14)]));
    let s = evaluate(&gold, &pred);
    assert_eq!(s.mentions.overlap, prf(1, 2, 1));
    assert_eq!(s.mentions.exact, prf(0, 2, 1));
    // The same span predicted twice counts once.
    pred.speakers[0].mentions = vec![span(0, 4), span(0, 4)];
    assert_eq!(evaluate(&gold, &pred).mentions.exact, prf(1, 2, 2));
}

#[test]
fn empty_layers_perfect_and_zero_scores() {
    let empty = Layer::default();
    let s = evaluate(&empty, &empty);
    assert_eq!(s.quotes.exact, prf(0, 0, 0));
    assert_eq!(s.quotes.exact.f1(), None);
    assert_eq!(s.noise.precision(), None);
    assert_eq!(s.stance.accuracy(), None);

    let mut gold = Layer {
        noise: vec![noise(0, "dateline"), noise(3, "credit")],
        ..Layer::default()
    };
    gold.speakers.push(speaker("s1", "A", &[(20, 25)]));
    gold.quotes
        .push(quote("q1", &[(30, 50)], Some((51, 55)), "s1"));
    // Nothing predicted: recall 0, precision undefined, F1 0.
    let s = evaluate(&gold, &empty);
    assert_eq!(s.noise.recall(), Some(0.0));
    assert_eq!(s.noise.precision(), None);
    assert_eq!(s.noise.f1(), Some(0.0));
    // Gold against itself: every figure is 1.
    let s = evaluate(&gold, &gold);
    for (name, figures) in s.rows() {
        assert_eq!(figures.f1(), Some(1.0), "{name}");
    }
    // Everything predicted elsewhere: every figure is 0.
    let mut wrong = Layer {
        noise: vec![noise(1, "dateline")],
        ..Layer::default()
    };
    wrong.speakers.push(speaker("p", "B", &[(60, 65)]));
    wrong
        .quotes
        .push(quote("a", &[(70, 90)], Some((91, 95)), "p"));
    let s = evaluate(&gold, &wrong);
    for (name, figures) in s.rows() {
        assert_eq!(figures.f1(), Some(0.0), "{name}");
    }
}

#[test]
fn noise_is_scored_by_line_and_category() {
    let gold = Layer {
        noise: vec![noise(0, "dateline"), noise(1, "credit"), noise(5, "ui")],
        ..Layer::default()
    };
    let mut pred = Layer {
        noise: vec![noise(0, "dateline"), noise(1, "ui"), noise(7, "ui")],
        ..Layer::default()
    };
    let s = evaluate(&gold, &pred);
    assert_eq!(s.noise, prf(2, 3, 3));
    assert_eq!(s.noise_category, prf(1, 3, 3));
    // An orphaned line (its text vanished from the article) is not scored.
    pred.noise[2].orphaned = true;
    assert_eq!(evaluate(&gold, &pred).noise, prf(2, 3, 2));
}

#[test]
fn stances_compare_on_matched_quotes_with_a_confusion_matrix() {
    let mut gold = Layer::default();
    gold.speakers.push(speaker("s1", "A", &[(0, 1)]));
    let mut pred = gold.clone();
    for (i, start) in [10, 30, 50, 70].into_iter().enumerate() {
        let id = format!("q{i}");
        gold.quotes
            .push(quote(&id, &[(start, start + 10)], None, "s1"));
        pred.quotes
            .push(quote(&id, &[(start, start + 10)], None, "s1"));
    }
    gold.stances = vec![
        stance("t0", "s1", "T", "favor", "q0"),
        stance("t1", "s1", "T", "favor", "q1"),
        stance("t2", "s1", "T", "against", "q2"),
        stance("t3", "s1", "T", "against", "q3"),
    ];
    pred.stances = vec![
        stance("t0", "s1", "T", "favor", "q0"),
        stance("t1", "s1", "T", "against", "q1"),
        stance("t2", "s1", "T", "against", "q2"),
        // q3: no stance predicted.
    ];
    let s = evaluate(&gold, &pred).stance;
    assert_eq!(s.total(), 4);
    assert_eq!(s.count("favor", "favor"), 1);
    assert_eq!(s.count("favor", "against"), 1);
    assert_eq!(s.count("against", "against"), 1);
    assert_eq!(s.count("against", "(none)"), 1);
    assert_eq!(s.accuracy(), Some(0.5));
    // Per label F1 (2tp / (row + column)): favor 2/3, against 2/4, (none) 0/1 → mean.
    let expected = (2.0 / 3.0 + 0.5 + 0.0) / 3.0;
    assert!((s.macro_f1().unwrap() - expected).abs() < 1e-12);
}

#[test]
fn projects_are_micro_averaged_and_documents_without_gold_are_skipped() {
    let mut project = Project::new("p");
    let mut one = Document::new("one", "one.txt", Text::new("a\nb\nc\n".into()));
    let mut two = Document::new("two", "two.txt", Text::new("a\nb\nc\nd\n".into()));
    let three = Document::new("three", "three.txt", Text::new("z\n".into()));
    let mut gold = Layer {
        noise: vec![noise(0, "dateline")],
        ..Layer::default()
    };
    one.layers.insert("gold".into(), gold.clone());
    one.layers.insert("model".into(), gold.clone());
    gold.noise = vec![noise(0, "dateline"), noise(1, "ui"), noise(2, "ui")];
    two.layers.insert("gold".into(), gold);
    // `two` has no prediction: it counts as empty, recall suffers.
    let mut three = three;
    three.layers.insert("model".into(), Layer::default());
    project.documents = vec![one, two, three];
    let eval = evaluate_project(&project, "gold", "model");
    assert_eq!(eval.documents.len(), 2);
    assert_eq!(eval.without_gold, vec!["three".to_string()]);
    // Micro: 1 of 4 gold lines found (a macro average of recalls would say 0.5).
    assert_eq!(eval.total.noise, prf(1, 4, 1));
    assert_eq!(eval.total.noise.recall(), Some(0.25));
    let text = eval.to_string();
    assert!(text.contains("noise lines"), "{text}");
    let json = serde_json::to_value(&eval).unwrap();
    assert_eq!(json["total"]["noise"]["recall"], 0.25);
    assert_eq!(json["documents"][1]["scores"]["noise"]["f1"], 0.0);
    assert_eq!(Matching::Overlap.as_str(), "overlap");
}
