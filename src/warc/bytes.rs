//! The bytes under a WARC shard's records: the file itself, or its gzip
//! members decoded one after the other. Each member is decoded on its own
//! (as `flate2`'s `MultiGzDecoder` does), so that a damaged member costs
//! only its own records: the stream resynchronizes at the next gzip header,
//! found in the damaged member's own compressed bytes (kept while it is
//! decoded) or further on.

use flate2::bufread::GzDecoder;
use std::io::{BufRead, Read};

/// The first bytes of a gzip member with the deflate method: what a
/// resynchronization looks for.
const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// A member's compressed bytes are kept up to this size, so that a damaged
/// member can be searched for the next member's header; past it (a shard
/// compressed whole, not record by record) the search starts where the
/// decoder stopped. Common Crawl's members are a few kilobytes to a few
/// hundred.
const MAX_KEPT_MEMBER_BYTES: usize = 64 << 20;

/// Decoded bytes are read in pieces of this size.
const READ_PIECE: usize = 64 << 10;

/// A byte source that counts what it gives out (the offset in the file),
/// can replay bytes it gave out before (after a damaged member), and keeps
/// the current gzip member's compressed bytes.
pub(super) struct Tracked<R> {
    inner: R,
    /// Bytes to give out again before `inner`'s, from `replay_at`.
    replay: Vec<u8>,
    replay_at: usize,
    /// Offset in the file of the next byte given out.
    offset: u64,
    /// The current member's compressed bytes, while kept.
    kept: Option<Vec<u8>>,
}

impl<R: BufRead> Tracked<R> {
    pub(super) fn new(inner: R) -> Tracked<R> {
        Tracked {
            inner,
            replay: Vec::new(),
            replay_at: 0,
            offset: 0,
            kept: None,
        }
    }

    /// Offset in the file of the next byte.
    pub(super) fn offset(&self) -> u64 {
        self.offset
    }

    /// Whether the file has no byte left.
    fn at_end(&mut self) -> std::io::Result<bool> {
        Ok(self.fill_buf()?.is_empty())
    }

    /// Moves to the next gzip header at or after the current byte (or to
    /// the end). A header split across two reads of the underlying reader
    /// may be missed: that costs one more record, and only after damage.
    fn skip_to_gzip_header(&mut self) -> std::io::Result<()> {
        loop {
            let buf = self.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            match find(buf, &GZIP_MAGIC) {
                Some(at) => {
                    self.consume(at);
                    return Ok(());
                }
                None => {
                    let len = buf.len();
                    let skip = len.saturating_sub(GZIP_MAGIC.len() - 1).max(1);
                    self.consume(skip.min(len));
                }
            }
        }
    }
}

