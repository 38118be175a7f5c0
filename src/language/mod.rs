//! Languages: each block's language, the document's main language, and the
//! mixed-language segments (stretches written in another language than the
//! main one, such as a Polish footer under an English article).
//!
//! whatlang is the slowest step per block, so it is called where it informs:
//! long blocks alone, runs of short blocks merged into one sample, and two
//! cheap checks before the full detector: the page's own vocabulary (words
//! that recur across its main-language paragraphs), then a screening
//! detector (the main language against a few same-script rivals). Results below a letter count and confidence are not
//! trusted: such blocks get no language rather than a wrong one.

mod codes;
pub mod evaluation;
pub mod real_pages;
mod memo;
pub mod page_model;
mod relatives;
mod segments;
pub mod strip;
mod vocabulary;

pub use codes::{iso_code, lang_from_code, languages_from_codes};
use relatives::{close_relatives, cyrillic_alphabets_ruling_out, lacks_spelling_of, spelled_apart};
use segments::mixed_language_segments;

use crate::document::Document;
use std::borrow::Cow;
use std::ops::Range;
use strip::{LanguageText, language_text};
use vocabulary::PageVocabulary;
use whatlang::{Detector, Lang, Script};

/// Settings of the language analysis; [`LanguageSettings::default`] holds
/// the calibrated values.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageSettings {
    /// Languages to choose from; `None` means all 70 whatlang languages.
    pub allowlist: Option<Vec<Lang>>,
    /// A detection on fewer letters is not trusted.
    pub min_letters: usize,
    /// A detection with a lower whatlang confidence (a margin, not a
    /// probability) is not trusted.
    pub min_confidence: f64,
    /// A detection of another language than the main one needs at least
    /// this confidence: most blocks of a page are in its main language, and
    /// whatlang's errors on short text (Russian read as Serbian, Spanish as
    /// Portuguese) would otherwise become false segments.
    pub min_foreign_confidence: f64,
    /// Which model decides: the rule chain of this module (the default), or
    /// the page model of issue #17 (`page_model`), opt-in until it is as
    /// good as the chain on the authored set (docs/LANGUAGES.md).
    pub model: LanguageModel,
}

/// The model of a page's languages.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum LanguageModel {
    /// The rule chain described in this module's documentation.
    #[default]
    Rules,
    /// Per-unit trigram evidence decoded over the page with a switch cost
    /// (`page_model`); `allowlist` applies, the chain's trust gates do not.
    Page(page_model::PageModelSettings),
}

impl Default for LanguageSettings {
    fn default() -> Self {
        // Calibrated on tests/data/langs/mixed.jsonl (docs/LANGUAGES.md): at
        // 0.5 / 0.7 / 0.9 foreign confidence, segment recall was 0.93 / 0.91 /
        // 0.87 and false segments per 100 monolingual pages 1.6 / 0.8 / 0.0
        // (today, at 0.7: 0.905 and 0.8).
        LanguageSettings {
            allowlist: None,
            min_letters: 24,
            min_confidence: 0.30,
            min_foreign_confidence: 0.7,
            model: LanguageModel::Rules,
        }
    }
}

/// Blocks with at least this many letters are detected on their own; shorter
/// neighbours are merged into one sample first.
const ALONE_LETTERS: usize = 60;
/// A run that is not clearly the main language is split in halves when it
/// has at least this many times the trust gate's letters (see
/// `LanguageSettings::min_letters`).
const SPLIT_GATES: usize = 4;
/// A merged sample of short blocks is closed once it has this many letters.
/// Measured against 120 (`gleaner langs` on the dev pages, user time best
/// of 3): 0.82 s -> 0.74 s, authored-set recall and false segments
/// unchanged (0.952, 0.8); on the dev pages 4.9k blocks too short to be
/// trusted gained the main language and 1.5k lost it, segments 163 -> 141.
/// Retrained, the default model's 5-fold scores held (content F1 0.839 /
/// 0.938 -> 0.840 / 0.938, macro-F1 0.824 -> 0.823).
const MERGED_LETTERS: usize = 200;
/// whatlang's cost grows with text length; past this many bytes a sample
/// says nothing new about the language.
const SAMPLE_BYTES: usize = 250;
/// Pieces of a block (split at quotation marks, colons, line breaks) shorter
/// than this are folded into their neighbour before detection.
const PIECE_LETTERS: usize = 30;
/// The page's vocabulary is learned from (up to) this many of its longest
/// paragraphs, those detected in the main language. On the dev pages (at a
/// share of 0.4) a vocabulary of 16 paragraphs vouched for 13.5k of 39k
/// samples, one of 8 for 11.8k.
const VOCABULARY_PARAGRAPHS: usize = 16;

/// A language with whatlang's confidence in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DetectedLanguage {
    /// The language.
    pub lang: Lang,
    /// whatlang's confidence: a margin over the runner-up, in 0..=1. For
    /// text the page's own vocabulary recognised as its main language
    /// (without asking whatlang), the share of its words in that vocabulary,
    /// at least 0.3 (see `vocabulary::MIN_SHARE`).
    pub confidence: f64,
    /// The script the text is written in.
    pub script: Script,
}

/// The language of one block.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BlockLanguage {
    /// The detected language, if any detection ran on this block's text.
    pub detected: Option<DetectedLanguage>,
    /// Whether the detection passed the letter and confidence gates.
    pub trusted: bool,
    /// Letters that carry language in the block.
    pub letters: usize,
}

