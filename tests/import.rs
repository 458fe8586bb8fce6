//! Importing predictions in sayso JSONL, brat standoff and citron JSON, and writing them
//! back: each reader on a valid file (item by item, on articles with CRLF and emoji), each
//! kind of error (naming file, line and item, and importing nothing), and round trips of
//! every demo document through each writer and reader.

mod common;
use common::{canonical, open, snapshot};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sayso::formats::{self, Format, Prediction, brat, citron, jsonl};
use sayso::model::{Layer, NoiseLine, Project, Quote, Span, Speaker, Stance, validate};
use sayso::store::{self, ProjectPaths};
use sayso::text::DEFAULT_SIZE_LIMIT;
use tempfile::TempDir;

// --- Helpers -------------------------------------------------------------------------------

fn data(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/import")
        .join(relative)
}

/// A project with one small article, `tiny` (CRLF line ends, an emoji on line 0).
fn tiny() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    let mut project = store::create(&root, "tiny").unwrap();
    let paths = ProjectPaths::new(&root);
    let added =
        store::add_article(&paths, &mut project, &data("tiny.txt"), DEFAULT_SIZE_LIMIT).unwrap();
    assert_eq!(added.id, "tiny");
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

fn format_name(format: Format) -> &'static str {
    format.name()
}

/// Importing `file` must fail with a message holding every `expected` part, from the
/// library and from `sayso import` (exit 2), and leave the project's files as they were.
fn refused(root: &Path, file: &Path, format: Format, expected: &[&str]) -> formats::ImportError {
    let before = snapshot(root);
    let err = formats::read(&open(root), file, format).unwrap_err();
    let message = err.to_string();
    for part in expected {
        assert!(message.contains(part), "{part:?} is not in: {message}");
    }
    let args = [
        "import",
        root.to_str().unwrap(),
        file.to_str().unwrap(),
        "--format",
        format_name(format),
        "--layer",
        "model:test",
    ];
    let (code, _, stderr) = sayso(&args);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(&message), "{stderr}");
    assert_eq!(
        snapshot(root),
        before,
        "a refused import changed the project"
    );
    err
}

/// `case.ann` (or `.json`) from the test data in a temporary folder, with the tiny
/// article beside it as `case.txt`: matched by its text, not its name.
fn beside_tiny(dir: &Path, case: &str, ext: &str) -> PathBuf {
    let file = dir.join(format!("{case}.{ext}"));
    fs::copy(
        data(&format!(
            "{}/{case}.{ext}",
            if ext == "ann" { "brat" } else { "citron" }
        )),
        &file,
    )
    .unwrap();
    fs::copy(data("tiny.txt"), dir.join(format!("{case}.txt"))).unwrap();
    file
}

fn sp(project: &Project, doc: &str, start: usize, end: usize) -> Span {
    Span::new(&project.document(doc).unwrap().text, start, end).unwrap()
}

fn speaker(id: &str, name: &str, kind: &str, mentions: Vec<Span>) -> Speaker {
    Speaker {
        id: id.into(),
        name: name.into(),
        kind: kind.into(),
        mentions,
        score: None,
    }
}

fn quote(
    id: &str,
    kind: &str,
    content: Vec<Span>,
    cue: Option<Span>,
    source: Option<Span>,
    speaker: Option<&str>,
) -> Quote {
    Quote {
        id: id.into(),
        kind: kind.into(),
        content,
        cue,
        source,
        speaker: speaker.map(Into::into),
        score: None,
    }
}

fn stance(id: &str, holder: &str, target: &str, label: &str, evidence: &[&str]) -> Stance {
    let evidence = evidence.iter().map(|e| e.to_string()).collect();
    Stance {
        id: id.into(),
        holder: holder.into(),
        target: target.into(),
        label: label.into(),
        evidence,
        score: None,
    }
}

fn noise(project: &Project, doc: &str, line: usize, category: &str) -> NoiseLine {
    let text = project
        .document(doc)
        .unwrap()
        .text
        .line(line)
        .unwrap()
        .to_string();
    NoiseLine {
        line,
        category: category.into(),
        text,
        orphaned: false,
        score: None,
    }
}

