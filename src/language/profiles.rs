//! Character-trigram profiles of the languages of gleaner's own corpus
//! (`training-data/train/`, written for this project), and the naive-Bayes
//! score of a text under each of them.
//!
//! The profiles are counted once per process from the corpus embedded in the
//! binary: nothing is generated, so they cannot go stale. Scoring a text is a
//! table look-up and a vector add per trigram, for every profiled language at
//! once: cheap enough to run on every block, which whatlang (about 100 µs for
//! 200 characters over its 70 languages) is not.

use super::trigram_index::{CompactTrigram, Trigram, TrigramIndex};
use crate::scripts::is_alphabetic;
use std::sync::OnceLock;
use whatlang::Lang;

/// The corpus files, one per language (ISO 639-3 as whatlang, text).
macro_rules! corpus {
    ($($lang:ident => $file:literal),* $(,)?) => {
        [$((Lang::$lang, include_str!(concat!("../../training-data/train/", $file)))),*]
    };
}

/// The languages with a profile: the Latin- and Cyrillic-script languages of
/// the corpus. Other scripts say their language by themselves (Greek,
/// Hangul, kana) and are left to whatlang.
const CORPUS: [(Lang, &str); 16] = corpus![
    Ces => "cs.ann.txt",
    Deu => "de.ann.txt",
    Eng => "en.ann.txt",
    Spa => "es.ann.txt",
    Fin => "fi.ann.txt",
    Fra => "fr.ann.txt",
    Hun => "hu.ann.txt",
    Ita => "it.ann.txt",
    Nld => "nl.ann.txt",
    Pol => "pl.ann.txt",
    Por => "pt.ann.txt",
    Ron => "ro.ann.txt",
    Swe => "sv.ann.txt",
    Tur => "tr.ann.txt",
    Rus => "ru.ann.txt",
    Ukr => "uk.ann.txt",
];

/// Number of profiled languages.
pub const PROFILED: usize = CORPUS.len();
/// Rows are padded to this many lanes, so that adding one is a few vector
/// instructions.
const LANES: usize = 16;

/// Add-k smoothing of trigram counts: a trigram a language never showed
/// gets k of a count.
const SMOOTHING: f32 = 0.5;

/// A text's score under every profiled language.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProfileScores {
    /// Log-likelihood of the text's trigrams under each language, in the
    /// order of [`Profiles::languages`].
    pub log_likelihood: [f32; PROFILED],
    /// Trigrams scored.
    pub trigrams: u32,
}

/// The trigram tables.
pub struct Profiles {
    /// Row of each known trigram (0 for the others).
    index: TrigramIndex,
    /// Per row, the trigram's log-probability in each language. Row 0 holds
    /// each language's log-probability of a trigram it never showed, which
    /// is also that of trigrams no language showed.
    rows: Vec<[f32; LANES]>,
}

