//! The feature families, one table per group. The names are what people
//! see; a `keyed` family hashes under its older key, which the embedded
//! model was trained with (a test pins some buckets).

use super::Group as G;
use super::Scale::{AtMost, Count, Log, Names, Offset, Share, Tenths};
use super::Weight as W;
use super::{Axis, Family, Scope};
use crate::features::headings::NEIGHBOUR_KINDS;
use crate::features::shape::{FirstChar, LastChar};
use crate::features::LanguageRelation;
use crate::features::position::ZONES;

const YES_NO: &[&str] = &["no", "yes"];
/// `log_bucket(words, 9)`, the length in words everywhere.
const WORDS_AXIS: Axis = Axis::new("words", 16, Log(9));
const ZONE_AXIS: Axis = Axis::new("zone", 4, Names(&ZONES));
const LAST_CHAR_AXIS: Axis = Axis::new("end", 16, Names(&LastChar::NAMES));
const FIRST_CHAR_AXIS: Axis = Axis::new("first", 16, Names(&FirstChar::NAMES));
const TO_FIRST_LONG_AXIS: Axis = Axis::new("to_first_long", 16, Offset);
const FROM_END_AXIS: Axis = Axis::new("from_end", 8, Count);
const LANGUAGE_AXIS: Axis = Axis::new("language", 3, Names(&LanguageRelation::NAMES));
const TITLE_LIKE_AXIS: Axis = Axis::new("title_like", 2, Names(YES_NO));

/// A family of one part, named like the family.
macro_rules! one {
    ($name:literal, $scale:expr) => {
        &[Axis::new($name, usize::MAX, $scale)]
    };
}

pub(super) const WORDS: &[Family] = &[
    Family::new(
        "word",
        G::Words,
        W::WordMass,
        &[],
        "A word, lower-cased, digits as 0 (each character one in scripts without spaces): what the block is about, and the stock words of boilerplate.",
    )
    .keyed("w"),
    Family::new(
        "bigram",
        G::Words,
        W::WordMass,
        &[],
        "Two neighbouring words: \"read more\" and \"all rights\" say more than their words apart.",
    )
    .keyed("b"),
];

pub(super) const SHAPE: &[Family] = &[
    Family::new(
        "words",
        G::Shape,
        W::Structure,
        one!("words", Log(9)),
        "Length in words: headlines, menus and bylines are short, paragraphs long.",
    ),
    Family::new(
        "lines",
        G::Shape,
        W::Structure,
        one!("lines", AtMost(4)),
        "Lines in the block: addresses and lists span several short lines.",
    ),
    Family::new(
        "sentences",
        G::Shape,
        W::Structure,
        one!("sentences", AtMost(4)),
        "Sentence ends: running text has them, titles and menu items do not.",
    ),
    Family::new(
        "upper_share",
        G::Shape,
        W::Structure,
        one!("upper_share", Share),
        "Share of cased letters in upper case: all-caps kickers, menus and labels.",
    ),
    Family::new(
        "title_case",
        G::Shape,
        W::Structure,
        one!("title_case", Share),
        "Share of words that start with a capital (two words or more): titles and names.",
    ),
    Family::new(
        "digit_share",
        G::Shape,
        W::Structure,
        one!("digit_share", Share),
        "Share of characters that are digits: dates, times, prices, scores.",
    ),
    Family::new(
        "punct_share",
        G::Shape,
        W::Structure,
        one!("punct_share", Share),
        "Share of characters that are punctuation: separators of menus and footers.",
    ),
    Family::new(
        "first_char",
        G::Shape,
        W::Structure,
        one!("first_char", Names(&FirstChar::NAMES)),
        "What the block starts with: a quotation mark, a bullet, a digit, a capital.",
    ),
    Family::new(
        "last_char",
        G::Shape,
        W::Structure,
        one!("last_char", Names(&LastChar::NAMES)),
        "What the block ends with: a full stop ends text, a colon announces, a letter ends a title.",
    ),
    Family::new(
        "flag",
        G::Shape,
        W::Structure,
        &[],
        "Telling details: a URL, an e-mail, a handle, a hashtag, ©, a credit tail (\"Photo: A/B\"), a dialogue dash, a section anchor, a caseless script.",
    ),
    Family::new(
        "pipes",
        G::Shape,
        W::Structure,
        one!("pipes", AtMost(3)),
        "Vertical bars: the separators of menus and share rows.",
    ),
    Family::new(
        "head_word",
        G::Shape,
        W::Structure,
        &[],
        "The first word: \"by\" starts bylines, \"read\" and \"share\" start links.",
    ),
    Family::new(
        "tail_word",
        G::Shape,
        W::Structure,
        &[],
        "The last word: \"reserved\", \"more\", a photo agency.",
    ),
    Family::new(
        "tail_shape",
        G::Shape,
        W::Structure,
        &[],
        "The shapes of the last four words (A capitalised, a lower case, 0 number): \"a: A A/A\" ends a photo credit.",
    ),
];

