//! citron JSON, the data format of BBC R&D's quote extractor
//! (<https://github.com/bbc/citron>, `docs/data_format.md`): one document per file, with
//! `text`, `quotes` (each a `cue`, `sources` and `contents`, optionally `coreferences` and
//! `confidence`) and `coreference_groups`, lists of spans that name one entity.
//!
//! Mapping: contents are the quote's fragments, the first source its source; a coreference
//! group, with the sources and coreferences of the quotes that touch it, is one speaker.
//! citron has no speaker kinds, quote kinds, stances or noise: speakers get the schema's
//! first kind, quote kinds are guessed from quotation marks, and stances and noise are not
//! written. Offsets are Python string indices into `text` (code points; CRLF counts two).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{
    ImportError, Prediction, RawText, Read, ReadOptions, default_kind, guess_kind, span, tidy,
};
use crate::model::{Layer, Project, Quote, Span, Speaker};
use crate::text::Text;

#[derive(Debug, Serialize, Deserialize)]
struct Document {
    /// Not citron's: which project document this is (else the file name, else the text).
    #[serde(default, alias = "id", skip_serializing_if = "Option::is_none")]
    doc_id: Option<String>,
    /// Missing from the extractor's output (`citron-extract`), whose spans count spaCy
    /// tokens: see [`from_tokens`].
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    quotes: Vec<CitronQuote>,
    #[serde(default)]
    coreference_groups: Option<Vec<Vec<CitronSpan>>>,
}

#[derive(Debug, Serialize, Deserialize)]
struct CitronQuote {
    /// citron's optional quote id (a string or a number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<serde_json::Value>,
    /// citron's reader assumes every quote has one: a quote without a cue is not written.
    cue: Option<CitronSpan>,
    #[serde(default)]
    sources: Vec<CitronSpan>,
    contents: Vec<CitronSpan>,
    #[serde(default)]
    coreferences: Option<Vec<CitronSpan>>,
    /// citron writes it as a string (`"0.8500"`); numbers are read too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    confidence: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CitronSpan {
    start: usize,
    end: usize,
    text: String,
}

impl From<&Span> for CitronSpan {
    fn from(s: &Span) -> Self {
        CitronSpan {
            start: s.start,
            end: s.end,
            text: s.text.clone(),
        }
    }
}

/// A layer as a citron document (pretty JSON). A quote with a speaker but no source names
/// the speaker through `coreferences`; every speaker is a coreference group.
pub fn write(doc_id: &str, text: &Text, layer: &Layer) -> String {
    let quotes = layer
        .quotes
        .iter()
        .filter(|q| q.cue.is_some())
        .map(|q| {
            let speaker = q.speaker.as_deref().and_then(|id| layer.speaker(id));
            let named = |s: &Span| {
                speaker.is_some_and(|sp| {
                    sp.mentions
                        .iter()
                        .any(|m| (m.start, m.end) == (s.start, s.end))
                })
            };
            let coreferences = match (&q.source, speaker.and_then(|s| s.mentions.first())) {
                (Some(source), _) if named(source) => vec![],
                (_, Some(first)) => vec![first.into()],
                _ => vec![],
            };
            CitronQuote {
                id: Some(q.id.clone().into()),
                cue: q.cue.as_ref().map(Into::into),
                sources: q.source.iter().map(Into::into).collect(),
                contents: q.content.iter().map(Into::into).collect(),
                coreferences: Some(coreferences),
                confidence: q.score.map(Into::into),
            }
        })
        .collect();
    let groups = layer
        .speakers
        .iter()
        .filter(|s| !s.mentions.is_empty())
        .map(|s| s.mentions.iter().map(Into::into).collect())
        .collect();
    let doc = Document {
        doc_id: Some(doc_id.to_string()),
        text: Some(text.as_str().to_string()),
        quotes,
        coreference_groups: Some(groups),
    };
    serde_json::to_string_pretty(&doc).expect("plain data serializes")
}

/// Reads a citron `.json` file or a folder of them: one document a file, refused one by
/// one with `skip_invalid`.
pub(crate) fn read_with(
    project: &Project,
    path: &Path,
    options: &ReadOptions,
) -> Result<Read, ImportError> {
    let files = if path.is_dir() {
        let mut files = super::files_with(path, "json")?;
        // A sayso export's manifest is not a document.
        files.retain(|f| f.file_name().is_none_or(|n| n != super::MANIFEST));
        if files.is_empty() {
            return Err(ImportError::file(path, "the folder holds no .json file"));
        }
        files
    } else {
        vec![path.to_owned()]
    };
    let mut read = Read::default();
    for file in files {
        let outcome = read_one(project, &file).map(|p| (None, p));
        read.push(options.skip_invalid, &file, outcome)?;
    }
    Ok(read)
}

