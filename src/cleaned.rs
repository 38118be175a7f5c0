//! A cleaned page: every block with its label, probability and language, the
//! page's main language and its mixed-language segments, and the cleaned
//! article as text, Markdown, HTML or JSON. Returned by [`crate::Cleaner::clean`]
//! and [`crate::Cleaner::clean_html`].

use crate::html::DecodeReport;
use crate::labels::LabelSet;
use crate::language::iso_code;
use crate::output::{CleanFormat, document_record, kept_blocks, render_clean};
use crate::pipeline::ClassifiedDocument;
use std::ops::Range;
use std::sync::Arc;

/// A block's label. Models trained on gleaner's taxonomy use the five named
/// labels; a model trained with a label set of its own
/// (`gleaner train --labels …`) gives its other names as [`Label::Custom`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Label<'a> {
    /// The article's title and its section headings.
    Headline,
    /// Text describing an image, figure or video, photo credits included.
    Caption,
    /// The article's running paragraphs and list items.
    Body,
    /// A blockquote, pull quote, embedded post, or a paragraph that is mainly
    /// a direct quotation.
    Quote,
    /// Everything else: navigation, bylines, share and cookie text, related
    /// links, comments, ads, legal and site footers.
    Boilerplate,
    /// A label of a custom label set, by name.
    Custom(&'a str),
}

impl<'a> Label<'a> {
    /// The label with this name: one of the five standard labels, or a custom one.
    ///
    /// ```
    /// use gleaner::Label;
    /// assert_eq!(Label::from_name("caption"), Label::Caption);
    /// assert_eq!(Label::from_name("teaser"), Label::Custom("teaser"));
    /// ```
    pub fn from_name(name: &'a str) -> Label<'a> {
        match name {
            "headline" => Label::Headline,
            "caption" => Label::Caption,
            "body" => Label::Body,
            "quote" => Label::Quote,
            "boilerplate" => Label::Boilerplate,
            other => Label::Custom(other),
        }
    }

    /// The label's name, as in the JSON output and the training data.
    pub fn as_str(&self) -> &'a str {
        match self {
            Label::Headline => "headline",
            Label::Caption => "caption",
            Label::Body => "body",
            Label::Quote => "quote",
            Label::Boilerplate => "boilerplate",
            Label::Custom(name) => name,
        }
    }

    /// Whether this is boilerplate, the label a cleaned article drops by default.
    pub fn is_boilerplate(&self) -> bool {
        *self == Label::Boilerplate
    }
}

impl std::fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// What a [`crate::Cleaner`] shares with every page it cleans: the model's
/// label set and which labels the cleaned article keeps.
#[derive(Debug)]
pub(crate) struct LabelChoice {
    pub(crate) labels: LabelSet,
    /// Per label id: whether the cleaned article keeps it.
    pub(crate) keep: Vec<bool>,
}

/// A page after cleaning. Its [`blocks`](Cleaned::blocks) are all the
/// page's blocks, boilerplate included, in page order; [`Cleaned::to_text`],
/// [`Cleaned::to_markdown`] and [`Cleaned::to_html`] write the kept ones.
#[derive(Debug, Clone)]
pub struct Cleaned {
    classified: ClassifiedDocument,
    choice: Arc<LabelChoice>,
    /// How an HTML page's bytes were decoded (`None` for text).
    decode: Option<DecodeReport>,
}

impl Cleaned {
    pub(crate) fn new(classified: ClassifiedDocument, choice: Arc<LabelChoice>) -> Cleaned {
        Cleaned {
            classified,
            choice,
            decode: None,
        }
    }

    /// The page, noting how its HTML bytes were decoded.
    pub(crate) fn with_decode(mut self, report: DecodeReport) -> Cleaned {
        self.decode = Some(report);
        self
    }

    /// The encoding an HTML page was read in, by its WHATWG name (`UTF-8`,
    /// `windows-1251`, `Shift_JIS` …); `None` for plain text.
    pub fn encoding(&self) -> Option<&str> {
        self.decode.as_ref().map(|report| report.encoding.as_str())
    }

