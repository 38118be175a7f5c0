//! Writing results: the cleaned article (text, Markdown, HTML, JSON) and the
//! per-block records used by `classify` and `langs`.

pub mod html;

use crate::document::heading_anchor_start;
use crate::hashing::normalized_hash;
use crate::labels::LabelSet;
use crate::language::{LanguageReport, iso_code};
use crate::pipeline::ClassifiedDocument;
use serde::Serialize;

/// How the cleaned article is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CleanFormat {
    /// Blocks separated by blank lines.
    Text,
    /// Markdown: `#` for the first headline, `##` for later ones (without a
    /// section anchor such as `[edit]` or `¶`), `>` for quotes, italics for
    /// captions.
    Markdown,
    /// One JSON object per document with the kept blocks.
    Json,
    /// A small HTML5 document (see [`html::render_html`]).
    Html,
}

/// The indexes of the blocks a cleaned article prints: blocks whose label is
/// kept, without later copies of a headline already printed (scrapers often
/// repeat the title).
pub fn kept_blocks(doc: &ClassifiedDocument, labels: &LabelSet, keep: &[bool]) -> Vec<usize> {
    // Texts compared by their key (lowercased, spacing aside).
    let mut printed_headlines: Vec<u64> = Vec::new();
    let mut kept = Vec::new();
    for (index, prediction) in doc.predictions.iter().enumerate() {
        if !keep.get(prediction.label).copied().unwrap_or(false) {
            continue;
        }
        if labels.name(prediction.label) == "headline" {
            let key = normalized_hash(&doc.document.blocks[index].text);
            if printed_headlines.contains(&key) {
                continue;
            }
            printed_headlines.push(key);
        }
        kept.push(index);
    }
    kept
}

/// The cleaned article as text, Markdown or HTML (for JSON, see
/// [`document_record`]).
pub fn render_clean(
    doc: &ClassifiedDocument,
    labels: &LabelSet,
    keep: &[bool],
    format: CleanFormat,
) -> String {
    let mut out = String::new();
    write_clean(doc, labels, keep, format, &mut out).expect("a String takes any text");
    out
}

/// [`render_clean`] written into `out` piece by piece: a JSON record's
/// `"text"` of a page of a million blocks is then escaped straight into
/// the output, never held whole (issue #19).
///
/// # Errors
/// The first error of `out`.
pub fn write_clean(
    doc: &ClassifiedDocument,
    labels: &LabelSet,
    keep: &[bool],
    format: CleanFormat,
    out: &mut impl std::fmt::Write,
) -> std::fmt::Result {
    if format == CleanFormat::Html {
        return out.write_str(&html::render_html(doc, labels, keep));
    }
    let mut headlines = 0;
    for (position, index) in kept_blocks(doc, labels, keep).into_iter().enumerate() {
        let text = &doc.document.blocks[index].text;
        if position > 0 {
            out.write_char('\n')?;
        }
        if format == CleanFormat::Markdown {
            match labels.name(doc.predictions[index].label) {
                "headline" => {
                    headlines += 1;
                    out.write_str(if headlines == 1 { "# " } else { "## " })?;
                    // "History[edit]" is a heading and a link that is gone;
                    // a bracket after a sentence ("… in 1890.[citation
                    // needed]") is no anchor, as for the features.
                    let heading =
                        heading_anchor_start(text).map_or(text.as_str(), |end| &text[..end]);
                    out.write_str(&heading.replace('\n', " "))?;
                }
                "quote" => {
                    for (i, line) in text.split('\n').enumerate() {
                        if i > 0 {
                            out.write_char('\n')?;
                        }
                        out.write_str("> ")?;
                        out.write_str(line)?;
                    }
                }
                "caption" => {
                    out.write_char('*')?;
                    out.write_str(&text.replace('\n', " ").replace('*', "\\*"))?;
                    out.write_char('*')?;
                }
                _ => out.write_str(&text.replace('\n', "  \n"))?,
            }
        } else {
            out.write_str(text)?;
        }
        out.write_char('\n')?;
    }
    Ok(())
}

/// One block in JSON output. It borrows from the classified document: a
/// copy of every block's text cost 1% of `classify`.
#[derive(Debug, Clone, Serialize)]
pub struct BlockRecord<'a> {
    /// Index of the block in the document.
    pub index: usize,
    /// Byte offset of the block's start in the input, when known.
    pub start: Option<usize>,
    /// Byte offset of the block's end (exclusive), when known.
    pub end: Option<usize>,
    /// The label.
    pub label: &'a str,
    /// The model's probability of the label; `null` when a page rule set
    /// it (see [`Prediction::probability`](crate::model::Prediction::probability)).
    pub probability: Option<f64>,
    /// The page rule that set the label; absent when the model did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    /// The block's language (ISO 639-1) if detected and trusted.
    pub language: Option<&'static str>,
    /// The HTML element the block came from (`p`, `h1`, `li` …); absent for
    /// plain text, so that its records stay as they were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<&'a str>,
    /// The block element's short DOM path (`body>div.article>p`), so that
    /// a user can see where on the page a block sits; absent for plain text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
    /// The block's text.
    pub text: &'a str,
}

