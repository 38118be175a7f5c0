//! Command-line interface: one file per subcommand, each with its clap
//! `Args` (doc comments are the help text) and one `run`.

mod batch;
mod check_data;
mod classify;
mod clean;
mod completions;
mod convert;
mod eval;
mod eval_langs;
mod features;
#[cfg(unix)]
mod interrupt;
mod langs;
mod man;
mod options;
mod output;
mod progress;
mod quiet_stderr;
mod report;
mod train;
mod training_options;

use anyhow::Context;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

pub use output::is_broken_pipe;

/// Cleans scraped articles: labels every block as headline, caption, body,
/// quote or boilerplate, finds languages and mixed-language segments, and
/// writes the cleaned article.
#[derive(Parser, Debug)]
#[command(name = "gleaner", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Use N threads (default: one per core).
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// No progress bar and no summary on standard error (errors and warnings still show).
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the cleaned article(s): boilerplate removed.
    Clean(clean::Args),
    /// Show every block with its label, probability and language.
    Classify(classify::Args),
    /// Report the main language, block languages and mixed-language segments.
    Langs(langs::Args),
    /// Train a model from labeled documents.
    Train(train::Args),
    /// Score a model (or another tool's predictions) on labeled documents, or cross-validate.
    Eval(eval::Args),
    /// Score the language analysis on a gold set (block languages, segments) or the main language on labeled pages.
    EvalLangs(eval_langs::Args),
    /// Validate labeled data and print counts, duplicates and suspicious documents.
    CheckData(check_data::Args),
    /// Convert labeled data between JSONL and the hand-annotation format.
    Convert(convert::Args),
    /// List the feature families: what the model sees of every block.
    Features(features::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions::Args),
    /// Print the manual page (roff), of gleaner or of one subcommand.
    Man(man::Args),
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    progress::set_quiet(cli.quiet);
    if let Some(threads) = cli.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(threads))
            .build_global()
            .context("--threads")?;
    }
    match cli.command {
        Command::Clean(args) => clean::run(args),
        Command::Classify(args) => classify::run(args),
        Command::Langs(args) => langs::run(args),
        Command::Train(args) => train::run(args),
        Command::Eval(args) => eval::run(args),
        Command::EvalLangs(args) => eval_langs::run(args),
        Command::CheckData(args) => check_data::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Features(args) => features::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// clap's own checks (no two flags with one name, global flags such as
    /// `--threads` and `-q` clashing with none), which release builds skip.
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
