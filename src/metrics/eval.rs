//! Scoring a prediction layer against a gold layer (`sayso eval`, the window's score panel).
//!
//! Per category: noise lines (by line), speaker mentions, quote contents and cues (exact
//! and overlap, see [`super::matching`]); attribution (a quote matched by overlap whose
//! predicted speaker is the gold speaker); stances on matched quotes (accuracy, macro-F1,
//! confusion matrix). Project figures are micro-averaged: counts are summed over
//! documents, then divided.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Serialize, Serializer};

use super::matching::{Extent, Matching, match_items};
use super::pairs;
use crate::model::{Layer, Project};

/// Counts behind precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prf {
    pub matched: usize,
    pub gold: usize,
    pub predicted: usize,
}

impl Prf {
    /// `None` when nothing was predicted.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.matched, self.predicted)
    }

    /// `None` when the gold layer has nothing of this kind.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.matched, self.gold)
    }

    /// `None` when both layers are empty: nothing to be right or wrong about.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.matched, self.gold + self.predicted)
    }

    /// Sums counts (micro-averaging).
    pub fn add(&mut self, other: &Prf) {
        self.matched += other.matched;
        self.gold += other.gold;
        self.predicted += other.predicted;
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

impl Serialize for Prf {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out {
            matched: usize,
            gold: usize,
            predicted: usize,
            precision: Option<f64>,
            recall: Option<f64>,
            f1: Option<f64>,
        }
        Out {
            matched: self.matched,
            gold: self.gold,
            predicted: self.predicted,
            precision: self.precision(),
            recall: self.recall(),
            f1: self.f1(),
        }
        .serialize(s)
    }
}

/// One category under both matchings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Matched {
    pub exact: Prf,
    pub overlap: Prf,
}

impl Matched {
    pub fn get(&self, how: Matching) -> &Prf {
        match how {
            Matching::Exact => &self.exact,
            Matching::Overlap => &self.overlap,
        }
    }

    pub fn add(&mut self, other: &Matched) {
        self.exact.add(&other.exact);
        self.overlap.add(&other.overlap);
    }
}

/// Stance labels of matched quotes, per target: gold label → predicted label → count.
/// A side without a stance toward the target counts as [`NO_STANCE`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StanceScores {
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

/// The label of a matched quote that has no stance toward a target the other side has.
pub const NO_STANCE: &str = "(none)";

impl StanceScores {
    pub fn total(&self) -> usize {
        self.confusion.values().flat_map(|row| row.values()).sum()
    }

    /// Every label that occurs, gold or predicted, sorted.
    pub fn labels(&self) -> Vec<&str> {
        let mut labels: BTreeSet<&str> = self.confusion.keys().map(String::as_str).collect();
        for row in self.confusion.values() {
            labels.extend(row.keys().map(String::as_str));
        }
        labels.into_iter().collect()
    }

    pub fn count(&self, gold: &str, pred: &str) -> usize {
        self.confusion
            .get(gold)
            .and_then(|row| row.get(pred))
            .copied()
            .unwrap_or(0)
    }

    /// Share of pairs with the same label; `None` without pairs.
    pub fn accuracy(&self) -> Option<f64> {
        let same = self.labels().iter().map(|l| self.count(l, l)).sum();
        ratio(same, self.total())
    }

    /// The unweighted mean of each label's F1 (as scikit-learn's `average="macro"`).
    pub fn macro_f1(&self) -> Option<f64> {
        let labels = self.labels();
        if labels.is_empty() {
            return None;
        }
        let f1s = labels.iter().map(|&l| {
            let tp = self.count(l, l);
            let row: usize = self.confusion.get(l).map_or(0, |r| r.values().sum());
            let column: usize = self.confusion.values().filter_map(|r| r.get(l)).sum();
            ratio(2 * tp, row + column).unwrap_or(0.0)
        });
        Some(f1s.sum::<f64>() / labels.len() as f64)
    }

    fn add(&mut self, other: &StanceScores) {
        for (gold, row) in &other.confusion {
            for (pred, n) in row {
                self.note(gold, pred, *n);
            }
        }
    }

    fn note(&mut self, gold: &str, pred: &str, n: usize) {
        let row = self.confusion.entry(gold.to_string()).or_default();
        *row.entry(pred.to_string()).or_default() += n;
    }
}

