//! The page's own vocabulary: a cheap check that runs before whatlang.
//!
//! Most blocks of a page are in its main language, and whatlang is the
//! slowest step per block. The words that recur across the page's longest
//! main-language paragraphs are mostly its function words ("the", "of",
//! "and"; "die", "und", "der"), which a text in another language hardly
//! shares, even a closely related one. A block most of whose words are in
//! that vocabulary (or at least a few, when several of them are its core
//! words, those in many paragraphs) is in the main language without asking
//! whatlang; any other block is asked as before, so a foreign footer, menu
//! or quotation is still found.

use crate::hashing::{FNV_OFFSET, PrehashedMap, fnv1a, fnv1a_lowercase_char};
use crate::scripts::{is_alphabetic, is_unspaced_script};

/// A block needs at least this many words for the vocabulary to vouch for
/// it: "Home News Sport" may all be page words and still be a menu in
/// another language.
const MIN_WORDS: usize = 6;
/// The share of a block's words that must be page words. Measured on the
/// dev pages against a vocabulary of each page's 16 longest paragraphs
/// (blocks of at least six words): 69% of the page's other blocks reach
/// 0.3, against 1.4% of paragraphs taken from pages in other languages and
/// 0.7% of those in a closely related one (Spanish against Portuguese, Czech
/// against Polish); some of those are English menus on non-English pages,
/// so the true rate is lower. Of the 2,340 dev blocks whose language this
/// changed, the foreign ones that became main (183) were, spot-checked,
/// mostly whatlang's errors on short English text ("About" as French).
const MIN_SHARE: f64 = 0.3;
/// A text of a run with at least this many words, of which fewer than
/// `FOREIGN_LOOKING_SHARE` are page words, looks foreign: the run is left to
/// whatlang.
const FOREIGN_LOOKING_WORDS: usize = 3;
const FOREIGN_LOOKING_SHARE: f64 = 0.2;
/// A text with at least this many words, of which at most `UNLIKE_SHARE`
/// are page words, shares almost nothing with the page. Measured on the dev
/// pages as a second opinion on quotations whatlang is unsure of: at three
/// words and 0.2, two of three new segments were English phrases on English
/// pages; at five and 0.1, none were added there, and the authored set's
/// Turkish quotations in Spanish and Swedish articles were found.
const UNLIKE_WORDS: usize = 5;
const UNLIKE_SHARE: f64 = 0.1;
/// A word must occur in at least this many of the paragraphs the vocabulary
/// is learned from: names and topic words of one paragraph are not the
/// language's.
const MIN_PARAGRAPHS: usize = 2;
/// A core word is in at least one in this many of the paragraphs the
/// vocabulary is learned from.
const CORE_PARAGRAPH_SHARE: usize = 4;
/// A run whose share of page words is below [`MIN_SHARE`] is still vouched
/// for with at least this many distinct core words and at least
/// `MIN_CORE_SHARE` page words: a headline or a sentence full of names and
/// topic words, held together by "the", "of" and "that". Measured on the
/// dev pages (`gleaner langs`, before -> after): 0.88 s -> 0.82 s user time
/// (best of 5); 220 of 91,111 trusted block languages changed, 214 of them
/// no language -> main language, and one segment fewer (a German menu that
/// whatlang called English); authored set unchanged (recall 0.952, 0.8
/// false segments per 100 monolingual pages). Without the lowercase rule
/// for core words, names and German nouns ("Galaxy" on a page about a villa)
/// were core words, and English testimonials on a German page lost their
/// segment.
const MIN_CORE_WORDS: usize = 3;
const MIN_CORE_SHARE: f64 = 0.1;
/// Fewer paragraphs than this make too small a vocabulary to vouch for
/// anything.
const MIN_SOURCE_PARAGRAPHS: usize = 3;

/// A text's words against the vocabulary.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct WordCounts {
    words: usize,
    /// Words in the vocabulary.
    known: usize,
}

/// Words that recur across a page's main-language paragraphs.
pub(crate) struct PageVocabulary {
    /// Page words, each with whether it is a core word: one of at least two
    /// letters found in at least a quarter of the paragraphs (and at least
    /// [`MIN_PARAGRAPHS`]), nearly always a function word ("the", "and",
    /// "that"; "und", "der", "nicht").
    words: PrehashedMap<bool>,
}

