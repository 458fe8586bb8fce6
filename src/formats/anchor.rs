//! Spans of a file checked against the project's article: raw offsets (before CRLF and
//! BOM normalization) mapped to normalized ones, the text a file claims compared with the
//! article's, and the document a record is about.

use std::collections::HashMap;
use std::ops::Range;

use crate::model::{Document, Project, Span};
use crate::text::{Text, normalize_newlines, words::is_character_boundary};

/// Text as another tool saw it (CRLF line ends, a BOM), with a map from its code-point
/// offsets to those of the normalized text: brat and citron count characters of the raw
/// file, as Python does.
pub(crate) struct RawText {
    /// Code-point offsets of the characters normalization drops (a BOM, the CR of CRLF).
    dropped: Vec<usize>,
    len_chars: usize,
    pub normalized: String,
}

impl RawText {
    pub fn new(raw: &str) -> Self {
        let mut dropped = Vec::new();
        let mut chars = raw.chars().enumerate().peekable();
        let mut len_chars = 0;
        while let Some((i, c)) = chars.next() {
            len_chars = i + 1;
            let crlf = c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n');
            if crlf || (i == 0 && c == '\u{feff}') {
                dropped.push(i);
            }
        }
        let without_bom = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        RawText {
            dropped,
            len_chars,
            normalized: normalize_newlines(without_bom).into_owned(),
        }
    }

    /// The normalized offset of raw offset `at`, or `None` past the end.
    pub fn to_normalized(&self, at: usize) -> Option<usize> {
        (at <= self.len_chars).then(|| at - self.dropped.partition_point(|&d| d < at))
    }

    /// A raw range in normalized offsets; a message naming the raw range if it is outside.
    pub fn range(&self, start: usize, end: usize) -> Result<Range<usize>, String> {
        match (self.to_normalized(start), self.to_normalized(end)) {
            (Some(s), Some(e)) if start < end => Ok(s..e),
            _ if start >= end => Err(format!("empty span {start}..{end}")),
            _ => Err(format!(
                "span {start}..{end} is outside the text, which has {} characters",
                self.len_chars
            )),
        }
    }
}

/// True if the text a file gives for a span is the article's: a newline or a tab in the
/// article may be a space in the file (brat's .ann has one line per annotation, its fields
/// separated by tabs), and CRLF is LF.
pub(crate) fn same_text(claimed: &str, actual: &str) -> bool {
    let claimed = normalize_newlines(claimed);
    claimed == actual
        || (!claimed.contains('\n') && actual.replace(['\n', '\t'], " ") == claimed)
        || actual.replace('\t', " ") == claimed
}

/// The span over `at` (normalized code points), checked: in range, on character
/// boundaries, and covering `claimed` if the file gives a text. `shown` is the range as
/// the file gives it, for the message.
pub(crate) fn span(
    text: &Text,
    at: Range<usize>,
    shown: Range<usize>,
    claimed: Option<&str>,
) -> Result<Span, String> {
    let (a, b) = (shown.start, shown.end);
    if at.start >= at.end {
        return Err(format!("empty span {a}..{b}"));
    }
    let len = text.len_chars();
    if at.end > len {
        return Err(format!(
            "span {a}..{b} is outside the text, which has {len} characters"
        ));
    }
    let bytes = text.char_range_to_bytes(at.clone()).expect("in range");
    let actual = &text.as_str()[bytes.clone()];
    if let Some(claimed) = claimed
        && !same_text(claimed, actual)
    {
        return Err(format!(
            "span {a}..{b} is {actual:?} in the article, the file says {claimed:?}"
        ));
    }
    for (which, byte) in [("starts", bytes.start), ("ends", bytes.end)] {
        if !is_character_boundary(text, byte) {
            return Err(format!(
                "span {a}..{b} {which} inside a character (between a letter and its combining mark, or inside an emoji)"
            ));
        }
    }
    Ok(Span {
        start: at.start,
        end: at.end,
        text: actual.to_string(),
        orphaned: false,
    })
}

