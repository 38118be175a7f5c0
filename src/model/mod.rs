//! The model: naive-Bayes weights trained with linfa-bayes, label-to-label
//! transitions, and everything needed to apply them the way they were
//! trained. This is where a block gets its label: [`Model::predict`]
//! scores the blocks, [`Model::decode_with`] picks labels (each block on its
//! own or Viterbi), then the page rules of [`PAGE_RULES`] (`rules.rs`)
//! correct them.

mod decode;
mod file;
mod html_factor;
mod rules;

pub use decode::{LabelScores, Transitions, argmax, log_normalize, log_sum_exp};
pub use file::{DecoderComparison, FORMAT_VERSION, Provenance, ScoreSummary};
pub use html_factor::{HtmlFactor, combine};
pub use rules::{
    ANCHORED_HEADING_MARGIN, HEADLINE_COPY_WINDOW, PAGE_RULES, PageRule, RuleStatus, RuleSwitches,
    TITLE_WINDOW, rule_names,
};

use crate::document::BlockOutline;
use crate::features::{FeatureSettings, SparseFeatures};
use crate::labels::{LabelRoles, LabelSet, Role, STANDARD_LABELS};
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
    /// The `missed-title` rule: an article has a title. When no block in the [`TITLE_WINDOW`]
    /// blocks before the article's first body block (the first one in the
    /// article's stretch, when [`DecoderSettings::article_extent`] is on) is
    /// labeled headline, the one there most likely to be a headline becomes one if
    /// its headline log-probability is at most this many nats below its
    /// label's. `None` turns this off (and so does a label set without
    /// `headline` and `body`).
    pub title_margin: Option<f64>,
    /// The `section-headings` rule: a heading-shaped block (see
    /// [`BlockOutline::heading_shaped`]) between two body blocks becomes a
    /// headline if its headline log-probability is at most this many nats
    /// below its label's; so does a heading with a section anchor anywhere,
    /// within [`ANCHORED_HEADING_MARGIN`]. `None` turns both off.
    pub heading_margin: Option<f64>,
    /// The `article-extent` rule: where the article ends; see
    /// [`ArticleExtent`]. `None` turns it off.
    pub article_extent: Option<ArticleExtent>,
    /// Which page rules run ([`PAGE_RULES`]); a rule switched off here does
    /// not run whatever its setting above. Cross-validation tunes only the
    /// rules switched on (`train --no-rule NAME`); `--no-rule` and `--rule`
    /// switch them for one run.
    pub rules: RuleSwitches,
}

/// The `article-extent` rule's setting. The article is one stretch of the page. Comments, related stories,
/// author notes and legal text after it read like paragraphs, and naive
/// Bayes judges each of them on its own; on the dev pages, 73% of the
/// characters wrongly kept as content (aeb, with a model that had not
/// learned from it) came after the article's last content block. So the
/// stretch with the most content is found (each body or quote block counts
/// its characters, each boilerplate block costs a fixed amount, except
/// one alone between two paragraphs, which costs nothing), and body
/// blocks after it that are not sure of themselves become boilerplate.
/// Blocks before it are left alone: pruning them too cut standfirsts and
/// lost on every data set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ArticleExtent {
    /// What one boilerplate block costs the stretch, in characters: the
    /// names, dates and "Reply" links between comments add up, a single
    /// "Advertisement" inside the article does not.
    pub boilerplate_cost: f64,
    /// A body block after the stretch keeps its label only with at least
    /// this probability (above 1: none does).
    pub keep_probability: f64,
}

/// A label for one block.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The label id (see [`Model::labels`]).
    pub label: usize,
    /// The model's probability of the label, for this block on its own;
    /// `None` when a page rule set the label ([`Prediction::rule`]).
    ///
    /// A rule changes a label the model was unsure of, judged from the rest
    /// of the page, and the model's posterior for the label it did not
    /// choose (often below 0.01) says nothing of how often the rule is
    /// right. Nor does one number: a rule's precision depends on how a data
    /// set labels its pages (aeb calls a title's first copy boilerplate,
    /// the reference article calls it headline), and the rules' margins are
    /// in nats, not probabilities. So no probability is claimed; the output
    /// names the rule instead, and [`Prediction::probabilities`] keeps the
    /// model's own view.
    pub probability: Option<f64>,
    /// Every label's probability from the model, in label-id order, before
    /// the page rules.
    pub probabilities: Vec<f64>,
    /// The page rule that set the label, if one did.
    pub rule: Option<&'static PageRule>,
}

impl Prediction {
    /// A prediction the model made alone, with its probability.
    pub fn from_model(label: usize, probabilities: Vec<f64>) -> Prediction {
        Prediction {
            label,
            probability: probabilities.get(label).copied(),
            probabilities,
            rule: None,
        }
    }
}

