//! The article view: line numbers, a noise gutter, and the text with its annotations.
//!
//! Only the lines in view are laid out, one small job per line (see NOTES.md: one job for
//! a whole long article does not scale). Line heights start as estimates from their
//! length and are replaced by measured ones as lines come into view; a prefix sum gives
//! each line's position. What the view shows of the annotations (`Marks`) is derived
//! from the layer and rebuilt only when the session's revision changes.

use std::ops::Range;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Galley, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};

mod compare;
mod geometry;
mod heights;
mod marks;
mod paint;
mod pointer;
mod scroll;

pub use compare::layer_colour;
use heights::Heights;
use marks::{Mark, MarkKind, Marks};
use scroll::Scroller;
pub use scroll::{SMOOTH_FRAMES, Scroll};

use super::style;
use crate::session::{Action, Session};

/// The longest line of running text, in average characters: lines longer than this are
/// hard to follow from one end to the next.
const MEASURE: f32 = 100.0;

/// A line drawn in the last frame: for hit-testing, and for tests to find text on screen.
struct Visible {
    line: usize,
    bytes: Range<usize>,
    galley: Arc<Galley>,
    origin: Pos2,
}

/// The state of the article view between frames.
#[derive(Default)]
pub struct TextView {
    marks: Option<Marks>,
    heights: Heights,
    visible: Vec<Visible>,
    /// The character (bytes) under the pointer where a drag began.
    drag_anchor: Option<Range<usize>>,
    /// Where the pointer went down: a click is judged on release, when the pointer may
    /// already be gone.
    press_pos: Option<Pos2>,
    last_gutter_line: Option<usize>,
    gutter: Gutter,
    /// Bring this byte offset into view on the next frame (if it is not in view).
    pub scroll_to: Option<usize>,
    /// A click on the text selected an annotation: the scroll that selecting asks for is
    /// not made (what was clicked is in view, and a double-click's second click must find
    /// the text where the first one left it).
    held_scroll: bool,
    /// The quote selected before the last click selected another annotation: a
    /// double-click keeps it (see [`TextView::double_click_action`]).
    quote_before_click: Option<crate::session::Selected>,
    /// The document `visible` shows.
    visible_doc: Option<String>,
    scroller: Scroller,
    /// Scrolls move over a few frames (a setting; off by itself while frames are slow).
    pub smooth: bool,
    /// The article's screen area in the last frame (the wheel over it scrolls it).
    area: Option<Rect>,
    /// Text size in points.
    pub text_size: f32,
}

/// The widths of the gutter's two columns: line numbers, and noise cells (wide enough
/// for the longest noise category). Measured each frame from the text size and schema.
#[derive(Debug, Clone, Copy)]
struct Gutter {
    number: f32,
    noise: f32,
}

impl Default for Gutter {
    fn default() -> Self {
        Gutter {
            number: 48.0,
            noise: 92.0,
        }
    }
}

impl Gutter {
    fn width(self) -> f32 {
        self.number + self.noise
    }

    /// Wide enough for the last line's number and the longest category, in the gutter's
    /// font at `text_size`.
    fn measure(ui: &Ui, text_size: f32, lines: usize, categories: &[crate::model::Label]) -> Self {
        let small = FontId::monospace((text_size * 0.8).max(9.0));
        let width = |s: &str| {
            ui.painter()
                .layout_no_wrap(s.to_string(), small.clone(), Color32::WHITE)
                .size()
                .x
        };
        let digits = lines.max(1).to_string().len().max(2);
        let longest = categories
            .iter()
            .map(|c| width(&c.name))
            .fold(width("noise"), f32::max);
        Gutter {
            number: (width(&"8".repeat(digits)) + 14.0).ceil(),
            noise: (longest + 20.0).ceil(),
        }
    }
}

impl TextView {
    pub fn new(text_size: f32) -> Self {
        TextView {
            text_size,
            smooth: true,
            ..Default::default()
        }
    }

