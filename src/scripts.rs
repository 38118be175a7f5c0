//! Character classes by script that several stages need.

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
