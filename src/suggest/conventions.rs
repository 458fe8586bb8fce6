//! How a project writes quotes, learnt by `sayso train` from its labelled layer: whether a
//! reported clause's "that" belongs to the content, and cue words beyond the built-in list.

use serde::{Deserialize, Serialize};

/// A project's quote conventions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Conventions {
    /// "said that X": the content is "that X" (PolNeAR) rather than "X" (the default).
    #[serde(default)]
    pub that_in_content: bool,
    /// Lowercase cue words the project uses that the built-in list lacks.
    #[serde(default)]
    pub extra_cues: Vec<String>,
}

/// The conventions of `layer` in `project`, starting from `start`: "that" in the content
/// when most quotes after "that" include it; cue words used at least twice that the
/// built-in list lacks.
pub fn learn(project: &crate::model::Project, layer: &str, start: &Conventions) -> Conventions {
    use super::lists::{Class, WORDS};
    let (mut inside, mut outside) = (0usize, 0usize);
    let mut cues: std::collections::BTreeMap<String, usize> = Default::default();
    for doc in &project.documents {
        let Some(l) = doc.layers.get(layer) else {
            continue;
        };
        let text = &doc.text;
        for q in &l.quotes {
            if let Some(first) = q.content.first() {
                if first.text.to_lowercase().starts_with("that ") {
                    inside += 1;
                } else if let Some(r) = text.char_range_to_bytes(first.start..first.start) {
                    let before = &text.as_str()[r.start.saturating_sub(5)..r.start];
                    outside += usize::from(before.eq_ignore_ascii_case("that "));
                }
            }
            if let Some(cue) = &q.cue {
                let word = cue.text.trim().to_lowercase();
                let single = !word.is_empty() && !word.contains(char::is_whitespace);
                if single && WORDS.classes(&word) & Class::CUE == 0 {
                    *cues.entry(word).or_default() += 1;
                }
            }
        }
    }
    let mut out = start.clone();
    if inside + outside > 0 {
        out.that_in_content = inside > outside;
    }
    for (w, n) in cues {
        if n >= 2 && w.chars().all(char::is_alphabetic) && !out.extra_cues.contains(&w) {
            out.extra_cues.push(w);
        }
    }
    out
}
