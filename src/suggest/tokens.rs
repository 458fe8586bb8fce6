//! Splitting a paragraph into tokens (words, punctuation, quotation marks, possessive
//! endings) and sentences, in one pass over its bytes, without allocating per token.

use std::ops::Range;

use super::lists::{Class, WORDS};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A word starting with a lowercase letter, a digit or a symbol.
    Word,
    /// A word starting with an uppercase letter, or a letter of a script without case
    /// (a name in Chinese or Devanagari).
    Cap,
    /// A punctuation mark; `ch` says which.
    Punct,
    /// `“` or `„`.
    Open,
    /// `”`.
    Close,
    /// `"`: opens or closes, depending on what came before.
    Straight,
    /// A possessive ending: `'s`, `’s` or the lone apostrophe of "Patients'".
    Possessive,
}

#[derive(Debug, Clone, Copy)]
pub struct Tok {
    /// Byte offsets into the whole text.
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// The mark, for punctuation.
    pub ch: char,
    /// [`Class`] bits, for words.
    pub class: u32,
}

impl Tok {
    pub fn is_word(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Cap)
    }

    pub fn is(&self, class: u32) -> bool {
        self.class & class != 0
    }

    pub fn is_punct(&self, ch: char) -> bool {
        self.kind == Kind::Punct && self.ch == ch
    }

    pub fn is_mark(&self) -> bool {
        matches!(self.kind, Kind::Open | Kind::Close | Kind::Straight)
    }

    /// Sentence-final punctuation.
    pub fn is_stop(&self) -> bool {
        self.kind == Kind::Punct && matches!(self.ch, '.' | '?' | '!')
    }
}

/// A character of a word: a letter, digit, combining mark or symbol, not white space,
/// quotation marks, dashes or bullets.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !c.is_whitespace()
            && !matches!(
                c,
                '“' | '”'
                    | '„'
                    | '‟'
                    | '‘'
                    | '’'
                    | '«'
                    | '»'
                    | '‹'
                    | '›'
                    | '—'
                    | '–'
                    | '•'
                    | '·'
                    | '…'
                    | '\u{a0}'
            )
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Appends the tokens of `line` (which starts at byte `base` of the text) to `out`.
pub fn tokenize(line: &str, base: usize, out: &mut Vec<Tok>) {
    let bytes = line.as_bytes();
    let mut i = 0;
    let tok = |start: usize, end: usize, kind: Kind, ch: char| Tok {
        start: base + start,
        end: base + end,
        kind,
        ch,
        class: 0,
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let c = if b < 0x80 {
            b as char
        } else {
            line[i..].chars().next().unwrap_or(' ')
        };
        let len = c.len_utf8();
        if !is_word_char(c) {
            if c.is_whitespace() {
                i += len;
                continue;
            }
            // NYT style: two apostrophes (or backticks) for a quotation mark.
            if (b == b'\'' || b == b'`') && bytes.get(i + 1) == Some(&b) {
                out.push(tok(i, i + 2, Kind::Straight, '"'));
                i += 2;
                continue;
            }
            let kind = match c {
                '“' | '„' => Kind::Open,
                '”' => Kind::Close,
                '"' => Kind::Straight,
                // The lone apostrophe of "Patients'".
                _ if is_apostrophe(c)
                    && i > 0
                    && bytes[i - 1] == b's'
                    && out.last().is_some_and(|t| t.end == base + i && t.is_word())
                    && !bytes
                        .get(i + len)
                        .is_some_and(|n| n.is_ascii_alphanumeric()) =>
                {
                    Kind::Possessive
                }
                _ => Kind::Punct,
            };
            // `'s` after a word.
            if is_apostrophe(c)
                && out.last().is_some_and(|t| t.end == base + i && t.is_word())
                && bytes.get(i + len).is_some_and(|&n| n == b's')
                && !bytes
                    .get(i + len + 1)
                    .is_some_and(|&n| n.is_ascii_alphanumeric())
            {
                out.push(tok(i, i + len + 1, Kind::Possessive, c));
                i += len + 1;
                continue;
            }
            out.push(tok(i, i + len, kind, c));
            i += len;
            continue;
        }
        // A word: word characters, joined by `-` and `'` between letters and by `.` and
        // `,` between digits.
        let start = i;
        let mut j = i + len;
        while j < bytes.len() {
            let d = bytes[j];
            if d < 0x80 {
                if d.is_ascii_alphanumeric() {
                    j += 1;
                    continue;
                }
                let next = bytes.get(j + 1).copied().unwrap_or(b' ');
                let joins = match d {
                    b'-' => next.is_ascii_alphanumeric() || next >= 0x80,
                    b'.' | b',' => bytes[j - 1].is_ascii_digit() && next.is_ascii_digit(),
                    b'\'' => next.is_ascii_alphabetic() && !is_possessive_s(bytes, j + 1),
                    _ => false,
                };
                if joins {
                    j += 1;
                    continue;
                }
                break;
            }
            let c = line[j..].chars().next().unwrap_or(' ');
            if is_word_char(c) {
                j += c.len_utf8();
            } else if c == '’'
                && bytes.get(j + 3).is_some_and(|n| n.is_ascii_alphabetic())
                && !is_possessive_s(bytes, j + 3)
            {
                j += 3;
            } else {
                break;
            }
        }
        let word = &line[start..j];
        let first = word.chars().next().unwrap_or(' ');
        let cap = first.is_uppercase() || (first.is_alphabetic() && !first.is_lowercase());
        let mut t = tok(start, j, if cap { Kind::Cap } else { Kind::Word }, first);
        t.class = WORDS.classes(word);
        out.push(t);
        i = j;
    }
}

