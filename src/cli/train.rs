//! `gleaner train DATA... -o MODEL`: trains a model and prints a short report.

use super::eval::print_report;
use super::output::Output;
use anyhow::{bail, Context};
use gleaner::data::read_labeled;
use gleaner::features::FeatureSettings;
use gleaner::labels::LabelSet;
use gleaner::language::LanguageAnalyzer;
use gleaner::model::TrainingSettings;
use gleaner::training::{label_counts, train_from_data};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Train a model from labeled documents (labeled-document JSONL or *.ann.txt files, or directories of them).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Labeled data files or directories.
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
    /// Treat gold `body` blocks from <h1>-<h6> as `headline` (the aeb set labels section headings body).
    #[arg(long)]
    headings_as_headlines: bool,
    #[command(flatten)]
    tuning: TuningArgs,
}

/// Feature and smoothing settings (the defaults are the tuned ones).
#[derive(clap::Args, Debug)]
pub struct TuningArgs {
    /// Hash features into 2^BITS buckets.
    #[arg(long, value_name = "BITS")]
    hash_bits: Option<u8>,
    /// Total weight of a block's word features.
    #[arg(long)]
    word_mass: Option<f32>,
    /// Weight of each neighbour-context feature.
    #[arg(long)]
    context_weight: Option<f32>,
    /// Additive smoothing of feature counts.
    #[arg(long)]
    smoothing: Option<f64>,
}

impl TuningArgs {
    pub fn settings(&self) -> TrainingSettings {
        let defaults = TrainingSettings::default();
        let features = FeatureSettings {
            hash_bits: self.hash_bits.unwrap_or(defaults.features.hash_bits),
            word_mass: self.word_mass.unwrap_or(defaults.features.word_mass),
            context_weight: self.context_weight.unwrap_or(defaults.features.context_weight),
            ..defaults.features.clone()
        };
        TrainingSettings { features, smoothing: self.smoothing.unwrap_or(defaults.smoothing), ..defaults }
    }
}

/// The label set asked for, or the standard one.
pub fn label_set(names: &[String]) -> anyhow::Result<LabelSet> {
    if names.is_empty() { Ok(LabelSet::standard()) } else { Ok(LabelSet::new(names.to_vec())?) }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let labels = label_set(&args.labels)?;
    let mut data = read_labeled(&args.data, &labels)?;
    if args.headings_as_headlines {
        data.headings_as_headlines();
    }
    let counts = label_counts(&data);
    let missing: Vec<&str> = counts.iter().filter(|(_, n)| *n == 0).map(|(l, _)| l.as_str()).collect();
    if !missing.is_empty() {
        bail!("no training blocks for label(s) {}: add examples or pass --labels without them", missing.join(", "));
    }
    let outcome = train_from_data(&data, &args.tuning.settings(), args.folds, args.seed, &LanguageAnalyzer::default(), 0)?;
    outcome.model.save(&args.output).context("cannot save the model")?;

    let mut out = Output::open(None)?;
    writeln!(out, "trained on {} documents from {} file(s)", data.documents.len(), data.files.len())?;
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
        writeln!(out, "  macro-F1 {:.3} (independent decoding {:.3}, sequence decoding {:.3}; model uses {})", scores.macro_f1, scores.independent_macro_f1, scores.sequence_macro_f1, outcome.model.decoder().decoder)?;
        writeln!(out, "  content-vs-boilerplate F1 {:.3} (blocks) / {:.3} (characters), accuracy {:.3}", scores.content_f1_blocks, scores.content_f1_chars, scores.accuracy)?;
    }
    if let Some(report) = &outcome.cross_validation {
        print_report(&mut out, report, super::eval::Format::Text)?;
    }
    writeln!(out, "model written to {}", args.output.display())?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