impl PageVocabulary {
    /// Learns the vocabulary from paragraphs known to be in the main
    /// language; `None` when there are too few of them.
    pub(crate) fn learn<'a>(paragraphs: impl Iterator<Item = &'a str>) -> Option<PageVocabulary> {
        // Per word: the paragraphs it is in, those it is in written in
        // lowercase, and whether it has two letters.
        let mut seen_in: PrehashedMap<(usize, usize, bool)> = PrehashedMap::default();
        let mut sources = 0;
        let mut distinct: PrehashedMap<Word> = PrehashedMap::default();
        for paragraph in paragraphs {
            sources += 1;
            distinct.clear();
            for word in words(paragraph) {
                distinct
                    .entry(word.hash)
                    .and_modify(|seen| seen.lowercase |= word.lowercase)
                    .or_insert(word);
            }
            for word in distinct.values() {
                let entry = seen_in.entry(word.hash).or_insert((0, 0, word.long));
                entry.0 += 1;
                entry.1 += usize::from(word.lowercase);
            }
        }
        let core_paragraphs = (sources / CORE_PARAGRAPH_SHARE).max(MIN_PARAGRAPHS);
        let words: PrehashedMap<bool> = seen_in
            .into_iter()
            .filter(|&(_, (n, _, _))| n >= MIN_PARAGRAPHS)
            .map(|(word, (_, lowercase, long))| (word, long && lowercase >= core_paragraphs))
            .collect();
        (sources >= MIN_SOURCE_PARAGRAPHS && !words.is_empty()).then_some(PageVocabulary { words })
    }

    /// The share of page words in a run of texts (one block, or a run of
    /// short blocks detected together), when the run has enough words and
    /// enough of them are page words, or it has a lower share but several
    /// core words; and when none of the run's texts looks foreign on its own
    /// (a sentence with hardly a page word, merged into a native menu).
    pub(crate) fn vouches_for(&self, texts: &[&str]) -> Option<f64> {
        let mut run = WordCounts::default();
        let mut core_words: Vec<u64> = Vec::new();
        for text in texts {
            let here = self.count(text, &mut core_words);
            if texts.len() > 1
                && here.words >= FOREIGN_LOOKING_WORDS
                && (here.known as f64) < FOREIGN_LOOKING_SHARE * here.words as f64
            {
                return None;
            }
            run.words += here.words;
            run.known += here.known;
        }
        let share = run.known as f64 / run.words.max(1) as f64;
        if run.words < MIN_WORDS {
            return None;
        }
        if share >= MIN_SHARE {
            Some(share)
        } else if core_words.len() >= MIN_CORE_WORDS && share >= MIN_CORE_SHARE {
            Some(MIN_SHARE)
        } else {
            None
        }
    }

    /// How many words `text` has and how many of them are page words; its
    /// distinct core words are added to `core_words`.
    fn count(&self, text: &str, core_words: &mut Vec<u64>) -> WordCounts {
        let mut counts = WordCounts::default();
        for word in words(text) {
            counts.words += 1;
            if let Some(&core) = self.words.get(&word.hash) {
                counts.known += 1;
                if core && !core_words.contains(&word.hash) {
                    core_words.push(word.hash);
                }
            }
        }
        counts
    }

    /// Whether a text has words but (almost) none of them page words: a
    /// quotation in another language, or a list of names.
    pub(crate) fn shares_almost_nothing(&self, text: &str) -> bool {
        let counts = self.count(text, &mut Vec::new());
        counts.words >= UNLIKE_WORDS && counts.known as f64 <= UNLIKE_SHARE * counts.words as f64
    }
}

/// A word of a text.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Word {
    /// The hash of the word lowercased.
    hash: u64,
    /// Whether it has at least two letters.
    long: bool,
    /// Whether it is written in lowercase (its first letter is): names and
    /// German nouns are not.
    lowercase: bool,
}

/// The words of `text`: its runs of letters. Words of scripts written
/// without spaces (Han, kana, Thai) are skipped: whatlang tells those scripts
/// apart cheaply by itself.
fn words(text: &str) -> Words<'_> {
    Words { rest: text }
}

/// The iterator of [`words`]. Each word is read in one pass that finds its
/// end, hashes it lowercased and notes its script: splitting first and then
/// reading each word two more times made the vocabulary's checks 8% of
/// `classify` (callgrind, on the dev pages).
struct Words<'a> {
    rest: &'a str,
}

