//! Speakers: the sources of the quotes grouped into one speaker per person or body, by
//! name (surname or alias), pronouns resolved to the nearest preceding person (or
//! organisation, for "it"), descriptions ("the minister", "the authority") to the nearest
//! speaker they fit; every further occurrence of a speaker's name becomes a mention.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::lists::{Class, FnvMap, WORDS};
use super::quotes::{Candidate, Found, Source};
use super::tokens::is_word_char;

/// A speaker found: canonical name, kind (a schema name: person, organization,
/// government, group), mentions in bytes, and how many quotes are theirs.
#[derive(Debug, Clone)]
pub struct Group {
    pub name: String,
    pub kind: &'static str,
    pub mentions: Vec<Range<usize>>,
    pub quotes: usize,
    /// Words that name them, as written: surname, first and last word of an alias.
    keys: Vec<String>,
    /// Byte offset of the last mention seen.
    last: usize,
}

pub(super) fn kind_of(text: &str, s: &Source) -> &'static str {
    if s.pronoun & Class::PERSON_PRONOUN != 0 {
        return "person";
    }
    if s.pronoun != 0 {
        return "organization";
    }
    // The name's own words decide ("Swedish Dockworkers' Union chairman Erik Åberg" is a
    // person); the titles before it only if they say nothing.
    let name_classes = text[s.name.clone()].split_whitespace().fold(0, |acc, w| {
        acc | WORDS.classes(w.trim_end_matches(['.', ',']))
    });
    if name_classes & Class::GOVERNMENT != 0 {
        return "government";
    }
    if name_classes & Class::ORGANIZATION != 0 {
        return "organization";
    }
    // "Greenfield Energy": a name ending in a field, not a person's name.
    let last = text[s.name.clone()]
        .split_whitespace()
        .next_back()
        .unwrap_or("");
    if last.chars().next().is_some_and(char::is_uppercase)
        && WORDS.classes(last.trim_end_matches(['.', ','])) & Class::DOMAIN != 0
    {
        return "organization";
    }
    if s.classes & Class::TITLE == 0 && s.classes & Class::GOVERNMENT != 0 {
        return "government";
    }
    if s.classes & Class::TITLE == 0 && s.classes & Class::ORGANIZATION != 0 {
        return "organization";
    }
    let phrase = &text[s.span.clone()];
    let head = phrase.rsplit(' ').next().unwrap_or("");
    let lower_head = head.chars().next().is_some_and(char::is_lowercase);
    if lower_head && head.ends_with('s') && !phrase.to_lowercase().starts_with("the ") {
        return "group";
    }
    if s.classes & Class::TITLE != 0 {
        return "person";
    }
    if phrase.starts_with("the ") || phrase.starts_with("The ") {
        return "organization";
    }
    "person"
}

/// The words a name is known by: its last word (surname), and the first and last words
/// of its alias (a Chinese name puts the surname first).
fn keys(text: &str, s: &Source) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |w: &str| {
        let w = w.trim_matches(|c: char| c.is_ascii_punctuation());
        let first = w.chars().next();
        if first.is_some_and(|c| !c.is_lowercase())
            && WORDS.classes(w) & (Class::STOP | Class::TITLE | Class::PRONOUN) == 0
            && !w.is_empty()
        {
            out.push(w.to_string());
        }
    };
    if let Some(last) = text[s.name.clone()].split_whitespace().last() {
        add(last);
    }
    if let Some(alias) = &s.alias {
        let alias = &text[alias.clone()];
        if let Some(w) = alias.split_whitespace().last() {
            add(w);
        }
        if let Some(w) = alias.split_whitespace().next() {
            add(w);
        }
    }
    // A name none of whose words can stand alone ("Greenfield Energy": energy is a title
    // word, as in "Energy Minister") is known by the whole name.
    if out.is_empty() {
        let whole = canonical(text, s);
        if whole.chars().next().is_some_and(char::is_uppercase) {
            out.push(whole);
        }
    }
    out
}

