//! A block's shape: the structural facts about its text that hint at its
//! role, independent of its words and language.

use super::{FeatureSink, Kind};
use crate::document::heading_anchor_start;
use crate::text::{
    AddressKind, EndMark, address_kind, end_mark, is_sentence_end, may_close_quote, may_open_quote,
    word_count,
};

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '―')
}

/// The structural facts of one block.
#[derive(Debug, Clone, Default)]
pub(super) struct BlockShape {
    pub(super) chars: usize,
    pub(super) words: usize,
    pub(super) lines: usize,
    pub(super) letters: usize,
    upper: usize,
    pub(super) cased: usize,
    digits: usize,
    punctuation: usize,
    pub(super) title_words: usize,
    pub(super) first: FirstChar,
    pub(super) last: LastChar,
    pub(super) quoted_chars: usize,
    quote_marks: usize,
    dialogue_dash: bool,
    pub(super) sentence_ends: usize,
    pub(super) has_url: bool,
    pub(super) has_email: bool,
    has_handle: bool,
    has_hashtag: bool,
    has_copyright: bool,
    pipes: usize,
    pub(super) slash_between_words: bool,
    /// "…. Photo: Jane Doe/Agency": a colon near the end followed only by
    /// capitalised words, the shape of a credit in most languages.
    pub(super) credit_tail: bool,
    /// A heading followed by a permalink sign or a wiki's edit link (see
    /// [`heading_anchor_start`]).
    section_anchor: bool,
    head_word: String,
    tail_word: String,
    pub(super) tail_shape: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) enum FirstChar {
    #[default]
    Other,
    Quote,
    Dash,
    Bullet,
    Digit,
    Upper,
    Lower,
    Caseless,
}

impl FirstChar {
    /// The variants' names, in the order of their numbers (`--explain`).
    pub(super) const NAMES: [&str; 8] = [
        "other", "quote", "dash", "bullet", "digit", "upper", "lower", "caseless",
    ];
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) enum LastChar {
    #[default]
    Other,
    Period,
    Exclamation,
    Question,
    Colon,
    Comma,
    Ellipsis,
    Quote,
    Bracket,
    Letter,
    Digit,
}

impl LastChar {
    /// The variants' names, in the order of their numbers (`--explain`).
    pub(super) const NAMES: [&str; 11] = [
        "other",
        "full_stop",
        "exclamation",
        "question",
        "colon",
        "comma",
        "ellipsis",
        "quote",
        "bracket",
        "letter",
        "digit",
    ];
}

/// What a character counts as in a block's shape, as bit flags; looked up
/// in a table for ASCII, the bulk of most text.
#[derive(Debug, Clone, Copy, PartialEq)]
struct CharClass(u16);

impl CharClass {
    const LETTER: u16 = 1;
    /// Upper and lower case are only counted for letters.
    const UPPER: u16 = 1 << 1;
    const LOWER: u16 = 1 << 2;
    /// Numeric and not a letter.
    const NUMERIC: u16 = 1 << 3;
    /// Neither a letter, a number nor white space.
    const PUNCTUATION: u16 = 1 << 4;
    const OPENING_QUOTE: u16 = 1 << 5;
    const CLOSING_QUOTE: u16 = 1 << 6;
    const SENTENCE_END: u16 = 1 << 7;
    const COPYRIGHT: u16 = 1 << 8;
    const PIPE: u16 = 1 << 9;

    const ASCII: [CharClass; 128] = {
        let mut table = [CharClass(0); 128];
        let mut byte = 0;
        while byte < 128 {
            table[byte as usize] = CharClass::of_ascii(byte);
            byte += 1;
        }
        table
    };

    fn of(c: char) -> CharClass {
        if c.is_ascii() {
            return Self::ASCII[c as usize];
        }
        Self::by_unicode(c)
    }

