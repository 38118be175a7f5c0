//! The model: naive-Bayes weights trained with linfa-bayes, label-to-label
//! transitions, and everything needed to apply them the way they were
//! trained. This is where a block gets its label: [`Model::predict`].

mod decode;
mod file;

pub use decode::{Transitions, argmax, log_normalize, log_sum_exp};
pub use file::{FORMAT_VERSION, Provenance, ScoreSummary};

use crate::document::BlockOutline;
use crate::features::{FeatureSettings, SparseFeatures};
use crate::labels::{LabelSet, STANDARD_LABELS};
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
    /// An article has a title. When no block in the [`TITLE_WINDOW`]
    /// blocks before the article's first body block (the first one in the
    /// article's stretch, when [`DecoderSettings::article_extent`] is on) is
    /// labeled headline, the one there most likely to be a headline becomes one if
    /// its headline log-probability is at most this many nats below its
    /// label's. `None` turns this off (and so does a label set without
    /// `headline` and `body`).
    pub title_margin: Option<f64>,
    /// Section headings: a heading-shaped block (see
    /// [`BlockOutline::heading_shaped`]) between two body blocks becomes a
    /// headline if its headline log-probability is at most this many nats
    /// below its label's; so does a heading with a section anchor anywhere,
    /// within [`ANCHORED_HEADING_MARGIN`]. `None` turns both off.
    pub heading_margin: Option<f64>,
    /// Where the article ends: see [`ArticleExtent`]. `None` turns it off.
    pub article_extent: Option<ArticleExtent>,
}

/// The article is one stretch of the page. Comments, related stories,
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

/// How many blocks before the first body block may hold a missed title. On
/// the dev pages, 90% of titles sit at most 12 blocks above the first
/// paragraph of 25 words or more (bylines, dates and share buttons come between).
pub const TITLE_WINDOW: usize = 12;

/// How far below its label's log-probability a heading with a section
/// anchor ([`BlockOutline::anchored`]) may put its headline one and still
/// become a headline. The page marks such headings itself, so the margin is
/// wide; it is fixed rather than tuned, since few pages have them (3 of the
/// 503 dev pages). On readability-en (3-fold cross-validation, one fixed
/// decoder), headline F1 0.437 at the heading rescue's margin (4 nats),
/// 0.500 at 8, 0.507 at 16, 0.509 with no limit; 49 of the 50 blocks
/// ending in `[edit]` there are headlines.
pub const ANCHORED_HEADING_MARGIN: f64 = 16.0;

