//! End-to-end tests of the `sayso` command line.
//!
//! Each test runs the real binary on a project in a temporary folder and checks what a
//! user sees (exit code, stdout, stderr) and what ends up on disk. Layer files are written
//! by hand, in the documented RON format, so the tests do not depend on sayso's own writer.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;
use serde::de::IgnoredAny;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

mod common;

// --- Running the binary -------------------------------------------------------------------

/// What one run of `sayso` did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl fmt::Display for Run {
    /// Everything, for assertion messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "exit code {:?}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `sayso` with `args`.
fn sayso(args: &[&str]) -> Run {
    run(Command::new(env!("CARGO_BIN_EXE_sayso")).args(args))
}

/// Runs `sayso` with `args` in folder `dir`.
fn sayso_in(dir: &Path, args: &[&str]) -> Run {
    run(Command::new(env!("CARGO_BIN_EXE_sayso"))
        .args(args)
        .current_dir(dir))
}

fn run(command: &mut Command) -> Run {
    let out = command.output().expect("the sayso binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// A path as a command-line argument (temporary paths are UTF-8 on the systems we test).
fn arg(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}

fn sha256_hex(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

// --- Reading what sayso wrote -------------------------------------------------------------

/// The parts of `project.ron` the tests look at (other fields are ignored).
#[derive(Debug, Deserialize)]
struct ProjectFile {
    format: u32,
    name: String,
    schema: SchemaFile,
    documents: Vec<DocumentEntry>,
}

#[derive(Debug, Deserialize)]
struct SchemaFile {
    speaker_kinds: Vec<LabelFile>,
    quote_kinds: Vec<LabelFile>,
    stance_labels: Vec<LabelFile>,
    noise_categories: Vec<LabelFile>,
}

#[derive(Debug, Deserialize)]
struct LabelFile {
    name: String,
}

#[derive(Debug, Deserialize)]
struct DocumentEntry {
    id: String,
    path: String,
    sha256: String,
}

fn read_project_file(path: &Path) -> ProjectFile {
    let text = fs::read_to_string(path).expect("project.ron is readable");
    ron::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", path.display()))
}

fn names(labels: &[LabelFile]) -> Vec<&str> {
    labels.iter().map(|l| l.name.as_str()).collect()
}

// --- Test projects ------------------------------------------------------------------------

/// A project made with `sayso new` in a temporary folder, and a `sources` folder next to
/// it for article files that are then added with `sayso add`.
struct TestProject {
    tmp: TempDir,
    root: PathBuf,
}

impl TestProject {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("project");
        let run = sayso(&["new", arg(&root), "--name", "test project"]);
        assert_eq!(run.code, Some(0), "{run}");
        fs::create_dir(tmp.path().join("sources")).unwrap();
        TestProject { tmp, root }
    }

    fn arg(&self) -> &str {
        arg(&self.root)
    }

    fn project_file(&self) -> PathBuf {
        self.root.join("project.ron")
    }

    fn read(&self) -> ProjectFile {
        read_project_file(&self.project_file())
    }

    /// Runs `sayso COMMAND PROJECT EXTRA...`.
    fn run(&self, command: &str, extra: &[&str]) -> Run {
        let mut args = vec![command, self.arg()];
        args.extend_from_slice(extra);
        sayso(&args)
    }

    /// Writes an article file outside the project, at `sources/<name>`.
    fn source(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.tmp.path().join("sources").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path
    }

    /// Writes `text` to `sources/<name>` and adds it; returns the new document's id.
    fn add_text(&self, name: &str, text: &str) -> String {
        let file = self.source(name, text);
        let run = self.run("add", &[arg(&file)]);
        assert_eq!(run.code, Some(0), "{run}");
        added_id(&run, &file)
    }

    /// The SHA-256 that `project.ron` records for document `id`.
    fn recorded_sha(&self, id: &str) -> String {
        let project = self.read();
        let doc = project.documents.iter().find(|d| d.id == id);
        doc.unwrap_or_else(|| panic!("{id:?} is not in {project:?}"))
            .sha256
            .clone()
    }

    /// Adds a stance target to the schema by editing `project.ron` as text, the way a user
    /// would (a new project has none).
    fn add_stance_target(&self, name: &str) {
        let file = self.project_file();
        let text = fs::read_to_string(&file).unwrap();
        let target = format!("stance_targets: [(name: {name:?}, colour: \"#4e79a7\", key: None)],");
        let edited = text.replacen("stance_targets: [],", &target, 1);
        assert_ne!(edited, text, "project.ron has no empty stance_targets list");
        fs::write(&file, edited).unwrap();
    }

    fn layer_file(&self, doc: &str, layer: &str) -> PathBuf {
        self.root
            .join("annotations")
            .join(doc)
            .join(format!("{layer}.ron"))
    }

    /// Writes layer `layer` of document `doc` by hand, anchored to the article's current
    /// hash. `body` holds the `speakers`, `quotes`, `stances` and `noise` fields.
    fn write_layer(&self, doc: &str, layer: &str, body: &str) -> PathBuf {
        let sha = self.recorded_sha(doc);
        let text = format!(
            "(\n    format: 1,\n    document: {doc:?},\n    layer: {layer:?},\n    \
             sha256: {sha:?},\n    status: Done,\n{body})\n"
        );
        let path = self.layer_file(doc, layer);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }
}

/// The id that `sayso add` reported for `file` (`added FILE as "ID"`).
fn added_id(run: &Run, file: &Path) -> String {
    let prefix = format!("added {} as ", file.display());
    let line = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {prefix:?} line\n{run}"));
    line.trim_matches('"').to_string()
}

/// The RON of a span over the first `needle` in `text`: offsets in code points, end
/// exclusive, as layer files store them.
fn span(text: &str, needle: &str) -> String {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in the article"));
    let start = text[..byte].chars().count();
    let end = start + needle.chars().count();
    format!("(start: {start}, end: {end}, text: {needle:?})")
}

// --- A small annotated article ------------------------------------------------------------

/// Three lines by sayso's count: a text ending with a newline has an empty last line.
const ARTICLE: &str =
    "MOSCOW, Jan 5\nLavrov said the talks would go on. Assad declined to comment.\n";

const TARGET: &str = "the Geneva talks";

/// A correct gold layer of [`ARTICLE`]: two speakers (2 mentions), one quote with cue and
/// source, one stance, one noise line.
fn clean_layer_body() -> String {
    let a = ARTICLE;
    format!(
        r#"    speakers: [
        (id: "s1", name: "Sergei Lavrov", kind: "person", mentions: [{lavrov}]),
        (id: "s2", name: "Bashar al-Assad", kind: "person", mentions: [{assad}]),
    ],
    quotes: [
        (id: "q1", kind: "indirect", content: [{content}], cue: Some({cue}), source: Some({lavrov}), speaker: Some("s1")),
    ],
    stances: [
        (id: "t1", holder: "s1", target: {TARGET:?}, label: "favor", evidence: ["q1"]),
    ],
    noise: [
        (line: 0, category: "dateline", text: "MOSCOW, Jan 5"),
    ],
"#,
        lavrov = span(a, "Lavrov"),
        assad = span(a, "Assad"),
        content = span(a, "the talks would go on"),
        cue = span(a, "said"),
    )
}

/// A project with [`ARTICLE`] as document "syria", [`TARGET`] in its schema, and a clean
/// gold layer.
fn annotated_project() -> TestProject {
    let p = TestProject::new();
    assert_eq!(p.add_text("syria.txt", ARTICLE), "syria");
    p.add_stance_target(TARGET);
    p.write_layer("syria", "gold", &clean_layer_body());
    p
}

fn demo_project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo")
}

