//! The built-in suggester: one case per rule, and its quality on the demo project's gold
//! layer, pinned so that a regression fails.

mod common;

use sayso::metrics::eval::{Prf, evaluate_project};
use sayso::model::{Document, Label, Layer, Quote, Schema, validate_document};
use sayso::store;
use sayso::suggest::{LAYER, suggest};
use sayso::text::{DEFAULT_SIZE_LIMIT, Text};

fn run(article: &str) -> Layer {
    suggest(&Text::new(article.to_string()), &Schema::default())
}

fn noise(layer: &Layer) -> Vec<(usize, &str)> {
    layer
        .noise
        .iter()
        .map(|n| (n.line, n.category.as_str()))
        .collect()
}

fn texts(spans: &[sayso::model::Span]) -> Vec<&str> {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// The quote whose first fragment starts with `start`.
fn quote<'a>(layer: &'a Layer, start: &str) -> &'a Quote {
    layer
        .quotes
        .iter()
        .find(|q| q.content[0].text.starts_with(start))
        .unwrap_or_else(|| panic!("no quote starting {start:?} in {:#?}", layer.quotes))
}

fn speaker_name(layer: &Layer, q: &Quote) -> String {
    let id = q.speaker.as_ref().expect("the quote has a speaker");
    layer.speaker(id).unwrap().name.clone()
}

fn cue(q: &Quote) -> Option<&str> {
    q.cue.as_ref().map(|c| c.text.as_str())
}

fn source(q: &Quote) -> Option<&str> {
    q.source.as_ref().map(|c| c.text.as_str())
}

// --- Noise lines ----------------------------------------------------------------------------

#[test]
fn datelines_and_relative_times() {
    let layer = run("Updated 3 hours ago\n\
                     Published 12 March 2019\n\
                     \n\
                     Talks resume in Geneva\n\
                     \n\
                     Delegates met on 12 March 2019 to discuss the ceasefire, officials said.\n");
    assert_eq!(noise(&layer), [(0, "dateline"), (1, "dateline")]);
}

#[test]
fn credits_and_captions() {
    let layer = run("Talks resume in Geneva\n\
                     \n\
                     Delegates met on Tuesday to discuss the ceasefire and the next steps.\n\
                     \n\
                     Reporting by Jane Doe in Geneva; Editing by John Roe\n\
                     Photo: Delegates arrive in Geneva, March 3, 2020.\n\
                     Delegates arrive in Geneva, March 3, 2020. REUTERS/Jane Doe\n");
    assert_eq!(
        noise(&layer),
        [(4, "byline"), (5, "caption"), (6, "caption")]
    );
}

#[test]
fn page_and_widget_text() {
    let layer = run("Talks resume in Geneva\n\
                     \n\
                     Delegates met on Tuesday to discuss the ceasefire and the next steps.\n\
                     Share this article\n\
                     Advertisement\n\
                     Read more: what the ceasefire means\n\
                     Sign up for our newsletter\n\
                     0 : 0\n\
                     2 - 1\n\
                     \x20 • narrow-browser-and-phone\n\
                     \x20 • Markets slip as oil rises\n\
                     \x20 • Ceasefire holds in the north\n");
    assert_eq!(
        noise(&layer),
        [
            (3, "navigation"),
            (4, "advertisement"),
            (5, "navigation"),
            (6, "advertisement"),
            (7, "navigation"),
            (8, "navigation"),
            (9, "navigation"),
            (10, "navigation"),
            (11, "navigation"),
        ]
    );
}

#[test]
fn headlines_prose_and_empty_lines_are_not_noise() {
    let layer = run("Share prices fall as talks stall\n\
                     \n\
                     \n\
                     Share prices fell on Tuesday after the talks stalled, traders said.\n\
                     A single bullet of prose:\n\
                     \x20 • The talks will resume next week in Geneva, officials said today.\n");
    assert_eq!(noise(&layer), []);
}