impl Profiles {
    /// The profiles, counted on first use.
    pub fn get() -> &'static Profiles {
        static PROFILES: OnceLock<Profiles> = OnceLock::new();
        PROFILES.get_or_init(Profiles::count)
    }

    /// The profiled languages, in score order.
    pub fn languages() -> [Lang; PROFILED] {
        CORPUS.map(|(lang, _)| lang)
    }

    /// The position of `lang` in the score order.
    pub fn position(lang: Lang) -> Option<usize> {
        CORPUS.iter().position(|(l, _)| *l == lang)
    }

    fn count() -> Profiles {
        let mut index = TrigramIndex::new();
        // Row 0 stands for the trigrams no language showed.
        let mut counts: Vec<[u32; PROFILED]> = vec![[0; PROFILED]];
        let mut totals = [0u64; PROFILED];
        for (l, (_, corpus)) in CORPUS.iter().enumerate() {
            // Counts a trigram found by `$find(next row)`: a new trigram
            // takes the next row.
            macro_rules! count {
                ($find:expr) => {{
                    let row = $find(counts.len() as u32) as usize;
                    if row == counts.len() {
                        counts.push([0; PROFILED]);
                    }
                    counts[row][l] += 1;
                    totals[l] += 1;
                }};
            }
            // The trigrams of `trigrams(text)`, with the scorer's fast path
            // for words of ASCII letters.
            for word in corpus_texts(corpus).flat_map(words) {
                if word.ascii {
                    let mut window = CompactTrigram::start();
                    for &b in word.text.as_bytes() {
                        window.push_letter(b);
                        count!(|next| index.get_or_insert_compact(window, next));
                    }
                    window.push_space();
                    count!(|next| index.get_or_insert_compact(window, next));
                } else {
                    for trigram in word_trigrams(word.text) {
                        count!(|next| index.get_or_insert(trigram, next));
                    }
                }
            }
        }
        let vocabulary = (counts.len() - 1) as f32;
        let denominators = totals.map(|t| t as f32 + SMOOTHING * vocabulary);
        // Most counts are small: their log-probabilities are computed once
        // per language (the same expression, so the same values), which
        // makes the counting several times cheaper than a logarithm per
        // trigram and language.
        let log_probability = |count: u32, l: usize| ((count as f32 + SMOOTHING) / denominators[l]).ln();
        let small: Vec<[f32; PROFILED]> = (0..SMALL_COUNTS)
            .map(|count| std::array::from_fn(|l| log_probability(count, l)))
            .collect();
        let mut unseen = [0f32; LANES];
        for (u, d) in unseen.iter_mut().zip(denominators) {
            *u = (SMOOTHING / d).ln();
        }
        let mut rows = Vec::with_capacity(counts.len());
        rows.push(unseen);
        for count in &counts[1..] {
            let mut row = [0f32; LANES];
            for l in 0..PROFILED {
                row[l] = match small.get(count[l] as usize) {
                    Some(memo) => memo[l],
                    None => log_probability(count[l], l),
                };
            }
            rows.push(row);
        }
        Profiles { index, rows }
    }

    /// Scores the first `max_trigrams` trigrams of `text`.
    pub fn score(&self, text: &str, max_trigrams: usize) -> ProfileScores {
        let mut sums = [0f32; LANES];
        let mut scored = 0u32;
        // The trigrams of `trigrams(text)`, in the same order (so the same
        // float sums), with a fast path for words of ASCII letters: their
        // trigrams are looked up by compact code alone.
        let mut left = max_trigrams;
        'words: for word in words(text) {
            if left == 0 {
                break;
            }
            if word.ascii {
                let mut window = CompactTrigram::start();
                for &b in word.text.as_bytes() {
                    window.push_letter(b);
                    add_row(&mut sums, &self.rows[self.index.get_compact(window) as usize]);
                    scored += 1;
                    left -= 1;
                    if left == 0 {
                        break 'words;
                    }
                }
                window.push_space();
                add_row(&mut sums, &self.rows[self.index.get_compact(window) as usize]);
                scored += 1;
                left -= 1;
            } else {
                for trigram in word_trigrams(word.text) {
                    add_row(&mut sums, &self.rows[self.index.get(trigram) as usize]);
                    scored += 1;
                    left -= 1;
                    if left == 0 {
                        break 'words;
                    }
                }
            }
        }
        let mut log_likelihood = [0f32; PROFILED];
        log_likelihood.copy_from_slice(&sums[..PROFILED]);
        ProfileScores {
            log_likelihood,
            trigrams: scored,
        }
    }
}

/// Adds a trigram's row to the sums, lane by lane.
#[inline(always)]
fn add_row(sums: &mut [f32; LANES], row: &[f32; LANES]) {
    for (sum, p) in sums.iter_mut().zip(row) {
        *sum += p;
    }
}

/// Counts below this have their log-probabilities computed once per
/// language.
const SMALL_COUNTS: u32 = 256;

/// The block texts of a corpus file (`*.ann.txt`): the lines that are not
/// `@` directives, except those of blocks marked with another language
/// (`lang=`), which are foreign footers and banners.
fn corpus_texts(corpus: &str) -> impl Iterator<Item = &str> {
    let mut foreign = false;
    corpus.lines().filter(move |line| {
        if let Some(directive) = line.strip_prefix('@') {
            foreign = directive.contains(" lang=");
            return false;
        }
        !foreign && !line.trim().is_empty()
    })
}

/// The trigrams of `text`'s words, lowercased and padded with a space at
/// each end (" th", "the", "he "). Anything that is not a letter separates
/// words. The definition that the scorer and the counting follow word by
/// word, with their fast path for ASCII words; the tests hold them to it.
#[cfg(test)]
fn trigrams(text: &str) -> impl Iterator<Item = Trigram> + '_ {
    words(text).flat_map(|word| word_trigrams(word.text))
}

/// The trigrams of one word (a run of letters), padded.
fn word_trigrams(word: &str) -> impl Iterator<Item = Trigram> + '_ {
    let letters = word.chars().map(|c| {
        if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            lowercase(c)
        }
    });
    letters.chain([' ']).scan(Trigram::start(), |window, c| {
        window.push(c);
        Some(*window)
    })
}

/// A maximal run of letters.
struct Word<'a> {
    text: &'a str,
    /// Whether all its letters are ASCII.
    ascii: bool,
}

/// The words of `text`: its maximal runs of letters.
fn words(text: &str) -> Words<'_> {
    Words { text, next: 0 }
}

