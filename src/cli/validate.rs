//! `sayso validate`: check every annotation against its article and the schema.

use std::path::Path;
use std::process::ExitCode;

use super::{counted, outln, print_warnings};
use crate::model::{validate, validate_document};
use crate::store;

/// Exit 0 when there is no problem, 1 when there are.
pub(super) fn run(project: &Path, json: bool, limit: u64) -> anyhow::Result<ExitCode> {
    // Part by part: memory holds the documents in flight, not the project.
    let parts = store::open_parts(project, limit)?;
    print_warnings(&parts.warnings);
    // The schema's problems (the project without documents), then each document's.
    let mut problems = validate(parts.project());
    for range in parts.ranges(store::PART) {
        let part = parts.part(range)?;
        print_warnings(&part.warnings);
        for doc in &part.project.documents {
            problems.extend(validate_document(doc, &part.project.schema));
        }
    }
    let code = if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    if json {
        let out = serde_json::json!({
            "documents": parts.len(),
            "problems": problems,
        });
        outln!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(code);
    }
    for p in &problems {
        outln!("{p}");
    }
    let docs = counted(parts.len(), "document");
    if problems.is_empty() {
        outln!("ok: {docs}, no problems");
        Ok(ExitCode::SUCCESS)
    } else {
        outln!("{} in {docs}", counted(problems.len(), "problem"));
        Ok(ExitCode::from(1))
    }
}
