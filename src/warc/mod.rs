//! The WARC reader: a Common Crawl shard (WARC or WET, gzipped record by
//! record or not compressed) → its records, one at a time, in bounded
//! memory; and a record → the page it holds ([`page`]), read by the HTML
//! reader or as plain text.
//!
//! A damaged record is an [`Error::Warc`] naming the shard and the
//! record's byte offset, and reading goes on: a damaged gzip member costs
//! its own records (the bytes resynchronize at the next gzip header), a
//! header without a version line or a length, or a block that does not end
//! where its `Content-Length` says, costs that record (the reader looks for
//! the next `WARC/1.` line after the record's start).
//!
//! The parser is ours, over flate2: the format is a version line, `Name:
//! value` headers, a blank line and `Content-Length` bytes, and a record
//! reader of our own can resynchronize after damage, which the WARC crates
//! we looked at stop on.
//!
//! ```
//! use gleaner::warc::WarcReader;
//!
//! let shard = b"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 5\r\n\r\nHello\r\n\r\n";
//! let records: Vec<_> = WarcReader::new("shard.wet", &shard[..]).unwrap().collect();
//! let record = records[0].as_ref().unwrap();
//! assert_eq!(record.header("warc-type"), Some("conversion"));
//! assert_eq!(record.block, b"Hello");
//! ```

mod bytes;
pub mod page;

use crate::error::{Error, Result};
use bytes::{Bytes, Piece, find};
use std::io::BufRead;
use std::path::PathBuf;

pub use page::{RecordPage, SkipCounts, SkipReason, read_record_page};

/// A record header longer than this is damage: Common Crawl's are under
/// 2 KiB.
const MAX_HEADER_BYTES: usize = 64 << 10;

/// A record block longer than this is refused as damage (a length read
/// from broken bytes would otherwise make the reader wait for gigabytes):
/// the HTML reader's own limit on a page's bytes.
pub const MAX_RECORD_BYTES: u64 = crate::html::MAX_DECOMPRESSED_BYTES as u64;

/// While one gzip member has decoded fewer bytes than this, its records
/// wait for the member's end (so that a member failing its checksum gives
/// an error, not a record with damaged text); past it (a shard compressed
/// whole) records are read as they come.
const MEMBER_WAIT_BYTES: usize = 16 << 20;

/// Where a record's bytes start.
const VERSION_PREFIX: &[u8] = b"WARC/1.";

/// One WARC record: its headers and its block (for a response, the HTTP
/// response with its headers; for a WET conversion, the page's text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRecord {
    /// Byte offset of the record in the shard: of its gzip member when the
    /// shard is gzipped (as Common Crawl's indexes give it).
    pub offset: u64,
    /// The named headers, in order, as written.
    pub headers: Vec<(String, String)>,
    /// The record's block: `Content-Length` bytes.
    pub block: Vec<u8>,
}

impl WarcRecord {
    /// The value of the first header named `name` (in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Reads the records of a WARC or WET shard, gzipped or not (told by its
/// first bytes), as an iterator of records and errors. After an error that
/// concerns a record, the next item is the next readable record; an I/O
/// error of the reader ends the iteration.
pub struct WarcReader<R: BufRead> {
    path: PathBuf,
    bytes: Bytes<R>,
    /// Decoded bytes not yet made into records, from `start`.
    buf: Vec<u8>,
    start: usize,
    /// Gzip: where each member's decoded bytes start in `buf`, and its
    /// offset in the file. Plain: one entry, `buf`'s first byte.
    members: Vec<(usize, u64)>,
    /// Bytes of `buf` that records may be read from: those of members that
    /// ended intact (or all, see [`MEMBER_WAIT_BYTES`]).
    ready: usize,
    /// A damaged region was reported; errors until the next intact member
    /// are part of it and not reported again.
    damaged: bool,
    ended: bool,
}

/// What the buffer holds at its start.
enum Parsed {
    Record(WarcRecord),
    /// Not enough bytes for a whole record yet.
    NeedMore,
    /// A damaged record: why.
    Damaged(String),
}

impl<R: BufRead> WarcReader<R> {
    /// A reader of the shard `reader`, named `path` in errors.
    ///
    /// # Errors
    /// [`Error::Io`] when the first bytes cannot be read.
    pub fn new(path: impl Into<PathBuf>, reader: R) -> Result<WarcReader<R>> {
        let path = path.into();
        let bytes = Bytes::new(reader).map_err(|e| Error::io(&path, e))?;
        let members = if bytes.is_gzip() {
            Vec::new()
        } else {
            vec![(0, 0)]
        };
        Ok(WarcReader {
            path,
            bytes,
            buf: Vec::new(),
            start: 0,
            members,
            ready: 0,
            damaged: false,
            ended: false,
        })
    }

