//! brat standoff: a `.txt` article with a `.ann` file of numbered annotations.
//!
//! What sayso writes, and reads back identically:
//!
//! ```text
//! T1  Person 433 439  Lavrov                a speaker mention (type: the speaker kind)
//! *   Equiv T1 T2 T5                        mentions of one speaker
//! #1  AnnotatorNotes T1  Sergei Lavrov      the speaker's name
//! T6  Quote 380 470;476 490  "It is…" "…"   a quote's content (fragments joined by a space)
//! T7  Cue 471 475  told
//! E1  Quote:T6 Cue:T7 Source:T1             the attribution (Speaker: when there is no source)
//! A1  Kind E1 direct                        the quote kind
//! A2  Stance E1 against                     a stance this quote shows (Stance2… for more)
//! A3  Target E1 Assad_ceding_power          its target (spaces as `_`)
//! T9  Noise 0 40  6 years ago               a noise line, with A4 NoiseCategory T9 dateline
//! ```
//!
//! Reading is liberal: `Speaker`, `Source` or any speaker kind types a mention; `Quote`,
//! `Content` or `DirectQuote`-like types a content; `R` relations may link contents to
//! sources and cues; role names do not matter, the linked annotations' types do. A
//! mention in no `Equiv` group is a speaker of its own (mentions at the same place are
//! one). Offsets count characters of the `.txt` as it is on disk (CRLF counts two).
//! Fields are separated by tabs (shown as two spaces above).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{
    At, ImportError, Prediction, RawText, default_kind, from_token, guess_kind, same_text, span,
    tidy, token,
};
use crate::model::{Layer, NoiseLine, Project, Quote, Schema, Span, Speaker, Stance};
use crate::text::Text;

// --- Writing --------------------------------------------------------------------------------

/// The `.ann` file of a layer over `text` (offsets of the normalized text: write the `.txt`
/// with LF line ends beside it).
pub fn write_ann(text: &Text, layer: &Layer) -> String {
    let mut w = Writer::default();
    let mut mention_t: HashMap<(usize, usize), String> = HashMap::new();
    let mut first_t: HashMap<&str, String> = HashMap::new();
    for s in &layer.speakers {
        let ty = speaker_type(&s.kind);
        let ids: Vec<String> = s
            .mentions
            .iter()
            .map(|m| w.t(&ty, std::slice::from_ref(m)))
            .collect();
        for (m, id) in s.mentions.iter().zip(&ids) {
            mention_t
                .entry((m.start, m.end))
                .or_insert_with(|| id.clone());
        }
        if ids.len() >= 2 {
            writeln!(w.out, "*\tEquiv {}", ids.join(" ")).unwrap();
        }
        if let Some(first) = ids.first() {
            w.notes += 1;
            writeln!(
                w.out,
                "#{}\tAnnotatorNotes {first}\t{}",
                w.notes,
                one_line(&s.name)
            )
            .unwrap();
            first_t.insert(&s.id, first.clone());
        }
    }
    let mut quote_e: HashMap<&str, String> = HashMap::new();
    for q in &layer.quotes {
        let content = w.t("Quote", &q.content);
        let mut args = format!("Quote:{content}");
        if let Some(cue) = &q.cue {
            let _ = write!(args, " Cue:{}", w.t("Cue", std::slice::from_ref(cue)));
        }
        if let Some(source) = &q.source {
            let id = match mention_t.get(&(source.start, source.end)) {
                Some(id) => id.clone(),
                None => {
                    let id = w.t("Source", std::slice::from_ref(source));
                    mention_t.insert((source.start, source.end), id.clone());
                    id
                }
            };
            let _ = write!(args, " Source:{id}");
        } else if let Some(id) = q.speaker.as_deref().and_then(|s| first_t.get(s)) {
            let _ = write!(args, " Speaker:{id}");
        }
        w.events += 1;
        let e = format!("E{}", w.events);
        writeln!(w.out, "{e}\t{args}").unwrap();
        w.a("Kind", &e, &q.kind);
        quote_e.insert(&q.id, e);
    }
    // Stances after the quotes, in order, so they read back in order.
    let mut used: HashMap<String, usize> = HashMap::new();
    for t in &layer.stances {
        let anchors: Vec<String> = if t.evidence.is_empty() {
            first_t
                .get(t.holder.as_str())
                .cloned()
                .into_iter()
                .collect()
        } else {
            t.evidence
                .iter()
                .filter_map(|e| quote_e.get(e.as_str()).cloned())
                .collect()
        };
        for anchor in anchors {
            let n = used.entry(anchor.clone()).or_default();
            *n += 1;
            let suffix = if *n == 1 {
                String::new()
            } else {
                n.to_string()
            };
            w.a(&format!("Stance{suffix}"), &anchor, &t.label);
            w.a(&format!("Target{suffix}"), &anchor, &t.target);
        }
    }
    for n in layer.noise.iter().filter(|n| !n.orphaned) {
        let Some(range) = text.line_char_range(n.line) else {
            continue;
        };
        w.ts += 1;
        let id = format!("T{}", w.ts);
        writeln!(
            w.out,
            "{id}\tNoise {} {}\t{}",
            range.start, range.end, n.text
        )
        .unwrap();
        w.a("NoiseCategory", &id, &n.category);
    }
    w.out
}

