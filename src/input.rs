//! Reading input: files or standard input, decoded as UTF-8 with errors that
//! name the file and byte offset, and JSONL document records.

use crate::blocks::document_from_text;
use crate::data::RawDocument;
use crate::document::{Block, Document};
use crate::error::{Error, Location, Result};
use serde::Deserialize;
use std::io::Read;
use std::path::{Path, PathBuf};

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
/// names end in `.{extension}`, searched recursively in name order
/// (entries whose names start with a dot are skipped, as ripgrep does).
/// Each item is a source, or the error of a directory that cannot be read
/// or holds no such file, so that one bad argument does not stop the others.
pub fn input_sources(args: &[PathBuf], extension: &str) -> Vec<Result<Source>> {
    let suffix = format!(".{extension}");
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
            &|path| path.to_string_lossy().ends_with(&suffix),
            &mut files,
        ) {
            Err(error) => sources.push(Err(error)),
            Ok(()) if files.is_empty() => sources.push(Err(Error::io(
                arg,
                std::io::Error::other(format!("no *{suffix} files in this directory")),
            ))),
            Ok(()) => sources.extend(files.into_iter().map(|f| Ok(Source::File(f)))),
        }
    }
    sources
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

#[derive(Deserialize)]
struct TextRecord {
    id: Option<serde_json::Value>,
    text: String,
}

/// Parses one line of `--input jsonl`: either `{"id", "text"}` (the text is
/// split into blocks) or a labeled-document record (its blocks are used,
/// labels ignored). `line` is 1-based, for messages.
///
/// # Errors
/// [`Error::Parse`] naming the source and line.
pub fn parse_document_line(line: &str, source: &Source, line_number: usize) -> Result<Document> {
    let location = Location::line(source.path(), line_number);
    let value: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| Error::parse(location.clone(), format!("malformed JSON: {e}")))?;
    let default_id = format!("{}:{}", source.name(), line_number);
    if value.get("blocks").is_some() {
        let raw: RawDocument = serde_json::from_value(value).map_err(|e| {
            Error::parse(
                location.clone(),
                format!("bad labeled-document record: {e}"),
            )
        })?;
        let blocks = raw
            .blocks
            .into_iter()
            .map(|b| Block {
                text: b.text,
                span: b.start.zip(b.end).map(|(s, e)| s..e),
                tag: b.tag,
                evidence: None,
            })
            .collect();
        return Ok(Document {
            id: if raw.id.is_empty() {
                default_id
            } else {
                raw.id
            },
            blocks,
            metadata: None,
        });
    }
    let record: TextRecord = serde_json::from_value(value).map_err(|e| {
        Error::parse(
            location.clone(),
            format!("expected {{\"id\", \"text\"}} or a labeled-document record: {e}"),
        )
    })?;
    let id = match record.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => default_id,
        Some(other) => other.to_string(),
    };
    if record.text.contains('\0') {
        return Err(Error::parse(location, "text holds a NUL byte"));
    }
    Ok(document_from_text(id, &record.text))
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
        let d = parse_document_line(r#"{"id": "a", "text": "T\n\nBody"}"#, &s, 1).unwrap();
        assert_eq!((d.id.as_str(), d.blocks.len()), ("a", 2));
        let d = parse_document_line(
            r#"{"id": "b", "blocks": [{"text": "x", "label": "body"}]}"#,
            &s,
            2,
        )
        .unwrap();
        assert_eq!(d.blocks[0].text, "x");
        let err = parse_document_line("{nope", &s, 7).unwrap_err().to_string();
        assert!(err.starts_with("<stdin>:7: malformed JSON"), "{err}");
    }
}