    /// Bytes of the shard read so far (compressed bytes when it is
    /// gzipped), for progress.
    pub fn bytes_read(&self) -> u64 {
        self.bytes.file_offset()
    }

    /// The file offset of the record starting at `at` in the buffer.
    fn offset_of(&self, at: usize) -> u64 {
        match self.members.iter().rev().find(|(start, _)| *start <= at) {
            Some(&(start, offset)) if !self.bytes.is_gzip() => offset + (at - start) as u64,
            Some(&(_, offset)) => offset,
            None => self.bytes.file_offset(),
        }
    }

    fn error(&self, offset: u64, message: impl Into<String>) -> Error {
        Error::Warc {
            path: self.path.clone(),
            offset,
            message: message.into(),
        }
    }

    /// Drops the bytes before `start`, keeping member positions right.
    fn compact(&mut self) {
        if self.start == 0 {
            return;
        }
        let start = self.start;
        let plain = !self.bytes.is_gzip();
        // The member holding `start` stays, moved to 0 (a plain shard's
        // one entry moves its offset along).
        let keep_from = self
            .members
            .iter()
            .rposition(|(at, _)| *at <= start)
            .unwrap_or(0);
        self.members.drain(..keep_from);
        for (at, offset) in &mut self.members {
            if *at <= start {
                if plain {
                    *offset += (start - *at) as u64;
                }
                *at = 0;
            } else {
                *at -= start;
            }
        }
        self.buf.drain(..start);
        self.ready -= start;
        self.start = 0;
    }

    /// Reads more decoded bytes; `Ok(false)` at the end of the shard.
    fn fill(&mut self) -> Result<std::result::Result<bool, Error>> {
        self.compact();
        let piece = self
            .bytes
            .read_into(&mut self.buf)
            .map_err(|e| Error::io(&self.path, e))?;
        Ok(match piece {
            Piece::Bytes => {
                let plain = !self.bytes.is_gzip();
                let member_start = self.members.last().map_or(0, |m| m.0);
                if plain || self.buf.len() - member_start > MEMBER_WAIT_BYTES {
                    self.ready = self.buf.len();
                }
                Ok(true)
            }
            Piece::MemberStart(offset) => {
                self.members.push((self.buf.len(), offset));
                Ok(true)
            }
            Piece::MemberEnd => {
                self.ready = self.buf.len();
                self.damaged = false;
                Ok(true)
            }
            Piece::Damaged { offset, message } => {
                // The damaged member's bytes go, and so does a record that
                // began before it and needed its bytes.
                let record_offset = self.offset_of(self.start);
                let partial = self.buf[self.start..self.ready]
                    .iter()
                    .any(|b| !b.is_ascii_whitespace());
                self.buf.truncate(self.ready);
                if let Some(last) = self.members.last()
                    && last.0 >= self.ready
                {
                    self.members.pop();
                }
                if partial {
                    self.start = self.ready;
                }
                if self.damaged {
                    Ok(true)
                } else {
                    self.damaged = true;
                    let offset = if partial { record_offset } else { offset };
                    Err(self.error(offset, message))
                }
            }
            Piece::End => Ok(false),
        })
    }

