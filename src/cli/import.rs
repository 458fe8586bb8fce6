//! `sayso import`: predictions or another tool's annotations into a layer, all or nothing.

use std::path::Path;

use super::print_warnings;
use crate::formats::{self, Format};
use crate::store::{self, ProjectPaths};

pub(super) fn run(
    project: &Path,
    file: &Path,
    format: Option<Format>,
    layer: &str,
    limit: u64,
) -> anyhow::Result<()> {
    if layer.trim().is_empty() {
        anyhow::bail!("--layer needs a name, e.g. model:crf");
    }
    let format = match format.or_else(|| Format::guess(file)) {
        Some(format) => format,
        None if !file.exists() => {
            anyhow::bail!("{}: no such file or folder", file.display())
        }
        None => anyhow::bail!(
            "{}: cannot tell the format from the name; give --format jsonl, brat or citron",
            file.display()
        ),
    };
    let opened = store::open(project, limit)?;
    print_warnings(&opened.warnings);
    let paths = ProjectPaths::new(&opened.root);
    let mut project = opened.project;
    let predictions = formats::read(&project, file, format)?;
    let imported = formats::import(&mut project, layer, predictions);
    store::save(&paths, &mut project)?;
    println!("imported into layer {layer:?}: {imported}");
    Ok(())
}