    /// The Unicode checks the ASCII table stands in for.
    fn by_unicode(c: char) -> CharClass {
        let mut flags = 0;
        if crate::scripts::is_alphabetic(c) {
            flags |= Self::LETTER;
            if c.is_uppercase() {
                flags |= Self::UPPER;
            } else if c.is_lowercase() {
                flags |= Self::LOWER;
            }
        } else if crate::scripts::is_numeric(c) {
            flags |= Self::NUMERIC;
        } else if !c.is_whitespace() {
            flags |= Self::PUNCTUATION;
        }
        CharClass(flags | Self::marks(c))
    }

    /// The flags of an ASCII character, with the ASCII forms of the checks
    /// in [`CharClass::of`] (a test compares the two).
    const fn of_ascii(byte: u8) -> CharClass {
        let mut flags = 0;
        if byte.is_ascii_alphabetic() {
            flags |= Self::LETTER;
            if byte.is_ascii_uppercase() {
                flags |= Self::UPPER;
            } else {
                flags |= Self::LOWER;
            }
        } else if byte.is_ascii_digit() {
            flags |= Self::NUMERIC;
        } else if !matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            flags |= Self::PUNCTUATION;
        }
        CharClass(flags | Self::marks(byte as char))
    }

    /// The flags of the marks that matter: quotation marks, sentence ends,
    /// the copyright sign and the pipe.
    const fn marks(c: char) -> u16 {
        let mut flags = 0;
        if may_open_quote(c) {
            flags |= Self::OPENING_QUOTE;
        }
        if may_close_quote(c) {
            flags |= Self::CLOSING_QUOTE;
        }
        if is_sentence_end(c) {
            flags |= Self::SENTENCE_END;
        }
        match c {
            '©' => flags |= Self::COPYRIGHT,
            '|' => flags |= Self::PIPE,
            _ => {}
        }
        flags
    }

    /// Whether any of `flags` is set.
    fn has(self, flags: u16) -> bool {
        self.0 & flags != 0
    }
}

impl BlockShape {
    pub(super) fn of(text: &str) -> BlockShape {
        let mut shape = BlockShape {
            lines: text.lines().count().max(1),
            ..Default::default()
        };
        // ASCII text, most blocks of most pages, is read byte by byte with
        // the same checks; the `char` loop decodes and needs Unicode tables.
        if text.is_ascii() {
            shape.count_chars(text.bytes().map(|b| {
                let c = char::from(b);
                (CharClass::ASCII[usize::from(b)], c)
            }));
        } else {
            shape.count_chars(text.chars().map(|c| (CharClass::of(c), c)));
        }
        shape.first = first_char(text);
        // "History[edit]" ends like the heading it is, not like a bracket.
        // (A caption's bracketed credit is no anchor: only a heading's is.)
        let anchor = heading_anchor_start(text);
        shape.last = last_char(&text[..anchor.unwrap_or(text.len())]);
        shape.section_anchor = anchor.is_some();
        shape.add_words(text);
        shape.dialogue_dash = {
            let mut chars = text.chars();
            matches!((chars.next(), chars.next()), (Some(d), Some(' ')) if is_dash(d) && d != '-')
        };
        shape
    }

    /// Counts the characters of a block, given with their classes.
    #[inline(always)]
    fn count_chars(&mut self, chars: impl Iterator<Item = (CharClass, char)>) {
        // Counted in locals, which stay in registers, and stored once.
        let (mut count, mut letters, mut upper, mut cased) = (0, 0, 0, 0);
        let (mut digits, mut punctuation, mut pipes) = (0, 0, 0);
        let (mut quote_marks, mut quoted_chars, mut sentence_ends) = (0, 0, 0);
        let mut copyright = false;
        let mut inside_quote = false;
        let mut previous = ' ';
        for (class, c) in chars {
            count += 1;
            letters += usize::from(class.has(CharClass::LETTER));
            upper += usize::from(class.has(CharClass::UPPER));
            cased += usize::from(class.has(CharClass::UPPER | CharClass::LOWER));
            digits += usize::from(class.has(CharClass::NUMERIC));
            punctuation += usize::from(class.has(CharClass::PUNCTUATION));
            // An opening mark after a letter is an apostrophe ("Venezuela’s").
            if !inside_quote && class.has(CharClass::OPENING_QUOTE) && !previous.is_alphanumeric() {
                inside_quote = true;
                quote_marks += 1;
            } else if inside_quote && class.has(CharClass::CLOSING_QUOTE) {
                inside_quote = false;
                quote_marks += 1;
            } else if inside_quote {
                quoted_chars += 1;
            }
            if class.has(CharClass::SENTENCE_END) && !previous.is_numeric() {
                sentence_ends += 1;
            }
            copyright |= class.has(CharClass::COPYRIGHT);
            pipes += usize::from(class.has(CharClass::PIPE));
            previous = c;
        }
        self.chars = count;
        self.letters = letters;
        self.upper = upper;
        self.cased = cased;
        self.digits = digits;
        self.punctuation = punctuation;
        self.pipes = pipes;
        self.quote_marks = quote_marks;
        self.quoted_chars = quoted_chars;
        self.sentence_ends = sentence_ends;
        self.has_copyright = copyright;
    }

