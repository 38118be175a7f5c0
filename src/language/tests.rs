//! The language analysis on small pages: the failures issue #17 describes, and
//! what must not come out as a segment.

use super::page_model::{Shown, decode, language_shown};
use super::*;
use crate::blocks::document_from_text;

fn analyze(text: &str) -> LanguageReport {
    LanguageAnalyzer::default().analyze(&document_from_text("t", text))
}

const ENGLISH: [&str; 3] = [
    "Parliament approved the new budget on Tuesday after a long debate about taxes, spending and the cost of the new hospital in the north of the city.",
    "The opposition said the plan would hurt families with young children, while ministers argued that it protects the public services people rely on every day.",
    "Economists expect the changes to take effect next spring, once the regional councils have agreed on how the money will be shared between them.",
];

/// The one segment of two English paragraphs followed by `foreign`.
fn one_segment_after_english(foreign: &str) -> Segment {
    let report = analyze(&format!("{}\n\n{}\n\n{foreign}", ENGLISH[0], ENGLISH[1]));
    assert_eq!(report.main, Some(Lang::Eng));
    assert_eq!(report.segments.len(), 1, "{:?}", report.segments);
    report.segments[0].clone()
}

const GERMAN_FOOTER: &str = "Startseite · Nachrichten · Wirtschaft · Kultur · Wetter\nAlle Rechte vorbehalten. Die Vervielfältigung der Inhalte ist nur mit schriftlicher Genehmigung des Verlags erlaubt.";

#[test]
fn foreign_footer_is_one_segment() {
    let segment = one_segment_after_english(
        "Treść publikowanych artykułów nie odzwierciedla poglądów redakcji, chyba że zostało to wyraźnie zaznaczone.\nKontakt: redakcja@example.pl",
    );
    assert_eq!(segment.lang, Lang::Pol);
    assert_eq!(segment.blocks, 2..3);
}

/// Issue #17: on a short English page, one German paragraph as long as the
/// page's own made German the main language, and the English article the
/// "segment".
#[test]
fn a_long_foreign_paragraph_on_a_short_english_page_is_the_segment() {
    let german = "Der Stadtrat hat am Dienstag nach einer langen Debatte beschlossen, die alte Brücke über den Fluss im kommenden Jahr abzureißen und durch einen Neubau zu ersetzen, der auch für Radfahrer und Fußgänger breite Wege bieten soll.";
    let text = format!(
        "Budget approved\n\n{}\n\n{german}\n\n{}\n\nRead more",
        ENGLISH[0], ENGLISH[1]
    );
    let report = analyze(&text);
    assert_eq!(report.main, Some(Lang::Eng));
    assert_eq!(report.segments.len(), 1, "{:?}", report.segments);
    assert_eq!(report.segments[0].lang, Lang::Deu);
    assert_eq!(report.segments[0].blocks, 2..3);
    assert_eq!(report.blocks[1].language(), Some(Lang::Eng));
    assert_eq!(report.blocks[3].language(), Some(Lang::Eng));
}

/// Issue #17: an English line before a German footer was called German,
/// and a longer one removed the footer's segment. The line is English and
/// the footer a segment, whichever line it is.
#[test]
fn an_english_line_before_a_german_footer_stays_english() {
    for line in [
        "Subscribe to our newsletter",
        "Subscribe to our weekly newsletter for more stories",
    ] {
        let text = format!(
            "{}\n\n{}\n\n{}\n\n{line}\n\n{GERMAN_FOOTER}",
            ENGLISH[0], ENGLISH[1], ENGLISH[2]
        );
        let report = analyze(&text);
        assert_eq!(report.main, Some(Lang::Eng), "{line}");
        assert_eq!(report.segments.len(), 1, "{line}: {:?}", report.segments);
        assert_eq!(report.segments[0].lang, Lang::Deu, "{line}");
        assert_eq!(report.segments[0].blocks, 4..5, "{line}");
        assert_ne!(report.blocks[3].language(), Some(Lang::Deu), "{line}");
    }
}

/// Whatever comes before the footer, the footer's own blocks decide: the
/// decoding is local.
#[test]
fn the_footer_segment_does_not_depend_on_the_line_before() {
    let without = analyze(&format!("{}\n\n{}\n\n{GERMAN_FOOTER}", ENGLISH[0], ENGLISH[1]));
    let with = analyze(&format!(
        "{}\n\n{}\n\nSubscribe to our newsletter\n\n{GERMAN_FOOTER}",
        ENGLISH[0], ENGLISH[1]
    ));
    assert_eq!(without.segments.len(), 1);
    assert_eq!(with.segments.len(), 1);
    assert_eq!(without.segments[0].lang, with.segments[0].lang);
}

#[test]
fn brand_words_get_no_language() {
    let report = analyze("Facebook\n\nLogin\n\nNewsletter");
    assert!(report.segments.is_empty());
    assert!(report.blocks.iter().all(|b| b.language().is_none()), "{:?}", report.blocks);
}

#[test]
fn a_menu_of_brands_is_no_segment() {
    let text = format!(
        "{}\n\n{}\n\nFacebook · Instagram · TikTok · LinkedIn · YouTube · WhatsApp",
        ENGLISH[0], ENGLISH[1]
    );
    // The brands may read as any language; they are no segment.
    assert!(analyze(&text).segments.is_empty());
    let text = format!("{}\n\nDow Jones. Barron's. BigCharts. Factiva.", ENGLISH[0]);
    assert!(analyze(&text).segments.is_empty());
}

