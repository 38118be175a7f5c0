//! The reader on shards built here: plain, gzipped record by record and
//! gzipped whole, intact and damaged.

use super::*;
use crate::html::HtmlOptions;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;
use std::path::Path;

/// One record's bytes.
fn record(record_type: &str, url: &str, block: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "WARC/1.0\r\nWARC-Type: {record_type}\r\nWARC-Target-URI: {url}\r\n\
         WARC-Record-ID: <urn:uuid:{url}>\r\nWARC-Date: 2026-12-03T12:00:00Z\r\n\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    bytes.extend_from_slice(block);
    bytes.extend_from_slice(b"\r\n\r\n");
    bytes
}

fn response(url: &str, content_type: &str, body: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n{body}");
    record("response", url, http.as_bytes())
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn pages(n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            response(
                &format!("https://example.org/{i}"),
                "text/html",
                &format!("<h1>Page {i}</h1><p>Text of page {i}.</p>"),
            )
        })
        .collect()
}

fn urls(shard: &[u8]) -> Vec<Result<String, u64>> {
    WarcReader::new("shard", shard)
        .unwrap()
        .map(|record| match record {
            Ok(record) => Ok(record.header("WARC-Target-URI").unwrap_or("?").to_string()),
            Err(Error::Warc { offset, .. }) => Err(offset),
            Err(other) => panic!("{other}"),
        })
        .collect()
}

fn expected(n: usize) -> Vec<Result<String, u64>> {
    (0..n).map(|i| Ok(format!("https://example.org/{i}"))).collect()
}

#[test]
fn plain_and_gzipped_shards_give_every_record_in_order() {
    let records = pages(5);
    assert_eq!(urls(&records.concat()), expected(5));
    let per_record: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    assert_eq!(urls(&per_record), expected(5));
    assert_eq!(urls(&gzip(&records.concat())), expected(5));
    assert!(urls(b"").is_empty());
}

#[test]
fn offsets_are_those_of_records_or_gzip_members() {
    let records = pages(3);
    let offsets: Vec<u64> = WarcReader::new("s", &records.concat()[..])
        .unwrap()
        .map(|r| r.unwrap().offset)
        .collect();
    let first = records[0].len() as u64;
    assert_eq!(offsets, [0, first, first + records[1].len() as u64]);
    let members: Vec<Vec<u8>> = records.iter().map(|r| gzip(r)).collect();
    let offsets: Vec<u64> = WarcReader::new("s", &members.concat()[..])
        .unwrap()
        .map(|r| r.unwrap().offset)
        .collect();
    let first = members[0].len() as u64;
    assert_eq!(offsets, [0, first, first + members[1].len() as u64]);
}

#[test]
fn a_damaged_gzip_member_costs_its_record_only() {
    let members: Vec<Vec<u8>> = pages(5).iter().map(|r| gzip(r)).collect();
    let damaged_offset: usize = members[..2].iter().map(Vec::len).sum();
    let mut shard = members.concat();
    // Bytes in the middle of the third member's deflate data.
    let middle = damaged_offset + members[2].len() / 2;
    for byte in &mut shard[middle..middle + 8] {
        *byte ^= 0x5a;
    }
    let mut want = expected(5);
    want[2] = Err(damaged_offset as u64);
    assert_eq!(urls(&shard), want);
}

#[test]
fn garbage_between_members_and_a_cut_member_cost_one_record() {
    let members: Vec<Vec<u8>> = pages(4).iter().map(|r| gzip(r)).collect();
    // The second member cut short, then the rest.
    let mut shard = members[0].clone();
    shard.extend_from_slice(&members[1][..members[1].len() / 2]);
    shard.extend_from_slice(&members[2..].concat());
    let got = urls(&shard);
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[0], Ok("https://example.org/0".into()));
    assert_eq!(got[1], Err(members[0].len() as u64));
    assert_eq!(&got[2..], &expected(4)[2..]);
}

#[test]
fn a_wrong_length_or_a_broken_header_costs_that_record_only() {
    let records = pages(4);
    let text = String::from_utf8(records[1].clone()).unwrap();
    let longer = text.replacen("Content-Length: ", "Content-Length: 1", 1);
    let shard = [
        records[0].clone(),
        longer.into_bytes(),
        records[2].clone(),
        records[3].clone(),
    ]
    .concat();
    let mut want = expected(4);
    want[1] = Err(records[0].len() as u64);
    assert_eq!(urls(&shard), want);
    let broken = text.replacen("WARC/1.0", "WARX/1.0", 1);
    let shard = [records[0].clone(), broken.into_bytes(), records[2].clone()].concat();
    assert_eq!(
        urls(&shard),
        [
            Ok("https://example.org/0".into()),
            Err(records[0].len() as u64),
            Ok("https://example.org/2".into())
        ]
    );
    // The same in a gzipped shard.
    let members: Vec<Vec<u8>> = [
        records[0].clone(),
        text.replacen("Content-Length: ", "Content-Length: 9", 1)
            .into_bytes(),
        records[2].clone(),
    ]
    .iter()
    .map(|r| gzip(r))
    .collect();
    assert_eq!(
        urls(&members.concat()),
        [
            Ok("https://example.org/0".into()),
            Err(members[0].len() as u64),
            Ok("https://example.org/2".into())
        ]
    );
}

