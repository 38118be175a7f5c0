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

/// The structural facts of one block, compact: a page of a million blocks
/// holds one per block until its features are made (issue #19: the old
/// 192 bytes of `usize` counts and three `String`s per block were the
/// largest item at the peak of a huge record). Counts are `u32`, saturating
/// for a block of more than 4 GiB; counts only ever read capped (lines,
/// sentence ends, quotation marks, pipes) are `u8`, saturating; the head
/// and tail words are spans into the block's text, given back with it.
#[derive(Debug, Clone, Default)]
pub(super) struct BlockShape {
    chars: u32,
    words: u32,
    letters: u32,
    upper: u32,
    cased: u32,
    digits: u32,
    punctuation: u32,
    title_words: u32,
    quoted_chars: u32,
    /// The first and last word's alphanumeric core, at most 16 characters
    /// of it: its byte offset in the text and its length (`0`: no word).
    head_word: WordSpan,
    tail_word: WordSpan,
    lines: u8,
    sentence_ends: u8,
    quote_marks: u8,
    pipes: u8,
    pub(super) first: FirstChar,
    pub(super) last: LastChar,
    flags: u16,
    /// The last four words' shapes ([`word_item`]), as numbers of
    /// [`WORD_ITEMS`] plus one, oldest first; `0` where there are fewer.
    tail_shape: [u8; 4],
}

/// Where a word is in a block's text.
#[derive(Debug, Clone, Copy, Default)]
struct WordSpan {
    start: u32,
    len: u8,
}

impl WordSpan {
    /// The span of `word` in `text`, cut to its first 16 characters (at
    /// most 64 bytes). A word beyond 4 GiB into a block has no span.
    fn of(text: &str, word: &str) -> WordSpan {
        let offset = word.as_ptr() as usize - text.as_ptr() as usize;
        let len = word.char_indices().nth(16).map_or(word.len(), |(end, _)| end);
        match u32::try_from(offset) {
            Ok(start) => WordSpan {
                start,
                len: len as u8,
            },
            Err(_) => WordSpan::default(),
        }
    }

    /// The word, lowercased, or `None` for no word.
    fn lowercase(self, text: &str) -> Option<String> {
        let start = self.start as usize;
        let word = text.get(start..start + usize::from(self.len))?;
        if word.is_empty() {
            return None;
        }
        Some(if word.is_ascii() {
            word.to_ascii_lowercase()
        } else {
            word.chars().flat_map(char::to_lowercase).collect()
        })
    }
}

/// The flags of a block's shape, as bits of [`BlockShape::flags`], with
/// their names in `--explain`, in the order they are added as features.
const FLAGS: [&str; 9] = [
    "dialogue_dash",
    "url",
    "email",
    "handle",
    "hashtag",
    "copyright",
    "slash_between_words",
    "credit_tail",
    "section_anchor",
];
const DIALOGUE_DASH: u16 = 1;
const URL: u16 = 1 << 1;
const EMAIL: u16 = 1 << 2;
const HANDLE: u16 = 1 << 3;
const HASHTAG: u16 = 1 << 4;
const COPYRIGHT: u16 = 1 << 5;
/// "Jane Doe/Reuters", not a URL's path.
const SLASH_BETWEEN_WORDS: u16 = 1 << 6;
/// "…. Photo: Jane Doe/Agency": a colon near the end followed only by
/// capitalised words, the shape of a credit in most languages.
const CREDIT_TAIL: u16 = 1 << 7;
/// A heading followed by a permalink sign or a wiki's edit link (see
/// [`heading_anchor_start`]).
const SECTION_ANCHOR: u16 = 1 << 8;

/// A count as stored in a shape: saturating.
fn count32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn count8(n: usize) -> u8 {
    u8::try_from(n).unwrap_or(u8::MAX)
}

/// The text of a block's tail shape ("a. A: A A/A"), built on the stack.
pub(super) struct TailShape {
    bytes: [u8; 16],
    len: usize,
}

