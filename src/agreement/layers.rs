//! Agreement between annotators' layers of the same documents (`sayso agree`).
//!
//! - **Noise lines**: the units are the document's non-blank lines; each layer labels each
//!   line noise or content (binary), and by category (the category name, or `content`).
//!   Cohen's kappa for two layers, Fleiss' kappa for more, Krippendorff's alpha (nominal)
//!   for any number.
//! - **Mentions, quote contents, cues**: for every pair of layers, the one named first is
//!   the reference and the other is scored against it ([`crate::metrics::evaluate`]):
//!   F1, exact and overlap. F1 is symmetric under exact matching; overlap matching asks
//!   the other layer to cover half of each reference item, so the order can matter there.
//! - **Attribution**: on the pair's quotes matched by overlap that have a speaker on at
//!   least one side, the share whose speakers are the same person (speakers correspond
//!   through their mentions, else their names: [`crate::metrics::pairs`]).
//! - **Stance**: the units are (quote, target) with the label each layer gives (or
//!   [`NO_STANCE`]). The quotes are those of the first layer (the pivot) that are matched
//!   by overlap in every other layer; with two layers, simply the matched quote pairs.
//!   Coefficients as for noise lines.
//!
//! Project figures pool the units of every document (lines, quotes) before computing a
//! coefficient, and sum the counts behind F1 (micro-averaging). Only documents that have
//! every named layer count; the others are listed as skipped.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::coefficients::{cohen_kappa, fleiss_kappa_from_labels, krippendorff_alpha};
use crate::metrics::eval::{Matched, NO_STANCE};
use crate::metrics::{evaluate, pairs};
use crate::model::{Layer, Project};
use crate::text::Text;

/// The label of a non-blank line no layer marks as noise.
pub const CONTENT: &str = "content";
/// The binary label of a noise line.
pub const NOISE: &str = "noise";

/// Chance-corrected agreement over a set of units, each labelled by every layer.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Coefficients {
    /// Units the figures rest on (lines, or quote-target pairs).
    pub items: usize,
    /// Share of units on which every layer gives the same label.
    pub observed: Option<f64>,
    /// Two layers only.
    pub cohen_kappa: Option<f64>,
    /// Three layers or more.
    pub fleiss_kappa: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
}

impl Coefficients {
    /// `units[u][l]` is layer `l`'s label of unit `u`. Undefined figures are `None` (see
    /// [`super::coefficients`]), e.g. when every label is the same.
    pub fn of(units: &[Vec<String>]) -> Coefficients {
        let raters = units.first().map_or(0, Vec::len);
        let same = units
            .iter()
            .filter(|u| u.iter().all(|l| *l == u[0]))
            .count();
        let column = |l: usize| -> Vec<&str> { units.iter().map(|u| u[l].as_str()).collect() };
        let matrix: Vec<Vec<Option<&str>>> = (0..raters)
            .map(|l| column(l).into_iter().map(Some).collect())
            .collect();
        Coefficients {
            items: units.len(),
            observed: (!units.is_empty()).then(|| same as f64 / units.len() as f64),
            cohen_kappa: (raters == 2)
                .then(|| cohen_kappa(&column(0), &column(1)))
                .flatten(),
            fleiss_kappa: (raters > 2)
                .then(|| fleiss_kappa_from_labels(units))
                .flatten(),
            krippendorff_alpha: krippendorff_alpha(&matrix),
        }
    }
}

/// A share of items: `agreed` of `items`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Share {
    pub agreed: usize,
    pub items: usize,
}

impl Share {
    /// `None` without items.
    pub fn value(&self) -> Option<f64> {
        (self.items > 0).then(|| self.agreed as f64 / self.items as f64)
    }
}

impl Serialize for Share {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out {
            agreed: usize,
            items: usize,
            value: Option<f64>,
        }
        let (agreed, items, value) = (self.agreed, self.items, self.value());
        Out {
            agreed,
            items,
            value,
        }
        .serialize(s)
    }
}

/// Span agreement between two layers; in each [`crate::metrics::Prf`], `gold` counts the
/// reference layer's items and `predicted` the other's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    pub reference: String,
    pub other: String,
    pub mentions: Matched,
    pub quotes: Matched,
    pub cues: Matched,
    /// Matched quotes (by overlap) with a speaker on either side that go to the same person.
    pub attribution: Share,
}

