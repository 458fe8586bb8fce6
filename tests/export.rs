//! `sayso export`: every format on a copy of the demo project (whose `climate-summit-2023`
//! has CRLF line ends, emoji, combining marks and CJK), the manifest against the files,
//! round trips through the readers, every span against the article at its code-point
//! offsets, the clean-text map, CSV escaping, folder safety, `--only-reviewed`, and the
//! binary end to end.

mod common;
use common::{canonical, open, snapshot};

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use sayso::formats::{self, ExportError, ExportFormat, ExportOptions, Exported, Format};
use sayso::model::{Layer, Project, Quote, Span, Speaker, Status};
use sayso::store::{self, ProjectPaths};
use sayso::text::DEFAULT_SIZE_LIMIT;
use serde_json::Value;
use sha2::{Digest, Sha256};

// --- Helpers -------------------------------------------------------------------------------

fn options(format: ExportFormat, out: &Path) -> ExportOptions {
    ExportOptions {
        layer: "gold".into(),
        format,
        out: out.to_owned(),
        only_reviewed: false,
        force: false,
    }
}

fn run(project: &Project, options: &ExportOptions) -> Result<Exported, ExportError> {
    formats::export(project, options, &mut |_, _| {})
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

/// Code points `start..end` of `text`, counted here rather than by sayso's index.
fn chars(text: &str, start: usize, end: usize) -> String {
    assert!(start <= end, "{start}..{end}");
    let s: String = text.chars().skip(start).take(end - start).collect();
    assert_eq!(s.chars().count(), end - start, "{start}..{end} is in range");
    s
}

/// The span objects (`start`, `end`, `text`) anywhere in a JSON value.
fn json_spans<'v>(value: &'v Value, out: &mut Vec<&'v Value>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("start") && map.contains_key("end") && map.contains_key("text") {
                out.push(value);
            }
            map.values().for_each(|v| json_spans(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| json_spans(v, out)),
        _ => {}
    }
}

fn gold(project: &Project, id: &str) -> Layer {
    project.document(id).unwrap().layer("gold").unwrap().clone()
}

fn sayso(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sayso"))
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code(), text(out.stdout), text(out.stderr))
}

const CLIMATE: &str = "climate-summit-2023";

// --- Files and manifest --------------------------------------------------------------------

#[test]
fn the_demo_has_crlf_emoji_combining_marks_and_cjk() {
    let raw = fs::read_to_string(common::demo().join("articles/climate-summit-2023.txt")).unwrap();
    assert!(raw.contains("\r\n"));
    assert!(raw.contains('🔥') && raw.contains("👍🏽"));
    assert!(raw.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)));
    assert!(raw.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    let text = open(&common::demo())
        .document(CLIMATE)
        .unwrap()
        .text
        .clone();
    assert!(!text.as_str().contains('\r'), "normalized");
}

