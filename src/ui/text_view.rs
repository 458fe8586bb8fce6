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
use egui::{Align2, Color32, FontId, Galley, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};

use super::session::{Selected, Session};
use super::style;
use crate::model::Layer;
use crate::model::review::SuggestionKind;

/// What a click or drag in the view asks of the window, beyond selecting text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewAction {
    /// Toggle noise on these lines (gutter click; shift-click for a range).
    ToggleNoise(Range<usize>),
    /// Set the category of a noise line (gutter menu).
    NoiseCategory(usize, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    Quote,
    Mention,
    Cue,
}

/// One annotation span as the view draws it: bytes of the text, and what it is. It holds
/// positions in the layer, not copies: what a click selects and what hovering shows are
/// derived when needed, so rebuilding the marks after an edit stays cheap.
#[derive(Debug, Clone)]
struct Mark {
    bytes: Range<usize>,
    kind: MarkKind,
    colour: Color32,
    owner: Owner,
}

/// Where a mark's annotation is in the layer.
#[derive(Debug, Clone, Copy)]
enum Owner {
    Mention { speaker: u32, mention: u32 },
    Quote(u32),
}

impl Mark {
    /// What clicking it selects.
    fn select(&self, layer: &Layer) -> Selected {
        match self.owner {
            Owner::Mention { speaker, mention } => {
                let s = &layer.speakers[speaker as usize];
                Selected::Mention {
                    speaker: s.id.clone(),
                    span: s.mentions[mention as usize].clone(),
                }
            }
            Owner::Quote(q) => Selected::Quote(layer.quotes[q as usize].id.clone()),
        }
    }

    /// True if `selected` is this mark's annotation (or, for a mention, its speaker).
    fn is(&self, selected: Option<&Selected>, layer: &Layer) -> bool {
        match (self.owner, selected) {
            (Owner::Quote(q), Some(Selected::Quote(id))) => &layer.quotes[q as usize].id == id,
            (
                Owner::Mention { speaker, mention },
                Some(Selected::Mention { speaker: id, span }),
            ) => {
                let s = &layer.speakers[speaker as usize];
                &s.id == id && &s.mentions[mention as usize] == span
            }
            (Owner::Mention { speaker, .. }, Some(Selected::Speaker(id))) => {
                &layer.speakers[speaker as usize].id == id
            }
            _ => false,
        }
    }

    /// Shown when hovering.
    fn tooltip(&self, layer: &Layer) -> String {
        match self.owner {
            Owner::Mention { speaker, .. } => {
                let s = &layer.speakers[speaker as usize];
                format!("Mention of {} ({}, {})", s.name, s.kind, s.id)
            }
            Owner::Quote(q) => {
                let q = &layer.quotes[q as usize];
                let who = q
                    .speaker
                    .as_deref()
                    .and_then(|id| layer.speaker(id))
                    .map_or("no speaker yet", |s| s.name.as_str());
                let cue = q.cue.as_ref().map_or("no cue".to_string(), |c| {
                    format!("cue \u{201c}{}\u{201d}", c.text)
                });
                match self.kind {
                    MarkKind::Cue => format!("Cue of quote {} ({who})", q.id),
                    _ => format!("Quote {} ({}): {who}, {cue}", q.id, q.kind),
                }
            }
        }
    }
}

/// The marks of one layer of one document, indexed by line.
struct Marks {
    key: (usize, u64, String),
    marks: Vec<Mark>,
    /// Marks of line `l`: `by_line[line_start[l]..line_start[l + 1]]`.
    line_start: Vec<u32>,
    by_line: Vec<u32>,
}

