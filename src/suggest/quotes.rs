//! Quotes: direct quotes from paired quotation marks (also over several paragraphs),
//! indirect quotes from the clause a reporting verb introduces, and their cues and
//! sources. Works paragraph by paragraph on tokens; byte offsets throughout.

// Content is a list of fragments; most quotes have one.
#![allow(clippy::single_range_in_vec_init)]

use std::ops::Range;

use super::lists::{Class, FnvMap};
use super::phrases::{self, Np};
use super::tokens::{self, Kind, Tok};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    Direct,
    Indirect,
    Mixed,
}

/// A source phrase: where it is, and the name inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The whole phrase ("Russian Foreign Minister Sergei Lavrov", "the agency", "he").
    pub span: Range<usize>,
    /// The name without titles ("Sergei Lavrov"); empty for a pronoun.
    pub name: Range<usize>,
    /// A name given in parentheses after it.
    pub alias: Option<Range<usize>>,
    /// The pronoun's [`Class`] bits, 0 for a name.
    pub pronoun: u32,
    /// "the authority": a description, resolved to an earlier speaker when one fits.
    pub definite: bool,
    /// Titles or organisation words in the phrase ([`Class::TITLE`],
    /// [`Class::ORGANIZATION`], [`Class::GOVERNMENT`]).
    pub classes: u32,
}

/// A quote found, before speakers are grouped.
#[derive(Debug, Clone)]
pub struct Found {
    pub kind: QuoteKind,
    pub content: Vec<Range<usize>>,
    pub cue: Option<Range<usize>>,
    pub source: Option<Source>,
    pub score: f64,
}

/// A name in the text that could be the antecedent of a pronoun: a titled person
/// ("Greek Environment Minister Φοίβος Ζαχαρόπουλος") or an organisation (`titled`), or
/// any other capitalized name, which counts only if it names a known speaker.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub source: Source,
    pub titled: bool,
}

/// A pair of quotation marks in a paragraph (token indices); `close` is `None` when the
/// quote runs on to the paragraph's end.
#[derive(Debug, Clone)]
struct Marked {
    open: usize,
    close: Option<usize>,
    direct: bool,
    /// Index into the found quotes once it is one.
    quote: Option<usize>,
}

/// A cue of the paragraph: first token, token count, and whether a direct quote took it.
#[derive(Debug, Clone)]
struct Cue {
    at: usize,
    len: usize,
    /// The quote that took it and the source it found, for the clauses that follow it.
    direct: Option<usize>,
}

/// Everything found so far, and what carries over from one paragraph to the next.
#[derive(Default)]
pub struct Finder {
    pub quotes: Vec<Found>,
    pub candidates: Vec<Candidate>,
    toks: Vec<Tok>,
    sents: Vec<Range<usize>>,
    /// A direct quote still open at the end of the last paragraph.
    open_quote: Option<usize>,
    /// "she said:" ending the last paragraph: its cue and source.
    colon_cue: Option<(Range<usize>, Option<Source>)>,
    paragraphs: usize,
    /// First and last words of the names of the sources found so far.
    known: FnvMap<String, ()>,
}

fn word<'a>(text: &'a str, t: &Tok) -> &'a str {
    &text[t.start..t.end]
}

fn is(text: &str, t: &Tok, w: &str) -> bool {
    t.is_word() && word(text, t).eq_ignore_ascii_case(w)
}

impl Finder {
    /// Reads one paragraph: the line at bytes `range` of `text`.
    pub fn paragraph(&mut self, text: &str, range: Range<usize>) {
        let mut toks = std::mem::take(&mut self.toks);
        let mut sents = std::mem::take(&mut self.sents);
        toks.clear();
        tokens::tokenize(&text[range.clone()], range.start, &mut toks);
        tokens::sentences(text, &toks, &mut sents);
        let first_quote = self.quotes.len();
        if self.paragraphs == 0 {
            self.headline(text, &toks);
        }
        self.paragraphs += 1;
        let mut p = Para {
            text,
            toks: &toks,
            sents: &sents,
            marked: marks(&toks),
            cues: Vec::new(),
        };
        p.cues = p.find_cues();
        self.direct(&mut p);
        self.indirect(&mut p);
        self.colon_cue = p.colon_cue();
        for q in &self.quotes[first_quote..] {
            let Some(s) = &q.source else { continue };
            for r in [Some(&s.name), s.alias.as_ref()].into_iter().flatten() {
                let name = &text[r.clone()];
                let ends = [name.rsplit(' ').next(), name.split(' ').next()];
                for w in ends.into_iter().flatten() {
                    if !w.is_empty() && !self.known.contains_key(w) {
                        self.known.insert(w.to_string(), ());
                    }
                }
            }
        }
        self.candidates(&p);
        self.toks = toks;
        self.sents = sents;
    }