impl BlockLanguage {
    /// The language if trusted: what callers should use.
    pub fn language(&self) -> Option<Lang> {
        self.detected.filter(|_| self.trusted).map(|d| d.lang)
    }
}

/// A stretch of the document in another language than the main one.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The blocks the segment touches.
    pub blocks: Range<usize>,
    /// Byte span in the source text, when blocks have spans.
    pub span: Option<Range<usize>>,
    /// The segment's language.
    pub lang: Lang,
    /// The lowest confidence among the detections that make up the segment.
    pub confidence: f64,
}

/// The language analysis of one document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LanguageReport {
    /// The main language: the trusted language with the most letters.
    pub main: Option<Lang>,
    /// One entry per block.
    pub blocks: Vec<BlockLanguage>,
    /// Mixed-language segments, in document order.
    pub segments: Vec<Segment>,
}

/// A detected piece of a block: its byte range in the block's text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece {
    pub block: usize,
    pub range: Range<usize>,
    pub detected: DetectedLanguage,
}

/// Detects languages in documents. Build it once, use it for many documents.
pub struct LanguageAnalyzer {
    settings: LanguageSettings,
    full: Detector,
    /// whatlang's answers to samples seen on earlier pages.
    memo: memo::Memo,
    /// The page model, when the settings ask for it.
    page_model: Option<page_model::PageModel>,
}

impl Default for LanguageAnalyzer {
    fn default() -> Self {
        LanguageAnalyzer::new(LanguageSettings::default())
    }
}

impl LanguageAnalyzer {
    /// An analyzer with the given settings.
    pub fn new(settings: LanguageSettings) -> LanguageAnalyzer {
        let full = match &settings.allowlist {
            Some(list) => Detector::with_allowlist(list.clone()),
            None => Detector::new(),
        };
        let page_model = match &settings.model {
            LanguageModel::Rules => None,
            LanguageModel::Page(page) => Some(page_model::PageModel::new(
                page.clone(),
                settings.allowlist.clone(),
            )),
        };
        LanguageAnalyzer {
            settings,
            full,
            memo: memo::Memo::default(),
            page_model,
        }
    }

    /// The settings in use.
    pub fn settings(&self) -> &LanguageSettings {
        &self.settings
    }

    /// Detects the language of a short text (a block, a sentence) with the
    /// full detector and the trust gates.
    pub fn detect_text(&self, text: &str) -> BlockLanguage {
        if self.page_model.is_some() {
            let document = Document {
                id: String::new(),
                blocks: vec![crate::document::Block::new(text)],
                metadata: None,
                archive: None,
            };
            return self.analyze(&document).blocks.pop().unwrap_or_default();
        }
        let stripped = language_text(text);
        let detected = self.detect_full(&stripped.text);
        self.gate(detected, stripped.letters, None, false)
    }

    /// Whether a detection is trusted. Text written in another script than
    /// the page's main language, or spelled `apart` from it (with letters it
    /// does not use, see [`spelled_apart`]), is foreign for certain, whatever
    /// whatlang's margin between the candidate languages: it is trusted on
    /// letters alone.
    fn gate(
        &self,
        detected: Option<DetectedLanguage>,
        letters: usize,
        main: Option<Lang>,
        apart: bool,
    ) -> BlockLanguage {
        let trusted = detected.is_some_and(|d| {
            letters >= self.settings.min_letters
                && (d.confidence >= self.settings.min_confidence
                    || ((apart || main.is_some_and(|main| written_apart(main, d.script)))
                        && letters >= CROSS_SCRIPT_LETTERS))
        });
        BlockLanguage {
            detected,
            trusted,
            letters,
        }
    }