    /// Whether some of an HTML page's bytes were malformed in its encoding
    /// and became U+FFFD: the text is not quite what the page said, and the
    /// encoding may be wrong (see [`crate::Cleaner::clean_html_with_charset`]).
    /// Always `false` for plain text, which [`crate::Cleaner::clean`] takes
    /// already decoded.
    pub fn had_replacements(&self) -> bool {
        self.decode
            .as_ref()
            .is_some_and(|report| report.had_replacements)
    }

    /// The page's main language as an ISO 639-1 code (`"en"`), or `None`
    /// when the page has too few letters to tell.
    pub fn main_language(&self) -> Option<&'static str> {
        self.classified.languages.main.map(iso_code)
    }

    /// Every block of the page, in page order.
    pub fn blocks(&self) -> impl ExactSizeIterator<Item = Block<'_>> {
        (0..self.classified.predictions.len()).map(|index| self.block_at(index))
    }

    /// The block at `index`, if there is one.
    pub fn block(&self, index: usize) -> Option<Block<'_>> {
        (index < self.classified.predictions.len()).then(|| self.block_at(index))
    }

    /// The blocks the cleaned article prints: those with a kept label, without
    /// the later copies of a headline already printed (scrapers often repeat
    /// the title).
    pub fn kept_blocks(&self) -> impl Iterator<Item = Block<'_>> {
        kept_blocks(&self.classified, &self.choice.labels, &self.choice.keep)
            .into_iter()
            .map(|index| self.block_at(index))
    }

    /// The stretches of the page written in another language than the main
    /// one (a Polish footer under an English article), in page order.
    pub fn segments(&self) -> impl ExactSizeIterator<Item = LanguageSegment> + '_ {
        self.classified
            .languages
            .segments
            .iter()
            .map(|segment| LanguageSegment {
                blocks: segment.blocks.clone(),
                span: segment.span.clone(),
                language: iso_code(segment.lang),
                confidence: segment.confidence,
            })
    }

    /// The cleaned article as plain text: the kept blocks, one blank line apart.
    pub fn to_text(&self) -> String {
        self.render(CleanFormat::Text)
    }

    /// The cleaned article as Markdown: `#` for the title, `##` for later
    /// headlines, `>` for quotes, italics for captions.
    pub fn to_markdown(&self) -> String {
        self.render(CleanFormat::Markdown)
    }

    /// The cleaned article as a small HTML5 document (`clean --format
    /// html`): `<html lang>` with the main language when known, the first
    /// headline as `<title>` and `<h1>`, later headlines as `<h2>`, body text
    /// as `<p>` (list items from an `li` element grouped in a `<ul>`, a `pre`
    /// element's text as `<pre>`), quotes as `<blockquote>`, captions as
    /// `<figure><figcaption>`, and other labels as `<p data-label="NAME">`. A
    /// block in another language than the page's carries its own `lang`.
    ///
    /// ```
    /// let cleaner = gleaner::Cleaner::default();
    /// let page = cleaner.clean(
    ///     "Night trains return to the coast line\n\n\
    ///      Subscribe to our newsletter | Privacy & cookies\n\n\
    ///      The regional rail company will run a sleeper train between the \
    ///      capital and the coast from May, the first night service on the \
    ///      line since the old carriages were retired eleven years ago.",
    /// )?;
    /// let html = page.to_html();
    /// assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    /// assert!(html.contains("<title>Night trains return to the coast line</title>"));
    /// assert!(html.contains("<p>The regional rail company will run"));
    /// assert!(!html.contains("newsletter"));
    /// # Ok::<(), gleaner::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        self.render(CleanFormat::Html)
    }

    /// The cleaned article as one JSON object (`clean --format json`): the
    /// id, the main language, the kept blocks with their labels,
    /// probabilities, languages and spans, and the segments.
    pub fn to_json(&self) -> String {
        let labels = &self.choice.labels;
        let indexes = kept_blocks(&self.classified, labels, &self.choice.keep);
        let record = document_record(&self.classified, labels, indexes);
        serde_json::to_string(&record).expect("a record of strings and numbers serializes")
    }

    /// The labeled document underneath, for the binary and for tools that
    /// need every stage's output.
    #[cfg(feature = "internals")]
    pub fn classified(&self) -> &ClassifiedDocument {
        &self.classified
    }

    fn render(&self, format: CleanFormat) -> String {
        render_clean(
            &self.classified,
            &self.choice.labels,
            &self.choice.keep,
            format,
        )
    }

    fn block_at(&self, index: usize) -> Block<'_> {
        Block { index, page: self }
    }
}

