//! The `sayso` binary: everything lives in the library; see `sayso --help`.

fn main() -> std::process::ExitCode {
    sayso::cli::main()
}
