//! The command line: `sayso [PATH...]` opens the window (see `main.rs`); the subcommands
//! `new | add | validate | stats | suggest | train | import | eval | agree | export | assign |
//! sync` work headless, and `completions SHELL` and `man` print a shell completion script
//! and the man page.
//!
//! Subcommands run headless, for scripts and pipelines. Exit codes: 0 success, 1 when
//! `validate` found problems, 2 when a command could not run (the message names the file,
//! and the line and column where there is one). A closed stdout (`sayso stats --json |
//! head`) ends a command quietly with 0: what it writes to the project is saved before
//! anything is printed.
//!
//! Commands that write a project (`add`, `suggest`, `import`) hold its write lock from
//! opening it to saving it ([`crate::store::lock`](mod@crate::store::lock)); another writer waits up to `--wait`
//! seconds, then fails naming the holder.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::formats::{Discontinuous, ExportFormat, ExportOptions, Format, WriteOptions};

mod add;
mod agree;
mod assign;
mod eval;
mod export;
mod import;
mod new;
mod stats;
mod suggest;
mod sync;
mod train;
mod validate;

/// Annotate who is quoted in news articles: speakers, quotes, stances and noise lines.
#[derive(Debug, Parser)]
#[command(name = "sayso", version, about, subcommand_negates_reqs = true)]
pub struct Cli {
    /// Open the window on a project folder, its project.ron, or article files (none: the
    /// last project, or the bundled demo).
    pub paths: Vec<PathBuf>,
    /// The window: annotate as NAME (the layer edited), instead of the remembered name.
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Largest article accepted, in bytes; suffixes K, M and G (powers of 1024) work.
    /// Also the largest file `import` reads.
    #[arg(long, global = true, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub max_size: u64,
    /// How long a command that writes the project waits for another writer (the window
    /// saving, another import) before it gives up, in seconds.
    #[arg(long, global = true, value_name = "SECONDS", default_value = "10", value_parser = parse_seconds)]
    pub wait: std::time::Duration,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new project in DIR (created if needed).
    New {
        /// The project folder.
        dir: PathBuf,
        /// The project's name (default: the folder's name).
        #[arg(long)]
        name: Option<String>,
        /// Print one JSON object instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Add article files to a project: copy them into `articles/`, with ids from their
    /// file names.
    Add {
        /// The project folder or its project.ron.
        project: PathBuf,
        /// Article files: UTF-8 (with or without BOM), UTF-16 with BOM, or a legacy 8-bit
        /// encoding (detected, with a warning).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print JSON (added, skipped and failed files) instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Check every annotation against its article and the schema; exit 1 if any problem.
    Validate {
        /// The project folder or its project.ron.
        project: PathBuf,
        /// Print JSON (the problems, each with document, layer, item and message).
        #[arg(long)]
        json: bool,
    },
    /// Run the built-in suggester (the project's `suggest.ron` from `train` if there is
    /// one, else the shipped model): predict noise lines, quotes and speakers into a
    /// layer of each document (replacing that layer), and save.
    Suggest {
        /// The project folder or its project.ron.
        project: PathBuf,
        /// Only these documents (default: all).
        #[arg(long, num_args = 1.., value_name = "ID")]
        docs: Vec<String>,
        /// The layer the predictions go to.
        #[arg(long, value_name = "NAME", default_value = crate::suggest::LAYER)]
        layer: String,
        /// Print one JSON object instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Fit the suggester to a project's labelled layer (noise lines, quote conventions),
    /// report cross-validated scores, and save it as `suggest.ron` beside `project.ron`;
    /// `suggest` then uses it.
    Train {
        /// The project folder or its project.ron.
        project: PathBuf,
        /// The labelled layer to learn from, e.g. `gold` or `alice`.
        #[arg(long, value_name = "LAYER")]
        from: String,
        /// Start from the project's current model instead of the shipped one.
        #[arg(long)]
        again: bool,
        /// Print one JSON object instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Count documents, lines, noise lines, speakers, mentions, quotes and stances per layer.
    Stats {
        /// The project folder or its project.ron.
        project: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Score a prediction layer against a gold layer: precision, recall and F1 per
    /// category (exact and overlap), attribution and stance, per document and in total.
    Eval {
        /// The project folder or its project.ron.
        project: PathBuf,
        /// The reference layer.
        #[arg(long, default_value = "gold", value_name = "LAYER")]
        gold: String,
        /// The layer to score, e.g. `model:rules`.
        #[arg(long, value_name = "LAYER")]
        pred: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Import predictions (or another tool's annotations) into a layer: all or nothing,
    /// replacing that layer of the documents the file has.
    Import {
        /// The project folder or its project.ron.
        project: PathBuf,
        /// A .jsonl file (sayso, doccano, Prodigy); a brat .ann file or folder; a citron
        /// .json file or folder; a Label Studio .json export.
        file: PathBuf,
        /// The file's format (default: from its content, else its extension).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// The layer to fill, e.g. `model:crf` or `alice`.
        #[arg(long, value_name = "NAME")]
        layer: String,
        /// A type mapping (RON): the file's labels to sayso's roles, e.g.
        /// `(labels: {"PER": Mention, "SPEECH": Content, "VERB": Cue})`.
        #[arg(long, value_name = "FILE")]
        map: Option<PathBuf>,
        /// brat: the folder of the .txt articles, when not beside the .ann files.
        #[arg(long, value_name = "DIR")]
        texts: Option<PathBuf>,
        /// Import the good documents and refuse the others one by one (listed, with
        /// --report FILE as a TSV), instead of refusing the whole file.
        #[arg(long)]
        skip_invalid: bool,
        /// Write the refused documents (file, line, item, reason) to FILE as a TSV.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// brat: a source or cue in several fragments is refused, covered by one span
        /// from the first fragment to the last, or cut to its first fragment.
        #[arg(long, value_enum, default_value = "refuse")]
        discontinuous: Discontinuous,
        /// brat: file names end with SEP and an annotator (PolNeAR's `article_4b22.ann`
        /// with `_`): one layer LAYER-ANNOTATOR each, the article `article.txt`.
        #[arg(long, value_name = "SEP")]
        annotator_separator: Option<String>,
        /// Read and check everything, say what would be imported, save nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print one JSON object: the layers imported, refused documents, what was left out.
        #[arg(long)]
        json: bool,
    },
    /// Agreement between annotators' layers: kappa and alpha on noise lines and stances,
    /// F1 between each pair on mentions, quotes and cues, attribution; per document and
    /// over the documents that have every layer.
    Agree {
        /// The project folder or its project.ron.
        project: PathBuf,
        /// Two layers or more, comma-separated, e.g. `alice,bob`; the first is the
        /// reference of the pairwise F1 and the pivot for stances.
        #[arg(long, required = true, value_delimiter = ',', value_name = "LAYERS")]
        layers: Vec<String>,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Export one layer of every document that has it into a folder, with a manifest.json
    /// (tool version, schema, counts, the SHA-256 of each file).
    Export {
        /// The project folder or its project.ron.
        project: PathBuf,
        /// The layer to export, e.g. `gold`.
        #[arg(long, value_name = "LAYER")]
        layer: String,
        /// jsonl: LAYER.jsonl; brat: .txt + .ann per document and brat's .conf files;
        /// citron: .json per document; csv: quotes.csv; text: clean .txt + .map.json;
        /// labelstudio: tasks.json; doccano, prodigy: one .jsonl; webanno: .tsv per
        /// document; spacy: LAYER.spacy (DocBin); conll: LAYER.conll (IOB2 columns).
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The folder to write into (created if missing; it must be empty without --force).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Only documents whose layer is reviewed.
        #[arg(long)]
        only_reviewed: bool,
        /// Write into a non-empty folder, replacing files of the same names.
        #[arg(long)]
        force: bool,
        /// brat: chain each speaker's mentions with `Coref` relations instead of `Equiv`
        /// lines (INCEpTION cannot import `Equiv`).
        #[arg(long)]
        brat_relations: bool,
        /// Print one JSON object: counts and files written.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script, e.g. `sayso completions bash > /etc/bash_completion.d/sayso`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `sayso man > sayso.1`.
    Man,
    /// Hand out the documents to annotators (into assignments.ron): each to one, a share
    /// (the overlap) to several; balanced, deterministic for a seed. A re-run assigns only
    /// documents added since, with the stored options unless new ones are given.
    Assign {
        /// The project folder or its project.ron.
        project: PathBuf,
        /// The annotators (their layer names), comma-separated, e.g. `alice,bob,carol`.
        #[arg(long, value_delimiter = ',', value_name = "NAMES")]
        annotators: Vec<String>,
        /// Annotators per overlap document (default 2).
        #[arg(long, value_name = "K")]
        per_document: Option<usize>,
        /// Share of the documents given to K annotators, 0 to 1 (default 0).
        #[arg(long, value_name = "FRACTION")]
        overlap: Option<f64>,
        /// Seed of the random choices (default 0).
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
        /// Print one JSON object instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Share your work through git: commit your own layer files, pull (rebase), push.
    /// A conflict is explained and the pull undone, never left half-merged.
    Sync {
        /// The project folder or its project.ron (inside a git repository).
        project: PathBuf,
        /// Whose layer files to commit (your name; comma-separated for several).
        #[arg(long, value_delimiter = ',', value_name = "NAME")]
        annotator: Vec<String>,
        /// Also commit the project's own files: project.ron, assignments.ron,
        /// GUIDELINES.md, .gitignore and articles/ (for the project lead).
        #[arg(long)]
        project_files: bool,
        /// The commit message.
        #[arg(long, short, value_name = "MESSAGE")]
        message: Option<String>,
        /// Print one JSON object instead of lines.
        #[arg(long)]
        json: bool,
    },
}

fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, factor) = match s.char_indices().last() {
        Some((i, 'k' | 'K')) => (&s[..i], 1 << 10),
        Some((i, 'm' | 'M')) => (&s[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .ok_or_else(|| format!("{s:?} is not a size (examples: 1000000, 512K, 64M, 1G)"))
}

fn parse_seconds(s: &str) -> Result<std::time::Duration, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n >= 0.0 && *n < 1e9)
        .map(std::time::Duration::from_secs_f64)
        .ok_or_else(|| format!("{s:?} is not a number of seconds (examples: 0, 2.5, 60)"))
}

impl Command {
    /// The subcommand's name, e.g. `import`.
    pub fn name(&self) -> &'static str {
        match self {
            Command::New { .. } => "new",
            Command::Add { .. } => "add",
            Command::Validate { .. } => "validate",
            Command::Suggest { .. } => "suggest",
            Command::Stats { .. } => "stats",
            Command::Eval { .. } => "eval",
            Command::Import { .. } => "import",
            Command::Agree { .. } => "agree",
            Command::Export { .. } => "export",
            Command::Completions { .. } => "completions",
            Command::Man => "man",
            Command::Assign { .. } => "assign",
            Command::Sync { .. } => "sync",
            Command::Train { .. } => "train",
        }
    }
}

/// Stdout was closed by its reader (`| head`): the command ends quietly.
#[derive(Debug, thiserror::Error)]
#[error("stdout was closed")]
pub(crate) struct StdoutClosed;

/// Writes to stdout: a closed pipe is [`StdoutClosed`], other failures an error.
pub(crate) fn write_stdout(args: std::fmt::Arguments) -> anyhow::Result<()> {
    use std::io::Write;
    let mut text = args.to_string();
    // Names come from files: a control character never reaches the terminal raw.
    if text.chars().any(crate::text::is_control) {
        text = crate::text::escape_controls(&text);
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(StdoutClosed.into()),
        Err(e) => Err(anyhow::anyhow!("cannot write the output: {e}")),
    }
}

/// `println!` that ends the command quietly when stdout is closed (returns from the
/// enclosing function with [`StdoutClosed`]).
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::write_stdout(format_args!("{}\n", format_args!($($arg)*)))?
    };
}

/// Writes a line to stderr, escaping control characters; a closed stderr is ignored
/// (never a panic).
pub(crate) fn write_stderr(args: std::fmt::Arguments) {
    use std::io::Write;
    let text = crate::text::escape_controls(&args.to_string());
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// `eprintln!` that escapes control characters and never panics.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::write_stderr(format_args!($($arg)*))
    };
}

/// `print!` that ends the command quietly when stdout is closed.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::write_stdout(format_args!($($arg)*))?
    };
}

pub(crate) use {errln, out, outln};

/// Runs a subcommand and prints its errors: exit 0, 1 (problems found) or 2 (failed).
pub fn main(command: Command, max_size: u64) -> ExitCode {
    crate::store::lock::set_writer_name(&format!("`sayso {}`", command.name()));
    match run(command, max_size) {
        Ok(code) => code,
        Err(err) if err.downcast_ref::<StdoutClosed>().is_some() => ExitCode::SUCCESS,
        Err(err) => {
            // Our errors already name their cause; `{:#}` would repeat it. Names in them
            // come from files: never let their control characters reach the terminal.
            errln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

/// Runs one subcommand, printing its output; errors are returned for the caller to print.
pub fn run(command: Command, limit: u64) -> anyhow::Result<ExitCode> {
    match command {
        Command::New { dir, name, json } => new::run(&dir, name, json)?,
        Command::Add {
            project,
            files,
            json,
        } => add::run(&project, &files, json, limit)?,
        Command::Validate { project, json } => return validate::run(&project, json, limit),
        Command::Suggest {
            project,
            docs,
            layer,
            json,
        } => suggest::run(&project, &docs, &layer, json, limit)?,
        Command::Train {
            project,
            from,
            again,
            json,
        } => train::run(&project, &from, again, json, limit)?,
        Command::Stats { project, json } => stats::run(&project, json, limit)?,
        Command::Eval {
            project,
            gold,
            pred,
            json,
        } => eval::run(&project, &gold, &pred, json, limit)?,
        Command::Import {
            project,
            file,
            format,
            layer,
            map,
            texts,
            skip_invalid,
            report,
            discontinuous,
            annotator_separator,
            dry_run,
            json,
        } => {
            let args = import::ImportArgs {
                format,
                map,
                texts,
                skip_invalid,
                report,
                discontinuous,
                annotator_separator,
                dry_run,
                json,
            };
            import::run(&project, &file, &layer, args, limit)?
        }
        Command::Agree {
            project,
            layers,
            json,
        } => agree::run(&project, &layers, json, limit)?,
        Command::Export {
            project,
            layer,
            format,
            out,
            only_reviewed,
            force,
            brat_relations,
            json,
        } => {
            let options = ExportOptions {
                layer,
                format,
                out,
                only_reviewed,
                force,
            };
            export::run(
                &project,
                options,
                WriteOptions { brat_relations },
                json,
                limit,
            )?
        }
        // Written whole, then printed: a closed stdout ends quietly like everywhere.
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "sayso", &mut script);
            out!("{}", String::from_utf8_lossy(&script));
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            let mut page = Vec::new();
            clap_mangen::Man::new(command).render(&mut page)?;
            out!("{}", String::from_utf8_lossy(&page));
        }
        Command::Assign {
            project,
            annotators,
            per_document,
            overlap,
            seed,
            json,
        } => {
            let options = assign::Options {
                annotators,
                per_document,
                overlap,
                seed,
            };
            assign::run(&project, options, json, limit)?
        }
        Command::Sync {
            project,
            annotator,
            project_files,
            message,
            json,
        } => {
            let options = crate::team::SyncOptions {
                layers: annotator,
                project_files,
                message,
            };
            sync::run(&project, options, json)?
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The subcommand a mistyped first argument most likely meant (`exprot` → `export`), when
/// it is no path: for the message "no such file or folder".
pub fn did_you_mean(arg: &str) -> Option<String> {
    if arg.contains(['/', '\\', '.']) {
        return None;
    }
    let command = <Cli as clap::CommandFactory>::command();
    command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .map(|name| (strsim::jaro(arg, &name), name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

pub(crate) use crate::table::counted;

pub(crate) fn print_warnings(warnings: &[String]) {
    for w in warnings {
        errln!("warning: {w}");
    }
}
