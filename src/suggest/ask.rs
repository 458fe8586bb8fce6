//! What the window asks the suggester while a person annotates: who the clause of a
//! quote's cue names (the subject of the reporting verb), and what kind of speaker a name
//! is. The same rules as [`suggest`](super::suggest), on one or two paragraphs.

use std::ops::Range;
use std::sync::LazyLock;

use super::lists::FnvMap;
use super::phrases::Np;
use super::quotes::{Finder, describe};
use super::tokens;
use crate::text::Text;

/// The phrase a cue's clause names its speaker by, in bytes of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseSource {
    /// The whole phrase: "Russian Foreign Minister Sergei Lavrov", "he", "the Kremlin".
    pub span: Range<usize>,
    /// The name in it, without titles ("Sergei Lavrov"); empty for a pronoun.
    pub name: Range<usize>,
    /// A pronoun ("he", "it"): it names nobody by itself.
    pub pronoun: bool,
}

/// Paragraphs longer than this (bytes) are not read: the answer is wanted at once.
const LONGEST: usize = 20_000;

/// The source phrase of the quote with content `content` and cue `cue` (bytes): the name
/// or pronoun that is the subject of the cue's clause (`"…," Lavrov said`, `he told`,
/// `said the Kremlin`, `according to X`), read by the suggester's rules from the
/// paragraphs the quote and its cue are in (and the one before, for `she said:`).
/// Without a cue, the source of the clause the suggester finds around the content.
pub fn clause_source(
    text: &Text,
    content: &[Range<usize>],
    cue: Option<Range<usize>>,
) -> Option<ClauseSource> {
    let lo = content.iter().chain(&cue).map(|r| r.start).min()?;
    let hi = content.iter().chain(&cue).map(|r| r.end).max()?;
    let first = text.line_of_byte(lo);
    let last = text.line_of_byte(hi.saturating_sub(1).max(lo));
    // From the quote's own paragraph (read first, as a headline is: "…: Russia"), then
    // from the one before too (`she said:` ending it).
    read(text, first..=last, content, cue.clone())
        .or_else(|| read(text, first.saturating_sub(2)..=last, content, cue))
}

/// [`clause_source`] on `lines`.
fn read(
    text: &Text,
    lines: std::ops::RangeInclusive<usize>,
    content: &[Range<usize>],
    cue: Option<Range<usize>>,
) -> Option<ClauseSource> {
    let s = text.as_str();
    let mut finder = Finder::default();
    for line in lines {
        let Some(range) = text.line_range(line) else {
            continue;
        };
        if range.len() > LONGEST || s[range.clone()].trim().is_empty() {
            continue;
        }
        finder.paragraph(s, range);
    }
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    let found = finder.quotes.iter().filter(|f| f.source.is_some());
    let by_cue = cue.as_ref().and_then(|cue| {
        found
            .clone()
            .find(|f| f.cue.as_ref().is_some_and(|c| overlaps(c, cue)))
    });
    let best = by_cue.or_else(|| {
        found
            .filter(|f| cue.is_none() || f.cue.is_none())
            .max_by_key(|f| {
                let shared: usize = f
                    .content
                    .iter()
                    .flat_map(|a| content.iter().map(move |b| (a, b)))
                    .filter(|(a, b)| overlaps(a, b))
                    .map(|(a, b)| a.end.min(b.end) - a.start.max(b.start))
                    .sum();
                shared
            })
            .filter(|f| {
                f.content
                    .iter()
                    .any(|a| content.iter().any(|b| overlaps(a, b)))
            })
    })?;
    let source = best.source.as_ref()?;
    Some(ClauseSource {
        span: source.span.clone(),
        name: source.name.clone(),
        pronoun: source.pronoun != 0,
    })
}

/// Country names and capitals, lowercase: a speaker so named is a government.
static COUNTRIES: LazyLock<FnvMap<String, ()>> = LazyLock::new(|| {
    include_str!("lists/countries.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
        .map(|l| (l.to_lowercase(), ()))
        .collect()
});

/// Pronouns that can name a speaker ("he", "its", "them"), lowercase.
static PRONOUNS: LazyLock<FnvMap<String, ()>> = LazyLock::new(|| {
    include_str!("lists/pronouns.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
        .flat_map(str::split_whitespace)
        .map(|w| (w.to_lowercase(), ()))
        .collect()
});

/// Whether `word` is a pronoun that can name a speaker ("he", "Its"): it names nobody by
/// itself, so a speaker is never named after it.
pub fn is_pronoun(word: &str) -> bool {
    PRONOUNS.contains_key(&word.trim().to_lowercase())
}

/// The kind of speaker `name` is, as the suggester judges a source: `government` for a
/// government word ("Kremlin", "Ministry"), a country or a capital standing for one
/// ("Russia", "Moscow"); `organization` for an organisation word ("Union", "Agency") or a
/// name ending in a field ("Greenfield Energy"); `group` for a plural description
/// ("protesters"); else `person`. Names in any case; a possessive `'s` is left aside.
pub fn speaker_kind(name: &str) -> &'static str {
    let name = crate::model::guidelines::strip_possessive(name);
    let bare = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name);
    if COUNTRIES.contains_key(&bare.to_lowercase()) {
        return "government";
    }
    let mut toks = Vec::new();
    tokens::tokenize(name, 0, &mut toks);
    if toks.is_empty() {
        return "person";
    }
    let np = Np {
        start: 0,
        end: toks.len(),
        alias: None,
    };
    super::speakers::kind_of(name, &describe(name, &toks, &np))
}

