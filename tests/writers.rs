//! Several writers, faults and closed pipes: nothing lost, nothing torn, no panic.
//!
//! These tests run the real binary next to each other and against the store API as the
//! window uses it: two imports at once, an import killed at random moments, a window
//! whose layer was rewritten by an import, a closed stdout, symbolic links that leave the
//! project, and file modes.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sayso::model::{Edit, validate};
use sayso::store::{self, Change, ProjectPaths, StoreError};
use sayso::text::DEFAULT_SIZE_LIMIT;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sayso"))
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = bin().args(args).output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code(), text(out.stdout), text(out.stderr))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A project of `n` small documents `d0`…, in `dir/project`.
fn project(dir: &Path, n: usize) -> PathBuf {
    let root = dir.join("project");
    let mut project = store::create(&root, "writers").unwrap();
    let paths = ProjectPaths::new(&root);
    let articles = dir.join("in");
    fs::create_dir_all(&articles).unwrap();
    for i in 0..n {
        let file = articles.join(format!("d{i}.txt"));
        fs::write(&file, format!("Alpha said that talks {i} matter.\n")).unwrap();
        store::add_article(&paths, &mut project, &file, DEFAULT_SIZE_LIMIT).unwrap();
    }
    store::save(&paths, &mut project).unwrap();
    root
}

/// A JSONL file for documents `0..n`: speaker "Alpha" named `name`, one quote, and a
/// stance toward `target`.
fn predictions(dir: &Path, file: &str, n: usize, name: &str, target: &str) -> PathBuf {
    let mut out = String::new();
    for i in 0..n {
        out += &format!(
            r#"{{"id": "d{i}", "speakers": [{{"id": "s1", "name": "{name}", "mentions": [{{"start": 0, "end": 5}}]}}], "quotes": [{{"id": "q1", "content": [{{"start": 11, "end": 15}}], "speaker": "s1"}}], "stances": [{{"id": "t1", "holder": "s1", "target": "{target}", "label": "favor", "evidence": ["q1"]}}]}}"#
        );
        out.push('\n');
    }
    let path = dir.join(file);
    fs::write(&path, out).unwrap();
    path
}

/// The speaker name of `layer` in every document that has it.
fn names(root: &Path, layer: &str) -> Vec<Option<String>> {
    let opened = store::open(root, DEFAULT_SIZE_LIMIT).unwrap();
    opened
        .project
        .documents
        .iter()
        .map(|d| d.layer(layer).map(|l| l.speakers[0].name.clone()))
        .collect()
}

/// Temporary files and journals left anywhere under `root`.
fn leftovers(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else if (name.starts_with(".sayso-") && name.ends_with(".tmp"))
                || name == ".sayso-journal"
            {
                out.push(path);
            }
        }
    }
    out
}

