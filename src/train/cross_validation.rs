//! Grouped cross-validation: documents (never single blocks) are dealt into
//! folds by a seeded hash of their id, a model is trained on all folds but
//! one and scored on the one left out. The decoder (label bias, scale,
//! independent or sequence decoding, the page-level rules of
//! [`DecoderSettings`]) is tuned on out-of-fold predictions of
//! the *other* folds before it is applied to a fold, so every reported score
//! comes from data that neither the weights nor the decoder saw.

use super::fit::{TrainingDocument, TrainingSettings, fit};
use crate::eval::Confusion;
use crate::document::BlockOutline;
use crate::error::Result;
use crate::features::SparseFeatures;
use crate::hashing::{FNV_OFFSET, fnv1a};
use crate::labels::LabelSet;
use crate::model::{
    ArticleExtent, Decoder, DecoderSettings, Model, Prediction, RuleSwitches,
};
use rayon::prelude::*;

/// A document ready for training: its id, features and labels.
#[derive(Debug, Clone)]
pub struct FeaturizedDocument {
    /// The document's id (folds are assigned by it).
    pub id: String,
    /// One feature vector per block.
    pub features: Vec<SparseFeatures>,
    /// One label per block (`None` = not used).
    pub labels: Vec<Option<usize>>,
    /// Each block's outline (its length counts in character-weighted
    /// scores and in decoding).
    pub outlines: Vec<BlockOutline>,
    /// The document's training weight.
    pub weight: f32,
}

/// The fold of a document: a seeded FNV hash of its id.
pub fn fold_of(id: &str, folds: usize, seed: u64) -> usize {
    let start = FNV_OFFSET ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (fnv1a(start, id.as_bytes()) % folds as u64) as usize
}

/// What cross-validation found.
#[derive(Debug, Clone)]
pub struct CrossValidation {
    /// Out-of-fold predictions, per document, in input order.
    pub predictions: Vec<Vec<Prediction>>,
    /// The decoder tuned on all out-of-fold predictions: use it for the final model.
    pub decoder: DecoderSettings,
    /// Macro-F1 of out-of-fold predictions with independent decoding.
    pub independent_macro_f1: f64,
    /// Macro-F1 of out-of-fold predictions with sequence decoding.
    pub sequence_macro_f1: f64,
    /// Content-vs-boilerplate F1 (blocks) with independent decoding.
    pub independent_content_f1: f64,
    /// Content-vs-boilerplate F1 (blocks) with sequence decoding.
    pub sequence_content_f1: f64,
    /// Content-vs-boilerplate F1 (characters) with independent decoding.
    pub independent_content_f1_chars: f64,
    /// Content-vs-boilerplate F1 (characters) with sequence decoding.
    pub sequence_content_f1_chars: f64,
}

/// How the decoders are compared: the mean of macro-F1 and content-vs-
/// boilerplate F1 by blocks and by characters. Macro-F1 alone weighs the
/// rare caption and quote labels as much as body and boilerplate, while the
/// cleaned article, what most users take, depends on content against
/// boilerplate, and a long paragraph lost or a comment kept weighs more
/// than a menu item. (Measured on the default data, 5-fold, with the
/// heading rescue limited to heading-shaped blocks: independent decoding
/// 0.829 macro-F1, 0.834 / 0.928 content F1; sequence 0.824, 0.839 / 0.938.
/// Without characters the two tied at 0.8315 and independent won.)
fn selection_score(scores: &crate::eval::Scores) -> f64 {
    (scores.macro_f1 + scores.content_f1_blocks + scores.content_f1_chars) / 3.0
}

/// Out-of-fold log-likelihoods of one document, with the fold's model.
struct OutOfFold {
    fold: usize,
    likelihoods: Vec<Vec<f64>>,
}

