//! End-to-end tests of WARC and WET input: shards built here from the
//! project's own authored HTML pages (`training-data/train-html`), read by
//! the real binary.

mod common;

use common::crawl::{self, crawl, gzip, record, url_of};
use common::{gleaner, gleaner_stdin};
use std::path::PathBuf;

/// A directory of the test's own, removed when dropped.
fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("gleaner-warc-{name}-"))
        .tempdir()
        .unwrap()
}

/// Every 4th authored HTML page, in name order.
fn authored_pages() -> Vec<PathBuf> {
    crawl::authored_pages().into_iter().step_by(4).collect()
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
    let temp = temp_dir("round-trip");
    let dir = temp.path();
    let shard = dir.join("crawl.warc.gz");
    let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    std::fs::write(&shard, members).unwrap();
    let out = dir.join("out.jsonl");
    let run = gleaner(&[
        "classify",
        shard.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
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
    let from_files = gleaner(&args);
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
    let run = gleaner_stdin(&["clean", "--input", "warc", "-"], &shard);
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
    let temp = temp_dir("plain");
    let dir = temp.path();
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
    let run = gleaner(&["langs", "--quiet", dir.to_str().unwrap()]);
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
