//! A WARC record → the page it holds, or why it holds none. A `response`
//! record's block is an HTTP response: a 2xx HTML page goes through the
//! HTML reader, decoded by its HTTP `Content-Type` charset (over the
//! page's own `<meta charset>`, as browsers do); a `text/plain` one is read
//! as text. A WET `conversion` record is the page's text already; a
//! `resource` record is a page stored without HTTP. Everything else
//! (requests, metadata, redirects, images, robots.txt, other statuses) is
//! skipped with its [`SkipReason`], for the summary.

use super::WarcRecord;
use crate::blocks::document_from_text;
use crate::document::ArchiveRecord;
use crate::error::{Error, Result};
use crate::html::{DecodeReport, EncodingSource, HtmlOptions, charset_name, read_html};
use crate::input::SourceDocument;
use std::borrow::Cow;
use std::path::Path;

/// Why a record holds no page to clean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// A record of another type: `warcinfo`, `request`, `metadata`,
    /// `revisit`, `continuation` …
    RecordType,
    /// A response whose status is a redirect (3xx).
    Redirect,
    /// A response whose status is neither success (2xx) nor a redirect.
    Status,
    /// A `robots.txt` file.
    Robots,
    /// A response or resource that is neither HTML nor plain text
    /// (images, PDFs, scripts, feeds …).
    MediaType,
}

impl SkipReason {
    /// Every reason, in the summary's order.
    pub const ALL: [SkipReason; 5] = [
        SkipReason::RecordType,
        SkipReason::Redirect,
        SkipReason::Status,
        SkipReason::Robots,
        SkipReason::MediaType,
    ];

    /// How the summary names it.
    pub fn name(self) -> &'static str {
        match self {
            SkipReason::RecordType => "not a response",
            SkipReason::Redirect => "redirect",
            SkipReason::Status => "not 2xx",
            SkipReason::Robots => "robots.txt",
            SkipReason::MediaType => "not HTML or text",
        }
    }
}

/// How many records were skipped for each reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SkipCounts([usize; SkipReason::ALL.len()]);

impl SkipCounts {
    /// Counts one skipped record.
    pub fn add(&mut self, reason: SkipReason) {
        self.0[reason as usize] += 1;
    }

    /// Adds another count's records.
    pub fn merge(&mut self, other: &SkipCounts) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine += theirs;
        }
    }

    /// Records skipped for `reason`.
    pub fn get(&self, reason: SkipReason) -> usize {
        self.0[reason as usize]
    }

    /// Records skipped in all.
    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

impl std::fmt::Display for SkipCounts {
    /// `1006 records skipped (503 not a response, 12 redirect)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total = self.total();
        write!(f, "{total} record{} skipped", if total == 1 { "" } else { "s" })?;
        let parts: Vec<String> = SkipReason::ALL
            .iter()
            .filter(|reason| self.get(**reason) > 0)
            .map(|reason| format!("{} {}", self.get(*reason), reason.name()))
            .collect();
        if !parts.is_empty() {
            write!(f, " ({})", parts.join(", "))?;
        }
        Ok(())
    }
}

/// What a record holds.
#[derive(Debug)]
pub enum RecordPage {
    /// A page, read into a document that carries the record's URL, id and
    /// date, with how its bytes were decoded.
    Page(SourceDocument),
    /// No page.
    Skipped(SkipReason),
}

/// What a page's bytes are.
enum PageKind {
    Html,
    Text,
}

/// The page a record holds, read: HTML through the HTML reader (with
/// `options`, whose charset, when set, wins over the HTTP header's), text
/// split into blocks. The document's id is the record's URL (or
/// `shard@offset` without one).
///
/// # Errors
/// [`Error::Warc`] naming the shard and the record's offset for a
/// response whose block is no HTTP response; the HTML reader's errors.
pub fn read_record_page(
    record: &WarcRecord,
    shard: &Path,
    options: &HtmlOptions,
) -> Result<RecordPage> {
    let record_type = record.header("WARC-Type").unwrap_or("");
    let url = record.header("WARC-Target-URI");
    let (kind, content_type, body) = if record_type.eq_ignore_ascii_case("response") {
        let Some(response) = HttpResponse::parse(&record.block) else {
            return Err(Error::Warc {
                path: shard.to_path_buf(),
                offset: record.offset,
                message: "a response record whose block is no HTTP response".into(),
            });
        };
        if let Some(reason) = response.status_skip() {
            return Ok(RecordPage::Skipped(reason));
        }
        let body = response.body();
        match page_kind(response.header("content-type"), &body) {
            Some(kind) => (kind, response.header("content-type"), body),
            None => return Ok(RecordPage::Skipped(SkipReason::MediaType)),
        }
    } else if record_type.eq_ignore_ascii_case("resource") {
        let content_type = record.header("Content-Type");
        match page_kind(content_type, &record.block) {
            Some(kind) => (kind, content_type, Cow::Borrowed(&record.block[..])),
            None => return Ok(RecordPage::Skipped(SkipReason::MediaType)),
        }
    } else if record_type.eq_ignore_ascii_case("conversion") {
        // WET: the page's text, in UTF-8.
        (PageKind::Text, None, Cow::Borrowed(&record.block[..]))
    } else {
        return Ok(RecordPage::Skipped(SkipReason::RecordType));
    };
    if url.is_some_and(is_robots_txt) {
        return Ok(RecordPage::Skipped(SkipReason::Robots));
    }
    let id = match url {
        Some(url) => url.to_string(),
        None => format!("{}@{}", shard.display(), record.offset),
    };
    let charset = content_type.and_then(charset_parameter);
    let (mut document, report) = match kind {
        PageKind::Html => {
            let http_charset = charset.filter(|label| charset_name(label).is_ok());
            let options = match (&options.charset, http_charset) {
                (None, Some(label)) => Cow::Owned(HtmlOptions {
                    charset: Some(label.to_string()),
                    ..options.clone()
                }),
                _ => Cow::Borrowed(options),
            };
            read_html(id, &body, &options)?
        }
        PageKind::Text => read_text(id, &body, charset.or(options.charset.as_deref())),
    };
    document.archive = Some(Box::new(ArchiveRecord {
        url: url.map(str::to_string),
        record_id: record.header("WARC-Record-ID").map(str::to_string),
        date: record.header("WARC-Date").map(str::to_string),
    }));
    Ok(RecordPage::Page(SourceDocument {
        document,
        decode: Some(report),
    }))
}

