//! Runs documents through a function in parallel, writing results in input
//! order. Plain-text and HTML files are read whole (each file's name says
//! which it is, unless `--input` does); JSONL input streams in chunks of
//! lines, so a corpus of any size flows from stdin to stdout in bounded
//! memory; so do WARC shards, record by record (`warc.rs`). A bad document
//! is reported on stderr and counted; the others are still processed. A
//! page whose bytes had to be replaced gets one warning. Progress shows
//! while it runs and a summary at the end (`progress.rs`).

use super::options::InputArgs;
use super::output::Output;
use super::progress::{BatchProgress, quiet, stderr_is_terminal};
use gleaner::document::Document;
use gleaner::html::{DecodeReport, HtmlOptions};
use gleaner::input::{
    InputKind, Source, SourceDocument, decode_text, parse_document_line, read_document,
    read_html_document,
};
use gleaner::warc::SkipCounts;
use rayon::prelude::*;
use std::io::{BufRead, BufReader, Read, Write};

mod warc;

/// Lines of JSONL handled per parallel chunk: enough to keep every core
/// busy, few enough to keep memory flat.
const CHUNK_LINES: usize = 512;

/// What one document produced: its output and a warning about its input,
/// or an error.
type Outcome<R> = Result<(R, Option<String>), gleaner::Error>;

/// A document's output, written in input order once its chunk is done.
/// Text is written as it is; a large page's JSON record can instead be
/// serialized straight into the output, so that the whole line of a page of
/// a million blocks (hundreds of MB) is never held as one string.
pub trait WriteOut: Send {
    /// Writes the output.
    fn write_out(self, out: &mut dyn Write) -> std::io::Result<()>;
}

impl WriteOut for String {
    fn write_out(self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self.as_bytes())
    }
}

/// Where in its input a failed document was, for its error line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorAt {
    /// A line of a JSONL file (1-based).
    Line(usize),
    /// A record of a WARC shard, at this byte offset.
    Offset(u64),
}

/// What a batch did, for the summary and the exit code.
#[derive(Debug, Default)]
struct Tally {
    documents: usize,
    failures: usize,
    skipped: SkipCounts,
    /// Whether any input was a WARC shard: its skips are summarized
    /// whether or not a terminal watches.
    warc: bool,
}

/// How every source is read: the options validated once, before any input.
struct Reading {
    forced: Option<InputKind>,
    lossy: bool,
    html: HtmlOptions,
}

impl Reading {
    /// A file (or stdin) read whole as its kind, with the warning its
    /// decoding calls for.
    fn read_file(&self, source: &Source) -> gleaner::Result<(Document, Option<String>)> {
        match source.kind(self.forced) {
            InputKind::Html => {
                let (document, report) = read_html_document(source, &self.html)?;
                let warning = decode_warning(&source.name(), &report);
                Ok((document, warning))
            }
            // JSONL and WARC sources are streamed, never read here.
            InputKind::Text | InputKind::Jsonl | InputKind::Warc => {
                Ok((read_document(source, self.lossy)?, None))
            }
        }
    }
}

/// Processes every input document with `process` and writes its output.
/// `error_line` renders a failed JSONL line or WARC record as an output
/// line (keeping one result per input record), or `None` to write nothing.
/// `separator` is written between two documents' outputs (`,` for a JSON
/// array). Returns the number of documents that failed; prints the
/// summary (documents, failures, skipped records, time, rate) when a
/// terminal watches or a WARC shard was read, unless `--quiet`.
///
/// An unknown `--charset` is an error before any input is read.
pub fn run_batch<R: WriteOut>(
    args: &InputArgs,
    out: &mut Output,
    separator: &str,
    process: impl Fn(Document) -> R + Sync,
    error_line: impl Fn(&str, ErrorAt, &gleaner::Error) -> Option<String> + Sync,
) -> anyhow::Result<usize> {
    let reading = Reading {
        forced: args.forced_kind(),
        lossy: args.lossy,
        html: args.html_options()?,
    };
    let sources = args.sources();
    let mut progress = BatchProgress::new(total_bytes(&sources));
    let mut tally = Tally::default();
    let mut writer = Separated {
        out,
        separator,
        first: true,
    };
    let out = &mut writer;
    // Files read whole wait here, to be read in parallel.
    let mut pending: Vec<gleaner::Result<Source>> = Vec::new();
    let chunk = rayon::current_num_threads() * 4;
    for source in sources {
        let streamed = match &source {
            Ok(source) => match source.kind(reading.forced) {
                kind @ (InputKind::Jsonl | InputKind::Warc) => Some((source, kind)),
                InputKind::Text | InputKind::Html => None,
            },
            Err(_) => None,
        };
        let Some((streamed, kind)) = streamed else {
            pending.push(source);
            if pending.len() >= chunk {
                read_files(
                    &reading,
                    std::mem::take(&mut pending),
                    out,
                    &process,
                    &mut tally,
                    &mut progress,
                )?;
            }
            continue;
        };
        read_files(
            &reading,
            std::mem::take(&mut pending),
            out,
            &process,
            &mut tally,
            &mut progress,
        )?;
        if kind == InputKind::Warc {
            tally.warc = true;
            warc::stream_warc(
                streamed,
                &reading.html,
                out,
                &process,
                &error_line,
                &mut tally,
                &mut progress,
            )?;
        } else {
            stream_jsonl(
                streamed,
                args.lossy,
                out,
                &process,
                &error_line,
                &mut tally,
                &mut progress,
            )?;
        }
    }
    read_files(&reading, pending, out, &process, &mut tally, &mut progress)?;
    let elapsed = progress.finish();
    if !quiet() && (tally.warc || stderr_is_terminal()) {
        eprintln!("gleaner: {}", summary(&tally, elapsed));
    }
    Ok(tally.failures)
}

