//! Noise lines: datelines, credits and captions, page and widget text, lone numbers and
//! scores, CSS-like tokens and bullet runs of short lines, from patterns (`credits.txt`,
//! `ui_text.txt`) and line features (length, words, punctuation, stop-word density,
//! digits, position in the article).

use crate::model::Schema;
use crate::text::Text;

use super::line_rules::{features, rule, stop_words};
use super::lines::LineModel;

/// A line the suggester takes for noise.
#[derive(Debug, Clone, PartialEq)]
pub struct Noise {
    pub line: usize,
    /// A category name of the schema.
    pub category: String,
    pub score: f64,
}

/// The schema's category `name`, else `other`, else its first category.
fn category<'a>(schema: &'a Schema, name: &str) -> Option<&'a str> {
    let cats = &schema.noise_categories;
    cats.iter()
        .find(|c| c.name == name)
        .or_else(|| cats.iter().find(|c| c.name == "other"))
        .or_else(|| cats.first())
        .map(|c| c.name.as_str())
}

/// The noise lines of `text`, by line number, with categories of `schema`: the rules,
/// then the line model when there is one (`lines.rs`), else the rules' heuristics for
/// short lines.
pub fn detect(text: &Text, schema: &Schema, model: Option<&LineModel>) -> Vec<Noise> {
    let found = match model {
        Some(m) => m.detect(text),
        None => rules_only(text),
    };
    found
        .into_iter()
        .enumerate()
        .filter_map(|(line, hit)| {
            let (name, score) = hit?;
            Some(Noise {
                line,
                category: category(schema, name)?.to_string(),
                score,
            })
        })
        .collect()
}

/// The rules alone: patterns, bullet runs, and short lines after the last prose line.
fn rules_only(text: &Text) -> Vec<Option<(&'static str, f64)>> {
    let lines = text.line_count();
    let mut found: Vec<Option<(&'static str, f64)>> = vec![None; lines];
    let mut bullets = vec![false; lines];
    // The last line that reads like prose: the tail after it is where page junk gathers.
    let mut last_prose = 0;
    let mut short = Vec::new();
    for (n, slot) in found.iter_mut().enumerate() {
        let line = text.line(n).unwrap_or("");
        if line.trim().is_empty() {
            continue;
        }
        let f = features(line);
        bullets[n] = f.bullet && f.words <= 12;
        *slot = rule(line, &f);
        if slot.is_none() {
            let prose = f.words >= 12 && f.terminal;
            if prose {
                last_prose = n;
            } else {
                short.push((n, f));
            }
        }
    }
    // Bullet runs of short lines, and short lines without sentence punctuation or many
    // function words after the last paragraph of prose.
    for (n, f) in short {
        let run = (n > 0 && bullets[n - 1]) || bullets.get(n + 1).copied().unwrap_or(false);
        if bullets[n] && run {
            found[n] = Some(("navigation", 0.75));
        } else if n > last_prose
            && f.words <= 6
            && !f.terminal
            && stop_words(text.line(n).unwrap_or("")) * 3 < f.words.max(1)
        {
            found[n] = Some(("other", 0.5));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn categories(article: &str) -> Vec<(usize, String)> {
        let text = Text::new(article.to_string());
        detect(&text, &Schema::default(), None)
            .into_iter()
            .map(|n| (n.line, n.category))
            .collect()
    }

    #[test]
    fn lines_by_pattern_and_feature() {
        let article = "Updated 3 hours ago\n\nA headline about talks\n\nThe minister said on \
                       Monday that the talks would go on for a long while yet.\n\nShare this \
                       article\nAdvertisement\n3 - 1\n  • col-md-6\n";
        assert_eq!(
            categories(article),
            [
                (0, "dateline".to_string()),
                (6, "navigation".to_string()),
                (7, "advertisement".to_string()),
                (8, "navigation".to_string()),
                (9, "navigation".to_string()),
            ]
        );
    }
}