    /// Detects the language of `texts` (a block, a run of blocks, a piece):
    /// the page's vocabulary first, then whatlang on `sample`, the texts
    /// joined, built only when the vocabulary does not vouch for them.
    ///
    /// Tried and dropped: a run with a text the vocabulary finds foreign-
    /// looking skipping the screen for the full detector. It found one more
    /// foreign menu in the authored set (a Swedish menu beside a Portuguese
    /// headline, which the screen calls Portuguese), but on the dev pages it
    /// turned English menus into Latin and French segments.
    fn detect_checked<'s>(
        &self,
        texts: &[&str],
        sample: impl FnOnce() -> Cow<'s, str>,
        checks: Option<&PageChecks>,
    ) -> Option<DetectedLanguage> {
        if let Some(vouched) = checks.and_then(|c| c.vouch(texts)) {
            return Some(vouched);
        }
        let sample = sample();
        match self.screen(&sample, checks) {
            Screening::Main(detected) => Some(detected),
            Screening::WeakRival => None,
            Screening::Undecided => self.detect_full(&sample),
        }
    }

    /// What the screen says about `sample`: the main language, a rival
    /// language it is unsure of, or nothing it can decide.
    fn screen(&self, sample: &str, checks: Option<&PageChecks>) -> Screening {
        let Some(checks) = checks else {
            return Screening::Undecided;
        };
        let sample = truncate_at_char(sample, SAMPLE_BYTES);
        // Letters the main language lacks: let the full detector decide,
        // without screening first (whatever the screen said, it was not asked).
        if cyrillic_alphabets_ruling_out(checks.main, sample).is_some()
            || spelled_apart(checks.main, None, sample)
        {
            return Screening::Undecided;
        }
        let Some(detector) = checks
            .screen
            .as_ref()
            .and_then(|screen| screen.detector_for(sample))
        else {
            return Screening::Undecided;
        };
        let Some(info) = self.memo.answer(Some(checks.main), sample, || {
            detector.detect(sample).map(|info| DetectedLanguage {
                lang: info.lang(),
                confidence: info.confidence(),
                script: info.script(),
            })
        }) else {
            return Screening::Undecided;
        };
        // The main language is the screen's final word, however narrow its
        // margin: below the trust gate (`min_confidence`) the block simply
        // gets no language. The full detector, when it was asked here (920
        // times on the dev pages, below a margin of 0.2), answered with a
        // trustworthy language 9 times, all foreign junk on short samples;
        // whatlang's per-language scores do not depend on the allowlist, so
        // it cannot be surer of the main language than the screen. Not
        // asking it: `gleaner langs` on the dev pages 0.74 s -> 0.71 s (user
        // time, best of 3), 14 of 91,111 trusted block languages changed,
        // segments 141 -> 137, authored set unchanged (recall 0.952).
        if info.lang == checks.main {
            return Screening::Main(info);
        }
        if info.confidence < WEAK_RIVAL_CONFIDENCE
            && sample.chars().filter(|c| c.is_alphabetic()).count() < WEAK_RIVAL_LETTERS
        {
            return Screening::WeakRival;
        }
        if names_only(sample) {
            return Screening::WeakRival;
        }
        Screening::Undecided
    }

    /// The full detector, all languages (or the allowlist). When the
    /// sample's letters rule out the language whatlang chose (a Cyrillic
    /// text with ы called Bulgarian), it chooses again among the languages
    /// whose alphabet has them.
    fn detect_full(&self, sample: &str) -> Option<DetectedLanguage> {
        let sample = truncate_at_char(sample, SAMPLE_BYTES);
        self.memo.answer(None, sample, || {
            let info = self.full.detect(sample)?;
            let info = match cyrillic_alphabets_ruling_out(info.lang(), sample) {
                Some(possible) => self.restricted(possible).detect(sample).unwrap_or(info),
                None => info,
            };
            Some(DetectedLanguage {
                lang: info.lang(),
                confidence: info.confidence(),
                script: info.script(),
            })
        })
    }

    /// A detector for `languages`, within the settings' allowlist. An empty
    /// choice leaves the full detector.
    fn restricted(&self, mut languages: Vec<Lang>) -> Detector {
        if let Some(list) = &self.settings.allowlist {
            languages.retain(|lang| list.contains(lang));
        }
        if languages.is_empty() {
            return self.full.clone();
        }
        Detector::with_allowlist(languages)
    }

    /// Analyzes a document: block languages, main language, segments.
    pub fn analyze(&self, document: &Document) -> LanguageReport {
        if let Some(page_model) = &self.page_model {
            return page_model.analyze(document);
        }
        let texts: Vec<LanguageText> = document
            .blocks
            .iter()
            .map(|b| language_text(&b.text))
            .collect();
        let mut blocks: Vec<BlockLanguage> = texts
            .iter()
            .map(|t| BlockLanguage {
                letters: t.letters,
                ..Default::default()
            })
            .collect();
        // Blocks spelled apart from the provisional main language: foreign
        // for certain, whatever whatlang's margin (see `spelled_apart`).
        let mut apart = vec![false; texts.len()];
        let (guess, sources) = self.provisional_main(&texts);
        let provisional = guess.map(|(lang, _)| lang);
        // A first vocabulary from the paragraphs that chose the provisional
        // main language vouches for most of the longest paragraphs below,
        // which whatlang would otherwise screen one by one (`gleaner langs`
        // on the dev pages: 0.99 s -> 0.90 s user time, best of 5; the
        // authored set as before; main language right on 501 of 502 dev
        // pages, was 500).
        let mut checks = provisional.map(|main| PageChecks {
            main,
            script: script_of(main),
            screen: Screen::new(main, &self.settings.allowlist),
            vocabulary: PageVocabulary::learn(sources.iter().map(|&i| texts[i].text.as_str())),
        });

        // The longest paragraphs first: those in the main language teach the
        // page's vocabulary, which then vouches for most other blocks.
        let units = detection_units(&texts);
        let single = (0..units.len()).filter(|&u| units[u].len() == 1).collect();
        let longest = most_letters(
            single,
            |u| texts[units[u].start].letters,
            VOCABULARY_PARAGRAPHS,
        );
        for &u in &longest {
            self.detect_unit(
                &texts,
                &units[u],
                checks.as_ref(),
                None,
                &mut blocks,
                &mut apart,
            );
        }
        if let Some(checks) = checks.as_mut() {
            checks.vocabulary = PageVocabulary::learn(
                longest
                    .iter()
                    .map(|&u| units[u].start)
                    .filter(|&i| blocks[i].language() == Some(checks.main))
                    .map(|i| texts[i].text.as_str()),
            );
        }
        for (u, unit) in units.iter().enumerate() {
            if !longest.contains(&u) {
                self.detect_unit(&texts, unit, checks.as_ref(), None, &mut blocks, &mut apart);
            }
        }
        // Without a trusted block, the guess stands only if whatlang was
        // sure of it: "Hello world. Second block here." is not Dutch.
        let main = main_language(&blocks).or(guess
            .filter(|&(_, confidence)| confidence >= self.settings.min_confidence)
            .map(|(lang, _)| lang));
        if let Some(main) = main {
            // Read as on the page first: a kanji headline whatlang calls
            // Mandarin is Japanese on a Japanese page, and not foreign.
            let apart_from_main = Some(main) == provisional;
            for (block, &apart) in blocks.iter_mut().zip(&apart) {
                if let Some(d) = block.detected.as_mut() {
                    d.lang = as_read_on_page(main, d.lang, block.letters);
                }
                if block.detected.is_some_and(|d| {
                    d.lang != main
                        && d.confidence < self.settings.min_foreign_confidence
                        && !written_apart(main, d.script)
                        && !(apart && apart_from_main)
                }) {
                    block.trusted = false;
                }
            }
        }
        // The checks vouch for the provisional main language only.
        let checks = checks.filter(|c| Some(c.main) == main);
        let pieces = match main {
            Some(main) => self.foreign_pieces(document, &blocks, main, checks.as_ref()),
            None => Vec::new(),
        };
        let segments = main.map_or_else(Vec::new, |main| {
            mixed_language_segments(document, &blocks, &pieces, main)
        });
        LanguageReport {
            main,
            blocks,
            segments,
        }
    }

    /// The language of the three longest blocks, for screening, and those
    /// blocks; the final main language is voted once all blocks are known.
    fn provisional_main(&self, texts: &[LanguageText]) -> (Option<(Lang, f64)>, Vec<usize>) {
        let with_letters = (0..texts.len()).filter(|&i| texts[i].letters > 0).collect();
        let mut order = most_letters(with_letters, |i| texts[i].letters, 3);
        order.truncate(3);
        let mut sample = String::new();
        for &i in &order {
            sample.push_str(truncate_at_char(&texts[i].text, SAMPLE_BYTES));
            sample.push(' ');
        }
        let letters: usize = order.iter().map(|&i| texts[i].letters).sum();
        let main = self
            .full
            .detect(&sample)
            .filter(|_| letters >= self.settings.min_letters)
            .map(|detected| (detected.lang(), detected.confidence()));
        (main, order)
    }

    /// Detects one unit (a long block, or a run of short ones). A merged run
    /// that is not confidently one language is split in halves and retried,
    /// so a foreign menu beside native bylines is still found.
    ///
    /// A half that is too short to be trusted on its own inherits the
    /// language of the run it came from, when that one was trusted: a
    /// Polish menu is recognised as a whole, and its items stay Polish.
    fn detect_unit(
        &self,
        texts: &[LanguageText],
        unit: &Range<usize>,
        checks: Option<&PageChecks>,
        inherited: Option<(BlockLanguage, bool)>,
        out: &mut [BlockLanguage],
        apart: &mut [bool],
    ) {
        let letters: usize = texts[unit.clone()].iter().map(|t| t.letters).sum();
        if letters == 0 {
            return;
        }
        if letters < self.settings.min_letters {
            // Too short to be trusted on its own: whatlang's answer would be
            // thrown away, so it is not asked (it is the slowest step).
            if let Some((parent, parent_apart)) = inherited {
                for i in unit.clone() {
                    out[i] = BlockLanguage {
                        letters: texts[i].letters,
                        trusted: parent.trusted && texts[i].letters > 0,
                        ..parent
                    };
                    apart[i] = parent_apart;
                }
            }
            return;
        }
        let unit_texts: Vec<&str> = texts[unit.clone()]
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        let sample = || Cow::Owned(join_texts(&texts[unit.clone()]));
        let detected = self.detect_checked(&unit_texts, sample, checks);
        // A result in another language than the main one is checked against
        // the unit's whole text (the sample may be cut short).
        let foreign = match (checks, detected) {
            (Some(c), Some(d)) if d.lang != c.main => Some((c.main, d, unit_texts.join(" "))),
            _ => None,
        };
        let mut spelled = foreign.as_ref().is_some_and(|(main, d, text)| {
            d.confidence < self.settings.min_foreign_confidence
                && spelled_apart(*main, Some(d.lang), text)
        });
        let mut gated = self.gate(detected, letters, checks.map(|c| c.main), spelled);
        if gated.trusted
            && let Some((_, d, text)) = &foreign
            && lacks_spelling_of(d.lang, text)
        {
            gated.trusted = false;
        }
        if !gated.trusted
            && let Some((parent, parent_apart)) = inherited
        {
            gated = parent;
            spelled = parent_apart;
        }
        let confidently_main =
            gated.trusted && checks.is_some_and(|c| Some(c.main) == gated.language());
        // Only runs with letters to spare are split: halves of twice the
        // trust gate's letters, then quarters of those, were whatlang calls
        // on samples too short to be trusted foreign (`gleaner langs` on the
        // dev pages: splitting from four gates' letters rather than two,
        // 0.70 s -> 0.65 s user time, best of 5; 464 of 91,111 blocks lost
        // the main language a quarter run had given them, segments
        // 137 -> 130; authored set: one more menu found, recall 0.958).
        if unit.len() > 1 && !confidently_main && letters >= SPLIT_GATES * self.settings.min_letters
        {
            let half = split_by_letters(texts, unit);
            if half > unit.start && half < unit.end {
                let parent = gated.trusted.then_some((gated, spelled));
                self.detect_unit(texts, &(unit.start..half), checks, parent, out, apart);
                self.detect_unit(texts, &(half..unit.end), checks, parent, out, apart);
                return;
            }
        }
        for i in unit.clone() {
            out[i] = BlockLanguage {
                detected: gated.detected,
                trusted: gated.trusted && texts[i].letters > 0,
                letters: texts[i].letters,
            };
            apart[i] = spelled;
        }
    }

    /// Pieces of long main-language blocks that are in another language:
    /// a foreign quotation inside a paragraph, a foreign last line.
    fn foreign_pieces(
        &self,
        document: &Document,
        blocks: &[BlockLanguage],
        main: Lang,
        checks: Option<&PageChecks>,
    ) -> Vec<Piece> {
        let mut found = Vec::new();
        for (index, block) in document.blocks.iter().enumerate() {
            if blocks[index].language() != Some(main)
                || blocks[index].letters < 2 * PIECE_LETTERS
                || block.text.len() > 20_000
            {
                continue;
            }
            let ranges = piece_ranges(&block.text);
            if ranges.len() < 2 {
                continue;
            }
            for range in ranges {
                let stripped = language_text(&block.text[range.clone()]);
                let detected = self.detect_checked(
                    &[&stripped.text],
                    || Cow::Borrowed(&stripped.text),
                    checks,
                );
                let spelled =
                    detected.is_some_and(|d| spelled_apart(main, Some(d.lang), &stripped.text));
                let gated = self.gate(detected, stripped.letters, Some(main), spelled);
                if let Some(d) = gated.detected
                    && gated.trusted
                    && !lacks_spelling_of(d.lang, &stripped.text)
                    && (d.confidence >= self.settings.min_foreign_confidence
                        || written_apart(main, d.script)
                        || spelled
                        || (is_quotation(&block.text, &range)
                            && checks.is_some_and(|c| {
                                c.vocabulary
                                    .as_ref()
                                    .is_some_and(|v| v.shares_almost_nothing(&stripped.text))
                            })))
                    && as_read_on_page(main, d.lang, stripped.letters) != main
                {
                    found.push(Piece {
                        block: index,
                        range,
                        detected: d,
                    });
                }
            }
        }
        found
    }
}