struct Words<'a> {
    text: &'a str,
    /// Byte offset of the next char to read.
    next: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = Word<'a>;

    #[inline(always)]
    fn next(&mut self) -> Option<Word<'a>> {
        let bytes = self.text.as_bytes();
        // Up to the first letter. ASCII bytes, most of most pages, are
        // read without decoding a char.
        loop {
            let &b = bytes.get(self.next)?;
            if b.is_ascii_alphabetic() {
                break;
            }
            if b.is_ascii() {
                self.next += 1;
                continue;
            }
            let c = self.text[self.next..].chars().next().expect("at a char boundary");
            if is_alphabetic(c) {
                break;
            }
            self.next += c.len_utf8();
        }
        let start = self.next;
        let mut ascii = true;
        while let Some(&b) = bytes.get(self.next) {
            if b.is_ascii_alphabetic() {
                self.next += 1;
                continue;
            }
            if b.is_ascii() {
                break;
            }
            let c = self.text[self.next..].chars().next().expect("at a char boundary");
            if !is_alphabetic(c) {
                break;
            }
            ascii = false;
            self.next += c.len_utf8();
        }
        Some(Word {
            text: &self.text[start..self.next],
            ascii,
        })
    }
}

/// Code points below this have their lowercase in a table.
const TABLED: usize = 0x800;

/// The first char of `c.to_lowercase()` (the only one, but for 'İ'):
/// from a table for Latin, Greek and Cyrillic, where the standard library
/// searches its case table on every call.
fn lowercase(c: char) -> char {
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..TABLED as u32)
            .map(|code| char::from_u32(code).map_or('\0', lowercase_of))
            .collect()
    });
    match table.get(c as usize) {
        Some(&lower) => lower,
        None => lowercase_of(c),
    }
}

fn lowercase_of(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(text: &str) -> Lang {
        let scores = Profiles::get().score(text, usize::MAX);
        let l = (0..PROFILED)
            .max_by(|&a, &b| scores.log_likelihood[a].total_cmp(&scores.log_likelihood[b]))
            .unwrap();
        Profiles::languages()[l]
    }

    #[test]
    fn trigrams_are_padded_words() {
        assert_eq!(
            trigrams("Ab, c").collect::<Vec<_>>(),
            [
                Trigram::new([' ', ' ', 'a']),
                Trigram::new([' ', 'a', 'b']),
                Trigram::new(['a', 'b', ' ']),
                Trigram::new([' ', ' ', 'c']),
                Trigram::new([' ', 'c', ' ']),
            ]
        );
    }

    /// The trigrams of `text` as they were read before the byte-wise fast
    /// path: char by char, with the standard library's letter and case
    /// tests.
    fn trigrams_char_by_char(text: &str) -> Vec<Trigram> {
        let mut trigrams = Vec::new();
        let mut window = [' '; 3];
        let mut in_word = false;
        let mut push = |c: char, window: &mut [char; 3]| {
            *window = [window[1], window[2], c];
            if !(window[1] == ' ' && window[2] == ' ') {
                trigrams.push(Trigram::new(*window));
            }
        };
        for c in text.chars() {
            if c.is_alphabetic() {
                if !in_word {
                    window = [' '; 3];
                    in_word = true;
                }
                push(c.to_lowercase().next().unwrap_or(c), &mut window);
            } else if in_word {
                in_word = false;
                push(' ', &mut window);
            }
        }
        if in_word {
            push(' ', &mut window);
        }
        trigrams
    }

    #[test]
    fn byte_wise_trigrams_match_char_wise_ones() {
        let mut texts: Vec<String> = CORPUS.iter().map(|(_, text)| text.to_string()).collect();
        texts.push("İstanbul'da ΣΟΦΊΑ ÆØÅ ǅemal Straße 東京 ＡＢＣ x".to_string());
        texts.push("a".to_string());
        texts.push(String::new());
        for text in &texts {
            assert_eq!(trigrams(text).collect::<Vec<_>>(), trigrams_char_by_char(text));
            // The scorer's fast path adds the same rows in the same order.
            let profiles = Profiles::get();
            for max in [1, 7, 120, usize::MAX] {
                let mut sums = [0f32; LANES];
                let reference = trigrams_char_by_char(text);
                for &trigram in reference.iter().take(max) {
                    add_row(&mut sums, &profiles.rows[profiles.index.get(trigram) as usize]);
                }
                let scores = profiles.score(text, max);
                assert_eq!(scores.trigrams as usize, reference.len().min(max));
                for (l, sum) in sums[..PROFILED].iter().enumerate() {
                    assert_eq!(scores.log_likelihood[l].to_bits(), sum.to_bits());
                }
            }
        }
    }

    #[test]
    fn lowercase_table_matches_the_standard_library() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(lowercase(c), c.to_lowercase().next().unwrap_or(c), "{c:?}");
        }
    }

    #[test]
    fn sentences_score_highest_in_their_language() {
        assert_eq!(best("The council said the new bridge would open next year."), Lang::Eng);
        assert_eq!(best("Die Stadt will die neue Brücke im nächsten Jahr öffnen."), Lang::Deu);
        assert_eq!(best("La ciudad abrirá el nuevo puente el próximo año."), Lang::Spa);
        assert_eq!(best("Город откроет новый мост в следующем году."), Lang::Rus);
    }
}
