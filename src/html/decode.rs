//! Bytes → text: the decoding order of the dev sets (FORMAT.md, "From HTML
//! to blocks", rule 1), with an override for a charset the caller knows
//! (`--charset`, an HTTP header) and chardetng instead of a fixed
//! windows-1252 when nothing names the charset.

use std::io::Read;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use flate2::read::MultiGzDecoder;

use super::HtmlError;

/// How far the `<meta … charset=…>` sniffing looks, in bytes (as the dev
/// sets were cut, and as browsers prescan).
const META_PRESCAN_BYTES: usize = 4096;

/// The fewest non-ASCII bytes for which chardetng's guess is used; below
/// it, an unlabeled page that is not UTF-8 is windows-1252 (see
/// `choose_encoding` for the measurement).
pub const MIN_DETECTION_EVIDENCE: usize = 512;

/// Where the encoding used came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncodingSource {
    /// A byte-order mark.
    Bom,
    /// The caller's override charset.
    Override,
    /// The bytes are valid UTF-8.
    #[default]
    Utf8,
    /// The first `<meta … charset=…>` of the page.
    Meta,
    /// Guessed from the bytes by chardetng.
    Detected,
    /// Nothing named the encoding and the bytes held too few non-ASCII
    /// bytes to guess from ([`MIN_DETECTION_EVIDENCE`]): windows-1252.
    Default,
}

/// What decoding did, so that a caller can warn about a lossy file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DecodeReport {
    /// The encoding's WHATWG name (`UTF-8`, `windows-1252`, `Shift_JIS` …).
    pub encoding: String,
    /// Where that encoding came from.
    pub source: EncodingSource,
    /// The bytes were a gzip stream.
    pub gzip: bool,
    /// Some bytes were malformed in that encoding and became U+FFFD.
    pub had_replacements: bool,
    /// How many NUL characters were removed.
    pub nuls_removed: usize,
    /// The page nested elements too deeply for the HTML5 tree builder
    /// (whose work grows with the square of the depth) and was read by a
    /// shallow one, without HTML5's repairs. Set by [`super::read_html`];
    /// decoding alone leaves it `false`.
    pub nesting_too_deep: bool,
}

/// Decodes a page's bytes to text and says how. NUL characters are removed
/// (they are never text, and the HTML parser would turn them into U+FFFD).
///
/// `charset` is a label the caller knows (`iso-8859-2`, `sjis` …); it wins
/// over everything but a byte-order mark. `max_bytes` bounds a gzip
/// stream's decompressed size.
///
/// # Errors
/// [`HtmlError::UnknownCharset`] for an override label encoding_rs does not
/// know, [`HtmlError::Gzip`] for a broken gzip stream and
/// [`HtmlError::TooLarge`] when it expands past `max_bytes`.
pub fn decode(
    bytes: &[u8],
    charset: Option<&str>,
    max_bytes: usize,
) -> Result<(String, DecodeReport), HtmlError> {
    let forced = charset.map(encoding_for_label).transpose()?;
    let gzip = bytes.starts_with(&[0x1f, 0x8b]);
    let inflated;
    let bytes = if gzip {
        inflated = gunzip(bytes, max_bytes)?;
        &inflated[..]
    } else {
        bytes
    };
    let (encoding, source, body) = choose_encoding(bytes, forced);
    let (text, had_replacements) = match body {
        // Validated while choosing: copied without a second pass.
        Body::Utf8(text) => (text.to_owned(), false),
        Body::Bytes(body) => {
            let (text, malformed) = encoding.decode_without_bom_handling(body);
            (text.into_owned(), malformed)
        }
    };
    // `contains` is a vectorised search; counting every byte of every page
    // cost 3% of `classify` when nearly no page has a NUL.
    let nuls_removed = if text.as_bytes().contains(&0) {
        text.bytes().filter(|&b| b == 0).count()
    } else {
        0
    };
    let text = if nuls_removed > 0 {
        text.replace('\0', "")
    } else {
        text
    };
    let report = DecodeReport {
        encoding: encoding.name().to_string(),
        source,
        gzip,
        had_replacements,
        nuls_removed,
        nesting_too_deep: false,
    };
    Ok((text, report))
}

/// The encoding a charset label names, as the WHATWG Encoding Standard
/// maps labels (`latin1` is windows-1252, `sjis` is Shift_JIS).
fn encoding_for_label(label: &str) -> Result<&'static Encoding, HtmlError> {
    Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| HtmlError::UnknownCharset(label.to_string()))
}

/// The WHATWG name of the encoding a charset label names, so that a
/// command can refuse an unknown `--charset` before it reads any page.
///
/// # Errors
/// [`HtmlError::UnknownCharset`] for a label the standard does not know.
pub fn charset_name(label: &str) -> Result<&'static str, HtmlError> {
    encoding_for_label(label).map(Encoding::name)
}

