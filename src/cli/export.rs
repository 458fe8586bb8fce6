//! `sayso export`: one layer of every document into a folder, with a manifest.

use std::io::IsTerminal;
use std::path::Path;

use super::{counted, errln, outln, print_warnings};
use crate::formats::{self, ExportCounts, ExportOptions, WriteOptions};
use crate::model::Status;
use crate::store;

pub(super) fn run(
    project: &Path,
    options: ExportOptions,
    write: WriteOptions,
    json: bool,
    limit: u64,
) -> anyhow::Result<()> {
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        let style = indicatif::ProgressStyle::with_template(
            "exporting {bar:30} {pos}/{len} documents {eta}",
        )
        .expect("a valid template");
        bar.set_style(style);
        bar
    });
    let mut progress = |done, total| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let exported = if formats::by_parts(options.format) {
        by_parts(project, &options, &write, limit, &mut progress)
    } else {
        let opened = store::open(project, limit)?;
        print_warnings(&opened.warnings);
        formats::export_with(&opened.project, &options, &write, &mut progress).map_err(Into::into)
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let exported = exported?;
    let c = &exported.counts;
    if json {
        let files: Vec<serde_json::Value> = (exported.files.iter())
            .map(|(path, sha256)| serde_json::json!({"path": path, "sha256": sha256}))
            .collect();
        let out = serde_json::json!({
            "layer": options.layer,
            "format": options.format.name(),
            "out": options.out,
            "counts": c,
            "files": files,
        });
        outln!(
            "{}",
            serde_json::to_string_pretty(&out).expect("plain data")
        );
        return Ok(());
    }
    if c.orphaned > 0 {
        errln!(
            "warning: {} lost their place in a changed article; \
             `sayso validate` lists them",
            counted(c.orphaned, "span")
        );
    }
    if c.tokens_cut > 0 {
        errln!(
            "note: {} cut in two where a span starts or ends inside one",
            counted(c.tokens_cut, "token")
        );
    }
    if c.quotes_without_cue_left_out > 0 {
        errln!(
            "warning: {} without a cue left out: citron's reader needs one",
            counted(c.quotes_without_cue_left_out, "quote")
        );
    }
    if c.overlapping_left_out > 0 {
        errln!(
            "warning: {} left out: another span of its kind overlaps it (one per column)",
            counted(c.overlapping_left_out, "span")
        );
    }
    outln!(
        "exported layer {:?} as {} into {}: {exported}",
        options.layer,
        options.format.name(),
        options.out.display()
    );
    let skipped = [
        (c.skipped_without_layer, "without the layer"),
        (c.skipped_not_reviewed, "not reviewed"),
    ];
    for (n, why) in skipped.into_iter().filter(|(n, _)| *n > 0) {
        outln!("skipped {} {why}", counted(n, "document"));
    }
    Ok(())
}

/// Part by part: which documents have the layer comes from the project's index, then the
/// project is read [`store::PART`] documents at a time, only that layer, so memory holds
/// one part.
fn by_parts(
    project: &Path,
    options: &ExportOptions,
    write: &WriteOptions,
    limit: u64,
    progress: &mut dyn FnMut(usize, usize),
) -> anyhow::Result<formats::Exported> {
    let indexed = store::open_indexed(project, limit)?;
    let mut counts = ExportCounts::default();
    let mut selected = 0;
    for doc in indexed.documents() {
        match doc.summary.layers.get(&options.layer) {
            None => counts.skipped_without_layer += 1,
            Some(l) if options.only_reviewed && l.status != Status::Reviewed => {
                counts.skipped_not_reviewed += 1;
            }
            Some(_) => selected += 1,
        }
    }
    // The index said what opening says; the parts say it again for changed documents.
    let parts = indexed.parts();
    print_warnings(&parts.warnings);
    let layers = [options.layer.clone()];
    formats::export_parts(
        parts.project(),
        options,
        write,
        selected,
        counts,
        |each: &mut dyn FnMut(&crate::model::Project) -> anyhow::Result<()>| {
            for range in parts.ranges(store::PART) {
                let part = indexed.part(range, &layers, true)?;
                print_warnings(&part.warnings);
                each(&part.project)?;
            }
            Ok(())
        },
        progress,
    )
}