#[test]
fn noise_categories_come_from_the_schema() {
    let schema = Schema {
        noise_categories: vec![
            Label::new("junk", "#000000", None),
            Label::new("other", "#111111", None),
        ],
        ..Schema::default()
    };
    let layer = suggest(
        &Text::new("Updated 3 hours ago\n\nA headline\n".to_string()),
        &schema,
    );
    assert_eq!(noise(&layer), [(0, "other")], "no dateline category: other");
}

// --- Direct quotes ----------------------------------------------------------------------------

#[test]
fn curly_and_straight_marks() {
    let layer = run("Headline here\n\
                     \n\
                     “We will not give up,” Lavrov told reporters.\n\
                     \n\
                     \"The talks must go on,\" Medvedev said.\n");
    let curly = quote(&layer, "“We");
    assert_eq!(texts(&curly.content), ["“We will not give up,”"]);
    assert_eq!((cue(curly), source(curly)), (Some("told"), Some("Lavrov")));
    assert_eq!(curly.kind, "direct");
    let straight = quote(&layer, "\"The");
    assert_eq!(texts(&straight.content), ["\"The talks must go on,\""]);
    assert_eq!(
        (cue(straight), source(straight)),
        (Some("said"), Some("Medvedev"))
    );
}

#[test]
fn a_quote_split_by_its_cue_has_two_fragments() {
    let layer = run("Headline here\n\
                     \n\
                     Minister Jane Doe spoke on Monday.\n\
                     \n\
                     “Our customers need to know,” she said, “and nobody can tell them.”\n");
    let q = quote(&layer, "“Our");
    assert_eq!(
        texts(&q.content),
        [
            "“Our customers need to know,”",
            "“and nobody can tell them.”"
        ]
    );
    assert_eq!((cue(q), source(q)), (Some("said"), Some("she")));
    assert_eq!(speaker_name(&layer, q), "Jane Doe");
    assert_eq!(layer.quotes.len(), 1);
}

#[test]
fn a_quotation_after_the_cue_sentence_is_the_next_fragment() {
    let layer = run("Headline here\n\
                     \n\
                     “We will not sign,” Lavrov said. “The draft is one-sided. It ignores the facts.”\n\
                     \n\
                     “We need time,” she said. “Nobody can promise more,” Doe added.\n");
    let q = quote(&layer, "“We will");
    assert_eq!(
        texts(&q.content),
        [
            "“We will not sign,”",
            "“The draft is one-sided. It ignores the facts.”"
        ]
    );
    assert_eq!((cue(q), source(q)), (Some("said"), Some("Lavrov")));
    // A quotation with a cue of its own is a quote of its own.
    let added = quote(&layer, "“Nobody");
    assert_eq!((cue(added), source(added)), (Some("added"), Some("Doe")));
    assert_eq!(
        texts(&quote(&layer, "“We need").content),
        ["“We need time,”"]
    );
    assert_eq!(layer.quotes.len(), 3, "{:#?}", layer.quotes);
}

#[test]
fn a_quotation_inside_a_reported_clause_makes_it_mixed() {
    let layer = run("Headline here\n\
                     \n\
                     Doe said the tweets were “lies and conspiracy theories.”\n");
    let q = quote(&layer, "the tweets");
    assert_eq!(q.kind, "mixed");
    assert_eq!(
        texts(&q.content),
        ["the tweets were “lies and conspiracy theories.”"]
    );
    assert_eq!((cue(q), source(q)), (Some("said"), Some("Doe")));
    assert_eq!(layer.quotes.len(), 1, "{:#?}", layer.quotes);
}

