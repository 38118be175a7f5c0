//! [`Cleaner`], the front door: a model and a language analyzer, ready to
//! clean many pages (it is `Send + Sync`; share one across threads).

use crate::cleaned::{Cleaned, Label, LabelChoice};
use crate::error::{Error, Result};
use crate::html::{HtmlOptions, read_html};
use crate::language::{LanguageAnalyzer, LanguageSettings, languages_from_codes};
use crate::model::Model;
use crate::pipeline::Pipeline;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Cleans pages: splits each into blocks, finds their languages and gives
/// every block a label.
///
/// ```
/// let cleaner = gleaner::Cleaner::default(); // the embedded model
/// let page = cleaner.clean(
///     "Budget passes after long night\n\nBy Jane Doe | Share on Facebook\n\n\
///      Parliament approved the budget on Tuesday after a debate that lasted \
///      through the night, with the opposition voting against every amendment \
///      proposed by the government.",
/// )?;
/// assert_eq!(page.main_language(), Some("en"));
/// for block in page.blocks() {
///     println!("{:<12} {:?} {:?} {}", block.label(), block.probability(), block.language(), block.text());
/// }
/// assert!(page.to_text().starts_with("Budget passes"));
/// assert!(!page.to_text().contains("Share on Facebook"));
/// # Ok::<(), gleaner::Error>(())
/// ```
pub struct Cleaner {
    pub(crate) pipeline: Pipeline,
    choice: Arc<LabelChoice>,
}

impl Default for Cleaner {
    /// The cleaner with the model embedded in gleaner and all 70 languages.
    fn default() -> Cleaner {
        // The embedded model is compiled in and loaded by the test suite, so
        // this can only fail on a broken build.
        let model = Model::embedded_default().expect("the embedded model loads");
        Cleaner::from_parts(model, LanguageAnalyzer::default(), None)
            .expect("the embedded model keeps its content labels")
    }
}

impl std::fmt::Debug for Cleaner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cleaner")
            .field("labels", &self.choice.labels.names())
            .field("keep", &self.choice.keep)
            .finish_non_exhaustive()
    }
}

impl Cleaner {
    /// A cleaner with a model file written by `gleaner train` (or
    /// [`crate::TrainedModel::save`]).
    ///
    /// ```no_run
    /// let cleaner = gleaner::Cleaner::from_model_file("my.gleaner")?;
    /// # Ok::<(), gleaner::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read; [`Error::Model`] or
    /// [`Error::ModelVersion`] when it is not a model this gleaner reads.
    pub fn from_model_file(path: impl AsRef<Path>) -> Result<Cleaner> {
        Cleaner::builder().model_file(path).build()
    }

    /// Settings beyond the defaults: the model, the languages to choose
    /// from, the labels to keep.
    pub fn builder() -> CleanerBuilder {
        CleanerBuilder::default()
    }

    /// Cleans one page of plain text, whose blocks are separated by blank
    /// lines (what scrapers and `html2text` leave behind).
    ///
    /// # Errors
    /// [`Error::NulByte`] for text with a NUL character: it is a binary file,
    /// not an article.
    pub fn clean(&self, text: &str) -> Result<Cleaned> {
        if let Some(offset) = text.find('\0') {
            return Err(Error::NulByte {
                path: PathBuf::from("<text>"),
                offset,
            });
        }
        let document = crate::blocks::document_from_text("", text);
        Ok(self.clean_document(document))
    }

