//! `gleaner clean`: the cleaned article, boilerplate removed.

use super::batch::{error_lines, exit_code, run_batch};
use super::options::{InputArgs, InputKind, ModelArgs};
use super::output::Output;
use anyhow::bail;
use clap::ValueEnum;
use gleaner::labels::LabelSet;
use gleaner::output::{CleanFormat, document_record, kept_blocks, render_clean};
use serde_json::json;
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

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cleaner = args.input.cleaner(&args.model)?;
    let labels = cleaner.model().labels().clone();
    let keep = selection(&labels, &args.keep, &args.drop)?;
    let jsonl = args.input.kind == InputKind::Jsonl;
    let mut out = Output::open(args.input.output.as_deref())?;
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
            match (args.format, jsonl) {
                (Format::Json, _) | (_, true) => {
                    let kept = kept_blocks(&doc, &labels, &keep);
                    let format = if args.format == Format::Markdown {
                        CleanFormat::Markdown
                    } else {
                        CleanFormat::Text
                    };
                    let mut record = serde_json::to_value(document_record(&doc, &labels, kept))
                        .expect("serializable");
                    record["text"] = json!(render_clean(&doc, &labels, &keep, format));
                    format!("{record}\n")
                }
                (Format::Markdown, false) => {
                    render_clean(&doc, &labels, &keep, CleanFormat::Markdown)
                }
                (Format::Text, false) => render_clean(&doc, &labels, &keep, CleanFormat::Text),
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
