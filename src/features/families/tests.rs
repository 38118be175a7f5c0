//! The family table against the code: hashes pinned, every family used and
//! weighed as listed, values read back.

use super::*;
use crate::blocks::document_from_text;
use crate::features::shape::Neighbour;
use crate::features::{FeatureSettings, FeatureSink, NamedFeature, named_document_features};
use crate::language::LanguageAnalyzer;
use std::collections::BTreeSet;

/// The buckets the embedded model was trained with, computed by the code
/// before the families existed (`w=photo`, `first_char#5`,
/// `title_like×sandwich×words#308`, …): a renamed family or a changed part
/// must never move one.
#[test]
fn renaming_a_family_never_moves_its_buckets() {
    let mut sink = FeatureSink::with_dimension(1 << 16, true);
    sink.add(kind!("word"), "photo", 1.0);
    sink.add_joined(kind!("bigram"), &["by", " ", "the"], 1.0);
    sink.add_bucket(kind!("first_char"), 5, 1.0);
    sink.add_parts(kind!("title_like×sandwich×words"), &[1, 0, 3, 4], 1.0);
    sink.add_parts(kind!("to_first_long×end×words"), &[2, 9, 4], 1.0);
    const PREV: Neighbour = Neighbour::new("prev", false);
    const NEXT2: Neighbour = Neighbour::new("next2", true);
    sink.add_bucket(PREV.words, 4, 1.0);
    sink.add_joined(kind!("neighbour.long_paragraph"), &["prev", ":", "yes"], 1.0);
    sink.add(kind!("zone"), "no_long_paragraph", 1.0);
    sink.add(NEXT2.kind, "none", 1.0);
    sink.add(kind!("flag"), "url", 1.0);
    let (_, names) = sink.finish();
    let buckets: Vec<u32> = names.unwrap().iter().map(|f| f.bucket).collect();
    assert_eq!(
        buckets,
        [38503, 57368, 29861, 10668, 5642, 33201, 63169, 63239, 12167, 7609]
    );
}

#[test]
fn family_names_are_unique() {
    let mut seen = BTreeSet::new();
    for family in families() {
        assert!(seen.insert(family.name()), "{} twice", family.name());
    }
}

/// Every part has room for every value its scale names, so that no two
/// values share a bucket.
#[test]
fn parts_have_room_for_their_values() {
    for family in families() {
        for axis in family.axes.iter().skip(1) {
            if let Scale::Names(names) = axis.scale {
                assert!(names.len() <= axis.radix, "{}: {}", family.name, axis.name);
            }
        }
    }
}

/// Every part, the first one too, has room for the largest value its
/// scale gives: `Family::bucket` asserts it. Regression: `sentences×zone`
/// had room for 0-3 sentences while `sentence_ends.min(4)` gives 4, a
/// panic the fuzzer found (debug builds) on any text of four sentences.
#[test]
fn every_part_has_room_for_its_largest_value() {
    for family in families() {
        for axis in family.axes {
            let largest = match axis.scale {
                Scale::Names(names) => names.len() - 1,
                Scale::Log(cap) | Scale::AtMost(cap) => cap,
                Scale::Count => 7,
                Scale::Offset => 11,
                Scale::Share => 6,
                Scale::Tenths => 9,
                Scale::Text => 0,
            };
            assert!(largest < axis.radix, "{}: {} up to {largest}", family.name, axis.name);
        }
    }
}

#[test]
fn bucketed_values_read_back_part_by_part() {
    let bucketed = |f: &&Family| f.axes.iter().all(|a| a.scale != Scale::Text);
    for family in families().filter(|f| f.axes.len() > 1).filter(bucketed) {
        let largest: Vec<usize> = family.axes.iter().map(|a| a.radix - 1).collect();
        let smallest = vec![0; family.axes.len()];
        let mixed: Vec<usize> = (0..family.axes.len()).map(|i| i % 2).collect();
        for parts in [largest, smallest, mixed] {
            assert_eq!(family.parts_of(family.bucket(&parts)), parts, "{}", family.name);
        }
    }
}

