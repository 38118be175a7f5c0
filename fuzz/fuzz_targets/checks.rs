//! The fuzz targets' bodies, one function per target, with the invariants
//! every reader promises. Shared with the test suite
//! (`tests/fuzz_regressions.rs`), which runs the seeds and every input a
//! fuzzer ever crashed on through the same functions.
#![allow(dead_code)]

use gleaner::Cleaner;
use gleaner::Location;
use gleaner::blocks::split_blocks;
use gleaner::data::{
    LabeledDocument, parse_annotated, parse_jsonl_line, write_annotated, write_jsonl_line,
};
use gleaner::document::Block;
use gleaner::html::{HtmlOptions, decode, read_html};
use gleaner::input::{Source, decode_text, parse_document_line};
use gleaner::labels::LabelSet;
use gleaner::model::{FORMAT_VERSION, Model};
use gleaner::warc::{RecordPage, WarcReader, read_record_page};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The cleaner with the embedded model, built once per fuzzing process.
pub fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(Cleaner::default)
}

/// Characters that make a plain-text line blank (as `blocks.rs` says).
pub fn is_blank_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// Plain-text blocks cover `text` in order: their spans are increasing, do
/// not overlap, fall on character boundaries, hold exactly the block's
/// lines, and nothing but blank characters lies between them.
pub fn check_text_blocks(text: &str, blocks: &[Block]) {
    let mut previous_end = 0;
    for block in blocks {
        let span = block.span.clone().expect("plain-text blocks have spans");
        assert!(previous_end <= span.start && span.start < span.end && span.end <= text.len());
        let gap = &text[previous_end..span.start];
        assert!(
            gap.chars().all(is_blank_char),
            "non-blank text {gap:?} outside every block"
        );
        let lines: Vec<&str> = text[span.clone()]
            .split("\r\n")
            .flat_map(|l| l.split(['\n', '\r']))
            .map(|l| l.trim_matches(is_blank_char))
            .collect();
        assert!(
            lines.iter().all(|l| !l.is_empty()),
            "blank line inside {span:?}"
        );
        assert_eq!(block.text, lines.join("\n"));
        previous_end = span.end;
    }
    assert!(text[previous_end..].chars().all(is_blank_char));
}

/// A block's text, label, tag, language and span.
type BlockContent<'a> = (
    &'a str,
    Option<usize>,
    Option<&'a str>,
    Option<&'a str>,
    Option<std::ops::Range<usize>>,
);

/// What a labeled document must keep through a format round trip: id,
/// language, URL and its blocks' content.
type DocumentContent<'a> = (
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Vec<BlockContent<'a>>,
);

/// The content of a labeled document, to compare across formats.
pub fn labeled_content(document: &LabeledDocument) -> DocumentContent<'_> {
    (
        &document.document.id,
        document.lang.as_deref(),
        document.url.as_deref(),
        document
            .document
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                (
                    b.text.as_str(),
                    document.labels[i],
                    b.tag.as_deref(),
                    document.block_languages[i].as_deref(),
                    b.span.clone(),
                )
            })
            .collect(),
    )
}

/// A cleaned page's outputs can all be written, and its JSON parses.
pub fn check_cleaned(cleaned: &gleaner::Cleaned) {
    for block in cleaned.blocks() {
        if let Some(p) = block.probability() {
            assert!((0.0..=1.0).contains(&p), "probability {p}");
        }
        let _ = block.label().as_str();
    }
    let _ = cleaned.to_text();
    let _ = cleaned.to_markdown();
    let _ = cleaned.to_html();
    let json = cleaned.to_json();
    let _: serde_json::Value = serde_json::from_str(&json).expect("to_json writes JSON");
}

const MAGIC: &[u8] = b"GLEANER-MODEL\n";

/// A model file around `payload`: magic line, version, length and the
/// payload's SHA-256, so that the fuzzer's changes reach the payload's
/// decoding and checks rather than all failing the checksum.
fn with_header(payload: &[u8]) -> Vec<u8> {
    let mut file = MAGIC.to_vec();
    file.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    file.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    file.extend_from_slice(&Sha256::digest(payload));
    file.extend_from_slice(payload);
    file
}

/// Charsets a caller might give: none, common ones, and an unknown label.
const CHARSETS: [Option<&str>; 6] = [
    None,
    Some("utf-8"),
    Some("windows-1252"),
    Some("shift_jis"),
    Some("utf-16le"),
    Some("no-such-charset"),
];

