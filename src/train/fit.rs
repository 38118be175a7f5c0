//! Training: labeled documents → a naive-Bayes model fitted with
//! linfa-bayes, streamed in batches so memory stays bounded, plus learned
//! label transitions.

use crate::model::{Decoder, DecoderSettings, HtmlFactor, Model, RuleSwitches, Transitions};
use crate::error::{Error, Result};
use crate::features::{FeatureSettings, SparseFeatures};
use crate::labels::LabelSet;
use linfa::prelude::*;
use linfa_bayes::MultinomialNb;
use ndarray::{Array1, Array2};

/// Settings of one training run.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingSettings {
    /// How blocks become features.
    pub features: FeatureSettings,
    /// Additive (Laplace/Lidstone) smoothing of feature counts.
    pub smoothing: f64,
    /// Blocks summed into each `fit_with` call.
    pub batch_size: usize,
    /// Weight each block by the inverse of its label's frequency, so every
    /// label has the same total feature mass (then a word never seen in
    /// training costs every label the same). Off by default: with the
    /// language features it measured worse in cross-validation.
    pub balance_labels: bool,
    /// The page rules switched on or off in the model; cross-validation
    /// tunes only the ones on.
    pub rules: RuleSwitches,
}

impl Default for TrainingSettings {
    fn default() -> Self {
        // smoothing and balance: chosen by grouped cross-validation
        // (docs/EVAL.md); with 65,536 hashed buckets, add-one smoothing drowns
        // the rare labels, and label balancing cost 0.02 content F1.
        TrainingSettings {
            features: FeatureSettings::default(),
            smoothing: 0.3,
            batch_size: 8192,
            balance_labels: false,
            rules: RuleSwitches::all_on(),
        }
    }
}

impl TrainingSettings {
    /// Checks the settings.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for out-of-range values.
    pub fn validate(&self) -> Result<()> {
        self.features.validate()?;
        if !(self.smoothing > 0.0 && self.smoothing.is_finite()) {
            return Err(Error::InvalidSetting(format!(
                "smoothing must be positive, not {}",
                self.smoothing
            )));
        }
        if self.batch_size == 0 {
            return Err(Error::InvalidSetting("batch size must be positive".into()));
        }
        Ok(())
    }
}

/// One training document: each block's features (text, and markup for a
/// page read from HTML) and label (`None` = not used), and the document's
/// weight (1 unless a data set is up- or down-weighted).
#[derive(Debug, Clone, Copy)]
pub struct TrainingDocument<'a> {
    /// The blocks' text features.
    pub text: &'a [SparseFeatures],
    /// The blocks' markup features, for a page read from HTML.
    pub html: Option<&'a [SparseFeatures]>,
    /// The blocks' labels.
    pub labels: &'a [Option<usize>],
    /// The document's weight.
    pub weight: f32,
    /// Whether the document teaches only the markup factor (its text is
    /// not learned from).
    pub markup_only: bool,
}

/// Trains a model on featurized documents: the text factor on every
/// document, the markup factor on those read from HTML (when there are
/// any). Both factors start with neutral decoder settings and weight 1;
/// cross-validation tunes them.
///
/// # Errors
/// [`Error::Training`] when there are no labeled blocks or a label of the set
/// has none.
pub fn fit(
    documents: &[TrainingDocument],
    labels: &LabelSet,
    settings: &TrainingSettings,
) -> Result<Model> {
    settings.validate()?;
    let mut counts = vec![0.0f64; labels.len()];
    for document in documents.iter().filter(|d| !d.markup_only) {
        for label in document.labels.iter().flatten() {
            counts[*label] += document.weight as f64;
        }
    }
    if let Some(missing) = counts.iter().position(|&c| c <= 0.0) {
        return Err(Error::Training(format!(
            "label {:?} has no training blocks",
            labels.name(missing)
        )));
    }
    let total: f64 = counts.iter().sum();
    let label_weights: Vec<f32> = counts
        .iter()
        .map(|&c| {
            if settings.balance_labels {
                (total / (labels.len() as f64 * c)) as f32
            } else {
                1.0
            }
        })
        .collect();
    let text_blocks = documents
        .iter()
        .filter(|d| !d.markup_only)
        .flat_map(|d| labeled_blocks(d.text, d.labels, d.weight));
    let feature_log_probs = fit_factor(
        text_blocks,
        &label_weights,
        labels.len(),
        settings.features.dimension(),
        settings,
    )?
    .ok_or_else(|| Error::Training("no labeled blocks".into()))?;
    let html_blocks = documents.iter().flat_map(|d| {
        d.html
            .into_iter()
            .flat_map(move |html| labeled_blocks(html, d.labels, d.weight))
    });
    let html = fit_factor(
        html_blocks,
        &label_weights,
        labels.len(),
        settings.features.html.dimension(),
        settings,
    )?
    .map(|feature_log_probs| HtmlFactor {
        feature_log_probs,
        weight: 1.0,
        decoder: neutral_decoder(labels.len(), &settings.rules),
    });
    let log_priors = counts.iter().map(|&c| (c / total).ln()).collect();
    let transitions = Transitions::learn(
        labels.len(),
        documents
            .iter()
            .filter(|d| !d.markup_only)
            .map(|d| d.labels),
    );
    Ok(Model::from_parts(
        labels.clone(),
        settings.features.clone(),
        neutral_decoder(labels.len(), &settings.rules),
        log_priors,
        feature_log_probs,
        transitions,
    )
    .with_html_factor(html))
}

