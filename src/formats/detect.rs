//! Telling formats apart by their content, so that a file in another tool's format gets
//! "this looks like a Label Studio file: use --format labelstudio" rather than a parse
//! error of the wrong format.
//!
//! Only the start of a file is read (64 KiB): the first JSON line of a JSONL file, the
//! first keys of a JSON file.

use std::io::Read as _;
use std::path::Path;

use super::Format;

const PEEK: u64 = 64 * 1024;

/// The format `path` holds, if its content says so.
pub fn sniff(path: &Path) -> Option<Format> {
    if path.is_dir() {
        return sniff_folder(path);
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(PEEK)
        .read_to_end(&mut bytes)
        .ok()?;
    // The cut may fall inside a character: keep what decodes.
    let head = String::from_utf8_lossy(&bytes);
    let json_file = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if json_file && sniff_text(&head) == Some(Format::Jsonl) {
        // One JSON document with quotes in a .json file: citron's, not a JSONL line.
        return Some(Format::Citron);
    }
    sniff_text(&head)
}

/// The format of a file's beginning.
pub fn sniff_text(head: &str) -> Option<Format> {
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("#FORMAT=WebAnno TSV") {
        return Some(Format::Webanno);
    }
    if head.starts_with('T')
        && head
            .split('\n')
            .next()
            .is_some_and(|l| l.split('\t').count() == 3)
    {
        return Some(Format::Brat);
    }
    if let Some(rest) = head.strip_prefix('[') {
        let first = rest.trim_start();
        let ls = ["data", "annotations", "predictions"];
        return (first.starts_with('{') && ls.iter().any(|k| has_key(first, k)))
            .then_some(Format::Labelstudio);
    }
    if !head.starts_with('{') {
        return None;
    }
    // A pretty-printed document opens with a lone `{`; JSONL has one document a line.
    let first_line = head.lines().next().unwrap_or_default();
    let pretty = first_line.trim() == "{";
    let scope = if pretty { head } else { first_line };
    let has = |k: &str| has_key(scope, k);
    if has("data") && (has("annotations") || has("predictions")) {
        return Some(Format::Labelstudio);
    }
    if has("speakers") || has("stances") || has("noise") || has("sha256") || has("layer") {
        return Some(Format::Jsonl);
    }
    if has("coreference_groups") || (pretty && has("quotes")) {
        return Some(Format::Citron);
    }
    if has("tokens") || has("spans") || has("_input_hash") || has("answer") {
        return Some(Format::Prodigy);
    }
    if has("text") && (has("label") || has("entities")) {
        return Some(Format::Doccano);
    }
    if has("quotes") {
        return Some(Format::Jsonl);
    }
    None
}

/// True if `"key":` appears in JSON text as a key (a quotation mark inside a string is
/// escaped, so an unescaped `"key":` is one), even in a value cut short.
fn has_key(text: &str, key: &str) -> bool {
    let needle = format!("\"{key}\"");
    text.match_indices(&needle).any(|(at, _)| {
        let escaped = text[..at].ends_with('\\');
        let after = text[at + needle.len()..].trim_start();
        !escaped && after.starts_with(':')
    })
}

fn sniff_folder(dir: &Path) -> Option<Format> {
    let mut json = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten().take(10_000) {
        let path = entry.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase);
        match ext.as_deref() {
            Some("ann") => return Some(Format::Brat),
            Some("tsv") => return sniff(&path),
            Some("json") if path.file_name().is_some_and(|n| n != super::MANIFEST) => {
                json = json.or(Some(path))
            }
            _ => {}
        }
    }
    json.and_then(|p| sniff(&p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tool_s_file_is_recognized() {
        let cases = [
            (
                r#"[{"id": 1, "data": {"text": "a"}, "annotations": []}]"#,
                Format::Labelstudio,
            ),
            (
                r#"{"id": 1, "text": "a", "label": [[0, 1, "X"]]}"#,
                Format::Doccano,
            ),
            (
                r#"{"text": "a", "spans": [], "answer": "accept"}"#,
                Format::Prodigy,
            ),
            (r#"{"id": "d", "text": "a", "speakers": []}"#, Format::Jsonl),
            ("{\n  \"text\": \"a\",\n  \"quotes\": []\n}", Format::Citron),
            ("T1\tSource 0 5\tFlynn\n", Format::Brat),
            ("#FORMAT=WebAnno TSV 3.3\n#T_SP=x|y\n", Format::Webanno),
        ];
        for (text, format) in cases {
            assert_eq!(sniff_text(text), Some(format), "{text}");
        }
    }

    #[test]
    fn a_one_line_citron_document_in_a_json_file_is_citron() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.json");
        std::fs::write(
            &path,
            r#"{"quotes": [], "source": {"application": "citron"}}"#,
        )
        .unwrap();
        assert_eq!(sniff(&path), Some(Format::Citron));
        let path = dir.path().join("doc.jsonl");
        std::fs::write(&path, r#"{"id": "d", "quotes": []}"#).unwrap();
        assert_eq!(sniff(&path), Some(Format::Jsonl));
    }
}
