//! Fitting the line model on labelled documents, and scoring it by cross-validation.
//!
//! [`fit_lines`] fits both logistic models of [`LineModel`] on documents whose lines are
//! labelled noise or clean; with a prior (the shipped model), the weights are pulled
//! toward it, so five labelled documents adapt it rather than start from nothing.
//! [`cross_validate`] holds out each fold of documents in turn (folds by group, e.g. one
//! site's pages together) and counts line labels on the held-out ones.

use super::lines::{CONTEXT, LOCAL, LineModel, context_rows, doc_features, joined, joined_names};
use super::logistic::Logistic;
use crate::metrics::eval::Prf;
use crate::text::Text;

/// A document whose lines are labelled: `Some(true)` noise, `Some(false)` clean, `None`
/// not labelled.
pub struct LabelledLines {
    pub text: Text,
    pub labels: Vec<Option<bool>>,
    /// How much each of its lines counts in the fit (1 in a project).
    pub weight: f64,
}

/// Penalty of the weights when fitting from scratch.
const LAMBDA: f64 = 1.0;
/// Penalty pulling the weights toward the prior when adapting it.
const LAMBDA_PRIOR: f64 = 30.0;

/// Fits a line model on `docs`, from scratch or pulled toward `prior`.
pub fn fit_lines(docs: &[LabelledLines], prior: Option<&LineModel>) -> LineModel {
    let feats: Vec<_> = docs.iter().map(|d| doc_features(&d.text)).collect();
    let (mut xs, mut ys, mut ws) = (Vec::new(), Vec::new(), Vec::new());
    for (d, f) in docs.iter().zip(&feats) {
        for (x, y) in f.local.iter().zip(&d.labels) {
            if let (Some(x), Some(y)) = (x, y) {
                xs.push(x.clone());
                ys.push(*y);
                ws.push(d.weight);
            }
        }
    }
    let lambda = if prior.is_some() {
        LAMBDA_PRIOR
    } else {
        LAMBDA
    };
    let local = Logistic::fit(LOCAL, &xs, &ys, &ws, prior.map(|p| &p.local), lambda);
    let (mut xs, mut ys, mut ws) = (Vec::new(), Vec::new(), Vec::new());
    for (d, f) in docs.iter().zip(&feats) {
        let p1: Vec<f64> = f
            .local
            .iter()
            .map(|x| x.as_ref().map_or(0.0, |x| local.predict(x)))
            .collect();
        let ctx = context_rows(f, &p1);
        for ((x, c), y) in f.local.iter().zip(&ctx).zip(&d.labels) {
            if let (Some(x), Some(c), Some(y)) = (x, c, y) {
                xs.push(joined(x, c));
                ys.push(*y);
                ws.push(d.weight);
            }
        }
    }
    debug_assert_eq!(joined_names().len(), LOCAL.len() + CONTEXT.len());
    let names = joined_names();
    let context = Logistic::fit(&names, &xs, &ys, &ws, prior.map(|p| &p.context), lambda);
    LineModel {
        local,
        context,
        threshold: prior.map_or(0.5, |p| p.threshold),
    }
}

/// Noise and clean counts of `model` on `doc`'s labelled lines.
pub fn score_lines(model: &LineModel, doc: &LabelledLines) -> (Prf, Prf) {
    let predicted = model.detect(&doc.text);
    let (mut noise, mut clean) = (Prf::default(), Prf::default());
    for (p, y) in predicted.iter().zip(&doc.labels) {
        let Some(y) = *y else { continue };
        let p = p.is_some();
        for (prf, positive) in [(&mut noise, true), (&mut clean, false)] {
            let (g, q) = (y == positive, p == positive);
            prf.gold += usize::from(g);
            prf.predicted += usize::from(q);
            prf.matched += usize::from(g && q);
        }
    }
    (noise, clean)
}

