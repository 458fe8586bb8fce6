//! Every `validate` rule: each broken invariant is reported once, naming document, layer
//! and item, and a clean layer reports nothing.

use sayso::model::{
    Document, Label, Layer, NoiseLine, Project, Quote, Schema, Span, Speaker, Stance, validate,
};
use sayso::text::Text;

const ARTICLE: &str =
    "Dateline 6 years ago\n\"We need talks,\" Lavrov said.\nJose\u{301} 👍🏽 agreed.\n0 : 0";

fn span(start: usize, end: usize, text: &str) -> Span {
    Span {
        start,
        end,
        text: text.to_string(),
        orphaned: false,
    }
}

/// A project with one document whose `gold` layer is clean.
fn project() -> Project {
    let mut project = Project::new("test");
    project.schema.add_target("talks");
    let mut doc = Document::new("doc", "articles/doc.txt", Text::new(ARTICLE.to_string()));
    let mut layer = Layer::new(&doc.sha256);
    layer.speakers.push(Speaker {
        id: "s1".into(),
        name: "Sergei Lavrov".into(),
        kind: "person".into(),
        mentions: vec![span(38, 44, "Lavrov")],
        score: None,
    });
    layer.quotes.push(Quote {
        id: "q1".into(),
        kind: "direct".into(),
        content: vec![span(21, 37, "\"We need talks,\"")],
        cue: Some(span(45, 49, "said")),
        source: Some(span(38, 44, "Lavrov")),
        speaker: Some("s1".into()),
        score: None,
    });
    layer.stances.push(Stance {
        id: "t1".into(),
        holder: "s1".into(),
        target: "talks".into(),
        label: "favor".into(),
        evidence: vec!["q1".into()],
        score: None,
    });
    layer.noise.push(NoiseLine {
        line: 0,
        category: "dateline".into(),
        text: "Dateline 6 years ago".into(),
        orphaned: false,
        score: None,
    });
    doc.layers.insert("gold".into(), layer);
    project.documents.push(doc);
    project
}

/// The problems after `change` breaks the clean project, as displayed to the user.
fn problems_after(change: impl FnOnce(&mut Project, &mut Layer)) -> Vec<String> {
    let mut project = project();
    let mut layer = project.documents[0].layers.remove("gold").unwrap();
    change(&mut project, &mut layer);
    project.documents[0].layers.insert("gold".into(), layer);
    validate(&project).iter().map(ToString::to_string).collect()
}

fn assert_one(problems: Vec<String>, place: &str, words: &str) {
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with(place),
        "{:?} does not start with {place:?}",
        problems[0]
    );
    assert!(
        problems[0].contains(words),
        "{:?} does not say {words:?}",
        problems[0]
    );
}

#[test]
fn the_clean_layer_has_no_problems() {
    let text = &project().documents[0].text;
    assert_eq!(
        text.slice_chars(21..37),
        Some("\"We need talks,\""),
        "fixture offsets"
    );
    assert_eq!(problems_after(|_, _| {}), Vec::<String>::new());
}

#[test]
fn span_out_of_range() {
    let p = problems_after(|_, l| l.speakers[0].mentions.push(span(72, 90, "far away")));
    assert_one(
        p,
        "doc / gold / speaker s1 mention 2",
        "outside the text, which has 73 characters",
    );
}

#[test]
fn span_inside_a_character() {
    // "Jose\u{301}" starts at 51; the combining accent is at 55.
    let p = problems_after(|_, l| l.speakers[0].mentions.push(span(51, 55, "Jose")));
    assert_one(
        p,
        "doc / gold / speaker s1 mention 2",
        "ends inside a character",
    );
    let p = problems_after(|_, l| l.speakers[0].mentions.push(span(58, 59, "\u{1f3fd}")));
    assert_one(
        p,
        "doc / gold / speaker s1 mention 2",
        "starts inside a character",
    );
}

#[test]
fn empty_and_reversed_spans() {
    let p = problems_after(|_, l| l.quotes[0].cue = Some(span(45, 45, "")));
    assert_one(p, "doc / gold / quote q1 cue", "empty span 45..45");
    let p = problems_after(|_, l| l.quotes[0].source = Some(span(44, 38, "Lavrov")));
    assert_one(p, "doc / gold / quote q1 source", "empty span 44..38");
}

#[test]
fn stored_text_that_differs_from_the_article() {
    let p = problems_after(|_, l| l.quotes[0].content[0].text = "\"We need war,\"".into());
    assert_one(
        p,
        "doc / gold / quote q1 content 1",
        "differs from the article's \"\\\"We need talks,\\\"\"",
    );
}

#[test]
fn quote_pointing_at_a_missing_speaker() {
    let p = problems_after(|_, l| l.quotes[0].speaker = Some("s9".into()));
    assert_one(
        p,
        "doc / gold / quote q1",
        "speaker \"s9\" is not a speaker of this layer",
    );
}

#[test]
fn quote_without_content() {
    let p = problems_after(|_, l| l.quotes[0].content.clear());
    assert_one(p, "doc / gold / quote q1", "no content");
}

