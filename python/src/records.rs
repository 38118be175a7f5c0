//! Cleaned pages as plain dicts with the fields and values of the command
//! line's JSON records (`gleaner clean --format json`, `gleaner classify
//! --format jsonl`): a key the CLI leaves out (`rule`, `tag`, `path` when
//! there is none) is left out here too, and numbers are rounded the same way.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// The record of `clean`: the kept blocks and the cleaned article's text.
pub fn clean_record<'py>(
    py: Python<'py>,
    page: &gleaner::Cleaned,
    id: Option<&str>,
    text: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let record = document_record(py, page, id, page.kept_blocks())?;
    record.set_item("text", text)?;
    Ok(record)
}

/// The record of `classify`: every block.
pub fn classify_record<'py>(
    py: Python<'py>,
    page: &gleaner::Cleaned,
    id: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    document_record(py, page, id, page.blocks())
}

/// The record standing for a page that failed, in a batch with
/// `errors="record"`: its id and the error's message.
pub fn error_record<'py>(
    py: Python<'py>,
    id: Option<&str>,
    error: &gleaner::Error,
) -> PyResult<Bound<'py, PyDict>> {
    let record = PyDict::new(py);
    record.set_item("id", id)?;
    record.set_item("error", error.to_string())?;
    Ok(record)
}

fn document_record<'a, 'py>(
    py: Python<'py>,
    page: &'a gleaner::Cleaned,
    id: Option<&str>,
    blocks: impl Iterator<Item = gleaner::Block<'a>>,
) -> PyResult<Bound<'py, PyDict>> {
    let record = PyDict::new(py);
    record.set_item("id", id)?;
    record.set_item("language", page.main_language())?;
    let block_list = PyList::empty(py);
    for block in blocks {
        block_list.append(block_record(py, &block)?)?;
    }
    record.set_item("blocks", block_list)?;
    let segments = PyList::empty(py);
    for segment in page.segments() {
        segments.append(segment_record(py, &segment)?)?;
    }
    record.set_item("segments", segments)?;
    Ok(record)
}

fn block_record<'py>(py: Python<'py>, block: &gleaner::Block<'_>) -> PyResult<Bound<'py, PyDict>> {
    let record = PyDict::new(py);
    let span = block.span();
    record.set_item("index", block.index())?;
    record.set_item("start", span.as_ref().map(|s| s.start))?;
    record.set_item("end", span.as_ref().map(|s| s.end))?;
    record.set_item("label", block.label().as_str())?;
    record.set_item("probability", block.probability().map(round3))?;
    if let Some(rule) = block.rule() {
        record.set_item("rule", rule)?;
    }
    record.set_item("language", block.language())?;
    if let Some(tag) = block.tag() {
        record.set_item("tag", tag)?;
    }
    if let Some(path) = block.dom_path() {
        record.set_item("path", path)?;
    }
    record.set_item("text", block.text())?;
    Ok(record)
}

fn segment_record<'py>(
    py: Python<'py>,
    segment: &gleaner::LanguageSegment,
) -> PyResult<Bound<'py, PyDict>> {
    let record = PyDict::new(py);
    let blocks = segment.blocks();
    let span = segment.span();
    record.set_item("first_block", blocks.start)?;
    record.set_item("last_block", blocks.end - 1)?;
    record.set_item("start", span.as_ref().map(|s| s.start))?;
    record.set_item("end", span.as_ref().map(|s| s.end))?;
    record.set_item("language", segment.language())?;
    record.set_item("confidence", round3(segment.confidence()))?;
    Ok(record)
}

/// Rounded to three decimals, as the JSON output rounds them.
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