/// A rival language named by the screen below this confidence, on a sample
/// shorter than [`WEAK_RIVAL_LETTERS`], leaves the sample without a
/// language: the full detector is not asked. Measured on the 503 dev pages:
/// of 7.0k full detections, 3.2k followed such a screen, and 38 of those
/// answered with the confidence a foreign language needs (0.7), mostly
/// Latin, Javanese or Catalan for English menus and names. Skipping them:
/// `gleaner langs` on the dev pages 1.10 s -> 0.97 s (user time, best of 5),
/// 13 segments fewer (Catalan, Javanese, Estonian, Turkish … on English and
/// German pages), 56 of 91,111 trusted block languages changed; authored set
/// unchanged (recall 0.952). Longer samples keep the full detector: a Finnish
/// footer on an English page is a weak rival to the screen (which has no
/// Finnish) and a confident Finnish to the full detector.
const WEAK_RIVAL_CONFIDENCE: f64 = 0.3;
/// See [`WEAK_RIVAL_CONFIDENCE`]; letters of the sample.
const WEAK_RIVAL_LETTERS: usize = 60;

/// The screen's verdict on a sample.
enum Screening {
    /// The page's main language (trusted only above the gate's confidence).
    Main(DetectedLanguage),
    /// Another language of the screen, without conviction (or for a run of
    /// names, see [`names_only`]): too little to trust, and the full
    /// detector would not change that.
    WeakRival,
    /// Neither: the full detector decides.
    Undecided,
}

