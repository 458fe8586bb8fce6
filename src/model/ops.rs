//! The operations annotators think in, built from primitive [`Edit`]s.
//!
//! Each constructor looks at the current layer and returns the edit that performs the
//! operation (or `None` when it does not apply, e.g. an unknown id), so the GUI, review
//! decisions and scripts all change layers the same undoable way.

use super::{Edit, Item, ItemKind, Layer, NoiseLine, Quote, Span, Speaker, Stance, Status};

fn position<T>(list: &[T], pred: impl Fn(&T) -> bool) -> Option<usize> {
    list.iter().position(pred)
}

impl Edit {
    /// Adds a new speaker (its id must be unused: see [`Layer::next_id`]).
    pub fn add_speaker(layer: &Layer, speaker: Speaker) -> Edit {
        Edit::Insert {
            at: layer.speakers.len(),
            item: Item::Speaker(speaker),
        }
    }

    /// Replaces the speaker with the same id (rename, change kind, edit mentions).
    pub fn update_speaker(layer: &Layer, speaker: Speaker) -> Option<Edit> {
        let at = position(&layer.speakers, |s| s.id == speaker.id)?;
        Some(Edit::Replace {
            at,
            item: Item::Speaker(speaker),
        })
    }

    /// Adds `span` to the speaker's mentions, keeping them sorted. `None` if the speaker
    /// does not exist or already has that mention.
    pub fn add_mention(layer: &Layer, speaker: &str, span: Span) -> Option<Edit> {
        let mut updated = layer.speaker(speaker)?.clone();
        let at = updated.mentions.binary_search(&span).err()?;
        updated.mentions.insert(at, span);
        Edit::update_speaker(layer, updated)
    }

    /// Removes a mention from a speaker; quotes that named their speaker with it lose
    /// their source.
    pub fn remove_mention(layer: &Layer, speaker: &str, span: &Span) -> Option<Edit> {
        let mut updated = layer.speaker(speaker)?.clone();
        updated.mentions.retain(|m| m != span);
        let mut edits = vec![Edit::update_speaker(layer, updated)?];
        for (at, quote) in layer.quotes.iter().enumerate() {
            if quote.speaker.as_deref() == Some(speaker) && quote.source.as_ref() == Some(span) {
                let mut q = quote.clone();
                q.source = None;
                edits.push(Edit::Replace {
                    at,
                    item: Item::Quote(q),
                });
            }
        }
        Some(if edits.len() == 1 {
            edits.remove(0)
        } else {
            Edit::Batch(edits)
        })
    }

    /// Removes a speaker: its quotes lose their speaker and source, its stances go.
    pub fn remove_speaker(layer: &Layer, id: &str) -> Option<Edit> {
        let at = position(&layer.speakers, |s| s.id == id)?;
        let mut edits = Vec::new();
        for (i, quote) in layer.quotes.iter().enumerate() {
            if quote.speaker.as_deref() == Some(id) {
                let mut q = quote.clone();
                q.speaker = None;
                q.source = None;
                edits.push(Edit::Replace {
                    at: i,
                    item: Item::Quote(q),
                });
            }
        }
        // Remove from the back so earlier positions stay valid.
        for (i, stance) in layer.stances.iter().enumerate().rev() {
            if stance.holder == id {
                edits.push(Edit::Remove {
                    kind: ItemKind::Stance,
                    at: i,
                });
            }
        }
        edits.push(Edit::Remove {
            kind: ItemKind::Speaker,
            at,
        });
        edits.extend(drop_note(layer, id));
        Some(Edit::Batch(edits))
    }

