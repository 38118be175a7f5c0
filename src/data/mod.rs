//! Labeled data: documents whose blocks carry labels, read from
//! labeled-document JSONL (`*.jsonl`, see `../shared/data/FORMAT.md`) or
//! gleaner's hand-annotation format (`*.ann.txt`, see
//! `docs/ANNOTATION-FORMAT.md`). Raw records become validated
//! [`LabeledDocument`]s here, once: unknown labels, empty blocks, duplicate
//! ids and malformed lines are errors naming file and line.

mod align;
mod annotated;
mod jsonl;
mod pages;

pub use align::{Alignment, align};
pub use annotated::{parse_annotated, parse_annotated_checked, write_annotated};
pub use jsonl::{RawBlock, RawDocument, parse_jsonl_line, write_jsonl_line};

use crate::document::Document;
use crate::error::{Error, Location, Result};
use crate::labels::LabelSet;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A document with a label (or none) per block.
#[derive(Debug, Clone, PartialEq)]
pub struct LabeledDocument {
    /// The document; its `id` is the record's id.
    pub document: Document,
    /// One label id per block; `None` for blocks nobody annotated.
    pub labels: Vec<Option<usize>>,
    /// Each block's own language (ISO 639-1), when given.
    pub block_languages: Vec<Option<String>>,
    /// The document's main language (ISO 639-1), when given.
    pub lang: Option<String>,
    /// The page's URL, when given.
    pub url: Option<String>,
    /// Where the record starts.
    pub source: Location,
    /// Training weight of the document (1 unless set with `train --weight`).
    pub weight: f32,
    /// For a record read with its page: how many of the record's blocks
    /// the page's reader did not cut (their labels are not used).
    pub unaligned_blocks: usize,
    /// Train only the markup factor on this page (see
    /// [`LabeledData::markup_only`]).
    pub markup_only: bool,
}

/// Labeled documents read from files, with the label set they use.
#[derive(Debug, Clone)]
pub struct LabeledData {
    /// The labels the documents were checked against.
    pub labels: LabelSet,
    /// The documents, in file order.
    pub documents: Vec<LabeledDocument>,
    /// The files read, in order.
    pub files: Vec<PathBuf>,
}

impl LabeledData {
    /// In documents read from files under `path`, stops using `body` blocks
    /// that are mainly a direct quotation (their label becomes `None`):
    /// sets annotated for body-vs-boilerplate (aeb) or by a reader-mode tool
    /// (readability) call such paragraphs body, gleaner's taxonomy calls them
    /// quote. Returns how many blocks it unlabeled.
    pub fn skip_quotation_body(&mut self, path: &Path) -> usize {
        let Some(body) = self.labels.id("body") else {
            return 0;
        };
        let mut skipped = 0;
        for document in self
            .documents
            .iter_mut()
            .filter(|d| d.source.path.starts_with(path))
        {
            for (label, block) in document.labels.iter_mut().zip(&document.document.blocks) {
                if *label == Some(body) && crate::features::is_mainly_quotation(&block.text) {
                    *label = None;
                    skipped += 1;
                }
            }
        }
        skipped
    }

    /// In documents read from files under `path`, stops using the blocks
    /// labeled `label` (their label becomes `None`), for sets whose use of a
    /// label differs from gleaner's taxonomy. Returns how many blocks it unlabeled.
    pub fn unlabel(&mut self, path: &Path, label: usize) -> usize {
        let mut unlabeled = 0;
        for document in self
            .documents
            .iter_mut()
            .filter(|d| d.source.path.starts_with(path))
        {
            for block_label in document.labels.iter_mut().filter(|l| **l == Some(label)) {
                *block_label = None;
                unlabeled += 1;
            }
        }
        unlabeled
    }

    /// Lets the pages read from files under `path` (those read with their
    /// HTML) teach only the markup factor: their text is not learned from
    /// and does not tune the text decoder. Authored HTML pages teach the
    /// markup of many languages' sites this way without shifting how plain
    /// text is labeled. Returns how many documents it applies to.
    pub fn markup_only(&mut self, path: &Path) -> usize {
        let mut applied = 0;
        for document in &mut self.documents {
            if document.source.path.starts_with(path) && document.document.metadata.is_some() {
                document.markup_only = true;
                applied += 1;
            }
        }
        applied
    }

    /// Sets the training weight of the documents read from files under `path`.
    /// Returns how many documents it applies to.
    pub fn set_weight(&mut self, path: &Path, weight: f32) -> usize {
        let mut applied = 0;
        for document in &mut self.documents {
            if document.source.path.starts_with(path) {
                document.weight = weight;
                applied += 1;
            }
        }
        applied
    }

    /// Relabels gold `body` blocks that come from `<h1>`-`<h6>` as
    /// `headline`: the aeb set annotates the article body as one text, so
    /// section headings inside it come out as body.
    pub fn headings_as_headlines(&mut self) {
        let (Some(body), Some(headline)) = (self.labels.id("body"), self.labels.id("headline"))
        else {
            return;
        };
        for document in &mut self.documents {
            for (label, block) in document.labels.iter_mut().zip(&document.document.blocks) {
                let heading = block
                    .tag
                    .as_deref()
                    .is_some_and(|t| matches!(t, "h1" | "h2" | "h3" | "h4" | "h5" | "h6"));
                if heading && *label == Some(body) {
                    *label = Some(headline);
                }
            }
        }
    }
}

