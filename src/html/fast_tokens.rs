//! The common tokens of a page read by byte scans: runs of text, start and
//! end tags, comments.
//!
//! html5ever's tokenizer reads every character through its state machine,
//! and tags and attributes are a third of a page's characters: reading
//! them was the largest part of a parse. [`scan`] reads the token at the
//! front of the input, where html5ever's tokenizer stands in its data state,
//! with `memchr` scans, when that token is one it reads exactly as
//! html5ever would. Anything else it leaves where it is, and html5ever's
//! tokenizer reads it, from the same place and in the same state: doctypes,
//! bogus comments and CDATA sections, NUL characters,
//! the start tags after which the tree builder switches the tokenizer to
//! another state (script, style, title, …) or answers with an encoding,
//! and any token the end of the input cuts short.
//!
//! What html5ever's tokenizer does to the characters of these tokens, done
//! here over whole runs: a carriage return becomes a line feed, and a line
//! feed right after a carriage return is dropped; ASCII capitals in tag
//! and attribute names become small letters; of two attributes with one
//! name the first is kept; character references are replaced by what they
//! stand for, by html5ever's rules (the longest name in the HTML5 table
//! html5ever exports, a name without `;` in an attribute value left alone
//! before `=` or a letter or digit, numbers out of range or naming a
//! surrogate or NUL read as U+FFFD and C1 controls as windows-1252).
//! Parse errors are not reported: html5ever's tree
//! builder only hands them to our sink, which ignores them, so `watched`
//! drops html5ever's too.

use std::collections::HashSet;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{Tag, TagKind, Token};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};

/// The token at the start of `chunk`, a part of the input at which the
/// tokenizer is in its data state, and its length in bytes; `None` when
/// html5ever's tokenizer must read it.
pub(crate) fn scan(chunk: &StrTendril) -> Option<(Token, usize)> {
    match *chunk.as_bytes().first()? {
        b'<' => markup(chunk),
        b'&' => {
            let (chars, length) = reference(chunk.as_bytes(), 0, false)?;
            let mut text = StrTendril::new();
            for c in chars.iter().flatten() {
                text.push_char(*c);
            }
            Some((Token::CharacterTokens(text), length))
        }
        b'\0' => None,
        _ => text(chunk),
    }
}

/// What a character reference stands for: one or two characters (`&`
/// alone where it is no reference), and its length in bytes, the `&`
/// included. `None` when the input ends before that is decided.
type Reference = ([Option<char>; 2], usize);

/// An `&` that is no reference: the `&` is text, and what follows it is
/// read again.
const AMPERSAND: Reference = ([Some('&'), None], 1);

/// The character reference at `bytes[amp]` (an `&`), in text or, with
/// `in_attribute`, in an attribute value.
fn reference(bytes: &[u8], amp: usize, in_attribute: bool) -> Option<Reference> {
    match *bytes.get(amp + 1)? {
        b'#' => Some(numeric_reference(bytes, amp)?),
        byte if byte.is_ascii_alphanumeric() => named_reference(bytes, amp, in_attribute),
        _ => Some(AMPERSAND),
    }
}

/// `&#` and decimal digits or `&#x` and hexadecimal ones, `;` optional.
fn numeric_reference(bytes: &[u8], amp: usize) -> Option<Reference> {
    let mut at = amp + 2;
    let hex = matches!(*bytes.get(at)?, b'x' | b'X');
    if hex {
        at += 1;
    }
    let base = if hex { 16 } else { 10 };
    let (mut number, mut too_big, mut digits) = (0u32, false, 0);
    while let Some(digit) = char::from(*bytes.get(at)?).to_digit(base) {
        // As html5ever counts: wrapping, and too big once past U+10FFFF
        // before a digit is added.
        number = number.wrapping_mul(base);
        if number > 0x10FFFF {
            too_big = true;
        }
        number = number.wrapping_add(digit);
        digits += 1;
        at += 1;
    }
    if digits == 0 {
        // `&#` or `&#x` without digits: all of it is text.
        return Some(AMPERSAND);
    }
    if *bytes.get(at)? == b';' {
        at += 1;
    }
    let c = match number {
        _ if too_big || number > 0x10FFFF => '\u{fffd}',
        0 | 0xD800..=0xDFFF => '\u{fffd}',
        0x80..=0x9F => html5ever::data::C1_REPLACEMENTS[(number - 0x80) as usize]
            .unwrap_or_else(|| char::from_u32(number).unwrap_or('\u{fffd}')),
        _ => char::from_u32(number).unwrap_or('\u{fffd}'),
    };
    Some(([Some(c), None], at - amp))
}

