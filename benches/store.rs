//! Benchmarks of the project store: opening a large project and saving it.
//!
//! Before anything is timed, a project is generated in a temporary folder: 2,000 articles
//! of 3-5 KB (paragraphs of quotes with curly and straight quote marks, names with
//! diacritics, emoji in captions) with a `gold` layer of 50 annotations each (5 speakers
//! with 3 mentions, 15 quotes with cue and source, 5 stances, 10 noise lines), all made
//! through [`Document::apply`] like the GUI does.
//!
//! Group `project_2000_docs`:
//! - `open`: [`store::open`], reading every article and every layer file;
//! - `save_all`: [`store::save`] after the status of every layer was flipped, so all 2,000
//!   layer files are rewritten (atomically, synced to disk);
//! - `save_one_edit`: [`store::save`] after one edit to one document: one file written.
//!
//! Group `save_one_edit_scaling`: `save_one_edit` on projects of 200 and 2,000 documents,
//! which should cost the same.
//!
//! Run with `cargo bench --bench store` (about a minute and a half once built, most of it
//! `open` and `save_all`, whose time is dominated by syncing 2,000 files to disk).
//! Generating the projects takes a few seconds and happens even when a filter selects a
//! single benchmark, e.g. `cargo bench --bench store -- save_one_edit`.

mod common;
use common::{
    Article, CITIES, DIRECT_SUBJECTS, FIRST_NAMES, Form, LAST_NAMES, Lcg, PlannedQuote, SUBJECTS,
    Who, capitalized, clause, organizations, people,
};

use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use sayso::model::{
    Document, Edit, Layer, NoiseLine, Project, Quote, Span, Speaker, Stance, Status,
};
use sayso::store::{self, ProjectPaths, Saved};
use sayso::text::DEFAULT_SIZE_LIMIT;
use tempfile::TempDir;

/// The layer every generated annotation goes into.
const GOLD: &str = "gold";

// ---------------------------------------------------------------------------------------
// A deterministic article generator.

const STANCE_TARGETS: &[&str] = &[
    "budget cuts",
    "port tariffs",
    "ceasefire",
    "pension reform",
    "airport expansion",
    "school funding",
    "farm subsidies",
    "independent inquiry",
];
const STANCE_LABELS: &[&str] = &["favor", "against", "neutral"];

