//! Property tests (proptest) of the invariants the readers promise, on
//! generated input: plain-text blocks cover their input in order,
//! `convert` round-trips between JSONL and the annotation format, cleaning
//! never panics on any UTF-8, and reading HTML never panics on any bytes.
//! The same checks run under coverage-guided fuzzing in `fuzz/`.

#[path = "../fuzz/fuzz_targets/checks.rs"]
mod checks;

use gleaner::Location;
use gleaner::blocks::split_blocks;
use gleaner::data::{
    LabeledDocument, parse_annotated, parse_jsonl_line, write_annotated, write_jsonl_line,
};
use gleaner::document::{Block, Document};
use gleaner::labels::LabelSet;
use proptest::prelude::*;
use std::path::Path;

/// Text made of the pieces that decide where blocks start and end: words
/// in several scripts, every kind of line end, Unicode and zero-width
/// spaces, byte-order marks, tabs and form feeds.
fn text_with_line_structure() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z0-9.,;:!?\"'()]{1,12}",
        Just("Ünïcödé".to_string()),
        Just("港口小镇".to_string()),
        Just("مرحبا".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{3000}".to_string()),
        Just("\u{200b}".to_string()),
        Just("\u{feff}".to_string()),
        Just("\u{c}".to_string()),
        Just("\u{2028}".to_string()),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

/// A block text as a labeled record holds it: lines joined by `\n`, not
/// blank as a whole. Lines may be empty, blank, start with `@`, or hold
/// carriage returns anywhere (the annotation format escapes those).
fn block_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => "[^\r\n\u{0}]{1,30}",
        1 => Just(String::new()),
        1 => Just("   ".to_string()),
        1 => "@[^\r\n\u{0}]{0,10}",
        1 => "@@[a-z]{0,5}",
        1 => "@\"[a-z]{0,5}\"?",
        1 => "[a-z\r ]{1,8}\r",
    ];
    proptest::collection::vec(line, 1..4)
        .prop_map(|lines| lines.join("\n"))
        .prop_filter("a block has text", |text| !text.trim().is_empty())
}

/// An attribute value: anything, including spaces, quotes and `=`.
fn attribute() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[^\u{0}]{0,12}")
}

