//! Blocks → sparse feature vectors for a multinomial naive Bayes.
//!
//! Every feature is a string hashed into `2^hash_bits` buckets: word unigrams
//! and bigrams (Unicode-aware; each CJK character is a token), and structural
//! pseudo-tokens (length, position, case, digits, punctuation, quotation
//! marks, links, repeats, language, neighbours). Context decides most short
//! blocks, so a block also sees coarse features of its neighbours.

use crate::document::{BlockOutline, Document};
use crate::language::LanguageReport;
use serde::{Deserialize, Serialize};

/// The kind of a feature family of [`families`], looked up by name with its
/// hash computed at compile time: `kind!("words")`. A name missing from the
/// table fails the build.
macro_rules! kind {
    ($name:literal) => {
        const { $crate::features::families::Kind::named($name) }
    };
}

mod cohesion;
pub mod families;
mod headings;
mod html;
mod position;
mod shape;
mod sink;
mod tokens;

use families::Kind;
pub use families::{Family, Group, Weight, families, family};
use shape::{BlockShape, FirstChar, Neighbour, log_bucket, share_bucket};
pub use html::{HtmlFeatureSettings, html_document_features, named_html_document_features};
use position::{Layout, add_position, article_paragraphs, count_bucket, offset_bucket};
use sink::FeatureSink;
pub use tokens::word_tokens;

/// How blocks become features. Stored in the model file, so a model is always
/// applied with the settings it was trained with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureSettings {
    /// Features are hashed into `2^hash_bits` buckets.
    pub hash_bits: u8,
    /// Word features of a block add up to at most this weight, so a long
    /// paragraph's words do not drown its structure.
    pub word_mass: f32,
    /// Weight of each structural pseudo-token.
    pub structure_weight: f32,
    /// Weight of each neighbour-context pseudo-token.
    pub context_weight: f32,
    /// Weight of the language features (the block's language against the
    /// document's, alone and with position). A foreign block near the end of
    /// a page is a strong boilerplate cue that the many length and position
    /// features of a long block would otherwise outvote.
    pub language_weight: f32,
    /// Weight of the quotation features (share of the block inside
    /// quotation marks, opening mark): what makes a paragraph a quote.
    pub quotation_weight: f32,
    /// Whether a block's HTML tag is a feature. Off by default: gleaner's
    /// input is plain text, and a model that leans on tags it learned from
    /// HTML-derived training pages fails on text without them. The markup
    /// of pages read from HTML has a factor of its own (`html`).
    pub html_tags: bool,
    /// How the evidence of a page's markup becomes features, for the
    /// model's HTML factor.
    pub html: HtmlFeatureSettings,
}

impl Default for FeatureSettings {
    fn default() -> Self {
        // Measured with 3-fold grouped cross-validation on the corpus and the
        // dev pages (content F1 blocks / chars): word mass 6 against 12 gave
        // 0.812 / 0.916 against 0.811 / 0.904, and 24 was worse than 12;
        // context weight 1.0 was worse than 0.6. The language weight (3 → 8)
        // and the quotation weight (3; 5 scored the same) were raised until a
        // foreign footer and quotation paragraphs were no longer outvoted by
        // the length features of long blocks (the reference article).
        FeatureSettings {
            hash_bits: 16,
            word_mass: 6.0,
            structure_weight: 1.0,
            context_weight: 0.6,
            language_weight: 8.0,
            quotation_weight: 3.0,
            html_tags: false,
            html: HtmlFeatureSettings::default(),
        }
    }
}

