//! [`Text`]: normalized article text with an index over lines and offset units.

use std::ops::Range;

/// Bytes between two checkpoints; a conversion scans at most this many bytes after a
/// binary search, so conversions are O(log n) with a small constant.
const CHECKPOINT_EVERY: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Checkpoint {
    byte: usize,
    char: usize,
    utf16: usize,
}

/// Normalized text (LF line ends, no BOM) with its line starts and offset checkpoints.
///
/// Offsets in three units are supported: bytes (what Rust strings and the GUI use), code
/// points (`char`s: what project files and exports use, like Python, spaCy, brat and
/// doccano) and UTF-16 units (what JavaScript tools count). Conversions return `None` for
/// an offset past the end or one that falls inside a character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    text: String,
    /// Byte offset of the first character of each line. Always starts with 0.
    line_starts: Vec<usize>,
    /// Checkpoints at character boundaries, the first at 0, roughly every
    /// [`CHECKPOINT_EVERY`] bytes.
    checkpoints: Vec<Checkpoint>,
    len_chars: usize,
    len_utf16: usize,
}

impl Text {
    /// Indexes `text`, which must already be normalized (see [`crate::text::decode`]).
    pub fn new(text: String) -> Self {
        debug_assert!(!text.contains('\r'), "text must be normalized");
        let mut line_starts = vec![0];
        let mut checkpoints = vec![Checkpoint {
            byte: 0,
            char: 0,
            utf16: 0,
        }];
        let (mut chars, mut utf16) = (0, 0);
        let mut next_checkpoint = CHECKPOINT_EVERY;
        for (byte, c) in text.char_indices() {
            if byte >= next_checkpoint {
                checkpoints.push(Checkpoint {
                    byte,
                    char: chars,
                    utf16,
                });
                next_checkpoint = byte + CHECKPOINT_EVERY;
            }
            if c == '\n' {
                line_starts.push(byte + 1);
            }
            chars += 1;
            utf16 += c.len_utf16();
        }
        Text {
            text,
            line_starts,
            checkpoints,
            len_chars: chars,
            len_utf16: utf16,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len_bytes(&self) -> usize {
        self.text.len()
    }

    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    pub fn len_utf16(&self) -> usize {
        self.len_utf16
    }

    /// Number of lines; text ending with `\n` has an empty last line, like an editor shows.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of `line` without its newline, or `None` past the last line.
    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let end = match self.line_starts.get(line + 1) {
            Some(next) => next - 1,
            None => self.text.len(),
        };
        Some(start..end)
    }

    /// The text of `line` without its newline.
    pub fn line(&self, line: usize) -> Option<&str> {
        self.line_range(line).map(|r| &self.text[r])
    }

    /// The line holding byte offset `byte` (the end of the text belongs to the last line).
    pub fn line_of_byte(&self, byte: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= byte) - 1
    }

    /// The checkpoint at or before the position where `key` reaches `value`.
    fn checkpoint(&self, value: usize, key: impl Fn(&Checkpoint) -> usize) -> Checkpoint {
        let i = self.checkpoints.partition_point(|c| key(c) <= value);
        self.checkpoints[i - 1]
    }

    /// Code-point offset of byte offset `byte`.
    pub fn byte_to_char(&self, byte: usize) -> Option<usize> {
        if !self.text.is_char_boundary(byte) {
            return None;
        }
        let cp = self.checkpoint(byte, |c| c.byte);
        Some(cp.char + self.text[cp.byte..byte].chars().count())
    }

    /// Byte offset of code-point offset `char` (`len_chars()` maps to `len_bytes()`).
    pub fn char_to_byte(&self, char: usize) -> Option<usize> {
        if char > self.len_chars {
            return None;
        }
        let cp = self.checkpoint(char, |c| c.char);
        let skip = char - cp.char;
        Some(match self.text[cp.byte..].char_indices().nth(skip) {
            Some((i, _)) => cp.byte + i,
            None => self.text.len(),
        })
    }

    /// UTF-16 offset of byte offset `byte`.
    pub fn byte_to_utf16(&self, byte: usize) -> Option<usize> {
        if !self.text.is_char_boundary(byte) {
            return None;
        }
        let cp = self.checkpoint(byte, |c| c.byte);
        let units: usize = self.text[cp.byte..byte].chars().map(char::len_utf16).sum();
        Some(cp.utf16 + units)
    }

    /// Byte offset of UTF-16 offset `unit`; `None` inside a surrogate pair.
    pub fn utf16_to_byte(&self, unit: usize) -> Option<usize> {
        if unit > self.len_utf16 {
            return None;
        }
        let cp = self.checkpoint(unit, |c| c.utf16);
        let mut at = cp.utf16;
        for (i, c) in self.text[cp.byte..].char_indices() {
            if at == unit {
                return Some(cp.byte + i);
            }
            if at > unit {
                return None;
            }
            at += c.len_utf16();
        }
        (at == unit).then_some(self.text.len())
    }

