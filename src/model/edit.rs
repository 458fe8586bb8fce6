//! [`Edit`]: a change to a layer, as a value that applies and returns its inverse.
//!
//! Four primitive edits (insert, remove, replace an item; set the status) and batches of
//! them cover every change; the operations users think in (add a mention, merge two
//! speakers, toggle a noise line) are built from them in [`super::edit`]'s constructors
//! (`ops.rs`). Applying an edit returns the edit that undoes it, so history is data.

use super::{Decision, Layer, NoiseLine, Quote, Speaker, Stance, Status};

/// One annotation, as stored in a layer's lists.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Speaker(Speaker),
    Quote(Quote),
    Stance(Stance),
    Noise(NoiseLine),
}

/// Which of a layer's lists an edit touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Speaker,
    Quote,
    Stance,
    Noise,
}

impl Item {
    pub fn kind(&self) -> ItemKind {
        match self {
            Item::Speaker(_) => ItemKind::Speaker,
            Item::Quote(_) => ItemKind::Quote,
            Item::Stance(_) => ItemKind::Stance,
            Item::Noise(_) => ItemKind::Noise,
        }
    }
}

/// A change to one layer. [`Edit::apply`] returns the inverse edit.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Insert `item` at position `at` of its list.
    Insert {
        at: usize,
        item: Item,
    },
    /// Remove the item at position `at` of the `kind` list.
    Remove {
        kind: ItemKind,
        at: usize,
    },
    /// Replace the item at position `at` of its list by `item`.
    Replace {
        at: usize,
        item: Item,
    },
    SetStatus(Status),
    /// Sets (or, with `None`, removes) the note on the annotation with this id.
    SetNote {
        id: String,
        note: Option<String>,
    },
    /// Sets (or, with `None`, clears) the decision on suggestion `key` of the prediction
    /// layer `prediction`.
    SetDecision {
        prediction: String,
        key: String,
        decision: Option<Decision>,
    },
    /// Several edits applied in order, all or none.
    Batch(Vec<Edit>),
}

/// An edit that does not fit the layer it was applied to; the layer is left unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot {action} {kind:?} at position {at}: the list has {len} items")]
pub struct EditError {
    pub action: &'static str,
    pub kind: ItemKind,
    pub at: usize,
    pub len: usize,
}

fn len(layer: &Layer, kind: ItemKind) -> usize {
    match kind {
        ItemKind::Speaker => layer.speakers.len(),
        ItemKind::Quote => layer.quotes.len(),
        ItemKind::Stance => layer.stances.len(),
        ItemKind::Noise => layer.noise.len(),
    }
}

fn insert(layer: &mut Layer, at: usize, item: Item) {
    match item {
        Item::Speaker(x) => layer.speakers.insert(at, x),
        Item::Quote(x) => layer.quotes.insert(at, x),
        Item::Stance(x) => layer.stances.insert(at, x),
        Item::Noise(x) => layer.noise.insert(at, x),
    }
}

fn remove(layer: &mut Layer, kind: ItemKind, at: usize) -> Item {
    match kind {
        ItemKind::Speaker => Item::Speaker(layer.speakers.remove(at)),
        ItemKind::Quote => Item::Quote(layer.quotes.remove(at)),
        ItemKind::Stance => Item::Stance(layer.stances.remove(at)),
        ItemKind::Noise => Item::Noise(layer.noise.remove(at)),
    }
}

fn replace(layer: &mut Layer, at: usize, item: Item) -> Item {
    use std::mem::replace as swap;
    match item {
        Item::Speaker(x) => Item::Speaker(swap(&mut layer.speakers[at], x)),
        Item::Quote(x) => Item::Quote(swap(&mut layer.quotes[at], x)),
        Item::Stance(x) => Item::Stance(swap(&mut layer.stances[at], x)),
        Item::Noise(x) => Item::Noise(swap(&mut layer.noise[at], x)),
    }
}

impl Edit {
    /// Applies the edit and returns its inverse. On error the layer is unchanged (a batch
    /// that fails part-way is rolled back).
    pub fn apply(self, layer: &mut Layer) -> Result<Edit, EditError> {
        let fail = |action, kind, at| EditError {
            action,
            kind,
            at,
            len: len(layer, kind),
        };
        match self {
            Edit::Insert { at, item } => {
                let kind = item.kind();
                if at > len(layer, kind) {
                    return Err(fail("insert", kind, at));
                }
                insert(layer, at, item);
                Ok(Edit::Remove { kind, at })
            }
            Edit::Remove { kind, at } => {
                if at >= len(layer, kind) {
                    return Err(fail("remove", kind, at));
                }
                let item = remove(layer, kind, at);
                Ok(Edit::Insert { at, item })
            }
            Edit::Replace { at, item } => {
                let kind = item.kind();
                if at >= len(layer, kind) {
                    return Err(fail("replace", kind, at));
                }
                let old = replace(layer, at, item);
                Ok(Edit::Replace { at, item: old })
            }
            Edit::SetStatus(status) => Ok(Edit::SetStatus(std::mem::replace(
                &mut layer.status,
                status,
            ))),
            Edit::SetNote { id, note } => {
                let old = match note {
                    Some(n) => layer.notes.insert(id.clone(), n),
                    None => layer.notes.remove(&id),
                };
                Ok(Edit::SetNote { id, note: old })
            }
            Edit::SetDecision {
                prediction,
                key,
                decision,
            } => {
                let decisions = layer.reviews.entry(prediction.clone()).or_default();
                let old = match decision {
                    Some(d) => decisions.insert(key.clone(), d),
                    None => decisions.remove(&key),
                };
                if decisions.is_empty() {
                    layer.reviews.remove(&prediction);
                }
                Ok(Edit::SetDecision {
                    prediction,
                    key,
                    decision: old,
                })
            }
            Edit::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(layer) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(err) => {
                            for inverse in inverses.into_iter().rev() {
                                inverse.apply(layer).expect("an inverse always applies");
                            }
                            return Err(err);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
        }
    }
}
