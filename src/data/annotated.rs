//! The hand-annotation format (`docs/ANNOTATION-FORMAT.md`): the article as
//! plain text, each block preceded by an `@label` line.

use super::{LabeledDocument, label_id};
use crate::document::{Block, Document};
use crate::error::{Error, Location, Result};
use crate::labels::LabelSet;
use std::path::Path;

/// A JSON string at the start of `text`, and the text after it.
fn json_string_prefix(text: &str) -> Option<(String, &str)> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<String>();
    match stream.next() {
        Some(Ok(value)) => Some((value, &text[stream.byte_offset()..])),
        _ => None,
    }
}

/// Whether a value is written as it is (else as a JSON string): not
/// empty, and without white space, control characters, `"` or `=`.
fn is_plain(value: &str) -> bool {
    !value.is_empty()
        && !value.contains(|c: char| c.is_whitespace() || c.is_control() || c == '"' || c == '=')
}

/// A `@doc` or `@label` line's `key=value` attributes.
fn parse_attributes(text: &str, location: &Location) -> Result<Vec<(String, String)>> {
    let mut attributes = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=').ok_or_else(|| {
            Error::parse(
                location.clone(),
                format!("expected key=value, found {rest:?}"),
            )
        })?;
        let key = &rest[..eq];
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(Error::parse(
                location.clone(),
                format!("expected key=value, found {rest:?}"),
            ));
        }
        let after = &rest[eq + 1..];
        let (value, remaining) = if after.starts_with('"') {
            json_string_prefix(after).ok_or_else(|| {
                Error::parse(location.clone(), format!("bad quoted value for {key}"))
            })?
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (after[..end].to_string(), &after[end..])
        };
        attributes.push((key.to_string(), value));
        rest = remaining.trim_start();
    }
    Ok(attributes)
}

struct OpenBlock {
    label: Option<usize>,
    tag: Option<String>,
    lang: Option<String>,
    span: (Option<usize>, Option<usize>),
    lines: Vec<String>,
    location: Location,
    closed: bool,
}

/// Parses a file in the annotation format.
///
/// # Errors
/// [`Error::Parse`] / [`Error::UnknownLabel`] naming the file and line: the
/// first of [`parse_annotated_checked`]'s problems.
pub fn parse_annotated(text: &str, path: &Path, labels: &LabelSet) -> Result<Vec<LabeledDocument>> {
    let (documents, problems) = parse_annotated_checked(text, path, labels);
    match problems.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(documents),
    }
}

/// Parses a file in the annotation format, going on after a problem: the
/// documents without one, and every problem, in file order (each naming
/// its file and line). After a bad label line or stray text, the lines up
/// to the next label line belong to nothing and are not reported again.
pub fn parse_annotated_checked(
    text: &str,
    path: &Path,
    labels: &LabelSet,
) -> (Vec<LabeledDocument>, Vec<Error>) {
    let mut parser = Parser::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, raw_line) in text.lines().enumerate() {
        let location = Location::line(path, index + 1);
        // `lines` takes `\r\n` off; every other carriage return at a line's
        // end goes too, as no written line can keep one (read back, `\r\r\n`
        // would lose one more each time).
        let line = raw_line.trim_end_matches('\r');
        if let Err(error) = parser.line(line, location, labels) {
            parser.fail(error);
        }
    }
    parser.finish_block();
    let Parser {
        documents,
        bad,
        problems,
        ..
    } = parser;
    let documents = documents
        .into_iter()
        .zip(bad)
        .filter(|(_, bad)| !bad)
        .map(|(document, _)| document)
        .collect();
    (documents, problems)
}

/// The state of a file being read.
#[derive(Default)]
struct Parser {
    documents: Vec<LabeledDocument>,
    /// Per document: whether it had a problem (it is left out).
    bad: Vec<bool>,
    problems: Vec<Error>,
    block: Option<OpenBlock>,
    /// After a problem, text lines are skipped up to the next directive.
    skipping: bool,
}

impl Parser {
    fn fail(&mut self, error: Error) {
        self.problems.push(error);
        if let Some(bad) = self.bad.last_mut() {
            *bad = true;
        }
        self.block = None;
        self.skipping = true;
    }

    fn finish_block(&mut self) {
        if let Err(error) = finish_block(&mut self.block, &mut self.documents) {
            self.problems.push(error);
            if let Some(bad) = self.bad.last_mut() {
                *bad = true;
            }
        }
    }

