//! The suggester's word lists: data files in `lists/`, compiled into the binary and parsed
//! once, on first use, into one table from a lowercase word to its classes ([`Class`]).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Bit flags: what a word can be. A word can be several things ("may" is a month and a
/// stop word).
pub struct Class;

impl Class {
    pub const STOP: u32 = 1;
    pub const CUE: u32 = 1 << 1;
    /// A cue that takes its addressee first ("told reporters that").
    pub const CUE_OBJECT: u32 = 1 << 2;
    /// The first word of a two-word cue ("according to").
    pub const PHRASE_HEAD: u32 = 1 << 3;
    pub const TITLE: u32 = 1 << 4;
    pub const PERSON_PRONOUN: u32 = 1 << 5;
    pub const THING_PRONOUN: u32 = 1 << 6;
    pub const GROUP_PRONOUN: u32 = 1 << 7;
    pub const FIRST_PRONOUN: u32 = 1 << 8;
    pub const ORGANIZATION: u32 = 1 << 9;
    pub const GOVERNMENT: u32 = 1 << 10;
    pub const TIME: u32 = 1 << 11;
    /// A field a title names ("Energy Minister"), also a title word.
    pub const DOMAIN: u32 = 1 << 12;
    pub const PRONOUN: u32 = Self::PERSON_PRONOUN | Self::THING_PRONOUN | Self::GROUP_PRONOUN;
}

/// FNV-1a for bytes and a multiply-rotate step for whole integers: the tables' keys are
/// short words and pairs of integers, for which both are much faster than SipHash.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        // Eight bytes at a time (whole lines are hashed when lines are counted), then
        // the rest byte by byte, FNV-1a style.
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let x = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        for &b in chunks.remainder() {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
}

/// A word of at most [`MAX_WORD`] ASCII bytes, lowercased, as two integers: the key of the
/// word table.
fn key(word: &str) -> Option<(u64, u64)> {
    if word.len() > MAX_WORD || !word.is_ascii() {
        return None;
    }
    let mut buf = [0u8; MAX_WORD];
    buf[..word.len()].copy_from_slice(word.as_bytes());
    buf.make_ascii_lowercase();
    let (a, b) = buf.split_at(8);
    Some((
        u64::from_le_bytes(a.try_into().ok()?),
        u64::from_le_bytes(b.try_into().ok()?),
    ))
}

pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Longest word looked up; longer words belong to no list.
pub const MAX_WORD: usize = 16;

/// The word table and the second words of two-word cues.
pub struct Words {
    /// Keyed by [`key`].
    classes: FnvMap<(u64, u64), u32>,
    /// "according" -> ["to"], "made" -> ["clear"].
    phrases: FnvMap<&'static str, Vec<&'static str>>,
}

/// Lines of a list file without comments and blank lines, with the `[section]` each is in.
fn entries(file: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    let mut section = "";
    file.lines().filter_map(move |line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            return None;
        }
        Some((section, line))
    })
}

pub static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let mut classes: FnvMap<(u64, u64), u32> = FnvMap::default();
    let mut phrases: FnvMap<&'static str, Vec<&'static str>> = FnvMap::default();
    let mut add = |word: &'static str, class: u32| {
        if let Some(k) = key(word) {
            *classes.entry(k).or_default() |= class;
        }
    };
    for (_, line) in entries(include_str!("lists/stop_words.txt")) {
        line.split_whitespace().for_each(|w| add(w, Class::STOP));
    }
    for (section, line) in entries(include_str!("lists/reporting_verbs.txt")) {
        match section {
            "phrase" => {
                let mut words = line.split_whitespace();
                if let (Some(head), Some(tail)) = (words.next(), words.next()) {
                    add(head, Class::PHRASE_HEAD);
                    phrases.entry(head).or_default().push(tail);
                }
            }
            "object" => line
                .split_whitespace()
                .for_each(|w| add(w, Class::CUE | Class::CUE_OBJECT)),
            _ => line.split_whitespace().for_each(|w| add(w, Class::CUE)),
        }
    }
    for (section, line) in entries(include_str!("lists/pronouns.txt")) {
        let class = match section {
            "person" => Class::PERSON_PRONOUN,
            "thing" => Class::THING_PRONOUN,
            "group" => Class::GROUP_PRONOUN,
            _ => Class::FIRST_PRONOUN,
        };
        line.split_whitespace().for_each(|w| add(w, class));
    }
    for (section, line) in entries(include_str!("lists/titles.txt")) {
        let class = if section == "domain" {
            Class::TITLE | Class::DOMAIN
        } else {
            Class::TITLE
        };
        line.split_whitespace().for_each(|w| add(w, class));
    }
    for (section, line) in entries(include_str!("lists/organisations.txt")) {
        let class = if section == "government" {
            Class::GOVERNMENT
        } else {
            Class::ORGANIZATION
        };
        line.split_whitespace().for_each(|w| add(w, class));
    }
    for (_, line) in entries(include_str!("lists/months.txt")) {
        line.split_whitespace().for_each(|w| add(w, Class::TIME));
    }
    Words { classes, phrases }
});

