//! CSV export: one row per quote, safe to open in a spreadsheet.
//!
//! Columns (see [`HEADER`]): document id, quote id, speaker name and kind, quote kind, the
//! quote's text (content fragments joined with " … "), cue text, stance target and label,
//! and the quote's start and end in code points (first fragment's start, last fragment's
//! end). A quote that is evidence for several stances gets one row per stance; one that is
//! evidence for none gets one row with empty stance cells.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula (also after a
//! leading tab or CR). Following the OWASP "CSV Injection" guidance such a cell is written
//! with a `'` in front, which spreadsheets show as text. Tools that need the exact text
//! should read the JSONL export instead.

use std::borrow::Cow;
use std::io::Write;

use crate::model::{Layer, Quote};

/// The header row.
pub const HEADER: [&str; 11] = [
    "document",
    "quote_id",
    "speaker",
    "speaker_kind",
    "quote_kind",
    "quote",
    "cue",
    "stance_target",
    "stance_label",
    "start",
    "end",
];

/// What joins the fragments of a quote split by its cue.
pub const FRAGMENT_SEPARATOR: &str = " … ";

/// `cell`, with a `'` in front if a spreadsheet would otherwise take it for a formula.
pub fn escape_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Writes the header and one row per quote (per stance it is evidence for) of each
/// `(document id, layer)`, in the order given.
pub fn write<W: Write>(out: W, docs: &[(&str, &Layer)]) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;
    for &(doc, layer) in docs {
        for quote in &layer.quotes {
            for row in rows(doc, layer, quote) {
                writer.write_record(row.iter().map(|cell| escape_cell(cell).into_owned()))?;
            }
        }
    }
    writer.flush()?;
    Ok(())
}

/// The rows of one quote, unescaped.
fn rows(doc: &str, layer: &Layer, quote: &Quote) -> Vec<[String; 11]> {
    let speaker = quote.speaker.as_deref().and_then(|id| layer.speaker(id));
    let mut fragments: Vec<_> = quote.content.iter().collect();
    fragments.sort_by_key(|s| (s.start, s.end));
    let text: Vec<&str> = fragments.iter().map(|s| s.text.as_str()).collect();
    // Offsets of a span that lost its place in a changed article mean nothing.
    let placed = !fragments.is_empty() && fragments.iter().all(|s| !s.orphaned);
    let offset = |n: Option<usize>| match n {
        Some(n) if placed => n.to_string(),
        _ => String::new(),
    };
    let base = [
        doc.to_string(),
        quote.id.clone(),
        speaker.map_or_else(String::new, |s| s.name.clone()),
        speaker.map_or_else(String::new, |s| s.kind.clone()),
        quote.kind.clone(),
        text.join(FRAGMENT_SEPARATOR),
        quote
            .cue
            .as_ref()
            .map_or_else(String::new, |c| c.text.clone()),
        String::new(),
        String::new(),
        offset(fragments.iter().map(|s| s.start).min()),
        offset(fragments.iter().map(|s| s.end).max()),
    ];
    let stances: Vec<_> = layer
        .stances
        .iter()
        .filter(|s| s.evidence.contains(&quote.id))
        .collect();
    if stances.is_empty() {
        return vec![base];
    }
    stances
        .into_iter()
        .map(|stance| {
            let mut row = base.clone();
            row[7] = stance.target.clone();
            row[8] = stance.label.clone();
            row
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Span, Speaker, Stance};

    fn span(start: usize, text: &str) -> Span {
        Span {
            start,
            end: start + text.chars().count(),
            text: text.to_string(),
            orphaned: false,
        }
    }

    fn quote(id: &str, content: Vec<Span>) -> Quote {
        Quote {
            id: id.to_string(),
            kind: "direct".to_string(),
            content,
            cue: Some(span(100, "said")),
            source: None,
            speaker: Some("s1".to_string()),
            score: None,
        }
    }

    fn layer() -> Layer {
        let mut layer = Layer::new("hash");
        layer.speakers.push(Speaker {
            id: "s1".to_string(),
            name: "=Lavrov, \"Sergei\"".to_string(),
            kind: "person".to_string(),
            mentions: vec![],
            score: None,
        });
        layer
    }

    fn read(bytes: &[u8]) -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes);
        reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    fn export(docs: &[(&str, &Layer)]) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        write(&mut out, docs).unwrap();
        read(&out)
    }

    #[test]
    fn each_dangerous_prefix_is_escaped() {
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\rx"] {
            assert_eq!(escape_cell(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["", "Lavrov", " =1", "1-1", "'quoted", "“=”"] {
            assert_eq!(escape_cell(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn quotes_commas_and_newlines_round_trip() {
        let mut layer = layer();
        let tricky = "\"It is, as\nwe said\r\n, \"\"over\"\"\"";
        layer.quotes.push(quote("q1", vec![span(10, tricky)]));
        layer
            .quotes
            .push(quote("q2", vec![span(200, "-5 degrees")]));
        let rows = export(&[("doc,1", &layer)]);
        assert_eq!(rows[0], HEADER);
        assert_eq!(rows[1][0], "doc,1");
        assert_eq!(rows[1][2], "'=Lavrov, \"Sergei\"", "escaped, then quoted");
        assert_eq!(rows[1][5], tricky);
        assert_eq!(rows[2][5], "'-5 degrees");
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn fragments_offsets_and_one_row_per_stance() {
        let mut layer = layer();
        layer
            .quotes
            .push(quote("q1", vec![span(30, "the end"), span(0, "It is")]));
        layer.quotes.push(quote("q2", vec![span(50, "no stance")]));
        for (id, target, label) in [("t1", "talks", "against"), ("t2", "Assad", "favor")] {
            layer.stances.push(Stance {
                id: id.to_string(),
                holder: "s1".to_string(),
                target: target.to_string(),
                label: label.to_string(),
                evidence: vec!["q1".to_string()],
                score: None,
            });
        }
        let rows = export(&[("a", &layer), ("b", &Layer::new("h"))]);
        assert_eq!(rows.len(), 4, "header, q1 twice, q2 once");
        assert_eq!(
            rows[1],
            [
                "a",
                "q1",
                "'=Lavrov, \"Sergei\"",
                "person",
                "direct",
                "It is … the end",
                "said",
                "talks",
                "against",
                "0",
                "37"
            ]
        );
        assert_eq!(rows[2][7..9], ["Assad", "favor"]);
        assert_eq!(rows[3][7..], ["", "", "50", "59"]);
    }

    #[test]
    fn orphaned_quotes_have_no_offsets() {
        let mut layer = layer();
        let mut lost = span(5, "gone");
        lost.orphaned = true;
        let mut q = quote("q1", vec![lost]);
        q.speaker = None;
        layer.quotes.push(q);
        let rows = export(&[("a", &layer)]);
        assert_eq!(rows[1][2..4], ["", ""]);
        assert_eq!(rows[1][9..], ["", ""]);
    }
}