fn only(predictions: Vec<Prediction>, doc: &str) -> Layer {
    assert_eq!(predictions.len(), 1);
    assert_eq!(predictions[0].doc_id, doc);
    predictions.into_iter().next().unwrap().layer
}

const DOCS: [&str; 4] = [
    "syria-talks-2012",
    "harbour-strike-2019",
    "vaccine-trial-2021",
    "climate-summit-2023",
];

// --- sayso JSONL ----------------------------------------------------------------------------

#[test]
fn jsonl_predictions_are_read_item_by_item_matched_by_id_and_by_sha256() {
    let demo = common::demo_copy();
    let project = open(demo.path());
    let predictions =
        formats::read(&project, &data("jsonl/predictions.jsonl"), Format::Jsonl).unwrap();
    assert_eq!(predictions.len(), 2);

    let c = "climate-summit-2023";
    assert_eq!(predictions[0].doc_id, c);
    let layer = &predictions[0].layer;
    assert_eq!(layer.anchored_to, project.document(c).unwrap().sha256);
    let mut s1 = speaker(
        "s1",
        "Yaryna Kolodub",
        "person",
        vec![sp(&project, c, 2597, 2604), sp(&project, c, 2684, 2687)],
    );
    s1.score = Some(0.9);
    assert_eq!(layer.speakers, vec![s1]);
    // Sorted by position: the two-fragment quote first; emoji offsets in code points.
    let q2 = quote(
        "q2",
        "direct",
        vec![sp(&project, c, 1232, 1292), sp(&project, c, 1302, 1357)],
        None,
        None,
        None,
    );
    let mut q1 = quote(
        "q1",
        "direct",
        vec![sp(&project, c, 2627, 2683)],
        Some(sp(&project, c, 2688, 2693)),
        Some(sp(&project, c, 2684, 2687)),
        Some("s1"),
    );
    q1.score = Some(0.8);
    assert_eq!(
        q1.content[0].text,
        "“Ukraine 🇺🇦 will not trade its future for cheap gas 👍🏽,”"
    );
    assert_eq!(layer.quotes, vec![q2, q1]);
    let mut t1 = stance(
        "t1",
        "s1",
        "Ukraine's energy independence",
        "favor",
        &["q1"],
    );
    t1.score = Some(0.6);
    assert_eq!(layer.stances, vec![t1]);
    let mut line0 = noise(&project, c, 0, "dateline");
    line0.score = Some(0.97);
    assert_eq!(layer.noise, vec![line0]);

    // The second record has only a sha256, spans without text, no name and no kind.
    let v = "vaccine-trial-2021";
    assert_eq!(predictions[1].doc_id, v);
    let layer = &predictions[1].layer;
    let halvor = speaker(
        "halvor",
        "Danish drugmaker Halvor Bio",
        "organization",
        vec![sp(&project, v, 119, 129), sp(&project, v, 297, 324)],
    );
    assert_eq!(layer.speakers, vec![halvor]);
    let headline = quote(
        "headline",
        "indirect",
        vec![sp(&project, v, 43, 117)],
        None,
        Some(sp(&project, v, 119, 129)),
        Some("halvor"),
    );
    assert_eq!(layer.quotes, vec![headline]);
}

