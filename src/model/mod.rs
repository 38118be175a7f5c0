//! The model: naive-Bayes weights trained with linfa-bayes, label-to-label
//! transitions, and everything needed to apply them the way they were
//! trained. This is where a block gets its label: [`Model::predict`].

mod decode;
mod file;
mod quiet;
mod train;

pub use decode::{Transitions, argmax, log_normalize, log_sum_exp};
pub use file::{FORMAT_VERSION, Provenance, ScoreSummary};
pub use train::{TrainingDocument, TrainingSettings, train};

use crate::features::{FeatureSettings, SparseFeatures};
use crate::labels::LabelSet;
use serde::{Deserialize, Serialize};

/// How a document's label sequence is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decoder {
    /// Each block gets its most probable label on its own.
    Independent,
    /// The document's most likely label sequence (Viterbi over the
    /// naive-Bayes scores and learned label transitions).
    Sequence,
}

impl std::fmt::Display for Decoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Decoder::Independent => "independent",
            Decoder::Sequence => "sequence",
        })
    }
}

/// How scores become labels; tuned on out-of-fold predictions at training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecoderSettings {
    /// Independent labels or the Viterbi sequence.
    pub decoder: Decoder,
    /// Naive Bayes adds up evidence as if features were independent, which
    /// makes it overconfident; its log-likelihoods are multiplied by this
    /// factor (a temperature) before they meet priors and transitions.
    pub scale: f64,
    /// Added to each label's log-score: the prior correction that lets rare
    /// labels (headlines, captions) be predicted at all.
    pub label_bias: Vec<f64>,
    /// Weight of the transition log-probabilities in sequence decoding.
    pub transition_weight: f64,
    /// In sequence decoding, a block may only take labels whose own
    /// probability is at least this share of its best label's: the
    /// transitions arbitrate between plausible labels, they do not override
    /// a block that is clear on its own (posterior pruning).
    pub pruning: f64,
}

/// A label for one block.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The label id (see [`Model::labels`]).
    pub label: usize,
    /// The label's probability for this block on its own.
    pub probability: f64,
    /// Every label's probability, in label-id order.
    pub probabilities: Vec<f64>,
}

/// A trained model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    labels: LabelSet,
    features: FeatureSettings,
    decoder: DecoderSettings,
    /// Per label: ln P(label).
    log_priors: Vec<f64>,
    /// Per feature bucket, per label: ln P(feature | label), bucket-major so
    /// that a sparse block touches one short run per feature.
    feature_log_probs: Vec<f32>,
    transitions: Transitions,
    provenance: Provenance,
}

impl Model {
    /// The model's labels.
    pub fn labels(&self) -> &LabelSet {
        &self.labels
    }

    /// The feature settings the model was trained with.
    pub fn feature_settings(&self) -> &FeatureSettings {
        &self.features
    }

    /// How the model decodes label sequences.
    pub fn decoder(&self) -> &DecoderSettings {
        &self.decoder
    }

    /// The learned label-to-label transitions.
    pub fn transitions(&self) -> &Transitions {
        &self.transitions
    }

    /// Where the model came from and how well it scored.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// A copy with other decoder settings.
    pub fn with_decoder(&self, decoder: DecoderSettings) -> Model {
        Model {
            decoder,
            ..self.clone()
        }
    }

    /// A copy with other provenance.
    pub fn with_provenance(self, provenance: Provenance) -> Model {
        Model { provenance, ..self }
    }

    /// The naive-Bayes log-likelihood of each label, without its prior:
    /// Σ weight · ln P(feature | label).
    pub fn log_likelihoods(&self, features: &SparseFeatures) -> Vec<f64> {
        let n = self.labels.len();
        let mut sums = vec![0.0f64; n];
        for &(bucket, weight) in &features.entries {
            let row = &self.feature_log_probs[bucket as usize * n..(bucket as usize + 1) * n];
            for (sum, lp) in sums.iter_mut().zip(row) {
                *sum += weight as f64 * *lp as f64;
            }
        }
        sums
    }

    /// How much each named feature pushes a block toward `label` rather than
    /// `against`, in scaled nats, largest first.
    pub fn explain(
        &self,
        features: &[crate::features::NamedFeature],
        label: usize,
        against: usize,
    ) -> Vec<(String, f64)> {
        let n = self.labels.len();
        let mut contributions: Vec<(String, f64)> = features
            .iter()
            .map(|f| {
                let row =
                    &self.feature_log_probs[f.bucket as usize * n..(f.bucket as usize + 1) * n];
                (
                    f.name.clone(),
                    self.decoder.scale
                        * f.weight as f64
                        * (row[label] as f64 - row[against] as f64),
                )
            })
            .collect();
        contributions.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        contributions
    }

    /// Labels the blocks of one document.
    pub fn predict(&self, blocks: &[SparseFeatures]) -> Vec<Prediction> {
        let likelihoods: Vec<Vec<f64>> = blocks.iter().map(|f| self.log_likelihoods(f)).collect();
        self.decode(&likelihoods)
    }

    /// Labels from log-likelihoods ([`Model::log_likelihoods`] per block).
    pub fn decode(&self, likelihoods: &[Vec<f64>]) -> Vec<Prediction> {
        self.decode_with(&self.decoder, likelihoods)
    }

    /// Labels from log-likelihoods with other decoder settings than the
    /// model's own (decoder tuning tries many, without copying the weights).
    pub fn decode_with(
        &self,
        settings: &DecoderSettings,
        likelihoods: &[Vec<f64>],
    ) -> Vec<Prediction> {
        let DecoderSettings {
            decoder,
            scale,
            label_bias,
            transition_weight,
            pruning,
        } = settings;
        let emissions: Vec<Vec<f64>> = likelihoods
            .iter()
            .map(|l| {
                l.iter()
                    .zip(label_bias)
                    .map(|(l, b)| scale * l + b)
                    .collect()
            })
            .collect();
        let posteriors: Vec<Vec<f64>> = emissions
            .iter()
            .map(|e| {
                let mut p: Vec<f64> = e
                    .iter()
                    .zip(&self.log_priors)
                    .map(|(e, prior)| e + prior)
                    .collect();
                log_normalize(&mut p);
                p.iter().map(|lp| lp.exp()).collect()
            })
            .collect();
        let labels = match decoder {
            Decoder::Independent => posteriors.iter().map(|p| argmax(p)).collect(),
            // Viterbi over the scaled likelihoods: in an HMM the emission is
            // P(block | label); start and transition probabilities take the prior's place.
            Decoder::Sequence => {
                let pruned: Vec<Vec<f64>> = emissions
                    .into_iter()
                    .zip(&posteriors)
                    .map(|(emission, posterior)| {
                        let best = posterior.iter().copied().fold(0.0, f64::max);
                        emission
                            .into_iter()
                            .zip(posterior)
                            .map(|(e, p)| {
                                if *p >= pruning * best {
                                    e
                                } else {
                                    f64::NEG_INFINITY
                                }
                            })
                            .collect()
                    })
                    .collect();
                self.transitions.viterbi(&pruned, *transition_weight)
            }
        };
        labels
            .into_iter()
            .zip(posteriors)
            .map(|(label, probabilities)| Prediction {
                label,
                probability: probabilities[label],
                probabilities,
            })
            .collect()
    }
}
