//! Tests of the page rules, each on a flat model: decoding sees only the
//! likelihoods a test gives it, so a test says exactly which scores a rule
//! acts on.

use super::*;
use crate::features::FeatureSettings;
use crate::labels::{LabelSet, STANDARD_LABELS};
use crate::model::{Decoder, Model, Transitions};

const HEADLINE: usize = 0;
const BODY: usize = 2;
const BOILERPLATE: usize = 4;

/// A model whose decoding sees only the likelihoods it is given: flat
/// priors, no weights, no transitions to speak of.
fn flat_model(decoder: DecoderSettings) -> Model {
    let labels = LabelSet::standard();
    let n = labels.len();
    let transitions = Transitions::learn(n, std::iter::empty());
    Model::from_parts(
        labels,
        FeatureSettings::default(),
        decoder,
        vec![-(n as f64).ln(); n],
        Vec::new(),
        transitions,
    )
}

fn settings(title_margin: Option<f64>, heading_margin: Option<f64>) -> DecoderSettings {
    DecoderSettings {
        decoder: Decoder::Independent,
        scale: 1.0,
        label_bias: vec![0.0; 5],
        transition_weight: 1.0,
        pruning: 0.0,
        title_margin,
        heading_margin,
        article_extent: None,
        rules: RuleSwitches::all_on(),
    }
}

/// Log-likelihoods favouring `label` by `lead` nats over every other
/// label, except `headline_gap` below it for headline.
fn block(label: usize, lead: f64, headline_gap: f64) -> Vec<f64> {
    let mut scores = vec![-lead; 5];
    scores[label] = 0.0;
    if label != HEADLINE {
        scores[HEADLINE] = -headline_gap;
    }
    scores
}

#[test]
fn body_after_the_article_becomes_boilerplate_unless_sure() {
    let extent = ArticleExtent {
        boilerplate_cost: 200.0,
        keep_probability: 0.999,
    };
    let unsure = block(BODY, 3.0, 9.0); // P(body) ≈ 0.8
    let sure = block(BODY, 12.0, 12.0);
    let menu = block(BOILERPLATE, 9.0, 9.0);
    // A standfirst above the byline, the article, three blocks of
    // comment furniture, two comments.
    let page = vec![
        unsure.clone(),
        menu.clone(),
        sure.clone(),
        sure.clone(),
        menu.clone(),
        menu.clone(),
        menu.clone(),
        unsure.clone(),
        sure.clone(),
    ];
    let lengths = outlines(&[120, 20, 900, 700, 20, 20, 20, 150, 150]);
    let model = flat_model(DecoderSettings {
        article_extent: Some(extent),
        ..settings(None, None)
    });
    let labels = decoded_labels(&model, &page, &lengths);
    let b = BOILERPLATE;
    assert_eq!(labels, [BODY, b, BODY, BODY, b, b, b, b, BODY]);
    // A short interruption inside the article does not end it.
    let lengths = outlines(&[120, 20, 900, 700, 20, 20, 20, 900, 900]);
    let labels = decoded_labels(&model, &page, &lengths);
    assert_eq!(labels, [BODY, b, BODY, BODY, b, b, b, BODY, BODY]);
    // Lengths that do not match the blocks are no reason to panic.
    assert_eq!(model.decode(&page, &[]).len(), page.len());
}

/// Heading-shaped blocks of these lengths.
fn outlines(lengths: &[usize]) -> Vec<BlockOutline> {
    lengths
        .iter()
        .enumerate()
        .map(|(i, &chars)| BlockOutline {
            chars,
            heading_shaped: true,
            anchored: false,
            // Every block's text differs from the others'.
            text_key: i as u64,
        })
        .collect()
}

/// The labels decoded for blocks with these outlines.
fn decoded_labels(
    model: &Model,
    likelihoods: &[Vec<f64>],
    outlines: &[BlockOutline],
) -> Vec<usize> {
    model
        .decode(likelihoods, outlines)
        .iter()
        .map(|p| p.label)
        .collect()
}

/// The labels decoded for heading-shaped blocks of 100 characters.
fn labels_of(model: &Model, likelihoods: &[Vec<f64>]) -> Vec<usize> {
    decoded_labels(model, likelihoods, &outlines(&vec![100; likelihoods.len()]))
}