impl Pair {
    fn add(&mut self, other: &Pair) {
        self.mentions.add(&other.mentions);
        self.quotes.add(&other.quotes);
        self.cues.add(&other.cues);
        self.attribution.agreed += other.attribution.agreed;
        self.attribution.items += other.attribution.items;
    }
}

/// Every figure for one document, or pooled over a project.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocumentAgreement {
    /// Noise or content, per non-blank line.
    pub noise: Coefficients,
    /// Noise category or content, per non-blank line.
    pub noise_category: Coefficients,
    /// Every pair of layers, in the order named (first with second, first with third, …).
    pub pairs: Vec<Pair>,
    /// Per (quote matched across the layers, target).
    pub stance: Coefficients,
}

impl DocumentAgreement {
    /// One number per document, to sort documents by disagreement: the mean of the noise
    /// alpha and the quotes' overlap F1 (averaged over pairs), of those that are defined.
    pub fn headline(&self) -> Option<f64> {
        mean(
            [self.noise.krippendorff_alpha, self.quotes_f1()]
                .into_iter()
                .flatten(),
        )
    }

    /// The quotes' overlap F1, averaged over the pairs where it is defined.
    pub fn quotes_f1(&self) -> Option<f64> {
        mean(self.pairs.iter().filter_map(|p| p.quotes.overlap.f1()))
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// The labelled units of one document, kept to pool them over a project.
#[derive(Debug, Default)]
struct Units {
    noise: Vec<Vec<String>>,
    noise_category: Vec<Vec<String>>,
    stance: Vec<Vec<String>>,
}

impl Units {
    fn of(text: &Text, layers: &[(&str, &Layer)]) -> Units {
        let mut units = Units::default();
        let blank = |i: usize| text.line(i).is_none_or(|l| l.trim().is_empty());
        for line in (0..text.line_count()).filter(|&i| !blank(i)) {
            let noise = layers.iter().map(|(_, l)| l.noise_line(line));
            let binary = noise
                .clone()
                .map(|n| if n.is_some() { NOISE } else { CONTENT });
            units.noise.push(binary.map(String::from).collect());
            let category = noise.map(|n| n.map_or(CONTENT, |n| n.category.as_str()));
            units
                .noise_category
                .push(category.map(String::from).collect());
        }
        units.stance = stance_units(layers);
        units
    }

    fn extend(&mut self, other: Units) {
        self.noise.extend(other.noise);
        self.noise_category.extend(other.noise_category);
        self.stance.extend(other.stance);
    }

    fn coefficients(&self, pairs: Vec<Pair>) -> DocumentAgreement {
        DocumentAgreement {
            noise: Coefficients::of(&self.noise),
            noise_category: Coefficients::of(&self.noise_category),
            pairs,
            stance: Coefficients::of(&self.stance),
        }
    }
}

/// (pivot quote, target) units: the first layer's quotes matched in every other layer.
fn stance_units(layers: &[(&str, &Layer)]) -> Vec<Vec<String>> {
    let Some(((_, pivot), others)) = layers.split_first() else {
        return Vec::new();
    };
    // For each other layer, the id of its quote matched to each pivot quote.
    let matched: Vec<HashMap<&str, &str>> = others
        .iter()
        .map(|(_, other)| {
            let pairs = pairs::matched_quotes(pivot, other);
            let ids = pairs
                .iter()
                .map(|p| (p.reference.id.as_str(), p.other.id.as_str()));
            ids.collect()
        })
        .collect();
    let mut units = Vec::new();
    for quote in &pivot.quotes {
        let Some(ids) = matched
            .iter()
            .map(|m| m.get(quote.id.as_str()).copied())
            .collect::<Option<Vec<&str>>>()
        else {
            continue;
        };
        let labels: Vec<_> = std::iter::once((*pivot, quote.id.as_str()))
            .chain(others.iter().map(|(_, l)| *l).zip(ids))
            .map(|(layer, id)| pairs::stance_labels(layer, id))
            .collect();
        let targets: BTreeSet<&str> = labels.iter().flat_map(|l| l.keys().copied()).collect();
        for target in targets {
            let of =
                |l: &BTreeMap<&str, &str>| l.get(target).copied().unwrap_or(NO_STANCE).to_string();
            units.push(labels.iter().map(of).collect());
        }
    }
    units
}

/// Every pair of layers, the first named as reference.
fn pairs_of(layers: &[(&str, &Layer)]) -> Vec<Pair> {
    let mut out = Vec::new();
    for (i, (ref_name, reference)) in layers.iter().enumerate() {
        for (other_name, other) in &layers[i + 1..] {
            let scores = evaluate(reference, other);
            let matched = pairs::matched_quotes(reference, other);
            let attributed = matched.iter().filter(|p| p.attributed());
            out.push(Pair {
                reference: ref_name.to_string(),
                other: other_name.to_string(),
                mentions: scores.mentions,
                quotes: scores.quotes,
                cues: scores.cues,
                attribution: Share {
                    agreed: attributed.clone().filter(|p| p.same_speaker()).count(),
                    items: attributed.count(),
                },
            });
        }
    }
    out
}

/// Agreement between `layers` (name and layer) of one document with text `text`.
pub fn agree_document(text: &Text, layers: &[(&str, &Layer)]) -> DocumentAgreement {
    Units::of(text, layers).coefficients(pairs_of(layers))
}

/// One document's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentFigures {
    pub id: String,
    #[serde(flatten)]
    pub agreement: DocumentAgreement,
    /// [`DocumentAgreement::headline`].
    pub headline: Option<f64>,
}

/// A document left out because it lacks some of the layers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub id: String,
    pub missing: Vec<String>,
}

