//! Reading input: files or standard input, as plain text (decoded as UTF-8
//! with errors that name the file and byte offset) or as HTML (decoded by
//! the HTML reader, which reports what it had to replace), and JSONL
//! document records of either kind.

use crate::blocks::document_from_text;
use crate::document::{Block, Document};
use crate::error::{Error, Location, Result};
use crate::html::{DecodeReport, HtmlOptions, read_html};
use serde::Deserialize;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How a source is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Plain text: blocks are separated by blank lines.
    Text,
    /// An HTML page, in any encoding (see [`crate::html::decode()`]).
    Html,
    /// One JSON document per line (see [`parse_document_line`]).
    Jsonl,
    /// A WARC or WET shard, gzipped or not: its pages (see [`crate::warc`]).
    Warc,
}

/// The extensions a directory stands for when each file's kind is chosen
/// by its name: what [`InputKind::of_path`] reads as text, HTML or WARC.
const NAMED_KIND_EXTENSIONS: &[&str] = &[
    "txt", "html", "htm", "warc", "warc.gz", "wet", "wet.gz",
];

/// The extensions an HTML page is known by.
const HTML_EXTENSIONS: &[&str] = &["html", "htm"];

/// The extensions a WARC or WET shard is known by.
const WARC_EXTENSIONS: &[&str] = &["warc", "warc.gz", "wet", "wet.gz"];

impl InputKind {
    /// The kind a file's name says: `.html` and `.htm` (in any case) are
    /// HTML, `.warc`, `.warc.gz`, `.wet` and `.wet.gz` are WARC shards,
    /// anything else is plain text, as it always was.
    pub fn of_path(path: &Path) -> InputKind {
        if HTML_EXTENSIONS.iter().any(|ext| has_extension(path, ext)) {
            InputKind::Html
        } else if WARC_EXTENSIONS.iter().any(|ext| has_extension(path, ext)) {
            InputKind::Warc
        } else {
            InputKind::Text
        }
    }

    /// The file extensions a directory on the command line stands for:
    /// those of `forced`, or, when each file's name chooses its kind, those
    /// of text, HTML and WARC.
    pub fn directory_extensions(forced: Option<InputKind>) -> &'static [&'static str] {
        match forced {
            None => NAMED_KIND_EXTENSIONS,
            Some(InputKind::Text) => &["txt"],
            Some(InputKind::Html) => HTML_EXTENSIONS,
            Some(InputKind::Jsonl) => &["jsonl"],
            Some(InputKind::Warc) => WARC_EXTENSIONS,
        }
    }
}

/// Whether a file name ends in `.{extension}`, in any case (`PAGE.HTM`);
/// the extension may have two parts (`warc.gz`).
fn has_extension(path: &Path, extension: &str) -> bool {
    path.file_name().is_some_and(|name| {
        let name = name.to_string_lossy();
        let name = name.as_bytes();
        name.len() > extension.len() + 1
            && name[name.len() - extension.len() - 1] == b'.'
            && name[name.len() - extension.len()..].eq_ignore_ascii_case(extension.as_bytes())
    })
}