/// The page after choosing its encoding.
enum Body<'a> {
    /// Bytes that validated as UTF-8.
    Utf8(&'a str),
    /// Bytes to decode (without their BOM).
    Bytes(&'a [u8]),
}

/// The encoding to use, where it came from, and the body to decode.
fn choose_encoding<'a>(
    bytes: &'a [u8],
    forced: Option<&'static Encoding>,
) -> (&'static Encoding, EncodingSource, Body<'a>) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return (
            encoding,
            EncodingSource::Bom,
            Body::Bytes(&bytes[bom_len..]),
        );
    }
    if let Some(encoding) = forced {
        return (encoding, EncodingSource::Override, Body::Bytes(bytes));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (UTF_8, EncodingSource::Utf8, Body::Utf8(text));
    }
    if let Some(encoding) = meta_charset(&bytes[..bytes.len().min(META_PRESCAN_BYTES)]) {
        return (encoding, EncodingSource::Meta, Body::Bytes(bytes));
    }
    // With little evidence chardetng guesses wildly: on 18 English dev pages
    // (cleaneval) with 1 to 262 non-ASCII bytes (a ©, a ®, a few curly
    // quotes) it guessed ISO-8859-2, windows-1250, Shift_JIS, IBM866 …
    // where windows-1252, the web's default for unlabeled pages, was right.
    // A page written in a non-Latin legacy encoding has thousands.
    let non_ascii = bytes.iter().filter(|&&b| b >= 0x80).count();
    if non_ascii < MIN_DETECTION_EVIDENCE {
        return (WINDOWS_1252, EncodingSource::Default, Body::Bytes(bytes));
    }
    // ISO-2022-JP is denied as browsers do: its escapes can smuggle markup.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // UTF-8 is ruled out above: the bytes did not validate.
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    (guess, EncodingSource::Detected, Body::Bytes(bytes))
}

/// Decompresses a gzip stream (several members, as `cat a.gz b.gz` makes),
/// refusing to go past `max_bytes`: a small bomb must not fill the memory.
fn gunzip(bytes: &[u8], max_bytes: usize) -> Result<Vec<u8>, HtmlError> {
    let mut out = Vec::new();
    let limit = u64::try_from(max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    MultiGzDecoder::new(bytes)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| HtmlError::Gzip(e.to_string()))?;
    if out.len() > max_bytes {
        return Err(HtmlError::TooLarge { max_bytes });
    }
    Ok(out)
}

/// The encoding named by the first `<meta>` tag with a `charset=` in it:
/// `<meta charset="…">` or `<meta http-equiv="Content-Type" content="…;
/// charset=…">`. A label WHATWG does not know, or UTF-16 (which an ASCII
/// `<meta>` cannot be written in), falls through or maps like browsers do.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let mut rest = head;
    while let Some(start) = find_ascii_ci(rest, b"<meta") {
        let tag = &rest[start + 5..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        let tag = &tag[..end];
        if let Some(at) = find_ascii_ci(tag, b"charset") {
            let value = tag[at + 7..].trim_ascii_start();
            if let Some(value) = value.strip_prefix(b"=") {
                let value = value.trim_ascii_start();
                let value = value
                    .strip_prefix(b"\"")
                    .or_else(|| value.strip_prefix(b"'"))
                    .unwrap_or(value);
                let len = value
                    .iter()
                    .position(|&b| !(b.is_ascii_alphanumeric() || b"-_.:".contains(&b)))
                    .unwrap_or(value.len());
                return Encoding::for_label(&value[..len]).map(Encoding::output_encoding);
            }
        }
        rest = &rest[start + 5 + end..];
    }
    None
}