/// `&` and a name from the HTML5 table: the longest name that matches,
/// read a character at a time while the characters read are the start of
/// some name, as html5ever reads it.
fn named_reference(bytes: &[u8], amp: usize, in_attribute: bool) -> Option<Reference> {
    let start = amp + 1;
    let mut end = start;
    let mut matched = None;
    loop {
        let byte = *bytes.get(end)?;
        end += 1;
        if !byte.is_ascii() {
            break;
        }
        // ASCII bytes only, so a `str`.
        let name = std::str::from_utf8(&bytes[start..end]).ok()?;
        match html5ever::data::NAMED_ENTITIES.get(name) {
            Some(&(first, second)) => {
                if first != 0 {
                    matched = Some((first, second, end - start));
                }
            }
            None => break,
        }
    }
    let Some((first, second, length)) = matched else {
        return Some(AMPERSAND);
    };
    // The character that stopped the reading follows the match.
    let next = bytes[start + length];
    if bytes[start + length - 1] != b';'
        && in_attribute
        && (next == b'=' || next.is_ascii_alphanumeric())
    {
        return Some(AMPERSAND);
    }
    let second = if second == 0 { None } else { char::from_u32(second) };
    Some(([char::from_u32(first), second], 1 + length))
}

/// A run of text up to the next `<`, `&` or NUL.
fn text(chunk: &StrTendril) -> Option<(Token, usize)> {
    let bytes = chunk.as_bytes();
    let mut end = memchr::memchr3(b'<', b'&', b'\0', bytes).unwrap_or(bytes.len());
    // A carriage return at the end of the input: whether a line feed comes
    // next (and is dropped) is not known yet.
    if end == bytes.len() && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    if end == 0 {
        return None;
    }
    Some((Token::CharacterTokens(piece(chunk, 0, end)), end))
}

/// `chunk[start..end]` as the tokenizer reads it: its carriage returns
/// made line feeds. Shares the input's buffer where nothing changes.
fn piece(chunk: &StrTendril, start: usize, end: usize) -> StrTendril {
    let run = &chunk[start..end];
    if memchr::memchr(b'\r', run.as_bytes()).is_none() {
        return chunk.subtendril(start as u32, (end - start) as u32);
    }
    let mut out = StrTendril::with_capacity(run.len() as u32);
    let mut rest = run;
    while let Some(at) = rest.find('\r') {
        out.push_slice(&rest[..at]);
        out.push_char('\n');
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('\n') {
            rest = after;
        }
    }
    out.push_slice(rest);
    out
}

/// What starts with `<`: a tag, a comment, or (before anything the spec
/// does not read as markup) the `<` as text.
fn markup(chunk: &StrTendril) -> Option<(Token, usize)> {
    let bytes = chunk.as_bytes();
    match *bytes.get(1)? {
        byte if byte.is_ascii_alphabetic() => tag(chunk, TagKind::StartTag, 1),
        b'/' if bytes.get(2)?.is_ascii_alphabetic() => tag(chunk, TagKind::EndTag, 2),
        // `</>` (dropped) and `</` before anything else (a bogus comment).
        b'/' => None,
        b'!' => comment(chunk),
        // A processing instruction, read as a bogus comment.
        b'?' => None,
        _ => Some((Token::CharacterTokens(StrTendril::from_slice("<")), 1)),
    }
}