// --- Usage ---------------------------------------------------------------------------------

#[test]
fn help_names_every_subcommand_and_the_window() {
    // `sayso` alone opens the window; `--help` documents both.
    let run = sayso(&["--help"]);
    assert_eq!(run.code, Some(0), "{run}");
    assert!(run.stdout.contains("[PATHS]..."), "{run}");
    let usage = format!("{}{}", run.stdout, run.stderr);
    assert!(usage.contains("Usage: sayso"), "{run}");
    for command in ["new", "add", "validate", "stats", "eval", "agree"] {
        // Each subcommand is listed on its own line, followed by its description.
        assert!(
            usage
                .lines()
                .any(|l| l.split_whitespace().next() == Some(command)),
            "{command} is not listed\n{run}"
        );
    }
}

#[test]
fn a_mistyped_subcommand_or_path_fails_without_opening_a_window() {
    let run = sayso(&["frobnicate", "--now"]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("Usage: sayso"), "{run}");
    let run = sayso(&["valdiate"]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(
        run.stderr.contains("valdiate: no such file or folder"),
        "{run}"
    );
}

#[test]
fn help_succeeds() {
    let run = sayso(&["--help"]);
    assert_eq!(run.code, Some(0), "{run}");
    assert!(run.stdout.contains("Usage: sayso"), "{run}");
    assert!(run.stdout.contains("validate"), "{run}");
}

// --- new -----------------------------------------------------------------------------------

#[test]
fn new_writes_project_ron_with_the_name_and_the_default_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus");
    let run = sayso(&["new", arg(&dir), "--name", "Syria coverage 2012"]);
    assert_eq!(run.code, Some(0), "{run}");

    let project = read_project_file(&dir.join("project.ron"));
    assert_eq!(project.format, 1);
    assert_eq!(project.name, "Syria coverage 2012");
    assert!(project.documents.is_empty());
    let schema = &project.schema;
    assert!(names(&schema.speaker_kinds).contains(&"person"));
    assert_eq!(
        names(&schema.quote_kinds),
        ["direct", "indirect", "mixed"],
        "quote kinds"
    );
    assert_eq!(
        names(&schema.stance_labels),
        ["favor", "against", "neutral"]
    );
    assert!(names(&schema.noise_categories).contains(&"dateline"));
}

#[test]
fn new_refuses_a_folder_that_already_has_a_project_and_leaves_it_alone() {
    let p = TestProject::new();
    let before = fs::read(p.project_file()).unwrap();

    let run = sayso(&["new", p.arg(), "--name", "other"]);
    assert_eq!(run.code, Some(2), "{run}");
    let file = p.project_file();
    assert!(run.stderr.contains(arg(&file)), "{run}");
    assert!(run.stderr.contains("already exists"), "{run}");
    assert_eq!(fs::read(&file).unwrap(), before, "project.ron was changed");
}