#[derive(Default)]
struct Writer {
    out: String,
    ts: usize,
    events: usize,
    attributes: usize,
    notes: usize,
}

impl Writer {
    /// Writes a T line over `fragments`, returning its id.
    fn t(&mut self, ty: &str, fragments: &[Span]) -> String {
        self.ts += 1;
        let offsets: Vec<String> = fragments
            .iter()
            .map(|f| format!("{} {}", f.start, f.end))
            .collect();
        let texts: Vec<String> = fragments.iter().map(|f| one_line(&f.text)).collect();
        let id = format!("T{}", self.ts);
        writeln!(
            self.out,
            "{id}\t{ty} {}\t{}",
            offsets.join(";"),
            texts.join(" ")
        )
        .unwrap();
        id
    }

    fn a(&mut self, name: &str, target: &str, value: &str) {
        self.attributes += 1;
        writeln!(
            self.out,
            "A{}\t{name} {target} {}",
            self.attributes,
            token(value)
        )
        .unwrap();
    }
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\t'], " ")
}

/// The brat type of a speaker kind: `person` → `Person`.
fn speaker_type(kind: &str) -> String {
    let name = token(kind);
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Source".to_string(),
    }
}

/// `annotation.conf` for a folder of files from [`write_ann`], so brat opens it as is.
pub fn annotation_conf(schema: &Schema) -> String {
    let speakers: Vec<String> = schema
        .speaker_kinds
        .iter()
        .map(|k| speaker_type(&k.name))
        .collect();
    let mut mentions = speakers.clone();
    mentions.push("Source".into());
    let mentions = mentions.join("|");
    let values = |list: &[crate::model::Label]| {
        list.iter()
            .map(|l| token(&l.name))
            .collect::<Vec<_>>()
            .join("|")
    };
    let mut out = String::from("# Written by sayso: the project's labels for brat.\n[entities]\n");
    for s in &speakers {
        out += &format!("{s}\n");
    }
    out += "Source\nCue\nNoise\n\n[relations]\n";
    out += &format!("Equiv\tArg1:{mentions}, Arg2:{mentions}, <REL-TYPE>:symmetric-transitive\n");
    out += "<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n\n[events]\n";
    out += &format!("Quote\tCue?:Cue, Source?:{mentions}, Speaker?:{mentions}\n\n[attributes]\n");
    let kinds = values(&schema.quote_kinds);
    if !kinds.is_empty() {
        out += &format!("Kind\tArg:Quote, Value:{kinds}\n");
    }
    let (labels, targets) = (
        values(&schema.stance_labels),
        values(&schema.stance_targets),
    );
    for suffix in ["", "2", "3"] {
        if !labels.is_empty() && !targets.is_empty() {
            out += &format!("Stance{suffix}\tArg:Quote|{mentions}, Value:{labels}\n");
            out += &format!("Target{suffix}\tArg:Quote|{mentions}, Value:{targets}\n");
        }
    }
    let categories = values(&schema.noise_categories);
    if !categories.is_empty() {
        out += &format!("NoiseCategory\tArg:Noise, Value:{categories}\n");
    }
    out
}