#[test]
fn import_adds_the_layer_and_new_targets_and_saves_a_valid_project() {
    let demo = common::demo_copy();
    let root = demo.path();
    let (code, stdout, stderr) = sayso(&[
        "import",
        root.to_str().unwrap(),
        data("jsonl/predictions.jsonl").to_str().unwrap(),
        "--layer",
        "model:crf",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("2 documents: 2 speakers, 3 quotes, 1 stance, 1 noise line"),
        "{stdout}"
    );
    assert!(
        stdout.contains("new stance targets: Ukraine's energy independence"),
        "{stdout}"
    );
    assert!(
        ProjectPaths::new(root)
            .layer_file("climate-summit-2023", "model:crf")
            .is_file()
    );

    let project = open(root);
    let expected =
        formats::read(&project, &data("jsonl/predictions.jsonl"), Format::Jsonl).unwrap();
    for p in &expected {
        let saved = project
            .document(&p.doc_id)
            .unwrap()
            .layer("model:crf")
            .unwrap();
        assert_eq!(
            (&saved.speakers, &saved.quotes, &saved.stances, &saved.noise),
            (
                &p.layer.speakers,
                &p.layer.quotes,
                &p.layer.stances,
                &p.layer.noise
            )
        );
    }
    assert!(
        project
            .document("syria-talks-2012")
            .unwrap()
            .layer("model:crf")
            .is_none()
    );
    assert_eq!(validate(&project), vec![], "the imported layers are valid");
}

#[test]
fn importing_over_a_layer_replaces_it_and_can_be_undone() {
    let demo = common::demo_copy();
    let mut project = open(demo.path());
    let c = "climate-summit-2023";
    let gold = project.document(c).unwrap().layer("gold").unwrap().clone();
    let predictions =
        formats::read(&project, &data("jsonl/predictions.jsonl"), Format::Jsonl).unwrap();
    let new = predictions[0].layer.clone();
    let done = formats::import(&mut project, "gold", predictions);
    assert_eq!((done.documents, done.replaced, done.quotes), (2, 2, 3));
    let doc = project.document_mut(c).unwrap();
    assert_eq!(doc.layer("gold").unwrap().quotes, new.quotes);
    assert!(doc.unsaved_layers().any(|l| l == "gold"));
    assert!(doc.undo().unwrap());
    assert_eq!(doc.layer("gold").unwrap(), &gold);
}

#[test]
fn a_jsonl_record_is_matched_by_its_text_with_crlf_normalized() {
    let (_dir, root) = tiny();
    let project = open(&root);
    let layer = only(
        formats::read(&project, &data("jsonl/by-text.jsonl"), Format::Jsonl).unwrap(),
        "tiny",
    );
    let ana = sp(&project, "tiny", 23, 31);
    assert_eq!(ana.text, "Ana Lima");
    assert_eq!(
        layer.speakers,
        vec![speaker(
            "s1",
            "Ana Lima",
            "person",
            vec![ana.clone(), sp(&project, "tiny", 53, 56)]
        )]
    );
    let q = quote(
        "q1",
        "direct",
        vec![sp(&project, "tiny", 37, 51)],
        None,
        Some(ana),
        Some("s1"),
    );
    assert_eq!(layer.quotes, vec![q]);
}

#[test]
fn jsonl_errors_name_the_file_line_and_item_and_import_nothing() {
    let (_dir, root) = tiny();
    let f = |name: &str| data(&format!("jsonl/{name}.jsonl"));
    // Line 1 is fine; line 2 names a document the project lacks.
    refused(
        &root,
        &f("unknown-document"),
        Format::Jsonl,
        &[
            "unknown-document.jsonl:2: ",
            "document \"syria-talks-2021\"",
            "unknown document",
            "tiny",
        ],
    );
    refused(
        &root,
        &f("outside"),
        Format::Jsonl,
        &[
            "outside.jsonl:1: ",
            "speaker \"s1\" mention 2: ",
            "span 88..95 is outside the text, which has 90 characters",
        ],
    );
    // Offsets that count CRLF as two characters: the classic bug.
    refused(
        &root,
        &f("disagreeing"),
        Format::Jsonl,
        &[
            "disagreeing.jsonl:1: ",
            "quote \"q1\" content 1: ",
            r#"span 38..52 is "we will stay\"." in the article, the file says "\"we will stay\"""#,
        ],
    );
    refused(
        &root,
        &f("dangling"),
        Format::Jsonl,
        &[
            "dangling.jsonl:1: ",
            "quote \"q1\": ",
            "speaker \"s2\" is not a speaker",
        ],
    );
    refused(
        &root,
        &f("dangling-evidence"),
        Format::Jsonl,
        &["stance \"t1\": ", "evidence \"q7\" is not a quote"],
    );
    let err = refused(
        &root,
        &f("malformed"),
        Format::Jsonl,
        &["malformed.jsonl:2:", "malformed JSON: expected `,` or `}`"],
    );
    assert_eq!((err.line, err.column.is_some()), (Some(2), true));
    assert!(
        err.to_string()
            .contains(&format!("malformed.jsonl:2:{}: ", err.column.unwrap())),
        "{err}"
    );
    refused(
        &root,
        &f("noise-line"),
        Format::Jsonl,
        &[
            "noise-line.jsonl:1: ",
            "noise line 0: ",
            "start..end 0..24 is not the line, which is 0..22",
        ],
    );
    refused(
        &root,
        &f("duplicate-id"),
        Format::Jsonl,
        &["speaker \"s1\": another speaker has the id"],
    );
    refused(
        &root,
        &f("twice"),
        Format::Jsonl,
        &[
            "twice.jsonl:2: ",
            "document \"tiny\": the document is given twice, first on line 1",
        ],
    );
}

#[test]
fn binary_and_non_utf8_files_are_refused_naming_the_file() {
    let (dir, root) = tiny();
    let binary = dir.path().join("model.bin");
    fs::write(&binary, b"{\"id\"\x00\x01\x02").unwrap();
    refused(
        &root,
        &binary,
        Format::Jsonl,
        &["model.bin: ", "not a text file (NUL byte at byte offset 5)"],
    );
    let latin1 = dir.path().join("latin1.jsonl");
    fs::write(&latin1, b"{\"id\": \"tiny\"}\n{\"id\": \"caf\xe9\"}\n").unwrap();
    refused(
        &root,
        &latin1,
        Format::Jsonl,
        &["latin1.jsonl:2: ", "not UTF-8"],
    );
}

#[test]
fn jsonl_round_trip_of_every_demo_document_is_identical() {
    let project = open(&common::demo());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gold.jsonl");
    let lines: Vec<String> = DOCS
        .iter()
        .map(|id| {
            let d = project.document(id).unwrap();
            jsonl::write_record(id, &d.text, &d.sha256, "gold", d.layer("gold").unwrap())
        })
        .collect();
    assert!(
        lines.iter().all(|l| !l.contains('\n')),
        "one line per document"
    );
    fs::write(&file, lines.join("\n") + "\n").unwrap();
    let predictions = formats::read(&project, &file, Format::Jsonl).unwrap();
    assert_eq!(predictions.len(), DOCS.len());
    for (p, id) in predictions.iter().zip(DOCS) {
        let gold = project.document(id).unwrap().layer("gold").unwrap();
        assert_eq!(p.doc_id, id);
        assert!(!gold.quotes.is_empty() && !gold.noise.is_empty() && !gold.stances.is_empty());
        assert_eq!(p.layer.anchored_to, gold.anchored_to);
        assert_eq!(p.layer.speakers, gold.speakers, "{id}");
        assert_eq!(p.layer.quotes, gold.quotes, "{id}");
        assert_eq!(p.layer.stances, gold.stances, "{id}");
        assert_eq!(p.layer.noise, gold.noise, "{id}");
    }
}

#[test]
fn a_jsonl_record_has_the_documented_fields() {
    let project = open(&common::demo());
    let d = project.document("climate-summit-2023").unwrap();
    let line = jsonl::write_record(&d.id, &d.text, &d.sha256, "gold", d.layer("gold").unwrap());
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["id"], "climate-summit-2023");
    assert_eq!(v["text"], d.text.as_str());
    assert_eq!(v["layer"], "gold");
    assert_eq!(
        v["noise"][0],
        serde_json::json!({"line": 0, "start": 0, "end": 42, "category": "dateline"})
    );
    assert_eq!(
        v["quotes"][0]["cue"],
        serde_json::Value::Null,
        "q1 has no cue: null"
    );
    assert_eq!(v["quotes"][0]["source"]["text"], "Kolodub");
    assert_eq!(
        v["stances"][0]["evidence"],
        serde_json::json!(["q1", "q2", "q4", "q17"])
    );
    assert!(
        v["speakers"][0].get("score").is_none(),
        "no score in a human layer"
    );
}

