//! # gleaner
//!
//! gleaner cleans scraped articles. It splits a page into blocks and gives
//! every block one label — **headline, caption, body, quote or
//! boilerplate** — with a naive-Bayes model trained by `linfa-bayes`; it finds
//! each block's language and the stretches of the page written in another
//! language (a Polish footer under an English article) with `whatlang`; then
//! it writes the cleaned article as text, Markdown or JSON.
//!
//! ## Cleaning a page
//!
//! A [`Cleaner`] holds a model (the one embedded in gleaner unless you give
//! it a file) and cleans pages into [`Cleaned`] ones:
//!
//! ```
//! let cleaner = gleaner::Cleaner::default(); // the embedded model
//! let page = cleaner.clean(
//!     "Harbour town turns its old shipyard into a park\n\n\
//!      Share this article: Facebook | X | Email\n\n\
//!      The town council voted on Tuesday evening to turn the abandoned shipyard \
//!      on the northern dock into a public park, ending a dispute that has \
//!      divided residents for almost a decade.",
//! )?;
//! assert_eq!(page.main_language(), Some("en")); // ISO 639-1
//! for block in page.blocks() {
//!     // label, text, probability, language and byte span of every block
//!     println!(
//!         "{:<12} {:?} {:<4} {:?} {}",
//!         block.label(),
//!         block.probability(), // None when a page rule set the label
//!         block.language().unwrap_or("-"),
//!         block.span(),
//!         block.text()
//!     );
//! }
//! let text = page.to_text(); // or page.to_markdown(), page.to_json()
//! assert!(text.contains("The town council voted"));
//! assert!(!text.contains("Share this article"));
//! # Ok::<(), gleaner::Error>(())
//! ```
//!
//! With a model file of your own, trained by `gleaner train` or [`Trainer`]
//! (here the file the embedded model is built from):
//!
//! ```
//! let cleaner = gleaner::Cleaner::from_model_file("models/default.gleaner")?;
//! let page = cleaner.clean(&std::fs::read_to_string("examples/article.txt")?)?;
//! let markdown = page.to_markdown();
//! assert!(markdown.starts_with("# Harbour Town Votes"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`Cleaner::builder`] sets the languages to choose from and the labels to
//! keep; [`Cleaned::segments`] lists the mixed-language segments.
//!
//! ## Training and measuring
//!
//! [`TrainingData::read`] reads labeled pages (labeled-document JSONL or the
//! hand-annotation format), [`Trainer::train`] fits a model and
//! cross-validates it, [`Cleaner::evaluate`] scores a model on labeled pages.
//!
//! ## How it works
//!
//! Data flows one way: read → blocks → languages → features → labels →
//! output. A block gets its label in the model's `predict` (`src/model/mod.rs`):
//! naive Bayes, a decoder over the page's label sequence, then named page
//! rules. The stages are internal; the binary and the benchmarks reach them
//! through the `internals` feature, which is not a stable API.
#![deny(missing_docs)]
// Without `internals`, the stages' public items that only the binary uses
// (and their re-exports) are unreachable from outside and would warn.
#![cfg_attr(not(feature = "internals"), allow(dead_code, unused_imports))]

mod cleaned;
mod cleaner;
mod error;
mod trainer;

pub use cleaned::{Block, Cleaned, Label, LanguageSegment};
pub use cleaner::{Cleaner, CleanerBuilder};
pub use error::{Error, Location, Result};
pub use trainer::{Scores, TrainedModel, Trainer, TrainingData};

/// Declares the stages: public (and hidden from the facade's docs) with the
/// `internals` feature, private to the crate without it. Each module's own
/// docs say what it does.
macro_rules! stages {
    ($($name:ident),* $(,)?) => {$(
        #[cfg(feature = "internals")]
        #[doc(hidden)]
        pub mod $name;
        #[cfg(not(feature = "internals"))]
        mod $name;
    )*};
}

stages! {
    // read: plain text → blocks.
    blocks,
    // read: HTML pages → blocks with their markup's evidence.
    html,
    // read: labeled data (JSONL and the annotation format).
    data,
    // The data every stage passes on: documents and blocks.
    document,
    // measure: metrics and reports.
    eval,
    // features: blocks → sparse feature vectors.
    features,
    // read: input sources, decoding, JSONL records.
    input,
    // Label sets.
    labels,
    // languages: block languages, main language, segments.
    language,
    // labels: the model, its file, decoding and the page rules.
    model,
    // output: cleaned text, Markdown, JSON records.
    output,
    // The stages for one document, in order.
    pipeline,
    // Training: fitting, cross-validation and decoder choice, provenance.
    train,
    // read: WARC and WET shards → records → pages.
    warc,
}

mod hashing;
mod scripts;
mod text;
mod walk;