/// A comment `<!--…-->` whose data holds no `--` (the first `--` is the
/// one ending the comment) and does not start with `-` or `>`, whose rules
/// differ; nor a NUL or carriage return. Any `<!` in its data is kept as
/// it stands, as html5ever's comment states do.
fn comment(chunk: &StrTendril) -> Option<(Token, usize)> {
    let bytes = chunk.as_bytes();
    if !bytes.starts_with(b"<!--") {
        // A doctype, a CDATA section or a bogus comment.
        return None;
    }
    let body = &bytes[4..];
    if matches!(*body.first()?, b'-' | b'>') {
        return None;
    }
    let dashes = memchr::memmem::find(body, b"--")?;
    if body.get(dashes + 2) != Some(&b'>') {
        return None;
    }
    if memchr::memchr2(b'\0', b'\r', &body[..dashes]).is_some() {
        return None;
    }
    let data = chunk.subtendril(4, dashes as u32);
    Some((Token::CommentToken(data), 4 + dashes + 3))
}

/// Classes of bytes for the scans of names and values (a table lookup a
/// byte instead of several comparisons).
const SPACE: u8 = 1;
/// Ends a tag name: white space, `/`, `>`, NUL.
const ENDS_TAG_NAME: u8 = 2;
/// Ends an attribute name: those and `=`.
const ENDS_ATTRIBUTE_NAME: u8 = 4;
/// Ends an unquoted attribute value: white space, `>`, NUL.
const ENDS_UNQUOTED: u8 = 8;
const CAPITAL: u8 = 16;
const AMPERSAND_BYTE: u8 = 32;

const fn byte_classes() -> [u8; 256] {
    let mut classes = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let byte = i as u8;
        let mut class = 0;
        // A carriage return is a line feed between a tag's parts, and the
        // line feed the tokenizer drops after it would have been skipped
        // as white space anyway.
        if matches!(byte, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ') {
            class |= SPACE | ENDS_TAG_NAME | ENDS_ATTRIBUTE_NAME | ENDS_UNQUOTED;
        }
        if matches!(byte, b'/' | b'>' | b'\0') {
            class |= ENDS_TAG_NAME | ENDS_ATTRIBUTE_NAME;
        }
        if matches!(byte, b'>' | b'\0') {
            class |= ENDS_UNQUOTED;
        }
        if byte == b'=' {
            class |= ENDS_ATTRIBUTE_NAME;
        }
        if byte.is_ascii_uppercase() {
            class |= CAPITAL;
        }
        if byte == b'&' {
            class |= AMPERSAND_BYTE;
        }
        classes[i] = class;
        i += 1;
    }
    classes
}

static BYTE_CLASSES: [u8; 256] = byte_classes();

/// Where the run of bytes from `at` that are in none of the classes
/// `stop` ends, and the classes of the bytes in the run.
fn run_end(bytes: &[u8], mut at: usize, stop: u8) -> (usize, u8) {
    let mut seen = 0;
    while let Some(&byte) = bytes.get(at) {
        let class = BYTE_CLASSES[usize::from(byte)];
        if class & stop != 0 {
            break;
        }
        seen |= class;
        at += 1;
    }
    (at, seen)
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while let Some(&byte) = bytes.get(at) {
        if BYTE_CLASSES[usize::from(byte)] & SPACE == 0 {
            break;
        }
        at += 1;
    }
    at
}

/// The name `chunk[start..end]` as an atom, its ASCII capitals (if the
/// scan saw any) made small letters.
fn name_atom(chunk: &str, start: usize, end: usize, classes: u8) -> LocalName {
    let name = &chunk[start..end];
    if classes & CAPITAL == 0 {
        LocalName::from(name)
    } else {
        LocalName::from(name.to_ascii_lowercase())
    }
}

