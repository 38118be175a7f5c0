//! The model of a page's languages (see the module documentation of
//! `language` for the four steps, docs/LANGUAGES.md for its parameters).

use super::profiles::{PROFILED, ProfileScores, Profiles};
use super::units::{self, Unit, detection_units};
use super::{BlockLanguage, DetectedLanguage, LanguageReport, LanguageSettings, Segment};
use crate::document::Document;
use whatlang::{Lang, Script};

/// Overlapping trigrams are far from independent: the naive-Bayes
/// log-likelihoods are scaled by this weight before they meet the switch
/// cost.
const EVIDENCE_WEIGHT: f32 = 0.3;
/// A unit is scored on at most this many trigrams: past them a sample says
/// nothing new about its language.
const SAMPLE_TRIGRAMS: usize = 120;
/// A unit with at least this many letters that no profile fits well (see
/// [`POOR_FIT`]) is asked of whatlang, which knows 70 languages.
const FALLBACK_LETTERS: usize = 40;
/// Mean log-likelihood per trigram under the best profile below which the
/// text is in none of the profiled languages (Vietnamese, Estonian, …;
/// Indonesian fits Turkish at −8.2 and is missed, docs/LANGUAGES.md).
const POOR_FIT: f32 = -8.5;
/// whatlang reads at most this many bytes: its cost grows with the text,
/// and past this a sample says nothing new.
const WHATLANG_BYTES: usize = 250;
/// Evidence per trigram (before weighting) against the other languages for
/// a unit whatlang named.
const NAMED_GAP: f32 = 1.0;

/// What one unit says about its language.
enum Evidence {
    /// Scores under the profiled languages.
    Profiled(ProfileScores),
    /// whatlang's answer, for text in another script or in a language
    /// without a profile; the trigrams it read.
    Named(Lang, Script, u32),
}

/// The model with its settings and the languages it may choose.
pub(super) struct PageModel {
    /// Letters a block needs to vote for the main language (and, on a
    /// page without one, to have a trusted language).
    min_letters: usize,
    /// Weighted nats per switch of language.
    switch_cost: f64,
    /// whatlang, restricted to the allowlist when there is one; built
    /// once, not per question.
    detector: whatlang::Detector,
    /// The profiled languages the allowlist allows.
    profiled: Vec<usize>,
}

impl PageModel {
    /// The model with `settings`.
    pub(super) fn new(settings: &LanguageSettings) -> PageModel {
        let allowlist = &settings.allowlist;
        let profiled = (0..PROFILED)
            .filter(|&l| {
                let lang = Profiles::languages()[l];
                allowlist.as_ref().is_none_or(|list| list.contains(&lang))
            })
            .collect();
        PageModel {
            min_letters: settings.min_letters,
            switch_cost: settings.switch_cost,
            detector: match allowlist {
                Some(list) => whatlang::Detector::with_allowlist(list.clone()),
                None => whatlang::Detector::new(),
            },
            profiled,
        }
    }

    /// What a unit's text says about its language.
    fn evidence(&self, unit: &Unit, page_unprofiled: bool) -> Option<Evidence> {
        if unit.letters == 0 {
            return None;
        }
        if unit.profiled_script {
            let scores = Profiles::get().score(&unit.text, SAMPLE_TRIGRAMS);
            let best = self
                .profiled
                .iter()
                .map(|&l| scores.log_likelihood[l])
                .fold(f32::NEG_INFINITY, f32::max);
            let poor_fit = scores.trigrams > 0 && best / (scores.trigrams as f32) < POOR_FIT;
            if self.profiled.is_empty()
                || (poor_fit || page_unprofiled) && unit.letters >= FALLBACK_LETTERS
            {
                // whatlang is believed only for a language without a
                // profile, and only when it is sure: on English headlines
                // full of names it answers Catalan, Danish or French.
                if let Some(info) = self.whatlang(&unit.text)
                    && info.is_reliable()
                    && Profiles::position(info.lang()).is_none()
                {
                    let trigrams = scores.trigrams;
                    return Some(Evidence::Named(info.lang(), info.script(), trigrams));
                }
            }
            return Some(Evidence::Profiled(scores));
        }
        // Latin words in text of another script are names ("Kindleや楽天
        // koboには…"): whatlang weighs each script on its own, Han,
        // hiragana and katakana apart, so ten Latin letters could outweigh
        // each of them and make a Japanese sentence Danish.
        let info = self.whatlang(&units::without_latin(&unit.text))?;
        let trigrams = unit.letters.min(SAMPLE_TRIGRAMS) as u32;
        Some(Evidence::Named(info.lang(), info.script(), trigrams))
    }