    fn add_words(&mut self, text: &str) {
        // Only the last words' shapes are used: keep the latest eight, so
        // that a block of millions of words needs no list of them.
        let mut items = RecentItems::default();
        let (mut first_core, mut last_core): (Option<&str>, Option<&str>) = (None, None);
        for word in text.split_whitespace() {
            let ascii = word.is_ascii();
            self.words += word_count(word);
            let address = address_kind(word);
            let slash = word.as_bytes().contains(&b'/');
            match address {
                Some(AddressKind::Url) => self.has_url = true,
                Some(AddressKind::Email) => self.has_email = true,
                Some(AddressKind::Handle) => self.has_handle = true,
                Some(AddressKind::Hashtag) => self.has_hashtag = true,
                None => {}
            }
            // "Jane Doe/Reuters", not a URL's path ("www.X/Y" starts with a
            // lowercase word, so only a URL with a scheme needs excluding).
            if word == "/"
                || (slash
                    && address != Some(AddressKind::Url)
                    && word
                        .split('/')
                        .all(|p| p.chars().next().is_some_and(char::is_uppercase)))
            {
                self.slash_between_words = true;
            }
            let core = if ascii {
                let bytes = word.as_bytes();
                match bytes.iter().position(u8::is_ascii_alphanumeric) {
                    Some(start) => {
                        let end = bytes
                            .iter()
                            .rposition(u8::is_ascii_alphanumeric)
                            .map_or(start, |last| last + 1);
                        &word[start..end]
                    }
                    None => "",
                }
            } else {
                word.trim_matches(|c: char| !c.is_alphanumeric())
            };
            if core.chars().next().is_some_and(char::is_uppercase) {
                self.title_words += 1;
            }
            if !core.is_empty() {
                first_core.get_or_insert(core);
                last_core = Some(core);
            }
            items.push(word_item(word, core, slash));
        }
        let lower = |core: &str| -> String {
            if core.is_ascii() {
                core[..core.len().min(16)].to_ascii_lowercase()
            } else {
                core.chars().take(16).flat_map(char::to_lowercase).collect()
            }
        };
        self.head_word = first_core.map(lower).unwrap_or_default();
        self.tail_word = last_core.map(lower).unwrap_or_default();
        let (items, count) = items.in_order();
        let window = &items[..count];
        self.tail_shape = window[window.len().saturating_sub(4)..].join(" ");
        if let Some(colon) = window.iter().rposition(|item| item.ends_with(':')) {
            let after = &window[colon + 1..];
            let capitalised = after.iter().filter(|item| item.starts_with('A')).count();
            let sentence_end = matches!(
                self.last,
                LastChar::Period | LastChar::Exclamation | LastChar::Question
            );
            self.credit_tail = !after.is_empty()
                && after.len() <= 6
                && capitalised * 2 >= after.len()
                && !(sentence_end && capitalised < after.len());
        }
    }

    /// A block that looks like an article paragraph: enough words and at
    /// least one sentence end.
    /// A line that could be a title: one line, no sentence end, mostly
    /// capitalised words where the script has case.
    pub(super) fn is_title_like(&self) -> bool {
        let ends_sentence = matches!(
            self.last,
            LastChar::Period | LastChar::Comma | LastChar::Colon
        );
        let case_ok = self.cased * 2 < self.letters || self.title_words * 2 >= self.words;
        self.lines == 1 && (2..=30).contains(&self.words) && !ends_sentence && case_ok
    }