/// What the generator wrote where, in code points, to be annotated once the article is
/// part of the project.
#[derive(Default)]
struct Plan {
    /// Name, kind and mentions of each speaker.
    speakers: Vec<(String, &'static str, Vec<Range<usize>>)>,
    quotes: Vec<PlannedQuote>,
    /// Holder (index into `speakers`), target and label.
    stances: Vec<(usize, &'static str, &'static str)>,
    /// Line and noise category.
    noise: Vec<(usize, &'static str)>,
}

/// The article being written and what to annotate in it.
struct Writer {
    rng: Lcg,
    text: Article,
    /// The five speakers this article quotes.
    speakers: Vec<Who>,
    /// The last context sentence, not to repeat it right away.
    last_filler: usize,
    plan: Plan,
}

impl Writer {
    fn noise(&mut self, category: &'static str, line: &str) {
        self.plan.noise.push((self.text.line(), category));
        self.text.push(line);
        self.text.end_line();
    }

    /// Writes a quote by `speaker` naming them by `mention` (0: full name, 1: short, 2:
    /// pronoun).
    fn quote(&mut self, speaker: usize, mention: usize) {
        let who = &self.speakers[speaker];
        let name = [who.name.as_str(), &who.short, who.pronoun][mention].to_string();
        let forms: &[Form] = if mention == 2 {
            &[Form::Trailing, Form::Leading, Form::Indirect]
        } else {
            &[
                Form::Trailing,
                Form::Leading,
                Form::Inverted,
                Form::Indirect,
                Form::Mixed,
            ]
        };
        let form = self.rng.pick(forms);
        let cue = self.rng.pick(form.cues());
        let said = match form {
            Form::Indirect => clause(&mut self.rng, SUBJECTS),
            Form::Mixed => {
                let said = clause(&mut self.rng, SUBJECTS);
                let quoted = clause(&mut self.rng, DIRECT_SUBJECTS);
                format!("{said}, adding that “{quoted}”")
            }
            _ => clause(&mut self.rng, DIRECT_SUBJECTS),
        };
        self.text.space();
        let quote = self.text.quote(speaker, form, &name, cue, &said);
        self.plan.speakers[speaker].2.push(quote.source.clone());
        self.plan.quotes.push(quote);
    }

    /// A sentence of context.
    fn filler(&mut self) {
        let n = 2 + self.rng.below(40);
        let mut which = self.rng.below(10);
        if which == self.last_filler {
            which = (which + 1) % 10;
        }
        self.last_filler = which;
        let sentence = match which {
            0 => format!("The meeting lasted more than {n} hours and ended without a statement."),
            1 => format!(
                "Prices rose {n}.{}% in the first quarter, according to Eurostat.",
                n % 10
            ),
            2 => "Protesters gathered outside the town hall on Saturday ✊ and stayed until dusk."
                .to_string(),
            3 => {
                "Officials in São Paulo and Kraków declined to comment on the figures.".to_string()
            }
            4 => format!("The vote is expected before the end of the month, {n} days from now."),
            5 => "Analysts called the numbers “broadly in line” with expectations.".to_string(),
            6 => format!(
                "The programme would cost about €{n}.{} billion over five years.",
                n % 7
            ),
            7 => "Critics described the move as “a step backwards” for the region.".to_string(),
            8 => "Hospital staff 👩‍⚕️ said they had not been consulted before the announcement."
                .to_string(),
            _ => format!("More than {n},000 people signed an online petition within a week."),
        };
        self.text.space();
        self.text.push(&sentence);
    }

    /// A paragraph line holding the quotes `quotes` (indices into the article's quote
    /// order), with context sentences around them.
    fn paragraph(&mut self, quotes: Range<usize>) {
        if self.rng.below(2) == 0 {
            self.filler();
        }
        for k in quotes {
            // Quote k is by speaker k % 5; its n-th quote names them by mention n.
            self.quote(k % 5, k / 5);
            for _ in 0..self.rng.below(3) {
                self.filler();
            }
        }
        self.filler();
        self.text.end_line();
    }
}

/// Who the articles quote: people and organizations, with short names and pronouns.
fn cast() -> Vec<Who> {
    people(9).chain(organizations().take(5)).collect()
}

/// Writes article number `index`, quoting five of `cast`, and what to annotate in it.
fn article(index: usize, cast: &[Who]) -> (String, Plan) {
    let mut rng = Lcg::new(index as u64);
    let mut pool: Vec<&Who> = cast.iter().collect();
    let speakers: Vec<Who> = (0..5)
        .map(|_| pool.swap_remove(rng.below(pool.len())).clone())
        .collect();
    let mut w = Writer {
        rng,
        text: Article::with_capacity(6 << 10),
        plan: Plan::default(),
        speakers,
        last_filler: usize::MAX,
    };
    for who in &w.speakers {
        let name = who.name.strip_prefix("the ").unwrap_or(&who.name);
        w.plan
            .speakers
            .push((name.to_string(), who.kind, Vec::new()));
    }

    let city = w.rng.pick(CITIES);
    let (first, _) = w.rng.pick(FIRST_NAMES);
    let last = w.rng.pick(LAST_NAMES);
    let target = w.rng.pick(STANCE_TARGETS);
    w.noise(
        "dateline",
        &format!(
            "{city}, {} March 2024 (Sayso Wire, story {index})",
            1 + index % 28
        ),
    );
    w.noise(
        "byline",
        &format!("By {first} {last} · {} min read", 3 + index % 6),
    );
    w.noise("navigation", "Home › World › Europe › Politics");
    let headline = format!(
        "{} and {} clash over {target}",
        w.speakers[0].name, w.speakers[1].name
    );
    w.text.push(&capitalized(&headline));
    w.text.end_line();
    w.text.end_line();

    let between = [
        ("advertisement", "Advertisement".to_string()),
        (
            "caption",
            format!("📷 Demonstrators in {city} on Friday. (Photo: Sayso Wire)"),
        ),
        (
            "navigation",
            format!("Read more: what is at stake in the {target} debate →"),
        ),
        (
            "advertisement",
            "Advertisement · Continue reading below".to_string(),
        ),
    ];
    for p in 0..5 {
        w.paragraph(p * 3..p * 3 + 3);
        if let Some((category, line)) = between.get(p) {
            w.noise(category, line);
        }
        w.text.end_line();
    }
    w.noise("navigation", "Share: ✉️ · 𝕏 · 📘 · 🔗");
    w.noise("other", &format!("Tags: {target}, {}", city.to_lowercase()));
    w.noise("other", "© 2024 Sayso Wire. All rights reserved.");

    for s in 0..5 {
        let target = w.rng.pick(STANCE_TARGETS);
        let label = w.rng.pick(STANCE_LABELS);
        w.plan.stances.push((s, target, label));
    }
    (w.text.into_string(), w.plan)
}

// ---------------------------------------------------------------------------------------
// Building a project through the library, as the GUI and the CLI do.

/// Builds the edit with `make` from the current gold layer and applies it.
fn apply(doc: &mut Document, make: impl FnOnce(&Layer) -> Option<Edit>) {
    let layer = doc.layer(GOLD).expect("the gold layer exists");
    let edit = make(layer).expect("the edit fits the layer");
    doc.apply(GOLD, edit).expect("the edit applies");
}

/// Annotates `doc` in layer `gold` as `plan` says: 50 annotations.
fn annotate(doc: &mut Document, plan: &Plan) {
    let span = |doc: &Document, r: &Range<usize>| {
        Span::new(&doc.text, r.start, r.end).expect("the planned span is in the text")
    };
    doc.apply(GOLD, Edit::set_status(Status::InProgress))
        .expect("setting the status applies");
    for (i, (name, kind, mentions)) in plan.speakers.iter().enumerate() {
        let speaker = Speaker {
            id: format!("s{}", i + 1),
            name: name.to_string(),
            kind: kind.to_string(),
            mentions: Vec::new(),
            score: None,
        };
        apply(doc, |layer| Some(Edit::add_speaker(layer, speaker)));
        for mention in mentions {
            let mention = span(doc, mention);
            apply(doc, |layer| {
                Edit::add_mention(layer, &format!("s{}", i + 1), mention)
            });
        }
    }
    for (k, q) in plan.quotes.iter().enumerate() {
        let quote = Quote {
            id: format!("q{}", k + 1),
            kind: q.kind.to_string(),
            content: vec![span(doc, &q.content)],
            cue: Some(span(doc, &q.cue)),
            source: Some(span(doc, &q.source)),
            speaker: Some(format!("s{}", q.speaker + 1)),
            score: None,
        };
        apply(doc, |layer| Some(Edit::add_quote(layer, quote)));
    }
    for (i, &(holder, target, label)) in plan.stances.iter().enumerate() {
        let evidence = (plan.quotes.iter().enumerate())
            .filter(|(_, q)| q.speaker == holder)
            .map(|(k, _)| format!("q{}", k + 1))
            .collect();
        let stance = Stance {
            id: format!("t{}", i + 1),
            holder: format!("s{}", holder + 1),
            target: target.to_string(),
            label: label.to_string(),
            evidence,
            score: None,
        };
        apply(doc, |layer| Some(Edit::put_stance(layer, stance)));
    }
    for &(line, category) in &plan.noise {
        let noise = noise_line(doc, line, category);
        apply(doc, |layer| Edit::set_noise(layer, line, Some(noise)));
    }
}

fn noise_line(doc: &Document, line: usize, category: &str) -> NoiseLine {
    NoiseLine {
        line,
        category: category.to_string(),
        text: doc.text.line(line).expect("the line exists").to_string(),
        orphaned: false,
        score: None,
    }
}

/// A generated project in a temporary folder, removed on drop.
struct Fixture {
    dir: TempDir,
    docs: usize,
}

impl Fixture {
    /// Creates a project of `docs` annotated articles and saves it.
    fn generate(docs: usize) -> Fixture {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let paths = ProjectPaths::new(dir.path());
        let mut project = store::create(dir.path(), "benchmark").expect("a new project");
        for target in STANCE_TARGETS {
            project.schema.add_target(target);
        }
        project.mark_changed();
        let articles = dir.path().join(store::ARTICLES_DIR);
        std::fs::create_dir_all(&articles).expect("the articles folder");
        let cast = cast();
        for index in 0..docs {
            let (text, plan) = article(index, &cast);
            let file = articles.join(format!("article-{index:05}.txt"));
            std::fs::write(&file, &text).expect("the article is written");
            let added = store::add_article(&paths, &mut project, &file, DEFAULT_SIZE_LIMIT)
                .expect("the article is added");
            assert!(added.duplicate_of.is_none() && added.warning.is_none());
            let doc = project.documents.last_mut().expect("the added document");
            assert_eq!(
                doc.text.as_str(),
                text,
                "the article is read back unchanged"
            );
            annotate(doc, &plan);
        }
        let saved = store::save(&paths, &mut project).expect("the project is saved");
        assert_eq!(
            saved.written.len(),
            docs + 1,
            "project.ron and every layer file"
        );
        Fixture { dir, docs }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn paths(&self) -> ProjectPaths {
        ProjectPaths::new(self.root())
    }

    /// Opens the project, checking it opens without warnings and with no unsaved layer.
    fn open(&self) -> Project {
        let opened = store::open(self.root(), DEFAULT_SIZE_LIMIT).expect("the project opens");
        assert!(opened.warnings.is_empty(), "{:?}", opened.warnings);
        let project = opened.project;
        assert_eq!(project.documents.len(), self.docs);
        assert!(project.documents.iter().all(|d| !d.is_unsaved()));
        // `store::open` leaves the project marked changed (see `Project::new`), so the
        // first save after opening also serializes `project.ron` (and leaves the file
        // alone, as its bytes are the same). The sessions below make that first save
        // before anything is timed.
        project
    }
}

// ---------------------------------------------------------------------------------------
// What is timed: a save after an untimed change.

/// An opened project whose every layer changes between saves.
struct SaveAll {
    paths: ProjectPaths,
    project: RefCell<Project>,
    /// The status the next flip sets.
    next: Cell<Status>,
}

impl SaveAll {
    fn new(fixture: &Fixture) -> Self {
        let session = SaveAll {
            paths: fixture.paths(),
            project: RefCell::new(fixture.open()),
            next: Cell::new(Status::Done),
        };
        session.flip();
        let written = session.save().written.len();
        assert_eq!(written, fixture.docs, "save_all writes every layer file");
        assert!(!session.project.borrow().is_changed());
        session
    }

    /// Sets every gold layer to the other of Done and InProgress.
    fn flip(&self) {
        let next = self.next.get();
        for doc in &mut self.project.borrow_mut().documents {
            doc.apply(GOLD, Edit::set_status(next))
                .expect("setting the status applies");
        }
        self.next.set(match next {
            Status::Done => Status::InProgress,
            _ => Status::Done,
        });
    }

    fn save(&self) -> Saved {
        store::save(&self.paths, &mut self.project.borrow_mut()).expect("the project saves")
    }
}

/// An opened project where one noise line of one document is toggled between saves.
struct OneEdit {
    paths: ProjectPaths,
    project: RefCell<Project>,
    /// The edited document (the middle one) and the line toggled.
    doc: usize,
    line: usize,
    layer_file: PathBuf,
}

impl OneEdit {
    fn new(fixture: &Fixture) -> Self {
        let project = fixture.open();
        let doc = project.documents.len() / 2;
        let layer = project.documents[doc].layer(GOLD).expect("a gold layer");
        // The headline: the first line that is not noise.
        let line = (0..).find(|&l| layer.noise_line(l).is_none()).unwrap();
        let paths = fixture.paths();
        let layer_file = paths.layer_file(&project.documents[doc].id, GOLD);
        let session = OneEdit {
            paths,
            project: RefCell::new(project),
            doc,
            line,
            layer_file,
        };
        session.toggle();
        let saved = session.save();
        assert_eq!(
            saved.written,
            std::slice::from_ref(&session.layer_file),
            "one edit, one file"
        );
        assert!(!session.project.borrow().is_changed());
        session
    }

    /// Marks the line as noise, or clears it if it is.
    fn toggle(&self) {
        let mut project = self.project.borrow_mut();
        let doc = &mut project.documents[self.doc];
        let noise = noise_line(doc, self.line, "other");
        apply(doc, |layer| match layer.noise_line(self.line) {
            Some(_) => Edit::set_noise(layer, self.line, None),
            None => Edit::set_noise(layer, self.line, Some(noise)),
        });
    }

    fn save(&self) -> Saved {
        store::save(&self.paths, &mut self.project.borrow_mut()).expect("the project saves")
    }
}

fn bench_save_one_edit(b: &mut criterion::Bencher, session: &OneEdit) {
    b.iter_batched(
        || session.toggle(),
        |()| session.save(),
        BatchSize::PerIteration,
    );
}

// ---------------------------------------------------------------------------------------
// The benchmarks.

fn store_benches(c: &mut Criterion) {
    let large = Fixture::generate(2_000);

    let mut group = c.benchmark_group("project_2000_docs");
    // Open and save_all take long: a few flat samples are enough to see them.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    group.bench_function("open", |b| {
        b.iter_with_large_drop(|| {
            store::open(large.root(), DEFAULT_SIZE_LIMIT).expect("the project opens")
        })
    });
    let session = SaveAll::new(&large);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("save_all", |b| {
        b.iter_batched(
            || session.flip(),
            |()| session.save(),
            BatchSize::PerIteration,
        )
    });
    drop(session);
    let session = OneEdit::new(&large);
    group
        .sample_size(30)
        .sampling_mode(SamplingMode::Auto)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("save_one_edit", |b| bench_save_one_edit(b, &session));
    drop(session);
    group.finish();

    let small = Fixture::generate(200);
    let mut group = c.benchmark_group("save_one_edit_scaling");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for fixture in [&small, &large] {
        let session = OneEdit::new(fixture);
        group.bench_with_input(
            BenchmarkId::from_parameter(fixture.docs),
            &session,
            bench_save_one_edit,
        );
    }
    group.finish();
}

criterion_group!(benches, store_benches);
criterion_main!(benches);
