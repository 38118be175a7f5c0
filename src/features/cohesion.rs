//! Lexical cohesion: how many of a short block's words recur in the
//! article's paragraphs, and in the blocks right after it. A title and its
//! section headings share their content words with the text they head
//! ("Trade" above a paragraph about trade); menus, bylines, dates and share
//! buttons do not. The signal needs no word list and works the same in
//! every language that separates words.

use super::shape::{BlockShape, share_bucket};
use super::tokens::{Lookahead, TokenArena, tokenize_into};
use crate::document::Document;
use crate::hashing::{FNV_OFFSET, PrehashedSet, fnv1a};

/// Shorter tokens are mostly function words, which every block shares.
const MIN_TOKEN_CHARS: usize = 4;
/// Only short blocks are compared: a paragraph shares words with any other.
const MAX_WORDS: usize = 30;
/// Bytes of each paragraph read for its words (enough for its vocabulary).
const PARAGRAPH_BYTES: usize = 4096;
/// How many blocks after a short block are searched for its words. A
/// heading's paragraph may start with a line of its own ("Updated 5 min
/// ago", a list's lead-in). On the dev pages, of the heading-shaped blocks
/// whose words are mostly in the article, half or more of their words
/// recur in the next two blocks for 59% of the headlines (readability-en)
/// and 17% of the boilerplate. In 5-fold cross-validation of the default
/// training data at a fixed decoder, headline F1 rose 0.639 -> 0.645
/// (readability-en 0.480 -> 0.501); one block gave less, and three lost
/// trafilatura-half's titles (0.627 -> 0.596, decoder tuned).
pub(super) const FOLLOWING_BLOCKS: usize = 2;

/// How a short block's content words recur.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Overlap {
    /// The share bucket ([`share_bucket`]) of its words found in the
    /// article's paragraphs.
    pub(super) article: usize,
    /// Its words found in the next [`FOLLOWING_BLOCKS`] blocks: none (0),
    /// fewer than half (1), half or more (2). A section heading names what
    /// the text under it is about; a menu item, a related story's title or
    /// a byline does not, even when its words occur somewhere in the article.
    pub(super) following: usize,
}

/// The distinct content words of an article's paragraphs.
pub(super) struct Article {
    words: PrehashedSet,
    /// Scratch space: a block's distinct content words, and which of them
    /// the blocks after it have.
    seen: Vec<u64>,
    followed: Vec<bool>,
    /// Scratch space: the (first byte, length) of the block's content
    /// words, so that most words of the blocks after it are ruled out
    /// without hashing them.
    seen_shapes: TokenShapes,
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
            followed: Vec::new(),
            seen_shapes: TokenShapes::default(),
        }
    }

    /// Whether a block is compared with the article: a short block that is
    /// not one of its paragraphs.
    pub(super) fn compares(&self, shape: &BlockShape, paragraph: bool) -> bool {
        !paragraph && shape.words <= MAX_WORDS && !self.words.is_empty()
    }

    /// For block `index`, which [`compares`](Article::compares), with the
    /// tokens of it and the blocks after it in view: how its distinct
    /// content words recur, or `None` when it has no word long enough to
    /// judge. (A block of at most [`MAX_WORDS`] words is whole in its tokens.)
    pub(super) fn overlap(&mut self, view: &Lookahead, index: usize) -> Option<Overlap> {
        self.seen.clear();
        self.seen_shapes = TokenShapes::default();
        if let Some(tokens) = view.tokens(index) {
            for word in content_tokens(tokens) {
                self.seen_shapes.insert(word);
                self.seen.push(fnv1a(FNV_OFFSET, word.as_bytes()));
            }
        }
        self.seen.sort_unstable();
        self.seen.dedup();
        if self.seen.is_empty() {
            return None;
        }
        let in_article = self.seen.iter().filter(|w| self.words.contains(w)).count();
        self.followed.clear();
        self.followed.resize(self.seen.len(), false);
        let following = (index + 1..=index + FOLLOWING_BLOCKS).filter_map(|j| view.tokens(j));
        for tokens in following {
            let candidates = (0..tokens.spans.len())
                .map(|i| tokens.token(i))
                .filter(|t| self.seen_shapes.may_contain(t));
            for word in candidates {
                if let Ok(k) = self.seen.binary_search(&fnv1a(FNV_OFFSET, word.as_bytes())) {
                    self.followed[k] = true;
                }
            }
        }
        let in_following = self.followed.iter().filter(|&&f| f).count();
        Some(Overlap {
            article: share_bucket(in_article, self.seen.len()),
            following: match in_following {
                0 => 0,
                _ if in_following * 2 < self.seen.len() => 1,
                _ => 2,
            },
        })
    }
}