    /// Parses the record at the buffer's start, if its bytes are there.
    fn parse(&mut self) -> Parsed {
        let ready = &self.buf[self.start..self.ready];
        let skipped = ready
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        self.start += skipped;
        let ready = &ready[skipped..];
        if ready.len() < VERSION_PREFIX.len() {
            return if VERSION_PREFIX.starts_with(ready) {
                Parsed::NeedMore
            } else {
                Parsed::Damaged("no WARC/1.x version line".into())
            };
        }
        if !ready.starts_with(VERSION_PREFIX) {
            return Parsed::Damaged("no WARC/1.x version line".into());
        }
        let Some(header_end) = find(&ready[..ready.len().min(MAX_HEADER_BYTES)], b"\r\n\r\n")
        else {
            return if ready.len() < MAX_HEADER_BYTES {
                Parsed::NeedMore
            } else {
                Parsed::Damaged(format!("a header longer than {MAX_HEADER_BYTES} bytes"))
            };
        };
        let headers = parse_headers(&ready[..header_end]);
        let length = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.trim().parse::<u64>().ok());
        let Some(length) = length else {
            return Parsed::Damaged("no valid Content-Length".into());
        };
        if length > MAX_RECORD_BYTES {
            return Parsed::Damaged(format!(
                "Content-Length {length} past the limit of {MAX_RECORD_BYTES} bytes"
            ));
        }
        let block_start = header_end + 4;
        let block_end = block_start + length as usize;
        if ready.len() < block_end + 4 {
            return Parsed::NeedMore;
        }
        if &ready[block_end..block_end + 4] != b"\r\n\r\n" {
            return Parsed::Damaged(format!(
                "the block does not end where its Content-Length ({length}) says"
            ));
        }
        let record = WarcRecord {
            offset: self.offset_of(self.start),
            headers,
            block: ready[block_start..block_end].to_vec(),
        };
        self.start += block_end + 4;
        Parsed::Record(record)
    }

    /// After a damaged record at the buffer's start: moves to the next
    /// `WARC/1.` after it, reading on as far as needed. Only bytes of intact
    /// members are searched.
    fn skip_damaged_record(&mut self) -> Result<()> {
        let mut from = self.start + 1;
        loop {
            if let Some(at) = find(&self.buf[from.min(self.ready)..self.ready], VERSION_PREFIX) {
                self.start = from + at;
                return Ok(());
            }
            // Keep the last bytes, which may begin a version line.
            let keep = VERSION_PREFIX.len() - 1;
            self.start = self.ready.saturating_sub(keep).max(self.start);
            match self.fill()? {
                Ok(true) => {}
                Ok(false) => {
                    self.start = self.ready;
                    return Ok(());
                }
                // A damaged member inside a damaged record's bytes: the
                // same damage, reported once.
                Err(_) => {}
            }
            from = self.start;
        }
    }

    fn next_record(&mut self) -> Option<Result<WarcRecord>> {
        loop {
            match self.parse() {
                Parsed::Record(record) => {
                    self.damaged = false;
                    return Some(Ok(record));
                }
                Parsed::Damaged(message) => {
                    let error = self.error(self.offset_of(self.start), message);
                    let reported = self.damaged;
                    if let Err(io) = self.skip_damaged_record() {
                        self.ended = true;
                        return Some(Err(io));
                    }
                    if reported {
                        continue;
                    }
                    self.damaged = true;
                    return Some(Err(error));
                }
                Parsed::NeedMore => match self.fill() {
                    Err(io) => {
                        self.ended = true;
                        return Some(Err(io));
                    }
                    Ok(Ok(true)) => {}
                    Ok(Ok(false)) => {
                        let rest = &self.buf[self.start..];
                        if rest.iter().all(u8::is_ascii_whitespace) {
                            self.ended = true;
                            return None;
                        }
                        // A record cut by the end, or whose length runs
                        // past it: records may still follow its start.
                        let offset = self.offset_of(self.start);
                        let error = self.error(offset, "the shard ends before this record does (cut short, or a wrong Content-Length)");
                        if let Err(io) = self.skip_damaged_record() {
                            self.ended = true;
                            return Some(Err(io));
                        }
                        self.damaged = true;
                        return Some(Err(error));
                    }
                    Ok(Err(damaged)) => return Some(Err(damaged)),
                },
            }
        }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<WarcRecord>;

    fn next(&mut self) -> Option<Result<WarcRecord>> {
        if self.ended {
            return None;
        }
        self.next_record()
    }
}

/// The `Name: value` headers after the version line; a line starting with
/// a space or a tab continues the one before. Bytes that are not UTF-8
/// (the standard allows only UTF-8) are replaced.
fn parse_headers(header: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(header);
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in text.split("\r\n").skip(1) {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    headers
}

#[cfg(test)]
mod tests;
