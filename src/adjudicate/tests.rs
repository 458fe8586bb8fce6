use super::*;
use crate::model::{Decision, Edit, Layer, Quote, Speaker, Stance};
use crate::text::Text;

const TEXT: &str = "Lavrov said \"we will talk to them\" today.\nBy Ann Lee, staff\nAssad said no.";

fn span(text: &Text, needle: &str) -> Span {
    let at = text.as_str().find(needle).unwrap();
    let start = text.byte_to_char(at).unwrap();
    Span::new(text, start, start + needle.chars().count()).unwrap()
}

/// Alice: Lavrov, his quote with cue and source, a byline, a stance.
fn alice(text: &Text) -> Layer {
    let mut l = Layer::new("sha");
    l.speakers.push(Speaker {
        id: "s1".into(),
        name: "Sergei Lavrov".into(),
        kind: "person".into(),
        mentions: vec![span(text, "Lavrov")],
        score: None,
    });
    l.quotes.push(Quote {
        id: "q1".into(),
        kind: "direct".into(),
        content: vec![span(text, "\"we will talk to them\"")],
        cue: Some(span(text, "said")),
        source: Some(span(text, "Lavrov")),
        speaker: Some("s1".into()),
        score: None,
    });
    l.noise.push(NoiseLine {
        line: 1,
        category: "byline".into(),
        text: "By Ann Lee, staff".into(),
        orphaned: false,
        score: None,
    });
    l.stances.push(Stance {
        id: "t1".into(),
        holder: "s1".into(),
        target: "talks".into(),
        label: "favor".into(),
        evidence: vec!["q1".into()],
        score: None,
    });
    l
}

/// Bob: Alice's with the quote ending early, no byline, the stance flipped, and a
/// mention of Assad.
fn bob(text: &Text) -> Layer {
    let mut l = alice(text);
    l.speakers[0].name = "Lavrov".into();
    l.quotes[0].content = vec![span(text, "\"we will talk")];
    l.noise.clear();
    l.stances[0].label = "against".into();
    l.speakers.push(Speaker {
        id: "s2".into(),
        name: "Assad".into(),
        kind: "person".into(),
        mentions: vec![span(text, "Assad")],
        score: None,
    });
    l
}

fn apply(gold: &mut Layer, edit: Edit) -> Edit {
    edit.apply(gold).unwrap()
}

#[test]
fn units_pair_differing_versions_and_mark_what_is_agreed() {
    let text = Text::new(TEXT.into());
    let (a, b) = (alice(&text), bob(&text));
    let units = units(&text, &[&a, &b], &Layer::default());
    let keys: Vec<(&str, bool)> = units.iter().map(|u| (u.key.as_str(), u.agreed)).collect();
    assert_eq!(
        keys,
        vec![
            ("mention 0-6", true),
            ("speaker Sergei Lavrov", false),
            ("quote 12-34", false),
            ("stance talks by Sergei Lavrov", false),
            ("noise 1", false),
            ("mention 60-65", false),
        ]
    );
    let quote = &units[2];
    assert!(
        quote.versions.iter().all(Option::is_some),
        "one unit, two versions"
    );
    assert_eq!(quote.versions[1].as_ref().unwrap().chars, vec![12..25]);
    assert!(units[4].versions[1].is_none() && units[5].versions[0].is_none());
    // Who Lavrov is: the same speaker by his mention, named differently; Assad, whom
    // only Bob has, comes with his mention and has no unit of his own.
    let who: Vec<&str> = units[1]
        .versions
        .iter()
        .map(|v| v.as_ref().unwrap().label.as_str())
        .collect();
    assert_eq!(who, vec!["Sergei Lavrov (person)", "Lavrov (person)"]);
    assert_eq!(units[1].chars, 0..6);
    assert!(units.iter().all(|u| u.gold.is_none()));
}

