//! The rules for one line, on its own: what it is made of ([`Features`]) and the patterns
//! of the word lists (`credits.txt`, `ui_text.txt`) that mark it as noise. The noise
//! detector (`noise.rs`) and the line model (`lines.rs`) both build on them.

use super::lists::{Anchor, Class, LINE_PATTERNS, WORDS};

/// What a line is made of.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Features {
    pub words: usize,
    pub letters: usize,
    pub digits: usize,
    /// Ends with `.`, `?`, `!`, `:` or a closing quotation mark.
    pub terminal: bool,
    /// Starts with a bullet (`•`, `·`, `*`, `-`, `–`) and a space.
    pub bullet: bool,
    /// Byte offset, in the line, of the first character after white space and bullet.
    pub body: usize,
}

pub(super) fn features(line: &str) -> Features {
    let mut f = Features::default();
    let trimmed = line.trim_start();
    let mut body = line.len() - trimmed.len();
    for bullet in ["• ", "· ", "▪ ", "* ", "- ", "– ", "— "] {
        if let Some(rest) = trimmed.strip_prefix(bullet) {
            f.bullet = true;
            body = line.len() - rest.trim_start().len();
            break;
        }
    }
    f.body = body;
    // One pass over the bytes: letters, digits, and words (runs between spaces with a
    // letter or digit in them).
    let (mut in_word, mut counted) = (false, false);
    for (i, &b) in line.as_bytes().iter().enumerate() {
        let alnum = b.is_ascii_alphanumeric() || b >= 0xc0;
        f.letters += usize::from(b.is_ascii_alphabetic());
        f.digits += usize::from(b.is_ascii_digit());
        if b == b' ' || b == b'\t' {
            in_word = false;
        } else {
            counted &= in_word;
            in_word = true;
            if alnum && !counted && i >= body {
                f.words += 1;
                counted = true;
            }
        }
    }
    if f.letters == 0 && !line.is_ascii() {
        f.letters = line.chars().filter(|c| c.is_alphabetic()).count();
    }
    f.terminal = line
        .trim_end()
        .ends_with(['.', '?', '!', ':', '”', '"', '’']);
    f
}

/// How many of a line's words are function words.
pub(super) fn stop_words(line: &str) -> usize {
    line.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| WORDS.classes(w) & Class::STOP != 0)
        .count()
}

/// A pattern of the lists that marks the line, with its category.
fn pattern(line: &str, f: &Features) -> Option<&'static str> {
    let lp = &*LINE_PATTERNS;
    let body = &line[f.body..];
    let trimmed_end = body.trim_end().trim_end_matches(['.', ':', '!']).len();
    // A long line can only match at its start or end: search those.
    let near = |at: usize| {
        (0..=at.min(body.len()))
            .rev()
            .find(|&i| body.is_char_boundary(i))
    };
    let (head, tail) = if f.words > 12 && body.len() > 200 {
        (near(100).unwrap_or(0), near(body.len() - 100).unwrap_or(0))
    } else {
        (body.len(), body.len())
    };
    let head_hits = lp.automaton.find_overlapping_iter(&body[..head]);
    let tail_hits = lp
        .automaton
        .find_overlapping_iter(&body[tail..])
        .map(move |m| aho_corasick::Match::new(m.pattern(), m.start() + tail..m.end() + tail));
    for m in head_hits.chain(tail_hits) {
        let p = &lp.patterns[m.pattern().as_usize()];
        let ok = match p.anchor {
            Anchor::Line => m.start() == 0 && m.end() == trimmed_end,
            Anchor::Start => m.start() == 0 && f.words <= p.max_words,
            Anchor::End => m.end() == body.trim_end().len() && f.words <= p.max_words,
            Anchor::Anywhere => f.words <= p.max_words,
        };
        // A phrase must not end inside a word ("share" is not "shares").
        let whole = !body[m.end()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if ok && whole {
            return Some(p.category);
        }
    }
    None
}

/// A date or time line: "February 8, 2012 / 7:06 PM / 6 years ago", "Updated 3 hours
/// ago", "Published 12 March 2019".
fn is_dateline(line: &str, f: &Features) -> bool {
    if f.words > 14 || f.digits == 0 {
        return false;
    }
    let mut time_words = 0;
    let mut first_is_time = false;
    for (i, word) in line.split_whitespace().enumerate() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        if WORDS.classes(bare) & Class::TIME != 0 {
            time_words += 1;
            first_is_time |= i == 0;
        }
    }
    let lower_ago = line.trim_end().to_ascii_lowercase().ends_with("ago");
    time_words > 0
        && (lower_ago
            || line.contains(['/', '|'])
            || first_is_time && f.words <= 6
            || (f.words <= 6 && !f.terminal))
}

/// A caption's credit at its end: "... 2021. REUTERS/Mette Dahl", "Halvor Bio/Handout via
/// REUTERS": a short last sentence with a slash between two words, a capital after it.
fn has_photo_credit(line: &str) -> bool {
    let line = line.trim_end();
    let last = line.rfind(". ").map_or(line, |i| &line[i + 2..]);
    if last.split_whitespace().count() > 6 {
        return false;
    }
    last.match_indices('/').any(|(i, _)| {
        let before = last[..i].chars().next_back();
        let after = last[i + 1..].chars().next();
        before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_uppercase)
    })
}

/// A CSS-like token ("narrow-browser-and-phone", "col-md-6") or a style rule.
fn is_css_like(body: &str) -> bool {
    let body = body.trim();
    if body.contains('{') && body.contains('}') {
        return true;
    }
    !body.is_empty()
        && !body.contains(' ')
        && body.contains(['-', '_'])
        && body
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Which rule marks a line, if one does: the category and a score.
pub(super) fn rule(line: &str, f: &Features) -> Option<(&'static str, f64)> {
    if let Some(cat) = pattern(line, f) {
        Some((cat, 0.9))
    } else if f.letters == 0 {
        Some(("navigation", if f.digits > 0 { 0.85 } else { 0.6 }))
    } else if has_photo_credit(line) {
        Some(("caption", 0.8))
    } else if is_dateline(line, f) {
        Some(("dateline", 0.85))
    } else if is_css_like(&line[f.body..]) {
        Some(("navigation", 0.85))
    } else {
        None
    }
}