pub(super) const POSITION: &[Family] = &[
    Family::new(
        "from_start",
        G::Position,
        W::Structure,
        one!("from_start", Count),
        "Blocks before this one: the page's top holds titles and navigation.",
    ),
    Family::new(
        "from_end",
        G::Position,
        W::Structure,
        one!("from_end", Count),
        "Blocks after this one: the page's bottom holds footers.",
    ),
    Family::new(
        "relative",
        G::Position,
        W::Structure,
        one!("relative", Tenths),
        "The tenth of the page the block is in.",
    ),
    Family::new(
        "to_first_long",
        G::Position,
        W::Structure,
        one!("to_first_long", Offset),
        "Blocks from the article's first paragraph: the headline sits just before it.",
    ),
    Family::new(
        "to_last_long",
        G::Position,
        W::Structure,
        one!("to_last_long", Offset),
        "Blocks from the article's last paragraph: footers follow it.",
    ),
    Family::new(
        "zone",
        G::Position,
        W::Structure,
        one!("zone", Names(&ZONES)),
        "Before, inside or after the article's paragraphs (or no_long_paragraph on a page without one).",
    ),
];

pub(super) const REPEATS: &[Family] = &[
    Family::new(
        "repeated_before",
        G::Repeats,
        W::Structure,
        one!("repeated_before", AtMost(2)),
        "Copies of the text earlier on the page: a repeated headline, a menu printed twice.",
    ),
    Family::new(
        "repeated_after",
        G::Repeats,
        W::Structure,
        one!("repeated_after", AtMost(2)),
        "Copies of the text later on the page.",
    ),
    Family::new(
        "repeated×to_first_long",
        G::Repeats,
        W::Structure,
        &[
            Axis::new(
                "repeated",
                4,
                Names(&["none", "copy_after", "copy_before", "copies_both"]),
            ),
            TO_FIRST_LONG_AXIS,
        ],
        "A repeated text near the article's start (the headline again) against further away (menus).",
    ),
];

pub(super) const TITLES: &[Family] = &[
    Family::new(
        "title_length_rank",
        G::Titles,
        W::Structure,
        one!(
            "title_length_rank",
            Names(&["longest", "2nd", "3rd", "4th+"])
        ),
        "Rank by length among the title-like lines above the article: the title is usually the longest.",
    ),
    Family::new(
        "title_like×titles_before",
        G::Titles,
        W::Structure,
        &[TITLE_LIKE_AXIS, Axis::new("before", 4, AtMost(3))],
        "A title-like line above the article, and how many came before it: the first is the title, later ones bylines or kickers.",
    ),
    Family::new(
        "title_like×titles_before×words",
        G::Titles,
        W::Structure,
        &[TITLE_LIKE_AXIS, Axis::new("before", 4, AtMost(3)), WORDS_AXIS],
        "The same with the length: a short title-like line after the title is a kicker or a date.",
    ),
    Family::new(
        "article_overlap×title_like×zone",
        G::Titles,
        W::Structure,
        &[Axis::new("overlap", 7, Share), TITLE_LIKE_AXIS, ZONE_AXIS],
        "Share of a short block's content words found in the article: titles and headings share them, menus do not.",
    ),
    Family::new(
        "title_like×sandwich×words",
        G::Titles,
        W::Structure,
        &[
            TITLE_LIKE_AXIS,
            Axis::new("prev", 4, Names(&NEIGHBOUR_KINDS)),
            Axis::new("next", 4, Names(&NEIGHBOUR_KINDS)),
            WORDS_AXIS,
        ],
        "A title-like line between two paragraphs is a section heading; between menu items, navigation.",
    ),
    Family::new(
        "title×end×to_first_long",
        G::Titles,
        W::Structure,
        &[Axis::new("title", 7, Share), LAST_CHAR_AXIS, TO_FIRST_LONG_AXIS],
        "Capitalised words, last character and distance to the article: a headline just before it.",
    ),
];

pub(super) const LANGUAGE: &[Family] = &[
    Family::new(
        "language",
        G::Language,
        W::LanguageWhenForeign,
        one!("language", Names(&LanguageRelation::NAMES)),
        "The block's language against the page's: a foreign block is seldom the article.",
    ),
    Family::new(
        "foreign_where",
        G::Language,
        W::Language,
        &[],
        "Where a foreign block is: after the article it is a republisher's footer, inside it a quotation.",
    ),
    Family::new(
        "language×zone×from_end",
        G::Language,
        W::LanguageWhenForeign,
        &[LANGUAGE_AXIS, ZONE_AXIS, FROM_END_AXIS],
        "The block's language with its place on the page: a foreign block at the bottom is boilerplate.",
    ),
    Family::new(
        "language×lines",
        G::Language,
        W::LanguageWhenForeign,
        &[LANGUAGE_AXIS, Axis::new("lines", 8, AtMost(4))],
        "The block's language with its lines: a foreign address or legal notice.",
    ),
];

