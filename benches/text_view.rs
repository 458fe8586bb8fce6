//! Benchmarks of the article view ([`TextView`]) rendered headless: egui's
//! [`Context::run_ui`] and [`Context::tessellate`] on the CPU, no window and no GPU.
//!
//! Before anything is timed, a 10 MB article of 200,000 lines is generated (varied prose,
//! empty lines, datelines, bylines and captions, paragraphs long enough to wrap, names with
//! diacritics, curly quotes, emoji), with a `gold` layer of 20,000 annotations: 10,000
//! mentions of 150 speakers, 7,000 quotes with content, cue and source (some spanning two
//! lines) and 3,000 noise lines. Every frame is 1280x800 points, the view filling a central
//! panel as in the window; a frame is `Context::run_ui` plus tessellation, what eframe does
//! on the CPU each frame.
//!
//! Group `text_view`:
//! - `first_frame`: the first frame after the article is opened: a fresh [`TextView`] and a
//!   fresh egui [`Context`] (no galley survives; the context ran one empty frame, so its
//!   fonts are loaded, as in a running window). It builds the marks of 20,000 annotations,
//!   estimates 200,000 line heights and lays out the lines in view. Target: under 300 ms.
//! - `scroll_frame`: one frame after jumping to another place of the article
//!   ([`TextView::scroll_to`], a different line each time, spread over the whole article),
//!   so every line in view is laid out anew. Target: under 4 ms.
//! - `idle_frame`: one frame with nothing changed, for reference.
//! - `edit_frame`: the frame after an edit, which derives the marks of all 20,000
//!   annotations again. Target: under 4 ms, like any frame.
//!
//! Run with `cargo bench --bench text_view` (about a minute once built, on two cores;
//! generating the article takes about a second and happens even when a filter selects a
//! single benchmark, e.g. `cargo bench --bench text_view -- scroll_frame`).

mod common;
use common::{
    Article, CITIES, DIRECT_SUBJECTS, Form, Lcg, OBJECTS, ORGANIZATIONS, PlannedQuote, SUBJECTS,
    TAILS, Who, capitalized, clause, organizations, people,
};

use std::cell::Cell;
use std::ops::Range;
use std::time::Duration;

use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};
use egui::epaint::{ClippedPrimitive, Primitive};
use egui::{Context, FullOutput, Pos2, RawInput, Rect, vec2};
use sayso::model::{Document, Layer, NoiseLine, Project, Quote, Span, Speaker, Status};
use sayso::session::Session;
use sayso::text::Text;
use sayso::ui::text_view::TextView;

/// The layer every generated annotation goes into.
const GOLD: &str = "gold";
/// Lines of the generated article.
const LINES: usize = 200_000;
/// How many of each annotation the layer holds: 20,000 in all.
const MENTIONS: usize = 10_000;
const QUOTES: usize = 7_000;
const NOISE: usize = 3_000;
/// Speakers the mentions belong to.
const SPEAKERS: usize = 150;
/// The text size of the window's default settings.
const TEXT_SIZE: f32 = 15.0;
/// The window, in points.
const SCREEN: [f32; 2] = [1280.0, 800.0];

// ---------------------------------------------------------------------------------------
// A deterministic article generator.

const VERBS: &[&str] = &[
    "discussed",
    "rejected",
    "welcomed",
    "postponed a vote on",
    "raised concerns about",
    "spent the morning debating",
    "published a report on",
    "called for a review of",
    "quietly abandoned",
    "returned to",
];
const SUBHEADS: &[&str] = &[
    "Talks resume",
    "A long winter",
    "What comes next",
    "Reaction",
    "Background",
    "The numbers",
    "Cost of living ☕",
    "Analysis",
];
const CAPTIONS: &[&str] = &[
    "📷 Dockworkers gather outside the port authority.",
    "📷 The council chamber before the vote.",
    "Photo: a café in the old town 🌧️",
    "📈 Chart: port tariffs since 2015",
];
const NAVIGATION: &[&str] = &[
    "Home › World › Europe",
    "Read more: the budget in five charts",
    "Share this article ✉️",
    "Advertisement",
    "Most read",
];

