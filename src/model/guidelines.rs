//! The annotation guidelines as code: where a quote starts and ends, what kind it is, what
//! a mention covers, which speaker a picker offers first, and how a stance is set.
//!
//! The window, the importers and the suggester all follow these rules, so one place says
//! them. Offsets here are bytes of the normalized text where a `Range<usize>` is taken,
//! code points in [`Span`]s, as everywhere in the model.

use std::ops::Range;

use super::{Layer, Quote, Schema, Span, Speaker, Stance};
use crate::text::Text;
use crate::text::fold::{fold, matches};

/// Opening quotation marks: straight, curly, low-9, guillemets, single.
pub const OPEN_QUOTE: &[char] = &['"', '\u{201c}', '\u{201e}', '\u{ab}', '\u{2018}'];
/// Closing quotation marks.
pub const CLOSE_QUOTE: &[char] = &['"', '\u{201d}', '\u{bb}', '\u{2019}'];

/// True if `text` starts and ends with quotation marks (a comma or full stop may follow
/// the closing one). A straight `'` counts on both sides, and `“` closes as German `„…“`.
pub fn is_quoted(text: &str) -> bool {
    let t = text.trim();
    let open = |c: char| OPEN_QUOTE.contains(&c) || c == '\'';
    let close = |c: char| CLOSE_QUOTE.contains(&c) || c == '\u{201c}' || c == '\'';
    t.chars().count() >= 2 && t.starts_with(open) && t.trim_end_matches([',', '.']).ends_with(close)
}

/// Direct when every fragment is in quotation marks, mixed when a quotation is inside
/// reported speech, else indirect.
pub fn quote_kind<'a>(content: impl IntoIterator<Item = &'a str>) -> &'static str {
    let content: Vec<&str> = content.into_iter().collect();
    // Single marks are left out: ’ is also the apostrophe.
    const DOUBLE: &[char] = &['"', '\u{201c}', '\u{201d}', '\u{201e}', '\u{ab}', '\u{bb}'];
    let any_mark = |t: &str| t.contains(DOUBLE);
    if !content.is_empty() && content.iter().all(|t| is_quoted(t)) {
        "direct"
    } else if content.iter().any(|t| any_mark(t)) {
        "mixed"
    } else {
        "indirect"
    }
}

/// [`quote_kind`] as one of the schema's quote kinds (its first when the schema lacks it).
pub fn schema_quote_kind<'a>(
    schema: &Schema,
    content: impl IntoIterator<Item = &'a str>,
) -> String {
    let kind = quote_kind(content);
    if Schema::has(&schema.quote_kinds, kind) {
        kind.to_string()
    } else {
        schema
            .quote_kinds
            .first()
            .map_or_else(|| kind.to_string(), |l| l.name.clone())
    }
}

/// Fits a selection to a quote's content: a quotation whose marks were left just outside
/// the selection takes them in (with a comma or full stop before the closing mark);
/// reported speech leaves out its final full stop, comma, colon or semicolon.
pub fn quote_bounds(text: &str, r: Range<usize>) -> Range<usize> {
    let (mut a, mut b) = (r.start, r.end);
    if let Some(c) = text[..a].chars().next_back()
        && OPEN_QUOTE.contains(&c)
        && !text[a..b].starts_with(OPEN_QUOTE)
    {
        a -= c.len_utf8();
    }
    // A quotation left open, also inside reported speech (the position that Russia's
    // objective was "to end the violence,": a mixed quote), takes in its closing mark.
    if unclosed(&text[a..b]) {
        let mut rest = text[b..].chars();
        match (rest.next(), rest.next()) {
            (Some(p @ (',' | '.' | '?' | '!')), Some(q)) if CLOSE_QUOTE.contains(&q) => {
                b += p.len_utf8() + q.len_utf8()
            }
            (Some(q), _) if CLOSE_QUOTE.contains(&q) => b += q.len_utf8(),
            _ => {}
        }
    }
    // Reported speech leaves out the punctuation a drag takes along at its end.
    while !text[a..b].starts_with(OPEN_QUOTE)
        && text[a..b].ends_with(['.', ',', ':', ';'])
        && b - a > 1
    {
        b -= 1;
    }
    a..b
}

