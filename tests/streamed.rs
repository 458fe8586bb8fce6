//! `eval`, `export` and `agree` read a project part by part through its index, reading
//! only the layers they need, and `suggest` writes it part by part: what they print and
//! write is what the whole project, read by `store::open`, gives, in every format and over
//! several parts; also when the index is stale (an article or a layer file changed on disk
//! with the same size). A save by parts is all or nothing.

mod common;
use common::demo_copy;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use sayso::formats::{self, ExportFormat, ExportOptions, WriteOptions};
use sayso::model::Document;
use sayso::store::{self, ProjectPaths};
use sayso::text::{DEFAULT_SIZE_LIMIT, Text};

/// Sets every file under `dir` to have been modified `ago` before now, so the index
/// trusts it.
fn age(dir: &Path, ago: Duration) {
    let old = SystemTime::now() - ago;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            age(&path, ago);
        } else {
            let file = fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(old).unwrap();
        }
    }
}

/// The demo with more layers beside `gold`: `model` (gold with a quote left out), `alice` and `bob` (copies of gold and model), an hour old.
fn project() -> tempfile::TempDir {
    let dir = demo_copy();
    // A cache the demo folder may hold from commands run on it.
    let _ = fs::remove_dir_all(dir.path().join(".sayso-cache"));
    let annotations = dir.path().join("annotations");
    for doc in fs::read_dir(&annotations).unwrap() {
        let doc = doc.unwrap().path();
        let gold = fs::read_to_string(doc.join("gold.ron")).unwrap();
        let model = without_first_quote(&gold);
        for (name, text) in [("model", &model), ("alice", &gold), ("bob", &model)] {
            let text = text.replacen("layer: \"gold\"", &format!("layer: \"{name}\""), 1);
            fs::write(doc.join(format!("{name}.ron")), text).unwrap();
        }
    }
    age(dir.path(), Duration::from_secs(3600));
    dir
}

/// A layer file's text without its first quote (a `(` line after `quotes: [` up to its
/// closing `),` line at the same indentation).
fn without_first_quote(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = lines.iter().position(|l| l.trim() == "quotes: [") else {
        return text.to_string();
    };
    if lines[at + 1].trim() != "(" {
        return text.to_string();
    }
    let indent = &lines[at + 1][..lines[at + 1].len() - 1];
    let end = (at + 2..lines.len())
        .find(|&i| lines[i] == format!("{indent}),"))
        .unwrap();
    let mut kept: Vec<&str> = lines[..=at].to_vec();
    kept.extend(&lines[end + 1..]);
    kept.join("\n") + "\n"
}

