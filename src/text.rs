//! The text rules every stage shares, written once: which characters end a
//! sentence or a clause, which are quotation marks, which words are web or
//! e-mail addresses, and what a word is. They used to be written out in the
//! block outline, the block shape and the language analysis, and the copies
//! disagreed (the outline did not know the danda or the Urdu full stop, so a
//! short Hindi or Urdu sentence looked like a heading).
//!
//! Where a stage needs a different rule on purpose, the rule is a named
//! variant here, with its reason ([`ends_like_a_sentence_or_clause`] lets a
//! question pass as a heading; [`is_address_like`] is broader than
//! [`address_kind`]; [`words_with_apostrophes`] keeps what the feature
//! tokens split). Every test is a `const fn` or a short scan without
//! allocation: the block shape calls them for every character.
//!
//! One word scanner stays where it is, because it fuses the split with its
//! own hashing in one pass: the feature tokens (`features/tokens.rs`: runs
//! of letters and digits, split at apostrophes, one token per letter of an
//! unspaced script). It reads letters and digits with
//! `scripts::is_alphabetic` and `scripts::is_numeric`, and unspaced scripts
//! with `scripts::is_unspaced_script`, so it agrees with this module on
//! what a letter is.

/// The mark a sentence, a clause or a lead-in ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EndMark {
    /// A full stop: `.` and the full stops of scripts that have their own.
    FullStop,
    /// An exclamation mark.
    Exclamation,
    /// A question mark.
    Question,
    /// A colon: a lead-in ("Here is how:").
    Colon,
    /// A comma or semicolon: a clause goes on.
    Clause,
    /// An ellipsis: a teaser ("Read more…").
    Ellipsis,
}

/// The end mark `c` is, if any. Full stops: Latin and most others, CJK
/// (`。`, half-width `｡`), Devanagari and Bengali (danda `।`, double danda
/// `॥`), Urdu (`۔`), Armenian (`։`), Ethiopic (`።`), Myanmar (`။`), Khmer
/// (`។`), Tibetan (`།`). Thai and Lao end sentences with a space, which no
/// character test can see. Question marks: Latin, full width, Arabic (`؟`).
/// Clause marks: Latin, full width, the ideographic comma `、`, Arabic (`،`,
/// `؛`).
pub(crate) const fn end_mark(c: char) -> Option<EndMark> {
    match c {
        '.' | '。' | '｡' | '।' | '॥' | '۔' | '։' | '።' | '။' | '។' | '།' => {
            Some(EndMark::FullStop)
        }
        '!' | '！' => Some(EndMark::Exclamation),
        '?' | '？' | '؟' => Some(EndMark::Question),
        ':' | '：' => Some(EndMark::Colon),
        ',' | ';' | '，' | '；' | '、' | '،' | '؛' => Some(EndMark::Clause),
        '…' => Some(EndMark::Ellipsis),
        _ => None,
    }
}

/// Whether `c` ends a sentence: a full stop, an exclamation or a question
/// mark of any script (see [`end_mark`]).
pub(crate) const fn is_sentence_end(c: char) -> bool {
    matches!(
        end_mark(c),
        Some(EndMark::FullStop | EndMark::Exclamation | EndMark::Question)
    )
}

/// Whether `text` ends like a sentence, a clause, a lead-in or a teaser,
/// before any closing quotation marks and brackets ("“You’re so weird.”"):
/// the heading test's variant of [`is_sentence_end`]. A question mark does
/// not count, because a question is a common heading ("So, where does the
/// money go?").
pub(crate) fn ends_like_a_sentence_or_clause(text: &str) -> bool {
    text.trim_end()
        .chars()
        .rev()
        .find(|&c| !may_close_quote(c) && !matches!(c, ')' | ']' | '）'))
        .and_then(end_mark)
        .is_some_and(|mark| mark != EndMark::Question)
}

/// Marks that open a quotation in the languages that use them: English
/// `“`, German `„`, the reversed `‟`, guillemets `«` `‹`, CJK corner
/// brackets `「` `『`, and the low single `‚`. (German closes with `“` and
/// Danish with `«`, which [`may_close_quote`] knows.) The language analysis
/// cuts a block before them.
pub(crate) const fn is_opening_quote(c: char) -> bool {
    matches!(c, '“' | '„' | '‟' | '«' | '‹' | '「' | '『' | '‚')
}

/// Marks that close a quotation in the languages that use them: `”`, `»`,
/// `›`, `」`, `』`. The single `’` is left out: it is mostly an apostrophe.
/// The language analysis cuts a block after them.
pub(crate) const fn is_closing_quote(c: char) -> bool {
    matches!(c, '”' | '»' | '›' | '」' | '』')
}

