//! The formats of the tools annotation teams come from and go to: a file in each tool's own
//! format (written from its documentation, cited at each test) imports with the expected
//! counts; every format's round trip gives the same annotations within what it holds;
//! brat as PolNeAR uses it; citron's extractor output; format detection; the command line.
//!
//! The fixtures annotate `tests/data/formats/flynn.txt` (5 lines, an emoji on line 0): four
//! attributions by two speakers (Flynn three times, Mook once), one of them in two
//! fragments, and a noise line.

mod common;
use common::{open, snapshot};

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sayso::formats::{
    self, Discontinuous, ExportFormat, ExportOptions, Format, Read, ReadOptions, WriteOptions,
    spans::Mapping,
};
use sayso::model::{Layer, Project};
use sayso::store::{self, ProjectPaths};
use sayso::text::DEFAULT_SIZE_LIMIT;
use tempfile::TempDir;

fn data(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/formats")
        .join(relative)
}

/// A project holding `flynn.txt` as document `flynn`.
fn flynn() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    let mut project = store::create(&root, "flynn").unwrap();
    let paths = ProjectPaths::new(&root);
    store::add_article(&paths, &mut project, &data("flynn.txt"), DEFAULT_SIZE_LIMIT).unwrap();
    store::save(&paths, &mut project).unwrap();
    (dir, root)
}

fn sayso(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sayso"))
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code(), text(out.stdout), text(out.stderr))
}

fn read(root: &Path, file: &Path, format: Format, options: &ReadOptions) -> Read {
    formats::read_with(&open(root), file, format, options).unwrap()
}

fn only(read: &Read) -> &Layer {
    assert_eq!(read.documents.len(), 1, "{:?}", read.refused);
    &read.documents[0].1.layer
}

type Range = (usize, usize);
/// A quote's content, cue, source and its speaker's mentions.
type QuoteShape = (Vec<Range>, Option<Range>, Option<Range>, Vec<Range>);

/// What every span format holds: speakers as their mention places, quotes as content,
/// cue, source and their speaker's mentions, noise lines.
#[derive(Debug, PartialEq)]
struct Shape {
    speakers: Vec<Vec<Range>>,
    quotes: Vec<QuoteShape>,
    noise: Vec<usize>,
}

fn shape(layer: &Layer) -> Shape {
    let places = |id: &Option<String>| -> Vec<Range> {
        id.as_ref()
            .and_then(|id| layer.speaker(id))
            .map(|s| s.mentions.iter().map(|m| (m.start, m.end)).collect())
            .unwrap_or_default()
    };
    let r = |s: &sayso::model::Span| (s.start, s.end);
    let mut speakers: Vec<Vec<Range>> = layer
        .speakers
        .iter()
        .map(|s| s.mentions.iter().map(r).collect())
        .collect();
    speakers.sort();
    let mut quotes: Vec<_> = layer
        .quotes
        .iter()
        .map(|q| {
            (
                q.content.iter().map(r).collect(),
                q.cue.as_ref().map(r),
                q.source.as_ref().map(r),
                places(&q.speaker),
            )
        })
        .collect();
    quotes.sort();
    let noise = layer.noise.iter().map(|n| n.line).collect();
    Shape {
        speakers,
        quotes,
        noise,
    }
}

/// The gold annotation of the fixtures, as a shape: `coref` says whether the Flynn
/// mentions are one speaker.
fn expected(coref: bool, noise: bool) -> Shape {
    let flynn = vec![(0, 5), (49, 79), (168, 173)];
    let who = |m: Range| if coref { flynn.clone() } else { vec![m] };
    let mut speakers = vec![vec![(222, 259)]];
    if coref {
        speakers.push(flynn.clone());
    } else {
        speakers.extend(flynn.iter().map(|&m| vec![m]));
    }
    speakers.sort();
    let mut quotes = vec![
        (vec![(11, 47)], Some((6, 10)), Some((0, 5)), who((0, 5))),
        (
            vec![(94, 142)],
            Some((80, 84)),
            Some((49, 79)),
            who((49, 79)),
        ),
        (
            vec![(143, 167), (190, 221)],
            Some((174, 178)),
            Some((168, 173)),
            who((168, 173)),
        ),
        (
            vec![(265, 272)],
            Some((260, 264)),
            Some((222, 259)),
            vec![(222, 259)],
        ),
    ];
    quotes.sort();
    Shape {
        speakers,
        quotes,
        noise: if noise { vec![4] } else { vec![] },
    }
}

// --- Files in each tool's own format -------------------------------------------------------

