//! Line heights of the article: estimated from line lengths, replaced by measured ones as
//! lines come into view, with their prefix sums (each line's top).

use crate::session::Session;

/// Line heights (estimated, then measured) and their prefix sums.
#[derive(Default)]
pub(super) struct Heights {
    pub(super) key: (usize, u32, u32),
    pub(super) heights: Vec<f32>,
    /// `top[l]` is where line `l` starts; `top[lines]` is the total height.
    pub(super) top: Vec<f32>,
    pub(super) stale: bool,
}

impl Heights {
    pub(super) fn reset(
        &mut self,
        key: (usize, u32, u32),
        session: &Session,
        row: f32,
        chars_per_row: f32,
    ) {
        let text = &session.document().text;
        self.key = key;
        self.heights = (0..text.line_count())
            .map(|l| {
                let len = text.line_range(l).map_or(0, |r| r.len()) as f32;
                row * (len / chars_per_row).ceil().max(1.0)
            })
            .collect();
        self.stale = true;
    }

    pub(super) fn refresh(&mut self) {
        if !self.stale {
            return;
        }
        self.top.clear();
        self.top.reserve(self.heights.len() + 1);
        let mut y = 0.0;
        self.top.push(0.0);
        for h in &self.heights {
            y += h;
            self.top.push(y);
        }
        self.stale = false;
    }

    pub(super) fn line_at(&self, y: f32) -> usize {
        self.top
            .partition_point(|&t| t <= y)
            .saturating_sub(1)
            .min(self.heights.len().saturating_sub(1))
    }
}