/// Where input comes from: a file, or standard input (`-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Source {
    /// `-` means standard input; anything else is a file path.
    pub fn from_arg(arg: &Path) -> Source {
        if arg.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::File(arg.to_path_buf())
        }
    }

    /// The name used in messages and document ids.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".into(),
            Source::File(path) => path.display().to_string(),
        }
    }

    /// How this source is read: as `forced` when the caller says, else by
    /// its name ([`InputKind::of_path`]); standard input has no name, so it
    /// is plain text unless forced.
    pub fn kind(&self, forced: Option<InputKind>) -> InputKind {
        forced.unwrap_or_else(|| match self {
            Source::Stdin => InputKind::Text,
            Source::File(path) => InputKind::of_path(path),
        })
    }

    fn path(&self) -> PathBuf {
        PathBuf::from(self.name())
    }

    /// Reads all bytes. Files are only ever opened for reading.
    ///
    /// # Errors
    /// [`Error::Io`] for a missing, unreadable file or a directory.
    pub fn read_bytes(&self) -> Result<Vec<u8>> {
        match self {
            Source::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .map_err(|e| Error::io(self.path(), e))?;
                Ok(bytes)
            }
            Source::File(path) => {
                if path.is_dir() {
                    return Err(Error::io(
                        path,
                        std::io::Error::other("is a directory, not a file"),
                    ));
                }
                std::fs::read(path).map_err(|e| Error::io(path, e))
            }
        }
    }

    /// Reads the whole input as text.
    ///
    /// # Errors
    /// As [`Source::read_bytes`], plus [`decode_text`]'s errors.
    pub fn read_text(&self, lossy: bool) -> Result<String> {
        decode_text(self.read_bytes()?, &self.path(), lossy)
    }
}

/// The inputs named on a command line: `-` is standard input, a file is
/// itself (whatever its name), and a directory stands for its files whose
/// names end in one of `extensions` (see [`InputKind::directory_extensions`]),
/// searched recursively in name order (entries whose names start with a
/// dot are skipped, as ripgrep does). Each item is a source, or the error
/// of a directory that cannot be read or holds no such file, so that one
/// bad argument does not stop the others.
pub fn input_sources(args: &[PathBuf], extensions: &[&str]) -> Vec<Result<Source>> {
    let mut sources = Vec::new();
    for arg in args {
        let source = Source::from_arg(arg);
        if !matches!(&source, Source::File(path) if path.is_dir()) {
            sources.push(Ok(source));
            continue;
        }
        let mut files = Vec::new();
        match crate::walk::walk_files(
            arg,
            &|path| extensions.iter().any(|ext| has_extension(path, ext)),
            &mut files,
        ) {
            Err(error) => sources.push(Err(error)),
            Ok(()) if files.is_empty() => sources.push(Err(Error::io(
                arg,
                std::io::Error::other(format!(
                    "no {} files in this directory",
                    glob_list(extensions)
                )),
            ))),
            Ok(()) => sources.extend(files.into_iter().map(|f| Ok(Source::File(f)))),
        }
    }
    sources
}

/// `*.txt, *.html or *.htm`, for messages.
fn glob_list(extensions: &[&str]) -> String {
    let globs: Vec<String> = extensions.iter().map(|ext| format!("*.{ext}")).collect();
    match globs.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => globs.concat(),
    }
}