/// Where the tokenizer stands inside a tag, after its name.
enum TagState {
    BeforeAttributeName,
    SelfClosingStartTag,
}

/// A start or end tag whose name begins at `name_start`, read by the HTML5
/// tokenizer's tag states: its attributes with their values quoted,
/// unquoted or absent, `/` before `>` making it self-closing, and the
/// spec's recovery from a missing space or a stray `/`. `None` where a
/// value holds a character reference or the tag a NUL, where the input
/// ends inside the tag, and for tags after which the tree builder would
/// not simply go on in the data state.
fn tag(chunk: &StrTendril, kind: TagKind, name_start: usize) -> Option<(Token, usize)> {
    let bytes = chunk.as_bytes();
    let (mut at, classes) = run_end(bytes, name_start, ENDS_TAG_NAME);
    // Every byte that ends a name is ASCII, so `at` is a character boundary.
    let name = name_atom(chunk, name_start, at, classes);
    let mut attrs: Vec<Attribute> = Vec::new();
    let mut names = SeenNames::default();
    let mut had_duplicate_attributes = false;
    let mut self_closing = false;
    let mut state = TagState::BeforeAttributeName;
    loop {
        match state {
            TagState::BeforeAttributeName => {
                at = skip_space(bytes, at);
                match *bytes.get(at)? {
                    b'/' => {
                        at += 1;
                        state = TagState::SelfClosingStartTag;
                    }
                    b'>' => {
                        at += 1;
                        break;
                    }
                    b'\0' => return None,
                    _ => {
                        let (attribute_name, value, after) = attribute(chunk, at)?;
                        at = after;
                        // The first of two attributes with one name wins.
                        if names.seen(&attrs, &attribute_name) {
                            had_duplicate_attributes = true;
                        } else {
                            attrs.push(Attribute {
                                name: QualName::new(None, ns!(), attribute_name),
                                value,
                            });
                        }
                    }
                }
            }
            TagState::SelfClosingStartTag => {
                if *bytes.get(at)? == b'>' {
                    self_closing = true;
                    at += 1;
                    break;
                }
                // A stray `/`: the character is read again as the start
                // of an attribute name (or white space, or `/`).
                state = TagState::BeforeAttributeName;
            }
        }
    }
    let tag = Tag {
        kind,
        name,
        self_closing,
        attrs,
        had_duplicate_attributes,
    };
    if changes_tokenizer_state(&tag) {
        return None;
    }
    Some((Token::TagToken(tag), at))
}

/// The attribute names a tag has had: its attributes' names, looked up
/// in a set once there are many, so that a tag of 100,000 attributes
/// (html5ever's own check compares each with all before it) takes no
/// quadratic time.
#[derive(Default)]
struct SeenNames(Option<HashSet<LocalName>>);

/// Attributes a tag may have before their names go into a set.
const FEW_ATTRIBUTES: usize = 16;

impl SeenNames {
    /// Whether `name` is among `attrs`' names (which `SeenNames` follows:
    /// every name not seen before is pushed to `attrs` after this call).
    fn seen(&mut self, attrs: &[Attribute], name: &LocalName) -> bool {
        if attrs.len() < FEW_ATTRIBUTES {
            return attrs.iter().any(|a| a.name.local == *name);
        }
        let set = self
            .0
            .get_or_insert_with(|| attrs.iter().map(|a| a.name.local.clone()).collect());
        !set.insert(name.clone())
    }
}