    /// A headline stating a claim, the speaker after a colon: "Results of Syria talks must
    /// not be predetermined: Russia".
    fn headline(&mut self, text: &str, toks: &[Tok]) {
        let Some(colon) = toks.iter().rposition(|t| t.is_punct(':')) else {
            return;
        };
        if colon == 0 || toks.iter().any(|t| t.is_stop() || t.is_mark()) {
            return;
        }
        let Some(np) = phrases::after(text, toks, colon + 1, toks.len(), false) else {
            return;
        };
        if np.end != toks.len() || np.end - np.start > 4 {
            return;
        }
        let source = describe(text, toks, &np);
        self.quotes.push(Found {
            kind: QuoteKind::Indirect,
            content: vec![toks[0].start..toks[colon - 1].end],
            cue: None,
            source: Some(source),
            score: 0.6,
        });
    }

    /// Titled names and organisations outside quotation marks: antecedents for pronouns.
    fn candidates(&mut self, p: &Para) {
        let mut i = 0;
        while i < p.toks.len() {
            let t = &p.toks[i];
            if t.kind == Kind::Cap
                && !t.is(Class::STOP)
                && !p.inside(i)
                && let Some(np) = phrases::after(p.text, p.toks, i, p.toks.len(), false)
            {
                let source = describe(p.text, p.toks, &np);
                let titled =
                    source.classes & (Class::TITLE | Class::ORGANIZATION | Class::GOVERNMENT) != 0;
                // Untitled names count only as mentions of sources found so far.
                let known = || {
                    let last = p.text[source.name.clone()].rsplit(' ').next();
                    last.is_some_and(|w| self.known.contains_key(w))
                };
                if source.pronoun == 0 && (titled || known()) {
                    self.candidates.push(Candidate { source, titled });
                }
                i = np.end.max(i + 1);
                continue;
            }
            i += 1;
        }
    }

    /// Direct quotes: each pair of marks judged a quotation, with the cue after it
    /// (`," Lavrov told`), before it (`Lavrov said: "`), or ending the last paragraph.
    fn direct(&mut self, p: &mut Para) {
        for m in 0..p.marked.len() {
            let Marked {
                open,
                close,
                direct,
                quote,
            } = p.marked[m].clone();
            if !direct || quote.is_some() {
                continue;
            }
            let end = close.unwrap_or(p.toks.len() - 1);
            let content = p.toks[open].start..p.toks[end].end;
            // The rest of a quote left open at the end of the last paragraph.
            if open == 0
                && let Some(q) = self.open_quote.take()
            {
                self.quotes[q].content.push(content);
                p.marked[m].quote = Some(q);
                if close.is_some()
                    && self.quotes[q].cue.is_none()
                    && let Some((cue, source, next)) = p.attribution_after(end)
                {
                    self.attribute(q, p, cue, source, next);
                }
                if close.is_none() {
                    self.open_quote = Some(q);
                }
                continue;
            }
            let q = self.quotes.len();
            self.quotes.push(Found {
                kind: QuoteKind::Direct,
                content: vec![content],
                cue: None,
                source: None,
                score: 0.55,
            });
            p.marked[m].quote = Some(q);
            if close.is_none() {
                self.open_quote = Some(q);
            }
            if let Some((cue, source, next)) = close.and_then(|c| p.attribution_after(c)) {
                self.attribute(q, p, cue, source, next);
            } else if let Some((cue, source)) = p.attribution_before(open) {
                self.quotes[q].cue = Some(p.cue_bytes(cue));
                self.quotes[q].source = source;
                self.quotes[q].score = 0.85;
                p.cues[cue].direct = Some(q);
            } else if open == 0
                && let Some((cue, source)) = self.colon_cue.take()
            {
                self.quotes[q].cue = Some(cue);
                self.quotes[q].source = source;
                self.quotes[q].score = 0.8;
            }
        }
        if p.marked.last().is_none_or(|m| m.close.is_some()) {
            self.open_quote = None;
        }
    }

