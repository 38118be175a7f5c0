//! Pages as Python hands them over (`str` or `bytes`), what kind each is
//! (plain text or HTML, given or detected), and cleaning one of them with
//! errors that name the page.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use std::path::PathBuf;

/// A page from Python. Both variants keep a reference to the Python object
/// rather than a copy, and can be read with the interpreter released.
#[derive(FromPyObject)]
pub enum Page {
    /// Decoded text: plain text or HTML.
    Text(PyBackedStr),
    /// Raw bytes: an HTML page in any encoding, or UTF-8 plain text.
    Bytes(PyBackedBytes),
}

impl Page {
    fn bytes(&self) -> &[u8] {
        match self {
            Page::Text(text) => text.as_bytes(),
            Page::Bytes(bytes) => bytes,
        }
    }

    /// The name errors give a page without an id, as the library names it.
    pub fn default_name(&self) -> &'static str {
        if self.is_html(Kind::Detect) {
            "<html>"
        } else {
            "<text>"
        }
    }

    fn is_html(&self, kind: Kind) -> bool {
        match kind {
            Kind::Text => false,
            Kind::Html => true,
            Kind::Detect => looks_like_html(self.bytes()),
        }
    }
}

/// What kind of page the caller says it is (`kind=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text: blocks separated by blank lines.
    Text,
    /// An HTML page.
    Html,
    /// HTML when the page starts like HTML ([`looks_like_html`]), else text.
    Detect,
}

impl Kind {
    /// `kind=`: `"text"`, `"html"` or `None` (detect).
    pub fn parse(kind: Option<&str>) -> PyResult<Kind> {
        match kind {
            None => Ok(Kind::Detect),
            Some("text") => Ok(Kind::Text),
            Some("html") => Ok(Kind::Html),
            Some(other) => Err(PyValueError::new_err(format!(
                "kind must be \"text\", \"html\" or None (detect), not {other:?}"
            ))),
        }
    }
}

/// Elements a page's first tag is when it is HTML. A scraped article in
/// plain text seldom starts with `<`, and when it does (`<3 this recipe`,
/// `<Untitled>`) not with one of these.
const LEADING_TAGS: &[&str] = &[
    "html",
    "head",
    "body",
    "meta",
    "title",
    "link",
    "script",
    "style",
    "base",
    "div",
    "p",
    "span",
    "a",
    "article",
    "section",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "ul",
    "ol",
    "li",
    "dl",
    "figure",
    "img",
    "blockquote",
    "pre",
    "form",
    "br",
    "hr",
    "noscript",
    "iframe",
    "center",
    "font",
    "b",
    "i",
    "em",
    "strong",
];

/// Whether a page starts like HTML: after a byte-order mark and white
/// space, a doctype, a comment, an XML declaration or a common element's
/// start tag; or gzip's magic bytes (the HTML reader unpacks them).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return true;
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let Some(rest) = bytes[start..].strip_prefix(b"<") else {
        return false;
    };
    if rest.starts_with(b"!") || rest.starts_with(b"?") {
        return true;
    }
    let name_end = rest
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let after = rest.get(name_end).copied();
    let name = &rest[..name_end];
    matches!(after, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/'))
        && LEADING_TAGS
            .iter()
            .any(|tag| tag.as_bytes().eq_ignore_ascii_case(name))
}

/// Cleans one page as `kind`; an error names the page `name` where the
/// library would name a file.
pub fn clean_page(
    cleaner: &gleaner::Cleaner,
    page: &Page,
    kind: Kind,
    charset: Option<&str>,
    name: &str,
) -> gleaner::Result<gleaner::Cleaned> {
    let result = if page.is_html(kind) {
        // A `str` is already Unicode: a `<meta charset>` inside it names
        // the bytes it was decoded from, not the ones handed over here (as
        // for the `"html"` of a JSONL record).
        let charset = match page {
            Page::Text(_) => Some("utf-8"),
            Page::Bytes(_) => charset,
        };
        cleaner.clean_html_with_charset(page.bytes(), charset)
    } else {
        match page {
            Page::Text(text) => cleaner.clean(text),
            Page::Bytes(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => cleaner.clean(text),
                Err(error) => Err(gleaner::Error::InvalidUtf8 {
                    path: PathBuf::from(name),
                    offset: error.valid_up_to(),
                }),
            },
        }
    };
    result.map_err(|error| renamed(error, name))
}

/// The library names a page it was handed as text `<text>` or `<html>`;
/// in Python the page has an id (or a position in a batch).
fn renamed(error: gleaner::Error, name: &str) -> gleaner::Error {
    match error {
        gleaner::Error::NulByte { offset, .. } => gleaner::Error::NulByte {
            path: PathBuf::from(name),
            offset,
        },
        gleaner::Error::InvalidUtf8 { offset, .. } => gleaner::Error::InvalidUtf8 {
            path: PathBuf::from(name),
            offset,
        },
        gleaner::Error::Html { error, .. } => gleaner::Error::Html {
            id: name.to_string(),
            error,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::looks_like_html;

    #[test]
    fn pages_that_start_like_html_are_html() {
        for html in [
            "<!DOCTYPE html><p>x</p>",
            "\u{feff}  <html lang=en>",
            "\n<div class=story>",
            "<P>Shouting paragraph</P>",
            "<!-- saved page -->",
            "<?xml version=\"1.0\"?><html>",
            "<br/>",
        ] {
            assert!(looks_like_html(html.as_bytes()), "{html:?}");
        }
    }

    #[test]
    fn text_that_starts_with_a_bracket_is_text() {
        for text in [
            "Harbour town votes\n\nThe council voted.",
            "<3 this recipe\n\nMix the flour.",
            "<Untitled>\n\nA page.",
            "<p",
            "",
            "a <p>tag</p> later on",
        ] {
            assert!(!looks_like_html(text.as_bytes()), "{text:?}");
        }
    }
}