/// A mixed-language segment in JSON output.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentRecord {
    /// First block of the segment.
    pub first_block: usize,
    /// Last block of the segment.
    pub last_block: usize,
    /// Byte offset of the start, when known.
    pub start: Option<usize>,
    /// Byte offset of the end (exclusive), when known.
    pub end: Option<usize>,
    /// The segment's language (ISO 639-1).
    pub language: &'static str,
    /// whatlang's confidence.
    pub confidence: f64,
}

/// The segments of a language report as records.
pub fn segment_records(languages: &LanguageReport) -> Vec<SegmentRecord> {
    languages
        .segments
        .iter()
        .map(|s| SegmentRecord {
            first_block: s.blocks.start,
            last_block: s.blocks.end - 1,
            start: s.span.as_ref().map(|r| r.start),
            end: s.span.as_ref().map(|r| r.end),
            language: iso_code(s.lang),
            confidence: round3(s.confidence),
        })
        .collect()
}

/// A document in JSON output (`classify --format json`, `clean --format json`).
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRecord<'a> {
    /// The document's id (file name, JSONL id, or a WARC record's URL).
    pub id: &'a str,
    /// A WARC record's page: its URL (`WARC-Target-URI`); absent for
    /// files and JSONL lines, whose records stay as they were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// A WARC record's `WARC-Record-ID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warc_record_id: Option<&'a str>,
    /// A WARC record's `WARC-Date`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warc_date: Option<&'a str>,
    /// The main language (ISO 639-1).
    pub language: Option<&'static str>,
    /// Blocks (all for classify, the kept ones for clean).
    pub blocks: BlockRecords<'a>,
    /// Mixed-language segments.
    pub segments: Vec<SegmentRecord>,
}

/// A document's blocks in JSON output: each is made into its
/// [`BlockRecord`] as it is written, so that a page of a million blocks
/// never holds a million records at once.
#[derive(Debug, Clone)]
pub struct BlockRecords<'a> {
    doc: &'a ClassifiedDocument,
    labels: &'a LabelSet,
    indexes: Vec<usize>,
}

impl BlockRecords<'_> {
    /// The indexes of the blocks, in output order.
    pub fn indexes(&self) -> &[usize] {
        &self.indexes
    }
}

impl Serialize for BlockRecords<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.indexes
                .iter()
                .map(|&i| block_record(self.doc, self.labels, i)),
        )
    }
}

/// The record of a classified document, with the blocks at `indexes`.
pub fn document_record<'a>(
    doc: &'a ClassifiedDocument,
    labels: &'a LabelSet,
    indexes: impl IntoIterator<Item = usize>,
) -> DocumentRecord<'a> {
    let archive = doc.document.archive.as_deref();
    DocumentRecord {
        id: &doc.document.id,
        url: archive.and_then(|a| a.url.as_deref()),
        warc_record_id: archive.and_then(|a| a.record_id.as_deref()),
        warc_date: archive.and_then(|a| a.date.as_deref()),
        language: doc.languages.main.map(iso_code),
        blocks: BlockRecords {
            doc,
            labels,
            indexes: indexes.into_iter().collect(),
        },
        segments: segment_records(&doc.languages),
    }
}

/// The record of one block.
pub fn block_record<'a>(
    doc: &'a ClassifiedDocument,
    labels: &'a LabelSet,
    index: usize,
) -> BlockRecord<'a> {
    let block = &doc.document.blocks[index];
    let prediction = &doc.predictions[index];
    BlockRecord {
        index,
        start: block.span.as_ref().map(|s| s.start),
        end: block.span.as_ref().map(|s| s.end),
        label: labels.name(prediction.label),
        probability: prediction.probability.map(round3),
        rule: prediction.rule.map(|rule| rule.name),
        language: doc
            .languages
            .blocks
            .get(index)
            .and_then(|b| b.language())
            .map(iso_code),
        tag: block.evidence.as_ref().map(|e| e.tag.as_str()),
        path: block.evidence.as_ref().map(|e| e.dom_path.as_str()),
        text: &block.text,
    }
}

/// Rounds to three decimals: more digits only add noise to diffs.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, Document};
    use crate::model::Prediction;

    fn classified(blocks: &[(&str, &str)], labels: &LabelSet) -> ClassifiedDocument {
        ClassifiedDocument {
            document: Document {
                id: "test".into(),
                blocks: blocks.iter().map(|(text, _)| Block::new(*text)).collect(),
                metadata: None,
                archive: None,
            },
            languages: LanguageReport::default(),
            predictions: blocks
                .iter()
                .map(|(_, label)| {
                    Prediction::from_model(labels.id(label).expect("a standard label"), Vec::new())
                })
                .collect(),
        }
    }

    #[test]
    fn markdown_drops_a_headings_anchor_but_not_a_sentences_bracket() {
        let labels = LabelSet::standard();
        let doc = classified(
            &[
                ("History[edit]", "headline"),
                ("The town was founded in 1890.[citation needed]", "headline"),
            ],
            &labels,
        );
        let keep = vec![true; labels.len()];
        let markdown = render_clean(&doc, &labels, &keep, CleanFormat::Markdown);
        assert_eq!(
            markdown,
            "# History\n\n## The town was founded in 1890.[citation needed]\n"
        );
    }
}
