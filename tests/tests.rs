//! End-to-end tests: the real `gleaner` binary on real-looking input.
//!
//! Tests that need the shared data (`../shared`) read its path from
//! `GLEANER_SHARED`: unset, they print that they are skipped; set, missing
//! data is a failure. `.ci/run` sets it.

mod common;

use common::{gleaner, gleaner_stdin};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The shared data directory, or `None` (test skipped) when GLEANER_SHARED is unset.
fn shared(test: &str) -> Option<PathBuf> {
    match std::env::var_os("GLEANER_SHARED") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            assert!(
                dir.join("cases/seed-article.txt").is_file(),
                "GLEANER_SHARED={} has no cases/seed-article.txt",
                dir.display()
            );
            Some(dir)
        }
        None => {
            // Written to stderr directly, not with eprintln!, which the test
            // harness captures: the skip must be visible in a passing run.
            let _ = writeln!(
                std::io::stderr(),
                "skipped {test}: set GLEANER_SHARED to the shared data directory to run it"
            );
            None
        }
    }
}

/// A directory for one test's files, removed with everything in it when the
/// test ends (passing or failing), so that test runs leave nothing in /tmp.
struct TempDir(tempfile::TempDir);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

fn temp_dir(name: &str) -> TempDir {
    TempDir(
        tempfile::Builder::new()
            .prefix(&format!("gleaner-test-{name}-"))
            .tempdir()
            .expect("a temporary directory"),
    )
}

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

#[derive(serde::Deserialize)]
struct Block {
    label: String,
}

#[derive(serde::Deserialize)]
struct Doc {
    language: Option<String>,
    blocks: Vec<Block>,
    segments: Vec<serde_json::Value>,
}