/// Agreement over a project: per document, and pooled over them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub layers: Vec<String>,
    /// Documents that have every layer, in project order.
    pub documents: Vec<DocumentFigures>,
    pub skipped: Vec<Skipped>,
    pub total: DocumentAgreement,
}

impl Agreement {
    /// The documents, least agreement first (documents without a headline last): where a
    /// reviewer should look first.
    pub fn by_disagreement(&self) -> Vec<&DocumentFigures> {
        let mut docs: Vec<_> = self.documents.iter().collect();
        let key = |d: &DocumentFigures| d.headline.unwrap_or(f64::INFINITY);
        docs.sort_by(|a, b| key(a).total_cmp(&key(b)));
        docs
    }
}

/// Agreement between the named layers over every document that has all of them.
pub fn agree_project(project: &Project, layers: &[String]) -> Agreement {
    let mut agreeing = Agreeing::new(layers);
    agreeing.add(project);
    agreeing.finish()
}

/// [`agree_project`] part by part: the documents of each part are added in order, and
/// [`Agreeing::finish`] gives what `agree_project` gives for all of them. Memory holds the
/// figures and the pooled units (a few labels per line), not the layers.
#[derive(Debug)]
pub struct Agreeing {
    layers: Vec<String>,
    documents: Vec<DocumentFigures>,
    skipped: Vec<Skipped>,
    pooled: Units,
    pairs: Vec<Pair>,
}

impl Agreeing {
    pub fn new(layers: &[String]) -> Self {
        Agreeing {
            layers: layers.to_vec(),
            documents: Vec::new(),
            skipped: Vec::new(),
            pooled: Units::default(),
            pairs: Vec::new(),
        }
    }

    /// Adds the documents of `project` (a part of a project), after those added before.
    pub fn add(&mut self, project: &Project) {
        let layers = &self.layers;
        for doc in &project.documents {
            let missing: Vec<String> = layers
                .iter()
                .filter(|l| !doc.layers.contains_key(*l))
                .cloned()
                .collect();
            if !missing.is_empty() {
                let id = doc.id.clone();
                self.skipped.push(Skipped { id, missing });
                continue;
            }
            let named: Vec<(&str, &Layer)> = layers
                .iter()
                .map(|l| (l.as_str(), &doc.layers[l]))
                .collect();
            let units = Units::of(&doc.text, &named);
            let agreement = units.coefficients(pairs_of(&named));
            self.pooled.extend(units);
            if self.pairs.is_empty() {
                self.pairs = agreement.pairs.clone();
            } else {
                self.pairs
                    .iter_mut()
                    .zip(&agreement.pairs)
                    .for_each(|(p, q)| p.add(q));
            }
            self.documents.push(DocumentFigures {
                id: doc.id.clone(),
                headline: agreement.headline(),
                agreement,
            });
        }
    }

    pub fn finish(self) -> Agreement {
        Agreement {
            total: self.pooled.coefficients(self.pairs),
            layers: self.layers,
            documents: self.documents,
            skipped: self.skipped,
        }
    }
}
