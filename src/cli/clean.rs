//! `gleaner clean`: the cleaned article, boilerplate removed.

use super::batch::{WriteOut, error_lines, exit_code, run_batch};
use super::options::{InputArgs, ModelArgs};
use anyhow::bail;
use clap::ValueEnum;
use gleaner::labels::LabelSet;
use gleaner::output::{
    CleanFormat, DocumentRecord, document_record, kept_blocks, render_clean, write_clean,
};
use gleaner::pipeline::ClassifiedDocument;
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

/// Output formats of `clean`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text, blocks separated by blank lines.
    Text,
    /// Markdown: # headline, ## later headlines, > quotes, *captions*.
    Markdown,
    /// One JSON object per document, one per line.
    Json,
    /// A small HTML5 document: h1/h2, p, blockquote, figure, lists, lang on
    /// foreign blocks. One input only (with --input jsonl, each line's "text").
    Html,
}

impl Format {
    /// The library's rendering of the cleaned article in this format (JSON
    /// records carry the plain text).
    fn rendering(self) -> CleanFormat {
        match self {
            Format::Markdown => CleanFormat::Markdown,
            Format::Html => CleanFormat::Html,
            Format::Text | Format::Json => CleanFormat::Text,
        }
    }
}

/// Print the cleaned article(s): boilerplate removed, a repeated headline printed once.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    model: ModelArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Keep only blocks with these labels (comma-separated). Default: every label but boilerplate.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "LABELS",
        conflicts_with = "drop"
    )]
    keep: Vec<String>,
    /// Drop blocks with these labels (comma-separated), keep the rest.
    #[arg(long, value_delimiter = ',', value_name = "LABELS")]
    drop: Vec<String>,
}

/// Which labels to keep, from --keep / --drop.
fn selection(labels: &LabelSet, keep: &[String], drop: &[String]) -> anyhow::Result<Vec<bool>> {
    for name in keep.iter().chain(drop) {
        if labels.id(name).is_none() {
            bail!(
                "unknown label {name:?} (the model's labels: {})",
                labels.joined()
            );
        }
    }
    Ok((0..labels.len())
        .map(|id| {
            let name = labels.name(id);
            if !keep.is_empty() {
                keep.iter().any(|k| k == name)
            } else if !drop.is_empty() {
                !drop.iter().any(|d| d == name)
            } else {
                labels.is_content(id)
            }
        })
        .collect())
}

/// Refuses several text or HTML inputs with `--format html`: HTML documents
/// written one after the other are no valid HTML, and one document for
/// several articles would give each a title and a language it does not have.
fn check_one_html_document(args: &Args) -> anyhow::Result<()> {
    if args.format != Format::Html || args.input.is_record_stream() {
        return Ok(());
    }
    let documents = args.input.sources().len();
    if documents > 1 {
        bail!(
            "--format html writes one HTML document, but the input holds {documents} \
             documents: clean them one at a time, or use --input jsonl for one JSON \
             line per page with the HTML in its \"text\""
        );
    }
    Ok(())
}

/// A page's JSON line: its record and its "text" in the asked format.
#[derive(Serialize)]
struct CleanRecord<'a> {
    #[serde(flatten)]
    record: DocumentRecord<'a>,
    text: CleanText<'a>,
}

/// A page's cleaned text, rendered as it is serialized: escaped into the
/// output piece by piece, never held whole (a page of a million blocks
/// took about 100 MB more for its text at the peak).
struct CleanText<'a> {
    doc: &'a ClassifiedDocument,
    labels: &'a LabelSet,
    keep: &'a [bool],
    format: CleanFormat,
}

impl std::fmt::Display for CleanText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_clean(self.doc, self.labels, self.keep, self.format, f)
    }
}

impl Serialize for CleanText<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A cleaned page's output: text, or the page kept until its JSON line is
/// serialized straight into the output (never a `serde_json::Value` or a
/// `String` of a million blocks).
enum CleanOutput<'a> {
    Text(String),
    Record {
        doc: ClassifiedDocument,
        labels: &'a LabelSet,
        keep: &'a [bool],
        format: CleanFormat,
    },
}

impl WriteOut for CleanOutput<'_> {
    fn write_out(self, out: &mut dyn Write) -> std::io::Result<()> {
        match self {
            CleanOutput::Text(text) => text.write_out(out),
            CleanOutput::Record {
                doc,
                labels,
                keep,
                format,
            } => {
                let record = CleanRecord {
                    record: document_record(&doc, labels, kept_blocks(&doc, labels, keep)),
                    text: CleanText {
                        doc: &doc,
                        labels,
                        keep,
                        format,
                    },
                };
                serde_json::to_writer(&mut *out, &record)?;
                out.write_all(b"\n")
            }
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    check_one_html_document(&args)?;
    let cleaner = args.input.cleaner(&args.model)?;
    let labels = cleaner.model().labels().clone();
    let keep = selection(&labels, &args.keep, &args.drop)?;
    let jsonl = args.input.is_record_stream();
    let mut out = args.input.open_output()?;
    // Several text documents are separated by a blank line; JSON is one object per line.
    let separator = if args.format == Format::Json || jsonl {
        ""
    } else {
        "\n"
    };
    let failures = run_batch(
        &args.input,
        &mut out,
        separator,
        |document| {
            let doc = cleaner.classify(document);
            if args.format == Format::Json || jsonl {
                // One JSON line per page; its "text" is the page in the asked format.
                CleanOutput::Record {
                    doc,
                    labels: &labels,
                    keep: &keep,
                    format: args.format.rendering(),
                }
            } else {
                CleanOutput::Text(render_clean(&doc, &labels, &keep, args.format.rendering()))
            }
        },
        error_lines(jsonl),
    )?;
    out.finish()?;
    Ok(exit_code(failures))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_and_drop() {
        let labels = LabelSet::standard();
        assert_eq!(
            selection(&labels, &[], &[]).unwrap(),
            [true, true, true, true, false]
        );
        assert_eq!(
            selection(&labels, &["body".into()], &[]).unwrap(),
            [false, false, true, false, false]
        );
        assert_eq!(
            selection(&labels, &[], &["caption".into()]).unwrap(),
            [true, false, true, true, true]
        );
        assert!(selection(&labels, &["bodies".into()], &[]).is_err());
    }
}