fn read_one(project: &Project, path: &Path) -> Result<Prediction, ImportError> {
    let content = super::read_utf8(path)?;
    let mut d: Document = serde_json::from_str(&content).map_err(|e| ImportError {
        line: Some(e.line()),
        column: Some(e.column()),
        ..ImportError::file(
            path,
            format!("malformed citron JSON: {e}")
                .replace(&format!(" at line {} column {}", e.line(), e.column()), ""),
        )
    })?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let key_owned = d.doc_id.clone();
    let key = key_owned.as_deref();
    let id = [key, stem.as_deref()]
        .into_iter()
        .flatten()
        .find(|id| project.document(id).is_some());
    let named = id.or(key).or(stem.as_deref());
    let item = key.or(stem.as_deref()).map(|id| format!("document {id:?}"));
    if d.text.is_none() {
        // citron-extract's output: spans in spaCy tokens, matched by the file's name.
        let doc = named
            .and_then(|id| project.document(id))
            .ok_or_else(|| ImportError {
                item: item.clone(),
                ..ImportError::file(
                    path,
                    "no \"text\" (citron's extractor output?) and no project document of this \
                 file's name to match it to",
                )
            })?;
        from_tokens(&mut d, &doc.text).map_err(|m| ImportError {
            item: item.clone(),
            ..ImportError::file(path, m)
        })?;
        d.text = Some(doc.text.as_str().to_string());
    }
    let d_text = d.text.clone().unwrap_or_default();
    let doc =
        super::match_document(project, named, None, Some(&d_text)).map_err(|m| ImportError {
            item: item.clone(),
            ..ImportError::file(path, m)
        })?;
    let raw = RawText::new(&d_text);
    let text = &doc.text;
    let check = |s: &CitronSpan, item: String| {
        raw.range(s.start, s.end)
            .and_then(|at| span(text, at, s.start..s.end, Some(&s.text)))
            .map_err(|m| ImportError {
                item: Some(item),
                ..ImportError::file(path, m)
            })
    };

    // Mentions, grouped: a coreference group, and a quote's sources with its coreferences.
    let mut mentions = Mentions::default();
    for (g, group) in d.coreference_groups.iter().flatten().enumerate() {
        let mut ids = Vec::new();
        for (i, s) in group.iter().enumerate() {
            ids.push(mentions.add(check(
                s,
                format!("coreference group {} span {}", g + 1, i + 1),
            )?));
        }
        mentions.join(&ids);
    }
    struct Parts {
        quote: Quote,
        who: Option<usize>,
    }
    let mut parts = Vec::new();
    for (n, q) in d.quotes.iter().enumerate() {
        let item = format!("quote {}", n + 1);
        if q.contents.is_empty() {
            return Err(ImportError {
                item: Some(item),
                ..ImportError::file(path, "the quote has no contents")
            });
        }
        let mut content = Vec::new();
        for (i, c) in q.contents.iter().enumerate() {
            content.push(check(c, format!("{item} content {}", i + 1))?);
        }
        let cue = q
            .cue
            .as_ref()
            .map(|c| check(c, format!("{item} cue")))
            .transpose()?;
        let mut named = Vec::new();
        for (i, s) in q.sources.iter().enumerate() {
            named.push(check(s, format!("{item} source {}", i + 1))?);
        }
        let source = named.first().cloned();
        for (i, s) in q.coreferences.iter().flatten().enumerate() {
            named.push(check(s, format!("{item} coreference {}", i + 1))?);
        }
        let ids: Vec<usize> = named.into_iter().map(|s| mentions.add(s)).collect();
        mentions.join(&ids);
        let score = match &q.confidence {
            None | Some(serde_json::Value::Null) => None,
            Some(v) => Some(
                v.as_f64()
                    .or_else(|| v.as_str()?.trim().parse().ok())
                    .ok_or_else(|| ImportError {
                        item: Some(item.clone()),
                        ..ImportError::file(path, format!("confidence {v} is not a number"))
                    })?,
            ),
        };
        let kind = guess_kind(&project.schema, &content);
        let quote = Quote {
            id: String::new(),
            kind,
            content,
            cue,
            source,
            speaker: None,
            score,
        };
        parts.push(Parts {
            quote,
            who: ids.first().copied(),
        });
    }

    // Speakers by first mention, quotes by position: ids in that order.
    let mut groups: BTreeMap<usize, Vec<Span>> = BTreeMap::new();
    for i in 0..mentions.spans.len() {
        let root = mentions.find(i);
        groups
            .entry(root)
            .or_default()
            .push(mentions.spans[i].clone());
    }
    let mut speakers: Vec<(usize, Speaker)> = groups
        .into_iter()
        .map(|(root, mut spans)| {
            spans.sort();
            let name = super::jsonl::longest(&spans).unwrap_or_default();
            let kind = default_kind(&project.schema);
            (
                root,
                Speaker {
                    id: String::new(),
                    name,
                    kind,
                    mentions: spans,
                    score: None,
                },
            )
        })
        .collect();
    speakers.sort_by_key(|(_, s)| s.mentions.first().map(|m| (m.start, m.end)));
    let mut speaker_id = HashMap::new();
    for (n, (root, s)) in speakers.iter_mut().enumerate() {
        s.id = format!("s{}", n + 1);
        speaker_id.insert(*root, s.id.clone());
    }
    let mut quotes: Vec<Quote> = parts
        .into_iter()
        .map(|p| Quote {
            speaker: p.who.map(|m| speaker_id[&mentions.find(m)].clone()),
            ..p.quote
        })
        .collect();
    quotes.sort_by_key(|q| q.start());
    for (n, q) in quotes.iter_mut().enumerate() {
        q.id = format!("q{}", n + 1);
    }
    let mut layer = Layer {
        speakers: speakers.into_iter().map(|(_, s)| s).collect(),
        quotes,
        ..Layer::new(&doc.sha256)
    };
    tidy(&mut layer);
    Ok(Prediction {
        doc_id: doc.id.clone(),
        layer,
    })
}