#[test]
fn a_cue_inside_the_sentence_time_adverbials_and_plain_sources() {
    let layer = run("Headline here\n\
                     \n\
                     Acts of protest, Mr. Obama said, are acts of patriotism.\n\
                     \n\
                     The minister said Friday morning that the plan had failed.\n\
                     \n\
                     The talks stalled last week, according to officials familiar with them.\n");
    let q = quote(&layer, "Acts");
    assert_eq!(
        texts(&q.content),
        ["Acts of protest", "are acts of patriotism"]
    );
    assert_eq!((cue(q), source(q)), (Some("said"), Some("Mr. Obama")));
    let q = quote(&layer, "the plan");
    assert_eq!(texts(&q.content), ["the plan had failed"]);
    let q = quote(&layer, "The talks");
    assert_eq!(texts(&q.content), ["The talks stalled last week"]);
    assert_eq!(
        (cue(q), source(q)),
        (Some("according to"), Some("officials familiar with them"))
    );
    assert_eq!(layer.quotes.len(), 3, "{:#?}", layer.quotes);
}

#[test]
fn sources_without_a_name_and_titles_with_a_full_stop() {
    let layer = run("Headline here\n\
                     \n\
                     The plan would make the code more complicated, some experts said.\n\
                     \n\
                     \"It will be first-order business,\" Mr. Podesta said.\n");
    let q = quote(&layer, "The plan");
    assert_eq!(
        texts(&q.content),
        ["The plan would make the code more complicated"]
    );
    assert_eq!((cue(q), source(q)), (Some("said"), Some("some experts")));
    let q = quote(&layer, "\"It will");
    assert_eq!((cue(q), source(q)), (Some("said"), Some("Mr. Podesta")));
    assert_eq!(layer.quotes.len(), 2, "{:#?}", layer.quotes);
}

#[test]
fn a_participle_after_a_preposition_and_a_relative_with_a_time() {
    let layer = run("Headline here\n\
                     \n\
                     Dean appeared on television and began by saying he would never do it.\n\
                     \n\
                     He spoke with McConnell, who in 2010 said the goal was to make Obama a one-term president.\n");
    let q = quote(&layer, "he would");
    assert_eq!((cue(q), source(q)), (Some("saying"), Some("Dean")));
    let q = quote(&layer, "the goal");
    assert_eq!((cue(q), source(q)), (Some("said"), Some("McConnell")));
    assert_eq!(layer.quotes.len(), 2, "{:#?}", layer.quotes);
}

#[test]
fn a_project_that_writes_verb_groups_gets_verb_group_cues() {
    let article = "Headline here\n\
                   \n\
                   Minister Jane Roe has also said that the plan had failed.\n\
                   \n\
                   Doe said in a statement that the talks were over.\n";
    let text = Text::new(article.to_string());
    let cues = |layer: &Layer| -> Vec<String> {
        layer
            .quotes
            .iter()
            .filter_map(|q| Some(q.cue.as_ref()?.text.clone()))
            .collect()
    };
    assert_eq!(cues(&run(article)), ["said", "said"]);
    let mut model = sayso::suggest::Model::default();
    model.quotes.cue_groups = true;
    let layer = sayso::suggest::suggest_with(&text, &Schema::default(), &model);
    assert_eq!(cues(&layer), ["has also said", "said in a statement"]);
    // The source stays the phrase before the group.
    assert_eq!(source(&layer.quotes[0]), Some("Minister Jane Roe"));
}

#[test]
fn a_quote_over_several_paragraphs() {
    let layer = run("Headline here\n\
                     \n\
                     Dr. Ingrid Solvang led the trial. In a video call, she said:\n\
                     \n\
                     “These are the strongest results we have seen. We saw the effect in everyone.\n\
                     \n\
                     “What matters most is that fewer of them ended up in hospital.”\n\
                     \n\
                     The trial ends next year.\n");
    let q = quote(&layer, "“These");
    assert_eq!(
        texts(&q.content),
        [
            "“These are the strongest results we have seen. We saw the effect in everyone.",
            "“What matters most is that fewer of them ended up in hospital.”"
        ]
    );
    assert_eq!((cue(q), source(q)), (Some("said"), Some("she")));
    assert_eq!(speaker_name(&layer, q), "Ingrid Solvang");
    assert_eq!(layer.quotes.len(), 1, "{:#?}", layer.quotes);
}

