//! Compare mode's controls: the "Compare:" picker in the top bar, the Compare menu, the
//! keys (number keys take a side), and the panel above the inspector with progress, the
//! current difference side by side, the list of units and the agreement chart.

use egui::{Color32, Key, Modifiers, RichText, Ui};
use egui_plot::{Bar, BarChart, Plot};

use super::app::SaysoApp;
use super::command::{Command, Mode};
use super::compare_view::layer_colour;
use crate::adjudicate::{GOLD, Unit};
use crate::model::Decision;

const SETTLED: Color32 = Color32::from_rgb(0x3a, 0x9a, 0x5b);
const NONE_KEPT: Color32 = Color32::from_rgb(0xc8, 0x4b, 0x3c);

const SIDE_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

impl SaysoApp {
    fn comparing(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.compare.is_some())
    }

    /// Whether `command`'s shortcut acts now: compare commands only while comparing,
    /// review commands (which share their keys) only while not.
    pub(super) fn shortcut_active(&self, command: Command) -> bool {
        match command.mode() {
            Mode::Any => true,
            Mode::Review => !self.comparing(),
            Mode::Compare => self.comparing(),
        }
    }

    /// Runs a compare command; `None` for the other commands.
    pub(super) fn run_compare(&mut self, command: Command) -> Option<Result<(), String>> {
        if command.mode() != Mode::Compare {
            return None;
        }
        let Some(session) = self.session.as_mut() else {
            return Some(Err("open a project first".into()));
        };
        if session.compare().is_none() {
            return Some(Err(
                "choose two or more layers to compare first (Compare, top bar)".into(),
            ));
        }
        let scroll = match command {
            Command::CompareNext | Command::ComparePrevious => {
                Ok(session.compare_step(command == Command::CompareNext))
            }
            Command::Neither => session.compare_neither(),
            Command::EditDifference => session.compare_edit().map(|_| None),
            Command::AcceptAgreed => session.compare_accept_agreed().map(|_| None),
            Command::MarkReviewed => session.compare_mark_reviewed().map(|_| None),
            _ => Ok(None),
        };
        Some(scroll.map(|at| {
            if at.is_some() {
                self.view.scroll_to = at;
            }
        }))
    }

    /// Takes side `side` (0-based) of the current difference into gold.
    fn take_side(&mut self, side: usize) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        match session.compare_take(side) {
            Ok(Some(at)) => self.view.scroll_to = Some(at),
            Ok(None) => {}
            Err(e) => session.error(e),
        }
    }

    /// While comparing, number keys take a side (0: neither) and Enter keeps gold's
    /// version to edit it; they then set no stance label or noise category. Returns true
    /// while comparing.
    pub(super) fn compare_keys(&mut self, ctx: &egui::Context) -> bool {
        let Some(sides) = self
            .session
            .as_ref()
            .and_then(|s| s.compare.as_ref())
            .map(|c| c.layers.len())
        else {
            return false;
        };
        for (side, key) in SIDE_KEYS.iter().enumerate().take(sides) {
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, *key)) {
                self.take_side(side);
            }
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Num0)) {
            self.queue(Command::Neither);
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter)) {
            self.queue(Command::EditDifference);
        }
        true
    }
}

/// The Compare menu: its commands with their shortcuts.
pub fn compare_menu(ui: &mut Ui, app: &mut SaysoApp) {
    for c in [
        Command::CompareNext,
        Command::ComparePrevious,
        Command::Neither,
        Command::EditDifference,
        Command::AcceptAgreed,
        Command::MarkReviewed,
    ] {
        let button = egui::Button::new(c.label()).shortcut_text(c.shortcut_text(ui.ctx()));
        if ui.add_enabled(app.comparing(), button).clicked() {
            app.queue(c);
            ui.close();
        }
    }
    ui.separator();
    ui.label(RichText::new("1, 2, 3…: take that layer's version into gold").weak());
    if ui
        .add_enabled(app.comparing(), egui::Button::new("Stop comparing"))
        .clicked()
        && let Some(s) = &mut app.session
    {
        s.set_compare(None);
        ui.close();
    }
}

