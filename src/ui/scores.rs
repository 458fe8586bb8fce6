//! The scores window: a layer scored against another ([`crate::metrics`]), as a table, an
//! F1 chart per category and the stance confusion matrix.

use egui::{Color32, RichText, Ui};
use egui_plot::{Plot, PlotPoint, Polygon, Text};

use crate::metrics::eval::{Evaluation, cell};
use crate::session::Session;

#[derive(Default)]
pub struct ScoresWindow {
    pub open: bool,
    pub gold: String,
    pub pred: String,
    /// The evaluation and what it was computed from (layers, revision, documents).
    cached: Option<((String, String, u64, usize), Evaluation)>,
}

/// The categories the chart shows, named beside the bars as in the table.
const CHART: [&str; 6] = [
    "noise lines",
    "mentions (exact)",
    "quotes (exact)",
    "quotes (overlap)",
    "cues (overlap)",
    "attribution",
];

impl ScoresWindow {
    /// Opens the window, guessing the layers: `gold` against the reviewed layer, else the
    /// annotator's layer against the first model layer.
    pub fn open(&mut self, session: &Session) {
        self.open = true;
        let layers = session.layer_names();
        let has = |n: &str| layers.iter().any(|l| l == n);
        if !has(&self.gold) {
            self.gold = if has("gold") {
                "gold".into()
            } else {
                session.layer_name().to_string()
            };
        }
        if !has(&self.pred) || self.pred == self.gold {
            let reviewed = session.review().map(|r| r.prediction.clone());
            let first_other = layers.iter().find(|l| **l != self.gold).cloned();
            self.pred = reviewed.or(first_other).unwrap_or_default();
        }
    }

    pub fn show(&mut self, ctx: &egui::Context, session: &Session) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Scores")
            .open(&mut open)
            .default_size([780.0, 640.0])
            .show(ctx, |ui| self.contents(ui, session));
        self.open = open;
    }

    fn contents(&mut self, ui: &mut Ui, session: &Session) {
        let layers = session.layer_names();
        ui.horizontal(|ui| {
            layer_combo(
                ui,
                "Reference (gold):",
                "scores-gold",
                &mut self.gold,
                &layers,
            );
            layer_combo(ui, "Scored:", "scores-pred", &mut self.pred, &layers);
        });
        let key = (
            self.gold.clone(),
            self.pred.clone(),
            session.revision(),
            session.project().documents.len(),
        );
        if self.cached.as_ref().is_none_or(|(k, _)| *k != key) {
            let eval = crate::metrics::evaluate_project(session.project(), &self.gold, &self.pred);
            self.cached = Some((key, eval));
        }
        let (_, eval) = self.cached.as_ref().expect("just computed");
        if eval.documents.is_empty() {
            ui.label(format!(
                "No document has a {:?} layer to score against.",
                self.gold
            ));
            return;
        }
        ui.label(
            RichText::new(format!(
                "{} documents, micro-averaged. Overlap (≈): the prediction covers at least half of the reference span.",
                eval.documents.len()
            ))
            .weak(),
        );
        table(ui, eval);
        ui.separator();
        ui.columns(2, |columns| {
            f1_chart(&mut columns[0], eval);
            confusion_chart(&mut columns[1], eval);
        });
    }
}

fn layer_combo(ui: &mut Ui, label: &str, id: &str, chosen: &mut String, layers: &[String]) {
    let label = ui.label(label);
    egui::ComboBox::from_id_salt(id)
        .selected_text(chosen.as_str())
        .show_ui(ui, |ui| {
            for l in layers {
                ui.selectable_value(chosen, l.clone(), l);
            }
        })
        .response
        .labelled_by(label.id);
}

