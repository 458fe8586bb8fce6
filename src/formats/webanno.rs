//! WebAnno TSV 3.3, INCEpTION's tab-separated exchange format
//! (<https://inception-project.github.io/releases/latest/docs/user-guide.html#sect_formats_webannotsv3>):
//! a header declaring layers (`#T_SP=` span, `#T_CH=` chain, `#T_RL=` relation layers
//! with their features), then sentences (`#Text=…`) of one token a row: `sentence-token`,
//! `begin-end` (UTF-16 offsets, as Java counts), the token, and a column per feature.
//!
//! What sayso writes, for a project whose INCEpTION layers are set up so:
//!
//! - speakers as **chains** of the built-in coreference layer
//!   (`de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink`): `SPEAKER[3]` in
//!   `referenceType` and `coref->3-1` (the link's relation to the next, chain 3, link 1) in
//!   `referenceRelation`;
//! - quote fragments, cues and sources as the span layer `webanno.custom.Quotation`
//!   (feature `label`: `QUOTE`, `CUE`, `SOURCE`), `LABEL[id]` on each token;
//! - the links between them as the relation layer `webanno.custom.QuotationLink` (feature
//!   `label`: `cue`, `source`, `speaker`, `continues`) attached to `Quotation`, written on
//!   the first token of the target with the source's token and both ids (`1-2[4_7]`).
//!
//! A source is both a `Quotation` span and a link of its speaker's chain (same offsets).
//! Lines are sentences; tokens are spaCy's (see [`super::tokens`]), cut at span edges.
//!
//! Reading takes any span, chain and relation layers: span labels are the first feature's
//! values, chain links their `referenceType`, each chain one speaker; labels mean what
//! [`super::spans`] says (`--map` for other names). A file is matched to the document of its
//! name, and every token must be the article's text at its offsets. Not checked against
//! INCEpTION itself (no Java here): the reader reads what the writer writes and the
//! documentation's examples.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use super::spans::{self, Flat, FlatRelation, FlatSpan};
use super::{At, ImportError, Prediction, Read, ReadOptions, tidy, tokens};
use crate::model::{Layer, Project};
use crate::text::Text;

const CHAIN: &str = "de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink";
const SPAN: &str = "webanno.custom.Quotation";
const RELATION: &str = "webanno.custom.QuotationLink";

/// TSV's escaped characters in text and values (`->` as a pair).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '-' if chars.peek() == Some(&'>') => out.push_str("\\-"),
            '\\' | '[' | ']' | '|' | '_' | '*' | ';' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ => out.push(c),
        }
    }
    out
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Escapes only what `#Text=` lines need.
fn escape_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\r', "\\r")
}