impl Serialize for StanceScores {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            pairs: usize,
            accuracy: Option<f64>,
            macro_f1: Option<f64>,
            confusion: &'a BTreeMap<String, BTreeMap<String, usize>>,
        }
        Out {
            pairs: self.total(),
            accuracy: self.accuracy(),
            macro_f1: self.macro_f1(),
            confusion: &self.confusion,
        }
        .serialize(s)
    }
}

/// Every figure for one document, or summed over a project.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Lines marked noise in both layers.
    pub noise: Prf,
    /// Noise lines whose category agrees too.
    pub noise_category: Prf,
    pub mentions: Matched,
    pub quotes: Matched,
    pub cues: Matched,
    /// Quotes matched by overlap and given to the gold speaker; gold and predicted count
    /// the quotes that have a speaker.
    pub attribution: Prf,
    pub stance: StanceScores,
}

impl Scores {
    fn add(&mut self, other: &Scores) {
        self.noise.add(&other.noise);
        self.noise_category.add(&other.noise_category);
        self.mentions.add(&other.mentions);
        self.quotes.add(&other.quotes);
        self.cues.add(&other.cues);
        self.attribution.add(&other.attribution);
        self.stance.add(&other.stance);
    }

    /// The rows a table or a chart shows: name and figures.
    pub fn rows(&self) -> Vec<(&'static str, Prf)> {
        vec![
            ("noise lines", self.noise),
            ("noise categories", self.noise_category),
            ("mentions (exact)", self.mentions.exact),
            ("mentions (overlap)", self.mentions.overlap),
            ("quotes (exact)", self.quotes.exact),
            ("quotes (overlap)", self.quotes.overlap),
            ("cues (exact)", self.cues.exact),
            ("cues (overlap)", self.cues.overlap),
            ("attribution", self.attribution),
        ]
    }
}

/// Scores `pred` against `gold` for one document.
pub fn evaluate(gold: &Layer, pred: &Layer) -> Scores {
    let mut scores = Scores {
        noise: Prf::default(),
        noise_category: Prf::default(),
        ..Scores::default()
    };
    score_noise(gold, pred, &mut scores);
    scores.mentions = score_both(&pairs::mentions(gold).0, &pairs::mentions(pred).0);
    scores.quotes = score_both(&pairs::quote_contents(gold), &pairs::quote_contents(pred));
    scores.cues = score_both(&pairs::cues(gold), &pairs::cues(pred));

    let with_speaker = |layer: &Layer| layer.quotes.iter().filter(|q| q.speaker.is_some()).count();
    scores.attribution.gold = with_speaker(gold);
    scores.attribution.predicted = with_speaker(pred);
    for pair in pairs::matched_quotes(gold, pred) {
        scores.attribution.matched += usize::from(pair.same_speaker());
        score_stances(
            gold,
            &pair.reference.id,
            pred,
            &pair.other.id,
            &mut scores.stance,
        );
    }
    scores
}

fn score_noise(gold: &Layer, pred: &Layer, scores: &mut Scores) {
    let live = |layer: &Layer| -> BTreeMap<usize, String> {
        let lines = layer.noise.iter().filter(|n| !n.orphaned);
        lines.map(|n| (n.line, n.category.clone())).collect()
    };
    let (gold, pred) = (live(gold), live(pred));
    let mut noise = Prf {
        matched: 0,
        gold: gold.len(),
        predicted: pred.len(),
    };
    let mut category = noise;
    for (line, gold_category) in &gold {
        if let Some(pred_category) = pred.get(line) {
            noise.matched += 1;
            category.matched += usize::from(pred_category == gold_category);
        }
    }
    scores.noise = noise;
    scores.noise_category = category;
}

fn score_both(gold: &[Extent], pred: &[Extent]) -> Matched {
    let prf = |how| Prf {
        matched: match_items(gold, pred, how).len(),
        gold: gold.len(),
        predicted: pred.len(),
    };
    Matched {
        exact: prf(Matching::Exact),
        overlap: prf(Matching::Overlap),
    }
}

/// Compares the stances two matched quotes are evidence for, target by target.
fn score_stances(
    gold: &Layer,
    gold_quote: &str,
    pred: &Layer,
    pred_quote: &str,
    out: &mut StanceScores,
) {
    let (gold, pred) = (
        pairs::stance_labels(gold, gold_quote),
        pairs::stance_labels(pred, pred_quote),
    );
    let targets: BTreeSet<&str> = gold.keys().chain(pred.keys()).copied().collect();
    for target in targets {
        let g = gold.get(target).copied().unwrap_or(NO_STANCE);
        let p = pred.get(target).copied().unwrap_or(NO_STANCE);
        out.note(g, p, 1);
    }
}