#[test]
fn a_missed_title_above_the_article_becomes_the_headline() {
    let page = vec![
        block(BOILERPLATE, 9.0, 8.0), // menu item
        block(BOILERPLATE, 9.0, 3.0), // the title, read as boilerplate
        block(BOILERPLATE, 9.0, 6.0), // byline
        block(BODY, 9.0, 9.0),
        block(BODY, 9.0, 9.0),
    ];
    let off = flat_model(settings(None, None));
    assert_eq!(
        labels_of(&off, &page),
        [BOILERPLATE, BOILERPLATE, BOILERPLATE, BODY, BODY]
    );
    let on = flat_model(settings(Some(4.0), None));
    assert_eq!(
        labels_of(&on, &page),
        [BOILERPLATE, HEADLINE, BOILERPLATE, BODY, BODY]
    );
    // Too unlikely a headline stays what it was.
    let strict = flat_model(settings(Some(2.0), None));
    assert_eq!(labels_of(&strict, &page), labels_of(&off, &page));
}

#[test]
fn a_copy_of_a_headline_next_to_it_is_a_headline() {
    let page = vec![
        block(HEADLINE, 1.0, 0.0),    // the title
        block(BOILERPLATE, 9.0, 6.0), // byline
        block(BOILERPLATE, 9.0, 1.0), // the title again
        block(BODY, 9.0, 9.0),
        block(BOILERPLATE, 9.0, 1.0), // the title once more, too far away
        block(BOILERPLATE, 9.0, 1.0), // a menu item
    ];
    let mut lengths = outlines(&[60, 20, 60, 900, 60, 10]);
    lengths[2].text_key = lengths[0].text_key;
    lengths[4].text_key = lengths[0].text_key;
    let model = flat_model(settings(None, None));
    assert_eq!(
        decoded_labels(&model, &page, &lengths),
        [
            HEADLINE,
            BOILERPLATE,
            HEADLINE,
            BODY,
            BOILERPLATE,
            BOILERPLATE
        ]
    );
}

#[test]
fn a_title_already_found_is_not_doubled() {
    let page = vec![
        block(HEADLINE, 1.0, 0.0),
        block(BOILERPLATE, 9.0, 1.0),
        block(BODY, 9.0, 9.0),
    ];
    let model = flat_model(settings(Some(4.0), None));
    assert_eq!(labels_of(&model, &page), [HEADLINE, BOILERPLATE, BODY]);
    // No body at all: not an article, nothing to rescue.
    let menu = vec![block(BOILERPLATE, 9.0, 1.0), block(BOILERPLATE, 9.0, 1.0)];
    assert_eq!(labels_of(&model, &menu), [BOILERPLATE, BOILERPLATE]);
}

#[test]
fn a_block_between_two_paragraphs_may_be_a_section_heading() {
    let page = vec![
        block(BODY, 9.0, 9.0),
        block(BOILERPLATE, 9.0, 1.5), // a heading read as boilerplate
        block(BODY, 9.0, 9.0),
        block(BOILERPLATE, 9.0, 1.5), // the same shape, but after the article
        block(BOILERPLATE, 9.0, 9.0),
    ];
    let model = flat_model(settings(None, Some(2.0)));
    assert_eq!(
        labels_of(&model, &page),
        [BODY, HEADLINE, BODY, BOILERPLATE, BOILERPLATE]
    );
    let strict = flat_model(settings(None, Some(1.0)));
    assert_eq!(labels_of(&strict, &page)[1], BOILERPLATE);
    // A block that ends like a sentence ("Here is how:") is no heading.
    let mut sentence = outlines(&[100; 5]);
    sentence[1].heading_shaped = false;
    assert_eq!(model.decode(&page, &sentence)[1].label, BOILERPLATE);
}

#[test]
fn an_anchored_heading_needs_no_paragraphs_around_it() {
    let page = vec![
        block(BODY, 9.0, 9.0),
        block(BOILERPLATE, 9.0, 12.0), // "Software[edit]", read as boilerplate
        block(BOILERPLATE, 9.0, 9.0),  // "Main article: …"
        block(BODY, 9.0, 9.0),
    ];
    let mut anchored = outlines(&[100; 4]);
    let model = flat_model(settings(None, Some(2.0)));
    assert_eq!(model.decode(&page, &anchored)[1].label, BOILERPLATE);
    anchored[1].anchored = true;
    assert_eq!(model.decode(&page, &anchored)[1].label, HEADLINE);
    // Beyond the anchored margin, it stays what it was.
    let mut sure = page.clone();
    sure[1] = block(BOILERPLATE, 9.0, ANCHORED_HEADING_MARGIN + 1.0);
    assert_eq!(model.decode(&sure, &anchored)[1].label, BOILERPLATE);
}