    /// Merges speaker `gone` into `keep`: mentions, quotes and stances move to `keep`.
    pub fn merge_speakers(layer: &Layer, keep: &str, gone: &str) -> Option<Edit> {
        if keep == gone {
            return None;
        }
        let mut kept = layer.speaker(keep)?.clone();
        let gone_at = position(&layer.speakers, |s| s.id == gone)?;
        kept.mentions
            .extend(layer.speakers[gone_at].mentions.iter().cloned());
        kept.mentions.sort();
        kept.mentions.dedup();
        let mut edits = vec![Edit::update_speaker(layer, kept)?];
        for (i, quote) in layer.quotes.iter().enumerate() {
            if quote.speaker.as_deref() == Some(gone) {
                let mut q = quote.clone();
                q.speaker = Some(keep.to_string());
                edits.push(Edit::Replace {
                    at: i,
                    item: Item::Quote(q),
                });
            }
        }
        for (i, stance) in layer.stances.iter().enumerate() {
            if stance.holder == gone {
                let mut s = stance.clone();
                s.holder = keep.to_string();
                edits.push(Edit::Replace {
                    at: i,
                    item: Item::Stance(s),
                });
            }
        }
        edits.push(Edit::Remove {
            kind: ItemKind::Speaker,
            at: gone_at,
        });
        Some(Edit::Batch(edits))
    }

    /// Adds a quote at its place in text order.
    pub fn add_quote(layer: &Layer, quote: Quote) -> Edit {
        let at = layer.quotes.partition_point(|q| q.start() <= quote.start());
        Edit::Insert {
            at,
            item: Item::Quote(quote),
        }
    }

    /// Replaces the quote with the same id (kind, cue, source, speaker, content), moving
    /// it if its content moved.
    pub fn update_quote(layer: &Layer, quote: Quote) -> Option<Edit> {
        let at = position(&layer.quotes, |q| q.id == quote.id)?;
        let mut rest = layer.clone();
        rest.quotes.remove(at);
        Some(Edit::Batch(vec![
            Edit::Remove {
                kind: ItemKind::Quote,
                at,
            },
            Edit::add_quote(&rest, quote),
        ]))
    }

    /// Removes a quote and drops it from the evidence of stances; a stance whose last
    /// evidence it was goes with it. One edit: undone in one step.
    pub fn remove_quote(layer: &Layer, id: &str) -> Option<Edit> {
        let at = position(&layer.quotes, |q| q.id == id)?;
        let mut edits = Vec::new();
        // From the back, so a removal leaves the earlier positions valid.
        for (i, stance) in layer.stances.iter().enumerate().rev() {
            if stance.evidence.iter().any(|e| e == id) {
                let mut s = stance.clone();
                s.evidence.retain(|e| e != id);
                if s.evidence.is_empty() {
                    edits.push(Edit::Remove {
                        kind: ItemKind::Stance,
                        at: i,
                    });
                    edits.extend(drop_note(layer, &s.id));
                } else {
                    edits.push(Edit::Replace {
                        at: i,
                        item: Item::Stance(s),
                    });
                }
            }
        }
        edits.push(Edit::Remove {
            kind: ItemKind::Quote,
            at,
        });
        edits.extend(drop_note(layer, id));
        Some(Edit::Batch(edits))
    }

    /// The edit that turns `old` (a layer, or none) into `new`: everything of `old`
    /// removed, everything of `new` inserted, notes and status set. Imports and reloads
    /// replace layers with it, so they are undone in one step.
    pub fn replace_layer(old: Option<&Layer>, new: Layer) -> Edit {
        let mut edits = Vec::new();
        if let Some(old) = old {
            let lists = [
                (ItemKind::Noise, old.noise.len()),
                (ItemKind::Stance, old.stances.len()),
                (ItemKind::Quote, old.quotes.len()),
                (ItemKind::Speaker, old.speakers.len()),
            ];
            for (kind, len) in lists {
                edits.extend((0..len).rev().map(|at| Edit::Remove { kind, at }));
            }
            for id in old.notes.keys() {
                edits.push(Edit::SetNote {
                    id: id.clone(),
                    note: None,
                });
            }
        }
        let items = (new.speakers.into_iter().map(Item::Speaker))
            .chain(new.quotes.into_iter().map(Item::Quote))
            .chain(new.stances.into_iter().map(Item::Stance))
            .chain(new.noise.into_iter().map(Item::Noise));
        let mut counts = [0usize; 4];
        for item in items {
            let slot = &mut counts[item.kind() as usize];
            edits.push(Edit::Insert { at: *slot, item });
            *slot += 1;
        }
        for (id, note) in new.notes {
            edits.push(Edit::SetNote {
                id,
                note: Some(note),
            });
        }
        edits.push(Edit::SetStatus(new.status));
        Edit::Batch(edits)
    }

