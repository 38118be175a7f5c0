//! `gleaner train DATA... -o MODEL`: trains a model and prints a short report.

use super::eval::print_report;
use super::output::Output;
use anyhow::{Context, bail};
use gleaner::data::{LabeledData, read_labeled};
use gleaner::features::FeatureSettings;
use gleaner::labels::LabelSet;
use gleaner::language::LanguageAnalyzer;
use gleaner::model::{Decoder, RuleSwitches, ScoreSummary, TrainingSettings};
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
    #[command(flatten)]
    data_options: DataOptions,
    #[command(flatten)]
    tuning: TuningArgs,
}

/// How the labels of each data set are used, and the decoder to keep;
/// shared by `train` and `eval --folds`, so the gate measures what `train` builds.
#[derive(clap::Args, Debug)]
pub struct DataOptions {
    /// Treat gold `body` blocks from <h1>-<h6> as `headline` (the aeb set labels section headings body).
    #[arg(long)]
    headings_as_headlines: bool,
    /// Do not learn LABEL from the documents read from PATH, e.g. --unlabel readability-en.jsonl=quote.
    #[arg(long, value_name = "PATH=LABEL")]
    unlabel: Vec<String>,
    /// Do not learn from `body` blocks that are mainly a direct quotation in the documents from PATH (sets that call such paragraphs body).
    #[arg(long, value_name = "PATH")]
    skip_quotation_body: Vec<PathBuf>,
    /// Weight the documents read from PATH (a file or directory given in DATA) by W, e.g. --weight training-data/train=2.
    #[arg(long, value_name = "PATH=W", value_parser = parse_weight)]
    weight: Vec<(PathBuf, f32)>,
    /// How label sequences are decoded: as cross-validation prefers (auto), each block on its own, or Viterbi.
    #[arg(long, value_enum, default_value_t = DecoderChoice::Auto)]
    decoder: DecoderChoice,
}

impl DataOptions {
    /// Applies the label options to the data.
    pub fn apply(&self, data: &mut LabeledData) -> anyhow::Result<()> {
        if self.headings_as_headlines {
            data.headings_as_headlines();
        }
        for rule in &self.unlabel {
            let Some((path, label)) = rule.rsplit_once('=') else {
                bail!("--unlabel {rule}: expected PATH=LABEL")
            };
            let Some(id) = data.labels.id(label) else {
                bail!("--unlabel {rule}: unknown label {label:?}")
            };
            if data.unlabel(std::path::Path::new(path), id) == 0 {
                bail!("--unlabel {rule}: no {label} blocks were read from {path}");
            }
        }
        for path in &self.skip_quotation_body {
            data.skip_quotation_body(path);
        }
        for (path, weight) in &self.weight {
            if data.set_weight(path, *weight) == 0 {
                bail!(
                    "--weight {}: no training documents were read from that path",
                    path.display()
                );
            }
        }
        Ok(())
    }

    /// The decoder to force, if any.
    pub fn decoder(&self) -> Option<Decoder> {
        match self.decoder {
            DecoderChoice::Auto => None,
            DecoderChoice::Independent => Some(Decoder::Independent),
            DecoderChoice::Sequence => Some(Decoder::Sequence),
        }
    }
}

/// The decoder `train` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DecoderChoice {
    /// The one with the higher cross-validated mean of macro-F1 and content F1 (blocks, characters).
    Auto,
    /// Each block on its own.
    Independent,
    /// Viterbi over the label sequence.
    Sequence,
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
    /// Weight of the language features of a foreign-language block.
    #[arg(long)]
    language_weight: Option<f32>,
    /// Weight of the quotation features.
    #[arg(long)]
    quotation_weight: Option<f32>,
    /// Weight blocks by the inverse of their label's frequency.
    #[arg(long)]
    balance_labels: bool,
    /// Switch page rule NAME off in the model (repeatable or comma-separated; `gleaner classify --list-rules` lists them); cross-validation then tunes the others without it.
    #[arg(long = "no-rule", value_name = "NAME", value_delimiter = ',')]
    no_rules: Vec<String>,
}

impl TuningArgs {
    /// The page rules `--no-rule` switches off, as switches for
    /// [`gleaner::model::Model::with_rules`] (`eval` of a trained model
    /// applies them to it).
    pub fn rule_switches(&self) -> Vec<(&str, bool)> {
        self.no_rules
            .iter()
            .map(|name| (name.as_str(), false))
            .collect()
    }

    /// The training settings the options ask for.
    pub fn settings(&self) -> anyhow::Result<TrainingSettings> {
        let mut rules = RuleSwitches::all_on();
        for name in &self.no_rules {
            rules
                .set(name, false)
                .with_context(|| format!("--no-rule {name}"))?;
        }
        let defaults = TrainingSettings::default();
        let features = FeatureSettings {
            hash_bits: self.hash_bits.unwrap_or(defaults.features.hash_bits),
            word_mass: self.word_mass.unwrap_or(defaults.features.word_mass),
            context_weight: self
                .context_weight
                .unwrap_or(defaults.features.context_weight),
            language_weight: self
                .language_weight
                .unwrap_or(defaults.features.language_weight),
            quotation_weight: self
                .quotation_weight
                .unwrap_or(defaults.features.quotation_weight),
            ..defaults.features.clone()
        };
        Ok(TrainingSettings {
            features,
            smoothing: self.smoothing.unwrap_or(defaults.smoothing),
            balance_labels: self.balance_labels,
            rules,
            ..defaults
        })
    }
}

fn parse_weight(text: &str) -> Result<(PathBuf, f32), String> {
    let (path, weight) = text.rsplit_once('=').ok_or("expected PATH=WEIGHT")?;
    let weight: f32 = weight
        .parse()
        .map_err(|_| format!("{weight:?} is not a number"))?;
    if !(weight.is_finite() && weight > 0.0) {
        return Err("a weight must be a positive number".into());
    }
    Ok((PathBuf::from(path), weight))
}

/// The label set asked for, or the standard one.
/// Both decoders' cross-validated macro-F1 / content F1 (blocks) / content
/// F1 (characters), the three scores the decoder is chosen by.
pub fn decoder_comparison(scores: &ScoreSummary) -> String {
    format!(
        "independent {:.3}/{:.3}/{:.3}, sequence {:.3}/{:.3}/{:.3}",
        scores.independent_macro_f1,
        scores.independent_content_f1,
        scores.independent_content_f1_chars,
        scores.sequence_macro_f1,
        scores.sequence_content_f1,
        scores.sequence_content_f1_chars
    )
}

pub fn label_set(names: &[String]) -> anyhow::Result<LabelSet> {
    if names.is_empty() {
        Ok(LabelSet::standard())
    } else {
        Ok(LabelSet::new(names.to_vec())?)
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let labels = label_set(&args.labels)?;
    let mut data = read_labeled(&args.data, &labels)?;
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
    let outcome = train_from_data(
        &data,
        &args.tuning.settings()?,
        args.folds,
        args.seed,
        &LanguageAnalyzer::default(),
        0,
        args.data_options.decoder(),
    )?;
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
            scores.independent_macro_f1,
            scores.sequence_macro_f1,
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
    if let Some(report) = &outcome.cross_validation {
        print_report(&mut out, report, super::eval::Format::Text)?;
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