// --- brat standoff -------------------------------------------------------------------------

#[test]
fn brat_ann_is_read_with_crlf_offsets_equiv_events_relations_and_attributes() {
    let demo = common::demo_copy();
    let project = open(demo.path());
    let dir = tempfile::tempdir().unwrap();
    let c = "climate-summit-2023";
    // The article as it is on disk, with CRLF: brat's offsets count both characters.
    fs::copy(
        demo.path().join("articles/climate-summit-2023.txt"),
        dir.path().join("climate-summit-2023.txt"),
    )
    .unwrap();
    fs::copy(
        data("brat/climate-summit-2023.ann"),
        dir.path().join("climate-summit-2023.ann"),
    )
    .unwrap();
    let layer = only(
        formats::read(
            &project,
            &dir.path().join("climate-summit-2023.ann"),
            Format::Brat,
        )
        .unwrap(),
        c,
    );

    let she = sp(&project, c, 2684, 2687);
    let he = sp(&project, c, 1293, 1295);
    assert_eq!(
        layer.speakers,
        vec![
            speaker(
                "s1",
                "Yaryna Kolodub",
                "person",
                vec![sp(&project, c, 83, 90), she.clone()]
            ),
            speaker("s2", "he", "person", vec![he.clone()]),
        ]
    );
    assert_eq!(
        layer.quotes,
        vec![
            quote(
                "q1",
                "direct",
                vec![sp(&project, c, 1232, 1292), sp(&project, c, 1302, 1357)],
                Some(sp(&project, c, 1296, 1300)),
                Some(he),
                Some("s2")
            ),
            quote(
                "q2",
                "direct",
                vec![sp(&project, c, 2627, 2683)],
                Some(sp(&project, c, 2688, 2693)),
                Some(she),
                Some("s1")
            ),
        ]
    );
    assert_eq!(
        layer.stances,
        vec![stance(
            "t1",
            "s1",
            "phasing out fossil fuels",
            "favor",
            &["q2"]
        )]
    );
    assert_eq!(layer.noise, vec![noise(&project, c, 0, "dateline")]);
}

