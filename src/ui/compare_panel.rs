//! Compare mode's controls: the "Compare:" picker in the top bar, the Compare menu, the
//! keys (number keys take a side), and the panel above the inspector with progress, the
//! current difference side by side, the list of units and the agreement chart.

use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Plot};

use super::command::Command;
use super::intent::Queue;
use super::text_view::layer_colour;
use crate::adjudicate::{GOLD, Unit};
use crate::model::Decision;
use crate::session::{Action, Session};

const SETTLED: Color32 = Color32::from_rgb(0x3a, 0x9a, 0x5b);
const NONE_KEPT: Color32 = Color32::from_rgb(0xc8, 0x4b, 0x3c);

/// The top bar's "Compare:" picker: tick two or more annotators' layers to compare them
/// into gold; fewer than two goes back to annotating.
pub fn compare_picker(ui: &mut Ui, session: &Session, queue: &mut Queue) {
    let layers = session.comparable_layers();
    let active = session.compare().map(|c| c.layers.clone());
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
        let layers = (picked.len() >= 2).then_some(picked);
        queue.act(Action::Compare(layers));
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
pub fn compare_panel(ui: &mut Ui, session: &Session, queue: &mut Queue) {
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    let Some(compare) = session.compare() else {
        return;
    };
    let progress = compare.progress(session.layer());
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
    let current = compare.current_unit();
    let decision = compare.current.and_then(|i| compare.decisions[i]);
    let mut take = None;
    let mut go = None;
    let mut queued = Vec::new();
    ui.horizontal_wrapped(|ui| {
        let agreed_left = compare
            .units
            .iter()
            .zip(&compare.decisions)
            .filter(|(u, d)| u.agreed && d.is_none())
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
    if let Some(unit) = current {
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
            (i, label, compare.decisions[i], u.agreed)
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
        queue.command(c);
    }
    if let Some(side) = take {
        queue.act(Action::TakeSide(side));
    }
    if let Some(i) = go {
        queue.act(Action::CompareGo(i));
    }
    agreement_chart(ui, session, queue);
}

/// Agreement per document, least first: where to look first. A click on a bar or a row
/// opens the document.
fn agreement_chart(ui: &mut Ui, session: &Session, queue: &mut Queue) {
    let Some(compare) = session.compare() else {
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
                    .project()
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
        && let Some(i) = session.project().documents.iter().position(|d| d.id == id)
    {
        queue.act(Action::GoTo(i));
    }
}
