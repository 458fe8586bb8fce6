//! Parsed lines turned into a layer: speakers from Equiv groups, quotes from events and
//! relations, stances and noise categories from attributes.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::parse::{Attr, Class, Link, Parsed, T};
use crate::formats::spans::Ignored;
use crate::formats::{At, ImportError, default_kind, from_token, guess_kind, jsonl, token};
use crate::model::{Layer, NoiseLine, Quote, Schema, Span, Speaker, Stance};
use crate::text::Text;

/// What a stance attribute is on: a quote (its evidence) or a mention (its holder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Anchor {
    Quote(usize),
    Mention(usize),
}

/// A quote being assembled from E, R and T lines.
#[derive(Default)]
struct QuoteParts {
    contents: Vec<usize>,
    cue: Option<usize>,
    source: Option<usize>,
    speaker: Option<usize>,
    kind: Option<String>,
}

fn is_mention(p: &Parsed, i: usize) -> bool {
    matches!(p.ts[i].class, Class::Mention(_))
}

/// Stance and Target attributes on one anchor (by number suffix), and the first of them.
type Pair<'a> = (Option<String>, Option<String>, &'a Attr);
type Pairs<'a> = BTreeMap<(Anchor, String), Pair<'a>>;

/// Turns parsed lines into a layer, step by step.
struct Build<'a> {
    p: &'a Parsed,
    path: &'a Path,
    schema: &'a Schema,
    index: HashMap<&'a str, usize>,
    /// Union-find over T annotations: mentions of one speaker share a root.
    group: Vec<usize>,
    quotes: Vec<QuoteParts>,
    /// The quotes an event or content T is part of.
    quote_of: HashMap<String, Vec<usize>>,
    speaker_id: HashMap<usize, String>,
    quote_id: HashMap<usize, String>,
    ignored: &'a mut Ignored,
}

pub(super) fn build(
    p: Parsed,
    path: &Path,
    text: &Text,
    schema: &Schema,
    ignored: &mut Ignored,
) -> Result<Layer, ImportError> {
    let index = p.ts.iter().enumerate().map(|(i, t)| (t.id.as_str(), i));
    let mut b = Build {
        index: index.collect(),
        group: (0..p.ts.len()).collect(),
        p: &p,
        path,
        schema,
        quotes: Vec::new(),
        quote_of: HashMap::new(),
        speaker_id: HashMap::new(),
        quote_id: HashMap::new(),
        ignored,
    };
    b.group_mentions()?;
    b.gather_quotes()?;
    let (stances, noise_category) = b.attributes()?;
    let mut layer = Layer {
        speakers: b.speakers(),
        ..Layer::default()
    };
    layer.quotes = b.quotes();
    b.stances(&mut layer, stances)?;
    b.noise(&mut layer, text, &noise_category)?;
    Ok(layer)
}

impl<'a> Build<'a> {
    fn err(&self, line: usize, item: &str, message: String) -> ImportError {
        At::new(self.path, Some(line)).err(item.to_string(), message)
    }

    /// Mentions of one speaker: in one Equiv group, or at the same place.
    fn group_mentions(&mut self) -> Result<(), ImportError> {
        let p = self.p;
        let mut at_place: HashMap<(usize, usize), usize> = HashMap::new();
        for (i, t) in p.ts.iter().enumerate().filter(|(i, _)| is_mention(p, *i)) {
            let [m] = t.spans.as_slice() else {
                let message = "a speaker mention must be one continuous span".into();
                return Err(self.err(t.line, &t.id, message));
            };
            let first = *at_place.entry((m.start, m.end)).or_insert(i);
            union(&mut self.group, first, i);
        }
        for (ids, _) in &p.equivs {
            let members: Vec<usize> = ids
                .iter()
                .filter_map(|id| self.index.get(id.as_str()).copied())
                .filter(|&i| is_mention(p, i))
                .collect();
            for w in members.windows(2) {
                union(&mut self.group, w[0], w[1]);
            }
        }
        Ok(())
    }