/// The project document a file's record is about: by `id`, else by `sha256`, else by
/// identical text (CRLF normalized). A record that names a document but whose text or
/// hash differs from it is refused: its offsets would point elsewhere.
pub(crate) fn match_document<'p>(
    project: &'p Project,
    id: Option<&str>,
    sha256: Option<&str>,
    text: Option<&str>,
) -> Result<&'p Document, String> {
    let text = text.map(|t| normalize_newlines(t.strip_prefix('\u{feff}').unwrap_or(t)));
    let doc = id
        .and_then(|id| project.document(id))
        .or_else(|| sha256.and_then(|h| project.documents.iter().find(|d| d.sha256 == h)))
        .or_else(|| {
            let text = text.as_deref()?;
            project.documents.iter().find(|d| d.text.as_str() == text)
        });
    checked(project, doc, id, sha256, text.as_deref())
}

/// A project's documents by id and by hash: [`match_document`] for files of many records
/// (a record for every document of a big project is not a search through all of them).
pub(crate) struct Documents<'p> {
    project: &'p Project,
    by_id: HashMap<&'p str, &'p Document>,
    by_sha: HashMap<&'p str, &'p Document>,
}

impl<'p> Documents<'p> {
    pub fn new(project: &'p Project) -> Self {
        let (mut by_id, mut by_sha) = (HashMap::new(), HashMap::new());
        // The first of equal ids or texts, as a search in order finds it.
        for d in &project.documents {
            by_id.entry(d.id.as_str()).or_insert(d);
            by_sha.entry(d.sha256.as_str()).or_insert(d);
        }
        Documents {
            project,
            by_id,
            by_sha,
        }
    }

    /// [`match_document`], through the maps.
    pub fn find(
        &self,
        id: Option<&str>,
        sha256: Option<&str>,
        text: Option<&str>,
    ) -> Result<&'p Document, String> {
        let text = text.map(|t| normalize_newlines(t.strip_prefix('\u{feff}').unwrap_or(t)));
        let doc = id
            .and_then(|id| self.by_id.get(id).copied())
            .or_else(|| sha256.and_then(|h| self.by_sha.get(h).copied()))
            .or_else(|| {
                let text = text.as_deref()?;
                let d = self.by_sha.get(crate::text::sha256_hex(text).as_str())?;
                (d.text.as_str() == text).then_some(*d)
            });
        checked(self.project, doc, id, sha256, text.as_deref())
    }
}

/// The document found for a record, or why there is none; refused if the record's hash or
/// text is not the document's.
fn checked<'p>(
    project: &'p Project,
    doc: Option<&'p Document>,
    id: Option<&str>,
    sha256: Option<&str>,
    text: Option<&str>,
) -> Result<&'p Document, String> {
    let Some(doc) = doc else {
        let mut tried = Vec::new();
        if let Some(id) = id {
            tried.push(format!("no document has the id {id:?}"));
        }
        if let Some(h) = sha256 {
            tried.push(format!("none has the sha256 {h}"));
        }
        if text.is_some() {
            tried.push("none has the same text".to_string());
        }
        if tried.is_empty() {
            tried.push("the record has no id, sha256 or text to match".to_string());
        }
        let ids: Vec<&str> = project.documents.iter().map(|d| d.id.as_str()).collect();
        return Err(format!(
            "unknown document: {} (the project has {})",
            tried.join(", "),
            ids.join(", ")
        ));
    };
    if let Some(h) = sha256
        && h != doc.sha256
    {
        return Err(format!(
            "the sha256 {h} is not that of document {:?} ({}): the article differs",
            doc.id, doc.sha256
        ));
    }
    if let Some(t) = text
        && t != doc.text.as_str()
    {
        return Err(format!(
            "the text differs from document {:?}'s article (first at character {})",
            doc.id,
            first_difference(t, doc.text.as_str())
        ));
    }
    Ok(doc)
}

fn first_difference(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}