    fn line(&mut self, line: &str, location: Location, labels: &LabelSet) -> Result<()> {
        if let Some(escaped) = line.strip_prefix("@\"") {
            return self.text_line(escaped_line(escaped, &location)?, location);
        }
        if let Some(directive) = line
            .strip_prefix('@')
            .filter(|d| !d.trim().is_empty() && !d.starts_with('@'))
        {
            if directive.starts_with('#') {
                return Ok(());
            }
            let (name, rest) = directive
                .split_once(char::is_whitespace)
                .unwrap_or((directive, ""));
            self.finish_block();
            self.skipping = false;
            if name == "doc" {
                let (document, problem) = match start_document(rest, &location) {
                    Ok(document) => (document, None),
                    // Its blocks are still read, for their own problems.
                    Err(error) => (empty_document(rest, &location), Some(error)),
                };
                self.documents.push(document);
                self.bad.push(problem.is_some());
                return problem.map_or(Ok(()), Err);
            }
            if self.documents.is_empty() {
                return Err(Error::parse(location, "a block before the first @doc line"));
            }
            let label = label_id(Some(name), labels, &location)?;
            let mut open = OpenBlock {
                label,
                tag: None,
                lang: None,
                span: (None, None),
                lines: Vec::new(),
                location: location.clone(),
                closed: false,
            };
            for (key, value) in parse_attributes(rest, &location)? {
                match key.as_str() {
                    "tag" => open.tag = Some(value),
                    "lang" => open.lang = Some(value),
                    "start" => open.span.0 = Some(parse_offset(&value, &location)?),
                    "end" => open.span.1 = Some(parse_offset(&value, &location)?),
                    other => {
                        return Err(Error::parse(
                            location,
                            format!(
                                "unknown block attribute {other:?} (known: tag, lang, start, end)"
                            ),
                        ));
                    }
                }
            }
            self.block = Some(open);
            return Ok(());
        }
        if line.trim().is_empty() {
            if let Some(open) = self.block.as_mut() {
                open.closed = !open.lines.is_empty();
            }
            return Ok(());
        }
        // `@@text` is text starting with `@`; `@` alone (or with spaces) is an empty line.
        let content = line.strip_prefix('@').unwrap_or(line).to_string();
        self.text_line(content, location)
    }

    /// A line of a block's text.
    fn text_line(&mut self, content: String, location: Location) -> Result<()> {
        if self.skipping {
            return Ok(());
        }
        match self.block.as_mut() {
            Some(open) if !open.closed => {
                open.lines.push(content);
                Ok(())
            }
            _ => Err(Error::parse(
                location,
                "text outside a block: every block needs an @label line before it",
            )),
        }
    }
}

/// The text of an escaped line, `@"…"`: a JSON string, alone on its line.
fn escaped_line(escaped: &str, location: &Location) -> Result<String> {
    let quoted = &format!("\"{escaped}");
    match json_string_prefix(quoted) {
        Some((line, rest)) if rest.trim().is_empty() && !line.contains('\n') => Ok(line),
        _ => Err(Error::parse(
            location.clone(),
            "bad escaped line: @\"…\" must hold one JSON string without \\n",
        )),
    }
}

/// A document whose `@doc` line was bad, to hold its blocks while they are
/// checked.
fn empty_document(rest: &str, location: &Location) -> LabeledDocument {
    let id = rest.split_whitespace().next().unwrap_or_default();
    let mut document = start_document("-", location).expect("a plain id is valid");
    document.document.id = id.to_string();
    document
}

fn parse_offset(value: &str, location: &Location) -> Result<usize> {
    value.parse().map_err(|_| {
        Error::parse(
            location.clone(),
            format!("expected a byte offset, found {value:?}"),
        )
    })
}

fn start_document(rest: &str, location: &Location) -> Result<LabeledDocument> {
    let rest = rest.trim();
    let missing = || {
        Error::parse(
            location.clone(),
            "@doc needs an id: @doc ID [lang=xx] [url=...] (an id with spaces, `\"` or `=` as a JSON string)",
        )
    };
    // An id with white space, `"` or `=` is written as a JSON string.
    let (id, attributes) = if rest.starts_with('"') {
        let (id, after) = json_string_prefix(rest).ok_or_else(missing)?;
        if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
            return Err(missing());
        }
        (id, after)
    } else {
        let (id, attributes) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        if id.contains('=') {
            return Err(missing());
        }
        (id.to_string(), attributes)
    };
    if id.is_empty() {
        return Err(missing());
    }
    let mut document = LabeledDocument {
        document: Document {
            id,
            blocks: Vec::new(),
            metadata: None,
            archive: None,
        },
        labels: Vec::new(),
        block_languages: Vec::new(),
        lang: None,
        url: None,
        source: location.clone(),
        weight: 1.0,
        unaligned_blocks: 0,
        markup_only: false,
    };
    for (key, value) in parse_attributes(attributes, location)? {
        match key.as_str() {
            "lang" => document.lang = Some(value),
            "url" => document.url = Some(value),
            other => {
                return Err(Error::parse(
                    location.clone(),
                    format!("unknown document attribute {other:?} (known: lang, url)"),
                ));
            }
        }
    }
    Ok(document)
}

