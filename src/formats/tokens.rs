//! Tokens as spaCy's English tokenizer makes them, for the token-level formats (CoNLL,
//! Prodigy, spaCy's `DocBin`, WebAnno TSV) and for citron's token offsets.
//!
//! spaCy's algorithm, reproduced: the text is cut at spaces (a single space after a token
//! is its trailing whitespace; other whitespace, such as a newline, is a token of its
//! own); each piece loses its prefixes (quotation marks, brackets, currency…) and
//! suffixes (punctuation, quotation marks, `'s`, a period after a lowercase letter, a
//! digit or two capitals…) one by one, unless what is left is a special case (`Mr.`,
//! `U.S.`-like abbreviations, `don't` → `do` `n't`); what remains is split at infixes
//! (hyphens and slashes between letters, `…`). The rule lists are spaCy's English ones,
//! abridged: rare scripts' punctuation and emoticons are left out. Offsets are code
//! points.
//!
//! [`split_at`] then cuts tokens where an annotation starts or ends inside one, so that
//! every span is whole tokens (counted, for the report).

use std::ops::Range;

/// One token: code points `start..end` of the text, and whether a single space follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// A single space follows (spaCy's `whitespace_`).
    pub space: bool,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// True for a whitespace-only token (spaCy makes `\n` one).
pub fn is_space(chars: &[char], t: &Token) -> bool {
    chars[t.start..t.end].iter().all(|c| c.is_whitespace())
}

/// The tokens of `text`, as spaCy's blank English pipeline makes them.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Token> = Vec::new();
    let mut start = 0;
    let mut in_ws = chars.first().is_some_and(|c| c.is_whitespace());
    let emit = |out: &mut Vec<Token>, from: usize, to: usize, ws: bool| {
        if from >= to {
            return;
        }
        if ws {
            out.push(Token {
                start: from,
                end: to,
                space: false,
            });
        } else {
            piece(&chars, from, to, out);
        }
    };
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() != in_ws {
            emit(&mut out, start, i, in_ws);
            if c == ' ' && !out.is_empty() && !in_ws {
                out.last_mut().expect("not empty").space = true;
                start = i + 1;
            } else {
                start = i;
            }
            in_ws = !in_ws;
        }
    }
    emit(&mut out, start, chars.len(), in_ws);
    merge_abbreviations(&chars, &mut out);
    out
}

/// spaCy matches special cases holding punctuation again after splitting (`D-Wis.)` gives
/// `Wis.`, not `Wis` `.`): two touching tokens that make an abbreviation become one.
fn merge_abbreviations(chars: &[char], tokens: &mut Vec<Token>) {
    let mut i = 0;
    while i + 1 < tokens.len() {
        let (a, b) = (tokens[i], tokens[i + 1]);
        if a.end == b.start && !a.space && chars[b.start..b.end] == ['.'] {
            let word: String = chars[a.start..b.end].iter().collect();
            if ABBREVIATIONS.contains(&word.as_str()) {
                tokens[i] = Token {
                    end: b.end,
                    space: b.space,
                    ..a
                };
                tokens.remove(i + 1);
            }
        }
        i += 1;
    }
}

/// Cuts tokens at `boundaries` (code points) that fall inside one; returns how many cuts.
pub fn split_at(tokens: &mut Vec<Token>, boundaries: impl IntoIterator<Item = usize>) -> usize {
    let mut cuts: Vec<usize> = boundaries.into_iter().collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::with_capacity(tokens.len());
    let mut n = 0;
    let mut k = 0;
    for t in tokens.drain(..) {
        while k < cuts.len() && cuts[k] <= t.start {
            k += 1;
        }
        let mut from = t.start;
        while k < cuts.len() && cuts[k] < t.end {
            out.push(Token {
                start: from,
                end: cuts[k],
                space: false,
            });
            from = cuts[k];
            n += 1;
            k += 1;
        }
        out.push(Token { start: from, ..t });
    }
    *tokens = out;
    n
}