/// What is known of a page before its blocks are detected one by one: its
/// provisional main language and the cheap checks that confirm it.
struct PageChecks {
    main: Lang,
    /// The script the main language is written in.
    script: Script,
    screen: Option<Screen>,
    vocabulary: Option<PageVocabulary>,
}

impl PageChecks {
    /// The main language, when the page's vocabulary vouches for `texts`.
    fn vouch(&self, texts: &[&str]) -> Option<DetectedLanguage> {
        let share = self.vocabulary.as_ref()?.vouches_for(texts)?;
        Some(DetectedLanguage {
            lang: self.main,
            confidence: share,
            script: self.script,
        })
    }
}

/// A cheap detector: the main language against a handful of rivals of the
/// same script. Restricting whatlang to a few languages makes it 3-8x faster
/// (measured: 200 characters, 110 µs with all languages, 14 µs with two).
struct Screen {
    detector: Detector,
    script: Script,
}

impl Screen {
    fn new(main: Lang, allowlist: &Option<Vec<Lang>>) -> Option<Screen> {
        let script = main_script(main)?;
        let rivals: &[Lang] = match script {
            Script::Latin => &[Lang::Eng, Lang::Deu, Lang::Fra, Lang::Spa, Lang::Pol],
            Script::Cyrillic => &[Lang::Rus, Lang::Ukr, Lang::Bul, Lang::Srp],
            _ => return None,
        };
        // The main language's close relatives must be in the screen, or their
        // text (Dutch on a German page) passes as the main language.
        let mut languages: Vec<Lang> = vec![main];
        languages.extend(close_relatives(main).iter().copied());
        languages.extend(rivals.iter().copied());
        let mut unique = Vec::new();
        for lang in languages {
            if !unique.contains(&lang) && allowlist.as_ref().is_none_or(|list| list.contains(&lang))
            {
                unique.push(lang);
            }
        }
        (unique.len() >= 2).then(|| Screen {
            detector: Detector::with_allowlist(unique),
            script,
        })
    }