    /// Gives quote `q` the cue `cue` of the paragraph and its source; a second pair of
    /// marks right after the cue's clause (`," he said, "B."`) is another fragment.
    fn attribute(&mut self, q: usize, p: &mut Para, cue: usize, src: Option<Source>, next: usize) {
        self.quotes[q].cue = Some(p.cue_bytes(cue));
        self.quotes[q].source = src;
        self.quotes[q].score = 0.9;
        p.cues[cue].direct = Some(q);
        if let Some(m) = p.marked.iter().position(|m| m.open == next) {
            let end = p.marked[m].close.unwrap_or(p.toks.len() - 1);
            self.quotes[q]
                .content
                .push(p.toks[next].start..p.toks[end].end);
            p.marked[m].quote = Some(q);
            if p.marked[m].close.is_none() {
                self.open_quote = Some(q);
            }
        }
    }

    /// Indirect and mixed quotes: the clause each remaining cue introduces.
    fn indirect(&mut self, p: &mut Para) {
        for c in 0..p.cues.len() {
            let cue = p.cues[c].clone();
            let sent = p.sentence_of(cue.at);
            if let Some(q) = cue.direct {
                // A direct quote took the cue; clauses after it with the same cue ("saying
                // that "..." and that it would not help") are quotes of their own.
                let source = self.quotes[q].source.clone();
                let Some(after_quote) = p
                    .marked
                    .iter()
                    .find(|m| m.quote == Some(q) && m.open > cue.at)
                    .and_then(|m| m.close)
                else {
                    continue;
                };
                let mut from = after_quote + 1;
                while from < sent.end {
                    if let Some(part) = p.continuation(from, sent.end) {
                        let range = p.content(part.clone());
                        self.push_indirect(p, range, c, source.clone(), 0.7);
                        from = part.end;
                    } else {
                        break;
                    }
                }
                continue;
            }
            let Some((parts, source, score)) = p.clause(c, sent.clone()) else {
                continue;
            };
            for part in parts {
                if part.is_empty() {
                    continue;
                }
                // A part that is a direct quote already has this cue.
                if p.marked.iter().any(|m| {
                    m.quote.is_some() && m.open == part.start && m.close == Some(part.end - 1)
                }) {
                    for m in p.marked.iter().filter(|m| m.open == part.start) {
                        if let Some(q) = m.quote {
                            self.quotes[q].cue = Some(p.cue_bytes(c));
                            self.quotes[q].source = source.clone();
                        }
                    }
                    continue;
                }
                let range = p.content(part);
                self.push_indirect(p, range, c, source.clone(), score);
            }
        }
    }

    fn push_indirect(
        &mut self,
        p: &mut Para,
        range: Range<usize>,
        cue: usize,
        source: Option<Source>,
        score: f64,
    ) {
        if range.len() < 3 || range.end - range.start < 2 {
            return;
        }
        let words = (range.clone()).filter(|&i| p.toks[i].is_word()).count();
        if words < 3 {
            return;
        }
        // Quotation marks inside the clause make it mixed, and are no direct quotes.
        let mut kind = QuoteKind::Indirect;
        for m in p.marked.iter_mut() {
            if m.open >= range.start && m.close.is_some_and(|c| c < range.end) {
                if m.quote.is_some() {
                    return;
                }
                kind = QuoteKind::Mixed;
                m.direct = false;
            }
        }
        self.quotes.push(Found {
            kind,
            content: vec![p.toks[range.start].start..p.toks[range.end - 1].end],
            cue: Some(p.cue_bytes(cue)),
            source,
            score,
        });
    }
}

/// Words that keep the verb after them from being a cue: negation ("did not say"), an
/// infinitive ("declined to say"), a passive ("was told"), a modal ("would ask").
const BLOCKING: &[&str] = &[
    "not", "n't", "never", "to", "was", "were", "is", "are", "be", "been", "would", "will",
    "could", "can", "may", "might", "should", "must",
];

/// One paragraph's tokens, sentences, quotation marks and cues.
struct Para<'a> {
    text: &'a str,
    toks: &'a [Tok],
    sents: &'a [Range<usize>],
    marked: Vec<Marked>,
    cues: Vec<Cue>,
}

