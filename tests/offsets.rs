//! Property tests: offsets and word snapping stay exact over random Unicode text with
//! emoji (outside the BMP, with modifiers, flags and ZWJ sequences), combining marks, CJK,
//! right-to-left scripts and every kind of line end.

use proptest::prelude::*;
use sayso::model::Span;
use sayso::text::words::{
    is_blank_char, is_character_boundary, snap_to_characters, snap_to_words, word_at,
};
use sayso::text::{Text, decode, normalize_newlines};

/// Pieces annotators meet in scraped articles; CR and CRLF only appear before decoding.
const PIECES: &[&str] = &[
    "Lavrov",
    "said",
    " ",
    " ",
    "  ",
    ", ",
    ".",
    "\"",
    "\u{201c}",
    "\u{201d}",
    "'s",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "👍",
    "👍🏽",
    "🇺🇦",
    "👨\u{200d}👩\u{200d}👧",
    "🌍🔥",
    "e\u{301}",
    "Zoe\u{308}",
    "a\u{301}\u{323}",
    "漢字",
    "解振华",
    "Κώστας",
    "Світлана",
    "मेहता",
    "سلام",
    "\t",
    "-",
    "0 : 0",
    "\u{feff}",
    "❤\u{fe0f}",
    " \u{301}",
];

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..400).prop_map(|p| p.concat())
}