/// The input's size, for the progress bar's ETA: unknown with standard input.
fn total_bytes(sources: &[gleaner::Result<Source>]) -> Option<u64> {
    let mut total = 0;
    for source in sources.iter().flatten() {
        match source {
            Source::Stdin => return None,
            Source::File(path) => total += std::fs::metadata(path).map_or(0, |m| m.len()),
        }
    }
    Some(total)
}

/// `503 documents, 0 failed, 1006 records skipped (…), 2.1 s, 240 documents/s`.
fn summary(tally: &Tally, elapsed: std::time::Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    let plural = if tally.documents == 1 { "" } else { "s" };
    let skipped = if tally.warc {
        format!(", {}", tally.skipped)
    } else {
        String::new()
    };
    format!(
        "{} document{plural}, {} failed{skipped}, {seconds:.1} s, {:.1} documents/s",
        tally.documents,
        tally.failures,
        tally.documents as f64 / seconds.max(1e-9)
    )
}

/// Reads text and HTML files in parallel, writing their outputs in order.
fn read_files<R: WriteOut>(
    reading: &Reading,
    sources: Vec<gleaner::Result<Source>>,
    out: &mut Separated,
    process: &(impl Fn(Document) -> R + Sync),
    tally: &mut Tally,
    progress: &mut BatchProgress,
) -> anyhow::Result<()> {
    let outcomes: Vec<(Outcome<R>, u64)> = sources
        .into_par_iter()
        .map(|source| {
            let size = match &source {
                Ok(Source::File(path)) => std::fs::metadata(path).map_or(0, |m| m.len()),
                _ => 0,
            };
            let outcome = source.and_then(|source| {
                let (document, warning) = reading.read_file(&source)?;
                Ok((process(document), warning))
            });
            (outcome, size)
        })
        .collect();
    for (outcome, size) in outcomes {
        match outcome {
            Ok((text, warning)) => {
                // Printed in input order, once per file, beside its output.
                if let Some(warning) = warning {
                    progress.message(&format!("gleaner: warning: {warning}"));
                }
                out.write_document(text)?;
                tally.documents += 1;
            }
            Err(error) => {
                tally.failures += 1;
                report_error(&error, progress);
            }
        }
        progress.bytes_done(size);
        progress.documents_done(1);
    }
    Ok(())
}

/// The warning a page's decoding calls for, naming it: bytes that were
/// malformed in its encoding became U+FFFD, NUL characters were removed,
/// or its elements nested too deeply to be parsed the HTML5 way. The page
/// is still cleaned; the user learns that its text or its blocks are not
/// quite what the file held.
fn decode_warning(name: &str, report: &DecodeReport) -> Option<String> {
    let mut problems = Vec::new();
    if report.had_replacements {
        problems.push(format!(
            "bytes invalid in {} were replaced with U+FFFD (--charset NAME sets the encoding)",
            report.encoding
        ));
    }
    if report.nuls_removed > 0 {
        problems.push(nuls_removed(report.nuls_removed));
    }
    if report.nesting_too_deep {
        problems.push(
            "elements nest too deeply for the HTML5 parser; read without its repairs".to_string(),
        );
    }
    (!problems.is_empty()).then(|| format!("{name}: {}", problems.join("; ")))
}

fn nuls_removed(count: usize) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} NUL character{plural} removed")
}

