//! The page's own vocabulary: a cheap check that runs before whatlang.
//!
//! Most blocks of a page are in its main language, and whatlang is the
//! slowest step per block. The words that recur across the page's longest
//! main-language paragraphs are mostly its function words ("the", "of",
//! "and"; "die", "und", "der"), which a text in another language hardly
//! shares, even a closely related one. A block most of whose words are in
//! that vocabulary is in the main language without asking whatlang; any
//! other block is asked as before, so a foreign footer, menu or quotation is
//! still found.

use crate::hashing::{FNV_OFFSET, PrehashedMap, PrehashedSet, fnv1a_lowercase};
use crate::scripts::is_unspaced_script;

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
/// Fewer paragraphs than this make too small a vocabulary to vouch for
/// anything.
const MIN_SOURCE_PARAGRAPHS: usize = 3;

/// Words that recur across a page's main-language paragraphs.
pub(crate) struct PageVocabulary {
    words: PrehashedSet,
}

impl PageVocabulary {
    /// Learns the vocabulary from paragraphs known to be in the main
    /// language; `None` when there are too few of them.
    pub(crate) fn learn<'a>(paragraphs: impl Iterator<Item = &'a str>) -> Option<PageVocabulary> {
        let mut seen_in: PrehashedMap<usize> = PrehashedMap::default();
        let mut sources = 0;
        let mut distinct = PrehashedSet::default();
        for paragraph in paragraphs {
            sources += 1;
            distinct.clear();
            distinct.extend(words(paragraph));
            for &word in &distinct {
                *seen_in.entry(word).or_default() += 1;
            }
        }
        let words: PrehashedSet = seen_in
            .into_iter()
            .filter(|&(_, n)| n >= MIN_PARAGRAPHS)
            .map(|(word, _)| word)
            .collect();
        (sources >= MIN_SOURCE_PARAGRAPHS && !words.is_empty()).then_some(PageVocabulary { words })
    }

    /// The share of page words in a run of texts (one block, or a run of
    /// short blocks detected together), when the run has enough words, enough
    /// of them are page words, and none of its texts looks foreign on its own
    /// (a sentence with hardly a page word, merged into a native menu).
    pub(crate) fn vouches_for(&self, texts: &[&str]) -> Option<f64> {
        let (mut total, mut known) = (0usize, 0usize);
        for text in texts {
            let (words_here, known_here) = self.count(text);
            if words_here >= FOREIGN_LOOKING_WORDS
                && (known_here as f64) < FOREIGN_LOOKING_SHARE * words_here as f64
            {
                return None;
            }
            total += words_here;
            known += known_here;
        }
        let share = known as f64 / total.max(1) as f64;
        (total >= MIN_WORDS && share >= MIN_SHARE).then_some(share)
    }

    /// How many words `text` has, and how many of them are page words.
    fn count(&self, text: &str) -> (usize, usize) {
        let mut known = 0;
        let total = words(text)
            .inspect(|word| known += usize::from(self.words.contains(word)))
            .count();
        (total, known)
    }

    /// Whether a text has words but (almost) none of them page words: a
    /// quotation in another language, or a list of names.
    pub(crate) fn shares_almost_nothing(&self, text: &str) -> bool {
        let (total, known) = self.count(text);
        total >= UNLIKE_WORDS && known as f64 <= UNLIKE_SHARE * total as f64
    }
}

/// Hashes of the lowercased words of `text`. Words of scripts written without
/// spaces (Han, kana, Thai) are skipped: whatlang tells those scripts apart
/// cheaply by itself.
fn words(text: &str) -> impl Iterator<Item = u64> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty() && !word.chars().any(is_unspaced_script))
        .map(|word| fnv1a_lowercase(FNV_OFFSET, word))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn needs_enough_paragraphs() {
        assert!(PageVocabulary::learn(["the bridge", "the town"].into_iter()).is_none());
    }

    #[test]
    fn words_are_case_insensitive() {
        let upper: Vec<u64> = words("The BRIDGE").collect();
        let lower: Vec<u64> = words("the bridge").collect();
        assert_eq!(upper, lower);
    }
}