#[test]
fn agreed_items_go_into_gold_in_one_step_and_only_once() {
    let text = Text::new(TEXT.into());
    let (a, b) = (alice(&text), bob(&text));
    let name = decisions_name(&["alice", "bob"]);
    let mut gold = Layer::new("sha");
    let us = units(&text, &[&a, &b], &gold);
    let (edit, n) = accept_agreed(&gold, &name, &[&a, &b], &us).unwrap();
    assert_eq!(n, 1);
    let undo = apply(&mut gold, edit);
    assert_eq!(gold.speakers.len(), 1);
    assert_eq!(gold.speakers[0].mentions, vec![span(&text, "Lavrov")]);
    let us = units(&text, &[&a, &b], &gold);
    assert!(us[0].gold_has_agreed());
    assert_eq!(progress(&gold, &name, &us).settled, 1);
    assert!(accept_agreed(&gold, &name, &[&a, &b], &us).is_none());
    apply(&mut gold, undo);
    assert!(gold.is_empty());
}

#[test]
fn taking_a_side_replaces_golds_version_and_neither_removes_it() {
    let text = Text::new(TEXT.into());
    let (a, b) = (alice(&text), bob(&text));
    let layers = [&a, &b];
    let name = decisions_name(&["alice", "bob"]);
    let mut gold = Layer::new("sha");
    let fresh = |gold: &Layer| units(&text, &layers, gold);

    // The stance needs its quote in gold first, a speaker's name one of its mentions.
    let us = fresh(&gold);
    assert_eq!(
        take(&gold, &name, &layers, &us[3], 0),
        Err(AdjudicateError::QuoteFirst)
    );
    assert_eq!(
        take(&gold, &name, &layers, &us[1], 1),
        Err(AdjudicateError::MentionFirst)
    );

    // Bob's shorter quote, then Alice's in its place (same id, same speaker).
    let e = take(&gold, &name, &layers, &us[2], 1).unwrap();
    apply(&mut gold, e);
    assert_eq!(gold.quotes.len(), 1);
    assert_eq!(gold.quotes[0].content[0].text, "\"we will talk");
    assert_eq!(gold.speakers.len(), 1, "the source made its speaker");
    let us = fresh(&gold);
    assert!(us[2].gold_is(1));
    let e = take(&gold, &name, &layers, &us[2], 0).unwrap();
    apply(&mut gold, e);
    assert_eq!(gold.quotes.len(), 1);
    assert_eq!(gold.quotes[0].id, "q1");
    assert_eq!(gold.quotes[0].content[0].text, "\"we will talk to them\"");
    assert!(fresh(&gold)[2].gold_is(0));

    // The speaker came with Bob's quote, under Bob's name: Alice's name renames it in
    // place, and the quote keeps it.
    let us = fresh(&gold);
    assert!(us[1].gold_is(1));
    let e = take(&gold, &name, &layers, &us[1], 0).unwrap();
    apply(&mut gold, e);
    assert_eq!(gold.speakers.len(), 1);
    assert_eq!(gold.speakers[0].name, "Sergei Lavrov");
    assert_eq!(
        gold.quotes[0].speaker.as_deref(),
        Some(gold.speakers[0].id.as_str())
    );
    assert!(fresh(&gold)[1].gold_is(0));

    // Bob's stance label, with the evidence pointing at gold's quote.
    let us = fresh(&gold);
    let e = take(&gold, &name, &layers, &us[3], 1).unwrap();
    apply(&mut gold, e);
    assert_eq!(gold.stances.len(), 1);
    assert_eq!(gold.stances[0].label, "against");
    assert_eq!(gold.stances[0].evidence, vec!["q1".to_string()]);
    assert_eq!(
        gold.stances[0].holder,
        gold.quotes[0].speaker.clone().unwrap()
    );

    // The byline: Alice's; then neither removes it again.
    let us = fresh(&gold);
    let e = take(&gold, &name, &layers, &us[4], 0).unwrap();
    apply(&mut gold, e);
    assert_eq!(
        gold.noise_line(1).map(|n| n.category.as_str()),
        Some("byline")
    );
    let us = fresh(&gold);
    let e = neither(&gold, &name, &us[4]);
    apply(&mut gold, e);
    assert!(gold.noise.is_empty());
    assert_eq!(decision(&gold, &name, &us[4]), Some(Decision::Rejected));

    // Taking Alice's side of Bob's extra mention: she has none, so gold has none.
    let us = fresh(&gold);
    let before = gold.mention_count();
    let e = take(&gold, &name, &layers, &us[5], 0).unwrap();
    apply(&mut gold, e);
    assert_eq!(gold.mention_count(), before);
    assert_eq!(decision(&gold, &name, &us[5]), Some(Decision::Rejected));
    // ...and Bob's side adds it, to a new speaker.
    let us = fresh(&gold);
    let e = take(&gold, &name, &layers, &us[5], 1).unwrap();
    apply(&mut gold, e);
    assert!(gold.speakers.iter().any(|s| s.name == "Assad"));

    let p = progress(&gold, &name, &fresh(&gold));
    assert_eq!((p.settled, p.units, p.differences_settled), (5, 6, 5));
    assert!(!p.done());
    assert_eq!(
        next_unsettled(&gold, &name, &fresh(&gold), Some(4), true),
        Some(0)
    );
    // Gold's references hold together.
    for q in &gold.quotes {
        assert!(q.speaker.iter().all(|s| gold.speaker(s).is_some()));
    }
    for s in &gold.stances {
        assert!(gold.speaker(&s.holder).is_some());
        assert!(s.evidence.iter().all(|q| gold.quote(q).is_some()));
    }
}