/// `visual.conf`: the schema's colours for brat.
pub fn visual_conf(schema: &Schema) -> String {
    let mut drawing = vec![
        "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken".to_string(),
        "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5".to_string(),
        "ATTRIBUTE_DEFAULT\tglyph:*".to_string(),
    ];
    let mut labels = Vec::new();
    for k in &schema.speaker_kinds {
        let ty = speaker_type(&k.name);
        labels.push(format!("{ty} | {}", k.name));
        drawing.push(format!("{ty}\tbgColor:{}", k.colour));
    }
    let quote = schema
        .quote_kinds
        .first()
        .map_or("#d62728", |k| k.colour.as_str());
    for (ty, name, colour) in [
        ("Source", "source", "#aec7e8"),
        ("Cue", "cue", "#ffd700"),
        ("Quote", "quote", quote),
        ("Noise", "noise", "#cccccc"),
    ] {
        labels.push(format!("{ty} | {name}"));
        drawing.push(format!("{ty}\tbgColor:{colour}"));
    }
    format!(
        "[labels]\n{}\n\n[drawing]\n{}\n",
        labels.join("\n"),
        drawing.join("\n")
    )
}

// --- Reading ------------------------------------------------------------------------------

/// Reads a `.ann` file (its `.txt` beside it) or a folder of them.
pub(crate) fn read(project: &Project, path: &Path) -> Result<Vec<Prediction>, ImportError> {
    let files = if path.is_dir() {
        let files = super::files_with(path, "ann")?;
        if files.is_empty() {
            return Err(ImportError::file(path, "the folder holds no .ann file"));
        }
        files
    } else {
        vec![path.to_owned()]
    };
    let mut out: Vec<Prediction> = Vec::new();
    let mut from: BTreeMap<String, PathBuf> = BTreeMap::new();
    for ann in files {
        let p = read_one(project, &ann)?;
        if let Some(first) = from.insert(p.doc_id.clone(), ann.clone()) {
            return Err(ImportError {
                item: Some(format!("document {:?}", p.doc_id)),
                ..ImportError::file(
                    &ann,
                    format!("the document is given twice, also by {}", first.display()),
                )
            });
        }
        out.push(p);
    }
    Ok(out)
}

fn read_one(project: &Project, ann: &Path) -> Result<Prediction, ImportError> {
    let txt = ann.with_extension("txt");
    if !txt.is_file() {
        return Err(ImportError::file(
            ann,
            format!("its article {} is missing", txt.display()),
        ));
    }
    let raw = RawText::new(&super::read_utf8(&txt)?);
    let stem = ann.file_stem().map(|s| s.to_string_lossy().into_owned());
    let doc = super::match_document(project, stem.as_deref(), None, Some(&raw.normalized))
        .map_err(|m| ImportError::file(&txt, m))?;
    let content = super::read_utf8(ann)?;
    let parsed = parse(&content, ann, &raw, &doc.text, &project.schema)?;
    let mut layer = build(parsed, ann, &doc.text, &project.schema)?;
    layer.anchored_to = doc.sha256.clone();
    tidy(&mut layer);
    Ok(Prediction {
        doc_id: doc.id.clone(),
        layer,
    })
}

/// What a T annotation's type makes it.
#[derive(Debug, Clone, PartialEq)]
enum Class {
    /// A speaker mention, with its speaker kind if the type is one.
    Mention(Option<String>),
    Cue,
    /// A quote content, with its quote kind if the type says it.
    Content(Option<String>),
    Noise,
    /// A type sayso does not use (e.g. `Location`): ignored.
    Other,
}