    /// One quote per event, one per content in no event; relations add to them (or, between
    /// two mentions, join them).
    fn gather_quotes(&mut self) -> Result<(), ImportError> {
        let p = self.p;
        for l in p.links.iter().filter(|l| l.event) {
            let n = self.quotes.len();
            self.quote_of.entry(l.id.clone()).or_default().push(n);
            let mut q = QuoteParts::default();
            for (role, target) in &l.args {
                if let Some(&t) = self.index.get(target.as_str()) {
                    add_part(&mut q, &p.ts, t, role, l, self.path)?;
                    if matches!(p.ts[t].class, Class::Content(_)) {
                        self.quote_of.entry(target.clone()).or_default().push(n);
                    }
                }
            }
            if q.contents.is_empty() {
                // An event without content (an attribution left unfinished): no quote.
                *self
                    .ignored
                    .entry("brat event without content".into())
                    .or_default() += 1;
                self.quote_of.remove(&l.id);
                continue;
            }
            self.quotes.push(q);
        }
        for (i, t) in p.ts.iter().enumerate() {
            if matches!(t.class, Class::Content(_)) && !self.quote_of.contains_key(&t.id) {
                self.quote_of.insert(t.id.clone(), vec![self.quotes.len()]);
                self.quotes.push(QuoteParts {
                    contents: vec![i],
                    ..QuoteParts::default()
                });
            }
        }
        for l in p.links.iter().filter(|l| !l.event) {
            let quote_of = &self.quote_of;
            let targets: Vec<usize> = l
                .args
                .iter()
                .flat_map(|(_, t)| quote_of.get(t).cloned().unwrap_or_default())
                .collect();
            let others: Vec<(&String, usize)> = l
                .args
                .iter()
                .filter(|(_, t)| !quote_of.contains_key(t))
                .filter_map(|(role, t)| Some((role, *self.index.get(t.as_str())?)))
                .collect();
            if targets.is_empty() {
                if let [(_, a), (_, b)] = others[..]
                    && is_mention(p, a)
                    && is_mention(p, b)
                {
                    union(&mut self.group, a, b); // a coreference relation
                }
                continue;
            }
            for q in targets {
                for &(role, t) in &others {
                    add_part(&mut self.quotes[q], &p.ts, t, role, l, self.path)?;
                }
            }
        }
        Ok(())
    }

    /// Quote kinds (set on the quotes), stance pairs, and noise categories by T.
    fn attributes(&mut self) -> Result<(Pairs<'a>, HashMap<usize, String>), ImportError> {
        let (p, schema) = (self.p, self.schema);
        let mut stances: Pairs = BTreeMap::new();
        let mut noise_category: HashMap<usize, String> = HashMap::new();
        for a in &p.attrs {
            let name = a.name.to_lowercase();
            let value = a.value.clone().unwrap_or_default();
            let bad = |what: &str, list: &[crate::model::Label]| {
                let names: Vec<String> = list.iter().map(|l| token(&l.name)).collect();
                let names = names.join(", ");
                let message = format!("{what} {value:?} is not in the project's schema ({names})");
                self.err(a.line, &a.id, message)
            };
            let on_quotes = self.quote_of.get(&a.target).cloned().unwrap_or_default();
            let t = self.index.get(a.target.as_str()).copied();
            let (stance, suffix) = split_suffix(&name);
            if matches!(stance, "stance" | "target") {
                let anchor = if let Some(&q) = on_quotes.first() {
                    Anchor::Quote(q)
                } else if let Some(t) = t.filter(|&t| is_mention(p, t)) {
                    Anchor::Mention(t)
                } else {
                    continue;
                };
                let entry = stances
                    .entry((anchor, suffix.to_string()))
                    .or_insert((None, None, a));
                if stance == "stance" {
                    let label = from_token(&schema.stance_labels, &value)
                        .ok_or_else(|| bad("stance label", &schema.stance_labels))?;
                    entry.0 = Some(label.to_string());
                } else {
                    let target = from_token(&schema.stance_targets, &value)
                        .map_or_else(|| value.replace('_', " "), str::to_string);
                    entry.1 = Some(target);
                }
            } else if !on_quotes.is_empty() {
                let kind = match name.as_str() {
                    "kind" | "quotekind" | "quote_kind" | "type" | "quotetype" => Some(
                        from_token(&schema.quote_kinds, &value)
                            .ok_or_else(|| bad("quote kind", &schema.quote_kinds))?,
                    ),
                    // A binary attribute named after the kind: `A1 Direct E1`.
                    _ if a.value.is_none() => from_token(&schema.quote_kinds, &a.name),
                    _ => None,
                };
                if kind.is_none() {
                    *self
                        .ignored
                        .entry(format!("brat attribute {:?}", a.name))
                        .or_default() += 1;
                }
                for q in on_quotes.into_iter().filter(|_| kind.is_some()) {
                    self.quotes[q].kind = kind.map(str::to_string);
                }
            } else if let Some(t) = t.filter(|&t| p.ts[t].class == Class::Noise) {
                let category = from_token(&schema.noise_categories, &value)
                    .ok_or_else(|| bad("noise category", &schema.noise_categories))?;
                noise_category.insert(t, category.to_string());
            } else {
                *self
                    .ignored
                    .entry(format!("brat attribute {:?}", a.name))
                    .or_default() += 1;
            }
        }
        Ok((stances, noise_category))
    }