    /// Adds a stance, or replaces the one with the same id.
    pub fn put_stance(layer: &Layer, stance: Stance) -> Edit {
        match position(&layer.stances, |s| s.id == stance.id) {
            Some(at) => Edit::Replace {
                at,
                item: Item::Stance(stance),
            },
            None => Edit::Insert {
                at: layer.stances.len(),
                item: Item::Stance(stance),
            },
        }
    }

    /// Removes a stance.
    pub fn remove_stance(layer: &Layer, id: &str) -> Option<Edit> {
        let at = position(&layer.stances, |s| s.id == id)?;
        Some(Edit::Remove {
            kind: ItemKind::Stance,
            at,
        })
    }

    /// Marks `noise.line` as noise with its category (replacing an existing entry), or
    /// clears the line when `noise` is for a line that is noise and `category` is `None`.
    pub fn set_noise(layer: &Layer, line: usize, noise: Option<NoiseLine>) -> Option<Edit> {
        let found = layer.noise_position(line);
        match (found, noise) {
            (Ok(at), Some(n)) => Some(Edit::Replace {
                at,
                item: Item::Noise(n),
            }),
            (Err(at), Some(n)) => Some(Edit::Insert {
                at,
                item: Item::Noise(n),
            }),
            (Ok(at), None) => Some(Edit::Remove {
                kind: ItemKind::Noise,
                at,
            }),
            (Err(_), None) => None,
        }
    }

    pub fn set_status(status: Status) -> Edit {
        Edit::SetStatus(status)
    }

    /// Sets the note on annotation `id`; an empty note removes it. `None` if unchanged.
    pub fn set_note(layer: &Layer, id: &str, note: &str) -> Option<Edit> {
        let note = note.trim();
        let new = (!note.is_empty()).then(|| note.to_string());
        (layer.notes.get(id) != new.as_ref()).then(|| Edit::SetNote {
            id: id.to_string(),
            note: new,
        })
    }
}

