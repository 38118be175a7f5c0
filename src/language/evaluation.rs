//! Measuring the language analysis against gold data: block languages,
//! mixed-language segments, and the main language.
//!
//! The gold format is the one of `tests/data/langs/mixed.jsonl`: a text, its
//! main language, its blocks' spans and languages, and its segments' spans
//! and languages (see `tests/data/langs/README.md`).

use super::{LanguageAnalyzer, iso_code};
use crate::blocks::document_from_text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One gold document.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDocument {
    /// Unique id.
    pub id: String,
    /// What the document tests (footer, banner, menu, quote, monolingual).
    pub kind: String,
    /// The main language (ISO 639-1).
    pub main: String,
    /// The plain text.
    pub text: String,
    /// Each block's span and language (`None` for blocks without one).
    pub blocks: Vec<GoldSpan>,
    /// The mixed-language segments.
    pub segments: Vec<GoldSpan>,
}

/// A gold byte span with its language.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSpan {
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Language (ISO 639-1) or null.
    pub lang: Option<String>,
}

/// Counts for one group of blocks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BlockCounts {
    /// Blocks with a gold language.
    pub blocks: usize,
    /// Of those, blocks given the right language.
    pub right: usize,
    /// Of those, blocks given no (trusted) language.
    pub abstained: usize,
    /// Blocks without a gold language that got one anyway.
    pub languageless_given_language: usize,
    /// Blocks without a gold language.
    pub languageless: usize,
}

/// The scores of the language analysis on a gold set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LanguageScores {
    /// Documents scored.
    pub documents: usize,
    /// Documents whose main language was right.
    pub main_right: usize,
    /// Gold segments, and those found (same language, overlapping by at least half of the shorter span).
    pub gold_segments: usize,
    /// Gold segments found.
    pub found_segments: usize,
    /// Predicted segments, and those that match a gold segment.
    pub predicted_segments: usize,
    /// Predicted segments that match a gold segment.
    pub correct_segments: usize,
    /// Monolingual documents (no gold segment), and predicted segments in them.
    pub monolingual_documents: usize,
    /// Segments predicted in monolingual documents.
    pub false_segments_in_monolingual: usize,
    /// Block counts per gold language, split into short (< [`LONG_BLOCK_LETTERS`]) and long blocks.
    pub blocks: BTreeMap<String, [BlockCounts; 2]>,
    /// Segment recall per kind of document: (gold, found).
    pub recall_by_kind: BTreeMap<String, (usize, usize)>,
    /// Segment recall per length of the gold segment in bytes
    /// (`40-99`, `100-299`, `300+`): (gold, found).
    pub recall_by_length: BTreeMap<String, (usize, usize)>,
    /// The documents with a wrong main language, a missed or a false segment.
    #[serde(skip)]
    pub errors: Vec<DocumentErrors>,
}

/// What went wrong on one document, for reading the errors one by one.
#[derive(Debug, Clone, Default)]
pub struct DocumentErrors {
    /// The document's id.
    pub id: String,
    /// The document's kind.
    pub kind: String,
    /// Gold main language, and the one found.
    pub main: (String, Option<String>),
    /// Gold segments not found: (start, end, language).
    pub missed: Vec<(usize, usize, String)>,
    /// Predicted segments matching no gold one: (start, end, language).
    pub false_segments: Vec<(usize, usize, String)>,
}

/// Blocks with at least this many letters count as long in the block
/// scores (the bar: 99% of them right).
pub const LONG_BLOCK_LETTERS: usize = 60;

fn length_bucket(bytes: usize) -> &'static str {
    match bytes {
        0..100 => "40-99",
        100..300 => "100-299",
        _ => "300+",
    }
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    let overlap = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let shorter = (a.1 - a.0).min(b.1 - b.0);
    shorter > 0 && overlap * 2 >= shorter
}

/// Scores the analyzer on gold documents.
pub fn evaluate_languages(analyzer: &LanguageAnalyzer, gold: &[GoldDocument]) -> LanguageScores {
    let mut scores = LanguageScores::default();
    for doc in gold {
        let document = document_from_text(doc.id.clone(), &doc.text);
        let report = analyzer.analyze(&document);
        scores.documents += 1;
        scores.main_right += usize::from(report.main.map(iso_code) == Some(doc.main.as_str()));

        let predicted: Vec<((usize, usize), &str)> = report
            .segments
            .iter()
            .filter_map(|s| {
                s.span
                    .as_ref()
                    .map(|r| ((r.start, r.end), iso_code(s.lang)))
            })
            .collect();
        let matches = |g: &GoldSpan, p: &((usize, usize), &str)| {
            g.lang.as_deref() == Some(p.1) && overlaps((g.start, g.end), p.0)
        };
        let mut errors = DocumentErrors {
            id: doc.id.clone(),
            kind: doc.kind.clone(),
            main: (doc.main.clone(), report.main.map(|l| iso_code(l).to_string())),
            ..Default::default()
        };
        for g in &doc.segments {
            let found = predicted.iter().any(|p| matches(g, p));
            let kind = scores.recall_by_kind.entry(doc.kind.clone()).or_default();
            kind.0 += 1;
            kind.1 += usize::from(found);
            let length = scores
                .recall_by_length
                .entry(length_bucket(g.end - g.start).to_string())
                .or_default();
            length.0 += 1;
            length.1 += usize::from(found);
            scores.gold_segments += 1;
            scores.found_segments += usize::from(found);
            if !found {
                let lang = g.lang.clone().unwrap_or_default();
                errors.missed.push((g.start, g.end, lang));
            }
        }
        for p in &predicted {
            if !doc.segments.iter().any(|g| matches(g, p)) {
                errors.false_segments.push((p.0.0, p.0.1, p.1.to_string()));
            }
        }
        if !errors.missed.is_empty()
            || !errors.false_segments.is_empty()
            || errors.main.1.as_deref() != Some(doc.main.as_str())
        {
            scores.errors.push(errors);
        }
        scores.predicted_segments += predicted.len();
        scores.correct_segments += predicted
            .iter()
            .filter(|p| doc.segments.iter().any(|g| matches(g, p)))
            .count();
        if doc.segments.is_empty() {
            scores.monolingual_documents += 1;
            scores.false_segments_in_monolingual += predicted.len();
        }

        for g in &doc.blocks {
            let Some(index) = document
                .blocks
                .iter()
                .position(|b| b.span.as_ref().is_some_and(|s| s.start == g.start))
            else {
                continue;
            };
            let detected = report.blocks[index].language().map(iso_code);
            let letters = document.blocks[index]
                .text
                .chars()
                .filter(|c| c.is_alphabetic())
                .count();
            let key = g.lang.clone().unwrap_or_else(|| "none".into());
            let counts = &mut scores.blocks.entry(key).or_default()
                [usize::from(letters >= LONG_BLOCK_LETTERS)];
            match &g.lang {
                Some(lang) => {
                    counts.blocks += 1;
                    counts.right += usize::from(detected == Some(lang.as_str()));
                    counts.abstained += usize::from(detected.is_none());
                }
                None => {
                    counts.languageless += 1;
                    counts.languageless_given_language += usize::from(detected.is_some());
                }
            }
        }
    }
    scores
}