/// Streams a JSONL file in chunks of lines, parsed and processed in
/// parallel, one output per line.
fn stream_jsonl<R: WriteOut>(
    source: &Source,
    lossy: bool,
    out: &mut Separated,
    process: &(impl Fn(Document) -> R + Sync),
    error_line: &impl Fn(&str, ErrorAt, &gleaner::Error) -> Option<String>,
    tally: &mut Tally,
    progress: &mut BatchProgress,
) -> anyhow::Result<()> {
    let Some(reader) = open_stream(source, tally, progress) else {
        return Ok(());
    };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let name = source.name();
    let mut line_number = 0;
    // HTML records' NULs, warned about once for the whole file.
    let mut nuls = 0;
    loop {
        let mut chunk: Vec<(usize, Vec<u8>)> = Vec::with_capacity(CHUNK_LINES);
        while chunk.len() < CHUNK_LINES {
            let mut line = Vec::new();
            let read = match reader.read_until(b'\n', &mut line) {
                Ok(read) => read,
                // A file that fails half-way (a directory, a bad disk):
                // its lines so far are written, the other inputs go on.
                Err(error) => {
                    tally.failures += 1;
                    report_error(&gleaner::Error::io(&name, error), progress);
                    0
                }
            };
            if read == 0 {
                break;
            }
            line_number += 1;
            progress.bytes_done(read as u64);
            if line.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            chunk.push((line_number, line));
        }
        if chunk.is_empty() {
            break;
        }
        let outcomes: Vec<(usize, gleaner::Result<(R, usize)>)> = chunk
            .into_par_iter()
            .map(|(number, bytes)| {
                let outcome = decode_text(
                    bytes,
                    std::path::Path::new(&format!("{name}:{number}")),
                    lossy,
                )
                .and_then(|text| parse_document_line(text.trim_end(), source, number, lossy))
                .map(|SourceDocument { document, decode }| {
                    (process(document), decode.map_or(0, |d| d.nuls_removed))
                });
                (number, outcome)
            })
            .collect();
        progress.documents_done(outcomes.len() as u64);
        for (number, outcome) in outcomes {
            match outcome {
                Ok((text, removed)) => {
                    nuls += removed;
                    out.write_document(text)?;
                    tally.documents += 1;
                }
                Err(error) => {
                    tally.failures += 1;
                    report_error(&error, progress);
                    if let Some(line) = error_line(&name, ErrorAt::Line(number), &error) {
                        out.write_document(line)?;
                    }
                }
            }
        }
    }
    if nuls > 0 {
        progress.message(&format!(
            "gleaner: warning: {name}: {} from its HTML records",
            nuls_removed(nuls)
        ));
    }
    Ok(())
}

/// Writes documents' outputs with a separator between them.
struct Separated<'a> {
    out: &'a mut Output,
    separator: &'a str,
    first: bool,
}

impl Separated<'_> {
    fn write_document(&mut self, output: impl WriteOut) -> std::io::Result<()> {
        if !self.first {
            self.out.write_all(self.separator.as_bytes())?;
        }
        self.first = false;
        output.write_out(self.out)
    }
}

/// With JSON-lines output, a failed input line or WARC record gets a JSON
/// error line in the output (so there is one result per input record);
/// otherwise nothing.
pub fn error_lines(
    json_lines: bool,
) -> impl Fn(&str, ErrorAt, &gleaner::Error) -> Option<String> + Sync {
    move |source, at, error| {
        if json_lines {
            json_error_line(source, at, error)
        } else {
            None
        }
    }
}

/// A JSON line standing for a failed input line or record.
fn json_error_line(source: &str, at: ErrorAt, error: &gleaner::Error) -> Option<String> {
    let record = match at {
        ErrorAt::Line(line) => {
            serde_json::json!({ "source": source, "line": line, "error": error.to_string() })
        }
        ErrorAt::Offset(offset) => {
            serde_json::json!({ "source": source, "offset": offset, "error": error.to_string() })
        }
    };
    Some(format!("{record}\n"))
}

/// Reports a document that failed on stderr, with what a flag can do about it.
/// Opens a streamed input (JSONL or a WARC shard). Directories were
/// expanded into their files (`input_sources`). A file that cannot be
/// opened is one failed input, reported and counted: the others go on.
fn open_stream(
    source: &Source,
    tally: &mut Tally,
    progress: &BatchProgress,
) -> Option<Box<dyn Read + Send>> {
    match source {
        Source::Stdin => Some(Box::new(std::io::stdin())),
        Source::File(path) => match std::fs::File::open(path) {
            Ok(file) => Some(Box::new(file)),
            Err(error) => {
                tally.failures += 1;
                report_error(&gleaner::Error::io(path, error), progress);
                None
            }
        },
    }
}

fn report_error(error: &gleaner::Error, progress: &BatchProgress) {
    let hint = match error {
        gleaner::Error::InvalidUtf8 { .. } => " (use --lossy to replace invalid bytes)",
        gleaner::Error::NulByte { .. } => " (use --lossy to drop NUL bytes)",
        _ => "",
    };
    progress.message(&format!("gleaner: {error}{hint}"));
}

/// The exit code for a run with `failures` failed documents.
pub fn exit_code(failures: usize) -> std::process::ExitCode {
    if failures == 0 {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lossy_page_gets_one_warning_naming_it() {
        let clean = DecodeReport {
            encoding: "UTF-8".into(),
            ..DecodeReport::default()
        };
        assert_eq!(decode_warning("a.html", &clean), None);
        let lossy = DecodeReport {
            encoding: "windows-1251".into(),
            had_replacements: true,
            nuls_removed: 2,
            ..DecodeReport::default()
        };
        assert_eq!(
            decode_warning("a.html", &lossy).unwrap(),
            "a.html: bytes invalid in windows-1251 were replaced with U+FFFD \
             (--charset NAME sets the encoding); 2 NUL characters removed"
        );
    }
}