/// One attribute starting at `start` (at a character that begins its
/// name): its name, its value, and where the tokenizer stands after it,
/// in the before-attribute-name state (after a quoted value, the
/// character after the quote is read again there unless it is white
/// space, which the state would skip anyway).
fn attribute(chunk: &StrTendril, start: usize) -> Option<(LocalName, StrTendril, usize)> {
    let bytes = chunk.as_bytes();
    // The name's first character may be anything but a NUL, white space,
    // `/` or `>` (the caller saw it), even `=` or a quote.
    let (mut at, classes) = run_end(bytes, start + 1, ENDS_ATTRIBUTE_NAME);
    if *bytes.get(at)? == b'\0' {
        return None;
    }
    let classes = classes | BYTE_CLASSES[usize::from(bytes[start])];
    let name = name_atom(chunk, start, at, classes);
    at = skip_space(bytes, at);
    if *bytes.get(at)? != b'=' {
        // No value; what follows is read in the before-attribute-name state.
        return Some((name, StrTendril::new(), at));
    }
    at = skip_space(bytes, at + 1);
    match *bytes.get(at)? {
        quote @ (b'"' | b'\'') => {
            let value_start = at + 1;
            let rest = &bytes[value_start..];
            let length = match memchr::memchr3(quote, b'&', b'\0', rest)? {
                // The common value: nothing to replace but carriage returns.
                plain if rest[plain] == quote => {
                    let value = piece(chunk, value_start, value_start + plain);
                    return Some((name, value, value_start + plain + 1));
                }
                _ => memchr::memchr(quote, rest)?,
            };
            let value_end = value_start + length;
            let value = attribute_value(chunk, value_start, value_end)?;
            Some((name, value, value_end + 1))
        }
        // A missing value: the `>` ends the tag.
        b'>' => Some((name, StrTendril::new(), at)),
        _ => {
            let (value_end, classes) = run_end(bytes, at, ENDS_UNQUOTED);
            if matches!(bytes.get(value_end), None | Some(b'\0')) {
                return None;
            }
            // A carriage return ends an unquoted value, so none is inside.
            let value = if classes & AMPERSAND_BYTE == 0 {
                chunk.subtendril(at as u32, (value_end - at) as u32)
            } else {
                attribute_value(chunk, at, value_end)?
            };
            Some((name, value, value_end))
        }
    }
}

/// The value of an attribute, `chunk[start..end]`, with its character
/// references replaced and carriage returns made line feeds. No reference
/// reads past `end`: a quote, white space or `>` ends every one. `None`
/// when the value holds a NUL or ends at one (html5ever's to read).
fn attribute_value(chunk: &StrTendril, start: usize, end: usize) -> Option<StrTendril> {
    let bytes = chunk.as_bytes();
    if bytes.get(end) == Some(&b'\0') || memchr::memchr(b'\0', &bytes[start..end]).is_some() {
        return None;
    }
    if memchr::memchr(b'&', &bytes[start..end]).is_none() {
        return Some(piece(chunk, start, end));
    }
    let mut value = StrTendril::new();
    let mut at = start;
    while let Some(offset) = memchr::memchr(b'&', &bytes[at..end]) {
        let amp = at + offset;
        value.push_tendril(&piece(chunk, at, amp));
        let (chars, length) = reference(bytes, amp, true)?;
        for c in chars.iter().flatten() {
            value.push_char(*c);
        }
        at = amp + length;
        if at > end {
            return None;
        }
    }
    value.push_tendril(&piece(chunk, at, end));
    Some(value)
}

/// Whether html5ever's tree builder may answer this tag with anything but
/// "go on": switching the tokenizer to raw text, RCDATA or plain text
/// (by name; in foreign content the same names do not, but reading them
/// by html5ever there is merely slower), pausing for a script, or
/// reporting an encoding (`charset`, `http-equiv` on `<meta>` and its kin).
fn changes_tokenizer_state(tag: &Tag) -> bool {
    match tag.kind {
        TagKind::StartTag => {
            matches!(
                tag.name,
                local_name!("script")
                    | local_name!("style")
                    | local_name!("xmp")
                    | local_name!("iframe")
                    | local_name!("noembed")
                    | local_name!("noframes")
                    | local_name!("noscript")
                    | local_name!("title")
                    | local_name!("textarea")
                    | local_name!("plaintext")
            ) || tag.attrs.iter().any(|a| {
                matches!(
                    a.name.local,
                    local_name!("charset") | local_name!("http-equiv")
                )
            })
        }
        TagKind::EndTag => tag.name == local_name!("script"),
    }
}