pub(super) const QUOTATION: &[Family] = &[
    Family::new(
        "quoted_share",
        G::Quotation,
        W::Structure,
        one!("quoted_share", Share),
        "Share of characters inside quotation marks, in any language's marks.",
    ),
    Family::new(
        "quote_marks",
        G::Quotation,
        W::Structure,
        one!("quote_marks", AtMost(4)),
        "Quotation marks opened and closed.",
    ),
    Family::new(
        "quoted×first×words",
        G::Quotation,
        W::QuotationWhenQuoted,
        &[Axis::new("quoted", 7, Share), FIRST_CHAR_AXIS, WORDS_AXIS],
        "Quoted share, first character and length together: a paragraph opening with a quotation mark and mostly quoted is a quote.",
    ),
    Family::new(
        "mainly_quotation",
        G::Quotation,
        W::Quotation,
        &[],
        "Opens with a quotation mark and half of it is quoted: what defines a quote, weighed so length cannot outvote it.",
    ),
];

pub(super) const CONJUNCTIONS: &[Family] = &[
    Family::new(
        "to_first_long×end×words",
        G::Conjunctions,
        W::Structure,
        &[TO_FIRST_LONG_AXIS, LAST_CHAR_AXIS, WORDS_AXIS],
        "A short line without a full stop just before the first paragraph is a headline.",
    ),
    Family::new(
        "contact×zone×from_end",
        G::Conjunctions,
        W::Structure,
        &[
            Axis::new("contact", 4, Names(&["none", "url", "email", "email+url"])),
            ZONE_AXIS,
            FROM_END_AXIS,
        ],
        "A URL or e-mail address and where it is: contact lines and footers sit at the bottom.",
    ),
    Family::new(
        "sentences×zone",
        G::Conjunctions,
        W::Structure,
        &[Axis::new("sentences", 5, AtMost(4)), ZONE_AXIS],
        "Sentence ends and place: a sentence after the article is a note or a footer.",
    ),
    Family::new(
        "tail_shape×position",
        G::Conjunctions,
        W::Structure,
        &[Axis::text("tail_shape"), Axis::text("position")],
        "The last words' shapes and whether the block is near the first paragraph: a credit there ends a caption.",
    ),
];

pub(super) const CONTEXT: &[Family] = &[
    Family::new(
        "neighbour",
        G::Context,
        W::Context,
        &[],
        "There is no neighbour on that side (prev, next, prev2, next2): the page's edge.",
    )
    .keyed("")
    .of_neighbours(Scope::NeighbourKey),
    Family::new(
        "neighbour.words",
        G::Context,
        W::Context,
        one!("words", Log(9)),
        "A neighbour's length in words: a short line between paragraphs is a heading.",
    )
    .keyed(":words")
    .of_neighbours(Scope::NeighbourKey),
    Family::new(
        "neighbour.long_paragraph",
        G::Context,
        W::Context,
        &[],
        "Whether a neighbour is one of the article's paragraphs.",
    )
    .keyed("long_paragraph")
    .of_neighbours(Scope::NeighbourValue),
    Family::new(
        "neighbour.last_char",
        G::Context,
        W::Context,
        one!("last_char", Names(&LastChar::NAMES)),
        "What the previous or next block ends with: a colon announces a quote or a list.",
    )
    .keyed(":last_char")
    .of_neighbours(Scope::NeighbourKey),
    Family::new(
        "neighbour.first_char",
        G::Context,
        W::Context,
        one!("first_char", Names(&FirstChar::NAMES)),
        "What the previous or next block starts with.",
    )
    .keyed(":first_char")
    .of_neighbours(Scope::NeighbourKey),
    Family::new(
        "neighbour.quoted_share",
        G::Context,
        W::Context,
        one!("quoted_share", Share),
        "How much of the previous or next block is quoted: quotes come in runs.",
    )
    .keyed(":quoted_share")
    .of_neighbours(Scope::NeighbourKey),
    Family::new(
        "neighbour.title_case",
        G::Context,
        W::Context,
        one!("title_case", Share),
        "The previous or next block's capitalised words: a caption under a headline.",
    )
    .keyed(":title_case")
    .of_neighbours(Scope::NeighbourKey),
    Family::new(
        "neighbour.tail_shape",
        G::Context,
        W::Context,
        &[],
        "The previous or next block's last words' shapes: a comment sits under \"… says:\" and a date.",
    )
    .keyed("tail_shape")
    .of_neighbours(Scope::NeighbourValue),
];

pub(super) const HTML: &[Family] = &[Family::new(
    "tag",
    G::Html,
    W::Structure,
    &[],
    "The block's HTML tag, only with the html_tags setting (off: plain text has none).",
)];