impl FeatureSettings {
    /// Number of feature buckets.
    pub fn dimension(&self) -> usize {
        1usize << self.hash_bits
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// Returns an error when a value is out of range.
    pub fn validate(&self) -> crate::Result<()> {
        self.html.validate()?;
        if !(8..=24).contains(&self.hash_bits) {
            return Err(crate::Error::InvalidSetting(format!(
                "hash_bits must be 8..=24, not {}",
                self.hash_bits
            )));
        }
        check_weights(&[
            ("word_mass", self.word_mass),
            ("structure_weight", self.structure_weight),
            ("context_weight", self.context_weight),
            ("language_weight", self.language_weight),
            ("quotation_weight", self.quotation_weight),
        ])
    }
}

/// Checks that every named weight is a finite non-negative number.
///
/// # Errors
/// [`crate::Error::InvalidSetting`] naming the first that is not.
fn check_weights(weights: &[(&str, f32)]) -> crate::Result<()> {
    match weights
        .iter()
        .find(|(_, value)| !(value.is_finite() && *value >= 0.0))
    {
        Some((name, value)) => Err(crate::Error::InvalidSetting(format!(
            "{name} must be a finite non-negative number, not {value}"
        ))),
        None => Ok(()),
    }
}

/// Whether a text is mainly a direct quotation: it opens with a quotation
/// mark and at least half of it is inside quotation marks (any language's).
///
/// ```
/// assert!(gleaner::features::is_mainly_quotation("“We will not stop,” she said. “Never.”"));
/// assert!(!gleaner::features::is_mainly_quotation("She said that they would “never” stop."));
/// ```
pub fn is_mainly_quotation(text: &str) -> bool {
    BlockShape::of(text).is_mainly_quotation()
}

/// A block's features: sorted, distinct bucket indexes with their weights.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SparseFeatures {
    /// (bucket, weight), sorted by bucket.
    pub entries: Vec<(u32, f32)>,
}

/// A feature with its name, for explanations.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedFeature {
    /// The hashed bucket.
    pub bucket: u32,
    /// The weight it adds to the bucket.
    pub weight: f32,
    /// What it is, readably: `word=photo`, `last_char=full_stop`,
    /// `title_like=yes|prev=paragraph|next=paragraph|words=4-7`.
    pub name: String,
    /// The name of its [`Family`].
    pub family: &'static str,
}

/// Computes every block's features.
pub fn document_features(
    document: &Document,
    outlines: &[BlockOutline],
    languages: &LanguageReport,
    settings: &FeatureSettings,
) -> Vec<SparseFeatures> {
    let mut features = Vec::with_capacity(document.blocks.len());
    for_each_document_features(document, outlines, languages, settings, |f| features.push(f));
    features
}

/// Every block's features, each handed to `emit` as soon as it is made, in
/// block order: labelling a page of a million blocks then holds a few
/// numbers per block (what `emit` keeps), not a million feature vectors.
pub fn for_each_document_features(
    document: &Document,
    outlines: &[BlockOutline],
    languages: &LanguageReport,
    settings: &FeatureSettings,
    mut emit: impl FnMut(SparseFeatures),
) {
    compute(document, outlines, languages, settings, false, |features, _| {
        emit(features);
    });
}

/// Every block's features with their names, for explaining
/// a prediction. Slower than [`document_features`]; the features are the same.
pub fn named_document_features(
    document: &Document,
    outlines: &[BlockOutline],
    languages: &LanguageReport,
    settings: &FeatureSettings,
) -> Vec<(SparseFeatures, Vec<NamedFeature>)> {
    let mut named = Vec::with_capacity(document.blocks.len());
    compute(document, outlines, languages, settings, true, |features, names| {
        named.push((features, names.unwrap_or_default()));
    });
    named
}