/// A trained model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    labels: LabelSet,
    /// The labels' roles for the page rules, resolved from `labels` once.
    roles: LabelRoles,
    features: FeatureSettings,
    decoder: DecoderSettings,
    /// Per label: ln P(label).
    log_priors: Vec<f64>,
    /// Per feature bucket, per label: ln P(feature | label), bucket-major so
    /// that a sparse block touches one short run per feature.
    feature_log_probs: Vec<f32>,
    transitions: Transitions,
    provenance: Provenance,
    /// The markup factor, for a model that learned from HTML pages.
    html: Option<HtmlFactor>,
}

impl Model {
    /// Per label: ln P(label), learned from the training blocks.
    #[cfg(test)]
    pub(crate) fn log_priors(&self) -> &[f64] {
        &self.log_priors
    }

    /// The model's labels.
    pub fn labels(&self) -> &LabelSet {
        &self.labels
    }

    /// Which label plays which role for the page rules.
    pub fn roles(&self) -> &LabelRoles {
        &self.roles
    }

    /// The page rules this model's label set cannot use, each with the
    /// roles no label plays: they never run. Empty for the standard labels.
    pub fn unusable_rules(&self) -> Vec<(&'static PageRule, Vec<Role>)> {
        PAGE_RULES
            .iter()
            .map(|rule| (rule, self.roles.missing(rule.roles)))
            .filter(|(_, missing)| !missing.is_empty())
            .collect()
    }

    /// Whether each page rule runs with this model, in the order they run.
    pub fn rule_statuses(&self) -> Vec<(&'static PageRule, RuleStatus)> {
        PAGE_RULES
            .iter()
            .map(|rule| (rule, rule.status(&self.decoder, &self.roles)))
            .collect()
    }

