//! Scoring a suggester on the public development sets (`../shared/dev-data/`, see its
//! README): the figures those sets were built for, and nothing else.
//!
//! A set is a folder with a `gold.jsonl` (sayso JSONL, one document a line, plus the key
//! `eval_lines` on the noise sets). [`read_set`] reads it; [`score_set`] runs a predictor
//! on every document and sums the counts (micro-averaging):
//! - **noise**: line-level precision, recall and F1 over the document's `eval_lines` only,
//!   once with noise as the positive class and once with clean (body) lines;
//! - **quotes**: a predicted quote matches a gold quote when it covers at least half of the
//!   gold content's characters, one-to-one ([`super::matching`], overlap); cues match
//!   exactly; **speaker accuracy** is the share of matched quotes with a gold source whose
//!   predicted source overlaps it; **recall per gold kind** (direct, indirect…).
//!
//! The sets are never copied into the repository: callers pass the folder, and tests skip
//! when it is absent.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::eval::Prf;
use super::matching::{Extent, Matching, match_items};
use crate::model::Layer;
use crate::text::Text;

/// A `[start, end)` code point range of a gold record.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSpan {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldNoise {
    pub line: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    pub kind: String,
    pub content: Vec<GoldSpan>,
    pub cue: Option<GoldSpan>,
    pub source: Option<GoldSpan>,
}

/// One document of a development set.
#[derive(Debug, Clone, Deserialize)]
pub struct DevDoc {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub noise: Vec<GoldNoise>,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    /// The lines that count when scoring noise; absent on quote sets.
    #[serde(default)]
    pub eval_lines: Option<Vec<usize>>,
}

impl DevDoc {
    /// The gold label of every line: `Some(true)` noise, `Some(false)` clean, `None` not
    /// scored.
    pub fn line_labels(&self, lines: usize) -> Vec<Option<bool>> {
        let mut labels = vec![None; lines];
        let noise: std::collections::HashSet<usize> = self.noise.iter().map(|n| n.line).collect();
        for &l in self.eval_lines.iter().flatten() {
            if l < lines {
                labels[l] = Some(noise.contains(&l));
            }
        }
        labels
    }
}

/// Reads `dir/gold.jsonl`.
pub fn read_set(dir: &Path) -> anyhow::Result<Vec<DevDoc>> {
    let path = dir.join("gold.jsonl");
    let data =
        std::fs::read_to_string(&path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    data.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l)
                .map_err(|e| anyhow::anyhow!("{}:{}: {e}", path.display(), n + 1))
        })
        .collect()
}

/// Noise and clean lines, each as the positive class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct NoiseScores {
    pub noise: Prf,
    pub clean: Prf,
}

/// Quotes, cues, speakers and recall per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QuoteScores {
    pub quotes: Prf,
    pub cues: Prf,
    /// Matched quotes with a gold source whose predicted source overlaps it.
    pub speaker_correct: usize,
    /// Matched quotes with a gold source.
    pub speaker_total: usize,
    /// Gold kind → (gold quotes matched, gold quotes).
    pub recall_by_kind: BTreeMap<String, (usize, usize)>,
}

impl QuoteScores {
    pub fn speaker_accuracy(&self) -> Option<f64> {
        (self.speaker_total > 0).then(|| self.speaker_correct as f64 / self.speaker_total as f64)
    }

    pub fn recall_of(&self, kind: &str) -> Option<f64> {
        let &(m, g) = self.recall_by_kind.get(kind)?;
        (g > 0).then(|| m as f64 / g as f64)
    }

    pub fn add(&mut self, o: &QuoteScores) {
        self.quotes.add(&o.quotes);
        self.cues.add(&o.cues);
        self.speaker_correct += o.speaker_correct;
        self.speaker_total += o.speaker_total;
        for (k, (m, g)) in &o.recall_by_kind {
            let e = self.recall_by_kind.entry(k.clone()).or_default();
            e.0 += m;
            e.1 += g;
        }
    }
}