// --- Cues, sources, indirect quotes ---------------------------------------------------------

#[test]
fn x_said_and_said_x() {
    let layer = run("Headline here\n\
                     \n\
                     The outcome of the talks must not be predetermined, Russian Foreign Minister Sergei Lavrov said on Wednesday.\n\
                     \n\
                     The embargo would hurt ordinary people, said Lavrov.\n");
    let a = quote(&layer, "The outcome");
    assert_eq!(
        texts(&a.content),
        ["The outcome of the talks must not be predetermined"]
    );
    assert_eq!(
        (cue(a), source(a)),
        (Some("said"), Some("Russian Foreign Minister Sergei Lavrov"))
    );
    assert_eq!(a.kind, "indirect");
    let b = quote(&layer, "The embargo");
    assert_eq!(
        texts(&b.content),
        ["The embargo would hurt ordinary people"]
    );
    assert_eq!((cue(b), source(b)), (Some("said"), Some("Lavrov")));
    assert_eq!(a.speaker, b.speaker, "grouped by surname");
    assert_eq!(speaker_name(&layer, a), "Sergei Lavrov");
}

#[test]
fn according_to_x() {
    let layer = run("Headline here\n\
                     \n\
                     The strike has halted loading at 14 berths, according to the Gothenburg Port Authority.\n");
    let q = quote(&layer, "The strike");
    assert_eq!(
        texts(&q.content),
        ["The strike has halted loading at 14 berths"]
    );
    assert_eq!(
        (cue(q), source(q)),
        (Some("according to"), Some("the Gothenburg Port Authority"))
    );
    let speaker = layer.speaker(q.speaker.as_ref().unwrap()).unwrap();
    assert_eq!(speaker.kind, "organization", "from the word Authority");
}

#[test]
fn an_indirect_said_that_clause() {
    let layer = run("Headline here\n\
                     \n\
                     Infrastructure Minister Anders Holmqvist said that the government had no plans to intervene.\n\
                     \n\
                     Sørensen said the strike was hurting businesses, adding that her team had fielded dozens of calls.\n");
    let q = quote(&layer, "the government");
    assert_eq!(
        texts(&q.content),
        ["the government had no plans to intervene"]
    );
    assert_eq!(
        (cue(q), source(q)),
        (
            Some("said"),
            Some("Infrastructure Minister Anders Holmqvist")
        )
    );
    let first = quote(&layer, "the strike");
    assert_eq!(texts(&first.content), ["the strike was hurting businesses"]);
    let second = quote(&layer, "her team");
    assert_eq!(cue(second), Some("adding"));
    assert_eq!(
        source(second),
        Some("Sørensen"),
        "the subject of the sentence"
    );
}

#[test]
fn a_quoted_phrase_inside_reported_speech_is_mixed() {
    let layer = run("Headline here\n\
                     \n\
                     The minister added that a prolonged stoppage would be \"deeply damaging\" for exporters.\n");
    let q = quote(&layer, "a prolonged");
    assert_eq!(q.kind, "mixed");
    assert_eq!(
        texts(&q.content),
        ["a prolonged stoppage would be \"deeply damaging\" for exporters"]
    );
    assert_eq!(layer.quotes.len(), 1);
}

#[test]
fn negated_and_infinitive_verbs_are_no_cues() {
    let layer = run("Headline here\n\
                     \n\
                     Zacharopoulos did not say how much Athens would pledge, and he declined to say when.\n");
    assert!(layer.quotes.is_empty(), "{:#?}", layer.quotes);
}

