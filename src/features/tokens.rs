//! Word tokens: lower-cased runs of letters and digits. Digits become `0`
//! so that "2024" and "1999" share a feature. Chinese characters, kana and
//! Thai-like scripts have no spaces between words, so each such character
//! is a token of its own (and bigrams pair neighbours).

/// Longest token kept, in characters; longer runs are cut.
const MAX_TOKEN_CHARS: usize = 24;

pub(super) fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // hiragana, katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x0E00..=0x0E7F // Thai
        | 0x0E80..=0x0EFF // Lao
        | 0x1780..=0x17FF // Khmer
        | 0x1000..=0x109F // Myanmar
    )
}

/// The word tokens of a text.
///
/// ```
/// use gleaner::features::word_tokens;
/// assert_eq!(word_tokens("Hello, World 2024!"), ["hello", "world", "0000"]);
/// assert_eq!(word_tokens("東京で"), ["東", "京", "で"]);
/// ```
pub fn word_tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut length = 0;
    let flush = |current: &mut String, length: &mut usize, tokens: &mut Vec<String>| {
        if !current.is_empty() {
            tokens.push(std::mem::take(current));
        }
        *length = 0;
    };
    for c in text.chars() {
        if is_unspaced_script(c) {
            flush(&mut current, &mut length, &mut tokens);
            tokens.push(c.to_string());
        } else if c.is_alphanumeric() {
            if length < MAX_TOKEN_CHARS {
                if c.is_numeric() {
                    current.push('0');
                } else {
                    current.extend(c.to_lowercase());
                }
                length += 1;
            }
        } else if (c == '\'' || c == '’') && length > 0 {
            // Keep "don't" and "l’homme" apart from their parts: the apostrophe ends the token.
            flush(&mut current, &mut length, &mut tokens);
        } else {
            flush(&mut current, &mut length, &mut tokens);
        }
    }
    flush(&mut current, &mut length, &mut tokens);
    tokens
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