#[test]
fn new_without_a_name_uses_the_folder_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("Election Coverage");
    let run = sayso(&["new", arg(&dir)]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(
        read_project_file(&dir.join("project.ron")).name,
        "Election Coverage"
    );

    // `sayso new .` inside the folder: the name is the folder's, not ".".
    let here = tmp.path().join("harbour");
    fs::create_dir(&here).unwrap();
    let run = sayso_in(&here, &["new", "."]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(read_project_file(&here.join("project.ron")).name, "harbour");
}

// --- add -----------------------------------------------------------------------------------

#[test]
fn add_copies_articles_with_ids_from_their_file_names() {
    let p = TestProject::new();
    let first = p.source(
        "Lavrov Interview.TXT",
        "Lavrov said the talks would go on.\n",
    );
    // Same stem in another folder: a distinct id, not an overwrite.
    let second = p.source("wires/lavrov interview.txt", "Lavrov spoke to reporters.\n");

    let run = p.run("add", &[arg(&first), arg(&second)]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(added_id(&run, &first), "lavrov-interview");
    assert_eq!(added_id(&run, &second), "lavrov-interview-2");

    let project = p.read();
    let listed: Vec<(&str, &str)> = project
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d.path.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("lavrov-interview", "articles/lavrov-interview.txt"),
            ("lavrov-interview-2", "articles/lavrov-interview-2.txt"),
        ]
    );
    for (doc, source) in project.documents.iter().zip([&first, &second]) {
        let copy = fs::read(p.root.join(&doc.path)).unwrap();
        assert_eq!(
            copy,
            fs::read(source).unwrap(),
            "{} is not a copy",
            doc.path
        );
        assert_eq!(doc.sha256, sha256_hex(std::str::from_utf8(&copy).unwrap()));
    }
}