#[test]
fn an_advertisement_after_each_short_paragraph_does_not_end_the_article() {
    let (p, ad) = (block(BODY, 3.0, 9.0), block(BOILERPLATE, 9.0, 9.0));
    let page = vec![
        p.clone(),
        ad.clone(),
        p.clone(),
        ad.clone(),
        p.clone(),
        ad,
        p,
    ];
    let mut decoder = settings(None, None);
    decoder.article_extent = Some(ArticleExtent {
        boilerplate_cost: 200.0,
        keep_probability: 1.1,
    });
    let labels = decoded_labels(
        &flat_model(decoder),
        &page,
        &outlines(&[110, 13, 100, 13, 100, 13, 95]),
    );
    let b = BOILERPLATE;
    assert_eq!(labels, [BODY, b, BODY, b, BODY, b, BODY]);
}

#[test]
fn a_short_paragraph_after_a_section_heading_stays_in_the_article() {
    let page = vec![
        block(BODY, 9.0, 9.0),
        block(BOILERPLATE, 9.0, 1.5), // a section heading
        block(BODY, 9.0, 9.0),
    ];
    let mut decoder = settings(None, Some(2.0));
    decoder.article_extent = Some(ArticleExtent {
        boilerplate_cost: 200.0,
        keep_probability: 1.1,
    });
    let model = flat_model(decoder);
    // Taken for boilerplate, the heading would cost the stretch 200
    // characters and leave the last paragraph (150) outside it.
    let labels = decoded_labels(&model, &page, &outlines(&[212, 13, 150]));
    assert_eq!(labels, [BODY, HEADLINE, BODY]);
}

/// A model of these labels whose decoding sees only the likelihoods it
/// is given.
fn flat_model_of(names: &[&str], decoder: DecoderSettings) -> Model {
    let labels =
        LabelSet::new(names.iter().map(|n| n.to_string()).collect()).expect("valid labels");
    let n = labels.len();
    Model::from_parts(
        labels,
        FeatureSettings::default(),
        DecoderSettings {
            label_bias: vec![0.0; n],
            ..decoder
        },
        vec![-(n as f64).ln(); n],
        Vec::new(),
        Transitions::learn(n, std::iter::empty()),
    )
}

/// A page on which each of the four rules changes a label, decoded
/// with every rule on: its likelihoods and outlines.
fn page_for_every_rule() -> (Vec<Vec<f64>>, Vec<BlockOutline>) {
    let menu = block(BOILERPLATE, 9.0, 8.0);
    let page = vec![
        menu.clone(),
        block(BOILERPLATE, 9.0, 3.0), // the title, read as boilerplate
        block(BOILERPLATE, 9.0, 9.0), // the title again
        block(BODY, 9.0, 9.0),
        block(BOILERPLATE, 9.0, 1.5), // a section heading
        block(BODY, 9.0, 9.0),
        menu.clone(),
        menu.clone(),
        menu,
        block(BODY, 3.0, 9.0), // a comment
    ];
    let mut outlines = outlines(&[20, 60, 60, 900, 13, 150, 20, 20, 20, 150]);
    outlines[2].text_key = outlines[1].text_key;
    (page, outlines)
}

fn every_rule_on() -> DecoderSettings {
    DecoderSettings {
        article_extent: Some(ArticleExtent {
            boilerplate_cost: 200.0,
            keep_probability: 1.1,
        }),
        ..settings(Some(4.0), Some(2.0))
    }
}

#[test]
fn a_prediction_names_the_rule_that_set_its_label_and_claims_no_probability() {
    let (page, outlines) = page_for_every_rule();
    let predictions = flat_model(every_rule_on()).decode(&page, &outlines);
    let labels: Vec<usize> = predictions.iter().map(|p| p.label).collect();
    let (h, b) = (HEADLINE, BOILERPLATE);
    assert_eq!(labels, [b, h, h, BODY, h, BODY, b, b, b, b]);
    let rules: Vec<Option<&str>> = predictions.iter().map(|p| p.rule.map(|r| r.name)).collect();
    let none = None;
    assert_eq!(
        rules,
        [
            none,
            Some("missed-title"),
            Some("headline-copy"),
            none,
            Some("section-headings"),
            none,
            none,
            none,
            none,
            Some("article-extent"),
        ]
    );
    for p in &predictions {
        // The model's own label keeps its probability; a rule's has none.
        assert_eq!(p.probability.is_none(), p.rule.is_some());
        assert_eq!(
            p.probability,
            p.rule.is_none().then(|| p.probabilities[p.label])
        );
    }
}