fn table(ui: &mut Ui, eval: &Evaluation) {
    egui::Grid::new("scores-table")
        .striped(true)
        .num_columns(7)
        .show(ui, |ui| {
            for h in [
                "category",
                "precision",
                "recall",
                "F1",
                "matched",
                "gold",
                "predicted",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (name, prf) in eval.total.rows() {
                ui.label(name);
                ui.label(cell(prf.precision()));
                ui.label(cell(prf.recall()));
                ui.label(RichText::new(cell(prf.f1())).strong());
                ui.label(prf.matched.to_string());
                ui.label(prf.gold.to_string());
                ui.label(prf.predicted.to_string());
                ui.end_row();
            }
            let stance = &eval.total.stance;
            ui.label("stance (matched quotes)");
            ui.label(format!("accuracy {}", cell(stance.accuracy())));
            ui.label(format!("macro-F1 {}", cell(stance.macro_f1())));
            ui.label("");
            ui.label(stance.total().to_string());
            ui.end_row();
        });
}

/// F1 per category as horizontal bars, each named on its left and valued on its right
/// (plot axis labels drop out when the bars are narrow, so the names are laid out here).
fn f1_chart(ui: &mut Ui, eval: &Evaluation) {
    ui.label(RichText::new("F1 per category").strong());
    let t = &eval.total;
    let rows = [
        &t.noise,
        &t.mentions.exact,
        &t.quotes.exact,
        &t.quotes.overlap,
        &t.cues.overlap,
        &t.attribution,
    ];
    let fill = Color32::from_rgb(90, 140, 220);
    let track = ui.visuals().widgets.inactive.bg_fill;
    // What the names and values leave of the column (a grid cell cannot tell).
    let names = CHART
        .iter()
        .map(|n| {
            ui.painter()
                .layout_no_wrap(
                    n.to_string(),
                    egui::TextStyle::Body.resolve(ui.style()),
                    fill,
                )
                .size()
                .x
        })
        .fold(0.0, f32::max);
    let width = (ui.available_width() - names - 80.0).clamp(80.0, 320.0);
    egui::Grid::new("f1-chart")
        .num_columns(3)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            for (name, prf) in CHART.iter().zip(rows) {
                ui.label(*name);
                let (rect, response) =
                    ui.allocate_exact_size(egui::vec2(width, 16.0), egui::Sense::hover());
                let f1 = prf.f1();
                ui.painter().rect_filled(rect, 2.0, track);
                let mut bar = rect;
                bar.set_width(rect.width() * f1.unwrap_or(0.0).clamp(0.0, 1.0) as f32);
                ui.painter().rect_filled(bar, 2.0, fill);
                response.on_hover_text(format!(
                    "{name}: F1 {}, precision {}, recall {}",
                    cell(f1),
                    cell(prf.precision()),
                    cell(prf.recall())
                ));
                ui.label(RichText::new(cell(f1)).monospace());
                ui.end_row();
            }
        });
}

fn confusion_chart(ui: &mut Ui, eval: &Evaluation) {
    ui.label(RichText::new("Stance: reference (rows) × scored (columns)").strong());
    let stance = &eval.total.stance;
    let labels: Vec<String> = stance.labels().into_iter().map(String::from).collect();
    if labels.is_empty() {
        ui.label("No stances on matched quotes.");
        return;
    }
    let n = labels.len();
    let most = labels
        .iter()
        .flat_map(|g| labels.iter().map(move |p| (g, p)))
        .map(|(g, p)| stance.count(g, p))
        .max()
        .unwrap_or(1)
        .max(1);
    let names = labels.clone();
    let axis = move |value: f64| {
        let i = value.round();
        if (value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < names.len() {
            names[i as usize].clone()
        } else {
            String::new()
        }
    };
    let rows = axis.clone();
    let dark = ui.visuals().dark_mode;
    Plot::new("confusion-chart")
        .height(220.0)
        .data_aspect(1.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .show_grid(false)
        .x_axis_formatter(move |mark, _| axis(mark.value))
        // Row 0 at the top, as tables read.
        .y_axis_formatter(move |mark, _| rows((n as f64 - 1.0) - mark.value))
        .show(ui, |plot| {
            for (r, g) in labels.iter().enumerate() {
                for (c, p) in labels.iter().enumerate() {
                    let count = stance.count(g, p);
                    let (x, y) = (c as f64, (n - 1 - r) as f64);
                    let strength = count as f32 / most as f32;
                    let base = if r == c {
                        Color32::from_rgb(60, 170, 90)
                    } else {
                        Color32::from_rgb(220, 90, 70)
                    };
                    let alpha = (30.0 + 200.0 * strength) as u8;
                    let fill = Color32::from_rgba_unmultiplied(base.r(), base.g(), base.b(), alpha);
                    let square = vec![
                        [x - 0.48, y - 0.48],
                        [x + 0.48, y - 0.48],
                        [x + 0.48, y + 0.48],
                        [x - 0.48, y + 0.48],
                    ];
                    plot.polygon(
                        Polygon::new(format!("{g} → {p}"), square)
                            .fill_color(fill)
                            .width(0.0),
                    );
                    let colour = if dark { Color32::WHITE } else { Color32::BLACK };
                    plot.text(Text::new("", PlotPoint::new(x, y), count.to_string()).color(colour));
                }
            }
        });
}