    /// Whether whatlang, asked once about the page's longest units, is sure
    /// it is written in a language without a profile (an Indonesian page
    /// reads as Turkish to the profiles): then every long unit is asked.
    fn page_in_unprofiled_language(&self, units: &[Unit]) -> bool {
        let mut longest: Vec<&Unit> = units
            .iter()
            .filter(|u| u.letters >= FALLBACK_LETTERS)
            .collect();
        longest.sort_by_key(|u| std::cmp::Reverse(u.letters));
        let sample: Vec<&str> = longest.iter().take(3).map(|u| u.text.as_str()).collect();
        if sample.is_empty() {
            return false;
        }
        self.whatlang(&sample.join(" "))
            .is_some_and(|info| info.is_reliable() && Profiles::position(info.lang()).is_none())
    }

    /// whatlang's answer, within the allowlist.
    fn whatlang(&self, text: &str) -> Option<whatlang::Info> {
        let sample = &text[..text.floor_char_boundary(WHATLANG_BYTES)];
        self.detector.detect(sample)
    }

    /// Analyzes a document: block languages, main language, segments.
    pub(super) fn analyze(&self, document: &Document) -> LanguageReport {
        let units = detection_units(document);
        let page_unprofiled = self.page_in_unprofiled_language(&units);
        let evidence: Vec<Option<Evidence>> = units
            .iter()
            .map(|u| self.evidence(u, page_unprofiled))
            .collect();
        let scored: Vec<usize> = (0..units.len())
            .filter(|&u| evidence[u].is_some())
            .collect();
        let mut blocks: Vec<BlockLanguage> = vec![BlockLanguage::default(); document.blocks.len()];
        for unit in &units {
            blocks[unit.block].letters += unit.letters;
        }
        if scored.is_empty() {
            return LanguageReport {
                main: None,
                blocks,
                segments: Vec::new(),
            };
        }

        // The states: the profiled languages, and every language whatlang named.
        let mut states: Vec<Lang> = self
            .profiled
            .iter()
            .map(|&l| Profiles::languages()[l])
            .collect();
        for e in evidence.iter().flatten() {
            if let Evidence::Named(lang, ..) = e
                && !states.contains(lang)
            {
                states.push(*lang);
            }
        }
        // Per state, its place in the profiles and its script, looked up
        // once per page rather than once per unit.
        let positions: Vec<Option<usize>> = states.iter().map(|&l| Profiles::position(l)).collect();
        let mut scripts: Vec<Option<Script>> = vec![None; states.len()];
        let emissions: Vec<Vec<f64>> = scored
            .iter()
            .map(|&u| {
                let evidence = evidence[u].as_ref().expect("scored");
                self.emission(evidence, &states, &positions)
            })
            .collect();
        let n = states.len();
        let path = decode(&emissions, n, self.switch_cost);

        // Per unit: decoded language and the confidence of its own evidence.
        let decoded: Vec<(usize, DetectedLanguage)> = scored
            .iter()
            .zip(&path)
            .zip(&emissions)
            .map(|((&u, &state), emission)| {
                let rival = (0..n)
                    .filter(|&s| s != state)
                    .map(|s| emission[s])
                    .fold(f64::NEG_INFINITY, f64::max);
                let margin = (emission[state] - rival).max(0.0);
                let script = match evidence[u] {
                    Some(Evidence::Named(_, script, _)) => script,
                    _ => *scripts[state].get_or_insert_with(|| units::script_of_lang(states[state])),
                };
                (
                    u,
                    DetectedLanguage {
                        lang: states[state],
                        confidence: 1.0 - (-margin).exp(),
                        script,
                    },
                )
            })
            .collect();

        // Only blocks of `min_letters` letters or more vote: "Rain" alone
        // has no main language rather than a guessed one.
        let voting: Vec<(usize, DetectedLanguage)> = decoded
            .iter()
            .copied()
            .filter(|(u, _)| blocks[units[*u].block].letters >= self.min_letters)
            .collect();
        let main = main_language(&units, &voting);
        // A block's language: that of most of its letters.
        let mut per_block: Vec<Vec<(DetectedLanguage, usize)>> =
            vec![Vec::new(); document.blocks.len()];
        for (u, detected) in &decoded {
            let detected = DetectedLanguage {
                lang: as_read_on_page(main, detected.lang, units[*u].letters),
                ..*detected
            };
            per_block[units[*u].block].push((detected, units[*u].letters));
        }
        for (block, found) in blocks.iter_mut().zip(&per_block) {
            let mut by_lang: Vec<(Lang, usize, DetectedLanguage)> = Vec::new();
            for (d, letters) in found {
                match by_lang.iter_mut().find(|(l, ..)| *l == d.lang) {
                    Some(entry) => entry.1 += letters,
                    None => by_lang.push((d.lang, *letters, *d)),
                }
            }
            if let Some((_, _, d)) = by_lang.iter().max_by_key(|(_, letters, _)| *letters) {
                block.detected = Some(*d);
            }
        }
        let segments = main.map_or_else(Vec::new, |main| {
            // How well each unit's text fits its decoded language's profile.
            let fits: Vec<Fit> = scored
                .iter()
                .zip(&path)
                .map(|(&u, &state)| match &evidence[u] {
                    Some(Evidence::Profiled(scores)) => match positions[state] {
                        Some(l) => Fit::Profile(scores.log_likelihood[l], scores.trigrams),
                        None => Fit::Poor,
                    },
                    _ => Fit::Named,
                })
                .collect();
            foreign_segments(document, &units, &decoded, &fits, main)
        });
        // Which block languages are trusted. On a page with a main
        // language, the decoding has read every block in context: a block
        // decoded as the main language is in it, however short ("Home"
        // between two English paragraphs), and a block decoded as another
        // language is in it only inside a segment: a foreign run that shows
        // no language (brands, names) gives its blocks none. Without a main
        // language there is no context, and a block needs letters of its own.
        for (index, block) in blocks.iter_mut().enumerate() {
            let Some(lang) = block.detected.map(|d| d.lang) else {
                continue;
            };
            block.trusted = match main {
                Some(main) => {
                    lang == main
                        || segments
                            .iter()
                            .any(|s| s.lang == lang && s.blocks.contains(&index))
                }
                None => block.letters >= self.min_letters,
            };
        }
        LanguageReport {
            main,
            blocks,
            segments,
        }
    }

