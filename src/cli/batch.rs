//! Runs documents through a function in parallel, writing results in input
//! order. Plain-text files are read whole; JSONL input streams in chunks of
//! lines, so a corpus of any size flows from stdin to stdout in bounded
//! memory. A bad document is reported on stderr and counted; the others are
//! still processed.

use super::options::{InputArgs, InputKind};
use super::output::Output;
use gleaner::document::Document;
use gleaner::input::{Source, decode_text, input_sources, parse_document_line, read_document};
use rayon::prelude::*;
use std::io::{BufRead, BufReader, Read, Write};

/// Lines of JSONL handled per parallel chunk: enough to keep every core
/// busy, few enough to keep memory flat.
const CHUNK_LINES: usize = 512;

/// What one document produced: output text, or an error message.
type Outcome = Result<String, gleaner::Error>;

/// Processes every input document with `process` and writes its output.
/// `error_line` renders a failed JSONL line as an output line (keeping one
/// result per input line), or `None` to write nothing.
/// `separator` is written between two documents' outputs (`,` for a JSON
/// array). Returns the number of documents that failed.
pub fn run_batch(
    args: &InputArgs,
    out: &mut Output,
    separator: &str,
    process: impl Fn(Document) -> String + Sync,
    error_line: impl Fn(&str, usize, &gleaner::Error) -> Option<String>,
) -> anyhow::Result<usize> {
    let extension = match args.kind {
        InputKind::Text => "txt",
        InputKind::Jsonl => "jsonl",
    };
    let mut sources = input_sources(&args.inputs, extension).into_iter();
    let mut failures = 0;
    let mut writer = Separated {
        out,
        separator,
        first: true,
    };
    let out = &mut writer;
    match args.kind {
        InputKind::Text => loop {
            let chunk: Vec<gleaner::Result<Source>> = sources
                .by_ref()
                .take(rayon::current_num_threads() * 4)
                .collect();
            if chunk.is_empty() {
                break;
            }
            let outcomes: Vec<Outcome> = chunk
                .into_par_iter()
                .map(|source| {
                    source
                        .and_then(|s| read_document(&s, args.lossy))
                        .map(&process)
                })
                .collect();
            for outcome in outcomes {
                match outcome {
                    Ok(text) => out.write_document(&text)?,
                    Err(error) => {
                        failures += 1;
                        report_error(&error);
                    }
                }
            }
        },
        InputKind::Jsonl => {
            for source in sources {
                match source {
                    Ok(source) => {
                        failures += stream_jsonl(&source, args.lossy, out, &process, &error_line)?;
                    }
                    Err(error) => {
                        failures += 1;
                        report_error(&error);
                    }
                }
            }
        }
    }
    Ok(failures)
}

fn stream_jsonl(
    source: &Source,
    lossy: bool,
    out: &mut Separated,
    process: &(impl Fn(Document) -> String + Sync),
    error_line: &impl Fn(&str, usize, &gleaner::Error) -> Option<String>,
) -> anyhow::Result<usize> {
    let reader: Box<dyn Read> = match source {
        Source::Stdin => Box::new(std::io::stdin().lock()),
        // Directories were expanded into their files (`input_sources`).
        Source::File(path) => {
            Box::new(std::fs::File::open(path).map_err(|e| gleaner::Error::io(path, e))?)
        }
    };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let name = source.name();
    let mut failures = 0;
    let mut line_number = 0;
    loop {
        let mut chunk: Vec<(usize, Vec<u8>)> = Vec::with_capacity(CHUNK_LINES);
        while chunk.len() < CHUNK_LINES {
            let mut line = Vec::new();
            let read = reader
                .read_until(b'\n', &mut line)
                .map_err(|e| gleaner::Error::io(&name, e))?;
            if read == 0 {
                break;
            }
            line_number += 1;
            if line.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            chunk.push((line_number, line));
        }
        if chunk.is_empty() {
            break;
        }
        let outcomes: Vec<(usize, Outcome)> = chunk
            .into_par_iter()
            .map(|(number, bytes)| {
                let outcome = decode_text(
                    bytes,
                    std::path::Path::new(&format!("{name}:{number}")),
                    lossy,
                )
                .and_then(|text| parse_document_line(text.trim_end(), source, number))
                .map(process);
                (number, outcome)
            })
            .collect();
        for (number, outcome) in outcomes {
            match outcome {
                Ok(text) => out.write_document(&text)?,
                Err(error) => {
                    failures += 1;
                    report_error(&error);
                    if let Some(line) = error_line(&name, number, &error) {
                        out.write_document(&line)?;
                    }
                }
            }
        }
    }
    Ok(failures)
}

/// Writes documents' outputs with a separator between them.
struct Separated<'a> {
    out: &'a mut Output,
    separator: &'a str,
    first: bool,
}

impl Separated<'_> {
    fn write_document(&mut self, text: &str) -> std::io::Result<()> {
        if !self.first {
            self.out.write_all(self.separator.as_bytes())?;
        }
        self.first = false;
        self.out.write_all(text.as_bytes())
    }
}

/// With JSON-lines output, a failed input line gets a JSON error line in the
/// output (so there is one result per input line); otherwise nothing.
pub fn error_lines(json_lines: bool) -> impl Fn(&str, usize, &gleaner::Error) -> Option<String> {
    move |source, line, error| {
        if json_lines {
            json_error_line(source, line, error)
        } else {
            None
        }
    }
}

/// A JSON line standing for a failed input line.
fn json_error_line(source: &str, line: usize, error: &gleaner::Error) -> Option<String> {
    let record = serde_json::json!({ "source": source, "line": line, "error": error.to_string() });
    Some(format!("{record}\n"))
}

/// Reports a document that failed on stderr, with what a flag can do about it.
fn report_error(error: &gleaner::Error) {
    let hint = match error {
        gleaner::Error::InvalidUtf8 { .. } => " (use --lossy to replace invalid bytes)",
        gleaner::Error::NulByte { .. } => " (use --lossy to drop NUL bytes)",
        _ => "",
    };
    eprintln!("gleaner: {error}{hint}");
}

/// The exit code for a run with `failures` failed documents.
pub fn exit_code(failures: usize) -> std::process::ExitCode {
    if failures == 0 {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    }
}
