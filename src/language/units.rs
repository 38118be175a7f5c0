//! Detection units: each block, or the pieces of a long block, with what
//! carries no language stripped.

use super::strip::language_text_and_scripts;
use crate::scripts::is_alphabetic;
use crate::document::Document;
use std::ops::Range;
use whatlang::{Lang, Script};

/// One unit of detection.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unit {
    /// The block it belongs to.
    pub block: usize,
    /// Its byte range in the block's text.
    pub range: Range<usize>,
    /// Its text with what carries no language removed.
    pub text: String,
    /// Letters in `text` (Han, kana and Hangul count triple).
    pub letters: usize,
    /// Whether most of `text`'s letters are Latin or Cyrillic, the scripts
    /// with profiles.
    pub profiled_script: bool,
}

/// The units of a document, in order.
pub(crate) fn detection_units(document: &Document) -> Vec<Unit> {
    let mut units = Vec::new();
    for (index, block) in document.blocks.iter().enumerate() {
        // Every piece has PIECE_LETTERS letters: a shorter block is one unit.
        let ranges = if (2 * PIECE_LETTERS..=20_000).contains(&block.text.len()) {
            piece_ranges(&block.text)
        } else {
            Vec::new()
        };
        if ranges.len() < 2 {
            let (whole, scripts) = language_text_and_scripts(&block.text);
            units.push(Unit {
                block: index,
                range: 0..block.text.len(),
                text: whole.text,
                letters: whole.letters,
                profiled_script: scripts.mostly_profiled(),
            });
            continue;
        }
        for range in ranges {
            let (piece, scripts) = language_text_and_scripts(&block.text[range.clone()]);
            units.push(Unit {
                block: index,
                range,
                text: piece.text,
                letters: piece.letters,
                profiled_script: scripts.mostly_profiled(),
            });
        }
    }
    units
}

/// Pieces of a long block (split at quotation marks, colons, line breaks)
/// have at least this many letters; shorter ones are folded into their
/// neighbour, so that each piece says something about its language.
const PIECE_LETTERS: usize = 30;

/// Byte ranges of a block's pieces: split at line breaks, before opening and
/// after closing quotation marks, and after colons; pieces with too few
/// letters are folded into the previous one.
fn piece_ranges(text: &str) -> Vec<Range<usize>> {
    // Each cut with the letters before it, counted in the same pass (no
    // mark that cuts is a letter): a piece's letters are a difference.
    let mut cuts: Vec<(usize, usize)> = vec![(0, 0)];
    let mut letters = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            i += 1;
            if b.is_ascii_alphabetic() {
                letters += 1;
            } else if b == b'\n' || b == b':' {
                cuts.push((i, letters));
            }
        } else {
            let c = text[i..].chars().next().expect("at a char boundary");
            let next = i + c.len_utf8();
            if is_alphabetic(c) {
                letters += 1;
            } else if crate::text::is_opening_quote(c) {
                cuts.push((i, letters));
            } else if crate::text::is_closing_quote(c) {
                cuts.push((next, letters));
            }
            i = next;
        }
    }
    cuts.push((text.len(), letters));
    cuts.dedup_by_key(|&mut (at, _)| at);
    // Pieces as (first cut, last cut), indices into `cuts`.
    let letters = |(first, last): (usize, usize)| cuts[last].1 - cuts[first].1;
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for cut in 1..cuts.len() {
        match pieces.last_mut() {
            Some(last) if letters((cut - 1, cut)) < PIECE_LETTERS => last.1 = cut,
            _ => pieces.push((cut - 1, cut)),
        }
    }
    // A short first piece cannot fold backwards: fold it forwards.
    if pieces.len() > 1 && letters(pieces[0]) < PIECE_LETTERS {
        let first = pieces.remove(0);
        pieces[0].0 = first.0;
    }
    pieces
        .into_iter()
        .map(|(first, last)| cuts[first].0..cuts[last].0)
        .collect()
}

/// The source byte span from the start of `first` to the end of `last`.
/// Exact when a block's text is its source bytes (the usual case); when
/// trimming changed the text (CRLF, indentation), the block's own start or
/// end is used.
pub(crate) fn source_span(document: &Document, first: &Unit, last: &Unit) -> Option<Range<usize>> {
    let position = |unit: &Unit, offset: usize, is_start: bool| -> Option<usize> {
        let block = &document.blocks[unit.block];
        let span = block.span.clone()?;
        if span.len() == block.text.len() {
            Some(span.start + offset)
        } else if is_start {
            Some(span.start)
        } else {
            Some(span.end)
        }
    };
    Some(position(first, first.range.start, true)?..position(last, last.range.end, false)?)
}

/// `text` with its Latin letters blanked out, for text mostly in another
/// script; borrowed when it has none.
pub(crate) fn without_latin(text: &str) -> std::borrow::Cow<'_, str> {
    let latin = |c: char| c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c);
    if !text.contains(latin) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(|c| if latin(c) { ' ' } else { c }).collect())
}