    /// The screen only applies to text in the main language's script.
    fn detector_for(&self, sample: &str) -> Option<&Detector> {
        (script_of_text(sample) == Some(self.script)).then_some(&self.detector)
    }
}

/// Whether every word of `sample` is capitalised, as in a run of names or
/// a menu ("Dow Jones. Barron's. BigCharts. Factiva. Financial News"):
/// whatlang reads names as random languages, and on the dev pages the full
/// detector called most of the 958 such samples it was asked about French,
/// Spanish, Latin or Catalan (NFL team names Swedish, author names Italian).
/// Such a sample gets no language, as a weak rival does (see
/// `docs/LANGUAGES.md` for what it changed).
fn names_only(sample: &str) -> bool {
    let mut words = crate::text::words_with_apostrophes(sample)
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .peekable();
    words.peek().is_some() && words.all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// A detected language as read on a page in `main`: whatlang calls Japanese
/// without kana (a headline in kanji, a name) Mandarin; on a Japanese page
/// that is Japanese, unless it is too long to be a headline or a name: a
/// Japanese sentence of twenty characters without a single kana particle is
/// rare, a quotation in Chinese is not.
fn as_read_on_page(main: Lang, detected: Lang, letters: usize) -> Lang {
    if main == Lang::Jpn && detected == Lang::Cmn && letters < KANJI_ONLY_LETTERS {
        Lang::Jpn
    } else {
        detected
    }
}

/// Twenty Han characters (counted triple as letters).
const KANJI_ONLY_LETTERS: usize = 60;

/// Text in another script needs this many letters to be trusted on its
/// script alone: fewer are brand names and loanwords ("Facebook" on a
/// Russian page).
const CROSS_SCRIPT_LETTERS: usize = 40;

/// The script a language is written in: the script of its own name.
fn script_of(lang: Lang) -> Script {
    whatlang::detect_script(lang.name()).unwrap_or(Script::Latin)
}

/// Whether text in `script` is in another script than the main language:
/// Japanese mixes kanji, hiragana and katakana, so those count as one.
/// Latin text on a page in another script is not: brand names, handles and
/// English loanwords ("Facebook · Instagram · Login") are written in it
/// everywhere, and whatlang gives them random languages.
fn written_apart(main: Lang, script: Script) -> bool {
    if script == Script::Latin {
        return false;
    }
    fn family(script: Script) -> Script {
        match script {
            Script::Hiragana | Script::Katakana => Script::Mandarin,
            other => other,
        }
    }
    family(script) != family(script_of(main))
}

fn main_script(lang: Lang) -> Option<Script> {
    match lang {
        Lang::Rus | Lang::Ukr | Lang::Bul | Lang::Srp | Lang::Bel | Lang::Mkd => {
            Some(Script::Cyrillic)
        }
        l if whatlang::detect_script(l.name()) == Some(Script::Latin) && l != Lang::Epo => {
            Some(Script::Latin)
        }
        _ => None,
    }
}

/// The script most of `text`'s letters are written in, as
/// `whatlang::detect_script` says. ASCII text is answered without it: its
/// letters are Latin and its other characters count for no script, and
/// whatlang's count over all 25 scripts was 2-3% of `classify` (callgrind, on
/// the dev pages).
fn script_of_text(text: &str) -> Option<Script> {
    if text.is_ascii() {
        return text
            .bytes()
            .any(|b| b.is_ascii_alphabetic())
            .then_some(Script::Latin);
    }
    whatlang::detect_script(text)
}

/// Splits the document into detection units: each block with enough letters
/// alone, runs of shorter blocks merged until they have enough letters
/// together. A run never crosses a change of script.
fn detection_units(texts: &[LanguageText]) -> Vec<Range<usize>> {
    let mut units = Vec::new();
    let mut run_start = None;
    let mut run_letters = 0;
    let mut run_script = None;
    for (i, text) in texts.iter().enumerate() {
        let alone = text.letters >= ALONE_LETTERS;
        // A block detected alone needs no script here (it is the slowest part
        // of this loop, and a paragraph's script is read in full).
        let script = if text.letters > 0 && !alone {
            script_of_text(&text.text)
        } else {
            run_script
        };
        let close_run = alone || (run_start.is_some() && script != run_script);
        if close_run {
            if let Some(start) = run_start.take() {
                units.push(start..i);
            }
            run_letters = 0;
        }
        if alone {
            units.push(i..i + 1);
            continue;
        }
        run_start.get_or_insert(i);
        run_script = script;
        run_letters += text.letters;
        if run_letters >= MERGED_LETTERS {
            units.push(run_start.take().unwrap_or(i)..i + 1);
            run_letters = 0;
        }
    }
    if let Some(start) = run_start {
        units.push(start..texts.len());
    }
    units
}

/// The `count` indices with the most letters, most first, ties in document
/// order. A page has hundreds of blocks and only a few are wanted: selecting
/// them costs less than sorting all.
fn most_letters(
    mut indices: Vec<usize>,
    letters: impl Fn(usize) -> usize,
    count: usize,
) -> Vec<usize> {
    let key = |&i: &usize| (std::cmp::Reverse(letters(i)), i);
    if indices.len() > count {
        indices.select_nth_unstable_by_key(count, key);
        indices.truncate(count);
    }
    indices.sort_unstable_by_key(key);
    indices
}

/// The block index that splits `unit` into two halves of about equal letters.
fn split_by_letters(texts: &[LanguageText], unit: &Range<usize>) -> usize {
    let total: usize = texts[unit.clone()].iter().map(|t| t.letters).sum();
    let mut seen = 0;
    for i in unit.clone() {
        seen += texts[i].letters;
        if seen * 2 >= total {
            return (i + 1).min(unit.end - 1).max(unit.start + 1);
        }
    }
    unit.start + 1
}

fn join_texts(texts: &[LanguageText]) -> String {
    let mut joined = String::new();
    for text in texts {
        if joined.len() >= SAMPLE_BYTES {
            break;
        }
        if !text.text.is_empty() {
            joined.push_str(&text.text);
            joined.push_str(". ");
        }
    }
    joined
}

/// The trusted language with the most letters.
fn main_language(blocks: &[BlockLanguage]) -> Option<Lang> {
    let mut votes: Vec<(Lang, usize)> = Vec::new();
    for block in blocks {
        if let Some(lang) = block.language() {
            match votes.iter_mut().find(|(l, _)| *l == lang) {
                Some((_, n)) => *n += block.letters,
                None => votes.push((lang, block.letters)),
            }
        }
    }
    votes
        .into_iter()
        .max_by_key(|&(lang, n)| (n, std::cmp::Reverse(lang.code())))
        .map(|(lang, _)| lang)
}

/// Byte ranges of a block's pieces: split at line breaks, before opening and
/// after closing quotation marks, and after colons; pieces with too few
/// letters are folded into the previous one.
fn piece_ranges(text: &str) -> Vec<Range<usize>> {
    let mut cuts = vec![0];
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(j, _)| j).unwrap_or(text.len());
        match c {
            '\n' | ':' => cuts.push(next),
            c if crate::text::is_opening_quote(c) => cuts.push(i),
            c if crate::text::is_closing_quote(c) => cuts.push(next),
            _ => {}
        }
    }
    cuts.push(text.len());
    cuts.dedup();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for pair in cuts.windows(2) {
        let range = pair[0]..pair[1];
        let letters = text[range.clone()]
            .chars()
            .filter(|c| c.is_alphabetic())
            .count();
        match ranges.last_mut() {
            Some(last) if letters < PIECE_LETTERS => last.end = range.end,
            _ => ranges.push(range),
        }
    }
    // A short first piece cannot fold backwards: fold it forwards.
    if ranges.len() > 1 {
        let first_letters = text[ranges[0].clone()]
            .chars()
            .filter(|c| c.is_alphabetic())
            .count();
        if first_letters < PIECE_LETTERS {
            let first = ranges.remove(0);
            ranges[0].start = first.start;
        }
    }
    ranges
}

