//! What the benchmarks share to generate their news articles: a deterministic random
//! generator, the names and phrases articles are made of, and [`Article`], which writes
//! the text while keeping the code-point ranges of quotes and mentions to annotate.
#![allow(dead_code)]

use std::ops::Range;

/// A 64-bit linear congruential generator: the same data on every run, no dependency.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        let mut lcg = Lcg(seed ^ 0x9e37_79b9_7f4a_7c15);
        lcg.next();
        lcg
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------
// Names and phrases, with diacritics and emoji so the text is not plain ASCII.

/// Given names, each with the pronoun an article uses for its bearer.
pub const FIRST_NAMES: &[(&str, &str)] = &[
    ("Maria", "she"),
    ("José", "he"),
    ("Zoë", "she"),
    ("Łukasz", "he"),
    ("Amara", "she"),
    ("Hiroshi", "he"),
    ("François", "he"),
    ("Sergei", "he"),
    ("Priya", "she"),
    ("Kofi", "he"),
    ("Anna", "she"),
    ("Tomás", "he"),
    ("Ingrid", "she"),
    ("Mehmet", "he"),
    ("Chiara", "she"),
    ("Dmitri", "he"),
    ("Aisha", "she"),
    ("Björn", "he"),
    ("Lucía", "she"),
    ("Oren", "he"),
    ("Nadia", "she"),
    ("Kwame", "he"),
    ("Elif", "she"),
    ("Mateus", "he"),
    ("Saoirse", "she"),
];
pub const LAST_NAMES: &[&str] = &[
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
    "Ó Briain",
    "Nguyễn",
    "Yılmaz",
    "Rossi",
    "Petrov",
    "Haddad",
    "Sørensen",
    "García",
    "Cohen",
];
/// Full name, short mention and speaker kind.
pub const ORGANIZATIONS: &[(&str, &str, &str)] = &[
    ("the Interior Ministry", "the ministry", "government"),
    ("the European Commission", "the Commission", "government"),
    ("Greenfield Energy", "the company", "organization"),
    ("the Dockworkers' Union", "the union", "group"),
    ("Médecins Sans Frontières", "MSF", "organization"),
    ("the city council", "the council", "government"),
    ("the Farmers' Federation", "the federation", "group"),
    ("Nordbank", "the bank", "organization"),
    ("the Supreme Court", "the court", "government"),
    ("the Tenants' Association", "the tenants", "group"),
];
pub const CITIES: &[&str] = &[
    "BRUSSELS",
    "GENEVA",
    "SÃO PAULO",
    "KRAKÓW",
    "HANOI",
    "LAGOS",
    "ZÜRICH",
    "OSAKA",
    "REYKJAVÍK",
];

/// Subjects of what a speaker says of themselves.
pub const DIRECT_SUBJECTS: &[&str] = &[
    "we",
    "I",
    "our members",
    "the people of this city",
    "the people of this region",
    "my colleagues",
    "the families we represent",
];
/// Subjects of what is reported about others.
pub const SUBJECTS: &[&str] = &[
    "the council",
    "the government",
    "local businesses",
    "the negotiators",
    "voters in the north",
    "the ministry's critics",
    "regional authorities",
    "residents of the old town",
    "the opposition",
    "analysts in Zürich",
    "hundreds of protesters",
    "the committee",
];
pub const PREDICATES: &[&str] = &[
    "will not accept",
    "cannot ignore",
    "must finally address",
    "should have supported",
    "would never agree to",
    "will keep pushing for",
    "are not going to give up on",
    "have been waiting years for",
];
pub const OBJECTS: &[&str] = &[
    "a ceasefire before the winter",
    "the proposed budget cuts",
    "the new port tariffs",
    "an independent inquiry",
    "the reform of the pension system",
    "a fair deal for farmers",
    "the plan to expand the airport",
    "more funding for schools",
    "the subsidies promised last spring",
    "the €40 million rescue package",
    "a second round of talks in Zürich",
    "the café owners' petition",
];
/// Ends of clauses; the empty ones keep most clauses short.
pub const TAILS: &[&str] = &[
    "",
    "",
    "",
    " on Tuesday",
    " this year",
    " at any price",
    ", whatever happens next",
    " without further delay",
    " in the coming weeks",
    " — and we will say it again",
    " after a long night 🌙",
];

/// "Subject predicate object tail", without a capital or a full stop.
pub fn clause(rng: &mut Lcg, subjects: &[&str]) -> String {
    let subject = rng.pick(subjects);
    let predicate = rng.pick(PREDICATES);
    let object = rng.pick(OBJECTS);
    let tail = rng.pick(TAILS);
    format!("{subject} {predicate} {object}{tail}")
}

pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Someone quoted, as the article names them.
#[derive(Clone)]
pub struct Who {
    pub name: String,
    pub short: String,
    pub pronoun: &'static str,
    pub kind: &'static str,
}