fn canonical(text: &str, s: &Source) -> String {
    let name = match &s.alias {
        Some(a) => &text[a.clone()],
        None => &text[s.name.clone()],
    };
    let name = name.trim_start_matches("the ").trim_start_matches("The ");
    // Without bidirectional embeddings and other control characters a name cannot hold.
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| w.chars().filter(|&c| !crate::text::is_control(c)).collect())
        .filter(|w: &String| !w.is_empty())
        .collect();
    words.join(" ")
}

/// How many recently mentioned speakers pronouns and descriptions are resolved among.
const RECENT: usize = 32;

struct Grouper<'a> {
    text: &'a str,
    groups: Vec<Group>,
    /// The group of each key word.
    by_key: FnvMap<String, usize>,
    /// Groups by their last mention, the latest first.
    recent: Vec<usize>,
    /// Lowercase words of each group's mentions, for descriptions ("the authority").
    words: Vec<FnvMap<String, ()>>,
}

impl Grouper<'_> {
    fn by_key(&self, keys: &[String]) -> Option<usize> {
        keys.iter().find_map(|k| self.by_key.get(k).copied())
    }

    /// The group for a named source or candidate, made if new.
    fn named(&mut self, s: &Source) -> usize {
        let keys = keys(self.text, s);
        let g = match self.by_key(&keys) {
            Some(g) => g,
            None => {
                self.groups.push(Group {
                    name: canonical(self.text, s),
                    kind: kind_of(self.text, s),
                    mentions: Vec::new(),
                    quotes: 0,
                    keys: Vec::new(),
                    last: 0,
                });
                self.words.push(FnvMap::default());
                self.groups.len() - 1
            }
        };
        for k in keys {
            if !self.groups[g].keys.contains(&k) {
                self.by_key.entry(k.clone()).or_insert(g);
                self.groups[g].keys.push(k);
            }
        }
        let group = &mut self.groups[g];
        if s.alias.is_some() && group.name == text_of(self.text, &s.name) {
            group.name = canonical(self.text, s);
        }
        g
    }

    /// The most recently mentioned group that `fits`.
    fn nearest(&self, fits: impl Fn(usize, &Group) -> bool) -> Option<usize> {
        self.recent
            .iter()
            .copied()
            .find(|&g| fits(g, &self.groups[g]))
    }

    fn resolve(&mut self, s: &Source) -> Option<usize> {
        if s.pronoun & Class::PERSON_PRONOUN != 0 {
            return self.nearest(|_, g| g.kind == "person");
        }
        if s.pronoun & Class::THING_PRONOUN != 0 {
            return self.nearest(|_, g| g.kind != "person" && g.kind != "group");
        }
        if s.pronoun != 0 {
            return self.nearest(|_, g| g.kind != "person");
        }
        if s.definite {
            // "the authority": an earlier speaker whose mentions have the word.
            let head = self.text[s.span.clone()]
                .rsplit(' ')
                .next()
                .unwrap_or("")
                .to_lowercase();
            if let Some(g) = self.nearest(|g, _| self.words[g].contains_key(&head)) {
                return Some(g);
            }
            let class = WORDS.classes(&head);
            if class & Class::TITLE != 0 {
                return self.nearest(|_, g| g.kind == "person");
            }
            if class & Class::ORGANIZATION != 0 {
                return self.nearest(|_, g| g.kind != "person");
            }
        }
        Some(self.named(s))
    }

    fn mention(&mut self, g: usize, span: Range<usize>) {
        for w in self.text[span.clone()].split_whitespace() {
            self.words[g].insert(w.to_lowercase(), ());
        }
        let group = &mut self.groups[g];
        group.last = group.last.max(span.start);
        group.mentions.push(span);
        self.recent.retain(|&r| r != g);
        self.recent.insert(0, g);
        self.recent.truncate(RECENT);
    }
}

fn text_of(text: &str, r: &Range<usize>) -> String {
    text[r.clone()].to_string()
}

