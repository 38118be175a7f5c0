//! The `gleaner` command: parses arguments, runs one subcommand, prints an
//! error once and maps it to an exit code. All the work is in the library.

mod cli;

use clap::Parser;
use std::process::ExitCode;

// The allocator is the process's to choose, so the binary chooses it: a
// page read from HTML is many small strings (tags, attributes, tokens,
// feature names), and glibc's malloc and free took about a fifth of the
// instructions of `classify` on the dev HTML pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