    /// Scrolls the article (from the next frame on), smoothly if that is on.
    pub fn scroll(&mut self, scroll: Scroll) {
        self.scroll_with(scroll, true);
    }

    /// Scrolls the article, smoothly only if `smooth` and smooth scrolling are on.
    pub fn scroll_with(&mut self, scroll: Scroll, smooth: bool) {
        self.scroller.start(scroll, smooth && self.smooth);
    }

    /// Whether a scroll is under way (it moves again in the next frame).
    pub fn is_scrolling(&self) -> bool {
        self.scroller.is_moving()
    }

    /// How far the article is scrolled, in points, as last drawn.
    pub fn offset(&self) -> f32 {
        self.scroller.offset
    }

    /// Whether `pos` is over the article's text area (not its gutter or scroll bar).
    pub fn is_over_text(&self, pos: Pos2) -> bool {
        self.area.is_some_and(|area| {
            Rect::from_min_max(
                pos2(area.left() + self.gutter.width(), area.top()),
                area.right_bottom(),
            )
            .contains(pos)
        })
    }

    /// Whether `pos` is over the article and nothing there reacts to the pointer: plain
    /// text, no annotation (whose tooltip would show) and no drag under way.
    pub fn is_plain_text(&self, pos: Pos2) -> bool {
        if self.drag_anchor.is_some() || !self.is_over_text(pos) {
            return false;
        }
        let Some(at) = self.byte_at(pos) else {
            return true;
        };
        let Some(v) = self
            .visible
            .iter()
            .find(|v| v.bytes.start <= at && at <= v.bytes.end)
        else {
            return true;
        };
        self.mark_at(at, v.line).is_none()
    }

    /// The screen position of the middle of the character at byte `at`, if it is drawn.
    pub fn screen_pos(&self, at: usize) -> Option<Pos2> {
        let v = self
            .visible
            .iter()
            .find(|v| v.bytes.start <= at && at < v.bytes.end)?;
        let s = &v.galley.job.text;
        let char_index = s[..at - v.bytes.start].chars().count();
        let left = v
            .galley
            .pos_from_cursor(egui::text::CCursor::new(char_index));
        let right = v.galley.pos_from_cursor(egui::text::CCursor {
            index: egui::text::CharIndex(char_index + 1),
            prefer_next_row: false,
        });
        // The next cursor may sit on the next row when the character ends a row.
        let x = if (right.center().y - left.center().y).abs() < 1.0 {
            (left.center().x + right.center().x) / 2.0
        } else {
            left.center().x + 2.0
        };
        Some(v.origin + vec2(x, left.center().y))
    }