#[test]
fn a_shard_cut_inside_a_record_says_so() {
    let records = pages(2);
    let shard = [&records[0][..], &records[1][..40]].concat();
    let got: Vec<_> = WarcReader::new("cut.warc", &shard[..]).unwrap().collect();
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[1].as_ref().unwrap_err().to_string(),
        format!(
            "cut.warc: WARC record at byte offset {}: the shard ends before this record does \
             (cut short, or a wrong Content-Length)",
            records[0].len()
        )
    );
}

fn page_of(bytes: &[u8], options: &HtmlOptions) -> RecordPage {
    let record = WarcReader::new("s", bytes).unwrap().next().unwrap().unwrap();
    read_record_page(&record, Path::new("s"), options).unwrap()
}

fn skipped(bytes: &[u8]) -> Option<SkipReason> {
    match page_of(bytes, &HtmlOptions::default()) {
        RecordPage::Skipped(reason) => Some(reason),
        RecordPage::Page(_) => None,
    }
}

#[test]
fn records_that_are_not_pages_are_skipped_with_their_reason() {
    let http = |status: &str, content_type: &str| {
        format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n<p>x</p>")
    };
    let at = |block: String| record("response", "https://example.org/a", block.as_bytes());
    assert_eq!(
        skipped(&record("request", "https://example.org/", b"GET / HTTP/1.1\r\n\r\n")),
        Some(SkipReason::RecordType)
    );
    assert_eq!(skipped(&record("metadata", "u", b"fetchTimeMs: 5")), Some(SkipReason::RecordType));
    assert_eq!(skipped(&at(http("301 Moved", "text/html"))), Some(SkipReason::Redirect));
    assert_eq!(skipped(&at(http("404 Not Found", "text/html"))), Some(SkipReason::Status));
    assert_eq!(skipped(&at(http("200 OK", "image/jpeg"))), Some(SkipReason::MediaType));
    assert_eq!(skipped(&at(http("200 OK", "text/html; charset=utf-8"))), None);
    let robots = record(
        "response",
        "https://example.org/robots.txt",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nUser-agent: *",
    );
    assert_eq!(skipped(&robots), Some(SkipReason::Robots));
    let mut counts = SkipCounts::default();
    counts.add(SkipReason::RecordType);
    counts.add(SkipReason::RecordType);
    counts.add(SkipReason::Redirect);
    assert_eq!(counts.to_string(), "3 records skipped (2 not a response, 1 redirect)");
}

#[test]
fn the_http_charset_decodes_the_page_and_the_record_names_it() {
    // "Café" in windows-1251 would be wrong; the header says latin1.
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n<p>Caf".to_vec();
    http.extend_from_slice(&[0xe9]);
    http.extend_from_slice(b" de la gare</p>");
    let bytes = record("response", "https://example.org/cafe", &http);
    let RecordPage::Page(page) = page_of(&bytes, &HtmlOptions::default()) else {
        panic!("a page")
    };
    assert_eq!(page.document.blocks[0].text, "Café de la gare");
    assert_eq!(page.document.id, "https://example.org/cafe");
    let archive = page.document.archive.unwrap();
    assert_eq!(archive.url.as_deref(), Some("https://example.org/cafe"));
    assert_eq!(archive.record_id.as_deref(), Some("<urn:uuid:https://example.org/cafe>"));
    assert_eq!(archive.date.as_deref(), Some("2026-12-03T12:00:00Z"));
}

#[test]
fn wet_conversions_and_text_responses_are_text() {
    let wet = record("conversion", "https://example.org/t", "Title\n\nFirst paragraph.".as_bytes());
    let RecordPage::Page(page) = page_of(&wet, &HtmlOptions::default()) else {
        panic!("a page")
    };
    let texts: Vec<&str> = page.document.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["Title", "First paragraph."]);
    let chunked = record(
        "response",
        "https://example.org/c",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n6\r\n world\r\n0\r\n\r\n",
    );
    let RecordPage::Page(page) = page_of(&chunked, &HtmlOptions::default()) else {
        panic!("a page")
    };
    assert_eq!(page.document.blocks[0].text, "Hello world");
}

/// Damage anywhere in a shard: the reader ends without panicking and
/// gives every record whose bytes (or gzip member) the damage missed.
#[test]
fn damage_anywhere_costs_only_the_records_it_hits() {
    let records = pages(6);
    for gzipped in [false, true] {
        let parts: Vec<Vec<u8>> = if gzipped {
            records.iter().map(|r| gzip(r)).collect()
        } else {
            records.clone()
        };
        let shard = parts.concat();
        let mut starts = vec![0];
        for part in &parts {
            starts.push(starts.last().unwrap() + part.len());
        }
        for at in (0..shard.len() - 4).step_by(1) {
            let mut damaged = shard.clone();
            for byte in &mut damaged[at..at + 4] {
                *byte ^= 0xa5;
            }
            let got: Vec<String> = urls(&damaged).into_iter().flatten().collect();
            for (i, window) in starts.windows(2).enumerate() {
                let missed = window[1] <= at || window[0] >= at + 4;
                let url = format!("https://example.org/{i}");
                if missed {
                    assert!(got.contains(&url), "gzip {gzipped}, damage at {at}: {url} lost");
                }
            }
        }
    }
}

/// Regression (found by the warc fuzz target): a URL whose last 11 bytes
/// start inside a character panicked in the robots.txt test.
#[test]
fn a_url_ending_inside_a_character_is_no_robots_txt() {
    let page = record(
        "response",
        "https://example.org/h\u{fffd}\u{fffd}\u{fffd}\u{fffd}",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nHarbour town opens its park",
    );
    assert_eq!(skipped(&page), None);
}