impl Marks {
    fn build(session: &Session) -> Marks {
        let doc = session.document();
        let text = &doc.text;
        let layer = session.layer();
        // First every span with what it will be, then all offsets converted in one
        // sorted sweep (a layer's spans are in scattered order).
        let mut wanted: Vec<(Range<usize>, MarkKind, Color32, Owner)> = Vec::new();
        for (i, speaker) in layer.speakers.iter().enumerate() {
            let colour = style::speaker_colour(i);
            for (j, m) in speaker
                .mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| !m.orphaned)
            {
                let owner = Owner::Mention {
                    speaker: i as u32,
                    mention: j as u32,
                };
                wanted.push((m.start..m.end, MarkKind::Mention, colour, owner));
            }
        }
        let speaker_index: std::collections::HashMap<&str, usize> = layer
            .speakers
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        for (i, q) in layer.quotes.iter().enumerate() {
            let speaker = q
                .speaker
                .as_deref()
                .and_then(|id| speaker_index.get(id).copied());
            let colour = speaker.map_or(style::NO_SPEAKER, style::speaker_colour);
            let owner = Owner::Quote(i as u32);
            for c in q.content.iter().filter(|c| !c.orphaned) {
                wanted.push((c.start..c.end, MarkKind::Quote, colour, owner));
            }
            if let Some(c) = q.cue.as_ref().filter(|c| !c.orphaned) {
                wanted.push((c.start..c.end, MarkKind::Cue, colour, owner));
            }
        }
        let chars: Vec<Range<usize>> = wanted.iter().map(|w| w.0.clone()).collect();
        let marks: Vec<Mark> = wanted
            .into_iter()
            .zip(text.char_ranges_to_bytes(&chars))
            .filter_map(|((_, kind, colour, owner), bytes)| {
                Some(Mark {
                    bytes: bytes?,
                    kind,
                    colour,
                    owner,
                })
            })
            .collect();
        // In text order, so the line lookups below walk forward through the line index.
        let mut marks = marks;
        marks.sort_unstable_by_key(|m| m.bytes.start);
        // Index by line: each mark under every line it touches.
        let lines = text.line_count();
        let mut counts = vec![0u32; lines + 1];
        let line_range = |m: &Mark| {
            let first = text.line_of_byte(m.bytes.start);
            let last = text.line_of_byte(m.bytes.end.saturating_sub(1).max(m.bytes.start));
            first..last + 1
        };
        for m in &marks {
            for l in line_range(m) {
                counts[l + 1] += 1;
            }
        }
        for l in 0..lines {
            counts[l + 1] += counts[l];
        }
        let mut fill = counts.clone();
        let mut by_line = vec![0u32; counts[lines] as usize];
        for (i, m) in marks.iter().enumerate() {
            for l in line_range(m) {
                by_line[fill[l] as usize] = i as u32;
                fill[l] += 1;
            }
        }
        Marks {
            key: (session.doc, session.revision, session.layer.clone()),
            marks,
            line_start: counts,
            by_line,
        }
    }

    fn on_line(&self, line: usize) -> impl Iterator<Item = &Mark> {
        let ids = &self.by_line[self.line_start[line] as usize..self.line_start[line + 1] as usize];
        ids.iter().map(|&i| &self.marks[i as usize])
    }
}

/// Line heights (estimated, then measured) and their prefix sums.
#[derive(Default)]
struct Heights {
    key: (usize, u32, u32),
    heights: Vec<f32>,
    /// `top[l]` is where line `l` starts; `top[lines]` is the total height.
    top: Vec<f32>,
    stale: bool,
}

