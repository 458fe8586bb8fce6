//! [`Schema`]: the labels a project uses, each with a colour and a shortcut key.

use serde::{Deserialize, Serialize};

/// One label: the name stored in annotation files, a colour (`#rrggbb`), an optional
/// shortcut key, unique within its list, and an optional one-line description (what the
/// guidelines mean by it), shown in the window's pickers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub name: String,
    pub colour: String,
    #[serde(default)]
    pub key: Option<char>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Label {
    pub fn new(name: &str, colour: &str, key: Option<char>) -> Self {
        Label {
            name: name.to_string(),
            colour: colour.to_string(),
            key,
            description: None,
        }
    }

    /// The colour as RGB, if it is a valid `#rrggbb`.
    pub fn rgb(&self) -> Option<[u8; 3]> {
        let hex = self.colour.strip_prefix('#')?;
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some([byte(0)?, byte(2)?, byte(4)?])
    }
}

/// The label sets of a project. Annotations refer to labels by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    pub speaker_kinds: Vec<Label>,
    pub quote_kinds: Vec<Label>,
    pub stance_labels: Vec<Label>,
    /// What stances are about; annotators extend this list while they work.
    #[serde(default)]
    pub stance_targets: Vec<Label>,
    pub noise_categories: Vec<Label>,
}

impl Default for Schema {
    /// The labels a new project starts with (see DESIGN.md).
    fn default() -> Self {
        let list = |items: &[(&str, &str, char)]| {
            items
                .iter()
                .map(|&(name, colour, key)| Label::new(name, colour, Some(key)))
                .collect()
        };
        Schema {
            speaker_kinds: list(&[
                ("person", "#1f77b4", '1'),
                ("organization", "#ff7f0e", '2'),
                ("government", "#2ca02c", '3'),
                ("group", "#9467bd", '4'),
                ("other", "#8c564b", '5'),
            ]),
            quote_kinds: list(&[
                ("direct", "#d62728", '1'),
                ("indirect", "#17becf", '2'),
                ("mixed", "#bcbd22", '3'),
            ]),
            stance_labels: list(&[
                ("favor", "#2ca02c", '1'),
                ("against", "#d62728", '2'),
                ("neutral", "#7f7f7f", '3'),
            ]),
            stance_targets: Vec::new(),
            noise_categories: list(&[
                ("dateline", "#7f7f7f", '1'),
                ("byline", "#8c564b", '2'),
                ("navigation", "#e377c2", '3'),
                ("advertisement", "#ff7f0e", '4'),
                ("caption", "#17becf", '5'),
                ("other", "#bcbd22", '6'),
            ]),
        }
    }
}

impl Schema {
    /// The label lists with the names `validate` uses for them.
    pub fn lists(&self) -> [(&'static str, &[Label]); 5] {
        [
            ("speaker kind", &self.speaker_kinds),
            ("quote kind", &self.quote_kinds),
            ("stance label", &self.stance_labels),
            ("stance target", &self.stance_targets),
            ("noise category", &self.noise_categories),
        ]
    }

    pub fn has(list: &[Label], name: &str) -> bool {
        list.iter().any(|l| l.name == name)
    }

    /// Adds a stance target (with a colour from a fixed palette) unless it exists.
    /// Returns true if it was added.
    pub fn add_target(&mut self, name: &str) -> bool {
        if Schema::has(&self.stance_targets, name) {
            return false;
        }
        const PALETTE: [&str; 8] = [
            "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
        ];
        let colour = PALETTE[self.stance_targets.len() % PALETTE.len()];
        self.stance_targets.push(Label::new(name, colour, None));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_keeps_its_description_and_old_files_need_none() {
        let mut label = Label::new("government", "#2ca02c", Some('3'));
        let plain = ron::to_string(&label).unwrap();
        assert!(!plain.contains("description"), "{plain}");
        label.description = Some("a state, its ministries, \"the Kremlin\"".into());
        let text = ron::to_string(&label).unwrap();
        let back: Label = ron::from_str(&text).unwrap();
        assert_eq!(back, label);
        let old: Label = ron::from_str("(name: \"person\", colour: \"#1f77b4\")").unwrap();
        assert_eq!(old.description, None);
    }
}
