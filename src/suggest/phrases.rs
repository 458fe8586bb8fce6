//! Noun phrases that name a speaker, read from a paragraph's tokens: backwards from a cue
//! ("Russian Foreign Minister Sergei Lavrov said"), forwards after one ("said Lavrov",
//! "according to the Gothenburg Port Authority"), and the subject opening a sentence.

use std::ops::Range;

use super::lists::Class;
use super::tokens::{Kind, Tok};

/// A phrase naming someone: tokens `start..end` of the paragraph, and the name in
/// parentheses right after it, if any ("Ярина Колодуб (Yaryna Kolodub)").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Np {
    pub start: usize,
    pub end: usize,
    pub alias: Option<Range<usize>>,
}

/// Words between a subject and its cue that belong to neither: "Moscow *has* accused",
/// "He *also* warned".
const BETWEEN: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "will",
    "would",
    "did",
    "does",
    "later",
    "then",
    "again",
    "previously",
    "earlier",
    "repeatedly",
    "once",
    "has also",
    "further",
    // Progressives: "Clinton is saying".
    "is",
    "are",
    "was",
    "were",
];

/// Words that open a phrase naming people by what they are ("*some* experts", "*his*
/// lawyer"): read backwards from a cue, the phrase takes them and ends there.
const DETERMINERS: &[&str] = &[
    "a", "an", "some", "many", "most", "several", "other", "another", "his", "her", "their", "its",
    "our", "those", "these", "both", "all", "two", "three", "few",
];

/// Lowercase heads that name people or sources without a name ("experts say", "police
/// said", "a source said", "the study found"), singular; a plural adds "s".
const PEOPLE: &[&str] = &[
    "expert",
    "critic",
    "source",
    "aide",
    "observer",
    "advocate",
    "supporter",
    "opponent",
    "resident",
    "voter",
    "witness",
    "investigator",
    "prosecutor",
    "lawmaker",
    "authorities",
    "police",
    "people",
    "official",
    "analyst",
    "economist",
    "scientist",
    "researcher",
    "poll",
    "survey",
    "study",
    "report",
    "data",
    "document",
    "statement",
    "member",
    "relative",
    "friend",
    "neighbor",
    "parent",
    "worker",
    "employee",
    "activist",
    "lawyer",
    "attorney",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leader",
    "organizer",
    "strategist",
    "adviser",
    "advisor",
    "democrat",
    "republican",
    "conservative",
    "liberal",
    "historian",
    "doctor",
    "officer",
    "agent",
    "diplomat",
    "executive",
];

/// True if the lowercase word `w` names people or a source (singular or plural).
fn names_people(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    let singular = w
        .strip_suffix("es")
        .filter(|s| s.ends_with("ss"))
        .or_else(|| w.strip_suffix('s'))
        .unwrap_or(&w);
    PEOPLE.contains(&w.as_str()) || PEOPLE.contains(&singular)
}

fn word<'a>(text: &'a str, t: &Tok) -> &'a str {
    &text[t.start..t.end]
}

fn is_the(text: &str, t: &Tok) -> bool {
    t.is_word() && word(text, t).eq_ignore_ascii_case("the")
}

/// The first token of the subject before the cue at `cue`, skipping auxiliaries and
/// adverbs; `lo` is the first token that may belong to it.
pub fn subject_end(text: &str, toks: &[Tok], lo: usize, cue: usize) -> usize {
    let mut i = cue;
    while i > lo && toks[i - 1].is_word() && BETWEEN.contains(&word(text, &toks[i - 1])) {
        i -= 1;
    }
    i
}