#[cfg(test)]
mod tests {
    use super::scan;
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{TagKind, Token};

    /// The token at the start of `input` as a short description, and its length.
    fn first(input: &str) -> Option<(String, usize)> {
        let chunk = StrTendril::from_slice(input);
        let (token, length) = scan(&chunk)?;
        let described = match token {
            Token::CharacterTokens(text) => format!("text {:?}", &*text),
            Token::CommentToken(text) => format!("comment {:?}", &*text),
            Token::TagToken(tag) => {
                let mut out = match tag.kind {
                    TagKind::StartTag => format!("<{}", tag.name),
                    TagKind::EndTag => format!("</{}", tag.name),
                };
                for a in &tag.attrs {
                    out.push_str(&format!(" {}={:?}", a.name.local, &*a.value));
                }
                if tag.self_closing {
                    out.push_str(" /");
                }
                if tag.had_duplicate_attributes {
                    out.push_str(" dup");
                }
                out.push('>');
                out
            }
            other => format!("{other:?}"),
        };
        Some((described, length))
    }

    #[test]
    fn text_runs_end_at_markup_references_and_nuls() {
        assert_eq!(first("ab c<p>"), Some(("text \"ab c\"".into(), 4)));
        assert_eq!(first("ab&amp;"), Some(("text \"ab\"".into(), 2)));
        assert_eq!(first("\0x"), None);
        assert_eq!(first("ab\0"), Some(("text \"ab\"".into(), 2)));
    }

    #[test]
    fn carriage_returns_become_line_feeds() {
        assert_eq!(first("a\r\nb\rc\r\r\nd<"), Some(("text \"a\\nb\\nc\\n\\nd\"".into(), 10)));
        // Whether a line feed follows the input's last carriage return is not known yet.
        assert_eq!(first("a\r"), Some(("text \"a\"".into(), 1)));
        assert_eq!(first("\r"), None);
        assert_eq!(
            first("<a\r\ntitle='x\r\ny'\r>"),
            Some(("<a title=\"x\\ny\">".into(), 18))
        );
    }

    #[test]
    fn tag_and_attribute_names_are_lower_cased_and_values_kept() {
        assert_eq!(
            first("<DiV CLASS=\"A B\" Id=x data-É=1>rest"),
            Some(("<div class=\"A B\" id=\"x\" data-É=\"1\">".into(), 32))
        );
        assert_eq!(first("</P >"), Some(("</p>".into(), 5)));
        assert_eq!(first("<br/>"), Some(("<br />".into(), 5)));
    }

    #[test]
    fn the_first_of_two_attributes_with_one_name_wins() {
        assert_eq!(
            first("<a href=1 HREF='2' x>"),
            Some(("<a href=\"1\" x=\"\" dup>".into(), 21))
        );
    }

    #[test]
    fn duplicates_among_many_attributes_are_found_too() {
        let mut page = String::from("<p");
        for i in 0..40 {
            page.push_str(&format!(" a{i}={i}"));
        }
        page.push_str(" a3=x a39=y a40=z>");
        let chunk = StrTendril::from_slice(&page);
        let Some((Token::TagToken(tag), length)) = scan(&chunk) else {
            panic!("a plain tag");
        };
        assert_eq!(length, page.len());
        assert!(tag.had_duplicate_attributes);
        let values: Vec<&str> = tag.attrs.iter().map(|a| &*a.value).collect();
        assert_eq!(values.len(), 41);
        assert_eq!((values[3], values[39], values[40]), ("3", "39", "z"));
    }