/// Turns the spaCy token offsets of citron's extractor output into character offsets of
/// `text`, with tokens as [`super::tokens`] reproduces spaCy's; every span's `text` must
/// then be what its tokens cover, or the file is refused saying where they part.
fn from_tokens(d: &mut Document, text: &Text) -> Result<(), String> {
    let toks = super::tokens::tokenize(text.as_str());
    let fix = |s: &mut CitronSpan, what: String| -> Result<(), String> {
        let (first, last) = match (
            toks.get(s.start),
            s.end.checked_sub(1).and_then(|e| toks.get(e)),
        ) {
            (Some(f), Some(l)) if s.start < s.end => (*f, *l),
            _ => {
                return Err(format!(
                    "{what}: tokens {}..{} are not in the article, which has {} tokens as \
                     spaCy's English tokenizer makes them (sayso reproduces it)",
                    s.start,
                    s.end,
                    toks.len()
                ));
            }
        };
        let covered = text.slice_chars(first.start..last.end).unwrap_or_default();
        if covered != s.text {
            return Err(format!(
                "{what}: tokens {}..{} are {covered:?} in the article as sayso tokenizes it \
                 (reproducing spaCy's English tokenizer), citron says {:?}: the tokenizations \
                 differ here, or the article is not the one citron read",
                s.start, s.end, s.text
            ));
        }
        (s.start, s.end) = (first.start, last.end);
        Ok(())
    };
    for (n, q) in d.quotes.iter_mut().enumerate() {
        let item = format!("quote {}", n + 1);
        if let Some(c) = &mut q.cue {
            fix(c, format!("{item} cue"))?;
        }
        for (i, s) in q.sources.iter_mut().enumerate() {
            fix(s, format!("{item} source {}", i + 1))?;
        }
        for (i, s) in q.contents.iter_mut().enumerate() {
            fix(s, format!("{item} content {}", i + 1))?;
        }
        for (i, s) in q.coreferences.iter_mut().flatten().enumerate() {
            fix(s, format!("{item} coreference {}", i + 1))?;
        }
    }
    for (g, group) in d.coreference_groups.iter_mut().flatten().enumerate() {
        for (i, s) in group.iter_mut().enumerate() {
            fix(s, format!("coreference group {} span {}", g + 1, i + 1))?;
        }
    }
    Ok(())
}

/// Mention spans, unique by place, grouped into speakers (union-find).
#[derive(Default)]
struct Mentions {
    spans: Vec<Span>,
    at: HashMap<(usize, usize), usize>,
    parent: Vec<usize>,
}

impl Mentions {
    fn add(&mut self, s: Span) -> usize {
        if let Some(&i) = self.at.get(&(s.start, s.end)) {
            return i;
        }
        let i = self.spans.len();
        self.at.insert((s.start, s.end), i);
        self.spans.push(s);
        self.parent.push(i);
        i
    }

    fn find(&mut self, i: usize) -> usize {
        let mut root = i;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        self.parent[i] = root;
        root
    }

    fn join(&mut self, ids: &[usize]) {
        for w in ids.windows(2) {
            let (a, b) = (self.find(w[0]), self.find(w[1]));
            self.parent[a.max(b)] = a.min(b);
        }
    }
}