/// Brands read as English to the profiles, better than as German: on a
/// German page they were an English segment until a menu had to fit its
/// language. A menu of German words on an English page still is one.
#[test]
fn a_menu_is_a_segment_only_when_its_words_fit_its_language() {
    let german = [
        "Der Gemeinderat hat am Montagabend den Haushalt für das kommende Jahr beschlossen, nachdem die Fraktionen drei Stunden lang über die Kosten der neuen Schule gestritten hatten.",
        "Die Opposition kritisierte vor allem die hohen Ausgaben für den Umbau des Rathauses, während der Bürgermeister auf die dringend nötigen Reparaturen verwies.",
    ];
    let brands = "Facebook / Instagram / YouTube / TikTok / LinkedIn\n\nNetflix | Spotify | Apple Music";
    let report = analyze(&format!("{}\n\n{}\n\n{brands}", german[0], german[1]));
    assert_eq!(report.main, Some(Lang::Deu));
    assert!(report.segments.is_empty(), "{:?}", report.segments);
    // Decoded as English or German, the brands are in no language a
    // reader would name: no foreign block without a segment.
    for block in &report.blocks[2..] {
        assert!(
            block.language().is_none_or(|lang| lang == Lang::Deu),
            "{block:?}"
        );
    }

    let menu = "Startseite · Nachrichten · Region · Wirtschaft · Kultur · Wetter";
    let report = analyze(&format!("{}\n\n{}\n\n{menu}", ENGLISH[0], ENGLISH[1]));
    assert_eq!(report.segments.len(), 1, "{:?}", report.segments);
    assert_eq!(report.segments[0].lang, Lang::Deu);
}

#[test]
fn a_quotation_inside_a_paragraph_is_its_own_segment() {
    let text = "The minister spoke to reporters outside the ministry on Monday morning: « Nous ne céderons rien sur ce point, et nous le dirons encore demain », she said, before she left for the airport with her advisers.";
    let report = analyze(text);
    assert_eq!(report.main, Some(Lang::Eng));
    assert_eq!(report.segments.len(), 1, "{:?}", report.segments);
    assert_eq!(report.segments[0].lang, Lang::Fra);
}

#[test]
fn another_script_is_a_segment() {
    let segment = one_segment_after_english(
        "Главные новости дня читайте на нашем сайте каждое утро вместе с нами.",
    );
    assert_eq!(segment.lang, Lang::Rus);
}

#[test]
fn a_language_with_a_profile_of_its_own() {
    let segment = one_segment_after_english(
        "A tartalmak másolása kizárólag a kiadó írásos engedélyével megengedett, minden jog fenntartva.",
    );
    assert_eq!(segment.lang, Lang::Hun);
}

#[test]
fn a_language_without_a_profile_is_named_by_whatlang() {
    // Vietnamese has no profile: it fits every profile poorly, and
    // whatlang, asked about it, is sure. (Indonesian fits Turkish at -8.2
    // nats a trigram, above the poor fit, and stays Turkish:
    // docs/LANGUAGES.md.)
    let segment = one_segment_after_english(
        "Không được sao chép nội dung của trang này khi chưa có sự đồng ý bằng văn bản của ban biên tập.",
    );
    assert_eq!(segment.lang, Lang::Vie);
}

#[test]
fn what_shows_language() {
    assert_eq!(language_shown("Jetzt anmelden"), Shown::Nothing);
    assert_eq!(language_shown("Dow Jones. Barron's. Factiva."), Shown::Nothing);
    assert_eq!(language_shown("heise heise heise Developer"), Shown::Nothing);
    assert_eq!(
        language_shown("Startseite · Nachrichten · Region · Wirtschaft · Kultur · Wetter"),
        Shown::Menu
    );
    assert_eq!(language_shown("Alle Rechte vorbehalten und geschützt"), Shown::Sentence);
    assert_eq!(language_shown("東京の天気は晴れです"), Shown::Sentence);
}

/// The one-cost decoder is a shortcut of the general Viterbi decoder
/// (`model::Transitions`, O(states²) per step): on random emissions they
/// agree every time, ties aside (scores here are distinct by construction).
#[test]
fn the_switch_cost_decoder_agrees_with_the_general_viterbi() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    for trial in 0..500 {
        let states = 2 + trial % 14;
        let length = 1 + trial % 23;
        let cost = 0.5 + 10.0 * next();
        let emissions: Vec<Vec<f64>> = (0..length)
            .map(|_| (0..states).map(|_| -20.0 * next()).collect())
            .collect();
        let general = crate::model::Transitions {
            start: vec![0.0; states],
            next: (0..states * states)
                .map(|k| if k / states == k % states { 0.0 } else { -cost })
                .collect(),
        };
        assert_eq!(
            decode(&emissions, states, cost),
            general.viterbi(&crate::model::LabelScores::from_rows(states, &emissions), 1.0),
            "trial {trial}"
        );
    }
}

#[test]
fn a_too_short_page_has_no_main_language_rather_than_a_guess() {
    let report = analyze("Rain");
    assert_eq!(report.main, None);
    assert!(report.segments.is_empty());
}

/// Short blocks are read in context: a menu item between English
/// paragraphs is English, the items of a Polish footer are Polish.
#[test]
fn short_blocks_take_the_language_they_are_decoded_in() {
    let polish = "Strona główna\n\nKontakt\n\nTreść publikowanych artykułów nie odzwierciedla poglądów redakcji, chyba że zostało to wyraźnie zaznaczone.";
    let text = format!("{}\n\nHome\n\n{}\n\n{polish}", ENGLISH[0], ENGLISH[1]);
    let report = analyze(&text);
    assert_eq!(report.main, Some(Lang::Eng));
    assert_eq!(report.blocks[1].language(), Some(Lang::Eng));
    assert_eq!(report.segments.len(), 1, "{:?}", report.segments);
    assert_eq!(report.segments[0].blocks, 3..6);
    for block in &report.blocks[3..] {
        assert_eq!(block.language(), Some(Lang::Pol), "{block:?}");
    }
}