/// Decoding's last step: a block with the same text (its outline's
/// `text_key`) as a headline at most this many blocks away becomes a
/// headline too.
pub const HEADLINE_COPY_WINDOW: usize = 2;

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
    /// Per label: ln P(label), learned from the training blocks.
    #[cfg(test)]
    pub(crate) fn log_priors(&self) -> &[f64] {
        &self.log_priors
    }

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

    /// Labels the blocks of one document, given their features and their
    /// outlines ([`Document::block_outlines`]: decoding weighs the article's
    /// extent by their lengths, looks for section headings among the
    /// heading-shaped ones and labels a headline's copies by their text keys;
    /// a missing outline counts as an empty block).
    ///
    /// [`Document::block_outlines`]: crate::document::Document::block_outlines
    pub fn predict(&self, blocks: &[SparseFeatures], outlines: &[BlockOutline]) -> Vec<Prediction> {
        let likelihoods: Vec<Vec<f64>> = blocks.iter().map(|f| self.log_likelihoods(f)).collect();
        self.decode(&likelihoods, outlines)
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
        let DecoderSettings {
            decoder,
            scale,
            label_bias,
            transition_weight,
            pruning,
            title_margin,
            heading_margin,
            article_extent,
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
        let log_posteriors: Vec<Vec<f64>> = emissions
            .iter()
            .map(|e| {
                let mut p: Vec<f64> = e
                    .iter()
                    .zip(&self.log_priors)
                    .map(|(e, prior)| e + prior)
                    .collect();
                log_normalize(&mut p);
                p
            })
            .collect();
        let posteriors: Vec<Vec<f64>> = log_posteriors
            .iter()
            .map(|p| p.iter().map(|lp| lp.exp()).collect())
            .collect();
        let mut labels: Vec<usize> = match decoder {
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
        // Section headings first: a heading taken for boilerplate would cost
        // the article's stretch as much as a menu item, and a short
        // paragraph after it would then fall outside the article. Tried and
        // dropped: undoing a rescue between two paragraphs that then fall
        // after the stretch (taken for comments). 5-fold, headline F1
        // 0.636 -> 0.627, trafilatura-half 0.613 -> 0.584, at the same
        // decoder settings: it undid more right headlines than wrong ones.
        if let Some(margin) = heading_margin {
            self.rescue_headings(&mut labels, &log_posteriors, outlines, *margin);
        }
        let article_start = article_extent.and_then(|extent| {
            self.prune_after_article(&mut labels, &log_posteriors, outlines, &extent)
        });
        if let Some(margin) = title_margin {
            self.rescue_title(&mut labels, &log_posteriors, *margin, article_start);
        }
        self.copy_headlines(&mut labels, outlines);
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

    /// Body blocks after the article's stretch: see [`ArticleExtent`].
    /// Returns where the stretch starts.
    fn prune_after_article(
        &self,
        labels: &mut [usize],
        log_posteriors: &[Vec<f64>],
        outlines: &[BlockOutline],
        extent: &ArticleExtent,
    ) -> Option<usize> {
        let (Some(body), Some(boilerplate)) =
            (self.labels.id("body"), self.labels.id("boilerplate"))
        else {
            return None;
        };
        let quote = self.labels.id("quote");
        let is_text = |i: usize| {
            labels
                .get(i)
                .is_some_and(|&l| l == body || Some(l) == quote)
        };
        let worth = |i: usize| {
            let label = labels[i];
            if is_text(i) {
                outlines.get(i).map_or(0, |o| o.chars) as f64
            } else if label != boilerplate {
                0.0
            } else if i > 0 && is_text(i - 1) && is_text(i + 1) {
                // An "Advertisement" or "Read more" between two paragraphs
                // interrupts the article, it does not end it: at a cost, a
                // news story of short paragraphs with one after each was cut
                // after its first. Between comments come two or more
                // (the name, the date, "Reply").
                0.0
            } else {
                -extent.boilerplate_cost
            }
        };
        // The stretch of the largest total worth (Kadane's maximum subarray).
        let (mut best, mut stretch) = (0.0, None);
        let (mut running, mut start) = (0.0, 0);
        for i in 0..labels.len() {
            if running <= 0.0 {
                running = 0.0;
                start = i;
            }
            running += worth(i);
            if running > best {
                best = running;
                stretch = Some(start..=i);
            }
        }
        let stretch = stretch?;
        let keep = extent.keep_probability.ln();
        for (i, label) in labels.iter_mut().enumerate() {
            if *label == body && i > *stretch.end() && log_posteriors[i][body] < keep {
                *label = boilerplate;
            }
        }
        Some(*stretch.start())
    }

    /// Labels a missed title: see [`DecoderSettings::title_margin`].
    ///
    /// Naive Bayes judges a title by what it shares with the blocks around
    /// it, and a title set between a menu and a byline shares their shape
    /// (short, no full stop, boilerplate neighbours); on the dev pages most
    /// missed titles came out boilerplate at > 0.9. Asking which block of the
    /// head is the likeliest headline compares the candidates with each
    /// other instead of with the menu.
    fn rescue_title(
        &self,
        labels: &mut [usize],
        log_posteriors: &[Vec<f64>],
        margin: f64,
        article_start: Option<usize>,
    ) {
        let (Some(headline), Some(body)) = (self.labels.id("headline"), self.labels.id("body"))
        else {
            return;
        };
        // The article's first body block: a teaser paragraph in the page's
        // header is not where the title is.
        let from = article_start.unwrap_or(0);
        let Some(first_body) = labels[from..]
            .iter()
            .position(|&l| l == body)
            .map(|i| from + i)
        else {
            return;
        };
        let head = first_body.saturating_sub(TITLE_WINDOW)..first_body;
        if labels[head.clone()].contains(&headline) {
            return;
        }
        let gap = |i: usize| log_posteriors[i][labels[i]] - log_posteriors[i][headline];
        if let Some(best) = head.min_by(|&a, &b| gap(a).total_cmp(&gap(b)))
            && gap(best) <= margin
        {
            labels[best] = headline;
        }
    }

    /// A block with the same text as a headline at most
    /// [`HEADLINE_COPY_WINDOW`] blocks away is a headline too: a page that
    /// prints its title twice (the page's title, then the article's, or a
    /// title above and below the lead photo) has two headlines, as the
    /// user's reference article is labeled. Naive Bayes scores the copies
    /// alike, and sequence decoding, which has seldom seen a headline follow
    /// a headline, keeps only one; on trafilatura-half's pages the one kept
    /// was often the copy its labels leave out. Out of fold (5-fold dump of
    /// the default training data), headline F1 on trafilatura-half 0.627 ->
    /// 0.638, on the authored pages 0.861 -> 0.868, on aeb 0.323 -> 0.319
    /// (whose labels call a title's first copy boilerplate); a window of 3
    /// or more took readability-en's from 0.480 to 0.479 and lower (its
    /// tables of contents repeat its section headings).
    fn copy_headlines(&self, labels: &mut [usize], outlines: &[BlockOutline]) {
        let Some(headline) = self.labels.id("headline") else {
            return;
        };
        // Blocks without an outline (lengths that do not match) are left alone.
        let n = labels.len().min(outlines.len());
        let headlines: Vec<usize> = (0..n).filter(|&i| labels[i] == headline).collect();
        for i in headlines {
            let near =
                i.saturating_sub(HEADLINE_COPY_WINDOW)..(i + HEADLINE_COPY_WINDOW + 1).min(n);
            for j in near {
                if outlines[j].text_key == outlines[i].text_key && outlines[j].chars > 0 {
                    labels[j] = headline;
                }
            }
        }
    }

    /// Labels missed section headings: see [`DecoderSettings::heading_margin`].
    ///
    /// A one-line heading looks like a menu item to the features (short, no
    /// full stop), and naive Bayes adds that evidence up once per feature;
    /// the two body blocks around it are one cue among dozens. With the
    /// neighbours' decoded labels known, a modest headline probability is
    /// enough, for a block shaped like a heading: on readability-en (out of
    /// fold), most blocks between two paragraphs that end like a sentence or
    /// a clause ("or in matrix form:", "No answer.") are body, and the
    /// shape lets the margin grow (see [`HEADING_WORDS`]).
    ///
    /// [`HEADING_WORDS`]: crate::document::HEADING_WORDS
    fn rescue_headings(
        &self,
        labels: &mut [usize],
        log_posteriors: &[Vec<f64>],
        outlines: &[BlockOutline],
        margin: f64,
    ) {
        let (Some(headline), Some(body)) = (self.labels.id("headline"), self.labels.id("body"))
        else {
            return;
        };
        for i in 0..labels.len() {
            let label = labels[i];
            let Some(outline) = outlines.get(i).filter(|o| o.heading_shaped) else {
                continue;
            };
            // A heading with a section anchor needs no paragraphs around it:
            // the next block is often a "Main article: …" line or a table.
            let between_paragraphs =
                i > 0 && labels[i - 1] == body && labels.get(i + 1) == Some(&body);
            let gap = log_posteriors[i][label] - log_posteriors[i][headline];
            if (between_paragraphs && gap <= margin)
                || (outline.anchored && gap <= ANCHORED_HEADING_MARGIN)
            {
                labels[i] = headline;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADLINE: usize = 0;
    const BODY: usize = 2;
    const BOILERPLATE: usize = 4;

    /// A model whose decoding sees only the likelihoods it is given: flat
    /// priors, no weights, no transitions to speak of.
    fn flat_model(decoder: DecoderSettings) -> Model {
        let labels = LabelSet::standard();
        let n = labels.len();
        let transitions = Transitions::learn(n, std::iter::empty());
        Model::from_parts(
            labels,
            FeatureSettings::default(),
            decoder,
            vec![-(n as f64).ln(); n],
            Vec::new(),
            transitions,
        )
    }

    fn settings(title_margin: Option<f64>, heading_margin: Option<f64>) -> DecoderSettings {
        DecoderSettings {
            decoder: Decoder::Independent,
            scale: 1.0,
            label_bias: vec![0.0; 5],
            transition_weight: 1.0,
            pruning: 0.0,
            title_margin,
            heading_margin,
            article_extent: None,
        }
    }

    /// Log-likelihoods favouring `label` by `lead` nats over every other
    /// label, except `headline_gap` below it for headline.
    fn block(label: usize, lead: f64, headline_gap: f64) -> Vec<f64> {
        let mut scores = vec![-lead; 5];
        scores[label] = 0.0;
        if label != HEADLINE {
            scores[HEADLINE] = -headline_gap;
        }
        scores
    }

    #[test]
    fn body_after_the_article_becomes_boilerplate_unless_sure() {
        let extent = ArticleExtent {
            boilerplate_cost: 200.0,
            keep_probability: 0.999,
        };
        let unsure = block(BODY, 3.0, 9.0); // P(body) ≈ 0.8
        let sure = block(BODY, 12.0, 12.0);
        let menu = block(BOILERPLATE, 9.0, 9.0);
        // A standfirst above the byline, the article, three blocks of
        // comment furniture, two comments.
        let page = vec![
            unsure.clone(),
            menu.clone(),
            sure.clone(),
            sure.clone(),
            menu.clone(),
            menu.clone(),
            menu.clone(),
            unsure.clone(),
            sure.clone(),
        ];
        let lengths = outlines(&[120, 20, 900, 700, 20, 20, 20, 150, 150]);
        let model = flat_model(DecoderSettings {
            article_extent: Some(extent),
            ..settings(None, None)
        });
        let labels = decoded_labels(&model, &page, &lengths);
        let b = BOILERPLATE;
        assert_eq!(labels, [BODY, b, BODY, BODY, b, b, b, b, BODY]);
        // A short interruption inside the article does not end it.
        let lengths = outlines(&[120, 20, 900, 700, 20, 20, 20, 900, 900]);
        let labels = decoded_labels(&model, &page, &lengths);
        assert_eq!(labels, [BODY, b, BODY, BODY, b, b, b, BODY, BODY]);
        // Lengths that do not match the blocks are no reason to panic.
        assert_eq!(model.decode(&page, &[]).len(), page.len());
    }

    /// Heading-shaped blocks of these lengths.
    fn outlines(lengths: &[usize]) -> Vec<BlockOutline> {
        lengths
            .iter()
            .enumerate()
            .map(|(i, &chars)| BlockOutline {
                chars,
                heading_shaped: true,
                anchored: false,
                // Every block's text differs from the others'.
                text_key: i as u64,
            })
            .collect()
    }

    /// The labels decoded for blocks with these outlines.
    fn decoded_labels(
        model: &Model,
        likelihoods: &[Vec<f64>],
        outlines: &[BlockOutline],
    ) -> Vec<usize> {
        model
            .decode(likelihoods, outlines)
            .iter()
            .map(|p| p.label)
            .collect()
    }

    /// The labels decoded for heading-shaped blocks of 100 characters.
    fn labels_of(model: &Model, likelihoods: &[Vec<f64>]) -> Vec<usize> {
        decoded_labels(model, likelihoods, &outlines(&vec![100; likelihoods.len()]))
    }

    #[test]
    fn a_missed_title_above_the_article_becomes_the_headline() {
        let page = vec![
            block(BOILERPLATE, 9.0, 8.0), // menu item
            block(BOILERPLATE, 9.0, 3.0), // the title, read as boilerplate
            block(BOILERPLATE, 9.0, 6.0), // byline
            block(BODY, 9.0, 9.0),
            block(BODY, 9.0, 9.0),
        ];
        let off = flat_model(settings(None, None));
        assert_eq!(
            labels_of(&off, &page),
            [BOILERPLATE, BOILERPLATE, BOILERPLATE, BODY, BODY]
        );
        let on = flat_model(settings(Some(4.0), None));
        assert_eq!(
            labels_of(&on, &page),
            [BOILERPLATE, HEADLINE, BOILERPLATE, BODY, BODY]
        );
        // Too unlikely a headline stays what it was.
        let strict = flat_model(settings(Some(2.0), None));
        assert_eq!(labels_of(&strict, &page), labels_of(&off, &page));
    }

    #[test]
    fn a_copy_of_a_headline_next_to_it_is_a_headline() {
        let page = vec![
            block(HEADLINE, 1.0, 0.0),    // the title
            block(BOILERPLATE, 9.0, 6.0), // byline
            block(BOILERPLATE, 9.0, 1.0), // the title again
            block(BODY, 9.0, 9.0),
            block(BOILERPLATE, 9.0, 1.0), // the title once more, too far away
            block(BOILERPLATE, 9.0, 1.0), // a menu item
        ];
        let mut lengths = outlines(&[60, 20, 60, 900, 60, 10]);
        lengths[2].text_key = lengths[0].text_key;
        lengths[4].text_key = lengths[0].text_key;
        let model = flat_model(settings(None, None));
        assert_eq!(
            decoded_labels(&model, &page, &lengths),
            [
                HEADLINE,
                BOILERPLATE,
                HEADLINE,
                BODY,
                BOILERPLATE,
                BOILERPLATE
            ]
        );
    }

    #[test]
    fn a_title_already_found_is_not_doubled() {
        let page = vec![
            block(HEADLINE, 1.0, 0.0),
            block(BOILERPLATE, 9.0, 1.0),
            block(BODY, 9.0, 9.0),
        ];
        let model = flat_model(settings(Some(4.0), None));
        assert_eq!(labels_of(&model, &page), [HEADLINE, BOILERPLATE, BODY]);
        // No body at all: not an article, nothing to rescue.
        let menu = vec![block(BOILERPLATE, 9.0, 1.0), block(BOILERPLATE, 9.0, 1.0)];
        assert_eq!(labels_of(&model, &menu), [BOILERPLATE, BOILERPLATE]);
    }

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
            settings(None, None),
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

    #[test]
    fn a_block_between_two_paragraphs_may_be_a_section_heading() {
        let page = vec![
            block(BODY, 9.0, 9.0),
            block(BOILERPLATE, 9.0, 1.5), // a heading read as boilerplate
            block(BODY, 9.0, 9.0),
            block(BOILERPLATE, 9.0, 1.5), // the same shape, but after the article
            block(BOILERPLATE, 9.0, 9.0),
        ];
        let model = flat_model(settings(None, Some(2.0)));
        assert_eq!(
            labels_of(&model, &page),
            [BODY, HEADLINE, BODY, BOILERPLATE, BOILERPLATE]
        );
        let strict = flat_model(settings(None, Some(1.0)));
        assert_eq!(labels_of(&strict, &page)[1], BOILERPLATE);
        // A block that ends like a sentence ("Here is how:") is no heading.
        let mut sentence = outlines(&[100; 5]);
        sentence[1].heading_shaped = false;
        assert_eq!(model.decode(&page, &sentence)[1].label, BOILERPLATE);
    }

    #[test]
    fn an_anchored_heading_needs_no_paragraphs_around_it() {
        let page = vec![
            block(BODY, 9.0, 9.0),
            block(BOILERPLATE, 9.0, 12.0), // "Software[edit]", read as boilerplate
            block(BOILERPLATE, 9.0, 9.0),  // "Main article: …"
            block(BODY, 9.0, 9.0),
        ];
        let mut anchored = outlines(&[100; 4]);
        let model = flat_model(settings(None, Some(2.0)));
        assert_eq!(model.decode(&page, &anchored)[1].label, BOILERPLATE);
        anchored[1].anchored = true;
        assert_eq!(model.decode(&page, &anchored)[1].label, HEADLINE);
        // Beyond the anchored margin, it stays what it was.
        let mut sure = page.clone();
        sure[1] = block(BOILERPLATE, 9.0, ANCHORED_HEADING_MARGIN + 1.0);
        assert_eq!(model.decode(&sure, &anchored)[1].label, BOILERPLATE);
    }

    #[test]
    fn an_advertisement_after_each_short_paragraph_does_not_end_the_article() {
        let (p, ad) = (block(BODY, 3.0, 9.0), block(BOILERPLATE, 9.0, 9.0));
        let page = vec![
            p.clone(),
            ad.clone(),
            p.clone(),
            ad.clone(),
            p.clone(),
            ad,
            p,
        ];
        let mut decoder = settings(None, None);
        decoder.article_extent = Some(ArticleExtent {
            boilerplate_cost: 200.0,
            keep_probability: 1.1,
        });
        let labels = decoded_labels(
            &flat_model(decoder),
            &page,
            &outlines(&[110, 13, 100, 13, 100, 13, 95]),
        );
        let b = BOILERPLATE;
        assert_eq!(labels, [BODY, b, BODY, b, BODY, b, BODY]);
    }

    #[test]
    fn a_short_paragraph_after_a_section_heading_stays_in_the_article() {
        let page = vec![
            block(BODY, 9.0, 9.0),
            block(BOILERPLATE, 9.0, 1.5), // a section heading
            block(BODY, 9.0, 9.0),
        ];
        let mut decoder = settings(None, Some(2.0));
        decoder.article_extent = Some(ArticleExtent {
            boilerplate_cost: 200.0,
            keep_probability: 1.1,
        });
        let model = flat_model(decoder);
        // Taken for boilerplate, the heading would cost the stretch 200
        // characters and leave the last paragraph (150) outside it.
        let labels = decoded_labels(&model, &page, &outlines(&[212, 13, 150]));
        assert_eq!(labels, [BODY, HEADLINE, BODY]);
    }
}