/// Which format a file is in, by name: `*.jsonl` or `*.ann.txt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    /// Labeled-document JSONL.
    Jsonl,
    /// The hand-annotation text format.
    Annotated,
}

impl DataFormat {
    /// The format of a file, from its name.
    pub fn of(path: &Path) -> Option<DataFormat> {
        let name = path.file_name()?.to_string_lossy();
        if name.ends_with(".jsonl") {
            Some(DataFormat::Jsonl)
        } else if name.ends_with(".ann.txt") {
            Some(DataFormat::Annotated)
        } else {
            None
        }
    }
}

/// The path that stands for standard input, which is read as labeled JSONL.
const STDIN: &str = "-";

/// The data files named by `paths`: files as given, directories searched
/// recursively for `*.jsonl` and `*.ann.txt`, in sorted order (names that
/// start with a dot skipped); `-` is standard input, read as JSONL.
///
/// # Errors
/// [`Error::Io`] for a path that cannot be read; [`Error::InvalidSetting`]
/// for a file of unknown format or a directory without data files.
pub fn data_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        files.extend(files_of(path)?);
    }
    Ok(files)
}

/// The data files one path names.
fn files_of(path: &Path) -> Result<Vec<PathBuf>> {
    if path.as_os_str() == STDIN {
        return Ok(vec![path.to_path_buf()]);
    }
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        let mut files = Vec::new();
        crate::walk::walk_files(path, &|f| DataFormat::of(f).is_some(), &mut files)?;
        if files.is_empty() {
            return Err(Error::InvalidSetting(format!(
                "{}: no *.jsonl or *.ann.txt files in this directory",
                path.display()
            )));
        }
        Ok(files)
    } else if DataFormat::of(path).is_some() {
        Ok(vec![path.to_path_buf()])
    } else {
        Err(Error::InvalidSetting(format!(
            "{}: unknown data format (expected *.jsonl or *.ann.txt)",
            path.display()
        )))
    }
}

/// Reads and validates labeled documents from files and directories
/// (`-`: labeled JSONL from standard input).
///
/// # Errors
/// The first problem found: unreadable file, malformed line, unknown label,
/// empty block, duplicate id (each naming file and line).
pub fn read_labeled(paths: &[PathBuf], labels: &LabelSet) -> Result<LabeledData> {
    let (data, problems) = read_labeled_checked(paths, labels);
    match problems.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(data),
    }
}

/// Reads labeled documents as [`read_labeled`] does, but goes on past a
/// problem: the documents that are valid, and every problem found (one per
/// malformed JSONL line, unreadable file, duplicate id or bad line of an
/// annotation file, whose documents with a problem are left out).
pub fn read_labeled_checked(paths: &[PathBuf], labels: &LabelSet) -> (LabeledData, Vec<Error>) {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        match files_of(path) {
            Ok(found) => files.extend(found),
            Err(error) => problems.push(error),
        }
    }
    let mut documents = Vec::new();
    let mut ids: HashMap<String, Location> = HashMap::new();
    for file in &files {
        let parsed = match read_data_file(file, labels, &mut problems) {
            Ok(parsed) => parsed,
            Err(error) => {
                problems.push(error);
                continue;
            }
        };
        for document in parsed {
            if let Some(first) = ids.get(&document.document.id) {
                problems.push(Error::parse(
                    document.source.clone(),
                    format!(
                        "duplicate document id {:?} (first at {first})",
                        document.document.id
                    ),
                ));
                continue;
            }
            ids.insert(document.document.id.clone(), document.source.clone());
            documents.push(document);
        }
    }
    let data = LabeledData {
        labels: labels.clone(),
        documents,
        files,
    };
    (data, problems)
}

/// The documents of one data file; a malformed JSONL line is added to
/// `problems` and the file goes on.
fn read_data_file(
    file: &Path,
    labels: &LabelSet,
    problems: &mut Vec<Error>,
) -> Result<Vec<LabeledDocument>> {
    let stdin = file.as_os_str() == STDIN;
    let name = if stdin { Path::new("<stdin>") } else { file };
    let bytes = if stdin {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map(|_| bytes)
            .map_err(|e| Error::io(name, e))?
    } else {
        std::fs::read(file).map_err(|e| Error::io(file, e))?
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::parse(
            Location::file(name),
            format!(
                "not valid UTF-8 (byte offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    if !stdin && DataFormat::of(file) == Some(DataFormat::Annotated) {
        let (documents, found) = parse_annotated_checked(&text, file, labels);
        problems.extend(found);
        return Ok(documents);
    }
    let mut parsed = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let location = Location::line(name, index + 1);
        match parse_jsonl_line(line, &location).and_then(|raw| raw.into_labeled(location, labels)) {
            Ok(document) => parsed.push(document),
            Err(error) => problems.push(error),
        }
    }
    Ok(parsed)
}

/// Checks a label name against the set; `None` is an unannotated block.
pub(crate) fn label_id(
    name: Option<&str>,
    labels: &LabelSet,
    location: &Location,
) -> Result<Option<usize>> {
    match name {
        None | Some("null") => Ok(None),
        Some(name) => labels
            .id(name)
            .map(Some)
            .ok_or_else(|| Error::UnknownLabel {
                location: location.clone(),
                label: name.to_string(),
                known: labels.joined(),
            }),
    }
}