/// Decodes bytes as UTF-8. Without `lossy`, invalid UTF-8 and NUL bytes are
/// errors carrying the byte offset; with it, invalid sequences become U+FFFD
/// and NUL bytes are dropped.
///
/// # Errors
/// [`Error::InvalidUtf8`], [`Error::NulByte`].
pub fn decode_text(bytes: Vec<u8>, path: &Path, lossy: bool) -> Result<String> {
    if lossy {
        let text = String::from_utf8_lossy(&bytes);
        return Ok(if text.contains('\0') {
            text.replace('\0', "")
        } else {
            text.into_owned()
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    if let Some(offset) = text.find('\0') {
        return Err(Error::NulByte {
            path: path.to_path_buf(),
            offset,
        });
    }
    Ok(text)
}

/// A plain-text document from a source.
///
/// # Errors
/// As [`Source::read_text`].
pub fn read_document(source: &Source, lossy: bool) -> Result<Document> {
    Ok(document_from_text(source.name(), &source.read_text(lossy)?))
}

/// An HTML page from a source, with what decoding its bytes did (the
/// caller warns when bytes were replaced or NULs removed; the library
/// never prints).
///
/// # Errors
/// As [`Source::read_bytes`], and [`read_html`]'s errors naming the source.
pub fn read_html_document(
    source: &Source,
    options: &HtmlOptions,
) -> Result<(Document, DecodeReport)> {
    read_html(source.name(), &source.read_bytes()?, options)
}

/// A document read from one input, with the decode report of its HTML when
/// it was HTML (`None` for plain text).
#[derive(Debug, Clone)]
pub struct SourceDocument {
    /// The document.
    pub document: Document,
    /// How the HTML was decoded, for warnings.
    pub decode: Option<DecodeReport>,
}

/// One line of `--input jsonl` in any of its forms: `{"id", "text"}`,
/// `{"id", "html"}` or a labeled-document record (`"blocks"`). serde reads
/// it straight into these fields, in one pass: read first as a
/// `serde_json::Value` tree, a record of a million blocks took gigabytes.
#[derive(Deserialize)]
struct PageRecord {
    id: Option<serde_json::Value>,
    text: Option<String>,
    html: Option<String>,
    blocks: Option<Vec<PageBlock>>,
    // Read only to refuse a labeled record whose fields have the wrong type,
    // as the training reader does.
    #[serde(default)]
    #[allow(dead_code)]
    lang: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    url: Option<String>,
}

/// A labeled-document record's block, as `--input jsonl` uses it: its
/// label (and any other field) is skipped unread.
#[derive(Deserialize)]
struct PageBlock {
    text: String,
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    start: Option<usize>,
    #[serde(default)]
    end: Option<usize>,
}

/// Parses one line of `--input jsonl`: `{"id", "text"}` (the text is
/// split into blocks), `{"id", "html"}` (the page is read by the HTML
/// reader; NUL characters are removed and counted in the decode report), or
/// a labeled-document record (its blocks are used, labels ignored). `line`
/// is 1-based, for messages. A `"text"` holding a NUL character (`\u0000`)
/// is refused, as a NUL byte in a plain-text file is, unless `lossy`, which
/// drops it.
///
/// # Errors
/// [`Error::Parse`] naming the source and line, also for a record with both
/// `"text"` and `"html"` or neither, and for a labeled record with an empty
/// block or a span that ends before it starts.
pub fn parse_document_line(
    line: &str,
    source: &Source,
    line_number: usize,
    lossy: bool,
) -> Result<SourceDocument> {
    let location = Location::line(source.path(), line_number);
    let record: PageRecord = serde_json::from_str(line).map_err(|e| {
        let message = if e.is_data() {
            format!(
                "expected {{\"id\", \"text\"}}, {{\"id\", \"html\"}} or a labeled-document record: {e}"
            )
        } else {
            format!("malformed JSON: {e}")
        };
        Error::parse(location.clone(), message)
    })?;
    let default_id = format!("{}:{}", source.name(), line_number);
    if let Some(blocks) = record.blocks {
        let id = match record.id {
            Some(serde_json::Value::String(id)) if !id.is_empty() => id,
            Some(serde_json::Value::String(_)) => default_id,
            _ => {
                return Err(Error::parse(
                    location,
                    "bad labeled-document record: its \"id\" must be a string",
                ));
            }
        };
        return Ok(SourceDocument {
            document: labeled_document(id, blocks, &location, lossy)?,
            decode: None,
        });
    }
    let id = match record.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => default_id,
        Some(other) => other.to_string(),
    };
    match (record.text, record.html) {
        (Some(mut text), None) => {
            if text.contains('\0') {
                if !lossy {
                    return Err(Error::parse(location, "text holds a NUL byte"));
                }
                text.retain(|c| c != '\0');
            }
            Ok(SourceDocument {
                document: document_from_text(id, &text),
                decode: None,
            })
        }
        (None, Some(html)) => {
            // A JSON string is already Unicode: a `<meta charset>` inside
            // it says how the page was once stored, not how to read it now.
            let options = HtmlOptions {
                charset: Some("utf-8".into()),
                ..HtmlOptions::default()
            };
            let (document, report) = read_html(id, html.as_bytes(), &options)?;
            Ok(SourceDocument {
                document,
                decode: Some(report),
            })
        }
        (Some(_), Some(_)) => Err(Error::parse(
            location,
            "a record holds \"text\" or \"html\", not both",
        )),
        (None, None) => Err(Error::parse(
            location,
            "expected {\"id\", \"text\"}, {\"id\", \"html\"} or a labeled-document record: \
             no \"text\", \"html\" or \"blocks\"",
        )),
    }
}

/// A labeled-document record's blocks as a document (labels ignored),
/// checked as the training reader checks them. A block holding a NUL is
/// refused as a `"text"` record's is, unless `lossy`, which drops it.
fn labeled_document(
    id: String,
    blocks: Vec<PageBlock>,
    location: &Location,
    lossy: bool,
) -> Result<Document> {
    let mut blocks = blocks
        .into_iter()
        .enumerate()
        .map(|(index, mut b)| {
            if b.text.contains('\0') {
                if !lossy {
                    return Err(Error::parse(
                        location.clone(),
                        format!("block {index} holds a NUL byte"),
                    ));
                }
                b.text.retain(|c| c != '\0');
            }
            if b.text.trim().is_empty() {
                return Err(Error::parse(
                    location.clone(),
                    format!("block {index} is empty"),
                ));
            }
            let span = match (b.start, b.end) {
                (Some(s), Some(e)) if s > e => {
                    return Err(Error::parse(
                        location.clone(),
                        format!("block {index}: end {e} before start {s}"),
                    ));
                }
                (Some(s), Some(e)) => Some(s..e),
                _ => None,
            };
            Ok(Block {
                text: b.text,
                span,
                tag: b.tag,
                evidence: None,
            })
        })
        .collect::<Result<Vec<Block>>>()?;
    // The blocks were read into a list that grew by doubling: up to twice
    // the room they need, on a page of a million blocks (issue #19).
    blocks.shrink_to_fit();
    Ok(Document {
        id,
        blocks,
        metadata: None,
        archive: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = decode_text(b"abc\xffdef".to_vec(), Path::new("f.txt"), false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.txt: invalid UTF-8 at byte offset 3"
        );
        assert_eq!(
            decode_text(b"abc\xffdef".to_vec(), Path::new("f.txt"), true).unwrap(),
            "abc\u{fffd}def"
        );
    }

    #[test]
    fn nul_bytes_are_refused_or_dropped() {
        assert!(matches!(
            decode_text(b"ab\0c".to_vec(), Path::new("f"), false),
            Err(Error::NulByte { offset: 2, .. })
        ));
        assert_eq!(
            decode_text(b"ab\0c".to_vec(), Path::new("f"), true).unwrap(),
            "abc"
        );
    }

    #[test]
    fn jsonl_lines_of_both_kinds() {
        let s = Source::Stdin;
        let d = parse_document_line(r#"{"id": "a", "text": "T\n\nBody"}"#, &s, 1, false)
            .unwrap()
            .document;
        assert_eq!((d.id.as_str(), d.blocks.len()), ("a", 2));
        let d = parse_document_line(
            r#"{"id": "b", "blocks": [{"text": "x", "label": "body"}]}"#,
            &s,
            2,
            false,
        )
        .unwrap()
        .document;
        assert_eq!(d.blocks[0].text, "x");
        let err = parse_document_line("{nope", &s, 7, false).unwrap_err().to_string();
        assert!(err.starts_with("<stdin>:7: malformed JSON"), "{err}");
    }

    /// Regression (found by `fuzz/` jsonl): `--input jsonl` took a labeled
    /// record's empty block and backwards span, which the training reader
    /// refuses.
    #[test]
    fn labeled_records_with_an_empty_block_or_a_backwards_span_are_refused() {
        let s = Source::Stdin;
        let empty = r#"{"id": "e", "blocks": [{"text": "x"}, {"text": " "}]}"#;
        let empty = parse_document_line(empty, &s, 2, false)
            .unwrap_err()
            .to_string();
        assert_eq!(empty, "<stdin>:2: block 1 is empty");
        let backwards = parse_document_line(
            r#"{"id": "e", "blocks": [{"text": "x", "start": 5, "end": 2}]}"#,
            &s,
            3,
            false,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(backwards, "<stdin>:3: block 0: end 2 before start 5");
        let not_a_string = r#"{"id": 4, "blocks": [{"text": "x"}]}"#;
        let not_a_string = parse_document_line(not_a_string, &s, 4, false)
            .unwrap_err()
            .to_string();
        assert!(not_a_string.starts_with("<stdin>:4: bad labeled-document record"), "{not_a_string}");
    }

    #[test]
    fn a_nul_in_a_text_record_is_refused_unless_lossy() {
        let s = Source::Stdin;
        let line = r#"{"id": "n", "text": "Title\u0000\n\nBody"}"#;
        let err = parse_document_line(line, &s, 2, false).unwrap_err();
        assert_eq!(err.to_string(), "<stdin>:2: text holds a NUL byte");
        let read = parse_document_line(line, &s, 2, true).unwrap().document;
        assert_eq!(read.blocks[0].text, "Title");
    }

    /// Regression (found by `fuzz/` jsonl): a labeled record's block could
    /// hold a NUL, which a text record or a text file may not.
    #[test]
    fn a_nul_in_a_labeled_block_is_refused_unless_lossy() {
        let s = Source::Stdin;
        let line = r#"{"id": "n", "blocks": [{"text": "a\u0000b"}, {"text": "\u0000"}]}"#;
        let error = parse_document_line(line, &s, 6, false).unwrap_err().to_string();
        assert_eq!(error, "<stdin>:6: block 0 holds a NUL byte");
        let error = parse_document_line(line, &s, 6, true).unwrap_err().to_string();
        assert_eq!(error, "<stdin>:6: block 1 is empty");
        let line = r#"{"id": "n", "blocks": [{"text": "a\u0000b"}]}"#;
        let read = parse_document_line(line, &s, 7, true).unwrap();
        assert_eq!(read.document.blocks[0].text, "ab");
    }

    #[test]
    fn html_records_are_read_by_the_html_reader() {
        let s = Source::Stdin;
        let read = parse_document_line(
            r#"{"id": "p", "html": "<div class=story><h1>Rain</h1><p>It rained.\u0000</p></div>"}"#,
            &s,
            3,
            false,
        )
        .unwrap();
        let blocks = &read.document.blocks;
        assert_eq!(read.document.id, "p");
        assert_eq!(blocks[1].text, "It rained.");
        assert_eq!(
            blocks[1].evidence.as_ref().unwrap().dom_path,
            "body>div.story>p"
        );
        assert_eq!(read.decode.unwrap().nuls_removed, 1);
    }

    #[test]
    fn a_record_with_both_text_and_html_or_neither_names_its_line() {
        let s = Source::Stdin;
        let both = parse_document_line(r#"{"text": "a", "html": "<p>b</p>"}"#, &s, 4, false)
            .unwrap_err()
            .to_string();
        assert_eq!(both, r#"<stdin>:4: a record holds "text" or "html", not both"#);
        let neither = parse_document_line(r#"{"id": "x"}"#, &s, 5, false)
            .unwrap_err()
            .to_string();
        assert!(neither.starts_with("<stdin>:5: expected"), "{neither}");
    }

    #[test]
    fn a_files_name_chooses_its_kind_unless_forced() {
        let page = Source::File("a/Page.HTM".into());
        assert_eq!(page.kind(None), InputKind::Html);
        assert_eq!(page.kind(Some(InputKind::Text)), InputKind::Text);
        assert_eq!(Source::File("notes.md".into()).kind(None), InputKind::Text);
        assert_eq!(Source::Stdin.kind(None), InputKind::Text);
        assert_eq!(Source::Stdin.kind(Some(InputKind::Html)), InputKind::Html);
        assert_eq!(glob_list(&["txt", "html", "htm"]), "*.txt, *.html or *.htm");
        assert_eq!(glob_list(&["jsonl"]), "*.jsonl");
    }
}
