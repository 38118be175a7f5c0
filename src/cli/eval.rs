//! `gleaner eval`: scores a model, another tool's predictions, or grouped
//! cross-validation on labeled documents.

use super::classify::preview;
use super::output::Output;
use super::train::{DataOptions, TuningArgs, decoder_comparison, label_set};
use anyhow::{Context, bail};
use clap::ValueEnum;
use gleaner::data::{LabeledData, read_labeled};
use gleaner::eval::{EvalReport, GroupScores, ScoredDocument, report};
use gleaner::language::LanguageAnalyzer;
use gleaner::model::{Model, Prediction};
use gleaner::pipeline::Cleaner;
use gleaner::training::train_from_data;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats of `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable tables.
    Text,
    /// Markdown tables.
    Markdown,
    /// One JSON object.
    Json,
}

/// Score a model on labeled documents; with --folds, cross-validate training on them; with --predicted, score another tool's labels.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Gold labeled data: files or directories (*.jsonl, *.ann.txt).
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
        let outcome = train_from_data(
            &gold,
            &args.tuning.settings()?,
            folds,
            args.seed,
            &LanguageAnalyzer::default(),
            args.errors,
            args.data_options.decoder(),
        )?;
        if let Some(scores) = &outcome.model.provenance().scores {
            preface = Some(format!(
                "decoder: {} (macro-F1/content F1 blocks/characters: {})",
                outcome.model.decoder().decoder,
                decoder_comparison(scores)
            ));
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
    let cleaner = Cleaner::new(model, LanguageAnalyzer::default());
    let scored: Vec<ScoredDocument> = gold
        .documents
        .par_iter()
        .map(|d| ScoredDocument {
            gold: d,
            file: d.source.path.display().to_string(),
            predictions: cleaner.classify(d.document.clone()).predictions,
        })
        .collect();
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
    let mut out = Output::open(args.output.as_deref())?;
    if let Some(preface) = preface.filter(|_| args.format != Format::Json) {
        writeln!(out, "{preface}")?;
    }
    print_report(&mut out, report, args.format)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Writes an evaluation report.
pub fn print_report(
    out: &mut impl Write,
    report: &EvalReport,
    format: Format,
) -> anyhow::Result<()> {
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, report)?;
        writeln!(out)?;
        return Ok(());
    }
    let md = format == Format::Markdown;
    let groups: Vec<&GroupScores> = std::iter::once(&report.overall)
        .chain(&report.files)
        .chain(&report.languages)
        .collect();
    let mut header = vec![
        "group".to_string(),
        "docs".into(),
        "blocks".into(),
        "content F1 blocks".into(),
        "content F1 chars".into(),
        "macro-F1".into(),
        "accuracy".into(),
    ];
    header.extend(report.labels.iter().map(|l| format!("{l} F1")));
    let mut rows = Vec::new();
    for (i, group) in groups.iter().enumerate() {
        let kind = if i == 0 {
            ""
        } else if i <= report.files.len() {
            "file "
        } else {
            "lang "
        };
        let s = &group.scores;
        let mut row = vec![
            format!("{kind}{}", group.name),
            group.documents.to_string(),
            s.blocks.to_string(),
            format!("{:.3}", s.content_f1_blocks),
            format!("{:.3}", s.content_f1_chars),
            format!("{:.3}", s.macro_f1),
            format!("{:.3}", s.accuracy),
        ];
        row.extend(
            report
                .labels
                .iter()
                .map(|l| s.f1_of(l).map_or("-".into(), |f| format!("{f:.3}"))),
        );
        rows.push(row);
    }
    write_table(out, &header, &rows, md)?;
    writeln!(out)?;
    writeln!(
        out,
        "confusion matrix (overall; rows gold, columns predicted):"
    )?;
    let mut header = vec!["gold \\ predicted".to_string()];
    header.extend(report.labels.iter().cloned());
    let rows: Vec<Vec<String>> = report
        .labels
        .iter()
        .zip(&report.overall.scores.confusion)
        .map(|(l, row)| {
            std::iter::once(l.clone())
                .chain(row.iter().map(|n| n.to_string()))
                .collect()
        })
        .collect();
    write_table(out, &header, &rows, md)?;
    if !report.errors.is_empty() {
        writeln!(out)?;
        writeln!(out, "most confident mistakes:")?;
        for e in &report.errors {
            writeln!(
                out,
                "  {} #{}: {} → {} ({})  {}",
                e.document,
                e.block,
                e.gold,
                e.predicted,
                match (e.probability, e.rule) {
                    (_, Some(rule)) => format!("rule {rule}"),
                    (Some(p), None) => format!("{p:.3}"),
                    (None, None) => "-".into(),
                },
                preview(&e.text, 70)
            )?;
        }
    }
    Ok(())
}

fn write_table(
    out: &mut impl Write,
    header: &[String],
    rows: &[Vec<String>],
    markdown: bool,
) -> std::io::Result<()> {
    if markdown {
        writeln!(out, "| {} |", header.join(" | "))?;
        writeln!(
            out,
            "|{}",
            header.iter().map(|_| "---|").collect::<String>()
        )?;
        for row in rows {
            writeln!(out, "| {} |", row.join(" | "))?;
        }
        return Ok(());
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            std::iter::once(&header[c])
                .chain(rows.iter().map(|r| &r[c]))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(header).chain(rows.iter().map(|r| r.as_slice())) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (s, w))| {
                if c == 0 {
                    format!("{s:<w$}")
                } else {
                    format!("{s:>w$}")
                }
            })
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}
