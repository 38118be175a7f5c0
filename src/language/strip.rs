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
    language_text_and_scripts(text).0
}

/// The letters of a kept text by script.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ScriptLetters {
    /// Letters of the scripts with trigram profiles: Latin and Cyrillic.
    pub profiled: usize,
    /// Letters of other scripts.
    pub other: usize,
}

impl ScriptLetters {
    /// Counts `c`.
    #[inline]
    fn add(&mut self, c: char) {
        match c {
            'a'..='z' | 'A'..='Z' => self.profiled += 1,
            c if c.is_ascii() => {}
            // Latin-1, Latin Extended-A/B, IPA, Latin Extended Additional;
            // Cyrillic and its supplement.
            '\u{C0}'..='\u{2AF}' | '\u{1E00}'..='\u{1EFF}' | '\u{400}'..='\u{52F}' => {
                self.profiled += usize::from(is_alphabetic(c))
            }
            c if is_alphabetic(c) => self.other += 1,
            _ => {}
        }
    }

    /// Whether most letters are Latin or Cyrillic, the scripts with
    /// profiles (a count over code-point ranges: whatlang's script
    /// detection, which weighs 25 scripts, was a tenth of the stage).
    pub(crate) fn mostly_profiled(&self) -> bool {
        self.profiled > 0 && self.profiled >= self.other
    }
}

/// [`language_text`], and the letters of the kept text by script, counted
/// in the same pass.
pub(crate) fn language_text_and_scripts(text: &str) -> (LanguageText, ScriptLetters) {
    // Detection reads a few hundred bytes; the letter gate needs no more than
    // this either, and a huge block must not be copied whole.
    let text = &text[..text.floor_char_boundary(64 * 1024)];
    let mut kept = String::with_capacity(text.len().min(4096));
    let mut letters = 0;
    let mut scripts = ScriptLetters::default();
    for (token, facts) in (Tokens { text, next: 0 }) {
        let alphabetic = facts.weight > 0;
        if facts.unspaced && !token.contains("://") && !token.contains('@') {
            if !kept.is_empty() {
                kept.push(' ');
            }
            for c in token.chars().filter(|&c| !is_numeric(c)) {
                kept.push(c);
                scripts.add(c);
                if is_alphabetic(c) {
                    letters += letter_weight(c);
                }
            }
        } else if !facts.numeric && alphabetic && !(facts.marked && is_address_like(token)) {
            if !kept.is_empty() {
                kept.push(' ');
            }
            kept.push_str(token);
            letters += facts.weight;
            scripts.profiled += facts.ascii_letters + facts.scripts.profiled;
            scripts.other += facts.scripts.other;
        }
    }
    let kept = LanguageText {
        text: kept,
        letters,
    };
    (kept, scripts)
}

/// What the checks of [`language_text`] need to know of a token, read in
/// the pass that finds its end.
#[derive(Default)]
struct Facts {
    /// Its letters, weighted by [`letter_weight`] (0: no letter).
    weight: usize,
    /// Whether it has a digit or another numeric char.
    numeric: bool,
    /// Whether it has a letter of a script written without spaces.
    unspaced: bool,
    /// Whether it has one of the marks of addresses, handles and tags
    /// (`.`, `:`, `@`, `#`): most words have none, and skip
    /// `is_address_like`'s scans.
    marked: bool,
    /// Its ASCII letters.
    ascii_letters: usize,
    /// Its other letters by script.
    scripts: ScriptLetters,
}

/// Classes of a byte, for the tokenizer's ASCII fast path.
const SEPARATOR: u8 = 1;
const LETTER: u8 = 1 << 1;
const DIGIT: u8 = 1 << 2;
const MARK: u8 = 1 << 3;
/// The first byte of a char outside ASCII (or a continuation byte).
const WIDE: u8 = 1 << 4;

/// The class of every byte: ASCII separators (`char::is_whitespace` of
/// ASCII, `|`, `>`), letters, digits and address marks; every byte ≥ 0x80
/// is [`WIDE`].
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte >= 0x80 {
            WIDE
        } else if matches!(byte, b' ' | b'\t'..=b'\r' | b'|' | b'>') {
            SEPARATOR
        } else if byte.is_ascii_alphabetic() {
            LETTER
        } else if byte.is_ascii_digit() {
            DIGIT
        } else if matches!(byte, b'.' | b':' | b'@' | b'#') {
            MARK
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The non-empty tokens of a text between separators (whitespace, `|`,
/// `•`, `·`, `›`, `>`), each with its [`Facts`]. One pass over the bytes:
/// ASCII bytes, most of most pages, are classed by a table; other chars are
/// decoded and tested with the Unicode tables.
struct Tokens<'a> {
    text: &'a str,
    /// Byte offset where the next token may start.
    next: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (&'a str, Facts);

    #[inline(always)]
    fn next(&mut self) -> Option<(&'a str, Facts)> {
        let bytes = self.text.as_bytes();
        let mut next = self.next;
        while next < bytes.len() {
            let start = next;
            let mut end = bytes.len();
            let mut facts = Facts::default();
            // The classes of the token's ASCII bytes, or-ed.
            let mut classes = 0u8;
            while next < bytes.len() {
                let class = BYTE_CLASS[usize::from(bytes[next])];
                if class & (SEPARATOR | WIDE) == 0 {
                    next += 1;
                    facts.ascii_letters += usize::from(class & LETTER != 0);
                    classes |= class;
                    continue;
                }
                if class & SEPARATOR != 0 {
                    end = next;
                    next += 1;
                    break;
                }
                let c = self.text[next..].chars().next().expect("at a char boundary");
                if c.is_whitespace() || matches!(c, '•' | '·' | '›') {
                    end = next;
                    next += c.len_utf8();
                    break;
                }
                next += c.len_utf8();
                if is_alphabetic(c) {
                    facts.weight += letter_weight(c);
                }
                facts.numeric |= is_numeric(c);
                facts.unspaced |= is_unspaced_script(c);
                facts.scripts.add(c);
            }
            if end > start {
                self.next = next;
                facts.weight += facts.ascii_letters;
                facts.numeric |= classes & DIGIT != 0;
                facts.marked = classes & MARK != 0;
                return Some((&self.text[start..end], facts));
            }
        }
        self.next = next;
        None
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
    fn tokens_are_split_at_unicode_whitespace_and_separators() {
        let text = "a\u{a0}b\u{2003}c|d>e•f·g›h\x0bi\tj\r\nk  l\u{1c}m";
        let tokens: Vec<&str> = Tokens { text, next: 0 }.map(|(t, _)| t).collect();
        let expected: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || matches!(c, '|' | '•' | '·' | '›' | '>'))
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(tokens, expected);
    }

    #[test]
    fn drops_bare_domains() {
        assert_eq!(language_text("see example.com/page now").text, "see now");
    }
}
