//! `gleaner convert`: labeled data between JSONL and the annotation format.

use super::output::Output;
use super::training_options::label_set;
use anyhow::bail;
use gleaner::data::{DataFormat, read_labeled, write_annotated, write_jsonl_line};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Convert labeled data between labeled-document JSONL and the hand-annotation format (by the output's extension).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Labeled data files or directories; `-` reads labeled-document JSONL from standard input.
    #[arg(required = true, value_name = "DATA")]
    data: Vec<PathBuf>,
    /// Output file: *.jsonl or *.ann.txt.
    #[arg(short, long, value_name = "PATH")]
    output: PathBuf,
    /// The label set (comma-separated). Default: the five standard labels.
    #[arg(long, value_delimiter = ',', value_name = "LABELS")]
    labels: Vec<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Some(format) = DataFormat::of(&args.output) else {
        bail!(
            "{}: the output must end in .jsonl or .ann.txt",
            args.output.display()
        );
    };
    let labels = label_set(&args.labels)?;
    let data = read_labeled(&args.data, &labels)?;
    let mut out = Output::open_apart(Some(&args.output), data.files.iter().map(PathBuf::as_path))?;
    match format {
        DataFormat::Jsonl => {
            for document in &data.documents {
                writeln!(out, "{}", write_jsonl_line(document, &labels))?;
            }
        }
        DataFormat::Annotated => {
            out.write_all(write_annotated(&data.documents, &labels).as_bytes())?
        }
    }
    out.finish()?;
    eprintln!(
        "converted {} documents to {}",
        data.documents.len(),
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
