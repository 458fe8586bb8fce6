//! Adjudication: several annotators' layers of a document compared, item by item, and
//! settled into `gold`.
//!
//! A [`Unit`] is one thing to settle: a noise line (by line), a speaker mention, a quote
//! (content, cue, source, kind and speaker) or a stance (by holder and target). The
//! versions of "the same" item in the compared layers are paired up by overlap (any shared
//! character, the pair sharing most first), so a quote whose end differs is one unit with
//! two versions, not two units. A unit is **agreed** when every compared layer has it and
//! every version is the same (same spans, labels, and the same speaker: speakers
//! correspond through their mentions, see [`speaker_correspondence`]).
//!
//! A unit's key says what it covers (`quote 120-180`, `noise 3`), like review suggestions'
//! keys, so it does not depend on gold. Decisions live in the gold layer's
//! [`Layer::reviews`] under `compare:alice,bob` and change only through
//! [`Edit::SetDecision`]: [`Decision::Accepted`] when gold keeps a version of the unit,
//! [`Decision::Rejected`] when it keeps none. A unit is settled when gold has a decision
//! for it, so progress survives closing the window, and undo takes back the copy and the
//! decision together.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use super::review::{Steps, speaker_name};
use super::{Decision, Edit, Layer, NoiseLine, Quote, Span, Stance};
use crate::metrics::matching::Extent;
use crate::metrics::pairs::speaker_correspondence;
use crate::text::Text;

/// The layer adjudication writes.
pub const GOLD: &str = "gold";

/// The name decisions are kept under in the gold layer: `compare:alice,bob`.
pub fn decisions_name(layers: &[&str]) -> String {
    format!("compare:{}", layers.join(","))
}

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnitKind {
    Noise,
    Mention,
    Quote,
    Stance,
}

impl UnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Noise => "noise line",
            UnitKind::Mention => "mention",
            UnitKind::Quote => "quote",
            UnitKind::Stance => "stance",
        }
    }
}

/// The item a layer has for a unit.
#[derive(Debug, Clone, PartialEq)]
pub enum Held {
    Noise(NoiseLine),
    Mention { speaker: String, span: Span },
    Quote(String),
    Stance(String),
}

/// One layer's version of a unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub held: Held,
    /// Where it is, in code points: the noise line, the mention, the quote's content
    /// fragments, or the stance's evidence quotes.
    pub chars: Vec<Range<usize>>,
    /// For the panel: `dateline`, `“Lavrov” → Sergei Lavrov`, `direct quote by …`.
    pub label: String,
    /// Equal for equal versions (speakers by correspondence, not by id).
    signature: String,
}

/// One thing to settle.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub key: String,
    pub kind: UnitKind,
    /// From the first character of any version to the last.
    pub chars: Range<usize>,
    /// One entry per compared layer, in the order named.
    pub versions: Vec<Option<Version>>,
    /// What gold has for the unit now.
    pub gold: Option<Version>,
    /// Every compared layer has the same version.
    pub agreed: bool,
}

impl Unit {
    /// Gold holds exactly the version the layers agree on.
    pub fn gold_has_agreed(&self) -> bool {
        self.agreed
            && match (&self.gold, &self.versions[0]) {
                (Some(g), Some(v)) => g.signature == v.signature,
                _ => false,
            }
    }

    /// True if gold's version is the same as side `side`'s (both may be nothing).
    pub fn gold_is(&self, side: usize) -> bool {
        let sig = |v: &Option<Version>| v.as_ref().map(|v| v.signature.clone());
        sig(&self.gold) == sig(&self.versions[side])
    }
}

/// How far a document's adjudication has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub units: usize,
    pub agreed: usize,
    pub settled: usize,
    /// Units that are not agreed.
    pub differences: usize,
    pub differences_settled: usize,
}

impl Progress {
    pub fn done(&self) -> bool {
        self.settled == self.units
    }
}

/// Why a unit cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdjudicateError {
    #[error("there is no side {0}")]
    NoSide(usize),
    #[error("the item is no longer in that layer")]
    Gone,
    #[error("take the stance's evidence quote first")]
    QuoteFirst,
    #[error("gold has nothing here to edit: take a side first")]
    NothingInGold,
}

// --- Building the units -----------------------------------------------------------------