/// `folds`-fold cross-validation over documents, kept together by `group` (documents of
/// one group are in one fold; a document without a group always trains and is never
/// scored): noise and clean counts over every held-out line.
pub fn cross_validate(
    docs: &[LabelledLines],
    groups: &[Option<String>],
    folds: usize,
    prior: Option<&LineModel>,
) -> (Prf, Prf) {
    let mut names: Vec<&String> = groups.iter().flatten().collect();
    names.sort();
    names.dedup();
    let folds = folds.max(1);
    let fold_of = |g: &Option<String>| {
        g.as_ref()
            .map(|g| names.binary_search(&g).unwrap_or(0) % folds)
    };
    let (mut noise, mut clean) = (Prf::default(), Prf::default());
    for k in 0..folds {
        let train: Vec<usize> = (0..docs.len())
            .filter(|&i| fold_of(&groups[i]) != Some(k))
            .collect();
        let test: Vec<usize> = (0..docs.len())
            .filter(|&i| fold_of(&groups[i]) == Some(k))
            .collect();
        if train.is_empty() || test.is_empty() {
            continue;
        }
        let subset: Vec<LabelledLines> = train
            .iter()
            .map(|&i| LabelledLines {
                text: docs[i].text.clone(),
                labels: docs[i].labels.clone(),
                weight: docs[i].weight,
            })
            .collect();
        let model = fit_lines(&subset, prior);
        for &i in &test {
            let (n, c) = score_lines(&model, &docs[i]);
            noise.add(&n);
            clean.add(&c);
        }
    }
    (noise, clean)
}

/// What [`train_project`] did: the model, and its cross-validated line scores next to
/// those of the model it started from.
pub struct Trained {
    pub model: super::Model,
    /// Documents whose layer was used.
    pub documents: usize,
    /// Labelled lines.
    pub lines: usize,
    /// Folds of the cross-validation (0 when there were too few documents).
    pub folds: usize,
    /// Held-out (noise, clean) counts of the trained model, and of the starting model on
    /// the same lines.
    pub cross_validated: (Prf, Prf),
    pub before: (Prf, Prf),
    pub seconds: f64,
}

/// The documents of `project` with labels in `layer`: a layer marked done or reviewed, or
/// one with any noise line or quote. Every non-empty line not marked noise is clean.
pub fn labelled_documents(project: &crate::model::Project, layer: &str) -> Vec<LabelledLines> {
    use crate::model::Status;
    let mut out = Vec::new();
    for doc in &project.documents {
        let Some(l) = doc.layers.get(layer) else {
            continue;
        };
        let done = matches!(l.status, Status::Done | Status::Reviewed);
        if !done && l.noise.is_empty() && l.quotes.is_empty() {
            continue;
        }
        let n = doc.text.line_count();
        let mut labels: Vec<Option<bool>> = (0..n)
            .map(|i| (!doc.text.line(i).unwrap_or("").trim().is_empty()).then_some(false))
            .collect();
        for noise in &l.noise {
            if let Some(x) = labels.get_mut(noise.line) {
                *x = Some(true);
            }
        }
        out.push(LabelledLines {
            text: doc.text.clone(),
            labels,
            weight: 1.0,
        });
    }
    out
}

/// Fits the suggester to `layer` of `project`: the line model pulled toward `start`'s (the
/// shipped model, or the project's previous one), with 5-fold cross-validation (fewer
/// folds with fewer documents), and the quote conventions of the layer.
pub fn train_project(
    project: &crate::model::Project,
    layer: &str,
    start: &super::Model,
) -> anyhow::Result<Trained> {
    let begin = std::time::Instant::now();
    let docs = labelled_documents(project, layer);
    if docs.is_empty() {
        anyhow::bail!(
            "no document has labels in layer {layer:?} (a layer marked done, or with noise \
             lines or quotes)"
        );
    }
    let prior = start.noise.as_ref();
    let lines = docs.iter().map(|d| d.labels.iter().flatten().count()).sum();
    let folds = docs.len().min(5);
    let (mut cross_validated, mut before) = Default::default();
    if folds >= 2 {
        let groups: Vec<Option<String>> =
            (0..docs.len()).map(|i| Some(format!("{i:08}"))).collect();
        cross_validated = cross_validate(&docs, &groups, folds, prior);
        if let Some(p) = prior {
            let (mut n, mut c) = (Prf::default(), Prf::default());
            for d in &docs {
                let (a, b) = score_lines(p, d);
                n.add(&a);
                c.add(&b);
            }
            before = (n, c);
        }
    }
    let mut model = start.clone();
    model.noise = Some(fit_lines(&docs, prior));
    model.quotes = super::conventions::learn(project, layer, &start.quotes);
    Ok(Trained {
        model,
        documents: docs.len(),
        lines,
        folds: if folds >= 2 { folds } else { 0 },
        cross_validated,
        before,
        seconds: begin.elapsed().as_secs_f64(),
    })
}
