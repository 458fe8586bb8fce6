//! The suggester on any text: its output always validates (spans on grapheme-cluster
//! boundaries, in range, scores in 0..1), whatever the Unicode.

use proptest::prelude::*;
use sayso::model::{Document, Schema, validate_document};
use sayso::suggest::suggest;
use sayso::text::{Text, normalize_newlines};

/// Pieces that break offset code: quotation marks, emoji and ZWJ sequences, combining
/// marks, CRLF, scripts without spaces, reporting verbs and names.
const PIECES: &[&str] = &[
    "“",
    "”",
    "\"",
    "''",
    "‘",
    "’",
    "«",
    "»",
    "\u{200d}",
    "\u{301}",
    "e\u{301}",
    "👍🏽",
    "👨\u{200d}👩\u{200d}👧",
    "🇳🇴",
    "\r\n",
    "\n",
    "\r",
    " ",
    ", ",
    ". ",
    ": ",
    "said",
    "told",
    "according to",
    "Lavrov",
    "he",
    "the minister",
    "that",
    "s",
    "日本語の記事",
    "ภาษาไทย",
    "Share this",
    "Advertisement",
    "0 : 0",
    "  • ",
    "\t",
    "\u{feff}",
    "\u{a0}",
    "'s",
    // The clauses the newer rules read: verb groups and time adverbials, relatives,
    // participles, titles with a full stop, sources without a name, a cue inside its
    // sentence.
    "has also said",
    "Friday morning",
    ", who in 2010 said",
    "by saying",
    "Mr.",
    "some experts",
    ", he said, ",
    "and",
    "—",
];

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

fn check(raw: &str) -> Result<(), TestCaseError> {
    let normalized = normalize_newlines(raw).replace('\u{feff}', "");
    let text = Text::new(normalized.clone());
    let schema = Schema::default();
    let layer = suggest(&text, &schema);
    let mut doc = Document::new("d", "d.txt", text);
    doc.layers.insert("model:rules".into(), layer);
    let problems = validate_document(&doc, &schema);
    prop_assert!(problems.is_empty(), "{normalized:?}: {problems:#?}");
    Ok(())
}

#[test]
fn a_quote_mark_before_a_joiner_stays_whole() {
    check("“”\u{200d}s").unwrap();
    check("“We will,”\u{301} he said.").unwrap();
}

#[test]
fn a_name_drops_control_characters() {
    // U+202A (a bidirectional embedding) inside the source's word: not in the name.
    check("À\u{202a}has also said \u{200d} according to").unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn suggestions_always_validate(raw in article()) {
        check(&raw)?;
    }
}