    pub(super) fn is_mainly_quotation(&self) -> bool {
        self.first == FirstChar::Quote && self.quoted_chars * 2 >= self.chars
    }

    /// A caption ending in a photo credit is long too, but it is not where
    /// the article's text starts.
    pub(super) fn is_long_paragraph(&self) -> bool {
        (self.words >= 25 || self.chars >= 120 && self.words <= 2)
            && self.sentence_ends >= 1
            && !self.credit_tail
    }

    pub(super) fn add_features(&self, sink: &mut FeatureSink, weight: f32) {
        sink.add_bucket(kind!("words"), log_bucket(self.words, 9), weight);
        sink.add_bucket(kind!("lines"), self.lines.min(4), weight);
        sink.add_bucket(kind!("sentences"), self.sentence_ends.min(4), weight);
        sink.add_bucket(
            kind!("upper_share"),
            share_bucket(self.upper, self.cased),
            weight,
        );
        if self.words >= 2 {
            sink.add_bucket(
                kind!("title_case"),
                share_bucket(self.title_words, self.words),
                weight,
            );
        }
        sink.add_bucket(
            kind!("digit_share"),
            share_bucket(self.digits, self.chars),
            weight,
        );
        sink.add_bucket(
            kind!("punct_share"),
            share_bucket(self.punctuation, self.chars),
            weight,
        );
        sink.add_bucket(kind!("first_char"), self.first as usize, weight);
        sink.add_bucket(kind!("last_char"), self.last as usize, weight);
        sink.add_bucket(
            kind!("quoted_share"),
            share_bucket(self.quoted_chars, self.chars),
            weight,
        );
        sink.add_bucket(kind!("quote_marks"), self.quote_marks.min(4), weight);
        let flags = [
            ("dialogue_dash", self.dialogue_dash),
            ("url", self.has_url),
            ("email", self.has_email),
            ("handle", self.has_handle),
            ("hashtag", self.has_hashtag),
            ("copyright", self.has_copyright),
            ("slash_between_words", self.slash_between_words),
            ("credit_tail", self.credit_tail),
            ("section_anchor", self.section_anchor),
            (
                "caseless_script",
                self.letters > 0 && self.cased * 2 < self.letters,
            ),
        ];
        for (name, value) in flags {
            if value {
                sink.add(kind!("flag"), name, weight);
            }
        }
        sink.add_bucket(kind!("pipes"), self.pipes.min(3), weight);
        if !self.head_word.is_empty() {
            sink.add(kind!("head_word"), &self.head_word, weight);
            sink.add(kind!("tail_word"), &self.tail_word, weight);
        }
        sink.add(kind!("tail_shape"), &self.tail_shape, weight);
    }

    /// Coarse facts of a neighbour, as seen from the block next to it.
    pub(super) fn add_context_features(
        &self,
        sink: &mut FeatureSink,
        neighbour: &Neighbour,
        weight: f32,
    ) {
        let long = if self.is_long_paragraph() {
            "yes"
        } else {
            "no"
        };
        let name = neighbour.name;
        sink.add_bucket(neighbour.words, log_bucket(self.words, 9), weight);
        sink.add_joined(kind!("neighbour.long_paragraph"), &[name, ":", long], weight);
        if neighbour.coarse {
            return;
        }
        sink.add_bucket(neighbour.last_char, self.last as usize, weight);
        sink.add_bucket(neighbour.first_char, self.first as usize, weight);
        let quoted = share_bucket(self.quoted_chars, self.chars);
        sink.add_bucket(neighbour.quoted_share, quoted, weight);
        let title = share_bucket(self.title_words, self.words.max(1));
        sink.add_bucket(neighbour.title_case, title, weight);
        // The shape of a neighbour's last words tells a comment (under
        // "… says:" and "November 19, 2019 at 6:34 am") from a paragraph
        // under a paragraph.
        sink.add_joined(
            kind!("neighbour.tail_shape"),
            &[name, ":", &self.tail_shape],
            weight,
        );
    }
}