/// `outlines` are the document's [`Document::block_outlines`]: their text
/// keys say which blocks repeat each other. Each block's features go to
/// `emit` in block order.
fn compute(
    document: &Document,
    outlines: &[BlockOutline],
    languages: &LanguageReport,
    settings: &FeatureSettings,
    with_names: bool,
    mut emit: impl FnMut(SparseFeatures, Option<Vec<NamedFeature>>),
) {
    // First, so that its scratch tables are gone before the shapes are
    // made: a page of a million blocks peaks in this function.
    let repeats = repeat_counts(outlines);
    let shapes: Vec<BlockShape> = document
        .blocks
        .iter()
        .map(|b| BlockShape::of(&b.text))
        .collect();
    let relations: Vec<LanguageRelation> = (0..shapes.len())
        .map(|i| LanguageRelation::of(i, languages))
        .collect();
    let paragraphs = article_paragraphs(&shapes, &relations);
    let layout = Layout::of(&paragraphs);
    let titles_before = title_like_before(outlines, &shapes, &layout);
    let longest_titles = title_length_rank(&shapes, &layout);
    let mut sink = FeatureSink::new(settings, with_names);
    let mut tokens = tokens::TokenArena::default();
    let mut article = cohesion::Article::of(document, &paragraphs, &mut tokens);
    for i in 0..shapes.len() {
            let text = &document.blocks[i].text;
            add_words(&mut sink, &mut tokens, text, settings.word_mass);
            // The overlap needs the tokens of the whole text: the word
            // features' ones, unless the text was cut for them.
            let overlap = article.compares(&shapes[i], paragraphs[i]).then(|| {
                if text.len() > WORD_FEATURE_BYTES {
                    tokens::tokenize_into(text, &mut tokens);
                }
                article.overlap(&tokens)
            });
            let s = settings.structure_weight;
            shapes[i].add_features(text, &mut sink, s);
            add_position(&mut sink, i, &layout, s);
            add_repeat(&mut sink, i, &repeats, s);
            if let Some(rank) = longest_titles.get(i) {
                sink.add_bucket(kind!("title_length_rank"), rank.min(3), s);
            }
            if let Some(before) = titles_before[i] {
                let title_like = usize::from(shapes[i].is_title_like());
                let before = usize::from(before);
                sink.add_parts(kind!("title_like×titles_before"), &[title_like, before], s);
                sink.add_parts(
                    kind!("title_like×titles_before×words"),
                    &[title_like, before, log_bucket(shapes[i].words(), 9)],
                    s,
                );
            }
            if let Some(overlap) = overlap.flatten() {
                sink.add_parts(
                    kind!("article_overlap×title_like×zone"),
                    &[
                        overlap,
                        usize::from(shapes[i].is_title_like()),
                        layout.zone(i),
                    ],
                    s,
                );
            }
            // A section heading: a short title-like line whose neighbours are
            // both paragraphs (naive Bayes cannot join the two neighbours'
            // separate context features).
            let (previous, next) = headings::sandwich(&shapes, i);
            sink.add_parts(
                kind!("title_like×sandwich×words"),
                &[
                    usize::from(shapes[i].is_title_like()),
                    previous,
                    next,
                    log_bucket(shapes[i].words(), 9),
                ],
                s,
            );
            add_language(
                &mut sink,
                i,
                relations[i],
                &layout,
                s,
                settings.language_weight,
            );
            add_conjunctions(
                &mut sink,
                i,
                &shapes[i],
                &layout,
                (usize::from(repeats[i].0), usize::from(repeats[i].1)),
                relations[i],
                s,
                settings.language_weight,
                settings.quotation_weight,
            );
            if let Some(tag) = document.blocks[i]
                .tag
                .as_ref()
                .filter(|_| settings.html_tags)
            {
                sink.add(kind!("tag"), tag, s);
            }
            add_context(&mut sink, i, &shapes, settings.context_weight);
            let (features, names) = sink.finish();
            emit(features, names);
    }
}

/// Word features come from at most this many bytes of a block: the weights
/// are normalized by the token count, so a longer text says nothing new, and
/// a 100 MB single-line file must not need gigabytes of tokens.
const WORD_FEATURE_BYTES: usize = 64 * 1024;

/// Adds the word features of `text`, with `tokens` as the scratch space
/// (reused for every block of a document).
fn add_words(sink: &mut FeatureSink, tokens: &mut tokens::TokenArena, text: &str, word_mass: f32) {
    tokens::tokenize_into(
        &text[..text.floor_char_boundary(WORD_FEATURE_BYTES)],
        tokens,
    );
    let count = tokens.spans.len();
    if count == 0 {
        return;
    }
    let weight = (word_mass / count as f32).min(1.0);
    for i in 0..count {
        sink.add(kind!("word"), tokens.token(i), weight);
    }
    for i in 1..count {
        sink.add_joined(
            kind!("bigram"),
            &[tokens.token(i - 1), " ", tokens.token(i)],
            weight,
        );
    }
}