/// The script a language is written in: the script of its own name.
pub(crate) fn script_of_lang(lang: Lang) -> Script {
    whatlang::detect_script(lang.name()).unwrap_or(Script::Latin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_split_at_quotes_and_colons() {
        let text = "The minister spoke to reporters on Monday morning: « Nous ne céderons rien sur ce point, et nous le dirons encore demain », she said, and left the room with her advisers.";
        let pieces: Vec<&str> = piece_ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(pieces.len(), 3, "{pieces:?}");
        assert!(pieces[1].starts_with(" « Nous") || pieces[1].starts_with("« Nous"));
    }

    /// The pieces as they were cut before the single pass: char by char,
    /// each piece's letters counted again.
    fn piece_ranges_char_by_char(text: &str) -> Vec<Range<usize>> {
        let mut cuts = vec![0];
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(j, _)| j).unwrap_or(text.len());
            match c {
                '\n' | ':' => cuts.push(next),
                c if crate::text::is_opening_quote(c) => cuts.push(i),
                c if crate::text::is_closing_quote(c) => cuts.push(next),
                _ => {}
            }
        }
        cuts.push(text.len());
        cuts.dedup();
        let letters = |range: &Range<usize>| text[range.clone()].chars().filter(|c| c.is_alphabetic()).count();
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for pair in cuts.windows(2) {
            let range = pair[0]..pair[1];
            match ranges.last_mut() {
                Some(last) if letters(&range) < PIECE_LETTERS => last.end = range.end,
                _ => ranges.push(range),
            }
        }
        if ranges.len() > 1 && letters(&ranges[0]) < PIECE_LETTERS {
            let first = ranges.remove(0);
            ranges[0].start = first.start;
        }
        ranges
    }

    #[test]
    fn single_pass_pieces_match_the_char_by_char_cut() {
        let texts = [
            "The minister spoke to reporters on Monday morning: « Nous ne céderons rien sur ce point, et nous le dirons encore demain », she said, and left the room.",
            "„Wir werden das nicht hinnehmen“, sagte die Ministerin am Montag: „Niemals.“\nDanach verließ sie den Saal ohne ein weiteres Wort an die Presse.",
            "::::\n\n«»«»「東京都は新しい条例を発表した」『それは』: ok\nЛетом: «Мы не отступим», — сказал министр журналистам в понедельник утром.",
            "Ⅻ ǅ İ 𝔸𝔹ℂ: “quoted ‚single‘ marks” and ‹angles› and » reversed « ones: done here\n",
        ];
        for text in texts {
            assert_eq!(piece_ranges(text), piece_ranges_char_by_char(text), "{text}");
        }
    }

    /// Whether most letters of a unit's text are Latin or Cyrillic, as it
    /// was read before the count moved into the stripping pass: again,
    /// over the kept text.
    fn profiled_script_of_kept_text(text: &str) -> bool {
        let (mut profiled, mut other) = (0usize, 0usize);
        for c in super::super::strip::language_text(text).text.chars() {
            match c {
                'a'..='z' | 'A'..='Z' => profiled += 1,
                c if c.is_ascii() => {}
                '\u{C0}'..='\u{2AF}' | '\u{1E00}'..='\u{1EFF}' | '\u{400}'..='\u{52F}' => {
                    profiled += usize::from(c.is_alphabetic())
                }
                c if c.is_alphabetic() => other += 1,
                _ => {}
            }
        }
        profiled > 0 && profiled >= other
    }

    #[test]
    fn profiled_script_is_that_of_the_kept_text() {
        let texts = [
            "Zażółć gęślą jaźń",
            "Город откроет новый мост в 2025 году",
            "東京都は2025年3月に新しい条例を発表した。 Tokyo",
            "Η πόλη θα ανοίξει abc",
            "123 !! info@example.com",
            // Half Latin, half Greek: ties go to the profiles.
            "abcd αβγδ",
            "ⅫⅫⅫ東京 ab",
            "abc 東京 東京",
            "",
        ];
        for text in texts {
            let mut document = Document::default();
            document.blocks.push(crate::document::Block::new(text));
            let unit = &detection_units(&document)[0];
            assert_eq!(unit.profiled_script, profiled_script_of_kept_text(text), "{text}");
        }
    }

    #[test]
    fn latin_letters_are_blanked_in_text_of_another_script() {
        assert_eq!(without_latin("Kindleや楽天koboには"), "      や楽天    には");
        assert_eq!(without_latin("東京の天気"), "東京の天気");
        assert_eq!(without_latin("Ýes, Москва"), "   , Москва");
    }

    #[test]
    fn short_pieces_fold_into_their_neighbour() {
        let text = "Note: the council said the bridge would open next year after repairs.";
        assert_eq!(piece_ranges(text), vec![0..text.len()]);
    }
}
