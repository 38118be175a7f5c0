//! gleaner's benchmarks, run with `cargo bench --bench throughput`
//! (needs the shared data: GLEANER_SHARED, default `../shared`).
//!
//! 1. End-to-end classification (text → blocks → languages → features →
//!    labels) of the plain-text dev pages, on one thread and on two:
//!    pages/s (median of 5 runs) and the two-thread speed-up; then the
//!    seconds per stage (languages, features, labels) on one thread.
//! 2. Training (featurizing + fitting, no cross-validation) on ≥ 100,000
//!    labeled blocks: seconds (median of 3 runs).
//! 3. Peak memory of streaming `gleaner classify --input jsonl` on 10 MB and
//!    on 100 MB of input: it must stay flat as the input grows.
//! 4. The same for HTML: classification of the dev HTML pages (bytes →
//!    decode → parse → blocks → … → labels) on one thread and on two, the
//!    reader alone on one, and peak memory streaming JSONL records that
//!    carry `"html"`, 10 MB against 100 MB.
//! 5. WARC against files: `gleaner classify` on the dev HTML pages read from
//!    their files, and on the same pages in a Common Crawl-like shard built
//!    at run time (request, response and metadata record per page, each
//!    gzipped on its own): pages/s on one and two threads (median of 3) and
//!    the ratio. `cargo bench --bench throughput -- warc` runs this part only.
//!
//! `cargo bench --bench throughput -- classify` runs part 1 alone.
//!
//! The machine is shared and noisy: compare ratios measured in one run.

use gleaner::blocks::document_from_text;
use gleaner::data::{LabeledData, read_labeled};
use gleaner::document::BlockOutline;
use gleaner::features::document_features;
use gleaner::html::{HtmlOptions, read_html};
use gleaner::labels::LabelSet;
use gleaner::language::LanguageAnalyzer;
use gleaner::model::Model;
use gleaner::pipeline::Pipeline;
use gleaner::train::{TrainingRun, TrainingSettings, label_counts, train_from_data};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

// The binary's allocator, so that the library is measured as the binary runs it.
#[cfg(feature = "cli")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// The binary's guard against linfa-bayes' leftover `dbg!` while training.
#[path = "../src/cli/quiet_stderr.rs"]
mod quiet_stderr;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn shared() -> PathBuf {
    let dir =
        PathBuf::from(std::env::var_os("GLEANER_SHARED").unwrap_or_else(|| "../shared".into()));
    assert!(
        dir.join("data/dev").is_dir(),
        "no shared data at {} (set GLEANER_SHARED)",
        dir.display()
    );
    dir
}

fn pages(shared: &Path) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(shared.join("data/dev/text"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            pages.push((
                file.display().to_string(),
                std::fs::read_to_string(&file).unwrap(),
            ));
        }
    }
    pages
}