/// A neighbour of a block (`prev`, `next2`, …) and the kinds of its context
/// features.
pub(super) struct Neighbour {
    name: &'static str,
    /// The neighbour's own kind, named after it: `prev=none` at an edge.
    pub(super) kind: Kind,
    pub(super) words: Kind,
    last_char: Kind,
    first_char: Kind,
    quoted_share: Kind,
    title_case: Kind,
    /// Whether only the coarsest facts are seen (the second neighbours).
    coarse: bool,
}

impl Neighbour {
    pub(super) const fn new(name: &'static str, coarse: bool) -> Neighbour {
        Neighbour {
            name,
            kind: Kind::of_neighbour("neighbour", name),
            words: Kind::of_neighbour("neighbour.words", name),
            last_char: Kind::of_neighbour("neighbour.last_char", name),
            first_char: Kind::of_neighbour("neighbour.first_char", name),
            quoted_share: Kind::of_neighbour("neighbour.quoted_share", name),
            title_case: Kind::of_neighbour("neighbour.title_case", name),
            coarse,
        }
    }
}

/// The shapes of a block's last eight words ([`word_item`]), oldest first.
#[derive(Default)]
struct RecentItems {
    /// A ring: the next item goes to `items[count % 8]`.
    items: [&'static str; 8],
    count: usize,
}

impl RecentItems {
    fn push(&mut self, item: &'static str) {
        self.items[self.count % 8] = item;
        self.count += 1;
    }

