//! Compare mode in the article: the current difference's versions drawn side by side, each
//! layer's outlined in that layer's colour (nested, so equal spans stay visible) with a
//! tag naming the layer where its version starts.

use std::ops::Range;

use egui::{Color32, FontId, Galley, Pos2, Rect, Stroke, Ui, vec2};

use super::geometry::span_rects;
use crate::adjudicate::Held;
use crate::session::Session;

/// One colour per compared layer, side 1 first (Okabe-Ito: told apart by colour-blind
/// readers too, and unlike the speaker colours).
const LAYERS: [Color32; 6] = [
    Color32::from_rgb(0x00, 0x72, 0xb2),
    Color32::from_rgb(0xd5, 0x5e, 0x00),
    Color32::from_rgb(0x00, 0x9e, 0x73),
    Color32::from_rgb(0xcc, 0x79, 0xa7),
    Color32::from_rgb(0xe6, 0x9f, 0x00),
    Color32::from_rgb(0x56, 0xb4, 0xe9),
];

/// The colour of side `side` (0-based).
pub fn layer_colour(side: usize) -> Color32 {
    LAYERS[side % LAYERS.len()]
}

/// What a side's tag says besides its number and name: a noise category, a stance label.
fn detail(session: &Session, layer: &str, held: &Held) -> String {
    match held {
        Held::Noise(n) => format!(": {}", n.category),
        Held::Stance(id) => session
            .document()
            .layer(layer)
            .and_then(|l| l.stance(id))
            .map_or(String::new(), |s| format!(": {}", s.label)),
        Held::Speaker(id) => session
            .document()
            .layer(layer)
            .and_then(|l| l.speaker(id))
            .map_or(String::new(), |s| {
                format!(": {} ({})", s.name.trim(), s.kind)
            }),
        Held::Mention { .. } | Held::Quote(_) => String::new(),
    }
}

/// Draws the current difference's versions on a laid-out line (bytes `bytes`).
pub fn paint_differences(
    ui: &Ui,
    galley: &Galley,
    pos: Pos2,
    bytes: Range<usize>,
    session: &Session,
    text_size: f32,
) {
    let Some(compare) = session.compare() else {
        return;
    };
    let Some(unit) = compare.current_unit() else {
        return;
    };
    let text = &session.document().text;
    let Some(whole) = text.char_range_to_bytes(unit.chars.clone()) else {
        return;
    };
    if whole.end < bytes.start || whole.start > bytes.end {
        return;
    }
    let font = FontId::proportional((text_size * 0.7).max(9.0));
    let mut next_tag_x = f32::NEG_INFINITY;
    for (side, version) in unit.versions.iter().enumerate() {
        let Some(version) = version else { continue };
        let colour = layer_colour(side);
        let stroke = Stroke::new(2.0, colour);
        let mut starts_here = None;
        // A speaker's tag goes on its first mention only: on all of them it would hide the
        // lines above.
        let tagged = match version.held {
            Held::Speaker(_) => 1,
            _ => version.chars.len(),
        };
        for (k, chars) in version.chars.iter().enumerate() {
            let Some(b) = text.char_range_to_bytes(chars.clone()) else {
                continue;
            };
            let rects = span_rects(galley, pos, bytes.clone(), b.clone());
            for rect in &rects {
                ui.painter().rect_stroke(
                    rect.expand(1.5 + 3.0 * side as f32),
                    2.0,
                    stroke,
                    egui::StrokeKind::Outside,
                );
            }
            if k < tagged && starts_here.is_none() && b.start >= bytes.start {
                starts_here = rects.first().copied();
            }
        }
        let Some(first) = starts_here else { continue };
        // A noise line's tags follow its text (above the first line they would be hidden).
        let first = match &version.held {
            Held::Noise(_) => {
                let line_end = span_rects(galley, pos, bytes.clone(), bytes.clone())
                    .last()
                    .copied()
                    .unwrap_or(first);
                let h = line_end.height();
                Rect::from_min_size(
                    line_end.right_top() + vec2(8.0 + 3.0 * side as f32, h),
                    vec2(0.0, h),
                )
            }
            _ => first,
        };
        let name = &compare.layers[side];
        let label = format!(
            "{} {name}{}",
            side + 1,
            detail(session, name, &version.held)
        );
        let tag_text = ui
            .painter()
            .layout_no_wrap(label, font.clone(), Color32::WHITE);
        let lift = 3.0 * side as f32 + 2.0;
        let x = first.left().max(next_tag_x);
        let at = egui::pos2(x, first.top() - lift - tag_text.size().y);
        let tag = Rect::from_min_size(at, tag_text.size()).expand(1.0);
        ui.painter().rect_filled(tag, 2.0, colour);
        ui.painter()
            .galley(tag.min + vec2(1.0, 1.0), tag_text, Color32::WHITE);
        next_tag_x = tag.right() + 4.0;
    }
}