#[test]
fn every_format_writes_its_files_and_a_manifest_that_matches_them() {
    let demo = common::demo_copy();
    let project = open(demo.path());
    let ids: Vec<&str> = project.documents.iter().map(|d| d.id.as_str()).collect();
    let per_doc = |exts: &[&str]| -> Vec<String> {
        (ids.iter())
            .flat_map(|id| exts.iter().map(move |e| format!("{id}{e}")))
            .collect()
    };
    let layers: Vec<Layer> = ids.iter().map(|id| gold(&project, id)).collect();
    let sum = |f: fn(&Layer) -> usize| layers.iter().map(f).sum::<usize>();
    for format in ExportFormat::ALL {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("export");
        let mut calls = Vec::new();
        let exported = formats::export(&project, &options(format, &out), &mut |d, t| {
            calls.push((d, t))
        })
        .unwrap();
        let mut expected = match format {
            ExportFormat::Jsonl => vec!["gold.jsonl".to_string()],
            ExportFormat::Brat => {
                let mut files = per_doc(&[".txt", ".ann"]);
                files.extend(["annotation.conf".into(), "visual.conf".into()]);
                files
            }
            ExportFormat::Citron => per_doc(&[".json"]),
            ExportFormat::Csv => vec!["quotes.csv".into()],
            ExportFormat::Text => per_doc(&[".txt", ".map.json"]),
            ExportFormat::Labelstudio => vec!["tasks.json".into(), "labeling-config.xml".into()],
            ExportFormat::Doccano => vec!["doccano.jsonl".into()],
            ExportFormat::Prodigy => vec!["prodigy.jsonl".into()],
            ExportFormat::Conll => vec!["gold.conll".into()],
            ExportFormat::Spacy => vec!["gold.spacy".into()],
            ExportFormat::Webanno => per_doc(&[".tsv"]),
        };
        let written: Vec<String> = exported.files.iter().map(|(f, _)| f.clone()).collect();
        assert_eq!(written, expected, "{format:?}");
        // Nothing else: no temporary files left behind.
        expected.push("manifest.json".into());
        expected.sort();
        assert_eq!(names_in(&out), expected, "{format:?}");

        let m = manifest(&out);
        assert_eq!(m["tool"], "sayso");
        assert_eq!(m["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(m["project"], "sayso demo");
        assert_eq!(
            (m["layer"].as_str(), m["format"].as_str()),
            (Some("gold"), Some(format.name()))
        );
        assert_eq!(m["only_reviewed"], false);
        assert_eq!(m["schema"], serde_json::to_value(&project.schema).unwrap());
        let files = m["files"].as_array().unwrap();
        assert_eq!(files.len(), exported.files.len());
        for (f, (name, hash)) in files.iter().zip(&exported.files) {
            assert_eq!(f["path"], name.as_str());
            assert_eq!(f["sha256"], hash.as_str());
            assert_eq!(&sha256(&fs::read(out.join(name)).unwrap()), hash, "{name}");
        }
        let c = &m["counts"];
        assert_eq!(c["documents"], 4);
        assert_eq!(c["skipped_without_layer"], 0);
        assert_eq!(c["speakers"], sum(|l| l.speakers.len()));
        assert_eq!(c["mentions"], sum(|l| l.mention_count()));
        assert_eq!(c["quotes"], sum(|l| l.quotes.len()));
        assert_eq!(c["stances"], sum(|l| l.stances.len()));
        assert_eq!(c["noise_lines"], sum(|l| l.noise.len()));
        assert_eq!(c["orphaned"], 0);
        assert_eq!(c, &serde_json::to_value(&exported.counts).unwrap());
        // Progress: the start, then each document, in order.
        assert_eq!(calls.first(), Some(&(0, 4)), "{format:?}");
        assert_eq!(calls.last(), Some(&(4, 4)), "{format:?}");
        assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0));
    }
}

// --- Round trips ---------------------------------------------------------------------------

#[test]
fn jsonl_export_then_import_gives_the_identical_layer() {
    let demo = common::demo_copy();
    let mut project = open(demo.path());
    let dir = tempfile::tempdir().unwrap();
    run(&project, &options(ExportFormat::Jsonl, dir.path())).unwrap();
    let file = dir.path().join("gold.jsonl");
    assert_eq!(Format::guess(&file), Some(Format::Jsonl));
    let predictions = formats::read(&project, &file, Format::Jsonl).unwrap();
    let imported = formats::import(&mut project, "back", predictions);
    assert_eq!(imported.documents, 4);
    for doc in &project.documents {
        let (gold, back) = (doc.layer("gold").unwrap(), doc.layer("back").unwrap());
        assert!(!gold.quotes.is_empty() && !gold.noise.is_empty() && !gold.stances.is_empty());
        assert_eq!(back.speakers, gold.speakers, "{}", doc.id);
        assert_eq!(back.quotes, gold.quotes, "{}", doc.id);
        assert_eq!(back.stances, gold.stances, "{}", doc.id);
        assert_eq!(back.noise, gold.noise, "{}", doc.id);
    }
}

#[test]
fn brat_export_folder_then_brat_import_gives_the_same_annotations() {
    let demo = common::demo_copy();
    let mut project = open(demo.path());
    let dir = tempfile::tempdir().unwrap();
    run(&project, &options(ExportFormat::Brat, dir.path())).unwrap();
    assert_eq!(Format::guess(dir.path()), Some(Format::Brat));
    let predictions = formats::read(&project, dir.path(), Format::Brat).unwrap();
    formats::import(&mut project, "back", predictions);
    for doc in &project.documents {
        let gold = canonical(doc.layer("gold").unwrap());
        let back = canonical(doc.layer("back").unwrap());
        assert_eq!(back.speakers, gold.speakers, "{}", doc.id);
        assert_eq!(back.quotes, gold.quotes, "{}", doc.id);
        assert_eq!(back.stances, gold.stances, "{}", doc.id);
        assert_eq!(back.noise, gold.noise, "{}", doc.id);
    }
}

