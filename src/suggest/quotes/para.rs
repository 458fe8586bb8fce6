//! A paragraph's cues, the cues and sources of its direct quotes, and the source of a
//! cue's clause.

use std::ops::Range;

use super::super::phrases;
use super::super::tokens::{self, Kind, Tok};
use super::{BLOCKING, Cue, Para, Source, describe, is, word};

impl<'a> Para<'a> {
    pub(super) fn word(&self, i: usize) -> &'a str {
        word(self.text, &self.toks[i])
    }

    pub(super) fn is(&self, i: usize, w: &str) -> bool {
        i < self.toks.len() && is(self.text, &self.toks[i], w)
    }

    /// True if token `i` is inside a pair of quotation marks (marks included).
    pub(super) fn inside(&self, i: usize) -> bool {
        self.inside.get(i).copied().unwrap_or(false)
    }

    /// The pair of marks opening at token `i`.
    pub(super) fn mark_at(&self, i: usize) -> Option<usize> {
        self.mark_open.get(i).copied().flatten()
    }

    pub(super) fn sentence_of(&self, i: usize) -> Range<usize> {
        // Sentences are in order and cover the tokens: a binary search.
        let k = self.sents.partition_point(|s| s.end <= i);
        self.sents
            .get(k)
            .filter(|s| s.contains(&i))
            .cloned()
            .unwrap_or(0..self.toks.len())
    }

    /// Where a sentence's own words start: after a dateline opening the paragraph
    /// ("MOSCOW (Reuters) - ").
    pub(super) fn sentence_start(&self, sent: &Range<usize>) -> usize {
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

    /// True if the quotation mark at token `open` starts a sentence (after a full stop,
    /// a colon or another quotation, or the paragraph's start).
    pub(super) fn opens_sentence(&self, open: usize) -> bool {
        open.checked_sub(1)
            .map(|i| &self.toks[i])
            .is_none_or(|t| t.is_stop() || t.is_punct(':') || t.is_mark())
    }

    /// True if the quotation closing at token `close` is whole sentences: it ends with
    /// `.`, `?` or `!` inside the marks, or the paragraph or its sentence ends after it.
    pub(super) fn ends_sentence(&self, close: usize) -> bool {
        let inside = close > 0 && self.toks[close - 1].is_stop();
        let next = self.toks.get(close + 1);
        inside || next.is_none_or(|t| t.is_stop())
    }

    pub(super) fn word_is_upper(&self, t: &Tok) -> bool {
        t.kind == Kind::Cap
            && word(self.text, t)
                .chars()
                .all(|c| !c.is_alphabetic() || c.is_uppercase())
    }

    /// The reporting verbs outside quotation marks, unless negated ("did not say"),
    /// infinitive ("declined to say") or passive ("was told").
    pub(super) fn find_cues(&self) -> Vec<Cue> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            let extra = || {
                let t = &self.toks[i];
                t.kind == Kind::Word
                    && !self.conv.extra_cues.is_empty()
                    && self.conv.extra_cues.iter().any(|c| c == self.word(i))
            };
            let Some(len) = tokens::cue_len(self.text, self.toks, i).or(extra().then_some(1))
            else {
                i += 1;
                continue;
            };
            // "is saying", "was telling": a progressive, active; "was told": a passive.
            let progressive = self.word(i).ends_with("ing")
                && ["is", "are", "was", "were", "been", "be"]
                    .iter()
                    .any(|w| self.is(i.wrapping_sub(1), w));
            let blocked = i > 0 && !progressive && BLOCKING.iter().any(|w| self.is(i - 1, w));
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

    /// The bytes of cue `c`: the verb, or with the project's convention its verb group
    /// ("has also said", "said in a statement").
    pub(super) fn cue_bytes(&self, c: usize) -> Range<usize> {
        let cue = &self.cues[c];
        let (mut from, mut to) = (cue.at, cue.at + cue.len);
        if self.conv.cue_groups {
            let group = |i: usize| {
                super::super::conventions::GROUP_BEFORE
                    .iter()
                    .any(|w| self.is(i, w))
            };
            while from > 0 && from + 3 > cue.at && group(from - 1) {
                from -= 1;
            }
            if self.is(to, "in") && self.is(to + 1, "a") && self.is(to + 2, "statement") {
                to += 3;
            }
        }
        phrases::bytes(self.toks, from..to)
    }

    pub(super) fn cue_at(&self, i: usize) -> Option<usize> {
        // Cues are in token order.
        let k = self.cues.partition_point(|c| c.at < i);
        (self.cues.get(k)?.at == i).then_some(k)
    }

    /// The cue and source after a quote closing at `close`: `," Lavrov told`, `," said
    /// Lavrov`, and the token where a second pair of marks may continue the quote.
    pub(super) fn attribution_after(&self, close: usize) -> Option<(usize, Option<Source>, usize)> {
        let n = self.toks.len();
        let mut j = close + 1;
        // `..." She says`: after a full stop inside the marks, a capital opens the next
        // sentence, whose cue is its own.
        let full_stop = close > 0 && self.toks[close - 1].is_punct('.');
        if full_stop && self.toks.get(j).is_some_and(|t| t.kind == Kind::Cap) {
            return None;
        }
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
                        // `, and "B."`
                        if (self.is(next, "and") || self.is(next, "but"))
                            && self.toks.get(next + 1).is_some_and(Tok::is_mark)
                        {
                            next += 1;
                        }
                        break;
                    }
                    next += 1;
                }
                return Some((c, source, next));
            }
            // "Mr." and "U.N." do not end the sentence.
            let abbreviation = t.is_punct('.')
                && k > j
                && self.toks[k - 1].end == t.start
                && self.toks[k - 1].is_word()
                && tokens::is_abbreviation(self.word(k - 1));
            if !abbreviation
                && (t.is_mark() || t.is_stop() || (t.kind == Kind::Punct && !"().".contains(t.ch)))
            {
                return None;
            }
            k += 1;
        }
        None
    }

    /// The cue before a quote opening at `open`, in its sentence: `Lavrov said: "`,
    /// `saying that "`, `warned against "`.
    pub(super) fn attribution_before(&self, open: usize) -> Option<(usize, Option<Source>)> {
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
        let introduced = k < open;
        // The cue, possibly followed by a short adverbial ("said of the conversation:").
        let c = (k.saturating_sub(6).max(sent.start)..k)
            .rev()
            .find_map(|i| self.cue_at(i))?;
        let cue = &self.cues[c];
        let between = &self.toks[cue.at + cue.len..k];
        if between.iter().any(|t| !t.is_word()) {
            return None;
        }
        // `said the plan was "a disaster"`: quoted words inside the reported clause, a
        // mixed quote the clause makes (`told reporters "..."` stays direct).
        if !introduced
            && !between.is_empty()
            && !self.toks[cue.at].is(super::super::lists::Class::CUE_OBJECT)
        {
            return None;
        }
        Some((c, self.subject(c, &sent)))
    }

    /// The source of cue `c`: the phrase before it, the phrase after it ("said Lavrov"),
    /// the antecedent of "which", or the sentence's subject for "..., adding" and "and
    /// said".
    pub(super) fn subject(&self, c: usize, sent: &Range<usize>) -> Option<Source> {
        let cue = &self.cues[c];
        let start = self.sentence_start(sent);
        let end = phrases::subject_end(self.text, self.toks, start, cue.at);
        if let Some(np) = phrases::before(self.text, self.toks, start, end) {
            return Some(describe(self.text, self.toks, &np));
        }
        // ", who said", ", which reported", ", who in 2010 said": the phrase before the
        // comma.
        let relative = (1..=3).map(|back| end.wrapping_sub(back)).find(|&r| {
            r >= start
                && r < end
                && (self.is(r, "which") || self.is(r, "who"))
                && (r + 1 == end
                    || ([
                        "in",
                        "on",
                        "at",
                        "last",
                        "this",
                        "earlier",
                        "once",
                        "reportedly",
                    ]
                    .iter()
                    .any(|w| self.is(r + 1, w))
                        && self.toks[r + 1..end].iter().all(Tok::is_word)))
        });
        if let Some(r) = relative
            && r > start + 1
            && self.toks[r - 1].is_punct(',')
        {
            let np = phrases::before(self.text, self.toks, start, r - 1)?;
            return Some(describe(self.text, self.toks, &np));
        }
        // "began by saying ...", "after telling ...": a participle after a preposition
        // reports for the sentence's subject.
        let participle = end > start
            && self.word(cue.at).ends_with("ing")
            && ["by", "after", "before", "while", "when", "in"]
                .iter()
                .any(|w| self.is(end - 1, w));
        if participle {
            // A name, or "the" and its noun ("Dean appeared ..." is Dean).
            let np =
                phrases::after(self.text, self.toks, start, sent.end, false).or_else(|| {
                    self.is(start, "the")
                        .then(|| phrases::after(self.text, self.toks, start, sent.end, true))
                        .flatten()
                })?;
            return Some(describe(self.text, self.toks, &np));
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
            for e in (0..c).rev().take_while(|&e| self.cues[e].at >= start) {
                if let Some(s) = self.subject(e, sent) {
                    return Some(s);
                }
            }
            let np = phrases::after(self.text, self.toks, start, sent.end, true)?;
            return Some(describe(self.text, self.toks, &np));
        }
        None
    }
}
