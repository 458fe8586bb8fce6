//! Snapping selections to whole words and whole characters.
//!
//! Word boundaries follow UAX #29 (`unicode-segmentation`), characters are extended
//! grapheme clusters: an emoji with its skin tone, a flag, a letter with its combining
//! marks. All positions here are byte offsets into a [`Text`]; the work is done on the
//! lines the positions fall in, so snapping costs the length of a line, not of the article.

use std::ops::Range;

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use super::Text;

/// The word segment (UAX #29) holding byte `at`: a word, a run of white space, or a
/// punctuation mark. A newline is a segment of its own; the end of the text is empty.
pub fn segment_at(text: &Text, at: usize) -> Range<usize> {
    let line = text
        .line_range(text.line_of_byte(at))
        .expect("line of a byte exists");
    if at >= line.end {
        return at..(at + 1).min(text.len_bytes());
    }
    let s = &text.as_str()[line.clone()];
    let local = at - line.start;
    let (i, seg) = s
        .split_word_bound_indices()
        .find(|(i, seg)| (*i..i + seg.len()).contains(&local))
        .expect("segments cover the line");
    line.start + i..line.start + i + seg.len()
}

/// The word under byte `at`, for a double-click: the segment there, unless it is white
/// space and a word touches `at` from the left. Nothing on an empty line.
pub fn word_at(text: &Text, at: usize) -> Range<usize> {
    let seg = segment_at(text, at);
    if is_blank(&text.as_str()[seg.clone()]) && seg.start == at && at > 0 {
        let before = segment_at(text, at - 1);
        if !is_blank(&text.as_str()[before.clone()]) {
            return before;
        }
    }
    if text.as_str()[seg.clone()].contains('\n') {
        return at..at;
    }
    seg
}

/// Extends a byte selection to whole words and trims white space (and invisible format
/// characters, see [`is_blank_char`]) from both ends. The result contains every word the
/// selection touched; an empty selection or one of only blanks becomes empty.
pub fn snap_to_words(text: &Text, selection: Range<usize>) -> Range<usize> {
    let (a, b) = ordered(selection);
    let whole = snap_to_characters(text, a..b);
    if is_blank(&text.as_str()[whole.clone()]) {
        return whole.start..whole.start;
    }
    let start = if a < text.len_bytes() {
        segment_at(text, a).start
    } else {
        a
    };
    let end = if b > a {
        segment_at(text, b - 1).end
    } else {
        b
    };
    trim(text, start..end.max(start))
}

/// Extends a byte selection to whole characters (grapheme clusters), for selection with
/// character precision.
pub fn snap_to_characters(text: &Text, selection: Range<usize>) -> Range<usize> {
    let (a, b) = ordered(selection);
    let start = grapheme_floor(text, a);
    let end = if b > a { grapheme_ceil(text, b) } else { start };
    start..end
}

/// The word a double-click at byte `at` means: [`word_at`], but on punctuation or a space
/// the nearest word of the same line (the pointer is often a few pixels off a short word
/// such as "he" or "it"; a mention of "." helps nobody).
pub fn word_near(text: &Text, at: usize) -> Range<usize> {
    let r = word_at(text, at);
    let s = text.as_str();
    let wordy = |r: &Range<usize>| s[r.clone()].chars().any(char::is_alphanumeric);
    if wordy(&r) {
        return r;
    }
    let Some(line) = text.line_range(text.line_of_byte(at)) else {
        return r;
    };
    let mut left = None;
    let mut pos = r.start;
    while pos > line.start {
        let seg = segment_at(text, pos - 1);
        if wordy(&seg) {
            left = Some(seg);
            break;
        }
        pos = seg.start;
    }
    let mut right = None;
    let mut pos = r.end;
    while pos < line.end {
        let seg = segment_at(text, pos);
        if wordy(&seg) {
            right = Some(seg);
            break;
        }
        pos = seg.end;
    }
    match (left, right) {
        (Some(l), Some(n)) if at.saturating_sub(l.end) <= n.start.saturating_sub(at) => l,
        (_, Some(n)) => n,
        (Some(l), None) => l,
        (None, None) => r,
    }
}