const PUNCT: &str = "…,:;!?¿¡()[]{}<>_#*&。？！，、；：～·";
const QUOTES: &str = "'\"”“`‘´’‚„»«「」『』（）〔〕【】《》〈〉";
const CURRENCY: &str = "$£€¥฿₽₴₠₡₢₣₤₥₦₧₨₩₪₫₭₮₯₰₱₲₳₵₶₷₸₹₺₼";
const UNITS: &[&str] = &[
    "km", "km²", "m", "m²", "cm", "mm", "ha", "yd", "in", "ft", "kg", "g", "mg", "t", "lb", "oz",
    "m/s", "km/h", "mph", "MB", "KB", "GB", "TB", "%",
];
/// Special cases kept whole (spaCy's English exceptions, abridged).
const ABBREVIATIONS: &[&str] = &[
    "a.m.", "Adm.", "Bros.", "co.", "Co.", "Corp.", "D.C.", "Dr.", "e.g.", "E.g.", "Gen.", "Gov.",
    "i.e.", "I.e.", "Inc.", "Jr.", "Ltd.", "Md.", "Messrs.", "Mo.", "Mont.", "Mr.", "Mrs.", "Ms.",
    "p.m.", "Ph.D.", "Prof.", "Rep.", "Rev.", "Sen.", "St.", "vs.", "v.s.", "Jan.", "Feb.", "Mar.",
    "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "Ala.", "Ariz.",
    "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.", "Kan.", "Kans.",
    "Ky.", "La.", "Mass.", "Mich.", "Minn.", "Miss.", "N.C.", "N.D.", "N.H.", "N.J.", "N.M.",
    "N.Y.", "Neb.", "Nebr.", "Nev.", "Okla.", "Ore.", "Pa.", "Tenn.", "Va.", "Wash.", "Wis.",
];
const PRONOUNS: &[&str] = &[
    "i", "you", "he", "she", "it", "we", "they", "who", "what", "that", "there", "here", "where",
    "when", "how", "why",
];

/// A special case: the lengths it splits `s` into.
fn special(s: &[char]) -> Option<Vec<usize>> {
    let text: String = s.iter().collect();
    if ABBREVIATIONS.contains(&text.as_str()) {
        return Some(vec![s.len()]);
    }
    // A single letter and a period: `J.`
    if s.len() == 2 && s[0].is_alphabetic() && s[1] == '.' {
        return Some(vec![2]);
    }
    let lower = text.to_lowercase().replace('’', "'");
    // spaCy's exceptions come in lowercase and titlecase, not in capitals (`DON'T`).
    let mut letters = s.iter().filter(|c| c.is_alphabetic());
    let first_upper = letters.next().is_some_and(|c| c.is_uppercase());
    let capitals = first_upper && letters.clone().count() > 0 && letters.all(|c| c.is_uppercase());
    if capitals {
        return None;
    }
    if matches!(lower.as_str(), "cannot" | "gonna" | "gotta" | "wanna") {
        return Some(vec![3, s.len() - 3]);
    }
    if lower.len() > 3 && lower.ends_with("n't") {
        let n = s.len();
        let stem = &lower[..lower.len() - 3];
        if matches!(
            stem,
            "ca" | "wo"
                | "ai"
                | "do"
                | "does"
                | "did"
                | "is"
                | "are"
                | "was"
                | "were"
                | "have"
                | "has"
                | "had"
                | "could"
                | "would"
                | "should"
                | "must"
                | "need"
                | "might"
                | "sha"
                | "may"
        ) {
            return Some(vec![n - 3, 3]);
        }
    }
    if let Some((stem, end)) = lower.rsplit_once('\'')
        && PRONOUNS.contains(&stem)
        && matches!(end, "re" | "ve" | "ll" | "d" | "m" | "s")
    {
        let tail = end.chars().count() + 1;
        return Some(vec![s.len() - tail, tail]);
    }
    None
}

/// A URL, kept whole as spaCy's `url_match` keeps it: a scheme (`https://`), `www.`, or a
/// dotted domain ending in letters followed by a path (`pic.twitter.com/P2qp`).
fn is_url(s: &[char]) -> bool {
    let text: String = s.iter().collect::<String>().to_lowercase();
    if text.contains("://") || text.starts_with("www.") {
        return true;
    }
    let Some((domain, _)) = text.split_once('/') else {
        return false;
    };
    let parts: Vec<&str> = domain.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| !p.is_empty())
        && parts
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_lowercase()))
}

