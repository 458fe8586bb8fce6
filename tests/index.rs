//! The project's index (`.sayso-cache/index.json`): counts without parsing every layer,
//! rebuilt for every file that changed, and nothing lost when it is deleted.

mod common;
use common::demo_copy;

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use sayso::model::{DocumentSummary, Edit, Status};
use sayso::store::{self, ProjectPaths, StoreError, index};
use sayso::text::DEFAULT_SIZE_LIMIT;

/// Sets every file under `dir` to have been modified an hour ago: the index trusts only
/// files older than a moment ([`index::RACY`]).
fn age(dir: &Path) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            age(&path);
        } else {
            let file = fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(old).unwrap();
        }
    }
}

/// The summaries as the index gives them.
fn indexed(root: &Path) -> (Vec<DocumentSummary>, usize) {
    let indexed = store::index(root, DEFAULT_SIZE_LIMIT).unwrap();
    let rebuilt = indexed.rebuilt;
    (
        indexed.documents.into_iter().map(|d| d.summary).collect(),
        rebuilt,
    )
}

/// The summaries from the project read in full.
fn opened(root: &Path) -> Vec<DocumentSummary> {
    let project = store::open(root, DEFAULT_SIZE_LIMIT).unwrap().project;
    project.documents.iter().map(DocumentSummary::of).collect()
}

#[test]
fn the_index_gives_what_opening_gives_and_is_used_when_nothing_changed() {
    let dir = demo_copy();
    let root = dir.path();
    age(root);
    let (first, rebuilt) = indexed(root);
    assert_eq!(first, opened(root));
    assert_eq!(rebuilt, first.len(), "no cache yet: every document is read");
    assert!(root.join(".sayso-cache/index.json").is_file());
    let (again, rebuilt) = indexed(root);
    assert_eq!(again, first);
    assert_eq!(rebuilt, 0, "nothing changed: nothing read");
    // `stats` says the same from the index as from the whole project.
    let project = store::open(root, DEFAULT_SIZE_LIMIT).unwrap().project;
    assert_eq!(
        sayso::stats::stats_of(&project.name, &again),
        sayso::stats::stats(&project)
    );
}

#[test]
fn a_changed_layer_file_is_read_again() {
    let dir = demo_copy();
    let root = dir.path();
    age(root);
    let (before, _) = indexed(root);
    // A save changes one layer file (and its folder, by the rename).
    let paths = ProjectPaths::new(root);
    let mut project = store::open(root, DEFAULT_SIZE_LIMIT).unwrap().project;
    let doc = &mut project.documents[1];
    let id = doc.id.clone();
    doc.apply("gold", Edit::set_status(Status::Reviewed))
        .unwrap();
    store::save(&paths, &mut project).unwrap();
    let (after, rebuilt) = indexed(root);
    assert_eq!(rebuilt, 1, "only the changed document is read");
    assert_eq!(after[1].layers["gold"].status, Status::Reviewed);
    assert_ne!(before[1].layers["gold"].status, Status::Reviewed);
    assert_eq!(after, opened(root));

    // Edited by hand in place, same size, the folder untouched: the file's time tells.
    let file = paths.layer_file(&id, "gold");
    let text = fs::read_to_string(&file).unwrap();
    let edited = text.replace("status: Reviewed", "status: Done,,,,");
    assert_eq!(edited.len(), text.len());
    let edited = edited.replace("Done,,,,", "Done    ");
    fs::write(&file, edited).unwrap();
    let (after, _) = indexed(root);
    assert_eq!(after[1].layers["gold"].status, Status::Done);

    // A layer file added by another program, then one removed.
    let other = paths.layer_file(&id, "bob");
    let bob = fs::read_to_string(&file)
        .unwrap()
        .replace("layer: \"gold\"", "layer: \"bob\"");
    fs::write(&other, bob).unwrap();
    let (after, _) = indexed(root);
    assert!(after[1].layers.contains_key("bob"));
    assert_eq!(after, opened(root));
    fs::remove_file(&other).unwrap();
    let (after, _) = indexed(root);
    assert!(!after[1].layers.contains_key("bob"));
    assert_eq!(after, opened(root));
}

#[test]
fn a_deleted_or_broken_cache_loses_nothing() {
    let dir = demo_copy();
    let root = dir.path();
    age(root);
    let (first, _) = indexed(root);
    fs::remove_dir_all(root.join(".sayso-cache")).unwrap();
    let (again, rebuilt) = indexed(root);
    assert_eq!(again, first);
    assert_eq!(rebuilt, first.len());
    fs::write(root.join(".sayso-cache/index.json"), "{ not the index").unwrap();
    let (again, rebuilt) = indexed(root);
    assert_eq!(again, first);
    assert_eq!(rebuilt, first.len());
}

#[test]
fn a_broken_layer_file_is_named_with_line_and_column_also_after_indexing() {
    let dir = demo_copy();
    let root = dir.path();
    age(root);
    indexed(root);
    let project = store::open(root, DEFAULT_SIZE_LIMIT).unwrap().project;
    let file = ProjectPaths::new(root).layer_file(&project.documents[0].id, "gold");
    fs::write(&file, "(\n    format: 1,\n    document: oops\n)\n").unwrap();
    let Err(StoreError::Parse {
        line: l, column: c, ..
    }) = store::open(root, DEFAULT_SIZE_LIMIT)
    else {
        panic!("opening reports a parse error")
    };
    match store::index(root, DEFAULT_SIZE_LIMIT) {
        Err(e @ StoreError::Parse { .. }) => {
            let StoreError::Parse {
                path, line, column, ..
            } = &e
            else {
                unreachable!()
            };
            assert_eq!(path, &file);
            assert_eq!((*line, *column), (3, 14));
            assert_eq!((*line, *column), (l, c), "as opening says");
            assert!(e.to_string().contains("gold.ron:3:14"), "{e}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn the_cache_folder_is_ignored_by_git() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    store::create(&root, "p").unwrap();
    let ignore = fs::read_to_string(root.join(".gitignore")).unwrap();
    assert!(
        ignore.lines().any(|l| l == index::GITIGNORE_LINE),
        "{ignore}"
    );
    // A project made before the cache: the line is added when the cache is written.
    fs::write(root.join(".gitignore"), "target/\n.sayso.lock").unwrap();
    indexed(&root);
    let ignore = fs::read_to_string(root.join(".gitignore")).unwrap();
    assert!(ignore.starts_with("target/\n.sayso.lock\n"), "{ignore}");
    assert!(
        ignore.lines().any(|l| l == index::GITIGNORE_LINE),
        "{ignore}"
    );
    let own = fs::read_to_string(root.join(".sayso-cache/.gitignore")).unwrap();
    assert!(own.lines().any(|l| l == "*"));
}

#[test]
fn a_save_interrupted_in_a_document_folder_is_rolled_back_as_opening_does() {
    let dir = demo_copy();
    let root = dir.path();
    age(root);
    indexed(root);
    let project = store::open(root, DEFAULT_SIZE_LIMIT).unwrap().project;
    let folder = ProjectPaths::new(root).annotations_of(&project.documents[2].id);
    let leftover = folder.join(".sayso-999-1-abc.tmp");
    fs::write(&leftover, "half a layer").unwrap();
    let indexed = store::index(root, DEFAULT_SIZE_LIMIT).unwrap();
    assert!(!leftover.exists(), "the temporary file is removed");
    assert!(
        indexed
            .warnings
            .iter()
            .any(|w| w.contains("temporary files")),
        "{:?}",
        indexed.warnings
    );
}