/// Where a selection's moving end goes one word forward from byte `at`: the end of the
/// word there, or of the next one (blanks and line ends are passed over).
pub fn next_word_end(text: &Text, at: usize) -> usize {
    let mut pos = at;
    while pos < text.len_bytes() {
        let seg = segment_at(text, pos);
        if !is_blank(&text.as_str()[seg.clone()]) {
            return seg.end;
        }
        pos = seg.end;
    }
    text.len_bytes()
}

/// Where a selection's moving end goes one word back from byte `at`: the start of the word
/// before it (blanks and line ends are passed over).
pub fn previous_word_start(text: &Text, at: usize) -> usize {
    let mut pos = at;
    while pos > 0 {
        let seg = segment_at(text, pos - 1);
        if !is_blank(&text.as_str()[seg.clone()]) {
            return seg.start;
        }
        pos = seg.start;
    }
    0
}

/// The character boundary after byte `at` (a whole grapheme cluster on).
pub fn next_character(text: &Text, at: usize) -> usize {
    if at >= text.len_bytes() {
        return text.len_bytes();
    }
    grapheme_ceil(text, at + 1)
}

/// The character boundary before byte `at` (a whole grapheme cluster back).
pub fn previous_character(text: &Text, at: usize) -> usize {
    if at == 0 {
        return 0;
    }
    grapheme_floor(text, at - 1)
}

/// True if byte `at` is a grapheme-cluster boundary (a span may start or end there).
pub fn is_character_boundary(text: &Text, at: usize) -> bool {
    if !text.as_str().is_char_boundary(at) {
        return false;
    }
    let line = text.line_range(text.line_of_byte(at)).expect("line exists");
    let s = &text.as_str()[line.clone()];
    GraphemeCursor::new(at - line.start, s.len(), true)
        .is_boundary(s, 0)
        .unwrap_or(true)
}

fn grapheme_floor(text: &Text, at: usize) -> usize {
    let line = text.line_range(text.line_of_byte(at)).expect("line exists");
    let s = &text.as_str()[line.clone()];
    let mut local = (at - line.start).min(s.len());
    while !s.is_char_boundary(local) {
        local -= 1;
    }
    let mut cursor = GraphemeCursor::new(local, s.len(), true);
    if cursor.is_boundary(s, 0).unwrap_or(true) {
        return line.start + local;
    }
    line.start + cursor.prev_boundary(s, 0).ok().flatten().unwrap_or(0)
}

fn grapheme_ceil(text: &Text, at: usize) -> usize {
    let line = text.line_range(text.line_of_byte(at)).expect("line exists");
    let s = &text.as_str()[line.clone()];
    let mut local = (at - line.start).min(s.len());
    while !s.is_char_boundary(local) {
        local += 1;
    }
    let mut cursor = GraphemeCursor::new(local, s.len(), true);
    if cursor.is_boundary(s, 0).unwrap_or(true) {
        return line.start + local;
    }
    line.start + cursor.next_boundary(s, 0).ok().flatten().unwrap_or(s.len())
}

fn trim(text: &Text, r: Range<usize>) -> Range<usize> {
    let s = &text.as_str()[r.clone()];
    let lead = s.len() - s.trim_start_matches(is_blank_char).len();
    let trimmed = s.trim_matches(is_blank_char);
    if trimmed.is_empty() {
        return r.start + lead..r.start + lead;
    }
    let start = r.start + lead;
    // White space can carry a combining mark: never cut such a cluster.
    grapheme_floor(text, start)..grapheme_ceil(text, start + trimmed.len())
}

fn is_blank(s: &str) -> bool {
    s.chars().all(is_blank_char)
}