fn normalized(raw: &str) -> Text {
    Text::new(decode(raw.as_bytes()).expect("no NUL in the pieces").text)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn normalizing_leaves_only_lf_and_keeps_every_line(raw in article()) {
        let text = decode(raw.as_bytes()).unwrap().text;
        prop_assert!(!text.contains('\r'));
        let breaks = raw.replace("\r\n", "\n").chars().filter(|&c| c == '\n' || c == '\r').count();
        prop_assert_eq!(text.matches('\n').count(), breaks);
        // One BOM at the very start is dropped; any other U+FEFF is text and stays.
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), raw.as_bytes()].concat();
        prop_assert_eq!(decode(&with_bom).unwrap().text, normalize_newlines(&raw));
    }

    #[test]
    fn offset_conversions_agree_with_counting(raw in article()) {
        let t = normalized(&raw);
        let s = t.as_str();
        let mut utf16 = 0;
        for (chars, (byte, c)) in s.char_indices().chain(std::iter::once((s.len(), ' '))).enumerate() {
            prop_assert_eq!(t.byte_to_char(byte), Some(chars));
            prop_assert_eq!(t.char_to_byte(chars), Some(byte));
            prop_assert_eq!(t.byte_to_utf16(byte), Some(utf16));
            prop_assert_eq!(t.utf16_to_byte(utf16), Some(byte));
            prop_assert_eq!(t.char_to_utf16(chars), Some(utf16));
            prop_assert_eq!(t.utf16_to_char(utf16), Some(chars));
            if c.len_utf16() == 2 && byte < s.len() {
                prop_assert_eq!(t.utf16_to_byte(utf16 + 1), None, "inside a surrogate pair");
            }
            for inner in 1..c.len_utf8() {
                if byte < s.len() {
                    prop_assert_eq!(t.byte_to_char(byte + inner), None);
                }
            }
            utf16 += c.len_utf16();
        }
        prop_assert_eq!(t.len_chars(), s.chars().count());
        prop_assert_eq!(t.len_utf16(), s.encode_utf16().count());
        prop_assert_eq!(t.char_to_byte(t.len_chars() + 1), None);
        prop_assert_eq!(t.utf16_to_byte(t.len_utf16() + 1), None);
    }

    #[test]
    fn many_ranges_convert_as_each_alone(raw in article(), ranges in prop::collection::vec((0..500usize, 0..60usize), 0..80)) {
        let t = normalized(&raw);
        let ranges: Vec<std::ops::Range<usize>> = ranges.iter().map(|&(s, len)| s..s + len).collect();
        let together = t.char_ranges_to_bytes(&ranges);
        for (r, got) in ranges.iter().zip(together) {
            prop_assert_eq!(got, t.char_range_to_bytes(r.clone()), "{:?}", r);
        }
    }

    #[test]
    fn lines_match_splitting_on_lf(raw in article()) {
        let t = normalized(&raw);
        let lines: Vec<&str> = t.as_str().split('\n').collect();
        prop_assert_eq!(t.line_count(), lines.len());
        let mut start = 0;
        for (i, line) in lines.iter().enumerate() {
            prop_assert_eq!(t.line(i), Some(*line));
            prop_assert_eq!(t.line_of_byte(start), i);
            prop_assert_eq!(t.line_of_byte(start + line.len()), i);
            let chars = t.line_char_range(i).unwrap();
            prop_assert_eq!(t.slice_chars(chars), Some(*line));
            start += line.len() + 1;
        }
    }

    #[test]
    fn word_snapping_covers_the_selection_in_whole_words(raw in article(), a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>()) {
        let t = normalized(&raw);
        let s = t.as_str();
        let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        let (a, b) = (*a.get(&bounds), *b.get(&bounds));
        let r = snap_to_words(&t, a..b);
        prop_assert!(r.start <= r.end && r.end <= s.len());
        prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
        prop_assert!(is_character_boundary(&t, r.start) && is_character_boundary(&t, r.end), "{:?} {:?}", r, &s[r.start.saturating_sub(8)..(r.end + 8).min(s.len())]);
        let picked = &s[r.clone()];
        // Blanks are trimmed, except a blank carrying an accent (one character).
        let starts_with_cluster = |p: &str| p.chars().nth(1).is_some_and(|c| c == '\u{301}');
        prop_assert!(!picked.ends_with(is_blank_char) && (!picked.starts_with(is_blank_char) || starts_with_cluster(picked)), "a blank at an end: {:?}", picked);
        // Every non-blank character the user dragged over is inside the result.
        // What the user dragged over, in whole characters (half an accented space is the
        // whole accented space).
        let whole = if a == b { a..a } else { snap_to_characters(&t, a.min(b)..a.max(b)) };
        let (lo, hi) = (whole.start, whole.end);
        let selected = &s[lo..hi];
        if let Some(first) = selected.find(|c: char| !is_blank_char(c)) {
            let last = selected.rfind(|c: char| !is_blank_char(c)).unwrap();
            prop_assert!(r.start <= lo + first && lo + last < r.end, "{:?} not in {:?}", selected, picked);
        } else {
            prop_assert!(r.is_empty(), "{:?} {:?} -> {:?} {:?}", lo..hi, selected, r, picked);
        }
        // Snapping is stable: a snapped selection snaps to itself.
        prop_assert_eq!(snap_to_words(&t, r.clone()), r.clone());
        // And it converts to a span whose stored text is exactly what is shown.
        if !r.is_empty() {
            let span = Span::from_bytes(&t, r.clone()).unwrap();
            prop_assert_eq!(span.text.as_str(), picked);
            prop_assert_eq!(t.slice_chars(span.start..span.end), Some(picked));
        }
    }

    #[test]
    fn character_snapping_never_splits_a_grapheme(raw in article(), a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>()) {
        let t = normalized(&raw);
        let s = t.as_str();
        let (a, b) = (a.index(s.len() + 1), b.index(s.len() + 1));
        let r = snap_to_characters(&t, a..b);
        prop_assert!(is_character_boundary(&t, r.start) && is_character_boundary(&t, r.end));
        prop_assert!(r.start <= a.min(b));
        if a != b {
            prop_assert!(r.end >= a.max(b));
        }
    }

    #[test]
    fn a_double_click_selects_the_segment_under_the_pointer(raw in article(), at in any::<prop::sample::Index>()) {
        let t = normalized(&raw);
        let s = t.as_str();
        let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
        prop_assume!(!bounds.is_empty());
        let at = *at.get(&bounds);
        let w = word_at(&t, at);
        prop_assert!(w.start <= at && at <= w.end, "{:?} at {}", w, at);
        // Only a click on a line's end may select nothing.
        prop_assert!(w.start < w.end || s[at..].starts_with('\n'), "{:?} at {}", w, at);
        prop_assert!(is_character_boundary(&t, w.start) && is_character_boundary(&t, w.end));
        prop_assert!(!s[w].contains('\n'));
    }
}