/// Label Studio's export format:
/// <https://labelstud.io/guide/export#Label-Studio-JSON-format-of-annotated-tasks> (tasks with
/// `annotations` and `predictions`, `labels` regions and `relation` results).
#[test]
fn a_label_studio_export_imports_with_its_relations() {
    let (_dir, root) = flynn();
    let file = data("labelstudio/export.json");
    assert_eq!(Format::guess(&file), Some(Format::Labelstudio));
    let read = read(&root, &file, Format::Labelstudio, &ReadOptions::default());
    let layer = only(&read);
    assert_eq!(shape(layer), expected(true, true));
    assert_eq!(layer.speakers.len(), 2);
    assert_eq!(layer.quotes.len(), 4);
    let q = &layer.quotes[0];
    assert_eq!(
        (q.kind.as_str(), q.content[0].text.as_str()),
        ("indirect", "Trump was right 👍 about the generals")
    );
    // Left out, and counted: a NER label, a choice, the prediction of an annotated task.
    let ignored: Vec<(&str, usize)> = read.ignored.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        ignored,
        [
            ("label \"DATE\"", 1),
            ("prediction of an annotated task", 1),
            ("result type \"choices\"", 1)
        ]
    );
}

/// Label Studio counts offsets in UTF-16 units in the browser; an export whose texts only
/// agree that way (after the emoji) is read in those.
#[test]
fn label_studio_predictions_in_utf16_units_are_read() {
    let (_dir, root) = flynn();
    let read = read(
        &root,
        &data("labelstudio/predictions-utf16.json"),
        Format::Labelstudio,
        &ReadOptions::default(),
    );
    let layer = only(&read);
    let contents: Vec<&str> = layer
        .quotes
        .iter()
        .map(|q| q.content[0].text.as_str())
        .collect();
    assert_eq!(
        contents,
        [
            "Trump was right 👍 about the generals",
            "that \"the generals have been reduced to rubble.\""
        ]
    );
    assert_eq!(layer.quotes[1].content[0].start, 94, "code points in sayso");
    assert_eq!(layer.quotes[0].score, Some(0.9));
}

/// doccano's sequence-labeling format, `{"text": …, "label": [[start, end, "TYPE"]]}`:
/// <https://doccano.github.io/doccano/tutorial/#import-dataset>. Without relations, each
/// fragment is a quote, each source a speaker, and the cues are counted as linked to none.
#[test]
fn a_doccano_sequence_labeling_file_imports_its_spans() {
    let (_dir, root) = flynn();
    let file = data("doccano/sequence.jsonl");
    assert_eq!(Format::guess(&file), Some(Format::Doccano));
    let read = read(&root, &file, Format::Doccano, &ReadOptions::default());
    let layer = only(&read);
    assert_eq!(layer.speakers.len(), 4);
    assert_eq!(layer.quotes.len(), 5);
    assert!(layer.quotes.iter().all(|q| q.cue.is_none()));
    assert_eq!(layer.noise.len(), 1);
    assert_eq!(read.ignored.get("cue linked to no quote"), Some(&4));
}

/// doccano's relation-extraction format (`entities` with `start_offset`/`end_offset`,
/// `relations` with `from_id`, `to_id`, `type`), same page; its labels (`PER`, `SPEECH`,
/// `VERB`) are not sayso's: a mapping file maps them, and without it they are reported.
#[test]
fn a_doccano_relation_file_imports_through_a_type_mapping() {
    let (_dir, root) = flynn();
    let file = data("doccano/relations.jsonl");
    let unmapped = read(&root, &file, Format::Doccano, &ReadOptions::default());
    assert!(only(&unmapped).quotes.is_empty());
    assert_eq!(unmapped.ignored.get("label \"SPEECH\""), Some(&5));
    assert_eq!(unmapped.ignored.get("label \"VERB\""), Some(&4));
    let summary = unmapped.ignored_summary().unwrap();
    assert!(summary.contains("5 × label \"SPEECH\""), "{summary}");

    let options = ReadOptions {
        mapping: Mapping::load(&data("doccano/map.ron")).unwrap(),
        ..ReadOptions::default()
    };
    let read = read(&root, &file, Format::Doccano, &options);
    assert_eq!(shape(only(&read)), expected(true, false));
    assert!(read.ignored.is_empty(), "{:?}", read.ignored);
}

/// Prodigy's relations interface (`tokens`, `spans` with `token_start`/`token_end`,
/// `relations` with `head_span`/`child_span`): <https://prodi.gy/docs/api-interfaces#relations>.
/// The tokens are spaCy's own (made with `spacy.blank("en")`); the rejected example is left
/// out and counted.
#[test]
fn a_prodigy_relations_file_imports_and_skips_rejected_examples() {
    let (_dir, root) = flynn();
    let file = data("prodigy/relations.jsonl");
    assert_eq!(Format::guess(&file), Some(Format::Prodigy));
    let read = read(&root, &file, Format::Prodigy, &ReadOptions::default());
    assert_eq!(shape(only(&read)), expected(true, false));
    assert_eq!(read.ignored.get("reject example"), Some(&1));
}