/// Groups the sources of `quotes` into speakers (setting each quote's speaker, an index
/// into the returned groups) and collects their mentions. `body` holds the byte ranges of
/// the lines that are not noise, where names are looked for.
pub fn group(
    text: &str,
    quotes: &[Found],
    candidates: &[Candidate],
    body: &[Range<usize>],
) -> (Vec<Group>, Vec<Option<usize>>) {
    // Quote sources and candidate names, in reading order; a candidate is `titled` or not.
    let mut events: Vec<(usize, Option<usize>, &Source, bool)> = Vec::new();
    for (q, found) in quotes.iter().enumerate() {
        if let Some(s) = &found.source {
            events.push((s.span.start, Some(q), s, false));
        }
    }
    for c in candidates {
        events.push((c.source.span.start, None, &c.source, c.titled));
    }
    events.sort_by_key(|e| (e.0, e.1.is_none()));
    let mut grouper = Grouper {
        text,
        groups: Vec::new(),
        by_key: FnvMap::default(),
        recent: Vec::new(),
        words: Vec::new(),
    };
    let mut speaker_of = vec![None; quotes.len()];
    // Sources already resolved (two quotes can share one: "she wrote ..., adding that").
    let mut seen: FnvMap<(usize, usize), Option<usize>> = FnvMap::default();
    for (_, quote, source, titled) in events {
        let span_key = (source.span.start, source.span.end);
        let known = seen.get(&span_key).copied();
        let g = match (quote, known) {
            (None, Some(_)) => continue,
            (Some(_), Some(g)) => g,
            (Some(_), None) => grouper.resolve(source),
            (None, None) if titled || grouper.by_key(&keys(text, source)).is_some() => {
                Some(grouper.named(source))
            }
            (None, None) => continue,
        };
        seen.insert(span_key, g);
        if let Some(g) = g {
            grouper.mention(g, source.span.clone());
            if let Some(q) = quote {
                speaker_of[q] = Some(g);
                grouper.groups[g].quotes += 1;
            }
        }
    }
    let mut groups = grouper.groups;
    add_name_mentions(text, &mut groups, body);
    (groups, speaker_of)
}

/// Adds every whole-word occurrence of a quoted speaker's key words in the body text,
/// where no mention is yet, found in one pass with one automaton.
fn add_name_mentions(text: &str, groups: &mut [Group], body: &[Range<usize>]) {
    let mut needles: Vec<(String, usize)> = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        if group.quotes == 0 {
            continue;
        }
        for k in &group.keys {
            needles.push((k.clone(), g));
        }
    }
    if needles.is_empty() {
        return;
    }
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(needles.iter().map(|(k, _)| k.as_str()))
    else {
        return;
    };
    let mut taken: Vec<Range<usize>> = groups.iter().flat_map(|g| g.mentions.clone()).collect();
    taken.sort_by_key(|r| r.start);
    let mut added: Vec<(usize, Range<usize>)> = Vec::new();
    for line in body {
        for m in ac.find_iter(&text[line.clone()]) {
            let r = line.start + m.start()..line.start + m.end();
            let whole = !text[..r.start]
                .chars()
                .next_back()
                .is_some_and(is_word_char)
                && !text[r.end..].chars().next().is_some_and(is_word_char);
            let overlaps = {
                let i = taken.partition_point(|t| t.end <= r.start);
                taken.get(i).is_some_and(|t| t.start < r.end)
            };
            if whole && !overlaps {
                let g = needles[m.pattern().as_usize()].1;
                // "Foivos Zacharopoulos": first name and surname are one mention.
                match added.last_mut() {
                    Some((last, prev))
                        if *last == g && text.get(prev.end..r.start) == Some(" ") =>
                    {
                        prev.end = r.end;
                    }
                    _ => added.push((g, r)),
                }
            }
        }
    }
    for (g, r) in added {
        groups[g].mentions.push(r);
    }
}
