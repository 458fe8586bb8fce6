//! Matching what people type against names and targets: case, accents and word order do
//! not matter ("aberg" finds "Erik Åberg", "resolution draft" finds "the draft
//! resolution").

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// `s` lowercased, without accents (decomposed, combining marks dropped).
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn words(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// True if every word of `query` is found in `name`, in any order, all folded. An empty
/// query matches everything.
pub fn matches(query: &str, name: &str) -> bool {
    let (query, name) = (fold(query), fold(name));
    words(&query).iter().all(|q| name.contains(q))
}

/// True if `a` and `b` name the same thing in other words: equal once folded, or the words
/// of one (two or more) all among the other's ("the draft UN resolution" and "the draft UN
/// Security Council resolution").
pub fn similar(a: &str, b: &str) -> bool {
    let (fa, fb) = (fold(a), fold(b));
    let (wa, wb) = (words(&fa), words(&fb));
    if wa == wb {
        return !wa.is_empty();
    }
    let within = |x: &[&str], y: &[&str]| x.len() >= 2 && x.iter().all(|w| y.contains(w));
    within(&wa, &wb) || within(&wb, &wa)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_order_do_not_matter() {
        assert!(matches("aberg", "Erik Åberg"));
        assert!(matches("ZACHAROPOULOS foivos", "Foivos Zacharopoulos"));
        assert!(matches("", "anything"));
        assert!(!matches("medvedev", "Sergei Lavrov"));
        assert_eq!(fold("Çà Ñoël"), "ca noel");
    }

    #[test]
    fn near_duplicates_are_found() {
        assert!(similar(
            "the draft UN resolution",
            "the draft UN Security Council resolution"
        ));
        assert!(similar("Assad ceding power", "assad ceding POWER"));
        assert!(similar("Åberg", "aberg"));
        assert!(!similar(
            "the draft UN resolution",
            "phasing out fossil fuels"
        ));
        assert!(
            !similar("power", "Assad ceding power"),
            "one word is too little to say"
        );
    }
}
