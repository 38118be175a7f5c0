//! Lexical cohesion: how many of a short block's words recur in the
//! article's paragraphs. A title and its section headings share their
//! content words with the text they head ("Trade" above a paragraph about
//! trade); menus, bylines, dates and share buttons do not. The signal needs
//! no word list and works the same in every language that separates words.

use super::shape::{BlockShape, share_bucket};
use super::tokens::{TokenArena, tokenize_into};
use crate::document::Document;
use crate::hashing::{FNV_OFFSET, PrehashedSet, fnv1a};

/// Shorter tokens are mostly function words, which every block shares.
const MIN_TOKEN_CHARS: usize = 4;
/// Only short blocks are compared: a paragraph shares words with any other.
const MAX_WORDS: usize = 30;
/// Bytes of each paragraph read for its words (enough for its vocabulary).
const PARAGRAPH_BYTES: usize = 4096;

/// The distinct content words of an article's paragraphs.
pub(super) struct Article {
    words: PrehashedSet,
    /// Scratch space: a block's distinct content words.
    seen: Vec<u64>,
}

impl Article {
    /// The article of the blocks marked in `paragraphs`; `arena` is scratch
    /// space.
    pub(super) fn of(document: &Document, paragraphs: &[bool], arena: &mut TokenArena) -> Article {
        let mut words = PrehashedSet::default();
        for (block, _) in document.blocks.iter().zip(paragraphs).filter(|(_, p)| **p) {
            let end = block.text.floor_char_boundary(PARAGRAPH_BYTES);
            tokenize_into(&block.text[..end], arena);
            words.extend(content_words(arena));
        }
        Article {
            words,
            seen: Vec::new(),
        }
    }

    /// Whether a block is compared with the article: a short block that is
    /// not one of its paragraphs.
    pub(super) fn compares(&self, shape: &BlockShape, paragraph: bool) -> bool {
        !paragraph && shape.words() <= MAX_WORDS && !self.words.is_empty()
    }

    /// For a block that [`compares`](Article::compares), given the tokens of
    /// its whole text: the share bucket of its distinct content words found
    /// in the article, or `None` when it has no word long enough to judge.
    pub(super) fn overlap(&mut self, tokens: &TokenArena) -> Option<usize> {
        self.seen.clear();
        self.seen.extend(content_words(tokens));
        self.seen.sort_unstable();
        self.seen.dedup();
        if self.seen.is_empty() {
            return None;
        }
        let found = self.seen.iter().filter(|w| self.words.contains(w)).count();
        Some(share_bucket(found, self.seen.len()))
    }
}

fn content_words(arena: &TokenArena) -> impl Iterator<Item = u64> + '_ {
    (0..arena.spans.len())
        .map(|i| arena.token(i))
        .filter(|t| t.chars().nth(MIN_TOKEN_CHARS - 1).is_some())
        .map(|t| fnv1a(FNV_OFFSET, t.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::document_from_text;

    #[test]
    fn a_heading_shares_words_with_the_article_and_a_menu_does_not() {
        let text = "Home\n\nHarvest forecasts\n\n\
            Farmers expect the harvest forecasts to improve after the rains, \
            and cooperatives say storage prices will follow the forecasts closely.\n\n\
            Subscribe";
        let document = document_from_text("t", text);
        let shapes: Vec<BlockShape> = document
            .blocks
            .iter()
            .map(|b| BlockShape::of(&b.text))
            .collect();
        let paragraphs = [false, false, true, false];
        let mut arena = TokenArena::default();
        let mut article = Article::of(&document, &paragraphs, &mut arena);
        let overlap: Vec<Option<usize>> = (0..4)
            .map(|i| {
                if !article.compares(&shapes[i], paragraphs[i]) {
                    return None;
                }
                tokenize_into(&document.blocks[i].text, &mut arena);
                article.overlap(&arena)
            })
            .collect();
        assert_eq!(overlap[0], Some(0), "menu item");
        assert_eq!(overlap[1], Some(share_bucket(2, 2)), "heading");
        assert_eq!(overlap[2], None, "the paragraph itself");
        assert_eq!(overlap[3], Some(0));
    }
}