impl<R: BufRead> Read for Tracked<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let buf = self.fill_buf()?;
        let n = buf.len().min(out.len());
        out[..n].copy_from_slice(&buf[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tracked<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.replay_at < self.replay.len() {
            return Ok(&self.replay[self.replay_at..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.offset += n as u64;
        if self.replay_at < self.replay.len() {
            if let Some(kept) = &mut self.kept {
                kept.extend_from_slice(&self.replay[self.replay_at..self.replay_at + n]);
            }
            self.replay_at += n;
            return;
        }
        if let Some(kept) = &mut self.kept {
            // The bytes are still in the reader's buffer: no I/O happens.
            if let Ok(buf) = self.inner.fill_buf() {
                kept.extend_from_slice(&buf[..n.min(buf.len())]);
            }
            if kept.len() > MAX_KEPT_MEMBER_BYTES {
                self.kept = None;
            }
        }
        self.inner.consume(n);
    }
}

/// Where `needle` first occurs in `haystack`.
pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// What one read of decoded bytes gave.
pub(super) enum Piece {
    /// Bytes were appended to the buffer.
    Bytes,
    /// A gzip member ended intact; the next bytes belong to the next one.
    MemberEnd,
    /// A new gzip member starts at this offset in the file; its decoded
    /// bytes start at the buffer's current end.
    MemberStart(u64),
    /// A gzip member starting at this offset is damaged; the bytes it gave
    /// since its start must be dropped. The stream has moved to the next
    /// gzip header.
    Damaged { offset: u64, message: String },
    /// The end of the file.
    End,
}

/// The decoded bytes of a shard, plain or gzip.
pub(super) enum Bytes<R: BufRead> {
    /// An uncompressed shard.
    Plain(Tracked<R>),
    /// A gzipped shard, between members (`Idle`) or inside one.
    Gzip(GzipState<R>),
}

pub(super) enum GzipState<R: BufRead> {
    Idle(Tracked<R>),
    Member {
        decoder: GzDecoder<Tracked<R>>,
        start: u64,
    },
    /// Only while switching states.
    Gone,
}

impl<R: BufRead> Bytes<R> {
    /// The decoded bytes of `inner`: gzip when it starts with a gzip
    /// header, else the bytes themselves. A shard whose first bytes are
    /// damaged is gzip when a gzip header comes before any `WARC/1.` line
    /// in its first buffer.
    pub(super) fn new(inner: R) -> std::io::Result<Bytes<R>> {
        let mut tracked = Tracked::new(inner);
        let start = tracked.fill_buf()?;
        let gzip = start.starts_with(&GZIP_MAGIC[..2])
            || (!start.starts_with(super::VERSION_PREFIX)
                && find(start, &GZIP_MAGIC)
                    .is_some_and(|at| find(start, super::VERSION_PREFIX).is_none_or(|w| at < w)));
        Ok(if gzip {
            Bytes::Gzip(GzipState::Idle(tracked))
        } else {
            Bytes::Plain(tracked)
        })
    }

    /// Whether the shard is gzipped.
    pub(super) fn is_gzip(&self) -> bool {
        matches!(self, Bytes::Gzip(_))
    }

    /// Bytes of the file read so far (compressed bytes for a gzipped
    /// shard), for progress.
    pub(super) fn file_offset(&self) -> u64 {
        match self {
            Bytes::Plain(tracked) => tracked.offset(),
            Bytes::Gzip(GzipState::Idle(tracked)) => tracked.offset(),
            Bytes::Gzip(GzipState::Member { decoder, .. }) => decoder.get_ref().offset(),
            Bytes::Gzip(GzipState::Gone) => 0,
        }
    }

    /// Appends the next decoded bytes to `buf`, or says why not.
    ///
    /// # Errors
    /// An I/O error of the underlying reader (not a damaged member, which
    /// is a [`Piece::Damaged`]).
    pub(super) fn read_into(&mut self, buf: &mut Vec<u8>) -> std::io::Result<Piece> {
        match self {
            Bytes::Plain(tracked) => {
                let piece = tracked.fill_buf()?;
                if piece.is_empty() {
                    return Ok(Piece::End);
                }
                let n = piece.len();
                buf.extend_from_slice(piece);
                tracked.consume(n);
                Ok(Piece::Bytes)
            }
            Bytes::Gzip(state) => read_gzip(state, buf),
        }
    }
}

fn read_gzip<R: BufRead>(state: &mut GzipState<R>, buf: &mut Vec<u8>) -> std::io::Result<Piece> {
    match std::mem::replace(state, GzipState::Gone) {
        GzipState::Idle(mut tracked) => {
            if tracked.at_end()? {
                *state = GzipState::Idle(tracked);
                return Ok(Piece::End);
            }
            if !tracked.fill_buf()?.starts_with(&GZIP_MAGIC) {
                // Bytes between members that are no gzip header: damage
                // the previous member's end did not show.
                let offset = tracked.offset();
                tracked.skip_to_gzip_header()?;
                *state = GzipState::Idle(tracked);
                return Ok(Piece::Damaged {
                    offset,
                    message: "bytes that are no gzip member".into(),
                });
            }
            let start = tracked.offset();
            tracked.kept = Some(Vec::new());
            *state = GzipState::Member {
                decoder: GzDecoder::new(tracked),
                start,
            };
            Ok(Piece::MemberStart(start))
        }
        GzipState::Member { mut decoder, start } => {
            let old_len = buf.len();
            buf.resize(old_len + READ_PIECE, 0);
            let read = decoder.read(&mut buf[old_len..]);
            buf.truncate(old_len + *read.as_ref().unwrap_or(&0));
            match read {
                Ok(0) => {
                    let mut tracked = decoder.into_inner();
                    tracked.kept = None;
                    *state = GzipState::Idle(tracked);
                    Ok(Piece::MemberEnd)
                }
                Ok(_) => {
                    *state = GzipState::Member { decoder, start };
                    Ok(Piece::Bytes)
                }
                Err(error) => {
                    let tracked = resynchronize(decoder.into_inner(), start)?;
                    *state = GzipState::Idle(tracked);
                    Ok(Piece::Damaged {
                        offset: start,
                        message: format!("damaged gzip member: {error}"),
                    })
                }
            }
        }
        GzipState::Gone => unreachable!("a state is always put back"),
    }
}

/// After a damaged member that started at `start`: the stream from the
/// next gzip header after `start`, searched first in the member's kept
/// bytes (the decoder may have read past the next header before it
/// failed), then further on.
fn resynchronize<R: BufRead>(mut tracked: Tracked<R>, start: u64) -> std::io::Result<Tracked<R>> {
    let kept = tracked.kept.take();
    let Some(kept) = kept else {
        tracked.skip_to_gzip_header()?;
        return Ok(tracked);
    };
    let pending = tracked.replay.split_off(tracked.replay_at.min(tracked.replay.len()));
    match kept.get(1..).and_then(|rest| find(rest, &GZIP_MAGIC)) {
        Some(at) => {
            let at = at + 1;
            let mut replay = kept[at..].to_vec();
            replay.extend_from_slice(&pending);
            tracked.replay = replay;
            tracked.replay_at = 0;
            tracked.offset = start + at as u64;
        }
        None => {
            // No header in what the member read: go on from where the
            // decoder stopped, keeping the last bytes, which may begin one.
            let tail = kept.len().saturating_sub(GZIP_MAGIC.len() - 1).max(1);
            let mut replay = kept.get(tail..).unwrap_or_default().to_vec();
            replay.extend_from_slice(&pending);
            tracked.offset = start + tail.min(kept.len()) as u64;
            tracked.replay = replay;
            tracked.replay_at = 0;
            tracked.skip_to_gzip_header()?;
        }
    }
    Ok(tracked)
}