    /// A unit's emission: its weighted evidence for each of `states`, whose
    /// places in the profiles ([`Profiles::position`]) are `positions`.
    fn emission(
        &self,
        evidence: &Evidence,
        states: &[Lang],
        positions: &[Option<usize>],
    ) -> Vec<f64> {
        let weight = f64::from(EVIDENCE_WEIGHT);
        match evidence {
            Evidence::Profiled(scores) => {
                let best = self
                    .profiled
                    .iter()
                    .map(|&l| scores.log_likelihood[l])
                    .fold(f32::NEG_INFINITY, f32::max);
                // A language without a profile explains the text as well
                // as a profile that fits it poorly.
                let unprofiled = POOR_FIT * scores.trigrams as f32;
                positions
                    .iter()
                    .map(|position| {
                        let ll = position.map_or(unprofiled, |l| scores.log_likelihood[l]);
                        weight * f64::from(ll - best)
                    })
                    .collect()
            }
            Evidence::Named(named, _, trigrams) => states
                .iter()
                .map(|lang| {
                    if lang == named {
                        0.0
                    } else {
                        // One answer, not a sum over correlated trigrams:
                        // not weighted down.
                        -f64::from(NAMED_GAP * *trigrams as f32)
                    }
                })
                .collect(),
        }
    }
}

