//! Document-level cues for section headings that a block's own shape and
//! its neighbours' separate context features cannot express: naive Bayes
//! sees "the previous block is a paragraph" and "the next block is a
//! paragraph" as two independent facts, while a heading inside an article is
//! defined by both at once.

use super::shape::BlockShape;

/// The names of [`neighbour_kind`]'s numbers.
pub(super) const NEIGHBOUR_KINDS: [&str; 4] = ["edge", "paragraph", "sentence", "short"];

/// What a neighbour of a possible heading is, coarsely: none (the page's
/// edge), an article paragraph, a shorter sentence, or a short line (a menu
/// item, another heading).
fn neighbour_kind(shape: Option<&BlockShape>) -> usize {
    match shape {
        None => 0,
        Some(s) if s.is_long_paragraph() => 1,
        Some(s) if s.sentence_ends() >= 1 && s.words() >= 8 => 2,
        Some(_) => 3,
    }
}

/// For block `i`: the kinds of its previous and next neighbours. A short
/// title-like line between two paragraphs is a section heading; the same
/// line between menu items is navigation.
pub(super) fn sandwich(shapes: &[BlockShape], i: usize) -> (usize, usize) {
    let previous = neighbour_kind(i.checked_sub(1).and_then(|j| shapes.get(j)));
    let next = neighbour_kind(shapes.get(i + 1));
    (previous, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(texts: &[&str]) -> Vec<BlockShape> {
        texts.iter().map(|t| BlockShape::of(t)).collect()
    }

    const PARAGRAPH: &str = "This paragraph has enough words to count as the running text of an \
        article, with a full stop at the end of its only sentence and a few more words.";

    #[test]
    fn a_heading_between_paragraphs_is_sandwiched() {
        let s = shapes(&[PARAGRAPH, "A Section Heading", PARAGRAPH]);
        assert_eq!(sandwich(&s, 1), (1, 1));
        // The first block has no previous neighbour; its next one is a short line.
        assert_eq!(sandwich(&s, 0), (0, 3));
    }

    #[test]
    fn a_short_sentence_is_not_a_paragraph() {
        let s = shapes(&[
            "A Section Heading",
            "It rained all day on Monday in the north.",
            "Home",
        ]);
        // The short sentence is kind 2 seen from the heading, and its own
        // neighbours are short lines.
        assert_eq!(sandwich(&s, 0), (0, 2));
        assert_eq!(sandwich(&s, 1), (3, 3));
    }

    #[test]
    fn a_menu_item_between_menu_items_is_not() {
        let s = shapes(&["Home", "News", "Sport"]);
        assert_eq!(sandwich(&s, 1), (3, 3));
    }
}