// --- brat as PolNeAR uses it ---------------------------------------------------------------

/// PolNeAR (<https://github.com/networkdynamics/PolNeAR>, `data/*/attributions/*.ann`): texts
/// in `text/`, annotations in `attributions/` named `ARTICLE_ANNOTATOR.ann`, `Source`,
/// `Cue` and `Content` entities joined by `Attribution` events whose trigger is a T line of
/// type `Attribution` (or `Attribution-no-source`).
fn polnear_options(discontinuous: Discontinuous) -> ReadOptions {
    ReadOptions {
        texts: Some(data("polnear/text")),
        annotator_separator: Some("_".into()),
        discontinuous,
        ..ReadOptions::default()
    }
}

#[test]
fn polnear_brat_files_import_one_layer_per_annotator() {
    let (_dir, root) = flynn();
    let folder = data("polnear/attributions");
    let read = read(
        &root,
        &folder,
        Format::Brat,
        &polnear_options(Discontinuous::Cover),
    );
    assert!(read.refused.is_empty());
    let layers: Vec<(Option<&str>, &Layer)> = read
        .documents
        .iter()
        .map(|(a, p)| (a.as_deref(), &p.layer))
        .collect();
    assert_eq!(layers.len(), 2);
    let (a, first) = layers[0];
    assert_eq!(a, Some("4b22"));
    // PolNeAR does not link mentions: each source is a speaker.
    assert_eq!(shape(first), expected(false, false));
    let (b, second) = layers[1];
    assert_eq!(b, Some("6b86"));
    assert_eq!(second.quotes.len(), 2);
    let q = &second.quotes[0];
    assert_eq!(
        q.source.as_ref().unwrap().text,
        "Retired Lt. Gen. Michael Flynn",
        "the discontinuous source, covered"
    );
    assert!(
        q.content[0].text.contains("rubble.\"\n\"He's"),
        "the raw newline kept"
    );
    let ignored: Vec<(&str, usize)> = read.ignored.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        ignored,
        [
            ("brat attribute \"Discard\"", 1),
            ("brat attribute \"Discuss\"", 1),
            ("brat event without content", 1),
            ("discontinuous source made one span", 1),
        ]
    );
}

#[test]
fn a_discontinuous_source_is_refused_or_cut_to_its_first_fragment_as_asked() {
    let (_dir, root) = flynn();
    let file = data("polnear/attributions/flynn_6b86.ann");
    let project = open(&root);
    let err = formats::read_with(
        &project,
        &file,
        Format::Brat,
        &polnear_options(Discontinuous::Refuse),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("flynn_6b86.ann:1: T1: a source in 2 fragments"),
        "{err}"
    );
    assert!(err.contains("--discontinuous cover or first"), "{err}");
    let read = read(
        &root,
        &file,
        Format::Brat,
        &polnear_options(Discontinuous::First),
    );
    let q = &only(&read).quotes[0];
    assert_eq!(q.source.as_ref().unwrap().text, "Retired Lt. Gen.");
}

#[test]
fn skip_invalid_imports_the_good_documents_and_reports_the_others() {
    let (dir, root) = flynn();
    let report = dir.path().join("report.tsv");
    let folder = data("polnear/attributions");
    let texts = data("polnear/text");
    let base = [
        "import",
        root.to_str().unwrap(),
        folder.to_str().unwrap(),
        "--layer",
        "polnear",
        "--texts",
        texts.to_str().unwrap(),
        "--annotator-separator",
        "_",
    ];
    // All or nothing by default.
    let before = snapshot(&root);
    let (code, _, stderr) = sayso(&base);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("a source in 2 fragments"), "{stderr}");
    assert_eq!(snapshot(&root), before);
    // --skip-invalid: the good annotator's layer, and a report of the other.
    let mut args = base.to_vec();
    args.extend(["--skip-invalid", "--report", report.to_str().unwrap()]);
    let (code, stdout, stderr) = sayso(&args);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("imported into layer \"polnear-4b22\": 1 document: 4 speakers, 4 quotes"),
        "{stdout}"
    );
    assert!(stdout.contains("refused 1 document"), "{stdout}");
    assert!(
        stderr.contains("refused: ") && stderr.contains("flynn_6b86.ann:1: T1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 × brat attribute \"Discuss\""),
        "{stderr}"
    );
    let tsv = fs::read_to_string(&report).unwrap();
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows[0], ["file", "line", "item", "reason"]);
    assert_eq!(rows.len(), 2);
    assert!(rows[1][0].ends_with("flynn_6b86.ann") && rows[1][1] == "1" && rows[1][2] == "T1");
    let project = open(&root);
    let doc = project.document("flynn").unwrap();
    assert_eq!(doc.layer("polnear-4b22").unwrap().quotes.len(), 4);
    assert!(doc.layer("polnear-6b86").is_none());
}

