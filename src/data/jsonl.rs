//! Labeled-document JSONL records.

use super::pages::read_page_at;
use super::{LabeledDocument, label_id};
use crate::html::read_html_str;
use crate::document::{Block, Document};
use crate::error::{Error, Location, Result};
use crate::labels::LabelSet;
use serde::{Deserialize, Serialize};

/// One JSONL record as written: a page and its blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawDocument {
    /// Unique id.
    pub id: String,
    /// Main language (ISO 639-1) or null.
    #[serde(default)]
    pub lang: Option<String>,
    /// The page's URL or null.
    #[serde(default)]
    pub url: Option<String>,
    /// The blocks in page order.
    pub blocks: Vec<RawBlock>,
    /// The page's HTML: its blocks are then the reader's, labeled from
    /// `blocks` by their text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// The page's HTML file, relative to the JSONL file (instead of `html`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html_path: Option<String>,
}

/// One block of a JSONL record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawBlock {
    /// The block's text.
    pub text: String,
    /// Label name or null.
    #[serde(default)]
    pub label: Option<String>,
    /// HTML element or null.
    #[serde(default)]
    pub tag: Option<String>,
    /// Byte span start, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// Byte span end (exclusive), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// The block's language, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// Parses one JSONL line.
///
/// # Errors
/// [`Error::Parse`] naming the line for malformed JSON or a missing field.
pub fn parse_jsonl_line(line: &str, location: &Location) -> Result<RawDocument> {
    serde_json::from_str(line).map_err(|e| {
        Error::parse(
            location.clone(),
            format!("malformed labeled-document record: {e}"),
        )
    })
}

/// Writes one record as a JSONL line (without the newline).
pub fn write_jsonl_line(document: &LabeledDocument, labels: &LabelSet) -> String {
    serde_json::to_string(&RawDocument::from_labeled(document, labels))
        .expect("plain data serializes")
}

impl RawDocument {
    /// Validates the record into a [`LabeledDocument`].
    ///
    /// # Errors
    /// Unknown labels, empty blocks, an empty id, or a span whose end is
    /// before its start; a page that cannot be read (`html_path`).
    pub fn into_labeled(self, location: Location, labels: &LabelSet) -> Result<LabeledDocument> {
        if self.id.is_empty() {
            return Err(Error::parse(location, "empty document id"));
        }
        let mut document = Document {
            id: self.id,
            blocks: Vec::with_capacity(self.blocks.len()),
            metadata: None,
            archive: None,
        };
        let mut block_labels = Vec::with_capacity(self.blocks.len());
        let mut block_languages = Vec::with_capacity(self.blocks.len());
        for (index, raw) in self.blocks.into_iter().enumerate() {
            if raw.text.trim().is_empty() {
                return Err(Error::parse(location, format!("block {index} is empty")));
            }
            block_labels.push(label_id(raw.label.as_deref(), labels, &location)?);
            let span = match (raw.start, raw.end) {
                (Some(s), Some(e)) if s <= e => Some(s..e),
                (Some(s), Some(e)) => {
                    return Err(Error::parse(
                        location,
                        format!("block {index}: end {e} before start {s}"),
                    ));
                }
                _ => None,
            };
            block_languages.push(raw.lang);
            document.blocks.push(Block {
                text: raw.text,
                span,
                tag: raw.tag,
                evidence: None,
            });
        }
        let page = match (&self.html, &self.html_path) {
            (Some(_), Some(_)) => {
                return Err(Error::parse(
                    location,
                    "a record has \"html\" or \"html_path\", not both",
                ));
            }
            (Some(html), None) => Some(read_html_str(document.id.clone(), html)),
            (None, Some(path)) => Some(read_page_at(path, &location, &document.id)?),
            (None, None) => None,
        };
        let mut labeled = LabeledDocument {
            document,
            labels: block_labels,
            block_languages,
            lang: self.lang,
            url: self.url,
            source: location,
            weight: 1.0,
            unaligned_blocks: 0,
            markup_only: false,
        };
        if let Some(page) = page {
            labeled.read_onto(page);
        }
        Ok(labeled)
    }

    /// The record for a labeled document.
    pub fn from_labeled(document: &LabeledDocument, labels: &LabelSet) -> RawDocument {
        RawDocument {
            id: document.document.id.clone(),
            lang: document.lang.clone(),
            url: document.url.clone(),
            html: None,
            html_path: None,
            blocks: document
                .document
                .blocks
                .iter()
                .enumerate()
                .map(|(i, block)| RawBlock {
                    text: block.text.clone(),
                    label: document.labels[i].map(|l| labels.name(l).to_string()),
                    tag: block.tag.clone(),
                    start: block.span.as_ref().map(|s| s.start),
                    end: block.span.as_ref().map(|s| s.end),
                    lang: document.block_languages[i].clone(),
                })
                .collect(),
        }
    }
}