/// The article being written and the places in it that can be annotated.
struct Writer {
    rng: Lcg,
    who: Vec<Who>,
    text: Article,
    /// Speaker and code points of mentions outside quotes.
    mentions: Vec<(usize, Range<usize>)>,
    quotes: Vec<PlannedQuote>,
    /// Line and noise category.
    noise: Vec<(usize, &'static str)>,
}

impl Writer {
    /// A speaker, and how it is named this time.
    fn someone(&mut self) -> (usize, String) {
        // Some speakers are quoted far more often than others.
        let s = if self.rng.chance(50) {
            self.rng.below(12)
        } else {
            self.rng.below(self.who.len())
        };
        let w = &self.who[s];
        let name = if self.rng.chance(40) {
            w.name.clone()
        } else {
            w.short.clone()
        };
        (s, name)
    }

    /// Writes "Subject verb object tail." about `subject`; returns where the subject is.
    fn statement(&mut self, subject: &str) -> Range<usize> {
        let at = self.text.push(&capitalized(subject));
        let rest = format!(
            " {} {}{}.",
            self.rng.pick(VERBS),
            self.rng.pick(OBJECTS),
            self.rng.pick(TAILS)
        );
        self.text.push(&rest);
        at
    }

    fn mention(&mut self) {
        let (s, name) = self.someone();
        let at = self.statement(&name);
        self.mentions.push((s, at));
    }

    /// One quote sentence; `split` lets a long direct quote run on to the next line.
    fn quote(&mut self, split: bool) {
        let (speaker, name) = self.someone();
        let form = match self.rng.below(4) {
            0 => Form::Trailing,
            1 => Form::Leading,
            _ => Form::Indirect,
        };
        let cue = self.rng.pick(form.cues());
        let mut said = clause(&mut self.rng, DIRECT_SUBJECTS);
        if let Form::Leading = form {
            let more = clause(&mut self.rng, DIRECT_SUBJECTS);
            let joint = if split { ",\n" } else { ", and " };
            said = format!("{said}{joint}{more}");
        }
        let quote = self.text.quote(speaker, form, &name, cue, &said);
        self.quotes.push(quote);
    }

    fn sentence(&mut self, split: bool) {
        match self.rng.below(100) {
            0..12 => self.quote(split),
            12..22 => self.mention(),
            _ => {
                let subject = self.rng.pick(SUBJECTS);
                self.statement(subject);
            }
        }
    }

    fn line(&mut self) {
        match self.rng.below(1000) {
            // Paragraphs are separated by empty lines.
            0..340 => {}
            340..400 => {
                let line = self.text.line();
                let (category, s) = match self.rng.below(5) {
                    0 => (
                        "dateline",
                        format!(
                            "{}, {} March (Reuters) –",
                            self.rng.pick(CITIES),
                            1 + self.rng.below(28)
                        ),
                    ),
                    1 => {
                        let (_, a) = self.someone();
                        ("byline", format!("By {a}"))
                    }
                    2 => ("caption", self.rng.pick(CAPTIONS).to_string()),
                    3 => ("navigation", self.rng.pick(NAVIGATION).to_string()),
                    _ => ("advertisement", "Advertisement".to_string()),
                };
                self.text.push(&s);
                self.noise.push((line, category));
            }
            400..480 => {
                let s = self.rng.pick(SUBHEADS);
                self.text.push(s);
            }
            // A paragraph that wraps over several rows.
            480..493 => {
                for _ in 0..3 + self.rng.below(10) {
                    self.text.space();
                    self.sentence(false);
                }
            }
            _ => {
                let split = self.rng.chance(10);
                self.sentence(split);
            }
        }
        self.text.end_line();
    }
}

/// `n` of `items`, evenly spread over them.
fn spread<T>(items: Vec<T>, n: usize) -> Vec<T> {
    let len = items.len();
    assert!(len >= n, "only {len} candidates for {n}");
    let mut keep = (0..n).map(|i| i * len / n).peekable();
    items
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| {
            (keep.peek() == Some(&i)).then(|| {
                keep.next();
                item
            })
        })
        .collect()
}

