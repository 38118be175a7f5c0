//! How the "text" of a cleaned record is written (`format=`).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// The cleaned article's rendering in a `clean` record's "text".
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The kept blocks, one blank line apart (`clean --format json`).
    Text,
    /// Markdown (`clean --format markdown`).
    Markdown,
    /// A small HTML5 document (`clean --format html`).
    Html,
}

impl Format {
    /// `format=`: `"text"`, `"markdown"` or `"html"`.
    pub fn parse(name: &str) -> PyResult<Format> {
        match name {
            "text" => Ok(Format::Text),
            "markdown" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            other => Err(PyValueError::new_err(format!(
                "format must be \"text\", \"markdown\" or \"html\", not {other:?}"
            ))),
        }
    }

    /// The cleaned article in this format.
    pub fn render(self, page: &gleaner::Cleaned) -> String {
        match self {
            Format::Text => page.to_text(),
            Format::Markdown => page.to_markdown(),
            Format::Html => page.to_html(),
        }
    }
}
