//! Frames per input: each input event repaints the window at most twice (egui draws the
//! frame with the event, then one more to settle), a wheel notch at most three times with
//! smooth scrolling on and once with it off. Without a GPU every frame costs a full
//! software rasterization, so the number of frames is the latency a user feels.

#![cfg(feature = "gui")]

mod common;

use egui::{Event, Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sayso::ui::SaysoApp;

fn app(project: &std::path::Path) -> Harness<'static, SaysoApp> {
    app_of_height(project, 900.0)
}

fn app_of_height(project: &std::path::Path, height: f32) -> Harness<'static, SaysoApp> {
    let mut h = common::window(project, height);
    h.run();
    h
}

fn byte_of(h: &Harness<'_, SaysoApp>, needle: &str) -> usize {
    let s = h.state().session.as_ref().unwrap();
    s.document().text.as_str().find(needle).unwrap()
}

fn screen(h: &Harness<'_, SaysoApp>, byte: usize) -> Pos2 {
    h.state().view.screen_pos(byte).unwrap()
}

/// Frames drawn for the input queued so far, until the window asks for no more. A scroll
/// asks for its next frame after a millisecond (kittest's `run` stops there): counted too.
fn frames(h: &mut Harness<'_, SaysoApp>) -> u64 {
    let mut n = h.run();
    while h.state().view.is_scrolling() {
        h.step();
        n += 1;
        assert!(n < 100, "a scroll that never ends");
    }
    n
}

#[test]
fn an_idle_window_draws_nothing_even_after_reading_its_project() {
    let dir = common::demo_copy();
    let mut h = app(dir.path());
    // Reading files is a file-system event too; the watcher must not wake the window for
    // its own reads (it did, and the window redrew forever).
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(frames(&mut h) <= 2);
    h.state_mut().session.as_mut().unwrap().check_disk();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        frames(&mut h) <= 2,
        "the window keeps redrawing after reading the project"
    );
}

/// Sends `events` as one frame's input the way eframe does (through the app's input
/// filter: kittest does not call eframe's `raw_input_hook`), and counts the frames drawn
/// until the window asks for no more.
fn send(h: &mut Harness<'_, SaysoApp>, events: Vec<Event>) -> u64 {
    let ctx = h.ctx.clone();
    let mut raw = egui::RawInput {
        events,
        ..Default::default()
    };
    h.state_mut().filter_input(&ctx, &mut raw);
    h.input_mut().events.extend(raw.events);
    frames(h)
}

fn key(key: Key, pressed: bool, modifiers: Modifiers) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers,
    }
}

/// A key pressed and released in two frames, as a user's key does, with the events winit
/// sends with it (the modifiers, the text a letter types); frames of each.
fn tap(h: &mut Harness<'_, SaysoApp>, k: Key, modifiers: Modifiers) -> (u64, u64) {
    let mut down = vec![Event::ModifiersChanged(modifiers), key(k, true, modifiers)];
    let name = k.name();
    if name.len() == 1 && !modifiers.command && !modifiers.ctrl {
        down.push(Event::Text(name.to_lowercase()));
    }
    let down = send(h, down);
    let up = vec![
        key(k, false, modifiers),
        Event::ModifiersChanged(Modifiers::NONE),
    ];
    (down, send(h, up))
}

/// A press or release of the left button, with the modifier events winit sends around it.
fn button_events(pos: Pos2, pressed: bool) -> Vec<Event> {
    vec![
        Event::ModifiersChanged(Modifiers::NONE),
        button(pos, pressed),
        Event::ModifiersChanged(Modifiers::NONE),
    ]
}

fn button(pos: Pos2, pressed: bool) -> Event {
    Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    }
}

fn wheel_notch() -> Event {
    Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: egui::vec2(0.0, -3.0),
        phase: egui::TouchPhase::Move,
        modifiers: Modifiers::NONE,
        source: egui::MouseWheelSource::Wheel,
    }
}

fn session<'a>(h: &'a Harness<'_, SaysoApp>) -> &'a sayso::session::Session {
    h.state().session.as_ref().unwrap()
}

