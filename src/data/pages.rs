//! Labeled records read with their pages. A record may carry its page's
//! HTML (`"html"`, or `"html_path"` relative to its file), or the pages may
//! sit in a folder by id (`train --html-dir`, as the shared dev sets keep
//! them): the HTML reader cuts the page again, so that every block has its
//! markup's evidence, and the record's labels are carried over block by
//! block ([`super::align`]).

use super::{LabeledData, LabeledDocument, align};
use crate::document::Document;
use crate::error::{Error, Location, Result};
use crate::html::{HtmlOptions, read_html};
use rayon::prelude::*;
use std::path::Path;

impl LabeledDocument {
    /// Takes `page`'s blocks (with their evidence) as the document's, each
    /// with the label and language of the record's block of the same text;
    /// a page block without one is unlabeled. Returns how many of the
    /// record's blocks the page did not have (also kept in
    /// [`LabeledDocument::unaligned_blocks`]).
    pub fn read_onto(&mut self, page: Document) -> usize {
        let record: Vec<&str> = self
            .document
            .blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        let page_texts: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
        let alignment = align(&page_texts, &record);
        self.labels = alignment
            .partner
            .iter()
            .map(|p| p.and_then(|j| self.labels[j]))
            .collect();
        self.block_languages = alignment
            .partner
            .iter()
            .map(|p| p.and_then(|j| self.block_languages[j].clone()))
            .collect();
        self.unaligned_blocks = alignment.unmatched;
        self.document = Document {
            id: std::mem::take(&mut self.document.id),
            ..page
        };
        alignment.unmatched
    }
}

impl LabeledData {
    /// Reads the page of every document that has none yet from
    /// `dir/<id>.html`, where it exists, and carries the labels over
    /// ([`LabeledDocument::read_onto`]). Returns how many pages were read.
    ///
    /// # Errors
    /// [`Error::Io`] for a page that exists but cannot be read;
    /// [`Error::Html`] for one that cannot be decoded.
    pub fn read_pages_from(&mut self, dir: &Path) -> Result<usize> {
        let read: Vec<bool> = self
            .documents
            .par_iter_mut()
            .filter(|d| d.document.metadata.is_none())
            .map(|d| {
                let path = dir.join(format!("{}.html", d.document.id));
                if !path.is_file() {
                    return Ok(false);
                }
                let page = read_page(&path, &d.document.id)?;
                d.read_onto(page);
                Ok(true)
            })
            .collect::<Result<_>>()?;
        Ok(read.into_iter().filter(|&r| r).count())
    }
}

/// Reads and cuts an HTML page file, as the document `id`.
///
/// # Errors
/// [`Error::Io`], [`Error::Html`].
pub(crate) fn read_page(path: &Path, id: &str) -> Result<Document> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(read_html(id, &bytes, &HtmlOptions::default())?.0)
}

/// The page of a record at `location` that names it by `html_path`,
/// relative to the record's file.
///
/// # Errors
/// As [`read_page`].
pub(crate) fn read_page_at(html_path: &str, location: &Location, id: &str) -> Result<Document> {
    let base = location.path.parent().unwrap_or(Path::new(""));
    read_page(&base.join(html_path), id)
}
