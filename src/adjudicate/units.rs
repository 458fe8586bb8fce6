//! Finding the units: the layers' versions of each item, paired up by overlap.

use std::collections::HashMap;
use std::ops::Range;

use super::{Held, Unit, UnitKind, Version};
use crate::metrics::matching::Extent;
use crate::metrics::pairs::speaker_correspondence;
use crate::model::review::speaker_name;
use crate::model::{Layer, Quote, Span};
use crate::text::Text;

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
    /// Units that fewer compared layers have are dropped.
    min_present: usize,
}

impl Groups {
    fn new(layers: usize) -> Groups {
        Groups {
            layers,
            units: Vec::new(),
            keys: Vec::new(),
            extents: Vec::new(),
            identities: HashMap::new(),
            min_present: 1,
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
            if present.is_empty() || present.len() < self.min_present {
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

    // Who each speaker is, by identity, where two layers can disagree on it: a speaker
    // only one layer has comes into gold with its mentions.
    let mut speakers = Groups::new(n + 1);
    speakers.min_present = n.min(2);
    for (i, layer) in all.iter().enumerate() {
        let items = layer.speakers.iter().enumerate().map(|(si, speaker)| {
            let live = speaker.mentions.iter().filter(|m| !m.orphaned);
            let name = speaker.name.trim();
            let version = Version {
                held: Held::Speaker(speaker.id.clone()),
                chars: live.map(|m| m.start..m.end).collect(),
                label: format!("{name} ({})", speaker.kind),
                signature: format!("{name}\u{0}{}", speaker.kind),
            };
            (idents[i][si].clone(), format!("speaker {name}"), version)
        });
        speakers.by_identity(i, items.collect(), i == n);
    }
    speakers.finish(UnitKind::Speaker, &mut out);

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