/// For each block: how often its text occurs in the document before it and
/// after it (the repeated headline, menus printed twice), up to 2: the
/// features read no more. The distinct text keys are a sorted table with a
/// count and a running count each, about 16 bytes a block at most, where
/// two hash maps took about 55 at the peak of a page of a million blocks.
fn repeat_counts(outlines: &[BlockOutline]) -> Vec<(u8, u8)> {
    let mut keys: Vec<u64> = outlines.iter().map(|o| o.text_key).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.shrink_to_fit();
    let slot = |key: u64| keys.binary_search(&key).expect("every key is in the table");
    let mut total = vec![0u32; keys.len()];
    for outline in outlines {
        total[slot(outline.text_key)] += 1;
    }
    let mut seen = vec![0u32; keys.len()];
    let capped = |n: u32| n.min(2) as u8;
    outlines
        .iter()
        .map(|outline| {
            let slot = slot(outline.text_key);
            let before = seen[slot];
            seen[slot] += 1;
            (capped(before), capped(total[slot] - before - 1))
        })
        .collect()
}

/// For blocks before the article's first paragraph: how many distinct
/// title-like lines came before, up to 3 (all the features read). The first
/// one is usually the title; the ones after it (a byline, a kicker, a date)
/// usually are not, even when they look like titles.
fn title_like_before(
    outlines: &[BlockOutline],
    shapes: &[BlockShape],
    layout: &Layout,
) -> Vec<Option<u8>> {
    let first_long = layout.first_long.unwrap_or(shapes.len());
    let mut seen: Vec<u64> = Vec::new();
    (0..shapes.len())
        .map(|i| {
            if i >= first_long {
                return None;
            }
            let before = seen.len().min(3) as u8;
            let key = outlines[i].text_key;
            if shapes[i].is_title_like() && !seen.contains(&key) {
                seen.push(key);
            }
            Some(before)
        })
        .collect()
}

/// For title-like blocks before the article's first paragraph (up to 30
/// blocks before it): their rank by length in words among those blocks, 0
/// for the longest. The title is usually the longest title-like line above
/// the article; menu items and section names are short.
fn title_length_rank(shapes: &[BlockShape], layout: &Layout) -> TitleRanks {
    let Some(first_long) = layout.first_long else {
        return TitleRanks::default();
    };
    let start = first_long.saturating_sub(30);
    let zone: Vec<usize> = (start..first_long)
        .filter(|&i| shapes[i].is_title_like())
        .collect();
    let mut ranks = vec![None; first_long - start];
    for &i in &zone {
        let longer = zone
            .iter()
            .filter(|&&j| shapes[j].words() > shapes[i].words())
            .count();
        ranks[i - start] = Some(longer);
    }
    TitleRanks { start, ranks }
}

/// [`title_length_rank`]'s ranks: only the 30 blocks above the article
/// can have one, so only theirs are kept.
#[derive(Debug, Default)]
struct TitleRanks {
    /// The first block of the ranked zone.
    start: usize,
    ranks: Vec<Option<usize>>,
}

impl TitleRanks {
    fn get(&self, i: usize) -> Option<usize> {
        let index = i.checked_sub(self.start)?;
        self.ranks.get(index).copied().flatten()
    }
}

fn add_repeat(sink: &mut FeatureSink, i: usize, repeats: &[(u8, u8)], weight: f32) {
    let (before, after) = repeats[i];
    sink.add_bucket(kind!("repeated_before"), usize::from(before), weight);
    sink.add_bucket(kind!("repeated_after"), usize::from(after), weight);
}

/// A block's language relative to the document's main language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LanguageRelation {
    Main,
    Foreign,
    Unknown,
}

impl LanguageRelation {
    /// The relations' names, in the order of their numbers.
    const NAMES: [&str; 3] = ["main", "foreign", "unknown"];