#[test]
fn brat_errors_name_the_file_line_and_item_and_import_nothing() {
    let (dir, root) = tiny();
    refused(
        &root,
        &data("brat/elsewhere.ann"),
        Format::Brat,
        &[
            "elsewhere.txt: ",
            "unknown document: no document has the id \"elsewhere\"",
        ],
    );
    let file = beside_tiny(dir.path(), "outside", "ann");
    refused(
        &root,
        &file,
        Format::Brat,
        &[
            "outside.ann:3: ",
            "T3: ",
            "span 90..99 is outside the text, which has 93 characters",
        ],
    );
    // Offsets of the normalized text, where the file's own (CRLF) offsets were due.
    let file = beside_tiny(dir.path(), "disagreeing", "ann");
    refused(
        &root,
        &file,
        Format::Brat,
        &[
            "disagreeing.ann:2: ",
            "T2: ",
            r#"the article has " \"we will stay" at 37 51, the file says "\"we will stay\"""#,
        ],
    );
    let file = beside_tiny(dir.path(), "dangling", "ann");
    refused(
        &root,
        &file,
        Format::Brat,
        &["dangling.ann:4: ", "E1: ", "T7 does not exist in this file"],
    );
    let file = beside_tiny(dir.path(), "malformed", "ann");
    refused(
        &root,
        &file,
        Format::Brat,
        &["malformed.ann:3: ", "T3: ", "separated by tabs"],
    );
}

/// Each demo document's gold layer as a brat folder, with the configuration files.
fn brat_folder(project: &Project) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for id in DOCS {
        let d = project.document(id).unwrap();
        fs::write(dir.path().join(format!("{id}.txt")), d.text.as_str()).unwrap();
        fs::write(
            dir.path().join(format!("{id}.ann")),
            brat::write_ann(&d.text, d.layer("gold").unwrap()),
        )
        .unwrap();
    }
    fs::write(
        dir.path().join("annotation.conf"),
        brat::annotation_conf(&project.schema),
    )
    .unwrap();
    fs::write(
        dir.path().join("visual.conf"),
        brat::visual_conf(&project.schema),
    )
    .unwrap();
    dir
}