fn content_words(arena: &TokenArena) -> impl Iterator<Item = u64> + '_ {
    content_tokens(arena).map(|t| fnv1a(FNV_OFFSET, t.as_bytes()))
}

fn content_tokens(arena: &TokenArena) -> impl Iterator<Item = &str> + '_ {
    (0..arena.spans.len())
        .map(|i| arena.token(i))
        .filter(|t| t.chars().nth(MIN_TOKEN_CHARS - 1).is_some())
}

/// A set of (first byte, length in bytes) pairs, in 1,024 bits: a token
/// whose pair is not in it is none of the words it was built from.
#[derive(Default)]
struct TokenShapes([u64; 16]);

impl TokenShapes {
    fn bit(token: &str) -> usize {
        let first = token.as_bytes().first().copied().unwrap_or(0) as usize;
        (first * 31 + token.len()) % 1024
    }

    fn insert(&mut self, token: &str) {
        let bit = Self::bit(token);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn may_contain(&self, token: &str) -> bool {
        let bit = Self::bit(token);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
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
        let overlap = overlaps(&document, &[false, false, true, false]);
        let none = Overlap {
            article: 0,
            following: 0,
        };
        assert_eq!(overlap[0], Some(none), "menu item");
        let heading = Overlap {
            article: share_bucket(2, 2),
            following: 2,
        };
        assert_eq!(overlap[1], Some(heading));
        assert_eq!(overlap[2], None, "the paragraph itself");
        assert_eq!(overlap[3], Some(none));
    }

    /// The overlap of every block the article compares, the blocks viewed
    /// in order as when featurizing.
    fn overlaps(document: &Document, paragraphs: &[bool]) -> Vec<Option<Overlap>> {
        let mut article = Article::of(document, paragraphs, &mut TokenArena::default());
        let mut view = Lookahead::new(FOLLOWING_BLOCKS, usize::MAX);
        let text = |j: usize| document.blocks.get(j).map(|b| b.text.as_str());
        (0..document.blocks.len())
            .map(|i| {
                view.advance(i, text);
                let shape = BlockShape::of(&document.blocks[i].text);
                article
                    .compares(&shape, paragraphs[i])
                    .then(|| article.overlap(&view, i))
                    .flatten()
            })
            .collect()
    }

    #[test]
    fn a_title_shares_words_with_the_blocks_after_its_byline() {
        let text = "Bridge reopens after repairs\n\nBy A. Writer\n\n\
            The bridge reopened on Monday after two years of repairs.\n\n\
            Weather\n\nSport";
        let document = document_from_text("t", text);
        let following: Vec<Option<usize>> =
            overlaps(&document, &[false, false, true, false, false])
                .into_iter()
                .map(|o| o.map(|o| o.following))
                .collect();
        // "bridge", "after" and "repairs" two blocks down, "reopens" not: 3 of 4.
        assert_eq!(following[0], Some(2));
        assert_eq!(following[3], Some(0), "a menu item");
        // The last block has nothing after it.
        assert_eq!(following[4], Some(0));
    }
}
