//! Training from labeled data, end to end: featurize every document, run
//! grouped cross-validation (which also tunes the decoder and chooses it),
//! fit the final model on everything, and record provenance and scores in
//! it. Fitting the naive-Bayes weights is [`fit()`]; cross-validation and
//! decoder tuning are [`cross_validate`]. Scores are computed by
//! [`crate::eval`], which only measures.

mod cross_validation;
mod fit;

pub use cross_validation::{CrossValidation, FeaturizedDocument, cross_validate, fold_of};
pub use fit::{TrainingDocument, TrainingSettings, fit};

use crate::data::LabeledData;
use crate::error::{Error, Result};
use crate::eval::{EvalReport, ScoredDocument, report};
use crate::labels::LabelSet;
use crate::language::LanguageAnalyzer;
use crate::model::{Decoder, Model, Provenance, ScoreSummary};
use crate::pipeline::featurize;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// What a training run produced.
pub struct TrainingOutcome {
    /// The model, with provenance.
    pub model: Model,
    /// The cross-validation report, when cross-validation ran.
    pub cross_validation: Option<EvalReport>,
}

/// Featurizes labeled documents for training (in parallel).
pub fn featurize_data(
    data: &LabeledData,
    settings: &TrainingSettings,
    analyzer: &LanguageAnalyzer,
) -> Vec<FeaturizedDocument> {
    data.documents
        .par_iter()
        .map(|d| {
            let outlines = d.document.block_outlines();
            let (_, features) = featurize(&d.document, &outlines, analyzer, &settings.features);
            FeaturizedDocument {
                id: d.document.id.clone(),
                features: features.text,
                html_features: features.html,
                labels: d.labels.clone(),
                outlines,
                weight: d.weight,
                markup_only: d.markup_only,
            }
        })
        .collect()
}

/// How far cross-validation is: `done` of its `total` folds trained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldProgress {
    /// Folds whose model is trained: 1, 2, … in the order they finish.
    pub done: usize,
    /// The number of folds.
    pub total: usize,
}

/// How a training run goes besides its [`TrainingSettings`]: its
/// cross-validation, report and progress.
#[derive(Clone, Copy)]
pub struct TrainingRun<'a> {
    /// Cross-validation folds (grouped by document); 0 skips it.
    pub folds: usize,
    /// The seed of the fold assignment.
    pub seed: u64,
    /// Out-of-fold mistakes listed in the report, at most.
    pub max_errors: usize,
    /// A decoder to keep; `None` keeps the one cross-validation prefers.
    pub decoder: Option<Decoder>,
    /// Called once per fold as its model is trained (folds train in
    /// parallel: the calls come one at a time, `done` counting up), so
    /// that a caller can show progress. The library itself never prints.
    pub progress: Option<&'a (dyn Fn(FoldProgress) + Sync)>,
}

impl std::fmt::Debug for TrainingRun<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrainingRun")
            .field("folds", &self.folds)
            .field("seed", &self.seed)
            .field("max_errors", &self.max_errors)
            .field("decoder", &self.decoder)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// Trains a model; with `run.folds >= 2`, cross-validates first (grouped by
/// document, seeded), tunes the decoder on out-of-fold predictions and
/// stores the scores in the model; the report lists up to `run.max_errors`
/// out-of-fold mistakes.
///
/// # Errors
/// [`Error::Training`] for data that cannot train a model.
pub fn train_from_data(
    data: &LabeledData,
    settings: &TrainingSettings,
    analyzer: &LanguageAnalyzer,
    run: &TrainingRun,
) -> Result<TrainingOutcome> {
    let TrainingRun {
        folds,
        seed,
        max_errors,
        decoder,
        progress,
    } = *run;
    if folds == 1 {
        return Err(Error::InvalidSetting(
            "cross-validation needs at least 2 folds (0 skips it), not 1".into(),
        ));
    }
    if folds > data.documents.len() {
        return Err(Error::InvalidSetting(format!(
            "{folds}-fold cross-validation needs at least {folds} documents, and the data has {} \
             (folds are made of whole documents)",
            data.documents.len()
        )));
    }
    let documents = featurize_data(data, settings, analyzer);
    let labels = &data.labels;
    let pairs: Vec<TrainingDocument> = documents
        .iter()
        .map(FeaturizedDocument::as_training)
        .collect();
    let mut model = fit(&pairs, labels, settings)?;
    let mut scores = None;
    let mut cross_validation = None;
    if folds >= 2 {
        let cv = cross_validate(&documents, labels, settings, folds, seed, decoder, progress)?;
        let scored: Vec<ScoredDocument> = data
            .documents
            .iter()
            .zip(cv.predictions.iter().cloned())
            .map(|(gold, predictions)| ScoredDocument {
                gold,
                file: file_of(gold),
                predictions,
            })
            .collect();
        let mut cv_report = report(labels, &scored, max_errors);
        if cv.html.is_some() {
            let as_text: Vec<ScoredDocument> = data
                .documents
                .iter()
                .zip(cv.text_predictions.iter().cloned())
                .filter(|(gold, _)| !gold.markup_only)
                .map(|(gold, predictions)| ScoredDocument {
                    gold,
                    file: file_of(gold),
                    predictions,
                })
                .collect();
            cv_report.as_plain_text = Some(Box::new(report(labels, &as_text, 0)));
        }
        let overall = &cv_report.overall.scores;
        scores = Some(ScoreSummary {
            method: format!("{folds}-fold cross-validation grouped by document (seed {seed})"),
            macro_f1: overall.macro_f1,
            content_f1_blocks: overall.content_f1_blocks,
            content_f1_chars: overall.content_f1_chars,
            accuracy: overall.accuracy,
            label_f1: overall
                .labels
                .iter()
                .map(|l| (l.label.clone(), l.f1))
                .collect(),
            decoders: cv.decoders.clone(),
        });
        model = model.with_decoder(cv.decoder.clone());
        if let Some(html) = &cv.html {
            model = model.with_html_tuning(html.weight, html.decoder.clone());
        }
        cross_validation = Some(cv_report);
    }
    let provenance = Provenance {
        gleaner_version: env!("CARGO_PKG_VERSION").to_string(),
        created: creation_date(),
        training_files: data.files.iter().map(|f| f.display().to_string()).collect(),
        training_data_sha256: data_hash(data),
        documents: data.documents.len(),
        blocks_per_label: label_counts(data),
        settings: format!("{settings:?}"),
        scores,
    };
    Ok(TrainingOutcome {
        model: model.with_provenance(provenance),
        cross_validation,
    })
}