/// The name a new speaker gets from the words selected for its first mention, as the
/// guidelines name speakers: without a leading article or the titles before the name
/// ("Russian President Dmitry Medvedev": Dmitry Medvedev; "the United Nations": United
/// Nations). Words that are all titles keep them ("the Prime Minister": Prime Minister).
pub fn speaker_name(phrase: &str) -> &str {
    let phrase = phrase.trim();
    let mut toks = Vec::new();
    tokens::tokenize(phrase, 0, &mut toks);
    let words: Vec<&tokens::Tok> = toks.iter().filter(|t| t.is_word()).collect();
    let Some(last) = words.last() else {
        return phrase;
    };
    let article = words[0].end - words[0].start == 3 && phrase[..3].eq_ignore_ascii_case("the");
    let mut start = if article && words.len() > 1 {
        words[1].start
    } else {
        words[0].start
    };
    // The name follows the last title, if a name follows it ("President Bashar al-Assad",
    // not "the head of state").
    if let Some(i) = words.iter().rposition(|t| t.is(super::lists::Class::TITLE))
        && let Some(next) = words.get(i + 1)
        && phrase[next.start..].starts_with(char::is_uppercase)
    {
        start = start.max(next.start);
    }
    &phrase[start..last.end.max(start)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_speaker_is_named_without_its_article_and_titles() {
        for (phrase, name) in [
            ("Russian President Dmitry Medvedev", "Dmitry Medvedev"),
            ("President Bashar al-Assad", "Bashar al-Assad"),
            ("Russian Foreign Minister Sergei Lavrov", "Sergei Lavrov"),
            ("the United Nations", "United Nations"),
            ("The Syrian government", "Syrian government"),
            ("Nicolas Sarkozy's office", "Nicolas Sarkozy's office"),
            ("the Prime Minister", "Prime Minister"),
            ("the head of state", "head of state"),
            ("Lavrov", "Lavrov"),
            ("Erik \u{c5}berg", "Erik \u{c5}berg"),
        ] {
            assert_eq!(speaker_name(phrase), name, "{phrase}");
        }
    }

    fn bytes(text: &Text, needle: &str) -> Range<usize> {
        let at = text.as_str().find(needle).unwrap();
        at..at + needle.len()
    }

    #[test]
    fn the_subject_of_the_cue_is_the_source() {
        let text = Text::new(
            "Russia blocked it.\n\n\"We will not,\" Lavrov said on Wednesday.\n\nHe told reporters that talks must go on.\n"
                .to_string(),
        );
        let quote = bytes(&text, "\"We will not,\"");
        let said = bytes(&text, "said");
        let found = clause_source(&text, &[quote], Some(said)).unwrap();
        assert_eq!(&text.as_str()[found.span], "Lavrov");
        assert!(!found.pronoun);
        let content = bytes(&text, "talks must go on");
        let told = bytes(&text, "told");
        let found = clause_source(&text, std::slice::from_ref(&content), Some(told)).unwrap();
        assert_eq!(&text.as_str()[found.span], "He");
        assert!(found.pronoun);
        // Without a cue: the clause found around the content.
        let found = clause_source(&text, &[content], None).unwrap();
        assert_eq!(&text.as_str()[found.span], "He");
    }

    #[test]
    fn a_headline_names_its_speaker_after_the_colon() {
        let text = Text::new(
            "February 8, 2012\n\nResults of Syria talks must not be predetermined: Russia\n\nBody.\n"
                .to_string(),
        );
        let claim = bytes(&text, "Results of Syria talks must not be predetermined");
        let found = clause_source(&text, &[claim], None).unwrap();
        assert_eq!(&text.as_str()[found.span], "Russia");
    }

    #[test]
    fn kinds_come_from_the_word_lists() {
        assert_eq!(speaker_kind("Russia"), "government");
        assert_eq!(speaker_kind("Moscow"), "government");
        assert_eq!(speaker_kind("the Kremlin"), "government");
        assert_eq!(speaker_kind("Foreign Ministry"), "government");
        assert_eq!(speaker_kind("Arab League"), "organization");
        assert_eq!(speaker_kind("Swedish Dockworkers' Union"), "organization");
        assert_eq!(speaker_kind("Sergei Lavrov"), "person");
        assert_eq!(speaker_kind("President Bashar al-Assad"), "person");
        assert_eq!(speaker_kind("Russia's"), "government");
        assert_eq!(speaker_kind("the United Nations"), "organization");
    }

    #[test]
    fn pronouns_come_from_the_word_list() {
        for word in ["he", "Its", "them", "his"] {
            assert!(is_pronoun(word), "{word}");
        }
        for word in ["Lavrov", "it is", "Moscow"] {
            assert!(!is_pronoun(word), "{word}");
        }
    }
}
