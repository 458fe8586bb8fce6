//! Benchmark of the built-in suggester ([`sayso::suggest::suggest`]) on one core.
//!
//! Before anything is timed, a 4 MB article is generated: a dateline and a headline, then
//! news paragraphs (English prose with direct quotes in straight and curly marks, quotes
//! split by their cue or running over two paragraphs, "X said that ...", "..., X said",
//! "according to X", pronoun sources, titles, names with diacritics) every few hundred
//! lines broken by page junk: credits, captions, share buttons, "0 : 0" counters and
//! bullet runs of CSS breakpoint names.
//!
//! Group `suggest`, throughput in bytes: `article_4mb` runs every rule (noise lines,
//! quotes, cues, speakers, the conversion of every span to code points). Target: at least
//! 20 MB/s on one core. Before the group runs, the throughput by CPU time (not wall time)
//! over 10 runs is printed too, which a busy machine disturbs much less.
//!
//! Group `one_paragraph`: the same text with its line breaks removed, cut to 100 kB, 1 MB
//! and 10 MB: the time per MB must stay flat (linear time on one long paragraph).
//!
//! Run with `cargo bench --bench suggest` (`-- one_paragraph` for the second group).

mod common;
use common::{FIRST_NAMES, Form, LAST_NAMES, Lcg, ORGANIZATIONS, capitalized};

use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use sayso::model::Schema;
use sayso::suggest::suggest;
use sayso::text::Text;

// The allocator of the `sayso` binary (`src/main.rs`), so that the figure is the
// command's and the window's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Bytes of the generated article.
const SIZE: usize = 4 << 20;

const TITLES: &[&str] = &[
    "Foreign Minister",
    "Finance Minister",
    "union chairman",
    "spokeswoman",
    "President",
    "economist",
    "Dr.",
];
const CLAUSES: &[&str] = &[
    "the talks would continue until every party had agreed to the terms",
    "the government had no plans to intervene in the dispute",
    "prices would rise again before the end of the year",
    "the strike was hurting businesses that had nothing to do with it",
    "the draft resolution put too little pressure on the armed groups",
    "exports had fallen by 12% in the first quarter, the sharpest drop since 2009",
    "a prolonged stoppage would be \"deeply damaging\" for the region",
];
const SAYINGS: &[&str] = &[
    "We are not against new technology. We are against being thrown away",
    "This is a lawful strike, and it is for the parties to find a solution",
    "Every barrel we burn is paid for twice",
    "Nobody can give them a date",
    "We need to get everyone to sit down at the negotiating table",
];
const FILLER: &[&str] = &[
    "Dockworkers at the largest port walked off the job on Thursday in a dispute over automated cranes.",
    "The trial enrolled about 21,000 people in four countries, and the results have not yet been published.",
    "Ships were diverted to other ports while the cranes stood idle over a half-loaded feeder vessel.",
    "The summit is due to end next week, and the draft text still contains three options.",
];
const JUNK: &[&str] = &[
    "Reporting by Layla Haddad and Kenji Mori in Dubai; Editing by Tom O'Neill",
    "Photo: Idle cranes at the container terminal, March 14, 2019. / TT News Agency",
    "Share this article",
    "Advertisement",
    "0 : 0",
    "  • narrow-browser-and-phone\n  • landscape-tablet\n  • portrait-tablet-and-below",
    "Updated 3 hours ago",
];

