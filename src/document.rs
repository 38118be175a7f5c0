//! The data every stage passes on: a [`Document`] is a list of [`Block`]s.
//! Blocks do not care where they came from (plain text, JSONL, later HTML):
//! a block carries its text, its byte span in the source when known, and
//! optionally the HTML tag it came from and the HTML evidence about it.

use std::ops::Range;

mod evidence;

pub use evidence::{
    AncestorFlags, DOM_PATH_STEPS, HtmlEvidence, MAX_TOKENS, PageMetadata, push_tokens,
};

/// One block of an article: a paragraph, a heading, a menu item, a footer.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The block's text: its lines, trimmed, joined by `\n`.
    pub text: String,
    /// Byte span of the block in the source text, end exclusive, when known.
    pub span: Option<Range<usize>>,
    /// The HTML element the block came from, when known.
    pub tag: Option<String>,
    /// What the HTML says about the block (`None` for plain text).
    pub evidence: Option<Box<HtmlEvidence>>,
}

impl Block {
    /// A block with text only.
    pub fn new(text: impl Into<String>) -> Block {
        Block {
            text: text.into(),
            span: None,
            tag: None,
            evidence: None,
        }
    }
}

/// A document: an id (file name, JSONL id) and its blocks in page order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Where the document came from: a file path, `<stdin>`, or a JSONL id.
    pub id: String,
    /// The blocks, in page order.
    pub blocks: Vec<Block>,
    /// The page's title metadata (`None` for plain text).
    pub metadata: Option<Box<PageMetadata>>,
    /// The web-archive record the page came from (`None` for a file or a
    /// JSONL line), so that every result names its page.
    pub archive: Option<Box<ArchiveRecord>>,
}

/// Where a page read from a web archive (WARC or WET) came from: its
/// record's headers that name it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArchiveRecord {
    /// The page's URL (`WARC-Target-URI`).
    pub url: Option<String>,
    /// The record's id (`WARC-Record-ID`, `<urn:uuid:…>`).
    pub record_id: Option<String>,
    /// When the page was fetched (`WARC-Date`, ISO 8601).
    pub date: Option<String>,
}

impl Document {
    /// Each block's outline: what decoding reads of it besides its label
    /// scores (the features read its text key too).
    pub fn block_outlines(&self) -> Vec<BlockOutline> {
        self.blocks
            .iter()
            .map(|b| BlockOutline::of(&b.text))
            .collect()
    }
}

/// What decoding reads of a block besides its label scores; the features
/// read its text key, so that each block's text is hashed once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BlockOutline {
    /// Length in characters: what character-weighted scores and the
    /// article's extent in decoding count.
    pub chars: usize,
    /// Short ([`HEADING_WORDS`] words at most) and not ending like a
    /// sentence or a clause: it could be a section heading.
    pub heading_shaped: bool,
    /// Heading-shaped and followed by a section anchor (see
    /// [`section_anchor_start`]): a heading for certain, wherever it sits.
    pub anchored: bool,
    /// The hash of the block's lowercased words: blocks with the same key
    /// have the same text, whatever its case and spacing.
    pub text_key: u64,
}

/// A section heading has at most this many words. On readability-en (two
/// halves, each labeled by a model trained without it), the heading rescue
/// at a margin of 8 nats scored headline F1 0.459 limited to 8 words, 0.438
/// to 12, 0.416 to 16 and 0.412 to 24.
pub const HEADING_WORDS: usize = 8;

impl BlockOutline {
    /// The outline of a block's text.
    pub fn of(text: &str) -> BlockOutline {
        let anchor = section_anchor_start(text);
        let heading_shaped = is_heading_shaped(anchor.map_or(text, |start| &text[..start]));
        BlockOutline {
            chars: text.chars().count(),
            heading_shaped,
            anchored: heading_shaped && anchor.is_some(),
            text_key: crate::hashing::normalized_hash(text),
        }
    }
}

/// Where a heading's section anchor starts: [`section_anchor_start`] for a
/// block whose text before the anchor is shaped like a heading (the block is
/// [`BlockOutline::anchored`]). A bracket after a sentence ("… founded in
/// 1890.[citation needed]") is no anchor.
pub fn heading_anchor_start(text: &str) -> Option<usize> {
    section_anchor_start(text).filter(|&start| is_heading_shaped(&text[..start]))
}

/// Short ([`HEADING_WORDS`] words at most), with a letter, and not ending
/// like a sentence or a clause in any script (a question may be a heading).
fn is_heading_shaped(heading: &str) -> bool {
    let words = heading.split_whitespace().take(HEADING_WORDS + 1).count();
    (1..=HEADING_WORDS).contains(&words)
        && !crate::text::ends_like_a_sentence_or_clause(heading)
        && heading.chars().any(char::is_alphabetic)
}