    fn of(i: usize, languages: &LanguageReport) -> LanguageRelation {
        match (
            languages.blocks.get(i).and_then(|b| b.language()),
            languages.main,
        ) {
            (Some(lang), Some(main)) if lang == main => LanguageRelation::Main,
            (Some(_), Some(_)) => LanguageRelation::Foreign,
            _ => LanguageRelation::Unknown,
        }
    }
}

fn add_language(
    sink: &mut FeatureSink,
    i: usize,
    relation: LanguageRelation,
    layout: &Layout,
    structure_weight: f32,
    language_weight: f32,
) {
    if relation != LanguageRelation::Foreign {
        sink.add_bucket(kind!("language"), relation as usize, structure_weight);
    } else {
        let weight = language_weight;
        sink.add_bucket(kind!("language"), relation as usize, weight);
        let after_article = layout.last_long.is_none_or(|last| i > last);
        sink.add(
            kind!("foreign_where"),
            if after_article {
                "after_article"
            } else {
                "inside"
            },
            weight,
        );
    }
}

/// Naive Bayes cannot combine features by itself; these pairs and triples
/// carry the interactions that decide the rare labels: a short line without
/// a full stop just before the first paragraph (a headline), a repeated text
/// at the top (the repeated headline) versus further down (menus), a foreign
/// long block after the article (a republisher's footer) versus a quoted one
/// inside it.
#[allow(clippy::too_many_arguments)]
fn add_conjunctions(
    sink: &mut FeatureSink,
    i: usize,
    shape: &BlockShape,
    layout: &Layout,
    repeats: (usize, usize),
    relation: LanguageRelation,
    weight: f32,
    language_weight: f32,
    quotation_weight: f32,
) {
    let to_first = layout
        .first_long
        .map_or(11, |first| offset_bucket(i as isize - first as isize));
    let zone = layout.zone(i);
    let words = log_bucket(shape.words(), 9);
    let end = shape.last as usize;
    let from_end = count_bucket(layout.count - 1 - i);
    let repeated = usize::from(repeats.0 > 0) * 2 + usize::from(repeats.1 > 0);
    let title = share_bucket(shape.title_words(), shape.words().max(1));
    let quoted = share_bucket(shape.quoted_chars(), shape.chars());
    let conjunctions: [(Kind, &[usize]); 5] = [
        (kind!("to_first_long×end×words"), &[to_first, end, words]),
        (kind!("repeated×to_first_long"), &[repeated, to_first]),
        (kind!("title×end×to_first_long"), &[title, end, to_first]),
        (
            kind!("contact×zone×from_end"),
            &[
                usize::from(shape.has_email()) * 2 + usize::from(shape.has_url()),
                zone,
                from_end,
            ],
        ),
        (kind!("sentences×zone"), &[shape.sentence_ends().min(4), zone]),
    ];
    for (kind, parts) in conjunctions {
        sink.add_parts(kind, parts, weight);
    }
    // Quotation is what defines a quote; like a foreign language, it must not
    // be outvoted by the length and position features of a long paragraph.
    // Only a block with quotation marks gets the heavier weight: on the rest
    // this conjunction says no more than length and first letter, and at the
    // quotation weight it outvoted everything else in favour of body (a
    // newsletter prompt after the article was body at 1.000; 3-fold CV,
    // content F1 0.808 -> 0.814 blocks, 0.915 -> 0.917 characters, better on
    // all three dev files; quote F1 0.940 -> 0.928).
    let quotation = quoted > 0 || shape.first == FirstChar::Quote;
    sink.add_parts(
        kind!("quoted×first×words"),
        &[quoted, shape.first as usize, words],
        if quotation { quotation_weight } else { weight },
    );
    sink.add(
        kind!("mainly_quotation"),
        if shape.is_mainly_quotation() {
            "yes"
        } else {
            "no"
        },
        quotation_weight,
    );
    // Only a foreign block's language features get the heavier weight: for
    // the rest they would just repeat what position and length already say.
    let language_weight = if relation == LanguageRelation::Foreign {
        language_weight
    } else {
        weight
    };
    sink.add_parts(
        kind!("language×zone×from_end"),
        &[relation as usize, zone, from_end],
        language_weight,
    );
    sink.add_parts(
        kind!("language×lines"),
        &[relation as usize, shape.lines().min(4)],
        language_weight,
    );
    let near_first = match to_first {
        0..=2 => "well before the first paragraph",
        3..=7 => "near the first paragraph",
        _ => "elsewhere",
    };
    sink.add_joined(
        kind!("tail_shape×position"),
        &[shape.tail_shape().as_str(), "|", near_first],
        weight,
    );
}