#[test]
fn seed_article_labels_and_cleaned_text() {
    let Some(shared) = shared("seed_article_labels_and_cleaned_text") else {
        return;
    };
    let seed = shared.join("cases/seed-article.txt").display().to_string();
    let gold: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(shared.join("cases/seed-article.jsonl"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let gold_labels: Vec<String> = gold["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["label"].as_str().unwrap().to_string())
        .collect();
    let gold_texts: Vec<String> = gold["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"].as_str().unwrap().to_string())
        .collect();

    let out = gleaner(&["classify", "--format", "jsonl", &seed]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Doc = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(doc.blocks.len(), 27);
    let labels: Vec<&str> = doc.blocks.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(
        &labels[0..4],
        ["headline", "headline", "boilerplate", "caption"],
        "{labels:?}"
    );
    assert_eq!(labels[26], "boilerplate");
    let right = labels
        .iter()
        .zip(&gold_labels)
        .filter(|(a, b)| **a == b.as_str())
        .count();
    assert!(right >= 24, "only {right} of 27 blocks right: {labels:?}");
    assert_eq!(doc.language.as_deref(), Some("en"));
    assert_eq!(doc.segments.len(), 1);
    assert_eq!(doc.segments[0]["first_block"], 26);
    assert_eq!(doc.segments[0]["language"], "pl");

    let out = gleaner(&["clean", &seed]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(
        text.matches(gold_texts[0].as_str()).count(),
        1,
        "headline printed once"
    );
    for (label, block) in gold_labels.iter().zip(&gold_texts) {
        if label == "body" || label == "quote" {
            assert!(text.contains(block.as_str()), "missing paragraph: {block}");
        }
    }
    assert!(!text.contains(gold_texts[2].as_str()), "byline printed");
    assert!(!text.contains("webmaster@"), "footer printed");
}

#[test]
fn seed_article_has_one_polish_segment() {
    let Some(shared) = shared("seed_article_has_one_polish_segment") else {
        return;
    };
    let seed = shared.join("cases/seed-article.txt").display().to_string();
    let out = gleaner(&["langs", "--format", "json", &seed]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(report["language"], "en");
    let segments = report["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 1, "{segments:?}");
    assert_eq!(segments[0]["first_block"], 26);
    assert_eq!(segments[0]["last_block"], 26);
    assert_eq!(segments[0]["language"], "pl");
}

#[test]
fn example_article_cleans_with_the_embedded_model() {
    let out = gleaner(&[
        "clean",
        "--format",
        "markdown",
        &repo("examples/article.txt"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("# Harbour Town Votes"), "{text}");
    assert_eq!(text.matches("Harbour Town Votes").count(), 1, "{text}");
    assert!(
        text.contains("The town council of Port Avery voted"),
        "{text}"
    );
    assert!(!text.contains("redaktion@example.de"), "{text}");
}

#[test]
fn markdown_headings_lose_their_section_anchors() {
    // A wiki page as a text rendering gives it: each section heading ends
    // with its edit link.
    let page = "Lighthouses of the Northern Coast\n\n\
        The northern coast has eleven lighthouses, the oldest of them built in 1791 to guide \
        fishing boats past the reefs at the mouth of the bay. Most are now automated, and \
        three are museums open to visitors in summer.\n\n\
        History[edit]\n\n\
        The first tower was a wooden frame with a coal fire at its top. It burned down twice \
        before the harbour board paid for a stone tower, which still stands, in 1823. Keepers \
        and their families lived beside the towers until the last of them left in 1987.\n\n\
        Architecture[edit]\n\n\
        The towers are round or octagonal, between twelve and forty metres high, and most are \
        painted with red and white bands so that sailors can tell them apart by day. The \
        lanterns were made by two workshops in the capital and shipped along the coast.\n";
    let out = gleaner_stdin(&["clean", "--format", "markdown"], page.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("## History\n"), "{text}");
    assert!(text.contains("## Architecture\n"), "{text}");
    assert!(!text.contains("[edit]"), "{text}");
}

#[test]
fn classify_formats_agree() {
    let article = repo("examples/article.txt");
    let jsonl = stdout(&gleaner(&["classify", "--format", "jsonl", &article]));
    let json = stdout(&gleaner(&[
        "classify", "--format", "json", &article, &article,
    ]));
    let array: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(array.len(), 2);
    assert_eq!(
        array[0],
        serde_json::from_str::<serde_json::Value>(jsonl.trim()).unwrap()
    );
    let tsv = stdout(&gleaner(&["classify", "--format", "tsv", &article]));
    assert_eq!(
        tsv.lines().count(),
        1 + array[0]["blocks"].as_array().unwrap().len()
    );
    let table = stdout(&gleaner(&["classify", &article]));
    assert!(table.contains("main language: en"), "{table}");
}

#[test]
fn missing_file_directory_and_other_files_still_processed() {
    let dir = temp_dir("missing");
    let good = dir.join("good.txt");
    std::fs::write(
        &good,
        "A headline\n\nA paragraph of text that is long enough to be a paragraph of an article.\n",
    )
    .unwrap();
    let empty = dir.join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = gleaner(&[
        "classify",
        "--format",
        "jsonl",
        "does-not-exist.txt",
        good.to_str().unwrap(),
        empty.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("does-not-exist.txt"), "{err}");
    assert!(
        err.contains("empty: no *.txt, *.html, *.htm, *.warc, *.warc.gz, *.wet or *.wet.gz files"),
        "{err}"
    );
    let records: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 1, "the good file is still processed");
    assert!(records[0]["id"].as_str().unwrap().ends_with("good.txt"));
    assert!(!err.contains("panicked"));
}

#[test]
fn directories_stand_for_their_files_in_name_order() {
    let dir = temp_dir("directories");
    let paragraph = "A paragraph of text that is long enough to be a paragraph of an article.";
    for (path, text) in [
        ("pages/b.txt", paragraph),
        ("pages/a/c.txt", paragraph),
        ("pages/notes.md", "not a page"),
        ("pages/.cache/d.txt", "hidden"),
    ] {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let pages = dir.join("pages");
    let out = gleaner(&["classify", "--format", "jsonl", pages.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ids: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let expected: Vec<String> = ["a/c.txt", "b.txt"]
        .iter()
        .map(|f| pages.join(f).display().to_string())
        .collect();
    assert_eq!(ids, expected);
    // With JSONL input, a directory stands for its *.jsonl files: here none.
    let out = gleaner(&["classify", "--input", "jsonl", pages.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no *.jsonl files"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn invalid_utf8_names_the_byte_offset_and_lossy_recovers() {
    let dir = temp_dir("utf8");
    let file = dir.join("bad.txt");
    std::fs::write(&file, b"Good start\n\nthen \xff\xfe bad bytes\n").unwrap();
    let before = std::fs::read(&file).unwrap();
    let out = gleaner(&["classify", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("bad.txt: invalid UTF-8 at byte offset 17 (use --lossy"),
        "{}",
        stderr(&out)
    );
    let out = gleaner(&["classify", "--lossy", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "input files are never modified"
    );
}

#[test]
fn nul_bytes_are_an_error_with_offset() {
    let out = gleaner_stdin(&["clean"], b"abc\0def\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("<stdin>: NUL byte at byte offset 3"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn empty_input_is_an_empty_success() {
    let out = gleaner_stdin(&["clean"], b"");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let out = gleaner_stdin(&["classify", "--format", "jsonl"], b" \n\n");
    assert!(out.status.success());
}

#[test]
fn a_long_single_line_file_is_one_block() {
    let line = "word ".repeat(2_000_000); // 10 MB; the README's 100 MB check is a manual release-build run.
    let out = gleaner_stdin(&["classify", "--format", "tsv"], line.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 2);
}

#[test]
fn jsonl_streaming_keeps_order_and_reports_bad_lines() {
    let input = concat!(
        "{\"id\": \"one\", \"text\": \"First headline\\n\\nFirst body paragraph with enough words to count as one.\"}\n",
        "{\"id\": \"two\", \"text\": \n",
        "{\"id\": \"three\", \"blocks\": [{\"text\": \"Labeled block given\", \"label\": \"body\"}]}\n"
    );
    let out = gleaner_stdin(&["classify", "--input", "jsonl"], input.as_bytes());
    assert_eq!(
        out.status.code(),
        Some(1),
        "a bad line makes the exit code non-zero"
    );
    assert!(
        stderr(&out).contains("<stdin>:2: malformed JSON"),
        "{}",
        stderr(&out)
    );
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "one");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[2]["id"], "three");
}

#[test]
fn output_file_is_written_whole_or_not_at_all() {
    let dir = temp_dir("output");
    let target = dir.join("out.txt");
    let out = gleaner(&[
        "clean",
        "--model",
        "/nonexistent/model",
        "-o",
        target.to_str().unwrap(),
        &repo("examples/article.txt"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!target.exists());
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "no temporary file left"
    );
    let out = gleaner(&[
        "clean",
        "-o",
        target.to_str().unwrap(),
        &repo("examples/article.txt"),
    ]);
    assert!(out.status.success());
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("Port Avery")
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn corrupt_truncated_and_foreign_models_are_clear_errors() {
    let dir = temp_dir("models");
    let good = std::fs::read(repo("models/default.gleaner")).unwrap();
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("truncated", good[..good.len() / 2].to_vec(), "truncated"),
        (
            "one-byte-changed",
            {
                let mut v = good.clone();
                let middle = v.len() / 2;
                v[middle] ^= 0x10;
                v
            },
            "corrupt model file: the payload does not match its SHA-256 checksum",
        ),
        (
            "foreign",
            b"PK\x03\x04 not a model".to_vec(),
            "not a gleaner model file",
        ),
        (
            "version",
            {
                let mut v = good.clone();
                v[14] = 99;
                v
            },
            "model format version 99",
        ),
    ];
    for (name, bytes, message) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = gleaner(&[
            "classify",
            "--model",
            path.to_str().unwrap(),
            &repo("examples/article.txt"),
        ]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = stderr(&out);
        assert!(
            err.contains(message) && err.contains(path.to_str().unwrap()),
            "{name}: {err}"
        );
    }
}

#[test]
fn unknown_label_in_training_data_names_file_and_line() {
    let dir = temp_dir("labels");
    let data = dir.join("bad.ann.txt");
    std::fs::write(
        &data,
        "@doc x/1 lang=en\n@headline\nTitle\n@bodytext\nSome text\n",
    )
    .unwrap();
    let out = gleaner(&[
        "train",
        data.to_str().unwrap(),
        "-o",
        dir.join("m").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad.ann.txt:4: unknown label \"bodytext\""),
        "{}",
        stderr(&out)
    );
    let jsonl = dir.join("bad.jsonl");
    std::fs::write(&jsonl, "{\"id\": \"a\", \"blocks\": [{\"text\": \"x\", \"label\": \"body\"}]}\n{\"id\": \"b\", \"blocks\": [{\"text\": \"x\", \"label\": \"footer\"}]}\n").unwrap();
    let out = gleaner(&["check-data", jsonl.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("bad.jsonl:2: unknown label \"footer\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn trained_model_saves_loads_and_predicts_identically() {
    let dir = temp_dir("train");
    let data = repo("training-data/train/en.ann.txt");
    let (a, b) = (dir.join("a.gleaner"), dir.join("b.gleaner"));
    for path in [&a, &b] {
        let out = Command::new(env!("CARGO_BIN_EXE_gleaner"))
            .args(["train", &data, "--folds", "0", "-o", path.to_str().unwrap()])
            .env("SOURCE_DATE_EPOCH", "1764288000")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).is_empty(),
            "training prints nothing to stderr (linfa's dbg! is silenced): {}",
            stderr(&out)
        );
    }
    assert_eq!(
        std::fs::read(&a).unwrap(),
        std::fs::read(&b).unwrap(),
        "identical input gives identical bytes"
    );
    let article = repo("examples/article.txt");
    let first = stdout(&gleaner(&[
        "classify",
        "--format",
        "jsonl",
        "--model",
        a.to_str().unwrap(),
        &article,
    ]));
    let copy = dir.join("copy.gleaner");
    std::fs::copy(&a, &copy).unwrap();
    let second = stdout(&gleaner(&[
        "classify",
        "--format",
        "jsonl",
        "--model",
        copy.to_str().unwrap(),
        &article,
    ]));
    assert_eq!(first, second);
}

#[test]
fn annotation_format_converts_to_jsonl_and_back() {
    let dir = temp_dir("convert");
    let original = repo("training-data/heldout/pl.ann.txt");
    let jsonl = dir.join("pl.jsonl");
    let back = dir.join("pl.ann.txt");
    assert!(
        gleaner(&["convert", &original, "-o", jsonl.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        gleaner(&[
            "convert",
            jsonl.to_str().unwrap(),
            "-o",
            back.to_str().unwrap()
        ])
        .status
        .success()
    );
    let again = dir.join("again.jsonl");
    assert!(
        gleaner(&[
            "convert",
            back.to_str().unwrap(),
            "-o",
            again.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert_eq!(
        std::fs::read(&jsonl).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

#[test]
fn broken_pipe_ends_quietly() {
    let input = "{\"id\": \"d\", \"text\": \"Headline\\n\\nA paragraph.\"}\n".repeat(20_000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_gleaner"))
        .args(["classify", "--input", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    drop(child.stdout.take()); // the reader goes away, like `| head`
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success(), "{:?} {}", out.status, stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

/// The elements of an HTML document in the order they open, after checking
/// that every element is closed, in order (`meta` and `br` are void). Text
/// has `<` escaped, so every `<` starts a tag.
fn html_elements(html: &str) -> Vec<String> {
    let mut open: Vec<String> = Vec::new();
    let mut elements = Vec::new();
    for piece in html.split('<').skip(1) {
        let (tag, _) = piece.split_once('>').expect("every tag is closed");
        if tag.starts_with('!') {
            continue;
        }
        if let Some(closing) = tag.strip_prefix('/') {
            assert_eq!(open.pop().as_deref(), Some(closing), "{html}");
            continue;
        }
        let name = tag.split(' ').next().unwrap().to_string();
        if !matches!(name.as_str(), "meta" | "br") {
            open.push(name.clone());
        }
        elements.push(name);
    }
    assert!(open.is_empty(), "unclosed {open:?} in {html}");
    elements
}

#[test]
fn example_article_as_html_is_one_nested_document() {
    let out = gleaner(&["clean", "--format", "html", &repo("examples/article.txt")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = stdout(&out);
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"),
        "{html}"
    );
    assert!(html.ends_with("</html>\n"), "{html}");
    assert!(
        html.contains("<title>Harbour Town Votes to Turn Old Shipyard Into a Public Park</title>"),
        "{html}"
    );
    assert_eq!(
        html_elements(&html),
        [
            "html",
            "head",
            "meta",
            "title",
            "body",
            "article",
            "h1",
            "figure",
            "figcaption",
            "p",
            "p",
            "blockquote",
            "p",
            "p",
            "blockquote",
            "p",
            "p",
        ]
    );
    assert!(html.contains("<blockquote><p>“We are choosing"), "{html}");
    assert!(!html.contains("Share this article"), "{html}");
    assert!(!html.chars().any(|c| c.is_control() && c != '\n'), "{html}");
}

#[test]
fn html_marks_the_foreign_footer_when_boilerplate_is_kept() {
    let out = gleaner(&[
        "clean",
        "--format",
        "html",
        "--drop",
        "caption",
        &repo("examples/article.txt"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = stdout(&out);
    html_elements(&html);
    assert!(!html.contains("<figure>"), "{html}");
    // The German republisher's footer, one block: its lines are <br>-separated.
    assert!(
        html.contains(
            "lang=\"de\">Dieser Artikel wurde automatisch aus dem englischen Original übernommen.<br>"
        ),
        "{html}"
    );
    assert!(html.contains("<p data-label=\"boilerplate\">"), "{html}");
}

#[test]
fn html_of_several_inputs_is_refused_but_jsonl_gives_a_line_each() {
    let article = repo("examples/article.txt");
    let out = gleaner(&["clean", "--format", "html", &article, &article]);
    // 2: the run is refused, not a document that failed (1).
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains("--format html writes one HTML document"),
        "{}",
        stderr(&out)
    );

    let pages = "{\"id\": \"a\", \"text\": \"Tram line opens\\n\\nThe new tram line to the \
        harbour opened on Sunday, two years late and over budget, to long queues.\"}\n\
        {\"id\": \"b\", \"text\": \"Ein Fest & <b>\\n\\nDie Stadt feiert am Wochenende ihr \
        neues Rathaus mit Musik, Essen und einem Markt für alle Bewohner.\"}\n";
    let out = gleaner_stdin(
        &["clean", "--format", "html", "--input", "jsonl"],
        pages.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for (line, (id, lang)) in lines.iter().zip([("a", "en"), ("b", "de")]) {
        assert_eq!(line["id"], id);
        let html = line["text"].as_str().unwrap();
        assert!(
            html.starts_with(&format!("<!DOCTYPE html>\n<html lang=\"{lang}\">\n")),
            "{html}"
        );
        html_elements(html);
    }
    assert!(
        lines[1]["text"]
            .as_str()
            .unwrap()
            .contains("Ein Fest &amp; &lt;b&gt;")
    );
}

/// The page rules' labels through the binary: named in the output with no
/// probability, switched off for one run with `--no-rule`, listed with
/// `--list-rules`, and a name that is no rule's is an error.
#[test]
fn classify_names_the_page_rule_that_set_a_label_and_can_switch_it_off() {
    let list = gleaner(&["classify", "--list-rules"]);
    assert!(list.status.success(), "{}", stderr(&list));
    let list = stdout(&list);
    for name in [
        "section-headings",
        "article-extent",
        "missed-title",
        "headline-copy",
    ] {
        let on = list
            .lines()
            .filter_map(|line| line.strip_prefix(name))
            .any(|rest| rest.trim_start().starts_with("on ("));
        assert!(on, "{name} not listed as on: {list}");
    }
    let out = gleaner(&[
        "classify",
        "--no-rule",
        "headlines",
        &repo("examples/article.txt"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown page rule \"headlines\""),
        "{}",
        stderr(&out)
    );
    let out = gleaner(&[
        "classify",
        "--no-rule",
        "missed-title",
        "--rule",
        "missed-title",
        &repo("examples/article.txt"),
    ]);
    assert_eq!(out.status.code(), Some(2));

    let Some(shared) =
        shared("classify_names_the_page_rule_that_set_a_label_and_can_switch_it_off")
    else {
        return;
    };
    let pages = shared.join("data/dev/trafilatura-half.jsonl");
    let pages = pages.to_str().unwrap();
    let blocks = |extra: &[&str]| -> Vec<serde_json::Value> {
        let mut args = vec!["classify", "--input", "jsonl", pages];
        args.extend_from_slice(extra);
        let out = gleaner(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
            .lines()
            .flat_map(|line| {
                let doc: serde_json::Value = serde_json::from_str(line).unwrap();
                doc["blocks"].as_array().unwrap().clone()
            })
            .collect()
    };
    let all_on = blocks(&[]);
    let by_extent: Vec<usize> = (0..all_on.len())
        .filter(|&i| all_on[i]["rule"] == "article-extent")
        .collect();
    assert!(!by_extent.is_empty(), "no block set by article-extent");
    for block in &all_on {
        // A label the model chose has its probability; a rule's has none.
        assert_eq!(block["probability"].is_null(), block.get("rule").is_some());
    }
    let off = blocks(&["--no-rule", "article-extent"]);
    assert_eq!(off.len(), all_on.len());
    assert!(off.iter().all(|b| b["rule"] != "article-extent"));
    for i in by_extent {
        assert_eq!(all_on[i]["label"], "boilerplate");
        assert_eq!(off[i]["label"], "body", "block {i}");
        assert!(off[i]["probability"].is_number());
    }
}

/// Four labeled pages of two labels of their own (`a`, `b`) in
/// `dir/ab.jsonl`, and the path of a model to train on them.
fn two_label_pages(dir: &Path) -> (PathBuf, PathBuf) {
    let data = dir.join("ab.jsonl");
    let page = r#"{"id":"ID","blocks":[{"text":"Menu Home News","label":"a"},{"text":"The council voted on Tuesday to turn the shipyard into a park.","label":"b"}]}"#;
    let lines: Vec<String> = (0..4)
        .map(|i| page.replace("ID", &format!("d{i}")))
        .collect();
    std::fs::write(&data, lines.join("\n")).unwrap();
    (data, dir.join("ab.gleaner"))
}

/// `train` and `eval` accept `--quiet` with their folds; with standard
/// error no terminal, the fold bar draws nothing either way, and stderr
/// stays empty (the bar is drawn on a duplicate of the real stderr, which
/// here is a pipe).
#[test]
fn train_and_eval_with_folds_accept_quiet_and_keep_a_piped_stderr_empty() {
    let dir = temp_dir("fold-progress");
    let (data, model) = two_label_pages(&dir);
    let (data, model) = (data.to_str().unwrap(), model.to_str().unwrap());
    for quiet in [&["--quiet"][..], &[]] {
        let mut train = vec![
            "train", "--labels", "a,b", "--folds", "2", data, "-o", model,
        ];
        train.extend_from_slice(quiet);
        let out = gleaner(&train);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(stderr(&out), "", "{train:?}");
        let mut eval = vec!["eval", "--labels", "a,b", "--folds", "2", data];
        eval.extend_from_slice(quiet);
        let out = gleaner(&eval);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(stderr(&out), "", "{eval:?}");
    }
}

/// A label set of its own that lacks the labels the page rules work on:
/// `train` says which rules cannot run, `--list-rules` shows them unusable,
/// and switching one on is an error rather than a rule that does nothing.
#[test]
fn train_with_labels_of_its_own_reports_the_rules_it_cannot_use() {
    let dir = temp_dir("own-labels");
    let (data, model) = two_label_pages(&dir);
    let (data, model) = (data.to_str().unwrap(), model.to_str().unwrap());
    let out = gleaner(&[
        "train", "--labels", "a,b", "--folds", "0", data, "-o", model,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    for line in [
        "page rule section-headings cannot run: the label set has no headline or body label",
        "page rule article-extent cannot run: the label set has no body or boilerplate label",
        "page rule missed-title cannot run: the label set has no headline or body label",
        "page rule headline-copy cannot run: the label set has no headline label",
    ] {
        assert!(report.contains(line), "{report}");
    }
    let list = stdout(&gleaner(&["classify", "--model", model, "--list-rules"]));
    assert_eq!(list.matches("unusable (no ").count(), 4, "{list}");
    let article = repo("examples/article.txt");
    let out = gleaner(&[
        "classify",
        "--model",
        model,
        "--rule",
        "headline-copy",
        &article,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unusable (no headline label)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn features_lists_every_family_in_both_formats() {
    let table = gleaner(&["features"]);
    assert!(table.status.success(), "{}", stderr(&table));
    let table = stdout(&table);
    assert!(table.starts_with("family"), "{table}");
    // Each family is a line of name, group and weight, then its doc.
    let rows: Vec<&str> = table.lines().skip(1).step_by(2).collect();
    let sandwich = rows
        .iter()
        .find(|r| r.starts_with("title_like×sandwich×words "))
        .expect("the section-heading family is listed");
    assert!(sandwich.contains(" titles ") && sandwich.ends_with("structure_weight"));
    let json = gleaner(&["features", "--format", "json"]);
    let families: Vec<serde_json::Value> = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(families.len(), rows.len());
    let word = &families[0];
    assert_eq!(word["name"], "word");
    assert_eq!(word["group"], "words");
    assert_eq!(word["weight"], "word_mass");
    let parts = |name: &str| families.iter().find(|f| f["name"] == name).unwrap()["parts"].clone();
    assert_eq!(
        parts("title_like×sandwich×words"),
        serde_json::json!(["title_like", "prev", "next", "words"])
    );
    assert!(
        families
            .iter()
            .all(|f| !f["doc"].as_str().unwrap().is_empty())
    );
}

#[test]
fn explain_names_features_readably_not_by_bucket() {
    let article = repo("examples/article.txt");
    let output = gleaner(&["classify", "--explain", "3", &article]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let reasons: Vec<&str> = text.lines().filter(|l| l.contains(" vs ")).collect();
    assert_eq!(reasons.len(), 13, "{text}");
    // The headline: before the first paragraph, capitalised, no full stop.
    assert!(
        reasons[0].contains("vs boilerplate: to_first_long=-5..-3|end=letter|words=8-15 +"),
        "{}",
        reasons[0]
    );
    assert!(
        reasons[6].contains("mainly_quotation=yes"),
        "{}",
        reasons[6]
    );
    for line in reasons {
        assert!(!line.contains('×') && !line.contains('#'), "{line}");
    }
}

/// A JSON-lines output's records.
fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A small news page, written for these tests.
const FERRY_PAGE: &str = "<!DOCTYPE html><html><head><title>Ferry</title></head><body>\
    <nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>\
    <div class='article'><h1>Ferry service resumes after the storm</h1>\
    <p>The island ferry sailed again on Friday morning, four days after the storm tore \
    the landing stage from its moorings, and the first boat carried more than two hundred \
    passengers to the mainland.</p></div></body></html>";

#[test]
fn clean_reads_an_html_page_by_its_name() {
    let page = repo("training-data/train-html/pages/en/0001.html");
    let out = gleaner(&["clean", &page]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Governor vetoes rural broadband bill, citing runaway costs"),
        "{text}"
    );
    assert!(
        text.contains("Governor Patricia Haldane on Friday vetoed a bill"),
        "{text}"
    );
    assert!(!text.contains("<p"), "markup left in the text: {text}");
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));

    let out = gleaner(&["classify", "--format", "jsonl", &page]);
    assert!(out.status.success(), "{}", stderr(&out));
    let record = &json_lines(&out)[0];
    let blocks = record["blocks"].as_array().unwrap();
    assert!(
        blocks
            .iter()
            .all(|b| b["tag"].is_string() && b["path"].is_string())
    );
    let veto = blocks
        .iter()
        .find(|b| b["text"].as_str().unwrap().starts_with("Governor Patricia"))
        .unwrap();
    assert_eq!(veto["tag"], "p");
    assert!(veto["path"].as_str().unwrap().ends_with(">p"), "{veto}");

    let out = gleaner(&["clean", "--format", "json", &page]);
    let record = &json_lines(&out)[0];
    assert!(record["blocks"][0]["path"].is_string(), "{record}");
}

#[test]
fn input_html_reads_standard_input_as_a_page() {
    let out = gleaner_stdin(
        &["classify", "--input", "html", "--format", "jsonl"],
        FERRY_PAGE.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let record = &json_lines(&out)[0];
    assert_eq!(record["id"], "<stdin>");
    let blocks = record["blocks"].as_array().unwrap();
    let body = blocks.last().unwrap();
    assert_eq!(body["tag"], "p");
    assert_eq!(body["path"], "body>div.article>p");
    assert_eq!(body["label"], "body");
    // Without --input html, the same bytes on stdin are plain text.
    let out = gleaner_stdin(&["classify", "--format", "jsonl"], FERRY_PAGE.as_bytes());
    assert!(json_lines(&out)[0]["blocks"][0].get("tag").is_none());
}

#[test]
fn a_directory_of_text_and_html_reads_each_by_its_name() {
    let dir = temp_dir("mixed");
    let paragraph = "A paragraph of text that is long enough to be a paragraph of an article.";
    std::fs::write(dir.join("a.txt"), paragraph).unwrap();
    std::fs::write(dir.join("b.html"), FERRY_PAGE).unwrap();
    std::fs::write(dir.join("c.HTM"), FERRY_PAGE).unwrap();
    std::fs::write(dir.join("notes.md"), "not a page").unwrap();
    let out = gleaner(&["classify", "--format", "jsonl", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records = json_lines(&out);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let expected: Vec<String> = ["a.txt", "b.html", "c.HTM"]
        .iter()
        .map(|f| dir.join(f).display().to_string())
        .collect();
    assert_eq!(ids, expected);
    assert!(
        records[0]["blocks"][0].get("tag").is_none(),
        "plain text has no tag"
    );
    assert!(records[1]["blocks"][0]["tag"].is_string());

    // TSV gets the tag and path columns when an input is HTML, and text blocks leave them empty.
    let out = gleaner(&["classify", "--format", "tsv", dir.to_str().unwrap()]);
    let tsv = stdout(&out);
    let mut lines = tsv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id\tblock\tstart\tend\tlabel\tprobability\trule\tlanguage\ttag\tpath\ttext"
    );
    assert!(lines.all(|l| l.split('\t').count() == 11), "{tsv}");

    // With --input html, the directory stands for its HTML pages only.
    let out = gleaner(&[
        "classify",
        "--input",
        "html",
        "--format",
        "jsonl",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(json_lines(&out).len(), 2);
}

#[test]
fn jsonl_html_records_are_read_as_pages() {
    let html = serde_json::to_string(FERRY_PAGE).unwrap();
    let input = format!(
        "{{\"id\": \"text\", \"text\": \"A headline\\n\\nA paragraph.\"}}\n\
         {{\"id\": \"page\", \"html\": {html}}}\n\
         {{\"id\": \"both\", \"text\": \"x\", \"html\": \"<p>x</p>\"}}\n\
         {{\"id\": \"nul\", \"html\": \"<p>a\\u0000b</p>\"}}\n"
    );
    let out = gleaner_stdin(&["classify", "--input", "jsonl"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("<stdin>:3: a record holds \"text\" or \"html\", not both"),
        "{err}"
    );
    assert!(
        err.contains("warning: <stdin>: 1 NUL character removed from its HTML records"),
        "{err}"
    );
    let records = json_lines(&out);
    assert_eq!(records.len(), 4, "one line per input line");
    assert!(records[0]["blocks"][0].get("path").is_none());
    assert_eq!(records[1]["id"], "page");
    assert_eq!(
        records[1]["blocks"].as_array().unwrap().last().unwrap()["path"],
        "body>div.article>p"
    );
    assert_eq!(records[2]["line"], 3);
    assert_eq!(records[3]["blocks"][0]["text"], "ab");
}

/// A Russian page in windows-1251, with or without a `<meta charset>`.
fn cyrillic_page(meta: bool) -> Vec<u8> {
    let head = if meta {
        "<meta charset=\"windows-1251\">"
    } else {
        ""
    };
    let page = format!(
        "<html><head>{head}<title>Погода</title></head><body>\
         <h1>Весна пришла в город</h1><p>В четверг в городе было тепло и солнечно, \
         и жители вышли гулять в парк у реки.</p></body></html>"
    );
    encoding_rs::WINDOWS_1251.encode(&page).0.into_owned()
}

#[test]
fn a_windows_1251_page_is_read_by_its_meta_charset_or_by_charset() {
    let dir = temp_dir("cyrillic");
    let with_meta = dir.join("meta.html");
    std::fs::write(&with_meta, cyrillic_page(true)).unwrap();
    let out = gleaner(&["clean", with_meta.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Весна пришла в город"),
        "{}",
        stdout(&out)
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));

    // Without a meta charset, --charset names it (a short page gives a
    // detector too little to go on).
    let bare = dir.join("bare.html");
    std::fs::write(&bare, cyrillic_page(false)).unwrap();
    let out = gleaner(&["clean", "--charset", "windows-1251", bare.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Весна пришла в город"),
        "{}",
        stdout(&out)
    );
    // --charset wins over the page's own meta charset.
    let out = gleaner(&["clean", "--charset", "koi8-r", with_meta.to_str().unwrap()]);
    assert!(!stdout(&out).contains("Весна"), "{}", stdout(&out));
}

#[test]
fn an_unknown_charset_is_an_error_before_any_input() {
    let out = gleaner(&[
        "clean",
        "--charset",
        "klingon-8",
        &repo("training-data/train-html/pages/en/0001.html"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("--charset: unknown charset \"klingon-8\""),
        "{}",
        stderr(&out)
    );
    // A file, not stdin: gleaner stops before reading, and a write to its
    // closed stdin would fail the test, not gleaner.
    let out = gleaner(&[
        "clean",
        "--input",
        "text",
        "--charset",
        "utf-8",
        &repo("examples/article.txt"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("HTML input only"), "{}", stderr(&out));
}

#[test]
fn invalid_bytes_and_nuls_in_a_page_warn_naming_the_file_once() {
    let dir = temp_dir("lossy-html");
    let page = dir.join("lossy.html");
    std::fs::write(
        &page,
        b"<meta charset=utf-8><h1>Bad \xff bytes</h1><p>and \xfe more \0 here</p>".as_slice(),
    )
    .unwrap();
    let out = gleaner(&["classify", "--format", "jsonl", page.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "one warning per file: {err}");
    assert!(
        err.contains(&format!(
            "gleaner: warning: {}: bytes invalid in UTF-8 were replaced with U+FFFD",
            page.display()
        )),
        "{err}"
    );
    assert!(err.contains("1 NUL character removed"), "{err}");
    let record = &json_lines(&out)[0];
    assert_eq!(record["blocks"][0]["text"], "Bad \u{fffd} bytes");
    assert_eq!(record["blocks"][1]["text"], "and \u{fffd} more here");
}

#[test]
fn bad_html_never_panics_and_the_batch_goes_on() {
    let dir = temp_dir("bad-html");
    // Deterministic garbage: a linear congruential generator's bytes.
    let mut state: u32 = 12345;
    let garbage: Vec<u8> = (0..4096)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (state >> 16) as u8
        })
        .collect();
    // 100,000 nested elements: html5ever's tree builder alone took 55 s.
    let deep = format!("{}deep text", "<div>".repeat(100_000));
    // Ten megabytes of paragraphs (a thousand characters each) after the good page.
    let paragraph = format!(
        "<p>{}</p>\n",
        "Rain fell on the harbour all day long. ".repeat(26)
    );
    let big = format!(
        "{FERRY_PAGE}{}",
        paragraph.repeat(10_000_000 / paragraph.len() + 1)
    );
    // Latin-1 bytes (é is 0xE9) under a UTF-8 declaration.
    let wrong_charset = b"<meta charset=\"utf-8\"><p>Caf\xe9 au lait on the quay.</p>";
    let files: [(&str, &[u8]); 9] = [
        ("1-empty.html", b""),
        ("2-garbage.html", &garbage),
        (
            "3-truncated.html",
            b"<html><body><div class=\"a\"><p>Cut short <b>here<p",
        ),
        ("4-nul.html", b"<p>one\0two</p>"),
        ("5-gzip.html", b"\x1f\x8b\x08\x00not really gzip"),
        ("6-good.html", FERRY_PAGE.as_bytes()),
        ("7-deep.html", deep.as_bytes()),
        ("8-big.html", big.as_bytes()),
        ("9-wrong-charset.html", wrong_charset),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let out = gleaner(&["classify", "--format", "jsonl", dir.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(1), "the broken gzip fails: {err}");
    assert!(
        err.contains(&format!(
            "{}: broken gzip stream",
            dir.join("5-gzip.html").display()
        )),
        "{err}"
    );
    let records = json_lines(&out);
    let ids: Vec<String> = records
        .iter()
        .map(|r| {
            r["id"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        ids,
        [
            "1-empty.html",
            "2-garbage.html",
            "3-truncated.html",
            "4-nul.html",
            "6-good.html",
            "7-deep.html",
            "8-big.html",
            "9-wrong-charset.html"
        ]
    );
    assert_eq!(records[0]["blocks"].as_array().unwrap().len(), 0);
    assert_eq!(records[2]["blocks"][0]["text"], "Cut short here");
    assert_eq!(records[3]["blocks"][0]["text"], "onetwo");
    assert!(err.contains("4-nul.html: 1 NUL character removed"), "{err}");
    assert_eq!(records[5]["blocks"][0]["text"], "deep text");
    assert!(
        err.contains(&format!(
            "{}: elements nest too deeply for the HTML5 parser",
            dir.join("7-deep.html").display()
        )),
        "{err}"
    );
    let big_blocks = records[6]["blocks"].as_array().unwrap();
    assert_eq!(
        big_blocks.len(),
        records[4]["blocks"].as_array().unwrap().len() + 10_000_000 / paragraph.len() + 1
    );
    assert_eq!(
        records[7]["blocks"][0]["text"],
        "Caf\u{fffd} au lait on the quay."
    );
    assert!(
        err.contains("9-wrong-charset.html: bytes invalid in UTF-8 were replaced"),
        "{err}"
    );

    // An empty page cleans to nothing, successfully.
    let out = gleaner(&["clean", dir.join("1-empty.html").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_missing_jsonl_file_among_several_is_reported_and_the_others_written() {
    let dir = temp_dir("jsonl-missing");
    let first = dir.join("a.jsonl");
    let last = dir.join("c.jsonl");
    std::fs::write(&first, "{\"id\": \"a\", \"text\": \"Rain in the north\"}\n").unwrap();
    std::fs::write(&last, "{\"id\": \"c\", \"text\": \"Sun in the south\"}\n").unwrap();
    let output = dir.join("out.jsonl");
    let out = gleaner(&[
        "classify",
        "--input",
        "jsonl",
        first.to_str().unwrap(),
        dir.join("missing.jsonl").to_str().unwrap(),
        last.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("missing.jsonl: No such file"),
        "{}",
        stderr(&out)
    );
    let written = std::fs::read_to_string(&output).unwrap();
    let ids: Vec<String> = written
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["id"].to_string())
        .collect();
    assert_eq!(ids, ["\"a\"", "\"c\""]);
}

#[test]
fn lossy_accepts_an_escaped_nul_in_a_jsonl_text() {
    let line = b"{\"id\": \"n\", \"text\": \"Rain\\u0000 in the north\"}\n";
    let strict = gleaner_stdin(&["clean", "--input", "jsonl"], line);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("<stdin>:1: text holds a NUL byte"),
        "{}",
        stderr(&strict)
    );
    let lossy = gleaner_stdin(&["classify", "--input", "jsonl", "--lossy"], line);
    assert!(lossy.status.success(), "{}", stderr(&lossy));
    let record: serde_json::Value = serde_json::from_str(stdout(&lossy).trim()).unwrap();
    assert_eq!(record["blocks"][0]["text"], "Rain in the north");
}

/// Ctrl-C (SIGINT) or `kill` (SIGTERM) while `-o` is being written: the
/// run dies of the signal, and its temporary file is gone with it.
#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    for signal in ["TERM", "INT"] {
        let dir = temp_dir("interrupted");
        let output = dir.join("out.jsonl");
        let mut command = Command::new(env!("CARGO_BIN_EXE_gleaner"));
        command
            .args([
                "classify",
                "--input",
                "jsonl",
                "-o",
                output.to_str().unwrap(),
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // gleaner leaves ignored what its parent ignores (`nohup`, a
        // background job of a script ignores SIGINT), so the test gives
        // the child the default actions, whatever ran the tests.
        // SAFETY: `signal` is async-signal-safe, as `pre_exec` requires.
        unsafe {
            use std::os::unix::process::CommandExt;
            command.pre_exec(|| {
                libc::signal(libc::SIGINT, libc::SIG_DFL);
                libc::signal(libc::SIGTERM, libc::SIG_DFL);
                Ok(())
            });
        }
        let mut child = command.spawn().expect("gleaner runs");
        let mut input = child.stdin.take().unwrap();
        input
            .write_all(b"{\"id\": \"a\", \"text\": \"Rain in the north\"}\n")
            .unwrap();
        // The temporary file appears once the model is loaded; stdin stays
        // open, so the run waits for more input until the signal comes.
        let waited = std::time::Instant::now();
        while std::fs::read_dir(&dir).unwrap().count() == 0 {
            assert!(
                waited.elapsed().as_secs() < 60,
                "no temporary file appeared"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let killed = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        // Bounded, so that a signal gleaner does not act on fails the test
        // instead of hanging it.
        let waited = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if waited.elapsed().as_secs() >= 60 {
                child.kill().unwrap();
                panic!("SIG{signal} did not end the run");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        drop(input);
        assert!(!status.success(), "SIG{signal}: {status}");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert!(left.is_empty(), "SIG{signal} left {left:?}");
    }
}

#[test]
fn tsv_escapes_tabs_and_newlines_in_ids_and_tables_hide_control_characters() {
    let dir = temp_dir("tsv-ids");
    let name = dir.join("tab\there\nnewline.txt");
    std::fs::write(
        &name,
        "Red \x1b[31malert\x1b[0m headline\n\nA paragraph that says \u{202E}reversed\u{202C} things.\n",
    )
    .unwrap();
    let tsv = gleaner(&["classify", "--format", "tsv", name.to_str().unwrap()]);
    assert!(tsv.status.success(), "{}", stderr(&tsv));
    let text = stdout(&tsv);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for line in &lines {
        assert_eq!(line.split('\t').count(), 9, "{line:?}");
    }
    assert!(
        lines[1].starts_with(
            &format!("{}", name.display())
                .replace('\t', "\\t")
                .replace('\n', "\\n")
        )
    );
    let table = gleaner(&["classify", name.to_str().unwrap()]);
    let shown = stdout(&table);
    for hidden in ['\x1b', '\u{202E}', '\u{202C}', '\t'] {
        assert!(!shown.contains(hidden), "{hidden:?} printed raw: {shown}");
    }
    assert!(shown.contains("Red \\u{1b}[31malert"), "{shown}");
}

#[test]
fn an_output_naming_an_input_is_refused_and_the_input_kept() {
    let dir = temp_dir("output-is-input");
    let article = dir.join("article.txt");
    std::fs::copy(repo("examples/article.txt"), &article).unwrap();
    let before = std::fs::read(&article).unwrap();
    // By its own name, and through a directory that holds it.
    for input in [article.to_str().unwrap(), dir.to_str().unwrap()] {
        let out = gleaner(&["clean", input, "-o", article.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{input}");
        assert!(
            stderr(&out).contains("the output file is also an input"),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read(&article).unwrap(), before);
    }
    let data = dir.join("data.jsonl");
    let made = gleaner(&[
        "convert",
        &repo("training-data/train/en.ann.txt"),
        "-o",
        data.to_str().unwrap(),
    ]);
    assert!(made.status.success(), "{}", stderr(&made));
    let kept = std::fs::read(&data).unwrap();
    let out = gleaner(&[
        "convert",
        data.to_str().unwrap(),
        "-o",
        data.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&data).unwrap(), kept);
}

#[test]
fn data_commands_read_standard_input() {
    let dir = temp_dir("data-stdin");
    let jsonl = dir.join("en.jsonl");
    let made = gleaner(&[
        "convert",
        &repo("training-data/train/en.ann.txt"),
        "-o",
        jsonl.to_str().unwrap(),
    ]);
    assert!(made.status.success(), "{}", stderr(&made));
    let data = std::fs::read(&jsonl).unwrap();
    let checked = gleaner_stdin(&["check-data", "-"], &data);
    assert!(checked.status.success(), "{}", stderr(&checked));
    assert!(stdout(&checked).starts_with("ok: "), "{}", stdout(&checked));
    let annotated = dir.join("data.ann.txt");
    let converted = gleaner_stdin(&["convert", "-", "-o", annotated.to_str().unwrap()], &data);
    assert!(converted.status.success(), "{}", stderr(&converted));
    assert!(std::fs::metadata(&annotated).unwrap().len() > 0);
    let model = dir.join("m.gleaner");
    let trained = gleaner_stdin(
        &["train", "-", "--folds", "0", "-o", model.to_str().unwrap()],
        &data,
    );
    assert!(trained.status.success(), "{}", stderr(&trained));
    let scored = gleaner_stdin(
        &[
            "eval",
            "-",
            "--model",
            model.to_str().unwrap(),
            "--format",
            "json",
        ],
        &data,
    );
    assert!(scored.status.success(), "{}", stderr(&scored));
    let report: serde_json::Value = serde_json::from_str(&stdout(&scored)).unwrap();
    assert!(report["overall"]["scores"]["accuracy"].as_f64().unwrap() > 0.5);
}

#[test]
fn eval_langs_writes_json_as_every_report_does() {
    let out = gleaner(&[
        "eval-langs",
        "--format",
        "json",
        &repo("tests/data/langs/mixed.jsonl"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let scores: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(scores["documents"].as_u64().unwrap() > 0);
    let old = gleaner(&[
        "eval-langs",
        "--json",
        &repo("tests/data/langs/mixed.jsonl"),
    ]);
    assert_eq!(old.status.code(), Some(2));
}

#[test]
fn completions_and_man_pages_come_from_the_clap_definitions() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = gleaner(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(
            script.contains("lossy") && script.contains("check-data"),
            "{shell}"
        );
    }
    let page = gleaner(&["man"]);
    assert!(page.status.success(), "{}", stderr(&page));
    let page = stdout(&page);
    assert!(page.contains(".TH gleaner 1"), "{page}");
    assert!(page.contains("check\\-data"), "{page}");
    let clean = stdout(&gleaner(&["man", "clean"]));
    assert!(
        clean.contains(".TH gleaner-clean") && clean.contains("\\-\\-keep"),
        "{clean}"
    );
    let unknown = gleaner(&["man", "cleen"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("no subcommand \"cleen\""));
}