#[test]
fn two_imports_at_once_into_two_layers_keep_both_targets() {
    let dir = tempfile::tempdir().unwrap();
    let root = project(dir.path(), 40);
    let a = predictions(dir.path(), "a.jsonl", 40, "a", "target A");
    let b = predictions(dir.path(), "b.jsonl", 40, "b", "target B");
    for round in 0..3 {
        let spawn = |file: &Path, layer: &str| {
            bin()
                .args(["import", s(&root), s(file), "--layer", layer])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (one, two) = (
            spawn(&a, &format!("a{round}")),
            spawn(&b, &format!("b{round}")),
        );
        for child in [one, two] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let opened = store::open(&root, DEFAULT_SIZE_LIMIT).unwrap();
        let mut targets: Vec<&str> = opened
            .project
            .schema
            .stance_targets
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        // In the order the imports happened to run; both kept is what counts.
        targets.sort();
        assert_eq!(targets, ["target A", "target B"], "round {round}");
        assert!(validate(&opened.project).is_empty());
        assert!(
            names(&root, &format!("a{round}"))
                .iter()
                .all(|n| n.as_deref() == Some("a"))
        );
        assert!(
            names(&root, &format!("b{round}"))
                .iter()
                .all(|n| n.as_deref() == Some("b"))
        );
    }
}

#[test]
fn two_imports_at_once_into_one_layer_give_one_or_the_other_wholly() {
    let dir = tempfile::tempdir().unwrap();
    let root = project(dir.path(), 40);
    let a = predictions(dir.path(), "a.jsonl", 40, "a", "target A");
    let b = predictions(dir.path(), "b.jsonl", 40, "b", "target B");
    for round in 0..3 {
        let children: Vec<_> = [&a, &b]
            .into_iter()
            .map(|file| {
                bin()
                    .args(["import", s(&root), s(file), "--layer", "same"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let found = names(&root, "same");
        let first = found[0].clone();
        assert!(first.is_some());
        assert!(
            found.iter().all(|n| *n == first),
            "round {round}: a mixed layer {found:?}"
        );
    }
}

/// A small pseudo-random generator: the kill times differ between runs of the loop.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

#[test]
fn an_import_killed_at_any_moment_leaves_the_layer_old_or_new_and_no_temporary_files() {
    const DOCS: usize = 150;
    const RUNS: usize = 20;
    let dir = tempfile::tempdir().unwrap();
    let root = project(dir.path(), DOCS);
    let versions = [
        predictions(dir.path(), "v1.jsonl", DOCS, "one", "target"),
        predictions(dir.path(), "v2.jsonl", DOCS, "two", "target"),
    ];
    let import = |file: &Path| {
        bin()
            .args(["import", s(&root), s(file), "--layer", "model"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // A first, complete import; and how long one takes.
    let started = Instant::now();
    assert!(import(&versions[0]).wait().unwrap().success());
    let full = started.elapsed();
    let mut current = "one";
    let mut random = Lcg(std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64);
    let (mut old, mut new, mut finished, mut cleaned) = (0, 0, 0, 0);
    for run in 0..RUNS {
        let (next, file) = if current == "one" {
            ("two", &versions[1])
        } else {
            ("one", &versions[0])
        };
        let mut child = import(file);
        let at = Duration::from_micros(random.below(full.as_micros() as u64 * 12 / 10));
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL; it may have finished already
        child.wait().unwrap();
        // Opening recovers: an interrupted commit is finished, stray files removed.
        let warnings = store::open(&root, DEFAULT_SIZE_LIMIT).unwrap().warnings;
        if warnings.iter().any(|w| w.contains("it is now finished")) {
            finished += 1;
        }
        if warnings.iter().any(|w| w.contains("temporary files left")) {
            cleaned += 1;
        }
        let found = names(&root, "model");
        let first = found[0].clone().expect("the layer exists");
        assert!(
            found.iter().all(|n| n.as_deref() == Some(first.as_str())),
            "run {run}, killed after {at:?}: a mixed layer"
        );
        assert!(
            leftovers(&root).is_empty(),
            "run {run}: {:?}",
            leftovers(&root)
        );
        if first == current {
            old += 1;
        } else {
            assert_eq!(first, next);
            new += 1;
            current = next;
        }
    }
    eprintln!(
        "kill loop: {RUNS} runs over {DOCS} documents (a full import takes {full:?}): \
         {old} old, {new} new, 0 mixed; {finished} interrupted commits finished on open, \
         {cleaned} opens removed temporary files"
    );
    let opened = store::open(&root, DEFAULT_SIZE_LIMIT).unwrap();
    assert!(validate(&opened.project).is_empty());
}

#[test]
fn a_second_writer_waits_then_fails_naming_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let root = project(dir.path(), 2);
    let file = predictions(dir.path(), "p.jsonl", 2, "a", "t");
    store::lock::set_writer_name("the window");
    let held = store::WriteLock::acquire(&root).unwrap();
    let started = Instant::now();
    let (code, _, stderr) = run(&[
        "--wait",
        "0.5",
        "import",
        s(&root),
        s(&file),
        "--layer",
        "m",
    ]);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("the window (pid ") && stderr.contains("is writing this project"),
        "{stderr}"
    );
    drop(held);
    let (code, _, stderr) = run(&["import", s(&root), s(&file), "--layer", "m"]);
    assert_eq!(code, Some(0), "{stderr}");
}

/// The window (the store API as the window uses it) and an import into the layer it edits.
#[test]
fn the_window_never_overwrites_an_import_and_keeps_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let root = project(dir.path(), 3);
    let paths = ProjectPaths::new(&root);
    let first = predictions(dir.path(), "first.jsonl", 3, "first", "t");
    let (code, _, stderr) = run(&["import", s(&root), s(&first), "--layer", "tester"]);
    assert_eq!(code, Some(0), "{stderr}");

    // The window opens the project, and edits d0's layer (unsaved).
    let mut window = store::open(&root, DEFAULT_SIZE_LIMIT).unwrap().project;
    let doc = window.document_mut("d0").unwrap();
    let edit = Edit::set_status(sayso::model::Status::Done);
    doc.apply("tester", edit).unwrap();
    assert!(store::changed_on_disk(&paths, &window).is_empty());

    // Meanwhile, an import rewrites the layer.
    let second = predictions(dir.path(), "second.jsonl", 3, "second", "t");
    let (code, _, stderr) = run(&["import", s(&root), s(&second), "--layer", "tester"]);
    assert_eq!(code, Some(0), "{stderr}");

    // The window sees which files changed, and which of them it has edits for.
    let changed = store::changed_on_disk(&paths, &window);
    assert!(!changed.project_file);
    let mut seen: Vec<(&str, Change, bool)> = changed
        .layers
        .iter()
        .map(|c| (c.document.as_str(), c.change, c.unsaved))
        .collect();
    seen.sort_by_key(|x| x.0);
    assert_eq!(
        seen,
        [
            ("d0", Change::Modified, true),
            ("d1", Change::Modified, false),
            ("d2", Change::Modified, false)
        ]
    );

    // Its autosave does not overwrite the import: a conflict, naming the layer.
    let on_disk = fs::read(paths.layer_file("d0", "tester")).unwrap();
    match store::save(&paths, &mut window) {
        Err(StoreError::Conflict { conflicts }) => {
            assert_eq!(conflicts.len(), 1);
            assert_eq!(
                (conflicts[0].document.as_str(), conflicts[0].layer.as_str()),
                ("d0", "tester")
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(fs::read(paths.layer_file("d0", "tester")).unwrap(), on_disk);

    // A layer without edits is reloaded: one undoable step.
    store::reload_layer(&paths, &mut window, "d1", "tester").unwrap();
    let d1 = window.document_mut("d1").unwrap();
    assert_eq!(d1.layer("tester").unwrap().speakers[0].name, "second");
    assert!(!d1.is_unsaved());
    d1.undo().unwrap();
    assert_eq!(d1.layer("tester").unwrap().speakers[0].name, "first");
    d1.redo().unwrap();
    d1.set_unsaved("tester", false);

    // The edited one keeps both: ours as `tester`, the import as `tester (on disk)`.
    let kept = store::keep_both(&paths, &mut window, "d0", "tester").unwrap();
    assert_eq!(kept, "tester (on disk)");
    let reopened = store::open(&root, DEFAULT_SIZE_LIMIT).unwrap().project;
    let d0 = reopened.document("d0").unwrap();
    assert_eq!(
        d0.layer("tester").unwrap().status,
        sayso::model::Status::Done
    );
    assert_eq!(d0.layer("tester").unwrap().speakers[0].name, "first");
    assert_eq!(
        d0.layer("tester (on disk)").unwrap().speakers[0].name,
        "second"
    );
    assert!(validate(&reopened).is_empty());
    store::reload_layer(&paths, &mut window, "d2", "tester").unwrap();
    assert!(store::changed_on_disk(&paths, &window).is_empty());

    // The other way round: another import, the window's edit of d2 saved under a new
    // name, and the import's version of the layer taken.
    let third = predictions(dir.path(), "third.jsonl", 3, "third", "t");
    let (code, _, stderr) = run(&["import", s(&root), s(&third), "--layer", "tester"]);
    assert_eq!(code, Some(0), "{stderr}");
    let d2 = window.document_mut("d2").unwrap();
    d2.apply("tester", Edit::set_status(sayso::model::Status::Done))
        .unwrap();
    assert!(matches!(
        store::save(&paths, &mut window),
        Err(StoreError::Conflict { .. })
    ));
    store::save_as_layer(&paths, &mut window, "d2", "tester", "tester (mine)").unwrap();
    let reopened = store::open(&root, DEFAULT_SIZE_LIMIT).unwrap().project;
    let d2 = reopened.document("d2").unwrap();
    assert_eq!(d2.layer("tester").unwrap().speakers[0].name, "third");
    let mine = d2.layer("tester (mine)").unwrap();
    assert_eq!(
        (mine.speakers[0].name.as_str(), mine.status),
        ("second", sayso::model::Status::Done)
    );
}

/// `project.ron` changed by another writer while the window has it open: the window's
/// own project change (a new target) keeps the import's target and document list.
#[test]
fn the_window_saving_project_ron_keeps_what_an_import_added() {
    let dir = tempfile::tempdir().unwrap();
    let root = project(dir.path(), 2);
    let paths = ProjectPaths::new(&root);
    let mut window = store::open(&root, DEFAULT_SIZE_LIMIT).unwrap().project;
    let file = predictions(dir.path(), "p.jsonl", 2, "a", "from the import");
    let (code, _, stderr) = run(&["import", s(&root), s(&file), "--layer", "m"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(store::changed_on_disk(&paths, &window).project_file);
    window.schema.add_target("from the window");
    window.mark_changed();
    store::save(&paths, &mut window).unwrap();
    let opened = store::open(&root, DEFAULT_SIZE_LIMIT).unwrap().project;
    let targets: Vec<&str> = opened
        .schema
        .stance_targets
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(targets, ["from the window", "from the import"]);
    store::reload_project(&paths, &mut window, DEFAULT_SIZE_LIMIT).unwrap();
    store::reload_layer(&paths, &mut window, "d0", "m").unwrap();
}

/// Closes the read end of the command's stdout at once: every line it prints meets a
/// closed pipe.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap().code(), stderr)
}

#[test]
fn a_closed_stdout_ends_commands_quietly_after_saving() {
    let dir = tempfile::tempdir().unwrap();
    let root = project(dir.path(), 5);
    let (code, stderr) = with_closed_stdout(&["suggest", s(&root)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        names(&root, "model:rules").iter().all(Option::is_some),
        "the suggestions were saved"
    );
    let file = predictions(dir.path(), "p.jsonl", 5, "a", "t");
    for args in [
        vec!["stats", s(&root), "--json"],
        vec!["stats", s(&root)],
        vec!["import", s(&root), s(&file), "--layer", "a"],
        vec!["import", s(&root), s(&file), "--layer", "b"],
        vec!["agree", s(&root), "--layers", "a,b", "--json"],
        vec!["validate", s(&root)],
    ] {
        let (code, stderr) = with_closed_stdout(&args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    assert!(
        names(&root, "b").iter().all(Option::is_some),
        "import b was saved"
    );
    // And with a shell pipe, as users type it.
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' stats '{}' --json | head -1 >/dev/null; echo \"${{PIPESTATUS[0]}}\"",
            env!("CARGO_BIN_EXE_sayso"),
            root.display()
        ))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");
}

#[cfg(unix)]
#[test]
fn symbolic_links_that_leave_the_project_are_refused() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = project(dir.path(), 2);
    let outside = dir.path().join("outside");
    fs::create_dir_all(&outside).unwrap();

    // An article that is a link to a file outside.
    let secret = outside.join("secret.txt");
    fs::write(&secret, "Alpha said that talks 0 matter.\n").unwrap();
    let article = root.join("articles/d0.txt");
    fs::remove_file(&article).unwrap();
    symlink(&secret, &article).unwrap();
    let (code, _, stderr) = run(&["validate", s(&root)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("articles/d0.txt: leads outside the project folder"),
        "{stderr}"
    );
    fs::remove_file(&article).unwrap();
    fs::copy(&secret, &article).unwrap();

    // A document's annotation folder that is a link to a folder outside: not read, and
    // never written through.
    let file = predictions(dir.path(), "p.jsonl", 2, "a", "t");
    let (code, _, stderr) = run(&["import", s(&root), s(&file), "--layer", "m"]);
    assert_eq!(code, Some(0), "{stderr}");
    let folder = root.join("annotations/d1");
    fs::rename(&folder, outside.join("d1")).unwrap();
    symlink(outside.join("d1"), &folder).unwrap();
    let before = fs::read(outside.join("d1/m.ron")).unwrap();
    let (code, _, stderr) = run(&["validate", s(&root)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("annotations/d1: leads outside"), "{stderr}");
    let (code, _, stderr) = run(&["suggest", s(&root)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("annotations/d1: leads outside"), "{stderr}");
    let mut project = sayso::model::Project::new("x");
    project.documents.push(sayso::model::Document::new(
        "d1",
        "articles/d1.txt",
        sayso::text::Text::new("Alpha".into()),
    ));
    project.documents[0]
        .apply("m", Edit::set_status(sayso::model::Status::Done))
        .unwrap();
    project.mark_saved();
    let err = store::save(&ProjectPaths::new(&root), &mut project).unwrap_err();
    assert!(matches!(err, StoreError::Outside { .. }), "{err}");
    assert_eq!(fs::read(outside.join("d1/m.ron")).unwrap(), before);
    assert_eq!(fs::read_dir(outside.join("d1")).unwrap().count(), 1);

    // A folder to import that links to itself is walked once: the size check ends.
    let loop_dir = dir.path().join("loop");
    fs::create_dir_all(&loop_dir).unwrap();
    symlink(".", loop_dir.join("a")).unwrap();
    symlink(".", loop_dir.join("b")).unwrap();
    fs::write(loop_dir.join("big.json"), "x".repeat(5000)).unwrap();
    let (code, _, stderr) = run(&[
        "--max-size",
        "1K",
        "import",
        s(&root),
        s(&loop_dir),
        "--format",
        "citron",
        "--layer",
        "m",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("above the limit"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn files_keep_their_mode_and_new_ones_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    fs::write(&article, "Lavrov said so.\n").unwrap();
    let root = dir.path().join("shared");
    let sh = |script: String| {
        let out = Command::new("sh").arg("-c").arg(script).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let b = env!("CARGO_BIN_EXE_sayso");
    sh(format!(
        "umask 002 && '{b}' new '{r}' && '{b}' add '{r}' '{a}' && '{b}' suggest '{r}'",
        r = root.display(),
        a = article.display()
    ));
    let layer = root.join("annotations/a/model%3Arules.ron");
    for file in [
        root.join("project.ron"),
        root.join("articles/a.txt"),
        layer.clone(),
    ] {
        assert_eq!(mode(&file), 0o664, "{}", file.display());
    }
    // A file made group-private stays so when rewritten, whatever the umask.
    fs::set_permissions(&layer, fs::Permissions::from_mode(0o640)).unwrap();
    let file = dir.path().join("p.jsonl");
    fs::write(
        &file,
        r#"{"id": "a", "speakers": [{"id": "s1", "name": "Lavrov", "mentions": [{"start": 0, "end": 6}]}]}"#,
    )
    .unwrap();
    sh(format!(
        "umask 022 && '{b}' import '{r}' '{f}' --layer model:rules",
        r = root.display(),
        f = file.display()
    ));
    assert_eq!(mode(&layer), 0o640);
    assert!(fs::read_to_string(&layer).unwrap().contains("Lavrov"));
}

#[test]
fn adding_many_files_writes_project_ron_once_at_the_save() {
    let dir = tempfile::tempdir().unwrap();
    let root = project(dir.path(), 2);
    let paths = ProjectPaths::new(&root);
    let before = fs::read(root.join("project.ron")).unwrap();
    let input = dir.path().join("many");
    fs::create_dir_all(&input).unwrap();
    let mut files = Vec::new();
    for i in 0..60 {
        let file = input.join(format!("Story {i}.txt"));
        fs::write(&file, format!("Beta said story {i} is new.\n")).unwrap();
        files.push(file);
    }
    // Text already in the project, text twice in the batch, an empty file, a missing one.
    fs::write(input.join("old.txt"), "Alpha said that talks 0 matter.\n").unwrap();
    fs::write(input.join("again.txt"), "Beta said story 7 is new.\n").unwrap();
    fs::write(input.join("empty.txt"), "").unwrap();
    for name in ["old.txt", "again.txt", "empty.txt", "missing.txt"] {
        files.push(input.join(name));
    }
    let lock = store::lock_project(&root).unwrap();
    let mut project = store::open_locked(&lock, DEFAULT_SIZE_LIMIT)
        .unwrap()
        .project;
    let results = store::add_articles(&paths, &mut project, &files, DEFAULT_SIZE_LIMIT).unwrap();
    assert_eq!(
        fs::read(root.join("project.ron")).unwrap(),
        before,
        "project.ron is not written while adding"
    );
    assert_eq!(results.len(), files.len());
    for (i, r) in results.iter().take(60).enumerate() {
        let added = r.as_ref().unwrap();
        assert_eq!(added.id, format!("story-{i}"));
        assert_eq!(added.duplicate_of, None);
        assert!(root.join(format!("articles/story-{i}.txt")).is_file());
    }
    assert_eq!(
        results[60].as_ref().unwrap().duplicate_of.as_deref(),
        Some("d0")
    );
    assert_eq!(
        results[61].as_ref().unwrap().duplicate_of.as_deref(),
        Some("story-7")
    );
    let empty = results[62].as_ref().unwrap_err().to_string();
    assert!(
        empty.contains("empty.txt") && empty.contains("empty"),
        "{empty}"
    );
    let missing = results[63].as_ref().unwrap_err().to_string();
    assert!(missing.contains("missing.txt"), "{missing}");
    let saved = store::save_locked(&lock, &mut project).unwrap();
    assert_eq!(
        saved.written,
        vec![root.join("project.ron")],
        "one write of project.ron"
    );
    drop(lock);
    let reopened = store::open(&root, DEFAULT_SIZE_LIMIT).unwrap().project;
    assert_eq!(reopened.documents.len(), 62);
    assert_eq!(reopened.documents[2].id, "story-0");
    assert_eq!(leftovers(&root), Vec::<PathBuf>::new());
}

#[test]
fn sayso_add_reports_every_file_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = project(dir.path(), 1);
    let mut args = vec!["add".to_string(), s(&root).to_string()];
    for i in 0..40 {
        let file = dir.path().join(format!("n{i:02}.txt"));
        fs::write(&file, format!("Gamma said note {i}.\n")).unwrap();
        args.push(s(&file).to_string());
    }
    args.push(s(&dir.path().join("nope.txt")).to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = run(&args);
    assert_eq!(code, Some(2), "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 40, "{out}");
    for (i, line) in lines.iter().enumerate() {
        assert!(line.ends_with(&format!("as \"n{i:02}\"")), "{line}");
    }
    assert!(
        err.contains("nope.txt") && err.contains("1 of 41 files could not be added"),
        "{err}"
    );
    let project = store::open(&root, DEFAULT_SIZE_LIMIT).unwrap().project;
    assert_eq!(project.documents.len(), 41);
}

#[test]
fn commands_that_read_part_by_part_say_what_reading_the_whole_project_says() {
    // More documents than a part holds: eval, validate and a JSONL export go part by part.
    let dir = tempfile::tempdir().unwrap();
    let n = store::PART * 2 + 37;
    let root = project(dir.path(), n);
    let gold = predictions(dir.path(), "gold.jsonl", n, "Alpha", "talks");
    let model = predictions(dir.path(), "model.jsonl", n / 2, "Alpha", "peace");
    for (file, layer) in [(&gold, "gold"), (&model, "model")] {
        let (code, out, err) = run(&["import", s(&root), s(file), "--layer", layer]);
        assert_eq!(code, Some(0), "{out}{err}");
    }
    let whole = store::open(&root, DEFAULT_SIZE_LIMIT).unwrap().project;

    let (code, out, err) = run(&["eval", s(&root), "--pred", "model", "--json"]);
    assert_eq!(code, Some(0), "{out}{err}");
    let expected = sayso::metrics::evaluate_project(&whole, "gold", "model");
    assert_eq!(out.trim(), serde_json::to_string_pretty(&expected).unwrap());

    let (code, out, err) = run(&["validate", s(&root), "--json"]);
    assert_eq!(code, Some(0), "{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["documents"], n);

    let out_dir = dir.path().join("out");
    let (code, out, err) = run(&[
        "export",
        s(&root),
        "--layer",
        "model",
        "--format",
        "jsonl",
        "--out",
        s(&out_dir),
    ]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains(&format!(
            "skipped {} documents without the layer",
            n - n / 2
        )),
        "{out}"
    );
    let again = dir.path().join("again");
    let options = sayso::formats::ExportOptions {
        layer: "model".into(),
        format: sayso::formats::ExportFormat::Jsonl,
        out: again.clone(),
        only_reviewed: false,
        force: false,
    };
    sayso::formats::export(&whole, &options, &mut |_, _| {}).unwrap();
    for file in ["model.jsonl", "manifest.json"] {
        assert_eq!(
            fs::read_to_string(out_dir.join(file)).unwrap(),
            fs::read_to_string(again.join(file)).unwrap(),
            "{file}"
        );
    }
}