#[test]
fn without_texts_the_missing_article_message_names_the_option() {
    let (_dir, root) = flynn();
    let project = open(&root);
    let err = formats::read(&project, &data("polnear/attributions"), Format::Brat)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("is missing (give the folder of the articles with --texts DIR)"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_brat_folder_linking_to_itself_is_walked_once_and_links_out_are_refused() {
    let (dir, root) = flynn();
    let folder = dir.path().join("brat");
    fs::create_dir_all(&folder).unwrap();
    fs::copy(data("polnear/text/flynn.txt"), folder.join("flynn.txt")).unwrap();
    fs::copy(
        data("polnear/attributions/flynn_4b22.ann"),
        folder.join("flynn.ann"),
    )
    .unwrap();
    std::os::unix::fs::symlink(".", folder.join("a")).unwrap();
    std::os::unix::fs::symlink("a", folder.join("b")).unwrap();
    let read = read(&root, &folder, Format::Brat, &ReadOptions::default());
    assert_eq!(read.documents.len(), 1, "each file once, no endless walk");

    let outside = dir.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("x.ann"), "").unwrap();
    std::os::unix::fs::symlink(&outside, folder.join("elsewhere")).unwrap();
    let err = formats::read(&open(&root), &folder, Format::Brat)
        .unwrap_err()
        .to_string();
    assert!(err.contains("a symbolic link out of the folder"), "{err}");
}

/// issue 10: a span holding a TAB survives brat export then import.
#[test]
fn a_span_holding_a_tab_survives_brat_export_then_import() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    let mut project = store::create(&root, "tabs").unwrap();
    let paths = ProjectPaths::new(&root);
    let article = dir.path().join("tab.txt");
    fs::write(&article, "Ana said \"we\tstay\" today.\n").unwrap();
    store::add_article(&paths, &mut project, &article, DEFAULT_SIZE_LIMIT).unwrap();
    let doc = project.document_mut("tab").unwrap();
    let text = doc.text.clone();
    let span = |a, b| sayso::model::Span::new(&text, a, b).unwrap();
    let mut layer = Layer::new(&doc.sha256);
    layer.speakers.push(sayso::model::Speaker {
        id: "s1".into(),
        name: "Ana".into(),
        kind: "person".into(),
        mentions: vec![span(0, 3)],
        score: None,
    });
    layer.quotes.push(sayso::model::Quote {
        id: "q1".into(),
        kind: "direct".into(),
        content: vec![span(9, 18)],
        cue: Some(span(4, 8)),
        source: Some(span(0, 3)),
        speaker: Some("s1".into()),
        score: None,
    });
    doc.layers.insert("gold".into(), layer.clone());
    let out = dir.path().join("out");
    let options = ExportOptions {
        layer: "gold".into(),
        format: ExportFormat::Brat,
        out: out.clone(),
        only_reviewed: false,
        force: false,
    };
    formats::export(&project, &options, &mut |_, _| {}).unwrap();
    let back = formats::read(&project, &out, Format::Brat).unwrap();
    assert_eq!(shape(&back[0].layer), shape(&layer));
    assert_eq!(back[0].layer.quotes[0].content[0].text, "\"we\tstay\"");
}

// --- Round trips through every format ------------------------------------------------------

fn export(project: &Project, format: ExportFormat, write: &WriteOptions) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let options = ExportOptions {
        layer: "gold".into(),
        format,
        out: dir.path().join("out"),
        only_reviewed: false,
        force: false,
    };
    formats::export_with(project, &options, write, &mut |_, _| {}).unwrap();
    dir
}

/// The demo's gold layers as the span formats hold them: no stances, and speakers without
/// mentions are not written.
fn demo_shapes(project: &Project) -> Vec<(String, Shape)> {
    project
        .documents
        .iter()
        .map(|d| {
            let mut gold = d.layer("gold").unwrap().clone();
            gold.speakers.retain(|s| !s.mentions.is_empty());
            (d.id.clone(), shape(&gold))
        })
        .collect()
}

#[test]
fn label_studio_doccano_and_prodigy_round_trips_keep_speakers_quotes_and_noise() {
    let project = open(&common::demo());
    let gold = demo_shapes(&project);
    for (format, file) in [
        (Format::Labelstudio, "tasks.json"),
        (Format::Doccano, "doccano.jsonl"),
        (Format::Prodigy, "prodigy.jsonl"),
    ] {
        let export_format = match format {
            Format::Labelstudio => ExportFormat::Labelstudio,
            Format::Doccano => ExportFormat::Doccano,
            _ => ExportFormat::Prodigy,
        };
        let dir = export(&project, export_format, &WriteOptions::default());
        let path = dir.path().join("out").join(file);
        assert_eq!(Format::guess(&path), Some(format));
        let read = formats::read_with(&project, &path, format, &ReadOptions::default()).unwrap();
        assert!(read.ignored.is_empty(), "{format:?}: {:?}", read.ignored);
        let back: Vec<(String, Shape)> = read
            .documents
            .iter()
            .map(|(_, p)| (p.doc_id.clone(), shape(&p.layer)))
            .collect();
        assert_eq!(back, gold, "{format:?}");
    }
}