/// The edit removing the note of a removed annotation, if it had one.
fn drop_note(layer: &Layer, id: &str) -> Option<Edit> {
    layer.notes.contains_key(id).then(|| Edit::SetNote {
        id: id.to_string(),
        note: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    fn layer_with_two_speakers(text: &Text) -> Layer {
        let mut layer = Layer::new("sha");
        for (id, name, at) in [("s1", "Lavrov", 0), ("s2", "he", 14)] {
            let span = Span::new(text, at, at + name.len()).unwrap();
            let speaker = Speaker {
                id: id.into(),
                name: name.into(),
                kind: "person".into(),
                mentions: vec![span],
                score: None,
            };
            Edit::add_speaker(&layer, speaker)
                .apply(&mut layer)
                .unwrap();
        }
        let quote = Quote {
            id: "q1".into(),
            kind: "direct".into(),
            content: vec![Span::new(text, 17, 21).unwrap()],
            cue: Some(Span::new(text, 7, 11).unwrap()),
            source: Some(Span::new(text, 14, 16).unwrap()),
            speaker: Some("s2".into()),
            score: None,
        };
        Edit::add_quote(&layer, quote).apply(&mut layer).unwrap();
        let stance = Stance {
            id: "t1".into(),
            holder: "s2".into(),
            target: "talks".into(),
            label: "favor".into(),
            evidence: vec!["q1".into()],
            score: None,
        };
        Edit::put_stance(&layer, stance).apply(&mut layer).unwrap();
        layer
    }

    #[test]
    fn merging_speakers_moves_mentions_quotes_and_stances_and_undoes() {
        let text = Text::new("Lavrov said. \nhe \"no\"".to_string());
        let mut layer = layer_with_two_speakers(&text);
        let before = layer.clone();
        let undo = Edit::merge_speakers(&layer, "s1", "s2")
            .unwrap()
            .apply(&mut layer)
            .unwrap();
        assert_eq!(layer.speakers.len(), 1);
        assert_eq!(layer.speakers[0].mentions.len(), 2);
        assert_eq!(layer.quotes[0].speaker.as_deref(), Some("s1"));
        assert_eq!(layer.stances[0].holder, "s1");
        undo.apply(&mut layer).unwrap();
        assert_eq!(layer, before);
    }

    #[test]
    fn removing_a_speaker_detaches_its_quotes_and_drops_its_stances() {
        let text = Text::new("Lavrov said. \nhe \"no\"".to_string());
        let mut layer = layer_with_two_speakers(&text);
        Edit::remove_speaker(&layer, "s2")
            .unwrap()
            .apply(&mut layer)
            .unwrap();
        assert_eq!(layer.speakers.len(), 1);
        assert_eq!(layer.quotes[0].speaker, None);
        assert_eq!(layer.quotes[0].source, None);
        assert!(layer.stances.is_empty());
    }

    #[test]
    fn notes_are_set_cleared_undone_and_go_with_their_quote() {
        let text = Text::new("Lavrov said. \nhe \"no\"".to_string());
        let mut layer = layer_with_two_speakers(&text);
        let undo = Edit::set_note(&layer, "q1", "  check the cue ")
            .unwrap()
            .apply(&mut layer)
            .unwrap();
        assert_eq!(
            layer.notes.get("q1").map(String::as_str),
            Some("check the cue")
        );
        assert!(
            Edit::set_note(&layer, "q1", "check the cue").is_none(),
            "unchanged"
        );
        undo.apply(&mut layer).unwrap();
        assert!(layer.notes.is_empty());
        Edit::set_note(&layer, "q1", "x")
            .unwrap()
            .apply(&mut layer)
            .unwrap();
        Edit::remove_quote(&layer, "q1")
            .unwrap()
            .apply(&mut layer)
            .unwrap();
        assert!(layer.notes.is_empty(), "the note went with its quote");
    }

    #[test]
    fn removing_a_quote_drops_it_from_stance_evidence() {
        let text = Text::new("Lavrov said. \nhe \"no\"".to_string());
        let mut layer = layer_with_two_speakers(&text);
        Edit::remove_quote(&layer, "q1")
            .unwrap()
            .apply(&mut layer)
            .unwrap();
        assert!(layer.quotes.is_empty());
        assert!(layer.stances.is_empty(), "its only evidence is gone");
    }

    #[test]
    fn a_stance_loses_one_of_two_evidence_quotes_and_goes_with_its_last_in_one_undo() {
        let text = Text::new("Lavrov said. \nhe \"no\"".to_string());
        let mut layer = layer_with_two_speakers(&text);
        let mut second = layer.quotes[0].clone();
        second.id = "q2".into();
        Edit::add_quote(&layer, second).apply(&mut layer).unwrap();
        let mut stance = layer.stances[0].clone();
        stance.evidence.push("q2".into());
        Edit::put_stance(&layer, stance).apply(&mut layer).unwrap();
        Edit::set_note(&layer, "t1", "sure")
            .unwrap()
            .apply(&mut layer)
            .unwrap();
        let before = layer.clone();

        Edit::remove_quote(&layer, "q1")
            .unwrap()
            .apply(&mut layer)
            .unwrap();
        assert_eq!(layer.stances[0].evidence, vec!["q2".to_string()]);
        let with_one = layer.clone();
        let undo = Edit::remove_quote(&layer, "q2")
            .unwrap()
            .apply(&mut layer)
            .unwrap();
        assert!(layer.stances.is_empty() && layer.notes.is_empty());
        undo.apply(&mut layer).unwrap();
        assert_eq!(
            layer, with_one,
            "one undo brings the stance and its note back"
        );
        assert_ne!(layer, before);
    }

    #[test]
    fn a_failing_batch_leaves_the_layer_unchanged() {
        let text = Text::new("Lavrov said. \nhe \"no\"".to_string());
        let mut layer = layer_with_two_speakers(&text);
        let before = layer.clone();
        let bad = Edit::Batch(vec![
            Edit::SetStatus(Status::Done),
            Edit::Remove {
                kind: ItemKind::Speaker,
                at: 0,
            },
            Edit::Remove {
                kind: ItemKind::Quote,
                at: 7,
            },
        ]);
        let err = bad.apply(&mut layer).unwrap_err();
        assert_eq!(err.at, 7);
        assert_eq!(layer, before);
    }
}
