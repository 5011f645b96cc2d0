use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    dossier::run(dossier::cli::Cli::parse())
}