/// White space, and the invisible characters scraped text is full of (zero-width spaces
/// and joiners, word joiner, BOM, soft hyphen): a selection never starts or ends on them.
pub fn is_blank_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
        )
}

fn ordered(r: Range<usize>) -> (usize, usize) {
    (r.start.min(r.end), r.start.max(r.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapped(s: &str, sel: Range<usize>) -> String {
        let t = Text::new(s.to_string());
        t.as_str()[snap_to_words(&t, sel)].to_string()
    }

    #[test]
    fn a_double_click_beside_a_word_takes_the_word() {
        let text = Text::new("Foreign Minister Hina Rabbani Khar.\nNext line".to_string());
        let s = text.as_str();
        let dot = s.find('.').unwrap();
        assert_eq!(&s[word_near(&text, dot)], "Khar");
        let space = s.find(" Hina").unwrap();
        assert_eq!(&s[word_near(&text, space)], "Minister");
        assert_eq!(&s[word_near(&text, s.find("Hina").unwrap())], "Hina");
    }

    #[test]
    fn a_selection_end_moves_by_words_and_by_characters() {
        let t = Text::new("Lavrov said \"we will\ntalk\" 👩‍👩‍👧 today".to_string());
        let s = t.as_str();
        let at = |w: &str| s.find(w).unwrap();
        assert_eq!(next_word_end(&t, 0), at(" said"), "in a word: its end");
        assert_eq!(next_word_end(&t, at(" said")), at(" \"we"));
        assert_eq!(
            next_word_end(&t, at("\ntalk")),
            at("talk") + 4,
            "over the line end"
        );
        assert_eq!(previous_word_start(&t, at(" \"we")), at("said"));
        assert_eq!(previous_word_start(&t, at("talk")), at("will"));
        assert_eq!(previous_word_start(&t, 3), 0);
        assert_eq!(next_word_end(&t, s.len()), s.len());
        assert_eq!(previous_word_start(&t, 0), 0);
        // The family emoji is one character: a step goes over all of it.
        let family = at("👩");
        let after = family + "👩‍👩‍👧".len();
        assert_eq!(next_character(&t, family), after);
        assert_eq!(previous_character(&t, after), family);
        assert_eq!(next_character(&t, 0), 1);
    }

    #[test]
    fn a_drag_from_mid_word_to_mid_word_takes_both_words() {
        let s = "Russian Foreign Minister Sergei Lavrov said";
        assert_eq!(snapped(s, 28..34), "Sergei Lavrov");
        let backwards = std::ops::Range { start: 34, end: 28 };
        assert_eq!(
            snapped(s, backwards),
            "Sergei Lavrov",
            "backwards drags too"
        );
        assert_eq!(snapped(s, 7..9), "Foreign", "leading space is trimmed");
    }

    #[test]
    fn words_keep_apostrophes_and_selections_cross_lines() {
        assert_eq!(snapped("Lavrov's remarks", 1..2), "Lavrov's");
        assert_eq!(snapped("said:\n\"We need\"", 2..9), "said:\n\"We");
        assert_eq!(snapped("a   b", 2..3), "");
    }

    #[test]
    fn double_click_on_a_word_and_right_after_it() {
        let t = Text::new("Lavrov said".to_string());
        assert_eq!(word_at(&t, 2), 0..6);
        assert_eq!(word_at(&t, 6), 0..6);
        assert_eq!(word_at(&t, 11), 7..11);
    }

    #[test]
    fn characters_are_whole_grapheme_clusters() {
        let s = "x 👨‍👩‍👧 Jose\u{301}";
        let t = Text::new(s.to_string());
        let family = 2..2 + "👨‍👩‍👧".len();
        assert_eq!(snap_to_characters(&t, 3..7), family);
        let e = s.find("e\u{301}").unwrap();
        assert_eq!(snap_to_characters(&t, e..e + 1), e..e + 3);
        assert!(!is_character_boundary(&t, e + 1));
        assert!(is_character_boundary(&t, e));
    }
}