    /// Speakers by first mention, numbered in that order; named by a note or the longest
    /// mention.
    fn speakers(&mut self) -> Vec<Speaker> {
        let p = self.p;
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in (0..p.ts.len()).filter(|&i| is_mention(p, i)) {
            members.entry(find(&mut self.group, i)).or_default().push(i);
        }
        let mut speakers: Vec<(usize, Speaker)> = members
            .into_iter()
            .map(|(root, ts)| {
                let mentions: Vec<Span> = ts.iter().map(|&t| p.ts[t].spans[0].clone()).collect();
                let kind = ts.iter().find_map(|&t| match &p.ts[t].class {
                    Class::Mention(k) => k.clone(),
                    _ => None,
                });
                let note = p.notes.iter().find(|(target, note, _)| {
                    !note.is_empty() && ts.iter().any(|&t| p.ts[t].id == *target)
                });
                let name = note
                    .map(|(_, n, _)| n.clone())
                    .or_else(|| jsonl::longest(&mentions))
                    .unwrap_or_default();
                let speaker = Speaker {
                    id: String::new(),
                    name,
                    kind: kind.unwrap_or_else(|| default_kind(self.schema)),
                    mentions,
                    score: None,
                };
                (root, speaker)
            })
            .collect();
        speakers.sort_by_key(|(_, s)| s.mentions.iter().map(|m| (m.start, m.end)).min());
        for (n, (root, s)) in speakers.iter_mut().enumerate() {
            s.id = format!("s{}", n + 1);
            self.speaker_id.insert(*root, s.id.clone());
        }
        speakers.into_iter().map(|(_, s)| s).collect()
    }

    /// Quotes by position, numbered in that order; the kind from an attribute, the type,
    /// or the quotation marks.
    fn quotes(&mut self) -> Vec<Quote> {
        let p = self.p;
        let mut built: Vec<(usize, Quote)> = Vec::new();
        for n in 0..self.quotes.len() {
            let q = &self.quotes[n];
            let mut content: Vec<Span> = q
                .contents
                .iter()
                .flat_map(|&t| p.ts[t].spans.clone())
                .collect();
            content.sort();
            content.dedup();
            let one = |t: usize| p.ts[t].spans[0].clone();
            let kind = q.kind.clone().or_else(|| {
                q.contents.iter().find_map(|&t| match &p.ts[t].class {
                    Class::Content(k) => k.clone(),
                    _ => None,
                })
            });
            let (cue, source, who) = (q.cue.map(one), q.source.map(one), q.speaker.or(q.source));
            let speaker = who.map(|t| self.speaker_id[&find(&mut self.group, t)].clone());
            let quote = Quote {
                id: String::new(),
                kind: kind.unwrap_or_else(|| guess_kind(self.schema, &content)),
                content,
                cue,
                source,
                speaker,
                score: None,
            };
            built.push((n, quote));
        }
        built.sort_by_key(|(_, q)| q.start());
        for (i, (n, q)) in built.iter_mut().enumerate() {
            q.id = format!("q{}", i + 1);
            self.quote_id.insert(*n, q.id.clone());
        }
        built.into_iter().map(|(_, q)| q).collect()
    }

    /// One stance per holder, target and label, with the quotes that show it, in order.
    fn stances(&mut self, layer: &mut Layer, pairs: Pairs) -> Result<(), ImportError> {
        let mut ordered: Vec<_> = pairs.into_iter().collect();
        ordered.sort_by_key(|(_, (_, _, a))| a.line);
        for ((anchor, _), (label, target, a)) in ordered {
            let (Some(label), Some(target)) = (label, target) else {
                let missing = if a.name.to_lowercase().starts_with("stance") {
                    "Target"
                } else {
                    "Stance"
                };
                return Err(self.err(a.line, &a.id, format!("a {} without its {missing}", a.name)));
            };
            let (holder, evidence) = match anchor {
                Anchor::Mention(t) => (self.speaker_id[&find(&mut self.group, t)].clone(), None),
                Anchor::Quote(n) => {
                    let q = layer.quote(&self.quote_id[&n]).expect("built above");
                    let Some(holder) = q.speaker.clone() else {
                        let message = format!("a stance on {}, a quote with no speaker", a.target);
                        return Err(self.err(a.line, &a.id, message));
                    };
                    (holder, Some(q.id.clone()))
                }
            };
            let same =
                |s: &&mut Stance| s.holder == holder && s.target == target && s.label == label;
            match layer.stances.iter_mut().find(same) {
                Some(s) => s
                    .evidence
                    .extend(evidence.filter(|e| !s.evidence.contains(e))),
                None => {
                    let id = format!("t{}", layer.stances.len() + 1);
                    let evidence = evidence.into_iter().collect();
                    layer.stances.push(Stance {
                        id,
                        holder,
                        target,
                        label,
                        evidence,
                        score: None,
                    });
                }
            }
        }
        Ok(())
    }