/// A labeled document as `gleaner convert` reads it. Ids may hold white
/// space, `"` and `=` (the annotation format's `@doc` line writes such an
/// id as a JSON string).
fn labeled_document() -> impl Strategy<Value = LabeledDocument> {
    let block = (
        block_text(),
        proptest::option::of(0..5usize),
        attribute(),
        attribute(),
        proptest::option::of((0..1000usize, 0..1000usize)),
    );
    (
        prop_oneof![
            3 => "[a-zA-Z0-9/_.:-]{1,16}",
            1 => "[^\u{0}]{1,16}",
        ],
        attribute(),
        attribute(),
        proptest::collection::vec(block, 1..6),
    )
        .prop_map(|(id, lang, url, blocks)| {
            let mut document = LabeledDocument {
                document: Document {
                    id,
                    blocks: Vec::new(),
                    metadata: None,
                    archive: None,
                },
                labels: Vec::new(),
                block_languages: Vec::new(),
                lang,
                url,
                source: Location::line("generated", 1),
                weight: 1.0,
                unaligned_blocks: 0,
                markup_only: false,
            };
            for (text, label, tag, block_lang, span) in blocks {
                document.labels.push(label);
                document.block_languages.push(block_lang);
                document.document.blocks.push(Block {
                    text,
                    span: span.map(|(a, b)| a.min(b)..a.max(b)),
                    tag,
                    evidence: None,
                });
            }
            document
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Block spans cover the input in order: increasing, on character
    /// boundaries, holding exactly the block's lines, with nothing but
    /// blank characters between them.
    #[test]
    fn block_spans_cover_the_input_in_order(text in text_with_line_structure()) {
        checks::check_text_blocks(&text, &split_blocks(&text));
    }

    /// The same on arbitrary Unicode.
    #[test]
    fn block_spans_cover_any_text_in_order(text in any::<String>()) {
        checks::check_text_blocks(&text, &split_blocks(&text));
    }

    /// JSONL → annotation format → JSONL gives the same record, and the
    /// annotation file read back writes the same file (`gleaner convert`
    /// both ways).
    #[test]
    fn convert_round_trips(documents in proptest::collection::vec(labeled_document(), 1..4)) {
        let labels = LabelSet::standard();
        let mut documents = documents;
        for (i, document) in documents.iter_mut().enumerate() {
            document.document.id = format!("{}-{i}", document.document.id);
        }
        let location = Location::line("generated.jsonl", 1);
        for document in &documents {
            let line = write_jsonl_line(document, &labels);
            let read = parse_jsonl_line(&line, &location)
                .unwrap()
                .into_labeled(location.clone(), &labels)
                .unwrap();
            prop_assert_eq!(checks::labeled_content(&read), checks::labeled_content(document));
        }
        let annotated = write_annotated(&documents, &labels);
        let read = parse_annotated(&annotated, Path::new("generated.ann.txt"), &labels)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{annotated}")))?;
        prop_assert_eq!(read.len(), documents.len());
        for (read, document) in read.iter().zip(&documents) {
            prop_assert_eq!(checks::labeled_content(read), checks::labeled_content(document));
            prop_assert_eq!(write_jsonl_line(read, &labels), write_jsonl_line(document, &labels));
        }
        prop_assert_eq!(write_annotated(&read, &labels), annotated);
    }
}

proptest! {
    // Each case cleans a page with the embedded model: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Cleaning never panics on any UTF-8: text without NUL cleans, with
    /// NUL it is a typed error, and every output can be written.
    #[test]
    fn classify_never_panics_on_any_utf8(text in any::<String>()) {
        match checks::cleaner().clean(&text) {
            Ok(cleaned) => checks::check_cleaned(&cleaned),
            Err(error) => prop_assert!(text.contains('\0'), "{error}"),
        }
    }

    /// The same on text with line structure, which makes many blocks.
    #[test]
    fn classify_never_panics_on_many_blocks(text in text_with_line_structure()) {
        checks::text_clean(text.as_bytes());
    }

    /// Reading HTML never panics on any bytes, under any caller charset,
    /// and neither does cleaning it.
    #[test]
    fn html_reading_never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        checks::html_read(&bytes);
        checks::html_clean(&bytes);
    }

    /// The same on tag soup, which reaches the tree builder's corners.
    #[test]
    fn html_reading_never_panics_on_tag_soup(pieces in proptest::collection::vec(prop_oneof![
        Just("<p>"), Just("</p>"), Just("<div class=a>"), Just("</div>"), Just("<h1>"),
        Just("</h2>"), Just("<li>"), Just("<table><tr><td>"), Just("<br>"), Just("<pre>"),
        Just("<script>"), Just("</script>"), Just("<!--"), Just("-->"), Just("<a href=x>"),
        Just("&amp;"), Just("&#0;"), Just("<meta charset=shift_jis>"), Just("<figure>"),
        Just("<figcaption>"), Just("<blockquote>"), Just("<nav>"), Just("word "),
        Just("Sentence one. "), Just("\u{0}"), Just("\n"), Just("<svg><p>"), Just("<template>"),
    ], 0..80)) {
        let page = pieces.concat();
        checks::html_read(&[0].iter().chain(page.as_bytes()).copied().collect::<Vec<u8>>());
        checks::html_clean(page.as_bytes());
    }

    /// The tokens read by byte scans build html5ever's tree from tag soup
    /// rich in the tokenizer's corners: carriage returns, attributes of
    /// every form and twice, character references, comments, raw text,
    /// foreign content.
    #[test]
    fn fast_tokens_build_html5evers_tree_from_tag_soup(pieces in proptest::collection::vec(prop_oneof![
        Just("<p>"), Just("</p>"), Just("<DIV Class=a ID='b' class=c>"), Just("</div >"),
        Just("<a href=\"?a=1&amp;b\">"), Just("<a x='1'y=2/>"), Just("<br/ >"), Just("<pre>"),
        Just("\r"), Just("\n"), Just("\r\n"), Just("<li>"), Just("<table><tr><td>"),
        Just("<script>"), Just("</script>"), Just("<style>"), Just("<title>"), Just("<textarea>"),
        Just("<!--"), Just("-->"), Just("--!>"), Just("<!-- c -->"), Just("<!"), Just("<?x>"),
        Just("</>"), Just("< "), Just("<3"), Just("&amp;"), Just("&"), Just("\u{0}"),
        Just("<svg>"), Just("</svg>"), Just("<![CDATA["), Just("]]>"), Just("<math>"),
        Just("<template>"), Just("<plaintext>"), Just("<meta charset=utf-8>"), Just("word "),
        Just("<input type=hidden>"), Just("<font color=red>"), Just("<b>"), Just("</b>"),
        Just("<x =y \"z>"), Just("é"), Just("<select>"), Just("<noscript>"),
        Just("&not"), Just("&notin;"), Just("&#"), Just("&#x4"), Just("1"), Just(";"),
        Just("="), Just("<a title="), Just("'"), Just("\""), Just(">"), Just("&copy"),
        Just("\u{feff}"),
    ], 0..60)) {
        checks::html_tokens(pieces.concat().as_bytes());
    }
}