#[test]
fn stance_evidence_and_holder_must_exist() {
    let p = problems_after(|_, l| l.stances[0].evidence.push("q7".into()));
    assert_one(
        p,
        "doc / gold / stance t1",
        "evidence \"q7\" is not a quote",
    );
    let p = problems_after(|_, l| l.stances[0].holder = "s2".into());
    assert_one(
        p,
        "doc / gold / stance t1",
        "holder \"s2\" is not a speaker",
    );
}

#[test]
fn noise_line_past_the_end_or_with_other_text() {
    let p = problems_after(|_, l| l.noise[0].line = 4);
    assert_one(
        p,
        "doc / gold / noise line 4",
        "the document has 4 lines (0 to 3)",
    );
    let p = problems_after(|_, l| l.noise[0].line = 3);
    assert_one(
        p,
        "doc / gold / noise line 3",
        "differs from the article's \"0 : 0\"",
    );
}

#[test]
fn noise_lines_twice_or_out_of_order() {
    let p = problems_after(|_, l| {
        let mut again = l.noise[0].clone();
        again.category = "other".into();
        l.noise.push(again);
    });
    assert_one(p, "doc / gold / noise line 0", "listed twice");
}

#[test]
fn duplicate_ids() {
    let p = problems_after(|_, l| {
        let mut q = l.quotes[0].clone();
        q.content = vec![span(51, 56, "Jose\u{301}")];
        l.quotes.push(q);
    });
    assert_one(
        p,
        "doc / gold / quote q1",
        "another quote has the id \"q1\"",
    );
    let p = problems_after(|_, l| l.speakers.push(l.speakers[0].clone()));
    assert_one(
        p,
        "doc / gold / speaker s1",
        "another speaker has the id \"s1\"",
    );
    let p = problems_after(|_, l| l.stances.push(l.stances[0].clone()));
    assert_one(
        p,
        "doc / gold / stance t1",
        "another stance has the id \"t1\"",
    );
}

#[test]
fn labels_must_be_in_the_schema() {
    type Case = (fn(&mut Layer), &'static str, &'static str);
    let cases: [Case; 5] = [
        (
            |l| l.speakers[0].kind = "alien".into(),
            "speaker s1",
            "speaker kind \"alien\"",
        ),
        (
            |l| l.quotes[0].kind = "sung".into(),
            "quote q1",
            "quote kind \"sung\"",
        ),
        (
            |l| l.stances[0].label = "meh".into(),
            "stance t1",
            "stance label \"meh\"",
        ),
        (
            |l| l.stances[0].target = "war".into(),
            "stance t1",
            "stance target \"war\"",
        ),
        (
            |l| l.noise[0].category = "spam".into(),
            "noise line 0",
            "noise category \"spam\"",
        ),
    ];
    for (change, item, words) in cases {
        let p = problems_after(|_, l| change(l));
        assert_one(
            p,
            &format!("doc / gold / {item}"),
            &format!("{words} is not in the project's schema"),
        );
    }
}

#[test]
fn orphaned_spans_and_lines_are_reported_with_their_text() {
    let p = problems_after(|_, l| l.speakers[0].mentions[0].orphaned = true);
    assert_one(
        p,
        "doc / gold / speaker s1 mention 1",
        "orphaned: \"Lavrov\"",
    );
    let p = problems_after(|_, l| l.noise[0].orphaned = true);
    assert_one(
        p,
        "doc / gold / noise line 0",
        "orphaned: the line \"Dateline 6 years ago\"",
    );
}

#[test]
fn schema_labels_must_be_unique_with_valid_colours_and_keys() {
    let p = problems_after(|p, _| {
        p.schema
            .quote_kinds
            .push(Label::new("direct", "#000000", None))
    });
    assert_one(p, "schema quote kind \"direct\"", "the name is used twice");
    let p = problems_after(|p, _| {
        p.schema
            .noise_categories
            .push(Label::new("junk", "#000000", Some('1')))
    });
    assert_one(
        p,
        "schema noise category \"junk\"",
        "shortcut key '1' is used twice",
    );
    let p = problems_after(|p, _| p.schema.speaker_kinds[0].colour = "blue".into());
    assert_one(
        p,
        "schema speaker kind \"person\"",
        "\"blue\" is not of the form #rrggbb",
    );
}

#[test]
fn two_documents_with_one_id() {
    let p = problems_after(|p, _| {
        let copy = Document::new("doc", "articles/other.txt", Text::new("x".into()));
        p.documents.push(copy);
    });
    assert_one(p, "doc", "two documents have this id");
}

#[test]
fn default_schema_is_valid() {
    let mut project = Project::new("x");
    project.schema = Schema::default();
    assert!(validate(&project).is_empty());
}