/// A document's scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentScores {
    pub id: String,
    pub scores: Scores,
}

/// A whole project's evaluation: per document and micro-averaged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub gold: String,
    pub pred: String,
    /// Documents that have the gold layer (a missing prediction counts as empty).
    pub documents: Vec<DocumentScores>,
    /// Documents with a prediction but no gold layer: not scored.
    pub without_gold: Vec<String>,
    pub total: Scores,
}

/// Evaluates every document that has the `gold` layer.
pub fn evaluate_project(project: &Project, gold: &str, pred: &str) -> Evaluation {
    let empty = Layer::default();
    // Documents are scored on every core, then summed in order.
    let scored = crate::parallel::map(&project.documents, |doc| {
        let g = doc.layers.get(gold)?;
        Some(evaluate(g, doc.layers.get(pred).unwrap_or(&empty)))
    });
    let mut documents = Vec::new();
    let mut without_gold = Vec::new();
    let mut total = Scores::default();
    for (doc, scored) in project.documents.iter().zip(scored) {
        match scored {
            Some(scores) => {
                total.add(&scores);
                documents.push(DocumentScores {
                    id: doc.id.clone(),
                    scores,
                });
            }
            None if doc.layers.contains_key(pred) => without_gold.push(doc.id.clone()),
            None => {}
        }
    }
    Evaluation {
        gold: gold.to_string(),
        pred: pred.to_string(),
        documents,
        without_gold,
        total,
    }
}

impl Evaluation {
    /// Adds the evaluation of more documents (the next part of a project read part by
    /// part): their scores after these, and the totals summed.
    pub fn merge(&mut self, more: Evaluation) {
        self.documents.extend(more.documents);
        self.without_gold.extend(more.without_gold);
        self.total.add(&more.total);
    }
}

/// A figure as a table cell: three decimals, or a dash when undefined.
pub fn cell(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{v:.3}"))
}

impl std::fmt::Display for Evaluation {
    /// The project table, then F1 per document.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} scored against {} over {} documents (micro-averaged)",
            self.pred,
            self.gold,
            self.documents.len()
        )?;
        writeln!(
            f,
            "{:<20} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}",
            "category", "precision", "recall", "f1", "matched", "gold", "pred"
        )?;
        for (name, prf) in self.total.rows() {
            writeln!(
                f,
                "{name:<20} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}",
                cell(prf.precision()),
                cell(prf.recall()),
                cell(prf.f1()),
                prf.matched,
                prf.gold,
                prf.predicted
            )?;
        }
        let stance = &self.total.stance;
        writeln!(
            f,
            "stance on matched quotes: {} pairs, accuracy {}, macro-F1 {}",
            stance.total(),
            cell(stance.accuracy()),
            cell(stance.macro_f1())
        )?;
        let labels = stance.labels();
        if !labels.is_empty() {
            write!(f, "  gold \\ predicted")?;
            for l in &labels {
                write!(f, " {l:>9}")?;
            }
            writeln!(f)?;
            for g in &labels {
                write!(f, "  {g:<15}")?;
                for p in &labels {
                    write!(f, " {:>9}", stance.count(g, p))?;
                }
                writeln!(f)?;
            }
        }
        writeln!(
            f,
            "per document (F1: noise, quotes overlap, cues overlap, attribution)"
        )?;
        for doc in &self.documents {
            let s = &doc.scores;
            writeln!(
                f,
                "  {:<30} {:>6} {:>6} {:>6} {:>6}",
                doc.id,
                cell(s.noise.f1()),
                cell(s.quotes.overlap.f1()),
                cell(s.cues.overlap.f1()),
                cell(s.attribution.f1())
            )?;
        }
        if !self.without_gold.is_empty() {
            // A long list is cut: 10,000 ids on one line help nobody (--json has them all).
            const SHOWN: usize = 10;
            let n = self.without_gold.len();
            let shown = self.without_gold[..n.min(SHOWN)].join(", ");
            let more = if n > SHOWN {
                format!(" and {} more", n - SHOWN)
            } else {
                String::new()
            };
            writeln!(
                f,
                "not scored (no {} layer): {n} document{}: {shown}{more}",
                self.gold,
                if n == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}