/// Noise counts of one document: `pred` marks the lines it calls noise.
pub fn score_noise(doc: &DevDoc, text: &Text, pred: &Layer) -> NoiseScores {
    let labels = doc.line_labels(text.line_count());
    let mut predicted = vec![false; labels.len()];
    for n in &pred.noise {
        if let Some(p) = predicted.get_mut(n.line) {
            *p = true;
        }
    }
    let mut s = NoiseScores::default();
    for (gold, pred) in labels.iter().zip(&predicted) {
        let Some(gold) = *gold else { continue };
        for (prf, positive) in [(&mut s.noise, true), (&mut s.clean, false)] {
            let (g, p) = (gold == positive, *pred == positive);
            prf.gold += usize::from(g);
            prf.predicted += usize::from(p);
            prf.matched += usize::from(g && p);
        }
    }
    s
}

fn extent(spans: &[GoldSpan]) -> Extent {
    Extent::new(spans.iter().map(|s| s.start..s.end))
}

fn overlaps(a: &GoldSpan, b: &crate::model::Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// Quote counts of one document.
pub fn score_quotes(doc: &DevDoc, pred: &Layer) -> QuoteScores {
    let gold: Vec<Extent> = doc.quotes.iter().map(|q| extent(&q.content)).collect();
    let predicted: Vec<Extent> = pred
        .quotes
        .iter()
        .map(|q| Extent::of_spans(&q.content))
        .collect();
    let pairs = match_items(&gold, &predicted, Matching::Overlap);
    let mut s = QuoteScores {
        quotes: Prf {
            matched: pairs.len(),
            gold: gold.len(),
            predicted: predicted.len(),
        },
        ..QuoteScores::default()
    };
    let mut matched = vec![false; gold.len()];
    for &(g, p) in &pairs {
        matched[g] = true;
        if let Some(src) = &doc.quotes[g].source {
            s.speaker_total += 1;
            let pred_src = pred.quotes[p].source.as_ref();
            s.speaker_correct += usize::from(pred_src.is_some_and(|ps| overlaps(src, ps)));
        }
    }
    for (q, m) in doc.quotes.iter().zip(&matched) {
        let e = s.recall_by_kind.entry(q.kind.clone()).or_default();
        e.0 += usize::from(*m);
        e.1 += 1;
    }
    let gold_cues: Vec<Extent> = doc
        .quotes
        .iter()
        .filter_map(|q| q.cue.as_ref())
        .map(|c| Extent::new(std::iter::once(c.start..c.end)))
        .collect();
    let pred_cues: Vec<Extent> = pred
        .quotes
        .iter()
        .filter_map(|q| q.cue.as_ref())
        .map(Extent::of_span)
        .collect();
    // A cue shared by two quotes is one cue.
    let dedup = |mut v: Vec<Extent>| {
        v.sort_by_key(|e| e.ranges().first().map(|r| (r.start, r.end)));
        v.dedup();
        v
    };
    let (gold_cues, pred_cues) = (dedup(gold_cues), dedup(pred_cues));
    s.cues = Prf {
        matched: match_items(&gold_cues, &pred_cues, Matching::Exact).len(),
        gold: gold_cues.len(),
        predicted: pred_cues.len(),
    };
    s
}

/// A whole set's scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SetScores {
    pub name: String,
    pub documents: usize,
    /// Present when the set scores noise (its documents have `eval_lines`).
    pub noise: Option<NoiseScores>,
    /// Present when the set has quotes.
    pub quotes: Option<QuoteScores>,
    /// Bytes of text read and seconds spent predicting.
    pub bytes: usize,
    pub seconds: f64,
}

/// Runs `predict` on every document of `docs` and sums the scores.
pub fn score_set(name: &str, docs: &[DevDoc], predict: impl Fn(&Text) -> Layer) -> SetScores {
    let is_noise = docs.iter().any(|d| d.eval_lines.is_some());
    let is_quotes = docs.iter().any(|d| !d.quotes.is_empty());
    let mut out = SetScores {
        name: name.to_string(),
        documents: docs.len(),
        noise: is_noise.then(NoiseScores::default),
        quotes: is_quotes.then(QuoteScores::default),
        ..SetScores::default()
    };
    for doc in docs {
        let text = Text::new(doc.text.clone());
        let start = std::time::Instant::now();
        let layer = predict(&text);
        out.seconds += start.elapsed().as_secs_f64();
        out.bytes += doc.text.len();
        if let Some(n) = &mut out.noise {
            let s = score_noise(doc, &text, &layer);
            n.noise.add(&s.noise);
            n.clean.add(&s.clean);
        }
        if let Some(q) = &mut out.quotes {
            q.add(&score_quotes(doc, &layer));
        }
    }
    out
}