#[test]
fn brat_round_trip_of_every_demo_document_gives_the_same_annotations() {
    let project = open(&common::demo());
    let dir = brat_folder(&project);
    assert_eq!(Format::guess(dir.path()), Some(Format::Brat));
    let predictions = formats::read(&project, dir.path(), Format::Brat).unwrap();
    let mut by_doc: BTreeMap<&str, &Layer> = BTreeMap::new();
    for p in &predictions {
        by_doc.insert(&p.doc_id, &p.layer);
    }
    assert_eq!(by_doc.len(), DOCS.len());
    for id in DOCS {
        let gold = canonical(project.document(id).unwrap().layer("gold").unwrap());
        let back = canonical(by_doc[id]);
        assert_eq!(back.speakers, gold.speakers, "{id}");
        assert_eq!(back.quotes, gold.quotes, "{id}");
        assert_eq!(back.stances, gold.stances, "{id}");
        assert_eq!(back.noise, gold.noise, "{id}");
    }
}

#[test]
fn brat_annotation_conf_declares_every_type_and_attribute_value_written() {
    let project = open(&common::demo());
    let conf = brat::annotation_conf(&project.schema);
    let declared = |name: &str| {
        conf.lines()
            .any(|l| l.split(['\t', ' ']).next() == Some(name))
    };
    for id in DOCS {
        let d = project.document(id).unwrap();
        let ann = brat::write_ann(&d.text, d.layer("gold").unwrap());
        for line in ann.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            let words: Vec<&str> = fields[1].split(' ').collect();
            match line.chars().next() {
                Some('T') | Some('E') => {
                    let ty = words[0].split(':').next().unwrap();
                    assert!(
                        declared(ty),
                        "type {ty} of {line:?} is not declared:\n{conf}"
                    );
                }
                Some('A') => {
                    let (name, value) = (words[0], words[2]);
                    let decl = conf
                        .lines()
                        .find(|l| l.starts_with(&format!("{name}\t")))
                        .unwrap_or_else(|| panic!("{name} not declared"));
                    let values = decl.split("Value:").nth(1).unwrap();
                    assert!(
                        values.split('|').any(|v| v == value),
                        "{value} is not a value of {decl}"
                    );
                }
                _ => {}
            }
        }
    }
    assert!(brat::visual_conf(&project.schema).contains("Person\tbgColor:#1f77b4"));
}

// --- citron JSON ---------------------------------------------------------------------------

#[test]
fn citron_json_is_read_with_crlf_offsets_sources_and_coreference_groups() {
    let demo = common::demo_copy();
    let project = open(demo.path());
    let c = "climate-summit-2023";
    // No id in the file: matched by its name; its text has CRLF line ends.
    let layer = only(
        formats::read(
            &project,
            &data("citron/climate-summit-2023.json"),
            Format::Citron,
        )
        .unwrap(),
        c,
    );
    let kolodub = sp(&project, c, 602, 609);
    assert_eq!(kolodub.text, "Колодуб");
    // The quote's coreference ("Колодуб", in a group) joins "she" to Kolodub.
    assert_eq!(
        layer.speakers,
        vec![
            speaker(
                "s1",
                "Kolodub",
                "person",
                vec![
                    sp(&project, c, 83, 90),
                    kolodub.clone(),
                    sp(&project, c, 2684, 2687)
                ]
            ),
            speaker(
                "s2",
                "Han",
                "person",
                vec![sp(&project, c, 840, 843), sp(&project, c, 949, 951)]
            ),
        ]
    );
    let mut q1 = quote(
        "q1",
        "direct",
        vec![sp(&project, c, 496, 601)],
        Some(sp(&project, c, 610, 614)),
        Some(kolodub),
        Some("s1"),
    );
    q1.score = Some(0.85);
    let q2 = quote(
        "q2",
        "direct",
        vec![sp(&project, c, 972, 1029)],
        Some(sp(&project, c, 957, 963)),
        Some(sp(&project, c, 949, 951)),
        Some("s2"),
    );
    let mut q3 = quote(
        "q3",
        "direct",
        vec![sp(&project, c, 2627, 2683)],
        Some(sp(&project, c, 2688, 2693)),
        Some(sp(&project, c, 2684, 2687)),
        Some("s1"),
    );
    q3.score = Some(0.7);
    assert_eq!(layer.quotes, vec![q1, q2, q3]);
    assert!(layer.stances.is_empty() && layer.noise.is_empty());
}