/// The top bar's "Compare:" picker: tick two or more annotators' layers to compare them
/// into gold; fewer than two goes back to annotating.
pub fn compare_picker(ui: &mut Ui, app: &mut SaysoApp) {
    let Some(session) = &mut app.session else {
        return;
    };
    let layers = session.comparable_layers();
    let active = session.compare.as_ref().map(|c| c.layers.clone());
    let id = egui::Id::unique("compare-picked");
    let mut picked: Vec<String> = active
        .clone()
        .unwrap_or_else(|| ui.data(|d| d.get_temp(id)).unwrap_or_default());
    ui.label("Compare:");
    let text = match &active {
        Some(l) => RichText::new(l.join(" + ")).strong().color(layer_colour(0)),
        None => RichText::new("choose layers…"),
    };
    let config = egui::containers::menu::MenuConfig::new()
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    let mut changed = false;
    egui::containers::menu::MenuButton::new(text)
        .config(config)
        .ui(ui, |ui| {
            if layers.len() < 2 {
                ui.label("Comparing needs two annotators' layers.");
            }
            for l in &layers {
                let mut on = picked.contains(l);
                if ui.checkbox(&mut on, l).changed() {
                    if on {
                        picked.push(l.clone());
                    } else {
                        picked.retain(|p| p != l);
                    }
                    changed = true;
                }
            }
            ui.separator();
            ui.label(RichText::new("Gold is edited while comparing.").weak());
        });
    if changed {
        ui.data_mut(|d| d.insert_temp(id, picked.clone()));
        let scroll = if picked.len() >= 2 {
            session.set_compare(Some(picked))
        } else {
            session.set_compare(None)
        };
        if scroll.is_some() {
            app.view.scroll_to = scroll;
        }
    }
}

/// The unit's key, with a noise line numbered as the gutter numbers it.
fn title(unit: &Unit) -> String {
    match unit
        .key
        .strip_prefix("noise ")
        .and_then(|l| l.parse::<usize>().ok())
    {
        Some(line) => format!("noise line {}", line + 1),
        None => unit.key.clone(),
    }
}

fn state_text(decision: Option<Decision>, unit: &Unit) -> RichText {
    match decision {
        Some(Decision::Accepted) => RichText::new("settled: gold keeps a version").color(SETTLED),
        Some(Decision::Rejected) => RichText::new("settled: gold keeps none").color(NONE_KEPT),
        None if unit.agreed => RichText::new("agreed, not accepted yet"),
        None => RichText::new("to settle").strong(),
    }
}

/// The compare panel, above the inspector while comparing.
pub fn compare_panel(ui: &mut Ui, app: &mut SaysoApp) {
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    let Some(session) = &mut app.session else {
        return;
    };
    let progress = session.compare_progress();
    let Some(compare) = session.compare.as_ref() else {
        return;
    };
    let layers = compare.layers.clone();
    ui.heading(format!("Comparing into {GOLD}"));
    ui.horizontal_wrapped(|ui| {
        for (i, l) in layers.iter().enumerate() {
            ui.label(
                RichText::new(format!("■ {} {l}", i + 1))
                    .color(layer_colour(i))
                    .strong(),
            );
        }
    });
    let fraction = if progress.units == 0 {
        1.0
    } else {
        progress.settled as f32 / progress.units as f32
    };
    ui.add(
        egui::ProgressBar::new(fraction)
            .text(format!("{}/{} settled", progress.settled, progress.units)),
    );
    let status = session.layer().status;
    ui.label(format!(
        "{} agreed · {} differences, {} settled · gold: {}",
        progress.agreed,
        progress.differences,
        progress.differences_settled,
        status.as_str()
    ));
    let current = compare.current_unit().cloned();
    let decision = current.as_ref().and_then(|u| session.compare_decision(u));
    let mut take = None;
    let mut go = None;
    let mut queued = Vec::new();
    ui.horizontal_wrapped(|ui| {
        let agreed_left = compare
            .units
            .iter()
            .filter(|u| u.agreed && session.compare_decision(u).is_none())
            .count();
        let accept = egui::Button::new(format!("Accept {agreed_left} agreed"))
            .shortcut_text(Command::AcceptAgreed.shortcut_text(ui.ctx()));
        if ui.add_enabled(agreed_left > 0, accept).clicked() {
            queued.push(Command::AcceptAgreed);
        }
        let reviewed = egui::Button::new("Mark reviewed")
            .shortcut_text(Command::MarkReviewed.shortcut_text(ui.ctx()));
        let can = progress.done() && status != crate::model::Status::Reviewed;
        if ui
            .add_enabled(can, reviewed)
            .on_disabled_hover_text("Settle every item first")
            .clicked()
        {
            queued.push(Command::MarkReviewed);
        }
    });
    if let Some(unit) = &current {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(title(unit)).strong());
                ui.label(state_text(decision, unit));
            });
            for (i, v) in unit.versions.iter().enumerate() {
                let text = match v {
                    Some(v) => format!("{} {}: {}", i + 1, layers[i], v.label),
                    None => format!("{} {}: — nothing", i + 1, layers[i]),
                };
                ui.label(RichText::new(text).color(layer_colour(i)));
            }
            let gold = unit
                .gold
                .as_ref()
                .map_or("— nothing".to_string(), |g| g.label.clone());
            ui.label(RichText::new(format!("{GOLD}: {gold}")).italics());
        });
        ui.horizontal_wrapped(|ui| {
            for (i, l) in layers.iter().enumerate() {
                let text = RichText::new(format!("{} {l}", i + 1)).color(layer_colour(i));
                if ui
                    .button(text)
                    .on_hover_text(format!("Take {l}'s version into gold (key {})", i + 1))
                    .clicked()
                {
                    take = Some(i);
                }
            }
            for (c, text) in [
                (Command::Neither, "Neither (0)"),
                (Command::EditDifference, "Edit (E)"),
                (Command::ComparePrevious, "◀ K"),
                (Command::CompareNext, "J ▶"),
            ] {
                if ui.button(text).on_hover_text(c.label()).clicked() {
                    queued.push(c);
                }
            }
        });
    } else if progress.units == 0 {
        ui.label("The layers have nothing in this document.");
    }
    ui.separator();
    let rows: Vec<(usize, String, Option<Decision>, bool)> = compare
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let first = u.versions.iter().flatten().next();
            let label = first.map_or(String::new(), |v| v.label.clone());
            let label = format!("{}: {}", u.kind.as_str(), label);
            (i, label, session.compare_decision(u), u.agreed)
        })
        .collect();
    let current_index = compare.current;
    egui::ScrollArea::vertical()
        .id_salt("compare-units")
        .max_height(150.0)
        .auto_shrink([false, true])
        .show_rows(ui, 18.0, rows.len(), |ui, range| {
            for (i, label, decision, agreed) in &rows[range] {
                let (mark, colour) = match decision {
                    Some(Decision::Accepted) => ("✔", SETTLED),
                    Some(Decision::Rejected) => ("✖", NONE_KEPT),
                    None if *agreed => ("=", ui.visuals().weak_text_color()),
                    None => ("•", ui.visuals().strong_text_color()),
                };
                let text = RichText::new(format!("{mark} {label}")).color(colour);
                let row = egui::Button::selectable(current_index == Some(*i), text).truncate();
                if ui.add(row).clicked() {
                    go = Some(*i);
                }
            }
        });
    for c in queued {
        app.queue(c);
    }
    if let Some(side) = take {
        app.take_side(side);
    }
    if let Some(i) = go
        && let Some(session) = &mut app.session
        && let Some(at) = session.compare_go(i)
    {
        app.view.scroll_to = Some(at);
    }
    agreement_chart(ui, app);
}