/// Whether `s` opens a quotation it does not close. A mark between two letters is an
/// apostrophe ("Russia’s").
fn unclosed(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let mut open = false;
    for (i, &c) in chars.iter().enumerate() {
        let between_letters = i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if between_letters {
            continue;
        }
        if open && CLOSE_QUOTE.contains(&c) {
            open = false;
        } else if !open && OPEN_QUOTE.contains(&c) {
            open = true;
        }
    }
    open
}

/// `name` trimmed, without a trailing possessive `'s` or `’s` ("Lavrov's": Lavrov).
pub fn strip_possessive(name: &str) -> &str {
    let name = name.trim();
    (name.strip_suffix("'s"))
        .or_else(|| name.strip_suffix("\u{2019}s"))
        .filter(|n| !n.is_empty())
        .unwrap_or(name)
}

/// The span without a trailing possessive `'s` ("Lavrov's" names Lavrov).
pub fn without_possessive(text: &Text, span: Span) -> Span {
    let t = &span.text;
    if span.len() > 2 && (t.ends_with("'s") || t.ends_with("\u{2019}s")) {
        Span::new(text, span.start, span.end - 2).unwrap_or(span)
    } else {
        span
    }
}

/// The kind of a speaker nobody typed: the schema's first (`person` by default).
pub fn default_speaker_kind(schema: &Schema) -> String {
    schema
        .speaker_kinds
        .first()
        .map_or_else(|| "person".to_string(), |l| l.name.clone())
}

/// A new speaker of `layer`, named `name`, with its first mentions.
pub fn new_speaker(layer: &Layer, name: &str, kind: &str, mentions: Vec<Span>) -> Speaker {
    Speaker {
        id: layer.next_id("s"),
        name: name.trim().to_string(),
        kind: kind.to_string(),
        mentions,
        score: None,
    }
}

/// The speakers of `layer` for a picker, best first: with a `filter`, those whose name (then
/// one of whose mentions) has its words, accents and case aside, the others left out; without one, those named by
/// the `selected` text first; a pronoun names nobody, but those of the kind it agrees with
/// come first ("its": not a person). Then those with a mention nearest `near` (code points: the
/// selection, or a quote's cue, or the quote), measured from its nearer end, a mention
/// just after it first (`"…," Lavrov said`: Lavrov, not the Russia named before the
/// quote); mentions inside `near` count last. Then the newest.
pub fn rank_speakers<'a>(
    layer: &'a Layer,
    filter: &str,
    selected: &str,
    near: Range<usize>,
) -> Vec<&'a Speaker> {
    let filter = filter.trim();
    let selected = fold(selected);
    let pronoun = Pronoun::of(&selected);
    let mut ranked: Vec<(u8, usize, usize, &Speaker)> = layer
        .speakers
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let rank = if filter.is_empty() {
                // A pronoun names nobody ("he" is no more Lavrov's for an earlier "he"),
                // but agrees with a kind: "he" a person, "its" not one.
                let named = pronoun.is_none()
                    && !selected.is_empty()
                    && (fold(&s.name).contains(&selected)
                        || s.mentions.iter().any(|m| fold(&m.text) == selected));
                let disagrees = pronoun.is_some_and(|p| !p.agrees_with(&s.kind));
                u8::from(!named) + u8::from(disagrees)
            } else if matches(filter, &s.name) {
                0
            } else if s.mentions.iter().any(|m| matches(filter, &m.text)) {
                1
            } else {
                return None;
            };
            let distance = s
                .mentions
                .iter()
                .map(|m| distance_to(m, &near))
                .min()
                .unwrap_or(usize::MAX);
            Some((rank, distance, usize::MAX - i, s))
        })
        .collect();
    ranked.sort_by_key(|&(rank, d, newest, _)| (rank, d, newest));
    ranked.into_iter().map(|(_, _, _, s)| s).collect()
}

/// What a pronoun says of whom it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pronoun {
    /// "he", "her": a person.
    Person,
    /// "it", "its": not a person (a government, an organisation).
    Thing,
    /// "they", "we": anyone.
    Any,
}