/// A document's TSV.
pub fn write_document(text: &Text, layer: &Layer) -> String {
    let mut flat = spans::from_layer(text, layer);
    // Noise is not written; sources become Quotation spans too (see the module doc).
    flat.spans.retain(|s| s.label != spans::NOISE);
    let chars: Vec<char> = text.as_str().chars().collect();
    let mut toks = tokens::tokenize(text.as_str());
    tokens::split_at(&mut toks, flat.spans.iter().flat_map(|s| [s.start, s.end]));
    toks.retain(|t| !tokens::is_space(&chars, t));
    let by_id: HashMap<&str, &FlatSpan> = flat.spans.iter().map(|s| (s.id.as_str(), s)).collect();
    // Quotation spans: quotes, cues, and the mentions a quote links to (as SOURCE).
    let mut quotation: Vec<(usize, String, usize, usize)> = Vec::new(); // id, label, start, end
    let mut quotation_of: HashMap<&str, usize> = HashMap::new();
    let add = |s: &FlatSpan, label: &str, list: &mut Vec<(usize, String, usize, usize)>| {
        let n = list.len() + 1;
        list.push((n, label.to_string(), s.start, s.end));
        n
    };
    for s in flat.spans.iter().filter(|s| s.label != spans::SPEAKER) {
        let n = add(s, &s.label, &mut quotation);
        quotation_of.insert(&s.id, n);
    }
    let mut links: Vec<(usize, usize, String)> = Vec::new(); // from, to, label
    for r in &flat.relations {
        if r.label == "coref" {
            continue;
        }
        let to = match quotation_of.get(r.to.as_str()) {
            Some(&n) => n,
            None => {
                let n = add(by_id[r.to.as_str()], "SOURCE", &mut quotation);
                quotation_of.insert(&r.to, n);
                n
            }
        };
        links.push((quotation_of[r.from.as_str()], to, r.label.clone()));
    }
    // The tokens `a..b` a span covers (spans are whole tokens, cut above).
    let covering = |start: usize, end: usize| {
        let a = toks.partition_point(|t| t.end <= start);
        (a, toks.partition_point(|t| t.start < end).max(a))
    };
    // Chains: each speaker's mentions, in order.
    let mut chain_cells: HashMap<usize, (String, String)> = HashMap::new();
    for (c, s) in layer
        .speakers
        .iter()
        .filter(|s| !s.mentions.is_empty())
        .enumerate()
    {
        let c = c + 1;
        for (l, m) in s.mentions.iter().enumerate() {
            let rel = if l + 1 < s.mentions.len() {
                "coref"
            } else {
                "*"
            };
            let (a, b) = covering(m.start, m.end);
            for i in a..b {
                let cell = chain_cells.entry(i).or_default();
                let sep = |x: &String| if x.is_empty() { "" } else { "|" };
                cell.0 = format!("{}{}SPEAKER[{c}]", cell.0, sep(&cell.0));
                cell.1 = format!("{}{}{rel}->{c}-{}", cell.1, sep(&cell.1), l + 1);
            }
        }
    }
    let token_of = |start: usize| {
        covering(start, start + 1)
            .0
            .min(toks.len().saturating_sub(1))
    };
    // Quotation annotations on each token, and the links written on each token.
    let mut spans_on: Vec<Vec<String>> = vec![Vec::new(); toks.len()];
    for (n, label, start, end) in &quotation {
        let (a, b) = covering(*start, *end);
        for cell in &mut spans_on[a..b] {
            cell.push(format!("{}[{n}]", escape(label)));
        }
    }
    let mut links_on: HashMap<usize, Vec<&(usize, usize, String)>> = HashMap::new();
    for link in &links {
        links_on
            .entry(token_of(quotation[link.1 - 1].2))
            .or_default()
            .push(link);
    }
    // Sentences: the tokens of each line; every token's address known up front, so that a
    // relation may name a governor in a later sentence.
    let mut sentences: Vec<Vec<usize>> = Vec::new();
    let mut current_line = None;
    for (i, t) in toks.iter().enumerate() {
        let line = text.line_of_char(t.start);
        if line != current_line || sentences.is_empty() {
            sentences.push(Vec::new());
            current_line = line;
        }
        sentences.last_mut().expect("pushed").push(i);
    }
    let mut address: HashMap<usize, String> = HashMap::new();
    for (s, members) in sentences.iter().enumerate() {
        for (k, &i) in members.iter().enumerate() {
            address.insert(i, format!("{}-{}", s + 1, k + 1));
        }
    }
    let utf16 = |c: usize| text.char_to_utf16(c).unwrap_or(0);
    let mut out = format!(
        "#FORMAT=WebAnno TSV 3.3\n#T_SP={SPAN}|label\n#T_CH={CHAIN}|referenceType|referenceRelation\n#T_RL={RELATION}|label|BT_{SPAN}\n\n"
    );
    for members in &sentences {
        let (first, last) = (toks[members[0]], toks[*members.last().expect("not empty")]);
        let line: String = chars[first.start..last.end].iter().collect();
        let _ = write!(out, "\n#Text={}\n", escape_text(&line));
        for &i in members {
            let t = toks[i];
            let word: String = chars[t.start..t.end].iter().collect();
            let spans = spans_on[i].clone();
            let (ty, rel) = chain_cells.get(&i).cloned().unwrap_or_default();
            let here: Vec<&(usize, usize, String)> = links_on.get(&i).cloned().unwrap_or_default();
            let labels: Vec<String> = here.iter().map(|(_, _, l)| escape(l)).collect();
            let governors: Vec<String> = here
                .iter()
                .map(|(from, to, _)| {
                    let g = token_of(quotation[from - 1].2);
                    format!("{}[{from}_{to}]", address[&g])
                })
                .collect();
            let cell = |v: Vec<String>| {
                if v.is_empty() {
                    "_".to_string()
                } else {
                    v.join("|")
                }
            };
            let or_blank = |s: String| if s.is_empty() { "_".to_string() } else { s };
            let _ = writeln!(
                out,
                "{}\t{}-{}\t{}\t{}\t{}\t{}\t{}\t{}\t",
                address[&i],
                utf16(t.start),
                utf16(t.end),
                escape(&word),
                cell(spans),
                or_blank(ty),
                or_blank(rel),
                cell(labels),
                cell(governors),
            );
        }
    }
    out
}