/// Agreement per document, least first: where to look first. A click on a bar or a row
/// opens the document.
fn agreement_chart(ui: &mut Ui, app: &mut SaysoApp) {
    let Some(session) = &mut app.session else {
        return;
    };
    let Some(compare) = session.compare.as_ref() else {
        return;
    };
    let docs: Vec<(String, Option<f64>)> = compare
        .agreement
        .by_disagreement()
        .iter()
        .map(|d| (d.id.clone(), d.headline))
        .collect();
    let skipped: Vec<String> = compare
        .agreement
        .skipped
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let mut open = None;
    egui::CollapsingHeader::new("Agreement per document")
        .default_open(true)
        .show(ui, |ui| {
            let bars: Vec<Bar> = docs
                .iter()
                .enumerate()
                .map(|(i, (id, v))| {
                    let v = v.unwrap_or(0.0);
                    let colour = Color32::from_rgb(
                        (220.0 - 150.0 * v.clamp(0.0, 1.0)) as u8,
                        (80.0 + 110.0 * v.clamp(0.0, 1.0)) as u8,
                        90,
                    );
                    Bar::new(i as f64, v).name(id).width(0.7).fill(colour)
                })
                .collect();
            let plot = Plot::new("agreement-chart")
                .height(110.0)
                .include_y(0.0)
                .include_y(1.0)
                .allow_zoom(false)
                .allow_drag(false)
                .allow_scroll(false)
                .show_x(false)
                .show_grid([false, true])
                .x_axis_formatter(|_, _| String::new())
                .show(ui, |plot| {
                    plot.bar_chart(BarChart::new("agreement", bars));
                });
            if plot.response.clicked()
                && let Some(pos) = plot.response.interact_pointer_pos()
            {
                let x = plot.transform.value_from_position(pos).x.round();
                if x >= 0.0 && (x as usize) < docs.len() {
                    open = Some(docs[x as usize].0.clone());
                }
            }
            ui.label(
                RichText::new("Mean of noise alpha and quote F1; least agreement first.")
                    .small()
                    .weak(),
            );
            for (id, v) in &docs {
                let status = session
                    .project
                    .document(id)
                    .and_then(|d| d.layer(GOLD))
                    .map_or("todo", |l| l.status.as_str());
                let value = v.map_or("  –  ".to_string(), |v| format!("{v:.2}"));
                let here = session.document().id == *id;
                let row = egui::Button::selectable(
                    here,
                    RichText::new(format!("{value}  {id}  ({status})")).monospace(),
                )
                .truncate();
                if ui.add(row).clicked() {
                    open = Some(id.clone());
                }
            }
            for id in &skipped {
                ui.label(RichText::new(format!("not in every layer: {id}")).weak());
            }
        });
    if let Some(id) = open
        && let Some(i) = session.project.documents.iter().position(|d| d.id == id)
    {
        session.go_to(i);
        if let Some(at) = session.compare_step(true) {
            app.view.scroll_to = Some(at);
        }
    }
}