#[test]
fn a_citron_export_folder_reads_back_despite_its_manifest() {
    let project = open(&common::demo());
    let dir = tempfile::tempdir().unwrap();
    run(&project, &options(ExportFormat::Citron, dir.path())).unwrap();
    assert_eq!(Format::guess(dir.path()), Some(Format::Citron));
    let predictions = formats::read(&project, dir.path(), Format::Citron).unwrap();
    assert_eq!(predictions.len(), 4);
    for p in &predictions {
        let gold = gold(&project, &p.doc_id);
        // citron's reader needs a cue: quotes without one are not written.
        let contents = |l: &Layer| {
            l.quotes
                .iter()
                .filter(|q| q.cue.is_some())
                .map(|q| q.content.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(contents(&p.layer), contents(&gold), "{}", p.doc_id);
    }
}

// --- Offsets -------------------------------------------------------------------------------

#[test]
fn every_exported_span_covers_its_text_at_its_code_point_offsets() {
    let project = open(&common::demo());
    let text_of = |id: &str| project.document(id).unwrap().text.as_str().to_string();
    let dir = tempfile::tempdir().unwrap();
    let out = |f: ExportFormat| {
        let out = dir.path().join(f.name());
        run(&project, &options(f, &out)).unwrap();
        out
    };
    let mut checked = BTreeMap::<&str, usize>::new();

    // JSONL: every span object, and noise lines against their lines.
    let jsonl = fs::read_to_string(out(ExportFormat::Jsonl).join("gold.jsonl")).unwrap();
    for line in jsonl.lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        let text = record["text"].as_str().unwrap();
        assert_eq!(text, text_of(record["id"].as_str().unwrap()));
        let mut spans = Vec::new();
        for key in ["speakers", "quotes"] {
            json_spans(&record[key], &mut spans);
        }
        for s in &spans {
            let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            assert_eq!(chars(text, start as usize, end as usize), s["text"], "{s}");
        }
        for n in record["noise"].as_array().unwrap() {
            let line = text
                .split('\n')
                .nth(n["line"].as_u64().unwrap() as usize)
                .unwrap();
            let (start, end) = (n["start"].as_u64().unwrap(), n["end"].as_u64().unwrap());
            assert_eq!(chars(text, start as usize, end as usize), line, "{n}");
        }
        *checked.entry("jsonl").or_default() += spans.len();
    }

    // citron: quotes and coreference groups.
    let citron = out(ExportFormat::Citron);
    for doc in &project.documents {
        let file = citron.join(format!("{}.json", doc.id));
        let value: Value = serde_json::from_slice(&fs::read(file).unwrap()).unwrap();
        let text = value["text"].as_str().unwrap();
        assert_eq!(text, doc.text.as_str());
        let mut spans = Vec::new();
        json_spans(&value["quotes"], &mut spans);
        json_spans(&value["coreference_groups"], &mut spans);
        for s in &spans {
            let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            assert_eq!(chars(text, start as usize, end as usize), s["text"], "{s}");
        }
        *checked.entry("citron").or_default() += spans.len();
    }

    // brat: each text-bound annotation against the exported .txt, fragments joined by a space.
    let brat = out(ExportFormat::Brat);
    for doc in &project.documents {
        let text = fs::read_to_string(brat.join(format!("{}.txt", doc.id))).unwrap();
        assert_eq!(text, doc.text.as_str());
        let ann = fs::read_to_string(brat.join(format!("{}.ann", doc.id))).unwrap();
        for line in ann.lines().filter(|l| l.starts_with('T')) {
            let fields: Vec<&str> = line.split('\t').collect();
            let (_, offsets) = fields[1].split_once(' ').unwrap();
            let covered: Vec<String> = (offsets.split(';'))
                .map(|pair| {
                    let (a, b) = pair.split_once(' ').unwrap();
                    chars(&text, a.parse().unwrap(), b.parse().unwrap()).replace(['\n', '\t'], " ")
                })
                .collect();
            assert_eq!(covered.join(" "), fields[2], "{line}");
            *checked.entry("brat").or_default() += 1;
        }
    }
    // Every mention and quote part of the demo was seen (brat writes a quote as one T).
    let layers: Vec<Layer> = project
        .documents
        .iter()
        .map(|d| gold(&project, &d.id))
        .collect();
    let spans: usize = layers.iter().map(|l| l.spans().count()).sum();
    assert_eq!(checked["jsonl"], spans);
    assert!(checked["citron"] >= spans - layers.iter().map(|l| l.quotes.len()).sum::<usize>());
    assert!(checked["brat"] > 150, "{checked:?}");
}

#[test]
fn the_clean_text_map_sends_each_clean_character_to_the_same_original_one() {
    let project = open(&common::demo());
    let dir = tempfile::tempdir().unwrap();
    run(&project, &options(ExportFormat::Text, dir.path())).unwrap();
    for doc in &project.documents {
        let original: Vec<char> = doc.text.as_str().chars().collect();
        let clean: Vec<char> = fs::read_to_string(dir.path().join(format!("{}.txt", doc.id)))
            .unwrap()
            .chars()
            .collect();
        let map: Value = serde_json::from_slice(
            &fs::read(dir.path().join(format!("{}.map.json", doc.id))).unwrap(),
        )
        .unwrap();
        assert_eq!(map["document"], doc.id.as_str());
        assert_eq!(map["clean_length"], clean.len());
        assert_eq!(map["original_length"], original.len());
        let mut next = 0;
        for run in map["runs"].as_array().unwrap() {
            let at = |k: &str| run[k].as_u64().unwrap() as usize;
            assert_eq!(at("clean"), next, "runs cover the clean text in order");
            for i in 0..at("length") {
                assert_eq!(
                    clean[at("clean") + i],
                    original[at("original") + i],
                    "{}",
                    doc.id
                );
            }
            next += at("length");
        }
        assert_eq!(next, clean.len());
        // The noise lines are gone.
        let clean: String = clean.into_iter().collect();
        let layer = gold(&project, &doc.id);
        assert!(clean.len() < doc.text.as_str().len(), "{}", doc.id);
        for n in &layer.noise {
            let line = doc.text.line(n.line).unwrap();
            if line.trim().len() > 20 {
                assert!(!clean.contains(line), "{}: {line}", doc.id);
            }
        }
    }
}

// --- CSV -----------------------------------------------------------------------------------

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_escaped() {
    let demo = common::demo_copy();
    let paths = ProjectPaths::new(demo.path());
    let mut project = open(demo.path());
    let article = demo.path().join("formulas.txt");
    fs::write(
        &article,
        "=SUM(A1:A9) was the plan, Bob said.\r\n-40% is the loss, @ana said.\r\n",
    )
    .unwrap();
    let added = store::add_article(&paths, &mut project, &article, DEFAULT_SIZE_LIMIT).unwrap();
    let doc = project.document_mut(&added.id).unwrap();
    let text = doc.text.clone();
    let span = |a, b| Span::new(&text, a, b).unwrap();
    let mut layer = Layer::new(&doc.sha256);
    layer.speakers.push(Speaker {
        id: "s1".into(),
        name: "+Bob".into(),
        kind: "person".into(),
        mentions: vec![span(26, 29)],
        score: None,
    });
    for (id, content, cue) in [
        ("q1", span(0, 24), span(30, 34)),
        ("q2", span(36, 53), span(60, 64)),
    ] {
        layer.quotes.push(Quote {
            id: id.into(),
            kind: "indirect".into(),
            content: vec![content],
            cue: Some(cue),
            source: None,
            speaker: Some("s1".into()),
            score: None,
        });
    }
    assert_eq!(layer.quotes[1].content[0].text, "-40% is the loss,");
    doc.layers.insert("sheet".into(), layer);
    let dir = tempfile::tempdir().unwrap();
    let exported = run(
        &project,
        &ExportOptions {
            layer: "sheet".into(),
            ..options(ExportFormat::Csv, dir.path())
        },
    )
    .unwrap();
    assert_eq!(exported.counts.documents, 1);
    assert_eq!(exported.counts.skipped_without_layer, 4);
    let csv = fs::read_to_string(dir.path().join("quotes.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cell = |row: usize, name: &str| {
        let at = header.iter().position(|h| h == name).unwrap();
        rows[row][at].to_string()
    };
    assert_eq!(rows.len(), 2, "{csv}");
    assert_eq!(cell(0, "quote"), "'=SUM(A1:A9) was the plan");
    assert_eq!(cell(1, "quote"), "'-40% is the loss,");
    assert_eq!(cell(0, "speaker"), "'+Bob");
    assert_eq!(
        (cell(1, "start"), cell(1, "end")),
        ("36".into(), "53".into())
    );
    assert!(csv.contains("formulas,q1,'+Bob,person,indirect,'=SUM(A1:A9) was the plan,said"));
}

// --- Folders -------------------------------------------------------------------------------

#[test]
fn a_non_empty_folder_is_refused_unchanged_without_force_and_overwritten_with_it() {
    let project = open(&common::demo());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::create_dir_all(out.join("sub")).unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    fs::write(out.join("gold.jsonl"), "old export").unwrap();
    let before = snapshot(&out);
    for format in ExportFormat::ALL {
        let err = run(&project, &options(format, &out)).unwrap_err();
        assert!(matches!(err, ExportError::NotEmpty(_)), "{err}");
        let message = err.to_string();
        assert!(message.contains(&out.display().to_string()) && message.contains("--force"));
        assert_eq!(
            snapshot(&out),
            before,
            "{format:?}: byte for byte unchanged"
        );
    }
    let force = |format| ExportOptions {
        force: true,
        ..options(format, &out)
    };
    let with_out = |o: ExportOptions, out: &Path| ExportOptions {
        out: out.to_owned(),
        ..o
    };
    run(&project, &force(ExportFormat::Jsonl)).unwrap();
    assert_ne!(fs::read(out.join("gold.jsonl")).unwrap(), b"old export");
    assert_eq!(fs::read(out.join("notes.txt")).unwrap(), b"mine");
    // Again with another format: the previous export's files go, the user's stay.
    run(&project, &force(ExportFormat::Csv)).unwrap();
    assert_eq!(
        names_in(&out),
        ["manifest.json", "notes.txt", "quotes.csv", "sub"]
    );
    assert_eq!(manifest(&out)["format"], "csv");

    // A failed export leaves no manifest (not the old one) and no temporary file.
    fs::create_dir(out.join("gold.jsonl")).unwrap();
    let err = run(&project, &force(ExportFormat::Jsonl)).unwrap_err();
    assert!(matches!(err, ExportError::Io { .. }), "{err}");
    assert!(err.to_string().contains("gold.jsonl"), "{err}");
    assert_eq!(
        names_in(&out),
        ["gold.jsonl", "notes.txt", "quotes.csv", "sub"]
    );

    let file = dir.path().join("a-file");
    fs::write(&file, "x").unwrap();
    let err = run(&project, &with_out(force(ExportFormat::Csv), &file)).unwrap_err();
    assert!(matches!(err, ExportError::NotAFolder(_)), "{err}");
    // A missing folder is created, with its parents.
    let deep = dir.path().join("a/b/c");
    run(&project, &options(ExportFormat::Citron, &deep)).unwrap();
    assert!(deep.join("manifest.json").is_file());
}

#[test]
fn document_ids_become_portable_file_names() {
    let mut project = open(&common::demo());
    let ids = ["CON", "model:Über/x?", "manifest", "a.b."];
    for (doc, id) in project.documents.iter_mut().zip(ids) {
        doc.id = id.to_string();
    }
    let dir = tempfile::tempdir().unwrap();
    for format in [ExportFormat::Brat, ExportFormat::Citron, ExportFormat::Text] {
        let out = dir.path().join(format.name());
        run(&project, &options(format, &out)).unwrap();
        let names = names_in(&out);
        let expected = match format {
            ExportFormat::Brat => 4 * 2 + 2 + 1,
            ExportFormat::Citron => 4 + 1,
            _ => 4 * 2 + 1,
        };
        assert_eq!(names.len(), expected, "{format:?}: {names:?}");
        for name in &names {
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b"-_.%ABCDEF".contains(&b)),
                "{name}"
            );
        }
        assert!(names.contains(&"%43%4F%4E.txt".to_string()) || format == ExportFormat::Citron);
        assert_eq!(
            manifest(&out)["counts"]["documents"],
            4,
            "the manifest is the manifest"
        );
    }
    // The readers still find each document (brat by its text, citron by its doc_id).
    for (format, folder) in [(Format::Brat, "brat"), (Format::Citron, "citron")] {
        let read = formats::read(&project, &dir.path().join(folder), format).unwrap();
        let mut found: Vec<&str> = read.iter().map(|p| p.doc_id.as_str()).collect();
        found.sort();
        assert_eq!(
            found,
            ["CON", "a.b.", "manifest", "model:Über/x?"],
            "{folder}"
        );
    }
}

