//! The clauses cues introduce: where an indirect quote starts and ends.

use std::ops::Range;

use super::super::lists::Class;
use super::super::phrases;
use super::super::tokens::Kind;
use super::{Para, Source, describe};

/// A cue's reported clause(s): token ranges, the source, a score, and whether the ranges
/// are fragments of one quote (else one quote each).
pub(super) type Clause = (Vec<Range<usize>>, Option<Source>, f64, bool);

impl Para<'_> {
    /// Skips an adverbial after a cue ("on Wednesday", "later", "in a statement"),
    /// returning the token after it.
    pub(super) fn skip_adverbial(&self, from: usize, hi: usize) -> usize {
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
        // Time adverbials: "Friday morning", "last week", "earlier this month".
        let from = self.skip_time(from, hi);
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

    /// Skips a time adverbial at `from` ("Friday", "Friday morning", "last week",
    /// "earlier this month", "today"), returning the token after it.
    pub(super) fn skip_time(&self, from: usize, hi: usize) -> usize {
        const DAYS: &[&str] = &[
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "today",
            "yesterday",
            "tonight",
        ];
        const PARTS: &[&str] = &["morning", "afternoon", "evening", "night"];
        const UNITS: &[&str] = &["week", "month", "year", "weekend"];
        let any = |k: usize, list: &[&str]| k < hi && list.iter().any(|w| self.is(k, w));
        let mut k = from;
        if any(k, &["earlier", "later"]) && any(k + 1, &["this", "last"]) {
            k += 1;
        }
        if any(k, DAYS) {
            k += 1;
            if any(k, PARTS) {
                k += 1;
            }
        } else if any(k, &["last", "this", "next"]) && (any(k + 1, UNITS) || any(k + 1, DAYS)) {
            k += 2;
        }
        k
    }

    /// The reported clause(s) of cue `c` as token ranges, with the source, a score, and
    /// whether the ranges are fragments of one quote (else one quote each).
    pub(super) fn clause(&self, c: usize, sent: Range<usize>) -> Option<Clause> {
        let cue = &self.cues[c];
        let start = self.sentence_start(&sent);
        let hi = sent.end;
        let after_cue = cue.at + cue.len;
        let phrase = cue.len == 2;
        // "..., according to X" and "according to X, ...".
        if phrase && self.word(cue.at).eq_ignore_ascii_case("according") {
            // The source runs to the comma or the sentence's end when it is no name
            // ("according to officials familiar with the talks").
            let np = phrases::after(self.text, self.toks, after_cue, hi, true)
                .or_else(|| self.plain_source(after_cue, hi))?;
            let source = Some(describe(self.text, self.toks, &np));
            if cue.at > start + 2 && self.toks[cue.at - 1].is_punct(',') {
                return Some((vec![start..cue.at - 1], source, 0.8, false));
            }
            if self.toks.get(np.end).is_some_and(|t| t.is_punct(',')) {
                let from = np.end + 1;
                return Some((vec![from..self.clause_end(from, hi)], source, 0.75, false));
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
                if c > 0 && self.cues[c - 1].at >= start {
                    return None;
                }
                let source = Some(describe(self.text, self.toks, &np));
                return Some((vec![start..cue.at - 1], source, 0.75, false));
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
            // (Any earlier cue of the sentence: cues are in token order.)
            if c > 0 && self.cues[c - 1].at >= start {
                return None;
            }
            let source = np_before.map(|np| describe(self.text, self.toks, &np));
            let content_end = comma_before - 1;
            // "Acts of protest, Mr. Obama said, are acts of patriotism": the rest of the
            // sentence is the second fragment of one quote.
            if let Some(rest) = self.parenthetical_rest(k, hi) {
                return Some((vec![start..content_end, rest], source, 0.75, true));
            }
            return Some((vec![start..content_end], source, 0.75, false));
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
                k = if self.conv.that_in_content {
                    that
                } else {
                    that + 1
                };
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
            if !self.conv.that_in_content {
                k += 1;
            }
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
        Some((parts, Some(source), score, false))
    }

    /// After a parenthetical "X said" ending at the comma `k`: the rest of the sentence,
    /// when it goes on with words that are not another cue's clause.
    pub(super) fn parenthetical_rest(&self, k: usize, hi: usize) -> Option<Range<usize>> {
        if k + 1 >= hi || !self.toks[k].is_punct(',') {
            return None;
        }
        let next = &self.toks[k + 1];
        if next.kind != Kind::Word || self.starts_other_clause(k + 1, hi) {
            return None;
        }
        let end = self.clause_end(k + 1, hi);
        (end > k + 2).then_some(k + 1..end)
    }

    /// A source that is no name: the words from `from` to the next comma or the
    /// sentence's end (at most 12).
    pub(super) fn plain_source(&self, from: usize, hi: usize) -> Option<phrases::Np> {
        let mut end = from;
        while end < hi && end < from + 12 && self.toks[end].is_word() {
            end += 1;
        }
        let stops = end >= hi || self.toks[end].is_stop() || self.toks[end].is_punct(',');
        (end > from && stops).then_some(phrases::Np {
            start: from,
            end,
            alias: None,
        })
    }

    /// A further clause of the same cue at `from`: "..., but that foreign interference
    /// was not an option", "... and that it would not help".
    pub(super) fn continuation(&self, from: usize, hi: usize) -> Option<Range<usize>> {
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
    pub(super) fn clause_end(&self, from: usize, hi: usize) -> usize {
        let mut k = from;
        while k < hi {
            let t = &self.toks[k];
            // A direct quote inside runs to its close.
            if let Some(m) = self
                .mark_at(k)
                .map(|m| &self.marked[m])
                .filter(|m| m.quote.is_some())
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
    pub(super) fn starts_other_clause(&self, n: usize, hi: usize) -> bool {
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
    pub(super) fn content(&self, r: Range<usize>) -> Range<usize> {
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
    pub(super) fn colon_cue(&self) -> Option<(Range<usize>, Option<Source>)> {
        let n = self.toks.len();
        if n < 2 || !self.toks[n - 1].is_punct(':') {
            return None;
        }
        let c = self.cues.iter().position(|c| c.at + c.len == n - 1)?;
        let sent = self.sentence_of(n - 1);
        Some((self.cue_bytes(c), self.subject(c, &sent)))
    }
}
