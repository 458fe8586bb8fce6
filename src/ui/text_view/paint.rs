//! Painting what lies over the text: quote frames, review suggestions, and the gutter
//! (line numbers, noise cells with their category).

use std::ops::Range;

use egui::{Align2, Color32, FontId, Galley, Pos2, Rect, Stroke, Ui, pos2, vec2};

use super::super::style;
use super::TextView;
use super::geometry::{dashed_rect, span_rects};
use super::marks::MarkKind;
use crate::model::review::SuggestionKind;
use crate::session::{Selected, Session};

impl TextView {
    /// Draws each quote fragment's bounds in the speaker's colour: a bracket at each end
    /// of each row it covers (its background is tinted in `line_job`). No horizontal edge
    /// runs along a row: rows touch, so such an edge would read as an underline of the
    /// text above, which the quote does not hold.
    pub(super) fn paint_quote_borders(
        &self,
        ui: &Ui,
        galley: &Galley,
        pos: Pos2,
        line: usize,
        bytes: Range<usize>,
        session: &Session,
    ) {
        let Some(marks) = &self.marks else { return };
        for m in marks.on_line(line).filter(|m| m.kind == MarkKind::Quote) {
            let chosen = m.is(session.selected(), session.layer());
            let colour = style::line_colour(m.colour, ui.visuals().dark_mode);
            let stroke = Stroke::new(if chosen { 2.0 } else { 1.2 }, colour);
            let serif: f32 = if chosen { 5.0 } else { 4.0 };
            let painter = ui.painter();
            for rect in span_rects(galley, pos, bytes.clone(), m.bytes.clone()) {
                let r = rect.shrink2(vec2(-1.5, 1.0));
                let (l, rt) = (r.left(), r.right());
                let w = serif.min(r.width() / 2.0);
                painter.line_segment([r.left_top(), r.left_bottom()], stroke);
                painter.line_segment([r.right_top(), r.right_bottom()], stroke);
                for y in [r.top(), r.bottom()] {
                    painter.line_segment([pos2(l, y), pos2(l + w, y)], stroke);
                    painter.line_segment([pos2(rt - w, y), pos2(rt, y)], stroke);
                }
            }
        }
    }