/// One block of a [`Cleaned`] page.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    index: usize,
    page: &'a Cleaned,
}

impl<'a> Block<'a> {
    /// The block's position on the page, from 0.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The block's label.
    pub fn label(&self) -> Label<'a> {
        let id = self.page.classified.predictions[self.index].label;
        Label::from_name(self.page.choice.labels.name(id))
    }

    /// The block's text: its lines, trimmed, joined by `\n`.
    pub fn text(&self) -> &'a str {
        &self.page.classified.document.blocks[self.index].text
    }

    /// The model's probability for the block's label, from 0 to 1, or
    /// `None` when a page rule set the label (see [`Block::rule`]): the
    /// model's posterior for a label it did not choose says nothing of how
    /// often the rule is right.
    pub fn probability(&self) -> Option<f64> {
        self.page.classified.predictions[self.index].probability
    }

    /// The page rule that set the block's label (`section-headings`,
    /// `article-extent`, `missed-title`, `headline-copy`), if one did.
    pub fn rule(&self) -> Option<&'static str> {
        self.page.classified.predictions[self.index]
            .rule
            .map(|rule| rule.name)
    }

    /// The block's language as an ISO 639-1 code, or `None` when it is too
    /// short or too mixed to tell.
    pub fn language(&self) -> Option<&'static str> {
        self.page
            .classified
            .languages
            .blocks
            .get(self.index)
            .and_then(|b| b.language())
            .map(iso_code)
    }

    /// The block's byte range in the text given to [`crate::Cleaner::clean`];
    /// for an HTML page, in its plain-text rendering (the blocks one blank
    /// line apart), not in the HTML source.
    pub fn span(&self) -> Option<Range<usize>> {
        self.page.classified.document.blocks[self.index]
            .span
            .clone()
    }

    /// The HTML element the block came from (`p`, `h2`, `li`, `figcaption`
    /// …), or `None` for plain text.
    pub fn tag(&self) -> Option<&'a str> {
        self.evidence().map(|evidence| evidence.tag.as_str())
    }

    /// Where the block sits on its HTML page: its element's block-level
    /// ancestors below `<html>`, each as `tag`, `tag.firstclass` or
    /// `tag#id`, joined by `>` (`body>div.article>p`; long paths keep their
    /// innermost steps), or `None` for plain text. It shows why a block
    /// went where it did: a paragraph under `footer` or `nav` is rarely the
    /// article.
    pub fn dom_path(&self) -> Option<&'a str> {
        self.evidence().map(|evidence| evidence.dom_path.as_str())
    }

    fn evidence(&self) -> Option<&'a crate::html::HtmlEvidence> {
        self.page.classified.document.blocks[self.index]
            .evidence
            .as_deref()
    }

    /// Whether the cleaned article keeps the block's label.
    pub fn is_kept(&self) -> bool {
        let id = self.page.classified.predictions[self.index].label;
        self.page.choice.keep[id]
    }
}

/// A stretch of consecutive blocks written in another language than the
/// page's main one.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageSegment {
    blocks: Range<usize>,
    span: Option<Range<usize>>,
    language: &'static str,
    confidence: f64,
}

impl LanguageSegment {
    /// The indexes of its blocks.
    pub fn blocks(&self) -> Range<usize> {
        self.blocks.clone()
    }

    /// Its byte range in the cleaned text's source, when the blocks have spans.
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }

    /// Its language as an ISO 639-1 code.
    pub fn language(&self) -> &'static str {
        self.language
    }

    /// How sure the language detector is: the margin of its best language
    /// over the runner-up, from 0 to 1 (not a probability).
    pub fn confidence(&self) -> f64 {
        self.confidence
    }
}