impl Words {
    /// The classes of `word` (any case; words with non-ASCII letters belong to no list).
    pub fn classes(&self, word: &str) -> u32 {
        key(word)
            .and_then(|k| self.classes.get(&k).copied())
            .unwrap_or(0)
    }

    /// True if `head second` is a two-word cue ("according to").
    pub fn is_phrase(&self, head: &str, second: &str) -> bool {
        if head.len() > MAX_WORD || !head.is_ascii() {
            return false;
        }
        let lower = head.to_ascii_lowercase();
        self.phrases
            .get(lower.as_str())
            .is_some_and(|tails| tails.iter().any(|t| t.eq_ignore_ascii_case(second)))
    }
}

/// Where a line pattern must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The whole line, case and final punctuation aside.
    Line,
    Start,
    End,
    Anywhere,
}

/// One pattern of `credits.txt` or `ui_text.txt`.
#[derive(Debug, Clone)]
pub struct LinePattern {
    pub category: &'static str,
    pub anchor: Anchor,
    /// The longest line (in words) the pattern may mark.
    pub max_words: usize,
}

/// The line patterns, with one case-insensitive automaton that finds them all.
pub struct LinePatterns {
    pub automaton: AhoCorasick,
    pub patterns: Vec<LinePattern>,
}

pub static LINE_PATTERNS: LazyLock<LinePatterns> = LazyLock::new(|| {
    let mut needles = Vec::new();
    let mut patterns = Vec::new();
    let files = [
        (include_str!("lists/credits.txt"), 40),
        (include_str!("lists/ui_text.txt"), 12),
    ];
    for (file, max_words) in files {
        for (section, line) in entries(file) {
            // `phrase ~N`: a line of at most N words.
            let (line, max_words) = match line.rsplit_once(" ~") {
                Some((l, n)) => (l, n.parse().unwrap_or(max_words)),
                None => (line, max_words),
            };
            let (anchor, needle) = if let Some(n) = line.strip_prefix('^') {
                (Anchor::Start, n)
            } else if let Some(n) = line.strip_prefix('=') {
                (Anchor::Line, n)
            } else if let Some(n) = line.strip_prefix('$') {
                (Anchor::End, n)
            } else {
                (Anchor::Anywhere, line)
            };
            needles.push(needle);
            patterns.push(LinePattern {
                category: section,
                anchor,
                max_words,
            });
        }
    }
    let automaton = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&needles)
        .expect("the line patterns compile");
    LinePatterns {
        automaton,
        patterns,
    }
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_have_their_classes() {
        let w = &*WORDS;
        assert_ne!(w.classes("Said") & Class::CUE, 0);
        assert_ne!(w.classes("told") & Class::CUE_OBJECT, 0);
        assert_ne!(w.classes("the") & Class::STOP, 0);
        assert_ne!(w.classes("He") & Class::PERSON_PRONOUN, 0);
        assert_ne!(w.classes("Ministry") & Class::GOVERNMENT, 0);
        assert_ne!(w.classes("March") & Class::TIME, 0);
        assert_eq!(w.classes("Lavrov"), 0);
        assert_eq!(w.classes("promise") & Class::CUE, 0, "a noun as well");
        assert!(w.is_phrase("According", "to"));
        assert!(!w.is_phrase("according", "with"));
        assert!(!LINE_PATTERNS.patterns.is_empty());
    }
}
