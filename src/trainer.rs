//! Training and measuring models from the library: [`TrainingData`] read
//! from labeled files, a [`Trainer`] that fits (and cross-validates) a
//! model, and [`Scores`] from [`Cleaner::evaluate`] or cross-validation.
//!
//! Training uses linfa-bayes 0.8.1, whose `MultinomialNb::fit_with` still has
//! a leftover `dbg!`: while a model trains, its class histograms are written
//! to the process's standard error (megabytes for the default settings).
//! gleaner does not redirect a process's stderr on its own; a program that
//! minds redirects file descriptor 2 around [`Trainer::train`], as the
//! `gleaner` binary does.

use crate::Cleaner;
use crate::data::{LabeledData, read_labeled};
use crate::error::Result;
use crate::eval::report;
use crate::labels::LabelSet;
use crate::language::LanguageAnalyzer;
use crate::model::Model;
use crate::train::TrainingSettings;
use crate::train::{TrainingRun, train_from_data};
use std::path::{Path, PathBuf};

/// Labeled documents: labeled-document JSONL (`*.jsonl`) or the
/// hand-annotation format (`*.ann.txt`), checked once when read.
#[derive(Debug, Clone)]
pub struct TrainingData {
    data: LabeledData,
}

impl TrainingData {
    /// Reads files and directories (their `*.jsonl` and `*.ann.txt`) labeled
    /// with gleaner's five labels.
    ///
    /// # Errors
    /// The first problem found, naming its file and line: an unreadable
    /// file, a malformed line, an unknown label, an empty block, a
    /// duplicate id.
    pub fn read<P: AsRef<Path>>(paths: impl IntoIterator<Item = P>) -> Result<TrainingData> {
        TrainingData::read_with_labels(paths, crate::labels::STANDARD_LABELS)
    }

    /// Reads labeled data with a label set of its own (at least two labels;
    /// a cleaned article drops the one named `boilerplate`).
    ///
    /// # Errors
    /// As [`TrainingData::read`], and [`crate::Error::InvalidSetting`] for an
    /// invalid label set.
    pub fn read_with_labels<P: AsRef<Path>, S: AsRef<str>>(
        paths: impl IntoIterator<Item = P>,
        labels: impl IntoIterator<Item = S>,
    ) -> Result<TrainingData> {
        let labels = LabelSet::new(labels.into_iter().map(|l| l.as_ref().to_string()).collect())?;
        let paths: Vec<PathBuf> = paths
            .into_iter()
            .map(|p| p.as_ref().to_path_buf())
            .collect();
        Ok(TrainingData {
            data: read_labeled(&paths, &labels)?,
        })
    }

    /// How many documents were read.
    pub fn documents(&self) -> usize {
        self.data.documents.len()
    }

    /// The labeled blocks per label, in the label set's order (blocks
    /// labeled `null` are not counted).
    pub fn blocks_per_label(&self) -> Vec<(String, usize)> {
        crate::train::label_counts(&self.data)
    }
}

/// Fits a model: features and naive Bayes with the default settings, and,
/// with folds, grouped cross-validation that picks the decoder and measures
/// the model on documents it did not see.
///
/// ```no_run
/// let data = gleaner::TrainingData::read(["training-data/train"])?;
/// let trained = gleaner::Trainer::new().folds(5).seed(13).train(&data)?;
/// if let Some(scores) = trained.cross_validated_scores() {
///     println!("content F1 {:.3}", scores.content_f1_blocks());
/// }
/// trained.save("my.gleaner")?;
/// let cleaner = trained.into_cleaner();
/// # Ok::<(), gleaner::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Trainer {
    settings: TrainingSettings,
    folds: usize,
    seed: u64,
}

impl Default for Trainer {
    fn default() -> Trainer {
        Trainer {
            settings: TrainingSettings::default(),
            folds: 0,
            seed: 13,
        }
    }
}

impl Trainer {
    /// The default settings, without cross-validation.
    pub fn new() -> Trainer {
        Trainer::default()
    }

