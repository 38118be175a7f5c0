//! Character-trigram profiles of the languages of gleaner's own corpus
//! (`training-data/train/`, written for this project), and the naive-Bayes
//! score of a text under each of them.
//!
//! The profiles are counted once per process from the corpus embedded in the
//! binary: nothing is generated, so they cannot go stale. Scoring a text is a
//! table look-up and a vector add per trigram, for every profiled language at
//! once: cheap enough to run on every block, which whatlang (about 100 µs for
//! 200 characters over its 70 languages) is not.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
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
    /// Row index of each known trigram (three chars packed into a u64).
    index: HashMap<u64, u32, BuildHasherDefault<PackedHasher>>,
    /// Per known trigram, its log-probability in each language.
    rows: Vec<[f32; LANES]>,
    /// Per language, the log-probability of a trigram it never showed
    /// (also used for trigrams no language showed).
    unseen: [f32; LANES],
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
        let mut counts: HashMap<u64, [u32; PROFILED], BuildHasherDefault<PackedHasher>> =
            HashMap::default();
        let mut totals = [0u64; PROFILED];
        for (l, (_, corpus)) in CORPUS.iter().enumerate() {
            for text in corpus_texts(corpus) {
                for_each_trigram(text, usize::MAX, |key| {
                    counts.entry(key).or_insert([0; PROFILED])[l] += 1;
                    totals[l] += 1;
                });
            }
        }
        let vocabulary = counts.len() as f32;
        let denominators = totals.map(|t| t as f32 + SMOOTHING * vocabulary);
        let mut unseen = [0f32; LANES];
        for (u, d) in unseen.iter_mut().zip(denominators) {
            *u = (SMOOTHING / d).ln();
        }
        let mut keys: Vec<u64> = counts.keys().copied().collect();
        keys.sort_unstable();
        let mut index = HashMap::default();
        let mut rows = Vec::with_capacity(keys.len());
        for key in keys {
            let count = counts[&key];
            let mut row = [0f32; LANES];
            for l in 0..PROFILED {
                row[l] = ((count[l] as f32 + SMOOTHING) / denominators[l]).ln();
            }
            index.insert(key, rows.len() as u32);
            rows.push(row);
        }
        Profiles {
            index,
            rows,
            unseen,
        }
    }

    /// Scores the first `max_trigrams` trigrams of `text`.
    pub fn score(&self, text: &str, max_trigrams: usize) -> ProfileScores {
        let mut sums = [0f32; LANES];
        let mut trigrams = 0u32;
        for_each_trigram(text, max_trigrams, |key| {
            let row = match self.index.get(&key) {
                Some(&i) => &self.rows[i as usize],
                None => &self.unseen,
            };
            for (sum, p) in sums.iter_mut().zip(row) {
                *sum += p;
            }
            trigrams += 1;
        });
        let mut log_likelihood = [0f32; PROFILED];
        log_likelihood.copy_from_slice(&sums[..PROFILED]);
        ProfileScores {
            log_likelihood,
            trigrams,
        }
    }
}

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

/// Calls `f` with each trigram of `text`'s words, lowercased and padded
/// with a space at each end (" th", "the", "he "), at most `max` of them.
/// Anything that is not a letter separates words.
fn for_each_trigram(text: &str, max: usize, mut f: impl FnMut(u64)) {
    let mut seen = 0;
    let mut window = [' '; 3];
    let mut in_word = false;
    let mut push = |c: char, window: &mut [char; 3]| -> bool {
        window[0] = window[1];
        window[1] = window[2];
        window[2] = c;
        if window[1] == ' ' && window[2] == ' ' {
            return true;
        }
        f(pack(*window));
        seen += 1;
        seen < max
    };
    for c in text.chars() {
        if c.is_alphabetic() {
            let lower = if c.is_ascii() {
                c.to_ascii_lowercase()
            } else {
                c.to_lowercase().next().unwrap_or(c)
            };
            if !in_word {
                window = [' '; 3];
                in_word = true;
            }
            if !push(lower, &mut window) {
                return;
            }
        } else if in_word {
            in_word = false;
            if !push(' ', &mut window) {
                return;
            }
        }
    }
    if in_word {
        push(' ', &mut window);
    }
}

fn pack(window: [char; 3]) -> u64 {
    (window[0] as u64) << 42 | (window[1] as u64) << 21 | window[2] as u64
}

/// Hashes the packed trigram keys: a multiply spreads their bits well enough,
/// at a fraction of SipHash's cost (the look-up is the scorer's inner loop).
#[derive(Default)]
struct PackedHasher(u64);

impl Hasher for PackedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
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
        let mut keys = Vec::new();
        for_each_trigram("Ab, c", usize::MAX, |k| keys.push(k));
        assert_eq!(
            keys,
            [
                pack([' ', ' ', 'a']),
                pack([' ', 'a', 'b']),
                pack(['a', 'b', ' ']),
                pack([' ', ' ', 'c']),
                pack([' ', 'c', ' ']),
            ]
        );
    }

    #[test]
    fn sentences_score_highest_in_their_language() {
        assert_eq!(best("The council said the new bridge would open next year."), Lang::Eng);
        assert_eq!(best("Die Stadt will die neue Brücke im nächsten Jahr öffnen."), Lang::Deu);
        assert_eq!(best("La ciudad abrirá el nuevo puente el próximo año."), Lang::Spa);
        assert_eq!(best("Город откроет новый мост в следующем году."), Lang::Rus);
    }
}
