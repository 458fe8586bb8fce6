//! `sayso validate`: check every annotation against its article and the schema.

use std::path::Path;
use std::process::ExitCode;

use super::{counted, outln, print_warnings};
use crate::model::validate;
use crate::store;

/// Exit 0 when there is no problem, 1 when there are.
pub(super) fn run(project: &Path, json: bool, limit: u64) -> anyhow::Result<ExitCode> {
    let opened = store::open(project, limit)?;
    print_warnings(&opened.warnings);
    let problems = validate(&opened.project);
    let code = if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    if json {
        let out = serde_json::json!({
            "documents": opened.project.documents.len(),
            "problems": problems,
        });
        outln!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(code);
    }
    for p in &problems {
        outln!("{p}");
    }
    let docs = counted(opened.project.documents.len(), "document");
    if problems.is_empty() {
        outln!("ok: {docs}, no problems");
        Ok(ExitCode::SUCCESS)
    } else {
        outln!("{} in {docs}", counted(problems.len(), "problem"));
        Ok(ExitCode::from(1))
    }
}