    /// The items, oldest first, and how many there are.
    fn in_order(&self) -> ([&'static str; 8], usize) {
        let mut items = self.items;
        if self.count > 8 {
            items.rotate_left(self.count % 8);
        }
        (items, self.count.min(8))
    }
}

/// A word's shape for the tail pattern, from the word and its `core` (the
/// word without leading and trailing non-alphanumerics): `A` capitalised,
/// `a` lower case, `0` number, or a telling punctuation mark. "Photo: Jane
/// Doe/Reuters" ends in "a: A A/A". `slash`: whether the word has a `/`.
fn word_item(word: &str, core: &str, slash: bool) -> &'static str {
    let trailing = word.chars().last().filter(|c| !c.is_alphanumeric());
    let kind = match core.chars().next() {
        None => {
            return if word.contains('©') {
                "©"
            } else if word.chars().any(is_dash) {
                "-"
            } else {
                "."
            };
        }
        Some(c) if c.is_numeric() => 0,
        Some(c) if c.is_uppercase() => 1,
        Some(_) => 2,
    };
    match (kind, trailing, slash) {
        (_, _, true) => "A/A",
        (0, _, _) => "0",
        (1, Some(':'), _) => "A:",
        (1, Some('.'), _) => "A.",
        (1, Some(','), _) => "A,",
        (1, _, _) => "A",
        (_, Some(':'), _) => "a:",
        (_, Some('.'), _) => "a.",
        (_, Some(','), _) => "a,",
        _ => "a",
    }
}

fn first_char(text: &str) -> FirstChar {
    let Some(c) = text.chars().next() else {
        return FirstChar::Other;
    };
    if may_open_quote(c) {
        FirstChar::Quote
    } else if is_dash(c) {
        FirstChar::Dash
    } else if matches!(c, '•' | '·' | '*' | '►' | '▶' | '■' | '→' | '>' | '»') {
        FirstChar::Bullet
    } else if c.is_numeric() {
        FirstChar::Digit
    } else if c.is_uppercase() {
        FirstChar::Upper
    } else if c.is_lowercase() {
        FirstChar::Lower
    } else if c.is_alphabetic() {
        FirstChar::Caseless
    } else {
        FirstChar::Other
    }
}

fn last_char(text: &str) -> LastChar {
    let Some(c) = text.chars().next_back() else {
        return LastChar::Other;
    };
    if let Some(mark) = end_mark(c) {
        return match mark {
            EndMark::FullStop => LastChar::Period,
            EndMark::Exclamation => LastChar::Exclamation,
            EndMark::Question => LastChar::Question,
            EndMark::Colon => LastChar::Colon,
            EndMark::Clause => LastChar::Comma,
            EndMark::Ellipsis => LastChar::Ellipsis,
        };
    }
    match c {
        c if may_close_quote(c) => LastChar::Quote,
        ')' | ']' | '）' => LastChar::Bracket,
        c if c.is_numeric() => LastChar::Digit,
        c if c.is_alphabetic() => LastChar::Letter,
        _ => LastChar::Other,
    }
}

/// ⌊log2(n)⌋ + 1, capped: 0, 1, 2-3, 4-7, ….
pub(super) fn log_bucket(n: usize, cap: usize) -> usize {
    ((usize::BITS - n.leading_zeros()) as usize).min(cap)
}

/// Share of `part` in `whole`: 0, (0, 5%), [5, 15%), [15, 30%), [30, 60%), [60, 85%), ≥ 85%.
pub(super) fn share_bucket(part: usize, whole: usize) -> usize {
    if part == 0 || whole == 0 {
        return 0;
    }
    let share = part as f64 / whole as f64;
    [0.05, 0.15, 0.30, 0.60, 0.85]
        .iter()
        .position(|&t| share < t)
        .map_or(6, |p| p + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_table_agrees_with_the_unicode_checks() {
        for byte in 0..128u8 {
            let c = byte as char;
            assert_eq!(CharClass::of(c), CharClass::by_unicode(c), "{byte:#x}");
        }
    }

    #[test]
    fn sentences_end_in_many_scripts() {
        for text in [
            "यह एक वाक्य है।",
            "هل هذا سؤال؟",
            "یہ ایک جملہ ہے۔",
            "Սա նախադասություն է։",
            "The end.",
        ] {
            let shape = BlockShape::of(text);
            assert_eq!(shape.sentence_ends, 1, "{text}");
            assert!(
                matches!(shape.last, LastChar::Period | LastChar::Question),
                "{text}: {:?}",
                shape.last
            );
        }
    }

    #[test]
    fn caption_credit_tail() {
        let shape = BlockShape::of("Miners at work. Photo: Jane Doe/Reuters");
        assert_eq!(shape.tail_shape, "a. A: A A/A");
        assert!(shape.slash_between_words);
        assert!(shape.credit_tail);
        assert!(
            BlockShape::of("Leaders meet in Kazan. Photo: Miraflores Palace/Handout via REUTERS")
                .credit_tail
        );
        assert!(BlockShape::of("Strajk w Gdańsku. Fot. Jan Nowak / PAP").slash_between_words);
        assert!(!BlockShape::of("He said: this is not a credit.").credit_tail);
    }

    #[test]
    fn quotes_of_many_languages() {
        for text in [
            "„Das ist gut“, sagte sie.",
            "« C’est fini », dit-il.",
            "「はい」と彼は言った。",
            "“Yes,” he said.",
        ] {
            let shape = BlockShape::of(text);
            assert_eq!(shape.first, FirstChar::Quote, "{text}");
            assert!(shape.quoted_chars > 0, "{text}");
        }
    }

    #[test]
    fn chinese_paragraphs_have_many_words() {
        let shape = BlockShape::of(
            "快速射电暴是一种持续时间仅有几毫秒的宇宙射电闪光，在极短时间内释放出巨大能量。",
        );
        assert!(shape.words >= 15, "{}", shape.words);
        assert!(
            BlockShape::of(&"研究人员分析发现该信号的偏振特征。".repeat(4)).is_long_paragraph()
        );
    }

    #[test]
    fn dialogue_dash() {
        assert!(BlockShape::of("— Nie wiem — odpowiedział.").dialogue_dash);
        assert!(!BlockShape::of("- item").dialogue_dash);
    }

    #[test]
    fn buckets() {
        assert_eq!(log_bucket(0, 8), 0);
        assert_eq!(log_bucket(3, 8), 2);
        assert_eq!(log_bucket(1 << 20, 8), 8);
        assert_eq!(share_bucket(1, 2), 4);
        assert_eq!(share_bucket(0, 2), 0);
    }
}