/// The phrase that ends right before token `end` (exclusive), not reaching before `lo`.
pub fn before(text: &str, toks: &[Tok], lo: usize, end: usize) -> Option<Np> {
    if end <= lo {
        return None;
    }
    let last = &toks[end - 1];
    if last.is_word() && last.is(Class::PRONOUN) {
        return Some(Np {
            start: end - 1,
            end,
            alias: None,
        });
    }
    let mut j = end;
    let mut alias = None;
    let mut np_end = end;
    // A name in parentheses right before the cue is an alias, not part of the source.
    if last.is_punct(')') {
        let open = (lo..end - 1).rev().find(|&k| toks[k].is_punct('('))?;
        if open + 1 < end - 1 {
            alias = Some(open + 1..end - 1);
        }
        j = open;
        np_end = open;
    }
    let mut words = 0;
    let mut passed_of = false;
    while j > lo && words < 9 {
        let t = &toks[j - 1];
        match t.kind {
            Kind::Possessive => {}
            Kind::Punct if t.ch == '.' && j >= 2 && toks[j - 2].end == t.start => {}
            Kind::Cap | Kind::Word => {
                if is_the(text, t) {
                    j -= 1;
                    break;
                }
                let w = word(text, t);
                if w == "of" && !passed_of && j - 1 > lo && toks[j - 2].is_word() {
                    passed_of = true;
                } else if words > 0
                    && t.kind == Kind::Word
                    && DETERMINERS.contains(&w)
                    && names_people(word(text, &toks[np_end - 1]))
                {
                    // "some experts", "his lawyer": the determiner opens the phrase.
                    j -= 1;
                    break;
                } else if t.is(Class::STOP | Class::CUE) || t.is(Class::FIRST_PRONOUN) {
                    break;
                }
                if t.kind == Kind::Word && t.ch.is_ascii_digit() {
                    break;
                }
                words += 1;
            }
            _ => break,
        }
        j -= 1;
    }
    // Not a word of the phrase: leading `of`.
    while j < np_end && word(text, &toks[j]) == "of" {
        j += 1;
    }
    if j >= np_end {
        return None;
    }
    let has_name = toks[j..np_end].iter().any(|t| t.kind == Kind::Cap);
    // Without a name or "the", only a phrase whose head names people ("experts").
    if !has_name && !is_the(text, &toks[j]) && !names_people(word(text, &toks[np_end - 1])) {
        return None;
    }
    // "Zoë Dupré of Climate Action Network": the person, not where they work.
    if let Some(of) = (j..np_end).find(|&k| word(text, &toks[k]) == "of") {
        let caps = toks[j..of].iter().filter(|t| t.kind == Kind::Cap).count();
        if caps >= 2 && toks[j..of].iter().all(|t| t.kind == Kind::Cap) {
            np_end = of;
        }
    }
    Some(Np {
        start: j,
        end: np_end,
        alias,
    })
}

/// The phrase starting at token `from`, not reaching `hi`: a pronoun, or an optional
/// article and a run of capitalized words, possessives and titles ("Brazilian negotiator
/// José Corrêa"); `loose` also takes lowercase nouns ("The Danish Lung Patients'
/// Association", "Small island states").
pub fn after(text: &str, toks: &[Tok], from: usize, hi: usize, loose: bool) -> Option<Np> {
    let first = toks.get(from).filter(|_| from < hi)?;
    if first.is_word() && first.is(Class::PRONOUN) {
        return Some(Np {
            start: from,
            end: from + 1,
            alias: None,
        });
    }
    let mut j = from;
    let article = is_the(text, first);
    if article {
        j += 1;
    }
    let mut end = j;
    while j < hi {
        let t = &toks[j];
        let ok = match t.kind {
            Kind::Cap => !t.is(Class::STOP | Class::CUE) || (j == from && !t.is(Class::STOP)),
            Kind::Possessive => j > from,
            Kind::Punct => t.ch == '.' && j > from && toks[j - 1].end == t.start && j + 1 < hi,
            Kind::Word => {
                let next_cap = toks.get(j + 1).is_some_and(|n| n.kind == Kind::Cap);
                !t.is(Class::STOP | Class::CUE)
                    && !t.ch.is_ascii_digit()
                    && (t.is(Class::TITLE) || next_cap || (loose && (article || end > from)))
            }
            _ => false,
        };
        if !ok {
            break;
        }
        j += 1;
        if t.is_word() {
            end = j;
        }
    }
    if end == from || (article && end == from + 1) {
        return None;
    }
    let has_name = toks[from..end].iter().any(|t| t.kind == Kind::Cap);
    if !has_name && !article {
        return None;
    }
    let mut alias = None;
    if toks.get(end).is_some_and(|t| t.is_punct('('))
        && let Some(close) = (end + 1..hi.min(end + 6)).find(|&k| toks[k].is_punct(')'))
        && close > end + 1
        && toks[end + 1].kind == Kind::Cap
    {
        alias = Some(end + 1..close);
    }
    Some(Np {
        start: from,
        end,
        alias,
    })
}

/// The byte range of tokens `r`.
pub fn bytes(toks: &[Tok], r: Range<usize>) -> Range<usize> {
    toks[r.start].start..toks[r.end - 1].end
}
