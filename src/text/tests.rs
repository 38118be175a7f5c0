//! Table-driven tests of the text rules over many scripts: the cases are in
//! `tests/data/text-rules.tsv`, one a line.

use super::*;

const CASES: &str = include_str!("../../tests/data/text-rules.tsv");

/// The cases of one rule: (script, text, expected).
fn cases(rule: &str) -> Vec<(&'static str, &'static str, &'static str)> {
    let cases: Vec<_> = CASES
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "malformed case: {line:?}");
            (fields[0], fields[1], fields[2], fields[3])
        })
        .filter(|&(r, ..)| r == rule)
        .map(|(_, script, text, expected)| (script, text, expected))
        .collect();
    assert!(!cases.is_empty(), "no cases for {rule}");
    cases
}

fn yes_no(expected: &str) -> bool {
    match expected {
        "yes" => true,
        "no" => false,
        other => panic!("expected yes or no, found {other:?}"),
    }
}

#[test]
fn end_marks_of_many_scripts() {
    for (script, text, expected) in cases("end") {
        let mark = text.chars().next_back().and_then(end_mark);
        let name = match mark {
            None => "none",
            Some(EndMark::FullStop) => "full-stop",
            Some(EndMark::Exclamation) => "exclamation",
            Some(EndMark::Question) => "question",
            Some(EndMark::Colon) => "colon",
            Some(EndMark::Clause) => "clause",
            Some(EndMark::Ellipsis) => "ellipsis",
        };
        assert_eq!(name, expected, "{script}: {text}");
        let sentence = matches!(expected, "full-stop" | "exclamation" | "question");
        let last = text.chars().next_back().unwrap();
        assert_eq!(is_sentence_end(last), sentence, "{script}: {text}");
    }
}

#[test]
fn sentence_and_clause_ends_of_many_scripts() {
    for (script, text, expected) in cases("clause-end") {
        assert_eq!(
            ends_like_a_sentence_or_clause(text),
            yes_no(expected),
            "{script}: {text}"
        );
    }
}

#[test]
fn quotation_marks_of_many_languages() {
    for (script, text, expected) in cases("quoted") {
        let (first, last) = (
            text.chars().next().unwrap(),
            text.chars().next_back().unwrap(),
        );
        assert_eq!(
            may_open_quote(first) && may_close_quote(last),
            yes_no(expected),
            "{script}: {text}"
        );
    }
}

#[test]
fn the_narrow_quotation_marks_are_among_the_broad_ones() {
    // Every mark the language analysis cuts at is one the block shape
    // counts, so the two cannot disagree about what a quotation is.
    for code in 0..0x3100 {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        if is_opening_quote(c) {
            assert!(may_open_quote(c), "{c}");
        }
        if is_closing_quote(c) {
            assert!(may_close_quote(c), "{c}");
        }
    }
}

#[test]
fn addresses() {
    for (script, word, expected) in cases("address") {
        let kind = match address_kind(word) {
            None => "none",
            Some(AddressKind::Url) => "url",
            Some(AddressKind::Email) => "email",
            Some(AddressKind::Handle) => "handle",
            Some(AddressKind::Hashtag) => "hashtag",
        };
        assert_eq!(kind, expected, "{script}: {word}");
        if kind != "none" {
            assert!(is_address_like(word), "{script}: {word}");
        }
    }
}

#[test]
fn language_free_tokens_are_broader_than_addresses() {
    for token in ["example.com", "site.co.uk/path", "name@host", "#1"] {
        assert!(address_kind(token).is_none(), "{token}");
        assert!(is_address_like(token), "{token}");
    }
    for token in ["U.S.", "e.g.", "word", "3.5"] {
        assert!(!is_address_like(token), "{token}");
    }
}

#[test]
fn word_counts_of_spaced_and_unspaced_scripts() {
    for (script, text, expected) in cases("words") {
        let count: usize = text.split_whitespace().map(word_count).sum();
        assert_eq!(count.to_string(), expected, "{script}: {text}");
    }
}

#[test]
fn words_keep_their_apostrophes() {
    let words: Vec<&str> =
        words_with_apostrophes("Barron's, O’Brien — l’homme; 2024 Zürich").collect();
    assert_eq!(words, ["Barron's", "O’Brien", "l’homme", "2024", "Zürich"]);
    assert_eq!(words_with_apostrophes(" -- ").count(), 0);
}