/// Viterbi decoding over the units with one cost for any switch of
/// language: the best path into a state is staying in it, or the best state
/// of the unit before less the switch cost, so a step costs O(states) rather
/// than the O(states²) of a general transition table (`model::Transitions`),
/// with the same answer.
pub(super) fn decode(emissions: &[Vec<f64>], states: usize, switch_cost: f64) -> Vec<usize> {
    let Some(first) = emissions.first() else {
        return Vec::new();
    };
    let mut score = first.clone();
    let mut back: Vec<Vec<u8>> = Vec::with_capacity(emissions.len());
    for emission in &emissions[1..] {
        let best = crate::model::argmax(&score);
        let switched = score[best] - switch_cost;
        let mut pointers = vec![0u8; states];
        for j in 0..states {
            // Ties stay: a switch must win outright.
            if score[j] >= switched {
                pointers[j] = j as u8;
            } else {
                pointers[j] = best as u8;
                score[j] = switched;
            }
            score[j] += emission[j];
        }
        back.push(pointers);
    }
    let mut state = crate::model::argmax(&score);
    let mut path = vec![state; emissions.len()];
    for (t, pointers) in back.iter().enumerate().rev() {
        state = pointers[state] as usize;
        path[t] = state;
    }
    path
}

/// The main language: the decoded language with the most letters among
/// the units of trusted blocks.
fn main_language(units: &[Unit], decoded: &[(usize, DetectedLanguage)]) -> Option<Lang> {
    let mut letters: Vec<(Lang, usize)> = Vec::new();
    for (u, d) in decoded {
        match letters.iter_mut().find(|(l, _)| *l == d.lang) {
            Some(entry) => entry.1 += units[*u].letters,
            None => letters.push((d.lang, units[*u].letters)),
        }
    }
    letters
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map(|(lang, _)| lang)
}

/// How well a unit's text fits the language it was decoded as.
#[derive(Debug, Clone, Copy)]
enum Fit {
    /// Its log-likelihood under that language's profile, and its trigrams.
    Profile(f32, u32),
    /// That language has no profile: the unit was decoded into it by
    /// context alone.
    Poor,
    /// whatlang named the language (another script, or a language without a
    /// profile that whatlang was sure of).
    Named,
}

/// The segments: maximal runs of units decoded as the same language other
/// than the main one (units without letters do not break a run), kept when
/// their text carries language.
fn foreign_segments(
    document: &Document,
    units: &[Unit],
    decoded: &[(usize, DetectedLanguage)],
    fits: &[Fit],
    main: Lang,
) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut run: Vec<(usize, DetectedLanguage, Fit)> = Vec::new();
    let mut close = |run: &mut Vec<(usize, DetectedLanguage, Fit)>| {
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            return;
        };
        let text: Vec<&str> = run.iter().map(|(u, ..)| units[*u].text.as_str()).collect();
        let keep = match language_shown(&text.join(" ")) {
            Shown::Sentence => true,
            Shown::Menu => menu_fits(run.iter().map(|(.., fit)| *fit)),
            Shown::Nothing => false,
        };
        if keep {
            let (first, last) = (&units[first.0], &units[last.0]);
            segments.push(Segment {
                blocks: first.block..last.block + 1,
                span: units::source_span(document, first, last),
                lang: run[0].1.lang,
                confidence: run
                    .iter()
                    .map(|(_, d, _)| d.confidence)
                    .fold(1.0, f64::min),
            });
        }
        run.clear();
    };
    for (&(u, d), &fit) in decoded.iter().zip(fits) {
        let lang = as_read_on_page(Some(main), d.lang, units[u].letters);
        let continues = run.last().is_some_and(|(_, last, _)| last.lang == lang);
        if !continues {
            close(&mut run);
        }
        if lang != main {
            run.push((u, DetectedLanguage { lang, ..d }, fit));
        }
    }
    close(&mut run);
    segments
}

