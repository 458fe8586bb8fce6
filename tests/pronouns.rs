//! The mention picker's first row for a pronoun, on the demo's gold layers: an annotator
//! tagging top-down has the mentions before the pronoun tagged; the first speaker the
//! picker offers should be the one gold gives the pronoun.

use sayso::model::Layer;
use sayso::model::guidelines::rank_speakers;

const PRONOUNS: &[&str] = &[
    "he", "him", "his", "she", "her", "it", "its", "they", "them", "their", "we", "our", "us", "i",
    "my", "me",
];

#[test]
fn a_pronouns_first_row_is_gold_s_speaker_for_most_pronouns_of_the_demo() {
    let opened = sayso::store::open(
        std::path::Path::new("projects/demo"),
        sayso::text::DEFAULT_SIZE_LIMIT,
    )
    .unwrap();
    let (mut total, mut right) = (0, 0);
    for doc in &opened.project.documents {
        let gold = &doc.layers["gold"];
        for speaker in &gold.speakers {
            for m in &speaker.mentions {
                if !PRONOUNS.contains(&m.text.to_lowercase().as_str()) {
                    continue;
                }
                total += 1;
                // What is tagged by then: the mentions before this one.
                let mut before = Layer::new(&gold.anchored_to);
                for s in &gold.speakers {
                    let mut s = s.clone();
                    s.mentions.retain(|o| o.start < m.start);
                    if !s.mentions.is_empty() {
                        before.speakers.push(s);
                    }
                }
                let ranked = rank_speakers(&before, "", &m.text, m.start..m.end);
                right += usize::from(ranked.first().is_some_and(|s| s.id == speaker.id));
            }
        }
    }
    assert_eq!(total, 47);
    // 29 before pronouns stopped counting as names and agreed with a kind.
    assert!(right >= 42, "{right} of {total}");
}
