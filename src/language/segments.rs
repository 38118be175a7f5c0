//! Mixed-language segments from block languages and foreign pieces.

use super::{BlockLanguage, Piece, Segment};
use crate::document::Document;
use std::ops::Range;
use whatlang::Lang;

/// One foreign stretch before merging: a whole block, or a piece of one.
struct Foreign {
    block: usize,
    piece: Option<Range<usize>>,
    lang: Lang,
    confidence: f64,
}

/// Builds the segments: consecutive foreign blocks of one language form one
/// segment, bridging blocks that have no trusted language (an e-mail line, a
/// phone number) but never a main-language block. Foreign pieces inside a
/// block are segments of their own.
pub(crate) fn mixed_language_segments(
    document: &Document,
    blocks: &[BlockLanguage],
    pieces: &[Piece],
    main: Lang,
) -> Vec<Segment> {
    let mut foreign: Vec<Foreign> = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        if let (Some(lang), Some(d)) = (block.language(), block.detected)
            && lang != main
        {
            foreign.push(Foreign {
                block: index,
                piece: None,
                lang,
                confidence: d.confidence,
            });
        }
        for piece in pieces.iter().filter(|p| p.block == index) {
            foreign.push(Foreign {
                block: index,
                piece: Some(piece.range.clone()),
                lang: piece.detected.lang,
                confidence: piece.detected.confidence,
            });
        }
    }

    let mut segments: Vec<(Foreign, Foreign)> = Vec::new();
    for item in foreign {
        if let Some((_, last)) = segments.last_mut()
            && joins(last, &item, blocks)
        {
            *last = item;
            continue;
        }
        let first = Foreign {
            block: item.block,
            piece: item.piece.clone(),
            lang: item.lang,
            confidence: item.confidence,
        };
        segments.push((first, item));
    }
    segments
        .into_iter()
        .map(|(first, last)| {
            let start = byte_position(
                document,
                first.block,
                first.piece.as_ref().map(|r| r.start),
                true,
            );
            let end = byte_position(
                document,
                last.block,
                last.piece.as_ref().map(|r| r.end),
                false,
            );
            Segment {
                blocks: first.block..last.block + 1,
                span: start.zip(end).map(|(s, e)| s..e),
                lang: first.lang,
                confidence: first.confidence.min(last.confidence),
            }
        })
        .collect()
}

/// Whether `next` continues the segment that ends with `last`.
fn joins(last: &Foreign, next: &Foreign, blocks: &[BlockLanguage]) -> bool {
    if last.lang != next.lang {
        return false;
    }
    if last.block == next.block {
        // Adjacent pieces of one block.
        return matches!((&last.piece, &next.piece), (Some(a), Some(b)) if a.end == b.start);
    }
    last.piece.is_none()
        && next.piece.is_none()
        && blocks[last.block + 1..next.block]
            .iter()
            .all(|b| b.language().is_none())
}

/// Source byte offset of a position inside a block's text. Exact when the
/// block's text is its source bytes (the usual case); when trimming changed
/// the text (CRLF, indentation), the block's own start or end is used.
fn byte_position(
    document: &Document,
    block: usize,
    offset: Option<usize>,
    is_start: bool,
) -> Option<usize> {
    let block = &document.blocks[block];
    let span = block.span.clone()?;
    match offset {
        Some(offset) if span.len() == block.text.len() => Some(span.start + offset),
        _ if is_start => Some(span.start),
        _ => Some(span.end),
    }
}
