//! Word tokens: lower-cased runs of letters and digits. Digits become `0`
//! so that "2024" and "1999" share a feature. Chinese characters, kana and
//! Thai-like scripts have no spaces between words, so each such character
//! is a token of its own (and bigrams pair neighbours).

use crate::scripts::{is_alphabetic, is_numeric, is_unspaced_script};

/// Longest token kept, in characters; longer runs are cut.
const MAX_TOKEN_CHARS: usize = 24;

/// Word tokens kept in one buffer: token `i` is `text[spans[i].0..spans[i].1]`.
/// Featurizing reuses one arena per block instead of one `String` per token.
#[derive(Debug, Default)]
pub(super) struct TokenArena {
    pub(super) text: String,
    pub(super) spans: Vec<(usize, usize)>,
}

impl TokenArena {
    pub(super) fn token(&self, i: usize) -> &str {
        let (start, end) = self.spans[i];
        &self.text[start..end]
    }

    fn close_token(&mut self, start: &mut usize, length: &mut usize) {
        if self.text.len() > *start {
            self.spans.push((*start, self.text.len()));
        }
        *start = self.text.len();
        *length = 0;
    }
}

/// The tokens of a block and of the few blocks after it: the features of a
/// block compare its words with its followers' (see `cohesion`), and each
/// block is tokenized once, when it first comes into view.
pub(super) struct Lookahead {
    /// Token arenas of blocks `first..first + arenas.len()`, block `i` in
    /// slot `i % arenas.len()`.
    arenas: Vec<TokenArena>,
    /// How many bytes of each text are read.
    max_bytes: usize,
    /// The blocks tokenized so far: `first..end`.
    first: usize,
    end: usize,
}

impl Lookahead {
    /// A view of `ahead` blocks past the current one, reading at most
    /// `max_bytes` of each text.
    pub(super) fn new(ahead: usize, max_bytes: usize) -> Lookahead {
        Lookahead {
            arenas: (0..=ahead).map(|_| TokenArena::default()).collect(),
            max_bytes,
            first: 0,
            end: 0,
        }
    }

    /// Moves the view to block `index` of `texts` (which must have it), and
    /// returns its tokens; `index` must not decrease from one call to the next.
    pub(super) fn advance<'t>(
        &mut self,
        index: usize,
        texts: impl Fn(usize) -> Option<&'t str>,
    ) -> &TokenArena {
        let slots = self.arenas.len();
        self.first = index;
        self.end = self.end.max(index);
        while self.end < index + slots {
            let Some(text) = texts(self.end) else {
                break;
            };
            let slot = self.end % slots;
            tokenize_into(
                &text[..text.floor_char_boundary(self.max_bytes)],
                &mut self.arenas[slot],
            );
            self.end += 1;
        }
        &self.arenas[index % slots]
    }

    /// The tokens of block `index`, when it is in view.
    pub(super) fn tokens(&self, index: usize) -> Option<&TokenArena> {
        (self.first..self.end)
            .contains(&index)
            .then(|| &self.arenas[index % self.arenas.len()])
    }
}

/// Splits `text` into the arena's tokens (replacing what it held).
pub(super) fn tokenize_into(text: &str, arena: &mut TokenArena) {
    arena.text.clear();
    arena.spans.clear();
    let mut start = 0;
    let mut length = 0;
    for c in text.chars() {
        // ASCII first: most of any text, and no Unicode tables needed.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                if length < MAX_TOKEN_CHARS {
                    let c = if c.is_ascii_digit() {
                        '0'
                    } else {
                        c.to_ascii_lowercase()
                    };
                    arena.text.push(c);
                    length += 1;
                }
            } else {
                arena.close_token(&mut start, &mut length);
            }
        } else if is_unspaced_script(c) {
            arena.close_token(&mut start, &mut length);
            arena.text.push(c);
            arena.close_token(&mut start, &mut length);
        } else if is_alphabetic(c) || is_numeric(c) {
            if length < MAX_TOKEN_CHARS {
                if is_numeric(c) {
                    arena.text.push('0');
                } else {
                    arena.text.extend(c.to_lowercase());
                }
                length += 1;
            }
        } else {
            // Anything else ends a token, apostrophes included: "l’homme"
            // gives "l" and "homme".
            arena.close_token(&mut start, &mut length);
        }
    }
    arena.close_token(&mut start, &mut length);
}

/// The word tokens of a text.
///
/// ```
/// use gleaner::features::word_tokens;
/// assert_eq!(word_tokens("Hello, World 2024!"), ["hello", "world", "0000"]);
/// assert_eq!(word_tokens("東京で"), ["東", "京", "で"]);
/// ```
pub fn word_tokens(text: &str) -> Vec<String> {
    let mut arena = TokenArena::default();
    tokenize_into(text, &mut arena);
    (0..arena.spans.len())
        .map(|i| arena.token(i).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lookahead_sees_the_next_blocks_once_each() {
        let texts = ["One", "Two two", "Three", "Four"];
        let text = |j: usize| texts.get(j).copied();
        let mut view = Lookahead::new(2, 3);
        assert_eq!(view.advance(0, text).spans.len(), 1);
        assert_eq!(
            view.tokens(2).map(|t| t.token(0)),
            Some("thr"),
            "cut at 3 bytes"
        );
        assert!(view.tokens(3).is_none(), "out of view");
        assert_eq!(
            view.advance(1, text).spans.len(),
            1,
            "\"Two two\" cut at 3 bytes"
        );
        assert!(view.tokens(0).is_none(), "left behind");
        view.advance(3, text);
        assert_eq!(view.tokens(3).map(|t| t.token(0)), Some("fou"));
        assert!(view.tokens(4).is_none(), "past the end");
    }

    #[test]
    fn mixed_scripts() {
        assert_eq!(
            word_tokens("Zażółć gęślą — Москва"),
            ["zażółć", "gęślą", "москва"]
        );
        assert_eq!(word_tokens("서울 시장"), ["서울", "시장"]);
        assert_eq!(word_tokens("新闻abc"), ["新", "闻", "abc"]);
    }

    #[test]
    fn long_runs_are_cut() {
        let long = "a".repeat(100);
        assert_eq!(word_tokens(&long)[0].len(), MAX_TOKEN_CHARS);
    }
}
