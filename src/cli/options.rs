//! Options shared by the subcommands that read articles, validated once
//! into a [`Pipeline`] and a list of sources.

use super::output::Output;
use anyhow::{Context, bail};
use clap::ValueEnum;
use gleaner::html::{HtmlOptions, charset_name};
use gleaner::input::{Source, input_sources};
use gleaner::language::{LanguageAnalyzer, LanguageSettings, languages_from_codes};
use gleaner::model::Model;
use gleaner::pipeline::Pipeline;
use std::path::PathBuf;

/// How input files are read (`--input`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    /// Plain text: blocks are separated by blank lines.
    Text,
    /// HTML pages, in any encoding: blocks are the page's block elements.
    Html,
    /// One JSON document per line: {"id", "text"}, {"id", "html"} or a labeled-document record.
    Jsonl,
    /// WARC or WET shards, gzipped or not: each HTML or text page they hold, one output line per page.
    Warc,
}

impl InputKind {
    /// The library's input kind.
    fn library(self) -> gleaner::input::InputKind {
        match self {
            InputKind::Text => gleaner::input::InputKind::Text,
            InputKind::Html => gleaner::input::InputKind::Html,
            InputKind::Jsonl => gleaner::input::InputKind::Jsonl,
            InputKind::Warc => gleaner::input::InputKind::Warc,
        }
    }
}

/// Input options of `clean`, `classify` and `langs`.
#[derive(clap::Args, Debug)]
pub struct InputArgs {
    /// Input files, or directories: their *.txt, *.html, *.htm, *.warc(.gz) and *.wet(.gz) files (only those of the --input kind when given), searched recursively in name order; `-` (the default) reads standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// Input format. Default: HTML for files ending .html or .htm, WARC for .warc, .warc.gz, .wet and .wet.gz, plain text for other files and standard input.
    #[arg(long = "input", value_enum, value_name = "KIND")]
    pub kind: Option<InputKind>,
    /// The charset of HTML input (e.g. windows-1251, shift_jis), over the page's own <meta charset> and detection; a byte-order mark still wins. Not for plain text or JSONL, which are UTF-8.
    #[arg(long, value_name = "NAME")]
    pub charset: Option<String>,
    /// Plain text only: replace invalid UTF-8 with U+FFFD and drop NUL bytes instead of failing (HTML is always read so, with a warning).
    #[arg(long)]
    pub lossy: bool,
    /// Languages to choose from, as ISO 639-1 codes (e.g. en,pl,de). Default: all 70.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub languages: Vec<String>,
    /// Write to this file instead of standard output (written whole, or not at all).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// The model options: which model, and which of its page rules run.
#[derive(clap::Args, Debug)]
pub struct ModelArgs {
    /// Model file; default: the model embedded in gleaner.
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
    /// Do not run page rule NAME for this run (repeatable or comma-separated; `classify --list-rules` lists them).
    #[arg(long = "no-rule", value_name = "NAME", value_delimiter = ',')]
    pub no_rules: Vec<String>,
    /// Run page rule NAME although the model switches it off (repeatable or comma-separated).
    #[arg(long = "rule", value_name = "NAME", value_delimiter = ',')]
    pub rules: Vec<String>,
}

impl ModelArgs {
    /// The model, with the page rules switched as asked.
    pub fn load(&self) -> anyhow::Result<Model> {
        let model = match &self.model {
            Some(path) => Model::from_path(path)?,
            None => Model::embedded_default()?,
        };
        if let Some(both) = self.rules.iter().find(|name| self.no_rules.contains(name)) {
            bail!("page rule {both} given to both --rule and --no-rule");
        }
        let switches: Vec<(&str, bool)> = (self.no_rules.iter().map(|name| (name.as_str(), false)))
            .chain(self.rules.iter().map(|name| (name.as_str(), true)))
            .collect();
        if switches.is_empty() {
            return Ok(model);
        }
        Ok(model.with_rules(&switches)?)
    }
}

impl InputArgs {
    /// The input kind the user forced with `--input`, if any.
    pub fn forced_kind(&self) -> Option<gleaner::input::InputKind> {
        self.kind.map(InputKind::library)
    }

    /// Whether the input is a stream of records written one output line
    /// each: JSONL (`--input jsonl`) or WARC (`--input warc`, or WARC
    /// shards by their names).
    pub fn is_record_stream(&self) -> bool {
        match self.kind {
            Some(InputKind::Jsonl | InputKind::Warc) => true,
            Some(InputKind::Text | InputKind::Html) => false,
            None => self
                .sources()
                .iter()
                .flatten()
                .any(|source| source.kind(None) == gleaner::input::InputKind::Warc),
        }
    }

    /// The inputs, with directories expanded into the files of the kinds read.
    pub fn sources(&self) -> Vec<gleaner::Result<Source>> {
        input_sources(
            &self.inputs,
            gleaner::input::InputKind::directory_extensions(self.forced_kind()),
        )
    }

    /// The output (`-o`, or standard output), refused when it is one of
    /// the input files.
    pub fn open_output(&self) -> anyhow::Result<Output> {
        let files: Vec<PathBuf> = (self.sources().into_iter().flatten())
            .filter_map(|source| match source {
                Source::File(path) => Some(path),
                Source::Stdin => None,
            })
            .collect();
        Output::open_apart(self.output.as_deref(), files.iter().map(PathBuf::as_path))
    }

    /// How to read HTML, with `--charset` checked before any page is read
    /// (and `--lossy`, which HTML does not need, refused with `--input html`).
    pub fn html_options(&self) -> anyhow::Result<HtmlOptions> {
        if self.lossy && self.kind == Some(InputKind::Html) {
            bail!(
                "--lossy applies to plain text only: HTML is always read with invalid bytes \
                 replaced (and a warning)"
            );
        }
        let Some(label) = &self.charset else {
            return Ok(HtmlOptions::default());
        };
        if let Some(kind @ (InputKind::Text | InputKind::Jsonl)) = self.kind {
            let kind = if kind == InputKind::Text {
                "text"
            } else {
                "jsonl"
            };
            bail!(
                "--charset applies to HTML input only, not to --input {kind}, which is read as UTF-8"
            );
        }
        charset_name(label).context("--charset")?;
        Ok(HtmlOptions {
            charset: Some(label.clone()),
            ..HtmlOptions::default()
        })
    }

    /// The language analyzer the options ask for.
    pub fn analyzer(&self) -> anyhow::Result<LanguageAnalyzer> {
        let mut settings = LanguageSettings::default();
        if !self.languages.is_empty() {
            settings.allowlist =
                Some(languages_from_codes(&self.languages).context("--languages")?);
        }
        Ok(LanguageAnalyzer::new(settings))
    }

    /// A cleaner from the options.
    pub fn cleaner(&self, model: &ModelArgs) -> anyhow::Result<Pipeline> {
        let model = model.load().context("cannot load the model")?;
        Ok(Pipeline::new(model, self.analyzer()?))
    }
}
