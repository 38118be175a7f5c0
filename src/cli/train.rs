//! `gleaner train DATA... -o MODEL`: trains a model and prints a short report.

use super::output::{Output, refuse_input_as_output};
use super::progress::FoldBar;
use super::quiet_stderr::QuietStderr;
use super::report::{Format, print_report};
use super::training_options::{
    DataOptions, TuningArgs, decoder_comparison, label_set, markup_summary,
};
use anyhow::{Context, bail};
use gleaner::data::read_labeled;
use gleaner::language::LanguageAnalyzer;
use gleaner::train::{TrainingRun, label_counts, train_from_data};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Train a model from labeled documents (labeled-document JSONL or *.ann.txt files, or directories of them).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Labeled data files or directories; `-` reads labeled-document JSONL from standard input.
    #[arg(required = true, value_name = "DATA")]
    data: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(short, long, value_name = "MODEL")]
    output: PathBuf,
    /// Cross-validation folds (grouped by document) for the scores and the decoder; 0 skips it.
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Seed of the fold assignment.
    #[arg(long, default_value_t = 13)]
    seed: u64,
    /// The label set (comma-separated). Default: headline,caption,body,quote,boilerplate.
    #[arg(long, value_delimiter = ',', value_name = "LABELS")]
    labels: Vec<String>,
    #[command(flatten)]
    data_options: DataOptions,
    #[command(flatten)]
    tuning: TuningArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let labels = label_set(&args.labels)?;
    let mut data = read_labeled(&args.data, &labels)?;
    refuse_input_as_output(&args.output, data.files.iter().map(PathBuf::as_path))?;
    args.data_options.apply(&mut data)?;
    let counts = label_counts(&data);
    let missing: Vec<&str> = counts
        .iter()
        .filter(|(_, n)| *n == 0)
        .map(|(l, _)| l.as_str())
        .collect();
    if !missing.is_empty() {
        bail!(
            "no training blocks for label(s) {}: add examples or pass --labels without them",
            missing.join(", ")
        );
    }
    let outcome = {
        // Taken before fd 2 is silenced: the bar draws on the real stderr.
        let bar = FoldBar::new(args.folds);
        let _quiet = QuietStderr::new();
        let report = |progress| bar.report(progress);
        let run = TrainingRun {
            folds: args.folds,
            seed: args.seed,
            max_errors: 0,
            decoder: args.data_options.decoder(),
            progress: Some(&report),
        };
        let outcome = train_from_data(
            &data,
            &args.tuning.settings()?,
            &LanguageAnalyzer::default(),
            &run,
        );
        bar.finish();
        outcome?
    };
    outcome
        .model
        .save(&args.output)
        .context("cannot save the model")?;

    let mut out = Output::open(None)?;
    writeln!(
        out,
        "trained on {} documents from {} file(s)",
        data.documents.len(),
        data.files.len()
    )?;
    writeln!(out, "labeled blocks per label:")?;
    for (label, n) in &counts {
        writeln!(out, "  {label:<12} {n:>7}")?;
    }
    writeln!(out, "labeled blocks per document language:")?;
    let mut languages: Vec<(String, usize)> = Vec::new();
    for d in &data.documents {
        let lang = d.lang.clone().unwrap_or_else(|| "unknown".into());
        let n = d.labels.iter().flatten().count();
        match languages.iter_mut().find(|(l, _)| *l == lang) {
            Some((_, total)) => *total += n,
            None => languages.push((lang, n)),
        }
    }
    languages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (lang, n) in &languages {
        writeln!(out, "  {lang:<12} {n:>7}")?;
    }
    let provenance = outcome.model.provenance();
    if let Some(scores) = &provenance.scores {
        writeln!(out, "{}:", scores.method)?;
        writeln!(
            out,
            "  macro-F1 {:.3} (independent decoding {:.3}, sequence decoding {:.3}; model uses {})",
            scores.macro_f1,
            scores.decoders.independent_macro_f1,
            scores.decoders.sequence_macro_f1,
            outcome.model.decoder().decoder
        )?;
        writeln!(
            out,
            "  decoders compared by the mean of macro-F1 and content F1 (blocks, characters): {}",
            decoder_comparison(scores)
        )?;
        writeln!(
            out,
            "  content-vs-boilerplate F1 {:.3} (blocks) / {:.3} (characters), accuracy {:.3}",
            scores.content_f1_blocks, scores.content_f1_chars, scores.accuracy
        )?;
    }
    if let Some(markup) = markup_summary(&outcome.model) {
        writeln!(out, "{markup}")?;
    }
    if let Some(report) = &outcome.cross_validation {
        print_report(&mut out, report, Format::Text)?;
    }
    // A label set of its own may lack the labels a page rule works on:
    // say so rather than let the rule silently do nothing.
    for (rule, missing) in outcome.model.unusable_rules() {
        let names: Vec<&str> = missing.iter().map(|role| role.label_name()).collect();
        writeln!(
            out,
            "page rule {} cannot run: the label set has no {} label",
            rule.name,
            names.join(" or ")
        )?;
    }
    writeln!(out, "model written to {}", args.output.display())?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
