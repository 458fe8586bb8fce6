//! Reading and writing annotations in the formats the NLP world exchanges: sayso JSONL
//! (DESIGN.md's normative format), brat standoff, citron JSON, and the formats of the tools
//! annotation teams use: Label Studio, doccano, Prodigy and WebAnno TSV (INCEpTION), which
//! share one model of labelled spans and relations ([`spans`]); exporting a layer in those
//! and as spaCy `DocBin`, CoNLL, CSV or clean text ([`export()`]). [`detect`] tells formats
//! apart by content; [`tokens`] reproduces spaCy's English tokenizer for the token formats.
//!
//! Reading is all or nothing: [`read`] checks every span of a file against the project's
//! article (in range, on character boundaries, covering the text the file says) and every
//! reference, and returns either every document's [`Prediction`] or the first
//! [`ImportError`], which names the file, the line and the item. [`read_with`] takes the
//! options of `sayso import` (a type mapping, a text folder, skipping invalid documents, …)
//! and counts what it leaves out. [`import`] then puts the predictions into a layer, as one
//! undoable edit per document.

pub mod brat;
pub mod citron;
pub mod clean;
pub mod conll;
pub mod csv;
pub mod detect;
pub mod doccano;
pub mod export;
pub mod jsonl;
pub mod labelstudio;
pub mod prodigy;
pub mod spacy;
pub mod spans;
pub mod tokens;
pub mod webanno;

mod anchor;
mod files;
mod labels;
mod read;

use std::path::Path;

pub(crate) use anchor::{Documents, RawText, match_document, same_text, span};
pub(crate) use files::{files_with, inside, read_utf8};
pub(crate) use labels::{default_kind, from_token, guess_kind, label, tidy, token};
pub(crate) use read::{At, first_problem};
pub use read::{
    Discontinuous, ImportError, Imported, Prediction, Read, ReadOptions, import, read, read_with,
};

/// The manifest an export writes beside its files (tool version, schema, counts, hashes);
/// readers of a folder skip it.
pub const MANIFEST: &str = "manifest.json";

pub use export::{
    Counts as ExportCounts, ExportError, ExportFormat, ExportOptions, Exported, WriteOptions,
    by_parts, export, export_parts, export_with,
};

/// A file format sayso reads predictions from and writes layers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// sayso JSONL: one document per line (see DESIGN.md).
    Jsonl,
    /// brat standoff: a `.ann` file with its `.txt` beside it, or a folder of them.
    Brat,
    /// citron JSON (BBC's quote extractor): one document per `.json` file, or a folder.
    Citron,
    /// Label Studio JSON export: a list of tasks with `annotations` or `predictions`.
    Labelstudio,
    /// doccano JSONL: `label: [[start, end, "TYPE"]]`, or `entities` and `relations`.
    Doccano,
    /// Prodigy JSONL: `spans` and `relations`.
    Prodigy,
    /// WebAnno TSV 3 (INCEpTION): a `.tsv` file per document, or a folder of them.
    #[value(alias = "inception")]
    Webanno,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Jsonl,
        Format::Brat,
        Format::Citron,
        Format::Labelstudio,
        Format::Doccano,
        Format::Prodigy,
        Format::Webanno,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Brat => "brat",
            Format::Citron => "citron",
            Format::Labelstudio => "labelstudio",
            Format::Doccano => "doccano",
            Format::Prodigy => "prodigy",
            Format::Webanno => "webanno",
        }
    }

    /// What a user calls it, for messages.
    pub fn title(self) -> &'static str {
        match self {
            Format::Jsonl => "sayso JSONL",
            Format::Brat => "brat standoff",
            Format::Citron => "citron",
            Format::Labelstudio => "Label Studio",
            Format::Doccano => "doccano",
            Format::Prodigy => "Prodigy",
            Format::Webanno => "WebAnno TSV (INCEpTION)",
        }
    }

    /// The format a path holds: from its content where it tells (see [`detect::sniff`]),
    /// else from its extension: `.jsonl`, `.ann` or a folder with `.ann` files, `.json`
    /// or a folder with `.json` files.
    pub fn guess(path: &Path) -> Option<Format> {
        detect::sniff(path).or_else(|| Format::by_name(path))
    }

    /// The format a path's name suggests.
    pub fn by_name(path: &Path) -> Option<Format> {
        let ext = |p: &Path, e: &str| p.extension().is_some_and(|x| x.eq_ignore_ascii_case(e));
        if path.is_dir() {
            let files = files_with(path, "ann").ok()?;
            if !files.is_empty() {
                return Some(Format::Brat);
            }
            let mut files = files_with(path, "json").ok()?;
            files.retain(|f| f.file_name().is_none_or(|n| n != MANIFEST));
            return (!files.is_empty()).then_some(Format::Citron);
        }
        if ext(path, "jsonl") || ext(path, "ndjson") {
            Some(Format::Jsonl)
        } else if ext(path, "tsv") {
            Some(Format::Webanno)
        } else if ext(path, "ann") {
            Some(Format::Brat)
        } else if ext(path, "json") {
            Some(Format::Citron)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Schema, Span};
    use crate::text::Text;

    #[test]
    fn raw_offsets_skip_the_cr_of_crlf_and_a_bom() {
        let raw = RawText::new("\u{feff}ab\r\ncd\re");
        assert_eq!(raw.normalized, "ab\ncd\ne");
        assert_eq!(raw.to_normalized(1), Some(0), "after the BOM");
        assert_eq!(raw.to_normalized(5), Some(3), "c, after CRLF");
        assert_eq!(raw.to_normalized(8), Some(6), "a lone CR is kept as LF");
        assert_eq!(raw.to_normalized(10), None);
        assert_eq!(raw.range(5, 7), Ok(3..5));
        assert!(raw.range(5, 12).unwrap_err().contains("outside"));
    }

    #[test]
    fn spans_are_checked_against_the_article() {
        let text = Text::new("a👍🏽 Jose\u{301} said".to_string());
        let ok = span(&text, 4..9, 4..9, Some("Jose\u{301}")).unwrap();
        assert_eq!(ok.text, "Jose\u{301}");
        let err = span(&text, 4..8, 4..8, None).unwrap_err();
        assert!(err.contains("ends inside a character"), "{err}");
        let err = span(&text, 4..9, 4..9, Some("Jose")).unwrap_err();
        assert!(err.contains("the file says \"Jose\""), "{err}");
        assert!(
            span(&text, 9..30, 9..30, None)
                .unwrap_err()
                .contains("outside")
        );
    }

    #[test]
    fn quote_kinds_are_guessed_from_quotation_marks() {
        let schema = Schema::default();
        let s = |t: &str| Span {
            start: 0,
            end: 1,
            text: t.into(),
            orphaned: false,
        };
        assert_eq!(guess_kind(&schema, &[s("“We will,”")]), "direct");
        assert_eq!(
            guess_kind(&schema, &[s("they had “broken every promise”")]),
            "mixed"
        );
        assert_eq!(guess_kind(&schema, &[s("Russia's war")]), "indirect");
    }
}