#[test]
fn pronouns_resolve_to_the_nearest_preceding_person() {
    let layer = run("Headline here\n\
                     \n\
                     Greek Environment Minister Foivos Zacharopoulos struck a similar note.\n\
                     \n\
                     \"Europe cannot lecture others,\" he said.\n\
                     \n\
                     The Danish Lung Patients' Association said its members had waited years for a vaccine.\n\
                     \n\
                     But it warned that a premium price could keep the vaccine out of reach.\n");
    let he = quote(&layer, "\"Europe");
    assert_eq!(source(he), Some("he"));
    assert_eq!(speaker_name(&layer, he), "Foivos Zacharopoulos");
    let it = quote(&layer, "a premium");
    assert_eq!(source(it), Some("it"));
    assert_eq!(
        speaker_name(&layer, it),
        "Danish Lung Patients' Association"
    );
    let first = quote(&layer, "its members");
    assert_eq!(first.speaker, it.speaker);
}

#[test]
fn a_name_whose_words_are_title_words_is_one_speaker() {
    // "Energy" is a title word ("Energy Minister"), so it cannot be the surname: the
    // whole name groups the company's quotes and finds its further mentions, and a name
    // ending in a field is an organisation.
    let layer = run("Power prices rise again\n\
                     \n\
                     Greenfield Energy said prices would rise by ten percent next year.\n\
                     \n\
                     \"We have no choice,\" Greenfield Energy said in a statement.\n\
                     \n\
                     Anna Keller, a spokeswoman for Greenfield Energy, said the company was working with regulators.\n\
                     \n\
                     \"Costs are up everywhere,\" said Greenfield Energy.\n");
    let first = quote(&layer, "prices would rise");
    assert_eq!(speaker_name(&layer, first), "Greenfield Energy");
    for other in ["\"We have", "\"Costs"] {
        assert_eq!(quote(&layer, other).speaker, first.speaker, "{other}");
    }
    let company = layer.speaker(first.speaker.as_ref().unwrap()).unwrap();
    assert_eq!(company.mentions.len(), 4, "{:?}", company.mentions);
    assert_eq!(company.kind, "organization");
    let keller = quote(&layer, "the company");
    assert_eq!(speaker_name(&layer, keller), "Anna Keller");
}

#[test]
fn a_headline_claim_with_its_speaker_after_a_colon() {
    let layer = run("Results of Syria talks must not be predetermined: Russia\n\
                     \n\
                     Russia said it blocked the resolution on Saturday.\n");
    let q = quote(&layer, "Results");
    assert_eq!(
        texts(&q.content),
        ["Results of Syria talks must not be predetermined"]
    );
    assert_eq!((cue(q), source(q)), (None, Some("Russia")));
    let body = quote(&layer, "it blocked");
    assert_eq!(body.speaker, q.speaker);
}

// --- The layer as a whole ---------------------------------------------------------------------

#[test]
fn every_prediction_is_scored_valid_and_named_from_the_schema() {
    let opened = store::open(&common::demo(), DEFAULT_SIZE_LIMIT).unwrap();
    let schema = &opened.project.schema;
    for doc in &opened.project.documents {
        let layer = suggest(&doc.text, schema);
        assert_eq!(layer.anchored_to, doc.sha256);
        let scores = layer
            .speakers
            .iter()
            .map(|s| s.score)
            .chain(layer.quotes.iter().map(|q| q.score))
            .chain(layer.noise.iter().map(|n| n.score));
        for score in scores {
            let s = score.expect("every prediction has a score");
            assert!((0.0..=1.0).contains(&s), "{s}");
        }
        let mut copy = Document::new(&doc.id, &doc.path, doc.text.clone());
        copy.layers.insert(LAYER.to_string(), layer);
        let problems = validate_document(&copy, schema);
        assert!(problems.is_empty(), "{}: {problems:#?}", doc.id);
    }
}

/// F1, or 0 when undefined.
fn f1(prf: &Prf) -> f64 {
    prf.f1().unwrap_or(0.0)
}

