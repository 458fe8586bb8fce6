//! Writing a layer as brat standoff, and the configuration brat needs to show it.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::formats::token;
use crate::model::{Layer, Schema, Span};
use crate::text::Text;

/// The `.ann` file of a layer over `text` (offsets of the normalized text: write the `.txt`
/// with LF line ends beside it).
pub fn write_ann(text: &Text, layer: &Layer) -> String {
    write_ann_with(text, layer, false)
}

/// [`write_ann`], with the mentions of a speaker chained by `Coref` relations (`R` lines,
/// each mention to the next) instead of one `Equiv` line when `relations` is set: what
/// INCEpTION imports. A span of one type is written once (two quotes sharing a cue share
/// its T line).
pub fn write_ann_with(text: &Text, layer: &Layer, relations: bool) -> String {
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
        if ids.len() >= 2 && relations {
            for pair in ids.windows(2) {
                w.relations += 1;
                let n = w.relations;
                writeln!(w.out, "R{n}\tCoref Arg1:{} Arg2:{}", pair[0], pair[1]).unwrap();
            }
        } else if ids.len() >= 2 {
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
    /// The T line of each type and offsets written.
    written: HashMap<(String, String), String>,
    relations: usize,
    ts: usize,
    events: usize,
    attributes: usize,
    notes: usize,
}

impl Writer {
    /// Writes a T line over `fragments`, returning its id.
    fn t(&mut self, ty: &str, fragments: &[Span]) -> String {
        let offsets: Vec<String> = fragments
            .iter()
            .map(|f| format!("{} {}", f.start, f.end))
            .collect();
        let key = (ty.to_string(), offsets.join(";"));
        if let Some(id) = self.written.get(&key) {
            return id.clone();
        }
        self.ts += 1;
        self.written.insert(key, format!("T{}", self.ts));
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
    annotation_conf_with(schema, false)
}

/// [`annotation_conf`], declaring the `Coref` relation of [`write_ann_with`] too.
pub fn annotation_conf_with(schema: &Schema, relations: bool) -> String {
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
    if relations {
        out += &format!("Coref\tArg1:{mentions}, Arg2:{mentions}\n");
    }
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
