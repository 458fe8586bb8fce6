//! The `sayso` binary: a subcommand runs headless; otherwise the window opens.

use std::process::ExitCode;

use clap::Parser;
use sayso::cli::Cli;

// Opening a project allocates a value per span; mimalloc cut `sayso eval`'s CPU time on
// 10,000 documents by a fifth against the system allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    sayso::store::lock::set_wait(cli.wait);
    if let Some(command) = cli.command {
        if let Some(path) = cli.paths.first() {
            eprintln!(
                "error: {}: a path to open and the subcommand `{}` were both given; give one",
                path.display(),
                command.name()
            );
            return ExitCode::from(2);
        }
        return sayso::cli::main(command, cli.max_size);
    }
    // A mistyped path is said here, not in a window.
    if let Some(missing) = cli.paths.iter().find(|p| !p.exists()) {
        let meant = (cli.paths.first() == Some(missing))
            .then(|| sayso::cli::did_you_mean(&missing.to_string_lossy()))
            .flatten();
        match meant {
            Some(name) => eprintln!(
                "error: {}: no such file or folder, nor subcommand; did you mean `sayso {name}`?",
                missing.display()
            ),
            None => eprintln!("error: {}: no such file or folder", missing.display()),
        }
        return ExitCode::from(2);
    }
    window(cli)
}

#[cfg(feature = "gui")]
fn window(cli: Cli) -> ExitCode {
    match sayso::ui::run(cli.paths, cli.annotator) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot open the window: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn window(_cli: Cli) -> ExitCode {
    eprintln!(
        "error: this sayso is built without the window (cargo feature `gui`); \
         give a subcommand, e.g. `sayso validate PROJECT` (`sayso --help` lists them)"
    );
    ExitCode::from(2)
}
