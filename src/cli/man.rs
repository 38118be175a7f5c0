//! `gleaner man [COMMAND]`: the manual page, in roff, generated from the
//! clap definitions (their doc comments are the help text), so the page
//! and `--help` say the same.

use super::output::Output;
use anyhow::Context;
use clap::CommandFactory;
use std::process::ExitCode;

/// Print the manual page (roff), e.g. `gleaner man | man -l -` or `gleaner man clean > gleaner-clean.1`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A subcommand, for its own page (gleaner-COMMAND); none: the page of gleaner.
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gleaner = super::Cli::command();
    let page = match &args.command {
        None => gleaner,
        Some(name) => {
            let version = gleaner.get_version().map(str::to_string);
            let subcommand = gleaner
                .find_subcommand(name)
                .cloned()
                .with_context(|| format!("no subcommand {name:?} (`gleaner help` lists them)"))?;
            // Named and versioned as the page of `gleaner NAME`, not of a lone `NAME`.
            let subcommand = subcommand.name(format!("gleaner-{name}"));
            match version {
                Some(version) => subcommand.version(version),
                None => subcommand,
            }
        }
    };
    let mut out = Output::open(None)?;
    clap_mangen::Man::new(page).render(&mut out)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
