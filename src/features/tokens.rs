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