// --- Filtering -----------------------------------------------------------------------------

#[test]
fn only_reviewed_keeps_the_documents_whose_layer_is_reviewed() {
    let mut project = open(&common::demo());
    let dir = tempfile::tempdir().unwrap();
    let reviewed = |f: ExportFormat, out: &str| ExportOptions {
        only_reviewed: true,
        ..options(f, &dir.path().join(out))
    };
    let err = run(&project, &reviewed(ExportFormat::Jsonl, "none")).unwrap_err();
    assert!(
        matches!(err, ExportError::NoneReviewed { documents: 4, .. }),
        "{err}"
    );
    assert!(
        !dir.path().join("none").exists(),
        "nothing written, not even the folder"
    );
    for id in ["syria-talks-2012", CLIMATE] {
        let doc = project.document_mut(id).unwrap();
        doc.layers.get_mut("gold").unwrap().status = Status::Reviewed;
    }
    project
        .document_mut("vaccine-trial-2021")
        .unwrap()
        .layers
        .clear();
    let exported = run(&project, &reviewed(ExportFormat::Jsonl, "some")).unwrap();
    let c = &exported.counts;
    assert_eq!(
        (c.documents, c.skipped_not_reviewed, c.skipped_without_layer),
        (2, 1, 1)
    );
    let jsonl = fs::read_to_string(dir.path().join("some/gold.jsonl")).unwrap();
    let ids: Vec<String> = (jsonl.lines())
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .into()
        })
        .collect();
    assert_eq!(ids, ["syria-talks-2012", CLIMATE]);
    assert_eq!(manifest(&dir.path().join("some"))["only_reviewed"], true);
    // Without the filter, every document with the layer.
    let all = run(
        &project,
        &options(ExportFormat::Jsonl, &dir.path().join("all")),
    )
    .unwrap();
    assert_eq!(all.counts.documents, 3);

    let err = run(
        &project,
        &ExportOptions {
            layer: "nobody".into(),
            ..options(ExportFormat::Csv, &dir.path().join("x"))
        },
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "no document has a layer \"nobody\"");
}