#[test]
fn add_decodes_a_windows_1252_article_with_a_warning() {
    let p = TestProject::new();
    // "Café owner José said “no” to the plan, à propos of the fête." in windows-1252:
    // 0xE9 é, 0x93 and 0x94 curly quotes, 0xE0 à, 0xEA ê.
    let bytes = b"Caf\xe9 owner Jos\xe9 said \x93no\x94 to the plan, \xe0 propos of the f\xeate.\n";
    let file = p.source("cafe.txt", bytes);

    let run = p.run("add", &[arg(&file)]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(added_id(&run, &file), "cafe");
    let warning = run
        .stderr
        .lines()
        .find(|l| l.contains("windows-1252"))
        .unwrap_or_else(|| panic!("no windows-1252 warning\n{run}"));
    assert!(warning.contains(arg(&file)), "{warning}");

    // The article is kept as given; the hash is of the decoded text.
    assert_eq!(fs::read(p.root.join("articles/cafe.txt")).unwrap(), bytes);
    let decoded = "Café owner José said \u{201c}no\u{201d} to the plan, à propos of the fête.\n";
    assert_eq!(p.recorded_sha("cafe"), sha256_hex(decoded));
}

#[test]
fn add_refuses_a_binary_file_but_adds_the_other_files() {
    let p = TestProject::new();
    let good = p.source("statement.txt", "The ministry said nothing.\n");
    let binary = p.source("photo.txt", b"PK\x03\x04\x00\x00rest");
    let later = p.source("reply.txt", "The embassy replied.\n");

    let run = p.run("add", &[arg(&good), arg(&binary), arg(&later)]);
    assert_eq!(run.code, Some(2), "{run}");
    let error = run
        .stderr
        .lines()
        .find(|l| l.contains(arg(&binary)))
        .unwrap_or_else(|| panic!("the binary file is not named\n{run}"));
    assert!(error.contains("not a text file"), "{error}");
    assert!(
        run.stderr.contains("1 of 3 files could not be added"),
        "{run}"
    );

    // Files before and after the bad one are added and saved.
    assert_eq!(added_id(&run, &good), "statement");
    assert_eq!(added_id(&run, &later), "reply");
    let ids: Vec<String> = p.read().documents.into_iter().map(|d| d.id).collect();
    assert_eq!(ids, ["statement", "reply"]);
    assert!(!p.root.join("articles/photo.txt").exists());
}

#[test]
fn add_refuses_a_file_above_max_size_naming_the_limit() {
    let p = TestProject::new();
    let big = p.source("big.txt", "x".repeat(2000));
    let small = p.source("small.txt", "short\n");

    let run = p.run("add", &["--max-size", "1K", arg(&big), arg(&small)]);
    assert_eq!(run.code, Some(2), "{run}");
    let error = run
        .stderr
        .lines()
        .find(|l| l.contains(arg(&big)))
        .unwrap_or_else(|| panic!("the big file is not named\n{run}"));
    // 1K is 1024 bytes; the message says how to raise it.
    assert!(error.contains("2000 bytes"), "{error}");
    assert!(error.contains("limit of 1024 bytes"), "{error}");
    assert!(error.contains("--max-size"), "{error}");
    assert_eq!(added_id(&run, &small), "small");
    assert_eq!(p.read().documents.len(), 1);
}

#[test]
fn add_skips_a_text_that_is_already_in_the_project() {
    let p = TestProject::new();
    assert_eq!(p.add_text("original.txt", "Lavrov said yes.\n"), "original");
    // Same text under another name and with CRLF line ends: still the same text.
    let copy = p.source("copy.txt", "Lavrov said yes.\r\n");

    let run = p.run("add", &[arg(&copy)]);
    assert_eq!(run.code, Some(0), "{run}");
    assert!(!run.stdout.contains("added"), "{run}");
    let skipped = format!(
        "skipped {}: the same text is already document \"original\"",
        copy.display()
    );
    assert!(run.stderr.contains(&skipped), "{run}");
    assert_eq!(p.read().documents.len(), 1);
    assert!(!p.root.join("articles/copy.txt").exists());
}

#[test]
fn add_records_the_sha256_of_the_normalized_text() {
    let p = TestProject::new();
    // A UTF-8 BOM and Windows line ends: sayso's offsets and hash are of the text without
    // the BOM and with LF line ends.
    let file = p.source(
        "bom.txt",
        b"\xEF\xBB\xBFKYIV, May 2\r\nZelensky said \xE2\x80\x9Cnever\xE2\x80\x9D.\r\n",
    );
    let run = p.run("add", &[arg(&file)]);
    assert_eq!(run.code, Some(0), "{run}");

    let normalized = "KYIV, May 2\nZelensky said \u{201c}never\u{201d}.\n";
    assert_eq!(p.recorded_sha("bom"), sha256_hex(normalized));
}

// --- validate ------------------------------------------------------------------------------

#[test]
fn validate_says_ok_on_a_clean_annotated_project() {
    let p = annotated_project();
    let run = p.run("validate", &[]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(run.stdout, "ok: 1 document, no problems\n", "{run}");
    assert_eq!(run.stderr, "", "{run}");
}

#[test]
fn the_demo_project_is_clean() {
    let run = sayso(&["validate", arg(&demo_project())]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(run.stdout, "ok: 4 documents, no problems\n", "{run}");
    assert_eq!(run.stderr, "", "{run}");
}

#[test]
fn validate_lists_each_problem_of_a_broken_layer_with_its_place() {
    let p = TestProject::new();
    p.add_text("syria.txt", ARTICLE);
    let a = ARTICLE;
    // Each item breaks one rule; the stance target is not added to the schema on purpose.
    let body = format!(
        r#"    speakers: [
        (id: "s1", name: "Sergei Lavrov", kind: "person", mentions: [{lavrov}, (start: 100, end: 106, text: "Lavrov")]),
    ],
    quotes: [
        (id: "q1", kind: "indirect", content: [{content}], cue: Some({cue}), source: None, speaker: Some("s9")),
    ],
    stances: [
        (id: "t1", holder: "s1", target: {TARGET:?}, label: "favor", evidence: ["q1", "q7"]),
    ],
    noise: [
        (line: 0, category: "dateline", text: "MOSCOW, Jan 5"),
        (line: 99, category: "dateline", text: "gone"),
    ],
"#,
        lavrov = span(a, "Lavrov"),
        // The stored text differs from the article's in the case of one word.
        content = span(a, "the talks would go on").replace("go on", "go ON"),
        cue = span(a, "said"),
    );
    p.write_layer("syria", "gold", &body);

    let run = p.run("validate", &[]);
    assert_eq!(run.code, Some(1), "{run}");
    let expected = [
        (
            "syria / gold / speaker s1 mention 2: ",
            "span 100..106 is outside the text, which has 76 characters",
        ),
        (
            "syria / gold / quote q1 content 1: ",
            "stored text \"the talks would go ON\" differs from the article's \"the talks would go on\"",
        ),
        (
            "syria / gold / quote q1: ",
            "speaker \"s9\" is not a speaker of this layer",
        ),
        (
            "syria / gold / stance t1: ",
            "stance target \"the Geneva talks\" is not in the project's schema",
        ),
        (
            "syria / gold / stance t1: ",
            "evidence \"q7\" is not a quote of this layer",
        ),
        (
            "syria / gold / noise line 99: ",
            "past the end: the document has 3 lines (0 to 2)",
        ),
    ];
    let lines: Vec<&str> = run.stdout.lines().collect();
    for (place, message) in expected {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(place) && l.contains(message)),
            "no line {place}...{message}\n{run}"
        );
    }
    // One line per problem, then the count: nothing else is reported.
    assert_eq!(lines.len(), expected.len() + 1, "{run}");
    assert_eq!(lines.last(), Some(&"6 problems in 1 document"), "{run}");
}

// --- Malformed and missing files -----------------------------------------------------------

#[test]
fn a_syntax_error_in_project_ron_is_reported_with_its_line_and_column() {
    let p = TestProject::new();
    let file = p.project_file();
    let text = fs::read_to_string(&file).unwrap();
    // Line 3 is `    name: "test project",`; a stray word makes the comma unexpected.
    let broken = text.replacen("name: \"test project\",", "name: \"test project\" oops,", 1);
    assert_ne!(broken, text);
    fs::write(&file, broken).unwrap();

    let run = p.run("validate", &[]);
    assert_eq!(run.code, Some(2), "{run}");
    // Column 26 (1-based) is the `o` of `oops`, where ron expected a comma.
    let location = format!("{}:3:26: ", file.display());
    assert!(run.stderr.contains(&location), "no {location:?}\n{run}");
}