/// A relation read from a row: its attached span layer, label, governor token, the
/// governor's and dependent's annotation ids if given, and the dependent token.
type RelationRow = (String, String, String, Option<(String, String)>, String);

/// What a feature column of the file holds.
#[derive(Debug, Clone)]
enum Column {
    /// The first feature of a span layer (its label), or a later one (ignored).
    Span {
        layer: String,
        first: bool,
    },
    ChainType {
        layer: String,
    },
    ChainRelation {
        layer: String,
    },
    /// A relation layer's feature (the first one is the label) or its base-type column.
    Relation {
        layer: String,
        first: bool,
    },
    RelationBase {
        layer: String,
        target: String,
    },
}

pub(crate) fn read(
    project: &Project,
    path: &Path,
    options: &ReadOptions,
) -> Result<Read, ImportError> {
    let files = if path.is_dir() {
        let files = super::files_with(path, "tsv")?;
        if files.is_empty() {
            return Err(ImportError::file(path, "the folder holds no .tsv file"));
        }
        files
    } else {
        vec![path.to_owned()]
    };
    let mut read = Read::default();
    for file in files {
        let outcome = read_one(project, &file, options, &mut read.ignored).map(|p| (None, p));
        read.push(options.skip_invalid, &file, outcome)?;
    }
    Ok(read)
}