    /// Draws the reviewed layer's suggestions on a line: pending ones dashed, the current
    /// one solid with its score. Accepted ones are the annotator's own by now; rejected
    /// ones are gone from view.
    pub(super) fn paint_suggestions(
        &self,
        ui: &Ui,
        galley: &Galley,
        pos: Pos2,
        bytes: Range<usize>,
        session: &Session,
    ) {
        let Some(review) = session.review() else {
            return;
        };
        for i in review.touching(bytes.clone()) {
            let s = &review.suggestions[i];
            if s.kind == SuggestionKind::Noise || !review.states[i].is_pending() {
                continue;
            }
            let current = review.current == Some(i);
            let rects = span_rects(galley, pos, bytes.clone(), review.bytes[i].clone());
            for rect in &rects {
                let rect = rect.expand(if current { 3.0 } else { 2.0 });
                if current {
                    ui.painter().rect_stroke(
                        rect,
                        2.0,
                        Stroke::new(2.5, style::SUGGESTION),
                        egui::StrokeKind::Outside,
                    );
                } else {
                    dashed_rect(ui, rect, Stroke::new(1.2, style::SUGGESTION));
                }
            }
            // The current one's kind and score sit above where it starts (on every one,
            // tags would hide the line above).
            if current
                && let (Some(first), true) = (rects.first(), review.bytes[i].start >= bytes.start)
            {
                let score = s.score.map_or(String::new(), |v| format!(" {v:.2}"));
                let text = format!("{}{score}", s.kind.as_str());
                let font = FontId::proportional((self.text_size * 0.62).max(8.0));
                let at = first.left_top() + vec2(0.0, -1.0);
                let galley = ui.painter().layout_no_wrap(text, font, Color32::WHITE);
                let tag =
                    Rect::from_min_size(at - vec2(0.0, galley.size().y), galley.size()).expand(1.0);
                ui.painter().rect_filled(tag, 2.0, style::SUGGESTION);
                ui.painter()
                    .galley(tag.min + vec2(1.0, 1.0), galley, Color32::WHITE);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn paint_gutter(
        &self,
        ui: &Ui,
        left: f32,
        top: f32,
        row: f32,
        line: usize,
        noise: Option<&crate::model::NoiseLine>,
        session: &Session,
    ) {
        let painter = ui.painter();
        let visuals = ui.visuals();
        let small = FontId::monospace((self.text_size * 0.8).max(9.0));
        painter.text(
            pos2(left + self.gutter.number - 8.0, top + row / 2.0),
            Align2::RIGHT_CENTER,
            (line + 1).to_string(),
            small.clone(),
            visuals.weak_text_color(),
        );
        let cell = Rect::from_min_size(
            pos2(left + self.gutter.number, top + 1.0),
            vec2(self.gutter.noise - 8.0, row - 2.0),
        );
        if noise.is_none()
            && let Some((category, score, current)) = noise_suggestion(session, line)
        {
            if current {
                painter.rect_stroke(
                    cell,
                    3.0,
                    Stroke::new(2.5, style::SUGGESTION),
                    egui::StrokeKind::Inside,
                );
            } else {
                dashed_rect(ui, cell.shrink(1.0), Stroke::new(1.2, style::SUGGESTION));
            }
            let score = score.map_or(String::new(), |s| format!(" {s:.2}"));
            painter.with_clip_rect(cell.shrink(1.0)).text(
                cell.left_center() + vec2(4.0, 0.0),
                Align2::LEFT_CENTER,
                format!("{category}?{score}"),
                small.clone(),
                style::SUGGESTION,
            );
        }
        if let Some(n) = noise {
            let colour = session
                .project()
                .schema
                .noise_categories
                .iter()
                .find(|c| c.name == n.category)
                .and_then(|c| c.rgb())
                .map_or(Color32::GRAY, |[r, g, b]| Color32::from_rgb(r, g, b));
            let selected = session.selected() == Some(&Selected::Noise(line));
            painter.rect_filled(
                cell,
                3.0,
                style::tint(colour, if selected { 120 } else { 60 }, visuals.dark_mode),
            );
            // Clipped to its cell: a long category never runs into the text.
            painter.with_clip_rect(cell.shrink(1.0)).text(
                cell.left_center() + vec2(4.0, 0.0),
                Align2::LEFT_CENTER,
                &n.category,
                small,
                visuals.strong_text_color(),
            );
        }
    }
}

/// A pending noise-line suggestion on `line`: its category, score, and whether it is the
/// current suggestion.
fn noise_suggestion(session: &Session, line: usize) -> Option<(String, Option<f64>, bool)> {
    let review = session.review()?;
    let bytes = session.document().text.line_range(line)?;
    review.touching(bytes).find_map(|i| {
        let s = &review.suggestions[i];
        let here = s.item == crate::model::review::Suggested::Noise(line);
        if !here || !review.states[i].is_pending() {
            return None;
        }
        let category = s.label.strip_prefix("noise line: ").unwrap_or(&s.label);
        Some((category.to_string(), s.score, review.current == Some(i)))
    })
}

/// Find results on a line: a frame around each match (the current one thicker), over the
/// text, so the annotations' colours under them stay visible.
pub(super) fn paint_found(
    ui: &Ui,
    galley: &Galley,
    pos: Pos2,
    bytes: Range<usize>,
    session: &Session,
) {
    let find = session.find();
    // The matches are sorted: only those overlapping this line are looked at.
    let first = find.matches.partition_point(|f| f.end <= bytes.start);
    for (i, m) in find.matches[first..]
        .iter()
        .enumerate()
        .take_while(|(_, m)| m.start < bytes.end)
    {
        let current = find.current == Some(first + i);
        let stroke = if current {
            Stroke::new(2.5, style::FIND_CURRENT)
        } else {
            Stroke::new(1.5, style::FIND)
        };
        for rect in span_rects(galley, pos, bytes.clone(), m.clone()) {
            ui.painter()
                .rect_stroke(rect.expand(2.0), 3.0, stroke, egui::StrokeKind::Outside);
        }
    }
}