#[test]
fn a_project_from_a_newer_sayso_is_refused_and_left_byte_for_byte_unchanged() {
    let p = TestProject::new();
    let file = p.project_file();
    let text = fs::read_to_string(&file).unwrap();
    let newer = text.replacen("format: 1,", "format: 99,", 1);
    assert_ne!(newer, text);
    fs::write(&file, &newer).unwrap();

    let run = p.run("validate", &[]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains(arg(&file)), "{run}");
    assert!(run.stderr.contains("newer sayso"), "{run}");
    assert!(run.stderr.contains("format 99"), "{run}");

    // `add` writes project.ron; it must not touch a file it cannot fully understand.
    let article = p.source("a.txt", "Lavrov said yes.\n");
    let run = p.run("add", &[arg(&article)]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("newer sayso"), "{run}");
    assert_eq!(fs::read_to_string(&file).unwrap(), newer);
    assert!(!p.root.join("articles/a.txt").exists());
}

#[test]
fn a_malformed_layer_file_is_reported_with_its_path_line_and_column() {
    let p = TestProject::new();
    p.add_text("syria.txt", ARTICLE);
    let layer = p.layer_file("syria", "gold");
    fs::create_dir_all(layer.parent().unwrap()).unwrap();
    // Line 6 lacks its comma, so ron stops at the start of line 7.
    let text = format!(
        r#"(
    format: 1,
    document: "syria",
    layer: "gold",
    sha256: "{sha}",
    status: Done
    speakers: [],
)
"#,
        sha = p.recorded_sha("syria")
    );
    fs::write(&layer, text).unwrap();

    let run = p.run("validate", &[]);
    assert_eq!(run.code, Some(2), "{run}");
    let location = format!("{}:7:5: ", layer.display());
    assert!(run.stderr.contains(&location), "no {location:?}\n{run}");
}

#[test]
fn an_article_missing_on_disk_is_named() {
    let p = TestProject::new();
    p.add_text("syria.txt", ARTICLE);
    let article = p.root.join("articles").join("syria.txt");
    fs::remove_file(&article).unwrap();

    let run = p.run("validate", &[]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains(arg(&article)), "{run}");
}

#[test]
fn validate_on_a_folder_without_project_ron_says_there_is_no_project() {
    let tmp = tempfile::tempdir().unwrap();
    let run = sayso(&["validate", arg(tmp.path())]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains(arg(tmp.path())), "{run}");
    assert!(run.stderr.contains("there is no project here"), "{run}");
}

// --- stats ---------------------------------------------------------------------------------

/// The rows of the `stats` table by their first cell, numbers parsed.
fn table_rows(stdout: &str) -> BTreeMap<String, Vec<usize>> {
    let mut lines = stdout.lines();
    assert!(lines.next().is_some_and(|l| l.starts_with("project ")));
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        [
            "layer",
            "documents",
            "lines",
            "noise",
            "speakers",
            "mentions",
            "quotes",
            "stances"
        ]
    );
    lines
        .map(|l| {
            let mut cells = l.split_whitespace();
            let name = cells.next().unwrap().to_string();
            let numbers = cells.map(|c| c.parse().expect("a number")).collect();
            (name, numbers)
        })
        .collect()
}

/// [`annotated_project`] with a second, smaller layer: one speaker with one mention.
fn project_with_two_layers() -> TestProject {
    let p = annotated_project();
    let body = format!(
        r#"    speakers: [(id: "s1", name: "Lavrov", kind: "person", mentions: [{}])],
"#,
        span(ARTICLE, "Lavrov")
    );
    p.write_layer("syria", "alice", &body);
    p
}

#[test]
fn stats_prints_a_row_per_layer_and_a_total_row() {
    let p = project_with_two_layers();
    let run = p.run("stats", &[]);
    assert_eq!(run.code, Some(0), "{run}");
    let rows = table_rows(&run.stdout);
    //                  documents lines noise speakers mentions quotes stances
    let expected = BTreeMap::from([
        ("alice".to_string(), vec![1, 3, 0, 1, 1, 0, 0]),
        ("gold".to_string(), vec![1, 3, 1, 2, 2, 1, 1]),
        // Documents and lines once; annotations summed over layers.
        ("total".to_string(), vec![1, 3, 1, 3, 3, 1, 1]),
    ]);
    assert_eq!(rows, expected, "{run}");
}

#[test]
fn stats_json_is_valid_json_with_counts_per_layer() {
    let p = project_with_two_layers();
    let run = p.run("stats", &["--json"]);
    assert_eq!(run.code, Some(0), "{run}");
    let json: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{run}"));
    assert_eq!(json["project"], "test project");
    let gold = &json["layers"]["gold"];
    assert_eq!(gold["documents"], 1);
    assert_eq!(gold["quotes"], 1);
    assert_eq!(gold["stances"], 1);
    assert_eq!(gold["noise_lines"], 1);
    assert_eq!(gold["mentions"], 2);
    assert_eq!(json["layers"]["alice"]["speakers"], 1);
    assert_eq!(json["total"]["speakers"], 3);
    assert_eq!(json["total"]["lines"], 3);
}