#[test]
fn brat_with_coref_relations_instead_of_equiv_round_trips_and_writes_a_shared_cue_once() {
    let project = open(&common::demo());
    let write = WriteOptions {
        brat_relations: true,
    };
    let dir = export(&project, ExportFormat::Brat, &write);
    let out = dir.path().join("out");
    let mut equiv = 0;
    for entry in fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ann") {
            let ann = fs::read_to_string(&path).unwrap();
            equiv += ann.lines().filter(|l| l.starts_with('*')).count();
            let places: Vec<&str> = ann
                .lines()
                .filter(|l| l.starts_with('T'))
                .map(|l| l.split('\t').nth(1).unwrap())
                .collect();
            let distinct: BTreeSet<&&str> = places.iter().collect();
            assert_eq!(
                distinct.len(),
                places.len(),
                "one T line per span: {}",
                path.display()
            );
        }
    }
    assert_eq!(equiv, 0);
    let conf = fs::read_to_string(out.join("annotation.conf")).unwrap();
    assert!(conf.contains("\nCoref\tArg1:"));
    let read = formats::read(&project, &out, Format::Brat).unwrap();
    for p in read {
        let gold = project.document(&p.doc_id).unwrap().layer("gold").unwrap();
        let mut gold = gold.clone();
        gold.speakers.retain(|s| !s.mentions.is_empty());
        assert_eq!(shape(&p.layer), shape(&gold), "{}", p.doc_id);
        assert_eq!(p.layer.stances.len(), gold.stances.len());
    }
}

/// CoNLL is written only: read back here, each column's B-/I- runs are the spans of its
/// kind (less the overlapping ones the export counts).
#[test]
fn conll_columns_hold_every_speaker_cue_and_quote_span() {
    let project = open(&common::demo());
    let dir = export(&project, ExportFormat::Conll, &WriteOptions::default());
    let conll = fs::read_to_string(dir.path().join("out/gold.conll")).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("out/manifest.json")).unwrap())
            .unwrap();
    let overlapping = manifest["counts"]["overlapping_left_out"]
        .as_u64()
        .unwrap_or(0) as usize;
    let docs: Vec<&str> = conll.split("-DOCSTART-\tO\tO\tO\n").skip(1).collect();
    assert_eq!(docs.len(), project.documents.len());
    let mut missing = 0;
    for (doc, block) in project.documents.iter().zip(docs) {
        let gold = doc.layer("gold").unwrap();
        // Runs of each column as token texts joined by spaces.
        let mut runs: Vec<BTreeSet<String>> = vec![BTreeSet::new(); 3];
        let mut open: Vec<Option<String>> = vec![None; 3];
        for line in block.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            for c in 0..3 {
                let tag = cols.get(c + 1).copied().unwrap_or("O");
                if tag.starts_with("I-") {
                    if let Some(run) = &mut open[c] {
                        run.push(' ');
                        run.push_str(cols[0]);
                    }
                    continue;
                }
                if let Some(run) = open[c].take() {
                    runs[c].insert(run);
                }
                if tag.starts_with("B-") {
                    open[c] = Some(cols[0].to_string());
                }
            }
        }
        for (c, run) in open.into_iter().enumerate() {
            runs[c].extend(run);
        }
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let runs: Vec<BTreeSet<String>> = runs
            .iter()
            .map(|set| set.iter().map(|r| squash(r)).collect())
            .collect();
        let mentions = gold.speakers.iter().flat_map(|s| &s.mentions);
        let cues = gold.quotes.iter().filter_map(|q| q.cue.as_ref());
        let contents = gold.quotes.iter().flat_map(|q| &q.content);
        for (c, spans) in [
            (0, mentions.collect::<Vec<_>>()),
            (1, cues.collect()),
            (2, contents.collect()),
        ] {
            missing += spans
                .iter()
                .filter(|s| !s.text.contains('\n') && !runs[c].contains(&squash(&s.text)))
                .count();
        }
    }
    assert!(
        missing <= overlapping,
        "{missing} spans missing, {overlapping} overlapping"
    );
}

// --- citron ---------------------------------------------------------------------------------

