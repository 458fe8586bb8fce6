//! Generates the big project of issue 15, for the scale benchmark (`benches/scale.sh`).
//!
//! ```text
//! cargo run --release --example gen_project -- DIR [DOCS]
//! ```
//!
//! `DIR` (refused if it holds a project) gets a project of `DOCS` articles (default
//! 10,000) of about 14 KB each, with two layers: `gold` and `model`, 98 annotations each (8
//! speakers, 40 mentions, 40 quotes with cue and source, 4 stances, 6 noise lines), a span
//! about every 120 characters. At 10,000 documents the layer files take about 400 MB.
//! The files are written through `sayso::store`, so they are what sayso writes.
//! Deterministic: the same arguments give the same files.

use std::path::PathBuf;

use sayso::model::{Document, Layer, NoiseLine, Quote, Span, Speaker, Stance, Status};
use sayso::store::{self, ProjectPaths};
use sayso::text::Text;

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Maria",
    "José",
    "Zoë",
    "Łukasz",
    "Amara",
    "Hiroshi",
    "François",
    "Sergei",
    "Priya",
    "Kofi",
    "Anna",
    "Tomás",
    "Ingrid",
    "Mehmet",
    "Chiara",
    "Dmitri",
];
const LAST: &[&str] = &[
    "Keller",
    "Martínez",
    "Ødegaard",
    "Wójcik",
    "Okafor",
    "Tanaka",
    "Dubois",
    "Lavrov",
    "Raman",
    "Mensah",
    "Lindqvist",
    "Rossi",
];
const CUES: &[&str] = &["said", "told reporters", "warned", "added", "insisted"];
const WORDS: &[&str] = &[
    "the",
    "government",
    "budget",
    "would",
    "never",
    "accept",
    "a",
    "plan",
    "that",
    "cuts",
    "funding",
    "for",
    "schools",
    "and",
    "hospitals",
    "in",
    "every",
    "region",
    "of",
    "country",
    "we",
    "will",
    "not",
    "stand",
    "by",
    "while",
    "prices",
    "rise",
    "faster",
    "than",
    "wages",
    "port",
    "tariffs",
    "are",
    "hurting",
    "farmers",
    "this",
    "year",
    "café",
    "naïve",
];
const FILLER: &[&str] = &[
    "The meeting lasted more than four hours and ended without a statement.",
    "Officials in São Paulo and Kraków declined to comment on the figures.",
    "Analysts called the numbers broadly in line with expectations.",
    "More than 3,000 people signed an online petition within a week.",
    "The vote is expected before the end of the month.",
];
const TARGETS: &[&str] = &["budget cuts", "port tariffs", "ceasefire", "pension reform"];
const LABELS: &[&str] = &["favor", "against", "neutral"];
const NOISE: &[&str] = &["dateline", "byline", "navigation", "advertisement", "other"];

/// An article being written, counting code points for the spans.
#[derive(Default)]
struct Article {
    text: String,
    chars: usize,
    line: usize,
}

impl Article {
    /// Appends `s`, returning its code-point range.
    fn push(&mut self, s: &str) -> (usize, usize) {
        let start = self.chars;
        self.text.push_str(s);
        self.chars += s.chars().count();
        self.line += s.matches('\n').count();
        (start, self.chars)
    }
}

fn span(text: &str, (start, end): (usize, usize)) -> Span {
    Span {
        start,
        end,
        text: text.to_string(),
        orphaned: false,
    }
}