#[test]
fn values_read_readably() {
    let named = |name: &str| family(name).unwrap();
    assert_eq!(named("first_char").describe_bucket("", 4), "first_char=digit");
    assert_eq!(named("last_char").describe_bucket("", 1), "last_char=full_stop");
    assert_eq!(named("words").describe_bucket("", 0), "words=0");
    assert_eq!(named("words").describe_bucket("", 4), "words=8-15");
    assert_eq!(named("words").describe_bucket("", 9), "words=256+");
    assert_eq!(named("digit_share").describe_bucket("", 6), "digit_share=85%+");
    assert_eq!(named("to_first_long").describe_bucket("", 4), "to_first_long=-1");
    assert_eq!(named("relative").describe_bucket("", 3), "relative=30-40%");
    assert_eq!(named("lines").describe_bucket("", 4), "lines=4+");
    assert_eq!(named("lines").describe_bucket("", 7), "lines=#7");
    let sandwich = named("title_like×sandwich×words");
    assert_eq!(
        sandwich.describe_bucket("", sandwich.bucket(&[1, 1, 1, 3])),
        "title_like=yes|prev=paragraph|next=paragraph|words=4-7"
    );
    for (family, neighbour, value, reads) in [
        ("word", "", "photo", "word=photo"),
        (
            "tail_shape×position",
            "",
            "a: A A/A|elsewhere",
            "tail_shape=a: A A/A|position=elsewhere",
        ),
        ("neighbour", "next2", "none", "next2=none"),
        ("neighbour.long_paragraph", "", "next:yes", "next.long_paragraph=yes"),
        ("neighbour.tail_shape", "", "prev:a: A A/A", "prev.tail_shape=a: A A/A"),
    ] {
        assert_eq!(named(family).describe_text(neighbour, value), reads);
    }
    assert_eq!(
        named("neighbour.words").describe_bucket("prev", 4),
        "prev.words=8-15"
    );
}

/// Settings whose weights all differ, so that a feature's weight tells
/// which setting it came from.
fn distinct_settings() -> FeatureSettings {
    FeatureSettings {
        structure_weight: 1.5,
        context_weight: 0.6,
        language_weight: 8.0,
        quotation_weight: 3.0,
        word_mass: 6.0,
        html_tags: true,
        ..FeatureSettings::default()
    }
}

/// Whether `weight` is one that `family`'s listed setting gives.
fn weighs_as_listed(family: &Family, weight: f32, settings: &FeatureSettings) -> bool {
    let structure = settings.structure_weight;
    match family.weight {
        Weight::WordMass => weight > 0.0 && weight <= 1.0,
        Weight::Structure => weight == structure,
        Weight::Context => weight == settings.context_weight,
        Weight::Language => weight == settings.language_weight,
        Weight::Quotation => weight == settings.quotation_weight,
        Weight::LanguageWhenForeign => [settings.language_weight, structure].contains(&weight),
        Weight::QuotationWhenQuoted => [settings.quotation_weight, structure].contains(&weight),
        Weight::HtmlBlock => weight == settings.html.block_weight,
        Weight::HtmlTokens => weight > 0.0 && weight <= settings.html.block_weight,
        Weight::HtmlContext => weight == settings.html.context_weight,
    }
}

/// The named features of the example article, with a contact line and an
/// HTML tag added so that every family has something to say.
fn example_features(settings: &FeatureSettings) -> Vec<NamedFeature> {
    let text = format!(
        "{}\n\nContact: news@example.com or https://example.com/desk",
        include_str!("../../../examples/article.txt")
    );
    let mut document = document_from_text("example", &text);
    document.blocks[0].tag = Some("h1".to_string());
    let languages = LanguageAnalyzer::default().analyze(&document);
    let outlines = document.block_outlines();
    named_document_features(&document, &outlines, &languages, settings)
        .into_iter()
        .flat_map(|(_, names)| names)
        .collect()
}

#[test]
fn every_family_is_computed_and_weighed_as_listed() {
    let settings = distinct_settings();
    let features = example_features(&settings);
    let mut computed = BTreeSet::new();
    for feature in &features {
        let family = family(feature.family).expect("a feature's family is in the table");
        assert!(
            weighs_as_listed(family, feature.weight, &settings),
            "{} weighs {}, not {}",
            feature.name,
            feature.weight,
            family.weight.setting()
        );
        computed.insert(family.name);
    }
    // The markup factor's families are computed from HTML pages (their
    // test is beside them, in features/html.rs).
    let listed: BTreeSet<&str> = families()
        .filter(|f| f.group != Group::Html || f.name == "tag")
        .map(|f| f.name)
        .collect();
    let unused: Vec<&&str> = listed.difference(&computed).collect();
    assert!(unused.is_empty(), "listed but never computed: {unused:?}");
}