fn sayso(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sayso"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "sayso {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// [`project`] with copies of its documents (their text with a number added at the end,
/// the same layers) to more than two parts ([`store::PART`] documents each).
fn big_project() -> tempfile::TempDir {
    let dir = project();
    let root = dir.path();
    let mut project = whole(root);
    let originals = project.documents.clone();
    let mut k = 0;
    while project.documents.len() <= 2 * store::PART {
        for doc in &originals {
            k += 1;
            let id = format!("{}-{k}", doc.id);
            let path = format!("articles/{id}.txt");
            let text = format!("{}\n{k}\n", doc.text.as_str());
            fs::write(root.join(&path), &text).unwrap();
            let mut copy = Document::new(&id, &path, Text::new(text));
            copy.layers = doc.layers.clone();
            for layer in copy.layers.values_mut() {
                layer.anchored_to = copy.sha256.clone();
            }
            project.documents.push(copy);
        }
    }
    store::mark_all_unsaved(&mut project);
    store::save(&ProjectPaths::new(root), &mut project).unwrap();
    age(root, Duration::from_secs(3600));
    dir
}

fn whole(root: &Path) -> sayso::model::Project {
    store::open(root, DEFAULT_SIZE_LIMIT).unwrap().project
}

/// `eval --json` against the whole project's evaluation.
fn eval_is_whole(root: &Path) -> serde_json::Value {
    let r = root.to_str().unwrap();
    let streamed = sayso(&["eval", r, "--pred", "model", "--json"]);
    let whole = sayso::metrics::evaluate_project(&whole(root), "gold", "model");
    // As text: the figures to the last digit.
    assert_eq!(
        streamed,
        serde_json::to_string_pretty(&whole).unwrap() + "\n"
    );
    serde_json::from_str(&streamed).unwrap()
}

/// Every file of a folder, by name.
fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    (fs::read_dir(dir).unwrap())
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().into_string().unwrap(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// `export` against the whole project exported: every file the same, the manifest too.
fn exported_is_whole(root: &Path, layer: &str, format: ExportFormat) {
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("streamed"), out.path().join("whole"));
    let r = root.to_str().unwrap();
    let name = format.name().to_string();
    let a_arg = a.to_str().unwrap();
    sayso(&[
        "export", r, "--layer", layer, "--format", &name, "--out", a_arg,
    ]);
    let options = ExportOptions {
        layer: layer.into(),
        format,
        out: b.clone(),
        only_reviewed: false,
        force: false,
    };
    formats::export_with(
        &whole(root),
        &options,
        &WriteOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let (streamed, whole) = (files(&a), files(&b));
    assert_eq!(
        streamed.keys().collect::<Vec<_>>(),
        whole.keys().collect::<Vec<_>>()
    );
    for (file, bytes) in &streamed {
        assert!(bytes == &whole[file], "{name}: {file} differs");
    }
}

/// `export --format jsonl` against the whole project exported; the file.
fn export_is_whole(root: &Path, layer: &str) -> Vec<u8> {
    exported_is_whole(root, layer, ExportFormat::Jsonl);
    let out = tempfile::tempdir().unwrap();
    let r = root.to_str().unwrap();
    let o = out.path().to_str().unwrap();
    sayso(&[
        "export", r, "--layer", layer, "--format", "jsonl", "--out", o, "--force",
    ]);
    fs::read(out.path().join(format!("{layer}.jsonl"))).unwrap()
}

/// `agree --json` against the whole project's agreement.
fn agree_is_whole(root: &Path) {
    let r = root.to_str().unwrap();
    let streamed = sayso(&["agree", r, "--layers", "alice,bob", "--json"]);
    let layers = ["alice".to_string(), "bob".to_string()];
    let whole = sayso::agreement::agree_project(&whole(root), &layers);
    assert_eq!(
        streamed,
        serde_json::to_string_pretty(&whole).unwrap() + "\n"
    );
}

#[test]
fn eval_export_and_agree_by_parts_give_what_the_whole_project_gives() {
    let dir = project();
    let root = dir.path();
    // Without an index, then with it.
    for _ in 0..2 {
        let eval = eval_is_whole(root);
        assert!(eval["total"]["quotes"]["exact"]["gold"].as_u64().unwrap() > 0);
        export_is_whole(root, "gold");
        export_is_whole(root, "model");
        agree_is_whole(root);
        assert!(root.join(".sayso-cache/index.json").is_file());
    }
}

#[test]
fn every_format_written_by_parts_is_the_whole_project_written_at_once() {
    let dir = big_project();
    let root = dir.path();
    let formats = <ExportFormat as clap::ValueEnum>::value_variants();
    assert!(formats.iter().filter(|f| formats::by_parts(**f)).count() >= 8);
    for &format in formats {
        exported_is_whole(root, "gold", format);
    }
    eval_is_whole(root);
    agree_is_whole(root);
}

#[test]
fn a_file_changed_with_the_same_size_is_read_again() {
    let dir = project();
    let root = dir.path();
    let before_eval = eval_is_whole(root);
    let before_export = export_is_whole(root, "gold");

    // A layer file: a span's end one larger (the same size).
    let model = root.join("annotations/syria-talks-2012/model.ron");
    let text = fs::read_to_string(&model).unwrap();
    let span = text.find("(start: ").unwrap();
    let end = span + text[span..].find("end: ").unwrap() + "end: ".len();
    let at = end + text[end..].find(',').unwrap() - 1;
    let digit = text.as_bytes()[at];
    assert!(digit < b'9', "a digit that can grow");
    let other = (digit + 1) as char;
    let mut changed = text.clone();
    changed.replace_range(at..at + 1, &other.to_string());
    fs::write(&model, changed).unwrap();
    age(root, Duration::from_secs(1800));
    let after = eval_is_whole(root);
    assert_ne!(after, before_eval, "the changed layer is scored");

    // An article: one letter changed (the same size), and aged: its time differs from
    // the indexed one, its size does not.
    let article = root.join("articles/syria-talks-2012.txt");
    let text = fs::read_to_string(&article).unwrap();
    let at = text.find("Lavrov").unwrap();
    let mut changed = text.clone();
    changed.replace_range(at..at + 1, "K");
    fs::write(&article, &changed).unwrap();
    assert_eq!(changed.len(), text.len());
    age(root, Duration::from_secs(900));
    eval_is_whole(root);
    let after_export = export_is_whole(root, "gold");
    assert_ne!(after_export, before_export, "the export has the new text");
    agree_is_whole(root);
    // Just changed (too recent for the index to trust its time): read again too.
    changed.replace_range(at..at + 1, "J");
    fs::write(&article, &changed).unwrap();
    eval_is_whole(root);
    export_is_whole(root, "gold");
}

/// The project's files but its cache, by their path in the project.
fn project_files(root: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.ends_with(".sayso-cache") {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// What the whole project, read by `store::open`, comes to with `predictions` (of the
/// project) imported into `layer` and saved: its files.
fn whole_import(
    root: &Path,
    layer: &str,
    predictions: impl FnOnce(&sayso::model::Project) -> Vec<formats::Prediction>,
) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut project = whole(root);
    let predictions = predictions(&project);
    formats::import(&mut project, layer, predictions);
    store::save(&ProjectPaths::new(root), &mut project).unwrap();
    saved_files(root)
}

/// The built-in suggester's predictions for the documents of `project` (all if `only` is
/// `None`), with the project's model, as `sayso suggest` makes them.
fn suggested(
    root: &Path,
    project: &sayso::model::Project,
    only: Option<&str>,
) -> Vec<formats::Prediction> {
    let model = sayso::suggest::Model::for_project(root).unwrap();
    (project.documents.iter())
        .filter(|d| only.is_none_or(|id| d.id == id))
        .map(|d| formats::Prediction {
            doc_id: d.id.clone(),
            layer: sayso::suggest::suggest_with(&d.text, &project.schema, &model),
        })
        .collect()
}

/// The records of the JSONL file `file` as a whole import reads them.
fn read_whole(project: &sayso::model::Project, file: &Path) -> Vec<formats::Prediction> {
    let options = formats::ReadOptions::default();
    let read = formats::read_with(project, file, formats::Format::Jsonl, &options).unwrap();
    read.documents.into_iter().map(|(_, p)| p).collect()
}

#[test]
fn import_and_suggest_by_parts_write_what_the_whole_project_gives() {
    let exported = tempfile::tempdir().unwrap();
    let dir = project();
    let file = exported_with_a_new_target(dir.path(), exported.path());
    let f = file.to_str().unwrap();
    for with_index in [true, false] {
        let copy = copy_of(dir.path(), with_index);
        let c = copy.path().to_str().unwrap();
        // Into a new layer, then over an existing one (`alice`), then suggestions over `bob`.
        sayso(&["import", c, f, "--layer", "imported"]);
        sayso(&["import", c, f, "--layer", "alice"]);
        sayso(&["suggest", c, "--layer", "bob"]);
        let whole_copy = copy_of(dir.path(), false);
        let w = whole_copy.path();
        whole_import(w, "imported", |p| read_whole(p, &file));
        whole_import(w, "alice", |p| read_whole(p, &file));
        let expected = whole_import(w, "bob", |p| suggested(w, p, None));
        assert!(expected.keys().any(|p| p.ends_with("imported.ron")));
        assert_eq!(
            saved_files(copy.path()),
            expected,
            "with index: {with_index}"
        );
    }
}

#[test]
fn suggest_by_parts_writes_what_it_writes_on_the_whole_project() {
    let dir = big_project();
    let last = whole(dir.path()).documents.last().unwrap().id.clone();
    let copy = copy_of(dir.path(), true);
    let c = copy.path().to_str().unwrap();
    // Over an existing layer in every document (`bob`); into a new one in the last part's
    // last document only.
    sayso(&["suggest", c, "--layer", "bob"]);
    let one = sayso(&["suggest", c, "--layer", "late", "--docs", &last]);
    assert!(one.contains("layer \"late\" of 1 document"), "{one}");
    let whole_copy = copy_of(dir.path(), false);
    let w = whole_copy.path();
    whole_import(w, "bob", |p| suggested(w, p, None));
    let expected = whole_import(w, "late", |p| suggested(w, p, Some(&last)));
    let late: Vec<&PathBuf> = (expected.keys())
        .filter(|p| p.ends_with("late.ron"))
        .collect();
    assert_eq!(
        late,
        [&PathBuf::from(format!("annotations/{last}/late.ron"))]
    );
    assert_eq!(saved_files(copy.path()), expected);
}

/// The project's files but its cache and lock.
fn saved_files(root: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut files = project_files(root);
    files.retain(|p, _| !p.ends_with(".sayso.lock"));
    files
}

/// Suggests into layer `bob` of every document of the project of `lock`, part by part,
/// staging each part in `save`.
fn suggest_by_parts(lock: &store::WriteLock, save: &mut store::PartSave) {
    let layers = ["bob".to_string()];
    let store::ToWrite::Parts(parts) =
        store::open_locked_to_write(lock, DEFAULT_SIZE_LIMIT, &layers).unwrap()
    else {
        panic!("a project with an index, its articles unchanged, read whole");
    };
    for range in parts.parts().ranges(store::PART) {
        let mut part = parts.part_to_write(range, &layers).unwrap().project;
        let predictions = (part.documents.iter())
            .map(|d| formats::Prediction {
                doc_id: d.id.clone(),
                layer: sayso::suggest::suggest(&d.text, &part.schema),
            })
            .collect();
        formats::import(&mut part, "bob", predictions);
        save.stage(&part).unwrap();
    }
}

#[test]
fn a_save_by_parts_is_all_or_nothing() {
    let dir = project();
    let root = dir.path();
    let lock = store::lock_project(root).unwrap();
    // No index yet: one is made in memory, not written, and the project read by parts.
    let layers = ["bob".to_string()];
    let read = store::open_locked_to_write(&lock, DEFAULT_SIZE_LIMIT, &layers).unwrap();
    assert!(matches!(read, store::ToWrite::Parts(_)));
    assert!(!root.join(".sayso-cache").exists());
    drop(lock);
    sayso(&["stats", root.to_str().unwrap()]);
    let before = saved_files(root);
    // Staged, then dropped (an error in a later part): nothing changes, no file is left.
    let lock = store::lock_project(root).unwrap();
    let mut save = store::PartSave::new(&lock).unwrap();
    suggest_by_parts(&lock, &mut save);
    drop(save);
    assert_eq!(saved_files(root), before);
    // Committed: every document's `bob` changes, nothing else.
    let mut save = store::PartSave::new(&lock).unwrap();
    suggest_by_parts(&lock, &mut save);
    let saved = save.commit().unwrap();
    let after = saved_files(root);
    let changed: Vec<&PathBuf> = (after.keys())
        .filter(|p| before.get(*p) != after.get(*p))
        .collect();
    assert_eq!(changed.len(), 4, "{changed:?}");
    assert!(
        changed.iter().all(|p| p.ends_with("bob.ron")),
        "{changed:?}"
    );
    assert_eq!(saved.written.len(), 4);
}

/// A copy of the project at `root`, without its index unless `with_index` (then built).
fn copy_of(root: &Path, with_index: bool) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    let out = Command::new("cp")
        .args([
            "-a",
            &format!("{}/.", root.display()),
            copy.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let _ = fs::remove_dir_all(copy.path().join(".sayso-cache"));
    if with_index {
        sayso(&["stats", copy.path().to_str().unwrap()]);
    }
    copy
}

/// `sayso ARGS` whatever its exit: stdout, stderr and success.
fn sayso_any(args: &[&str]) -> (String, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_sayso"))
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (text(out.stdout), text(out.stderr), out.status.success())
}

/// The exported `gold` of `root` as JSONL, its last record's first stance target renamed
/// to one the project lacks.
fn exported_with_a_new_target(root: &Path, out: &Path) -> PathBuf {
    let (r, o) = (root.to_str().unwrap(), out.to_str().unwrap());
    sayso(&[
        "export", r, "--layer", "gold", "--format", "jsonl", "--out", o,
    ]);
    let file = out.join("gold.jsonl");
    let text = fs::read_to_string(&file).unwrap();
    let last = text.trim_end().rfind('\n').unwrap() + 1;
    let at = last + text[last..].find("\"target\":\"").unwrap() + "\"target\":\"".len();
    let end = at + text[at..].find('"').unwrap();
    let text = format!("{}a target new to the project{}", &text[..at], &text[end..]);
    fs::write(&file, text).unwrap();
    file
}

#[test]
fn a_jsonl_import_by_parts_writes_what_the_whole_import_writes() {
    let dir = big_project();
    let exported = tempfile::tempdir().unwrap();
    let file = exported_with_a_new_target(dir.path(), exported.path());
    let f = file.to_str().unwrap();
    let copy = copy_of(dir.path(), true);
    let c = copy.path().to_str().unwrap();
    // Into a new layer (a new stance target with it), then over an existing one, then a
    // dry run that writes nothing.
    let new = sayso(&["import", c, f, "--layer", "imported"]);
    assert!(
        new.contains("new stance targets: a target new to the project"),
        "{new}"
    );
    sayso(&["import", c, f, "--layer", "alice"]);
    let before = saved_files(copy.path());
    sayso(&["import", c, f, "--layer", "bob", "--dry-run"]);
    assert_eq!(saved_files(copy.path()), before, "a dry run wrote");
    let whole_copy = copy_of(dir.path(), false);
    let w = whole_copy.path();
    whole_import(w, "imported", |p| read_whole(p, &file));
    let expected = whole_import(w, "alice", |p| read_whole(p, &file));
    assert!(
        String::from_utf8_lossy(&expected[Path::new("project.ron")])
            .contains("a target new to the project")
    );
    assert_eq!(saved_files(copy.path()), expected);
}

#[test]
fn a_bad_record_in_a_later_part_stops_the_import_by_parts_as_it_stops_the_whole_one() {
    let dir = big_project();
    let exported = tempfile::tempdir().unwrap();
    let file = exported_with_a_new_target(dir.path(), exported.path());
    // The last record's first mention ends past its article.
    let text = fs::read_to_string(&file).unwrap();
    let last = text.trim_end().rfind('\n').unwrap() + 1;
    let at = last + text[last..].find("\"end\":").unwrap() + "\"end\":".len();
    let end = at + text[at..].find([',', '}']).unwrap();
    fs::write(&file, format!("{}99999999{}", &text[..at], &text[end..])).unwrap();
    let f = file.to_str().unwrap();
    // What the whole import says: the file, the line and the item.
    let project = whole(dir.path());
    let options = formats::ReadOptions::default();
    let expected = formats::read_with(&project, &file, formats::Format::Jsonl, &options)
        .unwrap_err()
        .to_string();
    assert!(expected.contains("gold.jsonl:"), "{expected}");
    for with_index in [true, false] {
        let copy = copy_of(dir.path(), with_index);
        let c = copy.path().to_str().unwrap();
        let before = saved_files(copy.path());
        let (out, err, ok) = sayso_any(&["import", c, f, "--layer", "imported"]);
        assert!(!ok);
        assert_eq!(saved_files(copy.path()), before, "nothing is written");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains(&expected), "{err}\nexpected: {expected}");
    }
}