#[test]
fn orphaned_noise_lines_must_come_last() {
    let live = || NoiseLine {
        line: 3,
        category: "navigation".into(),
        text: "0 : 0".into(),
        orphaned: false,
        score: None,
    };
    // Orphan last: only the orphan is reported, and the live line is still found.
    let p = problems_after(|_, l| {
        l.noise.insert(0, live());
        l.noise[1].orphaned = true;
        assert!(l.noise_line(3).is_some() && l.noise_line(0).is_none());
    });
    assert_one(p, "doc / gold / noise line 0", "orphaned");
    // A live line after an orphan breaks the order.
    let p = problems_after(|_, l| {
        l.noise[0].orphaned = true;
        l.noise.push(live());
    });
    assert_eq!(p.len(), 2, "{p:#?}");
    assert!(
        p[1].starts_with("doc / gold / noise line 3") && p[1].contains("out of order"),
        "{p:#?}"
    );
}

#[test]
fn notes_must_belong_to_an_annotation() {
    let p = problems_after(|_, l| {
        l.notes.insert("q1".into(), "fine".into());
        l.notes.insert("q9".into(), "lost".into());
    });
    assert_one(p, "doc / gold / note q9", "on nothing");
}

#[test]
fn a_quote_source_must_be_a_mention_of_its_speaker() {
    let p = problems_after(|_, l| l.quotes[0].source = Some(span(45, 49, "said")));
    assert_one(
        p,
        "doc / gold / quote q1",
        "source \"said\" at 45..49 is not a mention of its speaker s1",
    );
}

#[test]
fn scores_outside_zero_to_one_are_reported_on_every_kind() {
    let p = problems_after(|_, l| l.speakers[0].score = Some(-5.0));
    assert_one(p, "doc / gold / speaker s1", "score -5 is outside 0..1");
    let p = problems_after(|_, l| l.quotes[0].score = Some(7.0));
    assert_one(p, "doc / gold / quote q1", "score 7 is outside 0..1");
    let p = problems_after(|_, l| l.stances[0].score = Some(f64::NAN));
    assert_one(p, "doc / gold / stance t1", "score NaN is outside 0..1");
    let p = problems_after(|_, l| l.noise[0].score = Some(1.5));
    assert_one(p, "doc / gold / noise line 0", "score 1.5 is outside 0..1");
    assert!(problems_after(|_, l| l.quotes[0].score = Some(1.0)).is_empty());
}

#[test]
fn empty_ids_and_empty_stance_targets_are_reported() {
    let p = problems_after(|_, l| {
        l.stances[0].id = String::new();
    });
    assert_one(p, "doc / gold / stance \"\"", "the id is empty");
    let p = problems_after(|p, l| {
        p.schema.add_target("");
        l.stances[0].target = String::new();
    });
    assert!(
        p.iter()
            .any(|x| x.starts_with("schema stance target \"\"") && x.contains("empty")),
        "{p:#?}"
    );
    assert!(
        p.iter()
            .any(|x| x.starts_with("doc / gold / stance t1") && x.contains("target is empty")),
        "{p:#?}"
    );
}

#[test]
fn duplicate_and_overlapping_fragments_of_one_quote_are_reported() {
    let p = problems_after(|_, l| {
        let again = l.quotes[0].content[0].clone();
        l.quotes[0].content.push(again);
    });
    assert_one(
        p,
        "doc / gold / quote q1 content 2",
        "is the same span as content 1",
    );
    let p = problems_after(|_, l| l.quotes[0].content.push(span(22, 24, "We")));
    assert_one(p, "doc / gold / quote q1 content 2", "overlaps content 1");
}

#[test]
fn two_contradicting_stances_of_one_holder_toward_one_target_are_reported() {
    let p = problems_after(|_, l| {
        let mut other = l.stances[0].clone();
        other.id = "t2".into();
        other.label = "against".into();
        l.stances.push(other);
    });
    assert_one(
        p,
        "doc / gold / stance t2",
        "contradicts stance \"t1\": holder \"s1\" is \"favor\" toward \"talks\" there, \"against\" here",
    );
}

#[test]
fn a_stance_without_evidence_is_reported() {
    let p = problems_after(|_, l| l.stances[0].evidence.clear());
    assert_one(p, "doc / gold / stance t1", "the stance has no evidence");
}

#[test]
fn control_characters_in_names_and_ids_are_reported_and_never_printed_raw() {
    let p = problems_after(|_, l| {
        l.speakers[0].name = "Lavrov\u{1b}[31m\u{7}".into();
        l.quotes[0].speaker = Some("s1".into());
    });
    assert_one(
        p.clone(),
        "doc / gold / speaker s1",
        "holds control characters",
    );
    assert!(p[0].contains("\\u{1b}[31m\\u{7}"), "{p:?}");
    let p = problems_after(|_, l| {
        l.quotes[0].id = "q\u{0}1".into();
        l.stances[0].evidence = vec!["q\u{0}1".into()];
    });
    assert_one(
        p.clone(),
        "doc / gold / quote \"q\\0",
        "the id holds control characters",
    );
    for problem in &p {
        assert!(!problem.chars().any(|c| c.is_control()), "{problem:?}");
    }
}
