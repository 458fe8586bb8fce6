//! What reaches egui each frame. egui repaints twice more after any frame with input
//! events (once because there were events, once more "to let things settle"), so every
//! event it sees costs three full repaints: without a GPU, about 100 ms each. This filter
//! runs before egui sees a frame's input and takes what the app can act on alone, so
//! those inputs cost only the frame that woke the window:
//! - keys, while no popup or widget has the keyboard: shortcuts are queued as commands,
//!   others dropped (egui acts on none of them then, Tab aside). Not in a frame where egui
//!   gets a drag's pointer input: a key there acts on the selection the drag ends with;
//! - a click on the article's text (no modifier, nothing drawn over it): the press is held
//!   back until the pointer moves away (then egui gets both: a drag) or is released (a
//!   click or double-click, acted on here);
//! - the wheel over the article: the article's own scroll, in at most
//!   [`SMOOTH_FRAMES`](super::text_view::SMOOTH_FRAMES) frames, or one with smooth
//!   scrolling off;
//! - pointer moves over plain article text (no annotation under the pointer): dropped,
//!   nothing there changes when hovered;
//! - a frame whose only events are key releases and modifier changes (winit sends those
//!   around every click) holds them back until the next frame with other events: egui
//!   needs them, but nothing drawn changes with them;
//! - the text a taken key typed (`Text("q")` after Q) is dropped: no field is there.

use std::time::{Duration, Instant};

use egui::{Event, Modifiers, MouseWheelUnit, PointerButton, Pos2, RawInput, TouchPhase};

use super::intent::Intent;
use super::intent::Queue;
use super::text_view::Scroll;
use super::text_view::TextView;
use crate::session::Session;

/// Two clicks this close in time and space are a double-click (egui's defaults).
const DOUBLE_CLICK: Duration = Duration::from_millis(300);
const CLICK_DISTANCE: f32 = 6.0;

#[derive(Debug, Default)]
pub struct InputFilter {
    /// Key releases held back, delivered first in the next frame.
    held: Vec<Event>,
    /// A press on the article held back: where it went down.
    press: Option<Pos2>,
    /// The last click taken here, for double-clicks.
    last_click: Option<(Pos2, Instant)>,
    /// Where the pointer is, and whether egui was last told it is over plain text.
    pointer: Option<Pos2>,
    told_plain: bool,
    buttons_down: u32,
}

/// What the filter acts on: the window's state it reads and the queue it fills.
pub struct Window<'a> {
    pub session: Option<&'a Session>,
    /// One of our popups is open (it has the keyboard).
    pub popup_open: bool,
    pub view: &'a mut TextView,
    pub queue: &'a mut Queue,
}

