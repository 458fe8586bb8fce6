//! Where text is on screen: the rectangles a span covers on a laid-out line, and a dashed
//! outline (egui has none).

use std::ops::Range;

use egui::{Galley, Pos2, Rect, Stroke, Ui, pos2};

/// The screen rectangles of `span` (bytes) on a laid-out line (bytes `line`), one per row.
pub fn span_rects(galley: &Galley, pos: Pos2, line: Range<usize>, span: Range<usize>) -> Vec<Rect> {
    let s = &galley.job.text;
    let a = span.start.clamp(line.start, line.end) - line.start;
    let b = span.end.clamp(line.start, line.end) - line.start;
    if a >= b || !s.is_char_boundary(a) || !s.is_char_boundary(b) {
        return Vec::new();
    }
    let (ca, cb) = (s[..a].chars().count(), s[..b].chars().count());
    let mut rects = Vec::new();
    let mut first = 0;
    for r in &galley.rows {
        let count = r.char_count_including_newline().0;
        let (lo, hi) = (ca.max(first), cb.min(first + r.row.glyphs.len()));
        if lo < hi {
            let x0 = r.pos.x + r.row.x_offset(egui::text::CharIndex(lo - first));
            let x1 = r.pos.x + r.row.x_offset(egui::text::CharIndex(hi - first));
            rects.push(Rect::from_min_max(
                pos2(pos.x + x0, pos.y + r.pos.y),
                pos2(pos.x + x1, pos.y + r.pos.y + r.row.size.y),
            ));
        }
        first += count;
    }
    rects
}

pub fn dashed_rect(ui: &Ui, rect: Rect, stroke: Stroke) {
    let corners = [
        rect.left_top(),
        rect.right_top(),
        rect.right_bottom(),
        rect.left_bottom(),
        rect.left_top(),
    ];
    ui.painter()
        .extend(egui::Shape::dashed_line(&corners, stroke, 4.0, 3.0));
}