fn is_icon(c: char) -> bool {
    // Symbols (emoji and pictographs): \p{So} but not the degree sign.
    let u = c as u32;
    c != '°'
        && ("©®™℗№".contains(c)
            || (0x1F000..=0x1FAFF).contains(&u)
            || (0x2190..=0x21FF).contains(&u)
            || (0x2600..=0x27BF).contains(&u))
}

/// The length of the prefix of `s`, or 0.
fn prefix(s: &[char]) -> usize {
    let Some(&c) = s.first() else { return 0 };
    if c == '.' && s.get(1) == Some(&'.') {
        return s.iter().take_while(|&&c| c == '.').count();
    }
    if (c == '\'' && s.get(1) == Some(&'\'')) || (c == '`' && s.get(1) == Some(&'`')) {
        return 2;
    }
    if "§%=—–".contains(c) || PUNCT.contains(c) || QUOTES.contains(c) || CURRENCY.contains(c) {
        return 1;
    }
    if c == '+' && !s.get(1).is_some_and(|d| d.is_ascii_digit()) {
        return 1;
    }
    if is_icon(c) {
        return 1;
    }
    0
}

/// The length of the suffix of `s`, or 0 (the longest match, as a regex search finds it).
fn suffix(s: &[char]) -> usize {
    let n = s.len();
    let Some(&last) = s.last() else { return 0 };
    let before = |k: usize| if n > k { Some(s[n - 1 - k]) } else { None };
    if n >= 2 && s[n - 2] == '.' && last == '.' {
        return s.iter().rev().take_while(|&&c| c == '.').count();
    }
    if n >= 2 && matches!(s[n - 2], '\'' | '’') && matches!(last, 's' | 'S') {
        return 2;
    }
    if n >= 2 && s[n - 2] == '\'' && last == '\'' {
        return 2;
    }
    if PUNCT.contains(last) || QUOTES.contains(last) || "—–".contains(last) || is_icon(last) {
        return 1;
    }
    if last == '+' && before(1).is_some_and(|c| c.is_ascii_digit()) {
        return 1;
    }
    if CURRENCY.contains(last) && before(1).is_some_and(|c| c.is_ascii_digit()) {
        return 1;
    }
    for unit in UNITS {
        let u: Vec<char> = unit.chars().collect();
        if n > u.len() && s.ends_with(&u) && s[n - u.len() - 1].is_ascii_digit() {
            return u.len();
        }
    }
    if last == '.' {
        let b = before(1);
        let ok = b.is_some_and(|c| {
            c.is_lowercase()
                || c.is_ascii_digit()
                || "%²-+".contains(c)
                || PUNCT.contains(c)
                || QUOTES.contains(c)
        });
        let two_caps =
            b.is_some_and(char::is_uppercase) && before(2).is_some_and(char::is_uppercase);
        if ok || two_caps {
            return 1;
        }
    }
    0
}

/// The infixes of `s`: ranges to split out.
fn infixes(s: &[char]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let n = s.len();
    let mut i = 0;
    let alpha = |k: usize| s.get(k).is_some_and(|c| c.is_alphabetic());
    let digit = |k: usize| s.get(k).is_some_and(|c| c.is_ascii_digit());
    while i < n {
        let c = s[i];
        let prev_alnum = i > 0 && (alpha(i - 1) || digit(i - 1));
        let arithmetic = i > 0
            && digit(i - 1)
            && "+-*^".contains(c)
            && (digit(i + 1) || s.get(i + 1) == Some(&'-'));
        let sentence_end = i > 0
            && c == '.'
            && (s[i - 1].is_lowercase() || QUOTES.contains(s[i - 1]))
            && s.get(i + 1)
                .is_some_and(|d| d.is_uppercase() || QUOTES.contains(*d));
        let comma = c == ',' && i > 0 && alpha(i - 1) && alpha(i + 1);
        let joiner = prev_alnum && ":<>=/".contains(c) && alpha(i + 1);
        let len = if c == '.' && s.get(i + 1) == Some(&'.') {
            s[i..].iter().take_while(|&&c| c == '.').count()
        } else if c == '…' || is_icon(c) || arithmetic || sentence_end || comma || joiner {
            1
        } else if prev_alnum && matches!(c, '-' | '–' | '—' | '~') {
            let run = s[i..].iter().take_while(|&&d| d == c).count();
            if alpha(i + run) && (c != '-' || run <= 3) {
                run
            } else {
                0
            }
        } else {
            0
        };
        if len > 0 && i > 0 {
            out.push(i..i + len);
            i += len;
        } else {
            i += 1;
        }
    }
    out
}