fn finish_block(block: &mut Option<OpenBlock>, documents: &mut [LabeledDocument]) -> Result<()> {
    let Some(open) = block.take() else {
        return Ok(());
    };
    let text = open.lines.join("\n");
    if text.trim().is_empty() {
        return Err(Error::parse(
            open.location,
            "empty block: a label line must be followed by the block's text",
        ));
    }
    let span = match open.span {
        (Some(s), Some(e)) if s <= e => Some(s..e),
        (None, None) => None,
        _ => {
            return Err(Error::parse(
                open.location,
                "a block needs both start and end, with start <= end",
            ));
        }
    };
    let document = documents
        .last_mut()
        .expect("blocks only open inside a document");
    document.labels.push(open.label);
    document.block_languages.push(open.lang);
    document.document.blocks.push(Block {
        text,
        span,
        tag: open.tag,
        evidence: None,
    });
    Ok(())
}

/// Writes documents in the annotation format.
pub fn write_annotated(documents: &[LabeledDocument], labels: &LabelSet) -> String {
    let mut out = String::new();
    for (n, document) in documents.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str("@doc ");
        push_value(&mut out, &document.document.id);
        push_attribute(&mut out, "lang", document.lang.as_deref());
        push_attribute(&mut out, "url", document.url.as_deref());
        out.push('\n');
        for (i, block) in document.document.blocks.iter().enumerate() {
            out.push('@');
            out.push_str(document.labels[i].map_or("null", |l| labels.name(l)));
            push_attribute(&mut out, "tag", block.tag.as_deref());
            push_attribute(&mut out, "lang", document.block_languages[i].as_deref());
            if let Some(span) = &block.span {
                push_attribute(&mut out, "start", Some(&span.start.to_string()));
                push_attribute(&mut out, "end", Some(&span.end.to_string()));
            }
            out.push('\n');
            for line in block.text.split('\n') {
                // A line with a carriage return (which a reader takes for
                // part of a line end) is written as a JSON string: `@"…"`.
                if line.contains('\r') {
                    out.push('@');
                    out.push_str(&serde_json::to_string(line).expect("strings serialize"));
                    out.push('\n');
                    continue;
                }
                // An empty line or one starting with `@` is escaped with a leading `@`.
                if line.trim().is_empty() || line.starts_with('@') {
                    out.push('@');
                }
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn push_attribute(out: &mut String, key: &str, value: Option<&str>) {
    let Some(value) = value else { return };
    out.push(' ');
    out.push_str(key);
    out.push('=');
    push_value(out, value);
}

/// A value as it is, or as a JSON string when it is not plain.
fn push_value(out: &mut String, value: &str) {
    if is_plain(value) {
        out.push_str(value);
    } else {
        out.push_str(&serde_json::to_string(value).expect("strings serialize"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::RawDocument;

    fn parse(text: &str) -> Result<Vec<LabeledDocument>> {
        parse_annotated(text, Path::new("t.ann.txt"), &LabelSet::standard())
    }

    #[test]
    fn parses_blocks_labels_and_attributes() {
        let docs = parse("@# comment\n@doc a/1 lang=en url=\"https://x.org/a b\"\n@headline tag=h1\nTitle\n\n@boilerplate lang=pl\nline one\nline two\n@body\n@@handle starts with at\n").unwrap();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.url.as_deref(), Some("https://x.org/a b"));
        assert_eq!(d.document.blocks.len(), 3);
        assert_eq!(d.document.blocks[1].text, "line one\nline two");
        assert_eq!(d.block_languages[1].as_deref(), Some("pl"));
        assert_eq!(d.document.blocks[2].text, "@handle starts with at");
        assert_eq!(d.labels, vec![Some(0), Some(4), Some(2)]);
    }

    #[test]
    fn errors_name_the_line() {
        for (text, message) in [
            ("@doc a\n@body\ntext\n@bodyy\nx\n", "t.ann.txt:4: unknown label \"bodyy\""),
            ("@doc a\n@body\ntext\n\nstray text\n", "t.ann.txt:5: text outside a block"),
            ("@doc a\n@body\n\n@body\nx\n", "t.ann.txt:2: empty block"),
            ("@doc a\n@body colour=red\nx\n", "t.ann.txt:2: unknown block attribute"),
        ] {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.starts_with(message), "{err}");
        }
    }

    /// `convert` lost a carriage return inside a block's line, and could
    /// not write an id with spaces (`@doc a b` read as id `a`).
    #[test]
    fn carriage_returns_inside_lines_and_ids_with_spaces_round_trip() {
        let line = "{\"id\":\"page one = \\\"1\\\"\",\"blocks\":[{\"text\":\"a\\r\\nb\\rc\\r\\n\\r\\n@\\\"x\\\"\",\"label\":\"body\"},{\"text\":\"x\\r\",\"label\":null}]}";
        let labels = LabelSet::standard();
        let location = Location::line("t.jsonl", 1);
        let doc = crate::data::parse_jsonl_line(line, &location)
            .unwrap()
            .into_labeled(location, &labels)
            .unwrap();
        let text = write_annotated(std::slice::from_ref(&doc), &labels);
        assert!(text.starts_with("@doc \"page one = \\\"1\\\"\"\n"), "{text}");
        assert!(text.contains("\n@\"a\\r\"\n"), "{text}");
        let back = parse(&text).unwrap();
        assert_eq!(
            crate::data::write_jsonl_line(&back[0], &labels),
            crate::data::write_jsonl_line(&doc, &labels)
        );
        assert_eq!(back[0].document.blocks[0].text, "a\r\nb\rc\r\n\r\n@\"x\"");
        for bad in ["@doc a\n@body\n@\"x\" y\n", "@doc a\n@body\n@\"x\\ny\"\n", "@doc \"a\"b\n"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    /// `check-data` on an annotation file stopped at its first problem.
    #[test]
    fn every_problem_of_a_file_is_reported() {
        let text = "@doc a\n@body\nfine\n@bodyy\nx\ny\n@body colour=red\nz\n\
                    @doc b\n@body\nok\n\nstray\nmore stray\n@body\n\n@doc c\n@body\ngood\n";
        let (documents, problems) =
            parse_annotated_checked(text, Path::new("t.ann.txt"), &LabelSet::standard());
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        for (message, start) in messages.iter().zip([
            "t.ann.txt:4: unknown label \"bodyy\"",
            "t.ann.txt:7: unknown block attribute",
            "t.ann.txt:13: text outside a block",
            "t.ann.txt:15: empty block",
        ]) {
            assert!(message.starts_with(start), "{message}");
        }
        let ids: Vec<&str> = documents.iter().map(|d| d.document.id.as_str()).collect();
        assert_eq!(ids, ["c"]);
        let first = parse(text).unwrap_err().to_string();
        assert!(first.starts_with("t.ann.txt:4:"), "{first}");
    }

    /// Regression (found by `fuzz/` annotated): a line ending in `\r\r\n`
    /// kept one `\r`, which the written file then lost, so a file read,
    /// written and read again changed.
    #[test]
    fn carriage_returns_at_line_ends_do_not_change_a_round_trip() {
        let docs = parse("@doc a\r\n@body\r\nx\r\r\r\ny\r\r").unwrap();
        assert_eq!(docs[0].document.blocks[0].text, "x\ny");
        let labels = LabelSet::standard();
        let again = parse(&write_annotated(&docs, &labels)).unwrap();
        assert_eq!(again, docs);
    }

    #[test]
    fn jsonl_and_annotated_round_trip_losslessly() {
        let line = r#"{"id":"x/1","lang":"en","url":"https://e.org/p?q=1 2","blocks":[{"text":"@at start\n\nafter empty line","label":"body","tag":"p","start":0,"end":30,"lang":"en"},{"text":"x","label":null,"tag":null}]}"#;
        let labels = LabelSet::standard();
        let location = Location::line("t.jsonl", 1);
        let doc = crate::data::parse_jsonl_line(line, &location)
            .unwrap()
            .into_labeled(location.clone(), &labels)
            .unwrap();
        let text = write_annotated(std::slice::from_ref(&doc), &labels);
        let back = parse(&text).unwrap();
        assert_eq!(
            RawDocument::from_labeled(&back[0], &labels),
            RawDocument::from_labeled(&doc, &labels)
        );
        assert_eq!(crate::data::write_jsonl_line(&back[0], &labels), line);
    }
}