/// Article `index`: its text and its gold layer (anchored later).
fn article(index: usize) -> (String, Layer) {
    let mut rng = Lcg(index as u64 ^ 0x9e37_79b9_7f4a_7c15);
    rng.next();
    let mut a = Article::default();
    let mut layer = Layer {
        status: Status::Done,
        ..Layer::default()
    };
    let noise_line = |a: &mut Article, layer: &mut Layer, category: &str, text: String| {
        layer.noise.push(NoiseLine {
            line: a.line,
            category: category.to_string(),
            text: text.clone(),
            orphaned: false,
            score: None,
        });
        a.push(&text);
        a.push("\n");
    };
    noise_line(
        &mut a,
        &mut layer,
        "dateline",
        format!(
            "Geneva, {} March 2024 (Sayso Wire, story {index})",
            1 + index % 28
        ),
    );
    noise_line(
        &mut a,
        &mut layer,
        "byline",
        "By Anna Keller · 4 min read".into(),
    );
    noise_line(
        &mut a,
        &mut layer,
        "navigation",
        "Home › World › Europe › Politics".into(),
    );
    a.push("Ministers clash over the budget\n\n");
    for s in 0..8 {
        let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        layer.speakers.push(Speaker {
            id: format!("s{}", s + 1),
            name,
            kind: "person".into(),
            mentions: Vec::new(),
            score: None,
        });
    }
    for q in 0..40 {
        let s = rng.below(8);
        let name = layer.speakers[s].name.clone();
        let mut said = String::new();
        for _ in 0..(14 + rng.below(8)) {
            if !said.is_empty() {
                said.push(' ');
            }
            said.push_str(rng.pick(WORDS));
        }
        let cue = rng.pick(CUES);
        a.push(rng.pick(FILLER));
        a.push(" “");
        let content = a.push(&said);
        a.push(",” ");
        let source = a.push(&name);
        a.push(" ");
        let cue_range = a.push(cue);
        a.push(". ");
        a.push(rng.pick(FILLER));
        let mention = span(&name, source);
        layer.speakers[s].mentions.push(mention.clone());
        layer.quotes.push(Quote {
            id: format!("q{}", q + 1),
            kind: "direct".into(),
            content: vec![span(&said, content)],
            cue: Some(span(cue, cue_range)),
            source: Some(mention),
            speaker: Some(format!("s{}", s + 1)),
            score: None,
        });
        if q % 10 == 9 && q < 39 {
            a.push("\n");
            let category = rng.pick(&NOISE[3..]);
            noise_line(&mut a, &mut layer, category, "Advertisement".into());
        } else if q % 2 == 1 {
            a.push("\n");
        }
    }
    for (t, target) in TARGETS.iter().enumerate() {
        let holder = layer.quotes[t].speaker.clone().unwrap_or_default();
        layer.stances.push(Stance {
            id: format!("t{}", t + 1),
            holder,
            target: target.to_string(),
            label: rng.pick(LABELS).to_string(),
            evidence: vec![format!("q{}", t + 1)],
            score: None,
        });
    }
    // Noise lines sorted by line (they are, as written) and unique: the article ends here.
    (a.text, layer)
}

/// A prediction layer: the gold one with some quotes missing or cut short, some cues
/// wrong, other stance labels.
fn predicted(gold: &Layer, index: usize, text: &Text) -> Layer {
    let mut rng = Lcg(index as u64 ^ 0x5151_5151);
    let mut layer = gold.clone();
    layer.status = Status::InProgress;
    for q in &mut layer.quotes {
        q.score = Some(0.5 + rng.below(50) as f64 / 100.0);
        if rng.below(6) == 0 {
            let c = &mut q.content[0];
            let end = c.end - 4;
            *c = Span::new(text, c.start, end).expect("inside the text");
        }
    }
    for s in &mut layer.stances {
        s.label = rng.pick(LABELS).to_string();
    }
    layer
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: gen_project DIR [DOCS]");
        std::process::exit(2);
    };
    let docs: usize = args
        .next()
        .map_or(10_000, |n| n.parse().expect("DOCS: a number"));
    let started = std::time::Instant::now();
    let mut project = store::create(&dir, "scale").expect("a new project");
    for target in TARGETS {
        project.schema.add_target(target);
    }
    project.mark_changed();
    let paths = ProjectPaths::new(&dir);
    let articles = dir.join(store::ARTICLES_DIR);
    std::fs::create_dir_all(&articles).expect("the articles folder");
    let mut annotations = 0;
    for index in 0..docs {
        let (text, mut gold) = article(index);
        let name = format!("article-{index:05}.txt");
        std::fs::write(articles.join(&name), &text).expect("the article is written");
        let mut doc = Document::new(
            &format!("article-{index:05}"),
            &format!("{}/{name}", store::ARTICLES_DIR),
            Text::new(text),
        );
        gold.anchored_to = doc.sha256.clone();
        let model = predicted(&gold, index, &doc.text);
        annotations += gold.speakers.len()
            + gold.mention_count()
            + gold.quotes.len()
            + gold.stances.len()
            + gold.noise.len();
        for (name, layer) in [("gold", gold), ("model", model)] {
            doc.layers.insert(name.to_string(), layer);
            doc.set_unsaved(name, true);
        }
        project.documents.push(doc);
        // Saved in batches: a project of 10,000 documents is not held twice in memory.
        if project.documents.len().is_multiple_of(1000) || index + 1 == docs {
            project.mark_changed();
            store::save(&paths, &mut project).expect("the project is saved");
            for doc in &mut project.documents {
                doc.layers.clear();
            }
            eprintln!("{} documents", index + 1);
        }
    }
    let listed = store::open(&dir, sayso::text::DEFAULT_SIZE_LIMIT).expect("the project opens");
    assert_eq!(
        listed.project.documents.len(),
        docs,
        "every document is listed"
    );
    assert!(listed.warnings.is_empty(), "{:?}", listed.warnings);
    eprintln!(
        "{docs} documents, {annotations} gold annotations ({:.1} a document), in {:.1} s",
        annotations as f64 / docs as f64,
        started.elapsed().as_secs_f64()
    );
}