#[test]
fn citron_errors_name_the_file_and_item_and_import_nothing() {
    let (dir, root) = tiny();
    refused(
        &root,
        &data("citron/elsewhere.json"),
        Format::Citron,
        &[
            "elsewhere.json: ",
            "unknown document: no document has the id \"elsewhere\", none has the same text",
        ],
    );
    refused(
        &root,
        &data("citron/outside.json"),
        Format::Citron,
        &[
            "outside.json: ",
            "coreference group 1 span 2: ",
            "span 90..99 is outside the text, which has 93 characters",
        ],
    );
    refused(
        &root,
        &data("citron/disagreeing.json"),
        Format::Citron,
        &[
            "disagreeing.json: ",
            "quote 1 content 1: ",
            r#"span 37..51 is " \"we will stay" in the article, the file says "\"we will stay\"""#,
        ],
    );
    // citron has no references between items; its structural error is a quote without content.
    refused(
        &root,
        &data("citron/no-content.json"),
        Format::Citron,
        &["no-content.json: ", "quote 2: the quote has no contents"],
    );
    let err = refused(
        &root,
        &data("citron/malformed.json"),
        Format::Citron,
        &[
            "malformed.json:6:",
            "malformed citron JSON: expected `,` or `}`",
        ],
    );
    assert_eq!(err.line, Some(6));
    let _ = dir;
}

