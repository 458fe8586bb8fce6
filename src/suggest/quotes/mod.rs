//! Quotes: direct quotes from paired quotation marks (also over several paragraphs),
//! indirect quotes from the clause a reporting verb introduces, and their cues and
//! sources. Works paragraph by paragraph on tokens; byte offsets throughout.
//!
//! [`Finder`] reads paragraphs; `para.rs` finds a paragraph's cues, the cues of direct
//! quotes and sources; `clauses.rs` the clauses cues introduce.

// Content is a list of fragments; most quotes have one.
#![allow(clippy::single_range_in_vec_init)]

use std::ops::Range;

mod clauses;
mod para;

use super::conventions::Conventions;
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
    /// The project's conventions.
    pub conventions: Conventions,
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
        let conventions = std::mem::take(&mut self.conventions);
        let marked = marks(&toks);
        let (inside, mark_open) = mark_index(&toks, &marked);
        let mut p = Para {
            text,
            toks: &toks,
            sents: &sents,
            marked,
            inside,
            mark_open,
            cues: Vec::new(),
            conv: &conventions,
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
        drop(p);
        self.conventions = conventions;
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
        // The last direct quote of the paragraph that has a cue: a quotation opening a
        // later sentence without a cue of its own continues it (`"A," he said. "B."`).
        let mut attributed: Option<usize> = None;
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
                if self.quotes[q].cue.is_some() {
                    attributed = Some(q);
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
            } else if let Some(first) = attributed
                && p.opens_sentence(open)
                && close.is_none_or(|c| p.ends_sentence(c))
            {
                // The next fragment of the last attributed quotation.
                let content = self.quotes.pop().map(|f| f.content).unwrap_or_default();
                self.quotes[first].content.extend(content);
                p.marked[m].quote = Some(first);
                if close.is_none() {
                    self.open_quote = Some(first);
                }
            }
            if let Some(q) = p.marked[m].quote
                && self.quotes[q].cue.is_some()
            {
                attributed = Some(q);
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
        if let Some(m) = p.mark_at(next) {
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
                let first = p.marked.partition_point(|m| m.open <= cue.at);
                let Some(after_quote) = p.marked[first..]
                    .iter()
                    .take_while(|m| m.open < sent.end)
                    .find(|m| m.quote == Some(q))
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
            let Some((parts, source, score, fragments)) = p.clause(c, sent.clone()) else {
                continue;
            };
            if fragments {
                let ranges: Vec<Range<usize>> = parts.into_iter().map(|r| p.content(r)).collect();
                self.push_fragments(p, ranges, c, source, score);
                continue;
            }
            for part in parts {
                if part.is_empty() {
                    continue;
                }
                // A part that is a direct quote already has this cue.
                if let Some(m) = p.mark_at(part.start).map(|m| &p.marked[m])
                    && m.close == Some(part.end - 1)
                    && let Some(q) = m.quote
                {
                    self.quotes[q].cue = Some(p.cue_bytes(c));
                    self.quotes[q].source = source.clone();
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
        self.push_fragments(p, vec![range], cue, source, score);
    }

    /// An indirect or mixed quote of the token ranges `ranges` (one per fragment).
    fn push_fragments(
        &mut self,
        p: &mut Para,
        ranges: Vec<Range<usize>>,
        cue: usize,
        source: Option<Source>,
        score: f64,
    ) {
        let ranges: Vec<Range<usize>> = ranges.into_iter().filter(|r| !r.is_empty()).collect();
        let words = ranges
            .iter()
            .flat_map(|r| r.clone())
            .filter(|&i| p.toks[i].is_word())
            .count();
        if words < 3 || ranges.is_empty() {
            return;
        }
        let mut kind = QuoteKind::Indirect;
        for range in &ranges {
            match self.quoted_parts(p, range.clone()) {
                None => return,
                Some(true) => kind = QuoteKind::Mixed,
                Some(false) => {}
            }
        }
        self.quotes.push(Found {
            kind,
            content: ranges
                .iter()
                .map(|r| p.toks[r.start].start..p.toks[r.end - 1].end)
                .collect(),
            cue: Some(p.cue_bytes(cue)),
            source,
            score,
        });
    }

    /// The quotations inside `range` of a reported clause: `None` if one has a cue of its
    /// own (the clause is no quote), else whether there is any (the quote is mixed).
    fn quoted_parts(&mut self, p: &mut Para, range: Range<usize>) -> Option<bool> {
        // Quotation marks inside the clause make it mixed, and are no direct quotes.
        // A quotation inside it with no cue of its own (`said the plan was "a disaster."`)
        // is the quoted part of a mixed quote; one with a cue keeps the clause out.
        let mut mixed = false;
        let first = p.marked.partition_point(|m| m.open < range.start);
        let last = p.marked.partition_point(|m| m.open < range.end);
        let quoted_part = |q: &Found| q.cue.is_none() && q.content.len() == 1;
        if p.marked[first..last].iter().any(|m| {
            m.close.is_some_and(|c| c < range.end)
                && m.quote.is_some_and(|q| !quoted_part(&self.quotes[q]))
        }) {
            return None;
        }
        for m in p.marked[first..last].iter_mut() {
            if m.close.is_some_and(|c| c < range.end) {
                if let Some(q) = m.quote.take() {
                    // Emptied: a quote without content is left out of the layer.
                    self.quotes[q].content.clear();
                }
                mixed = true;
                m.direct = false;
            }
        }
        Some(mixed)
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
    /// Per token: inside a pair of marks; the pair opening there.
    inside: Vec<bool>,
    mark_open: Vec<Option<usize>>,
    cues: Vec<Cue>,
    conv: &'a Conventions,
}

/// Per token, whether it is inside a pair of marks and which pair opens there: lookups
/// in constant time, so that a paragraph of any length is read in linear time.
fn mark_index(toks: &[Tok], marked: &[Marked]) -> (Vec<bool>, Vec<Option<usize>>) {
    let mut inside = vec![false; toks.len()];
    let mut open = vec![None; toks.len()];
    for (k, m) in marked.iter().enumerate() {
        open[m.open] = Some(k);
        let end = m.close.map_or(toks.len(), |c| c + 1);
        inside[m.open..end].iter_mut().for_each(|x| *x = true);
    }
    (inside, open)
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
