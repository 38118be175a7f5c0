//! The data every stage passes on: a [`Document`] is a list of [`Block`]s.
//! Blocks do not care where they came from (plain text, JSONL, later HTML):
//! a block carries its text, its byte span in the source when known, and
//! optionally the HTML tag it came from.

use std::ops::Range;

/// One block of an article: a paragraph, a heading, a menu item, a footer.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The block's text: its lines, trimmed, joined by `\n`.
    pub text: String,
    /// Byte span of the block in the source text, end exclusive, when known.
    pub span: Option<Range<usize>>,
    /// The HTML element the block came from, when known.
    pub tag: Option<String>,
}

impl Block {
    /// A block with text only.
    pub fn new(text: impl Into<String>) -> Block {
        Block {
            text: text.into(),
            span: None,
            tag: None,
        }
    }
}

/// A document: an id (file name, JSONL id) and its blocks in page order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Where the document came from: a file path, `<stdin>`, or a JSONL id.
    pub id: String,
    /// The blocks, in page order.
    pub blocks: Vec<Block>,
}

impl Document {
    /// Each block's length in characters: what character-weighted scores
    /// and the article's extent in decoding count.
    pub fn block_lengths(&self) -> Vec<usize> {
        self.blocks.iter().map(|b| b.text.chars().count()).collect()
    }
}
