//! Options shared by `train` and `eval --folds`: how each data set's labels
//! are used, the decoder to keep, the feature and smoothing settings, the
//! label set. One definition, so that the accuracy gate (`eval --folds`)
//! measures exactly what `train` builds.

use anyhow::{Context, bail};
use gleaner::data::LabeledData;
use gleaner::features::FeatureSettings;
use gleaner::labels::LabelSet;
use gleaner::model::{Decoder, Model, RuleSwitches, ScoreSummary};
use gleaner::train::TrainingSettings;
use std::path::PathBuf;

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
    /// Read each labeled record's page from DIR/<id>.html, where there is one and the record has no html of its own (as the shared dev sets keep their pages); its blocks are then the HTML reader's, labeled by text.
    #[arg(long, value_name = "DIR")]
    html_dir: Option<PathBuf>,
    /// Let the pages read with their HTML from PATH teach only the markup factor (their text is not learned from), e.g. authored HTML pages of many languages.
    #[arg(long, value_name = "PATH")]
    markup_only: Vec<PathBuf>,
}

impl DataOptions {
    /// Applies the label options to the data.
    pub fn apply(&self, data: &mut LabeledData) -> anyhow::Result<()> {
        // Pages first: the label options work on the blocks the reader cut.
        if let Some(dir) = &self.html_dir
            && data.read_pages_from(dir)? == 0
        {
            bail!(
                "--html-dir {}: no page named after a record's id there",
                dir.display()
            );
        }
        for path in &self.markup_only {
            if data.markup_only(path) == 0 {
                bail!(
                    "--markup-only {}: no page read with its HTML from that path",
                    path.display()
                );
            }
        }
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

/// Both decoders' cross-validated macro-F1 / content F1 (blocks) / content
/// F1 (characters), the three scores the decoder is chosen by.
pub fn decoder_comparison(scores: &ScoreSummary) -> String {
    let scores = &scores.decoders;
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

/// The label set asked for, or the standard one.
pub fn label_set(names: &[String]) -> anyhow::Result<LabelSet> {
    if names.is_empty() {
        Ok(LabelSet::standard())
    } else {
        Ok(LabelSet::new(names.to_vec())?)
    }
}

/// How a model decodes pages read from HTML: its markup factor's weight and
/// decoder, or `None` for a model that learned from plain text only.
pub fn markup_summary(model: &Model) -> Option<String> {
    model.html_factor().map(|factor| {
        format!(
            "pages with markup: markup factor weight {}, decoder {}",
            factor.weight, factor.decoder.decoder
        )
    })
}