#[test]
fn citron_round_trip_of_every_demo_document_gives_the_same_quotes_and_speakers() {
    let project = open(&common::demo());
    let dir = tempfile::tempdir().unwrap();
    for id in DOCS {
        let d = project.document(id).unwrap();
        fs::write(
            dir.path().join(format!("{id}.json")),
            citron::write(id, &d.text, d.layer("gold").unwrap()),
        )
        .unwrap();
    }
    let predictions = formats::read(&project, dir.path(), Format::Citron).unwrap();
    assert_eq!(predictions.len(), DOCS.len());
    // Speakers as their mention places; quotes as spans and their speaker's mentions.
    type Who = Vec<(usize, usize)>;
    let shape = |layer: &Layer| {
        let who = |id: &Option<String>| -> Who {
            id.as_ref()
                .map(|id| {
                    layer
                        .speaker(id)
                        .unwrap()
                        .mentions
                        .iter()
                        .map(|m| (m.start, m.end))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut speakers: Vec<Who> = layer
            .speakers
            .iter()
            .map(|s| s.mentions.iter().map(|m| (m.start, m.end)).collect())
            .collect();
        speakers.sort();
        let mut quotes: Vec<_> = layer
            .quotes
            .iter()
            .map(|q| {
                (
                    q.content.clone(),
                    q.cue.clone(),
                    q.source.clone(),
                    who(&q.speaker),
                )
            })
            .collect();
        quotes.sort();
        (speakers, quotes)
    };
    let mut without_cue = 0;
    for p in &predictions {
        let mut gold = project
            .document(&p.doc_id)
            .unwrap()
            .layer("gold")
            .unwrap()
            .clone();
        assert!(!gold.quotes.is_empty());
        // citron's reader needs a cue: quotes without one are not written.
        without_cue += gold.quotes.iter().filter(|q| q.cue.is_none()).count();
        gold.quotes.retain(|q| q.cue.is_some());
        assert_eq!(shape(&p.layer), shape(&gold), "{}", p.doc_id);
    }
    assert!(without_cue > 0, "the demo has quotes without a cue");
}

/// Bad values in a JSONL file are refused by the same rules as `validate`, naming the
/// file, the line and the item; nothing is imported.
#[test]
fn jsonl_bad_values_are_refused_naming_file_line_and_item() {
    let (dir, root) = tiny();
    let speaker = r#"{"id": "s1", "name": "Ana Lima", "kind": "person", "mentions": [{"start": 23, "end": 31, "text": "Ana Lima"}]}"#;
    let quote = r#"{"id": "q1", "kind": "direct", "content": [{"start": 37, "end": 51, "text": "\"we will stay\""}], "speaker": "s1"}"#;
    let stance = r#"{"id": "t1", "holder": "s1", "target": "staying", "label": "favor", "evidence": ["q1"]}"#;
    let record = |speaker: &str, quote: &str, stances: &str| {
        format!(
            r#"{{"id": "tiny", "speakers": [{speaker}], "quotes": [{quote}], "stances": [{stances}]}}"#
        )
    };
    let good = record(speaker, quote, stance);
    let cases: Vec<(String, &[&str])> = vec![
        (
            good.replace(r#""speaker": "s1"}"#, r#""speaker": "s1", "score": 7}"#),
            &["quote \"q1\": ", "score 7 is outside 0..1"],
        ),
        (
            good.replace(r#""kind": "person","#, r#""kind": "person", "score": -5,"#),
            &["speaker \"s1\": ", "score -5 is outside 0..1"],
        ),
        (
            good.replace(r#""target": "staying""#, r#""target": """#),
            &["stance \"t1\": ", "the stance target is empty"],
        ),
        (
            good.replace(r#"{"id": "q1""#, r#"{"id": """#)
                .replace(r#"["q1"]"#, r#"[""]"#),
            &["quote \"\": ", "the id is empty"],
        ),
        (
            good.replace(
                r#""content": [{"start": 37, "end": 51, "text": "\"we will stay\""}]"#,
                r#""content": [{"start": 37, "end": 51}, {"start": 38, "end": 40}]"#,
            ),
            &["quote \"q1\" content 2: ", "overlaps content 1"],
        ),
        (
            record(
                speaker,
                quote,
                &format!(
                    "{stance}, {}",
                    stance.replace("t1", "t2").replace("favor", "against")
                ),
            ),
            &["stance \"t2\": ", "contradicts stance \"t1\""],
        ),
        (
            good.replace("Ana Lima\", \"kind", "Ana\\u001b[2J\\u0007\", \"kind"),
            &[
                "speaker \"s1\": ",
                "holds control characters",
                "\\u{1b}[2J\\u{7}",
            ],
        ),
        (
            good.replace(r#""evidence": ["q1"]"#, r#""evidence": []"#),
            &["stance \"t1\": ", "the stance has no evidence"],
        ),
    ];
    for (i, (line, expected)) in cases.into_iter().enumerate() {
        let file = dir.path().join(format!("bad-{i}.jsonl"));
        fs::write(&file, format!("{line}\n")).unwrap();
        let mut expected = expected.to_vec();
        let at = format!("bad-{i}.jsonl:1: ");
        expected.push(&at);
        refused(&root, &file, Format::Jsonl, &expected);
    }
    // The good record imports.
    let file = dir.path().join("good.jsonl");
    fs::write(&file, format!("{good}\n")).unwrap();
    formats::read(&open(&root), &file, Format::Jsonl).unwrap();
}

#[test]
fn import_files_above_max_size_are_refused() {
    let (dir, root) = tiny();
    let file = dir.path().join("huge.jsonl");
    let name = "x".repeat(4000);
    fs::write(
        &file,
        format!(r#"{{"id": "tiny", "speakers": [{{"id": "s1", "name": "{name}"}}]}}"#) + "\n",
    )
    .unwrap();
    let before = snapshot(&root);
    let (code, _, stderr) = sayso(&[
        "--max-size",
        "2K",
        "import",
        root.to_str().unwrap(),
        file.to_str().unwrap(),
        "--layer",
        "m",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("huge.jsonl: the file is 40")
            && stderr.contains("above the limit of 2048 bytes"),
        "{stderr}"
    );
    assert_eq!(snapshot(&root), before);
}