/// Runs grouped `folds`-fold cross-validation. Both decoders are scored;
/// `decoder` forces the one kept, `None` keeps the better one (see
/// `selection_score`).
///
/// # Errors
/// Training errors (a fold without a label, …).
pub fn cross_validate(
    documents: &[FeaturizedDocument],
    labels: &LabelSet,
    settings: &TrainingSettings,
    folds: usize,
    seed: u64,
    decoder: Option<Decoder>,
) -> Result<CrossValidation> {
    let fold_ids: Vec<usize> = documents
        .iter()
        .map(|d| fold_of(&d.id, folds, seed))
        .collect();
    let models: Vec<Model> = (0..folds)
        .into_par_iter()
        .map(|fold| {
            let training: Vec<TrainingDocument> = documents
                .iter()
                .zip(&fold_ids)
                .filter(|(_, f)| **f != fold)
                .map(|(d, _)| (d.features.as_slice(), d.labels.as_slice(), d.weight))
                .collect();
            fit(&training, labels, settings)
        })
        .collect::<Result<_>>()?;
    let out_of_fold: Vec<OutOfFold> = documents
        .par_iter()
        .zip(&fold_ids)
        .map(|(d, &fold)| OutOfFold {
            fold,
            likelihoods: d
                .features
                .iter()
                .map(|f| models[fold].log_likelihoods(f))
                .collect(),
        })
        .collect();

    // Each fold's decoder is tuned on the other folds' predictions, for both
    // decoders; the better one is kept, and tuned again on all folds for
    // the final model.
    let all: Vec<usize> = (0..documents.len()).collect();
    let splits: Vec<(Vec<usize>, Vec<usize>)> = (0..folds)
        .map(|fold| all.iter().partition(|&&i| fold_ids[i] != fold))
        .collect();
    let decoders = [Decoder::Independent, Decoder::Sequence];
    let mut predictions: [Vec<Vec<Prediction>>; 2] = [
        vec![Vec::new(); documents.len()],
        vec![Vec::new(); documents.len()],
    ];
    let mut scores = [Confusion::new(labels), Confusion::new(labels)];
    for (others, mine) in &splits {
        for (slot, decoder) in decoders.into_iter().enumerate() {
            let tuned = tune_decoder(
                documents,
                &out_of_fold,
                &models,
                others,
                labels,
                decoder,
                &settings.rules,
            );
            let confusion = decode_all(
                documents,
                &out_of_fold,
                &models,
                mine,
                &tuned,
                labels,
                |i, p| {
                    predictions[slot][i] = p;
                },
            );
            scores[slot].merge(&confusion);
        }
    }
    let [independent, sequence] = [scores[0].scores(labels), scores[1].scores(labels)];
    let best = decoder.unwrap_or(
        if selection_score(&sequence) > selection_score(&independent) {
            Decoder::Sequence
        } else {
            Decoder::Independent
        },
    );
    let slot = decoders.iter().position(|d| *d == best).unwrap_or(0);
    let predictions = std::mem::take(&mut predictions[slot]);
    let decoder = tune_decoder(
        documents,
        &out_of_fold,
        &models,
        &all,
        labels,
        best,
        &settings.rules,
    );
    Ok(CrossValidation {
        predictions,
        decoder,
        independent_macro_f1: independent.macro_f1,
        sequence_macro_f1: sequence.macro_f1,
        independent_content_f1: independent.content_f1_blocks,
        sequence_content_f1: sequence.content_f1_blocks,
        independent_content_f1_chars: independent.content_f1_chars,
        sequence_content_f1_chars: sequence.content_f1_chars,
    })
}

/// Decodes the given documents with their fold's model and `settings`,
/// scoring them; `sink` receives each document's predictions.
fn decode_all(
    documents: &[FeaturizedDocument],
    out_of_fold: &[OutOfFold],
    models: &[Model],
    which: &[usize],
    settings: &DecoderSettings,
    labels: &LabelSet,
    mut sink: impl FnMut(usize, Vec<Prediction>),
) -> Confusion {
    let mut confusion = Confusion::new(labels);
    for &i in which {
        let oof = &out_of_fold[i];
        let predictions =
            models[oof.fold].decode_with(settings, &oof.likelihoods, &documents[i].outlines);
        for ((gold, prediction), outline) in documents[i]
            .labels
            .iter()
            .zip(&predictions)
            .zip(&documents[i].outlines)
        {
            if let Some(gold) = gold {
                confusion.add(*gold, prediction.label, outline.chars, labels);
            }
        }
        sink(i, predictions);
    }
    confusion
}

/// Scales tried for the naive-Bayes log-likelihoods.
const SCALES: [f64; 4] = [0.25, 0.5, 0.75, 1.0];
/// Weights of the transition log-probabilities tried in sequence decoding.
const TRANSITION_WEIGHTS: [f64; 4] = [0.1, 0.25, 0.5, 1.0];
/// Posterior pruning ratios tried in sequence decoding. When 0.01 and 0.03
/// were allowed, cross-validation picked 0.03, and Viterbi then turned the
/// byline under the repeated headline of the user's reference article into a
/// third headline against a 0.95 posterior for boilerplate; from 0.1 on,
/// transitions only choose among labels a block finds plausible on its own.
const PRUNING: [f64; 3] = [0.1, 0.2, 0.3];
/// Margins (nats) tried for a missed title and for section headings; see
/// `DecoderSettings::title_margin` and `heading_margin`.
const HEADLINE_MARGINS: [f64; 6] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0];
/// Costs of a boilerplate block tried for the article's extent, in
/// characters; see `ArticleExtent`.
const ARTICLE_BOILERPLATE_COSTS: [f64; 4] = [50.0, 100.0, 200.0, 400.0];
/// Probabilities a body block outside the article needs to stay body.
/// Above 1, none stays.
const ARTICLE_KEEP_PROBABILITIES: [f64; 5] = [0.9, 0.99, 0.999, 0.9999, 1.1];
/// Label biases tried, in nats.
const BIASES: [f64; 13] = [
    -3.0, -2.0, -1.5, -1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0,
];