    /// A copy with some page rules switched on or off for this run, on top
    /// of the model's own switches.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`](crate::Error::InvalidSetting) for a name
    /// that is no rule's, or a rule switched on that cannot run with this
    /// model: one without a setting (cross-validation turned it off at
    /// training, so there is no margin to run it with) or one whose label
    /// roles the label set lacks.
    pub fn with_rules(&self, switches: &[(&str, bool)]) -> crate::Result<Model> {
        let mut decoder = self.decoder.clone();
        for &(name, on) in switches {
            decoder.rules.set(name, on)?;
        }
        for &(name, on) in switches {
            let rule = PageRule::by_name(name).expect("set checked the name");
            let status = rule.status(&decoder, &self.roles);
            if on && !status.is_on() {
                return Err(crate::Error::InvalidSetting(format!(
                    "page rule {name} cannot be switched on with this model: {status}"
                )));
            }
        }
        Ok(self.with_decoder(decoder))
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

    /// The markup factor, when the model learned from HTML pages.
    pub fn html_factor(&self) -> Option<&HtmlFactor> {
        self.html.as_ref()
    }

    /// A copy whose markup factor (if any) has this weight and decoder.
    pub fn with_html_tuning(self, weight: f64, decoder: DecoderSettings) -> Model {
        let html = self.html.map(|factor| HtmlFactor {
            weight,
            decoder,
            ..factor
        });
        Model { html, ..self }
    }

    /// A copy with a markup factor (or without one).
    pub fn with_html_factor(self, html: Option<HtmlFactor>) -> Model {
        Model { html, ..self }
    }

    /// A copy with other provenance.
    pub fn with_provenance(self, provenance: Provenance) -> Model {
        Model { provenance, ..self }
    }

    /// The naive-Bayes log-likelihood of each label, without its prior:
    /// Σ weight · ln P(feature | label).
    pub fn log_likelihoods(&self, features: &SparseFeatures) -> Vec<f64> {
        let n = self.labels.len();
        const STANDARD: usize = STANDARD_LABELS.len();
        if n == STANDARD {
            return self.log_likelihoods_of::<STANDARD>(features).to_vec();
        }
        let mut sums = vec![0.0f64; n];
        for &(bucket, weight) in &features.entries {
            let row = &self.feature_log_probs[bucket as usize * n..(bucket as usize + 1) * n];
            for (sum, lp) in sums.iter_mut().zip(row) {
                *sum += weight as f64 * *lp as f64;
            }
        }
        sums
    }

    /// [`Model::log_likelihoods`] for a label set of `N` labels known at
    /// compile time: the same sums in the same order (so the same bits), with
    /// the rows read as fixed-size arrays, which the compiler unrolls. The
    /// standard five labels take this path: it is the innermost loop of
    /// labelling.
    fn log_likelihoods_of<const N: usize>(&self, features: &SparseFeatures) -> [f64; N] {
        let mut sums = [0.0f64; N];
        let (rows, _) = self.feature_log_probs.as_chunks::<N>();
        for &(bucket, weight) in &features.entries {
            let row = &rows[bucket as usize];
            let weight = weight as f64;
            for (sum, lp) in sums.iter_mut().zip(row) {
                *sum += weight * *lp as f64;
            }
        }
        sums
    }

    /// How much each named feature pushes a block toward `label` rather than
    /// `against`, in scaled nats, largest first. `html` are the block's
    /// markup features, for a page read from HTML: with a markup factor,
    /// they are explained too (their families are named `html.…`), weighed as prediction weighs
    /// them.
    pub fn explain(
        &self,
        features: &[crate::features::NamedFeature],
        html: Option<&[crate::features::NamedFeature]>,
        label: usize,
        against: usize,
    ) -> Vec<(String, f64)> {
        let n = self.labels.len();
        let markup = html.zip(self.html.as_ref());
        let scale = markup.map_or(self.decoder.scale, |(_, factor)| factor.decoder.scale);
        let contribution = |weights: &[f32], f: &crate::features::NamedFeature| {
            let start = f.bucket as usize * n;
            weights.get(start..start + n).map_or(0.0, |row| {
                f.weight as f64 * (row[label] as f64 - row[against] as f64)
            })
        };
        let mut contributions: Vec<(String, f64)> = features
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    scale * contribution(&self.feature_log_probs, f),
                )
            })
            .collect();
        if let Some((html, factor)) = markup {
            contributions.extend(html.iter().map(|f| {
                (
                    f.name.clone(),
                    scale * factor.weight * contribution(&factor.feature_log_probs, f),
                )
            }));
        }
        contributions.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        contributions
    }

    /// Labels the blocks of one document, given their features and their
    /// outlines ([`Document::block_outlines`]: decoding weighs the article's
    /// extent by their lengths, looks for section headings among the
    /// heading-shaped ones and labels a headline's copies by their text keys;
    /// a missing outline counts as an empty block).
    ///
    /// [`Document::block_outlines`]: crate::document::Document::block_outlines
    ///
    /// `html` are the blocks' markup features, for a page read from HTML:
    /// with a markup factor, they add to the text's scores and the page is
    /// decoded with the settings tuned for pages with markup; without one
    /// (a model trained on plain text only), they are not used.
    pub fn predict(
        &self,
        blocks: &[SparseFeatures],
        html: Option<&[SparseFeatures]>,
        outlines: &[BlockOutline],
    ) -> Vec<Prediction> {
        let mut likelihoods = LabelScores::with_capacity(self.labels.len(), blocks.len());
        for features in blocks {
            likelihoods.push(&self.log_likelihoods(features));
        }
        self.predict_from_likelihoods(likelihoods, html, outlines.to_vec())
    }

    /// As [`Model::predict`], from each block's text-factor
    /// [`Model::log_likelihoods`] (computed as each block's features are
    /// made, so that they need not all be held at once).
    ///
    /// The outlines are dropped as soon as the page rules have read them,
    /// before the predictions are made: a page of a million blocks peaks
    /// there.
    pub fn predict_from_likelihoods(
        &self,
        mut likelihoods: LabelScores,
        html: Option<&[SparseFeatures]>,
        outlines: Vec<BlockOutline>,
    ) -> Vec<Prediction> {
        let decoded = match (html, &self.html) {
            (Some(html), Some(factor)) => {
                // As `combine`, in place: each block's markup scores, times
                // the factor's weight, added to its text scores.
                let n = self.labels.len();
                likelihoods.truncate(html.len());
                for (text, features) in likelihoods.rows_mut().zip(html) {
                    let markup = factor.log_likelihoods(features, n);
                    for (t, h) in text.iter_mut().zip(&markup) {
                        *t += factor.weight * h;
                    }
                }
                self.decide(&factor.decoder, likelihoods, &outlines)
            }
            _ => self.decide(&self.decoder, likelihoods, &outlines),
        };
        drop(outlines);
        decoded.into_predictions()
    }

    /// Labels from log-likelihoods ([`Model::log_likelihoods`] per block)
    /// and block outlines.
    pub fn decode(&self, likelihoods: &[Vec<f64>], outlines: &[BlockOutline]) -> Vec<Prediction> {
        self.decode_with(&self.decoder, likelihoods, outlines)
    }

    /// Labels from log-likelihoods with other decoder settings than the
    /// model's own (decoder tuning tries many, without copying the weights).
    pub fn decode_with(
        &self,
        settings: &DecoderSettings,
        likelihoods: &[Vec<f64>],
        outlines: &[BlockOutline],
    ) -> Vec<Prediction> {
        let scores = LabelScores::from_rows(self.labels.len(), likelihoods);
        self.decide(settings, scores, outlines).into_predictions()
    }

    /// Labels from log-likelihoods, which become the emission scores in
    /// place. Besides them, decoding holds each block's log-posteriors (which
    /// become its prediction's probabilities) and a few bytes a block: the
    /// posteriors are computed from the log-posteriors where they are read.
    fn decide(
        &self,
        settings: &DecoderSettings,
        mut emissions: LabelScores,
        outlines: &[BlockOutline],
    ) -> Decided {
        let DecoderSettings {
            decoder,
            scale,
            label_bias,
            transition_weight,
            pruning,
            ..
        } = settings;
        for row in emissions.rows_mut() {
            for (l, b) in row.iter_mut().zip(label_bias) {
                *l = scale * *l + b;
            }
        }
        // Boxed slices: 8 bytes a block less than `Vec`s at the peak of a
        // huge page, and a box becomes its prediction's `Vec` without a copy.
        let log_posteriors: Vec<Box<[f64]>> = emissions
            .rows()
            .map(|e| {
                let mut p: Box<[f64]> = e
                    .iter()
                    .zip(&self.log_priors)
                    .map(|(e, prior)| e + prior)
                    .collect();
                log_normalize(&mut p);
                p
            })
            .collect();
        // A block's posteriors, made from its log-posteriors when read.
        let mut posterior = Vec::with_capacity(self.labels.len());
        let posterior_of = |log_posterior: &[f64], posterior: &mut Vec<f64>| {
            posterior.clear();
            posterior.extend(log_posterior.iter().map(|lp| lp.exp()));
        };
        let labels: Vec<usize> = match decoder {
            Decoder::Independent => log_posteriors
                .iter()
                .map(|p| {
                    posterior_of(p, &mut posterior);
                    argmax(&posterior)
                })
                .collect(),
            // Viterbi over the scaled likelihoods: in an HMM the emission is
            // P(block | label); start and transition probabilities take the prior's place.
            Decoder::Sequence => {
                for (emission, log_posterior) in emissions.rows_mut().zip(&log_posteriors) {
                    posterior_of(log_posterior, &mut posterior);
                    let best = posterior.iter().copied().fold(0.0, f64::max);
                    for (e, p) in emission.iter_mut().zip(&posterior) {
                        *e = if *p >= pruning * best {
                            *e
                        } else {
                            f64::NEG_INFINITY
                        };
                    }
                }
                self.transitions.viterbi(&emissions, *transition_weight)
            }
        };
        drop(emissions);
        let (labels, set_by) =
            rules::apply_page_rules(settings, &self.roles, &log_posteriors, outlines, labels);
        Decided {
            labels,
            set_by,
            log_posteriors,
        }
    }
}

