//! The article's own scrolling: the wheel over the article, PageUp/PageDown, Home/End and
//! the arrow keys. egui smooths a wheel notch over as many frames as it takes (4–5 here,
//! each a full repaint without a GPU); this view moves in at most [`SMOOTH_FRAMES`] frames
//! with smooth scrolling on, in one with it off, and turns smoothing off by itself while
//! frames are slow.

use std::time::{Duration, Instant};

/// A scroll asked for by the wheel or a key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scroll {
    /// By points; positive moves the text up (towards the end of the article).
    Points(f32),
    /// By pages (the view's height less two rows, so a line stays in view).
    Pages(f32),
    /// By rows of text.
    Rows(f32),
    Top,
    Bottom,
}

/// Frames a smooth scroll takes.
pub const SMOOTH_FRAMES: u32 = 3;
/// Of what is left to scroll, the share each smooth frame moves (the last moves the rest):
/// fast at first, easing out.
const EASE: [f32; SMOOTH_FRAMES as usize] = [0.5, 0.6, 1.0];
/// A frame slower than this during a smooth scroll turns smoothing off until frames are
/// fast again: three slow frames feel worse than one jump.
const SLOW_FRAME: Duration = Duration::from_millis(50);
/// After slow frames, how long scrolls jump before smoothing is tried again.
const RETRY_SMOOTH: Duration = Duration::from_secs(10);

/// Where the article is scrolled and where it is going.
#[derive(Debug, Default)]
pub(super) struct Scroller {
    /// The scroll offset drawn last frame, the view's height and the article's.
    pub offset: f32,
    pub height: f32,
    pub total: f32,
    pub row: f32,
    /// The offset a scroll is heading for, and the frames it has left.
    target: Option<f32>,
    frames_left: u32,
    /// The offset this view set last frame: if egui's differs, the user dragged the bar.
    set: Option<f32>,
    last_frame: Option<Instant>,
    /// When a smooth scroll last met a slow frame.
    slow_at: Option<Instant>,
}

impl Scroller {
    /// Starts (or extends) a scroll.
    pub fn start(&mut self, scroll: Scroll, smooth: bool) {
        let from = self.target.unwrap_or(self.offset);
        let page = (self.height - 2.0 * self.row).max(self.row);
        let to = match scroll {
            Scroll::Points(d) => from + d,
            Scroll::Pages(n) => from + n * page,
            Scroll::Rows(n) => from + n * self.row,
            Scroll::Top => 0.0,
            Scroll::Bottom => f32::INFINITY,
        };
        let to = to.clamp(0.0, self.max());
        if (to - self.offset).abs() < 0.5 {
            self.target = None;
            return;
        }
        self.target = Some(to);
        let slow = self.slow_at.is_some_and(|t| t.elapsed() < RETRY_SMOOTH);
        self.frames_left = if smooth && !slow { SMOOTH_FRAMES } else { 1 };
        self.last_frame = None;
    }

    fn max(&self) -> f32 {
        (self.total - self.height).max(0.0)
    }

    /// The offset to draw this frame, if a scroll is under way; `current` is egui's offset.
    /// Returns the offset and whether another frame is needed.
    pub fn step(&mut self, current: f32, now: Instant) -> Option<(f32, bool)> {
        let target = self.target?;
        if self.set.is_some_and(|s| (s - current).abs() > 1.0) {
            // The scroll bar was dragged: the user's scroll wins.
            self.cancel();
            return None;
        }
        if let Some(last) = self.last_frame
            && now.duration_since(last) > SLOW_FRAME
        {
            self.frames_left = 1;
            self.slow_at = Some(now);
        }
        self.last_frame = Some(now);
        let target = target.clamp(0.0, self.max().max(current));
        let share = EASE[(SMOOTH_FRAMES - self.frames_left.min(SMOOTH_FRAMES)) as usize];
        let share = if self.frames_left <= 1 { 1.0 } else { share };
        let next = current + (target - current) * share;
        self.frames_left = self.frames_left.saturating_sub(1);
        let more = self.frames_left > 0 && (target - next).abs() >= 0.5;
        if more {
            self.set = Some(next);
        } else {
            self.cancel();
        }
        Some((if more { next } else { target }, more))
    }

    pub fn is_moving(&self) -> bool {
        self.target.is_some()
    }

    pub fn cancel(&mut self) {
        self.target = None;
        self.set = None;
        self.frames_left = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scroller() -> Scroller {
        Scroller {
            height: 500.0,
            total: 5000.0,
            row: 20.0,
            ..Default::default()
        }
    }

    /// Runs a scroll to its end; the offsets drawn, one per frame.
    fn run(s: &mut Scroller) -> Vec<f32> {
        let mut out = Vec::new();
        let mut now = Instant::now();
        while let Some((offset, more)) = s.step(s.offset, now) {
            s.offset = offset;
            out.push(offset);
            now += Duration::from_millis(16);
            if !more {
                break;
            }
        }
        out
    }

    #[test]
    fn a_smooth_scroll_takes_three_frames_easing_out_and_a_jump_one() {
        let mut s = scroller();
        s.start(Scroll::Points(120.0), true);
        let frames = run(&mut s);
        assert_eq!(frames.len(), 3);
        assert_eq!(*frames.last().unwrap(), 120.0);
        assert!(frames[0] >= 60.0 && frames[1] > frames[0]);
        s.start(Scroll::Points(-120.0), false);
        assert_eq!(run(&mut s), vec![0.0]);
    }

    #[test]
    fn pages_keep_two_rows_and_scrolls_stop_at_the_ends() {
        let mut s = scroller();
        s.start(Scroll::Pages(1.0), false);
        assert_eq!(run(&mut s), vec![460.0]);
        s.start(Scroll::Bottom, false);
        assert_eq!(run(&mut s), vec![4500.0]);
        s.start(Scroll::Rows(3.0), true);
        assert!(run(&mut s).is_empty(), "already at the end");
        s.start(Scroll::Top, true);
        assert_eq!(run(&mut s).last(), Some(&0.0));
    }

    #[test]
    fn slow_frames_finish_a_smooth_scroll_at_once_and_the_next_jumps() {
        let mut s = scroller();
        s.start(Scroll::Points(300.0), true);
        let t = Instant::now();
        let (first, more) = s.step(0.0, t).unwrap();
        s.offset = first;
        assert!(more);
        let (second, more) = s.step(first, t + Duration::from_millis(120)).unwrap();
        assert_eq!((second, more), (300.0, false));
        s.offset = second;
        s.start(Scroll::Points(100.0), true);
        assert_eq!(run(&mut s), vec![400.0]);
    }

    #[test]
    fn dragging_the_bar_cancels_a_scroll() {
        let mut s = scroller();
        s.start(Scroll::Points(300.0), true);
        let t = Instant::now();
        let (first, _) = s.step(0.0, t).unwrap();
        assert!(s.step(first + 200.0, t).is_none());
    }
}
