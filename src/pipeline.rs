//! The whole flow for one document: blocks → languages → features → labels.
//! [`Cleaner`] holds a model and a language analyzer and labels documents;
//! it is `Sync`, so one cleaner serves many threads.

use crate::document::Document;
use crate::features::{document_features, FeatureSettings, SparseFeatures};
use crate::language::{LanguageAnalyzer, LanguageReport};
use crate::model::{Model, Prediction};

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

/// Languages and features of a document: everything a model needs.
pub fn featurize(document: &Document, analyzer: &LanguageAnalyzer, settings: &FeatureSettings) -> (LanguageReport, Vec<SparseFeatures>) {
    let languages = analyzer.analyze(document);
    let features = document_features(document, &languages, settings);
    (languages, features)
}

/// Labels documents with a model.
pub struct Cleaner {
    model: Model,
    analyzer: LanguageAnalyzer,
}

impl Cleaner {
    /// A cleaner with a model and a language analyzer.
    pub fn new(model: Model, analyzer: LanguageAnalyzer) -> Cleaner {
        Cleaner { model, analyzer }
    }

    /// The model in use.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Labels every block of a document.
    pub fn classify(&self, document: Document) -> ClassifiedDocument {
        let (languages, features) = featurize(&document, &self.analyzer, self.model.feature_settings());
        let predictions = self.model.predict(&features);
        ClassifiedDocument { document, languages, predictions }
    }
}
