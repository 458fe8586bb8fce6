//! Reading `.ann` files: each one's article found, its lines parsed, then built into a layer.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::build::build;
use super::parse::parse;
use crate::formats::{self, ImportError, Prediction, RawText, Read, ReadOptions, tidy};
use crate::model::Project;

/// Reads a `.ann` file (its `.txt` beside it, or in `options.texts`) or a folder of them.
pub(crate) fn read(
    project: &Project,
    path: &Path,
    options: &ReadOptions,
) -> Result<Read, ImportError> {
    let (files, root) = if path.is_dir() {
        let files = formats::files_with(path, "ann")?;
        if files.is_empty() {
            return Err(ImportError::file(path, "the folder holds no .ann file"));
        }
        (files, path.to_owned())
    } else {
        let parent = path.parent().unwrap_or(Path::new(".")).to_owned();
        (vec![path.to_owned()], parent)
    };
    let conf = [root.join("annotation.conf"), path.join("annotation.conf")]
        .into_iter()
        .find(|p| p.is_file())
        .map(|p| formats::read_utf8(&p))
        .transpose()?;
    let triggers = conf.as_deref().map(event_types).unwrap_or_default();
    let mut read = Read::default();
    for ann in files {
        let outcome = read_one(project, &ann, &root, options, &triggers, &mut read.ignored);
        read.push(options.skip_invalid, &ann, outcome)?;
    }
    Ok(read)
}

/// The event types an `annotation.conf` declares: their T lines are triggers, not
/// annotations left out.
fn event_types(conf: &str) -> HashSet<String> {
    let mut section = "";
    let mut out = HashSet::new();
    for line in conf.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
        } else if section == "[events]" && !line.is_empty() && !line.starts_with('#') {
            let name = line
                .split(|c: char| c.is_whitespace())
                .next()
                .unwrap_or_default();
            out.insert(name.trim_start_matches('!').to_string());
        }
    }
    out
}

/// The document stem and annotator of a `.ann` file's name.
fn stem_and_annotator(ann: &Path, separator: Option<&str>) -> (String, Option<String>) {
    let stem = ann
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match separator.and_then(|sep| stem.rsplit_once(sep)) {
        Some((doc, annotator)) if !doc.is_empty() && !annotator.is_empty() => {
            (doc.to_string(), Some(annotator.to_string()))
        }
        _ => (stem, None),
    }
}

fn read_one(
    project: &Project,
    ann: &Path,
    root: &Path,
    options: &ReadOptions,
    triggers: &HashSet<String>,
    ignored: &mut formats::spans::Ignored,
) -> Result<(Option<String>, Prediction), ImportError> {
    let (stem, annotator) = stem_and_annotator(ann, options.annotator_separator.as_deref());
    let folder = options.texts.clone().unwrap_or_else(|| {
        ann.parent()
            .map_or_else(|| PathBuf::from("."), Path::to_owned)
    });
    let txt = folder.join(format!("{stem}.txt"));
    if !txt.is_file() {
        let suffixed = options.annotator_separator.is_none()
            && stem
                .rsplit_once('_')
                .is_some_and(|(doc, _)| folder.join(format!("{doc}.txt")).is_file());
        let hint = if suffixed {
            " (if file names end with an annotator, as ARTICLE_ANNOTATOR.ann, give --annotator-separator _)"
        } else if options.texts.is_none() {
            " (give the folder of the articles with --texts DIR)"
        } else {
            ""
        };
        return Err(ImportError::file(
            ann,
            format!("its article {} is missing{hint}", txt.display()),
        ));
    }
    let inside = options.texts.as_deref().unwrap_or(root);
    formats::inside(&txt, inside)?;
    let raw = RawText::new(&formats::read_utf8(&txt)?);
    let doc = formats::match_document(project, Some(&stem), None, Some(&raw.normalized))
        .map_err(|m| ImportError::file(&txt, m))?;
    let content = formats::read_utf8(ann)?;
    let parsed = parse(
        &content, ann, &raw, &doc.text, project, options, triggers, ignored,
    )?;
    let mut layer = build(parsed, ann, &doc.text, &project.schema, ignored)?;
    layer.anchored_to = doc.sha256.clone();
    tidy(&mut layer);
    Ok((
        annotator,
        Prediction {
            doc_id: doc.id.clone(),
            layer,
        },
    ))
}