    /// Whether the character at byte `at` was drawn whole inside the article's area in the
    /// last frame.
    fn in_view(&self, at: usize) -> bool {
        let (Some(area), Some(v)) = (
            self.area,
            self.visible
                .iter()
                .find(|v| v.bytes.start <= at && at <= v.bytes.end),
        ) else {
            return false;
        };
        let next = v.galley.job.text[at - v.bytes.start..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        let rect = geometry::span_rects(&v.galley, v.origin, v.bytes.clone(), at..at + next)
            .into_iter()
            .next()
            .unwrap_or_else(|| Rect::from_min_size(v.origin, v.galley.size()));
        area.top() <= rect.top() && rect.bottom() <= area.bottom()
    }

    /// Where a popup about the selection goes: just below its end, if it is drawn.
    pub fn below_selection(&self, session: &Session) -> Option<Pos2> {
        let end = session.selection_range().map(|r| r.end).or_else(|| {
            let q = session.selected_quote()?;
            session.document().text.char_to_byte(q.content.last()?.end)
        })?;
        let v = self
            .visible
            .iter()
            .find(|v| v.bytes.start <= end && end <= v.bytes.end)?;
        let s = &v.galley.job.text;
        let rect = v.galley.pos_from_cursor(egui::text::CCursor::new(
            s[..end - v.bytes.start].chars().count(),
        ));
        Some(v.origin + vec2(rect.left(), rect.bottom() + 6.0))
    }

    /// The screen rectangle of line `line`'s gutter, if it is drawn.
    pub fn gutter_pos(&self, line: usize) -> Option<Pos2> {
        let v = self.visible.iter().find(|v| v.line == line)?;
        Some(pos2(v.origin.x - self.gutter.noise / 2.0, v.origin.y + 6.0))
    }

    /// The character under a screen position (its bytes; empty past a line's end).
    pub fn char_at(&self, pos: Pos2) -> Option<Range<usize>> {
        let at = self.byte_at(pos)?;
        let v = self
            .visible
            .iter()
            .find(|v| v.bytes.start <= at && at <= v.bytes.end)?;
        let s = &v.galley.job.text;
        let local = at - v.bytes.start;
        let index = s[..local].chars().count();
        let x = v
            .galley
            .pos_from_cursor(egui::text::CCursor::new(index))
            .center()
            .x
            + v.origin.x;
        // The nearest boundary is right of the pointer: the character under it is the one
        // before.
        if pos.x < x && local > 0 {
            let c = s[..local].chars().next_back().expect("not at the start");
            return Some(at - c.len_utf8()..at);
        }
        match s[local..].chars().next() {
            Some(c) => Some(at..at + c.len_utf8()),
            None => Some(at..at),
        }
    }

    /// The character boundary nearest a screen position, among the lines drawn.
    pub fn byte_at(&self, pos: Pos2) -> Option<usize> {
        let v = self
            .visible
            .iter()
            .find(|v| pos.y < v.origin.y + v.galley.size().y)
            .or(self.visible.last())?;
        if pos.y < v.origin.y && v.line == self.visible.first()?.line {
            return Some(v.bytes.start);
        }
        let cursor = v.galley.cursor_from_pos(pos - v.origin);
        let s = &v.galley.job.text;
        let local = s
            .char_indices()
            .nth(cursor.index.0)
            .map_or(s.len(), |(i, _)| i);
        Some(v.bytes.start + local)
    }

    /// The innermost annotation at byte `at`: a mention or cue before the quote around it.
    fn mark_at(&self, at: usize, line: usize) -> Option<&Mark> {
        let marks = self.marks.as_ref()?;
        marks
            .on_line(line)
            .filter(|m| m.bytes.start <= at && at < m.bytes.end)
            .min_by_key(|m| (m.kind == MarkKind::Quote, m.bytes.len()))
    }

    /// Draws the view of the session's current document and handles pointer input.
    pub fn show(&mut self, ui: &mut Ui, session: &Session) -> Vec<Action> {
        let mut actions = Vec::new();
        let key = (
            session.doc_index(),
            session.revision(),
            session.layer_name().to_string(),
        );
        if self.marks.as_ref().is_none_or(|m| m.key != key) {
            self.marks = Some(Marks::build(session));
        }
        let font = FontId::proportional(self.text_size);
        let row = ui.painter().fonts_mut(|f| f.row_height(&font));
        // The average width of a character of running text, for estimating wrapped heights.
        const SAMPLE: &str = "The outcome of any talks on Syria must not be predetermined, 2012.";
        let char_width = ui
            .painter()
            .layout_no_wrap(SAMPLE.into(), font.clone(), Color32::WHITE)
            .size()
            .x
            / SAMPLE.len() as f32;
        let bar = ui.spacing().scroll.bar_width
            + ui.spacing().scroll.bar_outer_margin
            + ui.spacing().scroll.bar_inner_margin;
        self.gutter = Gutter::measure(
            ui,
            self.text_size,
            session.document().text.line_count(),
            &session.project().schema.noise_categories,
        );
        // The text uses the pane, up to a comfortable measure that grows with the font.
        let text_width = (ui.available_width() - self.gutter.width() - bar - 8.0)
            .min(MEASURE * char_width)
            .max(120.0)
            .floor();
        let heights_key = (
            session.doc_index(),
            text_width as u32,
            (self.text_size * 10.0) as u32,
        );
        if self.heights.key != heights_key
            || self.heights.heights.len() != session.document().text.line_count()
        {
            self.heights.reset(
                heights_key,
                session,
                row,
                (text_width / char_width).max(8.0),
            );
        }
        self.heights.refresh();

        // The bar is always shown: a bar that comes and goes would change the width, the
        // wrapping, the heights, and the bar again.
        let mut scroll = egui::ScrollArea::vertical()
            // Per project and document: egui keeps the offset between runs.
            .id_salt(("article", session.root(), &session.document().id))
            .auto_shrink([false, false])
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible);
        if let Some(at) = self.scroll_to.take()
            && !std::mem::take(&mut self.held_scroll)
            && !(self.visible_doc.as_ref() == Some(&session.document().id) && self.in_view(at))
        {
            let line = session.document().text.line_of_byte(at);
            let y = (self.heights.top[line] - 120.0).max(0.0);
            scroll = scroll.vertical_scroll_offset(y);
            self.scroller.cancel();
        } else if let Some((y, more)) = self
            .scroller
            .step(self.scroller.offset, std::time::Instant::now())
        {
            scroll = scroll.vertical_scroll_offset(y);
            if more {
                // Not `request_repaint`: egui answers that with two frames, not one.
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(1));
            }
        }
        let visuals = ui.visuals().clone();
        let output = scroll.show_viewport(ui, |ui, viewport| {
            let total = *self.heights.top.last().unwrap_or(&0.0);
            let origin = ui.max_rect().min;
            let full = Rect::from_min_size(
                origin,
                vec2(ui.available_width(), total.max(viewport.height())),
            );
            let doc = session.document();
            let text = &doc.text;
            let layer = session.layer();
            let selection = session.selection_range();
            let text_left = origin.x + self.gutter.width();
            // Lay out the lines in view; if their measured heights differ from what was
            // assumed, place them again at once, so nothing jumps a frame later.
            let mut laid_out: Vec<(usize, Range<usize>, Arc<Galley>)> = Vec::new();
            for _pass in 0..2 {
                self.heights.refresh();
                laid_out.clear();
                let mut line = self.heights.line_at(viewport.min.y);
                let mut changed = false;
                while line < text.line_count() && self.heights.top[line] <= viewport.max.y {
                    let bytes = text.line_range(line).expect("line exists");
                    let noise = layer.noise_line(line).is_some();
                    let job = self.line_job(
                        text.as_str(),
                        bytes.clone(),
                        line,
                        noise,
                        selection.clone(),
                        session,
                        &visuals,
                        &font,
                        text_width,
                    );
                    let galley = ui.painter().layout_job(job);
                    let height = galley.size().y.max(row);
                    if (height - self.heights.heights[line]).abs() > 0.5 {
                        self.heights.heights[line] = height;
                        self.heights.stale = true;
                        changed = true;
                    }
                    laid_out.push((line, bytes, galley));
                    line += 1;
                }
                if !changed {
                    break;
                }
            }
            // Allocated once the lines in view are measured, so the scroll extent is right
            // in this frame and no second frame is needed to settle it.
            self.heights.refresh();
            let total = *self.heights.top.last().unwrap_or(&0.0);
            let full =
                Rect::from_min_size(origin, vec2(full.width(), total.max(viewport.height())));
            let response = ui.allocate_rect(full, Sense::click_and_drag());
            self.visible.clear();
            self.visible_doc = Some(doc.id.clone());
            for (line, bytes, galley) in laid_out {
                let top = origin.y + self.heights.top[line];
                let pos = pos2(text_left, top);
                self.paint_quote_borders(ui, &galley, pos, line, bytes.clone(), session);
                ui.painter()
                    .galley(pos, galley.clone(), visuals.text_color());
                self.paint_suggestions(ui, &galley, pos, bytes.clone(), session);
                paint::paint_found(ui, &galley, pos, bytes.clone(), session);
                compare::paint_differences(
                    ui,
                    &galley,
                    pos,
                    bytes.clone(),
                    session,
                    self.text_size,
                );
                self.paint_gutter(
                    ui,
                    origin.x,
                    top,
                    row,
                    line,
                    layer.noise_line(line),
                    session,
                );
                self.visible.push(Visible {
                    line,
                    bytes,
                    galley,
                    origin: pos,
                });
            }
            self.handle_pointer(ui, &response, session, &mut actions, origin.x);
        });
        self.area = Some(output.inner_rect);
        self.scroller.offset = output.state.clamped_offset().y;
        self.scroller.height = output.inner_rect.height();
        self.scroller.total = output.content_size.y;
        self.scroller.row = row;
        // Dragging past the edge scrolls.
        if self.drag_anchor.is_some()
            && let Some(pos) = ui.input(|i| i.pointer.interact_pos())
        {
            let area = output.inner_rect;
            let delta = if pos.y < area.top() {
                (area.top() - pos.y).min(40.0)
            } else if pos.y > area.bottom() {
                -(pos.y - area.bottom()).min(40.0)
            } else {
                0.0
            };
            if delta != 0.0 {
                ui.scroll_with_delta(vec2(0.0, delta));
                ui.ctx().request_repaint();
            }
        }
        actions
    }

    #[allow(clippy::too_many_arguments)]
    fn line_job(
        &self,
        text: &str,
        bytes: Range<usize>,
        line: usize,
        noise: bool,
        selection: Option<Range<usize>>,
        session: &Session,
        visuals: &egui::Visuals,
        font: &FontId,
        width: f32,
    ) -> LayoutJob {
        let s = &text[bytes.clone()];
        let marks: Vec<&Mark> = self
            .marks
            .as_ref()
            .map(|m| m.on_line(line).collect())
            .unwrap_or_default();
        let clip = |r: &Range<usize>| {
            r.start.clamp(bytes.start, bytes.end) - bytes.start
                ..r.end.clamp(bytes.start, bytes.end) - bytes.start
        };
        let mut cuts = vec![0, s.len()];
        for m in &marks {
            let r = clip(&m.bytes);
            cuts.extend([r.start, r.end]);
        }
        let sel = selection.as_ref().map(&clip).filter(|r| !r.is_empty());
        cuts.extend(sel.iter().flat_map(|r| [r.start, r.end]));
        cuts.sort_unstable();
        cuts.dedup();
        let base = if noise {
            visuals.weak_text_color()
        } else {
            visuals.text_color()
        };
        let mut job = LayoutJob::default();
        job.wrap.max_width = width;
        let selected = session.selected();
        let layer = session.layer();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a == b || !s.is_char_boundary(a) || !s.is_char_boundary(b) {
                continue;
            }
            let mut format = TextFormat {
                font_id: font.clone(),
                color: base,
                ..Default::default()
            };
            let covers = |r: Range<usize>| r.start <= a && b <= r.end;
            for m in marks.iter().filter(|m| covers(clip(&m.bytes))) {
                let chosen = m.is(selected, layer);
                match m.kind {
                    MarkKind::Quote if format.background == Color32::TRANSPARENT => {
                        format.background =
                            style::tint(m.colour, if chosen { 70 } else { 34 }, visuals.dark_mode);
                    }
                    MarkKind::Quote => {}
                    MarkKind::Mention => {
                        format.background =
                            style::tint(m.colour, if chosen { 160 } else { 95 }, visuals.dark_mode);
                        format.color = visuals.strong_text_color();
                    }
                    MarkKind::Cue => {
                        let colour = style::line_colour(m.colour, visuals.dark_mode);
                        format.underline = Stroke::new(if chosen { 3.0 } else { 2.0 }, colour)
                    }
                }
            }
            if sel.as_ref().is_some_and(|r| covers(r.clone())) {
                format.background = visuals.selection.bg_fill;
                format.color = visuals.selection.stroke.color;
            }
            job.append(&s[a..b], 0.0, format);
        }
        if s.is_empty() {
            job.append(
                "",
                0.0,
                TextFormat {
                    font_id: font.clone(),
                    color: base,
                    ..Default::default()
                },
            );
        }
        job
    }
}