/// Small enough that a gzip bomb cannot make a run slow.
const MAX_DECOMPRESSED_BYTES: usize = 1 << 20;

/// Plain text: bytes → text (strict and lossy decoding) → blocks. The
/// blocks must cover the text in order.
pub fn text(bytes: &[u8]) {
    let text = decoded_text(bytes);
    check_text_blocks(&text, &split_blocks(&text));
}

/// The whole clean of plain text: blocks, languages, features, labels and
/// every output. Cleaning any text without a NUL must succeed.
pub fn text_clean(bytes: &[u8]) {
    let text = decoded_text(bytes);
    let cleaned = cleaner().clean(&text).expect("text without NUL cleans");
    assert_eq!(cleaned.blocks().len(), split_blocks(&text).len());
    check_cleaned(&cleaned);
}

/// The bytes decoded as the text reader does, lossy; strict decoding must
/// agree where it succeeds.
fn decoded_text(bytes: &[u8]) -> String {
    let path = Path::new("fuzz.txt");
    let lossy = decode_text(bytes.to_vec(), path, true).expect("lossy decoding never fails");
    assert!(!lossy.contains('\0'));
    match decode_text(bytes.to_vec(), path, false) {
        Ok(strict) => assert_eq!(strict, lossy),
        Err(error) => assert!(!error.to_string().is_empty()),
    }
    lossy
}

/// JSONL, both readers: labeled-document records (training data) and the
/// `--input jsonl` page records. A record that reads must write back and
/// read again to the same document.
pub fn jsonl(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let labels = LabelSet::standard();
    let source = Source::File(PathBuf::from("fuzz.jsonl"));
    for (index, line) in text.lines().enumerate().take(8) {
        let location = Location::line("fuzz.jsonl", index + 1);
        if let Ok(mut raw) = parse_jsonl_line(line, &location) {
            // A page file named by the record would be read from disk:
            // the fuzzer must not wander the file system.
            raw.html_path = None;
            if let Ok(document) = raw.into_labeled(location.clone(), &labels) {
                let written = write_jsonl_line(&document, &labels);
                let again = parse_jsonl_line(&written, &location)
                    .expect("a written record parses")
                    .into_labeled(location.clone(), &labels)
                    .expect("a written record validates");
                assert_eq!(labeled_content(&again), labeled_content(&document));
            }
        }
        let strict = parse_document_line(line.trim_end(), &source, index + 1, false);
        let lossy = parse_document_line(line.trim_end(), &source, index + 1, true);
        // `--lossy` refuses nothing that strict reading takes.
        assert!(strict.is_err() || lossy.is_ok());
        for read in [strict, lossy].into_iter().flatten() {
            for block in &read.document.blocks {
                assert!(
                    !block.text.trim().is_empty(),
                    "blank block {:?}",
                    block.text
                );
                assert!(!block.text.contains('\0'));
            }
        }
    }
}

/// The annotation format (docs/ANNOTATION-FORMAT.md). A file that reads
/// must convert to JSONL and back, and be written again in the format,
/// without loss (what `gleaner convert` promises).
pub fn annotated(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let labels = LabelSet::standard();
    let path = Path::new("fuzz.ann.txt");
    let Ok(documents) = parse_annotated(text, path, &labels) else {
        return;
    };
    let written = write_annotated(&documents, &labels);
    let again = parse_annotated(&written, path, &labels).expect("written annotations parse");
    assert_eq!(again.len(), documents.len());
    for (a, b) in documents.iter().zip(&again) {
        assert_eq!(labeled_content(a), labeled_content(b));
        let location = Location::line("fuzz.jsonl", 1);
        let line = write_jsonl_line(a, &labels);
        let from_jsonl = parse_jsonl_line(&line, &location)
            .expect("a written record parses")
            .into_labeled(location, &labels)
            .expect("a written record validates");
        assert_eq!(labeled_content(a), labeled_content(&from_jsonl));
    }
}

