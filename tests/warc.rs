//! End-to-end tests of WARC and WET input: shards built here from the
//! project's own authored HTML pages (`training-data/train-html`), read by
//! the real binary.

use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn gleaner(args: &[&str], input: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gleaner"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gleaner runs");
    let mut stdin = child.stdin.take().unwrap();
    if let Some(input) = input {
        stdin.write_all(input).unwrap();
    }
    drop(stdin);
    child.wait_with_output().unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gleaner-warc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every 4th authored HTML page, in name order.
fn authored_pages() -> Vec<PathBuf> {
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
    pages.into_iter().step_by(4).collect()
}

fn record(record_type: &str, url: &str, id: usize, block: &[u8]) -> Vec<u8> {
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

fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes =
        format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nServer: test\r\n\r\n")
            .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn url_of(page: &Path) -> String {
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
fn crawl(pages: &[PathBuf]) -> (Vec<Vec<u8>>, Vec<usize>) {
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

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn lines(output: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(output.to_vec())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn texts(record: &serde_json::Value) -> Vec<String> {
    record["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_response_record_is_one_line_with_its_url_in_order() {
    let pages = authored_pages();
    let (records, _) = crawl(&pages);
    let dir = temp_dir("round-trip");
    let shard = dir.join("crawl.warc.gz");
    let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    std::fs::write(&shard, members).unwrap();
    let out = dir.join("out.jsonl");
    let run = gleaner(
        &[
            "classify",
            shard.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let got = lines(&std::fs::read(&out).unwrap());
    assert_eq!(got.len(), pages.len());
    for (i, (record, page)) in got.iter().zip(&pages).enumerate() {
        assert_eq!(record["url"], url_of(page));
        assert_eq!(record["id"], url_of(page));
        assert_eq!(
            record["warc_record_id"],
            format!("<urn:uuid:00000000-0000-0000-0000-{:012}>", 3 * i + 2)
        );
        assert!(
            record["warc_date"]
                .as_str()
                .unwrap()
                .starts_with("2026-12-03T10:")
        );
    }
    let skipped = 1 + 2 * pages.len() + 3;
    assert!(
        stderr.contains(&format!(
            "{} documents, 0 failed, {skipped} records skipped ({} not a response, 1 redirect, \
             1 robots.txt, 1 not HTML or text)",
            pages.len(),
            skipped - 3
        )),
        "{stderr}"
    );
    // The same blocks as the pages read from files.
    let mut args = vec!["classify", "--format", "jsonl"];
    let names: Vec<String> = pages.iter().map(|p| p.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    let from_files = gleaner(&args, None);
    assert!(from_files.status.success());
    let from_files = lines(&from_files.stdout);
    assert_eq!(from_files.len(), got.len());
    for (warc, file) in got.iter().zip(&from_files) {
        assert_eq!(texts(warc), texts(file), "{}", warc["url"]);
        assert_eq!(warc["blocks"], file["blocks"], "{}", warc["url"]);
    }
}

#[test]
fn damaged_bytes_in_the_middle_cost_that_record_only() {
    let pages: Vec<PathBuf> = authored_pages().into_iter().take(12).collect();
    let (records, responses) = crawl(&pages);
    let members: Vec<Vec<u8>> = records.iter().map(|r| gzip(r)).collect();
    let damaged = responses[6];
    let offset: usize = members[..damaged].iter().map(Vec::len).sum();
    let mut shard = members.concat();
    let middle = offset + members[damaged].len() / 2;
    for byte in &mut shard[middle..middle + 16] {
        *byte = !*byte;
    }
    let run = gleaner(&["clean", "--input", "warc", "-"], Some(&shard));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "<stdin>: WARC record at byte offset {offset}: damaged gzip member"
        )),
        "{stderr}"
    );
    let got = lines(&run.stdout);
    assert_eq!(got.len(), pages.len());
    for (i, (record, page)) in got.iter().zip(&pages).enumerate() {
        if i == 6 {
            assert_eq!(record["source"], "<stdin>");
            assert_eq!(record["offset"], offset as u64);
            assert!(
                record["error"]
                    .as_str()
                    .unwrap()
                    .contains("damaged gzip member")
            );
        } else {
            assert_eq!(record["url"], url_of(page));
            assert!(!record["text"].as_str().unwrap().is_empty());
        }
    }
    assert!(
        stderr.contains(&format!("{} documents, 1 failed", pages.len() - 1)),
        "{stderr}"
    );
}

#[test]
fn plain_shards_wet_records_and_directories() {
    let pages: Vec<PathBuf> = authored_pages().into_iter().take(6).collect();
    let (records, _) = crawl(&pages);
    let dir = temp_dir("plain");
    std::fs::write(dir.join("a.warc"), records.concat()).unwrap();
    let wet: Vec<u8> = pages
        .iter()
        .enumerate()
        .flat_map(|(i, page)| {
            let text = format!(
                "Title of {}\n\nThe first paragraph of page {i}.\n",
                url_of(page)
            );
            gzip(&record(
                "conversion",
                &url_of(page),
                1000 + i,
                text.as_bytes(),
            ))
        })
        .collect();
    std::fs::write(dir.join("b.wet.gz"), wet).unwrap();
    std::fs::write(dir.join("notes.md"), "not a shard").unwrap();
    let run = gleaner(&["langs", "--quiet", dir.to_str().unwrap()], None);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.stderr.is_empty(), "--quiet: no summary");
    let got = lines(&run.stdout);
    let urls: Vec<&str> = got.iter().map(|r| r["url"].as_str().unwrap()).collect();
    let want: Vec<String> = pages.iter().chain(&pages).map(|p| url_of(p)).collect();
    assert_eq!(urls, want);
    assert_eq!(
        got[6]["blocks"].as_array().unwrap().len(),
        2,
        "WET text is split into blocks"
    );
}