fn classify(ty: &str, schema: &Schema) -> Class {
    let lower = ty.to_lowercase().replace(['-', '_', ' '], "");
    match lower.as_str() {
        "cue" => return Class::Cue,
        "noise" => return Class::Noise,
        "quote" | "content" | "quotation" => return Class::Content(None),
        "speaker" | "source" | "mention" => return Class::Mention(None),
        "organisation" => {
            return Class::Mention(
                from_token(&schema.speaker_kinds, "organization").map(str::to_string),
            );
        }
        _ => {}
    }
    if let Some(kind) = from_token(&schema.speaker_kinds, ty) {
        return Class::Mention(Some(kind.to_string()));
    }
    let bare = ["quote", "content"]
        .iter()
        .fold(lower.clone(), |l, w| l.replace(w, ""));
    match schema
        .quote_kinds
        .iter()
        .find(|k| token(&k.name).to_lowercase().replace(['-', '_'], "") == bare)
    {
        Some(k) => Class::Content(Some(k.name.clone())),
        None => Class::Other,
    }
}

struct T {
    id: String,
    class: Class,
    spans: Vec<Span>,
    line: usize,
}

/// An E or R line: its id, roles and the ids they name.
struct Link {
    id: String,
    args: Vec<(String, String)>,
    line: usize,
    event: bool,
}

struct Attr {
    id: String,
    name: String,
    target: String,
    value: Option<String>,
    line: usize,
}

#[derive(Default)]
struct Parsed {
    ts: Vec<T>,
    links: Vec<Link>,
    attrs: Vec<Attr>,
    equivs: Vec<(Vec<String>, usize)>,
    /// AnnotatorNotes: target id, note, line.
    notes: Vec<(String, String, usize)>,
}

fn parse(
    content: &str,
    path: &Path,
    raw: &RawText,
    text: &Text,
    schema: &Schema,
) -> Result<Parsed, ImportError> {
    let mut p = Parsed::default();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (i, line) in content.lines().enumerate() {
        let at = At::new(path, Some(i + 1));
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        if !line.contains('\t') {
            let id = line.split_whitespace().next().map(str::to_string);
            return Err(at.err(
                id,
                format!("cannot read this line (its fields must be separated by tabs): {line:?}"),
            ));
        }
        let mut fields = line.splitn(3, '\t');
        let id = fields.next().unwrap_or_default().to_string();
        let body = fields.next().unwrap_or_default();
        let rest = fields.next();
        let words: Vec<&str> = body.split_whitespace().collect();
        let bad = |what: &str| {
            at.err(
                id.clone(),
                format!("cannot read this {what} line: {line:?}"),
            )
        };
        if id != "*" && ids.insert(id.clone(), i + 1).is_some() {
            return Err(at.err(id.clone(), "the id is used twice"));
        }
        match id.chars().next() {
            Some('T') => {
                let (ty, offsets) = body.split_once(' ').ok_or_else(|| bad("text-bound"))?;
                let claimed = rest.ok_or_else(|| bad("text-bound"))?;
                let class = classify(ty, schema);
                let spans = fragments(offsets, claimed, raw, text, &class)
                    .map_err(|m| at.err(id.clone(), m))?;
                p.ts.push(T {
                    id,
                    class,
                    spans,
                    line: i + 1,
                });
            }
            Some('E') | Some('R') => {
                let event = id.starts_with('E');
                let start = usize::from(!event); // R lines start with their type
                let mut args = Vec::new();
                for w in words.iter().skip(start) {
                    let (role, target) = w
                        .split_once(':')
                        .ok_or_else(|| bad(if event { "event" } else { "relation" }))?;
                    args.push((role.to_string(), target.to_string()));
                }
                p.links.push(Link {
                    id,
                    args,
                    line: i + 1,
                    event,
                });
            }
            Some('A') | Some('M') => match words.as_slice() {
                [name, target, value @ ..] if value.len() <= 1 => p.attrs.push(Attr {
                    id,
                    name: name.to_string(),
                    target: target.to_string(),
                    value: value.first().map(|v| v.to_string()),
                    line: i + 1,
                }),
                _ => return Err(bad("attribute")),
            },
            Some('*') => {
                if words.first() == Some(&"Equiv") {
                    p.equivs
                        .push((words[1..].iter().map(|w| w.to_string()).collect(), i + 1));
                }
            }
            Some('#') => {
                if let [kind, target] = words.as_slice()
                    && *kind == "AnnotatorNotes"
                {
                    let note = rest.unwrap_or_default().trim().to_string();
                    p.notes.push((target.to_string(), note, i + 1));
                }
            }
            Some('N') => {} // normalizations (links to knowledge bases): not sayso's business
            _ => return Err(at.err(None, format!("cannot read this line: {line:?}"))),
        }
    }
    // Every reference must name an annotation of this file.
    let known = |target: &str| ids.contains_key(target);
    let dangling = |line: usize, item: &str, target: &str| {
        At::new(path, Some(line)).err(
            item.to_string(),
            format!("{target} does not exist in this file"),
        )
    };
    for l in &p.links {
        if let Some((_, t)) = l.args.iter().find(|(_, t)| !known(t)) {
            return Err(dangling(l.line, &l.id, t));
        }
    }
    for a in &p.attrs {
        if !known(&a.target) {
            return Err(dangling(a.line, &a.id, &a.target));
        }
    }
    for (group, line) in &p.equivs {
        if let Some(t) = group.iter().find(|t| !known(t)) {
            return Err(dangling(*line, "Equiv", t));
        }
    }
    for (target, _, line) in &p.notes {
        if !known(target) {
            return Err(dangling(*line, "AnnotatorNotes", target));
        }
    }
    Ok(p)
}