/// Decoder settings that change nothing: each block's most probable label,
/// no page rules (their settings unset; `rules` says which may be tuned).
/// Cross-validation tunes from here.
pub(crate) fn neutral_decoder(labels: usize, rules: &RuleSwitches) -> DecoderSettings {
    DecoderSettings {
        decoder: Decoder::Independent,
        scale: 1.0,
        label_bias: vec![0.0; labels],
        transition_weight: 1.0,
        pruning: 0.0,
        title_margin: None,
        heading_margin: None,
        article_extent: None,
        rules: rules.clone(),
    }
}

/// The labeled blocks of a document, with its weight.
fn labeled_blocks<'a>(
    features: &'a [SparseFeatures],
    labels: &'a [Option<usize>],
    weight: f32,
) -> impl Iterator<Item = (&'a SparseFeatures, usize, f32)> {
    features
        .iter()
        .zip(labels)
        .filter_map(move |(f, l)| l.map(|l| (f, l, weight)))
}

/// Fits one naive-Bayes factor with linfa-bayes over `dimension` feature
/// buckets, in batches of summed blocks; `None` when there is no block.
fn fit_factor<'a>(
    blocks: impl Iterator<Item = (&'a SparseFeatures, usize, f32)>,
    label_weights: &[f32],
    label_count: usize,
    dimension: usize,
    settings: &TrainingSettings,
) -> Result<Option<Vec<f32>>> {
    let params = MultinomialNb::<f32, usize>::params().alpha(settings.smoothing as f32);
    let mut fitted: Option<MultinomialNb<f32, usize>> = None;
    let mut batch = ClassSums::new(label_count, dimension);
    // linfa-bayes 0.8.1's `MultinomialNb::fit_with` prints every class
    // histogram with a leftover `dbg!` (to stderr, at each call). The library
    // must not touch the process's stderr, so it leaves this to the caller:
    // the `gleaner` binary silences fd 2 while it trains (src/cli/quiet_stderr.rs).
    for (features, label, document_weight) in blocks {
        batch.add(features, label, label_weights[label] * document_weight);
        if batch.blocks == settings.batch_size {
            fitted = Some(batch.fit(&params, fitted)?);
        }
    }
    if batch.blocks > 0 {
        fitted = Some(batch.fit(&params, fitted)?);
    }
    fitted
        .map(|fitted| extract_feature_log_probs(&fitted, label_count, dimension))
        .transpose()
}

/// A batch of blocks, summed per label.
///
/// A multinomial naive Bayes learns from per-label sums of feature counts
/// (plus smoothing), so a batch is handed to linfa-bayes' `fit_with` as one
/// summed row per label: exactly the same feature probabilities as one row
/// per block, at a fraction of the memory (a dense 50,000 × 2^16 matrix is
/// 13 GB) and of the calls (each call also `dbg!`-dumps every histogram,
/// ~65 ms at 2^16 features). `fit_with` across batches is exact, since the
/// sums add up. linfa counts rows, not blocks, for its class priors, so the
/// priors are computed from the block counts by the caller.
struct ClassSums {
    sums: Array2<f32>,
    blocks: usize,
}

impl ClassSums {
    fn new(labels: usize, dimension: usize) -> ClassSums {
        ClassSums {
            sums: Array2::zeros((labels, dimension)),
            blocks: 0,
        }
    }

    fn add(&mut self, features: &SparseFeatures, label: usize, label_weight: f32) {
        for &(bucket, weight) in &features.entries {
            self.sums[[label, bucket as usize]] += weight * label_weight;
        }
        self.blocks += 1;
    }

    /// One `fit_with` call on the labels present in the batch; empties the batch.
    fn fit(
        &mut self,
        params: &linfa_bayes::MultinomialNbParams<f32, usize>,
        fitted: Option<MultinomialNb<f32, usize>>,
    ) -> Result<MultinomialNb<f32, usize>> {
        let present: Vec<usize> = (0..self.sums.nrows())
            .filter(|&l| self.sums.row(l).iter().any(|&v| v != 0.0))
            .collect();
        let records = self.sums.select(ndarray::Axis(0), &present);
        let targets = Array1::from_vec(present);
        self.sums.fill(0.0);
        self.blocks = 0;
        let model = params
            .fit_with(fitted, &Dataset::new(records, targets))
            .map_err(|e| Error::Training(e.to_string()))?;
        Ok(model)
    }
}