/// For each speaker of each layer, who they are across the layers: the first layer's
/// speaker they correspond to, else their name.
fn speaker_idents(first: &Layer, layer: &Layer, is_first: bool) -> Vec<String> {
    if is_first {
        return (0..layer.speakers.len()).map(|i| format!("#{i}")).collect();
    }
    let stands_for = speaker_correspondence(first, layer);
    layer
        .speakers
        .iter()
        .zip(stands_for)
        .map(|(s, r)| match r {
            Some(r) => format!("#{r}"),
            None => format!("={}", s.name.trim().to_lowercase()),
        })
        .collect()
}

fn ident_of(layer: &Layer, idents: &[String], id: Option<&str>) -> String {
    id.and_then(|id| layer.speakers.iter().position(|s| s.id == id))
        .map_or_else(|| "-".to_string(), |i| idents[i].clone())
}

fn span_sig(span: Option<&Span>) -> String {
    span.map_or_else(|| "-".to_string(), |s| format!("{}-{}", s.start, s.end))
}

fn hull(ranges: &[Range<usize>]) -> Range<usize> {
    let start = ranges.iter().map(|r| r.start).min().unwrap_or(0);
    let end = ranges.iter().map(|r| r.end).max().unwrap_or(start);
    start..end
}

fn shorten(s: &str, max: usize) -> String {
    let s = s.replace('\n', " ");
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// Pairs `items` with `units` one-to-one by any overlap, the pair sharing most characters
/// first (then by position): `(unit, item)` pairs.
fn pair_up(units: &[Extent], items: &[Extent]) -> Vec<(usize, usize)> {
    let bounds = |e: &Extent| {
        let r = e.ranges();
        r.first()
            .map_or(0..0, |f| f.start..r.last().expect("not empty").end)
    };
    let mut by_start: Vec<(Range<usize>, usize)> = items
        .iter()
        .enumerate()
        .map(|(j, e)| (bounds(e), j))
        .collect();
    by_start.sort_by_key(|(b, j)| (b.start, *j));
    let longest = by_start.iter().map(|(b, _)| b.len()).max().unwrap_or(0);
    let mut candidates = Vec::new();
    for (i, u) in units.iter().enumerate() {
        let ub = bounds(u);
        if ub.is_empty() {
            continue;
        }
        let lo = by_start.partition_point(|(b, _)| b.start + longest <= ub.start);
        let hi = by_start.partition_point(|(b, _)| b.start < ub.end);
        for (b, j) in &by_start[lo..hi.max(lo)] {
            if b.end > ub.start {
                let shared = u.shared(&items[*j]);
                if shared > 0 {
                    candidates.push((shared, i, *j));
                }
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut unit_taken = vec![false; units.len()];
    let mut item_taken = vec![false; items.len()];
    let mut pairs = Vec::new();
    for (_, i, j) in candidates {
        if !unit_taken[i] && !item_taken[j] {
            unit_taken[i] = true;
            item_taken[j] = true;
            pairs.push((i, j));
        }
    }
    pairs
}

/// Units of one kind while they are being grouped: versions per layer (the last "layer"
/// is gold), with each unit's key and what items are paired up by.
struct Groups {
    layers: usize,
    units: Vec<Vec<Option<Version>>>,
    keys: Vec<String>,
    /// Overlap grouping: each unit's extent (its first version's).
    extents: Vec<Extent>,
    /// Identity grouping: the units with each identity.
    identities: HashMap<String, Vec<usize>>,
}

impl Groups {
    fn new(layers: usize) -> Groups {
        Groups {
            layers,
            units: Vec::new(),
            keys: Vec::new(),
            extents: Vec::new(),
            identities: HashMap::new(),
        }
    }

    fn open(&mut self, layer: usize, key: String, extent: Extent, version: Version) -> usize {
        let mut versions = vec![None; self.layers];
        versions[layer] = Some(version);
        self.units.push(versions);
        self.extents.push(extent);
        self.keys.push(key);
        self.units.len() - 1
    }

    /// Adds layer `layer`'s items (key, extent, version), paired to the units so far by
    /// overlap; the others open units of their own unless `attach_only` (gold joins
    /// units, it does not make them). Returns the unit each item went to.
    fn by_overlap(
        &mut self,
        layer: usize,
        items: Vec<(String, Extent, Version)>,
        attach_only: bool,
    ) -> Vec<Option<usize>> {
        let extents: Vec<Extent> = items.iter().map(|(_, e, _)| e.clone()).collect();
        let mut placed = vec![None; items.len()];
        for (u, j) in pair_up(&self.extents, &extents) {
            placed[j] = Some(u);
        }
        for (j, (key, extent, version)) in items.into_iter().enumerate() {
            match placed[j] {
                Some(u) => self.units[u][layer] = Some(version),
                None if !attach_only => placed[j] = Some(self.open(layer, key, extent, version)),
                None => {}
            }
        }
        placed
    }

    /// Adds layer `layer`'s items (identity, key, version), grouped by identity (a noise
    /// line; a stance's holder and target).
    fn by_identity(
        &mut self,
        layer: usize,
        items: Vec<(String, String, Version)>,
        attach_only: bool,
    ) {
        for (identity, key, version) in items {
            let same = self.identities.get(&identity).into_iter().flatten();
            let free = same.copied().find(|&u| self.units[u][layer].is_none());
            match free {
                Some(u) => self.units[u][layer] = Some(version),
                None if !attach_only => {
                    let u = self.open(layer, key, Extent::new([]), version);
                    self.identities.entry(identity).or_default().push(u);
                }
                None => {}
            }
        }
    }

    /// The units, with gold's version taken out of the versions.
    fn finish(self, kind: UnitKind, out: &mut Vec<Unit>) {
        let n = self.layers - 1;
        for (mut versions, key) in self.units.into_iter().zip(self.keys) {
            let gold = versions.pop().flatten();
            debug_assert_eq!(versions.len(), n);
            let present: Vec<&Version> = versions.iter().flatten().collect();
            if present.is_empty() {
                continue;
            }
            let all: Vec<Range<usize>> = present.iter().flat_map(|v| v.chars.clone()).collect();
            let agreed =
                present.len() == n && present.iter().all(|v| v.signature == present[0].signature);
            out.push(Unit {
                key,
                kind,
                chars: hull(&all),
                versions,
                gold,
                agreed,
            });
        }
    }
}

/// The units to settle between `layers` (at least one; in the order named) of a document
/// with text `text`, each with what `gold` has for it now, in reading order.
pub fn units(text: &Text, layers: &[&Layer], gold: &Layer) -> Vec<Unit> {
    let n = layers.len();
    if n == 0 {
        return Vec::new();
    }
    let all: Vec<&Layer> = layers.iter().copied().chain([gold]).collect();
    let idents: Vec<Vec<String>> = all
        .iter()
        .enumerate()
        .map(|(i, l)| speaker_idents(layers[0], l, i == 0))
        .collect();
    let mut out = Vec::new();

    // Noise lines, by line.
    let mut noise = Groups::new(n + 1);
    for (i, layer) in all.iter().enumerate() {
        let items = layer.noise.iter().filter(|n| !n.orphaned).map(|nl| {
            let chars = text.line_char_range(nl.line).unwrap_or(0..0);
            let version = Version {
                held: Held::Noise(nl.clone()),
                chars: vec![chars],
                label: format!("noise: {}", nl.category),
                signature: nl.category.clone(),
            };
            (nl.line.to_string(), format!("noise {}", nl.line), version)
        });
        noise.by_identity(i, items.collect(), i == n);
    }
    noise.finish(UnitKind::Noise, &mut out);

    // Mentions, by overlap.
    let mut mentions = Groups::new(n + 1);
    for (i, layer) in all.iter().enumerate() {
        let mut items = Vec::new();
        for (si, speaker) in layer.speakers.iter().enumerate() {
            for m in speaker.mentions.iter().filter(|m| !m.orphaned) {
                let version = Version {
                    held: Held::Mention {
                        speaker: speaker.id.clone(),
                        span: m.clone(),
                    },
                    chars: std::iter::once(m.start..m.end).collect(),
                    label: format!(
                        "\u{201c}{}\u{201d} \u{2192} {}",
                        shorten(&m.text, 60),
                        speaker.name
                    ),
                    signature: format!("{}-{} {}", m.start, m.end, idents[i][si]),
                };
                let key = format!("mention {}-{}", m.start, m.end);
                items.push((key, Extent::of_span(m), version));
            }
        }
        mentions.by_overlap(i, items, i == n);
    }
    mentions.finish(UnitKind::Mention, &mut out);

    // Quotes, by overlap of their content; remembered per layer for stance evidence.
    let mut quotes = Groups::new(n + 1);
    let mut quote_unit: Vec<HashMap<&str, usize>> = vec![HashMap::new(); n + 1];
    for (i, layer) in all.iter().enumerate() {
        let live: Vec<&Quote> = layer
            .quotes
            .iter()
            .filter(|q| !q.content.is_empty())
            .collect();
        let items = live.iter().map(|q| {
            let chars: Vec<Range<usize>> = q.content.iter().map(|s| s.start..s.end).collect();
            let h = hull(&chars);
            let content: Vec<&str> = q.content.iter().map(|s| s.text.as_str()).collect();
            let mut label = format!(
                "{} quote by {}",
                q.kind,
                speaker_name(layer, q.speaker.as_deref())
            );
            if let Some(c) = &q.cue {
                label.push_str(&format!(", cue \u{201c}{}\u{201d}", c.text));
            }
            if let Some(s) = &q.source {
                label.push_str(&format!(", source \u{201c}{}\u{201d}", s.text));
            }
            label.push_str(&format!(": {}", shorten(&content.join(" … "), 120)));
            let signature = format!(
                "{:?} cue {} source {} {} {}",
                chars,
                span_sig(q.cue.as_ref()),
                span_sig(q.source.as_ref()),
                q.kind,
                ident_of(layer, &idents[i], q.speaker.as_deref())
            );
            let version = Version {
                held: Held::Quote(q.id.clone()),
                chars,
                label,
                signature,
            };
            (
                format!("quote {}-{}", h.start, h.end),
                Extent::of_spans(&q.content),
                version,
            )
        });
        let placed = quotes.by_overlap(i, items.collect(), i == n);
        for (q, u) in live.iter().zip(placed) {
            if let Some(u) = u {
                quote_unit[i].insert(q.id.as_str(), u);
            }
        }
    }
    let quote_chars: Vec<Range<usize>> = quotes
        .units
        .iter()
        .map(|vs| {
            hull(
                &vs.iter()
                    .flatten()
                    .flat_map(|v| v.chars.clone())
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    quotes.finish(UnitKind::Quote, &mut out);

    // Stances, by holder and target.
    let mut stances = Groups::new(n + 1);
    for (i, layer) in all.iter().enumerate() {
        let items = layer.stances.iter().map(|s| {
            let holder = ident_of(layer, &idents[i], Some(&s.holder));
            let mut evidence: Vec<String> = s
                .evidence
                .iter()
                .map(|q| match quote_unit[i].get(q.as_str()) {
                    Some(u) => u.to_string(),
                    None => format!("?{q}"),
                })
                .collect();
            evidence.sort();
            let chars: Vec<Range<usize>> = s
                .evidence
                .iter()
                .filter_map(|q| quote_unit[i].get(q.as_str()))
                .map(|&u| quote_chars[u].clone())
                .collect();
            let name = speaker_name(layer, Some(&s.holder));
            let version = Version {
                held: Held::Stance(s.id.clone()),
                chars,
                label: format!(
                    "{name}: {} toward {} ({} evidence quote{})",
                    s.label,
                    s.target,
                    s.evidence.len(),
                    if s.evidence.len() == 1 { "" } else { "s" }
                ),
                signature: format!("{} {:?}", s.label, evidence),
            };
            let identity = format!("{holder}\u{0}{}", s.target);
            (identity, format!("stance {} by {name}", s.target), version)
        });
        stances.by_identity(i, items.collect(), i == n);
    }
    stances.finish(UnitKind::Stance, &mut out);

    out.sort_by(|a, b| (a.chars.start, a.kind, &a.key).cmp(&(b.chars.start, b.kind, &b.key)));
    let mut seen: HashMap<String, usize> = HashMap::new();
    for u in &mut out {
        let count = seen.entry(u.key.clone()).or_default();
        *count += 1;
        if *count > 1 {
            u.key = format!("{} #{}", u.key, count);
        }
    }
    out
}

// --- Decisions ----------------------------------------------------------------------------

/// Gold's decision on `unit` (under `name`, see [`decisions_name`]).
pub fn decision(gold: &Layer, name: &str, unit: &Unit) -> Option<Decision> {
    super::review::decision(gold, name, &unit.key)
}

pub fn progress(gold: &Layer, name: &str, units: &[Unit]) -> Progress {
    let mut p = Progress {
        units: units.len(),
        ..Progress::default()
    };
    for u in units {
        let settled = decision(gold, name, u).is_some();
        p.settled += usize::from(settled);
        if u.agreed {
            p.agreed += 1;
        } else {
            p.differences += 1;
            p.differences_settled += usize::from(settled);
        }
    }
    p
}

fn decide(name: &str, unit: &Unit, decision: Decision) -> Edit {
    Edit::SetDecision {
        prediction: name.to_string(),
        key: unit.key.clone(),
        decision: Some(decision),
    }
}

/// Removes gold's version of `unit`, if it has one.
fn remove_gold(steps: &mut Steps<'_>, unit: &Unit) {
    let Some(gold) = &unit.gold else { return };
    let layer = &*steps.layer;
    let edit = match &gold.held {
        Held::Noise(n) => Edit::set_noise(layer, n.line, None),
        Held::Mention { speaker, span } => Edit::remove_mention(layer, speaker, span),
        Held::Quote(id) => Edit::remove_quote(layer, id),
        Held::Stance(id) => Edit::remove_stance(layer, id),
    };
    steps.push(edit);
}

/// The gold quote that covers most of `quote`'s content.
fn gold_quote(gold: &Layer, quote: &Quote) -> Option<String> {
    let theirs = Extent::of_spans(&quote.content);
    gold.quotes
        .iter()
        .map(|q| (Extent::of_spans(&q.content).shared(&theirs), q))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map(|(_, q)| q.id.clone())
}

/// Makes gold's version of `unit` side `side`'s (nothing, if that side has none); returns
/// the decision that stands for it. Every check comes before the first step, so an error
/// leaves `steps` as it was.
fn take_into(
    steps: &mut Steps<'_>,
    layers: &[&Layer],
    unit: &Unit,
    side: usize,
) -> Result<Decision, AdjudicateError> {
    let version = unit
        .versions
        .get(side)
        .ok_or(AdjudicateError::NoSide(side + 1))?;
    let Some(version) = version else {
        remove_gold(steps, unit);
        return Ok(Decision::Rejected);
    };
    let layer = layers[side];
    let gone = AdjudicateError::Gone;
    match &version.held {
        Held::Noise(n) => {
            let n = NoiseLine {
                score: None,
                ..n.clone()
            };
            let edit = Edit::set_noise(steps.layer, n.line, Some(n));
            steps.push(edit);
        }
        Held::Mention { speaker, span } => {
            let theirs = layer.speaker(speaker).ok_or(gone)?;
            remove_gold(steps, unit);
            steps.speaker_for(theirs, Some(span));
        }
        Held::Quote(id) => {
            let q = layer.quote(id).ok_or(gone)?;
            let theirs = q.speaker.as_deref().and_then(|id| layer.speaker(id));
            let speaker = theirs.map(|s| steps.speaker_for(s, q.source.as_ref()));
            let in_gold = match unit.gold.as_ref().map(|g| &g.held) {
                Some(Held::Quote(gid)) if steps.layer.quote(gid).is_some() => Some(gid.clone()),
                _ => None,
            };
            let quote = Quote {
                id: in_gold.clone().unwrap_or_else(|| steps.layer.next_id("q")),
                speaker,
                score: None,
                ..q.clone()
            };
            let edit = match in_gold {
                // In place, keeping its id: gold's stances keep it as evidence.
                Some(_) => Edit::update_quote(steps.layer, quote),
                None => Some(Edit::add_quote(steps.layer, quote)),
            };
            steps.push(edit);
        }
        Held::Stance(id) => {
            let s = layer.stance(id).ok_or(gone.clone())?;
            let holder = layer.speaker(&s.holder).ok_or(gone)?;
            let mut evidence: Vec<String> = Vec::new();
            for q in s.evidence.iter().filter_map(|q| layer.quote(q)) {
                match gold_quote(steps.layer, q) {
                    Some(g) if !evidence.contains(&g) => evidence.push(g),
                    Some(_) => {}
                    None => return Err(AdjudicateError::QuoteFirst),
                }
            }
            let holder = steps.speaker_for(holder, None);
            let existing = match unit.gold.as_ref().map(|g| &g.held) {
                Some(Held::Stance(gid)) if steps.layer.stance(gid).is_some() => Some(gid.clone()),
                _ => steps
                    .layer
                    .stances
                    .iter()
                    .find(|g| g.holder == holder && g.target == s.target)
                    .map(|g| g.id.clone()),
            };
            let stance = Stance {
                id: existing.unwrap_or_else(|| steps.layer.next_id("t")),
                holder,
                evidence,
                score: None,
                ..s.clone()
            };
            let edit = Edit::put_stance(steps.layer, stance);
            steps.push(Some(edit));
        }
    }
    Ok(Decision::Accepted)
}

/// The edit that makes gold's version of `unit` the one of side `side` (0-based, in the
/// order of `layers`), replacing gold's own, and records the decision, as one batch.
/// Taking a side that has nothing removes gold's version.
pub fn take(
    gold: &Layer,
    name: &str,
    layers: &[&Layer],
    unit: &Unit,
    side: usize,
) -> Result<Edit, AdjudicateError> {
    let mut scratch = gold.clone();
    let mut steps = Steps {
        layer: &mut scratch,
        edits: Vec::new(),
    };
    let decision = take_into(&mut steps, layers, unit, side)?;
    steps.push(Some(decide(name, unit, decision)));
    Ok(Edit::Batch(steps.edits))
}

/// Neither side: gold's version of `unit` is removed, and the decision recorded.
pub fn neither(gold: &Layer, name: &str, unit: &Unit) -> Edit {
    let mut scratch = gold.clone();
    let mut steps = Steps {
        layer: &mut scratch,
        edits: Vec::new(),
    };
    remove_gold(&mut steps, unit);
    steps.push(Some(decide(name, unit, Decision::Rejected)));
    Edit::Batch(steps.edits)
}

/// Settles `unit` with the version gold has now (edited by hand).
pub fn keep(name: &str, unit: &Unit) -> Result<Edit, AdjudicateError> {
    unit.gold
        .as_ref()
        .map(|_| decide(name, unit, Decision::Accepted))
        .ok_or(AdjudicateError::NothingInGold)
}

/// Copies every agreed unit that is not settled into gold and settles it, as one batch:
/// noise lines, then mentions, quotes and stances (which need their quotes). An agreed
/// unit gold already has is only settled; one gold has a different version of is left
/// for the reviewer. Returns the edit and how many units it settles; `None` if none.
pub fn accept_agreed(
    gold: &Layer,
    name: &str,
    layers: &[&Layer],
    units: &[Unit],
) -> Option<(Edit, usize)> {
    let mut scratch = gold.clone();
    let mut steps = Steps {
        layer: &mut scratch,
        edits: Vec::new(),
    };
    let mut chosen: Vec<&Unit> = units
        .iter()
        .filter(|u| u.agreed && decision(gold, name, u).is_none())
        .collect();
    chosen.sort_by_key(|u| u.kind);
    let mut settled = 0;
    for u in chosen {
        if u.gold_has_agreed() {
            steps.push(Some(decide(name, u, Decision::Accepted)));
        } else if u.gold.is_some() {
            continue;
        } else if let Ok(d) = take_into(&mut steps, layers, u, 0) {
            steps.push(Some(decide(name, u, d)));
        } else {
            continue;
        }
        settled += 1;
    }
    (settled > 0).then_some((Edit::Batch(steps.edits), settled))
}

/// The unsettled unit after (or, backwards, before) position `from`, wrapping around;
/// `None` when all are settled.
pub fn next_unsettled(
    gold: &Layer,
    name: &str,
    units: &[Unit],
    from: Option<usize>,
    forward: bool,
) -> Option<usize> {
    let n = units.len();
    if n == 0 {
        return None;
    }
    let start = from.unwrap_or(if forward { n - 1 } else { 0 });
    (1..=n)
        .map(|k| {
            if forward {
                (start + k) % n
            } else {
                (start + n - k % n) % n
            }
        })
        .find(|&i| decision(gold, name, &units[i]).is_none())
}

/// Decisions per name in a gold layer, for listing: `compare:alice,bob` → key → decision.
pub fn decisions<'a>(gold: &'a Layer, name: &str) -> Option<&'a BTreeMap<String, Decision>> {
    gold.reviews.get(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Speaker;

    const TEXT: &str =
        "Lavrov said \"we will talk to them\" today.\nBy Ann Lee, staff\nAssad said no.";

    fn span(text: &Text, needle: &str) -> Span {
        let at = text.as_str().find(needle).unwrap();
        let start = text.byte_to_char(at).unwrap();
        Span::new(text, start, start + needle.chars().count()).unwrap()
    }

    /// Alice: Lavrov, his quote with cue and source, a byline, a stance.
    fn alice(text: &Text) -> Layer {
        let mut l = Layer::new("sha");
        l.speakers.push(Speaker {
            id: "s1".into(),
            name: "Sergei Lavrov".into(),
            kind: "person".into(),
            mentions: vec![span(text, "Lavrov")],
            score: None,
        });
        l.quotes.push(Quote {
            id: "q1".into(),
            kind: "direct".into(),
            content: vec![span(text, "\"we will talk to them\"")],
            cue: Some(span(text, "said")),
            source: Some(span(text, "Lavrov")),
            speaker: Some("s1".into()),
            score: None,
        });
        l.noise.push(NoiseLine {
            line: 1,
            category: "byline".into(),
            text: "By Ann Lee, staff".into(),
            orphaned: false,
            score: None,
        });
        l.stances.push(Stance {
            id: "t1".into(),
            holder: "s1".into(),
            target: "talks".into(),
            label: "favor".into(),
            evidence: vec!["q1".into()],
            score: None,
        });
        l
    }

    /// Bob: Alice's with the quote ending early, no byline, the stance flipped, and a
    /// mention of Assad.
    fn bob(text: &Text) -> Layer {
        let mut l = alice(text);
        l.speakers[0].name = "Lavrov".into();
        l.quotes[0].content = vec![span(text, "\"we will talk")];
        l.noise.clear();
        l.stances[0].label = "against".into();
        l.speakers.push(Speaker {
            id: "s2".into(),
            name: "Assad".into(),
            kind: "person".into(),
            mentions: vec![span(text, "Assad")],
            score: None,
        });
        l
    }

    fn apply(gold: &mut Layer, edit: Edit) -> Edit {
        edit.apply(gold).unwrap()
    }

    #[test]
    fn units_pair_differing_versions_and_mark_what_is_agreed() {
        let text = Text::new(TEXT.into());
        let (a, b) = (alice(&text), bob(&text));
        let units = units(&text, &[&a, &b], &Layer::default());
        let keys: Vec<(&str, bool)> = units.iter().map(|u| (u.key.as_str(), u.agreed)).collect();
        assert_eq!(
            keys,
            vec![
                ("mention 0-6", true),
                ("quote 12-34", false),
                ("stance talks by Sergei Lavrov", false),
                ("noise 1", false),
                ("mention 60-65", false),
            ]
        );
        let quote = &units[1];
        assert!(
            quote.versions.iter().all(Option::is_some),
            "one unit, two versions"
        );
        assert_eq!(quote.versions[1].as_ref().unwrap().chars, vec![12..25]);
        assert!(units[3].versions[1].is_none() && units[4].versions[0].is_none());
        assert!(units.iter().all(|u| u.gold.is_none()));
    }

    #[test]
    fn agreed_items_go_into_gold_in_one_step_and_only_once() {
        let text = Text::new(TEXT.into());
        let (a, b) = (alice(&text), bob(&text));
        let name = decisions_name(&["alice", "bob"]);
        let mut gold = Layer::new("sha");
        let us = units(&text, &[&a, &b], &gold);
        let (edit, n) = accept_agreed(&gold, &name, &[&a, &b], &us).unwrap();
        assert_eq!(n, 1);
        let undo = apply(&mut gold, edit);
        assert_eq!(gold.speakers.len(), 1);
        assert_eq!(gold.speakers[0].mentions, vec![span(&text, "Lavrov")]);
        let us = units(&text, &[&a, &b], &gold);
        assert!(us[0].gold_has_agreed());
        assert_eq!(progress(&gold, &name, &us).settled, 1);
        assert!(accept_agreed(&gold, &name, &[&a, &b], &us).is_none());
        apply(&mut gold, undo);
        assert!(gold.is_empty());
    }

    #[test]
    fn taking_a_side_replaces_golds_version_and_neither_removes_it() {
        let text = Text::new(TEXT.into());
        let (a, b) = (alice(&text), bob(&text));
        let layers = [&a, &b];
        let name = decisions_name(&["alice", "bob"]);
        let mut gold = Layer::new("sha");
        let fresh = |gold: &Layer| units(&text, &layers, gold);

        // The stance needs its quote in gold first.
        let us = fresh(&gold);
        assert_eq!(
            take(&gold, &name, &layers, &us[2], 0),
            Err(AdjudicateError::QuoteFirst)
        );

        // Bob's shorter quote, then Alice's in its place (same id, same speaker).
        let e = take(&gold, &name, &layers, &us[1], 1).unwrap();
        apply(&mut gold, e);
        assert_eq!(gold.quotes.len(), 1);
        assert_eq!(gold.quotes[0].content[0].text, "\"we will talk");
        assert_eq!(gold.speakers.len(), 1, "the source made its speaker");
        let us = fresh(&gold);
        assert!(us[1].gold_is(1));
        let e = take(&gold, &name, &layers, &us[1], 0).unwrap();
        apply(&mut gold, e);
        assert_eq!(gold.quotes.len(), 1);
        assert_eq!(gold.quotes[0].id, "q1");
        assert_eq!(gold.quotes[0].content[0].text, "\"we will talk to them\"");
        assert!(fresh(&gold)[1].gold_is(0));

        // Bob's stance label, with the evidence pointing at gold's quote.
        let us = fresh(&gold);
        let e = take(&gold, &name, &layers, &us[2], 1).unwrap();
        apply(&mut gold, e);
        assert_eq!(gold.stances.len(), 1);
        assert_eq!(gold.stances[0].label, "against");
        assert_eq!(gold.stances[0].evidence, vec!["q1".to_string()]);
        assert_eq!(
            gold.stances[0].holder,
            gold.quotes[0].speaker.clone().unwrap()
        );

        // The byline: Alice's; then neither removes it again.
        let us = fresh(&gold);
        let e = take(&gold, &name, &layers, &us[3], 0).unwrap();
        apply(&mut gold, e);
        assert_eq!(
            gold.noise_line(1).map(|n| n.category.as_str()),
            Some("byline")
        );
        let us = fresh(&gold);
        let e = neither(&gold, &name, &us[3]);
        apply(&mut gold, e);
        assert!(gold.noise.is_empty());
        assert_eq!(decision(&gold, &name, &us[3]), Some(Decision::Rejected));

        // Taking Alice's side of Bob's extra mention: she has none, so gold has none.
        let us = fresh(&gold);
        let before = gold.mention_count();
        let e = take(&gold, &name, &layers, &us[4], 0).unwrap();
        apply(&mut gold, e);
        assert_eq!(gold.mention_count(), before);
        assert_eq!(decision(&gold, &name, &us[4]), Some(Decision::Rejected));
        // ...and Bob's side adds it, to a new speaker.
        let us = fresh(&gold);
        let e = take(&gold, &name, &layers, &us[4], 1).unwrap();
        apply(&mut gold, e);
        assert!(gold.speakers.iter().any(|s| s.name == "Assad"));

        let p = progress(&gold, &name, &fresh(&gold));
        assert_eq!((p.settled, p.units, p.differences_settled), (4, 5, 4));
        assert!(!p.done());
        assert_eq!(
            next_unsettled(&gold, &name, &fresh(&gold), Some(3), true),
            Some(0)
        );
        // Gold's references hold together.
        for q in &gold.quotes {
            assert!(q.speaker.iter().all(|s| gold.speaker(s).is_some()));
        }
        for s in &gold.stances {
            assert!(gold.speaker(&s.holder).is_some());
            assert!(s.evidence.iter().all(|q| gold.quote(q).is_some()));
        }
    }

    #[test]
    fn overlapping_mentions_of_two_speakers_stay_two_speakers_in_gold() {
        let text = Text::new("Sarkozy's office said no. Sarkozy said yes.".into());
        let mut a = Layer::new("sha");
        for (id, name, needle, at) in [
            ("s1", "Sarkozy's office", "Sarkozy's office", 0),
            ("s2", "Nicolas Sarkozy", "Sarkozy", 26),
        ] {
            let start = at;
            a.speakers.push(Speaker {
                id: id.into(),
                name: name.into(),
                kind: "person".into(),
                mentions: vec![Span::new(&text, start, start + needle.len()).unwrap()],
                score: None,
            });
        }
        a.speakers[1]
            .mentions
            .insert(0, Span::new(&text, 0, 7).unwrap());
        let b = a.clone();
        let us = units(&text, &[&a, &b], &Layer::default());
        let (edit, _) = accept_agreed(&Layer::default(), "compare:a,b", &[&a, &b], &us).unwrap();
        let mut gold = Layer::new("sha");
        edit.apply(&mut gold).unwrap();
        let names: Vec<(&str, usize)> = gold
            .speakers
            .iter()
            .map(|s| (s.name.as_str(), s.mentions.len()))
            .collect();
        assert_eq!(names, vec![("Sarkozy's office", 1), ("Nicolas Sarkozy", 2)]);
    }

    #[test]
    fn keeping_golds_own_version_needs_one() {
        let text = Text::new(TEXT.into());
        let (a, b) = (alice(&text), bob(&text));
        let us = units(&text, &[&a, &b], &Layer::default());
        assert_eq!(
            keep("compare:alice,bob", &us[1]),
            Err(AdjudicateError::NothingInGold)
        );
    }

    #[test]
    fn three_layers_agree_only_when_all_have_the_same() {
        let text = Text::new(TEXT.into());
        let (a, b) = (alice(&text), bob(&text));
        let c = alice(&text);
        let us = units(&text, &[&a, &c, &b], &Layer::default());
        assert_eq!(us.len(), 5);
        assert!(us[0].agreed);
        assert!(!us[3].agreed, "the byline: two of three");
        let us = units(&text, &[&a, &c], &Layer::default());
        assert!(us.iter().all(|u| u.agreed));
    }
}