/// A project with one 10 MB, 200,000-line article and its `gold` layer.
fn project() -> Project {
    let mut w = Writer {
        rng: Lcg::new(2024),
        who: organizations()
            .chain(people(SPEAKERS - ORGANIZATIONS.len()))
            .collect(),
        text: Article::with_capacity(11 << 20),
        mentions: Vec::new(),
        quotes: Vec::new(),
        noise: Vec::new(),
    };
    while w.text.line() < LINES - 1 {
        w.line();
    }
    w.text.push("The end.");
    let Writer {
        who,
        text,
        mentions,
        quotes,
        noise,
        ..
    } = w;

    let doc_text = Text::new(text.into_string());
    assert_eq!(doc_text.line_count(), LINES);
    let mut doc = Document::new("big", "big.txt", doc_text);
    let text = &doc.text;
    let span = |r: &Range<usize>| Span::new(text, r.start, r.end).expect("span in the text");

    let quotes = spread(quotes, QUOTES);
    // One quote in twenty has no speaker yet; the sources of the others are mentions too.
    let attributed = |i: usize| i % 20 != 19;
    let sources = (0..QUOTES).filter(|&i| attributed(i)).count();
    let mut mentions: Vec<(usize, Range<usize>)> = spread(mentions, MENTIONS - sources);
    mentions.extend(
        quotes
            .iter()
            .enumerate()
            .filter(|&(i, _)| attributed(i))
            .map(|(_, q)| (q.speaker, q.source.clone())),
    );
    mentions.sort_by_key(|(_, r)| r.start);

    let mut layer = Layer::new(&doc.sha256);
    layer.status = Status::InProgress;
    layer.speakers = who
        .iter()
        .enumerate()
        .map(|(i, w)| Speaker {
            id: format!("s{}", i + 1),
            name: w.name.clone(),
            kind: w.kind.to_string(),
            mentions: Vec::new(),
            score: None,
        })
        .collect();
    for (s, r) in &mentions {
        layer.speakers[*s].mentions.push(span(r));
    }
    layer.quotes = quotes
        .iter()
        .enumerate()
        .map(|(i, q)| Quote {
            id: format!("q{}", i + 1),
            kind: q.kind.to_string(),
            content: vec![span(&q.content)],
            cue: Some(span(&q.cue)),
            source: attributed(i).then(|| span(&q.source)),
            speaker: attributed(i).then(|| format!("s{}", q.speaker + 1)),
            score: None,
        })
        .collect();
    layer.noise = spread(noise, NOISE)
        .into_iter()
        .map(|(line, category)| NoiseLine {
            line,
            category: category.to_string(),
            text: text.line(line).expect("line exists").to_string(),
            orphaned: false,
            score: None,
        })
        .collect();
    let annotations = layer.mention_count() + layer.quotes.len() + layer.noise.len();
    assert_eq!(annotations, MENTIONS + QUOTES + NOISE);
    doc.layers.insert(GOLD.into(), layer);

    let mut project = Project::new("bench");
    project.documents.push(doc);
    project
}

// ---------------------------------------------------------------------------------------
// Headless frames.

/// An egui context and the clock of its frames.
struct Window {
    ctx: Context,
    time: Cell<f64>,
}

impl Window {
    /// A fresh context that has drawn one empty frame, so its fonts are loaded.
    fn new() -> Self {
        let window = Window {
            ctx: Context::default(),
            time: Cell::new(0.0),
        };
        let output = window.run(|ui| {
            egui::CentralPanel::default().show(ui, |_| {});
        });
        drop(output);
        window
    }

    /// One frame of `ui`, tessellated, as eframe runs it (minus the painting on the GPU).
    fn run(&self, mut ui: impl FnMut(&mut egui::Ui)) -> (FullOutput, Vec<ClippedPrimitive>) {
        let time = self.time.get() + 1.0 / 60.0;
        self.time.set(time);
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(SCREEN[0], SCREEN[1]))),
            time: Some(time),
            ..Default::default()
        };
        let mut output = self.ctx.run_ui(input, |ui_| ui(ui_));
        let shapes = std::mem::take(&mut output.shapes);
        let primitives = self.ctx.tessellate(shapes, output.pixels_per_point);
        (output, primitives)
    }

    /// One frame of the article view in the central panel, as the window draws it.
    fn frame(
        &self,
        view: &mut TextView,
        session: &mut Session,
    ) -> (FullOutput, Vec<ClippedPrimitive>) {
        self.run(|ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                let actions = view.show(ui, session);
                assert!(actions.is_empty());
            });
        })
    }
}