/// The fitted parameters are private in linfa-bayes 0.8.1 but serialize with
/// its `serde` feature; reading them back lets gleaner score sparse blocks
/// directly instead of building a dense 2^16-wide row per block.
fn extract_feature_log_probs(
    model: &MultinomialNb<f32, usize>,
    label_count: usize,
    dimension: usize,
) -> Result<Vec<f32>> {
    let fail = |what: &str| Error::Training(format!("unexpected linfa-bayes model layout: {what}"));
    let value = serde_json::to_value(model).map_err(|e| Error::Training(e.to_string()))?;
    let classes = value
        .get("class_info")
        .and_then(|v| v.as_object())
        .ok_or_else(|| fail("no class_info"))?;
    // A label without a block in this factor's data (a markup factor
    // trained on pages without captions) gets what smoothing alone gives
    // it: every feature equally likely, so the factor does not tilt towards
    // or away from it.
    let uniform = -(dimension as f32).ln();
    let mut feature_log_probs = vec![uniform; dimension * label_count];
    for (key, info) in classes {
        let label: usize = key.parse().map_err(|_| fail("class key"))?;
        if label >= label_count {
            return Err(fail("class out of range"));
        }
        let data = info
            .get("feature_log_prob")
            .and_then(|a| a.get("data"))
            .and_then(|d| d.as_array())
            .ok_or_else(|| fail("feature_log_prob"))?;
        if data.len() != dimension {
            return Err(fail("feature_log_prob length"));
        }
        for (bucket, lp) in data.iter().enumerate() {
            feature_log_probs[bucket * label_count + label] =
                lp.as_f64().ok_or_else(|| fail("feature_log_prob value"))? as f32;
        }
    }
    Ok(feature_log_probs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use linfa_bayes::NaiveBayes;

    fn text_only<'a>(
        features: &'a [SparseFeatures],
        labels: &'a [Option<usize>],
    ) -> TrainingDocument<'a> {
        TrainingDocument {
            text: features,
            html: None,
            labels,
            weight: 1.0,
            markup_only: false,
        }
    }

    fn sparse(entries: &[(u32, f32)]) -> SparseFeatures {
        SparseFeatures {
            entries: entries.to_vec(),
        }
    }

    #[test]
    fn sparse_scores_match_linfa_and_batches_are_exact() {
        let settings = TrainingSettings {
            features: FeatureSettings {
                hash_bits: 8,
                ..Default::default()
            },
            smoothing: 0.5,
            batch_size: 2,
            balance_labels: false,
            rules: RuleSwitches::all_on(),
        };
        let labels = LabelSet::new(vec!["a".into(), "b".into()]).unwrap();
        let features = vec![
            sparse(&[(1, 2.0), (5, 1.0)]),
            sparse(&[(1, 1.0)]),
            sparse(&[(7, 3.0), (9, 0.5)]),
            sparse(&[(9, 1.0)]),
            sparse(&[(5, 1.0), (7, 1.0)]),
        ];
        let doc_labels = vec![Some(0), Some(0), Some(1), None, Some(1)];
        let model = fit(&[text_only(&features, &doc_labels)], &labels, &settings).unwrap();
        let one_batch = fit(
            &[text_only(&features, &doc_labels)],
            &labels,
            &TrainingSettings {
                batch_size: 100,
                ..settings.clone()
            },
        )
        .unwrap();
        assert_eq!(model, one_batch);

        // The same data through linfa's own dense scoring.
        let mut dense = Array2::<f32>::zeros((4, 256));
        let kept: Vec<usize> = vec![0, 1, 2, 4];
        for (row, &i) in kept.iter().enumerate() {
            for &(b, w) in &features[i].entries {
                dense[[row, b as usize]] = w;
            }
        }
        let targets = Array1::from_iter(kept.iter().map(|&i| doc_labels[i].unwrap()));
        // The test harness captures the `dbg!` output of linfa-bayes.
        let linfa_model = MultinomialNb::<f32, usize>::params()
            .alpha(0.5)
            .fit(&Dataset::new(dense.clone(), targets))
            .unwrap();
        let jll = linfa_model.joint_log_likelihood(dense.view());
        for (row, &i) in kept.iter().enumerate() {
            let ours = model.log_likelihoods(&features[i]);
            for label in 0..2 {
                // linfa's prior counts rows; with one row per block it is the block share, as ours.
                assert!((model.log_priors()[label] - 0.5f64.ln()).abs() < 1e-9);
                let expected = jll[&label][row] as f64 - model.log_priors()[label];
                assert!(
                    (ours[label] - expected).abs() < 1e-3,
                    "{ours:?} vs {expected}"
                );
            }
        }
    }

    #[test]
    fn a_label_without_blocks_is_an_error() {
        let labels = LabelSet::new(vec!["a".into(), "b".into()]).unwrap();
        let features = vec![sparse(&[(1, 1.0)])];
        let err = fit(
            &[text_only(&features, &[Some(0)])],
            &labels,
            &TrainingSettings::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("\"b\" has no training blocks"));
    }
}