#[test]
fn a_key_a_click_and_a_drag_cost_at_most_two_frames_each() {
    let dir = common::demo_copy();
    let mut h = app(dir.path());
    // A key nothing is bound to: the frame that woke the window, nothing more.
    assert_eq!(tap(&mut h, Key::F12, Modifiers::NONE), (1, 1));

    // Double-click "Lavrov": each press one frame, each release one (three when what it
    // selects adds widgets to the panels: egui styles new widgets a frame late).
    let p = screen(&h, byte_of(&h, "Lavrov") + 2);
    assert!(send(&mut h, vec![Event::PointerMoved(p)]) <= 3);
    for _ in 0..2 {
        assert_eq!(send(&mut h, button_events(p, true)), 1);
        assert!(send(&mut h, button_events(p, false)) <= 3);
        // The frame of the release already shows what it did.
        h.get_by_label_contains("selected \u{201c}Lavrov\u{201d}");
    }
    let quotes = session(&h).layer().quotes.len();
    assert!(
        session(&h)
            .selection_span()
            .is_some_and(|s| s.text == "Lavrov")
    );
    // Q makes the quote and opens the speaker picker in the frame of the key; egui draws
    // two more frames when new widgets appear (their style depends on their state).
    let (down, up) = tap(&mut h, Key::Q, Modifiers::NONE);
    assert!(down <= 3 && up == 1, "Q: {down} + {up} frames");
    assert_eq!(session(&h).layer().quotes.len(), quotes + 1);
    // The `q` the key typed was not typed into the picker that Q opened.
    match &h.state().popup {
        Some(sayso::ui::intent::Popup::Speaker { filter, .. }) => assert_eq!(filter, ""),
        other => panic!("the speaker picker should be open: {other:?}"),
    }
    assert!(tap(&mut h, Key::Escape, Modifiers::NONE).0 <= 3);
    // A key that changes what is drawn but adds no widget: one frame.
    h.state_mut().settings.smooth_scrolling = false;
    assert_eq!(tap(&mut h, Key::PageDown, Modifiers::NONE), (1, 1));
}

#[test]
fn pointer_moves_over_plain_text_draw_nothing_and_over_an_annotation_show_it() {
    let dir = common::demo_copy();
    let mut h = app(dir.path());
    // The gold layer: annotations to hover.
    h.state_mut()
        .act(sayso::session::Action::SetLayer("gold".into()));
    h.run();
    let text = session(&h).document().text.as_str().to_string();
    // Plain words: find a line without annotations by asking the view.
    let plain = (0..text.len())
        .step_by(7)
        .filter(|&b| text.is_char_boundary(b))
        .filter_map(|b| h.state().view.screen_pos(b))
        .find(|&p| {
            let v = &h.state().view;
            v.is_plain_text(p) && v.is_plain_text(p + egui::vec2(20.0, 0.0))
        })
        .expect("some plain text on screen");
    send(&mut h, vec![Event::PointerMoved(plain)]);
    assert_eq!(
        send(
            &mut h,
            vec![Event::PointerMoved(plain + egui::vec2(20.0, 0.0))]
        ),
        1,
        "a move over plain text only wakes the window"
    );
    // Over an annotation the move reaches egui: its tooltip follows the pointer.
    let mark = session(&h)
        .layer()
        .speakers
        .iter()
        .find_map(|s| s.mentions.first())
        .expect("the demo has mentions")
        .start;
    let at = session(&h).document().text.char_to_byte(mark).unwrap() + 1;
    let over = screen(&h, at);
    assert!(!h.state().view.is_plain_text(over));
    // (Its frames, a tooltip appearing, are the exception the target allows.)
    send(&mut h, vec![Event::PointerMoved(over)]);
    assert_eq!(h.ctx.input(|i| i.pointer.latest_pos()), Some(over));
}

#[test]
fn a_wheel_notch_scrolls_in_three_frames_smoothly_and_in_one_without() {
    let dir = common::demo_copy();
    let mut h = app(dir.path());
    let line = h.ctx.options(|o| o.input_options.line_scroll_speed);
    let middle = h.state().view.screen_pos(byte_of(&h, "Lavrov")).unwrap();
    send(&mut h, vec![Event::PointerMoved(middle)]);
    let before = h.state().view.offset();
    assert!(send(&mut h, vec![wheel_notch()]) <= 3);
    assert_eq!(h.state().view.offset(), before + 3.0 * line);

    h.state_mut().settings.smooth_scrolling = false;
    send(&mut h, vec![]);
    assert_eq!(send(&mut h, vec![wheel_notch()]), 1);
    assert_eq!(h.state().view.offset(), before + 6.0 * line);
}

