//! `gleaner eval`: scores a model, another tool's predictions, or grouped
//! cross-validation on labeled documents.

use super::output::Output;
use super::progress::FoldBar;
use super::quiet_stderr::QuietStderr;
use super::report::{Format, print_report};
use super::training_options::{
    DataOptions, TuningArgs, decoder_comparison, label_set, markup_summary,
};
use anyhow::{Context, bail};
use gleaner::data::{LabeledData, data_files, read_labeled};
use gleaner::eval::{EvalReport, ScoredDocument, report};
use gleaner::language::LanguageAnalyzer;
use gleaner::model::{Model, Prediction};
use gleaner::pipeline::Pipeline;
use gleaner::train::{TrainingRun, train_from_data};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Score a model on labeled documents; with --folds, cross-validate training on them; with --predicted, score another tool's labels.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Gold labeled data: files or directories (*.jsonl, *.ann.txt); `-` reads labeled-document JSONL from standard input.
    #[arg(required = true, value_name = "DATA")]
    data: Vec<PathBuf>,
    /// Model to score; default: the embedded model.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["folds", "predicted"])]
    model: Option<PathBuf>,
    /// Cross-validate instead: train on K-1 folds of DATA (grouped by document), score on the rest.
    #[arg(long, value_name = "K", conflicts_with = "predicted")]
    folds: Option<usize>,
    /// Seed of the fold assignment.
    #[arg(long, default_value_t = 13)]
    seed: u64,
    /// Score these predicted labels (same ids and blocks as DATA) instead of a model.
    #[arg(long, value_name = "PRED")]
    predicted: Vec<PathBuf>,
    /// Also list the N most confident mistakes.
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The label set (comma-separated). Default: the five standard labels.
    #[arg(long, value_delimiter = ',', value_name = "LABELS")]
    labels: Vec<String>,
    #[command(flatten)]
    data_options: DataOptions,
    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    #[command(flatten)]
    tuning: TuningArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.folds.is_none() && args.predicted.is_empty() {
        let model = match &args.model {
            Some(path) => Model::from_path(path)?,
            None => Model::embedded_default()?,
        };
        let model = model.with_rules(&args.tuning.rule_switches())?;
        return score_model(&args, model);
    }
    let labels = label_set(&args.labels)?;
    let mut gold = read_labeled(&args.data, &labels)?;
    args.data_options.apply(&mut gold)?;
    let mut preface = None;
    let report = if let Some(folds) = args.folds {
        let outcome = {
            // Taken before fd 2 is silenced: the bar draws on the real stderr.
            let bar = FoldBar::new(folds);
            let _quiet = QuietStderr::new();
            let report = |progress| bar.report(progress);
            let run = TrainingRun {
                folds,
                seed: args.seed,
                max_errors: args.errors,
                decoder: args.data_options.decoder(),
                progress: Some(&report),
            };
            let outcome = train_from_data(
                &gold,
                &args.tuning.settings()?,
                &LanguageAnalyzer::default(),
                &run,
            );
            bar.finish();
            outcome?
        };
        if let Some(scores) = &outcome.model.provenance().scores {
            let mut lines = format!(
                "decoder: {} (macro-F1/content F1 blocks/characters: {})",
                outcome.model.decoder().decoder,
                decoder_comparison(scores)
            );
            if let Some(markup) = markup_summary(&outcome.model) {
                lines = format!("{lines}\n{markup}");
            }
            preface = Some(lines);
        }
        outcome
            .cross_validation
            .context("cross-validation needs --folds 2 or more")?
    } else {
        let predicted = read_labeled(&args.predicted, &labels)?;
        report(
            &labels,
            &predicted_documents(&gold, &predicted)?,
            args.errors,
        )
    };
    write(&args, &report, preface.as_deref())
}

fn score_model(args: &Args, model: Model) -> anyhow::Result<ExitCode> {
    let labels = model.labels().clone();
    let mut gold = read_labeled(&args.data, &labels)?;
    args.data_options.apply(&mut gold)?;
    let scored = Pipeline::new(model, LanguageAnalyzer::default()).score(&gold);
    write(args, &report(&labels, &scored, args.errors), None)
}

fn predicted_documents<'a>(
    gold: &'a LabeledData,
    predicted: &LabeledData,
) -> anyhow::Result<Vec<ScoredDocument<'a>>> {
    let by_id: HashMap<&str, &gleaner::data::LabeledDocument> = predicted
        .documents
        .iter()
        .map(|d| (d.document.id.as_str(), d))
        .collect();
    let mut scored = Vec::with_capacity(gold.documents.len());
    for document in &gold.documents {
        let Some(prediction) = by_id.get(document.document.id.as_str()) else {
            bail!(
                "{}: no predictions for document {:?}",
                document.source,
                document.document.id
            );
        };
        if prediction.labels.len() != document.labels.len() {
            bail!(
                "{}: predictions for {:?} have {} blocks, the gold document {}",
                prediction.source,
                document.document.id,
                prediction.labels.len(),
                document.labels.len()
            );
        }
        let mut predictions = Vec::with_capacity(prediction.labels.len());
        for (index, label) in prediction.labels.iter().enumerate() {
            let Some(label) = *label else {
                bail!(
                    "{}: block {index} of {:?} has no predicted label",
                    prediction.source,
                    document.document.id
                );
            };
            let mut probabilities = vec![0.0; gold.labels.len()];
            probabilities[label] = 1.0;
            predictions.push(Prediction::from_model(label, probabilities));
        }
        scored.push(ScoredDocument {
            gold: document,
            file: document.source.path.display().to_string(),
            predictions,
        });
    }
    Ok(scored)
}

/// Writes the report; `preface` (which decoder cross-validation chose, and
/// why) goes before the tables, not into JSON.
fn write(args: &Args, report: &EvalReport, preface: Option<&str>) -> anyhow::Result<ExitCode> {
    // Checked after reading, when the data's files are known (directories expanded).
    let inputs = data_files(&args.data)
        .unwrap_or_default()
        .into_iter()
        .chain(data_files(&args.predicted).unwrap_or_default());
    let inputs: Vec<PathBuf> = inputs.collect();
    let mut out = Output::open_apart(args.output.as_deref(), inputs.iter().map(PathBuf::as_path))?;
    if let Some(preface) = preface.filter(|_| args.format != Format::Json) {
        writeln!(out, "{preface}")?;
    }
    print_report(&mut out, report, args.format)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
