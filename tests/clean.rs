//! Property test of the clean-text export: over random Unicode text and random noise lines,
//! the clean text is exactly the kept lines, and its offset map points every character back
//! to the same character of the original.

use proptest::prelude::*;
use sayso::formats::clean::clean_text;
use sayso::model::{Layer, NoiseLine};
use sayso::text::Text;

/// Pieces of scraped articles: emoji (with modifiers, flags, ZWJ), combining marks, CJK,
/// right-to-left script, blank lines. No CR: the text is normalized.
const PIECES: &[&str] = &[
    "Lavrov",
    "said",
    " ",
    "\n",
    "\n\n",
    "\u{201c}",
    "👍🏽",
    "🇺🇦",
    "👨\u{200d}👩\u{200d}👧",
    "e\u{301}",
    "a\u{301}\u{323}",
    "漢字",
    "解振华",
    "سلام",
    "\t",
    "0 : 0",
];

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn clean_text_maps_back_to_the_original(
        text in article(),
        marks in prop::collection::vec(any::<bool>(), 0..30),
    ) {
        let text = Text::new(text);
        let original: Vec<char> = text.as_str().chars().collect();
        let mut layer = Layer::new("h");
        // Marks past the last line exercise entries that point nowhere.
        for (line, _) in marks.iter().enumerate().filter(|(_, m)| **m) {
            layer.noise.push(NoiseLine {
                line,
                category: "other".to_string(),
                text: text.line(line).unwrap_or("").to_string(),
                orphaned: false,
                score: None,
            });
        }
        let clean = clean_text(&text, &layer);

        // Every original position a noise line takes, its newline included.
        let mut removed = vec![false; original.len()];
        for n in &layer.noise {
            if let Some(range) = text.line_char_range(n.line) {
                let end = (range.end + 1).min(original.len());
                removed[range.start..end].iter_mut().for_each(|r| *r = true);
            }
        }
        let kept: Vec<usize> = (0..original.len()).filter(|&i| !removed[i]).collect();

        let clean_chars: Vec<char> = clean.text.chars().collect();
        prop_assert_eq!(clean_chars.len(), kept.len());
        prop_assert_eq!(clean.len_chars(), kept.len());
        for (pos, &c) in clean_chars.iter().enumerate() {
            let at = clean.to_original(pos);
            prop_assert_eq!(at, kept[pos], "clean position {}", pos);
            prop_assert_eq!(original[at], c);
            prop_assert!(!removed[at], "{} is a noise line's character", at);
        }
        // Runs are in order, adjacent in the clean text, never empty, and merged when
        // adjacent in the original too.
        let mut next = 0;
        for w in clean.map.windows(2) {
            prop_assert!(w[0].1 + w[0].2 < w[1].1, "runs {:?} should be one", w);
        }
        for &(c, _, l) in &clean.map {
            prop_assert_eq!(c, next);
            prop_assert!(l > 0);
            next += l;
        }
        // Spans of the clean text map to original spans with the same first and last
        // characters.
        if !kept.is_empty() {
            let (s, e) = clean.to_original_range(0, kept.len());
            prop_assert_eq!((s, e), (kept[0], kept[kept.len() - 1] + 1));
        }
    }
}