#[test]
fn page_keys_home_end_and_arrows_scroll_the_article() {
    let dir = common::demo_copy();
    // A low window: the article is several pages long.
    let mut h = app_of_height(dir.path(), 420.0);
    let (down, _) = tap(&mut h, Key::PageDown, Modifiers::NONE);
    assert!(down <= 3, "PageDown took {down} frames");
    let page = h.state().view.offset();
    assert!(page > 150.0, "a page is most of the view: {page}");
    tap(&mut h, Key::ArrowDown, Modifiers::NONE);
    let lower = h.state().view.offset();
    assert!(
        lower > page,
        "Down scrolls while nothing is selected: {page} → {lower}, selected {:?}",
        session(&h).selected()
    );
    tap(&mut h, Key::End, Modifiers::COMMAND);
    let bottom = h.state().view.offset();
    assert!(bottom > lower);
    tap(&mut h, Key::PageDown, Modifiers::NONE);
    assert_eq!(h.state().view.offset(), bottom, "the end is the end");
    tap(&mut h, Key::PageUp, Modifiers::NONE);
    assert!(h.state().view.offset() < bottom);
    tap(&mut h, Key::Home, Modifiers::NONE);
    assert_eq!(h.state().view.offset(), 0.0);
    // With a selection the arrows are the selection's: the article stays.
    let p = screen(&h, byte_of(&h, "Lavrov") + 2);
    for pressed in [true, false, true, false] {
        send(&mut h, vec![button(p, pressed)]);
    }
    assert!(session(&h).selection_span().is_some());
    tap(&mut h, Key::ArrowDown, Modifiers::NONE);
    assert_eq!(h.state().view.offset(), 0.0);
}

#[test]
fn a_key_in_the_frame_a_drag_ends_acts_on_the_new_selection() {
    let dir = common::demo_copy();
    let mut h = app(dir.path());
    let start = byte_of(&h, "Lavrov said");
    let (a, b) = (screen(&h, start + 1), screen(&h, start + 4));
    send(&mut h, vec![Event::PointerMoved(a), button(a, true)]);
    send(&mut h, vec![Event::PointerMoved(b)]);
    assert_eq!(
        session(&h).selection_span().map(|s| s.text),
        Some("Lavrov".to_string())
    );
    // Under load, the last move, the release and the key arrive in one frame: the key
    // acts on the selection the release makes ("Lavrov said"), not the one before it.
    let c = screen(&h, start + "Lavrov sa".len());
    let quotes = session(&h).layer().quotes.len();
    send(
        &mut h,
        vec![
            Event::PointerMoved(c),
            button(c, false),
            key(Key::Q, true, Modifiers::NONE),
            Event::Text("q".into()),
            key(Key::Q, false, Modifiers::NONE),
        ],
    );
    let layer = session(&h).layer();
    assert_eq!(layer.quotes.len(), quotes + 1, "Q made the quote");
    let q = layer.quotes.last().unwrap();
    let span = &q.content[0];
    let text = session(&h)
        .document()
        .text
        .slice_chars(span.start..span.end)
        .unwrap();
    assert_eq!(text, "Lavrov said");
}

#[test]
fn letters_typed_right_after_q_go_to_the_picker_it_opens_even_in_one_frame() {
    let dir = common::demo_copy();
    let mut h = app(dir.path());
    let p = screen(&h, byte_of(&h, "Lavrov") + 2);
    for pressed in [true, false, true, false] {
        send(&mut h, button_events(p, pressed));
    }
    // A fast typist under load: Q and the name's first letters arrive in one frame.
    let quotes = session(&h).layer().quotes.len();
    let mut events = Vec::new();
    for (k, t) in [(Key::Q, "q"), (Key::L, "l"), (Key::A, "a")] {
        events.push(key(k, true, Modifiers::NONE));
        events.push(Event::Text(t.into()));
    }
    send(&mut h, events);
    // The next frame (the window asked for it) passes the held letters on, like any frame.
    send(&mut h, vec![]);
    assert_eq!(
        session(&h).layer().quotes.len(),
        quotes + 1,
        "Q made the quote"
    );
    match &h.state().popup {
        Some(sayso::ui::intent::Popup::Speaker { filter, .. }) => assert_eq!(filter, "la"),
        other => panic!("the speaker picker should be open: {other:?}"),
    }
}

#[test]
fn shift_held_before_a_click_in_the_gutter_marks_the_range() {
    let dir = common::demo_copy();
    let mut h = app(dir.path());
    let first = h.state().view.gutter_pos(2).expect("line 3 on screen");
    let last = h.state().view.gutter_pos(5).expect("line 6 on screen");
    for pressed in [true, false] {
        send(&mut h, button_events(first, pressed));
    }
    // Shift goes down in a frame of its own (held back: it changes nothing drawn), then
    // the click comes with it.
    send(&mut h, vec![Event::ModifiersChanged(Modifiers::SHIFT)]);
    for pressed in [true, false] {
        let event = Event::PointerButton {
            pos: last,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::SHIFT,
        };
        send(&mut h, vec![event]);
    }
    send(&mut h, vec![Event::ModifiersChanged(Modifiers::NONE)]);
    let layer = session(&h).layer();
    let noise: Vec<usize> = (0..8).filter(|&l| layer.noise_line(l).is_some()).collect();
    assert_eq!(noise, vec![2, 3, 4, 5]);
}
