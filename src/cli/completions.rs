//! `gleaner completions SHELL`: a completion script for a shell, generated
//! from the same clap definitions that parse the arguments, so it never
//! lists an option gleaner does not have.

use super::output::Output;
use clap::CommandFactory;
use clap_complete::Shell;
use std::process::ExitCode;

/// Print a shell completion script, e.g. `gleaner completions bash > /etc/bash_completion.d/gleaner`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The shell.
    #[arg(value_enum)]
    shell: Shell,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut command = super::Cli::command();
    let mut out = Output::open(None)?;
    clap_complete::generate(args.shell, &mut command, "gleaner", &mut out);
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
