//! `sayso export`: one layer of every document into a folder, with a manifest.

use std::path::Path;

use super::{counted, errln, outln, print_warnings};
use crate::formats::{self, ExportOptions};
use crate::store;

pub(super) fn run(project: &Path, options: ExportOptions, limit: u64) -> anyhow::Result<()> {
    let opened = store::open(project, limit)?;
    print_warnings(&opened.warnings);
    let exported = formats::export(&opened.project, &options, &mut |_, _| {})?;
    let c = &exported.counts;
    if c.orphaned > 0 {
        errln!(
            "warning: {} lost their place in a changed article; \
             `sayso validate` lists them",
            counted(c.orphaned, "span")
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