fn article() -> String {
    let mut rng = Lcg::new(7);
    let mut s = String::with_capacity(SIZE + 4096);
    s.push_str("March 14, 2019 / 6:52 AM / 5 years ago\n\nPort strike halts shipping: union\n\n");
    let mut paragraphs = 0;
    while s.len() < SIZE {
        let (first, pronoun) = rng.pick(FIRST_NAMES);
        let surname = rng.pick(LAST_NAMES);
        let name = format!("{first} {surname}");
        let title = rng.pick(TITLES);
        let org = rng.pick(ORGANIZATIONS).0;
        let cue = rng.pick(Form::Trailing.cues());
        let [clause, other] = [rng.pick(CLAUSES), rng.pick(CLAUSES)];
        let [saying, other_saying] = [rng.pick(SAYINGS), rng.pick(SAYINGS)];
        let filler = [rng.pick(FILLER), rng.pick(FILLER)].join(" ");
        let paragraph = match rng.below(8) {
            0 => format!("{title} {name} said {clause} on Tuesday."),
            1 => format!("“{saying},” {surname} {cue} after the meeting."),
            2 => format!(
                "{}, {title} {name} said, adding that {other}.",
                capitalized(clause)
            ),
            3 => format!("\"{saying},\" {pronoun} said, \"and that is what matters.\""),
            4 => format!("{}, according to {org}.", capitalized(clause)),
            5 => format!("In a statement, {org} warned that {clause}. {filler}"),
            // A quote running over two paragraphs.
            6 => format!(
                "{surname} spoke to reporters in Gothenburg. “{saying}.\n\n“{other_saying}.”"
            ),
            _ => filler,
        };
        s.push_str(&paragraph);
        s.push_str("\n\n");
        paragraphs += 1;
        if paragraphs % 40 == 0 {
            for _ in 0..3 {
                s.push_str(rng.pick(JUNK));
                s.push('\n');
            }
            s.push('\n');
        }
    }
    s
}

/// Nanoseconds this thread has run on a CPU (Linux only).
fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn suggest_benches(c: &mut Criterion) {
    let text = Text::new(article());
    let schema = Schema::default();
    let layer = suggest(&text, &schema);
    eprintln!(
        "article: {} bytes, {} lines; predicted {} quotes, {} speakers, {} noise lines",
        text.len_bytes(),
        text.line_count(),
        layer.quotes.len(),
        layer.speakers.len(),
        layer.noise.len()
    );
    // On a busy machine wall time says little: also time 10 runs by this thread's own CPU
    // time (Linux's schedstat), the one-core throughput the target is about.
    if let Some(start) = cpu_ns() {
        let runs = 10;
        for _ in 0..runs {
            std::hint::black_box(suggest(&text, &schema));
        }
        if let Some(end) = cpu_ns() {
            let seconds = (end - start) as f64 / 1e9 / runs as f64;
            eprintln!(
                "CPU time per run: {:.1} ms, {:.1} MB/s of CPU time",
                seconds * 1e3,
                text.len_bytes() as f64 / seconds / 1e6
            );
        }
    }
    let mut group = c.benchmark_group("suggest");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(text.len_bytes() as u64));
    group.bench_function("article_4mb", |b| b.iter(|| suggest(&text, &schema)));
    group.finish();
}

/// The article's paragraphs joined into one line of `size` bytes (the text a scraper
/// gives when it loses the line breaks).
fn one_paragraph(article: &str, size: usize) -> Text {
    let mut s: String = article
        .split('\n')
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    while s.len() < size {
        let more = s.clone();
        s.push(' ');
        s.push_str(&more);
    }
    let mut end = size;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    Text::new(s)
}

/// Group `one_paragraph`: time per byte must stay flat from 100 kB to 10 MB of text with
/// no line break (the suggester is linear in the text, whatever the paragraph length).
fn one_paragraph_benches(c: &mut Criterion) {
    let article = article();
    let schema = Schema::default();
    let mut group = c.benchmark_group("one_paragraph");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for (name, size) in [("100kb", 100_000), ("1mb", 1_000_000), ("10mb", 10_000_000)] {
        let text = one_paragraph(&article, size);
        if let Some(start) = cpu_ns() {
            std::hint::black_box(suggest(&text, &schema));
            if let Some(end) = cpu_ns() {
                let ms_per_mb = (end - start) as f64 / 1e6 / (size as f64 / 1e6);
                eprintln!("one paragraph of {name}: {ms_per_mb:.1} ms of CPU time per MB");
            }
        }
        group.throughput(Throughput::Bytes(text.len_bytes() as u64));
        group.bench_function(name, |b| b.iter(|| suggest(&text, &schema)));
    }
    group.finish();
}

criterion_group!(benches, suggest_benches, one_paragraph_benches);
criterion_main!(benches);