    /// Noise lines from Noise T lines, which cover whole lines.
    fn noise(
        &self,
        layer: &mut Layer,
        text: &Text,
        categories: &HashMap<usize, String>,
    ) -> Result<(), ImportError> {
        let schema = self.schema;
        let other = schema.noise_categories.iter().find(|c| c.name == "other");
        let other = other
            .or(schema.noise_categories.first())
            .map_or("other", |c| c.name.as_str());
        for (i, t) in self
            .p
            .ts
            .iter()
            .enumerate()
            .filter(|(_, t)| t.class == Class::Noise)
        {
            let category = categories.get(&i).map_or(other, String::as_str);
            for s in &t.spans {
                let lines = whole_lines(text, s).map_err(|m| self.err(t.line, &t.id, m))?;
                for line in lines {
                    if layer.noise.iter().any(|n| n.line == line) {
                        return Err(self.err(
                            t.line,
                            &t.id,
                            format!("line {line} is already noise"),
                        ));
                    }
                    layer.noise.push(NoiseLine {
                        line,
                        category: category.to_string(),
                        text: text.line(line).unwrap_or_default().to_string(),
                        orphaned: false,
                        score: None,
                    });
                }
            }
        }
        Ok(())
    }
}

/// Adds the annotation `t`, linked to a quote by `link` in `role`, to the quote.
fn add_part(
    q: &mut QuoteParts,
    ts: &[T],
    t: usize,
    role: &str,
    link: &Link,
    path: &Path,
) -> Result<(), ImportError> {
    match ts[t].class {
        Class::Content(_) => {
            if !q.contents.contains(&t) {
                q.contents.push(t);
            }
        }
        Class::Cue => {
            if ts[t].spans.len() != 1 {
                let at = At::new(path, Some(ts[t].line));
                return Err(at.err(
                    ts[t].id.clone(),
                    "a cue must be one continuous span".to_string(),
                ));
            }
            if let Some(other) = q.cue.filter(|&c| ts[c].spans != ts[t].spans) {
                let at = At::new(path, Some(link.line));
                return Err(at.err(
                    link.id.clone(),
                    format!("the quote has two cues, {} and {}", ts[other].id, ts[t].id),
                ));
            }
            q.cue = Some(t);
        }
        Class::Mention(_) if role.to_lowercase().starts_with("speaker") => {
            q.speaker = q.speaker.or(Some(t))
        }
        Class::Mention(_) => q.source = q.source.or(Some(t)),
        Class::Noise | Class::Other => {}
    }
    Ok(())
}

/// The lines a noise span covers, if it covers whole lines.
fn whole_lines(text: &Text, s: &Span) -> Result<std::ops::RangeInclusive<usize>, String> {
    let first = text.line_of_char(s.start).ok_or("outside the text")?;
    let last = text.line_of_char(s.end).ok_or("outside the text")?;
    let starts = text
        .line_char_range(first)
        .is_some_and(|r| r.start == s.start);
    let ends = text.line_char_range(last).is_some_and(|r| r.end == s.end);
    if !(starts && ends) {
        return Err(format!(
            "noise {}..{} does not cover whole lines",
            s.start, s.end
        ));
    }
    Ok(first..=last)
}

/// `stance2` → (`stance`, `2`).
fn split_suffix(name: &str) -> (&str, &str) {
    let cut = name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    name.split_at(cut)
}

fn find(group: &mut [usize], i: usize) -> usize {
    let mut root = i;
    while group[root] != root {
        root = group[root];
    }
    group[i] = root;
    root
}

fn union(group: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(group, a), find(group, b));
    group[ra.max(rb)] = ra.min(rb);
}
