//! Frames per input: each input event repaints the window at most twice (egui draws the
//! frame with the event, then one more to settle), a wheel notch at most three times with
//! smooth scrolling on and once with it off. Without a GPU every frame costs a full
//! software rasterization, so the number of frames is the latency a user feels.

#![cfg(feature = "gui")]

mod common;

use egui::{Event, Key, Modifiers, Pos2};
use egui_kittest::Harness;
use sayso::ui::SaysoApp;

fn app(project: &std::path::Path) -> Harness<'static, SaysoApp> {
    let mut h = common::window(project, 900.0);
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

/// Frames drawn for the input queued so far, until the window asks for no more.
fn frames(h: &mut Harness<'_, SaysoApp>) -> u64 {
    h.run()
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