/// Whether a run of capitalised words (a menu) reads as words of its
/// language: its trigrams' mean log-likelihood under the language's profile
/// is at least [`MENU_FIT`]. A menu of a language's own words fits it well
/// ("Startseite · Nachrichten · Wirtschaft" −6.5 nats per trigram under
/// German); brands and names fit no language ("Facebook · Instagram ·
/// TikTok · LinkedIn" −8.1 under English, its best), however much better
/// than the page's language they happen to fit.
fn menu_fits(fits: impl Iterator<Item = Fit>) -> bool {
    let (mut log_likelihood, mut trigrams) = (0f32, 0u32);
    for fit in fits {
        match fit {
            Fit::Profile(ll, n) => {
                log_likelihood += ll;
                trigrams += n;
            }
            Fit::Poor => return false,
            Fit::Named => return true,
        }
    }
    trigrams > 0 && log_likelihood / trigrams as f32 >= MENU_FIT
}

/// A detected language as read on a page in `main`: whatlang calls Japanese
/// without kana (a headline in kanji, a name) Mandarin; on a Japanese page
/// that is Japanese, unless it is too long to be a headline or a name: a
/// Japanese sentence of twenty characters without a single kana particle is
/// rare, a quotation in Chinese is not.
fn as_read_on_page(main: Option<Lang>, detected: Lang, letters: usize) -> Lang {
    if main == Some(Lang::Jpn) && detected == Lang::Cmn && letters < KANJI_ONLY_LETTERS {
        Lang::Jpn
    } else {
        detected
    }
}

/// Twenty Han characters (counted triple as letters).
const KANJI_ONLY_LETTERS: usize = 60;

/// Fewest words in lowercase that text in a cased script (Latin, Cyrillic,
/// Greek) needs to show its language; in other scripts, fewest letters.
const SEGMENT_LOWERCASE_WORDS: usize = 3;
const SEGMENT_UNCASED_LETTERS: usize = 10;
/// Or this many distinct words of three letters or more, whatever their
/// case: a menu ("Startseite · Nachrichten · Region · Wirtschaft · Kultur ·
/// Wetter"), which is a segment only when it fits its language ([`menu_fits`]).
const SEGMENT_WORDS: usize = 6;
/// Mean log-likelihood per trigram under its language's profile that a run
/// of capitalised words needs to be a segment (see [`menu_fits`]).
const MENU_FIT: f32 = -7.4;

/// How much language a text shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shown {
    /// Three distinct lowercase words (function words, verbs), or ten
    /// letters of a script without case.
    Sentence,
    /// Six distinct words, capitalised: a menu, or a list of names.
    Menu,
    /// Less: names, brands, "Jetzt anmelden".
    Nothing,
}

/// How much language `text` shows a reader (see [`Shown`]).
pub(super) fn language_shown(text: &str) -> Shown {
    let mut lowercase_words: Vec<&str> = Vec::with_capacity(SEGMENT_LOWERCASE_WORDS);
    let mut words: Vec<&str> = Vec::with_capacity(SEGMENT_WORDS);
    let mut uncased_letters = 0;
    // Words as names are read: "Barron's" is one capitalised word, not a
    // name and a lowercase "s".
    for word in crate::text::words_with_apostrophes(text) {
        let Some(first) = word.chars().next().filter(|c| c.is_alphabetic()) else {
            continue;
        };
        let length = word.chars().count();
        if first.is_lowercase() && length >= 2 {
            if !lowercase_words.contains(&word) {
                lowercase_words.push(word);
            }
        } else if !first.is_lowercase() && !first.is_uppercase() {
            uncased_letters += length;
        }
        if lowercase_words.len() >= SEGMENT_LOWERCASE_WORDS
            || uncased_letters >= SEGMENT_UNCASED_LETTERS
        {
            return Shown::Sentence;
        }
        if length >= 3 && words.len() < SEGMENT_WORDS && !words.contains(&word) {
            words.push(word);
        }
    }
    if words.len() >= SEGMENT_WORDS {
        Shown::Menu
    } else {
        Shown::Nothing
    }
}
