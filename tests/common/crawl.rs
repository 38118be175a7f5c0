//! A crawl's shard, built from the project's own authored HTML pages
//! (`training-data/train-html/pages`), for the tests of WARC input and the
//! README's WARC example. Never from the shared dev pages.

use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The authored HTML pages, by language then name.
pub fn authored_pages() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("training-data/train-html/pages");
    let mut pages = Vec::new();
    let mut languages: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    languages.sort();
    for language in languages {
        let mut files: Vec<PathBuf> = std::fs::read_dir(language)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        files.sort();
        pages.extend(files);
    }
    pages
}

pub fn record(record_type: &str, url: &str, id: usize, block: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "WARC/1.0\r\nWARC-Type: {record_type}\r\nWARC-Date: 2026-12-03T10:{:02}:{:02}Z\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{id:012}>\r\n\
         WARC-Target-URI: {url}\r\nContent-Length: {}\r\n\r\n",
        id / 60 % 60,
        id % 60,
        block.len()
    )
    .into_bytes();
    bytes.extend_from_slice(block);
    bytes.extend_from_slice(b"\r\n\r\n");
    bytes
}

pub fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes =
        format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nServer: test\r\n\r\n")
            .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

pub fn url_of(page: &Path) -> String {
    let language = page
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy();
    let name = page.file_name().unwrap().to_string_lossy();
    format!("https://news.example/{language}/{name}")
}

/// A crawl's shard: for each page a request, its response and a metadata
/// record, and among them records that are no pages. Returns the records
/// (each to be one gzip member) and the index of each page's response.
pub fn crawl(pages: &[PathBuf]) -> (Vec<Vec<u8>>, Vec<usize>) {
    let mut records = vec![record("warcinfo", "", 0, b"software: gleaner tests\r\n")];
    let mut responses = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let url = url_of(page);
        let request = format!("GET {url} HTTP/1.1\r\nHost: news.example\r\n\r\n");
        records.push(record("request", &url, 3 * i + 1, request.as_bytes()));
        responses.push(records.len());
        let body = std::fs::read(page).unwrap();
        records.push(record(
            "response",
            &url,
            3 * i + 2,
            &http("200 OK", "text/html", &body),
        ));
        records.push(record("metadata", &url, 3 * i + 3, b"fetchTimeMs: 41\r\n"));
        if i == 2 {
            let moved = http(
                "301 Moved Permanently",
                "text/html",
                b"<a href=/x>moved</a>",
            );
            records.push(record(
                "response",
                "https://news.example/old",
                90_001,
                &moved,
            ));
            let image = http("200 OK", "image/png", b"\x89PNG\r\n\x1a\n");
            records.push(record(
                "response",
                "https://news.example/a.png",
                90_002,
                &image,
            ));
            let robots = http("200 OK", "text/plain", b"User-agent: *\nDisallow:\n");
            records.push(record(
                "response",
                "https://news.example/robots.txt",
                90_003,
                &robots,
            ));
        }
    }
    (records, responses)
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}