/// What a layer file holds, for counting (content ignored).
#[derive(Deserialize)]
struct LayerCounts {
    speakers: Vec<SpeakerMentions>,
    quotes: Vec<IgnoredAny>,
    stances: Vec<IgnoredAny>,
    noise: Vec<IgnoredAny>,
}

#[derive(Deserialize)]
struct SpeakerMentions {
    mentions: Vec<IgnoredAny>,
}

#[test]
fn demo_stats_match_the_gold_files() {
    // A copy: `stats` writes the project's index (a cache) into it.
    let copy = tempfile::tempdir().unwrap();
    common::copy_dir(&demo_project(), copy.path());
    let demo = copy.path().to_path_buf();
    let run = sayso(&["stats", "--json", arg(&demo)]);
    assert_eq!(run.code, Some(0), "{run}");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let gold = &json["layers"]["gold"];

    // Count in the files themselves.
    let project = read_project_file(&demo.join("project.ron"));
    let (mut speakers, mut mentions, mut quotes, mut stances, mut noise, mut lines) =
        (0, 0, 0, 0, 0, 0);
    for doc in &project.documents {
        let layer = demo.join("annotations").join(&doc.id).join("gold.ron");
        let text = fs::read_to_string(&layer).unwrap();
        let counts: LayerCounts = ron::from_str(&text).unwrap();
        speakers += counts.speakers.len();
        mentions += counts
            .speakers
            .iter()
            .map(|s| s.mentions.len())
            .sum::<usize>();
        quotes += counts.quotes.len();
        stances += counts.stances.len();
        noise += counts.noise.len();
        // A text has one line more than it has line ends.
        let article = fs::read_to_string(demo.join(&doc.path)).unwrap();
        lines += article.matches('\n').count() + 1;
    }
    let counted = serde_json::json!({
        "documents": project.documents.len(),
        "lines": lines,
        "noise_lines": noise,
        "speakers": speakers,
        "mentions": mentions,
        "quotes": quotes,
        "stances": stances,
    });
    assert_eq!(gold, &counted);
    // And the numbers the demo is documented to have.
    assert_eq!(
        counted,
        serde_json::json!({
            "documents": 4, "lines": 173, "noise_lines": 50, "speakers": 25,
            "mentions": 129, "quotes": 70, "stances": 34,
        })
    );
}

// --- A changed article ---------------------------------------------------------------------

#[test]
fn validate_after_the_article_changed_reanchors_lists_orphans_and_rewrites_nothing() {
    let p = annotated_project();
    let layer = p.layer_file("syria", "gold");
    let layer_before = fs::read(&layer).unwrap();
    let project_before = fs::read(p.project_file()).unwrap();

    // A sentence inserted before the spans, and the annotated word "Assad" deleted.
    let article = p.root.join("articles/syria.txt");
    fs::write(
        &article,
        "MOSCOW, Jan 5\nDiplomats met in Geneva on Monday.\n\
         Lavrov said the talks would go on. The Syrian president declined to comment.\n",
    )
    .unwrap();

    let run = p.run("validate", &[]);
    assert_eq!(run.code, Some(1), "{run}");
    assert!(
        run.stderr
            .contains(&format!("{}: the article changed", article.display())),
        "{run}"
    );
    // The dateline stays; Lavrov (mention and source), "said" and the content move;
    // "Assad" cannot be found.
    assert!(
        run.stderr.contains(&format!(
            "{}: the article changed since this layer was saved: 1 kept, 4 moved, 1 orphaned",
            layer.display()
        )),
        "{run}"
    );
    assert_eq!(
        run.stdout,
        "syria / gold / speaker s2 mention 1: orphaned: \"Assad\" (was at 49..54) was not \
         found in the changed article\n1 problem in 1 document\n",
        "{run}"
    );

    // validate only reads: re-anchoring is not saved.
    assert_eq!(fs::read(&layer).unwrap(), layer_before);
    assert_eq!(fs::read(p.project_file()).unwrap(), project_before);
}

// --- Error messages ------------------------------------------------------------------------

#[test]
fn a_missing_article_error_states_the_os_error_once() {
    let p = TestProject::new();
    p.add_text("syria.txt", ARTICLE);
    fs::remove_file(p.root.join("articles/syria.txt")).unwrap();

    let run = p.run("validate", &[]);
    assert_eq!(run.stderr.matches("(os error 2)").count(), 1, "{run}");
}

