//! Plain text → blocks. A block is a run of non-blank lines; a line holding
//! only white space (any Unicode space, tab, form feed, or zero-width
//! characters) separates blocks. Each block keeps its exact byte span in the
//! input, so results can point back into the original file.

use crate::document::{Block, Document};

/// Characters that make a line blank besides Unicode `White_Space`: scrapers
/// leave zero-width spaces and stray byte-order marks on otherwise empty lines.
fn is_blank_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// Splits plain text into blocks with their byte spans in `text`.
///
/// Handles CRLF and lone CR line ends, a leading byte-order mark, and a
/// missing final newline. Each line of a block is trimmed of surrounding
/// white space; the lines are joined with `\n`.
///
/// ```
/// let blocks = gleaner::blocks::split_blocks("Title\r\n\r\nFirst line\nsecond line\n");
/// assert_eq!(blocks.len(), 2);
/// assert_eq!(blocks[1].text, "First line\nsecond line");
/// assert_eq!(blocks[1].span, Some(9..31));
/// ```
pub fn split_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, usize, String)> = None;
    for (start, line) in lines_with_offsets(text) {
        let trimmed = line.trim_matches(is_blank_char);
        if trimmed.is_empty() {
            if let Some((s, e, t)) = current.take() {
                blocks.push(Block {
                    text: t,
                    span: Some(s..e),
                    tag: None,
                    evidence: None,
                });
            }
            continue;
        }
        let content_start = start + (trimmed.as_ptr() as usize - line.as_ptr() as usize);
        let content_end = content_start + trimmed.len();
        match &mut current {
            Some((_, end, t)) => {
                t.push('\n');
                t.push_str(trimmed);
                *end = content_end;
            }
            None => current = Some((content_start, content_end, trimmed.to_string())),
        }
    }
    if let Some((s, e, t)) = current {
        blocks.push(Block {
            text: t,
            span: Some(s..e),
            tag: None,
            evidence: None,
        });
    }
    blocks
}

/// Lines of `text` without their terminators (`\n`, `\r\n` or a lone `\r`),
/// each with its byte offset.
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'\n' && bytes[end] != b'\r' {
            end += 1;
        }
        pos = end;
        if pos < bytes.len() {
            pos += if bytes[pos] == b'\r' && bytes.get(pos + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        }
        Some((start, &text[start..end]))
    })
}

/// A document from plain text: its blocks, identified by `id`.
pub fn document_from_text(id: impl Into<String>, text: &str) -> Document {
    Document {
        id: id.into(),
        blocks: split_blocks(text),
        metadata: None,
        archive: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<String> {
        split_blocks(input).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn blank_lines_of_unicode_spaces_separate_blocks() {
        let input = "a\n\u{a0}\t\nb\n\u{c}\nc\n \u{3000}\u{200b}\nd";
        assert_eq!(texts(input), ["a", "b", "c", "d"]);
    }

    #[test]
    fn multi_line_block_stays_one_block() {
        assert_eq!(
            texts("one\ntwo\nthree\n\nfour"),
            ["one\ntwo\nthree", "four"]
        );
    }

    #[test]
    fn crlf_bom_and_missing_final_newline() {
        let input = "\u{feff}Head\r\n\r\nBody line\r\nmore";
        let blocks = split_blocks(input);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].text, "Head");
        assert_eq!(blocks[0].span, Some(3..7));
        assert_eq!(blocks[1].text, "Body line\nmore");
        assert_eq!(&input[blocks[1].span.clone().unwrap()], "Body line\r\nmore");
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        assert_eq!(texts("a\r\rb\rc"), ["a", "b\nc"]);
    }

    #[test]
    fn spans_cut_the_input_at_the_block() {
        let input = "  indented title  \n\n\tpara one\n  para two \n\n\n";
        for block in split_blocks(input) {
            let raw = &input[block.span.clone().unwrap()];
            assert_eq!(
                raw.split('\n')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("\n"),
                block.text
            );
        }
    }

    #[test]
    fn empty_and_blank_inputs_have_no_blocks() {
        assert!(split_blocks("").is_empty());
        assert!(split_blocks("\n \n\t\n").is_empty());
    }

    #[test]
    fn non_breaking_space_inside_a_line_is_kept() {
        assert_eq!(texts("a\u{a0}b"), ["a\u{a0}b"]);
    }
}
