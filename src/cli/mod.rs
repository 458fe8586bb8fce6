//! The command line: `sayso [PATH...]` opens the window (see `main.rs`); the subcommands
//! `new | add | validate | stats | suggest | train | import | eval | agree | export` work headless.
//!
//! Subcommands run headless, for scripts and pipelines. Exit codes: 0 success, 1 when
//! `validate` found problems, 2 when a command could not run (the message names the file,
//! and the line and column where there is one).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::formats::{ExportFormat, ExportOptions, Format};

mod add;
mod agree;
mod eval;
mod export;
mod import;
mod new;
mod stats;
mod suggest;
mod train;
mod validate;

/// Annotate who is quoted in news articles: speakers, quotes, stances and noise lines.
#[derive(Debug, Parser)]
#[command(name = "sayso", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Open the window on a project folder, its project.ron, or article files (none: the
    /// last project, or the bundled demo).
    pub paths: Vec<PathBuf>,
    /// The window: annotate as NAME (the layer edited), instead of the remembered name.
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Largest article accepted, in bytes; suffixes K, M and G (powers of 1024) work.
    #[arg(long, global = true, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub max_size: u64,
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
    },
    /// Check every annotation against its article and the schema; exit 1 if any problem.
    Validate {
        /// The project folder or its project.ron.
        project: PathBuf,
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
        /// A .jsonl file; a brat .ann file (its .txt beside it) or folder; a citron .json
        /// file or folder.
        file: PathBuf,
        /// The file's format (default: from its extension).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// The layer to fill, e.g. `model:crf` or `alice`.
        #[arg(long, value_name = "NAME")]
        layer: String,
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
        /// citron: .json per document; csv: quotes.csv; text: clean .txt + .map.json.
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

/// Runs a subcommand and prints its errors: exit 0, 1 (problems found) or 2 (failed).
pub fn main(command: Command, max_size: u64) -> ExitCode {
    match run(command, max_size) {
        Ok(code) => code,
        Err(err) => {
            // Our errors already name their cause; `{:#}` would repeat it.
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

/// Runs one subcommand, printing its output; errors are returned for the caller to print.
pub fn run(command: Command, limit: u64) -> anyhow::Result<ExitCode> {
    match command {
        Command::New { dir, name } => new::run(&dir, name)?,
        Command::Add { project, files } => add::run(&project, &files, limit)?,
        Command::Validate { project } => return validate::run(&project, limit),
        Command::Suggest {
            project,
            docs,
            layer,
        } => suggest::run(&project, &docs, &layer, limit)?,
        Command::Train {
            project,
            from,
            again,
        } => train::run(&project, &from, again, limit)?,
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
        } => import::run(&project, &file, format, &layer, limit)?,
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
        } => {
            let options = ExportOptions {
                layer,
                format,
                out,
                only_reviewed,
                force,
            };
            export::run(&project, options, limit)?
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "1 document", "2 documents".
pub(crate) fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

pub(crate) fn print_warnings(warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}