/// Pairs the quotation marks of a paragraph: `“` with `”`, straight marks in turn; a mark
/// left open runs to the paragraph's end. Decides which pairs are quotations (direct
/// quotes) and which are quoted words inside a sentence.
fn marks(toks: &[Tok]) -> Vec<Marked> {
    let mut out: Vec<Marked> = Vec::new();
    let mut open: Option<usize> = None;
    for (i, t) in toks.iter().enumerate() {
        match t.kind {
            Kind::Open if open.is_none() => {
                open = Some(i);
            }
            Kind::Close | Kind::Straight if open.is_some() => {
                let o = open.take().unwrap_or(i);
                if toks[o].kind == Kind::Straight && t.kind == Kind::Close {
                    open = Some(o);
                    continue;
                }
                out.push(Marked {
                    open: o,
                    close: Some(i),
                    direct: false,
                    quote: None,
                });
            }
            Kind::Straight => open = Some(i),
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push(Marked {
            open: o,
            close: None,
            direct: true,
            quote: None,
        });
    }
    for m in &mut out {
        let Some(c) = m.close else { continue };
        let words = toks[m.open..c].iter().filter(|t| t.is_word()).count();
        let punct_inside =
            c > 0 && toks[c - 1].kind == Kind::Punct && ",.?!…".contains(toks[c - 1].ch);
        let prev = m.open.checked_sub(1).map(|i| &toks[i]);
        let opens_sentence = prev.is_none_or(|t| t.is_stop() || t.is_punct(':') || t.is_mark());
        m.direct = opens_sentence || (punct_inside && words >= 4) || words >= 12;
    }
    out
}

impl<'a> Para<'a> {
    fn word(&self, i: usize) -> &'a str {
        word(self.text, &self.toks[i])
    }

    fn is(&self, i: usize, w: &str) -> bool {
        i < self.toks.len() && is(self.text, &self.toks[i], w)
    }

    fn inside(&self, i: usize) -> bool {
        self.marked
            .iter()
            .any(|m| m.open <= i && m.close.is_none_or(|c| i <= c))
    }

    fn sentence_of(&self, i: usize) -> Range<usize> {
        self.sents
            .iter()
            .find(|s| s.contains(&i))
            .cloned()
            .unwrap_or(0..self.toks.len())
    }

    /// Where a sentence's own words start: after a dateline opening the paragraph
    /// ("MOSCOW (Reuters) - ").
    fn sentence_start(&self, sent: &Range<usize>) -> usize {
        if sent.start == 0 {
            let dash = (0..sent.end.min(8)).find(|&i| {
                let t = &self.toks[i];
                t.kind == Kind::Punct && matches!(t.ch, '-' | '—' | '–')
            });
            if let Some(d) = dash {
                let before = &self.toks[..d];
                let caps = before
                    .iter()
                    .all(|t| t.kind == Kind::Punct || self.word_is_upper(t) || t.kind == Kind::Cap);
                if caps && before.iter().any(|t| self.word_is_upper(t)) {
                    return d + 1;
                }
            }
        }
        sent.start
    }

    fn word_is_upper(&self, t: &Tok) -> bool {
        t.kind == Kind::Cap
            && word(self.text, t)
                .chars()
                .all(|c| !c.is_alphabetic() || c.is_uppercase())
    }

    /// The reporting verbs outside quotation marks, unless negated ("did not say"),
    /// infinitive ("declined to say") or passive ("was told").
    fn find_cues(&self) -> Vec<Cue> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            let Some(len) = tokens::cue_len(self.text, self.toks, i) else {
                i += 1;
                continue;
            };
            let blocked = i > 0 && BLOCKING.iter().any(|w| self.is(i - 1, w));
            if !blocked && !self.inside(i) {
                out.push(Cue {
                    at: i,
                    len,
                    direct: None,
                });
            }
            i += len;
        }
        out
    }

    fn cue_bytes(&self, c: usize) -> Range<usize> {
        let cue = &self.cues[c];
        phrases::bytes(self.toks, cue.at..cue.at + cue.len)
    }

    fn cue_at(&self, i: usize) -> Option<usize> {
        self.cues.iter().position(|c| c.at == i)
    }

    /// The cue and source after a quote closing at `close`: `," Lavrov told`, `," said
    /// Lavrov`, and the token where a second pair of marks may continue the quote.
    fn attribution_after(&self, close: usize) -> Option<(usize, Option<Source>, usize)> {
        let n = self.toks.len();
        let mut j = close + 1;
        if j < n && self.toks[j].is_punct(',') {
            j += 1;
        }
        let limit = (j + 10).min(n);
        let mut k = j;
        while k < limit {
            let t = &self.toks[k];
            if let Some(c) = self.cue_at(k) {
                let cue = &self.cues[c];
                let source = if k == j {
                    phrases::after(self.text, self.toks, k + cue.len, n, false)
                } else {
                    let end = phrases::subject_end(self.text, self.toks, j, k);
                    phrases::before(self.text, self.toks, j, end).filter(|np| np.start == j)
                };
                let after = match &source {
                    Some(np) if k == j => np.end,
                    _ => k + cue.len,
                };
                let source = source.map(|np| describe(self.text, self.toks, &np));
                if k > j && source.is_none() {
                    return None;
                }
                // `," he said, "` continues the quote.
                let mut next = after;
                while next < n && !self.toks[next].is_mark() && !self.toks[next].is_stop() {
                    if self.toks[next].is_punct(',') {
                        next += 1;
                        break;
                    }
                    next += 1;
                }
                return Some((c, source, next));
            }
            if t.is_mark() || t.is_stop() || (t.kind == Kind::Punct && !"().".contains(t.ch)) {
                return None;
            }
            k += 1;
        }
        None
    }

    /// The cue before a quote opening at `open`, in its sentence: `Lavrov said: "`,
    /// `saying that "`, `warned against "`.
    fn attribution_before(&self, open: usize) -> Option<(usize, Option<Source>)> {
        let sent = self.sentence_of(open);
        let mut k = open;
        for skip in [":", ",", "that", "against", "of", "about"] {
            if k > sent.start {
                let t = &self.toks[k - 1];
                if (t.kind == Kind::Punct && t.ch.to_string() == skip) || self.is(k - 1, skip) {
                    k -= 1;
                }
            }
        }
        // The cue, possibly followed by a short adverbial ("said of the conversation:").
        let c = (k.saturating_sub(6).max(sent.start)..k)
            .rev()
            .find_map(|i| self.cue_at(i))?;
        let cue = &self.cues[c];
        let between = &self.toks[cue.at + cue.len..k];
        if between.iter().any(|t| !t.is_word()) {
            return None;
        }
        Some((c, self.subject(c, &sent)))
    }

    /// The source of cue `c`: the phrase before it, the phrase after it ("said Lavrov"),
    /// the antecedent of "which", or the sentence's subject for "..., adding" and "and
    /// said".
    fn subject(&self, c: usize, sent: &Range<usize>) -> Option<Source> {
        let cue = &self.cues[c];
        let start = self.sentence_start(sent);
        let end = phrases::subject_end(self.text, self.toks, start, cue.at);
        if let Some(np) = phrases::before(self.text, self.toks, start, end) {
            return Some(describe(self.text, self.toks, &np));
        }
        if end > start && self.is(end - 1, "which") || self.is(end.wrapping_sub(1), "who") {
            let comma = end - 2;
            if comma > start && self.toks[comma].is_punct(',') {
                let np = phrases::before(self.text, self.toks, start, comma)?;
                return Some(describe(self.text, self.toks, &np));
            }
        }
        let after_comma = end > start && self.toks[end - 1].is_punct(',');
        let after_and = end > start && (self.is(end - 1, "and") || self.is(end - 1, "but"));
        if after_comma || after_and || end == start {
            // "said Lavrov" at a sentence's end.
            if let Some(np) =
                phrases::after(self.text, self.toks, cue.at + cue.len, sent.end, false)
            {
                let next = self.toks.get(np.end);
                if end > start && next.is_none_or(|t| t.is_stop() || t.is_punct(',')) {
                    return Some(describe(self.text, self.toks, &np));
                }
            }
            // The source of an earlier cue of the sentence, else its subject.
            for earlier in self.cues[..c].iter().rev() {
                if earlier.at >= start {
                    let e = self.cues.iter().position(|x| x.at == earlier.at)?;
                    if let Some(s) = self.subject(e, sent) {
                        return Some(s);
                    }
                }
            }
            let np = phrases::after(self.text, self.toks, start, sent.end, true)?;
            return Some(describe(self.text, self.toks, &np));
        }
        None
    }

    /// Skips an adverbial after a cue ("on Wednesday", "later", "in a statement"),
    /// returning the token after it.
    fn skip_adverbial(&self, from: usize, hi: usize) -> usize {
        const STARTS: &[&str] = &[
            "on",
            "in",
            "at",
            "during",
            "later",
            "earlier",
            "today",
            "yesterday",
            "again",
            "also",
            "late",
            "this",
            "last",
            "publicly",
            "privately",
            "repeatedly",
            "recently",
        ];
        if from >= hi || !STARTS.iter().any(|w| self.is(from, w)) {
            return from;
        }
        let mut k = from;
        while k < hi && k < from + 7 {
            let t = &self.toks[k];
            if !t.is_word() || self.is(k, "that") {
                break;
            }
            k += 1;
        }
        k
    }

    /// The reported clause(s) of cue `c` as token ranges, with the source and a score.
    fn clause(
        &self,
        c: usize,
        sent: Range<usize>,
    ) -> Option<(Vec<Range<usize>>, Option<Source>, f64)> {
        let cue = &self.cues[c];
        let start = self.sentence_start(&sent);
        let hi = sent.end;
        let after_cue = cue.at + cue.len;
        let phrase = cue.len == 2;
        // "..., according to X" and "according to X, ...".
        if phrase && self.word(cue.at).eq_ignore_ascii_case("according") {
            let np = phrases::after(self.text, self.toks, after_cue, hi, true)?;
            let source = Some(describe(self.text, self.toks, &np));
            if cue.at > start + 2 && self.toks[cue.at - 1].is_punct(',') {
                return Some((vec![start..cue.at - 1], source, 0.8));
            }
            if self.toks.get(np.end).is_some_and(|t| t.is_punct(',')) {
                let from = np.end + 1;
                return Some((vec![from..self.clause_end(from, hi)], source, 0.75));
            }
            return None;
        }
        // "<clause>, said Lavrov."
        if cue.at > start + 2 && self.toks[cue.at - 1].is_punct(',') {
            let np = phrases::after(self.text, self.toks, after_cue, hi, false);
            if let Some(np) = np.filter(|np| {
                let next = self.skip_adverbial(np.end, hi);
                next >= hi || self.toks[next].is_stop() || self.toks[next].is_punct(',')
            }) {
                if self.cues[..c].iter().any(|e| e.at >= start) {
                    return None;
                }
                let source = Some(describe(self.text, self.toks, &np));
                return Some((vec![start..cue.at - 1], source, 0.75));
            }
        }
        let mut k = self.skip_adverbial(after_cue, hi);
        let ends = k >= hi || self.toks[k].is_stop() || self.toks[k].is_punct(',');
        let subject_end = phrases::subject_end(self.text, self.toks, start, cue.at);
        // "<clause>, Lavrov said on Wednesday." and "<clause>, said Lavrov."
        let np_before = phrases::before(self.text, self.toks, start, subject_end);
        let comma_before = np_before.as_ref().map_or(subject_end, |np| np.start);
        if ends && comma_before > start + 2 && self.toks[comma_before - 1].is_punct(',') {
            // Relayed: an earlier cue of the sentence already reports this clause.
            if self.cues[..c]
                .iter()
                .any(|e| e.at >= start && e.direct.is_none())
            {
                return None;
            }
            if self.cues[..c].iter().any(|e| e.at >= start) {
                return None;
            }
            let source = np_before.map(|np| describe(self.text, self.toks, &np));
            let content_end = comma_before - 1;
            return Some((vec![start..content_end], source, 0.75));
        }
        if ends && subject_end == start {
            return None;
        }
        let source = self.subject(c, &sent)?;
        let mut score = 0.7;
        if self.toks[cue.at].is(Class::CUE_OBJECT) {
            // "told reporters that", "assured him he was".
            if let Some(that) = (k..hi.min(k + 16)).find(|&i| self.is(i, "that"))
                && self.toks[k..that]
                    .iter()
                    .all(|t| t.is_word() || t.kind == Kind::Possessive)
            {
                k = that + 1;
                score = 0.8;
            }
            if k < hi
                && ["him", "her", "them", "us", "me"]
                    .iter()
                    .any(|w| self.is(k, w))
                && self.toks.get(k + 1).is_some_and(|t| {
                    t.is(Class::PRONOUN | Class::FIRST_PRONOUN) || t.kind == Kind::Cap
                })
            {
                k += 1;
            }
        } else if self.is(k, "that") {
            k += 1;
            score = 0.8;
        }
        if k >= hi
            || self.toks[k].is_stop()
            || self.toks[k].is_punct(',')
            || self.toks[k].is_punct(':')
        {
            return None;
        }
        // "warned against ...", "said of ...": not a clause.
        let number_next = self
            .toks
            .get(k + 1)
            .is_some_and(|t| t.kind == Kind::Word && t.ch.is_ascii_digit());
        if ["against", "of", "about", "with", "to", "for", "on", "in"]
            .iter()
            .any(|w| self.is(k, w))
            && !(self.is(k, "about") && number_next)
        {
            return None;
        }
        // A relayed statement: "Lavrov said Assad assured him ..." is Assad's quote.
        if let Some(inner) = self.cues.get(c + 1)
            && inner.at > k
            && inner.at <= k + 4
            && inner.direct.is_none()
        {
            let np = phrases::before(self.text, self.toks, k, inner.at);
            if np.is_some_and(|np| np.start == k && !self.toks[k].is(Class::PRONOUN)) {
                return None;
            }
        }
        let mut parts = Vec::new();
        let mut from = k;
        let mut end = self.clause_end(from, hi);
        // ", which blames X, would halt": a relative clause ends at its comma.
        let relative = subject_end > start
            && (self.is(subject_end - 1, "which") || self.is(subject_end - 1, "who"));
        if relative {
            end = (from..end)
                .find(|&i| self.toks[i].is_punct(','))
                .unwrap_or(end);
        }
        parts.push(from..end);
        from = end;
        while let Some(part) = self.continuation(from, hi) {
            from = part.end;
            parts.push(part);
        }
        Some((parts, Some(source), score))
    }

    /// A further clause of the same cue at `from`: "..., but that foreign interference
    /// was not an option", "... and that it would not help".
    fn continuation(&self, from: usize, hi: usize) -> Option<Range<usize>> {
        let mut k = from;
        if k < hi && self.toks[k].is_punct(',') {
            k += 1;
        }
        if (self.is(k, "and") || self.is(k, "but")) && self.is(k + 1, "that") {
            let start = k + 2;
            if start < hi {
                return Some(start..self.clause_end(start, hi));
            }
        }
        None
    }

    /// Where a reported clause starting at `from` ends (exclusive), before `hi`: at a
    /// comma or "and" before another cue's clause (", adding", ", the Kremlin said", " and
    /// said"), before ", where", "and that", or at the sentence's end.
    fn clause_end(&self, from: usize, hi: usize) -> usize {
        let mut k = from;
        while k < hi {
            let t = &self.toks[k];
            // A direct quote inside runs to its close.
            if let Some(m) = self
                .marked
                .iter()
                .find(|m| m.open == k && m.quote.is_some())
            {
                k = m.close.map_or(hi, |c| c + 1);
                continue;
            }
            if t.is_punct(',') || t.kind == Kind::Close || t.kind == Kind::Straight {
                let mut n = k + 1;
                if n < hi
                    && matches!(self.toks[n].kind, Kind::Close | Kind::Straight)
                    && t.ch == ','
                {
                    n += 1;
                }
                if (t.is_punct(',') || n > k + 1) && self.starts_other_clause(n, hi) {
                    // `objective," the Kremlin said`: the mark closes a quoted part.
                    return if n > k + 1 { n } else { k };
                }
            }
            if (self.is(k, "and") || self.is(k, "but"))
                && k > from
                && (self.is(k + 1, "that") || self.cue_at(k + 1).is_some())
            {
                return k;
            }
            k += 1;
        }
        hi
    }

    /// True if the tokens at `n` open a clause that ends a reported one: a participle cue
    /// (", adding"), "where", "while", "as", "according to", or a relaying "X said" at the
    /// sentence's end.
    fn starts_other_clause(&self, n: usize, hi: usize) -> bool {
        if n >= hi {
            return false;
        }
        if ["where", "while", "as", "whereas"]
            .iter()
            .any(|w| self.is(n, w))
        {
            return true;
        }
        if self.is(n, "and") || self.is(n, "but") {
            // "..., but she declined": the narrator again, about the speaker.
            let pronoun = self
                .toks
                .get(n + 1)
                .is_some_and(|t| t.is_word() && t.is(Class::PERSON_PRONOUN | Class::GROUP_PRONOUN));
            return self.is(n + 1, "that") || pronoun;
        }
        if let Some(c) = self.cue_at(n) {
            let w = self.word(n);
            return w.ends_with("ing") || self.cues[c].len == 2;
        }
        let t = &self.toks[n];
        if t.kind == Kind::Word && self.word(n).ends_with("ing") && self.word(n).len() > 5 {
            return ![
                "including",
                "during",
                "nothing",
                "something",
                "anything",
                "everything",
            ]
            .contains(&self.word(n));
        }
        // ", the Kremlin said." / ", a spokesperson said later."
        if let Some(c) = (n + 1..hi.min(n + 10)).find_map(|i| self.cue_at(i)) {
            let cue = &self.cues[c];
            let e = phrases::subject_end(self.text, self.toks, n, cue.at);
            let np = phrases::before(self.text, self.toks, n, e).or_else(|| {
                // "a Chinese delegation spokesperson": an indefinite subject.
                (self.is(n, "a") || self.is(n, "an"))
                    .then(|| phrases::before(self.text, self.toks, n + 1, e))
                    .flatten()
            });
            if np.is_some_and(|np| np.start <= n + 1) {
                let k = self.skip_adverbial(cue.at + cue.len, hi);
                return k >= hi || self.toks[k].is_stop() || self.toks[k].is_punct(',');
            }
        }
        false
    }

    /// The token range of content `r`: without a trailing comma or full stop, but with a
    /// closing mark and the punctuation inside it.
    fn content(&self, r: Range<usize>) -> Range<usize> {
        let mut end = r.end;
        while end > r.start {
            let t = &self.toks[end - 1];
            if t.kind == Kind::Punct && ",.;:".contains(t.ch) {
                end -= 1;
            } else {
                break;
            }
        }
        r.start..end
    }

    /// "she said:" ending the paragraph: the cue and source for a quote opening the next.
    fn colon_cue(&self) -> Option<(Range<usize>, Option<Source>)> {
        let n = self.toks.len();
        if n < 2 || !self.toks[n - 1].is_punct(':') {
            return None;
        }
        let c = self.cues.iter().position(|c| c.at + c.len == n - 1)?;
        let sent = self.sentence_of(n - 1);
        Some((self.cue_bytes(c), self.subject(c, &sent)))
    }
}