/// Where `needle` (lower-case ASCII) first occurs in `haystack`, ignoring ASCII case.
fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const MAX: usize = 1 << 20;

    fn decoded(bytes: &[u8], charset: Option<&str>) -> (String, DecodeReport) {
        decode(bytes, charset, MAX).expect("decodes")
    }

    #[test]
    fn utf8_is_taken_as_it_is() {
        let (text, report) = decoded("<p>Grüße</p>".as_bytes(), None);
        assert_eq!(text, "<p>Grüße</p>");
        assert_eq!(
            (report.encoding.as_str(), report.source),
            ("UTF-8", EncodingSource::Utf8)
        );
        assert!(!report.had_replacements);
    }

    #[test]
    fn a_bom_wins_even_over_the_override() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<p>hé</p>".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let (text, report) = decoded(&bytes, Some("windows-1252"));
        assert_eq!(text, "<p>hé</p>");
        assert_eq!(
            (report.encoding.as_str(), report.source),
            ("UTF-16LE", EncodingSource::Bom)
        );
        let (text, _) = decoded(b"\xEF\xBB\xBFabc", None);
        assert_eq!(text, "abc");
    }

    #[test]
    fn meta_charset_names_the_encoding_of_invalid_utf8() {
        let page = b"<html><head><meta charset=\"iso-8859-2\"></head><body>\xB1</body>";
        let (text, report) = decoded(page, None);
        assert!(text.contains("<body>ą</body>"), "{text}");
        assert_eq!(report.source, EncodingSource::Meta);
        assert_eq!(report.encoding, "ISO-8859-2");
    }

    #[test]
    fn http_equiv_content_type_names_the_encoding() {
        let page = b"<meta http-equiv='Content-Type' content='text/html; charset=KOI8-R'><p>\xF0\xD2\xC9\xD7\xC5\xD4</p>";
        let (text, report) = decoded(page, None);
        assert!(text.contains("<p>Привет</p>"), "{text}");
        assert_eq!(
            (report.encoding.as_str(), report.source),
            ("KOI8-R", EncodingSource::Meta)
        );
    }

    #[test]
    fn windows_1252_bytes_without_a_declaration_are_the_default() {
        let page = b"<p>Les \x93guillemets\x94 co\xFBtent cher, d\xE9j\xE0 \x96 et l\x92\xE9t\xE9 aussi.</p>";
        let (text, report) = decoded(page, None);
        assert_eq!(report.source, EncodingSource::Default);
        assert_eq!(report.encoding, "windows-1252");
        assert!(
            text.contains("“guillemets” coûtent cher, déjà – et l’été"),
            "{text}"
        );
    }

    #[test]
    fn enough_undeclared_non_latin_text_is_detected() {
        // "Привет, как дела? " in windows-1251, repeated past the evidence bar.
        let phrase = b"\xCF\xF0\xE8\xE2\xE5\xF2, \xEA\xE0\xEA \xE4\xE5\xEB\xE0? ";
        let mut page = b"<p>".to_vec();
        while page.iter().filter(|&&b| b >= 0x80).count() < MIN_DETECTION_EVIDENCE {
            page.extend_from_slice(phrase);
        }
        let (text, report) = decoded(&page, None);
        assert_eq!(
            (report.encoding.as_str(), report.source),
            ("windows-1251", EncodingSource::Detected)
        );
        assert!(text.contains("Привет, как дела?"));
    }

    #[test]
    fn a_wrong_declaration_loses_to_valid_utf8() {
        let page = "<meta charset=iso-8859-1><p>naïve café</p>".as_bytes();
        let (text, report) = decoded(page, None);
        assert!(text.contains("naïve café"));
        assert_eq!(report.source, EncodingSource::Utf8);
    }

    #[test]
    fn a_declared_utf8_page_with_bad_bytes_gets_replacement_characters() {
        let (text, report) = decoded(b"<meta charset=utf-8><p>ok \xFF here</p>", None);
        assert!(text.contains("ok \u{FFFD} here"));
        assert!(report.had_replacements);
        assert_eq!(report.source, EncodingSource::Meta);
    }

    #[test]
    fn the_override_wins_over_utf8_and_meta() {
        let page = "<meta charset=utf-8><p>Ã©</p>".as_bytes();
        let (text, report) = decoded(page, Some("latin1"));
        assert!(text.contains("<p>ÃƒÂ©</p>"), "{text}");
        assert_eq!(
            (report.encoding.as_str(), report.source),
            ("windows-1252", EncodingSource::Override)
        );
        assert!(matches!(
            decode(b"x", Some("no-such-charset"), MAX),
            Err(HtmlError::UnknownCharset(_))
        ));
    }

    fn gzipped(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).expect("writes");
        encoder.finish().expect("finishes")
    }

    #[test]
    fn gzip_is_decompressed_first_and_bounded() {
        let (text, report) = decoded(
            &gzipped(b"<meta charset=koi8-r><p>\xF0\xD2\xC9\xD7\xC5\xD4</p>"),
            None,
        );
        assert!(text.contains("<p>Привет</p>"));
        assert!(report.gzip);
        let bomb = gzipped(&vec![b'a'; 4 * MAX]);
        assert!(matches!(
            decode(&bomb, None, MAX),
            Err(HtmlError::TooLarge { .. })
        ));
        let mut broken = gzipped(b"<p>cut short</p>");
        broken.truncate(12);
        assert!(matches!(
            decode(&broken, None, MAX),
            Err(HtmlError::Gzip(_))
        ));
    }

    #[test]
    fn nul_characters_are_removed_and_counted() {
        let (text, report) = decoded(b"<p>a\0b\0</p>", None);
        assert_eq!(text, "<p>ab</p>");
        assert_eq!(report.nuls_removed, 2);
        assert_eq!(decoded(b"", None).0, "");
    }
}
