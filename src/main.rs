//! The `gleaner` command: parses arguments, runs one subcommand, prints an
//! error once and maps it to an exit code. All the work is in the library.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(error) if cli::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gleaner: {error:#}");
            ExitCode::from(2)
        }
    }
}