/// citron's extractor output (`citron-extract`, <https://github.com/bbc/citron>,
/// `citron/data.py` `Quote.to_json`): no `text`, spans in spaCy token indices. The fixture's
/// token indices come from spaCy itself.
#[test]
fn citron_extractor_output_in_token_offsets_is_matched_by_file_name() {
    let (_dir, root) = flynn();
    let read = read(
        &root,
        &data("citron/flynn.json"),
        Format::Citron,
        &ReadOptions::default(),
    );
    let layer = only(&read);
    let quotes: Vec<(Vec<&str>, &str, &str)> = layer
        .quotes
        .iter()
        .map(|q| {
            (
                q.content.iter().map(|c| c.text.as_str()).collect(),
                q.cue.as_ref().unwrap().text.as_str(),
                q.source.as_ref().unwrap().text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        quotes,
        [
            (
                vec!["that \"the generals have been reduced to rubble.\""],
                "said",
                "Retired Lt. Gen. Michael Flynn"
            ),
            (
                vec![
                    "\"He's absolutely right,\"",
                    "\"and the White House knows it.\""
                ],
                "told",
                "Flynn"
            ),
        ]
    );
    assert_eq!(layer.quotes[0].score, Some(0.7312));
    let err = formats::read(
        &open(&root),
        &data("citron/shifted/flynn.json"),
        Format::Citron,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("quote 1 cue: tokens 18..19 are \"Thursday\" in the article as sayso tokenizes it (reproducing spaCy's English tokenizer), citron says \"said\""),
        "{err}"
    );
}

#[test]
fn the_citron_export_gives_every_quote_a_cue() {
    let project = open(&common::demo());
    let dir = export(&project, ExportFormat::Citron, &WriteOptions::default());
    let mut quotes = 0;
    for entry in fs::read_dir(dir.path().join("out")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() == "manifest.json" {
            let m: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            assert!(m["counts"]["quotes_without_cue_left_out"].as_u64().unwrap() > 0);
            continue;
        }
        let doc: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        for q in doc["quotes"].as_array().unwrap() {
            assert!(q["cue"]["start"].is_u64(), "{q}");
            quotes += 1;
        }
    }
    assert!(quotes > 0);
}

// --- Detection and the command line --------------------------------------------------------

#[test]
fn a_file_read_as_the_wrong_format_says_which_format_it_looks_like() {
    let (_dir, root) = flynn();
    let cases = [
        (
            "doccano/sequence.jsonl",
            "jsonl",
            "this looks like a doccano file: use --format doccano",
        ),
        (
            "labelstudio/export.json",
            "citron",
            "this looks like a Label Studio file: use --format labelstudio",
        ),
        (
            "prodigy/relations.jsonl",
            "jsonl",
            "this looks like a Prodigy file: use --format prodigy",
        ),
    ];
    for (file, format, hint) in cases {
        let file = data(file);
        let (code, _, stderr) = sayso(&[
            "import",
            root.to_str().unwrap(),
            file.to_str().unwrap(),
            "--format",
            format,
            "--layer",
            "x",
        ]);
        assert_eq!(code, Some(2));
        assert!(stderr.contains(hint), "{stderr}");
    }
}

#[test]
fn import_dry_run_says_what_it_would_import_and_saves_nothing() {
    let (_dir, root) = flynn();
    let before = snapshot(&root);
    let file = data("labelstudio/export.json");
    let (code, stdout, stderr) = sayso(&[
        "import",
        root.to_str().unwrap(),
        file.to_str().unwrap(),
        "--layer",
        "ls",
        "--dry-run",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("would import into layer \"ls\": 1 document: 2 speakers, 4 quotes"),
        "{stdout}"
    );
    assert!(stdout.contains("dry run: nothing was saved"));
    assert!(
        stderr.contains("note: 3 annotations sayso does not use were left out"),
        "{stderr}"
    );
    assert_eq!(snapshot(&root), before);
}

#[test]
fn a_mistyped_subcommand_gets_a_suggestion_and_completions_and_man_print() {
    let (code, _, stderr) = sayso(&["exprot"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("did you mean `sayso export`?"), "{stderr}");
    let (code, _, stderr) = sayso(&["no-such-file.txt"]);
    assert_eq!(code, Some(2));
    assert!(!stderr.contains("did you mean"), "{stderr}");
    let (code, stdout, _) = sayso(&["completions", "bash"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("_sayso()") && stdout.contains("export"));
    let (code, stdout, _) = sayso(&["man"]);
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with(".ie") && stdout.contains(".TH sayso 1"));
}

// --- spaCy ----------------------------------------------------------------------------------

/// The `.spacy` file is zlib-compressed msgpack, as spaCy's `DocBin.to_bytes` writes it.
#[test]
fn the_spacy_export_is_a_zlib_msgpack_docbin() {
    let project = open(&common::demo());
    let dir = export(&project, ExportFormat::Spacy, &WriteOptions::default());
    let bytes = fs::read(dir.path().join("out/gold.spacy")).unwrap();
    let mut msg = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&bytes[..]), &mut msg).unwrap();
    assert_eq!(msg[0], 0x89, "a map of 9 entries");
    assert_eq!(&msg[1..9], b"\xa7version");
    let text = String::from_utf8_lossy(&msg);
    for key in [
        "attrs",
        "tokens",
        "spaces",
        "lengths",
        "strings",
        "span_groups",
        "speakers",
        "quotes",
        "cues",
    ] {
        assert!(text.contains(key), "{key}");
    }
}

/// With `SAYSO_SPACY_PYTHON` set to a Python that has spaCy (`pip install spacy`), spaCy's
/// own `DocBin` loads the export and its tokenizer agrees with the Prodigy tokens
/// (`tests/python/check_formats.py`). Without it, nothing is checked here.
#[test]
fn spacy_itself_loads_the_docbin_when_a_python_with_spacy_is_given() {
    let Ok(python) = std::env::var("SAYSO_SPACY_PYTHON") else {
        eprintln!("SAYSO_SPACY_PYTHON is not set: spaCy's own check skipped");
        return;
    };
    let project = open(&common::demo());
    let dir = tempfile::tempdir().unwrap();
    for (format, name) in [
        (ExportFormat::Spacy, "gold.spacy"),
        (ExportFormat::Prodigy, "prodigy.jsonl"),
    ] {
        let out = export(&project, format, &WriteOptions::default());
        fs::copy(out.path().join("out").join(name), dir.path().join(name)).unwrap();
    }
    let brat = export(&project, ExportFormat::Brat, &WriteOptions::default());
    common::copy_dir(&brat.path().join("out"), &dir.path().join("brat"));
    fs::remove_file(dir.path().join("brat/manifest.json")).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/check_formats.py");
    let run = Command::new(python)
        .arg(script)
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains("4 documents") && stdout.contains("2579 of 2579"),
        "{stdout}"
    );
    // pybrat, if installed, parsed the brat folder (one T line per span).
    assert!(stdout.contains("pybrat"), "{stdout}");
    eprintln!("{stdout}");
}

// --- WebAnno TSV (INCEpTION) ----------------------------------------------------------------

/// WebAnno TSV 3.3 as INCEpTION exports it
/// (<https://inception-project.github.io/releases/latest/docs/user-guide.html#sect_formats_webannotsv3>):
/// a custom span layer (`role`: Source, Cue, Content), the coreference chain layer with
/// `referenceRelation` before `referenceType`, a relation layer without features whose
/// base-type column names governor and ids (`1-3[3_0]`: 0 for a single-token annotation),
/// offsets in UTF-16 units (the emoji counts two).
#[test]
fn a_webanno_tsv_file_imports_speakers_from_chains() {
    let (_dir, root) = flynn();
    let file = data("webanno/flynn.tsv");
    assert_eq!(Format::guess(&file), Some(Format::Webanno));
    let read = read(&root, &file, Format::Webanno, &ReadOptions::default());
    let layer = only(&read);
    assert_eq!(shape(layer), expected(true, false));
    assert!(
        layer.speakers.iter().all(|s| s.kind == "person"),
        "PER chains"
    );
    assert!(read.ignored.is_empty(), "{:?}", read.ignored);
}

#[test]
fn webanno_round_trip_keeps_speakers_as_chains_and_quotes() {
    let project = open(&common::demo());
    let dir = export(&project, ExportFormat::Webanno, &WriteOptions::default());
    let out = dir.path().join("out");
    let tsv = fs::read_to_string(out.join("syria-talks-2012.tsv")).unwrap();
    assert!(tsv.starts_with("#FORMAT=WebAnno TSV 3.3\n"));
    assert!(tsv.contains("SPEAKER[1]") && tsv.contains("coref->1-1"));
    let read =
        formats::read_with(&project, &out, Format::Webanno, &ReadOptions::default()).unwrap();
    assert!(read.ignored.is_empty(), "{:?}", read.ignored);
    let gold = demo_shapes(&project);
    assert_eq!(read.documents.len(), gold.len());
    for (_, p) in &read.documents {
        let (id, shape_gold) = gold.iter().find(|(id, _)| *id == p.doc_id).unwrap();
        let back = shape(&p.layer);
        assert_eq!(back.speakers, shape_gold.speakers, "{id}");
        assert_eq!(back.quotes, shape_gold.quotes, "{id}");
        assert!(back.noise.is_empty(), "noise is not written");
    }
}

#[test]
fn import_and_export_print_json_when_asked() {
    let (dir, root) = flynn();
    let file = data("labelstudio/export.json");
    let (code, stdout, stderr) = sayso(&[
        "import",
        root.to_str().unwrap(),
        file.to_str().unwrap(),
        "--layer",
        "ls",
        "--json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["format"], "labelstudio");
    assert_eq!(v["layers"][0]["layer"], "ls");
    assert_eq!(v["layers"][0]["quotes"], 4);
    assert_eq!(v["left_out"]["result type \"choices\""], 1);
    let out = dir.path().join("out");
    let (code, stdout, stderr) = sayso(&[
        "export",
        root.to_str().unwrap(),
        "--layer",
        "ls",
        "--format",
        "conll",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["counts"]["quotes"], 4);
    assert_eq!(v["files"][0]["path"], "ls.conll");
}

/// brat's `annotation.conf` (<https://brat.nlplab.org/configuration.html>) declares event
/// types: their trigger T lines are not annotations left out; other unknown types are
/// counted.
#[test]
fn brat_event_types_from_annotation_conf_are_triggers_not_losses() {
    let (dir, root) = flynn();
    let folder = dir.path().join("brat");
    fs::create_dir_all(&folder).unwrap();
    fs::copy(data("flynn.txt"), folder.join("flynn.txt")).unwrap();
    let ann = "T1\tSource 0 5\tFlynn\nT2\tCue 6 10\tsays\n\
               T3\tContent 11 47\tTrump was right 👍 about the generals\n\
               T4\tSpeech 6 10\tsays\nE1\tSpeech:T4 Content:T3 Cue:T2 Source:T1\n\
               T5\tDate 85 93\tThursday\n";
    fs::write(folder.join("flynn.ann"), ann).unwrap();
    let conf = "[entities]\nSource\nCue\nContent\nDate\n\n[relations]\n\n[events]\n\
                Speech\tSource:Source, Cue:Cue, Content:Content\n\n[attributes]\n";
    fs::write(folder.join("annotation.conf"), conf).unwrap();
    let read = read(&root, &folder, Format::Brat, &ReadOptions::default());
    assert_eq!(only(&read).quotes.len(), 1);
    let ignored: Vec<(&str, usize)> = read.ignored.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(ignored, [("brat type \"Date\"", 1)]);
}

#[test]
fn skip_invalid_refuses_bad_lines_one_by_one_in_jsonl_formats() {
    let (dir, root) = flynn();
    let good = fs::read_to_string(data("doccano/sequence.jsonl")).unwrap();
    let bad = r#"{"text": "Flynn says", "label": [[0, 5, "SPEAKER"]]}"#;
    let file = dir.path().join("mixed.jsonl");
    fs::write(&file, format!("{bad}\n{good}")).unwrap();
    let project = open(&root);
    let err = formats::read_with(&project, &file, Format::Doccano, &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("mixed.jsonl:1: unknown document"), "{err}");
    let options = ReadOptions {
        skip_invalid: true,
        ..ReadOptions::default()
    };
    let read = formats::read_with(&project, &file, Format::Doccano, &options).unwrap();
    assert_eq!(read.documents.len(), 1);
    assert_eq!(read.refused.len(), 1);
    assert_eq!(read.refused[0].line, Some(1));
}

#[test]
fn a_model_layer_goes_to_label_studio_as_predictions_and_reads_back() {
    let project = open(&common::demo());
    let docs: Vec<(&str, &sayso::text::Text, &Layer)> = project
        .documents
        .iter()
        .map(|d| (d.id.as_str(), &d.text, d.layer("gold").unwrap()))
        .collect();
    let json = formats::labelstudio::write(&docs, "model:crf");
    let tasks: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(tasks[0]["predictions"][0]["model_version"], "model:crf");
    assert!(tasks[0].get("annotations").is_none());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tasks.json");
    fs::write(&file, json).unwrap();
    let read = formats::read_with(
        &project,
        &file,
        Format::Labelstudio,
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(read.documents.len(), 4);
}

#[test]
fn a_mapping_renames_brat_types_too() {
    let (dir, root) = flynn();
    let folder = dir.path().join("brat");
    fs::create_dir_all(&folder).unwrap();
    fs::copy(data("flynn.txt"), folder.join("flynn.txt")).unwrap();
    let ann = "T1\tPER 0 5\tFlynn\nT2\tVERB 6 10\tsays\n\
               T3\tSPEECH 11 47\tTrump was right 👍 about the generals\n\
               R1\tLink Arg1:T3 Arg2:T2\nR2\tLink Arg1:T3 Arg2:T1\n";
    fs::write(folder.join("flynn.ann"), ann).unwrap();
    let map = dir.path().join("map.ron");
    fs::write(&map, r#"(labels: {"SPEECH": Content, "VERB": Cue})"#).unwrap();
    let options = ReadOptions {
        mapping: Mapping::load(&map).unwrap(),
        ..ReadOptions::default()
    };
    let read = read(&root, &folder, Format::Brat, &options);
    let q = &only(&read).quotes[0];
    assert_eq!(q.cue.as_ref().unwrap().text, "says");
    assert_eq!(q.source.as_ref().unwrap().text, "Flynn");
    let err = Mapping::load(&dir.path().join("missing.ron")).unwrap_err();
    assert!(err.to_string().contains("missing.ron"));
}
