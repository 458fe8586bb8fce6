//! How a project writes quotes, learnt by `sayso train` from its labelled layer: whether a
//! reported clause's "that" belongs to the content, whether a cue is the verb alone or its
//! verb group ("has said", "also said", "said in a statement"), and cue words beyond the
//! built-in list.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::text::Text;

/// A project's quote conventions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Conventions {
    /// "said that X": the content is "that X" (PolNeAR) rather than "X" (the default).
    #[serde(default)]
    pub that_in_content: bool,
    /// The cue is the verb group: auxiliaries and adverbs before the verb ("has said",
    /// "also warned") and "in a statement" after it, rather than the verb alone (the
    /// default, as the demo's guidelines want).
    #[serde(default)]
    pub cue_groups: bool,
    /// Lowercase cue words the project uses that the built-in list lacks.
    #[serde(default)]
    pub extra_cues: Vec<String>,
}

/// Words before a reporting verb that a verb-group cue takes ("has said", "also said").
pub const GROUP_BEFORE: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "later",
    "now",
    "recently",
    "once",
    "then",
    "repeatedly",
    "previously",
    "again",
    "already",
];

/// A labelled quote, as [`learn_from`] reads it: where its first content fragment starts
/// and its cue, in code points of the document's text.
pub struct Labelled {
    pub content_start: usize,
    pub cue: Option<Range<usize>>,
}

/// The conventions of `layer` in `project`, starting from `start` (see [`learn_from`]).
pub fn learn(project: &crate::model::Project, layer: &str, start: &Conventions) -> Conventions {
    let docs = project.documents.iter().filter_map(|doc| {
        let l = doc.layers.get(layer)?;
        let quotes = l
            .quotes
            .iter()
            .filter_map(|q| {
                Some(Labelled {
                    content_start: q.content.first()?.start,
                    cue: q.cue.as_ref().map(|c| c.start..c.end),
                })
            })
            .collect();
        Some((&doc.text, quotes))
    });
    learn_from(docs, start)
}

/// The conventions of a development set's gold quotes (`../shared/dev-data`), starting
/// from `start` (see [`learn_from`]).
pub fn learn_from_set(
    docs: &[crate::metrics::devsets::DevDoc],
    start: &Conventions,
) -> Conventions {
    let texts: Vec<Text> = docs.iter().map(|d| Text::new(d.text.clone())).collect();
    let labelled = docs.iter().zip(&texts).map(|(d, t)| {
        let quotes = d
            .quotes
            .iter()
            .filter_map(|q| {
                Some(Labelled {
                    content_start: q.content.first()?.start,
                    cue: q.cue.as_ref().map(|c| c.start..c.end),
                })
            })
            .collect();
        (t, quotes)
    });
    learn_from(labelled, start)
}

/// The conventions of labelled quotes, starting from `start`: "that" in the content when
/// most quotes after "that" include it; verb-group cues when most cues with an auxiliary
/// or adverb before the verb take it; cue words used at least twice that the built-in
/// list lacks.
pub fn learn_from<'a>(
    docs: impl IntoIterator<Item = (&'a Text, Vec<Labelled>)>,
    start: &Conventions,
) -> Conventions {
    use super::lists::{Class, WORDS};
    let (mut inside, mut outside) = (0usize, 0usize);
    let (mut grouped, mut alone) = (0usize, 0usize);
    let mut cues: std::collections::BTreeMap<String, usize> = Default::default();
    let docs: Vec<(&Text, Vec<Labelled>)> = docs.into_iter().collect();
    for (text, quotes) in &docs {
        let s = text.as_str();
        for q in quotes {
            if let Some(r) = text.char_range_to_bytes(q.content_start..q.content_start) {
                let after = s[r.start..].get(..5).unwrap_or("");
                if after.eq_ignore_ascii_case("that ") {
                    inside += 1;
                } else {
                    let before = s.get(r.start.saturating_sub(5)..r.start).unwrap_or("");
                    outside += usize::from(before.eq_ignore_ascii_case("that "));
                }
            }
            let Some(cue) = q.cue.clone().and_then(|c| text.char_range_to_bytes(c)) else {
                continue;
            };
            let words: Vec<String> = s[cue.clone()]
                .split_whitespace()
                .map(str::to_lowercase)
                .collect();
            let is_group_word = |w: &str| GROUP_BEFORE.contains(&w);
            if words.len() >= 2 && is_group_word(&words[0]) {
                grouped += 1;
            } else if words.len() == 1 {
                let previous = s[..cue.start].split_whitespace().next_back();
                alone += usize::from(previous.is_some_and(|w| is_group_word(&w.to_lowercase())));
                let word = &words[0];
                if WORDS.classes(word) & (Class::CUE | Class::STOP) == 0 {
                    *cues.entry(word.clone()).or_default() += 1;
                }
            }
        }
    }
    let mut out = start.clone();
    if inside + outside > 0 {
        out.that_in_content = inside > outside;
    }
    if grouped + alone > 0 {
        out.cue_groups = grouped > alone;
    }
    // A word is a cue of the project when at least half of its uses are cues ("hopes"
    // and "believes" where beliefs count), not when it is one now and then ("support").
    cues.retain(|w, n| *n >= 2 && w.chars().all(char::is_alphabetic));
    let mut uses: std::collections::BTreeMap<&str, usize> = Default::default();
    for (text, _) in &docs {
        for w in text.as_str().split(|c: char| !c.is_alphanumeric()) {
            if !w.is_empty()
                && w.len() <= 24
                && let Some((k, _)) = cues.get_key_value(w.to_lowercase().as_str())
            {
                *uses.entry(k.as_str()).or_default() += 1;
            }
        }
    }
    for (w, n) in &cues {
        let used = uses.get(w.as_str()).copied().unwrap_or(0).max(*n);
        if 2 * n >= used && !out.extra_cues.contains(w) {
            out.extra_cues.push(w.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code points of the `n`-th (0-based) `needle` in `text`.
    fn at(text: &str, needle: &str, n: usize) -> Range<usize> {
        let b = text.match_indices(needle).nth(n).unwrap().0;
        let start = text[..b].chars().count();
        start..start + needle.chars().count()
    }

    #[test]
    fn verb_groups_that_and_cue_words_are_learnt_from_the_labels() {
        let s = "Lavrov has said that talks “must go on”. Doe also said that it failed. \
                 Poe quipped that it was late. Moe quipped that it was early. We support \
                 it, they support it, you support it, Joe support that it is fine, and Zoe \
                 support that it is bad.";
        let text = Text::new(s.to_string());
        let quote = |cue: Range<usize>, content: &str| Labelled {
            content_start: at(s, content, 0).start,
            cue: Some(cue),
        };
        let quotes = vec![
            quote(at(s, "has said", 0), "that talks"),
            quote(at(s, "also said", 0), "that it failed"),
            quote(at(s, "quipped", 0), "that it was late"),
            quote(at(s, "quipped", 1), "it was early"),
            quote(at(s, "support", 3), "that it is fine"),
            quote(at(s, "support", 4), "that it is bad"),
        ];
        let learnt = learn_from([(&text, quotes)], &Conventions::default());
        assert!(learnt.that_in_content);
        assert!(learnt.cue_groups);
        // "support" is a cue in two of its five uses: not a cue word of the project.
        assert_eq!(learnt.extra_cues, ["quipped"]);
        // No labels: the starting conventions.
        let start = Conventions {
            cue_groups: true,
            ..Default::default()
        };
        assert_eq!(learn_from([], &start), start);
    }
}