#[test]
fn switching_a_rule_off_undoes_exactly_its_changes() {
    let (page, outlines) = page_for_every_rule();
    let all_on = decoded_labels(&flat_model(every_rule_on()), &page, &outlines);
    // The blocks each rule changes when it is off; the title's copy is
    // found only once the title is a headline, so missed-title takes
    // headline-copy's change with it.
    let expected: [(&str, &[usize]); 4] = [
        ("section-headings", &[4]),
        ("article-extent", &[9]),
        ("missed-title", &[1, 2]),
        ("headline-copy", &[2]),
    ];
    for (name, changed) in expected {
        let mut decoder = every_rule_on();
        decoder.rules.set(name, false).expect("a rule's name");
        let off = decoded_labels(&flat_model(decoder), &page, &outlines);
        let differ: Vec<usize> = (0..page.len()).filter(|&i| off[i] != all_on[i]).collect();
        assert_eq!(differ, changed, "{name} off");
    }
    // The same through a model's switches for one run.
    let model = flat_model(every_rule_on());
    let without = model
        .with_rules(&[("article-extent", false)])
        .expect("a rule's name");
    assert_eq!(decoded_labels(&without, &page, &outlines)[9], BODY);
    assert_eq!(without.decoder().rules.off(), ["article-extent"]);
}

#[test]
fn switches_are_checked_and_kept_in_table_order() {
    let mut switches = RuleSwitches::all_on();
    switches.set("headline-copy", false).expect("a rule");
    switches.set("section-headings", false).expect("a rule");
    assert_eq!(switches.off(), ["section-headings", "headline-copy"]);
    switches.set("section-headings", true).expect("a rule");
    assert_eq!(switches.off(), ["headline-copy"]);
    assert!(switches.set("title", false).is_err());
    // A rule cross-validation turned off has no margin to run with.
    let model = flat_model(settings(None, Some(2.0)));
    assert!(model.with_rules(&[("missed-title", true)]).is_err());
    assert!(model.with_rules(&[("section-headings", true)]).is_ok());
}

#[test]
fn switches_travel_in_the_model_file() {
    let mut decoder = every_rule_on();
    decoder.rules.set("missed-title", false).expect("a rule");
    let model = flat_model_of(&["a", "b"], decoder);
    let model = Model::from_parts(
        model.labels().clone(),
        FeatureSettings {
            hash_bits: 8,
            ..FeatureSettings::default()
        },
        model.decoder().clone(),
        vec![-(2f64).ln(); 2],
        vec![-1.0; 256 * 2],
        model.transitions().clone(),
    );
    let read = Model::from_bytes(&model.to_bytes(), "test").expect("a valid model");
    assert_eq!(read.decoder().rules.off(), ["missed-title"]);
    assert_eq!(read, model);
}

#[test]
fn a_label_set_of_its_own_says_which_rules_it_cannot_use() {
    let unusable = |names: &[&str]| -> Vec<(&str, Vec<Role>)> {
        flat_model_of(names, every_rule_on())
            .unusable_rules()
            .into_iter()
            .map(|(rule, missing)| (rule.name, missing))
            .collect()
    };
    assert_eq!(
        unusable(&["a", "b"]),
        [
            ("section-headings", vec![Role::Headline, Role::Body]),
            ("article-extent", vec![Role::Body, Role::Boilerplate]),
            ("missed-title", vec![Role::Headline, Role::Body]),
            ("headline-copy", vec![Role::Headline]),
        ]
    );
    // Quotes count as the article's text where there are any.
    assert_eq!(unusable(&["headline", "body", "boilerplate"]), []);
    assert_eq!(unusable(&STANDARD_LABELS), []);
    let no_headline = ["body", "boilerplate", "ad"];
    assert_eq!(
        unusable(&no_headline)
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>(),
        ["section-headings", "missed-title", "headline-copy"]
    );
    // The rule it can use runs: the comment after the article goes.
    let model = flat_model_of(&no_headline, every_rule_on());
    let (body, menu) = (vec![0.0, -9.0, -9.0], vec![-9.0, 0.0, -9.0]);
    let comment = vec![0.0, -3.0, -9.0];
    let page = [body, menu.clone(), menu, comment];
    let predictions = model.decode(&page, &outlines(&[900, 20, 20, 150]));
    assert_eq!(predictions[3].label, 1);
    assert_eq!(predictions[3].rule.map(|r| r.name), Some("article-extent"));
}