/// The model file: any bytes either load as a model that then cleans
/// pages (text and HTML) without panicking, or give an error. The first
/// byte chooses between the bytes as a whole file and the bytes as the
/// payload behind a well-formed header, so that the fuzzer reaches the
/// payload's decoding and checks.
pub fn model_file(bytes: &[u8]) {
    let Some((&mode, rest)) = bytes.split_first() else {
        return;
    };
    let file = if mode & 1 == 0 {
        rest.to_vec()
    } else {
        with_header(rest)
    };
    let Ok(model) = Model::from_bytes(&file, "fuzz.gleaner") else {
        return;
    };
    // Written again, the model reads back to the same bytes.
    let rewritten = model.to_bytes();
    let reread = Model::from_bytes(&rewritten, "rewritten").expect("a written model reads");
    assert_eq!(reread.to_bytes(), rewritten);
    let cleaner = Cleaner::builder()
        .model_bytes(file)
        .build()
        .expect("a model that loads builds");
    let text = "Harbour town opens its park\n\nShare: Facebook | X\n\n\
                The council voted on Tuesday to open the old shipyard as a park.\n\n\
                “We waited ten years,” a resident said.";
    check_cleaned(&cleaner.clean(text).expect("text cleans"));
    let html = "<h1>Harbour town</h1><nav><a href='/'>Home</a></nav><figure><figcaption>The dock</figcaption></figure>\
                <p>The council voted on Tuesday.</p><blockquote>We waited.</blockquote>";
    check_cleaned(&cleaner.clean_html(html).expect("HTML cleans"));
}

/// The HTML reader: bytes → decoding (byte-order mark, gzip, charset
/// override, `<meta charset>`, detection) → HTML5 parse → blocks. The
/// first byte picks the caller's charset. Blocks must be non-empty and
/// their spans must tile the page's plain-text rendering (the blocks
/// joined by a blank line).
pub fn html_read(bytes: &[u8]) {
    let Some((&choice, page)) = bytes.split_first() else {
        return;
    };
    let charset = CHARSETS[usize::from(choice) % CHARSETS.len()];
    let options = HtmlOptions {
        charset: charset.map(str::to_string),
        max_decompressed_bytes: MAX_DECOMPRESSED_BYTES,
    };
    let decoded = decode(page, charset, MAX_DECOMPRESSED_BYTES);
    let read = read_html("fuzz.html", page, &options);
    assert_eq!(decoded.is_ok(), read.is_ok());
    let Ok((document, _report)) = read else {
        return;
    };
    let mut next_start = 0;
    for block in &document.blocks {
        assert!(
            !block.text.trim().is_empty(),
            "empty block {:?}",
            block.text
        );
        let span = block.span.clone().expect("HTML blocks have spans");
        assert_eq!(span.start, next_start);
        assert_eq!(span.len(), block.text.len());
        next_start = span.end + 2;
    }
}

/// The HTML tokens read by byte scans against html5ever's tokenizer: any
/// bytes, made text lossily, parse to the same tree either way (every
/// node, attribute, text and link; see `gleaner::html::fast_tokens_disagree`).
pub fn html_tokens(bytes: &[u8]) {
    let page = String::from_utf8_lossy(bytes);
    if let Some(difference) = gleaner::html::fast_tokens_disagree(&page) {
        panic!("the trees differ on {page:?}:\n{difference}");
    }
}

/// The whole clean of an HTML page: read, languages, features, labels and
/// every output, on any bytes.
pub fn html_clean(bytes: &[u8]) {
    match cleaner().clean_html(bytes) {
        Ok(cleaned) => check_cleaned(&cleaned),
        // Only a broken or oversized gzip stream is refused.
        Err(error) => assert!(bytes.starts_with(&[0x1f, 0x8b]), "{error}"),
    }
}

/// The WARC reader: any bytes as a shard (plain or gzipped), each record
/// read into its page. Records either read or are a typed error; a damaged
/// record costs only itself, so reading always ends; pages' blocks are not
/// blank.
pub fn warc(bytes: &[u8]) {
    let options = HtmlOptions {
        charset: None,
        max_decompressed_bytes: MAX_DECOMPRESSED_BYTES,
    };
    let shard = Path::new("fuzz.warc");
    let Ok(reader) = WarcReader::new(shard, bytes) else {
        return;
    };
    // Every record holds at least its version line: no more records than
    // bytes, so a reader that stopped advancing fails here.
    for (index, record) in reader.enumerate() {
        assert!(index <= bytes.len(), "more records than bytes");
        let Ok(record) = record else {
            continue;
        };
        if let Ok(RecordPage::Page(page)) = read_record_page(&record, shard, &options) {
            for block in &page.document.blocks {
                assert!(
                    !block.text.trim().is_empty(),
                    "blank block {:?}",
                    block.text
                );
            }
        }
    }
}
