//! # gleaner
//!
//! gleaner cleans scraped articles. It splits an article into blocks and
//! gives every block one label — **headline, caption, body, quote or
//! boilerplate** — with a naive-Bayes model trained by `linfa-bayes`; it finds
//! each block's language and the mixed-language segments of the page with
//! `whatlang`; then it writes the cleaned article.
//!
//! Data flows one way, one module per stage:
//!
//! | stage | module |
//! |---|---|
//! | read | [`input`], [`html`], [`data`] (labeled data) |
//! | blocks | [`blocks`] → [`document::Document`] |
//! | languages | [`language`] → [`language::LanguageReport`] |
//! | features | [`features`] → [`features::SparseFeatures`] |
//! | labels | [`model`] → [`model::Prediction`] (**a block gets its label in [`model::Model::predict`]**) |
//! | output | [`output`] |
//!
//! [`pipeline::Cleaner`] runs the stages for one document; [`eval`] measures
//! labels against gold data.
//!
//! ```
//! use gleaner::{blocks::document_from_text, language::LanguageAnalyzer, model::Model, pipeline::Cleaner};
//!
//! let cleaner = Cleaner::new(Model::embedded_default()?, LanguageAnalyzer::default());
//! let text = "Budget passes after long night\n\nBy Jane Doe\n\n\
//!             Parliament approved the budget on Tuesday after a debate that lasted through the night, \
//!             with the opposition voting against every amendment proposed by the government.";
//! let classified = cleaner.classify(document_from_text("example", text));
//! let labels = cleaner.model().labels();
//! assert_eq!(labels.name(classified.predictions[2].label), "body");
//! # Ok::<(), gleaner::Error>(())
//! ```
#![deny(missing_docs)]

pub mod blocks;
pub mod data;
pub mod document;
pub mod error;
pub mod eval;
pub mod features;
mod hashing;
pub mod html;
pub mod input;
pub mod labels;
pub mod language;
pub mod model;
pub mod output;
pub mod pipeline;
mod scripts;
pub mod training;

pub use error::{Error, Result};
