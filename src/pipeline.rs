//! The whole flow for one document: blocks → languages → features → labels.
//! [`Pipeline`] holds a model and a language analyzer and labels documents;
//! it is `Sync`, so one pipeline serves many threads. The public
//! [`crate::Cleaner`] is a pipeline with the label names resolved.

use crate::data::LabeledData;
use crate::document::{BlockOutline, Document};
use crate::eval::ScoredDocument;
use crate::features::{
    FeatureSettings, SparseFeatures, document_features, for_each_document_features,
    html_document_features,
};
use crate::language::{LanguageAnalyzer, LanguageReport};
use crate::model::{LabelScores, Model, Prediction};
use rayon::prelude::*;

/// A document with its language analysis and one prediction per block.
#[derive(Debug, Clone)]
pub struct ClassifiedDocument {
    /// The document.
    pub document: Document,
    /// Languages of blocks, main language, mixed-language segments.
    pub languages: LanguageReport,
    /// One prediction per block.
    pub predictions: Vec<Prediction>,
}

/// A document's features, one vector per block in each view.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageFeatures {
    /// The text view: words, shape, position, language, neighbours.
    pub text: Vec<SparseFeatures>,
    /// The markup view, for a page read from HTML.
    pub html: Option<Vec<SparseFeatures>>,
}

/// Languages and features of a document: with its block outlines
/// ([`Document::block_outlines`]), everything a model needs.
pub fn featurize(
    document: &Document,
    outlines: &[BlockOutline],
    analyzer: &LanguageAnalyzer,
    settings: &FeatureSettings,
) -> (LanguageReport, PageFeatures) {
    let languages = analyzer.analyze(document);
    let features = PageFeatures {
        text: document_features(document, outlines, &languages, settings),
        html: html_document_features(document, &settings.html),
    };
    (languages, features)
}

/// Labels documents with a model.
pub struct Pipeline {
    model: Model,
    analyzer: LanguageAnalyzer,
}

impl Pipeline {
    /// A pipeline with a model and a language analyzer.
    pub fn new(model: Model, analyzer: LanguageAnalyzer) -> Pipeline {
        Pipeline { model, analyzer }
    }

    /// The model in use.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// For each block: its label's runner-up and the features that weigh
    /// most for the label against it (at most `top` of them).
    pub fn explain(
        &self,
        classified: &ClassifiedDocument,
        top: usize,
    ) -> Vec<(usize, Vec<(String, f64)>)> {
        let predictions = &classified.predictions;
        let named = crate::features::named_document_features(
            &classified.document,
            &classified.document.block_outlines(),
            &classified.languages,
            self.model.feature_settings(),
        );
        let markup = crate::features::named_html_document_features(
            &classified.document,
            &self.model.feature_settings().html,
        );
        named
            .iter()
            .zip(predictions)
            .enumerate()
            .map(|(i, ((_, names), prediction))| {
                let mut order: Vec<usize> = (0..prediction.probabilities.len()).collect();
                order.sort_by(|&a, &b| {
                    prediction.probabilities[b].total_cmp(&prediction.probabilities[a])
                });
                let runner_up = order
                    .into_iter()
                    .find(|&l| l != prediction.label)
                    .unwrap_or(prediction.label);
                let html = markup.as_ref().and_then(|m| m.get(i)).map(Vec::as_slice);
                let mut reasons = self.model.explain(names, html, prediction.label, runner_up);
                reasons.truncate(top);
                (runner_up, reasons)
            })
            .collect()
    }

    /// Labels every labeled document (in parallel) and pairs its
    /// predictions with its gold labels, for [`crate::eval::report`].
    pub fn score<'a>(&self, data: &'a LabeledData) -> Vec<ScoredDocument<'a>> {
        data.documents
            .par_iter()
            .map(|gold| ScoredDocument {
                gold,
                file: gold.source.path.display().to_string(),
                predictions: self.classify(gold.document.clone()).predictions,
            })
            .collect()
    }

    /// Labels every block of a document.
    pub fn classify(&self, document: Document) -> ClassifiedDocument {
        let outlines = document.block_outlines();
        let settings = self.model.feature_settings();
        let languages = self.analyzer.analyze(&document);
        // Each block's features become its label scores at once (as
        // `featurize` + `Model::predict` would, without holding them all).
        let mut likelihoods =
            LabelScores::with_capacity(self.model.labels().len(), document.blocks.len());
        for_each_document_features(&document, &outlines, &languages, settings, |f| {
            likelihoods.push(&self.model.log_likelihoods(&f));
        });
        let html = html_document_features(&document, &settings.html);
        let predictions =
            self.model
                .predict_from_likelihoods(likelihoods, html.as_deref(), outlines);
        ClassifiedDocument {
            document,
            languages,
            predictions,
        }
    }
}