    /// Cleans one HTML page from its bytes, in any encoding: a byte-order
    /// mark, valid UTF-8, the page's `<meta charset>` or a guess from the
    /// bytes decide it (gzip-compressed bytes are unpacked first). Its blocks
    /// are the page's block elements (`<h1>`, `<p>`, `<li>` …); each
    /// knows its [`tag`](crate::Block::tag) and
    /// [`DOM path`](crate::Block::dom_path). Bytes malformed in the
    /// encoding become U+FFFD ([`Cleaned::had_replacements`] says so) and
    /// NUL characters are dropped: a broken page is still cleaned.
    ///
    /// ```
    /// let cleaner = gleaner::Cleaner::default();
    /// let page = cleaner.clean_html(
    ///     "<html><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>\
    ///      <div class='article'><h1>Ferry service resumes after the storm</h1>\
    ///      <p>The island ferry sailed again on Friday morning, four days after \
    ///      the storm tore the landing stage from its moorings, and the first \
    ///      boat carried more than two hundred passengers to the mainland.</p>\
    ///      </div></body></html>",
    /// )?;
    /// let body = page.blocks().find(|b| b.text().starts_with("The island ferry")).unwrap();
    /// assert_eq!(body.tag(), Some("p"));
    /// assert_eq!(body.dom_path(), Some("body>div.article>p"));
    /// assert_eq!(page.encoding(), Some("UTF-8"));
    /// assert!(page.to_text().contains("The island ferry sailed again"));
    /// # Ok::<(), gleaner::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Html`] when the bytes start like gzip but do not unpack, or
    /// unpack past 256 MiB.
    pub fn clean_html(&self, bytes: impl AsRef<[u8]>) -> Result<Cleaned> {
        self.clean_html_with_charset(bytes, None)
    }

    /// As [`Cleaner::clean_html`], with the charset the caller knows (from
    /// an HTTP `Content-Type` header, say): it wins over the page's own
    /// `<meta charset>` and over guessing; only a byte-order mark wins over
    /// it. `None` is [`Cleaner::clean_html`].
    ///
    /// ```
    /// // "Новости" in windows-1251, in a page that names no charset.
    /// let page = b"<h1>\xcd\xee\xe2\xee\xf1\xf2\xe8</h1>";
    /// let cleaned = gleaner::Cleaner::default()
    ///     .clean_html_with_charset(page, Some("windows-1251"))?;
    /// assert_eq!(cleaned.block(0).unwrap().text(), "Новости");
    /// assert_eq!(cleaned.encoding(), Some("windows-1251"));
    /// # Ok::<(), gleaner::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Html`] for a charset label the WHATWG Encoding Standard
    /// does not know, and as [`Cleaner::clean_html`].
    pub fn clean_html_with_charset(
        &self,
        bytes: impl AsRef<[u8]>,
        charset: Option<&str>,
    ) -> Result<Cleaned> {
        let options = HtmlOptions {
            charset: charset.map(str::to_string),
            ..HtmlOptions::default()
        };
        let (document, report) = read_html("<html>", bytes.as_ref(), &options)?;
        Ok(self.clean_document(document).with_decode(report))
    }

    /// The labels the model gives, in its order.
    pub fn labels(&self) -> impl ExactSizeIterator<Item = Label<'_>> {
        self.choice
            .labels
            .names()
            .iter()
            .map(|name| Label::from_name(name))
    }

    /// A cleaner from a model and a language analyzer, keeping the labels
    /// named in `keep` (all but boilerplate when `None`).
    pub(crate) fn from_parts(
        model: Model,
        analyzer: LanguageAnalyzer,
        keep: Option<&[String]>,
    ) -> Result<Cleaner> {
        let labels = model.labels().clone();
        let keep = match keep {
            None => (0..labels.len()).map(|id| labels.is_content(id)).collect(),
            Some(names) => {
                for name in names {
                    if labels.id(name).is_none() {
                        return Err(Error::InvalidSetting(format!(
                            "unknown label {name:?} to keep (the model's labels: {})",
                            labels.joined()
                        )));
                    }
                }
                labels.names().iter().map(|n| names.contains(n)).collect()
            }
        };
        Ok(Cleaner {
            pipeline: Pipeline::new(model, analyzer),
            choice: Arc::new(LabelChoice { labels, keep }),
        })
    }

    /// Labels a document that a reader has already cut into blocks.
    #[cfg(feature = "internals")]
    pub fn clean_document(&self, document: crate::document::Document) -> Cleaned {
        Cleaned::new(self.pipeline.classify(document), Arc::clone(&self.choice))
    }

    #[cfg(not(feature = "internals"))]
    fn clean_document(&self, document: crate::document::Document) -> Cleaned {
        Cleaned::new(self.pipeline.classify(document), Arc::clone(&self.choice))
    }

    /// The stages underneath: model, language analyzer, features.
    #[cfg(feature = "internals")]
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    pub(crate) fn model(&self) -> &Model {
        self.pipeline.model()
    }
}

