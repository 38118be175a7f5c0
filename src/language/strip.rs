//! What carries no language is removed before detection. whatlang never
//! answers "unknown": an e-mail address comes back Estonian, "Read more"
//! Romanian. URLs, e-mail addresses, @handles, #hashtags, anything with a
//! digit (dates, prices, phone numbers, years) and separators are dropped, and
//! the letters left are counted so that callers can gate on them.

use crate::scripts::{is_alphabetic, is_numeric, is_unspaced_script};
use crate::text::is_address_like;

/// Text with language-free tokens removed, and its letter count.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LanguageText {
    /// The tokens that carry language, joined by single spaces.
    pub text: String,
    /// Alphabetic characters in `text`, Han, kana and Hangul counted triple.
    pub letters: usize,
}

/// Letters of Han, kana and Hangul say as much about the language as about
/// three Latin letters (one syllable or word each), so they count triple
/// against the letter gate.
fn letter_weight(c: char) -> usize {
    match c as u32 {
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF => {
            3
        }
        _ => 1,
    }
}

/// Removes language-free tokens from `text` and counts the letters left.
///
/// ```
/// let kept = gleaner::language::strip::language_text("Write to info@example.com or visit www.example.com, 12 May 2024");
/// assert_eq!(kept.text, "Write to or visit May");
/// ```
pub fn language_text(text: &str) -> LanguageText {
    // Detection reads a few hundred bytes; the letter gate needs no more than
    // this either, and a huge block must not be copied whole.
    let text = &text[..text.floor_char_boundary(64 * 1024)];
    let mut kept = String::with_capacity(text.len().min(4096));
    let mut letters = 0;
    for token in text.split(|c: char| c.is_whitespace() || matches!(c, '|' | '•' | '·' | '›' | '>'))
    {
        if token.is_empty() {
            continue;
        }
        // One pass over the token says what the checks below need.
        let (mut unspaced, mut numeric, mut alphabetic) = (false, false, false);
        // Addresses, handles and tags all have one of these marks; most
        // words have none, and skip `is_address_like`'s scans.
        let mut marked = false;
        let mut weight = 0;
        if token.is_ascii() {
            // The same checks on bytes: most tokens of most pages are ASCII.
            for &b in token.as_bytes() {
                weight += usize::from(b.is_ascii_alphabetic());
                numeric |= b.is_ascii_digit();
                marked |= matches!(b, b'.' | b':' | b'@' | b'#');
            }
            alphabetic = weight > 0;
        } else {
            for c in token.chars() {
                if is_alphabetic(c) {
                    alphabetic = true;
                    weight += letter_weight(c);
                }
                numeric |= is_numeric(c);
                unspaced |= is_unspaced_script(c);
                marked |= matches!(c, '.' | ':' | '@' | '#');
            }
        }
        if unspaced && !token.contains("://") && !token.contains('@') {
            if !kept.is_empty() {
                kept.push(' ');
            }
            for c in token.chars().filter(|&c| !is_numeric(c)) {
                kept.push(c);
                if is_alphabetic(c) {
                    letters += letter_weight(c);
                }
            }
        } else if !numeric && alphabetic && !(marked && is_address_like(token)) {
            if !kept.is_empty() {
                kept.push(' ');
            }
            kept.push_str(token);
            letters += weight;
        }
    }
    LanguageText {
        text: kept,
        letters,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_urls_mail_handles_tags_numbers_and_separators() {
        let kept =
            language_text("© 2024 Site | https://x.org/a @user #Tag mail@x.pl 15,99 zł › Menu");
        assert_eq!(kept.text, "Site zł Menu");
        assert_eq!(kept.letters, 10);
    }

    #[test]
    fn keeps_ordinary_words_with_punctuation() {
        let kept = language_text("Hello, world. Zażółć gęślą jaźń!");
        assert_eq!(kept.text, "Hello, world. Zażółć gęślą jaźń!");
        assert_eq!(kept.letters, 25);
    }

    #[test]
    fn numbers_inside_unspaced_scripts_do_not_drop_the_sentence() {
        let kept = language_text("東京都は2025年3月に新しい条例を発表した。");
        assert_eq!(kept.text, "東京都は年月に新しい条例を発表した。");
        assert_eq!(kept.letters, 17 * 3);
    }

    #[test]
    fn drops_bare_domains() {
        assert_eq!(language_text("see example.com/page now").text, "see now");
    }
}
