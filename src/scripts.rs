//! Character classes by script that several stages need.

use std::sync::OnceLock;

/// Letters of the scripts written without spaces between words: Han, kana,
/// Thai, Lao, Khmer, Myanmar. A sentence in them is one whitespace
/// "token", so tokenizing, counting words and stripping digits treat each
/// such letter on its own.
pub(crate) fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // hiragana, katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x0E00..=0x0E7F // Thai
        | 0x0E80..=0x0EFF // Lao
        | 0x1780..=0x17FF // Khmer
        | 0x1000..=0x109F // Myanmar
    )
}

/// Code points below this (Latin with its accents, Greek, Cyrillic,
/// Armenian, Hebrew, Arabic) have their Unicode properties in a table.
const TABLED: usize = 0x800;

/// The General Punctuation block, which has no alphabetic or numeric
/// code point.
const GENERAL_PUNCTUATION: std::ops::RangeInclusive<u32> = 0x2000..=0x206F;

const ALPHABETIC: u8 = 1;
const NUMERIC: u8 = 1 << 1;

/// `char::is_alphabetic` and `char::is_numeric` of the code points below
/// [`TABLED`], read once: outside ASCII the standard library searches
/// compressed ranges for every call, and on the dev pages (German, French,
/// Russian text) those searches were 3-4% of `classify`.
fn tabled_properties() -> &'static [u8; TABLED] {
    static TABLE: OnceLock<[u8; TABLED]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0; TABLED];
        for (code, properties) in table.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(code as u32) {
                *properties = if c.is_alphabetic() { ALPHABETIC } else { 0 }
                    | if c.is_numeric() { NUMERIC } else { 0 };
            }
        }
        table
    })
}

/// `c.is_alphabetic()`, faster for the tabled code points.
#[inline]
pub(crate) fn is_alphabetic(c: char) -> bool {
    has_property(
        c,
        ALPHABETIC,
        |c| c.is_ascii_alphabetic(),
        char::is_alphabetic,
    )
}

/// `c.is_numeric()`, faster for the tabled code points.
#[inline]
pub(crate) fn is_numeric(c: char) -> bool {
    has_property(c, NUMERIC, |c| c.is_ascii_digit(), char::is_numeric)
}

/// Whether `c` has `property`: by the `ascii` check for ASCII, from the
/// table below [`TABLED`], by the standard library's `unicode` check above.
#[inline(always)]
fn has_property(
    c: char,
    property: u8,
    ascii: impl Fn(char) -> bool,
    unicode: impl Fn(char) -> bool,
) -> bool {
    if c.is_ascii() {
        ascii(c)
    } else if (c as usize) < TABLED {
        tabled_properties()[c as usize] & property != 0
    } else if GENERAL_PUNCTUATION.contains(&(c as u32)) {
        // Curly quotes, dashes and ellipses, common on every page: no
        // letter and no number (tested), and the standard library's
        // search for them was 3% of the language stage.
        false
    } else {
        unicode(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabled_properties_are_the_standard_librarys() {
        for code in (0..0x1000).chain(GENERAL_PUNCTUATION).chain(0x2070..0x2100) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_numeric(c), c.is_numeric(), "{c:?}");
        }
    }
}