/// Where a block's trailing section anchor starts, if it has one: the
/// permalink sign that documentation generators put after a heading
/// ("Setting up¶", "Current status #") or a wiki's section edit link
/// (`History[edit]`, `Geschichte[Bearbeiten | Quelltext bearbeiten]`),
/// which text renderings of such pages keep. Only headings carry them, and
/// they hide the heading's own last character.
///
/// An edit link is recognised by its form, not its words, so that it is
/// found in any language: a bracketed group of at most three words per
/// `|`-separated part, letters and abbreviation dots only (`[ред. | ред.
/// код]`; a footnote mark such as `[1]` or `[note 2]` has digits).
pub fn section_anchor_start(text: &str) -> Option<usize> {
    let trimmed = text.trim_end();
    let start = if let Some(rest) = trimmed.strip_suffix('¶') {
        rest.len()
    } else if let Some(rest) = trimmed.strip_suffix('#') {
        // "Current status #", not "C#".
        rest.ends_with(char::is_whitespace).then_some(rest.len())?
    } else {
        let rest = trimmed.strip_suffix(']')?;
        let open = rest.rfind('[')?;
        let link = &rest[open + 1..];
        let is_edit_link = (1..=40).contains(&link.chars().count())
            && link.split('|').all(|part| {
                (1..=3).contains(&part.split_whitespace().count())
                    && part
                        .chars()
                        .all(|c| c.is_alphabetic() || c.is_whitespace() || c == '.')
            });
        is_edit_link.then_some(open)?
    };
    let heading = text[..start].trim_end();
    heading
        .chars()
        .any(char::is_alphabetic)
        .then_some(heading.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_short_and_do_not_end_like_sentences() {
        assert!(BlockOutline::of("Identifying Anomalies").heading_shaped);
        assert!(BlockOutline::of("So, where does the money go?").heading_shaped);
        assert!(BlockOutline::of("Les résultats").heading_shaped);
        assert!(!BlockOutline::of("It rained.").heading_shaped);
        assert!(!BlockOutline::of("Read more…").heading_shaped);
        assert!(!BlockOutline::of("Here is how:").heading_shaped);
        assert!(!BlockOutline::of("2, 3, 5, 12").heading_shaped);
        assert!(!BlockOutline::of("one two three four five six seven eight nine").heading_shaped);
        assert!(!BlockOutline::of("会议于周一在北京举行。").heading_shaped);
        assert!(!BlockOutline::of("“You’re so weird.”").heading_shaped);
        assert!(!BlockOutline::of("[Alden: That time I was.]").heading_shaped);
        assert!(BlockOutline::of("“Job Simulator” ($30)").heading_shaped);
        assert_eq!(BlockOutline::of("Zürich").chars, 6);
    }

    /// The outline's own list of sentence ends missed the full stops of
    /// other scripts, which the block shape knew: a short Hindi, Urdu,
    /// Armenian or Ethiopic sentence was a heading.
    #[test]
    fn short_sentences_of_other_scripts_are_not_heading_shaped() {
        for sentence in [
            "यह एक वाक्य है।",
            "এটি একটি বাক্য।",
            "یہ ایک جملہ ہے۔",
            "Սա նախադասություն է։",
            "ይህ ዓረፍተ ነገር ነው።",
            "ဒါက စာကြောင်း ဖြစ်သည်။",
            "នេះ ជា ប្រយោគ។",
            "འདི་ ཚིག་གྲུབ་ ཡིན།",
            "قال الوزير،",
            "„Das war es.“",
        ] {
            assert!(!BlockOutline::of(sentence).heading_shaped, "{sentence}");
        }
        for heading in ["मुख्य समाचार", "اہم خبریں", "ما هو الثمن؟"]
        {
            assert!(BlockOutline::of(heading).heading_shaped, "{heading}");
        }
    }

    #[test]
    fn section_anchors_mark_headings() {
        for heading in [
            "History[edit]",
            "Geschichte[Bearbeiten | Quelltext bearbeiten]",
            "Setting up¶",
            "Current status #",
            "Historia [edytuj | edytuj kod]",
            "Історія[ред. | ред. код]",
            "歴史[編集]",
        ] {
            let outline = BlockOutline::of(heading);
            assert!(outline.heading_shaped && outline.anchored, "{heading}");
        }
        assert_eq!(section_anchor_start("History[edit]"), Some(7));
        assert_eq!(section_anchor_start("Current status #"), Some(14));
        assert_eq!(heading_anchor_start("History[edit]"), Some(7));
        assert_eq!(
            heading_anchor_start("It was founded in 1998.[citation needed]"),
            None
        );
        for text in [
            "Learn C#",
            "Values[1]",
            "See the notes [note 2]",
            "[edit]",
            "¶",
            "It was founded in 1998.[citation needed]",
        ] {
            assert!(!BlockOutline::of(text).anchored, "{text}");
        }
    }
}