impl Pronoun {
    /// The pronoun `word` (folded) is, if it is one.
    fn of(word: &str) -> Option<Pronoun> {
        const PERSON: &[&str] = &[
            "he", "him", "his", "himself", "she", "her", "hers", "herself",
        ];
        const THING: &[&str] = &["it", "its", "itself"];
        const ANY: &[&str] = &[
            "they",
            "them",
            "their",
            "theirs",
            "themselves",
            "we",
            "us",
            "our",
            "ours",
            "i",
            "me",
            "my",
            "mine",
        ];
        let word = word.trim();
        if PERSON.contains(&word) {
            Some(Pronoun::Person)
        } else if THING.contains(&word) {
            Some(Pronoun::Thing)
        } else if ANY.contains(&word) {
            Some(Pronoun::Any)
        } else {
            None
        }
    }

    fn agrees_with(self, kind: &str) -> bool {
        match self {
            Pronoun::Person => kind == "person",
            Pronoun::Thing => kind != "person",
            Pronoun::Any => true,
        }
    }
}

/// How far mention `m` is from `near`, in code points: after it counts as is, before it
/// counts double (attributions follow quotes more often than they precede them), inside it
/// last of all.
fn distance_to(m: &Span, near: &Range<usize>) -> usize {
    if m.start >= near.end {
        m.start - near.end
    } else if m.end <= near.start {
        (near.start - m.end).saturating_mul(2)
    } else {
        usize::MAX / 2
    }
}

/// The source of `quote` once its speaker is `speaker`: the phrase its cue's clause names
/// the speaker by (`clause`), if it is one of the speaker's mentions; else the speaker's
/// mention nearest the quote that is not inside what is quoted.
pub fn source_for(quote: &Quote, speaker: &Speaker, clause: Option<&Span>) -> Option<Span> {
    if let Some(c) = clause
        && speaker.mentions.contains(c)
    {
        return Some(c.clone());
    }
    let at = quote.start();
    speaker
        .mentions
        .iter()
        .filter(|m| !quote.content.iter().any(|c| c.overlaps(m)))
        .min_by_key(|m| m.start.abs_diff(at))
        .cloned()
}

/// The phrase a quote's cue's clause names its speaker by: "Lavrov" in `"…," Lavrov said`,
/// "He" in `He told reporters that …` (found by the suggester's rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseSubject {
    /// The phrase, the source a quote gets from it.
    pub span: Span,
    /// The name in it without titles ("Sergei Lavrov"): a new speaker's name. Empty for
    /// a pronoun.
    pub name: String,
}

/// The speaker a quote's cue clause names by its subject (`clause`): the one with a
/// mention there ("He", tagged as Lavrov; "Assad"), else the one whose name holds the
/// subject's name or one of whose mentions is those words ("Lavrov" of Sergei Lavrov). The
/// speaker of a quote is nearly always this one, wherever others were named nearer.
pub fn clause_speaker<'a>(layer: &'a Layer, clause: &ClauseSubject) -> Option<&'a Speaker> {
    let mentioned =
        (layer.speakers.iter()).find(|s| s.mentions.iter().any(|m| m.overlaps(&clause.span)));
    let name = fold(&clause.name);
    // A pronoun's name is empty; a name of one or two letters names nobody for sure.
    let named = || {
        (name.chars().count() > 2)
            .then(|| {
                layer.speakers.iter().find(|s| {
                    fold(&s.name).contains(&name)
                        || s.mentions.iter().any(|m| fold(&m.text) == name)
                })
            })
            .flatten()
    };
    mentioned.or_else(named)
}

/// Whether the subject of `quote`'s cue clause (`clause`) can become its source and a
/// mention of the speaker `speaker` (the quote's, or one about to be picked with `None`):
/// not when it is inside what is quoted, a mention of another speaker already, or
/// already the quote's source as a mention of that speaker.
pub fn offers_source(layer: &Layer, quote: &Quote, speaker: Option<&str>, clause: &Span) -> bool {
    if quote.content.iter().any(|c| c.overlaps(clause)) {
        return false;
    }
    let others = layer
        .speakers
        .iter()
        .filter(|s| Some(s.id.as_str()) != speaker)
        .flat_map(|s| &s.mentions);
    if others.clone().any(|m| m.overlaps(clause)) {
        return false;
    }
    let done = speaker
        .and_then(|id| layer.speaker(id))
        .is_some_and(|s| s.mentions.contains(clause))
        && quote.source.as_ref() == Some(clause)
        && quote.speaker.as_deref() == speaker;
    !done
}