/// A text page decoded by its charset (UTF-8 when it has none or an
/// unknown one), malformed bytes replaced and NULs removed, as for HTML.
fn read_text(
    id: String,
    bytes: &[u8],
    charset: Option<&str>,
) -> (crate::document::Document, DecodeReport) {
    let named = charset.and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    let encoding = named.unwrap_or(encoding_rs::UTF_8);
    let (text, had_replacements) = encoding.decode_with_bom_removal(bytes);
    let nuls_removed = text.matches('\0').count();
    let text = if nuls_removed > 0 {
        Cow::Owned(text.replace('\0', ""))
    } else {
        text
    };
    let report = DecodeReport {
        encoding: encoding.name().to_string(),
        source: if named.is_some() {
            EncodingSource::Override
        } else {
            EncodingSource::Utf8
        },
        gzip: false,
        had_replacements,
        nuls_removed,
        nesting_too_deep: false,
    };
    (document_from_text(id, &text), report)
}

/// Whether a URL names a site's robots.txt.
fn is_robots_txt(url: &str) -> bool {
    // Compared as bytes: a URL's last 11 bytes need not start on a
    // character boundary (found by the warc fuzz target).
    let path = url.split(['?', '#']).next().unwrap_or(url).as_bytes();
    path.len() >= 11 && path[path.len() - 11..].eq_ignore_ascii_case(b"/robots.txt")
}

/// HTML, text, or not a page, by the media type (and, without one, by the
/// body's first bytes).
fn page_kind(content_type: Option<&str>, body: &[u8]) -> Option<PageKind> {
    let media = content_type
        .map(|value| value.split(';').next().unwrap_or("").trim())
        .unwrap_or("");
    if media.is_empty() {
        return looks_like_html(body).then_some(PageKind::Html);
    }
    if media.eq_ignore_ascii_case("text/html") || media.eq_ignore_ascii_case("application/xhtml+xml")
    {
        Some(PageKind::Html)
    } else if media.eq_ignore_ascii_case("text/plain") {
        Some(PageKind::Text)
    } else {
        None
    }
}

/// Whether a body without a media type starts like an HTML page.
fn looks_like_html(body: &[u8]) -> bool {
    let start: Vec<u8> = body
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(14)
        .map(u8::to_ascii_lowercase)
        .collect();
    start.starts_with(b"<!doctype html") || start.starts_with(b"<html")
}

/// The `charset` parameter of a `Content-Type` value.
fn charset_parameter(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']))
            .filter(|value| !value.is_empty())
    })
}

/// An HTTP response as a WARC response record holds it.
struct HttpResponse<'a> {
    status: u16,
    headers: Vec<(&'a str, &'a str)>,
    body: &'a [u8],
}

impl<'a> HttpResponse<'a> {
    /// The status line, headers and body; lines may end in `\r\n` or
    /// `\n`, as servers send them. `None` when it is no HTTP response.
    fn parse(block: &'a [u8]) -> Option<HttpResponse<'a>> {
        let header_end = super::find(block, b"\r\n\r\n")
            .map(|at| (at, at + 4))
            .or_else(|| super::find(block, b"\n\n").map(|at| (at, at + 2)));
        let (head, body) = match header_end {
            Some((end, body_start)) => (&block[..end], &block[body_start..]),
            None => (block, &block[block.len()..]),
        };
        let head = std::str::from_utf8(head).ok()?;
        let mut lines = head.lines();
        let status_line = lines.next()?;
        let mut parts = status_line.split_whitespace();
        if !parts.next()?.starts_with("HTTP/") {
            return None;
        }
        let status = parts.next()?.parse().ok()?;
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim(), value.trim()))
            .collect();
        Some(HttpResponse {
            status,
            headers,
            body,
        })
    }

    fn header(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| *value)
    }

    /// Why the status says there is no page, if it does.
    fn status_skip(&self) -> Option<SkipReason> {
        match self.status {
            200..=299 => None,
            300..=399 => Some(SkipReason::Redirect),
            _ => Some(SkipReason::Status),
        }
    }

    /// The body, without chunked transfer encoding when the record kept it
    /// (Common Crawl stores bodies de-chunked; other crawlers do not).
    fn body(&self) -> Cow<'a, [u8]> {
        let chunked = self
            .header("transfer-encoding")
            .is_some_and(|value| value.to_ascii_lowercase().contains("chunked"));
        match chunked.then(|| dechunk(self.body)).flatten() {
            Some(body) => Cow::Owned(body),
            None => Cow::Borrowed(self.body),
        }
    }
}

/// A chunked body's data, or `None` when it is not chunked after all.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut data = Vec::with_capacity(body.len());
    loop {
        let line_end = super::find(body, b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(data);
        }
        data.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}
