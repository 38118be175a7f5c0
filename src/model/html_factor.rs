//! The model's second factor: what a page's markup says about each label.
//!
//! A block read from HTML is scored by two naive-Bayes factors over two
//! views of it: the text factor (its words, shape and neighbours, the same
//! for plain text) and this one, over its markup features
//! ([`crate::features::html_document_features`]). Their log-likelihoods add
//! up, the markup's with a weight tuned by cross-validation:
//!
//! `score(label) = text(label) + weight · markup(label)`
//!
//! and pages with markup are decoded with settings tuned on such pages.
//! Training both views in one naive Bayes was measured to cost plain text
//! content F1 (aeb 0.734 → 0.622 in a first experiment): the markup's
//! features change every label's feature distribution. With two factors the
//! text factor is the same whether or not the training pages had markup,
//! and plain text is scored by it alone.

use super::DecoderSettings;
use crate::features::SparseFeatures;
use serde::{Deserialize, Serialize};

/// The markup factor: naive-Bayes weights over the markup features, the
/// weight of the factor against the text factor, and the decoder settings
/// for pages with markup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HtmlFactor {
    /// Per feature bucket, per label: ln P(feature | label), bucket-major.
    pub(crate) feature_log_probs: Vec<f32>,
    /// The factor's weight against the text factor.
    pub weight: f64,
    /// How pages with markup are decoded (tuned on them).
    pub decoder: DecoderSettings,
}

impl HtmlFactor {
    /// Each label's log-likelihood under the markup factor, unweighted.
    pub fn log_likelihoods(&self, features: &SparseFeatures, labels: usize) -> Vec<f64> {
        let mut sums = vec![0.0f64; labels];
        for &(bucket, weight) in &features.entries {
            let start = bucket as usize * labels;
            let Some(row) = self.feature_log_probs.get(start..start + labels) else {
                continue;
            };
            for (sum, lp) in sums.iter_mut().zip(row) {
                *sum += weight as f64 * *lp as f64;
            }
        }
        sums
    }
}

/// Adds the markup's log-likelihoods, times `weight`, to the text's.
pub fn combine(text: &[Vec<f64>], html: &[Vec<f64>], weight: f64) -> Vec<Vec<f64>> {
    text.iter()
        .zip(html)
        .map(|(t, h)| t.iter().zip(h).map(|(t, h)| t + weight * h).collect())
        .collect()
}