impl Iterator for Words<'_> {
    type Item = Word;

    fn next(&mut self) -> Option<Word> {
        loop {
            // ASCII bytes, most of most pages, are read as bytes; other
            // characters are decoded.
            let bytes = self.rest.as_bytes();
            let mut start = 0;
            let first = loop {
                let &byte = bytes.get(start)?;
                if byte.is_ascii() {
                    if byte.is_ascii_alphabetic() {
                        break char::from(byte);
                    }
                    start += 1;
                } else {
                    let c = self.rest[start..].chars().next()?;
                    if is_alphabetic(c) {
                        break c;
                    }
                    start += c.len_utf8();
                }
            };
            let mut hash = fnv1a_lowercase_char(FNV_OFFSET, first);
            let mut unspaced = is_unspaced_script(first);
            let mut long = false;
            let mut end = start + first.len_utf8();
            while let Some(&byte) = bytes.get(end) {
                if byte.is_ascii() {
                    if !byte.is_ascii_alphabetic() {
                        break;
                    }
                    hash = fnv1a(hash, &[byte.to_ascii_lowercase()]);
                    end += 1;
                } else {
                    let Some(c) = self.rest[end..].chars().next() else {
                        break;
                    };
                    if !is_alphabetic(c) {
                        break;
                    }
                    hash = fnv1a_lowercase_char(hash, c);
                    unspaced |= is_unspaced_script(c);
                    end += c.len_utf8();
                }
                long = true;
            }
            self.rest = &self.rest[end..];
            if !unspaced {
                return Some(Word {
                    hash,
                    long,
                    lowercase: first.is_lowercase(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_the_runs_of_letters_hashed_lowercased() {
        for text in [
            "The Council said: “Zażółć gęślą jaźń”, 12 times; o'clock",
            "Kelvin \u{212a}elvin İstanbul ΣΊΣΥΦΟΣ",
            "東京 tokyo ไทย Ünïcödé—ß",
            "",
            " .. x",
        ] {
            let expected: Vec<Word> = crate::text::letter_runs(text)
                .filter(|w| !w.chars().any(is_unspaced_script))
                .map(|w| Word {
                    hash: crate::hashing::fnv1a_lowercase(FNV_OFFSET, w),
                    long: w.chars().count() >= 2,
                    lowercase: w.chars().next().is_some_and(char::is_lowercase),
                })
                .collect();
            assert_eq!(words(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    fn english() -> PageVocabulary {
        PageVocabulary::learn(
            [
                "The council said on Monday that the new bridge would open in the spring.",
                "Residents of the town have waited for the bridge for more than ten years.",
                "The mayor said that the cost of the work was higher than planned.",
            ]
            .into_iter(),
        )
        .expect("three paragraphs")
    }

    #[test]
    fn vouches_for_main_language_text() {
        let share = english()
            .vouches_for(&["The mayor said that the town would pay for the bridge."])
            .expect("English sentence");
        assert!(share >= 0.5, "{share}");
    }

    #[test]
    fn does_not_vouch_for_another_language() {
        let vocabulary = english();
        let polish =
            "Rada miasta poinformowała w poniedziałek, że nowy most zostanie otwarty wiosną.";
        assert_eq!(vocabulary.vouches_for(&[polish]), None);
        let german = "Der Bürgermeister sagte, dass die Brücke im Frühling eröffnet wird.";
        assert_eq!(vocabulary.vouches_for(&[german]), None);
    }

    #[test]
    fn short_text_gets_no_verdict() {
        assert_eq!(english().vouches_for(&["The bridge"]), None);
    }

    #[test]
    fn a_foreign_sentence_in_a_run_is_left_to_whatlang() {
        let vocabulary = english();
        let native = "The council said that the mayor of the town would pay.";
        assert!(vocabulary.vouches_for(&[native, native]).is_some());
        let german = "Legen Sie Ihr Geld bei uns an";
        assert_eq!(vocabulary.vouches_for(&[native, native, german]), None);
    }

    #[test]
    fn a_foreign_quotation_shares_almost_nothing() {
        let vocabulary = english();
        assert!(vocabulary.shares_almost_nothing("Nie wiedzieliśmy, że most zamkną na całe lato"));
        assert!(!vocabulary.shares_almost_nothing("the council said that the bridge would open"));
        assert!(!vocabulary.shares_almost_nothing("Nie wiedzieliśmy"));
    }

    #[test]
    fn core_words_vouch_for_a_sentence_of_names() {
        // 3 of 11 page words ("the", "that", "said"), all core words.
        let names = "Mayor Jane Smith said that Acme Bridges won the Riverside Crossing tender.";
        assert_eq!(english().vouches_for(&[names]), Some(MIN_SHARE));
    }

    #[test]
    fn capitalised_words_are_not_core_words() {
        let vocabulary = PageVocabulary::learn(
            [
                "Die Villa Galaxy liegt am Kanal, und die Villa Galaxy hat einen Pool.",
                "In der Villa Galaxy wohnen Gäste aus aller Welt, und sie kommen gern.",
                "Die Villa Galaxy ist das ganze Jahr geöffnet, und der Garten ist groß.",
            ]
            .into_iter(),
        )
        .expect("three paragraphs");
        let english = "We had a wonderful time in Villa Galaxy and we will come back next year";
        assert_eq!(vocabulary.vouches_for(&[english]), None);
    }

    #[test]
    fn needs_enough_paragraphs() {
        assert!(PageVocabulary::learn(["the bridge", "the town"].into_iter()).is_none());
    }

    #[test]
    fn words_are_case_insensitive() {
        let upper: Vec<u64> = words("The BRIDGE").map(|w| w.hash).collect();
        let lower: Vec<u64> = words("the bridge").map(|w| w.hash).collect();
        assert_eq!(upper, lower);
    }
}