/// Builds a [`Cleaner`] with settings beyond the defaults; they are checked
/// once, in [`CleanerBuilder::build`].
///
/// ```
/// let cleaner = gleaner::Cleaner::builder()
///     .languages(["en", "pl", "de"]) // more accurate on short blocks
///     .keep(["headline", "body"])    // drop captions and quotes too
///     .build()?;
/// # Ok::<(), gleaner::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct CleanerBuilder {
    model: Option<ModelSource>,
    languages: Option<Vec<String>>,
    keep: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
enum ModelSource {
    File(PathBuf),
    Bytes(Vec<u8>),
}

impl CleanerBuilder {
    /// Use the model file at `path` instead of the embedded one.
    pub fn model_file(mut self, path: impl AsRef<Path>) -> CleanerBuilder {
        self.model = Some(ModelSource::File(path.as_ref().to_path_buf()));
        self
    }

    /// Use a model file's bytes (for example from `include_bytes!`).
    pub fn model_bytes(mut self, bytes: impl Into<Vec<u8>>) -> CleanerBuilder {
        self.model = Some(ModelSource::Bytes(bytes.into()));
        self
    }

    /// Choose block languages only among these ISO 639-1 codes (at least
    /// two). Default: all 70 languages whatlang knows.
    pub fn languages<S: AsRef<str>>(
        mut self,
        codes: impl IntoIterator<Item = S>,
    ) -> CleanerBuilder {
        self.languages = Some(codes.into_iter().map(|c| c.as_ref().to_string()).collect());
        self
    }

    /// The labels a cleaned article keeps, by name. Default: every label
    /// but boilerplate.
    pub fn keep<S: AsRef<str>>(mut self, labels: impl IntoIterator<Item = S>) -> CleanerBuilder {
        self.keep = Some(labels.into_iter().map(|l| l.as_ref().to_string()).collect());
        self
    }

    /// The cleaner.
    ///
    /// # Errors
    /// As [`Cleaner::from_model_file`] for the model; [`Error::InvalidSetting`]
    /// for an unknown language code, fewer than two languages, or a label to
    /// keep that the model does not have.
    pub fn build(self) -> Result<Cleaner> {
        let model = match &self.model {
            None => Model::embedded_default()?,
            Some(ModelSource::File(path)) => Model::from_path(path)?,
            Some(ModelSource::Bytes(bytes)) => Model::from_bytes(bytes, "<model bytes>")?,
        };
        let mut settings = LanguageSettings::default();
        if let Some(codes) = &self.languages {
            settings.allowlist = Some(languages_from_codes(codes)?);
        }
        Cleaner::from_parts(model, LanguageAnalyzer::new(settings), self.keep.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_settings_are_errors_naming_the_value() {
        for (builder, named) in [
            (Cleaner::builder().keep(["body", "teaser"]), "\"teaser\""),
            (Cleaner::builder().languages(["en", "xx"]), "\"xx\""),
            (Cleaner::builder().languages(["en"]), "at least two"),
        ] {
            let error = builder.build().unwrap_err();
            assert!(error.to_string().contains(named), "{error}");
        }
    }

    #[test]
    fn a_nul_byte_is_an_error_with_its_offset() {
        let error = Cleaner::default().clean("Title\n\nText\0more").unwrap_err();
        assert!(
            matches!(error, Error::NulByte { offset: 11, .. }),
            "{error}"
        );
    }

    #[test]
    fn kept_labels_decide_the_cleaned_text() {
        let text = "A headline for the story\n\nThe first paragraph of the story tells what \
                    happened on Tuesday in the town hall, where the council met until late.";
        let everything = Cleaner::default().clean(text).unwrap();
        let only_body = Cleaner::builder()
            .keep(["body"])
            .build()
            .unwrap()
            .clean(text)
            .unwrap();
        assert_eq!(everything.blocks().len(), 2);
        assert!(everything.to_text().contains("A headline"));
        assert!(!only_body.to_text().contains("A headline"));
        assert!(only_body.to_text().contains("The first paragraph"));
    }
}