fn add_context(sink: &mut FeatureSink, i: usize, shapes: &[BlockShape], weight: f32) {
    if weight == 0.0 {
        return;
    }
    const NEIGHBOURS: [Neighbour; 4] = [
        Neighbour::new("prev", false),
        Neighbour::new("next", false),
        Neighbour::new("prev2", true),
        Neighbour::new("next2", true),
    ];
    let indexes = [i.checked_sub(1), Some(i + 1), i.checked_sub(2), Some(i + 2)];
    for (neighbour, index) in NEIGHBOURS.iter().zip(indexes) {
        match index.and_then(|j| shapes.get(j)) {
            Some(shape) => shape.add_context_features(sink, neighbour, weight),
            None => sink.add(neighbour.kind, "none", weight),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::document_from_text;
    use crate::language::LanguageAnalyzer;

    fn features(text: &str) -> Vec<SparseFeatures> {
        let document = document_from_text("t", text);
        let languages = LanguageAnalyzer::default().analyze(&document);
        document_features(
            &document,
            &document.block_outlines(),
            &languages,
            &FeatureSettings::default(),
        )
    }

    #[test]
    fn entries_are_sorted_distinct_and_in_range() {
        for f in features("Title\n\nA paragraph with some words, and more words.\n\n© 2024 Site") {
            assert!(f.entries.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(
                f.entries
                    .iter()
                    .all(|e| (e.0 as usize) < FeatureSettings::default().dimension() && e.1 > 0.0)
            );
        }
    }

    #[test]
    fn cjk_text_yields_word_features() {
        let f = features("这是一个关于经济的新闻报道。");
        let words = word_tokens("这是一个关于经济的新闻报道。");
        assert!(words.len() >= 10);
        assert!(f[0].entries.len() > 20);
    }

    #[test]
    fn a_repeated_headline_differs_from_its_first_copy() {
        let f = features("Same title\n\nSame title\n\nBody text here.");
        assert_ne!(f[0], f[1]);
    }

    #[test]
    fn the_longest_title_like_line_above_the_article_ranks_first() {
        let paragraph = "The council voted on Tuesday to open the new bridge in spring, \
            after years of debate about its cost, its design and the traffic it would bring into \
            the old town. Residents were divided until the end.";
        let document = document_from_text(
            "t",
            &format!(
                "Latest News\n\nLocal Sport\n\nCouncil Votes to Open the New Bridge in Spring\n\n{paragraph}"
            ),
        );
        let shapes: Vec<BlockShape> = document
            .blocks
            .iter()
            .map(|b| BlockShape::of(&b.text))
            .collect();
        let relations = vec![LanguageRelation::Unknown; shapes.len()];
        let ranks = title_length_rank(
            &shapes,
            &Layout::of(&article_paragraphs(&shapes, &relations)),
        );
        assert_eq!(ranks.get(2), Some(0));
        assert_eq!(ranks.get(0), Some(1));
        assert_eq!(ranks.get(3), None);
    }

    #[test]
    fn settings_are_validated() {
        assert!(FeatureSettings::default().validate().is_ok());
        assert!(
            FeatureSettings {
                hash_bits: 30,
                ..Default::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            FeatureSettings {
                word_mass: f32::NAN,
                ..Default::default()
            }
            .validate()
            .is_err()
        );
    }
}