pub fn organizations() -> impl Iterator<Item = Who> {
    ORGANIZATIONS.iter().map(|&(name, short, kind)| Who {
        name: name.to_string(),
        short: short.to_string(),
        pronoun: "it",
        kind,
    })
}

/// `n` people with different full names, named by their surname for short.
pub fn people(n: usize) -> impl Iterator<Item = Who> {
    assert!(n <= FIRST_NAMES.len() * LAST_NAMES.len());
    (0..n).map(|i| {
        let (first, pronoun) = FIRST_NAMES[i % FIRST_NAMES.len()];
        // Each round of first names shifts the surnames, so no full name comes twice.
        let last = LAST_NAMES[(i * 7 + i / FIRST_NAMES.len() * 2) % LAST_NAMES.len()];
        Who {
            name: format!("{first} {last}"),
            short: last.to_string(),
            pronoun,
            kind: "person",
        }
    })
}

// ---------------------------------------------------------------------------------------
// Writing an article.

/// A quote the generator wrote, in code points.
pub struct PlannedQuote {
    pub speaker: usize,
    pub kind: &'static str,
    pub content: Range<usize>,
    pub cue: Range<usize>,
    pub source: Range<usize>,
}

/// How a quote sentence is written, and so its quote kind.
#[derive(Clone, Copy)]
pub enum Form {
    Trailing,
    Leading,
    Inverted,
    Indirect,
    /// Indirect, with a quoted part the caller writes into the content.
    Mixed,
}

impl Form {
    /// The sentence, with the parts of the quote in braces.
    fn template(self) -> &'static str {
        match self {
            Form::Trailing => "“{content},” {source} {cue}.",
            Form::Leading => "{source} {cue}: \"{content}.\"",
            Form::Inverted => "\"{content},\" {cue} {source}.",
            Form::Indirect | Form::Mixed => "{source} {cue} that {content}.",
        }
    }

    /// The cues that read well in this form.
    pub fn cues(self) -> &'static [&'static str] {
        match self {
            Form::Trailing => &[
                "said",
                "added",
                "told reporters",
                "insisted",
                "warned",
                "stressed",
            ],
            Form::Leading => &["said", "told reporters", "wrote", "added"],
            Form::Inverted => &["said", "added", "continued"],
            Form::Indirect | Form::Mixed => &["said", "argued", "warned", "claimed"],
        }
    }

    pub fn kind(self) -> &'static str {
        match self {
            Form::Trailing | Form::Leading | Form::Inverted => "direct",
            Form::Indirect => "indirect",
            Form::Mixed => "mixed",
        }
    }
}

/// An article being written: its text, and the code point and line the next push starts
/// at, since annotations are spans of code points.
pub struct Article {
    text: String,
    chars: usize,
    line: usize,
}

impl Article {
    pub fn with_capacity(bytes: usize) -> Self {
        Article {
            text: String::with_capacity(bytes),
            chars: 0,
            line: 0,
        }
    }

    /// Appends `s` and returns its code-point range.
    pub fn push(&mut self, s: &str) -> Range<usize> {
        let start = self.chars;
        self.text.push_str(s);
        self.chars += s.chars().count();
        self.line += s.matches('\n').count();
        start..self.chars
    }

    pub fn end_line(&mut self) {
        self.push("\n");
    }

    /// A space before the next sentence, unless it starts the line.
    pub fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.push(" ");
        }
    }

    /// The line the next push starts on.
    pub fn line(&self) -> usize {
        self.line
    }

    pub fn into_string(self) -> String {
        self.text
    }

    /// Writes a quote sentence of `form` by speaker number `speaker`, named `name`;
    /// `said` is its content, which may run over lines.
    pub fn quote(
        &mut self,
        speaker: usize,
        form: Form,
        name: &str,
        cue: &str,
        said: &str,
    ) -> PlannedQuote {
        let mut quote = PlannedQuote {
            speaker,
            kind: form.kind(),
            content: 0..0,
            cue: 0..0,
            source: 0..0,
        };
        let template = form.template();
        let mut rest = template;
        while let Some((before, after)) = rest.split_once('{') {
            let (part, after) = after.split_once('}').expect("braces in pairs");
            self.push(before);
            // Direct speech starts with a capital, as does the sentence.
            let (text, capital) = match part {
                "content" => (said, quote.kind == "direct"),
                "cue" => (cue, false),
                _ => (name, template.starts_with("{source}")),
            };
            let at = if capital {
                self.push(&capitalized(text))
            } else {
                self.push(text)
            };
            match part {
                "content" => quote.content = at,
                "cue" => quote.cue = at,
                _ => quote.source = at,
            }
            rest = after;
        }
        self.push(rest);
        quote
    }
}