fn cell(x: Option<f64>) -> String {
    x.map_or("-".to_string(), |x| format!("{x:.3}"))
}

impl fmt::Display for SetScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mb = self.bytes as f64 / 1e6;
        writeln!(
            f,
            "{}: {} documents, {:.2} MB, {:.1} MB/s",
            self.name,
            self.documents,
            mb,
            mb / self.seconds.max(1e-9)
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, p: &Prf| {
            writeln!(
                f,
                "  {name:<8} P {} R {} F1 {}  ({} matched, {} gold, {} predicted)",
                cell(p.precision()),
                cell(p.recall()),
                cell(p.f1()),
                p.matched,
                p.gold,
                p.predicted
            )
        };
        if let Some(n) = &self.noise {
            row(f, "noise", &n.noise)?;
            row(f, "clean", &n.clean)?;
        }
        if let Some(q) = &self.quotes {
            row(f, "quote", &q.quotes)?;
            row(f, "cue", &q.cues)?;
            writeln!(
                f,
                "  speaker accuracy {} ({} of {} matched quotes with a source)",
                cell(q.speaker_accuracy()),
                q.speaker_correct,
                q.speaker_total
            )?;
            for (kind, (m, g)) in &q.recall_by_kind {
                writeln!(
                    f,
                    "  recall {kind:<9} {} ({m} of {g})",
                    cell(q.recall_of(kind))
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NoiseLine, Quote, Span};

    fn span(start: usize, end: usize) -> Span {
        Span {
            start,
            end,
            text: String::new(),
            orphaned: false,
        }
    }

    #[test]
    fn noise_counts_only_eval_lines() {
        let doc: DevDoc = serde_json::from_str(
            r#"{"id":"d","text":"a\nb\nc\nd","noise":[{"line":0},{"line":1}],"eval_lines":[0,2,3]}"#,
        )
        .unwrap();
        let text = Text::new(doc.text.clone());
        let mut layer = Layer::new("x");
        for line in [1, 2] {
            layer.noise.push(NoiseLine {
                line,
                category: "other".into(),
                text: String::new(),
                orphaned: false,
                score: None,
            });
        }
        let s = score_noise(&doc, &text, &layer);
        // Line 1 is not scored; line 0 missed, line 2 a false alarm, line 3 right clean.
        assert_eq!(
            (s.noise.matched, s.noise.gold, s.noise.predicted),
            (0, 1, 1)
        );
        assert_eq!(
            (s.clean.matched, s.clean.gold, s.clean.predicted),
            (1, 2, 2)
        );
    }

    #[test]
    fn quotes_match_by_half_the_gold_and_speakers_by_source() {
        let doc: DevDoc = serde_json::from_str(
            r#"{"id":"d","text":"","quotes":[
              {"kind":"direct","content":[{"start":0,"end":10}],"cue":{"start":11,"end":15},"source":{"start":16,"end":20}},
              {"kind":"indirect","content":[{"start":30,"end":40}],"cue":null,"source":null}]}"#,
        )
        .unwrap();
        let mut layer = Layer::new("x");
        layer.quotes.push(Quote {
            id: "q1".into(),
            kind: "direct".into(),
            content: vec![span(2, 9)],
            cue: Some(span(11, 15)),
            source: Some(span(18, 25)),
            speaker: None,
            score: None,
        });
        let s = score_quotes(&doc, &layer);
        assert_eq!(
            (s.quotes.matched, s.quotes.gold, s.quotes.predicted),
            (1, 2, 1)
        );
        assert_eq!((s.cues.matched, s.cues.gold, s.cues.predicted), (1, 1, 1));
        assert_eq!((s.speaker_correct, s.speaker_total), (1, 1));
        assert_eq!(s.recall_of("direct"), Some(1.0));
        assert_eq!(s.recall_of("indirect"), Some(0.0));
    }
}