/// A decoded page: each block's label, the rule that set it if one did,
/// and its log-posteriors.
struct Decided {
    labels: Vec<usize>,
    set_by: Vec<Option<&'static PageRule>>,
    log_posteriors: Vec<Box<[f64]>>,
}

impl Decided {
    /// Each block's prediction; its log-posteriors become its probabilities.
    fn into_predictions(self) -> Vec<Prediction> {
        self.labels
            .into_iter()
            .zip(self.log_posteriors)
            .zip(self.set_by)
            .map(|((label, mut probabilities), rule)| {
                for p in probabilities.iter_mut() {
                    *p = p.exp();
                }
                let probabilities = probabilities.into_vec();
                match rule {
                    None => Prediction::from_model(label, probabilities),
                    // See `Prediction::probability` for why a rule's label has none.
                    Some(_) => Prediction {
                        label,
                        probability: None,
                        probabilities,
                        rule,
                    },
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_label_path_sums_like_the_general_one() {
        let labels = LabelSet::standard();
        let n = labels.len();
        let features = FeatureSettings::default();
        let log_probs: Vec<f32> = (0..features.dimension() * n)
            .map(|i| -1.0 - (i % 97) as f32 / 7.0)
            .collect();
        let model = Model::from_parts(
            labels,
            features,
            DecoderSettings {
                decoder: Decoder::Independent,
                scale: 1.0,
                label_bias: vec![0.0; n],
                transition_weight: 1.0,
                pruning: 0.0,
                title_margin: None,
                heading_margin: None,
                article_extent: None,
                rules: RuleSwitches::all_on(),
            },
            vec![-(n as f64).ln(); n],
            log_probs.clone(),
            Transitions::learn(n, std::iter::empty()),
        );
        let block = SparseFeatures {
            entries: vec![(3, 1.0), (70, 0.6), (4096, 2.5), (65_535, 0.3)],
        };
        let mut general = vec![0.0f64; n];
        for &(bucket, weight) in &block.entries {
            for (label, sum) in general.iter_mut().enumerate() {
                *sum += weight as f64 * log_probs[bucket as usize * n + label] as f64;
            }
        }
        assert_eq!(model.log_likelihoods(&block), general);
    }
}
