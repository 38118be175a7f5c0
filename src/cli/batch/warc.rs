//! A WARC or WET shard in a batch: one thread reads records (gzip and the
//! WARC framing) while the pool reads their pages and processes them, in
//! chunks, so that reading costs no time the pages would not wait for
//! anyway; outputs are written in record order.

use super::{ErrorAt, Separated, Tally, WriteOut, open_stream, report_error};
use crate::cli::progress::BatchProgress;
use gleaner::document::Document;
use gleaner::html::HtmlOptions;
use gleaner::input::Source;
use gleaner::warc::{RecordPage, SkipReason, WarcReader, WarcRecord, read_record_page};
use rayon::prelude::*;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

/// Records per chunk handed to the pool: enough to keep every core busy.
const CHUNK_RECORDS: usize = 256;

/// A chunk is also cut at this many bytes of records, to keep memory flat
/// (Common Crawl truncates a record's page at 1 MiB).
const CHUNK_BYTES: usize = 32 << 20;

/// What one record gave.
enum RecordOutcome<R> {
    /// Its page's output, and whether its bytes were replaced or NULs removed.
    Page(R, bool),
    Skipped(SkipReason),
    /// The record could not be read; its offset when known.
    Failed(gleaner::Error, Option<u64>),
}

/// Reads one shard's records and writes the output of each page.
pub(super) fn stream_warc<R: WriteOut>(
    source: &Source,
    html: &HtmlOptions,
    out: &mut Separated,
    process: &(impl Fn(Document) -> R + Sync),
    error_line: &(impl Fn(&str, ErrorAt, &gleaner::Error) -> Option<String> + Sync),
    tally: &mut Tally,
    progress: &mut BatchProgress,
) -> anyhow::Result<()> {
    let name = source.name();
    let path = PathBuf::from(&name);
    let Some(reader) = open_stream(source, tally, progress) else {
        return Ok(());
    };
    let records = match WarcReader::new(&path, BufReader::with_capacity(1 << 16, reader)) {
        Ok(records) => records,
        Err(error) => {
            tally.failures += 1;
            report_error(&error, progress);
            return Ok(());
        }
    };
    let mut replaced = 0;
    let mut read_so_far = 0;
    std::thread::scope(|scope| -> anyhow::Result<()> {
        // Two chunks in flight: one being processed, one being read.
        let (chunks, received) = sync_channel(1);
        scope.spawn(move || read_chunks(records, chunks));
        for (chunk, bytes_read) in received {
            let outcomes: Vec<RecordOutcome<R>> = chunk
                .into_par_iter()
                .map(|record| record_outcome(record, &path, html, process))
                .collect();
            let pages = outcomes
                .iter()
                .filter(|outcome| !matches!(outcome, RecordOutcome::Skipped(_)))
                .count();
            progress.documents_done(pages as u64);
            for outcome in outcomes {
                match outcome {
                    RecordOutcome::Page(text, lossy) => {
                        replaced += usize::from(lossy);
                        out.write_document(text)?;
                        tally.documents += 1;
                    }
                    RecordOutcome::Skipped(reason) => tally.skipped.add(reason),
                    RecordOutcome::Failed(error, offset) => {
                        tally.failures += 1;
                        report_error(&error, progress);
                        let line =
                            offset.and_then(|at| error_line(&name, ErrorAt::Offset(at), &error));
                        if let Some(line) = line {
                            out.write_document(line)?;
                        }
                    }
                }
            }
            progress.bytes_done(bytes_read - read_so_far);
            read_so_far = bytes_read;
        }
        Ok(())
    })?;
    if replaced > 0 {
        let plural = if replaced == 1 { "" } else { "s" };
        progress.message(&format!(
            "gleaner: warning: {name}: {replaced} page{plural} had bytes invalid in their \
             encoding replaced with U+FFFD, or NUL characters removed"
        ));
    }
    Ok(())
}

/// The reading thread: chunks of records, each with the shard's bytes read
/// by its end. Stops when the shard ends or the receiver is gone (an
/// output error ended the batch).
fn read_chunks<R: std::io::BufRead>(
    mut records: WarcReader<R>,
    chunks: std::sync::mpsc::SyncSender<(Vec<gleaner::Result<WarcRecord>>, u64)>,
) {
    loop {
        let mut chunk = Vec::new();
        let mut bytes = 0;
        while chunk.len() < CHUNK_RECORDS && bytes < CHUNK_BYTES {
            let Some(record) = records.next() else {
                break;
            };
            bytes += record.as_ref().map_or(0, |r| r.block.len());
            chunk.push(record);
        }
        if chunk.is_empty() || chunks.send((chunk, records.bytes_read())).is_err() {
            return;
        }
    }
}

/// One record read into its page and processed, or skipped, or failed.
fn record_outcome<R: WriteOut>(
    record: gleaner::Result<WarcRecord>,
    shard: &Path,
    html: &HtmlOptions,
    process: &(impl Fn(Document) -> R + Sync),
) -> RecordOutcome<R> {
    let record = match record {
        Ok(record) => record,
        Err(error) => {
            let offset = match &error {
                gleaner::Error::Warc { offset, .. } => Some(*offset),
                _ => None,
            };
            return RecordOutcome::Failed(error, offset);
        }
    };
    match read_record_page(&record, shard, html) {
        Ok(RecordPage::Page(page)) => {
            let lossy = page
                .decode
                .as_ref()
                .is_some_and(|d| d.had_replacements || d.nuls_removed > 0);
            RecordOutcome::Page(process(page.document), lossy)
        }
        Ok(RecordPage::Skipped(reason)) => RecordOutcome::Skipped(reason),
        Err(error) => RecordOutcome::Failed(error, Some(record.offset)),
    }
}