/// The dev HTML pages (`data/dev/html/<set>/*.html`), as bytes, in path order.
fn html_pages(shared: &Path) -> Vec<(String, Vec<u8>)> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for set in std::fs::read_dir(shared.join("data/dev/html")).unwrap() {
        for page in std::fs::read_dir(set.unwrap().path()).unwrap() {
            let path = page.unwrap().path();
            if path.extension().is_some_and(|e| e == "html") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
        .collect()
}

/// Pages per second of classifying HTML pages from their bytes on
/// `threads` threads (median of 3), and with `read_only` the reader alone
/// (decode, parse, blocks).
fn html_pages_per_second(
    cleaner: &Pipeline,
    pages: &[(String, Vec<u8>)],
    threads: usize,
    read_only: bool,
) -> f64 {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let options = HtmlOptions::default();
    let runs: Vec<f64> = (0..3)
        .map(|_| {
            let start = Instant::now();
            let blocks: usize = pool.install(|| {
                pages
                    .par_iter()
                    .map(|(id, bytes)| {
                        let (document, _) = read_html(id.as_str(), bytes, &options).unwrap();
                        if read_only {
                            document.blocks.len()
                        } else {
                            cleaner.classify(document).predictions.len()
                        }
                    })
                    .sum()
            });
            assert!(blocks > 0);
            pages.len() as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    median(runs)
}

fn classify_pages_per_second(
    cleaner: &Pipeline,
    pages: &[(String, String)],
    threads: usize,
) -> f64 {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let runs: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let blocks: usize = pool.install(|| {
                pages
                    .par_iter()
                    .map(|(id, text)| {
                        cleaner
                            .classify(document_from_text(id.clone(), text))
                            .predictions
                            .len()
                    })
                    .sum()
            });
            assert!(blocks > 0);
            pages.len() as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    median(runs)
}

/// Seconds per stage (language analysis, features, labels) for all pages on
/// the calling thread, median of 3 runs each: where the time goes.
fn stage_seconds(model: &Model, pages: &[(String, String)]) -> [f64; 3] {
    let analyzer = LanguageAnalyzer::default();
    let documents: Vec<_> = pages
        .iter()
        .map(|(id, text)| document_from_text(id.clone(), text))
        .collect();
    let time = |f: &mut dyn FnMut()| {
        median(
            (0..3)
                .map(|_| {
                    let start = Instant::now();
                    f();
                    start.elapsed().as_secs_f64()
                })
                .collect(),
        )
    };
    let mut languages = Vec::new();
    let languages_seconds = time(&mut || {
        languages = documents.iter().map(|d| analyzer.analyze(d)).collect();
    });
    // The outlines are timed with the features: the repeat features read
    // their text keys, which were hashed inside the features stage before.
    let mut outlines: Vec<Vec<BlockOutline>> = Vec::new();
    let mut features = Vec::new();
    let features_seconds = time(&mut || {
        outlines = documents.iter().map(|d| d.block_outlines()).collect();
        features = documents
            .iter()
            .zip(&outlines)
            .zip(&languages)
            .map(|((d, o), l)| document_features(d, o, l, model.feature_settings()))
            .collect();
    });
    let labels_seconds = time(&mut || {
        let labeled: usize = features
            .iter()
            .zip(&outlines)
            .map(|(f, l)| model.predict(f, None, l).len())
            .sum();
        assert!(labeled > 0);
    });
    [languages_seconds, features_seconds, labels_seconds]
}

/// Labeled data with at least `blocks` labeled blocks: the dev pages and the
/// corpus, repeated under new ids as often as needed.
fn training_data(shared: &Path, blocks: usize) -> LabeledData {
    let dev = shared.join("data/dev");
    let sources = vec![
        PathBuf::from("training-data/train"),
        dev.join("readability-en.jsonl"),
        dev.join("aeb.jsonl"),
        dev.join("trafilatura-half.jsonl"),
    ];
    let mut data = read_labeled(&sources, &LabelSet::standard()).unwrap();
    let original = data.documents.clone();
    let count = |d: &LabeledData| label_counts(d).iter().map(|(_, n)| n).sum::<usize>();
    let mut copy = 0;
    while count(&data) < blocks {
        copy += 1;
        for document in &original {
            let mut document = document.clone();
            document.document.id = format!("{}#copy{copy}", document.document.id);
            data.documents.push(document);
        }
    }
    data
}

/// What the streamed JSONL records carry.
#[derive(Clone, Copy)]
enum RecordKind {
    /// `"text"`: the plain-text dev pages.
    Text,
    /// `"html"`: the dev HTML pages (decoded lossily to a JSON string).
    Html,
}

/// Peak resident memory (MB) of `gleaner classify --input jsonl` streaming
/// `megabytes` of generated documents through stdin to /dev/null.
fn streaming_peak_megabytes(megabytes: usize, kind: RecordKind) -> f64 {
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/gleaner");
    assert!(
        binary.is_file(),
        "build the binary first: cargo build --release"
    );
    // A child of a child, so that RUSAGE_CHILDREN sees only this one run.
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--peak-memory-child",
            &binary.display().to_string(),
            &megabytes.to_string(),
            match kind {
                RecordKind::Text => "text",
                RecordKind::Html => "html",
            },
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("child failed: {}", String::from_utf8_lossy(&output.stderr)))
}

fn peak_memory_child(binary: &str, megabytes: usize, field: &str) {
    let pages = if field == "html" {
        html_pages(&shared())
            .into_iter()
            .map(|(id, bytes)| (id, String::from_utf8_lossy(&bytes).into_owned()))
            .collect()
    } else {
        pages(&shared())
    };
    let mut child = Command::new(binary)
        .args(["classify", "--input", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut written = 0;
    let mut n = 0;
    while written < megabytes << 20 {
        let (id, text) = &pages[n % pages.len()];
        let line = format!(
            "{}\n",
            serde_json::json!({ "id": format!("{id}#{n}"), field: text })
        );
        stdin.write_all(line.as_bytes()).unwrap();
        written += line.len();
        n += 1;
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct it is given.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    println!("{:.1}", usage.ru_maxrss as f64 / 1024.0);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 5 && args[1] == "--peak-memory-child" {
        peak_memory_child(&args[2], args[3].parse().unwrap(), &args[4]);
        return;
    }
    if args.iter().any(|a| a == "--list") {
        println!("throughput: bench");
        return;
    }
    let shared = shared();
    if args.iter().skip(1).any(|a| a == "warc") {
        warc_against_files(&shared);
        return;
    }
    let pages = pages(&shared);
    let bytes: usize = pages.iter().map(|(_, t)| t.len()).sum();
    println!(
        "gleaner benchmarks ({} dev pages, {:.1} MB of plain text)",
        pages.len(),
        bytes as f64 / 1e6
    );

    let cleaner = Pipeline::new(
        Model::embedded_default().unwrap(),
        LanguageAnalyzer::default(),
    );
    let one = classify_pages_per_second(&cleaner, &pages, 1);
    let two = classify_pages_per_second(&cleaner, &pages, 2);
    println!("classify, 1 thread : {one:8.1} pages/s (median of 5)");
    println!(
        "classify, 2 threads: {two:8.1} pages/s (median of 5), speed-up {:.2}x",
        two / one
    );

    let [languages, features, labels] = stage_seconds(cleaner.model(), &pages);
    println!(
        "stages, 1 thread   : languages {languages:.2} s, features {features:.2} s, labels {labels:.2} s (median of 3)"
    );
    if args.iter().skip(1).any(|a| a == "classify") {
        return;
    }

    let html = html_pages(&shared);
    let html_bytes: usize = html.iter().map(|(_, b)| b.len()).sum();
    println!(
        "HTML: {} dev pages, {:.1} MB",
        html.len(),
        html_bytes as f64 / 1e6
    );
    let one = html_pages_per_second(&cleaner, &html, 1, false);
    let two = html_pages_per_second(&cleaner, &html, 2, false);
    let read = html_pages_per_second(&cleaner, &html, 1, true);
    println!("classify HTML, 1 thread : {one:8.1} pages/s (median of 3)");
    println!(
        "classify HTML, 2 threads: {two:8.1} pages/s (median of 3), speed-up {:.2}x",
        two / one
    );
    println!("read HTML alone (decode, parse, blocks), 1 thread: {read:8.1} pages/s (median of 3)");

    let data = training_data(&shared, 100_000);
    let labeled: usize = label_counts(&data).iter().map(|(_, n)| n).sum();
    let settings = TrainingSettings::default();
    let runs: Vec<f64> = (0..3)
        .map(|_| {
            let start = Instant::now();
            let _quiet = quiet_stderr::QuietStderr::new();
            let run = TrainingRun {
                folds: 0,
                seed: 13,
                max_errors: 0,
                decoder: None,
                progress: None,
            };
            train_from_data(&data, &settings, &LanguageAnalyzer::default(), &run).unwrap();
            start.elapsed().as_secs_f64()
        })
        .collect();
    println!(
        "train on {labeled} labeled blocks ({} threads): {:.1} s (median of 3)",
        rayon::current_num_threads(),
        median(runs)
    );

    for (kind, name) in [(RecordKind::Text, "text"), (RecordKind::Html, "html")] {
        let small = streaming_peak_megabytes(10, kind);
        let large = streaming_peak_megabytes(100, kind);
        println!(
            "classify --input jsonl peak memory, \"{name}\" records: {small:.1} MB on 10 MB of input, {large:.1} MB on 100 MB ({:.2}x)",
            large / small
        );
    }
    warc_against_files(&shared);
}

/// The dev HTML pages, in name order.
fn html_page_paths(shared: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![shared.join("data/dev/html")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// One WARC record's bytes, gzipped as a member of its own.
fn warc_member(record_type: &str, url: &str, number: usize, block: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {record_type}\r\nWARC-Date: 2026-12-03T00:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012}>\r\n\
         WARC-Target-URI: {url}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&record).unwrap();
    encoder.finish().unwrap()
}

/// A shard of the pages as a crawler writes it.
fn build_shard(pages: &[PathBuf], shard: &Path) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(shard).unwrap());
    for (i, page) in pages.iter().enumerate() {
        let url = format!("https://dev.example/{i}");
        let request = format!("GET /{i} HTTP/1.1\r\nHost: dev.example\r\n\r\n");
        out.write_all(&warc_member("request", &url, 3 * i, request.as_bytes()))
            .unwrap();
        let mut response = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
        response.extend_from_slice(&std::fs::read(page).unwrap());
        out.write_all(&warc_member("response", &url, 3 * i + 1, &response))
            .unwrap();
        out.write_all(&warc_member(
            "metadata",
            &url,
            3 * i + 2,
            b"fetchTimeMs: 40\r\n",
        ))
        .unwrap();
    }
    out.flush().unwrap();
}

/// CPU seconds (user and system) of the children waited for so far.
fn children_cpu_seconds() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct it is given.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Wall-clock and CPU seconds of one `gleaner classify` run with these
/// inputs, its JSON lines counted.
fn classify_run(binary: &Path, threads: usize, inputs: &[&str]) -> (f64, f64, usize) {
    let cpu = children_cpu_seconds();
    let start = Instant::now();
    let output = Command::new(binary)
        .args(["classify", "--quiet", "--format", "jsonl", "--threads"])
        .arg(threads.to_string())
        .args(inputs)
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    let seconds = start.elapsed().as_secs_f64();
    assert!(output.status.success());
    let lines = output
        .stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    (seconds, children_cpu_seconds() - cpu, lines)
}

fn warc_against_files(shared: &Path) {
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/gleaner");
    assert!(
        binary.is_file(),
        "build the binary first: cargo build --release"
    );
    let pages = html_page_paths(shared);
    let shard = std::env::temp_dir().join(format!("gleaner-bench-{}.warc.gz", std::process::id()));
    build_shard(&pages, &shard);
    let html_bytes: u64 = pages
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum();
    println!(
        "WARC against files: {} dev HTML pages ({:.1} MB), shard of {:.1} MB gzipped",
        pages.len(),
        html_bytes as f64 / 1e6,
        std::fs::metadata(&shard).unwrap().len() as f64 / 1e6
    );
    let html_dir = shared.join("data/dev/html").display().to_string();
    let shard_arg = shard.display().to_string();
    // Wall-clock rates on a shared machine move with its load; the rates
    // per CPU second (of all the run's threads: the WARC reader's too)
    // move less. Both are reported.
    for threads in [1, 2] {
        // Runs alternate, so that the machine's load falls on both alike.
        let (mut files, mut warc) = (Vec::new(), Vec::new());
        let (mut files_cpu, mut warc_cpu) = (Vec::new(), Vec::new());
        for _ in 0..3 {
            let (seconds, cpu, lines) =
                classify_run(&binary, threads, &["--input", "html", &html_dir]);
            assert_eq!(lines, pages.len());
            files.push(pages.len() as f64 / seconds);
            files_cpu.push(pages.len() as f64 / cpu);
            let (seconds, cpu, lines) = classify_run(&binary, threads, &[&shard_arg]);
            assert_eq!(lines, pages.len());
            warc.push(pages.len() as f64 / seconds);
            warc_cpu.push(pages.len() as f64 / cpu);
        }
        let (files, warc) = (median(files), median(warc));
        let (files_cpu, warc_cpu) = (median(files_cpu), median(warc_cpu));
        println!(
            "classify, {threads} thread(s): files {files:6.1} pages/s, WARC {warc:6.1} pages/s: \
             WARC at {:.1}% of files; per CPU second: files {files_cpu:6.1}, WARC {warc_cpu:6.1}: \
             {:.1}% (medians of 3)",
            100.0 * warc / files,
            100.0 * warc_cpu / files_cpu
        );
    }
    let _ = std::fs::remove_file(&shard);
}