/// True if `s` at `at` is an `s` that ends a word (the `s` of `'s`).
fn is_possessive_s(bytes: &[u8], at: usize) -> bool {
    bytes.get(at) == Some(&b's')
        && !bytes
            .get(at + 1)
            .is_some_and(|n| n.is_ascii_alphanumeric() || *n >= 0x80)
}

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "sen", "rep",
    "gov", "inc", "co", "corp", "ltd", "no", "vs", "etc", "jan", "feb", "aug", "sept", "oct",
    "nov", "dec", "capt", "maj", "rev", "hon",
];

/// Sentences of a paragraph's tokens, as token index ranges. A sentence ends at `.`, `?`
/// or `!` (with the quotation mark that closes right after it) when a capital, an opening
/// mark or the paragraph's end follows, unless the full stop ends an abbreviation or an
/// initial ("Dr.", "U.N.").
pub fn sentences(text: &str, toks: &[Tok], out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut start = 0;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.is_stop() {
            let mut end = i + 1;
            while end < toks.len() && matches!(toks[end].kind, Kind::Close | Kind::Straight) {
                // A straight mark right after the stop closes the quote when a word
                // follows it, or nothing.
                if toks[end].start != toks[end - 1].end {
                    break;
                }
                end += 1;
            }
            let next = toks.get(end);
            let next_starts = next.is_none_or(|n| {
                matches!(n.kind, Kind::Cap | Kind::Open | Kind::Straight)
                    || (n.kind == Kind::Word && n.ch.is_ascii_digit())
            });
            let abbreviation = t.ch == '.'
                && i > 0
                && toks[i - 1].end == t.start
                && toks[i - 1].is_word()
                && is_abbreviation(&text[toks[i - 1].start..toks[i - 1].end]);
            if next_starts && !abbreviation {
                out.push(start..end);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
}

pub fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    let single_capital = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    single_capital
        || (word.len() <= 5 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)))
}

/// True if the word is a cue of its own or the head of a two-word cue, and how many tokens
/// the cue takes.
pub fn cue_len(text: &str, toks: &[Tok], i: usize) -> Option<usize> {
    let t = &toks[i];
    if t.is(Class::CUE) {
        return Some(1);
    }
    if t.is(Class::PHRASE_HEAD) {
        let next = toks.get(i + 1)?;
        let head = &text[t.start..t.end];
        if next.is_word() && WORDS.is_phrase(head, &text[next.start..next.end]) {
            return Some(2);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokenize(s, 0, &mut out);
        out.iter().map(|t| s[t.start..t.end].to_string()).collect()
    }

    #[test]
    fn words_possessives_marks_and_numbers() {
        assert_eq!(
            words("Lavrov's “remarks,” al-Assad, 5,000 U.N. O’Neill’s Patients' don't"),
            [
                "Lavrov",
                "'s",
                "“",
                "remarks",
                ",",
                "”",
                "al-Assad",
                ",",
                "5,000",
                "U",
                ".",
                "N",
                ".",
                "O’Neill",
                "’s",
                "Patients",
                "'",
                "don't"
            ]
        );
        assert_eq!(
            words("Zoë Dupré José\u{301}"),
            ["Zoë", "Dupré", "José\u{301}"]
        );
    }

    #[test]
    fn sentences_skip_abbreviations() {
        let s = "Dr. Solvang said the U.N. agreed. “Good.” He left";
        let mut toks = Vec::new();
        tokenize(s, 0, &mut toks);
        let mut out = Vec::new();
        sentences(s, &toks, &mut out);
        let texts: Vec<&str> = out
            .iter()
            .map(|r| &s[toks[r.start].start..toks[r.end - 1].end])
            .collect();
        assert_eq!(
            texts,
            ["Dr. Solvang said the U.N. agreed.", "“Good.”", "He left"]
        );
    }
}
