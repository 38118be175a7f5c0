//! The HTML reader: page bytes → [`Document`] whose blocks are cut by the
//! rules the dev sets were made with (`../shared/data/FORMAT.md`, "From
//! HTML to blocks"), each block with its [`HtmlEvidence`] and the page with
//! its [`PageMetadata`].
//!
//! Three steps, one module each: [`decode`](decode()) turns bytes into text,
//! html5ever's HTML5 tree builder parses it into a flat arena (`dom`; the
//! common tokens read by byte scans, `fast_tokens`, the rest by html5ever's
//! tokenizer), and the reader walks the arena into blocks (`reader`) and title metadata
//! (`metadata`).
//!
//! The parser is html5ever itself, building into a small arena of our own
//! rather than through scraper: on the 1148 dev pages both parse at the
//! same speed (about 650 pages/s of CPU time on one core, measured side by
//! side), and the arena spares the dependency tree scraper's CSS selector
//! engine and gives the reader index links to walk without recursion.
//! html5ever follows the HTML5 spec's search of the stack of open elements,
//! so its time grows with the square of nesting depth for block elements
//! (100,000 nested `<div>`s took 55 s): a page that makes it work far
//! harder than any real page is read by a shallow tree builder instead
//! (`shallow`), in linear time, and [`DecodeReport::nesting_too_deep`]
//! says so. No walk recurses, so no depth overflows the stack.
//!
//! ```
//! use gleaner::html::{read_html_str, HtmlOptions};
//!
//! let page = "<h1>Rain at last</h1><p>It rained <a href='/x'>all day</a>.<br>Then it stopped.</p>";
//! let document = read_html_str("page.html", page);
//! let texts: Vec<&str> = document.blocks.iter().map(|b| b.text.as_str()).collect();
//! assert_eq!(texts, ["Rain at last", "It rained all day.\nThen it stopped."]);
//! assert_eq!(document.blocks[1].tag.as_deref(), Some("p"));
//! let evidence = document.blocks[1].evidence.as_ref().unwrap();
//! assert_eq!(evidence.dom_path, "body>p");
//! # let _ = HtmlOptions::default();
//! ```

mod decode;
mod dom;
mod fast_tokens;
mod metadata;
mod raw_text;
mod reader;
mod shallow;
mod watched;

pub use decode::{DecodeReport, EncodingSource, MIN_DETECTION_EVIDENCE, charset_name, decode};
// The evidence types belong to the documents every stage passes on; the
// reader fills them.
pub use crate::document::{
    AncestorFlags, CONTAINER_STEPS, DOM_PATH_STEPS, HtmlEvidence, MAX_TOKENS, PageMetadata,
    push_tokens,
};

use crate::document::Document;

/// How to read HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlOptions {
    /// A charset label the caller knows (from `--charset` or an HTTP
    /// header); it wins over everything but a byte-order mark.
    pub charset: Option<String>,
    /// The most bytes a gzip stream may expand to.
    pub max_decompressed_bytes: usize,
}

/// Default for [`HtmlOptions::max_decompressed_bytes`]: 256 MiB, twenty
/// times the largest page we have seen, far below what would hurt a machine.
pub const MAX_DECOMPRESSED_BYTES: usize = 256 << 20;

impl Default for HtmlOptions {
    fn default() -> HtmlOptions {
        HtmlOptions {
            charset: None,
            max_decompressed_bytes: MAX_DECOMPRESSED_BYTES,
        }
    }
}

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HtmlError {
    /// The override charset is no label the WHATWG Encoding Standard knows.
    #[error("unknown charset {0:?}")]
    UnknownCharset(String),
    /// The bytes start like gzip but do not decompress.
    #[error("broken gzip stream: {0}")]
    Gzip(String),
    /// The gzip stream expands past the limit.
    #[error("gzip stream expands past {max_bytes} bytes")]
    TooLarge {
        /// The limit, [`HtmlOptions::max_decompressed_bytes`].
        max_bytes: usize,
    },
}

/// Reads an HTML page from its bytes: decodes it (see [`decode()`]), parses
/// it and cuts it into blocks. The report says which encoding was used and
/// whether bytes had to be replaced, so that a caller can warn naming `id`.
///
/// # Errors
/// [`crate::Error::Html`] naming `id` when the override charset is unknown
/// or a gzip stream is broken or too large.
pub fn read_html(
    id: impl Into<String>,
    bytes: &[u8],
    options: &HtmlOptions,
) -> crate::Result<(Document, DecodeReport)> {
    let id = id.into();
    match decode(
        bytes,
        options.charset.as_deref(),
        options.max_decompressed_bytes,
    ) {
        Ok((text, mut report)) => {
            let (document, shallow) = read_page(id, &text);
            report.nesting_too_deep = shallow;
            Ok((document, report))
        }
        Err(error) => Err(crate::Error::Html { id, error }),
    }
}

/// Reads an already decoded HTML page. Never fails: a browser-grade parser
/// makes a tree of any text, and a page without text has no blocks.
///
/// Each block's `tag` is its block element, its `span` the byte range of its
/// text in the page's plain-text rendering (the blocks joined by a blank
/// line, as in the dev sets' `text/` files), not in the HTML source.
pub fn read_html_str(id: impl Into<String>, html: &str) -> Document {
    read_page(id.into(), html).0
}

/// Where the tree built with the common tokens read by byte scans differs
/// from the one built with html5ever's tokenizer alone (the first line
/// that differs in each, as [`dom::Dom::outline`] writes them); `None`
/// when they are the same. A page that nests too deeply for the HTML5
/// tree builder is not compared. For the differential fuzz target
/// `html_tokens` and the tests.
#[doc(hidden)]
pub fn fast_tokens_disagree(html: &str) -> Option<String> {
    let fast = dom::Dom::parse_reading(html, true);
    let html5ever = dom::Dom::parse_reading(html, false);
    if fast.shallow || html5ever.shallow {
        return None;
    }
    let (fast, html5ever) = (fast.outline(), html5ever.outline());
    if fast == html5ever {
        return None;
    }
    let (ours, theirs) = fast
        .lines()
        .zip(html5ever.lines())
        .find(|(a, b)| a != b)
        .unwrap_or(("(ends)", "(ends)"));
    Some(format!("fast: {ours}\nhtml5ever: {theirs}"))
}

/// The page's document, and whether it nested too deeply for the HTML5
/// tree builder.
fn read_page(id: String, html: &str) -> (Document, bool) {
    let dom = dom::Dom::parse(html);
    let document = Document {
        id,
        blocks: reader::read_blocks(&dom),
        metadata: Some(Box::new(metadata::read_metadata(&dom))),
        archive: None,
    };
    (document, dom.shallow)
}

#[cfg(test)]
mod tests;
