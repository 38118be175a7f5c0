//! Languages: each block's language, the page's main language, and its
//! mixed-language segments (stretches written in another language than the
//! main one, such as a Polish footer under an English article).
//!
//! One model of the page's languages decides all three (`page_model.rs`), read
//! top to bottom:
//!
//! 1. **Units** (`units.rs`): each block, or the pieces of a long block
//!    (cut at quotation marks, colons and line breaks), with what carries no
//!    language stripped (`strip.rs`: URLs, e-mail, handles, numbers).
//! 2. **Evidence per unit**: its naive-Bayes score under character-trigram
//!    profiles of the Latin- and Cyrillic-script languages of gleaner's own
//!    corpus (`profiles.rs`, its look-up table in `trigram_index.rs`); for
//!    text in another script, or long text that no profile fits, whatlang's
//!    answer.
//! 3. **Decoding**: Viterbi over the units with one cost for every switch of
//!    language, so a stretch becomes another language only when its own
//!    evidence outweighs the switches in and out of it.
//! 4. **Main language**: the decoded language with the most letters.
//!    **Segments**: the maximal runs decoded as another language that show
//!    language a reader can see (a sentence's worth of lowercase words, or a
//!    menu whose words fit its language).
//!
//! docs/LANGUAGES.md has the parameters, how they were tuned and what the
//! model scores on the authored and the real-page test sets.

mod codes;
pub mod evaluation;
mod page_model;
mod profiles;
mod trigram_index;
pub mod real_pages;
pub mod strip;
mod units;

pub use codes::{iso_code, lang_from_code, languages_from_codes};

use crate::document::Document;
use page_model::PageModel;
use std::ops::Range;
use whatlang::{Lang, Script};

/// Settings of the language analysis; [`LanguageSettings::default`] holds
/// the calibrated values (docs/LANGUAGES.md).
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageSettings {
    /// Languages to choose from; `None` means all (the profiled languages
    /// and whatlang's 70).
    pub allowlist: Option<Vec<Lang>>,
    /// Letters a block needs to vote for the main language, and, on a page
    /// without one, to have a trusted language of its own: "Login" alone
    /// is no language.
    pub min_letters: usize,
    /// The cost of a switch of language between two units, in weighted
    /// nats of evidence (trigram log-likelihoods scaled by 0.3).
    pub switch_cost: f64,
}

impl Default for LanguageSettings {
    fn default() -> Self {
        LanguageSettings {
            allowlist: None,
            min_letters: 12,
            switch_cost: 8.0,
        }
    }
}

/// A language with the model's confidence in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DetectedLanguage {
    /// The language.
    pub lang: Lang,
    /// How much the text's own evidence favours this language over the
    /// best other one, in 0..1: 1 − e^(−margin), the margin in the
    /// model's weighted nats (a unit decoded into a language by its
    /// neighbours against its own evidence has 0).
    pub confidence: f64,
    /// The script the text is written in.
    pub script: Script,
}

/// The language of one block.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BlockLanguage {
    /// The detected language, if any detection ran on this block's text.
    pub detected: Option<DetectedLanguage>,
    /// Whether the detected language is trusted: on a page with a main
    /// language, when it is the main language or the block is in a segment
    /// of its language (a foreign run of brands or names is no language);
    /// on a page without one, when the block has
    /// [`LanguageSettings::min_letters`] letters.
    pub trusted: bool,
    /// Letters that carry language in the block.
    pub letters: usize,
}

impl BlockLanguage {
    /// The language if trusted: what callers should use.
    pub fn language(&self) -> Option<Lang> {
        self.detected.filter(|_| self.trusted).map(|d| d.lang)
    }
}

/// A stretch of the document in another language than the main one.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The blocks the segment touches.
    pub blocks: Range<usize>,
    /// Byte span in the source text, when blocks have spans.
    pub span: Option<Range<usize>>,
    /// The segment's language.
    pub lang: Lang,
    /// The lowest confidence among the units that make up the segment.
    pub confidence: f64,
}

/// The language analysis of one document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LanguageReport {
    /// The main language: the decoded language with the most letters
    /// among the blocks with a trusted language.
    pub main: Option<Lang>,
    /// One entry per block.
    pub blocks: Vec<BlockLanguage>,
    /// Mixed-language segments, in document order.
    pub segments: Vec<Segment>,
}

/// Detects languages in documents. Build it once, use it for many documents.
pub struct LanguageAnalyzer {
    settings: LanguageSettings,
    model: PageModel,
}

impl Default for LanguageAnalyzer {
    fn default() -> Self {
        LanguageAnalyzer::new(LanguageSettings::default())
    }
}

impl LanguageAnalyzer {
    /// An analyzer with the given settings.
    pub fn new(settings: LanguageSettings) -> LanguageAnalyzer {
        let model = PageModel::new(&settings);
        LanguageAnalyzer { settings, model }
    }

    /// The settings in use.
    pub fn settings(&self) -> &LanguageSettings {
        &self.settings
    }

    /// The language of a short text (a block, a sentence) read as a page of
    /// its own.
    pub fn detect_text(&self, text: &str) -> BlockLanguage {
        let document = Document {
            id: String::new(),
            blocks: vec![crate::document::Block::new(text)],
            metadata: None,
            archive: None,
        };
        self.analyze(&document).blocks.pop().unwrap_or_default()
    }

    /// Analyzes a document: block languages, main language, segments.
    pub fn analyze(&self, document: &Document) -> LanguageReport {
        self.model.analyze(document)
    }
}

#[cfg(test)]
mod tests;