#[test]
fn overlapping_mentions_of_two_speakers_stay_two_speakers_in_gold() {
    let text = Text::new("Sarkozy's office said no. Sarkozy said yes.".into());
    let mut a = Layer::new("sha");
    for (id, name, needle, at) in [
        ("s1", "Sarkozy's office", "Sarkozy's office", 0),
        ("s2", "Nicolas Sarkozy", "Sarkozy", 26),
    ] {
        let start = at;
        a.speakers.push(Speaker {
            id: id.into(),
            name: name.into(),
            kind: "person".into(),
            mentions: vec![Span::new(&text, start, start + needle.len()).unwrap()],
            score: None,
        });
    }
    a.speakers[1]
        .mentions
        .insert(0, Span::new(&text, 0, 7).unwrap());
    let b = a.clone();
    let us = units(&text, &[&a, &b], &Layer::default());
    let (edit, _) = accept_agreed(&Layer::default(), "compare:a,b", &[&a, &b], &us).unwrap();
    let mut gold = Layer::new("sha");
    edit.apply(&mut gold).unwrap();
    let names: Vec<(&str, usize)> = gold
        .speakers
        .iter()
        .map(|s| (s.name.as_str(), s.mentions.len()))
        .collect();
    assert_eq!(names, vec![("Sarkozy's office", 1), ("Nicolas Sarkozy", 2)]);
}

#[test]
fn keeping_golds_own_version_needs_one() {
    let text = Text::new(TEXT.into());
    let (a, b) = (alice(&text), bob(&text));
    let us = units(&text, &[&a, &b], &Layer::default());
    assert_eq!(
        keep("compare:alice,bob", &us[2]),
        Err(AdjudicateError::NothingInGold)
    );
}

#[test]
fn three_layers_agree_only_when_all_have_the_same() {
    let text = Text::new(TEXT.into());
    let (a, b) = (alice(&text), bob(&text));
    let c = alice(&text);
    let us = units(&text, &[&a, &c, &b], &Layer::default());
    assert_eq!(us.len(), 6);
    assert!(us[0].agreed);
    assert!(!us[1].agreed, "Lavrov's name: two of three");
    assert!(!us[4].agreed, "the byline: two of three");
    let us = units(&text, &[&a, &c], &Layer::default());
    assert!(us.iter().all(|u| u.agreed));
}