impl InputFilter {
    /// Filters a frame's input before egui sees it (see the module comment). eframe calls
    /// it through `raw_input_hook`; tests call [`SaysoApp::filter_input`], as kittest does
    /// not.
    ///
    /// [`SaysoApp::filter_input`]: super::app::SaysoApp::filter_input
    pub fn filter(&mut self, ctx: &egui::Context, raw: &mut RawInput, w: Window<'_>) {
        let line_scroll = ctx.options(|o| o.input_options.line_scroll_speed);
        // No popup of ours or egui's (a menu), no widget with the keyboard.
        let nothing_focused = !w.popup_open
            && !egui::Popup::is_any_open(ctx)
            && ctx.memory(|m| m.focused().is_none());
        // Panels are the background layer: anything else at the pointer is drawn over them.
        let article_only = |pos| {
            ctx.layer_id_at(pos)
                .is_none_or(|l| l.order == egui::Order::Background)
        };
        let state = self;
        let mut events = std::mem::take(&mut state.held);
        events.append(&mut raw.events);
        let mut kept = Vec::with_capacity(events.len());
        // The text a key taken here typed (`q` after Q): no field is there to take it.
        let mut taken_key = false;
        // Once egui has pointer input of a drag in this frame (a move with the button down,
        // a release), keys are egui's too: they act after the article has taken the drag,
        // on the selection it makes.
        let mut egui_drags = state.buttons_down > 0;
        let mut events = events.into_iter();
        while let Some(event) = events.next() {
            let after_taken_key = std::mem::take(&mut taken_key);
            match &event {
                Event::Text(_) if after_taken_key => continue,
                Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } if nothing_focused && !egui_drags => {
                    if let Some(intent) =
                        super::keys::intent_for(*key, *modifiers, w.session, false)
                    {
                        let opens_popup = may_open_popup(&intent);
                        w.queue.push(intent);
                        taken_key = true;
                        if opens_popup {
                            // What is typed next belongs to the popup once it is open: the
                            // rest waits for the next frame (asked for now).
                            state.held.extend(
                                events.by_ref().skip_while(|e| matches!(e, Event::Text(_))),
                            );
                            ctx.request_repaint_after(Duration::from_millis(1));
                            break;
                        }
                        continue;
                    }
                    // With nothing focused, egui acts on no key but Tab (which focuses).
                    if *key != egui::Key::Tab {
                        taken_key = true;
                        continue;
                    }
                }
                Event::PointerMoved(pos) => {
                    state.pointer = Some(*pos);
                    if let Some(press) = state.press {
                        if press.distance(*pos) <= CLICK_DISTANCE {
                            continue;
                        }
                        // A drag after all: egui gets the press, then the move.
                        state.press = None;
                        state.buttons_down += 1;
                        kept.push(primary(press, true));
                    }
                    let plain =
                        state.buttons_down == 0 && w.view.is_plain_text(*pos) && article_only(*pos);
                    if plain && state.told_plain {
                        continue;
                    }
                    state.told_plain = plain;
                }
                Event::PointerButton {
                    pos,
                    button: PointerButton::Primary,
                    pressed: true,
                    modifiers: Modifiers::NONE,
                } if nothing_focused
                    && state.buttons_down == 0
                    && w.view.is_over_text(*pos)
                    && article_only(*pos) =>
                {
                    state.pointer = Some(*pos);
                    state.press = Some(*pos);
                    continue;
                }
                Event::PointerButton {
                    pos,
                    button: PointerButton::Primary,
                    pressed: false,
                    ..
                } if state.press.is_some() => {
                    let press = state.press.take().expect("a press is held");
                    state.pointer = Some(*pos);
                    let now = Instant::now();
                    let double = state.last_click.is_some_and(|(at, when)| {
                        at.distance(press) <= CLICK_DISTANCE && now - when <= DOUBLE_CLICK
                    });
                    state.last_click = (!double).then_some((press, now));
                    if let Some(session) = w.session {
                        let actions = if double {
                            w.view.double_click_action(press, session)
                        } else {
                            w.view.click_action(press, session).into_iter().collect()
                        };
                        w.queue.extend(actions.into_iter().map(Intent::Act));
                    }
                    continue;
                }
                Event::PointerButton { pos, pressed, .. } => {
                    state.pointer = Some(*pos);
                    state.told_plain = false;
                    if *pressed {
                        state.buttons_down += 1;
                    } else {
                        state.buttons_down = state.buttons_down.saturating_sub(1);
                    }
                }
                Event::PointerGone => {
                    state.pointer = None;
                    state.told_plain = false;
                    state.buttons_down = 0;
                    state.press = None;
                }
                // Ctrl zooms and Shift scrolls sideways: egui's.
                Event::MouseWheel {
                    unit,
                    delta,
                    modifiers,
                    phase,
                    ..
                } if !modifiers.command && !modifiers.ctrl && !modifiers.shift => {
                    if let Some(pos) = state.pointer
                        && w.view.is_over_text(pos)
                        && article_only(pos)
                    {
                        // egui's delta moves the content: down is negative. A trackpad's
                        // points come finely grained already: they apply at once.
                        let (scroll, smooth) = match unit {
                            MouseWheelUnit::Point => (Scroll::Points(-delta.y), false),
                            MouseWheelUnit::Line => (Scroll::Points(-delta.y * line_scroll), true),
                            MouseWheelUnit::Page => (Scroll::Pages(-delta.y), true),
                        };
                        if *phase == TouchPhase::Move {
                            w.view.scroll_with(scroll, smooth);
                        }
                        continue;
                    }
                }
                _ => {}
            }
            egui_drags |= matches!(event, Event::PointerButton { .. })
                || matches!(event, Event::PointerMoved(_)) && state.buttons_down > 0;
            kept.push(event);
        }
        if !state.held.is_empty() {
            // Held for the popup: they go before anything that comes later.
            raw.events = kept;
        } else if !kept.is_empty() && kept.iter().all(is_inert) {
            // Of the modifier changes, only the last one tells egui anything.
            let last = kept
                .iter()
                .rposition(|e| matches!(e, Event::ModifiersChanged(_)));
            state.held = kept
                .into_iter()
                .enumerate()
                .filter(|(i, e)| !matches!(e, Event::ModifiersChanged(_)) || Some(*i) == last)
                .map(|(_, e)| e)
                .collect();
        } else {
            raw.events = kept;
        }
    }
}

/// Whether running `intent` may open a popup that takes the keyboard.
fn may_open_popup(intent: &Intent) -> bool {
    use super::command::Command;
    match intent {
        Intent::Popup(_) => true,
        Intent::Command(c) => matches!(
            c,
            Command::MakeMention
                | Command::MakeQuote
                | Command::PickTarget
                | Command::NewProject
                | Command::OpenProject
                | Command::AddArticles
                | Command::ImportPredictions
                | Command::Find
                | Command::FindNext
                | Command::FindPrevious
                | Command::Help
        ),
        _ => false,
    }
}

fn primary(pos: Pos2, pressed: bool) -> Event {
    Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    }
}

/// Events that change nothing drawn: egui needs them, but not at once.
fn is_inert(event: &Event) -> bool {
    matches!(
        event,
        Event::Key { pressed: false, .. } | Event::ModifiersChanged(_)
    )
}