/// The source of a phrase: its span, the name in it and what kind of words it has.
pub fn describe(text: &str, toks: &[Tok], np: &Np) -> Source {
    let span = phrases::bytes(toks, np.start..np.end);
    let first = &toks[np.start];
    if np.end == np.start + 1 && first.is_word() && first.is(Class::PRONOUN) {
        return Source {
            span: span.clone(),
            name: span.start..span.start,
            alias: None,
            pronoun: first.class & Class::PRONOUN,
            definite: false,
            classes: 0,
        };
    }
    let mut classes = 0;
    let mut name_start = np.start;
    for (i, t) in toks.iter().enumerate().take(np.end).skip(np.start) {
        classes |= t.class & (Class::TITLE | Class::ORGANIZATION | Class::GOVERNMENT);
        // The name follows the last title or lowercase word.
        if (t.is(Class::TITLE) || t.kind == Kind::Word || t.kind == Kind::Punct) && i + 1 < np.end {
            name_start = i + 1;
        }
    }
    let article = is(text, first, "the");
    let lower_head = toks[np.end - 1].kind == Kind::Word;
    if article || lower_head {
        // "the authority", "The COP28 presidency", "Small island states": the phrase.
        name_start = if article { np.start + 1 } else { np.start };
    }
    let name_start = name_start.min(np.end - 1);
    Source {
        span,
        name: phrases::bytes(toks, name_start..np.end),
        alias: np.alias.clone().map(|a| phrases::bytes(toks, a)),
        pronoun: 0,
        definite: article
            && toks[np.start + 1..np.end]
                .iter()
                .all(|t| t.kind != Kind::Cap),
        classes,
    }
}