/// Whether a piece of `text` is a quotation: it opens with a quotation
/// mark, or follows one (Swedish and Finnish open with ” too, which the
/// piece cut leaves on the previous piece).
fn is_quotation(text: &str, piece: &Range<usize>) -> bool {
    use crate::text::starts_quotation;
    text[piece.clone()]
        .trim_start()
        .starts_with(starts_quotation)
        || text[..piece.start].trim_end().ends_with(starts_quotation)
}

fn truncate_at_char(text: &str, max: usize) -> &str {
    &text[..text.floor_char_boundary(max)]
}

/// Fewest words in lowercase that text in a cased script (Latin, Cyrillic,
/// Greek) needs to be a segment; in other scripts, fewest letters.
const SEGMENT_LOWERCASE_WORDS: usize = 3;
const SEGMENT_UNCASED_LETTERS: usize = 10;

/// Whether text carries language a reader can see: at least three words
/// written in lowercase (function words, verbs: "Jetzt anmelden" is not
/// enough, "Alle Rechte vorbehalten und geschützt" is), or, in a script
/// without case, ten letters. Names, brands and menus of capitalised words
/// are no language: no detector can tell it, and no reader asks for it.
pub fn carries_language(text: &str) -> bool {
    let mut lowercase_words = 0;
    let mut uncased_letters = 0;
    for word in text.split(|c: char| !c.is_alphabetic()) {
        let Some(first) = word.chars().next() else {
            continue;
        };
        if first.is_lowercase() && word.chars().count() >= 2 {
            lowercase_words += 1;
        } else if !first.is_lowercase() && !first.is_uppercase() {
            uncased_letters += word.chars().count();
        }
    }
    lowercase_words >= SEGMENT_LOWERCASE_WORDS || uncased_letters >= SEGMENT_UNCASED_LETTERS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::document_from_text;

    #[test]
    fn foreign_footer_is_one_segment() {
        let text = "Parliament approved the new budget on Tuesday after a long debate about taxes and spending.\n\n\
            The opposition said the plan would hurt families, while ministers argued it protects public services.\n\n\
            Treść publikowanych artykułów nie odzwierciedla poglądów redakcji, chyba że zostało to wyraźnie zaznaczone.\nKontakt: redakcja@example.pl";
        let report = LanguageAnalyzer::default().analyze(&document_from_text("t", text));
        assert_eq!(report.main, Some(Lang::Eng));
        assert_eq!(report.segments.len(), 1, "{:?}", report.segments);
        assert_eq!(report.segments[0].lang, Lang::Pol);
        assert_eq!(report.segments[0].blocks, 2..3);
    }

    #[test]
    fn a_too_short_page_has_no_main_language_rather_than_a_wrong_one() {
        let report = LanguageAnalyzer::default().analyze(&document_from_text(
            "t",
            "Hello world.\n\nSecond block here.",
        ));
        assert_eq!(report.main, None);
        assert!(report.segments.is_empty());
    }

    #[test]
    fn brand_words_get_no_language() {
        let text = "Facebook\n\nLogin\n\nNewsletter";
        let report = LanguageAnalyzer::default().analyze(&document_from_text("t", text));
        assert!(report.segments.is_empty());
        assert!(
            report.blocks.iter().all(|b| b.language().is_none()),
            "{:?}",
            report.blocks
        );
    }

    #[test]
    fn another_script_is_trusted_whatever_the_margin() {
        let analyzer = LanguageAnalyzer::default();
        let unsure = |lang, script| {
            Some(DetectedLanguage {
                lang,
                confidence: 0.05,
                script,
            })
        };
        // Russian or Bulgarian, whatlang hardly knows; foreign on an
        // English page it certainly is.
        let cyrillic = analyzer.gate(
            unsure(Lang::Bul, Script::Cyrillic),
            45,
            Some(Lang::Eng),
            false,
        );
        assert!(cyrillic.trusted);
        // Too few letters: a name.
        let name = analyzer.gate(
            unsure(Lang::Bul, Script::Cyrillic),
            30,
            Some(Lang::Eng),
            false,
        );
        assert!(!name.trusted);
        // Latin on a Russian page: brand names, not a language.
        let latin = analyzer.gate(unsure(Lang::Lit, Script::Latin), 60, Some(Lang::Rus), false);
        assert!(!latin.trusted);
        // Kana on a Japanese page whose headline is all kanji.
        assert!(!written_apart(Lang::Jpn, Script::Hiragana));
        // Each language's script, from its own name.
        assert_eq!(script_of(Lang::Rus), Script::Cyrillic);
        assert_eq!(script_of(Lang::Ara), Script::Arabic);
        assert_eq!(script_of(Lang::Kor), Script::Hangul);
        assert!(!written_apart(Lang::Rus, Script::Cyrillic));
        assert!(written_apart(Lang::Kor, Script::Mandarin));
    }

    #[test]
    fn latin_brand_names_on_a_cyrillic_page_are_not_a_segment() {
        let text = "Городской совет утвердил новый бюджет во вторник после долгого обсуждения налогов.\n\n\
            Facebook · Instagram · YouTube · LinkedIn · Newsletter · Podcast\n\n\
            Жители района говорят, что ремонт дороги откладывали уже несколько лет подряд.";
        let report = LanguageAnalyzer::default().analyze(&document_from_text("t", text));
        assert_eq!(report.main, Some(Lang::Rus));
        assert!(report.segments.is_empty(), "{:?}", report.segments);
    }

    #[test]
    fn russian_quotation_whatlang_calls_bulgarian_is_russian() {
        // whatlang 0.18 calls this sentence Bulgarian; ё and ы say Russian.
        let analyzer = LanguageAnalyzer::default();
        let detected = analyzer
            .detect_full("Никто нас заранее не предупредил, что театр будет закрыт всё лето.")
            .expect("a language");
        assert_eq!(detected.lang, Lang::Rus);
    }

    #[test]
    fn finnish_footer_on_a_korean_page_is_a_segment() {
        // Latin text on a Korean page is usually brand names; ä and ö in
        // two of its words say it is a language (whatlang: Finnish, 0.15).
        let text = "시의회는 화요일 오랜 논의 끝에 새 예산안을 통과시켰다. 야당은 세금 인상이 가계에 부담을 준다고 비판했다.\n\n\
            주민들은 도로 보수 공사가 몇 년째 미뤄지고 있다며 시청 앞에서 집회를 열었다. 시장은 내년 봄까지 공사를 마치겠다고 약속했다.\n\n\
            Evästeasetukset · Käyttöehdot · Tilaa uutiskirje";
        let report = LanguageAnalyzer::default().analyze(&document_from_text("t", text));
        assert_eq!(report.main, Some(Lang::Kor));
        assert_eq!(report.segments.len(), 1, "{:?}", report.blocks);
        assert_eq!(report.segments[0].lang, Lang::Fin);
    }

    #[test]
    fn runs_of_capitalised_words_are_names() {
        assert!(names_only(
            "Dow Jones. Barron's. BigCharts. Factiva. Financial News"
        ));
        assert!(names_only(
            "Jacksonville | Kansas City | NY Jets | Green Bay"
        ));
        assert!(!names_only("Strona główna. Kontakt. Regulamin"));
        assert!(!names_only("Sign up for our newsletter"));
        assert!(!names_only("2024 | 3,000"));
    }

    #[test]
    fn pieces_split_at_quotes_and_colons() {
        let text = "The minister answered in French, and briefly: « Nous ne céderons jamais sur ce point essentiel. »";
        let ranges = piece_ranges(text);
        assert_eq!(ranges.len(), 2);
        assert!(text[ranges[1].clone()].starts_with('«'));
    }

    #[test]
    fn ascii_script_is_whatlangs() {
        for text in [
            "Home News Sport",
            "12:30 | 2024-05-01 ++",
            "",
            "\u{7f}\u{7f} a",
            "Zażółć gęślą jaźń",
            "Москва news",
        ] {
            assert_eq!(
                script_of_text(text),
                whatlang::detect_script(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn units_merge_short_blocks() {
        let texts: Vec<LanguageText> = ["Home", "News", "Sport", &"long ".repeat(30)]
            .iter()
            .map(|t| language_text(t))
            .collect();
        assert_eq!(detection_units(&texts), vec![0..3, 3..4]);
    }
}