#[test]
fn an_article_path_leaving_the_project_is_refused() {
    let p = TestProject::new();
    p.add_text("syria.txt", ARTICLE);
    let text = fs::read_to_string(p.project_file()).unwrap();
    fs::write(
        p.project_file(),
        text.replace("articles/syria.txt", "../../etc/hostname"),
    )
    .unwrap();
    let run = p.run("validate", &[]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(
        run.stderr.contains("project.ron")
            && run
                .stderr
                .contains("must be relative and stay inside the project folder"),
        "{run}"
    );
    assert!(
        !run.stderr.contains("cannot read"),
        "nothing outside the project is read: {run}"
    );
}

#[test]
fn parse_errors_speak_of_the_file_not_of_program_types() {
    let p = TestProject::new();
    fs::write(p.project_file(), "").unwrap();
    let run = p.run("validate", &[]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(
        run.stderr.contains("project.ron:1:1:") && run.stderr.contains("struct `project`"),
        "{run}"
    );
    assert!(!run.stderr.contains("ProjectFile"), "{run}");
}

#[test]
fn eval_scores_a_layer_and_refuses_a_layer_nobody_has() {
    let demo = demo_project();
    let run = sayso(&["eval", arg(&demo), "--gold", "gold", "--pred", "gold"]);
    assert_eq!(run.code, Some(0), "{run}");
    assert!(run.stdout.contains("over 4 documents"), "{run}");
    let quotes = run
        .stdout
        .lines()
        .find(|l| l.starts_with("quotes (overlap)"));
    assert!(quotes.is_some_and(|l| l.contains("1.000")), "{run}");

    let run = sayso(&["eval", arg(&demo), "--pred", "gold", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["total"]["quotes"]["overlap"]["f1"], 1.0, "{run}");
    assert_eq!(json["documents"].as_array().map(Vec::len), Some(4));

    let run = sayso(&["eval", arg(&demo), "--pred", "model:none"]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(
        run.stderr
            .contains("no document has a layer \"model:none\""),
        "{run}"
    );
}

#[test]
fn agree_compares_layers_and_names_what_it_cannot_compare() {
    let demo = common::demo_copy();
    let root = demo.path();
    let run = sayso(&["agree", arg(root), "--layers", "gold,gold"]);
    assert_eq!(run.code, Some(0), "{run}");
    assert!(run.stdout.contains("over 4 documents"), "{run}");
    let noise = run.stdout.lines().find(|l| l.starts_with("noise lines"));
    assert!(noise.is_some_and(|l| l.ends_with("1.000")), "{run}");

    // alice: the gold layer of one article with the dateline not marked, the credits
    // line in another category and one stance label changed.
    let docs = root.join("annotations/syria-talks-2012");
    let gold = fs::read_to_string(docs.join("gold.ron")).unwrap();
    let at = gold
        .find("            line: 0,")
        .expect("a noise entry for line 0");
    let entry_end = "        ),\n";
    let start = gold[..at].rfind("        (").unwrap();
    let end = at + gold[at..].find(entry_end).unwrap() + entry_end.len();
    let alice = [&gold[..start], &gold[end..]]
        .concat()
        .replacen("layer: \"gold\"", "layer: \"alice\"", 1)
        .replacen("category: \"byline\"", "category: \"other\"", 1)
        .replacen("label: \"against\"", "label: \"favor\"", 1);
    fs::write(docs.join("alice.ron"), alice).unwrap();

    let run = sayso(&["agree", arg(root), "--layers", "gold,alice", "--json"]);
    assert_eq!(run.code, Some(0), "{run}");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let total = &json["total"];
    for figure in ["noise", "noise_category", "stance"] {
        let alpha = total[figure]["krippendorff_alpha"].as_f64().expect("alpha");
        let kappa = total[figure]["cohen_kappa"].as_f64().expect("kappa");
        assert!(alpha < 1.0 && kappa < 1.0 && alpha > 0.5, "{figure}: {run}");
        assert!(
            total[figure]["items"].as_u64() > Some(10),
            "{figure}: {run}"
        );
    }
    assert_eq!(total["pairs"][0]["quotes"]["overlap"]["f1"], 1.0, "{run}");
    assert_eq!(json["documents"].as_array().map(Vec::len), Some(1), "{run}");
    let skipped = json["skipped"].as_array().expect("skipped documents");
    assert_eq!(skipped.len(), 3, "{run}");
    assert_eq!(skipped[0]["missing"][0], "alice", "{run}");

    let run = sayso(&["agree", arg(root), "--layers", "gold,alice"]);
    assert!(run.stdout.contains("skipped: "), "{run}");
    assert!(run.stdout.contains("(no alice)"), "{run}");

    let run = sayso(&["agree", arg(root), "--layers", "gold,bob"]);
    assert_eq!(run.code, Some(2), "{run}");
    let message = format!("{}: no document has a layer \"bob\"", root.display());
    assert!(run.stderr.contains(&message), "{run}");
    let run = sayso(&["agree", arg(root), "--layers", "gold"]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("two layer names or more"), "{run}");
}

#[test]
fn max_size_works_before_the_subcommand_too() {
    let p = TestProject::new();
    let small = p.source("small.txt", "Lavrov said so.\n");
    let run = sayso(&["--max-size", "100M", "add", p.arg(), arg(&small)]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(added_id(&run, &small), "small");
    let big = p.source("big.txt", "x".repeat(2000));
    let run = sayso(&["--max-size", "1K", "add", p.arg(), arg(&big)]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("limit of 1024 bytes"), "{run}");
}

#[test]
fn add_reads_utf16_without_a_byte_order_mark_with_a_warning() {
    let p = TestProject::new();
    let text = "Lavrov said “no”.\r\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let file = p.source("utf16.txt", bytes);
    let run = p.run("add", &[arg(&file)]);
    assert_eq!(run.code, Some(0), "{run}");
    assert!(run.stderr.contains("no byte-order mark"), "{run}");
    assert!(run.stderr.contains("UTF-16LE"), "{run}");
    assert_eq!(p.recorded_sha("utf16"), sha256_hex("Lavrov said “no”.\n"));
}

#[test]
fn add_refuses_empty_and_bom_only_files() {
    let p = TestProject::new();
    let empty = p.source("empty.txt", "");
    let bom = p.source("bom.txt", b"\xEF\xBB\xBF");
    let run = p.run("add", &[arg(&empty), arg(&bom)]);
    assert_eq!(run.code, Some(2), "{run}");
    for file in [&empty, &bom] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(arg(file)) && l.contains("the file is empty")),
            "{run}"
        );
    }
    assert!(p.read().documents.is_empty());
}

#[test]
fn new_writes_a_gitignore_for_temporary_and_lock_files() {
    let p = TestProject::new();
    let ignore = fs::read_to_string(p.root.join(".gitignore")).unwrap();
    for pattern in [".sayso-*.tmp", ".sayso-journal", ".sayso.lock"] {
        assert!(ignore.lines().any(|l| l == pattern), "{ignore}");
    }
}

#[test]
fn control_characters_in_names_never_reach_the_terminal_raw() {
    let p = annotated_project();
    let layer = p.layer_file("syria", "gold");
    let text = fs::read_to_string(&layer).unwrap();
    fs::write(
        &layer,
        text.replacen("Sergei Lavrov", "Sergei\\u{1b}[2J\\u{7}", 1),
    )
    .unwrap();
    let run = p.run("validate", &[]);
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stdout.contains("holds control characters"), "{run}");
    assert!(run.stdout.contains("\\u{1b}[2J\\u{7}"), "{run}");
    assert!(
        !run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{7}'),
        "{run}"
    );
}

#[test]
fn a_layer_name_with_control_characters_is_refused() {
    let p = TestProject::new();
    p.add_text("a.txt", "Lavrov said so.\n");
    let run = p.run("suggest", &["--layer", "bad\u{1b}[31m"]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(
        run.stderr.contains("cannot hold control characters"),
        "{run}"
    );
    assert!(!run.stderr.contains('\u{1b}'), "{run}");
    assert!(!p.root.join("annotations").exists());
}

#[test]
fn add_and_validate_speak_json_for_pipelines() {
    let p = TestProject::new();
    let file = p.tmp.path().join("sources").join("one.txt");
    fs::write(&file, "Lavrov said the talks failed.\n").unwrap();
    let twin = p.tmp.path().join("sources").join("twin.txt");
    fs::write(&twin, "Lavrov said the talks failed.\n").unwrap();
    let run = sayso(&["add", arg(&p.root), arg(&file), arg(&twin), "--json"]);
    assert_eq!(run.code, Some(0), "{run}");
    let out: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(out["added"][0]["id"], "one");
    assert_eq!(out["skipped"][0]["duplicate_of"], "one");
    assert_eq!(out["failed"].as_array().unwrap().len(), 0);

    let run = sayso(&["validate", arg(&p.root), "--json"]);
    assert_eq!(run.code, Some(0), "{run}");
    let out: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["documents"], 1);
    assert_eq!(out["problems"].as_array().unwrap().len(), 0);
    // A problem: exit 1, and the problem in the JSON.
    p.write_layer(
        "one",
        "gold",
        "speakers: [(id: \"s1\", name: \"\", kind: \"person\", mentions: [])],",
    );
    let run = sayso(&["validate", arg(&p.root), "--json"]);
    assert_eq!(run.code, Some(1), "{run}");
    let out: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let problem = &out["problems"][0];
    assert_eq!(problem["document"], "one");
    assert_eq!(problem["layer"], "gold");
}

#[test]
fn every_subcommand_that_reports_speaks_json() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let run = sayso(&["new", arg(&root), "--json"]);
    assert_eq!(run.code, Some(0), "{run}");
    let out: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["name"], "p");
    let file = tmp.path().join("a.txt");
    fs::write(&file, ARTICLE).unwrap();
    assert_eq!(sayso(&["add", arg(&root), arg(&file)]).code, Some(0));
    let run = sayso(&["suggest", arg(&root), "--json"]);
    assert_eq!(run.code, Some(0), "{run}");
    let out: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["layer"], "model:rules");
    assert!(out["documents"][0]["quotes"].as_u64().unwrap() > 0, "{out}");
    let run = sayso(&["assign", arg(&root), "--annotators", "alice,bob", "--json"]);
    assert_eq!(run.code, Some(0), "{run}");
    let out: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["new"].as_array().unwrap().len(), 1);
    assert_eq!(out["team"].as_array().unwrap().len(), 2);
    let run = sayso(&["train", arg(&root), "--from", "model:rules", "--json"]);
    assert_eq!(run.code, Some(0), "{run}");
    let out: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["documents"], 1);
}