    pub fn char_to_utf16(&self, char: usize) -> Option<usize> {
        self.byte_to_utf16(self.char_to_byte(char)?)
    }

    pub fn utf16_to_char(&self, unit: usize) -> Option<usize> {
        self.byte_to_char(self.utf16_to_byte(unit)?)
    }

    /// Byte range of a code-point range, if both ends are in the text and `start <= end`.
    pub fn char_range_to_bytes(&self, chars: Range<usize>) -> Option<Range<usize>> {
        if chars.start > chars.end || chars.end > self.len_chars {
            return None;
        }
        let start = self.char_to_byte(chars.start)?;
        // A short span's end is quicker to reach from its start than from a checkpoint.
        let len = chars.end - chars.start;
        let end = if len < CHECKPOINT_EVERY {
            match self.text[start..].char_indices().nth(len) {
                Some((i, _)) => start + i,
                None => self.text.len(),
            }
        } else {
            self.char_to_byte(chars.end)?
        };
        Some(start..end)
    }

    /// [`Text::char_range_to_bytes`] for many ranges at once: the ends are converted in
    /// sorted order, walking forward through the text, which is much faster than one by
    /// one in scattered order on a large article.
    pub fn char_ranges_to_bytes(&self, ranges: &[Range<usize>]) -> Vec<Option<Range<usize>>> {
        let mut ends: Vec<(usize, usize)> = Vec::with_capacity(ranges.len() * 2);
        for (i, r) in ranges.iter().enumerate() {
            ends.push((r.start, 2 * i));
            ends.push((r.end, 2 * i + 1));
        }
        ends.sort_unstable();
        let mut bytes = vec![usize::MAX; ranges.len() * 2];
        let (mut char_at, mut byte_at) = (0, 0);
        for (c, slot) in ends {
            if c > self.len_chars {
                break;
            }
            if c - char_at > CHECKPOINT_EVERY {
                let cp = self.checkpoint(c, |x| x.char);
                (char_at, byte_at) = (cp.char, cp.byte);
            }
            byte_at = match self.text[byte_at..].char_indices().nth(c - char_at) {
                Some((i, _)) => byte_at + i,
                None => self.text.len(),
            };
            char_at = c;
            bytes[slot] = byte_at;
        }
        ranges
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (a, b) = (bytes[2 * i], bytes[2 * i + 1]);
                (r.start <= r.end && a != usize::MAX && b != usize::MAX).then_some(a..b)
            })
            .collect()
    }

    /// Code-point range of a byte range, if both ends are character boundaries.
    pub fn byte_range_to_chars(&self, bytes: Range<usize>) -> Option<Range<usize>> {
        Some(self.byte_to_char(bytes.start)?..self.byte_to_char(bytes.end)?)
    }

    /// The text covered by a code-point range.
    pub fn slice_chars(&self, chars: Range<usize>) -> Option<&str> {
        self.char_range_to_bytes(chars).map(|r| &self.text[r])
    }

    /// The line holding code-point offset `char`.
    pub fn line_of_char(&self, char: usize) -> Option<usize> {
        self.char_to_byte(char).map(|b| self.line_of_byte(b))
    }

    /// Code-point range of `line` without its newline.
    pub fn line_char_range(&self, line: usize) -> Option<Range<usize>> {
        self.byte_range_to_chars(self.line_range(line)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_without_their_newlines() {
        let t = Text::new("dateline\n\nLavrov said\n".to_string());
        assert_eq!(t.line_count(), 4);
        assert_eq!(t.line(0), Some("dateline"));
        assert_eq!(t.line(1), Some(""));
        assert_eq!(t.line(2), Some("Lavrov said"));
        assert_eq!(t.line(3), Some(""));
        assert_eq!(t.line(4), None);
        assert_eq!(t.line_of_byte(0), 0);
        assert_eq!(t.line_of_byte(8), 0);
        assert_eq!(t.line_of_byte(9), 1);
        assert_eq!(t.line_of_byte(t.len_bytes()), 3);
    }

    #[test]
    fn offsets_around_emoji_and_combining_marks() {
        // "👍🏽" is 2 code points, 4 UTF-16 units, 8 bytes; "é" here is e + U+0301.
        let t = Text::new("a👍🏽 Jose\u{301}!".to_string());
        assert_eq!(t.len_chars(), 10);
        assert_eq!(t.len_utf16(), 12);
        assert_eq!(t.char_to_byte(1), Some(1));
        assert_eq!(t.char_to_byte(2), Some(5));
        assert_eq!(t.char_to_byte(3), Some(9));
        assert_eq!(t.byte_to_char(3), None, "inside the thumbs-up");
        assert_eq!(t.byte_to_utf16(9), Some(5));
        assert_eq!(t.utf16_to_byte(2), None, "between the surrogates");
        assert_eq!(t.utf16_to_char(5), Some(3));
        assert_eq!(t.slice_chars(4..9), Some("Jose\u{301}"));
        assert_eq!(t.char_to_byte(11), None);
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 5..4;
        assert_eq!(t.slice_chars(reversed), None);
    }
}
