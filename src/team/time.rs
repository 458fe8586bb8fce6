//! Time on task: the active annotating time per document and layer.
//!
//! Activity is a series of moments (an edit, a selection, a scroll: whatever input the
//! window gets in the article). The time between two consecutive moments counts when it
//! is at most [`IDLE`] (a minute); a longer gap (a coffee, a meeting, the window left
//! open overnight) counts nothing. The total is kept in the layer file as
//! `active_seconds` ([`crate::model::Layer::active_seconds`]), per document and layer.
//!
//! [`active_time`] is the rule, pure. [`ActivityClock`] applies it as moments arrive, and
//! [`add_active_seconds`] puts what it returns into a document's layer:
//!
//! ```
//! use std::time::{Duration, Instant};
//! use sayso::team::ActivityClock;
//!
//! let mut clock = ActivityClock::new();
//! let t0 = Instant::now();
//! assert_eq!(clock.activity(t0), 0); // the first moment starts a stretch
//! assert_eq!(clock.activity(t0 + Duration::from_secs(30)), 30);
//! assert_eq!(clock.activity(t0 + Duration::from_secs(300)), 0); // idle: not counted
//! assert_eq!(clock.activity(t0 + Duration::from_secs(310)), 10);
//! ```

use std::time::{Duration, Instant};

use crate::model::Document;

/// Longer gaps between two moments of activity are idle time, not counted.
pub const IDLE: Duration = Duration::from_secs(60);

/// The active time in `moments` (times since any origin, in order; an earlier moment
/// after a later one counts nothing): the sum of the gaps between consecutive moments that
/// are at most `idle`.
pub fn active_time(moments: &[Duration], idle: Duration) -> Duration {
    moments
        .windows(2)
        .map(|w| w[1].saturating_sub(w[0]))
        .filter(|gap| *gap <= idle)
        .sum()
}

/// Accumulates active time as activity happens, in whole seconds for the layer file.
///
/// The window keeps one clock, calls [`ActivityClock::activity`] on input in the article
/// and adds what it returns to the current layer's `active_seconds` (marking the layer
/// unsaved); it calls [`ActivityClock::pause`] when the document or layer changes, or
/// the window loses focus, so a gap is never counted for the wrong document.
#[derive(Debug, Clone)]
pub struct ActivityClock {
    idle: Duration,
    last: Option<Instant>,
    /// Active time counted but not yet returned (under a second).
    carry: Duration,
}

impl Default for ActivityClock {
    fn default() -> Self {
        Self::new()
    }
}

impl ActivityClock {
    /// A clock with the standard [`IDLE`] limit.
    pub fn new() -> Self {
        Self::with_idle(IDLE)
    }

    pub fn with_idle(idle: Duration) -> Self {
        ActivityClock {
            idle,
            last: None,
            carry: Duration::ZERO,
        }
    }

    /// Activity at `now`: returns the whole seconds of active time since the previous
    /// moment to add to the layer worked on (0 after a pause or an idle gap; the fraction
    /// of a second left is carried to the next call).
    pub fn activity(&mut self, now: Instant) -> u64 {
        if let Some(last) = self.last {
            let gap = now.saturating_duration_since(last);
            if gap <= self.idle {
                self.carry += gap;
            }
        }
        self.last = Some(now.max(self.last.unwrap_or(now)));
        let whole = self.carry.as_secs();
        self.carry -= Duration::from_secs(whole);
        whole
    }

    /// Ends the current stretch: the next moment starts a new one, and the fraction of a
    /// second not returned yet is dropped.
    pub fn pause(&mut self) {
        self.last = None;
        self.carry = Duration::ZERO;
    }
}

/// Adds `seconds` of active time to layer `layer` of `doc` and marks the layer unsaved, so
/// the next save writes it. Returns false, changing nothing, if the document has no such
/// layer yet (time is not a reason to create a layer file: keep the seconds until the
/// first edit creates it) or `seconds` is 0. Not an edit: undo does not take time back.
pub fn add_active_seconds(doc: &mut Document, layer: &str, seconds: u64) -> bool {
    let Some(l) = doc.layers.get_mut(layer) else {
        return false;
    };
    if seconds == 0 {
        return false;
    }
    l.active_seconds = l.active_seconds.saturating_add(seconds);
    doc.set_unsaved(layer, true);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: &[u64]) -> Vec<Duration> {
        s.iter().map(|&s| Duration::from_secs(s)).collect()
    }

    #[test]
    fn gaps_up_to_a_minute_count_and_longer_ones_do_not() {
        assert_eq!(active_time(&[], IDLE), Duration::ZERO);
        assert_eq!(active_time(&secs(&[5]), IDLE), Duration::ZERO);
        // 10 + 50 + 60 (exactly the limit) counted; the 61 s gap and the 3600 s one not.
        let moments = secs(&[0, 10, 60, 120, 181, 3781, 3791]);
        assert_eq!(active_time(&moments, IDLE), Duration::from_secs(130));
    }

    #[test]
    fn moments_out_of_order_count_nothing() {
        assert_eq!(
            active_time(&secs(&[10, 5, 20]), IDLE),
            Duration::from_secs(15)
        );
    }

    #[test]
    fn the_clock_returns_whole_seconds_and_carries_the_rest() {
        let t0 = Instant::now();
        let ms = |m: u64| t0 + Duration::from_millis(m);
        let mut clock = ActivityClock::new();
        assert_eq!(clock.activity(ms(0)), 0);
        assert_eq!(clock.activity(ms(700)), 0);
        assert_eq!(clock.activity(ms(1400)), 1); // 1.4 s: 1 now, 0.4 carried
        assert_eq!(clock.activity(ms(2000)), 1); // 0.4 + 0.6
        assert_eq!(clock.activity(ms(200_000)), 0); // idle
        assert_eq!(clock.activity(ms(230_000)), 30);
        clock.pause();
        assert_eq!(clock.activity(ms(240_000)), 0); // a new stretch
        assert_eq!(clock.activity(ms(245_000)), 5);
    }

    #[test]
    fn time_goes_into_an_existing_layer_and_marks_it_unsaved() {
        let mut doc = Document::new("d", "articles/d.txt", crate::text::Text::new("x".into()));
        assert!(!add_active_seconds(&mut doc, "alice", 5));
        assert!(doc.layers.is_empty());
        doc.layers
            .insert("alice".into(), crate::model::Layer::default());
        assert!(add_active_seconds(&mut doc, "alice", 5));
        assert!(add_active_seconds(&mut doc, "alice", 7));
        assert_eq!(doc.layers["alice"].active_seconds, 12);
        assert!(doc.unsaved_layers().any(|l| l == "alice"));
    }

    #[test]
    fn the_clock_agrees_with_the_pure_rule() {
        let moments = secs(&[0, 3, 40, 100, 161, 170, 1000, 1059, 1060]);
        let t0 = Instant::now();
        let mut clock = ActivityClock::new();
        let total: u64 = moments.iter().map(|&d| clock.activity(t0 + d)).sum();
        assert_eq!(Duration::from_secs(total), active_time(&moments, IDLE));
    }
}