/// Finds the decoder settings that maximise macro-F1 on the given
/// documents, one group at a time: scale and transition weight, pruning,
/// the title and heading margins, the article's extent, then the per-label
/// biases by coordinate ascent (two rounds over the labels), then the
/// margins and one round of biases again. Each group starts from "off" (or
/// the neutral value) and only a better score moves it. A page rule
/// switched off in `rules` keeps its setting off: it cannot score better.
fn tune_decoder(
    documents: &[FeaturizedDocument],
    out_of_fold: &[OutOfFold],
    models: &[Model],
    which: &[usize],
    labels: &LabelSet,
    decoder: Decoder,
    rules: &RuleSwitches,
) -> DecoderSettings {
    let score = |settings: &DecoderSettings| {
        decode_all(
            documents,
            out_of_fold,
            models,
            which,
            settings,
            labels,
            |_, _| {},
        )
        .scores(labels)
        .macro_f1
    };
    let neutral = DecoderSettings {
        decoder,
        scale: 1.0,
        label_bias: vec![0.0; labels.len()],
        transition_weight: 1.0,
        pruning: 0.0,
        title_margin: None,
        heading_margin: None,
        article_extent: None,
        rules: rules.clone(),
    };
    let mut search = Search {
        settings: neutral,
        score: f64::NEG_INFINITY,
    };
    let transition_weights: &[f64] = if decoder == Decoder::Sequence {
        &TRANSITION_WEIGHTS
    } else {
        &[1.0]
    };
    for scale in SCALES {
        for &transition_weight in transition_weights {
            search.offer(
                DecoderSettings {
                    scale,
                    transition_weight,
                    ..search.settings.clone()
                },
                &score,
            );
        }
    }
    if decoder == Decoder::Sequence {
        for pruning in PRUNING {
            search.offer(
                DecoderSettings {
                    pruning,
                    ..search.settings.clone()
                },
                &score,
            );
        }
    }
    search.tune_margins(&score);
    search.tune_article_extent(&score);
    search.tune_biases(labels.len(), 2, &score);
    // The margins were chosen before the biases, which move the headline
    // scores they are measured against: choose them again, then the biases.
    // On the default training data (3-fold), without this pass the search
    // stopped at a heading margin of 2 and macro-F1 0.825; with it, 4 and
    // 0.829 (headline F1 0.614 -> 0.629). Choosing the article's extent
    // again too was tried: 5-fold content F1 0.847 / 0.942 -> 0.845 / 0.939.
    search.tune_margins(&score);
    search.tune_biases(labels.len(), 1, &score);
    search.settings
}

/// The best decoder settings found so far, and their score.
struct Search {
    settings: DecoderSettings,
    score: f64,
}

impl Search {
    /// The title margin, then the heading margin.
    fn tune_margins(&mut self, score: &impl Fn(&DecoderSettings) -> f64) {
        let margins: [fn(&mut DecoderSettings) -> &mut Option<f64>; 2] =
            [|s| &mut s.title_margin, |s| &mut s.heading_margin];
        for margin_of in margins {
            for margin in HEADLINE_MARGINS {
                let mut candidate = self.settings.clone();
                *margin_of(&mut candidate) = Some(margin);
                self.offer(candidate, score);
            }
        }
    }

    /// The article's extent: the cost of a boilerplate block, with the
    /// probability a body block after the article needs to stay.
    fn tune_article_extent(&mut self, score: &impl Fn(&DecoderSettings) -> f64) {
        for boilerplate_cost in ARTICLE_BOILERPLATE_COSTS {
            for keep_probability in ARTICLE_KEEP_PROBABILITIES {
                self.offer(
                    DecoderSettings {
                        article_extent: Some(ArticleExtent {
                            boilerplate_cost,
                            keep_probability,
                        }),
                        ..self.settings.clone()
                    },
                    score,
                );
            }
        }
    }

    /// Each label's bias in turn, `rounds` times over the labels.
    fn tune_biases(
        &mut self,
        labels: usize,
        rounds: usize,
        score: &impl Fn(&DecoderSettings) -> f64,
    ) {
        for _round in 0..rounds {
            for label in 0..labels {
                for bias in BIASES {
                    let mut candidate = self.settings.clone();
                    candidate.label_bias[label] = bias;
                    self.offer(candidate, score);
                }
            }
        }
    }

    /// Keeps `candidate` if it scores higher than the best so far (by more
    /// than rounding noise, so that ties keep the earlier, simpler setting).
    fn offer(&mut self, candidate: DecoderSettings, score: &impl Fn(&DecoderSettings) -> f64) {
        let s = score(&candidate);
        if s > self.score + 1e-9 {
            self.score = s;
            self.settings = candidate;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_seeded_and_spread() {
        let ids: Vec<String> = (0..1000).map(|i| format!("doc/{i}")).collect();
        let mut sizes = [0usize; 5];
        for id in &ids {
            sizes[fold_of(id, 5, 7)] += 1;
        }
        assert!(sizes.iter().all(|&s| (150..250).contains(&s)), "{sizes:?}");
        assert_eq!(fold_of("doc/1", 5, 7), fold_of("doc/1", 5, 7));
        assert!(ids.iter().any(|id| fold_of(id, 5, 7) != fold_of(id, 5, 8)));
    }
}
