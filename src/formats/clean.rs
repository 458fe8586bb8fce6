//! Clean text export: the article without its noise lines, with a map from positions in
//! the clean text back to positions in the original (normalized) text.

use crate::model::Layer;
use crate::text::Text;

/// An article without its noise lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clean {
    /// The kept lines, each with the newline that ended it in the original.
    pub text: String,
    /// Runs of consecutive kept code points, `(clean_start, original_start, len)`, in order,
    /// adjacent in the clean text and never empty.
    pub map: Vec<(usize, usize, usize)>,
}

/// The text without the lines `layer` marks as noise: each noise line goes together with its
/// newline. Orphaned noise entries, and entries past the last line, are ignored.
pub fn clean_text(text: &Text, layer: &Layer) -> Clean {
    let lines = text.line_count();
    let mut noise = vec![false; lines];
    for n in layer.noise.iter().filter(|n| !n.orphaned && n.line < lines) {
        noise[n.line] = true;
    }
    let source = text.as_str();
    let mut clean = Clean {
        text: String::new(),
        map: Vec::new(),
    };
    let (mut original, mut clean_len) = (0, 0);
    for (line, &is_noise) in noise.iter().enumerate() {
        let range = text.line_range(line).expect("line in range");
        // The line with its newline, if it has one (the last line does not).
        let end = (range.end + 1).min(source.len());
        let chunk = &source[range.start..end];
        let len = chunk.chars().count();
        if !is_noise && len > 0 {
            clean.text.push_str(chunk);
            match clean.map.last_mut() {
                Some((c, o, l)) if *o + *l == original => {
                    debug_assert_eq!(*c + *l, clean_len);
                    *l += len;
                }
                _ => clean.map.push((clean_len, original, len)),
            }
            clean_len += len;
        }
        original += len;
    }
    clean
}

impl Clean {
    /// Length of the clean text in code points.
    pub fn len_chars(&self) -> usize {
        self.map.last().map_or(0, |&(c, _, l)| c + l)
    }

    /// The original position of clean position `pos`. The end of the clean text maps to
    /// just after the last kept character (0 when nothing is kept). To map the exclusive end
    /// of a span, use [`Clean::to_original_range`]: at a run boundary the end belongs to the
    /// run before it.
    ///
    /// # Panics
    /// If `pos` is past the end of the clean text.
    pub fn to_original(&self, pos: usize) -> usize {
        let len = self.len_chars();
        assert!(pos <= len, "position {pos} past the clean text's end {len}");
        if pos == len {
            return self.map.last().map_or(0, |&(_, o, l)| o + l);
        }
        let run = self.map.partition_point(|&(c, _, _)| c <= pos) - 1;
        let (c, o, _) = self.map[run];
        o + (pos - c)
    }

    /// The original range of the clean range `start..end`: its first character's position
    /// and one past its last character's. It spans any noise removed from inside the range.
    ///
    /// # Panics
    /// If the range is reversed or ends past the end of the clean text.
    pub fn to_original_range(&self, start: usize, end: usize) -> (usize, usize) {
        assert!(start <= end, "reversed range {start}..{end}");
        if start == end {
            let at = self.to_original(start);
            return (at, at);
        }
        (self.to_original(start), self.to_original(end - 1) + 1)
    }

    /// The map as JSON, positions in code points:
    ///
    /// ```json
    /// {"units": "code points", "clean_length": 120, "original_length": 161,
    ///  "runs": [{"clean": 0, "original": 41, "length": 120}]}
    /// ```
    ///
    /// Clean position `p` with `clean <= p < clean + length` comes from original position
    /// `original + (p - clean)`. Runs are in order and cover the clean text without gaps.
    /// `original_length` is the length of the text the map was made from.
    pub fn map_json(&self, original: &Text) -> serde_json::Value {
        let runs: Vec<_> = self
            .map
            .iter()
            .map(|&(c, o, l)| serde_json::json!({"clean": c, "original": o, "length": l}))
            .collect();
        serde_json::json!({
            "units": "code points",
            "clean_length": self.len_chars(),
            "original_length": original.len_chars(),
            "runs": runs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NoiseLine;

    fn noisy(lines: &[usize]) -> Layer {
        let mut layer = Layer::new("h");
        for &line in lines {
            layer.noise.push(NoiseLine {
                line,
                category: "other".to_string(),
                text: String::new(),
                orphaned: false,
                score: None,
            });
        }
        layer
    }

    #[test]
    fn removes_noise_lines_with_their_newlines() {
        let text = Text::new("6 years ago\nLavrov said\n0 : 0\nxs\nend".to_string());
        let clean = clean_text(&text, &noisy(&[0, 2, 3]));
        assert_eq!(clean.text, "Lavrov said\nend");
        assert_eq!(clean.map, [(0, 12, 12), (12, 33, 3)]);
        assert_eq!(clean.to_original(0), 12);
        assert_eq!(clean.to_original(12), 33);
        assert_eq!(clean.to_original(15), 36);
        // "said\ne" crosses the removed lines; its end stays after the "e".
        assert_eq!(clean.to_original_range(7, 13), (19, 34));
        assert_eq!(clean.to_original_range(0, 12), (12, 24), "not 33");
        let json = clean.map_json(&text);
        assert_eq!(json["runs"][1]["original"], 33);
        assert_eq!(json["clean_length"], 15);
        assert_eq!(json["original_length"], 36);
    }

    #[test]
    fn last_line_and_everything_noise() {
        let text = Text::new("a\nnoise".to_string());
        let clean = clean_text(&text, &noisy(&[1]));
        assert_eq!(clean.text, "a\n");
        assert_eq!(clean.to_original(2), 2);
        let all = clean_text(&text, &noisy(&[0, 1, 7]));
        assert_eq!((all.text.as_str(), all.map.len()), ("", 0));
        assert_eq!(all.to_original(0), 0);
    }

    #[test]
    fn no_noise_is_one_run() {
        let text = Text::new("é👍🏽\n中文\n".to_string());
        let clean = clean_text(&text, &Layer::new("h"));
        assert_eq!(clean.text, text.as_str());
        assert_eq!(clean.map, [(0, 0, 7)]);
    }
}
