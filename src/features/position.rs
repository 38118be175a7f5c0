//! Where a block is: on the page, and against the article's extent (its
//! first and last long paragraphs), which the position families measure.

use super::shape::BlockShape;
use super::sink::FeatureSink;
use super::LanguageRelation;

/// Where the article's long paragraphs are: most headlines sit just before
/// the first one, captions near it, footers after the last one.
pub(super) struct Layout {
    pub(super) count: usize,
    pub(super) first_long: Option<usize>,
    pub(super) last_long: Option<usize>,
}

/// The blocks that are the article's paragraphs. A foreign-language
/// paragraph (the footer of a republisher) does not mark the article's
/// extent: only main-language or unknown ones do.
pub(super) fn article_paragraphs(shapes: &[BlockShape], relations: &[LanguageRelation]) -> Vec<bool> {
    shapes
        .iter()
        .zip(relations)
        .map(|(shape, &relation)| {
            shape.is_long_paragraph() && relation != LanguageRelation::Foreign
        })
        .collect()
}

/// The names of [`Layout::zone`]'s numbers.
pub(super) const ZONES: [&str; 4] = ["before_article", "in_article", "after_article", "no_article"];

impl Layout {
    /// The layout of a document whose article paragraphs are marked in
    /// `paragraphs` ([`article_paragraphs`]).
    pub(super) fn of(paragraphs: &[bool]) -> Layout {
        Layout {
            count: paragraphs.len(),
            first_long: paragraphs.iter().position(|&p| p),
            last_long: paragraphs.iter().rposition(|&p| p),
        }
    }

    /// Where block `i` is: before the first paragraph (0), among the
    /// paragraphs (1), after the last one (2), or on a page without one (3);
    /// named in [`ZONES`].
    pub(super) fn zone(&self, i: usize) -> usize {
        match (self.first_long, self.last_long) {
            (Some(first), Some(last)) => usize::from(i >= first) + usize::from(i > last),
            _ => 3,
        }
    }
}

pub(super) fn add_position(sink: &mut FeatureSink, i: usize, layout: &Layout, weight: f32) {
    sink.add_bucket(kind!("from_start"), count_bucket(i), weight);
    sink.add_bucket(
        kind!("from_end"),
        count_bucket(layout.count - 1 - i),
        weight,
    );
    sink.add_bucket(kind!("relative"), i * 10 / layout.count.max(1), weight);
    match (layout.first_long, layout.last_long) {
        (Some(first), Some(last)) => {
            sink.add_bucket(
                kind!("to_first_long"),
                offset_bucket(i as isize - first as isize),
                weight,
            );
            sink.add_bucket(
                kind!("to_last_long"),
                offset_bucket(i as isize - last as isize),
                weight,
            );
            sink.add_bucket(kind!("zone"), layout.zone(i), weight);
        }
        _ => sink.add(kind!("zone"), "no_long_paragraph", weight),
    }
}

/// 0, 1, 2, 3, 4-6, 7-12, 13-25, 26+.
pub(super) fn count_bucket(n: usize) -> usize {
    match n {
        0..=3 => n,
        4..=6 => 4,
        7..=12 => 5,
        13..=25 => 6,
        _ => 7,
    }
}

/// Signed distance in blocks, exact near zero and coarse further away.
pub(super) fn offset_bucket(d: isize) -> usize {
    let bucket = match d {
        ..=-21 => 0,
        -20..=-6 => 1,
        -5..=-3 => 2,
        -2 => 3,
        -1 => 4,
        0 => 5,
        1 => 6,
        2 => 7,
        3..=5 => 8,
        6..=20 => 9,
        _ => 10,
    };
    bucket as usize
}
