//! Trains the shipped line model (`src/suggest/default_model.ron`) on the public noise
//! sets, reports cross-validated scores, and the effect of adapting it to five pages.
//!
//! ```text
//! cargo run --release --example train_default [-- DIR] [--write | --cv-only]
//! ```
//! DIR defaults to `../shared/dev-data`. Reproducible: the fit is deterministic (Newton's
//! method from zero), the sets are read in file order. `--write` saves the model over
//! `src/suggest/default_model.ron`; without it, only the scores are printed (`--cv-only`:
//! only the cross-validated ones).
//!
//! Training data: every scored line of `noise-pages-dev` and `noise-turku-en-train`, and
//! the lines of 200 articles of `quotes-polnear-train` as clean lines (clean news prose
//! that must stay); Turku's lines count [`WEB_WEIGHT`] times. Cross-validation: 5 folds,
//! pages grouped by site.

use std::path::PathBuf;
use std::time::Instant;

use sayso::metrics::devsets::{DevDoc, read_set};
use sayso::metrics::eval::Prf;
use sayso::suggest::Model;
use sayso::suggest::train::{LabelledLines, cross_validate, fit_lines, score_lines};
use sayso::text::Text;

/// How much a line of `noise-turku-en-train` counts: its 1,891 lines of mixed web genres
/// would otherwise weigh a tenth of the news pages' 18,575, and the model would learn the
/// news pages' conventions alone. (Cross-validated, 1 gives Turku noise F1 0.680, 3 gives
/// 0.693 and 6 0.710, at the cost of the pages' body F1: 0.801, 0.804, 0.792.)
const WEB_WEIGHT: f64 = 3.0;

fn labelled(doc: &DevDoc) -> LabelledLines {
    let text = Text::new(doc.text.clone());
    let labels = doc.line_labels(text.line_count());
    LabelledLines {
        text,
        labels,
        weight: 1.0,
    }
}

/// Every non-empty line clean.
fn all_clean(doc: &DevDoc) -> LabelledLines {
    let text = Text::new(doc.text.clone());
    let labels = (0..text.line_count())
        .map(|i| (!text.line(i).unwrap_or("").trim().is_empty()).then_some(false))
        .collect();
    LabelledLines {
        text,
        labels,
        weight: 1.0,
    }
}

/// A page's site: its id without trailing digits ("al.com1" -> "al.com").
fn site(id: &str) -> String {
    id.trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

fn f1(p: &Prf) -> String {
    p.f1().map_or("-".into(), |x| format!("{x:.3}"))
}

fn main() -> anyhow::Result<()> {
    let mut dir = PathBuf::from("../shared/dev-data");
    let (mut write, mut cv_only) = (false, false);
    for a in std::env::args().skip(1) {
        if a == "--write" {
            write = true;
        } else if a == "--cv-only" {
            cv_only = true;
        } else {
            dir = PathBuf::from(a);
        }
    }
    let pages = read_set(&dir.join("noise-pages-dev"))?;
    let turku = read_set(&dir.join("noise-turku-en-train"))?;
    let polnear = read_set(&dir.join("quotes-polnear-train"))?;
    let mut docs = Vec::new();
    let mut groups = Vec::new();
    for d in &pages {
        docs.push(labelled(d));
        groups.push(format!("pages:{}", site(&d.id)));
    }
    for d in &turku {
        let mut l = labelled(d);
        l.weight = WEB_WEIGHT;
        docs.push(l);
        groups.push(format!("turku:{}", d.id));
    }
    for d in polnear.iter().take(200) {
        docs.push(all_clean(d));
        groups.push(format!("polnear:{}", d.id));
    }
    let lines: usize = docs.iter().map(|d| d.labels.iter().flatten().count()).sum();
    println!("{} documents, {lines} labelled lines", docs.len());

    // Cross-validated scores per set: folds over all training documents, scored per set.
    for (name, prefix) in [
        ("noise-pages-dev", "pages:"),
        ("noise-turku-en-train", "turku:"),
    ] {
        let (n, c) = cross_validate_set(&docs, &groups, prefix);
        println!(
            "{name} (5-fold, cross-validated): noise F1 {} / clean F1 {}",
            f1(&n),
            f1(&c)
        );
    }

    if cv_only {
        return Ok(());
    }
    let start = Instant::now();
    let model = fit_lines(&docs, None);
    println!("fitted on all in {:.2} s", start.elapsed().as_secs_f64());

    // Adapting to a new site: a model trained without the pages, then on five of them,
    // scored on the pages of the other sites.
    let rest: Vec<LabelledLines> = docs
        .iter()
        .zip(&groups)
        .filter(|(_, g)| !g.starts_with("pages:"))
        .map(|(d, _)| LabelledLines {
            text: d.text.clone(),
            labels: d.labels.clone(),
            weight: d.weight,
        })
        .collect();
    let base = fit_lines(&rest, None);
    let five: Vec<usize> = (0..pages.len()).step_by(21).take(5).collect();
    let sites: Vec<String> = five.iter().map(|&i| site(&pages[i].id)).collect();
    let train5: Vec<LabelledLines> = five.iter().map(|&i| labelled(&pages[i])).collect();
    let adapted = fit_lines(&train5, Some(&base));
    let (mut bn, mut bc, mut an, mut ac) = Default::default();
    for d in pages.iter().filter(|d| !sites.contains(&site(&d.id))) {
        let l = labelled(d);
        let (n, c) = score_lines(&base, &l);
        add(&mut bn, &n);
        add(&mut bc, &c);
        let (n, c) = score_lines(&adapted, &l);
        add(&mut an, &n);
        add(&mut ac, &c);
    }
    println!(
        "pages of other sites, model without pages: noise F1 {} / body F1 {}; \
         after training on 5 pages ({}): noise F1 {} / body F1 {}",
        f1(&bn),
        f1(&bc),
        sites.join(", "),
        f1(&an),
        f1(&ac)
    );

    // Training time on about 1,000 documents: the same sets with all of PolNeAR's.
    let mut many: Vec<LabelledLines> = pages.iter().chain(&turku).map(labelled).collect();
    many.extend(polnear.iter().map(all_clean));
    let lines: usize = many.iter().map(|d| d.labels.iter().flatten().count()).sum();
    let start = Instant::now();
    let _ = fit_lines(&many, None);
    println!(
        "fitting on {} documents ({lines} lines, {:.1} MB): {:.2} s",
        many.len(),
        many.iter().map(|d| d.text.len_bytes()).sum::<usize>() as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );

    if write {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/suggest/default_model.ron");
        let mut m = Model::rules_only();
        m.noise = Some(model);
        m.save(&path)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

fn add(a: &mut Prf, b: &Prf) {
    a.add(b);
}

fn cross_validate_set(docs: &[LabelledLines], groups: &[String], prefix: &str) -> (Prf, Prf) {
    // Only the documents of the set are held out; the others always train.
    let folded: Vec<Option<String>> = groups
        .iter()
        .map(|g| g.starts_with(prefix).then(|| g.clone()))
        .collect();
    cross_validate(docs, &folded, 5, None)
}
