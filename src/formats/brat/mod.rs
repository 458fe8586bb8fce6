//! brat standoff: a `.txt` article with a `.ann` file of numbered annotations.
//!
//! What sayso writes, and reads back identically:
//!
//! ```text
//! T1  Person 433 439  Lavrov                a speaker mention (type: the speaker kind)
//! *   Equiv T1 T2 T5                        mentions of one speaker
//! #1  AnnotatorNotes T1  Sergei Lavrov      the speaker's name
//! T6  Quote 380 470;476 490  "It is…" "…"   a quote's content (fragments joined by a space)
//! T7  Cue 471 475  told
//! E1  Quote:T6 Cue:T7 Source:T1             the attribution (Speaker: when there is no source)
//! A1  Kind E1 direct                        the quote kind
//! A2  Stance E1 against                     a stance this quote shows (Stance2… for more)
//! A3  Target E1 Assad_ceding_power          its target (spaces as `_`)
//! T9  Noise 0 40  6 years ago               a noise line, with A4 NoiseCategory T9 dateline
//! ```
//!
//! Reading is liberal: `Speaker`, `Source` or any speaker kind types a mention; `Quote`,
//! `Content` or `DirectQuote`-like types a content; `R` relations may link contents to
//! sources and cues; role names do not matter, the linked annotations' types do. A
//! mention in no `Equiv` group is a speaker of its own (mentions at the same place are
//! one). Offsets count characters of the `.txt` as it is on disk (CRLF counts two).
//! Fields are separated by tabs (shown as two spaces above).

mod build;
mod parse;
mod read;
mod write;

pub(crate) use read::read;
pub use write::{annotation_conf, annotation_conf_with, visual_conf, write_ann, write_ann_with};