/// The file a document was read from, for per-file scores.
fn file_of(document: &crate::data::LabeledDocument) -> String {
    document.source.path.display().to_string()
}

/// SHA-256 over the documents' ids, block texts and labels, in order.
fn data_hash(data: &LabeledData) -> String {
    let mut hasher = Sha256::new();
    for document in &data.documents {
        hasher.update(document.document.id.as_bytes());
        hasher.update([0]);
        for (block, label) in document.document.blocks.iter().zip(&document.labels) {
            hasher.update(label.map_or("null", |l| data.labels.name(l)).as_bytes());
            hasher.update([0]);
            hasher.update(block.text.as_bytes());
            hasher.update([0]);
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Labeled blocks per label, in label order.
pub fn label_counts(data: &LabeledData) -> Vec<(String, usize)> {
    count_labels(
        &data.labels,
        data.documents.iter().flat_map(|d| d.labels.iter()),
    )
}

fn count_labels<'a>(
    labels: &LabelSet,
    ids: impl Iterator<Item = &'a Option<usize>>,
) -> Vec<(String, usize)> {
    let mut counts = vec![0; labels.len()];
    for id in ids.flatten() {
        counts[*id] += 1;
    }
    labels.names().iter().cloned().zip(counts).collect()
}

/// Today's date (UTC), or the date of `SOURCE_DATE_EPOCH` when set, so that
/// a rebuild from the same data gives a byte-identical model file.
fn creation_date() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    let (y, m, d) = civil_from_days((seconds / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian
/// (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Six documents, each with every standard label, so that any fold's
    /// training part has them all.
    fn small_data() -> LabeledData {
        let labels = LabelSet::standard();
        let documents = (0..6)
            .map(|i| {
                let line = format!(
                    r#"{{"id":"d{i}","blocks":[{{"text":"Storm hits the coast {i}","label":"headline"}},{{"text":"Waves over the pier. Photo: A. B.","label":"caption"}},{{"text":"The storm reached the coast on Monday night, and the harbour closed.","label":"body"}},{{"text":"“We stayed inside,” a fisher said.","label":"quote"}},{{"text":"Share this article","label":"boilerplate"}}]}}"#
                );
                let location = crate::error::Location::line("t.jsonl", i + 1);
                crate::data::parse_jsonl_line(&line, &location)
                    .and_then(|raw| raw.into_labeled(location, &labels))
                    .expect("a valid record")
            })
            .collect();
        LabeledData {
            labels,
            documents,
            files: Vec::new(),
        }
    }

    /// `train` and `eval` showed no progress over their folds: the
    /// callback is called once per fold, counting up, with the total.
    #[test]
    fn fold_progress_is_reported_once_per_fold_in_order() {
        let calls = std::sync::Mutex::new(Vec::new());
        let record = |progress: FoldProgress| calls.lock().unwrap().push(progress);
        let run = TrainingRun {
            folds: 3,
            seed: 13,
            max_errors: 0,
            decoder: None,
            progress: Some(&record),
        };
        let data = small_data();
        let settings = TrainingSettings::default();
        train_from_data(&data, &settings, &LanguageAnalyzer::default(), &run).unwrap();
        let calls = calls.lock().unwrap().clone();
        let expected: Vec<FoldProgress> = (1..=3)
            .map(|done| FoldProgress { done, total: 3 })
            .collect();
        assert_eq!(calls, expected);
        // Without folds, no progress.
        let count = std::sync::Mutex::new(0);
        let counter = |_: FoldProgress| *count.lock().unwrap() += 1;
        let run = TrainingRun {
            folds: 0,
            progress: Some(&counter),
            ..run
        };
        train_from_data(&data, &settings, &LanguageAnalyzer::default(), &run).unwrap();
        assert_eq!(*count.lock().unwrap(), 0);
    }

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_420), (2025, 11, 28));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
