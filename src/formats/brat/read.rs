//! Reading `.ann` files: each one's article found, its lines parsed, then built into a layer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::build::build;
use super::parse::parse;
use crate::formats::{self, ImportError, Prediction, RawText, tidy};
use crate::model::Project;

/// Reads a `.ann` file (its `.txt` beside it) or a folder of them.
pub(crate) fn read(project: &Project, path: &Path) -> Result<Vec<Prediction>, ImportError> {
    let files = if path.is_dir() {
        let files = formats::files_with(path, "ann")?;
        if files.is_empty() {
            return Err(ImportError::file(path, "the folder holds no .ann file"));
        }
        files
    } else {
        vec![path.to_owned()]
    };
    let mut out: Vec<Prediction> = Vec::new();
    let mut from: BTreeMap<String, PathBuf> = BTreeMap::new();
    for ann in files {
        let p = read_one(project, &ann)?;
        if let Some(first) = from.insert(p.doc_id.clone(), ann.clone()) {
            return Err(ImportError {
                item: Some(format!("document {:?}", p.doc_id)),
                ..ImportError::file(
                    &ann,
                    format!("the document is given twice, also by {}", first.display()),
                )
            });
        }
        out.push(p);
    }
    Ok(out)
}

fn read_one(project: &Project, ann: &Path) -> Result<Prediction, ImportError> {
    let txt = ann.with_extension("txt");
    if !txt.is_file() {
        return Err(ImportError::file(
            ann,
            format!("its article {} is missing", txt.display()),
        ));
    }
    let raw = RawText::new(&formats::read_utf8(&txt)?);
    let stem = ann.file_stem().map(|s| s.to_string_lossy().into_owned());
    let doc = formats::match_document(project, stem.as_deref(), None, Some(&raw.normalized))
        .map_err(|m| ImportError::file(&txt, m))?;
    let content = formats::read_utf8(ann)?;
    let parsed = parse(&content, ann, &raw, &doc.text, &project.schema)?;
    let mut layer = build(parsed, ann, &doc.text, &project.schema)?;
    layer.anchored_to = doc.sha256.clone();
    tidy(&mut layer);
    Ok(Prediction {
        doc_id: doc.id.clone(),
        layer,
    })
}