/// Marks that open a quotation in some language: [`is_opening_quote`], the
/// straight `"`, the single `‘`, and `”` and `»`, with which Swedish,
/// Finnish and Danish open. The block shape's quote count reads them, and
/// takes a mark right after a letter for an apostrophe.
pub(crate) const fn may_open_quote(c: char) -> bool {
    is_opening_quote(c) || matches!(c, '"' | '‘' | '”' | '»')
}

/// Marks that close a quotation in some language: [`is_closing_quote`], the
/// straight `"`, the single `’`, German `“` and Danish `«`.
pub(crate) const fn may_close_quote(c: char) -> bool {
    is_closing_quote(c) || matches!(c, '"' | '’' | '“' | '«')
}

/// What kind of address a whitespace-separated word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AddressKind {
    /// `https://…`, `ftp://…` or `www.…`.
    Url,
    /// `name@host.tld`.
    Email,
    /// A social-media handle: `@name`.
    Handle,
    /// A hashtag: `#` and a letter.
    Hashtag,
}

/// The kind of address `word` (one whitespace-separated word) is, if any.
/// Checked in this order: a scheme (`://`) or `www.` makes a URL; an `@`
/// with a dot, not at the start, an e-mail address; a leading `@` with
/// something after it a handle; `#` and a letter a hashtag.
pub(crate) fn address_kind(word: &str) -> Option<AddressKind> {
    // One pass over the bytes says which checks can apply: most words have
    // none of these marks. A byte search, too: the substring searcher's
    // setup costs more than scanning a word.
    let (mut at, mut dot, mut slash) = (false, false, false);
    for &byte in word.as_bytes() {
        at |= byte == b'@';
        dot |= byte == b'.';
        slash |= byte == b'/';
    }
    let scheme = slash && word.as_bytes().windows(3).any(|w| w == b"://");
    if scheme || word.starts_with("www.") {
        Some(AddressKind::Url)
    } else if at && dot && !word.starts_with('@') {
        Some(AddressKind::Email)
    } else if word.starts_with('@') && word.len() > 1 {
        Some(AddressKind::Handle)
    } else if word.starts_with('#') && word.chars().nth(1).is_some_and(char::is_alphabetic) {
        Some(AddressKind::Hashtag)
    } else {
        None
    }
}

/// Whether `token` is an address, a handle or a tag in the broad sense the
/// language detection needs: any [`address_kind`], any token with an `@` or
/// a leading `#` even when malformed (`name@host`, `#1`), and a bare domain
/// ([`looks_like_domain`]). None of them carries language, and whatlang
/// would guess one for each.
pub(crate) fn is_address_like(token: &str) -> bool {
    address_kind(token).is_some()
        || token.contains('@')
        || token.starts_with('#')
        || looks_like_domain(token)
}

/// `example.com`, `site.co.uk/path`: a dot between letters with a short,
/// lowercase ASCII tail. Not a URL test of its own: "U.S." or "e.g." are no
/// domains, and the block shape does not count bare domains as URLs.
pub(crate) fn looks_like_domain(token: &str) -> bool {
    if !token.contains('.') {
        return false;
    }
    let token = token.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/');
    let host = token.split('/').next().unwrap_or("");
    let mut parts = host.split('.');
    let (Some(first), Some(last)) = (parts.next(), host.rsplit('.').next()) else {
        return false;
    };
    host.contains('.')
        && !first.is_empty()
        && (2..=6).contains(&last.len())
        && last.chars().all(|c| c.is_ascii_lowercase())
        && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Whether `c` is an apostrophe: the typewriter `'` or the typographic `’`
/// (which is also the closing single quotation mark).
pub(crate) const fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// The words of `text` read as names are: runs of letters and digits with
/// apostrophes kept inside ("Barron's", "O’Brien"), so that a possessive
/// `s` is not a lowercase word of its own. The feature tokens split at
/// apostrophes instead (`l’homme` gives `l` and `homme`: the article and
/// the noun are features of their own).
pub(crate) fn words_with_apostrophes(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric() && !is_apostrophe(c))
        .filter(|word| !word.is_empty())
}

/// How many words a whitespace-separated word counts for. Chinese, Japanese,
/// Thai, Lao, Khmer and Myanmar put no spaces between words: a run of two or
/// more of their letters counts one word per two letters (the average word
/// length), or a whole paragraph would count as one word.
pub(crate) fn word_count(word: &str) -> usize {
    if word.is_ascii() {
        return 1;
    }
    let unspaced = word
        .chars()
        .filter(|&c| crate::scripts::is_unspaced_script(c))
        .count();
    if unspaced >= 2 { unspaced / 2 } else { 1 }
}

#[cfg(test)]
mod tests;
