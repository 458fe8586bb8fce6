//! Pointer input on the article: dragging selects (snapped to words, Alt for characters),
//! a click or double-click takes a word (the nearest one within a few pixels: short words
//! are hard to hit) or selects the annotation there, a click on blank space places the
//! caret, the gutter toggles noise lines. Each becomes an [`Action`] for the session.

use std::ops::Range;

use egui::{Pos2, Ui};

use super::TextView;
use crate::session::{Action, Selected, Session};

impl TextView {
    pub(super) fn handle_pointer(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        session: &Session,
        actions: &mut Vec<Action>,
        left: f32,
    ) {
        let precise = ui.input(|i| i.modifiers.alt);
        if ui.input(|i| i.pointer.any_pressed()) {
            // Where the button went down, even when a slow frame saw the first move too.
            self.press_pos = ui.input(|i| i.pointer.press_origin().or(i.pointer.interact_pos()));
        }
        let pos = response
            .interact_pointer_pos()
            .or(response.hover_pos())
            .or(self.press_pos);
        let in_gutter = pos.is_some_and(|p| p.x < left + self.gutter.width());
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
                actions.push(Action::ToggleNoiseLines(range));
            }
            if let Some(line) = pos.and_then(line_at)
                && session.layer().noise_line(line).is_some()
            {
                let categories: Vec<String> = session
                    .project()
                    .schema
                    .noise_categories
                    .iter()
                    .map(|c| c.name.clone())
                    .collect();
                response.context_menu(|ui| {
                    ui.label(format!("Line {} is noise:", line + 1));
                    for c in categories {
                        if ui.button(&c).clicked() {
                            actions.push(Action::SetLineCategory { line, category: c });
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
            actions.push(select(anchor, head, precise));
        }
        // The release point ends the drag, even when the last move came just before it.
        if response.drag_stopped()
            && let (Some(anchor), Some(head)) = (
                self.drag_anchor.take(),
                ui.input(|i| i.pointer.latest_pos())
                    .and_then(|p| self.char_at(p)),
            )
        {
            actions.push(select(anchor, head, precise));
        }
        if response.double_clicked() {
            if let Some(p) = pos {
                actions.extend(self.double_click_action(p, session));
            }
        } else if response.clicked()
            && let Some(p) = self.press_pos.or(pos)
        {
            actions.extend(self.click_action(p, session));
        }
        // The window applies these at once, with no scroll to hold back (clicks the input
        // filter takes go through its queue, and their scroll is held).
        self.held_scroll = false;
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

/// How far from the pointer (points, times the text size) a click still finds a word.
const REACH: f32 = 0.4;

impl TextView {
    /// What a click at `pos` on the text does: takes the word under (or just beside) the
    /// pointer, or selects the annotation there (inside the quote already selected, the
    /// word); blank space only moves the caret. Either
    /// way the selected annotation stays, so the word can be its cue (Esc deselects).
    /// Clicks come here from egui, or from the input filter, which takes plain clicks
    /// before egui sees them.
    ///
    /// Selecting an annotation this way never scrolls the article (it is under the
    /// pointer): a second click, that of a double-click, must land on the same word.
    pub fn click_action(&mut self, pos: Pos2, session: &Session) -> Option<Action> {
        self.quote_before_click = None;
        let at = self.byte_at(pos)?;
        let word = self.word_near(pos, session);
        let hit = word.unwrap_or(at);
        let line = session.document().text.line_of_byte(hit);
        let action = match (self.mark_at(hit, line), word) {
            // Inside the selected quote a click takes the word: its cue, say.
            (Some(m), Some(w))
                if m.kind == super::MarkKind::Quote
                    && m.is(session.selected(), session.layer()) =>
            {
                Action::SelectWord(w)
            }
            (Some(m), _) => {
                let selected = m.select(session.layer());
                // The quote selected before, in case this click is the first of a
                // double-click, which takes the word for that quote.
                self.quote_before_click = session
                    .selected()
                    .filter(|s| matches!(s, Selected::Quote(_)) && **s != selected)
                    .cloned();
                self.held_scroll = true;
                Action::Inspect(selected)
            }
            (None, Some(w)) => Action::SelectWord(w),
            (None, None) => Action::PlaceCaret(at),
        };
        Some(action)
    }

    /// What a double-click at `pos` does: takes the word there (or the nearest one). The
    /// quote selected before the double-click stays selected, even when its first click
    /// selected the annotation under the pointer (another quote's cue, a mention): the
    /// word can then be that quote's cue (`told` of `Medvedev told X that …, but that …`
    /// is the cue of both quotes).
    pub fn double_click_action(&mut self, pos: Pos2, session: &Session) -> Vec<Action> {
        let before = self.quote_before_click.take();
        let Some(at) = self.word_near(pos, session).or_else(|| self.byte_at(pos)) else {
            return Vec::new();
        };
        let mut actions = Vec::new();
        if let Some(quote) = before {
            self.held_scroll = true;
            actions.push(Action::Inspect(quote));
        }
        actions.push(Action::SelectWord(at));
        actions
    }

    /// The byte of a word character under `pos`, or of the nearest one within a few
    /// points of it (left and right first, then a little above and below): a click
    /// between "said" and "it" takes "it" when it is nearer. `None` on blank space.
    fn word_near(&self, pos: Pos2, session: &Session) -> Option<usize> {
        let text = session.document().text.as_str();
        let reach = (self.text_size * REACH).max(4.0);
        let wordy = |p: Pos2| {
            let c = self.char_at(p)?;
            let word = text.get(c.clone())?.chars().any(char::is_alphanumeric);
            // On the glyph itself: past a line's ends the nearest character is no hit.
            let on_it = self.char_rect(c.clone())?.expand(0.5).contains(p);
            (word && on_it).then_some(c.start)
        };
        // Points every half point out to `reach`, nearest first.
        let n = (reach * 2.0).ceil() as i32;
        let mut probes = Vec::new();
        for dy in [0.0, -0.5, 0.5, -1.0, 1.0] {
            for dx in 0..=n {
                let dx = dx as f32 / 2.0;
                probes.push(egui::vec2(-dx, dy * reach));
                probes.push(egui::vec2(dx, dy * reach));
            }
        }
        probes.sort_by(|a, b| a.length().total_cmp(&b.length()));
        probes.into_iter().find_map(|d| wordy(pos + d))
    }

    /// The screen rectangle of the character at bytes `c`, on its row.
    fn char_rect(&self, c: Range<usize>) -> Option<egui::Rect> {
        let v = self
            .visible
            .iter()
            .find(|v| v.bytes.start <= c.start && c.end <= v.bytes.end)?;
        super::geometry::span_rects(&v.galley, v.origin, v.bytes.clone(), c)
            .into_iter()
            .next()
    }

    /// The part of the screen a popup about the selection (else the selected quote) must
    /// leave in view: the rows it is on, across the text column, and the two rows after
    /// and before it, where its cue and speaker usually are (`…," Lavrov told`, `He made
    /// clear …, saying that "…"`). `None` if none of it is drawn.
    pub fn keep_clear(&self, session: &Session) -> Option<egui::Rect> {
        let text = &session.document().text;
        let span = session.selection_range().or_else(|| {
            let q = session.selected_quote()?;
            let start = text.char_to_byte(q.start())?;
            let end = text.char_to_byte(q.content.iter().map(|c| c.end).max()?)?;
            Some(start..end)
        })?;
        let mut around: Option<egui::Rect> = None;
        let (mut left, mut right) = (f32::INFINITY, f32::NEG_INFINITY);
        for v in &self.visible {
            left = left.min(v.origin.x);
            right = right.max(v.origin.x + v.galley.size().x);
            for r in super::geometry::span_rects(&v.galley, v.origin, v.bytes.clone(), span.clone())
            {
                around = Some(around.map_or(r, |a| a.union(r)));
            }
        }
        let around = around?;
        let row = self.text_size * 1.4;
        Some(egui::Rect::from_min_max(
            egui::pos2(left.min(around.left()), around.top() - 2.0 * row),
            egui::pos2(right.max(around.right()), around.bottom() + 2.0 * row),
        ))
    }
}

/// The selection a drag from character `anchor` to character `head` (bytes) makes.
fn select(anchor: Range<usize>, head: Range<usize>, precise: bool) -> Action {
    if head.start >= anchor.start {
        Action::Select {
            anchor: anchor.start,
            head: head.end,
            precise,
        }
    } else {
        Action::Select {
            anchor: anchor.end,
            head: head.start,
            precise,
        }
    }
}