// --- The binary ----------------------------------------------------------------------------

#[test]
fn sayso_export_runs_end_to_end() {
    let demo = common::demo_copy();
    let project = demo.path().to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("brat");
    let out = out.to_str().unwrap();
    let args = [
        "export", project, "--layer", "gold", "--format", "brat", "--out", out,
    ];
    let (code, stdout, stderr) = sayso(&args);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("exported layer \"gold\" as brat"),
        "{stdout}"
    );
    assert!(stdout.contains("4 documents") && stdout.contains("10 files and manifest.json"));
    let before = snapshot(Path::new(out));

    let (code, _, stderr) = sayso(&args);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(out) && stderr.contains("not empty"),
        "{stderr}"
    );
    assert_eq!(snapshot(Path::new(out)), before);

    let (code, _, stderr) = sayso(&[&args[..], &["--force"]].concat());
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        snapshot(Path::new(out)),
        before,
        "the same export, the same bytes"
    );

    let reviewed = dir.path().join("reviewed");
    let (code, _, stderr) = sayso(&[
        "export",
        project,
        "--layer",
        "gold",
        "--format",
        "csv",
        "--only-reviewed",
        "--out",
        reviewed.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("reviewed in none of the 4 documents"),
        "{stderr}"
    );

    let (code, _, stderr) = sayso(&[
        "export", project, "--layer", "gold", "--format", "xml", "--out", out,
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("jsonl, brat, citron, csv, text"),
        "{stderr}"
    );
}