impl TailShape {
    pub(super) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).expect("joined from whole items")
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[repr(u8)]
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
#[repr(u8)]
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
            lines: count8(text.lines().count().max(1)),
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
        shape.set(SECTION_ANCHOR, anchor.is_some());
        shape.add_words(text);
        let dialogue_dash = {
            let mut chars = text.chars();
            matches!((chars.next(), chars.next()), (Some(d), Some(' ')) if is_dash(d) && d != '-')
        };
        shape.set(DIALOGUE_DASH, dialogue_dash);
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
        self.chars = count32(count);
        self.letters = count32(letters);
        self.upper = count32(upper);
        self.cased = count32(cased);
        self.digits = count32(digits);
        self.punctuation = count32(punctuation);
        self.pipes = count8(pipes);
        self.quote_marks = count8(quote_marks);
        self.quoted_chars = count32(quoted_chars);
        self.sentence_ends = count8(sentence_ends);
        self.set(COPYRIGHT, copyright);
    }

    fn set(&mut self, flag: u16, value: bool) {
        if value {
            self.flags |= flag;
        }
    }

    fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    pub(super) fn chars(&self) -> usize {
        self.chars as usize
    }

    pub(super) fn words(&self) -> usize {
        self.words as usize
    }

    pub(super) fn lines(&self) -> usize {
        usize::from(self.lines)
    }

    pub(super) fn title_words(&self) -> usize {
        self.title_words as usize
    }

    pub(super) fn quoted_chars(&self) -> usize {
        self.quoted_chars as usize
    }

    /// Sentence ends, up to 255.
    pub(super) fn sentence_ends(&self) -> usize {
        usize::from(self.sentence_ends)
    }

    pub(super) fn has_url(&self) -> bool {
        self.has(URL)
    }

    pub(super) fn has_email(&self) -> bool {
        self.has(EMAIL)
    }

    /// The shapes of the last four words, joined by spaces.
    pub(super) fn tail_shape(&self) -> TailShape {
        let mut shape = TailShape {
            bytes: [0; 16],
            len: 0,
        };
        for &code in self.tail_shape.iter().filter(|&&code| code > 0) {
            let item = WORD_ITEMS[usize::from(code) - 1].as_bytes();
            if shape.len > 0 {
                shape.bytes[shape.len] = b' ';
                shape.len += 1;
            }
            shape.bytes[shape.len..shape.len + item.len()].copy_from_slice(item);
            shape.len += item.len();
        }
        shape
    }

    fn add_words(&mut self, text: &str) {
        // Only the last words' shapes are used: keep the latest eight, so
        // that a block of millions of words needs no list of them.
        let mut items = RecentItems::default();
        let (mut first_core, mut last_core): (Option<&str>, Option<&str>) = (None, None);
        let (mut words, mut title_words) = (0usize, 0usize);
        for word in text.split_whitespace() {
            let ascii = word.is_ascii();
            words += word_count(word);
            let address = address_kind(word);
            let slash = word.as_bytes().contains(&b'/');
            match address {
                Some(AddressKind::Url) => self.set(URL, true),
                Some(AddressKind::Email) => self.set(EMAIL, true),
                Some(AddressKind::Handle) => self.set(HANDLE, true),
                Some(AddressKind::Hashtag) => self.set(HASHTAG, true),
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
                self.set(SLASH_BETWEEN_WORDS, true);
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
                title_words += 1;
            }
            if !core.is_empty() {
                first_core.get_or_insert(core);
                last_core = Some(core);
            }
            items.push(word_item(word, core, slash));
        }
        self.words = count32(words);
        self.title_words = count32(title_words);
        let span = |core: &str| WordSpan::of(text, core);
        self.head_word = first_core.map(span).unwrap_or_default();
        self.tail_word = last_core.map(span).unwrap_or_default();
        let (codes, count) = items.in_order();
        let window = &codes[..count];
        let tail = &window[window.len().saturating_sub(4)..];
        self.tail_shape[..tail.len()].copy_from_slice(tail);
        let item = |code: &u8| WORD_ITEMS[usize::from(*code) - 1];
        if let Some(colon) = window.iter().rposition(|code| item(code).ends_with(':')) {
            let after = &window[colon + 1..];
            let capitalised = after.iter().filter(|code| item(code).starts_with('A')).count();
            let sentence_end = matches!(
                self.last,
                LastChar::Period | LastChar::Exclamation | LastChar::Question
            );
            let credit_tail = !after.is_empty()
                && after.len() <= 6
                && capitalised * 2 >= after.len()
                && !(sentence_end && capitalised < after.len());
            self.set(CREDIT_TAIL, credit_tail);
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
        let case_ok = u64::from(self.cased) * 2 < u64::from(self.letters)
            || u64::from(self.title_words) * 2 >= u64::from(self.words);
        self.lines == 1 && (2..=30).contains(&self.words) && !ends_sentence && case_ok
    }

    pub(super) fn is_mainly_quotation(&self) -> bool {
        self.first == FirstChar::Quote && u64::from(self.quoted_chars) * 2 >= u64::from(self.chars)
    }

    /// A caption ending in a photo credit is long too, but it is not where
    /// the article's text starts.
    pub(super) fn is_long_paragraph(&self) -> bool {
        (self.words >= 25 || self.chars >= 120 && self.words <= 2)
            && self.sentence_ends >= 1
            && !self.has(CREDIT_TAIL)
    }

    /// Adds the shape's features; `text` is the block's text, which the
    /// shape was made from.
    pub(super) fn add_features(&self, text: &str, sink: &mut FeatureSink, weight: f32) {
        let (words, chars) = (self.words(), self.chars());
        sink.add_bucket(kind!("words"), log_bucket(words, 9), weight);
        sink.add_bucket(kind!("lines"), self.lines().min(4), weight);
        sink.add_bucket(kind!("sentences"), self.sentence_ends().min(4), weight);
        sink.add_bucket(
            kind!("upper_share"),
            share_bucket(self.upper as usize, self.cased as usize),
            weight,
        );
        if words >= 2 {
            sink.add_bucket(
                kind!("title_case"),
                share_bucket(self.title_words(), words),
                weight,
            );
        }
        sink.add_bucket(
            kind!("digit_share"),
            share_bucket(self.digits as usize, chars),
            weight,
        );
        sink.add_bucket(
            kind!("punct_share"),
            share_bucket(self.punctuation as usize, chars),
            weight,
        );
        sink.add_bucket(kind!("first_char"), self.first as usize, weight);
        sink.add_bucket(kind!("last_char"), self.last as usize, weight);
        sink.add_bucket(
            kind!("quoted_share"),
            share_bucket(self.quoted_chars(), chars),
            weight,
        );
        sink.add_bucket(kind!("quote_marks"), usize::from(self.quote_marks.min(4)), weight);
        for (bit, name) in FLAGS.iter().enumerate() {
            if self.has(1 << bit) {
                sink.add(kind!("flag"), name, weight);
            }
        }
        if self.letters > 0 && u64::from(self.cased) * 2 < u64::from(self.letters) {
            sink.add(kind!("flag"), "caseless_script", weight);
        }
        sink.add_bucket(kind!("pipes"), usize::from(self.pipes.min(3)), weight);
        if let Some(head) = self.head_word.lowercase(text) {
            sink.add(kind!("head_word"), &head, weight);
            let tail = self.tail_word.lowercase(text).unwrap_or_default();
            sink.add(kind!("tail_word"), &tail, weight);
        }
        sink.add(kind!("tail_shape"), self.tail_shape().as_str(), weight);
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
        sink.add_bucket(neighbour.words, log_bucket(self.words(), 9), weight);
        sink.add_joined(kind!("neighbour.long_paragraph"), &[name, ":", long], weight);
        if neighbour.coarse {
            return;
        }
        sink.add_bucket(neighbour.last_char, self.last as usize, weight);
        sink.add_bucket(neighbour.first_char, self.first as usize, weight);
        let quoted = share_bucket(self.quoted_chars(), self.chars());
        sink.add_bucket(neighbour.quoted_share, quoted, weight);
        let title = share_bucket(self.title_words(), self.words().max(1));
        sink.add_bucket(neighbour.title_case, title, weight);
        // The shape of a neighbour's last words tells a comment (under
        // "… says:" and "November 19, 2019 at 6:34 am") from a paragraph
        // under a paragraph.
        sink.add_joined(
            kind!("neighbour.tail_shape"),
            &[name, ":", self.tail_shape().as_str()],
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
    items: [u8; 8],
    count: usize,
}

impl RecentItems {
    fn push(&mut self, item: u8) {
        self.items[self.count % 8] = item;
        self.count += 1;
    }

    /// The items, oldest first, and how many there are.
    fn in_order(&self) -> ([u8; 8], usize) {
        let mut items = self.items;
        if self.count > 8 {
            items.rotate_left(self.count % 8);
        }
        (items, self.count.min(8))
    }
}

/// The shapes [`word_item`] gives a word; a shape stores them as their
/// number plus one.
const WORD_ITEMS: [&str; 13] = [
    "©", "-", ".", "A/A", "0", "A:", "A.", "A,", "A", "a:", "a.", "a,", "a",
];

/// A word's shape for the tail pattern, from the word and its `core` (the
/// word without leading and trailing non-alphanumerics): `A` capitalised,
/// `a` lower case, `0` number, or a telling punctuation mark. "Photo: Jane
/// Doe/Reuters" ends in "a: A A/A". `slash`: whether the word has a `/`.
/// Returned as its number in [`WORD_ITEMS`] plus one.
fn word_item(word: &str, core: &str, slash: bool) -> u8 {
    let trailing = word.chars().last().filter(|c| !c.is_alphanumeric());
    let kind = match core.chars().next() {
        None => {
            return if word.contains('©') {
                1 // ©
            } else if word.chars().any(is_dash) {
                2 // -
            } else {
                3 // .
            };
        }
        Some(c) if c.is_numeric() => 0,
        Some(c) if c.is_uppercase() => 1,
        Some(_) => 2,
    };
    match (kind, trailing, slash) {
        (_, _, true) => 4, // A/A
        (0, _, _) => 5,    // 0
        (1, Some(':'), _) => 6,
        (1, Some('.'), _) => 7,
        (1, Some(','), _) => 8,
        (1, _, _) => 9,
        (_, Some(':'), _) => 10,
        (_, Some('.'), _) => 11,
        (_, Some(','), _) => 12,
        _ => 13,
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
        assert_eq!(shape.tail_shape().as_str(), "a. A: A A/A");
        assert!(shape.has(SLASH_BETWEEN_WORDS));
        assert!(shape.has(CREDIT_TAIL));
        assert!(
            BlockShape::of("Leaders meet in Kazan. Photo: Miraflores Palace/Handout via REUTERS")
                .has(CREDIT_TAIL)
        );
        assert!(BlockShape::of("Strajk w Gdańsku. Fot. Jan Nowak / PAP").has(SLASH_BETWEEN_WORDS));
        assert!(!BlockShape::of("He said: this is not a credit.").has(CREDIT_TAIL));
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
        assert!(BlockShape::of("— Nie wiem — odpowiedział.").has(DIALOGUE_DASH));
        assert!(!BlockShape::of("- item").has(DIALOGUE_DASH));
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