/// The spans of a T line's offsets (`0 5;10 20`), checked against the text it gives.
fn fragments(
    offsets: &str,
    claimed: &str,
    raw: &RawText,
    text: &Text,
    class: &Class,
) -> Result<Vec<Span>, String> {
    let mut spans = Vec::new();
    for part in offsets.split(';') {
        let numbers: Vec<usize> = part
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        let [start, end] = numbers[..] else {
            return Err(format!("cannot read the offsets {offsets:?}"));
        };
        if start == end && *class == Class::Noise {
            // An empty noise line (sayso writes them so): no text to cover.
            let at = raw
                .to_normalized(start)
                .ok_or("the offset is outside the text")?;
            spans.push(Span {
                start: at,
                end: at,
                text: String::new(),
                orphaned: false,
            });
            continue;
        }
        let at = raw.range(start, end)?;
        spans.push(span(text, at, start..end, None)?);
    }
    let actual: Vec<&str> = spans.iter().map(|s| s.text.as_str()).collect();
    let actual = actual.join(" ");
    if !same_text(claimed, &actual) {
        return Err(format!(
            "the article has {actual:?} at {offsets}, the file says {claimed:?}"
        ));
    }
    Ok(spans)
}

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
}

fn build(p: Parsed, path: &Path, text: &Text, schema: &Schema) -> Result<Layer, ImportError> {
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
                let message = "the event has no quote content (a T of type Quote)".into();
                return Err(self.err(l.line, &l.id, message));
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
                for q in on_quotes.into_iter().filter(|_| kind.is_some()) {
                    self.quotes[q].kind = kind.map(str::to_string);
                }
            } else if let Some(t) = t.filter(|&t| p.ts[t].class == Class::Noise) {
                let category = from_token(&schema.noise_categories, &value)
                    .ok_or_else(|| bad("noise category", &schema.noise_categories))?;
                noise_category.insert(t, category.to_string());
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
                    .or_else(|| super::jsonl::longest(&mentions))
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