impl Heights {
    fn reset(&mut self, key: (usize, u32, u32), session: &Session, row: f32, chars_per_row: f32) {
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

    fn refresh(&mut self) {
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

    fn line_at(&self, y: f32) -> usize {
        self.top
            .partition_point(|&t| t <= y)
            .saturating_sub(1)
            .min(self.heights.len().saturating_sub(1))
    }
}

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
    /// Bring this byte offset into view on the next frame.
    pub scroll_to: Option<usize>,
    /// Byte ranges to highlight as find results; `found` is the current one.
    pub found: Vec<Range<usize>>,
    pub current_find: Option<usize>,
    /// Text size in points.
    pub text_size: f32,
}

const GUTTER_NUMBER: f32 = 48.0;
const GUTTER_NOISE: f32 = 92.0;

/// The screen rectangles of `span` (bytes) on a laid-out line (bytes `line`), one per row.
pub(super) fn span_rects(
    galley: &Galley,
    pos: Pos2,
    line: Range<usize>,
    span: Range<usize>,
) -> Vec<Rect> {
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

/// A pending noise-line suggestion on `line`: its category, score, and whether it is the
/// current suggestion.
fn noise_suggestion(session: &Session, line: usize) -> Option<(String, Option<f64>, bool)> {
    let review = session.review.as_ref()?;
    let bytes = session.document().text.line_range(line)?;
    review.touching(bytes).find_map(|i| {
        let s = &review.suggestions[i];
        let here = s.item == crate::model::review::Suggested::Noise(line);
        if !here || session.decision(s).is_some() {
            return None;
        }
        let category = s.label.strip_prefix("noise line: ").unwrap_or(&s.label);
        Some((category.to_string(), s.score, review.current == Some(i)))
    })
}

fn dashed_rect(ui: &Ui, rect: Rect, stroke: Stroke) {
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

impl TextView {
    pub fn new(text_size: f32) -> Self {
        TextView {
            text_size,
            ..Default::default()
        }
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
        Some(pos2(v.origin.x - GUTTER_NOISE / 2.0, v.origin.y + 6.0))
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
    pub fn show(&mut self, ui: &mut Ui, session: &mut Session) -> Vec<ViewAction> {
        let mut actions = Vec::new();
        let key = (session.doc, session.revision, session.layer.clone());
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
        let text_width = (ui.available_width() - GUTTER_NUMBER - GUTTER_NOISE - bar - 8.0)
            .max(120.0)
            .floor();
        let heights_key = (
            session.doc,
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
            .id_salt(("article", session.doc))
            .auto_shrink([false, false])
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible);
        if let Some(at) = self.scroll_to.take() {
            let line = session.document().text.line_of_byte(at);
            let y = (self.heights.top[line] - 120.0).max(0.0);
            scroll = scroll.vertical_scroll_offset(y);
        }
        let visuals = ui.visuals().clone();
        let mut measured_changed = false;
        let output = scroll.show_viewport(ui, |ui, viewport| {
            let total = *self.heights.top.last().unwrap_or(&0.0);
            let origin = ui.max_rect().min;
            let full = Rect::from_min_size(
                origin,
                vec2(ui.available_width(), total.max(viewport.height())),
            );
            let response = ui.allocate_rect(full, Sense::click_and_drag());
            let doc = session.document();
            let text = &doc.text;
            let layer = session.layer();
            let selection = session.selection_range();
            let text_left = origin.x + GUTTER_NUMBER + GUTTER_NOISE;
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
                measured_changed = true;
            }
            self.heights.refresh();
            self.visible.clear();
            for (line, bytes, galley) in laid_out {
                let top = origin.y + self.heights.top[line];
                let pos = pos2(text_left, top);
                self.paint_quote_borders(ui, &galley, pos, line, bytes.clone(), session);
                ui.painter()
                    .galley(pos, galley.clone(), visuals.text_color());
                self.paint_suggestions(ui, &galley, pos, bytes.clone(), session);
                super::compare_view::paint_differences(
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
        if measured_changed {
            // The scroll extent follows the new total on the next frame.
            ui.ctx().request_repaint();
        }
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
        // Find results are sorted: only those overlapping this line are looked at.
        let first_found = self.found.partition_point(|f| f.end <= bytes.start);
        let found: Vec<(Range<usize>, bool)> = self.found[first_found..]
            .iter()
            .enumerate()
            .take_while(|(_, f)| f.start < bytes.end)
            .map(|(i, f)| (clip(f), Some(first_found + i) == self.current_find))
            .collect();
        cuts.extend(found.iter().flat_map(|(r, _)| [r.start, r.end]));
        cuts.sort_unstable();
        cuts.dedup();
        let base = if noise {
            visuals.weak_text_color()
        } else {
            visuals.text_color()
        };
        let mut job = LayoutJob::default();
        job.wrap.max_width = width;
        let selected = session.selected.as_ref();
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
                        format.underline = Stroke::new(if chosen { 3.0 } else { 2.0 }, m.colour)
                    }
                }
            }
            for (r, current) in &found {
                if covers(r.clone()) {
                    format.background = if *current {
                        style::FIND_CURRENT
                    } else {
                        style::FIND
                    };
                    format.color = Color32::BLACK;
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

    /// Draws a thin frame in the speaker's colour around each row of each quote fragment.
    fn paint_quote_borders(
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
            let chosen = m.is(session.selected.as_ref(), session.layer());
            let stroke = Stroke::new(if chosen { 2.0 } else { 1.0 }, m.colour);
            for rect in span_rects(galley, pos, bytes.clone(), m.bytes.clone()) {
                ui.painter()
                    .rect_stroke(rect.expand(1.0), 2.0, stroke, egui::StrokeKind::Outside);
            }
        }
    }

    /// Draws the reviewed layer's suggestions on a line: pending ones dashed, the current
    /// one solid with its score. Accepted ones are the annotator's own by now; rejected
    /// ones are gone from view.
    fn paint_suggestions(
        &self,
        ui: &Ui,
        galley: &Galley,
        pos: Pos2,
        bytes: Range<usize>,
        session: &Session,
    ) {
        let Some(review) = &session.review else {
            return;
        };
        for i in review.touching(bytes.clone()) {
            let s = &review.suggestions[i];
            if s.kind == SuggestionKind::Noise || session.decision(s).is_some() {
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
    fn paint_gutter(
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
            pos2(left + GUTTER_NUMBER - 8.0, top + row / 2.0),
            Align2::RIGHT_CENTER,
            (line + 1).to_string(),
            small.clone(),
            visuals.weak_text_color(),
        );
        let cell = Rect::from_min_size(
            pos2(left + GUTTER_NUMBER, top + 1.0),
            vec2(GUTTER_NOISE - 8.0, row - 2.0),
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
                .project
                .schema
                .noise_categories
                .iter()
                .find(|c| c.name == n.category)
                .and_then(|c| c.rgb())
                .map_or(Color32::GRAY, |[r, g, b]| Color32::from_rgb(r, g, b));
            let selected = session.selected == Some(Selected::Noise(line));
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

    fn handle_pointer(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        session: &mut Session,
        actions: &mut Vec<ViewAction>,
        left: f32,
    ) {
        let precise = ui.input(|i| i.modifiers.alt);
        if ui.input(|i| i.pointer.any_pressed()) {
            self.press_pos = ui.input(|i| i.pointer.interact_pos());
        }
        let pos = response
            .interact_pointer_pos()
            .or(response.hover_pos())
            .or(self.press_pos);
        let in_gutter = pos.is_some_and(|p| p.x < left + GUTTER_NUMBER + GUTTER_NOISE);
        let line_at = |p: Pos2| {
            self.visible
                .iter()
                .find(|v| p.y < v.origin.y + v.galley.size().y.max(1.0))
                .map(|v| v.line)
        };

        if in_gutter {
            if response.clicked()
                && let Some(line) = self.press_pos.or(pos).and_then(line_at)
            {
                let shift = ui.input(|i| i.modifiers.shift);
                let range = match (shift, self.last_gutter_line) {
                    (true, Some(last)) => last.min(line)..last.max(line) + 1,
                    _ => line..line + 1,
                };
                self.last_gutter_line = Some(line);
                actions.push(ViewAction::ToggleNoise(range));
            }
            if let Some(line) = pos.and_then(line_at)
                && session.layer().noise_line(line).is_some()
            {
                let categories: Vec<String> = session
                    .project
                    .schema
                    .noise_categories
                    .iter()
                    .map(|c| c.name.clone())
                    .collect();
                response.context_menu(|ui| {
                    ui.label(format!("Line {} is noise:", line + 1));
                    for c in categories {
                        if ui.button(&c).clicked() {
                            actions.push(ViewAction::NoiseCategory(line, c));
                            ui.close();
                        }
                    }
                });
            }
            return;
        }
        // The anchor is where the button went down: egui reports the drag only once the
        // pointer has moved on.
        if response.drag_started()
            && let Some(c) = self.press_pos.or(pos).and_then(|p| self.char_at(p))
        {
            self.drag_anchor = Some(c);
        }
        // Whole characters under the pointer at both ends, then snapped to words.
        if response.dragged()
            && let (Some(anchor), Some(head)) =
                (self.drag_anchor.clone(), pos.and_then(|p| self.char_at(p)))
        {
            if head.start >= anchor.start {
                session.select(anchor.start, head.end, precise);
            } else {
                session.select(anchor.end, head.start, precise);
            }
        }
        // The release point ends the drag, even when the last move came just before it.
        if response.drag_stopped()
            && let (Some(anchor), Some(head)) = (
                self.drag_anchor.take(),
                ui.input(|i| i.pointer.latest_pos())
                    .and_then(|p| self.char_at(p)),
            )
        {
            if head.start >= anchor.start {
                session.select(anchor.start, head.end, precise);
            } else {
                session.select(anchor.end, head.start, precise);
            }
        }
        if response.double_clicked() {
            if let Some(at) = pos.and_then(|p| self.byte_at(p)) {
                session.select_word(at);
            }
        } else if response.clicked()
            && let Some(p) = self.press_pos.or(pos)
            && let Some(at) = self.byte_at(p)
        {
            let line = session.document().text.line_of_byte(at);
            // Clicking plain text only moves the caret: the selected annotation stays, so
            // its cue can be picked next (Esc deselects).
            match self.mark_at(at, line) {
                Some(m) => {
                    session.selected = Some(m.select(session.layer()));
                    session.selection = None;
                }
                None => session.selection = Some((at, at)),
            }
        }
        if let Some(p) = response.hover_pos()
            && self.drag_anchor.is_none()
            && let Some(at) = self.byte_at(p)
        {
            let line = session.document().text.line_of_byte(at);
            if let Some(m) = self.mark_at(at, line) {
                let tip = m.tooltip(session.layer());
                response.clone().on_hover_ui_at_pointer(|ui| {
                    ui.label(tip);
                });
            }
        }
    }
}