    #[test]
    fn malformed_tags_recover_as_the_spec_says() {
        // A missing space after a quoted value, a stray slash, a value missing.
        assert_eq!(
            first("<a x='1'y=2 / z= >"),
            Some(("<a x=\"1\" y=\"2\" z=\"\">".into(), 18))
        );
        // Quotes, `=` and `<` inside names and unquoted values.
        assert_eq!(
            first("<a =b \"c d=e\"f<g>"),
            Some(("<a =b=\"\" \"c=\"\" d=\"e\\\"f<g\">".into(), 17))
        );
        assert_eq!(first("< p>"), Some(("text \"<\"".into(), 1)));
        assert_eq!(first("<3"), Some(("text \"<\"".into(), 1)));
    }

    #[test]
    fn character_references_read_as_html5ever_reads_them() {
        for (input, text, length) in [
            ("&amp; ", "&", 5),
            ("&amp x", "&", 4),
            ("&ampx", "&", 4),
            ("&notit;", "¬", 4),
            ("&notin; ", "∉", 7),
            ("&NotEqualTilde; ", "≂\u{338}", 15),
            ("&unknown;", "&", 1),
            ("& x", "&", 1),
            ("&#65;", "A", 5),
            ("&#x41 ", "A", 5),
            ("&#X6a;", "j", 6),
            ("&#;", "&", 1),
            ("&#xg", "&", 1),
            ("&#0;", "\u{fffd}", 4),
            ("&#128;", "€", 6),
            ("&#129;", "\u{81}", 6),
            ("&#xD800;", "\u{fffd}", 8),
            ("&#1114112;", "\u{fffd}", 10),
            ("&#99999999999999999999;", "\u{fffd}", 23),
        ] {
            assert_eq!(first(input), Some((format!("text {text:?}"), length)), "{input}");
        }
        // The input ends before the reference is decided: a longer name
        // or another digit may follow.
        for input in ["&", "&am", "&amp", "&amp;", "&#", "&#x", "&#12"] {
            assert_eq!(first(input), None, "{input}");
        }
    }

    #[test]
    fn references_in_attribute_values_spare_what_looks_like_a_query() {
        assert_eq!(
            first("<a href='?a=1&amp;b=2&copy=3&not;' title=x&lt;y&gt>"),
            Some(("<a href=\"?a=1&b=2&copy=3¬\" title=\"x<y>\">".into(), 51))
        );
        assert_eq!(first("<a t='&amp'>"), Some(("<a t=\"&\">".into(), 12)));
    }

    #[test]
    fn html5ever_reads_what_is_not_plain() {
        for input in [
            "<a\0>",
            "<a x='\0'>",
            "<a x=\0>",
            "<a x=1\0>",
            "<a x='&amp;\0'>",
            "<div class='unclosed",
            "<div",
            "<",
            "</",
            "</>",
            "</3>",
            "<?xml?>",
            "<!DOCTYPE html>",
            "<![CDATA[x]]>",
            "<!x>",
            "<script>",
            "<TITLE>",
            "<noscript>",
            "</script>",
            "<meta charset=utf-8>",
            "<meta http-equiv=content-type content='text/html'>",
        ] {
            assert_eq!(first(input), None, "{input}");
        }
    }

    #[test]
    fn comments_whose_end_is_plain() {
        assert_eq!(first("<!-- a -->b"), Some(("comment \" a \"".into(), 10)));
        assert_eq!(first("<!--a<!-->"), Some(("comment \"a<!\"".into(), 10)));
        assert_eq!(first("<!--a<-->"), Some(("comment \"a<\"".into(), 9)));
        assert_eq!(first("<!--a-b-->"), Some(("comment \"a-b\"".into(), 10)));
        for input in ["<!---->", "<!-->", "<!--->", "<!--a--->", "<!--a--!>", "<!--a", "<!--a--", "<!--\r-->"] {
            assert_eq!(first(input), None, "{input}");
        }
    }
}