#[test]
fn demo_quality_stays_at_least_where_it_is() {
    let mut project = store::open(&common::demo(), DEFAULT_SIZE_LIMIT)
        .unwrap()
        .project;
    let schema = project.schema.clone();
    for doc in &mut project.documents {
        let layer = suggest(&doc.text, &schema);
        doc.layers.insert(LAYER.to_string(), layer);
    }
    let eval = evaluate_project(&project, "gold", LAYER);
    let t = &eval.total;
    println!("{eval}");
    // Achieved when pinned: noise 1.000, categories 1.000, quotes exact 0.978 and overlap
    // 0.993, cues 0.992, attribution 0.993, mentions (overlap) 0.780.
    let pins = [
        ("noise lines", f1(&t.noise), 1.00),
        ("noise categories", f1(&t.noise_category), 1.00),
        ("quotes (exact)", f1(&t.quotes.exact), 0.97),
        ("quotes (overlap)", f1(&t.quotes.overlap), 0.99),
        ("cues (exact)", f1(&t.cues.exact), 0.99),
        ("attribution", f1(&t.attribution), 0.99),
        ("mentions (overlap)", f1(&t.mentions.overlap), 0.78),
    ];
    for (name, got, pin) in pins {
        assert!(got >= pin, "{name}: F1 {got:.3} fell below {pin}\n{eval}");
    }
    // The targets.
    assert!(f1(&t.noise) >= 0.95 && f1(&t.quotes.overlap) >= 0.85);
}

// --- `sayso suggest` ----------------------------------------------------------------------------

fn sayso(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sayso"))
        .args(args)
        .output()
        .expect("the sayso binary runs")
}

#[test]
fn the_command_fills_the_layer_of_the_documents_asked_for() {
    let dir = common::demo_copy();
    let root = dir.path().to_str().unwrap();
    let layer_file = |doc: &str, layer: &str| {
        dir.path()
            .join("annotations")
            .join(doc)
            .join(format!("{}.ron", layer.replace(':', "%3A")))
    };

    let out = sayso(&["suggest", root, "--docs", "vaccine-trial-2021"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("vaccine-trial-2021: 13 quotes, 4 speakers, 12 noise lines"),
        "{stdout}"
    );
    assert!(
        stdout.contains("layer \"model:rules\" of 1 document"),
        "{stdout}"
    );
    assert!(layer_file("vaccine-trial-2021", "model:rules").is_file());
    assert!(!layer_file("syria-talks-2012", "model:rules").exists());

    // All documents by default, into another layer; the result opens and validates.
    let out = sayso(&["suggest", root, "--layer", "model:test"]);
    assert_eq!(out.status.code(), Some(0));
    let opened = store::open(dir.path(), DEFAULT_SIZE_LIMIT).unwrap();
    for doc in &opened.project.documents {
        assert!(
            doc.layer("model:test")
                .is_some_and(|l| !l.quotes.is_empty())
        );
    }
    assert!(sayso::model::validate(&opened.project).is_empty());

    // Running again replaces the layer rather than adding to it.
    let before = std::fs::read(layer_file("vaccine-trial-2021", "model:rules")).unwrap();
    assert_eq!(
        sayso(&["suggest", root, "--docs", "vaccine-trial-2021"])
            .status
            .code(),
        Some(0)
    );
    let after = std::fs::read(layer_file("vaccine-trial-2021", "model:rules")).unwrap();
    assert_eq!(before, after);
}

#[test]
fn the_command_refuses_an_unknown_document() {
    let dir = common::demo_copy();
    let root = dir.path().to_str().unwrap();
    let out = sayso(&["suggest", root, "--docs", "syria-talks-2012", "no-such-doc"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no document \"no-such-doc\""), "{stderr}");
    assert!(
        !dir.path()
            .join("annotations/syria-talks-2012/model%3Arules.ron")
            .exists(),
        "nothing is written"
    );
}