/// Starts of `n` non-empty lines spread over the whole article, in a scattered order.
fn scroll_targets(session: &Session, n: usize) -> Vec<usize> {
    let text = &session.document().text;
    let lines = text.line_count();
    (0..n)
        .map(|i| {
            let mut line = (i * 7_919 + 13) % n * (lines / n);
            while text.line(line).is_some_and(str::is_empty) {
                line += 1;
            }
            text.line_range(line).expect("line exists").start
        })
        .collect()
}

/// Vertices of a tessellated frame.
fn vertices(primitives: &[ClippedPrimitive]) -> usize {
    primitives
        .iter()
        .map(|p| match &p.primitive {
            Primitive::Mesh(mesh) => mesh.vertices.len(),
            Primitive::Callback(_) => 0,
        })
        .sum()
}

fn bench_text_view(c: &mut Criterion) {
    let project = project();
    let doc = &project.documents[0];
    let text = &doc.text;
    let longest = (0..text.line_count())
        .filter_map(|l| text.line_range(l))
        .map(|r| r.len())
        .max()
        .unwrap_or(0);
    let two_lines = doc.layers[GOLD]
        .quotes
        .iter()
        .filter(|q| q.content.iter().any(|c| c.text.contains('\n')))
        .count();
    eprintln!(
        "article: {} bytes, {} lines (longest {longest} bytes), {} annotations \
         ({two_lines} quotes over two lines)",
        text.len_bytes(),
        text.line_count(),
        MENTIONS + QUOTES + NOISE,
    );

    let mut group = c.benchmark_group("text_view");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("first_frame", |b| {
        b.iter_batched(
            || {
                let session = Session::new(project.clone(), None, GOLD);
                (Window::new(), TextView::new(TEXT_SIZE), session)
            },
            |(window, mut view, mut session)| {
                let output = window.frame(&mut view, &mut session);
                // Dropped after the clock stops.
                (window, view, session, output)
            },
            BatchSize::PerIteration,
        )
    });

    let window = Window::new();
    let mut view = TextView::new(TEXT_SIZE);
    let mut session = Session::new(project, None, GOLD);
    for _ in 0..5 {
        drop(window.frame(&mut view, &mut session));
    }
    // What is timed is what the window shows: the start of the article, and after a jump
    // the line jumped to.
    let targets = scroll_targets(&session, 1_000);
    let on_screen = |view: &TextView, at: usize| {
        view.screen_pos(at)
            .is_some_and(|p| (0.0..SCREEN[1]).contains(&p.y))
    };
    assert!(on_screen(&view, 0), "the first line is drawn");
    let idle = vertices(&window.frame(&mut view, &mut session).1);
    view.scroll_to = Some(targets[500]);
    let jump = vertices(&window.frame(&mut view, &mut session).1);
    assert!(
        on_screen(&view, targets[500]),
        "the line jumped to is drawn"
    );
    eprintln!("vertices tessellated: {idle} in the first view, {jump} after a jump");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("idle_frame", |b| {
        b.iter(|| window.frame(&mut view, &mut session))
    });
    let mut next = 0;
    group.bench_function("scroll_frame", |b| {
        b.iter(|| {
            view.scroll_to = Some(targets[next % targets.len()]);
            next += 1;
            window.frame(&mut view, &mut session)
        })
    });
    // After an edit the marks of the whole layer are derived again.
    group.bench_function("edit_frame", |b| {
        b.iter(|| {
            // A real edit: noise on the first line, on and off.
            session
                .apply(sayso::session::Action::ToggleNoiseLines(0..1))
                .expect("the first line exists");
            window.frame(&mut view, &mut session)
        })
    });
    group.finish();
}

criterion_group!(benches, bench_text_view);
criterion_main!(benches);