/// True when speaker `id` is there for nothing: no mention, no quote, no stance. Such a
/// speaker goes with its last mention (in the same undoable step).
pub fn is_unused(layer: &Layer, id: &str) -> bool {
    layer.speaker(id).is_some_and(|s| s.mentions.is_empty())
        && !layer
            .quotes
            .iter()
            .any(|q| q.speaker.as_deref() == Some(id))
        && !layer.stances.iter().any(|t| t.holder == id)
}

/// The stance of `holder` toward `target` once labelled `label` on the evidence of
/// `quote`: the existing one updated (one stance per holder and target), or a new one.
pub fn stance_with(layer: &Layer, holder: &str, target: &str, label: &str, quote: &str) -> Stance {
    match layer
        .stances
        .iter()
        .find(|s| s.holder == holder && s.target == target)
    {
        Some(existing) => {
            let mut s = existing.clone();
            s.label = label.to_string();
            if !s.evidence.iter().any(|e| e == quote) {
                s.evidence.push(quote.to_string());
            }
            s
        }
        None => Stance {
            id: layer.next_id("t"),
            holder: holder.to_string(),
            target: target.to_string(),
            label: label.to_string(),
            evidence: vec![quote.to_string()],
            score: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotation_marks_decide_the_kind() {
        assert_eq!(quote_kind(["\u{201c}We will not,\u{201d}"]), "direct");
        assert_eq!(quote_kind(["'Yes.'"]), "direct");
        assert_eq!(quote_kind(["he would \"never\" agree"]), "mixed");
        assert_eq!(quote_kind(["he would never agree"]), "indirect");
        // An apostrophe is no quotation mark.
        assert_eq!(quote_kind(["Russia\u{2019}s position"]), "indirect");
        assert_eq!(quote_kind(["\"A,\"", "\"B.\""]), "direct");
        assert_eq!(quote_kind(["\"A,\"", "he said B"]), "mixed");
    }

    #[test]
    fn the_speaker_named_right_after_a_quote_comes_first() {
        let text = Text::new(
            "Russia blocked it. \"We will not,\" Lavrov said. Assad spoke later.".to_string(),
        );
        let span = |needle: &str| {
            let at = text.as_str().find(needle).unwrap();
            Span::from_bytes(&text, at..at + needle.len()).unwrap()
        };
        let mut layer = Layer::default();
        for (name, mention) in [
            ("Russia", "Russia"),
            ("Lavrov", "Lavrov"),
            ("Assad", "Assad"),
        ] {
            let s = new_speaker(&layer, name, "person", vec![span(mention)]);
            layer.speakers.push(s);
        }
        let quote = span("\"We will not,\"");
        let ranked = rank_speakers(&layer, "", "", quote.start..quote.end);
        assert_eq!(
            ranked[0].name, "Lavrov",
            "named one character after the quote"
        );
        assert_eq!(ranked.len(), 3);
    }

    #[test]
    fn a_pronoun_ranks_the_speakers_of_its_kind_first_and_names_nobody() {
        let text = Text::new(
            "Lavrov said Russia has not changed its stance after his visit. He said that."
                .to_string(),
        );
        let span = |needle: &str| {
            let at = text.as_str().find(needle).unwrap();
            Span::from_bytes(&text, at..at + needle.len()).unwrap()
        };
        let mut layer = Layer::default();
        let lavrov = new_speaker(&layer, "Sergei Lavrov", "person", vec![span("Lavrov")]);
        layer.speakers.push(lavrov);
        let russia = new_speaker(&layer, "Russia", "government", vec![span("Russia")]);
        layer.speakers.push(russia);
        let at = |m: &str| span(m).start..span(m).end;
        let first = |layer: &Layer, selected: &str, near| {
            rank_speakers(layer, "", selected, near)[0].name.clone()
        };
        // "its": not a person, though nothing is nearer than Russia anyway; "his": a
        // person, though Russia is nearer.
        assert_eq!(first(&layer, "its", at("its")), "Russia");
        assert_eq!(first(&layer, "his", at("his")), "Sergei Lavrov");
        // A speaker with a "He" mention is not named by the next "He": Russia, a
        // government, would come first if the words alone decided.
        layer.speakers[1].mentions.push(span("He"));
        assert_eq!(first(&layer, "He", at("He")), "Sergei Lavrov");
        // A name still names: "Russia" selected, Russia first.
        assert_eq!(first(&layer, "Russia", at("his")), "Russia");
    }

    #[test]
    fn the_cue_clause_offers_a_source_only_where_it_is_free_and_not_done() {
        let text = Text::new("\"We will not,\" he said. Assad spoke.".to_string());
        let span = |needle: &str| {
            let at = text.as_str().find(needle).unwrap();
            Span::from_bytes(&text, at..at + needle.len()).unwrap()
        };
        let mut layer = Layer::default();
        let lavrov = new_speaker(&layer, "Lavrov", "person", vec![]);
        layer.speakers.push(lavrov);
        let assad = new_speaker(&layer, "Assad", "person", vec![span("Assad")]);
        layer.speakers.push(assad);
        let mut quote = Quote {
            id: "q1".into(),
            kind: "direct".into(),
            content: vec![span("\"We will not,\"")],
            cue: Some(span("said")),
            source: None,
            speaker: None,
            score: None,
        };
        let he = span("he");
        assert!(offers_source(&layer, &quote, None, &he));
        assert!(offers_source(&layer, &quote, Some("s1"), &he));
        // Inside the quote, or another speaker's mention: not offered.
        assert!(!offers_source(&layer, &quote, None, &span("We")));
        assert!(!offers_source(&layer, &quote, Some("s1"), &span("Assad")));
        // Done: the mention is the speaker's and the quote's source.
        layer.speakers[0].mentions.push(he.clone());
        quote.speaker = Some("s1".into());
        quote.source = Some(he.clone());
        assert!(!offers_source(&layer, &quote, Some("s1"), &he));
        // Once a mention of the speaker, the clause's phrase is the source it gets.
        let far = span("Assad");
        layer.speakers[0].mentions.insert(0, far);
        assert_eq!(
            source_for(&quote, &layer.speakers[0], Some(&he)),
            Some(he.clone())
        );
        // A speaker with no mention is unused unless a quote or stance names it.
        assert!(!is_unused(&layer, "s1"));
        layer.speakers[0].mentions.clear();
        layer.quotes.push(quote);
        assert!(!is_unused(&layer, "s1"), "the quote names it");
        layer.speakers[1].mentions.clear();
        assert!(is_unused(&layer, "s2"));
    }

    #[test]
    fn a_selection_takes_in_the_marks_left_outside() {
        let text = "He said: \u{201c}No way,\u{201d} he said.";
        let start = text.find("No").unwrap();
        let end = start + "No way".len();
        let r = quote_bounds(text, start..end);
        assert_eq!(&text[r], "\u{201c}No way,\u{201d}");
        let text = "He said that it was over.";
        let r = quote_bounds(text, 13..text.len());
        assert_eq!(&text[r], "it was over");
        // So do a comma or a colon a drag took along.
        let text = "Talks must not be predetermined: Russia";
        let end = text.find(" Russia").unwrap();
        assert_eq!(
            &text[quote_bounds(text, 0..end)],
            "Talks must not be predetermined"
        );
        // A mixed quote: reported speech with a quotation in it left open.
        for (open, close) in [("\"", "\""), ("\u{201c}", "\u{201d}")] {
            let text = format!(
                "and said the position that Russia\u{2019}s {open}objective,{close} he said."
            );
            let start = text.find("the position").unwrap();
            let end = text.find("objective").unwrap() + "objective".len();
            let r = quote_bounds(&text, start..end);
            assert_eq!(
                &text[r],
                format!("the position that Russia\u{2019}s {open}objective,{close}")
            );
        }
        // Closed, or only an apostrophe: left as selected.
        let text = "the \"talks\" and Russia\u{2019}s role, he said";
        let end = text.find(", he").unwrap();
        assert_eq!(quote_bounds(text, 0..end), 0..end);
    }
}
