//! Adjudication: several annotators' layers of a document compared, item by item, and
//! settled into `gold`.
//!
//! A [`Unit`] is one thing to settle: a noise line (by line), a speaker mention, who a
//! speaker is (name and kind), a quote (content, cue, source, kind and speaker) or a
//! stance (by holder and target). The versions of "the same" item in the compared layers
//! are paired up by overlap (any shared character, the pair sharing most first), so a
//! quote whose end differs is one unit with two versions, not two units. A unit is
//! **agreed** when every compared layer has it and every version is the same (same spans,
//! labels, and the same speaker: speakers correspond through their mentions, see
//! [`speaker_correspondence`](crate::metrics::pairs::speaker_correspondence)).
//!
//! A unit's key says what it covers (`quote 120-180`, `noise 3`), like review suggestions'
//! keys, so it does not depend on gold. Decisions live in the gold layer's
//! [`Layer::reviews`](crate::model::Layer::reviews) under `compare:alice,bob` and change only
//! through [`Edit::SetDecision`](crate::model::Edit::SetDecision): accepted when gold keeps a
//! version of the unit, rejected when it keeps none. A unit is settled when gold has a decision
//! for it, so progress survives closing the window, and undo takes back the copy and the
//! decision together.

use std::ops::Range;

use crate::model::{NoiseLine, Span};

/// The layer adjudication writes.
pub const GOLD: &str = "gold";

/// The name decisions are kept under in the gold layer: `compare:alice,bob`.
pub fn decisions_name(layers: &[&str]) -> String {
    format!("compare:{}", layers.join(","))
}

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnitKind {
    Noise,
    Mention,
    /// Who a speaker is (name and kind), where two or more layers have the speaker.
    /// After mentions: gold has a speaker once one of its mentions is taken.
    Speaker,
    Quote,
    Stance,
}

impl UnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Noise => "noise line",
            UnitKind::Mention => "mention",
            UnitKind::Speaker => "speaker",
            UnitKind::Quote => "quote",
            UnitKind::Stance => "stance",
        }
    }
}

/// The item a layer has for a unit.
#[derive(Debug, Clone, PartialEq)]
pub enum Held {
    Noise(NoiseLine),
    Mention {
        speaker: String,
        span: Span,
    },
    /// A speaker's id in its layer.
    Speaker(String),
    Quote(String),
    Stance(String),
}

/// One layer's version of a unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub held: Held,
    /// Where it is, in code points: the noise line, the mention, the quote's content
    /// fragments, or the stance's evidence quotes.
    pub chars: Vec<Range<usize>>,
    /// For the panel: `dateline`, `“Lavrov” → Sergei Lavrov`, `direct quote by …`.
    pub label: String,
    /// Equal for equal versions (speakers by correspondence, not by id).
    signature: String,
}

/// One thing to settle.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub key: String,
    pub kind: UnitKind,
    /// From the first character of any version to the last.
    pub chars: Range<usize>,
    /// One entry per compared layer, in the order named.
    pub versions: Vec<Option<Version>>,
    /// What gold has for the unit now.
    pub gold: Option<Version>,
    /// Every compared layer has the same version.
    pub agreed: bool,
}

impl Unit {
    /// Gold holds exactly the version the layers agree on.
    pub fn gold_has_agreed(&self) -> bool {
        self.agreed
            && match (&self.gold, &self.versions[0]) {
                (Some(g), Some(v)) => g.signature == v.signature,
                _ => false,
            }
    }

    /// True if gold's version is the same as side `side`'s (both may be nothing).
    pub fn gold_is(&self, side: usize) -> bool {
        let sig = |v: &Option<Version>| v.as_ref().map(|v| v.signature.clone());
        sig(&self.gold) == sig(&self.versions[side])
    }
}

/// How far a document's adjudication has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub units: usize,
    pub agreed: usize,
    pub settled: usize,
    /// Units that are not agreed.
    pub differences: usize,
    pub differences_settled: usize,
}

impl Progress {
    pub fn done(&self) -> bool {
        self.settled == self.units
    }
}

/// Why a unit cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdjudicateError {
    #[error("there is no side {0}")]
    NoSide(usize),
    #[error("the item is no longer in that layer")]
    Gone,
    #[error("take the stance's evidence quote first")]
    QuoteFirst,
    #[error("gold has no such speaker yet: take one of its mentions first")]
    MentionFirst,
    #[error("gold has nothing here to edit: take a side first")]
    NothingInGold,
}

mod settle;
#[cfg(test)]
mod tests;
mod units;

pub use settle::{
    accept_agreed, decision, decisions, keep, neither, next_unsettled, progress, take,
};
pub use units::units;
