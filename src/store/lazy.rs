//! Opening a project by need, for the window: `project.ron` and the project's [`index`]
//! at first, each document's article and layers when it is shown or needed.
//!
//! A document not read yet is a [`Document::unread`]: no text, no layers, the index's
//! summary for the document list. Nothing of it is saved (it has no unsaved layer), and
//! [`changed_on_disk`](super::changed_on_disk) does not look at it: when it is read, it is
//! read as the disk has it then.

use std::path::Path;

use super::{
    Opened, ProjectPaths, StoreError, canonical_root, files, index, load_document, project_of,
    recover_if_needed, require_project,
};
use crate::model::{Document, DocumentEntry, DocumentSummary, Project};

/// Opens the project at `path` (a folder or its `project.ron`) as [`super::open`] does,
/// but reads no document: each is [`Document::unread`] until [`read_document`]. An
/// interrupted save is finished or rolled back first; the warnings are those opening would
/// give (the index reads the articles and layers that changed since it was made).
pub fn open_by_need(path: &Path, size_limit: u64) -> Result<Opened, StoreError> {
    let paths = ProjectPaths::from_arg(path);
    require_project(&paths)?;
    let mut warnings = Vec::new();
    recover_if_needed(&paths, &mut warnings)?;
    let file = paths.project_file();
    // `project.ron` is read for its stamp after the index read it: if someone changed it
    // in between, the two disagree on the documents and both are read again.
    let mut tries = 0;
    let (summaries, pf, bytes) = loop {
        let indexed = index::index(&paths.root, size_limit);
        let (pf, bytes) = files::read_project_bytes(&file)?;
        let summaries = match indexed {
            Ok(indexed) => {
                let same = pf.documents.len() == indexed.documents.len()
                    && (pf.documents.iter().zip(&indexed.documents)).all(|(a, b)| *a == b.entry);
                tries += 1;
                if !same && tries < 3 {
                    continue;
                }
                warnings.extend(indexed.warnings);
                (indexed.documents.into_iter())
                    .map(|d| (d.entry.id.clone(), d.summary))
                    .collect()
            }
            // A file that does not parse stops the index, not the window: the list shows
            // no counts, and the document with the bad file says so when it is opened.
            Err(e) => {
                warnings.push(format!(
                    "{e} (the document list shows no counts until that is fixed)"
                ));
                std::collections::HashMap::new()
            }
        };
        break (summaries, pf, bytes);
    };
    let mut summaries: std::collections::HashMap<String, DocumentSummary> = summaries;
    let mut project = project_of(&file, &pf, &bytes);
    let mut ids = std::collections::HashSet::new();
    for entry in &pf.documents {
        if !ids.insert(entry.id.as_str()) {
            return Err(StoreError::Invalid {
                path: file.clone(),
                message: format!("two documents have the id {:?}", entry.id),
            });
        }
        let summary = summaries
            .remove(&entry.id)
            .unwrap_or_else(|| DocumentSummary {
                id: entry.id.clone(),
                ..Default::default()
            });
        project.documents.push(Document::unread(entry, summary));
    }
    Ok(Opened {
        project,
        root: paths.root,
        warnings,
    })
}

/// Reads document `index` of `project` (opened in `root`) if it is not read yet, as
/// opening reads it: its layers stamped for saving and re-anchored (then unsaved) if its
/// article changed, which also marks the project changed. Returns the warnings.
pub fn read_document(
    root: &Path,
    project: &mut Project,
    index: usize,
    size_limit: u64,
) -> Result<Vec<String>, StoreError> {
    let doc = &project.documents[index];
    if doc.is_read() {
        return Ok(Vec::new());
    }
    let entry = entry_of(doc);
    let paths = ProjectPaths::new(root);
    let canonical = canonical_root(&paths)?;
    let (doc, changed, warnings) = load_document(
        &paths,
        &canonical,
        &paths.project_file(),
        &entry,
        size_limit,
    )?;
    if changed {
        project.mark_changed();
    }
    project.documents[index] = doc;
    Ok(warnings)
}

/// Reads every document not read yet, in parallel. Returns the warnings, and an error for
/// each document that could not be read (it stays unread).
pub fn read_all(
    root: &Path,
    project: &mut Project,
    size_limit: u64,
) -> (Vec<String>, Vec<StoreError>) {
    let unread: Vec<(usize, DocumentEntry)> = (project.documents.iter().enumerate())
        .filter(|(_, d)| !d.is_read())
        .map(|(i, d)| (i, entry_of(d)))
        .collect();
    if unread.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let paths = ProjectPaths::new(root);
    let canonical = match canonical_root(&paths) {
        Ok(c) => c,
        Err(e) => return (Vec::new(), vec![e]),
    };
    let file = paths.project_file();
    let read = crate::parallel::map(&unread, |(_, entry)| {
        load_document(&paths, &canonical, &file, entry, size_limit)
    });
    let (mut warnings, mut errors) = (Vec::new(), Vec::new());
    for ((i, _), result) in unread.into_iter().zip(read) {
        match result {
            Ok((doc, changed, said)) => {
                if changed {
                    project.mark_changed();
                }
                project.documents[i] = doc;
                warnings.extend(said);
            }
            Err(e) => errors.push(e),
        }
    }
    (warnings, errors)
}

fn entry_of(doc: &Document) -> DocumentEntry {
    DocumentEntry {
        id: doc.id.clone(),
        path: doc.path.clone(),
        sha256: doc.sha256.clone(),
    }
}