/// Tokenizes one piece between spaces, `chars[from..to]`.
fn piece(chars: &[char], from: usize, to: usize, out: &mut Vec<Token>) {
    let push = |out: &mut Vec<Token>, a: usize, b: usize| {
        if a < b {
            out.push(Token {
                start: a,
                end: b,
                space: false,
            });
        }
    };
    if let Some(lengths) = special(&chars[from..to]) {
        let mut at = from;
        for l in lengths {
            push(out, at, at + l);
            at += l;
        }
        return;
    }
    let (mut a, mut b) = (from, to);
    let mut prefixes: Vec<Range<usize>> = Vec::new();
    let mut suffixes: Vec<Range<usize>> = Vec::new();
    let mut last = usize::MAX;
    let mut special_rest = None;
    while a < b && b - a != last {
        let s = &chars[a..b];
        if let Some(l) = special(s) {
            special_rest = Some(l);
            break;
        }
        last = b - a;
        let pre = prefix(s);
        if pre > 0 && pre < s.len() && special(&s[pre..]).is_some() {
            prefixes.push(a..a + pre);
            a += pre;
            special_rest = special(&chars[a..b]);
            break;
        }
        let suf = suffix(&s[pre..]);
        if suf > 0 && suf < s.len() && special(&s[..s.len() - suf]).is_some() {
            suffixes.push(b - suf..b);
            b -= suf;
            special_rest = special(&chars[a..b]);
            break;
        }
        if pre > 0 && suf > 0 && pre + suf <= s.len() {
            prefixes.push(a..a + pre);
            suffixes.push(b - suf..b);
            a += pre;
            b -= suf;
        } else if pre > 0 {
            prefixes.push(a..a + pre);
            a += pre;
        } else if suf > 0 {
            suffixes.push(b - suf..b);
            b -= suf;
        }
        if a < b
            && let Some(l) = special(&chars[a..b])
        {
            special_rest = Some(l);
            break;
        }
    }
    for p in prefixes {
        push(out, p.start, p.end);
    }
    if let Some(lengths) = special_rest {
        let mut at = a;
        for l in lengths {
            push(out, at, at + l);
            at += l;
        }
    } else if a < b {
        if is_url(&chars[a..b]) {
            push(out, a, b);
        } else {
            let mut at = a;
            for inf in infixes(&chars[a..b]) {
                let (s, e) = (a + inf.start, a + inf.end);
                push(out, at, s);
                push(out, s, e);
                at = e;
            }
            push(out, at, b);
        }
    }
    for s in suffixes.into_iter().rev() {
        push(out, s.start, s.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        tokenize(text)
            .iter()
            .map(|t| chars[t.start..t.end].iter().collect())
            .collect()
    }

    #[test]
    fn tokens_are_spacy_s_on_news_sentences() {
        assert_eq!(
            words("“It is over,” Lavrov's aide said.\nMr. Smith didn't go to the U.S. well-known"),
            [
                "“", "It", "is", "over", ",", "”", "Lavrov", "'s", "aide", "said", ".", "\n",
                "Mr.", "Smith", "did", "n't", "go", "to", "the", "U.S.", "well", "-", "known"
            ]
        );
        assert_eq!(words("a  b (c)"), ["a", " ", "b", "(", "c", ")"]);
        assert_eq!(words("10% of $5m"), ["10", "%", "of", "$", "5", "m"]);
    }

    #[test]
    fn spaces_follow_their_token_and_splits_keep_offsets() {
        let mut t = tokenize("ab cd");
        assert_eq!(
            t[0],
            Token {
                start: 0,
                end: 2,
                space: true
            }
        );
        assert_eq!(split_at(&mut t, [1, 3, 5]), 1);
        assert_eq!(
            t.iter().map(Token::range).collect::<Vec<_>>(),
            [0..1, 1..2, 3..5]
        );
        assert!(t[1].space && !t[0].space);
    }
}