    /// Cross-validate over this many folds (grouped by document) before
    /// fitting on everything; 0 (the default) skips it, 1 is an error.
    pub fn folds(mut self, folds: usize) -> Trainer {
        self.folds = folds;
        self
    }

    /// The seed of the fold assignment (default 13).
    pub fn seed(mut self, seed: u64) -> Trainer {
        self.seed = seed;
        self
    }

    /// Fits the model; the model carries its provenance (data hash,
    /// settings, date, cross-validated scores).
    ///
    /// # Errors
    /// [`crate::Error::InvalidSetting`] for one fold;
    /// [`crate::Error::Training`] when a label has no training block.
    pub fn train(&self, data: &TrainingData) -> Result<TrainedModel> {
        self.settings.validate()?;
        let run = TrainingRun {
            folds: self.folds,
            seed: self.seed,
            max_errors: 0,
            decoder: None,
            progress: None,
        };
        let outcome = train_from_data(
            &data.data,
            &self.settings,
            &LanguageAnalyzer::default(),
            &run,
        )?;
        Ok(TrainedModel {
            model: outcome.model,
            cross_validation: outcome
                .cross_validation
                .map(|report| Scores(report.overall.scores)),
        })
    }
}

/// A model fresh from [`Trainer::train`].
#[derive(Debug, Clone)]
pub struct TrainedModel {
    model: Model,
    cross_validation: Option<Scores>,
}

impl TrainedModel {
    /// The cross-validated scores, when the trainer had folds.
    pub fn cross_validated_scores(&self) -> Option<&Scores> {
        self.cross_validation.as_ref()
    }

    /// Writes the model file, whole or not at all.
    ///
    /// # Errors
    /// [`crate::Error::Io`] when it cannot be written.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        self.model.save(path.as_ref())
    }

    /// The model file's bytes (what [`TrainedModel::save`] writes).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.model.to_bytes()
    }

    /// A cleaner with this model and the default language settings.
    pub fn into_cleaner(self) -> Cleaner {
        Cleaner::from_parts(self.model, LanguageAnalyzer::default(), None)
            .expect("keeping the default labels always works")
    }
}

impl Cleaner {
    /// Scores the cleaner's model on labeled documents: each document is
    /// cleaned from its blocks as given, and its labels compared with the
    /// gold ones (blocks labeled `null` are not scored).
    ///
    /// # Errors
    /// [`crate::Error::InvalidSetting`] when the data's labels are not the
    /// model's.
    pub fn evaluate(&self, data: &TrainingData) -> Result<Scores> {
        let labels = self.model().labels();
        if data.data.labels != *labels {
            return Err(crate::Error::InvalidSetting(format!(
                "the data is labeled {}, the model {}",
                data.data.labels.joined(),
                labels.joined()
            )));
        }
        let scored = self.pipeline.score(&data.data);
        Ok(Scores(report(labels, &scored, 0).overall.scores))
    }
}

/// How well labels match gold labels, over all scored blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores(crate::eval::Scores);

impl Scores {
    /// Scored blocks.
    pub fn blocks(&self) -> u64 {
        self.0.blocks
    }

    /// Mean F1 over the labels present in the gold data.
    pub fn macro_f1(&self) -> f64 {
        self.0.macro_f1
    }

    /// Share of blocks labeled right.
    pub fn accuracy(&self) -> f64 {
        self.0.accuracy
    }

    /// F1 of content (every label but boilerplate) against boilerplate, by blocks.
    pub fn content_f1_blocks(&self) -> f64 {
        self.0.content_f1_blocks
    }

    /// F1 of content against boilerplate, weighted by characters.
    pub fn content_f1_chars(&self) -> f64 {
        self.0.content_f1_chars
    }

    /// One label's F1, if the label occurs in the gold data or the predictions.
    pub fn f1(&self, label: &str) -> Option<f64> {
        self.0.f1_of(label)
    }
}