fn read_one(
    project: &Project,
    path: &Path,
    options: &ReadOptions,
    ignored: &mut spans::Ignored,
) -> Result<Prediction, ImportError> {
    let content = super::read_utf8(path)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let doc = project.document(&stem).ok_or_else(|| {
        ImportError::file(
            path,
            format!("no project document is called {stem:?} (a TSV file is matched by its name)"),
        )
    })?;
    let text = &doc.text;
    let mut columns: Vec<Column> = Vec::new();
    let mut spans_at: BTreeMap<String, (String, usize, usize)> = BTreeMap::new(); // key → label, start, end
    let mut links: BTreeMap<(String, u32, u32), (String, usize, usize)> = BTreeMap::new();
    let mut relations: Vec<RelationRow> = Vec::new();
    // Span annotation keys on each token (for relations), by token address.
    let mut on_token: HashMap<String, Vec<String>> = HashMap::new();
    if !content.starts_with("#FORMAT=WebAnno TSV 3") {
        return Err(At::new(path, Some(1)).err(
            None,
            "not WebAnno TSV 3: the first line must be #FORMAT=WebAnno TSV 3.x",
        ));
    }
    for (i, line) in content.lines().enumerate() {
        let at = At::new(path, Some(i + 1));
        let line = line.trim_end_matches('\r');
        if let Some(decl) = line
            .strip_prefix("#T_SP=")
            .map(|d| ("sp", d))
            .or_else(|| line.strip_prefix("#T_CH=").map(|d| ("ch", d)))
            .or_else(|| line.strip_prefix("#T_RL=").map(|d| ("rl", d)))
        {
            let (kind, decl) = decl;
            let mut parts = decl.split('|');
            let layer = parts.next().unwrap_or_default().to_string();
            let features: Vec<&str> = parts.collect();
            match kind {
                "sp" => {
                    let label = features
                        .iter()
                        .position(|f| matches!(*f, "value" | "label"))
                        .unwrap_or(0);
                    for k in 0..features.len() {
                        columns.push(Column::Span {
                            layer: layer.clone(),
                            first: k == label,
                        });
                    }
                    if features.is_empty() {
                        columns.push(Column::Span { layer, first: true });
                    }
                }
                "ch" => {
                    for f in &features {
                        columns.push(if *f == "referenceType" {
                            Column::ChainType {
                                layer: layer.clone(),
                            }
                        } else {
                            Column::ChainRelation {
                                layer: layer.clone(),
                            }
                        });
                    }
                }
                _ => {
                    for (k, f) in features.iter().enumerate() {
                        columns.push(match f.strip_prefix("BT_") {
                            Some(target) => Column::RelationBase {
                                layer: layer.clone(),
                                target: target.to_string(),
                            },
                            None => Column::Relation {
                                layer: layer.clone(),
                                first: k == 0,
                            },
                        });
                    }
                }
            }
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let [address, offsets, word, rest @ ..] = cells.as_slice() else {
            return Err(at.err(None, format!("cannot read this token row: {line:?}")));
        };
        let bad = |m: String| at.err(Some(format!("token {address}")), m);
        let (b, e) = offsets
            .split_once('-')
            .and_then(|(b, e)| Some((b.parse::<usize>().ok()?, e.parse::<usize>().ok()?)))
            .ok_or_else(|| bad(format!("cannot read the offsets {offsets:?}")))?;
        let (Some(start), Some(end)) = (text.utf16_to_char(b), text.utf16_to_char(e)) else {
            return Err(bad(format!(
                "offsets {b}-{e} (UTF-16) are outside the article"
            )));
        };
        let actual = text.slice_chars(start..end).unwrap_or_default();
        if actual != unescape(word) {
            return Err(bad(format!(
                "the article has {actual:?} at {b}-{e}, the file says {:?}",
                unescape(word)
            )));
        }
        let mut relation_here: Vec<(String, Vec<String>)> = Vec::new();
        let mut relation_base: Vec<(String, String, Vec<String>)> = Vec::new();
        let mut chain_type: Vec<(String, String)> = Vec::new();
        let mut chain_relation: Vec<(String, Vec<String>)> = Vec::new();
        for (col, cell) in columns.iter().zip(rest.iter()) {
            if *cell == "_" || cell.is_empty() {
                continue;
            }
            let values = split_cell(cell);
            match col {
                Column::Span { layer, first: true } => {
                    for v in values {
                        let (label, id) = split_id(&v);
                        let key = match id {
                            Some(id) => format!("{layer}[{id}]"),
                            None => format!("{layer}@{address}:{label}"),
                        };
                        let entry = spans_at.entry(key.clone()).or_insert((label, start, end));
                        entry.1 = entry.1.min(start);
                        entry.2 = entry.2.max(end);
                        let ids = on_token.entry(address.to_string()).or_default();
                        if !ids.contains(&key) {
                            ids.push(key);
                        }
                    }
                }
                Column::Span { first: false, .. } => {}
                Column::ChainType { layer } => {
                    for v in values {
                        chain_type.push((layer.clone(), v));
                    }
                }
                Column::ChainRelation { layer } => {
                    chain_relation.push((layer.clone(), values));
                }
                Column::Relation { layer, first: true } => {
                    relation_here.push((layer.clone(), values));
                }
                Column::Relation { first: false, .. } => {}
                Column::RelationBase { layer, target } => {
                    relation_base.push((layer.clone(), target.clone(), values));
                }
            }
        }
        for (layer, values) in chain_relation {
            for (k, v) in values.iter().enumerate() {
                let (_, link) = v
                    .rsplit_once("->")
                    .ok_or_else(|| bad(format!("cannot read the chain relation {v:?}")))?;
                let (c, l) = link
                    .split_once('-')
                    .and_then(|(c, l)| Some((c.parse().ok()?, l.parse().ok()?)))
                    .ok_or_else(|| bad(format!("cannot read the chain link {link:?}")))?;
                let ty = chain_type
                    .iter()
                    .filter(|(la, _)| *la == layer)
                    .nth(k)
                    .map(|(_, t)| split_id(t).0)
                    .unwrap_or_default();
                let entry = links
                    .entry((layer.clone(), c, l))
                    .or_insert((ty, start, end));
                entry.1 = entry.1.min(start);
                entry.2 = entry.2.max(end);
            }
        }
        for (layer, target, values) in relation_base {
            let labels = relation_here
                .iter()
                .find(|(l, _)| *l == layer)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            for (k, v) in values.iter().enumerate() {
                let (gov, ids) = match v.split_once('[') {
                    Some((g, ids)) => {
                        let ids = ids.trim_end_matches(']');
                        let (a, b) = ids.split_once('_').unwrap_or((ids, "0"));
                        (g.to_string(), Some((a.to_string(), b.to_string())))
                    }
                    None => (v.clone(), None),
                };
                let label = labels.get(k).cloned().unwrap_or_default();
                relations.push((target.clone(), label, gov, ids, address.to_string()));
            }
        }
    }
    let mut flat = Flat::default();
    for (key, (label, start, end)) in &spans_at {
        flat.spans.push(FlatSpan {
            id: key.clone(),
            label: label.clone(),
            start: *start,
            end: *end,
            text: None,
            score: None,
        });
    }
    let mut previous: Option<(String, u32, String)> = None;
    for ((layer, c, l), (ty, start, end)) in &links {
        let id = format!("{layer}#{c}-{l}");
        flat.spans.push(FlatSpan {
            id: id.clone(),
            label: ty.clone(),
            start: *start,
            end: *end,
            text: None,
            score: None,
        });
        if let Some((pl, pc, pid)) = &previous
            && pl == layer
            && *pc == *c
        {
            flat.relations.push(FlatRelation {
                from: pid.clone(),
                to: id.clone(),
                label: "coref".into(),
            });
        }
        previous = Some((layer.clone(), *c, id));
    }
    for (target, label, gov, ids, dep) in relations {
        let pick = |token: &str, id: Option<&String>| -> Option<String> {
            let keys = on_token.get(token)?;
            match id.filter(|id| id.as_str() != "0") {
                Some(id) => keys
                    .iter()
                    .find(|k| **k == format!("{target}[{id}]"))
                    .cloned(),
                None => keys.iter().find(|k| k.starts_with(&target)).cloned(),
            }
        };
        let from = pick(&gov, ids.as_ref().map(|i| &i.0));
        let to = pick(&dep, ids.as_ref().map(|i| &i.1));
        match (from, to) {
            (Some(from), Some(to)) => flat.relations.push(FlatRelation { from, to, label }),
            _ => {
                *ignored
                    .entry(format!("relation {label:?} whose ends are not found"))
                    .or_default() += 1
            }
        }
    }
    let mut layer = spans::to_layer(&flat, text, &project.schema, &options.mapping, ignored)
        .map_err(|m| ImportError::file(path, m))?;
    layer.anchored_to = doc.sha256.clone();
    tidy(&mut layer);
    Ok(Prediction {
        doc_id: doc.id.clone(),
        layer,
    })
}

/// The values of a cell: split at unescaped `|`.
fn split_cell(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                current.push(c);
                if let Some(n) = chars.next() {
                    current.push(n);
                }
            }
            '|' => out.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    out.push(current);
    out
}

/// `QUOTE[3]` → (`QUOTE`, `3`); `*[3]` → (``, `3`); `CUE` → (`CUE`, none); unescaped.
fn split_id(v: &str) -> (String, Option<String>) {
    if let Some(open) = v.rfind('[')
        && v.ends_with(']')
        && !v[..open].ends_with('\\')
    {
        let label = &v[..open];
        let label = if label == "*" { "" } else { label };
        return (unescape(label), Some(v[open + 1..v.len() - 1].to_string()));
    }
    (unescape(v), None)
}
